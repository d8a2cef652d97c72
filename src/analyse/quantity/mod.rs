//! Numbers with what they measure: money, percentages, counts of things, FTE and durations.
//!
//! One pass over the text finds every numeral ("480", "1,200", "1.2", "twelve") and reads the
//! words around it: a currency before ("£", "€", "$", "GBP"), a multiplier or unit after ("k",
//! "m", "million", "%", "per cent", "FTE", "young people", "working days"), and a period for
//! money ("a year", "per participant"). The result is a [`Quantity`] with the span of the whole
//! expression. Context that needs a sentence (what a percentage is *of*) is read later, in
//! [`crate::analyse::targets`].

use crate::document::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The whole expression, currency and unit included ("£1.2m", "480 young people").
    pub span: Span,
    pub value: f64,
    pub kind: QuantityKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum QuantityKind {
    /// An amount of money. `currency` is `None` for amounts known to be money from context only
    /// ("120,000 a year", a number in a "Budget (£)" column). `per` is what it is paid per
    /// ("year", "participant"), if said.
    Money {
        currency: Option<char>,
        per: Option<String>,
    },
    Percent,
    /// A count of something, with the unit's words as written, lower-cased ("young people").
    Count {
        unit: String,
    },
    /// Full-time equivalent staff.
    Fte,
    /// A period of time, converted to calendar days (working days count 1.4 each).
    Duration {
        unit: String,
        days: f64,
    },
    /// A number with no unit the scanner knows (years, clause numbers, bare figures).
    Number,
}

impl Quantity {
    pub fn is_money(&self) -> bool {
        matches!(self.kind, QuantityKind::Money { .. })
    }

    pub fn is_percent(&self) -> bool {
        matches!(self.kind, QuantityKind::Percent)
    }
}

/// The quantities wholly inside `span`, from `quantities` in text order (as [`scan`] returns
/// them).
pub fn within(quantities: &[Quantity], span: Span) -> &[Quantity] {
    let start = quantities.partition_point(|q| q.span.start < span.start);
    let end = quantities.partition_point(|q| q.span.start < span.end);
    let slice = &quantities[start..end.max(start)];
    let keep = slice.iter().take_while(|q| q.span.end <= span.end).count();
    &slice[..keep]
}

/// True when the quantity at `index` is one end of a range ("£5,000–£8,000", "60-70%"): the
/// scanner gives both ends the same start.
pub fn in_range(quantities: &[Quantity], index: usize) -> bool {
    let Some(start) = quantities.get(index).map(|q| q.span.start) else {
        return false;
    };
    let same = |i: Option<usize>| {
        i.and_then(|i| quantities.get(i))
            .is_some_and(|q| q.span.start == start)
    };
    same(index.checked_sub(1)) || same(Some(index + 1))
}

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

fn written_number(word: &str) -> Option<f64> {
    // Asked of every word in a document: reject most at once by first letter and length (the
    // words below start with one of these letters and have 3 to 9 of them).
    if !matches!(
        word.as_bytes().first(),
        Some(b'e' | b'f' | b'h' | b'n' | b'o' | b's' | b't')
    ) {
        return None;
    }
    let (tens, units) = match word.split_once('-') {
        Some((t, u)) => (t, Some(u)),
        None => (word, None),
    };
    if !(3..=9).contains(&tens.len()) {
        return None;
    }
    let base = match tens {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        _ => return None,
    };
    match units {
        None => Some(base),
        Some(u) if (20.0..100.0).contains(&base) => {
            let unit = written_number(u).filter(|&v| v < 10.0)?;
            Some(base + unit)
        }
        Some(_) => None,
    }
}

