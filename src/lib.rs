//! revoke-watch: a browser extension that watches whether revoking Claude Code
//! tokens, sessions and devices on claude.ai really took effect.
//!
//! The crate has two halves, and data flows through them one way:
//! page → content script (JavaScript) → service worker ([`wasm`] bindings) →
//! [`core`] (pure Rust: page reading, badge annotations, message rules) →
//! storage → badges and popup.
//!
//! [`core`] never touches a browser API and is tested natively with
//! `cargo test`. The `wasm` module exists only on `wasm32` and adapts
//! `chrome.*`, messages and the DOM of extension pages to the core; it holds
//! no judgement of its own.

// Strings are cut with `core::text::{slice, head, tail}`, never by
// indexing: an index can panic (which kills the wasm instance), and its
// panic message alone brings std's debug formatting of characters into
// the module (7.9 KB).
#![deny(clippy::string_slice)]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
