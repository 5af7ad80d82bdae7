//! Tokens with byte offsets into the verbatim article text.
//!
//! The tokenizer follows the conventions of the newswire corpora the tagger
//! is trained on (CoNLL-2003 / Penn Treebank style) closely enough that the
//! features mean the same thing on both sides, while never altering the text:
//! every token is a `[start, end)` byte range of the input.
//!
//! What it takes care of:
//! - abbreviations keep their period (`U.S.`, `Gen.`, `Sec.`, `Mr.`, `Jan.`,
//!   initials such as `J.`); other final periods are their own token;
//! - possessive and clitic endings are split off (`Ukraine` `’s`, `do` `n't`)
//!   but names such as `O'Brien` stay whole;
//! - hyphenated compounds (`full-scale`, `pre-2014`, `U.S.-Russia`) and
//!   numbers with separators (`1,000.5`, `2025-02-13`, `10:30`) stay whole;
//! - every quotation mark (`" ' “ ” ‘ ’ « » „ ‹ ›`), every dash (`– — ―`,
//!   `--`) and the ellipsis are tokens of their own, so an apostrophe that
//!   opens a glued agency-style quote (`said'some`) is separated too;
//! - `@handles`, `#tags`, URLs and e-mail addresses are single tokens.
//!
//! The abbreviation list is a data file (`assets/lexicon/abbreviations.txt`).

use rustc_hash::FxHashSet as HashSet;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Coarse class of a token, decided by the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Letters (possibly with digits, hyphens, inner apostrophes or periods).
    Word,
    /// Starts with a digit: numbers, dates, times, `90-minute`, `2nd`.
    Number,
    /// Any quotation mark or apostrophe standing alone.
    Quote,
    /// A dash of any kind used as punctuation.
    Dash,
    /// `.`, `!`, `?`, `…` and runs of them.
    Terminal,
    /// Other punctuation and symbols (`,` `;` `(` `$` `%` …).
    Punct,
    /// A URL or e-mail address.
    Url,
    /// `@handle` or `#tag`.
    Handle,
    /// A clitic split off a word: `'s`, `’s`, `n't`, `'re`, …
    Clitic,
}

/// One token: a byte range of the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

impl Token {
    /// The token's text.
    #[inline]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

const ABBREVIATIONS: &str = include_str!("../../assets/lexicon/abbreviations.txt");

struct Abbreviations {
    /// Capitalised entries as written and in capitals (`Gen`, `GEN`).
    exact: Words,
    /// Lowercase entries, matched in any case (`e.g`, `E.g`).
    folded: Words,
    /// Entries marked `prefix` (lowercased): they never end a sentence.
    prefix: Words,
}

/// A set of words, those of up to seven bytes (every abbreviation) kept
/// as numbers ([`word_key`]): a look-up hashes one number and makes no
/// lowercase copy of an ASCII word ([`ascii_lower`]). With strings and a
/// copy per capitalised word, the look-ups (tokens, sentences and NER ask
/// of every word with a final period) took ≈ 3.2 M more of BASIL's
/// 1,494 M instructions.
#[derive(Default)]
struct Words {
    short: HashSet<u64>,
    long: HashSet<String>,
}

/// The bytes of a word of at most seven bytes, little-endian, with its
/// length in the top byte (so that no two words share one).
#[inline]
fn word_key(w: &[u8]) -> Option<u64> {
    if w.len() > 7 {
        return None;
    }
    let bytes = w.iter().rev().fold(0u64, |k, &b| k << 8 | u64::from(b));
    Some(bytes | (w.len() as u64) << 56)
}

/// [`word_key`] of the word in ASCII lower case, from the key of an ASCII
/// word: 0x20 added to each byte from `A` to `Z` (no byte is above 0x7f,
/// so no sum carries into the next byte; the length byte is at most 7).
#[inline]
fn ascii_lower(k: u64) -> u64 {
    k | bytes_in(k, b'A', b'Z') >> 2
}

impl Words {
    fn insert(&mut self, w: String) {
        match word_key(w.as_bytes()) {
            Some(k) => {
                self.short.insert(k);
            }
            None => {
                self.long.insert(w);
            }
        }
    }

