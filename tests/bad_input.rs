//! Hostile and broken input, natively: through the ingest API and through
//! the `parallax` binary. Every bad file gets a clear message naming it, the
//! good file next to it still loads, and analysis of pathological text never
//! panics and finishes. (Speed on pathological text is measured, not
//! asserted: `cargo bench --bench pathological`.) Inputs that once crashed
//! the fuzz targets are at the end.

#[path = "support/invariants.rs"]
mod invariants;

use parallax::ingest::{self, Bundle, InputFile, Limits};
use parallax::report::{Level, Report};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const GOOD_NAME: &str = "good.txt";
const GOOD: &str = "Harbour Reopens After Storm\nThe harbour master said on Monday that ships \
could dock again after repairs to the storm-damaged quay were finished ahead of schedule.";

fn good() -> InputFile {
    InputFile::new(GOOD_NAME, GOOD.as_bytes())
}

/// Ingest `bad` next to the good file; the good file must load.
fn with_good(bad: Vec<InputFile>) -> Bundle {
    let mut files = bad;
    files.push(good());
    let b = ingest::ingest(files);
    assert!(
        b.articles
            .iter()
            .any(|a| a.source_file.as_deref() == Some(GOOD_NAME)),
        "the good file did not load: {:#?}",
        b.notices
    );
    for a in &b.articles {
        if let Err(why) = invariants::check_article(a) {
            panic!("{why}");
        }
    }
    b
}

/// The messages about `file`, at `level`.
fn messages(b: &Bundle, file: &str, level: Level) -> Vec<String> {
    b.notices
        .iter()
        .filter(|n| n.file == file && n.level == level)
        .map(|n| n.message.clone())
        .collect()
}

/// The one error about `file`; fails unless there is exactly one and it
/// contains `needle`.
fn error_about(b: &Bundle, file: &str, needle: &str) {
    let errors = messages(b, file, Level::Error);
    assert!(
        errors.len() == 1 && errors[0].contains(needle),
        "{file}: expected one error containing {needle:?}, got {:#?}",
        b.notices
    );
}

fn zip_of(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(false);
        for (name, data) in files {
            w.start_file(*name, opts).expect("start zip member");
            w.write_all(data).expect("write zip member");
        }
        w.finish().expect("finish zip");
    }
    buf.into_inner()
}

fn deflated(files: &[(&str, &[u8])]) -> Vec<u8> {
    zip_of(files, zip::CompressionMethod::Deflated)
}

/// Run the CLI; returns (exit code, stdout, stderr).
fn parallax(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run parallax");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `parallax analyze DIR -f json`: the report, and standard error. The good
/// file must be in the report.
fn analyze_dir(dir: &Path) -> (Report, String) {
    let dir = dir.to_str().expect("temp dir path is UTF-8");
    let (code, out, err) = parallax(&["analyze", dir, "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let report: Report = serde_json::from_str(&out).expect("the report is JSON");
    assert!(
        report.articles.iter().any(|a| a
            .source_file
            .as_deref()
            .is_some_and(|f| f.ends_with(GOOD_NAME))),
        "the good file did not load: {err}"
    );
    (report, err)
}

fn temp_dir_with_good() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(GOOD_NAME), GOOD).expect("write good file");
    dir
}

/// `parallax analyze` on a folder holding the good file and `name`: the
/// error line about `name` on standard error.
fn cli_error(name: &str, bytes: &[u8]) -> String {
    let dir = temp_dir_with_good();
    std::fs::write(dir.path().join(name), bytes).expect("write test file");
    let (_, err) = analyze_dir(dir.path());
    cli_line(&err, "error", name)
        .unwrap_or_else(|| panic!("no error about {name}: {err}"))
        .to_string()
}

/// The CLI's stderr line for `file` (shown path) and level.
fn cli_line<'a>(err: &'a str, level: &str, file: &str) -> Option<&'a str> {
    err.lines()
        .find(|l| l.starts_with(&format!("{level}: ")) && l.contains(file))
}

// ---------------------------------------------------------------- encodings

