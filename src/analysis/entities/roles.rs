//! Role phrases: titles before a name, appositives around it, and nominal
//! mentions that stand for a person ("the Russian leader").
//!
//! A role phrase is read into a [`RoleKey`]: the role concept (from
//! `roles.tsv`: "Secretary of Defense" → `defense_minister`), the country it
//! belongs to (a GPE, a demonym, "Ukraine's", or a seat of power such as
//! "Kremlin" from `institutions.tsv`), an organisation ("NATO chief"), a
//! possessive owner ("Trump's defense secretary"), and whether it is a
//! former or deputy holder. Titles and appositives next to a name build
//! the alias table ("Russian President Vladimir Putin" gives Putin the key
//! russia/president); nominal mentions are then matched against it. The
//! phrase text is also what the description table shows per outlet.

use super::doc::Doc;
use super::lexicon::{Gender, Lexicon};
use super::names::fold;
use crate::analysis::tokenize::Kind;

/// What a role phrase says about its holder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleKey {
    pub concept: Option<String>,
    /// Canonical country key ("russia").
    pub country: Option<String>,
    /// Folded name of the organisation or seat of power in the phrase.
    pub institution: Option<String>,
    /// A possessive owner that is a person: index of its mention.
    pub owner: Option<usize>,
    pub former: bool,
    pub deputy: bool,
    pub gender: Option<Gender>,
}

/// A role phrase found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Byte span of the phrase without a leading determiner.
    pub start: usize,
    pub end: usize,
    pub key: RoleKey,
}

/// Labels whose mentions may stand inside a title phrase as modifiers.
fn modifier_label(label: &str) -> bool {
    matches!(label, "GPE" | "LOC" | "NORP" | "ORG" | "ROLE" | "FAC")
}

const DETERMINERS: [&str; 5] = ["the", "a", "an", "this", "that"];

/// Bytes reserved for a phrase key of a few words, so that it is not
/// reallocated as it grows.
const KEY_ROOM: usize = 64;

/// Longest role phrase starting at token `i` within `[i, end)`: its length
/// in tokens and concept.
fn role_at<'l>(doc: &Doc, i: usize, end: usize, lex: &'l Lexicon) -> Option<(usize, &'l str)> {
    // The folded words joined by one space, grown a word at a time: the
    // first word is looked up as it is, and a longer phrase is built in
    // one buffer of room enough (growing it a word at a time reallocated
    // it ≈ 1.8 times a call).
    let mut key = String::new();
    let mut best = None;
    for j in i..end.min(i + lex.max_role_words) {
        let w = doc.folded(j);
        if w.is_empty() {
            break;
        }
        let phrase = if j == i {
            w
        } else {
            if key.is_empty() {
                key.reserve(KEY_ROOM);
                key.push_str(doc.folded(i));
            }
            key.push(' ');
            key.push_str(w);
            key.as_str()
        };
        // No role phrase starts with these words: none longer either.
        let Some(&goes_on) = lex.role_steps.get(phrase) else {
            break;
        };
        if let Some(c) = lex.roles.get(phrase) {
            best = Some((j + 1 - i, c.as_str()));
        }
        if !goes_on {
            break;
        }
    }
    best
}

/// An institution phrase ending at token `k` (inclusive): its first token.
fn institution_ending(doc: &Doc, k: usize, lex: &Lexicon) -> Option<(usize, String)> {
    // One buffer for the phrases of every length.
    let mut key = String::new();
    for n in (1..=lex.max_institution_words.min(k + 1)).rev() {
        let a = k + 1 - n;
        if !doc.capitalised(a) {
            continue;
        }
        key.clear();
        key.reserve(KEY_ROOM);
        for t in a..=k {
            if t > a {
                key.push(' ');
            }
            key.push_str(doc.folded(t));
        }
        if lex.institutions.contains_key(&key) {
            return Some((a, key));
        }
    }
    None
}

