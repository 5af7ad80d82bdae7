//! Which attribution each quotation belongs to, by sieves in order of
//! precision (after CoreNLP's quote attribution and the Gender Gap Tracker):
//!
//! 1. adjacent after: `“Q,” X said`, `“Q,” said X`, `“Q,” X told reporters`;
//! 2. adjacent before: `X said: “Q”`, `X wrote on X: “Q”`, `X said “Q”`
//!    (and `X said that “Q”`, which makes Q partial or direct by coverage);
//! 3. clause: the quote lies in the content of a cue's clause (`Trump
//!    described the call as “productive”`, `according to X, … “Q” …`);
//! 4. sentence: a speaker-bearing cue elsewhere in the same sentence;
//! 5. continuation: a quote opening a sentence or paragraph with no cue of
//!    its own inherits the most recent speaker of the same or the previous
//!    paragraph (news convention; right ~97 % of the time).
//!
//! A quote right after "<speech noun> of" ("accusations of “betraying”")
//! holds unnamed others' words and skips sieves 3–5.
//!
//! A quote no sieve reaches keeps no speaker: shown as unknown, never
//! guessed. Pronoun and nominal speakers are resolved afterwards
//! ([`super::antecedent`]).

use super::attribute::Attr;
use super::doc::Doc;
use super::lexicon::Frame;
use crate::analysis::tokenize::Kind as TokKind;

/// The sieve that attributed a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sieve {
    AdjacentAfter,
    AdjacentBefore,
    /// `X said that “Q”`: adjacent, but inside reported speech.
    AdjacentThat,
    Clause,
    Sentence,
    Continuation,
    /// Reported speech without marks.
    Indirect,
    None,
}

/// The attribution chosen for one quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assigned {
    pub attr: Option<usize>,
    pub sieve: Sieve,
}

fn speaks(a: &Attr) -> bool {
    !a.via_only && a.speaker.is_some() && a.frame != Frame::By
}

/// How many attributions on each side of a quote the sieves look at: real
/// text has a handful; the bound keeps hostile input linear.
const WINDOW: usize = 48;

/// Indices of the attributions near token `pos` (attributions are sorted
/// by cue position).
fn near(attrs: &[Attr], pos: usize) -> std::ops::Range<usize> {
    let at = attrs.partition_point(|a| a.cue.start < pos);
    at.saturating_sub(WINDOW)..(at + WINDOW).min(attrs.len())
}

