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
fn the_bundle_and_edits_come_back_after_a_reload_and_a_browser_restart_until_cleared() {
    run(persistence_scenario());
}

#[test]
fn comparison_views_render_and_every_pick_is_highlighted_in_the_articles() {
    run(compare_scenario());
}

/// Show the view `tab` and wait until its panel is there.
async fn open_tab(browser: &Browser, tab: &str) {
    // Scroll the tabs clear of the sticky corrections bar first.
    browser
        .eval("(document.querySelector('#compare').scrollIntoView(), true)")
        .await;
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
    // `textContent`, not `innerText`: the reading view's texts are skipped
    // by layout until they are scrolled near (`content-visibility: auto`),
    // and `innerText` of skipped text can be empty on a busy machine, when
    // the scroll to the first highlight has not been laid out yet.
    let marked = browser
        .eval("Array.from(document.querySelectorAll('.reader mark.focus')).map(e => e.textContent).join('\\n')")
        .await;
    assert!(!marked.as_str().unwrap_or_default().trim().is_empty());
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
    let files: Vec<String> = files
        .iter()
        .map(|(name, text)| {
            format!(
                "new File([{}], {}, {{ type: 'text/plain' }})",
                json!(text),
                json!(name)
            )
        })
        .collect();
    harness::drop_script_of(&files)
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

/// Set the first article's outlet to `outlet` in its metadata editor.
async fn edit_outlet(browser: &Browser, outlet: &str) {
    browser.click(".article .field-outlet .edit-button").await;
    browser
        .type_into(
            ".article .field-outlet .field-input",
            &format!("{outlet}\u{E007}"),
        )
        .await;
}

/// Wait until the first article shows the outlet `outlet`.
async fn expect_outlet(browser: &Browser, outlet: &str, what: &str) {
    browser
        .wait(
            &format!(
                "(document.querySelector('.article .field-outlet .field-value') || {{}}).innerText === {}",
                json!(outlet)
            ),
            what,
        )
        .await;
}

async fn persistence_scenario() {
    let server = Server::start(dist_dir());
    // A profile that outlives the first browser, for the restart below.
    let profile = tempfile::tempdir().expect("temp profile dir");
    let browser = Browser::launch_with_profile(profile.path()).await;
    browser.open(&server).await;
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;

    // Edit an outlet; the edit is kept with the bundle.
    edit_outlet(&browser, "Desk Copy").await;
    expect_outlet(&browser, "Desk Copy", "the edited outlet").await;
    let deadline = std::time::Instant::now() + harness::WAIT;
    while stored_bytes(&browser).await == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the bundle was never stored"
        );
    }

    browser.reload().await;
    expect_articles(&browser, 6).await;
    expect_outlet(&browser, "Desk Copy", "the edit to come back").await;
    wait_analysed(&browser).await;
    browser.screenshot("09-restored").await;

    // And after the browser is closed and started again on its profile.
    browser.close().await;
    let browser = Browser::launch_with_profile(profile.path()).await;
    browser.open(&server).await;
    expect_articles(&browser, 6).await;
    expect_outlet(
        &browser,
        "Desk Copy",
        "the edit to come back after a browser restart",
    )
    .await;
    wait_analysed(&browser).await;

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

#[test]
fn storage_failures_are_shown_and_the_work_stays_open() {
    run(storage_failure_scenario());
}

/// The text of the storage warning ("" when there is none).
const STORAGE_WARNING: &str =
    "(document.querySelector('#storage-warning') || {}).textContent || ''";

async fn storage_failure_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;

    // The browser's storage for the page is full: every write fails as a
    // write over the quota does.
    browser
        .eval(
            "(() => { window.__put = IDBObjectStore.prototype.put; \
             IDBObjectStore.prototype.put = function () { \
               throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }; \
             return true; })()",
        )
        .await;
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    let warning = browser
        .wait(
            &format!("{STORAGE_WARNING}.includes('is full') && {STORAGE_WARNING}"),
            "the warning that the bundle is not kept",
        )
        .await;
    let warning = warning.as_str().unwrap_or_default().to_string();
    assert!(
        warning.contains("gone after a reload") && warning.contains("export the report"),
        "the warning says what is at stake and what to do: {warning}"
    );
    // The work goes on in the tab.
    wait_analysed(&browser).await;
    assert_eq!(browser.count(".article-list > li.article").await, 6);
    assert_eq!(stored_bytes(&browser).await, 0, "nothing was kept");
    browser.screenshot("17-storage-full").await;

    // Room again: the next change is kept, and the warning goes.
    browser
        .eval("(() => { IDBObjectStore.prototype.put = window.__put; return true; })()")
        .await;
    edit_outlet(&browser, "Desk Copy").await;
    browser
        .wait(
            &format!("{STORAGE_WARNING} === ''"),
            "the warning to go once the bundle is kept",
        )
        .await;
    assert!(stored_bytes(&browser).await > 0, "the bundle is kept now");

    // Storage switched off from the page's start (as some private modes
    // and settings do): the page says at once that nothing will be kept.
    browser
        .before_every_page(
            "IDBFactory.prototype.open = function () { \
               throw new DOMException('The user denied permission.', 'SecurityError'); };",
        )
        .await;
    browser.reload().await;
    let warning = browser
        .wait(
            &format!("{STORAGE_WARNING}.includes('does not let') && {STORAGE_WARNING}"),
            "the warning that this browser keeps nothing",
        )
        .await;
    assert!(
        warning
            .as_str()
            .unwrap_or_default()
            .contains("refused storage"),
        "the warning gives the browser's reason: {warning}"
    );
    expect_articles(&browser, 0).await;
    // Everything else works; the warning stays while nothing can be kept,
    // until dismissed.
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;
    assert!(browser
        .eval(STORAGE_WARNING)
        .await
        .as_str()
        .is_some_and(|w| w.contains("does not let")));
    browser.screenshot("18-storage-off").await;
    browser.click("#storage-warning button").await;
    browser
        .wait(
            &format!("{STORAGE_WARNING} === ''"),
            "the dismissed warning to go",
        )
        .await;
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
    expect_outlet(&browser, "Harbour Gazette", "the edited outlet").await;
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

