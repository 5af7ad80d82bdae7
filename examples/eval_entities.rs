//! Evaluation of entity resolution (native only; run by
//! `scripts/eval-entities.sh`).
//!
//! ```text
//! cargo run --release --example eval_entities -- seeds SEEDS_DIR OUT.json [--gold-mentions GOLD.json]
//! cargo run --release --example eval_entities -- gum GUM_DIR
//! ```
//!
//! `seeds` analyses a folder with the project's pipeline (NER mentions),
//! resolves entities with `analysis::entities` and writes a report for
//! `../shared/tools/score_seeds.py`. With `--gold-mentions` the NER mentions
//! are replaced by every occurrence of the gold names and aliases, which
//! measures resolution alone (as if NER were perfect).
//!
//! `gum` rebuilds each GUM document's text from `gum_named_*.bio`, gives the
//! resolver GUM's named mentions (BIO spans, typed PERSON/GPE/ORG/…) and
//! prints, against GUM's coreference chains: (b) the accuracy of linking
//! nominal mentions whose chain holds a named mention, (c) purity and
//! inverse purity of the named-mention clusters, and pronoun accuracy.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::process::ExitCode;

use parallax::analysis::{self, entities};
use parallax::ingest::{self, InputFile};
use parallax::report::{Article, Mention, Report};
use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let r = match args.first().map(String::as_str) {
        Some("seeds") => seeds(&args[1..]),
        Some("gum") => gum(&args[1..]),
        _ => Err(
            "usage: eval_entities seeds DIR OUT.json [--gold-mentions GOLD.json] | gum GUM_DIR"
                .into(),
        ),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eval_entities: {e}");
            ExitCode::FAILURE
        }
    }
}

fn read_dir_files(dir: &Path) -> Result<Vec<InputFile>, String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            Ok(InputFile::new(p.display().to_string(), bytes))
        })
        .collect()
}

fn seeds(args: &[String]) -> Result<(), String> {
    let (Some(dir), Some(out)) = (args.first(), args.get(1)) else {
        return Err("seeds needs DIR and OUT.json".into());
    };
    let gold = match args.iter().position(|a| a == "--gold-mentions") {
        Some(i) => Some(args.get(i + 1).ok_or("--gold-mentions needs a file")?),
        None => None,
    };
    let bundle = ingest::ingest(read_dir_files(Path::new(dir))?);
    let mut articles = bundle.articles;
    let t0 = std::time::Instant::now();
    for a in articles.iter_mut() {
        analysis::analyze_article(a);
    }
    let t_ner = t0.elapsed();
    if let Some(g) = gold {
        let text = std::fs::read_to_string(g).map_err(|e| format!("{g}: {e}"))?;
        let gold: Value = serde_json::from_str(&text).map_err(|e| format!("{g}: {e}"))?;
        gold_mentions(&mut articles, &gold);
    }
    let t1 = std::time::Instant::now();
    let res = entities::resolve_bundle(&mut articles);
    let t_res = t1.elapsed();
    // Speakers the quote engine left as spans (names, pronouns, nominals).
    entities::link_speakers(&mut articles, &res);
    let ents = res.entities;
    let mut report = Report::new();
    report.articles = articles;
    report.entities = ents;
    let json = serde_json::to_string(&report).map_err(|e| e.to_string())?;
    std::fs::write(out, json).map_err(|e| format!("{out}: {e}"))?;
    let mentions: usize = report.articles.iter().map(|a| a.mentions.len()).sum();
    eprintln!(
        "seeds: {} articles, {} mentions, {} entities; analysis {:.0} ms, resolution {:.1} ms",
        report.articles.len(),
        mentions,
        report.entities.len(),
        t_ner.as_secs_f64() * 1e3,
        t_res.as_secs_f64() * 1e3
    );
    Ok(())
}

