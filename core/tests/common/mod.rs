//! Support shared by the integration tests.

/// A xorshift64 generator: reproducible pseudo-random draws for property tests (not for
/// anything secret). The seed must not be 0.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A draw in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        usize::try_from(self.next() % n).unwrap_or(usize::MAX)
    }

    /// A random byte.
    #[allow(dead_code)] // not every test uses every draw
    pub fn byte(&mut self) -> u8 {
        self.next().to_le_bytes()[0]
    }
}
