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
pub mod sieve;
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
    let (mut report, segs) = begin(bundle, segs);
    resolve(&mut report, &segs, 1);
    report.tables = crate::compare::tables_in(&report, segs);
    report
}

/// [`assemble`] in two steps, for the browser's assembling worker: the
/// report resolved (entities, speakers) but without its `tables`, and the
/// articles' segmentations, from which `compare::tables_in(&report, segs)`
/// computes the tables. The worker sends the first part to the page before
/// it computes the second, so that the page decodes one while the worker
/// computes the other.
pub fn assemble_resolved(bundle: Bundle) -> (Report, Vec<Segmented>) {
    assemble_resolved_with(bundle, Vec::new())
}

/// [`assemble_resolved`] with the segmentation of every article, in
/// bundle order, as [`analyze_article_segmented`] returns it (as
/// [`assemble_with`] takes it; without one per article, the articles are
/// segmented here). Segmenting BASIL's 300 articles again took ≈ 20 ms
/// natively and more in the browser's assembling worker.
pub fn assemble_resolved_with(bundle: Bundle, segs: Vec<Segmented>) -> (Report, Vec<Segmented>) {
    let (mut report, segs) = begin(bundle, segs);
    resolve(&mut report, &segs, 1);
    (report, segs)
}

/// The report of `bundle` before the bundle-level steps, and one
/// segmentation per article (`segs` when there is one per article).
fn begin(bundle: Bundle, segs: Vec<Segmented>) -> (Report, Vec<Segmented>) {
    let mut report = Report::new();
    report.title = bundle.title;
    report.articles = bundle.articles;
    report.notices = bundle.notices;
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
    (report, segs)
}

/// Entity resolution and speaker linking: the report's entities, its
/// mentions' entities and labels, its quotes' speakers. Nothing else of
/// the articles changes. With `threads` > 1 the per-article parts of
/// resolution and of speaker linking are shared out among the threads
/// ([`crate::par`]).
fn resolve(report: &mut Report, segs: &[Segmented], threads: usize) {
    let chains = entities::article_chains(&mut report.articles, segs, threads);
    resolve_across(report, chains, segs, threads);
}

/// The rest of [`resolve`] after each article's chains: the bundle's
/// entities from them, then the speakers.
fn resolve_across(
    report: &mut Report,
    chains: entities::ArticleChains,
    segs: &[Segmented],
    threads: usize,
) {
    let resolution = entities::resolve_chains(&mut report.articles, chains, threads);
    // Speakers: exact name mentions first, then pronouns and nominals
    // ("he", "the ministry") through the bundle's resolution.
    for article in &mut report.articles {
        quotes::link_speakers(article);
    }
    entities::link_speakers_threads(&mut report.articles, &resolution, segs, threads);
    report.entities = resolution.entities;
    report.generator.model = ner::model_version();
}

/// [`assemble_with`] with parallel steps. Resolution begins with work per
/// article, which the threads share ([`entities::article_chains`]); most
/// of the rest is one thread's (merging the chains across the bundle,
/// making the entities), so beside it ([`crate::par::join`]) the other
/// thread computes the tables that read only the articles' text and
/// metadata ([`TextTables`](crate::compare::TextTables), with the words
/// and word ids they need), and the remaining tables follow, in parallel
/// too ([`crate::compare::tables_with`]). With the text tables beside the
/// whole of resolution instead, one thread computed the articles' chains
/// alone and then the other waited ≈ 15 ms for the merge (BASIL, two
/// threads). Resolution writes the articles' mentions and quotes, so the
/// text side reads copies of the articles without them (≈ 0.1 ms for
/// BASIL's 300 articles; up to ≈ 1.5 ms when the memory is fresh from the
/// system), and the words it makes borrow the copies' text. The report is
/// the same as [`assemble_with`]'s.
#[cfg(not(target_arch = "wasm32"))]
fn assemble_concurrently(bundle: Bundle, segs: Vec<Segmented>) -> Report {
    use crate::compare::{self, words::Ids, TextTables};
    let (mut report, segs) = begin(bundle, segs);
    let copies: Vec<Article> = report.articles.iter().map(text_only).collect();
    let chains = entities::article_chains(&mut report.articles, &segs, 2);
    // The copies' words, kept here because their ids borrow them.
    let mut words = None;
    let ((), (words, ids, text)) = crate::par::join(
        2,
        || resolve_across(&mut report, chains, &segs, 2),
        || {
            let words = &*words.insert(compare::included_words(&copies, &segs));
            let ids = Ids::new(words);
            let text = TextTables::new(&compare::included(&copies), words, &ids, 2);
            (words, ids, text)
        },
    );
    report.tables = compare::tables_with(&report, words, &ids, text, 2);
    report
}

