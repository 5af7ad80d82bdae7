//! The analysis report: the one structure the web app and the CLI read.
//!
//! # Offsets
//! Every offset in a report (`start`, `end`, `boilerplate`, `speaker_start`,
//! `cue_start`, provenance spans, …) is a **UTF-8 byte offset into the `text`
//! of the article it belongs to**, end-exclusive, and always on a `char`
//! boundary. An article's `text` is a verbatim slice of the decoded input
//! (for HTML: of the text extracted from it), so every offset points at the
//! user's own words. The web app converts to UTF-16 for the DOM; nothing else
//! converts.
//!
//! # Versioning
//! `schema` is `parallax.report/1`. Field names listed in the product brief
//! (`articles[].mentions[].{start,end,label,entity}`, `quotes[]…`,
//! `entities[].variants[]…`) are read by external scorers and stay stable;
//! new fields may be added, never renamed, within version 1. Unknown values
//! are `null`, never guessed.

use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::BTreeMap;

/// Identifier of this schema; bump only on a breaking change.
pub const SCHEMA: &str = "parallax.report/1";

thread_local! {
    static WIRE_FORM: Cell<bool> = const { Cell::new(false) };
}

/// Run `serde` (serialising or deserialising a report or part of one) in
/// the form of the web app's worker messages, which use postcard: a
/// format that keeps no field names, so every field is written, also
/// those the JSON leaves out when empty (`provenance`, `excluded`, …), and
/// one that cannot read internally tagged enums, so the corrections
/// (`edits`) go as their JSON text.
pub fn in_wire_form<R>(serde: impl FnOnce() -> R) -> R {
    let before = WIRE_FORM.with(|f| f.replace(true));
    let out = serde();
    WIRE_FORM.with(|f| f.set(before));
    out
}

fn wire_form() -> bool {
    WIRE_FORM.with(Cell::get)
}

