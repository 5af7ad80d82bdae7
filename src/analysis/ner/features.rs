//! Feature extraction for the sequence tagger.
//!
//! Every feature is a 64-bit hash of a template id and a value, so nothing is
//! stored as a string and the model is a table keyed by these hashes. The
//! templates follow Ratinov & Roth (2009, "Illinois NER"):
//!
//! - local: the word as written and lowercased (digits folded to `0`), its
//!   shape, prefixes and suffixes up to 4, Brown-cluster path prefixes
//!   (4/6/10/20 bits), the lowercased words and shapes in a ±2 window, word
//!   bigrams, a shape trigram, cluster prefixes of the neighbours;
//! - gazetteers: position in the longest place-name match (B/I/L/U), first
//!   name, last name and demonym hits, for the word and its neighbours;
//! - document casing: whether the word also occurs lowercased elsewhere in the
//!   document, or capitalised in the middle of an ordinary sentence — this is
//!   what tells a sentence-initial or headline capital from a name;
//! - headline lines: a line in Title Case is featurised as if it were in
//!   capitals, the regime newswire headlines are written in, so "Chief Says"
//!   is not read as two proper names;
//! - stage 2 (non-local): the labels the first-stage tagger gave to other
//!   occurrences of the same word in the document (aggregated by type), to
//!   its previous occurrence, and to the word and its neighbours.

use super::hash::{self, HashMap64};
use super::labels::{Label, NUM_TYPES};
use super::lexicon::{
    self, Lexicon, GAZ_FIRST, GAZ_LAST, GAZ_LOC, GAZ_MAX_TOKENS, GAZ_NAT, GAZ_PREFIX,
};
use crate::analysis::tokenize::{bytes_in, HI, LO};
use std::collections::hash_map::Entry;
use std::ops::Range;

/// A document to tag: tokens as strings and sentences as token ranges.
#[derive(Debug, Clone, Default)]
pub struct Doc<'a> {
    pub words: Vec<&'a str>,
    pub sentences: Vec<Range<usize>>,
}

/// How a sentence is cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineCase {
    Normal,
    /// Mostly in capitals (wire headlines, datelines).
    Caps,
    /// A headline in Title Case: featurised like `Caps`.
    Title,
}

/// Per-token values shared by all templates that mention the token.
#[derive(Debug, Clone, Default)]
pub struct Attr {
    /// The word as written; in headline lines, as written in the body of
    /// the document when it occurs there (see `attrs_cached`).
    pub w: u64,
    /// The word as written in this line ([`Attr::w`] before the body form
    /// replaces it): a property of the word type, unlike `w`.
    pub w_lex: u64,
    pub lw: u64,
    /// Lowercased form hash without digit folding (document statistics).
    pub key: u64,
    pub shape: u64,
    pub sshape: u64,
    pub affixes: [u64; 8],
    pub n_affixes: u8,
    pub clus: Option<u16>,
    /// 0 lower / other, 1 initial capital, 2 all capitals, 3 mixed.
    pub caps: u8,
    pub gaz: u8,
    /// Position in a place-name match: 0 none, 1 B, 2 I, 3 L, 4 U.
    pub gaz_pos: u8,
    /// Document casing flags: 1 seen lowercased elsewhere, 2 seen capitalised
    /// mid-sentence elsewhere.
    pub doc: u8,
    pub sent_initial: bool,
    pub line: u8,
    pub has_letter: bool,
    /// Hash of the lowercased word for gazetteer keys.
    pub gh: u64,
    /// What the gazetteer says about the word alone: its flags, and
    /// [`GAZ_PREFIX`] when a longer entry starts with it.
    gaz_alone: u8,
    /// Cluster of the lowercased word, for words with capitals.
    pub lclus: Option<u16>,
    /// Dense id of the token's text (and line casing) in the document:
    /// tokens with the same id have the same lexical attributes. Ids are
    /// numbered in order of first occurrence.
    pub lex_id: u32,
    /// Hash of the token's text and line casing (what `lex_id` numbers).
    pub wh: u64,
    /// Dense id of [`Attr::key`] (the lowercased form) in the document,
    /// numbered in order of first occurrence: the document statistics are
    /// kept in arrays indexed by it rather than in maps probed per token.
    pub key_id: u32,
    /// Context aggregation: the words around other occurrences of this
    /// capitalised word in the document (hashed, at most 8).
    pub ctx: Vec<u64>,
}

// Template ids.
const T_BIAS: u64 = 1;
const T_W: u64 = 2;
const T_LW: u64 = 3;
const T_SHAPE: u64 = 4;
const T_SSHAPE: u64 = 5;
const T_AFFIX: u64 = 6;
const T_CLUS: u64 = 7;
const T_NOCLUS: u64 = 8;
const T_LW_AT: u64 = 10; // + offset index
const T_SS_AT: u64 = 20;
const T_CLUS_AT: u64 = 30;
const T_CTX: u64 = 80;
const T_BI_L: u64 = 40;
const T_BI_R: u64 = 41;
const T_SS3: u64 = 42;
const T_GAZ: u64 = 50;
const T_GAZPOS: u64 = 51;
const T_GAZ_AT: u64 = 52;
const T_DOC: u64 = 60;
const T_INIT: u64 = 61;
const T_LINE: u64 = 62;
const T_W_PREV: u64 = 63;
const T_AGG: u64 = 70;
const T_AGG_MAJ: u64 = 71;
const T_PREV_OCC: u64 = 72;
const T_S1_AT: u64 = 73;
const T_AGG_MULTI: u64 = 74;
const T_S1_LW: u64 = 75;

const T_CAPS3: u64 = 90;
const T_SSP_W: u64 = 91;
const T_W_SSN: u64 = 92;
const T_SKIP: u64 = 93;
const T_W_NEXT: u64 = 94;
const T_S1_AT2: u64 = 95;
const T_S1P_SS: u64 = 96;
const T_HIST: u64 = 97;
const T_LCLUS: u64 = 98;

const BOUNDARY: u64 = 0xB0B0;

/// Experimental feature switches (PARALLAX_FEAT bitmask; tuning only).
pub fn xf(bit: u32) -> bool {
    xf_bits() & bit != 0
}

