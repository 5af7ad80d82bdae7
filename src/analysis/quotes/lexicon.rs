//! The quote lexicons, read once from data files embedded in the binary.
//!
//! - `assets/lexicon/cues.tsv`: speech cues as token sequences with their
//!   frame (who speaks, where the content is, what names the `via`);
//! - `assets/lexicon/speakers.tsv`: pronouns, nominal speakers ("the
//!   ministry", "officials"), honorifics, outlet and platform words;
//! - `assets/lexicon/first_names_gender.tsv`: given names with a clear
//!   gender, for agreeing "he"/"she" with an earlier name;
//! - `assets/lexicon/outlets.txt` (shared with ingestion): outlet names, so
//!   that "told Reuters" names Reuters as the `via`.
//!
//! Lexicons are data so that they can grow without touching the rules, and
//! so that every rule reads the same words. Matching is on lowercase token
//! text; multi-token entries are looked up longest first.

use crate::analysis::sieve::WordSieve;
use crate::analysis::tokenize::lowercase;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::sync::OnceLock;

const CUES: &str = include_str!("../../../assets/lexicon/cues.tsv");
const SPEAKERS: &str = include_str!("../../../assets/lexicon/speakers.tsv");
const NAMES: &str = include_str!("../../../assets/lexicon/first_names_gender.tsv");
/// The ingest stage's outlet list, reused to recognise a quote's `via`.
const OUTLETS: &str = include_str!("../../../assets/lexicon/outlets.txt");

/// How a cue relates speaker, content and source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frame {
    /// Speech verb: subject speaks; content follows or precedes.
    Say,
    /// Speech verb with an optional addressee before the content.
    Tell,
    /// The verb's object is the content ("denied the report").
    Object,
    /// "according to X".
    According,
    /// "as quoted by X", "in remarks carried by X": the `via`.
    By,
    /// Extends a cue ("in a statement", "to reporters").
    Extension,
    /// May stand between a subject and its cue ("also", "has").
    Aux,
    /// A speech noun ("statement", "remarks").
    Noun,
    /// Marks a following quote as a name or title ("so-called").
    Scare,
    /// Looks like a cue but is not speech ("adding to his lead").
    Not,
    /// Cue forms that are also common nouns ("claims", "reports").
    NounLike,
}

impl Frame {
    fn parse(s: &str) -> Option<Frame> {
        Some(match s {
            "say" => Frame::Say,
            "tell" => Frame::Tell,
            "object" => Frame::Object,
            "according" => Frame::According,
            "by" => Frame::By,
            "frame" => Frame::Extension,
            "aux" => Frame::Aux,
            "noun" => Frame::Noun,
            "scare" => Frame::Scare,
            "not" => Frame::Not,
            "nounlike" => Frame::NounLike,
            _ => return None,
        })
    }
}

/// Grammatical gender/number of a pronoun or person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
    /// "it": an organisation or a thing.
    Neuter,
    /// "they", "we": a group, an organisation or an unknown person.
    Plural,
    Unknown,
}

impl Gender {
    fn parse(s: &str) -> Gender {
        match s {
            "m" => Gender::Male,
            "f" => Gender::Female,
            "n" => Gender::Neuter,
            "p" => Gender::Plural,
            _ => Gender::Unknown,
        }
    }
}

/// What a nominal head word says about its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nominal {
    /// An organisation; `Some(w)`: antecedent names must contain `w`.
    Org(Option<String>),
    /// One person known by role, with gender when the word tells it.
    Person(Gender),
    /// People speaking together ("officials").
    Group,
}

/// A table of multi-token phrases, matched longest first.
///
/// Stored as a trie keyed by lowercase token text, so that a look-up walks
/// the words in place: nothing is joined or allocated per candidate, and
/// the walk stops at the first word no phrase continues with (for most
/// words, the first).
///
/// A bit set over the first words ([`WordSieve`]) answers "no" for most
/// words before the map is asked, without hashing the word.
#[derive(Debug)]
pub struct Phrases<V> {
    root: Node<V>,
    max_len: usize,
    firsts: WordSieve,
}

/// Bits of the [`WordSieve`] of a table's first words (2 KB).
const FIRST_WORD_BITS: u32 = 14;

/// The phrases that start with a given word sequence: the value of the
/// sequence itself, when it is an entry, and the words that extend it.
#[derive(Debug)]
struct Node<V> {
    value: Option<V>,
    next: HashMap<String, Node<V>>,
}

impl<V> Default for Node<V> {
    fn default() -> Self {
        Node {
            value: None,
            next: HashMap::default(),
        }
    }
}

impl<V> Default for Phrases<V> {
    fn default() -> Self {
        Phrases {
            root: Node::default(),
            max_len: 0,
            firsts: WordSieve::new(FIRST_WORD_BITS),
        }
    }
}

