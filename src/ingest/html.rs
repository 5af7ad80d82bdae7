//! Saved web pages → article text, in Rust so the CLI and the app give the
//! same result. A WHATWG tokenizer (html5gum) walks the page; text inside
//! `script`, `style`, `nav`, `header`, `footer`, `aside`, forms, hidden
//! elements and share/cookie/newsletter blocks is dropped; when the page has
//! `<article>` elements only their text is kept (each one an article).
//! Block elements become line breaks, so the splitter and the metadata
//! reader see paragraphs as in a plain-text file. `<title>`, `<h1>` and the
//! usual meta tags (Open Graph, `author`, `article:published_time`,
//! canonical link) give metadata. Nothing in the page is ever executed.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Text and metadata of a saved page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// One text per `<article>` element, or the whole body's text.
    pub texts: Vec<String>,
    pub title: Option<String>,
    pub site: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
}

/// Elements whose content is never article text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "option", "svg", "iframe", "object", "embed", "canvas", "head", "menu",
    "dialog", "textarea", "audio", "video",
];
/// Elements that break lines.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figure",
    "figcaption",
    "hr",
    "address",
    "details",
    "summary",
    "body",
];
/// Class or id words that mark page furniture.
const FURNITURE: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "newsletter",
    "share",
    "sharing",
    "social",
    "related",
    "comments",
    "comment",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "promo",
    "subscribe",
    "subscription",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "menu",
    "paywall",
    "popup",
    "modal",
    "byline-share",
    "tags",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Extract the article text and metadata of an HTML page.
pub fn extract(html: &str) -> Page {
    let mut page = Page::default();
    let mut skip: Vec<String> = Vec::new();
    let mut article_depth = 0usize;
    let mut in_title = false;
    let mut in_h1 = false;
    let mut h1 = String::new();
    let mut title = String::new();
    let mut pre = 0usize;
    let mut body = String::new();
    let mut articles: Vec<String> = Vec::new();
    let mut seen_article = false;

    let mut emitter = DefaultEmitter::default();
    // Switch to raw-text states inside <script>, <style>, <textarea>, …
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attr = |k: &str| {
                    tag.attributes
                        .get(k.as_bytes())
                        .map(|v| String::from_utf8_lossy(v).trim().to_string())
                };
                if name == "meta" {
                    meta(
                        &mut page,
                        attr("property").or_else(|| attr("name")),
                        attr("content"),
                    );
                    continue;
                }
                if name == "link"
                    && attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    page.url = page.url.take().or_else(|| attr("href"));
                    continue;
                }
                if name == "title" && skip.iter().all(|s| s == "head") {
                    in_title = true;
                    continue;
                }
                if VOID.contains(&name.as_str()) || tag.self_closing {
                    if skip.is_empty() && (name == "br" || name == "hr") {
                        push_break(out(&mut body, &mut articles, article_depth), name == "hr");
                    }
                    continue;
                }
                let furniture = attr("hidden").is_some()
                    || attr("aria-hidden").is_some_and(|v| v == "true")
                    || attr("role").is_some_and(|r| {
                        ["navigation", "banner", "contentinfo", "complementary"]
                            .contains(&r.as_str())
                    })
                    || [attr("class"), attr("id")].iter().flatten().any(|v| {
                        v.to_ascii_lowercase()
                            .split(|c: char| !c.is_ascii_alphanumeric())
                            .any(|w| FURNITURE.contains(&w))
                    });
                if !skip.is_empty()
                    || SKIP.contains(&name.as_str())
                    || (furniture && name != "article" && name != "body" && name != "main")
                {
                    skip.push(name);
                    continue;
                }
                if name == "article" {
                    if article_depth == 0 {
                        articles.push(String::new());
                        seen_article = true;
                    }
                    article_depth += 1;
                }
                if name == "h1" {
                    in_h1 = true;
                }
                if name == "pre" {
                    pre += 1;
                }
                if BLOCK.contains(&name.as_str()) {
                    push_break(out(&mut body, &mut articles, article_depth), true);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if name == "title" {
                    in_title = false;
                }
                if let Some(pos) = skip.iter().rposition(|s| *s == name) {
                    skip.truncate(pos);
                    continue;
                }
                if !skip.is_empty() {
                    continue;
                }
                if name == "h1" {
                    in_h1 = false;
                }
                if name == "pre" {
                    pre = pre.saturating_sub(1);
                }
                if BLOCK.contains(&name.as_str()) {
                    push_break(out(&mut body, &mut articles, article_depth), true);
                }
                if name == "article" && article_depth > 0 {
                    article_depth -= 1;
                }
            }
            Token::String(s) => {
                let s = String::from_utf8_lossy(&s);
                if in_title {
                    title.push_str(&s);
                    continue;
                }
                if !skip.is_empty() {
                    continue;
                }
                if in_h1 {
                    h1.push_str(&s);
                    h1.push(' ');
                }
                push_text(out(&mut body, &mut articles, article_depth), &s, pre > 0);
            }
            _ => {}
        }
    }
    let clean = |s: &str| {
        let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
        (!t.is_empty()).then_some(t)
    };
    let texts: Vec<String> = if seen_article { articles } else { vec![body] };
    page.texts = texts
        .iter()
        .map(|t| tidy(t))
        .filter(|t| !t.trim().is_empty())
        .collect();
    let h1 = clean(&h1);
    let title = clean(&title).map(|t| strip_site_suffix(&t, page.site.as_deref()));
    page.title = page.title.take().or(h1).or(title);
    page
}

