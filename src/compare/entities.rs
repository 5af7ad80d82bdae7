//! Who and what each outlet names: an entity × article matrix.
//!
//! One row per resolved entity (`report.entities`), one cell per article
//! that refers to it. A reference is a name mention (a mention resolved to
//! the entity that is not a ROLE title) or a *standalone* descriptive label
//! ("the Russian leader"); a label directly followed by a name of the same
//! entity ("Russian President Vladimir Putin") is a title and counts among
//! the cell's labels only. Each cell gives the count, the first reference
//! (offset, relative position, in title / lead), the name variants the
//! article uses (Kiev vs Kyiv) and its descriptive labels with counts, how
//! many of its quotes the entity speaks, and spans of every reference.
//!
//! Cells are sparse: an article that never refers to the entity has no cell
//! (the UI shows an empty cell; [`super::omissions`] lists who omits whom).
//! Rows are sorted by spread (articles referring), then total references.

use super::position::Layout;
use super::SpanRef;
use crate::analysis::entities::collapse_ws;
use crate::report::{Article, Entity};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One entity across the articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRow {
    /// `entities[].id`.
    pub entity: String,
    pub name: String,
    /// Entity type (`PERSON`, `ORG`, `GPE`, …).
    pub label: String,
    /// Number of articles referring to the entity.
    pub spread: usize,
    /// References over all articles.
    pub total: usize,
    /// One cell per article referring to it, in article order.
    pub cells: Vec<EntityCell>,
}

/// How one article refers to one entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityCell {
    pub article: String,
    /// References: name mentions plus standalone descriptive labels.
    pub count: usize,
    /// Name mentions alone.
    pub names: usize,
    /// The first reference.
    pub first: SpanRef,
    /// Relative position of the first reference in the text, 0 (start) … 1.
    pub position: f64,
    /// The first reference is in the title, or in the lead paragraph.
    pub in_title: bool,
    pub in_lead: bool,
    /// Quotes in this article attributed to the entity.
    pub quoted: usize,
    /// Names as written, most used first ("Kyiv" 3, "Kiev" 1).
    pub variants: Vec<Usage>,
    /// Descriptive labels ("Russian leader" 2), most used first.
    pub labels: Vec<Usage>,
    /// Every reference, in text order.
    pub mentions: Vec<SpanRef>,
}

/// A form and how often it is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub text: String,
    pub count: usize,
}

/// Counts of forms in first-use order, sorted by count (stable). A form is
/// copied into a [`Usage`] once, at its first use.
fn usages<'s>(forms: impl IntoIterator<Item = Cow<'s, str>>) -> Vec<Usage> {
    // Sized for the forms (up to the four a first push would make room
    // for): growing from empty costs more than allocating.
    let forms = forms.into_iter();
    let mut out: Vec<Usage> = Vec::with_capacity(forms.size_hint().0.min(4));
    for f in forms {
        match out.iter_mut().find(|u| u.text == f) {
            Some(u) => u.count += 1,
            None => out.push(Usage {
                text: f.into_owned(),
                count: 1,
            }),
        }
    }
    crate::sort::by_key(&mut out, |u| std::cmp::Reverse(u.count));
    out
}

