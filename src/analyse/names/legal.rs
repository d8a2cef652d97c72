//! Legal forms written after a name: "Gulf South Medical Supply, Inc.", "NETGEAR, INC.",
//! "Sandler O'Neill & Partners, L.P.", "Chase Bank USA, N.A.", "Eastgate Trust Ltd",
//! "Hartside Recovery CIO". A legal form makes a run of capitalised words an organisation's
//! name whatever its words, and belongs to the name even across the comma that often precedes
//! it.
//!
//! To add a legal form: a line in [`FORM`] (unambiguous forms case-insensitive; those that are
//! also ordinary words, like "AS" or "SE", only in capitals).

use std::sync::LazyLock;

use regex::Regex;

/// One legal form, with its dots, as it stands after a name (anchored; the caller gives the
/// text after the name's last word).
static FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:,\s*|\s+)(?:(?i:inc|incorporated|corp|corporation|ltd|limited|llc|l\.\s?l\.\s?c|lc|llp|l\.\s?l\.\s?p|lllp|lp|l\.\s?p|plc|p\.\s?l\.\s?c|pllc|p\.\s?c|n\.\s?a|n\.\s?v|b\.\s?v|s\.\s?a\.\s?s|s\.\s?a|sarl|s\.\s?a\.\s?r\.\s?l|gmbh|k\.\s?k|s\.\s?p\.\s?a|spa|s\.\s?r\.\s?l|srl|pty|pte|bhd|cic|cio|scio|ltda|lda|ulc|aktiengesellschaft)\b\.?|(?:A/S|S/A|ApS|AG|AS|AB|ASA|SA|NV|BV|KG|KK|SE|SL|Oy|Oyj|Co|CO)\b\.?)",
    )
    .expect("static regex")
});

/// Where a legal form after a name ends, if one follows `end` (up to two: "Co., Ltd.",
/// "Pty Ltd", "Sdn. Bhd.").
pub fn form_end(text: &str, end: usize) -> Option<usize> {
    // Called after every capitalised run: most are followed by no form, which a look at one
    // character tells without a search.
    if !text.get(end..).is_some_and(may_open_form) {
        return None;
    }
    searched_form_end(text, end)
}

/// [`form_end`] without its quick test.
fn searched_form_end(text: &str, end: usize) -> Option<usize> {
    let mut at = end;
    for _ in 0..2 {
        let rest = text.get(at..)?;
        let Some(m) = FORM.find(rest) else { break };
        // "Co" alone is a form only with its dot or before another form ("Co., Ltd.").
        let word = m.as_str().trim_start_matches([',', ' ', '\n', '\t']);
        // "a Delaware corporation", "a limited company": a description, not a form.
        if !word.starts_with(char::is_uppercase) {
            break;
        }
        if word.eq_ignore_ascii_case("co") && !rest[m.end()..].starts_with([',', '.']) {
            break;
        }
        at += m.end();
    }
    (at > end).then_some(at)
}

/// Whether `rest` can open with a form that [`form_end`] accepts: a comma or whitespace, then
/// (after any whitespace) a capital that begins one of [`FORM`]'s forms, as the forms are
/// written or case-folded ("K" is also the Kelvin sign). Any other start is no form.
fn may_open_form(rest: &str) -> bool {
    let after = match rest.strip_prefix(',') {
        Some(after) => after,
        None if rest.starts_with(char::is_whitespace) => rest,
        None => return false,
    };
    opens_form(after.trim_start())
}

/// Whether `word` starts with a capital that begins one of [`FORM`]'s forms.
fn opens_form(word: &str) -> bool {
    matches!(
        word.chars().next(),
        Some('A' | 'B' | 'C' | 'G' | 'I' | 'K' | 'L' | 'N' | 'O' | 'P' | 'S' | 'U' | '\u{212a}')
    )
}

/// Whether `word` is a legal form and nothing else ("Inc", "LLC", "L.P.", "GmbH"): written
/// alone it names no organisation.
pub fn is_form(word: &str) -> bool {
    let word = word.trim();
    // The quick test of `form_end`, before the copy it needs.
    opens_form(word)
        && form_end(&format!(" {word}"), 0)
            .is_some_and(|end| end > word.trim_end_matches('.').len())
}

