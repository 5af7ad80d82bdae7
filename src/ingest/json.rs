//! JSON and JSON Lines bundles. Articles are taken as given: no splitting,
//! no title guessing; `text` is the article text and an input `id` is kept.
//!
//! Accepted shapes: `{"title"?, "articles": [article…]}`, a bare array of
//! articles, or one article object; in JSON Lines each line is an article
//! (or a bundle object). An article is `{"id"?, "source"|"outlet"?,
//! "title"?, "date"?, "url"?, "byline"|"author"?, "section"?, "text"}`.
//! Wrong shapes get a message that says what was expected.

use super::{boilerplate, Bundle, Limits};
use crate::report::{Article, Notice, Provenance};
use serde_json::{Map, Value};

/// Parse a `.json` file.
pub fn ingest_json(path: &str, text: &str, limits: &Limits, bundle: &mut Bundle) {
    if let Err(why) = check_depth(text, limits.max_json_depth) {
        bundle.notices.push(Notice::error(path, why));
        return;
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            bundle
                .notices
                .push(Notice::error(path, format!("not valid JSON: {e}")));
            return;
        }
    };
    let before = bundle.articles.len();
    let notices_before = bundle.notices.len();
    match value {
        Value::Object(obj) if obj.contains_key("articles") => {
            if bundle.title.is_none() {
                bundle.title = string(&obj, &["title", "event", "name"]);
            }
            match obj.get("articles") {
                Some(Value::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        add_article(path, i + 1, item, &format!("article {}", i + 1), bundle);
                    }
                }
                _ => bundle.notices.push(Notice::error(
                    path,
                    "\"articles\" must be a list of article objects",
                )),
            }
        }
        Value::Object(obj) if obj.contains_key("text") => {
            add_article(path, 1, &Value::Object(obj), "the article", bundle)
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                add_article(path, i + 1, item, &format!("item {}", i + 1), bundle);
            }
        }
        _ => {
            bundle.notices.push(Notice::error(
                path,
                "not a Parallax bundle: expected {\"articles\": [{\"text\": …}, …]}, a list of articles, or one article with \"text\"",
            ));
            return;
        }
    }
    summarise_if_empty(path, before, notices_before, bundle);
}
/// When nothing loaded from a file, replace its per-article warnings with
/// one error that says why (e.g. a JSON file of another kind).
fn summarise_if_empty(
    path: &str,
    articles_before: usize,
    notices_before: usize,
    bundle: &mut Bundle,
) {
    if bundle.articles.len() > articles_before {
        return;
    }
    let mine: Vec<Notice> = bundle.notices.drain(notices_before..).collect();
    let (skipped, other): (Vec<Notice>, Vec<Notice>) = mine
        .into_iter()
        .partition(|n| n.message.contains(" skipped: "));
    if let Some(first) = skipped.first() {
        let (what, why) = first.message.split_once(" skipped: ").unwrap_or(("", ""));
        let msg = if skipped.len() == 1 {
            format!("no article loaded: {what} {why}")
        } else {
            format!(
                "no article loaded: {} items skipped (the first because {why})",
                skipped.len()
            )
        };
        bundle.notices.push(Notice::error(path, msg));
    } else if other.is_empty() {
        bundle
            .notices
            .push(Notice::error(path, "the file holds no articles"));
    }
    bundle.notices.extend(other);
}

/// Parse a `.jsonl` file: one article (or bundle) per line.
pub fn ingest_jsonl(path: &str, text: &str, limits: &Limits, bundle: &mut Bundle) {
    let before = bundle.articles.len();
    let notices_before = bundle.notices.len();
    let mut part = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("line {}", n + 1);
        if let Err(why) = check_depth(line, limits.max_json_depth) {
            bundle
                .notices
                .push(Notice::error(path, format!("{at}: {why}")));
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) if obj.get("articles").is_some_and(Value::is_array) => {
                for item in obj
                    .get("articles")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    part += 1;
                    add_article(path, part, item, &at, bundle);
                }
            }
            Ok(v) => {
                part += 1;
                add_article(path, part, &v, &at, bundle);
            }
            Err(e) => bundle
                .notices
                .push(Notice::error(path, format!("{at}: not valid JSON: {e}"))),
        }
    }
    summarise_if_empty(path, before, notices_before, bundle);
}

