//! Speaker phrases: the noun phrase that says something, found next to a
//! cue.
//!
//! - [`before`]: the subject left of a cue ("Defense Secretary Pete Hegseth
//!   told", "Kirill Dmitriev, the head of the fund, told", "he also said",
//!   "the ministry said", "a spokesman for the Kremlin said", "Trump on
//!   Wednesday said").
//! - [`after`]: the inverted subject right of a cue ("…,” said Trump", "…,”
//!   said the ministry") and the object of "according to", "told" or "by".
//!
//! The phrase's head says what kind of speaker it is: a mention (named
//! person, organisation or place), a pronoun, a nominal ("the ministry",
//! "officials"), or a generic phrase ("several diplomats") that names no
//! entity. Speakers always come from the NER mentions when there are any.

use super::doc::{Doc, Label};
use super::lexicon::{Gender, Nominal};
use crate::analysis::tokenize::Kind as TokKind;
use std::ops::Range;

/// What heads a speaker phrase.
#[derive(Debug, Clone, PartialEq)]
pub enum Head {
    /// A mention (index into `Doc::mentions`).
    Mention(usize),
    Pronoun(Gender),
    Nominal(Nominal),
    /// A phrase that names nobody in particular.
    Generic,
}

/// A speaker phrase: all of it, and its head.
#[derive(Debug, Clone, PartialEq)]
pub struct Np {
    pub tok: Range<usize>,
    pub head_tok: Range<usize>,
    pub head: Head,
}

const RELATIVE: [&str; 3] = ["who", "which", "that"];
const CLAUSE_BREAK: [&str; 18] = [
    "and", "but", "or", "that", "which", "who", "while", "as", "when", "because", "if", "since",
    "although", "though", "whether", "after", "before", "than",
];
const LINKS: [&str; 4] = ["for", "of", "at", "from"];
const PRE_TIME: [&str; 6] = ["on", "last", "this", "late", "early", "next"];

fn is_nominative_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "it" | "they" | "we" | "i")
}

/// The subject phrase ending right before token `cue` (not before `lo`).
pub fn before(doc: &Doc, cue: usize, lo: usize) -> Option<Np> {
    let mut j = skip_modifiers_back(doc, cue, lo);
    // A parenthesis right before the cue: "Sen. X (R-Ga.) said".
    if j > lo && doc.word(j - 1) == ")" {
        if let Some(k) = (lo..j - 1).rev().take(15).find(|&k| doc.word(k) == "(") {
            j = k;
        }
    }
    // Appositives, relative clauses and asides: "X, the head of Y, said",
    // "X, the head of Y, the Z fund, told", "X - who … - said", "X, however,
    // said". The first segment that is not one of these ends the subject.
    let mut end = j;
    for step in 0..4 {
        let sep = doc.word(end.wrapping_sub(1));
        if end <= lo || !matches!(sep, "," | "—" | "–" | "-") {
            break;
        }
        let comma = end - 1;
        let prev = (lo..comma)
            .rev()
            .take(40)
            .find(|&k| doc.word(k) == sep && !doc.in_quote(k));
        let seg = prev.map_or(lo, |p| p + 1)..comma;
        if (is_appositive(doc, seg.clone()) || is_aside(doc, seg)) && prev.is_some() {
            end = prev.map_or(lo, |p| p + 1);
        } else if step == 0 {
            // "Kyiv could not win, said Trump": not a subject position.
            return None;
        } else {
            end = comma;
            break;
        }
    }
    let j = end;
    ending_at(doc, j, lo)
}

/// Step back over auxiliaries, adverbs and time phrases before a cue.
fn skip_modifiers_back(doc: &Doc, mut j: usize, lo: usize) -> usize {
    let mut steps = 0;
    while j > lo && steps < 8 {
        let w = doc.word(j - 1);
        let time_phrase =
            PRE_TIME.contains(&w) && j < doc.len() && doc.lex.time.contains(doc.word(j));
        if doc.lex.aux.contains(w) || doc.lex.time.contains(w) || time_phrase {
            j -= 1;
        } else {
            break;
        }
        steps += 1;
    }
    j
}

