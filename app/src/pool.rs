//! The page's side of analysis: a pool of analysis workers ([`super::agent`]).
//!
//! Small bundles use one worker, larger ones up to the machine's core count
//! (at most [`MAX_WORKERS`]). The page starts two workers with itself
//! ([`STANDBY`], cores permitting), so that a large bundle dropped on a
//! fresh page finds two that have decoded the model and warmed up
//! (≈ 0.25–0.3 s each); more are started the first time a bundle needs
//! them. The second then rehearses a large run
//! ([`WorkerRequest::Rehearse`]), which gets more of the module that the
//! page and all workers share optimised before the first bundle. All are
//! kept for later runs. A bundle for several workers is cut into
//! contiguous chunks by text length, the later ones smaller, several per
//! worker ([`CHUNKS_PER_WORKER`], [`split`]); each worker gets
//! two to start with ([`AHEAD`]: the one it analyses and the next, so that
//! it never waits for the page between chunks) and another each time it
//! sends one back, so a worker that is slower (one still starting up, or
//! given the denser articles) takes fewer chunks and all finish at about
//! the same time.
//! The first worker assembles the report: it keeps the chunks it analysed,
//! every other chunk is relayed to it as soon as it is back, and once all
//! are back (in any order) it is asked to assemble them in bundle order.
//! The first other worker with no chunk left to take computes the tables
//! that read only the text meanwhile ([`WorkerRequest::Texts`]), and the
//! report is whole when both are back. Progress from all workers is
//! summed into one figure for the status line.
//!
//! The bookkeeping ([`Coordinator`]) is plain Rust and tested on its own;
//! [`Pool`] only moves messages.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::{SinkExt, StreamExt};
use wasm_bindgen_futures::spawn_local;
use yew::UseReducerDispatcher;
use yew_agent::reactor::ReactorSpawner;

use crate::compare::TextPart;
use crate::ingest::Bundle;
use crate::report::{Article, Notice, Report, Tables};

use super::agent::{Analyser, AnalysisUpdate, Json, Sealed, Whole, WorkerRequest};
use super::state::{Action, State};

/// Never more workers than this, whatever the core count.
pub const MAX_WORKERS: usize = 8;
/// Workers started with the page, before any bundle needs them, cores
/// permitting (they start, and fetch the module from the cache, while the
/// page loads: nothing is fetched once it has).
pub const STANDBY: usize = 2;
/// Fewest articles worth a worker of their own (and a chunk of their own).
pub const MIN_ARTICLES_PER_WORKER: usize = 6;
/// Chunks per worker when several workers share a bundle: enough for the
/// faster workers to take over the slower ones' share and for the last
/// rounds to be small ([`split`]), few enough that the hand-overs (a
/// message each way) cost little.
pub const CHUNKS_PER_WORKER: usize = 8;
/// Chunks a worker has at a time: the one it analyses and the next, sent
/// ahead so that it never waits for the page between two.
pub const AHEAD: usize = 2;
/// Shortest time, in milliseconds, between two progress updates shown
/// (the first and the last are always shown): each re-renders the page,
/// and on a two-core machine the page's work is taken from the workers.
pub const PROGRESS_MS: f64 = 150.0;

/// How many workers a bundle of `articles` articles should use.
pub fn workers_for(articles: usize, cores: usize) -> usize {
    let cores = cores.clamp(1, MAX_WORKERS);
    (articles / MIN_ARTICLES_PER_WORKER).clamp(1, cores)
}

/// How many workers to have ready before any bundle needs them.
pub fn standby_for(cores: usize) -> usize {
    cores.clamp(1, MAX_WORKERS).min(STANDBY)
}

/// The machine's logical cores, as the browser tells them (1 if unknown).
fn cores() -> usize {
    web_sys::window()
        .map(|w| w.navigator().hardware_concurrency() as usize)
        .unwrap_or(1)
}

/// How many chunks a bundle of `articles` articles is cut into for
/// `workers` workers: one for a single worker, else [`CHUNKS_PER_WORKER`]
/// per worker as long as each keeps [`MIN_ARTICLES_PER_WORKER`] articles,
/// and never fewer than one per worker.
pub fn chunks_for(articles: usize, workers: usize) -> usize {
    if workers <= 1 {
        return 1;
    }
    (workers * CHUNKS_PER_WORKER)
        .min(articles / MIN_ARTICLES_PER_WORKER)
        .max(workers)
}

