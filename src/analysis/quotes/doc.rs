//! The article as the quote finder sees it: tokens, sentences, paragraphs,
//! quotes and speaker-capable mentions, with per-token lookups.
//!
//! Built once per article so that the sieves can ask cheap questions ("is
//! this token inside a quote?", "which mention covers it?", "which
//! paragraph is it in?") without rescanning the text. Tokens and sentences
//! come from the shared tokenizer and sentence splitter, so quote offsets
//! agree with everything else in the report.

use super::lexicon::{self, Gender, Lexicon};
use super::marks::{self, Marked};
use super::names;
use crate::analysis::sentences::{self, Segmented, Sentence};
use crate::analysis::tokenize::{Kind as TokKind, Token};
use crate::report::Mention;
use std::borrow::Cow;
use std::ops::Range;

/// What a speaker-capable mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Person,
    Org,
    /// Countries, cities and regions (their governments speak for them).
    Place,
    /// Nationalities and groups ("Russians").
    Group,
    /// A title or role phrase ("Defense Secretary", "the Russian leader").
    Role,
    /// A capitalised name found without NER (type unknown).
    Name,
}

impl Label {
    fn from_ner(label: &str) -> Option<Label> {
        Some(match label {
            "PERSON" | "PER" => Label::Person,
            "ORG" => Label::Org,
            "GPE" | "LOC" => Label::Place,
            "NORP" => Label::Group,
            "ROLE" | "TITLE" => Label::Role,
            _ => return None,
        })
    }

    /// Whether this mention can itself be a speaker.
    pub fn speaks(self) -> bool {
        !matches!(self, Label::Role)
    }
}

/// A mention usable as (or in) a speaker phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct Ment {
    pub start: usize,
    pub end: usize,
    pub tok: Range<usize>,
    pub label: Label,
    pub gender: Gender,
}

/// One article, prepared for the sieves.
pub struct Doc<'a> {
    pub text: &'a str,
    pub lex: &'static Lexicon,
    /// Borrowed from the caller's segmentation when it has one (the
    /// pipeline keeps each article's for the bundle-level steps).
    pub tokens: Cow<'a, [Token]>,
    /// Lowercase token text with ’ normalised to ' ([`norm`]) for all
    /// tokens (see [`lowered`]). Read with [`Doc::word`].
    lowered: String,
    /// Each token's range of `lowered`.
    lower: Vec<[usize; 2]>,
    pub sentences: Cow<'a, [Sentence]>,
    pub sent_of: Vec<usize>,
    pub para_of: Vec<usize>,
    /// Top-level quotes, sorted by start.
    pub quotes: Vec<Marked>,
    /// For each token: the top-level quote whose marks or content hold it.
    pub quote_of: Vec<Option<usize>>,
    /// Each quote's tokens, marks included (as [`token_quotes`] finds
    /// them; read with [`Doc::quote_tokens`]).
    quote_toks: Vec<Range<usize>>,
    pub mentions: Vec<Ment>,
    /// For each token: the mention covering it.
    pub mention_of: Vec<Option<usize>>,
}

impl<'a> Doc<'a> {
    /// Prepare `text`; `mentions` are the NER mentions (any labels; only
    /// speaker-capable ones are kept). Without any person, organisation or
    /// place mention, capitalised names are found by [`names::fallback`].
    pub fn new(text: &'a str, boilerplate: &[[usize; 2]], mentions: &[Mention]) -> Doc<'a> {
        let seg = sentences::segment(text, boilerplate);
        Doc::build(
            text,
            boilerplate,
            Cow::Owned(seg.tokens),
            Cow::Owned(seg.sentences),
            mentions,
        )
    }

    /// [`Doc::new`] from the text's segmentation
    /// (`sentences::segment(text, boilerplate)`), borrowed rather than
    /// copied.
    pub fn from_segmented(
        text: &'a str,
        boilerplate: &[[usize; 2]],
        seg: &'a Segmented,
        mentions: &[Mention],
    ) -> Doc<'a> {
        Doc::build(
            text,
            boilerplate,
            Cow::Borrowed(&seg.tokens),
            Cow::Borrowed(&seg.sentences),
            mentions,
        )
    }

