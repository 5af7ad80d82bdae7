//! The web app: Yew components and browser glue over the pure pipeline
//! (wasm32 only).
//!
//! The app is deliberately thin. Files are read as bytes on the main thread
//! ([`files`]) and handed to [`crate::ingest`] exactly as the CLI does; the
//! resulting articles live in one reducer ([`state`]); analysis runs in a
//! web worker ([`agent`]) that calls [`crate::analysis`] and sends the
//! [`crate::report::Report`] back. Components ([`components`]) only render
//! state and dispatch actions: no ingestion or analysis logic lives here.

pub mod agent;
pub mod app;
pub mod components;
pub mod example;
pub mod files;
pub mod state;

pub use app::App;

/// Mount the app on `<body>`; called by the `parallax-app` binary.
pub fn start() {
    install_panic_hook();
    yew::Renderer::<App>::new().render();
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