/// A short aside between commas: "however", "for instance", "in turn".
fn is_aside(doc: &Doc, seg: Range<usize>) -> bool {
    !seg.is_empty()
        && seg.len() <= 3
        && seg.clone().all(|k| {
            let w = doc.word(k);
            doc.lex.aux.contains(w) || doc.lex.stop.contains(w) || doc.lex.time.contains(w)
        })
}

fn is_appositive(doc: &Doc, seg: Range<usize>) -> bool {
    if seg.is_empty() || seg.len() > 30 || seg.clone().any(|k| doc.in_quote(k)) {
        return false;
    }
    // A segment opening with a name is the subject itself, not an
    // appositive ("On Monday, Jane Roe, the envoy, said").
    let first = doc.word(seg.start);
    doc.lex.appositive_openers.contains(first)
        || first.ends_with("ing")
        || doc.lex.titles.contains_key(first)
        || doc.lex.nominal(first).is_some()
        || (doc.is_word(seg.start) && !doc.capitalised(seg.start))
        || matches!(doc.kind(seg.start), Some(TokKind::Number))
}

/// The speaker phrase whose last token is `e - 1`.
pub fn ending_at(doc: &Doc, e: usize, lo: usize) -> Option<Np> {
    if e <= lo || e > doc.len() {
        return None;
    }
    let t = e - 1;
    if doc.in_quote(t) {
        return None;
    }
    let w = doc.word(t);
    if let Some(mi) = doc.mention_of.get(t).copied().flatten() {
        let m = &doc.mentions[mi];
        if m.tok.end == e {
            let a = extend_left(doc, m.tok.start, lo);
            // "Trump and Putin agreed": the first of coordinated names.
            if a >= lo + 2 && doc.word(a - 1) == "and" && m.label != Label::Role {
                if let Some(first) = doc.mention_of.get(a - 2).copied().flatten() {
                    let f = &doc.mentions[first];
                    if f.label == m.label && f.tok.end == a - 1 {
                        let fa = extend_left(doc, f.tok.start, lo);
                        return Some(Np {
                            tok: fa..e,
                            head_tok: f.tok.clone(),
                            head: Head::Mention(first),
                        });
                    }
                }
            }
            let np = if m.label == Label::Role {
                Np {
                    tok: a..e,
                    head_tok: m.tok.clone(),
                    head: role_head(doc, m.tok.clone()),
                }
            } else {
                Np {
                    tok: a..e,
                    head_tok: m.tok.clone(),
                    head: Head::Mention(mi),
                }
            };
            return Some(representative(doc, np, lo));
        }
    }
    if is_nominative_pronoun(w) {
        let g = doc.lex.pronouns.get(w).copied().unwrap_or(Gender::Unknown);
        return Some(Np {
            tok: t..e,
            head_tok: t..e,
            head: Head::Pronoun(g),
        });
    }
    if RELATIVE.contains(&w) && t > lo && doc.word(t - 1) == "," {
        // "X, who said …": the speaker is X.
        let np = ending_at(doc, t - 1, lo)?;
        return Some(Np {
            tok: np.tok.start..e,
            ..np
        });
    }
    // Nominal heads, two words first ("press secretary", "white house").
    for len in [3usize, 2, 1] {
        if t + 1 < len || t + 1 - len < lo {
            continue;
        }
        let words = (t + 1 - len..e).map(|k| doc.word(k));
        if let Some((l, nom)) = doc.lex.nominals.longest_in(words) {
            if l == len {
                let a = extend_left(doc, modifiers_left(doc, t + 1 - len, lo), lo);
                let np = Np {
                    tok: a..e,
                    head_tok: a..e,
                    head: Head::Nominal(nom.clone()),
                };
                return Some(with_inner_mention(doc, representative(doc, np, lo)));
            }
        }
    }
    // A capitalised name the NER did not mark, or a generic phrase.
    if !doc.is_word(t) || CLAUSE_BREAK.contains(&w) || doc.lex.cues.longest_in([w]).is_some() {
        return None;
    }
    let mut a = t;
    while a > lo && t - a < 5 {
        let p = a - 1;
        let pw = doc.word(p);
        if !doc.is_word(p)
            || doc.in_quote(p)
            || CLAUSE_BREAK.contains(&pw)
            || doc.lex.cues.longest_in([pw]).is_some()
            || doc.lex.aux.contains(pw)
            || is_nominative_pronoun(pw)
        {
            break;
        }
        a = p;
    }
    // Not from a word capitalised only by position ("In May a judge").
    while a < t && doc.lex.stop.contains(doc.word(a)) && !doc.lex.determiners.contains(doc.word(a))
    {
        a += 1;
    }
    // "…, and that both leaders said": "that" opens the clause, not the
    // phrase.
    while a < t && doc.word(a) == "that" {
        a += 1;
    }
    let first = doc.word(a);
    let capital_run =
        (a..e).all(|k| doc.capitalised(k) || doc.lex.titles.contains_key(doc.word(k)));
    // A bare plural ("legal experts") only when short: longer runs of
    // lowercase words are usually a clause, not a subject.
    let plural_head =
        w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && doc.is_word(t) && e - a <= 3;
    let capital_first = doc.capitalised(a) && !doc.lex.stop.contains(first);
    if doc.lex.determiners.contains(first) || capital_run || capital_first || plural_head {
        let a = if capital_run {
            // Only the capitalised tail: "Yesterday Smith said" → Smith.
            (a..e)
                .find(|&k| !doc.lex.stop.contains(doc.word(k)))
                .unwrap_or(t)
        } else {
            a
        };
        return Some(Np {
            tok: a..e,
            head_tok: a..e,
            head: Head::Generic,
        });
    }
    None
}

