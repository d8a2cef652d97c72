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

/// A TOML file that cannot be used, with the place in the file that is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct TomlError {
    /// The diagnostic code: `tenderlint::rule` or `tenderlint::config`.
    pub code: &'static str,
    pub message: String,
    pub source_code: NamedSource<String>,
    pub span: Option<SourceSpan>,
    pub label: String,
    pub help: Option<String>,
}

impl Diagnostic for TomlError {
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
        }
    }
}

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
        Box::new(TomlError {
            code: self.code,
            message: format!("{}: {}", self.name, message.into()),
            source_code: NamedSource::new(self.name, self.source.to_string()),
            span: span.map(|r| SourceSpan::from(r.start..r.end)),
            label: label.to_string(),
            help,
        })
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
