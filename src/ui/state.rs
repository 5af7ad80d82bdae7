//! The app state and its one reducer (`use_reducer`); components dispatch
//! [`Action`]s and never change state themselves.
//!
//! The loaded [`Bundle`] is the source of truth for articles and their
//! metadata. Every change to the set of articles bumps `revision`, which
//! starts a new analysis run in the worker; updates from older runs are
//! ignored. Metadata edits do not need a new run: they are applied to both
//! the bundle and the current report.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use crate::ingest::{self, Bundle};
use crate::report::{Article, Provenance, Report};

use super::storage::Saved;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    /// Everything loaded so far (merged in load order).
    pub bundle: Rc<Bundle>,
    /// Bumped whenever the set of articles changes (load, clear).
    pub revision: u64,
    /// Loads still being read from disk.
    pub reading: usize,
    pub analysis: Analysis,
    /// The latest report for the current revision (edits applied).
    pub report: Option<Rc<Report>>,
    /// A problem the browser reported, shown until dismissed.
    pub error: Option<String>,
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
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Outlet => "outlet",
            Field::Date => "date",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::Outlet => "Outlet",
            Field::Date => "Date",
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
    /// Remove everything (including the copy kept in the browser).
    Clear,
    /// The bundle kept from an earlier visit was read: `Ok(None)` when there
    /// was none, `Err` with a message when it could not be read.
    Restored(Result<Option<Saved>, String>),
    /// Keeping the bundle in the browser failed.
    StorageFailed(String),
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
                self.bundle = Rc::new(merged);
                self.generation += 1;
                if changed {
                    self.start_run();
                }
            }
            Action::Restored(Ok(saved)) => {
                self.restored = true;
                if let Some(saved) = saved {
                    let loaded = saved.into_bundle();
                    let current = (*self.bundle).clone();
                    self.bundle = Rc::new(ingest::merge(loaded, current));
                    self.generation += 1;
                    if !self.bundle.articles.is_empty() {
                        self.start_run();
                    }
                }
            }
            Action::Restored(Err(message)) => {
                self.restored = true;
                self.error = Some(format!(
                    "Your earlier bundle could not be restored: {message}."
                ));
            }
            Action::StorageFailed(message) => {
                self.error = Some(format!(
                    "This browser could not keep your bundle ({message}). It is still open in \
                     this tab, but will be gone after a reload: export the report to keep it."
                ));
            }
            Action::ReadFailed(message) => {
                self.reading = self.reading.saturating_sub(1);
                self.error = Some(message);
            }
            Action::Edit { id, field, value } => {
                let mut bundle = (*self.bundle).clone();
                if let Some(article) = bundle.articles.iter_mut().find(|a| a.id == id) {
                    set_field(article, field, &value);
                }
                self.bundle = Rc::new(bundle);
                self.generation += 1;
                if let Some(report) = &self.report {
                    let mut report = (**report).clone();
                    if let Some(article) = report.articles.iter_mut().find(|a| a.id == id) {
                        set_field(article, field, &value);
                    }
                    self.report = Some(Rc::new(report));
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
                    self.report = Some(Rc::new(report));
                    self.analysis = Analysis::Done;
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
        self.report = None;
        let total = self.bundle.articles.len();
        self.analysis = if total == 0 {
            Analysis::Idle
        } else {
            Analysis::Running { done: 0, total }
        };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Notice;
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

    #[wasm_bindgen_test]
    fn edits_record_user_provenance_in_bundle_and_report() {
        let mut state = State::default();
        state.apply(Action::Loaded(bundle(vec![article("One", "First text.")])));
        let id = state.bundle.articles[0].id.clone();
        let mut report = Report::new();
        report.articles = state.bundle.articles.clone();
        state.apply(Action::Finished {
            run: state.revision,
            report: Box::new(report),
        });
        state.apply(Action::Edit {
            id: id.clone(),
            field: Field::Outlet,
            value: "  The Daily Example ".to_string(),
        });
        let edited = &state.bundle.articles[0];
        assert_eq!(edited.outlet.as_deref(), Some("The Daily Example"));
        assert_eq!(edited.provenance["outlet"].from, "user");
        assert_eq!(edited.provenance["outlet"].rule, "edited");
        let in_report = &state.report.as_ref().map(|r| r.articles[0].clone());
        assert_eq!(
            in_report.as_ref().and_then(|a| a.outlet.as_deref()),
            Some("The Daily Example")
        );
        state.apply(Action::Edit {
            id,
            field: Field::Title,
            value: "   ".to_string(),
        });
        assert_eq!(state.bundle.articles[0].title, None);
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
        let saved = Saved::of(&bundle(vec![article("Old", "Kept from last time.")]));
        state.apply(Action::Restored(Ok(Some(saved))));
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
        state.apply(Action::Restored(Err("broken".into())));
        assert!(state.error.as_deref().is_some_and(|e| e.contains("broken")));
    }
}