/// Lowercase modifiers before a nominal head ("legal experts", "senior
/// administration officials"): up to three plain words.
fn modifiers_left(doc: &Doc, mut a: usize, lo: usize) -> usize {
    let mut n = 0;
    while a > lo && n < 3 {
        let p = a - 1;
        let w = doc.word(p);
        let plain = doc.is_word(p)
            && !doc.capitalised(p)
            && !doc.in_quote(p)
            && !CLAUSE_BREAK.contains(&w)
            && !doc.lex.aux.contains(w)
            && !doc.lex.stop.contains(w)
            && !doc.lex.determiners.contains(w)
            && !is_nominative_pronoun(w)
            && doc.lex.cues.longest_in([w]).is_none();
        if !plain {
            break;
        }
        a = p;
        n += 1;
    }
    a
}

/// "the Russian leader" as a role mention: a person known by role.
fn role_head(doc: &Doc, r: Range<usize>) -> Head {
    for k in r.clone().rev() {
        if let Some(n) = doc.lex.nominal(doc.word(k)) {
            return Head::Nominal(n.clone());
        }
    }
    Head::Nominal(Nominal::Person(Gender::Unknown))
}

/// Extend a phrase start left over titles, roles, determiners, capitalised
/// modifiers and possessors ("Russia's Defense Ministry", "U.S. Defense
/// Secretary Pete Hegseth").
fn extend_left(doc: &Doc, mut a: usize, lo: usize) -> usize {
    let mut steps = 0;
    while a > lo && steps < 8 {
        let p = a - 1;
        let w = doc.word(p);
        if doc.in_quote(p) {
            break;
        }
        if let Some(m) = doc.mention_at(p) {
            a = m.tok.start.max(lo);
        } else if doc.lex.titles.contains_key(w)
            || doc.lex.determiners.contains(w)
            || w == "'s"
            || (doc.is_word(p) && doc.capitalised(p) && !doc.lex.stop.contains(w))
        {
            a = p;
        } else {
            break;
        }
        steps += 1;
    }
    // Never start on a word capitalised only by position.
    while a < doc.len()
        && doc.lex.stop.contains(doc.word(a))
        && !doc.lex.determiners.contains(doc.word(a))
    {
        a += 1;
    }
    a
}