    fn build(
        text: &'a str,
        boilerplate: &[[usize; 2]],
        tokens: Cow<'a, [Token]>,
        sentences: Cow<'a, [Sentence]>,
        mentions: &[Mention],
    ) -> Doc<'a> {
        let lex = lexicon::get();
        let (lowered, lower) = lowered(text, &tokens);
        let sent_of = sentence_of(tokens.len(), &sentences);
        let para_of = paragraphs(text, &tokens);
        let quotes: Vec<Marked> = marks::find(text, boilerplate)
            .into_iter()
            .filter(|m| m.depth == 0)
            .collect();
        let quote_toks = token_quotes(&tokens, &quotes);
        let quote_of = owners(tokens.len(), quote_toks.iter().cloned());
        let mut doc = Doc {
            text,
            lex,
            tokens,
            lowered,
            lower,
            sentences,
            sent_of,
            para_of,
            quotes,
            quote_of,
            quote_toks,
            mentions: Vec::new(),
            mention_of: Vec::new(),
        };
        // NER gives its mentions in text order: each one's first token is
        // then found by walking on from the previous one's, not by two
        // binary searches of all the tokens ([`Doc::token_range`], which
        // gives the same ranges). With the first names' gender read off
        // the lowercase words ([`Doc::name_gender`]) the seed bundle took
        // ≈ 0.16 M fewer of its 35 M instructions.
        let in_order = mentions.windows(2).all(|w| w[0].start <= w[1].start);
        let mut ments: Vec<Ment> = Vec::with_capacity(mentions.len());
        let mut from = 0;
        for m in mentions {
            let Some(label) = Label::from_ner(&m.label) else {
                continue;
            };
            let tok = if in_order {
                let r = doc.token_range_from(from, m.start, m.end);
                from = r.start;
                (r.start < r.end).then_some(r)
            } else {
                doc.token_range(m.start, m.end)
            };
            let Some(tok) = tok else {
                continue;
            };
            ments.push(Ment {
                start: m.start,
                end: m.end,
                tok,
                label,
                gender: Gender::Unknown,
            });
        }
        if !ments.iter().any(|m| m.label != Label::Role) {
            ments = names::fallback(&doc);
        }
        // NER gives its mentions in this order already: the check spares
        // the sort's index vector and permutation (the sort is stable, so
        // skipping it on sorted input changes nothing).
        let key = |m: &Ment| (m.start, std::cmp::Reverse(m.end));
        if !ments.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
            crate::sort::by_key(&mut ments, key);
        }
        // Keep mentions from overlapping: the first (longest) wins.
        let mut kept: Vec<Ment> = Vec::with_capacity(ments.len());
        for m in ments {
            if kept.last().is_none_or(|k| m.tok.start >= k.tok.end) {
                kept.push(m);
            }
        }
        let mention_of = owners(doc.tokens.len(), kept.iter().map(|m| m.tok.clone()));
        doc.mentions = kept;
        doc.mention_of = mention_of;
        names::assign_genders(&mut doc);
        doc
    }

    /// Tokens lying within `[start, end)`, when there are any.
    pub fn token_range(&self, start: usize, end: usize) -> Option<Range<usize>> {
        let a = self.tokens.partition_point(|t| t.start < start);
        let b = self.tokens.partition_point(|t| t.end <= end);
        (a < b).then_some(a..b)
    }

    /// [`Doc::token_range`] walked to from token `from`, every token before
    /// which starts before `start`: empty when the span holds no token.
    fn token_range_from(&self, from: usize, start: usize, end: usize) -> Range<usize> {
        let after = |i: usize| self.tokens.get(i..).unwrap_or(&[]).iter();
        let a = from + after(from).take_while(|t| t.start < start).count();
        a..a + after(a).take_while(|t| t.end <= end).count()
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Token `i` in lower case with ’ as ' ([`norm`]); "" past the end.
    #[inline]
    pub fn word(&self, i: usize) -> &str {
        self.lower
            .get(i)
            .and_then(|&[a, b]| self.lowered.get(a..b))
            .unwrap_or("")
    }

    /// Whether [`Doc::word`]`(i)` is `w`: the lengths first, then the bytes
    /// (bytes equal to a whole word lie on character boundaries, so no
    /// boundary need be checked), for the loops that ask it of every
    /// token.
    #[inline]
    pub fn word_is(&self, i: usize, w: &str) -> bool {
        if w.is_empty() {
            return self.word(i).is_empty();
        }
        self.lower.get(i).is_some_and(|&[a, b]| {
            b.wrapping_sub(a) == w.len() && self.lowered.as_bytes().get(a..b) == Some(w.as_bytes())
        })
    }

    /// The first token whose [`Doc::word`] is `w`.
    #[cfg(test)]
    pub fn find_word(&self, w: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.word(i) == w)
    }

    pub fn raw(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    pub fn kind(&self, i: usize) -> Option<TokKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    /// Byte span of tokens `r` (empty span at the text end when empty).
    pub fn span(&self, r: &Range<usize>) -> [usize; 2] {
        match (
            self.tokens.get(r.start),
            r.end.checked_sub(1).and_then(|e| self.tokens.get(e)),
        ) {
            (Some(a), Some(b)) if r.start < r.end => [a.start, b.end],
            _ => [self.text.len(); 2],
        }
    }

    pub fn in_quote(&self, i: usize) -> bool {
        self.quote_of.get(i).copied().flatten().is_some()
    }

    /// Token range of sentence `s`.
    pub fn sentence(&self, s: usize) -> Range<usize> {
        self.sentences.get(s).map_or(0..0, |x| x.tokens.clone())
    }

    /// [`Lexicon::name_gender`] of token `i`: an ASCII token's lowercase
    /// form is its [`Doc::word`], not lowercased anew.
    pub fn name_gender(&self, i: usize) -> Gender {
        let raw = self.raw(i);
        if raw.is_ascii() {
            self.lex.lowercase_name_gender(self.word(i))
        } else {
            self.lex.name_gender(raw)
        }
    }

    /// Whether token `i` starts with an uppercase letter.
    pub fn capitalised(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether token `i` is a word (letters).
    pub fn is_word(&self, i: usize) -> bool {
        matches!(self.kind(i), Some(TokKind::Word))
    }

    pub fn mention_at(&self, i: usize) -> Option<&Ment> {
        self.mention_of
            .get(i)
            .copied()
            .flatten()
            .and_then(|m| self.mentions.get(m))
    }

    /// The tokens of quote `q`, its marks included (found once, when the
    /// document is built).
    pub fn quote_tokens(&self, q: usize) -> Range<usize> {
        self.quote_toks
            .get(q)
            .map_or(0..0, |r| r.start..r.end.max(r.start))
    }
}

/// Lowercase with curly apostrophes straightened.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_norm(&mut out, s);
    out
}

