//! Trained weights of the tagger and Viterbi decoding.
//!
//! A model has one or two stages (the second uses the first stage's labels,
//! see `features`). Each stage is a linear model: a row of [`NUM_LABELS`]
//! weights per feature, plus label-transition weights, decoded with a
//! first-order Viterbi search restricted to well-formed BILOU sequences.
//!
//! # File format (`assets/ner/model.bin.gz`, gzip of)
//! ```text
//! "PLXNER01"  u16 version length, version (UTF-8)
//! u8 labels   u8 stages
//! per stage:  f32 × 128 magnitude levels, f32 × (labels+1)×labels transitions (last row:
//!             start), f32 × labels end weights, u32 feature count n,
//!             n keys (u32, ascending, LEB128 deltas), n × labels i8 weights
//! ```
//! All numbers little-endian. A key is the high 32 bits of a feature hash;
//! a weight code `c` means `sign(c) × levels[|c|]`. In memory the weights are
//! widened to `i16` with one scale per stage, so scoring adds integers.
//! Reading never panics: a damaged file is `None`.

use super::labels::{Label, NUM_LABELS};
use std::io::Read;

const MAGIC: &[u8; 8] = b"PLXNER01";
const L: usize = NUM_LABELS;

/// Key of a feature hash in the model table.
#[inline]
pub fn key(feature: u64) -> u32 {
    let k = (feature >> 32) as u32;
    k.max(1)
}

/// One stage: quantised weights in an open-addressing table.
#[derive(Debug, Clone)]
pub struct Stage {
    pub scale: f32,
    /// `(L + 1) × L`: `trans[prev * L + next]`, row `L` is the start.
    pub trans: Vec<f32>,
    pub end: Vec<f32>,
    keys: Vec<u32>,
    slots: Vec<u32>,
    mask: usize,
    rows: Vec<i16>,
}

impl Stage {
    /// Build from magnitude `levels`, sorted unique keys and their coded rows.
    pub fn new(
        levels: &[f32],
        trans: Vec<f32>,
        end: Vec<f32>,
        keys: Vec<u32>,
        codes: &[i8],
    ) -> Stage {
        let top = levels.iter().fold(0f32, |a, &b| a.max(b.abs())).max(1e-9);
        let scale = top / 32000.0;
        let rows: Vec<i16> = codes
            .iter()
            .map(|&c| {
                let m = levels
                    .get(usize::from(c.unsigned_abs()))
                    .copied()
                    .unwrap_or(0.0);
                let v = (m / scale).round() as i16;
                if c < 0 {
                    -v
                } else {
                    v
                }
            })
            .collect();
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut slot_keys = vec![0u32; cap];
        let mut slots = vec![u32::MAX; cap];
        let mask = cap - 1;
        for (r, &k) in keys.iter().enumerate() {
            let mut h = slot_of(k, mask);
            while slot_keys[h] != 0 && slot_keys[h] != k {
                h = (h + 1) & mask;
            }
            slot_keys[h] = k;
            slots[h] = r as u32;
        }
        Stage {
            scale,
            trans,
            end,
            keys: slot_keys,
            slots,
            mask,
            rows,
        }
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.rows.len() / L
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    #[inline]
    fn row(&self, k: u32) -> Option<&[i16]> {
        let mut h = slot_of(k, self.mask);
        loop {
            let sk = self.keys[h];
            if sk == k {
                let r = self.slots[h] as usize;
                return self.rows.get(r * L..r * L + L);
            }
            if sk == 0 {
                return None;
            }
            h = (h + 1) & self.mask;
        }
    }

    /// Add the weights of `features` to `scores` (unscaled integers).
    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut [i32; L]) {
        for &f in features {
            if let Some(row) = self.row(key(f)) {
                for (s, &w) in scores.iter_mut().zip(row) {
                    *s += i32::from(w);
                }
            }
        }
    }
}

#[inline]
fn slot_of(k: u32, mask: usize) -> usize {
    (k.wrapping_mul(0x9E37_79B1) as usize) & mask
}

/// One stage as written to the file: magnitude levels, transitions, end
/// weights, sorted keys and coded rows.
pub type StageView<'a> = (&'a [f32], &'a [f32], &'a [f32], &'a [u32], &'a [i8]);

/// A trained model.
#[derive(Debug, Clone)]
pub struct Model {
    pub version: String,
    pub stages: Vec<Stage>,
}

