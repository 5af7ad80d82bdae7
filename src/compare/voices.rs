//! Voice share: who each article lets speak, and how much.
//!
//! Per article, one row per speaker (an entity, or one row for quotes with
//! no known speaker): the number of quotes, the words quoted, the count of
//! direct, partial and indirect quotes, and the speaker's share of the
//! article's quoted words. Scare quotes are not speech and are left out.
//! Rows are sorted by words, most first.

use super::position::round3;
use super::quotes::UNKNOWN_SPEAKER;
use super::words::{Starts, Word};
use super::SpanRef;
use crate::report::{Article, Entity};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

/// The speakers of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoiceShare {
    pub article: String,
    /// Quotes and quoted words in the article (scare quotes left out).
    pub quotes: usize,
    pub words: usize,
    pub voices: Vec<Voice>,
}

/// One speaker in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Voice {
    /// `entities[].id`; `null` for the unknown-speaker row.
    pub speaker: Option<String>,
    /// The entity's name, or [`UNKNOWN_SPEAKER`].
    pub name: String,
    pub quotes: usize,
    pub words: usize,
    pub direct: usize,
    pub partial: usize,
    pub indirect: usize,
    /// Share of the article's quoted words, 0 … 1.
    pub share: f64,
    /// Each quote's span.
    pub spans: Vec<SpanRef>,
}

/// Voice share per article, in article order.
pub fn voices(articles: &[&Article], words: &[Vec<Word>], entities: &[Entity]) -> Vec<VoiceShare> {
    let names: HashMap<&str, &str> = entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    articles
        .iter()
        .zip(words)
        .map(|(a, ws)| {
            let starts = Starts::new(ws);
            let mut rows: Vec<Voice> = Vec::new();
            for q in &a.quotes {
                if q.kind == "scare" || a.text.get(q.start..q.end).is_none() {
                    continue;
                }
                let n = starts.within(q.start, q.end).len();
                let i = match rows.iter().position(|v| v.speaker == q.speaker) {
                    Some(i) => i,
                    None => {
                        let name = q
                            .speaker
                            .as_deref()
                            .map(|s| names.get(s).copied().unwrap_or(s))
                            .unwrap_or(UNKNOWN_SPEAKER);
                        rows.push(Voice {
                            speaker: q.speaker.clone(),
                            name: name.to_string(),
                            quotes: 0,
                            words: 0,
                            direct: 0,
                            partial: 0,
                            indirect: 0,
                            share: 0.0,
                            spans: Vec::new(),
                        });
                        rows.len() - 1
                    }
                };
                let v = &mut rows[i];
                v.quotes += 1;
                v.words += n;
                match q.kind.as_str() {
                    "direct" => v.direct += 1,
                    "partial" => v.partial += 1,
                    _ => v.indirect += 1,
                }
                v.spans.push(SpanRef {
                    article: a.id.clone(),
                    start: q.start,
                    end: q.end,
                });
            }
            let words: usize = rows.iter().map(|v| v.words).sum();
            for v in &mut rows {
                v.share = if words > 0 {
                    round3(v.words as f64 / words as f64)
                } else {
                    0.0
                };
            }
            crate::sort::by(&mut rows, |x, y| {
                y.words.cmp(&x.words).then(y.quotes.cmp(&x.quotes))
            });
            VoiceShare {
                article: a.id.clone(),
                quotes: rows.iter().map(|v| v.quotes).sum(),
                words,
                voices: rows,
            }
        })
        .collect()
}
