//! What kind of quotation a quoted span is: `direct` (whole sentences in
//! quotation marks), `partial` (a quoted fragment inside reported speech),
//! `indirect` (reported speech without marks; made by the attribution
//! stage), or `scare` (scare quotes, titles, nicknames, quoted headlines
//! and kickers — not speech, so no speaker).
//!
//! A span is a scare quote when words before it say so ("so-called",
//! "dubbed"), when it is a short Title-Case or ALL-CAPS span ('ILLUSIONARY
//! GOAL', “Saturday Night Live”), or when it is a short fragment that no
//! cue attributes. Attributed spans are direct when adjacent to their cue
//! or covering the whole reported clause, partial otherwise.

use super::attribute::Attr;
use super::doc::Doc;
use super::lexicon::Frame;
use super::sieves::{Assigned, Sieve};
use crate::analysis::tokenize::Kind as TokKind;

/// The four kinds of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    Direct,
    Partial,
    Indirect,
    Scare,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Scare => "scare",
        }
    }
}

/// Small words a title keeps in lowercase ("Lord of the Rings").
const TITLE_SMALL: [&str; 14] = [
    "of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by", "or", "with", "from",
];

/// Kind of top-level quote `qi` given its attribution.
pub fn classify(doc: &Doc, qi: usize, assigned: Assigned, attr: Option<&Attr>) -> QuoteKind {
    let Some(q) = doc.quotes.get(qi) else {
        return QuoteKind::Scare;
    };
    let content = doc.token_range(q.start, q.end).unwrap_or(0..0);
    let words: Vec<usize> = content
        .clone()
        .filter(|&k| matches!(doc.kind(k), Some(TokKind::Word | TokKind::Number)))
        .collect();
    let n = words.len();
    if n == 0 {
        return QuoteKind::Scare;
    }
    let has_terminal = content
        .clone()
        .any(|k| doc.kind(k) == Some(TokKind::Terminal) && k + 1 < content.end);
    let letters = |k: usize| doc.raw(k).chars().any(char::is_alphabetic);
    let all_caps = n <= 8
        && words.iter().filter(|&&k| letters(k)).count() >= 1
        && words.iter().filter(|&&k| letters(k)).all(|&k| {
            doc.raw(k)
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        })
        && words
            .iter()
            .any(|&k| doc.raw(k).chars().filter(|c| c.is_alphabetic()).count() >= 2);
    let title_case = (2..=6).contains(&n)
        && !has_terminal
        && words.iter().enumerate().all(|(i, &k)| {
            doc.capitalised(k) || !letters(k) || (i > 0 && TITLE_SMALL.contains(&doc.word(k)))
        })
        && doc.capitalised(words[0]);
    let marked = scare_marker(doc, q.open[0]);
    let short = n <= 4 && !has_terminal;
    let sentence_like = doc.capitalised(words[0]) && (n >= 5 || has_terminal);
    match assigned.sieve {
        Sieve::AdjacentAfter | Sieve::AdjacentBefore => {
            if (marked || all_caps) && short {
                QuoteKind::Scare
            } else {
                QuoteKind::Direct
            }
        }
        Sieve::Continuation => {
            if (marked || title_case || all_caps) && short {
                QuoteKind::Scare
            } else {
                QuoteKind::Direct
            }
        }
        Sieve::AdjacentThat | Sieve::Clause | Sieve::Sentence => {
            if marked || title_case || all_caps {
                return QuoteKind::Scare;
            }
            let covers = attr.is_some_and(|a| {
                let content_len = a.after.len().max(1);
                a.after.start + 1 >= content.start.saturating_sub(1)
                    && content.len() * 10 >= content_len * 8
            });
            let according = attr.is_some_and(|a| a.frame == Frame::According);
            if (covers && n >= 4 && assigned.sieve != Sieve::Sentence)
                || (assigned.sieve == Sieve::Sentence && sentence_like && whole_sentence(doc, qi))
                || (according && sentence_like)
            {
                QuoteKind::Direct
            } else {
                QuoteKind::Partial
            }
        }
        Sieve::Indirect => QuoteKind::Indirect,
        Sieve::None => {
            if marked || title_case || all_caps || short {
                QuoteKind::Scare
            } else if sentence_like {
                QuoteKind::Direct
            } else {
                QuoteKind::Partial
            }
        }
    }
}

/// Words right before the opening mark that make a quote a name or title.
fn scare_marker(doc: &Doc, open: usize) -> bool {
    let k = doc.tokens.partition_point(|t| t.end <= open);
    for len in 1..=2usize {
        let Some(a) = k.checked_sub(len) else {
            break;
        };
        let words = (a..k).map(|t| doc.word(t));
        if matches!(doc.lex.cues.longest_in(words), Some((l, Frame::Scare)) if l == len) {
            return true;
        }
    }
    false
}

/// Whether quote `qi` spans its whole sentence (a sentence of its own).
fn whole_sentence(doc: &Doc, qi: usize) -> bool {
    let qt = doc.quote_tokens(qi);
    let Some(&s) = doc.sent_of.get(qt.start) else {
        return false;
    };
    let r = doc.sentence(s);
    (r.start..qt.start).all(|k| !doc.is_word(k))
}

#[cfg(test)]
mod tests {
    use super::super::{find, Found};
    use super::*;

    fn kinds(t: &str) -> Vec<(String, QuoteKind)> {
        find(t, &[], &[])
            .into_iter()
            .filter(|f: &Found| f.outer.is_some())
            .map(|f| (t[f.start..f.end].to_string(), f.kind))
            .collect()
    }

    #[test]
    fn scare_quotes_titles_and_kickers() {
        let got =
            kinds("Critics mocked the so-called “peace plan” on the show “Morning Desk Live”.");
        assert!(got.iter().all(|(_, k)| *k == QuoteKind::Scare), "{got:?}");
        let got = kinds("'NO WAY BACK'\n\nThe article continued.");
        assert_eq!(got, [("NO WAY BACK".to_string(), QuoteKind::Scare)]);
        let got = kinds("He warned of “fatigue” among voters.");
        assert_eq!(got[0].1, QuoteKind::Partial);
    }

    #[test]
    fn direct_and_partial() {
        let got = kinds("“We are ready to sign the treaty,” Lena Park said.");
        assert_eq!(got[0].1, QuoteKind::Direct);
        let got = kinds("Lena Park said the treaty was “ready to sign” after the talks.");
        assert_eq!(got[0].1, QuoteKind::Partial);
        let got = kinds("Lena Park said that “the treaty is ready and we will sign it.”");
        assert_eq!(got[0].1, QuoteKind::Direct);
        assert_eq!(QuoteKind::Indirect.as_str(), "indirect");
    }
}
