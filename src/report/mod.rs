//! Turning results into output. For people: [`human`] (miette diagnostics at a terminal),
//! [`concise`] (a line per finding) and [`docx`] (a Word review report). For tools: [`json`], [`sarif`] (code scanning), [`github`]
//! (workflow annotations) and [`junit`] (CI test reports), which say where a finding is through
//! [`place`].
//!
//! Every format reads the same [`FileResult`]s and the same [`Summary`]; a new format is a new
//! module with a `write` function and an arm in `lib.rs`.

pub mod concise;
pub mod docx;
pub mod facts;
pub mod github;
#[cfg(feature = "cli")]
pub mod human;
pub mod json;
pub mod junit;
pub mod place;
pub mod rule_docs;
pub mod sarif;

use serde::Serialize;

use crate::wording::plural;

use crate::diagnostic::{FileResult, Severity};

/// Counts over a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files checked (including those that could not be read).
    pub files: usize,
    /// Findings at each severity.
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    /// Files that could not be read or understood.
    pub tool_errors: usize,
    /// Files that were read but not checked: no rule ran on them.
    pub unchecked: usize,
}

impl Summary {
    pub fn of(results: &[FileResult]) -> Summary {
        let mut summary = Summary::default();
        for result in results {
            summary.add(result);
        }
        summary
    }

    /// Count one more file.
    pub fn add(&mut self, result: &FileResult) {
        self.files += 1;
        if !result.errors.is_empty() {
            self.tool_errors += 1;
        }
        if result.unchecked.is_some() {
            self.unchecked += 1;
        }
        for found in &result.findings {
            match found.finding.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.info += 1,
            }
        }
    }

    /// "Found 9 problems (5 errors, 3 warnings, 1 info) in 8 files.", then the files that could
    /// not be read and those not checked. Files not checked are never among those "with no
    /// problems": when nothing else was given, the line only says they were not checked.
    pub fn line(&self) -> String {
        let files = plural(self.files, "file", "files");
        // Files that could not be read are not among those with no problems either.
        let others = self.files - self.unchecked.min(self.files);
        let others = others - self.tool_errors.min(others);
        let mut line = if self.findings() == 0 {
            if others == 0 && (self.unchecked > 0 || self.tool_errors > 0) {
                String::new()
            } else {
                format!("No problems found in {}.", plural(others, "file", "files"))
            }
        } else {
            let parts = severity_counts(self.errors, self.warnings, self.info);
            format!(
                "Found {} ({}) in {files}.",
                plural(self.findings(), "problem", "problems"),
                parts.join(", ")
            )
        };
        if self.tool_errors > 0 {
            line.push_str(&format!(
                " {} could not be read.",
                plural(self.tool_errors, "file", "files")
            ));
        }
        if self.unchecked > 0 {
            line.push_str(&format!(
                " {} not checked.",
                plural(self.unchecked, "file", "files")
            ));
        }
        line.trim_start().to_string()
    }

    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.info
    }
}

/// "2 errors", "1 warning", "3 info" for the non-zero counts, most severe first.
pub fn severity_counts(errors: usize, warnings: usize, info: usize) -> Vec<String> {
    [
        (errors, "error", "errors"),
        (warnings, "warning", "warnings"),
        (info, "info", "info"),
    ]
    .into_iter()
    .filter(|(count, _, _)| *count > 0)
    .map(|(count, one, many)| plural(count, one, many))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::Summary;

    #[test]
    fn summary_lines_read_well() {
        let clean = Summary {
            files: 3,
            ..Summary::default()
        };
        assert_eq!(clean.line(), "No problems found in 3 files.");
        let s = Summary {
            files: 1,
            errors: 2,
            warnings: 0,
            info: 1,
            tool_errors: 1,
            unchecked: 0,
        };
        assert_eq!(
            s.line(),
            "Found 3 problems (2 errors, 1 info) in 1 file. 1 file could not be read."
        );
        // Files no rule ran on are counted apart, never as clean.
        let unchecked = Summary {
            files: 3,
            unchecked: 1,
            ..Summary::default()
        };
        assert_eq!(
            unchecked.line(),
            "No problems found in 2 files. 1 file not checked."
        );
        let only = Summary {
            files: 2,
            unchecked: 2,
            ..Summary::default()
        };
        assert_eq!(only.line(), "2 files not checked.");
        let unread = Summary {
            files: 2,
            tool_errors: 1,
            ..Summary::default()
        };
        assert_eq!(
            unread.line(),
            "No problems found in 1 file. 1 file could not be read."
        );
        let all_unread = Summary {
            files: 1,
            tool_errors: 1,
            ..Summary::default()
        };
        assert_eq!(all_unread.line(), "1 file could not be read.");
        let noticed = Summary {
            files: 1,
            info: 1,
            unchecked: 1,
            ..Summary::default()
        };
        assert_eq!(
            noticed.line(),
            "Found 1 problem (1 info) in 1 file. 1 file not checked."
        );
    }
}
