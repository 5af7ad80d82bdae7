//! Report → CSV and Markdown, shared by the CLI (`--format csv|md`) and the
//! web app's downloads. CSV is RFC 4180 via the `csv` crate, with a UTF-8
//! BOM so spreadsheets open accented names correctly; every table is in
//! long form (one row per cell, wording or figure, ids repeated) so it
//! filters and pivots cleanly, with `yes`/`no` flags and `Kyiv×3; Kiev`
//! lists. The Markdown report summarises each comparison table.

use crate::report::{Article, Level, Report};

/// Columns of the article table, in order.
pub const ARTICLE_COLUMNS: [&str; 14] = [
    "id",
    "source_file",
    "part",
    "title",
    "outlet",
    "date",
    "byline",
    "section",
    "url",
    "words",
    "sentences",
    "paragraphs",
    "mentions",
    "quotes",
];

fn article_row(a: &Article) -> [String; 14] {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        a.id.clone(),
        o(&a.source_file),
        a.part.to_string(),
        o(&a.title),
        o(&a.outlet),
        o(&a.date),
        o(&a.byline),
        o(&a.section),
        o(&a.url),
        a.stats.words.to_string(),
        a.stats.sentences.to_string(),
        a.stats.paragraphs.to_string(),
        a.mentions.len().to_string(),
        a.quotes.len().to_string(),
    ]
}

