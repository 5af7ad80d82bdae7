//! Quote alignment: the same statement as each article reports it.
//!
//! Every quote except scare quotes is a candidate. Two quotes are the same
//! statement when (checked on normalised words, `assets/lexicon/stopwords.txt`
//! left out of the content words):
//!
//! 1. the shorter one's words occur word for word, in order and
//!    contiguously, in the longer one — a partial quote cut from the full
//!    one. When both are quoted (direct or partial) it needs two content
//!    words, or one when it is a partial quote of the same known speaker
//!    ("called the talks ‘productive’"); this is the only rule within one
//!    article, and there only for quotes not given to two different
//!    speakers. With an indirect quote, across articles, it needs
//!    [`MIN_SHARED`] content words, or the same wording throughout with two
//!    (one for the same known speaker);
//! 2. both are quoted, from different articles, sharing at least
//!    [`MIN_SHARED`] content words and an IDF-weighted share of
//!    [`QUOTED_OVERLAP`] of the shorter one's content words (words changed);
//! 3. one is indirect, from different articles, sharing [`MIN_SHARED`]
//!    content words and a weighted share of [`SAME_SPEAKER_OVERLAP`] (same
//!    known speaker) or [`OTHER_SPEAKER_OVERLAP`] (otherwise).
//!
//! Under rules 2 and 3, quotes not given to the same known speaker must
//! also share a quarter of the longer one's content words.
//!
//! Weights are `ln(1 + Q/df)` over the bundle's Q quotes, so words every
//! quote shares ("peace", the country's name) count little. Candidate pairs
//! come from an inverted index probed with each quote's rarest content
//! words — enough of them that any pair passing the thresholds shares one —
//! so the work stays near-linear in the bundle's quotes. Matches are joined
//! transitively (union–find) into groups.
//!
//! Each group keeps its fullest wording (the longest direct or partial
//! quote, else the longest indirect one) as the reference; every other
//! member carries a word diff against it and flags: `cut` (a quoted member
//! with words left out and none added) and `words_changed` (a quoted member
//! with words the reference lacks). Group flags: `only_in_some` (fewer
//! articles than the bundle carry it), `cut`, `words_changed`,
//! `different_speakers` (two known speakers), and `exclusive` (one article
//! carries it while its speaker is quoted in several).

use super::diff::{self, Op};
use super::position::{round3, Layout};
use super::words::{is_content, Ids, Starts, Word};
use super::SpanRef;
use crate::report::{Article, Entity};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

/// Fewest content words two quotes share for a fuzzy match.
pub const MIN_SHARED: usize = 3;
/// Weighted share of the shorter quote's content words for two quoted
/// wordings with words changed.
pub const QUOTED_OVERLAP: f64 = 0.6;
/// … for an indirect quote and a quote by the same speaker.
pub const SAME_SPEAKER_OVERLAP: f64 = 0.6;
/// … for an indirect quote and a quote by another or an unknown speaker.
pub const OTHER_SPEAKER_OVERLAP: f64 = 0.75;
/// Name shown for quotes without a known speaker.
pub const UNKNOWN_SPEAKER: &str = "unknown speaker";

/// One statement and every article's wording of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteGroup {
    /// `q1`, `q2`, … in table order.
    pub id: String,
    /// The reference (fullest) wording.
    pub text: String,
    /// Index in `members` of the reference wording.
    pub reference: usize,
    /// The most frequent known speaker (`entities[].id`) and its name
    /// ([`UNKNOWN_SPEAKER`] when none is known).
    pub speaker: Option<String>,
    pub speaker_name: String,
    /// Every known speaker of the members, in member order.
    pub speakers: Vec<String>,
    /// Articles carrying the statement, in article order.
    pub articles: Vec<String>,
    /// Articles in the comparison.
    pub total: usize,
    pub only_in_some: bool,
    pub cut: bool,
    pub words_changed: bool,
    pub different_speakers: bool,
    /// Only one article carries it, though its speaker is quoted in several.
    pub exclusive: bool,
    /// Articles quoting the group's speaker at all (any statement).
    pub speaker_articles: Vec<String>,
    /// Members in article order, then text order.
    pub members: Vec<QuoteMember>,
}

