//! Report → CSV and Markdown, shared by the CLI (`--format csv|md`) and the
//! web app's downloads. CSV is RFC 4180 via the `csv` crate, with a UTF-8
//! BOM so spreadsheets open accented names correctly.

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
pub const CSV_TABLES: [&str; 4] = ["articles", "distinctive", "passages", "warnings"];

/// One table as CSV (with a UTF-8 byte-order mark), or `None` for an
/// unknown table name.
pub fn table_csv(report: &Report, table: &str) -> Option<String> {
    let rows: Vec<Vec<String>> = match table {
        "articles" => return Some(articles_csv(report)),
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

/// A Markdown summary: the article table and the notices.
pub fn markdown(report: &Report) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
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