/// Append [`norm`]`(s)` to `out`.
fn push_norm(out: &mut String, s: &str) {
    if s.is_ascii() {
        let at = out.len();
        out.push_str(s);
        out[at..].make_ascii_lowercase();
    } else {
        out.extend(
            s.chars()
                .map(|c| if c == '’' || c == '‘' { '\'' } else { c })
                .flat_map(char::to_lowercase),
        );
    }
}

/// The [`norm`] of every token in one string, and each token's range of
/// it. The string is the text with ASCII capitals lowered, so an ASCII
/// token's normal form lies at the token's own offsets; the other tokens
/// (whose normal form may differ in length: ’ becomes ') follow the text.
/// One bulk copy per article instead of a string per capitalised word.
fn lowered(text: &str, tokens: &[Token]) -> (String, Vec<[usize; 2]>) {
    // (Room for the other tokens' forms, so that the text is not copied
    // again when the first of them is added.)
    let mut buf = String::with_capacity(text.len() + text.len() / 8 + 16);
    buf.push_str(text);
    buf.make_ascii_lowercase();
    // Tokens in text order (as the tokenizer makes them): every token at
    // its own offsets, then the few that hold a non-ASCII byte, found by
    // scanning the text for such bytes eight at a time, get their form
    // appended (in token order, as the loop below appends them).
    let ordered = tokens.iter().all(|t| t.start <= t.end)
        && tokens.windows(2).all(|w| w[0].end <= w[1].start);
    if ordered {
        let mut ranges: Vec<[usize; 2]> = tokens.iter().map(|t| [t.start, t.end]).collect();
        let bytes = text.as_bytes();
        let (mut i, mut j) = (0, 0);
        while i < bytes.len() {
            let eight = bytes
                .get(i..i.saturating_add(8))
                .and_then(|c| <[u8; 8]>::try_from(c).ok());
            if let Some(c) = eight {
                if u64::from_le_bytes(c) & 0x8080_8080_8080_8080 == 0 {
                    i += 8;
                    continue;
                }
            }
            if bytes.get(i).is_some_and(|&b| b >= 0x80) {
                // The first token ending after byte `i`: it holds the byte
                // when it starts at or before it.
                while tokens.get(j).is_some_and(|t| t.end <= i) {
                    j += 1;
                }
                let Some(t) = tokens.get(j) else {
                    break;
                };
                if t.start <= i {
                    let s = t.text(text);
                    if let (false, Some(r)) = (s.is_ascii(), ranges.get_mut(j)) {
                        let a = buf.len();
                        push_norm(&mut buf, s);
                        *r = [a, buf.len()];
                    }
                    i = t.end.max(i + 1);
                    j += 1;
                    continue;
                }
            }
            i += 1;
        }
        return (buf, ranges);
    }
    let ranges = lowered_each(text, tokens, &mut buf);
    (buf, ranges)
}

