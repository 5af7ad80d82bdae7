//! Tag set of the sequence tagger: BILOU over the four CoNLL types.
//!
//! BILOU (begin, inside, last, outside, unit) rather than IOB lets the model
//! learn where names end as well as where they begin; Ratinov & Roth (2009)
//! measured it as the better encoding for this task. Label `0` is `O`; type
//! `t` has labels `1 + 4t + {B, I, L, U}`.

/// Entity types the statistical model predicts (CoNLL-2003).
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
pub const NUM_TYPES: usize = TYPES.len();
/// Number of labels: `O` plus B/I/L/U per type.
pub const NUM_LABELS: usize = 1 + 4 * NUM_TYPES;

/// One BILOU label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Label(pub u8);

/// Position part of a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    O,
    B,
    I,
    L,
    U,
}

impl Label {
    pub const O: Label = Label(0);

    pub fn new(t: usize, pos: Pos) -> Label {
        let p = match pos {
            Pos::O => return Label::O,
            Pos::B => 0,
            Pos::I => 1,
            Pos::L => 2,
            Pos::U => 3,
        };
        Label((1 + 4 * t + p) as u8)
    }

    pub fn entity_type(self) -> Option<usize> {
        (self.0 != 0).then(|| (usize::from(self.0) - 1) / 4)
    }

    pub fn pos(self) -> Pos {
        if self.0 == 0 {
            return Pos::O;
        }
        match (self.0 - 1) % 4 {
            0 => Pos::B,
            1 => Pos::I,
            2 => Pos::L,
            _ => Pos::U,
        }
    }

    pub fn is_single(self) -> bool {
        self.pos() == Pos::U
    }

    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Whether `next` may follow `self` in a well-formed BILOU sequence.
    pub fn allows(self, next: Label) -> bool {
        match self.pos() {
            Pos::B | Pos::I => {
                next.entity_type() == self.entity_type() && matches!(next.pos(), Pos::I | Pos::L)
            }
            _ => matches!(next.pos(), Pos::O | Pos::B | Pos::U),
        }
    }

    /// May start a sentence.
    pub fn can_start(self) -> bool {
        matches!(self.pos(), Pos::O | Pos::B | Pos::U)
    }

    /// May end a sentence.
    pub fn can_end(self) -> bool {
        matches!(self.pos(), Pos::O | Pos::L | Pos::U)
    }
}

/// Spans `(start, end, type)` (token indices, end exclusive) of a label
/// sequence; ill-formed sequences are repaired leniently.
pub fn spans(labels: &[Label]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, l) in labels.iter().enumerate() {
        match (l.pos(), l.entity_type()) {
            (Pos::O, _) | (_, None) => {
                if let Some((s, t)) = open.take() {
                    out.push((s, i, t));
                }
            }
            (Pos::U, Some(t)) => {
                if let Some((s, ot)) = open.take() {
                    out.push((s, i, ot));
                }
                out.push((i, i + 1, t));
            }
            (Pos::B, Some(t)) => {
                if let Some((s, ot)) = open.take() {
                    out.push((s, i, ot));
                }
                open = Some((i, t));
            }
            (Pos::I, Some(t)) => match open {
                Some((_, ot)) if ot == t => {}
                _ => {
                    if let Some((s, ot)) = open.take() {
                        out.push((s, i, ot));
                    }
                    open = Some((i, t));
                }
            },
            (Pos::L, Some(t)) => match open.take() {
                Some((s, ot)) if ot == t => out.push((s, i + 1, t)),
                other => {
                    if let Some((s, ot)) = other {
                        out.push((s, i, ot));
                    }
                    out.push((i, i + 1, t));
                }
            },
        }
    }
    if let Some((s, t)) = open {
        out.push((s, labels.len(), t));
    }
    out
}

/// BILOU labels for spans over `n` tokens.
pub fn from_spans(n: usize, spans: &[(usize, usize, usize)]) -> Vec<Label> {
    let mut out = vec![Label::O; n];
    for &(s, e, t) in spans {
        if e > n || s >= e {
            continue;
        }
        if e - s == 1 {
            out[s] = Label::new(t, Pos::U);
        } else {
            out[s] = Label::new(t, Pos::B);
            for l in &mut out[s + 1..e - 1] {
                *l = Label::new(t, Pos::I);
            }
            out[e - 1] = Label::new(t, Pos::L);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_spans() {
        let spans_in = vec![(0, 2, 0), (3, 4, 2), (5, 8, 1)];
        let labels = from_spans(9, &spans_in);
        assert_eq!(spans(&labels), spans_in);
        assert!(Label::new(0, Pos::B).allows(Label::new(0, Pos::L)));
        assert!(!Label::new(0, Pos::B).allows(Label::new(1, Pos::L)));
        assert!(!Label::O.allows(Label::new(0, Pos::I)));
        assert_eq!(Label::new(3, Pos::U).entity_type(), Some(3));
    }
}
