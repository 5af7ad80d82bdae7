//! Ingestion: bytes from files, folders, zips or a paste → articles with
//! metadata, the same code in the CLI and the web app.
//!
//! Each input file is decoded ([`decode`]), dispatched on its extension
//! ([`formats`]), split into articles ([`split`]), and given metadata
//! ([`metadata`]) and boilerplate ranges ([`boilerplate`]). An article's
//! `text` is always a verbatim slice of the decoded input, so report offsets
//! point at the user's own words. A file that cannot be read produces one
//! [`Notice`] and nothing else; the other files still load.

pub mod boilerplate;
pub mod decode;
pub mod formats;
pub mod html;
pub mod json;
pub mod limits;
pub mod lines;
pub mod metadata;
mod phrases;
pub mod split;
pub mod zip;

pub use limits::Limits;

use crate::report::{Article, Notice};

/// One input: a path (as the user sees it, relative inside folders and zips)
/// and its raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl InputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        InputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// The result of ingestion: articles in input order plus per-file notices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bundle {
    /// Bundle title from a JSON bundle's `title` (or `event`).
    pub title: Option<String>,
    pub articles: Vec<Article>,
    pub notices: Vec<Notice>,
}

/// Name used in notices and `source_file` for pasted text.
pub const PASTE_NAME: &str = "(pasted text)";

/// Ingest files with the default [`Limits`].
pub fn ingest(files: Vec<InputFile>) -> Bundle {
    ingest_with(files, &Limits::default())
}

/// Ingest files; see the module docs.
pub fn ingest_with(files: Vec<InputFile>, limits: &Limits) -> Bundle {
    let mut bundle = Bundle::default();
    // Bytes held so far: the files as given plus every member unpacked from
    // a zip (zip::ingest adds those).
    let mut total: u64 = 0;
    for file in files {
        total += file.bytes.len() as u64;
        if total > limits.max_total_bytes {
            bundle
                .notices
                .push(Notice::error(&file.path, limits::over_total(limits)));
            continue;
        }
        formats::ingest_file(&file.path, &file.bytes, limits, 0, &mut total, &mut bundle);
    }
    finish(&mut bundle);
    bundle
}

/// Ingest pasted text (split into articles like a plain-text file).
pub fn ingest_paste(text: &str) -> Bundle {
    let mut bundle = Bundle::default();
    if text.trim().is_empty() {
        bundle
            .notices
            .push(Notice::error(PASTE_NAME, "the pasted text is empty"));
    } else {
        formats::ingest_text(
            PASTE_NAME,
            None,
            text,
            formats::TextKind::Plain,
            &mut bundle,
        );
    }
    finish(&mut bundle);
    bundle
}

/// Ingest one JSON bundle given as text (a line of `parallax batch`, or a
/// bundle piped on stdin); `name` is used in notices.
pub fn ingest_bundle_json(name: &str, text: &str) -> Bundle {
    let mut bundle = Bundle::default();
    json::ingest_json(name, text, &Limits::default(), &mut bundle);
    finish(&mut bundle);
    bundle
}

/// Merge `other` into `self`-style bundles loaded in several steps (the web
/// app adds files to what is already loaded), then re-number ids.
pub fn merge(mut a: Bundle, b: Bundle) -> Bundle {
    if a.title.is_none() {
        a.title = b.title;
    }
    a.articles.extend(b.articles);
    a.notices.extend(b.notices);
    finish(&mut a);
    a
}

/// Drop duplicate articles, give every article a unique id.
fn finish(bundle: &mut Bundle) {
    split::drop_duplicates(bundle);
    assign_ids(&mut bundle.articles);
}

/// Keep given ids (made unique), number the rest `a1`, `a2`, … by position.
fn assign_ids(articles: &mut [Article]) {
    let mut used = rustc_hash::FxHashSet::default();
    // Next suffix to try per base id, so that thousands of articles with the
    // same given id do not each retry every suffix from 2.
    let mut next: rustc_hash::FxHashMap<String, usize> = Default::default();
    for (i, a) in articles.iter_mut().enumerate() {
        let base = if a.id.trim().is_empty()
            || a.id.starts_with("a") && a.id[1..].parse::<u32>().is_ok()
        {
            format!("a{}", i + 1)
        } else {
            a.id.trim().to_string()
        };
        let mut id = base.clone();
        if !used.insert(id.clone()) {
            let n = next.entry(base.clone()).or_insert(2);
            loop {
                id = format!("{base}-{n}");
                *n += 1;
                if used.insert(id.clone()) {
                    break;
                }
            }
        }
        a.id = id;
    }
}
