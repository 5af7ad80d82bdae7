//! The user's corrections (`parallax::edits`): every edit kind, undo/redo,
//! stale anchors and the JSON format — on a small hand-written report (so
//! the expected tables are known exactly) and on the embedded example
//! bundle. Runs without `../shared`.

use parallax::compare;
use parallax::edits::{self, ArticleField, Edit, EditLog, Span};
use parallax::ingest::{self, InputFile};
use parallax::report::{Article, Entity, Mention, Quote, Report, Variant};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/example");

// ---------------------------------------------------------------- fixtures

fn find(text: &str, s: &str, n: usize) -> (usize, usize) {
    let start = text
        .match_indices(s)
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{s:?} not in {text:?}"));
    (start, start + s.len())
}

fn mention(a: &mut Article, s: &str, n: usize, label: &str, entity: &str) {
    let (start, end) = find(&a.text, s, n);
    a.mentions.push(Mention {
        start,
        end,
        label: label.into(),
        entity: (!entity.is_empty()).then(|| entity.to_string()),
    });
    a.mentions.sort_by_key(|m| m.start);
}

/// Add a quote of the first `s`, spoken by `speaker`: (entity id, the
/// speaker's name, which occurrence of it).
fn quote(a: &mut Article, s: &str, kind: &str, speaker: Option<(&str, &str, usize)>) {
    let (start, end) = find(&a.text, s, 0);
    let sp = speaker.map(|(_, name, n)| find(&a.text, name, n));
    a.quotes.push(Quote {
        start,
        end,
        kind: kind.into(),
        speaker: speaker.map(|(id, _, _)| id.to_string()),
        speaker_start: sp.map(|s| s.0),
        speaker_end: sp.map(|s| s.1),
        cue_start: None,
        cue_end: None,
        via: None,
    });
    a.quotes.sort_by_key(|q| q.start);
}

fn entity(id: &str, name: &str, label: &str, variants: &[(&str, usize, &[&str])]) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        label: label.into(),
        variants: variants
            .iter()
            .map(|(t, c, arts)| Variant {
                text: t.to_string(),
                count: *c,
                articles: arts.iter().map(|s| s.to_string()).collect(),
            })
            .collect(),
        descriptions: vec![],
    }
}

/// Two articles: Jane Roe is split in two entities (e1 "Jane Roe", e4
/// "J. Roe"); Kyiv is also written Kiev; Acme Works speaks once.
fn small() -> Report {
    let mut a1 = Article {
        id: "a1".into(),
        part: 1,
        title: Some("Bridge opens".into()),
        text: "Jane Roe opened the bridge in Kyiv on Monday. \u{201c}We built it for everyone,\u{201d} Roe said. Acme Works called the Kiev crossing long overdue and said it had kept to the budget.".into(),
        ..Default::default()
    };
    mention(&mut a1, "Jane Roe", 0, "PERSON", "e1");
    mention(&mut a1, "Kyiv", 0, "GPE", "e2");
    mention(&mut a1, "Monday", 0, "DATE", "");
    mention(&mut a1, "Roe", 1, "PERSON", "e1");
    mention(&mut a1, "Acme Works", 0, "ORG", "e3");
    mention(&mut a1, "Kiev", 0, "GPE", "e2");
    quote(
        &mut a1,
        "We built it for everyone,",
        "direct",
        Some(("e1", "Roe", 1)),
    );
    quote(
        &mut a1,
        "it had kept to the budget",
        "indirect",
        Some(("e3", "Acme Works", 0)),
    );
    let mut a2 = Article {
        id: "a2".into(),
        part: 1,
        text: "Officials in Kyiv said the bridge cost too much. J. Roe said \u{201c}the money was well spent\u{201d} and thanked the engineers of the city.".into(),
        ..Default::default()
    };
    mention(&mut a2, "Kyiv", 0, "GPE", "e2");
    mention(&mut a2, "J. Roe", 0, "PERSON", "e4");
    quote(
        &mut a2,
        "the money was well spent",
        "partial",
        Some(("e4", "J. Roe", 0)),
    );
    let mut r = Report::new();
    r.articles = vec![a1, a2];
    r.entities = vec![
        entity(
            "e1",
            "Jane Roe",
            "PERSON",
            &[("Jane Roe", 1, &["a1"]), ("Roe", 1, &["a1"])],
        ),
        entity(
            "e2",
            "Kyiv",
            "GPE",
            &[("Kyiv", 2, &["a1", "a2"]), ("Kiev", 1, &["a1"])],
        ),
        entity("e3", "Acme Works", "ORG", &[("Acme Works", 1, &["a1"])]),
        entity("e4", "J. Roe", "PERSON", &[("J. Roe", 1, &["a2"])]),
    ];
    r.tables = compare::tables(&r);
    r
}

