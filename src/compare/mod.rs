//! Comparison tables across the articles of a bundle, computed from the
//! analysed report and stored in its `tables`. Every cell that counts or
//! quotes something carries [`SpanRef`]s back to the words it comes from.
//!
//! Tables so far: distinctive wording ([`keyness`]) and bundle hygiene
//! ([`hygiene`]: shared passages, warnings). Articles the user excluded are
//! left out.

pub mod hygiene;
pub mod keyness;
pub mod words;

use crate::report::{Report, Tables};
use serde::{Deserialize, Serialize};

/// A span of one article's text: `[start, end)` UTF-8 byte offsets into the
/// `text` of the article with id `article`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanRef {
    pub article: String,
    pub start: usize,
    pub end: usize,
}

/// Compute every comparison table for an analysed report.
pub fn tables(report: &Report) -> Tables {
    let articles: Vec<_> = report.articles.iter().filter(|a| !a.excluded).collect();
    let words: Vec<_> = articles.iter().map(|a| words::words(a)).collect();
    Tables {
        distinctive: keyness::distinctive(&articles, &words),
        shared_passages: hygiene::shared_passages(&articles, &words),
        warnings: hygiene::warnings(&articles),
    }
}