impl<V> Phrases<V> {
    /// Add `phrase`; an entry already there is replaced.
    fn insert(&mut self, phrase: &str, v: V) {
        let toks = phrase_tokens(phrase);
        if toks.is_empty() {
            return;
        }
        self.max_len = self.max_len.max(toks.len());
        if let Some(first) = toks.first() {
            self.firsts.insert(first);
        }
        let mut node = &mut self.root;
        for t in toks {
            node = node.next.entry(t).or_default();
        }
        node.value = Some(v);
    }

    /// The value of the entry made of exactly `toks` (lowercase).
    fn get(&self, toks: &[String]) -> Option<&V> {
        let mut node = &self.root;
        for t in toks {
            node = node.next.get(t.as_str())?;
        }
        node.value.as_ref()
    }

    /// Longest entry matching `words` from their start: (length, value).
    pub fn longest<S: AsRef<str>>(&self, words: &[S]) -> Option<(usize, &V)> {
        self.walk(words.iter().map(|w| lowercase(w.as_ref())))
    }

    /// [`Phrases::longest`] over words given one at a time, whose ASCII
    /// letters are in lower case already (as [`super::doc::Doc::word`]
    /// gives them); words past the longest possible match are never asked
    /// for.
    pub fn longest_in<'w>(&self, words: impl IntoIterator<Item = &'w str>) -> Option<(usize, &V)> {
        self.walk(words.into_iter().map(|w| {
            // (Other text goes through `lowercase` exactly as before.)
            if w.is_ascii() {
                Cow::Borrowed(w)
            } else {
                lowercase(w)
            }
        }))
    }

    /// Whether an entry starts with the word `w` (lower case as for
    /// [`Phrases::longest_in`]): one look-up, where most words end the walk.
    pub fn starts_with(&self, w: &str) -> bool {
        if w.is_ascii() {
            self.firsts.may_hold(w) && self.root.next.contains_key(w)
        } else {
            self.first(lowercase(w).as_ref()).is_some()
        }
    }

    /// False only when no entry starts with the word `w` (lower case as for
    /// [`Phrases::longest_in`]): the quick test of [`Phrases::starts_with`]
    /// without its look-up, for a caller that walks the phrases next.
    #[inline]
    pub fn may_start(&self, w: &str) -> bool {
        !w.is_ascii() || self.firsts.may_hold(w)
    }

    /// The node of the entries starting with the lowercase word `w`.
    #[inline]
    fn first(&self, w: &str) -> Option<&Node<V>> {
        if self.firsts.may_hold(w) {
            self.root.next.get(w)
        } else {
            None
        }
    }

    /// Walk the trie along lowercase `words`.
    fn walk<'w>(&self, words: impl Iterator<Item = Cow<'w, str>>) -> Option<(usize, &V)> {
        self.walk_with(words, true)
    }

    /// [`Phrases::walk`], the first word looked up with the quick test of
    /// [`WordSieve`] first when `quick` (the map alone otherwise: what the
    /// tests compare with).
    fn walk_with<'w>(
        &self,
        words: impl Iterator<Item = Cow<'w, str>>,
        quick: bool,
    ) -> Option<(usize, &V)> {
        let mut node = &self.root;
        let mut best = None;
        for (n, w) in words.enumerate() {
            let next = if n == 0 && quick {
                self.first(w.as_ref())
            } else {
                node.next.get(w.as_ref())
            };
            let Some(next) = next else {
                break;
            };
            node = next;
            if let Some(v) = &node.value {
                best = Some((n + 1, v));
            }
            if node.next.is_empty() {
                break;
            }
        }
        best
    }

    pub fn max_len(&self) -> usize {
        self.max_len
    }
}

/// Split a lexicon phrase the way the tokenizer splits text: on spaces, with
/// `n't` and `'s` apart from their word.
fn phrase_tokens(phrase: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in phrase.split_whitespace() {
        let w = w.to_lowercase();
        if let Some(stem) = w.strip_suffix("n't").filter(|s| !s.is_empty()) {
            out.push(stem.to_string());
            out.push("n't".to_string());
        } else if let Some(stem) = w.strip_suffix("'s").filter(|s| !s.is_empty()) {
            out.push(stem.to_string());
            out.push("'s".to_string());
        } else {
            out.push(w);
        }
    }
    out
}

