//! Presentational components: they render props and report user intent
//! through callbacks; state changes happen in [`super::state`].

pub mod articles;
pub mod compare;
pub mod corrections;
pub mod loader;
pub mod masthead;
pub mod notices;
pub mod status;
pub mod summary;

pub use articles::ArticleList;
pub use compare::Compare;
pub use corrections::Corrections;
pub use loader::Loader;
pub use masthead::Masthead;
pub use notices::Notices;
pub use status::{ErrorBanner, StatusLine};
pub use summary::Summary;

/// `12345` → `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 article`, `3 articles`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn numbers_read_well() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(1234567), "1,234,567");
        assert_eq!(super::plural(1, "article", "articles"), "1 article");
        assert_eq!(super::plural(2, "article", "articles"), "2 articles");
    }
}
