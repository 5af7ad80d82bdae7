//! Word-level diff of two wordings of one statement (for quote alignment):
//! a longest common subsequence over normalised words, after trimming the
//! common prefix and suffix. Quotes are short, so the quadratic table is
//! small; past [`MAX_CELLS`] the middle is reported as one deletion and one
//! insertion instead (a bound on time and memory, never a panic).

use serde::{Deserialize, Serialize};

/// Largest LCS table computed.
pub const MAX_CELLS: usize = 250_000;

/// What a run of words is in a diff against the reference wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// In both wordings.
    Equal,
    /// Only in this wording (words added or changed).
    Insert,
    /// Only in the reference wording (words left out).
    Delete,
}

/// A run of words: `Delete` ranges index the reference, `Equal` and
/// `Insert` ranges index the other wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub op: Op,
    pub from: usize,
    pub to: usize,
}

fn push(out: &mut Vec<Run>, op: Op, i: usize) {
    match out.last_mut() {
        Some(r) if r.op == op && r.to == i => r.to = i + 1,
        _ => out.push(Run {
            op,
            from: i,
            to: i + 1,
        }),
    }
}

/// Runs turning `reference` into `other`, in reading order.
pub fn diff<T: PartialEq>(reference: &[T], other: &[T]) -> Vec<Run> {
    let pre = reference
        .iter()
        .zip(other)
        .take_while(|(a, b)| a == b)
        .count();
    let suf = reference[pre..]
        .iter()
        .rev()
        .zip(other[pre..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let a = &reference[pre..reference.len() - suf];
    let b = &other[pre..other.len() - suf];
    let mut out = Vec::new();
    for j in 0..pre {
        push(&mut out, Op::Equal, j);
    }
    let (n, m) = (a.len(), b.len());
    if (n + 1).saturating_mul(m + 1) > MAX_CELLS {
        for i in 0..n {
            push(&mut out, Op::Delete, pre + i);
        }
        for j in 0..m {
            push(&mut out, Op::Insert, pre + j);
        }
    } else {
        // lcs[i][j]: LCS length of a[i..] and b[j..].
        let w = m + 1;
        let mut lcs = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * w + j] = if a[i] == b[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                push(&mut out, Op::Equal, pre + j);
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
                push(&mut out, Op::Delete, pre + i);
                i += 1;
            } else {
                push(&mut out, Op::Insert, pre + j);
                j += 1;
            }
        }
    }
    for j in other.len() - suf..other.len() {
        push(&mut out, Op::Equal, j);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(a: &str, b: &str) -> Vec<(Op, String)> {
        let a: Vec<&str> = a.split(' ').collect();
        let b: Vec<&str> = b.split(' ').collect();
        diff(&a, &b)
            .into_iter()
            .map(|r| {
                let src = if r.op == Op::Delete { &a } else { &b };
                (r.op, src[r.from..r.to].join(" "))
            })
            .collect()
    }

    #[test]
    fn cut_changed_and_equal() {
        assert_eq!(
            show(
                "we will start talks today and end the war",
                "start talks today"
            ),
            [
                (Op::Delete, "we will".into()),
                (Op::Equal, "start talks today".into()),
                (Op::Delete, "and end the war".into())
            ]
        );
        assert_eq!(
            show(
                "the talks were very productive",
                "the talks were highly productive"
            ),
            [
                (Op::Equal, "the talks were".into()),
                (Op::Delete, "very".into()),
                (Op::Insert, "highly".into()),
                (Op::Equal, "productive".into())
            ]
        );
        assert_eq!(
            show("same words", "same words"),
            [(Op::Equal, "same words".into())]
        );
        assert!(diff::<&str>(&[], &[]).is_empty());
    }

    #[test]
    fn huge_inputs_fall_back_without_a_table() {
        let a: Vec<usize> = (0..1000).collect();
        let b: Vec<usize> = (0..1000).rev().collect();
        let runs = diff(&a, &b);
        assert_eq!(runs.len(), 2);
        assert_eq!((runs[0].op, runs[1].op), (Op::Delete, Op::Insert));
    }
}
