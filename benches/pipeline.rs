//! Native full-pipeline throughput (`cargo bench --bench pipeline`, part of
//! `make bench`).
//!
//! Plain `harness = false` benchmark. For each corpus it times what
//! `parallax analyze` does between reading the files and writing the report:
//! ingestion (decode, split, metadata, boilerplate), the per-article analysis
//! (tokens and sentences, counts, NER, quotes), the bundle-level steps
//! (entity resolution, speaker linking) and the comparison tables, i.e.
//! `analysis::analyze(ingest::ingest(files))`. It prints words per second
//! (words as the report counts them, `stats.words`), on one thread and with
//! the articles spread over every core, and where the time goes, stage by
//! stage.
//!
//! Corpora: the seed bundle embedded in the repository (`assets/example`,
//! always there), and, when the shared data folder exists (`../shared`, or
//! `PARALLAX_SHARED=dir`), all BASIL articles
//! (`data/bundles/basil/*/*.txt`) as one 300-article bundle, and the same
//! as 100 separate bundles (one per event, as `parallax batch` sees them).
//!
//! Every timed run starts on a fresh thread, so the tagger's per-thread
//! word-type cache starts cold as in a fresh `parallax` process; the figure
//! is the fastest of several runs. Single-threaded figures are given in the
//! thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`) as well as on the wall
//! clock: the machine is shared, and CPU time leaves out the time the
//! thread waited for a core. Multi-threaded figures are wall clock.
//!
//! The figures and the analysed text of each article also go to
//! `TARGET/parallax-bench/` (or `PARALLAX_BENCH_OUT`) for
//! `scripts/bench-compare.sh`.

/// The command line's allocator (src/bin/parallax.rs), so that the figures
/// are what `parallax` does.
#[global_allocator]
static ALLOC: parallax::alloc::Allocator = parallax::alloc::Allocator;

use parallax::analysis::{self, entities, ner, quotes, sentences, stats};
use parallax::ingest::{self, InputFile};
use parallax::report::Report;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[allow(dead_code)]
mod common;
use common::{ms, rate, thousands, thread_cpu, verdict};

/// Stop repeating a measurement after this much time (at least `MIN_ROUNDS`).
const BUDGET: Duration = Duration::from_secs(4);
const MIN_ROUNDS: usize = 3;
const MAX_ROUNDS: usize = 30;

/// What the CLI does between reading files and serialising the report.
fn pipeline(files: Vec<InputFile>) -> Report {
    analysis::analyze(ingest::ingest(files))
}

fn words(report: &Report) -> usize {
    report.articles.iter().map(|a| a.stats.words).sum()
}

/// Time taken by one run: wall clock, and CPU time of the thread that ran
/// it (for single-threaded runs; steadier on a busy machine).
#[derive(Clone, Copy)]
struct Took {
    wall: f64,
    cpu: f64,
}

/// Run `f` on a fresh thread (cold per-thread caches) and time it.
fn on_fresh_thread<T: Send>(f: impl FnOnce() -> T + Send) -> (T, Took) {
    std::thread::scope(|s| {
        s.spawn(|| {
            let (t0, c0) = (Instant::now(), thread_cpu());
            let out = f();
            let cpu = thread_cpu() - c0;
            let wall = t0.elapsed().as_secs_f64();
            (out, Took { wall, cpu })
        })
        .join()
        .expect("benchmark thread panicked")
    })
}

/// Run `f` (on fresh threads) until `BUDGET` is spent, at least
/// `MIN_ROUNDS` times; return the fastest wall and CPU times (each the
/// minimum over the rounds) and the round count.
fn best_of<T: Send>(f: impl Fn() -> T + Sync) -> (Took, usize) {
    let start = Instant::now();
    let mut best = Took {
        wall: f64::INFINITY,
        cpu: f64::INFINITY,
    };
    let mut rounds = 0;
    while rounds < MIN_ROUNDS || (start.elapsed() < BUDGET && rounds < MAX_ROUNDS) {
        let (out, took) = on_fresh_thread(&f);
        std::hint::black_box(out);
        best.wall = best.wall.min(took.wall);
        best.cpu = best.cpu.min(took.cpu);
        rounds += 1;
    }
    (best, rounds)
}