/// "a spokesman for the Kremlin": a person speaking for an organisation is
/// represented by it. Called on a phrase that starts after "for"/"of".
fn representative(doc: &Doc, np: Np, lo: usize) -> Np {
    let a = np.tok.start;
    if a >= lo + 2 && LINKS.contains(&doc.word(a - 1)) {
        if let Some(inner) = ending_at(doc, a - 1, lo) {
            if let Head::Nominal(Nominal::Person(_) | Nominal::Group) = inner.head {
                return Np {
                    tok: inner.tok.start..np.tok.end,
                    ..np
                };
            }
        }
    }
    np
}

/// "Kremlin officials", "the Russian Defense Ministry": a nominal phrase
/// holding a speaking mention is that mention.
fn with_inner_mention(doc: &Doc, np: Np) -> Np {
    let m = np
        .tok
        .clone()
        .rev()
        .filter_map(|k| doc.mention_of.get(k).copied().flatten())
        .find(|&mi| {
            // "Russian officials", "European leaders": a nationality or
            // place modifier is not who speaks.
            let l = doc.mentions[mi].label;
            l.speaks() && !matches!(l, Label::Place | Label::Group)
        });
    match (m, &np.head) {
        (Some(mi), Head::Nominal(Nominal::Org(_) | Nominal::Group)) => Np {
            head_tok: doc.mentions[mi].tok.clone(),
            head: Head::Mention(mi),
            ..np
        },
        _ => np,
    }
}

