//! Building blocks for corrections: anchors (the [`Span`]s an
//! [`Edit`] names things by, taken from the corrected report), the speaker
//! picker and the quote editor shared by the quote table and the reading
//! view.

use crate::Shared;

use yew::prelude::*;

use super::entities::type_name;
use crate::edits::{Edit, Span};
use crate::report::Report;

/// Entity types the user can pick, in the order offered.
pub const TYPES: [&str; 7] = ["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC"];

/// A span of article `article`'s text, with the words found there.
pub fn span_of(report: &Report, article: &str, start: usize, end: usize) -> Option<Span> {
    let a = report.articles.iter().find(|a| a.id == article)?;
    let text = a.text.get(start..end)?;
    Some(Span {
        article: a.id.clone(),
        start,
        end,
        text: text.to_string(),
    })
}

/// A mention of entity `id` to name it by: a name (not a role title),
/// in article `prefer` when it has one.
pub fn entity_anchor(report: &Report, id: &str, prefer: Option<&str>) -> Option<Span> {
    let mut best: Option<(u8, Span)> = None;
    for a in &report.articles {
        for m in a
            .mentions
            .iter()
            .filter(|m| m.entity.as_deref() == Some(id))
        {
            let Some(text) = a.text.get(m.start..m.end) else {
                continue;
            };
            let score = u8::from(m.label != "ROLE") * 2 + u8::from(prefer == Some(a.id.as_str()));
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((
                    score,
                    Span {
                        article: a.id.clone(),
                        start: m.start,
                        end: m.end,
                        text: text.to_string(),
                    },
                ));
                if score == 3 {
                    break;
                }
            }
        }
    }
    best.map(|(_, s)| s)
}

/// Above this many entities the picker gets a filter box.
const FILTER_FROM: usize = 30;

/// Entities to offer as speakers: people first, then organisations, then
/// the rest, each by name. With a `filter`, only entities whose name or
/// one of whose spellings contains it (ignoring case), and `keep`.
fn speaker_options<'a>(
    report: &'a Report,
    filter: &str,
    keep: Option<&str>,
) -> Vec<(&'static str, Vec<(&'a str, &'a str)>)> {
    let mut groups: Vec<(&'static str, Vec<(&str, &str)>)> = vec![
        ("People", Vec::new()),
        ("Organisations", Vec::new()),
        ("Groups and places", Vec::new()),
        ("Other", Vec::new()),
    ];
    let filter = filter.trim().to_lowercase();
    let matches = |e: &crate::report::Entity| {
        filter.is_empty()
            || keep == Some(e.id.as_str())
            || e.name.to_lowercase().contains(&filter)
            || e.variants
                .iter()
                .any(|v| v.text.to_lowercase().contains(&filter))
    };
    for e in report.entities.iter().filter(|e| matches(e)) {
        let g = match e.label.as_str() {
            "PERSON" => 0,
            "ORG" => 1,
            "NORP" | "GPE" | "LOC" => 2,
            _ => 3,
        };
        groups[g].1.push((e.id.as_str(), e.name.as_str()));
    }
    for (_, list) in &mut groups {
        crate::sort::by_key(list, |(_, name)| name.to_lowercase());
    }
    groups.retain(|(_, list)| !list.is_empty());
    groups
}

#[derive(Properties, PartialEq)]
pub struct SpeakerPickerProps {
    pub report: Shared<Report>,
    /// The element id of the select.
    pub id: AttrValue,
    /// The entity id currently chosen (`None`: unknown speaker).
    pub value: Option<String>,
    pub on_change: Callback<Option<String>>,
}