#[test]
fn png_renamed_txt_is_refused_by_name() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
    let b = with_good(vec![InputFile::new("photo.txt", png.clone())]);
    error_about(&b, "photo.txt", "PNG image, not text");

    let line = cli_error("photo.txt", &png);
    assert!(line.contains("PNG image, not text"), "{line}");
}

#[test]
fn invalid_utf8_is_read_as_windows_1252_with_a_warning() {
    let b = with_good(vec![InputFile::new(
        "old.txt",
        b"Mayor Says \x93Yes\x94\nThe mayor said the caf\xE9 could reopen \x96 soon.".to_vec(),
    )]);
    let a = b
        .articles
        .iter()
        .find(|a| a.source_file.as_deref() == Some("old.txt"))
        .expect("old.txt loads");
    assert!(a.text.contains("“Yes”") && a.text.contains("café"));
    let w = messages(&b, "old.txt", Level::Warning);
    assert!(w.len() == 1 && w[0].contains("Windows-1252"), "{w:?}");

    // Bytes that decode to control characters are refused, not shown.
    let junk: Vec<u8> = (0..4000u32)
        .map(|i| [0x81, 0x8D, 0x90, 0x9D][i as usize % 4])
        .collect();
    let b = with_good(vec![InputFile::new("junk.txt", junk)]);
    error_about(&b, "junk.txt", "binary file");
}

#[test]
fn utf16_with_and_without_bom_reads_as_the_same_text() {
    let text = "Mayor Says “Yes”\nThe mayor of Kyiv said “yes” to the café plan on Monday.";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let with_bom = |bom: &[u8], body: &[u8]| [bom, body].concat();
    for (name, bytes, note) in [
        ("le-bom.txt", with_bom(b"\xFF\xFE", &le), None),
        ("be-bom.txt", with_bom(b"\xFE\xFF", &be), None),
        ("le.txt", le.clone(), Some("UTF-16LE")),
        ("be.txt", be.clone(), Some("UTF-16BE")),
    ] {
        let b = with_good(vec![InputFile::new(name, bytes)]);
        let a = b
            .articles
            .iter()
            .find(|a| a.source_file.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("{name} loads: {:#?}", b.notices));
        assert_eq!(a.text, text, "{name}");
        let warnings = messages(&b, name, Level::Warning);
        match note {
            Some(n) => assert!(warnings.len() == 1 && warnings[0].contains(n), "{name}"),
            None => assert!(warnings.is_empty(), "{name}: {warnings:?}"),
        }
    }
    // An odd byte count and a lone surrogate still decode (lossily).
    let mut odd = with_bom(b"\xFF\xFE", &le);
    odd.extend_from_slice(&[0x00, 0xD8, 0x41]);
    let b = with_good(vec![InputFile::new("odd.txt", odd)]);
    assert!(b.articles.iter().any(|a| a.text.starts_with("Mayor Says")));
}

#[test]
fn empty_files_get_a_message() {
    let b = with_good(vec![
        InputFile::new("empty.txt", Vec::new()),
        InputFile::new("blank.md", b" \n\t\r\n ".to_vec()),
        InputFile::new("bom-only.txt", b"\xEF\xBB\xBF".to_vec()),
        InputFile::new("empty.json", Vec::new()),
        InputFile::new("empty.zip", Vec::new()),
    ]);
    error_about(&b, "empty.txt", "empty");
    error_about(&b, "blank.md", "empty");
    error_about(&b, "bom-only.txt", "no text");
    error_about(&b, "empty.json", "empty");
    error_about(&b, "empty.zip", "not a readable zip");
}

// ---------------------------------------------------------------- size limits

#[test]
fn a_50_mb_text_file_is_refused_with_the_limit() {
    let mut big =
        "The council met on Tuesday and agreed the plan. ".repeat(50 * 1024 * 1024 / 48 + 1);
    big.truncate(50 * 1024 * 1024);
    let b = with_good(vec![InputFile::new("big.txt", big.as_bytes())]);
    error_about(&b, "big.txt", "is over the 20 MB limit for one file");

    let line = cli_error("big.txt", big.as_bytes());
    assert!(
        line.contains("50 MB is over the 20 MB limit for one file"),
        "{line}"
    );
}

