//! Quotation marks: which characters open and close quotes, and the spans
//! between them.
//!
//! This is the only place that decides whether a `'` is an apostrophe or a
//! quote, so every later stage sees the same quotes. One linear pass with a
//! small bounded stack:
//!
//! - marks pair by type: “ ” , „ “ (or „ ”), " ", ‘ ’, ‚ ‘, ' ', « », ‹ ›,
//!   `` '' and the typewriter pair '' '' used for double quotes;
//! - a quote inside a quote nests (the inner one is reported with depth 1);
//! - a mark opens or closes by what is around it (CommonMark-style
//!   flanking: a mark before a word opens, one after a word closes);
//! - an apostrophe never opens a quote: clitics (`Ukraine's`, `don't`,
//!   `they’re`), names (`O'Brien`, `Qur'an`), elisions (`’90s`, `rock ’n’
//!   roll`, `’em`);
//! - agency-style quotes glued to the previous word (`had a'lengthy and
//!   productive call'`, `said'some land will come back'`) open "weakly":
//!   they count only when closed in the same paragraph (or run to the end of
//!   the text);
//! - news convention for long quotes: an opening mark at every paragraph and
//!   a closing one only at the end — the quote continues over the break;
//! - a quote still open at a paragraph end that is not continued is closed
//!   there (unterminated), so one missing mark cannot swallow the article.
//!
//! Boilerplate ranges are skipped and break paragraphs.

use aho_corasick::{packed, AhoCorasick, Input, Span};
use std::sync::OnceLock;

/// Families of marks that pair with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// “ … ” (and ‟).
    DoubleCurly,
    /// „ … “ or „ … ”.
    DoubleLow,
    /// " … ", `` … '' and '' … ''.
    DoubleStraight,
    /// ‘ … ’ (and ‛).
    SingleCurly,
    /// ‚ … ‘ or ‚ … ’.
    SingleLow,
    /// ' … ' and ` … '.
    SingleStraight,
    /// « … ».
    Guillemet,
    /// ‹ … ›.
    SingleGuillemet,
}

/// A pair of quotation marks and the text between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// Byte range of the opening mark.
    pub open: [usize; 2],
    /// Byte range of the closing mark; `None` when the quote was not closed
    /// (it then ends at the end of its paragraph or of the text).
    pub close: Option<[usize; 2]>,
    /// Content between the marks: `open[1]..close[0]`.
    pub start: usize,
    pub end: usize,
    pub family: Family,
    /// 0 for a top-level quote, 1 for a quote inside it, …
    pub depth: usize,
    /// Opened by a mark glued to the previous word (`said'some …'`).
    pub glued: bool,
    /// Paragraph breaks the quote runs over (news continuation style).
    pub continued: usize,
}

const MAX_DEPTH: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open(Family, bool),
    /// Closes an open quote of one of the families this mark accepts.
    Close,
    /// Closes when a matching quote is open, otherwise opens (weakly).
    Either(Family),
    None,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    family: Family,
    open: [usize; 2],
    strong: bool,
    continued: usize,
}

/// Find the quotes of `text` outside `boilerplate`, sorted by start; nested
/// quotes follow their outer quote.
pub fn find(text: &str, boilerplate: &[[usize; 2]]) -> Vec<Marked> {
    let mut out = Vec::new();
    let mut ranges = Vec::new();
    let mut pos = 0;
    let mut sorted: Vec<[usize; 2]> = boilerplate.to_vec();
    sorted.sort_unstable();
    for [s, e] in sorted {
        let s = s.min(text.len());
        if s > pos {
            ranges.push((pos, s));
        }
        pos = pos.max(e.min(text.len()));
    }
    if pos < text.len() {
        ranges.push((pos, text.len()));
    }
    // The end of the last non-space character outside boilerplate: a quote
    // open there is the article's unterminated final quote.
    let last_content = ranges
        .iter()
        .rev()
        .find_map(|&(s, e)| {
            let t = text.get(s..e)?.trim_end();
            (!t.trim_start().is_empty()).then_some(s + t.len())
        })
        .unwrap_or(0);
    for (s, e) in ranges {
        let (s, e) = (floor(text, s), floor(text, e));
        scan(text, s, e, last_content, &mut out);
    }
    crate::sort::by_key(&mut out, |m| (m.start, m.depth));
    out
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[inline]
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '“'
            | '”'
            | '„'
            | '‟'
            | '‘'
            | '’'
            | '‚'
            | '‛'
            | '«'
            | '»'
            | '‹'
            | '›'
    )
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || is_mark(c)
        || matches!(
            c,
            '–' | '—' | '―' | '‒' | '…' | '«' | '»' | '¿' | '¡' | '·' | '•' | '§' | '¶'
        )
        || (!c.is_alphanumeric() && !c.is_whitespace() && !c.is_control() && c > '\u{2000}')
}

