//! `tenderlint explain RULE`: what a rule checks, why it matters, a compliant example and its
//! sources, with the settings the configuration gives it (also for a rule it turns off).

use std::io::Write;

use super::{ExitStatus, Failure, resolve};
use crate::cli::ExplainArgs;
use crate::settings::load_rules;
use crate::wording::number;

pub(super) fn explain(args: ExplainArgs) -> Result<ExitStatus, Failure> {
    // `resolve` shows the rule files' warnings; the second loading is silent.
    let run = resolve(&args.rules, &args.settings, None)?;
    // Explain any rule that exists, also one the configuration turns off, with its settings.
    let mut rules = load_rules(&args.rules).map_err(Failure::Rules)?;
    for dir in &run.config.rules_dirs {
        rules.add_dir(dir).map_err(Failure::Rules)?;
    }
    let mut settings_only = run.config;
    settings_only.select = None;
    settings_only.ignore.clear();
    settings_only.apply_to_rules(&mut rules);
    let Some(rule) = rules.get(&args.rule) else {
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        return Err(Failure::Usage(format!(
            "no rule {:?}{}; rules are: {}{}",
            args.rule,
            crate::wording::did_you_mean(&args.rule, ids.iter().copied()),
            ids.join(", "),
            if args.rules.is_empty() {
                " (a rule of your own: name its folder with --rules DIR)"
            } else {
                ""
            }
        )));
    };
    let mut out = std::io::stdout().lock();
    let kinds: Vec<&str> = rule.applies_to.iter().map(|k| k.name()).collect();
    writeln!(out, "{}: {}\n", rule.id, rule.summary)?;
    writeln!(
        out,
        "Kind: {}. Severity: {}. Applies to: {}.",
        rule.kind_name,
        rule.severity,
        kinds.join(", ")
    )?;
    for (kind, severity) in &rule.severity_by_kind {
        writeln!(out, "  ({severity} in a {})", kind.describe())?;
    }
    if !rule.thresholds.is_empty() {
        let thresholds: Vec<String> = rule
            .thresholds
            .iter()
            .map(|(k, v)| format!("{k} = {}", number(*v)))
            .collect();
        writeln!(out, "Thresholds: {}.", thresholds.join(", "))?;
    }
    // A user's rule may have no [docs] (it loaded with a warning): say so, not empty headings.
    for (heading, text) in [
        ("What it checks", wrap(&rule.docs.what, 88)),
        ("Why it matters", wrap(&rule.docs.why, 88)),
        ("A compliant example", indent(&rule.docs.example)),
    ] {
        if !text.trim().is_empty() {
            writeln!(out, "\n{heading}\n\n{text}")?;
        }
    }
    if rule.docs.what.is_empty() && rule.docs.why.is_empty() && rule.docs.example.is_empty() {
        writeln!(
            out,
            "\nThis rule's file has no [docs]: what it checks and why are not written down."
        )?;
    }
    writeln!(out)?;
    if !rule.docs.sources.is_empty() {
        writeln!(out, "Sources\n")?;
        for source in &rule.docs.sources {
            writeln!(out, "- {source}")?;
        }
        writeln!(out)?;
    }
    writeln!(out, "Defined in {}.", rule.path)?;
    Ok(ExitStatus::Clean)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Wrap paragraphs to `width` columns, keeping blank lines and list lines.
fn wrap(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for paragraph in text.split("\n\n") {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
        out.push(lines.join("\n"));
    }
    out.join("\n\n")
}
