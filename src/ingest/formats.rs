//! Dispatch on file type, and turning one decoded text into articles.
//!
//! The extension decides the format (`.txt`, `.md`, `.html`, `.json`,
//! `.jsonl`, `.zip`); content sniffing catches zips, binaries and JSON under
//! other names. Plain text, Markdown, HTML text and pastes all go through
//! [`ingest_text`]: split into articles, read metadata, find boilerplate.

use super::{decode, html, json, limits, metadata, split, zip, Bundle, Limits};
use crate::report::{Article, Notice, Provenance};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Plain,
    Markdown,
}

/// Ingest one file's bytes into `bundle` (articles or a notice). `depth`
/// counts the zips it sits in; `total` is the bytes held so far, which
/// unpacked zip members add to (see [`Limits::max_total_bytes`]).
pub fn ingest_file(
    path: &str,
    bytes: &[u8],
    limits: &Limits,
    depth: u32,
    total: &mut u64,
    bundle: &mut Bundle,
) {
    if bytes.len() as u64 > limits.max_file_bytes {
        bundle.notices.push(Notice::error(
            path,
            format!(
                "skipped: {} is over the {} limit for one file",
                limits::human_bytes(bytes.len() as u64),
                limits::human_bytes(limits.max_file_bytes)
            ),
        ));
        return;
    }
    let ext = extension(path);
    if decode::is_zip(bytes) || ext == "zip" {
        zip::ingest(path, bytes, limits, depth, total, bundle);
        return;
    }
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(why) => {
            bundle.notices.push(Notice::error(path, why));
            return;
        }
    };
    if let Some(note) = &decoded.note {
        bundle.notices.push(Notice::warning(path, note.clone()));
    }
    let text = decoded.text;
    let before = bundle.articles.len();
    match ext.as_str() {
        "json" => json::ingest_json(path, &text, limits, bundle),
        "jsonl" | "ndjson" => json::ingest_jsonl(path, &text, limits, bundle),
        "html" | "htm" | "xhtml" => ingest_html(path, &text, bundle),
        "md" | "markdown" => ingest_text(path, Some(path), &text, TextKind::Markdown, bundle),
        "txt" | "text" | "" => ingest_text(path, Some(path), &text, TextKind::Plain, bundle),
        other => {
            let t = text.trim_start();
            if t.starts_with('{') || t.starts_with('[') {
                json::ingest_json(path, &text, limits, bundle);
            } else if t.starts_with('<') && t.to_ascii_lowercase().contains("<html") {
                ingest_html(path, &text, bundle);
            } else {
                bundle.notices.push(Notice::info(
                    path,
                    format!("unknown file type .{other}; read as plain text"),
                ));
                ingest_text(path, Some(path), &text, TextKind::Plain, bundle);
            }
        }
    }
    let added = bundle.articles.len() - before;
    if added > 1 && !matches!(ext.as_str(), "json" | "jsonl" | "ndjson") {
        bundle.notices.push(Notice::info(
            path,
            format!("holds {added} articles; split into {added}"),
        ));
    }
}

/// Lower-case extension of the last path component, `""` if none.
pub fn extension(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

fn ingest_html(path: &str, html: &str, bundle: &mut Bundle) {
    let page = html::extract(html);
    if page.texts.is_empty() {
        bundle.notices.push(Notice::error(
            path,
            "no article text found in this web page",
        ));
        return;
    }
    for text in &page.texts {
        let first = bundle.articles.len();
        ingest_text(path, Some(path), text, TextKind::Plain, bundle);
        let from_page = |field: &str| Provenance {
            from: "html".into(),
            span: None,
            rule: format!("page {field}"),
        };
        for a in &mut bundle.articles[first..] {
            let date = page
                .date
                .as_deref()
                .and_then(|d| metadata::parse_date(d).map(|(iso, _)| iso));
            for (field, slot, value) in [
                ("title", &mut a.title, page.title.clone()),
                ("outlet", &mut a.outlet, page.site.clone()),
                ("byline", &mut a.byline, page.author.clone()),
                ("date", &mut a.date, date),
                ("url", &mut a.url, page.url.clone()),
            ] {
                if slot.is_none() && value.is_some() && (page.texts.len() == 1 || field == "outlet")
                {
                    *slot = value;
                    a.provenance.insert(field.to_string(), from_page(field));
                }
            }
        }
    }
}

/// Split a text into articles with metadata and boilerplate ranges.
/// `source_file` is `None` for pasted text.
pub fn ingest_text(
    name: &str,
    source_file: Option<&str>,
    text: &str,
    kind: TextKind,
    bundle: &mut Bundle,
) {
    let mut parts = split::split(text, kind == TextKind::Markdown);
    if parts.is_empty() {
        bundle
            .notices
            .push(Notice::error(name, "no article text found"));
        return;
    }
    // A credit line closing the file ("Reuters/RT") names the outlet of
    // every part, or of each part in turn when it names one per part.
    let credit = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .and_then(metadata::credit_names);
    let file_outlet = source_file.and_then(metadata::outlet_from_file_name);
    let count = parts.len();
    for (k, part) in parts.iter_mut().enumerate() {
        let body = &text[part.start..part.end];
        let meta = metadata::read(body, kind == TextKind::Markdown);
        let mut a = Article {
            source_file: source_file.map(str::to_string),
            part: k as u32 + 1,
            title: meta.title,
            outlet: meta.outlet,
            date: meta.date,
            byline: meta.byline,
            section: part.section.as_ref().map(|(s, _)| s.clone()),
            text: body.to_string(),
            // Matched line by line while splitting.
            boilerplate: std::mem::take(&mut part.boilerplate),
            provenance: meta.provenance,
            ..Default::default()
        };
        if a.section.is_some() {
            a.provenance.insert(
                "section".into(),
                Provenance {
                    from: "file".into(),
                    span: None,
                    rule: "section heading".into(),
                },
            );
        }
        if a.outlet.is_none() {
            let from_credit = credit.as_ref().map(|names| {
                if names.len() == count && count > 1 {
                    (
                        names[k].clone(),
                        "credit line of the file, one outlet per article",
                    )
                } else {
                    (names.join("/"), "credit line of the file")
                }
            });
            let from_name = file_outlet.map(|o| (o.to_string(), "file name"));
            if let Some((outlet, rule)) = from_credit.or(from_name) {
                let from = if rule == "file name" {
                    "file_name"
                } else {
                    "file"
                };
                a.outlet = Some(outlet);
                a.provenance.insert(
                    "outlet".into(),
                    Provenance {
                        from: from.into(),
                        span: None,
                        rule: rule.into(),
                    },
                );
            }
        }
        bundle.articles.push(a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        assert_eq!(extension("a/b/Story.TXT"), "txt");
        assert_eq!(extension("noext"), "");
        assert_eq!(extension(".hidden"), "");
        assert_eq!(extension("x.tar.gz"), "gz");
    }
}
