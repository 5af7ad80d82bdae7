//! Word, sentence and paragraph counts over the analysed text of an article
//! (boilerplate ranges excluded). Voice-share and keyness tables divide by
//! these, so they count what a reader would count: a word is a run of
//! non-space characters holding a letter or digit; a paragraph is a block of
//! text between line breaks; sentences are those of the sentence splitter
//! ([`super::sentences`]), so counts and analysis agree.

use crate::report::ArticleStats;

/// Count words, sentences and paragraphs in `text` outside `boilerplate`.
pub fn count(text: &str, boilerplate: &[[usize; 2]]) -> ArticleStats {
    let mut stats = count_words(text, boilerplate);
    stats.sentences = super::sentences::segment(text, boilerplate).sentences.len();
    stats
}

/// [`count`] without the sentences (left 0), for callers that have
/// segmented the text already.
pub fn count_words(text: &str, boilerplate: &[[usize; 2]]) -> ArticleStats {
    let mut stats = ArticleStats::default();
    for segment in analysed_segments(text, boilerplate) {
        let (words, paragraphs) = count_segment(segment);
        stats.words += words;
        stats.paragraphs += paragraphs;
    }
    stats
}

/// Words and paragraphs of `s`, in one pass: what counting the words (runs
/// of non-space characters holding a letter or digit) of every line that
/// is not blank gives, as a line break is a space and never inside a word.
fn count_segment(s: &str) -> (usize, usize) {
    let bytes = s.as_bytes();
    let (mut words, mut paragraphs) = (0, 0);
    // Whether the line holds a non-space character.
    let mut line_text = false;
    let mut i = 0;
    while i < bytes.len() {
        // Between words: one character.
        let b = bytes[i];
        let mut alnum = if b.is_ascii() {
            if is_space(b) {
                if b == b'\n' {
                    paragraphs += usize::from(line_text);
                    line_text = false;
                }
                i += 1;
                continue;
            }
            i += 1;
            b.is_ascii_alphanumeric()
        } else {
            let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            if c.is_whitespace() {
                continue;
            }
            c.is_alphanumeric()
        };
        // A word: its characters up to a letter or digit, …
        line_text = true;
        while !alnum && i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if is_space(b) {
                    break;
                }
                alnum = b.is_ascii_alphanumeric();
                i += 1;
            } else {
                let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
                    break;
                };
                if c.is_whitespace() {
                    break;
                }
                alnum = c.is_alphanumeric();
                i += c.len_utf8();
            }
        }
        // … then, when it has one, the rest of it at once.
        if alnum {
            words += 1;
            i = space_from(s, i);
        }
    }
    paragraphs += usize::from(line_text);
    (words, paragraphs)
}

/// ASCII white space ([`char::is_whitespace`]).
#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// The first white space in `s` from byte `i` (a char boundary), or its
/// end. Eight bytes at a time while none is at most b' ' or outside ASCII.
fn space_from(s: &str, mut i: usize) -> usize {
    let bytes = s.as_bytes();
    while i < bytes.len() {
        if let Some(block) = bytes.get(i..).and_then(|b| b.first_chunk::<8>()) {
            let x = u64::from_le_bytes(*block);
            // (The lowest flagged byte is exact.)
            let stop = crate::analysis::tokenize::space_or_high_bytes(x);
            if stop == 0 {
                i += 8;
                continue;
            }
            i += (stop.trailing_zeros() / 8) as usize;
        }
        let b = bytes[i];
        if b.is_ascii() {
            if is_space(b) {
                return i;
            }
            i += 1;
        } else {
            let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            if c.is_whitespace() {
                return i;
            }
            i += c.len_utf8();
        }
    }
    bytes.len()
}

/// The slices of `text` not covered by `boilerplate` (sorted, in range).
pub fn analysed_segments<'a>(text: &'a str, boilerplate: &[[usize; 2]]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut pos = 0;
    for &[s, e] in boilerplate {
        if s > pos && s <= text.len() {
            out.extend(text.get(pos..s));
        }
        pos = pos.max(e.min(text.len()));
    }
    out.extend(text.get(pos..));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_sentences_paragraphs() {
        let t = "Mr. Smith met U.S. officials. They talked.\n\nThen he left!";
        let s = count(t, &[]);
        assert_eq!(s.words, 10);
        assert_eq!(s.sentences, 3);
        assert_eq!(s.paragraphs, 2);
    }

    #[test]
    fn one_pass_counts_as_lines_and_words_do() {
        for s in [
            "",
            "\n",
            " \n \n",
            "a",
            "a b\nc",
            "— – ... 1,000 x\r\n\r\ny",
            "naïve\u{a0}café\u{2003}déjà\u{85}vu\u{2028}ok",
            "\u{b}a\u{c}b\u{1c}c\u{0}d\u{7f}",
            "“Quote,” he said.\n\n\n  — end —  \n😀 emoji’s",
            "\u{3000}全角\u{3000}スペース\n",
            "abcdefghijklmnop qrstuvwxyz0123456789\tABCDEFGH.\nIJKLMNOPQR",
            "... -- abcdefgh— ...x ... — “abcdefghijk” ‘\u{2009}’ a\u{7f}\u{1}bcdefghij\u{0}k",
            "éééééééé x ééé\u{a0}\u{a0}abcdefghij\u{a0}abcdefghij\u{2028}",
        ] {
            let mut want = (0, 0);
            for para in s.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
                want.1 += 1;
                want.0 += para
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .count();
            }
            assert_eq!(count_segment(s), want, "{s:?}");
        }
    }

    #[test]
    fn boilerplate_is_not_counted() {
        let t = "One two three.\nLEAVE A REPLY";
        let s = count(t, &[[15, t.len()]]);
        assert_eq!((s.words, s.paragraphs), (3, 1));
    }
}
