//! Trained weights of the tagger and Viterbi decoding.
//!
//! A model has one or two stages (the second uses the first stage's labels,
//! see `features`). Each stage is a linear model: a row of [`NUM_LABELS`]
//! weights per feature, plus label-transition weights, decoded with a
//! first-order Viterbi search restricted to well-formed BILOU sequences.
//!
//! # File format (`assets/ner/model.bin.gz`, gzip of)
//! ```text
//! "PLXNER04"  u16 version length, version (UTF-8)
//! u8 labels   u8 stages
//! per stage:  f32 × 128 magnitude levels, f32 × (labels+1)×labels transitions (last row:
//!             start), f32 × labels end weights
//! u32 feature count n, u8 parts p (1..=8), u32 × (p - 1) ascending
//!             feature indices where parts 2..=p begin
//! per part:   u32 byte length, then that many bytes of an arithmetic-coded
//!             stream (`cm`) with a model of its own: the first part holds
//!             the n keys (u32, ascending; the features of all stages) as
//!             gaps, then every part per feature of its range and stage a
//!             row of labels i8 weight codes (all 0 where the stage does not
//!             use the feature)
//! ```
//! All numbers little-endian. A key is the high 32 bits of a feature hash;
//! a weight code `c` means `sign(c) × levels[|c|]`. The coded streams are
//! lossless (the same keys and codes as the plain layout of format 02, about
//! a third smaller than its gzip): each gap is an Elias-gamma code (bit
//! length and top bits adaptive, low bits raw); each row codes whether it has
//! weights at all, then which labels do (predicted from the labels of the
//! same type so far and, in stage 2, from stage 1's row), then signs and
//! magnitudes (predicted from stage 1's weight and the row's largest so
//! far), except that the last weight of a row is coded as its difference
//! from minus the sum of the others (perceptron rows sum to about zero).
//! The gzip around it gains nothing but keeps the file what its name says.
//! Reading never panics: a damaged file is `None`.
//!
//! The parts (format 04; 03 had one) let a reader decode them side by side
//! ([`Model::from_gzip_parallel`]): the coder decides one bit after another,
//! each depending on the last, and decoding the model was most of a
//! command-line run on a small bundle. The second part starts with fresh
//! counters, which costs ≈ 1.2 KB, 0.45 % of the file.
//!
//! # In memory
//! Built for speed: one open-addressing table holds the rows of *all*
//! stages of a feature side by side, so a single look-up per feature and
//! token serves both stages. A row holds [`W`] = 16 `i16` weights (one
//! scale per stage, labels in the decoder's order [`SLOT_LABEL`]): the
//! weight of `O` is subtracted from the others and dropped, which adds the
//! same amount to every label of a token and so changes no decision, and
//! leaves a row of exactly half a cache line.

use super::labels::{Label, NUM_LABELS, NUM_TYPES};
use super::lanes;
use std::io::Read;

use super::cm::{self, BitIo, Cm};

const MAGIC: &[u8; 8] = b"PLXNER04";
/// Most parts a file may have.
const MAX_PARTS: usize = 8;
/// The first feature of the second part of a file written, as a fraction
/// of the features: the first part also holds the keys (≈ 11 % of the
/// decoding), so the two take about as long.
const SECOND_PART_FROM: (usize, usize) = (11, 25);
const L: usize = NUM_LABELS;
/// Weights per row in memory: every label but `O`.
pub const W: usize = NUM_LABELS - 1;

/// Key of a feature hash in the model table.
#[inline]
pub fn key(feature: u64) -> u32 {
    let k = (feature >> 32) as u32;
    k.max(1)
}

/// One stage: scale of its integer weights, transitions and end weights.
#[derive(Debug, Clone)]
pub struct Stage {
    /// Weight units per integer step.
    pub scale: f32,
    /// `(L + 1) × L`: `trans[prev * L + next]`, row `L` is the start.
    pub trans: Vec<f32>,
    pub end: Vec<f32>,
    /// `trans` and `end` with `-inf` where BILOU forbids the step.
    masked: Masked,
    n: usize,
}

impl Stage {
    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }
}

/// Transition weights with the BILOU constraints folded in, in the
/// decoder's label order ([`SLOT_LABEL`]).
#[derive(Debug, Clone)]
struct Masked {
    start: [f32; L],
    end: [f32; L],
    /// `closed[k][j]`: the step from slot `k` (`O`, `U`, `L`: no entity open
    /// before it) to the `j`-th of `O`, `U`, `B` (none open after it); the
    /// only steps into those, as a small dense block.
    closed: [[f32; CLOSED]; CLOSED],
    /// Steps into the `L` of each type from its `B` and from its `I`.
    to_l: [[f32; T]; 2],
    /// Steps into the `I` of each type from its `B` and from its `I`.
    to_i: [[f32; T]; 2],
}

const T: usize = NUM_TYPES;
/// First slots of the `U`, `L`, `B` and `I` labels in the decoder's order.
const U0: usize = 1;
const L0: usize = 1 + T;
const B0: usize = 1 + 2 * T;
const I0: usize = 1 + 3 * T;
/// Labels that leave no entity open (`O`, `U`, `L`, slots `0..CLOSED`),
/// and labels that follow none (`O`, `U`, `B`).
const CLOSED: usize = 1 + 2 * T;

/// The decoder's label order (slot → label): `O`, then the `U`, `L`, `B`
/// and `I` of every type. The labels that end an entity (`O`, `U`, `L`) and
/// the ones that continue one (`B`, `I`) each form one run, and so do the
/// `I` and `L` steps, so the search works on contiguous arrays. The model's
/// rows hold their weights in this order too.
pub const SLOT_LABEL: [u8; L] = slot_labels();
/// Slot of each label (the inverse of [`SLOT_LABEL`]).
const LABEL_SLOT: [usize; L] = label_slots();

const fn slot_labels() -> [u8; L] {
    let mut out = [0u8; L];
    let mut t = 0;
    while t < T {
        out[U0 + t] = (4 + 4 * t) as u8;
        out[L0 + t] = (3 + 4 * t) as u8;
        out[B0 + t] = (1 + 4 * t) as u8;
        out[I0 + t] = (2 + 4 * t) as u8;
        t += 1;
    }
    out
}

const fn label_slots() -> [usize; L] {
    let mut out = [0usize; L];
    let mut k = 0;
    while k < L {
        out[SLOT_LABEL[k] as usize] = k;
        k += 1;
    }
    out
}

/// Slot of the `j`-th successor in [`Masked::closed`] (`O`, `U`s, `B`s).
#[inline]
const fn closed_next(j: usize) -> usize {
    if j < L0 {
        j
    } else {
        j - L0 + B0
    }
}

/// The closed slots in ascending label order (`O`, `L`, `U` of each type),
/// the order in which the dense search visits them.
const CLOSED_BY_LABEL: [usize; CLOSED] = closed_by_label();

const fn closed_by_label() -> [usize; CLOSED] {
    let mut out = [0usize; CLOSED];
    let mut t = 0;
    while t < T {
        out[1 + 2 * t] = L0 + t;
        out[2 + 2 * t] = U0 + t;
        t += 1;
    }
    out
}

