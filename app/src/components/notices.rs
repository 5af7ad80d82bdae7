//! Per-file notices from ingestion: errors (nothing loaded from the file),
//! warnings (loaded with a caveat) and information.

use yew::prelude::*;

use crate::report::{Level, Notice};

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub notices: Vec<Notice>,
}

fn level_name(level: Level) -> (&'static str, &'static str) {
    match level {
        Level::Error => ("error", "Error"),
        Level::Warning => ("warning", "Warning"),
        Level::Info => ("info", "Note"),
    }
}

#[component]
pub fn Notices(props: &NoticesProps) -> Html {
    let errors = props
        .notices
        .iter()
        .filter(|n| n.level == Level::Error)
        .count();
    let heading = match errors {
        0 => "Messages about your files".to_string(),
        1 => "1 file could not be loaded".to_string(),
        n => format!("{n} files could not be loaded"),
    };
    html! {
        <section class="panel notices" aria-labelledby="notices-heading">
            <h2 id="notices-heading" class="panel-title">{ heading }</h2>
            <ul class="notice-list">
                { for props.notices.iter().map(|notice| {
                    let (class, label) = level_name(notice.level);
                    html! {
                        <li class={classes!("notice", format!("notice-{class}"))}>
                            <span class="notice-level">{ label }</span>
                            <span class="notice-file">{ &notice.file }</span>
                            <span class="notice-message">{ &notice.message }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
