//! The linked reading view: the articles side by side (one at a time on
//! narrow screens, or when picked), entity mentions coloured by type,
//! quotes underlined with their speaker, and the current [`Focus`]
//! highlighted. Clicking a mention focuses its entity across the bundle;
//! clicking a quote focuses every article's wording of that statement.
//!
//! Corrections: a clicked mention can be marked "not an entity", a clicked
//! quote gets the quote editor, and selecting words offers to add them as a
//! quote. Every piece of text is rendered in a span carrying its byte
//! offsets (`data-s`, `data-e`) so that a DOM selection maps back to bytes
//! of the article's text.

use crate::Shared;
use std::fmt::Write as _;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::correct::{entity_anchor, span_of, QuoteEditor, SpeakerPicker};
use super::{article_name, Focus};
use crate::compare::SpanRef;
use crate::edits::{Edit, QUOTE_KINDS};
use crate::report::{Article, Report};

/// What the user picked in the text, to correct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Mention {
        article: String,
        start: usize,
        end: usize,
    },
    Quote {
        article: String,
        start: usize,
        end: usize,
    },
    /// Words selected with the mouse or keyboard.
    Selection {
        article: String,
        start: usize,
        end: usize,
    },
}

/// Above this many articles only one is shown at a time.
const SIDE_BY_SIDE: usize = 8;

#[derive(Properties, PartialEq)]
pub struct ReaderProps {
    pub report: Shared<Report>,
    pub focus: Option<Focus>,
    pub on_focus: Callback<Focus>,
    pub on_clear_focus: Callback<()>,
    #[prop_or_default]
    pub on_correct: Callback<Edit>,
}

#[component]
pub fn Reader(props: &ReaderProps) -> Html {
    let report = &props.report;
    let articles: Vec<&Article> = report.articles.iter().filter(|a| !a.excluded).collect();
    let picked = use_state_eq(|| None::<String>);
    let item = use_state_eq(|| None::<Item>);
    let on_item = {
        let item = item.clone();
        Callback::from(move |i: Item| item.set(Some(i)))
    };
    // Words selected in an article become an item to add as a quote.
    let on_select = {
        let item = item.clone();
        Callback::from(move |_: Event| {
            if let Some((article, start, end)) = selected_span() {
                item.set(Some(Item::Selection {
                    article,
                    start,
                    end,
                }));
            }
        })
    };
    let close_item = {
        let item = item.clone();
        Callback::from(move |()| item.set(None))
    };
    // With one article shown, a focus elsewhere switches to the first
    // article that has it.
    let focused_ids: Vec<&str> = props
        .focus
        .iter()
        .flat_map(|f| f.spans.iter().map(|s| s.article.as_str()))
        .collect();
    let one_at_a_time = articles.len() > SIDE_BY_SIDE;
    let current: Option<String> = match (&*picked, one_at_a_time) {
        (Some(id), _) if focused_ids.is_empty() || focused_ids.contains(&id.as_str()) => {
            Some(id.clone())
        }
        (Some(_), _) | (None, true) => focused_ids
            .first()
            .map(|s| s.to_string())
            .or_else(|| picked.as_ref().cloned())
            .or_else(|| articles.first().map(|a| a.id.clone())),
        (None, false) => None,
    };
    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            picked.set((!value.is_empty()).then_some(value));
        })
    };
    let clear = props.on_clear_focus.reform(|_: MouseEvent| ());
    let shown: Vec<&Article> = articles
        .iter()
        .copied()
        .filter(|a| current.as_deref().is_none_or(|c| c == a.id))
        .collect();
    html! {
        <section class="panel reader" id="reader" aria-labelledby="reader-heading">
            <div class="panel-head">
                <h2 id="reader-heading" class="panel-title">{ "Read side by side" }</h2>
                <label class="control">
                    <span>{ "Show" }</span>
                    <select id="reader-pick" onchange={on_pick}>
                        if !one_at_a_time {
                            <option value="" selected={current.is_none()}>{ "All articles" }</option>
                        }
                        { for articles.iter().map(|a| html! {
                            <option value={a.id.clone()} selected={current.as_deref() == Some(a.id.as_str())}>
                                { format!("{} · {}", a.id, article_name(report, &a.id)) }
                            </option>
                        }) }
                    </select>
                </label>
            </div>
            <div class="reader-bar" aria-live="polite">
                if let Some(f) = &props.focus {
                    <span class="focus-label">{ format!("Highlighted: {}", f.label) }</span>
                    <span class="hint">{ format!(" — {} places in {} articles", f.spans.len(), { let mut ids = focused_ids.clone(); ids.sort(); ids.dedup(); ids.len() }) }</span>
                    <button type="button" id="clear-focus" class="button small quiet" onclick={clear}>{ "Clear highlight" }</button>
                } else {
                    <span class="hint">{ "Click a table cell, a name or a quote to highlight it in every article." }</span>
                }
                <span class="key">
                    <span class="ent ent-PERSON">{ "person" }</span>
                    <span class="ent ent-ORG">{ "organisation" }</span>
                    <span class="ent ent-GPE">{ "place" }</span>
                    <span class="ent ent-NORP">{ "group" }</span>
                    <span class="q">{ "quote" }</span>
                </span>
            </div>
            <div class={classes!("reader-columns", (shown.len() == 1).then_some("single"))}
                 onmouseup={on_select.reform(|e: MouseEvent| Event::from(e))}
                 onkeyup={on_select.reform(|e: KeyboardEvent| Event::from(e))}
                 onclick={on_text_click(report, &props.on_focus, &on_item)}>
                { for shown.iter().map(|a| column(report, a, props.focus.as_ref())) }
            </div>
            if let Some(i) = (*item).clone() {
                <CorrectionTray report={report.clone()} item={i}
                                on_correct={props.on_correct.clone()} on_close={close_item} />
            }
        </section>
    }
}

