//! Errors in the TOML files tenderlint reads (rule files, `tenderlint.toml`), pointing at the
//! place in the file.
//!
//! One type serves both, so a rule author and a project maintainer see the same kind of
//! message; only the diagnostic code differs (`tenderlint::rule`, `tenderlint::config`).
//! [`TomlFile`] turns a message and a span into an error for one file.

use std::fmt;
use std::ops::Range;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode, SourceSpan};
use toml::Spanned;

/// A TOML file that cannot be used, with the place in the file that is wrong; or, when
/// `warning` is set, one that can be used but should be fixed.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{message}")]
pub struct TomlError {
    /// The diagnostic code: `tenderlint::rule` or `tenderlint::config`.
    pub code: &'static str,
    pub message: String,
    pub source_code: NamedSource<String>,
    pub span: Option<SourceSpan>,
    pub label: String,
    pub help: Option<String>,
    /// A warning: the file is used as it is.
    pub warning: bool,
}

impl Diagnostic for TomlError {
    fn severity(&self) -> Option<miette::Severity> {
        Some(if self.warning {
            miette::Severity::Warning
        } else {
            miette::Severity::Error
        })
    }

    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source_code)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            span,
        ))))
    }
}

impl TomlError {
    /// An error about a whole file (it cannot be read, or clashes with another).
    pub fn file(code: &'static str, name: &str, message: String, help: &str) -> TomlError {
        TomlError {
            code,
            message,
            source_code: NamedSource::new(name, String::new()),
            span: None,
            label: String::new(),
            help: Some(help.to_string()),
            warning: false,
        }
    }

    /// The same finding, as a warning.
    pub fn into_warning(self) -> TomlError {
        TomlError {
            warning: true,
            ..self
        }
    }
}

/// Longer lines are not quoted in an error.
const LONGEST_QUOTED_LINE: usize = 500;

/// One file's name and text, for making errors that quote it.
pub struct TomlFile<'a> {
    pub code: &'static str,
    pub name: &'a str,
    pub source: &'a str,
}

impl TomlFile<'_> {
    pub fn error(
        &self,
        message: impl Into<String>,
        span: Option<Range<usize>>,
        label: &str,
        help: Option<String>,
    ) -> Box<TomlError> {
        let mut message = format!("{}: {}", self.name, message.into());
        // A line too long to quote (a generated or hostile file) is named, not printed.
        if let Some(r) = &span {
            let start = r.start.min(self.source.len());
            let line_start = self.source[..start].rfind('\n').map_or(0, |p| p + 1);
            let line_end = self.source[start..]
                .find('\n')
                .map_or(self.source.len(), |p| start + p);
            if line_end - line_start > LONGEST_QUOTED_LINE {
                let line = self.source[..start].matches('\n').count() + 1;
                let column = self.source[line_start..start].chars().count() + 1;
                message.push_str(&format!(
                    " (at line {line}, column {column}; the line is {} bytes long, too long to show)",
                    line_end - line_start
                ));
                return Box::new(TomlError {
                    code: self.code,
                    message,
                    source_code: NamedSource::new(self.name, String::new()),
                    span: None,
                    label: label.to_string(),
                    help,
                    warning: false,
                });
            }
        }
        Box::new(TomlError {
            code: self.code,
            message,
            source_code: NamedSource::new(self.name, self.source.to_string()),
            span: span.map(|r| SourceSpan::from(r.start..r.end)),
            label: label.to_string(),
            help,
            warning: false,
        })
    }

    /// A warning about the whole file.
    pub fn warning(&self, message: impl Into<String>, help: &str) -> TomlError {
        (*self.error(message, None, "", Some(help.to_string()))).into_warning()
    }

    /// An error at a spanned value.
    pub fn at<T>(
        &self,
        value: &Spanned<T>,
        message: impl Into<String>,
        label: &str,
        help: Option<String>,
    ) -> Box<TomlError> {
        self.error(message, Some(value.span()), label, help)
    }
}

#[cfg(test)]
mod tests {
    use super::TomlFile;

    #[test]
    fn a_huge_line_is_named_not_printed() {
        let source = format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let file = TomlFile {
            code: "tenderlint::config",
            name: "tenderlint.toml",
            source: &source,
        };
        let error = file.error("too deep", Some(90..91), "here", None);
        assert!(error.span.is_none() && error.source_code.inner().is_empty());
        assert!(
            error.message.contains("line 1, column 91"),
            "{}",
            error.message
        );
        let fine = TomlFile {
            source: "a = 1\nb = 2\n",
            ..file
        };
        assert!(fine.error("bad", Some(6..7), "here", None).span.is_some());
    }
}
