//! Named-entity recognition: a trained two-stage sequence tagger plus rule
//! layers, producing the `mentions` of an article.
//!
//! - [`tagger`] (with [`features`], [`model`], [`lexicon`], [`labels`]): the
//!   statistical part, trained on CoNLL-2003 by `parallax-train` (see
//!   `BENCHMARKS.md`); its weights and word tables are generated files in
//!   `assets/ner/`, embedded with `include_bytes!`.
//! - [`types`]: maps the CoNLL types to report labels (PERSON, ORG, GPE,
//!   LOC, NORP, EVENT, MISC) with gazetteers and lexicons.
//! - [`rules`]: MONEY, PERCENT, QUANTITY, CARDINAL, DATE, TIME and ROLE.
//!
//! Everything here is pure Rust without I/O; it runs on wasm32.

pub mod cm;
pub mod features;
pub mod hash;
pub mod labels;
pub mod lanes;
pub mod lexicon;
pub mod model;
pub mod rules;
pub mod tagger;
#[cfg(not(target_arch = "wasm32"))]
pub mod train;
pub mod types;

use std::sync::OnceLock;

/// The generated assets, embedded in the binary.
pub const LEXICON_GZ: &[u8] = include_bytes!("../../../assets/ner/lexicon.bin.gz");
pub const MODEL_GZ: &[u8] = include_bytes!("../../../assets/ner/model.bin.gz");

/// The shared tagger, loaded on first use.
///
/// Inside a pool of several threads ([`crate::par`]) the lexicon and the
/// second part of the model ([`model::Model::from_gzip_parallel`]) are
/// decoded on threads of their own while this one decodes the model's
/// first part (decoding was most of a command-line run on a small bundle:
/// ≈ 14 ms and ≈ 45 ms of CPU, in turn). A thread of the pool cannot take
/// those parts: the pool's other threads are waiting for the tagger too,
/// and one that took other work while this thread waited could need the
/// tagger there before it is made.
pub fn tagger() -> &'static tagger::Tagger {
    static TAGGER: OnceLock<tagger::Tagger> = OnceLock::new();
    TAGGER.get_or_init(|| {
        if crate::par::in_pool_of_several() {
            let (lex, model) = decode_side_by_side();
            return tagger::Tagger { lex, model };
        }
        tagger::Tagger {
            lex: lexicon::Lexicon::from_gzip(LEXICON_GZ),
            model: model::Model::from_gzip(MODEL_GZ),
        }
    })
}

/// The lexicon decoded on a new thread while this one decodes the model
/// ([`crate::par::beside`]).
fn decode_side_by_side() -> (lexicon::Lexicon, Option<model::Model>) {
    let (model, lex) = crate::par::beside(
        || model::Model::from_gzip_parallel(MODEL_GZ),
        || lexicon::Lexicon::from_gzip(LEXICON_GZ),
    );
    (lex, model)
}

/// Version of the embedded model, `None` when none is embedded.
pub fn model_version() -> Option<String> {
    tagger().model.as_ref().map(|m| m.version.clone())
}

use crate::analysis::sentences::Segmented;
use crate::analysis::tokenize::Token;
use crate::report::Mention;

/// The token as the model sees it: typographic quotes, apostrophes and
/// dashes in the ASCII forms of its newswire training data.
pub fn model_form(word: &str) -> std::borrow::Cow<'_, str> {
    if word.is_ascii() {
        return std::borrow::Cow::Borrowed(word);
    }
    match word {
        "“" | "”" | "„" | "«" | "»" | "‟" | "＂" => return "\"".into(),
        "‘" | "’" | "‚" | "‹" | "›" | "‛" => return "'".into(),
        "—" | "–" | "―" | "‒" | "−" => return "-".into(),
        "…" => return "...".into(),
        _ => {}
    }
    // Most such words have no apostrophe ("Zürich", "—"): borrowed, not
    // copied by `str::replace` (a search and a new string for each).
    let apostrophe = |c: char| matches!(c, '’' | '‘' | 'ʼ');
    let Some(at) = word.find(apostrophe) else {
        return std::borrow::Cow::Borrowed(word);
    };
    let (head, rest) = word.split_at(at);
    let mut out = String::with_capacity(word.len());
    out.push_str(head);
    out.extend(rest.chars().map(|c| if apostrophe(c) { '\'' } else { c }));
    out.into()
}

