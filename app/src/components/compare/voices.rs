//! Voice share: who each article quotes, as a table and a bar chart.

use std::collections::HashMap;

use yew::prelude::*;

use super::sort::{by_name, use_sort};
use super::{article_name, more_rows, Focus, ViewProps, PAGE};
use crate::compare::voices::{Voice, VoiceShare as Share};

/// Colours for the most quoted speakers (AA against white for the labels
/// drawn in white on them); everyone else shares grey.
const PALETTE: [&str; 8] = [
    "#1c5a94", "#a33b20", "#2f6b3a", "#6b3fa0", "#8a5a00", "#00687a", "#9c2f6b", "#4d5b1f",
];
const OTHERS: &str = "#7a828c";
const UNKNOWN: &str = "#b9bec5";

#[component]
pub fn VoiceShare(props: &ViewProps) -> Html {
    let report = &props.report;
    let shares = &report.tables.voices;
    let shown = use_state_eq(|| PAGE);
    // Article by article, as the analysis lists them.
    let sort = use_sort("", false, &shown);
    let mut rows: Vec<(&Share, &Voice)> = shares
        .iter()
        .flat_map(|s| s.voices.iter().map(move |v| (s, v)))
        .collect();
    sort.apply(&mut rows, |(sa, a), (sb, b), key| match key {
        "article" => by_name(
            &article_name(report, &sa.article),
            &article_name(report, &sb.article),
        ),
        "speaker" => by_name(&a.name, &b.name),
        "quotes" => a.quotes.cmp(&b.quotes),
        "words" => a.words.cmp(&b.words),
        "direct" => a.direct.cmp(&b.direct),
        "partial" => a.partial.cmp(&b.partial),
        "indirect" => a.indirect.cmp(&b.indirect),
        _ => a.share.total_cmp(&b.share),
    });
    let total = rows.len();
    if shares.iter().all(|s| s.quotes == 0) {
        return html! { <p class="empty">{ "No article quotes anyone." }</p> };
    }
    // Speakers ranked by quoted words over the bundle get the colours.
    let mut words: HashMap<String, (usize, String)> = HashMap::new();
    for s in shares {
        for v in &s.voices {
            if let Some(id) = &v.speaker {
                let e = words.entry(id.clone()).or_insert((0, v.name.clone()));
                e.0 += v.words;
            }
        }
    }
    let mut ranked: Vec<(String, usize, String)> = words
        .into_iter()
        .map(|(id, (w, name))| (id, w, name))
        .collect();
    crate::sort::by(&mut ranked, |a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let colour_of = |speaker: Option<&str>| -> &'static str {
        match speaker {
            None => UNKNOWN,
            Some(id) => ranked
                .iter()
                .position(|(s, _, _)| s == id)
                .and_then(|i| PALETTE.get(i).copied())
                .unwrap_or(OTHERS),
        }
    };
    let row_height = 30.0;
    let label_width = 170.0;
    let bar_width = 560.0;
    let height = row_height * shares.len() as f64 + 8.0;
    let bars = shares.iter().enumerate().map(|(i, s)| {
        let y = 4.0 + i as f64 * row_height;
        let mut x = label_width;
        let segments = s.voices.iter().filter(|v| v.words > 0).map(|v| {
            let w = v.share * bar_width;
            let seg = html! {
                <rect x={format!("{x:.1}")} y={format!("{:.1}", y + 4.0)} width={format!("{:.1}", w.max(0.5))}
                      height={format!("{:.1}", row_height - 10.0)} fill={colour_of(v.speaker.as_deref())}>
                    <title>{ format!("{}: {} words, {}", v.name, v.words, super::percent(v.share)) }</title>
                </rect>
            };
            x += w;
            seg
        });
        html! {
            <g>
                <text x="0" y={format!("{:.1}", y + row_height / 2.0 + 4.0)} class="chart-label">
                    { super::shorten(&article_name(report, &s.article), 24) }
                </text>
                { for segments }
                <text x={format!("{:.1}", label_width + bar_width + 6.0)} y={format!("{:.1}", y + row_height / 2.0 + 4.0)} class="chart-value">
                    { format!("{} q.", s.quotes) }
                </text>
            </g>
        }
    });
    let legend = ranked
        .iter()
        .take(PALETTE.len())
        .map(|(id, _, name)| (name.clone(), colour_of(Some(id))))
        .chain([
            ("others".to_string(), OTHERS),
            ("unknown speaker".to_string(), UNKNOWN),
        ]);
    html! {
        <div class="voices">
            <figure class="chart">
                <svg viewBox={format!("0 0 {} {height:.0}", label_width + bar_width + 50.0)} role="img"
                     aria-labelledby="voices-caption" class="bar-chart">
                    { for bars }
                </svg>
                <figcaption id="voices-caption">
                    { "Share of each article's quoted words by speaker." }
                    <ul class="legend">
                        { for legend.map(|(name, colour)| html! {
                            <li><span class="swatch" style={format!("background: {colour}")}></span>{ name }</li>
                        }) }
                    </ul>
                </figcaption>
            </figure>
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">{ "Quotes per speaker and article" }</caption>
                    <thead>
                        <tr>
                            { sort.header("Article", "article", false, "") }
                            { sort.header("Speaker", "speaker", false, "") }
                            { sort.header("Quotes", "quotes", true, "num") }
                            { sort.header("Words", "words", true, "num") }
                            { sort.header("Direct", "direct", true, "num") }
                            { sort.header("Partial", "partial", true, "num") }
                            { sort.header("Indirect", "indirect", true, "num") }
                            { sort.header("Share", "share", true, "num") }
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().take(*shown).enumerate().map(|(i, &(s, v))| {
                            // A new article starts a group (its name shown once).
                            let first = i == 0 || rows[i - 1].0.article != s.article;
                            let focus = Focus::new(format!("{} quoted in {}", v.name, article_name(report, &s.article)), v.spans.clone());
                            let onclick = super::pick(&props.on_focus, focus);
                            html! {
                                <tr class={classes!(first.then_some("group-start"))}>
                                    <td>{ if first { article_name(report, &s.article) } else { String::new() } }</td>
                                    <th scope="row">
                                        <span class="swatch" style={format!("background: {}", colour_of(v.speaker.as_deref()))}></span>
                                        <button type="button" class="link" {onclick}>{ &v.name }</button>
                                    </th>
                                    <td class="num">{ v.quotes }</td>
                                    <td class="num">{ v.words }</td>
                                    <td class="num">{ v.direct }</td>
                                    <td class="num">{ v.partial }</td>
                                    <td class="num">{ v.indirect }</td>
                                    <td class="num">{ super::percent(v.share) }</td>
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