/// The span of the `n`-th `s` in article `article`.
fn at(r: &Report, article: &str, s: &str, n: usize) -> Span {
    let a = r.articles.iter().find(|a| a.id == article).unwrap();
    let (start, end) = find(&a.text, s, n);
    Span {
        article: article.into(),
        start,
        end,
        text: s.into(),
    }
}

fn row<'a>(r: &'a Report, id: &str) -> &'a compare::entities::EntityRow {
    r.tables
        .entities
        .iter()
        .find(|row| row.entity == id)
        .unwrap_or_else(|| panic!("no row for {id}"))
}

fn voices<'a>(r: &'a Report, article: &str) -> &'a compare::voices::VoiceShare {
    r.tables
        .voices
        .iter()
        .find(|v| v.article == article)
        .unwrap_or_else(|| panic!("no voices for {article}"))
}

fn apply_ok(r: &Report, edits: &[Edit]) -> Report {
    let (out, problems) = edits::apply(r, edits);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(out.edits.ends_with(edits));
    out
}

// ------------------------------------------------------------- entities

#[test]
fn merge_entities_joins_rows_and_counts() {
    let r = small();
    let before = r.clone();
    let rows = r.tables.entities.len();
    let (t1, t4) = (row(&r, "e1").total, row(&r, "e4").total);
    let out = apply_ok(
        &r,
        &[Edit::MergeEntities {
            into: at(&r, "a1", "Jane Roe", 0),
            from: at(&r, "a2", "J. Roe", 0),
        }],
    );
    assert_eq!(r, before, "the input report is not changed");
    assert_eq!(out.tables.entities.len(), rows - 1);
    assert!(out.tables.entities.iter().all(|row| row.entity != "e4"));
    let merged = row(&out, "e1");
    assert_eq!(merged.total, t1 + t4);
    assert_eq!(merged.spread, 2);
    assert_eq!(merged.name, "Jane Roe");
    assert!(out.entities.iter().all(|e| e.id != "e4"));
    let e1 = out.entities.iter().find(|e| e.id == "e1").unwrap();
    assert!(e1.variants.iter().any(|v| v.text == "J. Roe"));
    // The quote in a2 now belongs to Jane Roe, and the voices table says so.
    let v2 = voices(&out, "a2");
    assert_eq!(v2.voices[0].speaker.as_deref(), Some("e1"));
    assert_eq!(v2.voices[0].name, "Jane Roe");
    // Marks.
    assert_eq!(out.user_entities.len(), 1);
    assert_eq!(out.user_entities[0].id, "e1");
    let a2 = &out.articles[1];
    assert_eq!(
        a2.mentions[a2.user_mentions[0].index].entity.as_deref(),
        Some("e1")
    );
    assert_eq!(a2.user_mentions[0].fields, vec!["entity"]);
    assert_eq!(a2.user_quotes[0].fields, vec!["speaker"]);
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["edits"][0]["op"], "merge_entities");
    assert!(json["articles"][1]["user_mentions"].is_array());
    // No marks when there are no edits.
    let plain = serde_json::to_value(&r).unwrap();
    assert!(plain.get("edits").is_none() && plain.get("user_entities").is_none());
    assert!(plain["articles"][0].get("user_quotes").is_none());
}

#[test]
fn merging_an_entity_with_itself_is_a_problem() {
    let r = small();
    let (out, problems) = edits::apply(
        &r,
        &[Edit::MergeEntities {
            into: at(&r, "a1", "Jane Roe", 0),
            from: at(&r, "a1", "Roe", 1),
        }],
    );
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].message.contains("same entity"),
        "{}",
        problems[0]
    );
    assert_eq!(out, r);
}

