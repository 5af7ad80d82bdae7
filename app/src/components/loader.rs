//! The "add articles" panel: drop zone, file and folder pickers, paste box
//! and the example bundle. It only gathers what the user handed over; the
//! app reads and ingests it.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::example;
use crate::files::{self, Source};

#[derive(Properties, PartialEq)]
pub struct LoaderProps {
    /// Something is being dragged over the page.
    #[prop_or_default]
    pub dragging: bool,
    /// Files or folders picked in a dialog.
    pub on_sources: Callback<Vec<Source>>,
    /// Text from the paste box.
    pub on_paste: Callback<String>,
    pub on_example: Callback<()>,
}

#[component]
pub fn Loader(props: &LoaderProps) -> Html {
    let file_input = use_node_ref();
    let folder_input = use_node_ref();
    let paste = use_node_ref();
    let paste_empty = use_state_eq(|| true);

    let picked = {
        let on_sources = props.on_sources.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            if let Some(list) = input.files() {
                let sources = files::picked(&list);
                // Allow picking the same file again later.
                input.set_value("");
                if !sources.is_empty() {
                    on_sources.emit(sources);
                }
            }
        })
    };
    let open = |input: &NodeRef| {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                el.click();
            }
        })
    };
    let on_paste_input = {
        let paste_empty = paste_empty.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                paste_empty.set(area.value().trim().is_empty());
            }
        })
    };
    let add_paste = {
        let paste = paste.clone();
        let paste_empty = paste_empty.clone();
        let on_paste = props.on_paste.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(area) = paste.cast::<HtmlTextAreaElement>() {
                let text = area.value();
                if !text.trim().is_empty() {
                    on_paste.emit(text);
                    area.set_value("");
                    paste_empty.set(true);
                }
            }
        })
    };
    let load_example = props.on_example.reform(|_: MouseEvent| ());

    html! {
        <section class="panel loader" aria-labelledby="loader-heading">
            <h2 id="loader-heading" class="panel-title">{ "Add articles" }</h2>
            <div id="drop-zone" class={classes!("drop-zone", props.dragging.then_some("dragging"))}>
                <svg class="drop-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M12 3l5 5h-3v6h-4V8H7l5-5zM4 15h2v4h12v-4h2v6H4v-6z" />
                </svg>
                <p class="drop-lead">{ "Drop files, folders or a .zip anywhere on this page" }</p>
                <p class="drop-formats">{ "Plain text, Markdown, HTML, JSON or JSON Lines. Several articles in one file are split apart." }</p>
                <div class="drop-actions">
                    <button type="button" id="file-button" class="button small" onclick={open(&file_input)}>
                        { "Choose files…" }
                    </button>
                    <button type="button" id="folder-button" class="button small" onclick={open(&folder_input)}>
                        { "Choose folder…" }
                    </button>
                </div>
                <input
                    ref={file_input}
                    id="file-input"
                    class="visually-hidden"
                    type="file"
                    multiple=true
                    tabindex="-1"
                    aria-label="Choose article files"
                    accept=".txt,.text,.md,.markdown,.html,.htm,.json,.jsonl,.ndjson,.zip,text/*"
                    onchange={picked.clone()}
                />
                <input
                    ref={folder_input}
                    id="folder-input"
                    class="visually-hidden"
                    type="file"
                    multiple=true
                    webkitdirectory=true
                    tabindex="-1"
                    aria-label="Choose a folder of articles"
                    onchange={picked}
                />
            </div>

            <form class="paste" onsubmit={add_paste}>
                <label for="paste-text" class="field-label">{ "Or paste article text" }</label>
                <textarea
                    ref={paste}
                    id="paste-text"
                    rows="6"
                    placeholder={"Paste one or more articles.\nPut a line with only --- between articles."}
                    oninput={on_paste_input}
                />
                <div class="paste-actions">
                    <button type="submit" id="paste-button" class="button primary" disabled={*paste_empty}>
                        { "Add pasted text" }
                    </button>
                </div>
            </form>

            <div class="example">
                <button type="button" id="example-button" class="button" onclick={load_example}>
                    { "Load example bundle" }
                </button>
                <p class="example-note">{ example::DESCRIPTION }</p>
            </div>
        </section>
    }
}
