//! Names and their gender, as far as quote attribution needs them.
//!
//! - [`fallback`]: capitalised name sequences, used as speaker mentions only
//!   when the article has no NER mentions at all (the model missing or not
//!   run). Once NER mentions exist, speakers come from them.
//! - [`assign_genders`]: the grammatical gender of each person mention, for
//!   agreeing "he"/"she" with an antecedent: from an honorific before it
//!   (Mr., Ms.), from a given-name list, or from another mention of the same
//!   surname in the article. Unknown agrees with every pronoun.

use super::doc::{Doc, Label, Ment};
use super::lexicon::{Gender, Nominal};
use crate::analysis::tokenize::Kind as TokKind;
use rustc_hash::FxHashMap as HashMap;

/// Name connectors that may sit inside a capitalised name.
const CONNECTORS: [&str; 12] = [
    "de", "da", "del", "der", "van", "von", "bin", "al", "la", "le", "du", "dos",
];

/// Capitalised name sequences outside quotes, with a rough type.
pub fn fallback(doc: &Doc) -> Vec<Ment> {
    let mut out = Vec::new();
    for s in doc.sentences.iter() {
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            if !is_name_token(doc, i) || doc.in_quote(i) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < s.tokens.end && !doc.in_quote(j) {
                if is_name_token(doc, j) {
                    j += 1;
                } else if (CONNECTORS.contains(&doc.word(j)) || doc.word(j) == "of")
                    && j + 1 < s.tokens.end
                    && is_name_token(doc, j + 1)
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let mut a = i;
            // Words capitalised only by position, and the titles before a
            // person's name, are not part of the name.
            let org = (i..j).any(|k| matches!(doc.lex.nominal(doc.word(k)), Some(Nominal::Org(_))));
            while a < j
                && (doc.lex.stop.contains(doc.word(a))
                    || (!org && doc.lex.titles.contains_key(doc.word(a))))
            {
                a += 1;
            }
            if !org {
                // "Russian President Vladimir Putin": the name follows the
                // last title word.
                if let Some(k) = (a..j)
                    .rev()
                    .find(|&k| doc.lex.titles.contains_key(doc.word(k)))
                {
                    if k + 1 < j {
                        a = k + 1;
                    }
                }
            }
            let mut b = j;
            while b > a && (doc.lex.stop.contains(doc.word(b - 1)) || doc.word(b - 1) == "of") {
                b -= 1;
            }
            if a < b && !(b - a == 1 && is_cue_word(doc, a)) {
                let span = doc.span(&(a..b));
                out.push(Ment {
                    start: span[0],
                    end: span[1],
                    tok: a..b,
                    label: guess_label(doc, a, b),
                    gender: Gender::Unknown,
                });
            }
            i = j;
        }
    }
    out
}

fn is_name_token(doc: &Doc, i: usize) -> bool {
    match doc.kind(i) {
        Some(TokKind::Word) => doc.capitalised(i),
        Some(TokKind::Handle) => doc.raw(i).starts_with('@'),
        _ => false,
    }
}

fn is_cue_word(doc: &Doc, i: usize) -> bool {
    doc.lex.cues.longest_in([doc.word(i)]).is_some()
}

fn guess_label(doc: &Doc, a: usize, b: usize) -> Label {
    for k in a..b {
        if let Some(Nominal::Org(_)) = doc.lex.nominal(doc.word(k)) {
            return Label::Org;
        }
    }
    let first = doc.raw(a);
    if doc.name_gender(a) != Gender::Unknown {
        return Label::Person;
    }
    if a > 0 && doc.lex.titles.contains_key(doc.word(a - 1)) {
        return Label::Person;
    }
    if b - a == 1 && first.len() >= 2 && first.chars().all(|c| c.is_uppercase() || c == '.') {
        return Label::Org;
    }
    Label::Name
}

/// Fill `gender` of person-like mentions.
pub fn assign_genders(doc: &mut Doc) {
    let mut by_surname: HashMap<String, Gender> = HashMap::default();
    let mut genders = Vec::with_capacity(doc.mentions.len());
    for m in &doc.mentions {
        let g = if matches!(m.label, Label::Person | Label::Name) {
            own_gender(doc, m)
        } else {
            Gender::Unknown
        };
        if matches!(g, Gender::Male | Gender::Female) {
            if let Some(last) = m.tok.end.checked_sub(1) {
                let key = doc.word(last).to_string();
                let e = by_surname.entry(key).or_insert(g);
                if *e != g {
                    *e = Gender::Unknown;
                }
            }
        }
        genders.push(g);
    }
    for (m, g) in doc.mentions.iter_mut().zip(genders) {
        m.gender = g;
    }
    for i in 0..doc.mentions.len() {
        let m = &doc.mentions[i];
        if m.gender != Gender::Unknown || !matches!(m.label, Label::Person | Label::Name) {
            continue;
        }
        let Some(last) = m.tok.end.checked_sub(1) else {
            continue;
        };
        if let Some(&g) = by_surname.get(doc.word(last)) {
            doc.mentions[i].gender = g;
        }
    }
}

fn own_gender(doc: &Doc, m: &Ment) -> Gender {
    // An honorific right before the name (or its first token).
    for k in [m.tok.start.checked_sub(1), Some(m.tok.start)]
        .into_iter()
        .flatten()
    {
        if let Some(&g) = doc.lex.titles.get(doc.word(k)) {
            if matches!(g, Gender::Male | Gender::Female) {
                return g;
            }
        }
    }
    for k in m.tok.clone().take(3) {
        let g = doc.name_gender(k);
        if g != Gender::Unknown {
            return g;
        }
    }
    Gender::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &str) -> Vec<(String, Label)> {
        let d = Doc::new(t, &[], &[]);
        d.mentions
            .iter()
            .map(|m| (t[m.start..m.end].to_string(), m.label))
            .collect()
    }

    #[test]
    fn finds_capitalised_names_without_ner() {
        let got = names("But Defense Secretary Maria Lopez met the Foreign Ministry on Monday.");
        assert!(got.contains(&("Maria Lopez".to_string(), Label::Person)));
        assert!(got.contains(&("Foreign Ministry".to_string(), Label::Org)));
        assert!(!got
            .iter()
            .any(|(n, _)| n == "Monday" || n.starts_with("But")));
    }

    #[test]
    fn genders_from_titles_names_and_surnames() {
        let t = "Ms. Kowalczyk spoke. John Abbot listened. Then Abbot left.";
        let d = Doc::new(t, &[], &[]);
        let g: Vec<(&str, Gender)> = d
            .mentions
            .iter()
            .map(|m| (&t[m.start..m.end], m.gender))
            .collect();
        assert!(g.contains(&("Kowalczyk", Gender::Female)));
        assert!(g.contains(&("John Abbot", Gender::Male)));
        assert!(g.contains(&("Abbot", Gender::Male)));
    }
}
