//! Entity resolution: one row per real-world entity across the bundle.
//!
//! Input: articles whose `mentions` the NER stage filled (PERSON, ORG,
//! GPE, LOC, NORP, EVENT/MISC, ROLE, DATE, …). Output: the report's
//! `entities` — id, display name, label, the spelling variants each
//! article used, and each article's descriptive labels ("Russian
//! leader", "the Pentagon chief") — and every name mention's `entity`.
//!
//! The stages, one file each:
//! - [`labels`]: one type per name across the bundle (outvoted tags
//!   are relabelled before anything else);
//! - [`names`]: the name inside a mention (no determiner, possessive,
//!   honorific or title; folded for comparison);
//! - [`chains`]: within one article, which mentions are one entity;
//! - [`roles`]: titles, appositives and role nominals read into keys;
//! - [`bundle`]: across articles, which chains are one entity (hash
//!   blocking: near-linear in mentions);
//! - [`translit`]: romanisation variants as general rules;
//! - [`alias`]: the alias table that answers role nominals;
//! - [`nominal`], [`pronoun`]: nominal and pronoun antecedents, also
//!   offered to the quote engine;
//! - [`lexicon`]: the data files in `assets/lexicon/resolve/`.
//!
//! # API
//! - [`resolve`] / [`resolve_bundle`]: the bundle-level pass (run once,
//!   in `assemble`). [`Resolution::entity_for_span`] then maps any span
//!   (a name, a pronoun, "the Russian leader", "the ministry") to an
//!   entity id, and [`link_speakers`] fills `quotes[].speaker` from the
//!   speaker spans the quote engine recorded.
//! - [`Context`] (and the shortcuts [`antecedent`], [`resolve_nominal`]):
//!   per-article resolution for the quote engine, before bundle
//!   resolution, answering with mention indices.
//!
//! Ids are `e1`, `e2`, … in order of first appearance (article order,
//! then text order), so equal input gives an equal report. Nothing here
//! panics on odd input: offsets off the text or off char boundaries are
//! skipped.

pub mod alias;
pub mod bundle;
pub mod chains;
pub mod doc;
pub mod labels;
pub mod lexicon;
pub mod names;
pub mod nominal;
pub mod pronoun;
pub mod roles;
pub mod translit;

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::sentences::{self, Segmented};
use crate::report::{Article, Description, Entity, Variant};

use alias::Profile;
use chains::{group_of, Group, Local};
use doc::Doc;
use lexicon::Lexicon;
use nominal::Nominal;
use roles::{Phrase, RoleKey};

/// Label preference when votes tie.
const LABEL_ORDER: [&str; 8] = [
    "PERSON", "GPE", "ORG", "LOC", "NORP", "EVENT", "FAC", "MISC",
];

/// Result of bundle-level resolution.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub entities: Vec<Entity>,
    /// Per article, per mention: index into `entities`.
    mention_entity: Vec<Vec<Option<usize>>>,
    /// Per entity: its role profile (the alias table).
    profiles: Vec<Profile>,
    /// Per article, its chains and the mentions (span, label) they were
    /// built on, and what of the article's view built for them does not
    /// borrow the article: speaker linking reuses them while the article's
    /// mentions are unchanged (writing entities back relabels some).
    chains: Vec<(Vec<MentionKey>, Local, Option<doc::Kept>)>,
    /// Per role concept, the persons with a key of that concept in their
    /// role profile (ascending; persons with a profile are the only answers
    /// to role nominals): a query is scored only against profiles that can
    /// match its concept, not against every profile.
    by_concept: HashMap<String, Vec<usize>>,
}

/// Resolve the bundle: build entities, set every name mention's `entity`
/// (and harmonise its label with its entity's), return the entities.
pub fn resolve(articles: &mut [Article]) -> Vec<Entity> {
    resolve_bundle(articles).entities
}

/// [`resolve`], keeping what is needed to answer later questions about
/// spans ([`Resolution::entity_for_span`]).
pub fn resolve_bundle(articles: &mut [Article]) -> Resolution {
    let segs: Vec<Segmented> = articles
        .iter()
        .map(|a| sentences::segment(&a.text, &a.boilerplate))
        .collect();
    resolve_bundle_in(articles, &segs)
}

/// [`resolve_bundle`] with each article's segmentation
/// (`sentences::segment(&a.text, &a.boilerplate)`, one per article).
pub fn resolve_bundle_in(articles: &mut [Article], segs: &[Segmented]) -> Resolution {
    resolve_bundle_threads(articles, segs, 1)
}

/// [`resolve_bundle_in`], the per-article parts (parsing the mentions'
/// names, each article's chains and role nominals, answering the role
/// nominals, reading the variants) shared out among the threads when
/// `threads` > 1 ([`crate::par::map`]). The resolution is the same.
pub fn resolve_bundle_threads(
    articles: &mut [Article],
    segs: &[Segmented],
    threads: usize,
) -> Resolution {
    let chains = article_chains(articles, segs, threads);
    resolve_chains(articles, chains, threads)
}

/// The first half of [`resolve_bundle_threads`]: the mentions' labels
/// harmonised across the bundle, then each article's chains and role
/// nominals (in parallel when `threads` > 1, longest articles first:
/// [`crate::par::map_largest_first`]). All of it is per-article
/// work that the threads share; most of what [`resolve_chains`] does with
/// the result is not, so a caller with other work can run it beside that
/// half.
pub fn article_chains(
    articles: &mut [Article],
    segs: &[Segmented],
    threads: usize,
) -> ArticleChains {
    let lex = Lexicon::get();
    let mut parses = labels::harmonise_threads(articles, threads);
    parses.resize_with(articles.len(), Vec::new);
    let articles: &[Article] = articles;
    ArticleChains(crate::par::map_largest_first(
        threads,
        parses.into_iter().enumerate().collect(),
        |(i, _)| articles.get(*i).map_or(0, |a| a.text.len()),
        |(i, parsed)| {
            let a = &articles[i];
            let doc = match segs.get(i) {
                Some(seg) => Doc::with_segmented(a, seg),
                None => Doc::new(a),
            };
            // Names parsed while harmonising labels are reused (in the
            // mode the mention's label now asks for, when it was parsed
            // in it).
            let local = chains::build_with(&doc, lex, parsed);
            let keys = mention_keys(a, &doc.labels_read());
            let nominals = nominal::role_nominals(&doc, lex);
            (local, keys, nominals, doc.into_kept())
        },
    ))
}

