//! The corrections bar: how many corrections are in force, Undo and Redo
//! (also Ctrl+Z / Ctrl+Shift+Z), the list of corrections, and the ones that
//! no longer apply to the current analysis.

use yew::prelude::*;

use crate::edits::{EditLog, EditProblem};
use crate::state::{describe, describe_action};

use super::plural;

#[derive(Properties, PartialEq)]
pub struct CorrectionsProps {
    pub log: EditLog,
    #[prop_or_default]
    pub problems: Vec<EditProblem>,
    /// What the last undo or redo did.
    #[prop_or_default]
    pub announcement: Option<String>,
    /// The corrections are being applied (in the worker).
    #[prop_or_default]
    pub applying: bool,
    /// Where the corrections shown were applied (`"page"`, `"worker"`).
    #[prop_or_default]
    pub applied_in: &'static str,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
}

#[component]
pub fn Corrections(props: &CorrectionsProps) -> Html {
    let log = &props.log;
    let n = log.edits.len();
    let undo = props.on_undo.reform(|_: MouseEvent| ());
    let redo = props.on_redo.reform(|_: MouseEvent| ());
    let next_undo = describe_action(log.last_action());
    let next_redo = describe_action(log.next_redo());
    let count = if n == 0 {
        "No corrections".to_string()
    } else {
        plural(n, "correction", "corrections")
    };
    html! {
        <section class="corrections" aria-label="Your corrections">
            <div class="corrections-bar">
                <span id="corrections-count" class={classes!("corrections-count", (n > 0).then_some("some"))}
                      data-count={n.to_string()} data-applied-in={props.applied_in}>
                    { count }
                </span>
                <button type="button" id="undo-button" class="button small"
                        disabled={next_undo.is_none()} onclick={undo}
                        title={next_undo.as_ref().map(|d| format!("Undo: {d} (Ctrl+Z)")).unwrap_or_else(|| "Nothing to undo".to_string())}>
                    <span aria-hidden="true">{ "↶ " }</span>{ "Undo" }
                </button>
                <button type="button" id="redo-button" class="button small"
                        disabled={next_redo.is_none()} onclick={redo}
                        title={next_redo.as_ref().map(|d| format!("Redo: {d} (Ctrl+Shift+Z)")).unwrap_or_else(|| "Nothing to redo".to_string())}>
                    { "Redo" }<span aria-hidden="true">{ " ↷" }</span>
                </button>
                if props.applying {
                    <span class="applying" role="status">
                        <span class="spinner" aria-hidden="true"></span>{ "Updating the tables…" }
                    </span>
                }
                if n == 0 {
                    <span class="hint corrections-hint">
                        { "Correct the analysis in the tables and the reading view: merge or rename entities, change a speaker, select text to add a quote." }
                    </span>
                } else {
                    <details class="corrections-list">
                        <summary>{ "Show" }</summary>
                        <ol>
                            { for log.edits.iter().enumerate().map(|(i, e)| {
                                let failed = props.problems.iter().any(|p| p.index == i);
                                html! {
                                    <li class={classes!(failed.then_some("failed"))}>
                                        { describe(e) }
                                        if failed {
                                            <span class="flag">{ "no longer applies" }</span>
                                        }
                                    </li>
                                }
                            }) }
                        </ol>
                    </details>
                }
                <span class="visually-hidden" aria-live="polite">
                    { props.announcement.clone().unwrap_or_default() }
                </span>
            </div>
            if !props.problems.is_empty() {
                <div class="corrections-problems" role="status" id="correction-problems">
                    <p>
                        <strong>{ match props.problems.len() {
                            1 => "1 of your corrections no longer applies".to_string(),
                            k => format!("{k} of your corrections no longer apply"),
                        } }</strong>
                        { " to this analysis (the text or what was found there changed); they are kept, and skipped:" }
                    </p>
                    <ul>
                        { for props.problems.iter().map(|p| {
                            let what = log.edits.get(p.index).map(describe).unwrap_or_else(|| p.op.clone());
                            html! { <li>{ format!("Correction {} ({what}): {}", p.index + 1, p.message) }</li> }
                        }) }
                    </ul>
                </div>
            }
        </section>
    }
}