/// One [`Assigned`] per top-level quote of `doc`.
pub fn assign(doc: &Doc, attrs: &[Attr]) -> Vec<Assigned> {
    let n = doc.quotes.len();
    let mut out = vec![
        Assigned {
            attr: None,
            sieve: Sieve::None
        };
        n
    ];
    for (qi, slot) in out.iter_mut().enumerate() {
        let qt = doc.quote_tokens(qi);
        if qt.is_empty() {
            continue;
        }
        let window = near(attrs, qt.start);
        let cands = || window.clone().filter_map(|i| attrs.get(i).map(|a| (i, a)));
        // 1. Adjacent after.
        let mut j = qt.end;
        if matches!(doc.word(j), "," | "—" | "–" | "-") && !doc.in_quote(j) {
            j += 1;
        }
        // The attribution must continue the quote's sentence.
        // (After a quote ending its sentence, only a bare "X said." —
        // with no content of its own — belongs to it.)
        let same_sentence = doc.sent_of.get(qt.end.saturating_sub(1)) == doc.sent_of.get(j);
        let same_para = doc.para_of.get(qt.end.saturating_sub(1)) == doc.para_of.get(j);
        // A quote inside a phrase ("on ABC's “This Week,” Carson said") is
        // a title, not the speech of the cue that follows.
        let opens = opens_sentence(doc, qi)
            || qt.start.checked_sub(1).is_some_and(|p| {
                matches!(
                    doc.word(p),
                    "," | ":" | ";" | "(" | "—" | "–" | "-" | "and" | "but"
                )
            });
        let after = cands().find(|(_, a)| {
            opens
                && (same_sentence || (same_para && (a.after.is_empty() || !a.that)))
                && speaks(a)
                && matches!(a.frame, Frame::Say | Frame::Tell)
                && match (&a.speaker, a.inverted) {
                    (Some(_), true) => a.cue.start == j,
                    (Some(np), false) => {
                        a.cue.start >= j && (np.tok.start == j || descriptor(doc, j, np.tok.start))
                    }
                    _ => false,
                }
        });
        let before =
            cands().find(|(_, a)| speaks(a) && a.frame != Frame::According && a.lead == qt.start);
        // Across a sentence break (the splitter may end a sentence at the
        // quote's own "?" or "!"), a cue before the quote wins, and a cue
        // that introduces a quote of its own is not this one's.
        let after =
            after.filter(|(_, a)| same_sentence || (before.is_none() && !doc.in_quote(a.lead)));
        if let Some((ai, _)) = after {
            *slot = Assigned {
                attr: Some(ai),
                sieve: Sieve::AdjacentAfter,
            };
            continue;
        }
        // 2. Adjacent before.
        if let Some((ai, a)) = before {
            let sieve = if a.that || !ends_clause(doc, qi) {
                Sieve::AdjacentThat
            } else {
                Sieve::AdjacentBefore
            };
            *slot = Assigned {
                attr: Some(ai),
                sieve,
            };
            continue;
        }
        // "accusations of “betraying” Ukraine": the words of unnamed others,
        // not of the clause's speaker.
        if hearsay(doc, qt.start) {
            continue;
        }
        // 3. Clause: the reported content holding the quote; with nested
        // attributions ("X noted that Y agreed that it was 'Q'"), the
        // outermost speaker, whose words the reporter quotes.
        let start = qt.start;
        let inside = |r: &std::ops::Range<usize>| r.start <= start && start < r.end;
        let clause = cands()
            .filter(|(_, a)| !a.via_only && (inside(&a.scope) || inside(&a.after)))
            // (An object verb's content is what was talked about: "mocked
            // Y's claim that … 'Q'" quotes Y, so it yields to a cue inside.)
            .min_by_key(|(_, a)| {
                (
                    a.speaker.is_none(),
                    a.frame == Frame::Object,
                    a.scope.start.min(a.after.start),
                )
            })
            .or_else(|| {
                cands()
                    .filter(|(_, a)| !a.via_only && inside(&a.before))
                    .min_by_key(|(_, a)| a.cue.start.abs_diff(start))
            })
            .map(|(i, _)| i);
        if let Some(ai) = clause {
            *slot = Assigned {
                attr: Some(ai),
                sieve: Sieve::Clause,
            };
            continue;
        }
        // 4. Same sentence.
        let sent = doc
            .sent_of
            .get(start + 1)
            .or(doc.sent_of.get(start))
            .copied();
        let same = cands()
            .filter(|(_, a)| speaks(a) && Some(a.sent) == sent)
            .min_by_key(|(_, a)| a.cue.start.abs_diff(start))
            .map(|(i, _)| i);
        if let Some(ai) = same {
            *slot = Assigned {
                attr: Some(ai),
                sieve: Sieve::Sentence,
            };
        }
    }
    continuation(doc, attrs, &mut out);
    out
}

/// Whether quote `qi` opens its sentence (or paragraph).
/// (Looks back from the mark itself: a sentence splitter may attach an
/// opening mark after "said." to the sentence before.)
fn opens_sentence(doc: &Doc, qi: usize) -> bool {
    let qt = doc.quote_tokens(qi);
    let mut k = qt.start;
    while k > 0 && matches!(doc.kind(k - 1), Some(TokKind::Dash)) {
        k -= 1;
    }
    if k == 0 || doc.para_of.get(k - 1) != doc.para_of.get(k) {
        return true;
    }
    let p = k - 1;
    match doc.kind(p) {
        Some(TokKind::Terminal) => true,
        Some(TokKind::Quote) => {
            // The closing mark of a quote ending a sentence.
            doc.in_quote(p) && p > 0 && matches!(doc.kind(p - 1), Some(TokKind::Terminal))
        }
        _ => {
            let Some(&s) = doc.sent_of.get(qt.start) else {
                return false;
            };
            doc.sentence(s).start == qt.start
        }
    }
}

/// Whether nothing but punctuation follows quote `qi` in its sentence
/// ("X said “Q”." but not "X said “Q” would follow").
fn ends_clause(doc: &Doc, qi: usize) -> bool {
    let qt = doc.quote_tokens(qi);
    let k = qt.end;
    k >= doc.len()
        || doc.sent_of.get(k) != doc.sent_of.get(qt.end.saturating_sub(1))
        || !matches!(doc.kind(k), Some(TokKind::Word | TokKind::Number))
        || doc.para_of.get(k) != doc.para_of.get(qt.end.saturating_sub(1))
}

