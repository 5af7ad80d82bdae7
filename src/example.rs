//! The example bundle built into the app: the five seed files about one
//! event (one of them holds two articles), embedded at compile time and
//! loaded through [`crate::ingest::ingest`] exactly like dropped files.
//! Plain Rust (the web app, `parallax-app`, shows it as `example`; unit
//! tests analyse it natively).

use crate::ingest::InputFile;

macro_rules! seed {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/example/",
                $name
            )) as &[u8],
        )
    };
}

/// File names and contents of the example bundle, in load order.
const SEEDS: [(&str, &[u8]); 5] = [
    seed!("000_e59c3c4b28fdcb8c.txt"),
    seed!("001_65bfee0cc7efa2cd.txt"),
    seed!("002_d65d34d2b4cb9f75.txt"),
    seed!("003_0881abacc9ad58af.txt"),
    seed!("004_12cc8adcb15d9785.txt"),
];

/// One-line description shown next to the button.
pub const DESCRIPTION: &str =
    "Six reports of the February 2025 Trump–Putin phone call, from five files.";

/// The example bundle as input files, named as on disk.
pub fn files() -> Vec<InputFile> {
    SEEDS
        .iter()
        .map(|(name, bytes)| InputFile::new(*name, *bytes))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn example_bundle_has_five_named_text_files() {
        let files = super::files();
        assert_eq!(files.len(), 5);
        assert!(files
            .iter()
            .all(|f| f.path.ends_with(".txt") && !f.bytes.is_empty()));
    }
}