/// One segment of an article's text and what covers it.
struct Segment {
    start: usize,
    end: usize,
    mention: Option<usize>,
    quote: Option<usize>,
    focused: bool,
    boilerplate: bool,
}

/// Cut `text` at every span boundary so each piece has one set of styles.
fn segments(article: &Article, focus: &[[usize; 2]]) -> Vec<Segment> {
    let len = article.text.len();
    let ok = |i: usize| i <= len && article.text.is_char_boundary(i);
    let mut cuts: Vec<usize> = vec![0, len];
    for m in &article.mentions {
        cuts.extend([m.start, m.end]);
    }
    for q in &article.quotes {
        cuts.extend([q.start, q.end]);
    }
    for s in focus.iter().chain(&article.boilerplate) {
        cuts.extend([s[0], s[1]]);
    }
    cuts.retain(|&i| ok(i));
    cuts.sort_unstable();
    cuts.dedup();
    let cover = Cover::new(article);
    cuts.windows(2)
        .map(|w| {
            let (start, end) = (w[0], w[1]);
            let (mention, quote) = cover.at(start);
            Segment {
                start,
                end,
                mention,
                quote,
                focused: focus.iter().any(|s| s[0] <= start && start < s[1]),
                boilerplate: article
                    .boilerplate
                    .iter()
                    .any(|s| s[0] <= start && start < s[1]),
            }
        })
        .collect()
}

/// An article's mentions and (non-scare) quotes as (start, end, index),
/// sorted by start, to find what covers a byte.
struct Cover {
    mentions: Vec<(usize, usize, usize)>,
    quotes: Vec<(usize, usize, usize)>,
}

impl Cover {
    fn new(article: &Article) -> Self {
        let mut mentions: Vec<(usize, usize, usize)> = article
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| (m.start, m.end, i))
            .collect();
        crate::sort::ord(&mut mentions);
        let mut quotes: Vec<(usize, usize, usize)> = article
            .quotes
            .iter()
            .enumerate()
            .filter(|(_, q)| q.kind != "scare")
            .map(|(i, q)| (q.start, q.end, i))
            .collect();
        crate::sort::ord(&mut quotes);
        Cover { mentions, quotes }
    }

    /// The mention and the quote covering byte `at`.
    fn at(&self, at: usize) -> (Option<usize>, Option<usize>) {
        (covering(&self.mentions, at), covering(&self.quotes, at))
    }
}

