//! Quote finding and attribution on project-owned sentences: every mark
//! style, kind, sieve and cue the quote finder supports, with hand-made
//! NER mentions so that the tests pin the quote stage alone. Runs without
//! `../shared`.

use parallax::analysis::quotes::{self, Found, QuoteKind, Sieve};
use parallax::report::{Article, Mention};

/// A mention of the `n`-th occurrence (0-based) of `s` in `text`.
fn nth(text: &str, s: &str, n: usize, label: &str) -> Mention {
    let start = text
        .match_indices(s)
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{s:?} not in text"));
    Mention {
        start,
        end: start + s.len(),
        label: label.to_string(),
        entity: None,
    }
}

fn person(text: &str, s: &str) -> Mention {
    nth(text, s, 0, "PERSON")
}

fn org(text: &str, s: &str) -> Mention {
    nth(text, s, 0, "ORG")
}

/// What the tests look at, as text.
#[derive(Debug)]
struct Q {
    content: String,
    kind: QuoteKind,
    /// The mention naming the speaker (antecedent of a pronoun).
    speaker: Option<String>,
    /// The speaker as written near the cue ("he", "the ministry").
    written: Option<String>,
    cue: Option<String>,
    via: Option<String>,
    sieve: Sieve,
}

fn slice(text: &str, s: Option<[usize; 2]>) -> Option<String> {
    s.map(|s| text[s[0]..s[1]].to_string())
}

fn run(text: &str, mentions: &[Mention]) -> Vec<Q> {
    let found: Vec<Found> = quotes::find(text, &[], mentions);
    for f in &found {
        // Offsets are on char boundaries and inside the text.
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        assert!(f.start < f.end && f.end <= text.len());
    }
    found
        .into_iter()
        .map(|f| Q {
            content: text[f.start..f.end].to_string(),
            kind: f.kind,
            speaker: slice(text, f.antecedent),
            written: slice(text, f.speaker),
            cue: slice(text, f.cue),
            via: f.via.clone(),
            sieve: f.sieve,
        })
        .collect()
}

/// The quote whose content starts with `start`.
fn q<'a>(qs: &'a [Q], start: &str) -> &'a Q {
    qs.iter()
        .find(|q| q.content.starts_with(start))
        .unwrap_or_else(|| panic!("no quote starting {start:?} in {qs:#?}"))
}

fn speaker(qs: &[Q], start: &str) -> Option<String> {
    q(qs, start).speaker.clone()
}

// --- Quote marks -----------------------------------------------------------

#[test]
fn every_mark_style_pairs_by_type() {
    for (open, close) in [
        ("“", "”"),
        ("\"", "\""),
        ("‘", "’"),
        ("'", "'"),
        ("«", "»"),
        ("„", "“"),
        ("‹", "›"),
    ] {
        let t = format!("Mayor Lena Park said: {open}We will rebuild the bridge by spring.{close}");
        let qs = run(&t, &[person(&t, "Lena Park")]);
        assert_eq!(qs.len(), 1, "{open}{close}: {qs:#?}");
        assert_eq!(
            qs[0].content, "We will rebuild the bridge by spring.",
            "{open}{close}"
        );
        assert_eq!(qs[0].kind, QuoteKind::Direct);
        assert_eq!(qs[0].speaker.as_deref(), Some("Lena Park"), "{open}{close}");
    }
    // French spacing inside guillemets.
    let t = "Lena Park a dit : « Nous reconstruirons le pont. »";
    let qs = run(t, &[person(t, "Lena Park")]);
    assert_eq!(qs[0].content, "Nous reconstruirons le pont.");
}

#[test]
fn nested_quotes_stay_inside_the_outer_one() {
    let t = "“They told me ‘never again,’ and I believed them,” said Ana Ruiz.";
    let qs = run(t, &[person(t, "Ana Ruiz")]);
    assert_eq!(qs.len(), 1);
    assert_eq!(
        qs[0].content,
        "They told me ‘never again,’ and I believed them,"
    );
    assert_eq!(qs[0].speaker.as_deref(), Some("Ana Ruiz"));
    assert_eq!(qs[0].sieve, Sieve::AdjacentAfter);
}