#[test]
fn split_variant_makes_a_new_entity() {
    let r = small();
    let rows = r.tables.entities.len();
    let out = apply_ok(
        &r,
        &[Edit::SplitVariant {
            entity: at(&r, "a2", "Kyiv", 0),
            variant: "Kiev".into(),
        }],
    );
    assert_eq!(out.tables.entities.len(), rows + 1);
    let new = out.entities.iter().find(|e| e.name == "Kiev").unwrap();
    assert_eq!(new.label, "GPE");
    assert_eq!(new.variants.len(), 1);
    let kyiv = out.entities.iter().find(|e| e.id == "e2").unwrap();
    assert_eq!(kyiv.name, "Kyiv");
    assert!(kyiv.variants.iter().all(|v| v.text != "Kiev"));
    assert_eq!(row(&out, &new.id).total, 1);
    assert_eq!(row(&out, "e2").total, row(&r, "e2").total - 1);
    let marked: Vec<_> = out.user_entities.iter().map(|u| u.id.as_str()).collect();
    assert!(marked.contains(&new.id.as_str()) && marked.contains(&"e2"));

    // The only name of an entity cannot be split off; an unknown one neither.
    for variant in ["Acme Works", "Acme"] {
        let (same, problems) = edits::apply(
            &r,
            &[Edit::SplitVariant {
                entity: at(&r, "a1", "Acme Works", 0),
                variant: variant.into(),
            }],
        );
        assert_eq!(problems.len(), 1, "{variant}");
        assert_eq!(same, r);
    }
}

#[test]
fn split_moves_quotes_spoken_through_the_variant() {
    let r = small();
    let out = apply_ok(
        &r,
        &[Edit::SplitVariant {
            entity: at(&r, "a1", "Jane Roe", 0),
            variant: "Roe".into(),
        }],
    );
    let new = out.entities.iter().find(|e| e.name == "Roe").unwrap();
    assert_eq!(out.articles[0].quotes[0].speaker.as_ref(), Some(&new.id));
    assert_eq!(voices(&out, "a1").voices.len(), 2);
    assert!(voices(&out, "a1").voices.iter().any(|v| v.name == "Roe"));
}

#[test]
fn rename_entity_changes_every_table() {
    let r = small();
    let out = apply_ok(
        &r,
        &[Edit::RenameEntity {
            entity: at(&r, "a1", "Roe", 1),
            name: "  Mayor   Jane Roe ".into(),
        }],
    );
    assert_eq!(row(&out, "e1").name, "Mayor Jane Roe");
    assert!(voices(&out, "a1")
        .voices
        .iter()
        .any(|v| v.name == "Mayor Jane Roe"));
    assert_eq!(out.user_entities[0].fields, vec!["name"]);
    let (_, problems) = edits::apply(
        &r,
        &[Edit::RenameEntity {
            entity: at(&r, "a1", "Roe", 1),
            name: "  ".into(),
        }],
    );
    assert_eq!(problems.len(), 1);
}

#[test]
fn set_entity_type_relabels_entity_and_mentions() {
    let r = small();
    let out = apply_ok(
        &r,
        &[Edit::SetEntityType {
            entity: at(&r, "a1", "Acme Works", 0),
            label: "person".into(),
        }],
    );
    assert_eq!(row(&out, "e3").label, "PERSON");
    let a1 = &out.articles[0];
    let m = a1
        .mentions
        .iter()
        .find(|m| m.entity.as_deref() == Some("e3"))
        .unwrap();
    assert_eq!(m.label, "PERSON");
    assert!(a1
        .user_mentions
        .iter()
        .any(|u| a1.mentions[u.index].start == m.start && u.fields == ["label"]));
}

#[test]
fn not_an_entity_removes_the_mention() {
    let r = small();
    // Kiev: one of Kyiv's spellings goes away.
    let out = apply_ok(
        &r,
        &[Edit::NotAnEntity {
            mention: at(&r, "a1", "Kiev", 0),
        }],
    );
    assert_eq!(
        out.articles[0].mentions.len(),
        r.articles[0].mentions.len() - 1
    );
    assert_eq!(row(&out, "e2").total, row(&r, "e2").total - 1);
    let e2 = out.entities.iter().find(|e| e.id == "e2").unwrap();
    assert_eq!(e2.variants.len(), 1);

    // Acme Works: its only mention; the entity goes and its quote has no
    // known speaker any more.
    let out = apply_ok(
        &r,
        &[Edit::NotAnEntity {
            mention: at(&r, "a1", "Acme Works", 0),
        }],
    );
    assert!(out.entities.iter().all(|e| e.id != "e3"));
    assert!(out.tables.entities.iter().all(|row| row.entity != "e3"));
    assert_eq!(out.articles[0].quotes[1].speaker, None);
    assert!(voices(&out, "a1")
        .voices
        .iter()
        .any(|v| v.speaker.is_none()));

    // A mention without an entity (a date) can go too.
    let out = apply_ok(
        &r,
        &[Edit::NotAnEntity {
            mention: at(&r, "a1", "Monday", 0),
        }],
    );
    assert!(out.articles[0].mentions.iter().all(|m| m.label != "DATE"));
}

