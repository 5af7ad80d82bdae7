//! Word tokens of an article for the comparison tables: lower-cased word
//! and number tokens of the analysed text (boilerplate excluded), each with
//! its byte span so every table cell can point back at the words, and the
//! sentence and clause it stands in (a clause ends at a sentence end or at
//! `,` `;` `:` a bracket or a dash), so that context windows stay local.
//!
//! [`Ids`] numbers the bundle's normalised forms once, so that the tables
//! that count, hash or compare words do it on integers and no table hashes
//! the strings again.
//!
//! A normalised form borrows the article's text when normalising changes
//! nothing (most words: lower case, no punctuation), so that numbering a
//! bundle's words allocates only for capitalised or non-ASCII ones.

use crate::analysis::sentences::{self, Segmented};
use crate::analysis::sieve::WordSieve;
use crate::analysis::tokenize::Kind;
use crate::report::Article;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::sync::OnceLock;

/// One word of an article: normalised form and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// See [`normalise`]; borrowed from the article's text when that is the
    /// form already.
    pub norm: Cow<'a, str>,
    pub start: usize,
    pub end: usize,
    /// Index of the sentence the word is in.
    pub sentence: u32,
    /// Index of the clause the word is in (increases through the article).
    pub clause: u32,
}

/// The words of an article, in order.
pub fn words(article: &Article) -> Vec<Word<'_>> {
    words_in(
        article,
        &sentences::segment(&article.text, &article.boilerplate),
    )
}

/// [`words`] from the article's segmentation
/// (`sentences::segment(&article.text, &article.boilerplate)`).
pub fn words_in<'a>(article: &'a Article, seg: &Segmented) -> Vec<Word<'a>> {
    let text = &article.text;
    let mut out = Vec::with_capacity(seg.tokens.len());
    let mut clause = 0u32;
    for (s, sent) in seg.sentences.iter().enumerate() {
        clause += 1;
        for t in seg.tokens.get(sent.tokens.clone()).unwrap_or(&[]) {
            match t.kind {
                Kind::Word | Kind::Number | Kind::Clitic => {
                    let norm = normalised(t.text(text));
                    if !norm.is_empty() {
                        out.push(Word {
                            norm,
                            start: t.start,
                            end: t.end,
                            sentence: s as u32,
                            clause,
                        });
                    }
                }
                Kind::Terminal | Kind::Dash => clause += 1,
                Kind::Punct if matches!(t.text(text), "," | ";" | ":" | "(" | ")" | "[" | "]") => {
                    clause += 1
                }
                _ => {}
            }
        }
    }
    out
}

/// The words of a bundle as integers: one id per distinct normalised form,
/// numbered in order of first use (article by article, in text order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ids<'a> {
    /// The normalised form of each id.
    pub forms: Vec<&'a str>,
    /// Per article, the id of each of its words.
    pub words: Vec<Vec<u32>>,
}

impl<'a> Ids<'a> {
    /// Number the words of every article (`words` as [`words`] gives them).
    ///
    /// Forms of up to 16 bytes (nearly all) are looked up by their bytes
    /// packed into integers ([`packed`]), so that a look-up hashes and
    /// compares integers rather than a string; longer ones by the string.
    ///
    /// The map and the list of forms are sized up front for half as many
    /// forms as there are words, so that they do not grow (and rehash)
    /// while filled.
    pub fn new(words: &'a [Vec<Word<'_>>]) -> Self {
        let guess = words.iter().map(Vec::len).sum::<usize>() / 2;
        let mut short: HashMap<(u64, u64, u8), u32> =
            HashMap::with_capacity_and_hasher(guess, Default::default());
        let mut long: HashMap<&str, u32> = HashMap::default();
        let mut forms: Vec<&'a str> = Vec::with_capacity(guess);
        let words = words
            .iter()
            .map(|ws| {
                ws.iter()
                    .map(|w| {
                        let form: &'a str = &w.norm;
                        let mut first_use = || {
                            forms.push(form);
                            forms.len() as u32 - 1
                        };
                        match packed(form) {
                            Some(key) => *short.entry(key).or_insert_with(&mut first_use),
                            None => *long.entry(form).or_insert_with(&mut first_use),
                        }
                    })
                    .collect()
            })
            .collect();
        Ids { forms, words }
    }
}

