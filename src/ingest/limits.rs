//! Size and shape limits that keep hostile input (zip bombs, huge files,
//! deeply nested JSON) from hanging or exhausting the page. Every limit hit
//! produces a per-file notice naming the limit.

/// Limits applied during ingestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest single input file (after decompression for zip members).
    pub max_file_bytes: u64,
    /// Largest total of all inputs together, counting every member unpacked
    /// from a zip as well as the zip itself.
    pub max_total_bytes: u64,
    /// Most members read from one zip archive.
    pub max_zip_entries: usize,
    /// Largest compression ratio accepted for a zip member over 1 MB, and
    /// for all members read from one archive once they pass 1 MB together
    /// (zip-bomb guard).
    pub max_zip_ratio: u64,
    /// How deep zips may nest inside zips.
    pub max_zip_depth: u32,
    /// Deepest JSON nesting accepted.
    pub max_json_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 20 * 1024 * 1024,
            max_total_bytes: 200 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_zip_ratio: 200,
            max_zip_depth: 2,
            max_json_depth: 64,
        }
    }
}

/// The message for a file that would take the bundle over
/// [`Limits::max_total_bytes`].
pub fn over_total(limits: &Limits) -> String {
    format!(
        "skipped: the bundle is over the {} limit for all files together",
        human_bytes(limits.max_total_bytes)
    )
}

/// `1536` → `1.5 KB`, `20971520` → `20 MB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} bytes")
    } else if v.fract() == 0.0 {
        format!("{v:.0} {}", UNITS[u])
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn human_bytes_reads_well() {
        assert_eq!(super::human_bytes(12), "12 bytes");
        assert_eq!(super::human_bytes(1536), "1.5 KB");
        assert_eq!(super::human_bytes(20 * 1024 * 1024), "20 MB");
    }
}