/// Whether a quote or bracket may stand right before an opening mark.
fn opens_before(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':') || is_mark(c)
}

/// The characters the scan stops at: line breaks and every quotation mark
/// ([`is_mark`]). Between two of them there is nothing to decide, only the
/// last character and the last non-space to know, which are read back
/// from the text when needed.
const STOPS: [&str; 16] = [
    "\n", "\"", "'", "`", "“", "”", "„", "‟", "‘", "’", "‚", "‛", "«", "»", "‹", "›",
];

/// Finds [`STOPS`] in one pass over the text instead of looking at every
/// character: the `aho-corasick` crate's packed (SIMD) searcher where the
/// processor has one, else its automaton (e.g. in WebAssembly).
enum Stops {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

impl Stops {
    fn get() -> &'static Stops {
        static STOPS_FINDER: OnceLock<Stops> = OnceLock::new();
        STOPS_FINDER.get_or_init(|| {
            let mut config = packed::Config::new();
            config.match_kind(packed::MatchKind::LeftmostFirst);
            match config.builder().extend(STOPS).build() {
                Some(searcher) => Stops::Packed(searcher),
                None => Stops::Automaton(
                    AhoCorasick::new(STOPS)
                        .expect("sixteen one-character patterns make a small automaton"),
                ),
            }
        })
    }

    /// Start of the first stop in `text[at..to]`.
    fn next(&self, text: &str, at: usize, to: usize) -> Option<usize> {
        if at >= to {
            return None;
        }
        let found = match self {
            Stops::Packed(s) => s.find_in(text, Span::from(at..to)),
            Stops::Automaton(a) => a.find(Input::new(text).span(at..to)),
        };
        found.map(|m| m.start())
    }
}

fn scan(text: &str, from: usize, to: usize, last_content: usize, out: &mut Vec<Marked>) {
    let mut stack: Vec<Open> = Vec::with_capacity(MAX_DEPTH);
    // Opening mark of a continued paragraph, consumed at the break.
    let mut skip_at = usize::MAX;
    let mut line_start = from;
    // Where the scan stands (past a run of line breaks, or both halves of
    // a '' pair, once read).
    let mut i = from;
    // End of the last non-space character before `at` (for unterminated
    // quotes).
    let non_space_end = |at: usize| from + text.get(from..at).map_or(0, |s| s.trim_end().len());
    let stops = Stops::get();
    while let Some(stop) = stops.next(text, i, to) {
        i = stop;
        let Some(c) = text[i..to].chars().next() else {
            break;
        };
        if c == '\n' {
            // The whitespace run from here to the next visible character.
            let mut newlines = 1;
            let mut next_vis: Option<(usize, char)> = None;
            let mut j = i + c.len_utf8();
            while let Some(c2) = text[j..to].chars().next() {
                if c2 == '\n' {
                    newlines += 1;
                } else if !c2.is_whitespace() {
                    next_vis = Some((j, c2));
                    break;
                }
                j += c2.len_utf8();
            }
            let last_non_space = non_space_end(i);
            let short_line = super::doc::fewer_chars(&text[line_start..i], 60);
            let last_vis = text[..last_non_space].chars().next_back();
            let is_break = newlines >= 2
                || short_line
                || last_vis
                    .is_some_and(|ch| matches!(ch, '.' | '!' | '?' | ':' | '…') || is_mark(ch))
                || next_vis.is_some_and(|(_, ch)| is_mark(ch));
            line_start = next_vis.map_or(to, |(p, _)| p);
            if is_break && !stack.is_empty() {
                let continues = next_vis.is_some_and(|(p, ch)| {
                    let after = text[p + ch.len_utf8()..to].chars().next();
                    continues_family(stack[0].family, ch, after)
                });
                if continues {
                    if let Some((p, _)) = next_vis {
                        skip_at = p;
                    }
                    stack.truncate(1);
                    stack[0].continued += 1;
                } else {
                    let final_part = next_vis.is_none() && last_non_space >= last_content;
                    flush(&mut stack, last_non_space, final_part, out);
                }
            }
            // Go on at the next visible character.
            i = j;
            continue;
        }
        if i == skip_at {
            skip_at = usize::MAX;
            i += c.len_utf8();
            continue;
        }
        // (Only whitespace ever stands between a run of line breaks and
        // the next stop, and every whitespace character plays the same
        // part below.)
        let prev = text[from..i].chars().next_back();
        let next = text[i + c.len_utf8()..to].chars().next();
        // `` and '' count as one double mark.
        let mut len = c.len_utf8();
        let mut ch = c;
        if (c == '`' || c == '\'') && next == Some(c) {
            len = 2;
            ch = if c == '`' { '‟' } else { '"' };
        }
        let after = text[i + len..to].chars().next();
        let role = role(text, from, to, i, len, ch, c, prev, after, &stack);
        let span = [i, i + len];
        match role {
            Role::Open(family, strong) => push(&mut stack, family, span, strong),
            Role::Close => {
                close(&mut stack, ch, span, out);
            }
            Role::Either(family) => {
                if !close(&mut stack, ch, span, out) {
                    push(&mut stack, family, span, false);
                }
            }
            Role::None => {}
        }
        i += len;
    }
    let last_non_space = non_space_end(to);
    let final_part = last_non_space >= last_content;
    flush(&mut stack, last_non_space, final_part, out);
}

