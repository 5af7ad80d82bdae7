//! Sentence splitting over tokens, with byte offsets into the article text.
//!
//! A sentence ends:
//! - after a terminal token (`.`, `!`, `?`, `…`, runs of them) and any
//!   closing quotes or brackets glued after it, when the next token can
//!   start a sentence (capital letter, digit, opening quote or bracket);
//!   `“Stop!” he said` stays one sentence;
//! - after an abbreviation with a period only when the next word is a
//!   typical sentence opener (`… in the U.S. The talks …`); name-prefix
//!   abbreviations and initials (`Gen.`, `Jan.`, `J.`) never end one;
//! - at a blank line, at a boilerplate gap, and at a single line break unless
//!   the line is hard-wrapped prose (a long line without final punctuation
//!   followed by a lowercase start). Headlines and bylines thus stand alone.
//!
//! The list of sentence openers is a data file
//! (`assets/lexicon/sentence_openers.txt`).

use super::tokenize::{self, Kind, Token};
use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// One sentence: its tokens (indices into the token list) and byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Range<usize>,
    pub start: usize,
    pub end: usize,
}

/// Tokens and sentences of an article's analysed text.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

const OPENERS: &str = include_str!("../../assets/lexicon/sentence_openers.txt");

fn openers() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        crate::analysis::ner::lexicon::lines(OPENERS)
            .map(str::to_lowercase)
            .collect()
    })
}

/// Tokenize `text` outside `boilerplate` and split it into sentences.
pub fn segment(text: &str, boilerplate: &[[usize; 2]]) -> Segmented {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut hard = Vec::new();
    let mut pos = 0;
    let mut ranges = Vec::new();
    for &[s, e] in boilerplate {
        if s > pos && s <= text.len() {
            ranges.push((pos, s));
        }
        pos = pos.max(e.min(text.len()));
    }
    ranges.push((pos, text.len()));
    for (s, e) in ranges {
        hard.push(tokens.len());
        tokenize::tokenize_into(text, s, e, &mut tokens);
    }
    let sentences = split(text, &tokens, &hard);
    Segmented { tokens, sentences }
}

