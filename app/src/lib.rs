//! The web app (crate `parallax-app`): Yew components and browser glue
//! over the pure pipeline of the `parallax` crate (wasm32 only; on other
//! targets this crate is empty).
//!
//! A crate of its own so that the analysis can be compiled for speed and
//! the app for size (`[profile.release.package.parallax]` in the
//! workspace's Cargo.toml). The pipeline's modules are re-exported here
//! under the names the app uses (`crate::analysis`, `crate::report`, …).
//!
//! The app is deliberately thin. Files are read as bytes on the main thread
//! ([`files`]) and handed to [`crate::ingest`] exactly as the CLI does; the
//! resulting articles live in one reducer ([`state`]); analysis runs in a
//! web worker ([`agent`]) that calls [`crate::analysis`] and sends the
//! [`crate::report::Report`] back. Components ([`components`]) only render
//! state and dispatch actions: no ingestion or analysis logic lives here.

#![cfg(target_arch = "wasm32")]

pub use parallax::{analysis, compare, edits, example, export, ingest, report, sort};

pub mod agent;
pub mod app;
pub mod components;
pub mod files;
pub mod pool;
pub mod state;
pub mod storage;

pub use app::App;

use std::ops::Deref;
use std::rc::Rc;

/// A read-only value shared by the state and the components' properties,
/// equal only to itself. Yew compares a component's old and new properties
/// before it re-renders, and `Rc<T>` compares the values it points to:
/// comparing an unchanged 300-article report or bundle with itself, field
/// by field, took tens of milliseconds of the main thread at every
/// re-render, each progress update of an analysis among them. The state
/// makes a new `Shared` whenever the value changes, so the same pointer
/// means the same value (and two equal values in different places merely
/// render once more).
#[derive(Debug, Default)]
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// Mount the app on `<body>`; called by the `parallax-app` binary.
pub fn start() {
    install_panic_hook();
    register_service_worker();
    yew::Renderer::<App>::new().render();
}

/// The service worker (`sw.js`, written by `scripts/post-build.py`) makes
/// the page work offline. Release builds precache every file; debug builds
/// ship one that removes itself and its caches, so they never serve stale
/// files. Pages opened from disk (`file:`) cannot have one.
fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    if window.location().protocol().ok().as_deref() == Some("file:") {
        return;
    }
    let registration = container.register("sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(registration).await {
            web_sys::console::warn_2(&"Parallax: offline use is not available:".into(), &error);
        }
    });
}

/// Show internal errors on the page (and in the console) instead of leaving
/// a silently frozen app.
fn install_panic_hook() {
    // Through yew, or its renderer replaces the hook with its own.
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(body) = document.body() else {
            return;
        };
        if let Ok(banner) = document.create_element("div") {
            banner.set_class_name("fatal");
            banner.set_attribute("role", "alert").ok();
            banner.set_text_content(Some(&format!(
                "Parallax stopped because of an internal error. Reload the page to start again. ({message})"
            )));
            body.prepend_with_node_1(&banner).ok();
        }
    }));
}

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The NER tagger's SIMD adds, in the browser they are written for.
#[cfg(test)]
#[wasm_bindgen_test::wasm_bindgen_test]
fn ner_lanes_with_simd() {
    parallax::analysis::ner::lanes::check_every_lane();
}
