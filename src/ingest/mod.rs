//! Ingestion: bytes from files, folders, zips or a paste → articles with
//! metadata, the same code in the CLI and the web app.
//!
//! Each input file is decoded ([`decode`]), dispatched on its extension
//! ([`formats`]), split into articles ([`split`]), and given metadata
//! ([`metadata`]) and boilerplate ranges ([`boilerplate`]). An article's
//! `text` is always a verbatim slice of the decoded input, so report offsets
//! point at the user's own words. A file that cannot be read produces one
//! [`Notice`] and nothing else; the other files still load.

pub mod boilerplate;
pub mod decode;
pub mod formats;
pub mod html;
pub mod json;
pub mod limits;
pub mod lines;
pub mod metadata;
mod phrases;
pub mod split;
pub mod zip;

pub use limits::Limits;

use crate::report::{Article, Notice};

/// One input: a path (as the user sees it, relative inside folders and zips)
/// and its raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl InputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        InputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// The result of ingestion: articles in input order plus per-file notices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bundle {
    /// Bundle title from a JSON bundle's `title` (or `event`).
    pub title: Option<String>,
    pub articles: Vec<Article>,
    pub notices: Vec<Notice>,
}

/// Name used in notices and `source_file` for pasted text.
pub const PASTE_NAME: &str = "(pasted text)";

/// Ingest files with the default [`Limits`].
pub fn ingest(files: Vec<InputFile>) -> Bundle {
    ingest_with(files, &Limits::default())
}

/// Ingest files; see the module docs.
pub fn ingest_with(files: Vec<InputFile>, limits: &Limits) -> Bundle {
    let mut bundle = Bundle::default();
    // Bytes held so far: the files as given plus every member unpacked from
    // a zip (zip::ingest adds those).
    let mut total: u64 = 0;
    for file in files {
        total += file.bytes.len() as u64;
        if total > limits.max_total_bytes {
            bundle
                .notices
                .push(Notice::error(&file.path, limits::over_total(limits)));
            continue;
        }
        formats::ingest_file(&file.path, &file.bytes, limits, 0, &mut total, &mut bundle);
    }
    finish(&mut bundle);
    bundle
}

/// [`ingest`] with the files read on up to `threads` threads (native
/// only; the browser ingests on its page). Each file becomes articles on
/// its own, so the files are shared out among the threads (the largest
/// first, [`crate::par::map_largest_first`]) and their
/// articles and notices put back in input order, the first bundle title
/// kept; the result is [`ingest`]'s. Only when no file is a zip and the
/// files stay under the total-size limit together: a zip's members count
/// towards that limit as they are unpacked, in input order, so those
/// inputs are ingested one after another. (≈ 18 of the ≈ 200 ms that
/// all 300 BASIL articles take on two threads were this step alone.)
#[cfg(not(target_arch = "wasm32"))]
pub fn ingest_threads(files: Vec<InputFile>, threads: usize) -> Bundle {
    ingest_threads_with(files, threads, |_| ()).0
}

/// [`ingest_threads`], and `each` of every article of the bundle, in
/// bundle order: called on the thread that read the article's file as soon
/// as it has (an article's text and boilerplate are final once its file is
/// read; what happens to the bundle after, dropping duplicates and giving
/// ids, changes neither), so that the threads go on from reading files to
/// the articles' analysis without waiting for each other in between. The
/// articles of one file are shared out among the threads too. When the
/// files are ingested one after another (see [`ingest_threads`]), `each`
/// runs on the articles afterwards, the largest first.
#[cfg(not(target_arch = "wasm32"))]
pub fn ingest_threads_with<T: Send>(
    files: Vec<InputFile>,
    threads: usize,
    each: impl Fn(&mut Article) -> T + Sync + Send,
) -> (Bundle, Vec<T>) {
    let limits = Limits::default();
    let total: u64 = files.iter().map(|f| f.bytes.len() as u64).sum();
    let zip = files
        .iter()
        .any(|f| decode::is_zip(&f.bytes) || formats::extension(&f.path) == "zip");
    let by_size = |a: &&mut Article| a.text.len();
    if threads < 2 || files.len() < 2 || zip || total > limits.max_total_bytes {
        let mut bundle = ingest_with(files, &limits);
        let out = crate::par::map_largest_first(
            threads,
            bundle.articles.iter_mut().collect(),
            by_size,
            &each,
        );
        return (bundle, out);
    }
    let size = |f: &InputFile| f.bytes.len();
    let parts = crate::par::map_largest_first(threads, files, size, |file| {
        let mut part = Bundle::default();
        let mut total = 0;
        formats::ingest_file(&file.path, &file.bytes, &limits, 0, &mut total, &mut part);
        let articles = part.articles.iter_mut().collect();
        let out = crate::par::map_largest_first(threads, articles, by_size, &each);
        (part, out)
    });
    let mut bundle = Bundle::default();
    let mut out = Vec::with_capacity(parts.len());
    for (part, o) in parts {
        append(&mut bundle, part);
        out.extend(o.into_iter().map(Some));
    }
    let kept = finish_threads(&mut bundle, threads);
    let out = kept
        .into_iter()
        .filter_map(|i| out.get_mut(i).and_then(Option::take))
        .collect();
    (bundle, out)
}

/// Ingest pasted text (split into articles like a plain-text file).
pub fn ingest_paste(text: &str) -> Bundle {
    let mut bundle = Bundle::default();
    if text.trim().is_empty() {
        bundle
            .notices
            .push(Notice::error(PASTE_NAME, "the pasted text is empty"));
    } else {
        formats::ingest_text(
            PASTE_NAME,
            None,
            text,
            formats::TextKind::Plain,
            &mut bundle,
        );
    }
    finish(&mut bundle);
    bundle
}