/// One article's wording of a statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteMember {
    pub article: String,
    /// Index into that article's `quotes`.
    pub quote: usize,
    pub span: SpanRef,
    pub text: String,
    pub speaker: Option<String>,
    /// `direct`, `partial` or `indirect`.
    pub kind: String,
    pub words: usize,
    /// Relative position in the article, 0 … 1.
    pub position: f64,
    /// Weighted share of this wording's content words found in the
    /// reference (1 for the reference itself).
    pub overlap: f64,
    pub cut: bool,
    pub words_changed: bool,
    /// Word diff against the reference; empty for the reference itself.
    pub diff: Vec<DiffOp>,
}

/// A run of words in a member's diff. `equal` and `insert` runs point into
/// the member's article, `delete` runs (words the member leaves out) into
/// the reference's article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffOp {
    pub op: Op,
    pub text: String,
    pub span: SpanRef,
}

/// A candidate quote.
struct Cand<'a> {
    article: usize,
    quote: usize,
    kind: &'a str,
    /// Direct or partial (not indirect).
    quoted: bool,
    speaker: Option<&'a str>,
    /// The speaker numbered, so that pairs compare integers.
    speaker_id: Option<u32>,
    /// Word indices of the quote in its article's words.
    words: std::ops::Range<usize>,
    /// Sorted, deduplicated content word ids.
    content: Vec<u32>,
}

struct Uf(Vec<usize>);