// ---------------------------------------------------------------- quotes

#[test]
fn set_speaker_changes_voice_share() {
    let r = small();
    let q = at(&r, "a2", "the money was well spent", 0);
    let out = apply_ok(
        &r,
        &[Edit::SetSpeaker {
            quote: q.clone(),
            speaker: Some(at(&r, "a2", "Kyiv", 0)),
        }],
    );
    assert_ne!(out.tables.voices, r.tables.voices);
    let v = voices(&out, "a2");
    assert_eq!(v.voices.len(), 1);
    assert_eq!(v.voices[0].name, "Kyiv");
    let qq = &out.articles[1].quotes[0];
    assert_eq!(
        qq.speaker_start,
        Some(find(&out.articles[1].text, "Kyiv", 0).0)
    );
    assert_eq!(out.articles[1].user_quotes[0].fields, vec!["speaker"]);
    // The entity matrix counts the quote for Kyiv now.
    let cell = row(&out, "e2")
        .cells
        .iter()
        .find(|c| c.article == "a2")
        .unwrap();
    assert_eq!(cell.quoted, 1);

    // A speaker from another article is fine; none at all too.
    let out = apply_ok(
        &r,
        &[Edit::SetSpeaker {
            quote: q.clone(),
            speaker: Some(at(&r, "a1", "Acme Works", 0)),
        }],
    );
    assert_eq!(out.articles[1].quotes[0].speaker.as_deref(), Some("e3"));
    assert_eq!(out.articles[1].quotes[0].speaker_start, None);
    let out = apply_ok(
        &r,
        &[Edit::SetSpeaker {
            quote: q,
            speaker: None,
        }],
    );
    assert_eq!(voices(&out, "a2").voices[0].speaker, None);
}

#[test]
fn not_a_quote_and_mark_scare_leave_voices() {
    let r = small();
    let q = at(&r, "a1", "it had kept to the budget", 0);
    let before = voices(&r, "a1").quotes;
    for edit in [
        Edit::NotAQuote { quote: q.clone() },
        Edit::MarkScare { quote: q.clone() },
    ] {
        let out = apply_ok(&r, std::slice::from_ref(&edit));
        let v = voices(&out, "a1");
        assert_eq!(v.quotes, before - 1, "{edit:?}");
        assert!(v.voices.iter().all(|v| v.speaker.as_deref() != Some("e3")));
        match edit {
            Edit::NotAQuote { .. } => {
                assert_eq!(out.articles[0].quotes.len(), 1);
                assert!(out.articles[0].user_quotes.is_empty());
            }
            _ => {
                assert_eq!(out.articles[0].quotes[1].kind, "scare");
                assert_eq!(out.articles[0].user_quotes[0].index, 1);
                assert_eq!(out.articles[0].user_quotes[0].fields, vec!["kind"]);
            }
        }
    }
    // Removing a quote twice: the second finds nothing.
    let (out, problems) = edits::apply(
        &r,
        &[
            Edit::NotAQuote { quote: q.clone() },
            Edit::NotAQuote { quote: q },
        ],
    );
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].index, 1);
    assert_eq!(out.edits.len(), 1);
}

#[test]
fn add_quote_with_speaker() {
    let r = small();
    let out = apply_ok(
        &r,
        &[Edit::AddQuote {
            quote: at(&r, "a2", "the bridge cost too much", 0),
            speaker: Some(at(&r, "a2", "Kyiv", 0)),
            kind: "indirect".into(),
        }],
    );
    let a2 = &out.articles[1];
    assert_eq!(a2.quotes.len(), 2);
    assert_eq!(a2.quotes[0].kind, "indirect");
    assert_eq!(a2.quotes[0].speaker.as_deref(), Some("e2"));
    assert_eq!(a2.user_quotes[0].index, 0);
    assert_eq!(a2.user_quotes[0].fields, vec!["created", "kind", "speaker"]);
    let v = voices(&out, "a2");
    assert_eq!(v.quotes, 2);
    assert!(v.voices.iter().any(|v| v.name == "Kyiv" && v.indirect == 1));
    assert!(out
        .tables
        .quotes
        .iter()
        .flat_map(|g| &g.members)
        .any(|m| m.span.article == "a2" && m.span.start == a2.quotes[0].start));

    // At an existing quote's span it sets that quote; a bad kind is refused.
    let out = apply_ok(
        &r,
        &[Edit::AddQuote {
            quote: at(&r, "a2", "the money was well spent", 0),
            speaker: None,
            kind: "direct".into(),
        }],
    );
    assert_eq!(out.articles[1].quotes.len(), 1);
    assert_eq!(out.articles[1].quotes[0].kind, "direct");
    let (same, problems) = edits::apply(
        &r,
        &[Edit::AddQuote {
            quote: at(&r, "a2", "the bridge cost too much", 0),
            speaker: None,
            kind: "shouted".into(),
        }],
    );
    assert_eq!(problems.len(), 1);
    assert_eq!(same, r);
}

