//! A quick, exact "no" before a word-list look-up: a set of bits, one per
//! slot of a cheap hash of the words in the list. A word whose bit is
//! clear is in no list entry, found without hashing the whole word or
//! probing the map; a set bit sends it on to the map, which decides. The
//! NER rules' word table and the quote finder's phrase tables ask it of
//! every word, where most words are in no list.

/// The set: `1 << log2` bits.
#[derive(Debug, Clone)]
pub struct WordSieve {
    bits: Vec<u64>,
    /// Bits of a slot number (6 to 20).
    log2: u32,
}

impl WordSieve {
    /// An empty set of `1 << log2` bits (`log2` kept within 6..=20).
    pub fn new(log2: u32) -> Self {
        let log2 = log2.clamp(6, 20);
        WordSieve {
            bits: vec![0; 1 << (log2 - 6)],
            log2,
        }
    }

    /// A hash of the word's length and its first, middle and last bytes:
    /// no loop over the word, and words that differ in any of them mostly
    /// land apart.
    #[inline]
    fn slot(&self, w: &str) -> usize {
        let b = w.as_bytes();
        let n = b.len();
        let byte = |i: usize| u32::from(b.get(i).copied().unwrap_or(0));
        let key = (n as u32).wrapping_shl(24)
            ^ byte(0).wrapping_shl(16)
            ^ byte(n / 2).wrapping_shl(8)
            ^ byte(n.wrapping_sub(1));
        (key.wrapping_mul(0x9E37_79B1) >> (32 - self.log2)) as usize
    }

    pub fn insert(&mut self, w: &str) {
        let s = self.slot(w);
        if let Some(x) = self.bits.get_mut(s / 64) {
            *x |= 1u64 << (s % 64);
        }
    }

    /// False only when `w` was never inserted.
    #[inline]
    pub fn may_hold(&self, w: &str) -> bool {
        let s = self.slot(w);
        self.bits
            .get(s / 64)
            .is_none_or(|x| x & (1u64 << (s % 64)) != 0)
    }

    /// How many bits are set.
    pub fn bits_set(&self) -> u32 {
        self.bits.iter().map(|b| b.count_ones()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_words_always_pass_and_most_others_do_not() {
        let long = "w".repeat(300);
        let words = [
            "", "a", "said", "told", "naïve", "ÉTÉ", "ſ", "\u{212A}", &long,
        ];
        for log2 in [0, 6, 12, 14, 30] {
            let mut s = WordSieve::new(log2);
            assert_eq!(s.bits_set(), 0);
            assert!(words.iter().all(|w| !s.may_hold(w)));
            for w in words {
                s.insert(w);
            }
            assert!(words.iter().all(|w| s.may_hold(w)), "{log2}");
            assert!(s.bits_set() as usize <= words.len());
        }
        let mut s = WordSieve::new(12);
        s.insert("said");
        let others = ["the", "and", "of", "to", "in", "that", "was", "for"];
        assert!(others.iter().filter(|w| s.may_hold(w)).count() <= 1);
    }
}
