//! `.html` files through the public ingest API.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    parallax_fuzz::ingest_one("input.html", data);
});