/// Cut `articles` into `n` contiguous chunks for `workers` workers
/// (every chunk non-empty when there are at least `n` articles), by text
/// length, in shares that shrink round by round: round `r` of `R` (a
/// round is one chunk per worker) weighs `R − r`, so for two workers and
/// eight chunks the shares are 4, 4, 3, 3, 2, 2, 1, 1 twentieths. Each
/// worker takes the next chunk as it sends one back, and near the end a
/// worker that still has a chunk queued keeps the others waiting for a
/// small one only (guided self-scheduling). With equal shares the wait was
/// up to a whole chunk: 131 ms of the assembling worker's time in one of
/// five BASIL drops timed, against at most 21 ms with shrinking shares.
pub fn split(articles: Vec<Article>, n: usize, workers: usize) -> Vec<Vec<Article>> {
    let count = articles.len();
    let n = n.clamp(1, count.max(1));
    let per_round = workers.clamp(1, n);
    let rounds = n.div_ceil(per_round);
    // Where each chunk ends, in units of the shares' sum.
    let ends: Vec<u64> = (0..n)
        .scan(0u64, |sum, k| {
            *sum += (rounds - k / per_round) as u64;
            Some(*sum)
        })
        .collect();
    let units = ends.last().copied().unwrap_or(1);
    let total = articles
        .iter()
        .map(|a| a.text.len() as u64 + 1)
        .sum::<u64>()
        .max(1);
    let mut chunks: Vec<Vec<Article>> = (0..n).map(|_| Vec::new()).collect();
    let (mut seen, mut prev) = (0u64, 0usize);
    for (i, article) in articles.into_iter().enumerate() {
        let length = article.text.len() as u64 + 1;
        // The chunk the article's middle falls in by length, kept
        // contiguous (no skipped chunk) and leaving enough articles for
        // the chunks after it.
        let middle = (seen + length / 2) * units / total;
        let ideal = ends.partition_point(|&end| end <= middle);
        let low = prev.max(n.saturating_sub(count - i));
        let high = if i == 0 { 0 } else { (prev + 1).min(n - 1) };
        let index = ideal.clamp(low.min(high), high);
        chunks[index].push(article);
        seen += length;
        prev = index;
    }
    chunks.retain(|c| !c.is_empty());
    chunks
}

/// A request for one worker (by its index in the pool).
pub type Addressed = (usize, WorkerRequest);

/// One run's bookkeeping: which chunk went to which worker, which are back,
/// the chunks still to hand out, and progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Coordinator {
    pub run: u64,
    title: Option<String>,
    notices: Vec<Notice>,
    /// Chunks not handed out yet, in bundle order.
    pending: VecDeque<(usize, Vec<Article>)>,
    /// The worker each chunk went to.
    worker_of: Vec<Option<usize>>,
    /// Which chunks are back.
    back: Vec<bool>,
    done: Vec<usize>,
    total: usize,
    /// When progress was last shown (milliseconds, page clock).
    shown_at: Option<f64>,
    /// The resolved report and its tables, until all are here.
    resolved: Option<Report>,
    tables: Option<Tables>,
    /// The bundle's articles as ingested, until a worker other than the
    /// assembling one has no chunk left: it then computes the tables that
    /// read only the text ([`WorkerRequest::Texts`]) while the assembling
    /// worker resolves. Only when several workers share the bundle.
    texts: Option<Vec<Article>>,
    /// Whether a worker was asked for those tables, and their part once
    /// it is back.
    text_elsewhere: bool,
    text: Option<TextPart>,
    /// Whether the assembling worker has what it needs to assemble (a
    /// bundle of one chunk gets it with that chunk).
    assembling: bool,
}

