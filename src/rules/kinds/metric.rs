//! `metric`: numbers the analysis found, compared with thresholds (see [`super::measure`]).

use crate::analyse::Analysis;
use crate::diagnostic::Finding;
use crate::document::Document;

use super::measure::{Measure, measure_findings};
use crate::rules::Rule;

#[derive(Clone, Debug)]
pub struct Metric {
    pub measures: Vec<Measure>,
}

/// A finding for each number beyond a measure's threshold.
pub fn check(rule: &Rule, metric: &Metric, doc: &Document, analysis: &Analysis) -> Vec<Finding> {
    measure_findings(rule, &metric.measures, doc, analysis, None)
}
