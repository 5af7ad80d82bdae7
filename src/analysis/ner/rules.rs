//! Rule layers for typed spans the statistical tagger does not cover:
//! MONEY, PERCENT, QUANTITY, CARDINAL, DATE, TIME and ROLE.
//!
//! The rules work on the tokens of one sentence and only on tokens no
//! entity mention already covers. Word lists are data files in
//! `assets/lexicon/` (`numbers.txt`, `units.txt`, `time_words.txt`,
//! `roles.txt`, `role_modifiers.txt`). Precedence, first wins: MONEY,
//! PERCENT, DATE, TIME, QUANTITY, ROLE, CARDINAL.

use super::hash::{StrMap, StrSet};
use super::lexicon::lines;
use crate::analysis::sieve::WordSieve;
use std::sync::OnceLock;

/// Rule labels.
pub const MONEY: &str = "MONEY";
pub const PERCENT: &str = "PERCENT";
pub const QUANTITY: &str = "QUANTITY";
pub const CARDINAL: &str = "CARDINAL";
pub const DATE: &str = "DATE";
pub const TIME: &str = "TIME";
pub const ROLE: &str = "ROLE";

struct Lists {
    numbers: StrMap<String>,
    units: StrMap<String>,
    roles: StrSet,
    role_max: usize,
    /// Two-word approximation modifiers ("more than"): first word → second
    /// words.
    approx2: StrMap<Vec<String>>,
    /// Everything the lists say about a single word, for one look-up per
    /// token (with the first words of roles, a cheap pre-check before
    /// joining phrases, and the role modifiers).
    words: StrMap<Info>,
    /// Which words may be keys of `words` (4,096 bits; a few hundred
    /// words set under a tenth).
    sieve: WordSieve,
}

impl Lists {
    /// What the lists say about the lowercase word `w` (the sieve first:
    /// most words are in no list and are not hashed).
    fn word(&self, w: &str) -> Option<&Info> {
        if self.sieve.may_hold(w) {
            self.words.get(w)
        } else {
            None
        }
    }
}

/// Words the DATE rules name before a period, weekday, month, season or
/// day part ("last week", "this morning").
const DATE_LEADS: [&str; 8] = [
    "last", "next", "this", "past", "coming", "previous", "earlier", "later",
];

/// Articles that stand for "one" ("a day ago", "an hour").
const ARTICLES: [&str; 2] = ["a", "an"];

/// What the word lists say about one lowercase word.
#[derive(Debug, Default)]
struct Info {
    num: Option<String>,
    unit: Option<String>,
    time: Option<String>,
    approx2: bool,
    modifier: bool,
    role_first: bool,
    /// One of [`DATE_LEADS`].
    date_lead: bool,
    /// One of [`ARTICLES`].
    article: bool,
}

fn table(text: &str) -> StrMap<String> {
    lines(text)
        .filter_map(|l| {
            let (w, c) = l.rsplit_once(' ')?;
            Some((w.to_lowercase(), c.to_string()))
        })
        .collect()
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let roles: StrSet = lines(include_str!("../../../assets/lexicon/roles.txt"))
            .map(str::to_lowercase)
            .collect();
        let role_max = roles
            .iter()
            .map(|r| r.split(' ').count())
            .max()
            .unwrap_or(1);
        let role_first: StrSet = roles
            .iter()
            .filter_map(|r| r.split(' ').next())
            .map(str::to_string)
            .collect();
        let numbers = table(include_str!("../../../assets/lexicon/numbers.txt"));
        let mut approx2: StrMap<Vec<String>> = StrMap::default();
        for (w, c) in &numbers {
            if c == "approx" {
                if let Some((a, b)) = w.split_once(' ') {
                    if !b.contains(' ') {
                        approx2
                            .entry(a.to_string())
                            .or_default()
                            .push(b.to_string());
                    }
                }
            }
        }
        let units = table(include_str!("../../../assets/lexicon/units.txt"));
        let time = table(include_str!("../../../assets/lexicon/time_words.txt"));
        let modifiers: StrSet = lines(include_str!("../../../assets/lexicon/role_modifiers.txt"))
            .map(str::to_lowercase)
            .collect();
        let mut words: StrMap<Info> = StrMap::default();
        for (w, c) in &numbers {
            words.entry(w.clone()).or_default().num = Some(c.clone());
        }
        for (w, c) in &units {
            words.entry(w.clone()).or_default().unit = Some(c.clone());
        }
        for (w, c) in &time {
            words.entry(w.clone()).or_default().time = Some(c.clone());
        }
        for w in approx2.keys() {
            words.entry(w.clone()).or_default().approx2 = true;
        }
        for w in &modifiers {
            words.entry(w.clone()).or_default().modifier = true;
        }
        for w in &role_first {
            words.entry(w.clone()).or_default().role_first = true;
        }
        for w in DATE_LEADS {
            words.entry(w.to_string()).or_default().date_lead = true;
        }
        for w in ARTICLES {
            words.entry(w.to_string()).or_default().article = true;
        }
        let mut sieve = WordSieve::new(12);
        for w in words.keys() {
            sieve.insert(w);
        }
        Lists {
            numbers,
            units,
            roles,
            role_max,
            approx2,
            words,
            sieve,
        }
    })
}

