//! Quotations and who said them.
//!
//! Two stages, kept apart as the attribution literature advises: first
//! every quote gets a speaker *mention* (a span of the article), then
//! [`link_speakers`] maps that mention to an entity once the bundle's
//! entities exist. The core takes plain inputs — text, boilerplate ranges
//! and NER mentions — so it is tested without the rest of the pipeline.
//!
//! Pipeline (one module each):
//! - [`marks`]: quotation-mark pairing (every mark style, nesting,
//!   multi-paragraph quotes, glued agency quotes, apostrophes);
//! - [`doc`]: tokens, sentences, paragraphs and mentions with lookups;
//!   [`names`]: capitalised names when there is no NER, and gender;
//! - [`lexicon`]: the data lexicons (`assets/lexicon/cues.tsv`,
//!   `speakers.tsv`, `first_names_gender.tsv`);
//! - [`cues`]: cue phrases in running text;
//! - [`speaker`]: speaker phrases next to cues;
//! - [`attribute`]: cue + speaker + `via` + content span;
//! - [`sieves`]: which attribution each quote belongs to;
//! - [`kind`]: direct / partial / indirect / scare;
//! - [`antecedent`]: pronoun and nominal speakers → earlier mentions.
//!
//! Offsets are UTF-8 byte offsets into the article text, end-exclusive, on
//! char boundaries (see `report.rs`). A quote's span is its content without
//! the marks. A speaker's report span is the mention that names it: for a
//! pronoun or a nominal ("he", "the ministry"), the antecedent mention when
//! one was found, else the phrase itself.

pub mod antecedent;
pub mod attribute;
pub mod cues;
pub mod doc;
pub mod kind;
pub mod lexicon;
pub mod marks;
pub mod names;
pub mod sieves;
pub mod speaker;

use crate::analysis::sentences::{self, Segmented};
use crate::report::{Article, Mention, Quote};
pub use kind::QuoteKind;
pub use sieves::Sieve;
use speaker::Head;

/// A quotation with everything the finder knows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Content span (without quotation marks).
    pub start: usize,
    pub end: usize,
    /// Span including the marks, for quotes in marks.
    pub outer: Option<[usize; 2]>,
    pub kind: QuoteKind,
    /// The speaker as written near the cue: "Pete Hegseth", "he", "the
    /// ministry" (its head mention or phrase).
    pub speaker: Option<[usize; 2]>,
    /// The whole speaker phrase ("U.S. Defense Secretary Pete Hegseth").
    pub speaker_phrase: Option<[usize; 2]>,
    /// The mention naming the speaker: the speaker itself when it is a
    /// mention, the antecedent of a pronoun or nominal when resolved.
    pub antecedent: Option<[usize; 2]>,
    pub cue: Option<[usize; 2]>,
    /// Outlet, platform or person the words came through.
    pub via: Option<String>,
    /// For a partial quote: the reported clause that holds it.
    pub clause: Option<[usize; 2]>,
    pub sieve: Sieve,
}

/// Find the quotes of one article. `mentions` are its NER mentions (empty
/// before NER runs: capitalised names then stand in as speakers).
pub fn find(text: &str, boilerplate: &[[usize; 2]], mentions: &[Mention]) -> Vec<Found> {
    find_in(
        text,
        boilerplate,
        &sentences::segment(text, boilerplate),
        mentions,
    )
}

