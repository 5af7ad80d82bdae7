//! Plain text and Markdown files, and a paste: split, metadata,
//! boilerplate. The first byte picks which.
#![no_main]
use libfuzzer_sys::fuzz_target;
use parallax_fuzz::{check_bundle, ingest_one};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    match pick % 3 {
        0 => {
            let b = ingest_one("story.txt", rest);
            // A text file's articles are verbatim slices of its text.
            if let Ok(d) = parallax::ingest::decode::decode(rest) {
                for a in &b.articles {
                    assert!(d.text.contains(&a.text), "article text not verbatim");
                }
            }
        }
        1 => {
            ingest_one("notes.md", rest);
        }
        _ => {
            let text = String::from_utf8_lossy(rest);
            check_bundle(&parallax::ingest::ingest_paste(&text));
        }
    }
});
