//! Capitalised runs of words: the candidates for names, as byte ranges of the text.

use super::legal;
use super::words::{
    CONNECTORS, LEADING_NON_NAME_SET, ORG_ENDING_SET, ORG_WORD_SET, TITLE_WORDS, ascii_in,
    is_capitalised, looks_like_org, lower_in, words, words_lower,
};
use crate::document::Span;

/// A capitalised run of words: a name candidate, as a byte range of the text.
#[derive(Clone, Copy, Debug)]
pub(in crate::analyse) struct Run {
    pub(in crate::analyse) span: Span,
    /// Number of words.
    pub(in crate::analyse) words: usize,
}

/// Capitalised runs in `text[span]`. Possessives end a run ("Ladderstep's" gives "Ladderstep").
pub(in crate::analyse) fn runs(text: &str, span: Span) -> Vec<Run> {
    let slice = &text[span.range()];
    let mut tokens: Vec<(usize, usize, bool)> = Vec::new(); // (start, end, possessive)
    let mut i = 0;
    while i < slice.len() {
        // Spaces are most of what lies between words: step over them without decoding.
        if slice.as_bytes()[i] == b' ' {
            i += 1;
            continue;
        }
        let c = slice[i..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() || c == '&' {
            let start = i;
            while i < slice.len() {
                // Most of a word is ASCII letters and digits: step over them without decoding.
                let b = slice.as_bytes()[i];
                if b.is_ascii_alphanumeric() || b == b'&' {
                    i += 1;
                    continue;
                }
                if b == b' ' {
                    break;
                }
                let ch = slice[i..].chars().next().unwrap_or(' ');
                let next = slice[i + ch.len_utf8()..].chars().next();
                let inner =
                    matches!(ch, '\'' | '’' | '-' | '.') && next.is_some_and(char::is_alphanumeric);
                // A plural possessive ("Carers' Centre") keeps its apostrophe.
                let plural_possessive = matches!(ch, '\'' | '’')
                    && slice[..i].ends_with(['s', 'S'])
                    && next.is_none_or(|c| c == ' ');
                if plural_possessive {
                    i += ch.len_utf8();
                    break;
                }
                if ch.is_alphanumeric() || ch == '&' || inner {
                    i += ch.len_utf8();
                } else {
                    break;
                }
            }
            let word = &slice[start..i];
            let (end, possessive) =
                match word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")) {
                    Some(stem) => (start + stem.len(), true),
                    None if word.ends_with(['\'', '’']) => {
                        let apostrophe = word.chars().next_back().map_or(1, char::len_utf8);
                        (i - apostrophe, true)
                    }
                    None => (i, false),
                };
            tokens.push((start, end, possessive));
        } else {
            // Anything but spaces between two tokens breaks a run.
            if c != ' ' {
                tokens.push((i, i, false));
            }
            i += c.len_utf8();
        }
    }
    let mut out = Vec::new();
    let mut t = 0;
    while t < tokens.len() {
        let (start, end, _) = tokens[t];
        let word = &slice[start..end];
        if start == end || !is_capitalised(word) {
            t += 1;
            continue;
        }
        // Extend: capitalised words, connectors followed by a capitalised word.
        let mut last = t;
        let mut k = t;
        // A possessive ends a name unless a capitalised word follows ("Women's Refuge").
        let continues = |i: usize| {
            !tokens[i].2
                || tokens
                    .get(i + 1)
                    .is_some_and(|&(s, e, _)| s != e && is_capitalised(&slice[s..e]))
        };
        while continues(last) {
            let mut next = k + 1;
            let mut previous_connector: Option<&str> = None;
            while next < tokens.len() && {
                let (s, e, _) = tokens[next];
                let word = &slice[s..e];
                // "the" joins only after "of", "for" or "and" ("Friends of the Earth"), never
                // on its own ("Agreement the Ashworth …").
                let allowed = !word.eq_ignore_ascii_case("the")
                    || previous_connector.is_some_and(|p| ascii_in(p, &["of", "for", "and", "&"]));
                let is_connector =
                    s != e && ascii_in(word, CONNECTORS) && !is_capitalised(word) && allowed;
                if is_connector {
                    previous_connector = Some(word);
                }
                is_connector
            } {
                next += 1;
            }
            if next < tokens.len()
                && tokens[next].0 != tokens[next].1
                && is_capitalised(&slice[tokens[next].0..tokens[next].1])
                // "Promotion Agreement Between Pagemaster Corporation and …": a title's
                // capitalised preposition ends the run; the names follow it.
                && !ascii_in(
                    &slice[tokens[next].0..tokens[next].1],
                    &["between", "among", "amongst", "by", "with", "from", "to", "dated"],
                )
            {
                last = next;
                k = next;
            } else {
                break;
            }
        }
        // Drop leading words that are not part of names.
        let mut first = t;
        while first <= last && {
            let (s, e, _) = tokens[first];
            s == e
                || LEADING_NON_NAME_SET.has_ascii(&slice[s..e])
                || ascii_in(&slice[s..e], CONNECTORS)
        } {
            first += 1;
        }
        if first <= last {
            // "Fernlea Trust and Oakham Youth Trust" is two names: split at a connector that
            // follows a complete organisation name.
            let mut from = first;
            for k in first + 1..last {
                let (s, e, _) = tokens[k];
                if ascii_in(&slice[s..e], &["and", "&"]) && k > from {
                    let before = &slice[tokens[from].0..tokens[k - 1].1];
                    let last_word = words(before).next_back().unwrap_or_default();
                    let next_is_the = tokens
                        .get(k + 1)
                        .is_some_and(|&(s, e, _)| slice[s..e].eq_ignore_ascii_case("the"));
                    if next_is_the
                        || ORG_ENDING_SET.has_lower(last_word)
                        || legal::has_form(before)
                        || ORG_WORD_SET.has_lower(last_word)
                    {
                        let words = tokens[from..k].iter().filter(|(s, e, _)| s != e).count();
                        out.push(Run {
                            span: Span::new(tokens[from].0, tokens[k - 1].1).shift(span.start),
                            words,
                        });
                        from = k + 1;
                        while from < last
                            && LEADING_NON_NAME_SET
                                .has_ascii(&slice[tokens[from].0..tokens[from].1])
                        {
                            from += 1;
                        }
                    }
                }
            }
            if from <= last {
                let words = tokens[from..=last]
                    .iter()
                    .filter(|(s, e, _)| s != e)
                    .count();
                out.push(Run {
                    span: Span::new(tokens[from].0, tokens[last].1).shift(span.start),
                    words,
                });
            }
        }
        t = last + 1;
    }
    join_forms(text, span, out)
}