/// Each article's [`Built`] ([`article_chains`]), in bundle order.
pub struct ArticleChains(Vec<Built>);

/// An article's chains, the keys of the mentions they were built on, its
/// role nominals and what of its view does not borrow it.
type Built = (Local, Vec<MentionKey>, Vec<Phrase>, Option<doc::Kept>);

/// The second half of [`resolve_bundle_threads`]: the articles' chains
/// ([`article_chains`] of the same `articles`) merged across the bundle
/// into entities, role nominals answered, entity ids and labels written
/// back to the mentions. Chains of some other number of articles are
/// made afresh from `articles`.
pub fn resolve_chains(
    articles: &mut [Article],
    chains: ArticleChains,
    threads: usize,
) -> Resolution {
    let lex = Lexicon::get();
    let per_article = if chains.0.len() == articles.len() {
        chains.0
    } else {
        article_chains(articles, &[], threads).0
    };
    let mut locals: Vec<Local> = Vec::with_capacity(articles.len());
    let mut nominals: Vec<Vec<Phrase>> = Vec::with_capacity(articles.len());
    let mut built_on = Vec::with_capacity(articles.len());
    for (local, keys, phrases, kept) in per_article {
        locals.push(local);
        built_on.push((keys, kept));
        nominals.push(phrases);
    }
    let mut uf = bundle::merge(&locals, lex);
    let off = bundle::offsets(&locals);

    // Entities in order of first appearance.
    let mut entity_of_root: HashMap<usize, usize> = HashMap::default();
    let mut mention_entity: Vec<Vec<Option<usize>>> = Vec::with_capacity(articles.len());
    let mut n_entities = 0;
    for (ai, a) in articles.iter().enumerate() {
        let mut order: Vec<usize> = (0..a.mentions.len()).collect();
        // NER gives its mentions in this order already: the check spares
        // the sort (≈ 0.1 M of the seed bundle's 35 M instructions; the
        // sort is stable, so skipping it on sorted input changes nothing).
        let key = |&i: &usize| (a.mentions[i].start, a.mentions[i].end);
        if !order.is_sorted_by_key(key) {
            crate::sort::by_key(&mut order, key);
        }
        let mut row = vec![None; a.mentions.len()];
        for i in order {
            let Some(ci) = locals[ai].chain_of[i] else {
                continue;
            };
            let root = uf.find(off[ai] + ci);
            let e = *entity_of_root.entry(root).or_insert_with(|| {
                n_entities += 1;
                n_entities - 1
            });
            row[i] = Some(e);
        }
        mention_entity.push(row);
    }
    // Chain → entity.
    let chain_entity = |ai: usize, ci: usize, uf: &mut bundle::Union| {
        entity_of_root.get(&uf.find(off[ai] + ci)).copied()
    };

    // Profiles from titles and appositives.
    let mut keys: Vec<Vec<RoleKey>> = vec![Vec::new(); n_entities];
    let mut descs: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); n_entities]; // (article, start, end)
    for (ai, l) in locals.iter().enumerate() {
        for (ci, c) in l.chains.iter().enumerate() {
            if c.roles.is_empty() {
                continue;
            }
            let Some(e) = chain_entity(ai, ci, &mut uf) else {
                continue;
            };
            for p in &c.roles {
                keys[e].push(p.key.clone());
                descs[e].push((ai, p.start, p.end));
            }
        }
    }
    let profiles: Vec<Profile> = keys.into_iter().map(Profile::new).collect();
    let mut groups: Vec<Option<Group>> = vec![None; n_entities];
    let mut counts: Vec<usize> = vec![0; n_entities];
    for (ai, a) in articles.iter().enumerate() {
        for (i, m) in a.mentions.iter().enumerate() {
            if let Some(e) = mention_entity[ai][i] {
                counts[e] += 1;
                if groups[e].is_none() || group_of(&m.label) == Some(Group::Person) {
                    groups[e] = group_of(&m.label);
                }
            }
        }
    }
    let with_roles = (0..n_entities)
        .filter(|&e| !profiles[e].keys.is_empty() && groups[e] == Some(Group::Person));
    let mut by_concept: HashMap<String, Vec<usize>> = HashMap::default();
    for e in with_roles {
        for c in profiles[e].keys.iter().filter_map(|k| k.concept.as_ref()) {
            let list = by_concept.entry(c.clone()).or_default();
            if list.last() != Some(&e) {
                list.push(e);
            }
        }
    }
    let mut res = Resolution {
        entities: Vec::new(),
        mention_entity,
        profiles,
        chains: Vec::new(),
        by_concept,
    };

    // Role nominals across the bundle.
    let mut in_article: Vec<Vec<bool>> = Vec::with_capacity(articles.len());
    for row in &res.mention_entity {
        let mut v = vec![false; n_entities];
        for e in row.iter().flatten() {
            v[*e] = true;
        }
        in_article.push(v);
    }
    let mut taken: Vec<Vec<(usize, usize)>> = vec![Vec::new(); articles.len()];
    for d in descs.iter().flatten() {
        taken[d.0].push((d.1, d.2));
    }
    // Each article's nominals are answered on their own (in parallel), and
    // the answers added in article order.
    let answers = crate::par::map(
        threads,
        nominals.iter().enumerate().collect(),
        |(ai, noms)| {
            let mut found = Vec::new();
            for p in noms {
                // A nominal inside a title or appositive already read is no new label.
                if taken[ai].iter().any(|&(s, e)| p.start < e && s < p.end) {
                    continue;
                }
                if let Some(e) = res.answer(ai, &p.key, &in_article[ai], &counts, lex) {
                    found.push((e, p.start, p.end));
                }
            }
            found
        },
    );
    for (ai, found) in answers.into_iter().enumerate() {
        for (e, start, end) in found {
            descs[e].push((ai, start, end));
        }
    }

    // Entities.
    let mut entities = Vec::with_capacity(n_entities);
    for e in 0..n_entities {
        entities.push(Entity {
            // (`format!` cost ≈ 0.55 k instructions an id.)
            id: crate::compare::numbered('e', e + 1),
            name: String::new(),
            label: String::new(),
            variants: Vec::new(),
            descriptions: Vec::new(),
        });
    }
    // Each entity's labels and their counts: one or two (a map each cost an
    // allocation and a hash a mention).
    let mut labels: Vec<Vec<(&str, usize)>> = vec![Vec::new(); n_entities];
    // Variants: (entity, surface) → (count, articles, first position, words, caps, acronym)
    struct V {
        count: usize,
        articles: Vec<usize>,
        order: (usize, usize),
        words: usize,
        caps: bool,
        acronym: bool,
    }
    let mut variants: Vec<Vec<(String, V)>> = (0..n_entities).map(|_| Vec::new()).collect();
    // The surface of each resolved name mention, per article (in parallel).
    let surfaces = {
        let (res, locals) = (&res, &locals);
        crate::par::map(threads, articles.iter().enumerate().collect(), |(ai, a)| {
            let names = &locals[ai].names;
            (0..a.mentions.len())
                .map(|i| match (res.mention_entity[ai][i], names.get(i)) {
                    (Some(_), Some(Some(name))) => collapse_ws(name.surface(&a.text)),
                    _ => Cow::Borrowed(""),
                })
                .collect::<Vec<Cow<str>>>()
        })
    };
    for ((ai, a), surfaces) in articles.iter().enumerate().zip(surfaces) {
        for ((i, m), surface) in a.mentions.iter().enumerate().zip(surfaces) {
            let Some(e) = res.mention_entity[ai][i] else {
                continue;
            };
            let counts = &mut labels[e];
            match counts.iter_mut().find(|(l, _)| *l == m.label) {
                Some((_, n)) => *n += 1,
                None => counts.push((m.label.as_str(), 1)),
            }
            let Some(name) = &locals[ai].names[i] else {
                continue;
            };
            if surface.is_empty() {
                continue;
            }
            let list = &mut variants[e];
            match list.iter_mut().find(|(t, _)| *t == surface) {
                Some((_, v)) => {
                    v.count += 1;
                    if !v.articles.contains(&ai) {
                        v.articles.push(ai);
                    }
                }
                None => list.push((
                    surface.into_owned(),
                    V {
                        count: 1,
                        articles: vec![ai],
                        order: (ai, m.start),
                        words: name.words.len(),
                        caps: name.all_caps,
                        acronym: name.acronym,
                    },
                )),
            }
        }
    }
    for e in 0..n_entities {
        // (A total order of distinct labels: the list's order is no matter.)
        let label = labels[e]
            .iter()
            .max_by(|a, b| {
                a.1.cmp(&b.1).then_with(|| {
                    let ra = LABEL_ORDER.iter().position(|l| *l == a.0).unwrap_or(99);
                    let rb = LABEL_ORDER.iter().position(|l| *l == b.0).unwrap_or(99);
                    rb.cmp(&ra).then(b.0.cmp(a.0))
                })
            })
            .map(|(l, _)| l.to_string())
            .unwrap_or_default();
        let list = &mut variants[e];
        crate::sort::by(list, |a, b| {
            b.1.count.cmp(&a.1.count).then(a.1.order.cmp(&b.1.order))
        });
        let person = group_of(&label) == Some(Group::Person);
        let pick = |f: &dyn Fn(&V) -> bool| {
            list.iter()
                .filter(|(_, v)| f(v))
                .max_by(|a, b| {
                    (a.1.count, a.1.articles.len(), a.0.len())
                        .cmp(&(b.1.count, b.1.articles.len(), b.0.len()))
                        .then(b.1.order.cmp(&a.1.order))
                })
                .map(|(t, _)| t.clone())
        };
        let name = if person {
            pick(&|v| v.words >= 2 && !v.caps)
                .or_else(|| pick(&|v| !v.caps))
                .or_else(|| pick(&|_| true))
        } else {
            pick(&|v| !v.acronym && !v.caps)
                .or_else(|| country_name(list.iter().map(|(t, _)| t.as_str()), lex))
                .or_else(|| pick(&|v| !v.acronym))
                .or_else(|| pick(&|_| true))
        };
        let ent = &mut entities[e];
        ent.label = label;
        ent.name = name.unwrap_or_default();
        // The list is done with: its texts are moved, not copied.
        ent.variants = std::mem::take(list)
            .into_iter()
            .map(|(text, mut v)| Variant {
                text,
                count: v.count,
                articles: {
                    v.articles.sort_unstable();
                    v.articles.iter().map(|&i| articles[i].id.clone()).collect()
                },
            })
            .collect();
        // Descriptions: per article and folded text.
        let mut d: Vec<Description> = Vec::new();
        // The lowercase text of each of `d`, compared with each new one.
        let mut lowered: Vec<String> = Vec::new();
        let mut seen: Vec<(usize, usize, usize)> = descs[e].clone();
        seen.sort_unstable();
        seen.dedup();
        for (ai, s, t) in seen {
            let Some(text) = articles[ai].text.get(s..t) else {
                continue;
            };
            let text = collapse_ws(text).into_owned();
            let fold = text.to_lowercase();
            let id = &articles[ai].id;
            match d
                .iter_mut()
                .zip(&lowered)
                .find(|(x, l)| &x.article == id && **l == fold)
            {
                Some((x, _)) => {
                    x.count += 1;
                    x.spans.push([s, t]);
                }
                None => {
                    d.push(Description {
                        article: id.clone(),
                        text,
                        count: 1,
                        spans: vec![[s, t]],
                    });
                    lowered.push(fold);
                }
            }
        }
        ent.descriptions = d;
    }

    // Description spans per article, for linking ROLE mentions.
    let mut desc_spans: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); articles.len()];
    for (e, list) in descs.iter().enumerate() {
        for &(ai, s, t) in list {
            desc_spans[ai].push((s, t, e));
        }
    }
    // Write back: entity ids, harmonised labels, titles as part of their person.
    for (ai, a) in articles.iter_mut().enumerate() {
        let row = &res.mention_entity[ai];
        for (i, m) in a.mentions.iter_mut().enumerate() {
            match row.get(i).copied().flatten() {
                Some(e) => {
                    m.entity = Some(entities[e].id.clone());
                    if !entities[e].label.is_empty() && m.label != entities[e].label {
                        m.label = entities[e].label.clone();
                    }
                }
                None => m.entity = None,
            }
        }
        let spans = &desc_spans[ai];
        for m in a.mentions.iter_mut().filter(|m| m.label == "ROLE") {
            if let Some(&(_, _, e)) = spans.iter().find(|&&(s, t, _)| m.start < t && s < m.end) {
                m.entity = Some(entities[e].id.clone());
            }
        }
    }
    res.entities = entities;
    res.chains = built_on
        .into_iter()
        .zip(locals)
        .map(|((keys, kept), local)| (keys, local, kept))
        .collect();
    res
}