/// The whole [`xf`] bitmask, read once by the per-token feature functions
/// (each [`xf`] is a look at a `OnceLock`).
#[inline]
fn xf_bits() -> u32 {
    static X: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *X.get_or_init(|| {
        std::env::var("PARALLAX_FEAT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    })
}

#[inline]
fn f(template: u64, value: u64) -> u64 {
    hash::pair(template, value)
}

/// Letters of a word's shape: `X` upper, `x` lower, `d` digit, others kept;
/// runs are cut at 4 (`shape`) or 1 (`short`).
pub fn shapes(word: &str) -> (String, String) {
    let mut long = String::new();
    let mut short = String::new();
    shapes_into(word, &mut long, &mut short);
    (long, short)
}

/// [`shapes`] into reused buffers.
fn shapes_into(word: &str, long: &mut String, short: &mut String) {
    long.clear();
    short.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars().take(24) {
        let s = if c.is_ascii() {
            match c {
                'A'..='Z' => 'X',
                'a'..='z' => 'x',
                '0'..='9' => 'd',
                _ => c,
            }
        } else if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
            short.push(s);
        }
        if run <= 4 {
            long.push(s);
        }
    }
}

/// The hashes of [`shapes`] (`long`, `short`: buffers for words beyond
/// ASCII). An ASCII word's shapes are built on the stack, byte by byte
/// (the same letters: an ASCII character is one byte, and its class one
/// byte), without the character iterator and the pushes of
/// [`shapes_into`] (which took ≈ 0.29 M instructions of the seed bundle's
/// 38 M for its ≈ 1,150 word types). `ascii`: whether `word` is known to
/// be ASCII (the general path otherwise, which gives the same).
fn shape_hashes(word: &str, ascii: bool, long: &mut String, short: &mut String) -> (u64, u64) {
    if !ascii {
        shapes_into(word, long, short);
        return (hash::str(4, long), hash::str(5, short));
    }
    let b = word.as_bytes();
    let b = &b[..b.len().min(24)];
    let (mut l, mut s) = ([0u8; 24], [0u8; 24]);
    let (mut nl, mut ns) = (0, 0);
    let mut last = 0u8;
    let mut run = 0;
    for &c in b {
        let c = match c {
            b'A'..=b'Z' => b'X',
            b'a'..=b'z' => b'x',
            b'0'..=b'9' => b'd',
            _ => c,
        };
        if c == last {
            run += 1;
        } else {
            run = 1;
            last = c;
            s[ns] = c;
            ns += 1;
        }
        if run <= 4 {
            l[nl] = c;
            nl += 1;
        }
    }
    (hash::bytes(4, &l[..nl]), hash::bytes(5, &s[..ns]))
}

/// What one pass over an ASCII word's bytes, 8 at a time, tells of it
/// (`lexical` needs all three; it scanned the word for each, and for
/// whether it is ASCII, seven times in all: seed bundle 31.73 → 31.61 M
/// instructions, BASIL 1,472.8 → 1,470.6 M).
struct AsciiTraits {
    /// [`caps_class`].
    caps: u8,
    /// Whether it has a letter.
    letter: bool,
    /// Whether it has a digit.
    digit: bool,
}

/// The [`AsciiTraits`] of `b`, `None` when it is not ASCII.
fn ascii_traits(b: &[u8]) -> Option<AsciiTraits> {
    // The classes from the letters and capitals of 8 bytes at a time
    // ([`ascii_letters`]; an ASCII letter is upper or lower case, and
    // alphabetic exactly when `char` says so); over characters the class
    // took ≈ 0.23 M instructions of the seed bundle's 38 M.
    let (mut first, mut upper, mut lower, mut digits, mut high) = (None, false, false, 0, 0);
    let see = |x: u64| {
        high |= x;
        digits |= ascii_digits(x);
        let (mut l, caps) = ascii_letters(x);
        if first.is_none() && l != 0 {
            let bit = l & l.wrapping_neg();
            first = Some(caps & bit != 0);
            l &= !bit;
        }
        upper |= caps & l != 0;
        lower |= l & !caps != 0;
    };
    hash::each_u64(b, see);
    if high & HI != 0 {
        return None;
    }
    let caps = match (first, upper, lower) {
        (None, ..) => 0,
        (Some(true), true, true) => 3,
        (Some(true), true, false) => 2,
        (Some(true), false, _) => 1,
        (Some(false), true, _) => 3,
        (Some(false), false, _) => 0,
    };
    Some(AsciiTraits {
        caps,
        letter: first.is_some(),
        digit: digits != 0,
    })
}

fn caps_class(word: &str) -> u8 {
    if let Some(t) = ascii_traits(word.as_bytes()) {
        return t.caps;
    }
    let mut chars = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = chars.next() else {
        return 0;
    };
    let (mut rest, mut all_upper, mut all_lower, mut any_upper) = (0usize, true, true, false);
    for c in chars {
        rest += 1;
        let u = c.is_uppercase();
        all_upper &= u;
        any_upper |= u;
        all_lower &= c.is_lowercase();
    }
    if first.is_uppercase() {
        if all_upper {
            if rest == 0 {
                1
            } else {
                2
            }
        } else if all_lower {
            1
        } else {
            3
        }
    } else if any_upper {
        3
    } else {
        0
    }
}

pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "to", "of", "for", "and", "or", "in", "on",
    "at", "by", "with", "from", "as", "over", "not", "no", "says", "say", "after", "its", "his",
    "her", "into", "against", "amid", "will", "has", "have", "new",
];

/// Longest of [`FUNCTION_WORDS`], in bytes.
const FUNCTION_WORD_MAX: usize = 7;

/// Whether `word`, lowercased, is one of [`FUNCTION_WORDS`].
pub(crate) fn is_function_word(word: &str) -> bool {
    if word.is_ascii() {
        // Lowercased on the stack and matched as bytes (the same set as
        // `FUNCTION_WORDS`; a test ties the two).
        let b = word.as_bytes();
        if b.is_empty() || b.len() > FUNCTION_WORD_MAX {
            return false;
        }
        let mut low = [0u8; FUNCTION_WORD_MAX];
        for (l, c) in low.iter_mut().zip(b) {
            *l = c.to_ascii_lowercase();
        }
        matches!(
            &low[..b.len()],
            b"a" | b"an"
                | b"the"
                | b"is"
                | b"are"
                | b"was"
                | b"were"
                | b"be"
                | b"to"
                | b"of"
                | b"for"
                | b"and"
                | b"or"
                | b"in"
                | b"on"
                | b"at"
                | b"by"
                | b"with"
                | b"from"
                | b"as"
                | b"over"
                | b"not"
                | b"no"
                | b"says"
                | b"say"
                | b"after"
                | b"its"
                | b"his"
                | b"her"
                | b"into"
                | b"against"
                | b"amid"
                | b"will"
                | b"has"
                | b"have"
                | b"new"
        )
    } else {
        FUNCTION_WORDS.contains(&word.to_lowercase().as_str())
    }
}

/// The ASCII letters among 8 bytes of ASCII `x` (each below 0x80; zeros
/// pad a shorter word), and the capitals among them, as the high bit of
/// each byte. No byte's sum carries into the next (all stay below 0x100).
/// Bytes of other text give meaningless bits, never a panic (the sums
/// wrap); the caller does not use them.
#[inline]
fn ascii_letters(x: u64) -> (u64, u64) {
    // Folded to lower case: a letter is then in `a..=z`.
    let letters = bytes_in(x | (0x20 * LO), b'a', b'z');
    // A letter is a capital when its 0x20 bit is clear.
    let small = (x << 2) & HI;
    (letters, letters & !small)
}

/// The ASCII digits among 8 bytes of ASCII `x`, as the high bit of each
/// byte (as [`ascii_letters`]).
#[inline]
fn ascii_digits(x: u64) -> u64 {
    bytes_in(x, b'0', b'9')
}

/// What [`line_case`] counts of a word: its letters (2 for two or more),
/// whether they are all capitals, and whether it starts with a capital.
#[inline]
fn word_case(w: &str) -> (u8, bool, bool) {
    let b = w.as_bytes();
    // ASCII words 8 bytes at a time (ASCII letters are alphabetic, and
    // upper case, exactly when `char`'s Unicode tests say so).
    let (mut letters, mut small, mut high) = (0u8, 0u64, 0u64);
    let mut count = |x: u64| {
        high |= x;
        let (l, caps) = ascii_letters(x);
        small |= l & !caps;
        letters = match l {
            0 => letters,
            _ if l & (l - 1) == 0 => (letters + 1).min(2),
            _ => 2,
        };
    };
    // (The last 1 to 7 bytes padded with zeros from two overlapping loads,
    // not byte by byte.)
    hash::each_u64(b, &mut count);
    if high & HI == 0 {
        let starts_upper = b.first().is_some_and(u8::is_ascii_uppercase);
        return (letters, small == 0, starts_upper);
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).take(2).count() as u8;
    let all_upper = w
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    (letters, all_upper, w.starts_with(char::is_uppercase))
}

/// Classify a sentence's casing.
pub fn line_case(words: &[&str]) -> LineCase {
    let mut n = 0;
    let mut upper = 0;
    let mut cap = 0;
    let mut func_cap = 0;
    for (k, w) in words.iter().enumerate() {
        let (letters, all_upper, starts_upper) = word_case(w);
        if letters == 0 {
            continue;
        }
        n += 1;
        if letters >= 2 && all_upper {
            upper += 1;
        }
        if starts_upper {
            cap += 1;
            if is_function_word(w) {
                func_cap += 1;
            }
        }
        // Most lines are ordinary: once even all the words left (`most`
        // words with letters in all) could not make 80 % capitals or 75 %
        // capitalised, the line is neither (`Normal`, as the whole count
        // would find): about half the words are not looked at (seed
        // bundle 33.29 → 33.12 M instructions, BASIL 1,522.7 → 1,513.2 M).
        let most = n + (words.len() - k - 1);
        if (n - upper) * 10 > most * 2 && (n - cap) * 4 > most {
            return LineCase::Normal;
        }
    }
    case_of_counts(words, n, upper, cap, func_cap)
}

/// The casing of the line `words` whose `n` words with letters have
/// `upper` all in capitals (of two letters or more), `cap` capitalised,
/// `func_cap` of them function words.
fn case_of_counts(words: &[&str], n: usize, upper: usize, cap: usize, func_cap: usize) -> LineCase {
    if n > 0 && upper * 10 >= n * 8 && (n >= 2 || words.len() <= 3) {
        return LineCase::Caps;
    }
    let ends_period = words.last().is_some_and(|w| *w == ".");
    if n >= 3 && cap * 4 >= n * 3 && (func_cap > 0 || (cap == n && n >= 4 && !ends_period)) {
        return LineCase::Title;
    }
    LineCase::Normal
}

/// `word` lowercased (as `str::to_lowercase`) into `buf`; `ascii`:
/// whether `word` is ASCII.
fn lower_into(word: &str, ascii: bool, buf: &mut String) {
    buf.clear();
    if ascii {
        // Copied and folded in place (a byte loop), not pushed character
        // by character.
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&word.to_lowercase());
    }
}

/// Lowercase with ASCII digits folded to `0`, into `buf`.
fn fold_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        // The same result byte by byte, without the per-character
        // `to_lowercase` iterator (most words are ASCII).
        buf.extend(word.bytes().map(|b| {
            char::from(if b.is_ascii_digit() {
                b'0'
            } else {
                b.to_ascii_lowercase()
            })
        }));
        return;
    }
    buf.extend(word.chars().flat_map(char::to_lowercase).map(|c| {
        if c.is_ascii_digit() {
            '0'
        } else {
            c
        }
    }));
}

/// `word` in capitals (as `str::to_uppercase`) into `buf`; `ascii`:
/// whether `word` is ASCII.
fn upper_into(word: &str, ascii: bool, buf: &mut String) {
    buf.clear();
    if ascii {
        buf.push_str(word);
        buf.make_ascii_uppercase();
    } else {
        buf.push_str(&word.to_uppercase());
    }
}

