//! The binding layer: adapts `chrome.*`, messages and extension-page DOM to
//! [`crate::core`]. No decisions here: every branch that matters to a user
//! is in the core, where native tests reach it.
//!
//! Two modules are built from this crate (build.sh): the service worker's
//! (`worker` exported: the core and everything it needs), and, with the
//! `pages` feature, the extension pages' (`pages` exported: it renders the
//! views the worker computes, derives the exports other than JSON from
//! the worker's JSON export and reads import files, so of the core only
//! the export formats, the import file's reader and what they use are
//! linked into it).

mod chrome;
pub mod pages;
pub mod worker;

/// The heap allocator of both modules: talc, in place of Rust's default for
/// wasm (dlmalloc), which was 7 KB of the module (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
