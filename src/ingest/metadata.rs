//! Article metadata read from the text itself: title, outlet, date, byline.
//!
//! Each value comes with its [`Provenance`] (the span that states it), so the
//! user can check it; a value the text does not state stays `None`. Sources,
//! in order of trust: credit lines ("X contributed to this report for Y",
//! "Reporting by X"), datelines ("KYIV (Reuters) -"), "By X" bylines, date
//! headers ("date 2025-02-13", "Published: Feb. 13, 2025"), "Read Full
//! Article at X", a trailing "A/B" credit line of the file, the file name.

use super::lines::{self, is_headline, word_count, words_up_to};
use super::phrases::Phrases;
use crate::report::Provenance;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Metadata found for one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub byline: Option<String>,
    pub provenance: BTreeMap<String, Provenance>,
}

impl Meta {
    fn set(&mut self, field: &str, value: String, span: Option<[usize; 2]>, rule: &str) {
        let slot = match field {
            "title" => &mut self.title,
            "outlet" => &mut self.outlet,
            "date" => &mut self.date,
            _ => &mut self.byline,
        };
        if slot.is_some() || value.trim().is_empty() {
            return;
        }
        *slot = Some(value.trim().to_string());
        let from = if span.is_some() { "text" } else { "file_name" };
        self.provenance.insert(
            field.to_string(),
            Provenance {
                from: from.into(),
                span,
                rule: rule.into(),
            },
        );
    }
}

/// Phrases looked for in every line, in either case: a credit line, and
/// the links to the full article (which name the site after them).
const CONTRIBUTED: &str = " contributed to this report";
const REPORTING_BY: &str = "reporting by ";
const FULL_ARTICLE: [&str; 5] = [
    "read full article at ",
    "read the full article at ",
    "read the full story at ",
    "originally appeared on ",
    "originally published on ",
];

/// The phrases above in one automaton: every line is scanned once for all
/// of them, not once per phrase. Numbered `CONTRIBUTED`, `REPORTING_BY`,
/// then `FULL_ARTICLE`. Searched for in the text in ASCII lower case
/// (matching either case), where the automaton can skip quickly over
/// lines that hold none of them.
fn line_phrases() -> &'static Phrases {
    static PHRASES: OnceLock<Phrases> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut all = vec![CONTRIBUTED, REPORTING_BY];
        all.extend(FULL_ARTICLE);
        Phrases::new(&all, false)
    })
}