/// Replace each gold article's mentions by every occurrence of its gold
/// names, their aliases and surnames (longest first, no overlaps).
fn gold_mentions(articles: &mut [Article], gold: &Value) {
    let aliases = gold["aliases"].as_object().cloned().unwrap_or_default();
    let Some(garts) = gold["articles"].as_array() else {
        return;
    };
    for g in garts {
        let file = g["file"].as_str().unwrap_or("");
        let title = g["title_contains"].as_str();
        let cands: Vec<usize> = (0..articles.len())
            .filter(|&i| {
                articles[i]
                    .source_file
                    .as_deref()
                    .unwrap_or("")
                    .ends_with(file)
            })
            .collect();
        let pick = title
            .and_then(|t| {
                cands.iter().copied().find(|&i| {
                    let a = &articles[i];
                    let head: String = a.text.chars().take(400).collect();
                    format!("{}{}", a.title.clone().unwrap_or_default(), head).contains(t)
                })
            })
            .or_else(|| {
                title.and_then(|t| {
                    cands
                        .iter()
                        .copied()
                        .find(|&i| articles[i].text.contains(t))
                })
            })
            .or_else(|| cands.first().copied());
        let Some(ai) = pick else { continue };
        let mut forms: Vec<(String, &str)> = Vec::new();
        for (key, label) in [("persons", "PERSON"), ("orgs", "ORG"), ("gpes", "GPE")] {
            for n in g[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                forms.push((n.to_string(), label));
                for a in aliases
                    .get(n)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    forms.push((a.trim_start_matches("the ").to_string(), label));
                }
                let parts: Vec<&str> = n.split_whitespace().collect();
                if label == "PERSON" && parts.len() > 1 {
                    forms.push((parts[parts.len() - 1].to_string(), label));
                }
            }
        }
        forms.sort_by_key(|f| std::cmp::Reverse(f.0.len()));
        let text = articles[ai].text.clone();
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut ms: Vec<Mention> = Vec::new();
        for (f, label) in forms {
            if f.is_empty() {
                continue;
            }
            for (s, _) in text.match_indices(f.as_str()) {
                let e = s + f.len();
                let before = text[..s].chars().next_back();
                let after = text[e..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    || after.is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                if taken.iter().any(|&(a, b)| s < b && a < e) {
                    continue;
                }
                taken.push((s, e));
                ms.push(Mention {
                    start: s,
                    end: e,
                    label: label.to_string(),
                    entity: None,
                });
            }
        }
        // Keep the pipeline's non-name mentions (ROLE, DATE, …).
        ms.extend(
            articles[ai]
                .mentions
                .iter()
                .filter(|m| {
                    !matches!(
                        m.label.as_str(),
                        "PERSON" | "ORG" | "GPE" | "LOC" | "NORP" | "MISC" | "EVENT"
                    )
                })
                .filter(|m| !taken.iter().any(|&(a, b)| m.start < b && a < m.end))
                .cloned(),
        );
        ms.sort_by_key(|m| (m.start, m.end));
        articles[ai].mentions = ms;
    }
}

/// One GUM document rebuilt from the BIO file.
struct GumDoc {
    text: String,
    /// Per sentence, per token: byte span.
    spans: Vec<Vec<(usize, usize)>>,
    /// Named spans from BIO: (sentence, first token, end token, label).
    named: Vec<(usize, usize, usize, String)>,
}