/// A legal form after a comma belongs to the name before it ("Gulf South Medical Supply, Inc.",
/// "NETGEAR, INC.", "ZTO Express Co., Ltd."): join it to that run, and drop a run that is a
/// legal form alone ("Inc" with no name before it).
fn join_forms(text: &str, span: Span, runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    let mut covered = 0;
    for mut run in runs {
        if run.span.start < covered {
            continue;
        }
        if legal::is_form(&text[run.span.range()]) {
            continue;
        }
        if let Some(end) = legal::form_end(text, run.span.end).filter(|&end| end <= span.end) {
            // The form's closing dot stays only when it is not also the sentence's stop.
            let end = if text[..end].ends_with('.') && text[end..].trim_start().is_empty() {
                end - 1
            } else {
                end
            };
            run.words += text[run.span.end..end].split_whitespace().count();
            run.span = Span::new(run.span.start, end);
            covered = end;
        }
        out.push(run);
    }
    out
}

/// "Director of Housing Services", "Peer Support Team of Kingsmead NHS Trust": when the words
/// before an "of" are not an organisation and the words after are, the name is what follows.
pub(in crate::analyse) fn trim_title(text: &str, run: Run) -> Run {
    let name = &text[run.span.range()];
    if let Some(glued) = after_glued_title(name) {
        let start = run.span.end - glued.len();
        return Run {
            span: Span::new(start, run.span.end),
            words: words(glued).count(),
        };
    }
    // "Kite Hill Ltd of Perth", "Tidewater Mining Pty Ltd ACN 612 …": a legal form ends the
    // name when its place or its registration follows; not a word that names take "of" after
    // ("Insurance Corporation of America", "Insurance Company of North America").
    let mut previous = 0;
    for (count, (at, _)) in (1..).zip(name.match_indices(' ')) {
        let word = name[previous..at].trim_end_matches([',', '.']);
        let next = name[at + 1..].split(' ').next().unwrap_or_default();
        let takes_of = ["corporation", "company", "co", "incorporated"]
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w));
        let ends = next == "of" && !takes_of
            || ["ACN", "ABN", "ARBN", "CIN", "EIN", "CRN"].contains(&next);
        if count > 1 && ends && legal::is_form(word) {
            return Run {
                span: Span::new(run.span.start, run.span.start + at),
                words: count,
            };
        }
        previous = at + 1;
    }
    let Some(at) = name.find(" of ") else {
        return run;
    };
    let before = &name[..at];
    let mut after_start = at + 4;
    if name[after_start..].starts_with("the ") {
        after_start += 4;
    }
    let after = &name[after_start..];
    let title = words_lower(before)
        .last()
        .is_some_and(|w| TITLE_WORDS.contains(&w.as_str()));
    if title && !after.is_empty() && looks_like_org(after) {
        return Run {
            span: Span::new(run.span.start + after_start, run.span.end),
            words: words_lower(after).len(),
        };
    }
    run
}

