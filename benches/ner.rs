//! Tokenise + tag speed (`cargo bench --bench ner` or `make bench`).
//!
//! Plain `harness = false` benchmark: it needs no external data. It builds a
//! text from the project's own NER fixture repeated many times, runs the
//! full per-article path (segmentation, two-stage tagging, rule layers) and
//! prints tokens per second, single-threaded and with one thread per core.
//! With `../shared` present it also times the CoNLL-2003 testb documents
//! (pre-tokenised, tagger only).

use parallax::analysis::{ner, sentences};
use std::time::Instant;

fn main() {
    let fixture = include_str!("../tests/data/ner/fixture.txt");
    // ~100 "articles" of the fixture's paragraphs, each a few hundred tokens.
    let articles: Vec<String> = (0..100)
        .map(|k| {
            let paras: Vec<&str> = fixture.split("\n\n").collect();
            let start = k % paras.len().max(1);
            paras
                .iter()
                .cycle()
                .skip(start)
                .take(12)
                .copied()
                .collect::<Vec<_>>()
                .join("\n\n")
        })
        .collect();
    // Warm up: load the model once.
    let _ = ner::tagger();
    let run = |arts: &[String]| -> usize {
        let mut tokens = 0;
        for a in arts {
            let seg = sentences::segment(a, &[]);
            tokens += seg.tokens.len();
            let m = ner::mentions(a, &seg);
            std::hint::black_box(m);
        }
        tokens
    };
    let rounds = 5;
    let t0 = Instant::now();
    let mut tokens = 0;
    for _ in 0..rounds {
        tokens += run(&articles);
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "tokenise+tag, 1 thread:  {:>10.0} tokens/s ({tokens} tokens in {secs:.2}s)",
        tokens as f64 / secs
    );
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let t0 = Instant::now();
    let total: usize = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| s.spawn(|| (0..rounds).map(|_| run(&articles)).sum::<usize>()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "tokenise+tag, {threads} threads: {:>10.0} tokens/s ({total} tokens in {secs:.2}s)",
        total as f64 / secs
    );
}