impl Masked {
    fn new(trans: &[f32], end: &[f32]) -> Masked {
        // `from[prev][next]` by label, `-inf` where BILOU forbids the step.
        let mut from = [[f32::NEG_INFINITY; L]; L];
        for (p, row) in from.iter_mut().enumerate() {
            for (y, cell) in row.iter_mut().enumerate() {
                if Label(p as u8).allows(Label(y as u8)) {
                    *cell = trans.get(p * L + y).copied().unwrap_or(0.0);
                }
            }
        }
        let mut m = Masked {
            start: [f32::NEG_INFINITY; L],
            end: [f32::NEG_INFINITY; L],
            closed: [[f32::NEG_INFINITY; CLOSED]; CLOSED],
            to_l: [[f32::NEG_INFINITY; T]; 2],
            to_i: [[f32::NEG_INFINITY; T]; 2],
        };
        for (k, &y) in SLOT_LABEL.iter().enumerate() {
            let y = usize::from(y);
            if Label(y as u8).can_start() {
                m.start[k] = trans.get(L * L + y).copied().unwrap_or(0.0);
            }
            if Label(y as u8).can_end() {
                m.end[k] = end.get(y).copied().unwrap_or(0.0);
            }
        }
        let label = |k: usize| usize::from(SLOT_LABEL[k]);
        for (k, row) in m.closed.iter_mut().enumerate() {
            for (j, cell) in row.iter_mut().enumerate() {
                *cell = from[label(k)][label(closed_next(j))];
            }
        }
        for t in 0..T {
            for (f, p) in [B0 + t, I0 + t].into_iter().enumerate() {
                m.to_l[f][t] = from[label(p)][label(L0 + t)];
                m.to_i[f][t] = from[label(p)][label(I0 + t)];
            }
        }
        m
    }
}

/// The weights of all stages, keyed by feature.
///
/// Open addressing with linear probing over 32-bit keys, each slot holding
/// its key and the index of its rows (a megabyte for the shipped
/// model, so probing mostly stays in the L2 cache); the rows are stored
/// compactly in slot order. (Finding a row by rank instead, the number of
/// occupied slots before a slot from an occupancy bitmap, kept the slots
/// half as large, but a found feature read two more cache lines, the
/// bitmap word and a block count, and counted bits, in software on x86-64
/// without `popcnt`.)
#[derive(Debug, Clone, Default)]
struct Table {
    /// Per slot, the feature key (0 for an empty slot) and the index of
    /// its rows (the number of occupied slots before it); a power of two
    /// of them (none in an empty table).
    slots: Vec<[u32; 2]>,
    /// The rows of each feature (one per stage, zeros for stages the model
    /// lacks), features in slot order.
    rows: Vec<Block>,
}

/// Most stages a model may have (the in-memory rows of a feature fill
/// exactly one 64-byte cache line).
pub const MAX_STAGES: usize = 2;

/// The rows of one feature, aligned to a cache line.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(64))]
struct Block([[i16; W]; MAX_STAGES]);

/// Marks a feature without weights in [`Model::lookup`] results.
pub const ABSENT: u32 = u32::MAX;

impl Table {
    /// Build from each stage's magnitude levels, sorted keys and coded rows
    /// (what reading a file gives; tests compare the two).
    #[cfg(test)]
    fn new(stages: &[(&[f32], &[u32], &[i8])]) -> (Table, Vec<f32>) {
        let mut all: Vec<u32> = stages.iter().flat_map(|s| s.1.iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        let (mut table, _) = Table::with_keys(&all);
        let (luts, scales) = luts_and_scales(stages.iter().map(|s| (s.0, s.2)));
        for (si, (_, keys, codes)) in stages.iter().enumerate() {
            for (r, &k) in keys.iter().enumerate() {
                let Some(at) = table.find_key(k) else {
                    continue;
                };
                if let Some(out) = table.rows.get_mut(at).and_then(|b| b.0.get_mut(si)) {
                    fill_row(out, codes.get(r * L..r * L + L), &luts[si], scales[si]);
                }
            }
        }
        (table, scales)
    }

    /// A table of the distinct keys `all`, with zero rows, and the index of
    /// each key's rows.
    fn with_keys(all: &[u32]) -> (Table, Vec<usize>) {
        // At most a third of the slots taken (the shipped model: 37,146
        // features in 131,072 slots, 28 %): a feature the model lacks probes
        // ≈ 1.5 slots instead of ≈ 3.2 at up to two thirds (57 %), one that
        // it has ≈ 1.2 instead of ≈ 1.65.
        let cap = (all.len() * 3 + 64).next_power_of_two();
        let mask = cap - 1;
        let mut slots = vec![[0u32; 2]; cap];
        let mut at = Vec::with_capacity(all.len());
        for &k in all {
            let mut h = slot_of(k, mask);
            while slots[h][0] != 0 {
                h = (h + 1) & mask;
            }
            slots[h][0] = k;
            at.push(h);
        }
        for (count, slot) in (0u32..).zip(slots.iter_mut().filter(|s| s[0] != 0)) {
            slot[1] = count;
        }
        let rows = at.iter().map(|&h| slots[h][1] as usize).collect();
        let table = Table {
            slots,
            rows: vec![Block::default(); all.len()],
        };
        (table, rows)
    }

    /// Fill the rows from each stage's magnitude levels and coded rows, the
    /// rows in key order (row `r` of the codes is `self.rows[places[r]]`);
    /// the scales.
    ///
    /// A weight depends only on its code and the code of the row's `O`
    /// (its first), so each stage's weights are looked up in a table per
    /// `O` code, made when a row first needs it (a few dozen of the 256
    /// codes occur there): computing every weight in floating point took
    /// ≈ 60 M instructions, 15 % of reading the model.
    fn fill(&mut self, places: &[usize], stages: &[(&[f32], &[i8])]) -> Vec<f32> {
        let (luts, scales) = luts_and_scales(stages.iter().copied());
        let mut against: Vec<Vec<Option<Box<[i16; 256]>>>> =
            stages.iter().map(|_| vec![None; 256]).collect();
        for (at, &place) in places.iter().enumerate() {
            let Some(block) = self.rows.get_mut(place) else {
                continue;
            };
            for (si, (_, codes)) in stages.iter().enumerate() {
                let (Some(out), Some(table), Some(lut), Some(&scale)) = (
                    block.0.get_mut(si),
                    against.get_mut(si),
                    luts.get(si),
                    scales.get(si),
                ) else {
                    continue;
                };
                let Some(row) = codes.get(at * L..at * L + L) else {
                    out.fill(0);
                    continue;
                };
                let o = row[0] as u8;
                let weights = table[usize::from(o)].get_or_insert_with(|| {
                    let o = lut[usize::from(o)];
                    Box::new(std::array::from_fn(|c| weight(lut[c], o, scale)))
                });
                // In the decoder's order: slot `k + 1` at `k`.
                for (x, &y) in out.iter_mut().zip(&SLOT_LABEL[1..]) {
                    let c = row.get(usize::from(y)).copied().unwrap_or(0);
                    *x = weights[usize::from(c as u8)];
                }
            }
        }
        scales
    }

    /// The mask of a slot index: the slots are a power of two (`None` if
    /// there are none). Taken from the length, so that the compiler sees
    /// that a masked index is in bounds and checks no probe.
    #[inline]
    fn mask(&self) -> Option<usize> {
        self.slots.len().checked_sub(1)
    }

    /// Index of the first row of key `k`, if it has weights.
    #[inline]
    fn find_key(&self, k: u32) -> Option<usize> {
        let mask = self.mask()?;
        let mut h = slot_of(k, mask);
        loop {
            let [sk, at] = *self.slots.get(h)?;
            if sk == k {
                return Some(at as usize);
            }
            if sk == 0 {
                return None;
            }
            h = (h + 1) & mask;
        }
    }

    /// Prefetch the slot where [`Table::find_key`] starts for key `k`.
    #[inline]
    fn prefetch(&self, k: u32) {
        // (In bounds anyway: the index is masked.)
        if let Some(m) = self.mask() {
            lanes::prefetch_at(self.slots.as_ptr().wrapping_add(slot_of(k, m)));
        }
    }

    #[inline]
    fn find(&self, f: u64) -> Option<usize> {
        self.find_key(key(f))
    }
}

/// Per stage (magnitude levels, coded rows): the level of every code
/// (indexed by the code's byte) and the scale (weight units per `i16` step).
#[allow(clippy::type_complexity)]
fn luts_and_scales<'a>(
    stages: impl Iterator<Item = (&'a [f32], &'a [i8])>,
) -> (Vec<[f32; 256]>, Vec<f32>) {
    let mut luts = Vec::new();
    let mut scales = Vec::new();
    for (levels, codes) in stages {
        let level = |c: i8| -> f32 {
            let m = levels
                .get(usize::from(c.unsigned_abs()))
                .copied()
                .unwrap_or(0.0);
            if c < 0 {
                -m
            } else {
                m
            }
        };
        let mut lut = [0f32; 256];
        for (b, x) in lut.iter_mut().enumerate() {
            *x = level(b as u8 as i8);
        }
        // The largest weight relative to `O` (the order does not matter).
        let top = codes
            .chunks_exact(L)
            .fold(0f32, |a, row| {
                let o = lut[usize::from(row[0] as u8)];
                row[1..]
                    .iter()
                    .fold(a, |a, &c| a.max((lut[usize::from(c as u8)] - o).abs()))
            })
            .max(1e-9);
        luts.push(lut);
        scales.push(top / 32000.0);
    }
    (luts, scales)
}

