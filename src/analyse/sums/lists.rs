//! Parts given as a list: a sentence that ends in a colon and the list items after it, one
//! figure each ("The total budget is £9,000:" then "- £6,000 for staff", "- £3,000 for rent").
//!
//! Used by [`super::sentences`] (amounts) and [`super::splits`] (percentages), each reading an
//! item's figure its own way through [`listed`].

use crate::analyse::text::Unit;
use crate::document::{BlockKind, Document, Span};

/// True when the unit is the last sentence of its block and ends with a colon.
pub(super) fn introduces_list(doc: &Document, unit: &Unit) -> bool {
    let Some(block) = doc.blocks.get(unit.block) else {
        return false;
    };
    doc.slice(unit.span).trim_end().ends_with(':')
        && doc
            .slice(Span::new(unit.span.end, block.span.end.max(unit.span.end)))
            .trim()
            .is_empty()
}

/// The list items right after block `block`, at the first item's depth (deeper items belong to
/// those items and are skipped).
fn following_items(doc: &Document, block: usize) -> Vec<Span> {
    let mut items = Vec::new();
    let mut depth = None;
    for b in doc.blocks.iter().skip(block + 1) {
        let BlockKind::ListItem { depth: d, .. } = b.kind else {
            break;
        };
        let first = *depth.get_or_insert(d);
        if d < first {
            break;
        }
        if d == first {
            items.push(b.span);
        }
    }
    items
}

/// The figure of each list item after `block`, as `figure` reads it, when there are at least
/// two items and every one has its figure.
pub(super) fn listed(
    doc: &Document,
    block: usize,
    figure: impl Fn(Span) -> Option<f64>,
) -> Option<Vec<f64>> {
    let parts = following_items(doc, block)
        .into_iter()
        .map(figure)
        .collect::<Option<Vec<f64>>>()?;
    (parts.len() >= 2).then_some(parts)
}