/// A string of at most 16 bytes as integers: two loads that between them
/// cover all its bytes (overlapping when it is shorter than 16, 8 or 4),
/// and its length, so that two strings give the same key exactly when they
/// are equal; `None` for a longer one. (Loads, not a copy into a buffer.)
fn packed(s: &str) -> Option<(u64, u64, u8)> {
    let b = s.as_bytes();
    let n = b.len();
    let u64_at = |i: usize| {
        b.get(i..i + 8).map_or(0, |x| {
            u64::from_le_bytes([x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]])
        })
    };
    let u32_at = |i: usize| {
        b.get(i..i + 4).map_or(0, |x| {
            u64::from(u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
        })
    };
    let (x, y) = match n {
        17.. => return None,
        8.. => (u64_at(0), u64_at(n - 8)),
        4.. => (u32_at(0), u32_at(n - 4)),
        1.. => (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
        ),
        0 => (0, 0),
    };
    Some((x, y, n as u8))
}

/// Indices `[from, to)` of the words inside the byte range `[start, end)`
/// (`words` in text order).
pub fn within(words: &[Word], start: usize, end: usize) -> std::ops::Range<usize> {
    let from = words.partition_point(|w| w.start < start);
    let to = words.partition_point(|w| w.start < end);
    trim_within(words, from, to, end)
}

/// The end of [`within`]: `to` less a last word that runs past `end`.
fn trim_within(words: &[Word], from: usize, to: usize, end: usize) -> std::ops::Range<usize> {
    let to = to.max(from);
    let to = if to > from && words[to - 1].end > end {
        to - 1
    } else {
        to
    };
    from..to.max(from)
}

/// The words of one article with their starts in a compact array, for many
/// [`within`] look-ups (every quote or figure of the article): the binary
/// searches then run over 8-byte offsets rather than over the words, where
/// cache misses were most of their cost.
pub struct Starts<'a> {
    words: &'a [Word<'a>],
    starts: Vec<usize>,
}

impl<'a> Starts<'a> {
    pub fn new(words: &'a [Word<'a>]) -> Self {
        Starts {
            words,
            starts: words.iter().map(|w| w.start).collect(),
        }
    }

    /// [`within`] the article's words.
    pub fn within(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let from = self.starts.partition_point(|&s| s < start);
        let to = self.starts.partition_point(|&s| s < end);
        trim_within(self.words, from, to, end)
    }
}

/// A content word: not a function word, with a letter or digit, longer
/// than one character.
///
/// An ASCII form (nearly all) is read by its bytes, the function words
/// looked up last: for ASCII a byte is a character and the ASCII letters
/// and digits are its alphanumeric characters. (Decoding characters and
/// the Unicode tables made ≈ 140 instructions a form, ≈ 0.2 M of the seed
/// bundle's tables with [`is_lexical`].)
pub fn is_content(norm: &str) -> bool {
    if norm.is_ascii() {
        return norm.len() > 1
            && norm.bytes().any(|b| b.is_ascii_alphanumeric())
            && !is_stopword(norm);
    }
    !is_stopword(norm) && norm.chars().any(char::is_alphanumeric) && norm.chars().count() > 1
}

/// A content word with a letter in it (not a bare number).
pub fn is_lexical(norm: &str) -> bool {
    if norm.is_ascii() {
        // A letter is alphanumeric: [`is_content`]'s test with letters.
        return norm.len() > 1
            && norm.bytes().any(|b| b.is_ascii_alphabetic())
            && !is_stopword(norm);
    }
    is_content(norm) && norm.chars().any(char::is_alphabetic)
}

/// Non-comment, non-empty trimmed lines of a data file.
pub fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Lower case, curly apostrophes straightened, trailing periods of
/// abbreviations kept (`u.s.`), surrounding punctuation dropped.
pub fn normalise(word: &str) -> String {
    normalised(word).into_owned()
}

/// [`BYTE_CLASS`]: a byte other than an ASCII letter, digit or apostrophe.
const NOT_PLAIN: u8 = 1;
/// [`BYTE_CLASS`]: an ASCII capital.
const UPPER: u8 = 2;

/// [`NOT_PLAIN`] and [`UPPER`] of each byte, so that [`normalised`] tells a
/// plain word with one table look-up per byte.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [NOT_PLAIN; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'\'' {
            t[b] = if c.is_ascii_uppercase() { UPPER } else { 0 };
        }
        b += 1;
    }
    t
};

