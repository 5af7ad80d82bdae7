//! Distinctive wording: the words and two-word phrases one article (or one
//! outlet, or one section label) uses far more than the rest of the bundle.
//!
//! Method: log-odds ratio with an informative Dirichlet prior (Monroe,
//! Colaresi & Quinn 2008, "Fightin' Words", §3.5). For a group `g` against
//! the rest `r`, with counts `y`, totals `n`, and a prior `α_w` proportional
//! to the word's bundle frequency (`α_0 = min(N, 1000) / 10`, weak enough that a
//! single article's repeated word can stand out in a small bundle):
//!
//! ```text
//! δ_w = ln((y_gw+α_w)/(n_g+α_0−y_gw−α_w)) − ln((y_rw+α_w)/(n_r+α_0−y_rw−α_w))
//! σ²_w ≈ 1/(y_gw+α_w) + 1/(y_rw+α_w)          z_w = δ_w / σ_w
//! ```
//!
//! The prior shrinks rare words, so a word used twice by one outlet and
//! never elsewhere does not outrank a real difference. Function words
//! (`assets/lexicon/stopwords.txt`) are left out; phrases may not start or
//! end with one. Terms need `z ≥ 1.645` (one-sided 95 %) and two uses; every term lists where
//! it occurs.

use super::words::{is_lexical, Ids, Word};
use super::SpanRef;
use crate::report::Article;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Most terms listed per group.
const MAX_TERMS: usize = 15;
/// Most occurrences listed per term.
const MAX_SPANS: usize = 12;
/// One-sided 95 %: the group uses the term more than the rest.
const MIN_Z: f64 = 1.645;

/// The distinctive terms of one group of articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distinctive {
    /// `article`, `outlet` or `section`.
    pub group: String,
    /// The article id, outlet name or section label.
    pub key: String,
    pub articles: Vec<String>,
    /// Most distinctive first.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub text: String,
    /// Uses in the group and in the rest of the bundle.
    pub count: usize,
    pub rest_count: usize,
    pub log_odds: f64,
    pub z: f64,
    /// Where the group uses it.
    pub spans: Vec<SpanRef>,
}

/// The bundle's terms: words and two-word phrases, numbered once, so that
/// counting works on integers (no string is built or hashed per
/// occurrence).
struct Vocab<'a> {
    /// Distinct words (normalised forms) by id.
    words: Vec<&'a str>,
    /// Distinct phrases (two word ids) by id.
    pairs: Vec<(u32, u32)>,
}

impl Vocab<'_> {
    /// The text of term `t` of kind `kind` (0 words, 1 phrases): its first
    /// word and, for a phrase, its second.
    fn parts(&self, kind: usize, t: u32) -> (&str, Option<&str>) {
        if kind == 0 {
            (self.words[t as usize], None)
        } else {
            let (a, b) = self.pairs[t as usize];
            (self.words[a as usize], Some(self.words[b as usize]))
        }
    }

    fn text(&self, kind: usize, t: u32) -> String {
        match self.parts(kind, t) {
            (a, None) => a.to_string(),
            (a, Some(b)) => format!("{a} {b}"),
        }
    }

    /// Two terms' texts in string order, without building the strings.
    fn cmp_text(&self, x: (usize, u32), y: (usize, u32)) -> Ordering {
        let bytes = |(kind, t)| {
            let (a, b) = self.parts(kind, t);
            let rest = b.into_iter().flat_map(|b| " ".bytes().chain(b.bytes()));
            a.bytes().chain(rest)
        };
        bytes(x).cmp(bytes(y))
    }
}

/// Occurrences of terms in one article: `(term, word)` in text order;
/// `word` is the index of the term's (first) word in the article's words.
/// Index 0 words, 1 phrases. (Not sorted by term: groups count their terms
/// with a tally, see [`group_counts`], which was a fifth of the time of
/// sorting every article's occurrences.)
type Occurrences = [Vec<(u32, u32)>; 2];

