//! Word-level resources of the tagger: Brown clusters and gazetteers.
//!
//! Both come from one generated file, `assets/ner/lexicon.bin.gz`, written by
//! `parallax-train` from the shared data (only derived, pruned tables are
//! shipped; see `assets/NOTICE`). Its uncompressed form is:
//!
//! ```text
//! PLXLEX 4
//! paths N        then N lines: a Brown cluster bit path ("0110010")
//! words N        then N lines, words sorted and front-coded: one character
//!                '0' + k (k ≤ 40: how many leading bytes repeat the
//!                previous word) + the rest
//! gaz G          then G groups: a line "flags count", then count lines of
//!                entries (lowercase tokens joined by spaces), sorted and
//!                front-coded like the words
//! ids            then to the end: the words' path indices, arithmetic-coded
//!                (`model::cm`): the index bits high first, each predicted
//!                from the bits before, whether the previous word's index
//!                starts the same (and its next bit) and the word's case
//! ```
//!
//! Only words whose cluster the look-up's case fallbacks would not find
//! anyway are stored: "Paris" is dropped when "paris" has the same cluster,
//! since [`Lexicon::cluster`] tries the lowercase form next (a third of the
//! words; the look-up of every string stays the same).
//!
//! Gazetteer flags: [`GAZ_LOC`], [`GAZ_FIRST`], [`GAZ_LAST`], [`GAZ_NAT`].
//! Lookups are by 64-bit hash, so nothing allocates per token. An empty or
//! unreadable asset gives an empty lexicon (the tagger then falls back to
//! its rule layers), never a panic.

use super::cm::{self, BitIo, Cm};
use super::hash::{self, HashMap64};
use std::io::Read;

pub const GAZ_LOC: u8 = 1;
pub const GAZ_FIRST: u8 = 2;
pub const GAZ_LAST: u8 = 4;
pub const GAZ_NAT: u8 = 8;
/// In-memory only: the key is a proper prefix of a longer entry, so a
/// longest-match scan must go on (never returned by [`Lexicon::gaz_flags`]).
pub const GAZ_PREFIX: u8 = 0x80;

/// Longest gazetteer entry, in tokens.
pub const GAZ_MAX_TOKENS: usize = 6;

/// The seed of a word's hash in the cluster table ([`word_key`]).
pub(crate) const SEED_WORD: u64 = 0x0057_5244;
/// The seed of a token's hash in gazetteer keys ([`gaz_token_hash`]).
pub(crate) const SEED_GAZ: u64 = 0x0047_415a;

/// Non-empty lines of a lexicon data file, trimmed, without `#` comments.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Brown clusters and gazetteers.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    /// Cluster bit paths, as strings of `0`/`1`.
    pub paths: Vec<String>,
    /// Hashes of the path prefixes of length 4, 6, 10 and 20 for each path.
    pub path_prefix: Vec<[u64; 4]>,
    /// Word hash → path index.
    pub words: HashMap64<u16>,
    /// Hash of lowercase tokens joined by spaces → flags.
    pub gaz: HashMap64<u8>,
    /// Source lines kept for re-serialising (training only).
    pub word_list: Vec<(String, u16)>,
    pub gaz_list: Vec<(u8, String)>,
    /// Distinct for every lexicon read or built (keys caches of derived
    /// values; 0 for the empty default).
    id: u64,
}

/// Prefix lengths of the cluster features.
pub const PREFIXES: [usize; 4] = [4, 6, 10, 20];

impl Lexicon {
    /// Parse the gzipped asset; an empty lexicon on any problem.
    pub fn from_gzip(bytes: &[u8]) -> Lexicon {
        if bytes.is_empty() {
            return Lexicon::default();
        }
        let mut raw = Vec::new();
        if flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .is_err()
        {
            return Lexicon::default();
        }
        Lexicon::from_bytes(&raw).unwrap_or_default()
    }

