//! The user's corrections, kept as a list of edits on top of the automatic
//! analysis (never by mutating it).
//!
//! [`apply`] takes an analysed [`Report`] and a list of [`Edit`]s and returns
//! a new report with the edits applied in order and every comparison table
//! recomputed ([`crate::compare::tables`]), so every table follows.
//!
//! # Anchors
//! Entity ids (`e1`, `e2`, …) are renumbered by each analysis, so edits never
//! name them. An entity is named by one of its mentions: a [`Span`] (article
//! id, byte offsets into that article's `text`, and the text found there).
//! Quotes are named the same way, by their own span. When the analysis is
//! redone with a newer model, an edit still applies as long as its spans
//! still hold the same words and the analysis still finds a mention (or
//! quote) there; otherwise it is skipped and [`apply`] returns an
//! [`EditProblem`] saying why, leaving the report as it was for that edit.
//!
//! # Marks
//! Values set by the user are marked in the report: `report.edits` (the
//! edits applied), `report.user_entities`, `articles[].user_mentions`,
//! `articles[].user_quotes`, and `articles[].provenance` with
//! `from: "user"` for metadata (see [`crate::report`]).
//!
//! # JSON
//! Each edit is an object tagged by `op` (snake case):
//!
//! ```json
//! [
//!   {"op": "merge_entities",
//!    "into": {"article": "a1", "start": 10, "end": 15, "text": "Putin"},
//!    "from": {"article": "a2", "start": 4, "end": 19, "text": "Vladimir Poutine"}},
//!   {"op": "set_speaker",
//!    "quote": {"article": "a1", "start": 40, "end": 80, "text": "We will not stop"},
//!    "speaker": {"article": "a1", "start": 10, "end": 15, "text": "Putin"}},
//!   {"op": "set_article_field", "article": "a2", "field": "outlet", "value": "Reuters"},
//!   {"op": "exclude_article", "article": "a3", "excluded": true}
//! ]
//! ```
//!
//! An edits file is such an array, or an [`EditLog`]
//! (`{"edits": [...], "undone": [...]}`, where `undone` is the redo stack).

use crate::report::{Description, Provenance, Quote, Report, UserEntity, UserItem, Variant};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A span of one article's text with the words it held when the edit was
/// made: `[start, end)` UTF-8 byte offsets into the `text` of article
/// `article`. The edit applies only while `text` is still found there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub article: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// An article metadata field the user can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleField {
    Title,
    Outlet,
    Date,
    Section,
}

impl ArticleField {
    /// The field's name in the report (and its `provenance` key).
    pub fn key(self) -> &'static str {
        match self {
            ArticleField::Title => "title",
            ArticleField::Outlet => "outlet",
            ArticleField::Date => "date",
            ArticleField::Section => "section",
        }
    }
}

/// Quote kinds a user may give an added quote.
pub const QUOTE_KINDS: [&str; 4] = ["direct", "partial", "indirect", "scare"];

/// One correction. Entities are named by a mention's [`Span`] (the entity
/// that mention resolves to), quotes by their span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// The entity of `from` becomes part of the entity of `into`: its
    /// mentions, quotes, variants and labels move over; `into` keeps its
    /// name and type.
    MergeEntities { into: Span, from: Span },
    /// The mentions of `entity` written `variant` become a new entity of
    /// the same type named `variant`.
    SplitVariant { entity: Span, variant: String },
    /// Set the entity's display name.
    RenameEntity { entity: Span, name: String },
    /// Set the entity's type (`PERSON`, `ORG`, `GPE`, …) and that of its
    /// name mentions.
    SetEntityType { entity: Span, label: String },
    /// The mention at this span is no entity: it is removed.
    NotAnEntity { mention: Span },
    /// Set (or, with `null`, clear) the speaker of the quote.
    SetSpeaker {
        quote: Span,
        #[serde(default)]
        speaker: Option<Span>,
    },
    /// The quote at this span is no quote: it is removed.
    NotAQuote { quote: Span },
    /// The quote at this span is a scare quote (not speech).
    MarkScare { quote: Span },
    /// A quote the analysis missed (or, at the span of an existing quote,
    /// that quote's kind and speaker). `kind` is `direct`, `partial`,
    /// `indirect` or `scare`.
    AddQuote {
        quote: Span,
        #[serde(default)]
        speaker: Option<Span>,
        kind: String,
    },
    /// Set an article's title, outlet, date or section; `null` or an empty
    /// string clears it.
    SetArticleField {
        article: String,
        field: ArticleField,
        #[serde(default)]
        value: Option<String>,
    },
    /// Leave an article out of the comparison (or bring it back).
    ExcludeArticle { article: String, excluded: bool },
}

