//! The rule file format (TOML): the keys every rule has, and the dispatch to its kind.
//!
//! [`parse`] reads a file into `RawRule` (serde, `deny_unknown_fields`, kebab-case), checks
//! the common head (`kind`, `summary`, `applies-to`, `severity`, `[severity-by-kind]`,
//! `message`/`help`/`label` templates, `[docs]`, `[thresholds]`, `[[examples]]`) and hands the
//! kinds' tables to the rule's kind (`Kind::compile`: it refuses the tables of other kinds and
//! compiles its own). Parsing is strict: unknown keys, wrong types, unknown document kinds,
//! roles, facts or template placeholders, regexes that do not compile, and tables that do not
//! belong to the rule's kind are all [`RuleError`]s pointing at the place in the file.
//! `rules/README.md` documents every key.
//!
//! A rule file is one flat table, so `RawRule` lists every kind's tables too, each typed by
//! its kind's module (serde's `flatten` would lose the spans errors point with, and
//! `deny_unknown_fields`), and lends them to the kinds as a `Tables`. To add a key to the head:
//! a field in `RawRule`, checked in [`parse`], and a line in `rules/README.md`; a kind's table:
//! a field in `RawRule` and in `Tables` (see `kinds`), its raw type in the kind's module.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::kinds::clause::{RawElement, RawFlag};
use super::kinds::each_entity::RawEntities;
use super::kinds::measure::RawMeasure;
use super::kinds::{Kind, Tables};
use super::names;
use super::rule_error::{
    CODE, Ctx, RuleError, S, in_file_order, keep, named, push_new, severity, template,
};
use super::vocabulary::{RawMatcher, Triggers};
use super::{Docs, Example, Expect, Rule, Template};
use crate::analyse::DocKind;

/// A rule file as written: the head, then every kind's tables (see the module docs).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    #[serde(default)]
    kind: Option<S<String>>,
    #[serde(default)]
    summary: Option<S<String>>,
    #[serde(default)]
    applies_to: Option<S<Vec<S<String>>>>,
    #[serde(default)]
    severity: Option<S<String>>,
    #[serde(default)]
    severity_by_kind: Option<S<BTreeMap<String, S<String>>>>,
    #[serde(default)]
    message: Option<S<String>>,
    #[serde(default)]
    help: Option<S<String>>,
    /// The short text under the underlined words; the summary when absent.
    #[serde(default)]
    label: Option<S<String>>,
    /// Required in shipped rules; a user's own rule may leave it out (a warning).
    #[serde(default)]
    docs: Option<S<RawDocs>>,
    #[serde(default)]
    thresholds: BTreeMap<String, S<f64>>,
    /// One `[trigger]` table, or several `[[trigger]]` tables that must all match.
    #[serde(default)]
    trigger: Option<S<Triggers>>,
    #[serde(default)]
    clause: Option<S<RawMatcher>>,
    #[serde(default)]
    element: Vec<S<RawElement>>,
    #[serde(default)]
    flag: Vec<S<RawFlag>>,
    #[serde(default)]
    require: Option<S<RawMatcher>>,
    #[serde(default, rename = "match")]
    match_: Option<S<RawMatcher>>,
    #[serde(default)]
    unless: Option<S<RawMatcher>>,
    #[serde(default)]
    entities: Option<S<RawEntities>>,
    #[serde(default)]
    satisfied_by: Option<S<RawMatcher>>,
    #[serde(default)]
    measure: Vec<S<RawMeasure>>,
    #[serde(default)]
    examples: Vec<S<RawExample>>,
}