/// The article table as CSV (with a UTF-8 byte-order mark).
pub fn articles_csv(report: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail; errors would only come from I/O.
    let _ = w.write_record(ARTICLE_COLUMNS);
    for a in &report.articles {
        let _ = w.write_record(article_row(a));
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// Tables that can be written as CSV, by name.
pub const CSV_TABLES: [&str; 9] = [
    "articles",
    "entities",
    "quotes",
    "voices",
    "numbers",
    "omissions",
    "distinctive",
    "passages",
    "warnings",
];

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn opt(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// "Kyiv×3; Kiev" — forms with their counts.
fn usages(list: &[crate::compare::entities::Usage]) -> String {
    list.iter()
        .map(|u| {
            if u.count > 1 {
                format!("{}×{}", u.text, u.count)
            } else {
                u.text.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A diff as text: `[-left out-]` and `{+added+}` around changed words.
pub fn diff_text(diff: &[crate::compare::quotes::DiffOp]) -> String {
    use crate::compare::diff::Op;
    diff.iter()
        .map(|d| match d.op {
            Op::Equal => d.text.clone(),
            Op::Insert => format!("{{+{}+}}", d.text),
            Op::Delete => format!("[-{}-]", d.text),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One table as CSV (with a UTF-8 byte-order mark), or `None` for an
/// unknown table name.
pub fn table_csv(report: &Report, table: &str) -> Option<String> {
    let rows: Vec<Vec<String>> = match table {
        "articles" => return Some(articles_csv(report)),
        "entities" => {
            let mut rows = vec![header(&[
                "entity",
                "name",
                "type",
                "spread",
                "total",
                "article",
                "count",
                "names",
                "first_start",
                "first_end",
                "position",
                "in_title",
                "in_lead",
                "quoted",
                "variants",
                "labels",
            ])];
            for r in &report.tables.entities {
                for c in &r.cells {
                    rows.push(vec![
                        r.entity.clone(),
                        r.name.clone(),
                        r.label.clone(),
                        r.spread.to_string(),
                        r.total.to_string(),
                        c.article.clone(),
                        c.count.to_string(),
                        c.names.to_string(),
                        c.first.start.to_string(),
                        c.first.end.to_string(),
                        c.position.to_string(),
                        yes(c.in_title),
                        yes(c.in_lead),
                        c.quoted.to_string(),
                        usages(&c.variants),
                        usages(&c.labels),
                    ]);
                }
            }
            rows
        }
        "quotes" => {
            let mut rows = vec![header(&[
                "group",
                "speaker",
                "speaker_name",
                "articles",
                "carried",
                "total",
                "only_in_some",
                "cut",
                "words_changed",
                "different_speakers",
                "exclusive",
                "article",
                "quote",
                "kind",
                "member_speaker",
                "start",
                "end",
                "reference",
                "member_cut",
                "member_words_changed",
                "overlap",
                "text",
                "diff",
            ])];
            for g in &report.tables.quotes {
                for (k, m) in g.members.iter().enumerate() {
                    rows.push(vec![
                        g.id.clone(),
                        g.speaker.clone().unwrap_or_default(),
                        g.speaker_name.clone(),
                        g.articles.join(" "),
                        g.articles.len().to_string(),
                        g.total.to_string(),
                        yes(g.only_in_some),
                        yes(g.cut),
                        yes(g.words_changed),
                        yes(g.different_speakers),
                        yes(g.exclusive),
                        m.article.clone(),
                        m.quote.to_string(),
                        m.kind.clone(),
                        m.speaker.clone().unwrap_or_default(),
                        m.span.start.to_string(),
                        m.span.end.to_string(),
                        yes(k == g.reference),
                        yes(m.cut),
                        yes(m.words_changed),
                        m.overlap.to_string(),
                        m.text.clone(),
                        diff_text(&m.diff),
                    ]);
                }
            }
            rows
        }
        "voices" => {
            let mut rows = vec![header(&[
                "article",
                "speaker",
                "name",
                "quotes",
                "words",
                "direct",
                "partial",
                "indirect",
                "share",
                "article_quotes",
                "article_words",
            ])];
            for a in &report.tables.voices {
                for v in &a.voices {
                    rows.push(vec![
                        a.article.clone(),
                        v.speaker.clone().unwrap_or_default(),
                        v.name.clone(),
                        v.quotes.to_string(),
                        v.words.to_string(),
                        v.direct.to_string(),
                        v.partial.to_string(),
                        v.indirect.to_string(),
                        v.share.to_string(),
                        a.quotes.to_string(),
                        a.words.to_string(),
                    ]);
                }
            }
            rows
        }
        "numbers" => {
            let mut rows = vec![header(&[
                "group",
                "thing",
                "dimension",
                "unit",
                "articles",
                "differs",
                "conflict",
                "article",
                "start",
                "end",
                "text",
                "label",
                "qualifier",
                "value",
                "unit_as_written",
                "base_value",
                "low",
                "high",
                "date",
                "normalised",
                "context",
            ])];
            for g in &report.tables.numbers {
                for f in &g.facts {
                    rows.push(vec![
                        g.id.clone(),
                        g.thing.clone(),
                        g.dimension.clone(),
                        g.unit.clone(),
                        g.articles.join(" "),
                        yes(g.differs),
                        yes(g.conflict),
                        f.article.clone(),
                        f.span.start.to_string(),
                        f.span.end.to_string(),
                        f.text.clone(),
                        f.label.clone(),
                        f.qualifier.clone().unwrap_or_default(),
                        f.value.to_string(),
                        f.unit.clone(),
                        f.base_value.to_string(),
                        opt(f.low),
                        opt(f.high),
                        f.date.clone().unwrap_or_default(),
                        f.normalised.clone(),
                        f.context.clone(),
                    ]);
                }
            }
            rows
        }
        "omissions" => {
            let mut rows = vec![header(&[
                "kind",
                "key",
                "label",
                "detail",
                "carried",
                "total",
                "articles",
                "missing",
                "prominence",
                "summary",
            ])];
            for o in &report.tables.omissions {
                rows.push(vec![
                    o.kind.clone(),
                    o.key.clone(),
                    o.label.clone(),
                    o.detail.clone(),
                    o.articles.len().to_string(),
                    (o.articles.len() + o.missing.len()).to_string(),
                    o.articles.join(" "),
                    o.missing.join(" "),
                    o.prominence.to_string(),
                    o.summary.clone(),
                ]);
            }
            rows
        }
        "distinctive" => {
            let mut rows = vec![[
                "group",
                "key",
                "articles",
                "term",
                "count",
                "rest_count",
                "log_odds",
                "z",
                "first_use",
            ]
            .map(String::from)
            .to_vec()];
            for g in &report.tables.distinctive {
                for t in &g.terms {
                    rows.push(vec![
                        g.group.clone(),
                        g.key.clone(),
                        g.articles.join(" "),
                        t.text.clone(),
                        t.count.to_string(),
                        t.rest_count.to_string(),
                        t.log_odds.to_string(),
                        t.z.to_string(),
                        t.spans
                            .first()
                            .map(|s| format!("{}:{}-{}", s.article, s.start, s.end))
                            .unwrap_or_default(),
                    ]);
                }
            }
            rows
        }
        "passages" => {
            let mut rows = vec![[
                "article_a",
                "start_a",
                "end_a",
                "article_b",
                "start_b",
                "end_b",
                "words",
                "text",
            ]
            .map(String::from)
            .to_vec()];
            for p in &report.tables.shared_passages {
                rows.push(vec![
                    p.a.article.clone(),
                    p.a.start.to_string(),
                    p.a.end.to_string(),
                    p.b.article.clone(),
                    p.b.start.to_string(),
                    p.b.end.to_string(),
                    p.words.to_string(),
                    p.text.clone(),
                ]);
            }
            rows
        }
        "warnings" => {
            let mut rows = vec![["kind", "articles", "message"].map(String::from).to_vec()];
            for w in &report.tables.warnings {
                rows.push(vec![
                    w.kind.clone(),
                    w.articles.join(" "),
                    w.message.clone(),
                ]);
            }
            rows
        }
        _ => return None,
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let _ = w.write_record(row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    Some(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

/// A Markdown table cell: pipes escaped, one line.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Rows listed per section of the Markdown report.
const MD_ROWS: usize = 25;

/// Entity × article matrix (article columns up to [`MD_MATRIX_COLUMNS`]
/// articles, else one list per row), then the descriptive labels.
const MD_MATRIX_COLUMNS: usize = 8;

fn md_entities(report: &Report, md: &mut String) {
    let rows = &report.tables.entities;
    if rows.is_empty() {
        return;
    }
    let ids: Vec<&str> = report
        .articles
        .iter()
        .filter(|a| !a.excluded)
        .map(|a| a.id.as_str())
        .collect();
    let n = ids.len();
    md.push_str("\n## Who and what each outlet names\n\nReferences per article (names and standalone labels); the name used when outlets spell it differently.\n\n");
    let matrix = n <= MD_MATRIX_COLUMNS;
    if matrix {
        md.push_str(&format!(
            "| Entity | Type | In | {} |\n|---|---|---:|{}\n",
            ids.join(" | "),
            "---|".repeat(n)
        ));
    } else {
        md.push_str("| Entity | Type | In | References |\n|---|---|---:|---|\n");
    }
    for r in rows.iter().take(MD_ROWS) {
        let mut forms: Vec<&str> = r
            .cells
            .iter()
            .filter_map(|c| c.variants.first())
            .map(|u| u.text.as_str())
            .collect();
        forms.sort_unstable();
        forms.dedup();
        let show = |c: &crate::compare::entities::EntityCell| match c.variants.first() {
            Some(v) if forms.len() > 1 => format!("{} {}", c.count, v.text),
            _ => c.count.to_string(),
        };
        let cells: Vec<String> = if matrix {
            ids.iter()
                .map(|id| {
                    r.cells
                        .iter()
                        .find(|c| c.article == *id)
                        .map(show)
                        .unwrap_or_else(|| "·".into())
                })
                .map(|c| cell(&c))
                .collect()
        } else {
            vec![cell(
                &r.cells
                    .iter()
                    .map(|c| format!("{} {}", c.article, show(c)))
                    .collect::<Vec<_>>()
                    .join(", "),
            )]
        };
        md.push_str(&format!(
            "| {} | {} | {}/{n} | {} |\n",
            cell(&r.name),
            r.label,
            r.spread,
            cells.join(" | ")
        ));
    }
    let labelled: Vec<_> = rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.labels.is_empty()))
        .take(MD_ROWS)
        .collect();
    if !labelled.is_empty() {
        md.push_str("\n### Descriptive labels\n\n");
        for r in labelled {
            let per: Vec<String> = r
                .cells
                .iter()
                .filter(|c| !c.labels.is_empty())
                .map(|c| format!("{}: {}", c.article, usages(&c.labels)))
                .collect();
            md.push_str(&format!(
                "- **{}** — {}\n",
                cell(&r.name),
                cell(&per.join("; "))
            ));
        }
    }
}

fn md_quotes(report: &Report, md: &mut String) {
    let groups = &report.tables.quotes;
    let shared: Vec<_> = groups
        .iter()
        .filter(|g| g.articles.len() > 1)
        .take(MD_ROWS)
        .collect();
    if !shared.is_empty() {
        md.push_str("\n## Quotes across articles\n\nThe same statement in several articles, against its fullest wording; `[-left out-]`, `{+added+}`.\n\n");
        for g in shared {
            let mut flags = Vec::new();
            if g.cut {
                flags.push("cut");
            }
            if g.words_changed {
                flags.push("words changed");
            }
            if g.different_speakers {
                flags.push("different speakers");
            }
            let flags = if flags.is_empty() {
                String::new()
            } else {
                format!(" — {}", flags.join(", "))
            };
            md.push_str(&format!(
                "- **{}** {} in {} of {} ({}){flags}; fullest in {}: “{}”\n",
                g.id,
                cell(&g.speaker_name),
                g.articles.len(),
                g.total,
                g.articles.join(", "),
                g.members
                    .get(g.reference)
                    .map_or("", |m| m.article.as_str()),
                cell(&g.text)
            ));
            for (k, m) in g.members.iter().enumerate() {
                if k == g.reference {
                    continue;
                }
                let (note, how) = match (m.cut, m.words_changed) {
                    (true, _) => ("cut", m.text.clone()),
                    (_, true) => ("changed", diff_text(&m.diff)),
                    _ if m.kind == "indirect" => ("paraphrase", m.text.clone()),
                    _ => ("same words", String::new()),
                };
                let how = if how.is_empty() {
                    String::new()
                } else {
                    format!(": {}", cell(&how))
                };
                md.push_str(&format!("  - {} {} ({note}){how}\n", m.article, m.kind));
            }
        }
    }
    let only: Vec<_> = groups.iter().filter(|g| g.exclusive).collect();
    if !only.is_empty() {
        md.push_str(&format!("\n### Carried by one article only\n\n{} statements by speakers other articles quote too; the longest:\n\n", only.len()));
        let mut longest = only;
        crate::sort::by_key(&mut longest, |g| {
            std::cmp::Reverse(g.members.get(g.reference).map_or(0, |m| m.words))
        });
        for g in longest.into_iter().take(MD_ROWS / 2) {
            md.push_str(&format!(
                "- {} in {} (also quoted by {}): “{}”\n",
                cell(&g.speaker_name),
                g.articles.join(", "),
                g.speaker_articles
                    .iter()
                    .filter(|a| !g.articles.contains(a))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                cell(&g.text)
            ));
        }
    }
}

fn md_voices(report: &Report, md: &mut String) {
    let v = &report.tables.voices;
    if v.iter().all(|a| a.voices.is_empty()) {
        return;
    }
    md.push_str("\n## Voice share\n\nWho each article quotes: share of its quoted words (quotes: direct/partial/indirect).\n\n| Article | Quotes | Words | Voices |\n|---|---:|---:|---|\n");
    for a in v {
        let voices: Vec<String> = a
            .voices
            .iter()
            .take(6)
            .map(|x| {
                format!(
                    "{} {:.0}% ({}: {}/{}/{})",
                    x.name,
                    x.share * 100.0,
                    x.quotes,
                    x.direct,
                    x.partial,
                    x.indirect
                )
            })
            .collect();
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&a.article),
            a.quotes,
            a.words,
            cell(&voices.join(", "))
        ));
    }
}

fn md_numbers(report: &Report, md: &mut String) {
    let groups = &report.tables.numbers;
    if groups.is_empty() {
        return;
    }
    md.push_str("\n## Numbers and facts\n\nFigures lined up by what they quantify; *conflict*: two articles give figures that cannot both be right.\n\n| Thing | Kind | Figures | Check |\n|---|---|---|---|\n");
    for g in groups.iter().take(MD_ROWS) {
        let figures: Vec<String> = g
            .facts
            .iter()
            .map(|f| format!("{} “{}” ({})", f.article, f.text, f.normalised))
            .collect();
        let check = if g.conflict {
            "conflict"
        } else if g.differs {
            "differs"
        } else {
            ""
        };
        md.push_str(&format!(
            "| {} | {} | {} | {check} |\n",
            cell(&g.thing),
            g.dimension,
            cell(&figures.join("; "))
        ));
    }
}

fn md_omissions(report: &Report, md: &mut String) {
    let rows = &report.tables.omissions;
    if rows.is_empty() {
        return;
    }
    md.push_str("\n## Omissions\n\nWhat only some articles carry, most prominent first (prominence in the articles that carry it).\n\n| Kind | What | Carried by | Left out by | Prominence |\n|---|---|---|---|---:|\n");
    for o in rows.iter().take(MD_ROWS) {
        let what = match o.kind.as_str() {
            "quote" => format!("{}: “{}”", o.detail, o.label),
            "number" => format!("{} ({})", o.label, o.detail),
            _ => o.label.clone(),
        };
        md.push_str(&format!(
            "| {} | {} | {} of {} ({}) | {} | {:.2} |\n",
            o.kind,
            cell(&what),
            o.articles.len(),
            o.articles.len() + o.missing.len(),
            o.articles.join(", "),
            if o.missing.len() <= MD_MATRIX_COLUMNS {
                o.missing.join(", ")
            } else {
                format!("{} articles", o.missing.len())
            },
            o.prominence
        ));
    }
}

/// A Markdown summary: the article table, the comparison tables and the
/// notices.
pub fn markdown(report: &Report) -> String {
    let mut md = String::new();
    md.push_str(&format!(
        "# {}\n\n",
        report.title.as_deref().unwrap_or("Parallax report")
    ));
    md.push_str(&format!("{} articles.\n\n", report.articles.len()));
    md.push_str("| # | Title | Outlet | Date | Section | Source | Words |\n|---|---|---|---|---|---|---:|\n");
    for a in &report.articles {
        let source = match &a.source_file {
            Some(f) if a.part > 1 => format!("{f} (part {})", a.part),
            Some(f) => f.clone(),
            None => "(pasted text)".into(),
        };
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            cell(&a.id),
            cell(a.title.as_deref().unwrap_or("(untitled)")),
            cell(a.outlet.as_deref().unwrap_or("—")),
            cell(a.date.as_deref().unwrap_or("—")),
            cell(a.section.as_deref().unwrap_or("—")),
            cell(&source),
            a.stats.words
        ));
    }
    let t = &report.tables;
    if !t.warnings.is_empty() {
        md.push_str("\n## Check the bundle\n\n");
        for w in &t.warnings {
            md.push_str(&format!("- {}\n", cell(&w.message)));
        }
    }
    md_entities(report, &mut md);
    md_quotes(report, &mut md);
    md_voices(report, &mut md);
    md_numbers(report, &mut md);
    md_omissions(report, &mut md);
    if !t.distinctive.is_empty() {
        md.push_str("\n## Distinctive wording\n\nWords and phrases used far more than in the rest of the bundle (log-odds z-score; uses here / elsewhere).\n\n| Group | Terms |\n|---|---|\n");
        for g in &t.distinctive {
            let terms: Vec<String> = g
                .terms
                .iter()
                .take(10)
                .map(|x| format!("{} ({}/{}, z {:.1})", x.text, x.count, x.rest_count, x.z))
                .collect();
            md.push_str(&format!(
                "| {} {} | {} |\n",
                g.group,
                cell(&g.key),
                cell(&terms.join(", "))
            ));
        }
    }
    if !t.shared_passages.is_empty() {
        md.push_str("\n## Passages shared word for word\n\n| Articles | Words | Passage |\n|---|---:|---|\n");
        for p in &t.shared_passages {
            md.push_str(&format!(
                "| {} & {} | {} | {} |\n",
                p.a.article,
                p.b.article,
                p.words,
                cell(&p.text)
            ));
        }
    }
    if !report.notices.is_empty() {
        md.push_str("\n## Notices\n\n");
        for n in &report.notices {
            let level = match n.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "note",
            };
            md.push_str(&format!(
                "- **{level}** `{}`: {}\n",
                n.file,
                cell(&n.message)
            ));
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Notice;

    fn sample() -> Report {
        let mut r = Report::new();
        r.articles.push(Article {
            id: "a1".into(),
            part: 1,
            title: Some("Talks, \"soon\"".into()),
            outlet: Some("A|B".into()),
            text: "x".into(),
            ..Default::default()
        });
        r.notices.push(Notice::error("x.png", "not text"));
        r
    }

    #[test]
    fn csv_quotes_fields_and_has_header() {
        let csv = articles_csv(&sample());
        let mut lines = csv.lines();
        assert_eq!(lines.next().unwrap(), "\u{feff}id,source_file,part,title,outlet,date,byline,section,url,words,sentences,paragraphs,mentions,quotes");
        assert_eq!(
            lines.next().unwrap(),
            "a1,,1,\"Talks, \"\"soon\"\"\",A|B,,,,,0,0,0,0,0"
        );
    }

    #[test]
    fn every_table_has_a_csv_with_header() {
        let mut r = sample();
        r.tables
            .warnings
            .push(crate::compare::hygiene::BundleWarning {
                kind: "date_far_apart".into(),
                articles: vec!["a1".into()],
                message: "a1 is far".into(),
            });
        for name in CSV_TABLES {
            let csv = table_csv(&r, name).unwrap();
            assert!(csv.starts_with('\u{feff}'), "{name}");
        }
        let w = table_csv(&r, "warnings").unwrap();
        assert_eq!(w.lines().nth(1), Some("date_far_apart,a1,a1 is far"));
        assert!(table_csv(&r, "nope").is_none());
        assert!(markdown(&r).contains("## Check the bundle\n\n- a1 is far"));
    }

    #[test]
    fn markdown_escapes_pipes_and_lists_notices() {
        let md = markdown(&sample());
        assert!(md.contains("| a1 | Talks, \"soon\" | A\\|B |"));
        assert!(md.contains("- **error** `x.png`: not text"));
    }
}
