//! Summary of the finished report: totals and words per article (a page
//! of rows at a time). Later stages add their comparison tables beside it.

use crate::Shared;
use std::collections::BTreeSet;

use yew::prelude::*;

use crate::report::Report;

use super::compare::{more_rows, PAGE};
use super::{plural, thousands};

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub report: Shared<Report>,
}

#[component]
pub fn Summary(props: &SummaryProps) -> Html {
    let report = &props.report;
    let articles = &report.articles;
    let words: usize = articles.iter().map(|a| a.stats.words).sum();
    let most = articles
        .iter()
        .map(|a| a.stats.words)
        .max()
        .unwrap_or(0)
        .max(1);
    let outlets: BTreeSet<&str> = articles
        .iter()
        .filter_map(|a| a.outlet.as_deref())
        .collect();
    let average = words / articles.len().max(1);
    // Rows shown: a page at a time, like the other tables.
    let shown = use_state_eq(|| PAGE);
    html! {
        <section class="panel summary" id="summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading" class="panel-title">{ "Bundle at a glance" }</h2>
            <dl class="figures">
                <div class="figure"><dt>{ "Articles" }</dt><dd>{ thousands(articles.len()) }</dd></div>
                <div class="figure"><dt>{ "Outlets named" }</dt><dd>{ thousands(outlets.len()) }</dd></div>
                <div class="figure"><dt>{ "Words" }</dt><dd>{ thousands(words) }</dd></div>
                <div class="figure"><dt>{ "Average length" }</dt><dd>{ plural(average, "word", "words") }</dd></div>
            </dl>
            <div class="table-wrap">
                <table class="summary-table">
                    <caption class="visually-hidden">{ "Length of each article" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Article" }</th>
                            <th scope="col">{ "Outlet" }</th>
                            <th scope="col">{ "Date" }</th>
                            <th scope="col" class="num">{ "Words" }</th>
                            <th scope="col" class="num">{ "Sentences" }</th>
                            <th scope="col" class="num">{ "Paragraphs" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for articles.iter().take(*shown).map(|a| {
                            let share = a.stats.words as f64 / most as f64 * 100.0;
                            let title = a.title.clone().unwrap_or_else(|| "Untitled".to_string());
                            html! {
                                <tr data-id={a.id.clone()}>
                                    <th scope="row" class="title-cell">
                                        <span class="article-id">{ &a.id }</span>
                                        <span class={classes!(a.title.is_none().then_some("missing"))}>{ title }</span>
                                    </th>
                                    <td>{ a.outlet.clone().unwrap_or_else(|| "—".to_string()) }</td>
                                    <td class="nowrap">{ a.date.clone().unwrap_or_else(|| "—".to_string()) }</td>
                                    <td class="num">
                                        <div class="bar-cell">
                                            <span class="bar-track" aria-hidden="true">
                                                <span class="bar" style={format!("width: {share:.1}%")}></span>
                                            </span>
                                            <span class="bar-value">{ thousands(a.stats.words) }</span>
                                        </div>
                                    </td>
                                    <td class="num">{ thousands(a.stats.sentences) }</td>
                                    <td class="num">{ thousands(a.stats.paragraphs) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            { more_rows(&shown, articles.len()) }
        </section>
    }
}
