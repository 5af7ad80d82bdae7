//! A small context-mixing binary arithmetic coder for the NER assets.
//!
//! Every asset value is coded as a sequence of binary decisions. Each
//! decision is predicted by a few adaptive counters chosen by contexts (the
//! caller hashes them into one table), whose predictions are combined by a
//! gated logistic mixer, and coded with a carry-less 32-bit arithmetic coder
//! (as in Mahoney's lpaq). All arithmetic is integer, so the encoder (native,
//! `parallax-train`) and the decoder (native or wasm32) agree bit for bit.
//!
//! The same modelling code encodes and decodes: it calls
//! [`Cm::bit`] with the bit to write and gets back the bit read (an
//! [`Encoder`] returns its input, a [`Decoder`] ignores it). Decoding damaged
//! input never panics: it yields wrong bits, which the callers bound and
//! validate.

/// Where the modelled bits go: an [`Encoder`] or a [`Decoder`].
pub trait BitIo {
    /// Code `bit` (encoder) or read one (decoder) with `p` = P(1) in
    /// 1..4095 (12 bits); returns the bit.
    fn bit(&mut self, bit: u32, p: u32) -> u32;
}

/// Arithmetic encoder.
#[derive(Debug)]
pub struct Encoder {
    x1: u32,
    x2: u32,
    out: Vec<u8>,
}

impl Default for Encoder {
    fn default() -> Self {
        Encoder {
            x1: 0,
            x2: u32::MAX,
            out: Vec::new(),
        }
    }
}

impl Encoder {
    /// The coded bytes.
    pub fn finish(mut self) -> Vec<u8> {
        self.out.extend_from_slice(&self.x1.to_be_bytes());
        self.out
    }
}

#[inline]
fn split(x1: u32, x2: u32, p: u32) -> u32 {
    x1 + ((u64::from(x2 - x1) * u64::from(p)) >> 12) as u32
}

impl BitIo for Encoder {
    #[inline]
    fn bit(&mut self, bit: u32, p: u32) -> u32 {
        let xmid = split(self.x1, self.x2, p);
        if bit != 0 {
            self.x2 = xmid;
        } else {
            self.x1 = xmid + 1;
        }
        while (self.x1 ^ self.x2) & 0xff00_0000 == 0 {
            self.out.push((self.x2 >> 24) as u8);
            self.x1 <<= 8;
            self.x2 = (self.x2 << 8) | 255;
        }
        bit
    }
}

/// Arithmetic decoder (reads zeros past the end of its input).
#[derive(Debug)]
pub struct Decoder<'a> {
    x1: u32,
    x2: u32,
    x: u32,
    b: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        let mut d = Decoder {
            x1: 0,
            x2: u32::MAX,
            x: 0,
            b,
            pos: 0,
        };
        for _ in 0..4 {
            d.x = (d.x << 8) | d.next();
        }
        d
    }

    #[inline]
    fn next(&mut self) -> u32 {
        let c = self.b.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        u32::from(c)
    }

    /// Whether the decoder read past the end of its input (plus the four
    /// bytes the encoder flushes): the data was damaged.
    pub fn overrun(&self) -> bool {
        self.pos > self.b.len() + 4
    }
}

impl BitIo for Decoder<'_> {
    #[inline]
    fn bit(&mut self, _bit: u32, p: u32) -> u32 {
        let xmid = split(self.x1, self.x2, p);
        let y = self.x <= xmid;
        // Selects rather than branches: the bit is hard to predict.
        self.x2 = if y { xmid } else { self.x2 };
        self.x1 = if y { self.x1 } else { xmid.wrapping_add(1) };
        let y = u32::from(y);
        while (self.x1 ^ self.x2) & 0xff00_0000 == 0 {
            self.x1 <<= 8;
            self.x2 = (self.x2 << 8) | 255;
            self.x = (self.x << 8) | self.next();
        }
        y
    }
}

/// `4096 / (1 + e^(-d/256))`, interpolated (lpaq's table).
fn squash(d: i32) -> i32 {
    const T: [i32; 33] = [
        1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047, 2549, 2994,
        3348, 3607, 3785, 3901, 3975, 4024, 4050, 4068, 4079, 4085, 4089, 4092, 4093, 4094,
    ];
    if d > 2047 {
        return 4095;
    }
    if d < -2047 {
        return 1;
    }
    let w = d & 127;
    let i = ((d >> 7) + 16) as usize;
    (T[i] * (128 - w) + T[i + 1] * w + 64) >> 7
}

/// Inverse of [`squash`]: 4096 entries.
fn stretch_table() -> Vec<i16> {
    let mut t = vec![0i16; 4096];
    let mut pi = 0usize;
    for x in -2047..=2047 {
        let v = squash(x).clamp(0, 4095) as usize;
        for e in t.iter_mut().take(v + 1).skip(pi) {
            *e = x as i16;
        }
        pi = pi.max(v + 1);
    }
    for e in t.iter_mut().skip(pi) {
        *e = 2047;
    }
    t
}

/// Most inputs of one decision (plus a bias input).
pub const MAX_INPUTS: usize = 8;
/// Adaptation of the counters stops at this count (then a fixed rate).
const LIMIT: u32 = 255;