/// A mention's span and label, and whether building the chains read its
/// label ([`Doc::label`]) or only its group: what chains depend on besides
/// the text.
type MentionKey = (usize, usize, Cow<'static, str>, bool);

/// `label` as a [`MentionKey`] holds it: borrowed when it is one of the
/// labels NER gives (copying each mention's label cost an allocation per
/// mention), else copied.
fn key_label(label: &str) -> Cow<'static, str> {
    Cow::Borrowed(match label {
        "PERSON" => "PERSON",
        "ORG" => "ORG",
        "GPE" => "GPE",
        "LOC" => "LOC",
        "NORP" => "NORP",
        "FAC" => "FAC",
        "DATE" => "DATE",
        "TIME" => "TIME",
        "MONEY" => "MONEY",
        "PERCENT" => "PERCENT",
        "QUANTITY" => "QUANTITY",
        "CARDINAL" => "CARDINAL",
        "ORDINAL" => "ORDINAL",
        "EVENT" => "EVENT",
        "PRODUCT" => "PRODUCT",
        "LAW" => "LAW",
        "WORK_OF_ART" => "WORK_OF_ART",
        "ROLE" => "ROLE",
        "MISC" => "MISC",
        _ => return Cow::Owned(label.to_string()),
    })
}

/// The [`MentionKey`] of each mention of `a`, `read[i]` telling whether
/// mention `i`'s label was read ([`Doc::labels_read`]).
fn mention_keys(a: &Article, read: &[bool]) -> Vec<MentionKey> {
    a.mentions
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let read = read.get(i).copied().unwrap_or(true);
            (m.start, m.end, key_label(&m.label), read)
        })
        .collect()
}