/// A copy of `a` for [`TextTables`](crate::compare::TextTables): everything
/// but what resolution and speaker linking write (mentions, quotes) and the
/// user's marks on those. Every field is listed, so that a new one has to
/// be placed here.
#[cfg(not(target_arch = "wasm32"))]
fn text_only(a: &Article) -> Article {
    Article {
        id: a.id.clone(),
        source_file: a.source_file.clone(),
        part: a.part,
        title: a.title.clone(),
        outlet: a.outlet.clone(),
        date: a.date.clone(),
        byline: a.byline.clone(),
        section: a.section.clone(),
        url: a.url.clone(),
        text: a.text.clone(),
        boilerplate: a.boilerplate.clone(),
        provenance: a.provenance.clone(),
        stats: a.stats,
        excluded: a.excluded,
        mentions: Vec::new(),
        quotes: Vec::new(),
        user_mentions: Vec::new(),
        user_quotes: Vec::new(),
    }
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
/// instead). The articles go to a pool of `threads` threads
/// ([`crate::par::install`]) longest first, each thread taking the next
/// as it finishes one ([`crate::par::map_largest_first`]), so that the
/// threads end their shares close together; the bundle-level
/// steps run in the same pool afterwards, the text-only tables beside
/// resolution (`assemble_concurrently`). The report is the same as
/// [`analyze`]'s.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_parallel(mut bundle: Bundle, threads: usize) -> Report {
    let threads = threads.clamp(1, bundle.articles.len().max(1));
    if threads == 1 {
        return analyze(bundle);
    }
    crate::par::install(threads, move || {
        let articles = bundle.articles.iter_mut().collect();
        let segs = crate::par::map_largest_first(
            threads,
            articles,
            |a| a.text.len(),
            analyze_article_segmented,
        );
        assemble_concurrently(bundle, segs)
    })
}

/// `analyze(ingest::ingest(files))` on up to `threads` threads, reading
/// and analysing at once: each file's articles are analysed by the
/// threads as soon as the file is read ([`ingest::ingest_threads_with`]),
/// instead of after every file has been read as
/// `analyze_parallel(ingest::ingest_threads(files, threads), threads)`
/// does; then the bundle-level steps as in [`analyze_parallel`]. The
/// report is [`analyze`]'s.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_files(files: Vec<crate::ingest::InputFile>, threads: usize) -> Report {
    if threads < 2 {
        return analyze(crate::ingest::ingest(files));
    }
    crate::par::install(threads, move || {
        let (bundle, segs) =
            crate::ingest::ingest_threads_with(files, threads, analyze_article_segmented);
        if bundle.articles.len() < 2 {
            assemble_with(bundle, segs)
        } else {
            assemble_concurrently(bundle, segs)
        }
    })
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
        crate::ingest::ingest(crate::example::files())
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
    fn assembly_in_two_steps_gives_the_same_report() {
        let mut bundle = example();
        bundle.articles.iter_mut().for_each(analyze_article);
        let whole = assemble(bundle.clone());
        let (mut report, segs) = assemble_resolved(bundle.clone());
        assert!(report.tables == crate::report::Tables::default());
        report.tables = crate::compare::tables_in(&report, segs);
        assert!(report == whole);
        // With the articles' segmentations from their analysis.
        let mut ingested = example();
        let segs = ingested
            .articles
            .iter_mut()
            .map(analyze_article_segmented)
            .collect();
        let (mut with_segs, segs) = assemble_resolved_with(ingested, segs);
        with_segs.tables = crate::compare::tables_in(&with_segs, segs);
        assert!(with_segs == whole);
    }

    #[test]
    fn text_part_from_the_articles_as_ingested_completes_the_tables() {
        use crate::compare::{tables_except_text, TextPart};
        let mut bundle = example();
        // Left out of the tables: the part must leave it out too.
        bundle.articles[1].excluded = true;
        let ingested = bundle.articles.clone();
        bundle.articles.iter_mut().for_each(analyze_article);
        let whole = assemble(bundle.clone());
        assert!(!whole.tables.distinctive.is_empty());
        assert!(!whole.tables.shared_passages.is_empty());
        let (report, segs) = assemble_resolved(bundle);
        let mut tables = tables_except_text(&report, segs);
        assert!(tables.distinctive.is_empty() && tables.shared_passages.is_empty());
        assert!(tables.entities == whole.tables.entities && tables.quotes == whole.tables.quotes);
        tables.set_text(TextPart::of(&ingested));
        assert!(tables == whole.tables);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn concurrent_assembly_gives_the_serial_report() {
        let mut bundle = example();
        let segs: Vec<_> = bundle
            .articles
            .iter_mut()
            .map(analyze_article_segmented)
            .collect();
        let serial = assemble_with(bundle.clone(), segs.clone());
        assert!(!serial.tables.distinctive.is_empty());
        assert!(!serial.tables.shared_passages.is_empty());
        assert!(assemble_concurrently(bundle.clone(), segs.clone()) == serial);
        // Without segmentations, and with an article left out of the tables.
        assert!(assemble_concurrently(bundle.clone(), Vec::new()) == serial);
        bundle.articles[1].excluded = true;
        let serial = assemble_with(bundle.clone(), segs.clone());
        assert_eq!(serial.tables.voices.len(), bundle.articles.len() - 1);
        assert!(assemble_concurrently(bundle, segs) == serial);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn reading_and_analysing_at_once_gives_the_serial_report() {
        let files = crate::ingest::tests::files_with_copies();
        let serial = analyze(crate::ingest::ingest(files.clone()));
        for threads in [1, 2, 3] {
            assert!(
                analyze_files(files.clone(), threads) == serial,
                "{threads} threads"
            );
        }
        // One file, one article.
        let one = vec![files[0].clone()];
        assert!(analyze_files(one.clone(), 2) == analyze(crate::ingest::ingest(one)));
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