/// [`find`] on the text's segmentation (`sentences::segment(text,
/// boilerplate)`, already made).
pub fn find_in(
    text: &str,
    boilerplate: &[[usize; 2]],
    seg: &Segmented,
    mentions: &[Mention],
) -> Vec<Found> {
    let d = doc::Doc::from_segmented(text, boilerplate, seg, mentions);
    let mut sal = antecedent::Salience::subjects(&d);
    let attrs = attribute::build(&d, &sal);
    let assigned = sieves::assign(&d, &attrs);
    let via_text = |a: &attribute::Attr| {
        a.via.as_ref().and_then(|v| {
            let s = d.span(v);
            text.get(s[0]..s[1]).map(|x| {
                let x = x.trim_start_matches("the ");
                // "X." closing a sentence is one token.
                let short = x.len() <= 3 && x.ends_with('.') && !x[..x.len() - 1].contains('.');
                if short { x.trim_end_matches('.') } else { x }.to_string()
            })
        })
    };
    // (found, speaker phrase) pairs, resolved in text order below.
    // (At most two pieces of content per attribution, and the quotes.)
    let mut out: Vec<(Found, Option<speaker::Np>)> =
        Vec::with_capacity(2 * attrs.len() + d.quotes.len());
    let mut clause_of: Vec<Option<[usize; 2]>> = vec![None; d.quotes.len()];
    // Attributions whose quote sits right before them ("“Q,” X said of Y")
    // report that quote, not what follows the cue.
    let mut adjacent_after = vec![false; attrs.len()];
    for x in &assigned {
        if let (Some(ai), Sieve::AdjacentAfter) = (x.attr, x.sieve) {
            if let Some(f) = adjacent_after.get_mut(ai) {
                *f = true;
            }
        }
    }
    for (ai, a) in attrs.iter().enumerate() {
        if a.via_only || a.frame == lexicon::Frame::By {
            continue;
        }
        let mut pieces = vec![a.before.clone(), a.after.clone()];
        if adjacent_after[ai] && !a.that {
            pieces[1] = 0..0;
        }
        // An aside ("Kyiv, he said, could not win"): one span around it.
        if !pieces[0].is_empty() && !pieces[1].is_empty() && pieces[0].end < pieces[1].start {
            let whole = pieces[0].start..pieces[1].end;
            pieces = Vec::from([whole]);
        }
        for piece in pieces {
            if piece.is_empty() {
                continue;
            }
            let words = piece
                .clone()
                .filter(|&k| d.is_word(k) && !d.in_quote(k))
                .count();
            let quoted: Vec<usize> = piece
                .clone()
                .filter_map(|k| d.quote_of.get(k).copied().flatten())
                .collect();
            let span = d.span(&piece);
            if !quoted.is_empty() {
                // The innermost reported clause holding each quote.
                for &q in &quoted {
                    let shorter = clause_of[q].is_none_or(|c| c[1] - c[0] > span[1] - span[0]);
                    if shorter {
                        clause_of[q] = Some(span);
                    }
                }
                continue;
            }
            if words < 2 || a.speaker.is_none() {
                continue;
            }
            out.push((
                Found {
                    start: span[0],
                    end: span[1],
                    outer: None,
                    kind: QuoteKind::Indirect,
                    speaker: None,
                    speaker_phrase: None,
                    antecedent: None,
                    cue: Some(d.span(&a.cue)),
                    via: via_text(a),
                    clause: None,
                    sieve: Sieve::Indirect,
                },
                a.speaker.clone(),
            ));
        }
    }
    for (qi, q) in d.quotes.iter().enumerate() {
        let asg = assigned.get(qi).copied().unwrap_or(sieves::Assigned {
            attr: None,
            sieve: Sieve::None,
        });
        let attr = asg.attr.and_then(|ai| attrs.get(ai));
        let kind = kind::classify(&d, qi, asg, attr);
        let outer = [q.open[0], q.close.map_or(q.end, |c| c[1])];
        let (np, cue, via) = match (kind, attr) {
            (QuoteKind::Scare, _) | (_, None) => (None, None, None),
            (_, Some(a)) => (a.speaker.clone(), Some(d.span(&a.cue)), via_text(a)),
        };
        // Trim whitespace inside the marks.
        let content = &text[q.start..q.end];
        let lead = content.len() - content.trim_start().len();
        let trail = content.len() - content.trim_end().len();
        if q.start + lead >= q.end.saturating_sub(trail) {
            continue;
        }
        out.push((
            Found {
                start: q.start + lead,
                end: q.end - trail,
                outer: Some(outer),
                kind,
                speaker: None,
                speaker_phrase: None,
                antecedent: None,
                cue,
                via,
                clause: if kind == QuoteKind::Partial {
                    clause_of[qi]
                } else {
                    None
                },
                sieve: if kind == QuoteKind::Scare {
                    Sieve::None
                } else {
                    asg.sieve
                },
            },
            np,
        ));
    }
    crate::sort::by_key(&mut out, |(f, _)| (f.start, f.end));
    // Resolve speakers in text order; named speakers become salient.
    let mut last_speaker: Option<usize> = None;
    let mut result = Vec::with_capacity(out.len());
    for (mut f, np) in out {
        if let Some(np) = np {
            f.speaker = Some(d.span(&np.head_tok));
            f.speaker_phrase = Some(d.span(&np.tok));
            if let Some(mi) = antecedent::resolve(&d, &np, &sal, last_speaker) {
                if let Some(m) = d.mentions.get(mi) {
                    f.antecedent = Some([m.start, m.end]);
                    // A named speaker becomes salient for later pronouns,
                    // unless only a possessor ("Zelensky's claim that …").
                    let possessor = matches!(d.word(np.tok.end), "'s" | "s'");
                    if matches!(np.head, Head::Mention(_)) && !possessor {
                        sal.add(m.tok.start, mi);
                    }
                    last_speaker = Some(mi);
                }
            }
        }
        result.push(f);
    }
    result
}

