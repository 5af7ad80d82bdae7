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
    /// First words of roles (a cheap pre-check before joining phrases).
    role_first: StrSet,
    role_max: usize,
    modifiers: StrSet,
    /// Two-word approximation modifiers ("more than"): first word → second
    /// words.
    approx2: StrMap<Vec<String>>,
    /// Everything the lists say about a single word, for one look-up per
    /// token.
    words: StrMap<Info>,
}

/// What the word lists say about one lowercase word.
#[derive(Debug, Default)]
struct Info {
    num: Option<String>,
    unit: Option<String>,
    time: Option<String>,
    approx2: bool,
    modifier: bool,
    role_first: bool,
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
        Lists {
            role_first,
            numbers,
            units,
            roles,
            role_max,
            modifiers,
            approx2,
            words,
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
    let mut j = i;
    while j < lws.len() && l.modifiers.contains(lws[j]) {
        j += 1;
    }
    let mut best = 0;
    if j < lws.len() && l.role_first.contains(lws[j]) {
        for len in 1..=l.role_max {
            if j + len > lws.len() {
                break;
            }
            if l.roles.contains(&lws[j..j + len].join(" ")) {
                best = len;
            }
        }
    }
    if best > 0 {
        j + best - i
    } else if j > i && l.roles.contains(lws[j - 1]) {
        j - i
    } else {
        0
    }
}

/// One sentence's lowercased words with what the lists say about each,
/// looked up once.
struct Sent<'a> {
    lws: &'a [&'a str],
    info: Vec<Option<&'static Info>>,
    /// [`approx_len`] at each word.
    approx: Vec<u8>,
    /// Whether each word has a hyphen.
    hyphen: Vec<bool>,
    /// [`Sent::number_len`] at each word.
    number_lens: Vec<usize>,
}

