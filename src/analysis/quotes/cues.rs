//! Cue phrases in running text: where speech is attributed, and the words
//! that extend a cue ("in a statement", "told reporters", "on Truth
//! Social", "as quoted by Politico").
//!
//! Cues are looked up in the data lexicon (`assets/lexicon/cues.tsv`),
//! longest phrase first, on tokens outside quotes. A few checks keep nouns
//! out ("his remarks", "the report", "a phone call"): cue verbs are
//! lowercase and do not follow a determiner. Each cue records whether it is
//! passive ("was described as", the subject is not the speaker) or a
//! participle clause (", adding that …", the speaker is the main clause's).

use super::doc::Doc;
use super::lexicon::Frame;
use crate::analysis::tokenize::Kind as TokKind;
use std::ops::Range;

/// One cue occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub tok: Range<usize>,
    pub frame: Frame,
    pub sent: usize,
    /// "was described as", "were told": the subject is not the speaker.
    pub passive: bool,
    /// ", adding that …": the speaker is the main clause's subject.
    pub participle: bool,
}

const BE: [&str; 9] = [
    "is", "was", "were", "are", "been", "being", "be", "'s", "'re",
];

/// Determiners and possessives after which a cue word is a noun.
const NOUN_BEFORE: [&str; 16] = [
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these", "those",
    "'s", "s'", "such",
];

/// All cues of the document outside quotes, in text order.
pub fn find(doc: &Doc) -> Vec<Cue> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = doc.len();
    let maxlen = doc.lex.cues.max_len();
    while i < n {
        // (Most words start no cue: the quick test without a look-up says
        // so for most of them before their sentence is fetched for the
        // walk, whose first step is the one look-up of the word.)
        if doc.in_quote(i)
            || !matches!(doc.kind(i), Some(TokKind::Word))
            || !doc.lex.cues.may_start(doc.word(i))
        {
            i += 1;
            continue;
        }
        let sent = doc.sent_of.get(i).copied().unwrap_or(0);
        let hi = doc.sentence(sent).end.min(i + maxlen).max(i);
        let words = (i..hi).map(|k| doc.word(k));
        let Some((len, &frame)) = doc.lex.cues.longest_in(words) else {
            i += 1;
            continue;
        };
        if frame == Frame::Not {
            i += len;
            continue;
        }
        if !matches!(
            frame,
            Frame::Say | Frame::Tell | Frame::Object | Frame::According
        ) || (i..i + len).any(|k| doc.in_quote(k))
        {
            i += 1;
            continue;
        }
        let sent_start = doc.sentence(sent).start;
        let first_of_sentence = i == sent_start
            || (i == sent_start + 1
                && matches!(doc.kind(sent_start), Some(TokKind::Quote | TokKind::Punct)));
        if doc.capitalised(i) && !(first_of_sentence && frame == Frame::According) {
            i += 1;
            continue;
        }
        let prev = i.checked_sub(1).map(|p| doc.word(p)).unwrap_or("");
        if frame != Frame::According && i > sent_start && NOUN_BEFORE.contains(&prev) {
            i += 1;
            continue;
        }
        let passive = frame != Frame::According && is_passive(doc, i, sent_start);
        let participle = doc.word(i + len - 1).ends_with("ing")
            && (i == sent_start
                || matches!(
                    prev,
                    "," | "—"
                        | "–"
                        | "-"
                        | "while"
                        | "when"
                        | "before"
                        | "after"
                        | "by"
                        | "in"
                        | "and"
                ));
        out.push(Cue {
            tok: i..i + len,
            frame,
            sent,
            passive,
            participle,
        });
        i += len;
    }
    out
}

/// A be-verb before the cue (through adverbs): "was described as", "has
/// been criticised". Phrases listed whole in the lexicon ("was quoted as
/// saying") start with their own be-verb and are not passive.
fn is_passive(doc: &Doc, i: usize, lo: usize) -> bool {
    let w = doc.word(i);
    let participle =
        w.ends_with("ed") || matches!(w, "told" | "said" | "written" | "asked" | "quoted");
    if !participle || BE.contains(&w) {
        return false;
    }
    let mut k = i;
    let mut steps = 0;
    while k > lo && steps < 3 {
        let p = doc.word(k - 1);
        if BE.contains(&p) {
            return true;
        }
        if !doc.lex.aux.contains(p) || matches!(p, "has" | "have" | "had") {
            return false;
        }
        k -= 1;
        steps += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(t: &str) -> Vec<(String, Frame, bool, bool)> {
        let d = Doc::new(t, &[], &[]);
        find(&d)
            .into_iter()
            .map(|c| {
                let s = d.span(&c.tok);
                (t[s[0]..s[1]].to_string(), c.frame, c.passive, c.participle)
            })
            .collect()
    }

    #[test]
    fn finds_cues_and_skips_nouns_and_quotes() {
        let got = cues("He said the report, his remarks and a phone call were “said” to matter.");
        assert_eq!(got, [("said".to_string(), Frame::Say, false, false)]);
        let got =
            cues("According to the ministry, she was quoted as saying it, adding that it hurt.");
        let names: Vec<&str> = got.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(names, ["According to", "was quoted as saying", "adding"]);
        assert!(got[2].3);
        let got = cues("Putin was described as a friend.");
        assert!(got[0].2);
    }
}
