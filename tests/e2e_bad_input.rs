//! Hostile and broken input in the browser (issue 8): every kind of bad file
//! dropped together with good ones gets its own message naming the file,
//! the good files still load and are analysed, and nothing from the content
//! (or a file name) runs as script. The same files go through the CLI in
//! `tests/bad_input.rs`; the limits are in README.md.
//!
//! Needs the built app (`make dist`), like `tests/e2e.rs`.

#[path = "e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{dist_dir, run, Browser, Server};
use serde_json::{json, Value};
use std::io::Write;
use std::time::{Duration, Instant};

const GOOD: &str = "Harbour council approves late-night ferry service

PORT ELLIS — The harbour council voted on Tuesday to run ferries until midnight from next spring.

\"This gives shift workers a way home,\" council leader Tomas Reyes said after the vote.
";

/// The page's hooks that a script from the content would set.
const PWNED: &str = "[window.PWNED, window.PWNED_IMG, window.PWNED_LINK, window.PWNED_NAME, \
                     window.PWNED_SVG, document.querySelectorAll('.article-list img, .reader img, iframe').length]";

#[test]
fn every_bad_file_gets_its_own_message_and_the_good_files_load() {
    run(bad_files_scenario());
}

#[test]
fn five_thousand_tiny_files_load_with_a_message_for_each_bad_one() {
    run(many_files_scenario());
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        out.start_file(*name, opts).expect("zip entry");
        out.write_all(bytes).expect("zip data");
    }
    out.finish().expect("zip").into_inner()
}

fn utf16(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

/// JS that builds a `File` from bytes.
fn file_js(name: &str, bytes: &[u8]) -> String {
    format!(
        "new File([new Uint8Array({})], {})",
        json!(bytes),
        json!(name)
    )
}

/// Wait up to `secs` for the analysis to be done.
async fn wait_done(browser: &Browser, what: &str, secs: u64) {
    let done = "document.querySelector('#analysis-status') !== null \
                && document.querySelector('#analysis-status').dataset.state === 'done'";
    wait_long(browser, done, what, secs).await;
}

/// Poll `expr` for up to `secs` (the harness's `wait` stops at 30 s).
async fn wait_long(browser: &Browser, expr: &str, what: &str, secs: u64) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if browser.eval(expr).await == Value::Bool(true) {
            return;
        }
        if Instant::now() > deadline {
            let page = browser
                .eval("document.body ? document.body.innerText.slice(0, 2000) : ''")
                .await;
            panic!(
                "timed out after {secs} s waiting for {what}; the page shows:\n{}",
                page.as_str().unwrap_or_default()
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The notices as (file, level, message), read from the page.
async fn notices(browser: &Browser) -> Vec<(String, String, String)> {
    let v = browser
        .eval(
            "Array.from(document.querySelectorAll('.notice')).map(n => [
               (n.querySelector('.notice-file') || {}).textContent || '',
               n.className,
               (n.querySelector('.notice-message') || {}).textContent || ''])",
        )
        .await;
    v.as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    let s = |i: usize| r[i].as_str().unwrap_or_default().to_string();
                    (s(0), s(1), s(2))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn expect_notice(all: &[(String, String, String)], file: &str, level: &str, needle: &str) {
    assert!(
        all.iter().any(|(f, l, m)| f.ends_with(file)
            && l.contains(&format!("notice-{level}"))
            && m.contains(needle)),
        "no {level} notice for {file} containing {needle:?}: {all:#?}"
    );
}

async fn bad_files_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;

    let inside = zip_of(&[(
        "inside.txt",
        b"Inside Story\nThe quay reopened after repairs on Monday, the port said." as &[u8],
    )]);
    let page = "<!doctype html><html><head><title>Port Reopens</title>\
        <script>window.PWNED = 1</script></head><body onload=\"window.PWNED = 4\">\
        <h1>Port Reopens</h1><p>The harbour master said ships could dock again.</p>\
        <img src=\"x\" onerror=\"window.PWNED_IMG = 1\">\
        <p><a href=\"javascript:window.PWNED_LINK = 1\">Read more</a> about the quay.</p>\
        <svg><script>window.PWNED_SVG = 1</script></svg></body></html>";
    let text = "Mayor Says Yes\nThe mayor said yes to the new harbour plan on Monday, aides said.";
    let files = vec![
        file_js("good.txt", GOOD.as_bytes()),
        file_js("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        file_js(
            "old.txt",
            b"Caf\xE9 Opens\nThe caf\xE9 opened on Monday, its owner said.",
        ),
        file_js("utf16-bom.txt", &utf16(text, true)),
        file_js(
            "utf16-plain.txt",
            &utf16(&text.replace("Monday", "Tuesday"), false),
        ),
        file_js("empty.txt", b""),
        file_js(
            "bomb.zip",
            &zip_of(&[("bomb.txt", &vec![b'a'; 30 * 1024 * 1024])]),
        ),
        file_js("nested.zip", &zip_of(&[("inner.zip", &inside)])),
        file_js("corrupt.zip", &inside[..inside.len() / 2]),
        file_js("deep.json", "[".repeat(5_000).as_bytes()),
        file_js("wrong.json", br#"{"hello": "world"}"#),
        file_js("page.html", page.as_bytes()),
        file_js(
            "<img src=x onerror=\"window.PWNED_NAME=1\"> naïve résumé (1).txt",
            b"Odd Name Story\nThe ferry ran late on Friday, the operator said.",
        ),
        // 50 MB of text, made in the page.
        "new File([new Uint8Array(50 * 1024 * 1024).fill(97)], 'big.txt')".to_string(),
    ];
    browser
        .client
        .execute(&harness::drop_script_of(&files), vec![])
        .await
        .expect("dispatch the drop");
    wait_done(&browser, "the good files to be analysed", 90).await;

    let all = notices(&browser).await;
    expect_notice(&all, "photo.txt", "error", "PNG image");
    expect_notice(&all, "empty.txt", "error", "empty");
    expect_notice(&all, "old.txt", "warning", "Windows-1252");
    expect_notice(&all, "bomb.zip/bomb.txt", "error", "zip-bomb guard");
    expect_notice(&all, "corrupt.zip", "error", "zip");
    expect_notice(&all, "deep.json", "error", "nested deeper");
    expect_notice(&all, "wrong.json", "error", "not a Parallax bundle");
    expect_notice(&all, "big.txt", "error", "over the 20 MB limit");

    let list = browser.text_of(".article-list").await;
    for name in [
        "good.txt",
        "old.txt",
        "utf16-bom.txt",
        "utf16-plain.txt",
        "inside.txt",
        "page.html",
        "naïve résumé (1).txt",
    ] {
        assert!(list.contains(name), "{name} is not listed: {list}");
    }
    // The two UTF-16 files (with and without a BOM) read as text.
    let same = browser
        .eval(
            "(() => { const t = Array.from(document.querySelectorAll('.article-list > li.article'))
               .filter(li => li.innerText.includes('utf16-')).map(li => li.querySelector('.article-title').innerText);
               return t.length === 2 && t.every(x => x.includes('Mayor Says Yes')); })()",
        )
        .await;
    assert_eq!(
        same,
        Value::Bool(true),
        "UTF-16 with and without BOM: {list}"
    );

    // Nothing from the content or a file name ran or was inserted as markup,
    // in the list, the notices or the reading view.
    assert_eq!(
        browser.eval(PWNED).await,
        json!([null, null, null, null, null, 0])
    );
    let shown = browser
        .eval("document.body.innerText.includes('ships could dock again')")
        .await;
    assert_eq!(shown, Value::Bool(true), "page.html's text is shown");
    assert_eq!(
        browser.eval(PWNED).await,
        json!([null, null, null, null, null, 0])
    );
    browser.screenshot("30-bad-input").await;
    browser
        .full_page_screenshot("30-bad-input-full", 1280)
        .await;
    browser.close().await;
}

