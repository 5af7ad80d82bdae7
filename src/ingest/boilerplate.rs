//! Boilerplate detection: comment prompts, "Read Full Article at …",
//! "ALSO READ: …", cookie and subscribe lines. The phrases live in
//! `assets/lexicon/boilerplate.txt`; this module only knows how to match
//! them. Matches become ranges recorded in the report, the text itself is
//! never changed.
//!
//! Each line is folded once (into a buffer that is reused from line to
//! line), and the phrases that may sit anywhere in it (`short` and `tail`
//! rules) are all looked for in one pass of an Aho–Corasick automaton
//! (`ingest::phrases`) instead of one substring search per phrase; the
//! anchored rules (`line`, `prefix`) are plain comparisons. The rules are
//! then tried in file order, so the first rule that matches wins.

use super::lines::push_ascii_folded;
use super::phrases::Phrases;
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;

/// A boilerplate range in some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// The phrase usually closes an article (a new pasted page may follow).
    pub closes_article: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Line,
    Prefix,
    Tail,
    Short,
}

struct Rule {
    how: How,
    closes: bool,
    phrase: String,
    /// `line` rules: the phrase without its closing punctuation (compared
    /// with the line's); precomputed so each line costs one comparison.
    bare: String,
    /// `short` and `tail` rules: the phrase's number in [`Lexicon::phrases`].
    id: usize,
}

/// The rules in file order, and the automaton over the phrases of those
/// that are searched for anywhere in a line.
struct Lexicon {
    rules: Vec<Rule>,
    phrases: Phrases,
    /// What a line that some rule matches starts with, folded: each `line`
    /// rule's `bare` phrase and each `prefix` rule's phrase.
    heads: Vec<String>,
    /// Each of [`Lexicon::heads`]' first (up to) eight bytes as a
    /// little-endian word ([`first_word`]) and its length: most lines
    /// differ from every head within those bytes, told by one masked
    /// comparison per head instead of two string comparisons.
    head_words: Vec<(u64, usize)>,
    /// For each `short` and `tail` phrase, its longest run of characters
    /// that only themselves fold to (see [`plain_in_fold`]), in one
    /// automaton (leftmost-first, for the crate's vectorised prefilter);
    /// `None` when some phrase has no such run.
    tokens: Option<AhoCorasick>,
}

/// Folded characters that only come from themselves or their ASCII upper
/// case: ASCII letters, digits and punctuation other than quote marks
/// (curly quotes fold to those) — besides `i` and `k`, which `İ` and the
/// Kelvin sign also fold to (no other character folds to ASCII).
fn plain_in_fold(c: char) -> bool {
    c.is_ascii_graphic() && c != '\'' && c != '"'
}

/// Bytes of a line's fold compared with [`Lexicon::heads`]: a few, enough
/// to rule out most lines.
const HEAD_BYTES: usize = 8;

/// The first (up to) eight bytes of `s` as a little-endian word, zero
/// beyond its end.
fn first_word(s: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = s.len().min(8);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_le_bytes(b)
}

/// Whether one of `a`, `b` starts with the other, told first from their
/// [`first_word`]s `wa`, `wb` (with lengths `la`, `lb`): they agree on
/// their first `min(la, lb)` bytes, of which the words hold up to eight.
#[inline]
fn one_starts_other(a: &str, wa: u64, la: usize, b: &str, wb: u64, lb: usize) -> bool {
    let n = la.min(lb);
    // Bytes `0..min(n, 8)` of the words (a shift by 64 would overflow).
    let mask = if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)).wrapping_sub(1)
    };
    if (wa ^ wb) & mask != 0 {
        return false;
    }
    n <= 8 || a.starts_with(b) || b.starts_with(a)
}

