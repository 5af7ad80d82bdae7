//! Numbers and facts: the figures each article gives, normalised and lined
//! up by what they quantify, with disagreements flagged.
//!
//! Source: the rule mentions MONEY, PERCENT, QUANTITY, CARDINAL, DATE and
//! TIME (see `analysis::ner::rules`). Each is parsed into a qualifier
//! ("more than", "nearly", "about", …), a value and a unit (`90-minute`,
//! `more than an hour`, `$66 billion`, `a fifth`, `July 16, 2018`) using
//! `assets/lexicon/quantities.tsv`; mentions with no number in them
//! ("Wednesday", "last month") are left out.
//!
//! **What it quantifies.** The head is looked for next to the number: the
//! words after a count or an adjectival measure ("71 UAVs", "90-minute
//! call", "thousands of lives"); for a measure, the words after `of`/`in`
//! ("$5 billion in aid") or before it in the sentence ("the call lasted
//! nearly 90 minutes", "minerals worth $500 billion"); for dates and time
//! elapsed, a known word on either side. Words are mapped to concepts with
//! `assets/lexicon/quantity_nouns.tsv` (drone/UAV, call/conversation, …);
//! a count or measure with no known word takes the adjacent noun itself.
//!
//! **Groups** share a dimension (duration, elapsed, money, percent, count,
//! fraction, date, length, …), a base unit (minutes, USD, …) and a concept.
//! Each statement allows an interval (`about` ±15 %, `nearly` 85–100 %,
//! `more than` open above, vague plurals such as "thousands" 2–1000 ×, an
//! exact figure ±2 %). A group `differs` when articles state different
//! normalised values, and has a `conflict` when two articles give figures
//! that cannot both hold: no figure of one is compatible with any of the
//! other, and two of them are about the same occasion (the words around
//! them share something besides the thing itself: a name, a verb). Vague
//! figures never conflict, nor does time elapsed ("three years ago"): it is
//! measured from different moments. Measures are shown in the unit the
//! group's figures are most often written in (`display` units of the
//! lexicon).

use super::position::{round3, Layout};
use super::words::{data_lines, is_content, is_lexical, Starts, Word};
use super::SpanRef;
use crate::analysis::tokenize::{self, Kind};
use crate::report::Article;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Labels of the mentions read for numbers.
pub const LABELS: [&str; 6] = ["MONEY", "PERCENT", "QUANTITY", "CARDINAL", "DATE", "TIME"];
/// Relative tolerance for two exact figures to agree (rounding).
const TOLERANCE: f64 = 0.02;
/// Words scanned on each side of a number for what it quantifies.
const WINDOW: usize = 6;

/// One thing quantified, and every article's figure for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberGroup {
    /// `n1`, `n2`, … in table order.
    pub id: String,
    /// What is quantified: a concept from the lexicon ("call", "drone") or
    /// the word itself.
    pub thing: String,
    /// `duration`, `elapsed`, `money`, `percent`, `points`, `count`,
    /// `fraction`, `date`, `length`, `mass`, `volume`, `area` or `power`.
    pub dimension: String,
    /// Base unit of `base_value` (`minutes`, `USD`, `percent`, `count`, …;
    /// empty for dates).
    pub unit: String,
    /// Articles giving a figure, in article order.
    pub articles: Vec<String>,
    /// Articles in the comparison.
    pub total: usize,
    /// Articles state different normalised values.
    pub differs: bool,
    /// Two articles state nothing compatible.
    pub conflict: bool,
    /// Distinct normalised values, in table order ("nearly 90 minutes").
    pub values: Vec<String>,
    /// Figures in article order, then text order.
    pub facts: Vec<NumberFact>,
}

/// One figure as one article states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberFact {
    pub article: String,
    /// The numeric expression.
    pub span: SpanRef,
    pub text: String,
    /// The mention label (`MONEY`, `TIME`, …).
    pub label: String,
    /// `about`, `nearly`, `more than`, `just over`, `less than`, `at least`,
    /// `at most`, or `several` (vague plurals such as "thousands").
    pub qualifier: Option<String>,
    /// The value in the unit as written (`1` hour, `90` minute).
    pub value: f64,
    /// The unit as written, lower case (`hour`, `minute`, `usd`, `count`).
    pub unit: String,
    /// The value in the group's base unit.
    pub base_value: f64,
    /// Interval the statement allows, in the base unit (`null`: unbounded).
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Calendar date, ISO style with what is known (`2018-07-16`, `2022`,
    /// `--07-16` without a year).
    pub date: Option<String>,
    /// Qualifier, value and base unit ("more than 60 minutes").
    pub normalised: String,
    /// The word naming what is quantified, when one was found.
    pub head: Option<SpanRef>,
    /// The words around the figure in its sentence.
    pub context: String,
    /// Relative position in the article, 0 … 1.
    pub position: f64,
}

struct Unit {
    dim: &'static str,
    base: &'static str,
    factor: f64,
    /// Figures are shown in this unit.
    display: bool,
}

struct Lex {
    number: HashMap<&'static str, f64>,
    scale: HashMap<&'static str, f64>,
    fraction: HashMap<&'static str, f64>,
    /// Phrase (space-joined) → canonical qualifier; longest phrase length.
    qualifier: HashMap<&'static str, &'static str>,
    unit: HashMap<&'static str, Unit>,
    currency: HashMap<&'static str, &'static str>,
    month: HashMap<&'static str, u32>,
    elapsed: Vec<&'static str>,
    /// Words linking a thing to its measure ("worth", "lasted", "of").
    link: Vec<&'static str>,
    concept: HashMap<&'static str, &'static str>,
}