/// Read metadata from one article's text (offsets relative to it).
/// `markdown` strips `#` from a heading title.
pub fn read(text: &str, markdown: bool) -> Meta {
    let mut m = Meta::default();
    let lines: Vec<_> = lines::lines(text)
        .into_iter()
        .filter(|l| !l.is_blank())
        .collect();
    // Where each phrase first occurs in each trimmed line (what `find_ci`
    // gives), `per_line` entries a line: found in the text lower-cased
    // once (ASCII lower case keeps every byte offset).
    let phrases = line_phrases();
    let per_line = 2 + FULL_ARTICLE.len();
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::with_capacity(lines.len() * per_line);
    let mut in_line = Vec::new();
    for l in &lines {
        let [s, e] = l.content_span();
        phrases.first_at(lower.get(s..e).unwrap_or(""), &mut in_line);
        found.extend_from_slice(&in_line);
    }
    let found_in = |k: usize| &found[k * per_line..(k + 1) * per_line];

    // Title: the first line, when it reads as a headline.
    if let Some(first) = lines.first() {
        let t = first.trimmed();
        let md = markdown && t.starts_with('#');
        let title = if md {
            t.trim_start_matches('#').trim()
        } else {
            t
        };
        if (md || is_headline(title)) && !is_byline_or_date_line(title) && !title.is_empty() {
            let [s, e] = first.content_span();
            let off = t.len() - title.len();
            m.set(
                "title",
                title.to_string(),
                Some([s + off, e]),
                if md { "Markdown heading" } else { "first line" },
            );
        }
    }

    // Credit lines anywhere: outlet and byline.
    for (k, l) in lines.iter().enumerate() {
        let t = l.trimmed();
        let found = found_in(k);
        if let Some((who, whom, who_at, whom_at)) = found[0].and_then(|_| contributed(t)) {
            let base = l.content_span()[0];
            m.set(
                "outlet",
                whom.to_string(),
                Some([base + whom_at, base + whom_at + whom.len()]),
                "credit line",
            );
            m.set(
                "byline",
                who.to_string(),
                Some([base + who_at, base + who_at + who.len()]),
                "credit line",
            );
        }
        if let Some(at) = found[1] {
            let rest = &t[at + REPORTING_BY.len()..];
            let piece = rest.split([';', '.']).next().unwrap_or("");
            // The span starts where the names do, after any extra spaces.
            let lead = piece.len() - piece.trim_start().len();
            let names = piece.trim();
            if !names.is_empty() && word_count(names) <= 12 {
                let s = l.content_span()[0] + at + REPORTING_BY.len() + lead;
                m.set(
                    "byline",
                    names.to_string(),
                    Some([s, s + names.len()]),
                    "credit line",
                );
            }
        }
    }

    // Header area: bylines, dates, datelines in the first lines.
    for l in lines.iter().take(6) {
        let t = l.trimmed();
        let base = l.content_span()[0];
        if let Some((names, at)) = by_line(t) {
            m.set(
                "byline",
                names.to_string(),
                Some([base + at, base + at + names.len()]),
                "byline",
            );
        }
        if let Some((iso, at, len)) = header_date(t) {
            m.set("date", iso, Some([base + at, base + at + len]), "date line");
        }
        if let Some((agency, at)) = dateline_agency(t) {
            m.set(
                "outlet",
                outlet_name(agency).unwrap_or(agency).to_string(),
                Some([base + at, base + at + agency.len()]),
                "dateline",
            );
        }
    }
    // Dates stated at the foot ("Published February 13, 2025").
    for l in lines.iter().rev().take(2) {
        if let Some((iso, at, len)) = header_date(l.trimmed()) {
            let base = l.content_span()[0];
            m.set("date", iso, Some([base + at, base + at + len]), "date line");
        }
    }
    // "Read Full Article at RT.com."
    for (k, l) in lines.iter().enumerate() {
        let t = l.trimmed();
        for (phrase, &found) in FULL_ARTICLE.iter().zip(&found_in(k)[2..]) {
            if let Some(at) = found {
                let after = &t[at + phrase.len()..];
                let lead = after.len() - after.trim_start().len();
                let site = after.trim().trim_end_matches(['.', ')']).trim();
                if !site.is_empty() && word_count(site) <= 5 {
                    let s = l.content_span()[0] + at + phrase.len() + lead;
                    let name = outlet_name(site)
                        .map(str::to_string)
                        .unwrap_or_else(|| site.to_string());
                    m.set(
                        "outlet",
                        name,
                        Some([s, s + site.len()]),
                        "link to the full article",
                    );
                }
            }
        }
    }
    m
}

/// "Thomas Evans contributed to this report for TROIB News" →
/// (who, for whom, offsets).
fn contributed(t: &str) -> Option<(&str, &str, usize, usize)> {
    let at = find_ci(t, CONTRIBUTED)?;
    let who = t[..at].trim();
    let who = who.rsplit(['.', ';']).next().unwrap_or(who).trim();
    if who.is_empty() || word_count(who) > 8 {
        return None;
    }
    let who_at = t[..at].rfind(who)?;
    let rest = &t[at + CONTRIBUTED.len()..];
    let for_at = find_ci(rest, "for ")?;
    if rest[..for_at].trim().is_empty() {
        let whom = rest[for_at + 4..].trim().trim_end_matches('.').trim();
        let whom_at = at
            + CONTRIBUTED.len()
            + for_at
            + 4
            + (rest[for_at + 4..].len() - rest[for_at + 4..].trim_start().len());
        if !whom.is_empty() && word_count(whom) <= 6 {
            return Some((who, whom, who_at, whom_at));
        }
    }
    None
}

/// "By Jane Doe and John Roe | Feb 13, 2025" → ("Jane Doe and John Roe", 3).
fn by_line(t: &str) -> Option<(&str, usize)> {
    let rest = t.strip_prefix("By ").or_else(|| t.strip_prefix("BY "))?;
    // Where the names start: after "By " and any further spaces.
    let at = 3 + rest.len() - rest.trim_start().len();
    let names = rest.split(['|', ',', '•', '—', '–']).next()?.trim();
    let names = names.split(" on ").next()?.trim();
    let ok = !names.is_empty()
        && word_count(names) <= 10
        && names
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase) || w == "and" || w == "&");
    ok.then_some((names, at))
}

/// A trailing credit such as `Reuters/RT`, `AP`, `(c) Reuters`.
pub fn is_credit_line(t: &str) -> bool {
    credit_names(t).is_some()
}

