//! The analysis web worker: a yew-agent reactor that runs
//! [`crate::analysis`] off the main thread and reports progress.
//!
//! The page ([`super::pool`]) may run several of these workers at once. Each
//! gets [`WorkerRequest::Analyse`] requests, one at a time, each with a
//! contiguous chunk of the bundle's articles, runs
//! [`analysis::analyze_article`] on them one at a time, sends
//! [`AnalysisUpdate::Progress`] as it goes and the analysed chunk at the
//! end. When every chunk is back, one worker gets
//! [`WorkerRequest::Assemble`] with all of them and sends the finished
//! [`Report`] (bundle-level resolution and the comparison tables need the
//! whole bundle) in two messages: the resolved report first
//! ([`AnalysisUpdate::Resolved`]), which the page decodes while the worker
//! computes the tables, then the tables ([`AnalysisUpdate::Tabulated`]).
//!
//! Between two articles the worker looks at its inbox: a newer request
//! replaces the current one (loading more files never queues stale work)
//! and [`WorkerRequest::Cancel`] stops it. Every message carries the run
//! number, and the page ignores updates from runs that are not current.
//!
//! The worker that will assemble the report keeps the chunks it analyses
//! (`keep`) and sends back empty ones. The page relays
//! every other chunk to it ([`WorkerRequest::Relay`]) as soon as that chunk
//! is back, unread ([`Sealed`]), so the relayed articles are decoded while
//! the assembling worker is still analysing its own, and
//! [`WorkerRequest::Assemble`] itself carries no articles. A bundle of one
//! chunk, the usual case, is assembled as soon as it is analysed: its
//! request says so (`whole`), and no request to assemble follows. With
//! several workers, the first other worker to run out of chunks computes
//! the tables that read only the articles' text
//! ([`WorkerRequest::Texts`], from the articles as the page has them),
//! while the assembling worker resolves the bundle and computes the rest:
//! the page puts the two together.
//!
//! The worker that assembled a run keeps its automatic report (resolved,
//! without the tables it sent), so that applying the user's corrections to
//! a large bundle ([`WorkerRequest::Apply`], which recomputes every table)
//! also runs off the main thread.
//!
//! Messages cross the boundary as bytes ([`Json`]): their small fields as
//! JSON, the articles, the report and its tables in postcard's compact
//! binary form beside it ([`packed`]; the JSON of all BASIL articles'
//! tables alone was 9.5 MB). Bytes in a `Uint8Array`, not JavaScript
//! strings: turning the 13 MB report of a 300-article bundle into UTF-16
//! and back took 150–350 ms, copying bytes takes a few.
//!
//! A worker looks at its inbox (a turn of its event loop, [`next_turn`])
//! only every [`SLICE_MS`]: each look costs a task switch, and when it was
//! a zero-delay timer (clamped to 4 ms when nested) looking after every
//! article spent as long waiting as analysing (≈ 0.65 s per worker on 300
//! BASIL articles). Progress goes out at the same moments (and after the
//! first article) rather than after every article: each update re-renders
//! the page (1–2 ms), and 300 of them took a core's time from the workers
//! on a two-core machine.

use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

use futures::{FutureExt, SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use yew_agent::reactor::{reactor, ReactorScope};
use yew_agent::{Codec, Registrable};

use crate::analysis::{self, sentences::Segmented};
use crate::compare::TextPart;
use crate::edits::{self, Edit, EditProblem};
use crate::ingest::Bundle;
use crate::report::{Article, Notice, Report, Tables};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `import.meta` of the JS glue that loaded this module.
    type ImportMeta;
    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static IMPORT_META: ImportMeta;
    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> String;
}

/// URL of a module script that starts a worker on this very module: it
/// imports the JS glue that loaded the page's module (trunk's hashed
/// `parallax-app-….js`) and initialises it with the `_bg.wasm` beside it
/// (named explicitly: the glue's own default lacks trunk's hash). Page and
/// workers so share one download, and the browser's cache of it. In the
/// worker the module's entry finds no `window` and calls [`register`].
pub fn worker_script() -> Result<String, JsValue> {
    let glue = IMPORT_META.with(ImportMeta::url);
    let wasm = match glue.strip_suffix(".js") {
        Some(stem) => format!("{stem}_bg.wasm"),
        None => return Err(JsValue::from_str("unexpected module URL")),
    };
    let source = format!(
        "import init from {};\nawait init({{ module_or_path: {} }});\n",
        js_string(&glue),
        js_string(&wasm)
    );
    let parts = js_sys::Array::of1(&JsValue::from_str(&source));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    web_sys::Url::create_object_url_with_blob(&blob)
}