#[test]
fn the_total_limit_counts_unpacked_zip_members() {
    let limits = Limits {
        max_total_bytes: 200_000,
        ..Limits::default()
    };
    // About 80 KB each: the first two fit in 200 KB, the third does not.
    let story = |n: usize| {
        format!(
            "Story {n}\n{}",
            format!("Ship {n} docked at the quay today. ").repeat(2_400)
        )
    };
    let (s1, s2, s3) = (story(1), story(2), story(3));
    let z1 = deflated(&[("one.txt", s1.as_bytes()), ("two.txt", s2.as_bytes())]);
    let z2 = deflated(&[("three.txt", s3.as_bytes())]);
    let b = ingest::ingest_with(
        vec![
            InputFile::new("a.zip", z1),
            InputFile::new("b.zip", z2),
            good(),
        ],
        &limits,
    );
    let files: Vec<&str> = b
        .articles
        .iter()
        .filter_map(|a| a.source_file.as_deref())
        .collect();
    assert_eq!(files, ["a.zip/one.txt", "a.zip/two.txt", GOOD_NAME]);
    error_about(
        &b,
        "b.zip/three.txt",
        "over the 195.3 KB limit for all files together",
    );
}

// ---------------------------------------------------------------- zips

#[test]
fn zip_bombs_are_stopped() {
    // One member that unpacks to 5 MB of one byte (ratio ~1000:1).
    let zeros = vec![b'a'; 5 * 1024 * 1024];
    let z = deflated(&[("bomb.txt", &zeros), ("fine.txt", GOOD.as_bytes())]);
    let b = ingest::ingest(vec![InputFile::new("one.zip", z)]);
    error_about(
        &b,
        "one.zip/bomb.txt",
        "compressed more than 200:1 (zip-bomb guard)",
    );
    assert_eq!(b.articles.len(), 1, "the other member loads");

    // Many members under 1 MB each, none over the ratio alone, that together
    // unpack to far more than the archive is worth.
    let chunk = vec![b'b'; 900 * 1024];
    let names: Vec<String> = (0..40).map(|i| format!("part{i:02}.txt")).collect();
    let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &chunk[..])).collect();
    let z = deflated(&members);
    let b = with_good(vec![InputFile::new("many.zip", z)]);
    assert!(
        b.notices.iter().any(|n| n.file == "many.zip"
            && n.level == Level::Error
            && n.message.contains("zip-bomb guard")),
        "{:#?}",
        b.notices
    );
    let unpacked: usize = b
        .articles
        .iter()
        .filter(|a| a.source_file.as_deref() != Some(GOOD_NAME))
        .map(|a| a.text.len())
        .sum();
    assert!(
        unpacked < 2 * 1024 * 1024,
        "stopped early: {unpacked} bytes read"
    );
}

#[test]
fn zips_inside_zips_load_to_the_depth_limit() {
    let inner = deflated(&[("c.txt", b"Third story text about the harbour." as &[u8])]);
    let middle = deflated(&[
        ("inner.zip", &inner),
        ("b.txt", b"Second story text, the quay."),
    ]);
    let outer = deflated(&[
        ("middle.zip", &middle),
        ("a.txt", b"First story text, the ships."),
    ]);
    let b = with_good(vec![InputFile::new("outer.zip", outer)]);
    let files: Vec<&str> = b
        .articles
        .iter()
        .filter_map(|a| a.source_file.as_deref())
        .collect();
    assert_eq!(
        files,
        ["outer.zip/middle.zip/b.txt", "outer.zip/a.txt", GOOD_NAME]
    );
    error_about(
        &b,
        "outer.zip/middle.zip/inner.zip",
        "nested more than 2 deep",
    );

    let b = with_good(vec![InputFile::new("middle.zip", middle)]);
    assert!(b
        .articles
        .iter()
        .any(|a| a.source_file.as_deref() == Some("middle.zip/inner.zip/c.txt")));
}