impl Coordinator {
    /// Bookkeeping for `chunks` shared by `workers` workers, and the first
    /// requests: [`AHEAD`] chunks for each worker, dealt in turn (worker 0,
    /// which assembles, keeps what it analyses).
    pub fn new(
        run: u64,
        title: Option<String>,
        notices: Vec<Notice>,
        chunks: Vec<Vec<Article>>,
        workers: usize,
    ) -> (Self, Vec<Addressed>) {
        let n = chunks.len();
        let texts = (n > 1 && workers > 1).then(|| chunks.iter().flatten().cloned().collect());
        let mut c = Coordinator {
            run,
            title,
            notices,
            total: chunks.iter().map(Vec::len).sum(),
            pending: chunks.into_iter().enumerate().collect(),
            worker_of: vec![None; n],
            back: vec![false; n],
            done: vec![0; n],
            shown_at: None,
            resolved: None,
            tables: None,
            texts,
            text_elsewhere: false,
            text: None,
            assembling: false,
        };
        let first = (0..AHEAD)
            .flat_map(|_| 0..workers.max(1))
            .filter_map(|w| c.next_for(w))
            .collect();
        (c, first)
    }

    /// The next chunk for `worker`, if any is left.
    fn next_for(&mut self, worker: usize) -> Option<Addressed> {
        let (chunk, articles) = self.pending.pop_front()?;
        if let Some(w) = self.worker_of.get_mut(chunk) {
            *w = Some(worker);
        }
        // A bundle of one chunk is assembled by its worker as soon as it
        // is analysed, without a round trip through the page.
        let whole = (worker == 0 && self.back.len() == 1).then(|| {
            self.assembling = true;
            Whole {
                title: self.title.take(),
                notices: std::mem::take(&mut self.notices),
            }
        });
        let request = WorkerRequest::Analyse {
            run: self.run,
            chunk,
            articles,
            keep: worker == 0,
            whole,
        };
        Some((worker, request))
    }

    /// The resolved report: the whole report if its tables are here.
    pub fn resolved(&mut self, report: Report) -> Option<Report> {
        self.resolved = Some(report);
        self.whole()
    }

    /// The report's tables: the whole report if the resolved report is
    /// here (the worker sends it first).
    pub fn tabulated(&mut self, tables: Tables) -> Option<Report> {
        self.tables = Some(tables);
        self.whole()
    }

    /// The tables that read only the text, from another worker than the
    /// assembling one: the whole report if the rest is here.
    pub fn text_tabulated(&mut self, part: TextPart) -> Option<Report> {
        self.text = Some(part);
        self.whole()
    }

    fn whole(&mut self) -> Option<Report> {
        if self.resolved.is_none()
            || self.tables.is_none()
            || (self.text_elsewhere && self.text.is_none())
        {
            return None;
        }
        let mut report = self.resolved.take()?;
        report.tables = self.tables.take()?;
        if let Some(part) = self.text.take() {
            report.tables.set_text(part);
        }
        Some(report)
    }

    /// Articles analysed so far in all chunks, and the bundle's total.
    pub fn progress(&mut self, chunk: usize, done: usize) -> (usize, usize) {
        if let Some(d) = self.done.get_mut(chunk) {
            *d = done;
        }
        (self.done.iter().sum(), self.total)
    }

    /// Whether progress `done` of this run, reported at `now`, should be
    /// shown: the first and the last always, others [`PROGRESS_MS`] apart.
    pub fn show_progress(&mut self, done: usize, now: f64) -> bool {
        let due = done >= self.total || self.shown_at.is_none_or(|t| now - t >= PROGRESS_MS);
        if due {
            self.shown_at = Some(now);
        }
        due
    }

    /// Record a finished chunk; the requests it brings: the worker's next
    /// chunk, or the text tables when none is left to hand out and the
    /// worker is not the assembling one (once per run), the chunk relayed
    /// to the assembling worker (unless that worker analysed it and kept
    /// it), then, once all are back, the request to assemble the report.
    pub fn analysed(&mut self, chunk: usize, articles: Sealed) -> Vec<Addressed> {
        let mut requests = Vec::new();
        let Some(Some(worker)) = self.worker_of.get(chunk).copied() else {
            return requests;
        };
        let Some(back) = self.back.get_mut(chunk) else {
            return requests;
        };
        if std::mem::replace(back, true) {
            return requests;
        }
        requests.extend(self.next_for(worker));
        if worker != 0 && self.pending.is_empty() {
            if let Some(articles) = self.texts.take() {
                self.text_elsewhere = true;
                let texts = WorkerRequest::Texts {
                    run: self.run,
                    articles,
                };
                requests.push((worker, texts));
            }
        }
        if worker != 0 {
            let relay = WorkerRequest::Relay {
                run: self.run,
                chunk,
                articles,
            };
            requests.push((0, relay));
        }
        if self.back.iter().all(|&b| b) && !std::mem::replace(&mut self.assembling, true) {
            let assemble = WorkerRequest::Assemble {
                run: self.run,
                title: self.title.take(),
                chunks: self.back.len(),
                notices: std::mem::take(&mut self.notices),
                text_elsewhere: self.text_elsewhere,
            };
            requests.push((0, assemble));
        }
        requests
    }
}