    fn contains(&self, w: &str) -> bool {
        match word_key(w.as_bytes()) {
            Some(k) => self.short.contains(&k),
            None => self.long.contains(w),
        }
    }
}

impl Abbreviations {
    /// Whether `w` (without its final period, not empty) is an
    /// abbreviation, and when `prefix`, a prefix one too: for an ASCII
    /// word (which keeps its length in lower case) of up to seven bytes
    /// from its key alone, of more without a look-up when no entry is so
    /// long.
    fn holds(&self, w: &str, prefix: bool) -> bool {
        if w.is_ascii() {
            if let Some(k) = word_key(w.as_bytes()) {
                let lower = ascii_lower(k);
                return (self.exact.short.contains(&k) || self.folded.short.contains(&lower))
                    && (!prefix || self.prefix.short.contains(&lower));
            }
            // (A longer ASCII word is as long in lower case.)
            if self.exact.long.is_empty() && self.folded.long.is_empty() {
                return false;
            }
        }
        let lower = lowercase(w);
        (self.exact.contains(w) || self.folded.contains(&lower))
            && (!prefix || self.prefix.contains(&lower))
    }
}

/// Abbreviations that keep their final period, stored without it.
fn abbreviations() -> &'static Abbreviations {
    static SETS: OnceLock<Abbreviations> = OnceLock::new();
    SETS.get_or_init(|| {
        let mut a = Abbreviations {
            exact: Words::default(),
            folded: Words::default(),
            prefix: Words::default(),
        };
        for l in crate::analysis::ner::lexicon::lines(ABBREVIATIONS) {
            let mut parts = l.split_whitespace();
            let Some(w) = parts.next() else { continue };
            let w = w.trim_end_matches('.');
            if parts.next() == Some("prefix") {
                a.prefix.insert(w.to_lowercase());
            }
            if w.starts_with(char::is_lowercase) {
                a.folded.insert(w.to_string());
            } else {
                a.exact.insert(w.to_string());
                a.exact.insert(w.to_uppercase());
            }
        }
        a
    })
}

/// Whether `word` (with or without its final period) is a known
/// abbreviation (`Gen.`, `GEN.`, `Jan.`, `e.g.`).
pub fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    !w.is_empty() && abbreviations().holds(w, false)
}

/// Whether `word` is an abbreviation that stands before a name or number
/// (`Mr.`, `Gen.`, `Jan.`) or an initial (`J.`), so never ends a sentence.
pub fn is_prefix_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    if w.chars().count() == 1 && w.chars().all(char::is_uppercase) {
        return true;
    }
    !w.is_empty() && abbreviations().holds(w, true)
}

/// `s` in lower case, as [`str::to_lowercase`] gives it, without a copy
/// when it has no capitals.
pub fn lowercase(s: &str) -> Cow<'_, str> {
    if !s.is_ascii() {
        Cow::Owned(s.to_lowercase())
    } else if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Quotation marks, including the apostrophe-like ones.
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '„'
            | '‚'
            | '‹'
            | '›'
            | '‟'
            | '‛'
            | '`'
            | '＂'
    )
}

/// Characters that can stand for an apostrophe inside a word.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ')
}

/// Dash characters (not the plain hyphen-minus, which joins compounds).
pub fn is_dash_char(c: char) -> bool {
    matches!(c, '–' | '—' | '―' | '‒' | '−' | '⸺' | '⸻' | '﹘')
}

#[inline]
fn is_word_char(c: char) -> bool {
    // (Most text is ASCII: skip the Unicode tables for it.)
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || matches!(c, '\u{300}'..='\u{36f}') || c == '\u{ad}'
    }
}

/// End of the whitespace-delimited chunk of `text[i..to]` starting at `i`
/// (the first whitespace or control character, or `to`), and whether the
/// chunk holds an `@`.
fn chunk_end(text: &str, i: usize, to: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut k = i;
    let mut at = false;
    while k < to {
        // Eight bytes at a time (most chunks end within eight): the first
        // byte that may end the chunk (ASCII whitespace or control, or a
        // byte outside ASCII) and any `@` before it.
        if let Some(block) = bytes.get(k..to).and_then(|b| b.first_chunk::<8>()) {
            let x = u64::from_le_bytes(*block);
            let stop = stop_bytes(x);
            let ats = zero_bytes(x ^ (LO * u64::from(b'@')));
            if stop == 0 {
                at |= ats != 0;
                k += 8;
                continue;
            }
            // (The lowest flagged byte of each mask is exact.)
            let n = stop.trailing_zeros() / 8;
            at |= ats & ((1u64 << (8 * n)) - 1) != 0;
            k += n as usize;
        }
        let b = bytes[k];
        if b.is_ascii() {
            // ASCII whitespace and controls are all of 0..=0x20 and 0x7f.
            if b <= b' ' || b == 0x7f {
                return (k, at);
            }
            at |= b == b'@';
            k += 1;
        } else {
            let Some(c) = text[k..to].chars().next() else {
                break;
            };
            if c.is_whitespace() || c.is_control() {
                return (k, at);
            }
            k += c.len_utf8();
        }
    }
    (to, at)
}