/// The entity matrix.
pub fn matrix(articles: &[&Article], layouts: &[Layout], entities: &[Entity]) -> Vec<EntityRow> {
    let index: HashMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let article_index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // What one article says of each entity: name spans, label spans with
    // text, quotes. Indexed by entity and reused from article to article
    // (`touched` lists the entities the article refers to), so that no map
    // is keyed by (entity, article) and the cells come out already in
    // article order per entity, with no sort of the bundle's cells.
    #[derive(Default)]
    struct Acc<'e> {
        names: Vec<[usize; 2]>,
        labels: Vec<([usize; 2], &'e str)>,
        quoted: usize,
        touched: bool,
    }
    let mut acc: Vec<Acc> = entities.iter().map(|_| Acc::default()).collect();
    let mut touched: Vec<usize> = Vec::new();
    // Label spans by article: (entity, span, text), in entity order.
    let mut labels_of: Vec<Vec<(usize, [usize; 2], &str)>> = vec![Vec::new(); articles.len()];
    for (ei, e) in entities.iter().enumerate() {
        for d in &e.descriptions {
            let Some(&ai) = article_index.get(d.article.as_str()) else {
                continue;
            };
            for &[s, t] in &d.spans {
                if articles[ai].text.get(s..t).is_some() {
                    labels_of[ai].push((ei, [s, t], d.text.as_str()));
                }
            }
        }
    }
    // One list of cells per entity, in article order.
    let mut cells_of: Vec<Vec<EntityCell>> = entities.iter().map(|_| Vec::new()).collect();
    for (ai, a) in articles.iter().enumerate() {
        let mut touch = |acc: &mut Vec<Acc>, ei: usize| {
            if !acc[ei].touched {
                acc[ei].touched = true;
                touched.push(ei);
            }
        };
        for m in &a.mentions {
            let Some(&ei) = m.entity.as_deref().and_then(|id| index.get(id)) else {
                continue;
            };
            if m.label != "ROLE" && a.text.get(m.start..m.end).is_some() {
                touch(&mut acc, ei);
                acc[ei].names.push([m.start, m.end]);
            }
        }
        for q in &a.quotes {
            if let Some(&ei) = q.speaker.as_deref().and_then(|id| index.get(id)) {
                touch(&mut acc, ei);
                acc[ei].quoted += 1;
            }
        }
        for &(ei, span, text) in &labels_of[ai] {
            touch(&mut acc, ei);
            acc[ei].labels.push((span, text));
        }
        let text = &a.text;
        let layout = &layouts[ai];
        for &ei in &touched {
            let x = &mut acc[ei];
            x.names.sort_unstable();
            x.labels.sort_unstable();
            // A label followed (after spaces) by a name of the entity is a title.
            let standalone = x.labels.iter().map(|(s, _)| *s).filter(|&[_, e]| {
                let next = x.names.partition_point(|n| n[0] < e);
                !x.names
                    .get(next)
                    .is_some_and(|n| text.get(e..n[0]).is_some_and(|gap| gap.trim().is_empty()))
            });
            let mut refs: Vec<[usize; 2]> = x.names.iter().copied().chain(standalone).collect();
            refs.sort_unstable();
            refs.dedup();
            if let Some(&first) = refs.first() {
                let span = |[s, e]: [usize; 2]| SpanRef {
                    article: a.id.clone(),
                    start: s,
                    end: e,
                };
                cells_of[ei].push(EntityCell {
                    article: a.id.clone(),
                    count: refs.len(),
                    names: x.names.len(),
                    first: span(first),
                    position: layout.position(first[0]),
                    in_title: layout.in_title(first[0]),
                    in_lead: layout.in_lead(first[0]),
                    quoted: x.quoted,
                    variants: usages(
                        x.names
                            .iter()
                            .map(|&[s, e]| collapse_ws(text.get(s..e).unwrap_or(""))),
                    ),
                    labels: usages(x.labels.iter().map(|&(_, t)| Cow::Borrowed(t))),
                    mentions: refs.into_iter().map(span).collect(),
                });
            } // else quoted but never referred to: no cell
            x.names.clear();
            x.labels.clear();
            x.quoted = 0;
            x.touched = false;
        }
        touched.clear();
    }
    // By entity, then article.
    let mut rows: Vec<EntityRow> = Vec::new();
    for (e, cells) in entities.iter().zip(cells_of) {
        if cells.is_empty() {
            continue;
        }
        match rows.last_mut().filter(|r| r.entity == e.id) {
            Some(row) => row.cells.extend(cells),
            None => rows.push(EntityRow {
                entity: e.id.clone(),
                name: e.name.clone(),
                label: e.label.clone(),
                spread: 0,
                total: 0,
                cells,
            }),
        }
    }
    for r in &mut rows {
        r.spread = r.cells.len();
        r.total = r.cells.iter().map(|c| c.count).sum();
    }
    crate::sort::by(&mut rows, |a, b| {
        b.spread
            .cmp(&a.spread)
            .then(b.total.cmp(&a.total))
            .then_with(|| a.name.cmp(&b.name))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_ws_is_the_plain_squash() {
        use crate::analysis::entities::is_single_spaced;
        let plain = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars: Vec<char> = "aK  \t\n\u{a0}\u{2009}é".chars().collect();
        let mut rng = crate::testing::Lcg::new(13);
        let mut next = |n: usize| rng.below(n as u64) as usize;
        let mut borrowed = 0;
        for _ in 0..20_000 {
            let len = next(8);
            let s: String = (0..len).map(|_| chars[next(chars.len())]).collect();
            let got = collapse_ws(&s);
            assert_eq!(got, plain(&s), "{s:?}");
            borrowed += usize::from(matches!(got, Cow::Borrowed(_)));
        }
        assert!(borrowed > 1000, "{borrowed}");
        for s in [
            "", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u{a0}b", "é b", "é  b", "\u{1c}",
        ] {
            let plain_squashed = !s.starts_with(' ')
                && !s.ends_with(' ')
                && !s.contains("  ")
                && !s.chars().any(|c| c != ' ' && c.is_whitespace());
            assert_eq!(is_single_spaced(s), plain_squashed, "{s:?}");
        }
    }

    #[test]
    fn usages_count_forms_most_used_first() {
        let forms = ["Kyiv", "Kiev", "Kyiv", "Kyiv", "Kiev", "Kharkiv"];
        let u = usages(forms.map(Cow::Borrowed));
        let got: Vec<(&str, usize)> = u.iter().map(|u| (u.text.as_str(), u.count)).collect();
        assert_eq!(got, [("Kyiv", 3), ("Kiev", 2), ("Kharkiv", 1)]);
    }
}
