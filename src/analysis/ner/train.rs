//! Training and evaluation of the tagger (native only; used by
//! `parallax-train`, never by the app).
//!
//! Averaged structured perceptron (Collins 2002) over the hashed features of
//! `features`, decoded with the same constrained Viterbi as at run time.
//! Two stages: stage-1 labels for the training documents come from 5-fold
//! jackknifing (each fold tagged by a model trained on the other four), so
//! stage 2 learns from the kind of errors it will see at run time.

use super::features::{self, Doc, Stage1};
use super::labels::{self, Label, Pos, NUM_LABELS, TYPES};
use super::lexicon::{self, Lexicon};
use super::model::{self, Model};
use super::tagger::Tagger;
use std::collections::HashMap;
use std::ops::Range;

const L: usize = NUM_LABELS;

/// A CoNLL document.
#[derive(Debug, Clone, Default)]
pub struct CDoc {
    pub words: Vec<String>,
    pub gold: Vec<Label>,
    pub sentences: Vec<Range<usize>>,
}

impl CDoc {
    pub fn doc(&self) -> Doc<'_> {
        Doc {
            words: self.words.iter().map(String::as_str).collect(),
            sentences: self.sentences.clone(),
        }
    }
}

/// Read a CoNLL-2003 file (IOB1 or IOB2; last column is the tag).
pub fn read_conll(text: &str) -> Vec<CDoc> {
    let mut docs = Vec::new();
    let mut doc = CDoc::default();
    let mut tags: Vec<String> = Vec::new();
    let mut sent_start = 0;
    let flush_sentence = |doc: &mut CDoc, sent_start: &mut usize| {
        if doc.words.len() > *sent_start {
            doc.sentences.push(*sent_start..doc.words.len());
        }
        *sent_start = doc.words.len();
    };
    let finish = |doc: &mut CDoc, tags: &mut Vec<String>, docs: &mut Vec<CDoc>| {
        if !doc.words.is_empty() {
            doc.gold = iob_to_bilou(tags);
            docs.push(std::mem::take(doc));
        }
        tags.clear();
    };
    for line in text.lines() {
        let line = line.trim_end();
        if line.starts_with("-DOCSTART-") {
            flush_sentence(&mut doc, &mut sent_start);
            finish(&mut doc, &mut tags, &mut docs);
            sent_start = 0;
            continue;
        }
        if line.is_empty() {
            flush_sentence(&mut doc, &mut sent_start);
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            continue;
        }
        doc.words.push(cols[0].to_string());
        tags.push(cols[cols.len() - 1].to_string());
    }
    flush_sentence(&mut doc, &mut sent_start);
    finish(&mut doc, &mut tags, &mut docs);
    docs
}

/// GUM genres whose texts are under permissive licences (CC BY / BY-SA).
pub const GUM_GENRES: &[&str] = &[
    "academic",
    "bio",
    "court",
    "interview",
    "news",
    "voyage",
    "speech",
    "textbook",
    "vlog",
    "conversation",
];

/// Read GUM's derived BIO file (`token TAB POS TAB tag`, GUM entity types)
/// with the CoNLL-2003 mapping: PERSON → PER, ORGANIZATION → ORG, PLACE →
/// LOC, EVENT → MISC, other types → O; capitalised demonym adjectives
/// (`nationalities`, lowercase, one a line) that GUM leaves untagged become
/// MISC as in CoNLL. Only documents of the `genres` are kept.
pub fn read_gum(text: &str, genres: &[&str], nationalities: &str) -> Vec<CDoc> {
    let nat: std::collections::HashSet<String> = lexicon::lines(nationalities)
        .map(str::to_lowercase)
        .collect();
    let mut out = String::new();
    let mut keep = false;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("-DOCSTART- ") {
            let genre = name.split('_').nth(1).unwrap_or("");
            keep = genres.contains(&genre);
            if keep {
                out.push_str("-DOCSTART- -X- O O\n");
            }
            continue;
        }
        if !keep {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            out.push('\n');
            continue;
        }
        let (word, pos, tag) = (cols[0], cols[1], cols[2]);
        let mapped = match tag.split_once('-') {
            Some((p, t)) => match t {
                "PERSON" => format!("{p}-PER"),
                "ORGANIZATION" => format!("{p}-ORG"),
                "PLACE" => format!("{p}-LOC"),
                "EVENT" => format!("{p}-MISC"),
                _ => "O".to_string(),
            },
            None if pos == "JJ"
                && word.starts_with(char::is_uppercase)
                && nat.contains(&word.to_lowercase()) =>
            {
                "B-MISC".to_string()
            }
            None => "O".to_string(),
        };
        out.push_str(&format!("{word} {pos} {mapped}\n"));
    }
    read_conll(&out)
}