/// Read tokens `[a, b)` of a phrase into a key.
pub fn read_key(doc: &Doc, a: usize, b: usize, lex: &Lexicon) -> RoleKey {
    let mut key = RoleKey::default();
    let mut i = a;
    while i < b {
        if let Some(mi) = doc.mention_at.get(i).copied().flatten() {
            let label = doc.label(mi);
            let (ma, mb) = doc.mention_tokens[mi];
            // A mention running past the phrase is the named person's own.
            if label != "ROLE" && ma < mb && mb <= b {
                let surface = doc.mention_text(mi).unwrap_or("");
                let possessive = doc.is_possessive(mb);
                match label {
                    "PERSON" | "PER" if possessive => key.owner = Some(mi),
                    _ => {
                        let folded = surface
                            .split_whitespace()
                            .map(fold)
                            .filter(|w| !w.is_empty() && w != "the")
                            .collect::<Vec<_>>()
                            .join(" ");
                        if let Some(inst) = lex.institutions.get(&folded) {
                            key.institution = Some(folded.clone());
                            if inst.country.is_some() {
                                key.country = inst.country.clone();
                            }
                        } else if let Some(c) = lex.country_key(surface) {
                            key.country = Some(c);
                        } else if label == "ORG" {
                            key.institution = Some(folded);
                        }
                    }
                }
                i = mb.max(i + 1);
                continue;
            }
        }
        if let Some((n, concept)) = role_at(doc, i, b, lex) {
            for t in i..i + n {
                let w = doc.folded(t);
                if lex.former.contains(w) {
                    key.former = true;
                }
                if let Some(g) = lex.gender.get(w) {
                    key.gender = Some(*g);
                }
            }
            key.concept = Some(concept.to_string());
            i += n;
            continue;
        }
        let w = doc.folded(i);
        if lex.former.contains(w) {
            key.former = true;
        } else if lex.deputy.contains(w) {
            key.deputy = true;
        } else if let Some((_, inst)) = institution_ending(doc, i, lex).filter(|(s, _)| *s == i) {
            if let Some(x) = lex.institutions.get(&inst) {
                key.country = x.country.clone().or(key.country);
            }
            key.institution = Some(inst);
        } else if let Some(c) = doc.country_key(i, lex) {
            key.country = Some(c);
        }
        i += 1;
    }
    key
}

/// Walk left from token `end` (exclusive) over a title phrase: role words,
/// modifiers, "of", countries and demonyms, organisation and place
/// mentions, seats of power and one possessive owner. Returns the first
/// token of the phrase (`end` when there is none).
fn walk_back(doc: &Doc, end: usize, own: Option<usize>, lex: &Lexicon) -> usize {
    let floor = if end > 0 {
        doc.sentence_start(end - 1)
    } else {
        0
    };
    let mut j = end;
    while j > floor {
        let k = j - 1;
        if doc.break_after(k) && k + 1 < end {
            break;
        }
        if let Some(mi) = doc.mention_at[k].filter(|&mi| Some(mi) != own) {
            let (ma, _) = doc.mention_tokens[mi];
            if modifier_label(doc.label(mi)) && ma <= k {
                j = ma;
                continue;
            }
            break;
        }
        if doc.is_possessive(k) && k > floor {
            // The owner: a mention or a capitalised word; it ends the walk.
            let o = k - 1;
            j = match doc.mention_at[o] {
                Some(mi) => doc.mention_tokens[mi].0.min(o),
                None if doc.capitalised(o) => o,
                None => break,
            };
            break;
        }
        let w = doc.folded(k);
        let accept = lex.is_role_word(w)
            || (w == "of" && j < end)
            || lex.honorifics.contains_key(w) && doc.capitalised(k)
            || (doc.capitalised(k) || doc.word(k).contains('.'))
                && doc.country_key(k, lex).is_some();
        if accept {
            j = k;
            continue;
        }
        if let Some((a, _)) = institution_ending(doc, k, lex) {
            j = a;
            continue;
        }
        break;
    }
    // Never start on "of".
    while j < end && doc.folded(j) == "of" {
        j += 1;
    }
    j
}

