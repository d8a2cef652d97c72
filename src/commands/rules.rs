//! `tenderlint rules`: list the rules that run with their kind, severity and document kinds,
//! noting those the configuration or profile changed; `--markdown` prints every rule's
//! documentation (docs/rules.md).

use std::io::Write;

use super::{ExitStatus, Failure, resolve};
use crate::cli::RulesArgs;
use crate::report;
use crate::settings::Settings;

pub(super) fn rules(args: RulesArgs) -> Result<ExitStatus, Failure> {
    let run = resolve(&args.rules, &args.settings, None)?;
    if args.markdown {
        let mut out = std::io::stdout().lock();
        write!(out, "{}", report::rule_docs::markdown(&run.rules))?;
        Ok(ExitStatus::Clean)
    } else {
        list_rules(&run)
    }
}

fn list_rules(run: &Settings) -> Result<ExitStatus, Failure> {
    let rules = &run.rules;
    let mut out = std::io::stdout().lock();
    let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    if let Some(profile) = &run.config.profile {
        let description = run
            .config
            .description
            .as_deref()
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        writeln!(out, "profile {profile}{description}\n")?;
    }
    writeln!(
        out,
        "{:width$}  {:11}  {:8}  {:44}  summary",
        "id", "kind", "severity", "applies to"
    )?;
    for rule in &rules.rules {
        let kinds: Vec<&str> = rule.applies_to.iter().map(|k| k.name()).collect();
        let changed = if run.changed.contains(&rule.id) {
            " [changed by tenderlint.toml]".to_string()
        } else if run.profile_changed.contains(&rule.id) {
            format!(
                " [changed by profile {}]",
                run.config.profile.as_deref().unwrap_or_default()
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "{:width$}  {:11}  {:8}  {:44}  {}{changed}",
            rule.id,
            rule.kind_name,
            rule.severity.name(),
            kinds.join(", "),
            rule.summary
        )?;
    }
    let off: Vec<&str> = run
        .known
        .iter()
        .filter(|id| rules.get(id).is_none())
        .map(String::as_str)
        .collect();
    if !off.is_empty() {
        writeln!(
            out,
            "\nnot run (select/ignore in the profile, tenderlint.toml or the command line): {}",
            off.join(", ")
        )?;
    }
    Ok(ExitStatus::Clean)
}