fn type_index(t: &str) -> Option<usize> {
    TYPES.iter().position(|&x| x == t)
}

/// Chunks of IOB tags by conlleval rules → BILOU labels.
pub fn iob_to_bilou(tags: &[String]) -> Vec<Label> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (p, t) = match tag.split_once('-') {
            Some((p, t)) => (p, type_index(t)),
            None => ("O", None),
        };
        match (p, t) {
            (_, None) => {
                if let Some((s, ot)) = open.take() {
                    spans.push((s, i, ot));
                }
            }
            (pp, Some(t)) => {
                let continues = pp == "I" && open.is_some_and(|(_, ot)| ot == t);
                if !continues {
                    if let Some((s, ot)) = open.take() {
                        spans.push((s, i, ot));
                    }
                    open = Some((i, t));
                }
            }
        }
    }
    if let Some((s, t)) = open {
        spans.push((s, tags.len(), t));
    }
    labels::from_spans(tags.len(), &spans)
}

/// Counts for precision / recall per type.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub tp: [usize; 4],
    pub fp: [usize; 4],
    pub fn_: [usize; 4],
}

impl Score {
    pub fn add(&mut self, gold: &[Label], pred: &[Label], sentences: &[Range<usize>]) {
        for s in sentences {
            let g = labels::spans(&gold[s.clone()]);
            let p = labels::spans(&pred[s.clone()]);
            for x in &p {
                if g.contains(x) {
                    self.tp[x.2] += 1;
                } else {
                    self.fp[x.2] += 1;
                }
            }
            for x in &g {
                if !p.contains(x) {
                    self.fn_[x.2] += 1;
                }
            }
        }
    }

    fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
        let p = if tp + fp > 0 {
            tp as f64 / (tp + fp) as f64
        } else {
            0.0
        };
        let r = if tp + fn_ > 0 {
            tp as f64 / (tp + fn_) as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (100.0 * p, 100.0 * r, 100.0 * f)
    }

    pub fn overall(&self) -> (f64, f64, f64) {
        Score::prf(
            self.tp.iter().sum(),
            self.fp.iter().sum(),
            self.fn_.iter().sum(),
        )
    }

    /// A conlleval-like table.
    pub fn table(&self, name: &str) -> String {
        let (p, r, f) = self.overall();
        let mut s = format!("{name:<8} overall  P {p:6.2}  R {r:6.2}  F1 {f:6.2}\n");
        for (t, ty) in TYPES.iter().enumerate() {
            let (p, r, f) = Score::prf(self.tp[t], self.fp[t], self.fn_[t]);
            s.push_str(&format!(
                "{name:<8} {ty:<7}  P {p:6.2}  R {r:6.2}  F1 {f:6.2}  ({} gold)\n",
                self.tp[t] + self.fn_[t]
            ));
        }
        s
    }
}

/// Precomputed feature rows of one document.
struct FeatDoc {
    off: Vec<usize>,
    rows: Vec<u32>,
    sentences: Vec<Range<usize>>,
    gold: Vec<Label>,
}

impl FeatDoc {
    fn token(&self, i: usize) -> &[u32] {
        &self.rows[self.off[i]..self.off[i + 1]]
    }
}

/// Feature key → row index, grown on training data.
#[derive(Default)]
struct Index {
    map: HashMap<u32, u32>,
    keys: Vec<u32>,
    /// Features seen fewer times than `cutoff` in training get no row.
    counts: Option<HashMap<u32, u32>>,
    cutoff: u32,
}

impl Index {
    /// An index that ignores features seen fewer than `cutoff` times in
    /// `docs` (with stage-1 labels `st` for stage 2).
    fn with_cutoff(lex: &Lexicon, docs: &[CDoc], st: &[Option<Stage1>], cutoff: u32) -> Index {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        if cutoff > 1 {
            let mut buf = Vec::new();
            for (d, doc) in docs.iter().enumerate() {
                let dd = doc.doc();
                let attrs = features::attrs(lex, &dd);
                for s in &dd.sentences {
                    for i in s.clone() {
                        buf.clear();
                        features::features(
                            lex,
                            &attrs,
                            s,
                            i,
                            st.get(d).and_then(Option::as_ref),
                            &mut buf,
                        );
                        for &f in &buf {
                            *counts.entry(model::key(f)).or_insert(0) += 1;
                        }
                    }
                }
            }
        }
        Index {
            counts: (cutoff > 1).then_some(counts),
            cutoff,
            ..Index::default()
        }
    }