fn push(stack: &mut Vec<Open>, family: Family, open: [usize; 2], strong: bool) {
    if stack.len() < MAX_DEPTH {
        stack.push(Open {
            family,
            open,
            strong,
            continued: 0,
        });
    }
}

/// Close the innermost open quote that `ch` can close; inner quotes left
/// open above it are dropped. Returns whether something was closed.
fn close(stack: &mut Vec<Open>, ch: char, span: [usize; 2], out: &mut Vec<Marked>) -> bool {
    let Some(idx) = stack.iter().rposition(|o| closes(o.family, ch)) else {
        return false;
    };
    let o = stack[idx];
    stack.truncate(idx);
    if span[0] > o.open[1] {
        out.push(Marked {
            open: o.open,
            close: Some(span),
            start: o.open[1],
            end: span[0],
            family: o.family,
            depth: idx,
            glued: !o.strong,
            continued: o.continued,
        });
    }
    true
}

/// End of paragraph (or text) with quotes still open: the outermost one
/// ends here when it opened strongly (or this is the end of the text).
fn flush(stack: &mut Vec<Open>, end: usize, final_part: bool, out: &mut Vec<Marked>) {
    if let Some(o) = stack.first().copied() {
        if (o.strong || final_part) && end > o.open[1] {
            out.push(Marked {
                open: o.open,
                close: None,
                start: o.open[1],
                end,
                family: o.family,
                depth: 0,
                glued: !o.strong,
                continued: o.continued,
            });
        }
    }
    stack.clear();
}

/// Whether mark `ch` closes a quote opened in `family`.
fn closes(family: Family, ch: char) -> bool {
    match family {
        Family::DoubleCurly => matches!(ch, '”' | '"'),
        Family::DoubleLow => matches!(ch, '“' | '”'),
        Family::DoubleStraight => matches!(ch, '"' | '”'),
        Family::SingleCurly => ch == '’',
        Family::SingleLow => matches!(ch, '‘' | '’'),
        Family::SingleStraight => matches!(ch, '\'' | '’'),
        Family::Guillemet => ch == '»',
        Family::SingleGuillemet => ch == '›',
    }
}