/// `text` as a JavaScript string literal.
fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// What the page asks a worker to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WorkerRequest {
    /// Analyse these articles (chunk `chunk` of run `run`); with `keep`,
    /// hold them for this run's [`WorkerRequest::Assemble`] and send an
    /// empty chunk back.
    Analyse {
        run: u64,
        chunk: usize,
        #[serde(with = "packed")]
        articles: Vec<Article>,
        keep: bool,
        /// The chunk is the whole bundle (it is kept): assemble the report
        /// as soon as it is analysed, as [`WorkerRequest::Assemble`] with
        /// this title and these notices would, without waiting for the
        /// page to ask (the round trip took 3–20 ms of a small bundle's
        /// ≈ 40–80 ms).
        whole: Option<Whole>,
    },
    /// Another worker's analysed chunk of run `run`, for the assembling
    /// worker to keep until [`WorkerRequest::Assemble`] (passed on by the
    /// page as it came, [`Sealed`]).
    Relay {
        run: u64,
        chunk: usize,
        articles: Sealed,
    },
    /// Resolve and tabulate the whole bundle of run `run`, every article
    /// analysed: the `chunks` chunks this worker kept (its own and the
    /// relayed ones). With `text_elsewhere`, another worker computes the
    /// tables that read only the text ([`WorkerRequest::Texts`]), and this
    /// one leaves them empty.
    Assemble {
        run: u64,
        title: Option<String>,
        chunks: usize,
        notices: Vec<Notice>,
        text_elsewhere: bool,
    },
    /// Compute the tables of run `run` that read only the articles' text
    /// (distinctive wording, shared passages: [`TextPart`]) from all its
    /// articles as ingested, while another worker assembles the rest. The
    /// page asks a worker that has no chunk left to analyse.
    Texts {
        run: u64,
        #[serde(with = "packed")]
        articles: Vec<Article>,
    },
    /// Stop working on run `run` (the user pressed Cancel).
    Cancel { run: u64 },
    /// Rehearse a large run ([`rehearse`]); the page asks its second
    /// worker once, when it starts it. Any other request ends it.
    Rehearse,
    /// Apply corrections (version `seq` of the list) to the automatic
    /// report of run `run`, which this worker assembled.
    Apply {
        run: u64,
        seq: u64,
        edits: Vec<Edit>,
    },
}

/// What assembling a bundle of one chunk needs besides its articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Whole {
    pub title: Option<String>,
    pub notices: Vec<Notice>,
}

impl WorkerRequest {
    fn run(&self) -> u64 {
        match self {
            WorkerRequest::Analyse { run, .. }
            | WorkerRequest::Relay { run, .. }
            | WorkerRequest::Assemble { run, .. }
            | WorkerRequest::Texts { run, .. }
            | WorkerRequest::Cancel { run }
            | WorkerRequest::Apply { run, .. } => *run,
            // Before every run of the page.
            WorkerRequest::Rehearse => 0,
        }
    }
}

/// What a worker sends back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AnalysisUpdate {
    /// `done` of the `total` articles of chunk `chunk` analysed.
    Progress {
        run: u64,
        chunk: usize,
        done: usize,
        total: usize,
    },
    /// Chunk `chunk`, analysed ([`Sealed`]: the page only passes it on).
    Analysed {
        run: u64,
        chunk: usize,
        articles: Sealed,
    },
    /// The report of run `run` resolved (articles with their entities and
    /// speakers, the bundle's entities) but without its comparison tables,
    /// which follow in [`AnalysisUpdate::Tabulated`]: the page decodes this
    /// part while the worker computes the tables.
    Resolved {
        run: u64,
        #[serde(with = "packed")]
        report: Rc<Report>,
    },
    /// The tables of run `run` that read only the text, for the
    /// assembling worker's [`AnalysisUpdate::Tabulated`] (asked for with
    /// [`WorkerRequest::Texts`]).
    TextTabulated {
        run: u64,
        #[serde(with = "packed")]
        part: TextPart,
    },
    /// The comparison tables of run `run`'s report, which completes it
    /// (with the [`AnalysisUpdate::TextTabulated`] part when another
    /// worker computes it).
    Tabulated {
        run: u64,
        #[serde(with = "packed")]
        tables: Tables,
    },
    /// The report of run `run` with corrections `seq` applied; `None`
    /// when this worker does not have that run's report.
    Applied {
        run: u64,
        seq: u64,
        #[serde(with = "packed")]
        report: Option<Box<Report>>,
        problems: Vec<EditProblem>,
    },
}

/// The worker messages' codec: JSON (the report's JSON leaves empty fields
/// out, which a format without field names, such as yew-agent's default
/// bincode, cannot read back), with the [`packed`] parts of a message
/// beside it as bytes of their own: a message with such parts travels as
/// an array, its JSON first.
#[derive(Debug)]
pub struct Json;

