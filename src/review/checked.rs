//! Check one document and write its reviewed copy in one step, contained as the engine
//! contains a check: what `tenderlint review` and the local app's "Download my document with
//! comments" both do.

use std::path::Path;

use super::{Author, ReviewError, review};
use crate::diagnostic::FileResult;
use crate::document::Format;
use crate::engine::{self, Options};
use crate::extract;
use crate::limits;
use crate::rules::RuleSet;

/// Why a checked document has no reviewed copy.
#[derive(Debug)]
pub enum CopyError {
    /// The document could not be read or checked: its result holds the errors.
    Unread,
    /// Markdown and spreadsheets have no comments of their own.
    NoComments(Format),
    /// The copy could not be written (an encrypted PDF, parts not as the reader found them).
    Failed(ReviewError),
    /// Writing the copy panicked (a bug).
    Internal,
}

impl std::fmt::Display for CopyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CopyError::Unread => f.write_str("the document could not be read"),
            CopyError::NoComments(format) => write!(
                f,
                "{} files have no comments of their own: the findings point at their places",
                format.name()
            ),
            CopyError::Failed(error) => write!(f, "{error}"),
            CopyError::Internal => {
                f.write_str("an internal error stopped the copy (please report it)")
            }
        }
    }
}

/// Check `bytes` (named `path`) with `rules` as `check` does, then write the reviewed copy:
/// the result, and the copy or why there is none. Never panics; the copy is written under the
/// same limits as the check.
pub fn check_and_copy(
    path: &Path,
    bytes: &[u8],
    rules: &RuleSet,
    options: &Options,
    author: &Author,
) -> (FileResult, Result<Vec<u8>, CopyError>) {
    let result = engine::check_file(path, Some(bytes), rules, options);
    if !result.errors.is_empty() {
        return (result, Err(CopyError::Unread));
    }
    match result.format {
        Some(Format::Docx | Format::Odt | Format::Pdf) => {}
        Some(format) => return (result, Err(CopyError::NoComments(format))),
        None => return (result, Err(CopyError::Unread)),
    }
    // Read again for the places of the words (the engine keeps findings, not documents).
    let copy = std::panic::catch_unwind(|| {
        limits::within(&options.limits, || {
            let document = extract::extract(path, bytes).map_err(ReviewError::Read)?;
            review(bytes, &document, &result.findings, author)
        })
    });
    let copy = match copy {
        Ok(Ok(copy)) => Ok(copy),
        Ok(Err(error)) => Err(CopyError::Failed(error)),
        Err(_) => Err(CopyError::Internal),
    };
    (result, copy)
}
