//! Share columns: a percentage column that shares out money or work between the rows of a table
//! with no total row ("Share of funding (%)"); the rows should make 100%.
//!
//! [`split_columns`] is called by [`super::table::table_sums`] for a table with no total row. A
//! column counts when its header gives a share ([`SPLIT_HEADER`]) that is not a rate, of money,
//! or of work between partners ([`PARTY_HEADER`]); a bare "%" header counts when the sentence
//! before the table says something is split. New words for these belong in [`super::words`].

use super::cells::cell_range;
use super::words::{MONEY_WORDS, PARTY_HEADER, RATE_LIKE, SPLIT_HEADER, SPLIT_WORDS, WORK_WORDS};
use super::{Sum, SumKind};
use crate::analyse::quantity::{Quantity, in_range};
use crate::document::Table;

/// A percentage column that shares out money or work between the rows of a table with no total
/// row: the rows should make 100%.
pub(super) fn split_columns(
    table: &Table,
    headers: &[String],
    preceding: &str,
    quantities: &[Quantity],
    out: &mut Vec<Sum>,
) {
    let Some(header_row) = table.header() else {
        return;
    };
    let parties = headers.first().is_some_and(|h| PARTY_HEADER.is_match(h));
    let preceding_split = SPLIT_WORDS.is_match(preceding);
    for (c, header) in headers.iter().enumerate() {
        if !SPLIT_HEADER.is_match(header) || RATE_LIKE.is_match(header) {
            continue;
        }
        // Money split between any rows; work split only between partners (a "% of
        // participants" column by age group or ethnicity need not make 100).
        let of_what = |s: &str| MONEY_WORDS.is_match(s) || parties && WORK_WORDS.is_match(s);
        if !(of_what(header) || preceding_split && of_what(preceding)) {
            continue;
        }
        let mut computed = 0.0;
        let mut items = 0;
        let mut clear = true;
        for (_, row) in table.body() {
            let Some(&cell) = row.cells.get(c) else {
                clear = false;
                break;
            };
            let range = cell_range(quantities, cell);
            let mut percents = range.clone().filter(|&i| quantities[i].is_percent());
            match (percents.next(), percents.next()) {
                (Some(i), None) if !in_range(quantities, i) => {
                    computed += quantities[i].value;
                    items += 1;
                }
                _ => {
                    clear = false;
                    break;
                }
            }
        }
        let Some(&span) = header_row.cells.get(c) else {
            continue;
        };
        if clear && items >= 2 {
            out.push(Sum {
                span,
                unit: header_row.span,
                stated: 100.0,
                computed,
                items,
                kind: SumKind::Percent,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::SumKind;
    use super::super::testing::{figures, sums};

    #[test]
    fn percentage_columns_that_share_money_make_100() {
        let text = "| Partner | Share of funding (%) |\n|---|---:|\n| Riverside | 55% |\n| Northside | 35% |\n";
        let found = sums(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].stated, found[0].computed, found[0].items),
            (100.0, 90.0, 2)
        );
        assert_eq!(found[0].kind, SumKind::Percent);
        // A bare "%" header counts when the sentence before the table says what is shared.
        let text = "The contract value will be split between the members as follows.\n\n| Member | % |\n|---|---:|\n| A | 50% |\n| B | 50% |\n";
        assert_eq!(figures(text), [(100.0, 100.0, 2)]);
    }

    #[test]
    fn rate_and_profile_columns_do_not_need_to_make_100() {
        let text = "| Measure | Target % |\n|---|---:|\n| Into work | 45% |\n| Sustained | 30% |\n";
        assert_eq!(figures(text), []);
        let text =
            "| Partner | Success rate |\n|---|---:|\n| Riverside | 55% |\n| Northside | 35% |\n";
        assert_eq!(figures(text), []);
        // A profile of participants by group is not a split between partners.
        let text =
            "| Age group | % of participants |\n|---|---:|\n| 16-18 | 40% |\n| 19-24 | 45% |\n";
        assert_eq!(figures(text), []);
    }
}
