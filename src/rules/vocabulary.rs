//! The vocabulary tables of a rule file (`[trigger]`, `[require]`, `[match]`, `[unless]`,
//! `[satisfied-by]`, `[clause]`, and the words of `[[element]]` and `[[flag]]`) and the other keys
//! that take regexes: their raw form ([`RawMatcher`], [`Triggers`]), the checks made on each regex
//! (syntax, empty matches, size; each error at the pattern to blame), and their compilation into
//! a [`Matcher`] ([`matcher()`]) or one [`Pattern`] ([`any_regex`]).
//!
//! Every vocabulary table takes `negated` ([`Negated`]: how it reads words the analysis finds
//! negated); each kind passes the table's default to [`matcher()`].
//!
//! To add a key to the vocabulary tables: a field in [`RawMatcher`], refused in [`matcher()`] if
//! only some tables use it (as `facts` and `per-clause` are), and read by the kind that does.

use std::ops::Range;

use serde::Deserialize;

use super::matcher::{self, Matcher, Negated, Pattern};
use super::rule_error::{Ctx, RuleError, S, named};
use crate::analyse::Role;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
/// A vocabulary table: `[trigger]`, `[require]`, `[match]`, `[unless]`, `[satisfied-by]`.
/// One struct for all of them, so every value keeps its span; fields a table does not use are
/// rejected after parsing, pointing at the value.
pub(crate) struct RawMatcher {
    #[serde(default)]
    pub(crate) phrases: Vec<S<String>>,
    #[serde(default)]
    pub(crate) patterns: Vec<S<String>>,
    #[serde(default)]
    pub(crate) headings: Vec<S<String>>,
    #[serde(default)]
    pub(crate) roles: Vec<S<String>>,
    #[serde(default)]
    pub(crate) case_sensitive: bool,
    /// How negated matches are read: `absent`, `counts` or `only` ([`Negated`]).
    #[serde(default)]
    pub(crate) negated: Option<S<String>>,
    // Evidence fields, for an each-entity rule's [require] only.
    #[serde(default)]
    pub(crate) facts: Vec<S<String>>,
    #[serde(default)]
    pub(crate) within: Vec<S<String>>,
    #[serde(default)]
    pub(crate) section_headings: Vec<S<String>>,
    #[serde(default)]
    pub(crate) not_counted: Vec<S<String>>,
    #[serde(default)]
    pub(crate) follows: Vec<S<String>>,
    // For [clause] only.
    #[serde(default)]
    pub(crate) per_clause: Option<S<bool>>,
    #[serde(default)]
    pub(crate) whole_clause: Option<S<bool>>,
}

/// `[trigger]` (one table) or `[[trigger]]` (several, all of which must match). Written by
/// hand because serde's untagged enums lose the spans the error messages need.
#[derive(Debug, Default)]
pub(crate) struct Triggers(pub(crate) Vec<RawMatcher>);

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

pub(crate) fn role(ctx: &Ctx<'_>, value: &S<String>) -> Result<Role, Box<RuleError>> {
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
pub(crate) fn regex(
    ctx: &Ctx<'_>,
    value: &S<String>,
    case_sensitive: bool,
) -> Result<String, Box<RuleError>> {
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
pub(crate) fn compile_error(
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

/// The `negated` key's value, or the table's `default` when it has none.
pub(crate) fn negated(
    ctx: &Ctx<'_>,
    value: Option<&S<String>>,
    default: Negated,
) -> Result<Negated, Box<RuleError>> {
    value.map_or(Ok(default), |value| {
        named(
            ctx,
            value,
            "reading of negated words",
            &format!(
                "use one of: {} (absent: a negated match is not a match; counts: it is; only: only negated matches are)",
                super::names::all::<Negated>().join(", ")
            ),
        )
    })
}

/// Compile a vocabulary table; `default` is how the table reads negated matches when it has no
/// `negated` key.
pub(crate) fn matcher(
    ctx: &Ctx<'_>,
    raw: &RawMatcher,
    span: Range<usize>,
    default: Negated,
) -> Result<Matcher, Box<RuleError>> {
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
    for (key, value) in [
        ("per-clause", &raw.per_clause),
        ("whole-clause", &raw.whole_clause),
    ] {
        if let Some(value) = value {
            return Err(ctx.at(
                value,
                format!("`{key}` is only for a clause rule's [clause]"),
                "not used here",
                None,
            ));
        }
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
    Ok(m.reading(negated(ctx, raw.negated.as_ref(), default)?))
}

/// The `[trigger]` table, or every `[[trigger]]` table. A trigger's negated matches are absent
/// by default: "no staff will transfer" is not a sign that staff will.
pub(crate) fn triggers(
    ctx: &Ctx<'_>,
    raw: Option<&S<Triggers>>,
) -> Result<Vec<Matcher>, Box<RuleError>> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    raw.get_ref()
        .0
        .iter()
        .map(|t| matcher(ctx, t, raw.span(), Negated::Absent))
        .collect()
}

/// Where a regex built from alternatives must match.
#[derive(Clone, Copy)]
pub(crate) enum Anchor {
    Anywhere,
    /// At the start of the text it is run on (`followed-by`, `follows`).
    Start,
    /// At the end (`preceded-by`).
    End,
}

/// Each pattern's syntax checked alone (so an error points at it), then all of them compiled
/// once as one regex.
pub(crate) fn any_regex(
    ctx: &Ctx<'_>,
    values: &[S<String>],
) -> Result<Option<Pattern>, Box<RuleError>> {
    any_regex_at(ctx, values, Anchor::Anywhere)
}

pub(crate) fn any_regex_at(
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
pub(crate) fn anchored(
    patterns: &[String],
    anchor: Anchor,
) -> Result<Option<Pattern>, regex::Error> {
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