/// Whether chains built on `a`'s mentions are those built on the mentions
/// `keys` were taken from: the same spans, and labels that are the same
/// or, where building the chains read only a mention's group
/// ([`group_of`]: it reads every mention's group, and the rest of a label
/// only through [`Doc::label`], the one way a [`Doc`] gives out a
/// mention's label), of the same group. Writing entities back
/// relabels mentions to their entity's label, mostly within a group
/// ("LOC" → "GPE").
fn same_mentions(keys: &[MentionKey], a: &Article) -> bool {
    keys.len() == a.mentions.len()
        && keys.iter().zip(&a.mentions).all(|((s, e, l, read), m)| {
            *s == m.start
                && *e == m.end
                && (*l == m.label.as_str() || !*read && group_of(l) == group_of(&m.label))
        })
}

/// `s` with its words joined by one space: runs of whitespace as one
/// space, none at the ends; borrowed when it is so already (most spans and
/// names), without copying it.
pub(crate) fn collapse_ws(s: &str) -> Cow<'_, str> {
    if is_single_spaced(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// `s` has no whitespace but single spaces between other characters (what
/// [`collapse_ws`] leaves as it is), in one pass over its bytes
/// (characters only when it is not ASCII).
pub(crate) fn is_single_spaced(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let (mut space, mut ascii) = (false, true);
    for &b in bytes {
        if b == b' ' {
            if space {
                return false;
            }
            space = true;
            continue;
        }
        space = false;
        if !b.is_ascii() {
            ascii = false;
        } else if char::from(b).is_whitespace() {
            return false;
        }
    }
    ascii || !s.chars().any(|c| c != ' ' && c.is_whitespace())
}

/// The lexicon's name for a country given its variants ("U.S." → "United
/// States"), when the bundle never spells it out.
fn country_name<'a>(mut variants: impl Iterator<Item = &'a str>, lex: &Lexicon) -> Option<String> {
    variants
        .find_map(|v| lex.country_key(v))
        .and_then(|k| lex.country_display.get(&k).cloned())
}

