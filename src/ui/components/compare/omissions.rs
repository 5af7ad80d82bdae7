//! What only some articles carry, most prominent first.

use yew::prelude::*;

use super::{article_name, more_button, Focus, ViewProps, PAGE};

#[component]
pub fn Omissions(props: &ViewProps) -> Html {
    let report = &props.report;
    let rows = &report.tables.omissions;
    let kind = use_state_eq(String::new);
    let shown = use_state_eq(|| PAGE);
    let visible: Vec<_> = rows
        .iter()
        .filter(|o| kind.is_empty() || o.kind == *kind)
        .collect();
    let total = visible.len();
    let on_more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + PAGE))
    };
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
                            <th scope="col">{ "What" }</th>
                            <th scope="col">{ "Carried by" }</th>
                            <th scope="col">{ "Left out by" }</th>
                            <th scope="col" class="num">{ "Prominence" }</th>
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
            { more_button((*shown).min(total), total, on_more) }
        </div>
    }
}
