//! github output: being written.

use std::io::Write;

use crate::engine::FileResult;

pub fn write(_out: &mut dyn Write, _results: &[FileResult]) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "--format github is not available yet",
    ))
}