/// A rule span over token indices `[start, end)` of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: &'static str,
}

/// Class of a lowercase word or phrase in a word list.
fn class<'a>(m: &'a StrMap<String>, lower: &str) -> Option<&'a str> {
    m.get(lower).map(String::as_str)
}

/// `w.contains('-')` without the string searcher's set-up (words are short).
fn has_hyphen(w: &str) -> bool {
    w.bytes().any(|b| b == b'-')
}

/// A number written in digits (with separators): 120, 1,250.5, 3.5bn.
fn is_digits(w: &str) -> bool {
    // What is left after the trim starts like `w` (or is empty): most words
    // are out at the first byte.
    if !w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !w.is_empty()
        && w.starts_with(|c: char| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

fn is_number_word(w: &str) -> bool {
    let l = lists();
    matches!(class(&l.numbers, w), Some("unit" | "ten" | "scale"))
        || w.split('-').count() == 2
            && w.split('-')
                .all(|p| matches!(class(&l.numbers, p), Some("unit" | "ten")))
}

fn is_number(w: &str) -> bool {
    is_digits(w) || is_number_word(w)
}

fn is_year(w: &str) -> bool {
    w.len() == 4
        && w.chars().all(|c| c.is_ascii_digit())
        && w.parse::<u32>().is_ok_and(|y| (1000..=2199).contains(&y))
}

fn is_iso_date(w: &str) -> bool {
    if !w.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let mut parts = [""; 3];
    let mut n = 0;
    for p in w.split(['-', '/', '.']) {
        if n == 3 {
            return false;
        }
        parts[n] = p;
        n += 1;
    }
    n == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && (parts[0].len() == 4 || parts[2].len() == 4 || parts[2].len() == 2)
        && parts[1].len() <= 2
}

fn is_clock(w: &str) -> bool {
    // (The hour may be empty: only a digit or the colon can start it.)
    if !w
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_digit() || b == b':')
    {
        return false;
    }
    let Some((h, m)) = w.split_once(':') else {
        return false;
    };
    h.len() <= 2
        && m.len() == 2
        && h.chars().all(|c| c.is_ascii_digit())
        && m.chars().all(|c| c.is_ascii_digit())
}

/// Length of an approximation modifier ("more than", "nearly") at `i` of
/// lowercased words.
fn approx_len(words: &[&str], i: usize) -> usize {
    let l = lists();
    let Some(&w) = words.get(i) else {
        return 0;
    };
    if let (Some(seconds), Some(&next)) = (l.approx2.get(w), words.get(i + 1)) {
        if seconds.iter().any(|s| s == next) {
            return 2;
        }
    }
    usize::from(class(&l.numbers, w) == Some("approx"))
}

/// Length of a role phrase (modifiers + role) starting at token `i` of
/// lowercased words, 0 if none ("press secretary", "director").
pub fn role_len(lws: &[&str], i: usize) -> usize {
    let l = lists();
    role_len_by(lws, i, |j| l.word(lws[j]))
}

/// [`role_len`] with what the lists say about the word at `j` from `info`.
fn role_len_by<'i>(lws: &[&str], i: usize, info: impl Fn(usize) -> Option<&'i Info>) -> usize {
    let l = lists();
    let mut j = i;
    while j < lws.len() && info(j).is_some_and(|x| x.modifier) {
        j += 1;
    }
    let mut best = 0;
    if j < lws.len() && info(j).is_some_and(|x| x.role_first) {
        // The phrases of 1, 2, … words from `j`, joined in one buffer.
        let mut phrase = String::new();
        for len in 1..=l.role_max {
            if j + len > lws.len() {
                break;
            }
            if len > 1 {
                phrase.push(' ');
            }
            phrase.push_str(lws[j + len - 1]);
            if l.roles.contains(phrase.as_str()) {
                best = len;
            }
        }
    }
    role_end(lws, i, j, best)
}

