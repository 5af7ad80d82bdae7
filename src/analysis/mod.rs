//! Per-article analysis and bundle-level assembly of the report.
//!
//! The work is split in two so that large bundles can be spread over several
//! web workers: [`analyze_article`] needs only one article, and [`assemble`]
//! runs once on all of them (bundle-level resolution, comparison tables).
//! Analysis reads only the non-boilerplate parts of an article's text.

pub mod entities;
pub mod ner;
pub mod quotes;
pub mod sentences;
pub mod stats;
pub mod tokenize;

use crate::ingest::Bundle;
use crate::report::{Article, Report};
use sentences::Segmented;

/// Analyse one article in place: counts, sentences and entity mentions
/// (quotes later).
pub fn analyze_article(article: &mut Article) {
    analyze_article_segmented(article);
}

/// [`analyze_article`], returning the article's segmentation
/// (`sentences::segment(&article.text, &article.boilerplate)`) for
/// [`assemble_with`]: segmenting every article again there, on one thread
/// after the articles' parallel analysis, took ≈ 8 ms of the ≈ 100 ms of
/// bundle-level work on the 300 BASIL articles.
pub fn analyze_article_segmented(article: &mut Article) -> Segmented {
    let seg = sentences::segment(&article.text, &article.boilerplate);
    article.stats = stats::count_words(&article.text, &article.boilerplate);
    article.stats.sentences = seg.sentences.len();
    article.mentions = ner::mentions(&article.text, &seg);
    article.quotes =
        quotes::report_quotes_in(&article.text, &article.boilerplate, &seg, &article.mentions);
    seg
}

/// Build the report from articles that have each been through
/// [`analyze_article`].
pub fn assemble(bundle: Bundle) -> Report {
    assemble_with(bundle, Vec::new())
}

/// [`assemble`] with the segmentation of every article, in bundle order, as
/// [`analyze_article_segmented`] returns it. Nothing between the two
/// changes an article's text or boilerplate, so it is what segmenting here
/// would give; when there is not one per article (the browser's workers
/// send articles without theirs), the articles are segmented here.
pub fn assemble_with(bundle: Bundle, segs: Vec<Segmented>) -> Report {
    let mut report = Report::new();
    report.title = bundle.title;
    report.articles = bundle.articles;
    // Each article is segmented once for resolution, speakers and tables.
    let segs = if segs.len() == report.articles.len() {
        segs
    } else {
        report
            .articles
            .iter()
            .map(|a| sentences::segment(&a.text, &a.boilerplate))
            .collect()
    };
    let resolution = entities::resolve_bundle_in(&mut report.articles, &segs);
    // Speakers: exact name mentions first, then pronouns and nominals
    // ("he", "the ministry") through the bundle's resolution.
    for article in &mut report.articles {
        quotes::link_speakers(article);
    }
    entities::link_speakers_in(&mut report.articles, &resolution, &segs);
    report.entities = resolution.entities;
    report.generator.model = ner::model_version();
    report.notices = bundle.notices;
    report.tables = crate::compare::tables_in(&report, segs);
    report
}

/// Analyse a whole bundle, calling `progress(done, total)` after each article.
pub fn analyze_with_progress(mut bundle: Bundle, progress: &mut dyn FnMut(usize, usize)) -> Report {
    let total = bundle.articles.len();
    let mut segs = Vec::with_capacity(total);
    for (i, article) in bundle.articles.iter_mut().enumerate() {
        segs.push(analyze_article_segmented(article));
        progress(i + 1, total);
    }
    assemble_with(bundle, segs)
}

/// Analyse a whole bundle.
pub fn analyze(bundle: Bundle) -> Report {
    analyze_with_progress(bundle, &mut |_, _| {})
}

/// [`analyze`] with the per-article analysis spread over up to `threads`
/// threads (native only; the browser spreads articles over web workers
/// instead). Each thread takes the next few articles from a shared queue,
/// so long and short articles even out; the bundle-level steps run once
/// afterwards. The report is the same as [`analyze`]'s.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_parallel(mut bundle: Bundle, threads: usize) -> Report {
    /// Articles a thread takes at a time.
    const BATCH: usize = 4;
    let threads = threads.clamp(1, bundle.articles.len().div_ceil(BATCH).max(1));
    if threads == 1 {
        return analyze(bundle);
    }
    // Each article's segmentation goes to the slot at its index.
    let mut segs = vec![Segmented::default(); bundle.articles.len()];
    let queue = std::sync::Mutex::new(
        bundle
            .articles
            .chunks_mut(BATCH)
            .zip(segs.chunks_mut(BATCH)),
    );
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let next = queue
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .next();
                let Some((batch, slots)) = next else { break };
                for (article, slot) in batch.iter_mut().zip(slots) {
                    *slot = analyze_article_segmented(article);
                }
            });
        }
    });
    assemble_with(bundle, segs)
}

/// The number of threads [`analyze_parallel`] should use: the environment
/// variable `PARALLAX_THREADS` when it holds a positive number (to share a
/// machine), otherwise every core.
#[cfg(not(target_arch = "wasm32"))]
pub fn available_threads() -> usize {
    std::env::var("PARALLAX_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Bundle {
        crate::ingest::ingest(crate::testing::example_files())
    }

    #[test]
    fn assembling_on_the_kept_segmentations_gives_the_same_report() {
        let mut kept = example();
        assert!(kept.articles.len() > 2);
        let segs: Vec<_> = kept
            .articles
            .iter_mut()
            .map(analyze_article_segmented)
            .collect();
        let mut fresh = example();
        fresh.articles.iter_mut().for_each(analyze_article);
        let report = assemble(fresh);
        assert!(!report.tables.quotes.is_empty());
        // Not `assert_eq!`: the report's debug output is hundreds of KB.
        assert!(assemble_with(kept, segs) == report);
        assert!(analyze(example()) == report);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn parallel_analysis_gives_the_serial_report() {
        let serial = analyze(example());
        for threads in [1, 2, 3] {
            assert!(
                analyze_parallel(example(), threads) == serial,
                "{threads} threads"
            );
        }
    }
}
