//! The name proper inside a mention, and the folded form names are
//! compared in.
//!
//! NER spans are not always the bare name: they may carry a determiner
//! ("the United States"), a possessive ("Putin's"), an honorific or a title
//! ("Mr. Smith", "President Trump", "Sec. Hegseth") or be written in
//! capitals ("TRUMP"). Resolution compares names, so this file cuts a
//! mention down to its name (keeping the title's span, which the
//! description table wants) and folds each word to lowercase ASCII without
//! periods or apostrophes ("J.D." → "jd", "Zelenskyy’s" → "zelenskyy").

use std::sync::Arc;

use super::lexicon::{Gender, Lexicon};

/// A name's folded words, shared: every mention of one surface in a
/// bundle gets its parse ([`Name::shifted`]) and chains take the words of
/// their names, and copying the words for each (an allocation per word)
/// cost ≈ 0.2 M of the seed bundle's 35 M instructions.
pub type Words = Arc<[String]>;

/// Fold one word for comparison: lowercase, accents removed, only letters
/// and digits kept ("U.S." → "us", "O'Brien" → "obrien", "Élysée" →
/// "elysee").
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// Whether `word` is its own [`fold`] for the quick reason that it holds
/// only lowercase ASCII letters and digits (most words do).
#[inline]
pub fn is_folded(word: &str) -> bool {
    word.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// What [`fold_into`] needs to know of a word's bytes, or-ed together:
/// none of these for a lowercase ASCII letter or digit.
const UPPER: u8 = 1;
const OTHER_ASCII: u8 = 2;
const NOT_ASCII: u8 = 4;

/// The class of each byte (one pass over a word, no branch per byte).
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if !b.is_ascii() {
            NOT_ASCII
        } else if b.is_ascii_uppercase() {
            UPPER
        } else if b.is_ascii_lowercase() || b.is_ascii_digit() {
            0
        } else {
            OTHER_ASCII
        };
        i += 1;
    }
    t
};

/// Whether the bytes `word` are only ASCII letters and digits, so that
/// their [`fold`] is their ASCII lowercase. Read off the table
/// [`fold_into`] reads: a branch per byte (`is_ascii_alphanumeric`) cost
/// twice as much.
#[inline]
pub fn is_ascii_alnum(word: &[u8]) -> bool {
    word.iter().fold(0, |acc, &b| acc | CLASS[usize::from(b)]) & !UPPER == 0
}

/// [`fold`], appending to `out` (one buffer for many words).
pub fn fold_into(word: &str, out: &mut String) {
    let class = word.bytes().fold(0, |acc, b| acc | CLASS[usize::from(b)]);
    match class {
        // Most words are folded already: copied whole.
        0 => out.push_str(word),
        // ASCII letters and digits ("Obama", "NATO"): copied whole and
        // lowercased in place.
        UPPER => {
            let from = out.len();
            out.push_str(word);
            if let Some(added) = out.get_mut(from..) {
                added.make_ascii_lowercase();
            }
        }
        // Other ASCII ("U.S.", ","): its letters and digits, lowercased.
        c if c & NOT_ASCII == 0 => {
            for &b in word.as_bytes() {
                if b.is_ascii_alphanumeric() {
                    out.push(char::from(b.to_ascii_lowercase()));
                }
            }
        }
        _ => fold_chars_into(word, out),
    }
}

/// The rule of [`fold`], character by character (what [`fold_into`]
/// does by bytes for ASCII words).
fn fold_chars_into(word: &str, out: &mut String) {
    for c in word.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if !c.is_alphanumeric() {
            continue;
        }
        match fold_char(c) {
            Some(s) => out.push_str(s),
            None => out.extend(c.to_lowercase()),
        }
    }
}

/// ASCII for common accented Latin letters.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => "a",
        'ç' | 'ć' | 'č' | 'ĉ' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę'
        | 'Ě' => "e",
        'ğ' | 'Ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => {
            "i"
        }
        'ł' | 'ľ' | 'ĺ' | 'Ł' | 'Ľ' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => "o",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            "u"
        }
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'þ' | 'Þ' => "th",
        _ => return None,
    })
}

