//! Pronoun antecedents by salience (after Lappin & Leass 1994).
//!
//! "He said" after "Trump spoke with Macron" means Trump: the pronoun
//! refers to the most salient entity, and the subject of a recent sentence
//! is more salient than the last name mentioned. The article is read in
//! order; every name mention and every third-person pronoun already
//! resolved is evidence for its entity (chain), scoring by recency (100,
//! 50, 25, 12, 6, 3, 2 for the pronoun's sentence and the six before),
//! +80 as a sentence or clause subject and +50 when not inside a
//! prepositional phrase; evidence adds up per entity, so a person carried
//! through a paragraph by "he … his … he" stays salient. Candidates must
//! agree: he/she with a person whose gender is not known to differ (given
//! names, honorifics, gendered titles, and the pronouns already resolved
//! to it), they with an organisation or group, it with an organisation or
//! place.

use super::chains::{Group, Local};
use super::doc::Doc;
use super::lexicon::{Gender, Lexicon};
use super::roles;
use crate::analysis::tokenize::Kind;

/// What a pronoun can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PronounClass {
    Male,
    Female,
    Plural,
    Neuter,
}

/// The class of a third-person pronoun (any case), `None` for others.
pub fn classify(pronoun: &str) -> Option<PronounClass> {
    // Called on every token: lowercase into a small buffer. The pronouns
    // are ASCII and no other character lowercases to one of their letters,
    // so a longer or non-ASCII word is none of them.
    let word = pronoun.trim();
    let mut buf = [0u8; 10];
    let lower = buf.get_mut(..word.len()).filter(|_| word.is_ascii())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    Some(match &*lower {
        b"he" | b"him" | b"his" | b"himself" => PronounClass::Male,
        b"she" | b"her" | b"hers" | b"herself" => PronounClass::Female,
        b"they" | b"them" | b"their" | b"theirs" | b"themselves" => PronounClass::Plural,
        b"it" | b"its" | b"itself" => PronounClass::Neuter,
        _ => return None,
    })
}

const PREPOSITIONS: [&str; 24] = [
    "to", "with", "by", "of", "for", "from", "about", "on", "at", "against", "between", "than",
    "over", "after", "before", "toward", "towards", "into", "like", "among", "under", "via",
    "through", "in",
];

/// Verbs that put their subject after them ("…, said Trump").
const INVERTED: [&str; 10] = [
    "said", "says", "added", "stated", "wrote", "asked", "noted", "warned", "insisted", "replied",
];

/// Whether tokens `[a, b)` (a mention, or a pronoun) look like the
/// subject of their clause, and whether they sit in a prepositional phrase.
pub(super) fn role_of(
    doc: &Doc,
    a: usize,
    b: usize,
    own: Option<usize>,
    lex: &Lexicon,
) -> (bool, bool) {
    if a >= b {
        return (false, false);
    }
    let mut a = a;
    if own.is_some() {
        if let Some(p) = roles::title_before(doc, a, own, lex) {
            a = doc.token_from(p.start).min(a);
        }
    }
    let floor = doc.sentence_start(a);
    let mut k = a;
    while k > floor && matches!(doc.kind(k - 1), Some(Kind::Quote | Kind::Dash)) {
        k -= 1;
    }
    if k > floor && doc.folded(k - 1) == "the" {
        k -= 1;
    }
    if k == floor {
        return (!doc.is_possessive(b), false);
    }
    let prev = doc.folded(k - 1);
    if PREPOSITIONS.contains(&prev) {
        return (false, true);
    }
    if INVERTED.contains(&prev) {
        return (true, false);
    }
    let clause_start = matches!(doc.word(k - 1), "," | ";" | ":" | "(")
        || matches!(
            prev,
            "but" | "while" | "as" | "when" | "because" | "after" | "although" | "that" | "and"
        );
    if clause_start && !doc.is_possessive(b) {
        let next = doc.word(b);
        let verbish = next.chars().next().is_some_and(char::is_lowercase)
            && doc.kind(b) == Some(Kind::Word)
            && !PREPOSITIONS.contains(&next);
        return (verbish, false);
    }
    (false, false)
}

fn agrees(class: PronounClass, group: Group, gender: Option<Gender>) -> bool {
    match class {
        PronounClass::Male => group == Group::Person && gender != Some(Gender::Female),
        PronounClass::Female => group == Group::Person && gender != Some(Gender::Male),
        PronounClass::Plural => matches!(group, Group::Org | Group::Norp),
        PronounClass::Neuter => matches!(group, Group::Org | Group::Place),
    }
}

/// Recency weights by sentence distance.
const RECENCY: [i64; 7] = [100, 50, 25, 12, 6, 3, 2];

/// One piece of evidence for a chain: where, and its salience bonus.
struct Evidence {
    chain: usize,
    sentence: usize,
    bonus: i64,
}

