//! The two-stage tagger at run time: features → scores → Viterbi, twice.
//!
//! Stage 1 tags every sentence of the document with local and document-casing
//! features. Stage 2 tags it again with, in addition, what stage 1 decided
//! about other occurrences of the same words in the document (Illinois NER's
//! "two-stage prediction aggregation"). With a one-stage model the first
//! result is final.
//!
//! Every stage-1 feature is also a stage-2 feature, and the model keeps a
//! feature's rows for all stages side by side: the first pass looks each
//! feature up once and adds its weights to the scores of every stage, so the
//! second pass only computes and looks up the few second-stage features.

use super::features::{
    self, Attr, Doc, LexCache, Stage1, CLUSTER_OWN, CLUSTER_PLACES, LABEL_WINDOW, NEIGHBOURS,
};
use super::hash::HashMap64;
use super::labels::{Label, NUM_LABELS};
use super::lanes;
use super::lexicon::Lexicon;
use super::model::{Model, ABSENT, MAX_STAGES, W};
use std::cell::RefCell;

/// Lexicon and model together.
#[derive(Debug, Clone)]
pub struct Tagger {
    pub lex: Lexicon,
    pub model: Option<Model>,
}

/// Feature groups that depend on one token's text only: the token itself,
/// then the token as each of the [`NEIGHBOURS`]. The first group also
/// holds the token's own [`features::ordinary_own_features`], and the
/// group as the left neighbour its [`features::ordinary_prev_features`]:
/// for the few tokens not in an ordinary place the tagger takes those out
/// again and adds the token's own [`features::placed_features`].
const G: usize = 1 + NEIGHBOURS.len();

/// The group of [`NEIGHBOURS`] that is the left neighbour.
const LEFT: usize = 1;
const _: () = assert!(NEIGHBOURS[LEFT] == -1);

/// Integer scores of the [`G`] groups of one word type for every stage.
type Sums = [[[i32; W]; MAX_STAGES]; G];

/// Integer scores of the features of one Brown cluster at each of its
/// [`CLUSTER_PLACES`] ([`features::cluster_features`]), for every stage.
type ClusterSums = [[[i32; W]; MAX_STAGES]; CLUSTER_PLACES];

/// The group of [`Sums`] that the cluster's features at each of the
/// [`CLUSTER_PLACES`] go to: the word's own, then those of it as the left
/// and as the right neighbour.
const CLUSTER_GROUP: [usize; CLUSTER_PLACES] = [0, 1 + 1, 1 + 2];
const _: () = assert!(CLUSTER_OWN == 0 && NEIGHBOURS[1] == -1 && NEIGHBOURS[2] == 1);

/// Word types whose scores a thread keeps between documents.
const CACHE_TYPES: usize = 8192;

/// Short shapes whose scores a thread keeps ([`TypeCache::shapes`]).
const CACHE_SHAPES: usize = 1024;

/// Scores of the lexical feature groups per word type, kept across the
/// documents tagged on one thread (the same words recur in every article:
/// "the", "said", "Ukraine"). Exact: the groups depend on nothing but the
/// word, its line casing, the lexicon and the model (`owner`).
#[derive(Default)]
struct TypeCache {
    owner: (u64, u64),
    index: HashMap64<u32>,
    sums: Vec<Sums>,
    /// Beside each of `sums`: the row of the type's second-stage
    /// [`features::stage1_word_feature`] under a first-stage `O` (the
    /// label of most tokens), looked up with the type's other features
    /// instead of hashed and looked up for every token (seed bundle
    /// 33.31 → 33.29 M instructions, BASIL 1,526.5 → 1,522.7 M).
    word_under_o: Vec<u32>,
    /// Neighbour groups past a sentence boundary.
    edge: [[[i32; W]; MAX_STAGES]; NEIGHBOURS.len()],
    /// The rows of the second stage's label-window features: each
    /// first-stage label, or none past the sentence's edge (the last
    /// column), at each offset of [`LABEL_WINDOW`]. A few dozen features
    /// of the model alone, looked up once instead of for every token.
    window: [[u32; NUM_LABELS + 1]; LABEL_WINDOW.len()],
    /// Per Brown cluster (`Lexicon::path_prefix`): 1 + the index of its
    /// sums in `clusters`, 0 until a word type of the cluster is first
    /// summed. Word types share clusters (the seed bundle's 1,148 new
    /// types are in 584): their 12 cluster features are hashed, looked up
    /// and added once per cluster instead of once per type (seed bundle
    /// 35.31 → 35.05 M instructions, BASIL 1,605.5 → 1,587.4 M).
    cluster_slot: Vec<u32>,
    clusters: Vec<ClusterSums>,
    /// The sums of each short shape's [`features::shape_features`] (index
    /// in `shapes` by [`Attr::sshape`]): a few shapes ("Xx", "x", "d,d")
    /// serve most word types, whose 8 features of the shape (with the
    /// bias) were hashed, looked up and added for each (seed bundle 35.05
    /// → 34.54 M instructions, BASIL 1,587.4 → 1,576.4 M).
    shape_index: HashMap64<u32>,
    shapes: Vec<Sums>,
    /// The word types' attributes (`features::attrs_cached`).
    lexical: LexCache,
    /// Scratch space of `tag_with`, kept between documents so that it is
    /// not grown again for each.
    scratch: Scratch,
}

