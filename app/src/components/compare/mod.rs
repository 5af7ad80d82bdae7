//! The comparison views: how the outlets of one bundle differ. Each view
//! renders one of the report's `tables` (computed natively in
//! [`crate::compare`]); clicking a cell, an entity or a quote sets the
//! [`Focus`], which the [`reader::Reader`] highlights in every article and
//! scrolls to. Views are tabs (arrow keys move between them), tables sort
//! and show rows a page at a time. Corrections ([`crate::edits::Edit`])
//! made in the views go up through `on_correct`; the report they render is
//! always the corrected one.

pub mod correct;
pub mod entities;
pub mod exports;
pub mod numbers;
pub mod omissions;
pub mod quotes;
pub mod reader;
pub mod sort;
pub mod voices;
pub mod wording;

use crate::Shared;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::compare::SpanRef;
use crate::edits::Edit;
use crate::report::Report;

/// What the user picked in a table: the spans behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    /// What was picked, in words ("Kyiv in 4 articles").
    pub label: String,
    pub spans: Rc<Vec<SpanRef>>,
}

impl Focus {
    pub fn new(label: impl Into<String>, spans: Vec<SpanRef>) -> Self {
        Focus {
            label: label.into(),
            spans: Rc::new(spans),
        }
    }
}

/// Props every view takes.
#[derive(Properties, PartialEq)]
pub struct ViewProps {
    pub report: Shared<Report>,
    pub on_focus: Callback<Focus>,
    /// A correction the user made in the view.
    #[prop_or_default]
    pub on_correct: Callback<Edit>,
    /// Several corrections made by one action (undone together).
    #[prop_or_default]
    pub on_correct_all: Callback<Vec<Edit>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Entities,
    Quotes,
    Voices,
    Numbers,
    Omissions,
    Wording,
    Hygiene,
}

impl View {
    const ALL: [View; 7] = [
        View::Entities,
        View::Quotes,
        View::Voices,
        View::Numbers,
        View::Omissions,
        View::Wording,
        View::Hygiene,
    ];