fn lex() -> &'static Lex {
    static L: OnceLock<Lex> = OnceLock::new();
    L.get_or_init(|| {
        let mut l = Lex {
            number: HashMap::default(),
            scale: HashMap::default(),
            fraction: HashMap::default(),
            qualifier: HashMap::default(),
            unit: HashMap::default(),
            currency: HashMap::default(),
            month: HashMap::default(),
            elapsed: Vec::new(),
            link: Vec::new(),
            concept: HashMap::default(),
        };
        for line in data_lines(include_str!("../../assets/lexicon/quantities.tsv")) {
            let f: Vec<&'static str> = line.split('\t').map(str::trim).collect();
            let num = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok());
            match (f.first().copied(), f.get(1).copied()) {
                (Some("number"), Some(w)) => {
                    l.number.insert(w, num(2).unwrap_or(0.0));
                }
                (Some("scale"), Some(w)) => {
                    l.scale.insert(w, num(2).unwrap_or(1.0));
                }
                (Some("fraction"), Some(w)) => {
                    l.fraction.insert(w, num(2).unwrap_or(1.0));
                }
                (Some("qualifier"), Some(w)) => {
                    l.qualifier.insert(w, f.get(2).copied().unwrap_or(w));
                }
                (Some("unit"), Some(w)) => {
                    if let (Some(&dim), Some(&base), Some(factor)) = (f.get(2), f.get(3), num(4)) {
                        let display = f.get(5) == Some(&"display");
                        l.unit.insert(
                            w,
                            Unit {
                                dim,
                                base,
                                factor,
                                display,
                            },
                        );
                    }
                }
                (Some("currency"), Some(w)) => {
                    l.currency.insert(w, f.get(2).copied().unwrap_or(w));
                }
                (Some("month"), Some(w)) => {
                    l.month.insert(w, num(2).unwrap_or(0.0) as u32);
                }
                (Some("elapsed"), Some(w)) => l.elapsed.push(w),
                (Some("link"), Some(w)) => l.link.push(w),
                _ => {}
            }
        }
        for line in data_lines(include_str!("../../assets/lexicon/quantity_nouns.tsv")) {
            if let Some((concept, words)) = line.split_once('\t') {
                for w in words.split_whitespace() {
                    l.concept.insert(w, concept.trim());
                }
            }
        }
        l
    })
}

/// A crude singular: casualties → casualty, drones → drone, UAVs → uav.
fn singular(w: &str) -> &str {
    if w.len() > 4 && w.ends_with("ies") {
        return w; // handled by the caller with a "y" (needs allocation)
    }
    for suffix in ["ches", "shes", "sses", "xes"] {
        if w.len() > suffix.len() + 1 && w.ends_with(suffix) {
            return &w[..w.len() - 2];
        }
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        return &w[..w.len() - 1];
    }
    w
}

/// The concept a word names, if the lexicon knows it.
fn concept_of(norm: &str) -> Option<&'static str> {
    let c = &lex().concept;
    if let Some(k) = c.get(norm) {
        return Some(k);
    }
    if norm.len() > 4 && norm.ends_with("ies") {
        return c
            .get(format!("{}y", &norm[..norm.len() - 3]).as_str())
            .copied();
    }
    // A word with no plural ending is its own singular: looked up already.
    let one = singular(norm);
    if one.len() == norm.len() {
        return None;
    }
    c.get(one).copied()
}

/// A word as its own concept (singular form).
fn own_concept(norm: &str) -> String {
    if norm.len() > 4 && norm.ends_with("ies") {
        format!("{}y", &norm[..norm.len() - 3])
    } else {
        singular(norm).to_string()
    }
}

/// What a numeric expression says.
#[derive(Debug, Clone, PartialEq)]
struct Parsed {
    qualifier: Option<&'static str>,
    value: f64,
    unit: String,
    dim: &'static str,
    base: String,
    factor: f64,
    date: Option<String>,
    /// The number is an adjective before its noun ("90-minute call").
    adjectival: bool,
}

fn parse_digits(t: &str) -> Option<(f64, &str)> {
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(t.len());
    let digits: String = t[..end].chars().filter(|&c| c != ',').collect();
    let v = digits.trim_end_matches('.').parse::<f64>().ok()?;
    v.is_finite().then_some((v, &t[end..]))
}

fn is_year(t: &str) -> Option<u32> {
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse::<u32>().ok())
        .flatten()
        .filter(|y| (1000..=2199).contains(y))
}

/// A calendar date in `toks` (lower case): ISO, month-name dates, a year.
fn parse_date(toks: &[&str]) -> Option<String> {
    iso_date(toks).unwrap_or_else(|| named_date(toks))
}

/// The ISO date (`2018-07-16`, `2018/7/16`) of the first token that reads
/// as one: `Some` when a token settles the answer (a part too long for a
/// number settles it as no date), `None` to look for [`named_date`].
fn iso_date(toks: &[&str]) -> Option<Option<String>> {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    for t in toks {
        // Exactly three parts, all digits, the first of four (no list of
        // the parts is built: most tokens have no separator at all).
        let mut parts = t.split(['-', '/']);
        if let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        {
            if y.len() == 4 && digits(y) && digits(m) && digits(d) {
                let (Ok(m), Ok(d)) = (m.parse::<u32>(), d.parse::<u32>()) else {
                    return Some(None);
                };
                if (1..=12).contains(&m) && (1..=31).contains(&d) {
                    return Some(Some(format!("{y}-{m:02}-{d:02}")));
                }
            }
        }
    }
    None
}

/// A date with a month's name (and a day, a year, or both), or a year
/// alone in a short mention.
fn named_date(toks: &[&str]) -> Option<String> {
    let l = lex();
    let month = toks.iter().position(|t| l.month.contains_key(t));
    let year = toks.iter().find_map(|t| is_year(t));
    match month {
        Some(i) => {
            let m = l.month.get(toks[i]).copied()?;
            let day = toks
                .get(i + 1)
                .and_then(|t| t.parse::<u32>().ok())
                .or_else(|| i.checked_sub(1).and_then(|j| toks[j].parse::<u32>().ok()))
                .filter(|d| (1..=31).contains(d));
            Some(match (year, day) {
                (Some(y), Some(d)) => format!("{y}-{m:02}-{d:02}"),
                (Some(y), None) => format!("{y}-{m:02}"),
                (None, Some(d)) => format!("--{m:02}-{d:02}"),
                (None, None) => return None,
            })
        }
        None => year.filter(|_| toks.len() <= 2).map(|y| y.to_string()),
    }
}

/// Longest qualifier phrase at the start of `toks`: (canonical, length).
///
/// The phrases of 3, 2 and 1 tokens are prefixes of one joined string:
/// it is built once (and not at all for a single token).
fn qualifier_at(toks: &[&str]) -> Option<(&'static str, usize)> {
    let l = lex();
    let most = 3.min(toks.len());
    let joined = if most > 1 {
        Cow::Owned(toks[..most].join(" "))
    } else {
        Cow::Borrowed(toks.first().copied().unwrap_or(""))
    };
    // ends[n - 1]: the length of the phrase of n tokens in `joined`.
    let mut ends = [0; 3];
    let mut len = 0;
    for (k, t) in toks[..most].iter().enumerate() {
        len += t.len() + usize::from(k > 0);
        ends[k] = len;
    }
    (1..=most).rev().find_map(|n| {
        let phrase = joined.get(..ends[n - 1])?;
        l.qualifier.get(phrase).map(|&q| (q, n))
    })
}