/// The integer weight of level `level` relative to `O`'s level `o`, in
/// units of `scale`: what [`fill_row`] gives it (rounded halves away from
/// zero, at most 32767 either way, NaN 0).
#[inline]
fn weight(level: f32, o: f32, scale: f32) -> i16 {
    let v = (level - o) / scale;
    let r = if v.abs() < 8_388_608.0 {
        round_small(v)
    } else {
        v.round()
    };
    r.clamp(-32767.0, 32767.0) as i16
}

/// Set `out` to the weights of the coded `row` (none: zeros) relative to
/// `O`, in units of `scale`, in the decoder's order ([`SLOT_LABEL`]). The
/// weights computed row by row, as the model's rows were made before
/// [`Table::fill`] looked them up; the tests compare the two.
#[cfg(test)]
fn fill_row(out: &mut [i16; W], row: Option<&[i8]>, lut: &[f32; 256], scale: f32) {
    let Some(row) = row else {
        out.fill(0);
        return;
    };
    let o = lut[usize::from(row[0] as u8)];
    let mut q = [0f32; W];
    // In the decoder's order: slot `k + 1` at `k`.
    for (x, &y) in q.iter_mut().zip(&SLOT_LABEL[1..]) {
        let c = row.get(usize::from(y)).copied().unwrap_or(0);
        *x = (lut[usize::from(c as u8)] - o) / scale;
    }
    // (Also false for NaN.)
    let small = q.iter().all(|x| x.abs() < 8_388_608.0);
    for (x, v) in out.iter_mut().zip(q) {
        let r = if small { round_small(v) } else { v.round() };
        *x = r.clamp(-32767.0, 32767.0) as i16;
    }
}

/// `x.round()` (halves away from zero) for |x| < 2^23, without the
/// `roundf` call that `f32::round` compiles to on baseline x86-64 and
/// without branches (up to the sign of a zero result).
#[inline]
fn round_small(x: f32) -> f32 {
    const BIG: f32 = 8_388_608.0;
    let a = x.abs();
    // Rounds to the nearest integer, halves to even (all exact below 2^23).
    let r = (a + BIG) - BIG;
    let r = if a - r == 0.5 { r + 1.0 } else { r };
    r.copysign(x)
}

#[inline]
fn slot_of(k: u32, mask: usize) -> usize {
    (k.wrapping_mul(0x9E37_79B1) as usize) & mask
}

/// `acc += row` ([`super::lanes::widen_add`]).
#[inline]
fn add_row(acc: &mut [i32; W], row: &[i16; W]) {
    super::lanes::widen_add(acc, row);
}

/// One stage as written to the file: magnitude levels, transitions, end
/// weights, sorted keys and coded rows.
pub type StageView<'a> = (&'a [f32], &'a [f32], &'a [f32], &'a [u32], &'a [i8]);

/// A trained model.
#[derive(Debug, Clone)]
pub struct Model {
    pub version: String,
    pub stages: Vec<Stage>,
    table: Table,
    /// Distinct for every model read (keys caches of derived scores).
    id: u64,
}

impl Model {
    /// Read the gzipped model; `None` if empty or damaged.
    pub fn from_gzip(bytes: &[u8]) -> Option<Model> {
        Model::from_gzip_with(bytes, false)
    }

    /// [`Model::from_gzip`], the parts of the file after the first decoded
    /// on a thread of their own ([`crate::par::beside`]) while this one
    /// decodes the first. The model is the same.
    pub fn from_gzip_parallel(bytes: &[u8]) -> Option<Model> {
        Model::from_gzip_with(bytes, true)
    }

    fn from_gzip_with(bytes: &[u8], parallel: bool) -> Option<Model> {
        if bytes.is_empty() {
            return None;
        }
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .ok()?;
        Model::from_bytes_with(&raw, parallel)
    }

    pub fn from_bytes(b: &[u8]) -> Option<Model> {
        Model::from_bytes_with(b, false)
    }