impl RawRule {
    /// The kinds' tables, for [`Kind::compile`].
    fn tables<'a>(
        &'a self,
        kind: &'a S<String>,
        message: &'a S<String>,
        thresholds: &'a BTreeMap<String, f64>,
    ) -> Tables<'a> {
        Tables {
            kind,
            message,
            thresholds,
            trigger: self.trigger.as_ref(),
            clause: self.clause.as_ref(),
            element: &self.element,
            flag: &self.flag,
            require: self.require.as_ref(),
            match_: self.match_.as_ref(),
            unless: self.unless.as_ref(),
            entities: self.entities.as_ref(),
            satisfied_by: self.satisfied_by.as_ref(),
            measure: &self.measure,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDocs {
    what: String,
    why: String,
    example: String,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawExample {
    text: String,
    expect: S<String>,
    #[serde(default)]
    kind: Option<S<String>>,
    #[serde(default)]
    subject: Option<String>,
}

/// Where a rule file comes from: the shipped pack must document every rule; a user's own rule
/// may leave `[docs]` out (a warning: `explain` and the reports then have nothing to show).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Shipped,
    User,
}

/// A rule file that loads, and what it should still fix (warnings).
#[derive(Debug)]
pub struct Parsed {
    pub rule: Rule,
    pub warnings: Vec<RuleError>,
}

/// Where every key of a rule file is documented, for users who have no checkout.
const REFERENCE: &str = "https://github.com/tenderlint/tenderlint/blob/main/rules/README.md";

/// The kinds' tables (see `Tables`).
const KIND_TABLES: [&str; 10] = [
    "trigger",
    "clause",
    "element",
    "flag",
    "require",
    "match",
    "unless",
    "entities",
    "satisfied-by",
    "measure",
];

/// The keys every rule must have.
const REQUIRED: [&str; 6] = [
    "kind",
    "summary",
    "applies-to",
    "severity",
    "message",
    "help",
];

/// Parse and compile one rule file. `name` is how the file is shown in errors; `id` is the
/// rule id (the file stem). Every mistake the file has is reported, not only the first: each
/// top-level key that does not read (an unknown key, a wrong type) is set aside and the rest
/// read again; every missing key, every bad value of the head and every bad example is an
/// error of its own. Within a kind's tables, compilation stops at the first mistake.
pub fn parse_file(
    id: &str,
    name: &str,
    source: &str,
    origin: Origin,
) -> Result<Parsed, Vec<RuleError>> {
    let ctx = Ctx {
        code: CODE,
        name,
        source,
    };
    let mut errors: Vec<RuleError> = Vec::new();
    let mut warnings = Vec::new();
    let Read {
        raw,
        set_aside,
        thinned,
    } = read_raw(&ctx, &mut errors)?;

    let mut missing: Vec<&str> = REQUIRED
        .iter()
        .zip([
            raw.kind.is_none(),
            raw.summary.is_none(),
            raw.applies_to.is_none(),
            raw.severity.is_none(),
            raw.message.is_none(),
            raw.help.is_none(),
        ])
        .filter(|(key, absent)| *absent && !set_aside.contains(&key.to_string()))
        .map(|(key, _)| *key)
        .collect();
    if raw.docs.is_none() && !set_aside.iter().any(|k| k == "docs") {
        match origin {
            Origin::Shipped => missing.push("[docs]"),
            Origin::User => warnings.push(ctx.warning(
                "the rule has no [docs]: `tenderlint explain` and the reports will have nothing to say about it",
                "add [docs] with `what`, `why` and `example` (and `sources`)",
            )),
        }
    }
    if !missing.is_empty() {
        let needs = match origin {
            Origin::Shipped => {
                "every rule needs kind, summary, applies-to, severity, message, help and [docs]"
            }
            Origin::User => {
                "every rule needs kind, summary, applies-to, severity, message and help ([docs] is recommended)"
            }
        };
        errors.push(*ctx.error(
            format!("the rule has no {}", missing.join(", ")),
            None,
            "",
            Some(needs.into()),
        ));
    }

    let kind: Option<Kind> = raw.kind.as_ref().and_then(|kind| {
        keep(
            &mut errors,
            named(
                &ctx,
                kind,
                "rule kind",
                &format!("use one of: {}", names::all::<Kind>().join(", ")),
            ),
        )
    });
    let mut applies_to = Vec::new();
    if let Some(written) = &raw.applies_to {
        for k in written.get_ref() {
            if let Some(kind) = keep(&mut errors, doc_kind(&ctx, k)) {
                applies_to.push(kind);
            }
        }
        if written.get_ref().is_empty() {
            errors.push(*ctx.at(
                written,
                "applies-to is empty, so the rule never runs",
                "no document kinds",
                Some("list the kinds it checks, e.g. [\"bid\", \"agreement\"]".into()),
            ));
        }
    }
    let default_severity = raw
        .severity
        .as_ref()
        .and_then(|s| keep(&mut errors, severity(&ctx, s)));
    let mut severity_by_kind = BTreeMap::new();
    if let Some(table) = &raw.severity_by_kind {
        for (key, value) in table.get_ref() {
            let kind = keep(
                &mut errors,
                key.parse::<DocKind>()
                    .map_err(|e| ctx.at(table, e, "unknown document kind", None)),
            );
            let severity = keep(&mut errors, severity(&ctx, value));
            if let (Some(kind), Some(severity)) = (kind, severity) {
                severity_by_kind.insert(kind, severity);
            }
        }
    }
    let thresholds: BTreeMap<String, f64> = raw
        .thresholds
        .iter()
        .map(|(k, v)| (k.clone(), *v.get_ref()))
        .collect();

    // The kind's tables: only when the head it reads is there and none of the kind's tables
    // was set aside whole (it would be reported again, as missing).
    let table_set_aside = set_aside
        .iter()
        .any(|key| KIND_TABLES.contains(&key.as_str()));
    let check =
        match (kind, &raw.kind, &raw.message) {
            (Some(kind), Some(kind_name), Some(message)) if !table_set_aside => {
                match kind.compile(&ctx, &raw.tables(kind_name, message, &thresholds)) {
                    Ok(check) => Some(check),
                    Err(refused) => {
                        errors.extend(refused.into_iter().filter(|e| {
                            e.span.is_none_or(|span| !thinned.contains(&span.offset()))
                        }));
                        None
                    }
                }
            }
            _ => None,
        };
    let placeholders = kind.map_or(&[][..], Kind::placeholders);
    let mut template_of = |value: &Option<S<String>>| {
        let value = value.as_ref()?;
        match kind {
            Some(_) => keep(&mut errors, template(&ctx, value, placeholders)),
            // Placeholders depend on the kind; with no kind, only the text is kept.
            None => Some(Template(value.get_ref().trim().to_string())),
        }
    };
    let message = template_of(&raw.message);
    let help = template_of(&raw.help);
    let label = match &raw.label {
        Some(_) => template_of(&raw.label),
        None => raw
            .summary
            .as_ref()
            .map(|s| Template(s.get_ref().trim().to_string())),
    };
    let docs = match &raw.docs {
        Some(docs) => {
            let written = docs.get_ref();
            let blank: Vec<&str> = [
                ("`what`", &written.what),
                ("`why`", &written.why),
                ("`example`", &written.example),
            ]
            .into_iter()
            .filter(|(_, text)| text.trim().is_empty())
            .map(|(name, _)| name)
            .collect();
            if !blank.is_empty() {
                let problem = ctx.at(
                    docs,
                    format!(
                        "docs need `what`, `why` and `example`, each non-empty; {} {} blank",
                        blank.join(" and "),
                        if blank.len() == 1 { "is" } else { "are" }
                    ),
                    "incomplete docs",
                    Some(
                        "say what it checks, why it matters (with its source) and give a compliant example"
                            .into(),
                    ),
                );
                match origin {
                    Origin::Shipped => errors.push(*problem),
                    Origin::User => warnings.push((*problem).into_warning()),
                }
            }
            Docs {
                what: written.what.trim().to_string(),
                why: written.why.trim().to_string(),
                example: written.example.trim().to_string(),
                sources: written.sources.clone(),
            }
        }
        None => Docs::default(),
    };
    let mut examples = Vec::new();
    for e in &raw.examples {
        let expect = &e.get_ref().expect;
        let expected: Option<Expect> = names::parse(expect.get_ref());
        if expected.is_none() {
            let quoted: Vec<String> = names::all::<Expect>()
                .iter()
                .map(|name| format!("{name:?}"))
                .collect();
            errors.push(*ctx.at(
                expect,
                format!("unknown expectation {:?}", expect.get_ref()),
                &format!("expected {}", quoted.join(" or ")),
                None,
            ));
        }
        let kind = match &e.get_ref().kind {
            Some(k) => keep(&mut errors, doc_kind(&ctx, k)),
            None => applies_to.first().copied(),
        };
        if let (Some(expect), Some(kind)) = (expected, kind) {
            examples.push(Example {
                text: e.get_ref().text.clone(),
                expect,
                kind,
                subject: e.get_ref().subject.clone(),
                line: line_of(source, e.span().start),
            });
        }
    }
    if !errors.is_empty() {
        // In the order of the file; errors about the whole file last. The warnings too, so
        // one run shows everything to fix.
        errors.extend(warnings);
        return Err(in_file_order(errors));
    }
    let (
        Some(kind),
        Some(summary),
        Some(severity),
        Some(message),
        Some(help),
        Some(label),
        Some(check),
    ) = (
        kind,
        raw.summary,
        default_severity,
        message,
        help,
        label,
        check,
    )
    else {
        // Each part that is absent here was reported above.
        return Err(vec![*ctx.error("the rule is incomplete", None, "", None)]);
    };
    Ok(Parsed {
        rule: Rule {
            id: id.to_string(),
            path: name.to_string(),
            kind_name: kind.name().to_string(),
            summary: summary.get_ref().trim().to_string(),
            applies_to,
            severity,
            severity_by_kind,
            message,
            help,
            label,
            docs,
            thresholds,
            check,
            examples,
        },
        warnings,
    })
}

/// A shipped rule file, or its first mistake (for tests).
#[cfg(test)]
pub(crate) fn parse(id: &str, name: &str, source: &str) -> Result<Rule, Box<RuleError>> {
    parse_file(id, name, source, Origin::Shipped)
        .map(|parsed| parsed.rule)
        .map_err(|errors| Box::new(errors.into_iter().next().expect("an error")))
}

/// Read the file as a `RawRule`. A syntax error ends the reading (the rest cannot be trusted);
/// a key whose value does not read (an unknown key, a wrong type) is reported, set aside and the
/// rest read again, so one run names every such key. The key set aside is the innermost one
/// holding the mistake: a misspelt key inside `[require]` leaves the rest of `[require]` to be
/// read and compiled. Returns what read, and the top-level keys set aside whole.
fn read_raw(ctx: &Ctx<'_>, errors: &mut Vec<RuleError>) -> Result<Read, Vec<RuleError>> {
    let mut table = toml::de::DeTable::parse(ctx.source).map_err(|e| vec![*toml_error(ctx, &e)])?;
    let mut set_aside = Vec::new();
    let mut thinned = Vec::new();
    loop {
        let read = RawRule::deserialize(toml::de::Deserializer::from(table.clone()));
        let error = match read {
            Ok(raw) => {
                return Ok(Read {
                    raw,
                    set_aside,
                    thinned,
                });
            }
            Err(error) => error,
        };
        let at = error.span().map(|span| span.start);
        // Where the top-level value holding the mistake starts, before it changes.
        let holder = at
            .and_then(|at| last_before(table.get_ref(), at))
            .and_then(|key| table.get_ref().get(&key))
            .map(|value| value.span().start);
        let removed = at.and_then(|at| remove_at(table.get_mut(), at));
        push_new(errors, *toml_error(ctx, &error));
        match removed {
            Some(path) if path.contains('.') => thinned.extend(holder),
            Some(path) => set_aside.push(path),
            // Nothing to set aside: what was found so far is all this file can say.
            None => return Err(in_file_order(std::mem::take(errors))),
        }
    }
}

/// What [`read_raw`] read: the rule, the top-level keys set aside whole, and where each table
/// starts that lost a key inside it (a finding of the kind about such a table as a whole, "this
/// table has no phrases", is the set-aside key's consequence, not a mistake of its own).
struct Read {
    raw: RawRule,
    set_aside: Vec<String>,
    thinned: Vec<usize>,
}

/// Remove the innermost key of `table` whose key or value starts at or before `at` (the last
/// one written before the mistake), going into tables and arrays of tables; its dotted path.
fn remove_at(table: &mut toml::de::DeTable<'_>, at: usize) -> Option<String> {
    let key = last_before(table, at)?;
    let inner = match table.get_mut(&key).map(S::get_mut) {
        Some(toml::de::DeValue::Table(inner)) => remove_at(inner, at),
        Some(toml::de::DeValue::Array(items)) => items
            .iter_mut()
            .filter(|item| item.span().start <= at)
            .max_by_key(|item| item.span().start)
            .and_then(|item| match item.get_mut() {
                toml::de::DeValue::Table(inner) => remove_at(inner, at),
                _ => None,
            }),
        _ => None,
    };
    match inner {
        Some(path) => Some(format!("{}.{path}", key.get_ref())),
        None => {
            table.remove(&key);
            Some(key.get_ref().to_string())
        }
    }
}

/// The key of `table` written last at or before `at` (by where its key or value starts: a
/// `[table]` header starts before its name).
fn last_before<'i>(table: &toml::de::DeTable<'i>, at: usize) -> Option<S<toml::de::DeString<'i>>> {
    let start = |key: &S<toml::de::DeString<'_>>, value: &S<toml::de::DeValue<'_>>| {
        key.span().start.min(value.span().start)
    };
    table
        .iter()
        .filter(|(key, value)| start(key, value) <= at)
        .max_by_key(|(key, value)| start(key, value))
        .map(|(key, _)| key.clone())
}

