//! The app root: wires the reducer, the loaders, the analysis worker and
//! the components together.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::components::articles::Edit;
use crate::components::{
    ArticleList, Compare, Corrections, ErrorBanner, Loader, Masthead, Notices, StatusLine, Summary,
};
use crate::example;
use crate::files::{self, Source};
use crate::ingest;
use crate::pool::Pool;
use crate::report::Report;
use crate::state::{Action, Analysis, State};
use crate::storage;
use crate::Shared;

/// The whole app.
#[component]
pub fn App() -> Html {
    html! { <Workspace /> }
}

/// Read `sources` (asynchronously, on the main thread), ingest them and add
/// the result to the state.
fn load_sources(dispatcher: UseReducerDispatcher<State>, sources: Vec<Source>) {
    if sources.is_empty() {
        return;
    }
    dispatcher.dispatch(Action::ReadStarted);
    spawn_local(async move {
        let read = files::read_all(sources).await;
        let mut bundle = ingest::ingest(read.files);
        bundle.notices.extend(read.notices);
        dispatcher.dispatch(Action::Loaded(bundle));
    });
}

/// Longest wait, in milliseconds, before a change to the bundle is kept
/// while an analysis runs (see `Workspace`).
const KEEP_WITHIN_MS: u32 = 3_000;