impl Resolution {
    /// The entity a role key refers to across the bundle: best profile
    /// score, then presence in the article, then mentions in the bundle.
    fn answer(
        &self,
        article: usize,
        key: &RoleKey,
        present: &[bool],
        counts: &[usize],
        lex: &Lexicon,
    ) -> Option<usize> {
        let owner = key
            .owner
            .and_then(|mi| self.mention_entity.get(article)?.get(mi).copied().flatten());
        let owner_country = owner.and_then(|o| self.profiles.get(o)?.country.as_deref());
        let q = alias::normalise_query(key, owner_country, lex);
        let qc = q.concept.as_deref()?;
        // Only a profile with a key of the query's concept, or of a concept
        // its group holds ([`Lexicon::concept_matches`]), can score; taken
        // in ascending order, so ties go to the first entity as before.
        let mut cands: Vec<usize> = Vec::new();
        let members = lex.groups.get(qc).into_iter().flatten().map(String::as_str);
        for c in std::iter::once(qc).chain(members) {
            if let Some(list) = self.by_concept.get(c) {
                cands.extend_from_slice(list);
            }
        }
        cands.sort_unstable();
        cands.dedup();
        let mut best: Option<(u32, bool, usize, usize)> = None;
        for e in cands {
            let Some(p) = self.profiles.get(e) else {
                continue;
            };
            if Some(e) == owner {
                continue;
            }
            let Some(s) = alias::score(&q, p, lex) else {
                continue;
            };
            let cand = (
                s,
                present.get(e).copied().unwrap_or(false),
                counts.get(e).copied().unwrap_or(0),
                e,
            );
            let better = match best {
                None => true,
                Some(b) => (cand.0, cand.1, cand.2) > (b.0, b.1, b.2),
            };
            if better {
                best = Some(cand);
            }
        }
        best.map(|b| b.3)
    }

    /// Index of the entity with id `id`.
    fn index_of(&self, id: &str) -> Option<usize> {
        let n: usize = id.strip_prefix('e')?.parse().ok()?;
        (n >= 1 && n <= self.entities.len()).then(|| n - 1)
    }

    /// The entity (id) that the span `[start, end)` of article `article`
    /// refers to: a resolved mention overlapping it, else — when the span
    /// is a pronoun — its antecedent, else — when it is a nominal ("the
    /// Russian leader", "the ministry") — its referent. `articles` must be
    /// the slice given to [`resolve_bundle`].
    pub fn entity_for_span(
        &self,
        articles: &[Article],
        article: usize,
        start: usize,
        end: usize,
    ) -> Option<String> {
        let a = articles.get(article)?;
        let ctx = Context::new(a);
        self.entity_in(&ctx, article, start, end, &Default::default())
    }

    /// For role nominals of article `article`: which entities it mentions,
    /// and how often each entity is named in the bundle.
    fn role_tables(&self, article: usize) -> (Vec<bool>, Vec<usize>) {
        let mut present = vec![false; self.entities.len()];
        for e in self
            .mention_entity
            .get(article)
            .into_iter()
            .flatten()
            .flatten()
        {
            if let Some(x) = present.get_mut(*e) {
                *x = true;
            }
        }
        let counts: Vec<usize> = self
            .entities
            .iter()
            .map(|e| e.variants.iter().map(|v| v.count).sum())
            .collect();
        (present, counts)
    }

    /// [`Self::entity_for_span`] with the article's context built;
    /// `tables` caches [`Self::role_tables`] across the article's queries.
    fn entity_in(
        &self,
        ctx: &Context,
        article: usize,
        start: usize,
        end: usize,
        tables: &std::cell::OnceCell<(Vec<bool>, Vec<usize>)>,
    ) -> Option<String> {
        let row = self.mention_entity.get(article)?;
        let lex = Lexicon::get();
        let span = ctx.doc.text.get(start..end)?;
        let id = |e: usize| self.entities.get(e).map(|x| x.id.clone());
        if pronoun::classify(span).is_some() {
            let mi = ctx.antecedent(start, span.trim())?;
            return id(row.get(mi).copied().flatten()?);
        }
        // A mention overlapping the span (the largest overlap); it answers
        // when it reaches the span's last word (its head): "Defense
        // Secretary Pete Hegseth", not "the Pentagon chief".
        let head = nominal::head_token(&ctx.doc, start, end)
            .and_then(|(_, h)| ctx.doc.tokens.get(h))
            .map(|t| (t.start, t.end));
        let best = ctx
            .overlapping(start, end)
            .filter_map(|i| Some((i, ctx.doc.mention_span(i)?)))
            .filter_map(|(i, (m_start, m_end))| {
                let e = row.get(i).copied().flatten()?;
                let ov = m_end.min(end).saturating_sub(m_start.max(start));
                let covers_head = head.is_none_or(|(hs, he)| m_start <= hs && he <= m_end);
                (ov > 0).then_some((ov, covers_head, e))
            })
            .max_by_key(|x| (x.1, x.0));
        if let Some((_, true, e)) = best {
            return id(e);
        }
        if let Some(mi) = nominal::syntactic_link(&ctx.doc, start, end) {
            return id(row.get(mi).copied().flatten()?);
        }
        let Some(nom) = nominal::read_span(&ctx.doc, start, end, lex) else {
            // Only a span without a readable head falls back to its mention.
            return best.filter(|_| head.is_none()).and_then(|(_, _, e)| id(e));
        };
        match nom {
            Nominal::Role(p) => {
                let (present, counts) = tables.get_or_init(|| self.role_tables(article));
                let e = self.answer(article, &p.key, present, counts, lex)?;
                Some(self.entities.get(e)?.id.clone())
            }
            Nominal::Typed { head, kinds } => {
                let mi = nominal::resolve_typed(&ctx.doc, &ctx.local, start, &head, &kinds)?;
                let e = row.get(mi).copied().flatten()?;
                Some(self.entities.get(e)?.id.clone())
            }
        }
    }