/// Names in a credit line: `Reuters/RT` → [Reuters, RT]; a lone known
/// outlet name → [it].
pub fn credit_names(t: &str) -> Option<Vec<String>> {
    let t = t
        .trim()
        .trim_start_matches(['(', '©'])
        .trim_end_matches(')')
        .trim();
    let t = t.strip_prefix("(c)").unwrap_or(t).trim();
    // The closing mark first: it rules out most lines (this is asked of
    // every line) without counting words.
    if t.is_empty() || t.ends_with(['.', '!', '?', ':']) || words_up_to(t, 6) > 6 {
        return None;
    }
    let names: Vec<&str> = t.split('/').map(str::trim).collect();
    let proper = |n: &str| {
        !n.is_empty()
            && word_count(n) <= 3
            && n.split_whitespace()
                .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
    };
    if names.len() >= 2 && names.iter().all(|n| proper(n)) {
        return Some(
            names
                .iter()
                .map(|n| outlet_name(n).unwrap_or(n).to_string())
                .collect(),
        );
    }
    outlet_name(t).map(|n| vec![n.to_string()])
}

/// True for lines that are only a byline or a date.
pub fn is_byline_or_date_line(t: &str) -> bool {
    by_line(t).is_some()
        || header_date(t).is_some_and(|(_, _, len)| word_count(t) <= 12 || len * 3 > t.len())
}

