//! Capitalised runs of words: the candidates for names, as byte ranges of the text.

use super::words::{
    CONNECTORS, LEADING_NON_NAME, ORG_ENDINGS, ORG_WORDS, TITLE_WORDS, ascii_in, is_capitalised,
    looks_like_org, lower_in, words, words_lower,
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
            s == e || ascii_in(&slice[s..e], LEADING_NON_NAME) || ascii_in(&slice[s..e], CONNECTORS)
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
                        || lower_in(last_word, ORG_ENDINGS)
                        || lower_in(last_word, ORG_WORDS) && words(before).count() > 1
                    {
                        let words = tokens[from..k].iter().filter(|(s, e, _)| s != e).count();
                        out.push(Run {
                            span: Span::new(tokens[from].0, tokens[k - 1].1).shift(span.start),
                            words,
                        });
                        from = k + 1;
                        while from < last
                            && ascii_in(&slice[tokens[from].0..tokens[from].1], LEADING_NON_NAME)
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
    out
}

/// "Director of Housing Services", "Peer Support Team of Kingsmead NHS Trust": when the words
/// before an "of" are not an organisation and the words after are, the name is what follows.
pub(in crate::analyse) fn trim_title(text: &str, run: Run) -> Run {
    let name = &text[run.span.range()];
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
