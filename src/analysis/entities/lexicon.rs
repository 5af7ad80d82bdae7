//! The resolver's word lists, read once from the data files in
//! `assets/lexicon/resolve/` (embedded with `include_str!`).
//!
//! Everything the resolver "knows" about the world lives in those files —
//! honorifics, name particles, role titles, seats of power, countries with
//! their abbreviations and demonyms, gendered words, head nouns and the
//! romanisation rules — so that the code holds only procedures and a reader
//! can audit the knowledge without reading Rust. Malformed lines are
//! skipped, never fatal.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use crate::analysis::sieve::WordSieve;

use super::names::{fold, fold_into};

const HONORIFICS: &str = include_str!("../../../assets/lexicon/resolve/honorifics.tsv");
const NAME_PARTS: &str = include_str!("../../../assets/lexicon/resolve/name_parts.tsv");
const ROLES: &str = include_str!("../../../assets/lexicon/resolve/roles.tsv");
const INSTITUTIONS: &str = include_str!("../../../assets/lexicon/resolve/institutions.tsv");
const COUNTRIES: &str = include_str!("../../../assets/lexicon/resolve/countries.tsv");
const GENDER: &str = include_str!("../../../assets/lexicon/resolve/gender.tsv");
/// Bits of the role words' sieve (`1 << 12`: some twenty for each of the ≈ 180 words).
const ROLE_SIEVE_BITS: u32 = 12;
const HEADS: &str = include_str!("../../../assets/lexicon/resolve/heads.tsv");
const TRANSLIT: &str = include_str!("../../../assets/lexicon/resolve/translit.tsv");

/// Grammatical gender of a person, as far as the text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    fn parse(s: &str) -> Option<Gender> {
        match s.trim() {
            "m" => Some(Gender::Male),
            "f" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// Where a romanisation rule applies within a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    Start,
    End,
    Any,
}

/// One rewrite rule of `translit.tsv`.
#[derive(Debug, Clone)]
pub struct Rule {
    pub from: String,
    pub to: String,
    pub at: At,
    /// The ASCII bytes of `from` ([`super::translit::ascii_set`]).
    pub bytes: u128,
}

/// A seat of power ("Pentagon"): its country and the role its head holds.
#[derive(Debug, Clone)]
pub struct Institution {
    /// Canonical country key (see [`Lexicon::country_key`]).
    pub country: Option<String>,
    /// Role concept of its chief ("defense_minister"), if any.
    pub head: Option<String>,
}

/// Kind of a non-title head noun (`heads.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadKind {
    /// An organisation; the words its name may contain (empty: the head).
    Org(Vec<String>),
    City,
    Country,
    Region,
    Person(Option<Gender>),
}

/// All word lists of the resolver.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Folded honorific → gender it tells.
    pub honorifics: HashMap<String, Option<Gender>>,
    pub suffixes: HashSet<String>,
    pub particles: HashSet<String>,
    /// Words skipped when forming an acronym.
    pub stop: HashSet<String>,
    /// Role phrase (folded words joined by one space) → concept.
    pub roles: HashMap<String, String>,
    /// Longest role phrase, in words.
    pub max_role_words: usize,
    /// Every role phrase and every run of first words of one (folded
    /// words joined by one space) → whether some role phrase goes on from
    /// it: a phrase grown a word at a time ("secretary", "secretary of",
    /// …) is looked up in `roles` only while it is here, and grown only
    /// while the answer is yes.
    pub role_steps: HashMap<String, bool>,
    /// Every word that can stand in a title phrase (role words, modifiers).
    pub role_words: HashSet<String>,
    /// `role_words` as a sieve ([`Lexicon::is_role_word`]; none before
    /// they are all read).
    role_sieve: Option<WordSieve>,
    /// Generic concept → the concepts it covers ("leader" → president, …).
    pub groups: HashMap<String, HashSet<String>>,
    pub former: HashSet<String>,
    pub deputy: HashSet<String>,
    /// Folded institution phrase → institution.
    pub institutions: HashMap<String, Institution>,
    pub max_institution_words: usize,
    /// Folded country name or abbreviation → canonical country key.
    pub country_names: HashMap<String, String>,
    /// Folded demonym → canonical country key.
    pub demonyms: HashMap<String, String>,
    /// Canonical country key → display name.
    pub country_display: HashMap<String, String>,
    /// Folded word → gender.
    pub gender: HashMap<String, Gender>,
    /// Head noun → kinds it may have (a head can be both org and person).
    pub heads: HashMap<String, Vec<HeadKind>>,
    pub translit: Vec<Rule>,
}

/// Non-comment, non-empty lines of a data file.
fn lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

