//! The page header: product name, what it does, and the privacy promise.

use yew::prelude::*;

#[component]
pub fn Masthead() -> Html {
    html! {
        <header class="masthead">
            <div class="masthead-inner">
                <div class="brand">
                    <svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                        <rect x="3" y="6" width="17" height="20" rx="2" />
                        <rect x="12" y="6" width="17" height="20" rx="2" />
                    </svg>
                    <h1 class="product">{ "Parallax" }</h1>
                </div>
                <p class="tagline">
                    { "Compare how different outlets report the same event: who is named, who is quoted, and how." }
                </p>
                <p class="privacy">
                    <svg class="lock" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                        <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" />
                    </svg>
                    { "Everything runs in this browser tab. Nothing you load leaves your machine." }
                </p>
            </div>
        </header>
    }
}