/// Entity and rule mentions of a segmented article (no `entity` ids yet),
/// sorted by start, never overlapping.
pub fn mentions(text: &str, seg: &Segmented) -> Vec<Mention> {
    // Whether each token's text is ASCII (its model form is then the text).
    let mut ascii = Vec::with_capacity(seg.tokens.len());
    let forms: Vec<std::borrow::Cow<'_, str>> = seg
        .tokens
        .iter()
        .map(|t| {
            let w = t.text(text);
            let a = w.is_ascii();
            ascii.push(a);
            // (What `model_form` gives an ASCII word, without asking again.)
            if a {
                std::borrow::Cow::Borrowed(w)
            } else {
                model_form(w)
            }
        })
        .collect();
    let doc = features::Doc {
        words: forms.iter().map(|w| w.as_ref()).collect(),
        sentences: seg.sentences.iter().map(|s| s.tokens.clone()).collect(),
    };
    let tagger = tagger();
    let cases = features::line_cases(&doc);
    let labels = tagger.tag_cased(&doc, &cases);
    // Every word lowercased once.
    let lowered = text.to_ascii_lowercase();
    let mut arena = String::new();
    let lower_all = lower_words(&seg.tokens, &doc.words, &ascii, &lowered, &mut arena);
    let heads: Vec<bool> = doc
        .sentences
        .iter()
        .zip(&cases)
        .map(|(s, &case)| {
            doc.words
                .get(s.clone())
                .is_some_and(|words| is_heading(case, words))
        })
        .collect();
    let mid_caps = body_capitalised(&doc, &lower_all, &heads);
    let mut out = Vec::new();
    // Whether `out` is in order of start, end: each sentence's mentions
    // are sorted as they are made, a few at a time (the whole list sorted
    // at the end took ≈ 0.1 M instructions of the seed bundle).
    let mut in_order = true;
    // Per-sentence buffers, reused.
    let mut covered = Vec::new();
    let mut spans = Vec::new();
    let mut scratch = rules::Scratch::default();
    for (si, s) in seg.sentences.iter().enumerate() {
        let r = s.tokens.clone();
        let Some(sent_labels) = labels.get(r.clone()) else {
            continue;
        };
        let (Some(words), Some(lws)) = (doc.words.get(r.clone()), lower_all.get(r.clone())) else {
            continue;
        };
        let headline = heads.get(si).copied().unwrap_or(false);
        let first = out.len();
        covered.clear();
        covered.resize(r.len(), false);
        spans.clear();
        for (a, b, t) in labels::spans(sent_labels) {
            let (a, b) = trim_span(words, a, b);
            if a < b {
                refine(words, lws, a, b, t, &mut spans);
            }
        }
        for &(a, b, t) in &spans {
            let (a, b) = if headline {
                supported(&tagger.lex, words, lws, &mid_caps, a, b)
            } else {
                (a, b)
            };
            if a >= b || covered[a..b].iter().any(|&c| c) {
                continue;
            }
            let label = types::label(&tagger.lex, t, &words[a..b]);
            for c in &mut covered[a..b] {
                *c = true;
            }
            out.push(Mention {
                start: seg.tokens[r.start + a].start,
                end: seg.tokens[r.start + b - 1].end,
                label: label.to_string(),
                entity: None,
            });
        }
        for sp in rules::spans_with(words, lws, &covered, &mut scratch) {
            out.push(Mention {
                start: seg.tokens[r.start + sp.start].start,
                end: seg.tokens[r.start + sp.end - 1].end,
                label: sp.label.to_string(),
                entity: None,
            });
        }
        let key = |m: &Mention| (m.start, m.end);
        if let Some(mine) = out.get_mut(first..) {
            mine.sort_by_key(key);
        }
        if let (Some(a), Some(b)) = (
            first.checked_sub(1).and_then(|k| out.get(k)),
            out.get(first),
        ) {
            in_order &= key(a) <= key(b);
        }
    }
    if !in_order {
        out.sort_by_key(|m| (m.start, m.end));
    }
    out
}

/// Every word of `words` (the model forms of `tokens`) lowercased, as
/// `str::to_lowercase`. A token whose text is ASCII (`ascii`) is its own
/// place in `lowered`, the text with `to_ascii_lowercase` (which keeps
/// every byte offset): no copy of its own. The other words are lowercased
/// into `arena`.
fn lower_words<'a>(
    tokens: &[Token],
    words: &[&str],
    ascii: &[bool],
    lowered: &'a str,
    arena: &'a mut String,
) -> Vec<&'a str> {
    let mut ends = Vec::new();
    for (w, _) in words.iter().zip(ascii).filter(|(_, &a)| !a) {
        arena.push_str(&w.to_lowercase());
        ends.push(arena.len());
    }
    let arena: &'a String = arena;
    let mut start = 0;
    let mut ends = ends.into_iter();
    tokens
        .iter()
        .zip(ascii)
        .map(|(t, &a)| {
            if a {
                lowered.get(t.start..t.end).unwrap_or("")
            } else {
                let end = ends.next().unwrap_or(start);
                let w = arena.get(start..end).unwrap_or("");
                start = end;
                w
            }
        })
        .collect()
}