/// The buffers of one `tag_with` call (see its locals of the same names).
#[derive(Default)]
struct Scratch {
    /// Scores of all stages per token.
    partial: Vec<[[i32; W]; MAX_STAGES]>,
    buf: Vec<u64>,
    found: Vec<u32>,
    offs: Vec<usize>,
    slot: Vec<u32>,
    em: Vec<[f32; NUM_LABELS]>,
    scores: Vec<[f32; NUM_LABELS]>,
    /// Features to take out of a token's sums again (the ordinary-place
    /// ones of a token elsewhere), with their offsets and rows.
    minus: Vec<u64>,
    minus_offs: Vec<usize>,
    minus_found: Vec<u32>,
    win: Vec<u32>,
}

thread_local! {
    static TYPES: RefCell<TypeCache> = RefCell::new(TypeCache::default());
}

impl TypeCache {
    /// Room for all the word types the caches keep, taken on a thread's
    /// first document: grown one doubling at a time instead, the caches
    /// were copied about a dozen times while a new thread tagged its
    /// first documents (≈ 1.8 M instructions on the seed bundle, whose
    /// run on a fresh thread is ≈ 44 M). The room is claimed from the
    /// system, not written, until types fill it.
    fn reserve(&mut self) {
        if self.sums.capacity() == 0 {
            self.sums.reserve_exact(CACHE_TYPES);
            self.index.reserve(CACHE_TYPES);
            self.lexical.reserve();
        }
    }
}

impl Tagger {
    /// Labels for every token of `doc` (all `O` without a model).
    pub fn tag(&self, doc: &Doc) -> Vec<Label> {
        self.tag_cased(doc, &features::line_cases(doc))
    }

    /// [`Tagger::tag`] with the casing of each sentence of `doc` given
    /// (`features::line_cases(doc)`).
    pub fn tag_cased(&self, doc: &Doc, cases: &[features::LineCase]) -> Vec<Label> {
        let n = doc.words.len();
        let mut labels = vec![Label::O; n];
        let Some(model) = &self.model else {
            return labels;
        };
        TYPES.with(|c| match c.try_borrow_mut() {
            Ok(mut cache) => {
                cache.reserve();
                let attrs = features::attrs_cached(&self.lex, doc, cases, &mut cache.lexical);
                self.tag_with(model, doc, &attrs, &mut cache, &mut labels);
            }
            // Re-entered on this thread (cannot happen today): no cache.
            Err(_) => {
                let attrs = features::attrs(&self.lex, doc);
                self.tag_with(model, doc, &attrs, &mut TypeCache::default(), &mut labels);
            }
        });
        labels
    }

