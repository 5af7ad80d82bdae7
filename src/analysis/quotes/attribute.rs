//! Attributions: a cue with its speaker, its source (`via`) and the span of
//! what was said, built from the cues of one article.
//!
//! For each cue this finds, in order:
//! 1. the speaker phrase — the subject before the cue, the inverted subject
//!    after it ("…,” said X"), the main clause's subject for a participle
//!    (", adding that …") or a coordinated verb ("… and said"), the agent
//!    of a passive ("was praised by X"), or the object of "according to" /
//!    "as stated by";
//! 2. the cue's extensions: frames such as "in a statement", "told
//!    reporters", time words, the addressee of "told" (an outlet there is
//!    the `via`), "on Truth Social"/"wrote on X" (the platform is the
//!    `via`), and "as quoted by X", "in remarks carried by X" (`via`);
//! 3. the content: what follows (after "that", ":" or ",") up to the next
//!    coordinated attribution, or what precedes ("Kyiv could not win,
//!    Hegseth said"), or both around an aside ("Kyiv, he said, could not
//!    win"). `scope` keeps embedded attributions inside ("noted that the
//!    president agreed that …"), for giving partial quotes to the outer
//!    speaker.
//!
//! A sentence with both a speaker and "according to X" takes X as the
//! `via` ("…, Hegseth told officials, according to NBC News reporting").
//! Possessive speech nouns are attributions too ("Zelensky's claim that
//! …", "his remarks: “…”", "released the following statement: “…”").

use super::cues::{self, Cue};
use super::doc::{Doc, Label};
use super::lexicon::{fold_outlet, Frame, Gender};
use super::speaker::{self, Head, Np};
use crate::analysis::tokenize::Kind as TokKind;
use std::ops::Range;

/// One attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    /// The cue phrase with its directly following frame words.
    pub cue: Range<usize>,
    pub frame: Frame,
    pub speaker: Option<Np>,
    /// The speaker follows the cue ("said Trump").
    pub inverted: bool,
    /// Tokens naming the outlet or person the words came through.
    pub via: Option<Range<usize>>,
    /// Where content after the cue starts (after "that", ":" or ","); may
    /// be in the next sentence after a colon.
    pub lead: usize,
    /// The lead word was "that".
    pub that: bool,
    /// Content after the cue (may be empty), up to the next attribution
    /// of the sentence.
    pub after: Range<usize>,
    /// Content after the cue including embedded attributions ("noted that
    /// the president agreed that …"): what the speaker is reported to
    /// have said, for attributing partial quotes to the outermost speaker.
    pub scope: Range<usize>,
    /// Content before the cue's clause (may be empty).
    pub before: Range<usize>,
    pub sent: usize,
    /// Only a source for other attributions in its sentence.
    pub via_only: bool,
}

impl Attr {
    /// Token where the attribution clause begins (speaker or cue).
    pub fn clause_start(&self) -> usize {
        match &self.speaker {
            Some(np) if !self.inverted => np.tok.start.min(self.cue.start),
            _ => self.cue.start,
        }
    }
}

/// Words that open an adverbial phrase between a cue and its content.
const PREPOSITIONS: [&str; 24] = [
    "in",
    "at",
    "on",
    "during",
    "after",
    "before",
    "while",
    "when",
    "from",
    "with",
    "last",
    "earlier",
    "later",
    "this",
    "inside",
    "outside",
    "via",
    "through",
    "over",
    "upon",
    "amid",
    "following",
    "since",
    "until",
];

