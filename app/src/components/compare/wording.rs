//! Distinctive wording (log-odds with an informative Dirichlet prior) and
//! the bundle check (shared passages, articles that may not belong).

use yew::prelude::*;

use super::sort::{by_name, use_sort};
use super::{article_name, more_rows, Focus, ViewProps, PAGE};
use crate::compare::keyness::Term;

#[component]
pub fn Distinctive(props: &ViewProps) -> Html {
    let report = &props.report;
    let all = &report.tables.distinctive;
    let group = use_state_eq(|| "article".to_string());
    // Each column keeps its most distinctive terms; the sort orders them.
    let shown = use_state_eq(|| PAGE);
    let sort = use_sort("z", true, &shown);
    let groups: Vec<&str> = {
        let mut g: Vec<&str> = all.iter().map(|d| d.group.as_str()).collect();
        g.dedup();
        crate::sort::ord(&mut g);
        g.dedup();
        g
    };
    if all.is_empty() {
        return html! { <p class="empty">{ "Too little text to compare wording." }</p> };
    }
    // Columns (articles, outlets or sections) a page at a time.
    let total = all.iter().filter(|d| d.group == *group).count();
    let chip = |value: &str| {
        let group = group.clone();
        let pressed = *group == value;
        let owned = value.to_string();
        let shown = shown.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            group.set(owned.clone());
            shown.set(PAGE);
        });
        let label = match value {
            "article" => "By article",
            "outlet" => "By outlet",
            "section" => "By section",
            other => other,
        }
        .to_string();
        html! {
            <button type="button" class={classes!("chip", pressed.then_some("pressed"))}
                    aria-pressed={pressed.to_string()} {onclick}>{ label }</button>
        }
    };
    html! {
        <div class="distinctive">
            <div class="controls" role="group" aria-label="Compare">
                { for groups.iter().map(|g| chip(g)) }
                <p class="hint">{ "Words and phrases used far more than in the rest of the bundle (z-score of the log-odds ratio, Monroe et al. 2008)." }</p>
            </div>
            <div class="term-columns">
                { for all.iter().filter(|d| d.group == *group).take(*shown).map(|d| {
                    let title = if d.group == "article" { article_name(report, &d.key) } else { d.key.clone() };
                    html! {
                        <section class="term-column">
                            <h3>{ title.clone() }</h3>
                            <table class="data-table terms">
                                <caption class="visually-hidden">{ format!("Distinctive words of {title}") }</caption>
                                <thead>
                                    <tr>
                                        { sort.header("Term", "term", false, "") }
                                        { sort.header("Here", "count", true, "num") }
                                        { sort.header("Rest", "rest", true, "num") }
                                        { sort.header("z", "z", true, "num") }
                                    </tr>
                                </thead>
                                <tbody>
                                    { for top_terms(&d.terms, &sort).into_iter().map(|t| {
                                        let focus = Focus::new(format!("“{}”", t.text), t.spans.clone());
                                        let onclick = super::pick(&props.on_focus, focus);
                                        html! {
                                            <tr>
                                                <th scope="row"><button type="button" class="link term" {onclick}>{ &t.text }</button></th>
                                                <td class="num" title="uses in this group">{ t.count }</td>
                                                <td class="num" title="uses in the rest of the bundle">{ t.rest_count }</td>
                                                <td class="num" title="z-score of the log-odds ratio">{ format!("{:.1}", t.z) }</td>
                                            </tr>
                                        }
                                    }) }
                                </tbody>
                            </table>
                        </section>
                    }
                }) }
            </div>
            { more_rows(&shown, total) }
        </div>
    }
}

/// Terms shown per column: the most distinctive.
const TERMS: usize = 12;

/// The `TERMS` most distinctive terms (highest z), in the chosen order.
fn top_terms<'a>(terms: &'a [Term], sort: &super::sort::Sort) -> Vec<&'a Term> {
    let mut top: Vec<&Term> = terms.iter().collect();
    crate::sort::by(&mut top, |a, b| b.z.total_cmp(&a.z));
    top.truncate(TERMS);
    sort.apply(&mut top, |a, b, key| match key {
        "term" => by_name(&a.text, &b.text),
        "count" => a.count.cmp(&b.count),
        "rest" => a.rest_count.cmp(&b.rest_count),
        _ => a.z.total_cmp(&b.z),
    });
    top
}

#[component]
pub fn Hygiene(props: &ViewProps) -> Html {
    let report = &props.report;
    let t = &report.tables;
    html! {
        <div class="hygiene">
            <h3>{ "Articles that may not belong" }</h3>
            if t.warnings.is_empty() {
                <p class="empty">{ "All articles seem to cover the same event (dates close together, shared people and places)." }</p>
            }
            <ul class="warnings">
                { for t.warnings.iter().map(|w| html! {
                    <li class="notice notice-warning">
                        <span class="notice-level">{ w.kind.replace('_', " ") }</span>
                        <span class="notice-message">{ &w.message }</span>
                    </li>
                }) }
            </ul>
            <h3>{ "Passages shared word for word" }</h3>
            if t.shared_passages.is_empty() {
                <p class="empty">{ "No article repeats a long passage of another (no sign of the same wire copy under two mastheads)." }</p>
            }
            <ul class="passages">
                { for t.shared_passages.iter().map(|p| {
                    let focus = Focus::new(format!("passage shared by {} and {}", article_name(report, &p.a.article), article_name(report, &p.b.article)), vec![p.a.clone(), p.b.clone()]);
                    let onclick = super::pick(&props.on_focus, focus);
                    html! {
                        <li class="passage">
                            <button type="button" class="link" {onclick}>
                                { format!("{} and {} · {} words", article_name(report, &p.a.article), article_name(report, &p.b.article), p.words) }
                            </button>
                            <blockquote>{ super::shorten(&p.text, 400) }</blockquote>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