impl<'a> Sent<'a> {
    fn new(lws: &'a [&'a str]) -> Sent<'a> {
        let l = lists();
        let info: Vec<Option<&'static Info>> = lws.iter().map(|w| l.words.get(*w)).collect();
        let hyphen: Vec<bool> = lws.iter().map(|w| has_hyphen(w)).collect();
        let number_word: Vec<bool> = lws
            .iter()
            .zip(&info)
            .zip(&hyphen)
            .map(|((w, x), &hy)| {
                matches!(
                    x.and_then(|x| x.num.as_deref()),
                    Some("unit" | "ten" | "scale")
                ) || (hy && is_number_word(w))
            })
            .collect();
        let number: Vec<bool> = lws
            .iter()
            .zip(&number_word)
            .map(|(w, &nw)| nw || is_digits(w))
            .collect();
        // Where the run of numbers from each word ends (as `number_len`
        // walks it: a number, or "and" before a number word, goes on), from
        // the end of the sentence back; then the length, with a scale word
        // after the run.
        let n = lws.len();
        let mut end = vec![n; n + 1];
        for i in (0..n).rev() {
            end[i] = if number[i] {
                let j = i + 1;
                if j + 1 < n && lws[j] == "and" && number_word[j + 1] {
                    end[j + 1]
                } else {
                    end[j]
                }
            } else {
                i
            };
        }
        let number_lens = (0..n)
            .map(|i| {
                let j = end[i];
                let scale =
                    j > i && j < n && info[j].and_then(|x| x.num.as_deref()) == Some("scale");
                j - i + usize::from(scale)
            })
            .collect();
        let approx = (0..lws.len())
            .map(|i| {
                let x = info[i];
                if x.is_some_and(|x| x.approx2) && approx_len(lws, i) == 2 {
                    2
                } else {
                    u8::from(x.and_then(|x| x.num.as_deref()) == Some("approx"))
                }
            })
            .collect();
        Sent {
            lws,
            info,
            approx,
            hyphen,
            number_lens,
        }
    }

    fn num(&self, i: usize) -> Option<&'static str> {
        self.info.get(i).copied().flatten()?.num.as_deref()
    }

    fn unit(&self, i: usize) -> Option<&'static str> {
        self.info.get(i).copied().flatten()?.unit.as_deref()
    }

    fn time(&self, i: usize) -> Option<&'static str> {
        self.info.get(i).copied().flatten()?.time.as_deref()
    }

    fn approx_len(&self, i: usize) -> usize {
        usize::from(self.approx.get(i).copied().unwrap_or(0))
    }

    /// Length of a number (digits or words, with scale words) at `i`.
    fn number_len(&self, i: usize) -> usize {
        self.number_lens.get(i).copied().unwrap_or(0)
    }

    /// Whether the word at `i` has a hyphen.
    fn hyphen(&self, i: usize) -> bool {
        self.hyphen.get(i).copied().unwrap_or(false)
    }

    /// [`role_len`] at `i`.
    fn role_len(&self, i: usize) -> usize {
        match self.info.get(i).copied().flatten() {
            Some(x) if x.modifier || x.role_first => role_len(self.lws, i),
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
    let l = lists();
    let n = words.len().min(lws.len());
    let mut out: Vec<Span> = Vec::new();
    let mut taken = covered.to_vec();
    taken.resize(n, false);
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
    let lws = &lws[..n];
    let sent = Sent::new(lws);

    // MONEY and PERCENT.
    // Two-word units ("per cent") are looked up joined, in one buffer.
    let mut two = String::new();
    for i in 0..n {
        let a = sent.approx_len(i);
        let k = i + a;
        if k < n && sent.unit(k) == Some("currency-symbol") {
            let m = sent.number_len(k + 1);
            if m > 0 {
                push(&mut out, &mut taken, i, k + 1 + m, MONEY);
                continue;
            }
        }
        // "$66bn" written as one token after the symbol is covered above;
        // "66 billion dollars", "500 euros".
        let m = sent.number_len(k);
        if m > 0 && k + m < n {
            let u = sent.unit(k + m);
            if u == Some("currency") {
                push(&mut out, &mut taken, i, k + m + 1, MONEY);
                continue;
            }
            if u == Some("percent") {
                push(&mut out, &mut taken, i, k + m + 1, PERCENT);
                continue;
            }
            if k + m + 1 < n {
                two.clear();
                two.push_str(lws[k + m]);
                two.push(' ');
                two.push_str(lws[k + m + 1]);
                if class(&l.units, &two) == Some("percent") {
                    push(&mut out, &mut taken, i, k + m + 2, PERCENT);
                    continue;
                }
            }
        }
    }

    // DATE and TIME.
    let mut i = 0;
    while i < n {
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
        } else if matches!(
            lws[i],
            "last" | "next" | "this" | "past" | "coming" | "previous" | "earlier" | "later"
        ) && i + 1 < n
        {
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
            let m = if k < n && matches!(lws[k], "a" | "an") {
                1
            } else {
                sent.number_len(k)
            };
            if m > 0 && k + m < n {
                let c2 = sent.time(k + m);
                if c2 == Some("period") || c2 == Some("clock") {
                    // "a day" alone is too vague unless a modifier or "ago".
                    let bare_article = matches!(lws[k], "a" | "an") && a == 0;
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
        if end > start && free(&taken, start, end) {
            // Extend "this morning"/"Wednesday night" style day parts.
            if end < n && sent.time(end) == Some("daypart") && label == DATE {
                end += 1;
            }
            push(&mut out, &mut taken, start, end, label);
            i = end;
        } else {
            i += 1;
        }
    }

    // QUANTITY: number + unit, and hyphenated "90-minute", "14-year".
    for i in 0..n {
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
                push(&mut out, &mut taken, i, i + 1, QUANTITY);
                continue;
            }
        }
        let a = sent.approx_len(i);
        let m = sent.number_len(i + a);
        if m > 0 && i + a + m < n && sent.unit(i + a + m) == Some("unit") && lws[i + a + m] != "m" {
            push(&mut out, &mut taken, i, i + a + m + 1, QUANTITY);
        }
    }

    // ROLE: modifiers + the longest role phrase.
    let mut i = 0;
    while i < n {
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
        if e > s && !weak && free(&taken, s, e) {
            push(&mut out, &mut taken, s, e, ROLE);
            i = e;
        } else {
            i += 1;
        }
    }

    // CARDINAL: remaining numbers and fractions ("a fifth of").
    let mut i = 0;
    while i < n {
        if taken[i] {
            i += 1;
            continue;
        }
        let frac = matches!(lws[i], "a" | "one")
            && i + 1 < n
            && sent.num(i + 1) == Some("fraction")
            && !taken[i + 1];
        if frac {
            push(&mut out, &mut taken, i, i + 2, CARDINAL);
            i += 2;
            continue;
        }
        let a = sent.approx_len(i);
        let m = sent.number_len(i + a);
        let year_like = m == 1 && is_year(lws[i + a]);
        if m > 0 && !year_like && !sent.hyphen(i + a) {
            push(&mut out, &mut taken, i, i + a + m, CARDINAL);
            i += a + m;
        } else {
            i += 1;
        }
    }
    out.sort_by_key(|s| s.start);
    out
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
            let sent = Sent::new(&lws);
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