impl Codec for Json {
    fn encode<I: Serialize>(input: I) -> JsValue {
        PACKED.with(|p| p.borrow_mut().clear());
        // Serialising plain structs of strings and numbers cannot fail.
        let bytes = serde_json::to_vec(&input).expect_throw("worker message to JSON");
        let json: JsValue = js_sys::Uint8Array::from(bytes.as_slice()).into();
        let parts = PACKED.with(|p| std::mem::take(&mut *p.borrow_mut()));
        if parts.is_empty() {
            return json;
        }
        let message = js_sys::Array::of1(&json);
        for part in &parts {
            message.push(&js_sys::Uint8Array::from(part.as_slice()));
        }
        message.into()
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        // Both ends are this crate, so a message that does not parse is a bug.
        let (json, parts) = match input.dyn_into::<js_sys::Array>() {
            Ok(message) => {
                let mut parts = message.iter().map(|part| {
                    part.dyn_into::<js_sys::Uint8Array>()
                        .expect_throw("worker message part is bytes")
                        .to_vec()
                });
                let json = parts
                    .next()
                    .expect_throw("worker message has its JSON first");
                (json, parts.collect())
            }
            Err(input) => (
                input
                    .dyn_into::<js_sys::Uint8Array>()
                    .expect_throw("worker message is bytes")
                    .to_vec(),
                Vec::new(),
            ),
        };
        PACKED.with(|p| *p.borrow_mut() = parts);
        let message = serde_json::from_slice(&json).expect_throw("worker message from JSON");
        PACKED.with(|p| p.borrow_mut().clear());
        message
    }
}

thread_local! {
    /// The packed parts of the message being encoded or decoded.
    static PACKED: std::cell::RefCell<Vec<Vec<u8>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Fields of worker messages (`#[serde(with = "packed")]`) sent in
/// postcard's compact binary form rather than as JSON: the number in the
/// JSON says which of the message's packed parts holds the field. For the
/// comparison tables of a large bundle (9.5 MB of JSON for all BASIL
/// articles, mostly keys and byte spans) the bytes are a third as many and
/// both ends handle them in well under half the time; the report and the
/// analysed articles gain less. Postcard keeps no field names, so every
/// field is serialised, and it cannot read internally tagged enums, so a
/// corrected report's `edits` go as JSON text inside
/// ([`crate::report::in_wire_form`]).
pub mod packed {
    use super::PACKED;
    use serde::de::{DeserializeOwned, Error as _};
    use serde::ser::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let bytes = crate::report::in_wire_form(|| postcard::to_allocvec(value))
            .map_err(S::Error::custom)?;
        let index = PACKED.with(|p| {
            let mut parts = p.borrow_mut();
            parts.push(bytes);
            parts.len() - 1
        });
        serializer.serialize_u64(index as u64)
    }

    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        let index = usize::deserialize(deserializer)?;
        let bytes = PACKED
            .with(|p| p.borrow_mut().get_mut(index).map(std::mem::take))
            .ok_or_else(|| D::Error::custom("a packed part of the message is missing"))?;
        crate::report::in_wire_form(|| postcard::from_bytes(&bytes)).map_err(D::Error::custom)
    }
}

/// Analysed articles in their packed form (postcard bytes, as
/// [`packed`] writes a field), which travel from the worker that analysed
/// them through the page to the assembling worker without being read on
/// the way: the page has the articles' text already and needs nothing of
/// a chunk but that it is back. Reading each chunk on the page and
/// writing it again for the assembling worker took the page ≈ 25 ms per
/// chunk of a 300-article bundle, time taken from the workers on a
/// two-core machine; passing the bytes on is a copy.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sealed(Vec<u8>);

impl Sealed {
    pub fn seal(articles: &[Article]) -> Sealed {
        // Plain structs of strings and numbers always serialise.
        Sealed(crate::report::in_wire_form(|| postcard::to_allocvec(articles)).unwrap_or_default())
    }

    /// The articles, or why they cannot be read (a bug: both ends are this
    /// crate).
    pub fn open(&self) -> Result<Vec<Article>, String> {
        crate::report::in_wire_form(|| postcard::from_bytes(&self.0)).map_err(|e| e.to_string())
    }
}

impl Serialize for Sealed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = PACKED.with(|p| {
            let mut parts = p.borrow_mut();
            parts.push(self.0.clone());
            parts.len() - 1
        });
        serializer.serialize_u64(index as u64)
    }
}

impl<'de> Deserialize<'de> for Sealed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Sealed, D::Error> {
        use serde::de::Error as _;
        let index = usize::deserialize(deserializer)?;
        PACKED
            .with(|p| p.borrow_mut().get_mut(index).map(std::mem::take))
            .map(Sealed)
            .ok_or_else(|| D::Error::custom("a packed part of the message is missing"))
    }
}

type Scope = ReactorScope<WorkerRequest, AnalysisUpdate>;

/// Longest stretch of analysis, in milliseconds, between two looks at the
/// inbox (for a cancel or a newer request; see the module docs).
const SLICE_MS: f64 = 50.0;

