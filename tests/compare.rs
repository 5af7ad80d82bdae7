//! Comparison tables (`report.tables`): the entity matrix, quote alignment,
//! voice share, numbers and omissions — on small hand-written bundles with
//! hand-made mentions and quotes (so the tests pin the compare stage alone)
//! and on the embedded example bundle. Runs without `../shared`.

use parallax::compare::diff::Op;
use parallax::compare::{self, SpanRef};
use parallax::export;
use parallax::ingest::{self, InputFile};
use parallax::report::{Article, Description, Entity, Mention, Provenance, Quote, Report, Variant};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/example");

// ---------------------------------------------------------------- fixtures

/// Byte span of the `n`-th occurrence (0-based) of `s` in `text`.
fn find(text: &str, s: &str, n: usize) -> (usize, usize) {
    let start = text
        .match_indices(s)
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{s:?} not in {text:?}"));
    (start, start + s.len())
}

fn art(id: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        part: 1,
        text: text.into(),
        ..Default::default()
    }
}

/// Add a mention of the `n`-th `s`.
fn mention(a: &mut Article, s: &str, n: usize, label: &str, entity: Option<&str>) {
    let (start, end) = find(&a.text, s, n);
    a.mentions.push(Mention {
        start,
        end,
        label: label.into(),
        entity: entity.map(str::to_string),
    });
    a.mentions.sort_by_key(|m| m.start);
}

/// Add a quote whose content is the first `s`.
fn quote(a: &mut Article, s: &str, kind: &str, speaker: Option<&str>) {
    let (start, end) = find(&a.text, s, 0);
    a.quotes.push(Quote {
        start,
        end,
        kind: kind.into(),
        speaker: speaker.map(str::to_string),
        speaker_start: None,
        speaker_end: None,
        cue_start: None,
        cue_end: None,
        via: None,
    });
    a.quotes.sort_by_key(|q| q.start);
}

fn entity(id: &str, name: &str, label: &str) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        label: label.into(),
        variants: vec![Variant {
            text: name.into(),
            count: 1,
            articles: vec![],
        }],
        descriptions: vec![],
    }
}

fn report(articles: Vec<Article>, entities: Vec<Entity>) -> Report {
    let mut r = Report::new();
    r.articles = articles;
    r.entities = entities;
    r.tables = compare::tables(&r);
    r
}

fn slice<'a>(r: &'a Report, s: &SpanRef) -> &'a str {
    let a = r
        .articles
        .iter()
        .find(|a| a.id == s.article)
        .unwrap_or_else(|| panic!("no article {}", s.article));
    a.text
        .get(s.start..s.end)
        .unwrap_or_else(|| panic!("bad span {s:?}"))
}

// ---------------------------------------------------------- entity matrix

fn entity_bundle() -> Report {
    let mut a1 = art(
        "a1",
        "Mayor Roe Opens Bridge\nMayor Jane Roe opened the new bridge in Kyiv on Monday. Roe said the Kiev crossing was overdue, and Kyiv drivers agreed.",
    );
    a1.title = Some("Mayor Roe Opens Bridge".into());
    a1.provenance.insert(
        "title".into(),
        Provenance {
            from: "text".into(),
            span: Some([0, 22]),
            rule: "first line".into(),
        },
    );
    mention(&mut a1, "Roe", 0, "PERSON", Some("e1"));
    mention(&mut a1, "Jane Roe", 0, "PERSON", Some("e1"));
    mention(&mut a1, "Roe", 2, "PERSON", Some("e1"));
    mention(&mut a1, "Kyiv", 0, "GPE", Some("e2"));
    mention(&mut a1, "Kiev", 0, "GPE", Some("e2"));
    mention(&mut a1, "Kyiv", 1, "GPE", Some("e2"));
    mention(&mut a1, "Mayor", 1, "ROLE", Some("e1"));
    let mut a2 = art(
        "a2",
        "Traffic eased in Kyiv after the opening of a bridge that the city's embattled mayor had promised for years. The embattled mayor cut the ribbon.",
    );
    mention(&mut a2, "Kyiv", 0, "GPE", Some("e2"));
    let mut a3 = art(
        "a3",
        "A new crossing opened over the river on Monday, easing the morning traffic for thousands of drivers. Engineers from Acme Works built it.",
    );
    mention(&mut a3, "Acme Works", 0, "ORG", Some("e3"));
    let mut e1 = entity("e1", "Jane Roe", "PERSON");
    let (s1, t1) = find(&a1.text, "Mayor", 1);
    let (s2, t2) = find(&a2.text, "embattled mayor", 0);
    let (s3, t3) = find(&a2.text, "embattled mayor", 1);
    e1.descriptions = vec![
        Description {
            article: "a1".into(),
            text: "Mayor".into(),
            count: 1,
            spans: vec![[s1, t1]],
        },
        Description {
            article: "a2".into(),
            text: "embattled mayor".into(),
            count: 2,
            spans: vec![[s2, t2], [s3, t3]],
        },
    ];
    report(
        vec![a1, a2, a3],
        vec![
            e1,
            entity("e2", "Kyiv", "GPE"),
            entity("e3", "Acme Works", "ORG"),
        ],
    )
}