/// 0x01 in every byte of a word.
pub(crate) const LO: u64 = u64::from_le_bytes([1; 8]);
/// 0x80 in every byte of a word.
pub(crate) const HI: u64 = LO << 7;

/// The high bit of each byte of `x` from `lo` to `hi` (both at most
/// 0x7f), for bytes of at most 0x7f; other bytes give meaningless bits,
/// never a panic. The range test of the word-at-a-time readers (casing,
/// letters, digits, white space).
#[inline]
pub(crate) fn bytes_in(x: u64, lo: u8, hi: u8) -> u64 {
    x.wrapping_add(LO * u64::from(0x80 - lo)) & !x.wrapping_add(LO * u64::from(0x7f - hi)) & HI
}

/// The high bit of each zero byte of `x` (the lowest one exact; bytes
/// above a zero byte may be flagged too).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// The high bit of each byte of `x` that is at most b' ' (ASCII white
/// space and control characters) or outside ASCII (the lowest one exact,
/// as for [`zero_bytes`]): where a run of visible ASCII ends.
#[inline]
pub(crate) fn space_or_high_bytes(x: u64) -> u64 {
    (x.wrapping_sub(LO * 0x21) & !x & HI) | (x & HI)
}

/// The high bit of each byte of `x` that may end a chunk: at most b' ',
/// 0x7f, or outside ASCII (the lowest one exact, as for [`zero_bytes`]).
#[inline]
fn stop_bytes(x: u64) -> u64 {
    space_or_high_bytes(x) | zero_bytes(x ^ (LO * 0x7f))
}

/// Tokenize all of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    tokenize_into(text, 0, text.len(), &mut out);
    out
}

/// Tokenize `text[from..to]` (clamped to char boundaries), appending tokens
/// with offsets into the whole `text`.
pub fn tokenize_into(text: &str, from: usize, to: usize, out: &mut Vec<Token>) {
    let to = floor_boundary(text, to.min(text.len()));
    let mut i = floor_boundary(text, from.min(to));
    let bytes = text.as_bytes();
    // The end of the current whitespace-delimited chunk, and whether it has
    // an `@` (a chunk yields several tokens: both are found once per chunk;
    // from any later token of the chunk the chunk still ends there).
    let mut end = i;
    let mut has_at = false;
    while i < to {
        let b = bytes[i];
        let c = if b.is_ascii() {
            // ASCII whitespace and controls are all of 0..=0x20 and 0x7f.
            if b <= b' ' || b == 0x7f {
                i += 1;
                continue;
            }
            char::from(b)
        } else {
            let Some(c) = text[i..to].chars().next() else {
                break;
            };
            if c.is_whitespace() || c.is_control() || c == '\u{feff}' || c == '\u{200b}' {
                i += c.len_utf8();
                continue;
            }
            c
        };
        if i >= end {
            (end, has_at) = chunk_end(text, i, to);
        }
        if let Some(k) = plain_word_end(bytes, i, end, has_at) {
            push_plain(text, i, k, out);
            i = k;
            continue;
        }
        // The rest of the chunk from here.
        let chunk = &text[i..end];
        // A URL starts with `http` or `www`, an address holds an `@`.
        let maybe_url = has_at || matches!(c, 'h' | 'H' | 'w' | 'W');
        if let Some(len) = maybe_url.then(|| url_len(chunk, has_at)).flatten() {
            out.push(Token {
                start: i,
                end: i + len,
                kind: Kind::Url,
            });
            i += len;
            continue;
        }
        if (c == '@' || c == '#') && chunk.len() > 1 {
            let len = chunk[1..]
                .char_indices()
                .find(|&(_, ch)| !(ch.is_alphanumeric() || ch == '_'))
                .map_or(chunk.len(), |(k, _)| k + 1);
            if len > 1 {
                out.push(Token {
                    start: i,
                    end: i + len,
                    kind: Kind::Handle,
                });
                i += len;
                continue;
            }
        }
        if is_word_char(c) {
            let (len, plain) = word_len(chunk);
            if plain {
                push_plain(text, i, i + len, out);
            } else {
                push_word(text, i, i + len, out);
            }
            i += len;
            continue;
        }
        // Punctuation.
        let len = c.len_utf8();
        let (kind, len) = if is_apostrophe(c) && glued_clitic(text, i, to).is_some() {
            (Kind::Clitic, glued_clitic(text, i, to).unwrap_or(len))
        } else if is_quote_char(c) {
            // `` and '' as one quote token.
            if (c == '`' || c == '\'') && bytes.get(i + 1) == Some(&(c as u8)) {
                (Kind::Quote, 2)
            } else {
                (Kind::Quote, len)
            }
        } else if is_dash_char(c) {
            (Kind::Dash, run_len(chunk, |ch| ch == c))
        } else if c == '-' {
            let n = run_len(chunk, |ch| ch == '-');
            (if n >= 2 { Kind::Dash } else { Kind::Punct }, n)
        } else if c == '.' || c == '!' || c == '?' || c == '…' {
            (
                Kind::Terminal,
                run_len(chunk, |ch| matches!(ch, '.' | '!' | '?' | '…')),
            )
        } else {
            (Kind::Punct, len)
        };
        out.push(Token {
            start: i,
            end: i + len,
            kind,
        });
        i += len;
    }
}

