//! The whole pipeline the CLI runs (`parallax analyze`): ingest up to three
//! text files (the input split at 0xFF bytes), analyse, check every offset
//! of the report.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let bundle = parallax::ingest::ingest(parallax_fuzz::split_files(data, 3, "txt"));
    let report = parallax::analysis::analyze(bundle);
    parallax_fuzz::check_report(&report);
});