#[test]
fn entity_matrix_counts_variants_labels_and_first_mentions() {
    let r = entity_bundle();
    let rows = &r.tables.entities;
    let order: Vec<(&str, usize, usize)> = rows
        .iter()
        .map(|x| (x.entity.as_str(), x.spread, x.total))
        .collect();
    // Sorted by spread, then total references.
    assert_eq!(order, [("e1", 2, 5), ("e2", 2, 4), ("e3", 1, 1)]);

    let kyiv = &rows[1];
    let a1 = &kyiv.cells[0];
    assert_eq!((a1.article.as_str(), a1.count, a1.names), ("a1", 3, 3));
    let variants: Vec<(&str, usize)> = a1
        .variants
        .iter()
        .map(|u| (u.text.as_str(), u.count))
        .collect();
    assert_eq!(variants, [("Kyiv", 2), ("Kiev", 1)]);
    assert!(!a1.in_title && a1.in_lead, "first named in the lead");

    let roe = &rows[0];
    let a1 = &roe.cells[0];
    // The title mention comes first; "Mayor" before "Jane Roe" is a title,
    // not a reference of its own.
    assert_eq!((a1.count, a1.names), (3, 3));
    assert!(a1.in_title && a1.position < 0.1);
    assert_eq!(slice(&r, &a1.first), "Roe");
    assert_eq!(a1.labels[0].text, "Mayor");
    assert_eq!(a1.mentions.len(), 3);
    // a2 never names her: two standalone labels are its references.
    let a2 = &roe.cells[1];
    assert_eq!((a2.article.as_str(), a2.count, a2.names), ("a2", 2, 0));
    assert_eq!(
        (a2.labels[0].text.as_str(), a2.labels[0].count),
        ("embattled mayor", 2)
    );
    assert_eq!(slice(&r, &a2.first), "embattled mayor");
    assert!(a2.position > 0.0 && a2.position < 1.0);
    for row in rows {
        for c in &row.cells {
            for m in &c.mentions {
                slice(&r, m);
            }
        }
    }
}

#[test]
fn an_entity_only_one_article_names_is_an_omission() {
    let r = entity_bundle();
    let o = r
        .tables
        .omissions
        .iter()
        .find(|o| o.kind == "entity" && o.key == "e3")
        .expect("Acme Works is only in a3");
    assert_eq!(o.articles, ["a3"]);
    assert_eq!(o.missing, ["a1", "a2"]);
    assert_eq!(o.summary, "only 1 of 3 articles mention Acme Works");
    assert_eq!(slice(&r, &o.spans[0]), "Acme Works");
    // Named in a headline and three times: more prominent than Acme Works,
    // named once at the end of one article.
    let roe = r
        .tables
        .omissions
        .iter()
        .position(|o| o.key == "e1")
        .unwrap();
    let acme = r
        .tables
        .omissions
        .iter()
        .position(|o| o.key == "e3")
        .unwrap();
    assert!(roe < acme, "{:#?}", r.tables.omissions);
    assert!(r
        .tables
        .omissions
        .windows(2)
        .all(|w| w[0].prominence >= w[1].prominence));
}

// ---------------------------------------------------------- quote alignment

