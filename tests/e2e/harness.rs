//! The e2e harness: a static file server over `dist/`, chromedriver on a
//! free port (its process group killed on drop, so a failing test leaves no
//! browser behind), a headless Chromium session with a fresh profile, and
//! polling helpers. Nothing here sleeps to wait for the app: every wait
//! polls a condition with a deadline.

use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

/// Default deadline for a condition in the page.
pub const WAIT: Duration = Duration::from_secs(30);

/// Run one async scenario on its own runtime. Browsers are heavy on a
/// small machine, so scenarios run one at a time (a failed one does not
/// block the others).
pub fn run(scenario: impl Future<Output = ()>) {
    static LOCK: Mutex<()> = Mutex::new(());
    let _one_at_a_time = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(scenario);
}

/// The built app (`dist/`, or the folder `PARALLAX_DIST` names), or a
/// clear failure telling how to build it.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("PARALLAX_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} is missing: the e2e tests run against the built app; run `make dist` first",
        dist.join("index.html").display()
    );
    dist
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

// ---------------------------------------------------------------- server --

/// A tiny HTTP/1.1 server for the files under one folder (GET and HEAD,
/// one request per connection). Stops when dropped. Every request is
/// logged, so tests can prove what the page did (not) fetch.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(root: PathBuf) -> Server {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind the test server");
        let addr = listener.local_addr().expect("server address");
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (stopped, logged) = (stop.clone(), log.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, logged) = (root.clone(), logged.clone());
                thread::spawn(move || serve(stream, &root, &logged));
            }
        });
        Server { addr, stop, log }
    }

    /// Stop serving and wait until the port refuses connections (the page
    /// is then on its own, as when the network is gone).
    pub fn stop(self) {
        let addr = self.addr;
        drop(self);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(addr).is_ok() {
            assert!(Instant::now() < deadline, "the test server did not stop");
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// The requests served so far, as `METHOD /path`.
    pub fn requests(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve(mut stream: TcpStream, root: &Path, log: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Skip the headers.
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if !method.is_empty() {
        log.lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(format!("{method} {target}"));
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(path.trim_start_matches('/'));
    let path = if path.is_empty() {
        "index.html".to_string()
    } else {
        path
    };
    let file = root.join(&path);
    let body = if path.split('/').any(|p| p == "..") {
        None
    } else {
        std::fs::read(&file).ok()
    };
    let response = match body {
        Some(body) => {
            let mut head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                content_type(&path),
                body.len()
            )
            .into_bytes();
            if method != "HEAD" {
                head.extend_from_slice(&body);
            }
            head
        }
        None => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"
                .to_vec()
        }
    };
    let _ = stream.write_all(&response);
    let _ = stream.flush();
    // Drain anything left so the client sees a clean close.
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let _ = stream.read(&mut [0u8; 512]);
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" | "webmanifest" => "application/json",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// --------------------------------------------------------------- browser --

/// chromedriver in its own process group; the group (driver and the
/// browsers it started) is killed on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Driver {
        let binary =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_string());
        let port = free_port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {binary} ({e}); install chromium-driver (`make setup-test`)")
            });
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port} within 20 s"
            );
            thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session with a fresh profile.
pub struct Browser {
    pub client: Client,
    // Field order is drop order: the driver (and its browsers) go before
    // the profile folder is removed.
    _driver: Driver,
    /// The profile folder when this browser made its own (`None` for one
    /// given to [`Browser::launch_with_profile`]).
    _profile: Option<tempfile::TempDir>,
    profile_dir: PathBuf,
}

/// A Chrome DevTools Protocol method, sent through chromedriver's
/// `goog/cdp/execute` endpoint.
#[derive(Debug)]
struct Cdp {
    method: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

impl Browser {
    /// A browser with a fresh profile of its own (removed when it closes).
    pub async fn launch() -> Browser {
        let profile = tempfile::tempdir().expect("temp profile dir");
        let mut browser = Browser::launch_with_profile(profile.path()).await;
        browser._profile = Some(profile);
        browser
    }