/// Whether tokens `[a, b)` hold a role phrase.
fn has_role(doc: &Doc, a: usize, b: usize, lex: &Lexicon) -> bool {
    (a..b).any(|i| role_at(doc, i, b, lex).is_some())
}

fn phrase(doc: &Doc, a: usize, b: usize, lex: &Lexicon) -> Option<Phrase> {
    if a >= b || !has_role(doc, a, b, lex) {
        return None;
    }
    let (s, e) = (doc.tokens.get(a)?.start, doc.tokens.get(b - 1)?.end);
    Some(Phrase {
        start: s,
        end: e,
        key: read_key(doc, a, b, lex),
    })
}

/// The title phrase right before a person's name starting at token
/// `name_start` ("U.S. Secretary of Defense" before "Pete Hegseth");
/// `own` is the person's mention, whose tokens may hold the title.
pub fn title_before(
    doc: &Doc,
    name_start: usize,
    own: Option<usize>,
    lex: &Lexicon,
) -> Option<Phrase> {
    let a = walk_back(doc, name_start, own, lex);
    phrase(doc, a, name_start, lex)
}

/// Words that end an appositive or show it is a clause, not a noun phrase.
const APPOSITIVE_STOPS: [&str; 18] = [
    "said", "says", "told", "who", "whom", "which", "that", "and", "or", "but", "is", "was", "has",
    "had", "will", "would", "were", "are",
];

/// An appositive after a name ending at token `name_end` (exclusive):
/// ", the chief executive of the fund," → "chief executive of the fund".
pub fn appositive_after(doc: &Doc, name_end: usize, lex: &Lexicon) -> Option<Phrase> {
    if doc.word(name_end) != "," {
        return None;
    }
    let limit = doc.sentence_end(name_end);
    let mut a = name_end + 1;
    if a >= limit {
        return None;
    }
    let first = doc.folded(a);
    let det = DETERMINERS.contains(&first) || matches!(first, "his" | "her" | "its" | "their");
    if det {
        a += 1;
    } else if !(lex.is_role_word(first)
        || doc.country_key(a, lex).is_some()
        || doc.mention_at[a].is_some_and(|mi| modifier_label(doc.label(mi))))
    {
        return None;
    }
    let mut b = a;
    while b < limit && b < a + 14 {
        let w = doc.word(b);
        let k = doc.kind(b);
        if matches!(w, "," | ";" | ":" | "(" | ")")
            || matches!(k, Some(Kind::Terminal | Kind::Quote | Kind::Dash))
        {
            break;
        }
        if APPOSITIVE_STOPS.contains(&doc.folded(b)) {
            return None;
        }
        if doc.mention_at[b].is_some_and(|mi| matches!(doc.label(mi), "PERSON" | "PER"))
            && !doc.is_possessive(doc.mention_tokens[doc.mention_at[b].unwrap_or(0)].1)
        {
            return None;
        }
        b += 1;
    }
    if b == a || b >= a + 14 {
        return None;
    }
    phrase(doc, a, b, lex)
}

/// An appositive before a name starting at token `name_start`: "the
/// Russian president, Ivan Petrov" → "Russian president".
pub fn appositive_before(doc: &Doc, name_start: usize, lex: &Lexicon) -> Option<Phrase> {
    if name_start < 2 || doc.word(name_start - 1) != "," {
        return None;
    }
    let comma = name_start - 1;
    let a = walk_back(doc, comma, None, lex);
    if a >= comma || a == 0 {
        return None;
    }
    let before = doc.folded(a - 1);
    let owner_start = doc.is_possessive(a + 1) || doc.mention_at[a].is_some();
    if !(before == "the"
        || before == "a"
        || before == "an"
        || owner_start && doc.sentence_start(a) == a)
    {
        return None;
    }
    phrase(doc, a, comma, lex)
}

