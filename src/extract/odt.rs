//! OpenDocument text (.odt): placeholder until the extractor lands.

use std::path::PathBuf;

use super::ReadError;
use super::package::Package;
use crate::document::Document;

pub fn extract(_path: PathBuf, _package: &mut Package<'_>) -> Result<Document, ReadError> {
    Err(ReadError::Unsupported {
        format: "OpenDocument text",
    })
}
