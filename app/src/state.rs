//! The app state and its one reducer (`use_reducer`); components dispatch
//! [`Action`]s and never change state themselves.
//!
//! The loaded [`Bundle`] is the source of truth for articles and their
//! metadata. Every change to the set of articles bumps `revision`, which
//! starts a new analysis run in the worker; updates from older runs are
//! ignored. Metadata edits do not need a new run: they are applied to both
//! the bundle and the current report.
//!
//! The user's corrections ([`crate::edits`]) are kept as an [`EditLog`] on
//! top of the automatic report (`auto`), which is never changed: `report`
//! is always `auto` with the log applied, so every table follows each edit,
//! undo and redo, and the corrections survive a new analysis as long as
//! their spans still match (those that no longer do are listed in
//! `problems`). Metadata edits (title, outlet, date, section) and
//! excluding an article are corrections too; `shown` is the bundle with
//! them applied, for the article list.

use crate::Shared;
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use crate::edits::{self, ArticleField, Edit, EditLog, EditProblem};
use crate::ingest::{self, Bundle};
use crate::report::{Article, Provenance, Report};

use super::storage::{LoadError, Saved};

/// Above this many articles corrections are applied in the worker: they
/// recompute every table, which takes about 2 ms per article natively
/// (0.7 s for the 300 articles of BASIL), more in WebAssembly.
pub const OFFLOAD_ARTICLES: usize = 40;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    /// Everything loaded so far (merged in load order).
    pub bundle: Shared<Bundle>,
    /// Bumped whenever the set of articles changes (load, clear).
    pub revision: u64,
    /// Loads still being read from disk.
    pub reading: usize,
    pub analysis: Analysis,
    /// The automatic report of the current revision (no corrections).
    pub auto: Option<Shared<Report>>,
    /// `auto` with the corrections applied: what every view shows.
    pub report: Option<Shared<Report>>,
    /// The user's corrections, with their undo/redo history.
    pub log: EditLog,
    /// Corrections that no longer apply to the current analysis.
    pub problems: Vec<EditProblem>,
    /// The bundle with metadata corrections and exclusions applied, for
    /// the article list.
    pub shown: Shared<Bundle>,
    /// What the last undo or redo did, announced to screen readers.
    pub announcement: Option<String>,
    /// Bumped whenever the corrections change.
    pub log_seq: u64,
    /// The corrections are being applied in the worker (large bundles);
    /// `report` is the previous corrected report until they are.
    pub applying: bool,
    /// Where the shown corrections were applied: `"page"`, `"worker"`, or
    /// `""` with none (shown as `data-applied-in`, so tests can tell).
    pub applied_in: &'static str,
    /// A problem the browser reported, shown until dismissed.
    pub error: Option<String>,
    /// Why the bundle is not being kept in the browser (it will not come
    /// back after a reload), while that is so: shown apart from `error`,
    /// so that neither hides the other, and gone once keeping works again.
    pub storage: Option<String>,
    /// The browser gave the page no storage when it started, so every
    /// later failure to keep the bundle is that same one.
    storage_off: bool,
    /// The bundle kept from an earlier visit has been read (or there was
    /// none); until then nothing is written back.
    pub restored: bool,
    /// Bumped whenever the bundle changes in a way worth keeping (loads,
    /// edits, clear); the app saves the bundle on every new value.
    pub generation: u64,
}

/// Where the worker is with the current revision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Analysis {
    /// Nothing to analyse.
    #[default]
    Idle,
    Running {
        done: usize,
        total: usize,
    },
    /// The user stopped the run.
    Cancelled {
        done: usize,
        total: usize,
    },
    Done,
}

/// A metadata field the user can edit inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Outlet,
    Date,
    Section,
}