#[test]
fn a_quote_over_several_paragraphs() {
    let t = "“The first paragraph of the statement sets out the plan.\n\n\
             “The second paragraph explains the costs.\n\n\
             “And the third one ends it,” Lena Park said.\n\nThe council met later.";
    let qs = run(t, &[person(t, "Lena Park")]);
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert!(qs[0].content.starts_with("The first paragraph"));
    assert!(qs[0].content.ends_with("ends it,"));
    assert_eq!(qs[0].kind, QuoteKind::Direct);
    assert_eq!(qs[0].speaker.as_deref(), Some("Lena Park"));
}

#[test]
fn an_unterminated_final_quote_runs_to_the_end() {
    let t = "Omar Haddad told reporters that “the harbour will reopen next week\n\n";
    let qs = run(t, &[person(t, "Omar Haddad")]);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].content, "the harbour will reopen next week");
    assert_eq!(qs[0].speaker.as_deref(), Some("Omar Haddad"));
}

#[test]
fn agency_style_quotes_glued_to_the_previous_word() {
    let t = "Omar Haddad said the talks had been a'long and very useful meeting' in which \
             both sides agreed it was'plain common sense' to keep going, and said'some of the \
             road will reopen' soon.";
    let qs = run(t, &[person(t, "Omar Haddad")]);
    let contents: Vec<&str> = qs
        .iter()
        .filter(|q| q.kind != QuoteKind::Indirect)
        .map(|q| q.content.as_str())
        .collect();
    assert_eq!(
        contents,
        [
            "long and very useful meeting",
            "plain common sense",
            "some of the road will reopen"
        ]
    );
    for c in contents {
        assert_eq!(speaker(&qs, c).as_deref(), Some("Omar Haddad"), "{c}");
        assert_eq!(q(&qs, c).kind, QuoteKind::Partial, "{c}");
    }
}

#[test]
fn glued_sentence_quotes_after_a_period() {
    let t = "The talks went well, officials said.'We each spoke about the future,' Omar Haddad \
             said.'It is time to stop this,' Omar Haddad stated.";
    let qs = run(
        t,
        &[
            nth(t, "Omar Haddad", 0, "PERSON"),
            nth(t, "Omar Haddad", 1, "PERSON"),
        ],
    );
    assert_eq!(q(&qs, "We each").kind, QuoteKind::Direct);
    assert_eq!(speaker(&qs, "We each").as_deref(), Some("Omar Haddad"));
    assert_eq!(speaker(&qs, "It is time").as_deref(), Some("Omar Haddad"));
}

#[test]
fn apostrophes_never_open_quotes() {
    let t = "Ukraine's and Russia’s envoys don't agree, and rock ’n’ roll from the ’90s \
             played at O'Brien's bar in the '80s while the leaders' aides waited.";
    assert!(run(t, &[]).is_empty());
    let t = "“Ukraine’s envoys don’t agree with the ’90s plan,” Lena Park said.";
    let qs = run(t, &[person(t, "Lena Park")]);
    assert_eq!(qs.len(), 1);
    assert_eq!(
        qs[0].content,
        "Ukraine’s envoys don’t agree with the ’90s plan,"
    );
}

// --- Kinds -----------------------------------------------------------------

#[test]
fn kinds_direct_partial_indirect_scare() {
    let t = "“We are ready to sign,” Lena Park said. Park described the deal as “bold and \
             overdue” and said the treaty would be signed in May. Critics mocked the so-called \
             “peace dividend” and the plan known as “Operation Spring Light”.";
    let qs = run(t, &[person(t, "Lena Park"), nth(t, "Park", 1, "PERSON")]);
    assert_eq!(q(&qs, "We are ready").kind, QuoteKind::Direct);
    assert_eq!(q(&qs, "bold and overdue").kind, QuoteKind::Partial);
    assert_eq!(speaker(&qs, "bold and overdue").as_deref(), Some("Park"));
    let ind = q(&qs, "the treaty would be signed in May");
    assert_eq!(ind.kind, QuoteKind::Indirect);
    assert_eq!(ind.speaker.as_deref(), Some("Park"));
    assert_eq!(q(&qs, "peace dividend").kind, QuoteKind::Scare);
    assert_eq!(q(&qs, "peace dividend").speaker, None);
    assert_eq!(q(&qs, "Operation Spring Light").kind, QuoteKind::Scare);
}

