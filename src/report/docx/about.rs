//! The report's appendix, **About the rules**: for each rule a finding in the report cites,
//! what it checks, why it matters, an example of wording that passes and the public documents
//! it is based on. The report's readers cannot run `tenderlint explain`, so what it would print
//! is here instead.
//!
//! Sources are the rule's `docs.sources` as written in its file (title, and date or edition
//! where the rule gives one). A source that names one of the project's own files (the rules'
//! notes, `rules-basis.md §7.3`, or a fixture) means nothing to a reader outside the project
//! and is left out ([`is_internal`]); tenderlint adds no links the rule files do not hold.

use docx_rs::{BreakType, Paragraph, Run};

use super::Review;
use super::words::{clean, paragraphs};
use crate::rules::Rule;

impl Review<'_> {
    /// The appendix; nothing when no finding cites a rule.
    pub(super) fn about_rules(&mut self) -> Vec<Paragraph> {
        let rules: Vec<&Rule> = self
            .rules
            .rules
            .iter()
            .filter(|rule| {
                self.results
                    .iter()
                    .flat_map(|r| &r.findings)
                    .any(|found| found.finding.rule == rule.id)
            })
            .collect();
        if rules.is_empty() {
            return Vec::new();
        }
        let mut out = vec![
            self.paragraph()
                .style("Heading1")
                .page_break_before(true)
                .add_run(Run::new().add_text("About the rules")),
            self.paragraph().add_run(Run::new().add_text(
                "Each rule this report cites: what it checks, why it matters, an example of \
                 wording that passes, and the public documents it is based on. Check the current \
                 version of a source before relying on it.",
            )),
        ];
        for rule in rules {
            out.extend(self.about(rule));
        }
        out
    }

    fn about(&mut self, rule: &Rule) -> Vec<Paragraph> {
        let mut out = vec![
            self.paragraph()
                .style("Heading2")
                .add_run(Run::new().add_text(clean(&rule.summary))),
            self.paragraph()
                .style("Note")
                .keep_next(true)
                .add_run(Run::new().add_text(format!("Rule: {}", rule.id))),
        ];
        for (label, text) in [
            ("What it checks", &rule.docs.what),
            ("Why it matters", &rule.docs.why),
        ] {
            for (i, text) in paragraphs(text).iter().enumerate() {
                out.push(if i == 0 {
                    self.labelled(label, text)
                } else {
                    self.paragraph().add_run(Run::new().add_text(text.as_str()))
                });
            }
        }
        let example = example_blocks(&rule.docs.example);
        if !example.is_empty() {
            out.push(
                self.paragraph()
                    .keep_next(true)
                    .add_run(Run::new().add_text("An example of good wording:").bold()),
            );
            for lines in example {
                let mut p = self.paragraph().style("Quote");
                for (i, line) in lines.iter().enumerate() {
                    let mut run = Run::new();
                    if i > 0 {
                        run = run.add_break(BreakType::TextWrapping);
                    }
                    p = p.add_run(run.add_text(line.as_str()));
                }
                out.push(p);
            }
        }
        let sources: Vec<&String> = rule
            .docs
            .sources
            .iter()
            .filter(|source| !is_internal(source))
            .collect();
        if sources.is_empty() {
            out.push(self.labelled("Sources", "none given in the rule."));
        } else {
            out.push(
                self.paragraph()
                    .keep_next(true)
                    .add_run(Run::new().add_text("Sources:").bold()),
            );
            for source in sources {
                out.push(
                    self.paragraph()
                        .style("Key")
                        .add_run(Run::new().add_text(format!("• {}", clean(source)))),
                );
            }
        }
        out
    }
}

/// A rule's example as the document would have it: blocks (parted by blank lines) of lines.
/// A clause number, a list item, a table row or a Markdown heading starts a line of its own
/// (its `#`s left out); any other line continues the one before, since it is only the rule
/// file's wrapping. A Markdown table's rule line (`|---|---:|`) is left out.
fn example_blocks(text: &str) -> Vec<Vec<String>> {
    let mut blocks: Vec<Vec<String>> = vec![Vec::new()];
    // Whether the last line can be continued: not a heading or a table row.
    let mut open = false;
    for line in text.lines() {
        let line = clean(line);
        if line.is_empty() {
            blocks.push(Vec::new());
            open = false;
            continue;
        }
        if line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            continue;
        }
        let heading = line.starts_with('#');
        let line = if heading {
            line.trim_start_matches('#').trim().to_string()
        } else {
            line
        };
        let row = line.starts_with('|');
        let starts = heading || row || line.starts_with("- ") || line.starts_with("* ") || {
            let first = line.split_whitespace().next().unwrap_or_default();
            first.starts_with(|c: char| c.is_ascii_digit())
                && first.chars().all(|c| c.is_ascii_digit() || c == '.')
        };
        let Some(block) = blocks.last_mut() else {
            continue;
        };
        match block.last_mut() {
            Some(last) if open && !starts => {
                last.push(' ');
                last.push_str(&line);
            }
            _ => block.push(line),
        }
        open = !heading && !row;
    }
    blocks.retain(|block| !block.is_empty());
    blocks
}

/// Whether a source names one of the project's own files ("rules-basis.md §7.3 PAY-001",
/// "fixtures/…") rather than a public document.
pub fn is_internal(source: &str) -> bool {
    source.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        word.contains("fixtures/")
            || word.starts_with("rules/")
            || word.starts_with("src/")
            || [".md", ".toml", ".rs", ".txt", ".json"]
                .iter()
                .any(|ext| word.to_lowercase().ends_with(ext))
    })
}

#[cfg(test)]
mod tests {
    use super::{example_blocks, is_internal};
    use crate::rules::RuleSet;

    #[test]
    fn examples_keep_their_lines_but_not_their_wrapping() {
        let example = "## Management fee\nThe Lead will retain 8%. It\npays for contract \
                       management.\n\n9. Data\n9.1 The Lead is the\n    controller.\n\
                       - Rowan will run groups.\n\n| A | B |\n|---|---:|\n| 1 | 2 |\n";
        assert_eq!(
            example_blocks(example),
            [
                vec![
                    "Management fee",
                    "The Lead will retain 8%. It pays for contract management."
                ],
                vec![
                    "9. Data",
                    "9.1 The Lead is the controller.",
                    "- Rowan will run groups."
                ],
                vec!["| A | B |", "| 1 | 2 |"],
            ]
        );
    }

    #[test]
    fn internal_sources_are_told_from_public_ones() {
        assert!(is_internal("rules-basis.md §4.1, §7.3 PAY-001"));
        assert!(is_internal("see fixtures/bids/a.md"));
        assert!(!is_internal(
            "Public Contracts Regulations 2015, regulation 113 (payment within 30 days)"
        ));
        assert!(!is_internal(
            "NCVO, ACEVO and Lloyds Bank Foundation (2021)"
        ));
        // Every shipped rule has a public source left to show.
        for rule in &RuleSet::builtin().expect("rules").rules {
            assert!(
                rule.docs.sources.iter().any(|s| !is_internal(s)),
                "{} cites no public source",
                rule.id
            );
        }
    }
}