/// A select listing the bundle's entities, grouped by type; in a bundle
/// with many entities, a filter box above it narrows the list.
#[component]
pub fn SpeakerPicker(props: &SpeakerPickerProps) -> Html {
    let filter = use_state(String::new);
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let v = select.value();
                on_change.emit((!v.is_empty()).then_some(v));
            }
        })
    };
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                filter.set(input.value());
            }
        })
    };
    let value = props.value.as_deref().unwrap_or_default();
    let many = props.report.entities.len() > FILTER_FROM;
    let options = speaker_options(&props.report, &filter, props.value.as_deref());
    let shown: usize = options.iter().map(|(_, l)| l.len()).sum();
    let filter_id = format!("{}-filter", props.id);
    html! {
        <div class="speaker-picker">
            if many {
                <label class="control speaker-filter">
                    <span>{ "Find" }</span>
                    <input type="search" id={filter_id} class="speaker-filter-input"
                           placeholder="Name or spelling" value={(*filter).clone()} {oninput}
                           aria-controls={props.id.clone()} />
                    if !filter.is_empty() {
                        <span class="hint" aria-live="polite">{ if shown == 1 { "1 match".to_string() } else { format!("{shown} matches") } }</span>
                    }
                </label>
            }
            <label class="control">
                <span>{ "Speaker" }</span>
                <select id={props.id.clone()} class="speaker-select" {onchange}>
                    <option value="" selected={value.is_empty()}>{ "Unknown speaker" }</option>
                    { for options.into_iter().map(|(group, list)| html! {
                        <optgroup label={group}>
                            { for list.into_iter().map(|(id, name)| html! {
                                <option value={id.to_string()} selected={value == id}>{ name }</option>
                            }) }
                        </optgroup>
                    }) }
                </select>
            </label>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct QuoteEditorProps {
    pub report: Shared<Report>,
    /// The quote: its article and span.
    pub article: String,
    pub start: usize,
    pub end: usize,
    pub on_correct: Callback<Edit>,
    pub on_close: Callback<()>,
}

/// Correct one quote: its speaker, or that it is no quote or a scare quote.
#[component]
pub fn QuoteEditor(props: &QuoteEditorProps) -> Html {
    let report = &props.report;
    let close = props.on_close.reform(|_: MouseEvent| ());
    let found = report
        .articles
        .iter()
        .find(|a| a.id == props.article)
        .and_then(|a| {
            a.quotes
                .iter()
                .find(|q| q.start == props.start && q.end == props.end)
        });
    let (Some(q), Some(anchor)) = (
        found,
        span_of(report, &props.article, props.start, props.end),
    ) else {
        return html! {
            <div class="quote-editor" role="group" aria-label="Correct the quote">
                <p class="hint">{ "This quote is no longer in the analysis." }</p>
                <button type="button" class="button small quiet" onclick={close}>{ "Close" }</button>
            </div>
        };
    };
    let on_speaker = {
        let (report, on_correct, anchor) =
            (report.clone(), props.on_correct.clone(), anchor.clone());
        Callback::from(move |speaker: Option<String>| {
            let speaker = match speaker {
                Some(id) => match entity_anchor(&report, &id, Some(&anchor.article)) {
                    Some(s) => Some(s),
                    None => return,
                },
                None => None,
            };
            on_correct.emit(Edit::SetSpeaker {
                quote: anchor.clone(),
                speaker,
            });
        })
    };
    let not_quote = {
        let (on_correct, anchor, on_close) = (
            props.on_correct.clone(),
            anchor.clone(),
            props.on_close.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            on_correct.emit(Edit::NotAQuote {
                quote: anchor.clone(),
            });
            on_close.emit(());
        })
    };
    let scare = {
        let (on_correct, anchor) = (props.on_correct.clone(), anchor.clone());
        Callback::from(move |_: MouseEvent| {
            on_correct.emit(Edit::MarkScare {
                quote: anchor.clone(),
            })
        })
    };
    let select_id = format!("speaker-{}-{}", props.article, props.start);
    html! {
        <div class="quote-editor" role="group" aria-label="Correct the quote">
            <p class="quote-editor-text">
                <span class={classes!("kind", format!("kind-{}", q.kind))}>{ &q.kind }</span>
                { format!(" “{}”", super::shorten(&anchor.text, 90)) }
            </p>
            <div class="editor-actions">
                <SpeakerPicker report={report.clone()} id={select_id} value={q.speaker.clone()} on_change={on_speaker} />
                <button type="button" class="button small scare-button" onclick={scare}
                        disabled={q.kind == "scare"}>{ "Scare quote" }</button>
                <button type="button" class="button small danger not-quote-button" onclick={not_quote}>{ "Not a quote" }</button>
                <button type="button" class="button small quiet" onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}

/// A type select for entity `id` (emits a [`Edit::SetEntityType`]).
pub fn type_select(
    report: &Shared<Report>,
    id: &str,
    label: &str,
    on_correct: &Callback<Edit>,
) -> Html {
    let onchange = {
        let (report, id, on_correct) = (report.clone(), id.to_string(), on_correct.clone());
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else {
                return;
            };
            if let Some(entity) = entity_anchor(&report, &id, None) {
                on_correct.emit(Edit::SetEntityType {
                    entity,
                    label: select.value(),
                });
            }
        })
    };
    let known = TYPES.contains(&label);
    html! {
        <label class="control">
            <span>{ "Type" }</span>
            <select class="entity-type-select" {onchange}>
                if !known {
                    <option value={label.to_string()} selected=true>{ option_name(label).to_string() }</option>
                }
                { for TYPES.iter().map(|t| html! {
                    <option value={t.to_string()} selected={*t == label}>{ option_name(t).to_string() }</option>
                }) }
            </select>
        </label>
    }
}

/// Type names for the type select (each distinct).
fn option_name(label: &str) -> &str {
    match label {
        "EVENT" => "event",
        "MISC" => "other",
        other => type_name(other),
    }
}