/// Byte ranges of the whitespace-separated words of `text[start..end]`.
pub fn words_in(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let Some(s) = text.get(start..end) else {
        return out;
    };
    let mut word_start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(ws) = word_start.take() {
                out.push((start + ws, start + i));
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(ws) = word_start {
        out.push((start + ws, end));
    }
    out
}

/// Possessive endings cut from the end of a name.
const POSSESSIVES: [&str; 4] = ["'s", "’s", "'S", "’S"];

/// A mention cut down to its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Byte span of the name proper in the article text.
    pub start: usize,
    pub end: usize,
    /// Span of a leading title or honorific that was cut off.
    pub title: Option<(usize, usize)>,
    /// Folded words of the name (person suffixes such as "Jr." dropped;
    /// a person's initials end in '.', as in "jd.").
    pub words: Words,
    /// A short all-capital word such as "NATO", "U.S." or "RDIF".
    pub acronym: bool,
    /// Written in capitals ("TRUMP", "KYIV").
    pub all_caps: bool,
    /// Gender told by an honorific ("Mrs.").
    pub gender: Option<Gender>,
}

impl Name {
    /// The name as written in `text`.
    pub fn surface<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The folded words joined by one space: the comparison key.
    pub fn key(&self) -> String {
        // (Room for the words and the spaces between: one allocation.)
        let len: usize = self.words.iter().map(|w| w.len() + 1).sum();
        let mut out = String::with_capacity(len.saturating_sub(1));
        self.key_into(&mut out);
        out
    }

    /// [`Name::key`] written into `out` (cleared first): one buffer for
    /// the keys of many names.
    pub fn key_into(&self, out: &mut String) {
        out.clear();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    }

    /// The name `by` bytes further on: the parse of the same span where it
    /// starts `by` bytes later in a text (a parse reads only its span).
    pub fn shifted(&self, by: usize) -> Name {
        Name {
            start: self.start + by,
            end: self.end + by,
            title: self.title.map(|(s, e)| (s + by, e + by)),
            words: Arc::clone(&self.words),
            acronym: self.acronym,
            all_caps: self.all_caps,
            gender: self.gender,
        }
    }
}

/// The parses of one mention made so far, by mode: a stage that parsed it
/// hands them on so the next one need not parse it again (`None`: not
/// parsed in that mode).
#[derive(Debug, Clone, Default)]
pub struct Parses {
    pub plain: Option<Option<Name>>,
    pub person: Option<Option<Name>>,
}

impl Parses {
    /// [`parse`] of `text[start..end]` with `person`: the parse made
    /// before (taken out), else a new one.
    pub fn take(
        &mut self,
        text: &str,
        start: usize,
        end: usize,
        person: bool,
        lex: &Lexicon,
    ) -> Option<Name> {
        let made = if person {
            self.person.take()
        } else {
            self.plain.take()
        };
        made.unwrap_or_else(|| parse(text, start, end, person, lex))
    }
}