    /// The entity with id `id`.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.get(self.index_of(id)?)
    }
}

/// Fill `speaker` of every quote that has a speaker span but no speaker
/// yet, through [`Resolution::entity_for_span`] (names, pronouns,
/// nominals). Quotes whose speaker cannot be resolved keep `None`.
/// `articles` must be the slice given to [`resolve_bundle`] (with the
/// entities it wrote back); where writing back left an article's mentions
/// as they were, the chains built during resolution are reused.
pub fn link_speakers(articles: &mut [Article], res: &Resolution) {
    link_speakers_in(articles, res, &[]);
}

/// [`link_speakers`] with each article's segmentation
/// (`sentences::segment(&a.text, &a.boilerplate)`; articles past the end
/// of `segs` are segmented here).
pub fn link_speakers_in(articles: &mut [Article], res: &Resolution, segs: &[Segmented]) {
    link_speakers_threads(articles, res, segs, 1);
}

/// [`link_speakers_in`], the articles shared out among the threads when
/// `threads` is more than one ([`crate::par::map_largest_first`]; each article's
/// speakers depend only on it and the resolution).
pub fn link_speakers_threads(
    articles: &mut [Article],
    res: &Resolution,
    segs: &[Segmented],
    threads: usize,
) {
    let articles = articles.iter_mut().enumerate().collect();
    // The articles with most quotes first (their speakers are the work).
    let quotes = |(_, a): &(usize, &mut Article)| a.quotes.len();
    crate::par::map_largest_first(threads, articles, quotes, |(ai, art)| {
        let wanted: Vec<(usize, usize, usize)> = art
            .quotes
            .iter()
            .enumerate()
            .filter(|(_, q)| q.speaker.is_none())
            .filter_map(|(i, q)| Some((i, q.speaker_start?, q.speaker_end?)))
            .collect();
        if wanted.is_empty() {
            return;
        }
        let found: Vec<(usize, Option<String>)> = {
            // A few queries: tokens are folded as they are read.
            let fresh = || match segs.get(ai) {
                Some(seg) => Doc::with_segmented_lazy(art, seg),
                None => Doc::new(art),
            };
            // Chains are a function of the text and the mentions' spans and
            // labels: when writing entities back changed no label that
            // building them read ([`same_mentions`]), those built during
            // resolution are the ones building anew would give; the view
            // they were built on, of the same spans and groups, is the one
            // building anew would give too.
            let ctx = match res.chains.get(ai) {
                Some((keys, local, kept)) if same_mentions(keys, art) => Context {
                    doc: kept
                        .as_ref()
                        .zip(segs.get(ai))
                        .and_then(|(kept, seg)| Doc::with_kept(art, seg, kept))
                        .unwrap_or_else(fresh),
                    local: Cow::Borrowed(local),
                    pronouns: Default::default(),
                },
                _ => Context::with_doc(fresh()),
            };
            let tables = Default::default();
            wanted
                .into_iter()
                .map(|(i, s, e)| (i, res.entity_in(&ctx, ai, s, e, &tables)))
                .collect()
        };
        for (i, id) in found {
            if let Some(q) = art.quotes.get_mut(i) {
                q.speaker = id;
            }
        }
    });
}

/// Per-article resolution for the quote engine (before bundle
/// resolution): chains, the article's own alias table, pronoun and
/// nominal antecedents, answered as indices into `article.mentions`.
/// Build it once per article; each query is then cheap.
pub struct Context<'a> {
    pub doc: Doc<'a>,
    /// The article's chains (borrowed when bundle resolution built them).
    pub local: Cow<'a, Local>,
    /// Pronoun resolution read once for queries in text order (built on
    /// the first pronoun query).
    pronouns: std::cell::RefCell<Option<pronoun::Resolver>>,
}