/// Date at the start of a header line: "date 2025-02-13 …", "Published:
/// Feb. 13, 2025", "February 13, 2025 10:31 GMT", "By X | 13 Feb 2025".
/// Returns (ISO date, offset, length) of the date itself.
fn header_date(t: &str) -> Option<(String, usize, usize)> {
    let mut at = 0;
    let mut keyed = false;
    for key in [
        "date",
        "dated",
        "published",
        "posted",
        "updated",
        "last updated",
        "first published",
    ] {
        if starts_with_ci(t, key) && t[key.len()..].starts_with([' ', ':']) {
            at = key.len();
            keyed = true;
            break;
        }
    }
    if at == 0 {
        if let Some((_, p)) = by_line(t) {
            // "By X | date"
            let sep = t[p..].find(['|', '•', '—', '–', ','])?;
            at = p + sep + t[p + sep..].chars().next()?.len_utf8();
        }
    }
    let rest = &t[at..];
    let skip = rest.len() - rest.trim_start_matches([' ', ':', '-']).len();
    let rest = &rest[skip..];
    let on = if starts_with_ci(rest, "on ") { 3 } else { 0 };
    let (iso, len) = parse_date(&rest[on..])?;
    // A bare date line must be mostly the date; a keyed one may run on.
    if at == 0 && word_count(t) > 8 {
        return None;
    }
    if keyed {
        // The header as a whole ("date 2025-02-13") states the date.
        return Some((iso, 0, at + skip + on + len));
    }
    Some((iso, at + skip + on, len))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Parse a date at the start of `s`: `2025-02-13`, `2025/02/13`,
/// `February 13, 2025`, `Feb. 13 2025`, `13 February 2025`, optionally after
/// a weekday. Returns (ISO `YYYY-MM-DD`, bytes consumed).
pub fn parse_date(s: &str) -> Option<(String, usize)> {
    let mut pos = 0;
    for wd in WEEKDAYS {
        if starts_with_ci(s, wd) {
            pos = wd.len();
            pos += s[pos..].len() - s[pos..].trim_start_matches([',', ' ']).len();
            break;
        }
    }
    let r = &s[pos..];
    let num = |x: &str| -> Option<(u32, usize)> {
        let n = x.chars().take_while(char::is_ascii_digit).count();
        (n > 0)
            .then(|| x[..n].parse().ok().map(|v| (v, n)))
            .flatten()
    };
    let month_at = |x: &str| -> Option<(u32, usize)> {
        let i = MONTHS.iter().position(|m| starts_with_ci(x, m))?;
        let n = x
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(x.len());
        let word = x[..n].to_ascii_lowercase();
        let word = word.as_str();
        let full = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ][i];
        let ok = word == MONTHS[i] || full.starts_with(word) || word == "sept";
        ok.then(|| (i as u32 + 1, n + usize::from(x[n..].starts_with('.'))))
    };
    let valid = |y: u32, m: u32, d: u32| {
        (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
    };
    let iso = |y: u32, m: u32, d: u32| format!("{y:04}-{m:02}-{d:02}");
    // ISO or y/m/d
    if let Some((y, n)) = num(r) {
        if n == 4 && r[n..].starts_with(['-', '/']) {
            let (m, n2) = num(&r[n + 1..])?;
            let sep = r[n + 1 + n2..].chars().next()?;
            if sep != '-' && sep != '/' {
                return None;
            }
            let (d, n3) = num(&r[n + 2 + n2..])?;
            let used = n + 2 + n2 + n3;
            return valid(y, m, d).then(|| (iso(y, m, d), pos + used));
        }
        // 13 February 2025
        if n <= 2 {
            let after = r[n..].trim_start();
            let gap = r.len() - n - after.len();
            let (m, mn) = month_at(after)?;
            let tail = &after[mn..];
            let tail_t = tail.trim_start_matches([' ', ',']);
            let (yy, yn) = num(tail_t)?;
            let used = n + gap + mn + (tail.len() - tail_t.len()) + yn;
            return (yn == 4 && valid(yy, m, y)).then(|| (iso(yy, m, y), pos + used));
        }
        return None;
    }
    // February 13, 2025
    let (m, mn) = month_at(r)?;
    let after = &r[mn..];
    let after_t = after.trim_start();
    let (d, dn) = num(after_t)?;
    let mut k = mn + (after.len() - after_t.len()) + dn;
    let tail = &r[k..];
    let tail = tail
        .strip_prefix("st")
        .or(tail.strip_prefix("nd"))
        .or(tail.strip_prefix("rd"))
        .or(tail.strip_prefix("th"))
        .unwrap_or(tail);
    k = r.len() - tail.len();
    let tail_t = tail.trim_start_matches([' ', ',']);
    let (y, yn) = num(tail_t)?;
    k += tail.len() - tail_t.len() + yn;
    (yn == 4 && valid(y, m, d)).then(|| (iso(y, m, d), pos + k))
}

/// "KYIV (Reuters) - …" / "LONDON, Feb 13 (AP) — …" → the agency.
fn dateline_agency(t: &str) -> Option<(&str, usize)> {
    let open = t.find('(')?;
    if open == 0 || open > 60 {
        return None;
    }
    let place = &t[..open];
    if !place.trim().chars().next().is_some_and(char::is_uppercase)
        || place.chars().filter(|c| c.is_lowercase()).count() > place.len() / 2
    {
        return None;
    }
    let close = open + t[open..].find(')')?;
    let name = t[open + 1..close].trim();
    let after = t[close + 1..].trim_start();
    if !after.starts_with(['-', '–', '—']) || name.is_empty() || word_count(name) > 4 {
        return None;
    }
    Some((
        name,
        open + 1 + (t[open + 1..close].len() - t[open + 1..close].trim_start().len()),
    ))
}

/// Display name of a known outlet (`assets/lexicon/outlets.txt`), matching
/// any listed spelling while ignoring case, spaces, dots, hyphens and "the";
/// also matches a web address (`www.rt.com` → RT).
pub fn outlet_name(s: &str) -> Option<&'static str> {
    static TABLE: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut v = Vec::new();
        for line in include_str!("../../assets/lexicon/outlets.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let display = line.split('|').next().unwrap_or(line).trim();
            for alt in line.split('|') {
                v.push((outlet_key(alt), display));
            }
        }
        v
    });
    let lookup = |k: &str| table.iter().find(|(key, _)| key == k).map(|(_, d)| *d);
    if let Some(d) = lookup(&outlet_key(s)) {
        return Some(d);
    }
    // A web address: drop "www." and the top-level domain.
    let host = s.trim().to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if let Some(d) = lookup(&outlet_key(host)) {
        return Some(d);
    }
    let base = host
        .strip_suffix(".co.uk")
        .or_else(|| host.rsplit_once('.').map(|(b, _)| b))?;
    lookup(&outlet_key(base))
}

fn outlet_key(s: &str) -> String {
    let l = s.trim().to_lowercase();
    let l = l.strip_prefix("the ").unwrap_or(&l);
    l.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Outlet from a file name such as `01_fox-news.txt` (only a known outlet).
pub fn outlet_from_file_name(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let slug = stem
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['_', '-', ' ']);
    if slug.is_empty() {
        return None;
    }
    outlet_name(slug)
}