    /// [`Tagger::tag_body`], compiled for AVX2 as well where the processor
    /// has it (x86-64): the score rows are added eight lanes at a time
    /// instead of four, and widened from 16 bits in one instruction.
    fn tag_with(
        &self,
        model: &Model,
        doc: &Doc,
        attrs: &[Attr],
        cache: &mut TypeCache,
        labels: &mut [Label],
    ) {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            unsafe { self.tag_avx2(model, doc, attrs, cache, labels) };
            return;
        }
        self.tag_body(model, doc, attrs, cache, labels);
    }

    /// [`Tagger::tag_body`] compiled with AVX2, with the row adds and
    /// look-ups that it inlines.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn tag_avx2(
        &self,
        model: &Model,
        doc: &Doc,
        attrs: &[Attr],
        cache: &mut TypeCache,
        labels: &mut [Label],
    ) {
        self.tag_body(model, doc, attrs, cache, labels);
    }

    /// Label `doc` (its `attrs`) into `labels`: each new word type's sums,
    /// then each sentence scored and decoded, stage by stage. Always
    /// inlined, so that each build of [`Tagger::tag_with`] has its own.
    #[inline(always)]
    fn tag_body(
        &self,
        model: &Model,
        doc: &Doc,
        attrs: &[Attr],
        cache: &mut TypeCache,
        labels: &mut [Label],
    ) {
        let n = attrs.len().min(labels.len());
        let ns = model.stages.len().min(MAX_STAGES);
        let Some(first) = model.stages.first() else {
            return;
        };
        let lex = &self.lex;
        let Scratch {
            partial,
            buf,
            found,
            offs,
            slot,
            em,
            scores,
            minus,
            minus_offs,
            minus_found,
            win,
        } = &mut cache.scratch;
        let owner = (model.id(), lex.id());
        let types = attrs
            .iter()
            .map(|a| a.lex_id as usize + 1)
            .max()
            .unwrap_or(0);
        if cache.owner != owner || cache.sums.len() + types > CACHE_TYPES {
            let fresh = cache.owner != owner;
            cache.index.clear();
            cache.sums.clear();
            cache.word_under_o.clear();
            if fresh {
                cache.owner = owner;
                cache.cluster_slot.clear();
                cache.cluster_slot.resize(lex.path_prefix.len(), 0);
                cache.clusters.clear();
                // (Room for all, claimed once: grown by doubling, the
                // copies took ≈ 0.4 M instructions of the seed bundle.)
                cache.clusters.reserve_exact(lex.path_prefix.len());
                cache.shape_index.clear();
                cache.shapes.clear();
                for k in 0..NEIGHBOURS.len() {
                    buf.clear();
                    features::neighbour_features(lex, None, k, buf);
                    found.clear();
                    model.lookup(buf, found);
                    cache.edge[k] = [[0; W]; MAX_STAGES];
                    for &r in found.iter() {
                        model.add_block(r, &mut cache.edge[k]);
                    }
                }
                for (k, rows) in cache.window.iter_mut().enumerate() {
                    buf.clear();
                    for v in 0..NUM_LABELS as u64 {
                        buf.push(features::label_window_feature(k, v));
                    }
                    buf.push(features::label_window_feature(k, features::PAST_EDGE));
                    found.clear();
                    model.lookup(buf, found);
                    *rows = [ABSENT; NUM_LABELS + 1];
                    for (r, &x) in rows.iter_mut().zip(found.iter()) {
                        *r = x;
                    }
                }
            }
        }
        // (When unusual text has made many shapes, all go, as word types
        // do; those of the document are made again.)
        if cache.shapes.len() >= CACHE_SHAPES {
            cache.shape_index.clear();
            cache.shapes.clear();
        }
        if cache.shapes.capacity() == 0 {
            cache.shapes.reserve_exact(CACHE_SHAPES);
            cache.shape_index.reserve(CACHE_SHAPES);
        }
        // Cache slot of each word type of the document.
        slot.clear();
        slot.resize(types, 0);
        let mut done = 0;
        for a in attrs {
            let t = a.lex_id as usize;
            if t != done {
                continue;
            }
            done += 1;
            if let Some(&x) = cache.index.get(&a.wh) {
                slot[t] = x;
                continue;
            }
            buf.clear();
            offs.clear();
            offs.push(0);
            features::self_features_with(lex, a, false, buf);
            features::ordinary_own_features_with(a, false, buf);
            offs.push(buf.len());
            for k in 0..NEIGHBOURS.len() {
                features::neighbour_features_with(lex, Some(a), k, false, buf);
                if k == LEFT {
                    features::ordinary_prev_features(a, buf);
                }
                offs.push(buf.len());
            }
            // The cluster's features, with the type's when the cluster is
            // new to the cache (a cluster past `path_prefix` has none).
            let clus = a
                .clus
                .map(usize::from)
                .filter(|&c| c < cache.cluster_slot.len());
            let new_cluster = clus.filter(|&c| cache.cluster_slot[c] == 0);
            if let Some(c) = new_cluster {
                for p in 0..CLUSTER_PLACES {
                    features::cluster_features(lex, c as u16, p, buf);
                    offs.push(buf.len());
                }
            }
            // And the short shape's, when new (after the cluster's).
            let shape_at = offs.len() - 1;
            let shape = cache.shape_index.get(&a.sshape).copied();
            if shape.is_none() {
                for p in 0..G {
                    features::shape_features(a.sshape, p, buf);
                    offs.push(buf.len());
                }
            }
            // And last the second-stage feature of the word under `O`.
            buf.push(features::stage1_word_feature(features::STAGE1_O, a.lw));
            found.clear();
            model.lookup(buf, found);
            let word_under_o = found.last().copied().unwrap_or(ABSENT);
            let shape = shape.unwrap_or_else(|| {
                let mut ss: Sums = [[[0; W]; MAX_STAGES]; G];
                for (p, s) in ss.iter_mut().enumerate() {
                    for &r in &found[offs[shape_at + p]..offs[shape_at + p + 1]] {
                        model.add_block(r, s);
                    }
                }
                let x = cache.shapes.len() as u32;
                cache.shapes.push(ss);
                cache.shape_index.insert(a.sshape, x);
                x
            });
            // The type's sums start as its short shape's (copied, not
            // zeros that the shape's are added to; ≈ 0.05 M of the seed
            // bundle's 31.6 M instructions). Made in a local and pushed:
            // made in place in `cache.sums`, the rows were added through
            // memory (+ 0.7 M).
            let mut sums: Sums = match cache.shapes.get(shape as usize) {
                Some(ss) => *ss,
                None => [[[0; W]; MAX_STAGES]; G],
            };
            for (g, s) in sums.iter_mut().enumerate() {
                for &r in &found[offs[g]..offs[g + 1]] {
                    model.add_block(r, s);
                }
            }
            if let Some(c) = new_cluster {
                let mut cs: ClusterSums = [[[0; W]; MAX_STAGES]; CLUSTER_PLACES];
                for (p, s) in cs.iter_mut().enumerate() {
                    for &r in &found[offs[G + p]..offs[G + p + 1]] {
                        model.add_block(r, s);
                    }
                }
                cache.clusters.push(cs);
                cache.cluster_slot[c] = cache.clusters.len() as u32;
            }
            let cs = clus
                .and_then(|c| cache.cluster_slot[c].checked_sub(1))
                .and_then(|x| cache.clusters.get(x as usize));
            if let Some(cs) = cs {
                for (p, src) in cs.iter().enumerate() {
                    add(&mut sums[CLUSTER_GROUP[p]], src);
                }
            }
            let x = cache.sums.len() as u32;
            cache.sums.push(sums);
            cache.word_under_o.push(word_under_o);
            cache.index.insert(a.wh, x);
            slot[t] = x;
        }
        let sums = &cache.sums;
        let zero: Sums = [[[0; W]; MAX_STAGES]; G];
        let sums_of = |a: &Attr| -> &Sums {
            slot.get(a.lex_id as usize)
                .and_then(|&x| sums.get(x as usize))
                .unwrap_or(&zero)
        };
        // Scores of all stages from the first-stage features, per token.
        partial.clear();
        partial.resize(n, [[0; W]; MAX_STAGES]);
        for s in &doc.sentences {
            if s.start >= s.end || s.end > n {
                continue;
            }
            buf.clear();
            offs.clear();
            offs.push(0);
            minus.clear();
            minus_offs.clear();
            minus_offs.push(0);
            for i in s.clone() {
                features::context_features_with(attrs, s, i, false, buf);
                let a = &attrs[i];
                if !features::in_ordinary_place(a) {
                    let p = features::at(attrs, s, i, -1);
                    features::placed_features(a, p, buf);
                    features::ordinary_own_features(a, minus);
                    if let Some(b) = p {
                        features::ordinary_prev_features(b, minus);
                    }
                }
                offs.push(buf.len());
                minus_offs.push(minus.len());
            }
            found.clear();
            model.lookup(buf, found);
            minus_found.clear();
            model.lookup(minus, minus_found);
            em.clear();
            for (x, i) in s.clone().enumerate() {
                // The cached sums of the word three on, whose groups this
                // token's neighbours and the word itself will add (640
                // bytes a word type, up to 5 MB, past the core's own
                // caches), fetched ahead ([`lanes::prefetch`]).
                if let Some(b) = attrs.get(i + 3) {
                    for row in sums_of(b).as_flattened() {
                        lanes::prefetch(row);
                    }
                }
                // Summed in a local of fixed size (registers, whole vectors)
                // and stored once. All `MAX_STAGES` are summed: rows and
                // sums of stages the model lacks are zeros.
                let mut acc = sums_of(&attrs[i])[0];
                for (k, &d) in NEIGHBOURS.iter().enumerate() {
                    let src = match features::at(attrs, s, i, d) {
                        Some(b) => &sums_of(b)[1 + k],
                        None => &cache.edge[k],
                    };
                    add(&mut acc, src);
                }
                for &r in &found[offs[x]..offs[x + 1]] {
                    model.add_block(r, &mut acc);
                }
                for &r in &minus_found[minus_offs[x]..minus_offs[x + 1]] {
                    model.sub_block(r, &mut acc);
                }
                em.push(emission(&acc[0], first.scale));
                partial[i] = acc;
            }
            first.decode(em, scores, &mut labels[s.clone()]);
        }
        if ns < 2 {
            return;
        }
        let window = &cache.window;
        let word_under_o = &cache.word_under_o;
        // Per token: the rows of the label window, then the row of the
        // word under a first-stage `O` (`ABSENT` under another label).
        const STRIDE: usize = LABEL_WINDOW.len() + 1;
        let window_row = |k: usize, v: u64| -> Option<u32> {
            let col = if v == features::PAST_EDGE {
                NUM_LABELS
            } else {
                usize::try_from(v).ok().filter(|&c| c < NUM_LABELS)?
            };
            window.get(k)?.get(col).copied()
        };
        for (k, stage) in model.stages.iter().enumerate().take(ns).skip(1) {
            let st = Stage1::new(attrs, labels[..n].to_vec());
            for s in &doc.sentences {
                if s.start >= s.end || s.end > n {
                    continue;
                }
                buf.clear();
                offs.clear();
                offs.push(0);
                win.clear();
                for i in s.clone() {
                    for (o, &d) in LABEL_WINDOW.iter().enumerate() {
                        let v = features::stage1_label_at(&st, s, i, d);
                        // (A label outside the table, which no model
                        // makes, is looked up with the other features.)
                        win.push(window_row(o, v).unwrap_or_else(|| {
                            buf.push(features::label_window_feature(o, v));
                            ABSENT
                        }));
                    }
                    let own_o = features::stage1_label_at(&st, s, i, 0) == features::STAGE1_O;
                    let cached = slot
                        .get(attrs[i].lex_id as usize)
                        .and_then(|&x| word_under_o.get(x as usize))
                        .copied()
                        .filter(|_| own_o);
                    win.push(cached.unwrap_or(ABSENT));
                    features::stage2_features_with(&st, attrs, s, i, false, cached.is_none(), buf);
                    offs.push(buf.len());
                }
                found.clear();
                model.lookup(buf, found);
                em.clear();
                for (x, i) in s.clone().enumerate() {
                    let mut acc = partial[i][k];
                    for &r in &win[x * STRIDE..(x + 1) * STRIDE] {
                        model.add(r, k, &mut acc);
                    }
                    for &r in &found[offs[x]..offs[x + 1]] {
                        model.add(r, k, &mut acc);
                    }
                    em.push(emission(&acc, stage.scale));
                }
                stage.decode(em, scores, &mut labels[s.clone()]);
            }
        }
    }
}

