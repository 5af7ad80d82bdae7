//! The linked reading view: the articles side by side (one at a time on
//! narrow screens, or when picked), entity mentions coloured by type,
//! quotes underlined with their speaker, and the current [`Focus`]
//! highlighted. Clicking a mention focuses its entity across the bundle;
//! clicking a quote focuses every article's wording of that statement.

use std::rc::Rc;

use yew::prelude::*;

use super::{article_name, Focus};
use crate::compare::SpanRef;
use crate::report::{Article, Report};

/// Above this many articles only one is shown at a time.
const SIDE_BY_SIDE: usize = 8;

#[derive(Properties, PartialEq)]
pub struct ReaderProps {
    pub report: Rc<Report>,
    pub focus: Option<Focus>,
    pub on_focus: Callback<Focus>,
    pub on_clear_focus: Callback<()>,
}

#[component]
pub fn Reader(props: &ReaderProps) -> Html {
    let report = &props.report;
    let articles: Vec<&Article> = report.articles.iter().filter(|a| !a.excluded).collect();
    let picked = use_state_eq(|| None::<String>);
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
            <div class={classes!("reader-columns", (shown.len() == 1).then_some("single"))}>
                { for shown.iter().map(|a| column(report, a, props.focus.as_ref(), &props.on_focus)) }
            </div>
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
    let mut mentions: Vec<(usize, usize, usize)> = article
        .mentions
        .iter()
        .enumerate()
        .map(|(i, m)| (m.start, m.end, i))
        .collect();
    mentions.sort_unstable();
    let mut quotes: Vec<(usize, usize, usize)> = article
        .quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind != "scare")
        .map(|(i, q)| (q.start, q.end, i))
        .collect();
    quotes.sort_unstable();
    cuts.windows(2)
        .map(|w| {
            let (start, end) = (w[0], w[1]);
            Segment {
                start,
                end,
                mention: covering(&mentions, start),
                quote: covering(&quotes, start),
                focused: focus.iter().any(|s| s[0] <= start && start < s[1]),
                boilerplate: article
                    .boilerplate
                    .iter()
                    .any(|s| s[0] <= start && start < s[1]),
            }
        })
        .collect()
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

fn column(
    report: &Rc<Report>,
    article: &Article,
    focus: Option<&Focus>,
    on_focus: &Callback<Focus>,
) -> Html {
    let spans: Vec<[usize; 2]> = focus
        .iter()
        .flat_map(|f| f.spans.iter())
        .filter(|s| s.article == article.id)
        .map(|s| [s.start, s.end])
        .collect();
    let pieces = segments(article, &spans).into_iter().map(|seg| {
        let text = article
            .text
            .get(seg.start..seg.end)
            .unwrap_or_default()
            .to_string();
        let mut classes = Classes::new();
        let mut title = None;
        let mut onclick = None;
        if seg.boilerplate {
            classes.push("boilerplate");
        }
        if let Some(q) = seg
            .quote
            .and_then(|i| article.quotes.get(i).map(|q| (i, q)))
        {
            classes.push("q");
            classes.push(format!("q-{}", q.1.kind));
            title = Some(format!(
                "{} quote · {}",
                q.1.kind,
                super::entity_name(report, q.1.speaker.as_deref())
            ));
            onclick = Some(quote_focus(report, &article.id, q.0, on_focus));
        }
        if let Some(m) = seg.mention.and_then(|i| article.mentions.get(i)) {
            classes.push("ent");
            classes.push(format!("ent-{}", m.label));
            if let Some(id) = &m.entity {
                title = Some(format!(
                    "{} · {}",
                    super::entity_name(report, Some(id)),
                    m.label
                ));
                onclick = Some(entity_focus(report, id, on_focus));
            }
        }
        let inner = if classes.is_empty() {
            html! { { text } }
        } else {
            html! { <span class={classes} {title} onclick={onclick.clone()}>{ text }</span> }
        };
        if seg.focused {
            html! { <mark class="focus">{ inner }</mark> }
        } else {
            inner
        }
    });
    let heading = article
        .title
        .clone()
        .unwrap_or_else(|| "Untitled".to_string());
    html! {
        <article class="reader-col" data-id={article.id.clone()} aria-label={heading.clone()}>
            <header class="reader-head">
                <span class="article-id">{ &article.id }</span>
                <span class="reader-outlet">{ article.outlet.clone().unwrap_or_else(|| "Outlet unknown".to_string()) }</span>
                if let Some(date) = &article.date {
                    <span class="hint">{ format!(" · {date}") }</span>
                }
            </header>
            <div class="reader-body" tabindex="0" aria-label={format!("Text of {heading}")}>{ for pieces }</div>
        </article>
    }
}

fn entity_focus(report: &Rc<Report>, id: &str, on_focus: &Callback<Focus>) -> Callback<MouseEvent> {
    let (report, id, on_focus) = (Rc::clone(report), id.to_string(), on_focus.clone());
    Callback::from(move |_: MouseEvent| {
        let spans: Vec<SpanRef> = report
            .articles
            .iter()
            .filter(|a| !a.excluded)
            .flat_map(|a| {
                a.mentions
                    .iter()
                    .filter(|m| m.entity.as_deref() == Some(id.as_str()))
                    .map(|m| SpanRef {
                        article: a.id.clone(),
                        start: m.start,
                        end: m.end,
                    })
            })
            .collect();
        on_focus.emit(Focus::new(super::entity_name(&report, Some(&id)), spans));
    })
}

fn quote_focus(
    report: &Rc<Report>,
    article: &str,
    quote: usize,
    on_focus: &Callback<Focus>,
) -> Callback<MouseEvent> {
    let (report, article, on_focus) = (Rc::clone(report), article.to_string(), on_focus.clone());
    Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        let group = report.tables.quotes.iter().find(|g| {
            g.members
                .iter()
                .any(|m| m.article == article && m.quote == quote)
        });
        let focus = match group {
            Some(g) => Focus::new(
                format!("{}: “{}”", g.speaker_name, super::shorten(&g.text, 60)),
                g.members.iter().map(|m| m.span.clone()).collect(),
            ),
            None => {
                let Some(q) = report
                    .articles
                    .iter()
                    .find(|a| a.id == article)
                    .and_then(|a| a.quotes.get(quote))
                else {
                    return;
                };
                Focus::new(
                    "quote",
                    vec![SpanRef {
                        article: article.clone(),
                        start: q.start,
                        end: q.end,
                    }],
                )
            }
        };
        on_focus.emit(focus);
    })
}