/// Closing punctuation a `line` rule ignores (`!` is kept: "please enter
/// your comment!" is the phrase).
fn closing_mark(c: char) -> bool {
    c.is_ascii_punctuation() && c != '!'
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut needles: Vec<String> = Vec::new();
        let rules: Vec<Rule> = include_str!("../../assets/lexicon/boilerplate.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.splitn(3, '\t');
                let how = match cols.next()? {
                    "line" => How::Line,
                    "prefix" => How::Prefix,
                    "tail" => How::Tail,
                    "short" => How::Short,
                    _ => return None,
                };
                let closes = cols.next()? == "end";
                let phrase = fold(cols.next()?);
                let bare = phrase.trim_end_matches(closing_mark).to_string();
                let id = if matches!(how, How::Tail | How::Short) {
                    // One needle per distinct phrase.
                    needles
                        .iter()
                        .position(|n| *n == phrase)
                        .unwrap_or_else(|| {
                            needles.push(phrase.clone());
                            needles.len() - 1
                        })
                } else {
                    0
                };
                Some(Rule {
                    how,
                    closes,
                    phrase,
                    bare,
                    id,
                })
            })
            .collect();
        let heads: Vec<String> = rules
            .iter()
            .filter_map(|r| match r.how {
                How::Line => Some(r.bare.clone()),
                How::Prefix => Some(r.phrase.clone()),
                How::Short | How::Tail => None,
            })
            .collect();
        let head_words = heads.iter().map(|h| (first_word(h), h.len())).collect();
        let longest_run = |n: &String| {
            n.split(|c: char| !plain_in_fold(c))
                .max_by_key(|run| run.len())
                .filter(|run| !run.is_empty())
                .map(str::to_string)
        };
        let tokens: Option<Vec<String>> = needles.iter().map(longest_run).collect();
        // (Should the automaton not build, every line is matched in full.)
        let tokens = tokens.filter(|t| !t.is_empty()).and_then(|t| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(t)
                .ok()
        });
        Lexicon {
            rules,
            phrases: Phrases::new(&needles, false),
            heads,
            head_words,
            tokens,
        }
    })
}

/// Lower-case, curly quotes made straight, runs of spaces folded to one.
/// Calls `each(i, folded)` with the byte index in `s` of every character
/// kept and its folded form.
fn fold_each(s: &str, mut each: impl FnMut(usize, char) -> bool) {
    let mut last_space = false;
    for (i, c) in s.char_indices() {
        let c = match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            '\u{a0}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        if c.is_ascii() {
            if !each(i, c.to_ascii_lowercase()) {
                return;
            }
        } else {
            for lc in c.to_lowercase() {
                if !each(i, lc) {
                    return;
                }
            }
        }
    }
}

/// The byte index in `s` of byte `at` of its folded form.
fn unfold_index(s: &str, at: usize) -> usize {
    let mut len = 0;
    let mut found = s.len();
    fold_each(s, |i, c| {
        if len >= at {
            found = i;
            return false;
        }
        len += c.len_utf8();
        true
    });
    found
}

fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_each(s.trim(), |_, c| {
        out.push(c);
        true
    });
    out
}

/// The first characters of the fold of `s` ([`fold_each`]) into `head`,
/// until it holds [`HEAD_BYTES`] bytes or more (or all of them).
fn fold_head(s: &str, head: &mut String) {
    head.clear();
    // Most lines start with eight ASCII bytes without two white space
    // bytes in a row: folded, those are only lower-cased.
    let start = s.as_bytes().get(..HEAD_BYTES).unwrap_or(s.as_bytes());
    let space = |b: u8| char::from(b).is_whitespace();
    if start.is_ascii() && !start.windows(2).any(|w| space(w[0]) && space(w[1])) {
        head.push_str(s.get(..start.len()).unwrap_or(""));
        head.make_ascii_lowercase();
        return;
    }
    fold_each(s, |_, c| {
        head.push(c);
        head.len() < HEAD_BYTES
    });
}

