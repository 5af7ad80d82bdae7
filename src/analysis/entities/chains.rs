//! Within one article: which mentions name the same entity (a chain).
//!
//! News names a person in full once and then by surname, title + surname,
//! possessive or honorific; organisations get an acronym defined in
//! brackets or lose their national prefix ("the Defense Ministry" after
//! "Russia's Defense Ministry"). The rules, in order:
//!
//! - a full person name joins an earlier chain with a compatible surname
//!   and given name (initials, short forms and romanisation variants agree;
//!   a different given name does not, so two Clintons stay apart);
//! - a bare surname joins the most recent chain with that surname (the
//!   next one when the full name comes later, as in headlines); failing
//!   that, a unique chain whose given name it is;
//! - organisations and places join by folded name, by a country's known
//!   abbreviations ("U.S." = "United States"), by an acronym defined in the
//!   text ("Russian Direct Investment Fund (RDIF)"), and a shorter
//!   organisation name joins the most recent longer one it ends
//!   ("Defense Ministry" → "Russian Defense Ministry");
//! - a one-word organisation or "other" mention equal to a person's
//!   surname in the same article is that person (a tagging slip).
//!
//! Each person chain also collects the title phrases and appositives found
//! next to its mentions ([`super::roles`]), the alias table for nominals.

use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

use super::doc::Doc;
use super::lexicon::{Gender, Lexicon};
use super::names::{self, abbreviates, fold, Name, Parses, Words};
use super::roles::{self, Phrase};
use super::translit::{block_key, compare, Match};

/// Coarse entity type: mentions merge only within a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Person,
    Org,
    Place,
    Norp,
    Other,
}

/// The group of a mention label; `None` for labels that are not names
/// (DATE, MONEY, ROLE, CARDINAL, …).
pub fn group_of(label: &str) -> Option<Group> {
    Some(match label {
        "PERSON" | "PER" => Group::Person,
        "ORG" | "ORGANIZATION" => Group::Org,
        "GPE" | "LOC" | "FAC" | "PLACE" => Group::Place,
        "NORP" => Group::Norp,
        "EVENT" | "MISC" | "WORK_OF_ART" | "PRODUCT" | "LAW" | "LANGUAGE" => Group::Other,
        _ => return None,
    })
}

/// Mentions of one entity within one article.
#[derive(Debug, Clone)]
pub struct Chain {
    pub group: Group,
    /// Mention indices, in text order.
    pub mentions: Vec<usize>,
    /// Folded words of the fullest name.
    pub words: Words,
    pub first: Option<String>,
    pub middle: Vec<String>,
    pub surname: Option<String>,
    /// Comparison key: `c:<country>` for a known country, else the words.
    pub key: String,
    /// Acronyms defined for it in the text (folded).
    pub acronyms: Vec<String>,
    /// Some mention is a short all-capital word.
    pub acronym: bool,
    pub gender: Option<Gender>,
    /// Titles and appositives next to its mentions.
    pub roles: Vec<Phrase>,
}

impl Chain {
    fn new(group: Group, key: String, words: Words) -> Chain {
        Chain {
            group,
            mentions: Vec::new(),
            words,
            first: None,
            middle: Vec::new(),
            surname: None,
            key,
            acronyms: Vec::new(),
            acronym: false,
            gender: None,
            roles: Vec::new(),
        }
    }

    /// A person chain known only by one word (a surname, usually).
    pub fn bare(&self) -> bool {
        self.group == Group::Person && self.first.is_none()
    }
}

/// The chains of one article.
#[derive(Debug, Clone, Default)]
pub struct Local {
    /// The name inside each mention (`None` for non-name labels).
    pub names: Vec<Option<Name>>,
    pub chains: Vec<Chain>,
    /// Chain of each mention.
    pub chain_of: Vec<Option<usize>>,
}

/// Given names agree: equal, an initial of the other, a short form
/// ("Pete" / "Peter") or a romanisation variant.
pub fn first_compatible(a: &str, b: &str, lex: &Lexicon) -> bool {
    if a == b {
        return true;
    }
    // Initials are marked with a final '.' by `names::parse` ("J.D." →
    // "jd."): only their first letter counts. "Mo" is a name, not "M.".
    if a.ends_with('.') || b.ends_with('.') {
        return a.chars().next().is_some() && a.chars().next() == b.chars().next();
    }
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    (s.len() >= 2 && l.starts_with(s)) || compare(a, b, lex) >= Match::Loose
}