/// [`normalise`], borrowing `word` (or a part of it) when that is the form
/// already. Most words are ASCII letters, digits and apostrophes, with
/// nothing to trim: one pass over the bytes finds that. Other ASCII words
/// are trimmed byte by byte (for ASCII, the bytes kept are exactly the
/// characters kept).
pub fn normalised(word: &str) -> Cow<'_, str> {
    let class = word.bytes().fold(0, |c, b| c | BYTE_CLASS[usize::from(b)]);
    if class & NOT_PLAIN == 0 {
        return if class & UPPER != 0 {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        };
    }
    let w = if word.is_ascii() {
        let keep = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'\'' | b'.');
        let bytes = word.as_bytes();
        let end = bytes.iter().rposition(keep).map_or(0, |i| i + 1);
        let start = bytes[..end].iter().position(keep).unwrap_or(end);
        let dots = bytes[start..end].iter().take_while(|&&b| b == b'.').count();
        &word[start + dots..end]
    } else {
        word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '.')
            .trim_start_matches('.')
    };
    if !w.is_ascii() {
        // Most non-ASCII words are ASCII but for a curly apostrophe
        // (clitics: `’s`, `n’t`): lower-cased and straightened in one copy,
        // not lower-cased into one and replaced into another (BASIL's
        // ≈ 18,000 such words: 1,605.5 → 1,603.5 M instructions).
        if w.chars().all(|c| c.is_ascii() || c == '’') {
            let mut out = String::with_capacity(w.len());
            out.extend(w.chars().map(|c| match c {
                '’' => '\'',
                c => c.to_ascii_lowercase(),
            }));
            return Cow::Owned(out);
        }
        Cow::Owned(w.to_lowercase().replace('’', "'"))
    } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(w.to_ascii_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// Function words (`assets/lexicon/stopwords.txt`).
///
/// A [`WordSieve`] of them turns most other words away before the set is
/// hashed and probed (with the sizing in [`Ids::new`], ≈ 0.11 M of the seed
/// bundle's 35 M instructions).
pub fn is_stopword(norm: &str) -> bool {
    static SET: OnceLock<(WordSieve, HashSet<&'static str>)> = OnceLock::new();
    let (sieve, set) = SET.get_or_init(|| {
        let set: HashSet<&'static str> =
            data_lines(include_str!("../../assets/lexicon/stopwords.txt")).collect();
        let mut sieve = WordSieve::new(STOPWORD_SIEVE_BITS);
        for w in &set {
            sieve.insert(w);
        }
        (sieve, set)
    });
    sieve.may_hold(norm) && set.contains(norm)
}

/// Bits of the stopwords' sieve (`1 << 12`: some twenty for each of the ≈ 150 words).
const STOPWORD_SIEVE_BITS: u32 = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_skip_boilerplate_and_keep_spans() {
        let text = "The Mayor’s plan won. LEAVE A REPLY";
        let a = Article {
            text: text.into(),
            boilerplate: vec![[22, text.len()]],
            ..Default::default()
        };
        let w = words(&a);
        let norms: Vec<&str> = w.iter().map(|w| &*w.norm).collect();
        assert_eq!(norms, ["the", "mayor", "'s", "plan", "won"]);
        assert_eq!(&text[w[1].start..w[1].end], "Mayor");
        assert!(is_stopword("the") && !is_stopword("mayor"));
        assert_eq!(within(&w, 4, 18), 1..4, "Mayor ’s plan");
        assert_eq!(within(&w, 4, 16), 1..3, "plan is cut");
        assert_eq!(within(&w, 5, 9), 2..2, "no whole word inside");
        let starts = Starts::new(&w);
        for (s, e) in [(4, 18), (4, 16), (5, 9), (0, 0), (30, 10), (0, text.len())] {
            assert_eq!(starts.within(s, e), within(&w, s, e));
        }
    }

    /// [`normalise`] as it was written before the byte-wise ASCII path.
    fn normalise_plain(word: &str) -> String {
        let w = word
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '.')
            .trim_start_matches('.');
        if w.is_ascii() {
            w.to_ascii_lowercase()
        } else {
            w.to_lowercase().replace('’', "'")
        }
    }

    #[test]
    fn normalised_is_the_plain_normalisation() {
        let chars: Vec<char> = "aZ9.'’,-\"(é É_ ".chars().collect();
        let mut rng = crate::testing::Lcg::new(7);
        let mut next = |n: usize| rng.below(n as u64) as usize;
        let mut cases: Vec<String> = [
            "",
            ".",
            "U.S.",
            "..a.",
            ".,a",
            "'tis",
            "Mayor’s",
            "ÉTÉ",
            "’S",
            "N’T",
            "’",
            "l’été",
        ]
        .map(String::from)
        .to_vec();
        for _ in 0..20_000 {
            let len = next(7);
            cases.push((0..len).map(|_| chars[next(chars.len())]).collect());
        }
        let text = include_str!("../../assets/lexicon/stopwords.txt");
        cases.extend(text.split_whitespace().map(|w| w.to_uppercase()));
        for w in &cases {
            let n = normalised(w);
            assert_eq!(n, normalise_plain(w), "{w:?}");
            if let Cow::Borrowed(b) = n {
                assert!(w.contains(b), "{w:?}");
            }
        }
    }

    #[test]
    fn content_and_lexical_words_are_the_plain_tests() {
        let content = |w: &str| {
            !is_stopword(w) && w.chars().any(char::is_alphanumeric) && w.chars().count() > 1
        };
        let lexical = |w: &str| content(w) && w.chars().any(char::is_alphabetic);
        let mut rng = crate::testing::Lcg::new(31);
        let mut cases: Vec<String> = ["", "a", "1", "12", "a1", "..", "the", "The", "u.s.", "é"]
            .map(String::from)
            .to_vec();
        cases.extend(rng.strings("ab9.'-_ é’٣ⅷ", 20_000, 5));
        cases.extend(
            data_lines(include_str!("../../assets/lexicon/stopwords.txt")).map(String::from),
        );
        let (mut some, mut ascii) = (0, 0);
        for w in &cases {
            assert_eq!(is_content(w), content(w), "{w:?}");
            assert_eq!(is_lexical(w), lexical(w), "{w:?}");
            some += usize::from(is_content(w) && !w.is_ascii());
            ascii += usize::from(is_lexical(w) && w.is_ascii());
        }
        assert!(some > 100 && ascii > 100, "{some} {ascii}");
    }

    #[test]
    fn stopwords_pass_the_sieve_and_others_do_not() {
        for w in data_lines(include_str!("../../assets/lexicon/stopwords.txt")) {
            assert!(is_stopword(w), "{w}");
        }
        for w in ["senate", "budget", "", "x", "naïve", "thee"] {
            assert!(!is_stopword(w), "{w}");
        }
    }

    #[test]
    fn ids_number_forms_in_order_of_first_use() {
        let a = Article {
            text: "The plan. The Plan!".into(),
            ..Default::default()
        };
        let b = Article {
            text: "A plan".into(),
            ..Default::default()
        };
        let w = [words(&a), words(&b)];
        let ids = Ids::new(&w);
        assert_eq!(ids.forms, ["the", "plan", "a"]);
        assert_eq!(ids.words, [vec![0, 1, 0, 1], vec![2, 1]]);
    }

    #[test]
    fn packed_forms_are_equal_exactly_when_the_forms_are() {
        let mut forms: Vec<String> = [
            "",
            "a",
            "a\0",
            "\0",
            "ab",
            "ba",
            "été",
            "ét",
            "0123456789abcde",
            "0123456789abcdef",
            "0123456789abcdefg",
            "u.s.",
            "don't",
        ]
        .map(String::from)
        .to_vec();
        let chars: Vec<char> = "ab\0é".chars().collect();
        let mut rng = crate::testing::Lcg::new(11);
        for _ in 0..3000 {
            let len = rng.below(18) as usize;
            forms.push((0..len).map(|_| chars[rng.below(4) as usize]).collect());
        }
        for x in &forms {
            assert_eq!(packed(x).is_some(), x.len() <= 16, "{x:?}");
            for y in &forms {
                if let (Some(a), Some(b)) = (packed(x), packed(y)) {
                    assert_eq!(a == b, x == y, "{x:?} {y:?}");
                }
            }
        }
    }

    #[test]
    fn ids_of_short_and_long_forms_follow_first_use() {
        let long = "Internationalisation and counterrevolutionaries";
        let a = Article {
            text: format!("{long} the {long} a the"),
            ..Default::default()
        };
        let w = [words(&a)];
        let ids = Ids::new(&w);
        // The ids a single map keyed by the form gives.
        let mut plain: HashMap<&str, u32> = HashMap::default();
        let mut forms = Vec::new();
        let expect: Vec<u32> = w[0]
            .iter()
            .map(|x| {
                *plain.entry(&x.norm).or_insert_with(|| {
                    forms.push(&*x.norm);
                    forms.len() as u32 - 1
                })
            })
            .collect();
        assert_eq!(ids.words, [expect]);
        assert_eq!(ids.forms, forms);
        assert!(forms.iter().any(|f| f.len() > 16) && forms.iter().any(|f| f.len() <= 16));
    }

    #[test]
    fn clauses_end_at_commas_and_sentences() {
        let a = Article {
            text: "One death, four injuries. Then calm".into(),
            ..Default::default()
        };
        let w = words(&a);
        let c: Vec<(u32, u32)> = w.iter().map(|w| (w.sentence, w.clause)).collect();
        assert_eq!(c[0], c[1]);
        assert!(c[2].1 > c[1].1 && c[2].0 == c[1].0);
        assert!(c[4].0 > c[3].0);
    }
}
