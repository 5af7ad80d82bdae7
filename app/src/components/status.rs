//! One line saying what the app is doing (reading, analysing, done), and a
//! dismissible banner for errors the browser reported.

use yew::prelude::*;

use crate::state::Analysis;

use super::plural;

#[derive(Properties, PartialEq)]
pub struct StatusLineProps {
    /// Loads still being read.
    pub reading: usize,
    pub analysis: Analysis,
    /// Articles and words of the finished report.
    #[prop_or_default]
    pub finished: Option<(usize, usize)>,
    /// Stop the running analysis.
    #[prop_or_default]
    pub on_cancel: Callback<()>,
    /// Start it again after a cancel.
    #[prop_or_default]
    pub on_reanalyse: Callback<()>,
}

#[component]
pub fn StatusLine(props: &StatusLineProps) -> Html {
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let reanalyse = props.on_reanalyse.reform(|_: MouseEvent| ());
    let (state, body) = match (props.reading, props.analysis, props.finished) {
        (r, _, _) if r > 0 => (
            "reading",
            html! {
                <>
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{ "Reading files…" }</span>
                </>
            },
        ),
        (_, Analysis::Running { done, total }, _) => (
            "running",
            html! {
                <>
                    <span class="spinner" aria-hidden="true"></span>
                    <span class="status-text">
                        { format!("Analysing {done} of {}…", plural(total, "article", "articles")) }
                    </span>
                    <progress max={total.to_string()} value={done.to_string()} aria-hidden="true"></progress>
                    <button type="button" id="cancel-analysis" class="button small quiet" onclick={cancel}>
                        { "Cancel" }
                    </button>
                </>
            },
        ),
        (_, Analysis::Cancelled { done, total }, _) => (
            "cancelled",
            html! {
                <>
                    <span class="status-text">
                        { format!("Analysis cancelled after {done} of {}.", plural(total, "article", "articles")) }
                    </span>
                    <button type="button" id="reanalyse" class="button small" onclick={reanalyse}>
                        { "Analyse again" }
                    </button>
                </>
            },
        ),
        (_, Analysis::Done, Some((articles, words))) => (
            "done",
            html! {
                <>
                    <svg class="check" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                        <path d="M6.2 11.6L2.6 8l1.1-1.1 2.5 2.5 6.1-6.1 1.1 1.1z" />
                    </svg>
                    <span class="status-text">
                        { format!(
                            "Analysis complete: {}, {} in all.",
                            plural(articles, "article", "articles"),
                            plural(words, "word", "words"),
                        ) }
                    </span>
                </>
            },
        ),
        _ => ("idle", html! {}),
    };
    html! {
        <div id="analysis-status" class={classes!("status", format!("status-{state}"))}
             data-state={state} role="status" aria-live="polite">
            { body }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorBannerProps {
    pub error: String,
    pub on_dismiss: Callback<()>,
    /// The banner's element id, where there is one of its kind.
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

#[component]
pub fn ErrorBanner(props: &ErrorBannerProps) -> Html {
    let error = &props.error;
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="error-banner" role="alert" id={props.id.clone()}>
            <span>{ error }</span>
            <button type="button" class="button small quiet" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    async fn render(props: StatusLineProps) -> web_sys::Element {
        let document = gloo::utils::document();
        let root = document.create_element("div").expect("div");
        document
            .body()
            .expect("body")
            .append_child(&root)
            .expect("append");
        yew::Renderer::<StatusLine>::with_root_and_props(root.clone(), props).render();
        yew::scheduler::flush().await;
        root
    }

    #[wasm_bindgen_test]
    async fn shows_progress_then_the_finished_summary() {
        let running = render(StatusLineProps {
            reading: 0,
            analysis: Analysis::Running { done: 3, total: 6 },
            finished: None,
            on_cancel: Callback::noop(),
            on_reanalyse: Callback::noop(),
        })
        .await;
        let text = running.text_content().unwrap_or_default();
        assert_eq!(text, "Analysing 3 of 6 articles…Cancel");
        assert!(running
            .query_selector("[data-state=running] progress")
            .expect("query")
            .is_some());

        let done = render(StatusLineProps {
            reading: 0,
            analysis: Analysis::Done,
            finished: Some((6, 3471)),
            on_cancel: Callback::noop(),
            on_reanalyse: Callback::noop(),
        })
        .await;
        let text = done.text_content().unwrap_or_default();
        assert_eq!(text, "Analysis complete: 6 articles, 3,471 words in all.");
    }
}