/// Number every phrase of the bundle (words are numbered already) and list
/// each article's occurrences.
fn count_terms<'a>(words: &[Vec<Word>], ids: &Ids<'a>) -> (Vocab<'a>, Vec<Occurrences>) {
    // Pairs are sized up front for one in four words, so that the map and
    // the list do not grow (and rehash) while filled (≈ 0.06 M of the seed
    // bundle's 35 M instructions).
    let guess = ids.words.iter().map(Vec::len).sum::<usize>() / 4;
    let mut vocab = Vocab {
        words: ids.forms.clone(),
        pairs: Vec::with_capacity(guess),
    };
    let lexical: Vec<bool> = ids.forms.iter().map(|w| is_lexical(w)).collect();
    // Keyed by the two ids in one integer (one hash step, not two).
    let mut pair_id: HashMap<u64, u32> =
        HashMap::with_capacity_and_hasher(guess, Default::default());
    let mut lexical_ids: Vec<Option<u32>> = Vec::new();
    let occurrences = words
        .iter()
        .zip(&ids.words)
        .map(|(ws, word_ids)| {
            // Each word's id when it is lexical.
            lexical_ids.clear();
            lexical_ids.extend(
                word_ids
                    .iter()
                    .map(|&id| lexical[id as usize].then_some(id)),
            );
            let ids = &lexical_ids;
            // At most one word and one phrase per word: no vector grows.
            let mut occ: Occurrences = [0, 1].map(|_| Vec::with_capacity(ws.len()));
            for i in 0..ws.len().min(ids.len()) {
                let Some(id) = ids[i] else { continue };
                occ[0].push((id, i as u32));
                if let Some(Some(next)) = ids.get(i + 1) {
                    let key = u64::from(id) << 32 | u64::from(*next);
                    let pair = *pair_id.entry(key).or_insert_with(|| {
                        vocab.pairs.push((id, *next));
                        vocab.pairs.len() as u32 - 1
                    });
                    occ[1].push((pair, i as u32));
                }
            }
            occ
        })
        .collect();
    (vocab, occurrences)
}

/// Uses of each term of kind `kind` in the articles `members`: `(term,
/// uses)` in order of first use. `tally` (one zero per term of the kind) is
/// left all zeros again.
fn group_counts(
    counts: &[Occurrences],
    members: &[usize],
    kind: usize,
    tally: &mut [u32],
) -> Vec<(u32, usize)> {
    let uses: usize = members.iter().map(|&i| counts[i][kind].len()).sum();
    let mut terms = Vec::with_capacity(uses);
    for &i in members {
        for &(t, _) in &counts[i][kind] {
            let c = &mut tally[t as usize];
            if *c == 0 {
                terms.push(t);
            }
            *c += 1;
        }
    }
    terms
        .into_iter()
        .map(|t| (t, std::mem::take(&mut tally[t as usize]) as usize))
        .collect()
}

/// Distinctive terms per article, and per outlet and per section label when
/// some outlet or label covers more than one article.
pub fn distinctive(articles: &[&Article], words: &[Vec<Word>]) -> Vec<Distinctive> {
    distinctive_in(articles, words, &Ids::new(words))
}

/// [`distinctive`] with the bundle's word ids (`Ids::new(words)`).
pub fn distinctive_in(articles: &[&Article], words: &[Vec<Word>], ids: &Ids) -> Vec<Distinctive> {
    if articles.len() < 2 {
        return Vec::new();
    }
    let (vocab, counts) = count_terms(words, ids);
    let mut groups: Vec<(String, String, Vec<usize>)> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| ("article".to_string(), a.id.clone(), vec![i]))
        .collect();
    for (kind, field) in [("outlet", 0), ("section", 1)] {
        let mut by: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            let value = if field == 0 { &a.outlet } else { &a.section };
            if let Some(v) = value {
                match by.iter_mut().find(|(k, _)| k == v) {
                    Some((_, members)) => members.push(i),
                    None => by.push((v.clone(), vec![i])),
                }
            }
        }
        let useful = by.len() >= 2 && by.iter().any(|(_, m)| m.len() > 1);
        if useful {
            groups.extend(by.into_iter().map(|(k, m)| (kind.to_string(), k, m)));
        }
    }
    let sizes = [vocab.words.len(), vocab.pairs.len()];
    let totals = [0, 1].map(|kind| totals(&counts, kind, sizes[kind]));
    let mut tallies = sizes.map(|n| vec![0u32; n]);
    groups
        .into_iter()
        .map(|(group, key, members)| {
            // Scores first; texts and spans only for the terms kept.
            // The order they are scored in does not matter: no two terms
            // share a text, so the sort below orders them all.
            let mut scored = Vec::new();
            for kind in [0, 1] {
                let group = group_counts(&counts, &members, kind, &mut tallies[kind]);
                scored.extend(score(group, kind, &totals[kind]));
            }
            let scored = first(scored, MAX_TERMS, |a, b| {
                b.z.total_cmp(&a.z)
                    .then_with(|| vocab.cmp_text((a.kind, a.term), (b.kind, b.term)))
            });
            let mut spans: Vec<Vec<SpanRef>> = vec![Vec::new(); scored.len()];
            for kind in [0, 1] {
                let at: Vec<usize> = (0..scored.len())
                    .filter(|&k| scored[k].kind == kind)
                    .collect();
                let terms: Vec<u32> = at.iter().map(|&k| scored[k].term).collect();
                let found = Uses {
                    articles,
                    words,
                    counts: &counts,
                    members: &members,
                    kind,
                }
                .spans(&terms, &mut tallies[kind]);
                for (k, list) in at.into_iter().zip(found) {
                    spans[k] = list;
                }
            }
            Distinctive {
                group,
                key,
                articles: members.iter().map(|&i| articles[i].id.clone()).collect(),
                terms: scored
                    .iter()
                    .zip(spans)
                    .map(|(s, spans)| s.term(&vocab, spans))
                    .collect(),
            }
        })
        .collect()
}

