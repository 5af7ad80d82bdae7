//! The `parallax` command line: analyze on folders, files and stdin, the
//! three formats, exit codes, and `batch` streaming.

use std::io::Write;
use std::process::{Command, Stdio};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/example");

fn parallax(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run parallax");
    // The command may exit (e.g. on a bad flag) before it reads stdin; a
    // broken pipe then is expected and the exit status tells the story.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn analyze_a_folder_prints_a_json_report() {
    let (code, out, err) = parallax(&["analyze", EXAMPLE, "--format", "json"], b"");
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["schema"], "parallax.report/1");
    let arts = r["articles"].as_array().unwrap();
    assert_eq!(arts.len(), 6);
    assert!(arts[0]["source_file"]
        .as_str()
        .unwrap()
        .ends_with("000_e59c3c4b28fdcb8c.txt"));
    assert_eq!(arts[3]["section"], "WESTERN PERSPECTIVE");
    for key in [
        "mentions",
        "quotes",
        "boilerplate",
        "text",
        "title",
        "outlet",
        "date",
        "byline",
        "part",
    ] {
        assert!(arts[0].get(key).is_some(), "missing {key}");
    }
    assert!(r["entities"].is_array() && r["notices"].is_array() && r["tables"].is_object());
}

#[test]
fn csv_and_markdown_formats_and_out_file() {
    let (code, out, _) = parallax(&["analyze", EXAMPLE, "--format", "csv"], b"");
    assert_eq!(code, 0);
    let mut rows = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(rows.headers().unwrap().get(3), Some("title"));
    assert_eq!(rows.records().count(), 6);

    let (code, out, _) = parallax(
        &["analyze", EXAMPLE, "-f", "csv", "--table", "passages"],
        b"",
    );
    assert_eq!(code, 0);
    let mut rows = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(rows.headers().unwrap().get(6), Some("words"));
    assert!(
        rows.records().count() >= 1,
        "the example shares a quoted passage"
    );
    let (code, _, err) = parallax(&["analyze", EXAMPLE, "-f", "csv", "--table", "nope"], b"");
    assert_eq!(code, 1);
    assert!(err.contains("--table takes one of"));

    let dir = std::env::temp_dir().join(format!("parallax-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("r.md");
    let (code, out, _) = parallax(
        &[
            "analyze",
            EXAMPLE,
            "-f",
            "md",
            "--out",
            file.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!((code, out.as_str()), (0, ""));
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.contains("| a5 | Moscow confirms massive strike on Ukrainian military plants |"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn comparison_tables_as_csv() {
    let (code, out, _) = parallax(&["analyze", EXAMPLE, "-f", "csv", "-t", "quotes"], b"");
    assert_eq!(code, 0);
    let mut rows = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
    let headers = rows.headers().unwrap().clone();
    assert_eq!(headers.get(0), Some("group"));
    assert_eq!(headers.iter().next_back(), Some("diff"));
    let records: Vec<_> = rows.records().map(|r| r.unwrap()).collect();
    assert!(records.iter().any(|r| r.get(0) == Some("q1")));
    let (_, help, _) = parallax(&["--help"], b"");
    for table in ["entities", "quotes", "voices", "numbers", "omissions"] {
        assert!(help.contains(table), "{table} in --help");
    }
}

#[test]
fn stdin_text_and_json_bundles() {
    let text = "Bridge Opens To Traffic\nThe new bridge opened to traffic on Monday after three years of work, officials said, easing the daily queues that had built up along the river road since the old crossing closed for repairs in the spring.\n\n***\n\nCommuters Welcome Bridge\nDrivers who used the new crossing on its first morning said their journeys were twenty minutes shorter, although some cyclists complained that the promised separate lane had not yet been painted on the deck.\n";
    let (code, out, _) = parallax(&["analyze", "-"], text.as_bytes());
    assert_eq!(code, 0);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["articles"].as_array().unwrap().len(), 2);

    let json = br#"{"articles": [{"id": "x", "source": "Wire", "text": "A short wire story."}]}"#;
    let (code, out, _) = parallax(&["analyze", "-"], json);
    assert_eq!(code, 0);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["articles"][0]["id"], "x");
}

#[test]
fn nothing_readable_exits_2_with_a_message() {
    let (code, _, err) = parallax(&["analyze", "/no/such/path"], b"");
    assert_eq!(code, 2);
    assert!(
        err.contains("/no/such/path") && err.contains("no article could be read"),
        "{err}"
    );
    let (code, _, err) = parallax(&["analyze"], b"");
    assert_eq!(code, 1);
    assert!(err.contains("needs at least one PATH"));
    let (code, _, err) = parallax(&["analyze", EXAMPLE, "--format", "xml"], b"");
    assert_eq!(code, 1);
    assert!(err.contains("json, csv or md"));
}

#[test]
fn batch_streams_one_report_per_line() {
    let input = concat!(
        "{\"articles\": [{\"text\": \"First bundle story.\"}]}\n",
        "not json at all\n",
        "{\"articles\": [{\"text\": \"Second bundle, one.\"}, {\"text\": \"Second bundle, two.\"}]}\n"
    );
    let (code, out, _) = parallax(&["batch"], input.as_bytes());
    assert_eq!(code, 0);
    let reports: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), 3);
    assert_eq!(reports[0]["articles"].as_array().unwrap().len(), 1);
    assert_eq!(reports[1]["articles"].as_array().unwrap().len(), 0);
    assert!(reports[1]["notices"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));
    assert_eq!(reports[2]["articles"].as_array().unwrap().len(), 2);
}

#[test]
fn analyze_with_an_edits_file() {
    let dir = std::env::temp_dir().join(format!("parallax-cli-edits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bundle = br#"{"articles": [
        {"id": "x", "source": "Wire", "text": "Officials in Kyiv said the bridge was finished on Monday."},
        {"id": "y", "source": "Daily", "text": "The bridge in Kyiv opened on Monday after years of delay."}]}"#;
    let edits = dir.join("edits.json");
    std::fs::write(
        &edits,
        r#"{"edits": [
            {"op": "set_article_field", "article": "x", "field": "outlet", "value": "User Outlet"},
            {"op": "exclude_article", "article": "y", "excluded": true},
            {"op": "not_a_quote", "quote": {"article": "x", "start": 0, "end": 9, "text": "Not there"}}
        ], "undone": []}"#,
    )
    .unwrap();
    let path = edits.to_str().unwrap();
    let (code, out, err) = parallax(&["analyze", "-", "--edits", path], bundle);
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["articles"][0]["outlet"], "User Outlet");
    assert_eq!(r["articles"][0]["provenance"]["outlet"]["from"], "user");
    assert_eq!(r["articles"][1]["excluded"], true);
    assert_eq!(r["edits"].as_array().unwrap().len(), 2);
    assert!(
        err.contains("warning") && err.contains("edit 3 (not_a_quote) skipped"),
        "{err}"
    );
    // The edits reach every format; a plain array of edits works too.
    std::fs::write(
        &edits,
        r#"[{"op": "set_article_field", "article": "x", "field": "outlet", "value": "User Outlet"}]"#,
    )
    .unwrap();
    let (code, out, err) = parallax(&["analyze", "-", "-f", "csv", "--edits", path], bundle);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("User Outlet"), "{out}");
    assert!(!err.contains("skipped"), "{err}");

    // A file that cannot be read or parsed: exit 2, nothing written.
    std::fs::write(&edits, "[{\"op\": \"explode\"}]").unwrap();
    let (code, out, err) = parallax(&["analyze", "-", "--edits", path], bundle);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("edits file") && err.contains(path), "{err}");
    let missing = dir.join("missing.json");
    let (code, _, err) = parallax(
        &["analyze", "-", "--edits", missing.to_str().unwrap()],
        bundle,
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot read the edits file"), "{err}");
    let (code, out, _) = parallax(&["--help"], b"");
    assert_eq!(code, 0);
    assert!(out.contains("--edits FILE"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_report_is_the_same_on_one_thread_and_on_several() {
    // `analyze` spreads articles over every core (PARALLAX_THREADS caps it);
    // the per-thread caches must not change a byte of the report.
    let run = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(["analyze", EXAMPLE, "--format", "json"])
            .env("PARALLAX_THREADS", threads)
            .output()
            .expect("run parallax");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let one = run("1");
    assert!(one.len() > 100_000);
    assert!(one == run("2"), "two threads gave another report");
    assert!(one == run("8"), "eight threads gave another report");
}

#[test]
fn batch_on_several_threads_keeps_the_input_order() {
    // Bundles of different sizes finish out of order on several threads;
    // the reports must still come out one per line, in input order, and
    // the same as on one thread.
    let mut input = String::new();
    for i in 0..40 {
        if i % 7 == 3 {
            input.push_str("not json at all\n\n");
            continue;
        }
        let text = "The minister said the talks would resume on Monday. ".repeat(1 + (i * 13) % 30);
        let articles: Vec<_> = (0..1 + i % 3)
            .map(|k| {
                // (Different texts: identical articles are folded into one.)
                let text = format!("Outlet {k} reports from the capital. {text}");
                serde_json::json!({ "title": format!("Story {i}.{k}"), "text": text })
            })
            .collect();
        input.push_str(&serde_json::json!({ "articles": articles }).to_string());
        input.push('\n');
    }
    let run = |threads: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
            .arg("batch")
            .env("PARALLAX_THREADS", threads)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run parallax");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1");
    let lines: Vec<serde_json::Value> = one
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 40);
    for (i, r) in lines.iter().enumerate() {
        let articles = r["articles"].as_array().unwrap();
        if i % 7 == 3 {
            assert!(articles.is_empty(), "line {i}");
        } else {
            assert_eq!(articles.len(), 1 + i % 3, "line {i}");
            assert_eq!(articles[0]["title"], format!("Story {i}.0"));
        }
    }
    assert!(one == run("4"), "four threads gave other output");
}