/// Parse a numeric expression (its lower-case tokens).
fn parse(label: &str, toks: &[&str]) -> Option<Parsed> {
    let l = lex();
    let (qualifier, mut i) = qualifier_at(toks).map_or((None, 0), |(q, n)| (Some(q), n));
    if label == "DATE" {
        if let Some(date) = parse_date(&toks[i..]) {
            let year = date
                .get(..4)
                .and_then(|y| y.parse::<f64>().ok())
                .unwrap_or(0.0);
            return Some(Parsed {
                qualifier,
                value: year,
                unit: String::new(),
                dim: "date",
                base: String::new(),
                factor: 1.0,
                date: Some(date),
                adjectival: false,
            });
        }
    }
    let mut currency: Option<&'static str> = None;
    if let Some(&c) = toks.get(i).and_then(|t| l.currency.get(t)) {
        if toks
            .get(i)
            .is_some_and(|t| !t.chars().all(char::is_alphabetic))
        {
            currency = Some(c);
            i += 1;
        }
    }
    // The number: digits or words, with scales and fractions.
    let (mut total, mut current, mut seen) = (0.0f64, 0.0f64, false);
    let mut vague = false;
    let mut fraction = false;
    let mut unit: Option<(String, Option<&Unit>)> = None;
    let mut adjectival = false;
    while let Some(&t) = toks.get(i) {
        let next_is_measure = toks.get(i + 1).is_some_and(|&n| {
            l.unit.contains_key(n)
                || l.scale.contains_key(n)
                || l.fraction.contains_key(n)
                || l.currency.contains_key(n)
        });
        if t.starts_with(|c: char| c.is_ascii_digit()) {
            if seen {
                break;
            }
            let (v, rest) = parse_digits(t)?;
            current = v;
            seen = true;
            let rest = rest.trim_start_matches('-');
            if let Some(&s) = l.scale.get(rest) {
                current *= s;
            } else if let Some(u) = l.unit.get(rest) {
                unit = Some((rest.to_string(), Some(u)));
                adjectival = true;
            } else if !rest.is_empty() {
                return None; // "1990s", "2nd": not an amount
            }
        } else if let Some(&v) = l.number.get(t) {
            if matches!(t, "a" | "an") && !next_is_measure {
                break;
            }
            current += v;
            seen = true;
        } else if let Some((a, b)) = t
            .split_once('-')
            .filter(|(a, b)| l.number.contains_key(a) && l.number.contains_key(b))
        {
            current +=
                l.number.get(a).copied().unwrap_or(0.0) + l.number.get(b).copied().unwrap_or(0.0);
            seen = true;
        } else if let Some((a, b)) = t
            .split_once('-')
            .filter(|(a, b)| l.number.contains_key(a) && l.unit.contains_key(b))
        {
            current += l.number.get(a).copied().unwrap_or(0.0);
            seen = true;
            unit = Some((b.to_string(), l.unit.get(b)));
            adjectival = true;
        } else if let Some(&s) = l.scale.get(t) {
            if !seen {
                vague = t.ends_with('s');
                current = 1.0;
                seen = true;
            }
            if s >= 1000.0 {
                total += current * s;
                current = 0.0;
            } else {
                current *= s;
            }
        } else if let Some(&f) = l.fraction.get(t) {
            current = if seen { current * f } else { f };
            seen = true;
            fraction = true;
        } else if t == "and" && seen && toks.get(i + 1).is_some_and(|n| l.number.contains_key(n)) {
            // "one hundred and twenty"
        } else {
            break;
        }
        i += 1;
        if unit.is_some() {
            break;
        }
    }
    if !seen {
        return None;
    }
    let value = total + current;
    // The unit after the number ("per cent" before "percent").
    if unit.is_none() {
        if let Some(two) = toks.get(i..i + 2).map(|p| p.join(" ")) {
            if let Some((k, u)) = l.unit.get_key_value(two.as_str()) {
                unit = Some((k.to_string(), Some(u)));
                i += 2;
            }
        }
    }
    if unit.is_none() {
        if let Some(t) = toks.get(i) {
            if let Some(&c) = l.currency.get(t) {
                currency = currency.or(Some(c));
                i += 1;
            } else if let Some(u) = l.unit.get(t) {
                unit = Some((t.to_string(), Some(u)));
                i += 1;
            }
        }
    }
    let qualifier = qualifier.or(vague.then_some("several"));
    let elapsed = |dim: &'static str| {
        if dim == "duration"
            && toks[i.min(toks.len())..]
                .iter()
                .any(|t| l.elapsed.contains(t))
        {
            "elapsed"
        } else {
            dim
        }
    };
    let parsed = match (currency, unit) {
        (Some(c), _) => Parsed {
            qualifier,
            value,
            unit: c.to_lowercase(),
            dim: "money",
            base: c.to_string(),
            factor: 1.0,
            date: None,
            adjectival: false,
        },
        (None, Some((word, Some(u)))) => Parsed {
            qualifier,
            value,
            unit: word,
            dim: elapsed(u.dim),
            base: u.base.to_string(),
            factor: u.factor,
            date: None,
            adjectival,
        },
        _ if fraction => Parsed {
            qualifier,
            value,
            unit: "fraction".into(),
            dim: "fraction",
            base: "fraction".into(),
            factor: 1.0,
            date: None,
            adjectival: false,
        },
        _ => Parsed {
            qualifier,
            value,
            unit: "count".into(),
            dim: "count",
            base: "count".into(),
            factor: 1.0,
            date: None,
            adjectival: false,
        },
    };
    Some(parsed)
}

/// The interval a statement allows.
fn interval(qualifier: Option<&str>, v: f64) -> (Option<f64>, Option<f64>) {
    match qualifier {
        Some("about") => (Some(v * 0.85), Some(v * 1.15)),
        Some("nearly") => (Some(v * 0.85), Some(v)),
        Some("more than") | Some("at least") => (Some(v), None),
        Some("just over") => (Some(v), Some(v * 1.15)),
        Some("less than") | Some("at most") => (Some(0.0), Some(v)),
        Some("several") => (Some(v * 2.0), Some(v * 1000.0)),
        _ => (Some(v), Some(v)),
    }
}