    /// Parse the uncompressed form.
    pub fn from_bytes(b: &[u8]) -> Option<Lexicon> {
        let mut pos = 0;
        let mut line = || -> Option<&str> {
            let rest = b.get(pos..)?;
            let n = rest.iter().position(|&c| c == b'\n')?;
            pos += n + 1;
            std::str::from_utf8(&rest[..n]).ok()
        };
        if line()? != "PLXLEX 4" {
            return None;
        }
        let mut lex = Lexicon::default();
        let n = section(line()?, "paths")?;
        for _ in 0..n {
            lex.paths.push(line()?.to_string());
        }
        let n_words = section(line()?, "words")?;
        let mut words: Vec<String> = Vec::with_capacity(n_words.min(1 << 20));
        for _ in 0..n_words {
            let w = front_decoded(words.last().map_or("", |p| p.as_str()), line()?)?;
            words.push(w);
        }
        let groups = section(line()?, "gaz")?;
        for _ in 0..groups {
            let (f, n) = line()?.split_once(' ')?;
            let f: u8 = f.parse().ok()?;
            let n: usize = n.parse().ok()?;
            let mut prev = String::new();
            for _ in 0..n {
                let e = front_decoded(&prev, line()?)?;
                lex.insert_gaz(&e, f & !GAZ_PREFIX);
                prev = e;
            }
        }
        if line()? != "ids" {
            return None;
        }
        let mut ids = vec![0u16; n_words];
        code_ids(
            &mut cm::Decoder::new(b.get(pos..)?),
            &words,
            lex.paths.len(),
            &mut ids,
        )?;
        lex.words.reserve(n_words);
        for (w, &id) in words.iter().zip(&ids) {
            lex.words.insert(word_key(w), id);
        }
        lex.finish();
        Some(lex)
    }

    /// Add a gazetteer entry (lowercase tokens joined by spaces) and mark
    /// its proper prefixes.
    fn insert_gaz(&mut self, entry: &str, flags: u8) {
        let mut key = gaz_key_start();
        let mut toks = entry.split(' ').filter(|t| !t.is_empty()).peekable();
        while let Some(t) = toks.next() {
            key = gaz_key_push(key, t);
            if toks.peek().is_some() {
                *self.gaz.entry(key).or_insert(0) |= GAZ_PREFIX;
            }
        }
        *self.gaz.entry(key).or_insert(0) |= flags;
    }

    /// An id distinct for every lexicon read or built (clones share it).
    pub fn id(&self) -> u64 {
        self.id
    }

    fn finish(&mut self) {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        self.id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.path_prefix = self
            .paths
            .iter()
            .map(|p| {
                let mut out = [0u64; 4];
                for (k, &len) in PREFIXES.iter().enumerate() {
                    let pre = &p[..len.min(p.len())];
                    out[k] = hash::str(len as u64, pre);
                }
                out
            })
            .collect();
    }

