//! One article as the resolver reads it: tokens, sentences and which
//! mention covers each token.
//!
//! Tokens and sentences come from the shared tokenizer and sentence
//! splitter (`analysis::sentences`), so offsets agree with the NER and
//! quote stages. Title phrases, appositives, nominals and pronoun salience
//! are all read off this view; building it is linear in the article. Each
//! token is folded once here, since the readers above ask for the folded
//! form of the same tokens many times over.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};

use crate::analysis::sentences::{self, Segmented, Sentence};
use crate::analysis::tokenize::{Kind, Token};
use crate::report::{Article, Mention};

use super::chains::{group_of, Group};
use super::lexicon::Lexicon;
use super::names::{fold_into, is_ascii_alnum, is_folded};

/// Tokens, sentences and mention coverage of one article.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub text: &'a str,
    /// Private: readers see a mention's span and group
    /// ([`Doc::mention_span`], [`Doc::mention_group`], …) and its full
    /// label only through [`Doc::label`], which notes the read, so that
    /// [`Doc::labels_read`] is every label that what they built depends
    /// on (speaker linking reuses chains on that word).
    mentions: &'a [Mention],
    /// Borrowed from the caller's segmentation when it has one.
    pub tokens: Cow<'a, [Token]>,
    pub sentences: Cow<'a, [Sentence]>,
    /// For each token, the mention covering it (the longest one when
    /// mentions overlap). This and the other tables below are borrowed
    /// from a [`Kept`] view ([`Doc::with_kept`]).
    pub mention_at: Cow<'a, [Option<usize>]>,
    /// For each token, the sentence holding it.
    pub sentence_of: Cow<'a, [usize]>,
    /// For each mention, its first and one-past-last token (empty when it
    /// covers no token).
    pub mention_tokens: Cow<'a, [(usize, usize)]>,
    /// The mentions are sorted and disjoint (as NER gives them), so binary
    /// searches over them are exact.
    pub mentions_sorted: bool,
    /// For each mention, the group of its label ([`group_of`]), matched
    /// once here: the readers ask it of each mention several times.
    groups: Cow<'a, [Option<Group>]>,
    /// Every token folded ([`super::names::fold`]).
    folded: Folded<'a>,
    /// For each mention, whether its label was read through
    /// [`Doc::label`] ([`Doc::labels_read`]).
    label_read: Vec<Cell<bool>>,
}

/// What of a [`Doc`] with every token folded does not borrow the article
/// ([`Doc::into_kept`]): the tables of its tokens and mentions, and the
/// folded tokens. Bundle resolution keeps it from building the article's
/// chains for speaker linking ([`Doc::with_kept`]).
#[derive(Debug, Clone, Default)]
pub struct Kept {
    mention_at: Vec<Option<usize>>,
    sentence_of: Vec<usize>,
    mention_tokens: Vec<(usize, usize)>,
    mentions_sorted: bool,
    groups: Vec<Option<Group>>,
    folded_text: String,
    folded_spans: Vec<[usize; 2]>,
}

/// The folded tokens of a [`Doc`].
#[derive(Debug, Clone)]
enum Folded<'a> {
    /// All of them: token `i` is `text[spans[i][0]..spans[i][1]]`. For
    /// readers that go through every token (chains, role nominals).
    /// `text` is the article's text in ASCII lowercase, where a token of
    /// ASCII letters and digits (most tokens) is its own fold at its own
    /// span, followed by the folds of the other tokens.
    All {
        text: Cow<'a, str>,
        spans: Cow<'a, [[usize; 2]]>,
    },
    /// Each one when first asked for (borrowed from the text when it is
    /// folded already), for a view that answers a few queries and reads
    /// a few tokens around each (speaker linking): folding every token
    /// of an article for them cost more than the queries.
    Lazy(Vec<OnceCell<Cow<'a, str>>>),
}

/// For each of `n` tokens, the sentence holding it (the last one when
/// sentences overlap; 0 for a token in none). Sentences in order, as the
/// splitter gives them, are written one after another; a zeroed table
/// written over would be cleared and written.
fn sentence_of(sentences: &[Sentence], n: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(n);
    let in_order = sentences.iter().all(|s| s.tokens.start <= s.tokens.end)
        && sentences
            .windows(2)
            .all(|w| w[0].tokens.end <= w[1].tokens.start);
    if !in_order {
        out.resize(n, 0);
        for (si, s) in sentences.iter().enumerate() {
            for t in s.tokens.clone() {
                if let Some(x) = out.get_mut(t) {
                    *x = si;
                }
            }
        }
        return out;
    }
    for (si, s) in sentences.iter().enumerate() {
        let (a, b) = (s.tokens.start.min(n), s.tokens.end.min(n));
        if a < b {
            out.resize(a, 0);
            out.resize(b, si);
        }
    }
    out.resize(n, 0);
    out
}

