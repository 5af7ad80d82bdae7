//! End-to-end tests: the built web app (`dist/`, from `make dist`) in
//! headless Chromium, driven through chromedriver. Each test starts its own
//! static server and browser; tests run one at a time.
//!
//! Set `PARALLAX_SCREENSHOTS=dir` to save screenshots of the key states.
//! The fixture articles below are invented for these tests.

#[path = "e2e/harness.rs"]
mod harness;

use harness::{dist_dir, fixtures, run, Browser, Server};
use serde_json::json;

const FERRY: &str = "Harbour council approves late-night ferry service

By Mara Lindqvist

PORT ELLIS — The harbour council voted on Tuesday to run ferries until midnight from next spring, ending a two-year dispute over the cost of evening crossings.

\"This gives shift workers a way home,\" council leader Tomas Reyes said after the vote.

Opponents said the extra sailings would strain the budget, which is already stretched by repairs to the north pier.
";

const STORM: &str = "# Storm keeps coastal road closed for a second day

Crews worked through the night to clear fallen trees from the coast road, which stayed closed on Wednesday as gusts kept blowing across the headland.

Drivers were told to use the inland route, adding about forty minutes to the trip between the two towns.

The roads office said it hoped to reopen one lane by Thursday evening.
";

const LIBRARY_HTML: &str = "<!doctype html><html><head><title>Library extends weekend opening hours</title></head>
<body><article><h1>Library extends weekend opening hours</h1>
<p>The central library will open on Sunday afternoons from next month after a trial drew more visitors than expected.</p>
<p>Staff said the busiest hours were between two and four, when families came in for the reading corner.</p>
<p>The change will be reviewed at the end of the year.</p></article></body></html>";

const MARKET: &str = "Farmers market moves to the old rail yard

The weekly farmers market will move to the old rail yard in May, giving stallholders twice the space they have on the square.

Traders welcomed the move but asked for better signs from the station.
";

// One synchronous test per scenario: `run` takes the one-browser-at-a-time
// lock and drives the scenario on its own runtime.
#[test]
fn dropped_files_are_listed_and_a_bad_file_gets_a_notice() {
    run(drop_scenario());
}

#[test]
fn file_picker_loads_files_and_metadata_can_be_edited() {
    run(file_picker_scenario());
}

#[test]
fn folder_picker_loads_a_folder_tree() {
    run(folder_picker_scenario());
}

#[test]
fn pasted_text_splits_into_articles_and_clear_removes_them() {
    run(paste_scenario());
}

#[test]
fn example_bundle_loads_six_articles_and_is_analysed_in_the_worker() {
    run(example_scenario());
}

#[test]
fn works_offline_once_the_service_worker_has_the_files() {
    run(offline_scenario());
}

#[test]
fn analysis_makes_no_network_request_and_the_policy_blocks_other_origins() {
    run(privacy_scenario());
}

#[test]
fn the_bundle_and_edits_come_back_after_a_reload_until_cleared() {
    run(persistence_scenario());
}

#[test]
fn comparison_views_render_and_every_pick_is_highlighted_in_the_articles() {
    run(compare_scenario());
}

/// Show the view `tab` and wait until its panel is there.
async fn open_tab(browser: &Browser, tab: &str) {
    browser.click(&format!("#tab-{tab}")).await;
    browser
        .wait(
            &format!("document.querySelector('#view-{tab}') !== null"),
            &format!("the {tab} view"),
        )
        .await;
    browser
        .eval("(document.querySelector('#compare').scrollIntoView(), true)")
        .await;
}

