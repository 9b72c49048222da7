//! The binding layer: adapts `chrome.*`, messages and extension-page DOM to
//! [`crate::core`]. No decisions here: every branch that matters to a user
//! is in the core, where native tests reach it.

mod chrome;
pub mod pages;
pub mod worker;