/// At most this many of the most recent pieces of evidence are weighed for
/// one pronoun. Seven sentences of news hold a few dozen; the cap only
/// keeps a run-on "sentence" of thousands of names and pronouns linear.
const MAX_EVIDENCE: usize = 256;

/// Something the reader meets in text order: a name mention (in a chain)
/// or a third-person pronoun token outside mentions.
enum Ev {
    Name(usize),
    Pronoun(usize, PronounClass),
}

/// The events of the article before byte `at`, in text order: name
/// mentions ending by `at`, pronoun tokens starting before it.
fn events(doc: &Doc, local: &Local, at: usize) -> Vec<(usize, Ev)> {
    let mut events: Vec<(usize, Ev)> = Vec::new();
    for (mi, (start, end)) in doc.mention_spans().enumerate() {
        if end <= at && local.chain_of.get(mi).copied().flatten().is_some() {
            events.push((start, Ev::Name(mi)));
        }
    }
    let last = doc.token_from(at);
    for t in 0..last.min(doc.tokens.len()) {
        if doc.mention_at[t].is_some() {
            continue;
        }
        if let Some(c) = classify(doc.word(t)) {
            events.push((doc.tokens[t].start, Ev::Pronoun(t, c)));
        }
    }
    crate::sort::by_key(&mut events, |e| e.0);
    events
}

/// The reader's state after some events: evidence so far and the genders
/// learnt from pronouns.
struct Salience {
    evidence: Vec<Evidence>,
    genders: Vec<Option<Gender>>,
}

impl Salience {
    fn new(local: &Local) -> Salience {
        Salience {
            evidence: Vec::new(),
            genders: local.chains.iter().map(|c| c.gender).collect(),
        }
    }

    /// The most salient chain agreeing with `class` for a pronoun in
    /// sentence `s`.
    fn choose(&self, local: &Local, s: usize, class: PronounClass) -> Option<usize> {
        let mut scores: Vec<(usize, i64)> = Vec::new();
        for e in self.evidence.iter().rev().take(MAX_EVIDENCE) {
            if e.sentence > s {
                continue;
            }
            let d = s - e.sentence;
            if d >= RECENCY.len() {
                break;
            }
            let c = &local.chains[e.chain];
            if !agrees(class, c.group, self.genders[e.chain]) {
                continue;
            }
            let w = RECENCY[d] + e.bonus;
            match scores.iter_mut().find(|x| x.0 == e.chain) {
                Some(x) => x.1 += w,
                None => scores.push((e.chain, w)),
            }
        }
        // Ties go to the entity with the most recent evidence (pushed first).
        scores.into_iter().rev().max_by_key(|x| x.1).map(|x| x.0)
    }

    /// Read one event: a name is evidence for its chain; a pronoun is
    /// resolved and then evidence for the chain it resolved to.
    fn read(&mut self, doc: &Doc, local: &Local, ev: &Ev, lex: &Lexicon) {
        match *ev {
            Ev::Name(mi) => {
                let Some(ci) = local.chain_of[mi] else {
                    return;
                };
                let (a, b) = doc.mention_tokens[mi];
                let (subject, oblique) = role_of(doc, a, b, Some(mi), lex);
                self.evidence.push(Evidence {
                    chain: ci,
                    sentence: doc.sentence_at(doc.mention_start(mi)),
                    bonus: if subject { 80 } else { 0 } + if oblique { 0 } else { 50 },
                });
            }
            Ev::Pronoun(t, c) => {
                let s = doc.sentence_of.get(t).copied().unwrap_or(0);
                let Some(ci) = self.choose(local, s, c) else {
                    return;
                };
                let g = &mut self.genders[ci];
                match c {
                    PronounClass::Male => *g = g.or(Some(Gender::Male)),
                    PronounClass::Female => *g = g.or(Some(Gender::Female)),
                    _ => {}
                }
                let (subject, oblique) = role_of(doc, t, t + 1, None, lex);
                self.evidence.push(Evidence {
                    chain: ci,
                    sentence: s,
                    bonus: if subject { 80 } else { 0 } + if oblique { 0 } else { 50 },
                });
            }
        }
    }
}

/// Resolve the pronouns of the article in order, up to and including a
/// pronoun of class `class` at byte `at`; returns that pronoun's chain.
fn resolve_at(
    doc: &Doc,
    local: &Local,
    at: usize,
    class: PronounClass,
    lex: &Lexicon,
) -> Option<usize> {
    let mut sal = Salience::new(local);
    for (_, ev) in events(doc, local, at) {
        sal.read(doc, local, &ev, lex);
    }
    sal.choose(local, doc.sentence_at(at), class)
}

/// The mention a pronoun at byte `at` refers to: the most recent mention
/// before `at` of the most salient agreeing entity. `None` for
/// first/second-person pronouns, or when nothing agrees within seven
/// sentences.
pub fn antecedent(
    doc: &Doc,
    local: &Local,
    at: usize,
    pronoun: &str,
    lex: &Lexicon,
) -> Option<usize> {
    let class = classify(pronoun)?;
    let ci = resolve_at(doc, local, at, class, lex)?;
    latest_before(doc, local, ci, at)
}