/// [`fold`] into a buffer that is reused (no allocation per line): the
/// characters [`fold_each`] gives, written out byte by byte.
fn fold_into(s: &str, out: &mut String) {
    out.clear();
    let s = s.trim();
    // Most lines are ASCII without a run of spaces: then folding is only
    // lower-casing, done on the copy in place.
    let space = |b: u8| char::from(b).is_whitespace();
    if s.is_ascii() && !s.as_bytes().windows(2).any(|w| space(w[0]) && space(w[1])) {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    // Otherwise into the buffer's bytes (UTF-8 of whole characters, so it
    // converts back without a copy), decoding only non-ASCII characters.
    let mut bytes = std::mem::take(out).into_bytes();
    let src = s.as_bytes();
    let mut last_space = false;
    let mut i = 0;
    while i < src.len() {
        // A run of ASCII bytes, lower-cased, each kept unless it is white
        // space after white space.
        i += push_ascii_folded(&mut bytes, &src[i..], &mut last_space, false);
        // Then one non-ASCII character.
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        let c = match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            '\u{a0}' => ' ',
            c => c,
        };
        let space = c.is_whitespace();
        if space && last_space {
            continue;
        }
        last_space = space;
        if c.is_ascii() {
            bytes.push(c as u8);
        } else {
            for lc in c.to_lowercase() {
                bytes.extend_from_slice(lc.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
    }
    *out = String::from_utf8(bytes).unwrap_or_default();
}

/// Matches lines one after another, reusing its buffers; [`match_line`]
/// for a single line.
#[derive(Debug, Default)]
pub struct Matcher {
    folded: String,
    first: Vec<Option<usize>>,
    /// The line's first folded characters and the line in ASCII lower
    /// case, for [`Matcher::may_match`].
    head: String,
    lower: String,
}

impl Matcher {
    pub fn new() -> Self {
        Self::default()
    }

    /// Match one line (without its newline); offsets relative to the line.
    pub fn line(&mut self, line: &str) -> Option<Hit> {
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        if body.is_empty() {
            return None;
        }
        let whole = Hit {
            start: lead,
            end: lead + body.len(),
            closes_article: false,
        };
        let lexicon = lexicon();
        if !self.may_match(lexicon, body) {
            return None;
        }
        fold_into(body, &mut self.folded);
        let folded = self.folded.as_str();
        lexicon.phrases.first_at(folded, &mut self.first);
        let first = &self.first;
        let bare = folded.trim_end_matches(|c: char| closing_mark(c) || c == ' ');
        // Counted only when a `short` phrase occurs.
        let mut short = None;
        for rule in &lexicon.rules {
            let hit = match rule.how {
                How::Line => (bare == rule.bare || folded == rule.phrase).then_some(whole),
                How::Prefix => folded.starts_with(rule.phrase.as_str()).then_some(whole),
                How::Short => (first[rule.id].is_some()
                    && *short.get_or_insert_with(|| body.chars().count() <= 160))
                .then_some(whole),
                How::Tail => first[rule.id].and_then(|at| {
                    // Only at the start of a line or of a sentence.
                    let before = folded[..at].trim_end();
                    let starts_sentence = before.is_empty()
                        || before.ends_with(['.', '!', '?', '"', '\'', ')', '|', '-']);
                    starts_sentence.then(|| Hit {
                        start: lead + unfold_index(body, at),
                        end: whole.end,
                        closes_article: false,
                    })
                }),
            };
            if let Some(h) = hit {
                return Some(Hit {
                    closes_article: rule.closes,
                    ..h
                });
            }
        }
        None
    }
}

impl Matcher {
    /// False when no rule can match the trimmed line `body`, told without
    /// folding all of it (most lines are running text, which no rule
    /// matches; folding them was most of the matching's cost). A rule of
    /// the `line` or `prefix` kind only matches a line whose fold starts
    /// with one of [`Lexicon::heads`], which its first [`HEAD_BYTES`] show;
    /// a `short` or `tail` phrase only occurs in a line's fold when its
    /// token does, and then the token is in the line in ASCII lower case
    /// (unless the line holds `İ` or the Kelvin sign, which fold to ASCII
    /// letters: such lines are matched in full).
    fn may_match(&mut self, lexicon: &Lexicon, body: &str) -> bool {
        let head = &mut self.head;
        fold_head(body, head);
        let head_word = first_word(head);
        if lexicon
            .heads
            .iter()
            .zip(&lexicon.head_words)
            .any(|(h, &(w, len))| one_starts_other(h, w, len, head, head_word, head.len()))
        {
            return true;
        }
        let Some(tokens) = &lexicon.tokens else {
            return true;
        };
        if !body.is_ascii() && (body.contains('İ') || body.contains('\u{212A}')) {
            return true;
        }
        self.lower.clear();
        self.lower.push_str(body);
        self.lower.make_ascii_lowercase();
        tokens.is_match(self.lower.as_str())
    }
}

/// Boilerplate ranges in `text`, sorted and non-overlapping.
pub fn find(text: &str) -> Vec<Hit> {
    let mut matcher = Matcher::new();
    let mut hits = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        if let Some(hit) = matcher.line(content) {
            hits.push(Hit {
                start: line_start + hit.start,
                end: line_start + hit.end,
                closes_article: hit.closes_article,
            });
        }
        line_start += line.len();
    }
    hits
}

/// Match one line (without its newline); offsets relative to the line.
pub fn match_line(line: &str) -> Option<Hit> {
    Matcher::new().line(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn comment_prompts_are_whole_lines_that_close_an_article() {
        let t = "Body text here.\n\nLEAVE A REPLY\n\nPlease enter your comment!\nPlease enter your name here\n";
        let hits = find(t);
        let words: Vec<&str> = hits.iter().map(|h| &t[h.start..h.end]).collect();
        assert_eq!(
            words,
            [
                "LEAVE A REPLY",
                "Please enter your comment!",
                "Please enter your name here"
            ]
        );
        assert!(hits.iter().all(|h| h.closes_article));
    }

    #[test]
    fn read_full_article_is_cut_from_mid_line() {
        let t = "Hegseth stated that the call is “recognition”. Read Full Article at RT.com.";
        let h = match_line(t).unwrap();
        assert_eq!(&t[h.start..h.end], "Read Full Article at RT.com.");
        // Not inside a sentence.
        assert!(match_line("Users who read full article at once were counted.").is_none());
    }

    #[test]
    fn also_read_and_cookie_lines() {
        let h = match_line("ALSO READ: Something ‘Unrealistic’: Official").unwrap();
        assert_eq!(h.start, 0);
        assert!(!h.closes_article);
        assert!(match_line("We use cookies to improve your experience.").is_some());
        assert!(match_line("Officials said the reply would come later.").is_none());
        assert!(match_line("A reply to the comment was posted").is_none());
    }

    /// The matching as it was before the automaton: every rule's phrase
    /// searched for on its own.
    fn one_rule_at_a_time(line: &str) -> Option<Hit> {
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        if body.is_empty() {
            return None;
        }
        let whole = Hit {
            start: lead,
            end: lead + body.len(),
            closes_article: false,
        };
        let folded = fold(body);
        let folded = folded.as_str();
        let bare =
            folded.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '!' || c == ' ');
        for rule in &lexicon().rules {
            let p = rule.phrase.as_str();
            let hit = match rule.how {
                How::Line => (bare
                    == p.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '!')
                    || folded == p)
                    .then_some(whole),
                How::Prefix => folded.starts_with(p).then_some(whole),
                How::Short => (body.chars().count() <= 160 && folded.contains(p)).then_some(whole),
                How::Tail => folded.find(p).and_then(|at| {
                    let before = folded[..at].trim_end();
                    let starts_sentence = before.is_empty()
                        || before.ends_with(['.', '!', '?', '"', '\'', ')', '|', '-']);
                    starts_sentence.then(|| Hit {
                        start: lead + unfold_index(body, at),
                        end: whole.end,
                        closes_article: false,
                    })
                }),
            };
            if let Some(h) = hit {
                return Some(Hit {
                    closes_article: rule.closes,
                    ..h
                });
            }
        }
        None
    }

    #[test]
    fn fold_into_folds_as_fold_each() {
        let mut buf = String::new();
        for s in [
            "",
            "  Plain ASCII, Upper Case  ",
            "two  spaces\t\tand tabs",
            "“Curly” ‘quotes’\u{a0}\u{a0}and NBSP",
            "ÉTÉ İstanbul ΟΔΟΣ \u{2003}\u{2003} x\u{b}\u{b}y",
        ] {
            fold_into(s, &mut buf);
            assert_eq!(buf, fold(s), "{s:?}");
        }
    }

    #[test]
    fn same_hits_as_one_rule_at_a_time() {
        // Every phrase of the lexicon alone, in mid-sentence, after a
        // sentence, in another case, with curly quotes and extra spaces,
        // in a long line; plus the example articles line by line.
        let mut lines: Vec<String> = Vec::new();
        let long = "word ".repeat(40);
        for rule in &lexicon().rules {
            let p = &rule.phrase;
            for l in [
                p.clone(),
                format!("{p}."),
                format!("  {} ", p.to_uppercase()),
                format!("Officials said {p} today."),
                format!("It ended. {p} example.com"),
                format!("“Quoted.” {p}  x"),
                format!("{long}{p}"),
                format!("{p}{long}"),
                p.replace(' ', "   ").replace('\'', "’"),
                // Characters that fold to ASCII letters.
                format!("Officials said. {}", p.replace('k', "\u{212A}")),
                p.replace('i', "İ"),
            ] {
                lines.push(l);
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/example");
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                lines.extend(text.lines().map(str::to_string));
            }
        }
        assert!(lines.len() > 500);
        let mut matcher = Matcher::new();
        for l in &lines {
            assert_eq!(matcher.line(l), one_rule_at_a_time(l), "{l:?}");
        }
    }

    #[test]
    fn word_comparison_agrees_with_strings() {
        let words = [
            "",
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefgX",
            "abcdefghij",
            "also read:",
            "also re",
            "©",
            "© 2020",
            "ééé",
            "éé",
            "leave a reply",
            "leave a",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    one_starts_other(a, first_word(a), a.len(), b, first_word(b), b.len()),
                    a.starts_with(b) || b.starts_with(a),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn head_folds_as_fold_each() {
        let mut head = String::new();
        for s in [
            "",
            "a",
            "Short",
            "EXACTLY8",
            "Nine Char",
            "Two  spaces early",
            "Tab\t\tthen",
            "ab      \u{a0}x",
            "“Curly” start",
            "Later “curly” quotes",
            "ÉTÉ upper",
            "ascii7 é",
            "İİİİİ",
            "\u{b}\u{b}x",
            "\u{1c}\u{1c}x",
        ] {
            fold_head(s, &mut head);
            let mut want = String::new();
            fold_each(s, |_, c| {
                want.push(c);
                want.len() < HEAD_BYTES
            });
            assert_eq!(head, want, "{s:?}");
        }
    }
}
