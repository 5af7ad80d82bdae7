//! What only some articles carry, most prominent first.

use yew::prelude::*;

use super::sort::{by_name, use_sort};
use super::{article_name, more_rows, Focus, ViewProps, PAGE};
use crate::compare::omissions::Omission;

#[component]
pub fn Omissions(props: &ViewProps) -> Html {
    let report = &props.report;
    let rows = &report.tables.omissions;
    let kind = use_state_eq(String::new);
    let shown = use_state_eq(|| PAGE);
    // The analysis ranks rows by prominence (then by how many carry them).
    let sort = use_sort("prominence", true, &shown);
    let mut visible: Vec<&Omission> = rows
        .iter()
        .filter(|o| kind.is_empty() || o.kind == *kind)
        .collect();
    sort.apply(&mut visible, |a, b, key| match key {
        "what" => by_name(&a.label, &b.label),
        "carried" => a.articles.len().cmp(&b.articles.len()),
        "missing" => a.missing.len().cmp(&b.missing.len()),
        _ => a.prominence.total_cmp(&b.prominence),
    });
    let total = visible.len();
    let filter = |value: &'static str, label: &'static str| {
        let (kind, shown) = (kind.clone(), shown.clone());
        let pressed = *kind == value;
        let onclick = Callback::from(move |_: MouseEvent| {
            kind.set(value.to_string());
            shown.set(PAGE);
        });
        html! {
            <button type="button" class={classes!("chip", pressed.then_some("pressed"))}
                    aria-pressed={pressed.to_string()} {onclick}>{ label }</button>
        }
    };
    if rows.is_empty() {
        return html! { <p class="empty">{ "Every article carries the same entities, statements and figures." }</p> };
    }
    let names = |ids: &[String]| {
        ids.iter()
            .map(|id| article_name(report, id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    html! {
        <div class="omissions">
            <div class="controls" role="group" aria-label="Show">
                { filter("", "Everything") }
                { filter("entity", "Entities") }
                { filter("quote", "Statements") }
                { filter("number", "Figures") }
            </div>
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">{ "Items only some articles carry" }</caption>
                    <thead>
                        <tr>
                            { sort.header("What", "what", false, "") }
                            { sort.header("Carried by", "carried", true, "") }
                            { sort.header("Left out by", "missing", true, "") }
                            { sort.header("Prominence", "prominence", true, "num") }
                        </tr>
                    </thead>
                    <tbody>
                        { for visible.iter().take(*shown).map(|o| {
                            let focus = Focus::new(o.summary.clone(), o.spans.clone());
                            let onclick = super::pick(&props.on_focus, focus);
                            html! {
                                <tr>
                                    <th scope="row">
                                        <span class={classes!("kind", format!("kind-{}", o.kind))}>{ &o.kind }</span>
                                        <button type="button" class="link" {onclick}>{ &o.label }</button>
                                        <div class="detail">{ &o.summary }</div>
                                    </th>
                                    <td>{ names(&o.articles) }</td>
                                    <td>{ names(&o.missing) }</td>
                                    <td class="num">{ format!("{:.2}", o.prominence) }</td>
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