    /// Build from word→path and gazetteer lists (training side).
    pub fn build(words: Vec<(String, String)>, gaz: Vec<(u8, String)>) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut index: std::collections::HashMap<String, u16> = Default::default();
        let mut word_list = Vec::with_capacity(words.len());
        for (w, p) in words {
            let next = index.len();
            let Ok(next) = u16::try_from(next) else {
                continue;
            };
            let id = *index.entry(p.clone()).or_insert_with(|| {
                lex.paths.push(p);
                next
            });
            word_list.push((w, id));
        }
        word_list.sort();
        word_list.dedup_by(|a, b| a.0 == b.0);
        let word_list = without_redundant(word_list);
        for (w, id) in &word_list {
            lex.words.insert(word_key(w), *id);
        }
        let mut merged: std::collections::BTreeMap<String, u8> = Default::default();
        for (f, e) in gaz {
            *merged.entry(e).or_insert(0) |= f;
        }
        for (e, f) in &merged {
            lex.insert_gaz(e, *f & !GAZ_PREFIX);
        }
        lex.gaz_list = merged.into_iter().map(|(e, f)| (f, e)).collect();
        lex.word_list = word_list;
        lex.finish();
        lex
    }

    /// Serialise to the uncompressed form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut s = String::from("PLXLEX 4\n");
        s.push_str(&format!("paths {}\n", self.paths.len()));
        for p in &self.paths {
            s.push_str(p);
            s.push('\n');
        }
        s.push_str(&format!("words {}\n", self.word_list.len()));
        let mut prev: &str = "";
        for (w, _) in &self.word_list {
            front_coded(prev, w, &mut s);
            prev = w;
        }
        let mut groups: std::collections::BTreeMap<u8, Vec<&str>> = Default::default();
        for (f, e) in &self.gaz_list {
            groups.entry(*f).or_default().push(e);
        }
        s.push_str(&format!("gaz {}\n", groups.len()));
        for (f, mut entries) in groups {
            entries.sort_unstable();
            s.push_str(&format!("{f} {}\n", entries.len()));
            let mut prev: &str = "";
            for e in entries {
                front_coded(prev, e, &mut s);
                prev = e;
            }
        }
        s.push_str("ids\n");
        let mut out = s.into_bytes();
        let words: Vec<String> = self.word_list.iter().map(|(w, _)| w.clone()).collect();
        let mut ids: Vec<u16> = self.word_list.iter().map(|(_, id)| *id).collect();
        let mut enc = cm::Encoder::default();
        let _ = code_ids(&mut enc, &words, self.paths.len(), &mut ids);
        out.extend(enc.finish());
        out
    }

    /// Cluster path index of `word`: as written, then capitalised, then
    /// lowercased (so headline capitals still find a cluster).
    pub fn cluster(&self, word: &str) -> Option<u16> {
        self.cluster_keyed(word, word_key(word))
    }

    /// [`Lexicon::cluster`] of `word` whose [`word_key`] is `key` (the
    /// tagger hashes the word under other seeds in the same pass).
    pub(crate) fn cluster_keyed(&self, word: &str, key: u64) -> Option<u16> {
        if self.words.is_empty() {
            return None;
        }
        if let Some(&p) = self.words.get(&key) {
            return Some(p);
        }
        let b = word.as_bytes();
        if word.is_ascii() && b.len() <= 64 {
            // A word without capitals is its own lowercase form, looked
            // up just above.
            if !b.iter().any(u8::is_ascii_uppercase) {
                return None;
            }
            // The same fallbacks without allocating.
            let mut buf = [0u8; 64];
            let lower = &mut buf[..b.len()];
            for (d, &c) in lower.iter_mut().zip(b) {
                *d = c.to_ascii_lowercase();
            }
            let first = lower[0];
            lower[0] = first.to_ascii_uppercase();
            if &*lower != b {
                if let Some(&p) = self.words.get(&hash::bytes(SEED_WORD, lower)) {
                    return Some(p);
                }
            }
            lower[0] = first;
            return self.words.get(&hash::bytes(SEED_WORD, lower)).copied();
        }
        let lower = word.to_lowercase();
        if word.chars().any(char::is_uppercase) {
            let title = title_of(&lower);
            if title != word {
                if let Some(&p) = self.words.get(&word_key(&title)) {
                    return Some(p);
                }
            }
        }
        self.words.get(&word_key(&lower)).copied()
    }

    /// Gazetteer flags of a token sequence given as the hash built by
    /// [`gaz_key_push`].
    pub fn gaz_flags(&self, key: u64) -> u8 {
        self.gaz.get(&key).copied().unwrap_or(0) & !GAZ_PREFIX
    }

    /// Gazetteer flags of a token sequence and whether a longer entry
    /// starts with it.
    #[inline]
    pub fn gaz_lookup(&self, key: u64) -> (u8, bool) {
        let v = self.gaz.get(&key).copied().unwrap_or(0);
        (v & !GAZ_PREFIX, v & GAZ_PREFIX != 0)
    }
}

/// Code (encode or decode, see [`cm`]) the path index of every word
/// (`ids`, one per word of `words`, all below `paths`): the bits of the
/// index, high first, each predicted from the bits before, the previous
/// word's index (neighbours in sorted order are often forms of one word) and
/// the word's case. `None` when an index is out of range.
fn code_ids<I: BitIo>(io: &mut I, words: &[String], paths: usize, ids: &mut [u16]) -> Option<()> {
    let nb = (usize::BITS - paths.saturating_sub(1).leading_zeros()).max(1);
    let mut cm = Cm::new(16, 1, 0);
    let mut prev = 0usize;
    for (w, id) in words.iter().zip(ids.iter_mut()) {
        let caps = usize::from(w.starts_with(|c: char| c.is_uppercase()))
            + 2 * usize::from(w.len() > 1 && w.chars().all(|c| !c.is_lowercase()));
        let v = usize::from(*id);
        let mut node = 1usize;
        for b in (0..nb).rev() {
            // Whether the previous index starts like this one so far, and
            // its next bit.
            let same = (prev >> (b + 1)) == node - (1 << (nb - 1 - b));
            let rel = if same { 1 + ((prev >> b) & 1) } else { 0 };
            let slot = (node * 3 + rel) * 4 + caps;
            node = node * 2 + cm.bit1(io, ((v >> b) & 1) as u32, slot) as usize;
        }
        let got = node - (1 << nb);
        if got >= paths {
            return None;
        }
        *id = got as u16;
        prev = got;
    }
    Some(())
}

