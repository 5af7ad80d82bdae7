//! Finding several fixed phrases in a line in one pass, with one
//! Aho–Corasick automaton (the `aho-corasick` crate). Used for the
//! boilerplate phrases and the metadata phrases ("Reporting by", "Read Full
//! Article at", …), which were each searched for on their own before, once
//! per phrase and line.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// An automaton over a few phrases that reports where each first occurs.
pub(super) struct Phrases {
    /// Over the non-empty phrases (`None` when there are none).
    automaton: Option<AhoCorasick>,
    /// The same phrases for a leftmost-first search, which only asks
    /// whether any occurs: most lines hold none, and this search can skip
    /// ahead with the crate's vectorised prefilter (the overlapping search
    /// goes byte by byte). Not built for `ascii_ci`, which has no such
    /// prefilter.
    any: Option<AhoCorasick>,
    /// Index into the caller's list of each phrase of the automaton.
    ids: Vec<usize>,
    /// Byte length of every phrase of the caller's list.
    lens: Vec<usize>,
}

impl Phrases {
    /// The automaton for `needles`. With `ascii_ci`, ASCII letters match
    /// either case (the needles must then be lower case): what searching
    /// the text after `to_ascii_lowercase` finds, without the copy.
    pub(super) fn new(needles: &[impl AsRef<str>], ascii_ci: bool) -> Phrases {
        debug_assert!(
            !ascii_ci
                || needles
                    .iter()
                    .all(|n| !n.as_ref().bytes().any(|b| b.is_ascii_uppercase()))
        );
        let ids: Vec<usize> = (0..needles.len())
            .filter(|&i| !needles[i].as_ref().is_empty())
            .collect();
        // The lists are the app's own lexicons, a few hundred bytes: a
        // full DFA is small and the fastest to search.
        let automaton = (!ids.is_empty()).then(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(ascii_ci)
                .kind(Some(AhoCorasickKind::DFA))
                .build(ids.iter().map(|&i| needles[i].as_ref()))
                .expect("the built-in phrase lists make a small automaton")
        });
        let any = (!ids.is_empty() && !ascii_ci).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(ids.iter().map(|&i| needles[i].as_ref()))
                .expect("the built-in phrase lists make a small automaton")
        });
        Phrases {
            automaton,
            any,
            ids,
            lens: needles.iter().map(|n| n.as_ref().len()).collect(),
        }
    }

    /// The byte offset in `hay` of the first occurrence of each phrase
    /// (what `str::find` gives), `None` where it does not occur.
    pub(super) fn first_at(&self, hay: &str, first: &mut Vec<Option<usize>>) {
        first.clear();
        first.resize(self.lens.len(), None);
        // An empty phrase occurs at the start.
        for (f, &len) in first.iter_mut().zip(&self.lens) {
            if len == 0 {
                *f = Some(0);
            }
        }
        let Some(automaton) = &self.automaton else {
            return;
        };
        if self.any.as_ref().is_some_and(|any| !any.is_match(hay)) {
            return;
        }
        // Overlapping matches come in the order they end; a phrase has one
        // length, so the first match of each is its leftmost.
        for m in automaton.find_overlapping_iter(hay) {
            if let Some(f) = self
                .ids
                .get(m.pattern().as_usize())
                .and_then(|&i| first.get_mut(i))
            {
                if f.is_none() {
                    *f = Some(m.start());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEEDLES: [&str; 9] = ["ab", "b", "abc", "bca", "", "cab", "é", "x y", "by "];
    const HAYS: [&str; 10] = [
        "", "xabcabca", "bbbb", "cacab", "ab", "ééab", "x  y x y", "zzz", "XaBcA", "BY By",
    ];

    #[test]
    fn finds_what_str_find_finds() {
        let phrases = Phrases::new(&NEEDLES, false);
        let mut first = Vec::new();
        for hay in HAYS {
            phrases.first_at(hay, &mut first);
            let want: Vec<Option<usize>> = NEEDLES.iter().map(|n| hay.find(n)).collect();
            assert_eq!(first, want, "in {hay:?}");
        }
    }

    #[test]
    fn ignoring_ascii_case_finds_what_lower_casing_finds() {
        let phrases = Phrases::new(&NEEDLES, true);
        let mut first = Vec::new();
        for hay in HAYS.into_iter().chain(["ÉÉAB", "İab", "CAB x Y"]) {
            phrases.first_at(hay, &mut first);
            let lower = hay.to_ascii_lowercase();
            let want: Vec<Option<usize>> = NEEDLES.iter().map(|n| lower.find(n)).collect();
            assert_eq!(first, want, "in {hay:?}");
        }
    }
}
