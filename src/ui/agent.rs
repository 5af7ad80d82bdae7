//! The analysis web worker: a yew-agent reactor that runs
//! [`crate::analysis`] off the main thread and reports progress.
//!
//! The page sends an [`AnalysisRequest`] (the ingested bundle, tagged with a
//! run number); the worker analyses one article at a time, sends an
//! [`AnalysisUpdate::Progress`] after each, and finally the whole
//! [`Report`]. A newer request that arrives mid-run replaces the current one,
//! so loading more files while analysing never queues stale work. The page
//! ignores updates whose run number is not its current one.
//!
//! Messages cross the boundary as JSON ([`Json`]): the report uses
//! `skip_serializing_if`, which a non-self-describing format such as
//! yew-agent's default bincode cannot read back.

use std::time::Duration;

use futures::{FutureExt, SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsValue, UnwrapThrowExt};
use yew_agent::reactor::{reactor, ReactorScope};
use yew_agent::{Codec, Registrable};

use crate::analysis;
use crate::ingest::Bundle;
use crate::report::{Article, Notice, Report};

/// Path of the worker script emitted by trunk, relative to the page.
pub const WORKER_PATH: &str = "parallax-worker.js";

/// A bundle to analyse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisRequest {
    /// Echoed in every update so the page can drop stale results.
    pub run: u64,
    pub title: Option<String>,
    pub articles: Vec<Article>,
    pub notices: Vec<Notice>,
}

impl AnalysisRequest {
    pub fn new(run: u64, bundle: &Bundle) -> Self {
        AnalysisRequest {
            run,
            title: bundle.title.clone(),
            articles: bundle.articles.clone(),
            notices: bundle.notices.clone(),
        }
    }
}

/// What the worker sends back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AnalysisUpdate {
    /// `done` of `total` articles analysed.
    Progress { run: u64, done: usize, total: usize },
    /// The finished report.
    Finished { run: u64, report: Box<Report> },
}

/// JSON message codec (see the module docs for why not bincode).
#[derive(Debug)]
pub struct Json;

impl Codec for Json {
    fn encode<I: Serialize>(input: I) -> JsValue {
        // Serialising plain structs of strings and numbers cannot fail.
        let text = serde_json::to_string(&input).expect_throw("worker message to JSON");
        JsValue::from_str(&text)
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        // Both ends are this crate, so a message that does not parse is a bug.
        let text = input.as_string().expect_throw("worker message is a string");
        serde_json::from_str(&text).expect_throw("worker message from JSON")
    }
}

/// The reactor: handles requests one after another, newest wins.
#[reactor(Analyser)]
pub async fn analyser(mut scope: ReactorScope<AnalysisRequest, AnalysisUpdate>) {
    let mut next = scope.next().await;
    while let Some(request) = next.take() {
        match analyse(&mut scope, request).await {
            Outcome::Done => next = scope.next().await,
            Outcome::Replaced(newer) => next = Some(newer),
            Outcome::Disconnected => break,
        }
    }
}

enum Outcome {
    Done,
    Replaced(AnalysisRequest),
    Disconnected,
}

async fn analyse(
    scope: &mut ReactorScope<AnalysisRequest, AnalysisUpdate>,
    request: AnalysisRequest,
) -> Outcome {
    let AnalysisRequest {
        run,
        title,
        mut articles,
        notices,
    } = request;
    let total = articles.len();
    for (i, article) in articles.iter_mut().enumerate() {
        analysis::analyze_article(article);
        let progress = AnalysisUpdate::Progress {
            run,
            done: i + 1,
            total,
        };
        if scope.send(progress).await.is_err() {
            return Outcome::Disconnected;
        }
        // Let the progress message go out, then see whether a newer bundle
        // has arrived in the meantime.
        yew::platform::time::sleep(Duration::ZERO).await;
        match scope.next().now_or_never() {
            Some(Some(newer)) => return Outcome::Replaced(newer),
            Some(None) => return Outcome::Disconnected,
            None => {}
        }
    }
    let report = analysis::assemble(Bundle {
        title,
        articles,
        notices,
    });
    let finished = AnalysisUpdate::Finished {
        run,
        report: Box::new(report),
    };
    if scope.send(finished).await.is_err() {
        return Outcome::Disconnected;
    }
    Outcome::Done
}

/// Register the reactor in the worker (the `parallax-worker` binary).
pub fn register() {
    Analyser::registrar().encoding::<Json>().register();
}