fn middle_compatible(a: &[String], b: &[String]) -> bool {
    match (a.first(), b.first()) {
        (Some(x), Some(y)) => x.chars().next() == y.chars().next(),
        _ => true,
    }
}

/// Whether two full person names can be one person.
pub fn same_person(a: &Chain, b: &Chain, lex: &Lexicon) -> bool {
    let (Some(sa), Some(sb)) = (&a.surname, &b.surname) else {
        return false;
    };
    if compare(sa, sb, lex) < Match::Loose {
        return false;
    }
    match (&a.first, &b.first) {
        (Some(fa), Some(fb)) => {
            first_compatible(fa, fb, lex) && middle_compatible(&a.middle, &b.middle)
        }
        _ => true,
    }
}

fn person_parts(words: &[String], lex: &Lexicon) -> (Option<String>, Vec<String>, Option<String>) {
    match words {
        [] => (None, Vec::new(), None),
        [one] => (None, Vec::new(), Some(one.clone())),
        [first, rest @ ..] => {
            let surname = rest.last().cloned();
            let middle = rest[..rest.len() - 1]
                .iter()
                .filter(|w| !lex.particles.contains(*w))
                .cloned()
                .collect();
            (Some(first.clone()), middle, surname)
        }
    }
}

/// Text in brackets right after byte `end`: its span.
fn bracket_after(text: &str, end: usize) -> Option<(usize, usize)> {
    let rest = text.get(end..)?;
    let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
    if !trimmed.starts_with('(') {
        return None;
    }
    let open = end + (rest.len() - trimmed.len()) + 1;
    let inner = text.get(open..)?;
    let close = inner.find(')')?;
    if close == 0 || close > 80 || inner[..close].contains('\n') {
        return None;
    }
    Some((open, open + close))
}

fn acronym_like(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
    (2..=10).contains(&letters.len())
        && letters
            .iter()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase())
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '&' | '-'))
}

/// The country that qualifies an organisation's name: its first word(s)
/// ("Russian Defense Ministry") or a demonym, country or possessive right
/// before it ("Russian" + "Foreign Ministry", "Russia's" + "Defense
/// Ministry"), so that two countries' "Foreign Ministry" stay apart and one
/// country's meet however the tagger cut the span. Returns the country
/// key, the remaining words and where the qualified name starts.
fn org_qualifier<'n>(
    doc: &Doc,
    name: &'n Name,
    lex: &Lexicon,
) -> Option<(String, &'n [String], usize)> {
    for n in [2usize, 1] {
        if name.words.len() > n {
            if let Some(c) = lex.country_key(&name.words[..n].join(" ")) {
                return Some((c, &name.words[n..], name.start));
            }
        }
    }
    // Only descriptive names ("Foreign Ministry", "Security Council") take
    // a qualifier from outside their span; proper names ("NATO") do not.
    let generic = name.words.len() >= 2
        && !name.acronym
        && name
            .words
            .last()
            .and_then(|w| lex.heads.get(w))
            .is_some_and(|k| {
                k.iter()
                    .any(|k| matches!(k, super::lexicon::HeadKind::Org(_)))
            });
    if !generic {
        return None;
    }
    let a = doc.token_from(name.start);
    let mut k = a.checked_sub(1)?;
    if doc.is_possessive(k) {
        k = k.checked_sub(1)?;
    }
    let qm = doc.mention_at.get(k).copied().flatten()?;
    let (q_start, _) = doc.mention_span(qm)?;
    if !matches!(doc.label(qm), "NORP" | "GPE")
        || doc.mention_tokens[qm].1 != k + 1
        || doc.break_after(a - 1)
    {
        return None;
    }
    let c = lex.country_key(doc.mention_text(qm)?)?;
    Some((c, &name.words, q_start))
}

/// Build the chains of one article.
pub fn build(doc: &Doc, lex: &Lexicon) -> Local {
    build_with(doc, lex, Vec::new())
}