async fn compare_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;

    // Who is named: one column per article, rows sorted by spread.
    browser
        .wait(
            "document.querySelector('.matrix tbody tr') !== null",
            "the entity matrix",
        )
        .await;
    assert_eq!(browser.count(".matrix thead th.article-col").await, 6);
    assert!(browser.count(".matrix tbody tr").await >= 10);
    browser.screenshot("10-entities").await;
    // Filter by type: only people.
    browser
        .eval("(() => { const s = document.querySelector('#entity-type'); s.value = 'PERSON'; s.dispatchEvent(new Event('change', { bubbles: true })); return true; })()")
        .await;
    browser
        .wait(
            "Array.from(document.querySelectorAll('.matrix tbody .type')).every(t => t.innerText.toLowerCase() === 'person')",
            "only people in the matrix",
        )
        .await;

    // Clicking a name highlights it in every article that names it.
    let name = browser
        .text_of(".matrix tbody tr:first-child .entity-name")
        .await;
    browser
        .click(".matrix tbody tr:first-child .entity-name")
        .await;
    browser
        .wait(
            "document.querySelectorAll('.reader mark.focus').length > 1",
            "highlights in the reader",
        )
        .await;
    let columns = browser
        .eval("new Set(Array.from(document.querySelectorAll('.reader mark.focus')).map(m => m.closest('.reader-col').dataset.id)).size")
        .await;
    assert!(
        columns.as_u64().unwrap_or(0) >= 2,
        "{name} highlighted in one article only"
    );
    let marked = browser.text_of(".reader mark.focus").await;
    assert!(!marked.trim().is_empty());
    let bar = browser.text_of(".reader-bar").await;
    assert!(
        bar.contains(&name),
        "the reader says what is highlighted: {bar}"
    );
    browser.screenshot("11-reader-focus").await;
    browser.click("#clear-focus").await;
    assert_eq!(browser.count(".reader mark.focus").await, 0);

    // Quotes: statements in several articles, with diffs and flags.
    open_tab(&browser, "quotes").await;
    browser.click(".quote-alignment .chip:last-child").await;
    browser
        .wait(
            "document.querySelectorAll('.quote-group').length > 0",
            "quote groups",
        )
        .await;
    browser.screenshot("12-quotes").await;
    browser.click(".quote-group .speaker").await;
    browser
        .wait(
            "document.querySelectorAll('.reader mark.focus').length > 0",
            "the quote highlighted",
        )
        .await;

    // Voice share: a bar per article in the chart.
    open_tab(&browser, "voices").await;
    assert!(browser.count(".bar-chart rect").await > 0);
    assert!(browser.count(".voices tbody tr").await > 0);
    browser.screenshot("13-voices").await;

    open_tab(&browser, "numbers").await;
    browser.screenshot("14-numbers").await;
    open_tab(&browser, "omissions").await;
    browser.screenshot("15-omissions").await;
    open_tab(&browser, "wording").await;
    assert_eq!(browser.count(".term-column").await, 6);
    browser.screenshot("16-wording").await;
    open_tab(&browser, "hygiene").await;

    // The tabs work from the keyboard.
    browser
        .eval("(document.querySelector('#tab-entities').focus(), true)")
        .await;
    browser.click("#tab-entities").await;
    browser.type_into("#tab-entities", "\u{E014}").await;
    browser
        .wait(
            "document.querySelector('#tab-quotes').getAttribute('aria-selected') === 'true' && document.activeElement.id === 'tab-quotes'",
            "the right arrow to select the next tab",
        )
        .await;
    browser.full_page_screenshot("17-compare-tablet", 820).await;
    browser.close().await;
}

/// A script that drops text files (name, contents) on the drop zone.
fn drop_script(files: &[(&str, &str)]) -> String {
    let adds: String = files
        .iter()
        .map(|(name, text)| {
            format!(
                "dt.items.add(new File([{}], {}, {{ type: 'text/plain' }}));\n",
                json!(text),
                json!(name)
            )
        })
        .collect();
    format!(
        "const dt = new DataTransfer();
         {adds}
         const zone = document.getElementById('drop-zone');
         for (const type of ['dragenter', 'dragover', 'drop']) {{
           zone.dispatchEvent(new DragEvent(type, {{ bubbles: true, cancelable: true, dataTransfer: dt }}));
         }}
         return true;"
    )
}

async fn drop_files(browser: &Browser, files: &[(&str, &str)]) {
    browser
        .client
        .execute(&drop_script(files), vec![])
        .await
        .expect("dispatch the drop");
}