/// `s` starts with `prefix` (lower-case ASCII) in either case; the test
/// that lower-casing a copy of `s` would give.
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    // ASCII needle: lower-casing ASCII keeps byte offsets.
    hay.to_ascii_lowercase().find(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_many_forms() {
        assert_eq!(
            parse_date("2025-02-13 rest"),
            Some(("2025-02-13".into(), 10))
        );
        assert_eq!(parse_date("February 13, 2025").unwrap().0, "2025-02-13");
        assert_eq!(parse_date("Feb. 13 2025").unwrap().0, "2025-02-13");
        assert_eq!(parse_date("13 February 2025").unwrap().0, "2025-02-13");
        assert_eq!(
            parse_date("Wednesday, July 16, 2018").unwrap().0,
            "2018-07-16"
        );
        assert_eq!(parse_date("2025-13-45"), None);
        assert_eq!(parse_date("Marching 13, 2025"), None);
        assert_eq!(parse_date("May 2025"), None);
    }

    #[test]
    fn date_header_at_start_of_body_line() {
        let t = " date 2025-02-13 U.S. officials announced on Wednesday that talks would start.";
        let m = read(t, false);
        assert_eq!(m.date.as_deref(), Some("2025-02-13"));
        let [s, e] = m.provenance["date"].span.unwrap();
        assert_eq!(&t[s..e], "date 2025-02-13");
        assert_eq!(m.title, None, "a body line is not a title");
    }

    #[test]
    fn dates_inside_the_body_are_not_the_article_date() {
        let t = "Leaders Meet Again\nThe two met in Helsinki on July 16, 2018, and again later in the year.";
        assert_eq!(read(t, false).date, None);
    }

    #[test]
    fn credit_line_gives_outlet_and_byline() {
        let t = "Some Headline Here\nBody text of the story.\n\nJane Roe contributed to this report for Example News";
        let m = read(t, false);
        assert_eq!(m.outlet.as_deref(), Some("Example News"));
        assert_eq!(m.byline.as_deref(), Some("Jane Roe"));
        let [s, e] = m.provenance["outlet"].span.unwrap();
        assert_eq!(&t[s..e], "Example News");
    }

    #[test]
    fn reporting_by_span_skips_extra_spaces() {
        // Found by fuzzing: the span was one byte early, ending inside "»".
        let t = "00ByReporting by  00000000000rintto»";
        let m = read(t, false);
        let [s, e] = m.provenance["byline"].span.unwrap();
        assert_eq!(&t[s..e], "00000000000rintto»");
        assert_eq!(m.byline.as_deref(), Some("00000000000rintto»"));
        // The same with the other spans read after a phrase.
        let t = "Héadline Words Here\nBy  Jöhn Roe\n\nText. Read Full Article at  Ẍample.org";
        let m = read(t, false);
        for field in ["byline", "outlet"] {
            let [s, e] = m.provenance[field].span.unwrap();
            assert_eq!(
                t.get(s..e),
                Some(if field == "byline" {
                    "Jöhn Roe"
                } else {
                    "Ẍample.org"
                })
            );
        }
    }

    #[test]
    fn read_full_article_names_the_site() {
        let m = read(
            "Headline Words Here\n\nSummary sentence. Read Full Article at RT.com.\n",
            false,
        );
        assert_eq!(m.outlet.as_deref(), Some("RT"));
        let m = read(
            "Headline Words Here\n\nSummary. Read Full Article at example.org\n",
            false,
        );
        assert_eq!(m.outlet.as_deref(), Some("example.org"));
    }

    #[test]
    fn bylines_and_datelines() {
        let m = read("A Headline For Tests\nBy Jane Doe and John Roe | Feb 13, 2025\nKYIV (Reuters) - Text follows here.", false);
        assert_eq!(m.byline.as_deref(), Some("Jane Doe and John Roe"));
        assert_eq!(m.date.as_deref(), Some("2025-02-13"));
        assert_eq!(m.outlet.as_deref(), Some("Reuters"));
    }

    #[test]
    fn credit_names_and_outlets() {
        assert_eq!(
            credit_names("Reuters/RT"),
            Some(vec!["Reuters".to_string(), "RT".to_string()])
        );
        assert_eq!(
            credit_names("AP"),
            Some(vec!["Associated Press".to_string()])
        );
        assert_eq!(credit_names("Peace through strength."), None);
        assert_eq!(credit_names("Kyiv"), None);
        assert_eq!(
            outlet_from_file_name("bundle/01_fox-news.txt"),
            Some("Fox News")
        );
        assert_eq!(
            outlet_from_file_name("00_new-york-times.txt"),
            Some("New York Times")
        );
        assert_eq!(outlet_from_file_name("003_0881abacc9ad58af.txt"), None);
        assert_eq!(outlet_name("www.nytimes.com"), Some("New York Times"));
    }

    #[test]
    fn no_title_from_a_label_line() {
        assert_eq!(
            read("KEY POINTS\n- A point.\nBody text here.", false).title,
            None
        );
        assert_eq!(
            read("# Heading One\n\nBody.", true).title.as_deref(),
            Some("Heading One")
        );
    }
}