#[test]
fn corrections_follow_in_every_table_survive_a_reload_and_undo() {
    run(corrections_scenario());
}

/// Number of corrections the bar says are in force.
async fn corrections(browser: &Browser) -> u64 {
    browser
        .eval("Number((document.querySelector('#corrections-count') || { dataset: {} }).dataset.count || 0)")
        .await
        .as_u64()
        .unwrap_or(0)
}

async fn wait_corrections(browser: &Browser, n: u64) {
    browser
        .wait(
            &format!("Number((document.querySelector('#corrections-count') || {{ dataset: {{}} }}).dataset.count) === {n}"),
            &format!("{n} corrections"),
        )
        .await;
}

/// Tick the entity matrix rows `rows` (selectors of `tr`s) and wait for
/// the merge bar.
async fn tick_for_merge(browser: &Browser, rows: &[String]) {
    for row in rows {
        browser.click(&format!("{row} .row-select")).await;
    }
    browser
        .wait(
            "document.querySelector('#merge-into') !== null",
            "the merge bar",
        )
        .await;
}

/// Merge the ticked rows (the first correction) and wait until the matrix
/// has one row fewer than `rows_before`.
async fn merge_ticked(browser: &Browser, rows_before: u64) {
    browser.click("#merge-button").await;
    wait_corrections(browser, 1).await;
    browser
        .wait(
            &format!("{ENTITY_ROWS} === {}", rows_before - 1),
            "one row fewer in the matrix",
        )
        .await;
}

/// Rows of the entity matrix (all pages): the count on its tab.
const ENTITY_ROWS: &str = "Number(document.querySelector('#tab-entities .tab-count').innerText)";

async fn entity_rows(browser: &Browser) -> u64 {
    browser.eval(ENTITY_ROWS).await.as_u64().unwrap_or(0)
}

/// Speakers named in the quote table (every statement shown).
const MEMBER_SPEAKERS: &str = "Array.from(document.querySelectorAll('.member .member-head .hint'))
    .map(h => h.innerText.split(' · ')[0]).filter(s => s && !s.startsWith('fullest'))";

/// Speakers in the voice share table.
const VOICE_SPEAKERS: &str =
    "Array.from(document.querySelectorAll('.voices tbody th')).map(t => t.innerText.trim())";

