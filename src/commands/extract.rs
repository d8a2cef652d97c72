//! `tenderlint extract FILE`: the text the rules see; with `--blocks` each block and where it
//! is, with `--facts` what the analysis found (kind, organisations and roles, sections and
//! clauses, money, percentages, durations, targets, cost per person).

use std::io::Write;

use super::{ExitStatus, Failure};
use crate::analyse;
use crate::cli::{ExtractArgs, ExtractFormat};
use crate::document::{BlockKind, Document};
use crate::extract::{self as read, ReadError};
use crate::report;
use crate::wording::number;

/// The text the rules see. For paged documents, each block is printed with the page it starts
/// on, pages separated by a form feed (as pdftotext does).
fn paged_text(doc: &Document) -> String {
    if doc.pages.is_empty() {
        return doc.text.clone();
    }
    let mut out = String::with_capacity(doc.text.len() + doc.pages.len());
    let mut page = 1;
    for (i, block) in doc.blocks.iter().enumerate() {
        let start = doc.locate(block.span).page.unwrap_or(page);
        if start > page {
            for _ in page..start {
                out.push('\x0C');
            }
            page = start;
        } else if i > 0 {
            out.push_str("\n\n");
        }
        out.push_str(doc.slice(block.span));
    }
    for _ in page..doc.pages.len() as u32 {
        out.push('\x0C');
    }
    out
}

/// The analysis of `doc`, with a bug in it reported as an error naming the file, as `check`
/// reports an `internal-error`, rather than as a crash.
fn contained(doc: &Document, args: &ExtractArgs) -> Result<analyse::Analysis, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyse::analyse(doc, args.kind)
    }))
    .map_err(|payload| {
        let text = crate::engine::panic_message(&*payload);
        Failure::Usage(format!(
            "{}: internal error while analysing the document: {text} (a bug in tenderlint; please report it)",
            args.file.display()
        ))
    })
}

pub(super) fn extract(args: ExtractArgs) -> Result<ExitStatus, Failure> {
    let bytes = std::fs::read(&args.file).map_err(|e| {
        let error = ReadError::from_io(&e);
        Failure::Usage(format!("{}: {error}", args.file.display()))
    })?;
    let doc = read::extract(&args.file, &bytes)
        .map_err(|e| Failure::Usage(format!("{}: {e} ({})", args.file.display(), e.help())))?;
    let mut out = std::io::stdout().lock();
    for warning in &doc.warnings {
        eprintln!("warning: {}: {warning}", args.file.display());
    }
    if args.format == ExtractFormat::Json {
        let analysis = contained(&doc, &args)?;
        report::facts::write(&mut out, &doc, &analysis)?;
        return Ok(ExitStatus::Clean);
    }
    if !args.blocks && !args.facts {
        writeln!(out, "{}", paged_text(&doc))?;
        return Ok(ExitStatus::Clean);
    }
    let analysis = contained(&doc, &args)?;
    writeln!(
        out,
        "{} ({}): {}, {}",
        doc.name(),
        doc.format.name(),
        analysis.kind.kind.describe(),
        analysis.kind.reason
    )?;
    if args.blocks {
        writeln!(out, "\nBlocks")?;
        for (index, block) in doc.blocks.iter().enumerate() {
            let location = doc.locate(block.span).describe();
            let what = match &block.kind {
                BlockKind::Heading { level } => format!("heading {level}"),
                BlockKind::Paragraph => "paragraph".to_string(),
                BlockKind::ListItem { label, .. } => format!("item {label}"),
                BlockKind::Table(table) => {
                    format!("table {} ({} rows)", table.number, table.rows.len())
                }
            };
            let clause = block
                .clause
                .as_ref()
                .map(|c| format!(" clause {c}"))
                .unwrap_or_default();
            writeln!(out, "{:>4} [{what}{clause}] {location}", index + 1)?;
            for line in doc.slice(block.span).lines() {
                writeln!(out, "       {line}")?;
            }
        }
    }
    if args.facts {
        writeln!(out, "\nOrganisations")?;
        for org in &analysis.organisations {
            let mut roles: Vec<&str> = org.roles.iter().map(|r| r.role.name()).collect();
            roles.sort();
            roles.dedup();
            let aliases = if org.aliases.is_empty() {
                String::new()
            } else {
                format!(" (also {})", org.aliases.join(", "))
            };
            let roles = if roles.is_empty() {
                "no role found".to_string()
            } else {
                roles.join(", ")
            };
            writeln!(
                out,
                "  {}{aliases}: {roles}; {} mentions",
                org.name,
                org.mentions.len()
            )?;
        }
        writeln!(out, "\nSections and clauses")?;
        for section in &doc.sections {
            let block = &doc.blocks[section.heading];
            writeln!(
                out,
                "  {}{} ({})",
                "  ".repeat(usize::from(section.level.saturating_sub(1)).min(8)),
                section.title,
                doc.locate(block.span).describe()
            )?;
        }
        let mut last_clause: Option<&str> = None;
        for block in &doc.blocks {
            let Some(clause) = block.clause.as_deref() else {
                continue;
            };
            if last_clause == Some(clause) {
                continue;
            }
            last_clause = Some(clause);
            let text = doc.slice(block.span);
            let words: Vec<&str> = text.split_whitespace().take(10).collect();
            let more = if text.split_whitespace().count() > 10 {
                " …"
            } else {
                ""
            };
            writeln!(out, "  clause {clause}: {}{more}", words.join(" "))?;
        }
        writeln!(out, "\nMoney")?;
        for q in analysis.quantities.iter().filter(|q| q.is_money()) {
            let location = doc.locate(q.span).describe();
            writeln!(
                out,
                "  {} = {} ({location})",
                doc.slice(q.span),
                number(q.value)
            )?;
        }
        writeln!(out, "\nPercentages")?;
        for p in &analysis.percentages {
            let of =
                p.of.as_ref()
                    .map(|o| format!(" of {o}"))
                    .unwrap_or_default();
            writeln!(
                out,
                "  {}{of}: {} ({})",
                doc.slice(p.span),
                p.relation.name(),
                doc.locate(p.span).describe()
            )?;
        }
        writeln!(out, "\nDurations")?;
        for q in &analysis.quantities {
            if let analyse::QuantityKind::Duration { days, .. } = &q.kind {
                writeln!(
                    out,
                    "  {} = {} days ({})",
                    doc.slice(q.span),
                    number((days * 10.0).round() / 10.0),
                    doc.locate(q.span).describe()
                )?;
            }
        }
        writeln!(out, "\nTargets")?;
        for t in &analysis.targets {
            writeln!(
                out,
                "  {:?} {}%: \"{}\" ({})",
                t.class,
                number(t.percent),
                doc.slice(t.span),
                doc.locate(t.span).describe()
            )?;
        }
        writeln!(out, "\nCost per person")?;
        for c in &analysis.unit_costs {
            writeln!(
                out,
                "  {} per person: {} / {} ({})",
                number((c.per_person * 100.0).round() / 100.0),
                number(c.amount),
                number(c.count),
                doc.locate(c.span).describe()
            )?;
        }
    }
    Ok(ExitStatus::Clean)
}