fn read_bio(path: &Path, docs: &mut BTreeMap<String, GumDoc>) -> Result<(), String> {
    let data = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut cur: Option<String> = None;
    let mut sent: Vec<(String, String)> = Vec::new();
    let flush = |docs: &mut BTreeMap<String, GumDoc>,
                 cur: &Option<String>,
                 sent: &mut Vec<(String, String)>| {
        let Some(name) = cur else { return };
        if sent.is_empty() {
            return;
        }
        let d = docs.entry(name.clone()).or_insert_with(|| GumDoc {
            text: String::new(),
            spans: Vec::new(),
            named: Vec::new(),
        });
        let si = d.spans.len();
        let mut spans = Vec::new();
        let mut open: Option<(usize, String)> = None;
        for (ti, (tok, tag)) in sent.iter().enumerate() {
            if !d.text.is_empty() {
                d.text.push(if ti == 0 { '\n' } else { ' ' });
            }
            let s = d.text.len();
            d.text.push_str(tok);
            spans.push((s, d.text.len()));
            let (bio, lab) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
            if bio != "I" || open.as_ref().is_none_or(|(_, l)| l != lab) {
                if let Some((st, l)) = open.take() {
                    d.named.push((si, st, ti, l));
                }
                if bio == "B" || bio == "I" {
                    open = Some((ti, lab.to_string()));
                }
            }
        }
        if let Some((st, l)) = open.take() {
            d.named.push((si, st, sent.len(), l));
        }
        d.spans.push(spans);
        sent.clear();
    };
    for line in data.lines() {
        if let Some(rest) = line.strip_prefix("-DOCSTART-") {
            flush(docs, &cur, &mut sent);
            cur = Some(rest.trim().to_string());
            continue;
        }
        if line.trim().is_empty() {
            flush(docs, &cur, &mut sent);
            continue;
        }
        let mut f = line.split('\t');
        let tok = f.next().unwrap_or("").to_string();
        let tag = f.nth(1).unwrap_or("O").to_string();
        sent.push((tok, tag));
    }
    flush(docs, &cur, &mut sent);
    Ok(())
}

fn gum_label(l: &str) -> &'static str {
    match l {
        "PERSON" => "PERSON",
        "PLACE" => "GPE",
        "ORGANIZATION" => "ORG",
        "EVENT" => "EVENT",
        _ => "MISC",
    }
}

#[derive(Default)]
struct Tally {
    n: usize,
    ok: usize,
    answered: usize,
}

impl Tally {
    fn line(&self, what: &str) -> String {
        format!(
            "{what}: accuracy {:.3} ({}/{}), answered {:.3}, precision when answered {:.3}",
            self.ok as f64 / self.n.max(1) as f64,
            self.ok,
            self.n,
            self.answered as f64 / self.n.max(1) as f64,
            self.ok as f64 / self.answered.max(1) as f64
        )
    }
}

