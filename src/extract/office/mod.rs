//! One model of office documents, shared by the DOCX and ODT readers.
//!
//! Word and LibreOffice store much of what a reader sees as rules rather than text: a list number
//! is a counter written in a number format, a heading is a paragraph whose style (or a style it
//! inherits from) says so, a table cell may span grid columns and a table may sit in a cell. The
//! two formats spell these rules differently but mean the same things, so the rules live here
//! once and each reader translates its own markup into them:
//! - [`clause`]: [`clause_of`](clause::clause_of), the one way a list label becomes a clause
//!   number ("9.2." → 9.2, "(b)" → (b), "b)" → b), a number typed at a paragraph's start, and a
//!   nested item's clause under its parent's.
//! - [`numbering`]: [`NumberFormat`](numbering::NumberFormat) (decimal, letters, roman …, read
//!   from either format's names) and [`LevelCounters`](numbering::LevelCounters), a list's
//!   counter per level.
//! - [`styles`]: [`chain`](styles::chain) (a style and the styles it inherits from, bounded) and
//!   [`HeadingNames`](styles::HeadingNames) (which style names make a heading, in each format).
//! - [`table`]: [`GridRow`](table::GridRow) (one cell per grid column: the empty cells a
//!   spanning cell is followed by) and [`Flattening`](table::Flattening) (the separators of a
//!   table nested in a cell).
//!
//! Where the formats really differ (Word repeats letters after "z", LibreOffice carries on to
//! "aa", "ab" unless told otherwise), the difference is a named parameter here, not a second copy
//! of the code.
//!
//! Layering: this module is below `docx/` and `odt/` and never imports them; it knows nothing of
//! XML or packages. Only its tests in `twins.rs` read documents, through
//! [`crate::extract::extract`], to check that a paragraph's DOCX, ODT and Markdown forms get the
//! same clause. To share something more between the readers: put the format-neutral rule in
//! a file here (with its own `//!`, types and unit tests), list it above, and call it from both
//! readers.

pub mod clause;
pub mod numbering;
pub mod styles;
pub mod table;

#[cfg(test)]
mod twins;