impl<'a> Context<'a> {
    pub fn new(article: &'a Article) -> Context<'a> {
        Context::with_doc(Doc::new(article))
    }

    fn with_doc(doc: Doc<'a>) -> Context<'a> {
        let local = chains::build(&doc, Lexicon::get());
        Context {
            doc,
            local: Cow::Owned(local),
            pronouns: Default::default(),
        }
    }

    /// Indices of the mentions that may overlap `[start, end)`: a binary
    /// search when the mentions are sorted and disjoint, else all of them.
    fn overlapping(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let d = &self.doc;
        if d.mentions_sorted {
            d.mention_partition(|_, e| e <= start)..d.mention_partition(|s, _| s < end)
        } else {
            0..d.mention_count()
        }
    }

    /// Mentions of the same entity within the article as mention `i`.
    pub fn coreferent(&self, i: usize) -> Vec<usize> {
        match self.local.chain_of.get(i).copied().flatten() {
            Some(c) => self.local.chains[c].mentions.clone(),
            None => Vec::new(),
        }
    }

    /// The antecedent of the pronoun `pronoun` at byte `at`: a mention
    /// index (the most recent mention of the most salient agreeing
    /// entity; subjects outrank objects). `None` for first/second person
    /// or when nothing agrees within four sentences.
    pub fn antecedent(&self, at: usize, pronoun: &str) -> Option<usize> {
        let mut cached = self.pronouns.borrow_mut();
        let resolver = cached.get_or_insert_with(|| pronoun::Resolver::new(&self.doc, &self.local));
        resolver.antecedent(&self.doc, &self.local, at, pronoun, Lexicon::get())
    }

    /// The named mention a nominal span refers to within this article: a
    /// name it is in apposition with or predicated of ("Ann Lee, a
    /// teacher", "Lodz is a city"), "the Russian leader" (alias table from
    /// the article's own titles and appositives), "the ministry", "the
    /// city", "the man" (the most recent entity of that kind). Bundle-level knowledge is used later, by
    /// [`Resolution::entity_for_span`].
    pub fn resolve_nominal(&self, start: usize, end: usize) -> Option<usize> {
        let lex = Lexicon::get();
        if let Some(mi) = nominal::syntactic_link(&self.doc, start, end) {
            return Some(mi);
        }
        match nominal::read_span(&self.doc, start, end, lex)? {
            Nominal::Role(p) => {
                let owner_country = p.key.owner.and_then(|mi| {
                    let c = self.local.chain_of.get(mi).copied().flatten()?;
                    Profile::new(
                        self.local.chains[c]
                            .roles
                            .iter()
                            .map(|r| r.key.clone())
                            .collect(),
                    )
                    .country
                });
                let q = alias::normalise_query(&p.key, owner_country.as_deref(), lex);
                let owner_chain = p
                    .key
                    .owner
                    .and_then(|mi| self.local.chain_of.get(mi).copied().flatten());
                let mut best: Option<(u32, usize, usize)> = None; // score, last position, chain
                for (ci, c) in self.local.chains.iter().enumerate() {
                    if c.group != Group::Person || c.roles.is_empty() || Some(ci) == owner_chain {
                        continue;
                    }
                    let prof = Profile::new(c.roles.iter().map(|r| r.key.clone()).collect());
                    let Some(s) = alias::score(&q, &prof, lex) else {
                        continue;
                    };
                    let last = c
                        .mentions
                        .iter()
                        .map(|&m| self.doc.mention_start(m))
                        .filter(|&x| x < start)
                        .max()
                        .unwrap_or(0);
                    if best.is_none_or(|b| (s, last) > (b.0, b.1)) {
                        best = Some((s, last, ci));
                    }
                }
                match best {
                    Some((_, _, ci)) => self.latest_mention(ci, start),
                    None => {
                        // A role word the alias table cannot answer: fall back
                        // to its kind ("the president" → a recent person).
                        let head = self
                            .doc
                            .text
                            .get(p.start..p.end)?
                            .split_whitespace()
                            .last()
                            .map(names::fold)?;
                        let kinds = lex.heads.get(&head)?;
                        nominal::resolve_typed(&self.doc, &self.local, start, &head, kinds)
                    }
                }
            }
            Nominal::Typed { head, kinds } => {
                nominal::resolve_typed(&self.doc, &self.local, start, &head, &kinds)
            }
        }
    }

    /// The most recent mention of chain `ci` before byte `at` (else its
    /// first mention).
    fn latest_mention(&self, ci: usize, at: usize) -> Option<usize> {
        let c = self.local.chains.get(ci)?;
        c.mentions
            .iter()
            .copied()
            .filter(|&m| self.doc.mention_start(m) < at)
            .max_by_key(|&m| self.doc.mention_start(m))
            .or_else(|| c.mentions.first().copied())
    }
}

/// Shortcut: [`Context::antecedent`] for one query.
pub fn antecedent(article: &Article, at: usize, pronoun: &str) -> Option<usize> {
    Context::new(article).antecedent(at, pronoun)
}

/// Shortcut: [`Context::resolve_nominal`] for one query.
pub fn resolve_nominal(article: &Article, start: usize, end: usize) -> Option<usize> {
    Context::new(article).resolve_nominal(start, end)
}

/// Test fixtures shared by this module's files: mentions placed on the
/// first occurrences, in order, of the given needles.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::report::{Article, Mention};

    /// A mention with `label` on each needle, searched left to right.
    pub(crate) fn mentions(text: &str, spans: &[(&str, &str)]) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut from = 0;
        for (needle, label) in spans {
            let start = from + text[from..].find(needle).expect("needle");
            from = start + needle.len();
            out.push(Mention {
                start,
                end: start + needle.len(),
                label: label.to_string(),
                entity: None,
            });
        }
        out
    }

    /// An article with those mentions.
    pub(crate) fn article(id: &str, text: &str, spans: &[(&str, &str)]) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            mentions: mentions(text, spans),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Mention;

    use super::fixtures::article;

    /// Two articles naming one person and one city, spelled two ways each.
    fn kovac_in_kyiv() -> Vec<Article> {
        vec![
            article(
                "a1",
                "Kovac spoke in Kyiv.",
                &[("Kovac", "PERSON"), ("Kyiv", "GPE")],
            ),
            article(
                "a2",
                "Marta Kovac left Kiev. Kovac was tired.",
                &[
                    ("Marta Kovac", "PERSON"),
                    ("Kiev", "GPE"),
                    ("Kovac", "PERSON"),
                ],
            ),
        ]
    }

    #[test]
    fn ids_follow_first_appearance_and_names_are_fullest() {
        let mut arts = kovac_in_kyiv();
        let ents = resolve(&mut arts);
        assert_eq!(ents.len(), 2);
        assert_eq!(ents[0].id, "e1");
        assert_eq!(ents[0].name, "Marta Kovac");
        assert_eq!(ents[0].label, "PERSON");
        assert_eq!(ents[1].variants.len(), 2);
        assert_eq!(arts[1].mentions[0].entity.as_deref(), Some("e1"));
        assert_eq!(arts[1].mentions[1].entity.as_deref(), Some("e2"));
        let kovac = ents[0].variants.iter().find(|v| v.text == "Kovac").unwrap();
        assert_eq!(kovac.count, 2);
        assert_eq!(kovac.articles, ["a1", "a2"]);
    }

    #[test]
    fn chains_of_other_articles_are_made_afresh() {
        let bundle = kovac_in_kyiv;
        let mut whole = bundle();
        let want = resolve_bundle_threads(&mut whole, &[], 1).entities;
        assert_eq!(want.len(), 2);
        let mut other = vec![bundle().remove(0)];
        let chains = article_chains(&mut other, &[], 1);
        let mut arts = bundle();
        assert_eq!(resolve_chains(&mut arts, chains, 2).entities, want);
        assert_eq!(arts, whole);
    }

