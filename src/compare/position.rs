//! Where things stand in an article: its title lines, its lead, and the
//! relative position of an offset. Several tables rank what they list by
//! prominence, and in news prominence is mostly position: the headline, the
//! lead paragraph, then the inverted pyramid.
//!
//! - **Title**: the span the metadata says is the title (when it is a span
//!   of the text) and every line repeating the title.
//! - **Lead**: the first paragraph of the body with at least
//!   [`MIN_LEAD_WORDS`] words (kickers, `KEY POINTS` headings, bylines and
//!   date lines are skipped), cut after [`MAX_LEAD_WORDS`] words so one huge
//!   paragraph does not count as a lead.

use super::words::Word;
use crate::report::Article;

/// Fewest words for a line to be the lead.
pub const MIN_LEAD_WORDS: usize = 8;
/// Most words of a paragraph that count as the lead.
pub const MAX_LEAD_WORDS: usize = 60;

/// The title and lead spans of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Length of the text in bytes.
    pub len: usize,
    pub title: Vec<[usize; 2]>,
    pub lead: Option<[usize; 2]>,
}

impl Layout {
    /// Where `offset` stands, from 0 (start) to 1 (end), three decimals.
    pub fn position(&self, offset: usize) -> f64 {
        if self.len == 0 {
            return 0.0;
        }
        round3(offset.min(self.len) as f64 / self.len as f64)
    }

    pub fn in_title(&self, start: usize) -> bool {
        self.title.iter().any(|&[s, e]| s <= start && start < e)
    }

    pub fn in_lead(&self, start: usize) -> bool {
        self.lead.is_some_and(|[s, e]| s <= start && start < e)
    }
}

/// Round to three decimals (for tidy JSON).
pub fn round3(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `squash(line) == squashed`, without building the squashed line: most
/// lines differ from the title within a word or two, and squashing whole
/// paragraphs was most of the layout's time. Lower-casing a string is
/// lower-casing each character but for `Σ` (final sigma), left to
/// [`squash`].
fn squashes_to(line: &str, squashed: &str) -> bool {
    if line.contains('Σ') {
        return squash(line) == squashed;
    }
    line.split_whitespace()
        .enumerate()
        .flat_map(|(k, word)| {
            let space = (k > 0).then_some(' ');
            space
                .into_iter()
                .chain(word.chars().flat_map(char::to_lowercase))
        })
        .eq(squashed.chars())
}

/// The layout of an article; `words` are its [`super::words::words`].
pub fn layout(article: &Article, words: &[Word]) -> Layout {
    let text = &article.text;
    let mut out = Layout {
        len: text.len(),
        ..Layout::default()
    };
    let stated: Vec<(&str, [usize; 2])> = article
        .provenance
        .iter()
        .filter(|(_, p)| p.from == "text")
        .filter_map(|(k, p)| Some((k.as_str(), p.span?)))
        .collect();
    if let Some((_, span)) = stated.iter().find(|(k, _)| *k == "title") {
        out.title.push(*span);
    }
    let title = article.title.as_deref().map(squash).unwrap_or_default();
    // A line can only repeat the title if it starts with the title's first
    // letter (lower-cased): checked before squashing, which allocates.
    let title_first = title.chars().next();
    let may_be_title = |line: &str| {
        line.trim_start()
            .chars()
            .next()
            .and_then(|c| c.to_lowercase().next())
            == title_first
    };
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let (start, end) = (pos, pos + line.trim_end().len());
        pos += line.len();
        if start >= end {
            continue;
        }
        if !title.is_empty() && may_be_title(line) && squashes_to(line, &title) {
            if !out.title.iter().any(|t| t[0] <= start && start < t[1]) {
                out.title.push([start, end]);
            }
            continue;
        }
        if out.lead.is_some() || out.title.iter().any(|t| t[0] <= start && start < t[1]) {
            continue;
        }
        // Words of the line that no metadata span covers.
        let body: Vec<&Word> = words
            .iter()
            .skip(words.partition_point(|w| w.start < start))
            .take_while(|w| w.start < end)
            .filter(|w| {
                !stated
                    .iter()
                    .any(|(_, s)| s[0] <= w.start && w.start < s[1])
            })
            .collect();
        if body.len() >= MIN_LEAD_WORDS {
            let last = body[body.len().min(MAX_LEAD_WORDS) - 1];
            out.lead = Some([body[0].start, last.end]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::words::words;
    use crate::report::Provenance;

    #[test]
    fn squashes_to_is_squashing_and_comparing() {
        let chars: Vec<char> = "aA b\t\n\x0bÉé Σς İ’".chars().collect();
        let mut rng = crate::testing::Lcg::new(9);
        let mut next = |n: usize| rng.below(n as u64) as usize;
        let mut lines: Vec<String> = (0..500)
            .map(|_| {
                let len = next(9);
                (0..len).map(|_| chars[next(chars.len())]).collect()
            })
            .collect();
        lines.extend(["Harbour Plan", " harbour  PLAN ", "Harbour Planned", ""].map(String::from));
        let mut equal = 0;
        for title in &lines {
            let title = squash(title);
            for line in &lines {
                let expected = squash(line) == title;
                assert_eq!(squashes_to(line, &title), expected, "{line:?} {title:?}");
                equal += usize::from(expected);
            }
        }
        assert!(equal > 2 * lines.len(), "{equal}");
    }

    #[test]
    fn title_lines_and_the_first_real_paragraph_are_found() {
        let text = "Harbour Plan Approved\n\nKEY POINTS\nHarbour Plan Approved\ndate 2025-01-02 The council approved the harbour plan on Monday after a long debate.\nMore text follows here.";
        let mut a = Article {
            title: Some("Harbour Plan Approved".into()),
            text: text.into(),
            ..Default::default()
        };
        a.provenance.insert(
            "title".into(),
            Provenance {
                from: "text".into(),
                span: Some([0, 21]),
                rule: "first line".into(),
            },
        );
        let date_at = text.find("date").unwrap();
        a.provenance.insert(
            "date".into(),
            Provenance {
                from: "text".into(),
                span: Some([date_at, date_at + 15]),
                rule: "date line".into(),
            },
        );
        let w = words(&a);
        let l = layout(&a, &w);
        assert_eq!(l.title.len(), 2, "{l:?}");
        assert!(l.in_title(0) && l.in_title(text.find("\nHarbour").unwrap() + 1));
        let lead = l.lead.unwrap();
        assert_eq!(
            &text[lead[0]..lead[1]],
            "The council approved the harbour plan on Monday after a long debate"
        );
        assert!(!l.in_lead(text.find("More").unwrap()));
        assert_eq!(l.position(text.len()), 1.0);
        assert_eq!(layout(&Article::default(), &[]).position(0), 0.0);
    }
}