/// [`build`], reusing the names already parsed from each mention
/// (`parses[i]` for mention `i`; mentions past its end are parsed here).
pub fn build_with(doc: &Doc, lex: &Lexicon, mut parses: Vec<Parses>) -> Local {
    let text = doc.text;
    let n = doc.mention_count();
    let mut local = Local {
        names: vec![None; n],
        chains: Vec::new(),
        chain_of: vec![None; n],
    };
    // Sized for every mention, and the chains below for every named one:
    // grown from empty, their growth (a chain is ≈ 0.2 kB, copied at each)
    // cost ≈ 0.1 M of the seed bundle's 10 M instructions of bundle-level
    // work.
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for (i, (start, end)) in doc.mention_spans().enumerate() {
        let Some(g) = doc.mention_group(i) else {
            continue;
        };
        let person = g == Group::Person;
        let name = match parses.get_mut(i) {
            Some(p) => p.take(text, start, end, person, lex),
            None => names::parse(text, start, end, person, lex),
        };
        if let Some(name) = name {
            local.names[i] = Some(name);
            order.push(i);
        }
    }
    // A stable sort leaves a sorted list as it is: NER's mentions come in
    // order, so this is mostly one pass.
    if !order.is_sorted_by_key(|&i| doc.mention_span(i)) {
        crate::sort::by_key(&mut order, |&i| doc.mention_span(i));
    }
    let group = |i: usize| doc.mention_group(i).unwrap_or(Group::Other);
    local.chains.reserve_exact(order.len());

    // Acronyms defined in brackets, both ways round.
    let mut defined: HashMap<String, String> = HashMap::default();
    for &i in &order {
        let Some(name) = &local.names[i] else {
            continue;
        };
        if group(i) == Group::Person {
            continue;
        }
        let Some((_, end)) = doc.mention_span(i) else {
            continue;
        };
        let Some((a, b)) = bracket_after(text, end.max(name.end)) else {
            continue;
        };
        let inner = text.get(a..b).unwrap_or("").trim();
        let surface = name.surface(text);
        if name.words.len() >= 2 && acronym_like(inner) && abbreviates(inner, surface) {
            defined.insert(fold(inner), name.key());
        } else if name.acronym && !acronym_like(inner) && abbreviates(surface, inner) {
            let long = inner
                .split_whitespace()
                .map(fold)
                .filter(|w| !w.is_empty() && w != "the");
            defined.insert(name.key(), long.collect::<Vec<_>>().join(" "));
        }
    }

    // Organisations, places, groups and others: by key, per class (a
    // group, or `None` for countries). Each mention's key is written into
    // one buffer and looked up by reference; a key is copied for a new
    // chain only (a key joined for each mention cost ≈ 0.1 M of the seed
    // bundle's 10.5 M bundle-level instructions).
    let mut by_key: Vec<(Option<Group>, HashMap<String, usize>)> = Vec::new();
    let (mut k, mut country_key) = (String::new(), String::new());
    for &i in &order {
        let g = group(i);
        if g == Group::Person {
            continue;
        }
        let Some(name) = &local.names[i] else {
            continue;
        };
        name.key_into(&mut k);
        let k = k.as_str();
        // The name's key is its phrase key: parsing keeps every word of the
        // name's surface that folds to something, folded.
        let country = if g == Group::Norp {
            None
        } else {
            lex.country_by_key(k)
        };
        debug_assert!(g == Group::Norp || country == lex.country_by_name(name.surface(text)));
        // The chain's words when not the name's own, and where the name
        // starts when a qualifier before it belongs to it.
        let mut words: Option<Words> = None;
        let mut qualified_from = None;
        let qualified: String;
        let (class, key) = match country {
            Some(c) => {
                country_key.clear();
                country_key.push_str("c:");
                country_key.push_str(c);
                (None, country_key.as_str())
            }
            None => match defined.get(k) {
                Some(long) => {
                    words = Some(long.split(' ').map(str::to_string).collect());
                    (Some(g), long.as_str())
                }
                None => match (g == Group::Org)
                    .then(|| org_qualifier(doc, name, lex))
                    .flatten()
                {
                    Some((c, rest, start)) => {
                        qualified_from = Some(start);
                        words = Some(
                            c.split(' ')
                                .map(str::to_string)
                                .chain(rest.iter().cloned())
                                .collect(),
                        );
                        qualified = format!("{c} {}", rest.join(" "));
                        (Some(g), qualified.as_str())
                    }
                    None => (Some(g), k),
                },
            },
        };
        let p = match by_key.iter().position(|(c, _)| *c == class) {
            Some(p) => p,
            None => {
                by_key.push((class, HashMap::default()));
                by_key.len() - 1
            }
        };
        let map = &mut by_key[p].1;
        let ci = match map.get(key) {
            Some(&ci) => ci,
            None => {
                let words = words.unwrap_or_else(|| name.words.clone());
                local.chains.push(Chain::new(g, key.to_string(), words));
                map.insert(key.to_string(), local.chains.len() - 1);
                local.chains.len() - 1
            }
        };
        let c = &mut local.chains[ci];
        c.mentions.push(i);
        c.acronym |= name.acronym;
        if name.words.len() > c.words.len() && class.is_none() {
            c.words = name.words.clone();
        }
        if let (Some(start), Some(n)) = (qualified_from, local.names[i].as_mut()) {
            n.start = start;
        }
        local.chain_of[i] = Some(ci);
    }
    for (acr, long) in &defined {
        for c in local.chains.iter_mut() {
            if &c.key == long && !c.acronyms.contains(acr) {
                c.acronyms.push(acr.clone());
            }
        }
    }

    // A shorter organisation name joins the most recent longer one it ends.
    let org_ids: Vec<usize> = (0..local.chains.len())
        .filter(|&c| local.chains[c].group == Group::Org)
        .collect();
    let mut by_last: HashMap<&str, Vec<usize>> = HashMap::default();
    for &c in &org_ids {
        if let Some(w) = local.chains[c].words.last() {
            by_last.entry(w.as_str()).or_default().push(c);
        }
    }
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for &c in &org_ids {
        let ch = &local.chains[c];
        if ch.acronym || ch.words.is_empty() {
            continue;
        }
        let Some(last) = ch.words.last() else {
            continue;
        };
        // One word joins a longer name only when it is a generic head
        // ("the Ministry"), not a name of its own ("House" ≠ "White House").
        let generic_head = lex.heads.get(last).is_some_and(|k| {
            k.iter()
                .any(|k| matches!(k, super::lexicon::HeadKind::Org(_)))
        });
        if ch.words.len() < 2 && !generic_head {
            continue;
        }
        let first_pos = ch
            .mentions
            .first()
            .map(|&m| doc.mention_start(m))
            .unwrap_or(0);
        let mut before: Option<(usize, usize)> = None;
        let mut after: Option<(usize, usize)> = None;
        for &o in by_last.get(last.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
            let oc = &local.chains[o];
            if o == c || oc.words.len() <= ch.words.len() || !oc.words.ends_with(&ch.words) {
                continue;
            }
            for &m in &oc.mentions {
                let p = doc.mention_start(m);
                if p < first_pos {
                    if before.is_none_or(|(bp, _)| p > bp) {
                        before = Some((p, o));
                    }
                } else if after.is_none_or(|(ap, _)| p < ap) {
                    after = Some((p, o));
                }
            }
        }
        if let Some((_, o)) = before.or(after) {
            moves.push((c, o));
        }
    }
    // Resolve move targets that themselves move (follow to the end).
    let target: HashMap<usize, usize> = moves.iter().copied().collect();
    for &(c, _) in &moves {
        let mut t = c;
        let mut steps = 0;
        while let Some(&n2) = target.get(&t) {
            t = n2;
            steps += 1;
            if steps > 16 {
                break;
            }
        }
        if t != c {
            merge_into(&mut local, c, t);
        }
    }

    // Persons named only by a title ("the President", "Vice President"):
    // one chain per title, never read as a surname.
    let mut titles: HashMap<String, usize> = HashMap::default();
    for &i in &order {
        if group(i) != Group::Person {
            continue;
        }
        let Some(name) = &local.names[i] else {
            continue;
        };
        let title_only = name
            .words
            .iter()
            .all(|w| lex.role_words.contains(w) || lex.honorifics.contains_key(w) || w == "of");
        if !title_only {
            continue;
        }
        let from = name.title.map(|(s, _)| s).unwrap_or(name.start);
        let key = [
            "title:",
            &super::lexicon::phrase_key(text.get(from..name.end).unwrap_or("")),
        ]
        .concat();
        let ci = match titles.entry(key) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                let key = e.key().clone();
                local
                    .chains
                    .push(Chain::new(Group::Person, key, name.words.clone()));
                *e.insert(local.chains.len() - 1)
            }
        };
        local.chains[ci].mentions.push(i);
        local.chain_of[i] = Some(ci);
    }

    // Persons with a given name and a surname.
    let mut persons: Vec<usize> = Vec::new();
    // The skeleton ([`block_key`]) of each person's surname, in `persons`
    // order: two surnames [`compare`] at least `Loose` only when they are
    // equal or of one skeleton, so a person whose skeleton is not the
    // probe's is not a match, and each surname is looked up once, not
    // once per pair of names.
    let mut surname_keys: Vec<String> = Vec::new();
    let key_of = |surname: &Option<String>| -> String {
        surname
            .as_deref()
            .map(|s| block_key(s, lex))
            .unwrap_or_default()
    };
    for &i in &order {
        if group(i) != Group::Person || local.chain_of[i].is_some() {
            continue;
        }
        let Some(name) = &local.names[i] else {
            continue;
        };
        if name.words.len() < 2 {
            continue;
        }
        let (first, middle, surname) = person_parts(&name.words, lex);
        // The probe's key is made only when it becomes a chain.
        let mut probe = Chain::new(Group::Person, String::new(), name.words.clone());
        probe.first = first;
        probe.middle = middle;
        probe.surname = surname;
        let key = key_of(&probe.surname);
        let found = persons
            .iter()
            .zip(&surname_keys)
            .enumerate()
            .filter(|(_, (_, k))| **k == key)
            .map(|(p, (&c, _))| (p, c))
            .filter(|&(_, c)| same_person(&local.chains[c], &probe, lex))
            .max_by_key(|&(_, c)| {
                local.chains[c]
                    .mentions
                    .last()
                    .map(|&m| doc.mention_start(m))
            });
        let (p, ci) = match found {
            Some(found) => found,
            None => {
                probe.key = name.key();
                local.chains.push(probe);
                persons.push(local.chains.len() - 1);
                surname_keys.push(key);
                (persons.len() - 1, local.chains.len() - 1)
            }
        };
        let c = &mut local.chains[ci];
        if name.words.len() > c.words.len() {
            let (f, mi, s) = person_parts(&name.words, lex);
            c.words = name.words.clone();
            c.first = f;
            c.middle = mi;
            if s != c.surname {
                surname_keys[p] = key_of(&s);
            }
            c.surname = s;
        }
        c.mentions.push(i);
        local.chain_of[i] = Some(ci);
    }
    // Bare surnames (and given names).
    let mut bare: HashMap<String, usize> = HashMap::default();
    let mut at = Positions::new(&local, doc, &persons);
    // Per word, the person chains whose surname it matches (in `persons`
    // order) and the one chain whose given name it is, if exactly one:
    // names and surnames of `persons` do not change in this loop, so each
    // distinct word is compared with them once.
    let mut candidates: HashMap<&str, (Vec<usize>, Option<usize>)> = HashMap::default();
    for &i in &order {
        if group(i) != Group::Person || local.chain_of[i].is_some() {
            continue;
        }
        let Some(name) = &local.names[i] else {
            continue;
        };
        let Some(word) = name.words.first() else {
            continue;
        };
        let pos = doc.mention_start(i);
        let (by_surname, by_first) = candidates.entry(word.as_str()).or_insert_with(|| {
            let by_surname = persons
                .iter()
                .copied()
                .filter(|&c| {
                    local.chains[c]
                        .surname
                        .as_deref()
                        .is_some_and(|s| compare(s, word, lex) >= Match::Loose)
                })
                .collect();
            let mut by_first = persons
                .iter()
                .copied()
                .filter(|&c| local.chains[c].first.as_deref() == Some(word.as_str()));
            let by_first = match (by_first.next(), by_first.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            };
            (by_surname, by_first)
        });
        let target = nearest(&local, &at, by_surname, pos, |_| true).or(*by_first);
        let ci = match target {
            Some(c) => c,
            None => match bare.get(word) {
                Some(&c) => c,
                None => {
                    let mut c = Chain::new(Group::Person, word.clone(), name.words.clone());
                    c.surname = Some(word.clone());
                    local.chains.push(c);
                    bare.insert(word.clone(), local.chains.len() - 1);
                    local.chains.len() - 1
                }
            },
        };
        local.chains[ci].mentions.push(i);
        local.chain_of[i] = Some(ci);
        at.add(ci, pos);
    }
    // One-word organisation / other mentions equal to a person's surname.
    for c in 0..local.chains.len() {
        let ch = &local.chains[c];
        if !matches!(ch.group, Group::Org | Group::Other)
            || ch.words.len() != 1
            || !ch.acronyms.is_empty()
        {
            continue;
        }
        let word = ch.words[0].clone();
        let pos = ch
            .mentions
            .first()
            .map(|&m| doc.mention_start(m))
            .unwrap_or(0);
        if let Some(p) = nearest(&local, &at, &persons, pos, |p| {
            p.surname.as_deref() == Some(word.as_str())
        }) {
            for &m in &local.chains[c].mentions {
                at.add(p, doc.mention_start(m));
            }
            merge_into(&mut local, c, p);
        }
    }
    for c in local.chains.iter_mut() {
        if !c.mentions.is_sorted_by_key(|&m| doc.mention_start(m)) {
            crate::sort::by_key(&mut c.mentions, |&m| doc.mention_start(m));
        }
        c.mentions.dedup();
    }

    // Gender and roles of persons.
    for ci in 0..local.chains.len() {
        if local.chains[ci].group != Group::Person || local.chains[ci].mentions.is_empty() {
            continue;
        }
        let mut gender = local.chains[ci]
            .first
            .as_deref()
            .and_then(|f| lex.gender_of(f));
        let mut roles: Vec<Phrase> = Vec::new();
        for &m in &local.chains[ci].mentions {
            let Some(name) = &local.names[m] else {
                continue;
            };
            gender = gender.or(name.gender);
            let name_tok = doc.token_from(name.start);
            let (_, mend) = doc.mention_tokens[m];
            let mut found = roles::title_before(doc, name_tok, Some(m), lex);
            if found.is_none() {
                found = roles::appositive_before(doc, doc.mention_tokens[m].0, lex);
            }
            let after = roles::appositive_after(doc, mend, lex);
            for p in found.into_iter().chain(after) {
                if p.key.gender.is_some() {
                    gender = gender.or(p.key.gender);
                }
                if !roles.iter().any(|r| r.start == p.start) {
                    roles.push(p);
                }
            }
        }
        let c = &mut local.chains[ci];
        c.gender = gender;
        c.roles = roles;
    }
    local
}

