//! Word tokens of an article for the comparison tables: lower-cased word
//! and number tokens of the analysed text (boilerplate excluded), each with
//! its byte span so every table cell can point back at the words.

use crate::analysis::sentences;
use crate::analysis::tokenize::Kind;
use crate::report::Article;
use std::collections::HashSet;
use std::sync::OnceLock;

/// One word of an article: normalised form and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub norm: String,
    pub start: usize,
    pub end: usize,
}

/// The words of an article, in order.
pub fn words(article: &Article) -> Vec<Word> {
    let seg = sentences::segment(&article.text, &article.boilerplate);
    seg.tokens
        .iter()
        .filter(|t| matches!(t.kind, Kind::Word | Kind::Number | Kind::Clitic))
        .map(|t| Word {
            norm: normalise(t.text(&article.text)),
            start: t.start,
            end: t.end,
        })
        .filter(|w| !w.norm.is_empty())
        .collect()
}

/// Lower case, curly apostrophes straightened, trailing periods of
/// abbreviations kept (`u.s.`), surrounding punctuation dropped.
pub fn normalise(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '.')
        .trim_start_matches('.')
        .to_lowercase()
        .replace('’', "'")
}

/// Function words (`assets/lexicon/stopwords.txt`).
pub fn is_stopword(norm: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../../assets/lexicon/stopwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
    .contains(norm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_skip_boilerplate_and_keep_spans() {
        let text = "The Mayor’s plan won. LEAVE A REPLY";
        let a = Article {
            text: text.into(),
            boilerplate: vec![[22, text.len()]],
            ..Default::default()
        };
        let w = words(&a);
        let norms: Vec<&str> = w.iter().map(|w| w.norm.as_str()).collect();
        assert_eq!(norms, ["the", "mayor", "'s", "plan", "won"]);
        assert_eq!(&text[w[1].start..w[1].end], "Mayor");
        assert!(is_stopword("the") && !is_stopword("mayor"));
    }
}