/// The attributes of a token that depend only on its text and on whether
/// its line is in Title Case (cached per document).
fn lexical(lex: &Lexicon, w: &str, title: bool, bufs: &mut [String; 5]) -> Attr {
    let [lower, form_buf, lw, long, short] = bufs;
    let traits = ascii_traits(w.as_bytes());
    let ascii = traits.is_some();
    lower_into(w, ascii, lower);
    let form: &str = if title {
        upper_into(w, ascii, form_buf);
        form_buf
    } else {
        w
    };
    // (The capitals of an ASCII word are ASCII.)
    let (shape, sshape) = shape_hashes(form, ascii, long, short);
    // The lowercase form's hashes (`lw` too when it is that form: an
    // ASCII word without digits) in one pass over its bytes, and the
    // form's as written and for its cluster in another; with the affixes
    // below, seed bundle 32.59 → 32.12 M instructions, BASIL 1,494.7 →
    // 1,485.6 M (one hash per pass and affix before).
    let plain = traits.as_ref().is_some_and(|t| !t.digit);
    let (lw, key, gh) = if plain {
        let [lw, key, gh] = hash::bytes_seeds([2, 3, lexicon::SEED_GAZ], lower.as_bytes());
        (lw, key, gh)
    } else {
        let [key, gh] = hash::bytes_seeds([3, lexicon::SEED_GAZ], lower.as_bytes());
        fold_into(w, lw);
        (hash::str(2, lw), key, gh)
    };
    let [w_hash, cluster_key] = hash::bytes_seeds([1, lexicon::SEED_WORD], form.as_bytes());
    let mut affixes = [0u64; 8];
    let mut n_affixes = 0u8;
    let has_letter = match &traits {
        Some(t) => t.letter,
        None => lower.chars().any(char::is_alphabetic),
    };
    // (The lowercase form of an ASCII word is ASCII.)
    if has_letter && ascii {
        // Prefixes and suffixes of 1..=4 characters (bytes, in ASCII),
        // hashed from the word of the first or the last 8 bytes they are
        // bits of ([`hash::short`]), not each read again.
        let b = lower.as_bytes();
        let (first, last, m) = match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
            (Some(f), Some(l)) => (u64::from_le_bytes(*f), u64::from_le_bytes(*l), 8),
            _ => {
                let x = hash::tail(b);
                (x, x, b.len())
            }
        };
        for k in 1..b.len().min(5) {
            let prefix = first & (u64::MAX >> (64 - 8 * k));
            let suffix = last >> (8 * (m - k));
            affixes[2 * k - 2] = hash::short(k as u64, k, prefix);
            affixes[2 * k - 1] = hash::short(100 + k as u64, k, suffix);
            n_affixes += 2;
        }
    } else if has_letter {
        // The same over characters.
        let nc = lower.chars().count();
        for k in 1..=4usize {
            if nc > k {
                let pe = lower.char_indices().nth(k).map_or(lower.len(), |x| x.0);
                let ss = lower.char_indices().nth(nc - k).map_or(0, |x| x.0);
                affixes[usize::from(n_affixes)] = hash::str(k as u64, &lower[..pe]);
                affixes[usize::from(n_affixes) + 1] = hash::str(100 + k as u64, &lower[ss..]);
                n_affixes += 2;
            }
        }
    }
    Attr {
        w: w_hash,
        w_lex: w_hash,
        lw,
        key,
        shape,
        sshape,
        affixes,
        n_affixes,
        clus: lex.cluster_keyed(form, cluster_key),
        lclus: if xf(128) && lower.as_str() != form {
            lex.words.get(&lexicon::word_key(lower)).copied()
        } else {
            None
        },
        caps: match &traits {
            Some(t) if !title => t.caps,
            _ => caps_class(form),
        },
        has_letter,
        gh,
        gaz_alone: {
            let (flags, longer) =
                lex.gaz_lookup(lexicon::gaz_key_push_hash(lexicon::gaz_key_start(), gh));
            flags | if longer { GAZ_PREFIX } else { 0 }
        },
        ..Attr::default()
    }
}

/// Word types whose lexical attributes a [`LexCache`] keeps.
const LEX_CACHE_TYPES: usize = 8192;

/// The lexical attributes of word types, kept between documents (the same
/// words recur in every article). Exact: they depend on nothing but the
/// word, its line casing (both in the key, [`Attr::wh`]) and the lexicon
/// (`owner`).
#[derive(Default)]
pub struct LexCache {
    owner: u64,
    index: HashMap64<u32>,
    types: Vec<CachedType>,
    /// Word types kept at most ([`LEX_CACHE_TYPES`] when 0; tests set
    /// fewer).
    capacity: usize,
}

/// A word type in a [`LexCache`].
struct CachedType {
    /// What `lexical` gives, with [`Attr::wh`] set (the type's key).
    attr: Attr,
    /// The casing class of the word as written.
    caps: u8,
    /// Documents that used the type since it was cached (halved each time
    /// the cache is thinned out).
    docs: u32,
}

impl LexCache {
    /// Room for as many word types as the cache keeps (see
    /// `TypeCache::reserve` in the tagger); nothing when it has room
    /// already.
    pub fn reserve(&mut self) {
        let capacity = self.limit();
        if self.types.capacity() < capacity {
            self.types
                .reserve_exact(capacity.saturating_sub(self.types.len()));
            self.index
                .reserve(capacity.saturating_sub(self.index.len()));
        }
    }

    /// Word types kept at most.
    fn limit(&self) -> usize {
        match self.capacity {
            0 => LEX_CACHE_TYPES,
            c => c,
        }
    }

    /// Make room for the word types of a document of `tokens` tokens (at
    /// most that many new ones). When full, keep the types that served two
    /// documents or more since they were cached or last kept, the words
    /// that recur from article to article ("the", "said", "Ukraine"),
    /// instead of computing them all again; the rest goes (on BASIL the
    /// types computed drop from ≈ 27,000 to ≈ 19,000). Everything goes
    /// when those would still fill most of it.
    fn make_room(&mut self, lex: &Lexicon, tokens: usize) {
        let capacity = self.limit();
        if self.owner != lex.id() {
            self.owner = lex.id();
            self.index.clear();
            self.types.clear();
        }
        if self.types.len() + tokens <= capacity {
            return;
        }
        self.index.clear();
        self.types.retain_mut(|t| {
            let keep = t.docs >= 2;
            t.docs /= 2;
            keep
        });
        if self.types.len() + tokens > capacity || self.types.len() > capacity / 4 * 3 {
            self.types.clear();
        }
        for (x, t) in self.types.iter().enumerate() {
            self.index.insert(t.attr.wh, x as u32);
        }
    }
}

/// An empty map with room for `n` entries.
fn with_capacity<V>(n: usize) -> HashMap64<V> {
    HashMap64::with_capacity_and_hasher(n, Default::default())
}

/// Compute token attributes for a document.
pub fn attrs(lex: &Lexicon, doc: &Doc) -> Vec<Attr> {
    attrs_cached(lex, doc, &line_cases(doc), &mut LexCache::default())
}

/// The [`line_case`] of each sentence of `doc` (`Normal` for a sentence
/// whose range is off its words).
pub fn line_cases(doc: &Doc) -> Vec<LineCase> {
    doc.sentences
        .iter()
        .map(|s| doc.words.get(s.clone()).map_or(LineCase::Normal, line_case))
        .collect()
}

/// [`attrs`], with the lexical attributes of word types from (and added to)
/// `cache`, and the casing of each sentence given (`line_cases(doc)`; the
/// NER stage needs it too, and it took ≈ 4 % of the stage's instructions).
pub fn attrs_cached(
    lex: &Lexicon,
    doc: &Doc,
    cases: &[LineCase],
    cache: &mut LexCache,
) -> Vec<Attr> {
    cache.make_room(lex, doc.words.len());
    let n = doc.words.len();
    let mut out: Vec<Attr> = Vec::with_capacity(n);
    // The maps below have at most one entry per word type; sized for the
    // types of a news text (about half its tokens), they rarely grow.
    let room = n / 2;
    let mut line_of = vec![LineCase::Normal; n];
    let mut initial = vec![false; n];
    for (si, s) in doc.sentences.iter().enumerate() {
        let Some(ws) = doc.words.get(s.clone()) else {
            continue;
        };
        let case = cases.get(si).copied().unwrap_or_else(|| line_case(ws));
        for i in s.clone() {
            line_of[i] = case;
        }
        // The first word-like token (after quotes/brackets) is initial.
        if let Some(k) = s
            .clone()
            .find(|&i| doc.words[i].chars().any(char::is_alphanumeric))
        {
            initial[k] = true;
        }
    }
    // The same word in the same kind of line has the same lexical
    // attributes: compute them once per document. Each new word type also
    // gets the dense id of its lowercased form (`key_id`), which indexes
    // the document statistics below.
    let mut seen: HashMap64<u32> = with_capacity(room);
    let mut key_ids: HashMap64<u32> = with_capacity(room);
    let mut raw_caps: Vec<u8> = Vec::with_capacity(n);
    let mut bufs: [String; 5] = Default::default();
    let mut types = 0u32;
    // Document casing statistics over ordinary sentences, per lowercased
    // form: occurrences in lower case, and capitalised mid-sentence.
    let mut lc: Vec<(u32, u32)> = Vec::with_capacity(room);
    for (i, w) in doc.words.iter().enumerate() {
        let title = line_of[i] == LineCase::Title;
        let wh = hash::str(u64::from(title), w);
        let mut a = match seen.entry(wh) {
            Entry::Occupied(e) => {
                let j = *e.get() as usize;
                raw_caps.push(raw_caps[j]);
                out[j].clone_lexical()
            }
            Entry::Vacant(e) => {
                e.insert(i as u32);
                let (mut a, caps) = match cache.index.get(&wh) {
                    Some(&x) => {
                        let t = &mut cache.types[x as usize];
                        t.docs = t.docs.saturating_add(1);
                        (t.attr.clone_lexical(), t.caps)
                    }
                    None => {
                        let a = lexical(lex, w, title, &mut bufs);
                        let caps = if title { caps_class(w) } else { a.caps };
                        cache.index.insert(wh, cache.types.len() as u32);
                        let mut attr = a.clone_lexical();
                        attr.wh = wh;
                        cache.types.push(CachedType {
                            attr,
                            caps,
                            docs: 1,
                        });
                        (a, caps)
                    }
                };
                raw_caps.push(caps);
                a.lex_id = types;
                a.wh = wh;
                types += 1;
                let next = lc.len() as u32;
                a.key_id = *key_ids.entry(a.key).or_insert(next);
                if a.key_id == next {
                    lc.push((0, 0));
                }
                a
            }
        };
        let caps = raw_caps[i];
        if line_of[i] == LineCase::Normal && !initial[i] {
            let e = &mut lc[a.key_id as usize];
            // (`has_letter`: whether the lowercased word has a letter, as
            // the word itself has; a test checks every character.)
            if caps == 0 && a.has_letter {
                e.0 += 1;
            } else if caps > 0 {
                e.1 += 1;
            }
        }
        a.sent_initial = initial[i];
        a.line = line_of[i] as u8;
        out.push(a);
    }
    let keys = lc.len();
    // In headline lines the word feature uses the form the word has in the
    // body of the document, when it occurs there ("BAKER" → "Baker").
    let mut body_form: Vec<Option<u64>> = vec![None; keys];
    for i in 0..n {
        if line_of[i] == LineCase::Normal && !initial[i] {
            // (In an ordinary line `w_lex` is this hash of the word as
            // written.)
            body_form[out[i].key_id as usize].get_or_insert(out[i].w_lex);
        }
    }
    for (i, a) in out.iter_mut().enumerate() {
        if line_of[i] != LineCase::Normal {
            if let Some(h) = body_form[a.key_id as usize] {
                a.w = h;
            }
        }
    }
    // Context aggregation over other occurrences of capitalised words:
    // their positions grouped by lowercased form (a counting sort by
    // `key_id`: each group in document order).
    context_aggregation(doc, &mut out, keys);
    // Document flags, leaving out the token's own contribution.
    for (i, a) in out.iter_mut().enumerate() {
        if a.caps == 0 && !matches!(line_of[i], LineCase::Title) {
            continue;
        }
        let (l, c) = lc[a.key_id as usize];
        let own_mid = line_of[i] == LineCase::Normal && !initial[i] && raw_caps[i] > 0;
        let c = c - u32::from(own_mid && c > 0);
        a.doc = u8::from(l > 0) | (u8::from(c > 0) << 1);
    }
    gazetteer(lex, doc, &mut out);
    out
}

