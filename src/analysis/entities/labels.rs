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
use super::names::{self, Name, Parses};
use crate::report::Article;

/// Relabel outvoted name mentions in place. Returns the parses made of
/// each mention's name on the way (per article, per mention), for
/// [`super::chains::build_with`] to reuse.
pub fn harmonise(articles: &mut [Article]) -> Vec<Vec<Parses>> {
    harmonise_threads(articles, 1)
}

/// A name mention's vote: its name's key, its group, and for a person
/// named with two words or more, the surname (which votes too).
type Ballot = Option<(String, Group, Option<String>)>;

/// [`harmonise`], the names parsed on several threads when `threads` > 1
/// (the articles with most mentions first,
/// [`crate::par::map_largest_first`]); the votes are counted in bundle
/// order.
pub fn harmonise_threads(articles: &mut [Article], threads: usize) -> Vec<Vec<Parses>> {
    let lex = Lexicon::get();
    let parsed: Vec<(Vec<Parses>, Vec<Ballot>)> = crate::par::map_largest_first(
        threads,
        articles.iter().collect(),
        |a| a.mentions.len(),
        |a: &Article| {
            let mut ballots = Vec::with_capacity(a.mentions.len());
            let mut parsed = vec![Parses::default(); a.mentions.len()];
            for (m, p) in a.mentions.iter().zip(parsed.iter_mut()) {
                let Some(g) = group_of(&m.label) else {
                    ballots.push(None);
                    continue;
                };
                let name = names::parse(&a.text, m.start, m.end, false, lex);
                let key = name.as_ref().map(Name::key);
                p.plain = Some(name);
                let Some(key) = key else {
                    ballots.push(None);
                    continue;
                };
                let mut surname = None;
                if g == Group::Person {
                    let person = names::parse(&a.text, m.start, m.end, true, lex);
                    if let Some(n) = &person {
                        if n.words.len() >= 2 {
                            surname = n.words.last().cloned();
                        }
                    }
                    p.person = Some(person);
                }
                ballots.push(Some((key, g, surname)));
            }
            (parsed, ballots)
        },
    );
    // Names (folded keys) by index, so votes are counted in vectors.
    let mut ids: HashMap<String, usize> = HashMap::default();
    let mut id_of = |key: String| {
        let n = ids.len();
        *ids.entry(key).or_insert(n)
    };
    // Per name, votes per group (indexed by `Group as usize`).
    let mut votes: Vec<[usize; GROUPS]> = Vec::new();
    let vote = |votes: &mut Vec<[usize; GROUPS]>, id: usize, g: Group| {
        if votes.len() <= id {
            votes.resize(id + 1, [0; GROUPS]);
        }
        votes[id][g as usize] += 1;
    };
    let mut label_votes: HashMap<(usize, Group), Vec<(String, usize)>> = HashMap::default();
    let mut keys: Vec<Vec<Option<(usize, Group)>>> = Vec::with_capacity(articles.len());
    let mut parses: Vec<Vec<Parses>> = Vec::with_capacity(articles.len());
    for (a, (parsed, ballots)) in articles.iter().zip(parsed) {
        let mut row = Vec::with_capacity(a.mentions.len());
        for (m, ballot) in a.mentions.iter().zip(ballots) {
            let Some((key, g, surname)) = ballot else {
                row.push(None);
                continue;
            };
            let id = id_of(key);
            vote(&mut votes, id, g);
            let labels = label_votes.entry((id, g)).or_default();
            match labels.iter_mut().find(|(l, _)| *l == m.label) {
                Some((_, n)) => *n += 1,
                None => labels.push((m.label.clone(), 1)),
            }
            if let Some(s) = surname {
                let sid = id_of(s);
                vote(&mut votes, sid, g);
            }
            row.push(Some((id, g)));
        }
        keys.push(row);
        parses.push(parsed);
    }
    for (a, row) in articles.iter_mut().zip(keys) {
        for (m, k) in a.mentions.iter_mut().zip(row) {
            let Some((id, g)) = k else { continue };
            let Some(v) = votes.get(id) else { continue };
            let own = v[g as usize];
            // The winning group: most votes, ties to the first in `Group`
            // order (only groups that got votes take part).
            let Some((win, n)) = ALL_GROUPS
                .iter()
                .map(|&x| (x, v[x as usize]))
                .filter(|&(_, c)| c > 0)
                .max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(&x.0)))
            else {
                continue;
            };
            if win == g || n <= own || v.iter().filter(|&&c| c == n).count() > 1 {
                continue;
            }
            let label = label_votes
                .get(&(id, win))
                .and_then(|l| l.iter().max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(&x.0))))
                .map(|(l, _)| l.clone())
                .unwrap_or_else(|| "PERSON".to_string());
            m.label = label;
        }
    }
    parses
}

/// Every group, for counting votes in arrays.
const ALL_GROUPS: [Group; 5] = [
    Group::Person,
    Group::Org,
    Group::Place,
    Group::Norp,
    Group::Other,
];
const GROUPS: usize = ALL_GROUPS.len();

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