/// Cut the mention `text[start..end]` down to its name; `person` enables
/// title, honorific and suffix stripping. `None` when nothing name-like is
/// left (an empty or punctuation-only span, or offsets off the text).
pub fn parse(text: &str, start: usize, end: usize, person: bool, lex: &Lexicon) -> Option<Name> {
    let mut words = words_in(text, start, end);
    // Trim punctuation around the span (quotes, brackets, commas), keeping
    // the final period of abbreviations such as "U.S." or "Jr.".
    while let Some(&(ws, we)) = words.first() {
        let w = text.get(ws..we)?;
        let skip = w.len() - w.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        if skip == w.len() {
            words.remove(0);
        } else {
            words[0].0 = ws + skip;
            break;
        }
    }
    while let Some(&(ws, we)) = words.last() {
        let w = text.get(ws..we)?;
        let trimmed = w.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let trimmed = if trimmed.ends_with('.') && !looks_abbreviated(trimmed) {
            trimmed.trim_end_matches('.')
        } else {
            trimmed
        };
        if trimmed.is_empty() || !trimmed.chars().any(char::is_alphanumeric) {
            words.pop();
        } else {
            let last = words.len() - 1;
            words[last].1 = ws + trimmed.len();
            break;
        }
    }
    // Possessive ending.
    if let Some(&(ws, we)) = words.last() {
        let w = text.get(ws..we)?;
        if let Some(p) = POSSESSIVES
            .iter()
            .find(|p| w.ends_with(*p) && w.len() > p.len())
        {
            let last = words.len() - 1;
            words[last].1 = we - p.len();
        } else if (w.ends_with("s'") || w.ends_with("s’")) && w.len() > 2 {
            let cut = if w.ends_with('\'') {
                1
            } else {
                '’'.len_utf8()
            };
            let last = words.len() - 1;
            words[last].1 = we - cut;
        }
    }
    // Leading determiner.
    if words.len() > 1
        && text
            .get(words[0].0..words[0].1)?
            .eq_ignore_ascii_case("the")
    {
        words.remove(0);
    }
    let mut title = None;
    let mut gender = None;
    if person {
        let mut cut = 0;
        while cut + 1 < words.len() {
            let (ws, we) = words[cut];
            let f = fold(text.get(ws..we)?);
            let honorific = lex.honorifics.get(&f);
            // A word holds no whitespace, so its folded form is its phrase
            // key for the country lookup.
            let is_title = honorific.is_some()
                || lex.role_words.contains(&f)
                || (f == "of" && cut > 0)
                || cut + 2 < words.len() && lex.country_key_folded(&f).is_some();
            if !is_title {
                break;
            }
            if let Some(g) = honorific.copied().flatten() {
                gender = Some(g);
            }
            cut += 1;
        }
        // Never leave a dangling "of" as the name's first word.
        while cut > 0 && fold(text.get(words[cut - 1].0..words[cut - 1].1)?) == "of" {
            cut -= 1;
        }
        if cut > 0 {
            title = Some((words[0].0, words[cut - 1].1));
            words.drain(..cut);
        }
    }
    let mut folded: Vec<String> = words
        .iter()
        .filter_map(|&(ws, we)| text.get(ws..we))
        .map(fold)
        .collect();
    // Keep spans and folded words aligned: drop words that fold to nothing.
    let mut keep = Vec::with_capacity(words.len());
    for (i, f) in folded.iter().enumerate() {
        if !f.is_empty() {
            keep.push(words[i]);
        }
    }
    folded.retain(|f| !f.is_empty());
    if person {
        while folded.len() > 1 && folded.last().is_some_and(|w| lex.suffixes.contains(w)) {
            folded.pop();
            keep.pop();
        }
        // Mark initials ("J.", "J.D.", "JD") with a final '.', so that a
        // short given name ("Mo", "Ed") is not taken for one.
        if folded.len() > 1 {
            for (f, &(ws, we)) in folded.iter_mut().zip(&keep).take(keep.len() - 1) {
                let w = text.get(ws..we).unwrap_or("");
                let dotted = w.contains('.') && f.len() <= 3;
                let capitals =
                    f.len() == 2 && w.len() == 2 && w.chars().all(|c| c.is_ascii_uppercase());
                if dotted || capitals || f.len() == 1 {
                    f.push('.');
                }
            }
        }
    }
    let (&(s, _), &(_, e)) = (keep.first()?, keep.last()?);
    let surface = text.get(s..e)?;
    let (mut letters, mut upper) = (0, 0);
    for c in surface.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper += usize::from(c.is_uppercase());
    }
    let all_caps = letters > 1 && upper == letters;
    let acronym = folded.len() == 1 && all_caps && (2..=6).contains(&letters);
    Some(Name {
        start: s,
        end: e,
        title,
        words: folded.into(),
        acronym,
        all_caps,
        gender,
    })
}

/// "U.S.", "Jr.", "J." — a word whose final period belongs to it.
fn looks_abbreviated(w: &str) -> bool {
    let core = w.trim_end_matches('.');
    core.contains('.') || core.chars().count() <= 3
}

/// Initial letters of a folded name's words for acronym matching, with
/// and without the small words ("Russian Direct Investment Fund" → "rdif";
/// "United States of America" → "usa" and "usoa").
pub fn initials(words: &[String], lex: &Lexicon) -> (String, String) {
    let all: String = words.iter().filter_map(|w| w.chars().next()).collect();
    let content: String = words
        .iter()
        .filter(|w| !lex.stop.contains(*w))
        .filter_map(|w| w.chars().next())
        .collect();
    (content, all)
}