/// Possessive speech nouns: "Zelensky's claim that …", "his remarks:
/// “…”". The possessor is the speaker; what follows "that" (or the quote
/// after a colon) is the content.
fn noun_frames(doc: &Doc) -> Vec<Attr> {
    let mut out = Vec::new();
    for k in 1..doc.len() {
        // (A speech noun frames speech only before "that", ":" or a
        // quote, which few words stand before: that is asked first, of
        // the next token's length and bytes, then whether this token is a
        // word outside quotes, and the word look-up, the dearest test,
        // last.)
        let mut lead = k + 1;
        let that = doc.word_is(lead, "that");
        let colon = !that && doc.word_is(lead, ":");
        if !that && !colon && !doc.in_quote(lead) {
            continue;
        }
        if doc.in_quote(k) || !doc.is_word(k) {
            continue;
        }
        if !doc.lex.speech_nouns.contains(doc.word(k)) {
            continue;
        }
        if that || colon {
            lead += 1;
        }
        let sent = doc.sent_of.get(k).copied().unwrap_or(0);
        let s = doc.sentence(sent);
        let p = doc.word(k - 1);
        let possessive = match p {
            "his" => Some(Gender::Male),
            "her" => Some(Gender::Female),
            "their" => Some(Gender::Plural),
            "its" => Some(Gender::Neuter),
            _ => None,
        };
        let speaker = if p == "'s" || p == "s'" {
            speaker::ending_at(doc, k - 1, s.start)
        } else {
            possessive.map(|g| Np {
                tok: k - 1..k,
                head_tok: k - 1..k,
                head: Head::Pronoun(g),
            })
        };
        // "X released the following statement: “…”": the sentence's
        // subject speaks.
        let colon_quote = !that && doc.in_quote(lead);
        let speaker = speaker.or_else(|| {
            colon_quote
                .then(|| first_subject(doc, s.clone(), k))
                .flatten()
        });
        let Some(speaker) = speaker else {
            continue;
        };
        let after = if that && lead < s.end {
            lead..content_end(doc, lead, s.end).max(lead)
        } else {
            lead..lead
        };
        out.push(Attr {
            cue: k..k + 1,
            frame: Frame::Noun,
            speaker: Some(speaker),
            inverted: false,
            via: None,
            lead,
            that,
            scope: after.clone(),
            after,
            before: 0..0,
            sent,
            via_only: false,
        });
    }
    out
}

/// Words opening an introductory phrase, not reported content ("As
/// expected, Trump said, …").
const INTRO: [&str; 26] = [
    "at",
    "as",
    "for",
    "by",
    "of",
    "to",
    "like",
    "unlike",
    "despite",
    "under",
    "without",
    "within",
    "among",
    "across",
    "against",
    "about",
    "around",
    "although",
    "though",
    "because",
    "if",
    "unless",
    "whether",
    "asked",
    "speaking",
    "according",
];

/// After an adverbial phrase, where the content starts: after "that" or
/// ":" (bounded look-ahead within the sentence, before any quote).
fn skip_to_lead(doc: &Doc, k: usize, hi: usize) -> Option<(usize, bool)> {
    for t in k..hi.min(k + 16) {
        if doc.in_quote(t) {
            return None;
        }
        match doc.word(t) {
            "that" => return Some((t + 1, true)),
            ":" => return Some((t + 1, false)),
            _ if doc.kind(t) == Some(TokKind::Terminal) => return None,
            _ => {}
        }
    }
    None
}

/// A source phrase after a comma inside content ("…, in remarks carried
/// by TASS", "…, as quoted by Politico"): where the content ends and the
/// source's tokens.
fn trailing_source(doc: &Doc, r: Range<usize>) -> Option<(usize, Range<usize>)> {
    for k in r.clone() {
        if doc.word(k) != "," || doc.in_quote(k) {
            continue;
        }
        let words = (k + 1..r.end.min(k + 9)).map(|t| doc.word(t));
        if let Some((len, Frame::By)) = doc.lex.cues.longest_in(words) {
            let np = speaker::after(doc, k + 1 + len, r.end.max(k + 1 + len))?;
            return Some((k, np.tok));
        }
    }
    None
}

/// The speaker of the sentence's first attribution (its main clause):
/// a participle (", adding …") or a coordinated verb ("and said") shares it,
/// not the subject of a clause embedded in between.
fn main_clause_speaker(done: &[Attr], sent: usize) -> Option<Np> {
    done.iter()
        .rev()
        .take(32)
        .take_while(|a| a.sent == sent)
        .filter(|a| a.frame != Frame::According)
        .last()
        .and_then(|a| a.speaker.clone())
}

