//! Who "he", "she", "the ministry" and "officials" are: the antecedent
//! mention of a pronoun or nominal speaker.
//!
//! Pronouns go to the most recent *salient* mention — a sentence subject or
//! an earlier quote's speaker — with agreeing gender and number, not simply
//! the last name in the text ("Trump spoke to Putin. He said …" → Trump).
//! Only when no subject agrees does the most recent agreeing mention win.
//! Nominals go to an earlier organisation whose name holds the head word
//! ("the ministry" → "the Russian Defense Ministry"), to a person introduced
//! with that title ("the president" → "President Donald Trump"), or, for
//! people speaking together ("officials"), to the organisation that spoke
//! last. When nothing fits, the speaker stays unresolved (`None`).

use super::doc::{Doc, Label};
use super::lexicon::{Gender, Nominal};
use super::speaker::{Head, Np};

/// Salient mentions in text order: sentence subjects and quote speakers.
#[derive(Debug, Default)]
pub struct Salience {
    /// (token position, mention index).
    entries: Vec<(usize, usize)>,
}

/// How far back (in sentences) a pronoun looks for its antecedent.
const PRONOUN_WINDOW: usize = 6;
/// How far back (in sentences) "officials" looks for an organisation.
const GROUP_WINDOW: usize = 3;
/// Most mentions looked at for one pronoun: news has a few dozen in three
/// sentences; a run-on "sentence" of thousands stays linear.
const MAX_SCAN: usize = 1024;

impl Salience {
    /// Sentence subjects of `doc`: the first mention of a sentence when only
    /// its own modifiers (titles, determiners, capitalised words) or an
    /// introductory phrase ending in a comma come before it, and it is not a
    /// possessor ("Putin's spokesman").
    pub fn subjects(doc: &Doc) -> Salience {
        let mut entries = Vec::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            let r = s.tokens.clone();
            let Some(first) = r
                .clone()
                .find(|&k| !doc.in_quote(k) && doc.mention_at(k).is_some())
            else {
                continue;
            };
            let Some(mi) = doc.mention_of.get(first).copied().flatten() else {
                continue;
            };
            // The first mention may only modify the head of the phrase
            // ("Former Russian President Dmitry Medvedev", "Defense
            // Secretary Pete Hegseth"): take the last name of the run.
            let mut mi = mi;
            let mut k = doc.mentions[mi].tok.end;
            while k < r.end && k < doc.mentions[mi].tok.end + 4 {
                if let Some(n) = doc.mention_of.get(k).copied().flatten() {
                    if doc.mentions[n].label.speaks() || doc.mentions[mi].label == Label::Role {
                        mi = n;
                    }
                    k = doc.mentions[n].tok.end.max(k + 1);
                } else if doc.lex.titles.contains_key(doc.word(k))
                    || (doc.capitalised(k) && doc.is_word(k))
                {
                    k += 1;
                } else {
                    break;
                }
            }
            let m = &doc.mentions[mi];
            if !m.label.speaks() || doc.word(m.tok.end) == "'s" {
                continue;
            }
            let before_ok = (r.start..first).all(|k| {
                let w = doc.word(k);
                doc.lex.titles.contains_key(w)
                    || doc.lex.determiners.contains(w)
                    || (doc.capitalised(k) && !doc.lex.stop.contains(w))
                    || doc.mention_at(k).is_some()
                    || w == "'s"
            });
            let intro = first > r.start && doc.word(first - 1) == "," && first - r.start <= 12;
            if before_ok || intro {
                entries.push((m.tok.start, mi));
            }
            let _ = si;
        }
        Salience { entries }
    }

    /// Record a speaker mention (a quote's speaker is salient).
    pub fn add(&mut self, pos: usize, mention: usize) {
        let at = self.entries.partition_point(|&(p, _)| p <= pos);
        if self.entries.get(at.wrapping_sub(1)) != Some(&(pos, mention)) {
            self.entries.insert(at, (pos, mention));
        }
    }

    /// The subject of the sentence spanning `sent` that precedes token
    /// `before`, as a speaker phrase.
    pub fn subject_np(&self, doc: &Doc, sent: std::ops::Range<usize>, before: usize) -> Option<Np> {
        let &(_, mi) = self
            .entries
            .iter()
            .find(|&&(p, _)| p >= sent.start && p < before.min(sent.end))?;
        let m = doc.mentions.get(mi)?;
        Some(Np {
            tok: m.tok.clone(),
            head_tok: m.tok.clone(),
            head: Head::Mention(mi),
        })
    }

    fn before(&self, pos: usize) -> impl Iterator<Item = &(usize, usize)> {
        let at = self.entries.partition_point(|&(p, _)| p < pos);
        self.entries[..at].iter().rev()
    }
}

