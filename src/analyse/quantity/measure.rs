//! What a number measures: the currency before it ("£", "GBP"), and after it a multiplier ("k",
//! "million"), a unit ("%", "FTE", "young people", "working days") and, for money, a period ("a
//! year", "per participant").
//!
//! [`numeral`](super::numeral) calls [`currency_before`], [`multiplier_after`] and
//! [`unit_after`] for each number it finds. A new unit belongs in [`unit_after`] (a word that ends
//! a count's unit in [`UNIT_STOP`], a time unit in [`time_unit`]), a new period in
//! [`money_period`].

use super::QuantityKind;

/// Words that end a unit phrase after a number.
const UNIT_STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "in",
    "to",
    "by",
    "who",
    "which",
    "that",
    "will",
    "per",
    "each",
    "with",
    "and",
    "or",
    "from",
    "over",
    "across",
    "into",
    "for",
    "on",
    "at",
    "as",
    "are",
    "is",
    "were",
    "was",
    "have",
    "has",
    "be",
    "would",
    "should",
    "can",
    "could",
    "may",
    "this",
    "these",
    "those",
    "our",
    "their",
    "its",
    "we",
    "they",
    "than",
    "more",
    "less",
    "at",
    "every",
    "through",
    "via",
    "under",
    "within",
    "after",
    "before",
    "during",
    "between",
    "plus",
    "so",
    "if",
    "not",
    "but",
    "where",
    "when",
    "while",
    "including",
    "up",
    "out",
    "down",
];

/// Time units and their length in calendar days.
fn time_unit(word: &str) -> Option<(&'static str, f64)> {
    Some(match word {
        "hour" | "hours" | "hrs" | "hr" => ("hours", 1.0 / 24.0),
        "day" | "days" => ("days", 1.0),
        "week" | "weeks" | "wks" => ("weeks", 7.0),
        "month" | "months" | "mths" => ("months", 30.0),
        "year" | "years" | "yrs" => ("years", 365.0),
        "quarter" | "quarters" => ("quarters", 91.0),
        _ => return None,
    })
}

/// A currency symbol or code just before `start` (one space allowed): returns the symbol and
/// where the expression begins.
pub(super) fn currency_before(text: &str, start: usize) -> (Option<char>, usize) {
    let before = &text[..start];
    let trimmed = before.strip_suffix(' ').unwrap_or(before);
    for (prefix, symbol) in [
        ("£", '£'),
        ("€", '€'),
        ("$", '$'),
        ("GBP", '£'),
        ("EUR", '€'),
        ("USD", '$'),
    ] {
        if let Some(rest) = trimmed.strip_suffix(prefix) {
            let glued = prefix.len() == 3 && rest.ends_with(|c: char| c.is_alphanumeric());
            if !glued {
                let begin = rest
                    .strip_suffix("US")
                    .filter(|_| prefix == "$")
                    .unwrap_or(rest)
                    .len();
                return (Some(symbol), begin);
            }
        }
    }
    (None, start)
}

/// "k", "m", "bn", " million", " thousand" after a number.
pub(super) fn multiplier_after(text: &str, at: usize, is_money: bool) -> (f64, usize) {
    let rest = &text[at..];
    let next_is_word = |len: usize| rest[len..].starts_with(|c: char| c.is_alphanumeric());
    let spaced = rest.strip_prefix(' ').unwrap_or(rest);
    let space = rest.len() - spaced.len();
    let lower: String = spaced
        .chars()
        .take(9)
        .collect::<String>()
        .to_ascii_lowercase();
    for (word, factor) in [("million", 1e6), ("thousand", 1e3), ("billion", 1e9)] {
        if lower.starts_with(word) && !next_is_word(space + word.len()) {
            return (factor, at + space + word.len());
        }
    }
    if space == 0 {
        for (suffix, factor, money_only) in [
            ("bn", 1e9, true),
            ("mn", 1e6, true),
            ("m", 1e6, true),
            ("k", 1e3, false),
            ("K", 1e3, false),
        ] {
            if rest.starts_with(suffix) && !next_is_word(suffix.len()) && (is_money || !money_only)
            {
                // "5k" without a currency is only money-like with a money word nearby; keep it a
                // number scaled by 1,000 either way.
                return (factor, at + suffix.len());
            }
        }
    }
    (1.0, at)
}

