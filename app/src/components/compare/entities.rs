//! Who and what each outlet names: the entity × article matrix.
//!
//! Rows can be corrected: tick two or more and merge them (or drag one row
//! onto another), or open a row's editor to rename the entity, change its
//! type or split a spelling out into an entity of its own.

use crate::Shared;
use std::collections::BTreeSet;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::correct::{entity_anchor, type_select};
use super::sort::{by_name, use_sort};
use super::{article_name, more_rows, Focus, ViewProps, PAGE};
use crate::compare::entities::{EntityCell, EntityRow};
use crate::compare::SpanRef;
use crate::edits::Edit;
use crate::report::Report;

fn all_mentions(row: &EntityRow) -> Vec<SpanRef> {
    row.cells
        .iter()
        .flat_map(|c| c.mentions.iter().cloned())
        .collect()
}

fn first_position(row: &EntityRow) -> f64 {
    row.cells.iter().map(|c| c.position).fold(1.0, f64::min)
}

/// Rows low to high by column `key`.
fn ascending(a: &&EntityRow, b: &&EntityRow, key: &str) -> std::cmp::Ordering {
    match key {
        "name" => by_name(&a.name, &b.name),
        "total" => a.total.cmp(&b.total).then(a.spread.cmp(&b.spread)),
        "first" => first_position(a).total_cmp(&first_position(b)),
        _ => a.spread.cmp(&b.spread).then(a.total.cmp(&b.total)),
    }
}

/// Article columns shown at a time; with more articles the matrix pages
/// through them (hundreds of columns are neither readable nor fast).
const COLUMNS: usize = 12;

