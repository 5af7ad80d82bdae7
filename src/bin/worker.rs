//! Analysis web worker entry (wasm32 only; trunk builds it as
//! `parallax-worker.js`). The reactor lives in `parallax::ui::agent`; on
//! native targets this binary is an empty stub.

#[cfg(target_arch = "wasm32")]
fn main() {
    parallax::ui::agent::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
