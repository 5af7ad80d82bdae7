//! Splitting one text (a file or a paste) into articles.
//!
//! Three signals start a new article, each checked so that ordinary article
//! structure (subheadings, a summary above a repeated title, all-caps
//! kickers in quotes) does not split:
//! 1. separator lines (`---`, `***`, `===`) with real text on both sides;
//! 2. section headings: an all-caps line such as `WESTERN PERSPECTIVE`
//!    followed by a headline and body text (its text becomes the articles'
//!    `section`); Markdown files with several `# ` headings split at each;
//! 3. a pasted page: a headline after text that ended like an article
//!    (comment prompts, "Read Full Article at …", a credit line), or a
//!    headline that is immediately repeated or followed by a byline or date.
//!
//! Each line is matched against the boilerplate phrases once; the parts
//! carry their boilerplate ranges out so they need not be matched again.
//!
//! Also here: dropping duplicate articles (the same text loaded twice, e.g.
//! a folder holding both `bundle.json` and its `.txt` files).

use super::boilerplate;
use super::lines::{self, is_body, is_caps_heading, is_headline, is_separator, Line};
use super::metadata;
use super::Bundle;

/// Fewest words on each side of a split; below this a separator or heading
/// is structure inside one article.
const MIN_WORDS: usize = 30;
/// Fewest words already read before a pasted page can start.
const MIN_WORDS_BEFORE_PAGE: usize = 80;
/// The most words before a line that the splitting rules ask about (the
/// larger of the two above): counting stops there.
const FEW_WORDS_ENOUGH: usize = if MIN_WORDS > MIN_WORDS_BEFORE_PAGE {
    MIN_WORDS
} else {
    MIN_WORDS_BEFORE_PAGE
};

/// One article's place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Byte range of the article text (trimmed of blank lines and spaces).
    pub start: usize,
    pub end: usize,
    /// Section heading text and its byte span in the whole text.
    pub section: Option<(String, [usize; 2])>,
    /// Boilerplate ranges in the part's text, relative to `start`: what
    /// [`boilerplate::find`] gives for `text[start..end]`.
    pub boilerplate: Vec<[usize; 2]>,
}

