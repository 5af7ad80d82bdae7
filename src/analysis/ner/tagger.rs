//! The two-stage tagger at run time: features → scores → Viterbi, twice.
//!
//! Stage 1 tags every sentence of the document with local and document-casing
//! features. Stage 2 tags it again with, in addition, what stage 1 decided
//! about other occurrences of the same words in the document (Illinois NER's
//! "two-stage prediction aggregation"). With a one-stage model the first
//! result is final.

use super::features::{self, Attr, Doc, Stage1};
use super::labels::{Label, NUM_LABELS};
use super::lexicon::Lexicon;
use super::model::{self, Model, Stage};

/// Lexicon and model together.
#[derive(Debug, Clone)]
pub struct Tagger {
    pub lex: Lexicon,
    pub model: Option<Model>,
}

impl Tagger {
    /// Labels for every token of `doc` (all `O` without a model).
    pub fn tag(&self, doc: &Doc) -> Vec<Label> {
        let Some(model) = &self.model else {
            return vec![Label::O; doc.words.len()];
        };
        let attrs = features::attrs(&self.lex, doc);
        let mut labels = vec![Label::O; doc.words.len()];
        let mut buf = Vec::with_capacity(96);
        let Some(first) = model.stages.first() else {
            return labels;
        };
        decode_doc(&self.lex, first, &attrs, doc, None, &mut labels, &mut buf);
        for stage in model.stages.iter().skip(1) {
            let st = Stage1::new(&attrs, labels.clone());
            decode_doc(
                &self.lex,
                stage,
                &attrs,
                doc,
                Some(&st),
                &mut labels,
                &mut buf,
            );
        }
        labels
    }
}

fn decode_doc(
    lex: &Lexicon,
    stage: &Stage,
    attrs: &[Attr],
    doc: &Doc,
    st: Option<&Stage1>,
    labels: &mut [Label],
    buf: &mut Vec<u64>,
) {
    let mut em: Vec<[f32; NUM_LABELS]> = Vec::new();
    for s in &doc.sentences {
        if s.start >= s.end || s.end > attrs.len() || s.end > labels.len() {
            continue;
        }
        em.clear();
        for i in s.clone() {
            buf.clear();
            features::features(lex, attrs, s, i, st, buf);
            let mut scores = [0i32; NUM_LABELS];
            stage.score(buf, &mut scores);
            let mut e = [0f32; NUM_LABELS];
            for (x, &v) in e.iter_mut().zip(scores.iter()) {
                *x = v as f32 * stage.scale;
            }
            em.push(e);
        }
        let out = model::viterbi(&em, &stage.trans, &stage.end);
        labels[s.clone()].copy_from_slice(&out);
    }
}