/// [`Report::edits`]: as JSON text [`in_wire_form`].
mod edits_field {
    use super::wire_form;
    use crate::edits::Edit;
    use serde::de::Error as _;
    use serde::ser::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(edits: &Vec<Edit>, serializer: S) -> Result<S::Ok, S::Error> {
        if wire_form() {
            let json = serde_json::to_string(edits).map_err(S::Error::custom)?;
            serializer.serialize_str(&json)
        } else {
            edits.serialize(serializer)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Edit>, D::Error> {
        if wire_form() {
            let json = String::deserialize(deserializer)?;
            serde_json::from_str(&json).map_err(D::Error::custom)
        } else {
            Vec::deserialize(deserializer)
        }
    }
}

fn left_out(empty: bool) -> bool {
    empty && !wire_form()
}

fn left_out_vec<T>(v: &[T]) -> bool {
    left_out(v.is_empty())
}

fn left_out_map<K, V>(m: &BTreeMap<K, V>) -> bool {
    left_out(m.is_empty())
}

fn left_out_bool(b: &bool) -> bool {
    left_out(!*b)
}

fn left_out_option<T>(o: &Option<T>) -> bool {
    left_out(o.is_none())
}

/// A whole analysed bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    /// Which program (and, once there is one, which model) made the report.
    pub generator: Generator,
    /// Bundle title when the input gave one (JSON `title`/`event`).
    pub title: Option<String>,
    pub articles: Vec<Article>,
    pub entities: Vec<Entity>,
    pub tables: Tables,
    /// One message per problem with an input file; the other files still load.
    pub notices: Vec<Notice>,
    /// The user's corrections applied on top of the automatic analysis, in
    /// order (see [`crate::edits`]); edits whose anchor no longer matched
    /// are not listed. Absent when there are none.
    #[serde(default, skip_serializing_if = "left_out_vec", with = "edits_field")]
    pub edits: Vec<crate::edits::Edit>,
    /// Entities with a value set by the user's edits: `fields` names which
    /// (`name`, `label`, `variants` after a merge or split, `created` for
    /// an entity split out by the user). Absent when there are none.
    #[serde(default, skip_serializing_if = "left_out_vec")]
    pub user_entities: Vec<UserEntity>,
}

impl Report {
    /// An empty report carrying this build's generator information.
    pub fn new() -> Self {
        Report {
            schema: SCHEMA.to_string(),
            generator: Generator::current(),
            title: None,
            articles: Vec::new(),
            entities: Vec::new(),
            tables: Tables::default(),
            notices: Vec::new(),
            edits: Vec::new(),
            user_entities: Vec::new(),
        }
    }
}

impl Default for Report {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Generator {
    pub name: String,
    pub version: String,
    /// Version of the statistical model used, `null` while none is used.
    pub model: Option<String>,
}

impl Generator {
    pub fn current() -> Self {
        Generator {
            name: "parallax".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            model: None,
        }
    }
}

/// One article of the bundle with its metadata and analysis.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Article {
    /// Stable within the report: the input `id` for JSON articles, otherwise
    /// `a1`, `a2`, … in input order.
    pub id: String,
    /// Path of the file the article came from (inside a zip: `bundle.zip/x.txt`);
    /// `null` for pasted text.
    pub source_file: Option<String>,
    /// 1-based position of the article within its source file.
    pub part: u32,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// ISO `YYYY-MM-DD` when the date could be read fully, else as written.
    pub date: Option<String>,
    pub byline: Option<String>,
    /// Section label of a multi-article file (e.g. `WESTERN PERSPECTIVE`).
    pub section: Option<String>,
    pub url: Option<String>,
    /// Verbatim article text; all offsets point into it.
    pub text: String,
    /// `[start, end)` ranges of boilerplate (comment prompts, "Read Full
    /// Article at …", "ALSO READ: …") excluded from analysis, sorted.
    pub boilerplate: Vec<[usize; 2]>,
    /// Where each metadata value came from (`title`, `outlet`, `date`, …).
    #[serde(default, skip_serializing_if = "left_out_map")]
    pub provenance: BTreeMap<String, Provenance>,
    /// Counts over the analysed (non-boilerplate) text.
    #[serde(default)]
    pub stats: ArticleStats,
    /// The user excluded this article from the comparison (kept, not deleted).
    #[serde(default, skip_serializing_if = "left_out_bool")]
    pub excluded: bool,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    /// Mentions with a value set by the user's edits: `index` into
    /// `mentions`, `fields` among `entity` (after a merge or split) and
    /// `label`. Mentions the user said are no entity are removed from
    /// `mentions` (the edit stays in the report's `edits`). Absent when empty.
    #[serde(default, skip_serializing_if = "left_out_vec")]
    pub user_mentions: Vec<UserItem>,
    /// Quotes with a value set by the user's edits: `index` into `quotes`,
    /// `fields` among `speaker`, `kind` and `created` (added by the user).
    /// Quotes the user said are no quote are removed from `quotes`. Absent
    /// when empty. Metadata edits are recorded in `provenance` instead
    /// (`from: "user"`).
    #[serde(default, skip_serializing_if = "left_out_vec")]
    pub user_quotes: Vec<UserItem>,
}

/// Which values of one mention or quote came from the user (see
/// [`Article::user_mentions`], [`Article::user_quotes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserItem {
    /// Index into the article's `mentions` or `quotes`.
    pub index: usize,
    /// Names of the fields the user set, sorted.
    pub fields: Vec<String>,
}

/// Which values of one entity came from the user (see
/// [`Report::user_entities`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserEntity {
    /// `entities[].id`.
    pub id: String,
    /// Names of the fields the user set, sorted.
    pub fields: Vec<String>,
}

/// Where a metadata value was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// `text` (a span of the article), `file` (the whole source file, e.g. a
    /// credit line shared by its parts), `json`, `html` (a meta tag),
    /// `file_name`, or `user`.
    pub from: String,
    /// The span in `text` that states the value, when `from` is `text`.
    #[serde(default, skip_serializing_if = "left_out_option")]
    pub span: Option<[usize; 2]>,
    /// Short human explanation ("credit line", "date header", …).
    pub rule: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArticleStats {
    pub words: usize,
    pub sentences: usize,
    pub paragraphs: usize,
}

/// A named or typed span in an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// `entities[].id` this mention resolves to.
    pub entity: Option<String>,
}

/// A quotation or reported statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    /// `direct`, `partial`, `indirect` or `scare`.
    pub kind: String,
    /// `entities[].id` of the speaker, `null` when unknown.
    pub speaker: Option<String>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    /// Outlet or person through whom the quote reached the article.
    pub via: Option<String>,
}

/// One real-world entity across the bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub label: String,
    pub variants: Vec<Variant>,
    /// Descriptive labels each article uses for the entity ("Russian
    /// leader", "the Pentagon chief"), one entry per article and label.
    #[serde(default)]
    pub descriptions: Vec<Description>,
}

