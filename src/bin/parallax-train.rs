//! `parallax-train`: builds the NER assets and evaluates them (native only).
//!
//! ```text
//! parallax-train train [--shared ../shared] [--out assets/ner] [--epochs N]
//!                      [--epochs2 N] [--stages 1|2] [--words N] [--gaz-vocab N]
//!                      [--prune N] [--verbose]
//! parallax-train eval  [--shared ../shared] [--model DIR]
//! ```
//! `train` reads CoNLL-2003 `eng.train` (tuning printouts on `eng.testa`),
//! the Brown clusters and the gazetteers from the shared folder, and writes
//! `lexicon.bin.gz` and `model.bin.gz` (defaults: the 50,000 most frequent
//! cluster words, place names made of the 200,000 most frequent words).
//! `eval` scores CoNLL-2003 testa and testb with the embedded model (or the
//! one in `--model DIR`) and prints per-type P/R/F1 (conlleval rules, exact
//! spans) and tagging speed.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(e) = cli::run() {
        eprintln!("parallax-train: {e}");
        std::process::exit(1);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use parallax::analysis::ner::lexicon::{self, Lexicon};
    use parallax::analysis::ner::model::Model;
    use parallax::analysis::ner::tagger::Tagger;
    use parallax::analysis::ner::train;
    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};

    struct Args {
        cmd: String,
        shared: PathBuf,
        out: PathBuf,
        model: Option<PathBuf>,
        dump: Option<PathBuf>,
        opt: train::Options,
        words: usize,
        gaz_vocab: usize,
        gum: bool,
    }

    /// The option's value as a number.
    fn number<T: std::str::FromStr>(p: &mut lexopt::Parser) -> Result<T, String>
    where
        T::Err: std::fmt::Display,
    {
        use lexopt::ValueExt;
        p.value()
            .map_err(|e| e.to_string())?
            .string()
            .map_err(|_| "bad number".to_string())?
            .parse()
            .map_err(|e: T::Err| format!("{e}"))
    }

    fn parse() -> Result<Args, String> {
        use lexopt::prelude::*;
        let mut p = lexopt::Parser::from_env();
        let mut a = Args {
            cmd: String::new(),
            shared: PathBuf::from("../shared"),
            out: PathBuf::from("assets/ner"),
            model: None,
            dump: None,
            opt: train::Options::default(),
            words: 50_000,
            gaz_vocab: 200_000,
            gum: false,
        };
        let num = |p: &mut lexopt::Parser| -> Result<usize, String> { number(p) };
        let float = |p: &mut lexopt::Parser| -> Result<f32, String> { number(p) };
        while let Some(arg) = p.next().map_err(|e| e.to_string())? {
            match arg {
                Value(v) if a.cmd.is_empty() => a.cmd = v.string().map_err(|_| "bad command")?,
                Long("shared") => a.shared = p.value().map_err(|e| e.to_string())?.into(),
                Long("out") => a.out = p.value().map_err(|e| e.to_string())?.into(),
                Long("model") => a.model = Some(p.value().map_err(|e| e.to_string())?.into()),
                Long("dump") => a.dump = Some(p.value().map_err(|e| e.to_string())?.into()),
                Long("epochs") => a.opt.epochs1 = num(&mut p)?,
                Long("epochs2") => a.opt.epochs2 = num(&mut p)?,
                Long("stages") => a.opt.stages = num(&mut p)?,
                Long("folds") => a.opt.folds = num(&mut p)?,
                Long("words") => a.words = num(&mut p)?,
                Long("gaz-vocab") => a.gaz_vocab = num(&mut p)?,
                Long("cutoff") => a.opt.cutoff = num(&mut p)? as u32,
                Long("runs") => a.opt.runs = num(&mut p)?,
                Long("levels") => a.opt.levels = num(&mut p)?,
                Long("pa") => a.opt.pa = float(&mut p)?,
                Long("prune") => a.opt.prune = float(&mut p)?,
                Long("verbose") => a.opt.verbose = true,
                Long("gum") => a.gum = true,
                Long("help") | Short('h') => {
                    println!("usage: parallax-train train|eval [--shared DIR] [--out DIR] [--model DIR] [--epochs N] [--epochs2 N] [--stages N] [--words N] [--gaz-vocab N] [--prune N] [--cutoff N] [--runs N] [--pa STEP] [--levels N] [--gum] [--dump DIR] [--verbose]");
                    std::process::exit(0);
                }
                other => return Err(other.unexpected().to_string()),
            }
        }
        Ok(a)
    }

    fn read(path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read {} ({e}); this command needs the shared data folder (../shared)",
                path.display()
            )
        })
    }

    fn gunzip(path: &Path) -> Result<String, String> {
        let bytes = std::fs::read(path).map_err(|e| {
            format!(
                "cannot read {} ({e}); this command needs the shared data folder (../shared)",
                path.display()
            )
        })?;
        let mut s = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(s)
    }

    fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(bytes).map_err(|e| e.to_string())?;
        enc.finish().map_err(|e| e.to_string())
    }

    /// The cluster JSON object, in file (frequency) order.
    fn clusters(json: &str) -> Result<Vec<(String, u64)>, String> {
        struct Ordered(Vec<(String, u64)>);
        impl<'de> serde::Deserialize<'de> for Ordered {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = Ordered;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a word → cluster object")
                    }
                    fn visit_map<M: serde::de::MapAccess<'de>>(
                        self,
                        mut m: M,
                    ) -> Result<Ordered, M::Error> {
                        let mut v = Vec::new();
                        while let Some((k, x)) = m.next_entry::<String, u64>()? {
                            v.push((k, x));
                        }
                        Ok(Ordered(v))
                    }
                }
                d.deserialize_map(V)
            }
        }
        let o: Ordered = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Ok(o.0)
    }

    fn load_conll(shared: &Path, name: &str) -> Result<Vec<train::CDoc>, String> {
        Ok(train::read_conll(&read(
            &shared.join("data/ner/conll2003").join(name),
        )?))
    }

    pub fn run() -> Result<(), String> {
        let a = parse()?;
        match a.cmd.as_str() {
            "train" => cmd_train(&a),
            "eval" => cmd_eval(&a),
            "" => Err("missing command: train or eval (see --help)".into()),
            c => Err(format!("unknown command {c:?}: train or eval")),
        }
    }

    fn cmd_train(a: &Args) -> Result<(), String> {
        let t0 = std::time::Instant::now();
        let ner = a.shared.join("data/ner");
        let cl = clusters(&gunzip(&ner.join("features/en_lexeme_cluster.json.gz"))?)?;
        let gz = ner.join("gazetteers");
        let loc = read(&gz.join("loc.txt"))?;
        let first = read(&gz.join("first_names.txt"))?;
        let last = read(&gz.join("last_names.txt"))?;
        let nat = read(&gz.join("nationality.txt"))?;
        let lex = train::build_lexicon(
            &cl,
            a.words,
            a.gaz_vocab,
            &[
                (lexicon::GAZ_LOC, &loc),
                (lexicon::GAZ_FIRST, &first),
                (lexicon::GAZ_LAST, &last),
                (lexicon::GAZ_NAT, &nat),
            ],
        );
        drop(cl);
        eprintln!(
            "lexicon: {} cluster words, {} gazetteer entries ({:.1}s)",
            lex.word_list.len(),
            lex.gaz_list.len(),
            t0.elapsed().as_secs_f32()
        );
        let mut tr = load_conll(&a.shared, "eng.train")?;
        if a.gum {
            let gum = train::read_gum(
                &read(&ner.join("gum/gum_named_train.bio"))?,
                train::GUM_GENRES,
                &nat,
            );
            eprintln!("GUM train: {} documents added", gum.len());
            tr.extend(gum);
        }
        let dev = load_conll(&a.shared, "eng.testa")?;
        let model = train::train(&lex, &tr, &dev, &a.opt);
        std::fs::create_dir_all(&a.out).map_err(|e| e.to_string())?;
        let lex_gz = gzip(&lex.to_bytes())?;
        let model_gz = gzip(&model)?;
        let lp = a.out.join("lexicon.bin.gz");
        let mp = a.out.join("model.bin.gz");
        std::fs::write(&lp, &lex_gz).map_err(|e| format!("{}: {e}", lp.display()))?;
        std::fs::write(&mp, &model_gz).map_err(|e| format!("{}: {e}", mp.display()))?;
        eprintln!(
            "wrote {} ({} KB) and {} ({} KB) in {:.1}s",
            lp.display(),
            lex_gz.len() / 1024,
            mp.display(),
            model_gz.len() / 1024,
            t0.elapsed().as_secs_f32()
        );
        // Score the written (quantised) model on the dev set.
        let tagger = Tagger {
            lex: Lexicon::from_gzip(&lex_gz),
            model: Model::from_gzip(&model_gz),
        };
        let (score, _) = train::evaluate(&tagger, &dev);
        eprint!("{}", score.table("testa"));
        Ok(())
    }

    fn cmd_eval(a: &Args) -> Result<(), String> {
        let owned;
        let tagger: &Tagger = match &a.model {
            Some(dir) => {
                let l = std::fs::read(dir.join("lexicon.bin.gz")).map_err(|e| e.to_string())?;
                let m = std::fs::read(dir.join("model.bin.gz")).map_err(|e| e.to_string())?;
                owned = Tagger {
                    lex: Lexicon::from_gzip(&l),
                    model: Model::from_gzip(&m),
                };
                &owned
            }
            None => parallax::analysis::ner::tagger(),
        };
        let version = tagger
            .model
            .as_ref()
            .map_or("(none)".to_string(), |m| m.version.clone());
        println!("model {version}");
        for name in ["eng.testa", "eng.testb"] {
            let docs = load_conll(&a.shared, name)?;
            let (score, tps) = train::evaluate(tagger, &docs);
            if let Some(dir) = &a.dump {
                let path = dir.join(format!("{}.pred", &name[4..]));
                std::fs::write(&path, train::dump(tagger, &docs))
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            }
            print!("{}", score.table(&name[4..]));
            println!(
                "{:<8} tagging speed (pre-tokenised, 1 thread): {:.0} tokens/s",
                &name[4..],
                tps
            );
        }
        Ok(())
    }
}