/// The words after a number (already past any multiplier) that say what it counts.
pub(super) fn unit_after(
    text: &str,
    at: usize,
    currency: Option<char>,
    value: f64,
) -> (QuantityKind, usize) {
    let rest = &text[at..];
    if rest.starts_with('%') {
        return (QuantityKind::Percent, at + 1);
    }
    let words = next_words(text, at, 5);
    // The words lower-cased into one buffer (run for every number: one allocation, not five).
    let mut lowered = String::with_capacity(words.iter().map(|(w, _, _)| w.len()).sum());
    for (w, _, _) in &words {
        lowered.push_str(w);
    }
    lowered.make_ascii_lowercase();
    let mut lower: Vec<&str> = Vec::with_capacity(words.len());
    let mut from = 0;
    for (w, _, _) in &words {
        lower.push(&lowered[from..from + w.len()]);
        from += w.len();
    }
    let word = |i: usize| lower.get(i).copied().unwrap_or("");
    let end_of = |i: usize| words.get(i).map_or(at, |&(_, _, e)| e);
    if word(0) == "%" {
        return (QuantityKind::Percent, end_of(0));
    }
    if (word(0) == "per" && word(1) == "cent")
        || word(0) == "percent"
        || word(0) == "pc" && currency.is_none()
    {
        let last = if word(0) == "per" { 1 } else { 0 };
        return (QuantityKind::Percent, end_of(last));
    }
    // A change in a rate: "up by 10 percentage points".
    if word(0) == "percentage" && matches!(word(1), "points" | "point") && currency.is_none() {
        return (QuantityKind::Percent, end_of(1));
    }
    if currency.is_some() {
        let (per, per_end) = money_period(&lower, &words, at);
        return (QuantityKind::Money { currency, per }, per_end);
    }
    if matches!(
        word(0),
        "pounds" | "gbp" | "euros" | "eur" | "dollars" | "usd"
    ) {
        let symbol = if word(0).starts_with('p') || word(0) == "gbp" {
            '£'
        } else if word(0).starts_with('e') {
            '€'
        } else {
            '$'
        };
        let (per, per_end) = money_period(&lower[1..], &words[1..], end_of(0));
        return (
            QuantityKind::Money {
                currency: Some(symbol),
                per,
            },
            per_end.max(end_of(0)),
        );
    }
    if matches!(word(0), "fte" | "wte") {
        return (QuantityKind::Fte, end_of(0));
    }
    if matches!(word(0), "full-time" | "full" | "whole-time") {
        let (n, last) = if word(0) == "full" && word(1) == "time" {
            (2, 2)
        } else {
            (1, 1)
        };
        if word(n) == "equivalent" || word(n) == "equivalents" {
            return (QuantityKind::Fte, end_of(last));
        }
    }
    // Durations: "30 days", "5 working days", "three months'".
    let (qualifier, unit_index) = match word(0) {
        "working" | "business" | "calendar" | "clear" | "school" => (Some(word(0)), 1),
        _ => (None, 0),
    };
    let time_word = word(unit_index);
    let time_word = time_word
        .strip_suffix("'s")
        .or_else(|| time_word.strip_suffix("’s"))
        .unwrap_or(time_word)
        .trim_end_matches(['\'', '’']);
    if let Some((unit, days)) = time_unit(time_word) {
        let factor =
            if matches!(qualifier, Some("working" | "business" | "school")) && unit == "days" {
                1.4
            } else {
                1.0
            };
        let name = match qualifier {
            Some(q) => format!("{q} {unit}"),
            None => unit.to_string(),
        };
        return (
            QuantityKind::Duration {
                unit: name,
                days: value * days * factor,
            },
            end_of(unit_index),
        );
    }
    // "120,000 a year": a large bare figure paid per period is money.
    if value >= 1000.0 {
        let (per, per_end) = money_period(&lower, &words, at);
        if per
            .as_deref()
            .is_some_and(|p| matches!(p, "year" | "month" | "week" | "quarter"))
        {
            return (
                QuantityKind::Money {
                    currency: None,
                    per,
                },
                per_end,
            );
        }
    }
    // A count: the unit is the run of lower-case words up to a stop word.
    let mut taken = 0;
    while taken < words.len().min(3) {
        let (original, _, _) = words[taken];
        let w = word(taken);
        let is_noun_like = original
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !UNIT_STOP.contains(&w);
        if !is_noun_like {
            break;
        }
        taken += 1;
        // A capitalised word after the first is a name ("12 Kingsford Road"): stop before it.
        if taken < words.len() && words[taken].0.starts_with(char::is_uppercase) {
            break;
        }
    }
    if taken > 0 && words[0].0.starts_with(char::is_lowercase) {
        let unit = lower[..taken].join(" ");
        let unit = unit
            .trim_end_matches("'s")
            .trim_end_matches('\'')
            .to_string();
        return (QuantityKind::Count { unit }, end_of(taken - 1));
    }
    (QuantityKind::Number, at)
}