/// The end of a plain word at byte `i` of the chunk ending at `end`: a
/// run of ASCII letters and digits that nothing can join or follow into a
/// longer token, so that the general path ([`url_len`], [`word_len`],
/// [`push_word`]) would push it whole; `None` for any other token, and in
/// a chunk with an `@` (an e-mail address). Most tokens are such words:
/// the general path took ≈ 0.3 M more of the seed bundle's 38 M
/// instructions for them.
///
/// What may join: `-`, `.` (abbreviations, `3.5`), `&`, apostrophes,
/// anything outside ASCII, and after a digit `,` `:` `/` (`1,000`,
/// `10:30`, `2/13`); a URL's scheme or `www` is followed by `:` or `.`.
#[inline]
fn plain_word_end(bytes: &[u8], i: usize, end: usize, has_at: bool) -> Option<usize> {
    let first = *bytes.get(i)?;
    if has_at || !first.is_ascii_alphanumeric() {
        return None;
    }
    let mut k = i + 1;
    while k < end && ALNUM[usize::from(bytes[k])] {
        k += 1;
    }
    if k < end {
        let b = bytes[k];
        let joins = !b.is_ascii()
            || matches!(b, b'-' | b'.' | b':' | b'&' | b'\'' | b'`')
            || (first.is_ascii_digit() && matches!(b, b',' | b'/'));
        if joins {
            return None;
        }
    }
    Some(k)
}