/// `acc += src` for every stage ([`lanes::add`]).
#[inline]
fn add(acc: &mut [[i32; W]; MAX_STAGES], src: &[[i32; W]; MAX_STAGES]) {
    lanes::add(acc.as_flattened_mut(), src.as_flattened());
}

/// Emission scores of all labels, in the decoder's order like the rows
/// (`model::SLOT_LABEL`; `O` first, 0 by construction of the rows).
#[inline]
fn emission(acc: &[i32; W], scale: f32) -> [f32; NUM_LABELS] {
    let mut e = [0f32; NUM_LABELS];
    for (x, &v) in e[1..].iter_mut().zip(acc) {
        *x = v as f32 * scale;
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sentences;

    /// Where the processor has AVX2, its build of the tagging loop gives
    /// every token of the example bundle the label the plain build gives
    /// (integer sums, then the same floating-point steps in the same
    /// order), on a fresh cache and on one that has seen the words.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_build_labels_as_the_plain_one() {
        if !std::is_x86_feature_detected!("avx2") {
            return;
        }
        let tagger = super::super::tagger();
        let model = tagger.model.as_ref().expect("the shipped model loads");
        let bundle = crate::ingest::ingest(crate::example::files());
        let (mut plain_cache, mut avx_cache) = (TypeCache::default(), TypeCache::default());
        let mut tagged = 0;
        for _ in 0..2 {
            for article in &bundle.articles {
                let seg = sentences::segment(&article.text, &article.boilerplate);
                let forms: Vec<_> = seg
                    .tokens
                    .iter()
                    .map(|t| super::super::model_form(t.text(&article.text)))
                    .collect();
                let doc = Doc {
                    words: forms.iter().map(|w| w.as_ref()).collect(),
                    sentences: seg.sentences.iter().map(|s| s.tokens.clone()).collect(),
                };
                let attrs = features::attrs(&tagger.lex, &doc);
                let mut plain = vec![Label::O; doc.words.len()];
                let mut avx = plain.clone();
                tagger.tag_body(model, &doc, &attrs, &mut plain_cache, &mut plain);
                // SAFETY: the processor has AVX2 (checked above).
                unsafe { tagger.tag_avx2(model, &doc, &attrs, &mut avx_cache, &mut avx) };
                assert_eq!(plain, avx);
                tagged += plain.iter().filter(|&&l| l != Label::O).count();
            }
        }
        assert!(
            tagged > 100,
            "the example's names are tagged ({tagged} tokens)"
        );
    }

    /// The first pass's per-type and per-cluster sums give every token the
    /// integer scores, for every stage, of the features that
    /// `features::local_features` gives it (what the model was trained
    /// on), on a fresh cache and on one that has summed other words of
    /// the same clusters and short shapes, in ordinary, capitalised and
    /// headline lines.
    #[test]
    fn cached_sums_score_as_the_features() {
        let tagger = super::super::tagger();
        let model = tagger.model.as_ref().expect("the shipped model loads");
        let texts = [
            "The mayor of Tromsø said on Tuesday that the old bridge would reopen . \
             Officials in Kraków and São Paulo met the minister , who spoke first .",
            "SHARES FELL SHARPLY AFTER THE CENTRAL BANK REPORT . \
             Council Approves New Budget For Schools And Roads",
            "A spokeswoman said talks would resume in Geneva next week . \
             Rain fell on Thursday ; the river rose 3 metres near Ålesund .",
            "The senator said on Wednesday that the new bridge would close . \
             « Nous verrons » , a déclaré le maire de Besançon .",
        ];
        let mut cache = TypeCache::default();
        let mut buf = Vec::new();
        for text in texts {
            let words: Vec<&str> = text.split_whitespace().collect();
            let mut sentences = Vec::new();
            let mut start = 0;
            for (i, w) in words.iter().enumerate() {
                if *w == "." || i + 1 == words.len() {
                    sentences.push(start..i + 1);
                    start = i + 1;
                }
            }
            let doc = Doc { words, sentences };
            let attrs = features::attrs(&tagger.lex, &doc);
            let mut labels = vec![Label::O; doc.words.len()];
            tagger.tag_body(model, &doc, &attrs, &mut cache, &mut labels);
            for s in &doc.sentences {
                for i in s.clone() {
                    buf.clear();
                    features::local_features(&tagger.lex, &attrs, s, i, &mut buf);
                    for stage in 0..model.stages.len() {
                        let mut want = [0; W];
                        model.score(stage, &buf, &mut want);
                        let mut got = [0; W];
                        let sums = &cache.scratch.partial[i][stage];
                        for (&v, &y) in sums.iter().zip(&super::super::model::SLOT_LABEL[1..]) {
                            got[usize::from(y) - 1] += v;
                        }
                        assert_eq!(got, want, "{:?} stage {stage}", doc.words[i]);
                    }
                    // The row kept with the type for its second-stage
                    // feature under a first-stage `O` is that feature's.
                    let x = cache.scratch.slot[attrs[i].lex_id as usize] as usize;
                    let word = [features::stage1_word_feature(
                        features::STAGE1_O,
                        attrs[i].lw,
                    )];
                    for stage in 0..model.stages.len() {
                        let mut want = [0; W];
                        model.score(stage, &word, &mut want);
                        let mut slots = [0; W];
                        model.add(cache.word_under_o[x], stage, &mut slots);
                        let mut got = [0; W];
                        for (&v, &y) in slots.iter().zip(&super::super::model::SLOT_LABEL[1..]) {
                            got[usize::from(y) - 1] += v;
                        }
                        assert_eq!(got, want, "{:?} stage {stage} under O", doc.words[i]);
                    }
                }
            }
        }
        assert!(
            cache.shapes.len() * 4 < cache.sums.len(),
            "word types share short shapes ({} shapes, {} types)",
            cache.shapes.len(),
            cache.sums.len()
        );
        assert!(
            cache.clusters.len() < cache.sums.len(),
            "word types share clusters ({} clusters, {} types)",
            cache.clusters.len(),
            cache.sums.len()
        );
    }
}