// ---------------------------------------------------------------- stages --

const STAGES: [&str; 7] = [
    "ingest",
    "tokens+sentences",
    "counts",
    "NER",
    "quotes",
    "entities",
    "compare",
];

/// The pipeline of [`analysis::analyze`] step by step, timing each stage:
/// `analysis::analyze_article_segmented` (segment, counts, NER, quotes) on
/// every article, then `analysis::assemble_with` (entity resolution,
/// speaker linking, comparison tables) on the segmentations it kept.
/// Speaker linking is counted with quotes. The result
/// is compared with [`pipeline`]'s so the split cannot silently drift from
/// what the CLI runs. Stages are timed in thread CPU time.
fn staged(files: Vec<InputFile>) -> (Report, [f64; 7]) {
    let mut t = [0f64; 7];
    let mut clock = thread_cpu();
    let mut lap = |stage: usize, t: &mut [f64; 7]| {
        let now = thread_cpu();
        t[stage] += now - clock;
        clock = now;
    };
    let bundle = ingest::ingest(files);
    lap(0, &mut t);
    let mut report = Report::new();
    report.title = bundle.title;
    report.articles = bundle.articles;
    let mut segs = Vec::with_capacity(report.articles.len());
    for article in &mut report.articles {
        let seg = sentences::segment(&article.text, &article.boilerplate);
        lap(1, &mut t);
        article.stats = stats::count_words(&article.text, &article.boilerplate);
        article.stats.sentences = seg.sentences.len();
        lap(2, &mut t);
        article.mentions = ner::mentions(&article.text, &seg);
        lap(3, &mut t);
        article.quotes =
            quotes::report_quotes_in(&article.text, &article.boilerplate, &seg, &article.mentions);
        segs.push(seg);
        lap(4, &mut t);
    }
    let resolution = entities::resolve_bundle_in(&mut report.articles, &segs);
    lap(5, &mut t);
    for article in &mut report.articles {
        quotes::link_speakers(article);
    }
    entities::link_speakers_in(&mut report.articles, &resolution, &segs);
    lap(4, &mut t);
    report.entities = resolution.entities;
    report.generator.model = ner::model_version();
    report.notices = bundle.notices;
    report.tables = parallax::compare::tables_in(&report, segs);
    lap(6, &mut t);
    (report, t)
}

/// Files ingested and articles analysed on `threads` threads (each file's
/// articles as soon as it is read), bundle-level steps after them: what
/// `parallax analyze` does on a machine with `threads` cores
/// ([`analysis::analyze_files`]); several web workers share the
/// articles' analysis alike.
fn parallel(files: Vec<InputFile>, threads: usize) -> Report {
    analysis::analyze_files(files, threads)
}

/// Independent bundles (one report each) over `threads` threads (on this
/// thread when `threads` is 1, so that its CPU time counts the work).
fn many_bundles(bundles: &[Vec<InputFile>], threads: usize) -> usize {
    if threads <= 1 {
        return bundles.iter().map(|b| words(&pipeline(b.clone()))).sum();
    }
    let next = AtomicUsize::new(0);
    let total = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(files) = bundles.get(i) else { break };
                let report = pipeline(files.clone());
                total.fetch_add(words(&report), Ordering::Relaxed);
            });
        }
    });
    total.into_inner()
}

// --------------------------------------------------------------- printing --

/// Where the figures and texts for `scripts/bench-compare.sh` go:
/// `PARALLAX_BENCH_OUT`, or `parallax-bench/` in cargo's target folder
/// (this executable is `TARGET/release/deps/pipeline-HASH`).
fn out_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("PARALLAX_BENCH_OUT") {
        Some(d) => PathBuf::from(d),
        None => std::env::current_exe()
            .ok()?
            .ancestors()
            .nth(3)?
            .join("parallax-bench"),
    };
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir)
}

