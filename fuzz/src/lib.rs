//! Helpers shared by the fuzz targets: ingest one file the way the CLI does
//! and check the report invariants (the same checks as `tests/props.rs`).

#[path = "../../tests/support/invariants.rs"]
pub mod invariants;

use parallax::ingest::{self, Bundle, InputFile};
use parallax::report::Report;

/// Ingest `bytes` as a file called `name` through the public API, then
/// check every article's offsets.
pub fn ingest_one(name: &str, bytes: &[u8]) -> Bundle {
    let bundle = ingest::ingest(vec![InputFile::new(name, bytes)]);
    check_bundle(&bundle);
    bundle
}

/// Every article's offsets are valid; a bundle with no article says why.
pub fn check_bundle(bundle: &Bundle) {
    for a in &bundle.articles {
        if let Err(why) = invariants::check_article(a) {
            panic!("{why}");
        }
    }
    assert!(
        !bundle.articles.is_empty() || !bundle.notices.is_empty(),
        "no article and no notice"
    );
}

/// Check a whole report.
pub fn check_report(report: &Report) {
    if let Err(why) = invariants::check_report(report) {
        panic!("{why}");
    }
}

/// Split fuzz input into up to `max` files at 0xFF bytes (never valid UTF-8,
/// so the separator never hides inside the text).
pub fn split_files(data: &[u8], max: usize, ext: &str) -> Vec<InputFile> {
    data.splitn(max, |&b| b == 0xFF)
        .enumerate()
        .map(|(i, part)| InputFile::new(format!("f{i}.{ext}"), part))
        .collect()
}