async fn strings(browser: &Browser, expr: &str) -> Vec<String> {
    browser
        .eval(expr)
        .await
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Scroll to the comparison views (clear of the sticky corrections bar),
/// then show view `tab`.
async fn goto_tab(browser: &Browser, tab: &str) {
    browser
        .eval("(document.querySelector('#compare').scrollIntoView(), true)")
        .await;
    open_tab(browser, tab).await;
}

async fn show_all_quotes(browser: &Browser) {
    goto_tab(browser, "quotes").await;
    browser.click(".quote-alignment .chip:last-child").await;
    browser
        .wait(
            "document.querySelectorAll('.quote-group').length > 0",
            "quote groups",
        )
        .await;
}

async fn corrections_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;
    assert_eq!(corrections(&browser).await, 0);
    browser
        .wait(
            "document.querySelector('.matrix tbody tr') !== null",
            "the entity matrix",
        )
        .await;
    let rows_before = entity_rows(&browser).await;

    // The speakers the quote table shows before any correction.
    show_all_quotes(&browser).await;
    let speakers = strings(&browser, MEMBER_SPEAKERS).await;
    goto_tab(&browser, "entities").await;

    // Merge two quoted entities: tick their rows, merge.
    let picked = browser
        .eval(
            "Array.from(document.querySelectorAll('.matrix tbody tr'))
               .filter(r => r.querySelector('.type-PERSON') && r.querySelector('.cell-quoted'))
               .slice(0, 2).map(r => r.dataset.entity)",
        )
        .await;
    let picked: Vec<String> = picked
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(picked.len(), 2, "the example has two quoted entities");
    let rows: Vec<String> = picked
        .iter()
        .map(|id| format!(".matrix tr[data-entity='{id}']"))
        .collect();
    tick_for_merge(&browser, &rows).await;
    let into = browser
        .eval("(s => s.options[s.selectedIndex].text)(document.querySelector('#merge-into'))")
        .await;
    let into = into.as_str().unwrap_or_default().to_string();
    let from = browser
        .eval("Array.from(document.querySelector('#merge-into').options).filter(o => !o.selected).map(o => o.text)[0]")
        .await;
    let from = from.as_str().unwrap_or_default().to_string();
    assert!(!into.is_empty() && !from.is_empty() && into != from);
    assert!(speakers.contains(&from), "{from} is quoted: {speakers:?}");
    browser.screenshot("20-merge-selected").await;
    merge_ticked(&browser, rows_before).await;
    let names = browser.text_of(".matrix tbody .entity-name").await;
    assert!(names.lines().any(|l| l.trim() == into), "{names}");
    assert!(
        !names.lines().any(|l| l.trim() == from),
        "{from} is merged away: {names}"
    );
    // The quote table follows: the merged speaker's quotes are now the other's.
    show_all_quotes(&browser).await;
    let speakers = strings(&browser, MEMBER_SPEAKERS).await;
    assert!(
        !speakers.contains(&from),
        "{from} still quoted: {speakers:?}"
    );
    assert!(speakers.contains(&into), "{into} quoted: {speakers:?}");

    // Change a speaker: voice share follows.
    goto_tab(&browser, "voices").await;
    let voices_before = strings(&browser, VOICE_SPEAKERS).await;
    show_all_quotes(&browser).await;
    browser.click(".member .correct-quote").await;
    browser
        .wait(
            "document.querySelector('.quote-editor .speaker-select') !== null",
            "the quote editor",
        )
        .await;
    // A bundle with many entities gets a filter box over the speakers:
    // typing part of a name narrows the list and keeps that name.
    let filtered = browser
        .eval(
            "(() => {
               const s = document.querySelector('.quote-editor .speaker-select');
               const f = document.querySelector('.quote-editor .speaker-filter-input');
               if (!f) return null;
               const all = Array.from(s.options).filter(o => o.value);
               const target = all.find(o => o.text.length >= 8);
               const part = target.text.slice(2, 7);
               const set = v => { f.value = v; f.dispatchEvent(new InputEvent('input', { bubbles: true })); };
               set(part);
               return [all.length, part, target.text];
             })()",
        )
        .await;
    let filtered = filtered.as_array().cloned().expect("a speaker filter box");
    let (all, part, target) = (
        filtered[0].as_u64().unwrap_or(0),
        filtered[1].as_str().unwrap_or_default().to_string(),
        filtered[2].as_str().unwrap_or_default().to_string(),
    );
    browser
        .wait(
            &format!(
                "(() => {{ const o = Array.from(document.querySelector('.quote-editor .speaker-select').options).filter(o => o.value);
                   return o.length < {all} && o.some(x => x.text === {target}); }})()",
                target = json!(target)
            ),
            &format!("the speakers filtered by {part:?}"),
        )
        .await;
    browser
        .eval(
            "(() => { const f = document.querySelector('.quote-editor .speaker-filter-input');
               f.value = ''; f.dispatchEvent(new InputEvent('input', { bubbles: true })); return true; })()",
        )
        .await;
    browser
        .wait(
            &format!(
                "Array.from(document.querySelector('.quote-editor .speaker-select').options).filter(o => o.value).length === {all}"
            ),
            "every speaker back after clearing the filter",
        )
        .await;
    let new_speaker = browser
        .eval(&format!(
            "(() => {{
               const known = new Set({VOICE_SPEAKERS_JSON});
               const s = document.querySelector('.quote-editor .speaker-select');
               const o = Array.from(s.options).find(o => o.value && !known.has(o.text));
               if (!o) return null;
               s.value = o.value;
               s.dispatchEvent(new Event('change', {{ bubbles: true }}));
               return o.text;
             }})()",
            VOICE_SPEAKERS_JSON = serde_json::to_string(&voices_before).unwrap_or_default()
        ))
        .await;
    let new_speaker = new_speaker
        .as_str()
        .expect("an entity not quoted yet")
        .to_string();
    wait_corrections(&browser, 2).await;
    browser.screenshot("21-quote-editor").await;
    goto_tab(&browser, "voices").await;
    let voices_after = strings(&browser, VOICE_SPEAKERS).await;
    assert!(
        voices_after.contains(&new_speaker),
        "{new_speaker} has a voice now: {voices_after:?}"
    );
    browser.screenshot("22-voices-after").await;

    // Add a quote by selecting words in the reading view.
    let selected = browser
        .eval(
            "(() => {
               const seg = Array.from(document.querySelectorAll('.reader-body span[data-s]'))
                 .find(s => !s.className && s.textContent.trim().length > 40 && /^[\\x20-\\x7e]+$/.test(s.textContent.slice(0, 40)));
               if (!seg) return null;
               const text = seg.firstChild;
               const range = document.createRange();
               range.setStart(text, 10);
               range.setEnd(text, 34);
               const sel = window.getSelection();
               sel.removeAllRanges();
               sel.addRange(range);
               seg.closest('.reader-columns').dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
               return [seg.closest('.reader-col').dataset.id, range.toString().trim()];
             })()",
        )
        .await;
    let article = selected[0].as_str().expect("a plain passage").to_string();
    let words = selected[1].as_str().unwrap_or_default().to_string();
    browser
        .wait(
            "document.querySelector('#add-quote-button') !== null",
            "the add-quote form",
        )
        .await;
    browser
        .eval("(s => { s.value = s.options[1].value; s.dispatchEvent(new Event('change', { bubbles: true })); return true; })(document.querySelector('#add-quote-speaker'))")
        .await;
    browser
        .eval("(document.querySelector('.correction-tray').scrollIntoView({ block: 'center' }), true)")
        .await;
    browser.screenshot("23-add-quote").await;
    browser.click("#add-quote-button").await;
    wait_corrections(&browser, 3).await;
    let has_quote = format!(
        "Array.from(document.querySelectorAll('.reader-col[data-id=\"{article}\"] .q')).some(q => q.textContent.trim() === {})",
        json!(words)
    );
    browser.wait(&has_quote, "the added quote underlined").await;

    // Undo (button) takes it back; Ctrl+Z and Ctrl+Shift+Z undo and redo.
    browser.click("#undo-button").await;
    wait_corrections(&browser, 2).await;
    assert_eq!(browser.eval(&has_quote).await, json!(false));
    let key = |shift: bool| {
        format!(
            "(document.body.dispatchEvent(new KeyboardEvent('keydown', {{ key: '{}', ctrlKey: true, shiftKey: {shift}, bubbles: true, cancelable: true }})), true)",
            if shift { "Z" } else { "z" }
        )
    };
    browser.eval(&key(false)).await;
    wait_corrections(&browser, 1).await;
    goto_tab(&browser, "voices").await;
    let voices_undone = strings(&browser, VOICE_SPEAKERS).await;
    assert!(
        !voices_undone.contains(&new_speaker),
        "undo restores the voice share: {voices_undone:?}"
    );
    browser.eval(&key(true)).await;
    wait_corrections(&browser, 2).await;

    // Rename an entity in its editor.
    goto_tab(&browser, "entities").await;
    browser
        .click(".matrix tbody tr:first-child .edit-entity")
        .await;
    browser
        .wait(
            "document.activeElement && document.activeElement.id === 'entity-rename'",
            "the rename field focused",
        )
        .await;
    browser.screenshot("24-entity-editor").await;
    browser
        .eval("(document.querySelector('#entity-rename').value = '', true)")
        .await;
    browser
        .type_into("#entity-rename", "Renamed Person\u{E007}")
        .await;
    wait_corrections(&browser, 3).await;
    browser
        .wait(
            "Array.from(document.querySelectorAll('.matrix .entity-name')).some(b => b.innerText.trim() === 'Renamed Person')",
            "the new name in the matrix",
        )
        .await;
    // Typing Ctrl+Z in a text field is the field's own undo.
    browser
        .eval("(document.querySelector('#entity-rename').dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true })), true)")
        .await;
    assert_eq!(corrections(&browser).await, 3);
    browser
        .full_page_screenshot("25-corrections-narrow", 390)
        .await;

    // The corrections are kept with the bundle and come back after a reload.
    let deadline = std::time::Instant::now() + harness::WAIT;
    loop {
        let kept = browser
            .eval(
                "new Promise(done => { const o = indexedDB.open('parallax'); o.onsuccess = () => {
                   const g = o.result.transaction('bundles').objectStore('bundles').get('current');
                   g.onsuccess = () => { o.result.close(); const v = g.result;
                     // The kept bundle is the UTF-8 bytes of its JSON.
                     done(v ? (typeof v === 'string' ? v : new TextDecoder().decode(v)) : ''); }; }; })",
            )
            .await;
        if kept.as_str().is_some_and(|s| s.contains("Renamed Person")) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the corrections were never stored"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser.reload().await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;
    wait_corrections(&browser, 3).await;
    browser
        .wait(
            &format!("{ENTITY_ROWS} === {}", rows_before - 1),
            "the merge to come back",
        )
        .await;
    let names = browser.text_of(".matrix tbody .entity-name").await;
    assert!(
        names.lines().any(|l| l.trim() == "Renamed Person"),
        "{names}"
    );
    assert!(!names.lines().any(|l| l.trim() == from), "{names}");
    goto_tab(&browser, "voices").await;
    let voices_restored = strings(&browser, VOICE_SPEAKERS).await;
    assert!(
        voices_restored.contains(&new_speaker),
        "{voices_restored:?}"
    );
    assert_eq!(
        browser.count("#correction-problems").await,
        0,
        "every correction still applies"
    );

    // Clear all removes the corrections too.
    browser.eval("(window.scrollTo(0, 0), true)").await;
    browser.click("#clear-button").await;
    expect_articles(&browser, 0).await;
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;
    assert_eq!(corrections(&browser).await, 0);
    assert_eq!(entity_rows(&browser).await, rows_before);
    browser.close().await;
}