/// Results for `scripts/bench-compare.sh`: `CORPUS.tsv` (measure, words,
/// CPU seconds, wall seconds) and `CORPUS.jsonl` (each article's analysed
/// text, boilerplate left out, with its word count), so other tools get the
/// same text.
struct Results {
    rows: Vec<(String, usize, Took)>,
}

impl Results {
    fn add(&mut self, measure: &str, words: usize, took: Took) {
        self.rows.push((measure.to_string(), words, took));
    }

    fn write(&self, corpus: &str, report: &Report) {
        let Some(dir) = out_dir() else { return };
        let tsv: String = self
            .rows
            .iter()
            .map(|(m, w, t)| format!("{m}\t{w}\t{:.6}\t{:.6}\n", t.cpu, t.wall))
            .collect();
        let jsonl: String = report
            .articles
            .iter()
            .map(|a| {
                let text = stats::analysed_segments(&a.text, &a.boilerplate).join("\n");
                serde_json::json!({ "id": a.id, "words": a.stats.words, "text": text }).to_string()
                    + "\n"
            })
            .collect();
        let written = std::fs::write(dir.join(format!("{corpus}.tsv")), tsv)
            .and_then(|_| std::fs::write(dir.join(format!("{corpus}.jsonl")), jsonl));
        if let Err(e) = written {
            println!("  (cannot write the results to {}: {e})", dir.display());
        }
    }
}

/// Print a corpus's figures; return its words/s on 1 thread (CPU time) and
/// on all cores (wall clock).
fn bench_bundle(name: &str, corpus: &str, files: &[InputFile], threads: usize) -> (f64, f64) {
    let mut results = Results { rows: Vec::new() };
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let report = pipeline(files.to_vec());
    let n_words = words(&report);
    println!(
        "{name}: {} files, {} articles, {} words, {:.0} KB",
        files.len(),
        report.articles.len(),
        thousands(n_words),
        bytes as f64 / 1024.0
    );

    let (took, rounds) = best_of(|| pipeline(files.to_vec()));
    results.add("full-1", n_words, took);
    let one = n_words as f64 / took.cpu;
    let mut all = one;
    println!(
        "  full pipeline, 1 thread:   {:>16} by CPU time ({} per run); wall clock {} ({}); best of {rounds}",
        rate(n_words, took.cpu),
        ms(took.cpu),
        rate(n_words, took.wall),
        ms(took.wall),
    );

    // Stage split: the least CPU time of each stage over the rounds.
    let (staged_report, _) = staged(files.to_vec());
    if staged_report != report {
        println!("  (warning: the staged replica of analysis::analyze no longer gives the same report; update benches/pipeline.rs)");
    }
    let mut best = [f64::INFINITY; 7];
    let start = Instant::now();
    let mut rounds = 0;
    while rounds < MIN_ROUNDS || (start.elapsed() < BUDGET && rounds < MAX_ROUNDS) {
        let ((_, t), _) = on_fresh_thread(|| staged(files.to_vec()));
        for (b, x) in best.iter_mut().zip(t) {
            *b = b.min(x);
        }
        rounds += 1;
    }
    for (stage, t) in STAGES.iter().zip(best) {
        results.add(stage, n_words, Took { wall: t, cpu: t });
    }
    let sum: f64 = best.iter().sum();
    let split: Vec<String> = STAGES
        .iter()
        .zip(best)
        .map(|(s, t)| format!("{s} {} ({:.0} %)", ms(t), 100.0 * t / sum))
        .collect();
    println!(
        "  stages, CPU time (best of {rounds} each): {}",
        split.join(", ")
    );
    let (json, json_took) = on_fresh_thread(|| serde_json::to_string_pretty(&report));
    println!(
        "  not included above: the CLI's JSON output ({:.0} KB) takes {} more",
        json.map(|j| j.len()).unwrap_or(0) as f64 / 1024.0,
        ms(json_took.cpu)
    );

    if threads > 1 {
        let (took, rounds) = best_of(|| parallel(files.to_vec(), threads));
        results.add(&format!("full-{threads}"), n_words, took);
        all = n_words as f64 / took.wall;
        println!(
            "  full pipeline, {threads} threads:  {:>16} wall clock ({} per run, best of {rounds}; articles shared out among a pool of {threads} threads, then the bundle-level steps in the same pool)",
            rate(n_words, took.wall),
            ms(took.wall)
        );
    }
    results.write(corpus, &report);
    (one, all)
}