/// Schwartz & Hearst (2003): does `short` abbreviate `long`? Each letter
/// of the short form must occur in order in the long form, the first one
/// at the start of a word; the long form has at least two words.
pub fn abbreviates(short: &str, long: &str) -> bool {
    let s: Vec<char> = short
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let l: Vec<char> = long.chars().flat_map(char::to_lowercase).collect();
    if s.len() < 2 || l.len() <= s.len() || long.split_whitespace().count() < 2 {
        return false;
    }
    let mut si = s.len();
    let mut li = l.len();
    while si > 0 {
        let c = s[si - 1];
        loop {
            if li == 0 {
                return false;
            }
            li -= 1;
            let at_word_start = li == 0 || !l[li - 1].is_alphanumeric();
            if l[li] == c && (si > 1 || at_word_start) {
                break;
            }
        }
        si -= 1;
    }
    // The first letter must also start the long form's first word.
    li == 0 || !l[..li].iter().any(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str, person: bool) -> Name {
        parse(text, 0, text.len(), person, Lexicon::get()).expect("a name")
    }

    #[test]
    fn folding() {
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("J.D."), "jd");
        assert_eq!(fold("O'Brien"), "obrien");
        assert_eq!(fold("Élysée"), "elysee");
        assert_eq!(fold("TRUMP"), "trump");
        assert_eq!(fold("Zelenskyy’s"), "zelenskyys");
    }

    #[test]
    fn words_fold_by_bytes_as_by_characters() {
        let long = "AbC1-".repeat(40);
        for w in [
            "",
            "the",
            "42",
            "Obama",
            "NATO",
            "U.S.",
            "O'Brien",
            ",",
            "--",
            "Mid-2020s",
            "a_b",
            "\t",
            "x\u{7f}Y",
            "@Z[`z{",
            long.as_str(),
            "Élysée",
            "İstanbul",
            "ßtraße",
            "ǅ",
            "x\u{301}",
            "Kovalenko’s",
            "“",
            "—",
            "ÆON",
        ] {
            let mut rule = String::from("pre");
            fold_chars_into(w, &mut rule);
            let mut got = String::from("pre");
            fold_into(w, &mut got);
            assert_eq!(got, rule, "{w:?}");
        }
        for b in 0..=127u8 {
            let w = char::from(b).to_string();
            let mut rule = String::new();
            fold_chars_into(&w, &mut rule);
            assert_eq!(fold(&w), rule, "{b}");
        }
    }

    #[test]
    fn keys_written_into_a_buffer_are_the_keys() {
        let mut buf = String::from("left over");
        for (t, person) in [
            ("Mrs. Ana de la Vega", true),
            ("the U.S.", false),
            ("Ölçek", false),
        ] {
            let n = name(t, person);
            n.key_into(&mut buf);
            assert_eq!(buf, n.key());
            assert_eq!(buf, n.words.join(" "));
        }
    }

    #[test]
    fn possessives_determiners_and_capitals() {
        let n = name("Putin's", false);
        assert_eq!(*n.words, ["putin"]);
        assert_eq!(n.surface("Putin's"), "Putin");
        let n = name("the United States", false);
        assert_eq!(*n.words, ["united", "states"]);
        let n = name("Zelenskyy’s", false);
        assert_eq!(*n.words, ["zelenskyy"]);
        let n = name("TRUMP", true);
        assert!(n.all_caps);
        assert_eq!(*n.words, ["trump"]);
        let n = name("U.S.", false);
        assert!(n.acronym);
        assert_eq!(*n.words, ["us"]);
    }

    #[test]
    fn titles_and_honorifics_are_cut_from_persons() {
        let t = "President Trump";
        let n = name(t, true);
        assert_eq!(*n.words, ["trump"]);
        assert_eq!(n.title, Some((0, 9)));
        let n = name("Sec. Hegseth", true);
        assert_eq!(*n.words, ["hegseth"]);
        let n = name("Mrs. Jane Roe", true);
        assert_eq!(*n.words, ["jane", "roe"]);
        assert_eq!(n.gender, Some(Gender::Female));
        let n = name("Secretary of State Ann Lee", true);
        assert_eq!(*n.words, ["ann", "lee"]);
        let n = name("Martin Luther King Jr.", true);
        assert_eq!(*n.words, ["martin", "luther", "king"]);
        // A one-word name is never cut away.
        let n = name("President", true);
        assert_eq!(*n.words, ["president"]);
    }

    #[test]
    fn junk_spans_give_none() {
        let lex = Lexicon::get();
        assert!(parse("  -- ", 0, 5, true, lex).is_none());
        assert!(parse("abc", 2, 9, true, lex).is_none());
        assert!(parse("é", 0, 1, true, lex).is_none());
    }

    #[test]
    fn acronyms() {
        assert!(abbreviates("RDIF", "Russian Direct Investment Fund"));
        assert!(abbreviates("NATO", "North Atlantic Treaty Organization"));
        assert!(abbreviates("UN", "United Nations"));
        assert!(!abbreviates("UN", "Ukraine"));
        assert!(!abbreviates("RDIF", "Defense Fund"));
        let lex = Lexicon::get();
        let w: Vec<String> = ["united", "states", "of", "america"]
            .map(String::from)
            .to_vec();
        assert_eq!(initials(&w, lex), ("usa".to_string(), "usoa".to_string()));
    }
}