#[test]
fn corrupt_zips_get_messages_and_good_members_load() {
    let z = deflated(&[
        ("a.txt", GOOD.as_bytes()),
        (
            "b.txt",
            "Another story about the harbour and its ships. "
                .repeat(40)
                .as_bytes(),
        ),
    ]);
    // Cut in half: the central directory is gone.
    let b = with_good(vec![InputFile::new("cut.zip", z[..z.len() / 2].to_vec())]);
    error_about(&b, "cut.zip", "not a readable zip archive");
    // Garbage after the signature.
    let b = with_good(vec![InputFile::new(
        "junk.zip",
        b"PK\x03\x04\xFF\xFF junk".to_vec(),
    )]);
    error_about(&b, "junk.zip", "not a readable zip archive");
    // Not a zip at all, named .zip.
    let b = with_good(vec![InputFile::new("text.zip", b"just some text".to_vec())]);
    error_about(&b, "text.zip", "not a readable zip archive");

    // A damaged member (its compressed bytes scrambled): the other member
    // still loads.
    let mut damaged = z.clone();
    let second = z
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x03\x04")
        .map(|(i, _)| i)
        .nth(1)
        .expect("second local header");
    for byte in &mut damaged[second + 40..second + 60] {
        *byte ^= 0x5A;
    }
    let b = ingest::ingest(vec![InputFile::new("damaged.zip", damaged)]);
    assert_eq!(
        b.articles
            .iter()
            .filter_map(|a| a.source_file.as_deref())
            .collect::<Vec<_>>(),
        ["damaged.zip/a.txt"],
        "{:#?}",
        b.notices
    );
    assert!(
        b.notices
            .iter()
            .any(|n| n.file == "damaged.zip/b.txt" && n.level == Level::Error),
        "{:#?}",
        b.notices
    );
}

// ---------------------------------------------------------------- JSON

#[test]
fn deeply_nested_json_is_refused() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let deep_obj = "{\"a\":".repeat(50_000) + "1" + &"}".repeat(50_000);
    let line = format!("{}\n{{\"text\": \"A fine line.\"}}\n", "[".repeat(10_000));
    let b = with_good(vec![
        InputFile::new("deep.json", deep.as_bytes()),
        InputFile::new("deep-obj.json", deep_obj.as_bytes()),
        InputFile::new("deep.jsonl", line.as_bytes()),
    ]);
    error_about(&b, "deep.json", "nested deeper than 64 levels");
    error_about(&b, "deep-obj.json", "nested deeper than 64 levels");
    error_about(
        &b,
        "deep.jsonl",
        "line 1: JSON nested deeper than 64 levels",
    );
    assert!(b
        .articles
        .iter()
        .any(|a| a.source_file.as_deref() == Some("deep.jsonl")));
    // Through a bundle on standard input too.
    let b = ingest::ingest_bundle_json("(standard input)", &deep);
    assert!(b.notices[0].message.contains("nested deeper"));
}

