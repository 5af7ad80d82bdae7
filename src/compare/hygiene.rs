//! Bundle hygiene: passages shared word for word between articles (wire copy
//! under two mastheads, a press release pasted into both), and warnings that
//! an article may not belong to the bundle (its date is far from the
//! others', or it names almost none of the people, places and organisations
//! the others name).
//!
//! Shared passages are found with word 8-shingles: every run of eight
//! normalised words is hashed, and shingles two articles share are chained
//! into maximal runs, so the work is linear in the bundle's words (a shingle
//! found in very many places is boilerplate and ignored). A shingle's hash
//! is computed from eight word ids ([`super::words::Ids`]), not from eight
//! strings.

use super::words::{Ids, Word};
use super::SpanRef;
use crate::report::Article;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

const SHINGLE: usize = 8;
/// Fewest words for a shared passage to be listed.
pub const MIN_PASSAGE_WORDS: usize = 15;
/// A shingle found in more places than this is boilerplate.
const MAX_PLACES: usize = 64;
/// Days between an article's date and the bundle's median date that make
/// it stand out.
const FAR_DAYS: i64 = 7;

/// A passage two articles share word for word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedPassage {
    pub a: SpanRef,
    pub b: SpanRef,
    pub words: usize,
    /// The passage as the first article has it.
    pub text: String,
}

/// Something about the bundle as a whole the user should check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleWarning {
    /// `date_far_apart` or `different_event`.
    pub kind: String,
    pub articles: Vec<String>,
    pub message: String,
}