/// Whether each byte is an ASCII letter or digit: one load a byte in the
/// scan of a word.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// `’s` glued to a preceding word or abbreviation (`U.S.’s`): its length.
fn glued_clitic(text: &str, i: usize, to: usize) -> Option<usize> {
    let prev = text[..i].chars().next_back()?;
    if !(prev.is_alphanumeric() || prev == '.') {
        return None;
    }
    let c = text[i..].chars().next()?;
    let rest = &text[i + c.len_utf8()..to];
    let s = rest.chars().next()?;
    if s != 's' && s != 'S' {
        return None;
    }
    let after = rest[1..].chars().next();
    if after.is_some_and(is_word_char) {
        return None;
    }
    Some(c.len_utf8() + 1)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn run_len(s: &str, f: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .find(|&(_, c)| !f(c))
        .map_or(s.len(), |(k, _)| k)
}

/// Length of a URL or e-mail address at the start of `chunk`, trailing
/// punctuation excluded; `may_mail`: whether `chunk` may hold an `@`.
fn url_len(chunk: &str, may_mail: bool) -> Option<usize> {
    // No character outside ASCII lowercases to these ASCII prefixes.
    let starts = |p: &str| {
        chunk
            .as_bytes()
            .get(..p.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
    };
    let is_url = starts("http://") || starts("https://") || starts("www.");
    let is_mail = !is_url && may_mail && {
        let at = chunk.find('@');
        at.is_some_and(|a| {
            a > 0
                && chunk[..a]
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
                && chunk[a + 1..].contains('.')
                && chunk[a + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
        })
    };
    if !is_url && !is_mail {
        return None;
    }
    let mut end = chunk.len();
    // Stop at a closing quote/bracket and trim sentence punctuation.
    if let Some((k, _)) = chunk
        .char_indices()
        .find(|&(_, c)| matches!(c, '"' | '“' | '”' | '’' | '»' | '<' | '>'))
    {
        end = k;
    }
    let trimmed = chunk[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'']);
    // Keep a closing parenthesis that has its opening one in the URL.
    let len = if chunk[..end].len() > trimmed.len()
        && chunk[trimmed.len()..].starts_with(')')
        && trimmed.contains('(')
    {
        trimmed.len() + 1
    } else {
        trimmed.len()
    };
    (len > 4).then_some(len)
}

/// Length of the word-like token at the start of `chunk`, before clitic
/// splitting: letters and digits joined by inner hyphens, periods (for
/// abbreviations and numbers), commas and colons between digits, slashes
/// between digits, and apostrophes. Also whether the word is plain: all
/// ASCII without an apostrophe (`'` or `` ` ``), so that [`push_word`]
/// would push it whole.
fn word_len(chunk: &str) -> (usize, bool) {
    let first = chunk.chars().next();
    let first_digit = first.is_some_and(|c| c.is_ascii_digit());
    let mut end = 0;
    let mut prev: Option<char> = None;
    // Whether a period has joined the word so far.
    let mut dotted = false;
    let mut plain = true;
    let bytes = chunk.as_bytes();
    let mut pos = 0;
    while pos < chunk.len() {
        // A run of ASCII letters and digits, byte by byte.
        if bytes[pos].is_ascii_alphanumeric() {
            pos += 1;
            while bytes.get(pos).is_some_and(u8::is_ascii_alphanumeric) {
                pos += 1;
            }
            prev = Some(char::from(bytes[pos - 1]));
            end = pos;
            continue;
        }
        let Some(c) = chunk[pos..].chars().next() else {
            break;
        };
        if !is_word_char(c) {
            let mut after = chunk[pos + c.len_utf8()..].chars();
            let next = after.next();
            let joins = match c {
                '-' | '‐' | '‑' => {
                    prev.is_some_and(|p| is_word_char(p) || p == '.')
                        && next.is_some_and(|x| is_word_char(x) || x == '$')
                }
                '.' => {
                    // Inner period: 3.5, U.S., e.g, www-free names like Amazon.com.
                    prev.is_some_and(is_word_char)
                        && (next.is_some_and(is_word_char)
                            // U.S.-Russia: a dotted acronym joined by a hyphen.
                            || (next.is_some_and(|x| matches!(x, '-' | '‐' | '‑'))
                                && dotted
                                && after.next().is_some_and(char::is_alphanumeric)))
                }
                ',' | ':' | '/' => {
                    first_digit
                        && prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|x| x.is_ascii_digit())
                }
                '&' => {
                    // AT&T, S&P: single capitals around it.
                    prev.is_some_and(char::is_uppercase) && next.is_some_and(char::is_uppercase)
                }
                c if is_apostrophe(c) => {
                    prev.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric)
                }
                _ => false,
            };
            if !joins {
                break;
            }
            dotted |= c == '.';
        }
        plain &= c.is_ascii() && c != '\'' && c != '`';
        prev = Some(c);
        end = pos + c.len_utf8();
        pos = end;
    }
    // A final period belongs to abbreviations, initials and dotted acronyms.
    if bytes.get(end) == Some(&b'.') {
        let word = &chunk[..end];
        let dotted = word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.');
        let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        if dotted || initial || is_abbreviation(word) {
            // Not when it is the first of a run ("etc..." keeps "etc").
            if bytes.get(end + 1) != Some(&b'.') {
                end += 1;
            }
        }
    }
    let len = first.map_or(0, char::len_utf8);
    if end < len {
        // (Never for a word character, which always joins.)
        return (
            len,
            first.is_some_and(|c| c.is_ascii() && c != '\'' && c != '`'),
        );
    }
    (end, plain)
}

const CLITICS: &[&str] = &["s", "re", "ve", "ll", "d", "m", "t"];