impl Edit {
    /// The edit's `op` tag.
    pub fn op(&self) -> &'static str {
        match self {
            Edit::MergeEntities { .. } => "merge_entities",
            Edit::SplitVariant { .. } => "split_variant",
            Edit::RenameEntity { .. } => "rename_entity",
            Edit::SetEntityType { .. } => "set_entity_type",
            Edit::NotAnEntity { .. } => "not_an_entity",
            Edit::SetSpeaker { .. } => "set_speaker",
            Edit::NotAQuote { .. } => "not_a_quote",
            Edit::MarkScare { .. } => "mark_scare",
            Edit::AddQuote { .. } => "add_quote",
            Edit::SetArticleField { .. } => "set_article_field",
            Edit::ExcludeArticle { .. } => "exclude_article",
        }
    }
}

/// The user's edits with an undo/redo history. One user action may make
/// several edits (merging four entities is three merges); undo and redo
/// take back or bring back a whole action.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EditLog {
    /// Edits in force, oldest first.
    #[serde(default)]
    pub edits: Vec<Edit>,
    /// Undone edits, the most recently undone action last (the redo
    /// stack; each action's edits in their original order).
    #[serde(default)]
    pub undone: Vec<Edit>,
    /// How many edits each action in `edits` made, oldest first. Empty, or
    /// not adding up (a log written before actions were recorded), means
    /// one edit per action.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<usize>,
    /// The same for `undone`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undone_actions: Vec<usize>,
}

/// `sizes` if it describes `n` edits in non-empty actions, else one
/// action per edit.
fn action_sizes(sizes: &[usize], n: usize) -> Vec<usize> {
    if sizes.iter().sum::<usize>() == n && sizes.iter().all(|&k| k > 0) {
        sizes.to_vec()
    } else {
        vec![1; n]
    }
}

/// Stored form of action sizes: empty when every action is one edit.
fn canonical(sizes: Vec<usize>) -> Vec<usize> {
    if sizes.iter().all(|&k| k == 1) {
        Vec::new()
    } else {
        sizes
    }
}

impl EditLog {
    pub fn new() -> Self {
        Self::default()
    }

    /// Record a new edit (one action); this clears the redo stack.
    pub fn push(&mut self, edit: Edit) {
        self.push_all(vec![edit]);
    }

    /// Record the edits of one action (undone and redone together); this
    /// clears the redo stack. Nothing happens for an empty list.
    pub fn push_all(&mut self, edits: Vec<Edit>) {
        if edits.is_empty() {
            return;
        }
        let mut actions = action_sizes(&self.actions, self.edits.len());
        actions.push(edits.len());
        self.actions = canonical(actions);
        self.edits.extend(edits);
        self.undone.clear();
        self.undone_actions.clear();
    }

    /// The edits of the latest action (what [`Self::undo`] takes back).
    pub fn last_action(&self) -> &[Edit] {
        let k = action_sizes(&self.actions, self.edits.len())
            .last()
            .copied()
            .unwrap_or(0);
        &self.edits[self.edits.len() - k..]
    }

    /// The edits of the most recently undone action (what [`Self::redo`]
    /// brings back).
    pub fn next_redo(&self) -> &[Edit] {
        let k = action_sizes(&self.undone_actions, self.undone.len())
            .last()
            .copied()
            .unwrap_or(0);
        &self.undone[self.undone.len() - k..]
    }

