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
    fn markdown_escapes_pipes_and_lists_notices() {
        let md = markdown(&sample());
        assert!(md.contains("| a1 | Talks, \"soon\" | A\\|B |"));
        assert!(md.contains("- **error** `x.png`: not text"));
    }
}