impl Field {
    pub fn key(self) -> &'static str {
        self.article_field().key()
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::Outlet => "Outlet",
            Field::Date => "Date",
            Field::Section => "Section",
        }
    }

    /// The same field as the corrections name it.
    pub fn article_field(self) -> ArticleField {
        match self {
            Field::Title => ArticleField::Title,
            Field::Outlet => ArticleField::Outlet,
            Field::Date => ArticleField::Date,
            Field::Section => ArticleField::Section,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A load (files, folder, paste, example) started reading.
    ReadStarted,
    /// A load finished: its articles and notices are added to the bundle.
    Loaded(Bundle),
    /// A load failed as a whole (the browser refused to read anything).
    ReadFailed(String),
    /// Set an article's metadata field; an empty value clears it.
    Edit {
        id: String,
        field: Field,
        value: String,
    },
    /// Record a correction (it applies at once to every view).
    Correct(Edit),
    /// Several edits made by one action (merging several entities): one
    /// undo takes them all back.
    CorrectAll(Vec<Edit>),
    /// Undo the latest correction.
    Undo,
    /// Redo the latest undone correction.
    Redo,
    /// Remove everything (including the copy kept in the browser).
    Clear,
    /// The bundle kept from an earlier visit was read: `Ok(None)` when there
    /// was none, `Err` when the browser has no storage for the page or the
    /// kept bundle could not be read.
    Restored(Result<Option<Saved>, LoadError>),
    /// Keeping the bundle in the browser failed.
    StorageFailed(String),
    /// The bundle was kept after an earlier attempt had failed.
    StorageRecovered,
    /// Hide the storage warning (it comes back if keeping fails again).
    DismissStorage,
    /// Analysis progress of run `run`, summed over the workers.
    Progress {
        run: u64,
        done: usize,
        total: usize,
    },
    /// The finished report of run `run`.
    Finished {
        run: u64,
        report: Box<Report>,
    },
    /// The worker applied corrections `seq` to run `run`'s automatic
    /// report (`None`: it did not have that report).
    Applied {
        run: u64,
        seq: u64,
        report: Option<Box<Report>>,
        problems: Vec<EditProblem>,
    },
    /// Stop the current run.
    Cancel,
    /// Analyse the current bundle again (after a cancel).
    Reanalyse,
    /// The worker went away while a run was pending.
    WorkerStopped,
    /// The worker hit an internal error (reported by the browser).
    WorkerFailed(String),
    DismissError,
}

/// The storage warning when the browser gives the page no storage.
fn unavailable(reason: &str) -> String {
    format!(
        "This browser does not let Parallax keep your bundle ({reason}). What you load stays \
         open in this tab but will be gone after a reload: export the report to keep it."
    )
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

impl State {
    /// Apply one action in place (the reducer, testable without Yew).
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::ReadStarted => self.reading += 1,
            Action::Loaded(loaded) => {
                self.reading = self.reading.saturating_sub(1);
                let before = self.bundle.articles.len();
                let merged = ingest::merge((*self.bundle).clone(), loaded);
                let changed = merged.articles.len() != before;
                self.bundle = Shared::new(merged);
                self.generation += 1;
                if changed {
                    self.start_run();
                }
                self.refresh();
            }
            Action::Restored(Ok(saved)) => {
                self.restored = true;
                if let Some(saved) = saved {
                    let (loaded, log) = saved.into_parts();
                    let current = (*self.bundle).clone();
                    self.bundle = Shared::new(ingest::merge(loaded, current));
                    // Corrections made before the kept ones came back
                    // follow them.
                    let mut since = std::mem::take(&mut self.log);
                    since.after(log);
                    self.log = since;
                    self.log_seq += 1;
                    self.generation += 1;
                    if !self.bundle.articles.is_empty() {
                        self.start_run();
                    }
                    self.refresh();
                }
            }
            Action::Restored(Err(LoadError::Unreadable(message))) => {
                self.restored = true;
                self.error = Some(format!(
                    "Your earlier bundle could not be restored: {message}."
                ));
            }
            Action::Restored(Err(LoadError::Unavailable(message))) => {
                self.restored = true;
                self.storage_off = true;
                self.storage = Some(unavailable(&message));
            }
            Action::StorageFailed(message) => {
                self.storage = Some(if self.storage_off {
                    unavailable(&message)
                } else {
                    format!(
                        "This browser could not keep your bundle ({message}). It is still open \
                         in this tab, but will be gone after a reload: export the report to keep \
                         it."
                    )
                });
            }
            Action::StorageRecovered => {
                self.storage_off = false;
                self.storage = None;
            }
            Action::DismissStorage => self.storage = None,
            Action::ReadFailed(message) => {
                self.reading = self.reading.saturating_sub(1);
                self.error = Some(message);
            }
            Action::Edit { id, field, value } => {
                // A metadata edit is a correction like any other (so it can
                // be undone); one that changes nothing is not recorded.
                let Some(article) = self.shown.articles.iter().find(|a| a.id == id) else {
                    return;
                };
                let value = value.trim();
                let value = (!value.is_empty()).then(|| value.to_string());
                if field_value(article, field) == value.as_deref() {
                    return;
                }
                self.correct(vec![Edit::SetArticleField {
                    article: id,
                    field: field.article_field(),
                    value,
                }]);
            }
            Action::Correct(edit) => self.correct(vec![edit]),
            Action::CorrectAll(edits) => self.correct(edits),
            Action::Applied {
                run,
                seq,
                report,
                problems,
            } => {
                if run != self.revision || seq != self.log_seq || !self.applying {
                    return;
                }
                self.applying = false;
                match report {
                    Some(report) => {
                        self.report = Some(Shared::new(*report));
                        self.problems = problems;
                        self.applied_in = "worker";
                    }
                    // The worker lost the report: apply here after all.
                    None => self.refresh_report(false),
                }
            }
            Action::Undo => {
                if let Some(what) = describe_action(self.log.last_action()) {
                    self.log.undo();
                    self.log_seq += 1;
                    self.announcement = Some(format!("Undone: {what}"));
                    self.generation += 1;
                    self.refresh();
                }
            }
            Action::Redo => {
                if let Some(what) = describe_action(self.log.next_redo()) {
                    self.log.redo();
                    self.log_seq += 1;
                    self.announcement = Some(format!("Redone: {what}"));
                    self.generation += 1;
                    self.refresh();
                }
            }
            Action::Clear => {
                *self = State {
                    revision: self.revision + 1,
                    reading: self.reading,
                    restored: self.restored,
                    generation: self.generation + 1,
                    ..State::default()
                };
            }
            Action::Progress { run, done, total } => {
                if run == self.revision && matches!(self.analysis, Analysis::Running { .. }) {
                    self.analysis = Analysis::Running { done, total };
                }
            }
            Action::Cancel => {
                if let Analysis::Running { done, total } = self.analysis {
                    self.analysis = Analysis::Cancelled { done, total };
                }
            }
            Action::Reanalyse => {
                if !self.bundle.articles.is_empty() {
                    self.start_run();
                }
            }
            Action::Finished { run, report } => {
                if run == self.revision && matches!(self.analysis, Analysis::Running { .. }) {
                    let mut report = *report;
                    self.sync_metadata(&mut report);
                    self.auto = Some(Shared::new(report));
                    self.analysis = Analysis::Done;
                    self.refresh();
                }
            }
            Action::WorkerStopped => {
                if matches!(self.analysis, Analysis::Running { .. }) {
                    self.analysis = Analysis::Idle;
                    self.error = Some("The analysis worker stopped unexpectedly.".to_string());
                }
            }
            Action::WorkerFailed(message) => {
                self.analysis = Analysis::Idle;
                self.error = Some(format!(
                    "The analysis stopped because of an internal error ({message}). \
                     Reload the page to try again; your files stay on your computer."
                ));
            }
            Action::DismissError => self.error = None,
        }
    }

    fn start_run(&mut self) {
        self.revision += 1;
        self.auto = None;
        self.report = None;
        self.applying = false;
        let total = self.bundle.articles.len();
        self.analysis = if total == 0 {
            Analysis::Idle
        } else {
            Analysis::Running { done: 0, total }
        };
    }

    /// Record the edits of one user action (undone together).
    fn correct(&mut self, edits: Vec<Edit>) {
        if edits.is_empty() {
            return;
        }
        self.log.push_all(edits);
        self.log_seq += 1;
        self.announcement = None;
        self.generation += 1;
        self.refresh();
    }

    /// Recompute what is derived from the bundle, the automatic report and
    /// the corrections: the shown bundle, the corrected report and the
    /// corrections that no longer apply.
    fn refresh(&mut self) {
        self.shown = Shared::new(overlay(&self.bundle, &self.log.edits));
        self.refresh_report(true);
    }

    /// Recompute the corrected report; for a large bundle (`offload`) the
    /// worker does it (the app sends it the corrections while `applying`).
    fn refresh_report(&mut self, offload: bool) {
        self.applying = false;
        self.applied_in = "";
        match &self.auto {
            Some(auto) if self.log.edits.is_empty() => {
                self.report = Some(auto.clone());
                self.problems.clear();
            }
            Some(auto) if offload && auto.articles.len() > OFFLOAD_ARTICLES => {
                self.applying = true;
            }
            Some(auto) => {
                let (report, problems) = edits::apply(auto, &self.log.edits);
                self.report = Some(Shared::new(report));
                self.problems = problems;
                self.applied_in = "page";
            }
            None => {
                self.report = None;
                self.problems.clear();
            }
        }
    }

    /// Edits made while the worker was busy win over what it was sent.
    fn sync_metadata(&self, report: &mut Report) {
        for article in &mut report.articles {
            if let Some(current) = self.bundle.articles.iter().find(|a| a.id == article.id) {
                article.title.clone_from(&current.title);
                article.outlet.clone_from(&current.outlet);
                article.date.clone_from(&current.date);
                article.provenance.clone_from(&current.provenance);
            }
        }
    }

    /// Word count of an article once the current report has it.
    pub fn words(&self, id: &str) -> Option<usize> {
        let report = self.report.as_ref()?;
        report
            .articles
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.stats.words)
    }

    /// Word counts by article id, for the article list.
    pub fn word_counts(&self) -> Rc<BTreeMap<String, usize>> {
        let counts = self
            .report
            .iter()
            .flat_map(|r| r.articles.iter())
            .map(|a| (a.id.clone(), a.stats.words))
            .collect();
        Rc::new(counts)
    }
}

