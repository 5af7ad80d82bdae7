//! Entity resolution on project-owned fixtures (`tests/data/entities/`):
//! one bundle exercising every cross-article rule, plus the in-article
//! rules, the quote-engine API and a size/speed check.

use parallax::analysis::entities::{self, Context};
use parallax::report::{Article, Entity, Mention};
use serde_json::Value;

const BUNDLE: &str = include_str!("data/entities/bundle.json");

/// Articles with mentions placed by searching each `[text, label]` in text
/// order.
fn load(json: &str) -> Vec<Article> {
    let v: Value = serde_json::from_str(json).expect("fixture JSON");
    let mut out = Vec::new();
    for a in v["articles"].as_array().expect("articles") {
        let text = a["text"].as_str().expect("text").to_string();
        let mut mentions = Vec::new();
        let mut from = 0;
        for m in a["mentions"].as_array().expect("mentions") {
            let needle = m[0].as_str().expect("needle");
            let start = from
                + text[from..]
                    .find(needle)
                    .unwrap_or_else(|| panic!("{needle} not found"));
            from = start + needle.len();
            mentions.push(Mention {
                start,
                end: start + needle.len(),
                label: m[1].as_str().expect("label").to_string(),
                entity: None,
            });
        }
        out.push(Article {
            id: a["id"].as_str().expect("id").to_string(),
            text,
            mentions,
            ..Default::default()
        });
    }
    out
}

fn article(id: &str, text: &str, spans: &[(&str, &str)]) -> Article {
    let mut mentions = Vec::new();
    let mut from = 0;
    for (needle, label) in spans {
        let start = from + text[from..].find(needle).expect("needle");
        from = start + needle.len();
        mentions.push(Mention {
            start,
            end: start + needle.len(),
            label: label.to_string(),
            entity: None,
        });
    }
    Article {
        id: id.into(),
        text: text.into(),
        mentions,
        ..Default::default()
    }
}

/// The entity of the `nth` mention whose text is `needle` in article `a`.
fn entity_of<'a>(
    arts: &[Article],
    ents: &'a [Entity],
    a: usize,
    needle: &str,
    nth: usize,
) -> &'a Entity {
    let art = &arts[a];
    let m = art
        .mentions
        .iter()
        .filter(|m| &art.text[m.start..m.end] == needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("no mention {needle} #{nth}"));
    let id = m
        .entity
        .as_deref()
        .unwrap_or_else(|| panic!("{needle} unresolved"));
    ents.iter().find(|e| e.id == id).expect("entity")
}

fn by_name<'a>(ents: &'a [Entity], name: &str) -> &'a Entity {
    ents.iter().find(|e| e.name == name).unwrap_or_else(|| {
        panic!(
            "no entity {name}: {:?}",
            ents.iter().map(|e| &e.name).collect::<Vec<_>>()
        )
    })
}

#[test]
fn transliteration_variants_meet_across_articles() {
    let mut arts = load(BUNDLE);
    let ents = entities::resolve(&mut arts);
    let z = entity_of(&arts, &ents, 0, "Volodymyr Zavadskyy", 0);
    assert_eq!(entity_of(&arts, &ents, 1, "Vladimir Zavadsky", 0).id, z.id);
    assert_eq!(entity_of(&arts, &ents, 2, "Zavadskiy", 0).id, z.id);
    let variants: Vec<&str> = z.variants.iter().map(|v| v.text.as_str()).collect();
    assert!(
        variants.contains(&"Zavadskiy") && variants.contains(&"Vladimir Zavadsky"),
        "{variants:?}"
    );
    let k = entity_of(&arts, &ents, 0, "Kharkiv", 0);
    assert_eq!(entity_of(&arts, &ents, 1, "Kharkov", 0).id, k.id);
    assert_eq!(k.label, "GPE");
}

#[test]
fn country_abbreviations_meet_and_take_the_full_name() {
    let mut arts = load(BUNDLE);
    let ents = entities::resolve(&mut arts);
    let us = entity_of(&arts, &ents, 0, "U.S.", 0);
    assert_eq!(entity_of(&arts, &ents, 1, "United States", 0).id, us.id);
    assert_eq!(entity_of(&arts, &ents, 2, "US", 0).id, us.id);
    assert_eq!(us.name, "United States");
    let v = us
        .variants
        .iter()
        .find(|v| v.text == "U.S.")
        .expect("U.S. variant");
    assert_eq!((v.count, v.articles.clone()), (2, vec!["a1".to_string()]));
}

#[test]
fn acronym_defined_in_one_article_resolves_in_another() {
    let mut arts = load(BUNDLE);
    let ents = entities::resolve(&mut arts);
    let board = by_name(&ents, "Northern Grain Export Board");
    assert_eq!(entity_of(&arts, &ents, 0, "NGEB", 0).id, board.id);
    assert_eq!(entity_of(&arts, &ents, 2, "NGEB", 0).id, board.id);
}