/// Drop punctuation and quote marks at the edges of an entity span.
fn trim_span(words: &[&str], mut a: usize, mut b: usize) -> (usize, usize) {
    let edge = |w: &str| !w.chars().any(char::is_alphanumeric);
    while a < b && edge(words[a]) {
        a += 1;
    }
    while b > a && edge(words[b - 1]) {
        b -= 1;
    }
    (a, b)
}

/// Whether a sentence of `words` (of [`features::line_case`] `case`) is a
/// headline or section heading: capitals or Title Case, or a short line of
/// capitalised words without final punctuation ("The Road Ahead").
fn is_heading(case: features::LineCase, words: &[&str]) -> bool {
    if case != features::LineCase::Normal {
        return true;
    }
    let alpha = || {
        words
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic) && !w.starts_with('\''))
    };
    let ends = words
        .last()
        .is_some_and(|w| matches!(*w, "." | "!" | "?" | ":" | "\"" | "'"));
    !ends
        && (2..=8).contains(&alpha().count())
        && alpha().all(|w| {
            w.starts_with(char::is_uppercase)
                || matches!(*w, "and" | "of" | "the" | "in" | "on" | "for" | "to" | "a")
        })
}

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters) && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '&')
}

/// Split or trim a model span so titles are not part of names:
/// "Sec. Hale" → PERSON "Hale"; "CIA Director Jo Roe" → ORG "CIA" + PERSON
/// "Jo Roe"; "Kremlin Press" before "Secretary" → ORG "Kremlin".
fn refine(
    words: &[&str],
    lws: &[&str],
    mut a: usize,
    mut b: usize,
    t: usize,
    out: &mut Vec<(usize, usize, usize)>,
) {
    const PER: usize = 0;
    const ORG: usize = 1;
    if t == PER {
        // A role inside the name: the name is what follows it.
        if let Some(k) = (a..b.saturating_sub(1)).rev().find(|&k| {
            let n = rules::role_len(lws, k);
            n > 0 && k + n < b && words[k].starts_with(char::is_uppercase)
        }) {
            let n = rules::role_len(lws, k);
            if k > a && is_acronym(words[a]) {
                out.push((a, a + 1, ORG));
            }
            a = k + n;
        }
        while a < b
            && (crate::analysis::tokenize::is_prefix_abbreviation(words[a])
                && words[a].ends_with('.'))
        {
            a += 1;
        }
        if b - a >= 3 && is_acronym(words[a]) {
            out.push((a, a + 1, ORG));
            a += 1;
        }
    } else {
        // A role phrase that starts inside the span and runs past its end.
        if let Some(k) = (a + 1..b).find(|&k| {
            let n = rules::role_len(lws, k);
            n > 0 && k + n > b
        }) {
            b = k;
        }
    }
    if a < b {
        out.push((a, b, t));
    }
}

/// Lowercased words (as [`body_key`]s) that occur capitalised inside
/// ordinary sentences of the document (not sentence-initial, not in a
/// headline line).
fn body_capitalised(doc: &features::Doc, lower: &[&str], heads: &[bool]) -> hash::HashMap64<()> {
    let mut set = hash::HashMap64::default();
    for (s, &head) in doc.sentences.iter().zip(heads) {
        let (Some(words), Some(lws)) = (doc.words.get(s.clone()), lower.get(s.clone())) else {
            continue;
        };
        if head {
            continue;
        }
        let first = words
            .iter()
            .position(|w| w.chars().any(char::is_alphanumeric));
        for (k, (w, lw)) in words.iter().zip(lws).enumerate() {
            if Some(k) != first && w.starts_with(char::is_uppercase) {
                set.insert(body_key(lw), ());
            }
        }
    }
    set
}

fn body_key(lower: &str) -> u64 {
    hash::str(0x424f_4459, lower)
}