/// Set (or clear, when blank) a metadata field and record that the user did.
pub fn set_field(article: &mut Article, field: Field, value: &str) {
    let value = value.trim();
    let value = (!value.is_empty()).then(|| value.to_string());
    match field {
        Field::Title => article.title = value,
        Field::Outlet => article.outlet = value,
        Field::Date => article.date = value,
        Field::Section => article.section = value,
    }
    article.provenance.insert(
        field.key().to_string(),
        Provenance {
            from: "user".to_string(),
            span: None,
            rule: "edited".to_string(),
        },
    );
}

fn field_value(article: &Article, field: Field) -> Option<&str> {
    match field {
        Field::Title => article.title.as_deref(),
        Field::Outlet => article.outlet.as_deref(),
        Field::Date => article.date.as_deref(),
        Field::Section => article.section.as_deref(),
    }
}

/// The bundle with the article-level corrections (metadata, exclusion)
/// applied, as [`edits::apply`] applies them to the report.
pub fn overlay(bundle: &Bundle, log: &[Edit]) -> Bundle {
    let mut out = bundle.clone();
    for edit in log {
        match edit {
            Edit::SetArticleField {
                article,
                field,
                value,
            } => {
                if let Some(a) = out.articles.iter_mut().find(|a| a.id == *article) {
                    let field = match field {
                        ArticleField::Title => Field::Title,
                        ArticleField::Outlet => Field::Outlet,
                        ArticleField::Date => Field::Date,
                        ArticleField::Section => Field::Section,
                    };
                    set_field(a, field, value.as_deref().unwrap_or_default());
                }
            }
            Edit::ExcludeArticle { article, excluded } => {
                if let Some(a) = out.articles.iter_mut().find(|a| a.id == *article) {
                    a.excluded = *excluded;
                }
            }
            _ => {}
        }
    }
    out
}

