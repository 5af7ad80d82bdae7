//! Are two spellings one name written in two romanisations?
//!
//! Names from Cyrillic, Arabic and other scripts reach English news in
//! several spellings (-sky / -skyy / -skiy, Kiev / Kyiv, g / h between
//! Russian and Ukrainian forms, kh / h, ie / ye, doubled letters, and
//! vowels that differ between the Russian and Ukrainian form of one name).
//! Rather than listing names, this file compares words in two steps:
//!
//! 1. [`normalize`] rewrites a folded word with the ordered rules of
//!    `assets/lexicon/resolve/translit.tsv` and collapses doubled letters;
//!    equal normal forms are the same name ("strong").
//! 2. Otherwise the consonant skeleton (first letter, then consonants) is
//!    compared, with guards against unrelated short names: the skeleton must
//!    have at least three letters, both words must end alike (vowel or
//!    consonant) and their lengths must be close ("loose").
//!
//! A loose match is only trusted for persons and places, and a very short
//! word ("Rog" / "Rih") only inside a multi-word name whose other words
//! matched (see [`words_equivalent`]).

use super::lexicon::{At, Lexicon};

/// How well two folded words match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    No,
    /// Same first letter and consonant skeleton, nothing more.
    Weak,
    /// Same consonant skeleton under the guards above.
    Loose,
    /// Same normal form.
    Strong,
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// What [`compare`] needs of one folded word, computed once per word:
/// its normal form, skeleton and vowel runs.
struct Form {
    norm: String,
    skeleton: String,
    vowels: Vec<String>,
}

impl Form {
    fn new(word: &str, lex: &Lexicon) -> Form {
        let norm = normalize_uncached(word, lex);
        Form {
            skeleton: skeleton(&norm),
            vowels: vowel_groups(&norm),
            norm,
        }
    }
}

/// Forms kept at most (names recur across a bundle; the cache is emptied
/// when full so that odd input cannot grow it without bound).
const CACHE_LIMIT: usize = 200_000;

thread_local! {
    /// Forms already computed, by folded word.
    static CACHE: std::cell::RefCell<rustc_hash::FxHashMap<String, Form>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// Call `f` with the forms of `a` and `b`, from the cache (computing
/// them once), without copying them out of it.
fn with_forms<R>(a: &str, b: &str, lex: &Lexicon, f: impl FnOnce(&Form, &Form) -> R) -> R {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let (Some(x), Some(y)) = (c.get(a), c.get(b)) {
            return f(x, y);
        }
        if c.len() > CACHE_LIMIT {
            c.clear();
        }
        for w in [a, b] {
            if !c.contains_key(w) {
                c.insert(w.to_string(), Form::new(w, lex));
            }
        }
        match (c.get(a), c.get(b)) {
            (Some(x), Some(y)) => f(x, y),
            // Not reached: both were just inserted.
            _ => f(&Form::new(a, lex), &Form::new(b, lex)),
        }
    })
}

/// [`with_forms`] of one word ([`normalize`], [`block_key`]): one lookup
/// when it is cached, and one more to insert it when not (the pair's
/// path hashed the word up to six times).
fn with_form<R>(a: &str, lex: &Lexicon, f: impl FnOnce(&Form) -> R) -> R {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(x) = c.get(a) {
            return f(x);
        }
        if c.len() > CACHE_LIMIT {
            c.clear();
        }
        let form = Form::new(a, lex);
        f(c.entry(a.to_string()).or_insert(form))
    })
}

/// The normal form of a folded word under the romanisation rules.
pub fn normalize(word: &str, lex: &Lexicon) -> String {
    with_form(word, lex, |x| x.norm.clone())
}

fn normalize_uncached(word: &str, lex: &Lexicon) -> String {
    let mut w = word.to_string();
    // The ASCII bytes in `w`: a rule with an ASCII byte not among them
    // cannot apply, and most rules are passed over on that alone (each
    // word's form cost ≈ 7.7 k instructions when every rule searched the
    // word, ≈ 3.8 k with the rule's first byte tested, ≈ 2.4 k with all
    // its bytes).
    let mut present = ascii_set(w.as_bytes());
    for rule in &lex.translit {
        let from = rule.from.as_bytes();
        if rule.bytes & !present != 0 {
            continue;
        }
        let changed = match rule.at {
            At::End => {
                let applies = w.len() > from.len() + 1 && w.as_bytes().ends_with(from);
                if applies {
                    w.truncate(w.len() - from.len());
                    w.push_str(&rule.to);
                }
                applies
            }
            At::Start => {
                let applies = w.len() > from.len() + 1 && w.as_bytes().starts_with(from);
                if applies {
                    w.replace_range(..from.len(), &rule.to);
                }
                applies
            }
            At::Any => {
                let applies = has_bytes(w.as_bytes(), from);
                if applies {
                    w = w.replace(&rule.from, &rule.to);
                }
                applies
            }
        };
        if changed {
            present = ascii_set(w.as_bytes());
        }
    }
    // Doubled letters collapsed.
    let mut out = String::with_capacity(w.len());
    let mut last = None;
    for c in w.chars() {
        if last != Some(c) {
            out.push(c);
            last = Some(c);
        }
    }
    out
}

