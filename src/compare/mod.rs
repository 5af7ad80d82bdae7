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
use crate::report::{Article, Report, Tables};
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
    tables_from(report, segs, true)
}

/// [`tables_in`] but for the [`TextPart`], whose tables are left empty:
/// for the browser's assembling worker when another worker computes that
/// part from the articles' text meanwhile ([`TextPart::of`]; the report
/// is complete once [`Tables::set_text`] has added it).
pub fn tables_except_text(report: &Report, segs: Vec<Segmented>) -> Tables {
    tables_from(report, segs, false)
}

fn tables_from(report: &Report, segs: Vec<Segmented>, with_text: bool) -> Tables {
    let words = included_words(&report.articles, &segs);
    drop(segs);
    let ids = words::Ids::new(&words);
    let articles = included(&report.articles);
    let text = TextTables {
        layouts: layouts(&articles, &words),
        part: if with_text {
            TextPart::new(&articles, &words, &ids)
        } else {
            TextPart::default()
        },
    };
    tables_with(report, &words, &ids, text, 1)
}

/// `n` in decimal onto `out`, without the formatting machinery (a few
/// hundred instructions a number; ids and summaries have thousands).
pub(crate) fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// `prefix` followed by `n` in decimal (`q12`, `n3`, `e7`: the ids of
/// quote and number groups and of entities), without the formatting
/// machinery (a few hundred instructions per id).
pub(crate) fn numbered(prefix: char, n: usize) -> String {
    // (Room for the longest number: one allocation.)
    let mut out = String::with_capacity(prefix.len_utf8() + 20);
    out.push(prefix);
    push_decimal(&mut out, n);
    out
}

/// The articles of `all` that take part in the comparison (not excluded).
pub fn included(all: &[Article]) -> Vec<&Article> {
    all.iter().filter(|a| !a.excluded).collect()
}

/// The [`words::words`] of each article of [`included`]`(all)`, from the
/// segmentation of every article of `all` (in order; when there is not one
/// per article, articles are segmented here).
pub fn included_words<'a>(all: &'a [Article], segs: &[Segmented]) -> Vec<Vec<words::Word<'a>>> {
    if segs.len() == all.len() {
        all.iter()
            .zip(segs)
            .filter(|(a, _)| !a.excluded)
            .map(|(a, seg)| words::words_in(a, seg))
            .collect()
    } else {
        included(all).into_iter().map(words::words).collect()
    }
}

/// What of the tables reads only the articles' text and metadata (the
/// layouts the other tables rank by, and the [`TextPart`]): never their
/// mentions or quotes nor the bundle's entities, which entity resolution
/// and speaker linking write. It can thus be computed while those run, on
/// copies of the articles without mentions and quotes
/// (`analysis::analyze_parallel`); `numbers` (mention labels), `warnings`
/// (mentions' entities) and the rest cannot.
pub struct TextTables {
    /// One per included article, in order.
    pub layouts: Vec<position::Layout>,
    pub part: TextPart,
}

impl TextTables {
    /// The text-only tables of the included `articles`, with their
    /// [`included_words`] and the ids of those words; the two tables side
    /// by side when `threads` > 1 ([`TextPart::new_threads`]).
    pub fn new(
        articles: &[&Article],
        words: &[Vec<words::Word>],
        ids: &words::Ids,
        threads: usize,
    ) -> Self {
        TextTables {
            layouts: layouts(articles, words),
            part: TextPart::new_threads(articles, words, ids, threads),
        }
    }
}

/// The layout of each of the included `articles`, from their words.
fn layouts(articles: &[&Article], words: &[Vec<words::Word>]) -> Vec<position::Layout> {
    articles
        .iter()
        .zip(words)
        .map(|(a, w)| position::layout(a, w))
        .collect()
}