/// Set [`Attr::ctx`] of every capitalised token whose lowercased form
/// occurs capitalised more than once: the words beside the form's other
/// occurrences (of its first 16), hashed with their side, sorted, without
/// repeats, at most 8. `keys` is the number of distinct `key_id`s.
fn context_aggregation(doc: &Doc, out: &mut [Attr], keys: usize) {
    let qualifies = |a: &Attr| a.caps != 0 && a.has_letter;
    // Start of each key's group in `order`, then its fill position.
    let mut start = vec![0u32; keys + 1];
    for a in out.iter().filter(|a| qualifies(a)) {
        if let Some(c) = start.get_mut(a.key_id as usize + 1) {
            *c += 1;
        }
    }
    for k in 0..keys {
        start[k + 1] += start[k];
    }
    let total = start[keys] as usize;
    if total < 2 {
        return;
    }
    let mut fill = start.clone();
    let mut order = vec![0u32; total];
    for (i, a) in out.iter().enumerate() {
        if qualifies(a) {
            if let Some(p) = fill.get_mut(a.key_id as usize) {
                order[*p as usize] = i as u32;
                *p += 1;
            }
        }
    }
    let mut sent_of = vec![0..0; out.len()];
    for s in &doc.sentences {
        for i in s.clone() {
            if let Some(x) = sent_of.get_mut(i) {
                *x = s.clone();
            }
        }
    }
    // The context features of a group's first occurrences, by value.
    let mut feats: Vec<(u64, u32)> = Vec::with_capacity(32);
    for k in 0..keys {
        let group = &order[start[k] as usize..start[k + 1] as usize];
        if group.len() < 2 {
            continue;
        }
        feats.clear();
        for &j in group.iter().take(16) {
            let j = j as usize;
            let s = &sent_of[j];
            let side = |x: Option<usize>| match x {
                Some(x) if s.contains(&x) => out_lw(out, x),
                _ => BOUNDARY,
            };
            feats.push((hash::pair(1, side(j.checked_sub(1))), j as u32));
            feats.push((hash::pair(2, side(Some(j + 1))), j as u32));
        }
        feats.sort_unstable();
        // The values of the features of occurrences other than `i`, the
        // smallest 8 distinct.
        let ctx_of = |i: Option<u32>| -> Vec<u64> {
            let mut v: Vec<u64> = Vec::with_capacity(8);
            for &(h, j) in &feats {
                if Some(j) != i && v.last() != Some(&h) {
                    if v.len() == 8 {
                        break;
                    }
                    v.push(h);
                }
            }
            v
        };
        for &i in group.iter().take(16) {
            out[i as usize].ctx = ctx_of(Some(i));
        }
        if group.len() > 16 {
            // Occurrences past the first 16 add no features: all see the
            // same.
            let v = ctx_of(None);
            for &i in &group[16..] {
                out[i as usize].ctx = v.clone();
            }
        }
    }
}

impl Attr {
    /// A copy of the lexical attributes only (see `lexical`).
    fn clone_lexical(&self) -> Attr {
        Attr {
            w: self.w,
            w_lex: self.w_lex,
            lw: self.lw,
            key: self.key,
            shape: self.shape,
            sshape: self.sshape,
            affixes: self.affixes,
            n_affixes: self.n_affixes,
            clus: self.clus,
            caps: self.caps,
            has_letter: self.has_letter,
            gh: self.gh,
            gaz_alone: self.gaz_alone,
            lclus: self.lclus,
            lex_id: self.lex_id,
            wh: self.wh,
            key_id: self.key_id,
            ..Attr::default()
        }
    }
}

fn out_lw(out: &[Attr], j: usize) -> u64 {
    out.get(j).map_or(BOUNDARY, |a| a.lw)
}

/// Mark gazetteer hits: single-token flags and the longest place match.
fn gazetteer(lex: &Lexicon, doc: &Doc, out: &mut [Attr]) {
    if lex.gaz.is_empty() {
        return;
    }
    for s in &doc.sentences {
        let end = s.end.min(out.len());
        let mut i = s.start;
        while i < end {
            // The word alone, as its type's attributes have it; longer
            // entries looked up only when one starts with it.
            let alone = out[i].gaz_alone;
            out[i].gaz = alone & (GAZ_FIRST | GAZ_LAST | GAZ_NAT | GAZ_LOC);
            let mut best = usize::from(alone & GAZ_LOC != 0);
            if alone & GAZ_PREFIX != 0 {
                let mut key = lexicon::gaz_key_push_hash(lexicon::gaz_key_start(), out[i].gh);
                let mut j = i + 1;
                while j < end && j - i < GAZ_MAX_TOKENS {
                    key = lexicon::gaz_key_push_hash(key, out[j].gh);
                    let (flags, longer) = lex.gaz_lookup(key);
                    if flags & GAZ_LOC != 0 {
                        best = j + 1 - i;
                    }
                    j += 1;
                    if !longer {
                        break;
                    }
                }
            }
            if best > 0 && out[i].has_letter {
                if best == 1 {
                    out[i].gaz_pos = 4;
                } else {
                    for k in 0..best {
                        out[i + k].gaz_pos = if k == 0 {
                            1
                        } else if k + 1 == best {
                            3
                        } else {
                            2
                        };
                    }
                }
                i += best;
            } else {
                i += 1;
            }
        }
    }
}

/// First-stage labels of a document, used by the second-stage features.
#[derive(Debug, Clone, Default)]
pub struct Stage1 {
    pub labels: Vec<Label>,
    /// For each token: type counts (+ O) over *other* occurrences of its
    /// lowercased form that are capitalised.
    agg: Vec<[u16; NUM_TYPES + 1]>,
    /// Occurrences inside multi-token entities, per type.
    multi: Vec<[u16; NUM_TYPES]>,
    prev: Vec<Option<Label>>,
    /// Type counts (+ O) of the earlier occurrences of the word within the
    /// last 1000 tokens (prediction history).
    hist: Vec<[u16; NUM_TYPES + 1]>,
}

