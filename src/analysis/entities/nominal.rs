//! Nominal mentions: "the Russian leader", "the ministry", "the city".
//!
//! Two kinds. Role nominals name a person by role and are answered by the
//! alias table ([`super::alias`]) — within the article, and across the
//! bundle when resolving at bundle level. Typed nominals ("the ministry",
//! "the fund", "the city", "the country", "the man") name an entity by the
//! kind of thing it is; they refer back, within the article, to the most
//! recent entity of that kind — an organisation whose name holds the head
//! word (or a word `heads.tsv` allows for it), a place that is or is not a
//! country, a person of agreeing gender. They never reach across articles.

use super::chains::{Group, Local};
use super::doc::Doc;
use super::lexicon::{HeadKind, Lexicon};
use super::roles::{self, Phrase};

/// Every role nominal of an article, in text order, not overlapping.
pub fn role_nominals(doc: &Doc, lex: &Lexicon) -> Vec<Phrase> {
    let mut out: Vec<Phrase> = Vec::new();
    let mut i = 0;
    while i < doc.tokens.len() {
        let w = doc.folded(i);
        // No role word is empty (punctuation folds to nothing).
        if !w.is_empty() && lex.is_role_word(w) {
            if let Some(p) = roles::nominal_at(doc, i, lex) {
                if out.last().is_none_or(|l| l.end <= p.start) {
                    let next = doc.token_from(p.end);
                    out.push(p);
                    i = next.max(i + 1);
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// What a span the caller calls a nominal holds.
#[derive(Debug, Clone)]
pub enum Nominal {
    Role(Phrase),
    Typed { head: String, kinds: Vec<HeadKind> },
}

const POST_MODIFIERS: [&str; 12] = [
    "of", "to", "who", "whom", "which", "that", "with", "in", "from", "at", "on", "for",
];

/// Token range of a span and its head: the last word before a
/// post-modifier ("of", "who", …) or punctuation. Returns `(first, head)`.
pub fn head_token(doc: &Doc, start: usize, end: usize) -> Option<(usize, usize)> {
    let a = doc.token_at(start);
    let b = doc.token_from(end).max(a);
    let mut head_end = a;
    for i in a..b {
        let w = doc.folded(i);
        if (POST_MODIFIERS.contains(&w) || w.is_empty()) && i > a {
            break;
        }
        head_end = i + 1;
    }
    Some((a, head_end.checked_sub(1)?))
}

/// Determiners that let a typed nominal refer back ("the city", "this
/// company"); possessive and indefinite ones ("his father", "a city") do
/// not, except through an appositive or a copula.
const DEFINITE: [&str; 5] = ["the", "this", "that", "these", "those"];

/// Read the span `[start, end)` as a nominal: a role phrase if it holds
/// one, else its head noun if `heads.tsv` knows it and the span is
/// definite.
pub fn read_span(doc: &Doc, start: usize, end: usize, lex: &Lexicon) -> Option<Nominal> {
    let (a, head_tok) = head_token(doc, start, end)?;
    let head_end = head_tok + 1;
    for i in a..head_end {
        if let Some(p) = roles::nominal_at(doc, i, lex) {
            return Some(Nominal::Role(p));
        }
    }
    let mut head = doc.folded(head_tok).to_string();
    // Role words without a determiner ("President" alone) still give a key.
    let key = roles::read_key(doc, a, head_end, lex);
    if key.concept.is_some() && !lex.heads.contains_key(&head) {
        return Some(Nominal::Role(Phrase {
            start: doc.tokens.get(a)?.start,
            end: doc.tokens.get(head_tok)?.end,
            key,
        }));
    }
    if !DEFINITE.contains(&doc.folded(a)) {
        return None;
    }
    if !lex.heads.contains_key(&head) && head.len() > 3 && head.ends_with('s') {
        let singular = head[..head.len() - 1].to_string();
        if lex.heads.contains_key(&singular) {
            head = singular;
        }
    }
    let kinds = lex.heads.get(&head)?.clone();
    Some(Nominal::Typed { head, kinds })
}

const COPULAS: [&str; 9] = [
    "is", "was", "are", "were", "becomes", "became", "remains", "remained", "being",
];
const COPULA_ADVERBS: [&str; 8] = [
    "also",
    "still",
    "now",
    "then",
    "once",
    "later",
    "originally",
    "not",
];

/// A name the span is tied to by syntax: an appositive right after it
/// ("Ann Lee, a schoolteacher,"), a predicate ("Lodz is a city of …") or
/// an appositive right before it ("the mayor, Ann Lee,").
pub fn syntactic_link(doc: &Doc, start: usize, end: usize) -> Option<usize> {
    let named = |t: usize| -> Option<usize> {
        let mi = doc.mention_at.get(t).copied().flatten()?;
        doc.mention_group(mi).map(|_| mi)
    };
    let a = doc.token_at(start);
    let b = doc.token_from(end).max(a);
    if a >= 2 && matches!(doc.word(a - 1), "," | "(") && !doc.break_after(a - 2) {
        if let Some(mi) = named(a - 2).filter(|&mi| doc.mention_tokens[mi].1 == a - 1) {
            return Some(mi);
        }
    }
    let mut k = a;
    while k > 0 && COPULA_ADVERBS.contains(&doc.folded(k - 1)) {
        k -= 1;
    }
    if k >= 2 && COPULAS.contains(&doc.folded(k - 1)) {
        if let Some(mi) = named(k - 2).filter(|&mi| doc.mention_tokens[mi].1 == k - 1) {
            return Some(mi);
        }
    }
    if doc.word(b) == "," && a == doc.sentence_start(a.min(doc.tokens.len().saturating_sub(1))) {
        if let Some(mi) = named(b + 1).filter(|&mi| doc.mention_tokens[mi].0 == b + 1) {
            let after = doc.mention_tokens[mi].1;
            if matches!(doc.word(after), "," | "." | ";") {
                return Some(mi);
            }
        }
    }
    None
}

/// Salience weights of a mention by sentence distance (typed nominals
/// look further back than pronouns: "the city" often means the place the
/// whole passage is about).
const SALIENCE: [i64; 11] = [100, 60, 40, 30, 20, 15, 10, 8, 6, 5, 4];

/// The mention a typed nominal at byte `at` refers to, within the article:
/// the most salient earlier entity of the right kind (recency, repetition,
/// subject position), strongly preferring one whose name holds the head
/// word ("the river" → "Hudson River"). For an organisation head the name
/// must hold the head or a word `heads.tsv` allows, unless that file marks
/// the head with `*` (any organisation will do when none matches).
pub fn resolve_typed(
    doc: &Doc,
    local: &Local,
    at: usize,
    head: &str,
    kinds: &[HeadKind],
) -> Option<usize> {
    let lex = super::lexicon::Lexicon::get();
    let s = doc.sentence_at(at);
    let person = kinds.iter().any(|k| matches!(k, HeadKind::Person(_)));
    let org = kinds.iter().any(|k| matches!(k, HeadKind::Org(_)));
    let window = if person {
        4
    } else if org {
        40
    } else {
        SALIENCE.len() - 1
    };
    // Only mentions within the window can score: with sorted mentions,
    // look at just those (long articles stay linear).
    let near = if doc.mentions_sorted {
        let lo = doc.mention_partition(|start, _| doc.sentence_at(start) + window < s);
        lo..doc.mention_partition(|start, _| start <= at)
    } else {
        0..doc.mention_count()
    };
    let mut scores: Vec<(usize, i64, usize)> = Vec::new(); // chain, score, last mention
    for pass in 0..2 {
        for (mi, (start, end)) in doc
            .mention_spans()
            .enumerate()
            .take(near.end)
            .skip(near.start)
        {
            if end > at {
                continue;
            }
            let Some(ci) = local.chain_of.get(mi).copied().flatten() else {
                continue;
            };
            let chain = &local.chains[ci];
            let named_head = chain.words.iter().any(|w| w == head);
            let ok = kinds.iter().any(|k| match k {
                HeadKind::Org(words) => {
                    chain.group == Group::Org
                        && (named_head
                            || chain.words.iter().any(|w| words.contains(w))
                            || pass == 1 && words.iter().any(|w| w == "*"))
                }
                HeadKind::Country => chain.key.starts_with("c:"),
                HeadKind::City => chain.group == Group::Place && !chain.key.starts_with("c:"),
                HeadKind::Region => chain.group == Group::Place,
                HeadKind::Person(g) => {
                    chain.group == Group::Person
                        && (g.is_none() || chain.gender.is_none() || chain.gender == *g)
                }
            });
            let d = s.saturating_sub(doc.sentence_at(start));
            if !ok || d > window {
                continue;
            }
            let (a, b) = doc.mention_tokens[mi];
            let (subject, _) = super::pronoun::role_of(doc, a, b, Some(mi), lex);
            let w = SALIENCE.get(d).copied().unwrap_or(2)
                + if subject { 30 } else { 0 }
                + if named_head { 500 } else { 0 };
            match scores.iter_mut().find(|x| x.0 == ci) {
                Some(x) => {
                    x.1 += w;
                    x.2 = mi;
                }
                None => scores.push((ci, w, mi)),
            }
        }
        if !scores.is_empty() {
            break;
        }
    }
    scores
        .into_iter()
        .max_by(|x, y| {
            x.1.cmp(&y.1)
                .then(doc.mention_start(x.2).cmp(&doc.mention_start(y.2)))
        })
        .map(|x| x.2)
}

#[cfg(test)]
mod tests {
    use super::super::chains::build;
    use super::*;

    use super::super::fixtures::mentions as ms;

    #[test]
    fn the_ministry_is_the_last_ministry_named() {
        let text =
            "The Ruritanian Defense Ministry said the Grain Board agreed. The ministry added more.";
        let m = ms(
            text,
            &[
                ("Ruritanian Defense Ministry", "ORG"),
                ("Grain Board", "ORG"),
            ],
        );
        let d = Doc::from_parts(text, &[], &m);
        let lex = Lexicon::get();
        let l = build(&d, lex);
        let at = text.find("The ministry").unwrap();
        let Some(Nominal::Typed { head, kinds }) = read_span(&d, at, at + 12, lex) else {
            panic!("typed nominal")
        };
        assert_eq!(resolve_typed(&d, &l, at, &head, &kinds), Some(0));
    }

    #[test]
    fn the_city_and_the_country() {
        let text =
            "Shells hit Brightwater in Ruritania. The city was dark and the country mourned.";
        let m = ms(text, &[("Brightwater", "GPE"), ("Ruritania", "GPE")]);
        let d = Doc::from_parts(text, &[], &m);
        let lex = Lexicon::get();
        let l = build(&d, lex);
        let at = text.find("The city").unwrap();
        let Some(Nominal::Typed { head, kinds }) = read_span(&d, at, at + 8, lex) else {
            panic!("typed")
        };
        // Ruritania is not a known country, so "the city" takes the most
        // recent place: still the nearest answer the text supports.
        assert!(resolve_typed(&d, &l, at, &head, &kinds).is_some());
    }

    #[test]
    fn role_nominals_are_found_once() {
        let text = "The Ruritanian prime minister spoke. Later the prime minister left.";
        let m = ms(text, &[("Ruritanian", "NORP")]);
        let d = Doc::from_parts(text, &[], &m);
        let found = role_nominals(&d, Lexicon::get());
        assert_eq!(found.len(), 2);
        assert_eq!(
            &text[found[0].start..found[0].end],
            "Ruritanian prime minister"
        );
    }
}