/// The bar for the native pipeline, against each corpus's figures.
fn target(rates: &[(&str, (f64, f64))]) {
    let met = rates.iter().all(|(_, (one, _))| *one >= 1e6);
    // As `parallax analyze` runs by default: every core.
    let met_all = rates.iter().all(|(_, (_, all))| *all >= 1e6);
    let figures: Vec<String> = rates
        .iter()
        .map(|(name, (one, all))| {
            format!(
                "{name} {} on 1 thread, {} on all cores",
                common::per_sec(*one),
                common::per_sec(*all)
            )
        })
        .collect();
    println!(
        "target: ≥ 1 M words/s native (full pipeline; one bundle each): on 1 thread (CPU time) {}, on all cores (wall clock, as `parallax analyze` runs) {} ({})",
        verdict(met),
        verdict(met_all),
        figures.join("; ")
    );
}

fn main() {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("Parallax native pipeline (ingest → analysis → tables), {threads} cores available");

    let seed = common::seed_files();
    // Cold start, as in every `parallax` process: the NER model and the
    // lexicons are decoded on first use, inside the pool of all cores as
    // `parallax analyze` runs (the lexicon and the model's second part on
    // threads of their own). For comparison, the two decoded on one thread.
    let (_, model_alone) = on_fresh_thread(|| ner::model::Model::from_gzip(ner::MODEL_GZ));
    let (_, lexicon_alone) = on_fresh_thread(|| ner::lexicon::Lexicon::from_gzip(ner::LEXICON_GZ));
    let (_, load) = on_fresh_thread(|| {
        parallax::par::install(threads, || {
            ner::tagger();
        })
    });
    let (_, first) = on_fresh_thread(|| analysis::analyze_files(seed.clone(), threads));
    println!(
        "cold start on {threads} cores (wall clock, as `parallax analyze`): NER lexicon and model load {}, then the first seed run {} (other lexicons load on first use); on one thread the model decodes in {} and the lexicon in {} (CPU time)",
        ms(load.wall),
        ms(first.wall),
        ms(model_alone.cpu),
        ms(lexicon_alone.cpu)
    );

    let mut rates = vec![(
        "seed",
        bench_bundle("seed bundle (assets/example)", "seed", &seed, threads),
    )];

    let Some(basil) = common::basil_bundles("/") else {
        common::skip_basil();
        target(&rates);
        return;
    };
    let all: Vec<InputFile> = basil.iter().flatten().cloned().collect();
    rates.push((
        "BASIL",
        bench_bundle("BASIL, all articles as one bundle", "basil", &all, threads),
    ));

    let n_words = many_bundles(&basil, 1);
    println!(
        "BASIL as {} separate bundles (one report each, as `parallax batch`): {} words",
        basil.len(),
        thousands(n_words)
    );
    let counts = if threads > 1 {
        vec![1, threads]
    } else {
        vec![1]
    };
    for t in counts {
        let (took, rounds) = best_of(|| many_bundles(&basil, t));
        let (secs, clock) = if t == 1 {
            (took.cpu, "CPU time")
        } else {
            (took.wall, "wall clock")
        };
        println!(
            "  {t} thread{}: {:>16} by {clock} ({} per run, best of {rounds})",
            if t == 1 { " " } else { "s" },
            rate(n_words, secs),
            ms(secs)
        );
    }
    target(&rates);
}