/// The set of ASCII bytes in `s`, one bit each.
pub(super) fn ascii_set(s: &[u8]) -> u128 {
    s.iter()
        .filter(|b| b.is_ascii())
        .fold(0, |acc, &b| acc | 1 << b)
}

/// Whether `needle` occurs in `hay` (`str::contains` on their bytes: a
/// whole UTF-8 needle only matches at character boundaries). A plain scan:
/// the words and rules are a few bytes long, and setting up `contains`'s
/// searcher for each of the two dozen rules cost more than the search.
fn has_bytes(hay: &[u8], needle: &[u8]) -> bool {
    match needle {
        [] => true,
        [b] => hay.contains(b),
        [first, ..] => hay
            .windows(needle.len())
            .any(|w| w.first() == Some(first) && w == needle),
    }
}

/// First letter and the consonants after it of a normal form.
pub fn skeleton(norm: &str) -> String {
    let mut chars = norm.chars();
    let mut out = String::new();
    if let Some(c) = chars.next() {
        out.push(c);
    }
    out.extend(chars.filter(|&c| !is_vowel(c)));
    out
}

/// The vowel runs of a normal form: after its first letter, between its
/// consonants and after its last consonant.
fn vowel_groups(norm: &str) -> Vec<String> {
    let mut groups = vec![String::new()];
    for c in norm.chars().skip(1) {
        if is_vowel(c) {
            if let Some(g) = groups.last_mut() {
                g.push(c);
            }
        } else {
            groups.push(String::new());
        }
    }
    groups
}

/// Vowel differences that romanisations of one name show: the Russian o /
/// e against the Ukrainian i (Kharkov / Kharkiv), a against o (Vladimir /
/// Volodymyr) and an inserted o, e or i. Others (Putin / Patton, Hill /
/// Hall) mean different names. Takes the [`vowel_groups`] of both.
fn vowels_compatible(ga: &[String], gb: &[String]) -> bool {
    ga.len() == gb.len()
        && ga.iter().zip(gb).all(|(x, y)| {
            x == y
                || matches!(
                    (x.as_str().min(y.as_str()), x.as_str().max(y.as_str())),
                    ("i", "o") | ("e", "i") | ("a", "o") | ("", "o") | ("", "e") | ("", "i")
                )
        })
}

/// Compare two folded words.
pub fn compare(a: &str, b: &str, lex: &Lexicon) -> Match {
    if a == b {
        return Match::Strong;
    }
    if a.is_empty() || b.is_empty() || a.chars().any(|c| c.is_ascii_digit()) {
        return Match::No;
    }
    with_forms(a, b, lex, |fa, fb| {
        let (na, nb) = (&fa.norm, &fb.norm);
        if na == nb {
            return Match::Strong;
        }
        let sa = &fa.skeleton;
        if *sa != fb.skeleton || !vowels_compatible(&fa.vowels, &fb.vowels) {
            return Match::No;
        }
        let ends_alike = na.chars().last().map(is_vowel) == nb.chars().last().map(is_vowel);
        let (la, lb) = (na.chars().count(), nb.chars().count());
        let close = la.abs_diff(lb) <= 2.max(la.max(lb) / 4);
        if sa.chars().count() >= 3 && ends_alike && close {
            Match::Loose
        } else {
            Match::Weak
        }
    })
}

/// Whether two multi-word names (folded words) are one name: same number
/// of words, every word at least `Loose`, except that short words may
/// match `Weak` when another word matched `Strong` or `Loose` and is long.
pub fn words_equivalent(a: &[String], b: &[String], lex: &Lexicon) -> bool {
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    let matches: Vec<Match> = a.iter().zip(b).map(|(x, y)| compare(x, y, lex)).collect();
    if matches.iter().all(|m| *m >= Match::Loose) {
        return true;
    }
    let anchored = a
        .iter()
        .zip(&matches)
        .any(|(w, m)| *m >= Match::Loose && w.chars().count() >= 4);
    anchored && a.len() > 1 && matches.iter().all(|m| *m >= Match::Weak)
}

