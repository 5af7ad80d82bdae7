//! Comparison tables across the articles of a bundle.
//!
//! Filled by the comparison stage (entity matrix, quote alignment, voice
//! share, numbers, omissions, keyness, hygiene); until then every table is
//! empty and the report's `tables` object is `{}`.

use crate::report::{Report, Tables};

/// Compute every comparison table for an analysed report.
pub fn tables(_report: &Report) -> Tables {
    Tables::default()
}