    fn featurize(&mut self, lex: &Lexicon, d: &CDoc, st: Option<&Stage1>, grow: bool) -> FeatDoc {
        let doc = d.doc();
        let attrs = features::attrs(lex, &doc);
        let mut off = vec![0];
        let mut rows = Vec::new();
        let mut buf = Vec::new();
        let mut tok_sent = vec![0..0; d.words.len()];
        for s in &doc.sentences {
            for i in s.clone() {
                tok_sent[i] = s.clone();
            }
        }
        for (i, s) in tok_sent.iter().enumerate() {
            buf.clear();
            features::features(lex, &attrs, s, i, st, &mut buf);
            for &f in &buf {
                let k = model::key(f);
                let r = match self.map.get(&k) {
                    Some(&r) => Some(r),
                    None if grow
                        && self
                            .counts
                            .as_ref()
                            .is_none_or(|c| c.get(&k).copied().unwrap_or(0) >= self.cutoff) =>
                    {
                        let r = self.keys.len() as u32;
                        self.map.insert(k, r);
                        self.keys.push(k);
                        Some(r)
                    }
                    None => None,
                };
                if let Some(r) = r {
                    rows.push(r);
                }
            }
            off.push(rows.len());
        }
        FeatDoc {
            off,
            rows,
            sentences: d.sentences.clone(),
            gold: d.gold.clone(),
        }
    }
}

/// Averaged perceptron weights.
struct Perceptron {
    w: Vec<f32>,
    acc: Vec<f32>,
    t: Vec<f32>,
    tacc: Vec<f32>,
    c: f32,
}

impl Perceptron {
    fn new(rows: usize) -> Self {
        Perceptron {
            w: vec![0.0; rows * L],
            acc: vec![0.0; rows * L],
            t: vec![0.0; (L + 2) * L],
            tacc: vec![0.0; (L + 2) * L],
            c: 1.0,
        }
    }

    fn emissions(w: &[f32], fd: &FeatDoc, s: &Range<usize>) -> Vec<[f32; L]> {
        s.clone()
            .map(|i| {
                let mut e = [0f32; L];
                for &r in fd.token(i) {
                    let row = &w[r as usize * L..r as usize * L + L];
                    for (x, &v) in e.iter_mut().zip(row) {
                        *x += v;
                    }
                }
                e
            })
            .collect()
    }

    fn decode(w: &[f32], t: &[f32], fd: &FeatDoc, s: &Range<usize>) -> Vec<Label> {
        let em = Perceptron::emissions(w, fd, s);
        model::viterbi(&em, &t[..(L + 1) * L], &t[(L + 1) * L..])
    }

    fn upd(&mut self, r: usize, y: usize, d: f32) {
        self.w[r * L + y] += d;
        self.acc[r * L + y] += self.c * d;
    }

    fn upd_t(&mut self, i: usize, d: f32) {
        self.t[i] += d;
        self.tacc[i] += self.c * d;
    }

    fn seq_score(&self, em: &[[f32; L]], labels: &[Label]) -> f32 {
        let mut total = 0.0;
        let mut prev = L;
        for (e, l) in em.iter().zip(labels) {
            total += e[l.index()] + self.t[prev * L + l.index()];
            prev = l.index();
        }
        total + self.t[(L + 1) * L + prev]
    }