/// The report's quotes for one article (speaker entities are linked later
/// by [`link_speakers`]).
pub fn report_quotes(text: &str, boilerplate: &[[usize; 2]], mentions: &[Mention]) -> Vec<Quote> {
    report_quotes_in(
        text,
        boilerplate,
        &sentences::segment(text, boilerplate),
        mentions,
    )
}

/// [`report_quotes`] on the text's segmentation (`sentences::segment(text,
/// boilerplate)`, already made).
pub fn report_quotes_in(
    text: &str,
    boilerplate: &[[usize; 2]],
    seg: &Segmented,
    mentions: &[Mention],
) -> Vec<Quote> {
    find_in(text, boilerplate, seg, mentions)
        .into_iter()
        .map(|f| {
            let who = f.antecedent.or(f.speaker);
            Quote {
                start: f.start,
                end: f.end,
                kind: f.kind.as_str().to_string(),
                speaker: None,
                speaker_start: who.map(|s| s[0]),
                speaker_end: who.map(|s| s[1]),
                cue_start: f.cue.map(|s| s[0]),
                cue_end: f.cue.map(|s| s[1]),
                via: f.via,
            }
        })
        .collect()
}

/// Set each quote's `speaker` to the entity of the mention at its speaker
/// span: the mention with exactly that span, else the person (then any
/// speaking) mention inside it. Run after the entities exist.
pub fn link_speakers(article: &mut Article) {
    let all = &article.mentions;
    // Sorted, disjoint mentions (as NER gives them): look only at those near
    // the speaker span, so many quotes and mentions stay linear.
    let sorted = all.windows(2).all(|w| w[0].end <= w[1].start);
    for q in &mut article.quotes {
        let (Some(s), Some(e)) = (q.speaker_start, q.speaker_end) else {
            continue;
        };
        let mentions = if sorted {
            let lo = all.partition_point(|m| m.end < s);
            let hi = all.partition_point(|m| m.start <= e);
            all.get(lo..hi).unwrap_or_default()
        } else {
            &all[..]
        };
        let exact = mentions
            .iter()
            .find(|m| m.start == s && m.end == e && m.entity.is_some());
        let inside = || {
            let within = |m: &&Mention| m.start >= s && m.end <= e && m.entity.is_some();
            mentions
                .iter()
                .filter(within)
                .rfind(|m| m.label == "PERSON")
                .or_else(|| {
                    mentions
                        .iter()
                        .filter(within)
                        .rfind(|m| matches!(m.label.as_str(), "ORG" | "GPE" | "NORP" | "LOC"))
                })
        };
        let overlap = || {
            mentions.iter().find(|m| {
                m.start < e
                    && s < m.end
                    && m.entity.is_some()
                    && matches!(m.label.as_str(), "PERSON" | "ORG" | "GPE")
            })
        };
        q.speaker = exact
            .or_else(inside)
            .or_else(overlap)
            .and_then(|m| m.entity.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(t: &str, s: &str, label: &str, entity: Option<&str>) -> Mention {
        let start = t.find(s).unwrap_or(0);
        Mention {
            start,
            end: start + s.len(),
            label: label.into(),
            entity: entity.map(str::to_string),
        }
    }

    #[test]
    fn pronoun_speakers_report_their_antecedent() {
        let t = "Lena Park arrived. “We won,” she said.";
        let ms = [mention(t, "Lena Park", "PERSON", None)];
        let qs = report_quotes(t, &[], &ms);
        assert_eq!(qs.len(), 1);
        assert_eq!((qs[0].speaker_start, qs[0].speaker_end), (Some(0), Some(9)));
        let cue = qs[0].cue_start.zip(qs[0].cue_end).map(|(s, e)| &t[s..e]);
        assert_eq!(cue, Some("said"));
    }

    #[test]
    fn speakers_link_to_the_entity_of_their_mention() {
        let t = "“We won,” said Defense Secretary Lena Park.";
        let ms = vec![
            mention(t, "Defense Secretary", "ROLE", None),
            mention(t, "Lena Park", "PERSON", Some("e7")),
        ];
        let mut a = Article {
            text: t.into(),
            quotes: report_quotes(t, &[], &ms),
            mentions: ms,
            ..Default::default()
        };
        link_speakers(&mut a);
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("e7"));
        // A speaker span with no mention stays unknown.
        a.quotes[0].speaker_start = Some(0);
        a.quotes[0].speaker_end = Some(3);
        link_speakers(&mut a);
        assert_eq!(a.quotes[0].speaker, None);
    }
}