/// SplitMix64's finaliser: spreads small, similar integers (word ids) over
/// all 64 bits.
fn mix(pair: u64) -> u64 {
    let mut z = pair;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Two neighbouring word ids as one 64-bit word.
fn pair(a: u32, b: u32) -> u64 {
    u64::from(a) | u64::from(b) << 32
}

/// Odd multiplier of [`combine`].
const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// A shingle's hash from the [`mix`]es of its neighbouring word pairs
/// (`mixes[k]` of words `k` and `k + 1`; the pairs 0–1, 2–3, … are used): a
/// polynomial in [`K`] over them, so that order counts. As the mixes look
/// random, two different shingles share a hash by chance only, about 2⁻⁶¹
/// per pair at worst (mixes only permuted); as with the string hash
/// before, that is left to chance. Only which shingles share a hash
/// matters to the table, not the hash itself.
fn combine(mixes: &[u64]) -> u64 {
    let mut h = 0u64;
    for k in (0..SHINGLE).step_by(2) {
        h = h
            .wrapping_mul(K)
            .wrapping_add(mixes.get(k).copied().unwrap_or(0));
    }
    h
}

// A shingle is whole pairs of words.
const _: () = assert!(SHINGLE.is_multiple_of(2));

/// A 64-bit hash of a shingle's word ids (see [`combine`]).
#[cfg(test)]
fn shingle_hash(ids: &[u32]) -> u64 {
    let mixes: Vec<u64> = ids.windows(2).map(|w| mix(pair(w[0], w[1]))).collect();
    combine(&mixes)
}

/// [`shingle_hash`] of every shingle of an article's word ids, in order.
/// Every pair of neighbouring words is mixed once and shared by the four
/// shingles it belongs to (mixing each shingle's four pairs afresh was
/// most of the hashing).
fn shingle_hashes(ids: &[u32]) -> impl Iterator<Item = u64> {
    let mixes: Vec<u64> = ids.windows(2).map(|w| mix(pair(w[0], w[1]))).collect();
    let shingles = ids.len().saturating_sub(SHINGLE - 1);
    (0..shingles).map(move |i| combine(&mixes[i..i + SHINGLE - 1]))
}

/// Article `a`, word `i` as one integer that sorts as the pair does.
fn place(a: usize, i: usize) -> u64 {
    (a as u64) << 32 | i as u64
}

/// The article and word of a [`place`].
fn unplace(p: u64) -> (usize, usize) {
    ((p >> 32) as usize, (p & 0xffff_ffff) as usize)
}

/// `places` sorted (as `sort_unstable` sorts them), in about linear time:
/// the hashes are uniform, so one counting pass on their top bits spreads
/// the places over buckets of one or two, in order, and only the buckets
/// holding more than one are sorted. (A comparison sort of the bundle's
/// shingles was most of this table's time.)
fn sort_by_hash(mut places: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    let n = places.len();
    if n < 64 {
        places.sort_unstable();
        return places;
    }
    let bits = usize::BITS - 1 - n.leading_zeros();
    let bucket = |p: &(u64, u64)| (p.0 >> (64 - bits)) as usize;
    // ends[b]: first the start of bucket b, then (after placing) its end.
    let mut ends = vec![0usize; 1 << bits];
    for p in &places {
        ends[bucket(p)] += 1;
    }
    let mut sum = 0;
    for e in &mut ends {
        (*e, sum) = (sum, sum + *e);
    }
    let mut out = vec![(0, 0); n];
    for p in &places {
        let e = &mut ends[bucket(p)];
        out[*e] = *p;
        *e += 1;
    }
    let mut start = 0;
    for &end in &ends {
        if end - start > 1 {
            out[start..end].sort_unstable();
        }
        start = end;
    }
    out
}

/// The `places` whose hash may occur more than once, in order: every place
/// of a hash found twice or more is kept, and few others. A counting pass
/// over small counters (about four per place, by the hash's top bits) finds
/// them, so that only those are sorted: most of a bundle's shingles occur
/// once, and sorting them was most of this table's time. (Only the places
/// of hashes found twice or more make passages.)
fn repeated(places: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    let n = places.len();
    if n < 64 {
        return places;
    }
    // ⌈log₂ n⌉ + 2 bits: at most one place in four counters.
    let bits = usize::BITS - (n - 1).leading_zeros() + 2;
    let counter = |p: &(u64, u64)| (p.0 >> (64 - bits)) as usize;
    let mut counts = vec![0u8; 1 << bits];
    for p in &places {
        let c = &mut counts[counter(p)];
        *c = c.saturating_add(1);
    }
    places
        .into_iter()
        .filter(|p| counts[counter(p)] > 1)
        .collect()
}

/// Passages of at least [`MIN_PASSAGE_WORDS`] words shared by two articles.
pub fn shared_passages(articles: &[&Article], words: &[Vec<Word>]) -> Vec<SharedPassage> {
    shared_passages_in(articles, words, &Ids::new(words))
}

/// [`shared_passages`] with the bundle's word ids (`Ids::new(words)`).
pub fn shared_passages_in(
    articles: &[&Article],
    words: &[Vec<Word>],
    ids: &Ids,
) -> Vec<SharedPassage> {
    // Every shingle as (hash, place), sorted so that the places of one
    // shingle are side by side (one vector, not a map of vectors).
    // Sized at once: growing it by doubling copied the bundle's shingles
    // about twice over.
    let shingles = ids
        .words
        .iter()
        .map(|w| w.len().saturating_sub(SHINGLE - 1));
    let mut places: Vec<(u64, u64)> = Vec::with_capacity(shingles.sum());
    for (a, ids) in ids.words.iter().enumerate() {
        for (i, hash) in shingle_hashes(ids).enumerate() {
            places.push((hash, place(a, i)));
        }
    }
    let places = sort_by_hash(repeated(places));
    // (article a, article b) → matching shingle starts (i in a, j in b)
    let mut pairs: HashMap<(usize, usize), HashSet<(usize, usize)>> = HashMap::default();
    for list in places.chunk_by(|x, y| x.0 == y.0) {
        if list.len() < 2 || list.len() > MAX_PLACES {
            continue;
        }
        for (x, &(_, p)) in list.iter().enumerate() {
            for &(_, q) in &list[x + 1..] {
                let ((a, i), (b, j)) = (unplace(p), unplace(q));
                if a != b {
                    let (key, val) = if a < b {
                        ((a, b), (i, j))
                    } else {
                        ((b, a), (j, i))
                    };
                    pairs.entry(key).or_default().insert(val);
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut keys: Vec<_> = pairs.keys().copied().collect();
    keys.sort_unstable();
    for (a, b) in keys {
        let set = &pairs[&(a, b)];
        let mut starts: Vec<(usize, usize)> = set
            .iter()
            .copied()
            .filter(|&(i, j)| i == 0 || j == 0 || !set.contains(&(i - 1, j - 1)))
            .collect();
        starts.sort_unstable();
        for (i, j) in starts {
            let mut len = 1;
            while set.contains(&(i + len, j + len)) {
                len += 1;
            }
            let n = len + SHINGLE - 1;
            if n < MIN_PASSAGE_WORDS {
                continue;
            }
            let (wa, wb) = (&words[a], &words[b]);
            let span_a = [wa[i].start, wa[i + n - 1].end];
            let span_b = [wb[j].start, wb[j + n - 1].end];
            out.push(SharedPassage {
                a: SpanRef {
                    article: articles[a].id.clone(),
                    start: span_a[0],
                    end: span_a[1],
                },
                b: SpanRef {
                    article: articles[b].id.clone(),
                    start: span_b[0],
                    end: span_b[1],
                },
                words: n,
                text: articles[a]
                    .text
                    .get(span_a[0]..span_a[1])
                    .unwrap_or("")
                    .to_string(),
            });
        }
    }
    crate::sort::by(&mut out, |x, y| {
        y.words
            .cmp(&x.words)
            .then_with(|| x.a.article.cmp(&y.a.article))
    });
    out
}

/// Days since 1970-01-01 of an ISO `YYYY-MM-DD…` date.
fn day_number(date: &str) -> Option<i64> {
    let d = date.get(..10)?;
    let mut it = d.split('-');
    let (y, m, day): (i64, i64, i64) = (
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Days from civil (H. Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Articles that may not belong with the others.
pub fn warnings<'a>(articles: &[&'a Article]) -> Vec<BundleWarning> {
    let mut out = Vec::new();
    let dated: Vec<(usize, i64)> = articles
        .iter()
        .enumerate()
        .filter_map(|(i, a)| Some((i, day_number(a.date.as_deref()?)?)))
        .collect();
    if dated.len() >= 2 {
        let mut days: Vec<i64> = dated.iter().map(|d| d.1).collect();
        days.sort_unstable();
        let median = days[days.len() / 2];
        for &(i, d) in &dated {
            if (d - median).abs() > FAR_DAYS {
                let a = articles[i];
                out.push(BundleWarning {
                    kind: "date_far_apart".into(),
                    articles: vec![a.id.clone()],
                    message: format!(
                        "{} is dated {}, {} days from most of the bundle; it may report a different event",
                        a.id,
                        a.date.as_deref().unwrap_or(""),
                        (d - median).abs()
                    ),
                });
            }
        }
    }
    // Named entities each article shares with the rest: those named by at
    // least two articles (counted once, not by scanning every other
    // article's set for each entity).
    let named = |a: &'a Article| -> HashSet<&'a str> {
        a.mentions
            .iter()
            .filter(|m| {
                matches!(
                    m.label.as_str(),
                    "PERSON" | "ORG" | "GPE" | "LOC" | "NORP" | "EVENT"
                )
            })
            .filter_map(|m| m.entity.as_deref())
            .collect()
    };
    let sets: Vec<HashSet<&str>> = articles.iter().map(|a| named(a)).collect();
    if articles.len() >= 3 {
        let mut naming: HashMap<&str, usize> = HashMap::default();
        for e in sets.iter().flatten() {
            *naming.entry(e).or_default() += 1;
        }
        for (i, set) in sets.iter().enumerate() {
            if set.len() < 5 {
                continue;
            }
            let shared = set.iter().filter(|e| naming[*e] >= 2).count();
            if shared * 5 < set.len() {
                out.push(BundleWarning {
                    kind: "different_event".into(),
                    articles: vec![articles[i].id.clone()],
                    message: format!(
                        "{} shares only {shared} of the {} people, places and organisations it names with the other articles; it may cover a different event",
                        articles[i].id,
                        set.len()
                    ),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::words::words;
    use crate::report::Mention;

    fn art(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn wire_copy_under_two_mastheads_is_found() {
        let wire = "The port authority said on Monday that container traffic rose by a tenth in the first quarter, the strongest growth since the new terminal opened.";
        let a = art(
            "a1",
            &format!("Harbour Booms\n{wire} Local traders welcomed it."),
        );
        let b = art("a2", &format!("Traffic Up At Port\nIn other news, {wire}"));
        let c = art(
            "a3",
            "Nothing in common with the others at all, just a different story about schools.",
        );
        let list = [&a, &b, &c];
        let w: Vec<_> = list.iter().map(|x| words(x)).collect();
        let p = shared_passages(&list, &w);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(
            (p[0].a.article.as_str(), p[0].b.article.as_str()),
            ("a1", "a2")
        );
        assert_eq!(p[0].text, wire.trim_end_matches('.'));
        assert_eq!(&b.text[p[0].b.start..p[0].b.end], p[0].text);
        assert!(p[0].words >= 25);
    }

    #[test]
    fn sort_by_hash_sorts_like_sort_unstable() {
        let mut rng = crate::testing::Lcg::new(1);
        let mut next = || rng.next_u64();
        for n in [0, 1, 2, 63, 64, 65, 1000, 50_000] {
            // Real hashes of random shingles, some of them repeated, and a
            // few extreme values.
            let mut places: Vec<(u64, u64)> = (0..n)
                .map(|k| {
                    let ids: Vec<u32> = (0..SHINGLE).map(|_| (next() >> 62) as u32).collect();
                    (shingle_hash(&ids), place(k % 7, k))
                })
                .collect();
            if n > 2 {
                places[0].0 = 0;
                places[1].0 = u64::MAX;
                places[2].0 = u64::MAX;
            }
            let mut expected = places.clone();
            expected.sort_unstable();
            assert_eq!(sort_by_hash(places), expected, "n = {n}");
        }
        assert_eq!(unplace(place(3, 4_000_000_000)), (3, 4_000_000_000));
    }

    #[test]
    fn shingles_share_a_hash_only_when_equal() {
        // Shingles over four ids: many equal, many differing in one id.
        let mut rng = crate::testing::Lcg::new(11);
        let mut seen: HashMap<u64, Vec<u32>> = HashMap::default();
        for _ in 0..50_000 {
            let ids: Vec<u32> = (0..SHINGLE)
                .map(|_| (rng.next_u64() >> 62) as u32)
                .collect();
            let first = seen
                .entry(shingle_hash(&ids))
                .or_insert_with(|| ids.clone());
            assert_eq!(*first, ids);
        }
        let distinct: HashSet<&Vec<u32>> = seen.values().collect();
        assert_eq!(distinct.len(), seen.len());
        assert!(seen.len() > 20_000);
    }

    #[test]
    fn shingle_hashes_are_each_shingles_hash() {
        let mut rng = crate::testing::Lcg::new(17);
        for len in [0, 1, SHINGLE - 1, SHINGLE, SHINGLE + 1, 40] {
            let ids: Vec<u32> = (0..len).map(|_| rng.below(6) as u32).collect();
            let expected: Vec<u64> = ids.windows(SHINGLE).map(shingle_hash).collect();
            assert_eq!(shingle_hashes(&ids).collect::<Vec<_>>(), expected, "{len}");
        }
    }

    #[test]
    fn short_common_phrases_are_not_passages() {
        let a = art(
            "a1",
            "The president said on Monday that talks would start soon in the capital city.",
        );
        let b = art(
            "a2",
            "Critics said on Monday that talks would start too late for the region.",
        );
        let list = [&a, &b];
        let w: Vec<_> = list.iter().map(|x| words(x)).collect();
        assert!(shared_passages(&list, &w).is_empty());
    }

    #[test]
    fn repeated_places_keep_every_shared_hash() {
        let mut rng = crate::testing::Lcg::new(5);
        for n in [0, 10, 63, 64, 65, 1000, 5000] {
            // Random hashes, some repeated (a few many times).
            let mut places: Vec<(u64, u64)> = Vec::new();
            for i in 0..n as u64 {
                let hash = match rng.below(10) {
                    0 => rng.below(5),
                    1 => places.last().map_or(7, |p| p.0),
                    _ => mix(rng.next_u64()),
                };
                places.push((hash, place(0, i as usize)));
            }
            let chunks = |v: Vec<(u64, u64)>| -> Vec<Vec<(u64, u64)>> {
                sort_by_hash(v)
                    .chunk_by(|x, y| x.0 == y.0)
                    .filter(|c| c.len() > 1)
                    .map(<[_]>::to_vec)
                    .collect()
            };
            let kept = repeated(places.clone());
            assert!(kept.len() <= places.len());
            if n >= 1000 {
                assert!(kept.len() < places.len() / 2, "{n}: {}", kept.len());
            }
            assert_eq!(chunks(kept), chunks(places), "{n}");
        }
    }

    #[test]
    fn dates_and_entity_overlap_warnings() {
        assert_eq!(day_number("1970-01-02"), Some(1));
        assert_eq!(
            day_number("2025-03-01").unwrap() - day_number("2025-02-28").unwrap(),
            1
        );
        let mut a = art("a1", "x");
        a.date = Some("2025-02-13".into());
        let mut b = art("a2", "x");
        b.date = Some("2025-02-12".into());
        let mut c = art("a3", "x");
        c.date = Some("2019-06-01".into());
        let w = warnings(&[&a, &b, &c]);
        assert_eq!(w.len(), 1);
        assert_eq!(
            (w[0].kind.as_str(), w[0].articles[0].as_str()),
            ("date_far_apart", "a3")
        );

        let ments = |ids: &[&str]| -> Vec<Mention> {
            ids.iter()
                .map(|e| Mention {
                    start: 0,
                    end: 1,
                    label: "PERSON".into(),
                    entity: Some(e.to_string()),
                })
                .collect()
        };
        let mut x = art("a1", "x");
        x.mentions = ments(&["e1", "e2", "e3", "e4", "e5"]);
        let mut y = art("a2", "x");
        y.mentions = ments(&["e1", "e2", "e3", "e6", "e7"]);
        let mut z = art("a3", "x");
        z.mentions = ments(&["e20", "e21", "e22", "e23", "e24", "e1"]);
        let w = warnings(&[&x, &y, &z]);
        assert_eq!(w.len(), 1);
        assert_eq!(
            (w[0].kind.as_str(), w[0].articles[0].as_str()),
            ("different_event", "a3")
        );
    }
}
