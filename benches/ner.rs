//! Tokenise + tag speed (`cargo bench --bench ner` or `make bench`).
//!
//! Plain `harness = false` benchmark: it needs no external data. It builds a
//! text from the project's own NER fixture repeated many times, runs the
//! full per-article path (segmentation, two-stage tagging, rule layers) and
//! prints tokens per second, single-threaded and with one thread per core,
//! and where the time goes (segmentation / tagger / the rest).
//!
//! The fixture is small, so its "articles" repeat the same words more than
//! real news does. With `../shared` present (or `PARALLAX_SHARED=dir`) the
//! benchmark therefore also runs the same full path on the CoNLL-2003 testb
//! documents turned back into text (one line per sentence): 231 real
//! Reuters articles, 46k tokens.

/// The command line's allocator (src/bin/parallax.rs), so that the figures
/// are what `parallax` does.
#[global_allocator]
static ALLOC: parallax::alloc::Allocator = parallax::alloc::Allocator;

use parallax::analysis::{ner, sentences};
use std::time::Instant;

fn fixture_articles() -> Vec<String> {
    let fixture = include_str!("../tests/data/ner/fixture.txt");
    let paras: Vec<&str> = fixture.split("\n\n").collect();
    // ~100 "articles" of the fixture's paragraphs, each a few hundred tokens.
    (0..100)
        .map(|k| {
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
        .collect()
}

/// CoNLL-2003 testb as plain-text articles, if the shared folder is there.
fn conll_articles() -> Option<Vec<String>> {
    let shared = std::env::var("PARALLAX_SHARED").unwrap_or_else(|_| "../shared".into());
    let path = std::path::Path::new(&shared).join("data/ner/conll2003/eng.testb");
    let text = std::fs::read_to_string(path).ok()?;
    let mut docs = Vec::new();
    let mut doc = String::new();
    let mut line = String::new();
    for l in text.lines() {
        if l.starts_with("-DOCSTART-") {
            if !doc.trim().is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            doc.clear();
            continue;
        }
        match l.split_whitespace().next() {
            Some(w) => {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(w);
            }
            None => {
                if !line.is_empty() {
                    doc.push_str(&line);
                    doc.push_str("\n\n");
                    line.clear();
                }
            }
        }
    }
    doc.push_str(&line);
    if !doc.trim().is_empty() {
        docs.push(doc);
    }
    Some(docs)
}

fn run(arts: &[String]) -> usize {
    let mut tokens = 0;
    for a in arts {
        let seg = sentences::segment(a, &[]);
        tokens += seg.tokens.len();
        let m = ner::mentions(a, &seg);
        std::hint::black_box(m);
    }
    tokens
}

/// Seconds of the fastest of `rounds` runs of `f` (the machine is shared,
/// so the minimum is the most repeatable figure). Each run is on a fresh
/// thread, so it starts with the tagger's per-thread word-type cache cold,
/// as when a bundle is analysed once: repeating the same articles would
/// otherwise find every word already scored.
fn best_of(rounds: usize, f: impl Fn() + Sync) -> f64 {
    (0..rounds)
        .map(|_| {
            std::thread::scope(|s| {
                s.spawn(|| {
                    let t0 = Instant::now();
                    f();
                    t0.elapsed().as_secs_f64()
                })
                .join()
                .unwrap_or(f64::INFINITY)
            })
        })
        .fold(f64::INFINITY, f64::min)
}

fn bench(name: &str, articles: &[String], rounds: usize) {
    let tokens = run(articles);
    // Where the time goes: segmentation alone, then the tagger alone.
    let seg_secs = best_of(rounds, || {
        for a in articles {
            std::hint::black_box(sentences::segment(a, &[]));
        }
    });
    let segs: Vec<_> = articles
        .iter()
        .map(|a| sentences::segment(a, &[]))
        .collect();
    let forms: Vec<Vec<String>> = articles
        .iter()
        .zip(&segs)
        .map(|(a, s)| {
            s.tokens
                .iter()
                .map(|t| ner::model_form(t.text(a)).into_owned())
                .collect()
        })
        .collect();
    let docs: Vec<ner::features::Doc> = forms
        .iter()
        .zip(&segs)
        .map(|(f, s)| ner::features::Doc {
            words: f.iter().map(String::as_str).collect(),
            sentences: s.sentences.iter().map(|x| x.tokens.clone()).collect(),
        })
        .collect();
    let tagger = ner::tagger();
    let tag_secs = best_of(rounds, || {
        for d in &docs {
            std::hint::black_box(tagger.tag(d));
        }
    });
    let secs = best_of(rounds, || {
        std::hint::black_box(run(articles));
    });
    println!(
        "{name}: tokenise+tag, 1 thread:  {:>10.0} tokens/s ({tokens} tokens in {secs:.3}s, best of {rounds})",
        tokens as f64 / secs
    );
    println!(
        "{name}:   of which segmentation {:.0} %, tagger {:.0} %, rules and spans {:.0} %",
        100.0 * seg_secs / secs,
        100.0 * tag_secs / secs,
        100.0 * (secs - seg_secs - tag_secs).max(0.0) / secs
    );
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let t0 = Instant::now();
    let total: usize = (0..rounds)
        .map(|_| {
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..threads).map(|_| s.spawn(|| run(articles))).collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or(0))
                    .sum::<usize>()
            })
        })
        .sum();
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "{name}: tokenise+tag, {threads} threads: {:>10.0} tokens/s ({total} tokens in {secs:.2}s)",
        total as f64 / secs
    );
}

fn main() {
    // Warm up: load the model once.
    let _ = ner::tagger();
    let _ = run(&fixture_articles()[..2]);
    bench("fixture", &fixture_articles(), 10);
    if let Some(conll) = conll_articles() {
        bench("conll-testb", &conll, 10);
    }
}
