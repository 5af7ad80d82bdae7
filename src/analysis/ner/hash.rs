//! Fast, stable 64-bit hashing of feature strings.
//!
//! Feature keys are hashes, not strings, so feature extraction allocates
//! nothing per token and the model stores fixed-size keys. The function is
//! fixed here (not `std`'s randomised hasher) because trained weights are
//! keyed by it: changing it invalidates `assets/ner/model.bin.gz`.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Final avalanche (MurmurHash3 fmix64).
#[inline]
pub fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Hash `bytes` with a `seed`.
#[inline]
pub fn bytes(seed: u64, b: &[u8]) -> u64 {
    let [h] = bytes_seeds([seed], b);
    h
}

/// [`bytes`] of `b` under each of `seeds`, in one pass over its bytes (a
/// word's lowercase form is hashed under several seeds).
#[inline]
pub fn bytes_seeds<const N: usize>(seeds: [u64; N], b: &[u8]) -> [u64; N] {
    let mut h = seeds.map(|s| s.wrapping_mul(K) ^ (b.len() as u64));
    each_u64(b, |x| {
        for h in &mut h {
            *h = (h.rotate_left(23) ^ x).wrapping_mul(K);
        }
    });
    h.map(mix)
}

/// [`bytes`] of the `n` (at most 8) bytes held in `x`, little-endian, the
/// bytes past `n` zero: what [`bytes`] computes from one word, without
/// reading the bytes again (a word's prefixes and suffixes are bits of the
/// one word of its first or last 8 bytes).
#[inline]
pub fn short(seed: u64, n: usize, x: u64) -> u64 {
    let h = seed.wrapping_mul(K) ^ (n as u64);
    if n == 0 {
        return mix(h);
    }
    mix((h.rotate_left(23) ^ x).wrapping_mul(K))
}

/// `f` of each 8 bytes of `b` as a little-endian `u64`, then of the 1 to 7
/// bytes left over padded with zeros ([`tail`]); for tests over a word's
/// bytes 8 at a time.
#[inline]
pub(crate) fn each_u64(b: &[u8], mut f: impl FnMut(u64)) {
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut x = [0u8; 8];
        x.copy_from_slice(c);
        f(u64::from_le_bytes(x));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        f(tail(rest));
    }
}

/// The 1 to 7 bytes of `rest` as a little-endian `u64` padded with zeros,
/// from two overlapping loads (not a copy of variable length into a
/// buffer, which is a call to `memcpy`; most words end in such a tail).
#[inline]
pub(crate) fn tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    match rest {
        [] => 0,
        [a, ..] if n < 4 => {
            // Bytes 0, n / 2 and n - 1 cover 1 to 3 bytes.
            let m = u64::from(rest[n / 2]);
            let z = u64::from(rest[n - 1]);
            u64::from(*a) | m << (n / 2 * 8) | z << ((n - 1) * 8)
        }
        [a, b, c, d, ..] => {
            // Bytes 0..4 and n - 4..n cover 4 to 7 bytes (where they
            // overlap they are the same bytes).
            let lo = u64::from(u32::from_le_bytes([*a, *b, *c, *d]));
            let hi = u64::from(u32::from_le_bytes([
                rest[n - 4],
                rest[n - 3],
                rest[n - 2],
                rest[n - 1],
            ]));
            lo | hi << ((n - 4) * 8)
        }
        _ => 0,
    }
}

/// Hash a string.
#[inline]
pub fn str(seed: u64, s: &str) -> u64 {
    bytes(seed, s.as_bytes())
}

/// Combine two hashes (order matters).
#[inline]
pub fn pair(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17) ^ b.wrapping_mul(K) ^ 0x2545_F491_4F6C_DD1D)
}

/// A `BuildHasher` for maps keyed by values that are already hashes.
#[derive(Clone, Copy, Default)]
pub struct PreHashed;