/// Split `tokens` of `text` into sentences; `hard` lists token indices that
/// always start a sentence.
pub fn split(text: &str, tokens: &[Token], hard: &[usize]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut hard_iter = hard.iter().peekable();
    let mut i = 0;
    while i < tokens.len() {
        while hard_iter.peek().is_some_and(|&&h| h <= i) {
            hard_iter.next();
        }
        let next = i + 1;
        let is_hard = hard_iter.peek().is_some_and(|&&h| h == next);
        let mut end_here = is_hard;
        let mut cut = next;
        if !end_here && next < tokens.len() && !plain_gap(text, &tokens[i], &tokens[next]) {
            let gap = &text[tokens[i].end..tokens[next].start];
            let newlines = gap.bytes().filter(|&b| b == b'\n').count();
            if newlines >= 2 || (newlines == 1 && !wrapped_line(text, tokens, i, next)) {
                end_here = true;
            }
        }
        if !end_here {
            let t = tokens[i];
            // (A word ends with a period only when its last byte is one.)
            let terminal = t.kind == Kind::Terminal
                || (t.kind == Kind::Word
                    && text.as_bytes().get(t.end.wrapping_sub(1)) == Some(&b'.')
                    && {
                        let word = t.text(text);
                        word.ends_with('.') && !tokenize::is_prefix_abbreviation(word)
                    });
            if terminal {
                // Swallow closing quotes and brackets glued to the terminal.
                let mut j = next;
                while j < tokens.len()
                    && is_closer(tokens[j].text(text))
                    && (j == next || tokens[j].start == tokens[j - 1].end)
                    && !text[tokens[j - 1].end..tokens[j].start].contains('\n')
                {
                    j += 1;
                }
                match tokens.get(j) {
                    None => {
                        end_here = true;
                        cut = j;
                    }
                    Some(nt) => {
                        let nword = nt.text(text);
                        let starts = if t.kind == Kind::Terminal {
                            can_start(nt, nword)
                        } else {
                            // Abbreviation: only before a typical opener.
                            openers().contains(tokenize::lowercase(nword).as_ref())
                                && nword.starts_with(char::is_uppercase)
                        };
                        if starts {
                            end_here = true;
                            cut = j;
                        }
                    }
                }
            }
        }
        if end_here || next >= tokens.len() {
            let cut = cut.min(tokens.len()).max(next);
            out.push(Sentence {
                tokens: start..cut,
                start: tokens[start].start,
                end: tokens[cut - 1].end,
            });
            start = cut;
            i = cut;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether token `t` follows `prev` directly or after one byte that is
/// not a line break, as most tokens do: the gap holds no line break, and
/// need not be looked at.
#[inline]
fn plain_gap(text: &str, prev: &Token, t: &Token) -> bool {
    t.start <= prev.end + 1 && t.start >= prev.end && text.as_bytes().get(prev.end) != Some(&b'\n')
}

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "'" | "”" | "’" | "»" | "›" | ")" | "]" | "''")
}

fn can_start(t: &Token, word: &str) -> bool {
    match t.kind {
        Kind::Quote | Kind::Dash | Kind::Number | Kind::Url | Kind::Handle => true,
        Kind::Punct => matches!(word, "(" | "[" | "$" | "£" | "€" | "•" | "*"),
        Kind::Word => !word.starts_with(char::is_lowercase),
        Kind::Terminal | Kind::Clitic => false,
    }
}

/// A single line break between tokens `i` and `j` inside hard-wrapped prose:
/// the line before is long, ends without sentence punctuation, and the next
/// line starts in lowercase.
fn wrapped_line(text: &str, tokens: &[Token], i: usize, j: usize) -> bool {
    let line_start = text[..tokens[i].end].rfind('\n').map_or(0, |k| k + 1);
    let line = &text[line_start..tokens[i].end];
    let last = tokens[i].text(text);
    let next = tokens[j].text(text);
    line.chars().count() >= 50
        && !matches!(tokens[i].kind, Kind::Terminal)
        && !last.ends_with(':')
        && next.starts_with(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(s: &str) -> Vec<String> {
        let seg = segment(s, &[]);
        seg.sentences
            .iter()
            .map(|x| s[x.start..x.end].to_string())
            .collect()
    }

    #[test]
    fn splits_on_terminals_not_abbreviations() {
        assert_eq!(
            sents("Gen. Smith met Mr. Jones. They talked about the U.S. economy. It went well!"),
            [
                "Gen. Smith met Mr. Jones.",
                "They talked about the U.S. economy.",
                "It went well!"
            ]
        );
        assert_eq!(
            sents("Talks began in the U.S. The meeting ended on Jan. 5."),
            ["Talks began in the U.S.", "The meeting ended on Jan. 5."]
        );
        assert_eq!(sents("J. R. Tolkien wrote."), ["J. R. Tolkien wrote."]);
    }

    #[test]
    fn quotes_close_sentences() {
        assert_eq!(
            sents("“We want peace.” He left. “Stop!” he said."),
            ["“We want peace.”", "He left.", "“Stop!” he said."]
        );
    }

    #[test]
    fn lines_and_headlines() {
        assert_eq!(
            sents("A Headline In Title Case\nThe body starts here. And goes on"),
            [
                "A Headline In Title Case",
                "The body starts here.",
                "And goes on"
            ]
        );
        let wrapped = "This is a long line of wrapped prose that keeps on going and\nends here.";
        assert_eq!(sents(wrapped).len(), 1);
    }

    #[test]
    fn boilerplate_is_a_hard_break_and_skipped() {
        let t = "One two three Read more here Four five.";
        let seg = segment(t, &[[14, 29]]);
        let got: Vec<&str> = seg.sentences.iter().map(|x| &t[x.start..x.end]).collect();
        assert_eq!(got, ["One two three", "Four five."]);
    }

    #[test]
    fn odd_input_never_panics() {
        for s in ["", "...", "\n\n\n", "“", "a.\n", "!!! ???", "Mr.", "U.S."] {
            let seg = segment(s, &[[0, 0], [50, 60]]);
            for x in &seg.sentences {
                assert!(x.start <= x.end && x.end <= s.len());
            }
        }
    }
}