/// The first noun phrase of a sentence (after an introductory phrase
/// ending in a comma): the subject a participle clause shares.
fn first_subject(doc: &Doc, s: Range<usize>, before: usize) -> Option<Np> {
    let mut j = s.start;
    if let Some(c) = (s.start..before.min(s.start + 8)).find(|&t| doc.word(t) == ",") {
        j = c + 1;
    }
    let np = speaker::after(doc, j, before)?;
    (!matches!(np.head, Head::Generic)).then_some(np)
}

const OBJECT_PRONOUNS: [&str; 7] = ["him", "her", "them", "me", "us", "you", "it"];
const SOCIAL_TAIL: [&str; 6] = ["channel", "account", "page", "feed", "profile", "platform"];

/// All attributions of `doc`, in text order.
pub fn build(doc: &Doc, subjects: &super::antecedent::Salience) -> Vec<Attr> {
    let cues = cues::find(doc);
    let mut attrs: Vec<Attr> = Vec::with_capacity(cues.len());
    for c in &cues {
        let s = doc.sentence(c.sent);
        let a = match c.frame {
            Frame::According => according(doc, c, s.clone()),
            _ => verb(doc, c, s.clone(), &attrs, subjects),
        };
        if let Some(a) = a {
            attrs.push(a);
        }
    }
    attrs.extend(noun_frames(doc));
    crate::sort::by_key(&mut attrs, |a| (a.sent, a.cue.start));
    cut_contents(doc, &mut attrs);
    sources(&mut attrs);
    attrs
}