#[test]
fn headlines_kickers_and_titles_are_scare_quotes() {
    let t = "'NO EASY WAY OUT'\n\nThe show “Evening Market Report” aired a segment about \
             “fairness” in trade.";
    let qs = run(t, &[]);
    assert_eq!(qs.len(), 3, "{qs:#?}");
    assert!(qs
        .iter()
        .all(|q| q.kind == QuoteKind::Scare && q.speaker.is_none()));
}

#[test]
fn indirect_speech_forms() {
    let t = "Lena Park said the bridge could not reopen before May. According to Omar Haddad, \
             the harbour will stay closed. Ana Ruiz warned that prices would rise. Ana Ruiz told \
             the council that the budget was short. Costs will double, Omar Haddad said.";
    let ms = [
        person(t, "Lena Park"),
        person(t, "Omar Haddad"),
        nth(t, "Ana Ruiz", 0, "PERSON"),
        nth(t, "Ana Ruiz", 1, "PERSON"),
        nth(t, "Omar Haddad", 1, "PERSON"),
    ];
    let qs = run(t, &ms);
    for (content, who) in [
        ("the bridge could not reopen before May", "Lena Park"),
        ("the harbour will stay closed", "Omar Haddad"),
        ("prices would rise", "Ana Ruiz"),
        ("the budget was short", "Ana Ruiz"),
        ("Costs will double", "Omar Haddad"),
    ] {
        let x = q(&qs, content);
        assert_eq!(x.kind, QuoteKind::Indirect, "{content}");
        assert_eq!(x.speaker.as_deref(), Some(who), "{content}");
    }
}

// --- Sieves ----------------------------------------------------------------

#[test]
fn adjacent_patterns() {
    let t = "“The vote is final,” Lena Park said. “The vote is fair,” said Omar Haddad. \
             “The vote is late,” Ana Ruiz told reporters. Tomas Berg said: “The vote is over.” \
             Ivo Marsh wrote on X: “The vote is a farce.”";
    let ms = [
        person(t, "Lena Park"),
        person(t, "Omar Haddad"),
        person(t, "Ana Ruiz"),
        person(t, "Tomas Berg"),
        person(t, "Ivo Marsh"),
    ];
    let qs = run(t, &ms);
    for (c, who, sieve) in [
        ("The vote is final", "Lena Park", Sieve::AdjacentAfter),
        ("The vote is fair", "Omar Haddad", Sieve::AdjacentAfter),
        ("The vote is late", "Ana Ruiz", Sieve::AdjacentAfter),
        ("The vote is over", "Tomas Berg", Sieve::AdjacentBefore),
        ("The vote is a farce", "Ivo Marsh", Sieve::AdjacentBefore),
    ] {
        let x = q(&qs, c);
        assert_eq!(x.speaker.as_deref(), Some(who), "{c}");
        assert_eq!(x.sieve, sieve, "{c}");
        assert_eq!(x.kind, QuoteKind::Direct, "{c}");
    }
    assert_eq!(
        q(&qs, "The vote is late").cue.as_deref(),
        Some("told reporters")
    );
    assert_eq!(q(&qs, "The vote is a farce").via.as_deref(), Some("X"));
}

#[test]
fn subject_of_the_cue_whose_clause_holds_the_quote() {
    let t = "Defense Minister Tomas Berg, who met the envoys in Vienna, described the \
             proposal as “a serious basis for talks” on Friday.";
    let qs = run(t, &[person(t, "Tomas Berg"), nth(t, "Vienna", 0, "GPE")]);
    let x = q(&qs, "a serious basis");
    assert_eq!(x.speaker.as_deref(), Some("Tomas Berg"));
    assert_eq!(x.sieve, Sieve::Clause);
    assert_eq!(x.kind, QuoteKind::Partial);
    assert_eq!(x.cue.as_deref(), Some("described"));
}

