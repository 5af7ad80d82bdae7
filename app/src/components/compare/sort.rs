//! Sortable tables: one sort state per table, the column headers that
//! change it (a real button in each `<th>`, with `aria-sort` on the sorted
//! one) and the sorting itself. Sorting comes before paging, and changing
//! the sort goes back to the first page.

use std::cmp::Ordering;

use yew::prelude::*;

use super::PAGE;

/// Which column a table is sorted by, and which way. The key `""` keeps
/// the table's own order (how the analysis ranked the rows).
#[derive(Clone, PartialEq)]
pub struct Sort {
    state: UseStateHandle<(&'static str, bool)>,
    shown: UseStateHandle<usize>,
}

/// A sort state starting at column `key` (`""`: the table's own order),
/// high to low when `descending`. Changing it shows the first page of
/// `shown` again.
#[hook]
pub fn use_sort(key: &'static str, descending: bool, shown: &UseStateHandle<usize>) -> Sort {
    let state = use_state_eq(move || (key, descending));
    Sort {
        state,
        shown: shown.clone(),
    }
}

impl Sort {
    /// The column sorted by (`""`: the table's own order).
    pub fn key(&self) -> &'static str {
        self.state.0
    }

    /// Sort `rows` by the current column. `ascending(a, b, key)` orders two
    /// rows low to high by column `key`; ties keep the table's own order.
    pub fn apply<T>(&self, rows: &mut [T], ascending: impl Fn(&T, &T, &str) -> Ordering) {
        let (key, descending) = *self.state;
        if key.is_empty() {
            return;
        }
        crate::sort::by(rows, |a, b| {
            let order = ascending(a, b, key);
            if descending {
                order.reverse()
            } else {
                order
            }
        });
    }

    /// Sort by `key`: first way `descending_first`, again: the other way.
    fn on_click(&self, key: &'static str, descending_first: bool) -> Callback<MouseEvent> {
        let sort = self.clone();
        Callback::from(move |_: MouseEvent| {
            let (current, descending) = *sort.state;
            let next = if current == key {
                !descending
            } else {
                descending_first
            };
            sort.state.set((key, next));
            sort.shown.set(PAGE);
        })
    }

    /// `Some(descending)` when sorted by `key`.
    fn direction(&self, key: &str) -> Option<bool> {
        let (current, descending) = *self.state;
        (current == key).then_some(descending)
    }

    /// A column header sorting by `key` (numbers start high to low,
    /// names A to Z: `descending_first`).
    pub fn header(
        &self,
        label: &str,
        key: &'static str,
        descending_first: bool,
        class: &'static str,
    ) -> Html {
        let direction = self.direction(key);
        let aria = direction.map(|d| if d { "descending" } else { "ascending" });
        html! {
            <th scope="col" class={classes!(class, direction.is_some().then_some("sorted"))} aria-sort={aria}>
                <button type="button" class="sort" data-sort={key} onclick={self.on_click(key, descending_first)}>
                    { label }{ arrow(direction) }
                </button>
            </th>
        }
    }

    /// A "sort by" button for lists that are not tables (pressed when
    /// sorted by `key`; the arrow and label say which way).
    pub fn button(&self, label: &str, key: &'static str, descending_first: bool) -> Html {
        let direction = self.direction(key);
        let way = match direction {
            Some(true) => ", high to low",
            Some(false) => ", low to high",
            None => "",
        };
        html! {
            <button type="button" class={classes!("chip", "sort-chip", direction.is_some().then_some("pressed"))}
                    data-sort={key} aria-pressed={direction.is_some().to_string()}
                    aria-label={format!("Sort by {}{way}", label.to_lowercase())}
                    onclick={self.on_click(key, descending_first)}>
                { label }{ arrow(direction) }
            </button>
        }
    }
}

fn arrow(direction: Option<bool>) -> Html {
    match direction {
        None => html! {},
        Some(d) => {
            html! { <span class="sort-arrow" aria-hidden="true">{ if d { " ↓" } else { " ↑" } }</span> }
        }
    }
}

/// Case-insensitive order of two names.
pub fn by_name(a: &str, b: &str) -> Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
}