/// "Chief Financial Officer Stremford Foods, LLC", "Brad Cole General Counsel Antwell Pharma,
/// Inc.": a signature block read as one line glues a person's title to the organisation's name.
/// The name is what follows the last title word, when that has a legal form or an
/// organisation's shape.
fn after_glued_title(name: &str) -> Option<&str> {
    const GLUED_TITLES: &[&str] = &[
        "officer",
        "president",
        "secretary",
        "treasurer",
        "counsel",
        "director",
        "manager",
        "specialist",
        "chairman",
        "signatory",
        "ceo",
        "cfo",
        "coo",
    ];
    let mut cut = None;
    for (i, _) in name.match_indices(' ') {
        let before = words(&name[..i]).next_back().unwrap_or_default();
        if lower_in(before, GLUED_TITLES) {
            cut = Some(i + 1);
        }
    }
    let rest = &name[cut?..];
    let rest = rest.strip_prefix("of ").unwrap_or(rest);
    (!rest.is_empty() && (legal::has_form(rest) || looks_like_org(rest))).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::{after_glued_title, runs};
    use crate::document::Span;

    fn names(text: &str) -> Vec<&str> {
        runs(text, Span::new(0, text.len()))
            .into_iter()
            .map(|r| &text[r.span.range()])
            .collect()
    }

    #[test]
    fn a_legal_form_after_a_comma_joins_its_name() {
        assert_eq!(
            names("made by Harlow Pine Supplies, Inc. and Crestbrook Ventures, L.P., today"),
            ["Harlow Pine Supplies, Inc.", "Crestbrook Ventures, L.P."]
        );
        assert_eq!(
            names("Supplied by NORTHWIND, INC."),
            ["Supplied", "NORTHWIND, INC"]
        );
        assert!(names("shares are held by Inc and LLC").is_empty());
        assert_eq!(names("Kite Hill, an independent charity"), ["Kite Hill"]);
        assert_eq!(
            names("Supply Agreement Between Orvale Corporation and Tessa Labs, Inc."),
            ["Supply Agreement", "Orvale Corporation", "Tessa Labs, Inc"]
        );
    }

    #[test]
    fn a_title_glued_before_a_name_is_cut_off() {
        assert_eq!(
            after_glued_title("Chief Financial Officer Stremford Foods, LLC"),
            Some("Stremford Foods, LLC")
        );
        assert_eq!(
            after_glued_title("Dana Reyes General Counsel Antwell Pharma, Inc."),
            Some("Antwell Pharma, Inc.")
        );
        assert_eq!(after_glued_title("Chief Executive Officer"), None);
        assert_eq!(after_glued_title("Hollin Valley Trust"), None);
    }
}
