//! The loaded articles with their metadata; title, outlet, date and
//! section are editable inline, and each article can be left out of the
//! comparison (kept, not deleted). Both are corrections (undoable).

use crate::Shared;
use std::collections::BTreeMap;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::edits;
use crate::ingest::{Bundle, PASTE_NAME};
use crate::report::Article;
use crate::state::Field;

use super::compare::{more_rows, PAGE};
use super::plural;

/// A user's edit of one metadata field.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub id: String,
    pub field: Field,
    pub value: String,
}

#[derive(Properties, PartialEq)]
pub struct ArticleListProps {
    pub bundle: Shared<Bundle>,
    /// Word counts by article id, once analysed.
    #[prop_or_default]
    pub words: Rc<BTreeMap<String, usize>>,
    pub on_edit: Callback<Edit>,
    /// Corrections (leaving an article out of the comparison).
    #[prop_or_default]
    pub on_correct: Callback<edits::Edit>,
    pub on_clear: Callback<()>,
}

#[component]
pub fn ArticleList(props: &ArticleListProps) -> Html {
    let articles = &props.bundle.articles;
    // Cards shown: a page at a time, like the tables (the cards of a
    // 300-article bundle took ≈ 250 ms to build before its analysis could
    // even start).
    let shown = use_state_eq(|| PAGE);
    // Parts per source file, for "part 2 of 3".
    let mut parts: BTreeMap<&str, u32> = BTreeMap::new();
    for a in articles {
        let n = parts.entry(source_name(a)).or_default();
        *n = (*n).max(a.part);
    }
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());
    html! {
        <section class="panel articles" aria-labelledby="articles-heading">
            <div class="panel-head">
                <h2 id="articles-heading" class="panel-title">
                    { plural(articles.len(), "article", "articles") }
                    if let Some(title) = &props.bundle.title {
                        <span class="bundle-title">{ format!(" · {title}") }</span>
                    }
                </h2>
                <button type="button" id="clear-button" class="button quiet" onclick={on_clear}>
                    { "Clear all" }
                </button>
            </div>
            <ol class="article-list">
                { for articles.iter().take(*shown).map(|a| {
                    let of = parts.get(source_name(a)).copied().unwrap_or(1);
                    html! {
                        <ArticleCard
                            key={a.id.clone()}
                            article={a.clone()}
                            parts={of}
                            words={props.words.get(&a.id).copied()}
                            on_edit={props.on_edit.clone()}
                            on_correct={props.on_correct.clone()}
                        />
                    }
                }) }
            </ol>
            { more_rows(&shown, articles.len()) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ArticleCardProps {
    pub article: Article,
    /// How many articles its source file held.
    pub parts: u32,
    pub words: Option<usize>,
    pub on_edit: Callback<Edit>,
    #[prop_or_default]
    pub on_correct: Callback<edits::Edit>,
}

#[component]
pub fn ArticleCard(props: &ArticleCardProps) -> Html {
    let a = &props.article;
    let source = source_name(a);
    let part = if props.parts > 1 {
        format!("part {} of {}", a.part, props.parts)
    } else {
        String::new()
    };
    let untitled = if part.is_empty() {
        format!("Untitled ({source})")
    } else {
        format!("Untitled ({source}, {part})")
    };
    let words = match props.words {
        Some(n) => plural(n, "word", "words"),
        None => "counting…".to_string(),
    };
    let field = |field: Field, value: &Option<String>, placeholder: String| {
        html! {
            <EditableField
                id={a.id.clone()}
                {field}
                value={value.clone()}
                placeholder={placeholder}
                on_edit={props.on_edit.clone()}
            />
        }
    };
    let on_include = {
        let (on_correct, id) = (props.on_correct.clone(), a.id.clone());
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                on_correct.emit(edits::Edit::ExcludeArticle {
                    article: id.clone(),
                    excluded: !input.checked(),
                });
            }
        })
    };
    html! {
        <li class={classes!("article", a.excluded.then_some("excluded"))} data-id={a.id.clone()}>
            <div class="article-head">
                <span class="article-id" title="Article id in the report">{ &a.id }</span>
                <h3 class="article-title">{ field(Field::Title, &a.title, untitled) }</h3>
                <label class="include-toggle" title="Leave this article out of the comparison without deleting it">
                    <input type="checkbox" class="include-input" checked={!a.excluded} onchange={on_include} />
                    <span>{ if a.excluded { "Left out" } else { "Compared" } }</span>
                </label>
            </div>
            <dl class="meta">
                <div class="meta-item">
                    <dt>{ "Outlet" }</dt>
                    <dd>{ field(Field::Outlet, &a.outlet, "Unknown outlet".to_string()) }</dd>
                </div>
                <div class="meta-item">
                    <dt>{ "Date" }</dt>
                    <dd>{ field(Field::Date, &a.date, "Unknown date".to_string()) }</dd>
                </div>
                if let Some(byline) = &a.byline {
                    <div class="meta-item">
                        <dt>{ "Byline" }</dt>
                        <dd>{ byline }</dd>
                    </div>
                }
                <div class="meta-item">
                    <dt>{ "Section" }</dt>
                    <dd>{ field(Field::Section, &a.section, "No section".to_string()) }</dd>
                </div>
                <div class="meta-item">
                    <dt>{ "Source" }</dt>
                    <dd class="source">
                        <span class="file-name">{ source }</span>
                        if !part.is_empty() {
                            <span class="part">{ format!(" · {part}") }</span>
                        }
                    </dd>
                </div>
                <div class="meta-item">
                    <dt>{ "Length" }</dt>
                    <dd class="words">{ words }</dd>
                </div>
            </dl>
            <p class="snippet">{ snippet(a, 260) }</p>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct EditableFieldProps {
    pub id: String,
    pub field: Field,
    pub value: Option<String>,
    /// Shown (styled as missing) when there is no value.
    pub placeholder: String,
    pub on_edit: Callback<Edit>,
}

/// A value with an edit button; editing swaps in a small form
/// (Enter or Save commits, Escape or Cancel leaves it unchanged).
#[component]
pub fn EditableField(props: &EditableFieldProps) -> Html {
    let editing = use_state_eq(|| false);
    let input = use_node_ref();
    let button = use_node_ref();
    // Focus follows the edit: into the input, then back to the button.
    let was_editing = use_mut_ref(|| false);
    {
        let (input, button) = (input.clone(), button.clone());
        use_effect_with(*editing, move |editing| {
            if *editing {
                if let Some(el) = input.cast::<HtmlInputElement>() {
                    el.focus().ok();
                    el.select();
                }
            } else if *was_editing.borrow() {
                if let Some(el) = button.cast::<web_sys::HtmlElement>() {
                    el.focus().ok();
                }
            }
            *was_editing.borrow_mut() = *editing;
        });
    }
    let label = props.field.label();
    if !*editing {
        let start = {
            let editing = editing.clone();
            Callback::from(move |_: MouseEvent| editing.set(true))
        };
        let value = match &props.value {
            Some(v) => html! { <span class="field-value">{ v }</span> },
            None => html! { <span class="field-value missing">{ &props.placeholder }</span> },
        };
        return html! {
            <span class={classes!("field", format!("field-{}", props.field.key()))}>
                { value }
                <button
                    ref={button}
                    type="button"
                    class="edit-button"
                    aria-label={format!("Edit {} of article {}", label.to_lowercase(), props.id)}
                    title={format!("Edit {}", label.to_lowercase())}
                    onclick={start}
                >
                    <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                        <path d="M11.3 1.3a1 1 0 0 1 1.4 0l2 2a1 1 0 0 1 0 1.4l-8.5 8.5L2 14l.8-4.2 8.5-8.5zM4.6 10.6l-.3 1.1 1.1-.3 7.1-7.1-.8-.8-7.1 7.1z" />
                    </svg>
                </button>
            </span>
        };
    }
    let save = {
        let editing = editing.clone();
        let input = input.clone();
        let on_edit = props.on_edit.clone();
        let id = props.id.clone();
        let field = props.field;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = input.cast::<HtmlInputElement>() {
                on_edit.emit(Edit {
                    id: id.clone(),
                    field,
                    value: el.value(),
                });
            }
            editing.set(false);
        })
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(false))
    };
    let keydown = {
        let editing = editing.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                editing.set(false);
            }
        })
    };
    html! {
        <form class={classes!("field-edit", format!("field-{}", props.field.key()))} onsubmit={save}>
            <input
                ref={input}
                type="text"
                class="field-input"
                value={props.value.clone().unwrap_or_default()}
                aria-label={format!("{label} of article {}", props.id)}
                placeholder={if props.field == Field::Date { "YYYY-MM-DD" } else { "" }}
                onkeydown={keydown}
            />
            <button type="submit" class="button small primary">{ "Save" }</button>
            <button type="button" class="button small quiet" onclick={cancel}>{ "Cancel" }</button>
        </form>
    }
}

