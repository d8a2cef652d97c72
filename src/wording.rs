//! How tenderlint writes numbers, money and counts in the words it prints: messages, help,
//! `explain`, `--show-config`, the reports. One place, so that "598,000", "£12.50" and
//! "1 file" / "3 files" read the same wherever they appear.
//!
//! Nothing here knows about documents or findings; every layer may use it.

/// A number as a reader writes it: thousands separated, no needless decimals ("598,000",
/// "12.5", "1316.67").
pub fn number(value: f64) -> String {
    if value.fract().abs() < 1e-9 && value.abs() < 1e15 {
        let digits = format!("{}", value.abs() as u64);
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if value < 0.0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    } else {
        let s = format!("{value:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// An amount of money with its currency symbol: pence shown below 100 ("£12.50"), whole units
/// above ("£1,250").
pub fn money(symbol: char, value: f64) -> String {
    if value < 100.0 && value.fract().abs() > 1e-9 {
        format!("{symbol}{value:.2}")
    } else {
        format!("{symbol}{}", number(value.round()))
    }
}

/// A count with its noun: "1 file", "3 files".
/// The civil date (year, month, day) of a count of days since 1970-01-01 (Howard Hinnant's
/// days-to-civil algorithm).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The candidate a mistyped `given` most likely meant ("unfunded-partnr" → "unfunded-partner"):
/// the closest by edit distance (a swap of neighbours counts once), when it is close enough
/// for its length, or the one candidate `given` begins. `None` when nothing is close.
pub fn suggest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given = given.to_lowercase();
    let allowed = (given.chars().count() / 4).max(2);
    let mut best: Option<(usize, &str)> = None;
    let mut begun = Vec::new();
    for candidate in candidates {
        let distance = edit_distance(&given, &candidate.to_lowercase());
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
        if given.chars().count() >= 4 && candidate.to_lowercase().starts_with(&given) {
            begun.push(candidate);
        }
    }
    best.map(|(_, c)| c)
        .or_else(|| (begun.len() == 1).then(|| begun[0]))
}

/// `" (did you mean \"x\"?)"` for [`suggest`]'s answer, else nothing: for the end of an error.
pub fn did_you_mean<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    suggest(given, candidates).map_or_else(String::new, |c| format!(" (did you mean {c:?}?)"))
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// neighbouring characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::{money, number, plural};

    #[test]
    fn numbers_are_grouped_and_trimmed() {
        assert_eq!(number(598000.0), "598,000");
        assert_eq!(number(-1234.0), "-1,234");
        assert_eq!(number(20.0), "20");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(1316.6666), "1316.67");
    }

    #[test]
    fn money_shows_pence_only_on_small_amounts() {
        assert_eq!(money('£', 12.5), "£12.50");
        assert_eq!(money('£', 1250.4), "£1,250");
        assert_eq!(money('$', 40.0), "$40");
    }

    #[test]
    fn plurals_follow_the_count() {
        assert_eq!(plural(1, "file", "files"), "1 file");
        assert_eq!(plural(0, "file", "files"), "0 files");
        assert_eq!(plural(3, "problem", "problems"), "3 problems");
    }

    #[test]
    fn a_mistyped_name_gets_the_closest_one() {
        let rules = ["unfunded-partner", "partner-without-role", "pay-when-paid"];
        assert_eq!(
            super::suggest("unfunded-partnr", rules),
            Some("unfunded-partner")
        );
        assert_eq!(
            super::suggest("Unfunded-Partner", rules),
            Some("unfunded-partner")
        );
        assert_eq!(
            super::suggest("pay-wehn-paid", rules),
            Some("pay-when-paid")
        );
        assert_eq!(
            super::suggest("partner-with", rules),
            Some("partner-without-role")
        );
        assert_eq!(super::suggest("budget", rules), None);
        let profiles = ["bid-writer", "small-charity-signing", "ci-strict"];
        assert_eq!(
            super::did_you_mean("bid-writr", profiles),
            " (did you mean \"bid-writer\"?)"
        );
        assert_eq!(super::did_you_mean("strict", profiles), "");
    }
}