    /// Undo the latest action; `false` when there is none.
    pub fn undo(&mut self) -> bool {
        let mut actions = action_sizes(&self.actions, self.edits.len());
        let mut undone_actions = action_sizes(&self.undone_actions, self.undone.len());
        let Some(k) = actions.pop() else {
            return false;
        };
        let taken = self.edits.split_off(self.edits.len() - k);
        self.undone.extend(taken);
        undone_actions.push(k);
        self.actions = canonical(actions);
        self.undone_actions = canonical(undone_actions);
        true
    }

    /// Redo the most recently undone action; `false` when there is none.
    pub fn redo(&mut self) -> bool {
        let mut actions = action_sizes(&self.actions, self.edits.len());
        let mut undone_actions = action_sizes(&self.undone_actions, self.undone.len());
        let Some(k) = undone_actions.pop() else {
            return false;
        };
        let back = self.undone.split_off(self.undone.len() - k);
        self.edits.extend(back);
        actions.push(k);
        self.actions = canonical(actions);
        self.undone_actions = canonical(undone_actions);
        true
    }

    /// Put `earlier`'s actions before this log's (corrections restored from
    /// storage, followed by those made since the page opened).
    pub fn after(&mut self, mut earlier: EditLog) {
        let mut actions = action_sizes(&earlier.actions, earlier.edits.len());
        actions.extend(action_sizes(&self.actions, self.edits.len()));
        let mut undone_actions = action_sizes(&earlier.undone_actions, earlier.undone.len());
        undone_actions.extend(action_sizes(&self.undone_actions, self.undone.len()));
        earlier.edits.append(&mut self.edits);
        earlier.undone.append(&mut self.undone);
        self.edits = earlier.edits;
        self.undone = earlier.undone;
        self.actions = canonical(actions);
        self.undone_actions = canonical(undone_actions);
    }

    pub fn can_undo(&self) -> bool {
        !self.edits.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// Read an edits file: an [`EditLog`] object or a plain array of edits.
    pub fn from_json(json: &str) -> Result<EditLog, String> {
        let first = json.trim_start().chars().next();
        match first {
            Some('[') => serde_json::from_str::<Vec<Edit>>(json)
                .map(|edits| EditLog {
                    edits,
                    ..EditLog::default()
                })
                .map_err(|e| format!("not a list of edits: {e}")),
            Some('{') => serde_json::from_str::<EditLog>(json)
                .map_err(|e| format!("not an edit log ({{\"edits\": [...]}}): {e}")),
            _ => Err("expected a JSON array of edits or an object {\"edits\": [...]}".into()),
        }
    }
}

/// An edit that could not be applied (and was skipped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditProblem {
    /// Position of the edit in the list given to [`apply`], from 0.
    pub index: usize,
    /// The edit's `op`.
    pub op: String,
    pub message: String,
}

impl fmt::Display for EditProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "edit {} ({}) skipped: {}",
            self.index + 1,
            self.op,
            self.message
        )
    }
}

/// Apply `edits` in order on top of `report` and recompute its tables.
/// Edits that no longer match are skipped and returned as problems; the
/// input report is not changed.
pub fn apply(report: &Report, edits: &[Edit]) -> (Report, Vec<EditProblem>) {
    let mut st = State::new(report.clone());
    let mut problems = Vec::new();
    for (index, edit) in edits.iter().enumerate() {
        match st.apply(edit) {
            Ok(()) => st.report.edits.push(edit.clone()),
            Err(message) => problems.push(EditProblem {
                index,
                op: edit.op().to_string(),
                message,
            }),
        }
    }
    let mut out = st.finish();
    out.tables = crate::compare::tables(&out);
    (out, problems)
}