#[test]
fn continuation_quotes_inherit_the_previous_speaker() {
    let t = "“We will hold the line,” Lena Park said at the rally.\n\n\
             “Nobody will be left behind. That is a promise.”\n\n\
             The crowd cheered.";
    let qs = run(t, &[person(t, "Lena Park")]);
    let x = q(&qs, "Nobody will be left behind");
    assert_eq!(x.sieve, Sieve::Continuation);
    assert_eq!(x.speaker.as_deref(), Some("Lena Park"));
    assert_eq!(x.kind, QuoteKind::Direct);
    // Interrupted quotes: the second half shares the speaker.
    let t = "“We will hold the line,” Lena Park said. “Nobody will be left behind.”";
    let qs = run(t, &[person(t, "Lena Park")]);
    assert_eq!(speaker(&qs, "Nobody").as_deref(), Some("Lena Park"));
}

#[test]
fn a_pronoun_goes_to_the_subject_not_the_last_name() {
    let t = "Tomas Berg met Ivan Petrov in Geneva on Monday. “We agreed on a timetable,” he said.";
    let qs = run(t, &[person(t, "Tomas Berg"), person(t, "Ivan Petrov")]);
    let x = q(&qs, "We agreed");
    assert_eq!(x.written.as_deref(), Some("he"));
    assert_eq!(x.speaker.as_deref(), Some("Tomas Berg"));
}

#[test]
fn a_pronoun_agrees_in_gender() {
    let t = "Ana Ruiz met Tomas Berg on Monday. “The talks were useful,” he said.";
    let qs = run(t, &[person(t, "Ana Ruiz"), person(t, "Tomas Berg")]);
    assert_eq!(speaker(&qs, "The talks").as_deref(), Some("Tomas Berg"));
    let t = "Ms. Okafor met Tomas Berg on Monday. “The talks were useful,” she said.";
    let qs = run(t, &[person(t, "Okafor"), person(t, "Tomas Berg")]);
    assert_eq!(speaker(&qs, "The talks").as_deref(), Some("Okafor"));
}

#[test]
fn organisations_speak() {
    let t = "The Kremlin said the call was “frank and useful.” \
             The Defense Ministry of Freedonia reported new strikes overnight. \
             “All targets were hit,” the ministry said. “The operation continues,” officials added.";
    let ms = [org(t, "Kremlin"), org(t, "Defense Ministry of Freedonia")];
    let qs = run(t, &ms);
    assert_eq!(speaker(&qs, "frank and useful").as_deref(), Some("Kremlin"));
    let x = q(&qs, "All targets were hit");
    assert_eq!(x.written.as_deref(), Some("the ministry"));
    assert_eq!(x.speaker.as_deref(), Some("Defense Ministry of Freedonia"));
    assert_eq!(
        speaker(&qs, "The operation continues").as_deref(),
        Some("Defense Ministry of Freedonia")
    );
}

#[test]
fn a_speaker_for_an_organisation_and_an_office() {
    let t = "“We have no comment,” a spokeswoman for the Harbour Authority said.";
    let qs = run(t, &[org(t, "Harbour Authority")]);
    assert_eq!(
        speaker(&qs, "We have no").as_deref(),
        Some("Harbour Authority")
    );
}

#[test]
fn unknown_speakers_stay_unknown() {
    let t = "The report was published on Monday.\n\n“Nobody saw this coming, and nobody will \
             admit it now.”\n\nThe report ends there.";
    let qs = run(t, &[]);
    let x = q(&qs, "Nobody saw this");
    assert_eq!(x.speaker, None);
    assert_eq!(x.written, None);
    assert_eq!(x.sieve, Sieve::None);
}

#[test]
fn nested_reported_speech() {
    // The outer speaker is the one quoted…
    let t = "Lena Park said the meeting went well and noted that the envoy agreed it was \
             “plain common sense” to keep talking.";
    let qs = run(t, &[person(t, "Lena Park")]);
    assert_eq!(
        speaker(&qs, "plain common sense").as_deref(),
        Some("Lena Park")
    );
    // …but what an object verb is about quotes its own speaker.
    let t = "Omar Haddad mocked Lena Park’s claim that the plan would bring “peace through trade.”";
    let qs = run(t, &[person(t, "Omar Haddad"), person(t, "Lena Park")]);
    assert_eq!(
        speaker(&qs, "peace through trade").as_deref(),
        Some("Lena Park")
    );
}