// -------------------------------------------------------------- articles

#[test]
fn set_article_fields_with_user_provenance() {
    let r = small();
    let out = apply_ok(
        &r,
        &[
            Edit::SetArticleField {
                article: "a2".into(),
                field: ArticleField::Outlet,
                value: Some(" Kyiv Post ".into()),
            },
            Edit::SetArticleField {
                article: "a2".into(),
                field: ArticleField::Section,
                value: Some("EASTERN VIEW".into()),
            },
            Edit::SetArticleField {
                article: "a1".into(),
                field: ArticleField::Title,
                value: Some("".into()),
            },
            Edit::SetArticleField {
                article: "a1".into(),
                field: ArticleField::Date,
                value: Some("2025-02-13".into()),
            },
        ],
    );
    assert_eq!(out.articles[1].outlet.as_deref(), Some("Kyiv Post"));
    assert_eq!(out.articles[1].section.as_deref(), Some("EASTERN VIEW"));
    assert_eq!(out.articles[0].title, None);
    assert_eq!(out.articles[0].date.as_deref(), Some("2025-02-13"));
    for (a, key) in [(1, "outlet"), (1, "section"), (0, "title"), (0, "date")] {
        assert_eq!(out.articles[a].provenance[key].from, "user");
    }
    let (_, problems) = edits::apply(
        &r,
        &[Edit::SetArticleField {
            article: "a9".into(),
            field: ArticleField::Title,
            value: None,
        }],
    );
    assert!(problems[0].message.contains("no article 'a9'"));
}

#[test]
fn exclude_article_leaves_the_tables() {
    let r = small();
    let out = apply_ok(
        &r,
        &[Edit::ExcludeArticle {
            article: "a2".into(),
            excluded: true,
        }],
    );
    assert!(out.articles[1].excluded);
    assert!(out.tables.voices.iter().all(|v| v.article != "a2"));
    assert!(out
        .tables
        .entities
        .iter()
        .flat_map(|row| &row.cells)
        .all(|c| c.article != "a2"));
    assert!(out.tables.entities.iter().all(|row| row.entity != "e4"));
    // And back.
    let back = apply_ok(
        &out,
        &[Edit::ExcludeArticle {
            article: "a2".into(),
            excluded: false,
        }],
    );
    assert_eq!(back.tables, r.tables);
}

// ------------------------------------------------- stale anchors, history

#[test]
fn stale_anchor_is_a_problem_and_changes_nothing() {
    let r = small();
    let mut stale = at(&r, "a1", "Jane Roe", 0);
    stale.text = "Joan Roe".into();
    let mut moved = at(&r, "a2", "J. Roe", 0);
    moved.start += 1000;
    moved.end += 1000;
    let edits = [
        Edit::MergeEntities {
            into: stale.clone(),
            from: at(&r, "a2", "J. Roe", 0),
        },
        Edit::RenameEntity {
            entity: moved,
            name: "X".into(),
        },
        Edit::SetSpeaker {
            quote: stale.clone(),
            speaker: None,
        },
        Edit::NotAnEntity {
            mention: at(&r, "a1", "bridge", 0),
        },
    ];
    let (out, problems) = edits::apply(&r, &edits);
    assert_eq!(out, r);
    assert_eq!(problems.len(), 4);
    assert!(
        problems[0].message.contains("the text changed"),
        "{}",
        problems[0]
    );
    assert!(problems[0]
        .to_string()
        .starts_with("edit 1 (merge_entities) skipped"));
    assert!(
        problems[1].message.contains("not a span"),
        "{}",
        problems[1]
    );
    assert!(
        problems[3].message.contains("no mention"),
        "{}",
        problems[3]
    );
}