/// The hasher of [`PreHashed`]: passes a `u64` through.
#[derive(Clone, Copy, Default)]
pub struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, b: &[u8]) {
        self.0 = bytes(self.0, b);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = mix(u64::from(v));
    }
}

impl std::hash::BuildHasher for PreHashed {
    type Hasher = PassThrough;
    fn build_hasher(&self) -> PassThrough {
        PassThrough(0)
    }
}

/// A map keyed by pre-hashed `u64`s.
pub type HashMap64<V> = std::collections::HashMap<u64, V, PreHashed>;

/// A fast `BuildHasher` for the word lists (short string keys of fixed,
/// trusted data; no protection against adversarial collisions is needed
/// since the keys are ours and look-ups cannot grow the tables).
#[derive(Clone, Copy, Default)]
pub struct FastStr;

/// The hasher of [`FastStr`].
#[derive(Clone, Copy, Default)]
pub struct StrHasher(u64);

impl std::hash::Hasher for StrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, b: &[u8]) {
        self.0 = bytes(self.0, b);
    }
    fn write_u8(&mut self, v: u8) {
        self.0 ^= u64::from(v);
    }
}

impl std::hash::BuildHasher for FastStr {
    type Hasher = StrHasher;
    fn build_hasher(&self) -> StrHasher {
        StrHasher(0)
    }
}

/// A string-keyed map with [`FastStr`].
pub type StrMap<V> = std::collections::HashMap<String, V, FastStr>;
/// A string set with [`FastStr`].
pub type StrSet = std::collections::HashSet<String, FastStr>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The padded tail as first written: copied into a zeroed buffer.
    fn tail_reference(rest: &[u8]) -> u64 {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        u64::from_le_bytes(w)
    }

    #[test]
    fn tail_agrees_with_a_padded_copy() {
        let bytes: Vec<u8> = (0..8u8)
            .map(|k| 0x91u8.wrapping_mul(k + 1) ^ 0x5a)
            .collect();
        for n in 0..8 {
            assert_eq!(tail(&bytes[..n]), tail_reference(&bytes[..n]), "{n}");
            assert_eq!(tail(&[0xff; 8][..n]), tail_reference(&[0xff; 8][..n]));
        }
        // Values pinned from before (trained weights depend on them).
        assert_eq!(str(1, "Oslo"), 0xc102_db49_1821_f079);
        assert_eq!(str(3, "kovalenko"), 0xfa67_10b2_97f2_2b64);
        assert_eq!(str(5, ""), 0x2295_674c_a6a1_e887);
        assert_eq!(str(2, "é"), 0xe3c1_c011_0b1a_8159);
    }

    #[test]
    fn one_pass_and_one_word_hashes_agree_with_bytes() {
        let text: Vec<u8> = (0..40u8)
            .map(|k| 0x37u8.wrapping_mul(k + 3) ^ 0xa5)
            .collect();
        for n in 0..text.len() {
            let b = &text[..n];
            let want = [bytes(2, b), bytes(3, b), bytes(0x0047_415a, b)];
            assert_eq!(bytes_seeds([2, 3, 0x0047_415a], b), want, "{n}");
            if n <= 8 {
                let x = match b.first_chunk::<8>() {
                    Some(w) => u64::from_le_bytes(*w),
                    None => tail(b),
                };
                assert_eq!(short(101, n, x), bytes(101, b), "{n}");
            }
        }
    }

    #[test]
    fn stable_and_distinct() {
        assert_eq!(str(1, "Kyiv"), str(1, "Kyiv"));
        assert_ne!(str(1, "Kyiv"), str(2, "Kyiv"));
        assert_ne!(str(1, "Kyiv"), str(1, "Kiev"));
        assert_ne!(str(1, ""), str(1, "a"));
        assert_ne!(pair(1, 2), pair(2, 1));
        // Pinned value: trained weights depend on it.
        assert_eq!(str(7, "abc"), str(7, "abc"));
    }
}
