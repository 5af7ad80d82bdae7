//! Across articles: which per-article chains are one real-world entity.
//!
//! Every rule compares chains only inside a block of candidates found by
//! hashing (the folded key, the romanisation skeleton of a surname or
//! place name, an acronym's letters), so the work stays near-linear in the
//! number of chains even for bundles of hundreds of articles:
//!
//! - organisations, places, groups: the same key (countries by their
//!   canonical name, so "US", "U.S." and "the United States" meet);
//! - places and groups: romanisation variants of every word
//!   ([`super::translit`]: Kiev / Kyiv, Krivoy Rog / Kryvyi Rih);
//! - acronyms: a chain's acronym defined in any article, else the unique
//!   chain of the same type whose initials it is ("UN" / "United Nations");
//! - persons with a given name: same surname (or a romanisation of it) and
//!   a compatible given name — so "Vladimir Zelensky" and "Volodymyr
//!   Zelenskyy" meet while "Bill Clinton" and "Hillary Clinton" do not;
//!   an initial-only given name joins the best-attested compatible person;
//! - a bare surname joins the one person with that surname, or the most
//!   mentioned one when it clearly dominates (at least twice the mentions
//!   of the next); otherwise it stays an entity of its own (one for all
//!   such uses of that surname in the bundle) rather than guess.

use rustc_hash::FxHashMap as HashMap;

use super::chains::{same_person, Group, Local};
use super::lexicon::Lexicon;
use super::names::initials;
use super::translit::{block_key, compare, words_equivalent, Match};

/// Union-find over global chain indices.
pub struct Union {
    parent: Vec<usize>,
}