/// All quote lexicons.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Cue phrases → frame (verbs, "according to", "by" and extensions).
    pub cues: Phrases<Frame>,
    /// Single words allowed between a subject and its cue.
    pub aux: HashSet<String>,
    pub pronouns: HashMap<String, Gender>,
    pub nominals: Phrases<Nominal>,
    /// Honorific or title word → gender it implies (Unknown when none).
    pub titles: HashMap<String, Gender>,
    pub media: HashSet<String>,
    pub platforms: Phrases<()>,
    pub determiners: HashSet<String>,
    pub appositive_openers: HashSet<String>,
    pub speech_nouns: HashSet<String>,
    /// Cue forms that are also nouns: cues only after a named subject.
    pub noun_like: HashSet<String>,
    /// Words that never start a name found without NER.
    pub stop: HashSet<String>,
    /// Time words allowed around a cue ("on Wednesday", "Tuesday").
    pub time: HashSet<String>,
    pub first_names: HashMap<String, Gender>,
    /// Outlet names, folded by [`fold_outlet`].
    pub outlets: HashSet<String>,
}

/// Fold an outlet name for lookup: lowercase, no leading "the", no spaces,
/// hyphens or dots.
pub fn fold_outlet(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    lower
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '\u{2019}' | '\''))
        .collect()
}

fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect::<Vec<_>>())
}

impl Lexicon {
    /// Parse the data files; malformed lines are skipped.
    pub fn parse(cues: &str, speakers: &str, names: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        for line in OUTLETS.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            for name in line.split('|') {
                let f = fold_outlet(name);
                if f.len() >= 2 {
                    lex.outlets.insert(f);
                }
            }
        }
        for cols in data_lines(cues) {
            let (Some(frame), Some(forms)) =
                (cols.first().and_then(|f| Frame::parse(f)), cols.get(2))
            else {
                continue;
            };
            for form in forms.split('|').map(str::trim).filter(|f| !f.is_empty()) {
                match frame {
                    Frame::Aux if !form.contains(' ') => {
                        lex.aux.insert(form.to_lowercase());
                    }
                    Frame::Noun => {
                        lex.speech_nouns.insert(form.to_lowercase());
                    }
                    Frame::NounLike => {
                        lex.noun_like.insert(form.to_lowercase());
                    }
                    _ => {
                        let toks = phrase_tokens(form);
                        // `tell` is `say` with an optional addressee: it wins.
                        let keep_old = matches!(
                            (lex.cues.get(&toks), frame),
                            (Some(Frame::Tell), Frame::Say)
                        );
                        if !keep_old {
                            lex.cues.insert(form, frame);
                        }
                    }
                }
            }
        }
        for cols in data_lines(speakers) {
            let (Some(kind), Some(words)) = (cols.first(), cols.get(1)) else {
                continue;
            };
            let value = cols.get(2).copied().unwrap_or("-");
            for w in words.split('|').map(str::trim).filter(|w| !w.is_empty()) {
                let w = w.to_lowercase();
                match *kind {
                    "pronoun" => {
                        lex.pronouns.insert(w, Gender::parse(value));
                    }
                    "org" => {
                        let head = (value != "-").then(|| value.to_lowercase());
                        lex.nominals.insert(&w, Nominal::Org(head));
                    }
                    "person" => lex
                        .nominals
                        .insert(&w, Nominal::Person(Gender::parse(value))),
                    "group" => lex.nominals.insert(&w, Nominal::Group),
                    "title" => {
                        let g = Gender::parse(value);
                        let old = lex.titles.get(&w).copied();
                        if old.is_none() || g != Gender::Unknown {
                            lex.titles.insert(w, g);
                        }
                    }
                    "media" => {
                        lex.media.insert(w);
                    }
                    "platform" => lex.platforms.insert(&w, ()),
                    "det" => {
                        lex.determiners.insert(w);
                    }
                    "appos" => {
                        lex.appositive_openers.insert(w);
                    }
                    "stop" => {
                        lex.stop.insert(w);
                    }
                    "time" => {
                        lex.time.insert(w);
                    }
                    _ => {}
                }
            }
        }
        for cols in data_lines(names) {
            let (Some(g), Some(words)) = (cols.first(), cols.get(1)) else {
                continue;
            };
            let g = Gender::parse(g);
            for w in words.split('|').map(str::trim).filter(|w| !w.is_empty()) {
                lex.first_names.insert(w.to_lowercase(), g);
            }
        }
        lex
    }

    /// Gender implied by a given name, when the list knows it.
    pub fn name_gender(&self, first: &str) -> Gender {
        self.lowercase_name_gender(&first.to_lowercase())
    }

    /// [`Lexicon::name_gender`] of a name already in lowercase.
    pub fn lowercase_name_gender(&self, first: &str) -> Gender {
        self.first_names
            .get(first)
            .copied()
            .unwrap_or(Gender::Unknown)
    }

    /// The nominal value of a single lowercase head word.
    pub fn nominal(&self, word: &str) -> Option<&Nominal> {
        self.nominals.longest_in([word]).map(|(_, v)| v)
    }
}

