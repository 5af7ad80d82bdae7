//! Report invariants shared by the property tests (`tests/props.rs`), the
//! bad-input suite (`tests/bad_input.rs`) and the fuzz targets (`fuzz/`,
//! included with `#[path]`): every offset is in range and on a char
//! boundary of its article's text, mentions and boilerplate ranges are
//! sorted and non-overlapping. Each check returns the first violation as a
//! message so callers can `assert!` or `panic!` with it.

#![allow(dead_code)]

use parallax::report::{Article, Report};

/// `[s, e)` is a non-empty range of `text` on char boundaries.
fn span_ok(text: &str, s: usize, e: usize) -> bool {
    s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
}

fn check_span(a: &Article, what: &str, s: usize, e: usize) -> Result<(), String> {
    if span_ok(&a.text, s, e) {
        Ok(())
    } else {
        Err(format!(
            "article {}: {what} {s}..{e} is not a range of its text ({} bytes)",
            a.id,
            a.text.len()
        ))
    }
}

/// Offsets that belong to the article alone: boilerplate, provenance spans,
/// mentions and quotes (with their speaker and cue spans).
pub fn check_article(a: &Article) -> Result<(), String> {
    let mut last = 0;
    for &[s, e] in &a.boilerplate {
        check_span(a, "boilerplate", s, e)?;
        if s < last {
            return Err(format!(
                "article {}: boilerplate not sorted/disjoint at {s}",
                a.id
            ));
        }
        last = e;
    }
    for (field, p) in &a.provenance {
        if let Some([s, e]) = p.span {
            check_span(a, &format!("provenance of {field}"), s, e)?;
        }
    }
    let mut last = 0;
    for m in &a.mentions {
        check_span(a, "mention", m.start, m.end)?;
        if m.start < last {
            return Err(format!(
                "article {}: mentions overlap or unsorted at {}",
                a.id, m.start
            ));
        }
        last = m.end;
    }
    for q in &a.quotes {
        check_span(a, "quote", q.start, q.end)?;
        for (what, s, e) in [
            ("speaker", q.speaker_start, q.speaker_end),
            ("cue", q.cue_start, q.cue_end),
        ] {
            match (s, e) {
                (Some(s), Some(e)) => check_span(a, what, s, e)?,
                (None, None) => {}
                _ => return Err(format!("article {}: {what} span half set", a.id)),
            }
        }
    }
    Ok(())
}

/// Every article, plus the spans that point into articles from outside them:
/// entity descriptions and the comparison tables' `SpanRef`s.
pub fn check_report(r: &Report) -> Result<(), String> {
    for a in &r.articles {
        check_article(a)?;
    }
    let article = |id: &str| r.articles.iter().find(|a| a.id == id);
    let check_ref = |what: &str, id: &str, s: usize, e: usize| -> Result<(), String> {
        match article(id) {
            Some(a) => check_span(a, what, s, e),
            None => Err(format!("{what} points at unknown article {id}")),
        }
    };
    for ent in &r.entities {
        for d in &ent.descriptions {
            for &[s, e] in &d.spans {
                check_ref("entity description", &d.article, s, e)?;
            }
        }
    }
    for d in &r.tables.distinctive {
        for t in &d.terms {
            for sp in &t.spans {
                check_ref("distinctive term", &sp.article, sp.start, sp.end)?;
            }
        }
    }
    for p in &r.tables.shared_passages {
        check_ref("shared passage", &p.a.article, p.a.start, p.a.end)?;
        check_ref("shared passage", &p.b.article, p.b.start, p.b.end)?;
    }
    Ok(())
}