/// Whether a paragraph opening with `ch` continues a quote of `family`.
fn continues_family(family: Family, ch: char, after: Option<char>) -> bool {
    let word_follows = after.is_some_and(|a| !a.is_whitespace());
    word_follows
        && match family {
            Family::DoubleCurly | Family::DoubleLow => matches!(ch, '“' | '„' | '"'),
            Family::DoubleStraight => matches!(ch, '"' | '“'),
            Family::SingleCurly | Family::SingleLow => matches!(ch, '‘' | '‚'),
            Family::SingleStraight => ch == '\'',
            Family::Guillemet => matches!(ch, '«' | '»'),
            Family::SingleGuillemet => ch == '‹',
        }
}

/// Letters of the word piece ending right before byte `i` (bounded).
fn piece_before(text: &str, lo: usize, i: usize) -> &str {
    let mut s = i;
    for (k, c) in text[lo..i].char_indices().rev().take(40) {
        if !c.is_alphanumeric() {
            break;
        }
        s = lo + k;
    }
    &text[s..i]
}

/// Letters of the word piece starting at byte `i` (bounded).
fn piece_after(text: &str, i: usize, hi: usize) -> &str {
    let mut e = i;
    for (k, c) in text[i..hi].char_indices().take(40) {
        if !c.is_alphanumeric() {
            break;
        }
        e = i + k + c.len_utf8();
    }
    &text[i..e]
}

const CLITICS: [&str; 8] = ["s", "t", "re", "ve", "ll", "d", "m", "n"];
const ELISIONS: [&str; 9] = [
    "n", "em", "til", "cause", "tis", "twas", "bout", "round", "cos",
];
const WHOLE_WORDS: [&str; 7] = ["ma'am", "y'all", "o'clock", "ne'er", "e'er", "o'er", "ol'"];

/// An apostrophe at the start of a word: `’90s`, `'06`, `’em`, `'n'`.
fn is_elision(text: &str, after_pos: usize, hi: usize) -> bool {
    let word = piece_after(text, after_pos, hi);
    let lower = word.to_lowercase();
    if ELISIONS.contains(&lower.as_str()) {
        return true;
    }
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits == 2 && (word.len() == 2 || lower[2..] == *"s")
}

#[allow(clippy::too_many_arguments)]
fn role(
    text: &str,
    lo: usize,
    hi: usize,
    i: usize,
    len: usize,
    ch: char,
    raw: char,
    prev: Option<char>,
    next: Option<char>,
    stack: &[Open],
) -> Role {
    let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let pu = |c: Option<char>| c.is_some_and(is_punct);
    let left = !ws(next) && (!pu(next) || ws(prev) || pu(prev));
    let right = !ws(prev) && (!pu(prev) || ws(next) || pu(next));
    let strong_open = ws(prev) || prev.is_some_and(opens_before);
    let open_has = |f: Family| stack.iter().any(|o| o.family == f);
    let letter_before = prev.is_some_and(char::is_alphanumeric);
    let letter_after = next.is_some_and(char::is_alphanumeric);
    match ch {
        '“' => {
            if right && open_has(Family::DoubleLow) {
                Role::Close
            } else if left {
                Role::Open(Family::DoubleCurly, true)
            } else {
                Role::None
            }
        }
        '‟' => {
            if left {
                Role::Open(Family::DoubleCurly, true)
            } else {
                Role::None
            }
        }
        '”' => {
            if right {
                Role::Close
            } else if left && ws(prev) {
                // A closing mark used to open (seen in careless text).
                Role::Open(Family::DoubleCurly, false)
            } else {
                Role::None
            }
        }
        '„' => {
            if left {
                Role::Open(Family::DoubleLow, true)
            } else {
                Role::None
            }
        }
        '"' => {
            // Straight double quotes (and the '' pair, and ``).
            if raw == '`' {
                return Role::Open(Family::DoubleStraight, true);
            }
            match (left, right) {
                (true, true) => Role::Either(Family::DoubleStraight),
                (true, false) => Role::Open(Family::DoubleStraight, true),
                (false, true) => Role::Close,
                _ => Role::None,
            }
        }
        // Guillemets may stand apart from their words (French spacing).
        '«' | '‹' => {
            let family = if ch == '«' {
                Family::Guillemet
            } else {
                Family::SingleGuillemet
            };
            if left || (ws(next) && !right) {
                Role::Open(family, true)
            } else {
                Role::None
            }
        }
        '»' | '›' => {
            if right || ws(prev) {
                Role::Close
            } else {
                Role::None
            }
        }
        '‚' => {
            if left && !letter_before {
                Role::Open(Family::SingleLow, true)
            } else {
                Role::None
            }
        }
        '‘' | '‛' => {
            if letter_before && letter_after {
                Role::None
            } else if right && open_has(Family::SingleLow) {
                Role::Close
            } else if left && is_elision(text, i + len, hi) {
                Role::None
            } else if left {
                Role::Open(Family::SingleCurly, true)
            } else {
                Role::None
            }
        }
        '`' => {
            if left {
                Role::Open(Family::SingleStraight, true)
            } else {
                Role::None
            }
        }
        '’' | '\'' => single(text, lo, hi, i, len, ch, left, right, strong_open, stack),
        _ => Role::None,
    }
}