fn alternatives(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// Folded words of a phrase joined by single spaces (words that fold to
/// nothing left out), folded into one buffer: a String per word and their
/// join cost ≈ 3 allocations a call.
pub fn phrase_key(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    for w in phrase.split_whitespace() {
        let from = out.len();
        if from > 0 {
            out.push(' ');
        }
        let start = out.len();
        fold_into(w, &mut out);
        if out.len() == start {
            out.truncate(from);
        }
    }
    out
}

impl Lexicon {
    /// Whether `w` (folded) is one of `role_words`: the sieve is asked
    /// before the set is, since [`super::nominal::role_nominals`] asks it
    /// of every token of an article, which mostly is none (hashing each
    /// cost ≈ 0.25 M of the seed bundle's 38 M instructions; with the
    /// sieve, and [`super::doc::Doc::folded`] inlined, ≈ 0.2 M less).
    #[inline]
    pub fn is_role_word(&self, w: &str) -> bool {
        self.role_sieve.as_ref().is_none_or(|s| s.may_hold(w)) && self.role_words.contains(w)
    }

    /// The shared lexicon, parsed on first use.
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(Lexicon::load)
    }

    fn load() -> Lexicon {
        let mut lex = Lexicon::default();
        for l in lines(HONORIFICS) {
            let mut f = l.split('\t');
            let (Some(w), g) = (f.next(), f.next()) else {
                continue;
            };
            lex.honorifics.insert(fold(w), g.and_then(Gender::parse));
        }
        for l in lines(NAME_PARTS) {
            let mut f = l.split('\t');
            let (Some(kind), Some(words)) = (f.next(), f.next()) else {
                continue;
            };
            let set = match kind.trim() {
                "suffix" => &mut lex.suffixes,
                "particle" => &mut lex.particles,
                "stop" => &mut lex.stop,
                _ => continue,
            };
            set.extend(alternatives(words).map(fold));
        }
        for l in lines(ROLES) {
            let mut f = l.split('\t');
            let (Some(kind), Some(name), Some(words)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let name = name.trim().to_string();
            match kind.trim() {
                "role" => {
                    for p in alternatives(words) {
                        let key = phrase_key(p);
                        let n = key.split(' ').count();
                        lex.max_role_words = lex.max_role_words.max(n);
                        lex.role_words.extend(key.split(' ').map(str::to_string));
                        lex.roles.entry(key).or_insert_with(|| name.clone());
                    }
                }
                "group" => {
                    lex.groups
                        .entry(name)
                        .or_default()
                        .extend(alternatives(words).map(str::to_string));
                }
                "former" => lex.former.extend(alternatives(words).map(fold)),
                "deputy" => lex.deputy.extend(alternatives(words).map(fold)),
                "modifier" => lex.role_words.extend(alternatives(words).map(fold)),
                _ => {}
            }
        }
        for key in lex.roles.keys() {
            lex.role_steps.entry(key.clone()).or_insert(false);
            for (at, _) in key.match_indices(' ') {
                lex.role_steps.insert(key[..at].to_string(), true);
            }
        }
        lex.role_words.extend(lex.former.iter().cloned());
        lex.role_words.extend(lex.deputy.iter().cloned());
        // Function words inside role phrases ("secretary of state",
        // "commander in chief") are matched as phrases, never alone.
        let stop: Vec<String> = lex.stop.iter().cloned().collect();
        for w in stop
            .iter()
            .map(String::as_str)
            .chain(["of", "the", "in", "to", "for", "and", "on", "at", ""])
        {
            lex.role_words.remove(w);
        }
        let mut sieve = WordSieve::new(ROLE_SIEVE_BITS);
        for w in &lex.role_words {
            sieve.insert(w);
        }
        lex.role_sieve = Some(sieve);
        for l in lines(COUNTRIES) {
            let mut f = l.split('\t');
            let Some(names) = f.next() else { continue };
            let mut names = alternatives(names);
            let Some(canon) = names.next() else { continue };
            let key = phrase_key(canon);
            lex.country_display.insert(key.clone(), canon.to_string());
            lex.country_names.insert(key.clone(), key.clone());
            for n in names {
                lex.country_names.insert(phrase_key(n), key.clone());
            }
            if let Some(dems) = f.next() {
                for d in alternatives(dems) {
                    lex.demonyms.insert(phrase_key(d), key.clone());
                }
            }
        }
        for l in lines(INSTITUTIONS) {
            let mut f = l.split('\t');
            let (Some(names), Some(country), Some(head)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let country = lex.country_key(country);
            let head = match head.trim() {
                "-" | "" => None,
                h => Some(h.to_string()),
            };
            for n in alternatives(names) {
                let key = phrase_key(n);
                lex.max_institution_words = lex.max_institution_words.max(key.split(' ').count());
                lex.institutions.insert(
                    key,
                    Institution {
                        country: country.clone(),
                        head: head.clone(),
                    },
                );
            }
        }
        for l in lines(GENDER) {
            let mut f = l.split('\t');
            let (Some(g), Some(words)) = (f.next(), f.next()) else {
                continue;
            };
            let Some(g) = Gender::parse(g) else { continue };
            for w in alternatives(words) {
                lex.gender.insert(fold(w), g);
            }
        }
        for l in lines(HEADS) {
            let mut f = l.split('\t');
            let (Some(kind), Some(words)) = (f.next(), f.next()) else {
                continue;
            };
            let value = f.next().unwrap_or("-").trim();
            let kind = match kind.trim() {
                "org" => HeadKind::Org(if value == "-" {
                    Vec::new()
                } else {
                    alternatives(value).map(fold).collect()
                }),
                "city" => HeadKind::City,
                "country" => HeadKind::Country,
                "region" => HeadKind::Region,
                "person" => HeadKind::Person(Gender::parse(value)),
                _ => continue,
            };
            for w in alternatives(words) {
                let e = lex.heads.entry(fold(w)).or_default();
                // A later, more specific org line replaces the generic one.
                if let HeadKind::Org(_) = kind {
                    e.retain(|k| !matches!(k, HeadKind::Org(_)));
                }
                e.push(kind.clone());
            }
        }
        for l in lines(TRANSLIT) {
            let mut f = l.split('\t');
            let (Some(from), Some(to)) = (f.next(), f.next()) else {
                continue;
            };
            let at = match f.next().map(str::trim) {
                Some("start") => At::Start,
                Some("end") => At::End,
                _ => At::Any,
            };
            if from.trim().is_empty() {
                continue;
            }
            let from = from.trim();
            lex.translit.push(Rule {
                from: from.to_string(),
                to: to.trim().to_string(),
                at,
                bytes: super::translit::ascii_set(from.as_bytes()),
            });
        }
        lex
    }

    /// Canonical key of a country given by name, abbreviation or demonym
    /// ("U.S." → "united states"), `None` when it is not a known country.
    pub fn country_key(&self, name: &str) -> Option<String> {
        self.country_key_folded(&phrase_key(name))
    }

    /// [`Self::country_key`] of a name already in its phrase key form.
    pub fn country_key_folded(&self, key: &str) -> Option<String> {
        let key = key.strip_prefix("the ").unwrap_or(key);
        self.country_names
            .get(key)
            .or_else(|| self.demonyms.get(key))
            .cloned()
    }

    /// Canonical key of a country given by name or abbreviation only (not
    /// by demonym: "Persian" is a language as often as a country).
    pub fn country_by_name(&self, name: &str) -> Option<&str> {
        self.country_by_key(&phrase_key(name))
    }

    /// [`Self::country_by_name`] of a name already in its phrase key form.
    pub fn country_by_key(&self, key: &str) -> Option<&str> {
        let key = key.strip_prefix("the ").unwrap_or(key);
        self.country_names.get(key).map(String::as_str)
    }

    /// Whether `concept` answers a query for `query` ("leader" covers
    /// "president"; "head" covers the top roles).
    pub fn concept_matches(&self, query: &str, concept: &str) -> bool {
        query == concept
            || self
                .groups
                .get(query)
                .is_some_and(|members| members.contains(concept))
    }

    /// Gender told by a folded word (given name, honorific, gendered noun).
    pub fn gender_of(&self, word: &str) -> Option<Gender> {
        self.gender
            .get(word)
            .copied()
            .or_else(|| self.honorifics.get(word).copied().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_keys_fold_each_word_and_join_them() {
        for p in [
            "",
            "   ",
            "The  U.S. -- Senate",
            "— São\tPaulo’s \u{a0}MAYOR —",
            "ÆON İstanbul ß x\u{301}",
            ", . ;",
            "a , b",
            "NATO",
        ] {
            let rule = p
                .split_whitespace()
                .map(fold)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(phrase_key(p), rule, "{p:?}");
        }
    }

    #[test]
    fn every_data_file_loads() {
        let lex = Lexicon::get();
        assert!(lex.honorifics.contains_key("mr"));
        assert_eq!(
            lex.roles.get("secretary of defense").map(String::as_str),
            Some("defense_minister")
        );
        assert!(lex.max_role_words >= 3);
        assert!(lex.concept_matches("leader", "president"));
        assert!(!lex.concept_matches("leader", "vice_president"));
        assert_eq!(lex.country_key("U.S.").as_deref(), Some("united states"));
        assert_eq!(
            lex.country_key("the United States").as_deref(),
            Some("united states")
        );
        assert_eq!(lex.country_key("Russian").as_deref(), Some("russia"));
        let pentagon = &lex.institutions["pentagon"];
        assert_eq!(pentagon.country.as_deref(), Some("united states"));
        assert_eq!(pentagon.head.as_deref(), Some("defense_minister"));
        assert_eq!(lex.gender_of("mrs"), Some(Gender::Female));
        assert!(lex.translit.len() > 10);
        assert!(lex.heads.contains_key("ministry"));
    }

    #[test]
    fn role_words_exclude_function_words() {
        let lex = Lexicon::get();
        assert!(!lex.role_words.contains("of"));
        assert!(!lex.role_words.contains("the"));
        assert!(lex.role_words.contains("president"));
        assert!(lex.role_words.contains("former"));
        for w in &lex.role_words {
            assert!(lex.is_role_word(w), "{w}");
        }
        for w in ["of", "the", "", "said", "presidents", "x", "ministers"] {
            assert_eq!(lex.is_role_word(w), lex.role_words.contains(w), "{w}");
        }
    }
}