#[test]
fn json_of_the_wrong_shape_says_what_was_expected() {
    for (name, json, needle) in [
        ("object.json", r#"{"hello": 1}"#, "expected {\"articles\""),
        ("numbers.json", "[1, 2, 3]", "3 items skipped"),
        ("string.json", r#""just a string""#, "not a Parallax bundle"),
        (
            "articles-str.json",
            r#"{"articles": "x"}"#,
            "must be a list",
        ),
        (
            "text-num.json",
            r#"{"articles": [{"text": 5}]}"#,
            "must be a string",
        ),
        ("null.json", "null", "not a Parallax bundle"),
        (
            "broken.json",
            r#"{"articles": [{"text": "unterminated"#,
            "not valid JSON",
        ),
        ("empty-list.json", "[]", "holds no articles"),
    ] {
        let b = with_good(vec![InputFile::new(name, json.as_bytes())]);
        error_about(&b, name, needle);
    }
    let b = with_good(vec![InputFile::new(
        "lines.jsonl",
        b"[1]\n\"x\"\n".to_vec(),
    )]);
    error_about(&b, "lines.jsonl", "no article loaded");
}

// ---------------------------------------------------------------- HTML

#[test]
fn html_gives_text_only_and_no_script() {
    let html = r#"<!doctype html><html><head><title>Port Reopens</title>
        <script>window.PWNED_HEAD = 1; alert("head")</script>
        <script src="https://evil.example/x.js"></script></head>
        <body onload="alert('body')">
        <h1>Port Reopens</h1>
        <p>The harbour master said ships could dock again.</p>
        <img src="x" onerror="window.PWNED_IMG=1">
        <p><a href="javascript:window.PWNED_LINK=1">Read more</a> about the quay.</p>
        <svg><script>window.PWNED_SVG=1</script></svg>
        <iframe srcdoc="<script>window.PWNED_FRAME=1</script>"></iframe>
        <p>Unclosed <script>window.PWNED_TAIL=1
        </body></html>"#;
    let b = with_good(vec![InputFile::new("page.html", html.as_bytes())]);
    let a = b
        .articles
        .iter()
        .find(|a| a.source_file.as_deref() == Some("page.html"))
        .expect("page.html loads");
    assert!(a
        .text
        .contains("The harbour master said ships could dock again."));
    assert!(a.text.contains("Read more about the quay."));
    for bad in [
        "PWNED",
        "alert",
        "script",
        "onerror",
        "javascript:",
        "<",
        ">",
    ] {
        assert!(
            !a.text.contains(bad),
            "{bad:?} in article text: {:?}",
            a.text
        );
    }
    // Nor anywhere in the analysed report.
    let report = parallax::analysis::analyze(b);
    let json = serde_json::to_string(&report).expect("report serialises");
    assert!(!json.contains("PWNED") && !json.contains("javascript:"));
}

// ---------------------------------------------------------------- names

#[test]
fn odd_file_names_are_kept_and_named_in_messages() {
    let names = [
        "a story with spaces.txt",
        "ünïcødé 北京 عربى.txt",
        "quote\"d 'name'.txt",
        "new\nline.txt",
        "-starts-with-dash.txt",
        "semi;colon & amp.md",
        "emoji 😀.txt",
    ];
    let dir = temp_dir_with_good();
    for (i, name) in names.iter().enumerate() {
        let body = format!("Story Number {i}\nThe harbour story number {i} is told here in full.");
        std::fs::write(dir.path().join(name), body).expect("write odd name");
    }
    std::fs::write(dir.path().join("broken name.json"), "{").expect("write");
    let (report, err) = analyze_dir(dir.path());
    for name in names {
        assert!(
            report
                .articles
                .iter()
                .any(|a| a.source_file.as_deref().is_some_and(|f| f.ends_with(name))),
            "{name:?} not loaded"
        );
    }
    let line = cli_line(&err, "error", "broken name.json").unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains("not valid JSON"), "{line}");

    // The same names inside a zip, through the API.
    let bodies: Vec<String> = (0..names.len())
        .map(|i| format!("Zipped Story {i}\nThe zipped harbour story number {i}."))
        .collect();
    let members: Vec<(&str, &[u8])> = names
        .iter()
        .zip(&bodies)
        .map(|(n, b)| (*n, b.as_bytes()))
        .collect();
    let b = with_good(vec![InputFile::new("names.zip", deflated(&members))]);
    for name in names {
        let path = format!("names.zip/{name}");
        assert!(
            b.articles
                .iter()
                .any(|a| a.source_file.as_deref() == Some(&path)),
            "{path:?} not loaded: {:#?}",
            b.notices
        );
    }
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_still_loads() {
    use std::os::unix::ffi::OsStrExt;
    let dir = temp_dir_with_good();
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9 story.txt");
    if std::fs::write(
        dir.path().join(name),
        "Cafe Opens\nThe cafe opened on Monday.",
    )
    .is_err()
    {
        return; // the file system refuses such names
    }
    let (report, _) = analyze_dir(dir.path());
    assert!(report.articles.iter().any(|a| a
        .source_file
        .as_deref()
        .is_some_and(|f| f.ends_with("caf\u{FFFD} story.txt"))));
}

#[test]
fn five_thousand_tiny_files_in_a_folder() {
    let dir = temp_dir_with_good();
    let sub = dir.path().join("many");
    std::fs::create_dir(&sub).expect("mkdir");
    for i in 0..5_000 {
        let body: Vec<u8> = match i % 1000 {
            7 => Vec::new(),
            8 => b"\x89PNG\r\n\x1a\n".to_vec(),
            _ => format!("Note {i}: the harbour reopened, officials said.").into_bytes(),
        };
        std::fs::write(sub.join(format!("{i:04}.txt")), body).expect("write tiny file");
    }
    let (report, err) = analyze_dir(dir.path());
    assert_eq!(report.articles.len(), 4_990 + 1);
    for i in [7, 1007, 4007] {
        let line =
            cli_line(&err, "error", &format!("many/{i:04}.txt")).unwrap_or_else(|| panic!("{i}"));
        assert!(line.contains("empty"), "{line}");
    }
    let line = cli_line(&err, "error", "many/2008.txt").expect("PNG message");
    assert!(line.contains("PNG"), "{line}");
    if let Err(why) = invariants::check_report(&report) {
        panic!("{why}");
    }
}

/// Every kind of bad file in one folder through the CLI: one message each,
/// naming the file, and the good file still in the report.
#[test]
fn every_bad_file_in_one_folder_through_the_cli() {
    let dir = temp_dir_with_good();
    let text = "Mayor Says Yes\nThe mayor said yes to the new harbour plan on Monday.";
    let utf16: Vec<u8> = [
        &b"\xFF\xFE"[..],
        &text
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>(),
    ]
    .concat();
    let zipped = deflated(&[(
        "inside.txt",
        b"Inside Story\nThe quay reopened after repairs." as &[u8],
    )]);
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("empty.txt", Vec::new()),
        ("old.txt", b"Caf\xE9 Opens\nThe caf\xE9 opened on Monday, its owner said.".to_vec()),
        ("utf16.txt", utf16),
        ("bomb.zip", deflated(&[("bomb.txt", &vec![b'a'; 3 * 1024 * 1024])])),
        ("corrupt.zip", zipped[..zipped.len() / 2].to_vec()),
        ("nested.zip", deflated(&[("inner.zip", &zipped)])),
        ("deep.json", "[".repeat(5_000).into_bytes()),
        ("wrong.json", br#"{"hello": "world"}"#.to_vec()),
        (
            "page.html",
            b"<p>Port news.</p><script>window.PWNED=1</script><img src=x onerror=\"window.PWNED=2\"><a href=\"javascript:window.PWNED=3\">More</a>".to_vec(),
        ),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).expect("write test file");
    }
    let (report, err) = analyze_dir(dir.path());
    for (name, level, needle) in [
        ("photo.txt", "error", "PNG image"),
        ("empty.txt", "error", "empty"),
        ("old.txt", "warning", "Windows-1252"),
        ("bomb.zip/bomb.txt", "error", "zip-bomb guard"),
        ("corrupt.zip", "error", "not a readable zip"),
        ("deep.json", "error", "nested deeper than 64"),
        ("wrong.json", "error", "not a Parallax bundle"),
    ] {
        let line = cli_line(&err, level, name).unwrap_or_else(|| panic!("{name}: {err}"));
        assert!(line.contains(needle), "{line}");
    }
    let loaded: Vec<&str> = report
        .articles
        .iter()
        .filter_map(|a| a.source_file.as_deref())
        .filter_map(|f| f.rsplit_once(['/', '\\']).map(|(_, n)| n))
        .collect();
    for name in ["old.txt", "utf16.txt", "inside.txt", "page.html", GOOD_NAME] {
        assert!(loaded.contains(&name), "{name} not loaded: {loaded:?}");
    }
    let page = report
        .articles
        .iter()
        .find(|a| {
            a.source_file
                .as_deref()
                .is_some_and(|f| f.ends_with("page.html"))
        })
        .expect("page.html");
    assert_eq!(page.text, "Port news.\n\nMore");
    if let Err(why) = invariants::check_report(&report) {
        panic!("{why}");
    }
}

// ---------------------------------------------------------------- pathological text

/// `unit` repeated to about `bytes`.
fn fill(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len() + 1)
}