/// Split `text` into article parts. `markdown` enables `# ` headings.
pub fn split(text: &str, markdown: bool) -> Vec<Part> {
    let lines = lines::lines(text);
    // Each line's boilerplate match, once: the splitting rules below and
    // the parts' boilerplate ranges all use it.
    let mut matcher = boilerplate::Matcher::new();
    let hits: Vec<Option<boilerplate::Hit>> = lines.iter().map(|l| matcher.line(l.text)).collect();
    // Whether a line closes an article: asked only of the few lines before
    // a headline that may start a pasted page, so not made for every line.
    let closing = |i: usize| {
        hits[i].is_some_and(|h| h.closes_article) || metadata::is_credit_line(lines[i].trimmed())
    };
    let nonblank: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
    // Lookups precomputed once so that long texts stay linear: the next
    // non-blank line and the next separator line after each line, and
    // running word counts.
    let mut next_nonblank = vec![None; lines.len()];
    let mut next_separator = vec![lines.len(); lines.len()];
    for i in (0..lines.len().saturating_sub(1)).rev() {
        let j = i + 1;
        let blank = lines[j].is_blank();
        next_nonblank[i] = if blank { next_nonblank[j] } else { Some(j) };
        next_separator[i] = if !blank && is_separator(lines[j].trimmed()) {
            j
        } else {
            next_separator[j]
        };
    }
    let next_nb = |i: usize| next_nonblank.get(i).copied().flatten();
    // Word counts are only compared with a few thresholds, so lines are
    // counted as far as a question needs and no further (not every line of
    // the text in full): whether lines `a..b` hold any word, or at least
    // `n`.
    let has_words = |a: usize, b: usize| (a..b).any(|j| lines::words_up_to(lines[j].text, 0) > 0);
    let at_least = |a: usize, b: usize, n: usize| words_at_least(lines[a..b].iter(), n);
    let md_h1: rustc_hash::FxHashSet<usize> = if markdown {
        let h: rustc_hash::FxHashSet<usize> = nonblank
            .iter()
            .copied()
            .filter(|&i| lines[i].trimmed().starts_with("# ") && next_nb(i).is_some())
            .collect();
        if h.len() >= 2 {
            h
        } else {
            Default::default()
        }
    } else {
        Default::default()
    };

    // (first line of the part, first line of its text, section line)
    let mut starts: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut cur = 0usize;
    let mut cur_title: Option<&str> = None;
    let first_nb = nonblank.first().copied();
    // Words in lines `cur..i`, counted up to `FEW_WORDS_ENOUGH` (the rules
    // below only compare it with thresholds up to that, and with 0): kept
    // up to date line by line, so a long article's lines are not counted
    // once enough words came before them.
    let mut before = 0usize;
    for (k, &i) in nonblank.iter().enumerate() {
        let l = lines[i].trimmed();
        let new_part = if is_separator(l) {
            let after_end = next_separator[i];
            (before >= MIN_WORDS && at_least(i + 1, after_end, MIN_WORDS)).then_some((
                i + 1,
                i + 1,
                None,
            ))
        } else if md_h1.contains(&i) {
            (Some(i) != first_nb && before > 0).then_some((i, i, None))
        } else if is_caps_heading(l)
            && hits[i].is_none()
            && (Some(i) == first_nb || before >= MIN_WORDS)
        {
            section_start(&lines, i, &next_nb).map(|title| (i, title, Some(i)))
        } else if before >= MIN_WORDS_BEFORE_PAGE
            && is_headline(l)
            && Some(l) != cur_title
            && hits[i].is_none()
            && content_words_at_least(&lines, &hits, i + 1, MIN_WORDS)
        {
            let prev_blank_or_closing = i > 0 && (lines[i - 1].is_blank() || closing(i - 1));
            let closed = nonblank[..k]
                .iter()
                .rev()
                .take_while(|&&j| j >= cur)
                .take(3)
                .any(|&j| closing(j));
            let nxt = next_nb(i).map(|j| lines[j].trimmed());
            let repeated = nxt == Some(l);
            let dated = nxt.is_some_and(metadata::is_byline_or_date_line);
            (prev_blank_or_closing && (closed || repeated || dated)).then_some((i, i, None))
        } else {
            None
        };
        if let Some(s) = new_part {
            if starts.is_empty() && s.0 > 0 && has_words(0, s.0) {
                starts.push((0, 0, None));
            }
            starts.push(s);
            cur = s.0;
            cur_title = lines.get(s.1).map(Line::trimmed).filter(|t| is_headline(t));
            before = 0;
        } else if starts.is_empty() && cur_title.is_none() && Some(i) == first_nb {
            cur_title = Some(l).filter(|t| is_headline(t));
        }
        // This line's words count for the next line unless the part that
        // holds it ended (after a separator `cur` is the next line); the
        // blank lines between have none.
        if cur <= i && before < FEW_WORDS_ENOUGH {
            let more = lines::words_up_to(lines[i].text, FEW_WORDS_ENOUGH - before);
            before = (before + more).min(FEW_WORDS_ENOUGH);
        }
    }
    if starts.first().is_none_or(|s| s.0 != 0 && has_words(0, s.0)) {
        starts.insert(0, (0, 0, None));
    }

    let mut parts = Vec::new();
    for (k, &(_, text_from, section)) in starts.iter().enumerate() {
        let until = starts.get(k + 1).map_or(lines.len(), |s| s.0);
        // Separator lines end the previous part; skip them at both ends.
        let body: Vec<usize> = (text_from..until)
            .filter(|&i| !lines[i].is_blank())
            .collect();
        let first = body.iter().position(|&i| !is_separator(lines[i].trimmed()));
        let last = body
            .iter()
            .rposition(|&i| !is_separator(lines[i].trimmed()));
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        // Blank lines have no words, so the count from the first line to
        // the last is that of the non-blank ones.
        let (first, last) = (body[first], body[last]);
        if first > last || !has_words(first, last + 1) {
            continue;
        }
        let start = lines[first].content_span()[0];
        let end = lines[last].content_span()[1];
        let section = section.map(|i| (lines[i].trimmed().to_string(), lines[i].content_span()));
        // The part's first and last lines are cut to their content, which
        // moves no match: a line is trimmed before it is matched.
        let boilerplate = (first..=last)
            .filter_map(|i| {
                hits[i].map(|h| {
                    [
                        lines[i].start + h.start - start,
                        lines[i].start + h.end - start,
                    ]
                })
            })
            .collect();
        parts.push(Part {
            start,
            end,
            section,
            boilerplate,
        });
    }
    parts
}

/// Whether the dozen lines from `from` hold at least `n` words of
/// non-boilerplate text, given each line's boilerplate match.
fn content_words_at_least(
    lines: &[Line],
    hits: &[Option<boilerplate::Hit>],
    from: usize,
    n: usize,
) -> bool {
    let end = lines.len().min(from.saturating_add(12));
    let content = (from..end)
        .filter(|&i| hits[i].is_none())
        .map(|i| &lines[i]);
    words_at_least(content, n)
}