/// The first `k` of `items` as a stable sort by `cmp` orders them, in that
/// order, in one pass that keeps only those `k` in order: a group scores
/// hundreds of terms, and lists fifteen.
fn first<T>(items: Vec<T>, k: usize, mut cmp: impl FnMut(&T, &T) -> Ordering) -> Vec<T> {
    let mut best: Vec<T> = Vec::with_capacity(k + 1);
    if k == 0 {
        return best;
    }
    for x in items {
        // An item no earlier than the last kept comes after it (equal ones
        // keep their order, as in a stable sort).
        if best.len() == k && cmp(&x, &best[k - 1]) != Ordering::Less {
            continue;
        }
        let at = best.partition_point(|b| cmp(b, &x) != Ordering::Greater);
        best.insert(at, x);
        best.truncate(k);
    }
    best
}

/// Uses of each term of kind `kind` over the whole bundle (by term id), and
/// of all terms.
fn totals(counts: &[Occurrences], kind: usize, size: usize) -> (Vec<usize>, usize) {
    let mut total = vec![0; size];
    let mut n = 0;
    for c in counts {
        for &(t, _) in &c[kind] {
            total[t as usize] += 1;
        }
        n += c[kind].len();
    }
    (total, n)
}

/// A distinctive term of a group before its text and spans are looked up.
struct Scored {
    kind: usize,
    term: u32,
    count: usize,
    rest_count: usize,
    /// Rounded as listed.
    log_odds: f64,
    z: f64,
}

impl Scored {
    fn term(&self, vocab: &Vocab, spans: Vec<SpanRef>) -> Term {
        Term {
            text: vocab.text(self.kind, self.term),
            count: self.count,
            rest_count: self.rest_count,
            log_odds: self.log_odds,
            z: self.z,
            spans,
        }
    }
}

/// The occurrences of terms of one kind in a group's articles.
struct Uses<'a, 'w> {
    articles: &'a [&'a Article],
    words: &'a [Vec<Word<'w>>],
    counts: &'a [Occurrences],
    members: &'a [usize],
    kind: usize,
}

impl Uses<'_, '_> {
    /// Where the group uses each of `terms` (distinct): its first
    /// [`MAX_SPANS`] uses, in member order, then text order. One pass over
    /// the members' occurrences finds them for all the terms (a pass per
    /// term was most of this table's time for outlets of many articles).
    /// `slot` (one zero per term of the kind) is left all zeros again.
    fn spans(&self, terms: &[u32], slot: &mut [u32]) -> Vec<Vec<SpanRef>> {
        let mut out: Vec<Vec<SpanRef>> = vec![Vec::new(); terms.len()];
        if terms.is_empty() {
            return out;
        }
        for (k, &t) in terms.iter().enumerate() {
            slot[t as usize] = k as u32 + 1;
        }
        // Words after the first: none for a word, one for a phrase.
        let more = self.kind;
        let mut full = 0;
        'members: for &i in self.members {
            let ws = &self.words[i];
            for &(t, at) in &self.counts[i][self.kind] {
                let Some(k) = slot[t as usize].checked_sub(1) else {
                    continue;
                };
                let list = &mut out[k as usize];
                let at = at as usize;
                let (Some(first), Some(last)) = (ws.get(at), ws.get(at + more)) else {
                    continue;
                };
                if list.len() < MAX_SPANS {
                    list.push(SpanRef {
                        article: self.articles[i].id.clone(),
                        start: first.start,
                        end: last.end,
                    });
                    if list.len() == MAX_SPANS {
                        full += 1;
                        if full == terms.len() {
                            break 'members;
                        }
                    }
                }
            }
        }
        for &t in terms {
            slot[t as usize] = 0;
        }
        out
    }

    /// [`Uses::spans`] of one term, the straightforward way (for tests).
    #[cfg(test)]
    fn spans_of(&self, term: u32) -> Vec<SpanRef> {
        let more = self.kind;
        self.members
            .iter()
            .flat_map(|&i| {
                let ws = &self.words[i];
                self.counts[i][self.kind]
                    .iter()
                    .filter(move |x| x.0 == term)
                    .filter_map(move |&(_, at)| {
                        let at = at as usize;
                        Some(SpanRef {
                            article: self.articles[i].id.clone(),
                            start: ws.get(at)?.start,
                            end: ws.get(at + more)?.end,
                        })
                    })
            })
            .take(MAX_SPANS)
            .collect()
    }
}

