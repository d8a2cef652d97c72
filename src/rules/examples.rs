//! Running a rule's own `[[examples]]`: each example's text is read as a Markdown document of the
//! example's kind, the rule alone is run over it, and the result must match `expect` (and
//! `subject`, when given). `tenderlint test-rules` and `cargo test` both use this.

use std::path::PathBuf;

use super::{Expect, Rule, kinds};
use crate::analyse;
use crate::extract::markdown;

/// An example whose result was not what the rule file says.
#[derive(Clone, Debug)]
pub struct ExampleFailure {
    pub rule: String,
    pub path: String,
    pub line: usize,
    pub number: usize,
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {} example {}: {}",
            self.path, self.line, self.rule, self.number, self.problem
        )
    }
}

/// Run every example of `rule`; the failures.
pub fn test_examples(rule: &Rule) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for (index, example) in rule.examples.iter().enumerate() {
        let doc = markdown::extract(
            PathBuf::from(format!("{}-example-{}.md", rule.id, index + 1)),
            example.text.clone(),
            Vec::new(),
        );
        let analysis = analyse::analyse(&doc, Some(example.kind));
        let findings = if rule.applies(example.kind) {
            kinds::run(rule, &doc, &analysis)
        } else {
            Vec::new()
        };
        let fail = |problem: String| ExampleFailure {
            rule: rule.id.clone(),
            path: rule.path.clone(),
            line: example.line,
            number: index + 1,
            problem,
        };
        match example.expect {
            Expect::Flag if findings.is_empty() => {
                failures.push(fail("expected a finding, got none".into()))
            }
            Expect::Flag => {
                if let Some(subject) = &example.subject
                    && !findings
                        .iter()
                        .any(|f| f.subject.as_deref() == Some(subject.as_str()))
                {
                    let got: Vec<String> =
                        findings.iter().filter_map(|f| f.subject.clone()).collect();
                    failures.push(fail(format!("expected subject {subject:?}, got {got:?}")));
                }
            }
            Expect::Clear if !findings.is_empty() => {
                let got: Vec<String> = findings.iter().map(|f| f.message.clone()).collect();
                failures.push(fail(format!(
                    "expected no finding, got: {}",
                    got.join(" | ")
                )));
            }
            Expect::Clear => {}
        }
    }
    failures
}