/// Whether `lines` hold at least `n` words, counting each line only as far
/// as needed.
fn words_at_least<'a, 't: 'a>(lines: impl Iterator<Item = &'a Line<'t>>, n: usize) -> bool {
    let mut words = 0;
    for l in lines {
        if words >= n {
            break;
        }
        // At most `n - words`, one more when there are more.
        words += lines::words_up_to(l.text, n - words - 1);
    }
    words >= n
}

/// For an all-caps line at `i`: when a headline follows, and text follows
/// that, return the headline's line (where the article text starts).
fn section_start(
    lines: &[Line],
    i: usize,
    next_nb: &dyn Fn(usize) -> Option<usize>,
) -> Option<usize> {
    let title = next_nb(i)?;
    let t = lines[title].trimmed();
    if !is_headline(t) || is_caps_heading(t) {
        return None;
    }
    let body = next_nb(title)?;
    let b = lines[body].trimmed();
    (is_body(b) || lines::word_count(b) >= 8).then_some(title)
}

/// Remove articles whose text (ignoring a leading title line, spacing and
/// quote styles) equals an earlier one's; keep the one with more metadata.
pub fn drop_duplicates(bundle: &mut Bundle) {
    drop_duplicates_threads(bundle, 1);
}

/// [`drop_duplicates`], the articles' keys (a pass over every text) made on
/// several threads when `threads` > 1 ([`crate::par::map`]).
///
/// Keys are only made for articles that could have a copy: two articles
/// with equal keys have keys of the same [`key_letters`], a count that
/// takes a fraction of a key's cost, so an article whose count no other
/// article shares is kept without one.
pub fn drop_duplicates_threads(bundle: &mut Bundle, threads: usize) {
    drop_duplicates_kept(bundle, threads);
}

/// [`drop_duplicates_threads`], telling where each article kept was in the
/// bundle before: its index then, in the new order (for whoever holds
/// something per article beside the bundle).
pub fn drop_duplicates_kept(bundle: &mut Bundle, threads: usize) -> Vec<usize> {
    let letters: Vec<usize> = bundle
        .articles
        .iter()
        .map(|a| key_letters(&a.text, a.title.as_deref()))
        .collect();
    let mut sharing: rustc_hash::FxHashMap<usize, usize> = Default::default();
    for &n in &letters {
        *sharing.entry(n).or_default() += 1;
    }
    let keys_of = crate::par::map(
        threads,
        bundle.articles.iter().zip(&letters).collect(),
        |(a, n)| {
            (sharing.get(n).is_some_and(|&count| count > 1))
                .then(|| duplicate_key(&a.text, a.title.as_deref()))
        },
    );
    let known = |a: &crate::report::Article| {
        [&a.title, &a.outlet, &a.date, &a.byline, &a.url]
            .iter()
            .filter(|v| v.is_some())
            .count()
    };
    let mut keep: Vec<crate::report::Article> = Vec::new();
    // The index of each kept article before.
    let mut was: Vec<usize> = Vec::new();
    // Key → position in `keep` (a map: thousands of articles stay linear).
    let mut keys: rustc_hash::FxHashMap<Vec<u8>, usize> = Default::default();
    for (i, (a, k)) in std::mem::take(&mut bundle.articles)
        .into_iter()
        .zip(keys_of)
        .enumerate()
    {
        // Without a key the article has no copy.
        let Some(k) = k else {
            keep.push(a);
            was.push(i);
            continue;
        };
        match keys.get(&k).copied() {
            Some(p) => {
                let (kept, dropped) = if known(&a) > known(&keep[p]) {
                    was[p] = i;
                    (a, std::mem::take(&mut keep[p]))
                } else {
                    (std::mem::take(&mut keep[p]), a)
                };
                bundle.notices.push(crate::report::Notice::info(
                    describe(&dropped),
                    format!("same text as {}; loaded once", describe(&kept)),
                ));
                keep[p] = kept;
            }
            None => {
                keys.insert(k, keep.len());
                keep.push(a);
                was.push(i);
            }
        }
    }
    bundle.articles = keep;
    was
}

/// The lines of `text` that make its [`duplicate_key`]: those that do not
/// repeat the title.
fn key_lines<'a>(text: &'a str, title: Option<&'a str>) -> impl Iterator<Item = &'a str> + 'a {
    let title = title.map(str::trim);
    text.lines().filter(move |l| Some(l.trim()) != title)
}