/// The most recent mention of chain `ci` starting before `at`.
fn latest_before(doc: &Doc, local: &Local, ci: usize, at: usize) -> Option<usize> {
    local
        .chains
        .get(ci)?
        .mentions
        .iter()
        .copied()
        .filter(|&m| doc.mention_start(m) < at)
        .max_by_key(|&m| doc.mention_start(m))
}

/// [`antecedent`] for many pronouns of one article: the article is read
/// once, so queries in text order cost linear time in all (a query before
/// the previous one starts over). Answers are those of [`antecedent`].
pub struct Resolver {
    events: Vec<(usize, Ev)>,
    /// Events read into `sal` so far.
    read: usize,
    sal: Salience,
}

impl Resolver {
    pub fn new(doc: &Doc, local: &Local) -> Resolver {
        Resolver {
            events: events(doc, local, usize::MAX),
            read: 0,
            sal: Salience::new(local),
        }
    }

    pub fn antecedent(
        &mut self,
        doc: &Doc,
        local: &Local,
        at: usize,
        pronoun: &str,
        lex: &Lexicon,
    ) -> Option<usize> {
        let class = classify(pronoun)?;
        // The events before `at` are a prefix of all events unless a name
        // mention straddles `at` (it counts only once it has ended).
        let straddled = !doc.mentions_sorted || {
            let k = doc.mention_partition(|start, _| start < at);
            k.checked_sub(1)
                .and_then(|k| doc.mention_span(k))
                .is_some_and(|(_, end)| end > at)
        };
        if straddled {
            return antecedent(doc, local, at, pronoun, lex);
        }
        let read_past = self.read > 0 && self.events[self.read - 1].0 >= at;
        if read_past {
            self.read = 0;
            self.sal = Salience::new(local);
        }
        while let Some((pos, ev)) = self.events.get(self.read) {
            if *pos >= at {
                break;
            }
            self.sal.read(doc, local, ev, lex);
            self.read += 1;
        }
        let ci = self.sal.choose(local, doc.sentence_at(at), class)?;
        // Chains list their mentions in text order: binary search.
        let chain = &local.chains.get(ci)?.mentions;
        let k =
            chain.partition_point(|&m| doc.mention_span(m).is_some_and(|(start, _)| start < at));
        match k.checked_sub(1).and_then(|k| chain.get(k)) {
            Some(&m) if doc.mentions_sorted => Some(m),
            _ => latest_before(doc, local, ci, at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::chains::build;
    use super::*;

    use super::super::fixtures::mentions as setup;

    fn resolve(
        text: &str,
        spans: &[(&str, &str)],
        pronoun_at: &str,
        pronoun: &str,
    ) -> Option<String> {
        let m = setup(text, spans);
        let d = Doc::from_parts(text, &[], &m);
        let lex = Lexicon::get();
        let l = build(&d, lex);
        let at = text.rfind(pronoun_at).expect("pronoun");
        antecedent(&d, &l, at, pronoun, lex).map(|i| text[m[i].start..m[i].end].to_string())
    }

    #[test]
    fn the_subject_wins_over_the_last_named_person() {
        let got = resolve(
            "Omar Haddad spoke with Piet de Vries on Tuesday. He said the talks went well.",
            &[("Omar Haddad", "PERSON"), ("Piet de Vries", "PERSON")],
            "He said",
            "He",
        );
        assert_eq!(got.as_deref(), Some("Omar Haddad"));
    }

    #[test]
    fn gender_agreement_skips_the_subject() {
        let got = resolve(
            "Omar Haddad met Maria Lopez. She said the talks went well.",
            &[("Omar Haddad", "PERSON"), ("Maria Lopez", "PERSON")],
            "She said",
            "She",
        );
        assert_eq!(got.as_deref(), Some("Maria Lopez"));
    }

    #[test]
    fn they_finds_an_organisation() {
        let got = resolve(
            "The Grain Board met Omar Haddad. They said prices would fall.",
            &[("Grain Board", "ORG"), ("Omar Haddad", "PERSON")],
            "They said",
            "They",
        );
        assert_eq!(got.as_deref(), Some("Grain Board"));
    }

    #[test]
    fn first_person_and_distant_mentions_give_nothing() {
        assert!(resolve(
            "Omar Haddad spoke. I agree.",
            &[("Omar Haddad", "PERSON")],
            "I agree",
            "I"
        )
        .is_none());
        let far = "Omar Haddad spoke. Rain fell. Wind blew. Roads closed. Shops shut. Cars stopped. Lights failed. Trains waited. He left.";
        assert!(resolve(far, &[("Omar Haddad", "PERSON")], "He left", "he").is_none());
    }
}