/// Find every quantity in `text`, in order.
pub fn scan(text: &str) -> Vec<Quantity> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            let end = match numeral_at(text, i) {
                Some(mut found) => {
                    let next = found.end;
                    // "thirty (30) days": the quantity starts at the written number.
                    if let Some(first) = found.quantities.first_mut()
                        && let Some(start) = written_before(text, i, first.value)
                    {
                        first.span = Span::new(start, first.span.end);
                    }
                    out.extend(found.quantities);
                    next
                }
                None => skip_token(bytes, i),
            };
            i = end.max(i + 1);
        } else if b.is_ascii_alphabetic() {
            let end = word_end(bytes, i);
            let at_word_start = i == 0 || !is_word_byte(bytes[i - 1]);
            if at_word_start
                && end - i >= 3
                && let Some(q) = written_at(text, i, end)
            {
                out.push(q);
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

struct Found {
    end: usize,
    quantities: Vec<Quantity>,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn word_end(bytes: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < bytes.len()
        && (bytes[j].is_ascii_alphabetic()
            || bytes[j] == b'-' && j + 1 < bytes.len() && bytes[j + 1].is_ascii_alphabetic())
    {
        j += 1;
    }
    j
}

/// Skip a token that is not a number we read (a date, a code like "A12", a version "1.2.3").
fn skip_token(bytes: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < bytes.len()
        && (bytes[j].is_ascii_alphanumeric()
            || matches!(bytes[j], b'.' | b'/' | b'-' | b':' | b',')
                && j + 1 < bytes.len()
                && bytes[j + 1].is_ascii_alphanumeric())
    {
        j += 1;
    }
    j
}

/// Parse digits at `start`: "1,200", "1.5", "480". Returns the value and the end offset.
fn parse_digits(bytes: &[u8], start: usize) -> Option<(f64, usize)> {
    let mut j = start;
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        j += 1;
    }
    // Thousands groups: ",ddd" repeated, only after 1-3 leading digits. Only a number with
    // them needs a copy without the commas to parse.
    let mut digits = String::new();
    if j - start <= 3 {
        while j + 3 < bytes.len()
            && bytes[j] == b','
            && bytes[j + 1..=j + 3].iter().all(u8::is_ascii_digit)
            && bytes.get(j + 4).is_none_or(|b| !b.is_ascii_digit())
        {
            if digits.is_empty() {
                digits.extend(bytes[start..j].iter().map(|&b| b as char));
            }
            digits.extend(bytes[j + 1..=j + 3].iter().map(|&b| b as char));
            j += 4;
        }
    }
    let grouped_end = j;
    if j + 1 < bytes.len() && bytes[j] == b'.' && bytes[j + 1].is_ascii_digit() {
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
    }
    if !digits.is_empty() {
        digits.extend(bytes[grouped_end..j].iter().map(|&b| b as char));
    }
    let number = if digits.is_empty() {
        // Only ASCII digits and a point: valid UTF-8.
        std::str::from_utf8(&bytes[start..j]).ok()?
    } else {
        digits.as_str()
    };
    number.parse().ok().map(|v| (v, j))
}

/// Read a numeral and its unit at byte `start` (a digit).
fn numeral_at(text: &str, start: usize) -> Option<Found> {
    let bytes = text.as_bytes();
    // A digit glued to a letter before it is a code ("Q3", "A1", "COVID19"), not a quantity.
    if start > 0 && (bytes[start - 1].is_ascii_alphabetic() || bytes[start - 1] == b'_') {
        return None;
    }
    let (value, mut end) = parse_digits(bytes, start)?;
    // Dates, times and versions: "1/4/2025", "2025-04-01", "10:30", "1.2.3".
    if let Some(&next) = bytes.get(end) {
        let after = bytes.get(end + 1).copied().unwrap_or(b' ');
        if matches!(next, b'/' | b':' | b'.') && after.is_ascii_digit() {
            return None;
        }
        if next == b'-' && after.is_ascii_digit() && bytes.get(end + 3).is_some_and(|&b| b == b'-')
        {
            return None;
        }
        // Ordinals and glued letters ("1st", "3rd", "2nd", "5G") other than units we read.
        if next.is_ascii_alphabetic() {
            let word_stop = word_end(bytes, end);
            let word = text[end..word_stop].to_ascii_lowercase();
            if matches!(word.as_str(), "st" | "nd" | "rd" | "th") {
                return Some(Found {
                    end: word_stop,
                    quantities: Vec::new(),
                });
            }
        }
    }
    let (currency, mut begin) = currency_before(text, start);
    let mut value = value;
    // A range: "60-70%", "£5,000–£8,000". The first number takes the unit of the second.
    let mut range_low: Option<(f64, Span)> = None;
    if let Some(dash_len) = dash_at(text, end) {
        let mut k = end + dash_len;
        if text[k..].starts_with('£') || text[k..].starts_with('$') || text[k..].starts_with('€')
        {
            k += text[k..].chars().next().map_or(1, char::len_utf8);
        }
        if bytes.get(k).is_some_and(u8::is_ascii_digit)
            && let Some((high, high_end)) = parse_digits(bytes, k)
        {
            range_low = Some((value, Span::new(begin, end)));
            value = high;
            end = high_end;
        }
    }
    // "thirty (30) days": the written number before the brackets is skipped by `written_at`.
    let after_bracket = if start > 0 && bytes[start - 1] == b'(' && bytes.get(end) == Some(&b')') {
        end + 1
    } else {
        end
    };
    let (multiplier, mult_end) = multiplier_after(text, after_bracket, currency.is_some());
    let value = value * multiplier;
    let low = range_low.map(|(v, s)| (v * multiplier, s));
    let unit_from = if multiplier != 1.0 {
        mult_end
    } else {
        after_bracket
    };
    let (kind, unit_end) = unit_after(text, unit_from, currency, value);
    if currency.is_some() && begin > start {
        begin = start;
    }
    let end = unit_end.max(unit_from);
    let mut quantities = Vec::new();
    if let Some((low_value, low_span)) = low {
        quantities.push(Quantity {
            span: low_span,
            value: low_value,
            kind: kind.clone(),
        });
    }
    quantities.push(Quantity {
        span: Span::new(begin, end),
        value,
        kind,
    });
    Some(Found { end, quantities })
}

fn dash_at(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    for dash in ["-", "–", "—", " - ", " – ", " to "] {
        if rest.starts_with(dash) {
            return Some(dash.len());
        }
    }
    None
}

/// A currency symbol or code just before `start` (one space allowed): returns the symbol and
/// where the expression begins.
fn currency_before(text: &str, start: usize) -> (Option<char>, usize) {
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
fn multiplier_after(text: &str, at: usize, is_money: bool) -> (f64, usize) {
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
fn unit_after(text: &str, at: usize, currency: Option<char>, value: f64) -> (QuantityKind, usize) {
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

/// Where "thirty (" starts, when the digits at `digits` are "(30" and the word before the bracket
/// is the same number written out.
fn written_before(text: &str, digits: usize, value: f64) -> Option<usize> {
    let before = text[..digits].strip_suffix('(')?.trim_end();
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphabetic() || c == '-'))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = before[start..].to_ascii_lowercase();
    (written_number(&word)? == value).then_some(start)
}

/// A written number ("twelve families", "thirty days") at a word starting at `start`.
fn written_at(text: &str, start: usize, end: usize) -> Option<Quantity> {
    // Called for every word of the text: most are lower case already; the others are
    // lower-cased into a buffer on the stack rather than a new String. The longest written
    // number is 13 letters ("seventy-seven").
    let word = &text[start..end];
    let mut buffer = [0u8; 16];
    let value = if word.bytes().any(|b| b.is_ascii_uppercase()) {
        let lower = buffer.get_mut(..word.len())?;
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        written_number(std::str::from_utf8(lower).ok()?)?
    } else {
        written_number(word)?
    };
    let rest = &text[end..];
    // "thirty (30) days": the digits carry the quantity.
    if rest.trim_start().starts_with('(')
        && rest.trim_start()[1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    // "one" as a pronoun ("no one", "one of the") is not a count.
    let (kind, unit_end) = unit_after(text, end, None, value);
    match kind {
        QuantityKind::Count { .. }
        | QuantityKind::Duration { .. }
        | QuantityKind::Percent
        | QuantityKind::Fte => Some(Quantity {
            span: Span::new(start, unit_end),
            value,
            kind,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Quantity, QuantityKind, in_range, scan, within};

    fn one(text: &str) -> Quantity {
        let found = scan(text);
        assert_eq!(found.len(), 1, "{text:?} gave {found:?}");
        found.into_iter().next().unwrap()
    }

    fn money(text: &str) -> (f64, Option<String>, String) {
        let q = one(text);
        match q.kind {
            QuantityKind::Money { per, .. } => (q.value, per, text[q.span.range()].to_string()),
            other => panic!("{text:?} is {other:?}, not money"),
        }
    }

    #[test]
    fn money_in_the_forms_bids_write_it() {
        assert_eq!(money("a budget of £1.2m for").0, 1_200_000.0);
        assert_eq!(money("costs £120k in total").0, 120_000.0);
        assert_eq!(money("£18,500 to run").0, 18_500.0);
        assert_eq!(money("EUR 5,000").0, 5_000.0);
        assert_eq!(money("we pay £ 2.5 million").0, 2_500_000.0);
        assert_eq!(
            money("US$75,000 to hire"),
            (75_000.0, None, "US$75,000".into())
        );
        let (value, per, words) = money("paid 120,000 a year to");
        assert_eq!(
            (value, per.as_deref(), words.as_str()),
            (120_000.0, Some("year"), "120,000 a year")
        );
        let (_, per, _) = money("£40 per participant");
        assert_eq!(per.as_deref(), Some("participant"));
        assert_eq!(money("£0 to Oakham").0, 0.0);
    }

    #[test]
    fn percentages_and_ranges() {
        let q = one("105% of participants");
        assert_eq!((q.value, q.kind), (105.0, QuantityKind::Percent));
        assert_eq!(one("12 per cent of").value, 12.0);
        let both = scan("between 60–70% of");
        assert_eq!(
            both.iter().map(|q| q.value).collect::<Vec<_>>(),
            [60.0, 70.0]
        );
        assert!(both.iter().all(Quantity::is_percent));
    }

    #[test]
    fn a_number_written_twice_is_one_quantity_from_the_words() {
        let text = "no later than fourteen (14) days before the transfer";
        let found = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.range()], "fourteen (14) days");
        assert!(matches!(found[0].kind, QuantityKind::Duration { days, .. } if days == 14.0));
        assert_eq!(scan("a fee — (14) days").len(), 1);
        let found = scan("on one month's notice");
        assert!(matches!(found[0].kind, QuantityKind::Duration { days, .. } if days == 30.0));
        let found = scan("pay within 30 (thirty) days and (12) sessions");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn ranges_and_spans() {
        let found = scan("£5,000–£8,000 and £2,000");
        assert_eq!(found.len(), 3);
        assert!(in_range(&found, 0) && in_range(&found, 1));
        assert!(!in_range(&found, 2) && !in_range(&found, 3));
        let last = found[2].span;
        assert_eq!(within(&found, last).len(), 1);
        assert!(within(&found, super::Span::new(0, 3)).is_empty());
    }

    #[test]
    fn counts_keep_their_unit() {
        let q = one("support 480 young people in Kingsford");
        assert_eq!(
            q.kind,
            QuantityKind::Count {
                unit: "young people".into()
            }
        );
        assert_eq!(
            one("220 households a year").kind,
            QuantityKind::Count {
                unit: "households".into()
            }
        );
        assert_eq!(
            one("twelve families will").kind,
            QuantityKind::Count {
                unit: "families".into()
            }
        );
        assert_eq!(one("2.5 FTE key workers").kind, QuantityKind::Fte);
        assert_eq!(one("0.5 full-time equivalent").kind, QuantityKind::Fte);
    }

    #[test]
    fn durations_in_days() {
        let q = one("within thirty (30) days of");
        assert_eq!(
            q.kind,
            QuantityKind::Duration {
                unit: "days".into(),
                days: 30.0
            }
        );
        let q = one("5 working days");
        assert!(matches!(q.kind, QuantityKind::Duration { days, .. } if (days - 7.0).abs() < 1e-9));
        let q = one("three months’ notice");
        assert!(matches!(q.kind, QuantityKind::Duration { days, .. } if days == 90.0));
    }

    #[test]
    fn dates_codes_and_ordinals_are_not_quantities() {
        assert!(scan("on 1/4/2025 and 2025-04-01 at 10:30").is_empty());
        assert!(scan("Q3 and COVID19, the 1st and 22nd").is_empty());
        let q = one("in 2026");
        assert_eq!(q.kind, QuantityKind::Number);
    }
}