/// The length of the role phrase at `i` whose modifiers end at `j`: to the
/// end of the longest role of `best` words at `j` (when there is one),
/// else to `j` when the last modifier is a role itself ("former
/// president"), else nothing.
fn role_end(lws: &[&str], i: usize, j: usize, best: usize) -> usize {
    if best > 0 {
        j + best - i
    } else if j > i && lists().roles.contains(lws[j - 1]) {
        j - i
    } else {
        0
    }
}

/// What the lists and word tests say about one word of a sentence.
#[derive(Clone, Copy, Default)]
struct Tok {
    info: Option<&'static Info>,
    /// A number word ("five", "twenty-one", "million").
    number_word: bool,
    /// A number (a number word or digits).
    number: bool,
    hyphen: bool,
    /// [`approx_len`] here.
    approx: u8,
    /// Where the run of numbers from here ends (as a number's length walks
    /// it: a number, or "and" before a number word, goes on).
    end: usize,
    /// [`Sent::number_len`] here.
    number_len: usize,
}

/// One sentence's lowercased words with what the lists say about each,
/// looked up once, and the words where a rule span may start.
struct Sent<'a> {
    lws: &'a [&'a str],
    toks: Vec<Tok>,
    /// The words where a span may start, in order: those in a word list
    /// (or named by the rules: [`DATE_LEADS`], [`ARTICLES`]), with a
    /// hyphen, or starting with a digit or a colon. (Every rule needs one
    /// of these where its span starts; the others are skipped.) With
    /// `every`, all words.
    starts: Vec<usize>,
}

impl<'a> Sent<'a> {
    /// The sentence of `lws`, in the buffers `toks` and `starts` (cleared
    /// first).
    fn new(
        lws: &'a [&'a str],
        every: bool,
        mut toks: Vec<Tok>,
        mut starts: Vec<usize>,
    ) -> Sent<'a> {
        let l = lists();
        let n = lws.len();
        toks.clear();
        toks.reserve(n);
        starts.clear();
        for (i, &w) in lws.iter().enumerate() {
            let info = l.word(w);
            let hyphen = has_hyphen(w);
            let first = w.as_bytes().first().copied();
            let digit = first.is_some_and(|b| b.is_ascii_digit());
            let number_word = matches!(
                info.and_then(|x| x.num.as_deref()),
                Some("unit" | "ten" | "scale")
            ) || (hyphen && is_number_word(w));
            // (`is_digits` wants a digit first.)
            let number = number_word || (digit && is_digits(w));
            let approx = match info {
                Some(x) if x.approx2 && approx_len(lws, i) == 2 => 2,
                Some(x) => u8::from(x.num.as_deref() == Some("approx")),
                None => 0,
            };
            if every || info.is_some() || hyphen || digit || first == Some(b':') {
                starts.push(i);
            }
            toks.push(Tok {
                info,
                number_word,
                number,
                hyphen,
                approx,
                end: i,
                number_len: 0,
            });
        }
        // The runs of numbers from the end of the sentence back; then the
        // length, with a scale word after the run.
        let end_at = |toks: &[Tok], j: usize| toks.get(j).map_or(n, |t| t.end);
        for i in (0..n).rev() {
            if !toks[i].number {
                continue;
            }
            let j = i + 1;
            let end = if j + 1 < n && lws[j] == "and" && toks[j + 1].number_word {
                end_at(&toks, j + 1)
            } else {
                end_at(&toks, j)
            };
            let scale = end < n && toks[end].info.and_then(|x| x.num.as_deref()) == Some("scale");
            toks[i].end = end;
            toks[i].number_len = end - i + usize::from(scale);
        }
        Sent { lws, toks, starts }
    }

    fn info(&self, i: usize) -> Option<&'static Info> {
        self.toks.get(i).and_then(|t| t.info)
    }

    fn num(&self, i: usize) -> Option<&'static str> {
        self.info(i)?.num.as_deref()
    }

    fn unit(&self, i: usize) -> Option<&'static str> {
        self.info(i)?.unit.as_deref()
    }

    fn time(&self, i: usize) -> Option<&'static str> {
        self.info(i)?.time.as_deref()
    }

    /// Whether the word at `i` is one of [`DATE_LEADS`].
    fn date_lead(&self, i: usize) -> bool {
        self.info(i).is_some_and(|x| x.date_lead)
    }

    /// Whether the word at `i` is one of [`ARTICLES`].
    fn article(&self, i: usize) -> bool {
        self.info(i).is_some_and(|x| x.article)
    }

    fn approx_len(&self, i: usize) -> usize {
        self.toks.get(i).map_or(0, |t| usize::from(t.approx))
    }

    /// Length of a number (digits or words, with scale words) at `i`.
    fn number_len(&self, i: usize) -> usize {
        self.toks.get(i).map_or(0, |t| t.number_len)
    }

    /// Whether the word at `i` has a hyphen.
    fn hyphen(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.hyphen)
    }

    /// [`role_len`] at `i`.
    fn role_len(&self, i: usize) -> usize {
        match self.info(i) {
            Some(x) if x.modifier || x.role_first => role_len_by(self.lws, i, |j| self.info(j)),
            _ => 0,
        }
    }
}