/// Push a word token, splitting clitics (`'s`, `n't`, …) and glued quote
/// marks at inner apostrophes.
fn push_word(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let word = &text[start..end];
    // Most words hold no apostrophe (all apostrophes but ' and ` are
    // outside ASCII).
    if !word
        .bytes()
        .any(|b| b == b'\'' || b == b'`' || !b.is_ascii())
    {
        push_plain(text, start, end, out);
        return;
    }
    let mut seg_start = start;
    let mut iter = word.char_indices().peekable();
    while let Some((k, c)) = iter.next() {
        if !is_apostrophe(c) {
            continue;
        }
        let abs = start + k;
        let before = &text[seg_start..abs];
        let after_start = abs + c.len_utf8();
        // The rest up to the next apostrophe or the end.
        let after_end = word[k + c.len_utf8()..]
            .char_indices()
            .find(|&(_, ch)| is_apostrophe(ch))
            .map_or(end, |(j, _)| after_start + j);
        let after = &text[after_start..after_end];
        // Borrowed when already lower case (most clitics): no copy per word
        // with an apostrophe (BASIL's ≈ 8,800: 1,603.4 → 1,602.1 M
        // instructions).
        let after_lower = lowercase(after);
        if CLITICS.contains(&&*after_lower) && after_end == end {
            if after_lower == "t" && lowercase(before).ends_with('n') && before.len() > 1 {
                // do|n't, can|'t stays can't → ca n't in PTB; keep simple.
                let n_pos = abs - 1;
                push_plain(text, seg_start, n_pos, out);
                out.push(Token {
                    start: n_pos,
                    end,
                    kind: Kind::Clitic,
                });
                return;
            }
            if after_lower != "t" {
                push_plain(text, seg_start, abs, out);
                out.push(Token {
                    start: abs,
                    end,
                    kind: Kind::Clitic,
                });
                return;
            }
        }
        // A glued quote: lowercase word, apostrophe, lowercase word that is
        // not a clitic ("said'some").
        let glued = before.chars().count() >= 1
            && before.chars().all(char::is_lowercase)
            && after.chars().count() >= 2
            && after.chars().all(char::is_lowercase)
            && !CLITICS.contains(&&*after_lower);
        if glued {
            push_plain(text, seg_start, abs, out);
            out.push(Token {
                start: abs,
                end: after_start,
                kind: Kind::Quote,
            });
            seg_start = after_start;
        }
        let _ = iter.peek();
    }
    push_plain(text, seg_start, end, out);
}