    #[test]
    fn chains_are_kept_where_relabelling_changed_no_label_they_read() {
        let lex = Lexicon::get();
        let text = "Russia's Foreign Ministry spoke. Ukraine's Foreign Ministry did not. \
                    Officials met in Lodz.";
        let a = article(
            "a1",
            text,
            &[
                ("Russia", "GPE"),
                ("Foreign Ministry", "ORG"),
                ("Ukraine", "GPE"),
                ("Foreign Ministry", "ORG"),
                ("Lodz", "LOC"),
            ],
        );
        let doc = Doc::new(&a);
        let local = chains::build(&doc, lex);
        let keys = mention_keys(&a, &doc.labels_read());
        // The qualifiers' labels are read; the place's only by group.
        assert!(keys[0].3 && keys[2].3);
        assert!(!keys[4].3);
        assert!(same_mentions(&keys, &a));
        let built = |a: &Article| format!("{:?}", chains::build(&Doc::new(a), lex));
        let relabelled = |i: usize, label: &str| {
            let mut b = a.clone();
            b.mentions[i].label = label.into();
            b
        };
        // Unread, within its group: the chains built anew are the same.
        let b = relabelled(4, "GPE");
        assert!(same_mentions(&keys, &b));
        assert_eq!(built(&b), format!("{local:?}"));
        // Another group: built anew.
        assert!(!same_mentions(&keys, &relabelled(4, "ORG")));
        // A label that was read, within its group: built anew, and it
        // matters (the ministry loses its country).
        let c = relabelled(0, "LOC");
        assert!(!same_mentions(&keys, &c));
        assert_ne!(built(&c), format!("{local:?}"));
        // Spans must match.
        let mut d = a.clone();
        d.mentions[4].end -= 1;
        assert!(!same_mentions(&keys, &d));
        assert!(!same_mentions(&keys[1..], &a));
    }

    #[test]
    fn a_label_chains_did_not_read_may_change_within_its_group() {
        // What reusing chains rests on: chains built anew after relabelling
        // a mention whose label they did not read ([`Doc::labels_read`]) to
        // any label of its group are the same.
        let lex = Lexicon::get();
        let text = "Ruritanian Foreign Minister Elena Varga arrived in Lodz. Varga, a former \
                    spokeswoman, met Russia's Foreign Ministry and the Northern Grain Export \
                    Board (NGEB) at the Palace. President Ivan Petrov of the U.S. said NGEB \
                    and Novak would act; the Ministry agreed with Pavel Novak on Easter.";
        let a = article(
            "a1",
            text,
            &[
                ("Ruritanian", "NORP"),
                ("Elena Varga", "PERSON"),
                ("Lodz", "LOC"),
                ("Varga", "PER"),
                ("Russia", "GPE"),
                ("Foreign Ministry", "ORG"),
                ("Northern Grain Export Board", "ORGANIZATION"),
                ("NGEB", "ORG"),
                ("Palace", "FAC"),
                ("President", "ROLE"),
                ("Ivan Petrov", "PERSON"),
                ("U.S.", "GPE"),
                ("NGEB", "ORG"),
                ("Novak", "ORG"),
                ("Ministry", "ORG"),
                ("Pavel Novak", "PERSON"),
                ("Easter", "EVENT"),
            ],
        );
        let doc = Doc::new(&a);
        let want = format!("{:?}", chains::build(&doc, lex));
        let read = doc.labels_read();
        assert!(read.iter().any(|&r| r) && read.iter().any(|&r| !r));
        let labels = [
            "PERSON",
            "PER",
            "ORG",
            "ORGANIZATION",
            "GPE",
            "LOC",
            "FAC",
            "PLACE",
            "NORP",
            "EVENT",
            "MISC",
            "WORK_OF_ART",
            "PRODUCT",
            "LAW",
            "LANGUAGE",
        ];
        let mut tried = 0;
        for (i, m) in a.mentions.iter().enumerate() {
            if read[i] {
                continue;
            }
            for l in labels.iter().filter(|l| group_of(l) == group_of(&m.label)) {
                let mut b = a.clone();
                b.mentions[i].label = l.to_string();
                let got = format!("{:?}", chains::build(&Doc::new(&b), lex));
                assert_eq!(got, want, "mention {i} as {l}");
                tried += 1;
            }
        }
        assert!(tried > 20, "{tried}");
    }

    #[test]
    fn collapsing_whitespace() {
        // The general rule, against which the single-spaced shortcut is
        // checked.
        let general = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in [
            "",
            " ",
            "  ",
            "a",
            "Ann Lee",
            " Ann Lee",
            "Ann Lee ",
            "Ann  Lee",
            "Ann\nLee",
            "Ann\u{a0}Lee",
            "Ann \u{2009}Lee",
            "Kovalenko’s aide Élysée",
            "a b c d e f",
            "\t",
        ] {
            assert_eq!(collapse_ws(s), general(s), "{s:?}");
        }
    }

    #[test]
    fn empty_and_junk_input() {
        assert!(resolve(&mut []).is_empty());
        let mut arts = vec![Article {
            id: "a1".into(),
            text: "é".into(),
            mentions: vec![
                Mention {
                    start: 1,
                    end: 2,
                    label: "PERSON".into(),
                    entity: None,
                },
                Mention {
                    start: 5,
                    end: 2,
                    label: "ORG".into(),
                    entity: None,
                },
                Mention {
                    start: 0,
                    end: 99,
                    label: "GPE".into(),
                    entity: None,
                },
            ],
            ..Default::default()
        }];
        let ents = resolve(&mut arts);
        assert!(ents.is_empty());
        assert!(antecedent(&arts[0], 1, "he").is_none());
        assert!(resolve_nominal(&arts[0], 0, 99).is_none());
    }
}