impl Stage1 {
    /// Aggregate first-stage `labels` over the document.
    pub fn new(attrs: &[Attr], labels: Vec<Label>) -> Stage1 {
        let n = attrs.len().min(labels.len());
        // Per lowercased form ([`Attr::key_id`]): label counts over its
        // capitalised occurrences, and the label of the latest one.
        let keys = attrs[..n]
            .iter()
            .map(|a| a.key_id as usize + 1)
            .max()
            .unwrap_or(0);
        let mut total = vec![([0u16; NUM_TYPES + 1], [0u16; NUM_TYPES]); keys];
        let mut last: Vec<Option<Label>> = vec![None; keys];
        let mut prev = vec![None; n];
        for i in 0..n {
            let a = &attrs[i];
            if a.caps == 0 || !a.has_letter {
                continue;
            }
            let k = a.key_id as usize;
            let e = &mut total[k];
            let l = labels[i];
            match l.entity_type() {
                Some(t) => {
                    e.0[t] = e.0[t].saturating_add(1);
                    if !l.is_single() {
                        e.1[t] = e.1[t].saturating_add(1);
                    }
                }
                None => e.0[NUM_TYPES] = e.0[NUM_TYPES].saturating_add(1),
            }
            prev[i] = last[k].replace(l);
        }
        let mut agg = vec![[0u16; NUM_TYPES + 1]; n];
        let mut multi = vec![[0u16; NUM_TYPES]; n];
        for i in 0..n {
            let a = &attrs[i];
            if a.caps == 0 || !a.has_letter {
                continue;
            }
            let (mut t, mut m) = total[a.key_id as usize];
            let l = labels[i];
            match l.entity_type() {
                Some(k) => {
                    t[k] = t[k].saturating_sub(1);
                    if !l.is_single() {
                        m[k] = m[k].saturating_sub(1);
                    }
                }
                None => t[NUM_TYPES] = t[NUM_TYPES].saturating_sub(1),
            }
            agg[i] = t;
            multi[i] = m;
        }
        let mut hist = vec![[0u16; NUM_TYPES + 1]; n];
        if xf(64) {
            let mut seen: Vec<Vec<(usize, usize)>> = vec![Vec::new(); keys];
            for i in 0..n {
                let a = &attrs[i];
                if !a.has_letter {
                    continue;
                }
                let list = &mut seen[a.key_id as usize];
                for &(j, t) in list.iter().rev() {
                    if i - j > 1000 {
                        break;
                    }
                    hist[i][t] = hist[i][t].saturating_add(1);
                }
                list.push((i, labels[i].entity_type().unwrap_or(NUM_TYPES)));
            }
        }
        Stage1 {
            labels,
            agg,
            multi,
            prev,
            hist,
        }
    }
}

/// Append the features of token `i` (in sentence `s`) to `out`: the local
/// ones, and with `stage1` labels also the second-stage ones.
pub fn features(
    lex: &Lexicon,
    attrs: &[Attr],
    s: &Range<usize>,
    i: usize,
    stage1: Option<&Stage1>,
    out: &mut Vec<u64>,
) {
    local_features(lex, attrs, s, i, out);
    if let Some(st) = stage1 {
        stage2_features(st, attrs, s, i, out);
    }
}

/// Append the first-stage (local and document) features of token `i`.
pub fn local_features(
    lex: &Lexicon,
    attrs: &[Attr],
    s: &Range<usize>,
    i: usize,
    out: &mut Vec<u64>,
) {
    let Some(a) = attrs.get(i) else {
        return;
    };
    self_features(lex, a, out);
    for (k, d) in NEIGHBOURS.into_iter().enumerate() {
        neighbour_features(lex, at(attrs, s, i, d), k, out);
    }
    context_features(attrs, s, i, out);
}

/// Offsets of the neighbours that [`neighbour_features`] describe.
pub const NEIGHBOURS: [isize; 4] = [-2, -1, 1, 2];

/// The token at offset `d` from `i` inside sentence `s`.
#[inline]
pub fn at<'a>(attrs: &'a [Attr], s: &Range<usize>, i: usize, d: isize) -> Option<&'a Attr> {
    let j = i as isize + d;
    if j < s.start as isize || j >= s.end as isize {
        None
    } else {
        attrs.get(j as usize)
    }
}

/// The features of a token that depend only on its text and on the casing
/// of its line, i.e. on [`Attr::lex_id`] (and the bias, which every token
/// has: the tagger caches its row with the word type's instead of looking
/// it up for every token).
pub fn self_features(lex: &Lexicon, a: &Attr, out: &mut Vec<u64>) {
    self_features_with(lex, a, true, out);
}

/// [`self_features`], leaving out the [`cluster_features`] of the word's
/// cluster and its [`shape_features`] unless `whole` (the tagger sums
/// those once per cluster and short shape).
pub fn self_features_with(lex: &Lexicon, a: &Attr, whole: bool, out: &mut Vec<u64>) {
    if whole {
        out.extend_from_slice(&[
            f(T_BIAS, 0),
            f(T_LW, a.lw),
            f(T_SHAPE, a.shape),
            f(T_SSHAPE, a.sshape),
        ]);
    } else {
        out.extend_from_slice(&[f(T_LW, a.lw), f(T_SHAPE, a.shape)]);
    }
    // (One capacity check for all, not one per affix.)
    let affixes = a.affixes.get(..usize::from(a.n_affixes)).unwrap_or(&[]);
    out.extend(affixes.iter().map(|&h| f(T_AFFIX, h)));
    match a.clus {
        Some(c) => {
            if whole {
                cluster_features(lex, c, CLUSTER_OWN, out);
            }
        }
        None => out.push(f(T_NOCLUS, u64::from(a.caps))),
    }
    if xf(128) && a.caps != 0 {
        match a.lclus.and_then(|c| lex.path_prefix.get(usize::from(c))) {
            Some(p) => {
                for h in &p[..2] {
                    out.push(f(T_LCLUS, *h));
                }
            }
            None => out.push(f(T_LCLUS, 0)),
        }
    }
}

/// The places of a word whose Brown cluster gives features
/// ([`cluster_features`]): the word itself, then the neighbours at
/// [`NEIGHBOURS`]`[1]` and `[2]` (-1 and +1).
pub const CLUSTER_PLACES: usize = 3;
/// The word itself, of [`CLUSTER_PLACES`].
pub const CLUSTER_OWN: usize = 0;

/// The features that Brown cluster `c` gives a token when it is the
/// cluster of the word at place `place` of [`CLUSTER_PLACES`] (the token
/// itself, or its neighbour at `NEIGHBOURS[place]`); they depend on the
/// cluster alone.
pub fn cluster_features(lex: &Lexicon, c: u16, place: usize, out: &mut Vec<u64>) {
    let Some(p) = lex.path_prefix.get(usize::from(c)) else {
        return;
    };
    if place == CLUSTER_OWN {
        out.extend(p.iter().map(|&h| f(T_CLUS, h)));
    } else if place < CLUSTER_PLACES {
        out.extend(
            p.iter()
                .enumerate()
                .map(|(m, &h)| f(T_CLUS_AT + ((place - 1) * 4 + m) as u64, h)),
        );
    }
}

/// The features that the neighbour `b` at offset [`NEIGHBOURS`]`[k]` gives
/// a token (`None`: past the sentence boundary); they depend only on `b`'s
/// [`Attr::lex_id`].
pub fn neighbour_features(lex: &Lexicon, b: Option<&Attr>, k: usize, out: &mut Vec<u64>) {
    neighbour_features_with(lex, b, k, true, out);
}

/// [`neighbour_features`] of a word `b`, leaving out the
/// [`cluster_features`] of `b`'s cluster and its [`shape_features`] unless
/// `whole`.
pub fn neighbour_features_with(
    lex: &Lexicon,
    b: Option<&Attr>,
    k: usize,
    whole: bool,
    out: &mut Vec<u64>,
) {
    let (lw, ss) = b.map_or((BOUNDARY, BOUNDARY), |b| (b.lw, b.sshape));
    if whole {
        // (One capacity check for the pair, not two.)
        out.extend_from_slice(&[f(T_LW_AT + k as u64, lw), f(T_SS_AT + k as u64, ss)]);
    } else {
        out.push(f(T_LW_AT + k as u64, lw));
    }
    if whole && (k == 1 || k == 2) {
        if let Some(c) = b.and_then(|b| b.clus) {
            cluster_features(lex, c, k, out);
        }
    }
}

/// The other first-stage features of token `i`: the word itself, n-grams
/// across the window, gazetteer matches, document and line context.
pub fn context_features(attrs: &[Attr], s: &Range<usize>, i: usize, out: &mut Vec<u64>) {
    context_features_with(attrs, s, i, true, out);
}

/// [`context_features`], leaving out the [`placed_features`] unless
/// `placed` (the tagger adds those from its per-type sums for most tokens).
pub fn context_features_with(
    attrs: &[Attr],
    s: &Range<usize>,
    i: usize,
    placed: bool,
    out: &mut Vec<u64>,
) {
    let Some(a) = attrs.get(i) else {
        return;
    };
    let at = |d: isize| at(attrs, s, i, d);
    if placed {
        out.push(f(T_W, a.w));
    }
    let (p, n) = (at(-1), at(1));
    let lw1 = p.map_or(BOUNDARY, |b| b.lw);
    let lw3 = n.map_or(BOUNDARY, |b| b.lw);
    let ss1 = p.map_or(BOUNDARY, |b| b.sshape);
    let ss3 = n.map_or(BOUNDARY, |b| b.sshape);
    // (One capacity check for the three, not three: the fixed runs of
    // pushes here and in the other feature functions written as slices
    // take ≈ 0.13 M fewer of the seed bundle's 35.2 M instructions.)
    out.extend_from_slice(&[
        f(T_BI_L, hash::pair(lw1, a.lw)),
        f(T_BI_R, hash::pair(a.lw, lw3)),
        f(T_SS3, hash::pair(hash::pair(ss1, a.sshape), ss3)),
    ]);
    for (k, b) in [p, n].into_iter().enumerate() {
        if let Some(b) = b {
            if b.gaz != 0 || b.gaz_pos != 0 {
                out.push(f(
                    T_GAZ_AT + k as u64,
                    u64::from(b.gaz) | (u64::from(b.gaz_pos) << 8) | (u64::from(b.caps) << 16),
                ));
            }
        }
    }
    for &c in &a.ctx {
        out.push(f(T_CTX, c));
    }
    if let Some(b) = p.filter(|_| placed) {
        out.push(f(T_W_PREV, b.w));
    }
    let x = xf_bits();
    if x & 1 != 0 {
        let c = |b: Option<&Attr>| b.map_or(15, |b| u64::from(b.caps));
        out.push(f(T_CAPS3, c(p) | u64::from(a.caps) << 4 | c(n) << 8));
    }
    if x & 2 != 0 {
        out.extend_from_slice(&[
            f(T_SSP_W, hash::pair(ss1, a.lw)),
            f(T_W_SSN, hash::pair(a.lw, ss3)),
        ]);
    }
    if x & 4 != 0 {
        out.push(f(T_SKIP, hash::pair(lw1, lw3)));
    }
    if x & 8 != 0 {
        if let Some(b) = n {
            out.push(f(T_W_NEXT, b.w));
        }
    }
    let caps = u64::from(a.caps);
    // (Not lexical: a token inside a longer place match keeps no flags.)
    for bit in [GAZ_FIRST, GAZ_LAST, GAZ_NAT, GAZ_LOC] {
        if a.gaz & bit != 0 {
            out.push(f(T_GAZ, u64::from(bit) | (caps << 8)));
        }
    }
    if a.gaz_pos != 0 {
        out.push(f(T_GAZPOS, u64::from(a.gaz_pos) | (caps << 8)));
    }
    if a.caps != 0 {
        out.push(f(
            T_DOC,
            u64::from(a.doc) | (caps << 8) | (u64::from(a.sent_initial) << 16),
        ));
    }
    if placed {
        out.extend_from_slice(&[
            f(T_INIT, hash::pair(u64::from(a.sent_initial), a.sshape)),
            f(T_LINE, hash::pair(u64::from(a.line), a.sshape)),
        ]);
    }
}