    fn from_bytes_with(b: &[u8], parallel: bool) -> Option<Model> {
        let mut r = Reader { b, pos: 0 };
        if r.take(8)? != MAGIC {
            return None;
        }
        let vlen = usize::from(r.u16()?);
        let version = String::from_utf8(r.take(vlen)?.to_vec()).ok()?;
        if usize::from(r.u8()?) != L {
            return None;
        }
        let n_stages = r.u8()?;
        if usize::from(n_stages) > MAX_STAGES {
            return None;
        }
        let mut heads = Vec::new();
        for _ in 0..n_stages {
            let levels = (0..128).map(|_| r.f32()).collect::<Option<Vec<_>>>()?;
            let trans = (0..(L + 1) * L)
                .map(|_| r.f32())
                .collect::<Option<Vec<_>>>()?;
            let end = (0..L).map(|_| r.f32()).collect::<Option<Vec<_>>>()?;
            heads.push((levels, trans, end));
        }
        let n = r.u32()? as usize;
        let parts = usize::from(r.u8()?);
        if !(1..=MAX_PARTS).contains(&parts) {
            return None;
        }
        let mut bounds = vec![0];
        for _ in 1..parts {
            bounds.push(r.u32()? as usize);
        }
        bounds.push(n);
        if bounds.windows(2).any(|w| w[0] > w[1]) {
            return None;
        }
        let mut data = Vec::with_capacity(parts);
        for _ in 0..parts {
            let len = r.u32()? as usize;
            data.push(r.take(len)?);
        }
        // Every feature costs well over a bit: a larger count is damage.
        if n > data
            .iter()
            .map(|d| d.len())
            .sum::<usize>()
            .saturating_mul(8)
        {
            return None;
        }
        let lv: Vec<Levels> = heads.iter().map(|h| Levels::new(&h.0)).collect();
        let mut keys = vec![0u32; n];
        let mut codes = vec![vec![0i8; n.checked_mul(L)?]; heads.len()];
        let decode = |p: usize, rows: &mut [&mut [i8]], keys: Option<&mut [u32]>| {
            let mut dec = cm::Decoder::new(data[p]);
            let mut cm = Cm::new(CM_BITS, 64, 6);
            if let Some(keys) = keys {
                code_keys(&mut cm, &mut dec, keys, |d| d.overrun())?;
            }
            code_rows(&mut cm, &mut dec, &lv, rows, |d| d.overrun())
        };
        let mut parts = parts_of(&mut codes, &bounds).into_iter().enumerate();
        let (_, rows) = parts.next()?;
        let rest: Vec<_> = parts.collect();
        let (decode, keys_out) = (&decode, &mut keys);
        let first = move || {
            let mut rows = rows;
            decode(0, &mut rows, Some(keys_out)).is_some()
        };
        let rest = move || {
            rest.into_iter()
                .all(|(p, mut rows)| decode(p, &mut rows, None).is_some())
        };
        let (first, rest) = if parallel {
            crate::par::beside(first, rest)
        } else {
            (first(), rest())
        };
        if !(first && rest) {
            return None;
        }
        // Decoded keys ascend from 1: distinct and non-zero.
        let (mut table, at) = Table::with_keys(&keys);
        let views: Vec<(&[f32], &[i8])> = heads
            .iter()
            .zip(&codes)
            .map(|(h, c)| (h.0.as_slice(), c.as_slice()))
            .collect();
        let scales = table.fill(&at, &views);
        let stages = heads
            .into_iter()
            .zip(&codes)
            .zip(scales)
            .map(|(((_, trans, end), c), scale)| Stage {
                scale,
                masked: Masked::new(&trans, &end),
                trans,
                end,
                n: c.chunks(L)
                    .filter(|row| row.iter().any(|&x| x != 0))
                    .count(),
            })
            .collect();
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Some(Model {
            version,
            stages,
            table,
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// The integer weights (labels but `O`, in the order of
    /// [`SLOT_LABEL`]`[1..]`) of stage `stage` at `at` = [`Model::find`]
    /// result.
    #[inline]
    pub fn row(&self, at: usize, stage: usize) -> &[i16; W] {
        static ZERO: [i16; W] = [0; W];
        self.table
            .rows
            .get(at)
            .and_then(|b| b.0.get(stage))
            .unwrap_or(&ZERO)
    }

    /// An id distinct for every model read (clones share it).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Look up every feature of `features`, appending the index of its
    /// rows ([`Model::row`]) or [`ABSENT`] to `out`. The table is far larger
    /// than the caches, so the time goes into waiting for memory: looking up
    /// a whole batch first and adding the rows afterwards keeps the loads
    /// independent of each other, so they overlap.
    #[inline]
    pub fn lookup(&self, features: &[u64], out: &mut Vec<u32>) {
        // The slots of the features `AHEAD` places on, and the rows of
        // each feature found, are prefetched (`lanes::prefetch`): the rows
        // are added after the sentence's lookups.
        const AHEAD: usize = 8;
        let t = &self.table;
        for &f in features.iter().take(AHEAD) {
            t.prefetch(key(f));
        }
        let find = |f: u64| -> u32 {
            match t.find(f) {
                Some(at) => {
                    // (A row's index from the table is in bounds.)
                    lanes::prefetch_at(t.rows.as_ptr().wrapping_add(at));
                    at as u32
                }
                None => ABSENT,
            }
        };
        // Written into room made first, not pushed (no capacity check per
        // feature), each feature paired with the one `AHEAD` places on but
        // for the last few (no bounds check per feature). With the emptier
        // table (`Table::with_keys`) ≈ 1.05 M fewer instructions of the seed
        // bundle's 38.2 M.
        let start = out.len();
        out.resize(start + features.len(), ABSENT);
        let Some(dst) = out.get_mut(start..) else {
            return;
        };
        let split = features.len().saturating_sub(AHEAD);
        let (head, tail) = features.split_at(split);
        let (dst_head, dst_tail) = dst.split_at_mut(split);
        let ahead = features.get(AHEAD..).unwrap_or(&[]);
        for ((o, &f), &g) in dst_head.iter_mut().zip(head).zip(ahead) {
            t.prefetch(key(g));
            *o = find(f);
        }
        for (o, &f) in dst_tail.iter_mut().zip(tail) {
            *o = find(f);
        }
    }

    /// Add the rows of all [`MAX_STAGES`] at `at` (a [`Model::lookup`]
    /// result) to `accs` (`accs[k]` gets stage `k`); the rows of stages the
    /// model lacks are zeros. Of fixed size, so the sums stay in registers.
    #[inline]
    pub fn add_block(&self, at: u32, accs: &mut [[i32; W]; MAX_STAGES]) {
        // (`ABSENT` is past the end.)
        if let Some(b) = self.table.rows.get(at as usize) {
            for (acc, row) in accs.iter_mut().zip(&b.0) {
                add_row(acc, row);
            }
        }
    }

    /// Take the rows at `at` out of `accs` again ([`Model::add_block`]
    /// backwards).
    #[inline]
    pub fn sub_block(&self, at: u32, accs: &mut [[i32; W]; MAX_STAGES]) {
        if let Some(b) = self.table.rows.get(at as usize) {
            for (acc, row) in accs.iter_mut().zip(&b.0) {
                super::lanes::widen_sub(acc, row);
            }
        }
    }

    /// Add the row of stage `stage` at `at` (a [`Model::lookup`] result).
    #[inline]
    pub fn add(&self, at: u32, stage: usize, acc: &mut [i32; W]) {
        if at != ABSENT {
            add_row(acc, self.row(at as usize, stage));
        }
    }

    /// Add the weights of stage `stage` of `features` to `scores` (integer
    /// units of the stage's `scale`, labels but `O` in label order).
    pub fn score(&self, stage: usize, features: &[u64], scores: &mut [i32; W]) {
        let mut acc = [0i32; W];
        for &f in features {
            if let Some(at) = self.table.find(f) {
                add_row(&mut acc, self.row(at, stage));
            }
        }
        for (&v, &y) in acc.iter().zip(&SLOT_LABEL[1..]) {
            scores[usize::from(y) - 1] += v;
        }
    }

    /// Serialise (uncompressed). `stages` hold sorted keys and rows.
    pub fn write(version: &str, stages: &[StageView]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(version.len() as u16).to_le_bytes());
        out.extend_from_slice(version.as_bytes());
        out.push(L as u8);
        out.push(stages.len() as u8);
        for (levels, trans, end, _, _) in stages {
            for k in 0..128 {
                let x = levels.get(k).copied().unwrap_or(0.0);
                out.extend_from_slice(&x.to_le_bytes());
            }
            for x in trans.iter().chain(end.iter()) {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        // The features of all stages, once.
        let mut all: Vec<u32> = stages.iter().flat_map(|s| s.3.iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        let mut codes = Vec::with_capacity(stages.len());
        for (_, _, _, keys, rows) in stages {
            let mut c = Vec::with_capacity(all.len() * L);
            let mut at = 0;
            for &k in &all {
                // Both lists ascending: walk them together.
                while at < keys.len() && keys[at] < k {
                    at += 1;
                }
                match rows.get(at * L..at * L + L) {
                    Some(row) if keys.get(at) == Some(&k) => c.extend_from_slice(row),
                    _ => c.extend(std::iter::repeat_n(0i8, L)),
                }
            }
            codes.push(c);
        }
        let lv: Vec<Levels> = stages.iter().map(|s| Levels::new(s.0)).collect();
        let n = all.len();
        let cut = n * SECOND_PART_FROM.0 / SECOND_PART_FROM.1;
        let mut parts = Vec::new();
        for (p, range) in [0..cut, cut..n].into_iter().enumerate() {
            let mut enc = cm::Encoder::default();
            let mut cm = Cm::new(CM_BITS, 64, 6);
            if p == 0 {
                let _ = code_keys(&mut cm, &mut enc, &mut all, |_| false);
            }
            let mut rows: Vec<&mut [i8]> = codes
                .iter_mut()
                .map(|c| &mut c[range.start * L..range.end * L])
                .collect();
            let _ = code_rows(&mut cm, &mut enc, &lv, &mut rows, |_| false);
            parts.push(enc.finish());
        }
        out.extend_from_slice(&(n as u32).to_le_bytes());
        out.push(parts.len() as u8);
        out.extend_from_slice(&(cut as u32).to_le_bytes());
        for data in &parts {
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(data);
        }
        out
    }
}

/// Context-model bits of the model coder.
const CM_BITS: u32 = 18;
const _: () = assert!(at::END <= 1 << CM_BITS);

/// Code (encode or decode, see [`cm`]) the ascending `keys` (the first
/// part of a file). `damaged` is asked after every key; `None` if it says
/// so or a key is out of range.
fn code_keys<I: BitIo>(
    cm: &mut Cm,
    io: &mut I,
    keys: &mut [u32],
    damaged: impl Fn(&I) -> bool,
) -> Option<()> {
    let mut prev = 0u32;
    for k in keys.iter_mut() {
        let d = k.wrapping_sub(prev).wrapping_sub(1);
        let d = code_uint(cm, io, d, at::KEYS);
        *k = prev.checked_add(d)?.checked_add(1)?;
        prev = *k;
        if damaged(io) {
            return None;
        }
    }
    Some(())
}

/// Code the weight codes of every stage of one part (`rows[s]`: the part's
/// rows of stage `s`, [`L`] codes each, all stages as many), with the
/// levels `lv` of each stage. `damaged` is asked after every feature;
/// `None` if it says so or a value is out of range.
fn code_rows<I: BitIo>(
    cm: &mut Cm,
    io: &mut I,
    lv: &[Levels],
    rows: &mut [&mut [i8]],
    damaged: impl Fn(&I) -> bool,
) -> Option<()> {
    let n = rows.first().map_or(0, |r| r.len() / L);
    for r in 0..n {
        let mut first = [0i8; L];
        for (s, c) in rows.iter_mut().enumerate() {
            let row: &mut [i8; L] = c.get_mut(r * L..r * L + L)?.try_into().ok()?;
            let other = (s > 0).then_some(&first);
            code_row(
                cm,
                io,
                s as u32,
                lv.get(s.min(lv.len().saturating_sub(1)))?,
                other,
                row,
            )?;
            if s == 0 {
                first = *row;
            }
        }
        if damaged(io) {
            return None;
        }
    }
    Some(())
}

/// The rows of every stage (`codes[s]`, in key order) cut into the parts
/// that begin at `bounds` (ascending, from 0, the feature count last):
/// per part, its rows of each stage.
fn parts_of<'c>(codes: &'c mut [Vec<i8>], bounds: &[usize]) -> Vec<Vec<&'c mut [i8]>> {
    let mut parts: Vec<Vec<&mut [i8]>> = bounds.windows(2).map(|_| Vec::new()).collect();
    for c in codes.iter_mut() {
        let mut rest = c.as_mut_slice();
        for (part, w) in parts.iter_mut().zip(bounds.windows(2)) {
            let (rows, tail) = rest.split_at_mut(((w[1] - w[0]) * L).min(rest.len()));
            part.push(rows);
            rest = tail;
        }
    }
    parts
}

/// Magnitudes of a stage's levels as integers (for predictions only).
struct Levels {
    v: [i64; 128],
    /// Levels in use (`1..=top`).
    top: usize,
}

impl Levels {
    fn new(levels: &[f32]) -> Levels {
        let max = levels.iter().fold(0f32, |a, &b| a.max(b.abs()));
        let mut v = [0i64; 128];
        let mut top = 1;
        if max > 0.0 {
            for (k, (o, &l)) in v.iter_mut().zip(levels).enumerate() {
                *o = (f64::from(l.abs() / max) * f64::from(1u32 << 30)) as i64;
                if k > 0 && *o > 0 {
                    top = k;
                }
            }
        }
        Levels { v, top }
    }

    /// The code whose level is nearest to `t` (≥ 0) in the log domain.
    fn nearest(&self, t: i64) -> i32 {
        let lv = &self.v[1..=self.top];
        let k = lv.partition_point(|&l| l < t) + 1;
        if k > self.top {
            return self.top as i32;
        }
        if k > 1 && i128::from(t) * i128::from(t) < i128::from(lv[k - 2]) * i128::from(lv[k - 1]) {
            return k as i32 - 1;
        }
        k as i32
    }
}

/// Code `v` (< 2^32 - 1) as an Elias-gamma code: the bit length and the
/// top three bits below the leading one adaptive (counters from `base`, 2048
/// of them), the other bits raw.
fn code_uint<I: BitIo>(cm: &mut Cm, io: &mut I, v: u32, base: usize) -> u32 {
    let x = u64::from(v) + 1;
    let nb = 64 - x.leading_zeros();
    // The bit length (1..=33), five bits MSB first.
    let mut node = 1u32;
    for b in (0..6).rev() {
        node = node * 2 + cm.bit1(io, ((nb - 1) >> b) & 1, base + node as usize);
    }
    let k = (node - 64 + 1).min(33);
    let mut r: u64 = 1;
    for b in (0..k - 1).rev() {
        let bit = ((x >> b) & 1) as u32;
        let y = if k - 1 - b <= 3 {
            cm.bit1(io, bit, base + 128 + 64 * r as usize + k as usize)
        } else {
            cm.raw(io, bit)
        };
        r = r * 2 + u64::from(y);
    }
    (r - 1) as u32
}

/// Counter regions of the row coder (offsets into the [`Cm`] table).
///
/// The counters of the decisions coded one after another sit side by side
/// (the 4 labels of a type, the 7 bits of a magnitude), so decoding mostly
/// hits the L1 cache. (Only the placement of the counters; which decisions
/// share a counter is what the format fixes.)
mod at {
    /// (stage, label) pairs.
    const SY: usize = 2 * 17;
    pub const ANY: usize = 0;
    pub const Z1: usize = ANY + 32;
    /// Presence of the `O` weight: (stage, other type, count) (count: see
    /// `code_row`).
    pub const Z1_O: usize = Z1;
    /// Presence of the other labels: per (stage, type, other stage's
    /// pattern) 48 counters: (position p, the type's earlier labels (< 2^p),
    /// count).
    pub const Z1_T: usize = Z1_O + 2 * 64 * 3;
    pub const S1: usize = Z1_T + 2 * 4 * 64 * 48;
    pub const M1: usize = S1 + SY * 36;
    pub const LAST: usize = M1 + 2 * 128 * 32 * 8;
    pub const UINT: usize = LAST + 2 * 1024;
    pub const KEYS: usize = UINT + 2 * 18 * 2048;
    /// Counters in use.
    pub const END: usize = KEYS + 2048;
}

/// Code one row of stage `s`; `other` is the stage-0 row of the same
/// feature (for stage 1).
fn code_row<I: BitIo>(
    cm: &mut Cm,
    io: &mut I,
    s: u32,
    lv: &Levels,
    other: Option<&[i8; L]>,
    row: &mut [i8; L],
) -> Option<()> {
    let su = s as usize;
    let onz = other.map_or(0, |o| o.iter().filter(|&&x| x != 0).count() + 1);
    let any = row.iter().any(|&x| x != 0);
    let any = cm.bit(io, u32::from(any), &[at::ANY + su * 16 + onz.min(9)], 0);
    if any == 0 {
        row.fill(0);
        return Some(());
    }
    // Which labels have weights.
    let mut mask = 0usize;
    let mut cnt = 0usize;
    let omask = other.map_or(0, |o| {
        o.iter()
            .enumerate()
            .fold(0usize, |m, (y, &x)| m | (usize::from(x != 0) << y))
    });
    for (y, &c) in row.iter().enumerate() {
        let nz = if y == L - 1 && cnt == 0 {
            1
        } else {
            // The label's own type (B, I, L, U) so far, and the other
            // stage's weights of that type and of O.
            let t = if y == 0 { 0 } else { (y - 1) / 4 };
            let same_type = if y == 0 {
                0
            } else {
                (mask >> (1 + 4 * t)) & 0xf
            };
            let otype = match (other.is_some(), y) {
                (false, _) => 0,
                (true, 0) => 1 | (omask & 1) << 1,
                (true, _) => 1 | ((omask >> (1 + 4 * t)) & 0xf) << 1 | (omask & 1) << 5,
            };
            let slot = if y == 0 {
                at::Z1_O + (su * 64 + otype) * 3 + cnt.min(2)
            } else {
                // 3 × (2^p - 1) counters for the positions before p.
                let p = (y - 1) % 4;
                let first = 3 * ((1 << p) - 1);
                at::Z1_T + ((su * 4 + t) * 64 + otype) * 48 + first + same_type * 3 + cnt.min(2)
            };
            cm.bit1(io, u32::from(c != 0), slot) as usize
        };
        mask |= nz << y;
        cnt += nz;
    }
    // Signs and magnitudes; the weights of a row sum to about zero (every
    // perceptron update adds and subtracts the same step), so the last one
    // is predicted from the others.
    let m = cnt;
    let mut j = 0usize;
    let mut sum: i64 = 0;
    let mut maxmag = 0usize;
    for (y, cell) in row.iter_mut().enumerate() {
        if mask & (1 << y) == 0 {
            *cell = 0;
            continue;
        }
        let v = i32::from(*cell);
        let ov = other.map_or(0, |o| i32::from(o[y]));
        let sy = su * L + y;
        let (neg, mag) = if j + 1 == m && m >= 2 {
            let target = -sum;
            let pneg = u32::from(target < 0);
            let pmag = lv.nearest(target.abs());
            let b = at::LAST + su * 1024;
            let flip = cm.bit(
                io,
                u32::from(u32::from(v < 0) != pneg),
                &[b + m.min(8), b + 16 + (pmag as usize >> 2)],
                36,
            );
            let neg = pneg ^ flip;
            let d = v.abs() - pmag;
            let f = flip as usize;
            let zero = cm.bit(
                io,
                u32::from(d == 0),
                &[b + 64 + m.min(8) * 2 + f, b + 96 + (pmag as usize >> 3)],
                37,
            );
            let mag = if zero != 0 {
                pmag
            } else {
                let dneg = cm.bit(
                    io,
                    u32::from(d < 0),
                    &[b + 128 + m.min(8) * 2 + f, b + 160 + (pmag as usize >> 3)],
                    38,
                );
                let ub = at::UINT + ((su * 2 + dneg as usize) * 9 + m.min(8)) * 2048;
                let a = code_uint(cm, io, d.unsigned_abs().saturating_sub(1), ub);
                let a = i32::try_from(a).ok()?.checked_add(1)?;
                if dneg != 0 {
                    pmag - a
                } else {
                    pmag + a
                }
            };
            (neg, mag)
        } else {
            let sg = usize::from(sum > 0) + 2 * usize::from(sum < 0);
            let osg = usize::from(ov > 0) + 2 * usize::from(ov < 0);
            let neg = cm.bit1(
                io,
                u32::from(v < 0),
                at::S1 + ((sy * 3 + sg) * 4 + j.min(3)) * 3 + osg,
            );
            let x = (v.unsigned_abs().max(1) - 1) as usize;
            let mut node = 1usize;
            let ovm = ov.unsigned_abs() as usize >> 2;
            // A 128-counter tree per (stage, other stage's magnitude,
            // largest so far).
            let m1 = ((su * 32 + ovm) * 8 + (maxmag >> 4)) * 128;
            for b in (0..7).rev() {
                let bit = ((x >> b) & 1) as u32;
                let y = cm.bit1(io, bit, at::M1 + m1 + node);
                node = node * 2 + y as usize;
            }
            (neg, node as i32 - 128 + 1)
        };
        if !(1..=127).contains(&mag) {
            return None;
        }
        *cell = if neg != 0 { -mag as i8 } else { mag as i8 };
        let l = lv.v[mag as usize];
        sum += if neg != 0 { -l } else { l };
        maxmag = maxmag.max(mag as usize);
        j += 1;
    }
    Some(())
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

/// Best well-formed label sequence for per-token `emissions` (by label),
/// with `trans[(prev) * L + next]` (row `L` = start) and `end` weights.
pub fn viterbi(emissions: &[[f32; L]], trans: &[f32], end: &[f32]) -> Vec<Label> {
    let em: Vec<[f32; L]> = emissions
        .iter()
        .map(|e| SLOT_LABEL.map(|y| e[usize::from(y)]))
        .collect();
    let mut out = vec![Label::O; em.len()];
    decode(&Masked::new(trans, end), &em, &mut Vec::new(), &mut out);
    out
}

impl Stage {
    /// Viterbi decoding of `emissions` (in the decoder's order,
    /// [`SLOT_LABEL`], like the model's rows) into `out` (same length);
    /// `scores` is scratch space.
    pub fn decode(&self, emissions: &[[f32; L]], scores: &mut Vec<[f32; L]>, out: &mut [Label]) {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            unsafe { decode_avx2(&self.masked, emissions, scores, out) };
            return;
        }
        decode(&self.masked, emissions, scores, out);
    }
}

/// [`decode`] compiled with AVX2: the nine maxima of a step ([`relax`]) in
/// one vector of eight and one more instead of two of four and one, with
/// three-operand instructions instead of register copies (the same
/// operations on each lane, so the same scores bit for bit): seed bundle
/// 33.61 → 33.39 M instructions, BASIL 1,542.5 → 1,528.8 M.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn decode_avx2(m: &Masked, em: &[[f32; L]], scores: &mut Vec<[f32; L]>, out: &mut [Label]) {
    decode(m, em, scores, out);
}

#[inline(always)]
fn max(a: f32, b: f32) -> f32 {
    if b > a {
        b
    } else {
        a
    }
}

/// `best[j]` ↦ `max(best[j], sp + w[j])`, written out (no loop) so that the
/// nine maxima stay in registers where the compiler does not unroll (opt
/// level "s", the WASM build) and still vectorise where it does.
#[inline(always)]
fn relax(best: [f32; CLOSED], sp: f32, w: &[f32; CLOSED]) -> [f32; CLOSED] {
    let f = |j: usize| max(best[j], sp + w[j]);
    [f(0), f(1), f(2), f(3), f(4), f(5), f(6), f(7), f(8)]
}

/// Viterbi search over the 97 steps BILOU allows rather than all 17 × 17,
/// with labels in the order of [`SLOT_LABEL`].
///
/// It gives what a dense search over all steps gives, bit for bit, which
/// visits the predecessors of a label in ascending label order with a strict
/// `>` (ties go to the lowest label, and a label that nothing reaches gets
/// predecessor `O`): the forward pass only keeps each label's best score,
/// and the order of a maximum does not change its value (up to the sign of
/// a zero, which no later comparison sees). The backtrace then finds the
/// predecessor of just the chosen label of each token, making the dense
/// search's comparisons in its order. Steps into `O`, `U` and `B` come from
/// `O`, `U` and `L` only (a dense 9 × 9 block); steps into `I` and `L` from
/// the `B` and `I` of their type only.
///
/// Emissions and weights are finite or `-inf`, never `+inf` or NaN (the
/// dense search skips `-inf` predecessors, which only matters with those).
/// Always inlined, so that [`decode_avx2`] has a build of its own.
#[inline(always)]
fn decode(m: &Masked, em: &[[f32; L]], scores: &mut Vec<[f32; L]>, out: &mut [Label]) {
    let n = em.len().min(out.len());
    if n == 0 {
        return;
    }
    scores.clear();
    scores.reserve(n);
    let mut s = [0f32; L];
    for (k, x) in s.iter_mut().enumerate() {
        *x = em[0][k] + m.start[k];
    }
    scores.push(s);
    for e in &em[1..n] {
        // From `O` first: no `-inf` start value needed.
        let mut c = m.closed[0].map(|w| s[0] + w);
        for (w, &sp) in m.closed.iter().zip(&s[..CLOSED]).skip(1) {
            c = relax(c, sp, w);
        }
        let mut next = [0f32; L];
        for k in 0..L0 {
            next[k] = c[k] + e[k];
        }
        for t in 0..T {
            let (sb, si) = (s[B0 + t], s[I0 + t]);
            next[L0 + t] = max(sb + m.to_l[0][t], si + m.to_l[1][t]) + e[L0 + t];
            next[B0 + t] = c[L0 + t] + e[B0 + t];
            next[I0 + t] = max(sb + m.to_i[0][t], si + m.to_i[1][t]) + e[I0 + t];
        }
        s = next;
        scores.push(s);
    }
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0usize;
    for &k in &LABEL_SLOT {
        let v = s[k] + m.end[k];
        if v > best {
            best = v;
            arg = k;
        }
    }
    for t in (1..n).rev() {
        out[t] = Label(SLOT_LABEL[arg]);
        arg = best_prev(m, &scores[t - 1], arg);
    }
    out[0] = Label(SLOT_LABEL[arg]);
}

/// The predecessor (slot) that a dense search picks for slot `y`, given the
/// scores of the token before: the first best in ascending label order, `O`
/// when none reaches `y`.
#[inline]
fn best_prev(m: &Masked, prev: &[f32; L], y: usize) -> usize {
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0;
    let mut visit = |p: usize, w: f32| {
        let v = prev[p] + w;
        if v > best {
            best = v;
            arg = p;
        }
    };
    if (L0..B0).contains(&y) || y >= I0 {
        // `L` or `I`: from the `B` (the lower label), then the `I`.
        let (t, to) = if y >= I0 {
            (y - I0, &m.to_i)
        } else {
            (y - L0, &m.to_l)
        };
        visit(B0 + t, to[0][t]);
        visit(I0 + t, to[1][t]);
    } else {
        let j = if y < L0 { y } else { y - B0 + L0 };
        for &p in &CLOSED_BY_LABEL {
            visit(p, m.closed[p][j]);
        }
    }
    arg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ner::labels::Pos;

    #[test]
    fn round_trip_and_score() {
        let trans = vec![0.0; (L + 1) * L];
        let end = vec![0.0; L];
        let keys = vec![key(5 << 32), key(9 << 32)];
        let mut rows = vec![0i8; 2 * L];
        rows[1] = 10;
        rows[L + 2] = -3;
        let levels: Vec<f32> = (0..128).map(|k| k as f32).collect();
        let bytes = Model::write("test-1", &[(&levels, &trans, &end, &keys, &rows)]);
        let m = Model::from_bytes(&bytes).unwrap();
        assert_eq!(m.version, "test-1");
        let mut s = [0i32; W];
        m.score(0, &[5 << 32, 9 << 32, 77 << 32], &mut s);
        let st = &m.stages[0];
        // Label 1 got +10, label 2 -3 (relative to O, which is 0 here).
        assert_eq!(
            (
                (s[0] as f32 * st.scale).round(),
                (s[1] as f32 * st.scale).round()
            ),
            (10.0, -3.0)
        );
        for cut in 0..bytes.len() {
            let _ = Model::from_bytes(&bytes[..cut]);
        }
        assert!(Model::from_gzip(b"").is_none());
        assert!(Model::from_gzip(b"xx").is_none());
    }

    #[test]
    fn coded_rows_round_trip_and_damage_is_none() {
        // Two stages, rows of every shape: empty in one stage, sparse,
        // dense, rows that sum to zero and rows that do not.
        let mut x = 0x1234_5678u32;
        let mut rnd = move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        let n = 300;
        let mut keys: Vec<u32> = (0..n).map(|_| rnd() | 1).collect();
        keys.sort_unstable();
        keys.dedup();
        let levels: Vec<f32> = (0..128).map(|k| 0.01 * 1.05f32.powi(k)).collect();
        let mut rows = [vec![0i8; keys.len() * L], vec![0i8; keys.len() * L]];
        for (s, st) in rows.iter_mut().enumerate() {
            for r in 0..keys.len() {
                if (r + s) % 7 == 0 {
                    continue;
                }
                let nz = 2 + (rnd() % 6) as usize;
                for _ in 0..nz {
                    let y = (rnd() % L as u32) as usize;
                    let m = 1 + (rnd() % 127) as i8;
                    st[r * L + y] = if rnd() % 2 == 0 { m } else { -m };
                }
            }
        }
        let t = vec![0.5; (L + 1) * L];
        let e = [0.25; L];
        let views: Vec<StageView> = rows
            .iter()
            .map(|c| (&levels[..], &t[..L * L + L], &e[..], &keys[..], &c[..]))
            .collect();
        let bytes = Model::write("v", &views);
        let m = Model::from_bytes(&bytes).unwrap();
        let plain: Vec<(&[f32], &[u32], &[i8])> = rows
            .iter()
            .map(|c| (&levels[..], &keys[..], &c[..]))
            .collect();
        let (table, _) = Table::new(&plain);
        assert_eq!(table.slots, m.table.slots);
        assert!(table
            .rows
            .iter()
            .zip(&m.table.rows)
            .all(|(a, b)| a.0 == b.0));
        // Its parts decoded side by side, the same model.
        let side = Model::from_bytes_with(&bytes, true).unwrap();
        assert_same(&side, &m);
        for parallel in [false, true] {
            for cut in (0..bytes.len()).step_by(7) {
                assert!(Model::from_bytes_with(&bytes[..cut], parallel).is_none());
            }
            for at in (0..bytes.len()).step_by(13) {
                let mut bad = bytes.clone();
                bad[at] ^= 0x5a;
                let _ = Model::from_bytes_with(&bad, parallel);
            }
        }
    }

    /// Whether `a` and `b` have the same weights, scales and transitions.
    fn assert_same(a: &Model, b: &Model) {
        assert_eq!(a.table.slots, b.table.slots);
        assert_eq!(a.table.rows.len(), b.table.rows.len());
        assert!(a
            .table
            .rows
            .iter()
            .zip(&b.table.rows)
            .all(|(x, y)| x.0 == y.0));
        assert_eq!(a.stages.len(), b.stages.len());
        for (x, y) in a.stages.iter().zip(&b.stages) {
            assert_eq!(
                (x.scale, &x.trans, &x.end, x.n),
                (y.scale, &y.trans, &y.end, y.n)
            );
        }
    }

    /// The shipped model is written in two parts, and decoding the second
    /// on a thread of its own gives the model decoding them in turn does.
    #[test]
    fn shipped_model_reads_the_same_side_by_side() {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(super::super::MODEL_GZ)
            .read_to_end(&mut raw)
            .unwrap();
        let mut r = Reader { b: &raw, pos: 0 };
        r.take(8).unwrap();
        let vlen = usize::from(r.u16().unwrap());
        r.take(vlen).unwrap();
        let stages = usize::from(r.take(2).unwrap()[1]);
        r.take(stages * (128 + (L + 1) * L + L) * 4).unwrap();
        let n = r.u32().unwrap();
        assert_eq!(r.u8(), Some(2), "two parts");
        let cut = r.u32().unwrap();
        assert!(n > 10_000 && cut > n / 4 && cut < n * 3 / 4, "{cut} of {n}");
        let in_turn = Model::from_gzip(super::super::MODEL_GZ).unwrap();
        let side = Model::from_gzip_parallel(super::super::MODEL_GZ).unwrap();
        assert_same(&side, &in_turn);
    }

    /// Decode time of the shipped assets (CPU): `cargo test --release --lib
    /// ner::model::tests::decode_time -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn decode_time() {
        use crate::analysis::ner::lexicon::Lexicon;
        use crate::analysis::ner::{LEXICON_GZ, MODEL_GZ};
        // CPU time of this thread in ms (Linux).
        let cpu = || -> f64 {
            let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
            s.split(' ').next().unwrap().parse::<f64>().unwrap() / 1e6
        };
        let mut best = (f64::MAX, f64::MAX);
        for _ in 0..10 {
            let t0 = cpu();
            let m = Model::from_gzip(MODEL_GZ).unwrap();
            let t1 = cpu();
            let l = Lexicon::from_gzip(LEXICON_GZ);
            let t2 = cpu();
            assert!(m.table.rows.len() > 1000 && !l.words.is_empty());
            best.0 = best.0.min(t1 - t0);
            best.1 = best.1.min(t2 - t1);
        }
        println!("decode: model {:.1} ms, lexicon {:.1} ms", best.0, best.1);
        // Fingerprint of everything decoded (must not change).
        let m = Model::from_gzip(MODEL_GZ).unwrap();
        let l = Lexicon::from_gzip(LEXICON_GZ);
        let mut h = 0u64;
        let mut mixin = |x: u64| h = crate::analysis::ner::hash::pair(h, x);
        mixin(m.table.slots.len() as u64);
        m.table.slots.iter().for_each(|&[k, _]| mixin(u64::from(k)));
        m.table
            .slots
            .iter()
            .for_each(|&[_, at]| mixin(u64::from(at)));
        for b in &m.table.rows {
            for r in &b.0 {
                r.iter().for_each(|&w| mixin(w as u16 as u64));
            }
        }
        for st in &m.stages {
            mixin(u64::from(st.scale.to_bits()));
            mixin(st.n as u64);
            st.trans
                .iter()
                .chain(&st.end)
                .for_each(|x| mixin(u64::from(x.to_bits())));
        }
        mixin(m.version.len() as u64);
        let mut wsum = 0u64;
        for (k, v) in &l.words {
            wsum = wsum.wrapping_add(crate::analysis::ner::hash::pair(*k, u64::from(*v)));
        }
        let mut gsum = 0u64;
        for (k, v) in &l.gaz {
            gsum = gsum.wrapping_add(crate::analysis::ner::hash::pair(*k, u64::from(*v)));
        }
        mixin(wsum);
        mixin(gsum);
        mixin(l.words.len() as u64);
        mixin(l.gaz.len() as u64);
        l.paths
            .iter()
            .for_each(|p| mixin(crate::analysis::ner::hash::str(1, p)));
        l.path_prefix.iter().flatten().for_each(|&p| mixin(p));
        println!("fingerprint {h:016x}");
    }

    #[test]
    fn round_small_is_round() {
        // Every 97th float below 2^23 and all halves near the top.
        let top = 8_388_608f32.to_bits();
        let check = |x: f32| {
            for v in [x, -x] {
                let (a, b) = (round_small(v), v.round());
                assert!(a == b, "{v}: {a} vs {b}");
            }
        };
        for bits in (0..top).step_by(97) {
            check(f32::from_bits(bits));
        }
        for k in 0..100_000 {
            check(k as f32 + 0.5);
            check(f32::from_bits(0.5f32.to_bits() - 1) + k as f32);
        }
    }

    /// The plain dense search over all 17 × 17 steps in label order, with a
    /// back-pointer per token and label (the reference for [`decode`]).
    fn viterbi_dense(em: &[[f32; L]], trans: &[f32], end: &[f32]) -> Vec<Label> {
        let ok = |p: usize, y: usize| Label(p as u8).allows(Label(y as u8));
        let from = |p: usize, y: usize| {
            if ok(p, y) {
                trans[p * L + y]
            } else {
                f32::NEG_INFINITY
            }
        };
        let n = em.len();
        let mut back = vec![[0u8; L]; n];
        let mut score = [0f32; L];
        for (y, s) in score.iter_mut().enumerate() {
            let start = if Label(y as u8).can_start() {
                trans[L * L + y]
            } else {
                f32::NEG_INFINITY
            };
            *s = em[0][y] + start;
        }
        for t in 1..n {
            let mut best = [f32::NEG_INFINITY; L];
            let mut arg = [0u8; L];
            for (p, &sp) in score.iter().enumerate() {
                if sp == f32::NEG_INFINITY {
                    continue;
                }
                for y in 0..L {
                    let v = sp + from(p, y);
                    if v > best[y] {
                        best[y] = v;
                        arg[y] = p as u8;
                    }
                }
            }
            for (y, s) in score.iter_mut().enumerate() {
                *s = best[y] + em[t][y];
            }
            back[t] = arg;
        }
        let mut best = f32::NEG_INFINITY;
        let mut arg = 0usize;
        for (y, &s) in score.iter().enumerate() {
            let e = if Label(y as u8).can_end() {
                end[y]
            } else {
                f32::NEG_INFINITY
            };
            if s + e > best {
                best = s + e;
                arg = y;
            }
        }
        let mut out = vec![Label::O; n];
        for t in (0..n).rev() {
            out[t] = Label(arg as u8);
            arg = usize::from(back[t][arg]);
        }
        out
    }

    #[test]
    fn slots_are_a_permutation() {
        let mut seen = [false; L];
        for (k, &y) in SLOT_LABEL.iter().enumerate() {
            assert!(!seen[usize::from(y)]);
            seen[usize::from(y)] = true;
            assert_eq!(LABEL_SLOT[usize::from(y)], k);
        }
        assert_eq!(SLOT_LABEL[0], 0);
    }

    #[test]
    fn sparse_viterbi_matches_dense() {
        let mut x = 0x9e37_79b9u32;
        let mut rnd = move |k: u32| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x % k
        };
        let mut nontrivial = 0;
        for case in 0..20_000 {
            // Small integers make ties common; some cases use wide values,
            // signed zeros and -inf emissions (labels nothing can reach).
            let wide = case % 5 == 0;
            let val = |r: &mut dyn FnMut(u32) -> u32| -> f32 {
                match r(40) {
                    0 => -0.0,
                    1 if case % 3 == 0 => f32::NEG_INFINITY,
                    _ if wide => (r(2001) as f32 - 1000.0) * 0.37,
                    _ => r(5) as f32 - 2.0,
                }
            };
            let trans: Vec<f32> = (0..(L + 1) * L).map(|_| val(&mut rnd).max(-9.0)).collect();
            let end: Vec<f32> = (0..L).map(|_| rnd(3) as f32 - 1.0).collect();
            let n = 1 + rnd(25) as usize;
            let em: Vec<[f32; L]> = (0..n)
                .map(|_| std::array::from_fn(|_| val(&mut rnd)))
                .collect();
            let a = viterbi(&em, &trans, &end);
            let b = viterbi_dense(&em, &trans, &end);
            assert_eq!(a, b, "case {case}: {em:?}");
            // The AVX2 build of the search (the tagger's, where the
            // processor has it) finds the same path.
            #[cfg(target_arch = "x86_64")]
            if std::is_x86_feature_detected!("avx2") {
                let slots: Vec<[f32; L]> = em
                    .iter()
                    .map(|e| SLOT_LABEL.map(|y| e[usize::from(y)]))
                    .collect();
                let mut c = vec![Label::O; n];
                // SAFETY: the processor has AVX2, checked just above.
                unsafe { decode_avx2(&Masked::new(&trans, &end), &slots, &mut Vec::new(), &mut c) };
                assert_eq!(c, b, "case {case} (AVX2): {em:?}");
            }
            nontrivial += usize::from(a.iter().any(|l| l.0 != 0));
        }
        assert!(nontrivial > 10_000, "{nontrivial}");
    }