async fn wait_analysed(browser: &Browser) {
    browser
        .wait(
            "document.querySelector('#analysis-status').dataset.state === 'done'",
            "the analysis to finish",
        )
        .await;
}

async fn wait_for_service_worker(browser: &Browser) {
    browser
        .wait(
            "navigator.serviceWorker.controller !== null",
            "the service worker to control the page",
        )
        .await;
}

async fn offline_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;
    wait_for_service_worker(&browser).await;
    server.stop();

    // No server any more: the page, its code and the worker come from the
    // service worker's cache.
    browser.reload().await;
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;
    drop_files(&browser, &[("ferry.txt", FERRY)]).await;
    expect_articles(&browser, 7).await;
    wait_analysed(&browser).await;
    let status = browser.text_of("#analysis-status").await;
    assert!(status.contains("7 articles"), "{status}");
    browser.close().await;
}

async fn privacy_scenario() {
    let server = Server::start(dist_dir());
    // Another origin the page could reach if the policy let it.
    let elsewhere = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;
    wait_for_service_worker(&browser).await;
    let policy = browser
        .eval("(document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]') || {}).content || ''")
        .await;
    let policy = policy.as_str().unwrap_or_default().to_string();
    assert!(policy.contains("connect-src 'self'"), "{policy}");
    assert!(policy.contains("default-src 'self'"), "{policy}");

    let served = server.requests().len();
    browser
        .eval("(window.__t0 = performance.now(), true)")
        .await;
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;
    drop_files(&browser, &[("ferry.txt", FERRY), ("storm.md", STORM)]).await;
    expect_articles(&browser, 8).await;
    wait_analysed(&browser).await;

    let after: Vec<String> = server.requests().into_iter().skip(served).collect();
    assert!(
        after.is_empty(),
        "loading and analysing made requests to the server: {after:?}"
    );
    let fetched = browser
        .eval(
            "performance.getEntriesByType('resource')
               .filter(e => e.startTime >= window.__t0).map(e => e.name)",
        )
        .await;
    assert_eq!(
        fetched,
        json!([]),
        "the page fetched something after it had loaded"
    );

    // Content cannot call out: the policy blocks a request to another origin.
    browser
        .eval(&format!(
            "(window.__violations = [],
              document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective)),
              window.__probe = null,
              fetch({}).then(() => window.__probe = 'reached', () => window.__probe = 'blocked'),
              true)",
            json!(format!("{}index.html", elsewhere.url()))
        ))
        .await;
    let probe = browser
        .wait("window.__probe", "the cross-origin probe")
        .await;
    assert_eq!(probe, json!("blocked"));
    let violations = browser
        .wait("window.__violations.join(' ')", "a policy report")
        .await;
    assert!(
        violations
            .as_str()
            .unwrap_or_default()
            .contains("connect-src"),
        "{violations}"
    );
    assert!(
        elsewhere.requests().is_empty(),
        "the other origin was contacted: {:?}",
        elsewhere.requests()
    );
    browser.close().await;
}

/// How many bytes of bundle the page keeps in IndexedDB (0 when none), via
/// the same database the app uses.
const STORED_BYTES: &str = "(() => {
    window.__stored = null;
    const open = indexedDB.open('parallax');
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('bundles')) { window.__stored = 0; return; }
      const get = db.transaction('bundles').objectStore('bundles').get('current');
      get.onsuccess = () => { window.__stored = get.result ? get.result.length : 0; db.close(); };
    };
    return true;
  })()";

async fn stored_bytes(browser: &Browser) -> u64 {
    browser.eval(STORED_BYTES).await;
    browser
        .wait("window.__stored !== null", "IndexedDB to answer")
        .await;
    browser.eval("window.__stored").await.as_u64().unwrap_or(0)
}

