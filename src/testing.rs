//! Test helpers shared by the unit tests (compiled only for `cargo test`).

/// A small deterministic pseudo-random generator (Knuth's MMIX linear
/// congruential constants) for randomised tests: no dependency, same
/// sequence on every machine.
pub(crate) struct Lcg(u64);

impl Lcg {
    pub(crate) fn new(seed: u64) -> Self {
        Lcg(seed)
    }

    /// The next raw 64-bit state.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0
    }

    /// A number below `n` (`n > 0`) from the state's high bits.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        (self.next_u64() >> 33) % n
    }

    /// `count` strings of up to `max_len - 1` characters drawn from
    /// `chars` (not empty), for tests that compare two ways of reading
    /// text on odd inputs.
    pub(crate) fn strings(&mut self, chars: &str, count: usize, max_len: u64) -> Vec<String> {
        let chars: Vec<char> = chars.chars().collect();
        (0..count)
            .map(|_| {
                let len = self.below(max_len);
                (0..len)
                    .map(|_| chars[self.below(chars.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }
}
