//! Yew components and browser glue (wasm32 only). Being written.
