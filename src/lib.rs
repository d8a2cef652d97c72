//! tenderlint: a linter for tender documents.
//!
//! Data flows one way: input → extract → document model → analyse → rules → report.

pub mod analyse;
pub mod document;
pub mod extract;
pub mod rules;