fn compatible(a: &NumberFact, b: &NumberFact) -> bool {
    if let (Some(x), Some(y)) = (&a.date, &b.date) {
        let md = |d: &str| d.get(d.len().saturating_sub(5)..).unwrap_or("").to_string();
        return x.starts_with(y.as_str())
            || y.starts_with(x.as_str())
            || (x.starts_with("--") || y.starts_with("--")) && md(x) == md(y);
    }
    let lo = |f: &NumberFact| f.low.unwrap_or(f64::NEG_INFINITY);
    let hi = |f: &NumberFact| f.high.unwrap_or(f64::INFINITY);
    let slack = TOLERANCE * a.base_value.abs().max(b.base_value.abs());
    lo(a) <= hi(b) + slack && lo(b) <= hi(a) + slack
}

/// Units figures of a dimension are shown in, smallest first: (name,
/// factor to the base unit).
fn display_units(dim: &str) -> Vec<(&'static str, f64)> {
    let mut u: Vec<(&'static str, f64)> = lex()
        .unit
        .iter()
        .filter(|(_, u)| u.display && u.dim == dim)
        .map(|(w, u)| (*w, u.factor))
        .collect();
    crate::sort::by(&mut u, |a, b| a.1.total_cmp(&b.1));
    u
}

/// The unit a group is shown in: the one its figures are most often
/// written in (the smaller on a tie), else the largest that keeps every
/// figure at 2 or more.
fn display_unit(dim: &str, facts: &[NumberFact]) -> Option<(&'static str, f64)> {
    let units = display_units(if dim == "elapsed" { "duration" } else { dim });
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs());
    let written = |f: &NumberFact| (f.value != 0.0).then(|| f.base_value / f.value);
    let mut best: Option<((&'static str, f64), usize)> = None;
    for &(name, factor) in &units {
        let n = facts
            .iter()
            .filter(|f| written(f).is_some_and(|w| same(w, factor)))
            .count();
        if n > 0 && best.is_none_or(|(_, m)| n > m) {
            best = Some(((name, factor), n));
        }
    }
    let least = facts
        .iter()
        .map(|f| f.base_value)
        .fold(f64::INFINITY, f64::min);
    best.map(|b| b.0)
        .or_else(|| units.iter().rev().find(|(_, f)| least >= 2.0 * f).copied())
}

/// "thousands", "millions": the plural scale word of a vague figure.
fn vague_name(f: &NumberFact) -> Option<&'static str> {
    if f.qualifier.as_deref() != Some("several") {
        return None;
    }
    let v = f.base_value;
    lex()
        .scale
        .iter()
        .filter(|(w, &s)| w.ends_with('s') && w.len() > 3 && (s - v).abs() <= 1e-9 * v.abs())
        .map(|(w, _)| *w)
        .min()
}

/// A number for people onto `out`: 66000000000 → "66 billion", 0.3333 →
/// "0.333".
fn push_human(out: &mut String, v: f64) {
    for (scale, word) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
        if v.abs() >= scale {
            push_rounded(out, v / scale);
            out.push(' ');
            out.push_str(word);
            return;
        }
    }
    push_rounded(out, v);
}

/// `x` to three decimals, trailing zeros (and point) left off. A whole
/// number (most figures) is written by its digits, as the formatted one
/// reads once trimmed: float formatting took ≈ 1,900 instructions a
/// figure.
fn push_rounded(out: &mut String, x: f64) {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        if x.is_sign_negative() {
            out.push('-');
        }
        super::push_decimal(out, x.abs() as usize);
        return;
    }
    use std::fmt::Write;
    let at = out.len();
    let _ = write!(out, "{x:.3}");
    let kept = out[at..].trim_end_matches('0').trim_end_matches('.').len();
    out.truncate(at + kept);
}

/// A figure as the group lists it (`about 120 km`, `3.5 %`, a date),
/// given the unit the group is shown in: pushed piece by piece into one
/// string, not formatted (three `format!` calls a figure before).
fn normalised(f: &NumberFact, unit: &str) -> String {
    let mut out = String::new();
    let qualifier = |out: &mut String| {
        if let Some(q) = &f.qualifier {
            out.push_str(q);
            out.push(' ');
        }
    };
    // The unit after the value: none for a count or a fraction.
    let suffix = |out: &mut String| {
        if !matches!(unit, "count" | "fraction") {
            out.push(' ');
            out.push_str(unit);
        }
    };
    match (&f.date, unit, vague_name(f)) {
        (Some(d), _, _) => {
            qualifier(&mut out);
            out.push_str(d);
        }
        (None, _, Some(name)) => {
            out.push_str(name);
            suffix(&mut out);
        }
        (None, "fraction", _) => {
            qualifier(&mut out);
            push_human(&mut out, f.base_value * 100.0);
            out.push_str(" %");
        }
        (None, _, None) => {
            qualifier(&mut out);
            push_human(&mut out, f.base_value);
            suffix(&mut out);
        }
    }
    out
}

/// A figure's group key: dimension, base unit and thing, tab-separated.
fn group_key(dim: &str, base: &str, thing: &str) -> String {
    let mut key = String::with_capacity(dim.len() + base.len() + thing.len() + 2);
    for (k, part) in [dim, base, thing].into_iter().enumerate() {
        if k > 0 {
            key.push('\t');
        }
        key.push_str(part);
    }
    key
}

/// A candidate for what is quantified.
fn wordy(w: &Word) -> bool {
    is_lexical(&w.norm)
}

/// The first word of `it` the concept lexicon knows.
fn lexicon_hit(
    ws: &[Word],
    mut it: impl Iterator<Item = usize>,
) -> Option<(String, Option<usize>)> {
    it.find_map(|j| concept_of(&ws.get(j)?.norm).map(|c| (c.to_string(), Some(j))))
}