fn verb(
    doc: &Doc,
    c: &Cue,
    s: Range<usize>,
    done: &[Attr],
    subjects: &super::antecedent::Salience,
) -> Option<Attr> {
    let mut speaker = None;
    let mut inverted = false;
    if c.participle {
        speaker = main_clause_speaker(done, c.sent)
            .or_else(|| subjects.subject_np(doc, s.clone(), c.tok.start))
            .or_else(|| first_subject(doc, s.clone(), c.tok.start));
    } else if !c.passive {
        speaker = speaker::before(doc, c.tok.start, s.start);
        // "… but added", "and said": a verb coordinated with an earlier one
        // shares its subject.
        let mut p = c.tok.start;
        while p > s.start && doc.lex.aux.contains(doc.word(p - 1)) {
            p -= 1;
        }
        if speaker.is_none() && p > s.start && matches!(doc.word(p - 1), "and" | "but") {
            speaker =
                main_clause_speaker(done, c.sent).or_else(|| first_subject(doc, s.clone(), p - 1));
        }
    }
    let mut k = c.tok.end;
    if speaker.is_none()
        && !c.passive
        && !c.participle
        && matches!(c.frame, Frame::Say | Frame::Tell)
    {
        let prev_ok = c.tok.start == s.start
            || c.tok.start.checked_sub(1).is_some_and(|p| {
                matches!(doc.word(p), "," | "—" | "–" | "-" | ":" | "(")
                    || doc.kind(p) == Some(TokKind::Quote)
            });
        if prev_ok {
            if let Some(np) = speaker::after(doc, k, s.end) {
                let e = np.tok.end;
                let next = doc.word(e);
                let ends = e >= s.end
                    || matches!(
                        next,
                        "," | ":" | ";" | "(" | "—" | "–" | "that" | "who" | "whose" | "which"
                    )
                    || doc.kind(e) == Some(TokKind::Terminal)
                    || doc.kind(e) == Some(TokKind::Quote)
                    || extension_at(doc, e, s.end);
                if ends && (!matches!(np.head, Head::Generic) || np.tok.len() <= 8) {
                    speaker = Some(np);
                    inverted = true;
                    k = e;
                }
            }
        }
    }
    let ext = extensions(doc, c, k, s.end);
    if c.passive && speaker.is_none() {
        speaker = ext.agent.clone();
    }
    let mut k = ext.end;
    let cue = c.tok.start..ext.cue_end.max(c.tok.end);
    let mut that = false;
    let mut comma_lead = false;
    if k < doc.len() {
        match doc.word(k) {
            "that" if k < s.end => {
                that = true;
                k += 1;
            }
            ":" => k += 1,
            "," => {
                comma_lead = true;
                k += 1;
            }
            _ => {}
        }
    }
    // "said at a rally in Texas that …": a phrase before the content.
    if !that && k < s.end && PREPOSITIONS.contains(&doc.word(k)) && !doc.in_quote(k) {
        k = match skip_to_lead(doc, k, s.end) {
            Some((lead, is_that)) => {
                that = is_that;
                lead
            }
            None => k,
        };
    }
    let mut lead = k;
    let mut after = if k < s.end && !inverted {
        k..content_end(doc, k, s.end)
    } else {
        k..k
    };
    if after.end <= after.start {
        after = k..k;
    }
    // "…, in remarks carried by TASS": a source phrase closing the content.
    let mut via = ext.via;
    if let Some((cut, src)) = trailing_source(doc, after.clone()) {
        after = after.start..cut;
        via = via.or(Some(src));
    }
    // "said of the plan: “…”": the colon hands over to the quote.
    if let Some(colon) = after
        .clone()
        .find(|&t| doc.word(t) == ":" && !doc.in_quote(t))
    {
        if doc.in_quote(colon + 1) || colon + 1 >= after.end {
            lead = colon + 1;
            after = after.start..colon;
        }
    }
    let start = match &speaker {
        Some(np) if !inverted => np.tok.start.min(c.tok.start),
        _ => c.tok.start,
    };
    let comma_before = start >= s.start + 2
        && matches!(doc.word(start - 1), "," | "—" | "–")
        && !doc.in_quote(start - 1);
    // "X said, …" continues with a quote, or (as an aside) with the rest
    // of a sentence that began before the attribution; anything else after
    // the comma ("…, and rock ’n’ roll …") is not what was said.
    if comma_lead && !comma_before && !doc.in_quote(lead) {
        after = lead..lead;
    }
    let mut before = 0..0;
    if comma_before && (after.is_empty() || comma_lead) {
        // "Kyiv could not win, Hegseth said." or, as an aside, "Kyiv, he
        // said, could not win": the content is around the attribution.
        let b = content_start(doc, s.start, start - 1);
        let intro = INTRO.contains(&doc.word(b)) || PREPOSITIONS.contains(&doc.word(b));
        let quote_follows = doc.in_quote(lead) && lead < s.end;
        if b < start - 1
            && !(b..start - 1).all(|t| doc.in_quote(t))
            && !(comma_lead && (intro || quote_follows))
        {
            before = b..start - 1;
        }
    } else if after.is_empty()
        && start >= s.start + 2
        && doc.kind(start - 1) == Some(TokKind::Quote)
        && doc.in_quote(start - 1)
    {
        // "“…,” X said": the quote is the content; kept for the sieves.
        if let Some(q) = doc.quote_of.get(start - 1).copied().flatten() {
            let qt = doc.quote_tokens(q);
            before = qt.start.max(s.start)..start;
        }
    }
    // A form that is also a noun ("comments", "reports") is a cue only
    // with a named subject right before it.
    // ("Benghazi attacks", "Republican attacks": a place or nationality
    // before such a word makes a compound noun.)
    let named = speaker.as_ref().is_some_and(|np| match np.head {
        Head::Mention(mi) => !matches!(doc.mentions[mi].label, Label::Place | Label::Group),
        Head::Generic => false,
        _ => true,
    });
    if doc.lex.noun_like.contains(doc.word(c.tok.start)) && (!named || inverted) {
        return None;
    }
    Some(Attr {
        cue,
        frame: c.frame,
        speaker,
        inverted,
        via,
        lead,
        that,
        scope: after.clone(),
        after,
        before,
        sent: c.sent,
        via_only: false,
    })
}