/// Ingest as a text file and analyse; every offset valid. Returns the report.
fn analyse_text(text: &str) -> Report {
    let report = parallax::run(vec![InputFile::new("text.txt", text.as_bytes())]);
    if let Err(why) = invariants::check_report(&report) {
        panic!("{why}");
    }
    report
}

#[test]
fn a_one_megabyte_single_line() {
    let line = fill(
        "The minister said the talks in Kyiv would go on, and Ms. Ortiz told “reporters” so. ",
        1024 * 1024,
    );
    assert!(!line.contains('\n'));
    let r = analyse_text(&line);
    assert_eq!(r.articles.len(), 1);
    assert!(r.articles[0].stats.words > 150_000);
}

#[test]
fn a_hundred_thousand_quotation_marks() {
    for unit in ["\"", "“", "”", "“”", "'", "«»‹›„"] {
        let marks = unit.repeat(100_000 / unit.chars().count());
        let r = analyse_text(&marks);
        assert!(r.articles.len() <= 1);
    }
    // And among words: 50,000 short quotes with a speaker each.
    let r = analyse_text(&"\"Yes,\" he said. ".repeat(25_000));
    assert_eq!(r.articles.len(), 1);
    assert!(r.articles[0].quotes.len() > 10_000);
}

#[test]
fn a_paragraph_of_unbalanced_quotes() {
    let text = format!(
        "Talks Stall\n{}",
        fill(
            "“He said “this and ‘that and «more and \"so on, she told reporters ",
            200_000
        )
    );
    let r = analyse_text(&text);
    assert!(!r.articles.is_empty());
}

