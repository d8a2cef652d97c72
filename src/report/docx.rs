//! docx output: being written.

use std::io::Write;

use crate::engine::FileResult;
use crate::rules::RuleSet;

pub fn write(
    _out: &mut dyn Write,
    _results: &[FileResult],
    _rules: &RuleSet,
) -> std::io::Result<()> {
    Err(std::io::Error::other("--format docx is not available yet"))
}
