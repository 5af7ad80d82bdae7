//! Report serialisation: analyse up to three JSON-style articles whose
//! metadata and text come from the input (0xFF separates articles; within
//! one, 0xFE separates title, outlet, byline, date, section, url and, last,
//! the text), then the JSON report must read back equal, and every CSV table and
//! the Markdown summary must be well formed.
#![no_main]
use libfuzzer_sys::fuzz_target;
use parallax::report::{Article, Report};

fuzz_target!(|data: &[u8]| {
    let mut bundle = parallax::ingest::Bundle::default();
    for (i, chunk) in data.splitn(3, |&b| b == 0xFF).enumerate() {
        let mut fields: Vec<String> = chunk
            .splitn(7, |&b| b == 0xFE)
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        // The last field is the text; any before it are metadata, in order.
        let text = fields.pop().unwrap_or_default();
        if text.trim().is_empty() {
            continue;
        }
        let mut fields = fields.into_iter();
        let mut meta = || fields.next().filter(|s| !s.is_empty());
        let (title, outlet, byline, date, section, url) =
            (meta(), meta(), meta(), meta(), meta(), meta());
        bundle.articles.push(Article {
            id: format!("a{}", i + 1),
            part: 1,
            title,
            outlet,
            byline,
            date,
            section,
            url,
            boilerplate: parallax::ingest::boilerplate::find(&text)
                .iter()
                .map(|h| [h.start, h.end])
                .collect(),
            text,
            ..Default::default()
        });
    }
    let report = parallax::analysis::analyze(bundle);
    parallax_fuzz::check_report(&report);

    for json in [
        serde_json::to_string(&report).expect("report serialises"),
        serde_json::to_string_pretty(&report).expect("report serialises"),
    ] {
        let back: Report = serde_json::from_str(&json).expect("report JSON reads back");
        assert_eq!(back, report, "JSON round trip changed the report");
    }
    for table in parallax::export::CSV_TABLES {
        let csv_text = parallax::export::table_csv(&report, table).expect("known table");
        let body = csv_text
            .strip_prefix('\u{feff}')
            .expect("CSV starts with a BOM");
        let mut rows = csv::Reader::from_reader(body.as_bytes());
        let records = rows
            .records()
            .collect::<Result<Vec<_>, _>>()
            .expect("CSV reads back with equal-length rows");
        if table == "articles" {
            assert_eq!(records.len(), report.articles.len());
            for (r, a) in records.iter().zip(&report.articles) {
                assert_eq!(r.get(3).unwrap_or(""), a.title.as_deref().unwrap_or(""));
            }
        }
    }
    // The Markdown article table has one line per article.
    let md = parallax::export::markdown(&report);
    let rows = md
        .lines()
        .skip_while(|l| !l.starts_with("|---|"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .count();
    assert_eq!(rows, report.articles.len(), "Markdown article table rows");
});
