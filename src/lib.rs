//! Parallax: compare how news outlets report the same event.
//!
//! Data flows one way: files or pasted text → [`ingest`] (bytes → articles
//! with metadata, offsets into the verbatim text) → [`analysis`] (per-article
//! counts, and later entities and quotes) → [`compare`] (tables) →
//! [`report::Report`], the one structure the web app and the CLI read; the
//! user's corrections are a list of [`edits::Edit`] applied on top of it.
//!
//! `ingest`, `analysis`, `compare` and `report` are pure Rust with no web
//! types, so they build and are tested natively; the web app (the
//! `parallax-app` crate in app/, wasm32 only) is a thin layer over them.

#[cfg(not(target_arch = "wasm32"))]
pub mod alloc;
pub mod analysis;
pub mod compare;
pub mod edits;
pub mod example;
pub mod export;
pub mod ingest;
pub mod par;
pub mod report;
pub mod sort;

#[cfg(test)]
mod testing;

use ingest::InputFile;
use report::Report;

/// Ingest `files` and analyse them: the whole pipeline in one call.
pub fn run(files: Vec<InputFile>) -> Report {
    analysis::analyze(ingest::ingest(files))
}