thread_local! {
    /// The channel [`next_turn`] posts through (one per worker, kept).
    static TURNS: Option<web_sys::MessageChannel> = web_sys::MessageChannel::new().ok();
}

/// Let this worker's event loop take a turn: updates queued with `send`
/// are posted and the requests waiting in the inbox (a cancel, a relayed
/// chunk) are delivered. A message to itself through a `MessageChannel`,
/// not a zero-delay timer: browsers clamp nested timers to 4 ms, which was
/// ≈ 7 % of a worker's time at one look per [`SLICE_MS`]. Messages that
/// came before it are handled first (one task source, in order).
async fn next_turn() {
    let turn = TURNS.with(|channel| {
        let channel = channel.as_ref()?;
        let posted = js_sys::Promise::new(&mut |resolve, _reject| {
            channel.port1().set_onmessage(Some(&resolve));
            if channel.port2().post_message(&JsValue::NULL).is_err() {
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
        Some(wasm_bindgen_futures::JsFuture::from(posted))
    });
    match turn {
        Some(turn) => {
            let _ = turn.await;
        }
        None => yew::platform::time::sleep(Duration::ZERO).await,
    }
}

/// Copies of the example's articles in the last round of [`warm_up`].
const WARM_COPIES: usize = 4;

/// Decode the NER model and load every lexicon now, when the page starts
/// the worker, rather than when the user's first bundle arrives: that took
/// most of the first analysis (≈ 0.5 s of a 0.6 s seed-bundle run). The
/// built-in example bundle is analysed on the way, as a one-worker run
/// does it (articles, then the report resolved and encoded for the page,
/// then the tables encoded), so that the browser has optimised that code,
/// the messages' encoding included, by the time the user's bundle comes
/// (it starts in a quick baseline compile, and a function is optimised
/// only after it has done enough work): twice, then once more as a bundle
/// of [`WARM_COPIES`] copies of its articles, whose bundle-level steps run
/// longer. The third round took the seed bundle's analysis on a fresh page
/// from 101–107 ms to 80–90 ms (three alternating runs each). Requests
/// that come meanwhile wait in the inbox.
fn warm_up() {
    for round in 0..3 {
        let mut bundle = crate::ingest::ingest(super::example::files());
        if round == 2 {
            bundle.articles = copies(&bundle.articles, WARM_COPIES);
        }
        bundle
            .articles
            .iter_mut()
            .for_each(analysis::analyze_article);
        let (report, segs) = analysis::assemble_resolved(bundle);
        let report = Rc::new(report);
        let _ = Json::encode(AnalysisUpdate::Resolved {
            run: 0,
            report: Rc::clone(&report),
        });
        let tables = crate::compare::tables_in(&report, segs);
        let _ = Json::encode(AnalysisUpdate::Tabulated { run: 0, tables });
    }
}

/// `n` copies of `articles`, each copy's ids prefixed with its number.
fn copies(articles: &[Article], n: usize) -> Vec<Article> {
    (0..n)
        .flat_map(|c| {
            articles.iter().map(move |a| {
                let mut a = a.clone();
                a.id = format!("c{c}{}", a.id);
                a
            })
        })
        .collect()
}

/// Copies of the example's articles in a rehearsal ([`rehearse`]).
const REHEARSAL_COPIES: usize = 16;

/// Rehearse a run of several workers on [`REHEARSAL_COPIES`] copies of the
/// example's articles, as both its workers would: two chunks analysed,
/// one kept and one sealed and relayed, the text tables, then the report
/// resolved and the other tables, every message encoded. The page asks its
/// second worker for this when it starts it, and the worker does it after
/// its own [`warm_up`], while the page is usually idle. The page and all its
/// workers run one compiled module, whose functions the browser optimises
/// once they have done enough work: this gets more of them optimised, and
/// those that only a run of several workers calls compiled at all, before
/// the user's first bundle. A request that comes meanwhile ends the
/// rehearsal: between two articles (as it ends any run) or between the
/// steps after them, so that it waits at most for one of those steps
/// (tens of ms).
async fn rehearse(scope: &mut Scope, queued: &mut VecDeque<WorkerRequest>) -> Outcome {
    let bundle = crate::ingest::ingest(super::example::files());
    let all = copies(&bundle.articles, REHEARSAL_COPIES);
    let mut kept = all.clone();
    let relayed = kept.split_off(kept.len() / 2);
    let mut held = Held::default();
    match analyse(scope, 0, 0, kept, Some(&mut held), queued).await {
        Analysed::Done(articles, segs) => held.keep(0, 0, articles, segs),
        Analysed::Stopped(outcome) => return outcome,
    }
    match analyse(scope, 0, 1, relayed, None, queued).await {
        Analysed::Done(articles, _) => held.relayed(0, 1, &Sealed::seal(&articles)),
        Analysed::Stopped(outcome) => return outcome,
    }
    if let Some(outcome) = interrupted(scope).await {
        return outcome;
    }
    let part = TextPart::of(&all);
    let _ = Json::encode(AnalysisUpdate::TextTabulated { run: 0, part });
    if let Some(outcome) = interrupted(scope).await {
        return outcome;
    }
    let (articles, segs, _) = held.articles(0, 2);
    let bundle = Bundle {
        title: None,
        articles,
        notices: Vec::new(),
    };
    let (report, segs) = analysis::assemble_resolved_with(bundle, segs);
    let report = Rc::new(report);
    let _ = Json::encode(AnalysisUpdate::Resolved {
        run: 0,
        report: Rc::clone(&report),
    });
    if let Some(outcome) = interrupted(scope).await {
        return outcome;
    }
    let tables = crate::compare::tables_except_text(&report, segs);
    let _ = Json::encode(AnalysisUpdate::Tabulated { run: 0, tables });
    Outcome::Done
}

/// Whether a request has come (it replaces the rehearsal in progress),
/// after letting this worker's event loop take a turn.
async fn interrupted(scope: &mut Scope) -> Option<Outcome> {
    next_turn().await;
    match scope.next().now_or_never()? {
        Some(request) => Some(Outcome::Replaced(request)),
        None => Some(Outcome::Disconnected),
    }
}

/// The reactor: handles requests one after another, newest wins.
#[reactor(Analyser)]
pub async fn analyser(mut scope: Scope) {
    warm_up();
    // The automatic report this worker assembled last, resolved but
    // without its tables, for corrections (`edits::apply` recomputes every
    // table from the corrected report).
    let mut kept: Option<(u64, Rc<Report>)> = None;
    // The analysed chunks it holds for assembling a run.
    let mut held = Held::default();
    // The next chunks of the run being analysed, sent ahead by the page
    // so that no time passes between two chunks; they wait here.
    let mut queued: VecDeque<WorkerRequest> = VecDeque::new();
    let mut next = scope.next().await;
    while let Some(request) = next.take() {
        let outcome = match request {
            WorkerRequest::Analyse {
                run,
                chunk,
                articles,
                keep,
                whole,
            } => {
                // The chunks held so far stay: a worker gets several
                // chunks of one run (`Held::keep` drops older runs').
                let relayed = keep.then_some(&mut held);
                match analyse(&mut scope, run, chunk, articles, relayed, &mut queued).await {
                    Analysed::Done(mut articles, segs) => {
                        if keep {
                            held.keep(run, chunk, std::mem::take(&mut articles), segs);
                        }
                        let update = AnalysisUpdate::Analysed {
                            run,
                            chunk,
                            articles: Sealed::seal(&articles),
                        };
                        match (send(&mut scope, update).await, whole.filter(|_| keep)) {
                            (Outcome::Done, Some(whole)) => {
                                let articles = std::mem::take(&mut held).articles(run, 1);
                                assemble(&mut scope, run, articles, whole, false, &mut kept).await
                            }
                            (outcome, _) => outcome,
                        }
                    }
                    Analysed::Stopped(outcome) => outcome,
                }
            }
            WorkerRequest::Relay {
                run,
                chunk,
                articles,
            } => {
                held.relayed(run, chunk, &articles);
                Outcome::Done
            }
            WorkerRequest::Assemble {
                run,
                title,
                chunks,
                notices,
                text_elsewhere,
            } => {
                let articles = std::mem::take(&mut held).articles(run, chunks);
                let whole = Whole { title, notices };
                assemble(&mut scope, run, articles, whole, text_elsewhere, &mut kept).await
            }
            WorkerRequest::Texts { run, articles } => {
                let part = TextPart::of(&articles);
                send(&mut scope, AnalysisUpdate::TextTabulated { run, part }).await
            }
            // Nothing of that run is in progress here.
            WorkerRequest::Cancel { run } => Outcome::Cancelled(run),
            WorkerRequest::Rehearse => rehearse(&mut scope, &mut queued).await,
            WorkerRequest::Apply { run, seq, edits } => {
                // Only the latest list matters: skip to the newest request
                // already waiting.
                match scope.next().now_or_never() {
                    Some(Some(newer)) => {
                        next = Some(newer);
                        continue;
                    }
                    Some(None) => break,
                    None => {}
                }
                let (report, problems) = match kept.as_ref().filter(|(r, _)| *r == run) {
                    Some((_, auto)) => {
                        let (report, problems) = edits::apply(auto, &edits);
                        (Some(Box::new(report)), problems)
                    }
                    None => (None, Vec::new()),
                };
                let update = AnalysisUpdate::Applied {
                    run,
                    seq,
                    report,
                    problems,
                };
                send(&mut scope, update).await
            }
        };
        if let Outcome::Cancelled(run) = outcome {
            // Its chunks sent ahead, and those held for assembling it (a
            // large bundle's analysed articles take tens of MB).
            queued.retain(|q| q.run() > run);
            held.cancel(run);
        }
        match outcome {
            Outcome::Done | Outcome::Cancelled(_) => {
                next = match queued.pop_front() {
                    // `send` only queues: let what was just sent (a chunk
                    // for the assembling worker) go out before the next
                    // request takes this thread for tens of ms.
                    Some(q) => {
                        next_turn().await;
                        Some(q)
                    }
                    None => scope.next().await,
                }
            }
            Outcome::Replaced(newer) => {
                queued.retain(|q| q.run() >= newer.run());
                next = Some(newer);
            }
            Outcome::Disconnected => break,
        }
    }
}

/// The analysed chunks of one run that the assembling worker holds: its own
/// and those the page relayed, each with its articles' segmentations
/// (tokens and sentences), which assembling would otherwise compute again
/// for every article on this one worker after the chunks are in.
#[derive(Debug, Default)]
pub struct Held {
    run: Option<u64>,
    chunks: Vec<(usize, Vec<Article>, Vec<Segmented>)>,
}

/// What [`Held::articles`] gives for assembling: the articles, their
/// segmentations, and how many chunks are missing.
pub type HeldArticles = (Vec<Article>, Vec<Segmented>, usize);

impl Held {
    /// Keep chunk `chunk` of run `run` (a newer run drops the older chunks;
    /// an older run's chunk is stale and dropped).
    /// `segs` are the articles' segmentations, one per article (with
    /// fewer, assembling segments every article again).
    pub fn keep(&mut self, run: u64, chunk: usize, articles: Vec<Article>, segs: Vec<Segmented>) {
        if self.is_stale(run) {
            return;
        }
        if self.run != Some(run) {
            *self = Held {
                run: Some(run),
                chunks: Vec::new(),
            };
        }
        self.chunks.retain(|(c, _, _)| *c != chunk);
        self.chunks.push((chunk, articles, segs));
    }

    /// Whether run `run` is older than the one held (its chunks are dropped).
    fn is_stale(&self, run: u64) -> bool {
        self.run.is_some_and(|r| r > run)
    }

    /// Keep a chunk relayed from another worker, segmented now (it comes
    /// while this worker analyses its own chunks, and the page gives the
    /// other workers more chunks meanwhile); one that cannot be read is
    /// left out, and assembling says that a part is missing.
    pub fn relayed(&mut self, run: u64, chunk: usize, articles: &Sealed) {
        if self.is_stale(run) {
            return;
        }
        if let Ok(articles) = articles.open() {
            let segs = articles
                .iter()
                .map(|a| analysis::sentences::segment(&a.text, &a.boilerplate))
                .collect();
            self.keep(run, chunk, articles, segs);
        }
    }

    /// Drop the chunks held if they belong to run `run` or an older one
    /// (it was cancelled).
    pub fn cancel(&mut self, run: u64) {
        if self.run.is_some_and(|r| r <= run) {
            *self = Held::default();
        }
    }

    /// The articles of run `run`'s chunks `0..chunks` in bundle order,
    /// their segmentations, and how many of those chunks are missing.
    pub fn articles(self, run: u64, chunks: usize) -> HeldArticles {
        if self.run != Some(run) {
            return (Vec::new(), Vec::new(), chunks);
        }
        let mut held = self.chunks;
        held.retain(|(c, _, _)| *c < chunks);
        crate::sort::by_key(&mut held, |(c, _, _)| *c);
        let missing = chunks - held.len();
        let mut articles = Vec::new();
        let mut segs = Vec::new();
        for (_, a, s) in held {
            articles.extend(a);
            segs.extend(s);
        }
        (articles, segs, missing)
    }
}

enum Outcome {
    Done,
    /// The run given, and any older one, was cancelled.
    Cancelled(u64),
    Replaced(WorkerRequest),
    Disconnected,
}

/// How analysing a chunk ended: its articles and, for a chunk this worker
/// keeps, their segmentations.
enum Analysed {
    Done(Vec<Article>, Vec<Segmented>),
    Stopped(Outcome),
}

/// Resolve and tabulate run `run` from its analysed `articles` (and how
/// many of its chunks are missing), sending the resolved report, then its
/// tables (but for the [`TextPart`] with `text_elsewhere`); the automatic
/// report is kept in `kept` for corrections.
async fn assemble(
    scope: &mut Scope,
    run: u64,
    (articles, segs, missing): HeldArticles,
    whole: Whole,
    text_elsewhere: bool,
    kept: &mut Option<(u64, Rc<Report>)>,
) -> Outcome {
    let Whole { title, mut notices } = whole;
    if missing > 0 {
        // Cannot happen: the page relays every chunk before it asks for
        // the report. Say so rather than lose articles silently.
        notices.push(Notice::error(
            "(analysis)",
            format!(
                "{missing} part(s) of the bundle did not reach the analysis worker \
                 and are missing from the results; analyse again."
            ),
        ));
    }
    let bundle = Bundle {
        title,
        articles,
        notices,
    };
    let (report, segs) = analysis::assemble_resolved_with(bundle, segs);
    // Sent without a copy (the message is serialised from the shared
    // report), then tabulated while the page decodes it.
    let report = Rc::new(report);
    let resolved = AnalysisUpdate::Resolved {
        run,
        report: Rc::clone(&report),
    };
    if let Outcome::Disconnected = send(scope, resolved).await {
        return Outcome::Disconnected;
    }
    // `send` only queues the message: let it be encoded and posted before
    // the tables take this thread.
    next_turn().await;
    let tables = if text_elsewhere {
        crate::compare::tables_except_text(&report, segs)
    } else {
        crate::compare::tables_in(&report, segs)
    };
    // The previous run's report is freed once the tables are on their way
    // (for a 300-article bundle that takes 3–4 ms, which the page waited).
    let previous = kept.replace((run, report));
    let outcome = send(scope, AnalysisUpdate::Tabulated { run, tables }).await;
    if let Some(previous) = previous {
        next_turn().await;
        drop(previous);
    }
    outcome
}

async fn send(scope: &mut Scope, update: AnalysisUpdate) -> Outcome {
    match scope.send(update).await {
        Ok(()) => Outcome::Done,
        Err(_) => Outcome::Disconnected,
    }
}

/// Analyse `articles` (chunk `chunk` of run `run`); when this worker will
/// assemble the run, chunks relayed to it meanwhile go to `relayed`, and
/// the run's next chunks sent ahead go to `queued`.
async fn analyse(
    scope: &mut Scope,
    run: u64,
    chunk: usize,
    mut articles: Vec<Article>,
    mut relayed: Option<&mut Held>,
    queued: &mut VecDeque<WorkerRequest>,
) -> Analysed {
    let total = articles.len();
    let mut segs = Vec::new();
    let mut looked = js_sys::Date::now();
    for i in 0..total {
        if let Some(article) = articles.get_mut(i) {
            if relayed.is_some() {
                segs.push(analysis::analyze_article_segmented(article));
            } else {
                analysis::analyze_article(article);
            }
        }
        // Progress after the first article (the page shows at once that
        // the work has started), then every SLICE_MS, and at the end.
        if i > 0 && i + 1 < total && js_sys::Date::now() - looked < SLICE_MS {
            continue;
        }
        let progress = AnalysisUpdate::Progress {
            run,
            chunk,
            done: i + 1,
            total,
        };
        if let Outcome::Disconnected = send(scope, progress).await {
            return Analysed::Stopped(Outcome::Disconnected);
        }
        // Let the progress message go out, then read the inbox: a cancel
        // stops this run, any newer request replaces it, a relayed chunk
        // of this run is kept for assembling.
        next_turn().await;
        looked = js_sys::Date::now();
        while let Some(waiting) = scope.next().now_or_never() {
            match waiting {
                Some(WorkerRequest::Cancel { run: cancelled }) if cancelled >= run => {
                    return Analysed::Stopped(Outcome::Cancelled(cancelled));
                }
                // This run's next chunk, sent ahead, or its text tables:
                // after this chunk.
                Some(
                    request @ (WorkerRequest::Analyse { run: r, .. }
                    | WorkerRequest::Texts { run: r, .. }),
                ) if r == run => {
                    queued.push_back(request);
                }
                Some(WorkerRequest::Relay {
                    run: r,
                    chunk,
                    articles,
                }) if r == run => {
                    if let Some(held) = relayed.as_deref_mut() {
                        held.relayed(r, chunk, &articles);
                    }
                }
                Some(newer) if newer.run() >= run => {
                    return Analysed::Stopped(Outcome::Replaced(newer));
                }
                // Older runs' messages and cancels.
                Some(_) => {}
                None => return Analysed::Stopped(Outcome::Disconnected),
            }
        }
    }
    Analysed::Done(articles, segs)
}

/// Register the reactor in a worker (the `parallax-app` entry calls this
/// when it runs without a `window`).
pub fn register() {
    Analyser::registrar().encoding::<Json>().register();
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn rehearsal_copies_have_ids_of_their_own_and_the_example_text() {
        let example = crate::ingest::ingest(crate::example::files()).articles;
        let all = copies(&example, 3);
        assert_eq!(all.len(), 3 * example.len());
        let ids: std::collections::HashSet<&str> = all.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), all.len(), "every copy has ids of its own");
        assert!(all
            .iter()
            .zip(example.iter().cycle())
            .all(|(copy, a)| copy.text == a.text && copy.id.ends_with(&a.id)));
        // Run 0 is older than every run of the page, so that any request
        // replaces a rehearsal.
        assert_eq!(WorkerRequest::Rehearse.run(), 0);
        let report = analysis::analyze(crate::ingest::Bundle {
            title: None,
            articles: all,
            notices: Vec::new(),
        });
        // The copies are one story told 3 times over: the same quotes line
        // up across the copies of an article.
        assert!(report.tables.quotes.iter().any(|g| g.articles.len() >= 3));
    }

    #[wasm_bindgen_test]
    fn messages_with_packed_tables_arrive_whole() {
        let report = analysis::analyze(crate::ingest::ingest(crate::example::files()));
        assert!(!report.tables.entities.is_empty() && !report.tables.quotes.is_empty());
        let update = AnalysisUpdate::Tabulated {
            run: 7,
            tables: report.tables.clone(),
        };
        let wire = Json::encode(&update);
        // The JSON and the tables' bytes, a fraction of their JSON.
        let parts: js_sys::Array = wire.clone().dyn_into().expect("an array of parts");
        assert_eq!(parts.length(), 2);
        let packed = parts
            .get(1)
            .dyn_into::<js_sys::Uint8Array>()
            .expect("bytes");
        let json = serde_json::to_vec(&report.tables).expect("JSON");
        assert!(
            (packed.length() as usize) < json.len() / 2,
            "{} vs {}",
            packed.length(),
            json.len()
        );
        let back: AnalysisUpdate = Json::decode(wire);
        assert_eq!(back, update);
        // The report and articles too, fields the JSON leaves out when
        // empty included (an article left out, one without provenance).
        let mut report = report;
        report.articles[0].excluded = true;
        report.articles[1].provenance.clear();
        let resolved = AnalysisUpdate::Resolved {
            run: 7,
            report: Rc::new(report.clone()),
        };
        assert_eq!(
            Json::decode::<AnalysisUpdate>(Json::encode(&resolved)),
            resolved
        );
        let chunk = WorkerRequest::Analyse {
            run: 7,
            chunk: 1,
            articles: report.articles.clone(),
            keep: true,
            whole: Some(Whole {
                title: Some("Event".into()),
                notices: vec![Notice::warning("a.txt", "odd")],
            }),
        };
        assert_eq!(Json::decode::<WorkerRequest>(Json::encode(&chunk)), chunk);
        // An analysed chunk goes through the page sealed, and opens whole.
        let back = AnalysisUpdate::Analysed {
            run: 7,
            chunk: 1,
            articles: Sealed::seal(&report.articles),
        };
        let AnalysisUpdate::Analysed { articles, .. } =
            Json::decode::<AnalysisUpdate>(Json::encode(&back))
        else {
            panic!("not a chunk");
        };
        let relay = WorkerRequest::Relay {
            run: 7,
            chunk: 1,
            articles,
        };
        let WorkerRequest::Relay { articles, .. } =
            Json::decode::<WorkerRequest>(Json::encode(&relay))
        else {
            panic!("not a relayed chunk");
        };
        assert_eq!(articles.open().expect("opens"), report.articles);
        let mut held = Held::default();
        held.relayed(7, 1, &articles);
        held.relayed(7, 0, &Sealed(vec![0xff; 3]));
        let (articles, segs, missing) = held.articles(7, 2);
        assert_eq!((articles, missing), (report.articles.clone(), 1));
        // Segmented on arrival, as assembling would segment them.
        assert_eq!(segs.len(), report.articles.len());
        for (seg, a) in segs.iter().zip(&report.articles) {
            let again = analysis::sentences::segment(&a.text, &a.boilerplate);
            assert_eq!(seg.sentences.len(), again.sentences.len());
            assert_eq!(seg.tokens.len(), again.tokens.len());
        }
        // A corrected report, with its edits.
        let id = report.entities[0].id.clone();
        let edit = crate::edits::Edit::RenameEntity {
            entity: crate::components::compare::correct::entity_anchor(&report, &id, None)
                .expect("an entity's span"),
            name: "Renamed".into(),
        };
        let (corrected, problems) = edits::apply(&report, &[edit]);
        assert!(problems.is_empty() && !corrected.edits.is_empty());
        let applied = AnalysisUpdate::Applied {
            run: 7,
            seq: 1,
            report: Some(Box::new(corrected)),
            problems,
        };
        assert_eq!(
            Json::decode::<AnalysisUpdate>(Json::encode(&applied)),
            applied
        );
        // Messages without packed parts stay plain JSON bytes.
        let progress = AnalysisUpdate::Progress {
            run: 7,
            chunk: 0,
            done: 1,
            total: 6,
        };
        let wire = Json::encode(&progress);
        assert!(wire.is_instance_of::<js_sys::Uint8Array>());
        assert_eq!(Json::decode::<AnalysisUpdate>(wire), progress);
    }
}