fn quote_bundle() -> Report {
    let mut a1 = art(
        "a1",
        "\"We will rebuild the bridge before winter and open it to every driver,\" said Mayor Jane Roe. She spoke at the town hall.",
    );
    quote(
        &mut a1,
        "We will rebuild the bridge before winter and open it to every driver,",
        "direct",
        Some("e1"),
    );
    let mut a2 = art(
        "a2",
        "Roe promised to \"rebuild the bridge before winter\". Separately, Roe said \"the budget for schools will grow next year\".",
    );
    quote(
        &mut a2,
        "rebuild the bridge before winter",
        "partial",
        Some("e1"),
    );
    quote(
        &mut a2,
        "the budget for schools will grow next year",
        "partial",
        Some("e1"),
    );
    let mut a3 = art(
        "a3",
        "\"We will rebuild the bridge by winter and open it to each driver,\" Roe told reporters.",
    );
    quote(
        &mut a3,
        "We will rebuild the bridge by winter and open it to each driver,",
        "direct",
        Some("e1"),
    );
    let mut a4 = art(
        "a4",
        "\"We will rebuild the bridge before winter,\" council chief John Doe said. Fishing was good this year, anglers said.",
    );
    quote(
        &mut a4,
        "We will rebuild the bridge before winter,",
        "direct",
        Some("e2"),
    );
    quote(&mut a4, "Fishing was good this year", "indirect", None);
    let mut a5 = art(
        "a5",
        "Roe said the town would rebuild the bridge before winter so that every driver could use it. She called it \"a promise\".",
    );
    quote(
        &mut a5,
        "the town would rebuild the bridge before winter so that every driver could use it",
        "indirect",
        Some("e1"),
    );
    quote(&mut a5, "a promise", "scare", None);
    report(
        vec![a1, a2, a3, a4, a5],
        vec![
            entity("e1", "Jane Roe", "PERSON"),
            entity("e2", "John Doe", "PERSON"),
        ],
    )
}

#[test]
fn the_same_statement_is_grouped_with_cuts_changes_and_speakers_flagged() {
    let r = quote_bundle();
    let g = &r.tables.quotes[0];
    assert_eq!(g.id, "q1");
    assert_eq!(g.articles, ["a1", "a2", "a3", "a4", "a5"]);
    assert_eq!(g.total, 5);
    assert!(!g.only_in_some);
    assert_eq!(g.members.len(), 5);
    let reference = &g.members[g.reference];
    assert_eq!(reference.article, "a1", "the fullest wording, first");
    assert!(g
        .text
        .starts_with("We will rebuild the bridge before winter and open"));
    assert_eq!(g.speaker.as_deref(), Some("e1"));
    assert_eq!(g.speaker_name, "Jane Roe");
    assert_eq!(g.speakers, ["e1", "e2"]);
    assert!(g.cut && g.words_changed && g.different_speakers);

    let member = |id: &str| g.members.iter().find(|m| m.article == id).unwrap();
    // a2 cut the quote: no words added, some left out.
    let a2 = member("a2");
    assert!(a2.cut && !a2.words_changed);
    assert_eq!((a2.kind.as_str(), a2.quote), ("partial", 0));
    let ops: Vec<(Op, &str)> = a2.diff.iter().map(|d| (d.op, d.text.as_str())).collect();
    assert_eq!(
        ops,
        [
            (Op::Delete, "We will"),
            (Op::Equal, "rebuild the bridge before winter"),
            (Op::Delete, "and open it to every driver")
        ]
    );
    // Delete runs point into the reference, the others into the member.
    assert_eq!(a2.diff[0].span.article, "a1");
    assert_eq!(a2.diff[1].span.article, "a2");
    for d in &a2.diff {
        assert_eq!(slice(&r, &d.span), d.text);
    }
    // a3 changed words.
    let a3 = member("a3");
    assert!(a3.words_changed && !a3.cut);
    let changed: Vec<(Op, &str)> = a3
        .diff
        .iter()
        .filter(|d| d.op != Op::Equal)
        .map(|d| (d.op, d.text.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            (Op::Delete, "before"),
            (Op::Insert, "by"),
            (Op::Delete, "every"),
            (Op::Insert, "each")
        ]
    );
    // a4 gives it to another speaker; a5 paraphrases it.
    assert_eq!(member("a4").speaker.as_deref(), Some("e2"));
    let a5 = member("a5");
    assert_eq!(a5.kind, "indirect");
    assert!(!a5.cut && !a5.words_changed && a5.overlap > 0.4);

    // The school budget is Roe's, quoted by one article although four quote
    // her; the anglers are nobody in particular.
    let schools = r
        .tables
        .quotes
        .iter()
        .find(|g| g.text.contains("schools"))
        .unwrap();
    assert!(schools.exclusive && schools.only_in_some);
    assert_eq!(schools.articles, ["a2"]);
    assert_eq!(schools.speaker_articles, ["a1", "a2", "a3", "a5"]);
    let fishing = r
        .tables
        .quotes
        .iter()
        .find(|g| g.text.contains("Fishing"))
        .unwrap();
    assert!(!fishing.exclusive);
    assert_eq!(fishing.speaker_name, "unknown speaker");
    // Scare quotes are not statements.
    assert!(r.tables.quotes.iter().all(|g| g.text != "a promise"));
    assert_eq!(r.tables.quotes.len(), 3);
    let o = r
        .tables
        .omissions
        .iter()
        .find(|o| o.kind == "quote" && o.key == schools.id)
        .unwrap();
    assert_eq!(o.missing, ["a1", "a3", "a4", "a5"]);
    assert!(o
        .summary
        .starts_with("only 1 of 5 articles carry this statement by Jane Roe"));
}