/// Longest shared prefix (in bytes, at most 40) written by
/// [`front_coded`].
const FRONT_MAX: usize = 40;

/// Append `w` front-coded against `prev` and a newline to `out`.
fn front_coded(prev: &str, w: &str, out: &mut String) {
    let mut keep = 0;
    for ((i, a), b) in w.char_indices().zip(prev.chars()) {
        if a != b || i + a.len_utf8() > FRONT_MAX {
            break;
        }
        keep = i + a.len_utf8();
    }
    out.push(char::from(b'0' + keep as u8));
    out.push_str(&w[keep..]);
    out.push('\n');
}

/// Undo [`front_coded`] for one line.
fn front_decoded(prev: &str, line: &str) -> Option<String> {
    let keep = usize::from(line.as_bytes().first()?.checked_sub(b'0')?);
    let (a, b) = (prev.get(..keep)?, line.get(1..)?);
    let mut w = String::with_capacity(a.len() + b.len());
    w.push_str(a);
    w.push_str(b);
    Some(w)
}

/// `lower` with its first character in capitals ("paris" → "Paris").
fn title_of(lower: &str) -> String {
    let mut title = String::with_capacity(lower.len());
    let mut chars = lower.chars();
    if let Some(c) = chars.next() {
        title.extend(c.to_uppercase());
        title.push_str(chars.as_str());
    }
    title
}

/// Drop the words (sorted, distinct) whose cluster [`Lexicon::cluster`]
/// finds anyway through its case fallbacks (title case, then lowercase):
/// the look-up of every string gives the same result with or without them.
fn without_redundant(words: Vec<(String, u16)>) -> Vec<(String, u16)> {
    let all: std::collections::HashMap<&str, u16> =
        words.iter().map(|(w, id)| (w.as_str(), *id)).collect();
    // The cluster of `w` if it were missing (its fallbacks are never
    // dropped in a way that changes them: a dropped word's own fallback
    // gives its cluster).
    let fallback = |w: &str| -> Option<u16> {
        let lower = w.to_lowercase();
        let title = title_of(&lower);
        if title != w {
            if let Some(&id) = all.get(title.as_str()) {
                return Some(id);
            }
        }
        all.get(lower.as_str()).copied()
    };
    let keep: Vec<bool> = words
        .iter()
        .map(|(w, id)| !w.chars().any(char::is_uppercase) || fallback(w) != Some(*id))
        .collect();
    words
        .into_iter()
        .zip(keep)
        .filter_map(|(x, k)| k.then_some(x))
        .collect()
}

fn section(line: &str, name: &str) -> Option<usize> {
    let (n, count) = line.split_once(' ')?;
    (n == name).then_some(())?;
    count.parse().ok()
}

/// Hash key of a word in the cluster table.
pub fn word_key(w: &str) -> u64 {
    hash::str(SEED_WORD, w)
}

/// Start a gazetteer key.
pub fn gaz_key_start() -> u64 {
    SEED_GAZ
}

/// Extend a gazetteer key by one lowercase token.
pub fn gaz_key_push(key: u64, lower_token: &str) -> u64 {
    gaz_key_push_hash(key, gaz_token_hash(lower_token))
}

/// The hash of one lowercase token as [`gaz_key_push_hash`] takes it.
#[inline]
pub fn gaz_token_hash(lower_token: &str) -> u64 {
    hash::str(SEED_GAZ, lower_token)
}

/// Extend a gazetteer key by a token hash from [`gaz_token_hash`].
#[inline]
pub fn gaz_key_push_hash(key: u64, token_hash: u64) -> u64 {
    hash::pair(key, token_hash)
}