fn according(doc: &Doc, c: &Cue, s: Range<usize>) -> Option<Attr> {
    let np = speaker::after(doc, c.tok.end, s.end)?;
    let mut k = np.tok.end;
    // "according to a statement from the ministry": the ministry speaks.
    let np = if matches!(np.head, Head::Generic)
        && np
            .tok
            .clone()
            .any(|t| doc.lex.speech_nouns.contains(doc.word(t)))
    {
        let from = (np.tok.start..(np.tok.end + 3).min(s.end))
            .find(|&t| matches!(doc.word(t), "from" | "by" | "of"));
        match from.and_then(|f| speaker::after(doc, f + 1, s.end)) {
            Some(inner) => {
                k = inner.tok.end;
                inner
            }
            None => np,
        }
    } else {
        np
    };
    // "according to NBC News reporting", "according to a report by …".
    while k < s.end
        && doc.is_word(k)
        && !doc.capitalised(k)
        && k < np.tok.end + 2
        && matches!(
            doc.word(k),
            "reporting" | "reports" | "report" | "data" | "figures" | "estimates"
        )
    {
        k += 1;
    }
    let at_start = (s.start..c.tok.start).all(|t| !doc.is_word(t));
    let mut after = k..k;
    let mut before = 0..0;
    if at_start {
        let b = if doc.word(k) == "," { k + 1 } else { k };
        after = b..content_end(doc, b, s.end).max(b);
    } else {
        if c.tok.start >= s.start + 2 && matches!(doc.word(c.tok.start - 1), "," | "—" | "–" | "(")
        {
            let b = content_start(doc, s.start, c.tok.start - 1);
            before = b..c.tok.start - 1;
        }
        if doc.word(k) == "," && k + 1 < s.end {
            after = k + 1..content_end(doc, k + 1, s.end).max(k + 1);
        }
    }
    Some(Attr {
        cue: c.tok.clone(),
        frame: Frame::According,
        via: None,
        lead: after.start,
        that: false,
        speaker: Some(np),
        inverted: true,
        scope: after.clone(),
        after,
        before,
        sent: c.sent,
        via_only: false,
    })
}

struct Ext {
    end: usize,
    cue_end: usize,
    via: Option<Range<usize>>,
    agent: Option<Np>,
}

fn extension_at(doc: &Doc, k: usize, hi: usize) -> bool {
    let words = (k..hi.min(k + 8)).map(|t| doc.word(t));
    matches!(
        doc.lex.cues.longest_in(words),
        Some((_, Frame::Extension | Frame::By))
    ) || doc.lex.time.contains(doc.word(k))
        || (doc.word(k) == "on"
            && (doc.lex.time.contains(doc.word(k + 1)) || platform_at(doc, k + 1, hi).is_some()))
}

/// A platform name at `j` (after an optional possessive): its tokens.
fn platform_at(doc: &Doc, j: usize, hi: usize) -> Option<Range<usize>> {
    let mut j = j;
    if matches!(doc.word(j), "his" | "her" | "its" | "their" | "the" | "a") {
        j += 1;
    }
    // "on X." at a sentence end is one token ("X." reads like an initial).
    let words = (j..hi.min(j + 4)).map(|t| doc.word(t).trim_end_matches('.'));
    let (len, _) = doc.lex.platforms.longest_in(words)?;
    // "X" and "Truth" only as names: capitalised.
    if !doc.capitalised(j) && len == 1 && doc.word(j).len() <= 5 {
        return None;
    }
    Some(j..j + len)
}

fn extensions(doc: &Doc, c: &Cue, mut k: usize, hi: usize) -> Ext {
    let mut via = None;
    let mut agent = None;
    let mut cue_end = c.tok.end;
    let mut addressed = false;
    for _ in 0..8 {
        if k >= hi || doc.in_quote(k) {
            break;
        }
        let words = (k..hi.min(k + 8)).map(|t| doc.word(t));
        match doc.lex.cues.longest_in(words) {
            Some((len, Frame::Extension)) => {
                if cue_end == k {
                    cue_end = k + len;
                }
                k += len;
                if c.frame == Frame::Tell {
                    addressed = true;
                }
                continue;
            }
            Some((len, Frame::By)) => {
                if let Some(np) = speaker::after(doc, k + len, hi) {
                    k = np.tok.end;
                    via = via.or(Some(np.tok));
                } else {
                    k += len;
                }
                continue;
            }
            _ => {}
        }
        let w = doc.word(k);
        if w == "on" || w == "via" {
            if let Some(p) = platform_at(doc, k + 1, hi) {
                k = p.end;
                if SOCIAL_TAIL.contains(&doc.word(k)) {
                    k += 1;
                }
                via = via.or(Some(p));
                continue;
            }
            if doc.lex.time.contains(doc.word(k + 1)) {
                k += 2;
                continue;
            }
            break;
        }
        if doc.lex.time.contains(w) && !doc.in_quote(k) {
            k += 1;
            continue;
        }
        if w == "by" {
            // "was praised by X": X speaks; "was quoted as saying by X":
            // X is the source.
            if let Some(np) = speaker::after(doc, k + 1, hi) {
                k = np.tok.end;
                if c.passive {
                    agent = Some(np);
                } else {
                    via = via.or(Some(np.tok));
                }
                continue;
            }
            break;
        }
        if c.frame == Frame::Tell && !addressed {
            addressed = true;
            if OBJECT_PRONOUNS.contains(&w) {
                k += 1;
                continue;
            }
            if let Some(np) = speaker::after(doc, k, hi) {
                let media = is_media(doc, &np.tok);
                if media {
                    via = via.or(Some(np.tok.clone()));
                }
                // An addressee names someone; "told the story" does not.
                if media || !matches!(np.head, Head::Generic) {
                    k = np.tok.end;
                    continue;
                }
            }
        }
        break;
    }
    Ext {
        end: k,
        cue_end,
        via,
        agent,
    }
}