/// The terms of a group (`(term, uses)` of kind `kind`) that it uses
/// distinctively more than the rest, with their scores.
fn score(
    mut group: Vec<(u32, usize)>,
    kind: usize,
    (total, n): &(Vec<usize>, usize),
) -> Vec<Scored> {
    let n = *n as f64;
    let n_g: f64 = group.iter().map(|x| x.1).sum::<usize>() as f64;
    let n_r = n - n_g;
    if n == 0.0 || n_g == 0.0 || n_r == 0.0 {
        return Vec::new();
    }
    let a0 = n.min(1000.0) / 10.0;
    group.retain(|x| x.1 >= 2);
    let mut out = Vec::with_capacity(group.len());
    for (term, y_g) in group {
        let y_all = total.get(term as usize).copied().unwrap_or(0) as f64;
        let y_g = y_g as f64;
        let y_r = y_all - y_g;
        let alpha = y_all * a0 / n;
        let delta = ((y_g + alpha) / (n_g + a0 - y_g - alpha)).ln()
            - ((y_r + alpha) / (n_r + a0 - y_r - alpha)).ln();
        let z = delta / (1.0 / (y_g + alpha) + 1.0 / (y_r + alpha)).sqrt();
        if z.is_finite() && z >= MIN_Z {
            out.push(Scored {
                kind,
                term,
                count: y_g as usize,
                rest_count: y_r as usize,
                log_odds: (delta * 1000.0).round() / 1000.0,
                z: (z * 100.0).round() / 100.0,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::words::words;

    fn art(id: &str, outlet: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            outlet: Some(outlet.into()),
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_word_one_outlet_repeats_is_distinctive_for_it() {
        let shared =
            "The council met on Tuesday to discuss the harbour budget and the ferry timetable. ";
        let a = art("a1", "North Post", &format!("{shared}{}", "Critics called the budget a reckless gamble. The reckless gamble angered residents. A reckless gamble, said one. ".repeat(2)));
        let b = art(
            "a2",
            "South Wire",
            &format!("{shared}Officials defended the budget as prudent planning for the harbour."),
        );
        let c = art(
            "a3",
            "East Daily",
            &format!("{shared}The harbour budget passed after a short debate about the ferry."),
        );
        let list = [&a, &b, &c];
        let w: Vec<_> = list.iter().map(|x| words(x)).collect();
        let d = distinctive(&list, &w);
        assert_eq!(
            d.len(),
            3,
            "one group per article; outlets are one article each"
        );
        let first = &d[0];
        assert_eq!(
            (first.group.as_str(), first.key.as_str()),
            ("article", "a1")
        );
        let texts: Vec<&str> = first.terms.iter().map(|t| t.text.as_str()).collect();
        assert!(texts.contains(&"reckless gamble"), "{texts:?}");
        let t = first.terms.iter().find(|t| t.text == "reckless").unwrap();
        assert_eq!((t.count, t.rest_count), (6, 0));
        assert!(t.z >= MIN_Z);
        let s = &t.spans[0];
        assert_eq!(&a.text[s.start..s.end], "reckless");
        // Shared words and function words are never distinctive.
        assert!(d
            .iter()
            .flat_map(|g| &g.terms)
            .all(|t| t.text != "harbour" && t.text != "the"));
    }

    #[test]
    fn first_is_a_stable_sort_cut_short() {
        let mut rng = crate::testing::Lcg::new(29);
        let mut next = |n: u64| rng.below(n);
        for n in [0, 1, 5, 14, 15, 16, 40, 300] {
            for range in [2, 10, 1000] {
                // (key, original position): the order among equal keys shows.
                let items: Vec<(u64, usize)> = (0..n).map(|i| (next(range), i)).collect();
                for k in [0, 1, 3, 15, 500] {
                    let mut expected = items.clone();
                    crate::sort::by(&mut expected, |a, b| b.0.cmp(&a.0));
                    expected.truncate(k);
                    let got = first(items.clone(), k, |a, b| b.0.cmp(&a.0));
                    assert_eq!(got, expected, "n={n} range={range} k={k}");
                }
            }
        }
    }

    #[test]
    fn group_counts_count_like_sorting_does() {
        let mut rng = crate::testing::Lcg::new(3);
        let mut next = |n: u64| rng.below(n) as u32;
        let size = 50;
        let counts: Vec<Occurrences> = (0..6)
            .map(|a| {
                let n = [0, 1, 7, 40, 200, 300][a];
                [0, 1].map(|_| (0..n).map(|i| (next(size), i)).collect())
            })
            .collect();
        let mut tally = vec![0u32; size as usize];
        for members in [
            vec![],
            vec![0],
            vec![1],
            vec![4],
            vec![2, 3, 5],
            vec![0, 1, 2, 3, 4, 5],
        ] {
            for kind in [0, 1] {
                let mut got = group_counts(&counts, &members, kind, &mut tally);
                got.sort_unstable();
                // Straightforward: every use sorted, then runs counted.
                let mut all: Vec<u32> = members
                    .iter()
                    .flat_map(|&i| counts[i][kind].iter().map(|o| o.0))
                    .collect();
                all.sort_unstable();
                let expected: Vec<(u32, usize)> = all
                    .chunk_by(|a, b| a == b)
                    .map(|run| (run[0], run.len()))
                    .collect();
                assert_eq!(got, expected, "{members:?} {kind}");
                assert!(tally.iter().all(|&c| c == 0));
            }
        }
    }

    #[test]
    fn spans_in_one_pass_are_each_terms_spans() {
        let mut rng = crate::testing::Lcg::new(5);
        let mut next = |n: u64| rng.below(n);
        let vocab = [
            "harbour", "ferry", "budget", "council", "reckless", "gamble",
        ];
        let list: Vec<Article> = (0..5)
            .map(|a| {
                let n = [0, 3, 40, 120, 200][a];
                let text: Vec<&str> = (0..n).map(|_| vocab[next(6) as usize]).collect();
                art(&format!("a{a}"), "Post", &text.join(" "))
            })
            .collect();
        let articles: Vec<&Article> = list.iter().collect();
        let words: Vec<_> = articles.iter().map(|a| words(a)).collect();
        let ids = Ids::new(&words);
        let (vocab, counts) = count_terms(&words, &ids);
        let sizes = [vocab.words.len(), vocab.pairs.len()];
        for members in [vec![], vec![1], vec![4], vec![2, 3], vec![0, 1, 2, 3, 4]] {
            for kind in [0, 1] {
                let uses = Uses {
                    articles: &articles,
                    words: &words,
                    counts: &counts,
                    members: &members,
                    kind,
                };
                let mut slot = vec![0u32; sizes[kind]];
                for take in [0, 1, 3, sizes[kind]] {
                    let terms: Vec<u32> = (0..sizes[kind] as u32).rev().take(take).collect();
                    let got = uses.spans(&terms, &mut slot);
                    let expected: Vec<Vec<SpanRef>> =
                        terms.iter().map(|&t| uses.spans_of(t)).collect();
                    assert_eq!(got, expected, "{members:?} {kind} {take}");
                    assert!(slot.iter().all(|&s| s == 0));
                }
            }
        }
    }

    #[test]
    fn outlets_with_several_articles_form_groups() {
        let filler = "Envoys met in the capital for a second day of meetings with ministers. ";
        let a_text = format!(
            "{}{}",
            filler.repeat(3),
            "Ceasefire talks stalled again. ".repeat(4)
        );
        let b_text = format!(
            "{}{}",
            filler.repeat(3),
            "Ceasefire talks stalled as envoys left. ".repeat(4)
        );
        let c_text = format!(
            "{}{}",
            filler.repeat(9),
            "Peace negotiations continue, envoys say. ".repeat(2)
        );
        let a = art("a1", "Wire", &a_text);
        let b = art("a2", "Wire", &b_text);
        let c = art("a3", "Paper", &c_text);
        let list = [&a, &b, &c];
        let w: Vec<_> = list.iter().map(|x| words(x)).collect();
        let d = distinctive(&list, &w);
        let wire = d
            .iter()
            .find(|g| g.group == "outlet" && g.key == "Wire")
            .unwrap();
        assert_eq!(wire.articles, ["a1", "a2"]);
        assert!(
            wire.terms.iter().any(|t| t.text == "ceasefire talks"),
            "{:?}",
            wire.terms
                .iter()
                .map(|t| (&t.text, t.z))
                .collect::<Vec<_>>()
        );
        assert!(distinctive(&list[..1], &w[..1]).is_empty());
    }
}
