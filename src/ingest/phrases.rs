//! Finding several fixed phrases in a line in one pass: an Aho–Corasick
//! automaton, written out here because the lexicons are small and a
//! general crate would add more to the WebAssembly download than this.
//! Used for the boilerplate phrases and the metadata phrases ("Reporting
//! by", "Read Full Article at", …), which were each searched for on their
//! own before, once per phrase and line.

/// An Aho–Corasick automaton over a few byte strings, as a complete DFA
/// (failure links resolved into the table) over byte classes: the bytes
/// that occur in no phrase share class 0, which keeps the table small
/// (states × classes) for lexicons of a few hundred bytes.
/// Flag on a transition in [`Phrases::next`]: some phrase ends there.
const ENDS: u32 = 1 << 31;

pub(super) struct Phrases {
    /// Class of each byte value.
    class: [u16; 256],
    classes: usize,
    /// `next[row + class]`, where `row` is a state's number times
    /// `classes` (state 0, the root, at 0), is the next state's row, with
    /// [`ENDS`] set when a phrase ends there: the search loop then needs
    /// neither a multiplication nor a look at `out_at` for most bytes.
    next: Vec<u32>,
    /// Phrases ending at each state (its own and its suffixes'), as a range
    /// into `out`.
    out_at: Vec<(u32, u32)>,
    out: Vec<u32>,
    lens: Vec<usize>,
}

impl Phrases {
    /// The automaton for `needles`. With `ascii_ci`, ASCII letters match
    /// either case (the needles must then be lower case): what searching
    /// the text after `to_ascii_lowercase` finds, without the copy.
    pub(super) fn new(needles: &[impl AsRef<str>], ascii_ci: bool) -> Phrases {
        let mut class = [0u16; 256];
        let mut classes = 1usize;
        for n in needles {
            debug_assert!(!ascii_ci || !n.as_ref().bytes().any(|b| b.is_ascii_uppercase()));
            for &b in n.as_ref().as_bytes() {
                if class[usize::from(b)] == 0 {
                    class[usize::from(b)] = classes as u16;
                    classes += 1;
                }
            }
        }
        if ascii_ci {
            for b in b'A'..=b'Z' {
                class[usize::from(b)] = class[usize::from(b.to_ascii_lowercase())];
            }
        }
        // The trie: children as a dense row per state, u32::MAX = none.
        const NONE: u32 = u32::MAX;
        let mut next = vec![NONE; classes];
        let mut ends: Vec<Vec<u32>> = vec![Vec::new()];
        for (id, n) in needles.iter().enumerate() {
            let mut s = 0usize;
            for &b in n.as_ref().as_bytes() {
                let c = usize::from(class[usize::from(b)]);
                if next[s * classes + c] == NONE {
                    next[s * classes + c] = ends.len() as u32;
                    next.extend(std::iter::repeat_n(NONE, classes));
                    ends.push(Vec::new());
                }
                s = next[s * classes + c] as usize;
            }
            ends[s].push(id as u32);
        }
        // Breadth first: each state's failure state is shallower, so its
        // row is complete when the state's own row is filled in.
        let mut fail = vec![0usize; ends.len()];
        let mut queue = std::collections::VecDeque::new();
        // The root's row: bytes that start no phrase stay at the root.
        for t in &mut next[..classes] {
            match *t {
                NONE => *t = 0,
                child => queue.push_back(child as usize),
            }
        }
        while let Some(s) = queue.pop_front() {
            let suffix = ends[fail[s]].clone();
            ends[s].extend(suffix);
            for c in 0..classes {
                let via_fail = next[fail[s] * classes + c];
                match next[s * classes + c] {
                    NONE => next[s * classes + c] = via_fail,
                    child => {
                        fail[child as usize] = via_fail as usize;
                        queue.push_back(child as usize);
                    }
                }
            }
        }
        // Transitions as rows, flagged where phrases end. (A lexicon too
        // big for the flag bit would need a table of 8 GiB first.)
        for t in &mut next {
            let to = *t as usize;
            *t = (to * classes) as u32 | if ends[to].is_empty() { 0 } else { ENDS };
        }
        let mut out = Vec::new();
        let out_at = ends
            .iter()
            .map(|e| {
                let from = out.len() as u32;
                out.extend_from_slice(e);
                (from, out.len() as u32)
            })
            .collect();
        Phrases {
            class,
            classes,
            next,
            out_at,
            out,
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
        let mut row = 0usize;
        for (i, &b) in hay.as_bytes().iter().enumerate() {
            let c = usize::from(self.class[usize::from(b)]);
            let t = self.next[row + c];
            row = (t & !ENDS) as usize;
            if t & ENDS == 0 {
                continue;
            }
            let (from, to) = self.out_at[row / self.classes];
            for &id in &self.out[from as usize..to as usize] {
                let id = id as usize;
                // Ends are seen in increasing order, so the first one seen
                // is the leftmost occurrence.
                if first[id].is_none() {
                    first[id] = Some(i + 1 - self.lens[id]);
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