/// Whether tokens `r` name a news outlet ("CNBC", "Fox News", "the BBC").
pub fn is_media(doc: &Doc, r: &Range<usize>) -> bool {
    if r.clone().any(|t| {
        doc.lex.media.contains(doc.word(t)) && (doc.capitalised(t) || doc.raw(t).len() > 3)
    }) {
        return true;
    }
    let sp = doc.span(r);
    doc.text
        .get(sp[0]..sp[1])
        .is_some_and(|s| doc.lex.outlets.contains(&fold_outlet(s)))
}

/// Longest reported content, in tokens.
const MAX_CONTENT: usize = 160;

/// End (exclusive) of content starting at `k` in a sentence ending at `hi`:
/// trailing sentence punctuation and stray marks are left out.
pub fn content_end(doc: &Doc, k: usize, hi: usize) -> usize {
    // A reported clause is a sentence or less; the bound keeps run-on
    // "sentences" of hostile input from making the sieves quadratic.
    let mut e = hi.min(k + MAX_CONTENT);
    while e > k {
        let t = e - 1;
        let trailing = match doc.kind(t) {
            Some(TokKind::Terminal | TokKind::Dash) => true,
            Some(TokKind::Punct) => !matches!(doc.word(t), ")" | "]" | "%"),
            Some(TokKind::Quote) => true,
            _ => false,
        };
        if !trailing {
            break;
        }
        e -= 1;
    }
    e
}

/// Start of content ending before `end`: the sentence start, past opening
/// conjunctions and punctuation.
fn content_start(doc: &Doc, lo: usize, end: usize) -> usize {
    let mut b = lo;
    while b < end
        && (matches!(doc.word(b), "and" | "but" | "so" | "yet" | "or")
            || matches!(doc.kind(b), Some(TokKind::Punct | TokKind::Dash)))
    {
        b += 1;
    }
    b
}

/// Content after a cue ends where a later clause of the same sentence
/// starts its own attribution ("X said A, and Y said B", "X said A, adding
/// B", "X said A but added B").
fn cut_contents(doc: &Doc, attrs: &mut [Attr]) {
    for i in 0..attrs.len() {
        let (sent, after) = (attrs[i].sent, attrs[i].after.clone());
        if after.is_empty() {
            continue;
        }
        let bounds: Vec<usize> = attrs
            .iter()
            .skip(i + 1)
            .take(32)
            .take_while(|b| b.sent == sent)
            .filter(|b| {
                (b.speaker.is_some() && b.frame != Frame::Noun) || b.frame == Frame::According
            })
            .map(|b| {
                let p = b.clause_start();
                // A shared subject lies before the content: cut at the cue.
                if b.frame == Frame::According || p <= after.start {
                    b.cue.start
                } else {
                    p
                }
            })
            .filter(|&p| p > after.start && p < after.end)
            .collect();
        // Only a coordinated clause ends the scope; an embedded one
        // ("noted that the president agreed that …") is part of it.
        let coordinated = |p: usize| {
            let mut q = p;
            while q > after.start && doc.lex.aux.contains(doc.word(q - 1)) {
                q -= 1;
            }
            q > after.start
                && (matches!(
                    doc.word(q - 1),
                    "and" | "but" | "while" | "whereas" | ";" | ","
                ) || matches!(doc.kind(q - 1), Some(TokKind::Dash | TokKind::Quote)))
        };
        let cut = |p: usize| {
            let mut e = p;
            while e > after.start
                && (matches!(
                    doc.word(e - 1),
                    "and" | "but" | "while" | "as" | "whereas" | "then"
                ) || doc.lex.aux.contains(doc.word(e - 1))
                    || matches!(doc.kind(e - 1), Some(TokKind::Punct | TokKind::Dash)))
            {
                e -= 1;
            }
            after.start..e.max(after.start)
        };
        if let Some(&p) = bounds.first() {
            attrs[i].after = cut(p);
        }
        if let Some(&p) = bounds.iter().find(|&&p| coordinated(p)) {
            attrs[i].scope = cut(p);
        }
    }
}

