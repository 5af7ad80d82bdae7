//! `parallax-eval`: native-only evaluation helpers over the analysis core.
//!
//! ```text
//! parallax-eval quotes IN.jsonl [--no-ner] > PRED.jsonl
//! ```
//!
//! `quotes` reads PolNeAR-style JSONL (one object a line with `doc_id` and
//! `text`), runs the same per-article analysis as the app (NER mentions,
//! then quotes) and writes one line per document:
//! `{"doc_id", "quotes": [{"start", "end", "kind", "speaker",
//! "speaker_resolved", "speaker_start", "speaker_end", "sieve"}]}`.
//! Offsets are **code-point** offsets (PolNeAR's convention), converted
//! from the report's byte offsets. Scare quotes are left out (not speech);
//! a partial quote is reported as the reported clause that holds it, as
//! PolNeAR annotates mixed quotes. `--no-ner` skips the NER and uses the
//! quote finder's capitalised-name fallback.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eval::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod eval {
    use parallax::analysis::{self, quotes};
    use parallax::report::Article;
    use serde_json::{json, Value};
    use std::io::{BufRead, BufWriter, Write};
    use std::process::ExitCode;

    const USAGE: &str = "usage: parallax-eval quotes IN.jsonl [--no-ner] > PRED.jsonl";

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        match args.first().map(String::as_str) {
            Some("quotes") => {}
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
        let no_ner = args.iter().any(|a| a == "--no-ner");
        let Some(path) = args.iter().skip(1).find(|a| !a.starts_with("--")) else {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        };
        let input: Box<dyn BufRead> = if path == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            match std::fs::File::open(path) {
                Ok(f) => Box::new(std::io::BufReader::new(f)),
                Err(e) => {
                    eprintln!("parallax-eval: cannot read {path}: {e}");
                    return ExitCode::from(2);
                }
            }
        };
        let stdout = std::io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        for (n, line) in input.lines().enumerate() {
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("parallax-eval: read error: {e}");
                    return ExitCode::from(1);
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let doc: Value = match serde_json::from_str(&line) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("parallax-eval: line {}: {e}", n + 1);
                    continue;
                }
            };
            let id = doc.get("doc_id").cloned().unwrap_or(Value::Null);
            let text = doc.get("text").and_then(Value::as_str).unwrap_or("");
            let quotes = predict(text, no_ner);
            if writeln!(out, "{}", json!({"doc_id": id, "quotes": quotes})).is_err() {
                return ExitCode::from(1);
            }
        }
        if out.flush().is_err() {
            return ExitCode::from(1);
        }
        ExitCode::SUCCESS
    }

    /// Byte offset → code-point offset table for `text`.
    fn char_index(text: &str) -> Vec<usize> {
        let mut map = vec![0; text.len() + 1];
        let mut c = 0;
        for (b, ch) in text.char_indices() {
            for x in map.iter_mut().skip(b).take(ch.len_utf8()) {
                *x = c;
            }
            c += 1;
        }
        if let Some(last) = map.last_mut() {
            *last = c;
        }
        map
    }

    fn predict(text: &str, no_ner: bool) -> Vec<Value> {
        let mut article = Article {
            id: "a1".into(),
            part: 1,
            text: text.to_string(),
            ..Default::default()
        };
        if !no_ner {
            analysis::analyze_article(&mut article);
        }
        let found = quotes::find(text, &article.boilerplate, &article.mentions);
        let cp = char_index(text);
        let at = |b: usize| cp.get(b).copied().unwrap_or(0);
        let slice =
            |s: Option<[usize; 2]>| s.and_then(|s| text.get(s[0]..s[1])).map(str::to_string);
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        // One attribution, one prediction: "“A,” she said. “B.”" is one
        // quote with two pieces in PolNeAR, so direct pieces sharing a cue
        // within a paragraph are merged.
        let mut found = found;
        let mut merged: Vec<quotes::Found> = Vec::with_capacity(found.len());
        found.sort_by_key(|f| f.start);
        for f in found {
            if let Some(prev) = merged.last_mut() {
                let same_cue = prev.cue.is_some() && prev.cue == f.cue;
                let both_direct =
                    prev.kind == quotes::QuoteKind::Direct && f.kind == quotes::QuoteKind::Direct;
                let gap = text.get(prev.end..f.start).unwrap_or("\n");
                if same_cue && both_direct && !gap.contains('\n') {
                    prev.end = f.end;
                    prev.outer = match (prev.outer, f.outer) {
                        (Some(a), Some(b)) => Some([a[0], b[1]]),
                        (a, _) => a,
                    };
                    continue;
                }
            }
            merged.push(f);
        }
        for f in merged {
            let span = match f.kind {
                quotes::QuoteKind::Scare => continue,
                quotes::QuoteKind::Partial => f.clause.or(f.outer).unwrap_or([f.start, f.end]),
                quotes::QuoteKind::Direct => f.outer.unwrap_or([f.start, f.end]),
                quotes::QuoteKind::Indirect => [f.start, f.end],
            };
            if !seen.insert(span) {
                continue;
            }
            out.push(json!({
                "start": at(span[0]),
                "end": at(span[1]),
                "kind": f.kind.as_str(),
                "speaker": slice(f.speaker_phrase.or(f.speaker)),
                "speaker_resolved": slice(f.antecedent.or(f.speaker)),
                "speaker_start": f.speaker_phrase.map(|s| at(s[0])),
                "speaker_end": f.speaker_phrase.map(|s| at(s[1])),
                "cue": slice(f.cue),
                "via": f.via,
                "sieve": format!("{:?}", f.sieve),
            }));
        }
        out
    }
}
