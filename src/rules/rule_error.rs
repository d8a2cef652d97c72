//! [`RuleError`]: a rule file that cannot be used, pointing at the place in the file that is
//! wrong; and the readers of the values every part of a rule file has (templates, severities,
//! names from a closed vocabulary), which return one. [`Ctx`] makes the errors of one file.
//!
//! Every other part of `rules/` uses this file, and it uses none of them but `names`.

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::Template;
use super::names;
use crate::diagnostic::Severity;
use crate::toml_error::{TomlError, TomlFile};

/// A rule file that cannot be used, with the place in the file that is wrong.
pub type RuleError = TomlError;

/// The diagnostic code of rule-file errors.
pub const CODE: &str = "tenderlint::rule";

pub(crate) type S<T> = Spanned<T>;

/// Turns spans and messages into errors for one file.
pub(crate) type Ctx<'a> = TomlFile<'a>;

/// The value, or `None` with its error kept (a file's checks go on after a mistake, so one
/// run names them all).
pub(crate) fn keep<T>(errors: &mut Vec<RuleError>, result: Result<T, Box<RuleError>>) -> Option<T> {
    result.map_err(|e| errors.push(*e)).ok()
}

/// Add `error` unless the same message at the same place is already there.
pub(crate) fn push_new(errors: &mut Vec<RuleError>, error: RuleError) {
    if !errors
        .iter()
        .any(|e| e.message == error.message && e.span == error.span)
    {
        errors.push(error);
    }
}

/// The errors in the order of the file; those about the whole file last.
pub(crate) fn in_file_order(mut errors: Vec<RuleError>) -> Vec<RuleError> {
    errors.sort_by_key(|e| e.span.map_or(usize::MAX, |s| s.offset()));
    errors
}

/// The value of a closed vocabulary (see [`names`]) that `value` names; if none, an error
/// ("unknown comparison \"=>\"", labelled "not a comparison") with `help`.
pub(crate) fn named<T: DeserializeOwned>(
    ctx: &Ctx<'_>,
    value: &S<String>,
    what: &str,
    help: &str,
) -> Result<T, Box<RuleError>> {
    names::parse(value.get_ref()).ok_or_else(|| {
        ctx.at(
            value,
            format!("unknown {what} {:?}", value.get_ref()),
            &format!("not a {what}"),
            Some(help.to_string()),
        )
    })
}

pub(crate) fn severity(ctx: &Ctx<'_>, value: &S<String>) -> Result<Severity, Box<RuleError>> {
    value.get_ref().parse().map_err(|_| {
        ctx.at(
            value,
            format!("unknown severity {:?}", value.get_ref()),
            "not a severity",
            Some("use \"error\", \"warning\" or \"info\"".into()),
        )
    })
}

pub(crate) fn template(
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