fn out<'a>(body: &'a mut String, articles: &'a mut [String], depth: usize) -> &'a mut String {
    match (depth, articles.last_mut()) {
        (d, Some(a)) if d > 0 => a,
        _ => body,
    }
}

fn push_break(buf: &mut String, paragraph: bool) {
    let nl = if paragraph { "\n\n" } else { "\n" };
    while buf.ends_with(' ') {
        buf.pop();
    }
    if !buf.is_empty() && !buf.ends_with(nl) {
        buf.push('\n');
        if paragraph && !buf.ends_with("\n\n") {
            buf.push('\n');
        }
    }
}

fn push_text(buf: &mut String, s: &str, pre: bool) {
    if pre {
        buf.push_str(s);
        return;
    }
    for (i, word) in s.split_whitespace().enumerate() {
        let at_line_start = buf.is_empty() || buf.ends_with('\n');
        let glue = i == 0 && !s.starts_with(char::is_whitespace);
        if !at_line_start && !buf.ends_with(' ') && !glue {
            buf.push(' ');
        }
        buf.push_str(word);
    }
    if s.ends_with(char::is_whitespace) && !buf.is_empty() && !buf.ends_with(['\n', ' ']) {
        buf.push(' ');
    }
}

/// Trim each line, collapse runs of blank lines to one.
fn tidy(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut blank = 0;
    for line in t.lines().map(str::trim) {
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

fn meta(page: &mut Page, key: Option<String>, content: Option<String>) {
    let (Some(key), Some(content)) = (key, content) else {
        return;
    };
    let content = content.split_whitespace().collect::<Vec<_>>().join(" ");
    if content.is_empty() {
        return;
    }
    let slot = match key.to_ascii_lowercase().as_str() {
        "og:title" | "twitter:title" => &mut page.title,
        "og:site_name" | "application-name" | "publisher" => &mut page.site,
        "author" | "article:author" | "byl" | "dc.creator" => &mut page.author,
        "article:published_time"
        | "date"
        | "pubdate"
        | "dc.date"
        | "publish-date"
        | "parsely-pub-date" => &mut page.date,
        "og:url" => &mut page.url,
        _ => return,
    };
    if slot.is_none() && !content.starts_with("http") || key == "og:url" && slot.is_none() {
        *slot = Some(content);
    }
}

/// "Headline | Site" → "Headline" when the suffix is the site name.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " — ", " – "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if site.is_some_and(|s| s.eq_ignore_ascii_case(tail.trim())) {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_text_without_page_furniture() {
        let html = r#"<!doctype html><html><head><title>Talks Begin | Daily Example</title>
            <meta property="og:site_name" content="Daily Example">
            <meta name="author" content="Jane Doe">
            <meta property="article:published_time" content="2025-02-13T10:00:00Z">
            <script>alert("x")</script><style>p{}</style></head>
            <body><nav>Home News Sport</nav><header>Site header</header>
            <h1>Talks Begin</h1>
            <p>The minister said &ldquo;talks&rdquo; would <b>start</b> soon.</p>
            <div class="share-tools">Share on X</div>
            <p>Second<br>line.</p>
            <aside>Related stories</aside><footer>© Example</footer>
            <img src=x onerror="alert(1)"><a href="javascript:alert(2)">link text</a>
            </body></html>"#;
        let p = extract(html);
        assert_eq!(p.texts.len(), 1);
        assert_eq!(p.texts[0], "Talks Begin\n\nThe minister said “talks” would start soon.\n\nSecond\nline.\n\nlink text");
        assert_eq!(p.title.as_deref(), Some("Talks Begin"));
        assert_eq!(p.site.as_deref(), Some("Daily Example"));
        assert_eq!(p.author.as_deref(), Some("Jane Doe"));
        assert_eq!(p.date.as_deref(), Some("2025-02-13T10:00:00Z"));
    }

    #[test]
    fn each_article_element_is_one_text() {
        let html = "<body><div>menu words</div><article><h2>One</h2><p>First story.</p></article><article><p>Second story.</p></article></body>";
        let p = extract(html);
        assert_eq!(p.texts, ["One\n\nFirst story.", "Second story."]);
    }

    #[test]
    fn broken_html_still_gives_text() {
        let p = extract("<p>Unclosed <b>bold <i>text</p><p>next<script>never closed");
        assert_eq!(p.texts, ["Unclosed bold text\n\nnext"]);
    }
}