/// The features of token `a` (with left neighbour `p`) that depend on its
/// word type and the neighbour's, and on where the token stands: its word
/// and the neighbour's as they count in this document (a headline word in
/// its body form), and whether it opens its sentence and the line's
/// casing, each with its short shape. In the same order as
/// [`context_features`] gives them.
pub fn placed_features(a: &Attr, p: Option<&Attr>, out: &mut Vec<u64>) {
    out.push(f(T_W, a.w));
    if let Some(b) = p {
        out.push(f(T_W_PREV, b.w));
    }
    out.extend_from_slice(&[
        f(T_INIT, hash::pair(u64::from(a.sent_initial), a.sshape)),
        f(T_LINE, hash::pair(u64::from(a.line), a.sshape)),
    ]);
}

/// Whether token `a` stands in an ordinary place: in a line of ordinary
/// casing, not first in its sentence. There its [`placed_features`] are
/// [`ordinary_own_features`] and its left neighbour's
/// [`ordinary_prev_features`], which depend on the word types only (in an
/// ordinary line no word takes a body form, and the neighbour shares the
/// line).
pub fn in_ordinary_place(a: &Attr) -> bool {
    a.line == LineCase::Normal as u8 && !a.sent_initial
}

/// [`placed_features`] of a token of `a`'s word type in an ordinary place
/// ([`in_ordinary_place`]), from the token itself; they depend only on
/// [`Attr::lex_id`].
pub fn ordinary_own_features(a: &Attr, out: &mut Vec<u64>) {
    out.extend_from_slice(&[
        f(T_W, a.w_lex),
        f(T_INIT, hash::pair(0, a.sshape)),
        f(T_LINE, hash::pair(LineCase::Normal as u64, a.sshape)),
    ]);
}

/// [`ordinary_own_features`], leaving out its [`shape_features`] unless
/// `whole`.
pub fn ordinary_own_features_with(a: &Attr, whole: bool, out: &mut Vec<u64>) {
    if whole {
        ordinary_own_features(a, out);
    } else {
        out.push(f(T_W, a.w_lex));
    }
}

/// The features of a word type that depend on its short shape `sshape`
/// alone, and the bias, which every word has: at `place` 0 those of
/// [`self_features`] and [`ordinary_own_features`], at `1 + k` that of
/// [`neighbour_features`] of the word as the neighbour [`NEIGHBOURS`]`[k]`.
pub fn shape_features(sshape: u64, place: usize, out: &mut Vec<u64>) {
    if place == 0 {
        out.extend_from_slice(&[
            f(T_BIAS, 0),
            f(T_SSHAPE, sshape),
            f(T_INIT, hash::pair(0, sshape)),
            f(T_LINE, hash::pair(LineCase::Normal as u64, sshape)),
        ]);
    } else if place <= NEIGHBOURS.len() {
        out.push(f(T_SS_AT + (place - 1) as u64, sshape));
    }
}

/// [`placed_features`] that the left neighbour `b` gives a token in an
/// ordinary place; they depend only on `b`'s [`Attr::lex_id`].
pub fn ordinary_prev_features(b: &Attr, out: &mut Vec<u64>) {
    out.push(f(T_W_PREV, b.w_lex));
}

/// Append the second-stage features of token `i` (what the first stage
/// decided here and about other occurrences of the word).
pub fn stage2_features(
    st: &Stage1,
    attrs: &[Attr],
    s: &Range<usize>,
    i: usize,
    out: &mut Vec<u64>,
) {
    stage2_features_with(st, attrs, s, i, true, true, out);
}

/// The second-stage feature of a word (its [`Attr::lw`]) with its own
/// first-stage label `value`: under `O`, most tokens' label, it depends on
/// the word type only (the tagger keeps its row with the type's sums).
pub fn stage1_word_feature(value: u64, lw: u64) -> u64 {
    f(T_S1_LW, hash::pair(value, lw))
}

/// The value of the first-stage label `O` in the second-stage features.
pub const STAGE1_O: u64 = Label::O.0 as u64;

/// Offsets of the first-stage labels around a token that
/// [`label_window_feature`] describes.
pub const LABEL_WINDOW: [isize; 3] = [-1, 0, 1];

/// The value the second stage gives a label past the sentence's edge.
pub const PAST_EDGE: u64 = 99;

/// The first-stage label at offset `d` from token `i` in sentence `s`, as
/// the second-stage features see it ([`PAST_EDGE`] outside the sentence).
pub fn stage1_label_at(st: &Stage1, s: &Range<usize>, i: usize, d: isize) -> u64 {
    let j = i as isize + d;
    if j < s.start as isize || j >= s.end as isize {
        return PAST_EDGE;
    }
    st.labels
        .get(j as usize)
        .map_or(PAST_EDGE, |l| u64::from(l.0))
}

/// The second-stage feature of first-stage label `value` at
/// [`LABEL_WINDOW`]`[k]` (a few dozen in all: the tagger looks them up
/// once).
pub fn label_window_feature(k: usize, value: u64) -> u64 {
    f(T_S1_AT + 100 * k as u64, value)
}

