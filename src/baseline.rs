//! Baselines: accepting the findings a document has today, so that only new ones are reported.
//!
//! PDF and Word documents cannot carry suppression comments, and a shared repository may hold
//! years of signed agreements nobody will edit. `--write-baseline FILE` records every finding;
//! `--baseline FILE` leaves those out and lists entries that no longer match (stale: the
//! problem was fixed, so the entry can go).
//!
//! An entry is keyed by rule, file, subject and the quoted words normalised (case, spacing and
//! punctuation folded), never by line or page, so edits elsewhere in the document do not
//! invalidate it. Entries are a multiset: two identical findings need two entries.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{FileResult, Located};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub rule: String,
    /// The path as checked, with `/` separators.
    pub file: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    /// The quoted words, normalised.
    pub text: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

/// The key of a finding in a file.
pub fn entry(path: &Path, found: &Located) -> Entry {
    Entry {
        rule: found.finding.rule.clone(),
        file: path_key(path),
        subject: found.finding.subject.clone().unwrap_or_default(),
        text: normalise(&found.snippet),
    }
}

fn path_key(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

/// Lower case, letters and digits only, single spaces: "The  Fee, £5,000." → "the fee 5 000".
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

impl Baseline {
    pub fn of(results: &[FileResult]) -> Baseline {
        let mut entries: Vec<Entry> = results
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| entry(&r.path, f)))
            .collect();
        entries.sort();
        Baseline {
            version: 1,
            entries,
        }
    }

    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{} is not a tenderlint baseline ({e}); write one with --write-baseline",
                path.display()
            )
        })?;
        if baseline.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(path, text)
    }

    /// A filter that removes baselined findings from each result as it arrives, then lists the
    /// entries, for files that were checked, that matched nothing.
    pub fn filter(&self) -> Filter<'_> {
        let mut remaining: BTreeMap<&Entry, usize> = BTreeMap::new();
        for entry in &self.entries {
            *remaining.entry(entry).or_default() += 1;
        }
        Filter {
            remaining,
            checked: BTreeSet::new(),
        }
    }
}

/// Baseline entries not yet matched, and the files seen so far.
pub struct Filter<'a> {
    remaining: BTreeMap<&'a Entry, usize>,
    checked: BTreeSet<String>,
}

impl Filter<'_> {
    /// Leave out the file's findings that the baseline holds (each entry matches once).
    pub fn apply(&mut self, result: &mut FileResult) {
        self.checked.insert(path_key(&result.path));
        result.findings.retain(|found| {
            let key = entry(&result.path, found);
            match self.remaining.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
    }

    /// The entries of checked files that matched nothing: stale.
    pub fn stale(self) -> Vec<Entry> {
        let mut stale = Vec::new();
        for (entry, count) in self.remaining {
            if self.checked.contains(&entry.file) {
                stale.extend(std::iter::repeat_n(entry.clone(), count));
            }
        }
        stale
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn quoted_words_are_normalised() {
        assert_eq!(normalise("The  Fee,\n£5,000."), "the fee 5 000");
        assert_eq!(
            normalise("Fernlea Deaf Community Association"),
            "fernlea deaf community association"
        );
    }
}
