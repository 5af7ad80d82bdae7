//! A line view of a text with byte spans, and the line shapes the splitter
//! and the metadata reader share (headline, all-caps heading, bullet, …).

use crate::analysis::tokenize::{bytes_in, HI, LO};
use std::sync::OnceLock;

/// One line: `start..end` is its content without the newline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// `text` without surrounding white space, trimmed once here (the
    /// splitter and the metadata reader ask for it many times a line).
    trimmed: &'a str,
}

impl<'a> Line<'a> {
    /// The line without surrounding white space.
    pub fn trimmed(&self) -> &'a str {
        self.trimmed
    }
    /// Span of the trimmed content.
    pub fn content_span(&self) -> [usize; 2] {
        let lead = self.text.len() - self.text.trim_start().len();
        let s = self.start + lead;
        [s, s + self.trimmed().len()]
    }
    pub fn is_blank(&self) -> bool {
        self.trimmed().is_empty()
    }
    pub fn words(&self) -> usize {
        word_count(self.text)
    }
}

/// Split `text` into lines with byte spans.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        out.push(Line {
            start: pos,
            end: pos + content.len(),
            text: content,
            trimmed: content.trim(),
        });
        pos += raw.len();
    }
    out
}

/// Words in `s`: runs of non-space characters with a letter or digit in
/// them (`split_whitespace` words that are not only punctuation).
pub fn word_count(s: &str) -> usize {
    words_up_to(s, usize::MAX)
}

/// What `char::is_whitespace` says of an ASCII byte, computed without a
/// branch (for the byte loops over whole texts).
pub fn is_ascii_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') < 5)
}

/// `u8::to_ascii_lowercase`, computed without a branch.
pub fn ascii_lower(b: u8) -> u8 {
    b | (u8::from(b.wrapping_sub(b'A') < 26) << 5)
}

/// Append the run of ASCII bytes that `src` starts with to `out` in lower
/// case, leaving out each white space byte that follows white space
/// (`after_space` says whether the text so far ends in white space, and is
/// updated); with `as_space` every white space byte kept is written as
/// `' '`. Returns the run's length (where the first non-ASCII byte of
/// `src` is). Without a branch per byte: a word ends every few bytes, and a
/// branch there would often be mispredicted (these loops run over every
/// article's whole text).
#[inline]
pub fn push_ascii_folded(
    out: &mut Vec<u8>,
    src: &[u8],
    after_space: &mut bool,
    as_space: bool,
) -> usize {
    let run = &src[..src.iter().position(|b| !b.is_ascii()).unwrap_or(src.len())];
    let start = out.len();
    out.resize(start + run.len(), 0);
    // Written through a slice of its own, whose length stays in a register.
    let dst = &mut out[start..];
    let mut len = 0;
    let mut last = *after_space;
    for &b in run {
        let space = is_ascii_space(b);
        // A space, or the byte in lower case, chosen by a mask.
        let mask = 0u8.wrapping_sub(u8::from(space & as_space));
        if let Some(slot) = dst.get_mut(len) {
            *slot = (b' ' & mask) | (ascii_lower(b) & !mask);
        }
        len += usize::from(!space | !last);
        last = space;
    }
    out.truncate(start + len);
    *after_space = last;
    run.len()
}

/// [`ASCII_CLASS`] of white space (what `char::is_whitespace` says).
const SPACE: u8 = 1;
/// [`ASCII_CLASS`] of letters and digits.
const ALNUM: u8 = 2;
/// Each ASCII byte's class for [`words_up_to`]: [`SPACE`], [`ALNUM`] or 0.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if matches!(c, b' ' | b'\t'..=b'\r') {
            SPACE
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else {
            0
        };
        b += 1;
    }
    t
};