#[test]
fn edits_survive_renumbered_entities() {
    // A newer analysis numbers entities differently; the spans still match.
    let r = small();
    let edits = [Edit::MergeEntities {
        into: at(&r, "a1", "Jane Roe", 0),
        from: at(&r, "a2", "J. Roe", 0),
    }];
    let mut renumbered = r.clone();
    let rename = |id: &mut String| *id = format!("x{id}");
    for e in &mut renumbered.entities {
        rename(&mut e.id);
    }
    for a in &mut renumbered.articles {
        a.mentions
            .iter_mut()
            .filter_map(|m| m.entity.as_mut())
            .for_each(rename);
        a.quotes
            .iter_mut()
            .filter_map(|q| q.speaker.as_mut())
            .for_each(rename);
    }
    renumbered.tables = compare::tables(&renumbered);
    let out = apply_ok(&renumbered, &edits);
    assert_eq!(out.tables.entities.len(), r.tables.entities.len() - 1);
    assert_eq!(row(&out, "xe1").total, 3);
}

#[test]
fn undo_and_redo() {
    let r = small();
    let merge = Edit::MergeEntities {
        into: at(&r, "a1", "Jane Roe", 0),
        from: at(&r, "a2", "J. Roe", 0),
    };
    let exclude = Edit::ExcludeArticle {
        article: "a1".into(),
        excluded: true,
    };
    let mut log = EditLog::new();
    assert!(!log.undo() && !log.redo());
    log.push(merge.clone());
    log.push(exclude.clone());
    let both = apply_ok(&r, &log.edits);
    assert!(log.undo());
    assert_eq!(log.edits, vec![merge.clone()]);
    assert_eq!(log.undone, vec![exclude.clone()]);
    let one = apply_ok(&r, &log.edits);
    assert!(!one.articles[0].excluded);
    assert!(log.undo());
    assert!(!log.can_undo() && log.can_redo());
    assert_eq!(
        apply_ok(&r, &log.edits),
        r,
        "all undone: the automatic analysis"
    );
    assert!(log.redo() && log.redo() && !log.redo());
    assert_eq!(apply_ok(&r, &log.edits), both);
    // A new edit clears what could be redone.
    log.undo();
    log.push(Edit::RenameEntity {
        entity: at(&r, "a1", "Kyiv", 0),
        name: "Kyiv city".into(),
    });
    assert!(!log.can_redo());
    assert_eq!(log.edits.len(), 2);
    // The log round-trips through JSON.
    let json = serde_json::to_string(&log).unwrap();
    assert_eq!(EditLog::from_json(&json).unwrap(), log);
}

#[test]
fn an_action_of_several_edits_is_undone_and_redone_as_one() {
    let r = small();
    let rename = Edit::RenameEntity {
        entity: at(&r, "a1", "Kyiv", 0),
        name: "Kyiv city".into(),
    };
    let merge = Edit::MergeEntities {
        into: at(&r, "a1", "Jane Roe", 0),
        from: at(&r, "a2", "J. Roe", 0),
    };
    let exclude = Edit::ExcludeArticle {
        article: "a1".into(),
        excluded: true,
    };
    let mut log = EditLog::new();
    log.push(rename.clone());
    log.push_all(vec![merge.clone(), exclude.clone()]);
    log.push_all(Vec::new());
    assert_eq!(log.last_action(), [merge.clone(), exclude.clone()]);
    assert!(log.undo());
    assert_eq!(log.edits, vec![rename.clone()]);
    assert_eq!(log.next_redo(), [merge.clone(), exclude.clone()]);
    assert_eq!(log.last_action(), std::slice::from_ref(&rename));
    // Saved and read back mid-history, the actions are kept.
    let json = serde_json::to_string(&log).unwrap();
    let mut back = EditLog::from_json(&json).unwrap();
    assert_eq!(back, log);
    assert!(back.redo());
    assert_eq!(
        back.edits,
        vec![rename.clone(), merge.clone(), exclude.clone()]
    );
    assert!(back.undo() && back.undo() && !back.undo());
    assert!(back.redo());
    assert_eq!(back.edits, vec![rename.clone()]);
    // A log written before actions were recorded: one edit each.
    let old = r#"{"edits": [{"op": "exclude_article", "article": "a1", "excluded": true},
        {"op": "exclude_article", "article": "a2", "excluded": true}], "undone": []}"#;
    let mut old = EditLog::from_json(old).unwrap();
    assert_eq!(old.last_action().len(), 1);
    assert!(old.undo());
    assert_eq!(old.edits.len(), 1);
    // Restored corrections come before those made since.
    let mut since = EditLog::new();
    since.push(rename.clone());
    let mut restored = EditLog::new();
    restored.push_all(vec![merge.clone(), exclude.clone()]);
    since.after(restored);
    assert_eq!(since.edits, vec![merge, exclude, rename.clone()]);
    assert_eq!(since.last_action(), [rename]);
    assert!(since.undo() && since.undo() && since.edits.is_empty());
}