#[component]
fn Workspace() -> Html {
    let state = use_reducer(State::default);
    let dispatcher = state.dispatcher();

    // The analysis workers: their updates go into the reducer.
    let pool = {
        let dispatcher = dispatcher.clone();
        use_memo((), move |_| Pool::new(dispatcher))
    };
    // The bundle kept from the last visit comes back first …
    {
        let dispatcher = dispatcher.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                dispatcher.dispatch(Action::Restored(storage::load().await));
            });
        });
    }
    // … and every change after that is kept (clearing removes the copy),
    // once the analysis it started is over, or after KEEP_WITHIN_MS of a
    // long one: writing a large bundle takes the page and the browser's
    // storage tens of ms, which on two cores came from the workers, and the
    // page wrote it before it had even posted the workers their articles.
    {
        let dispatcher = dispatcher.clone();
        let bundle = state.bundle.clone();
        let log = state.log.clone();
        // (A warning shown now goes once a later change is kept.)
        let warned = state.storage.is_some();
        let analysing = matches!(state.analysis, Analysis::Running { .. });
        // The generation last written (the end of a run changes nothing).
        let kept = use_mut_ref(|| None::<u64>);
        let key = (state.generation, state.restored, analysing);
        use_effect_with(key, move |&(generation, restored, analysing)| {
            let keep = move || {
                if kept.replace(Some(generation)) == Some(generation) {
                    return;
                }
                spawn_local(async move {
                    match storage::save(&bundle, &log).await {
                        Err(message) => dispatcher.dispatch(Action::StorageFailed(message)),
                        Ok(()) if warned => dispatcher.dispatch(Action::StorageRecovered),
                        Ok(()) => {}
                    }
                });
            };
            let later = match (restored, analysing) {
                (false, _) => None,
                (true, true) => Some(gloo::timers::callback::Timeout::new(KEEP_WITHIN_MS, keep)),
                (true, false) => {
                    keep();
                    None
                }
            };
            // A newer generation, or the end of the run, comes first.
            move || drop(later)
        });
    }
    // A crash inside a worker is reported to this window as an error event
    // naming the module's script (page and workers share it; the workers
    // start from a `blob:` shim). A crash of the page itself is shown by the
    // panic hook instead. Show it instead of a stuck progress line.
    {
        let dispatcher = dispatcher.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let listener = gloo::events::EventListener::new(&window, "error", move |event| {
                if let Some(error) = event.dyn_ref::<web_sys::ErrorEvent>() {
                    let file = error.filename();
                    if file.contains("parallax-app") || file.starts_with("blob:") {
                        dispatcher.dispatch(Action::WorkerFailed(error.message()));
                    }
                }
            });
            move || drop(listener)
        });
    }
    // Ctrl+Z undoes the latest correction, Ctrl+Shift+Z (or Ctrl+Y) redoes
    // it, unless the focus is in a text field (which has its own undo).
    {
        let dispatcher = dispatcher.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let listener = gloo::events::EventListener::new(&window, "keydown", move |event| {
                let Some(e) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if let Some(action) = shortcut(e) {
                    e.prevent_default();
                    dispatcher.dispatch(action);
                }
            });
            move || drop(listener)
        });
    }
    // Every new revision with articles is sent for analysis.
    {
        let bundle = state.bundle.clone();
        let pool = pool.clone();
        use_effect_with(state.revision, move |revision| {
            if !bundle.articles.is_empty() {
                pool.start(*revision, &bundle);
            }
        });
    }
    // Corrections to a large bundle are applied in the worker.
    {
        let pool = pool.clone();
        let edits = state.log.edits.clone();
        let key = (state.revision, state.log_seq, state.applying);
        use_effect_with(key, move |(run, seq, applying)| {
            if *applying {
                pool.apply(*run, *seq, edits);
            }
        });
    }
    let on_cancel = {
        let (dispatcher, pool, run) = (dispatcher.clone(), pool.clone(), state.revision);
        Callback::from(move |()| {
            pool.cancel(run);
            dispatcher.dispatch(Action::Cancel);
        })
    };
    let on_reanalyse = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::Reanalyse))
    };

    // Files dropped anywhere on the page are loaded (other drags, such as
    // text into the paste box, keep their default). The counter survives the
    // enter/leave pairs fired when crossing child elements.
    let drag_depth = use_mut_ref(|| 0u32);
    let dragging = use_state_eq(|| false);
    let ondragenter = {
        let (depth, dragging) = (drag_depth.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            if carries_files(&e) {
                e.prevent_default();
                *depth.borrow_mut() += 1;
                dragging.set(true);
            }
        })
    };
    let ondragover = Callback::from(|e: DragEvent| {
        if carries_files(&e) {
            e.prevent_default();
            if let Some(data) = e.data_transfer() {
                data.set_drop_effect("copy");
            }
        }
    });
    let ondragleave = {
        let (depth, dragging) = (drag_depth.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            if carries_files(&e) {
                let mut depth = depth.borrow_mut();
                *depth = depth.saturating_sub(1);
                if *depth == 0 {
                    dragging.set(false);
                }
            }
        })
    };
    let ondrop = {
        let (depth, dragging) = (drag_depth, dragging.clone());
        let dispatcher = dispatcher.clone();
        Callback::from(move |e: DragEvent| {
            if !carries_files(&e) {
                return;
            }
            e.prevent_default();
            *depth.borrow_mut() = 0;
            dragging.set(false);
            // Entries must be taken now: the browser empties the transfer
            // once this handler returns.
            if let Some(data) = e.data_transfer() {
                load_sources(dispatcher.clone(), files::dropped(&data));
            }
        })
    };

    // The children's callbacks are made once (use_callback): a new
    // callback is a changed property, and every child would re-render at
    // every change of the state, each progress update of an analysis
    // among them.
    let on_sources = use_callback(dispatcher.clone(), |sources: Vec<Source>, dispatcher| {
        load_sources(dispatcher.clone(), sources)
    });
    let on_paste = use_callback(dispatcher.clone(), |text: String, dispatcher| {
        dispatcher.dispatch(Action::ReadStarted);
        dispatcher.dispatch(Action::Loaded(ingest::ingest_paste(&text)));
    });
    let on_example = use_callback(dispatcher.clone(), |(), dispatcher| {
        dispatcher.dispatch(Action::ReadStarted);
        dispatcher.dispatch(Action::Loaded(ingest::ingest(example::files())));
    });
    let on_edit = use_callback(
        dispatcher.clone(),
        |Edit { id, field, value }, dispatcher| {
            dispatcher.dispatch(Action::Edit { id, field, value })
        },
    );
    let on_clear = use_callback(dispatcher.clone(), |(), dispatcher| {
        dispatcher.dispatch(Action::Clear)
    });
    let on_correct = use_callback(dispatcher.clone(), |edit, dispatcher| {
        dispatcher.dispatch(Action::Correct(edit))
    });
    let on_correct_all = use_callback(dispatcher.clone(), |edits, dispatcher| {
        dispatcher.dispatch(Action::CorrectAll(edits))
    });
    let on_undo = use_callback(dispatcher.clone(), |(), dispatcher| {
        dispatcher.dispatch(Action::Undo)
    });
    let on_redo = use_callback(dispatcher.clone(), |(), dispatcher| {
        dispatcher.dispatch(Action::Redo)
    });
    let on_dismiss_storage = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::DismissStorage))
    };
    let on_dismiss = Callback::from(move |()| dispatcher.dispatch(Action::DismissError));

    let finished = state.report.as_ref().map(|r| {
        let words = r.articles.iter().map(|a| a.stats.words).sum();
        (r.articles.len(), words)
    });
    let empty = state.bundle.articles.is_empty();
    let shown_report = state.report.clone().filter(|r| !r.articles.is_empty());

    html! {
        <div class={classes!("app", dragging.then_some("dragging"))}
             {ondragenter} {ondragover} {ondragleave} {ondrop}>
            <Masthead />
            <main class="main">
                if !empty {
                    <Corrections
                        log={state.log.clone()}
                        applying={state.applying}
                        applied_in={state.applied_in}
                        problems={state.problems.clone()}
                        announcement={state.announcement.clone()}
                        {on_undo}
                        {on_redo}
                    />
                }
                <div class="layout">
                    <div class="side">
                        <Loader dragging={*dragging} {on_sources} {on_paste} on_example={on_example.clone()} />
                    </div>
                    <div class="results">
                        // Components here always render an element and the
                        // conditions live in this list: yew 0.23 can panic when a
                        // component renders nothing next to a conditional
                        // (yewstack/yew#4092).
                        if let Some(error) = state.error.clone() {
                            <ErrorBanner {error} {on_dismiss} />
                        }
                        if let Some(error) = state.storage.clone() {
                            <ErrorBanner {error} on_dismiss={on_dismiss_storage} id="storage-warning" />
                        }
                        <StatusLine reading={state.reading} analysis={state.analysis} {finished} {on_cancel} {on_reanalyse} />
                        if !state.bundle.notices.is_empty() {
                            <Notices notices={state.bundle.notices.clone()} />
                        }
                        if empty {
                            <EmptyState on_example={on_example.clone()} />
                        }
                        <SummarySlot report={shown_report.clone()} />
                        if !state.bundle.articles.is_empty() {
                            <ArticleList
                                bundle={state.shown.clone()}
                                words={state.word_counts()}
                                {on_edit}
                                on_correct={on_correct.clone()}
                                {on_clear}
                            />
                        }
                    </div>
                </div>
                // The comparison views use the whole width, below the
                // loader (which stays in view while the article list scrolls).
                <CompareSlot report={shown_report} {on_correct} {on_correct_all} />
            </main>
            <footer class="footer">
                <p>
                    { format!("Parallax {} · ", env!("CARGO_PKG_VERSION")) }
                    { "Works offline once loaded; nothing you load leaves this computer. Your bundle is kept in this browser until you clear it." }
                </p>
            </footer>
        </div>
    }
}