impl Uf {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// Shared words of two sorted id lists: how many, and their weight.
fn shared_words(a: &[u32], b: &[u32], weight: impl Fn(u32) -> f64) -> (usize, f64) {
    let (mut i, mut j, mut n, mut w) = (0, 0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                w += weight(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    (n, w)
}

/// [`shared_words`] of a list `a` and the list whose words are marked
/// (`mark[w] == m`), in one pass over `a`: the same words, and their weights
/// summed in the same (ascending) order.
fn shared_marked(a: &[u32], mark: &[usize], m: usize, weight: impl Fn(u32) -> f64) -> (usize, f64) {
    let (mut n, mut w) = (0, 0.0);
    for &x in a {
        if mark[x as usize] == m {
            n += 1;
            w += weight(x);
        }
    }
    (n, w)
}

/// The candidates using each content word, in candidate order: one array
/// cut at offsets (not a vector per word).
struct Postings {
    /// `starts[w]..starts[w + 1]`: the range of word `w` in `cands`.
    starts: Vec<usize>,
    cands: Vec<usize>,
}

impl Postings {
    /// `df[w]`: the number of candidates with the content word `w`.
    fn new(cands: &[Cand], df: &[u32]) -> Self {
        let mut starts = Vec::with_capacity(df.len() + 1);
        let mut sum = 0;
        starts.push(0);
        for &d in df {
            sum += d as usize;
            starts.push(sum);
        }
        let mut next = starts.clone();
        let mut list = vec![0; sum];
        for (i, c) in cands.iter().enumerate() {
            for &w in &c.content {
                list[next[w as usize]] = i;
                next[w as usize] += 1;
            }
        }
        Postings {
            starts,
            cands: list,
        }
    }

    fn of(&self, w: u32) -> &[usize] {
        &self.cands[self.starts[w as usize]..self.starts[w as usize + 1]]
    }
}

/// The `k` smallest of `list` (distinct items), in no particular order:
/// selected, not sorted. (The order a quote's probe words are tried in
/// does not matter: each other candidate is checked once, whichever word
/// finds it, and matches are joined into sets.)
fn rarest(list: &mut [(u32, u32)], k: usize) -> &[(u32, u32)] {
    if k == 0 {
        return &[];
    }
    if k < list.len() {
        list.select_nth_unstable(k - 1);
    }
    &list[..k.min(list.len())]
}

fn contiguous(needle: &[u32], hay: &[u32]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Most candidates compared with one quote per probe word (see [`align`]);
/// far more than a bundle of news articles has quotes sharing a word.
const MAX_PROBE: usize = 2048;

/// Align the quotes of the articles into groups.
pub fn align(
    articles: &[&Article],
    words: &[Vec<Word>],
    layouts: &[Layout],
    entities: &[Entity],
) -> Vec<QuoteGroup> {
    align_in(articles, words, &Ids::new(words), layouts, entities)
}

/// [`align`] with the bundle's word ids (`Ids::new(words)`).
pub fn align_in(
    articles: &[&Article],
    words: &[Vec<Word>],
    ids: &Ids,
    layouts: &[Layout],
    entities: &[Entity],
) -> Vec<QuoteGroup> {
    // Candidates, their words as ids and their content words. Quote words
    // are numbered afresh, in order of first use in a quote: the order of
    // ids decides ties among the rarest words and the order weights are
    // summed in.
    let mut local: Vec<u32> = vec![u32::MAX; ids.forms.len()];
    let mut content_word: Vec<bool> = Vec::new();
    let mut speaker_ids: HashMap<&str, u32> = HashMap::default();
    let mut cands: Vec<Cand> = Vec::new();
    let mut norms: Vec<Vec<u32>> = Vec::new();
    for (ai, a) in articles.iter().enumerate() {
        let starts = Starts::new(&words[ai]);
        for (qi, q) in a.quotes.iter().enumerate() {
            if q.kind == "scare" || a.text.get(q.start..q.end).is_none() {
                continue;
            }
            let range = starts.within(q.start, q.end);
            if range.is_empty() {
                continue;
            }
            let quote_ids: Vec<u32> = ids.words[ai][range.clone()]
                .iter()
                .map(|&g| {
                    let id = &mut local[g as usize];
                    if *id == u32::MAX {
                        *id = content_word.len() as u32;
                        content_word.push(is_content(ids.forms[g as usize]));
                    }
                    *id
                })
                .collect();
            // Sized exactly (collecting a filter grows from empty).
            let content_only = |&&w: &&u32| content_word[w as usize];
            let mut content: Vec<u32> =
                Vec::with_capacity(quote_ids.iter().filter(content_only).count());
            content.extend(quote_ids.iter().filter(content_only));
            content.sort_unstable();
            content.dedup();
            cands.push(Cand {
                article: ai,
                quote: qi,
                kind: q.kind.as_str(),
                quoted: q.kind != "indirect",
                speaker: q.speaker.as_deref(),
                speaker_id: q.speaker.as_deref().map(|s| {
                    let n = speaker_ids.len() as u32;
                    *speaker_ids.entry(s).or_insert(n)
                }),
                words: range,
                content,
            });
            norms.push(quote_ids);
        }
    }
    let mut df = vec![0u32; content_word.len()];
    for c in &cands {
        for &w in &c.content {
            df[w as usize] += 1;
        }
    }
    let postings = Postings::new(&cands, &df);
    let n_q = cands.len() as f64;
    let weights: Vec<f64> = df
        .iter()
        .map(|&d| (1.0 + n_q / f64::from(d.max(1))).ln())
        .collect();
    let weight = |w: u32| weights[w as usize];

    let mut uf = Uf((0..cands.len()).collect());
    let mut seen: Vec<usize> = vec![usize::MAX; cands.len()];
    // mark[w] == i + 1: w is a content word of candidate i (the one
    // probing), so that the words it shares with another are counted in one
    // pass over the other's.
    let mut mark: Vec<usize> = vec![0; content_word.len()];
    // (df, word) of the probing candidate's content words, reused.
    let mut rare: Vec<(u32, u32)> = Vec::new();
    for (i, q) in cands.iter().enumerate() {
        // Probe with enough of the rarest words that a match must share
        // one; below MIN_SHARED content words only containment can match,
        // and the rarest word alone finds it.
        rare.clear();
        rare.extend(q.content.iter().map(|&w| (df[w as usize], w)));
        let probes = if rare.len() < MIN_SHARED {
            1
        } else {
            (rare.len() * 2) / 5 + 1
        };
        let q_norms = &norms[i];
        let q_weight: f64 = q.content.iter().map(|&w| weight(w)).sum();
        for &w in &q.content {
            mark[w as usize] = i + 1;
        }
        for &(_, w) in rarest(&mut rare, probes) {
            // Only the MAX_PROBE candidates nearest to q in bundle order
            // that share the word: a word in thousands of quotes (100k
            // quotes of "Yes") would otherwise make this quadratic.
            // (A list no longer than MAX_PROBE / 2 starts at 0: no search.)
            let list = postings.of(w);
            let from = if list.len() <= MAX_PROBE / 2 {
                0
            } else {
                list.partition_point(|&j| j < i)
                    .saturating_sub(MAX_PROBE / 2)
            };
            for &j in list.iter().skip(from).take(MAX_PROBE) {
                let r = &cands[j];
                // q is the shorter one (ties: the earlier one).
                let shorter =
                    (q.content.len(), q.words.len(), i) < (r.content.len(), r.words.len(), j);
                if j == i || seen[j] == i || !shorter {
                    continue;
                }
                seen[j] = i;
                let same_article = q.article == r.article;
                let same_speaker = q.speaker_id.is_some() && q.speaker_id == r.speaker_id;
                let other_speaker =
                    q.speaker_id.is_some() && r.speaker_id.is_some() && !same_speaker;
                if same_article && other_speaker {
                    continue; // one article quoting one speaker quoting another
                }
                let both_quoted = q.quoted && r.quoted;
                let r_norms = &norms[j];
                let contained = if both_quoted {
                    q.content.len() >= 2 || same_speaker && q.kind == "partial"
                } else {
                    !same_article
                        && (q.content.len() >= MIN_SHARED
                            || q_norms == r_norms
                                && (q.content.len() >= 2 || same_speaker && !q.content.is_empty()))
                };
                let matched = if contained
                    && q.content.iter().all(|w| r.content.binary_search(w).is_ok())
                    && contiguous(q_norms, r_norms)
                {
                    true
                } else if !same_article
                    && q.content.len() >= MIN_SHARED
                    // Without the same speaker, the words must also be a
                    // fair part of the longer one (below), which they
                    // cannot be when even all of q's are too few.
                    && (same_speaker || q.content.len() * 4 >= r.content.len())
                {
                    let (shared, shared_weight) = shared_marked(&r.content, &mark, i + 1, weight);
                    let share = if q_weight > 0.0 {
                        shared_weight / q_weight
                    } else {
                        0.0
                    };
                    let need = if both_quoted {
                        QUOTED_OVERLAP
                    } else if same_speaker {
                        SAME_SPEAKER_OVERLAP
                    } else {
                        OTHER_SPEAKER_OVERLAP
                    };
                    // Without the same speaker, the words must also be a
                    // fair part of the longer one, not a few of many.
                    let covers = same_speaker || shared * 4 >= r.content.len();
                    shared >= MIN_SHARED && share >= need && covers
                } else {
                    false
                };
                if matched {
                    uf.union(i, j);
                }
            }
        }
    }

    // Groups in candidate order (article order, then quote order), each
    // its members in candidate order: one array cut at offsets (not a
    // vector per group).
    // slot[root]: the group of the set with that root (a candidate index).
    let mut slot: Vec<usize> = vec![usize::MAX; cands.len()];
    let mut group_of: Vec<usize> = Vec::with_capacity(cands.len());
    let mut sizes: Vec<usize> = Vec::new();
    for i in 0..cands.len() {
        let root = uf.find(i);
        if slot[root] == usize::MAX {
            slot[root] = sizes.len();
            sizes.push(0);
        }
        group_of.push(slot[root]);
        sizes[slot[root]] += 1;
    }
    // ends[g]: first where group g starts, then (after placing) its end.
    let mut ends: Vec<usize> = sizes
        .iter()
        .scan(0, |sum, &n| {
            let start = *sum;
            *sum += n;
            Some(start)
        })
        .collect();
    let mut flat: Vec<usize> = vec![0; cands.len()];
    for (i, &g) in group_of.iter().enumerate() {
        flat[ends[g]] = i;
        ends[g] += 1;
    }
    let groups = ends
        .iter()
        .zip(&sizes)
        .map(|(&end, &n)| &flat[end - n..end]);

    let names: HashMap<&str, &str> = entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let mut speaker_articles: HashMap<&str, Vec<usize>> = HashMap::default();
    for c in &cands {
        if let Some(s) = c.speaker {
            let list = speaker_articles.entry(s).or_default();
            if list.last() != Some(&c.article) {
                list.push(c.article);
            }
        }
    }
    let total = articles.len();
    let span = |c: &Cand, from: usize, to: usize| -> (SpanRef, String) {
        let a = articles[c.article];
        let ws = &words[c.article];
        let (s, e) = match (ws.get(from), to.checked_sub(1).and_then(|t| ws.get(t))) {
            (Some(f), Some(l)) if f.start <= l.end => (f.start, l.end),
            _ => (0, 0),
        };
        (
            SpanRef {
                article: a.id.clone(),
                start: s,
                end: e,
            },
            a.text.get(s..e).unwrap_or("").to_string(),
        )
    };

    // Scratch lists of one group, reused from group to group.
    let mut tally: Vec<(&str, usize)> = Vec::new();
    let mut arts: Vec<usize> = Vec::new();
    let mut out: Vec<QuoteGroup> = groups
        .map(|members| {
            // The reference: longest quoted wording, else longest indirect.
            let reference = members
                .iter()
                .enumerate()
                .max_by_key(|&(k, &i)| {
                    let c = &cands[i];
                    (
                        c.quoted,
                        c.words.len(),
                        c.kind == "direct",
                        std::cmp::Reverse(k),
                    )
                })
                .map_or(0, |(k, _)| k);
            let rc = &cands[members[reference]];
            let r_norms = &norms[members[reference]];
            let mut speakers: Vec<String> = Vec::new();
            tally.clear();
            arts.clear();
            let list: Vec<QuoteMember> = members
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    let c = &cands[i];
                    let a = articles[c.article];
                    let q = &a.quotes[c.quote];
                    if let Some(s) = c.speaker {
                        if !speakers.iter().any(|x| x == s) {
                            speakers.push(s.to_string());
                        }
                        match tally.iter_mut().find(|t| t.0 == s) {
                            Some(t) => t.1 += 1,
                            None => tally.push((s, 1)),
                        }
                    }
                    if !arts.contains(&c.article) {
                        arts.push(c.article);
                    }
                    let mut diff_ops = Vec::new();
                    let (mut cut, mut changed, mut overlap) = (false, false, 1.0);
                    if k != reference {
                        let runs = diff::diff(r_norms, &norms[i]);
                        let inserts = runs.iter().any(|r| r.op == Op::Insert);
                        let deletes = runs.iter().any(|r| r.op == Op::Delete);
                        cut = c.quoted && !inserts && deletes;
                        changed = c.quoted && rc.quoted && inserts;
                        let own: f64 = c.content.iter().map(|&w| weight(w)).sum();
                        let (_, shared) = shared_words(&c.content, &rc.content, weight);
                        overlap = if own > 0.0 { round3(shared / own) } else { 0.0 };
                        diff_ops = runs
                            .iter()
                            .map(|r| {
                                let (s, text) = if r.op == Op::Delete {
                                    span(rc, rc.words.start + r.from, rc.words.start + r.to)
                                } else {
                                    span(c, c.words.start + r.from, c.words.start + r.to)
                                };
                                DiffOp {
                                    op: r.op,
                                    text,
                                    span: s,
                                }
                            })
                            .collect();
                    }
                    QuoteMember {
                        article: a.id.clone(),
                        quote: c.quote,
                        span: SpanRef {
                            article: a.id.clone(),
                            start: q.start,
                            end: q.end,
                        },
                        text: a.text.get(q.start..q.end).unwrap_or("").to_string(),
                        speaker: q.speaker.clone(),
                        kind: q.kind.clone(),
                        words: c.words.len(),
                        position: layouts[c.article].position(q.start),
                        overlap,
                        cut,
                        words_changed: changed,
                        diff: diff_ops,
                    }
                })
                .collect();
            arts.sort_unstable();
            // The most frequent speaker; on a tie, the first.
            let speaker = tally
                .iter()
                .rev()
                .max_by_key(|t| t.1)
                .map(|t| t.0.to_string());
            let speaker_name = speaker
                .as_deref()
                .map(|s| names.get(s).copied().unwrap_or(s))
                .unwrap_or(UNKNOWN_SPEAKER)
                .to_string();
            let quoting: &[usize] = speaker
                .as_deref()
                .and_then(|s| speaker_articles.get(s))
                .map_or(&[], Vec::as_slice);
            QuoteGroup {
                id: String::new(),
                text: list[reference].text.clone(),
                reference,
                speaker_name,
                different_speakers: speakers.len() > 1,
                speakers,
                only_in_some: arts.len() < total,
                cut: list.iter().any(|m| m.cut),
                words_changed: list.iter().any(|m| m.words_changed),
                exclusive: arts.len() == 1 && quoting.len() >= 2,
                speaker_articles: quoting.iter().map(|&i| articles[i].id.clone()).collect(),
                articles: arts.iter().map(|&i| articles[i].id.clone()).collect(),
                total,
                speaker,
                members: list,
            }
        })
        .collect();
    // Most widely carried first; then by where the statement first appears.
    crate::sort::by(&mut out, |a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(b.members.len().cmp(&a.members.len()))
    });
    for (k, g) in out.iter_mut().enumerate() {
        g.id = super::numbered('q', k + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarest_are_the_first_of_the_sorted_list() {
        let mut rng = crate::testing::Lcg::new(29);
        for len in 0..40 {
            let mut list: Vec<(u32, u32)> = (0..len)
                .map(|w| (rng.below(6) as u32, w as u32 * 7 % 41))
                .collect();
            let mut sorted = list.clone();
            sorted.sort_unstable();
            for k in [0, 1, 2, len / 2, len, len + 3] {
                let mut got = rarest(&mut list, k).to_vec();
                got.sort_unstable();
                assert_eq!(got, &sorted[..k.min(len)], "{len} {k}");
            }
        }
    }

    /// Random sorted, deduplicated id lists below `n`.
    fn lists(count: usize, n: u32, seed: u64) -> Vec<Vec<u32>> {
        let mut rng = crate::testing::Lcg::new(seed);
        let mut next = |m: u64| rng.below(m);
        (0..count)
            .map(|_| {
                let len = next(25) as usize;
                let mut l: Vec<u32> = (0..len).map(|_| next(u64::from(n)) as u32).collect();
                l.sort_unstable();
                l.dedup();
                l
            })
            .collect()
    }

    #[test]
    fn shared_marked_is_shared_words() {
        let n = 60;
        let weights: Vec<f64> = (0..n)
            .map(|d| (1.0 + 500.0 / f64::from(d + 1)).ln())
            .collect();
        let weight = |w: u32| weights[w as usize];
        let ls = lists(200, n, 17);
        let mut mark = vec![0; n as usize];
        for (i, q) in ls.iter().enumerate() {
            for &w in q {
                mark[w as usize] = i + 1;
            }
            for r in &ls {
                let (a, b) = (
                    shared_marked(r, &mark, i + 1, weight),
                    shared_words(q, r, weight),
                );
                assert_eq!((a.0, a.1.to_bits()), (b.0, b.1.to_bits()), "{q:?} {r:?}");
            }
        }
    }

    #[test]
    fn postings_list_each_words_candidates_in_order() {
        let n = 40;
        let cands: Vec<Cand> = lists(300, n, 23)
            .into_iter()
            .map(|content| Cand {
                article: 0,
                quote: 0,
                kind: "direct",
                quoted: true,
                speaker: None,
                speaker_id: None,
                words: 0..content.len(),
                content,
            })
            .collect();
        let mut df = vec![0u32; n as usize];
        let mut plain: Vec<Vec<usize>> = vec![Vec::new(); n as usize];
        for (i, c) in cands.iter().enumerate() {
            for &w in &c.content {
                df[w as usize] += 1;
                plain[w as usize].push(i);
            }
        }
        let postings = Postings::new(&cands, &df);
        for w in 0..n {
            assert_eq!(postings.of(w), plain[w as usize], "{w}");
        }
    }
}