/// A nominal mention of a person by role whose head phrase starts at
/// token `i` ("the Russian leader", "Trump's defense secretary", "the
/// Pentagon chief"), when it is not a title before a name. Returns the
/// phrase (without its determiner).
pub fn nominal_at(doc: &Doc, i: usize, lex: &Lexicon) -> Option<Phrase> {
    if doc
        .mention_at
        .get(i)
        .copied()
        .flatten()
        .is_some_and(|mi| doc.label(mi) != "ROLE")
    {
        return None;
    }
    let (n, _) = role_at(doc, i, doc.sentence_end(i), lex)?;
    let mut b = i + n;
    // A title followed by a name is not a nominal.
    if let Some(mi) = doc.mention_at.get(b).copied().flatten() {
        if doc.label(mi) != "ROLE" {
            return None;
        }
    }
    if doc.word(b) == ","
        && doc
            .mention_at
            .get(b + 1)
            .copied()
            .flatten()
            .is_some_and(|mi| matches!(doc.label(mi), "PERSON" | "PER"))
    {
        return None;
    }
    if doc.capitalised(b) && doc.kind(b) == Some(Kind::Word) && !doc.folded(b).is_empty() {
        // Probably a name the tagger missed ("President Smith").
        let w = doc.folded(b);
        if !lex.is_role_word(w) && w != "of" {
            return None;
        }
    }
    // "the president of Ukraine"
    if doc.folded(b) == "of" {
        if let Some(mi) = doc.mention_at.get(b + 1).copied().flatten() {
            if matches!(doc.label(mi), "GPE" | "ORG" | "LOC") {
                b = doc.mention_tokens[mi].1.max(b + 2);
            }
        }
    }
    let a = walk_back(doc, i, None, lex);
    let owner = a < i && doc.is_possessive(a + 1)
        || doc.mention_at[a].is_some_and(|mi| doc.is_possessive(doc.mention_tokens[mi].1));
    let det = a > 0 && doc.folded(a - 1) == "the";
    if !(det || owner) {
        return None;
    }
    phrase(doc, a, b, lex)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Mention;

    fn ms(text: &str, spans: &[(&str, &str)]) -> Vec<Mention> {
        spans
            .iter()
            .map(|(needle, label)| {
                let start = text.find(needle).expect("needle");
                Mention {
                    start,
                    end: start + needle.len(),
                    label: label.to_string(),
                    entity: None,
                }
            })
            .collect()
    }

    fn slice(text: &str, p: &Phrase) -> String {
        text[p.start..p.end].to_string()
    }

    #[test]
    fn role_phrases_grown_as_far_as_they_go_are_all_found() {
        let lex = Lexicon::get();
        // Looking up every length up to the longest role phrase.
        let every_length = |d: &Doc, i: usize, end: usize| {
            let mut best = None;
            for j in i + 1..=end.min(i + lex.max_role_words) {
                let words: Vec<&str> = (i..j).map(|t| d.folded(t)).collect();
                if words.iter().any(|w| w.is_empty()) {
                    break;
                }
                if let Some(c) = lex.roles.get(&words.join(" ")) {
                    best = Some((j - i, c.as_str()));
                }
            }
            best
        };
        // Every role phrase, run together, then in sentences, and words
        // around them.
        let mut phrases: Vec<&str> = lex.roles.keys().map(String::as_str).collect();
        phrases.sort_unstable();
        let text = format!(
            "{} and {}. The Deputy Prime Minister, the Secretary of State of Ruritania \
             said; Vice President said the Commander in Chief",
            phrases.join(" "),
            phrases.join(". ")
        );
        let d = Doc::from_parts(&text, &[], &[]);
        let mut found = 0;
        for i in 0..d.tokens.len() + 1 {
            for end in [d.tokens.len(), d.sentence_end(i), i + 2] {
                let want = every_length(&d, i, end);
                assert_eq!(role_at(&d, i, end, lex), want, "token {i} to {end}");
                found += usize::from(want.is_some());
            }
        }
        assert!(found > phrases.len());
    }

    #[test]
    fn title_with_country_and_concept() {
        let text = "On Monday U.S. Secretary of Defense Ann Lee spoke.";
        let m = ms(text, &[("U.S.", "GPE"), ("Ann Lee", "PERSON")]);
        let d = Doc::from_parts(text, &[], &m);
        let lex = Lexicon::get();
        let name = d.mention_tokens[1].0;
        let p = title_before(&d, name, None, lex).expect("title");
        assert_eq!(slice(text, &p), "U.S. Secretary of Defense");
        assert_eq!(p.key.concept.as_deref(), Some("defense_minister"));
        assert_eq!(p.key.country.as_deref(), Some("united states"));
    }

    #[test]
    fn demonym_and_seat_of_power() {
        let text = "Then Russian President Ivan Petrov and Kremlin Press Secretary Oleg Orlov met.";
        let m = ms(
            text,
            &[
                ("Russian", "NORP"),
                ("Ivan Petrov", "PERSON"),
                ("Kremlin", "ORG"),
                ("Oleg Orlov", "PERSON"),
            ],
        );
        let d = Doc::from_parts(text, &[], &m);
        let lex = Lexicon::get();
        let p = title_before(&d, d.mention_tokens[1].0, None, lex).expect("title");
        assert_eq!(slice(text, &p), "Russian President");
        assert_eq!(p.key.country.as_deref(), Some("russia"));
        assert_eq!(p.key.concept.as_deref(), Some("president"));
        let p = title_before(&d, d.mention_tokens[3].0, None, lex).expect("title");
        assert_eq!(slice(text, &p), "Kremlin Press Secretary");
        assert_eq!(p.key.concept.as_deref(), Some("spokesperson"));
        assert_eq!(p.key.country.as_deref(), Some("russia"));
    }

    #[test]
    fn appositives() {
        let text = "Lena Ortiz, the chief executive of the fund, said so. Later the Ruritanian prime minister, Max Muster, left.";
        let m = ms(
            text,
            &[
                ("Lena Ortiz", "PERSON"),
                ("Ruritanian", "NORP"),
                ("Max Muster", "PERSON"),
            ],
        );
        let d = Doc::from_parts(text, &[], &m);
        let lex = Lexicon::get();
        let p = appositive_after(&d, d.mention_tokens[0].1, lex).expect("after");
        assert_eq!(slice(text, &p), "chief executive of the fund");
        assert_eq!(p.key.concept.as_deref(), Some("ceo"));
        let p = appositive_before(&d, d.mention_tokens[2].0, lex).expect("before");
        assert_eq!(slice(text, &p), "Ruritanian prime minister");
        assert_eq!(p.key.concept.as_deref(), Some("head_of_government"));
    }

    #[test]
    fn nominals_need_a_determiner_or_owner() {
        let text = "The talks went on. The Russian leader agreed. Lee's defense secretary did too. Russian leaders met. The White House leader smiled.";
        let m = ms(
            text,
            &[
                ("Russian", "NORP"),
                ("Lee", "PERSON"),
                ("White House", "ORG"),
            ],
        );
        let d = Doc::from_parts(text, &[], &m);
        let lex = Lexicon::get();
        let mut found: Vec<String> = (0..d.tokens.len())
            .filter_map(|i| nominal_at(&d, i, lex))
            .map(|p| slice(text, &p))
            .collect();
        found.dedup();
        assert_eq!(
            found,
            [
                "Russian leader",
                "Lee's defense secretary",
                "White House leader"
            ]
        );
        let p = nominal_at(&d, d.token_from(text.find("leader smiled").unwrap()), lex).unwrap();
        assert_eq!(p.key.country.as_deref(), Some("united states"));
        assert_eq!(p.key.institution.as_deref(), Some("white house"));
    }
}