/// The file an article came from, as shown to the user.
fn source_name(a: &Article) -> &str {
    a.source_file.as_deref().unwrap_or(PASTE_NAME)
}

/// The start of the article's text, without boilerplate or the title line,
/// whitespace collapsed, cut at a word boundary near `max` characters.
pub fn snippet(a: &Article, max: usize) -> String {
    let mut skip: Vec<[usize; 2]> = a.boilerplate.clone();
    // Metadata stated in the text (title, date header, byline, credits)
    // and lines that repeat the title are not part of the lead.
    skip.extend(a.provenance.values().filter_map(|p| p.span));
    if let Some(title) = a.title.as_deref().map(str::trim) {
        let mut pos = 0;
        for line in a.text.split_inclusive('\n') {
            if line.trim() == title {
                let lead = line.len() - line.trim_start().len();
                skip.push([pos + lead, pos + lead + title.len()]);
            }
            pos += line.len();
        }
    }
    crate::sort::ord(&mut skip);
    let mut out = String::new();
    let mut pos = 0;
    let push = |piece: &str, out: &mut String| {
        for word in piece.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    };
    for [start, end] in skip {
        let (start, end) = (start.min(a.text.len()), end.min(a.text.len()));
        if start > pos {
            if let Some(piece) = a.text.get(pos..start) {
                push(piece, &mut out);
            }
        }
        pos = pos.max(end);
        if out.len() > max * 4 {
            break;
        }
    }
    if let Some(rest) = a.text.get(pos..) {
        push(rest, &mut out);
    }
    if out.chars().count() <= max {
        return out;
    }
    let cut: String = out.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Provenance;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn article(id: &str, title: Option<&str>, part: u32) -> Article {
        Article {
            id: id.to_string(),
            title: title.map(str::to_string),
            source_file: Some("desk/wire.txt".to_string()),
            part,
            outlet: Some("Harbour Gazette".to_string()),
            text: "Council approves new ferry timetable. The vote passed after a long evening."
                .to_string(),
            ..Default::default()
        }
    }

    #[wasm_bindgen_test]
    fn snippet_skips_the_title_span_and_boilerplate() {
        let mut a = article("a1", Some("Council approves new ferry timetable."), 1);
        a.provenance.insert(
            "title".to_string(),
            Provenance {
                from: "text".to_string(),
                span: Some([0, 37]),
                rule: "first line".to_string(),
            },
        );
        assert_eq!(snippet(&a, 200), "The vote passed after a long evening.");
        a.boilerplate = vec![[38, 54]];
        assert_eq!(snippet(&a, 200), "after a long evening.");
        assert_eq!(snippet(&a, 12), "after a…");
    }

    async fn render(bundle: Bundle) -> web_sys::Element {
        let document = gloo::utils::document();
        let root = document.create_element("div").expect("div");
        document
            .body()
            .expect("body")
            .append_child(&root)
            .expect("append");
        let props = ArticleListProps {
            bundle: Shared::new(bundle),
            words: Rc::new(BTreeMap::from([("a1".to_string(), 1234)])),
            on_edit: Callback::noop(),
            on_correct: Callback::noop(),
            on_clear: Callback::noop(),
        };
        yew::Renderer::<ArticleList>::with_root_and_props(root.clone(), props).render();
        yew::scheduler::flush().await;
        root
    }

    #[wasm_bindgen_test]
    async fn renders_every_article_with_metadata_and_placeholders() {
        let bundle = Bundle {
            title: None,
            articles: vec![
                article("a1", Some("Ferry timetable approved"), 1),
                article("a2", None, 2),
            ],
            notices: vec![],
        };
        let root = render(bundle).await;
        let items = root.query_selector_all("li.article").expect("query");
        assert_eq!(items.length(), 2);
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains("2 articles"), "{text}");
        assert!(text.contains("Ferry timetable approved"));
        assert!(
            text.contains("Untitled (desk/wire.txt, part 2 of 2)"),
            "{text}"
        );
        assert!(text.contains("Harbour Gazette"));
        assert!(text.contains("1,234 words"));
        assert!(text.contains("counting…"), "a2 has no count yet: {text}");
        let edit_buttons = root
            .query_selector_all("button.edit-button")
            .expect("query");
        assert_eq!(
            edit_buttons.length(),
            8,
            "title, outlet, date and section of two articles"
        );
        let toggles = root
            .query_selector_all("input.include-input")
            .expect("query");
        assert_eq!(toggles.length(), 2, "each article can be left out");
    }

    #[wasm_bindgen_test]
    async fn long_bundles_list_a_page_of_cards_and_show_more_on_request() {
        let bundle = Bundle {
            title: None,
            articles: (1..=PAGE + 5)
                .map(|i| article(&format!("a{i}"), Some(&format!("Story {i}")), 1))
                .collect(),
            notices: vec![],
        };
        let root = render(bundle).await;
        let count = |root: &web_sys::Element| {
            root.query_selector_all("li.article")
                .expect("query")
                .length() as usize
        };
        assert_eq!(count(&root), PAGE);
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains(&format!("{} articles", PAGE + 5)), "{text}");
        assert!(
            text.contains(&format!("Showing {PAGE} of {}", PAGE + 5)),
            "{text}"
        );
        let more: web_sys::HtmlElement = root
            .query_selector(".more button")
            .expect("query")
            .expect("a show-more button")
            .dyn_into()
            .expect("button");
        assert_eq!(more.text_content().as_deref(), Some("Show 5 more"));
        more.click();
        yew::scheduler::flush().await;
        assert_eq!(count(&root), PAGE + 5);
        assert!(root.query_selector(".more").expect("query").is_none());
    }

    #[wasm_bindgen_test]
    async fn an_empty_bundle_still_renders_its_section() {
        // Components never render nothing: yew 0.23 can panic when an
        // empty component sits next to a conditional (yewstack/yew#4092).
        let root = render(Bundle::default()).await;
        assert!(root.query_selector("section").expect("query").is_some());
    }
}