#[test]
fn two_people_with_one_surname_stay_apart() {
    let mut arts = load(BUNDLE);
    let ents = entities::resolve(&mut arts);
    let anna = entity_of(&arts, &ents, 0, "Anna Kell", 0);
    let tomas = entity_of(&arts, &ents, 1, "Tomas Kell", 0);
    assert_ne!(anna.id, tomas.id);
    assert_eq!(entity_of(&arts, &ents, 1, "Anna Kell", 0).id, anna.id);
    // "Kell added …" right after Tomas Kell is Tomas.
    assert_eq!(entity_of(&arts, &ents, 1, "Kell", 0).id, tomas.id);
}

#[test]
fn appositive_and_title_aliases_resolve_nominals_across_the_bundle() {
    let mut arts = load(BUNDLE);
    let res = entities::resolve_bundle(&mut arts);
    let ents = &res.entities;
    let desc = |e: &Entity, article: &str| -> Vec<String> {
        e.descriptions
            .iter()
            .filter(|d| d.article == article)
            .map(|d| d.text.clone())
            .collect()
    };
    let kask = by_name(ents, "Mart Kask");
    assert!(desc(kask, "a1").contains(&"Estonian President".to_string()));
    assert!(
        desc(kask, "a1").contains(&"Estonian leader".to_string()),
        "{:?}",
        kask.descriptions
    );
    let brandt = by_name(ents, "Paul Brandt");
    assert!(desc(brandt, "a1").contains(&"U.S. Defense Secretary".to_string()));
    // Seat of power (data file): the Pentagon's chief is the US defense
    // secretary, and a2 never names him.
    assert!(
        desc(brandt, "a2").contains(&"Pentagon chief".to_string()),
        "{:?}",
        brandt.descriptions
    );
    // Possessive owner: Ibarra is the U.S. president, so her defense secretary is Brandt.
    assert!(desc(brandt, "a3").contains(&"Ibarra's defense secretary".to_string()));
    let ortiz = by_name(ents, "Lena Ortiz");
    assert!(desc(ortiz, "a2").contains(&"Chilean foreign minister".to_string()));
    assert!(
        desc(ortiz, "a3").contains(&"Chilean foreign minister".to_string()),
        "{:?}",
        ortiz.descriptions
    );
    // The same answer through the span API.
    let t = &arts[1].text;
    let s = t.find("The Pentagon chief").unwrap();
    assert_eq!(
        res.entity_for_span(&arts, 1, s, s + 18).as_deref(),
        Some(brandt.id.as_str())
    );
    // The title span itself is linked to its person.
    let role = arts[0].mentions.iter().find(|m| m.label == "ROLE").unwrap();
    assert_eq!(role.entity.as_deref(), Some(brandt.id.as_str()));
}

#[test]
fn pronoun_subject_wins_over_the_last_named_person() {
    let mut arts = load(BUNDLE);
    let res = entities::resolve_bundle(&mut arts);
    let t = &arts[2].text;
    let at = t.find("He said").unwrap();
    let ctx = Context::new(&arts[2]);
    let mi = ctx.antecedent(at, "He").expect("antecedent");
    assert_eq!(
        &t[arts[2].mentions[mi].start..arts[2].mentions[mi].end],
        "Zavadskiy"
    );
    let z = entity_of(&arts, &res.entities, 2, "Zavadskiy", 0)
        .id
        .clone();
    assert_eq!(res.entity_for_span(&arts, 2, at, at + 2), Some(z));
}

#[test]
fn in_article_rules() {
    let text = "NOVAK WINS VOTE\n\nIrena Novak won the vote. Ms. Novak thanked voters, and Novak's rival, Petr Novak, conceded. \
                Mr. Novak said he would return. The Baltic Shipping Authority (BSA) praised her. The BSA said the authority would help.";
    let mut arts = vec![article(
        "a1",
        text,
        &[
            ("NOVAK", "PERSON"),
            ("Irena Novak", "PERSON"),
            ("Ms. Novak", "PERSON"),
            ("Novak's", "PERSON"),
            ("Petr Novak", "PERSON"),
            ("Mr. Novak", "PERSON"),
            ("Baltic Shipping Authority", "ORG"),
            ("BSA", "ORG"),
            ("BSA", "ORG"),
        ],
    )];
    let ents = entities::resolve(&mut arts);
    let irena = entity_of(&arts, &ents, 0, "Irena Novak", 0).id.clone();
    let petr = entity_of(&arts, &ents, 0, "Petr Novak", 0).id.clone();
    assert_ne!(irena, petr);
    for (needle, want) in [
        ("NOVAK", &irena),
        ("Ms. Novak", &irena),
        ("Novak's", &irena),
        ("Mr. Novak", &petr),
    ] {
        assert_eq!(&entity_of(&arts, &ents, 0, needle, 0).id, want, "{needle}");
    }
    let bsa = entity_of(&arts, &ents, 0, "Baltic Shipping Authority", 0)
        .id
        .clone();
    assert_eq!(entity_of(&arts, &ents, 0, "BSA", 1).id, bsa);
    // "the authority" → the last organisation named with that head.
    let ctx = Context::new(&arts[0]);
    let at = text.find("the authority").unwrap();
    let mi = ctx.resolve_nominal(at, at + 13).expect("nominal");
    assert_eq!(arts[0].mentions[mi].entity.as_deref(), Some(bsa.as_str()));
}