/// Rule spans for one sentence; `covered[i]` marks tokens in entity mentions.
pub fn spans(words: &[&str], covered: &[bool]) -> Vec<Span> {
    let lw: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let lws: Vec<&str> = lw.iter().map(String::as_str).collect();
    spans_lower(words, &lws, covered)
}

/// [`spans`] with the lowercased words `lws` already at hand.
pub fn spans_lower(words: &[&str], lws: &[&str], covered: &[bool]) -> Vec<Span> {
    let mut scratch = Scratch::default();
    spans_from(words, lws, covered, false, &mut scratch);
    scratch.out
}

/// Buffers for [`spans_with`], kept from sentence to sentence.
#[derive(Default)]
pub struct Scratch {
    toks: Vec<Tok>,
    starts: Vec<usize>,
    taken: Vec<bool>,
    out: Vec<Span>,
}

/// [`spans_lower`] in the buffers of `scratch`.
pub fn spans_with<'s>(
    words: &[&str],
    lws: &[&str],
    covered: &[bool],
    scratch: &'s mut Scratch,
) -> &'s [Span] {
    spans_from(words, lws, covered, false, scratch);
    &scratch.out
}

/// [`spans_with`], trying each rule at every word with `every` (else only
/// where a span may start: [`Sent::starts`]).
fn spans_from(words: &[&str], lws: &[&str], covered: &[bool], every: bool, scratch: &mut Scratch) {
    let l = lists();
    let n = words.len().min(lws.len());
    let lws = &lws[..n];
    let sent = Sent::new(
        lws,
        every,
        std::mem::take(&mut scratch.toks),
        std::mem::take(&mut scratch.starts),
    );
    let starts = sent.starts.as_slice();
    let mut out = std::mem::take(&mut scratch.out);
    out.clear();
    let mut taken = std::mem::take(&mut scratch.taken);
    taken.clear();
    if !starts.is_empty() {
        taken.extend(covered.iter().take(n));
        taken.resize(n, false);
        find(words, &sent, l, &mut taken, &mut out);
    }
    scratch.out = out;
    scratch.taken = taken;
    scratch.toks = sent.toks;
    scratch.starts = sent.starts;
}

