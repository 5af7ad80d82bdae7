//! From the model's CoNLL types to report labels.
//!
//! - names of seats of government used for institutions (`Kremlin`,
//!   `White House`, `org_metonyms.txt`) → ORG whatever the model said;
//!   administrative units of known places (`Kursk Region`) and country
//!   abbreviations (`U.S.`, `gpe_extra.txt`) → GPE; a hyphenated compound
//!   of places (`US-Russia`) → MISC;
//! - `PER` → PERSON, `ORG` → ORG;
//! - `LOC` → GPE when the place gazetteer knows the name (countries, states,
//!   cities) or it ends in an administrative word (`Kursk Region`), unless
//!   `regions.txt` lists it as a natural region or continent → LOC;
//! - `MISC` → NORP for demonyms (gazetteer) and the groups in `norp.txt`
//!   (plurals by dropping a final `s`), EVENT when its last word is an
//!   event head (`events.txt`), else MISC.

use super::lexicon::{self, lines, Lexicon, GAZ_LOC, GAZ_NAT};
use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

fn set(text: &'static str) -> HashSet<String> {
    lines(text).map(str::to_lowercase).collect()
}

struct Sets {
    norp: HashSet<String>,
    events: HashSet<String>,
    regions: HashSet<String>,
    metonyms: HashSet<String>,
    gpe_extra: HashSet<String>,
}

fn sets() -> &'static Sets {
    static S: OnceLock<Sets> = OnceLock::new();
    S.get_or_init(|| Sets {
        norp: set(include_str!("../../../assets/lexicon/norp.txt")),
        events: set(include_str!("../../../assets/lexicon/events.txt")),
        regions: set(include_str!("../../../assets/lexicon/regions.txt")),
        metonyms: set(include_str!("../../../assets/lexicon/org_metonyms.txt")),
        gpe_extra: set(include_str!("../../../assets/lexicon/gpe_extra.txt")),
    })
}

const ADMIN: &[&str] = &[
    "region",
    "oblast",
    "province",
    "state",
    "county",
    "republic",
    "krai",
    "district",
    "governorate",
    "prefecture",
    "canton",
    "municipality",
    "city",
];

fn gaz(lex: &Lexicon, lower: &[String]) -> u8 {
    let key = lower
        .iter()
        .fold(lexicon::gaz_key_start(), |k, w| lexicon::gaz_key_push(k, w));
    lex.gaz_flags(key)
}

/// Report label for a span of `words` the model typed as CoNLL `t`
/// (0 PER, 1 ORG, 2 LOC, 3 MISC).
pub fn label(lex: &Lexicon, t: usize, words: &[&str]) -> &'static str {
    // Every test below is for the other types: a person needs no lowercased
    // words (most mentions are persons).
    if t == 0 {
        return "PERSON";
    }
    let lower: Vec<String> = words
        .iter()
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect();
    let joined = lower.join(" ");
    let s = sets();
    let bare = joined.strip_prefix("the ").unwrap_or(&joined);
    if s.metonyms.contains(bare) {
        return "ORG";
    }
    // "Kursk Region", "Donetsk Oblast": an administrative unit of a known place.
    let admin = lower.len() > 1
        && lower.last().is_some_and(|w| ADMIN.contains(&w.as_str()))
        && gaz(lex, &lower[..lower.len() - 1]) & GAZ_LOC != 0;
    if admin || s.gpe_extra.contains(bare) {
        return "GPE";
    }
    // "US-Russia": a compound of places is a modifier, not an organisation.
    if lower.len() == 1 && joined.contains('-') {
        let parts: Vec<&str> = joined.split('-').collect();
        if parts.iter().all(|p| {
            gaz(lex, &[p.to_string()]) & (GAZ_LOC | GAZ_NAT) != 0 || s.gpe_extra.contains(*p)
        }) {
            return "MISC";
        }
    }
    match t {
        1 => "ORG",
        2 => {
            if s.regions.contains(bare) {
                "LOC"
            } else if gaz(lex, &lower) & GAZ_LOC != 0
                || lower.last().is_some_and(|w| ADMIN.contains(&w.as_str()))
            {
                "GPE"
            } else {
                "LOC"
            }
        }
        _ => {
            let singular = joined.strip_suffix('s').unwrap_or(&joined);
            let nat = |x: &str| {
                let parts: Vec<String> = x.split(' ').map(str::to_string).collect();
                gaz(lex, &parts) & GAZ_NAT != 0 || s.norp.contains(x)
            };
            if nat(&joined) || nat(singular) {
                "NORP"
            } else if lower.len() > 1 && lower.last().is_some_and(|w| s.events.contains(w)) {
                "EVENT"
            } else {
                "MISC"
            }
        }
    }
}