/// "a year", "per annum", "pa", "per participant", "each", "a head" after money.
fn money_period(
    lower: &[&str],
    words: &[(&str, usize, usize)],
    at: usize,
) -> (Option<String>, usize) {
    let word = |i: usize| lower.get(i).copied().unwrap_or("");
    let end_of = |i: usize| words.get(i).map_or(at, |&(_, _, e)| e);
    let normal = |w: &str| -> String {
        match w {
            "annum" | "year" | "yr" => "year".to_string(),
            "month" | "calendar-month" => "month".to_string(),
            "head" | "person" => "person".to_string(),
            other => other.trim_end_matches('s').to_string(),
        }
    };
    match word(0) {
        "pa" | "p.a" | "annually" | "yearly" => (Some("year".into()), end_of(0)),
        "pcm" | "monthly" => (Some("month".into()), end_of(0)),
        "each" => (Some("each".into()), end_of(0)),
        "a" | "an" | "per" | "every" if !word(1).is_empty() => {
            let unit = word(1);
            if unit.chars().all(|c| c.is_alphabetic() || c == '-') {
                (Some(normal(unit)), end_of(1))
            } else {
                (None, at)
            }
        }
        _ => (None, at),
    }
}

/// Up to `n` words after `at`: (word, start, end). Punctuation other than hyphens and
/// apostrophes ends the run; a "%" sign counts as a word.
fn next_words(text: &str, at: usize, n: usize) -> Vec<(&str, usize, usize)> {
    let bytes = text.as_bytes();
    let mut words = Vec::with_capacity(n);
    let mut i = at;
    while words.len() < n {
        let start = i;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        if i >= bytes.len() || (i == start && !words.is_empty()) {
            break;
        }
        if bytes[i] == b'%' {
            words.push(("%", i, i + 1));
            break;
        }
        let w_start = i;
        while i < bytes.len() {
            let c = bytes[i];
            let inner = matches!(c, b'-' | b'\'' | b'.')
                && i + 1 < bytes.len()
                && bytes[i + 1].is_ascii_alphabetic()
                && i > w_start;
            if c.is_ascii_alphanumeric() || inner {
                i += 1;
            } else if text[i..].starts_with('’') && i > w_start {
                // A curly apostrophe inside or at the end of a word ("months’").
                i += '’'.len_utf8();
            } else {
                break;
            }
        }
        if i == w_start {
            break;
        }
        words.push((&text[w_start..i], w_start, i));
    }
    words
}
