//! Downloads: the JSON report, the Markdown report, CSV per table; and
//! printing (the print stylesheet lays the tables out on paper).

use crate::Shared;

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::export;
use crate::report::Report;

#[derive(Properties, PartialEq)]
pub struct ExportsProps {
    pub report: Shared<Report>,
}

/// Offer `content` as a file download.
fn download(name: &str, mime: &str, content: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement =
        gloo::utils::document().create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}

#[component]
pub fn Exports(props: &ExportsProps) -> Html {
    let table = use_state_eq(|| "entities".to_string());
    let report = &props.report;
    let json = {
        let report = report.clone();
        Callback::from(move |_: MouseEvent| {
            let text = serde_json::to_string_pretty(&*report).unwrap_or_default();
            let _ = download("parallax-report.json", "application/json", &text);
        })
    };
    let markdown = {
        let report = report.clone();
        Callback::from(move |_: MouseEvent| {
            let _ = download(
                "parallax-report.md",
                "text/markdown",
                &export::markdown(&report),
            );
        })
    };
    let csv = {
        let (report, table) = (report.clone(), table.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(text) = export::table_csv(&report, &table) {
                let _ = download(&format!("parallax-{}.csv", *table), "text/csv", &text);
            }
        })
    };
    let on_table = {
        let table = table.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                table.set(select.value());
            }
        })
    };
    let print = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    html! {
        <div class="exports" role="group" aria-label="Export">
            <button type="button" id="export-json" class="button small" onclick={json}>{ "JSON report" }</button>
            <button type="button" id="export-md" class="button small" onclick={markdown}>{ "Markdown" }</button>
            <label class="visually-hidden" for="export-table">{ "Table to export as CSV" }</label>
            <select id="export-table" onchange={on_table}>
                { for export::CSV_TABLES.iter().map(|t| html! {
                    <option value={t.to_string()} selected={*table == *t}>{ *t }</option>
                }) }
            </select>
            <button type="button" id="export-csv" class="button small" onclick={csv}>{ "CSV" }</button>
            <button type="button" id="print" class="button small quiet" onclick={print}>{ "Print" }</button>
        </div>
    }
}