#[test]
fn all_caps_no_spaces_and_mixed_scripts() {
    // Big enough to show a quadratic pass (benches/pathological.rs times
    // these at 0.5 and 1 MB), small enough for a debug build.
    const SIZE: usize = 150_000;
    for text in [
        fill(
            "THE MINISTER SAID THE TALKS WOULD CONTINUE IN KYIV ON MONDAY, OFFICIALS SAID.\n",
            SIZE,
        ),
        fill("ThePresidentSaidTalksInKyivWouldGoOn.", SIZE),
        fill("x", SIZE),
        fill(
            "قال الرئيس إن المحادثات ستستمر. 北京表示“谈判将继续”。 אמר השר \u{200f}שלום\u{200f} Kyiv said. ",
            SIZE,
        ),
        fill("e\u{301}\u{302}\u{303}\u{304}", SIZE),
        fill("\u{202e}Mr. Smith said “yes”\u{202c} ", SIZE),
    ] {
        let r = analyse_text(&text);
        assert!(!r.articles.is_empty());
    }
}

// ---------------------------------------------------------------- fuzz finds

/// Inputs that crashed a fuzz target (`fuzz/`), fed the way the target fed
/// them; each must now load with valid offsets.
#[test]
fn fuzz_regressions() {
    // ingest_txt: "Reporting by" followed by two spaces gave a byline span
    // one byte early, ending inside "»" (ingest/metadata.rs, `read`).
    let crash: &[(&str, &[u8])] = &[("story.txt", b"00ByReporting by  00000000000rintto\xc2\xbb")];
    for (name, bytes) in crash {
        let b = ingest::ingest(vec![InputFile::new(*name, *bytes)]);
        assert!(!b.articles.is_empty(), "{name}: {:#?}", b.notices);
        let report = parallax::analysis::analyze(b);
        if let Err(why) = invariants::check_report(&report) {
            panic!("{name}: {why}");
        }
    }
}