/// The shared lexicon, parsed on first use.
pub fn get() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::parse(CUES, SPEAKERS, NAMES))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicons_parse() {
        let lex = get();
        assert_eq!(lex.cues.longest(&["said"]).map(|x| *x.1), Some(Frame::Say));
        assert_eq!(lex.cues.longest(&["told"]).map(|x| *x.1), Some(Frame::Tell));
        assert_eq!(
            lex.cues.longest(&["according", "to", "NBC"]),
            Some((2, &Frame::According))
        );
        assert_eq!(
            lex.cues.longest(&["was", "quoted", "as", "saying", "by"]),
            Some((4, &Frame::Say))
        );
        assert_eq!(
            lex.cues
                .longest(&["in", "remarks", "carried", "by", "TASS"]),
            Some((4, &Frame::By))
        );
        assert_eq!(
            lex.cues.longest(&["said", "of", "him"]),
            Some((2, &Frame::Object))
        );
        assert_eq!(
            lex.cues.longest(&["dismissed"]).map(|x| *x.1),
            Some(Frame::Object)
        );
        // `warned` is both a speech verb and a verb with an addressee.
        assert_eq!(
            lex.cues.longest(&["warned"]).map(|x| *x.1),
            Some(Frame::Tell)
        );
        assert!(lex.aux.contains("also"));
        assert_eq!(lex.pronouns.get("she"), Some(&Gender::Female));
        assert_eq!(
            lex.nominal("ministry"),
            Some(&Nominal::Org(Some("ministry".into())))
        );
        assert_eq!(lex.nominal("officials"), Some(&Nominal::Group));
        assert_eq!(lex.titles.get("mr."), Some(&Gender::Male));
        assert_eq!(lex.name_gender("Vladimir"), Gender::Male);
        assert_eq!(lex.name_gender("Maria"), Gender::Female);
        assert_eq!(lex.name_gender("Alex"), Gender::Unknown);
        assert!(lex.platforms.longest(&["Truth", "Social"]).is_some());
        assert!(lex.media.contains("news"));
    }

    /// [`Phrases::longest`] without the first-word test: the map alone.
    fn longest_by_map<'p, V>(p: &'p Phrases<V>, words: &[&str]) -> Option<(usize, &'p V)> {
        p.walk_with(words.iter().map(|w| lowercase(w)), false)
    }

    fn agrees_with_the_map<V: PartialEq + std::fmt::Debug>(p: &Phrases<V>, extra: &[&str]) {
        let firsts: Vec<&str> = p.root.next.keys().map(String::as_str).collect();
        assert!(!firsts.is_empty());
        let long = "x".repeat(300);
        let mut words = vec![
            "",
            "a",
            "the",
            "to",
            "of",
            "zzz",
            "saidx",
            "xsaid",
            "naïve",
            "ÉTÉ",
            "ſaid",
            "\u{212A}",
            long.as_str(),
        ];
        words.extend(extra);
        words.extend(firsts.iter().copied());
        for &w in &words {
            let key = lowercase(w);
            // (ASCII words are taken to be in lower case already.)
            let asked = if w.is_ascii() {
                Cow::Borrowed(w)
            } else {
                key.clone()
            };
            assert_eq!(
                p.starts_with(w),
                p.root.next.contains_key(asked.as_ref()),
                "{w:?}"
            );
            let in_map = p.root.next.contains_key(key.as_ref());
            assert!(p.may_start(&key) || !in_map, "{w:?}");
            for next in ["to", "by", "a", "statement", "", "social"] {
                let phrase = [key.as_ref(), next];
                assert_eq!(
                    p.longest_in(phrase),
                    longest_by_map(p, &phrase),
                    "{phrase:?}"
                );
                assert_eq!(
                    p.longest(&phrase[..]),
                    longest_by_map(p, &phrase),
                    "{phrase:?}"
                );
            }
        }
    }

    #[test]
    fn the_first_word_test_only_skips_words_no_entry_starts_with() {
        let lex = get();
        agrees_with_the_map(
            &lex.cues,
            &["said", "according", "in", "as", "Told", "SAYS"],
        );
        agrees_with_the_map(&lex.nominals, &["ministry", "officials", "white"]);
        agrees_with_the_map(&lex.platforms, &["truth", "x", "twitter"]);
        // Entries with letters outside ASCII.
        let mut p = Phrases::default();
        p.insert("Éclat total", 1);
        p.insert("straße", 2);
        agrees_with_the_map(&p, &["éclat", "ÉCLAT", "STRASSE", "straße", "eclat"]);
        assert_eq!(p.longest_in(["éclat", "total"]), Some((2, &1)));
    }

    #[test]
    fn malformed_lines_are_skipped() {
        let lex = Lexicon::parse("nonsense\nsay\tx\n\tsay\nsay\tsay\tsaid|\n", "x\n", "m\n");
        assert_eq!(lex.cues.longest(&["said"]).map(|x| *x.1), Some(Frame::Say));
        assert!(lex.pronouns.is_empty());
    }
}