/// Mentions ending at or before token `pos`, most recent first.
fn mentions_before<'d>(
    doc: &'d Doc,
    pos: usize,
) -> impl Iterator<Item = (usize, &'d super::doc::Ment)> + 'd {
    let at = doc.mentions.partition_point(|m| m.tok.end <= pos);
    doc.mentions[..at].iter().enumerate().rev()
}

fn agrees(doc: &Doc, mi: usize, g: Gender) -> bool {
    let m = &doc.mentions[mi];
    match g {
        Gender::Male | Gender::Female => {
            matches!(m.label, Label::Person | Label::Name)
                && (m.gender == g || m.gender == Gender::Unknown)
        }
        Gender::Neuter => {
            matches!(m.label, Label::Org | Label::Place)
                || (m.label == Label::Name && m.gender == Gender::Unknown)
        }
        Gender::Plural => matches!(m.label, Label::Org | Label::Place | Label::Group),
        Gender::Unknown => false,
    }
}

/// The mention a pronoun or nominal speaker phrase refers to.
pub fn resolve(doc: &Doc, np: &Np, sal: &Salience, last_speaker: Option<usize>) -> Option<usize> {
    let pos = np.tok.start;
    let sent = doc.sent_of.get(pos).copied().unwrap_or(0);
    let within = |p: usize, window: usize| doc.sent_of.get(p).is_some_and(|&s| s + window >= sent);
    match &np.head {
        Head::Mention(mi) => Some(*mi),
        Head::Pronoun(g) => {
            let g = *g;
            if g == Gender::Unknown {
                return None;
            }
            let window = if g == Gender::Plural {
                2
            } else {
                PRONOUN_WINDOW
            };
            if let Some(&(_, mi)) = sal
                .before(pos)
                .take(64)
                .take_while(|&&(p, _)| within(p, window))
                .find(|&&(_, mi)| agrees(doc, mi, g))
            {
                return Some(mi);
            }
            if g == Gender::Plural {
                return None;
            }
            // No agreeing subject: the most recent agreeing mention nearby.
            // (The window comes first: mentions inside quotes are skipped
            // without scanning the whole article back to its start.)
            mentions_before(doc, pos)
                .take_while(|(_, m)| within(m.tok.start, 3))
                .take(MAX_SCAN)
                .filter(|(_, m)| !doc.in_quote(m.tok.start))
                .take(64)
                .find(|&(mi, _)| agrees(doc, mi, g))
                .map(|(mi, _)| mi)
        }
        Head::Nominal(Nominal::Org(head)) => {
            let word = head.clone().or_else(|| {
                np.head_tok
                    .end
                    .checked_sub(1)
                    .map(|k| doc.word(k).to_string())
            })?;
            mentions_before(doc, pos)
                .take(400)
                .filter(|(_, m)| matches!(m.label, Label::Org | Label::Name))
                .find(|(_, m)| m.tok.clone().any(|k| doc.word(k) == word))
                .map(|(mi, _)| mi)
        }
        Head::Nominal(Nominal::Person(_)) => {
            let head = doc.word(np.head_tok.end.checked_sub(1)?).to_string();
            let modifiers: Vec<String> = np
                .tok
                .clone()
                .filter(|&k| doc.capitalised(k) && !doc.lex.determiners.contains(doc.word(k)))
                .map(|k| doc.word(k).to_string())
                .filter(|w| *w != head)
                .collect();
            mentions_before(doc, pos)
                .take(400)
                .filter(|(_, m)| matches!(m.label, Label::Person | Label::Name))
                .find(|(_, m)| {
                    let lo = m.tok.start.saturating_sub(5);
                    let window: Vec<&str> = (lo..m.tok.start).map(|k| doc.word(k)).collect();
                    window.contains(&head.as_str())
                        && modifiers.iter().all(|x| window.contains(&x.as_str()))
                })
                .map(|(mi, _)| mi)
        }
        Head::Nominal(Nominal::Group) => {
            let mi = last_speaker?;
            let m = doc.mentions.get(mi)?;
            (matches!(m.label, Label::Org) && within(m.tok.start, GROUP_WINDOW)).then_some(mi)
        }
        Head::Generic => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Mention;

    fn ment(t: &str, s: &str, label: &str) -> Mention {
        let start = t.find(s).unwrap_or(0);
        Mention {
            start,
            end: start + s.len(),
            label: label.into(),
            entity: None,
        }
    }

    #[test]
    fn the_subject_wins_over_the_last_name() {
        let t = "Anna Weber met Carlos Ruiz on Monday. He said nothing.";
        let ms = vec![
            ment(t, "Anna Weber", "PERSON"),
            ment(t, "Carlos Ruiz", "PERSON"),
        ];
        let d = Doc::new(t, &[], &ms);
        let sal = Salience::subjects(&d);
        let he = d.find_word("he").unwrap_or(0);
        let np = Np {
            tok: he..he + 1,
            head_tok: he..he + 1,
            head: Head::Pronoun(Gender::Male),
        };
        // Anna is the subject but female: the agreeing mention wins.
        assert_eq!(resolve(&d, &np, &sal, None), Some(1));
        let t = "Tom Price spoke with John Hale on Monday. He said nothing.";
        let ms = vec![
            ment(t, "Tom Price", "PERSON"),
            ment(t, "John Hale", "PERSON"),
        ];
        let d = Doc::new(t, &[], &ms);
        let sal = Salience::subjects(&d);
        let he = d.find_word("he").unwrap_or(0);
        let np = Np {
            tok: he..he + 1,
            head_tok: he..he + 1,
            head: Head::Pronoun(Gender::Male),
        };
        assert_eq!(resolve(&d, &np, &sal, None), Some(0));
    }
}
