//! `tenderlint test-rules`: run every rule's own `[[examples]]` and report the ones that fail,
//! and the rules that have none (with `--coverage`, also those that lack a flagged or a clear
//! example).

use std::io::Write;

use super::{ExitStatus, Failure, warn};
use crate::cli::TestRulesArgs;
use crate::rules::{self, RuleSet};

pub(super) fn test_rules(args: TestRulesArgs) -> Result<ExitStatus, Failure> {
    let rules = if args.dirs.is_empty() {
        RuleSet::builtin().map_err(Failure::Rules)?
    } else {
        let mut set = RuleSet::default();
        for dir in &args.dirs {
            set.add_dir(dir).map_err(Failure::Rules)?;
        }
        set
    };
    warn(&rules);
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    let mut examples = 0;
    let mut uncovered = Vec::new();
    for rule in &rules.rules {
        examples += rule.examples.len();
        for failure in rules::examples::test_examples(rule) {
            failures += 1;
            writeln!(out, "FAIL {failure}")?;
        }
        // A rule with no examples at all is untested: a failure, with or without --coverage.
        if rule.examples.is_empty() {
            failures += 1;
            writeln!(
                out,
                "FAIL {}: {} has no [[examples]]: add a text it flags (expect = \"flag\") and one \
                 it leaves alone (expect = \"clear\")",
                rule.path, rule.id
            )?;
        }
        let count = |expect| rule.examples.iter().filter(|e| e.expect == expect).count();
        let (flag, clear) = (count(rules::Expect::Flag), count(rules::Expect::Clear));
        if args.coverage {
            let lacking = match (flag, clear) {
                (0, 0) => " (no examples)",
                (0, _) => " (no flagged example)",
                (_, 0) => " (no clear example)",
                _ => "",
            };
            writeln!(
                out,
                "{:<40} {flag:>2} flag {clear:>2} clear{lacking}",
                rule.id
            )?;
            if !lacking.is_empty() {
                uncovered.push(format!("{} ({})", rule.id, rule.path));
            }
        }
    }
    writeln!(
        out,
        "{} rules, {examples} examples, {failures} failed",
        rules.rules.len()
    )?;
    if !uncovered.is_empty() {
        writeln!(
            out,
            "{} rule(s) lack a flagged and a clear example: {}",
            uncovered.len(),
            uncovered.join(", ")
        )?;
    }
    Ok(if failures > 0 || !uncovered.is_empty() {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}