/// [`word_count`], but stops counting past `limit`: for the many checks
/// that only ask whether a line has at most a few words.
pub fn words_up_to(s: &str, limit: usize) -> usize {
    // One pass over the bytes, decoding only non-ASCII characters (this
    // runs on every line, some lines more than once); the same words as
    // `split_whitespace`. A word counts at its first letter or digit, and
    // white space arms the count for the next word.
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut armed = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Eight ASCII bytes at once ([`ascii_words`]): a byte at a time,
        // the lines took ≈ 0.08 M more of the seed bundle's 32.6 M
        // instructions, ≈ 3.2 M more of BASIL's 1,491 M.
        if let Some(block) = bytes.get(i..).and_then(|r| r.first_chunk::<8>()) {
            let x = u64::from_le_bytes(*block);
            if x & HI == 0 {
                let (n, still_armed) = ascii_words(ascii_classes(x), armed);
                count += n;
                armed = still_armed;
                i += 8;
                if count > limit {
                    // (One at a time, the count stops at the word past it.)
                    return limit + 1;
                }
                continue;
            }
        }
        let (space, alnum) = if let Some(&class) = ASCII_CLASS.get(usize::from(b)) {
            i += 1;
            (class == SPACE, class == ALNUM)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            (c.is_whitespace(), c.is_alphanumeric())
        };
        // Without a branch on the word start, which comes every few bytes
        // and would often be mispredicted.
        count += usize::from(alnum & armed);
        armed = space | (armed & !alnum);
        if count > limit {
            break;
        }
    }
    count
}

/// The high bit of each white space byte, and of each letter and digit,
/// of the eight ASCII bytes `x` (no byte above 0x7f).
#[inline]
fn ascii_classes(x: u64) -> (u64, u64) {
    let space = bytes_in(x, b'\t', b'\r') | bytes_in(x, b' ', b' ');
    let alnum = bytes_in(x | (LO * 0x20), b'a', b'z') | bytes_in(x, b'0', b'9');
    (space, alnum)
}

/// The words that [`words_up_to`] counts in eight ASCII bytes, the first
/// byte lowest, given their [`ascii_classes`] and `armed`, its state
/// before them; and its state after them. A letter or digit counts when
/// the letter, digit or white space nearest before it (within the block,
/// else `armed`) is white space.
#[inline]
fn ascii_words((space, alnum): (u64, u64), armed: bool) -> (usize, bool) {
    let other = HI & !(space | alnum);
    // Disarmed bytes: each letter or digit, and the other bytes after it
    // up to the next white space (from before the block when it starts
    // disarmed), spread a byte, two, then four further on.
    let before = if armed { 0 } else { 0x80 };
    let mut off = alnum | (other & before);
    let mut through = other;
    off |= (off << 8) & through;
    through &= through << 8;
    off |= (off << 16) & through;
    through &= through << 16;
    off |= (off << 32) & through;
    let counted = alnum & !((off << 8) | before);
    (counted.count_ones() as usize, off >> 63 == 0)
}

const QUOTES: &[char] = &['"', '\'', '“', '”', '‘', '’', '«', '»', '„', '‹', '›'];

/// `---`, `***`, `===`, `* * *`, `___`: three or more marks and nothing else.
pub fn is_separator(s: &str) -> bool {
    let t = s.trim();
    let mark = |c: char| "-*=_~#•·–—".contains(c);
    // Most lines fail at their first character, most often a letter or
    // digit (not a mark), told without looking the character up.
    if t.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
        return false;
    }
    t.chars().all(|c| c == ' ' || mark(c)) && t.chars().filter(|&c| mark(c)).count() >= 3
}