/// What a number quantifies: (concept, head word index).
fn head(ws: &[Word], r: std::ops::Range<usize>, p: &Parsed) -> Option<(String, Option<usize>)> {
    let l = lex();
    let (first, last) = (ws.get(r.start)?, ws.get(r.end.checked_sub(1)?)?);
    let same = |w: &Word| w.sentence == last.sentence && w.clause == last.clause;
    let after = |skip: usize| {
        (r.end + skip..ws.len().min(r.end + skip + WINDOW)).take_while(|&j| same(&ws[j]))
    };
    let before = || {
        (r.start.saturating_sub(WINDOW)..r.start)
            .rev()
            .take_while(|&j| ws[j].sentence == first.sentence)
    };
    let next = ws.get(r.end).filter(|w| same(w));
    let numeric = |w: &Word| {
        let n = &*w.norm;
        n.starts_with(|c: char| c.is_ascii_digit())
            || l.number.contains_key(n)
            || l.scale.contains_key(n)
            || l.fraction.contains_key(n)
    };
    match p.dim {
        "date" | "elapsed" => {
            // Nearest known word on either side.
            let mut b = before();
            let mut a = after(0);
            let mut found = None;
            for _ in 0..WINDOW {
                for j in [a.next(), b.next()].into_iter().flatten() {
                    if found.is_none() {
                        found = concept_of(&ws[j].norm).map(|c| (c.to_string(), Some(j)));
                    }
                }
            }
            found
        }
        "count" | "fraction" => {
            let of = next.is_some_and(|w| w.norm == "of");
            if of && p.value <= 1.0 && p.dim == "count" && p.qualifier.is_none() {
                return None; // "one of the cities"
            }
            let skip = usize::from(of)
                + usize::from(of && ws.get(r.end + 1).is_some_and(|w| w.norm == "the"));
            let mut window = after(skip).take_while(|&j| !numeric(&ws[j]));
            if let Some(hit) = lexicon_hit(ws, window.by_ref().take(4)) {
                return Some(hit);
            }
            // Otherwise the noun itself: after "of" ("a fifth of the land"),
            // or a plural after a count ("71 UAVs", not "two long").
            let j = r.end + skip;
            let plural_ok =
                |w: &Word| of || p.dim == "count" && (p.value <= 1.0 || w.norm.ends_with('s'));
            ws.get(j)
                .filter(|w| same(w) && wordy(w) && !numeric(w) && plural_ok(w))
                .map(|w| (own_concept(&w.norm), Some(j)))
        }
        _ => {
            if p.adjectival {
                if let Some(hit) = lexicon_hit(ws, after(0).take(2)) {
                    return Some(hit);
                }
                return next
                    .filter(|w| is_content(&w.norm))
                    .map(|w| (own_concept(&w.norm), Some(r.end)));
            }
            let of = next.is_some_and(|w| matches!(&*w.norm, "of" | "in" | "for" | "on"));
            if of {
                if let Some(hit) = lexicon_hit(ws, after(1).take(4)) {
                    return Some(hit);
                }
            }
            // A known word earlier in the clause ("the call lasted …").
            let clause = first.clause;
            if let Some(hit) = lexicon_hit(ws, before().take_while(|&j| ws[j].clause == clause)) {
                return Some(hit);
            }
            // "minerals worth $5 billion", "a fine of $250,000": the word
            // right before a link word.
            let linked = r
                .start
                .checked_sub(2)
                .filter(|&j| {
                    let link = &ws[j + 1];
                    link.sentence == first.sentence
                        && ws[j].sentence == first.sentence
                        && l.link.contains(&&*link.norm)
                        && wordy(&ws[j])
                        && !numeric(&ws[j])
                })
                .map(|j| {
                    let n = &ws[j].norm;
                    (
                        concept_of(n).map_or_else(|| own_concept(n), str::to_string),
                        Some(j),
                    )
                });
            if linked.is_some() {
                return linked;
            }
            if let Some(hit) = lexicon_hit(ws, before()) {
                return Some(hit);
            }
            // "5% of GDP": the noun after the preposition.
            ws.get(r.end + 1)
                .filter(|w| of && same(w) && wordy(w) && !numeric(w))
                .map(|w| (own_concept(&w.norm), Some(r.end + 1)))
        }
    }
}

/// A figure with its group key and the words around it (its cues).
type Found<'w> = (String, NumberFact, Vec<&'w str>);

/// The tokens of a numeric expression as [`parse`] reads them: lower case,
/// quote marks and commas left out. `tokens` and `lower` are scratch space
/// reused from expression to expression: an ASCII expression (nearly all)
/// is lower-cased once, whole, and its tokens are slices of that (for
/// ASCII, lower-casing a token is lower-casing its bytes, the same in or
/// out of the expression); any other is lower-cased token by token into
/// `owned`.
fn lower_tokens<'t>(
    text: &str,
    tokens: &mut Vec<tokenize::Token>,
    lower: &'t mut String,
    owned: &'t mut Vec<String>,
) -> Vec<&'t str> {
    tokens.clear();
    tokenize::tokenize_into(text, 0, text.len(), tokens);
    let kept = tokens.iter().filter(|t| t.kind != Kind::Quote);
    if text.is_ascii() {
        lower.clear();
        lower.push_str(text);
        lower.make_ascii_lowercase();
        let lower: &'t str = lower;
        kept.map(|t| t.text(lower)).filter(|&t| t != ",").collect()
    } else {
        owned.clear();
        owned.extend(
            kept.map(|t| t.text(text).to_lowercase())
                .filter(|t| t != ","),
        );
        owned.iter().map(String::as_str).collect()
    }
}