/// A descriptive label an article uses for an entity, with where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Description {
    pub article: String,
    pub text: String,
    pub count: usize,
    /// `[start, end)` of each use in that article's text.
    #[serde(default)]
    pub spans: Vec<[usize; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub text: String,
    pub count: usize,
    /// Ids of the articles using this variant.
    pub articles: Vec<String>,
}

/// Comparison tables, computed by [`crate::compare`] (see its module docs
/// for the method behind each). Every span in them is a
/// [`crate::compare::SpanRef`]: an article id and byte offsets into that
/// article's `text`. Keys refer across tables: quote members name
/// `articles[].quotes` by index, omissions name entity ids and the `id`s of
/// quote groups (`q1`…) and number groups (`n1`…).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Tables {
    /// Words and phrases each article, outlet or section uses far more than
    /// the rest of the bundle.
    #[serde(default)]
    pub distinctive: Vec<crate::compare::keyness::Distinctive>,
    /// Passages two articles share word for word.
    #[serde(default)]
    pub shared_passages: Vec<crate::compare::hygiene::SharedPassage>,
    /// Articles that may not belong with the others.
    #[serde(default)]
    pub warnings: Vec<crate::compare::hygiene::BundleWarning>,
    /// Who and what each article names: one row per entity, one cell per
    /// article referring to it (count, first reference, variants, labels,
    /// spans). Sorted by spread, then total references.
    #[serde(default)]
    pub entities: Vec<crate::compare::entities::EntityRow>,
    /// The same statement as several articles report it: members with word
    /// diffs against the fullest wording, and flags (only in some, cut,
    /// words changed, different speakers, exclusive). Every quote except
    /// scare quotes (and spans holding no word) is in exactly one group.
    #[serde(default)]
    pub quotes: Vec<crate::compare::quotes::QuoteGroup>,
    /// Per article: each speaker's quotes, quoted words, direct / partial /
    /// indirect counts and share of the article's quoted words.
    #[serde(default)]
    pub voices: Vec<crate::compare::voices::VoiceShare>,
    /// Figures (durations, money, counts, percentages, dates) normalised
    /// and grouped by what they quantify, with disagreements flagged.
    #[serde(default)]
    pub numbers: Vec<crate::compare::numbers::NumberGroup>,
    /// Entities, statements and figures only some articles carry, most
    /// prominent first.
    #[serde(default)]
    pub omissions: Vec<crate::compare::omissions::Omission>,
}

/// A message about one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The file (path as given) the message is about; `(pasted text)` for a paste.
    pub file: String,
    /// `error` (nothing from this file loaded), `warning` (loaded with a
    /// caveat) or `info`.
    pub level: Level,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl Notice {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Notice {
            file: file.into(),
            level: Level::Error,
            message: message.into(),
        }
    }
    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Notice {
            file: file.into(),
            level: Level::Warning,
            message: message.into(),
        }
    }
    pub fn info(file: impl Into<String>, message: impl Into<String>) -> Self {
        Notice {
            file: file.into(),
            level: Level::Info,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_are_left_out_of_json_but_not_in_wire_form() {
        let article = Article {
            id: "a1".into(),
            text: "Words.".into(),
            ..Default::default()
        };
        let json = serde_json::to_string(&article).expect("JSON");
        assert!(
            !json.contains("\"excluded\"") && !json.contains("\"provenance\""),
            "{json}"
        );
        let every = in_wire_form(|| serde_json::to_string(&article)).expect("JSON");
        assert!(
            every.contains("\"excluded\":false") && every.contains("\"provenance\":{}"),
            "{every}"
        );
        // Both read back the same, and the flag does not outlive the call.
        let a: Article = serde_json::from_str(&json).expect("read");
        let b: Article = in_wire_form(|| serde_json::from_str(&every)).expect("read");
        assert_eq!(a, b);
        assert_eq!(serde_json::to_string(&article).expect("JSON"), json);
    }

    #[test]
    fn report_round_trips_through_json() {
        let mut r = Report::new();
        r.articles.push(Article {
            id: "a1".into(),
            part: 1,
            text: "Hello “world”.".into(),
            boilerplate: vec![[0, 5]],
            ..Default::default()
        });
        r.notices.push(Notice::error("x.png", "not text"));
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"schema\":\"parallax.report/1\""));
        assert!(json.contains("\"level\":\"error\""));
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }
}