#[test]
fn unrelated_statements_stay_apart() {
    let mut a1 = art(
        "a1",
        "The minister said the harbour budget would double next year. \"Ferries will run at night,\" she said.",
    );
    quote(
        &mut a1,
        "the harbour budget would double next year",
        "indirect",
        Some("e1"),
    );
    quote(&mut a1, "Ferries will run at night,", "direct", Some("e1"));
    let mut a2 = art(
        "a2",
        "The minister said the school budget would be cut. \"Night trains will run,\" she added. She called the plan \"sensible\".",
    );
    quote(
        &mut a2,
        "the school budget would be cut",
        "indirect",
        Some("e1"),
    );
    quote(&mut a2, "Night trains will run,", "direct", Some("e1"));
    quote(&mut a2, "sensible", "partial", Some("e1"));
    let r = report(vec![a1, a2], vec![entity("e1", "Ann Lee", "PERSON")]);
    assert_eq!(r.tables.quotes.len(), 5, "{:#?}", r.tables.quotes);
    assert!(r
        .tables
        .quotes
        .iter()
        .all(|g| g.members.len() == 1 && g.members[0].diff.is_empty() && g.exclusive));
}

// --------------------------------------------------------------- voices

#[test]
fn voice_share_counts_quotes_words_and_kinds_per_speaker() {
    let mut a = art(
        "a1",
        "\"We will win this vote and then we will govern,\" Lee said. \"Unity matters,\" Lee added. Critics said the plan was vague. Someone shouted \"never\". The so-called \"reform\" passed.",
    );
    quote(
        &mut a,
        "We will win this vote and then we will govern,",
        "direct",
        Some("e1"),
    );
    quote(&mut a, "Unity matters,", "direct", Some("e1"));
    quote(&mut a, "the plan was vague", "indirect", Some("e2"));
    quote(&mut a, "never", "partial", None);
    quote(&mut a, "reform", "scare", None);
    let r = report(
        vec![a, art("a2", "Nothing quoted here.")],
        vec![
            entity("e1", "Ann Lee", "PERSON"),
            entity("e2", "Critics", "ORG"),
        ],
    );
    let v = &r.tables.voices[0];
    assert_eq!((v.article.as_str(), v.quotes, v.words), ("a1", 4, 17));
    let rows: Vec<String> = v
        .voices
        .iter()
        .map(|x| {
            format!(
                "{:?} {}: {} quotes, {} words, {}/{}/{}",
                x.speaker, x.name, x.quotes, x.words, x.direct, x.partial, x.indirect
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "Some(\"e1\") Ann Lee: 2 quotes, 12 words, 2/0/0",
            "Some(\"e2\") Critics: 1 quotes, 4 words, 0/0/1",
            "None unknown speaker: 1 quotes, 1 words, 0/1/0"
        ]
    );
    assert_eq!(v.voices[0].share, 0.706);
    assert_eq!(slice(&r, &v.voices[0].spans[1]), "Unity matters,");
    let empty = &r.tables.voices[1];
    assert!(empty.voices.is_empty() && empty.words == 0);
}

// -------------------------------------------------------------- numbers

#[test]
fn numbers_line_up_by_what_they_quantify_and_disagreements_are_flagged() {
    let mut a1 = art(
        "a1",
        "The two leaders spoke on Wednesday. The call with Putin lasted about an hour. Russia launched more than 120 drones overnight. The fund received $66 billion in aid.",
    );
    mention(&mut a1, "two", 0, "CARDINAL", None);
    mention(&mut a1, "Wednesday", 0, "DATE", None);
    mention(&mut a1, "about an hour", 0, "TIME", None);
    mention(&mut a1, "more than 120", 0, "CARDINAL", None);
    mention(&mut a1, "$66 billion", 0, "MONEY", None);
    let mut a2 = art(
        "a2",
        "After a 90-minute call with Putin, the leaders agreed to meet. Air defences shot down 71 UAVs. The fund received $60 billion in aid from donors.",
    );
    mention(&mut a2, "90-minute", 0, "QUANTITY", None);
    mention(&mut a2, "71", 0, "CARDINAL", None);
    mention(&mut a2, "$60 billion", 0, "MONEY", None);
    let mut a3 = art(
        "a3",
        "The conversation lasted nearly 90 minutes, officials said. Aid worth $66bn was promised.",
    );
    mention(&mut a3, "nearly 90 minutes", 0, "TIME", None);
    mention(&mut a3, "$66bn", 0, "MONEY", None);
    let r = report(vec![a1, a2, a3], vec![]);
    let groups = &r.tables.numbers;
    let find = |thing: &str, dim: &str| {
        groups
            .iter()
            .find(|g| g.thing == thing && g.dimension == dim)
            .unwrap_or_else(|| panic!("no {thing} {dim} in {groups:#?}"))
    };

    let call = find("call", "duration");
    assert_eq!(call.articles, ["a1", "a2", "a3"]);
    assert_eq!(call.unit, "minutes");
    assert_eq!(
        call.values,
        ["about 60 minutes", "90 minutes", "nearly 90 minutes"]
    );
    // a1 and a2 speak of the call with Putin: about an hour vs 90 minutes.
    assert!(call.differs && call.conflict);
    let f = &call.facts[0];
    assert_eq!(
        (
            f.qualifier.as_deref(),
            f.value,
            f.unit.as_str(),
            f.base_value
        ),
        (Some("about"), 1.0, "hour", 60.0)
    );
    assert_eq!(slice(&r, f.head.as_ref().unwrap()), "call");
    assert_eq!(slice(&r, &f.span), "about an hour");
    assert_eq!(
        slice(&r, call.facts[1].head.as_ref().unwrap()),
        "call",
        "90-minute call"
    );
    assert_eq!(
        slice(&r, call.facts[2].head.as_ref().unwrap()),
        "conversation"
    );

    // Drones and UAVs are one thing; the figures are lined up.
    let drones = find("drone", "count");
    assert_eq!(drones.articles, ["a1", "a2"]);
    let texts: Vec<&str> = drones.facts.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(texts, ["more than 120", "71"]);
    assert_eq!(drones.facts[0].low, Some(120.0));
    assert_eq!(drones.facts[0].high, None);

    let aid = find("aid", "money");
    assert_eq!(aid.unit, "USD");
    assert_eq!(aid.values, ["66 billion USD", "60 billion USD"]);
    assert!(aid.differs && aid.conflict, "the fund received 66 or 60");
    assert_eq!(aid.facts[2].base_value, 66e9, "$66bn");
    // a1 and a3 agree; only a2 differs.
    assert_eq!(aid.articles, ["a1", "a2", "a3"]);

    // "the two leaders" and "Wednesday" state no figure.
    assert!(groups
        .iter()
        .flat_map(|g| &g.facts)
        .all(|f| f.text != "two" && f.text != "Wednesday"));
    for f in groups.iter().flat_map(|g| &g.facts) {
        assert_eq!(slice(&r, &f.span), f.text);
        assert!(f.context.contains(&f.text));
    }
    // A figure only a1 gives is no omission when nothing else is left out
    // … but the drones are: a3 has none.
    let o = r
        .tables
        .omissions
        .iter()
        .find(|o| o.kind == "number" && o.key == drones.id)
        .unwrap();
    assert_eq!(o.missing, ["a3"]);
}

#[test]
fn figures_about_different_occasions_do_not_conflict() {
    let mut a1 = art(
        "a1",
        "She follows 198 people on the site. Officials said the storm killed 12 people in the valley.",
    );
    mention(&mut a1, "198", 0, "CARDINAL", None);
    mention(&mut a1, "12", 0, "CARDINAL", None);
    let mut a2 = art(
        "a2",
        "He spoke to 45,000 people at the rally. The storm killed 15 people in the valley, officials said.",
    );
    mention(&mut a2, "45,000", 0, "CARDINAL", None);
    mention(&mut a2, "15", 0, "CARDINAL", None);
    let r = report(vec![a1, a2], vec![]);
    let people = &r.tables.numbers[0];
    assert_eq!(people.thing, "people");
    assert_eq!(people.facts.len(), 4);
    // 12 vs 15 killed in the storm conflict; 198 followed vs 45,000 at a
    // rally are other occasions.
    assert!(people.conflict);
    let mut b1 = art("b1", "She follows 198 people on the site.");
    mention(&mut b1, "198", 0, "CARDINAL", None);
    let mut b2 = art("b2", "He spoke to 45,000 people at the rally.");
    mention(&mut b2, "45,000", 0, "CARDINAL", None);
    let r = report(vec![b1, b2], vec![]);
    assert!(r.tables.numbers[0].differs && !r.tables.numbers[0].conflict);
}

#[test]
fn agreeing_figures_do_not_conflict() {
    let mut a1 = art(
        "a1",
        "Prices rose 5% last year. The vote drew 1,250 voters.",
    );
    mention(&mut a1, "5%", 0, "PERCENT", None);
    mention(&mut a1, "1,250", 0, "CARDINAL", None);
    let mut a2 = art(
        "a2",
        "Prices rose by about 5 per cent. More than 1,200 voters took part in the vote.",
    );
    mention(&mut a2, "about 5 per cent", 0, "PERCENT", None);
    mention(&mut a2, "More than 1,200", 0, "CARDINAL", None);
    let r = report(vec![a1, a2], vec![]);
    let voters = r
        .tables
        .numbers
        .iter()
        .find(|g| g.thing == "voter")
        .unwrap_or_else(|| panic!("{:#?}", r.tables.numbers));
    assert!(voters.differs && !voters.conflict);
    assert_eq!(voters.facts[0].base_value, 1250.0);
    let prices = r
        .tables
        .numbers
        .iter()
        .find(|g| g.dimension == "percent")
        .unwrap_or_else(|| panic!("{:#?}", r.tables.numbers));
    assert_eq!(prices.articles.len(), 2);
    assert!(!prices.conflict);
}

// ---------------------------------------------------------- example bundle

/// The example bundle, analysed once for all tests.
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

#[test]
fn example_bundle_tables() {
    let r = example();
    let n = r.articles.len();
    assert_eq!(n, 6);
    let t = &r.tables;

    // Entities: a row named by every article; some entity is spelt
    // differently by different outlets; every span is real.
    assert_eq!(t.entities[0].spread, n);
    assert!(t.entities.windows(2).all(|w| w[0].spread >= w[1].spread));
    assert!(t.entities.iter().any(|row| {
        let mut first: Vec<&str> = row
            .cells
            .iter()
            .filter_map(|c| c.variants.first())
            .map(|u| u.text.as_str())
            .collect();
        first.sort_unstable();
        first.dedup();
        first.len() > 1
    }));
    assert!(t
        .entities
        .iter()
        .any(|row| row.cells.iter().any(|c| !c.labels.is_empty())));
    for c in t.entities.iter().flat_map(|row| &row.cells) {
        assert!(c.count >= 1 && c.mentions.len() == c.count);
        assert!((0.0..=1.0).contains(&c.position));
        for m in &c.mentions {
            slice(r, m);
        }
    }

    // Quotes: every statement (not scare quotes) is in exactly one group;
    // some statement reaches several articles, cut short in one of them.
    let statements: usize = r
        .articles
        .iter()
        .flat_map(|a| &a.quotes)
        .filter(|q| q.kind != "scare")
        .count();
    let members: usize = t.quotes.iter().map(|g| g.members.len()).sum();
    assert_eq!(members, statements);
    let shared = t
        .quotes
        .iter()
        .find(|g| g.articles.len() >= 3)
        .expect("a statement in three articles");
    assert!(shared.cut, "{shared:#?}");
    for g in &t.quotes {
        for m in &g.members {
            assert_eq!(slice(r, &m.span), m.text);
            let a = r.articles.iter().find(|a| a.id == m.article).unwrap();
            assert_eq!(a.quotes[m.quote].start, m.span.start);
            for d in &m.diff {
                assert_eq!(slice(r, &d.span), d.text);
            }
        }
    }
    assert!(t.quotes.iter().any(|g| g.exclusive));

    // Voices: one per article, shares add up.
    assert_eq!(t.voices.len(), n);
    for v in &t.voices {
        let sum: f64 = v.voices.iter().map(|x| x.share).sum();
        assert!(v.words == 0 || (sum - 1.0).abs() < 0.01, "{v:#?}");
    }

    // Numbers: the length of the call is given differently by several
    // articles.
    assert!(
        t.numbers
            .iter()
            .any(|g| g.dimension == "duration" && g.articles.len() >= 2 && g.differs),
        "{:#?}",
        t.numbers
    );
    for f in t.numbers.iter().flat_map(|g| &g.facts) {
        assert_eq!(slice(r, &f.span), f.text);
    }

    // Omissions: only partly carried, most prominent first.
    assert!(!t.omissions.is_empty());
    for o in &t.omissions {
        assert_eq!(o.articles.len() + o.missing.len(), n);
        assert!(!o.articles.is_empty() && !o.missing.is_empty());
    }
    assert!(t
        .omissions
        .windows(2)
        .all(|w| w[0].prominence >= w[1].prominence));
    for kind in ["entity", "quote", "number"] {
        assert!(t.omissions.iter().any(|o| o.kind == kind), "{kind}");
    }

    // The report with its tables round-trips through JSON.
    let json = serde_json::to_string(r).unwrap();
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back.tables, r.tables);
}