/// `’` and `'`: apostrophe, opening or closing quote.
#[allow(clippy::too_many_arguments)]
fn single(
    text: &str,
    lo: usize,
    hi: usize,
    i: usize,
    len: usize,
    ch: char,
    left: bool,
    right: bool,
    strong_open: bool,
    stack: &[Open],
) -> Role {
    let family = if ch == '’' {
        Family::SingleCurly
    } else {
        Family::SingleStraight
    };
    let before = piece_before(text, lo, i);
    let after = piece_after(text, i + len, hi);
    if !before.is_empty() && !after.is_empty() {
        // Letters on both sides: an apostrophe, or a quote glued to a word.
        // (As comparing in lower case: outside ASCII only the Kelvin sign
        // lowercases to an ASCII letter, `k`, which no clitic holds.)
        let clitic = CLITICS.iter().any(|c| after.eq_ignore_ascii_case(c));
        let name = before.chars().next().is_some_and(char::is_uppercase);
        if clitic || name || {
            let whole = format!("{before}'{after}").to_lowercase();
            WHOLE_WORDS.iter().any(|w| whole.starts_with(w))
        } {
            return Role::None;
        }
        if before.chars().all(|c| c.is_ascii_digit()) {
            return Role::None;
        }
        if stack.iter().any(|o| closes(o.family, ch) && o.strong) {
            return Role::Close;
        }
        if ch == '’' {
            return Role::None;
        }
        // `said'some …`: an agency-style quote glued to the previous word.
        return Role::Open(family, false);
    }
    if left && !right {
        if is_elision(text, i + len, hi) {
            return Role::None;
        }
        if ch == '’' {
            // `’Word` after a space: a mistyped opening mark, weakly.
            return if strong_open && after.chars().next().is_some_and(char::is_uppercase) {
                Role::Open(family, false)
            } else {
                Role::None
            };
        }
        return Role::Open(family, strong_open);
    }
    if right && !left {
        return if stack.iter().any(|o| closes(o.family, ch)) {
            Role::Close
        } else {
            // `the leaders' meeting`: a plural possessive.
            Role::None
        };
    }
    if left && right {
        // Between punctuation and a word (`civilians.'We`, `end,'He`).
        return if stack.iter().any(|o| closes(o.family, ch)) {
            Role::Close
        } else if ch == '\'' {
            Role::Open(family, false)
        } else {
            Role::None
        };
    }
    Role::None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_stops_at_every_mark_and_line_break_only() {
        // `STOPS` spells out what `is_mark` matches: the two must agree, or
        // the scan would skip a mark (or stop for nothing).
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let s: &str = c.encode_utf8(&mut buf);
            let stop = STOPS.contains(&s);
            assert_eq!(stop, c == '\n' || is_mark(c), "{c:?}");
        }
    }

    fn spans(text: &str) -> Vec<&str> {
        find(text, &[])
            .into_iter()
            .filter(|m| m.depth == 0)
            .map(|m| &text[m.start..m.end])
            .collect()
    }

    #[test]
    fn every_mark_style() {
        assert_eq!(spans("He said “we won” today."), ["we won"]);
        assert_eq!(spans("He said \"we won\" today."), ["we won"]);
        assert_eq!(spans("He said ‘we won’ today."), ["we won"]);
        assert_eq!(spans("He said 'we won' today."), ["we won"]);
        assert_eq!(spans("Er sagte „wir siegen“ heute."), ["wir siegen"]);
        assert_eq!(spans("Il a dit « nous gagnons » hier."), [" nous gagnons "]);
        assert_eq!(spans("Il a dit ‹ oui › hier."), [" oui "]);
        assert_eq!(spans("He said ``we won'' today."), ["we won"]);
        assert_eq!(spans("He said ''we won'' today."), ["we won"]);
    }

    #[test]
    fn pairs_by_type_and_nests() {
        let t = "“He told me ‘never’ and ‘stop’,” she said. \"A 'b' c\" d.";
        assert_eq!(spans(t), ["He told me ‘never’ and ‘stop’,", "A 'b' c"]);
        let all = find(t, &[]);
        assert_eq!(all.iter().filter(|m| m.depth == 1).count(), 3);
    }

    #[test]
    fn apostrophes_never_open() {
        assert!(spans("Ukraine's army and Russia’s navy don't wait.").is_empty());
        assert!(spans("In the ’90s rock ’n’ roll was big, said O'Brien.").is_empty());
        assert!(spans("the leaders' meeting in the '90s was y'all's idea").is_empty());
        assert!(spans("They read the Qur'an in Sana'a at eight o'clock.").is_empty());
        assert_eq!(
            spans("“Ukraine’s future isn’t yours,” he said of the ’90s."),
            ["Ukraine’s future isn’t yours,"]
        );
    }

    #[test]
    fn glued_agency_quotes() {
        let t = "Trump said they had a'lengthy and highly productive phone call' in which it was'common sense' to stop.'We each talked,' Trump said, and said'some of that land will come back' later.";
        assert_eq!(
            spans(t),
            [
                "lengthy and highly productive phone call",
                "common sense",
                "We each talked,",
                "some of that land will come back"
            ]
        );
        let m = find(t, &[]);
        assert!(m[0].glued);
    }

    #[test]
    fn multi_paragraph_and_unterminated() {
        let t = "“First part of it.\n\n“Second part of it.\n\n“Last part,” he said.\n\nNext.";
        let m = find(t, &[]);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].continued, 2);
        assert_eq!(
            &t[m[0].start..m[0].end],
            "First part of it.\n\n“Second part of it.\n\n“Last part,"
        );
        // Unterminated: closed at the end of its paragraph.
        let t = "He said “we will win.\n\nThe next paragraph.";
        assert_eq!(spans(t), ["we will win."]);
        // Unterminated final quote, glued style, at the end of the text.
        let t = "Dmitriev told CNBC that'a single call can change history\n\n";
        assert_eq!(spans(t), ["a single call can change history"]);
        // A glued opener left open inside the text is dropped.
        let t = "He said that'a call.\n\nAnother paragraph here.";
        assert!(spans(t).is_empty());
    }

    #[test]
    fn hard_wrapped_lines_do_not_break_quotes() {
        let t = "He said “this is a long quotation that runs on for a while and\nthen ends here” to them.";
        assert_eq!(
            spans(t),
            ["this is a long quotation that runs on for a while and\nthen ends here"]
        );
    }

    #[test]
    fn boilerplate_is_skipped() {
        let t = "“A b c.” Read more “x y” here. “D e.”";
        let (s, e) = (t.find("Read").unwrap_or(0), t.find(" “D").unwrap_or(0));
        let m: Vec<&str> = find(t, &[[s, e]])
            .iter()
            .map(|m| &t[m.start..m.end])
            .collect();
        assert_eq!(m, ["A b c.", "D e."]);
    }

    #[test]
    fn hostile_input_is_linear_and_safe() {
        for t in [
            "",
            "'",
            "“",
            "”",
            "''''",
            "\"\"\"",
            "a'b'c'd'",
            "«»‹›„“‚‘",
            "\n\n“\n\n“",
        ] {
            for m in find(t, &[[0, 1], [3, 100]]) {
                assert!(m.start <= m.end && m.end <= t.len());
            }
            let _ = find(t, &[]);
        }
        let big: String = "“'\"‘’”«»".repeat(20_000);
        let start = std::time::Instant::now();
        let m = find(&big, &[]);
        assert!(m.iter().all(|q| q.end <= big.len()));
        let also: String = "a'b ".repeat(50_000);
        let _ = find(&also, &[]);
        assert!(start.elapsed().as_secs() < 5);
    }
}