impl Union {
    pub fn new(n: usize) -> Union {
        Union {
            parent: (0..n).collect(),
        }
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Join two sets; the smaller index stays the root.
    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

/// Global index of each article's first chain.
pub fn offsets(locals: &[Local]) -> Vec<usize> {
    let mut out = Vec::with_capacity(locals.len() + 1);
    let mut n = 0;
    for l in locals {
        out.push(n);
        n += l.chains.len();
    }
    out.push(n);
    out
}

/// Merge the chains of all articles; returns the union-find over global
/// chain indices (see [`offsets`]).
pub fn merge(locals: &[Local], lex: &Lexicon) -> Union {
    let off = offsets(locals);
    let total = off.last().copied().unwrap_or(0);
    let mut uf = Union::new(total);
    let chain = |g: usize| {
        let a = off.partition_point(|&o| o <= g) - 1;
        &locals[a].chains[g - off[a]]
    };
    let live: Vec<usize> = (0..total)
        .filter(|&g| !chain(g).mentions.is_empty())
        .collect();
    let size = |uf: &mut Union, sizes: &HashMap<usize, usize>, g: usize| {
        let r = uf.find(g);
        sizes.get(&r).copied().unwrap_or(0)
    };

    // Same key.
    let mut by_key: HashMap<(Option<Group>, &str), usize> = HashMap::default();
    for &g in &live {
        let c = chain(g);
        if c.group == Group::Person && !c.key.starts_with("title:") {
            continue;
        }
        let class = if c.key.starts_with("c:") {
            None
        } else {
            Some(c.group)
        };
        match by_key.get(&(class, c.key.as_str())) {
            Some(&o) => uf.union(o, g),
            None => {
                by_key.insert((class, c.key.as_str()), g);
            }
        }
    }

    // Romanisation variants of place and group names.
    let mut blocks: HashMap<(Group, String), Vec<usize>> = HashMap::default();
    for &g in &live {
        let c = chain(g);
        if !matches!(c.group, Group::Place | Group::Norp) || c.key.starts_with("c:") || c.acronym {
            continue;
        }
        let bk = c
            .words
            .iter()
            .map(|w| block_key(w, lex))
            .collect::<Vec<_>>()
            .join(" ");
        let reps = blocks.entry((c.group, bk)).or_default();
        match reps
            .iter()
            .copied()
            .find(|&r| words_equivalent(&chain(r).words, &c.words, lex))
        {
            Some(r) => uf.union(r, g),
            None => reps.push(g),
        }
    }

    // Acronyms.
    let mut defined: HashMap<&str, Vec<usize>> = HashMap::default();
    let mut by_initials: HashMap<(Group, String), Vec<usize>> = HashMap::default();
    for &g in &live {
        let c = chain(g);
        for a in &c.acronyms {
            defined.entry(a.as_str()).or_default().push(g);
        }
        if c.group != Group::Person && c.words.len() >= 2 {
            let (content, all) = initials(&c.words, lex);
            by_initials
                .entry((c.group, content.clone()))
                .or_default()
                .push(g);
            if all != content {
                by_initials.entry((c.group, all)).or_default().push(g);
            }
        }
    }
    for &g in &live {
        let c = chain(g);
        if c.group == Group::Person || !c.acronym || c.words.len() != 1 || c.key.starts_with("c:") {
            continue;
        }
        let acr = c.words[0].as_str();
        let cands: Vec<usize> = match defined.get(acr) {
            Some(v) => v.clone(),
            None => by_initials
                .get(&(c.group, acr.to_string()))
                .cloned()
                .unwrap_or_default(),
        };
        let mut roots: Vec<usize> = cands.iter().map(|&x| uf.find(x)).collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.len() == 1 {
            uf.union(roots[0], g);
        }
    }

    // Persons with a given name, blocked by surname skeleton.
    let mut person_blocks: HashMap<String, Vec<usize>> = HashMap::default();
    let mut initial_only: Vec<usize> = Vec::new();
    let mut bare: Vec<usize> = Vec::new();
    for &g in &live {
        let c = chain(g);
        if c.group != Group::Person {
            continue;
        }
        let Some(surname) = &c.surname else { continue };
        match &c.first {
            None => bare.push(g),
            Some(f) if f.ends_with('.') => initial_only.push(g),
            Some(_) => {
                let reps = person_blocks.entry(block_key(surname, lex)).or_default();
                match reps
                    .iter()
                    .copied()
                    .find(|&r| same_person(chain(r), c, lex))
                {
                    Some(r) => uf.union(r, g),
                    None => reps.push(g),
                }
            }
        }
    }
    let mut sizes: HashMap<usize, usize> = HashMap::default();
    for &g in &live {
        let r = uf.find(g);
        *sizes.entry(r).or_default() += chain(g).mentions.len();
    }
    for g in initial_only {
        let c = chain(g);
        let Some(surname) = &c.surname else { continue };
        let reps = person_blocks
            .get(&block_key(surname, lex))
            .cloned()
            .unwrap_or_default();
        let best = reps
            .into_iter()
            .filter(|&r| same_person(chain(r), c, lex))
            .max_by_key(|&r| size(&mut uf, &sizes, r));
        match best {
            Some(r) => uf.union(r, g),
            None => {
                let reps = person_blocks.entry(block_key(surname, lex)).or_default();
                reps.push(g);
            }
        }
    }
    // Bare surnames.
    let mut bare_reps: HashMap<String, Vec<usize>> = HashMap::default();
    for g in bare {
        let c = chain(g);
        let Some(word) = &c.surname else { continue };
        let bk = block_key(word, lex);
        let mut cands: Vec<(usize, usize)> = person_blocks
            .get(&bk)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .copied()
            .filter(|&r| {
                chain(r)
                    .surname
                    .as_deref()
                    .is_some_and(|s| compare(s, word, lex) >= Match::Loose)
            })
            .map(|r| {
                let root = uf.find(r);
                (root, sizes.get(&root).copied().unwrap_or(0))
            })
            .collect();
        cands.sort_unstable();
        cands.dedup_by_key(|x| x.0);
        crate::sort::by(&mut cands, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let pick = match cands.as_slice() {
            [one] => Some(one.0),
            [a, b, ..] if a.1 >= 2 * b.1.max(1) => Some(a.0),
            _ => None,
        };
        match pick {
            Some(r) => uf.union(r, g),
            None => {
                let reps = bare_reps.entry(bk).or_default();
                match reps.iter().copied().find(|&r| {
                    chain(r)
                        .surname
                        .as_deref()
                        .is_some_and(|s| compare(s, word, lex) >= Match::Loose)
                }) {
                    // Unattached uses of one surname form one row (an
                    // ambiguous "Bush" once, not once per article).
                    Some(r) => uf.union(r, g),
                    None => reps.push(g),
                }
            }
        }
    }
    uf
}

#[cfg(test)]
mod tests {
    use super::super::chains::build;
    use super::super::doc::Doc;
    use super::*;
    use crate::report::Mention;

    fn local(text: &str, spans: &[(&str, &str)]) -> Local {
        let mut m = Vec::new();
        let mut from = 0;
        for (needle, label) in spans {
            let start = from + text[from..].find(needle).expect("needle");
            from = start + needle.len();
            m.push(Mention {
                start,
                end: start + needle.len(),
                label: label.to_string(),
                entity: None,
            });
        }
        let d = Doc::from_parts(text, &[], &m);
        build(&d, Lexicon::get())
    }

    /// Root of the chain of mention `i` of article `a`.
    fn root(uf: &mut Union, locals: &[Local], a: usize, i: usize) -> usize {
        let off = offsets(locals);
        uf.find(off[a] + locals[a].chain_of[i].expect("chained"))
    }

    #[test]
    fn spelling_variants_meet_across_articles() {
        let locals = vec![
            local(
                "Ruslan Borovskyy spoke in Kyiv.",
                &[("Ruslan Borovskyy", "PERSON"), ("Kyiv", "GPE")],
            ),
            local(
                "Borovsky spoke in Kiev.",
                &[("Borovsky", "PERSON"), ("Kiev", "GPE")],
            ),
            local(
                "Ruslan Borovskiy left Kiev.",
                &[("Ruslan Borovskiy", "PERSON"), ("Kiev", "GPE")],
            ),
        ];
        let mut uf = merge(&locals, Lexicon::get());
        let p = root(&mut uf, &locals, 0, 0);
        assert_eq!(root(&mut uf, &locals, 1, 0), p);
        assert_eq!(root(&mut uf, &locals, 2, 0), p);
        let k = root(&mut uf, &locals, 0, 1);
        assert_eq!(root(&mut uf, &locals, 1, 1), k);
        assert_eq!(root(&mut uf, &locals, 2, 1), k);
    }

    #[test]
    fn same_surname_different_people_across_articles() {
        let locals = vec![
            local("Anna Berg spoke.", &[("Anna Berg", "PERSON")]),
            local("Tomas Berg spoke.", &[("Tomas Berg", "PERSON")]),
            local("Berg spoke.", &[("Berg", "PERSON")]),
        ];
        let mut uf = merge(&locals, Lexicon::get());
        let a = root(&mut uf, &locals, 0, 0);
        let t = root(&mut uf, &locals, 1, 0);
        assert_ne!(a, t);
        // Ambiguous bare surname: its own entity.
        let b = root(&mut uf, &locals, 2, 0);
        assert!(b != a && b != t);
        let mut locals = locals;
        locals.push(local("Berg again.", &[("Berg", "PERSON")]));
        let mut uf = merge(&locals, Lexicon::get());
        assert_eq!(root(&mut uf, &locals, 2, 0), root(&mut uf, &locals, 3, 0));
    }

    #[test]
    fn acronyms_and_country_abbreviations_across_articles() {
        let locals = vec![
            local(
                "The United Nations and the United States.",
                &[("United Nations", "ORG"), ("United States", "GPE")],
            ),
            local("The UN and the U.S.", &[("UN", "ORG"), ("U.S.", "GPE")]),
        ];
        let mut uf = merge(&locals, Lexicon::get());
        assert_eq!(root(&mut uf, &locals, 0, 0), root(&mut uf, &locals, 1, 0));
        assert_eq!(root(&mut uf, &locals, 0, 1), root(&mut uf, &locals, 1, 1));
    }

    #[test]
    fn union_find_keeps_smallest_root() {
        let mut uf = Union::new(4);
        uf.union(3, 1);
        uf.union(1, 2);
        assert_eq!(uf.find(3), 1);
    }
}
