//! Comparison tables across the articles of a bundle, computed from the
//! analysed report and stored in its `tables`. Every cell that counts or
//! quotes something carries [`SpanRef`]s back to the words it comes from.
//!
//! | table (`report.tables.…`) | module | what |
//! |---|---|---|
//! | `entities` | [`entities`] | who and what each article names: entity × article cells |
//! | `quotes` | [`quotes`] | the same statement in several articles, with word diffs and flags |
//! | `voices` | [`voices`] | per article: who is quoted, how often, how many words |
//! | `numbers` | [`numbers`] | figures normalised and lined up by what they quantify |
//! | `omissions` | [`omissions`] | entities, statements and figures only some articles carry |
//! | `distinctive` | [`keyness`] | words one article (outlet, section) uses far more than the rest |
//! | `shared_passages`, `warnings` | [`hygiene`] | wire copy under two mastheads; articles that may not belong |
//!
//! Articles the user excluded are left out. Everything is computed from the
//! report alone (no web types) in roughly linear time in the bundle's size.

pub mod diff;
pub mod entities;
pub mod hygiene;
pub mod keyness;
pub mod numbers;
pub mod omissions;
pub mod position;
pub mod quotes;
pub mod voices;
pub mod words;

use crate::analysis::sentences::Segmented;
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
    tables_in(report, Vec::new())
}

/// [`tables`] with the segmentation of every article of the report
/// (`sentences::segment(&a.text, &a.boilerplate)`, in report order; when
/// there is not one per article, articles are segmented here).
pub fn tables_in(report: &Report, segs: Vec<Segmented>) -> Tables {
    let have = segs.len() == report.articles.len();
    let articles: Vec<_> = report.articles.iter().filter(|a| !a.excluded).collect();
    let words: Vec<_> = if have {
        report
            .articles
            .iter()
            .zip(&segs)
            .filter(|(a, _)| !a.excluded)
            .map(|(a, seg)| words::words_in(a, seg))
            .collect()
    } else {
        articles.iter().map(|a| words::words(a)).collect()
    };
    drop(segs);
    let ids = words::Ids::new(&words);
    let layouts: Vec<_> = articles
        .iter()
        .zip(&words)
        .map(|(a, w)| position::layout(a, w))
        .collect();
    let entities = entities::matrix(&articles, &layouts, &report.entities);
    let quotes = quotes::align_in(&articles, &words, &ids, &layouts, &report.entities);
    let numbers = numbers::numbers(&articles, &words, &layouts);
    let omissions = omissions::omissions(&articles, &layouts, &entities, &quotes, &numbers);
    Tables {
        voices: voices::voices(&articles, &words, &report.entities),
        entities,
        quotes,
        numbers,
        omissions,
        distinctive: keyness::distinctive_in(&articles, &words, &ids),
        shared_passages: hygiene::shared_passages_in(&articles, &words, &ids),
        warnings: hygiene::warnings(&articles),
    }
}