    fn learn(&mut self, fd: &FeatDoc, s: &Range<usize>, margin: f32, pa: f32) {
        let gold = &fd.gold[s.clone()];
        let raw = Perceptron::emissions(&self.w, fd, s);
        let pred = if margin > 0.0 {
            // Cost-augmented decoding: every wrong label gets a bonus, so
            // the gold sequence must win by a margin.
            let mut em = raw.clone();
            for (e, g) in em.iter_mut().zip(gold) {
                for (y, x) in e.iter_mut().enumerate() {
                    if y != g.index() {
                        *x += margin;
                    }
                }
            }
            model::viterbi(&em, &self.t[..(L + 1) * L], &self.t[(L + 1) * L..])
        } else {
            model::viterbi(&raw, &self.t[..(L + 1) * L], &self.t[(L + 1) * L..])
        };
        if pred != gold {
            // Step size: 1 (perceptron) or the passive-aggressive step that
            // makes gold win by the Hamming loss, capped at `pa`.
            let step = if pa > 0.0 {
                let gap = self.seq_score(&raw, &pred) - self.seq_score(&raw, gold);
                let mut loss = 0.0f32;
                let mut norm = 0.0f32;
                for (k, i) in s.clone().enumerate() {
                    if gold[k] != pred[k] {
                        loss += 1.0;
                        norm += 2.0 * fd.token(i).len() as f32;
                    }
                    let gp = if k == 0 { L } else { gold[k - 1].index() };
                    let pp = if k == 0 { L } else { pred[k - 1].index() };
                    if (gp, gold[k].index()) != (pp, pred[k].index()) {
                        norm += 2.0;
                    }
                }
                ((gap + loss) / norm.max(1.0)).clamp(0.0, pa)
            } else {
                1.0
            };
            for (k, i) in s.clone().enumerate() {
                let (g, p) = (gold[k].index(), pred[k].index());
                if g != p {
                    for &r in fd.token(i) {
                        self.upd(r as usize, g, step);
                        self.upd(r as usize, p, -step);
                    }
                }
                let gp = if k == 0 { L } else { gold[k - 1].index() };
                let pp = if k == 0 { L } else { pred[k - 1].index() };
                if (gp, g) != (pp, p) {
                    self.upd_t(gp * L + g, step);
                    self.upd_t(pp * L + p, -step);
                }
            }
            let (g, p) = (gold[gold.len() - 1].index(), pred[pred.len() - 1].index());
            if g != p {
                self.upd_t((L + 1) * L + g, step);
                self.upd_t((L + 1) * L + p, -step);
            }
        }
        self.c += 1.0;
    }

    /// Averaged weights and transitions.
    fn averaged(&self) -> (Vec<f32>, Vec<f32>) {
        let w = self
            .w
            .iter()
            .zip(&self.acc)
            .map(|(w, a)| w - a / self.c)
            .collect();
        let t = self
            .t
            .iter()
            .zip(&self.tacc)
            .map(|(w, a)| w - a / self.c)
            .collect();
        (w, t)
    }
}

/// Simple deterministic RNG (xorshift) for shuffling.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

thread_local! {
    static SEED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Average of `runs` perceptrons trained with different shuffles (model
/// averaging lowers the variance between shuffles).
fn train_averaged(
    opt: &Options,
    rows: usize,
    docs: &[&FeatDoc],
    epochs: usize,
    dev: Option<&[FeatDoc]>,
    log: &str,
) -> (Vec<f32>, Vec<f32>) {
    let mut acc: Option<(Vec<f32>, Vec<f32>)> = None;
    let runs = opt.runs.max(1);
    for r in 0..runs {
        SEED.with(|x| x.set((r as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)));
        let (w, t) = train_perceptron(rows, docs, epochs, opt.pa, dev, log);
        acc = Some(match acc {
            None => (w, t),
            Some((mut aw, mut at)) => {
                aw.iter_mut().zip(&w).for_each(|(a, b)| *a += b);
                at.iter_mut().zip(&t).for_each(|(a, b)| *a += b);
                (aw, at)
            }
        });
    }
    SEED.with(|x| x.set(0));
    let (mut w, mut t) = acc.unwrap_or_default();
    let k = runs as f32;
    w.iter_mut().for_each(|x| *x /= k);
    t.iter_mut().for_each(|x| *x /= k);
    (w, t)
}

/// Train a perceptron on the given documents for `epochs`; returns averaged
/// weights. `dev` (if any) is scored after each epoch and printed.
fn train_perceptron(
    rows: usize,
    docs: &[&FeatDoc],
    epochs: usize,
    pa: f32,
    dev: Option<&[FeatDoc]>,
    log: &str,
) -> (Vec<f32>, Vec<f32>) {
    let mut p = Perceptron::new(rows);
    let mut order: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, fd)| (0..fd.sentences.len()).map(move |s| (d, s)))
        .collect();
    let extra: u64 = std::env::var("PARALLAX_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let margin: f32 = std::env::var("PARALLAX_MARGIN")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let mut rng = Rng(0x1234_5678_9abc_def1
        ^ SEED.with(|x| x.get())
        ^ extra.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        for &(d, s) in &order {
            let fd = docs[d];
            let sent = fd.sentences[s].clone();
            p.learn(fd, &sent, margin, pa);
        }
        if let Some(dev) = dev {
            let (w, t) = p.averaged();
            let mut score = Score::default();
            for fd in dev {
                let mut pred = vec![Label::O; fd.gold.len()];
                for s in &fd.sentences {
                    pred[s.clone()].copy_from_slice(&Perceptron::decode(&w, &t, fd, s));
                }
                score.add(&fd.gold, &pred, &fd.sentences);
            }
            eprintln!("{log} epoch {epoch}: dev F1 {:.2}", score.overall().2);
        }
    }
    p.averaged()
}

