//! Keeps the loaded bundle (articles, notices) and the user's corrections
//! (the [`EditLog`], with its undo history) in the
//! browser's IndexedDB so that it comes back after a reload or a browser
//! restart, until the user clears it. The stored value is the JSON of
//! [`Saved`] as UTF-8 bytes (a `Uint8Array`; values kept as a string by
//! earlier versions are still read); analysis results are not stored (they
//! are recomputed, which also picks up a newer model). Bytes, not a
//! string: the string of a 300-article bundle took ≈ 35 ms of the page's
//! time to make from WebAssembly memory and to copy into the store, taken
//! from the analysis workers on a two-core machine; the bytes are copied
//! as they are.
//!
//! Every failure (IndexedDB switched off, private mode, quota exceeded, a
//! stored value this version cannot read) comes back as a message for the
//! page to show; nothing fails silently.

use std::future::Future;

use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::edits::EditLog;
use crate::ingest::Bundle;
use crate::report::{Article, Notice};

const DB: &str = "parallax";
const STORE: &str = "bundles";
const KEY: &str = "current";
/// Version of the stored format.
pub const FORMAT: u32 = 1;

/// What is kept between visits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub format: u32,
    pub title: Option<String>,
    pub articles: Vec<Article>,
    pub notices: Vec<Notice>,
    /// The user's corrections (absent in bundles kept before there were
    /// any).
    #[serde(default)]
    pub log: EditLog,
}

impl Saved {
    pub fn of(bundle: &Bundle, log: &EditLog) -> Self {
        Saved {
            format: FORMAT,
            title: bundle.title.clone(),
            articles: bundle
                .articles
                .iter()
                .map(|a| Article {
                    // Only what ingestion and the user set; analysis is redone.
                    mentions: Vec::new(),
                    quotes: Vec::new(),
                    user_mentions: Vec::new(),
                    user_quotes: Vec::new(),
                    stats: Default::default(),
                    ..a.clone()
                })
                .collect(),
            notices: bundle.notices.clone(),
            log: log.clone(),
        }
    }

    pub fn into_parts(self) -> (Bundle, EditLog) {
        let bundle = Bundle {
            title: self.title,
            articles: self.articles,
            notices: self.notices,
        };
        (bundle, self.log)
    }

    /// Read a stored value (its JSON as text or as UTF-8 bytes); `Err`
    /// with a message when it cannot be used.
    pub fn parse(json: impl AsRef<[u8]>) -> Result<Saved, String> {
        let saved: Saved = serde_json::from_slice(json.as_ref())
            .map_err(|e| format!("the saved bundle could not be read ({e})"))?;
        if saved.format != FORMAT {
            return Err(format!(
                "the saved bundle was written by another version of Parallax (format {})",
                saved.format
            ));
        }
        Ok(saved)
    }
}

fn describe(error: JsValue) -> String {
    if let Some(e) = error.dyn_ref::<web_sys::DomException>() {
        // (Shown inside a sentence of the page's own.)
        let message = e.message();
        let message = message.trim_end_matches('.');
        return match e.name().as_str() {
            "QuotaExceededError" => "the browser's storage for this page is full".to_string(),
            "InvalidStateError" | "SecurityError" | "UnknownError" => {
                format!("the browser refused storage: {message}")
            }
            _ => format!("{}: {message}", e.name()),
        };
    }
    error
        .as_string()
        .unwrap_or_else(|| "the browser's storage is not available".to_string())
}

/// A future for an IndexedDB request's result.
fn finished(request: &IdbRequest) -> impl Future<Output = Result<JsValue, String>> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed.error().ok().flatten().map(JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error.unwrap_or(JsValue::UNDEFINED));
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    async move { JsFuture::from(promise).await.map_err(describe) }
}

/// A future that resolves when a write transaction is safely stored.
fn committed(tx: &IdbTransaction) -> impl Future<Output = Result<(), String>> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = tx.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed.error().map(JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error.unwrap_or(JsValue::UNDEFINED));
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
        tx.set_onabort(Some(on_error.unchecked_ref()));
    });
    async move { JsFuture::from(promise).await.map(|_| ()).map_err(describe) }
}

async fn open() -> Result<IdbDatabase, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let factory = window
        .indexed_db()
        .map_err(describe)?
        .ok_or("this browser offers no storage to the page (IndexedDB is off)")?;
    let request = factory.open_with_u32(DB, 1).map_err(describe)?;
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(db) = upgrading.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db = finished(&request).await?;
    db.dyn_into::<IdbDatabase>()
        .map_err(|_| "the browser's storage did not open".to_string())
}

/// Why [`load`] gave nothing back.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The browser gives the page no storage (IndexedDB switched off or
    /// refused, as in some private modes): nothing can be kept this visit.
    Unavailable(String),
    /// A bundle was kept but cannot be read back.
    Unreadable(String),
}

/// The bundle kept from an earlier visit, if any.
pub async fn load() -> Result<Option<Saved>, LoadError> {
    let db = open().await.map_err(LoadError::Unavailable)?;
    let value = read(&db).await;
    db.close();
    let value = value.map_err(LoadError::Unreadable)?;
    if let Some(json) = value.as_string() {
        return Saved::parse(json).map(Some).map_err(LoadError::Unreadable);
    }
    match value.dyn_into::<js_sys::Uint8Array>() {
        Ok(bytes) => Saved::parse(bytes.to_vec())
            .map(Some)
            .map_err(LoadError::Unreadable),
        Err(_) => Ok(None),
    }
}