    fn id(self) -> &'static str {
        match self {
            View::Entities => "entities",
            View::Quotes => "quotes",
            View::Voices => "voices",
            View::Numbers => "numbers",
            View::Omissions => "omissions",
            View::Wording => "wording",
            View::Hygiene => "hygiene",
        }
    }

    fn label(self) -> &'static str {
        match self {
            View::Entities => "Who is named",
            View::Quotes => "Quotes",
            View::Voices => "Voice share",
            View::Numbers => "Numbers",
            View::Omissions => "Omissions",
            View::Wording => "Distinctive wording",
            View::Hygiene => "Bundle check",
        }
    }

    fn count(self, report: &Report) -> usize {
        let t = &report.tables;
        match self {
            View::Entities => t.entities.len(),
            View::Quotes => t.quotes.len(),
            View::Voices => t.voices.iter().map(|v| v.quotes).sum(),
            View::Numbers => t.numbers.len(),
            View::Omissions => t.omissions.len(),
            View::Wording => t.distinctive.len(),
            View::Hygiene => t.shared_passages.len() + t.warnings.len(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub report: Shared<Report>,
    #[prop_or_default]
    pub on_correct: Callback<Edit>,
    #[prop_or_default]
    pub on_correct_all: Callback<Vec<Edit>>,
}

/// The tabbed comparison views and the linked reading view below them.
#[component]
pub fn Compare(props: &CompareProps) -> Html {
    let view = use_state_eq(|| View::Entities);
    let focus = use_state_eq(|| None::<Focus>);
    let on_focus = {
        let focus = focus.clone();
        Callback::from(move |f: Focus| focus.set(Some(f)))
    };
    let on_clear_focus = {
        let focus = focus.clone();
        Callback::from(move |()| focus.set(None))
    };
    // After a pick, bring the first highlighted words into view.
    use_effect_with((*focus).clone(), |focus| {
        if focus.is_some() {
            scroll_to_focus();
        }
    });

    let report = &props.report;
    let onkeydown = {
        let view = view.clone();
        Callback::from(move |e: KeyboardEvent| {
            let i = View::ALL.iter().position(|v| *v == *view).unwrap_or(0);
            let n = View::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            view.set(View::ALL[next]);
            focus_element(&format!("tab-{}", View::ALL[next].id()));
        })
    };
    let tabs = View::ALL.iter().map(|&v| {
        let selected = *view == v;
        let onclick = {
            let view = view.clone();
            Callback::from(move |_: MouseEvent| view.set(v))
        };
        html! {
            <button type="button" role="tab" id={format!("tab-{}", v.id())}
                    class={classes!("tab", selected.then_some("selected"))}
                    aria-selected={selected.to_string()}
                    aria-controls={format!("view-{}", v.id())}
                    tabindex={if selected { "0" } else { "-1" }}
                    {onclick}>
                { v.label() }
                <span class="tab-count">{ v.count(report) }</span>
            </button>
        }
    });
    let props_for = || ViewProps {
        report: report.clone(),
        on_focus: on_focus.clone(),
        on_correct: props.on_correct.clone(),
        on_correct_all: props.on_correct_all.clone(),
    };
    let body = match *view {
        View::Entities => html! { <entities::EntityMatrix ..props_for() /> },
        View::Quotes => html! { <quotes::QuoteAlignment ..props_for() /> },
        View::Voices => html! { <voices::VoiceShare ..props_for() /> },
        View::Numbers => html! { <numbers::Numbers ..props_for() /> },
        View::Omissions => html! { <omissions::Omissions ..props_for() /> },
        View::Wording => html! { <wording::Distinctive ..props_for() /> },
        View::Hygiene => html! { <wording::Hygiene ..props_for() /> },
    };
    html! {
        <>
            <section class="panel compare" id="compare" aria-labelledby="compare-heading">
                <div class="panel-head">
                    <h2 id="compare-heading" class="panel-title">{ "How the outlets differ" }</h2>
                    <exports::Exports report={report.clone()} />
                </div>
                <div class="tabs" role="tablist" aria-label="Comparison views" {onkeydown}>
                    { for tabs }
                </div>
                <div class="view" role="tabpanel" id={format!("view-{}", view.id())}
                     aria-labelledby={format!("tab-{}", view.id())} tabindex="0">
                    { body }
                </div>
            </section>
            <reader::Reader report={report.clone()} focus={(*focus).clone()}
                            on_focus={on_focus.clone()} {on_clear_focus}
                            on_correct={props.on_correct.clone()} />
        </>
    }
}

fn focus_element(id: &str) {
    if let Some(el) = gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Scroll the page to the reading view and every article column to its
/// first highlighted span.
fn scroll_to_focus() {
    let document = gloo::utils::document();
    if let Ok(Some(reader)) = document.query_selector("#reader") {
        reader.scroll_into_view();
    }
    let Ok(columns) = document.query_selector_all(".reader-body") else {
        return;
    };
    for i in 0..columns.length() {
        let Some(column) = columns
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if let Ok(Some(mark)) = column.query_selector("mark.focus") {
            if let Some(mark) = mark.dyn_ref::<web_sys::HtmlElement>() {
                let top = mark.offset_top() - column.client_height() / 3;
                column.set_scroll_top(top.max(0));
            }
        }
    }
}

/// How an article is named in column headers: its outlet, else its title,
/// else its id.
pub fn article_name(report: &Report, id: &str) -> String {
    let Some(a) = report.articles.iter().find(|a| a.id == id) else {
        return id.to_string();
    };
    let name = a
        .outlet
        .clone()
        .or_else(|| a.title.clone())
        .unwrap_or_else(|| a.id.clone());
    shorten(&name, 28)
}

/// At most `n` characters, with an ellipsis when cut.
pub fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// `0.237` → `24 %`.
pub fn percent(x: f64) -> String {
    format!("{:.0} %", (x * 100.0).clamp(0.0, 100.0))
}

/// Rows shown per page in long tables.
pub const PAGE: usize = 25;

/// "Show more" under a list whose first `*shown` of `total` rows are on
/// screen; a click shows another [`PAGE`].
pub fn more_rows(shown: &UseStateHandle<usize>, total: usize) -> Html {
    let now = (**shown).min(total);
    if now >= total {
        return html! {};
    }
    let on_more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + PAGE))
    };
    html! {
        <div class="more">
            <span class="hint">{ format!("Showing {now} of {total}.") }</span>
            <button type="button" class="button small" onclick={on_more}>
                { format!("Show {} more", PAGE.min(total - now)) }
            </button>
        </div>
    }
}

/// The name of entity `id`, or `unknown`.
pub fn entity_name(report: &Report, id: Option<&str>) -> String {
    id.and_then(|id| report.entities.iter().find(|e| e.id == id))
        .map(|e| e.name.clone())
        .unwrap_or_else(|| "unknown speaker".to_string())
}

/// A click handler that picks `focus`.
pub fn pick(on_focus: &Callback<Focus>, focus: Focus) -> Callback<MouseEvent> {
    let on_focus = on_focus.clone();
    Callback::from(move |_: MouseEvent| on_focus.emit(focus.clone()))
}