impl Model {
    /// Read the gzipped model; `None` if empty or damaged.
    pub fn from_gzip(bytes: &[u8]) -> Option<Model> {
        if bytes.is_empty() {
            return None;
        }
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .ok()?;
        Model::from_bytes(&raw)
    }

    pub fn from_bytes(b: &[u8]) -> Option<Model> {
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
        let mut stages = Vec::new();
        for _ in 0..n_stages {
            let levels = (0..128).map(|_| r.f32()).collect::<Option<Vec<_>>>()?;
            let trans = (0..(L + 1) * L)
                .map(|_| r.f32())
                .collect::<Option<Vec<_>>>()?;
            let end = (0..L).map(|_| r.f32()).collect::<Option<Vec<_>>>()?;
            let n = r.u32()? as usize;
            if n > b.len() {
                return None;
            }
            let mut keys = Vec::with_capacity(n);
            let mut k: u32 = 0;
            for _ in 0..n {
                k = k.checked_add(r.leb()?)?;
                keys.push(k);
            }
            let codes: Vec<i8> = r
                .take(n.checked_mul(L)?)?
                .iter()
                .map(|&x| x as i8)
                .collect();
            stages.push(Stage::new(&levels, trans, end, keys, &codes));
        }
        Some(Model { version, stages })
    }

    /// Serialise (uncompressed). `stages` hold sorted keys and rows.
    pub fn write(version: &str, stages: &[StageView]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(version.len() as u16).to_le_bytes());
        out.extend_from_slice(version.as_bytes());
        out.push(L as u8);
        out.push(stages.len() as u8);
        for (levels, trans, end, keys, rows) in stages {
            for k in 0..128 {
                let x = levels.get(k).copied().unwrap_or(0.0);
                out.extend_from_slice(&x.to_le_bytes());
            }
            for x in trans.iter().chain(end.iter()) {
                out.extend_from_slice(&x.to_le_bytes());
            }
            out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
            let mut prev = 0u32;
            for &k in *keys {
                let mut d = k - prev;
                prev = k;
                loop {
                    let byte = (d & 0x7f) as u8;
                    d >>= 7;
                    if d == 0 {
                        out.push(byte);
                        break;
                    }
                    out.push(byte | 0x80);
                }
            }
            out.extend(rows.iter().map(|&x| x as u8));
        }
        out
    }
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
    fn leb(&mut self) -> Option<u32> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            v |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
}

/// Best well-formed label sequence for per-token `emissions`, with
/// `trans[(prev) * L + next]` (row `L` = start) and `end` weights.
pub fn viterbi(emissions: &[[f32; L]], trans: &[f32], end: &[f32]) -> Vec<Label> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let allowed = allowed();
    let mut score = [f32::NEG_INFINITY; L];
    let mut back = vec![[0u8; L]; n];
    for (y, s) in score.iter_mut().enumerate() {
        if Label(y as u8).can_start() {
            *s = emissions[0][y] + trans.get(L * L + y).copied().unwrap_or(0.0);
        }
    }
    for t in 1..n {
        let mut next = [f32::NEG_INFINITY; L];
        for y in 0..L {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for (p, &sp) in score.iter().enumerate() {
                if !allowed[p][y] || sp == f32::NEG_INFINITY {
                    continue;
                }
                let v = sp + trans.get(p * L + y).copied().unwrap_or(0.0);
                if v > best {
                    best = v;
                    arg = p as u8;
                }
            }
            next[y] = best + emissions[t][y];
            back[t][y] = arg;
        }
        score = next;
    }
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0usize;
    for (y, &s) in score.iter().enumerate() {
        if !Label(y as u8).can_end() {
            continue;
        }
        let v = s + end.get(y).copied().unwrap_or(0.0);
        if v > best {
            best = v;
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

fn allowed() -> [[bool; L]; L] {
    let mut a = [[false; L]; L];
    for (p, row) in a.iter_mut().enumerate() {
        for (y, cell) in row.iter_mut().enumerate() {
            *cell = Label(p as u8).allows(Label(y as u8));
        }
    }
    a
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
        let mut s = [0i32; L];
        m.stages[0].score(&[5 << 32, 9 << 32, 77 << 32], &mut s);
        let st = &m.stages[0];
        assert_eq!(
            (
                (s[1] as f32 * st.scale).round(),
                (s[2] as f32 * st.scale).round()
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
