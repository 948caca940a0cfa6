//! Support shared by the integration tests.
#![allow(dead_code)] // each test crate uses its own part of this support

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
    pub fn byte(&mut self) -> u8 {
        self.next().to_le_bytes()[0]
    }
}

/// The CPU time this thread has used (Linux: `/proc/thread-self/schedstat`), so that growth
/// tests compare work done, not wall-clock time on a machine busy with other processes; the
/// wall clock where the kernel does not say.
pub fn thread_time() -> std::time::Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(
            || START.get_or_init(std::time::Instant::now).elapsed(),
            std::time::Duration::from_nanos,
        )
}

/// The least CPU time of three runs of `f(n)`.
pub fn best_time(n: usize, f: &dyn Fn(usize)) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let t = thread_time();
            f(n);
            thread_time().saturating_sub(t)
        })
        .min()
        .unwrap_or_default()
}

/// Assert that `f` grows linearly: `f(factor * n)` takes under `1.5 * factor` times the CPU
/// time of `f(n)` (a quadratic step would take `factor` squared). Retried once.
pub fn assert_grows_linearly(what: &str, n: usize, factor: usize, f: &dyn Fn(usize)) {
    let mut ratios = Vec::new();
    for _ in 0..2 {
        let small = best_time(n, f);
        let large = best_time(factor * n, f);
        #[allow(clippy::cast_precision_loss)]
        let limit = 1.5 * factor as f64;
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
        if ratio < limit {
            return;
        }
        ratios.push(ratio);
    }
    panic!(
        "{what}: {factor} times the input took {ratios:?} times the CPU time (linear is {factor})"
    );
}