/// The spans of `sent` (words `words`) into `out`; `taken` marks the words
/// in entity mentions or spans so far.
fn find(words: &[&str], sent: &Sent, l: &Lists, taken: &mut Vec<bool>, out: &mut Vec<Span>) {
    let lws = sent.lws;
    let n = lws.len();
    let starts = sent.starts.as_slice();
    let free =
        |taken: &[bool], s: usize, e: usize| s < e && e <= n && !taken[s..e].iter().any(|&x| x);
    let push = |out: &mut Vec<Span>, taken: &mut Vec<bool>, s: usize, e: usize, label| {
        if free(taken, s, e) {
            for t in &mut taken[s..e] {
                *t = true;
            }
            out.push(Span {
                start: s,
                end: e,
                label,
            });
        }
    };

    // MONEY and PERCENT.
    // Two-word units ("per cent") are looked up joined, in one buffer.
    let mut two = String::new();
    for &i in starts {
        let a = sent.approx_len(i);
        let k = i + a;
        if k < n && sent.unit(k) == Some("currency-symbol") {
            let m = sent.number_len(k + 1);
            if m > 0 {
                push(out, taken, i, k + 1 + m, MONEY);
                continue;
            }
        }
        // "$66bn" written as one token after the symbol is covered above;
        // "66 billion dollars", "500 euros".
        let m = sent.number_len(k);
        if m > 0 && k + m < n {
            let u = sent.unit(k + m);
            if u == Some("currency") {
                push(out, taken, i, k + m + 1, MONEY);
                continue;
            }
            if u == Some("percent") {
                push(out, taken, i, k + m + 1, PERCENT);
                continue;
            }
            if k + m + 1 < n {
                two.clear();
                two.push_str(lws[k + m]);
                two.push(' ');
                two.push_str(lws[k + m + 1]);
                if class(&l.units, &two) == Some("percent") {
                    push(out, taken, i, k + m + 2, PERCENT);
                    continue;
                }
            }
        }
    }

    // DATE and TIME: from each start not inside the last span.
    let mut next = 0;
    for &i in starts {
        if i < next {
            continue;
        }
        let c = sent.time(i);
        let start = i;
        let mut end = 0;
        let mut label = DATE;
        if is_iso_date(lws[i]) {
            end = i + 1;
        } else if c == Some("month") {
            // Month [day][,] [year] | day month [year]
            end = i + 1;
            if end < n && is_digits(lws[end]) && lws[end].len() <= 2 {
                end += 1;
            }
            if end + 1 < n && lws[end] == "," && is_year(lws[end + 1]) {
                end += 2;
            } else if end < n && is_year(lws[end]) {
                end += 1;
            }
            // Lowercase "may"/"march" alone are verbs far more often.
            if end == i + 1 && !words[i].starts_with(char::is_uppercase) {
                end = 0;
            }
            if end == i + 1 && matches!(lws[i], "may" | "march") {
                end = 0;
            }
        } else if c == Some("weekday") {
            end = i + 1;
            // Wednesday, July 16, 2018
            if end + 1 < n && lws[end] == "," && sent.time(end + 1) == Some("month") {
                end += 2;
                if end < n && is_digits(lws[end]) && lws[end].len() <= 2 {
                    end += 1;
                }
                if end + 1 < n && lws[end] == "," && is_year(lws[end + 1]) {
                    end += 2;
                }
            }
            if !words[i].starts_with(char::is_uppercase) {
                end = 0;
            }
        } else if c == Some("relative")
            || c == Some("season") && i > 0 && matches!(lws[i - 1], "last" | "next" | "this" | "in")
        {
            end = i + 1;
        } else if c == Some("relative-time") {
            end = i + 1;
            label = TIME;
        } else if sent.date_lead(i) && i + 1 < n {
            let c2 = sent.time(i + 1);
            if matches!(c2, Some("period" | "weekday" | "month" | "season")) {
                end = i + 2;
            } else if c2 == Some("daypart") {
                end = i + 2;
                label = TIME;
            } else if matches!(lws[i], "earlier" | "later")
                && lws[i + 1] == "this"
                && i + 2 < n
                && sent.time(i + 2) == Some("period")
            {
                end = i + 3;
            }
        } else if is_year(lws[i])
            && i > 0
            && matches!(
                lws[i - 1],
                "in" | "since"
                    | "by"
                    | "until"
                    | "of"
                    | "from"
                    | "before"
                    | "after"
                    | "early"
                    | "late"
                    | "mid"
            )
        {
            end = i + 1;
        } else if is_clock(lws[i]) {
            end = i + 1;
            if end < n && sent.time(end) == Some("ampm") {
                end += 1;
            }
            label = TIME;
        } else if is_digits(lws[i]) && i + 1 < n && sent.time(i + 1) == Some("ampm") {
            end = i + 2;
            label = TIME;
        } else {
            // [approx] number|a|an period|clock [ago|old|earlier]
            let a = sent.approx_len(i);
            let k = i + a;
            let m = if k < n && sent.article(k) {
                1
            } else {
                sent.number_len(k)
            };
            if m > 0 && k + m < n {
                let c2 = sent.time(k + m);
                if c2 == Some("period") || c2 == Some("clock") {
                    // "a day" alone is too vague unless a modifier or "ago".
                    let bare_article = sent.article(k) && a == 0;
                    let ago =
                        k + m + 1 < n && matches!(lws[k + m + 1], "ago" | "earlier" | "later");
                    if !bare_article || ago {
                        end = k + m + 1 + usize::from(ago);
                        if c2 == Some("clock") {
                            label = TIME;
                        }
                    }
                }
            }
        }
        // "the 1990s", "’90s"
        if end == 0
            && lws[i].ends_with('s')
            && lws[i].len() == 5
            && lws[i][..4].chars().all(|c| c.is_ascii_digit())
        {
            end = i + 1;
        }
        if end > start && free(taken, start, end) {
            // Extend "this morning"/"Wednesday night" style day parts.
            if end < n && sent.time(end) == Some("daypart") && label == DATE {
                end += 1;
            }
            push(out, taken, start, end, label);
            next = end;
        }
    }

    // QUANTITY: number + unit, and hyphenated "90-minute", "14-year".
    for &i in starts {
        if taken[i] {
            continue;
        }
        let parts = if sent.hyphen(i) {
            lws[i].split_once('-')
        } else {
            None
        };
        if let Some((num, unit)) = parts {
            if is_number(num) && class(&l.units, unit) == Some("unit") {
                push(out, taken, i, i + 1, QUANTITY);
                continue;
            }
        }
        let a = sent.approx_len(i);
        let m = sent.number_len(i + a);
        if m > 0 && i + a + m < n && sent.unit(i + a + m) == Some("unit") && lws[i + a + m] != "m" {
            push(out, taken, i, i + a + m + 1, QUANTITY);
        }
    }

    // ROLE: modifiers + the longest role phrase.
    let mut next = 0;
    for &i in starts {
        if i < next {
            continue;
        }
        let len = if taken[i] { 0 } else { sent.role_len(i) };
        let (s, e) = (i, i + len);
        // Bare "general", "head", "leader"… are roles only when capitalised
        // or with a modifier.
        let weak = e == s + 1
            && matches!(
                lws[s],
                "general"
                    | "head"
                    | "chair"
                    | "speaker"
                    | "representative"
                    | "justice"
                    | "official"
                    | "officials"
                    | "chief"
                    | "leader"
                    | "editor"
                    | "reporter"
            )
            && !(matches!(lws[s], "general" | "chief" | "leader")
                && words[s].starts_with(char::is_uppercase));
        if e > s && !weak && free(taken, s, e) {
            push(out, taken, s, e, ROLE);
            next = e;
        }
    }

    // CARDINAL: remaining numbers and fractions ("a fifth of").
    let mut next = 0;
    for &i in starts {
        if i < next || taken[i] {
            continue;
        }
        let frac = matches!(lws[i], "a" | "one")
            && i + 1 < n
            && sent.num(i + 1) == Some("fraction")
            && !taken[i + 1];
        if frac {
            push(out, taken, i, i + 2, CARDINAL);
            next = i + 2;
            continue;
        }
        let a = sent.approx_len(i);
        let m = sent.number_len(i + a);
        let year_like = m == 1 && is_year(lws[i + a]);
        if m > 0 && !year_like && !sent.hyphen(i + a) {
            push(out, taken, i, i + a + m, CARDINAL);
            next = i + a + m;
        }
    }
    out.sort_by_key(|s| s.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Vec<(String, &'static str)> {
        let text = s;
        let toks = crate::analysis::tokenize::tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        let covered = vec![false; words.len()];
        spans(&words, &covered)
            .into_iter()
            .map(|sp| {
                let a = toks[sp.start].start;
                let b = toks[sp.end - 1].end;
                (text[a..b].to_string(), sp.label)
            })
            .collect()
    }

    fn has(s: &str, span: &str, label: &str) -> bool {
        run(s).iter().any(|(t, l)| t == span && *l == label)
    }

    /// Length of a number at `i` of `lws`, walked word by word with the
    /// word tests (what `Sent::number_len` looks up).
    fn number_len_walked(lws: &[&str], i: usize) -> usize {
        let n = lws.len();
        let mut j = i;
        while j < n && is_number(lws[j]) {
            j += 1;
            // "one hundred and twenty"
            if j + 1 < n && lws[j] == "and" && is_number_word(lws[j + 1]) {
                j += 1;
            }
        }
        if j > i && j < n && class(&lists().numbers, lws[j]) == Some("scale") {
            j += 1;
        }
        j - i
    }

    /// [`role_len`] as first written: the lists asked word by word, every
    /// phrase joined anew.
    fn role_len_joined(lws: &[&str], i: usize) -> usize {
        let l = lists();
        let flag = |w: &str, f: fn(&Info) -> bool| l.words.get(w).is_some_and(f);
        let mut j = i;
        while j < lws.len() && flag(lws[j], |x| x.modifier) {
            j += 1;
        }
        let mut best = 0;
        if j < lws.len() && flag(lws[j], |x| x.role_first) {
            for len in 1..=l.role_max {
                if j + len > lws.len() {
                    break;
                }
                if l.roles.contains(&lws[j..j + len].join(" ")) {
                    best = len;
                }
            }
        }
        role_end(lws, i, j, best)
    }

    /// Words for made-up sentences: every word of the lists, the words the
    /// rules name, numbers, dates and times in digits, and others.
    fn vocabulary() -> Vec<String> {
        let l = lists();
        let mut v: Vec<String> = l
            .words
            .keys()
            .chain(l.roles.iter())
            .flat_map(|w| w.split(' '))
            .map(str::to_string)
            .collect();
        for w in [
            "",
            "the",
            "said",
            "and",
            ",",
            "-",
            "ago",
            "old",
            "in",
            "since",
            "of",
            "per",
            "cent",
            "1990s",
            "’90s",
            "2018",
            "1999",
            "3000",
            "16",
            "7",
            "1,250.5",
            "3.5bn",
            "66bn",
            "10:30",
            ":30",
            "1:5",
            "2025-02-13",
            "13/02/25",
            "1.2.3.4",
            "90-minute",
            "twenty-one",
            "twenty-five-six",
            "-five",
            "5-",
            "a-",
            "élysée",
            "Zürich",
            "日本",
            "İstanbul",
            "ΣΟΦΟΣ",
            "x",
            "m",
            "US$",
            "A.M.",
            "Mr.",
            "percentage",
            "points",
            "point",
            "press",
            "secretary",
            "of",
            "state",
            "vice",
            "president",
        ] {
            v.push(w.to_string());
        }
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn the_sieve_passes_every_listed_word() {
        let l = lists();
        for w in l.words.keys() {
            assert!(l.sieve.may_hold(w), "{w:?}");
            assert!(l.word(w).is_some(), "{w:?}");
        }
        // Few bits set: most words are out at the sieve.
        let set = l.sieve.bits_set();
        assert!(set < 4096 / 8, "{set}");
        assert!(l.word("").is_none() && l.word("the").is_none());
    }

    #[test]
    fn spans_from_the_starts_agree_with_every_word() {
        let vocab = vocabulary();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        // (Buffers kept from sentence to sentence, as in `mentions`.)
        let mut starts = Scratch::default();
        let mut every = Scratch::default();
        for _ in 0..20_000 {
            let n = (next() % 24) as usize;
            let words: Vec<String> = (0..n)
                .map(|_| {
                    let w = &vocab[(next() % vocab.len() as u64) as usize];
                    match next() % 4 {
                        0 => w.to_uppercase(),
                        1 => {
                            let mut c = w.chars();
                            c.next()
                                .map(|f| f.to_uppercase().chain(c).collect())
                                .unwrap_or_default()
                        }
                        _ => w.clone(),
                    }
                })
                .collect();
            let lw: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let lws: Vec<&str> = lw.iter().map(String::as_str).collect();
            let covered: Vec<bool> = (0..n).map(|_| next() % 8 == 0).collect();
            spans_from(&words, &lws, &covered, false, &mut starts);
            spans_from(&words, &lws, &covered, true, &mut every);
            assert_eq!(starts.out, every.out, "{words:?} {covered:?}");
            assert_eq!(starts.out, spans_lower(&words, &lws, &covered));
            for i in 0..n {
                assert_eq!(role_len(&lws, i), role_len_joined(&lws, i), "{lws:?} {i}");
            }
        }
    }

    #[test]
    fn number_lengths_agree_with_the_walk() {
        for s in [
            "one hundred and twenty people and 3 billion and and five",
            "two and",
            "and three",
            "1,250 and twenty-one million 7 million dollars",
            "twenty - five",
            "",
            "five",
            "million",
            "seven and twenty-two and 4 hundred thousand",
        ] {
            let lws: Vec<&str> = s.split(' ').filter(|w| !w.is_empty()).collect();
            let sent = Sent::new(&lws, false, Vec::new(), Vec::new());
            for i in 0..lws.len() + 2 {
                assert_eq!(sent.number_len(i), number_len_walked(&lws, i), "{s:?} {i}");
                assert_eq!(sent.hyphen(i), lws.get(i).is_some_and(|w| w.contains('-')));
            }
        }
    }

    #[test]
    fn money_and_percent() {
        assert!(has("a fund of $66 billion was set", "$66 billion", MONEY));
        assert!(has("it cost 500 euros", "500 euros", MONEY));
        assert!(has("prices rose 5% in a year", "5%", PERCENT));
        assert!(has("up 3.5 per cent", "3.5 per cent", PERCENT));
        assert!(!run("the dollar fell").iter().any(|(_, l)| *l == MONEY));
        assert!(!run("a percent sign").iter().any(|(_, l)| *l == PERCENT));
    }

    #[test]
    fn quantities_and_cardinals() {
        assert!(has("after a 90-minute call", "90-minute", QUANTITY));
        assert!(has("a 40 km convoy", "40 km", QUANTITY));
        assert!(has("more than 120 drones", "more than 120", CARDINAL));
        assert!(has("around a fifth of the land", "a fifth", CARDINAL));
        assert!(has("two hundred people", "two hundred", CARDINAL));
        assert!(!run("someone said nothing")
            .iter()
            .any(|(_, l)| *l == CARDINAL));
        assert!(!run("in 2022 it began").iter().any(|(_, l)| *l == CARDINAL));
    }

    #[test]
    fn dates_and_times() {
        assert!(has(
            "on Wednesday, July 16, 2018 they met",
            "Wednesday, July 16, 2018",
            DATE
        ));
        assert!(has("on 2025-02-13 it ended", "2025-02-13", DATE));
        assert!(has("as he said last month", "last month", DATE));
        assert!(has(
            "it began nearly three years ago",
            "nearly three years ago",
            DATE
        ));
        assert!(has("since nearly three years", "nearly three years", DATE));
        assert!(has("the invasion in 2022", "2022", DATE));
        assert!(has("on Wednesday they spoke", "Wednesday", DATE));
        assert!(has("at 10:30 a.m. sharp", "10:30 a.m.", TIME));
        assert!(has("for more than an hour", "more than an hour", TIME));
        assert!(!run("you may go").iter().any(|(_, l)| *l == DATE));
        assert!(!run("the march was long").iter().any(|(_, l)| *l == DATE));
        assert!(!run("a day like this").iter().any(|(_, l)| *l == DATE));
    }

    #[test]
    fn roles() {
        assert!(has(
            "said Defense Secretary Pete Hale",
            "Defense Secretary",
            ROLE
        ));
        assert!(has(
            "the Kremlin Press Secretary spoke",
            "Press Secretary",
            ROLE
        ));
        assert!(has("the special envoy arrived", "special envoy", ROLE));
        assert!(has(
            "Secretary of State Jane Roe",
            "Secretary of State",
            ROLE
        ));
        assert!(has(
            "former deputy foreign minister",
            "former deputy foreign minister",
            ROLE
        ));
        assert!(!run("the general public").iter().any(|(_, l)| *l == ROLE));
        assert!(!run("he went ahead").iter().any(|(_, l)| *l == ROLE));
    }
}