/// A running worker: requests go in through a channel (the bridge's sink
/// is async), updates come out through a task that feeds the pool.
struct Worker {
    inbox: mpsc::UnboundedSender<WorkerRequest>,
}

struct Inner {
    workers: Vec<Worker>,
    /// `blob:` URL of the script that starts a worker on this module.
    script: Option<String>,
    current: Option<Coordinator>,
    dispatcher: UseReducerDispatcher<State>,
}

/// The analysis workers of one page.
#[derive(Clone)]
pub struct Pool(Rc<RefCell<Inner>>);

impl PartialEq for Pool {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Pool {
    /// A pool with its [`standby_for`] workers started (so that the first
    /// analysis finds them warm).
    pub fn new(dispatcher: UseReducerDispatcher<State>) -> Self {
        let pool = Pool(Rc::new(RefCell::new(Inner {
            workers: Vec::new(),
            script: None,
            current: None,
            dispatcher,
        })));
        pool.grow(standby_for(cores()));
        // The first worker takes the page's first bundle (a small one
        // alone); the second rehearses a large run meanwhile.
        pool.send(1, WorkerRequest::Rehearse);
        pool
    }

    fn grow(&self, n: usize) {
        while self.0.borrow().workers.len() < n {
            let script = self.0.borrow().script.clone();
            let script = match script.map_or_else(super::agent::worker_script, Ok) {
                Ok(script) => script,
                Err(error) => {
                    let message = error.as_string().unwrap_or_else(|| format!("{error:?}"));
                    let dispatcher = self.0.borrow().dispatcher.clone();
                    dispatcher.dispatch(Action::WorkerFailed(message));
                    return;
                }
            };
            self.0.borrow_mut().script = Some(script.clone());
            let bridge = ReactorSpawner::<Analyser>::new()
                .encoding::<Json>()
                .as_module(true)
                .with_loader(true)
                .spawn(&script);
            let (mut sink, mut stream) = bridge.split();
            let (inbox, mut requests) = mpsc::unbounded::<WorkerRequest>();
            spawn_local(async move {
                while let Some(request) = requests.next().await {
                    if sink.send(request).await.is_err() {
                        break;
                    }
                }
            });
            let pool = self.clone();
            spawn_local(async move {
                while let Some(update) = stream.next().await {
                    pool.receive(update);
                }
                let dispatcher = pool.0.borrow().dispatcher.clone();
                dispatcher.dispatch(Action::WorkerStopped);
            });
            self.0.borrow_mut().workers.push(Worker { inbox });
        }
    }

    fn send(&self, worker: usize, request: WorkerRequest) {
        if let Some(w) = self.0.borrow().workers.get(worker) {
            let _ = w.inbox.unbounded_send(request);
        }
    }

    /// Start analysing `bundle` as run `run` (any older run is dropped).
    pub fn start(&self, run: u64, bundle: &Bundle) {
        let n = bundle.articles.len();
        let workers = workers_for(n, cores());
        let chunks = split(bundle.articles.clone(), chunks_for(n, workers), workers);
        let wanted = workers.min(chunks.len());
        self.grow(wanted);
        // Fewer if a worker could not be started (the page has said so):
        // a chunk sent to no worker would never come back.
        let started = self.0.borrow().workers.len();
        let workers = wanted.min(started).max(1);
        let (coordinator, first) = Coordinator::new(
            run,
            bundle.title.clone(),
            bundle.notices.clone(),
            chunks,
            workers,
        );
        self.0.borrow_mut().current = Some(coordinator);
        for (worker, request) in first {
            self.send(worker, request);
        }
    }

    /// Stop run `run` in every worker.
    pub fn cancel(&self, run: u64) {
        self.0.borrow_mut().current = None;
        let n = self.0.borrow().workers.len();
        for worker in 0..n {
            self.send(worker, WorkerRequest::Cancel { run });
        }
    }

