//! tenderlint: a linter for tender documents.
//!
//! Data flows one way, and no module imports a layer above its own:
//!
//! ```text
//! input ─▶ extract ─▶ Document ─▶ analyse ─▶ rules ─▶ findings ─▶ report
//!            └──────────── lint: one document in, located findings out ───┘
//! ```
//!
//! From the bottom up:
//! - [`wording`] (numbers, money, plurals), [`limits`] (safety limits and their error),
//!   [`toml_error`] (errors that point into a TOML file): used by everything;
//! - [`document`]: the shared model (normalised text, blocks, sections, source map, the
//!   excerpt a report quotes) and the vocabulary of document kinds;
//! - [`diagnostic`]: severities, findings, located findings, file results, the notice registry;
//! - [`extract`]: format sniffing and the readers (Markdown, DOCX and ODT, PDF);
//! - [`analyse`]: facts: document kind, organisations and roles, money, shares, sums, targets;
//! - [`rules`]: rule files (`rules/**/*.toml`) and the rule kinds;
//! - [`config`] (`tenderlint.toml`, profiles), [`suppress`] (inline suppressions), [`baseline`];
//! - [`lint`]: the pure per-document pipeline every front end calls;
//! - [`engine`]: many documents on worker threads, contained (limits, deadlines, panics), in a
//!   stable order; [`report`]: every output format; [`review`]: a copy of the user's own
//!   Word, OpenDocument or PDF file with the findings as comments;
//! - [`settings`]: the settings of a run from rules, configuration, profile and flags;
//! - with the `cli` feature (on by default): [`walk`] (folders to files), [`cli`] (clap
//!   types) and [`commands`] (one module per subcommand); [`run`] executes a parsed command;
//! - with the `serve` feature (on by default): [`serve`], the local app (a loopback-only web
//!   server and its embedded page).

pub mod analyse;
pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod extract;
#[doc(hidden)]
pub mod fuzzing;
pub mod limits;
pub mod lint;
pub mod report;
pub mod review;
pub mod rules;
pub mod settings;
pub mod suppress;
pub mod toml_error;
pub mod wording;

/// The layers above, as data, and the test that keeps imports flowing down them.
#[cfg(test)]
mod layers;

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod commands;
#[cfg(feature = "serve")]
pub mod serve;
#[cfg(feature = "cli")]
pub mod walk;

#[cfg(feature = "cli")]
pub use commands::{ExitStatus, run};