/// The span (of `spans`, sorted by start) covering byte `at`: the nearest
/// starts before it are checked, so nested spans are found too.
fn covering(spans: &[(usize, usize, usize)], at: usize) -> Option<usize> {
    let after = spans.partition_point(|&(s, _, _)| s <= at);
    spans[..after]
        .iter()
        .rev()
        .take(4)
        .find(|&&(_, e, _)| at < e)
        .map(|&(_, _, i)| i)
}

fn column(report: &Report, article: &Article, focus: Option<&Focus>) -> Html {
    let spans: Vec<[usize; 2]> = focus
        .iter()
        .flat_map(|f| f.spans.iter())
        .filter(|s| s.article == article.id)
        .map(|s| [s.start, s.end])
        .collect();
    let heading = article
        .title
        .clone()
        .unwrap_or_else(|| "Untitled".to_string());
    let body = body_html(report, article, &spans, &format!("Text of {heading}"));
    html! {
        <article class="reader-col" data-id={article.id.clone()} aria-label={heading.clone()}>
            <header class="reader-head">
                <span class="article-id">{ &article.id }</span>
                <span class="reader-outlet">{ article.outlet.clone().unwrap_or_else(|| "Outlet unknown".to_string()) }</span>
                if let Some(date) = &article.date {
                    <span class="hint">{ format!(" · {date}") }</span>
                }
            </header>
            { Html::from_html_unchecked(body.into()) }
        </article>
    }
}