/// Working state: the report and the user marks, keyed by something that
/// survives reordering (entity id; span within an article).
struct State {
    report: Report,
    entity_marks: BTreeMap<String, BTreeSet<String>>,
    /// Per article index: mention span → fields.
    mention_marks: Vec<BTreeMap<(usize, usize), BTreeSet<String>>>,
    quote_marks: Vec<BTreeMap<(usize, usize), BTreeSet<String>>>,
}

type Res<T> = Result<T, String>;

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A mention's written form as variants record it (possessive dropped).
fn surface(s: &str) -> String {
    let s = collapse_ws(s);
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stem) = s.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem.to_string();
            }
        }
    }
    s
}

impl State {
    fn new(report: Report) -> Self {
        let n = report.articles.len();
        let mut st = State {
            report,
            entity_marks: BTreeMap::new(),
            mention_marks: vec![BTreeMap::new(); n],
            quote_marks: vec![BTreeMap::new(); n],
        };
        // Keep the marks of a report that already carries edits.
        for u in std::mem::take(&mut st.report.user_entities) {
            st.entity_marks.entry(u.id).or_default().extend(u.fields);
        }
        for (ai, a) in st.report.articles.iter_mut().enumerate() {
            for u in std::mem::take(&mut a.user_mentions) {
                if let Some(m) = a.mentions.get(u.index) {
                    st.mention_marks[ai]
                        .entry((m.start, m.end))
                        .or_default()
                        .extend(u.fields);
                }
            }
            for u in std::mem::take(&mut a.user_quotes) {
                if let Some(q) = a.quotes.get(u.index) {
                    st.quote_marks[ai]
                        .entry((q.start, q.end))
                        .or_default()
                        .extend(u.fields);
                }
            }
        }
        st
    }

    fn finish(mut self) -> Report {
        let fields = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
        self.report.user_entities = self
            .report
            .entities
            .iter()
            .filter_map(|e| {
                let set = self.entity_marks.get(&e.id)?;
                Some(UserEntity {
                    id: e.id.clone(),
                    fields: fields(set),
                })
            })
            .collect();
        for (ai, a) in self.report.articles.iter_mut().enumerate() {
            a.user_mentions = a
                .mentions
                .iter()
                .enumerate()
                .filter_map(|(index, m)| {
                    let set = self.mention_marks[ai].get(&(m.start, m.end))?;
                    Some(UserItem {
                        index,
                        fields: fields(set),
                    })
                })
                .collect();
            a.user_quotes = a
                .quotes
                .iter()
                .enumerate()
                .filter_map(|(index, q)| {
                    let set = self.quote_marks[ai].get(&(q.start, q.end))?;
                    Some(UserItem {
                        index,
                        fields: fields(set),
                    })
                })
                .collect();
        }
        self.report
    }