    /// A browser on the profile folder `profile` (kept when it closes), so
    /// that a second one started on it finds what the first stored, as
    /// after a browser restart.
    pub async fn launch_with_profile(profile: &Path) -> Browser {
        let driver = Driver::start();
        let chromium =
            std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-quic".to_string(),
            "--no-first-run".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--disable-dev-shm-usage".to_string(),
            "--window-size=1280,900".to_string(),
            format!("--user-data-dir={}", profile.display()),
        ];
        let mut caps = Capabilities::new();
        caps.insert("browserName".to_string(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".to_string(),
            json!({ "binary": chromium, "args": args }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|e| panic!("cannot start a Chromium session: {e}"));
        Browser {
            client,
            _driver: driver,
            _profile: None,
            profile_dir: profile.to_path_buf(),
        }
    }

    /// Peak resident memory in bytes (`VmHWM`) of this browser's largest
    /// renderer process, which runs the page and its workers; `None` where
    /// `/proc` does not tell (not Linux).
    pub fn renderer_peak_rss(&self) -> Option<u64> {
        let profile = format!("--user-data-dir={}", self.profile_dir.display());
        let mut peak = None;
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
                continue;
            };
            let cmdline = String::from_utf8_lossy(&cmdline);
            if !cmdline.contains("--type=renderer") || !cmdline.contains(&profile) {
                continue;
            }
            let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
                continue;
            };
            let kib = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = peak.max(kib.map(|k| k * 1024));
        }
        peak
    }

    /// End the session politely; the drop then only cleans up.
    pub async fn close(self) {
        let Browser {
            client,
            _driver,
            _profile,
            ..
        } = self;
        let _ = client.close().await;
    }

    /// Open the app and wait until it has rendered.
    pub async fn open(&self, server: &Server) {
        self.client.goto(&server.url()).await.expect("open the app");
        self.wait(
            "document.querySelector('#example-button') !== null",
            "the app to start",
        )
        .await;
    }

    /// Reload the page and wait until the app has rendered again.
    pub async fn reload(&self) {
        self.client.refresh().await.expect("reload the page");
        self.wait(
            "document.querySelector('#example-button') !== null",
            "the app to start after the reload",
        )
        .await;
    }

    /// Run `script` in every page opened or reloaded from now on, before
    /// the page's own scripts (Chrome DevTools' `Page.addScriptToEvaluateOnNewDocument`
    /// through chromedriver), e.g. to take a browser feature away.
    pub async fn before_every_page(&self, script: &str) {
        let cmd = Cdp {
            method: "Page.addScriptToEvaluateOnNewDocument",
            params: json!({ "source": script }),
        };
        self.client
            .issue_cmd(cmd)
            .await
            .unwrap_or_else(|e| panic!("chromedriver refused the DevTools command: {e}"));
    }

    /// Run `expr` (a JS expression) in the page.
    pub async fn eval(&self, expr: &str) -> Value {
        self.client
            .execute(&format!("return ({expr});"), vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {expr}: {e}"))
    }

    /// Poll until the JS expression `expr` is truthy; fail with what the
    /// page shows after `WAIT`.
    pub async fn wait(&self, expr: &str, what: &str) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let fatal = self
                .eval("(document.querySelector('.fatal') || {}).textContent || null")
                .await;
            if let Some(fatal) = fatal.as_str() {
                panic!("the app crashed while waiting for {what}: {fatal}");
            }
            let value = self.eval(expr).await;
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return value;
            }
            if Instant::now() > deadline {
                let page = self
                    .eval("document.body ? document.body.innerText.slice(0, 3000) : '(no body)'")
                    .await;
                panic!(
                    "timed out after {WAIT:?} waiting for {what} (`{expr}`); the page shows:\n{}",
                    page.as_str().unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Number of elements matching a CSS selector.
    pub async fn count(&self, selector: &str) -> u64 {
        let expr = format!("document.querySelectorAll({}).length", json!(selector));
        self.eval(&expr).await.as_u64().unwrap_or(0)
    }

    /// Wait until exactly `n` elements match `selector`.
    pub async fn wait_count(&self, selector: &str, n: usize) {
        let expr = format!(
            "document.querySelectorAll({}).length === {n}",
            json!(selector)
        );
        self.wait(&expr, &format!("{n} × `{selector}`")).await;
    }

    /// Text of all elements matching `selector`, joined by newlines.
    pub async fn text_of(&self, selector: &str) -> String {
        let expr = format!(
            "Array.from(document.querySelectorAll({})).map(e => e.innerText).join('\\n')",
            json!(selector)
        );
        self.eval(&expr)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn click(&self, selector: &str) {
        self.client
            .find(Locator::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("no element `{selector}`: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{selector}`: {e}"));
    }

    pub async fn type_into(&self, selector: &str, text: &str) {
        self.client
            .find(Locator::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("no element `{selector}`: {e}"))
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into `{selector}`: {e}"));
    }

    /// Resize the window (CSS pixels of the viewport, roughly).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize the window");
    }

    /// With `PARALLAX_SCREENSHOTS=dir`, save a PNG of the viewport there.
    pub async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("PARALLAX_SCREENSHOTS") else {
            return;
        };
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let png = self.client.screenshot().await.expect("take a screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write the screenshot");
    }

    /// Screenshot of the whole page at `width`: the window is made as tall
    /// as the page first, then restored.
    pub async fn full_page_screenshot(&self, name: &str, width: u32) {
        if std::env::var_os("PARALLAX_SCREENSHOTS").is_none() {
            return;
        }
        self.resize(width, 900).await;
        let height = self
            .eval("Math.ceil(document.documentElement.scrollHeight)")
            .await
            .as_u64()
            .unwrap_or(900)
            .clamp(600, 6000) as u32;
        self.resize(width, height).await;
        self.eval("(window.scrollTo(0, 0), true)").await;
        self.screenshot(name).await;
        self.resize(1280, 900).await;
    }
}

/// A script that drops files on the drop zone as a user's drop would:
/// `files` are JS expressions that make `File`s.
pub fn drop_script_of(files: &[String]) -> String {
    let adds: String = files
        .iter()
        .map(|f| format!("dt.items.add({f});\n"))
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

/// Write fixture files under a fresh temp folder: `(relative path, text)`.
pub fn fixtures(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp fixture dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("fixture folder");
        }
        std::fs::write(&path, text).expect("write fixture");
    }
    dir
}
