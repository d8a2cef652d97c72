//! Where the numbers are: [`scan`] walks the text once, reading digits ("480", "1,200", "1.2"),
//! ranges ("60-70%", "£5,000–£8,000") and numbers written in words ("twelve", "thirty (30)"),
//! and skipping what only looks like a number: dates, times, versions, codes ("Q3", "A12") and
//! ordinals ("1st").
//!
//! Each number found is handed to [`super::measure`] for what it measures. A new way of writing
//! a number belongs here ([`written_number`] for words, [`numeral_at`] for digits), with a test
//! in [`super`].

use super::measure::{currency_before, multiplier_after, unit_after};
use super::{Quantity, QuantityKind};
use crate::document::Span;

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
        // "two of those four weekly sessions": a part of a count that follows.
        QuantityKind::Number if part_of_number(rest) => Some(Quantity {
            span: Span::new(start, end),
            value,
            kind,
        }),
        _ => None,
    }
}

/// True when `rest` (the text after a number written in words) goes on "of the", "of those" or
/// "of our" and another number: "two of those four sessions", "one of the 3 hubs".
fn part_of_number(rest: &str) -> bool {
    let mut words = rest.split_whitespace();
    if !words.next().is_some_and(|w| w.eq_ignore_ascii_case("of")) {
        return false;
    }
    let mut next = words.next().unwrap_or("");
    if ["the", "those", "these", "our", "its", "their", "your"]
        .iter()
        .any(|d| next.eq_ignore_ascii_case(d))
    {
        next = words.next().unwrap_or("");
    }
    let word = next.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    word.starts_with(|c: char| c.is_ascii_digit())
        || written_number(&word.to_ascii_lowercase()).is_some()
}