#[test]
fn tables_sort_by_any_column_from_the_keyboard_too() {
    run(sort_scenario());
}

/// The numbers in column `col` (0-based, counting the row header) of the
/// rows shown in `table`.
async fn column_numbers(browser: &Browser, table: &str, col: usize) -> Vec<f64> {
    let expr = format!(
        "Array.from(document.querySelectorAll({})).map(r => r.children[{col}] ? parseFloat(r.children[{col}].innerText) : NaN)",
        json!(format!("{table} tbody tr"))
    );
    browser
        .eval(&expr)
        .await
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_f64()).collect())
        .unwrap_or_default()
}

/// Which way the header of column `key` in `table` says it is sorted.
async fn aria_sort(browser: &Browser, table: &str, key: &str) -> String {
    let expr = format!(
        "(document.querySelector({}) || {{ getAttribute: () => null }}).getAttribute('aria-sort') || ''",
        json!(format!("{table} th:has(button[data-sort='{key}'])"))
    );
    browser
        .eval(&expr)
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn sort_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;
    browser
        .wait(
            "document.querySelector('.matrix tbody tr') !== null",
            "the entity matrix",
        )
        .await;
    // The matrix starts sorted by spread, and says so.
    assert_eq!(aria_sort(&browser, ".matrix", "spread").await, "descending");
    // Show a second page if there is one: sorting goes back to the first.
    let paged = browser.count(".entity-matrix .more button").await > 0;
    if paged {
        browser.click(".entity-matrix .more button").await;
    }
    let sortable_tables = [
        ("entities", ".matrix", "total", 2),
        ("omissions", ".omissions table", "prominence", 3),
        ("numbers", ".numbers table", "articles", 2),
        ("voices", ".voices table", "words", 3),
    ];
    for (tab, table, key, col) in sortable_tables {
        goto_tab(&browser, tab).await;
        if browser.count(&format!("{table} tbody tr")).await < 2 {
            continue;
        }
        let button = format!("{table} th button[data-sort='{key}']");
        // From the keyboard: focus the header's button and press Enter.
        browser
            .eval(&format!(
                "(document.querySelector({}).focus(), true)",
                json!(button)
            ))
            .await;
        let before = aria_sort(&browser, table, key).await;
        browser.type_into(&button, "\u{E007}").await;
        // Numbers sort high to low first; again: the other way.
        let mut expected = if before == "descending" {
            "ascending"
        } else {
            "descending"
        };
        for step in ["Enter", "a second click"] {
            if step != "Enter" {
                browser.click(&button).await;
            }
            let way = aria_sort(&browser, table, key).await;
            assert_eq!(way, expected, "{tab}: {step} on {key}");
            let values = column_numbers(&browser, table, col).await;
            let in_order = values.windows(2).all(|w| {
                if expected == "ascending" {
                    w[0] <= w[1]
                } else {
                    w[0] >= w[1]
                }
            });
            assert!(in_order, "{tab} by {key}, {expected}: {values:?}");
            expected = if expected == "ascending" {
                "descending"
            } else {
                "ascending"
            };
        }
        // Only the sorted column says it is sorted.
        let sorted = browser.count(&format!("{table} th[aria-sort]")).await;
        assert_eq!(sorted, 1, "{tab}: one sorted column");
    }
    if paged {
        goto_tab(&browser, "entities").await;
        assert_eq!(
            browser.count(".matrix tbody tr").await,
            25,
            "back to the first page"
        );
    }
    // Names sort A to Z first.
    goto_tab(&browser, "entities").await;
    browser.click(".matrix th button[data-sort='name']").await;
    assert_eq!(aria_sort(&browser, ".matrix", "name").await, "ascending");
    let names = strings(
        &browser,
        "Array.from(document.querySelectorAll('.matrix tbody .entity-name')).map(e => e.innerText.toLowerCase())",
    )
    .await;
    assert!(
        names.windows(2).all(|w| w[0] <= w[1]),
        "names A to Z: {names:?}"
    );
    // The quote list sorts by how many articles carry a statement.
    show_all_quotes(&browser).await;
    browser
        .click(".quote-alignment button[data-sort='articles']")
        .await;
    let carried = browser
        .eval("Array.from(document.querySelectorAll('.quote-group .group-head .hint')).map(h => parseInt(h.innerText.replace(/^in /, '')))")
        .await;
    let carried: Vec<i64> = carried
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_i64()).collect())
        .unwrap_or_default();
    assert!(
        carried.windows(2).all(|w| w[0] >= w[1]),
        "statements by articles: {carried:?}"
    );
    browser.screenshot("30-sorted-quotes").await;
    browser.close().await;
}

