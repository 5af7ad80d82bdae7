//! Helpers shared by the pipeline and browser benchmarks: where the data
//! is, reading the corpora, and printing figures.

use parallax::ingest::InputFile;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared data folder: `PARALLAX_SHARED`, or `../shared` beside the repo.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("PARALLAX_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"))
}

pub fn basil_dir() -> PathBuf {
    shared_dir().join("data/bundles/basil")
}

/// The `.txt` files of a folder (not below it), sorted by name, as input
/// files named `PREFIX` + file name.
pub fn read_txt(dir: &Path, prefix: &str) -> Vec<InputFile> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some(InputFile::new(
                format!("{prefix}{name}"),
                std::fs::read(&p).ok()?,
            ))
        })
        .collect()
}

/// The seed bundle, as `parallax analyze assets/example` reads it.
pub fn seed_files() -> Vec<InputFile> {
    read_txt(&repo().join("assets/example"), "")
}

/// BASIL: the `.txt` articles of each event folder, named
/// `EVENT` + `sep` + file name, or `None` without the shared folder.
pub fn basil_bundles(sep: &str) -> Option<Vec<Vec<InputFile>>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(basil_dir())
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let bundles: Vec<Vec<InputFile>> = dirs
        .iter()
        .map(|d| {
            let event = d.file_name().unwrap_or_default().to_string_lossy();
            read_txt(d, &format!("{event}{sep}"))
        })
        .filter(|b| !b.is_empty())
        .collect();
    (!bundles.is_empty()).then_some(bundles)
}

pub fn skip_basil() {
    println!(
        "BASIL: skipped, {} not found (set PARALLAX_SHARED to the shared data folder)",
        basil_dir().display()
    );
}

/// CPU time used so far by the calling thread, in seconds: on a machine
/// shared with other work it is far steadier than the wall clock, since it
/// does not count time the thread spent waiting for a core.
pub fn thread_cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given, which
    // lives on this stack frame for the whole call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc == 0 {
        ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
    } else {
        f64::NAN
    }
}

/// 1234567 → "1,234,567".
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A speed in words per second, as "1.23 M words/s" or "456 k words/s".
pub fn per_sec(words_per_sec: f64) -> String {
    if !words_per_sec.is_finite() || words_per_sec <= 0.0 {
        "n/a".to_string()
    } else if words_per_sec >= 1e6 {
        format!("{:.2} M words/s", words_per_sec / 1e6)
    } else {
        format!("{:.0} k words/s", words_per_sec / 1e3)
    }
}

pub fn rate(words: usize, secs: f64) -> String {
    per_sec(words as f64 / secs)
}

/// Seconds as "12.3 ms", or "4.56 s" from one second up.
pub fn ms(secs: f64) -> String {
    if secs >= 1.0 {
        format!("{secs:.2} s")
    } else {
        format!("{:.1} ms", secs * 1e3)
    }
}

pub fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}