#[test]
fn edits_on_an_edited_report_keep_earlier_marks() {
    let r = small();
    let first = apply_ok(
        &r,
        &[Edit::RenameEntity {
            entity: at(&r, "a1", "Kyiv", 0),
            name: "Kyiv city".into(),
        }],
    );
    let (second, problems) = edits::apply(
        &first,
        &[Edit::MarkScare {
            quote: at(&r, "a2", "the money was well spent", 0),
        }],
    );
    assert!(problems.is_empty());
    assert_eq!(second.edits.len(), 2);
    assert_eq!(second.user_entities, first.user_entities);
    assert_eq!(second.articles[1].user_quotes[0].fields, vec!["kind"]);
}

#[test]
fn json_format() {
    let json = r#"[
      {"op": "merge_entities",
       "into": {"article": "a1", "start": 0, "end": 8, "text": "Jane Roe"},
       "from": {"article": "a2", "start": 49, "end": 55, "text": "J. Roe"}},
      {"op": "set_speaker", "quote": {"article": "a2", "start": 65, "end": 89, "text": "the money was well spent"}, "speaker": null},
      {"op": "add_quote", "quote": {"article": "a2", "start": 27, "end": 48, "text": "the bridge cost too much"}, "kind": "indirect"},
      {"op": "set_article_field", "article": "a2", "field": "outlet", "value": "Kyiv Post"},
      {"op": "exclude_article", "article": "a1", "excluded": true}
    ]"#;
    let log = EditLog::from_json(json).unwrap();
    assert_eq!(log.edits.len(), 5);
    assert!(log.undone.is_empty());
    assert!(matches!(
        &log.edits[3],
        Edit::SetArticleField { field: ArticleField::Outlet, value: Some(v), .. } if v == "Kyiv Post"
    ));
    let back: Vec<Edit> =
        serde_json::from_str(&serde_json::to_string(&log.edits).unwrap()).unwrap();
    assert_eq!(back, log.edits);
    let obj = EditLog::from_json(
        r#"{"edits": [{"op": "exclude_article", "article": "a1", "excluded": false}]}"#,
    )
    .unwrap();
    assert_eq!(obj.edits.len(), 1);
    for bad in [
        "",
        "42",
        "[{\"op\": \"explode\"}]",
        "{\"edits\": 3}",
        "[{\"op\": \"not_a_quote\"}]",
    ] {
        assert!(EditLog::from_json(bad).is_err(), "{bad}");
    }
}

// ---------------------------------------------------------- example bundle

fn example() -> &'static Report {
    static REPORT: std::sync::OnceLock<Report> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| {
        let mut files: Vec<InputFile> = std::fs::read_dir(EXAMPLE)
            .expect("assets/example exists")
            .filter_map(|e| {
                let p = e.ok()?.path();
                let name = p.file_name()?.to_string_lossy().into_owned();
                Some(InputFile::new(name, std::fs::read(&p).ok()?))
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        parallax::analysis::analyze(ingest::ingest(files))
    })
}

/// The span of the first name mention of entity `id`.
fn anchor(r: &Report, id: &str) -> Span {
    for a in &r.articles {
        for m in &a.mentions {
            if m.entity.as_deref() == Some(id) && m.label != "ROLE" {
                return Span {
                    article: a.id.clone(),
                    start: m.start,
                    end: m.end,
                    text: a.text[m.start..m.end].to_string(),
                };
            }
        }
    }
    panic!("no mention of {id}");
}