#[test]
fn exported_csv_json_and_markdown_hold_what_the_page_shows() {
    run(export_scenario());
}

/// Keep every exported file (name and text) in `window.__exports` instead
/// of downloading it.
const CAPTURE_DOWNLOADS: &str = "(() => {
    window.__exports = [];
    const blobs = new Map();
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = blob => { const url = create(blob); blobs.set(url, blob); return url; };
    HTMLAnchorElement.prototype.click = function () {
        const blob = blobs.get(this.href);
        const entry = { name: this.download, text: null };
        window.__exports.push(entry);
        // Bytes as they are (a byte-order mark kept).
        if (blob) { blob.arrayBuffer().then(b => { entry.text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(b); }); }
    };
    return true;
})()";

/// Click `button` and return the name and text of the file it exports.
async fn export_file(browser: &Browser, button: &str) -> (String, String) {
    let before = browser
        .eval("window.__exports.length")
        .await
        .as_u64()
        .unwrap_or(0);
    browser.click(button).await;
    let entry = browser
        .wait(
            &format!(
                "window.__exports.length > {before} && window.__exports[{before}].text !== null && window.__exports[{before}]"
            ),
            &format!("the file `{button}` exports"),
        )
        .await;
    let name = entry["name"].as_str().unwrap_or_default().to_string();
    let text = entry["text"].as_str().unwrap_or_default().to_string();
    (name, text)
}

