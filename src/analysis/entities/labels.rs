//! One type per name across the bundle.
//!
//! A tagger decides each occurrence on its own, so the same name can come
//! out as PERSON in one sentence and ORG or GPE in another ("Kyiv" tagged
//! as a person once). A bundle covers one event, and within it a name
//! almost always keeps one sense, so before resolution every name mention
//! votes for its group under its folded text, full person names also vote
//! PERSON for their surname, and a mention whose group is outvoted takes
//! the winning group's most common label. Ties change nothing.

use rustc_hash::FxHashMap as HashMap;

use super::chains::{group_of, Group};
use super::lexicon::Lexicon;
use super::names;
use crate::report::Article;

/// Relabel outvoted name mentions in place.
pub fn harmonise(articles: &mut [Article]) {
    let lex = Lexicon::get();
    let mut votes: HashMap<String, HashMap<Group, usize>> = HashMap::default();
    let mut label_votes: HashMap<(String, Group), HashMap<String, usize>> = HashMap::default();
    let mut keys: Vec<Vec<Option<(String, Group)>>> = Vec::with_capacity(articles.len());
    for a in articles.iter() {
        let mut row = Vec::with_capacity(a.mentions.len());
        for m in &a.mentions {
            let Some(g) = group_of(&m.label) else {
                row.push(None);
                continue;
            };
            let Some(name) = names::parse(&a.text, m.start, m.end, false, lex) else {
                row.push(None);
                continue;
            };
            let key = name.key();
            *votes.entry(key.clone()).or_default().entry(g).or_default() += 1;
            *label_votes
                .entry((key.clone(), g))
                .or_default()
                .entry(m.label.clone())
                .or_default() += 1;
            if g == Group::Person {
                if let Some(p) = names::parse(&a.text, m.start, m.end, true, lex) {
                    if p.words.len() >= 2 {
                        if let Some(s) = p.words.last() {
                            *votes.entry(s.clone()).or_default().entry(g).or_default() += 1;
                        }
                    }
                }
            }
            row.push(Some((key, g)));
        }
        keys.push(row);
    }
    for (a, row) in articles.iter_mut().zip(keys) {
        for (m, k) in a.mentions.iter_mut().zip(row) {
            let Some((key, g)) = k else { continue };
            let Some(v) = votes.get(&key) else { continue };
            let own = v.get(&g).copied().unwrap_or(0);
            let Some((&win, &n)) = v.iter().max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0))) else {
                continue;
            };
            if win == g || n <= own || v.values().filter(|&&c| c == n).count() > 1 {
                continue;
            }
            let label = label_votes
                .get(&(key, win))
                .and_then(|l| l.iter().max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0))))
                .map(|(l, _)| l.clone())
                .unwrap_or_else(|| "PERSON".to_string());
            m.label = label;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(text: &str, spans: &[(&str, &str)]) -> Article {
        super::super::fixtures::article("", text, spans)
    }

    #[test]
    fn outvoted_mentions_take_the_majority_type() {
        let mut arts = vec![
            art("Lviv and Lviv.", &[("Lviv", "GPE"), ("Lviv", "GPE")]),
            art("Lviv spoke.", &[("Lviv", "PERSON")]),
            art(
                "Ana Novak met Novak. Ana Novak left.",
                &[
                    ("Ana Novak", "PERSON"),
                    ("Novak", "ORG"),
                    ("Ana Novak", "PERSON"),
                ],
            ),
        ];
        harmonise(&mut arts);
        assert_eq!(arts[1].mentions[0].label, "GPE");
        assert_eq!(arts[2].mentions[1].label, "PERSON");
    }

    #[test]
    fn ties_change_nothing() {
        let mut arts = vec![art(
            "Jordan and Jordan.",
            &[("Jordan", "GPE"), ("Jordan", "PERSON")],
        )];
        harmonise(&mut arts);
        assert_eq!(arts[0].mentions[0].label, "GPE");
        assert_eq!(arts[0].mentions[1].label, "PERSON");
    }
}