async fn persistence_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;

    // Edit an outlet; the edit is kept with the bundle.
    browser.click(".article .field-outlet .edit-button").await;
    browser
        .type_into(".article .field-outlet .field-input", "Desk Copy\u{E007}")
        .await;
    browser
        .wait(
            "(document.querySelector('.article .field-outlet .field-value') || {}).innerText === 'Desk Copy'",
            "the edited outlet",
        )
        .await;
    let deadline = std::time::Instant::now() + harness::WAIT;
    while stored_bytes(&browser).await == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the bundle was never stored"
        );
    }

    browser.reload().await;
    expect_articles(&browser, 6).await;
    browser
        .wait(
            "(document.querySelector('.article .field-outlet .field-value') || {}).innerText === 'Desk Copy'",
            "the edit to come back",
        )
        .await;
    wait_analysed(&browser).await;
    browser.screenshot("09-restored").await;

    // Clear removes the kept copy too.
    browser.click("#clear-button").await;
    expect_articles(&browser, 0).await;
    let deadline = std::time::Instant::now() + harness::WAIT;
    while stored_bytes(&browser).await > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the kept bundle was not removed"
        );
    }
    browser.reload().await;
    browser
        .wait(
            "document.querySelector('#empty-heading') !== null",
            "the empty state",
        )
        .await;
    assert_eq!(browser.count(".article-list > li.article").await, 0);
    browser.close().await;
}

/// Wait for `n` articles in the list.
async fn expect_articles(browser: &Browser, n: usize) {
    browser.wait_count(".article-list > li.article", n).await;
}

async fn drop_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;
    browser.screenshot("01-empty").await;
    browser.full_page_screenshot("01-empty-tablet", 820).await;

    // A drop as a script can build it: files only, no directory entries.
    let script = format!(
        "const dt = new DataTransfer();
         dt.items.add(new File([{ferry}], 'ferry.txt', {{ type: 'text/plain' }}));
         dt.items.add(new File([{storm}], 'storm.md', {{ type: 'text/markdown' }}));
         dt.items.add(new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13])],
                               'photo.png', {{ type: 'image/png' }}));
         const zone = document.getElementById('drop-zone');
         for (const type of ['dragenter', 'dragover', 'drop']) {{
           zone.dispatchEvent(new DragEvent(type, {{ bubbles: true, cancelable: true, dataTransfer: dt }}));
         }}
         return true;",
        ferry = json!(FERRY),
        storm = json!(STORM),
    );
    browser
        .client
        .execute(&script, vec![])
        .await
        .expect("dispatch the drop");

    expect_articles(&browser, 2).await;
    browser
        .wait(
            "Array.from(document.querySelectorAll('.notice-error')).some(n => n.innerText.includes('photo.png'))",
            "an error notice naming photo.png",
        )
        .await;
    let list = browser.text_of(".article-list").await;
    assert!(
        list.contains("ferry"),
        "the ferry article is listed: {list}"
    );
    assert!(
        list.contains("ferry.txt"),
        "its source file is shown: {list}"
    );
    assert!(
        list.contains("storm.md"),
        "the storm article's source is shown: {list}"
    );
    // The drop highlight is gone after the drop.
    assert_eq!(browser.count(".drop-zone.dragging").await, 0);
    browser
        .wait(
            "document.querySelector('#analysis-status').dataset.state === 'done'",
            "analysis",
        )
        .await;
    browser.screenshot("02-dropped").await;
    browser.close().await;
}