async fn export_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;
    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;
    browser
        .wait(
            "document.querySelector('.matrix tbody tr') !== null",
            "the entity matrix",
        )
        .await;
    browser.eval(CAPTURE_DOWNLOADS).await;

    // The entity shown first in the matrix, and in how many articles.
    let name = browser
        .text_of(".matrix tbody tr:first-child .entity-name")
        .await;
    let spread = browser.text_of(".matrix tbody tr:first-child td.num").await;
    let spread = spread
        .split('/')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();

    browser
        .eval("(() => { const s = document.querySelector('#export-table'); s.value = 'entities'; s.dispatchEvent(new Event('change', { bubbles: true })); return true; })()")
        .await;
    let (file, csv_text) = export_file(&browser, "#export-csv").await;
    assert_eq!(file, "parallax-entities.csv");
    // A byte-order mark so spreadsheets read UTF-8.
    let body = csv_text.strip_prefix('\u{feff}').unwrap_or_else(|| {
        panic!(
            "the CSV starts with a BOM: {:?}",
            &csv_text[..40.min(csv_text.len())]
        )
    });
    let mut reader = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a CSV header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
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
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV row")).collect();
    assert!(!rows.is_empty(), "the entities CSV has rows");
    assert!(
        rows.iter().all(|r| r.len() == header.len()),
        "every row has every column"
    );
    let named: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| r.get(1) == Some(name.as_str()))
        .collect();
    assert!(
        !named.is_empty(),
        "the CSV has a row for {name}, shown first in the matrix"
    );
    assert_eq!(
        named.len().to_string(),
        spread,
        "one row per article naming {name}"
    );
    assert!(named.iter().all(|r| r.get(3) == Some(spread.as_str())));
    assert!(named.iter().all(|r| r
        .get(6)
        .and_then(|c| c.parse::<u64>().ok())
        .is_some_and(|c| c > 0)));

    // The JSON report parses and names its schema.
    let (file, json_text) = export_file(&browser, "#export-json").await;
    assert_eq!(file, "parallax-report.json");
    let report: serde_json::Value =
        serde_json::from_str(&json_text).expect("the JSON report parses");
    assert_eq!(report["schema"], "parallax.report/1");
    assert_eq!(report["articles"].as_array().map(Vec::len), Some(6));

    // The Markdown report starts with a heading.
    let (file, md) = export_file(&browser, "#export-md").await;
    assert_eq!(file, "parallax-report.md");
    assert!(
        md.starts_with("# "),
        "a heading first: {:?}",
        &md[..60.min(md.len())]
    );
    browser.close().await;
}

#[test]
fn every_view_has_aa_contrast() {
    run(contrast_scenario());
}

/// Every visible element with text of its own whose colour against its
/// background is under WCAG 2 AA (4.5:1; 3:1 from 24px, or 18.66px bold).
/// Colours are read through a canvas (so any CSS colour syntax works), the
/// background is composed from the ancestors up to the first opaque one,
/// and opacity on the way dims the text.
const CONTRAST_AUDIT: &str = "(() => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const seenColour = new Map();
    const rgba = c => {
        if (seenColour.has(c)) return seenColour.get(c);
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = 'rgba(0, 0, 0, 0)';
        ctx.fillStyle = c;
        ctx.fillRect(0, 0, 1, 1);
        const d = ctx.getImageData(0, 0, 1, 1).data;
        const v = [d[0], d[1], d[2], d[3] / 255];
        seenColour.set(c, v);
        return v;
    };
    const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
    const background = el => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c[3] > 0) layers.push(c);
            if (c[3] >= 1) break;
        }
        let bg = [255, 255, 255, 1];
        for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
        return bg;
    };
    const lum = c => {
        const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const ratio = (a, b) => {
        const x = lum(a), y = lum(b);
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    };
    const hex = c => '#' + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
    const path = el => {
        const parts = [];
        for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
            parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
        }
        return parts.join(' > ');
    };
    const offenders = [];
    let checked = 0;
    const done = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const text = walker.currentNode;
        const el = text.parentElement;
        if (!el || done.has(el) || !text.data.trim()) continue;
        done.add(el);
        if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'OPTION', 'TITLE', 'TEMPLATE'].includes(el.tagName)) continue;
        if (el.closest('.visually-hidden, .sr-only, [hidden], title')) continue;
        if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
        // Disabled controls are exempt (WCAG 1.4.3).
        if (el.closest(':disabled, [aria-disabled=\"true\"]')) continue;
        const range = document.createRange();
        range.selectNodeContents(text);
        const box = range.getBoundingClientRect();
        if (box.width < 2 || box.height < 2) continue;
        const style = getComputedStyle(el);
        const fg = rgba(el instanceof SVGElement ? style.fill : style.color);
        let alpha = fg[3];
        for (let e = el; e; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity);
        const bg = background(el);
        const shown = over([fg[0], fg[1], fg[2], alpha], bg);
        const size = parseFloat(style.fontSize);
        const bold = Number(style.fontWeight) >= 700;
        const large = size >= 24 || (size >= 18.66 && bold);
        const need = large ? 3 : 4.5;
        const r = ratio(shown, bg);
        checked++;
        if (r + 0.005 < need) {
            offenders.push(`${r.toFixed(2)}:1 < ${need}:1  ${hex(shown)} on ${hex(bg)}  ${size}px${bold ? ' bold' : ''}  ${path(el)}  “${text.data.trim().slice(0, 40)}”`);
        }
    }
    return { checked, offenders: Array.from(new Set(offenders)) };
})()";

