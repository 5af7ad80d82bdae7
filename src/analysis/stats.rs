//! Word, sentence and paragraph counts over the analysed text of an article
//! (boilerplate ranges excluded). Voice-share and keyness tables divide by
//! these, so they count what a reader would count: a word is a run of
//! non-space characters holding a letter or digit; a paragraph is a block of
//! text between line breaks; sentences are those of the sentence splitter
//! ([`super::sentences`]), so counts and analysis agree.

use crate::report::ArticleStats;

/// Count words, sentences and paragraphs in `text` outside `boilerplate`.
pub fn count(text: &str, boilerplate: &[[usize; 2]]) -> ArticleStats {
    let mut stats = count_words(text, boilerplate);
    stats.sentences = super::sentences::segment(text, boilerplate).sentences.len();
    stats
}

/// [`count`] without the sentences (left 0), for callers that have
/// segmented the text already.
pub fn count_words(text: &str, boilerplate: &[[usize; 2]]) -> ArticleStats {
    let mut stats = ArticleStats::default();
    for segment in analysed_segments(text, boilerplate) {
        for para in segment.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
            stats.paragraphs += 1;
            stats.words += para
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
        }
    }
    stats
}

/// The slices of `text` not covered by `boilerplate` (sorted, in range).
pub fn analysed_segments<'a>(text: &'a str, boilerplate: &[[usize; 2]]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut pos = 0;
    for &[s, e] in boilerplate {
        if s > pos && s <= text.len() {
            out.extend(text.get(pos..s));
        }
        pos = pos.max(e.min(text.len()));
    }
    out.extend(text.get(pos..));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_sentences_paragraphs() {
        let t = "Mr. Smith met U.S. officials. They talked.\n\nThen he left!";
        let s = count(t, &[]);
        assert_eq!(s.words, 10);
        assert_eq!(s.sentences, 3);
        assert_eq!(s.paragraphs, 2);
    }

    #[test]
    fn boilerplate_is_not_counted() {
        let t = "One two three.\nLEAVE A REPLY";
        let s = count(t, &[[15, t.len()]]);
        assert_eq!((s.words, s.paragraphs), (3, 1));
    }
}
