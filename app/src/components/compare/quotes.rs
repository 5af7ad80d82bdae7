//! Quote alignment: the same statement in several articles, each wording
//! diffed against the fullest one.

use crate::Shared;

use yew::prelude::*;

use super::correct::QuoteEditor;
use super::sort::{by_name, use_sort};
use super::{article_name, more_rows, Focus, ViewProps, PAGE};
use crate::compare::diff::Op;
use crate::compare::quotes::{QuoteGroup, QuoteMember};
use crate::edits::Edit;

#[component]
pub fn QuoteAlignment(props: &ViewProps) -> Html {
    let report = &props.report;
    let groups = &report.tables.quotes;
    let filter = use_state_eq(|| "shared");
    let shown = use_state_eq(|| PAGE);
    // As the analysis lists the statements (in the order the articles make them).
    let sort = use_sort("", false, &shown);
    // The quote being corrected: its article and span.
    let editing = use_state_eq(|| None::<(String, usize, usize)>);
    let keep = |g: &QuoteGroup| match *filter {
        "shared" => g.articles.len() > 1,
        "differ" => g.cut || g.words_changed || g.different_speakers,
        "exclusive" => g.exclusive,
        _ => true,
    };
    let mut visible: Vec<&QuoteGroup> = groups.iter().filter(|g| keep(g)).collect();
    sort.apply(&mut visible, |a, b, key| match key {
        "speaker" => by_name(&a.speaker_name, &b.speaker_name),
        "length" => words(a).cmp(&words(b)),
        _ => a.articles.len().cmp(&b.articles.len()),
    });
    let total = visible.len();
    let chip = |value: &'static str, label: &'static str| {
        let (filter, shown) = (filter.clone(), shown.clone());
        let pressed = *filter == value;
        let count = groups
            .iter()
            .filter(|g| match value {
                "shared" => g.articles.len() > 1,
                "differ" => g.cut || g.words_changed || g.different_speakers,
                "exclusive" => g.exclusive,
                _ => true,
            })
            .count();
        let onclick = Callback::from(move |_: MouseEvent| {
            filter.set(value);
            shown.set(PAGE);
        });
        html! {
            <button type="button" class={classes!("chip", pressed.then_some("pressed"))}
                    aria-pressed={pressed.to_string()} {onclick}>{ format!("{label} ({count})") }</button>
        }
    };
    if groups.is_empty() {
        return html! { <p class="empty">{ "No quotes were found." }</p> };
    }
    html! {
        <div class="quote-alignment">
            <div class="controls" role="group" aria-label="Show">
                { chip("shared", "In several articles") }
                { chip("differ", "Cut, changed or reattributed") }
                { chip("exclusive", "Only one outlet carries") }
                { chip("all", "All statements") }
            </div>
            <div class="controls" role="group" aria-label="Sort statements">
                <span class="hint">{ "Sort by" }</span>
                { sort.button("Articles", "articles", true) }
                { sort.button("Speaker", "speaker", false) }
                { sort.button("Length", "length", true) }
            </div>
            if visible.is_empty() {
                <p class="empty">{ "No statement matches this filter." }</p>
            }
            <ol class="quote-groups">
                { for visible.iter().take(*shown).map(|g| group(report, g, &props.on_focus, &editing, &props.on_correct)) }
            </ol>
            { more_rows(&shown, total) }
        </div>
    }
}

/// Words in the fullest wording of a statement.
fn words(g: &QuoteGroup) -> usize {
    g.text.split_whitespace().count()
}

type Editing = UseStateHandle<Option<(String, usize, usize)>>;

fn group(
    report: &Shared<crate::report::Report>,
    g: &QuoteGroup,
    on_focus: &Callback<Focus>,
    editing: &Editing,
    on_correct: &Callback<Edit>,
) -> Html {
    let spans = g.members.iter().map(|m| m.span.clone()).collect();
    let focus = Focus::new(
        format!("{}: “{}”", g.speaker_name, super::shorten(&g.text, 60)),
        spans,
    );
    let onclick = super::pick(on_focus, focus);
    let flags = [
        (g.only_in_some, "only in some"),
        (g.cut, "cut"),
        (g.words_changed, "words changed"),
        (g.different_speakers, "different speakers"),
        (g.exclusive, "one outlet only"),
    ];
    html! {
        <li class="quote-group" id={format!("group-{}", g.id)}>
            <div class="group-head">
                <button type="button" class="link speaker" {onclick}>{ &g.speaker_name }</button>
                <span class="hint">{ format!("in {} of {} articles", g.articles.len(), g.total) }</span>
                { for flags.iter().filter(|(on, _)| *on).map(|(_, name)| html! { <span class="flag">{ *name }</span> }) }
            </div>
            <ul class="members">
                { for g.members.iter().enumerate().map(|(i, m)| member(report, m, i == g.reference, on_focus, editing, on_correct)) }
            </ul>
        </li>
    }
}

fn member(
    report: &Shared<crate::report::Report>,
    m: &QuoteMember,
    reference: bool,
    on_focus: &Callback<Focus>,
    editing: &Editing,
    on_correct: &Callback<Edit>,
) -> Html {
    let key = (m.span.article.clone(), m.span.start, m.span.end);
    let open = editing.as_ref() == Some(&key);
    let toggle = {
        let (editing, key) = (editing.clone(), key.clone());
        Callback::from(move |_: MouseEvent| {
            editing.set((!open).then(|| key.clone()));
        })
    };
    let close = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(None))
    };
    let focus = Focus::new(
        format!("quote in {}", article_name(report, &m.article)),
        vec![m.span.clone()],
    );
    let onclick = super::pick(on_focus, focus);
    let speaker = super::entity_name(report, m.speaker.as_deref());
    let body = if m.diff.is_empty() {
        html! { <span class="same">{ &m.text }</span> }
    } else {
        html! {
            { for m.diff.iter().map(|d| match d.op {
                Op::Equal => html! { <span class="same">{ format!("{} ", d.text) }</span> },
                Op::Insert => html! { <><ins title="not in the fullest wording">{ &d.text }</ins>{ " " }</> },
                Op::Delete => html! { <><del title="left out here">{ &d.text }</del>{ " " }</> },
            }) }
        }
    };
    html! {
        <li class={classes!("member", reference.then_some("reference"))}>
            <div class="member-head">
                <button type="button" class="link" {onclick}>{ article_name(report, &m.article) }</button>
                <span class={classes!("kind", format!("kind-{}", m.kind))}>{ &m.kind }</span>
                <span class="hint">{ format!("{speaker} · {}", crate::components::plural(m.words, "word", "words")) }</span>
                if reference {
                    <span class="hint">{ " · fullest wording" }</span>
                }
                <button type="button" class="button small quiet correct-quote" onclick={toggle}
                        aria-expanded={open.to_string()}
                        aria-label={format!("Correct this quote in {}", article_name(report, &m.article))}>
                    { "Correct" }
                </button>
            </div>
            <p class="wording">{ body }</p>
            if open {
                <QuoteEditor report={report.clone()} article={key.0.clone()} start={key.1} end={key.2}
                             on_correct={on_correct.clone()} on_close={close} />
            }
        </li>
    }
}
