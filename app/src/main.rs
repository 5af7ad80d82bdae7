//! Web app entry (wasm32 only; trunk builds it). One WebAssembly module
//! serves both the page and its analysis workers: the page starts the
//! workers from this same module ([`parallax_app::pool`]), so the shared
//! code and the NER model are downloaded and cached once. On the page the
//! entry mounts the app ([`parallax_app::start`]); in a worker, where there
//! is no `window`, it registers the analysis reactor
//! ([`parallax_app::agent::register`]). On native targets this binary is
//! an empty stub so that `cargo build --all-targets` works.

#[cfg(target_arch = "wasm32")]
fn main() {
    if web_sys::window().is_some() {
        parallax_app::start();
    } else {
        parallax_app::agent::register();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
