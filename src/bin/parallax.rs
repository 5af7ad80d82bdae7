//! `parallax`: the native command-line tool over the same core as the app.
//!
//! ```text
//! parallax analyze PATH… [--format json|csv|md] [--table NAME] [--out FILE] [--edits FILE]
//! parallax batch < bundles.jsonl > reports.jsonl
//! ```

/// mimalloc instead of the system allocator: the analysis makes many small
/// allocations, and glibc's malloc took 9 % of all instructions on BASIL
/// (BENCHMARKS.md, session 13); called as `parallax::alloc` says.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOC: parallax::alloc::Allocator = parallax::alloc::Allocator;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use parallax::ingest::{self, InputFile};
    use parallax::report::{Level, Notice, Report};
    use parallax::{analysis, edits, export};
    use std::io::{BufRead, Read, Write};
    use std::path::Path;
    use std::process::ExitCode;

    const USAGE: &str = "\
parallax — compare how news outlets report the same event

USAGE:
    parallax analyze PATH... [--format json|csv|md] [--table NAME] [--out FILE]
                             [--edits FILE]
    parallax batch  < bundles.jsonl > reports.jsonl
    parallax --help | --version

analyze   reads files (.txt .md .html .json .jsonl .zip), folders (recursively)
          or '-' (a bundle on standard input: JSON, or plain text that is split
          into articles) and prints the report.
            --format json   the full report (default; schema parallax.report/1)
            --format csv    one table as CSV, chosen with --table NAME:
                              articles   one row per article (default)
                              entities   entity x article: references, first
                                         mention, name variants, labels
                              quotes     one row per wording of each statement,
                                         with flags and a word diff
                              voices     per article and speaker: quotes,
                                         words, direct/partial/indirect, share
                              numbers    figures normalised and lined up by
                                         what they quantify; conflicts
                              omissions  what only some articles carry
                              distinctive, passages, warnings
            --format md     a Markdown summary of the report and its tables
            --out FILE      write to FILE instead of standard output
            --edits FILE    apply the user's corrections in FILE (a JSON list of
                            edits, or an edit log {\"edits\": [...]} as the app
                            saves it) before writing; edits whose text no
                            longer matches are skipped with a warning. Exits 2
                            when FILE cannot be read or parsed.
          Exits 2 when no article could be read; problems with single files are
          printed to standard error and listed in the report's notices.
