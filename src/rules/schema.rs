//! The rule file format (TOML) and its compilation into a [`Rule`].
//!
//! Parsing is strict: unknown keys, wrong types, unknown document kinds, roles, facts or
//! template placeholders, regexes that do not compile, and tables that do not belong to the
//! rule's kind are all [`RuleError`]s pointing at the place in the file. README.md's "Writing
//! rules" section documents every field; `rules/README.md` will list them with examples.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::kinds::clause::{ClauseCheck, Element, Flag};
use super::kinds::each_entity::EachEntity;
use super::kinds::forbid::Forbid;
use super::kinds::measure::{Compare, Measure, Threshold};
use super::kinds::metric::Metric;
use super::kinds::require::Require;
use super::matcher::{self, Matcher, Pattern};
use super::{Check, Docs, Example, Expect, Fact, Rule, Severity, Template};
use crate::analyse::{DocKind, Relation, Role, TargetClass};
use crate::toml_error::{TomlError, TomlFile};

/// A rule file that cannot be used, with the place in the file that is wrong.
pub type RuleError = TomlError;

/// The diagnostic code of rule-file errors.
pub const CODE: &str = "tenderlint::rule";

type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    kind: S<String>,
    summary: S<String>,
    applies_to: S<Vec<S<String>>>,
    severity: S<String>,
    #[serde(default)]
    severity_by_kind: Option<S<BTreeMap<String, S<String>>>>,
    message: S<String>,
    help: S<String>,
    /// The short text under the underlined words; the summary when absent.
    #[serde(default)]
    label: Option<S<String>>,
    docs: S<RawDocs>,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDocs {
    what: String,
    why: String,
    example: String,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
/// A vocabulary table: `[trigger]`, `[require]`, `[match]`, `[unless]`, `[satisfied-by]`.
/// One struct for all of them, so every value keeps its span; fields a table does not use are
/// rejected after parsing, pointing at the value.
struct RawMatcher {
    #[serde(default)]
    phrases: Vec<S<String>>,
    #[serde(default)]
    patterns: Vec<S<String>>,
    #[serde(default)]
    headings: Vec<S<String>>,
    #[serde(default)]
    roles: Vec<S<String>>,
    #[serde(default)]
    case_sensitive: bool,
    // Evidence fields, for an each-entity rule's [require] only.
    #[serde(default)]
    facts: Vec<S<String>>,
    #[serde(default)]
    within: Vec<S<String>>,
    #[serde(default)]
    section_headings: Vec<S<String>>,
    #[serde(default)]
    not_counted: Vec<S<String>>,
    #[serde(default)]
    follows: Vec<S<String>>,
    // For [clause] only.
    #[serde(default)]
    per_clause: Option<S<bool>>,
}

/// `[trigger]` (one table) or `[[trigger]]` (several, all of which must match). Written by
/// hand because serde's untagged enums lose the spans the error messages need.
#[derive(Debug, Default)]
struct Triggers(Vec<RawMatcher>);

impl<'de> Deserialize<'de> for Triggers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Triggers;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a [trigger] table or [[trigger]] tables")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Triggers, A::Error> {
                let one =
                    RawMatcher::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Triggers(vec![one]))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Triggers, A::Error> {
                let mut all = Vec::new();
                while let Some(one) = seq.next_element::<RawMatcher>()? {
                    all.push(one);
                }
                Ok(Triggers(all))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawElement {
    name: S<String>,
    #[serde(default)]
    phrases: Vec<S<String>>,
    #[serde(default)]
    patterns: Vec<S<String>>,
    #[serde(default)]
    facts: Vec<S<String>>,
    #[serde(default)]
    only_if: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFlag {
    #[serde(default)]
    phrases: Vec<S<String>>,
    #[serde(default)]
    patterns: Vec<S<String>>,
    #[serde(default)]
    unless: Vec<S<String>>,
    #[serde(default)]
    unless_in_clause: Vec<S<String>>,
    #[serde(default)]
    unless_document: Vec<S<String>>,
    #[serde(default)]
    if_document: Vec<S<String>>,
    #[serde(default)]
    severity: Option<S<String>>,
    #[serde(default)]
    label: Option<S<String>>,
    message: S<String>,
    #[serde(default)]
    help: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEntities {
    roles: Vec<S<String>>,
    #[serde(default)]
    exclude_roles: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawThreshold {
    Number(f64),
    Name(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMeasure {
    fact: S<String>,
    compare: S<String>,
    threshold: S<RawThreshold>,
    #[serde(default)]
    relations: Vec<S<String>>,
    #[serde(default)]
    classes: Vec<S<String>>,
    #[serde(default)]
    severity: Option<S<String>>,
    #[serde(default)]
    label: Option<S<String>>,
    #[serde(default)]
    message: Option<S<String>>,
    #[serde(default)]
    help: Option<S<String>>,
    #[serde(default)]
    followed_by: Vec<S<String>>,
    #[serde(default)]
    preceded_by: Vec<S<String>>,
    #[serde(default)]
    unless_document: Vec<S<String>>,
    #[serde(default)]
    if_document: Vec<S<String>>,
    #[serde(default)]
    unless: Vec<S<String>>,
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

/// Turns spans and messages into errors for one file.
type Ctx<'a> = TomlFile<'a>;

/// Parse and compile one rule file. `name` is how the file is shown in errors; `id` is the
/// rule id (the file stem).
pub fn parse(id: &str, name: &str, source: &str) -> Result<Rule, Box<RuleError>> {
    let ctx = Ctx {
        code: CODE,
        name,
        source,
    };
    let raw: RawRule = toml::from_str(source).map_err(|e| {
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
    })?;
    let kind = raw.kind.get_ref().as_str();
    let known_kinds = ["require", "forbid", "each-entity", "metric", "clause"];
    if !known_kinds.contains(&kind) {
        return Err(ctx.at(
            &raw.kind,
            format!("unknown rule kind {kind:?}"),
            "not a rule kind",
            Some(format!("use one of: {}", known_kinds.join(", "))),
        ));
    }
    let applies_to = raw
        .applies_to
        .get_ref()
        .iter()
        .map(|k| doc_kind(&ctx, k))
        .collect::<Result<Vec<_>, _>>()?;
    if applies_to.is_empty() {
        return Err(ctx.at(
            &raw.applies_to,
            "applies-to is empty, so the rule never runs",
            "no document kinds",
            Some("list the kinds it checks, e.g. [\"bid\", \"subcontract\"]".into()),
        ));
    }
    let default_severity = severity(&ctx, &raw.severity)?;
    let mut severity_by_kind = BTreeMap::new();
    if let Some(table) = &raw.severity_by_kind {
        for (key, value) in table.get_ref() {
            let kind: DocKind = key
                .parse()
                .map_err(|e: String| ctx.at(table, e, "unknown document kind", None))?;
            severity_by_kind.insert(kind, severity(&ctx, value)?);
        }
    }
    let thresholds: BTreeMap<String, f64> = raw
        .thresholds
        .iter()
        .map(|(k, v)| (k.clone(), *v.get_ref()))
        .collect();

    // Tables must match the kind: a forbid rule with [entities] is a mistake, not an option.
    let allowed: &[&str] = match kind {
        "require" => &["trigger", "require"],
        "forbid" => &["match", "unless"],
        "each-entity" => &["entities", "require", "satisfied-by"],
        "clause" => &["trigger", "clause", "element", "flag", "measure"],
        _ => &["measure"],
    };
    let first_trigger = raw.trigger.as_ref().map(S::span);
    let present: [(&str, Option<Range<usize>>); 10] = [
        ("trigger", first_trigger),
        ("clause", raw.clause.as_ref().map(S::span)),
        ("element", raw.element.first().map(S::span)),
        ("flag", raw.flag.first().map(S::span)),
        ("require", raw.require.as_ref().map(S::span)),
        ("match", raw.match_.as_ref().map(S::span)),
        ("unless", raw.unless.as_ref().map(S::span)),
        ("entities", raw.entities.as_ref().map(S::span)),
        ("satisfied-by", raw.satisfied_by.as_ref().map(S::span)),
        ("measure", raw.measure.first().map(S::span)),
    ];
    for (table, span) in &present {
        if let Some(span) = span
            && !allowed.contains(table)
        {
            return Err(ctx.error(
                format!("`{table}` does not belong in a {kind} rule"),
                Some(span.clone()),
                "not used by this kind",
                Some(format!("a {kind} rule uses: {}", allowed.join(", "))),
            ));
        }
    }

    let (check, placeholders): (Check, &[&str]) = match kind {
        "require" => {
            let require_value = raw.require.as_ref().ok_or_else(|| {
                missing(
                    &ctx,
                    &raw.kind,
                    "require",
                    "the vocabulary whose presence satisfies the rule",
                )
            })?;
            let require = matcher(&ctx, require_value.get_ref(), require_value.span())?;
            let trigger = triggers(&ctx, raw.trigger.as_ref())?;
            (
                Check::Require(Require { trigger, require }),
                &["subject", "kind"],
            )
        }
        "forbid" => {
            let m = raw.match_.as_ref().ok_or_else(|| {
                missing(
                    &ctx,
                    &raw.kind,
                    "match",
                    "the vocabulary that must not appear",
                )
            })?;
            let unless = raw
                .unless
                .as_ref()
                .map(|t| matcher(&ctx, t.get_ref(), t.span()))
                .transpose()?;
            (
                Check::Forbid(Forbid {
                    matcher: matcher(&ctx, m.get_ref(), m.span())?,
                    unless,
                }),
                &["subject", "kind"],
            )
        }
        "each-entity" => {
            let entities = raw.entities.as_ref().ok_or_else(|| {
                missing(
                    &ctx,
                    &raw.kind,
                    "entities",
                    "which organisations the rule checks",
                )
            })?;
            let require_value = raw.require.as_ref().ok_or_else(|| {
                missing(
                    &ctx,
                    &raw.kind,
                    "require",
                    "what each organisation must have",
                )
            })?;
            let r = require_value.get_ref();
            for (key, values) in [("headings", &r.headings), ("roles", &r.roles)] {
                if let Some(first) = values.first() {
                    return Err(ctx.at(first, format!("`{key}` is not used in an each-entity rule's [require]"), "not used here", Some("use facts, within, section-headings, not-counted, phrases and patterns".into())));
                }
            }
            (
                Check::EachEntity(each_entity(
                    &ctx,
                    entities.get_ref(),
                    r,
                    raw.satisfied_by.as_ref(),
                )?),
                &["subject", "kind"],
            )
        }
        "metric" => {
            if raw.measure.is_empty() {
                return Err(missing(
                    &ctx,
                    &raw.kind,
                    "measure",
                    "one or more [[measure]] tables",
                ));
            }
            let measures = raw
                .measure
                .iter()
                .map(|m| measure(&ctx, m, &thresholds, &Fact::METRIC_NAMES))
                .collect::<Result<Vec<_>, _>>()?;
            (
                Check::Metric(Metric { measures }),
                &[
                    "subject",
                    "kind",
                    "value",
                    "threshold",
                    "computed",
                    "stated",
                    "delivery",
                    "funding",
                ],
            )
        }
        _ => (
            Check::Clause(clause_check(&ctx, &raw, &thresholds)?),
            &["subject", "kind", "missing"],
        ),
    };
    let message = template(&ctx, &raw.message, placeholders)?;
    let help = template(&ctx, &raw.help, placeholders)?;
    let label = match &raw.label {
        Some(label) => template(&ctx, label, placeholders)?,
        None => Template(raw.summary.get_ref().trim().to_string()),
    };
    let docs = raw.docs.get_ref();
    if docs.what.trim().is_empty() || docs.why.trim().is_empty() || docs.example.trim().is_empty() {
        return Err(ctx.at(
            &raw.docs,
            "docs need `what`, `why` and `example`, each non-empty",
            "incomplete docs",
            Some(
                "say what it checks, why it matters (with its source) and give a compliant example"
                    .into(),
            ),
        ));
    }
    let examples = raw
        .examples
        .iter()
        .map(|e| {
            let expect = match e.get_ref().expect.get_ref().as_str() {
                "flag" => Expect::Flag,
                "clear" => Expect::Clear,
                other => {
                    return Err(ctx.at(
                        &e.get_ref().expect,
                        format!("unknown expectation {other:?}"),
                        "expected \"flag\" or \"clear\"",
                        None,
                    ));
                }
            };
            let kind = match &e.get_ref().kind {
                Some(k) => doc_kind(&ctx, k)?,
                None => applies_to[0],
            };
            Ok(Example {
                text: e.get_ref().text.clone(),
                expect,
                kind,
                subject: e.get_ref().subject.clone(),
                line: line_of(source, e.span().start),
            })
        })
        .collect::<Result<Vec<_>, Box<RuleError>>>()?;
    Ok(Rule {
        id: id.to_string(),
        path: name.to_string(),
        kind_name: kind.to_string(),
        summary: raw.summary.get_ref().trim().to_string(),
        applies_to,
        severity: default_severity,
        severity_by_kind,
        message,
        help,
        label,
        docs: Docs {
            what: docs.what.trim().to_string(),
            why: docs.why.trim().to_string(),
            example: docs.example.trim().to_string(),
            sources: docs.sources.clone(),
        },
        thresholds,
        check,
        examples,
    })
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

fn missing(ctx: &Ctx<'_>, kind: &S<String>, table: &str, what: &str) -> Box<RuleError> {
    ctx.at(
        kind,
        format!(
            "a {} rule needs a `[{table}]` table: {what}",
            kind.get_ref()
        ),
        "this kind",
        None,
    )
}

/// Make serde's messages readable for rule authors.
fn explain_toml(message: &str) -> (String, Option<String>) {
    let message = message.trim().to_string();
    let help = if message.contains("unknown field") {
        Some(
            "check the spelling against README.md \"Writing rules\"; keys are kebab-case"
                .to_string(),
        )
    } else if message.contains("missing field") {
        Some(
            "every rule needs kind, summary, applies-to, severity, message, help and [docs]"
                .to_string(),
        )
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

fn severity(ctx: &Ctx<'_>, value: &S<String>) -> Result<Severity, Box<RuleError>> {
    value.get_ref().parse().map_err(|_| {
        ctx.at(
            value,
            format!("unknown severity {:?}", value.get_ref()),
            "not a severity",
            Some("use \"error\", \"warning\" or \"info\"".into()),
        )
    })
}

fn role(ctx: &Ctx<'_>, value: &S<String>) -> Result<Role, Box<RuleError>> {
    Role::parse(value.get_ref()).ok_or_else(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
        ctx.at(
            value,
            format!("unknown role {:?}", value.get_ref()),
            "not a role",
            Some(format!("use one of: {}", names.join(", "))),
        )
    })
}

/// Check a pattern's syntax (cheaply: it is compiled later, once, with the rest of its table).
fn regex(ctx: &Ctx<'_>, value: &S<String>, case_sensitive: bool) -> Result<String, Box<RuleError>> {
    if matcher::loading_shipped() {
        return Ok(value.get_ref().clone());
    }
    matcher::parse(value.get_ref(), case_sensitive).map_err(|e| {
        ctx.at(
            value,
            "this regular expression does not compile",
            "bad regex",
            Some(e),
        )
    })?;
    Ok(value.get_ref().clone())
}

/// The error for patterns that parse but do not compile together (too large): compile each
/// alone to point at the one to blame, or at the first when only the union is too large.
fn compile_error(
    ctx: &Ctx<'_>,
    values: &[&S<String>],
    case_sensitive: bool,
    error: &regex::Error,
    fallback: Range<usize>,
) -> Box<RuleError> {
    let help = |e: &regex::Error| match e {
        regex::Error::CompiledTooBig(limit) => format!(
            "the pattern compiles to more than {} KiB (the regex-size-kb limit): a large repeat such as {{1000}} or a long Unicode class inside one is the usual cause; write a smaller pattern, or raise `[limits] regex-size-kb` in tenderlint.toml or `--limit regex-size-kb=N`",
            limit / 1024
        ),
        other => other.to_string(),
    };
    for value in values {
        if let Err(e) = matcher::compile(value.get_ref(), case_sensitive) {
            return ctx.at(
                *value,
                "this regular expression does not compile",
                "bad regex",
                Some(help(&e)),
            );
        }
    }
    ctx.error(
        "the patterns do not compile together",
        Some(values.first().map_or(fallback, |v| v.span())),
        "here",
        Some(help(error)),
    )
}

fn matcher(ctx: &Ctx<'_>, raw: &RawMatcher, span: Range<usize>) -> Result<Matcher, Box<RuleError>> {
    for (key, values) in [
        ("facts", &raw.facts),
        ("within", &raw.within),
        ("section-headings", &raw.section_headings),
        ("not-counted", &raw.not_counted),
        ("follows", &raw.follows),
    ] {
        if let Some(first) = values.first() {
            return Err(ctx.at(
                first,
                format!("`{key}` is only for an each-entity rule's [require]"),
                "not used here",
                Some("vocabulary tables take phrases, patterns, headings and roles".into()),
            ));
        }
    }
    if let Some(per_clause) = &raw.per_clause {
        return Err(ctx.at(
            per_clause,
            "`per-clause` is only for a clause rule's [clause]",
            "not used here",
            None,
        ));
    }
    let phrases: Vec<String> = raw
        .phrases
        .iter()
        .map(|p| {
            if p.get_ref().trim().is_empty() {
                Err(ctx.at(p, "an empty phrase matches everywhere", "empty", None))
            } else {
                Ok(p.get_ref().clone())
            }
        })
        .collect::<Result<_, _>>()?;
    let patterns = raw
        .patterns
        .iter()
        .map(|p| regex(ctx, p, raw.case_sensitive))
        .collect::<Result<Vec<_>, _>>()?;
    for p in raw.patterns.iter().filter(|_| !matcher::loading_shipped()) {
        let empty = matcher::parse(p.get_ref(), raw.case_sensitive)
            .is_ok_and(|hir| hir.properties().minimum_len() == Some(0));
        if empty {
            return Err(ctx.at(
                p,
                "this pattern matches empty text, so it matches everywhere",
                "matches nothing in particular",
                None,
            ));
        }
    }
    let headings = raw
        .headings
        .iter()
        .map(|p| regex(ctx, p, raw.case_sensitive))
        .collect::<Result<Vec<_>, _>>()?;
    let roles = raw
        .roles
        .iter()
        .map(|r| role(ctx, r))
        .collect::<Result<Vec<_>, _>>()?;
    let m =
        Matcher::new(&phrases, &patterns, &headings, roles, raw.case_sensitive).map_err(|e| {
            let values: Vec<&S<String>> = raw.patterns.iter().chain(&raw.headings).collect();
            compile_error(ctx, &values, raw.case_sensitive, &e, span.clone())
        })?;
    if m.is_empty() {
        return Err(ctx.error(
            "this table has no phrases, patterns, headings or roles",
            Some(span),
            "empty",
            None,
        ));
    }
    Ok(m)
}

const SCOPES: &[&str] = &["sentence", "table-row", "section"];

fn each_entity(
    ctx: &Ctx<'_>,
    entities: &RawEntities,
    require: &RawMatcher,
    satisfied_by: Option<&S<RawMatcher>>,
) -> Result<EachEntity, Box<RuleError>> {
    let roles = entities
        .roles
        .iter()
        .map(|r| role(ctx, r))
        .collect::<Result<Vec<_>, _>>()?;
    let exclude_roles = entities
        .exclude_roles
        .iter()
        .map(|r| role(ctx, r))
        .collect::<Result<Vec<_>, _>>()?;
    let check_list =
        |values: &[S<String>], known: &[&str], what: &str| -> Result<Vec<String>, Box<RuleError>> {
            values
                .iter()
                .map(|v| {
                    if known.contains(&v.get_ref().as_str()) {
                        Ok(v.get_ref().clone())
                    } else {
                        Err(ctx.at(
                            v,
                            format!("unknown {what} {:?}", v.get_ref()),
                            &format!("not a {what}"),
                            Some(format!("use one of: {}", known.join(", "))),
                        ))
                    }
                })
                .collect()
        };
    let facts = facts_of(ctx, &require.facts, &Fact::EVIDENCE_NAMES)?;
    let within = check_list(&require.within, SCOPES, "scope")?;
    if !facts.is_empty()
        && within.is_empty()
        && let Some(first) = require.facts.first()
    {
        return Err(ctx.at(
            first,
            "facts need `within`: where the organisation and the fact must appear together",
            "no scope",
            Some(format!(
                "add within = [{}]",
                SCOPES
                    .iter()
                    .map(|s| format!("\"{s}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ));
    }
    let section_headings = require
        .section_headings
        .iter()
        .map(|p| regex(ctx, p, false))
        .collect::<Result<Vec<_>, _>>()?;
    let not_counted = require
        .not_counted
        .iter()
        .map(|p| regex(ctx, p, false))
        .collect::<Result<Vec<_>, _>>()?;
    let phrases: Vec<String> = require
        .phrases
        .iter()
        .map(|p| p.get_ref().clone())
        .collect();
    let patterns = require
        .patterns
        .iter()
        .map(|p| regex(ctx, p, false))
        .collect::<Result<Vec<_>, _>>()?;
    let evidence = Matcher::new(&phrases, &patterns, &[], Vec::new(), false).map_err(|e| {
        let values: Vec<&S<String>> = require.patterns.iter().collect();
        compile_error(ctx, &values, false, &e, 0..0)
    })?;
    let compile_all = |list: &[String]| {
        matcher::compile_any(list, false).map_err(|e| {
            ctx.error(
                "the vocabulary does not compile together",
                None,
                "",
                Some(e.to_string()),
            )
        })
    };
    if let Some(per_clause) = &require.per_clause {
        return Err(ctx.at(
            per_clause,
            "`per-clause` is only for a clause rule's [clause]",
            "not used here",
            None,
        ));
    }
    let follows = any_regex_at(ctx, &require.follows, Anchor::Start)?;
    Ok(EachEntity {
        follows,
        roles,
        exclude_roles,
        facts,
        within,
        section_headings: compile_all(&section_headings)?,
        not_counted: compile_all(&not_counted)?,
        evidence,
        satisfied_by: satisfied_by
            .map(|s| matcher(ctx, s.get_ref(), s.span()))
            .transpose()?,
    })
}

fn measure(
    ctx: &Ctx<'_>,
    raw: &S<RawMeasure>,
    thresholds: &BTreeMap<String, f64>,
    facts: &[&str],
) -> Result<Measure, Box<RuleError>> {
    let m = raw.get_ref();
    let fact = Fact::parse(m.fact.get_ref())
        .filter(|f| facts.contains(&f.name()))
        .ok_or_else(|| {
            ctx.at(
                &m.fact,
                format!("unknown fact {:?}", m.fact.get_ref()),
                "not a measurable fact here",
                Some(format!("use one of: {}", facts.join(", "))),
            )
        })?;
    let compare = Compare::parse(m.compare.get_ref()).ok_or_else(|| {
        ctx.at(
            &m.compare,
            format!("unknown comparison {:?}", m.compare.get_ref()),
            "not a comparison",
            Some("use one of: >, >=, <, <=".into()),
        )
    })?;
    let threshold = match m.threshold.get_ref() {
        RawThreshold::Number(n) => Threshold::Value(*n),
        RawThreshold::Name(name) => {
            if !thresholds.contains_key(name) {
                let known: Vec<&str> = thresholds.keys().map(String::as_str).collect();
                return Err(ctx.at(
                    &m.threshold,
                    format!("no threshold named {name:?} in [thresholds]"),
                    "unknown threshold",
                    Some(if known.is_empty() {
                        "add it under [thresholds]".into()
                    } else {
                        format!("defined: {}", known.join(", "))
                    }),
                ));
            }
            Threshold::Named(name.clone())
        }
    };
    let relations = m
        .relations
        .iter()
        .map(|r| {
            relation(r.get_ref()).ok_or_else(|| {
                ctx.at(
                    r,
                    format!("unknown relation {:?}", r.get_ref()),
                    "not a relation",
                    Some("use of-set, rate, growth, reduction, of-target, money or other".into()),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !relations.is_empty() && fact != Fact::Percentage {
        return Err(ctx.at(
            &m.relations[0],
            "relations only apply to fact = \"percentage\"",
            "not used",
            None,
        ));
    }
    let classes = m
        .classes
        .iter()
        .map(|c| match c.get_ref().as_str() {
            "outcome" => Ok(TargetClass::Outcome),
            "process" => Ok(TargetClass::Process),
            "unclear" => Ok(TargetClass::Unclear),
            other => Err(ctx.at(
                c,
                format!("unknown class {other:?}"),
                "not a class",
                Some("use outcome, process or unclear".into()),
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !classes.is_empty() && fact != Fact::Target {
        return Err(ctx.at(
            &m.classes[0],
            "classes only apply to fact = \"target\"",
            "not used",
            None,
        ));
    }
    let placeholders = &[
        "subject",
        "kind",
        "value",
        "threshold",
        "computed",
        "stated",
        "delivery",
        "funding",
    ];
    let followed_by = any_regex_at(ctx, &m.followed_by, Anchor::Start)?;
    let preceded_by = any_regex_at(ctx, &m.preceded_by, Anchor::End)?;
    let unless_document = any_regex(ctx, &m.unless_document)?;
    let if_document = any_regex(ctx, &m.if_document)?;
    let unless = any_regex(ctx, &m.unless)?;
    Ok(Measure {
        unless,
        followed_by,
        preceded_by,
        unless_document,
        if_document,
        fact,
        compare,
        threshold,
        relations,
        classes,
        severity: m.severity.as_ref().map(|v| severity(ctx, v)).transpose()?,
        label: m
            .label
            .as_ref()
            .map(|t| template(ctx, t, placeholders))
            .transpose()?,
        message: m
            .message
            .as_ref()
            .map(|t| template(ctx, t, placeholders))
            .transpose()?,
        help: m
            .help
            .as_ref()
            .map(|t| template(ctx, t, placeholders))
            .transpose()?,
    })
}

fn relation(name: &str) -> Option<Relation> {
    Some(match name {
        "of-set" => Relation::OfSet,
        "rate" => Relation::Rate,
        "growth" => Relation::Growth,
        "reduction" => Relation::Reduction,
        "of-target" => Relation::OfTarget,
        "money" => Relation::Money,
        "other" => Relation::Other,
        _ => return None,
    })
}

fn template(
    ctx: &Ctx<'_>,
    value: &S<String>,
    allowed: &[&str],
) -> Result<Template, Box<RuleError>> {
    let text = value.get_ref();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(ctx.at(
                value,
                "an opening `{` has no closing `}`",
                "unclosed placeholder",
                None,
            ));
        };
        let name = &rest[open + 1..open + close];
        if !allowed.contains(&name) {
            return Err(ctx.at(
                value,
                format!("unknown placeholder {{{name}}}"),
                "in this template",
                Some(format!(
                    "this rule kind can use: {}",
                    allowed
                        .iter()
                        .map(|a| format!("{{{a}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ));
        }
        rest = &rest[open + close + 1..];
    }
    Ok(Template(text.trim().to_string()))
}

fn message_is_key(message: &str) -> bool {
    message.contains("unknown field")
}

/// The `[trigger]` table, or every `[[trigger]]` table.
fn triggers(
    ctx: &Ctx<'_>,
    raw: Option<&S<Triggers>>,
) -> Result<Vec<super::Matcher>, Box<RuleError>> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    raw.get_ref()
        .0
        .iter()
        .map(|t| matcher(ctx, t, raw.span()))
        .collect()
}

/// Where a regex built from alternatives must match.
#[derive(Clone, Copy)]
enum Anchor {
    Anywhere,
    /// At the start of the text it is run on (`followed-by`, `follows`).
    Start,
    /// At the end (`preceded-by`).
    End,
}

/// Each pattern's syntax checked alone (so an error points at it), then all of them compiled
/// once as one regex.
fn any_regex(ctx: &Ctx<'_>, values: &[S<String>]) -> Result<Option<Pattern>, Box<RuleError>> {
    any_regex_at(ctx, values, Anchor::Anywhere)
}

fn any_regex_at(
    ctx: &Ctx<'_>,
    values: &[S<String>],
    anchor: Anchor,
) -> Result<Option<Pattern>, Box<RuleError>> {
    let patterns = values
        .iter()
        .map(|p| regex(ctx, p, false))
        .collect::<Result<Vec<_>, _>>()?;
    anchored(&patterns, anchor).map_err(|e| {
        let all: Vec<&S<String>> = values.iter().collect();
        compile_error(ctx, &all, false, &e, 0..0)
    })
}

/// The alternatives as one case-insensitive regex (as every rule regex), anchored as asked.
fn anchored(patterns: &[String], anchor: Anchor) -> Result<Option<Pattern>, regex::Error> {
    let joined = match anchor {
        Anchor::Anywhere => return matcher::compile_any(patterns, false),
        _ if patterns.is_empty() => return Ok(None),
        _ => patterns
            .iter()
            .map(|p| format!("(?:{p})"))
            .collect::<Vec<_>>()
            .join("|"),
    };
    let wrapped = match anchor {
        Anchor::End => format!("(?:{joined})$"),
        _ => format!("^(?:{joined})"),
    };
    matcher::compile(&wrapped, false).map(Some)
}

/// Check fact names against the allowed list.
fn facts_of(
    ctx: &Ctx<'_>,
    values: &[S<String>],
    allowed: &[&str],
) -> Result<Vec<Fact>, Box<RuleError>> {
    values
        .iter()
        .map(|v| {
            Fact::parse(v.get_ref())
                .filter(|f| allowed.contains(&f.name()))
                .ok_or_else(|| {
                    ctx.at(
                        v,
                        format!("unknown fact {:?}", v.get_ref()),
                        "not a fact here",
                        Some(format!("use one of: {}", allowed.join(", "))),
                    )
                })
        })
        .collect()
}

fn clause_check(
    ctx: &Ctx<'_>,
    raw: &RawRule,
    thresholds: &BTreeMap<String, f64>,
) -> Result<ClauseCheck, Box<RuleError>> {
    let clause_value = raw.clause.as_ref().ok_or_else(|| {
        missing(
            ctx,
            &raw.kind,
            "clause",
            "the headings or wording that make a clause on the rule's topic",
        )
    })?;
    let c = clause_value.get_ref();
    let clause_facts = facts_of(ctx, &c.facts, &Fact::PRESENCE_NAMES)?;
    let per_clause = c.per_clause.as_ref().is_some_and(|p| *p.get_ref());
    // The vocabulary itself, without the clause-only keys `matcher` rejects.
    let vocabulary = RawMatcher {
        phrases: c.phrases.clone(),
        patterns: c.patterns.clone(),
        headings: c.headings.clone(),
        roles: c.roles.clone(),
        case_sensitive: c.case_sensitive,
        ..RawMatcher::default()
    };
    if let Some(first) = c.roles.first() {
        return Err(ctx.at(
            first,
            "`roles` is not used in [clause]",
            "not used here",
            None,
        ));
    }
    let clause = matcher(ctx, &vocabulary, clause_value.span())?;
    if raw.element.is_empty() && raw.flag.is_empty() && raw.measure.is_empty() {
        return Err(missing(
            ctx,
            &raw.kind,
            "element",
            "at least one [[element]], [[flag]] or [[measure]]: what is checked in the clause",
        ));
    }
    let elements = raw
        .element
        .iter()
        .map(|e| {
            let e = e.get_ref();
            let facts = facts_of(ctx, &e.facts, &Fact::PRESENCE_NAMES)?;
            let vocabulary = RawMatcher {
                phrases: e.phrases.clone(),
                patterns: e.patterns.clone(),
                ..RawMatcher::default()
            };
            let matcher = if vocabulary.phrases.is_empty() && vocabulary.patterns.is_empty() {
                if facts.is_empty() {
                    return Err(ctx.at(
                        &e.name,
                        "this element has no phrases, patterns or facts",
                        "matches nothing",
                        None,
                    ));
                }
                super::Matcher::default()
            } else {
                matcher(ctx, &vocabulary, e.name.span())?
            };
            Ok(Element {
                name: e.name.get_ref().trim().to_string(),
                matcher,
                facts,
                only_if: any_regex(ctx, &e.only_if)?,
            })
        })
        .collect::<Result<Vec<_>, Box<RuleError>>>()?;
    let placeholders = &["subject", "kind"];
    let flags = raw
        .flag
        .iter()
        .map(|f| {
            let span = f.span();
            let f = f.get_ref();
            let vocabulary = RawMatcher {
                phrases: f.phrases.clone(),
                patterns: f.patterns.clone(),
                ..RawMatcher::default()
            };
            Ok(Flag {
                matcher: matcher(ctx, &vocabulary, span)?,
                unless: any_regex(ctx, &f.unless)?,
                unless_in_clause: any_regex(ctx, &f.unless_in_clause)?,
                unless_document: any_regex(ctx, &f.unless_document)?,
                if_document: any_regex(ctx, &f.if_document)?,
                severity: f.severity.as_ref().map(|v| severity(ctx, v)).transpose()?,
                label: f
                    .label
                    .as_ref()
                    .map(|t| template(ctx, t, placeholders))
                    .transpose()?,
                message: template(ctx, &f.message, placeholders)?,
                help: f
                    .help
                    .as_ref()
                    .map(|t| template(ctx, t, placeholders))
                    .transpose()?,
            })
        })
        .collect::<Result<Vec<_>, Box<RuleError>>>()?;
    let measures = raw
        .measure
        .iter()
        .map(|m| {
            if m.get_ref().message.is_none() {
                return Err(ctx.at(
                    m,
                    "a clause rule's [[measure]] needs its own `message`",
                    "no message",
                    Some("say what the number means, e.g. \"{subject}: notice of {value} is shorter than {threshold}\"".into()),
                ));
            }
            measure(ctx, m, thresholds, &Fact::CLAUSE_MEASURE_NAMES)
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !elements.is_empty() && raw.message.get_ref().trim().is_empty() {
        return Err(ctx.at(&raw.message, "the message is empty", "empty", None));
    }
    Ok(ClauseCheck {
        trigger: triggers(ctx, raw.trigger.as_ref())?,
        clause,
        clause_facts,
        per_clause,
        elements,
        flags,
        measures,
    })
}