/// Whether `name` ends with a legal form.
pub fn has_form(name: &str) -> bool {
    let words: Vec<&str> = name.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    // The length of the first `i` words joined by spaces, without joining them unless a form
    // follows there.
    let mut head_len = 0;
    (1..words.len()).any(|i| {
        head_len += words[i - 1].len() + usize::from(i > 1);
        form_end(name, head_len).is_some_and(|end| end >= name.trim_end().len())
            && name.starts_with(&words[..i].join(" "))
    })
}

#[cfg(test)]
mod tests {
    use super::{form_end, has_form, is_form};

    fn extended(text: &str, name_end: usize) -> &str {
        &text[..form_end(text, name_end).unwrap_or(name_end)]
    }

    #[test]
    fn forms_join_the_name_across_the_comma() {
        let text = "Gulf South Medical Supply, Inc. (\"GSMS\"), a corporation";
        assert_eq!(extended(text, 25), "Gulf South Medical Supply, Inc.");
        let text = "Sandler O'Neill & Partners, L.P., a Delaware partnership";
        assert_eq!(extended(text, 26), "Sandler O'Neill & Partners, L.P.");
        let text = "Chase Bank USA, N.A. (Chase) and you";
        assert_eq!(extended(text, 14), "Chase Bank USA, N.A.");
        let text = "NETGEAR, INC., a Delaware corporation";
        assert_eq!(extended(text, 7), "NETGEAR, INC.");
        let text = "Hartside Recovery CIO of 4 Mill Lane";
        assert_eq!(extended(text, 17), "Hartside Recovery CIO");
        let text = "Shenzhen Widgets Co., Ltd. and";
        assert_eq!(extended(text, 16), "Shenzhen Widgets Co., Ltd.");
    }

    #[test]
    fn ordinary_words_are_not_forms() {
        for text in [
            "Eastgate Trust, as agent for",
            "Kite Hill, an independent",
            "Oakham Youth Club, se",
            "Smith, co-ordinator",
            "Acme, company number 1234",
            "Ordo Labs, a Delaware corporation",
        ] {
            let comma = text.find(',').unwrap();
            assert_eq!(form_end(text, comma), None, "{text}");
        }
        assert_eq!(form_end("Delaware corporation", 8), None);
        assert!(has_form("Bizzingo, Inc"));
        assert!(has_form("Leo Pharma A/S"));
        for form in ["Inc", "LLC", "L.P.", "GmbH", "Ltd.", "PLC", "Corporation"] {
            assert!(is_form(form), "{form}");
        }
        for word in ["Inca", "Limits", "Company", "Trust", ""] {
            assert!(!is_form(word), "{word}");
        }
        assert!(has_form("Eastgate Mentoring Network Ltd"));
        assert!(!has_form("Eastgate Mentoring Network"));
    }

    #[test]
    fn no_form_opens_with_a_character_the_quick_test_rules_out() {
        // Every form of FORM, as written there (the quick test must not drop any of them).
        let forms = "inc incorporated corp corporation ltd limited llc l.l.c lc llp l.l.p lllp lp \
                     l.p plc p.l.c pllc p.c n.a n.v b.v s.a.s s.a sarl s.a.r.l gmbh k.k s.p.a spa \
                     s.r.l srl pty pte bhd cic cio scio ltda lda ulc aktiengesellschaft A/S S/A \
                     ApS AG AS AB ASA SA NV BV KG KK SE SL Oy Oyj Co. CO.";
        for form in forms.split_whitespace() {
            let mut chars = form.chars();
            let first = chars.next().unwrap_or(' ');
            let tail = chars.as_str();
            // The form as written, in capitals, and after every other first character.
            assert!(form_end(&format!(" {}{tail}", first.to_ascii_uppercase()), 0).is_some());
            for c in (0..0x2200).filter_map(char::from_u32) {
                for separator in [" ", ", "] {
                    let text = format!("{separator}{c}{tail}");
                    if super::searched_form_end(&text, 0).is_some() {
                        assert!(super::may_open_form(&text), "{text:?}");
                    }
                }
            }
        }
    }
}