/// Where each person chain's mentions start, kept sorted as mentions join
/// the chains, so [`nearest`] needs no scan of every mention (a name
/// repeated thousands of times stays linear).
struct Positions(HashMap<usize, std::collections::BTreeSet<usize>>);

impl Positions {
    fn new(local: &Local, doc: &Doc, persons: &[usize]) -> Positions {
        let mut at = Positions(HashMap::default());
        for &c in persons {
            for &m in &local.chains[c].mentions {
                at.add(c, doc.mention_start(m));
            }
        }
        at
    }

    fn add(&mut self, chain: usize, pos: usize) {
        self.0.entry(chain).or_default().insert(pos);
    }
}

/// The person chain satisfying `ok` whose mention is nearest before `pos`,
/// else the first one after it.
fn nearest(
    local: &Local,
    at: &Positions,
    persons: &[usize],
    pos: usize,
    ok: impl Fn(&Chain) -> bool,
) -> Option<usize> {
    let mut before: Option<(usize, usize)> = None;
    let mut after: Option<(usize, usize)> = None;
    for &c in persons {
        let ch = &local.chains[c];
        let Some(starts) = at.0.get(&c) else {
            continue;
        };
        if ch.mentions.is_empty() || !ok(ch) {
            continue;
        }
        if let Some(&p) = starts.range(..pos).next_back() {
            if before.is_none_or(|(bp, _)| p > bp) {
                before = Some((p, c));
            }
        }
        if let Some(&p) = starts.range(pos..).next() {
            if after.is_none_or(|(ap, _)| p < ap) {
                after = Some((p, c));
            }
        }
    }
    before.or(after).map(|(_, c)| c)
}