#[test]
fn coordinated_and_participle_cues_share_the_subject() {
    let t = "Lena Park said the port would reopen, adding that “ships are already waiting.”";
    let qs = run(t, &[person(t, "Lena Park")]);
    assert_eq!(speaker(&qs, "ships are").as_deref(), Some("Lena Park"));
    assert_eq!(q(&qs, "the port would reopen").kind, QuoteKind::Indirect);
    let t = "Lena Park visited the docks and said “the work starts now.”";
    let qs = run(t, &[person(t, "Lena Park")]);
    assert_eq!(
        speaker(&qs, "the work starts").as_deref(),
        Some("Lena Park")
    );
}

#[test]
fn hearsay_and_sources_after_the_fact() {
    let t = "Lena Park defended the mayor against accusations of “betrayal” on Monday.";
    let qs = run(t, &[person(t, "Lena Park")]);
    assert_eq!(q(&qs, "betrayal").kind, QuoteKind::Scare);
    assert_eq!(speaker(&qs, "betrayal"), None);
    let t = "The call signals a wish for a “negotiated peace,” as stated by Omar Haddad.";
    let qs = run(t, &[person(t, "Omar Haddad")]);
    assert_eq!(
        speaker(&qs, "negotiated peace").as_deref(),
        Some("Omar Haddad")
    );
}

// --- Cues and via ----------------------------------------------------------

#[test]
fn cue_frames_and_via() {
    let t = "Lena Park said in a statement that the port would reopen. \
             Omar Haddad told CNBC that “the market is calm.” \
             Ana Ruiz said on Truth Social that the deal was done. \
             Tomas Berg was quoted as saying by Politico that “nothing is agreed.” \
             Ivo Marsh said the ceasefire held, in remarks carried by TASS. \
             “Results will come quickly,” Carl Weiss told lawmakers, according to NBC News reporting.";
    let ms = [
        person(t, "Lena Park"),
        person(t, "Omar Haddad"),
        org(t, "CNBC"),
        person(t, "Ana Ruiz"),
        person(t, "Tomas Berg"),
        org(t, "Politico"),
        person(t, "Ivo Marsh"),
        org(t, "TASS"),
        person(t, "Carl Weiss"),
        org(t, "NBC News"),
    ];
    let qs = run(t, &ms);
    let x = q(&qs, "the port would reopen");
    assert_eq!(x.cue.as_deref(), Some("said in a statement"));
    assert_eq!(x.speaker.as_deref(), Some("Lena Park"));
    let x = q(&qs, "the market is calm");
    assert_eq!(x.via.as_deref(), Some("CNBC"));
    assert_eq!(x.speaker.as_deref(), Some("Omar Haddad"));
    assert_eq!(
        q(&qs, "the deal was done").via.as_deref(),
        Some("Truth Social")
    );
    let x = q(&qs, "nothing is agreed");
    assert_eq!(x.speaker.as_deref(), Some("Tomas Berg"));
    assert_eq!(x.via.as_deref(), Some("Politico"));
    let x = q(&qs, "the ceasefire held");
    assert_eq!(x.speaker.as_deref(), Some("Ivo Marsh"));
    assert_eq!(x.via.as_deref(), Some("TASS"));
    let x = q(&qs, "Results will come");
    assert_eq!(x.speaker.as_deref(), Some("Carl Weiss"));
    assert_eq!(x.via.as_deref(), Some("NBC News"));
}

#[test]
fn more_speech_cues() {
    let t = "Lena Park dismissed the report as “pure fiction.” Omar Haddad mocked the plan, \
             calling it “a fairy tale.” Ana Ruiz insisted that the vote was fair. Tomas Berg \
             emphasised that “time is short.” According to the ministry, two ships were hit. \
             The talks were useful, as quoted by Ivo Marsh.";
    let ms = [
        person(t, "Lena Park"),
        person(t, "Omar Haddad"),
        person(t, "Ana Ruiz"),
        person(t, "Tomas Berg"),
        person(t, "Ivo Marsh"),
    ];
    let qs = run(t, &ms);
    assert_eq!(speaker(&qs, "pure fiction").as_deref(), Some("Lena Park"));
    assert_eq!(q(&qs, "pure fiction").cue.as_deref(), Some("dismissed"));
    assert_eq!(speaker(&qs, "a fairy tale").as_deref(), Some("Omar Haddad"));
    assert_eq!(
        speaker(&qs, "the vote was fair").as_deref(),
        Some("Ana Ruiz")
    );
    assert_eq!(speaker(&qs, "time is short").as_deref(), Some("Tomas Berg"));
    let x = q(&qs, "two ships were hit");
    assert_eq!(x.kind, QuoteKind::Indirect);
    assert_eq!(x.written.as_deref(), Some("the ministry"));
}