/// Ingest one JSON bundle given as text (a line of `parallax batch`, or a
/// bundle piped on stdin); `name` is used in notices.
pub fn ingest_bundle_json(name: &str, text: &str) -> Bundle {
    let mut bundle = Bundle::default();
    json::ingest_json(name, text, &Limits::default(), &mut bundle);
    finish(&mut bundle);
    bundle
}

/// Merge `other` into `self`-style bundles loaded in several steps (the web
/// app adds files to what is already loaded), then re-number ids.
pub fn merge(mut a: Bundle, b: Bundle) -> Bundle {
    append(&mut a, b);
    finish(&mut a);
    a
}

/// `b`'s articles and notices after `a`'s; `a` keeps its title if it has
/// one.
fn append(a: &mut Bundle, b: Bundle) {
    if a.title.is_none() {
        a.title = b.title;
    }
    a.articles.extend(b.articles);
    a.notices.extend(b.notices);
}

/// Drop duplicate articles, give every article a unique id.
fn finish(bundle: &mut Bundle) {
    finish_threads(bundle, 1);
}

/// [`finish`], duplicates found on several threads when `threads` > 1;
/// where each article kept was in the bundle before
/// ([`split::drop_duplicates_kept`]).
fn finish_threads(bundle: &mut Bundle, threads: usize) -> Vec<usize> {
    let kept = split::drop_duplicates_kept(bundle, threads);
    assign_ids(&mut bundle.articles);
    kept
}

/// Keep given ids (made unique), number the rest `a1`, `a2`, … by position.
fn assign_ids(articles: &mut [Article]) {
    let mut used = rustc_hash::FxHashSet::default();
    // Next suffix to try per base id, so that thousands of articles with the
    // same given id do not each retry every suffix from 2.
    let mut next: rustc_hash::FxHashMap<String, usize> = Default::default();
    for (i, a) in articles.iter_mut().enumerate() {
        let base = if a.id.trim().is_empty()
            || a.id.starts_with("a") && a.id[1..].parse::<u32>().is_ok()
        {
            format!("a{}", i + 1)
        } else {
            a.id.trim().to_string()
        };
        let mut id = base.clone();
        if !used.insert(id.clone()) {
            let n = next.entry(base.clone()).or_insert(2);
            loop {
                id = format!("{base}-{n}");
                *n += 1;
                if used.insert(id.clone()) {
                    break;
                }
            }
        }
        a.id = id;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn ingesting_on_two_threads_gives_the_same_bundle() {
        let mut files = crate::example::files();
        // A bundle title from a JSON file that is not the first, a file
        // that cannot be read, and a duplicate of an earlier article.
        files.push(InputFile::new(
            "extra.json",
            r#"{"title": "Second title", "articles": [{"source": "Desk", "text": "A short wire report about the vote. It passed."}]}"#,
        ));
        files.push(InputFile::new(
            "broken.txt",
            vec![0xff, 0xfe, 0x00, 0xd8, 0x00],
        ));
        files.push(files[0].clone());
        let serial = ingest(files.clone());
        assert!(serial.articles.len() > 5 && !serial.notices.is_empty());
        assert_eq!(serial.title.as_deref(), Some("Second title"));
        for threads in [1, 2, 3] {
            assert_eq!(
                ingest_threads(files.clone(), threads),
                serial,
                "{threads} threads"
            );
        }
        // With a zip among the files, they are read in turn (same result).
        let zipped = zip::tests::make_zip(&[("inner.txt", b"Zipped story. It has two sentences.")]);
        files.push(InputFile::new("more.zip", zipped));
        assert_eq!(ingest_threads(files.clone(), 2), ingest(files));
    }

    /// Files with copies of one article, the later copy with more
    /// metadata (it takes the earlier one's place), and a file of two
    /// articles, among the example bundle.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn files_with_copies() -> Vec<InputFile> {
        let text = "The council voted on Tuesday to close the old bridge to traffic. Engineers said repairs would take a year.";
        let mut files = vec![InputFile::new("copy.txt", text)];
        files.extend(crate::example::files());
        files.push(InputFile::new(
            "rich.json",
            format!(
                r#"{{"articles": [{{"title": "Bridge to close", "source": "Desk", "url": "https://example.org/b", "text": "{text}"}}]}}"#
            ),
        ));
        files.push(InputFile::new(
            "two.json",
            r#"{"articles": [{"text": "First story. It is short."}, {"text": "Second story. It is short too."}]}"#,
        ));
        files
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn what_is_done_to_each_article_follows_it_past_the_copies() {
        let files = files_with_copies();
        let serial = ingest(files.clone());
        // The copy with metadata took the first one's place.
        assert_eq!(serial.articles[0].title.as_deref(), Some("Bridge to close"));
        assert!(serial
            .notices
            .iter()
            .any(|n| n.message.contains("loaded once")));
        for threads in [1, 2, 3] {
            let (bundle, out) =
                ingest_threads_with(files.clone(), threads, |a| (a.title.clone(), a.text.len()));
            assert_eq!(bundle, serial, "{threads} threads");
            let expected: Vec<_> = serial
                .articles
                .iter()
                .map(|a| (a.title.clone(), a.text.len()))
                .collect();
            assert_eq!(out, expected, "{threads} threads");
        }
    }
}
