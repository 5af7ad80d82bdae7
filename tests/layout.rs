//! The analysis core stays free of web types: `ingest`, `analysis`,
//! `compare`, `report` and `export` must build and be tested natively, and
//! native compilation alone would not notice a `web_sys` import behind a
//! wasm32 `cfg`.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn core_modules_name_no_web_types() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in ["ingest", "analysis", "compare"] {
        rust_files(&src.join(dir), &mut files);
    }
    files.push(src.join("report.rs"));
    files.push(src.join("export.rs"));
    files.push(src.join("example.rs"));
    let mut offenders = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for word in ["web_sys", "js_sys", "wasm_bindgen", "yew", "gloo"] {
            if text.contains(word) {
                offenders.push(format!("{} names {word}", f.display()));
            }
        }
    }
    assert!(files.len() >= 10, "core files not found");
    assert!(offenders.is_empty(), "{offenders:#?}");
}