/// A list item: `- x`, `– x`, `• x`, `* x`, `1. x`.
pub fn is_bullet(s: &str) -> bool {
    let t = s.trim_start();
    if ["- ", "– ", "— ", "• ", "* ", "· ", "▪ ", "► "]
        .iter()
        .any(|b| t.starts_with(b))
    {
        return true;
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && digits < 3 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
}

/// A label line such as `KEY POINTS` or `Highlights:` (from
/// `assets/lexicon/labels.txt`).
pub fn is_label(s: &str) -> bool {
    // The labels, and the most characters one has.
    static LABELS: OnceLock<(Vec<String>, usize)> = OnceLock::new();
    let (labels, longest) = LABELS.get_or_init(|| {
        let labels: Vec<String> = include_str!("../../assets/lexicon/labels.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect();
        let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        (labels, longest)
    });
    let t = s.trim().trim_end_matches(':').trim();
    // Lower-casing gives each character one or more, and the apostrophe
    // replaces one: a line of more characters than every label is none
    // (most lines asked are; they are not copied).
    if t.chars().nth(*longest).is_some() {
        return false;
    }
    let t = t.to_lowercase().replace('’', "'");
    labels.contains(&t)
}

/// An all-capitals heading such as `WESTERN PERSPECTIVE`: letters, no lower
/// case, at most eight words, no quote marks and no closing punctuation.
pub fn is_caps_heading(s: &str) -> bool {
    let t = s.trim();
    // Cheapest test first: most lines have a lower-case letter early on.
    !t.chars().any(char::is_lowercase)
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && words_up_to(t, 8) <= 8
        && !t.contains(QUOTES)
        && !t.ends_with(['.', ',', ';', ':'])
        && !is_bullet(t)
        && !is_separator(t)
        && !is_label(t)
}

/// Looks like a headline: 2–30 words, not a list item, no closing full
/// stop or colon, starts with a capital, digit or quote mark.
pub fn is_headline(s: &str) -> bool {
    let t = s.trim();
    // Cheapest tests first (the splitter asks this of most lines of a long
    // text): the first character and the closing mark rule out most body
    // lines before their words are counted.
    t.len() <= 250
        && t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || QUOTES.contains(&c))
        && !t.starts_with("By ")
        && (!t.ends_with(['.', ':', ';', ',']) || ends_with_initialism(t))
        && (2..=30).contains(&words_up_to(t, 30))
        && !is_bullet(t)
        && !is_separator(t)
        && !is_label(t)
}

/// "… the I.R.S." / "… U.S.": a closing full stop that belongs to a word.
fn ends_with_initialism(t: &str) -> bool {
    let last = t.rsplit(' ').next().unwrap_or(t).trim_start_matches(QUOTES);
    last.ends_with('.')
        && last.matches('.').count() >= 2
        && last
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// Running text: a long line, or one that ends a sentence.
pub fn is_body(s: &str) -> bool {
    let t = s.trim().trim_end_matches(QUOTES);
    let words = word_count(t);
    words >= 20 || (words >= 6 && t.ends_with(['.', '!', '?']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_shapes() {
        assert!(
            is_separator("---")
                && is_separator("* * *")
                && is_separator("=====")
                && !is_separator("-- x")
        );
        assert!(is_caps_heading("WESTERN PERSPECTIVE"));
        assert!(!is_caps_heading("'ILLUSIONARY GOAL'"));
        assert!(!is_caps_heading("KEY POINTS"));
        assert!(!is_caps_heading("WASHINGTON:"));
        assert!(is_headline(
            "Moscow confirms massive strike on military plants"
        ));
        assert!(!is_headline(
            "The minister said the talks would begin soon."
        ));
        assert!(!is_headline("- a bullet point here"));
        assert!(is_headline("Couples Get Recognition From the I.R.S."));
        assert!(
            is_bullet("1. First point") && is_bullet("• point") && !is_bullet("2025 was a year")
        );
        assert!(is_label("Key Takeaways:") && is_label("KEY POINTS"));
    }

    #[test]
    fn word_counts_as_split_whitespace() {
        let plain = |s: &str| {
            s.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        };
        for s in [
            "",
            "  ",
            "one",
            " two  words ",
            "— a – b -- 3 ...",
            "x\u{b}y\u{a0}z\u{2003}w",
            "“Quoted,” he said; é à 1.5%",
            "!!! ?? a!",
            "one two three four five six seven eight nine ten eleven twelve",
            "a-b c--d (e) \"f\" ...g h.i.j\tk\nl\rm\u{b}n\u{c}o 12:30 p&q @r #s",
            "~~~~~~~~~~~~~~~~x ~~~~~~~~ ~~~~~~~y~~~~~~~~z\n\n\n\n\n\n\n\n\nq",
            "Zürich, São Paulo — “quoted” words…and more words here, 1,000 of them",
            "\u{1c}\u{1f}\u{7f}\0a\u{1c}b`c[d]e{f}g@h/i:j",
        ] {
            assert_eq!(word_count(s), plain(s), "{s:?}");
            for limit in 0..4 {
                assert_eq!(words_up_to(s, limit), plain(s).min(limit + 1), "{s:?}");
            }
        }
        // Every ASCII byte at every place of a block, after any state.
        let mut s = String::new();
        for a in 0..0x80u8 {
            for b in [b'x', b' ', b'-', b'\n', b'7', b'\0'] {
                for at in 0..10 {
                    s.clear();
                    for k in 0..19 {
                        s.push(char::from(match k {
                            _ if k == at || k == at + 8 => a,
                            _ if k % 3 == 0 => b,
                            _ => b'.',
                        }));
                    }
                    for limit in [0, 1, 2, 5, usize::MAX] {
                        let want = plain(&s).min(limit.saturating_add(1));
                        assert_eq!(words_up_to(&s, limit), want, "{s:?} {limit}");
                    }
                }
            }
        }
    }

    #[test]
    fn branch_free_byte_tests() {
        for b in 0..=255u8 {
            assert_eq!(
                is_ascii_space(b),
                b.is_ascii() && char::from(b).is_whitespace()
            );
            assert_eq!(ascii_lower(b), b.to_ascii_lowercase());
        }
    }

    #[test]
    fn lines_have_spans() {
        let t = "ab\n  cd \n";
        let l = lines(t);
        assert_eq!(l.len(), 2);
        assert_eq!(&t[l[1].start..l[1].end], "  cd ");
        let [s, e] = l[1].content_span();
        assert_eq!(&t[s..e], "cd");
    }

    /// [`is_label`] and [`is_separator`] as they were, without their
    /// quick exits.
    fn label_in_full(s: &str) -> bool {
        let t = s
            .trim()
            .trim_end_matches(':')
            .trim()
            .to_lowercase()
            .replace('’', "'");
        include_str!("../../assets/lexicon/labels.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .any(|l| l.to_lowercase() == t)
    }

    fn separator_in_full(s: &str) -> bool {
        let t = s.trim();
        let mark = |c: char| "-*=_~#•·–—".contains(c);
        t.chars().all(|c| c == ' ' || mark(c)) && t.chars().filter(|&c| mark(c)).count() >= 3
    }

    #[test]
    fn quick_exits_change_no_answer() {
        let mut lines: Vec<String> = include_str!("../../assets/lexicon/labels.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| {
                let l = l.trim();
                [
                    l.to_string(),
                    l.to_uppercase(),
                    format!("  {l}:  "),
                    format!("{l} and more words"),
                    l.replace('\'', "’"),
                    l.replace('k', "\u{212A}").replace('i', "İ"),
                ]
            })
            .collect();
        lines.extend(
            [
                "",
                " ",
                ":",
                "---",
                "* * *",
                "- x",
                "a---",
                "1---",
                "—— ——",
                "•••",
                "K",
                "İ",
                "\u{212A}EY POINTS",
                "ÉTÉ",
                "Highlights:",
                "x".repeat(300).as_str(),
            ]
            .map(String::from),
        );
        for l in &lines {
            assert_eq!(is_label(l), label_in_full(l), "{l:?}");
            assert_eq!(is_separator(l), separator_in_full(l), "{l:?}");
        }
        assert!(lines.iter().any(|l| is_label(l)) && lines.iter().any(|l| is_separator(l)));
    }

    #[test]
    fn lines_keep_spans_and_trimmed_text() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            " a \n\n\t b\u{a0}\r\nc",
            "\u{2003}x\u{2003}\n\n",
        ] {
            let ls = lines(text);
            let want: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(ls.len(), want.len(), "{text:?}");
            for (l, raw) in ls.iter().zip(want) {
                let content = raw.strip_suffix('\n').unwrap_or(raw);
                assert_eq!(l.text, content);
                assert_eq!(&text[l.start..l.end], content);
                assert_eq!(l.trimmed(), content.trim());
                assert_eq!(l.is_blank(), content.trim().is_empty());
            }
        }
    }
}