/// Move all mentions of chain `from` into chain `to`.
fn merge_into(local: &mut Local, from: usize, to: usize) {
    if from == to {
        return;
    }
    let moved = std::mem::take(&mut local.chains[from].mentions);
    let acr = std::mem::take(&mut local.chains[from].acronyms);
    let was_acr = local.chains[from].acronym;
    for &m in &moved {
        local.chain_of[m] = Some(to);
    }
    let t = &mut local.chains[to];
    t.mentions.extend(moved);
    t.acronyms.extend(acr);
    t.acronym |= was_acr;
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::fixtures::mentions;

    fn chains_of(text: &str, spans: &[(&str, &str)]) -> Vec<Option<usize>> {
        let m = mentions(text, spans);
        let d = Doc::from_parts(text, &[], &m);
        build(&d, Lexicon::get()).chain_of
    }

    #[test]
    fn surname_title_possessive_and_capitals_join_the_full_name() {
        let text = "Maria Lopez spoke. President Lopez said more. Lopez's aide agreed. LOPEZ left. Ms. Lopez returned.";
        let c = chains_of(
            text,
            &[
                ("Maria Lopez", "PERSON"),
                ("President Lopez", "PERSON"),
                ("Lopez's", "PERSON"),
                ("LOPEZ", "PERSON"),
                ("Ms. Lopez", "PERSON"),
            ],
        );
        assert!(c.iter().all(|x| *x == c[0] && x.is_some()), "{c:?}");
    }

    #[test]
    fn surnames_that_match_share_their_skeleton() {
        // What the persons' pass relies on to skip a pair: `compare` is at
        // least `Loose` only for words equal or of one `block_key`.
        let lex = Lexicon::get();
        let words = [
            "tchaikovsky",
            "chaikovsky",
            "chaykovskiy",
            "tchaikovskii",
            "chaikovski",
            "lvov",
            "lviv",
            "kharkov",
            "kharkiv",
            "vladimir",
            "volodymyr",
            "yevgeny",
            "evgeny",
            "smith",
            "smyth",
            "petain",
            "patton",
            "hill",
            "hall",
            "lopez",
            "rog",
            "rih",
            "mo",
            "m",
            "x1",
            "x2",
            "",
            "aaa",
            "aa",
            "shevchenko",
            "shevtchenko",
        ];
        let mut loose = 0;
        for a in words {
            for b in words {
                if compare(a, b, lex) >= Match::Loose {
                    loose += 1;
                    assert_eq!(block_key(a, lex), block_key(b, lex), "{a} {b}");
                }
            }
        }
        assert!(loose > words.len() + 10, "{loose}");
    }

    #[test]
    fn two_people_with_one_surname_stay_apart() {
        let text = "Anna Berg met Tomas Berg. Anna Berg spoke first. Then Berg left.";
        let c = chains_of(
            text,
            &[
                ("Anna Berg", "PERSON"),
                ("Tomas Berg", "PERSON"),
                ("Anna Berg", "PERSON"),
                ("Berg", "PERSON"),
            ],
        );
        assert_ne!(c[0], c[1]);
        assert_eq!(c[0], c[2]);
        // The bare surname goes to the most recent full name: Anna Berg.
        assert_eq!(c[3], c[2]);
    }

    #[test]
    fn repeated_bare_surnames_go_to_the_nearest_person_each_time() {
        let text = "Anna Berg met Tomas Berg. Berg spoke. Tomas Berg left. Berg waved. \
                    Anna Berg returned. Berg smiled. Anna left.";
        let c = chains_of(
            text,
            &[
                ("Anna Berg", "PERSON"),
                ("Tomas Berg", "PERSON"),
                ("Berg", "PERSON"),
                ("Tomas Berg", "PERSON"),
                ("Berg", "PERSON"),
                ("Anna Berg", "PERSON"),
                ("Berg", "PERSON"),
                ("Anna", "PERSON"),
            ],
        );
        assert_ne!(c[0], c[1]);
        assert_eq!(c[2], c[1]);
        assert_eq!(c[4], c[1]);
        assert_eq!(c[6], c[0]);
        // A given name of one person only.
        assert_eq!(c[7], c[0]);
    }

    #[test]
    fn short_given_names_are_not_initials() {
        let text = "Mo Reyes met Matt Reyes. Ed Park and Edward Park are one.";
        let c = chains_of(
            text,
            &[
                ("Mo Reyes", "PERSON"),
                ("Matt Reyes", "PERSON"),
                ("Ed Park", "PERSON"),
                ("Edward Park", "PERSON"),
            ],
        );
        assert_ne!(c[0], c[1]);
        assert_eq!(c[2], c[3]);
    }

    #[test]
    fn a_one_word_name_does_not_join_a_longer_one() {
        let text = "The Green Council met the Council. The White House and the House.";
        let c = chains_of(
            text,
            &[
                ("Green Council", "ORG"),
                ("Council", "ORG"),
                ("White House", "ORG"),
                ("House", "ORG"),
            ],
        );
        assert_eq!(c[0], c[1]);
        assert_ne!(c[2], c[3]);
    }

    #[test]
    fn headline_surname_before_the_full_name() {
        let text = "Okafor wins vote\n\nJames Okafor won the vote on Sunday.";
        let c = chains_of(text, &[("Okafor", "PERSON"), ("James Okafor", "PERSON")]);
        assert_eq!(c[0], c[1]);
    }

    #[test]
    fn initials_join_the_given_name() {
        let text = "J.R. Smith arrived. John R. Smith spoke.";
        let c = chains_of(
            text,
            &[("J.R. Smith", "PERSON"), ("John R. Smith", "PERSON")],
        );
        assert_eq!(c[0], c[1]);
    }

    #[test]
    fn acronym_defined_in_brackets() {
        let text =
            "The Northern Grain Export Board (NGEB) met. NGEB officials said the board would act.";
        let c = chains_of(
            text,
            &[
                ("Northern Grain Export Board", "ORG"),
                ("NGEB", "ORG"),
                ("NGEB", "ORG"),
            ],
        );
        assert_eq!(c[0], c[1]);
        assert_eq!(c[0], c[2]);
    }

    #[test]
    fn country_abbreviations_and_shorter_org_names() {
        let text = "The United States and the U.S. Treasury. The US said the Ruritanian Defense Ministry and the Defense Ministry agreed.";
        let c = chains_of(
            text,
            &[
                ("United States", "GPE"),
                ("U.S.", "GPE"),
                ("US", "GPE"),
                ("Ruritanian Defense Ministry", "ORG"),
                ("Defense Ministry", "ORG"),
            ],
        );
        assert_eq!(c[0], c[1]);
        assert_eq!(c[0], c[2]);
        assert_eq!(c[3], c[4]);
    }

    #[test]
    fn organisations_are_qualified_by_their_country() {
        let text = "The Russian Foreign Ministry spoke. Russia's Foreign Ministry agreed. The Ukrainian Foreign Ministry did not.";
        let c = chains_of(
            text,
            &[
                ("Russian Foreign Ministry", "ORG"),
                ("Russia", "GPE"),
                ("Foreign Ministry", "ORG"),
                ("Ukrainian", "NORP"),
                ("Foreign Ministry", "ORG"),
            ],
        );
        assert_eq!(c[0], c[2]);
        assert_ne!(c[0], c[4]);
    }

    #[test]
    fn a_surname_tagged_as_an_organisation_joins_the_person() {
        let text = "Pavel Novak spoke. Novak then left.";
        let c = chains_of(text, &[("Pavel Novak", "PERSON"), ("Novak", "ORG")]);
        assert_eq!(c[0], c[1]);
    }

    #[test]
    fn roles_and_gender_are_collected() {
        let text =
            "Ruritanian Foreign Minister Elena Varga arrived. Varga, a former spokeswoman, spoke.";
        let m = mentions(
            text,
            &[
                ("Ruritanian", "NORP"),
                ("Elena Varga", "PERSON"),
                ("Varga", "PERSON"),
            ],
        );
        let d = Doc::from_parts(text, &[], &m);
        let l = build(&d, Lexicon::get());
        let c = &l.chains[l.chain_of[1].unwrap()];
        assert_eq!(c.gender, Some(Gender::Female));
        assert_eq!(c.roles.len(), 2);
        assert_eq!(c.roles[0].key.concept.as_deref(), Some("foreign_minister"));
    }
}