/// Decode documents with float weights.
fn decode_docs(w: &[f32], t: &[f32], docs: &[&FeatDoc]) -> Vec<Vec<Label>> {
    docs.iter()
        .map(|fd| {
            let mut pred = vec![Label::O; fd.gold.len()];
            for s in &fd.sentences {
                pred[s.clone()].copy_from_slice(&Perceptron::decode(w, t, fd, s));
            }
            pred
        })
        .collect()
}

/// Training options.
#[derive(Debug, Clone)]
pub struct Options {
    pub epochs1: usize,
    pub epochs2: usize,
    pub folds: usize,
    pub stages: usize,
    /// Print dev F1 after every epoch (slower).
    pub verbose: bool,
    /// Drop weights below this fraction of the mean weight magnitude.
    pub prune: f32,
    /// Minimum number of training occurrences of a feature.
    pub cutoff: u32,
    /// Perceptrons (different shuffles) averaged per model.
    pub runs: usize,
    /// Passive-aggressive step cap (0: plain perceptron steps of 1).
    pub pa: f32,
    /// Magnitude levels of the quantised weights (at most 127).
    pub levels: usize,
}

/// The shipped model's settings. `prune` and `levels` were chosen on testa
/// (the tuning set) for size: prune 0.8 with 63 levels keeps testa within
/// 0.1 of the unpruned 127-level model at 44 % of its coded size (see
/// BENCHMARKS.md, "Asset sizes").
impl Default for Options {
    fn default() -> Self {
        Options {
            epochs1: 8,
            epochs2: 4,
            folds: 5,
            stages: 2,
            verbose: false,
            prune: 0.8,
            cutoff: 2,
            runs: 3,
            pa: 0.02,
            levels: 63,
        }
    }
}

/// Quantise averaged weights of a stage for the model file: weights below
/// `prune` × the mean magnitude are dropped; the rest are coded on `nl`
/// (at most 127) log-spaced magnitude levels (plus sign) from the 1st percentile to the
/// largest magnitude, a relative error of a few per cent.
fn quantise(keys: &[u32], w: &[f32], prune: f32, nl: usize) -> (Vec<f32>, Vec<u32>, Vec<i8>) {
    let nl = nl.clamp(2, 127);
    let mut mags: Vec<f32> = w.iter().map(|x| x.abs()).filter(|&x| x > 0.0).collect();
    let mean = mags.iter().map(|&x| f64::from(x)).sum::<f64>() / mags.len().max(1) as f64;
    let cut = (f64::from(prune) * mean) as f32;
    mags.retain(|&x| x >= cut);
    mags.sort_by(f32::total_cmp);
    let lo = mags.get(mags.len() / 100).copied().unwrap_or(1.0).max(1e-9);
    let hi = mags.last().copied().unwrap_or(1.0).max(lo * 2.0);
    let ratio = f64::from(hi / lo);
    let mut levels = vec![0f32; 128];
    for (k, level) in levels.iter_mut().enumerate().skip(1).take(nl) {
        *level = (f64::from(lo) * ratio.powf((k - 1) as f64 / (nl - 1) as f64)) as f32;
    }
    let code = |x: f32| -> i8 {
        let m = x.abs();
        if m < cut || m == 0.0 {
            return 0;
        }
        // Nearest level in the log domain.
        let k = levels[1..=nl].partition_point(|&l| l < m) + 1;
        let k = if k > nl {
            nl
        } else if k > 1 && (m / levels[k - 1]).ln() < (levels[k] / m).ln() {
            k - 1
        } else {
            k
        };
        let k = k as i8;
        if x < 0.0 {
            -k
        } else {
            k
        }
    };
    let mut pairs: Vec<(u32, Vec<i8>)> = Vec::new();
    for (r, &k) in keys.iter().enumerate() {
        let row: Vec<i8> = w[r * L..r * L + L].iter().map(|&x| code(x)).collect();
        if row.iter().any(|&x| x != 0) {
            pairs.push((k, row));
        }
    }
    pairs.sort_by_key(|p| p.0);
    pairs.dedup_by_key(|p| p.0);
    let keys = pairs.iter().map(|p| p.0).collect();
    let rows = pairs.into_iter().flat_map(|p| p.1).collect();
    (levels, keys, rows)
}

