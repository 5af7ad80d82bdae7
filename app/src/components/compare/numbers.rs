//! Numbers and facts: each thing quantified, and each article's figure.

use yew::prelude::*;

use super::sort::{by_name, use_sort};
use super::{article_name, more_rows, Focus, ViewProps, PAGE};
use crate::compare::numbers::NumberGroup;

#[component]
pub fn Numbers(props: &ViewProps) -> Html {
    let report = &props.report;
    let groups = &report.tables.numbers;
    let only_differences = use_state_eq(|| false);
    let shown = use_state_eq(|| PAGE);
    // The analysis ranks figures by how many articles carry them.
    let sort = use_sort("articles", true, &shown);
    let mut visible: Vec<&NumberGroup> = groups
        .iter()
        .filter(|g| !*only_differences || g.differs || g.conflict)
        .collect();
    sort.apply(&mut visible, |a, b, key| match key {
        "what" => by_name(&a.thing, &b.thing),
        // How much the articles disagree: conflicts, then differences,
        // then how many distinct values.
        "values" => {
            (a.conflict, a.differs, a.values.len()).cmp(&(b.conflict, b.differs, b.values.len()))
        }
        "dimension" => by_name(&a.dimension, &b.dimension),
        _ => a.articles.len().cmp(&b.articles.len()),
    });
    let total = visible.len();
    let on_toggle = {
        let (only, shown) = (only_differences.clone(), shown.clone());
        Callback::from(move |_: Event| {
            only.set(!*only);
            shown.set(PAGE);
        })
    };
    if groups.is_empty() {
        return html! { <p class="empty">{ "No figures (durations, sums, counts, percentages, dates) were found." }</p> };
    }
    html! {
        <div class="numbers">
            <div class="controls">
                <label class="control checkbox">
                    <input type="checkbox" id="numbers-differ" checked={*only_differences} onchange={on_toggle} />
                    <span>{ "Only figures the articles disagree on" }</span>
                </label>
            </div>
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">{ "Figures by what they quantify" }</caption>
                    <thead>
                        <tr>
                            { sort.header("What", "what", false, "") }
                            { sort.header("Kind", "dimension", false, "") }
                            { sort.header("Articles", "articles", true, "num") }
                            { sort.header("Values", "values", true, "") }
                            <th scope="col">{ "As each article puts it" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for visible.iter().take(*shown).map(|g| {
                            let spans = g.facts.iter().map(|f| f.span.clone()).collect();
                            let focus = Focus::new(format!("{} ({})", g.thing, g.dimension), spans);
                            let onclick = super::pick(&props.on_focus, focus);
                            html! {
                                <tr class={classes!(g.conflict.then_some("conflict"))}>
                                    <th scope="row">
                                        <button type="button" class="link" {onclick}>{ &g.thing }</button>{ " " }
                                        if g.conflict {
                                            <span class="flag flag-bad">{ "conflict" }</span>
                                        } else if g.differs {
                                            <span class="flag">{ "differs" }</span>
                                        }
                                    </th>
                                    <td>{ &g.dimension }</td>
                                    <td class="num">{ format!("{} / {}", g.articles.len(), g.total) }</td>
                                    <td>{ g.values.join(" · ") }</td>
                                    <td>
                                        <ul class="facts">
                                            { for g.facts.iter().map(|f| {
                                                let focus = Focus::new(f.text.clone(), vec![f.span.clone()]);
                                                let onclick = super::pick(&props.on_focus, focus);
                                                html! {
                                                    <li>
                                                        <span class="fact-article">{ super::shorten(&article_name(report, &f.article), 18) }</span>
                                                        <span>
                                                            <button type="button" class="link fact" {onclick} title={f.context.clone()}>{ &f.text }</button>
                                                            <span class="hint">{ format!(" = {}", f.normalised) }</span>
                                                        </span>
                                                    </li>
                                                }
                                            }) }
                                        </ul>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            { more_rows(&shown, total) }
        </div>
    }
}
