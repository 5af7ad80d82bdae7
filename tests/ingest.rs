//! Ingestion on whole inputs: the example bundle, every format, encodings,
//! bad files next to good ones, and the offset invariants of the report.

use parallax::ingest::{self, InputFile};
use parallax::report::{Article, Level};
use std::io::Write;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/example");

fn example_files() -> Vec<InputFile> {
    let mut paths: Vec<_> = std::fs::read_dir(EXAMPLE)
        .expect("assets/example exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            InputFile::new(name, std::fs::read(p).unwrap())
        })
        .collect()
}

/// Offsets are in range, on char boundaries, sorted and non-overlapping.
fn assert_offsets_valid(a: &Article) {
    let t = &a.text;
    let mut last = 0;
    for &[s, e] in &a.boilerplate {
        assert!(
            s >= last && s < e && e <= t.len(),
            "{}: bad range {s}..{e}",
            a.id
        );
        assert!(t.is_char_boundary(s) && t.is_char_boundary(e));
        last = e;
    }
    for p in a.provenance.values() {
        if let Some([s, e]) = p.span {
            assert!(s < e && e <= t.len() && t.is_char_boundary(s) && t.is_char_boundary(e));
        }
    }
}

#[test]
fn example_bundle_becomes_six_articles_with_metadata() {
    let b = ingest::ingest(example_files());
    assert_eq!(b.articles.len(), 6, "{:#?}", b.notices);
    let titles: Vec<Option<&str>> = b.articles.iter().map(|a| a.title.as_deref()).collect();
    assert_eq!(
        titles[0],
        Some("Pentagon Chief Says Trump Is Not Betraying Ukraine")
    );
    assert!(titles[1]
        .unwrap()
        .contains("to Initiate Peace Talks Over Ukraine"));
    assert_eq!(titles[2], None, "a body line is not a title");
    assert!(titles[3]
        .unwrap()
        .starts_with("Trump says Putin and Zelenskiy want peace"));
    assert_eq!(
        titles[4],
        Some("Moscow confirms massive strike on Ukrainian military plants")
    );
    assert_eq!(titles[5], None, "a KEY POINTS label is not a title");

    let a = &b.articles;
    assert_eq!(a[0].outlet.as_deref(), Some("TROIB News"));
    assert_eq!(a[0].byline.as_deref(), Some("Thomas Evans"));
    assert_eq!(a[2].date.as_deref(), Some("2025-02-13"));
    assert_eq!(a[3].section.as_deref(), Some("WESTERN PERSPECTIVE"));
    assert_eq!(a[4].section.as_deref(), Some("RUSSIAN PERSPECTIVE"));
    assert_eq!((a[3].part, a[4].part), (1, 2));
    assert_eq!(a[3].source_file, a[4].source_file);
    assert!(
        a[3].text.contains("'ILLUSIONARY GOAL'"),
        "a quoted kicker does not split"
    );
    assert!(a[4].text.ends_with("Reuters/RT"));
    // Unknown stays unknown.
    assert_eq!(a[1].outlet, None);
    assert_eq!(a[1].date, None);
    assert_eq!(a[5].date, None);

    let boiler = |a: &Article| -> Vec<String> {
        a.boilerplate
            .iter()
            .map(|&[s, e]| a.text[s..e].to_string())
            .collect()
    };
    assert_eq!(boiler(&a[0]), ["Read Full Article at RT.com."]);
    assert_eq!(
        boiler(&a[1]),
        [
            "LEAVE A REPLY",
            "Please enter your comment!",
            "Please enter your name here"
        ]
    );
    assert!(boiler(&a[5])[0].starts_with("ALSO READ:"));
    for art in a {
        assert_offsets_valid(art);
    }
    // Every article's text is a verbatim slice of its file.
    let files = example_files();
    for art in a {
        let file = files
            .iter()
            .find(|f| Some(&f.path) == art.source_file.as_ref())
            .unwrap();
        assert!(String::from_utf8_lossy(&file.bytes).contains(&art.text));
    }
}