/// The offsets of each token's form in `buf` (`text` lower-cased, forms
/// appended), looking at every token in turn: an ASCII token's at its own
/// offsets, any other's appended to `buf`. [`lowered`] for tokens in any
/// order.
fn lowered_each(text: &str, tokens: &[Token], buf: &mut String) -> Vec<[usize; 2]> {
    let mut ranges = Vec::with_capacity(tokens.len());
    for t in tokens {
        let s = t.text(text);
        if s.is_ascii() {
            ranges.push([t.start, t.end]);
        } else {
            let a = buf.len();
            push_norm(buf, s);
            ranges.push([a, buf.len()]);
        }
    }
    ranges
}

/// Paragraph index of every token: a blank line, or a line break after a
/// sentence end, a quote mark or a short line, starts a new paragraph.
fn paragraphs(text: &str, tokens: &[Token]) -> Vec<usize> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut p = 0;
    let mut line_start = 0;
    for (i, t) in tokens.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| tokens.get(p)).copied();
        if let Some(prev) = prev.filter(|prev| !plain_gap(text, prev, t)) {
            let gap = text.get(prev.end..t.start).unwrap_or("");
            let newlines = gap.bytes().filter(|&b| b == b'\n').count();
            if newlines > 0 {
                let short = text
                    .get(line_start..prev.end)
                    .is_none_or(|l| fewer_chars(l, 60));
                let ends = matches!(prev.kind, TokKind::Terminal | TokKind::Quote)
                    || prev.text(text).ends_with(':');
                if newlines >= 2 || ends || short || t.kind == TokKind::Quote {
                    p += 1;
                }
                line_start = t.start;
            } else if gap.len() > 200 {
                // A boilerplate gap.
                p += 1;
            }
        }
        out.push(p);
    }
    out
}

/// Whether `s` has fewer than `n` characters, without counting those of a
/// long line (a character takes at most four bytes).
pub fn fewer_chars(s: &str, n: usize) -> bool {
    s.len() < n || (s.len() < 4 * n && s.chars().count() < n)
}

/// Whether token `t` follows `prev` directly or after one character that
/// is not a line break, as most tokens do: no paragraph can start between
/// them, and the gap need not be looked at.
fn plain_gap(text: &str, prev: &Token, t: &Token) -> bool {
    t.start.saturating_sub(prev.end) <= 1 && text.as_bytes().get(prev.end) != Some(&b'\n')
}

/// The tokens of each quote, from its opening mark to its closing one (or
/// its end when unclosed); a range may be reversed (`b < a`) when no token
/// lies within.
fn token_quotes(tokens: &[Token], quotes: &[Marked]) -> Vec<Range<usize>> {
    quotes
        .iter()
        .map(|q| {
            let end = q.close.map_or(q.end, |c| c[1]);
            let a = tokens.partition_point(|t| t.start < q.open[0]);
            let b = tokens.partition_point(|t| t.end <= end);
            a..b
        })
        .collect()
}

/// For each of `n` tokens, the last of `ranges` that holds it: what
/// setting `out[k] = Some(i)` for every `k < n` of every range `i` in turn
/// over `vec![None; n]` gives. Written in one pass instead (the ranges
/// mostly come in order and apart), not zeroed first and then filled.
fn owners(n: usize, ranges: impl Iterator<Item = Range<usize>>) -> Vec<Option<usize>> {
    last_of(n, ranges, None, Some)
}