#[test]
fn example_tables_export_as_csv_and_markdown() {
    let r = example();
    for (name, first, min_rows) in [
        ("entities", "entity", 50),
        ("quotes", "group", 50),
        ("voices", "article", 6),
        ("numbers", "group", 5),
        ("omissions", "kind", 20),
    ] {
        assert!(export::CSV_TABLES.contains(&name));
        let csv = export::table_csv(r, name).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        let mut rd = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let width = rd.headers().unwrap().len();
        assert_eq!(rd.headers().unwrap().get(0), Some(first), "{name}");
        let rows: Vec<_> = rd.records().map(|x| x.unwrap()).collect();
        assert!(rows.len() >= min_rows, "{name}: {} rows", rows.len());
        assert!(rows.iter().all(|x| x.len() == width), "{name}");
    }
    let md = export::markdown(r);
    for section in [
        "## Who and what each outlet names",
        "## Quotes across articles",
        "## Voice share",
        "## Numbers and facts",
        "## Omissions",
    ] {
        assert!(md.contains(section), "{section}");
    }
}

#[test]
fn new_tables_hold_on_a_300_article_bundle() {
    use parallax::compare::{entities, numbers, omissions, position, quotes, voices, words};
    let one = example();
    let mut big: Vec<Article> = Vec::new();
    for copy in 0..50 {
        for a in &one.articles {
            let mut a = a.clone();
            a.id = format!("{}-{copy}", a.id);
            big.push(a);
        }
    }
    let articles: Vec<&Article> = big.iter().collect();
    // Speed is measured in `make bench` (benches/pipeline.rs), not here.
    let w: Vec<_> = articles.iter().map(|a| words::words(a)).collect();
    let l: Vec<_> = articles
        .iter()
        .zip(&w)
        .map(|(a, w)| position::layout(a, w))
        .collect();
    let e = entities::matrix(&articles, &l, &one.entities);
    let q = quotes::align(&articles, &w, &l, &one.entities);
    let n = numbers::numbers(&articles, &w, &l);
    let v = voices::voices(&articles, &w, &one.entities);
    let o = omissions::omissions(&articles, &l, &e, &q, &n, 1);
    assert_eq!(omissions::omissions(&articles, &l, &e, &q, &n, 2), o);
    assert_eq!(v.len(), 300);
    assert_eq!(e[0].spread, 300);
    assert!(o.len() <= omissions::MAX_ROWS);
    // The copies of a statement fall into one group.
    let whole = q.iter().filter(|g| g.articles.len() % 50 == 0).count();
    assert!(whole * 10 >= q.len() * 9, "{whole} of {}", q.len());
}