/// Run the audit on what the page shows now; collect offenders under `what`.
async fn audit_contrast(browser: &Browser, what: &str, offenders: &mut Vec<String>) {
    let result = browser.eval(CONTRAST_AUDIT).await;
    let checked = result["checked"].as_u64().unwrap_or(0);
    assert!(checked > 0, "{what}: no text checked");
    eprintln!("contrast, {what}: {checked} elements with text checked");
    for o in result["offenders"].as_array().into_iter().flatten() {
        offenders.push(format!("{what}: {}", o.as_str().unwrap_or_default()));
    }
}

async fn contrast_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;
    // The audit catches grey on white (2.8:1) and passes the same text in
    // the body colour.
    browser
        .eval("(() => { const p = document.createElement('p'); p.id = 'contrast-probe'; p.textContent = 'probe'; p.style.cssText = 'color: #999; background: #fff'; document.body.append(p); return true; })()")
        .await;
    let mut probe = Vec::new();
    audit_contrast(&browser, "probe", &mut probe).await;
    assert!(
        probe.len() == 1 && probe[0].contains("contrast-probe"),
        "the audit finds the grey probe: {probe:?}"
    );
    browser
        .eval("(document.getElementById('contrast-probe').remove(), true)")
        .await;

    let mut offenders = Vec::new();
    audit_contrast(&browser, "start page", &mut offenders).await;

    browser.click("#example-button").await;
    expect_articles(&browser, 6).await;
    wait_analysed(&browser).await;
    browser
        .wait(
            "document.querySelector('.matrix tbody tr') !== null",
            "the entity matrix",
        )
        .await;
    // The main page with its articles, the entity matrix and the reader.
    audit_contrast(&browser, "loaded page", &mut offenders).await;

    // The entity editor.
    browser
        .click(".matrix tbody tr:first-child .edit-entity")
        .await;
    browser
        .wait(
            "document.querySelector('.entity-editor') !== null",
            "the entity editor",
        )
        .await;
    audit_contrast(&browser, "entity editor", &mut offenders).await;

    // A pick highlighted in the reading view.
    browser
        .click(".matrix tbody tr:first-child .entity-name")
        .await;
    browser
        .wait(
            "document.querySelectorAll('.reader mark.focus').length > 0",
            "highlights in the reader",
        )
        .await;
    audit_contrast(&browser, "reading view with a pick", &mut offenders).await;

    for tab in [
        "quotes",
        "voices",
        "numbers",
        "omissions",
        "wording",
        "hygiene",
    ] {
        goto_tab(&browser, tab).await;
        if tab == "quotes" {
            browser.click(".quote-alignment .chip:last-child").await;
            browser
                .wait(
                    "document.querySelectorAll('.quote-group').length > 0",
                    "quote groups",
                )
                .await;
            // One quote's correction form open too.
            browser.click(".quote-group .correct-quote").await;
        }
        audit_contrast(&browser, &format!("{tab} view"), &mut offenders).await;
    }

    // The corrections bar with a correction in it: leave an article out.
    browser
        .eval("(document.querySelector('.article .include-input').scrollIntoView({ block: 'center' }), true)")
        .await;
    browser.click(".article .include-input").await;
    wait_corrections(&browser, 1).await;
    browser
        .eval(
            "(document.querySelector('.corrections-list summary') || { click() {} }).click(), true",
        )
        .await;
    audit_contrast(&browser, "corrections bar", &mut offenders).await;

    assert!(
        offenders.is_empty(),
        "text under AA contrast:\n{}",
        offenders.join("\n")
    );
    browser.close().await;
}

#[test]
fn a_large_bundle_is_analysed_off_the_main_thread_with_progress_and_can_be_cancelled() {
    run(large_bundle_scenario());
}

/// Articles in the large-bundle test: enough that analysis takes a while in
/// the workers (two of them on a two-core machine).
const LARGE: usize = 600;