    /// Apply the corrections `edits` (version `seq`) to run `run`'s
    /// automatic report in the worker that assembled it.
    pub fn apply(&self, run: u64, seq: u64, edits: Vec<crate::edits::Edit>) {
        self.send(0, WorkerRequest::Apply { run, seq, edits });
    }

    fn receive(&self, update: AnalysisUpdate) {
        if let AnalysisUpdate::Applied {
            run,
            seq,
            report,
            problems,
        } = update
        {
            let dispatcher = self.0.borrow().dispatcher.clone();
            dispatcher.dispatch(Action::Applied {
                run,
                seq,
                report,
                problems,
            });
            return;
        }
        let mut requests = Vec::new();
        let action = {
            let mut inner = self.0.borrow_mut();
            let Some(current) = inner.current.as_mut() else {
                return;
            };
            match update {
                AnalysisUpdate::Progress {
                    run, chunk, done, ..
                } if run == current.run => {
                    let (done, total) = current.progress(chunk, done);
                    current
                        .show_progress(done, js_sys::Date::now())
                        .then_some(Action::Progress { run, done, total })
                }
                AnalysisUpdate::Analysed {
                    run,
                    chunk,
                    articles,
                } if run == current.run => {
                    requests = current.analysed(chunk, articles);
                    None
                }
                // Deserialised, the report has no other owner.
                AnalysisUpdate::Resolved { run, report } if run == current.run => {
                    let report = Rc::try_unwrap(report).unwrap_or_else(|r| (*r).clone());
                    let whole = current.resolved(report);
                    finished(&mut inner, run, whole)
                }
                AnalysisUpdate::Tabulated { run, tables } if run == current.run => {
                    let whole = current.tabulated(tables);
                    finished(&mut inner, run, whole)
                }
                AnalysisUpdate::TextTabulated { run, part } if run == current.run => {
                    let whole = current.text_tabulated(part);
                    finished(&mut inner, run, whole)
                }
                _ => None,
            }
        };
        for (worker, request) in requests {
            self.send(worker, request);
        }
        if let Some(action) = action {
            let dispatcher = self.0.borrow().dispatcher.clone();
            dispatcher.dispatch(action);
        }
    }
}

/// The action for run `run`'s whole report, if it is complete (the run is
/// over then).
fn finished(inner: &mut Inner, run: u64, whole: Option<Report>) -> Option<Action> {
    let report = whole?;
    inner.current = None;
    Some(Action::Finished {
        run,
        report: Box::new(report),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn articles(lengths: &[usize]) -> Vec<Article> {
        lengths
            .iter()
            .enumerate()
            .map(|(i, &n)| Article {
                id: format!("a{}", i + 1),
                text: "x".repeat(n),
                ..Default::default()
            })
            .collect()
    }

    fn ids(chunks: &[Vec<Article>]) -> Vec<Vec<&str>> {
        chunks
            .iter()
            .map(|c| c.iter().map(|a| a.id.as_str()).collect())
            .collect()
    }

    #[wasm_bindgen_test]
    fn a_second_worker_stands_by_when_there_are_cores_for_it() {
        assert_eq!(standby_for(0), 1);
        assert_eq!(standby_for(1), 1);
        assert_eq!(standby_for(2), 2);
        assert_eq!(standby_for(16), STANDBY);
        // A bundle that would use the standby worker.
        assert_eq!(workers_for(2 * MIN_ARTICLES_PER_WORKER, 2), standby_for(2));
    }

    #[wasm_bindgen_test]
    fn small_bundles_use_one_worker_large_ones_up_to_the_cores() {
        assert_eq!(workers_for(6, 8), 1);
        assert_eq!(workers_for(12, 8), 2);
        assert_eq!(workers_for(300, 4), 4);
        assert_eq!(workers_for(300, 64), MAX_WORKERS);
        assert_eq!(workers_for(0, 0), 1);
    }

    #[wasm_bindgen_test]
    fn chunks_are_contiguous_shrink_round_by_round_and_are_never_empty() {
        let chunks = split(articles(&[100, 100, 100, 100]), 2, 2);
        assert_eq!(ids(&chunks), vec![vec!["a1", "a2"], vec!["a3", "a4"]]);
        // One long article takes a chunk of its own.
        let chunks = split(articles(&[1000, 10, 10, 10]), 2, 2);
        assert_eq!(ids(&chunks), vec![vec!["a1"], vec!["a2", "a3", "a4"]]);
        // Fewer articles than workers: one each.
        let chunks = split(articles(&[5, 5]), 4, 4);
        assert_eq!(chunks.len(), 2);
        let all: Vec<_> = split(articles(&[3, 900, 4, 5, 700, 6, 7]), 3, 2)
            .into_iter()
            .flatten()
            .map(|a| a.id)
            .collect();
        assert_eq!(all, ["a1", "a2", "a3", "a4", "a5", "a6", "a7"]);
        assert!(split(Vec::new(), 3, 2).is_empty());
        // More chunks than workers: the later rounds are smaller.
        let sizes = |chunks: &[Vec<Article>]| chunks.iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(sizes(&split(articles(&[10; 12]), 4, 2)), [4, 4, 2, 2]);
        assert_eq!(
            sizes(&split(articles(&[10; 20]), 8, 2)),
            [4, 4, 3, 3, 2, 2, 1, 1]
        );
        // One round: equal shares.
        assert_eq!(sizes(&split(articles(&[10; 12]), 3, 3)), [4, 4, 4]);
    }

    /// Chunks of one article each, the article's text `n` bytes long.
    fn sealed(lengths: &[usize]) -> Sealed {
        Sealed::seal(&articles(lengths))
    }

    fn chunks(lengths: &[usize]) -> Vec<Vec<Article>> {
        articles(lengths).into_iter().map(|a| vec![a]).collect()
    }

    /// (worker, kind, chunk) of each request, to compare at a glance.
    fn summary(requests: &[Addressed]) -> Vec<(usize, &'static str, usize)> {
        requests
            .iter()
            .map(|(w, r)| match r {
                WorkerRequest::Analyse { chunk, keep, .. } => {
                    (*w, if *keep { "analyse+keep" } else { "analyse" }, *chunk)
                }
                WorkerRequest::Relay { chunk, .. } => (*w, "relay", *chunk),
                WorkerRequest::Assemble {
                    chunks,
                    text_elsewhere,
                    ..
                } => {
                    let kind = if *text_elsewhere {
                        "assemble-text"
                    } else {
                        "assemble"
                    };
                    (*w, kind, *chunks)
                }
                WorkerRequest::Texts { articles, .. } => (*w, "texts", articles.len()),
                WorkerRequest::Cancel { .. } => (*w, "cancel", 0),
                WorkerRequest::Apply { .. } => (*w, "apply", 0),
                WorkerRequest::Rehearse => (*w, "rehearse", 0),
            })
            .collect()
    }

    #[wasm_bindgen_test]
    fn several_workers_get_a_few_chunks_each_of_at_least_six_articles() {
        assert_eq!(chunks_for(300, 1), 1);
        assert_eq!(chunks_for(300, 2), 2 * CHUNKS_PER_WORKER);
        assert_eq!(chunks_for(30, 2), 5);
        assert_eq!(chunks_for(12, 2), 2);
        assert_eq!(chunks_for(5, 2), 2);
    }

    #[wasm_bindgen_test]
    fn each_worker_gets_its_next_chunk_when_it_sends_one_back() {
        let (mut c, first) =
            Coordinator::new(3, None, Vec::new(), chunks(&[1, 2, 3, 4, 5, 6, 7]), 2);
        // Two chunks each to start, dealt in turn; the assembling worker
        // keeps its own.
        assert_eq!(
            summary(&first),
            [
                (0, "analyse+keep", 0),
                (1, "analyse", 1),
                (0, "analyse+keep", 2),
                (1, "analyse", 3)
            ]
        );
        // Worker 1 is faster: it takes the next chunk, and its chunk goes
        // on to worker 0 at once.
        assert_eq!(
            summary(&c.analysed(1, sealed(&[2]))),
            [(1, "analyse", 4), (0, "relay", 1)]
        );
        assert_eq!(
            summary(&c.analysed(3, sealed(&[4]))),
            [(1, "analyse", 5), (0, "relay", 3)]
        );
        // Worker 0 is back with its first chunk (kept, not relayed).
        assert_eq!(
            summary(&c.analysed(0, Sealed::default())),
            [(0, "analyse+keep", 6)]
        );
        assert_eq!(summary(&c.analysed(2, Sealed::default())), []);
        assert_eq!(summary(&c.analysed(6, Sealed::default())), []);
        // None is left for worker 1: it is asked for the text tables of
        // all seven articles (after the chunk it still has).
        assert_eq!(
            summary(&c.analysed(4, sealed(&[5]))),
            [(1, "texts", 7), (0, "relay", 4)]
        );
        // The last chunk back brings the request to assemble all seven,
        // but for those tables.
        assert_eq!(
            summary(&c.analysed(5, sealed(&[6]))),
            [(0, "relay", 5), (0, "assemble-text", 7)]
        );
        // Reported twice, or never sent: nothing.
        assert!(c.analysed(5, sealed(&[6])).is_empty());
        assert!(c.analysed(9, Sealed::default()).is_empty());
    }

    #[wasm_bindgen_test]
    fn progress_sums_every_chunk() {
        let (mut c, _) = Coordinator::new(
            3,
            None,
            Vec::new(),
            vec![articles(&[1, 1]), articles(&[1, 1])],
            2,
        );
        assert_eq!(c.progress(1, 1), (1, 4));
        assert_eq!(c.progress(0, 2), (3, 4));
        assert_eq!(c.progress(9, 2), (3, 4));
    }

    #[wasm_bindgen_test]
    fn progress_is_shown_at_first_then_now_and_then_and_at_the_end() {
        let (mut c, _) = Coordinator::new(
            3,
            None,
            Vec::new(),
            vec![articles(&[1, 1]), articles(&[1, 1])],
            2,
        );
        assert!(c.show_progress(1, 1000.0));
        assert!(!c.show_progress(2, 1000.0 + PROGRESS_MS / 2.0));
        assert!(c.show_progress(3, 1000.0 + PROGRESS_MS));
        // The last always: the page shows the bundle analysed.
        assert!(c.show_progress(4, 1000.0 + PROGRESS_MS + 1.0));
    }

    /// Tables that are not empty (one bundle warning).
    fn tables_with_a_warning() -> Tables {
        let mut tables = Tables::default();
        tables
            .warnings
            .push(crate::compare::hygiene::BundleWarning {
                kind: "date_far_apart".into(),
                articles: vec!["a1".into()],
                message: "a1 is dated far from the rest".into(),
            });
        tables
    }

    #[wasm_bindgen_test]
    fn the_report_is_whole_when_its_resolved_part_and_tables_are_both_back() {
        let mut report = Report::new();
        report.title = Some("T".into());
        let tables = tables_with_a_warning();
        for tables_first in [false, true] {
            let (mut c, _) = Coordinator::new(3, None, Vec::new(), chunks(&[1]), 1);
            let whole = if tables_first {
                assert!(c.tabulated(tables.clone()).is_none());
                c.resolved(report.clone())
            } else {
                assert!(c.resolved(report.clone()).is_none());
                c.tabulated(tables.clone())
            };
            let whole = whole.expect("both parts are back");
            assert_eq!(whole.title.as_deref(), Some("T"));
            assert_eq!(whole.tables, tables);
        }
    }

    #[wasm_bindgen_test]
    fn with_the_text_tables_from_another_worker_the_report_waits_for_them() {
        let (mut c, _) = Coordinator::new(3, None, Vec::new(), chunks(&[1, 2]), 2);
        let requests = c.analysed(1, sealed(&[2]));
        let Some((1, WorkerRequest::Texts { articles, .. })) = requests.first() else {
            panic!("worker 1 has no chunk left: {requests:?}");
        };
        // The articles as the page has them, in bundle order.
        assert_eq!(ids(std::slice::from_ref(articles)), [["a1", "a2"]]);
        assert_eq!(
            summary(&c.analysed(0, Sealed::default())),
            [(0, "assemble-text", 2)]
        );
        let tables = tables_with_a_warning();
        let span = |article: &str| crate::compare::SpanRef {
            article: article.into(),
            start: 0,
            end: 4,
        };
        let part = TextPart {
            shared_passages: vec![crate::compare::hygiene::SharedPassage {
                a: span("a1"),
                b: span("a2"),
                words: 1,
                text: "same".into(),
            }],
            ..TextPart::default()
        };
        assert!(c.resolved(Report::new()).is_none());
        assert!(c.tabulated(tables.clone()).is_none());
        let whole = c
            .text_tabulated(part.clone())
            .expect("all three parts are back");
        assert_eq!(whole.tables.warnings, tables.warnings);
        assert_eq!(whole.tables.shared_passages, part.shared_passages);
        // One worker: nothing to ask another for.
        let (mut c, _) = Coordinator::new(3, None, Vec::new(), chunks(&[1, 2]), 1);
        c.analysed(0, Sealed::default());
        let requests = c.analysed(1, Sealed::default());
        assert_eq!(summary(&requests), [(0, "assemble", 2)]);
    }

    #[wasm_bindgen_test]
    fn the_last_chunk_back_brings_the_request_to_assemble() {
        let (mut c, first) = Coordinator::new(3, Some("T".into()), Vec::new(), chunks(&[2, 1]), 4);
        // More workers than chunks: only two get one.
        assert_eq!(summary(&first), [(0, "analyse+keep", 0), (1, "analyse", 1)]);
        assert_eq!(
            summary(&c.analysed(1, sealed(&[1]))),
            [(1, "texts", 2), (0, "relay", 1)]
        );
        let requests = c.analysed(0, Sealed::default());
        let [(
            0,
            WorkerRequest::Assemble {
                run, title, chunks, ..
            },
        )] = requests.as_slice()
        else {
            panic!("all chunks are back: {requests:?}");
        };
        assert_eq!((*run, title.as_deref(), *chunks), (3, Some("T"), 2));
        // Several chunks: none is sent as the whole bundle.
        assert!(first
            .iter()
            .all(|(_, r)| matches!(r, WorkerRequest::Analyse { whole: None, .. })));
    }

    #[wasm_bindgen_test]
    fn a_bundle_of_one_chunk_is_assembled_without_being_asked() {
        let notices = vec![Notice::warning("a.txt", "odd")];
        let (mut c, first) =
            Coordinator::new(8, Some("T".into()), notices.clone(), chunks(&[3]), 2);
        let [(0, WorkerRequest::Analyse { keep, whole, .. })] = first.as_slice() else {
            panic!("one chunk for the first worker: {first:?}");
        };
        assert!(*keep);
        let whole = whole.as_ref().expect("the chunk is the whole bundle");
        assert_eq!(
            (whole.title.as_deref(), &whole.notices),
            (Some("T"), &notices)
        );
        // Back from the worker, it brings no request to assemble.
        assert!(c.analysed(0, Sealed::default()).is_empty());
    }

    #[wasm_bindgen_test]
    fn the_assembling_worker_puts_held_chunks_in_bundle_order() {
        let mut held = super::super::agent::Held::default();
        held.keep(4, 2, articles(&[3]), Vec::new());
        held.keep(4, 0, articles(&[1, 1]), Vec::new());
        // A stale chunk of an older run is dropped.
        held.keep(3, 1, articles(&[9]), Vec::new());
        held.keep(4, 1, articles(&[2]), Vec::new());
        let (all, _, missing) = held.articles(4, 3);
        assert_eq!(missing, 0);
        assert_eq!(
            all.iter().map(|a| a.text.len()).collect::<Vec<_>>(),
            [1, 1, 2, 3]
        );
        // A newer run starts afresh; a missing chunk is counted.
        let mut held = super::super::agent::Held::default();
        held.keep(4, 0, articles(&[1]), Vec::new());
        held.keep(5, 0, articles(&[2]), Vec::new());
        let (all, _, missing) = held.articles(5, 2);
        assert_eq!((all.len(), missing), (1, 1));
        // Cancelling a run drops its chunks, not a newer run's.
        let mut held = super::super::agent::Held::default();
        held.keep(5, 0, articles(&[2]), Vec::new());
        held.cancel(4);
        held.cancel(5);
        let (all, segs, missing) = held.articles(5, 1);
        assert!(all.is_empty() && segs.is_empty() && missing == 1);
        let mut held = super::super::agent::Held::default();
        held.keep(6, 0, articles(&[2]), Vec::new());
        held.cancel(5);
        assert_eq!(held.articles(6, 1).2, 0);
    }
}