/// "according to X" in a sentence that already has a speaker: X is the
/// source the words came through.
fn sources(attrs: &mut [Attr]) {
    for i in 0..attrs.len() {
        if attrs[i].frame != Frame::According {
            continue;
        }
        let sent = attrs[i].sent;
        let src = attrs[i].speaker.as_ref().map(|np| np.tok.clone());
        let mut used = false;
        // Attributions are sorted by sentence: look around this one only.
        let (lo, hi) = (i.saturating_sub(32), (i + 32).min(attrs.len()));
        for b in attrs[lo..hi]
            .iter_mut()
            .filter(|b| b.sent == sent && b.frame != Frame::According)
        {
            if b.speaker.is_some() && !b.via_only {
                if b.via.is_none() {
                    b.via = src.clone();
                }
                used = true;
            }
        }
        if used {
            attrs[i].via_only = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::antecedent::Salience;
    use super::*;

    fn attrs(t: &str) -> (Doc<'_>, Vec<Attr>) {
        let d = Doc::new(t, &[], &[]);
        let sal = Salience::subjects(&d);
        let a = build(&d, &sal);
        (d, a)
    }

    fn text<'a>(d: &Doc<'a>, r: &Range<usize>) -> &'a str {
        let s = d.span(r);
        d.text.get(s[0]..s[1]).unwrap_or("")
    }

    #[test]
    fn speaker_content_and_via() {
        let (d, a) = attrs("Marta Diaz told CNBC that the talks could collapse.");
        assert_eq!(a.len(), 1);
        assert_eq!(
            a[0].speaker.as_ref().map(|n| text(&d, &n.head_tok)),
            Some("Marta Diaz")
        );
        assert_eq!(a[0].via.as_ref().map(|v| text(&d, v)), Some("CNBC"));
        assert_eq!(text(&d, &a[0].after), "the talks could collapse");
        let (d, a) = attrs("The talks could collapse, the ministry said in a statement.");
        assert_eq!(text(&d, &a[0].before), "The talks could collapse");
        assert_eq!(text(&d, &a[0].cue), "said in a statement");
        let (d, a) = attrs("Sanctions will stay, Hugo Lind wrote on X.");
        // ("X." ending the sentence is one token; the report trims it.)
        assert_eq!(
            a[0].via.as_ref().map(|v| text(&d, v).trim_end_matches('.')),
            Some("X")
        );
        let (d, a) = attrs("Peace is near, according to the foreign ministry.");
        assert_eq!(text(&d, &a[0].before), "Peace is near");
        assert_eq!(
            a[0].speaker.as_ref().map(|n| text(&d, &n.tok)),
            Some("the foreign ministry")
        );
    }

    #[test]
    fn according_to_becomes_via_with_a_speaker() {
        let (d, a) =
            attrs("Lena Fox told allies the war must end, according to NBC News reporting.");
        let main = a.iter().find(|x| x.frame == Frame::Tell);
        assert_eq!(
            main.and_then(|m| m.via.as_ref()).map(|v| text(&d, v)),
            Some("NBC News")
        );
        assert!(a.iter().any(|x| x.frame == Frame::According && x.via_only));
        assert_eq!(main.map(|m| text(&d, &m.after)), Some("the war must end"));
    }
}
