//! Names in running text: the capitalised runs of words that may name something ([`runs`]) and
//! the words that make such a run an organisation's name or keep it from being one ([`words`]).
//! Shared by every analysis that reads names: organisations, parties, definitions.

pub mod legal;
pub mod runs;
pub mod shape;
pub mod words;