/// Key of a gazetteer entry written as lowercase tokens joined by spaces.
pub fn gaz_key_str(entry: &str) -> u64 {
    entry
        .split(' ')
        .filter(|t| !t.is_empty())
        .fold(gaz_key_start(), gaz_key_push)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_looks_up() {
        let lex = Lexicon::build(
            vec![
                ("Paris".into(), "0110".into()),
                ("paris".into(), "0111".into()),
                ("said".into(), "1010".into()),
            ],
            vec![
                (GAZ_LOC, "new york".into()),
                (GAZ_FIRST, "paris".into()),
                (GAZ_LOC, "paris".into()),
            ],
        );
        let back = Lexicon::from_bytes(&lex.to_bytes()).unwrap();
        assert_eq!(back.cluster("Paris"), lex.cluster("Paris"));
        assert_eq!(back.paths[back.cluster("PARIS").unwrap() as usize], "0110");
        assert_eq!(back.paths[back.cluster("SAID").unwrap() as usize], "1010");
        assert_eq!(back.cluster("Nowhere"), None);
        assert_eq!(back.gaz_flags(gaz_key_str("paris")), GAZ_LOC | GAZ_FIRST);
        let k = gaz_key_push(gaz_key_push(gaz_key_start(), "new"), "york");
        assert_eq!(back.gaz_flags(k), GAZ_LOC);
    }

    #[test]
    fn drops_words_the_fallbacks_find() {
        let words: Vec<(String, String)> = [
            ("Paris", "0110"),
            ("paris", "0110"),
            ("PARIS", "0110"),
            ("Turkey", "0001"),
            ("turkey", "1111"),
            ("TURKEY", "0001"),
            ("NATO", "0101"),
            ("Über", "0011"),
            ("über", "0011"),
        ]
        .iter()
        .map(|(w, p)| (w.to_string(), p.to_string()))
        .collect();
        let lex = Lexicon::build(words.clone(), vec![]);
        let kept: Vec<&str> = lex.word_list.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(kept, ["NATO", "Turkey", "paris", "turkey", "über"]);
        let back = Lexicon::from_bytes(&lex.to_bytes()).unwrap();
        for (w, p) in &words {
            let id = back.cluster(w).unwrap();
            assert_eq!(&back.paths[usize::from(id)], p, "{w}");
        }
        // Other spellings still reach the same clusters.
        assert_eq!(back.cluster("PaRiS"), back.cluster("paris"));
        assert_eq!(back.cluster("ÜBER"), back.cluster("über"));
    }

    /// The ASCII path of [`Lexicon::cluster`] (its early end for a word
    /// without capitals included) finds what the fallbacks over strings
    /// find, for words in and out of the table in every casing.
    #[test]
    fn ascii_cluster_look_up_agrees_with_string_fallbacks() {
        let lex = Lexicon::build(
            [
                ("harbour", "0110"),
                ("Harbour", "0111"),
                ("river", "1010"),
                ("MAYOR", "0001"),
                ("mayor", "1100"),
                ("x-ray", "0011"),
                ("G7", "0101"),
                ("a", "1001"),
            ]
            .iter()
            .map(|(w, p)| (w.to_string(), p.to_string()))
            .collect(),
            vec![],
        );
        let general = |w: &str| -> Option<u16> {
            if let Some(&p) = lex.words.get(&word_key(w)) {
                return Some(p);
            }
            let lower = w.to_lowercase();
            let title = title_of(&lower);
            if w.chars().any(char::is_uppercase) && title != w {
                if let Some(&p) = lex.words.get(&word_key(&title)) {
                    return Some(p);
                }
            }
            lex.words.get(&word_key(&lower)).copied()
        };
        let mut found = 0;
        for base in [
            "harbour", "river", "mayor", "x-ray", "g7", "a", "quay", "", "-",
        ] {
            let upper = base.to_uppercase();
            let title = title_of(base);
            let mixed: String = base
                .chars()
                .enumerate()
                .map(|(k, c)| {
                    if k % 2 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            for w in [base, &upper, &title, &mixed] {
                assert_eq!(lex.cluster(w), general(w), "{w:?}");
                assert_eq!(lex.cluster_keyed(w, word_key(w)), general(w), "{w:?}");
                found += usize::from(general(w).is_some());
            }
        }
        assert!(found > 10, "{found}");
    }

    #[test]
    fn bad_input_gives_empty() {
        assert!(Lexicon::from_gzip(b"").words.is_empty());
        assert!(Lexicon::from_gzip(b"not gzip").words.is_empty());
        assert!(Lexicon::from_bytes(b"PLXLEX 4\npaths x\n").is_none());
        let full = Lexicon::build(
            vec![
                ("Über".into(), "01".into()),
                ("Überall".into(), "10".into()),
            ],
            vec![],
        )
        .to_bytes();
        assert_eq!(
            Lexicon::from_bytes(&full).unwrap().paths[Lexicon::from_bytes(&full)
                .unwrap()
                .cluster("Überall")
                .unwrap() as usize],
            "10"
        );
        for cut in 0..full.len() {
            let _ = Lexicon::from_bytes(&full[..cut]);
        }
    }
}