impl<'a> Doc<'a> {
    pub fn new(article: &'a Article) -> Doc<'a> {
        Doc::from_parts(&article.text, &article.boilerplate, &article.mentions)
    }

    pub fn from_parts(
        text: &'a str,
        boilerplate: &[[usize; 2]],
        mentions: &'a [Mention],
    ) -> Doc<'a> {
        Doc::from_segmented(text, sentences::segment(text, boilerplate), mentions)
    }

    /// The article's view from its segmentation
    /// (`sentences::segment(&article.text, &article.boilerplate)`), which
    /// it borrows.
    pub fn with_segmented(article: &'a Article, seg: &'a Segmented) -> Doc<'a> {
        Doc::build(
            &article.text,
            Cow::Borrowed(&seg.tokens),
            Cow::Borrowed(&seg.sentences),
            &article.mentions,
            true,
        )
    }

    /// [`Doc::with_segmented`] for a few queries: each token is folded
    /// when first read, not all of them up front. The answers are the
    /// same.
    pub fn with_segmented_lazy(article: &'a Article, seg: &'a Segmented) -> Doc<'a> {
        Doc::build(
            &article.text,
            Cow::Borrowed(&seg.tokens),
            Cow::Borrowed(&seg.sentences),
            &article.mentions,
            false,
        )
    }

    /// [`Doc::from_parts`] from the segmentation of `text`.
    pub fn from_segmented(text: &'a str, seg: Segmented, mentions: &'a [Mention]) -> Doc<'a> {
        Doc::build(
            text,
            Cow::Owned(seg.tokens),
            Cow::Owned(seg.sentences),
            mentions,
            true,
        )
    }

    /// The view; `fold_all`: every token folded up front (else each when
    /// first read).
    fn build(
        text: &'a str,
        tokens: Cow<'a, [Token]>,
        sentences: Cow<'a, [Sentence]>,
        mentions: &'a [Mention],
        fold_all: bool,
    ) -> Doc<'a> {
        let n = tokens.len();
        let sentence_of = sentence_of(&sentences, n);
        let mut mention_tokens: Vec<(usize, usize)> = Vec::with_capacity(mentions.len());
        let mut groups: Vec<Option<Group>> = Vec::with_capacity(mentions.len());
        // NER gives its mentions in text order: each one's first token is
        // then found by walking on from the previous one's, not by a
        // binary search of all the tokens (which gives the same token).
        // With the groups matched once, ≈ 0.06 M fewer of the seed
        // bundle's 35 M instructions and 2.7 M of BASIL's 1.6 G.
        let in_order = mentions.windows(2).all(|w| w[0].start <= w[1].start);
        let mut first = 0;
        for m in mentions {
            if in_order {
                while tokens.get(first).is_some_and(|t| t.end <= m.start) {
                    first += 1;
                }
            } else {
                first = tokens.partition_point(|t| t.end <= m.start);
            }
            groups.push(group_of(&m.label));
            let mut last = first;
            while last < tokens.len() && tokens[last].start < m.end {
                last += 1;
            }
            mention_tokens.push((first, last));
        }
        // Where mentions share tokens, the longest one is the token's.
        // When their token ranges follow one another without overlap (as
        // NER's mentions do) no token is shared: each range is written in
        // turn, the tokens between them `None`.
        let shared = mention_tokens.windows(2).any(|w| w[0].1 > w[1].0);
        let mut mention_at: Vec<Option<usize>> = Vec::with_capacity(n);
        if shared {
            mention_at.resize(n, None);
            let mut order: Vec<usize> = (0..mentions.len()).collect();
            crate::sort::by_key(&mut order, |&i| {
                let m = &mentions[i];
                (std::cmp::Reverse(m.end.saturating_sub(m.start)), m.start)
            });
            for i in order {
                let (a, b) = mention_tokens[i];
                for slot in mention_at.iter_mut().take(b).skip(a) {
                    if slot.is_none() {
                        *slot = Some(i);
                    }
                }
            }
        } else {
            for (i, &(a, b)) in mention_tokens.iter().enumerate() {
                let (a, b) = (a.min(n), b.min(n));
                if a < b {
                    mention_at.resize(a, None);
                    mention_at.resize(b, Some(i));
                }
            }
            mention_at.resize(n, None);
        }
        let folded = if fold_all {
            // The text lowercased at once, tokens of ASCII letters and
            // digits pointing into it, spares copying each word: folding
            // token by token into one buffer cost ≈ 0.14 k instructions a
            // token. Room is kept for the other tokens' folds (mostly
            // punctuation, which folds to nothing), so that they seldom
            // copy the text again.
            let mut folded_text = String::with_capacity(text.len() + text.len() / 8);
            folded_text.push_str(text);
            folded_text.make_ascii_lowercase();
            let spans = tokens
                .iter()
                .map(|t| match text.as_bytes().get(t.start..t.end) {
                    // ASCII bytes at both ends: the span is on character
                    // boundaries, and the word is its own fold there.
                    Some(w) if !w.is_empty() && is_ascii_alnum(w) => [t.start, t.end],
                    _ => {
                        let from = folded_text.len();
                        fold_into(t.text(text), &mut folded_text);
                        [from, folded_text.len()]
                    }
                })
                .collect();
            Folded::All {
                text: Cow::Owned(folded_text),
                spans: Cow::Owned(spans),
            }
        } else {
            Folded::Lazy(vec![OnceCell::new(); tokens.len()])
        };
        Doc {
            text,
            mentions,
            tokens,
            sentences,
            mention_at: Cow::Owned(mention_at),
            sentence_of: Cow::Owned(sentence_of),
            mention_tokens: Cow::Owned(mention_tokens),
            mentions_sorted: mentions.windows(2).all(|w| w[0].end <= w[1].start),
            groups: Cow::Owned(groups),
            folded,
            label_read: vec![Cell::new(false); mentions.len()],
        }
    }

    /// What of this view does not borrow the article, when every token
    /// was folded up front ([`Doc::with_segmented`], [`Doc::from_parts`]),
    /// for [`Doc::with_kept`].
    pub fn into_kept(self) -> Option<Kept> {
        let Folded::All { text, spans } = self.folded else {
            return None;
        };
        Some(Kept {
            mention_at: self.mention_at.into_owned(),
            sentence_of: self.sentence_of.into_owned(),
            mention_tokens: self.mention_tokens.into_owned(),
            mentions_sorted: self.mentions_sorted,
            groups: self.groups.into_owned(),
            folded_text: text.into_owned(),
            folded_spans: spans.into_owned(),
        })
    }

    /// The view [`Doc::with_segmented`] builds, from what one built on the
    /// same text and segmentation, and on mentions of the same spans and
    /// groups as `article`'s, kept ([`Doc::into_kept`]): speaker linking
    /// reads the article again after bundle resolution, and building the
    /// view anew took ≈ 0.16 M of the seed bundle's 10 M instructions of
    /// bundle-level work. `None` when `kept` was not built on as many
    /// tokens and mentions. Labels are read from `article` and noted
    /// afresh.
    pub fn with_kept(article: &'a Article, seg: &'a Segmented, kept: &'a Kept) -> Option<Doc<'a>> {
        let (n, mentions) = (seg.tokens.len(), &article.mentions);
        if kept.sentence_of.len() != n
            || kept.mention_at.len() != n
            || kept.folded_spans.len() != n
            || kept.mention_tokens.len() != mentions.len()
            || kept.groups.len() != mentions.len()
        {
            return None;
        }
        Some(Doc {
            text: &article.text,
            mentions,
            tokens: Cow::Borrowed(&seg.tokens),
            sentences: Cow::Borrowed(&seg.sentences),
            mention_at: Cow::Borrowed(&kept.mention_at),
            sentence_of: Cow::Borrowed(&kept.sentence_of),
            mention_tokens: Cow::Borrowed(&kept.mention_tokens),
            mentions_sorted: kept.mentions_sorted,
            groups: Cow::Borrowed(&kept.groups),
            folded: Folded::All {
                text: Cow::Borrowed(&kept.folded_text),
                spans: Cow::Borrowed(&kept.folded_spans),
            },
            label_read: vec![Cell::new(false); mentions.len()],
        })
    }

    /// Text of token `i` ("" when out of range).
    pub fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map(|t| t.text(self.text)).unwrap_or("")
    }

    /// Folded text of token `i` ("" when out of range). Inlined for the
    /// readers that go through every token ([`super::nominal::role_nominals`]
    /// asks it of each); the lazy view's path stays a call.
    #[inline]
    pub fn folded(&self, i: usize) -> &str {
        match &self.folded {
            Folded::All { text, spans } => spans
                .get(i)
                .and_then(|&[start, end]| text.get(start..end))
                .unwrap_or(""),
            Folded::Lazy(cells) => self.folded_lazy(cells, i),
        }
    }

    /// [`Doc::folded`] of the lazy view: token `i` folded when first read.
    #[inline(never)]
    fn folded_lazy<'s>(&'s self, cells: &'s [OnceCell<Cow<'a, str>>], i: usize) -> &'s str {
        let Some(cell) = cells.get(i) else {
            return "";
        };
        cell.get_or_init(|| {
            let word = self.word(i);
            // Lowercase ASCII letters and digits fold to themselves.
            if is_folded(word) {
                Cow::Borrowed(word)
            } else {
                let mut folded = String::new();
                fold_into(word, &mut folded);
                Cow::Owned(folded)
            }
        })
    }

    /// [`Lexicon::country_key`] of token `i`, from its folded form (a
    /// token holds no whitespace, so its phrase key is its folded form).
    pub fn country_key(&self, i: usize, lex: &Lexicon) -> Option<String> {
        let word = self.word(i);
        if word.contains(char::is_whitespace) {
            return lex.country_key(word);
        }
        lex.country_key_folded(self.folded(i))
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    /// Index of the first token starting at or after byte `at`.
    pub fn token_from(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| t.start < at)
    }

    /// Index of the first token ending after byte `at` (the token holding
    /// `at`, or the next one).
    pub fn token_at(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| t.end <= at)
    }

    /// The sentence holding byte `at` (the previous one in a gap).
    pub fn sentence_at(&self, at: usize) -> usize {
        self.sentences
            .partition_point(|s| s.start <= at)
            .saturating_sub(1)
    }

    /// First token of token `i`'s sentence.
    pub fn sentence_start(&self, i: usize) -> usize {
        self.sentence_of
            .get(i)
            .and_then(|&s| self.sentences.get(s))
            .map(|s| s.tokens.start)
            .unwrap_or(0)
    }

    /// One past the last token of token `i`'s sentence.
    pub fn sentence_end(&self, i: usize) -> usize {
        self.sentence_of
            .get(i)
            .and_then(|&s| self.sentences.get(s))
            .map(|s| s.tokens.end)
            .unwrap_or(self.tokens.len())
    }

    /// Whether the gap between tokens `a` and `a + 1` holds a line break.
    pub fn break_after(&self, a: usize) -> bool {
        match (self.tokens.get(a), self.tokens.get(a + 1)) {
            (Some(x), Some(y)) => self
                .text
                .get(x.end..y.start)
                .is_none_or(|g| g.contains('\n')),
            _ => true,
        }
    }

    /// How many mentions the article has.
    pub fn mention_count(&self) -> usize {
        self.mentions.len()
    }

    /// Start and end byte of mention `mi`.
    pub fn mention_span(&self, mi: usize) -> Option<(usize, usize)> {
        self.mentions.get(mi).map(|m| (m.start, m.end))
    }

    /// Start byte of mention `mi`, which must be one of the article's
    /// (an index taken from this view or its chains).
    pub fn mention_start(&self, mi: usize) -> usize {
        self.mentions[mi].start
    }

    /// The text of mention `mi` (`None` when out of range or off the
    /// text).
    pub fn mention_text(&self, mi: usize) -> Option<&'a str> {
        let m = self.mentions.get(mi)?;
        self.text.get(m.start..m.end)
    }

    /// The group of mention `mi`'s label ([`group_of`]; `None` for a
    /// label that is no name, or out of range). Not noted as a read of
    /// the label: writing entities back changes a label only within its
    /// group, or tells ([`Doc::labels_read`]).
    pub fn mention_group(&self, mi: usize) -> Option<Group> {
        self.groups.get(mi).copied().flatten()
    }

    /// Start and end byte of each mention, in order.
    pub fn mention_spans(
        &self,
    ) -> impl ExactSizeIterator<Item = (usize, usize)> + DoubleEndedIterator + Clone + 'a {
        self.mentions.iter().map(|m| (m.start, m.end))
    }

    /// The number of leading mentions whose span (start, end) satisfies
    /// `pred` (a binary search: `pred` must hold of a prefix, as with
    /// [`slice::partition_point`]).
    pub fn mention_partition(&self, mut pred: impl FnMut(usize, usize) -> bool) -> usize {
        self.mentions.partition_point(|m| pred(m.start, m.end))
    }

    /// The label of the mention covering token `i`.
    pub fn label_at(&self, i: usize) -> Option<&'a str> {
        let mi = (*self.mention_at.get(i)?)?;
        (mi < self.mentions.len()).then(|| self.label(mi))
    }

    /// The label of mention `mi` ("" when out of range), noted as read.
    /// Readers that need more of a label than its group
    /// ([`super::chains::group_of`]) ask here, so that
    /// [`Doc::labels_read`] can tell which labels what they built depends
    /// on.
    pub fn label(&self, mi: usize) -> &'a str {
        if let Some(read) = self.label_read.get(mi) {
            read.set(true);
        }
        self.mentions.get(mi).map_or("", |m| m.label.as_str())
    }

    /// For each mention, whether its label was read through
    /// [`Doc::label`] so far.
    pub fn labels_read(&self) -> Vec<bool> {
        self.label_read.iter().map(Cell::get).collect()
    }

    /// Whether token `i` starts with a capital letter.
    pub fn capitalised(&self, i: usize) -> bool {
        self.word(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether token `i` is a possessive clitic ('s / ’s).
    pub fn is_possessive(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Clitic) && self.folded(i) == "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, needle: &str, label: &str) -> Mention {
        let start = text.find(needle).expect("needle");
        Mention {
            start,
            end: start + needle.len(),
            label: label.into(),
            entity: None,
        }
    }

    #[test]
    fn tokens_know_their_mentions_and_sentences() {
        let text = "Russian President Ivan Petrov spoke. He left.";
        let ms = vec![
            mention(text, "Ivan Petrov", "PERSON"),
            mention(text, "Russian", "NORP"),
        ];
        let d = Doc::from_parts(text, &[], &ms);
        let ivan = d.token_from(text.find("Ivan").unwrap());
        assert_eq!(d.mention_at[ivan], Some(0));
        assert_eq!(d.mention_at[0], Some(1));
        assert_eq!(d.mention_tokens[0], (ivan, ivan + 2));
        assert_eq!(d.sentences.len(), 2);
        assert_eq!(d.sentence_at(text.find("He").unwrap()), 1);
        assert_eq!(d.label_at(ivan + 1), Some("PERSON"));
    }

    #[test]
    fn mention_tokens_walked_to_as_searched() {
        let text = "Ana Lúcia met the O’Neill brothers in São Paulo — “twice”, she said.\n\n\
                    Then M. Kowalski-Nowak (of the ÉLYSÉE) left…  at 5:30.";
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        // Spans in order of their start, of every length and overlapping,
        // as mentions in text order come; then the same out of order.
        let mut ms: Vec<Mention> = Vec::new();
        for (k, &start) in cuts.iter().enumerate() {
            for &end in cuts[k..].iter().step_by(7) {
                ms.push(Mention {
                    start,
                    end,
                    label: "ORG".into(),
                    entity: None,
                });
            }
        }
        let searched = |d: &Doc, m: &Mention| {
            let first = d.tokens.partition_point(|t| t.end <= m.start);
            let last = first
                + d.tokens[first..]
                    .iter()
                    .take_while(|t| t.start < m.end)
                    .count();
            (first, last)
        };
        let check = |ms: &[Mention]| {
            let d = Doc::from_parts(text, &[], ms);
            for (mi, m) in ms.iter().enumerate() {
                let want = searched(&d, m);
                assert_eq!(d.mention_tokens[mi], want, "{}..{}", m.start, m.end);
            }
        };
        check(&ms);
        ms.reverse();
        check(&ms);
    }

    #[test]
    fn only_the_label_itself_is_noted_as_read() {
        let text = "Ann Lee met Bob Roe in Lodz. Then Lodz.";
        let ms = vec![
            mention(text, "Ann Lee", "PERSON"),
            mention(text, "Bob Roe", "PER"),
            mention(text, "Lodz", "LOC"),
            Mention {
                start: 90,
                end: 99,
                label: "DATE".into(),
                entity: None,
            },
        ];
        let d = Doc::from_parts(text, &[], &ms);
        assert_eq!(d.mention_count(), 4);
        let spans: Vec<(usize, usize)> = d.mention_spans().collect();
        assert_eq!(
            spans,
            ms.iter().map(|m| (m.start, m.end)).collect::<Vec<_>>()
        );
        for (mi, m) in ms.iter().enumerate() {
            assert_eq!(d.mention_span(mi), Some((m.start, m.end)));
            assert_eq!(d.mention_start(mi), m.start);
            assert_eq!(d.mention_text(mi), text.get(m.start..m.end));
            assert_eq!(d.mention_group(mi), group_of(&m.label));
        }
        assert_eq!(d.mention_span(4), None);
        assert_eq!(d.mention_text(3), None);
        assert_eq!(d.mention_group(4), None);
        assert_eq!(d.mention_group(1), Some(Group::Person));
        assert_eq!(d.mention_group(2), Some(Group::Place));
        let lodz = text.find("Lodz").unwrap();
        assert_eq!(d.mention_partition(|s, _| s < lodz), 2);
        assert_eq!(d.mention_partition(|_, e| e <= lodz), 2);
        // None of that reads a label.
        assert_eq!(d.labels_read(), [false; 4]);
        assert_eq!(d.label(1), "PER");
        assert_eq!(d.label(9), "");
        assert_eq!(d.label_at(d.token_from(lodz)), Some("LOC"));
        assert_eq!(d.labels_read(), [false, true, true, false]);
    }

    #[test]
    fn lazy_folding_agrees_with_folding_up_front() {
        let text = "Élysée said: “Kovalenko’s U.S. trip” — O'Brien, 42 DON'T ßtraße ǅ x\u{301}.\n\nthe ÆON İstanbul";
        let article = Article {
            text: text.into(),
            mentions: vec![
                mention(text, "Élysée", "ORG"),
                mention(text, "O'Brien", "PERSON"),
            ],
            ..Default::default()
        };
        let seg = sentences::segment(text, &[]);
        let eager = Doc::with_segmented(&article, &seg);
        let lazy = Doc::with_segmented_lazy(&article, &seg);
        assert!(eager.tokens.len() > 10);
        // Out of order, twice each, and past the end.
        for i in (0..eager.tokens.len() + 2)
            .rev()
            .chain(0..eager.tokens.len() + 2)
        {
            assert_eq!(eager.folded(i), lazy.folded(i), "token {i}");
            assert_eq!(lazy.folded(i), super::super::names::fold(eager.word(i)));
        }
        assert_eq!(eager.mention_at, lazy.mention_at);
        let empty = Article::default();
        let seg = sentences::segment("", &[]);
        assert_eq!(Doc::with_segmented_lazy(&empty, &seg).folded(0), "");
        // Words of ASCII letters and digits in any case (read off the
        // lowercased text), and tokens off the text (a segmentation of a
        // longer one) fold as the rule says.
        let text = "MacBook r2D2 ABC 7 naïve CAFÉ x-Y Zürich, 1.5 OK";
        let seg = sentences::segment(text, &[]);
        let short = Article {
            text: text[..20].into(),
            ..Default::default()
        };
        for article in [
            Article {
                text: text.into(),
                ..Default::default()
            },
            short,
        ] {
            let eager = Doc::with_segmented(&article, &seg);
            for i in 0..seg.tokens.len() + 1 {
                let word = seg.tokens.get(i).map_or("", |t| t.text(&article.text));
                assert_eq!(
                    eager.folded(i),
                    super::super::names::fold(word),
                    "token {i}"
                );
            }
        }
    }

    #[test]
    fn kept_view_is_the_one_built_anew() {
        let text = "Élysée said: “Kovalenko’s U.S. trip” — O'Brien met Zoë Ngũgĩ in Łódź.\n\n\
                    Then the ÆON board left Lodz, and O'Brien spoke; 42 DON'T ßtraße.";
        let mut article = Article {
            text: text.into(),
            mentions: vec![
                mention(text, "Élysée", "ORG"),
                mention(text, "Kovalenko", "PERSON"),
                mention(text, "O'Brien", "PERSON"),
                mention(text, "Zoë Ngũgĩ", "PER"),
                mention(text, "Łódź", "LOC"),
                mention(text, "ÆON", "ORG"),
                mention(text, "Lodz", "GPE"),
            ],
            ..Default::default()
        };
        let seg = sentences::segment(text, &[]);
        let kept = Doc::with_segmented(&article, &seg).into_kept().unwrap();
        assert!(Doc::with_segmented_lazy(&article, &seg)
            .into_kept()
            .is_none());
        // Relabelled within its group, as writing entities back does.
        article.mentions[4].label = "GPE".into();
        let built = Doc::with_segmented(&article, &seg);
        let reused = Doc::with_kept(&article, &seg, &kept).unwrap();
        assert_eq!(reused.mention_at, built.mention_at);
        assert_eq!(reused.sentence_of, built.sentence_of);
        assert_eq!(reused.mention_tokens, built.mention_tokens);
        assert_eq!(reused.mentions_sorted, built.mentions_sorted);
        assert_eq!(reused.tokens, built.tokens);
        for mi in 0..article.mentions.len() + 1 {
            assert_eq!(reused.mention_group(mi), built.mention_group(mi));
            assert_eq!(reused.label(mi), built.label(mi));
        }
        assert_eq!(reused.labels_read(), built.labels_read());
        for i in 0..seg.tokens.len() + 2 {
            assert_eq!(reused.folded(i), built.folded(i), "token {i}");
        }
        // Not built on as many tokens or mentions: no view.
        article.mentions.pop();
        assert!(Doc::with_kept(&article, &seg, &kept).is_none());
        let other = sentences::segment("Two words.", &[]);
        assert!(Doc::with_kept(&article, &other, &kept).is_none());
    }

    #[test]
    fn tables_written_in_order_are_the_general_ones() {
        // The general rule: every sentence's tokens, then every mention's
        // (longest first), written over a zeroed table.
        fn general_sentences(sentences: &[Sentence], n: usize) -> Vec<usize> {
            let mut out = vec![0; n];
            for (si, s) in sentences.iter().enumerate() {
                for t in s.tokens.clone() {
                    if let Some(x) = out.get_mut(t) {
                        *x = si;
                    }
                }
            }
            out
        }
        let text = "Ann Lee met Bob Roe in Lodz. Then Lodz, and Ann Lee left. ";
        let seg = sentences::segment(text, &[]);
        let n = seg.tokens.len();
        assert_eq!(
            sentence_of(&seg.sentences, n),
            general_sentences(&seg.sentences, n)
        );
        // Overlapping, reversed, empty and out-of-range sentences.
        let s = |a: usize, b: usize| Sentence {
            tokens: a..b,
            ..seg.sentences[0].clone()
        };
        for list in [
            vec![],
            vec![s(0, 3), s(2, 5)],
            vec![s(0, 4), s(9, 1), s(2, 6)],
            vec![s(1, 1), s(1, 3), s(5, n + 4)],
            vec![s(3, 6), s(0, 2)],
            vec![s(0, n)],
        ] {
            assert_eq!(
                sentence_of(&list, n),
                general_sentences(&list, n),
                "{list:?}"
            );
        }
        // Disjoint mentions (one off the text), then overlapping ones.
        let disjoint = vec![
            mention(text, "Ann Lee", "PERSON"),
            mention(text, "Lodz", "GPE"),
            Mention {
                start: 200,
                end: 210,
                label: "ORG".into(),
                entity: None,
            },
        ];
        let overlapping = vec![
            mention(text, "Lee met Bob", "ORG"),
            mention(text, "Ann Lee", "PERSON"),
            mention(text, "Bob Roe", "PERSON"),
        ];
        for ms in [disjoint, overlapping] {
            let d = Doc::from_parts(text, &[], &ms);
            let mut want = vec![None; d.tokens.len()];
            let mut order: Vec<usize> = (0..ms.len()).collect();
            order.sort_by_key(|&i| (std::cmp::Reverse(ms[i].end - ms[i].start), ms[i].start));
            for i in order {
                let (a, b) = d.mention_tokens[i];
                for slot in want.iter_mut().take(b).skip(a) {
                    *slot = slot.or(Some(i));
                }
            }
            assert_eq!(d.mention_at, want);
            assert!(d.mention_at.iter().any(Option::is_some));
        }
    }

    #[test]
    fn mentions_off_the_text_are_harmless() {
        let text = "Short.";
        let ms = vec![Mention {
            start: 50,
            end: 70,
            label: "PERSON".into(),
            entity: None,
        }];
        let d = Doc::from_parts(text, &[], &ms);
        assert_eq!(d.mention_tokens[0].0, d.mention_tokens[0].1);
    }
}