fn add_article(path: &str, part: usize, item: &Value, what: &str, bundle: &mut Bundle) {
    let Value::Object(obj) = item else {
        bundle.notices.push(Notice::warning(
            path,
            format!("{what} skipped: not an object"),
        ));
        return;
    };
    let text = match obj.get("text") {
        Some(Value::String(t)) if !t.trim().is_empty() => {
            super::decode::normalise_newlines(t.clone())
        }
        Some(Value::String(_)) => {
            bundle.notices.push(Notice::warning(
                path,
                format!("{what} skipped: its \"text\" is empty"),
            ));
            return;
        }
        Some(_) => {
            bundle.notices.push(Notice::warning(
                path,
                format!("{what} skipped: \"text\" must be a string"),
            ));
            return;
        }
        None => {
            bundle.notices.push(Notice::warning(
                path,
                format!("{what} skipped: it has no \"text\""),
            ));
            return;
        }
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let mut a = Article {
        id,
        source_file: Some(path.to_string()),
        part: part as u32,
        title: string(obj, &["title", "headline"]),
        outlet: string(obj, &["source", "outlet", "publisher"]),
        date: string(obj, &["date", "published", "published_at"]),
        byline: string(obj, &["byline", "author", "authors"]),
        section: string(obj, &["section", "label"]),
        url: string(obj, &["url", "link"]),
        boilerplate: boilerplate::find(&text)
            .iter()
            .map(|h| [h.start, h.end])
            .collect(),
        text,
        ..Default::default()
    };
    for (field, set) in [
        ("title", a.title.is_some()),
        ("outlet", a.outlet.is_some()),
        ("date", a.date.is_some()),
        ("byline", a.byline.is_some()),
        ("section", a.section.is_some()),
        ("url", a.url.is_some()),
    ] {
        if set {
            a.provenance.insert(
                field.into(),
                Provenance {
                    from: "json".into(),
                    span: None,
                    rule: "given".into(),
                },
            );
        }
    }
    bundle.articles.push(a);
}

/// First non-empty string (or list of strings, joined) under any of `keys`.
fn string(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match obj.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(items) => {
            let names: Vec<&str> = items
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    })
}

/// Refuse nesting deeper than `max` before parsing (strings are skipped).
fn check_depth(text: &str, max: usize) -> Result<(), String> {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    for b in text.bytes() {
        if in_str {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return Err(format!("JSON nested deeper than {max} levels; not read"));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, text: &str) -> Bundle {
        let mut b = Bundle::default();
        if name.ends_with(".jsonl") {
            ingest_jsonl(name, text, &Limits::default(), &mut b);
        } else {
            ingest_json(name, text, &Limits::default(), &mut b);
        }
        b
    }

    #[test]
    fn bundle_object_keeps_fields_and_ids() {
        let b = load(
            "b.json",
            r#"{"title": "Event", "articles": [
                {"id": "x7", "source": "Outlet A", "title": "T1", "date": "2025-02-13", "url": "u", "text": "Line one.\n\nLEAVE A REPLY"},
                {"outlet": "Outlet B", "text": "WESTERN PERSPECTIVE\nNot split here.\n---\nStill one article."}
            ]}"#,
        );
        assert_eq!(b.title.as_deref(), Some("Event"));
        assert_eq!(b.articles.len(), 2);
        let a = &b.articles[0];
        assert_eq!(
            (a.id.as_str(), a.outlet.as_deref(), a.title.as_deref()),
            ("x7", Some("Outlet A"), Some("T1"))
        );
        assert_eq!(a.boilerplate, vec![[11, 24]]);
        assert_eq!(b.articles[1].title, None, "no title guessing");
        assert_eq!(b.articles[1].part, 2);
    }

    #[test]
    fn wrong_shapes_say_what_was_expected() {
        let b = load("g.json", r#"{"note": "x", "items": []}"#);
        assert!(b.notices[0].message.contains("expected"));
        let b = load(
            "g.json",
            r#"{"articles": [{"source": "A"}, {"text": 5}, "str"]}"#,
        );
        assert_eq!(b.articles.len(), 0);
        assert_eq!(b.notices.len(), 1);
        assert_eq!(
            b.notices[0].message,
            "no article loaded: 3 items skipped (the first because it has no \"text\")"
        );
        let b = load(
            "g.json",
            r#"{"articles": [{"source": "A"}, {"text": "Fine."}]}"#,
        );
        assert_eq!((b.articles.len(), b.notices.len()), (1, 1));
        assert_eq!(b.notices[0].level, crate::report::Level::Warning);
        let b = load("bad.json", "{\"articles\": [");
        assert!(b.notices[0].message.starts_with("not valid JSON"));
        let deep = "[".repeat(10_000);
        assert!(load("deep.json", &deep).notices[0]
            .message
            .contains("nested deeper"));
    }

    #[test]
    fn jsonl_lines_and_bad_lines() {
        let b = load(
            "a.jsonl",
            "{\"id\": 1, \"text\": \"One.\"}\nnot json\n\n{\"text\": \"Two.\"}\n",
        );
        assert_eq!(b.articles.len(), 2);
        assert_eq!(b.articles[0].id, "1");
        assert_eq!(b.notices.len(), 1);
        assert!(b.notices[0].message.starts_with("line 2"));
    }
}