/// The speaker phrase starting at token `j` (not past `hi`): after an
/// inverted cue, "according to", "told" or "by".
pub fn after(doc: &Doc, j: usize, hi: usize) -> Option<Np> {
    if j >= hi || doc.in_quote(j) {
        return None;
    }
    let w = doc.word(j);
    if is_nominative_pronoun(w) {
        let g = doc.lex.pronouns.get(w).copied().unwrap_or(Gender::Unknown);
        return Some(Np {
            tok: j..j + 1,
            head_tok: j..j + 1,
            head: Head::Pronoun(g),
        });
    }
    // Scan a phrase: determiners, titles, capitalised words, mentions,
    // nominal heads; then maybe "for/of/at" and another phrase.
    let mut e = j;
    let mut best: Option<(usize, Range<usize>)> = None;
    let mut nominal: Option<(Nominal, usize)> = None;
    let mut lowercase_skips = 0;
    while e < hi && e - j < 10 {
        let w = doc.word(e);
        if doc.in_quote(e) {
            break;
        }
        if let Some(mi) = doc.mention_of.get(e).copied().flatten() {
            let m = &doc.mentions[mi];
            if m.label.speaks() {
                let better = best.as_ref().is_none_or(|(b, _)| {
                    doc.mentions[*b].label != Label::Person || m.label == Label::Person
                });
                if better {
                    best = Some((mi, m.tok.clone()));
                }
            }
            e = m.tok.end.max(e + 1);
            continue;
        }
        if let Some(n) = doc.lex.nominal(w) {
            nominal = Some((n.clone(), e));
            e += 1;
            continue;
        }
        let phrase_start = e == j || LINKS.contains(&doc.word(e - 1));
        if (doc.lex.determiners.contains(w) && phrase_start)
            || (doc.lex.titles.contains_key(w) && (phrase_start || doc.capitalised(e)))
            || w == "'s"
            || (doc.is_word(e) && doc.capitalised(e))
        {
            e += 1;
            continue;
        }
        if LINKS.contains(&w) && nominal.is_some() && best.is_none() {
            e += 1;
            continue;
        }
        // Lowercase modifiers before a name: "undecided voter Jane Roe".
        let name_ahead = |k: usize| {
            k < hi && (doc.mention_at(k).is_some() || (doc.is_word(k) && doc.capitalised(k)))
        };
        if lowercase_skips < 3
            && doc.is_word(e)
            && !CLAUSE_BREAK.contains(&w)
            && doc.lex.cues.longest_in([w]).is_none()
            && (name_ahead(e + 1)
                || (name_ahead(e + 2)
                    && doc.is_word(e + 1)
                    && !CLAUSE_BREAK.contains(&doc.word(e + 1))))
        {
            lowercase_skips += 1;
            e += 1;
            continue;
        }
        break;
    }
    if e == j {
        return None;
    }
    // "a Democratic strategist", "a Russian official": a nationality or
    // place modifying a plain noun names no one.
    let modifier_only = best
        .as_ref()
        .is_some_and(|(mi, _)| matches!(doc.mentions[*mi].label, Label::Group | Label::Place));
    if modifier_only && e < hi && doc.is_word(e) && !doc.capitalised(e) {
        let mut k = e;
        while k < hi && k - e < 3 && doc.is_word(k) && !doc.capitalised(k) {
            let w = doc.word(k);
            if CLAUSE_BREAK.contains(&w) || doc.lex.cues.longest_in([w]).is_some() {
                break;
            }
            k += 1;
        }
        if k > e {
            return Some(Np {
                tok: j..k,
                head_tok: j..k,
                head: Head::Generic,
            });
        }
    }
    if let Some((mi, r)) = best {
        return Some(Np {
            tok: j..e,
            head_tok: r,
            head: Head::Mention(mi),
        });
    }
    if let Some((n, k)) = nominal {
        return Some(Np {
            tok: j..k + 1,
            head_tok: j..k + 1,
            head: Head::Nominal(n),
        });
    }
    let first_cap =
        (j..e).find(|&k| doc.capitalised(k) && !doc.lex.determiners.contains(doc.word(k)));
    if first_cap.is_some() || doc.lex.determiners.contains(w) {
        // A generic phrase: up to the next clause boundary.
        let mut k = e;
        while k < hi && k - j < 8 && doc.is_word(k) && !CLAUSE_BREAK.contains(&doc.word(k)) {
            if doc.lex.cues.longest_in([doc.word(k)]).is_some() {
                break;
            }
            k += 1;
        }
        return Some(Np {
            tok: j..k,
            head_tok: j..k,
            head: Head::Generic,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subj(t: &str, cue: &str) -> Option<(String, Head)> {
        let d = Doc::new(t, &[], &[]);
        let c = d.find_word(cue)?;
        let s = d.sentence(d.sent_of[c]).start;
        let np = before(&d, c, s)?;
        let sp = d.span(&np.head_tok);
        Some((t[sp[0]..sp[1]].to_string(), np.head))
    }

    fn name(t: &str, cue: &str) -> Option<String> {
        subj(t, cue).map(|x| x.0)
    }

    #[test]
    fn subjects_before_cues() {
        assert_eq!(
            name("U.S. Defense Secretary Pete Hegseth also said it.", "said").as_deref(),
            Some("Pete Hegseth")
        );
        assert_eq!(
            name("Kirill Dmitriev, the head of a fund, told CNBC it.", "told").as_deref(),
            Some("Kirill Dmitriev")
        );
        assert_eq!(
            subj("Then he said it.", "said"),
            Some(("he".to_string(), Head::Pronoun(Gender::Male)))
        );
        let ministry = subj("The ministry said it.", "said");
        assert_eq!(
            ministry.as_ref().map(|x| x.0.as_str()),
            Some("The ministry")
        );
        assert!(matches!(
            ministry.map(|x| x.1),
            Some(Head::Nominal(Nominal::Org(_)))
        ));
        assert_eq!(
            name("Trump on Wednesday said it.", "said").as_deref(),
            Some("Trump")
        );
        assert_eq!(name("We will win, said Trump.", "said"), None);
    }

    #[test]
    fn inverted_subjects() {
        let t = "“We won,” said Russian President Vladimir Putin.";
        let d = Doc::new(t, &[], &[]);
        let c = d.find_word("said").unwrap_or(0);
        let np = after(&d, c + 1, d.len());
        let sp = np.map(|n| d.span(&n.head_tok)).unwrap_or([0, 0]);
        assert_eq!(&t[sp[0]..sp[1]], "Vladimir Putin");
    }
}