fn toml_error(ctx: &Ctx<'_>, e: &toml::de::Error) -> Box<RuleError> {
    let (message, help) = explain_toml(e.message());
    ctx.error(
        message,
        e.span(),
        if message_is_key(e.message()) {
            "unknown key"
        } else {
            "here"
        },
        help,
    )
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// Make serde's messages readable for rule authors.
fn explain_toml(message: &str) -> (String, Option<String>) {
    let message = message.trim().to_string();
    let help = if message.contains("unknown field") {
        // "unknown field `aplies-to`, expected one of `kind`, `summary`, …"
        let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
        let suggestion = quoted
            .split_first()
            .and_then(|(given, expected)| crate::wording::suggest(given, expected.iter().copied()));
        Some(match suggestion {
            Some(key) => format!("did you mean `{key}`? Keys are kebab-case"),
            None => format!("keys are kebab-case; every key is listed in {REFERENCE}"),
        })
    } else if message.contains("missing field") {
        Some(format!(
            "this table needs the key named above; see {REFERENCE}"
        ))
    } else {
        None
    };
    (message, help)
}

fn doc_kind(ctx: &Ctx<'_>, value: &S<String>) -> Result<DocKind, Box<RuleError>> {
    value
        .get_ref()
        .parse()
        .map_err(|e: String| ctx.at(value, e, "unknown document kind", None))
}

fn message_is_key(message: &str) -> bool {
    message.contains("unknown field")
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// A forbid rule with every required key; `extra` is inserted after `kind`, `tables` before
    /// `[docs]`.
    fn forbid(extra: &str, tables: &str) -> String {
        format!(
            "kind = \"forbid\"\n{extra}summary = \"s\"\napplies-to = [\"bid\"]\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\n{tables}[docs]\nwhat = \"w\"\nwhy = \"y\"\nexample = \"e\"\n"
        )
    }

    /// What a rule file's error says, and where: (message, label, line, column, the text
    /// underlined). Line and column count from 1, the column in characters.
    fn error(source: &str) -> (String, String, usize, usize, String) {
        let error = parse("t", "t.toml", source).expect_err("the rule file is rejected");
        let span = error.span.expect("the error points into the file");
        let before = &source[..span.offset()];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let underlined = source[span.offset()..span.offset() + span.len()].to_string();
        (error.message, error.label, line, column, underlined)
    }

    #[test]
    fn an_unknown_key_is_named_with_the_keys_it_could_be() {
        let source = forbid("severiy = \"error\"\n", "[match]\nphrases = [\"x\"]\n");
        assert_eq!(
            error(&source),
            (
                "t.toml: unknown field `severiy`, expected one of `kind`, `summary`, `applies-to`, `severity`, `severity-by-kind`, `message`, `help`, `label`, `docs`, `thresholds`, `trigger`, `clause`, `element`, `flag`, `require`, `match`, `unless`, `entities`, `satisfied-by`, `measure`, `examples`".into(),
                "unknown key".into(),
                2,
                1,
                "severiy".into()
            )
        );
        // Inside a table, the table's own keys.
        let source = forbid("", "[match]\nphrases = [\"x\"]\n  phrase = [\"y\"]\n");
        let (message, label, line, column, underlined) = error(&source);
        assert_eq!(
            message,
            "t.toml: unknown field `phrase`, expected one of `phrases`, `patterns`, `headings`, `roles`, `case-sensitive`, `negated`, `facts`, `within`, `section-headings`, `not-counted`, `follows`, `per-clause`, `whole-clause`"
        );
        assert_eq!((label.as_str(), line, column), ("unknown key", 9, 3));
        assert_eq!(underlined, "phrase");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_underlined() {
        let source = forbid("", "[match]\nphrases = [\"x\"]\n")
            .replace("severity = \"warning\"", "severity = 3");
        assert_eq!(
            error(&source),
            (
                "t.toml: invalid type: integer `3`, expected a string".into(),
                "here".into(),
                4,
                12,
                "3".into()
            )
        );
        let source = forbid("", "[match]\nphrases = \"x\"\ncase-sensitive = true\n");
        assert_eq!(
            error(&source),
            (
                "t.toml: invalid type: string \"x\", expected a sequence".into(),
                "here".into(),
                8,
                11,
                "\"x\"".into()
            )
        );
    }

    #[test]
    fn a_bad_regex_is_underlined_with_the_reason() {
        let source = forbid("", "[match]\npatterns = ['ok', '(unclosed']\n");
        assert_eq!(
            error(&source),
            (
                "t.toml: this regular expression does not compile".into(),
                "bad regex".into(),
                8,
                19,
                "'(unclosed'".into()
            )
        );
        let help = parse("t", "t.toml", &source)
            .expect_err("rejected")
            .help
            .unwrap_or_default();
        assert!(help.contains("unclosed group"), "{help}");
        // One that would match everywhere.
        let source = forbid("", "[match]\npatterns = ['x', 'a?']\n");
        assert_eq!(
            error(&source),
            (
                "t.toml: this pattern matches empty text, so it matches everywhere".into(),
                "matches nothing in particular".into(),
                8,
                18,
                "'a?'".into()
            )
        );
    }

    #[test]
    fn a_table_or_key_of_another_kind_is_refused_where_it_is_written() {
        // A kind's table in a rule of another kind.
        let source = forbid(
            "",
            "[match]\nphrases = [\"x\"]\n[entities]\nroles = [\"partner\"]\n",
        );
        assert_eq!(
            error(&source),
            (
                "t.toml: `entities` does not belong in a forbid rule".into(),
                "not used by this kind".into(),
                9,
                1,
                "[entities]".into()
            )
        );
        // An each-entity key in a forbid rule's vocabulary.
        let source = forbid("", "[match]\nphrases = [\"x\"]\nwithin = [\"sentence\"]\n");
        assert_eq!(
            error(&source),
            (
                "t.toml: `within` is only for an each-entity rule's [require]".into(),
                "not used here".into(),
                9,
                11,
                "\"sentence\"".into()
            )
        );
    }

    #[test]
    fn a_measure_may_read_only_the_facts_its_kind_can() {
        let metric = |fact: &str| {
            forbid("", "")
                .replace("kind = \"forbid\"", "kind = \"metric\"")
                .replace(
                    "[docs]",
                    &format!(
                        "[[measure]]\nfact = \"{fact}\"\ncompare = \">\"\nthreshold = 1\n[docs]"
                    ),
                )
        };
        assert!(parse("t", "t.toml", &metric("share-gap")).is_ok());
        // A count is read inside a clause, not across a document.
        let (message, label, line, column, underlined) = error(&metric("count"));
        assert_eq!(message, "t.toml: unknown fact \"count\"");
        assert_eq!(
            (label.as_str(), line, column, underlined.as_str()),
            ("not a measurable fact here", 8, 8, "\"count\"")
        );
        let help = parse("t", "t.toml", &metric("count"))
            .expect_err("rejected")
            .help;
        assert_eq!(
            help.as_deref(),
            Some(
                "use one of: percentage, target, cost-per-person, duration, money, total-difference, percent-total, share-gap"
            )
        );
        // A clause measures numbers inside the clause: not a partner's share gap.
        let clause = forbid("", "")
            .replace("kind = \"forbid\"", "kind = \"clause\"")
            .replace(
                "[docs]",
                "[clause]\nheadings = ['disput']\n[[measure]]\nfact = \"share-gap\"\ncompare = \">\"\nthreshold = 1\nmessage = \"m\"\n[docs]",
            );
        let (message, _, line, column, _) = error(&clause);
        assert_eq!(
            (message.as_str(), line, column),
            ("t.toml: unknown fact \"share-gap\"", 10, 8)
        );
        // Relations describe percentages only.
        let source =
            metric("target").replace("threshold = 1\n", "threshold = 1\nrelations = [\"rate\"]\n");
        assert_eq!(
            error(&source),
            (
                "t.toml: relations only apply to fact = \"percentage\"".into(),
                "not used".into(),
                11,
                14,
                "\"rate\"".into()
            )
        );
    }

    #[test]
    fn negated_takes_one_of_three_readings_in_any_vocabulary_table() {
        let source = forbid("", "[match]\nphrases = [\"x\"]\nnegated = \"ignored\"\n");
        assert_eq!(
            error(&source),
            (
                "t.toml: unknown reading of negated words \"ignored\"".into(),
                "not a reading of negated words".into(),
                9,
                11,
                "\"ignored\"".into()
            )
        );
        let help = parse("t", "t.toml", &source).expect_err("rejected").help;
        assert!(
            help.as_deref()
                .is_some_and(|h| h.starts_with("use one of: absent, counts, only")),
            "{help:?}"
        );
        for reading in ["absent", "counts", "only"] {
            let source = forbid(
                "",
                &format!(
                    "[match]\nphrases = [\"x\"]\nnegated = \"{reading}\"\n[unless]\nphrases = [\"y\"]\nnegated = \"{reading}\"\n"
                ),
            );
            assert!(parse("t", "t.toml", &source).is_ok(), "{reading}");
        }
        // A flag's and an element's own key.
        let clause = forbid("", "")
            .replace("kind = \"forbid\"", "kind = \"clause\"")
            .replace(
                "[docs]",
                "[clause]\nheadings = ['disput']\n[[element]]\nname = \"e\"\nphrases = [\"a\"]\nnegated = \"counts\"\n[[flag]]\nphrases = [\"b\"]\nmessage = \"m\"\nnegated = \"never\"\n[docs]",
            );
        let (message, _, line, column, _) = error(&clause);
        assert_eq!(
            (message.as_str(), line, column),
            ("t.toml: unknown reading of negated words \"never\"", 16, 11)
        );
    }

    #[test]
    fn agreement_in_applies_to_and_severity_by_kind_names_every_agreement() {
        use crate::analyse::DocKind;
        use crate::diagnostic::Severity;

        let source = forbid(
            "",
            "[severity-by-kind]\nagreement = \"info\"\nmou = \"error\"\n[match]\nphrases = [\"x\"]\n",
        )
        .replace("[\"bid\"]", "[\"agreement\"]");
        let rule = parse("t", "t.toml", &source).expect("the rule loads");
        for kind in DocKind::ALL {
            assert_eq!(rule.applies(kind), kind.is_agreement(), "{kind}");
        }
        assert_eq!(rule.severity_for(DocKind::GrantAgreement), Severity::Info);
        assert_eq!(rule.severity_for(DocKind::Subcontract), Severity::Info);
        assert_eq!(rule.severity_for(DocKind::Mou), Severity::Error);
        assert_eq!(rule.severity_for(DocKind::Bid), Severity::Warning);
        // An example with no kind is analysed as the first kind named: the generic agreement.
        let with_example = format!("{source}[[examples]]\nexpect = \"flag\"\ntext = \"x\"\n");
        let rule = parse("t", "t.toml", &with_example).expect("the rule loads");
        assert_eq!(rule.examples[0].kind, DocKind::Agreement);
        // A misspelt kind names the kinds there are.
        let (message, label, ..) = error(&source.replace("[\"agreement\"]", "[\"agreemnt\"]"));
        assert!(message.contains("grant-agreement, agreement"), "{message}");
        assert_eq!(label, "unknown document kind");
    }

    /// Every error of a file, as (message without the file name, underlined text).
    fn errors(source: &str, origin: super::Origin) -> Vec<(String, String)> {
        super::parse_file("t", "t.toml", source, origin)
            .expect_err("the rule file is rejected")
            .into_iter()
            .map(|e| {
                let underlined = e.span.map_or(String::new(), |s| {
                    source[s.offset()..s.offset() + s.len()].to_string()
                });
                (
                    e.message.trim_start_matches("t.toml: ").to_string(),
                    underlined,
                )
            })
            .collect()
    }

    #[test]
    fn one_run_names_every_mistake_of_a_file() {
        // Two unknown keys (one at the top, one inside [match]), a bad severity, a bad
        // document kind and an example that expects nothing known: five mistakes, one run.
        let source = "kind = \"forbid\"\nsumary = \"s\"\nsummary = \"s\"\napplies-to = [\"bid\", \"brochure\"]\nseverity = \"serious\"\nmessage = \"m\"\nhelp = \"h\"\n[match]\nphrases = [\"x\"]\nphrase = [\"y\"]\n[docs]\nwhat = \"w\"\nwhy = \"y\"\nexample = \"e\"\n[[examples]]\ntext = \"x\"\nexpect = \"flagged\"\n";
        let found = errors(source, super::Origin::Shipped);
        let messages: Vec<&str> = found.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(found.len(), 5, "{messages:#?}");
        // In the order of the file.
        let underlined: Vec<&str> = found.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(
            underlined,
            [
                "sumary",
                "\"brochure\"",
                "\"serious\"",
                "phrase",
                "\"flagged\""
            ]
        );
        assert!(messages[0].starts_with("unknown field `sumary`"));
        assert!(messages[3].starts_with("unknown field `phrase`"));
    }

    #[test]
    fn every_missing_key_is_named_at_once_and_a_bad_value_is_not_also_missing() {
        let source = "kind = \"forbid\"\nseverity = 3\n[match]\nphrases = [\"x\"]\n";
        let found = errors(source, super::Origin::Shipped);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].0.contains("invalid type"), "{found:?}");
        assert_eq!(found[0].1, "3");
        // `severity` was written (wrongly): it is not also called missing.
        assert_eq!(
            found[1].0,
            "the rule has no summary, applies-to, message, help, [docs]"
        );
    }

    #[test]
    fn docs_are_required_in_shipped_rules_and_optional_in_a_users_own() {
        let full = forbid("", "[match]\nphrases = [\"x\"]\n");
        let bare = &full[..full.find("[docs]").expect("docs")];
        let shipped = errors(bare, super::Origin::Shipped);
        assert_eq!(
            shipped,
            vec![("the rule has no [docs]".to_string(), String::new())]
        );

        let own = super::parse_file("t", "t.toml", bare, super::Origin::User).expect("loads");
        assert_eq!(own.warnings.len(), 1);
        assert!(own.warnings[0].warning);
        assert!(own.warnings[0].message.contains("no [docs]"));
        assert!(own.rule.docs.what.is_empty());
        // Incomplete docs: an error in the shipped pack, a warning in a user's rule.
        let thin = full.replace("why = \"y\"", "why = \"  \"");
        assert!(
            errors(&thin, super::Origin::Shipped)[0]
                .0
                .contains("docs need")
        );
        let own = super::parse_file("t", "t.toml", &thin, super::Origin::User).expect("loads");
        assert!(own.warnings[0].message.contains("docs need"));
        // A complete rule has no warnings either way.
        let own = super::parse_file("t", "t.toml", &full, super::Origin::User).expect("loads");
        assert!(own.warnings.is_empty());
    }

    #[test]
    fn a_misspelt_key_in_one_table_leaves_the_others_compiled() {
        // The helper's case: `phrase` for `phrases` in [require], and a regex that does not
        // compile in [trigger]. Both are named in one run.
        let source = "kind = \"require\"\nsummary = \"s\"\napplies-to = [\"bid\"]\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\n[trigger]\npatterns = ['(unclosed']\n[require]\nphrase = [\"safeguarding lead\"]\n[docs]\nwhat = \"w\"\nwhy = \"y\"\nexample = \"e\"\n";
        let found = errors(source, super::Origin::User);
        let underlined: Vec<&str> = found.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(underlined, ["'(unclosed'", "phrase"], "{found:#?}");
        // The misspelt key's help names the key it most likely meant.
        let error = super::parse_file("t", "t.toml", source, super::Origin::User)
            .expect_err("rejected")
            .into_iter()
            .find(|e| e.message.contains("unknown field"))
            .expect("the unknown key");
        assert!(
            error
                .help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `phrases`?"),
            "{error:?}"
        );
    }

    #[test]
    fn every_bad_regex_of_a_clause_rule_is_named_in_one_run() {
        // A clause rule stops at its first mistake; the regexes are all checked besides.
        let source = forbid(
            "",
            "[clause]\nheadings = ['disput']\n[[element]]\nname = \"mediation\"\npatterns = ['media(tion']\n[[element]]\nname = \"arbitration\"\npatterns = ['arbitrat[ion']\n",
        )
        .replace("kind = \"forbid\"", "kind = \"clause\"");
        let found = errors(&source, super::Origin::Shipped);
        let underlined: Vec<&str> = found.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(underlined, ["'media(tion'", "'arbitrat[ion'"], "{found:#?}");
    }
}