/// In a headline line keep only the part of a span whose words the rest of
/// the document (or a gazetteer, or acronym spelling) supports as a name, so
/// "Towards Shared Goals" or "Pentagon Chief Says" do not become entities.
fn supported(
    lex: &lexicon::Lexicon,
    words: &[&str],
    lws: &[&str],
    body: &hash::HashMap64<()>,
    mut a: usize,
    mut b: usize,
) -> (usize, usize) {
    let ok = |k: usize| {
        if features::FUNCTION_WORDS.contains(&lws[k]) {
            return false;
        }
        let key = lexicon::gaz_key_push(lexicon::gaz_key_start(), lws[k]);
        body.contains_key(&body_key(lws[k]))
            || (lex.gaz_flags(key) != 0 && !is_common(lws[k]))
            || (is_acronym(words[k]) && !is_common(lws[k]))
    };
    while a < b && !ok(a) {
        a += 1;
    }
    while b > a && !ok(b - 1) {
        b -= 1;
    }
    (a, b)
}

/// A short all-caps word that is an ordinary word ("KEY", "WAR") rather
/// than an acronym: it has a Brown cluster only in lowercase.
fn is_common(lower: &str) -> bool {
    let lex = &tagger().lex;
    lex.words.contains_key(&lexicon::word_key(lower))
        && !lex
            .words
            .contains_key(&lexicon::word_key(&lower.to_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lexicon and model decoded side by side inside a pool of two
    /// threads tag every token of the example bundle as the shared
    /// tagger does (decoded in turn on a test thread, outside a pool).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn side_by_side_decoding_tags_as_decoding_in_turn() {
        let (lex, model) = crate::par::install(2, || {
            assert!(crate::par::in_pool_of_several());
            decode_side_by_side()
        });
        assert!(model.is_some() && !crate::par::in_pool_of_several());
        let both = tagger::Tagger { lex, model };
        let bundle = crate::ingest::ingest(crate::example::files());
        let mut names = 0;
        for article in &bundle.articles {
            let seg = crate::analysis::sentences::segment(&article.text, &article.boilerplate);
            let forms: Vec<_> = seg
                .tokens
                .iter()
                .map(|t| model_form(t.text(&article.text)))
                .collect();
            let doc = features::Doc {
                words: forms.iter().map(|w| w.as_ref()).collect(),
                sentences: seg.sentences.iter().map(|s| s.tokens.clone()).collect(),
            };
            let labels = both.tag(&doc);
            assert_eq!(labels, tagger().tag(&doc));
            names += labels.iter().filter(|&&l| l != labels::Label::O).count();
        }
        assert!(
            names > 100,
            "the example's names are tagged ({names} tokens)"
        );
    }

    #[test]
    fn model_form_straightens_apostrophes_as_replace() {
        for w in [
            "Zürich",
            "Don’t",
            "’s",
            "ʼokina",
            "‘quoted’",
            "naïve’s",
            "日本’",
            "l’‘ʼx",
            "ÉLYSÉE",
            "’’",
            "—–",
            "Ω",
            "a’b’c’d",
        ] {
            let want = w.replace(['’', '‘', 'ʼ'], "'");
            let got = model_form(w);
            assert_eq!(got, want, "{w:?}");
            assert_eq!(matches!(got, std::borrow::Cow::Borrowed(_)), want == w);
        }
    }

    #[test]
    fn lower_words_agrees_with_to_lowercase() {
        let text = "Oslo NATO iPhone U.S. 2025 -- ÉLYSÉE Zürich İstanbul ΣΟΦΟΣ 日本 \
                    MixedCASE-Word_42 ’S “Quoted” x , Don’t";
        let tokens = crate::analysis::tokenize::tokenize(text);
        let mut ascii = Vec::new();
        let forms: Vec<std::borrow::Cow<'_, str>> = tokens
            .iter()
            .map(|t| {
                ascii.push(t.text(text).is_ascii());
                model_form(t.text(text))
            })
            .collect();
        let words: Vec<&str> = forms.iter().map(|w| w.as_ref()).collect();
        assert!(ascii.iter().any(|&a| a) && ascii.iter().any(|&a| !a));
        let lowered = text.to_ascii_lowercase();
        let mut arena = String::new();
        let got = lower_words(&tokens, &words, &ascii, &lowered, &mut arena);
        let want: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        assert_eq!(got, want);
        // A token off the text (as `Token::text` gives it: empty).
        let off = [Token {
            start: text.len() + 3,
            end: text.len() + 5,
            kind: tokens[0].kind,
        }];
        let mut arena = String::new();
        let got = lower_words(&off, &[""], &[true], &lowered, &mut arena);
        assert_eq!(got, [""]);
    }
}
