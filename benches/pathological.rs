//! Pathological text through the whole pipeline (`cargo bench --bench
//! pathological`): ingest as a `.txt` file, analyse, as `parallax analyze`
//! does. Each input is built at two sizes; the time per MB should stay about
//! the same from the smaller to the larger size (linear time). A ratio well
//! above 1 means super-linear behaviour.
//!
//! `PATHOLOGICAL_MB=0.25,0.5` changes the sizes; `PATHOLOGICAL_ONLY=caps`
//! runs the inputs whose name contains the word; each time is the best of
//! `PATHOLOGICAL_RUNS` (2) runs.

/// The command line's allocator (src/bin/parallax.rs), so that the figures
/// are what `parallax` does.
#[global_allocator]
static ALLOC: parallax::alloc::Allocator = parallax::alloc::Allocator;

use parallax::ingest::InputFile;
use std::time::Instant;

/// `unit` repeated to `bytes` (cut on a char boundary).
fn fill(unit: &str, bytes: usize) -> String {
    let mut s = unit.repeat(bytes / unit.len().max(1) + 1);
    let mut cut = bytes.min(s.len());
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.truncate(cut);
    s
}

/// Every pathological input, by name, built to about `bytes` bytes.
fn inputs(bytes: usize) -> Vec<(&'static str, String)> {
    vec![
        (
            "news text (reference)",
            fill(
                "Defence Secretary Pete Hegseth said on Monday that “talks would resume” in Kyiv, \
                 Reuters reported. The Kremlin declined to comment.\n\n",
                bytes,
            ),
        ),
        (
            "one line, no breaks",
            fill(
                "The minister said the talks in Kyiv would go on, and Ms. Ortiz told “reporters” so. ",
                bytes,
            ),
        ),
        ("only \" marks", fill("\"", bytes)),
        ("only “ ” ‘ ’ « » marks", fill("“”‘’«»„", bytes)),
        (
            "quotes, words, one paragraph",
            fill("\"Yes,\" he said. 'No' ", bytes),
        ),
        (
            "quotes by named speakers",
            fill("“We will go,” Anna Berg said. Berg told “reporters” so. ", bytes),
        ),
        (
            "quotes by nominal speakers",
            fill("“Talks will go on,” the minister said. The ministry said “no”. ", bytes),
        ),
        (
            "pronouns, one run-on sentence",
            fill("Anna Berg said he and she and they and it told Carl Dane that ", bytes),
        ),
        (
            "unbalanced quotes, one paragraph",
            fill("“He said “this and ‘that and «more ", bytes),
        ),
        (
            "all caps",
            fill(
                "THE MINISTER SAID THE TALKS WOULD CONTINUE IN KYIV ON MONDAY, OFFICIALS SAID.\n",
                bytes,
            ),
        ),
        ("no spaces", fill("ThePresidentSaidTalksInKyivWouldGoOn.", bytes)),
        (
            "RTL and CJK mixed",
            fill(
                "قال الرئيس إن المحادثات ستستمر. 北京表示“谈判将继续”。 אמר השר \u{200f}שלום\u{200f} Kyiv said. ",
                bytes,
            ),
        ),
        (
            "capitalised words, one paragraph",
            fill("Anna Berg Carl Dane Eve Fox Gil Hart Ivo Jensen ", bytes),
        ),
    ]
}

fn main() {
    let sizes: Vec<f64> = std::env::var("PATHOLOGICAL_MB")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .filter(|v: &Vec<f64>| !v.is_empty())
        .unwrap_or_else(|| vec![0.5, 1.0]);
    let only = std::env::var("PATHOLOGICAL_ONLY").ok();
    let runs: usize = std::env::var("PATHOLOGICAL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2)
        .max(1);
    println!("Pathological inputs: ingest + analysis of one .txt file, one core, seconds per MB.");
    print!("{:<36}", "input");
    for mb in &sizes {
        print!(" {:>14}", format!("s/MB @ {mb} MB"));
    }
    println!(" {:>8}", "ratio");
    // Load the models before timing anything.
    std::hint::black_box(parallax::run(vec![InputFile::new(
        "warm-up.txt",
        b"Warm Up\nThe minister said \"yes\" in Kyiv.".to_vec(),
    )]));
    let names: Vec<&str> = inputs(16).iter().map(|(n, _)| *n).collect();
    for (k, name) in names.iter().enumerate() {
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        print!("{name:<36}");
        let mut per_mb = Vec::new();
        for &mb in &sizes {
            let bytes = (mb * 1024.0 * 1024.0) as usize;
            let (_, text) = inputs(bytes).swap_remove(k);
            // Best of `runs`: other work on the machine only ever adds time.
            let secs = (0..runs)
                .map(|_| {
                    let file = InputFile::new("input.txt", text.as_bytes());
                    let t = Instant::now();
                    std::hint::black_box(parallax::run(vec![file]));
                    t.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min);
            per_mb.push(secs / mb);
            print!(" {:>14.3}", secs / mb);
        }
        let ratio = match (per_mb.first(), per_mb.last()) {
            (Some(a), Some(b)) if *a > 0.0 => b / a,
            _ => 1.0,
        };
        println!(" {ratio:>8.2}");
    }
}