/// Every figure of one article.
fn facts<'w>(article: &Article, ws: &'w [Word], layout: &Layout) -> Vec<Found<'w>> {
    let starts = Starts::new(ws);
    let mut out = Vec::new();
    let (mut tokens, mut lower, mut owned) = (Vec::new(), String::new(), Vec::new());
    for m in &article.mentions {
        if !LABELS.contains(&m.label.as_str()) {
            continue;
        }
        let Some(text) = article.text.get(m.start..m.end) else {
            continue;
        };
        let toks = lower_tokens(text, &mut tokens, &mut lower, &mut owned);
        let Some(mut p) = parse(&m.label, &toks) else {
            continue;
        };
        let r = starts.within(m.start, m.end);
        if r.is_empty() {
            continue;
        }
        // "billions of dollars": a count of a currency is money.
        let mut skip_words = 0;
        if p.dim == "count" {
            let cur = |j: usize| {
                ws.get(j)
                    .and_then(|w| lex().currency.get(&*w.norm).copied())
            };
            let at = if ws.get(r.end).is_some_and(|w| w.norm == "of") {
                r.end + 1
            } else {
                r.end
            };
            if let Some(c) = cur(at) {
                p.dim = "money";
                p.base = c.to_string();
                p.unit = c.to_lowercase();
                skip_words = at + 1 - r.end;
            }
        }
        // A definite small count ("the two leaders") refers; it states nothing.
        if p.dim == "count"
            && p.value < 10.0
            && r.start > 0
            && matches!(
                &*ws[r.start - 1].norm,
                "the" | "these" | "those" | "both" | "its" | "their" | "his" | "her" | "our"
            )
        {
            continue;
        }
        // "three years after the invasion": time elapsed, not a length.
        if p.dim == "duration"
            && ws
                .get(r.end)
                .is_some_and(|w| lex().elapsed.contains(&&*w.norm))
        {
            p.dim = "elapsed";
        }
        let head_range = r.start..r.end + skip_words;
        let Some((thing, head_at)) = head(ws, head_range, &p) else {
            continue;
        };
        // A bare "one" ("at one point", "one official") is rarely a figure;
        // keep it only for something the lexicon knows ("one death").
        let bare_one = p.value == 1.0
            && p.qualifier.is_none()
            && p.dim == "count"
            && toks.len() == 1
            && !toks[0].starts_with(|c: char| c.is_ascii_digit());
        if bare_one && concept_of(&thing).is_none() {
            continue;
        }
        let base_value = p.value * p.factor;
        if !base_value.is_finite() {
            continue;
        }
        let (low, high) = if p.dim == "date" {
            (None, None)
        } else {
            interval(p.qualifier, base_value)
        };
        let (low, high) = (
            low.filter(|x| x.is_finite()),
            high.filter(|x| x.is_finite()),
        );
        let first = &ws[r.start];
        let ctx_from = (r.start.saturating_sub(8)..r.start)
            .find(|&j| ws[j].sentence == first.sentence)
            .unwrap_or(r.start);
        let ctx_to = (r.end..ws.len().min(r.end + 8))
            .rev()
            .find(|&j| ws[j].sentence == first.sentence)
            .map_or(r.end, |j| j + 1);
        let context = match (ws.get(ctx_from), ws.get(ctx_to.saturating_sub(1))) {
            (Some(a), Some(b)) => article
                .text
                .get(a.start.min(m.start)..b.end.max(m.end))
                .unwrap_or(text)
                .to_string(),
            _ => text.to_string(),
        };
        let span = |s: usize, e: usize| SpanRef {
            article: article.id.clone(),
            start: s,
            end: e,
        };
        let mut cues: Vec<&str> = (ctx_from..ctx_to)
            .filter(|&j| !r.contains(&j) && Some(j) != head_at)
            .filter_map(|j| ws.get(j))
            .filter(|w| wordy(w) && concept_of(&w.norm) != Some(thing.as_str()))
            .map(|w| &*w.norm)
            .collect();
        cues.sort_unstable();
        cues.dedup();
        let key = group_key(p.dim, &p.base, &thing);
        out.push((
            key,
            NumberFact {
                article: article.id.clone(),
                span: span(m.start, m.end),
                text: text.to_string(),
                label: m.label.clone(),
                qualifier: p.qualifier.map(str::to_string),
                value: p.value,
                unit: p.unit.clone(),
                base_value,
                low,
                high,
                date: p.date.clone(),
                normalised: String::new(),
                head: head_at
                    .and_then(|j| ws.get(j))
                    .map(|w| span(w.start, w.end)),
                context,
                position: layout.position(m.start),
            },
            cues,
        ));
    }
    out
}

