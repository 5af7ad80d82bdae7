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

/// A name mention's vote: the index of its surface among the distinct
/// surfaces ([`Surface`]) and its group.
type Ballot = Option<(usize, Group)>;

/// One distinct surface of the bundle's name mentions, parsed (offsets
/// from its start): plainly, and as a person's name when some mention of
/// it is tagged as a person and the plain parse found a name.
struct Surface {
    plain: Option<Name>,
    person: Option<Option<Name>>,
    /// The plain name's key.
    key: Option<String>,
    /// For a person's name of two words or more, its surname (which votes
    /// too).
    surname: Option<String>,
}

/// [`harmonise`], the names parsed on several threads when `threads` > 1;
/// the votes are counted in bundle order. A name's parse depends only on
/// its text, so each distinct surface is parsed once and its parse moved
/// to each mention's offsets: BASIL's 17,026 name mentions have 3,059
/// surfaces, and parsing every mention (twice for persons) cost ≈ 45 M
/// instructions.
pub fn harmonise_threads(articles: &mut [Article], threads: usize) -> Vec<Vec<Parses>> {
    let lex = Lexicon::get();
    // Each name mention's surface, by index into `distinct`.
    let mut index: HashMap<&str, usize> = HashMap::default();
    let mut distinct: Vec<(&str, bool)> = Vec::new();
    let mut at: Vec<Vec<Option<(usize, Group)>>> = Vec::with_capacity(articles.len());
    for a in articles.iter() {
        let row = a
            .mentions
            .iter()
            .map(|m| {
                let g = group_of(&m.label)?;
                // A span off the text or off char boundaries holds no name
                // (`names::parse` gives `None` for it too).
                let surface = a.text.get(m.start..m.end)?;
                let n = distinct.len();
                let i = *index.entry(surface).or_insert(n);
                if i == n {
                    distinct.push((surface, false));
                }
                distinct[i].1 |= g == Group::Person;
                Some((i, g))
            })
            .collect();
        at.push(row);
    }
    let parsed: Vec<Surface> = crate::par::map(threads, distinct, |(surface, person)| {
        let plain = names::parse(surface, 0, surface.len(), false, lex);
        let key = plain.as_ref().map(Name::key);
        let person =
            (person && key.is_some()).then(|| names::parse(surface, 0, surface.len(), true, lex));
        let surname = match &person {
            Some(Some(n)) if n.words.len() >= 2 => n.words.last().cloned(),
            _ => None,
        };
        Surface {
            plain,
            person,
            key,
            surname,
        }
    });
    let parsed = &parsed;
    let (parses, ballots): (Vec<Vec<Parses>>, Vec<Vec<Ballot>>) = crate::par::map_largest_first(
        threads,
        articles.iter().zip(at).collect(),
        |(a, _)| a.mentions.len(),
        |(a, row): (&Article, Vec<Option<(usize, Group)>>)| {
            let mut ballots = Vec::with_capacity(a.mentions.len());
            let mut parses = vec![Parses::default(); a.mentions.len()];
            for ((m, p), found) in a.mentions.iter().zip(parses.iter_mut()).zip(row) {
                let Some((i, g)) = found else {
                    // Not a name, or a span off the text (parsed as before).
                    if group_of(&m.label).is_some() {
                        p.plain = Some(names::parse(&a.text, m.start, m.end, false, lex));
                    }
                    ballots.push(None);
                    continue;
                };
                let s = &parsed[i];
                p.plain = Some(s.plain.as_ref().map(|n| n.shifted(m.start)));
                if s.key.is_none() {
                    ballots.push(None);
                    continue;
                }
                if g == Group::Person {
                    p.person = s
                        .person
                        .as_ref()
                        .map(|n| n.as_ref().map(|n| n.shifted(m.start)));
                }
                ballots.push(Some((i, g)));
            }
            (parses, ballots)
        },
    )
    .into_iter()
    .unzip();
    // Names (folded keys) by index, so votes are counted in vectors.
    let mut ids: HashMap<&str, usize> = HashMap::default();
    // Per name, votes per group (indexed by `Group as usize`).
    let mut votes: Vec<[usize; GROUPS]> = Vec::new();
    let vote = |votes: &mut Vec<[usize; GROUPS]>, id: usize, g: Group| {
        if votes.len() <= id {
            votes.resize(id + 1, [0; GROUPS]);
        }
        votes[id][g as usize] += 1;
    };
    let mut keys: Vec<Vec<Option<(usize, Group)>>> = Vec::with_capacity(articles.len());
    for ballots in ballots {
        // (One ballot per mention.)
        let mut row = Vec::with_capacity(ballots.len());
        for ballot in ballots {
            let Some((i, g)) = ballot else {
                row.push(None);
                continue;
            };
            let Some(key) = &parsed[i].key else {
                row.push(None);
                continue;
            };
            let id = id_of(&mut ids, key);
            vote(&mut votes, id, g);
            // Only a person's mention votes for its surname.
            if let (Group::Person, Some(s)) = (g, &parsed[i].surname) {
                let sid = id_of(&mut ids, s);
                vote(&mut votes, sid, g);
            }
            row.push(Some((id, g)));
        }
        keys.push(row);
    }
    // Mentions to relabel (article, mention, name, winning group): few
    // or none, so labels are counted below only for the names they need
    // (counting every name mention's label, a map entry each and a copy
    // of each new label, cost more than the whole relabelling).
    let mut relabel: Vec<(usize, usize, usize, Group)> = Vec::new();
    for (ai, row) in keys.iter().enumerate() {
        for (mi, k) in row.iter().enumerate() {
            let Some((id, g)) = *k else { continue };
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
            relabel.push((ai, mi, id, win));
        }
    }
    // The winning group's most common label among the name's mentions
    // (ties to the smallest label), counted before any is changed, in one
    // pass over the mentions of the names that need it.
    let mut wanted = vec![false; votes.len()];
    let mut counts: HashMap<(usize, Group), Vec<(&str, usize)>> = HashMap::default();
    for &(_, _, id, win) in &relabel {
        if let Some(w) = wanted.get_mut(id) {
            *w = true;
        }
        counts.entry((id, win)).or_default();
    }
    if !relabel.is_empty() {
        for (a, row) in articles.iter().zip(&keys) {
            for (m, k) in a.mentions.iter().zip(row) {
                let Some(k) = *k else { continue };
                if !wanted.get(k.0).copied().unwrap_or(false) {
                    continue;
                }
                let Some(labels) = counts.get_mut(&k) else {
                    continue;
                };
                match labels.iter_mut().find(|(l, _)| *l == m.label) {
                    Some((_, n)) => *n += 1,
                    None => labels.push((m.label.as_str(), 1)),
                }
            }
        }
    }
    let winners: HashMap<(usize, Group), String> = counts
        .into_iter()
        .map(|(k, labels)| {
            let label = labels
                .iter()
                .max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(x.0)))
                .map_or_else(|| "PERSON".to_string(), |(l, _)| (*l).to_string());
            (k, label)
        })
        .collect();
    for (ai, mi, id, win) in relabel {
        if let (Some(m), Some(l)) = (
            articles.get_mut(ai).and_then(|a| a.mentions.get_mut(mi)),
            winners.get(&(id, win)),
        ) {
            m.label = l.clone();
        }
    }
    parses
}

/// The index of `key` in `ids`, the next one when it is new.
fn id_of<'k>(ids: &mut HashMap<&'k str, usize>, key: &'k str) -> usize {
    let n = ids.len();
    *ids.entry(key).or_insert(n)
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