/// The tables that need nothing the analysis adds to an article:
/// distinctive wording and shared passages read the text, the boilerplate
/// and the metadata only. The browser's workers compute them from the
/// articles as they were ingested ([`TextPart::of`]) on a worker that has
/// no chunk left, while another resolves the bundle's entities and
/// computes the other tables ([`tables_except_text`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TextPart {
    pub distinctive: Vec<keyness::Distinctive>,
    pub shared_passages: Vec<hygiene::SharedPassage>,
}

impl TextPart {
    /// From the included `articles`, their [`included_words`] and the ids
    /// of those words.
    pub fn new(articles: &[&Article], words: &[Vec<words::Word>], ids: &words::Ids) -> Self {
        TextPart::new_threads(articles, words, ids, 1)
    }

    /// [`TextPart::new`], the two tables side by side when `threads` > 1
    /// ([`crate::par::join`]): natively they are computed beside entity
    /// resolution (`analysis::analyze_parallel`), and whichever side
    /// finishes first takes the other's remaining half (on BASIL the sides
    /// ended up to ≈ 15 ms apart).
    pub fn new_threads(
        articles: &[&Article],
        words: &[Vec<words::Word>],
        ids: &words::Ids,
        threads: usize,
    ) -> Self {
        let (distinctive, shared_passages) = crate::par::join(
            threads,
            || keyness::distinctive_in(articles, words, ids),
            || hygiene::shared_passages_in(articles, words, ids),
        );
        TextPart {
            distinctive,
            shared_passages,
        }
    }

    /// From all the bundle's articles, in report order, analysed or not
    /// (the included ones are segmented here).
    pub fn of(all: &[Article]) -> Self {
        let words = included_words(all, &[]);
        let ids = words::Ids::new(&words);
        TextPart::new(&included(all), &words, &ids)
    }
}

impl Tables {
    /// Put in the [`TextPart`] that [`tables_except_text`] left out.
    pub fn set_text(&mut self, part: TextPart) {
        self.distinctive = part.distinctive;
        self.shared_passages = part.shared_passages;
    }
}

/// Every table of a report whose entities are resolved and speakers
/// linked, from the [`included_words`] of its articles, their ids and the
/// [`TextTables`] (words and text tables may come from copies of the
/// articles: they read only what the copies share with the report). With
/// `threads` > 1 the quotes are aligned while the entity, number and
/// voice tables are computed ([`crate::par::join`]; on
/// BASIL's 300 articles ≈ 17 ms against ≈ 15 ms natively); the omissions
/// need all three. The voices and warnings are a part of their own, which
/// the thread that aligned the quotes takes when it is done first (on the
/// seed bundle it finished ≈ 0.1 ms before the other three tables and
/// then waited: ≈ 0.16 ms against ≈ 0.26 ms).
pub fn tables_with(
    report: &Report,
    words: &[Vec<words::Word>],
    ids: &words::Ids,
    text: TextTables,
    threads: usize,
) -> Tables {
    let articles = included(&report.articles);
    let layouts = text.layouts;
    let (((entities, numbers), (voices, warnings)), quotes) = crate::par::join(
        threads,
        || {
            crate::par::join(
                threads,
                || {
                    (
                        entities::matrix(&articles, &layouts, &report.entities),
                        numbers::numbers(&articles, words, &layouts),
                    )
                },
                || {
                    (
                        voices::voices(&articles, words, &report.entities),
                        hygiene::warnings(&articles),
                    )
                },
            )
        },
        || quotes::align_in(&articles, words, ids, &layouts, &report.entities),
    );
    let omissions =
        omissions::omissions(&articles, &layouts, &entities, &quotes, &numbers, threads);
    Tables {
        voices,
        entities,
        quotes,
        numbers,
        omissions,
        distinctive: text.part.distinctive,
        shared_passages: text.part.shared_passages,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_is_formatted() {
        for n in [0, 1, 9, 10, 99, 100, 4515, 1_000_000, usize::MAX] {
            assert_eq!(numbered('q', n), format!("q{n}"));
            assert_eq!(numbered('n', n), format!("n{n}"));
        }
    }
}
