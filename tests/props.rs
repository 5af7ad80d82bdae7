//! Property tests over arbitrary text (quotes of every kind, apostrophes,
//! CJK, right-to-left script, combining marks, odd whitespace): every offset
//! in the report is in range and on a char boundary of its article's text,
//! mentions and boilerplate ranges are sorted and disjoint, the report
//! round-trips through JSON, and analysis is deterministic.
//!
//! Case counts are kept small so the file runs in seconds in a debug build;
//! `PROPTEST_CASES=2000 cargo test --release --test props` digs deeper.

#[path = "support/invariants.rs"]
mod invariants;

use parallax::ingest::{self, InputFile};
use parallax::report::Report;
use proptest::prelude::*;

/// Pieces that make the splitter, metadata reader, NER and quote finder do
/// something: marks of every style, cues, names, headers, scripts.
const PIECES: &[&str] = &[
    "\n",
    "\n\n",
    " ",
    "\t",
    "---",
    "\"",
    "'",
    "’",
    "‘",
    "“",
    "”",
    "„",
    "«",
    "»",
    "‹",
    "›",
    "「",
    "」",
    "『",
    "』",
    "‚",
    "`",
    "''",
    "don't",
    "the 1990s'",
    " said ",
    " told reporters ",
    ", according to ",
    " he said.",
    "She added:",
    "Mr. ",
    "President ",
    "Volodymyr Zelensky",
    "Pete Hegseth",
    "the Kremlin",
    "Kyiv",
    "Reuters",
    "U.S.",
    "$66 billion",
    "12%",
    "on Monday",
    "Feb. 13, 2025",
    "By Jane Doe",
    "date 2025-02-13",
    "KYIV (Reuters) -",
    "Read Full Article at RT.com.",
    "ALSO READ: more",
    "LEAVE A REPLY",
    "WESTERN PERSPECTIVE",
    "# Heading",
    "Talks Resume After Long Pause",
    "The council met and agreed the plan.",
    "日本語のテキスト",
    "北京",
    "习近平说",
    "عربى",
    "שלום",
    "\u{200f}",
    "\u{202e}",
    "e\u{301}",
    "a\u{308}\u{323}",
    "\u{200b}",
    "\u{feff}",
    "😀",
    "İstanbul",
    "ß",
    "ﬁ",
];

/// Text built from pieces and arbitrary characters.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[A-Z][a-z]{1,8}",
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

/// One `.txt` file (split, metadata) and one JSON article (text as given),
/// the way the CLI ingests them, analysed together.
fn analyse(a: &str, b: &str) -> Report {
    let json = serde_json::json!({"articles": [{"source": "Wire", "text": b}]});
    parallax::analysis::analyze(ingest::ingest(vec![
        InputFile::new("one.txt", a.as_bytes()),
        InputFile::new("two.json", json.to_string().into_bytes()),
    ]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn offsets_are_valid_and_spans_sorted(a in text(), b in text()) {
        let r = analyse(&a, &b);
        if let Err(why) = invariants::check_report(&r) {
            return Err(TestCaseError::fail(why));
        }
    }

    #[test]
    fn report_round_trips_through_json(a in text(), b in text()) {
        let r = analyse(&a, &b);
        let json = serde_json::to_string(&r).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: Report =
            serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, r);
    }

    #[test]
    fn analysis_is_deterministic(a in text(), b in text()) {
        prop_assert_eq!(analyse(&a, &b), analyse(&a, &b));
    }

    /// A paste goes through the same splitter; its articles are verbatim.
    #[test]
    fn pasted_articles_are_verbatim(a in text()) {
        let b = ingest::ingest_paste(&a);
        for art in &b.articles {
            prop_assert!(a.contains(&art.text));
            if let Err(why) = invariants::check_article(art) {
                return Err(TestCaseError::fail(why));
            }
        }
    }
}