/// Blocking key for a folded word: its skeleton (words that can match
/// share it).
pub fn block_key(word: &str, lex: &Lexicon) -> String {
    with_form(word, lex, |x| x.skeleton.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(a: &str, b: &str) -> Match {
        compare(a, b, Lexicon::get())
    }

    fn same(a: &str, b: &str) -> bool {
        let lex = Lexicon::get();
        let a: Vec<String> = a.split(' ').map(String::from).collect();
        let b: Vec<String> = b.split(' ').map(String::from).collect();
        words_equivalent(&a, &b, lex)
    }

    #[test]
    fn slavic_surname_endings() {
        // Invented surnames with the usual romanisations of -ский.
        for v in [
            "borovskyy",
            "borovskiy",
            "borovskyi",
            "borovski",
            "borovskii",
        ] {
            assert!(m("borovsky", v) >= Match::Loose, "{v}");
        }
    }

    #[test]
    fn russian_and_ukrainian_place_forms() {
        assert!(same("kiev", "kyiv"));
        assert!(same("chernigov", "chernihiv"));
        assert!(same("kharkov", "kharkiv"));
        assert!(same("lvov", "lviv"));
        assert!(same("krivoy rog", "kryvyi rih"));
        assert!(same("odessa", "odesa"));
    }

    #[test]
    fn given_name_forms() {
        assert!(same("vladimir", "volodymyr"));
        assert!(same("yevgeny", "evgeny"));
        assert!(same("aleksandr", "alexander"));
        assert!(same("sergei", "sergey"));
    }

    #[test]
    fn unrelated_names_stay_apart() {
        for (a, b) in [
            ("niger", "nigeria"),
            ("oman", "amman"),
            ("iran", "iraq"),
            ("guinea", "ghana"),
            ("austria", "australia"),
            ("mali", "malawi"),
            ("putin", "patton"),
            ("rog", "rih"),
            ("smith", "jones"),
            ("hill", "hall"),
        ] {
            assert!(!same(a, b), "{a} / {b}");
        }
    }

    /// What [`normalize_uncached`] did before its plain byte scan.
    fn normalize_as_before(word: &str, lex: &Lexicon) -> String {
        let mut w = word.to_string();
        for rule in &lex.translit {
            match rule.at {
                At::End => {
                    if w.len() > rule.from.len() + 1 && w.ends_with(&rule.from) {
                        w.truncate(w.len() - rule.from.len());
                        w.push_str(&rule.to);
                    }
                }
                At::Start => {
                    if w.len() > rule.from.len() + 1 && w.starts_with(&rule.from) {
                        w = format!("{}{}", rule.to, &w[rule.from.len()..]);
                    }
                }
                At::Any => {
                    if w.contains(&rule.from) {
                        w = w.replace(&rule.from, &rule.to);
                    }
                }
            }
        }
        let mut out = String::with_capacity(w.len());
        for c in w.chars() {
            if out.ends_with(c) {
                continue;
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn normal_forms_agree_with_the_searching_rules() {
        let lex = Lexicon::get();
        for w in [
            "",
            "y",
            "yy",
            "ий",
            "ж",
            "12",
            "x",
            "ie",
            "yevgeny",
            "shchukin",
            "dobrovolskyy",
            "khodorkovsky",
            "yulia",
            "iuliia",
            "tchaikovsky",
            "kharkiv",
            "chernihiv",
            "aaa",
            "schwarz",
            "ksenia",
            "djokovic",
            "ouyang",
            "tszyu",
            "yoyo",
            "jujjj",
            "bergseth",
            "müller",
            "łódź",
            "yéye",
            "ßyy",
            "dostoyevskiy",
            "ghghgh",
            "wwwtsz",
        ] {
            assert_eq!(
                normalize_uncached(w, lex),
                normalize_as_before(w, lex),
                "{w}"
            );
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        let lex = Lexicon::get();
        for w in ["", "y", "yy", "ий", "ж", "12", "x", "ie"] {
            let _ = normalize(w, lex);
            let _ = compare(w, "kyiv", lex);
            let _ = block_key(w, lex);
        }
    }
}