#[test]
fn deterministic_and_label_harmonised() {
    let mut a = load(BUNDLE);
    let mut b = load(BUNDLE);
    assert_eq!(entities::resolve(&mut a), entities::resolve(&mut b));
    assert_eq!(a, b);
    for art in &a {
        for m in &art.mentions {
            let named = matches!(m.label.as_str(), "PERSON" | "ORG" | "GPE" | "LOC" | "NORP");
            if m.label != "ROLE" {
                assert_eq!(m.entity.is_some(), named, "{:?}", m);
            }
        }
    }
}

#[test]
fn large_bundle_stays_fast() {
    // 300 articles × 60 mentions with many distinct names.
    let mut arts = Vec::new();
    for i in 0..300 {
        let mut text = String::new();
        let mut spans: Vec<(String, &str)> = Vec::new();
        for j in 0..20 {
            let first = format!("Name{}", (i * 7 + j) % 97);
            let last = format!("Surname{}", (i * 13 + j * 3) % 211);
            let org = format!("Agency{} Council", (i + j) % 53);
            text.push_str(&format!(
                "{first} {last} met {last} at the {org} in Town{}. ",
                j % 31
            ));
            spans.push((format!("{first} {last}"), "PERSON"));
            spans.push((last.clone(), "PERSON"));
            spans.push((org, "ORG"));
            spans.push((format!("Town{}", j % 31), "GPE"));
        }
        let refs: Vec<(&str, &str)> = spans.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        arts.push(article(&format!("a{i}"), &text, &refs));
    }
    let t = std::time::Instant::now();
    let ents = entities::resolve(&mut arts);
    let took = t.elapsed();
    assert!(!ents.is_empty());
    // Generous bound for debug builds on a shared machine.
    assert!(took.as_secs_f64() < 20.0, "{took:?}");
}

#[test]
fn odd_offsets_never_panic() {
    let mut arts = vec![Article {
        id: "a1".into(),
        text: "Žofia Ďurová — “Kyiv”.".into(),
        mentions: vec![
            Mention {
                start: 0,
                end: 3,
                label: "PERSON".into(),
                entity: None,
            },
            Mention {
                start: 1,
                end: 2,
                label: "GPE".into(),
                entity: None,
            },
            Mention {
                start: 7,
                end: 3,
                label: "ORG".into(),
                entity: None,
            },
            Mention {
                start: 0,
                end: 1000,
                label: "ORG".into(),
                entity: None,
            },
        ],
        ..Default::default()
    }];
    let _ = entities::resolve(&mut arts);
    let _ = entities::antecedent(&arts[0], 5, "she");
    let _ = entities::resolve_nominal(&arts[0], 3, 1);
}

#[test]
fn random_mentions_never_panic() {
    let text = "Ždan Ïvanov, the “Kyiv” mayor — said: Mr. IVANOV’s aide (ÉTAT) met U.S. Sec. of State Ann Lee's envoy. He left; they stayed. It rained in Kharkiv’s old town.\n\nThe ministry said the city was calm.";
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let labels = [
        "PERSON", "ORG", "GPE", "LOC", "NORP", "MISC", "ROLE", "DATE", "X",
    ];
    let mut seed: u64 = 42;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    };
    for _ in 0..200 {
        let mut mentions = Vec::new();
        for _ in 0..next(12) {
            let a = bounds[next(bounds.len())];
            let b = if next(5) == 0 {
                next(text.len() + 20)
            } else {
                bounds[next(bounds.len())]
            };
            mentions.push(Mention {
                start: a,
                end: b,
                label: labels[next(labels.len())].to_string(),
                entity: None,
            });
        }
        let mut arts = vec![
            Article {
                id: "a1".into(),
                text: text.into(),
                mentions: mentions.clone(),
                ..Default::default()
            },
            Article {
                id: "a2".into(),
                text: text.into(),
                mentions,
                ..Default::default()
            },
        ];
        let res = entities::resolve_bundle(&mut arts);
        for a in &arts {
            for m in &a.mentions {
                if let Some(id) = &m.entity {
                    assert!(res.entity(id).is_some());
                }
            }
        }
        let s = bounds[next(bounds.len())];
        let e = bounds[next(bounds.len())];
        let _ = res.entity_for_span(&arts, next(3), s, e);
        let _ = entities::antecedent(&arts[0], s, "they");
        let _ = entities::resolve_nominal(&arts[0], s, e);
    }
}
