//! Omissions: entities, statements and figures that only some articles
//! carry ("only 2 of 6 articles mention X"), ranked by how prominent they
//! are in the articles that do carry them.
//!
//! Prominence in one carrying article, summed from what a reader notices:
//!
//! | item | score |
//! |---|---|
//! | entity | `ln(1 + references)` + `(1 − position of first reference)` + 1 in the title + ½ in the lead + ½ when quoted |
//! | statement | `(1 − position)` + ½ direct + `ln(1 + words) / ln 10 × ½` + 1 in the title + ½ in the lead |
//! | figure | `(1 − position)` + `ln(1 + figures) × ½` + 1 in the title + ½ in the lead |
//!
//! The row's prominence is the mean over carrying articles. At most
//! [`MAX_ROWS`] rows are kept, most prominent first.

use super::entities::EntityRow;
use super::numbers::NumberGroup;
use super::position::{round3, Layout};
use super::quotes::QuoteGroup;
use super::SpanRef;
use crate::report::Article;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

/// Most rows listed.
pub const MAX_ROWS: usize = 300;
/// Longest quote text in a label, in characters.
const LABEL_CHARS: usize = 100;

/// Something only some articles carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Omission {
    /// `entity`, `quote` or `number`.
    pub kind: String,
    /// `entities[].id`, or the `id` of a quote group or number group.
    pub key: String,
    /// The entity's name, the statement (shortened) or what is quantified.
    pub label: String,
    /// Entity type, the statement's speaker, or the figures given.
    pub detail: String,
    /// Articles carrying it, and articles leaving it out, in article order.
    pub articles: Vec<String>,
    pub missing: Vec<String>,
    pub prominence: f64,
    /// "only 2 of 6 articles mention Jane Roe".
    pub summary: String,
    /// Its first occurrence in each carrying article.
    pub spans: Vec<SpanRef>,
}

/// `s` with its white space collapsed to single spaces, cut to
/// [`LABEL_CHARS`] characters and `…` when longer. Only the words kept are
/// visited (a quote can run to hundreds of words), and a word that fits
/// whole is copied whole: pushing character by
/// character took ≈ 0.35 M of the seed bundle's 38 M instructions (99
/// quote rows).
fn shorten(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(LABEL_CHARS + '…'.len_utf8()));
    let mut chars = 0;
    for w in s.split_whitespace() {
        let sep = usize::from(!out.is_empty());
        let len = if w.is_ascii() {
            w.len()
        } else {
            w.chars().count()
        };
        if chars + sep + len <= LABEL_CHARS {
            if sep == 1 {
                out.push(' ');
            }
            out.push_str(w);
            chars += sep + len;
            continue;
        }
        // The word that does not fit: its characters up to the limit.
        for c in (sep == 1).then_some(' ').into_iter().chain(w.chars()) {
            if chars == LABEL_CHARS {
                out.push('…');
                return out;
            }
            out.push(c);
            chars += 1;
        }
    }
    out
}

/// A row's summary, `only {k} of {n} articles ` and then `parts`, as
/// `format!` joined them but without its machinery (≈ 1,200 instructions
/// a row, ≈ 0.23 M of the seed bundle's 38 M).
fn summary(k: usize, n: usize, parts: &[&str]) -> String {
    let mut out = String::with_capacity(32 + parts.iter().map(|p| p.len()).sum::<usize>());
    out.push_str("only ");
    super::push_decimal(&mut out, k);
    out.push_str(" of ");
    super::push_decimal(&mut out, n);
    out.push_str(" articles ");
    for p in parts {
        out.push_str(p);
    }
    out
}

/// The mean of scores as they come, rounded, 0 for none (without a list
/// of them: a large bundle has thousands of candidate rows).
fn mean(scores: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut count) = (0.0, 0usize);
    for x in scores {
        sum += x;
        count += 1;
    }
    if count == 0 {
        0.0
    } else {
        round3(sum / count as f64)
    }
}

