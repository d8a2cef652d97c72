//! The report's first page, **What to fix first** (every error, document by document: where it
//! is, what is wrong and what to do, with the number of the finding that sets it out in full),
//! and **Documents not checked** after the summary (each document no check was applied to, and
//! why; each that could not be read, and the cause). The errors come first because they are
//! what must change before a bid goes in or an agreement is signed; a reader who stops after
//! one page has still seen them.

use docx_rs::{Paragraph, Run};

use super::look::severity_run;
use super::words::{capitalise, clean, sentence, where_is};
use super::{Review, by_severity, plain_finding_help, plain_help, unchecked_words};
use crate::diagnostic::Severity;
use crate::report::Summary;
use crate::wording::plural;

impl Review<'_> {
    /// "What to fix first": the errors, or a plain line saying there are none.
    pub(super) fn fix_first(&mut self) -> Vec<Paragraph> {
        let summary = Summary::of(self.results);
        let mut out = vec![
            self.paragraph()
                .style("Heading1")
                .add_run(Run::new().add_text("What to fix first")),
        ];
        if summary.errors > 0 {
            out.push(self.paragraph().add_run(Run::new().add_text(format!(
                "{} must be fixed before you submit the bid or sign the agreement. They are \
                 listed here, document by document; each is set out in full, with the words it \
                 was found in and why it matters, under its finding number in the document's \
                 own section later in this report.",
                capitalise(&plural(summary.errors, "error", "errors"))
            ))));
            for index in 0..self.results.len() {
                out.extend(self.errors_of(index));
            }
        } else {
            let checked = summary.files - summary.tool_errors - summary.unchecked;
            let line = if checked == 0 {
                "No document was checked, so this report cannot say whether anything must be \
                 fixed: the reasons are under “Documents not checked”, after the summary."
                    .to_string()
            } else {
                let mut line = "No errors were found: nothing in the documents checked must be \
                                fixed before you submit the bid or sign the agreement."
                    .to_string();
                line.push(' ');
                line.push_str(&match (summary.warnings, summary.info) {
                    (0, 0) => "There are no warnings either.".to_string(),
                    (0, info) => format!(
                        "There {} for your attention (info), set out document by document \
                         after the summary.",
                        is_are(info, "note", "notes")
                    ),
                    (warnings, _) => format!(
                        "But there {} to check: look at the warnings, set out document by \
                         document after the summary, before you submit or sign.",
                        is_are(warnings, "warning", "warnings")
                    ),
                });
                line
            };
            out.push(self.paragraph().add_run(Run::new().add_text(line).bold()));
        }
        let (unread, unchecked) = (summary.tool_errors, summary.unchecked);
        if unread + unchecked > 0 && (summary.errors > 0 || unread + unchecked < summary.files) {
            let mut parts = Vec::new();
            if unread > 0 {
                parts.push(format!(
                    "{} could not be read",
                    plural(unread, "document", "documents")
                ));
            }
            if unchecked > 0 {
                parts.push(format!(
                    "{} {} not checked",
                    plural(unchecked, "document", "documents"),
                    if unchecked == 1 { "was" } else { "were" }
                ));
            }
            out.push(self.paragraph().add_run(Run::new().add_text(format!(
                "{}, so this report says nothing about {}: see “Documents not checked”, after \
                 the summary.",
                capitalise(&parts.join(" and ")),
                if unread + unchecked == 1 {
                    "it"
                } else {
                    "them"
                }
            ))));
        }
        out
    }

    /// One document's errors for the first page: its name, then each error's place, what is
    /// wrong and what to do.
    fn errors_of(&mut self, index: usize) -> Vec<Paragraph> {
        let result = &self.results[index];
        let errors: Vec<_> = by_severity(result)
            .into_iter()
            .enumerate()
            .filter(|(_, found)| found.finding.severity == Severity::Error)
            .collect();
        if errors.is_empty() {
            return Vec::new();
        }
        let mut out = vec![self.document_line(index, &plural(errors.len(), "error", "errors"))];
        for (number, found) in errors {
            let title = self.title_of(&found.finding);
            out.push(
                self.paragraph()
                    .style("FixItem")
                    .keep_next(true)
                    .add_run(severity_run(Severity::Error, "Error: "))
                    .add_run(Run::new().add_text(title).bold())
                    .add_run(Run::new().add_text(format!(" (finding {})", number + 1))),
            );
            out.push(self.fix_line("Where", &where_is(found), true));
            out.push(self.fix_line("What is wrong", &sentence(&found.finding.message), true));
            let help = plain_finding_help(&found.finding);
            if !help.trim().is_empty() {
                out.push(self.fix_line("What to do", &sentence(&help), false));
            }
        }
        out
    }

    /// "Documents not checked": each document no check was applied to, and each that could
    /// not be read, with the reason in plain words. Nothing when every document was checked.
    pub(super) fn not_checked(&mut self) -> Vec<Paragraph> {
        let missed: Vec<usize> = (0..self.results.len())
            .filter(|&i| !self.results[i].errors.is_empty() || self.results[i].unchecked.is_some())
            .collect();
        if missed.is_empty() {
            return Vec::new();
        }
        let mut out = vec![
            self.paragraph()
                .style("Heading1")
                .add_run(Run::new().add_text("Documents not checked")),
            self.paragraph().add_run(Run::new().add_text(
                "tenderlint applied none of its checks to these documents, so they may have \
                 problems this report does not show.",
            )),
        ];
        for index in missed {
            let result = &self.results[index];
            if result.errors.is_empty() {
                let Some(unchecked) = result.unchecked else {
                    continue;
                };
                let (why, what) = unchecked_words(unchecked);
                out.push(self.document_line(index, "not checked"));
                out.push(self.fix_line("Why", why, true));
                out.push(self.fix_line("What to do", what, false));
            } else {
                out.push(self.document_line(index, "could not be read"));
                for error in &result.errors {
                    let what = self.local(index, &error.message);
                    out.push(self.fix_line("The cause", &sentence(&what), true));
                    out.push(self.fix_line("What to do", &sentence(&plain_help(error)), false));
                }
            }
        }
        out
    }

    /// A document's name in a list, with its path when that says more, and a note:
    /// "youth-employment-bid.md (fixtures/bids/youth-employment-bid.md): 4 errors".
    fn document_line(&mut self, index: usize, note: &str) -> Paragraph {
        let (name, path) = (clean(&self.names[index]), clean(&self.paths[index]));
        let mut p = self
            .paragraph()
            .style("FixDocument")
            .keep_next(true)
            .add_run(Run::new().add_text(name.clone()).bold());
        if path != name {
            p = p.add_run(Run::new().add_text(format!(" ({path})")));
        }
        p.add_run(Run::new().add_text(format!(": {note}")))
    }

    /// An indented labelled line of the first page's lists.
    fn fix_line(&mut self, label: &str, text: &str, keep_next: bool) -> Paragraph {
        self.paragraph()
            .style("FixDetail")
            .keep_next(keep_next)
            .add_run(Run::new().add_text(format!("{label}: ")).bold())
            .add_run(Run::new().add_text(clean(text)))
    }
}

/// "There is 1 warning", "there are 3 warnings" (without the capital).
fn is_are(count: usize, one: &str, many: &str) -> String {
    let verb = if count == 1 { "is" } else { "are" };
    format!("{verb} {}", plural(count, one, many))
}
