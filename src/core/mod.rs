//! The pure core: everything revoke-watch decides, with no browser API in
//! sight. Time is always passed in ([`time::Clock`]); nothing here reads a
//! clock, the network or storage.

pub mod annotate;
pub mod decimal;
pub mod export;
pub mod identity;
pub mod json;
pub mod ledger;
pub mod lookup;
pub mod lowercase;
pub mod messages;
pub mod page;
pub mod phrases;
pub mod reminders;
pub mod sort;
pub mod storage;
pub mod strmap;
pub mod text;
pub mod time;
pub mod timeline;
pub mod tree;
pub mod ui;
pub mod vecs;
pub mod worker;

/// The product version, shown in the popup and carried in every answer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