    fn article(&self, id: &str) -> Res<usize> {
        self.report
            .articles
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| format!("there is no article '{id}'"))
    }

    /// The article of a span, after checking the span still holds its text.
    fn check(&self, span: &Span) -> Res<usize> {
        let ai = self.article(&span.article)?;
        let text = &self.report.articles[ai].text;
        match text.get(span.start..span.end) {
            Some(t) if t == span.text => Ok(ai),
            Some(t) => Err(format!(
                "article '{}' has {:?} at {}..{}, not {:?} (the text changed)",
                span.article, t, span.start, span.end, span.text
            )),
            None => Err(format!(
                "{}..{} is not a span of article '{}' (the text changed)",
                span.start, span.end, span.article
            )),
        }
    }

    /// The entity a mention span resolves to: the mention at exactly that
    /// span, else the one entity of the mentions overlapping it.
    fn entity(&self, span: &Span) -> Res<String> {
        let ai = self.check(span)?;
        let a = &self.report.articles[ai];
        let exact = a
            .mentions
            .iter()
            .find(|m| m.start == span.start && m.end == span.end && m.entity.is_some());
        if let Some(id) = exact.and_then(|m| m.entity.clone()) {
            return Ok(id);
        }
        let mut ids: Vec<&String> = a
            .mentions
            .iter()
            .filter(|m| m.start < span.end && span.start < m.end)
            .filter_map(|m| m.entity.as_ref())
            .collect();
        ids.sort();
        ids.dedup();
        match ids.as_slice() {
            [id] => Ok((*id).clone()),
            [] => Err(format!(
                "no entity is mentioned at {:?} ({}..{} in article '{}')",
                span.text, span.start, span.end, span.article
            )),
            _ => Err(format!(
                "{:?} ({}..{} in article '{}') overlaps mentions of several entities",
                span.text, span.start, span.end, span.article
            )),
        }
    }

    fn entity_index(&self, id: &str) -> Res<usize> {
        self.report
            .entities
            .iter()
            .position(|e| e.id == id)
            .ok_or_else(|| format!("entity '{id}' is missing from the report"))
    }

    /// The article and index of the quote at exactly this span.
    fn quote(&self, span: &Span) -> Res<(usize, usize)> {
        let ai = self.check(span)?;
        self.report.articles[ai]
            .quotes
            .iter()
            .position(|q| q.start == span.start && q.end == span.end)
            .map(|qi| (ai, qi))
            .ok_or_else(|| {
                format!(
                    "no quote is found at {}..{} in article '{}' any more",
                    span.start, span.end, span.article
                )
            })
    }

    fn mark_entity(&mut self, id: &str, field: &str) {
        self.entity_marks
            .entry(id.to_string())
            .or_default()
            .insert(field.to_string());
    }

    fn mark_mention(&mut self, ai: usize, span: (usize, usize), field: &str) {
        self.mention_marks[ai]
            .entry(span)
            .or_default()
            .insert(field.to_string());
    }

    fn mark_quote(&mut self, ai: usize, span: (usize, usize), field: &str) {
        self.quote_marks[ai]
            .entry(span)
            .or_default()
            .insert(field.to_string());
    }

    /// Apply one edit; on `Err` nothing has changed.
    fn apply(&mut self, edit: &Edit) -> Res<()> {
        match edit {
            Edit::MergeEntities { into, from } => {
                let into = self.entity(into)?;
                let from = self.entity(from)?;
                if into == from {
                    return Err(format!(
                        "both spans already name the same entity ('{into}')"
                    ));
                }
                self.merge(&into, &from)
            }
            Edit::SplitVariant { entity, variant } => {
                let id = self.entity(entity)?;
                self.split(&id, variant)
            }
            Edit::RenameEntity { entity, name } => {
                let id = self.entity(entity)?;
                let name = collapse_ws(name);
                if name.is_empty() {
                    return Err("the new name is empty".into());
                }
                let ei = self.entity_index(&id)?;
                self.report.entities[ei].name = name;
                self.mark_entity(&id, "name");
                Ok(())
            }
            Edit::SetEntityType { entity, label } => {
                let id = self.entity(entity)?;
                let label = label.trim().to_uppercase();
                if label.is_empty() || label.contains(char::is_whitespace) {
                    return Err(format!("{label:?} is not an entity type"));
                }
                let ei = self.entity_index(&id)?;
                self.report.entities[ei].label = label.clone();
                self.mark_entity(&id, "label");
                for ai in 0..self.report.articles.len() {
                    let mut changed = Vec::new();
                    for m in &mut self.report.articles[ai].mentions {
                        if m.entity.as_deref() == Some(id.as_str())
                            && m.label != "ROLE"
                            && m.label != label
                        {
                            m.label = label.clone();
                            changed.push((m.start, m.end));
                        }
                    }
                    for span in changed {
                        self.mark_mention(ai, span, "label");
                    }
                }
                Ok(())
            }
            Edit::NotAnEntity { mention } => {
                let ai = self.check(mention)?;
                let a = &self.report.articles[ai];
                let mi = a
                    .mentions
                    .iter()
                    .position(|m| m.start == mention.start && m.end == mention.end)
                    .ok_or_else(|| {
                        format!(
                            "no mention is found at {}..{} in article '{}' any more",
                            mention.start, mention.end, mention.article
                        )
                    })?;
                self.remove_mention(ai, mi);
                Ok(())
            }
            Edit::SetSpeaker { quote, speaker } => {
                let (ai, qi) = self.quote(quote)?;
                let speaker = match speaker {
                    Some(s) => Some((self.entity(s)?, s)),
                    None => None,
                };
                let a_id = self.report.articles[ai].id.clone();
                let q = &mut self.report.articles[ai].quotes[qi];
                set_speaker(q, &a_id, speaker);
                let span = (q.start, q.end);
                self.mark_quote(ai, span, "speaker");
                Ok(())
            }
            Edit::NotAQuote { quote } => {
                let (ai, qi) = self.quote(quote)?;
                let q = self.report.articles[ai].quotes.remove(qi);
                self.quote_marks[ai].remove(&(q.start, q.end));
                Ok(())
            }
            Edit::MarkScare { quote } => {
                let (ai, qi) = self.quote(quote)?;
                let q = &mut self.report.articles[ai].quotes[qi];
                if q.kind == "scare" {
                    return Ok(());
                }
                q.kind = "scare".into();
                let span = (q.start, q.end);
                self.mark_quote(ai, span, "kind");
                Ok(())
            }
            Edit::AddQuote {
                quote,
                speaker,
                kind,
            } => {
                let ai = self.check(quote)?;
                if !QUOTE_KINDS.contains(&kind.as_str()) {
                    return Err(format!(
                        "quote kind {kind:?} is not one of {}",
                        QUOTE_KINDS.join(", ")
                    ));
                }
                if quote.text.trim().is_empty() {
                    return Err("the quoted span holds no words".into());
                }
                let speaker = match speaker {
                    Some(s) => Some((self.entity(s)?, s)),
                    None => None,
                };
                let a = &mut self.report.articles[ai];
                let a_id = a.id.clone();
                let span = (quote.start, quote.end);
                let existing = a.quotes.iter().position(|q| (q.start, q.end) == span);
                let qi = match existing {
                    Some(qi) => qi,
                    None => {
                        let at = a.quotes.partition_point(|q| (q.start, q.end) < span);
                        a.quotes.insert(
                            at,
                            Quote {
                                start: quote.start,
                                end: quote.end,
                                kind: kind.clone(),
                                speaker: None,
                                speaker_start: None,
                                speaker_end: None,
                                cue_start: None,
                                cue_end: None,
                                via: None,
                            },
                        );
                        at
                    }
                };
                let q = &mut a.quotes[qi];
                q.kind = kind.clone();
                set_speaker(q, &a_id, speaker);
                if existing.is_none() {
                    self.mark_quote(ai, span, "created");
                }
                self.mark_quote(ai, span, "kind");
                self.mark_quote(ai, span, "speaker");
                Ok(())
            }
            Edit::SetArticleField {
                article,
                field,
                value,
            } => {
                let ai = self.article(article)?;
                let value = value
                    .as_deref()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string);
                let a = &mut self.report.articles[ai];
                match field {
                    ArticleField::Title => a.title = value,
                    ArticleField::Outlet => a.outlet = value,
                    ArticleField::Date => a.date = value,
                    ArticleField::Section => a.section = value,
                }
                a.provenance.insert(
                    field.key().to_string(),
                    Provenance {
                        from: "user".to_string(),
                        span: None,
                        rule: "edited".to_string(),
                    },
                );
                Ok(())
            }
            Edit::ExcludeArticle { article, excluded } => {
                let ai = self.article(article)?;
                self.report.articles[ai].excluded = *excluded;
                Ok(())
            }
        }
    }

    fn merge(&mut self, into: &str, from: &str) -> Res<()> {
        let ii = self.entity_index(into)?;
        let fi = self.entity_index(from)?;
        let gone = self.report.entities.remove(fi);
        let order: Vec<String> = self.report.articles.iter().map(|a| a.id.clone()).collect();
        let ii = if fi < ii { ii - 1 } else { ii };
        let target = &mut self.report.entities[ii];
        for v in gone.variants {
            match target.variants.iter_mut().find(|t| t.text == v.text) {
                Some(t) => {
                    t.count += v.count;
                    t.articles.extend(v.articles);
                    sort_ids(&mut t.articles, &order);
                }
                None => target.variants.push(v),
            }
        }
        crate::sort::by_key(&mut target.variants, |v| std::cmp::Reverse(v.count));
        for d in gone.descriptions {
            merge_description(&mut target.descriptions, d);
        }
        for ai in 0..self.report.articles.len() {
            let a = &mut self.report.articles[ai];
            let mut moved = Vec::new();
            for m in &mut a.mentions {
                if m.entity.as_deref() == Some(from) {
                    m.entity = Some(into.to_string());
                    moved.push((m.start, m.end));
                }
            }
            let mut spoken = Vec::new();
            for q in &mut a.quotes {
                if q.speaker.as_deref() == Some(from) {
                    q.speaker = Some(into.to_string());
                    spoken.push((q.start, q.end));
                }
            }
            for span in moved {
                self.mark_mention(ai, span, "entity");
            }
            for span in spoken {
                self.mark_quote(ai, span, "speaker");
            }
        }
        if let Some(marks) = self.entity_marks.remove(from) {
            self.entity_marks
                .entry(into.to_string())
                .or_default()
                .extend(marks);
        }
        self.mark_entity(into, "variants");
        Ok(())
    }

    fn split(&mut self, id: &str, variant: &str) -> Res<()> {
        let ei = self.entity_index(id)?;
        let variant = collapse_ws(variant);
        // Mentions of the entity written `variant` (ROLE titles stay).
        let mut hits: Vec<(usize, usize)> = Vec::new(); // (article, mention)
        let mut others = 0;
        for (ai, a) in self.report.articles.iter().enumerate() {
            for (mi, m) in a.mentions.iter().enumerate() {
                if m.entity.as_deref() != Some(id) || m.label == "ROLE" {
                    continue;
                }
                if a.text.get(m.start..m.end).map(surface).as_deref() == Some(variant.as_str()) {
                    hits.push((ai, mi));
                } else {
                    others += 1;
                }
            }
        }
        if hits.is_empty() {
            return Err(format!(
                "entity '{}' has no mention written {variant:?}",
                self.report.entities[ei].name
            ));
        }
        if others == 0 {
            return Err(format!(
                "{variant:?} is the only name of entity '{}'; nothing to split from",
                self.report.entities[ei].name
            ));
        }
        let mut k = 1;
        let new_id = loop {
            let candidate = format!("{id}.{k}");
            if !self.report.entities.iter().any(|e| e.id == candidate) {
                break candidate;
            }
            k += 1;
        };
        let old = &mut self.report.entities[ei];
        let label = old.label.clone();
        let moved_variant = old
            .variants
            .iter()
            .position(|v| v.text == variant)
            .map(|vi| old.variants.remove(vi));
        if old.name == variant {
            if let Some(v) = old.variants.first() {
                old.name = v.text.clone();
            }
        }
        let order: Vec<String> = self.report.articles.iter().map(|a| a.id.clone()).collect();
        let new_variant = moved_variant.unwrap_or_else(|| {
            let mut articles: Vec<String> = hits.iter().map(|&(ai, _)| order[ai].clone()).collect();
            articles.dedup();
            Variant {
                text: variant.clone(),
                count: hits.len(),
                articles,
            }
        });
        let new_entity = crate::report::Entity {
            id: new_id.clone(),
            name: variant.clone(),
            label,
            variants: vec![new_variant],
            descriptions: Vec::new(),
        };
        self.report.entities.insert(ei + 1, new_entity);
        for (ai, mi) in hits {
            let a = &mut self.report.articles[ai];
            let m = &mut a.mentions[mi];
            m.entity = Some(new_id.clone());
            let span = (m.start, m.end);
            // Quotes attributed through this very mention follow it.
            let mut spoken = Vec::new();
            for q in &mut a.quotes {
                if q.speaker.as_deref() == Some(id)
                    && q.speaker_start == Some(span.0)
                    && q.speaker_end == Some(span.1)
                {
                    q.speaker = Some(new_id.clone());
                    spoken.push((q.start, q.end));
                }
            }
            self.mark_mention(ai, span, "entity");
            for s in spoken {
                self.mark_quote(ai, s, "speaker");
            }
        }
        self.mark_entity(id, "variants");
        self.mark_entity(&new_id, "created");
        Ok(())
    }

    /// Remove a mention, keeping the entity's variants in step; an entity
    /// left with no mention at all is removed (its quotes lose their speaker).
    fn remove_mention(&mut self, ai: usize, mi: usize) {
        let a = &mut self.report.articles[ai];
        let m = a.mentions.remove(mi);
        let a_id = a.id.clone();
        let written = a.text.get(m.start..m.end).map(surface).unwrap_or_default();
        self.mention_marks[ai].remove(&(m.start, m.end));
        let Some(id) = m.entity else {
            return;
        };
        let still_in_article = a.mentions.iter().any(|x| {
            x.entity.as_deref() == Some(id.as_str())
                && a.text.get(x.start..x.end).map(surface).as_deref() == Some(written.as_str())
        });
        let anywhere = self.report.articles.iter().any(|a| {
            a.mentions
                .iter()
                .any(|x| x.entity.as_deref() == Some(id.as_str()))
        });
        let Some(ei) = self.report.entities.iter().position(|e| e.id == id) else {
            return;
        };
        if !anywhere {
            self.report.entities.remove(ei);
            self.entity_marks.remove(&id);
            for (ai, a) in self.report.articles.iter_mut().enumerate() {
                for q in &mut a.quotes {
                    if q.speaker.as_deref() == Some(id.as_str()) {
                        q.speaker = None;
                        q.speaker_start = None;
                        q.speaker_end = None;
                        self.quote_marks[ai]
                            .entry((q.start, q.end))
                            .or_default()
                            .insert("speaker".into());
                    }
                }
            }
            return;
        }
        let e = &mut self.report.entities[ei];
        if let Some(vi) = e.variants.iter().position(|v| v.text == written) {
            let v = &mut e.variants[vi];
            v.count = v.count.saturating_sub(1);
            if !still_in_article {
                v.articles.retain(|x| *x != a_id);
            }
            if v.count == 0 {
                e.variants.remove(vi);
            }
        }
        // Quotes attributed through this mention lose their speaker span.
        for q in &mut self.report.articles[ai].quotes {
            if q.speaker_start == Some(m.start) && q.speaker_end == Some(m.end) {
                q.speaker_start = None;
                q.speaker_end = None;
            }
        }
    }
}

/// Set a quote's speaker; the speaker span is kept when it is in the
/// quote's own article.
fn set_speaker(q: &mut Quote, article: &str, speaker: Option<(String, &Span)>) {
    match speaker {
        Some((id, span)) => {
            q.speaker = Some(id);
            let here = span.article == article;
            q.speaker_start = here.then_some(span.start);
            q.speaker_end = here.then_some(span.end);
        }
        None => {
            q.speaker = None;
            q.speaker_start = None;
            q.speaker_end = None;
        }
    }
}

/// Sort article ids by their order in the report and drop repeats.
fn sort_ids(ids: &mut Vec<String>, order: &[String]) {
    crate::sort::by_key(ids, |id| {
        order.iter().position(|o| o == id).unwrap_or(usize::MAX)
    });
    ids.dedup();
}

fn merge_description(list: &mut Vec<Description>, d: Description) {
    match list
        .iter_mut()
        .find(|x| x.article == d.article && x.text == d.text)
    {
        Some(x) => {
            for s in d.spans {
                if !x.spans.contains(&s) {
                    x.spans.push(s);
                }
            }
            x.spans.sort_unstable();
            x.count = x.count.max(x.spans.len());
        }
        None => list.push(d),
    }
}