    #[test]
    fn stage_decode_takes_slot_order() {
        // The tagger's path: weights and emissions in slot order.
        let trans: Vec<f32> = (0..(L + 1) * L).map(|k| (k % 7) as f32 - 3.0).collect();
        let end = vec![0.5; L];
        let st = Masked::new(&trans, &end);
        let em: Vec<[f32; L]> = (0..9)
            .map(|t| std::array::from_fn(|y| ((t * 5 + y * 3) % 11) as f32 - 5.0))
            .collect();
        let slots: Vec<[f32; L]> = em
            .iter()
            .map(|e| SLOT_LABEL.map(|y| e[usize::from(y)]))
            .collect();
        let mut out = vec![Label::O; em.len()];
        decode(&st, &slots, &mut Vec::new(), &mut out);
        assert_eq!(out, viterbi_dense(&em, &trans, &end));
    }

    #[test]
    fn viterbi_is_well_formed() {
        let mut em = vec![[0.0f32; L]; 3];
        // Prefer I-PER everywhere: must still produce a valid sequence.
        for e in &mut em {
            e[Label::new(0, Pos::I).index()] = 5.0;
        }
        let out = viterbi(&em, &vec![0.0; (L + 1) * L], &[0.0; L]);
        let mut prev: Option<Label> = None;
        for l in &out {
            if let Some(p) = prev {
                assert!(p.allows(*l));
            } else {
                assert!(l.can_start());
            }
            prev = Some(*l);
        }
        assert!(out.last().unwrap().can_end());
    }
}
