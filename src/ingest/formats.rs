//! Dispatch on file type (being written).
use super::{Bundle, Limits};

pub enum TextKind {
    Plain,
    Markdown,
}

pub fn ingest_file(path: &str, bytes: &[u8], limits: &Limits, depth: u32, bundle: &mut Bundle) {
    let _ = (path, bytes, limits, depth, bundle);
}

pub fn ingest_text(
    name: &str,
    source: Option<&str>,
    text: &str,
    kind: TextKind,
    bundle: &mut Bundle,
) {
    let _ = (name, source, text, kind, bundle);
}
