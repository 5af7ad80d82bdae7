//! Stable sorting with one compiled sort routine for the whole program.
//!
//! The standard library's sorts are fast, but every element type and
//! comparator gets its own copy of them (quicksort, merge and small-sort
//! kernels, several kilobytes each): with the sixty-odd sorts of the
//! tables, the analysis and the UI that was about a quarter of a megabyte
//! of the WebAssembly download. Here the work is a merge sort over
//! indices, compiled once, behind a comparator passed as `&mut dyn FnMut`;
//! each call site only adds a small closure and the in-place permutation.
//!
//! Every function is stable (equal elements keep their order), so it can
//! stand in for `sort_by`, `sort_unstable_by` and `sort_by_cached_key`
//! alike. Plain sorts of integers stay with the standard library (one copy
//! per integer type, and the fastest there is).

use std::cmp::Ordering;

/// Sort `v` by `cmp`, stably.
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        order(items.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    permute(v, order);
}

/// Sort `v` by the key `key` gives each element (computed per comparison,
/// as [`slice::sort_by_key`] does), stably.
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sort `v` by a key computed once per element, stably.
pub fn by_cached_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    if v.len() < 2 {
        return;
    }
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = order(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]));
    permute(v, order);
}

/// Sort `v` by its own order, stably.
pub fn ord<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// Runs shorter than this are sorted by insertion first.
const RUN: usize = 16;

/// The positions `0..len` in sorted order under `cmp` (stable): entry `i`
/// is the index of the element that belongs at `i`. Bottom-up merge sort
/// over insertion-sorted runs; `O(n log n)` comparisons.
fn order(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..len).collect();
    for run in idx.chunks_mut(RUN) {
        for i in 1..run.len() {
            let mut j = i;
            while j > 0 && cmp(run[j - 1], run[j]) == Ordering::Greater {
                run.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    if len <= RUN {
        return idx;
    }
    let mut buf = vec![0usize; len];
    let mut width = RUN;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut i, mut j) = (start, mid);
            for slot in &mut buf[start..end] {
                // Take from the right run only when strictly smaller: stable.
                let right = j < end && (i >= mid || cmp(idx[j], idx[i]) == Ordering::Less);
                if right {
                    *slot = idx[j];
                    j += 1;
                } else {
                    *slot = idx[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut idx, &mut buf);
        width *= 2;
    }
    idx
}

/// Rearrange `v` so that position `i` holds what was at `order[i]`.
fn permute<T>(v: &mut [T], order: Vec<usize>) {
    // `dest[k]`: where the element now at `k` must go.
    let mut dest = vec![0usize; order.len()];
    for (i, &from) in order.iter().enumerate() {
        dest[from] = i;
    }
    for i in 0..v.len() {
        // Each swap puts one element in its final place.
        while dest[i] != i {
            let d = dest[i];
            v.swap(i, d);
            dest.swap(i, d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency for tests).
    fn numbers(n: usize, seed: u64, range: u64) -> Vec<u64> {
        let mut rng = crate::testing::Lcg::new(seed);
        (0..n).map(|_| rng.below(range)).collect()
    }

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        for n in [0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 100, 1000, 4097] {
            for range in [2, 10, 1_000_000] {
                // Pairs (key, original position): stability is visible.
                let v: Vec<(u64, usize)> = numbers(n, n as u64 + range, range)
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| (k, i))
                    .collect();
                let mut expected = v.clone();
                expected.sort_by_key(|p| p.0);
                let mut a = v.clone();
                by(&mut a, |x, y| x.0.cmp(&y.0));
                assert_eq!(a, expected, "by, n={n} range={range}");
                let mut b = v.clone();
                by_key(&mut b, |p| p.0);
                assert_eq!(b, expected, "by_key, n={n}");
                let mut c = v.clone();
                by_cached_key(&mut c, |p| p.0);
                assert_eq!(c, expected, "by_cached_key, n={n}");
                let mut d = v;
                ord(&mut d);
                let mut e = d.clone();
                e.sort();
                assert_eq!(d, e, "ord, n={n}");
            }
        }
    }

    #[test]
    fn sorts_strings_and_reversed_and_sorted_input() {
        let mut words: Vec<String> = "the quick brown fox jumps over the lazy dog again and again"
            .split(' ')
            .map(str::to_owned)
            .collect();
        let mut expected = words.clone();
        expected.sort();
        ord(&mut words);
        assert_eq!(words, expected);
        let mut down: Vec<u32> = (0..500).rev().collect();
        by(&mut down, |a, b| a.cmp(b));
        assert_eq!(down, (0..500).collect::<Vec<_>>());
        let mut up: Vec<u32> = (0..500).collect();
        by(&mut up, |a, b| b.cmp(a));
        assert_eq!(up, (0..500).rev().collect::<Vec<_>>());
    }
}