async fn many_files_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;
    // 5,000 files: every thousandth-and-seventh empty, -eighth a PNG.
    let script = "const dt = new DataTransfer();
        for (let i = 0; i < 5000; i++) {
          const name = String(i).padStart(4, '0') + '.txt';
          let body;
          if (i % 1000 === 7) body = new Uint8Array(0);
          else if (i % 1000 === 8) body = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
          else body = new TextEncoder().encode('Note ' + i + ': the harbour reopened, officials said.');
          dt.items.add(new File([body], name));
        }
        const zone = document.getElementById('drop-zone');
        for (const type of ['dragenter', 'dragover', 'drop']) {
          zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
        }
        return true;";
    browser
        .client
        .execute(script, vec![])
        .await
        .expect("dispatch the drop");
    wait_done(&browser, "5,000 files to be analysed", 240).await;
    let all = notices(&browser).await;
    for i in [7, 1007, 4007] {
        expect_notice(&all, &format!("{i:04}.txt"), "error", "empty");
    }
    for i in [8, 2008, 4008] {
        expect_notice(&all, &format!("{i:04}.txt"), "error", "PNG");
    }
    let figure = browser
        .eval(
            "Array.from(document.querySelectorAll('.figure')).map(f => f.textContent).find(t => t.startsWith('Articles')) || ''",
        )
        .await;
    let figure = figure
        .as_str()
        .unwrap_or_default()
        .replace([',', '\u{202F}', ' '], "");
    assert!(
        figure.contains("4990"),
        "the summary counts 4,990 articles: {figure}"
    );
    browser.screenshot("31-five-thousand-files").await;
    browser.close().await;
}
