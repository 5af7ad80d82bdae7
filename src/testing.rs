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
}

/// The example bundle's files (`assets/example`), read from disk in name
/// order as the CLI reads a folder.
pub(crate) fn example_files() -> Vec<crate::ingest::InputFile> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/example");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("assets/example exists")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            let bytes = std::fs::read(p).expect("example file readable");
            crate::ingest::InputFile::new(name.into_owned(), bytes)
        })
        .collect()
}