fn gum(args: &[String]) -> Result<(), String> {
    let dir = Path::new(args.first().ok_or("gum needs the GUM folder")?);
    let mut docs: BTreeMap<String, GumDoc> = BTreeMap::new();
    for split in ["train", "dev", "test"] {
        read_bio(&dir.join(format!("gum_named_{split}.bio")), &mut docs)?;
    }
    let data = std::fs::read_to_string(dir.join("gum_mentions.jsonl"))
        .map_err(|e| format!("gum_mentions.jsonl: {e}"))?;
    // Mentions per document.
    let mut rows: HashMap<String, Vec<Value>> = HashMap::new();
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let doc = v["doc"].as_str().unwrap_or("").to_string();
        if docs.contains_key(&doc) {
            rows.entry(doc).or_default().push(v);
        }
    }
    let mut dump = match std::env::var("EVAL_ENTITIES_DUMP") {
        Ok(p) => Some(std::fs::File::create(&p).map_err(|e| format!("{p}: {e}"))?),
        Err(_) => None,
    };
    let mut nominal: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut pron = Tally::default();
    let (mut pur_num, mut inv_num, mut n_named) = (0usize, 0usize, 0usize);
    let (mut base_pur, mut base_inv) = (0usize, 0usize);
    let t0 = std::time::Instant::now();
    for (name, d) in &docs {
        let Some(ms) = rows.get(name) else { continue };
        let span_of = |v: &Value| -> Option<(usize, usize)> {
            let s = v["sent"].as_u64()? as usize;
            let a = v["start"].as_u64()? as usize;
            let b = v["end"].as_u64()? as usize;
            let sent = d.spans.get(s)?;
            Some((sent.get(a)?.0, sent.get(b.checked_sub(1)?)?.1))
        };
        // Gold chain of each named BIO span: the smallest named GUM mention
        // of the same type holding it.
        let mut mentions: Vec<Mention> = Vec::new();
        let mut gold_eid: Vec<Option<String>> = Vec::new();
        for (s, a, b, lab) in &d.named {
            let (Some(&(bs, _)), Some(&(_, be))) =
                (d.spans[*s].get(*a), d.spans[*s].get(b.saturating_sub(1)))
            else {
                continue;
            };
            let eid = ms
                .iter()
                .filter(|v| v["named"].as_bool() == Some(true))
                .filter_map(|v| Some((span_of(v)?, v)))
                .filter(|((vs, ve), v)| {
                    *vs <= bs
                        && be <= *ve
                        && v["etype"].as_str().unwrap_or("").eq_ignore_ascii_case(lab)
                })
                .min_by_key(|((vs, ve), _)| ve - vs)
                .and_then(|(_, v)| v["eid"].as_str().map(String::from));
            mentions.push(Mention {
                start: bs,
                end: be,
                label: gum_label(lab).to_string(),
                entity: None,
            });
            gold_eid.push(eid);
        }
        let mut arts = vec![Article {
            id: "a1".into(),
            text: d.text.clone(),
            mentions: mentions.clone(),
            ..Default::default()
        }];
        let res = entities::resolve_bundle(&mut arts);
        // (c) purity / inverse purity over named mentions with a gold chain.
        let mut by_pred: HashMap<String, Vec<&str>> = HashMap::new();
        let mut by_gold: HashMap<&str, Vec<String>> = HashMap::new();
        let mut base_pred: HashMap<String, Vec<&str>> = HashMap::new();
        let mut base_gold: HashMap<&str, Vec<String>> = HashMap::new();
        for (i, m) in arts[0].mentions.iter().enumerate() {
            let Some(g) = gold_eid[i].as_deref() else {
                continue;
            };
            let p = m.entity.clone().unwrap_or_else(|| format!("none{i}"));
            by_pred.entry(p.clone()).or_default().push(g);
            by_gold.entry(g).or_default().push(p);
            let surface = d.text[mentions[i].start..mentions[i].end].to_lowercase();
            base_pred.entry(surface.clone()).or_default().push(g);
            base_gold.entry(g).or_default().push(surface);
            n_named += 1;
        }
        let majority = |v: &[&str]| {
            let mut c: HashMap<&str, usize> = HashMap::new();
            for x in v {
                *c.entry(x).or_default() += 1;
            }
            c.values().copied().max().unwrap_or(0)
        };
        let majority_s = |v: &[String]| {
            let mut c: HashMap<&str, usize> = HashMap::new();
            for x in v {
                *c.entry(x.as_str()).or_default() += 1;
            }
            c.values().copied().max().unwrap_or(0)
        };
        if let Some(w) = dump.as_mut() {
            use std::io::Write;
            for (i, m) in arts[0].mentions.iter().enumerate() {
                let (Some(g), Some(e)) = (gold_eid[i].as_deref(), &m.entity) else {
                    continue;
                };
                let _ = writeln!(
                    w,
                    "{}",
                    serde_json::json!({"cluster": true, "doc": name, "gold": g, "pred": e, "text": &d.text[m.start..m.end], "label": m.label})
                );
            }
        }
        pur_num += by_pred.values().map(|v| majority(v)).sum::<usize>();
        inv_num += by_gold.values().map(|v| majority_s(v)).sum::<usize>();
        base_pur += base_pred.values().map(|v| majority(v)).sum::<usize>();
        base_inv += base_gold.values().map(|v| majority_s(v)).sum::<usize>();

        // Gold chain → predicted entities of its named mentions.
        let mut chain_entities: HashMap<&str, HashSet<String>> = HashMap::new();
        for (i, m) in arts[0].mentions.iter().enumerate() {
            if let (Some(g), Some(e)) = (gold_eid[i].as_deref(), &m.entity) {
                chain_entities.entry(g).or_default().insert(e.clone());
            }
        }
        let ctx = entities::Context::new(&arts[0]);
        // (b) nominal mentions whose chain holds a named mention; pronouns.
        for v in ms {
            if v["named"].as_bool() == Some(true) {
                continue;
            }
            let Some(eid) = v["eid"].as_str() else {
                continue;
            };
            let Some(ents) = chain_entities.get(eid) else {
                continue;
            };
            let Some((s, e)) = span_of(v) else { continue };
            // Only links back to an earlier named mention are asked.
            let earlier = arts[0]
                .mentions
                .iter()
                .enumerate()
                .any(|(i, m)| gold_eid[i].as_deref() == Some(eid) && m.end <= s);
            if !earlier {
                continue;
            }
            let pronominal = v["pronominal"].as_bool() == Some(true);
            let got = if pronominal {
                let p = v["text"].as_str().unwrap_or("");
                if entities::pronoun::classify(p).is_none() {
                    continue;
                }
                ctx.antecedent(s, p)
                    .and_then(|i| arts[0].mentions[i].entity.clone())
            } else {
                res.entity_for_span(&arts, 0, s, e)
            };
            let t = if pronominal {
                &mut pron
            } else {
                let etype = match v["etype"].as_str().unwrap_or("") {
                    "person" => "person",
                    "place" => "place",
                    "organization" => "organization",
                    _ => "other",
                };
                nominal.entry(etype).or_default()
            };
            if let Some(w) = dump.as_mut() {
                use std::io::Write;
                let gold_names: Vec<&str> = arts[0]
                    .mentions
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| gold_eid[*i].as_deref() == Some(eid))
                    .map(|(_, m)| &d.text[m.start..m.end])
                    .collect();
                let pred = got
                    .as_deref()
                    .and_then(|g| res.entity(g))
                    .map(|e| e.name.clone());
                let ctx_start = d.text[..s]
                    .char_indices()
                    .rev()
                    .nth(120)
                    .map(|x| x.0)
                    .unwrap_or(0);
                let _ = writeln!(
                    w,
                    "{}",
                    serde_json::json!({"doc": name, "pron": pronominal, "etype": v["etype"], "text": &d.text[s..e],
                        "gold": gold_names, "pred": pred, "ok": got.as_ref().is_some_and(|g| ents.contains(g)),
                        "context": &d.text[ctx_start..e]})
                );
            }
            t.n += 1;
            if let Some(g) = got {
                t.answered += 1;
                if ents.contains(&g) {
                    t.ok += 1;
                }
            }
        }
    }
    let mut all = Tally::default();
    let mut ppo = Tally::default();
    println!(
        "GUM ({} documents, {:.1} s)",
        docs.len(),
        t0.elapsed().as_secs_f64()
    );
    for (k, t) in &nominal {
        println!("  (b) nominal → named, {}", t.line(k));
        all.n += t.n;
        all.ok += t.ok;
        all.answered += t.answered;
        if *k != "other" {
            ppo.n += t.n;
            ppo.ok += t.ok;
            ppo.answered += t.answered;
        }
    }
    println!("  (b) nominal → named, {}", all.line("all types"));
    println!(
        "  (b) nominal → named, {}",
        ppo.line("person+place+organization")
    );
    println!(
        "  (c) named-mention clusters vs GUM chains ({n_named} mentions): purity {:.3}, inverse purity {:.3} (exact-string baseline: {:.3} / {:.3})",
        pur_num as f64 / n_named.max(1) as f64,
        inv_num as f64 / n_named.max(1) as f64,
        base_pur as f64 / n_named.max(1) as f64,
        base_inv as f64 / n_named.max(1) as f64
    );
    println!(
        "  pronouns (he/she/they/it… with an earlier named antecedent): {}",
        pron.line("pronoun")
    );
    Ok(())
}
