//! Who and what each outlet names: the entity × article matrix.

use std::collections::BTreeSet;

use yew::prelude::*;

use super::{article_name, more_button, sort_header, Focus, ViewProps, PAGE};
use crate::compare::entities::{EntityCell, EntityRow};
use crate::compare::SpanRef;

fn all_mentions(row: &EntityRow) -> Vec<SpanRef> {
    row.cells
        .iter()
        .flat_map(|c| c.mentions.iter().cloned())
        .collect()
}

fn first_position(row: &EntityRow) -> f64 {
    row.cells.iter().map(|c| c.position).fold(1.0, f64::min)
}

fn sort_rows(rows: &mut [&EntityRow], key: &str, descending: bool) {
    rows.sort_by(|a, b| {
        let order = match key {
            "name" => b.name.to_lowercase().cmp(&a.name.to_lowercase()),
            "total" => a.total.cmp(&b.total).then(a.spread.cmp(&b.spread)),
            "first" => first_position(b).total_cmp(&first_position(a)),
            _ => a.spread.cmp(&b.spread).then(a.total.cmp(&b.total)),
        };
        if descending {
            order.reverse()
        } else {
            order
        }
    });
}

#[component]
pub fn EntityMatrix(props: &ViewProps) -> Html {
    let report = &props.report;
    let rows = &report.tables.entities;
    let kind = use_state_eq(String::new);
    let sort = use_state_eq(|| ("spread", true));
    let shown = use_state_eq(|| PAGE);
    let articles: Vec<&str> = report
        .articles
        .iter()
        .filter(|a| !a.excluded)
        .map(|a| a.id.as_str())
        .collect();
    let kinds: BTreeSet<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    let mut visible: Vec<&EntityRow> = rows
        .iter()
        .filter(|r| kind.is_empty() || r.label == *kind)
        .collect();
    let (key, descending) = *sort;
    sort_rows(&mut visible, key, descending);
    let total = visible.len();

    let on_kind = {
        let (kind, shown) = (kind.clone(), shown.clone());
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            kind.set(value);
            shown.set(PAGE);
        })
    };
    let on_more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + PAGE))
    };
    if rows.is_empty() {
        return html! { <p class="empty">{ "No people, organisations or places were found." }</p> };
    }
    let n = articles.len();
    html! {
        <div class="entity-matrix">
            <div class="controls">
                <label class="control">
                    <span>{ "Type" }</span>
                    <select id="entity-type" onchange={on_kind}>
                        <option value="" selected={kind.is_empty()}>{ "All types" }</option>
                        { for kinds.iter().map(|k| html! {
                            <option value={k.to_string()} selected={*kind == *k}>{ type_name(k) }</option>
                        }) }
                    </select>
                </label>
                <p class="hint">
                    { "Each cell: how often the article names the entity, the form it uses and its labels. \
                       Click a name or a cell to see the words in the articles." }
                </p>
            </div>
            <div class="table-wrap">
                <table class="data-table matrix">
                    <caption class="visually-hidden">{ "Entities named by each article" }</caption>
                    <thead>
                        <tr>
                            { sort_header("Entity", "name", &sort, "") }
                            { sort_header("Articles", "spread", &sort, "num") }
                            { sort_header("Mentions", "total", &sort, "num") }
                            { sort_header("First", "first", &sort, "num") }
                            { for articles.iter().map(|id| html! {
                                <th scope="col" class="article-col" title={id.to_string()}>{ article_name(report, id) }</th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for visible.iter().take(*shown).map(|row| {
                            let focus_row = {
                                let on_focus = props.on_focus.clone();
                                let focus = Focus::new(format!("{} in {} of {n} articles", row.name, row.spread), all_mentions(row));
                                Callback::from(move |_: MouseEvent| on_focus.emit(focus.clone()))
                            };
                            html! {
                                <tr data-entity={row.entity.clone()}>
                                    <th scope="row">
                                        <button type="button" class="link entity-name" onclick={focus_row}>{ &row.name }</button>
                                        <span class={classes!("type", format!("type-{}", row.label))}>{ type_name(&row.label) }</span>
                                    </th>
                                    <td class="num">{ format!("{} / {n}", row.spread) }</td>
                                    <td class="num">{ row.total }</td>
                                    <td class="num">{ super::percent(first_position(row)) }</td>
                                    { for articles.iter().map(|id| cell(row, row.cells.iter().find(|c| c.article == *id), &props.on_focus)) }
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

fn cell(row: &EntityRow, cell: Option<&EntityCell>, on_focus: &Callback<Focus>) -> Html {
    let Some(c) = cell else {
        return html! { <td class="cell-empty"><span class="visually-hidden">{ "not named" }</span>{ "—" }</td> };
    };
    let focus = Focus::new(format!("{} in one article", row.name), c.mentions.clone());
    let onclick = {
        let on_focus = on_focus.clone();
        Callback::from(move |_: MouseEvent| on_focus.emit(focus.clone()))
    };
    let variant = c
        .variants
        .first()
        .filter(|v| c.variants.len() > 1 || v.text != row.name)
        .map(|v| v.text.clone());
    let where_first = if c.in_title {
        "in title".to_string()
    } else if c.in_lead {
        "in lead".to_string()
    } else {
        format!("first at {}", super::percent(c.position))
    };
    html! {
        <td class="cell">
            <button type="button" class="cell-button" {onclick}
                    aria-label={format!("{}: {} mentions, {where_first}", row.name, c.count)}>
                <span class="cell-count">{ c.count }</span>
                if let Some(v) = variant {
                    <span class="variant">{ v }</span>
                }
                { for c.labels.iter().take(2).map(|l| html! { <span class="label-chip">{ &l.text }</span> }) }
                <span class="cell-where">{ where_first }</span>
                if c.quoted > 0 {
                    <span class="cell-quoted">{ format!("quoted {}×", c.quoted) }</span>
                }
            </button>
        </td>
    }
}

/// Readable names for entity types.
pub fn type_name(label: &str) -> &str {
    match label {
        "PERSON" => "person",
        "ORG" => "organisation",
        "GPE" => "country / city",
        "LOC" => "place",
        "NORP" => "group",
        "EVENT" | "MISC" => "event / other",
        other => other,
    }
}