#[inline]
fn push_plain(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    if start >= end {
        return;
    }
    let kind = if text.as_bytes()[start].is_ascii_digit() {
        Kind::Number
    } else {
        Kind::Word
    };
    out.push(Token { start, end, kind });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn lowercase_is_to_lowercase_and_clitics_split_in_any_case() {
        let chars: Vec<char> = "aZ'’ÉéΣς İn ".chars().collect();
        let mut rng = crate::testing::Lcg::new(5);
        for _ in 0..5000 {
            let len = rng.below(6) as usize;
            let s: String = (0..len)
                .map(|_| chars[rng.below(chars.len() as u64) as usize])
                .collect();
            assert_eq!(lowercase(&s), s.to_lowercase(), "{s:?}");
        }
        assert_eq!(toks("WE'LL"), ["WE", "'LL"]);
        assert_eq!(toks("DON’T"), ["DO", "N’T"]);
        assert_eq!(toks("Éte’s"), ["Éte", "’s"]);
    }

    #[test]
    fn abbreviation_sets_agree_with_string_sets() {
        // The sets as strings, looked up with a lowercase copy (as before
        // the words became numbers).
        let (mut exact, mut folded, mut prefix) = (
            HashSet::<String>::default(),
            HashSet::<String>::default(),
            HashSet::<String>::default(),
        );
        let mut words: Vec<String> = Vec::new();
        for l in crate::analysis::ner::lexicon::lines(ABBREVIATIONS) {
            let mut parts = l.split_whitespace();
            let Some(w) = parts.next() else { continue };
            let w = w.trim_end_matches('.');
            if parts.next() == Some("prefix") {
                prefix.insert(w.to_lowercase());
            }
            if w.starts_with(char::is_lowercase) {
                folded.insert(w.to_string());
            } else {
                exact.insert(w.to_string());
                exact.insert(w.to_uppercase());
            }
            let mut cap = w.to_lowercase();
            if let Some(f) = cap.get_mut(..1) {
                f.make_ascii_uppercase();
            }
            words.extend([w.to_string(), w.to_lowercase(), w.to_uppercase(), cap]);
        }
        words.extend(
            [
                "",
                ".",
                "..",
                "J",
                "é",
                "É",
                "Ünï",
                "İ",
                "\u{212A}",
                "Gén",
                "ab\0",
                "seven7x",
                "eight8xx",
                "Lt.Gov",
                "LT.GOV",
                "lt.gov",
                "nine9xxxx",
                "Straße",
                "ΣΟΦ",
            ]
            .map(str::to_string),
        );
        let is_abbr = |w: &str| {
            let w = w.trim_end_matches('.');
            !w.is_empty() && (exact.contains(w) || folded.contains(lowercase(w).as_ref()))
        };
        for w in &words {
            for word in [w.clone(), format!("{w}."), format!("{w}..")] {
                let want = is_abbr(&word);
                assert_eq!(is_abbreviation(&word), want, "{word:?}");
                let w = word.trim_end_matches('.');
                let initial = w.chars().count() == 1 && w.chars().all(char::is_uppercase);
                let want_prefix = initial || (want && prefix.contains(lowercase(w).as_ref()));
                assert_eq!(is_prefix_abbreviation(&word), want_prefix, "{word:?}");
            }
        }
        // Every ASCII byte at every place of a key.
        for b in 0..0x80u8 {
            for n in 1..=7 {
                let mut w = vec![b'x'; n];
                w[n - 1] = b;
                w[0] = b;
                let lower = w.to_ascii_lowercase();
                assert_eq!(word_key(&w).map(ascii_lower), word_key(&lower), "{w:?}");
            }
        }
        assert_eq!(word_key(b"eight8xx"), None);
        assert_ne!(word_key(b"ab"), word_key(b"ab\0"));
        assert!(
            is_abbreviation("GEN.") && is_prefix_abbreviation("Mr.") && !is_abbreviation("mr.")
        );
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            toks("Gen. Smith met Mr. Jones in the U.S. on Jan. 5."),
            ["Gen.", "Smith", "met", "Mr.", "Jones", "in", "the", "U.S.", "on", "Jan.", "5", "."]
        );
        assert_eq!(toks("Sec. Hale left."), ["Sec.", "Hale", "left", "."]);
        assert_eq!(toks("J. R. Tolkien"), ["J.", "R.", "Tolkien"]);
        assert_eq!(toks("He left."), ["He", "left", "."]);
    }

    #[test]
    fn possessives_and_clitics() {
        assert_eq!(toks("Ukraine's army"), ["Ukraine", "'s", "army"]);
        assert_eq!(toks("Ukraine’s army"), ["Ukraine", "’s", "army"]);
        assert_eq!(toks("they don't"), ["they", "do", "n't"]);
        assert_eq!(toks("we're here"), ["we", "'re", "here"]);
        assert_eq!(toks("O'Brien said"), ["O'Brien", "said"]);
        assert_eq!(toks("the U.S.’s stance"), ["the", "U.S.", "’s", "stance"]);
    }

    #[test]
    fn compounds_and_numbers() {
        assert_eq!(
            toks("a full-scale, 90-minute call on 2025-02-13 cost $1,250.50"),
            [
                "a",
                "full-scale",
                ",",
                "90-minute",
                "call",
                "on",
                "2025-02-13",
                "cost",
                "$",
                "1,250.50"
            ]
        );
        assert_eq!(toks("the U.S.-Russia swap"), ["the", "U.S.-Russia", "swap"]);
        assert_eq!(toks("at 10:30 on 2/13"), ["at", "10:30", "on", "2/13"]);
        assert_eq!(toks("pre-2014 borders"), ["pre-2014", "borders"]);
        assert_eq!(toks("rose 5%"), ["rose", "5", "%"]);
    }

    #[test]
    fn quotes_and_dashes() {
        assert_eq!(
            toks("“Yes,” he said — «non» ‘maybe’ „ja“"),
            [
                "“", "Yes", ",", "”", "he", "said", "—", "«", "non", "»", "‘", "maybe", "’", "„",
                "ja", "“"
            ]
        );
        assert_eq!(
            toks("'ILLUSIONARY GOAL'"),
            ["'", "ILLUSIONARY", "GOAL", "'"]
        );
        assert_eq!(toks("a'lengthy call'"), ["a", "'", "lengthy", "call", "'"]);
        assert_eq!(toks("yes -- no – maybe"), ["yes", "--", "no", "–", "maybe"]);
        assert_eq!(toks("wait..."), ["wait", "..."]);
        assert_eq!(toks("wait…"), ["wait", "…"]);
    }

    #[test]
    fn handles_and_urls() {
        assert_eq!(
            toks("with @POTUS. See https://example.com/a?b=1, or www.example.org."),
            [
                "with",
                "@POTUS",
                ".",
                "See",
                "https://example.com/a?b=1",
                ",",
                "or",
                "www.example.org",
                "."
            ]
        );
        assert_eq!(
            toks("mail a.b@example.com."),
            ["mail", "a.b@example.com", "."]
        );
        assert_eq!(toks("#peace now"), ["#peace", "now"]);
    }

    #[test]
    fn offsets_are_verbatim_and_total() {
        for s in [
            "",
            " ",
            "\u{feff}x",
            "é’s — “x”",
            "'''",
            "a\u{0301}b",
            "😀 emoji’s",
            "-",
            ".",
            "@",
            "x'",
            "'s",
        ] {
            let ts = tokenize(s);
            let mut last = 0;
            for t in &ts {
                assert!(
                    t.start >= last && t.end > t.start && t.end <= s.len(),
                    "{s:?}"
                );
                assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
                last = t.end;
            }
        }
    }

    /// Tricky inputs for the fast paths: non-ASCII, controls, `@`, chunks
    /// around eight bytes long, the text's end.
    const TRICKY: &[&str] = &[
        "",
        "a",
        "abcdefg",
        "abcdefgh",
        "abcdefghi",
        "abcdefghijklmnopq rstu",
        "mail a.b@example.com. x",
        "abcdefg@h ijklmnop@",
        "@@@@@@@@@@@@@@@@@",
        "abcdefgh\u{7f}ij\tk\u{0}l",
        "naïve café\u{a0}déjà\u{2003}x",
        "Ukraine’s army don't it's O'Brien a'lengthy call'",
        "abcdefg’s abcdefgh’s 😀😀😀😀 emoji’s",
        "x\u{feff}y\u{200b}z\u{85}w\u{2028}v",
        "U.S.-Russia 1,250.50 2025-02-13 AT&T e.g. etc... Gen. J.",
        "https://example.com/a?b=1, www.x.org. h@x.y when what",
        "\u{301}\u{301}abc a\u{301}b\u{ad}c",
    ];

    /// [`chunk_end`] one character at a time.
    fn chunk_end_slow(text: &str, i: usize, to: usize) -> (usize, bool) {
        let mut at = false;
        for (k, c) in text[i..to].char_indices() {
            if c.is_whitespace() || c.is_control() {
                return (i + k, at);
            }
            at |= c == '@';
        }
        (to, at)
    }

    #[test]
    fn chunk_end_agrees_with_the_slow_scan() {
        for s in TRICKY {
            for i in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
                for to in (i..=s.len()).filter(|&t| s.is_char_boundary(t)) {
                    assert_eq!(
                        chunk_end(s, i, to),
                        chunk_end_slow(s, i, to),
                        "{s:?} {i} {to}"
                    );
                }
            }
        }
    }

    #[test]
    fn plain_words_are_pushed_whole() {
        for s in TRICKY {
            for i in (0..s.len()).filter(|&i| s.is_char_boundary(i)) {
                let Some(c) = s[i..].chars().next() else {
                    continue;
                };
                if !is_word_char(c) {
                    continue;
                }
                let (len, plain) = word_len(&s[i..]);
                let (mut a, mut b) = (Vec::new(), Vec::new());
                push_word(s, i, i + len, &mut a);
                push_plain(s, i, i + len, &mut b);
                if plain {
                    assert_eq!(a, b, "{s:?} {i}");
                }
                let word = &s[i..i + len];
                assert_eq!(plain, word.is_ascii() && !word.contains(['\'', '`']));
            }
        }
    }

    /// Every plain word [`plain_word_end`] finds is the token the general
    /// path gives there.
    #[test]
    fn plain_words_are_the_general_paths_tokens() {
        let mut cases: Vec<String> = TRICKY.iter().map(|s| s.to_string()).collect();
        cases.extend(
            [
                "http://x.org HTTPS://y www.z WWW.Q hello world, he said: 10:30 1,000 2/13",
                "a,b a/b a:b 1,a 1/a 1:a A&B a-b a.b a'b a`b a’b a\u{ad}b x@y z",
                "U.S. Gen. Mr. e.g. etc... J. Smith's don't 5% $5 #tag @handle",
            ]
            .map(String::from),
        );
        cases.extend(crate::testing::Lcg::new(17).strings("aZ9h:w/.,-'`&@# \n’é", 3000, 12));
        for s in &cases {
            let bytes = s.as_bytes();
            for i in (0..s.len()).filter(|&i| s.is_char_boundary(i)) {
                let (end, has_at) = chunk_end(s, i, s.len());
                let Some(k) = plain_word_end(bytes, i, end, has_at) else {
                    continue;
                };
                let chunk = &s[i..end];
                assert_eq!(url_len(chunk, has_at), None, "{s:?} {i}");
                assert_eq!(word_len(chunk), (k - i, true), "{s:?} {i}");
            }
        }
    }

    #[test]
    fn tokenize_into_respects_range() {
        let s = "one two three";
        let mut out = Vec::new();
        tokenize_into(s, 4, 7, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text(s), "two");
    }
}