#[component]
pub fn EntityMatrix(props: &ViewProps) -> Html {
    let report = &props.report;
    let rows = &report.tables.entities;
    let kind = use_state_eq(String::new);
    let shown = use_state_eq(|| PAGE);
    let sort = use_sort("spread", true, &shown);
    // Rows ticked for merging, the row being edited, the row being dragged
    // and the row it is over.
    let selected = use_state_eq(BTreeSet::<String>::new);
    let editing = use_state_eq(|| None::<String>);
    let dragged = use_state_eq(|| None::<String>);
    let over = use_state_eq(|| None::<String>);
    let first_column = use_state_eq(|| 0usize);
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
    sort.apply(&mut visible, ascending);
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
    if rows.is_empty() {
        return html! { <p class="empty">{ "No people, organisations or places were found." }</p> };
    }
    // Ticked rows that still exist (a merge removes one).
    let ticked: Vec<&EntityRow> = rows
        .iter()
        .filter(|r| selected.contains(&r.entity))
        .collect();
    let merge_bar = merge_bar(report, &ticked, &selected, &props.on_correct_all);
    let editor = editing
        .as_ref()
        .and_then(|id| report.entities.iter().find(|e| e.id == *id))
        .map(|e| {
            let close = {
                let editing = editing.clone();
                Callback::from(move |()| editing.set(None))
            };
            html! {
                <EntityEditor report={report.clone()} entity={e.id.clone()}
                              on_correct={props.on_correct.clone()} on_close={close} />
            }
        });
    let n = articles.len();
    let start = (*first_column).min(n.saturating_sub(1) / COLUMNS * COLUMNS);
    let end = (start + COLUMNS).min(n);
    let columns = articles.get(start..end).unwrap_or_default();
    let column_pager = if n > COLUMNS {
        let step = |to: usize| {
            let first_column = first_column.clone();
            Callback::from(move |_: MouseEvent| first_column.set(to))
        };
        html! {
            <div class="column-pager" role="group" aria-label="Article columns">
                <button type="button" class="button small" id="columns-previous" disabled={start == 0}
                        onclick={step(start.saturating_sub(COLUMNS))}>{ "← Previous articles" }</button>
                <span class="hint" aria-live="polite">{ format!("Articles {}–{end} of {n}", start + 1) }</span>
                <button type="button" class="button small" id="columns-next" disabled={end >= n}
                        onclick={step(end)}>{ "Next articles →" }</button>
            </div>
        }
    } else {
        html! {}
    };
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
                       Click a name or a cell to see the words in the articles. \
                       Tick rows to merge them (or drag a row onto another); Edit renames, retypes or splits an entity." }
                </p>
            </div>
            { merge_bar }
            { editor.unwrap_or_default() }
            { column_pager }
            <div class="table-wrap">
                <table class="data-table matrix">
                    <caption class="visually-hidden">{ "Entities named by each article" }</caption>
                    <thead>
                        <tr>
                            { sort.header("Entity", "name", false, "") }
                            { sort.header("Articles", "spread", true, "num") }
                            { sort.header("Mentions", "total", true, "num") }
                            { sort.header("First", "first", false, "num") }
                            { for columns.iter().map(|id| html! {
                                <th scope="col" class="article-col" title={id.to_string()}>{ article_name(report, id) }</th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for visible.iter().take(*shown).map(|row| {
                            let focus_row = super::pick(
                                &props.on_focus,
                                Focus::new(format!("{} in {} of {n} articles", row.name, row.spread), all_mentions(row)),
                            );
                            let id = row.entity.clone();
                            let is_ticked = selected.contains(&id);
                            let on_tick = {
                                let (selected, id) = (selected.clone(), id.clone());
                                Callback::from(move |e: Event| {
                                    let on = e.target_dyn_into::<HtmlInputElement>().is_some_and(|i| i.checked());
                                    let mut next = (*selected).clone();
                                    if on { next.insert(id.clone()); } else { next.remove(&id); }
                                    selected.set(next);
                                })
                            };
                            let on_edit = {
                                let (editing, id) = (editing.clone(), id.clone());
                                Callback::from(move |_: MouseEvent| editing.set(Some(id.clone())))
                            };
                            let ondragstart = {
                                let (dragged, id, name) = (dragged.clone(), id.clone(), row.name.clone());
                                Callback::from(move |e: DragEvent| {
                                    if let Some(dt) = e.data_transfer() {
                                        let _ = dt.set_data("text/plain", &name);
                                        dt.set_effect_allowed("move");
                                    }
                                    dragged.set(Some(id.clone()));
                                })
                            };
                            let ondragover = {
                                let (dragged, over, id) = (dragged.clone(), over.clone(), id.clone());
                                Callback::from(move |e: DragEvent| {
                                    if dragged.as_ref().is_some_and(|d| *d != id) {
                                        e.prevent_default();
                                        over.set(Some(id.clone()));
                                    }
                                })
                            };
                            let ondragend = {
                                let (dragged, over) = (dragged.clone(), over.clone());
                                Callback::from(move |_: DragEvent| {
                                    dragged.set(None);
                                    over.set(None);
                                })
                            };
                            let ondrop = {
                                let (dragged, over, id) = (dragged.clone(), over.clone(), id.clone());
                                let (report, on_correct_all) = (report.clone(), props.on_correct_all.clone());
                                Callback::from(move |e: DragEvent| {
                                    e.prevent_default();
                                    if let Some(from) = (*dragged).clone().filter(|d| *d != id) {
                                        merge(&report, &id, &[from], &on_correct_all);
                                    }
                                    dragged.set(None);
                                    over.set(None);
                                })
                            };
                            let drop_here = over.as_deref() == Some(id.as_str());
                            html! {
                                <tr data-entity={row.entity.clone()} draggable="true"
                                    class={classes!(is_ticked.then_some("ticked"), drop_here.then_some("drop-target"))}
                                    {ondragstart} {ondragover} {ondragend} {ondrop}>
                                    <th scope="row">
                                        <span class="row-head">
                                            <input type="checkbox" class="row-select" checked={is_ticked} onchange={on_tick}
                                                   aria-label={format!("Select {} to merge", row.name)} />
                                            <span class="row-name">
                                                <button type="button" class="link entity-name" onclick={focus_row}>{ &row.name }</button>
                                                <span class={classes!("type", format!("type-{}", row.label))}>{ type_name(&row.label) }</span>
                                            </span>
                                            <button type="button" class="button small quiet edit-entity" onclick={on_edit}
                                                    aria-label={format!("Edit {}", row.name)}>{ "Edit" }</button>
                                        </span>
                                    </th>
                                    <td class="num">{ format!("{} / {n}", row.spread) }</td>
                                    <td class="num">{ row.total }</td>
                                    <td class="num">{ super::percent(first_position(row)) }</td>
                                    { for columns.iter().map(|id| cell(row, row.cells.iter().find(|c| c.article == *id), &props.on_focus)) }
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

/// Merge the entities `from` into `into`: one correction each, made as one
/// action (one undo takes the merge back).
fn merge(report: &Report, into: &str, from: &[String], on_correct_all: &Callback<Vec<Edit>>) {
    let Some(target) = entity_anchor(report, into, None) else {
        return;
    };
    let edits: Vec<Edit> = from
        .iter()
        .filter(|id| *id != into)
        .filter_map(|id| entity_anchor(report, id, None))
        .map(|source| Edit::MergeEntities {
            into: target.clone(),
            from: source,
        })
        .collect();
    on_correct_all.emit(edits);
}

/// The bar over the matrix: what is ticked, into which entity to merge.
fn merge_bar(
    report: &Shared<Report>,
    ticked: &[&EntityRow],
    selected: &UseStateHandle<BTreeSet<String>>,
    on_correct_all: &Callback<Vec<Edit>>,
) -> Html {
    if ticked.is_empty() {
        return html! {};
    }
    // The most mentioned ticked entity keeps its name unless the user
    // picks another.
    let default = ticked
        .iter()
        .max_by_key(|r| (r.total, std::cmp::Reverse(r.name.to_lowercase())))
        .map(|r| r.entity.clone())
        .unwrap_or_default();
    let ids: Vec<String> = ticked.iter().map(|r| r.entity.clone()).collect();
    let onsubmit = {
        let (report, on_correct_all, selected, ids) = (
            report.clone(),
            on_correct_all.clone(),
            selected.clone(),
            ids.clone(),
        );
        let default = default.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let into = gloo::utils::document()
                .get_element_by_id("merge-into")
                .and_then(|el| {
                    wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(el).ok()
                })
                .map(|s| s.value())
                .filter(|v| ids.contains(v))
                .unwrap_or_else(|| default.clone());
            merge(&report, &into, &ids, &on_correct_all);
            selected.set(BTreeSet::new());
        })
    };
    let clear = {
        let selected = selected.clone();
        Callback::from(move |_: MouseEvent| selected.set(BTreeSet::new()))
    };
    let enough = ticked.len() >= 2;
    html! {
        <form class="merge-bar" role="group" aria-label="Merge entities" {onsubmit}>
            <span class="merge-count">{ format!("{} selected", ticked.len()) }</span>
            if enough {
                <label class="control">
                    <span>{ "Merge into" }</span>
                    <select id="merge-into">
                        { for ticked.iter().map(|r| html! {
                            <option value={r.entity.clone()} selected={r.entity == default}>{ &r.name }</option>
                        }) }
                    </select>
                </label>
            } else {
                <span class="hint">{ "Select one more row to merge." }</span>
            }
            <button type="submit" id="merge-button" class="button small primary" disabled={!enough}>
                { if enough { format!("Merge {}", ticked.len()) } else { "Merge".to_string() } }
            </button>
            <button type="button" class="button small quiet" onclick={clear}>{ "Clear selection" }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct EntityEditorProps {
    pub report: Shared<Report>,
    pub entity: String,
    pub on_correct: Callback<Edit>,
    pub on_close: Callback<()>,
}

/// Rename an entity, change its type, split a spelling out of it.
#[component]
pub fn EntityEditor(props: &EntityEditorProps) -> Html {
    let report = &props.report;
    let input = use_node_ref();
    // Open with the focus in the name field.
    {
        let input = input.clone();
        use_effect_with(props.entity.clone(), move |_| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let _ = el.focus();
            }
        });
    }
    let close = props.on_close.reform(|_: MouseEvent| ());
    let Some(e) = report.entities.iter().find(|e| e.id == props.entity) else {
        return html! {};
    };
    let rename = {
        let (report, id, on_correct, input) = (
            report.clone(),
            e.id.clone(),
            props.on_correct.clone(),
            input.clone(),
        );
        let current = e.name.clone();
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(name) = input.cast::<HtmlInputElement>().map(|i| i.value()) else {
                return;
            };
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() || name == current {
                return;
            }
            if let Some(entity) = entity_anchor(&report, &id, None) {
                on_correct.emit(Edit::RenameEntity { entity, name });
            }
        })
    };
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |ev: KeyboardEvent| {
            if ev.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    let splittable = e.variants.len() > 1;
    html! {
        <div class="entity-editor" role="group" aria-labelledby="entity-editor-heading" {onkeydown}>
            <div class="editor-head">
                <h3 id="entity-editor-heading" class="editor-title">{ format!("Correct “{}”", e.name) }</h3>
                <button type="button" class="button small quiet" onclick={close}>{ "Close" }</button>
            </div>
            <div class="editor-actions">
                <form class="rename-form" onsubmit={rename}>
                    <label class="control">
                        <span>{ "Name" }</span>
                        <input ref={input} type="text" id="entity-rename" class="field-input" value={e.name.clone()} />
                    </label>
                    <button type="submit" class="button small primary">{ "Rename" }</button>
                </form>
                { type_select(report, &e.id, &e.label, &props.on_correct) }
            </div>
            <div class="variants">
                <span class="variants-label">{ "Spellings:" }</span>
                <ul class="variant-list">
                    { for e.variants.iter().map(|v| {
                        let split = {
                            let (report, id, text, on_correct) = (report.clone(), e.id.clone(), v.text.clone(), props.on_correct.clone());
                            Callback::from(move |_: MouseEvent| {
                                if let Some(entity) = entity_anchor(&report, &id, None) {
                                    on_correct.emit(Edit::SplitVariant { entity, variant: text.clone() });
                                }
                            })
                        };
                        html! {
                            <li class="variant-item">
                                <span class="variant-text">{ &v.text }</span>
                                <span class="hint">{ format!(" ×{}", v.count) }</span>
                                if splittable {
                                    <button type="button" class="button small split-button" onclick={split}
                                            aria-label={format!("Split “{}” out into its own entity", v.text)}>{ "Split out" }</button>
                                }
                            </li>
                        }
                    }) }
                </ul>
                if !splittable {
                    <span class="hint">{ "Only one spelling: nothing to split." }</span>
                }
            </div>
        </div>
    }
}

fn cell(row: &EntityRow, cell: Option<&EntityCell>, on_focus: &Callback<Focus>) -> Html {
    let Some(c) = cell else {
        return html! { <td class="cell-empty"><span class="visually-hidden">{ "not named" }</span>{ "—" }</td> };
    };
    let focus = Focus::new(format!("{} in one article", row.name), c.mentions.clone());
    let onclick = super::pick(on_focus, focus);
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
