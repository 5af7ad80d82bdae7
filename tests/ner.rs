//! NER integration tests: model loading, a regression fixture with expected
//! spans (project-owned sentences in `tests/data/ner/fixture.txt`), and the
//! full analysis path (mentions, entities, model version).

use parallax::analysis::{self, ner, sentences};
use parallax::report::Article;

const FIXTURE: &str = include_str!("data/ner/fixture.txt");

fn mentions_of(text: &str) -> Vec<(String, String)> {
    let seg = sentences::segment(text, &[]);
    ner::mentions(text, &seg)
        .into_iter()
        .map(|m| (text[m.start..m.end].to_string(), m.label))
        .collect()
}

fn has(ms: &[(String, String)], span: &str, label: &str) -> bool {
    ms.iter().any(|(s, l)| s == span && l == label)
}

#[test]
fn embedded_model_loads() {
    let t = ner::tagger();
    let model = t.model.as_ref().expect("assets/ner/model.bin.gz loads");
    assert_eq!(model.stages.len(), 2);
    assert!(model.stages.iter().all(|s| s.len() > 1000));
    assert!(!t.lex.words.is_empty() && !t.lex.gaz.is_empty());
    assert!(ner::model_version().is_some_and(|v| v.starts_with("parallax-ner/")));
}

#[test]
fn fixture_regression() {
    let ms = mentions_of(FIXTURE);
    let expected = [
        ("Portugal", "GPE"),
        ("Spain", "GPE"),
        ("Lisbon", "GPE"),
        ("Wednesday, July 16, 2025", "DATE"),
        ("$66 billion", "MONEY"),
        ("Portuguese", "NORP"),
        ("Foreign Minister", "ROLE"),
        ("Ana Ferreira", "PERSON"),
        ("more than an hour", "TIME"),
        ("Ferreira", "PERSON"),
        ("Spanish", "NORP"),
        ("Prime Minister", "ROLE"),
        ("Luis Moreno", "PERSON"),
        ("last month", "DATE"),
        ("about 40%", "PERCENT"),
        ("European Commission", "ORG"),
        ("Brussels", "GPE"),
        ("90-minute", "QUANTITY"),
        ("120", "CARDINAL"),
        ("Moreno", "PERSON"),
        ("Madrid", "GPE"),
        ("Kyiv", "GPE"),
        ("Kiev", "GPE"),
        ("Ukraine", "GPE"),
        ("U.S. State Department", "ORG"),
        ("Secretary of State", "ROLE"),
        ("John Carter", "PERSON"),
        ("Berlin", "GPE"),
        ("2026", "DATE"),
    ];
    let missing: Vec<_> = expected.iter().filter(|(s, l)| !has(&ms, s, l)).collect();
    assert!(missing.is_empty(), "missing {missing:?}\ngot {ms:?}");
    // The Title-Case headline is not a run of organisations.
    assert!(
        !ms.iter()
            .any(|(s, l)| l == "ORG" && (s.contains("Talks") || s.contains("Resume"))),
        "{ms:?}"
    );
    // Kyiv/Kiev are never people.
    assert!(!ms
        .iter()
        .any(|(s, l)| (s == "Kyiv" || s == "Kiev") && l == "PERSON"));
}

#[test]
fn mentions_are_sorted_disjoint_and_on_boundaries() {
    for text in [
        FIXTURE,
        "",
        "   ",
        "“”‘’«»",
        "😀 Zürich’s mayor, Ms. Ölund, met Ğüneş in 2024.",
        "A\u{0301}",
    ] {
        let seg = sentences::segment(text, &[]);
        let ms = ner::mentions(text, &seg);
        let mut last = 0;
        for m in &ms {
            assert!(
                m.start >= last && m.start < m.end && m.end <= text.len(),
                "{text:?}"
            );
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            last = m.end;
        }
    }
}

#[test]
fn huge_and_odd_input_does_not_panic() {
    let mut text = String::new();
    for i in 0..2000 {
        text.push_str(&format!(
            "Word{i} ÅÄÖ — “{i}” ’s ... $ % @ # https://x.y/{i} "
        ));
    }
    text.push_str(&"A".repeat(10_000));
    let seg = sentences::segment(&text, &[]);
    let _ = ner::mentions(&text, &seg);
}

#[test]
fn analysis_fills_mentions_entities_and_model_version() {
    let mut a = Article {
        id: "a1".into(),
        text: FIXTURE.to_string(),
        boilerplate: vec![],
        ..Default::default()
    };
    analysis::analyze_article(&mut a);
    assert!(a.stats.sentences >= 8);
    assert!(!a.mentions.is_empty());
    let bundle = parallax::ingest::Bundle {
        title: None,
        articles: vec![a],
        notices: vec![],
    };
    let report = analysis::assemble(bundle);
    assert!(report.generator.model.is_some());
    let ferreira = report
        .entities
        .iter()
        .find(|e| e.name == "Ana Ferreira")
        .expect("entity for Ana Ferreira");
    assert_eq!(ferreira.label, "PERSON");
    // "Ferreira" alone is linked to the full name.
    let art = &report.articles[0];
    let linked = art
        .mentions
        .iter()
        .filter(|m| m.entity.as_deref() == Some(ferreira.id.as_str()))
        .count();
    assert!(linked >= 3, "{linked}");
}

#[test]
fn boilerplate_is_not_tagged() {
    let text = "Ana Ferreira met Luis Moreno. Read more at Example News about Berlin.";
    let cut = text.find("Read").unwrap();
    let seg = sentences::segment(text, &[[cut, text.len()]]);
    let ms = ner::mentions(text, &seg);
    assert!(ms.iter().all(|m| m.end <= cut));
    assert!(!ms.is_empty());
}