/// Train the model on `train` (tuning printouts on `dev`); returns the
/// uncompressed model file.
pub fn train(lex: &Lexicon, train: &[CDoc], dev: &[CDoc], opt: &Options) -> Vec<u8> {
    let t0 = std::time::Instant::now();
    let mut idx1 = Index::with_cutoff(lex, train, &[], opt.cutoff);
    let fd1: Vec<FeatDoc> = train
        .iter()
        .map(|d| idx1.featurize(lex, d, None, true))
        .collect();
    let dev1: Vec<FeatDoc> = dev
        .iter()
        .map(|d| idx1.featurize(lex, d, None, false))
        .collect();
    eprintln!(
        "stage 1: {} features, {} docs ({:.1}s)",
        idx1.keys.len(),
        fd1.len(),
        t0.elapsed().as_secs_f32()
    );
    let all: Vec<&FeatDoc> = fd1.iter().collect();
    let verbose_dev = opt.verbose.then_some(dev1.as_slice());
    let rows1 = idx1.keys.len();
    let (w1, t1) = train_averaged(opt, rows1, &all, opt.epochs1, verbose_dev, "stage1");
    let (scale1, keys1, q1) = quantise(&idx1.keys, &w1, opt.prune, opt.levels);
    if std::env::var_os("PARALLAX_DEBUG_Q").is_some() {
        let mut deq = vec![0f32; w1.len()];
        let pos: HashMap<u32, usize> = keys1.iter().enumerate().map(|(i, &k)| (k, i)).collect();
        for (r, k) in idx1.keys.iter().enumerate() {
            if let Some(&i) = pos.get(k) {
                for y in 0..L {
                    let c = q1[i * L + y];
                    let m = scale1[usize::from(c.unsigned_abs())];
                    deq[r * L + y] = if c < 0 { -m } else { m };
                }
            }
        }
        let dev_refs: Vec<&FeatDoc> = dev1.iter().collect();
        for (name, w) in [("float", &w1), ("dequantised", &deq)] {
            let preds = decode_docs(w, &t1, &dev_refs);
            let mut sc = Score::default();
            for (fd, p) in dev1.iter().zip(&preds) {
                sc.add(&fd.gold, p, &fd.sentences);
            }
            eprintln!("debug {name}: dev F1 {:.2}", sc.overall().2);
        }
    }
    eprintln!(
        "stage 1 trained: {} weighted features kept ({:.1}s)",
        keys1.len(),
        t0.elapsed().as_secs_f32()
    );
    let mut stages_out = vec![(scale1, t1, keys1, q1)];
    if opt.stages >= 2 {
        // Jackknifed stage-1 labels for the training documents.
        let folds = opt.folds.max(2);
        let mut jack: Vec<Vec<Label>> = vec![Vec::new(); fd1.len()];
        let fold_results: Vec<Vec<(usize, Vec<Label>)>> = std::thread::scope(|scope| {
            let mut handles = Vec::new();
            let chunks: Vec<Vec<usize>> = (0..2)
                .map(|c| (0..folds).filter(|f| f % 2 == c).collect())
                .collect();
            for chunk in chunks {
                let fd1 = &fd1;
                handles.push(scope.spawn(move || {
                    let mut out = Vec::new();
                    for k in chunk {
                        let train_k: Vec<&FeatDoc> = fd1
                            .iter()
                            .enumerate()
                            .filter(|(d, _)| d % folds != k)
                            .map(|(_, x)| x)
                            .collect();
                        let held: Vec<usize> = (0..fd1.len()).filter(|d| d % folds == k).collect();
                        let (w, t) =
                            train_averaged(opt, rows1, &train_k, opt.epochs1, None, "fold");
                        let held_docs: Vec<&FeatDoc> = held.iter().map(|&d| &fd1[d]).collect();
                        let preds = decode_docs(&w, &t, &held_docs);
                        out.extend(held.into_iter().zip(preds));
                        eprintln!("fold {k} done");
                    }
                    out
                }));
            }
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for (d, labels) in fold_results.into_iter().flatten() {
            jack[d] = labels;
        }
        // Stage-2 features.
        let st2: Vec<Option<Stage1>> = train
            .iter()
            .enumerate()
            .map(|(d, doc)| {
                let attrs = features::attrs(lex, &doc.doc());
                Some(Stage1::new(&attrs, std::mem::take(&mut jack[d])))
            })
            .collect();
        let mut idx2 = Index::with_cutoff(lex, train, &st2, opt.cutoff);
        let mut fd2 = Vec::with_capacity(train.len());
        for (doc, st) in train.iter().zip(&st2) {
            fd2.push(idx2.featurize(lex, doc, st.as_ref(), true));
        }
        // Dev stage-1 labels from the full stage-1 weights.
        let dev_refs: Vec<&FeatDoc> = dev1.iter().collect();
        let dev_s1 = decode_docs(&w1, &stages_out[0].1, &dev_refs);
        let mut s1score = Score::default();
        for (fd, p) in dev1.iter().zip(&dev_s1) {
            s1score.add(&fd.gold, p, &fd.sentences);
        }
        eprintln!("stage 1 dev F1 (float weights): {:.2}", s1score.overall().2);
        let dev2: Vec<FeatDoc> = dev
            .iter()
            .zip(dev_s1)
            .map(|(doc, s1)| {
                let attrs = features::attrs(lex, &doc.doc());
                let st = Stage1::new(&attrs, s1);
                idx2.featurize(lex, doc, Some(&st), false)
            })
            .collect();
        eprintln!("stage 2: {} features", idx2.keys.len());
        let all2: Vec<&FeatDoc> = fd2.iter().collect();
        let verbose_dev = opt.verbose.then_some(dev2.as_slice());
        let (w2, t2) = train_averaged(
            opt,
            idx2.keys.len(),
            &all2,
            opt.epochs2,
            verbose_dev,
            "stage2",
        );
        let (scale2, keys2, q2) = quantise(&idx2.keys, &w2, opt.prune, opt.levels);
        eprintln!(
            "stage 2 trained: {} weighted features kept ({:.1}s)",
            keys2.len(),
            t0.elapsed().as_secs_f32()
        );
        stages_out.push((scale2, t2, keys2, q2));
    }
    // Version: a digest of the weights, so reports name the exact model.
    let mut digest = super::hash::str(0, "parallax-ner");
    for (s, t, k, q) in &stages_out {
        for x in s {
            digest = super::hash::pair(digest, u64::from(x.to_bits()));
        }
        for x in t {
            digest = super::hash::pair(digest, u64::from(x.to_bits()));
        }
        for &x in k {
            digest = super::hash::pair(digest, u64::from(x));
        }
        let bytes: Vec<u8> = q.iter().map(|&x| x as u8).collect();
        digest = super::hash::pair(digest, super::hash::bytes(1, &bytes));
    }
    let version = format!(
        "parallax-ner/{}stage-bilou-perceptron/{:08x}",
        stages_out.len(),
        digest as u32
    );
    let views: Vec<model::StageView> = stages_out
        .iter()
        .map(|(s, t, k, q)| {
            (
                s.as_slice(),
                &t[..(L + 1) * L],
                &t[(L + 1) * L..],
                k.as_slice(),
                q.as_slice(),
            )
        })
        .collect();
    Model::write(&version, &views)
}

/// Tag CoNLL documents with a tagger and score them; also returns tokens/s.
pub fn evaluate(tagger: &Tagger, docs: &[CDoc]) -> (Score, f64) {
    let mut score = Score::default();
    let mut n = 0usize;
    let t0 = std::time::Instant::now();
    let mut preds = Vec::with_capacity(docs.len());
    for d in docs {
        let doc = d.doc();
        n += doc.words.len();
        preds.push(tagger.tag(&doc));
    }
    let secs = t0.elapsed().as_secs_f64().max(1e-9);
    for (d, p) in docs.iter().zip(&preds) {
        score.add(&d.gold, p, &d.sentences);
    }
    (score, n as f64 / secs)
}

/// Predictions in the CoNLL layout `word gold predicted` (IOB2 tags, a
/// blank line between sentences), for error analysis with conlleval.
pub fn dump(tagger: &Tagger, docs: &[CDoc]) -> String {
    let tag = |l: Label| -> String {
        match l.entity_type() {
            None => "O".to_string(),
            Some(t) => {
                let p = if matches!(l.pos(), Pos::B | Pos::U) {
                    "B"
                } else {
                    "I"
                };
                format!("{p}-{}", TYPES[t])
            }
        }
    };
    let mut out = String::new();
    for d in docs {
        let pred = tagger.tag(&d.doc());
        out.push_str("-DOCSTART- O O\n\n");
        for s in &d.sentences {
            for i in s.clone() {
                out.push_str(&format!(
                    "{} {} {}\n",
                    d.words[i],
                    tag(d.gold[i]),
                    tag(pred[i])
                ));
            }
            out.push('\n');
        }
    }
    out
}

/// Decode the Brown-cluster bit path stored by spaCy: `bin(v)[3:][::-1]`.
pub fn cluster_path(v: u64) -> Option<String> {
    if v < 2 {
        return None;
    }
    let bits = format!("{v:b}");
    Some(bits[1..].chars().rev().collect())
}

/// Gazetteer entry as lowercase tokens joined by spaces (the tokenizer's
/// view of it).
pub fn gaz_entry(name: &str) -> String {
    let toks = crate::analysis::tokenize::tokenize(name);
    toks.iter()
        .map(|t| t.text(name).to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Build the lexicon from the shared resources: `clusters` is
/// `(word, spaCy cluster int)` in frequency order; only the first
/// `max_words` words with a cluster are kept. When `gaz_vocab` > 0, a
/// place-name entry is kept only if each of its tokens is among the first
/// `gaz_vocab` words of `clusters` (lowercased): a frequency filter for the
/// alphabetical GeoNames list, whose tail is rare spellings of small places.
pub fn build_lexicon(
    clusters: &[(String, u64)],
    max_words: usize,
    gaz_vocab: usize,
    gazetteers: &[(u8, &str)],
) -> Lexicon {
    let vocab: std::collections::HashSet<String> = clusters
        .iter()
        .take(gaz_vocab)
        .map(|(w, _)| w.to_lowercase())
        .collect();
    let words: Vec<(String, String)> = clusters
        .iter()
        .filter(|(w, _)| !w.is_empty() && !w.contains(char::is_whitespace) && !w.contains('\t'))
        .filter_map(|(w, v)| cluster_path(*v).map(|p| (w.clone(), p)))
        .take(max_words)
        .collect();
    let mut gaz = Vec::new();
    for &(flag, text) in gazetteers {
        for l in lexicon::lines(text) {
            let e = gaz_entry(l);
            let frequent = gaz_vocab == 0
                || flag != lexicon::GAZ_LOC
                || e.split(' ').all(|t| vocab.contains(t));
            if !e.is_empty() && e.split(' ').count() <= lexicon::GAZ_MAX_TOKENS && frequent {
                gaz.push((flag, e));
            }
        }
    }
    let check: Vec<(String, String)> = words.iter().step_by(7).cloned().collect();
    let lex = Lexicon::build(words, gaz);
    // The words left out must still find their clusters (a sample).
    let differ = check
        .iter()
        .filter(|(w, p)| lex.cluster(w).and_then(|id| lex.paths.get(usize::from(id))) != Some(p))
        .count();
    if differ > 0 {
        eprintln!("lexicon: {differ} sampled words look up a different cluster");
    }
    lex
}

/// Label helper used in tests.
pub fn label(t: &str, pos: Pos) -> Label {
    type_index(t).map_or(Label::O, |t| Label::new(t, pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iob1_like_conlleval() {
        let text = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nB NNP I-NP B-PER\n";
        let docs = read_conll(text);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.sentences, vec![0..3, 3..6]);
        assert_eq!(d.gold[0], label("ORG", Pos::U));
        assert_eq!(d.gold[3], label("PER", Pos::B));
        assert_eq!(d.gold[4], label("PER", Pos::L));
        assert_eq!(d.gold[5], label("PER", Pos::U));
    }

    #[test]
    fn cluster_paths_decode_like_spacy() {
        // bin(166) = 0b10100110 → [3:] = "0100110" → reversed "0110010"
        assert_eq!(cluster_path(166).as_deref(), Some("0110010"));
        assert_eq!(cluster_path(0), None);
    }

    #[test]
    fn trains_a_toy_model() {
        let text = "Alice NNP x I-PER\nsaw VBD x O\nBob NNP x I-PER\n. . x O\n\nCarol NNP x I-PER\nvisited VBD x O\nParis NNP x I-LOC\n. . x O\n";
        let docs: Vec<CDoc> = (0..4).flat_map(|_| read_conll(text)).collect();
        let lex = Lexicon::default();
        let opt = Options {
            epochs1: 5,
            epochs2: 5,
            folds: 2,
            ..Options::default()
        };
        let bytes = train(&lex, &docs, &docs, &opt);
        let model = Model::from_bytes(&bytes).unwrap();
        assert_eq!(model.stages.len(), 2);
        let tagger = Tagger {
            lex,
            model: Some(model),
        };
        let (score, _) = evaluate(&tagger, &docs);
        assert!(score.overall().2 > 90.0, "{}", score.table("toy"));
    }
}