/// The numbers table.
pub fn numbers(articles: &[&Article], words: &[Vec<Word>], layouts: &[Layout]) -> Vec<NumberGroup> {
    let mut groups: Vec<NumberGroup> = Vec::new();
    // Per group, per fact: the words around the figure.
    let mut cues: Vec<Vec<Vec<&str>>> = Vec::new();
    let mut slot: HashMap<String, usize> = HashMap::default();
    for (ai, a) in articles.iter().enumerate() {
        for (key, fact, around) in facts(a, &words[ai], &layouts[ai]) {
            let g = match slot.get(key.as_str()) {
                Some(&g) => g,
                None => {
                    let mut parts = key.split('\t');
                    let (dim, unit, thing) = (parts.next(), parts.next(), parts.next());
                    groups.push(NumberGroup {
                        id: String::new(),
                        thing: thing.unwrap_or("").to_string(),
                        dimension: dim.unwrap_or("").to_string(),
                        unit: unit.unwrap_or("").to_string(),
                        articles: Vec::new(),
                        total: articles.len(),
                        differs: false,
                        conflict: false,
                        values: Vec::new(),
                        facts: Vec::new(),
                    });
                    cues.push(Vec::new());
                    slot.insert(key, groups.len() - 1);
                    groups.len() - 1
                }
            };
            let group = &mut groups[g];
            if group.articles.last() != Some(&a.id) {
                group.articles.push(a.id.clone());
            }
            group.facts.push(fact);
            cues[g].push(around);
        }
    }
    for (g, around) in groups.iter_mut().zip(&cues) {
        // Measures are shown in the unit that suits the group.
        if let Some((name, factor)) = display_unit(&g.dimension, &g.facts) {
            g.unit = name.to_string();
            for f in &mut g.facts {
                f.base_value /= factor;
                f.low = f.low.map(|x| x / factor);
                f.high = f.high.map(|x| x / factor);
            }
        }
        for f in &mut g.facts {
            f.value = round3(f.value);
            f.base_value = round3(f.base_value);
            f.low = f.low.map(round3);
            f.high = f.high.map(round3);
            f.normalised = normalised(f, &g.unit);
            if !g.values.contains(&f.normalised) {
                g.values.push(f.normalised.clone());
            }
        }
        // Per article, its figures (indices); compare every pair of articles.
        let by_article: Vec<Vec<usize>> = g
            .articles
            .iter()
            .map(|id| {
                (0..g.facts.len())
                    .filter(|&k| &g.facts[k].article == id)
                    .collect()
            })
            .collect();
        let values = |fs: &[usize]| {
            let mut v: Vec<&str> = fs.iter().map(|&k| g.facts[k].normalised.as_str()).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        g.differs = by_article
            .first()
            .is_some_and(|first| by_article.iter().any(|fs| values(fs) != values(first)));
        // Two figures are about the same occasion when the words around
        // them share something besides the thing itself ("Russia launched
        // 120 drones" / "Russia launched 90 drones"); vague figures
        // ("thousands") and time elapsed never conflict.
        let related = |f: usize, h: usize| {
            let (a, b) = (&around[f], &around[h]);
            a.iter().any(|w| b.binary_search(w).is_ok())
        };
        let firm = |k: &&usize| g.facts[**k].qualifier.as_deref() != Some("several");
        let conflict = g.dimension != "elapsed"
            && by_article.iter().enumerate().any(|(i, x)| {
                by_article[i + 1..].iter().any(|y| {
                    let pairs = || {
                        x.iter()
                            .filter(|k| firm(k))
                            .flat_map(|&f| y.iter().filter(|k| firm(k)).map(move |&h| (f, h)))
                    };
                    pairs().any(|(f, h)| related(f, h))
                        && !pairs().any(|(f, h)| compatible(&g.facts[f], &g.facts[h]))
                })
            });
        g.conflict = conflict;
    }
    crate::sort::by(&mut groups, |a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(b.conflict.cmp(&a.conflict))
            .then(b.facts.len().cmp(&a.facts.len()))
    });
    for (k, g) in groups.iter_mut().enumerate() {
        g.id = super::numbered('n', k + 1);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(label: &str, s: &str) -> Parsed {
        let toks: Vec<String> = tokenize::tokenize(s)
            .iter()
            .map(|t| t.text(s).to_lowercase())
            .filter(|t| t != ",")
            .collect();
        let toks: Vec<&str> = toks.iter().map(String::as_str).collect();
        parse(label, &toks).unwrap_or_else(|| panic!("{s} does not parse"))
    }

    #[test]
    fn expressions_parse_to_qualifier_value_and_unit() {
        let x = p("QUANTITY", "90-minute");
        assert_eq!(
            (x.value, x.unit.as_str(), x.dim, x.adjectival),
            (90.0, "minute", "duration", true)
        );
        let x = p("TIME", "more than an hour");
        assert_eq!(
            (x.qualifier, x.value * x.factor, x.dim),
            (Some("more than"), 60.0, "duration")
        );
        let x = p("TIME", "nearly 90 minutes");
        assert_eq!((x.qualifier, x.value), (Some("nearly"), 90.0));
        let x = p("MONEY", "$66 billion");
        assert_eq!((x.value, x.dim, x.base.as_str()), (66e9, "money", "USD"));
        let x = p("MONEY", "3.5bn euros");
        assert_eq!((x.value, x.base.as_str()), (3.5e9, "EUR"));
        let x = p("PERCENT", "about 12.5 per cent");
        assert_eq!(
            (x.qualifier, x.value, x.dim),
            (Some("about"), 12.5, "percent")
        );
        let x = p("CARDINAL", "more than 120");
        assert_eq!(
            (x.qualifier, x.value, x.dim),
            (Some("more than"), 120.0, "count")
        );
        let x = p("CARDINAL", "one hundred and twenty");
        assert_eq!(x.value, 120.0);
        let x = p("CARDINAL", "thousands");
        assert_eq!((x.qualifier, x.value), (Some("several"), 1000.0));
        let x = p("CARDINAL", "a fifth");
        assert_eq!((x.value, x.dim), (0.2, "fraction"));
        let x = p("DATE", "nearly three years ago");
        assert_eq!((x.value, x.dim), (3.0, "elapsed"));
        let x = p("DATE", "July 16, 2018");
        assert_eq!(x.date.as_deref(), Some("2018-07-16"));
        assert_eq!(p("DATE", "2025-02-13").date.as_deref(), Some("2025-02-13"));
        assert_eq!(p("DATE", "2022").date.as_deref(), Some("2022"));
        for none in ["Wednesday", "today", "last month"] {
            let none = none.to_lowercase();
            assert!(parse("DATE", &[&none]).is_none(), "{none}");
        }
        assert!(parse("CARDINAL", &[]).is_none());
        assert!(parse("CARDINAL", &[&"9".repeat(400)]).is_none_or(|x| x.value.is_finite()));
    }

    /// [`lower_tokens`] gives what lower-casing each token of a fresh
    /// tokenisation gives, for ASCII and other text, with the scratch
    /// space reused from one expression to the next.
    #[test]
    fn lower_tokens_are_the_tokens_lower_cased() {
        let plain = |s: &str| -> Vec<String> {
            tokenize::tokenize(s)
                .iter()
                .filter(|t| t.kind != Kind::Quote)
                .map(|t| t.text(s).to_lowercase())
                .filter(|t| t != ",")
                .collect()
        };
        let mut cases: Vec<String> = [
            "",
            ",",
            "More Than 1,200 UAVs",
            "“About 90” Minutes, U.S.",
            "JULY 16, 2018",
            "ÉTÉ 2018, Σ ΣΑΣ",
            "$66 Billion",
            "'Nearly' 3-4 İstanbul",
        ]
        .map(String::from)
        .to_vec();
        cases.extend(crate::testing::Lcg::new(5).strings("aZ9 ,.'\"“”’-$%éÉİΣ", 3000, 12));
        let (mut tokens, mut lower, mut owned) = (Vec::new(), String::new(), Vec::new());
        for s in &cases {
            let got = lower_tokens(s, &mut tokens, &mut lower, &mut owned);
            assert_eq!(got, plain(s), "{s:?}");
        }
    }

    /// [`parse_date`] as it was written with a list of each token's parts
    /// (the ISO part; the rest is [`named_date`], unchanged).
    fn parse_date_split(toks: &[&str]) -> Option<String> {
        for t in toks {
            let parts: Vec<&str> = t.split(['-', '/']).collect();
            if parts.len() == 3
                && parts[0].len() == 4
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            {
                let (m, d) = (parts[1].parse::<u32>().ok()?, parts[2].parse::<u32>().ok()?);
                if (1..=12).contains(&m) && (1..=31).contains(&d) {
                    return Some(format!("{}-{m:02}-{d:02}", parts[0]));
                }
            }
        }
        named_date(toks)
    }

    #[test]
    fn dates_parse_as_with_split_parts() {
        let parts = [
            "2018",
            "07",
            "16",
            "1",
            "",
            "99999999999",
            "13",
            "july",
            "x",
            "é",
        ];
        let mut rng = crate::testing::Lcg::new(3);
        for _ in 0..5000 {
            let n = rng.below(3) as usize + 1;
            let toks: Vec<String> = (0..n)
                .map(|_| {
                    let k = rng.below(5) as usize;
                    (0..k)
                        .map(|i| {
                            let sep = if i == 0 {
                                ""
                            } else {
                                ["-", "/"][rng.below(2) as usize]
                            };
                            format!("{sep}{}", parts[rng.below(parts.len() as u64) as usize])
                        })
                        .collect()
                })
                .collect();
            let toks: Vec<&str> = toks.iter().map(String::as_str).collect();
            assert_eq!(parse_date(&toks), parse_date_split(&toks), "{toks:?}");
        }
    }

    #[test]
    fn qualifier_phrases_are_found_as_when_joined() {
        let joined = |toks: &[&str]| {
            (1..=3.min(toks.len())).rev().find_map(|n| {
                let phrase = toks[..n].join(" ");
                lex().qualifier.get(phrase.as_str()).map(|&q| (q, n))
            })
        };
        let words = [
            "more", "than", "about", "nearly", "just", "over", "at", "least", "a", "90", "",
        ];
        let mut rng = crate::testing::Lcg::new(9);
        for _ in 0..3000 {
            let len = rng.below(5) as usize;
            let toks: Vec<&str> = (0..len)
                .map(|_| words[rng.below(words.len() as u64) as usize])
                .collect();
            assert_eq!(qualifier_at(&toks), joined(&toks), "{toks:?}");
        }
        assert_eq!(
            qualifier_at(&["more", "than", "90"]),
            Some(("more than", 2))
        );
    }

    /// A figure's normalised text as it was formatted before it was pushed
    /// piece by piece.
    fn normalised_formatted(f: &NumberFact, unit: &str) -> String {
        let human = |v: f64| {
            let trim = |x: f64| {
                let s = format!("{:.3}", x);
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            };
            for (scale, word) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
                if v.abs() >= scale {
                    return format!("{} {word}", trim(v / scale));
                }
            }
            trim(v)
        };
        let q = f
            .qualifier
            .as_deref()
            .map(|q| format!("{q} "))
            .unwrap_or_default();
        let suffix = match unit {
            "count" | "fraction" => String::new(),
            u => format!(" {u}"),
        };
        match (&f.date, unit, vague_name(f)) {
            (Some(d), _, _) => format!("{q}{d}"),
            (None, _, Some(name)) => format!("{name}{suffix}"),
            (None, "fraction", _) => format!("{q}{} %", human(f.base_value * 100.0)),
            (None, _, None) => format!("{q}{}{suffix}", human(f.base_value)),
        }
    }

    #[test]
    fn normalised_figures_are_the_formatted_ones() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.0005,
            0.0004999,
            1.0 / 3.0,
            2.0 / 3.0,
            999.9995,
            999_999.0,
            1e6,
            1e6 - 0.5,
            66e9,
            1e12,
            1e15,
            1e15 + 2.0,
            -1e15,
            1e18,
            1e21,
            1e300,
            123.456,
            0.125,
            2.5e-7,
            7e9 + 1.0,
            4503599627370497.0,
        ];
        let mut rng = crate::testing::Lcg::new(41);
        for _ in 0..3000 {
            let whole = rng.below(1 << 40) as f64;
            let exp = rng.below(30) as i32 - 10;
            values.push(whole);
            values.push(-whole);
            values.push(whole * 10f64.powi(exp));
            values.push(whole / 1024.0);
        }
        let units = ["count", "fraction", "km", "USD", "", "hour"];
        let qualifiers = [None, Some("about"), Some("several"), Some("more than")];
        let blank = fact_of("CARDINAL", None, 0.0);
        let mut n = 0;
        for (i, &v) in values.iter().enumerate() {
            let unit = units[i % units.len()];
            let f = NumberFact {
                qualifier: qualifiers[i / units.len() % qualifiers.len()].map(str::to_string),
                value: v,
                base_value: v,
                date: (i % 97 == 3).then(|| "2024-05-01".to_string()),
                ..blank.clone()
            };
            assert_eq!(
                normalised(&f, unit),
                normalised_formatted(&f, unit),
                "{v:e} {unit}"
            );
            n += 1;
        }
        // "several" with a scale word's value: the vague name.
        let mut f = NumberFact {
            qualifier: Some("several".into()),
            base_value: 1000.0,
            value: 1000.0,
            ..blank
        };
        for unit in units {
            assert_eq!(normalised(&f, unit), normalised_formatted(&f, unit));
        }
        f.base_value = 1e6;
        assert_eq!(normalised(&f, "count"), normalised_formatted(&f, "count"));
        assert_eq!(group_key("money", "USD", "aid"), "money\tUSD\taid");
        assert!(n > 10_000);
    }

    /// A figure of article "a" with this label, qualifier and value (its
    /// interval as `interval` gives it), and nothing else.
    fn fact_of(label: &str, q: Option<&str>, v: f64) -> NumberFact {
        let (low, high) = interval(q, v);
        NumberFact {
            article: "a".into(),
            span: SpanRef {
                article: "a".into(),
                start: 0,
                end: 0,
            },
            text: String::new(),
            label: label.into(),
            qualifier: q.map(str::to_string),
            value: v,
            unit: String::new(),
            base_value: v,
            low,
            high,
            date: None,
            normalised: String::new(),
            head: None,
            context: String::new(),
            position: 0.0,
        }
    }

    #[test]
    fn intervals_decide_compatibility() {
        let fact = |q: Option<&str>, v: f64| fact_of("TIME", q, v);
        assert!(compatible(
            &fact(Some("more than"), 60.0),
            &fact(None, 90.0)
        ));
        assert!(compatible(&fact(Some("nearly"), 90.0), &fact(None, 90.0)));
        assert!(!compatible(&fact(Some("about"), 60.0), &fact(None, 90.0)));
        assert!(!compatible(
            &fact(Some("about"), 60.0),
            &fact(Some("nearly"), 90.0)
        ));
        assert!(compatible(&fact(Some("several"), 1e9), &fact(None, 66e9)));
        let human = |v: f64| {
            let mut s = String::new();
            push_human(&mut s, v);
            s
        };
        assert_eq!(human(66e9), "66 billion");
        assert_eq!(human(1.0 / 3.0), "0.333");
        assert_eq!(concept_of("uavs"), Some("drone"));
        // As looked up before words without a plural ending were left at
        // one look-up.
        let twice = |norm: &str| {
            let c = &lex().concept;
            c.get(norm).copied().or_else(|| {
                if norm.len() > 4 && norm.ends_with("ies") {
                    c.get(format!("{}y", &norm[..norm.len() - 3]).as_str())
                        .copied()
                } else {
                    c.get(singular(norm)).copied()
                }
            })
        };
        let mut words: Vec<String> = lex().concept.keys().map(|w| w.to_string()).collect();
        for w in words.clone() {
            for end in ["s", "es", "ies", "ss", "us", "ches", "xes", ""] {
                words.push(format!("{w}{end}"));
            }
        }
        words
            .extend(["", "s", "ss", "bus", "boxes", "ties", "flies", "é", "éss"].map(String::from));
        for w in &words {
            assert_eq!(concept_of(w), twice(w), "{w:?}");
        }
        assert_eq!(concept_of("casualties"), Some("casualty"));
        assert_eq!(own_concept("cities"), "city");
    }
}