/// [`stage2_features`], leaving out the [`label_window_feature`]s unless
/// `window`, and the [`stage1_word_feature`] under a first-stage `O`
/// unless `word_under_o`.
pub fn stage2_features_with(
    st: &Stage1,
    attrs: &[Attr],
    s: &Range<usize>,
    i: usize,
    window: bool,
    word_under_o: bool,
    out: &mut Vec<u64>,
) {
    let label_at = |d: isize| stage1_label_at(st, s, i, d);
    if window {
        for (k, d) in LABEL_WINDOW.into_iter().enumerate() {
            out.push(label_window_feature(k, label_at(d)));
        }
    }
    let own = label_at(0);
    if word_under_o || own != STAGE1_O {
        out.push(stage1_word_feature(own, attrs[i].lw));
    }
    let x = xf_bits();
    if x & 16 != 0 {
        out.extend_from_slice(&[f(T_S1_AT2, label_at(-2)), f(T_S1_AT2 + 1000, label_at(2))]);
    }
    if x & 32 != 0 {
        out.extend_from_slice(&[
            f(T_S1P_SS, hash::pair(label_at(-1), attrs[i].sshape)),
            f(T_S1P_SS + 1000, hash::pair(label_at(1), attrs[i].sshape)),
        ]);
    }
    if x & 64 != 0 {
        if let Some(h) = st.hist.get(i) {
            let total: u32 = h.iter().map(|&x| u32::from(x)).sum();
            for (t, &c) in h.iter().enumerate() {
                if c > 0 {
                    let share = (u32::from(c) * 4 / total.max(1)).min(3);
                    out.push(f(T_HIST, (t as u64) << 4 | u64::from(share)));
                }
            }
        }
    }
    if let Some(agg) = st.agg.get(i) {
        let total: u32 = agg.iter().map(|&x| u32::from(x)).sum();
        if total > 0 {
            let mut best = NUM_TYPES;
            for t in 0..=NUM_TYPES {
                let c = u32::from(agg[t]);
                if c > 0 {
                    let bucket = if c * 2 > total {
                        2
                    } else if c * 5 >= total {
                        1
                    } else {
                        0
                    };
                    out.push(f(T_AGG, (t as u64) << 4 | bucket));
                }
                if agg[t] > agg[best] {
                    best = t;
                }
            }
            out.push(f(T_AGG_MAJ, best as u64 | (u64::from(attrs[i].caps) << 8)));
        }
    }
    if let Some(m) = st.multi.get(i) {
        for (t, &c) in m.iter().enumerate() {
            if c > 0 {
                out.push(f(T_AGG_MULTI, t as u64));
            }
        }
    }
    if let Some(Some(p)) = st.prev.get(i) {
        out.push(f(T_PREV_OCC, u64::from(p.0)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_caps() {
        assert_eq!(shapes("Oslo").0, "Xxxx");
        assert_eq!(shapes("Kovalenko").0, "Xxxxx");
        assert_eq!(shapes("Kovalenko").1, "Xx");
        assert_eq!(shapes("2025-02-13").1, "d-d-d");
        assert_eq!(caps_class("NATO"), 2);
        assert_eq!(caps_class("iPhone"), 3);
        assert_eq!(caps_class("Oslo"), 1);
        assert_eq!(caps_class("peace"), 0);
    }

    /// Words for the ASCII fast paths: every ASCII byte in words of every
    /// length around the 24 characters a shape keeps, and some beyond
    /// ASCII.
    fn sample_words() -> Vec<String> {
        let mut words: Vec<String> = [
            "",
            "a",
            "A",
            "NATO",
            "Nato",
            "iPhone",
            "U.S.",
            "AT&T",
            "2025",
            "3rd",
            "--",
            "'S",
            "x-ray",
            "McDonald",
            "aBBBBBBc",
            "ÉLYSÉE",
            "Élysée",
            "Zürich",
            "ǅx",
            "Σ",
            "日本",
            "ıstanbul",
            "ſtraße",
            "\0a",
            "a\0",
            "\0\0",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for c in 0..0x80u8 {
            for len in [1, 2, 5, 8, 23, 24, 25, 30] {
                let mut v: Vec<u8> = (0..len).map(|k| b"aaZZ..99xq"[k % 10]).collect();
                v[len / 2] = c;
                let mut w = String::from_utf8(v).unwrap_or_default();
                words.push(w.clone());
                w.insert(0, char::from(c));
                words.push(w);
            }
        }
        words
    }

    /// [`caps_class`] as first written, over characters.
    fn caps_class_chars(word: &str) -> u8 {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        let Some((first, rest)) = letters.split_first() else {
            return 0;
        };
        if first.is_uppercase() {
            if rest.iter().all(|c| c.is_uppercase()) {
                if rest.is_empty() {
                    1
                } else {
                    2
                }
            } else if rest.iter().all(|c| c.is_lowercase()) {
                1
            } else {
                3
            }
        } else if rest.iter().any(|c| c.is_uppercase()) {
            3
        } else {
            0
        }
    }

    #[test]
    fn ascii_fast_paths_agree_with_chars() {
        let (mut long, mut short) = (String::new(), String::new());
        let lex = Lexicon::default();
        let mut bufs: [String; 5] = Default::default();
        for w in &sample_words() {
            assert_eq!(caps_class(w), caps_class_chars(w), "{w:?}");
            let (l, s) = shapes(w);
            assert_eq!(
                shape_hashes(w, w.is_ascii(), &mut long, &mut short),
                (hash::str(4, &l), hash::str(5, &s)),
                "{w:?}"
            );
            assert_eq!(
                shape_hashes(w, false, &mut long, &mut short),
                (hash::str(4, &l), hash::str(5, &s)),
                "{w:?}"
            );
            assert_eq!(
                ascii_traits(w.as_bytes()).map(|t| (t.caps, t.letter, t.digit)),
                w.is_ascii().then(|| (
                    caps_class_chars(w),
                    w.chars().any(char::is_alphabetic),
                    w.chars().any(|c| c.is_ascii_digit())
                )),
                "{w:?}"
            );
            let mut lower = String::new();
            lower_into(w, w.is_ascii(), &mut lower);
            assert_eq!(lower, w.to_lowercase(), "{w:?}");
            upper_into(w, w.is_ascii(), &mut lower);
            assert_eq!(lower, w.to_uppercase(), "{w:?}");
            let fold: String = w
                .chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c.is_ascii_digit() { '0' } else { c })
                .collect();
            for title in [false, true] {
                let a = lexical(&lex, w, title, &mut bufs);
                assert_eq!(a.lw, hash::str(2, &fold), "{w:?}");
                let lower = w.to_lowercase();
                assert_eq!(a.key, hash::str(3, &lower), "{w:?}");
                assert_eq!(a.gh, lexicon::gaz_token_hash(&lower), "{w:?}");
                let form = if title { w.to_uppercase() } else { w.clone() };
                assert_eq!(a.w, hash::str(1, &form), "{w:?}");
                assert_eq!(a.has_letter, w.chars().any(char::is_alphabetic), "{w:?}");
            }
        }
    }

    #[test]
    fn a_character_is_a_letter_as_its_lowercase_form_is() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            assert_eq!(
                c.is_alphabetic(),
                c.to_lowercase().any(char::is_alphabetic),
                "{c:?}"
            );
        }
    }

    #[test]
    fn function_words_fast_path_agrees_with_list() {
        let reference = |w: &str| {
            FUNCTION_WORDS
                .iter()
                .any(|f| *f == w.to_lowercase().as_str())
        };
        let mut words: Vec<String> = Vec::new();
        for f in FUNCTION_WORDS {
            words.push(f.to_string());
            words.push(f.to_uppercase());
            let mut t = f.to_string();
            t[..1].make_ascii_uppercase();
            words.push(t);
            words.push(format!("{f}s"));
            words.push(f[1..].to_string());
        }
        for w in [
            "",
            "A",
            "Thé",
            "THE",
            "agAinst",
            "againsts",
            "Againstt",
            "x",
            "Ünd",
            "İn",
            "new-",
            "Says",
            "1",
            "AN.",
            "betweenness",
        ] {
            words.push(w.to_string());
        }
        for w in &words {
            assert_eq!(is_function_word(w), reference(w), "{w:?}");
        }
        assert_eq!(
            FUNCTION_WORDS.iter().map(|f| f.len()).max(),
            Some(FUNCTION_WORD_MAX)
        );
    }

    #[test]
    fn word_case_fast_path_agrees_with_chars() {
        let check = |w: &str| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count().min(2) as u8;
            let all_upper = w
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            let starts = w.starts_with(char::is_uppercase);
            assert_eq!(word_case(w), (letters, all_upper, starts), "{w:?}");
        };
        for w in [
            "", "a", "A", "NATO", "Nato", "iPhone", "U.S.", "AT&T", "2025", "3rd", "--", "'S",
            "ÉLYSÉE", "Élysée", "élysée", "Zürich", "ZÜRICH", "Ǆ", "ǅx", "Σ", "日本", "x日本",
        ] {
            check(w);
        }
        // Every ASCII byte, alone and in words of every length around the
        // 8-byte chunks.
        for c in 0..0x80u8 {
            let one = [c];
            check(std::str::from_utf8(&one).unwrap_or(""));
            for len in 1..20 {
                let mut v: Vec<u8> = (0..len).map(|k| b"aZ.q"[k % 4]).collect();
                v[len / 2] = c;
                let up: Vec<u8> = v.iter().map(u8::to_ascii_uppercase).collect();
                for v in [v, up] {
                    check(std::str::from_utf8(&v).unwrap_or(""));
                }
            }
        }
        // Bytes beyond ASCII anywhere in the eight, high ones last (their
        // sums once overflowed in debug builds).
        for w in [
            "ABCDEFGHé",
            "ABCDEFGHÉ",
            "abcdefgh日",
            "12345678-é",
            "abcdefg€",
            "ABCDEFG€",
            "abcdefgÿ",
            "Ｅｍ",
            "ǅabcdef",
            "𝐀bcdefgh€",
            "é",
        ] {
            check(w);
        }
    }

    /// The context aggregation as it was first written: a sort of all
    /// capitalised occurrences, and per occurrence the others' features
    /// filtered, sorted and deduplicated.
    /// The words of `text` (split at white space), a sentence ending at
    /// each word "." and one more of any words after the last.
    fn doc_of(text: &str) -> Doc<'_> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut sentences = Vec::new();
        let mut start = 0;
        for (i, w) in words.iter().enumerate() {
            if *w == "." {
                sentences.push(start..i + 1);
                start = i + 1;
            }
        }
        if start < words.len() {
            sentences.push(start..words.len());
        }
        Doc { words, sentences }
    }

    fn ctx_reference(doc: &Doc, out: &[Attr]) -> Vec<Vec<u64>> {
        let mut occ: Vec<(u32, usize)> = out
            .iter()
            .enumerate()
            .filter(|(_, a)| a.caps != 0 && a.has_letter)
            .map(|(i, a)| (a.key_id, i))
            .collect();
        occ.sort_unstable();
        let mut sent_of = vec![0..0; out.len()];
        for s in &doc.sentences {
            for i in s.clone() {
                sent_of[i] = s.clone();
            }
        }
        let side = |j: Option<usize>, s: &Range<usize>| match j {
            Some(j) if s.contains(&j) => out_lw(out, j),
            _ => BOUNDARY,
        };
        let mut ctx = vec![Vec::new(); out.len()];
        for group in occ.chunk_by(|x, y| x.0 == y.0) {
            if group.len() < 2 {
                continue;
            }
            let mut feats = Vec::new();
            for &(_, j) in group.iter().take(16) {
                let s = &sent_of[j];
                feats.push((j, hash::pair(1, side(j.checked_sub(1), s))));
                feats.push((j, hash::pair(2, side(Some(j + 1), s))));
            }
            for &(_, i) in group {
                let mut v: Vec<u64> = feats.iter().filter(|(j, _)| *j != i).map(|x| x.1).collect();
                v.sort_unstable();
                v.dedup();
                v.truncate(8);
                ctx[i] = v;
            }
        }
        ctx
    }

    #[test]
    fn context_aggregation_agrees_with_reference() {
        let lex = Lexicon::default();
        let mut text = String::new();
        // Many occurrences of a few names (past the 16 that give
        // features), in varied company, with repeated neighbours, at
        // sentence edges, in capitals and in a Title Case line.
        let names = ["Oslo", "Baker", "OSLO", "Élysée", "Kovalenko", "Moreau"];
        let others = ["said", "the", "in", ",", "Mr", "visited", "and", "'s"];
        for k in 0..140 {
            let name = names[(k * 7) % names.len()];
            let a = others[k % others.len()];
            let b = others[(k / 3) % others.len()];
            text.push_str(&format!("{name} {a} {b} {name} {b} . "));
            if k % 11 == 0 {
                text.push_str("Ministry Chief Says Baker Is Not Leaving Oslo . ");
            }
        }
        let doc = doc_of(&text);
        let out = attrs(&lex, &doc);
        let want = ctx_reference(&doc, &out);
        assert!(want.iter().any(|v| v.len() == 8));
        for (i, (a, w)) in out.iter().zip(&want).enumerate() {
            assert_eq!(&a.ctx, w, "token {i}");
        }
        // A document without repeated capitalised words.
        let doc = Doc {
            words: vec!["Oslo", "is", "far", "."],
            sentences: std::iter::once(0..4).collect(),
        };
        assert!(attrs(&lex, &doc).iter().all(|a| a.ctx.is_empty()));
        assert!(attrs(&lex, &Doc::default()).is_empty());
    }

    /// Gazetteer flags and place positions as first computed: every match
    /// looked up from its first token.
    fn gaz_reference(lex: &Lexicon, doc: &Doc, out: &[Attr]) -> Vec<(u8, u8)> {
        let mut r = vec![(0u8, 0u8); out.len()];
        for s in &doc.sentences {
            let end = s.end.min(out.len());
            let mut i = s.start;
            while i < end {
                let mut key = lexicon::gaz_key_start();
                let mut best = 0;
                let mut j = i;
                while j < end && j - i < GAZ_MAX_TOKENS {
                    key = lexicon::gaz_key_push_hash(key, out[j].gh);
                    let (flags, longer) = lex.gaz_lookup(key);
                    if j == i {
                        r[i].0 = flags & (GAZ_FIRST | GAZ_LAST | GAZ_NAT | GAZ_LOC);
                    }
                    if flags & GAZ_LOC != 0 {
                        best = j + 1 - i;
                    }
                    j += 1;
                    if !longer {
                        break;
                    }
                }
                if best > 0 && out[i].has_letter {
                    for k in 0..best {
                        r[i + k].1 = match (best, k) {
                            (1, _) => 4,
                            (_, 0) => 1,
                            _ if k + 1 == best => 3,
                            _ => 2,
                        };
                    }
                    i += best;
                } else {
                    i += 1;
                }
            }
        }
        r
    }

    #[test]
    fn gazetteer_agrees_with_reference() {
        let lex = Lexicon::build(
            vec![("York".into(), "0110".into())],
            vec![
                (GAZ_LOC, "new york".into()),
                (GAZ_LOC, "new york city".into()),
                (GAZ_LOC, "york".into()),
                (GAZ_FIRST, "john".into()),
                (GAZ_LAST, "john".into()),
                (GAZ_NAT, "american".into()),
                (GAZ_LOC, "a b c d e f".into()),
                (GAZ_LOC, "são paulo".into()),
            ],
        );
        let text = "John went to New York City and York . New York , new York \
                    City . American John York . a b c d e f g . a b c d e . \
                    São Paulo SÃO PAULO New";
        let doc = doc_of(text);
        // Twice with one cache: computed, then from the cached types.
        let mut cache = LexCache::default();
        for _ in 0..2 {
            let out = attrs_cached(&lex, &doc, &line_cases(&doc), &mut cache);
            let got: Vec<(u8, u8)> = out.iter().map(|a| (a.gaz, a.gaz_pos)).collect();
            assert_eq!(got, gaz_reference(&lex, &doc, &out));
            assert!(got.iter().any(|g| g.1 == 3) && got.iter().any(|g| g.1 == 4));
            assert!(got.iter().any(|g| g.0 & GAZ_NAT != 0));
        }
    }

    #[test]
    fn a_thinned_out_cache_gives_what_a_fresh_one_gives() {
        let lex = Lexicon::build(
            vec![("York".into(), "0110".into()), ("the".into(), "10".into())],
            vec![(GAZ_LOC, "new york".into()), (GAZ_FIRST, "john".into())],
        );
        // Documents sharing a few words, each with words of its own, many
        // times over a cache of 64 types: it fills, is thinned out and is
        // emptied again and again.
        let texts: Vec<String> = (0..60)
            .map(|k| {
                format!(
                    "The John {k} went to New York and the w{k} x{k} . \
                     THE NEW YORK TIMES SAYS y{k} z{} . York said the v{} .",
                    k % 7,
                    k % 3
                )
            })
            .collect();
        let mut cache = LexCache {
            capacity: 64,
            ..LexCache::default()
        };
        let mut thinned = false;
        for text in &texts {
            let doc = doc_of(text);
            let cases = line_cases(&doc);
            // (Thinned out here already, as `attrs_cached` would.)
            let before = cache.types.len();
            cache.make_room(&lex, doc.words.len());
            let kept = cache.types.len();
            thinned |= kept < before && kept > 0;
            let got = attrs_cached(&lex, &doc, &cases, &mut cache);
            let want = attrs_cached(&lex, &doc, &cases, &mut LexCache::default());
            assert_eq!(format!("{got:?}"), format!("{want:?}"));
            assert!(cache.types.len() <= 64);
            assert_eq!(cache.index.len(), cache.types.len());
        }
        assert!(thinned);
    }

    #[test]
    fn affixes_of_ascii_and_other_words() {
        // The hashes of the first and last 1..=4 characters, as the
        // general (character) path cuts them.
        let reference = |w: &str| -> Vec<u64> {
            let lower = w.to_lowercase();
            let chars: Vec<char> = lower.chars().collect();
            let mut v = Vec::new();
            if !chars.iter().any(|c| c.is_alphabetic()) {
                return v;
            }
            for k in 1..=4usize {
                if chars.len() > k {
                    let pre: String = chars[..k].iter().collect();
                    let suf: String = chars[chars.len() - k..].iter().collect();
                    v.push(hash::str(k as u64, &pre));
                    v.push(hash::str(100 + k as u64, &suf));
                }
            }
            v
        };
        let lex = Lexicon::default();
        let mut bufs: [String; 5] = Default::default();
        for w in [
            "",
            "a",
            "ab",
            "Abc",
            "abcd",
            "Abcde",
            "Oslo",
            "Kovalenko",
            "1990s",
            "--",
            "x-ray",
            "é",
            "éa",
            "Élysée",
            "Zürich",
            "naïve",
            "日本語です",
            "aé",
            "ÀBCDÉF",
        ]
        .into_iter()
        .map(String::from)
        .chain(sample_words())
        {
            let a = lexical(&lex, &w, false, &mut bufs);
            assert_eq!(
                a.affixes[..usize::from(a.n_affixes)].to_vec(),
                reference(&w),
                "{w:?}"
            );
        }
    }

    /// [`line_case`] counting every word (no early out).
    fn line_case_counted(words: &[&str]) -> LineCase {
        let (mut n, mut upper, mut cap, mut func_cap) = (0, 0, 0, 0);
        for w in words {
            let (letters, all_upper, starts_upper) = word_case(w);
            if letters == 0 {
                continue;
            }
            n += 1;
            upper += usize::from(letters >= 2 && all_upper);
            cap += usize::from(starts_upper);
            func_cap += usize::from(starts_upper && is_function_word(w));
        }
        case_of_counts(words, n, upper, cap, func_cap)
    }

    #[test]
    fn line_case_stops_early_as_the_whole_count_decides() {
        let vocab = [
            "the", "The", "THE", "of", "Of", "said", "Said", "SAID", "A", "a", "I", ".", ",", "--",
            "2025", "UNESCO", "Unesco", "iPhone", "Élysée", "ÉLYSÉE", "zürich", "日本", "’s", "X",
            "Mr.", "And", "AND", "x-ray", "E.U.",
        ];
        let mut rng = crate::testing::Lcg::new(0x2545_F491_4F6C_DD1D);
        let mut kinds = [0usize; 3];
        for _ in 0..50_000 {
            let len = rng.below(14);
            // Lines leaning to one casing or another, so that all three
            // come out.
            let bias = rng.below(4);
            let words: Vec<&str> = (0..len)
                .map(|_| {
                    let r = rng.below(1 << 30) as usize;
                    let w = vocab[r % vocab.len()];
                    match bias {
                        0 => w,
                        1 if !r.is_multiple_of(5) => {
                            ["The", "Of", "Said", "And", "Unesco", "Élysée"][r % 6]
                        }
                        2 if !r.is_multiple_of(6) => {
                            ["THE", "SAID", "UNESCO", "AND", "ÉLYSÉE"][r % 5]
                        }
                        _ => w,
                    }
                })
                .collect();
            let want = line_case_counted(&words);
            assert_eq!(line_case(&words), want, "{words:?}");
            kinds[want as usize] += 1;
        }
        assert!(kinds.iter().all(|&k| k > 1000), "{kinds:?}");
    }

    #[test]
    fn headline_cases() {
        let t: Vec<&str> = "Ministry Chief Says Baker Is Not Leaving Norway"
            .split(' ')
            .collect();
        assert_eq!(line_case(&t), LineCase::Title);
        let c: Vec<&str> = "SOCCER - JAPAN GET LUCKY WIN".split(' ').collect();
        assert_eq!(line_case(&c), LineCase::Caps);
        let n: Vec<&str> = "Donald Baker said both leaders want peace ."
            .split(' ')
            .collect();
        assert_eq!(line_case(&n), LineCase::Normal);
    }
}