/// The stored value (undefined when nothing is kept).
async fn read(db: &IdbDatabase) -> Result<JsValue, String> {
    let tx = db.transaction_with_str(STORE).map_err(describe)?;
    let store = tx.object_store(STORE).map_err(describe)?;
    finished(&store.get(&KEY.into()).map_err(describe)?).await
}

/// Keep `bundle` and the corrections `log` (an empty bundle removes what
/// was kept).
pub async fn save(bundle: &Bundle, log: &EditLog) -> Result<(), String> {
    let value = (!bundle.articles.is_empty())
        .then(|| serde_json::to_vec(&Saved::of(bundle, log)))
        .transpose()
        .map_err(|e| e.to_string())?;
    put(value.map(|json| js_sys::Uint8Array::from(json.as_slice()).into())).await
}

/// Store `value` as the kept bundle (`None` removes it).
async fn put(value: Option<JsValue>) -> Result<(), String> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(describe)?;
    let store = tx.object_store(STORE).map_err(describe)?;
    match value {
        Some(value) => store.put_with_key(&value, &KEY.into()),
        None => store.delete(&KEY.into()),
    }
    .map_err(describe)?;
    let result = committed(&tx).await;
    db.close();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn saved_keeps_metadata_and_drops_analysis() {
        let mut article = Article {
            id: "a1".into(),
            title: Some("Edited".into()),
            text: "Some text.".into(),
            part: 1,
            ..Default::default()
        };
        article.stats.words = 2;
        let bundle = Bundle {
            title: Some("Event".into()),
            articles: vec![article],
            notices: vec![Notice::warning("x.txt", "odd")],
        };
        let log = EditLog {
            edits: vec![crate::edits::Edit::ExcludeArticle {
                article: "a1".into(),
                excluded: true,
            }],
            ..EditLog::default()
        };
        let json = serde_json::to_string(&Saved::of(&bundle, &log)).expect("json");
        let (back, back_log) = Saved::parse(&json).expect("parse").into_parts();
        assert_eq!(back_log, log);
        assert_eq!(back.articles[0].title.as_deref(), Some("Edited"));
        assert_eq!(back.articles[0].stats.words, 0);
        assert_eq!(back.notices, bundle.notices);
        assert!(Saved::parse("{").is_err());
        // Bundles kept before corrections existed still load.
        let old = r#"{"format":1,"title":null,"articles":[],"notices":[]}"#;
        assert_eq!(Saved::parse(old).expect("old format").log, EditLog::new());
        let other = json.replace("\"format\":1", "\"format\":99");
        assert!(Saved::parse(&other)
            .unwrap_err()
            .contains("another version"));
    }

    #[wasm_bindgen_test]
    async fn a_bundle_round_trips_through_indexeddb() {
        let bundle = Bundle {
            title: None,
            articles: vec![Article {
                id: "a1".into(),
                text: "Kept.".into(),
                part: 1,
                ..Default::default()
            }],
            notices: Vec::new(),
        };
        let log = EditLog {
            edits: vec![crate::edits::Edit::SetArticleField {
                article: "a1".into(),
                field: crate::edits::ArticleField::Outlet,
                value: Some("Desk".into()),
            }],
            ..EditLog::default()
        };
        save(&bundle, &log).await.expect("save");
        let loaded = load().await.expect("load").expect("something saved");
        assert_eq!(loaded.articles[0].text, "Kept.");
        assert_eq!(loaded.log, log);
        save(&Bundle::default(), &EditLog::new())
            .await
            .expect("clear");
        assert_eq!(load().await.expect("load"), None);
    }

    #[wasm_bindgen_test]
    async fn a_bundle_kept_as_text_by_an_earlier_version_still_loads() {
        let bundle = Bundle {
            title: Some("Kept as text".into()),
            articles: vec![Article {
                id: "a1".into(),
                text: "Written before bytes.".into(),
                part: 1,
                ..Default::default()
            }],
            notices: Vec::new(),
        };
        let json = serde_json::to_string(&Saved::of(&bundle, &EditLog::new())).expect("json");
        put(Some(JsValue::from_str(&json))).await.expect("put text");
        let loaded = load().await.expect("load").expect("something kept");
        assert_eq!(loaded.into_parts().0, bundle);
        // What this version writes is bytes, and reads back the same.
        save(&bundle, &EditLog::new()).await.expect("save");
        let raw = {
            let db = open().await.expect("open");
            let tx = db.transaction_with_str(STORE).expect("tx");
            let store = tx.object_store(STORE).expect("store");
            let value = finished(&store.get(&KEY.into()).expect("get")).await;
            db.close();
            value.expect("value")
        };
        assert!(raw.is_instance_of::<js_sys::Uint8Array>());
        let loaded = load().await.expect("load").expect("something kept");
        assert_eq!(loaded.into_parts().0, bundle);
        put(None).await.expect("clear");
    }
}
