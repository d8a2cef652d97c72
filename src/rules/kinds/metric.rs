//! `metric`: numbers the analysis found, compared with thresholds. Tables: `[[measure]]` only
//! (see [`super::measure`]), reading the facts in [`Fact::METRIC`] across the whole document.
//! [`Metric`] is the compiled form.

use super::measure::{self, Measure, measure_findings};
use super::{Tables, missing};
use crate::analyse::Analysis;
use crate::diagnostic::Finding;
use crate::document::Document;
use crate::rules::rule_error::{Ctx, RuleError};
use crate::rules::{Fact, Rule};

/// The tables a metric rule may have.
pub const TABLES: &[&str] = &["measure"];

/// A compiled metric rule.
#[derive(Clone, Debug)]
pub struct Metric {
    pub measures: Vec<Measure>,
}

/// Check and compile the kind's tables; a missing one is an error at `kind`.
pub(crate) fn compile(ctx: &Ctx<'_>, tables: &Tables<'_>) -> Result<Metric, Box<RuleError>> {
    if tables.measure.is_empty() {
        return Err(missing(
            ctx,
            tables.kind,
            "measure",
            "one or more [[measure]] tables",
        ));
    }
    let measures = tables
        .measure
        .iter()
        .map(|m| measure::compile(ctx, m, tables.thresholds, &Fact::METRIC))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Metric { measures })
}

/// A finding for each number beyond a measure's threshold.
pub fn check(rule: &Rule, metric: &Metric, doc: &Document, analysis: &Analysis) -> Vec<Finding> {
    measure_findings(rule, &metric.measures, doc, analysis, None)
}