/// The number of ASCII letters and digits in `text`'s [`duplicate_key`],
/// without making the key: those of its lines, plus one for each `İ` and
/// Kelvin sign `K`, the only other characters whose lower case holds one
/// (`i̇`, `k`; white space, quotes and the other letters give none).
/// Counted with no branch per byte, and searched for with `memchr` (what
/// `str::matches` does with one character) only in lines that are not all
/// ASCII.
fn key_letters(text: &str, title: Option<&str>) -> usize {
    key_lines(text, title)
        .map(|l| {
            // Counted in bytes, 255 bytes at a time, so that the compiler
            // vectorises the count with a byte per lane.
            let ascii: usize = l
                .as_bytes()
                .chunks(255)
                .map(|c| {
                    let n = c.iter().fold(0u8, |n, &b| n + u8::from(is_ascii_alnum(b)));
                    usize::from(n)
                })
                .sum();
            if l.is_ascii() {
                ascii
            } else {
                ascii + l.matches('İ').count() + l.matches('\u{212A}').count()
            }
        })
        .sum()
}

/// `u8::is_ascii_alphanumeric`, computed without a branch (so that the
/// count over a whole text is vectorised).
fn is_ascii_alnum(b: u8) -> bool {
    ((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10)
}

/// What two copies of one article share: the words of `text` joined by
/// single spaces, quotes made straight, lower case. Lines that repeat the
/// title (a headline above the text, or repeated under a summary) are left
/// out: they do not make two copies different.
fn duplicate_key(text: &str, title: Option<&str>) -> Vec<u8> {
    let lines = || key_lines(text, title);
    let straight = |c: char| match c {
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        c => c,
    };
    // Built byte by byte (UTF-8 of whole characters), decoding only
    // non-ASCII characters: this runs over every article's whole text.
    // White space is written as one space unless the key is empty or ends
    // in one, and a closing space is dropped at the end: the words joined
    // by single spaces.
    let mut k: Vec<u8> = Vec::with_capacity(text.len());
    // The key is empty or ends in a space.
    let mut after_space = true;
    for line in lines() {
        // The line break between two lines' words.
        if !after_space {
            k.push(b' ');
            after_space = true;
        }
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // A run of ASCII bytes: lower-cased, white space as one space.
            i += lines::push_ascii_folded(&mut k, &bytes[i..], &mut after_space, true);
            // Then one non-ASCII character.
            let Some(c) = line.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            if c.is_whitespace() {
                if !after_space {
                    k.push(b' ');
                }
                after_space = true;
                continue;
            }
            after_space = false;
            match straight(c) {
                c if c.is_ascii() => k.push(c as u8),
                'Σ' => {
                    // Its lower case depends on the letters around it,
                    // which only `str::to_lowercase` of the whole key gets
                    // right: build the key that way.
                    let mut k = String::with_capacity(text.len());
                    for w in lines().flat_map(str::split_whitespace) {
                        if !k.is_empty() {
                            k.push(' ');
                        }
                        k.extend(w.chars().map(straight));
                    }
                    return k.to_lowercase().into_bytes();
                }
                c => {
                    for l in c.to_lowercase() {
                        k.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                }
            }
        }
    }
    if k.last() == Some(&b' ') {
        k.pop();
    }
    k
}

fn describe(a: &crate::report::Article) -> String {
    let file = a
        .source_file
        .clone()
        .unwrap_or_else(|| super::PASTE_NAME.to_string());
    if a.part > 1 {
        format!("{file} (article {})", a.part)
    } else {
        file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(words: usize, seed: &str) -> String {
        let mut s: Vec<String> = (0..words).map(|i| format!("{seed}{i}")).collect();
        s[0] = "Officials".into();
        format!("{}.", s.join(" "))
    }

    fn texts<'a>(t: &'a str, parts: &[Part]) -> Vec<&'a str> {
        parts.iter().map(|p| &t[p.start..p.end]).collect()
    }

    #[test]
    fn separators_split_only_between_real_text() {
        let t = format!(
            "Title one here\n{}\n\n---\n\nTitle two here\n{}\n",
            para(40, "a"),
            para(40, "b")
        );
        let p = split(&t, false);
        assert_eq!(p.len(), 2);
        assert!(texts(&t, &p)[1].starts_with("Title two here"));
        let short = format!("Intro words only.\n***\n{}\n", para(40, "c"));
        assert_eq!(split(&short, false).len(), 1);
    }

    #[test]
    fn section_headings_split_and_label() {
        let t = format!(
            "FIRST VIEW\nLeaders agree to meet next month\n{}\n'QUOTED KICKER'\n{}\nSECOND VIEW\nCapital reports strikes on plants\n{}\n",
            para(40, "a"),
            para(40, "k"),
            para(40, "b")
        );
        let p = split(&t, false);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].section.as_ref().unwrap().0, "FIRST VIEW");
        assert_eq!(p[1].section.as_ref().unwrap().0, "SECOND VIEW");
        assert!(texts(&t, &p)[1].starts_with("Capital reports"));
        assert!(texts(&t, &p)[0].contains("'QUOTED KICKER'"));
    }

    #[test]
    fn subheadings_and_labels_do_not_split() {
        let t = format!(
            "KEY POINTS\n- First point of the story.\n- Second point.\nCITY: {}\nA subheading in the middle\n{}\nAnother Subheading Here\n{}\n",
            para(100, "a"),
            para(100, "b"),
            para(100, "c")
        );
        assert_eq!(split(&t, false).len(), 1);
    }

    #[test]
    fn summary_above_repeated_title_is_one_article() {
        let t = format!(
            "Minister Says Talks Will Start\n\n{} Read Full Article at example.com.\n\nMinister Says Talks Will Start\n{}\n",
            para(30, "s"),
            para(200, "b")
        );
        assert_eq!(split(&t, false).len(), 1);
    }

    #[test]
    fn a_pasted_page_after_a_closing_line_splits() {
        let t = format!(
            "First Headline About Talks\n{}\n\nLEAVE A REPLY\n\nSecond Headline About Strikes\n{}\n",
            para(120, "a"),
            para(120, "b")
        );
        let p = split(&t, false);
        assert_eq!(p.len(), 2);
        assert!(texts(&t, &p)[0].ends_with("LEAVE A REPLY"));
        assert!(texts(&t, &p)[1].starts_with("Second Headline"));
    }

    #[test]
    fn a_headline_with_byline_splits() {
        let t = format!(
            "First Headline About Talks\n{}\n\nSecond Headline About Strikes\nBy Jane Doe\n{}\n",
            para(120, "a"),
            para(120, "b")
        );
        assert_eq!(split(&t, false).len(), 2);
    }

    #[test]
    fn duplicate_keys_as_spelled_out() {
        // The key as its doc states it, built the plain way.
        fn plain(text: &str, title: Option<&str>) -> Vec<u8> {
            let words: Vec<String> = text
                .lines()
                .filter(|l| Some(l.trim()) != title.map(str::trim))
                .flat_map(str::split_whitespace)
                .map(|w| w.replace(['“', '”'], "\"").replace(['‘', '’'], "'"))
                .collect();
            words.join(" ").to_lowercase().into_bytes()
        }
        for (text, title) in [
            (
                "Title\n\nSome “Quoted” TEXT\there.\n  Ünïcode ÉTÉ — x\u{b}y\u{a0}z",
                Some("Title"),
            ),
            ("ΟΔΟΣ ΟΔΟΣ.\nΣ ΑΣ", None),
            ("İstanbul ‘ok’ \r\n…", Some("x")),
            ("", None),
            ("  \n ", Some("")),
        ] {
            assert_eq!(duplicate_key(text, title), plain(text, title), "{text:?}");
        }
    }

    #[test]
    fn branch_free_alnum() {
        for b in 0..=255u8 {
            assert_eq!(is_ascii_alnum(b), b.is_ascii_alphanumeric());
        }
    }

    #[test]
    fn key_letters_count_the_keys_ascii_letters_and_digits() {
        // Every character, a few hundred at a time, in texts with a title
        // line.
        let count = |k: &[u8]| k.iter().filter(|b| b.is_ascii_alphanumeric()).count();
        let chars: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        for some in chars.chunks(256) {
            let some: String = some.iter().collect();
            let text = format!("Title\nA{some}b\n{some}");
            for title in [None, Some("Title")] {
                assert_eq!(
                    key_letters(&text, title),
                    count(&duplicate_key(&text, title)),
                    "{some:?}"
                );
            }
        }
    }

    #[test]
    fn markdown_h1_headings_split() {
        let t = format!("# One\n\n{}\n\n# Two\n\n{}\n", para(10, "a"), para(10, "b"));
        let p = split(&t, true);
        assert_eq!(
            texts(&t, &p).iter().map(|s| &s[..5]).collect::<Vec<_>>(),
            ["# One", "# Two"]
        );
        assert_eq!(split(&t, false).len(), 1);
    }
}