#[test]
fn example_merge_two_entity_rows() {
    let r = example();
    let rows = &r.tables.entities;
    assert!(rows.len() >= 2);
    // Two people (or any two rows) of the matrix.
    let persons: Vec<_> = rows.iter().filter(|row| row.label == "PERSON").collect();
    let (a, b) = match persons.as_slice() {
        [a, b, ..] => (*a, *b),
        _ => (&rows[0], &rows[1]),
    };
    let out = apply_ok(
        r,
        &[Edit::MergeEntities {
            into: anchor(r, &a.entity),
            from: anchor(r, &b.entity),
        }],
    );
    assert_eq!(out.tables.entities.len(), rows.len() - 1);
    let merged = row(&out, &a.entity);
    let names =
        |row: &compare::entities::EntityRow| row.cells.iter().map(|c| c.names).sum::<usize>();
    assert_eq!(names(merged), names(a) + names(b));
    assert!(merged.total <= a.total + b.total && merged.total >= a.total.max(b.total));
    assert!(merged.spread >= a.spread.max(b.spread));
    let quoted =
        |row: &compare::entities::EntityRow| row.cells.iter().map(|c| c.quoted).sum::<usize>();
    assert_eq!(quoted(merged), quoted(a) + quoted(b));
}

#[test]
fn example_change_a_speaker_and_exclude_an_article() {
    let r = example();
    // A quote with a known speaker, given to another entity.
    let (a, q) = r
        .articles
        .iter()
        .flat_map(|a| a.quotes.iter().map(move |q| (a, q)))
        .find(|(_, q)| q.speaker.is_some() && q.kind != "scare")
        .expect("the example has attributed quotes");
    let other = r
        .tables
        .entities
        .iter()
        .find(|row| Some(&row.entity) != q.speaker.as_ref())
        .unwrap();
    let quote = Span {
        article: a.id.clone(),
        start: q.start,
        end: q.end,
        text: a.text[q.start..q.end].to_string(),
    };
    let out = apply_ok(
        r,
        &[Edit::SetSpeaker {
            quote: quote.clone(),
            speaker: Some(anchor(r, &other.entity)),
        }],
    );
    assert_ne!(voices(&out, &a.id), voices(r, &a.id));
    assert!(voices(&out, &a.id)
        .voices
        .iter()
        .any(|v| v.speaker.as_ref() == Some(&other.entity)));

    // Exclude that article: it leaves every table.
    let out = apply_ok(
        r,
        &[Edit::ExcludeArticle {
            article: a.id.clone(),
            excluded: true,
        }],
    );
    let json = serde_json::to_string(&out.tables).unwrap();
    assert!(
        !json.contains(&format!("\"article\":\"{}\"", a.id)),
        "{} still in the tables",
        a.id
    );
    assert!(json.len() < serde_json::to_string(&r.tables).unwrap().len());

    // A stale anchor: nothing changes.
    let mut stale = quote;
    stale.text.push('!');
    let (same, problems) = edits::apply(r, &[Edit::NotAQuote { quote: stale }]);
    assert_eq!(problems.len(), 1);
    assert_eq!(&same, r);
}

#[test]
fn example_every_edit_kind_applies() {
    let r = example();
    let first = &r.tables.entities[0];
    let second = &r.tables.entities[1];
    let a = &r.articles[0];
    let q = a.quotes.first().expect("the first article has a quote");
    let quote = Span {
        article: a.id.clone(),
        start: q.start,
        end: q.end,
        text: a.text[q.start..q.end].to_string(),
    };
    let multi = r
        .entities
        .iter()
        .find(|e| e.variants.len() >= 2)
        .expect("some entity is written two ways");
    let edits = vec![
        Edit::SplitVariant {
            entity: anchor(r, &multi.id),
            variant: multi.variants[1].text.clone(),
        },
        Edit::RenameEntity {
            entity: anchor(r, &first.entity),
            name: "Renamed".into(),
        },
        Edit::SetEntityType {
            entity: anchor(r, &second.entity),
            label: "ORG".into(),
        },
        Edit::MarkScare {
            quote: quote.clone(),
        },
        Edit::SetArticleField {
            article: a.id.clone(),
            field: ArticleField::Section,
            value: Some("USER SECTION".into()),
        },
        Edit::NotAnEntity {
            mention: anchor(r, &second.entity),
        },
        Edit::NotAQuote { quote },
    ];
    let out = apply_ok(r, &edits);
    assert!(out.tables.entities.iter().any(|row| row.name == "Renamed"));
    assert!(out.entities.len() >= r.entities.len());
    assert_eq!(out.articles[0].quotes.len(), a.quotes.len() - 1);
    assert_eq!(out.articles[0].section.as_deref(), Some("USER SECTION"));
    assert!(!out.user_entities.is_empty());
    // Applying the same edits again to the same analysis gives the same report.
    assert_eq!(apply_ok(r, &edits), out);
    // The report with its marks round-trips through JSON.
    let back: Report = serde_json::from_str(&serde_json::to_string(&out).unwrap()).unwrap();
    assert_eq!(back, out);
}
