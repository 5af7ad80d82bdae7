//! Minimal bundle-level grouping of mentions into entities.
//!
//! This is a deliberately simple placeholder until the entity-resolution
//! stage proper replaces it. It does three things, all explainable:
//!
//! 1. **One label per name in the bundle**: mentions of PERSON, ORG, GPE,
//!    LOC, NORP, EVENT and MISC with the same normalised text get the label
//!    most of them have (ties keep their own). A one-word name that is the
//!    last word of a multi-word PERSON in the bundle counts as a PERSON vote
//!    for every mention of that full name.
//! 2. **Same text, same entity**: mentions are grouped by normalised text
//!    (case, `the`, periods in acronyms and typographic apostrophes ignored)
//!    and label (GPE and LOC together).
//! 3. **Surname → full name**: a one-word PERSON whose text is the last word
//!    of exactly one multi-word PERSON in the same article joins it; without
//!    one in the article, the one multi-word PERSON of the bundle, if unique.
//!
//! Rule labels (MONEY, DATE, ROLE, …) are not entities; their `entity`
//! stays `null`.

use crate::report::{Article, Entity, Variant};
use std::collections::{BTreeMap, HashMap};

const ENTITY_LABELS: &[&str] = &["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC"];

/// Normalised form of a mention's text for grouping.
pub fn normalise(text: &str) -> String {
    let t = text.trim().replace(['’', '‘', 'ʼ'], "'");
    let lower = t.to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c == '.' {
            continue;
        }
        if c.is_whitespace() || c == '-' {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

fn group_label(label: &str) -> &str {
    match label {
        "GPE" | "LOC" => "GPE",
        l => l,
    }
}

/// Relabel, group and link the mentions of all articles; returns the
/// entities (ids `e1`, `e2`, … in order of first mention).
pub fn resolve(articles: &mut [Article]) -> Vec<Entity> {
    // 1. Votes per normalised text.
    let mut votes: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
    for a in articles.iter() {
        for m in &a.mentions {
            if !ENTITY_LABELS.contains(&m.label.as_str()) {
                continue;
            }
            let Some(t) = a.text.get(m.start..m.end) else {
                continue;
            };
            let n = normalise(t);
            *votes
                .entry(n.clone())
                .or_default()
                .entry(m.label.clone())
                .or_insert(0) += 1;
        }
    }
    let mut surname_votes: Vec<(String, usize)> = Vec::new();
    for (n, v) in &votes {
        if let (Some(&c), Some(last)) = (v.get("PERSON"), n.rsplit(' ').next()) {
            if n.contains(' ') {
                surname_votes.push((last.to_string(), c));
            }
        }
    }
    for (s, c) in surname_votes {
        if let Some(v) = votes.get_mut(&s) {
            *v.entry("PERSON".to_string()).or_insert(0) += c;
        }
    }
    let majority: HashMap<String, String> = votes
        .into_iter()
        .filter_map(|(n, v)| {
            let max = *v.values().max()?;
            let winners: Vec<&String> = v
                .iter()
                .filter(|(_, &c)| c == max)
                .map(|(l, _)| l)
                .collect();
            (winners.len() == 1).then(|| (n, winners[0].clone()))
        })
        .collect();
    for a in articles.iter_mut() {
        for m in &mut a.mentions {
            if !ENTITY_LABELS.contains(&m.label.as_str()) {
                continue;
            }
            let Some(t) = a.text.get(m.start..m.end) else {
                continue;
            };
            if let Some(l) = majority.get(&normalise(t)) {
                m.label = l.clone();
            }
        }
    }

    // 2. Group by (label group, normalised text).
    struct Group {
        label_counts: BTreeMap<String, usize>,
        variants: Vec<Variant>,
        first: (usize, usize),
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut assignment: Vec<Vec<Option<usize>>> = Vec::new();
    for (ai, a) in articles.iter().enumerate() {
        let mut row = Vec::with_capacity(a.mentions.len());
        for (mi, m) in a.mentions.iter().enumerate() {
            let text = a.text.get(m.start..m.end);
            let (Some(text), true) = (text, ENTITY_LABELS.contains(&m.label.as_str())) else {
                row.push(None);
                continue;
            };
            let key = (group_label(&m.label).to_string(), normalise(text));
            if key.1.is_empty() {
                row.push(None);
                continue;
            }
            let g = *index.entry(key).or_insert_with(|| {
                groups.push(Group {
                    label_counts: BTreeMap::new(),
                    variants: Vec::new(),
                    first: (ai, mi),
                });
                groups.len() - 1
            });
            let grp = &mut groups[g];
            *grp.label_counts.entry(m.label.clone()).or_insert(0) += 1;
            add_variant(&mut grp.variants, text, 1, &a.id);
            row.push(Some(g));
        }
        assignment.push(row);
    }

    // 3. Surnames join the one full name ending with them: the one in the
    //    same article first, else the one in the bundle.
    let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
    let mut key_of: Vec<(String, String)> = vec![Default::default(); groups.len()];
    for (k, &g) in &index {
        key_of[g] = k.clone();
        if k.0 == "PERSON" && k.1.contains(' ') {
            if let Some(last) = k.1.rsplit(' ').next() {
                by_last.entry(last.to_string()).or_default().push(g);
            }
        }
    }
    for row in assignment.iter_mut() {
        let in_article: Vec<usize> = row.iter().flatten().copied().collect();
        for slot in row.iter_mut() {
            let Some(g) = *slot else { continue };
            let (label, n) = &key_of[g];
            if label != "PERSON" || n.contains(' ') {
                continue;
            }
            let Some(full) = by_last.get(n) else { continue };
            let local: Vec<usize> = full
                .iter()
                .copied()
                .filter(|f| in_article.contains(f))
                .collect();
            if local.len() == 1 {
                *slot = Some(local[0]);
            } else if local.is_empty() && full.len() == 1 {
                *slot = Some(full[0]);
            }
        }
    }
    // Re-count variants per group from the final assignment.
    for grp in groups.iter_mut() {
        grp.variants.clear();
        grp.label_counts.clear();
    }
    let mut used = vec![false; groups.len()];
    for ((ai, a), row) in articles.iter().enumerate().zip(&assignment) {
        for ((mi, m), g) in a.mentions.iter().enumerate().zip(row) {
            let (Some(g), Some(text)) = (*g, a.text.get(m.start..m.end)) else {
                continue;
            };
            let grp = &mut groups[g];
            if !used[g] {
                used[g] = true;
                grp.first = (ai, mi);
            }
            *grp.label_counts.entry(m.label.clone()).or_insert(0) += 1;
            add_variant(&mut grp.variants, text, 1, &a.id);
        }
    }
    let target: Vec<usize> = (0..groups.len()).collect();
    // Ids in order of first mention.
    let mut live: Vec<usize> = (0..groups.len()).filter(|&g| used[g]).collect();
    live.sort_by_key(|&g| groups[g].first);
    let mut id_of = vec![String::new(); groups.len()];
    let mut entities = Vec::with_capacity(live.len());
    for (k, &g) in live.iter().enumerate() {
        let id = format!("e{}", k + 1);
        id_of[g] = id.clone();
        let grp = &groups[g];
        let label = grp
            .label_counts
            .iter()
            .max_by_key(|(_, &c)| c)
            .map_or("MISC".to_string(), |(l, _)| l.clone());
        let name = grp
            .variants
            .iter()
            .max_by_key(|v| (v.text.split_whitespace().count(), v.count))
            .map_or(String::new(), |v| v.text.clone());
        let mut variants = grp.variants.clone();
        variants.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
        entities.push(Entity {
            id,
            name,
            label,
            variants,
            descriptions: Vec::new(),
        });
    }
    for (a, row) in articles.iter_mut().zip(assignment) {
        for (m, g) in a.mentions.iter_mut().zip(row) {
            m.entity = g.map(|g| id_of[target[g]].clone());
        }
    }
    entities
}

fn add_variant(variants: &mut Vec<Variant>, text: &str, count: usize, article: &str) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match variants.iter_mut().find(|v| v.text == text) {
        Some(v) => {
            v.count += count;
            if !v.articles.iter().any(|x| x == article) {
                v.articles.push(article.to_string());
            }
        }
        None => variants.push(Variant {
            text,
            count,
            articles: vec![article.to_string()],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Mention;

    fn article(id: &str, text: &str, spans: &[(&str, &str)]) -> Article {
        let mut mentions = Vec::new();
        let mut from = 0;
        for (s, label) in spans {
            let start = text[from..].find(s).unwrap() + from;
            mentions.push(Mention {
                start,
                end: start + s.len(),
                label: label.to_string(),
                entity: None,
            });
            from = start + s.len();
        }
        Article {
            id: id.into(),
            text: text.into(),
            mentions,
            ..Default::default()
        }
    }

    #[test]
    fn groups_full_names_surnames_and_spellings() {
        let mut arts = vec![
            article(
                "a1",
                "Jane Roe met the U.S. team. Roe left.",
                &[("Jane Roe", "PERSON"), ("U.S.", "GPE"), ("Roe", "PERSON")],
            ),
            article(
                "a2",
                "Roe and the US spoke. Roe smiled.",
                &[("Roe", "ORG"), ("US", "GPE"), ("Roe", "PERSON")],
            ),
        ];
        let ents = resolve(&mut arts);
        let roe: Vec<&Entity> = ents.iter().filter(|e| e.name == "Jane Roe").collect();
        assert_eq!(roe.len(), 1);
        assert_eq!(roe[0].label, "PERSON");
        // The ORG vote is outvoted: every Roe mention is PERSON and linked.
        for a in &arts {
            for m in &a.mentions {
                assert!(m.entity.is_some());
                if &a.text[m.start..m.end] == "Roe" {
                    assert_eq!(m.label, "PERSON");
                    assert_eq!(m.entity.as_deref(), Some(roe[0].id.as_str()));
                }
            }
        }
        assert_eq!(ents.iter().filter(|e| e.label == "GPE").count(), 1);
    }

    #[test]
    fn ambiguous_surnames_stay_apart() {
        let mut arts = vec![article(
            "a1",
            "Ann Lee and Bob Lee met. Lee spoke.",
            &[
                ("Ann Lee", "PERSON"),
                ("Bob Lee", "PERSON"),
                ("Lee", "PERSON"),
            ],
        )];
        let ents = resolve(&mut arts);
        assert_eq!(ents.len(), 3);
    }

    #[test]
    fn rule_mentions_have_no_entity() {
        let mut arts = vec![article(
            "a1",
            "On Monday it cost $5.",
            &[("Monday", "DATE"), ("$5", "MONEY")],
        )];
        assert!(resolve(&mut arts).is_empty());
        assert!(arts[0].mentions.iter().all(|m| m.entity.is_none()));
    }
}