// --- Report and entities ---------------------------------------------------

#[test]
fn report_quotes_and_speaker_entities() {
    let t = "Tomas Berg met Ivan Petrov. “We agreed,” he said. “It went well,” said Petrov.";
    let mut ms = vec![
        person(t, "Tomas Berg"),
        person(t, "Ivan Petrov"),
        nth(t, "Petrov", 1, "PERSON"),
    ];
    let qs = quotes::report_quotes(t, &[], &ms);
    let first = qs.iter().find(|q| &t[q.start..q.end] == "We agreed,");
    let first = first.unwrap_or_else(|| panic!("{qs:#?}"));
    assert_eq!(first.kind, "direct");
    assert_eq!(
        first
            .speaker_start
            .map(|s| &t[s..first.speaker_end.unwrap_or(s)]),
        Some("Tomas Berg")
    );
    ms[0].entity = Some("e1".into());
    ms[1].entity = Some("e2".into());
    ms[2].entity = Some("e2".into());
    let mut article = Article {
        id: "a1".into(),
        text: t.into(),
        mentions: ms,
        quotes: qs,
        ..Default::default()
    };
    quotes::link_speakers(&mut article);
    let who: Vec<(&str, Option<&str>)> = article
        .quotes
        .iter()
        .map(|q| (&t[q.start..q.end], q.speaker.as_deref()))
        .collect();
    assert!(who.contains(&("We agreed,", Some("e1"))), "{who:?}");
    assert!(who.contains(&("It went well,", Some("e2"))), "{who:?}");
}

#[test]
fn boilerplate_is_skipped() {
    let t = "“We won,” Lena Park said. Read more: “Ten tips for voters” at our site. The end.";
    let s = t.find("Read more").unwrap_or(0);
    let e = t.find(" The end").unwrap_or(0);
    let qs = quotes::find(t, &[[s, e]], &[person(t, "Lena Park")]);
    assert_eq!(qs.len(), 1);
}

#[test]
fn works_without_ner_mentions() {
    let t = "“We will rebuild,” said Mayor Lena Park. She said the work would start in May.";
    let qs = run(t, &[]);
    assert_eq!(
        speaker(&qs, "We will rebuild").as_deref(),
        Some("Lena Park")
    );
    assert_eq!(q(&qs, "the work would start").kind, QuoteKind::Indirect);
}

// --- Hostile input ---------------------------------------------------------

#[test]
fn never_panics_and_stays_linear() {
    let cases: Vec<String> = vec![
        String::new(),
        "“".into(),
        "'".into(),
        "\"\"\"\"\"".into(),
        "said said said".into(),
        "“said,” said “said,” said".into(),
        "«»‹›„“‚‘’”".into(),
        "\n\n\n“\n\n“\n\n".into(),
        "a'b'c'd'e'f".into(),
        "He said: ".into(),
        "according to".into(),
        "é“ü”ñ‘ß’".into(),
    ];
    for t in &cases {
        let _ = quotes::find(t, &[[0, 1], [3, 2], [100, 200]], &[]);
        let _ = quotes::report_quotes(t, &[], &[]);
    }
    // Mentions with nonsense offsets are ignored.
    let bad = Mention {
        start: 5,
        end: 500,
        label: "PERSON".into(),
        entity: None,
    };
    let _ = quotes::find("short text", &[], &[bad]);
    let start = std::time::Instant::now();
    let marks: String = "“'\"‘’”«»„ ".repeat(12_000);
    let _ = quotes::find(&marks, &[], &[]);
    let speech: String =
        "“We will win,” he said, adding that “they said it” and said so. ".repeat(2_000);
    let qs = quotes::find(&speech, &[], &[]);
    assert!(!qs.is_empty());
    let run_on: String = "Lena said the port said the ship said “x” said ".repeat(3_000);
    let _ = quotes::find(&run_on, &[], &[]);
    assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
}
