//! The alias table: which entity a role description points to.
//!
//! Each person entity gets a profile from the titles and appositives next
//! to its names in every article ("Russian President" → russia/president,
//! "Kremlin Press Secretary" → russia/spokesperson, "U.S. Defense
//! Secretary" → united states/defense_minister). A nominal mention is read
//! into the same kind of key — after general knowledge from the data files
//! is applied: a seat of power gives its country and, for its "chief" or
//! "leader", its role ("the Pentagon chief" → united states/
//! defense_minister); a possessive person gives that person's country
//! ("Trump's defense secretary") — and answered by the best-matching
//! profile. Nothing resolves without support in the bundle: a description
//! nobody in the bundle carries stays unresolved.

use rustc_hash::FxHashMap as HashMap;

use super::lexicon::Lexicon;
use super::roles::RoleKey;

/// What the bundle says about one entity's roles.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Its role keys, the first of each that [`score`] tells apart
    /// (concept, country, institution, former, deputy): a person titled
    /// "President" in every article has one key for it, not hundreds, and
    /// the best score over the keys is the same.
    pub keys: Vec<RoleKey>,
    /// The country its role phrases name most often (every phrase
    /// counted).
    pub country: Option<String>,
}

impl Profile {
    pub fn new(mut keys: Vec<RoleKey>) -> Profile {
        let mut counts: HashMap<&str, usize> = HashMap::default();
        for k in &keys {
            if let Some(c) = &k.country {
                *counts.entry(c.as_str()).or_default() += 1;
            }
        }
        let country = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(c, _)| c.to_string());
        if keys.len() > 1 {
            let mut seen = rustc_hash::FxHashSet::default();
            let first: Vec<bool> = keys.iter().map(|k| seen.insert(scored(k))).collect();
            let mut first = first.into_iter();
            keys.retain(|_| first.next().unwrap_or(true));
        }
        Profile { keys, country }
    }
}

/// What [`score`] reads of a profile's key.
type Scored<'k> = (
    Option<&'k str>,
    Option<&'k str>,
    Option<&'k str>,
    bool,
    bool,
);

fn scored(k: &RoleKey) -> Scored<'_> {
    (
        k.concept.as_deref(),
        k.country.as_deref(),
        k.institution.as_deref(),
        k.former,
        k.deputy,
    )
}

/// Apply seat-of-power knowledge and an owner's country to a query key.
pub fn normalise_query(q: &RoleKey, owner_country: Option<&str>, lex: &Lexicon) -> RoleKey {
    let mut q = q.clone();
    if let Some(inst) = q.institution.as_ref().and_then(|i| lex.institutions.get(i)) {
        if q.country.is_none() {
            q.country = inst.country.clone();
        }
        if let (Some(h), Some(c)) = (&inst.head, &q.concept) {
            if c == "head" || c == "leader" {
                q.concept = Some(h.clone());
            }
        }
    }
    if q.country.is_none() {
        q.country = owner_country.map(str::to_string);
    }
    q
}

/// How well `p` answers query `q` (higher is better), `None` when not.
pub fn score(q: &RoleKey, p: &Profile, lex: &Lexicon) -> Option<u32> {
    let qc = q.concept.as_deref()?;
    let mut best: Option<u32> = None;
    for k in &p.keys {
        let Some(kc) = k.concept.as_deref() else {
            continue;
        };
        if k.former != q.former || k.deputy != q.deputy {
            continue;
        }
        let cs = if qc == kc {
            3
        } else if lex.concept_matches(qc, kc) {
            2
        } else {
            continue;
        };
        match (&q.institution, &k.institution) {
            (Some(qi), Some(ki)) if qi != ki => {
                // Two seats of power of one country may still agree when the
                // query's was only used for its country and role.
                if !lex.institutions.contains_key(qi) || !lex.institutions.contains_key(ki) {
                    continue;
                }
                if q.concept.as_deref() == Some("spokesperson") {
                    continue;
                }
            }
            (Some(qi), None) if !lex.institutions.contains_key(qi) => continue,
            _ => {}
        }
        let country = k.country.as_ref().or(p.country.as_ref());
        let ks = match (&q.country, country) {
            (Some(a), Some(b)) if a == b => 3,
            (Some(_), Some(_)) => continue,
            (Some(_), None) => 0,
            (None, _) => 1,
        };
        best = best.max(Some(cs + ks));
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(concept: &str, country: Option<&str>, inst: Option<&str>) -> RoleKey {
        RoleKey {
            concept: Some(concept.into()),
            country: country.map(String::from),
            institution: inst.map(String::from),
            ..Default::default()
        }
    }

    #[test]
    fn repeated_keys_are_kept_once_and_still_counted_for_the_country() {
        let lex = Lexicon::get();
        let mut keys = vec![key("president", Some("ukraine"), None)];
        for owner in 0..3 {
            let mut k = key("president", Some("russia"), None);
            k.owner = Some(owner);
            keys.push(k);
        }
        keys.push(key("president", None, None));
        let mut former = key("president", Some("russia"), None);
        former.former = true;
        keys.push(former);
        let all = Profile {
            keys: keys.clone(),
            country: Some("russia".into()),
        };
        let p = Profile::new(keys);
        assert_eq!(p.country.as_deref(), Some("russia"));
        assert_eq!(p.keys.len(), 4);
        assert_eq!(p.keys[1].owner, Some(0));
        for q in [
            key("leader", Some("russia"), None),
            key("president", Some("ukraine"), None),
            key("president", None, None),
            key("head", None, Some("pentagon")),
        ] {
            assert_eq!(score(&q, &p, lex), score(&q, &all, lex));
        }
    }

    #[test]
    fn leader_of_a_country_finds_its_president() {
        let lex = Lexicon::get();
        let pres = Profile::new(vec![key("president", Some("russia"), None)]);
        let other = Profile::new(vec![key("president", Some("ukraine"), None)]);
        let q = key("leader", Some("russia"), None);
        assert!(score(&q, &pres, lex).is_some());
        assert!(score(&q, &other, lex).is_none());
    }

    #[test]
    fn seat_of_power_gives_country_and_role() {
        let lex = Lexicon::get();
        let q = normalise_query(&key("head", None, Some("pentagon")), None, lex);
        assert_eq!(q.concept.as_deref(), Some("defense_minister"));
        assert_eq!(q.country.as_deref(), Some("united states"));
        let sec = Profile::new(vec![
            key("defense_minister", None, None),
            key("defense_minister", Some("united states"), None),
        ]);
        assert!(score(&q, &sec, lex).is_some());
    }

    #[test]
    fn former_holders_and_deputies_do_not_answer() {
        let lex = Lexicon::get();
        let mut k = key("president", Some("russia"), None);
        k.former = true;
        let p = Profile::new(vec![k]);
        assert!(score(&key("leader", Some("russia"), None), &p, lex).is_none());
        let mut d = key("chair", None, None);
        d.deputy = true;
        assert!(score(&key("chair", None, None), &Profile::new(vec![d]), lex).is_none());
    }

    #[test]
    fn an_organisation_chief_needs_that_organisation() {
        let lex = Lexicon::get();
        let p = Profile::new(vec![key(
            "secretary_general",
            None,
            Some("alliance of states"),
        )]);
        assert!(score(&key("head", None, Some("alliance of states")), &p, lex).is_some());
        assert!(score(&key("head", None, Some("other league")), &p, lex).is_none());
    }
}