async fn large_bundle_scenario() {
    let server = Server::start(dist_dir());
    let browser = Browser::launch().await;
    browser.open(&server).await;
    // A 10 ms timer samples the page while the status says "running": the
    // longest gap between two ticks (the main thread was busy that long),
    // the progress values shown, and, when asked, a click on Cancel as
    // soon as the first article is counted.
    browser
        .eval(
            "(() => {
               window.watch = { gap: 0, ticks: 0, values: [], cancel: true };
               let last = performance.now();
               setInterval(() => {
                 const now = performance.now();
                 const bar = document.querySelector('[data-state=running] progress');
                 if (bar) {
                   window.watch.gap = Math.max(window.watch.gap, now - last);
                   window.watch.ticks += 1;
                   const v = Number(bar.value);
                   if (!window.watch.values.includes(v)) window.watch.values.push(v);
                   if (window.watch.cancel && v >= 1) {
                     window.watch.cancel = false;
                     document.getElementById('cancel-analysis').click();
                   }
                 }
                 last = now;
               }, 10);
               return true;
             })()",
        )
        .await;
    let bodies = [FERRY, STORM, MARKET];
    let files: Vec<String> = (0..LARGE)
        .map(|i| {
            let text = format!(
                "Dispatch {i}: {}\n\nDesk note {i}: filed {} minutes after the first report.\n",
                bodies[i % 3],
                i + 5
            );
            format!(
                "new File([{}], {}, {{ type: 'text/plain' }})",
                json!(text),
                json!(format!("{i:03}.txt"))
            )
        })
        .collect();
    browser
        .client
        .execute(&harness::drop_script_of(&files), vec![])
        .await
        .expect("dispatch the drop");

    // Cancelled once the first article was in: the status says so and
    // stays, and no results arrive later.
    browser
        .wait(
            "document.querySelector('#analysis-status').dataset.state === 'cancelled'",
            "the analysis to be cancelled",
        )
        .await;
    let status = browser.text_of("#analysis-status").await;
    assert!(
        status.contains("Analysis cancelled after") && status.contains(&format!("of {LARGE}")),
        "{status}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        browser
            .eval("document.querySelector('#analysis-status').dataset.state")
            .await,
        json!("cancelled"),
        "a cancelled run stays cancelled"
    );
    assert_eq!(
        browser.count("#summary").await,
        0,
        "no results after a cancel"
    );
    // The bundle is kept once no analysis runs any more (a long one keeps
    // it after a few seconds).
    let deadline = std::time::Instant::now() + harness::WAIT;
    while stored_bytes(&browser).await == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the bundle was not kept after the analysis stopped"
        );
    }
    // The list shows a page of cards, the heading all of them.
    assert_eq!(browser.count(".article-list > li.article").await, 25);
    assert!(browser
        .text_of("#articles-heading")
        .await
        .contains(&format!("{LARGE} articles")));

    // Again, to the end this time.
    browser
        .eval("(window.watch = { gap: 0, ticks: 0, values: [], cancel: false }, true)")
        .await;
    browser.click("#reanalyse").await;
    wait_analysed(&browser).await;
    let watch = browser.eval("window.watch").await;
    let gap = watch["gap"].as_f64().unwrap_or(f64::MAX);
    let values = watch["values"].as_array().cloned().unwrap_or_default();
    println!(
        "{LARGE} articles: {} timer ticks while running, longest gap {gap:.0} ms, {} progress values, renderer peak RSS {} MiB",
        watch["ticks"],
        values.len(),
        browser.renderer_peak_rss().map_or(0, |b| b >> 20)
    );
    assert!(
        values
            .iter()
            .filter_map(|v| v.as_f64())
            .any(|v| v > 0.0 && v < LARGE as f64),
        "progress is reported as the workers go: {values:?}"
    );
    // Analysis in the page itself would freeze it for seconds; decoding
    // the finished report and the chunks on their way is all the page
    // does meanwhile.
    assert!(
        gap < 1000.0,
        "the page stayed responsive while analysing (longest stall {gap:.0} ms)"
    );
    let figure = browser
        .eval(
            "Array.from(document.querySelectorAll('.figure')).map(f => f.textContent).find(t => t.startsWith('Articles')) || ''",
        )
        .await;
    assert!(
        figure
            .as_str()
            .unwrap_or_default()
            .contains(&LARGE.to_string()),
        "the summary counts every article: {figure}"
    );
    assert_eq!(
        browser.count(".summary-table tbody tr").await,
        25,
        "the summary lists a page of articles"
    );
    // Twelve article columns of the entity matrix scroll inside their
    // box; the page itself never scrolls sideways, on a phone either.
    for width in [1280, 390] {
        browser.resize(width, 900).await;
        let sideways = browser
            .eval("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            .await;
        assert_eq!(
            sideways,
            json!(0),
            "the page scrolls sideways at {width} px"
        );
    }
    browser.resize(1280, 900).await;
    browser.screenshot("40-large-bundle").await;
    browser
        .full_page_screenshot("41-large-bundle-phone", 390)
        .await;

    // A correction to a bundle this large is applied in the worker that
    // assembled it, to the resolved report it kept (every table is
    // recomputed): merging two entities leaves one row fewer, and the
    // other tables are back.
    let rows_before = browser.eval(ENTITY_ROWS).await.as_u64().unwrap_or(0);
    let distinctive = "Number(document.querySelector('#tab-wording .tab-count').innerText)";
    let wording_before = browser.eval(distinctive).await.as_u64().unwrap_or(0);
    assert!(rows_before >= 2 && wording_before > 0);
    let rows = [1, 2].map(|n| format!(".matrix tbody tr:nth-child({n})"));
    tick_for_merge(&browser, &rows).await;
    merge_ticked(&browser, rows_before).await;
    assert_eq!(
        browser
            .eval("document.querySelector('#corrections-count').dataset.appliedIn")
            .await,
        json!("worker"),
        "applied in the worker, not on the page after all"
    );
    assert_eq!(
        browser.eval(distinctive).await.as_u64().unwrap_or(0),
        wording_before,
        "distinctive wording is recomputed with the corrected report"
    );
    browser.close().await;
}
