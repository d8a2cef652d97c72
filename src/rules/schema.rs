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
use super::rule_error::{CODE, Ctx, RuleError, S, named, severity, template};
use super::vocabulary::{RawMatcher, Triggers};
use super::{Docs, Example, Expect, Rule, Template};
use crate::analyse::DocKind;

/// A rule file as written: the head, then every kind's tables (see the module docs).
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

impl RawRule {
    /// The kinds' tables, for [`Kind::compile`].
    fn tables<'a>(&'a self, thresholds: &'a BTreeMap<String, f64>) -> Tables<'a> {
        Tables {
            kind: &self.kind,
            message: &self.message,
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
    let kind: Kind = named(
        &ctx,
        &raw.kind,
        "rule kind",
        &format!("use one of: {}", names::all::<Kind>().join(", ")),
    )?;
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
            Some("list the kinds it checks, e.g. [\"bid\", \"agreement\"]".into()),
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

    let check = kind.compile(&ctx, &raw.tables(&thresholds))?;
    let placeholders = kind.placeholders();
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
            let expect = &e.get_ref().expect;
            let expect: Expect = names::parse(expect.get_ref()).ok_or_else(|| {
                let quoted: Vec<String> = names::all::<Expect>()
                    .iter()
                    .map(|name| format!("{name:?}"))
                    .collect();
                ctx.at(
                    expect,
                    format!("unknown expectation {:?}", expect.get_ref()),
                    &format!("expected {}", quoted.join(" or ")),
                    None,
                )
            })?;
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
        kind_name: kind.name().to_string(),
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
}