/// The text of `article` as the markup of its `.reader-body`: a span per
/// [`Segment`] with its byte offsets (`data-s`, `data-e`), its classes
/// and a tooltip, in a `mark` where `focus` covers it. Built as one string
/// and handed to the browser's parser: a few thousand spans made one at a
/// time through the virtual DOM took most of the time it took to show a
/// finished analysis. Clicks reach the spans through one listener on the
/// columns ([`picked`]).
pub fn body_html(report: &Report, article: &Article, focus: &[[usize; 2]], label: &str) -> String {
    let names: std::collections::HashMap<&str, &str> = report
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let name = |id: Option<&str>| {
        id.and_then(|id| names.get(id).copied())
            .unwrap_or("unknown speaker")
    };
    let mut out = String::with_capacity(article.text.len() * 2);
    out.push_str(r#"<div class="reader-body" tabindex="0" aria-label=""#);
    escape_into(&mut out, label);
    out.push_str(r#"">"#);
    for seg in segments(article, focus) {
        let mut classes: Vec<String> = Vec::new();
        let mut title = None;
        if seg.boilerplate {
            classes.push("boilerplate".into());
        }
        if let Some(q) = seg.quote.and_then(|i| article.quotes.get(i)) {
            classes.push("q".into());
            classes.push(format!("q-{}", q.kind));
            title = Some(format!("{} quote · {}", q.kind, name(q.speaker.as_deref())));
        }
        if let Some(m) = seg.mention.and_then(|i| article.mentions.get(i)) {
            classes.push("ent".into());
            classes.push(format!("ent-{}", m.label));
            if let Some(id) = &m.entity {
                title = Some(format!("{} · {}", name(Some(id)), m.label));
            }
        }
        if seg.focused {
            out.push_str(r#"<mark class="focus">"#);
        }
        out.push_str("<span");
        if !classes.is_empty() {
            out.push_str(r#" class=""#);
            escape_into(&mut out, &classes.join(" "));
            out.push('"');
        }
        if let Some(title) = title {
            out.push_str(r#" title=""#);
            escape_into(&mut out, &title);
            out.push('"');
        }
        let _ = write!(out, r#" data-s="{}" data-e="{}">"#, seg.start, seg.end);
        escape_into(
            &mut out,
            article.text.get(seg.start..seg.end).unwrap_or_default(),
        );
        out.push_str("</span>");
        if seg.focused {
            out.push_str("</mark>");
        }
    }
    out.push_str("</div>");
    out
}

/// `text` with the characters that are markup in HTML text and in quoted
/// attribute values escaped.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// What a click on the text at byte `at` of `article` picks: the entity of
/// a mention there (if it has one), else the quote there.
pub fn picked(article: &Article, at: usize) -> Option<Picked> {
    let (mention, quote) = Cover::new(article).at(at);
    if let Some(m) = mention.and_then(|i| article.mentions.get(i)) {
        if let Some(id) = &m.entity {
            return Some(Picked::Mention {
                entity: id.clone(),
                start: m.start,
                end: m.end,
            });
        }
    }
    let q = quote.and_then(|i| article.quotes.get(i).map(|q| (i, q)))?;
    Some(Picked::Quote {
        quote: q.0,
        start: q.1.start,
        end: q.1.end,
    })
}

/// See [`picked`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Mention {
        entity: String,
        start: usize,
        end: usize,
    },
    Quote {
        quote: usize,
        start: usize,
        end: usize,
    },
}

/// The click on the reading view's text, handled for all its spans: focus
/// what was clicked and offer it for correction (unless the click ended
/// a text selection, which is the item then).
fn on_text_click(
    report: &Shared<Report>,
    on_focus: &Callback<Focus>,
    on_item: &Callback<Item>,
) -> Callback<MouseEvent> {
    let (report, on_focus, on_item) = (report.clone(), on_focus.clone(), on_item.clone());
    Callback::from(move |e: MouseEvent| {
        let Some(target) = e.target_dyn_into::<web_sys::Element>() else {
            return;
        };
        let Some(span) = target.closest("[data-s]").ok().flatten() else {
            return;
        };
        let Some(id) = span
            .closest(".reader-col")
            .ok()
            .flatten()
            .and_then(|c| c.get_attribute("data-id"))
        else {
            return;
        };
        let Some(at) = span.get_attribute("data-s").and_then(|s| s.parse().ok()) else {
            return;
        };
        let Some(article) = report.articles.iter().find(|a| a.id == id) else {
            return;
        };
        let (focus, item) = match picked(article, at) {
            Some(Picked::Mention { entity, start, end }) => (
                entity_focus(&report, &entity),
                Item::Mention {
                    article: id,
                    start,
                    end,
                },
            ),
            Some(Picked::Quote { quote, start, end }) => {
                e.stop_propagation();
                let Some(focus) = quote_focus(&report, &id, quote) else {
                    return;
                };
                (
                    focus,
                    Item::Quote {
                        article: id,
                        start,
                        end,
                    },
                )
            }
            None => return,
        };
        on_focus.emit(focus);
        if selected_span().is_none() {
            on_item.emit(item);
        }
    })
}

/// Every mention of entity `id` in the bundle.
fn entity_focus(report: &Report, id: &str) -> Focus {
    let spans: Vec<SpanRef> = report
        .articles
        .iter()
        .filter(|a| !a.excluded)
        .flat_map(|a| {
            a.mentions
                .iter()
                .filter(|m| m.entity.as_deref() == Some(id))
                .map(|m| SpanRef {
                    article: a.id.clone(),
                    start: m.start,
                    end: m.end,
                })
        })
        .collect();
    Focus::new(super::entity_name(report, Some(id)), spans)
}

/// Every article's wording of quote `quote` of `article` (its group in the
/// quotes table), or the quote alone.
fn quote_focus(report: &Report, article: &str, quote: usize) -> Option<Focus> {
    let group = report.tables.quotes.iter().find(|g| {
        g.members
            .iter()
            .any(|m| m.article == article && m.quote == quote)
    });
    Some(match group {
        Some(g) => Focus::new(
            format!("{}: “{}”", g.speaker_name, super::shorten(&g.text, 60)),
            g.members.iter().map(|m| m.span.clone()).collect(),
        ),
        None => {
            let q = report
                .articles
                .iter()
                .find(|a| a.id == article)
                .and_then(|a| a.quotes.get(quote))?;
            Focus::new(
                "quote",
                vec![SpanRef {
                    article: article.to_string(),
                    start: q.start,
                    end: q.end,
                }],
            )
        }
    })
}

/// The words selected in one article of the reading view, as the article
/// id and byte offsets into its text (whitespace at either end left out).
fn selected_span() -> Option<(String, usize, usize)> {
    use js_sys::Reflect;
    let window = web_sys::window()?;
    let get = Reflect::get(&window, &"getSelection".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let sel = get.call0(&window).ok()?;
    if sel.is_null() || sel.is_undefined() {
        return None;
    }
    let collapsed = Reflect::get(&sel, &"isCollapsed".into()).ok()?;
    if collapsed.as_bool().unwrap_or(true) {
        return None;
    }
    let node = |k: &str| {
        Reflect::get(&sel, &k.into())
            .ok()?
            .dyn_into::<web_sys::Node>()
            .ok()
    };
    let offset = |k: &str| {
        Reflect::get(&sel, &k.into())
            .ok()?
            .as_f64()
            .map(|f| f.max(0.0) as u32)
    };
    let (a, p) = point(&node("anchorNode")?, offset("anchorOffset")?)?;
    let (b, q) = point(&node("focusNode")?, offset("focusOffset")?)?;
    if a.0 != b.0 {
        return None;
    }
    let (start, end) = (p.min(q), p.max(q));
    let text = a.1.get(start..end)?;
    let lead = text.len() - text.trim_start().len();
    let trail = text.len() - text.trim_end().len();
    let (start, end) = (start + lead, end.saturating_sub(trail));
    (start < end).then_some((a.0, start, end))
}

/// The article (id, text) a DOM node belongs to and the byte offset of a
/// selection point (`node`, `offset`) in that article's text.
fn point(node: &web_sys::Node, offset: u32) -> Option<((String, String), usize)> {
    let segment = |el: &web_sys::Element| -> Option<(usize, usize)> {
        let s = el.get_attribute("data-s")?.parse().ok()?;
        let e = el.get_attribute("data-e")?.parse().ok()?;
        Some((s, e))
    };
    let (el, at) = if node.node_type() == web_sys::Node::TEXT_NODE {
        let el = node.parent_element()?.closest("[data-s]").ok()??;
        let (start, _) = segment(&el)?;
        let text = node.text_content().unwrap_or_default();
        (el, start + utf16_to_bytes(&text, offset as usize))
    } else {
        let el = node.dyn_ref::<web_sys::Element>()?.clone();
        if let Some((s, e)) = segment(&el) {
            let at = if offset == 0 { s } else { e };
            (el, at)
        } else {
            // A container: the point is before its child `offset`, or after
            // its last child.
            let children = el.query_selector_all("[data-s]").ok()?;
            let child = node.child_nodes().get(offset);
            match child {
                Some(c) => {
                    let first = match c.dyn_ref::<web_sys::Element>() {
                        Some(c) if c.has_attribute("data-s") => c.clone(),
                        Some(c) => c.query_selector("[data-s]").ok()??,
                        None => return None,
                    };
                    let (s, _) = segment(&first)?;
                    (first, s)
                }
                None => {
                    let last = children
                        .get(children.length().checked_sub(1)?)?
                        .dyn_into::<web_sys::Element>()
                        .ok()?;
                    let (_, e) = segment(&last)?;
                    (last, e)
                }
            }
        }
    };
    el.closest(".reader-body").ok()??;
    let col = el.closest(".reader-col").ok()??;
    let id = col.get_attribute("data-id")?;
    // The article text is needed to trim the selection: rebuild it from
    // the column's segments.
    let text = col
        .query_selector(".reader-body")
        .ok()??
        .text_content()
        .unwrap_or_default();
    Some(((id, text), at))
}

/// Bytes of UTF-8 in the first `units` UTF-16 code units of `text`.
fn utf16_to_bytes(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    text.len()
}

#[derive(Properties, PartialEq)]
pub struct CorrectionTrayProps {
    pub report: Shared<Report>,
    pub item: Item,
    pub on_correct: Callback<Edit>,
    pub on_close: Callback<()>,
}

/// The corrections offered for what was picked in the text.
#[component]
pub fn CorrectionTray(props: &CorrectionTrayProps) -> Html {
    let report = &props.report;
    let speaker = use_state_eq(|| None::<String>);
    let kind = use_state_eq(|| "direct".to_string());
    let close = props.on_close.reform(|_: MouseEvent| ());
    let body = match &props.item {
        Item::Quote {
            article,
            start,
            end,
        } => html! {
            <QuoteEditor report={report.clone()} article={article.clone()} start={*start} end={*end}
                         on_correct={props.on_correct.clone()} on_close={props.on_close.clone()} />
        },
        Item::Mention {
            article,
            start,
            end,
        } => {
            let mention = report
                .articles
                .iter()
                .find(|a| a.id == *article)
                .and_then(|a| {
                    a.mentions
                        .iter()
                        .find(|m| m.start == *start && m.end == *end)
                });
            match (mention, span_of(report, article, *start, *end)) {
                (Some(m), Some(span)) => {
                    let not_entity = {
                        let (on_correct, on_close, span) = (
                            props.on_correct.clone(),
                            props.on_close.clone(),
                            span.clone(),
                        );
                        Callback::from(move |_: MouseEvent| {
                            on_correct.emit(Edit::NotAnEntity {
                                mention: span.clone(),
                            });
                            on_close.emit(());
                        })
                    };
                    html! {
                        <div class="editor-actions">
                            <span class="tray-text">
                                { format!("“{}” · ", super::shorten(&span.text, 60)) }
                                { super::entity_name(report, m.entity.as_deref()) }
                                { format!(" ({})", super::entities::type_name(&m.label)) }
                            </span>
                            <button type="button" id="not-entity-button" class="button small danger" onclick={not_entity}>
                                { "Not an entity" }
                            </button>
                            <button type="button" class="button small quiet" onclick={close}>{ "Close" }</button>
                        </div>
                    }
                }
                _ => html! {
                    <div class="editor-actions">
                        <span class="hint">{ "This mention is no longer in the analysis." }</span>
                        <button type="button" class="button small quiet" onclick={close}>{ "Close" }</button>
                    </div>
                },
            }
        }
        Item::Selection {
            article,
            start,
            end,
        } => match span_of(report, article, *start, *end) {
            Some(span) => {
                let on_speaker = {
                    let speaker = speaker.clone();
                    Callback::from(move |s: Option<String>| speaker.set(s))
                };
                let on_kind = {
                    let kind = kind.clone();
                    Callback::from(move |e: Event| {
                        if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                            kind.set(s.value());
                        }
                    })
                };
                let add = {
                    let (report, on_correct, on_close) = (
                        report.clone(),
                        props.on_correct.clone(),
                        props.on_close.clone(),
                    );
                    let (speaker, kind, span) = (speaker.clone(), kind.clone(), span.clone());
                    Callback::from(move |e: SubmitEvent| {
                        e.prevent_default();
                        let who = speaker
                            .as_ref()
                            .and_then(|id| entity_anchor(&report, id, Some(&span.article)));
                        on_correct.emit(Edit::AddQuote {
                            quote: span.clone(),
                            speaker: who,
                            kind: (*kind).clone(),
                        });
                        on_close.emit(());
                    })
                };
                html! {
                    <form class="editor-actions add-quote" onsubmit={add}>
                        <span class="tray-text">{ format!("Add as a quote: “{}”", super::shorten(&span.text, 80)) }</span>
                        <SpeakerPicker report={report.clone()} id="add-quote-speaker"
                                       value={(*speaker).clone()} on_change={on_speaker} />
                        <label class="control">
                            <span>{ "Kind" }</span>
                            <select id="add-quote-kind" onchange={on_kind}>
                                { for QUOTE_KINDS.iter().map(|k| html! {
                                    <option value={k.to_string()} selected={*kind == *k}>{ *k }</option>
                                }) }
                            </select>
                        </label>
                        <button type="submit" id="add-quote-button" class="button small primary">{ "Add quote" }</button>
                        <button type="button" class="button small quiet" onclick={close}>{ "Cancel" }</button>
                    </form>
                }
            }
            None => html! {},
        },
    };
    html! {
        <div class="correction-tray" role="region" aria-label="Correct what you picked">
            { body }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_text_markup_keeps_every_byte_and_marks_mentions_and_quotes() {
        let report = crate::analysis::analyze(crate::ingest::ingest(crate::example::files()));
        let article = report
            .articles
            .iter()
            .find(|a| !a.quotes.is_empty() && a.mentions.iter().any(|m| m.entity.is_some()))
            .expect("an example article with quotes and resolved mentions");
        let m = article
            .mentions
            .iter()
            .find(|m| m.entity.is_some())
            .expect("a resolved mention");
        let focus = [[m.start, m.end]];
        let html = body_html(&report, article, &focus, "Text of \"it\" <here>");
        let div = gloo::utils::document().create_element("div").expect("div");
        div.set_inner_html(&html);
        let body = div.first_element_child().expect("the reader body");
        assert_eq!(body.class_name(), "reader-body");
        assert_eq!(
            body.get_attribute("aria-label").as_deref(),
            Some("Text of \"it\" <here>")
        );
        // The parsed text is the article's, byte for byte (markup
        // characters in it escaped), and every span says where it is.
        assert_eq!(body.text_content().unwrap_or_default(), article.text);
        let spans = body.query_selector_all("span[data-s]").expect("spans");
        let mut ents = 0;
        for i in 0..spans.length() {
            let span: web_sys::Element = spans.get(i).expect("span").dyn_into().expect("element");
            let s: usize = span
                .get_attribute("data-s")
                .and_then(|v| v.parse().ok())
                .expect("data-s");
            let e: usize = span
                .get_attribute("data-e")
                .and_then(|v| v.parse().ok())
                .expect("data-e");
            assert_eq!(span.text_content().unwrap_or_default(), &article.text[s..e]);
            ents += usize::from(span.class_name().split(' ').any(|c| c == "ent"));
        }
        assert!(ents >= article.mentions.len(), "{ents} mention spans");
        // The picked mention is highlighted and named in its tooltip.
        let mark = body
            .query_selector("mark.focus span")
            .expect("query")
            .expect("a highlight");
        assert_eq!(
            mark.text_content().unwrap_or_default(),
            &article.text[m.start..m.end]
        );
        let name = super::super::entity_name(&report, m.entity.as_deref());
        assert_eq!(
            mark.get_attribute("title"),
            Some(format!("{name} · {}", m.label))
        );
        let label = format!("ent-{}", m.label);
        assert!(mark.class_name().split(' ').any(|c| c == label));
        // A click on it picks its entity; one inside a quote, the quote.
        assert_eq!(
            picked(article, m.start),
            Some(Picked::Mention {
                entity: m.entity.clone().unwrap_or_default(),
                start: m.start,
                end: m.end
            })
        );
        let (i, q) = article
            .quotes
            .iter()
            .enumerate()
            .find(|(_, q)| q.kind != "scare")
            .expect("a quote");
        let inside = (q.start..q.end)
            .find(|&b| {
                article.text.is_char_boundary(b)
                    && !article.mentions.iter().any(|m| m.start <= b && b < m.end)
            })
            .expect("a word of the quote outside any mention");
        assert_eq!(
            picked(article, inside),
            Some(Picked::Quote {
                quote: i,
                start: q.start,
                end: q.end
            })
        );
    }
}