/// A correction in words, for the list of corrections and announcements.
/// What one action did, for "Undone: …" ("merge X into Y", or "merge X
/// into Y and 2 more" for an action of several edits); `None` for none.
pub fn describe_action(edits: &[Edit]) -> Option<String> {
    let first = edits.first()?;
    Some(match edits.len() {
        1 => describe(first),
        n => format!("{} and {} more", describe(first), n - 1),
    })
}

pub fn describe(edit: &Edit) -> String {
    let short = |s: &str| crate::components::compare::shorten(s, 40);
    match edit {
        Edit::MergeEntities { into, from } => {
            format!(
                "merged “{}” into “{}”",
                short(&from.text),
                short(&into.text)
            )
        }
        Edit::SplitVariant { entity, variant } => format!(
            "split “{}” out of “{}”",
            short(variant),
            short(&entity.text)
        ),
        Edit::RenameEntity { entity, name } => {
            format!("renamed “{}” to “{}”", short(&entity.text), short(name))
        }
        Edit::SetEntityType { entity, label } => format!(
            "made “{}” a {}",
            short(&entity.text),
            crate::components::compare::entities::type_name(label)
        ),
        Edit::NotAnEntity { mention } => format!(
            "“{}” in {} is not an entity",
            short(&mention.text),
            mention.article
        ),
        Edit::SetSpeaker { quote, speaker } => format!(
            "speaker of “{}” set to {}",
            short(&quote.text),
            speaker
                .as_ref()
                .map(|s| format!("“{}”", short(&s.text)))
                .unwrap_or_else(|| "unknown".to_string())
        ),
        Edit::NotAQuote { quote } => format!("“{}” is not a quote", short(&quote.text)),
        Edit::MarkScare { quote } => format!("“{}” is a scare quote", short(&quote.text)),
        Edit::AddQuote {
            quote,
            speaker,
            kind,
        } => format!(
            "added a {kind} quote “{}”{}",
            short(&quote.text),
            speaker
                .as_ref()
                .map(|s| format!(" by “{}”", short(&s.text)))
                .unwrap_or_default()
        ),
        Edit::SetArticleField {
            article,
            field,
            value,
        } => match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => format!("{} of {article} set to “{}”", field.key(), short(v)),
            None => format!("{} of {article} cleared", field.key()),
        },
        Edit::ExcludeArticle { article, excluded } => {
            if *excluded {
                format!("{article} left out of the comparison")
            } else {
                format!("{article} brought back into the comparison")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edits::Span;
    use crate::report::{Entity, Mention, Notice, Quote, Variant};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn article(title: &str, text: &str) -> Article {
        Article {
            title: Some(title.to_string()),
            text: text.to_string(),
            part: 1,
            source_file: Some("a.txt".to_string()),
            ..Default::default()
        }
    }

    fn bundle(articles: Vec<Article>) -> Bundle {
        Bundle {
            title: None,
            articles,
            notices: vec![Notice::warning("a.txt", "something odd")],
        }
    }

    #[wasm_bindgen_test]
    fn loads_merge_and_start_a_run() {
        let mut state = State::default();
        state.apply(Action::ReadStarted);
        state.apply(Action::Loaded(bundle(vec![article("One", "First text.")])));
        assert_eq!(state.reading, 0);
        assert_eq!(state.bundle.articles.len(), 1);
        assert_eq!(state.revision, 1);
        assert_eq!(state.analysis, Analysis::Running { done: 0, total: 1 });
        state.apply(Action::Loaded(bundle(vec![article("Two", "Second text.")])));
        assert_eq!(state.bundle.articles.len(), 2);
        assert_eq!(state.bundle.notices.len(), 2);
        assert_eq!(state.revision, 2);
    }

    #[wasm_bindgen_test]
    fn stale_worker_updates_are_ignored() {
        let mut state = State::default();
        state.apply(Action::Loaded(bundle(vec![article("One", "First text.")])));
        let stale = Action::Finished {
            run: state.revision + 7,
            report: Box::default(),
        };
        state.apply(stale);
        assert!(state.report.is_none());
        let mut report = Report::new();
        report.articles = state.bundle.articles.clone();
        report.articles[0].stats.words = 2;
        state.apply(Action::Finished {
            run: state.revision,
            report: Box::new(report),
        });
        assert_eq!(state.analysis, Analysis::Done);
        assert_eq!(state.words(&state.bundle.articles[0].id), Some(2));
    }

    /// A state with `articles` loaded and analysed: the automatic report
    /// is `report` (its articles replaced by the bundle's, analysed as
    /// `analyse` says).
    fn analysed(articles: Vec<Article>, analyse: impl Fn(&mut Report)) -> State {
        let mut state = State::default();
        state.apply(Action::Loaded(bundle(articles)));
        let mut report = Report::new();
        report.articles = state.bundle.articles.clone();
        analyse(&mut report);
        state.apply(Action::Finished {
            run: state.revision,
            report: Box::new(report),
        });
        state
    }

    fn span(report: &Report, article: usize, word: &str) -> Span {
        let a = &report.articles[article];
        let start = a.text.find(word).expect("word in text");
        Span {
            article: a.id.clone(),
            start,
            end: start + word.len(),
            text: word.to_string(),
        }
    }

    /// Two articles naming the same man two ways (two entities), each
    /// quoting him.
    fn two_spellings(report: &mut Report) {
        for (i, (name, id)) in [("Putin", "e1"), ("Poutine", "e2")].into_iter().enumerate() {
            let a = &mut report.articles[i];
            let start = a.text.find(name).expect("name");
            a.mentions.push(Mention {
                start,
                end: start + name.len(),
                label: "PERSON".into(),
                entity: Some(id.into()),
            });
            let q = a.text.find('"').expect("quote");
            let q_end = a.text.rfind('"').expect("quote end") + 1;
            a.quotes.push(Quote {
                start: q,
                end: q_end,
                kind: "direct".into(),
                speaker: Some(id.into()),
                speaker_start: Some(start),
                speaker_end: Some(start + name.len()),
                cue_start: None,
                cue_end: None,
                via: None,
            });
            report.entities.push(Entity {
                id: id.into(),
                name: name.into(),
                label: "PERSON".into(),
                variants: vec![Variant {
                    text: name.into(),
                    count: 1,
                    articles: vec![a.id.clone()],
                }],
                descriptions: Vec::new(),
            });
        }
        report.tables = crate::compare::tables(report);
    }

    fn putin_articles() -> Vec<Article> {
        vec![
            article("One", "Putin said \"we will talk\" on Monday."),
            article("Two", "Poutine said \"we will talk soon\" on Monday."),
        ]
    }

    #[wasm_bindgen_test]
    fn metadata_edits_are_corrections_that_undo_and_redo() {
        let mut state = analysed(vec![article("One", "First text.")], |_| {});
        let id = state.bundle.articles[0].id.clone();
        state.apply(Action::Edit {
            id: id.clone(),
            field: Field::Outlet,
            value: "  The Daily Example ".to_string(),
        });
        assert_eq!(state.log.edits.len(), 1);
        let shown = &state.shown.articles[0];
        assert_eq!(shown.outlet.as_deref(), Some("The Daily Example"));
        assert_eq!(shown.provenance["outlet"].from, "user");
        let report = state.report.clone().expect("report");
        assert_eq!(
            report.articles[0].outlet.as_deref(),
            Some("The Daily Example")
        );
        assert_eq!(report.articles[0].provenance["outlet"].from, "user");
        // The loaded bundle and the automatic report are left as they were.
        assert_eq!(state.bundle.articles[0].outlet, None);
        assert_eq!(
            state
                .auto
                .as_ref()
                .and_then(|r| r.articles[0].outlet.clone()),
            None
        );
        // Setting the same value again is no new correction.
        state.apply(Action::Edit {
            id: id.clone(),
            field: Field::Outlet,
            value: "The Daily Example".to_string(),
        });
        assert_eq!(state.log.edits.len(), 1);
        state.apply(Action::Undo);
        assert_eq!(state.shown.articles[0].outlet, None);
        assert_eq!(
            state
                .report
                .as_ref()
                .and_then(|r| r.articles[0].outlet.clone()),
            None
        );
        assert!(state
            .announcement
            .as_deref()
            .is_some_and(|a| a.starts_with("Undone")));
        state.apply(Action::Redo);
        assert_eq!(
            state.shown.articles[0].outlet.as_deref(),
            Some("The Daily Example")
        );
        state.apply(Action::Edit {
            id,
            field: Field::Section,
            value: "World".to_string(),
        });
        assert_eq!(state.shown.articles[0].section.as_deref(), Some("World"));
        assert!(
            !state.log.can_redo(),
            "a new correction clears the redo stack"
        );
    }

    #[wasm_bindgen_test]
    fn every_table_follows_a_merge_and_the_automatic_report_is_kept() {
        let mut state = analysed(putin_articles(), two_spellings);
        let report = state.report.clone().expect("report");
        assert_eq!(report.tables.entities.len(), 2);
        state.apply(Action::Correct(Edit::MergeEntities {
            into: span(&report, 0, "Putin"),
            from: span(&report, 1, "Poutine"),
        }));
        let merged = state.report.clone().expect("report");
        assert_eq!(merged.entities.len(), 1);
        assert_eq!(merged.tables.entities.len(), 1);
        assert_eq!(merged.tables.entities[0].spread, 2);
        let speakers: Vec<_> = merged
            .tables
            .voices
            .iter()
            .flat_map(|v| v.voices.iter().map(|x| x.name.clone()))
            .collect();
        assert!(speakers.iter().all(|n| n == "Putin"), "{speakers:?}");
        assert_eq!(state.auto.as_ref().map(|r| r.entities.len()), Some(2));
        assert!(state.problems.is_empty());
        // A new analysis (more articles loaded) keeps the correction.
        let g = state.generation;
        state.apply(Action::Loaded(bundle(vec![article(
            "Three",
            "Nothing here.",
        )])));
        assert!(state.report.is_none());
        let mut again = Report::new();
        again.articles = state.bundle.articles.clone();
        two_spellings(&mut again);
        state.apply(Action::Finished {
            run: state.revision,
            report: Box::new(again),
        });
        assert_eq!(state.report.as_ref().map(|r| r.entities.len()), Some(1));
        assert!(state.generation > g);
        // Undo brings the two entities back.
        state.apply(Action::Undo);
        assert_eq!(
            state.report.as_ref().map(|r| r.tables.entities.len()),
            Some(2)
        );
        // One action of several edits (merge, then leave an article out)
        // is undone and redone as one.
        let report = state.report.clone().expect("report");
        state.apply(Action::CorrectAll(vec![
            Edit::MergeEntities {
                into: span(&report, 0, "Putin"),
                from: span(&report, 1, "Poutine"),
            },
            Edit::ExcludeArticle {
                article: report.articles[0].id.clone(),
                excluded: true,
            },
        ]));
        assert_eq!(state.log.edits.len(), 2);
        state.apply(Action::Undo);
        assert!(state.log.edits.is_empty());
        assert!(state
            .announcement
            .as_deref()
            .is_some_and(|a| a.contains("and 1 more")));
        state.apply(Action::Redo);
        assert_eq!(state.log.edits.len(), 2);
        assert_eq!(state.report.as_ref().map(|r| r.entities.len()), Some(1));
    }

    #[wasm_bindgen_test]
    fn speaker_exclusion_and_quote_corrections_reach_the_tables() {
        let mut state = analysed(putin_articles(), two_spellings);
        let report = state.report.clone().expect("report");
        let a2 = &report.articles[1];
        let quote = a2.quotes[0].clone();
        let q = Span {
            article: a2.id.clone(),
            start: quote.start,
            end: quote.end,
            text: a2.text[quote.start..quote.end].to_string(),
        };
        state.apply(Action::Correct(Edit::SetSpeaker {
            quote: q.clone(),
            speaker: Some(span(&report, 0, "Putin")),
        }));
        let now = state.report.clone().expect("report");
        assert_eq!(now.articles[1].quotes[0].speaker.as_deref(), Some("e1"));
        state.apply(Action::Correct(Edit::NotAQuote { quote: q }));
        assert!(state
            .report
            .as_ref()
            .is_some_and(|r| r.articles[1].quotes.is_empty()));
        state.apply(Action::Correct(Edit::ExcludeArticle {
            article: report.articles[1].id.clone(),
            excluded: true,
        }));
        assert!(state.shown.articles[1].excluded);
        let now = state.report.clone().expect("report");
        assert!(now
            .tables
            .voices
            .iter()
            .all(|v| v.article != now.articles[1].id));
        assert_eq!(state.log.edits.len(), 3);
    }

    #[wasm_bindgen_test]
    fn corrections_that_no_longer_apply_are_reported_not_dropped() {
        let mut state = analysed(putin_articles(), two_spellings);
        let report = state.report.clone().expect("report");
        let mut stale = span(&report, 0, "Putin");
        stale.text = "Medvedev".into();
        state.apply(Action::Correct(Edit::RenameEntity {
            entity: stale,
            name: "V. Putin".into(),
        }));
        assert_eq!(state.log.edits.len(), 1, "the correction is kept");
        assert_eq!(state.problems.len(), 1);
        assert_eq!(state.problems[0].index, 0);
        assert!(state.problems[0].message.contains("Medvedev"));
        assert_eq!(
            state
                .report
                .as_ref()
                .map(|r| r.entities[0].name.clone())
                .as_deref(),
            Some("Putin")
        );
    }

    #[wasm_bindgen_test]
    fn large_bundles_apply_corrections_in_the_worker() {
        let many: Vec<Article> = (0..=OFFLOAD_ARTICLES)
            .map(|i| article(&format!("T{i}"), &format!("Text number {i}.")))
            .collect();
        let mut state = analysed(many, |_| {});
        let before = state.report.clone();
        let id = state.bundle.articles[0].id.clone();
        state.apply(Action::Correct(Edit::ExcludeArticle {
            article: id,
            excluded: true,
        }));
        assert!(state.applying);
        assert_eq!(
            state.report, before,
            "the last tables stay until the worker answers"
        );
        assert!(
            state.shown.articles[0].excluded,
            "the article list follows at once"
        );
        let (run, seq) = (state.revision, state.log_seq);
        let auto = state.auto.clone().expect("auto");
        let (corrected, _) = edits::apply(&auto, &state.log.edits);
        state.apply(Action::Applied {
            run,
            seq: seq + 1,
            report: Some(Box::default()),
            problems: Vec::new(),
        });
        assert!(state.applying, "a stale answer is ignored");
        state.apply(Action::Applied {
            run,
            seq,
            report: Some(Box::new(corrected)),
            problems: Vec::new(),
        });
        assert!(!state.applying);
        assert_eq!(state.applied_in, "worker");
        assert!(state
            .report
            .as_ref()
            .is_some_and(|r| r.articles[0].excluded));
        // A worker without the report: the page applies them itself.
        state.apply(Action::Undo);
        state.apply(Action::Applied {
            run,
            seq: state.log_seq,
            report: None,
            problems: Vec::new(),
        });
        assert!(!state.applying);
        assert!(state
            .report
            .as_ref()
            .is_some_and(|r| !r.articles[0].excluded));
    }

    #[wasm_bindgen_test]
    fn clear_removes_everything_and_invalidates_runs() {
        let mut state = State::default();
        state.apply(Action::Loaded(bundle(vec![article("One", "First text.")])));
        let run = state.revision;
        state.apply(Action::Clear);
        assert!(state.bundle.articles.is_empty());
        assert!(state.bundle.notices.is_empty());
        assert_eq!(state.analysis, Analysis::Idle);
        state.apply(Action::Progress {
            run,
            done: 1,
            total: 1,
        });
        assert_eq!(state.analysis, Analysis::Idle);
    }

    #[wasm_bindgen_test]
    fn cancel_stops_the_run_until_analysed_again() {
        let mut state = State::default();
        state.apply(Action::Loaded(bundle(vec![article("One", "First text.")])));
        let run = state.revision;
        state.apply(Action::Progress {
            run,
            done: 0,
            total: 1,
        });
        state.apply(Action::Cancel);
        assert_eq!(state.analysis, Analysis::Cancelled { done: 0, total: 1 });
        // A late report of the cancelled run is not shown.
        state.apply(Action::Finished {
            run,
            report: Box::default(),
        });
        assert!(state.report.is_none());
        state.apply(Action::Reanalyse);
        assert!(state.revision > run);
        assert_eq!(state.analysis, Analysis::Running { done: 0, total: 1 });
    }

    #[wasm_bindgen_test]
    fn a_restored_bundle_comes_before_files_loaded_meanwhile_and_every_change_is_saved() {
        let mut state = State::default();
        state.apply(Action::Loaded(bundle(vec![article("New", "Loaded now.")])));
        let before = state.generation;
        let log = EditLog {
            edits: vec![Edit::ExcludeArticle {
                article: "a1".into(),
                excluded: true,
            }],
            ..EditLog::default()
        };
        let saved = Saved::of(&bundle(vec![article("Old", "Kept from last time.")]), &log);
        state.apply(Action::Restored(Ok(Some(saved))));
        assert_eq!(state.log, log, "the corrections come back with the bundle");
        assert!(state.shown.articles[0].excluded);
        assert!(state.restored);
        let titles: Vec<_> = state
            .bundle
            .articles
            .iter()
            .map(|a| a.title.clone())
            .collect();
        assert_eq!(titles, [Some("Old".to_string()), Some("New".to_string())]);
        assert!(state.generation > before);
        let g = state.generation;
        state.apply(Action::Clear);
        assert!(state.restored && state.generation > g);
        assert!(
            state.log.edits.is_empty(),
            "Clear all clears the corrections"
        );
        state.apply(Action::Restored(Err(LoadError::Unreadable(
            "broken".into(),
        ))));
        assert!(state.error.as_deref().is_some_and(|e| e.contains("broken")));
        assert_eq!(
            state.storage, None,
            "a bundle that cannot be read is no storage problem"
        );
    }

    #[wasm_bindgen_test]
    fn a_storage_warning_stays_apart_from_errors_until_keeping_works() {
        let mut state = State::default();
        state.apply(Action::Restored(Err(LoadError::Unavailable(
            "the browser refused storage".into(),
        ))));
        assert!(state.restored, "the page goes on without storage");
        let warning = state.storage.clone().unwrap_or_default();
        assert!(warning.contains("refused storage") && warning.contains("after a reload"));
        assert_eq!(state.error, None);
        state.apply(Action::Loaded(bundle(vec![article("New", "Loaded now.")])));
        state.apply(Action::StorageFailed("the browser refused storage".into()));
        assert_eq!(
            state.storage.as_deref(),
            Some(warning.as_str()),
            "the same warning"
        );
        state.apply(Action::StorageRecovered);
        state.apply(Action::StorageFailed(
            "the browser's storage for this page is full".into(),
        ));
        state.apply(Action::WorkerFailed("boom".into()));
        assert!(state
            .storage
            .as_deref()
            .is_some_and(|w| w.contains("is full")));
        assert!(state.error.as_deref().is_some_and(|e| e.contains("boom")));
        state.apply(Action::DismissError);
        assert!(
            state.storage.is_some(),
            "dismissing the error keeps the warning"
        );
        state.apply(Action::StorageRecovered);
        assert_eq!(state.storage, None);
        assert_eq!(state.bundle.articles.len(), 1, "no work is lost");
    }
}