batch     reads JSON Lines of bundles ({\"articles\": [...]} per line) on standard
          input and writes one compact JSON report per line, in order, with
          bounded memory. A bad line gives a report whose notices say why.

Both use every core (analyze: the articles of the bundle; batch: several
bundles at once); PARALLAX_THREADS=N uses N threads. The output is the same.";

    #[derive(Clone, Copy, PartialEq)]
    enum Format {
        Json,
        Csv,
        Md,
    }

    pub fn main() -> ExitCode {
        match run() {
            Ok(code) => code,
            Err(msg) => {
                eprintln!("parallax: {msg}");
                eprintln!("Try 'parallax --help'.");
                ExitCode::from(1)
            }
        }
    }

    fn run() -> Result<ExitCode, String> {
        use lexopt::prelude::*;
        let mut parser = lexopt::Parser::from_env();
        let command = match parser.next().map_err(|e| e.to_string())? {
            Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
            Some(Long("help") | Short('h')) | None => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            Some(Long("version") | Short('V')) => {
                println!("parallax {}", env!("CARGO_PKG_VERSION"));
                return Ok(ExitCode::SUCCESS);
            }
            Some(other) => return Err(other.unexpected().to_string()),
        };
        match command.as_str() {
            "analyze" | "analyse" => analyze(parser),
            "batch" => batch(parser),
            other => Err(format!("unknown command '{other}'")),
        }
    }

    fn analyze(mut parser: lexopt::Parser) -> Result<ExitCode, String> {
        use lexopt::prelude::*;
        let mut paths: Vec<String> = Vec::new();
        let mut format = Format::Json;
        let mut out: Option<String> = None;
        let mut table = "articles".to_string();
        let mut edits_path: Option<String> = None;
        while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
            match arg {
                Long("format") | Short('f') => {
                    let v = parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?;
                    format = match v.as_str() {
                        "json" => Format::Json,
                        "csv" => Format::Csv,
                        "md" | "markdown" => Format::Md,
                        _ => return Err(format!("--format takes json, csv or md, not '{v}'")),
                    };
                }
                Long("table") | Short('t') => {
                    table = parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?;
                    if !export::CSV_TABLES.contains(&table.as_str()) {
                        return Err(format!(
                            "--table takes one of {}, not '{table}'",
                            export::CSV_TABLES.join(", ")
                        ));
                    }
                }
                Long("out") | Short('o') => {
                    out = Some(
                        parser
                            .value()
                            .map_err(|e| e.to_string())?
                            .string()
                            .map_err(|e| e.to_string())?,
                    )
                }
                Long("edits") | Short('e') => {
                    edits_path = Some(
                        parser
                            .value()
                            .map_err(|e| e.to_string())?
                            .string()
                            .map_err(|e| e.to_string())?,
                    )
                }
                Long("help") | Short('h') => {
                    println!("{USAGE}");
                    return Ok(ExitCode::SUCCESS);
                }
                Value(v) => paths.push(v.string().map_err(|e| e.to_string())?),
                _ => return Err(arg.unexpected().to_string()),
            }
        }
        if paths.is_empty() {
            return Err(
                "analyze needs at least one PATH (a file, a folder, or - for standard input)"
                    .into(),
            );
        }
        // Read the edits first: a bad file stops before any work is done.
        let log = match edits_path.as_deref().map(read_edits).transpose() {
            Ok(log) => log,
            Err(msg) => {
                eprintln!("parallax: {msg}");
                return Ok(ExitCode::from(2));
            }
        };

        let mut files = Vec::new();
        let mut notices = Vec::new();
        let mut stdin_bundle = None;
        for p in &paths {
            if p == "-" {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map_err(|e| format!("cannot read standard input: {e}"))?;
                stdin_bundle = Some(read_stdin(&buf));
            } else {
                collect(Path::new(p), p, &mut files, &mut notices);
            }
        }
        let threads = analysis::available_threads();
        let mut report = match stdin_bundle {
            // Files read and analysed at once (each file's articles as
            // soon as it is read).
            None => {
                let mut report = analysis::analyze_files(files, threads);
                notices.append(&mut report.notices);
                report.notices = notices;
                report
            }
            // Ingest and analysis in one pool of threads: a pool made for
            // each step had the second waiting for its new threads to start
            // taking work (up to ≈ 2.5 ms of the seed bundle's ≈ 5 ms on
            // two cores).
            Some(b) => parallax::par::install(threads, || {
                let mut bundle = ingest::merge(ingest::ingest_threads(files, threads), b);
                notices.append(&mut bundle.notices);
                bundle.notices = notices;
                analysis::analyze_parallel(bundle, threads)
            }),
        };
        if let Some(log) = &log {
            let (edited, problems) = edits::apply(&report, &log.edits);
            for p in &problems {
                eprintln!("warning: {}: {p}", edits_path.as_deref().unwrap_or("edits"));
            }
            report = edited;
        }
        for n in &report.notices {
            let level = match n.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "note",
            };
            eprintln!("{level}: {}: {}", n.file, n.message);
        }
        match format {
            // Streamed: a big bundle's report is several times its text, and
            // holding it as one string too would double the peak memory.
            Format::Json => write_json(out.as_deref(), &report)?,
            Format::Csv => write_out(
                out.as_deref(),
                export::table_csv(&report, &table)
                    .unwrap_or_default()
                    .as_bytes(),
            )?,
            Format::Md => write_out(out.as_deref(), export::markdown(&report).as_bytes())?,
        }
        if report.articles.is_empty() {
            eprintln!(
                "parallax: no article could be read from {}",
                paths.join(", ")
            );
            return Ok(ExitCode::from(2));
        }
        Ok(ExitCode::SUCCESS)
    }

    /// An edits file: a JSON list of edits or an edit log.
    fn read_edits(path: &str) -> Result<edits::EditLog, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the edits file {path}: {e}"))?;
        edits::EditLog::from_json(&text)
            .map_err(|e| format!("the edits file {path} cannot be used: {e}"))
    }

    /// Standard input: a JSON bundle when it looks like one, else text.
    fn read_stdin(buf: &[u8]) -> ingest::Bundle {
        let name = "(standard input)";
        let start = buf.iter().position(|b| !b.is_ascii_whitespace());
        match start.map(|i| buf[i]) {
            Some(b'{') | Some(b'[') => {
                ingest::ingest(vec![InputFile::new(format!("{name}.json"), buf.to_vec())])
            }
            _ => match parallax::ingest::decode::decode(buf) {
                Ok(d) => ingest::ingest_paste(&d.text),
                Err(why) => ingest::Bundle {
                    notices: vec![Notice::error(name, why)],
                    ..Default::default()
                },
            },
        }
    }

    /// A file, or every file below a folder (sorted, hidden files skipped).
    fn collect(path: &Path, shown: &str, files: &mut Vec<InputFile>, notices: &mut Vec<Notice>) {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                notices.push(Notice::error(shown, format!("cannot be read: {e}")));
                return;
            }
        };
        if meta.is_dir() {
            let mut entries: Vec<_> = match std::fs::read_dir(path) {
                Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
                Err(e) => {
                    notices.push(Notice::error(shown, format!("folder cannot be read: {e}")));
                    return;
                }
            };
            entries.sort();
            for e in entries {
                let name = e
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if name.starts_with('.') || name == "__MACOSX" {
                    continue;
                }
                let child = format!("{}/{}", shown.trim_end_matches('/'), name);
                collect(&e, &child, files, notices);
            }
        } else {
            let limit = ingest::Limits::default().max_file_bytes;
            if meta.len() > limit {
                notices.push(Notice::error(
                    shown,
                    format!(
                        "skipped: {} is over the {} limit for one file",
                        ingest::limits::human_bytes(meta.len()),
                        ingest::limits::human_bytes(limit)
                    ),
                ));
                return;
            }
            match std::fs::read(path) {
                Ok(bytes) => files.push(InputFile::new(shown, bytes)),
                Err(e) => notices.push(Notice::error(shown, format!("cannot be read: {e}"))),
            }
        }
    }

    /// The report as pretty JSON and a newline, written as it is produced.
    fn write_json(out: Option<&str>, report: &Report) -> Result<(), String> {
        fn to(w: impl Write, report: &Report) -> std::io::Result<()> {
            let mut w = std::io::BufWriter::new(w);
            serde_json::to_writer_pretty(&mut w, report)?;
            w.write_all(b"\n")?;
            w.flush()
        }
        match out {
            Some(path) => std::fs::File::create(path)
                .and_then(|f| to(f, report))
                .map_err(|e| format!("cannot write {path}: {e}")),
            None => to(std::io::stdout().lock(), report).or_else(ignore_broken_pipe),
        }
    }

    fn write_out(out: Option<&str>, bytes: &[u8]) -> Result<(), String> {
        match out {
            Some(path) => {
                std::fs::write(path, bytes).map_err(|e| format!("cannot write {path}: {e}"))
            }
            None => {
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(bytes)
                    .and_then(|_| stdout.flush())
                    .or_else(ignore_broken_pipe)
            }
        }
    }

    fn ignore_broken_pipe(e: std::io::Error) -> Result<(), String> {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Ok(())
        } else {
            Err(format!("cannot write output: {e}"))
        }
    }

    fn batch(mut parser: lexopt::Parser) -> Result<ExitCode, String> {
        if let Some(arg) = parser.next().map_err(|e| e.to_string())? {
            return Err(arg.unexpected().to_string());
        }
        let threads = analysis::available_threads();
        let stdin = std::io::stdin().lock();
        let mut lines = stdin.split(b'\n').enumerate().filter(|(_, line)| {
            line.as_ref()
                .map_or(true, |l| !l.iter().all(u8::is_ascii_whitespace))
        });
        if threads <= 1 {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            for (n, line) in lines {
                let line = line.map_err(|e| format!("cannot read standard input: {e}"))?;
                let json = batch_report(n, &line)?;
                let written = stdout
                    .write_all(json.as_bytes())
                    .and_then(|_| stdout.write_all(b"\n"));
                if let Err(e) = written {
                    return ignore_broken_pipe(e).map(|_| ExitCode::SUCCESS);
                }
            }
            stdout.flush().or_else(ignore_broken_pipe)?;
            return Ok(ExitCode::SUCCESS);
        }
        // Bundles over `threads` threads, written in input order: this
        // thread reads, the workers analyse, one writer puts the reports
        // back in order. The channels are bounded, so only a few bundles
        // are in memory at a time whatever the size of the input.
        use std::sync::mpsc::sync_channel;
        use std::sync::{Arc, Mutex};
        let (jobs, queue) = sync_channel::<(usize, usize, Vec<u8>)>(threads);
        // Shared by the workers only: when they all stop (the output was
        // closed), reading stops too.
        let queue = Arc::new(Mutex::new(queue));
        let (done, results) = sync_channel::<(usize, Result<String, String>)>(threads);
        std::thread::scope(|s| {
            for _ in 0..threads {
                let done = done.clone();
                let queue = Arc::clone(&queue);
                s.spawn(move || loop {
                    let job = queue
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .recv();
                    let Ok((seq, n, line)) = job else { break };
                    if done.send((seq, batch_report(n, &line))).is_err() {
                        break;
                    }
                });
            }
            drop(done);
            drop(queue);
            let writer = s.spawn(move || write_in_order(results));
            let mut read = Ok(());
            for (seq, (n, line)) in lines.by_ref().enumerate() {
                match line {
                    Ok(line) => {
                        if jobs.send((seq, n, line)).is_err() {
                            break; // the writer stopped
                        }
                    }
                    Err(e) => {
                        read = Err(format!("cannot read standard input: {e}"));
                        break;
                    }
                }
            }
            drop(jobs);
            let written = writer
                .join()
                .unwrap_or_else(|_| Err("the output thread failed".to_string()));
            read.and(written).map(|()| ExitCode::SUCCESS)
        })
    }

    /// The report of the bundle on input line `n` (0-based) as one line of
    /// JSON.
    fn batch_report(n: usize, line: &[u8]) -> Result<String, String> {
        let name = format!("line {}", n + 1);
        let report = match std::str::from_utf8(line) {
            Ok(text) => analysis::analyze(ingest::ingest_bundle_json(&name, text)),
            Err(_) => {
                let mut r = Report::new();
                r.notices.push(Notice::error(name, "not valid UTF-8"));
                r
            }
        };
        serde_json::to_string(&report).map_err(|e| e.to_string())
    }

    /// Write the reports coming from `results` (numbered in input order, in
    /// any order) to standard output in input order; a closed pipe ends the
    /// output quietly.
    fn write_in_order(
        results: std::sync::mpsc::Receiver<(usize, Result<String, String>)>,
    ) -> Result<(), String> {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        for (seq, json) in results {
            waiting.insert(seq, json);
            while let Some(json) = waiting.remove(&next) {
                let json = json?;
                let written = stdout
                    .write_all(json.as_bytes())
                    .and_then(|_| stdout.write_all(b"\n"));
                if let Err(e) = written {
                    return ignore_broken_pipe(e);
                }
                next += 1;
            }
        }
        stdout.flush().or_else(ignore_broken_pipe)
    }
}