/// The undo/redo action a key press asks for, unless typed into a field.
fn shortcut(e: &KeyboardEvent) -> Option<Action> {
    if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
        return None;
    }
    let action = match e.key().to_lowercase().as_str() {
        "z" if e.shift_key() => Action::Redo,
        "z" => Action::Undo,
        "y" if !e.shift_key() => Action::Redo,
        _ => return None,
    };
    let typing = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().to_lowercase().as_str(),
                "input" | "textarea" | "select"
            ) || el
                .dyn_ref::<web_sys::HtmlElement>()
                .is_some_and(|h| h.is_content_editable())
        });
    (!typing).then_some(action)
}

/// Whether a drag carries files (rather than text or a link).
fn carries_files(e: &DragEvent) -> bool {
    e.data_transfer()
        .is_some_and(|d| d.types().includes(&"Files".into(), 0))
}

// The summary and the comparison views sit in slots that stay mounted
// (empty and hidden without a report), so that a finished analysis
// updates them like the status line rather than creating them. Yew renders
// new components before it passes new properties to existing ones, and
// when that first part takes over its 16 ms budget it yields to the
// browser: a 300-article bundle's results (≈ 20 ms to build) were laid out
// once (≈ 40 ms) while the status line still said "Analysing…" and the
// article list waited, and again after. As updates they wait in the same
// render queue as the status line's, and Yew does not yield while that
// queue holds work: one pass, one layout.

#[derive(Properties, PartialEq)]
struct SummarySlotProps {
    report: Option<Shared<Report>>,
}

#[component]
fn SummarySlot(props: &SummarySlotProps) -> Html {
    match &props.report {
        Some(report) => html! { <Summary report={report.clone()} /> },
        None => html! { <div class="slot" hidden=true></div> },
    }
}

#[derive(Properties, PartialEq)]
struct CompareSlotProps {
    report: Option<Shared<Report>>,
    on_correct: Callback<crate::edits::Edit>,
    on_correct_all: Callback<Vec<crate::edits::Edit>>,
}

#[component]
fn CompareSlot(props: &CompareSlotProps) -> Html {
    match &props.report {
        Some(report) => html! {
            <div class="wide">
                <Compare report={report.clone()} on_correct={props.on_correct.clone()}
                         on_correct_all={props.on_correct_all.clone()} />
            </div>
        },
        None => html! { <div class="slot" hidden=true></div> },
    }
}

#[derive(Properties, PartialEq)]
struct EmptyStateProps {
    on_example: Callback<()>,
}

#[component]
fn EmptyState(props: &EmptyStateProps) -> Html {
    let load_example = props.on_example.reform(|_: MouseEvent| ());
    html! {
        <section class="panel empty-state" aria-labelledby="empty-heading">
            <h2 id="empty-heading" class="panel-title">{ "No articles yet" }</h2>
            <p class="lead">
                { "Gather several reports of the same event, from different outlets or from one outlet over time, and compare them side by side." }
            </p>
            <ol class="steps">
                <li>
                    <strong>{ "Add the articles." }</strong>
                    { " Drop files or a whole folder, pick them, or paste text. Files with several articles are split." }
                </li>
                <li>
                    <strong>{ "Check the details." }</strong>
                    { " Parallax reads each article's title, outlet, date and byline; correct any of them in place." }
                </li>
                <li>
                    <strong>{ "Compare." }</strong>
                    { " The analysis runs in the background, on this computer, and summarises the bundle." }
                </li>
            </ol>
            <div class="empty-actions">
                <button type="button" id="example-cta" class="button primary" onclick={load_example}>
                    { "Try it with the example bundle" }
                </button>
                <span class="hint">{ example::DESCRIPTION }</span>
            </div>
        </section>
    }
}