/// Context-mixing model: a hashed table of adaptive counters and a mixer
/// with weight sets selected by the caller.
pub struct Cm {
    /// Counters: P(1) in the high 22 bits, count in the low 10.
    t: Vec<u32>,
    mask: usize,
    stretch: Vec<i16>,
    /// Reciprocals `65536 / (n + 1.5)`.
    rate: [u32; 256],
    w: Vec<i32>,
    sets: usize,
    lr: i32,
}

impl Cm {
    /// A model with 2^`bits` counters and `sets` mixer weight sets; `lr` is
    /// the mixer's learning rate.
    pub fn new(bits: u32, sets: usize, lr: i32) -> Cm {
        let size = 1usize << bits;
        Cm {
            t: vec![1 << 31; size],
            mask: size - 1,
            stretch: stretch_table(),
            rate: std::array::from_fn(|n| (65536.0 * 2.0 / (2.0 * n as f64 + 3.0)) as u32),
            w: vec![(1 << 16) / 3; sets.max(1) * (MAX_INPUTS + 1)],
            sets: sets.max(1),
            lr,
        }
    }

    /// Slot of a context hash.
    #[inline]
    pub fn slot(&self, h: u32) -> usize {
        let h = h.wrapping_mul(0x9E37_79B1);
        (h ^ (h >> 15)) as usize & self.mask
    }

    /// Code one bit predicted from the counters at `slots` (at most
    /// [`MAX_INPUTS`]; taken modulo the table size) mixed with weight set
    /// `set`.
    #[inline]
    pub fn bit(&mut self, io: &mut impl BitIo, bit: u32, slots: &[usize], set: usize) -> u32 {
        let n = slots.len().min(MAX_INPUTS);
        let mut idx = [0usize; MAX_INPUTS];
        let mut st = [0i32; MAX_INPUTS + 1];
        for k in 0..n {
            let i = slots[k] & self.mask;
            idx[k] = i;
            st[k] = i32::from(self.stretch[(self.t[i] >> 20) as usize]);
        }
        st[n] = 256;
        let base = set.min(self.sets - 1) * (MAX_INPUTS + 1);
        let w = &mut self.w[base..base + MAX_INPUTS + 1];
        let mut dot: i64 = 0;
        for k in 0..=n {
            dot += i64::from(st[k]) * i64::from(w[k]);
        }
        let p = squash((dot >> 16).clamp(-2047, 2047) as i32).clamp(1, 4095);
        let y = io.bit(bit, p as u32);
        let err = ((y as i32) << 12) - p;
        for k in 0..=n {
            w[k] += (st[k] * err * self.lr) >> 14;
        }
        for &i in &idx[..n] {
            self.update(i, y);
        }
        y
    }

    #[inline]
    fn update(&mut self, i: usize, y: u32) {
        let target: i32 = if y != 0 { (1 << 22) - 1 } else { 0 };
        let v = self.t[i];
        let c = v & 1023;
        let pr = (v >> 10) as i32;
        // `c` ≤ LIMIT = 255.
        let rate = self.rate[(c & 255) as usize];
        let np = pr + ((i64::from(target - pr) * i64::from(rate)) >> 16) as i32;
        self.t[i] = ((np as u32) << 10) | (c + u32::from(c < LIMIT));
    }

    /// Code one bit predicted by the single counter at `slot` (faster than
    /// [`Cm::bit`]: no mixing).
    #[inline]
    pub fn bit1(&mut self, io: &mut impl BitIo, bit: u32, slot: usize) -> u32 {
        let i = slot & self.mask;
        let p = (self.t[i] >> 20).clamp(1, 4095);
        let y = io.bit(bit, p);
        self.update(i, y);
        y
    }

    /// Code one bit with P(1) = 1/2 (no modelling).
    #[inline]
    pub fn raw(&mut self, io: &mut impl BitIo, bit: u32) -> u32 {
        io.bit(bit, 2048)
    }
}

/// Combine context parts into one hash.
#[inline]
pub fn ctx(a: u32, b: u32) -> u32 {
    (a ^ 0x2545_F491).wrapping_mul(0x0100_0193).rotate_left(13) ^ b.wrapping_mul(0x85EB_CA6B)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_bits() {
        let bits: Vec<u32> = (0..5000u32)
            .map(|i| u32::from(i % 7 == 0 || i % 13 == 1))
            .collect();
        let mut enc = Encoder::default();
        let mut cm = Cm::new(12, 4, 2);
        for (i, &b) in bits.iter().enumerate() {
            let c = [i % 7, cm.slot(ctx(9, (i % 13) as u32))];
            cm.bit(&mut enc, b, &c, i % 3);
        }
        let out = enc.finish();
        assert!(out.len() < 200, "{}", out.len());
        let mut dec = Decoder::new(&out);
        let mut cm = Cm::new(12, 4, 2);
        for (i, &b) in bits.iter().enumerate() {
            let c = [i % 7, cm.slot(ctx(9, (i % 13) as u32))];
            let y = cm.bit(&mut dec, 0, &c, i % 3);
            assert_eq!(y, b, "bit {i}");
        }
        assert!(!dec.overrun());
        // Garbage decodes to something, without panicking.
        let mut dec = Decoder::new(&[1, 2, 3]);
        let mut cm = Cm::new(8, 1, 2);
        for i in 0..1000u32 {
            cm.bit(&mut dec, 0, &[i as usize], 0);
        }
        assert!(dec.overrun());
    }
}