#[test]
fn every_format_loads_and_bad_files_do_not_stop_the_rest() {
    let html = "<html><head><title>Port Reopens | Harbour Daily</title><meta property=\"og:site_name\" content=\"Harbour Daily\"></head>\
        <body><nav>Home</nav><article><h1>Port Reopens</h1><p>The harbour master said ships could dock again on Monday.</p>\
        <script>document.title='pwned'</script></article></body></html>";
    let json = r#"{"title": "Harbour", "articles": [{"id": "j1", "source": "Wire One", "title": "Ships return", "text": "Ships returned to the port."}]}"#;
    let jsonl = "{\"text\": \"Dockers welcomed the news.\", \"outlet\": \"Wire Two\"}\n";
    let md = "# Harbour news\n\nThe port reopened after repairs.\n";
    let mut zipped = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut zipped);
        let o = zip::write::SimpleFileOptions::default();
        w.start_file("inside/story.txt", o).unwrap();
        w.write_all(b"Fishing Fleet Returns\nThe fleet came back with a record catch this week.")
            .unwrap();
        w.finish().unwrap();
    }
    let files = vec![
        InputFile::new(
            "a.txt",
            "Harbour Works Finish\nEngineers finished the quay repairs on time.".as_bytes(),
        ),
        InputFile::new("b.md", md.as_bytes()),
        InputFile::new("c.html", html.as_bytes()),
        InputFile::new("d.json", json.as_bytes()),
        InputFile::new("e.jsonl", jsonl.as_bytes()),
        InputFile::new("f.zip", zipped.into_inner()),
        InputFile::new("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        InputFile::new("empty.txt", Vec::new()),
        InputFile::new("broken.zip", b"PK\x03\x04not really".to_vec()),
        InputFile::new("wrong.json", br#"{"hello": 1}"#.to_vec()),
    ];
    let b = ingest::ingest(files);
    let sources: Vec<&str> = b
        .articles
        .iter()
        .filter_map(|a| a.source_file.as_deref())
        .collect();
    assert_eq!(
        sources,
        [
            "a.txt",
            "b.md",
            "c.html",
            "d.json",
            "e.jsonl",
            "f.zip/inside/story.txt"
        ]
    );
    let errors: Vec<&str> = b
        .notices
        .iter()
        .filter(|n| n.level == Level::Error)
        .map(|n| n.file.as_str())
        .collect();
    assert_eq!(
        errors,
        ["photo.txt", "empty.txt", "broken.zip", "wrong.json"]
    );
    assert!(b
        .notices
        .iter()
        .any(|n| n.file == "photo.txt" && n.message.contains("PNG")));

    let html_a = &b.articles[2];
    assert_eq!(
        html_a.text,
        "Port Reopens\n\nThe harbour master said ships could dock again on Monday."
    );
    assert_eq!(html_a.outlet.as_deref(), Some("Harbour Daily"));
    assert_eq!(b.articles[1].title.as_deref(), Some("Harbour news"));
    assert_eq!(b.articles[3].id, "j1");
    assert_eq!(b.articles[3].outlet.as_deref(), Some("Wire One"));
    assert_eq!(b.articles[4].outlet.as_deref(), Some("Wire Two"));
    assert_eq!(
        b.articles[5].title.as_deref(),
        Some("Fishing Fleet Returns")
    );
    assert_eq!(b.title.as_deref(), Some("Harbour"));
    let ids: Vec<&str> = b.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a1", "a2", "a3", "j1", "a5", "a6"]);
}

#[test]
fn encodings_decode_to_the_same_text() {
    let text = "Mayor Said “Yes”\nThe mayor of Kyiv said “yes” to the plan — café owners agreed.";
    let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
    utf8_bom.extend_from_slice(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let b = ingest::ingest(vec![
        InputFile::new("plain.txt", text.as_bytes()),
        InputFile::new("bom.txt", utf8_bom),
        InputFile::new("utf16.txt", utf16),
    ]);
    // Identical texts load once; the duplicates are reported.
    assert_eq!(b.articles.len(), 1);
    assert_eq!(b.articles[0].text, text);
    assert_eq!(
        b.notices
            .iter()
            .filter(|n| n.message.contains("same text"))
            .count(),
        2
    );

    let cp1252 =
        b"Mayor Said \x93Yes\x94\nThe mayor said \x93yes\x94 to the caf\xE9 plan.".to_vec();
    let b = ingest::ingest(vec![InputFile::new("old.txt", cp1252)]);
    assert_eq!(
        b.articles[0].text,
        "Mayor Said “Yes”\nThe mayor said “yes” to the café plan."
    );
    assert!(b.notices[0].message.contains("Windows-1252"));
    assert_eq!(b.notices[0].level, Level::Warning);
}

#[test]
fn paste_with_separators_splits() {
    let one = "Council Approves Budget\nThe city council approved the budget on Tuesday after a long debate that ran late into the evening, with members arguing over transport, schools and the cost of repairing the old bridge across the river.";
    let two = "Budget Vote Draws Protest\nResidents protested outside the town hall as the council voted, saying the plan cut library hours and raised parking fees in the centre while leaving the bridge repairs unfunded for another year.";
    let b = ingest::ingest_paste(&format!("{one}\n\n---\n\n{two}\n"));
    assert_eq!(b.articles.len(), 2);
    assert_eq!(
        b.articles[1].title.as_deref(),
        Some("Budget Vote Draws Protest")
    );
    assert_eq!(b.articles[0].source_file, None);
    let b = ingest::ingest_paste("   \n");
    assert!(b.articles.is_empty() && b.notices[0].message.contains("empty"));
}

#[test]
fn limits_give_per_file_messages() {
    let limits = ingest::Limits {
        max_file_bytes: 100,
        ..Default::default()
    };
    let b = ingest::ingest_with(
        vec![
            InputFile::new("big.txt", vec![b'a'; 200]),
            InputFile::new("ok.txt", b"Small story text.".to_vec()),
        ],
        &limits,
    );
    assert_eq!(b.articles.len(), 1);
    assert!(b.notices[0].message.contains("over the 100 bytes limit"));
}

/// Many generated texts built from tricky pieces (multi-byte letters,
/// quote marks, headers, separators, dates, credits) never panic and always
/// give in-range, char-boundary offsets and verbatim text.
#[test]
fn generated_messy_texts_never_break_invariants() {
    const PIECES: &[&str] = &[
        "\n",
        "\n\n",
        " ",
        "---",
        "***",
        "WESTERN VIEW",
        "KEY POINTS",
        "İstanbul",
        "Février",
        "ﬁnal",
        "“",
        "”",
        "‘",
        "’",
        "'",
        "\"",
        "«",
        "»",
        "date 2025-02-13",
        "Published: Feb. 13, 2025",
        "By Ånna Øst |",
        "Read Full Article at ẞ.com.",
        "LEAVE A REPLY",
        "Reuters/RT",
        "contributed to this report for",
        "KYIV (Reuters) -",
        "Mayor Says Talks Will Start",
        "The council met on Tuesday and agreed the plan.",
        "- bullet",
        "1. item",
        "# Heading",
        "\u{200b}",
        "\u{feff}",
        "😀",
        "日本語",
        "عربى",
        "\t",
        "Wednesday, July 16, 2018",
        "Sept. 3, 2020",
        "3 Février 2020",
        "Mar 99, 1000",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let n = (next() % 120) as usize;
        let text: String = (0..n)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        for name in ["x.txt", "x.md", "x.html", "x.json"] {
            let b = ingest::ingest(vec![InputFile::new(name, text.as_bytes())]);
            for a in &b.articles {
                assert_offsets_valid(a);
                if name != "x.html" && name != "x.json" {
                    assert!(text.contains(&a.text), "{name}: text not verbatim");
                }
            }
        }
        let _ = ingest::ingest_paste(&text);
    }
}