/// A quote right after "<speech noun> of" ("accusations of", "claims
/// of", "charges of").
fn hearsay(doc: &Doc, open: usize) -> bool {
    open >= 2 && doc.word(open - 1) == "of" && doc.lex.speech_nouns.contains(doc.word(open - 2))
}

/// Lowercase words describing a speaker before the name: "“…,” columnist
/// Ai Jun wrote".
fn descriptor(doc: &Doc, j: usize, name: usize) -> bool {
    name > j && name - j <= 3 && (j..name).all(|k| doc.is_word(k) && !doc.capitalised(k))
}

fn continuation(doc: &Doc, attrs: &[Attr], out: &mut [Assigned]) {
    // (attribution, paragraph of its last use, token position of last use)
    let mut chain: Option<(usize, usize, usize)> = None;
    let (mut next_attr, mut last_speaking) = (0, None);
    #[allow(clippy::needless_range_loop)] // `out[qi]` is read and written.
    for qi in 0..out.len() {
        let qt = doc.quote_tokens(qi);
        if qt.is_empty() {
            continue;
        }
        // A speaker-bearing attribution between the chain and this quote
        // takes over the chain.
        let from = chain.map_or(0, |c| c.2);
        while next_attr < attrs.len() && attrs[next_attr].cue.end <= qt.start {
            if speaks(&attrs[next_attr]) {
                last_speaking = Some(next_attr);
            }
            next_attr += 1;
        }
        if let Some(ai) = last_speaking.filter(|&ai| attrs[ai].cue.start >= from) {
            let a = &attrs[ai];
            let p = doc.para_of.get(a.cue.start).copied().unwrap_or(0);
            chain = Some((ai, p, a.cue.end));
        }
        let para = doc.para_of.get(qt.start).copied().unwrap_or(0);
        if let Some(ai) = out[qi].attr {
            let end_para = doc
                .para_of
                .get(qt.end.saturating_sub(1))
                .copied()
                .unwrap_or(para);
            chain = Some((ai, end_para.max(para), qt.end));
            continue;
        }
        let Some((ai, p, _)) = chain else {
            continue;
        };
        if opens_sentence(doc, qi) && para <= p + 1 {
            out[qi] = Assigned {
                attr: Some(ai),
                sieve: Sieve::Continuation,
            };
            let end_para = doc
                .para_of
                .get(qt.end.saturating_sub(1))
                .copied()
                .unwrap_or(para);
            chain = Some((ai, end_para, qt.end));
        }
    }
    // "“A.” “B,” she said.": a quote right before an attributed one in the
    // same paragraph shares its speaker.
    for qi in (0..out.len().saturating_sub(1)).rev() {
        if out[qi].attr.is_some() {
            continue;
        }
        let (a, b) = (doc.quote_tokens(qi), doc.quote_tokens(qi + 1));
        let next = out[qi + 1];
        let same_para = doc.para_of.get(a.start) == doc.para_of.get(b.start);
        if next.attr.is_some()
            && a.end == b.start
            && same_para
            && next.sieve == Sieve::AdjacentAfter
        {
            out[qi] = Assigned {
                attr: next.attr,
                sieve: Sieve::Continuation,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::antecedent::Salience;
    use super::super::attribute;
    use super::*;

    fn sieves(t: &str) -> Vec<Sieve> {
        let d = Doc::new(t, &[], &[]);
        let attrs = attribute::build(&d, &Salience::subjects(&d));
        assign(&d, &attrs).into_iter().map(|a| a.sieve).collect()
    }

    #[test]
    fn sieves_in_order() {
        assert_eq!(sieves("“We won,” Lena Park said."), [Sieve::AdjacentAfter]);
        assert_eq!(sieves("Lena Park said: “We won.”"), [Sieve::AdjacentBefore]);
        assert_eq!(
            sieves("Lena Park called the result “a clear win” on Monday."),
            [Sieve::Clause]
        );
        assert_eq!(
            sieves("“We won,” Lena Park said.\n\n“We will win again.”"),
            [Sieve::AdjacentAfter, Sieve::Continuation]
        );
        assert_eq!(sieves("Nobody has read “the memo” yet."), [Sieve::None]);
    }

    #[test]
    fn a_quote_ending_its_sentence_keeps_off_the_next_clause() {
        // The next sentence has content of its own: not this quote's cue.
        let got = sieves("He fears another “catastrophe.” Lena Park said the deal is dead.");
        assert_ne!(got[0], Sieve::AdjacentAfter);
    }
}