async fn file_picker_scenario() {
    let dir = fixtures(&[("library.html", LIBRARY_HTML), ("market.txt", MARKET)]);
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;

    let paths = [
        dir.path().join("library.html"),
        dir.path().join("market.txt"),
    ]
    .iter()
    .map(|p| p.display().to_string())
    .collect::<Vec<_>>()
    .join("\n");
    browser.type_into("#file-input", &paths).await;
    expect_articles(&browser, 2).await;
    let list = browser.text_of(".article-list").await;
    assert!(
        list.contains("library.html") && list.contains("market.txt"),
        "{list}"
    );
    assert!(
        list.contains("Library extends weekend opening hours"),
        "HTML is turned into text: {list}"
    );
    assert!(!list.contains("<p>"), "no markup in the list: {list}");

    // Edit the outlet of the first article inline.
    browser.click(".article .field-outlet .edit-button").await;
    browser
        .wait(
            "document.activeElement && document.activeElement.classList.contains('field-input')",
            "the outlet input to take focus",
        )
        .await;
    browser
        .type_into(
            ".article .field-outlet .field-input",
            "Harbour Gazette\u{E007}",
        )
        .await;
    browser
        .wait(
            "(document.querySelector('.article .field-outlet .field-value') || {}).innerText === 'Harbour Gazette'",
            "the edited outlet",
        )
        .await;
    browser
        .wait(
            "document.activeElement.classList.contains('edit-button')",
            "focus to return to the edit button",
        )
        .await;
    browser.screenshot("03-picked-and-edited").await;
    browser.close().await;
}

async fn folder_picker_scenario() {
    let dir = fixtures(&[("desk/ferry.txt", FERRY), ("desk/later/storm.md", STORM)]);
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;

    let folder = dir.path().join("desk").display().to_string();
    browser.type_into("#folder-input", &folder).await;
    expect_articles(&browser, 2).await;
    let list = browser.text_of(".article-list").await;
    assert!(list.contains("ferry.txt"), "{list}");
    assert!(list.contains("storm.md"), "{list}");
    assert!(
        list.contains("later/storm.md"),
        "folder paths are kept: {list}"
    );
    browser.close().await;
}

async fn paste_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;

    assert_eq!(
        browser
            .eval("document.querySelector('#paste-button').disabled")
            .await,
        json!(true),
        "nothing to add before anything is pasted"
    );
    let pasted = format!("{}\n---\n{}", MARKET.trim(), FERRY.trim());
    browser.type_into("#paste-text", &pasted).await;
    browser.click("#paste-button").await;
    expect_articles(&browser, 2).await;
    let list = browser.text_of(".article-list").await;
    assert!(
        list.contains("rail yard") && list.contains("ferry"),
        "{list}"
    );
    assert_eq!(
        browser
            .eval("document.querySelector('#paste-text').value")
            .await,
        json!(""),
        "the paste box is emptied"
    );
    browser.screenshot("04-pasted").await;

    browser.click("#clear-button").await;
    expect_articles(&browser, 0).await;
    browser
        .wait(
            "document.querySelector('.empty-state') !== null",
            "the empty state",
        )
        .await;
    browser.close().await;
}

async fn example_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;

    // Record every state the status line goes through.
    browser
        .eval(
            "(() => {
               window.__statuses = [];
               const record = () => {
                 const s = document.getElementById('analysis-status');
                 if (s) window.__statuses.push(s.dataset.state + ': ' + s.innerText);
               };
               new MutationObserver(record).observe(document.body,
                 { subtree: true, childList: true, characterData: true, attributes: true });
               return true;
             })()",
        )
        .await;
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    browser
        .wait(
            "document.querySelector('#analysis-status').dataset.state === 'done'",
            "the analysis to finish",
        )
        .await;
    let status = browser.text_of("#analysis-status").await;
    assert!(status.contains("6 articles"), "{status}");
    let seen = browser.eval("window.__statuses.join('\\n')").await;
    let seen = seen.as_str().unwrap_or_default();
    assert!(
        seen.contains("running: Analysing"),
        "the progress indicator was shown: {seen}"
    );
    assert_eq!(browser.count(".summary-table tbody tr").await, 6);
    let list = browser.text_of(".article-list").await;
    assert!(list.contains("003_0881abacc9ad58af.txt"), "{list}");
    assert!(
        !list.contains("counting…"),
        "every article has its word count: {list}"
    );

    browser.screenshot("05-example").await;
    browser
        .eval("(document.querySelector('.article-list').scrollIntoView(), true)")
        .await;
    browser.screenshot("06-example-articles").await;
    browser.full_page_screenshot("07-example-full", 1280).await;
    browser.full_page_screenshot("08-example-tablet", 820).await;
    browser.close().await;
}
