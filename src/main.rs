//! Web app entry (wasm32 only; trunk builds it). The app itself lives in
//! `parallax::ui`; on native targets this binary is an empty stub so that
//! `cargo build --all-targets` works.

#[cfg(target_arch = "wasm32")]
fn main() {
    parallax::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