/// Omission rows from the other tables. The rows kept are written out on
/// `threads` threads ([`crate::par::map`]): each lists the articles that
/// leave it out, ≈ 90,000 article ids for BASIL's 300 articles, which took
/// ≈ 5 ms on one thread after the other tables.
pub fn omissions<'a>(
    articles: &[&Article],
    layouts: &[Layout],
    entities: &'a [EntityRow],
    quotes: &'a [QuoteGroup],
    numbers: &'a [NumberGroup],
    threads: usize,
) -> Vec<Omission> {
    let n = articles.len();
    if n < 2 {
        return Vec::new();
    }
    let index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // Each article's id as an index (that of the last article with the id).
    let canonical: Vec<usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| index.get(a.id.as_str()).copied().unwrap_or(i))
        .collect();
    let place = |s: &SpanRef| -> f64 {
        index.get(s.article.as_str()).map_or(0.0, |&i| {
            let l = &layouts[i];
            (1.0 - l.position(s.start))
                + if l.in_title(s.start) { 1.0 } else { 0.0 }
                + if l.in_lead(s.start) { 0.5 } else { 0.0 }
        })
    };
    // Every candidate row's prominence first; the rows themselves (labels,
    // summaries, spans) only for the MAX_ROWS kept: a large bundle has
    // thousands of candidates.
    enum Source<'a> {
        Entity(&'a EntityRow),
        Quote(&'a QuoteGroup),
        Number(&'a NumberGroup),
    }
    // A quote group's first member in each carrying article.
    let firsts = |g: &'a QuoteGroup| {
        g.articles
            .iter()
            .filter_map(|id| g.members.iter().find(|m| &m.article == id))
    };
    let mut rows: Vec<(Source, f64, usize)> = Vec::new();
    for r in entities.iter().filter(|r| r.spread < n) {
        let scores = r.cells.iter().map(|c| {
            (1.0 + c.count as f64).ln()
                + (1.0 - c.position)
                + if c.in_title { 1.0 } else { 0.0 }
                + if c.in_lead { 0.5 } else { 0.0 }
                + if c.quoted > 0 { 0.5 } else { 0.0 }
        });
        rows.push((Source::Entity(r), mean(scores), r.cells.len()));
    }
    for g in quotes.iter().filter(|g| g.articles.len() < n) {
        let scores = firsts(g).map(|m| {
            place(&m.span)
                + if m.kind == "direct" { 0.5 } else { 0.0 }
                + (1.0 + m.words as f64).ln() / 10f64.ln() * 0.5
        });
        rows.push((Source::Quote(g), mean(scores), g.articles.len()));
    }
    for g in numbers.iter().filter(|g| g.articles.len() < n) {
        let scores = g.articles.iter().filter_map(|id| {
            let mut facts = g.facts.iter().filter(|f| &f.article == id);
            let first = facts.next()?;
            let count = 1 + facts.count();
            Some(place(&first.span) + (1.0 + count as f64).ln() * 0.5)
        });
        rows.push((Source::Number(g), mean(scores), g.articles.len()));
    }
    crate::sort::by(&mut rows, |a, b| b.1.total_cmp(&a.1).then(b.2.cmp(&a.2)));
    rows.truncate(MAX_ROWS);
    crate::par::map(threads, rows, |(source, prominence, _)| {
        let mut o = match source {
            Source::Entity(r) => Omission {
                kind: "entity".into(),
                key: r.entity.clone(),
                label: r.name.clone(),
                detail: r.label.clone(),
                missing: Vec::new(),
                prominence,
                summary: summary(r.spread, n, &["mention ", &r.name]),
                spans: r.cells.iter().map(|c| c.first.clone()).collect(),
                articles: r.cells.iter().map(|c| c.article.clone()).collect(),
            },
            Source::Quote(g) => {
                let k = g.articles.len();
                let short = shorten(&g.text);
                Omission {
                    kind: "quote".into(),
                    key: g.id.clone(),
                    detail: g.speaker_name.clone(),
                    missing: Vec::new(),
                    prominence,
                    summary: match g.speaker {
                        Some(_) => summary(
                            k,
                            n,
                            &[
                                "carry this statement by ",
                                &g.speaker_name,
                                ": “",
                                &short,
                                "”",
                            ],
                        ),
                        None => {
                            summary(k, n, &["carry this unattributed statement: “", &short, "”"])
                        }
                    },
                    label: short,
                    spans: firsts(g).map(|m| m.span.clone()).collect(),
                    articles: g.articles.clone(),
                }
            }
            Source::Number(g) => {
                let k = g.articles.len();
                let detail = g.values.join("; ");
                Omission {
                    kind: "number".into(),
                    key: g.id.clone(),
                    label: g.thing.clone(),
                    missing: Vec::new(),
                    prominence,
                    summary: summary(k, n, &["give a figure for ", &g.thing, " (", &detail, ")"]),
                    detail,
                    spans: g
                        .articles
                        .iter()
                        .filter_map(|id| g.facts.iter().find(|f| &f.article == id))
                        .map(|f| f.span.clone())
                        .collect(),
                    articles: g.articles.clone(),
                }
            }
        };
        // Who leaves the row out: the articles whose id is none of the
        // carrying ones, marked by the index of their id (a few hashes per
        // row, not one per article; the list sized at once, not grown).
        let mut carried = vec![false; n];
        for id in &o.articles {
            if let Some(&i) = index.get(id.as_str()) {
                carried[i] = true;
            }
        }
        o.missing = Vec::with_capacity(n.saturating_sub(o.articles.len()));
        o.missing.extend(
            articles
                .iter()
                .zip(&canonical)
                .filter(|&(_, &i)| !carried[i])
                .map(|(a, _)| a.id.clone()),
        );
        o
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `shorten` gave before it stopped at the characters it keeps:
    /// every word joined, then cut.
    fn shorten_whole(s: &str) -> String {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        match s.char_indices().nth(LABEL_CHARS) {
            Some((i, _)) => format!("{}…", &s[..i]),
            None => s,
        }
    }

    #[test]
    fn shorten_collapses_and_cuts_as_joining_every_word_did() {
        let word = |n: usize, c: char| std::iter::repeat_n(c, n).collect::<String>();
        let mut cases = vec![
            String::new(),
            "   \t\n ".to_string(),
            "  Plain   words,\tspread\nover lines.  ".to_string(),
            "word ".repeat(60),
            "Déjà vu — “quoted” ".repeat(12),
            "\u{00a0}no-break\u{2003}spaces\u{3000}too ".repeat(9),
            "v\u{0b}t\u{0c}f\u{85}n\u{1c}s\u{2028}l\u{1f}u\r ".repeat(9),
            "\u{85}\u{a0} é\u{2029}".to_string(),
        ];
        // Exactly at the limit, one over, one under; the cut on a space
        // and on a character of several bytes.
        for n in [LABEL_CHARS - 1, LABEL_CHARS, LABEL_CHARS + 1] {
            cases.push(word(n, 'a'));
            cases.push(word(n, 'é'));
            cases.push(format!("{} {}", word(n - 1, 'x'), word(3, 'ж')));
            cases.push(format!("{}  {}", word(n, 'y'), "tail"));
        }
        for s in &cases {
            assert_eq!(shorten(s), shorten_whole(s), "{s:?}");
        }
        assert_eq!(shorten("  a  b  "), "a b");
        assert!(shorten(&"word ".repeat(60)).ends_with('…'));
    }

    #[test]
    fn summaries_are_the_formatted_ones() {
        for (k, n) in [(0, 1), (1, 6), (9, 10), (10, 300), (123, 4567)] {
            assert_eq!(
                summary(k, n, &["mention ", "Jane Roe"]),
                format!("only {k} of {n} articles mention Jane Roe")
            );
            assert_eq!(
                summary(k, n, &["carry this statement by ", "X", ": “", "y", "”"]),
                format!("only {k} of {n} articles carry this statement by X: “y”")
            );
        }
        let mut s = String::new();
        super::super::push_decimal(&mut s, usize::MAX);
        assert_eq!(s, usize::MAX.to_string());
    }
}