/// The sentence of each of `n` tokens (0 for a token outside every
/// sentence): as setting it for the tokens of every sentence in turn, in
/// one pass when the sentences follow each other (as the splitter makes
/// them).
fn sentence_of(n: usize, sentences: &[Sentence]) -> Vec<usize> {
    last_of(n, sentences.iter().map(|s| s.tokens.clone()), 0, |i| i)
}

/// For each of `n` tokens, `of(i)` for the last range `i` of `ranges` that
/// holds it, `none` for a token in no range ([`owners`], [`sentence_of`]).
#[inline]
fn last_of<T: Copy>(
    n: usize,
    ranges: impl Iterator<Item = Range<usize>>,
    none: T,
    of: impl Fn(usize) -> T,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(n);
    for (i, r) in ranges.enumerate() {
        let (a, b) = (r.start, r.end.min(n));
        if a >= b {
            continue;
        }
        let written = out.len();
        if a < written {
            // Overlaps a range before it: the later one wins.
            for x in &mut out[a..b.min(written)] {
                *x = of(i);
            }
        } else {
            out.resize(a, none);
        }
        if b > out.len() {
            out.resize(b, of(i));
        }
    }
    out.resize(n, none);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mention_tokens_walked_to_as_searched() {
        let t = "Ana Lúcia met the O’Neill brothers in São Paulo — “twice”, she said.\n\n\
                 Then M. Kowalski-Nowak (of the ÉLYSÉE) left…  at 5:30.";
        let d = Doc::new(t, &[], &[]);
        let cuts: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
        // Spans in order of their start, of every length, as mentions come.
        let mut from = 0;
        for (k, &s) in cuts.iter().enumerate() {
            let mut next = from;
            for &e in &cuts[k..] {
                let r = d.token_range_from(from, s, e);
                let walked = (r.start < r.end).then_some(r.clone());
                assert_eq!(walked, d.token_range(s, e), "{s}..{e}");
                next = r.start;
            }
            from = next;
        }
    }

    #[test]
    fn first_names_gender_as_lowercased() {
        let t = "JOHN and Mary met Émile, ÉMILE, Zoë, MARÍA, maria and Jean-Luc O’Brien.";
        let d = Doc::new(t, &[], &[]);
        for i in 0..d.len() {
            assert_eq!(
                d.name_gender(i),
                d.lex.name_gender(d.raw(i)),
                "{}",
                d.raw(i)
            );
        }
        assert_ne!(d.name_gender(2), Gender::Unknown);
    }

    #[test]
    fn tokens_know_their_quote_and_paragraph() {
        let t = "He said “we won.”\n\nShe left.";
        let d = Doc::new(t, &[], &[]);
        let we = d.find_word("we").unwrap_or(0);
        assert!(d.in_quote(we));
        assert!(!d.in_quote(0));
        let she = d.find_word("she").unwrap_or(0);
        assert_eq!(d.para_of[she], d.para_of[0] + 1);
        assert_eq!(norm("Don’t"), "don't");
    }

    #[test]
    fn owners_agree_with_filling_in_turn() {
        // (start, end) pairs: empty, reversed, overlapping, out of range.
        let cases: &[&[(usize, usize)]] = &[
            &[],
            &[(0, 0), (3, 3)],
            &[(2, 5), (7, 9)],
            &[(2, 5), (4, 8), (1, 3)],
            &[(5, 2), (3, 20), (0, 1)],
            &[(0, 10), (10, 10), (9, 12)],
        ];
        for &pairs in cases {
            let ranges: Vec<Range<usize>> = pairs.iter().map(|&(a, b)| a..b).collect();
            for n in [0, 1, 6, 10, 15] {
                let mut want = vec![None; n];
                let mut sents = vec![0; n];
                for (i, r) in ranges.iter().enumerate() {
                    for k in r.clone() {
                        if let Some(x) = want.get_mut(k) {
                            *x = Some(i);
                        }
                        if let Some(x) = sents.get_mut(k) {
                            *x = i;
                        }
                    }
                }
                assert_eq!(owners(n, ranges.iter().cloned()), want, "{ranges:?} {n}");
                let sentences: Vec<Sentence> = ranges
                    .iter()
                    .map(|r| Sentence {
                        tokens: r.clone(),
                        start: 0,
                        end: 0,
                    })
                    .collect();
                assert_eq!(sentence_of(n, &sentences), sents, "{ranges:?} {n}");
            }
        }
    }

    /// What [`lowered`] gave before its scan for non-ASCII bytes: every
    /// token's form looked at in turn.
    fn lowered_per_token(text: &str, tokens: &[Token]) -> (String, Vec<[usize; 2]>) {
        let mut buf = text.to_ascii_lowercase();
        let ranges = lowered_each(text, tokens, &mut buf);
        (buf, ranges)
    }

    #[test]
    fn lowered_agrees_with_looking_at_every_token() {
        let long = "Ünïcödé “quotes” and ASCII words, ".repeat(40);
        let texts = [
            "",
            "plain ASCII only, said Ms. Roe.",
            "Don’t say ‘never’ — Zoë Ångström said “ÉTÉ” in Köln.",
            "’’’ “”—–…",
            "12345678ß",
            "ab€",
            "Ǆemal İstanbul ΣΟΦΙΑ KELVIN \u{212A}",
            long.as_str(),
        ];
        for t in texts {
            let tokens = crate::analysis::tokenize::tokenize(t);
            assert_eq!(lowered(t, &tokens), lowered_per_token(t, &tokens), "{t:?}");
            let d = Doc::new(t, &[], &[]);
            for (i, tok) in d.tokens.iter().enumerate() {
                assert_eq!(d.word(i), norm(tok.text(t)), "{t:?} {i}");
            }
        }
        // Token ranges the tokenizer never makes: inside a character, past
        // the end, reversed, overlapping, out of order.
        let t = "aé “b” ñ";
        let tok = |start, end| Token {
            start,
            end,
            kind: TokKind::Word,
        };
        let cases = [
            vec![tok(0, 2), tok(2, 3), tok(4, 20)],
            vec![tok(0, 1), tok(3, 1), tok(3, 8)],
            vec![tok(1, 3), tok(0, 1)],
            vec![tok(0, 3), tok(2, 6)],
            vec![tok(6, 7), tok(30, 40)],
            vec![],
        ];
        for tokens in cases {
            assert_eq!(
                lowered(t, &tokens),
                lowered_per_token(t, &tokens),
                "{tokens:?}"
            );
        }
    }

    #[test]
    fn quote_tokens_agree_with_finding_them_again() {
        let texts = [
            "He said “we won.”\n\nShe left.",
            "“A,” he said. 'B' and \"C",
            "“” “ ” “x",
            "",
            "“Ünï” «çödé» said Zoë.",
        ];
        for t in texts {
            let d = Doc::new(t, &[], &[]);
            for q in 0..d.quotes.len() + 2 {
                let again = d.quotes.get(q).map_or(0..0, |m| {
                    let a = d.tokens.partition_point(|x| x.start < m.open[0]);
                    let end = m.close.map_or(m.end, |c| c[1]);
                    let b = d.tokens.partition_point(|x| x.end <= end);
                    a..b.max(a)
                });
                assert_eq!(d.quote_tokens(q), again, "{t:?} {q}");
            }
        }
    }

    #[test]
    fn word_is_agrees_with_word() {
        let t = "That’s it: “THAT” — that, thaT. Ñandú said ÀB. ab";
        let d = Doc::new(t, &[], &[]);
        let words = [
            "that", ":", "'s", "ñandú", "àb", "ab", "", "—", "x", "thatx",
        ];
        for i in 0..d.len() + 2 {
            for w in words {
                assert_eq!(d.word_is(i, w), d.word(i) == w, "{i} {w:?}");
            }
        }
    }

    #[test]
    fn ner_mentions_map_to_tokens() {
        let t = "Pete Hegseth said so.";
        let m = vec![Mention {
            start: 0,
            end: 12,
            label: "PERSON".into(),
            entity: None,
        }];
        let d = Doc::new(t, &[], &m);
        assert_eq!(d.mentions.len(), 1);
        assert_eq!(d.mentions[0].tok, 0..2);
        assert_eq!(d.mentions[0].gender, Gender::Male);
        assert!(d.mention_at(1).is_some());
    }
}
