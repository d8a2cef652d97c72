//! The parties of an agreement, read from where agreements name them:
//! - the **parties clause**: "made … between A and B", "by and between A, a Delaware
//!   corporation ("A"), and B ("B")", "by and among A, B and C", "The parties are: …";
//! - a **parties block**: "PARTIES" or "Between:" followed by one party a line or list item
//!   ("(1) NORTHGATE WORKS LIMITED, a company … ("the Lead Provider")", "AND", "(2) …");
//! - **signature blocks**: "Signed for and on behalf of A", "For and on behalf of: A", and a
//!   name line followed by "By:" / "Name:" / "Signature" lines.
//!
//! Each party is a name (a run of capitalised words, with its legal form across a comma:
//! "Gulf South Medical Supply, Inc.") and the terms defined for it in its own part of the clause
//! ("GSMS", the "Lead Provider", hereinafter "Company"). A party without a legal form or an
//! organisation word is still a party (a trust, a council, a person who contracts in their own
//! name); [`Party::person`] says when it looks like a person's name.
//!
//! To read a new shape of parties clause: find where its party list starts (a cue in
//! [`CUE`] or a block marker in [`BLOCK_MARK`]) and let [`segments`] cut it into one piece a
//! party; each piece is read by [`party_at`].

use std::sync::LazyLock;

use regex::Regex;

use super::names::legal;
use super::names::runs::runs;
use super::names::shape::{Lexicon, is_clause_title, is_office};
use super::names::words::{ORG_ENDINGS, ORG_WORDS, looks_like_org, lower_in, name_key, words};
use super::text::{head, window};
use crate::document::{Block, BlockKind, Document, Span};

/// A party to the agreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Party {
    /// The name where the party is introduced, legal form included.
    pub name: Span,
    /// Terms defined for the party ("GSMS", "Lead Provider"), as written, without quotes or
    /// "the".
    pub aliases: Vec<(String, Span)>,
    /// The name looks like a person's (two or three capitalised words, no legal form or
    /// organisation word).
    pub person: bool,
}

/// How far into a document the parties clause may start (bytes): it opens an agreement.
const OPENING: usize = 12_000;
/// How much of a parties clause is read after its cue (bytes).
const CLAUSE: usize = 2_500;

/// Words that introduce the list of parties in running text.
static CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:by\s+and\s+)?between|(?:by\s+and\s+)?among(?:st)?|entered\s+into\s+by(?:\s+and\s+(?:between|among(?:st)?))?|(?:the\s+)?parties(?:\s+to\s+this\s+\w+)?\s+are)\s*:?\s*")
        .expect("static regex")
});

/// Words in the sentence before a cue that make it a parties clause: the sentence makes or
/// dates an instrument ("This Agreement is made between", "entered into … by and between"),
/// or the cue follows the instrument's own name ("Memorandum of Understanding between", "this
/// Grant Agreement (the “Agreement”) between"). So "referrals rose between 2019 and 2024",
/// "costs to be agreed between the Subcontractor and the Pantry" and "Contract review meetings
/// between the parties and the Council" are not one.
static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:made|entered|dated|executed|concluded|signed|effective)(?-u:\b)|(?-u:\b)(?:agreement|contract|subcontract|memorandum(?:\s+of\s+(?:understanding|agreement))?|mou|deed|letter\s+of\s+\w+|licen[cs]e|lease|charter|protocol|accord|arrangement)\W*(?:\([^)]*\)\W*)?(?:is\s+)?$|(?-u:\b)(?:agreement|contract|memorandum|mou|deed|letter)(?-u:\b).*(?-u:\b)(?:is|are)\s*$")
        .expect("static regex")
});

/// A block that opens a parties list, one party a block after it ("PARTIES", "Between:",
/// "This Agreement is dated 1 May 2025 and made between:").
static BLOCK_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:the\s+)?(?:parties|between|by\s+and\s+between)\W*$|(?-u:\b)(?:between|among)\W*$|(?-u:\b)(?:between|among)(?-u:\b)[^.]*:\s*$")
        .expect("static regex")
});

/// Where a parties clause ends: the recitals or the first operative words.
static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?-u:\b)WHEREAS(?-u:\b)|(?-u:\b)RECITALS?(?-u:\b)|(?-u:\b)BACKGROUND(?-u:\b)|(?i:(?-u:\b)now,?\s+therefore(?-u:\b)|(?-u:\b)witnesseth(?-u:\b)|(?-u:\b)it\s+is\s+(?:hereby\s+)?agreed(?-u:\b)|(?-u:\b)the\s+parties\s+(?:hereby\s+)?agree(?-u:\b)|(?-u:\b)agree\s+as\s+follows(?-u:\b)))")
        .expect("static regex")
});

/// A marker numbering the parties: "(1)", "1.", "(a)", "(i)".
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\(\s*(?:\d{1,2}|[a-hA-H]|i{1,3}|iv)\s*\)|\d{1,2}[.)])\s*")
        .expect("static regex")
});

/// A defined term in quotes: straight or curly, double or single.
static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"["“”]\s*([^"“”]{1,60}?)\s*["“”]|(?:^|[\s(])['‘]((?:the\s+)?[A-Z][^'’]{0,58}?)['’](?:[\s),;:.]|$)"#,
    )
    .expect("static regex")
});

/// A bracketed acronym after a name: "(EMN)", "(the SWA)".
static ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,?\s*\(\s*(?:the\s+)?([A-Z][A-Za-z0-9&]{1,9})\s*\)").expect("static regex")
});

/// Signature-block wording before a party's name.
/// The word a signature line cannot do without.
static BEHALF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)behalf").expect("static regex"));

static SIGNED_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(?:signed|executed)\s+)?for\s+and\s+on\s+behalf\s+of\s*:?\s*(?:the\s+)?",
    )
    .expect("static regex")
});

/// The lines under a party's name in a signature block.
static SIGNATURE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:by|name|signature|signed|print\s+name|authori[sz]ed\s+signatory)(?-u:\b)\s*[:_.]",
    )
    .expect("static regex")
});

/// Defined terms that name every party or the agreement itself, not one party.
fn is_group_term(term: &str) -> bool {
    let t = term.trim().to_ascii_lowercase();
    let t = t.strip_prefix("the ").unwrap_or(&t);
    matches!(
        t,
        "party"
            | "parties"
            | "each party"
            | "agreement"
            | "this agreement"
            | "contract"
            | "effective date"
            | "affiliate"
            | "affiliates"
            | "member"
            | "members"
            | "partners"
    )
}

/// Whether `name` is a term the document defines in quotes ("the “Buyer”", ("Supplier")): a
/// party's defined term standing where its name would, not a name.
fn is_defined_term(text: &str, name: &str) -> bool {
    [('“', '”'), ('"', '"'), ('‘', '’'), ('\'', '\'')]
        .iter()
        .any(|(open, close)| text.contains(&format!("{open}{name}{close}")))
}

/// "we", "us", "you": a term a clause may define for a party ("(“we”, “us” or “our”)"), never a
/// party's name.
fn is_pronoun(term: &str) -> bool {
    matches!(
        term.trim().to_ascii_lowercase().as_str(),
        "we" | "us" | "our" | "you" | "your" | "i" | "me"
    )
}

/// The parties of `doc`, in the order they are introduced; empty for a document that names
/// none in any of the usual shapes.
/// `lexicon` holds the words the document writes in lower case.
pub fn find(doc: &Document, lexicon: &Lexicon) -> Vec<Party> {
    let mut found = Vec::new();
    parties_clause(doc, &mut found);
    if found.is_empty() {
        agreeing_clause(doc, &mut found);
    }
    parties_block(doc, &mut found);
    labelled_parties(doc, &mut found);
    signatures(doc, &mut found);
    // "NOW THEREFORE", "Company", "RECITALS", "Chief Executive Officer": words that stand where
    // a party's name would, and a legal form would make a name.
    found.retain(|party| {
        let name = doc.slice(party.name);
        legal::has_form(name)
            || !(lexicon.is_common_phrase(name)
                || is_clause_title(name)
                || is_office(name)
                || is_defined_term(&doc.text, name))
    });
    let mut out: Vec<Party> = Vec::new();
    for party in found {
        let key = name_key(doc.slice(party.name));
        match out.iter_mut().find(|p| name_key(doc.slice(p.name)) == key) {
            Some(known) => {
                for alias in party.aliases {
                    if !known.aliases.iter().any(|(a, _)| *a == alias.0) {
                        known.aliases.push(alias);
                    }
                }
            }
            None => out.push(party),
        }
    }
    out
}

/// The blocks that start within the opening of `doc`, where agreements name their parties.
fn opening(doc: &Document) -> impl Iterator<Item = &Block> {
    doc.blocks
        .iter()
        .take_while(|block| block.span.start <= OPENING)
}

/// "… between A and B …" in the opening blocks.
fn parties_clause(doc: &Document, out: &mut Vec<Party>) {
    let text = &doc.text;
    let mut clauses = 0;
    for block in opening(doc) {
        if matches!(block.kind, BlockKind::Table(_)) {
            continue;
        }
        let block_text = doc.slice(block.span);
        for cue in CUE.find_iter(block_text) {
            if !opens_clause(&block_text[..cue.start()]) {
                continue;
            }
            let from = block.span.start + cue.end();
            let to = clause_end(
                text,
                from,
                from + window(text, from, CLAUSE).len().min(block.span.end - from),
            );
            let before = out.len();
            for piece in segments(text, Span::new(from, to)) {
                if let Some(party) = party_at(text, piece) {
                    out.push(party);
                }
            }
            // "between the parties", "the difference between …": a cue is a parties clause
            // only when a name follows it. Title lines and running headers ("Agreement between
            // A and B") may come before the clause that defines their terms: read on until a
            // clause defines one, up to five.
            if out.len() > before {
                clauses += 1;
                let defines = out[before..].iter().any(|p| !p.aliases.is_empty());
                if clauses == 5 || defines && clauses >= 3 {
                    return;
                }
                break;
            }
        }
    }
}

/// The end of a sentence in which the parties named before it agree ("…, agree as follows:",
/// "… hereby agree that", "… have agreed:").
static AGREE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[\s,]*(?:each\s+)?(?:hereby\s+)?(?:(?:agree|covenant)\s+(?:as\s+follows|that|:)|have\s+agreed(?-u:\b))")
        .expect("static regex")
});

/// "Synchron, a California corporation …, and Rare Element Resources Ltd., a British Columbia
/// corporation … (the "Company"), agree as follows:": a block of the opening that starts with a
/// party and names the parties as the subject of their agreeing, with no "between" before
/// them. Read only when no parties clause was found, and only when it names two parties or
/// more, the first where the block starts.
fn agreeing_clause(doc: &Document, out: &mut Vec<Party>) {
    let text = &doc.text;
    for block in opening(doc) {
        if !matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::ListItem { .. }
        ) {
            continue;
        }
        let block_text = window(text, block.span.start, CLAUSE.min(block.span.len()));
        let Some(agree) = AGREE.find(block_text) else {
            continue;
        };
        let clause = Span::new(block.span.start, block.span.start + agree.start());
        let found: Vec<Party> = segments(text, clause)
            .into_iter()
            .filter_map(|piece| party_at(text, piece))
            .collect();
        let opens = found.first().is_some_and(|first| {
            text[block.span.start..first.name.start]
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .is_empty()
        });
        // "Party A and Party B agree as follows": labels, not names. A party here is told by
        // its legal form or the term defined for it.
        let named = found
            .iter()
            .all(|p| !p.aliases.is_empty() || legal::has_form(&text[p.name.range()]));
        if found.len() >= 2 && opens && named {
            out.extend(found);
            return;
        }
    }
}

/// Whether a cue preceded by `before` (its block up to the cue) opens a parties clause: the
/// cue starts its block ("Between:"), or the sentence it is in makes an instrument.
fn opens_clause(before: &str) -> bool {
    // A sentence ends at a stop followed by a capital ("… in 2024. Referrals rose between"),
    // so "Inc. and" and "Corp., a Delaware" do not end one.
    let sentence_start = before
        .char_indices()
        .rfind(|&(i, c)| {
            matches!(c, '.' | ';' | '!' | '?') && {
                let rest = &before[i + 1..];
                let next = rest.trim_start();
                next.len() < rest.len() && next.starts_with(|c: char| c.is_uppercase())
            }
        })
        .map_or(0, |(i, _)| i + 1);
    let sentence = &before[sentence_start..];
    sentence.trim().is_empty() || LEAD_IN.is_match(sentence)
}

/// Where the parties clause that starts at `from` ends: at the recitals, or at the end of its
/// sentence, within `limit`.
fn clause_end(text: &str, from: usize, limit: usize) -> usize {
    let piece = &text[from..limit];
    let mut end = CLAUSE_END.find(piece).map_or(piece.len(), |m| m.start());
    let bytes = piece.as_bytes();
    let mut depth = 0i32;
    for (i, &b) in bytes.iter().enumerate().take(end) {
        match b {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b'.' if depth <= 0 && sentence_ends(piece, i) => {
                end = i + 1;
                break;
            }
            _ => {}
        }
    }
    from + end
}

/// A full stop that ends a sentence: followed by a space and a capital, and not after a legal
/// form, an initial or an abbreviation.
fn sentence_ends(piece: &str, at: usize) -> bool {
    let after = &piece[at + 1..];
    let next = after.trim_start_matches([' ', '\n', '"', '”', '’', ')']);
    if after.len() == next.len() || !next.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    // "… Yokneam, Israel. Hereinafter referred to as “Customer”": the party's term, still its
    // part of the clause.
    let opener = next.get(..10).unwrap_or(next).to_ascii_lowercase();
    if opener.starts_with("hereinafte") || opener.starts_with("hereafter") {
        return false;
    }
    // "Apt. 4, Bl. D, Scara C", "J. R. Hale": one capital alone, then a comma, bracket or
    // stop, is part of an address or a name; no sentence starts so.
    let mut letters = next.chars();
    if letters.next().is_some_and(char::is_uppercase)
        && letters
            .next()
            .is_some_and(|c| [',', ')', '.', ';'].contains(&c))
    {
        return false;
    }
    let word = piece[..at]
        .rsplit(|c: char| c.is_whitespace() || c == ',' || c == '(')
        .next()
        .unwrap_or("");
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    if bare.chars().filter(|c| c.is_alphabetic()).count() <= 1 || bare.contains('.') {
        return false;
    }
    legal::form_end(&format!(" {bare}."), 0).is_none()
        && !matches!(
            bare.to_ascii_lowercase().as_str(),
            "no" | "nos"
                | "st"
                | "mr"
                | "mrs"
                | "ms"
                | "dr"
                | "jr"
                | "sr"
                | "co"
                | "corp"
                | "inc"
                | "ltd"
                | "bros"
                | "vs"
                | "etc"
                | "u.s"
                | "approx"
                // Addresses: "Av. Diagonal, 549", "Suite 3, Bldg. 2", "Apt. 43".
                | "av"
                | "ave"
                | "rd"
                | "blvd"
                | "apt"
                | "ste"
                | "fl"
                | "bldg"
                | "hwy"
                | "nr"
                | "dept"
        )
}

/// Cut a parties clause into one piece a party: at "; ", at "and" or "," before the next
/// party's number or name, outside brackets and quotes.
fn segments(text: &str, clause: Span) -> Vec<Span> {
    let piece = &text[clause.range()];
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    let mut quoted = false;
    let mut i = 0;
    while i < piece.len() {
        let rest = &piece[i..];
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            '"' => quoted = !quoted,
            '“' => quoted = true,
            '”' => quoted = false,
            _ => {}
        }
        if depth == 0 && !quoted {
            let split = if c == ';' {
                Some(1)
            } else if (c == ' ' || c == ',' || c == '\n')
                && let Some(len) = and_next(rest)
                && !joins_places(text, &piece[..i], clause.start + i + len)
                && !inside_shouted_name(&piece[..i], rest)
            {
                Some(len)
            } else if rest.starts_with(", ")
                && legal::form_end(piece, i).is_none()
                && rest[2..].starts_with(|c: char| c.is_uppercase())
                && is_bare_name(text, Span::new(clause.start + start, clause.start + i))
            {
                // "A, B and C": a list of bare names.
                Some(2)
            } else if c == '\n' && NUMBER.is_match(&rest[1..]) {
                Some(1)
            } else {
                None
            };
            if let Some(len) = split {
                out.push(Span::new(clause.start + start, clause.start + i));
                start = i + len;
                i += len;
                continue;
            }
        }
        i += c.len_utf8();
    }
    out.push(Span::new(clause.start + start, clause.end));
    out
}

/// Whether the "and" before `next` (a text offset) joins two places inside a party's details
/// ("incorporated in England and Wales", "offices at Berlin and Munich") rather than two
/// parties: a preposition and a capitalised word before it, and after it a name with no
/// organisation's shape.
fn joins_places(text: &str, before: &str, next: usize) -> bool {
    let mut back = before.split_whitespace().rev();
    let (Some(place), Some(preposition)) = (back.next(), back.next()) else {
        return false;
    };
    let place = place.trim_end_matches(',');
    if !matches!(
        preposition,
        "in" | "at" | "of" | "for" | "from" | "near" | "across" | "throughout"
    ) || !place.starts_with(|c: char| c.is_uppercase())
        || !place.chars().all(|c| c.is_alphabetic() || c == '-')
    {
        return false;
    }
    if !text.is_char_boundary(next) {
        return false;
    }
    let mut stop = text.len().min(next + 120);
    while !text.is_char_boundary(stop) {
        stop -= 1;
    }
    let Some(run) = runs(text, Span::new(next, stop))
        .into_iter()
        .next()
        .filter(|run| run.span.start == next)
    else {
        return false;
    };
    let name = &text[run.span.range()];
    let end = legal::form_end(text, run.span.end).unwrap_or(run.span.end);
    !(looks_like_org(name) || legal::has_form(&text[run.span.start..end]))
}

/// Whether an "AND" in capitals joins words of one name written in capitals ("LOUISVILLE GAS
/// AND ELECTRIC COMPANY"), not two parties: the words on both sides are in capitals and the
/// name before it has not ended (no legal form or organisation ending, no bracket or quote).
fn inside_shouted_name(before: &str, rest: &str) -> bool {
    let shouted =
        |w: &str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    let Some(last) = before.split_whitespace().next_back() else {
        return false;
    };
    let Some(next) = rest.trim_start().strip_prefix("AND").map(str::trim_start) else {
        return false;
    };
    let next_word = next.split_whitespace().next().unwrap_or("");
    let bare = last.trim_end_matches(['.', ',']);
    shouted(last)
        && shouted(next_word)
        && !last.ends_with([')', '"', '”', ','])
        && legal::form_end(&format!(" {bare}"), 0).is_none()
        && !lower_in(bare, ORG_ENDINGS)
}

/// Whether `span` holds nothing but a name (after a number, "and" or "the").
fn is_bare_name(text: &str, span: Span) -> bool {
    let raw = &text[span.range()];
    let skip = NUMBER.find(raw).map_or(0, |m| m.end());
    let rest = raw[skip..].trim_start_matches([' ', ',', '\n']);
    let rest = rest
        .strip_prefix("and ")
        .or_else(|| rest.strip_prefix("the "))
        .unwrap_or(rest);
    let start = span.end - rest.len();
    runs(text, Span::new(start, span.end))
        .first()
        .is_some_and(|run| run.span.start == start && run.span.end == span.end)
}

/// At a space or comma: the length of ", and " / " and " / ", " (with an optional
/// "(2)"-style number) when the next party's name or number follows it.
fn and_next(rest: &str) -> Option<usize> {
    let lower = rest.get(..12).unwrap_or(rest).to_ascii_lowercase();
    let len = [
        ", on the other hand, and ",
        ", on the one hand, and ",
        ", and ",
        "\nand\n",
        " and\n",
        "\nand ",
        " and ",
        ", ",
        "\n",
    ]
    .into_iter()
    .find(|sep| lower.starts_with(sep) || rest.to_ascii_lowercase().starts_with(sep))?
    .len();
    let next = &rest[len..];
    if NUMBER.is_match(next) {
        return Some(len);
    }
    // After a bare comma only a number may follow: "A, B and C" are read by the names.
    if len == 2 {
        return None;
    }
    let next = next.trim_start();
    let next = next.strip_prefix("the ").unwrap_or(next);
    // "represented by its Chief Executive Officer … and Chief Technology Officer …": an
    // office held in the party, not the next party.
    let office = next
        .split(|c: char| !(c.is_alphanumeric() || c == ' ' || c == '-'))
        .next()
        .is_some_and(is_office);
    (next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) && !office).then_some(len)
}

/// The party named at the start of `piece`, with the terms defined for it in the piece.
fn party_at(text: &str, piece: Span) -> Option<Party> {
    let raw = &text[piece.range()];
    // Skip a number, "and", "the" and punctuation before the name.
    let mut skip = NUMBER.find(raw).map_or(0, |m| m.end());
    let mut after_the = false;
    loop {
        let rest = &raw[skip..];
        // A name may be quoted ("made between “Elephant Talk Communication Holding AG”, a
        // company …").
        let trimmed = rest
            .trim_start_matches(|c: char| c.is_whitespace() || [',', ':', '"', '“'].contains(&c));
        skip += rest.len() - trimmed.len();
        let lower = trimmed.get(..4).unwrap_or("").to_ascii_lowercase();
        if lower.starts_with("and ") {
            skip += 4;
        } else if lower.starts_with("the ") && !trimmed.starts_with("THE ") {
            // "the Company" is a defined term of an earlier party; "THE JOINT CORP" a name.
            skip += 4;
            after_the = true;
        } else {
            break;
        }
    }
    let start = piece.start + skip;
    let first = runs(text, Span::new(start, piece.end))
        .into_iter()
        .next()
        .filter(|run| run.span.start == start)?;
    let mut end = legal::form_end(text, first.span.end).unwrap_or(first.span.end);
    // "Corp." when the form is one of the run's own words: its full stop is part of it.
    if text[end..].starts_with('.') && legal::has_form(&format!("{}.", &text[start..end])) {
        end += 1;
        // "Hexi Garments Co., Ltd.": a second form after the first's full stop.
        if let Some(more) = legal::form_end(text, end) {
            end = more;
        }
    }
    // A form read past the piece (a signature block's "ACME DISTRIBUIDORA" with "LTDA." in the
    // next paragraph) ends with the piece: the rest of this reading stays inside it.
    let end = end.min(piece.end);
    let name = Span::new(start, end);
    let name_text = &text[name.range()];
    // "between the Buyer and the Supplier": one word after "the" is a defined term, not a name.
    if after_the && words(name_text).count() == 1 && !legal::has_form(name_text) {
        return None;
    }
    if name_text.len() < 2
        || is_group_term(name_text)
        || is_pronoun(name_text)
        || is_not_a_party(name_text)
    {
        return None;
    }
    // The terms defined for the party come after the quote that closes a quoted name.
    let quoted_name = raw[..skip].ends_with(['"', '“']);
    let end = match text[end..].chars().next() {
        Some(close @ ('"' | '”')) if quoted_name => (end + close.len_utf8()).min(piece.end),
        _ => end,
    };
    let mut aliases = Vec::new();
    if let Some(a) = ACRONYM
        .captures(&text[end..piece.end])
        .and_then(|m| m.get(1))
    {
        aliases.push((
            a.as_str().to_string(),
            Span::new(end + a.start(), end + a.end()),
        ));
    }
    for c in QUOTED.captures_iter(&text[end..piece.end]) {
        let Some(term) = c.get(1).or_else(|| c.get(2)) else {
            continue;
        };
        let term_text = term.as_str().trim();
        let bare = term_text
            .strip_prefix("the ")
            .or_else(|| term_text.strip_prefix("The "))
            .unwrap_or(term_text);
        if bare.is_empty() || is_group_term(bare) || aliases.iter().any(|(a, _)| a == bare) {
            continue;
        }
        let at = end + term.start() + (term_text.len() - bare.len());
        aliases.push((bare.to_string(), Span::new(at, at + bare.len())));
    }
    // "… having its principal place of business at 333 Twin Dolphin Drive, USA (Licensee)", "a
    // Nevada Corporation (the COMPANY)": a term in brackets without quotes, when the piece
    // defines no quoted one and the text goes on to use it ("Licensee shall …").
    if aliases.is_empty()
        && let Some(group) = BARE_TERM.captures_iter(&text[end..piece.end]).last()
        && let Some(term) = group.get(1)
    {
        let term_text = term.as_str();
        let later = &text[piece.end..];
        let used = later.match_indices(term_text).any(|(at, _)| {
            let before = later[..at].chars().next_back();
            let after = later[at + term_text.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        });
        if used && !is_group_term(term_text) && !is_not_a_party(term_text) {
            let at = end + term.start();
            aliases.push((term_text.to_string(), Span::new(at, at + term_text.len())));
        }
    }
    Some(Party {
        name,
        aliases,
        person: is_person(name_text),
    })
}

/// A bracketed term without quotes at the end of a party's piece: "(Licensee)", "(the COMPANY)".
static BARE_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(\s*(?:the\s+)?([A-Z][A-Za-z]{2,20}(?:\s+[A-Z][A-Za-z]{2,20})?)\s*\)\W*$")
        .expect("static regex")
});

/// Whether `rest`, the words after a name at the start of a block, introduce a party as
/// parties lists do: nothing more, its details ("(company no. …)", ", a Delaware
/// corporation", "of 12 Abbey Walk", "whose registered office", "trading as"), or the next
/// party. A sentence ("Background The Supplier wishes …") or a definition ("Business Day: a
/// day …") is not a party's line, and ends the list.
fn introduces_party(rest: &str) -> bool {
    let rest = rest.trim_start();
    if rest.is_empty() || rest.starts_with([',', '(', ';', '[', '“', '"', '\'', '‘']) {
        return true;
    }
    let first = words(rest).next().unwrap_or("");
    lower_in(
        first,
        &[
            "of",
            "a",
            "an",
            "whose",
            "incorporated",
            "registered",
            "having",
            "trading",
            "acting",
            "and",
            "being",
            "company",
            "charity",
            "hereinafter",
            "located",
            "with",
            "at",
            "ltd",
            "limited",
            "inc",
            "llc",
            "plc",
            "cic",
            "cio",
            "acn",
            "abn",
            "no",
            "number",
        ],
    )
}

/// Names that stand where a party would but are not one: "the undersigned", a title.
fn is_not_a_party(name: &str) -> bool {
    let first = words(name).next().unwrap_or("");
    lower_in(
        first,
        &[
            "undersigned",
            "whereas",
            "agreement",
            "this",
            "schedule",
            "exhibit",
            "clause",
            "section",
            "article",
            "dated",
            "date",
            "effective",
            "page",
        ],
    )
}

/// Two or three capitalised words with no legal form or organisation word: a person's name.
fn is_person(name: &str) -> bool {
    let count = words(name).count();
    (2..=3).contains(&count)
        && !legal::has_form(name)
        && !words(name).any(|w| lower_in(w, ORG_WORDS) || lower_in(w, ORG_ENDINGS))
        && words(name).all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        })
}

/// "PARTIES" / "Between:" followed by one party a block, "AND" between them.
fn parties_block(doc: &Document, out: &mut Vec<Party>) {
    let text = &doc.text;
    let mut open = false;
    for block in opening(doc) {
        let block_text = doc.slice(block.span);
        if BLOCK_MARK.is_match(block_text) {
            open = true;
            continue;
        }
        if !open {
            continue;
        }
        let trimmed = block_text.trim();
        if trimmed.eq_ignore_ascii_case("and") || trimmed.is_empty() {
            continue;
        }
        if CLAUSE_END.is_match(head(block_text, 40))
            || matches!(block.kind, BlockKind::Heading { .. }) && !NUMBER.is_match(block_text)
        {
            open = false;
            continue;
        }
        let end = clause_end(text, block.span.start, block.span.end);
        // A line may name more than one party ("A, of …, hereinafter “Customer” And B, of …"):
        // cut it as a parties clause is cut, when every piece after the first opens with a name
        // shaped as an organisation's ("FLEXTRONICS ISRAEL LTD."); otherwise the line is one
        // party's ("… registered with the Charity Commission for England and Wales …").
        let whole = Span::new(block.span.start, end);
        let pieces = segments(text, whole);
        let shaped = pieces.iter().skip(1).all(|&piece| {
            party_at(text, piece).is_some_and(|party| {
                let name = &text[party.name.range()];
                legal::has_form(name) || looks_like_org(name)
            })
        });
        let pieces = if shaped { pieces } else { vec![whole] };
        let mut named = false;
        for piece in pieces {
            match party_at(text, piece)
                .filter(|party| introduces_party(&text[party.name.end..piece.end]))
            {
                Some(party) => {
                    out.push(party);
                    named = true;
                }
                None => break,
            }
        }
        if !named {
            open = false;
        }
    }
}

/// A party's label before its name: "Party A (Shipper): ZTO Express Co., Ltd.", "Party 2:
/// Tonglu Logistics Ltd.". The label is a term for the party, and so is the role in brackets.
static PARTY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\W*(Party\s+(?:[A-H]|[1-9]|One|Two|Three))\s*(?:\(\s*([A-Z][A-Za-z -]{1,30}?)\s*\))?\s*[:：]\s*")
        .expect("static regex")
});

/// Parties named after a label, one a line, in the opening blocks.
fn labelled_parties(doc: &Document, out: &mut Vec<Party>) {
    let text = &doc.text;
    for block in opening(doc) {
        let block_text = doc.slice(block.span);
        // Every label opens with "Party": most blocks fail this before the regex runs.
        if !block_text
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .starts_with("Party ")
        {
            continue;
        }
        let Some(label) = PARTY_LABEL.captures(block_text) else {
            continue;
        };
        let from = block.span.start + label.get(0).map_or(0, |m| m.end());
        let end = clause_end(text, from, block.span.end);
        let Some(mut party) = party_at(text, Span::new(from, end)) else {
            continue;
        };
        for term in [label.get(1), label.get(2)].into_iter().flatten() {
            let span = Span::new(
                block.span.start + term.start(),
                block.span.start + term.end(),
            );
            party.aliases.push((term.as_str().to_string(), span));
        }
        out.push(party);
    }
}

/// Parties named in signature blocks.
fn signatures(doc: &Document, out: &mut Vec<Party>) {
    let text = &doc.text;
    // One pass over the text for the word every "signed for and on behalf of" holds; most
    // documents have none.
    let behalf = BEHALF.is_match(text);
    // Whether each block is a "By:" / "Name:" line, read once.
    let signature_line: Vec<bool> = doc
        .blocks
        .iter()
        .map(|b| {
            let t = doc.slice(b.span);
            t.len() <= 200 && SIGNATURE_LINE.is_match(t)
        })
        .collect();
    for (index, block) in doc.blocks.iter().enumerate() {
        let block_text = doc.slice(block.span);
        if behalf {
            for m in SIGNED_FOR.find_iter(block_text) {
                let from = block.span.start + m.end();
                if let Some(party) = party_at(text, Span::new(from, block.span.end)) {
                    out.push(Party {
                        aliases: Vec::new(),
                        ..party
                    });
                }
            }
        }
        // A name line with "By:" / "Name:" under it.
        let short = block_text.len() <= 120 && !block_text.contains(". ");
        let signed_below = signature_line
            .get(index + 1..(index + 3).min(signature_line.len()))
            .unwrap_or(&[])
            .contains(&true);
        if short && signed_below && !signature_line[index] {
            let lead = block_text.len() - block_text.trim_start().len();
            let start = block.span.start + lead;
            if let Some(party) = party_at(text, Span::new(start, block.span.end))
                && legal::has_form(doc.slice(party.name))
            {
                out.push(Party {
                    aliases: Vec::new(),
                    ..party
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::find;
    use crate::extract::markdown;

    /// Each party's name and aliases.
    fn parties(text: &str) -> Vec<(String, Vec<String>)> {
        let doc = markdown::extract(PathBuf::from("t.md"), text.to_string(), Vec::new());
        find(&doc, &super::Lexicon::of(&doc.text))
            .into_iter()
            .map(|p| {
                (
                    doc.slice(p.name).to_string(),
                    p.aliases.into_iter().map(|(a, _)| a).collect(),
                )
            })
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        parties(text).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn a_us_style_clause_gives_names_with_their_forms_and_terms() {
        let text = "THIS NETWORK AFFILIATE AGREEMENT (this “Agreement”) is made as of this 14th day of March, 2011 by and between National CineMedia, LLC, a Delaware limited liability company (“NCM”), and Digital Cinema Destinations Corp., a Delaware corporation (“Network Affiliate” and with NCM, each a “Party” and collectively, the “Parties”).\n\nBACKGROUND\n";
        assert_eq!(
            parties(text),
            [
                ("National CineMedia, LLC".into(), vec!["NCM".to_string()]),
                (
                    "Digital Cinema Destinations Corp.".into(),
                    vec!["Network Affiliate".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn capitals_and_referred_to_as() {
        let text = "This Marketing Affiliate Agreement is entered into this 8th day of May 2014, by and between BIRCH FIRST GLOBAL INVESTMENTS INC., a corporation incorporated in the U.S. Virgin Islands, with its main place of business located 9100 Havensight (referred to as “Company”) and MOUNT KNOWLEDGE HOLDINGS INC. and/or assigns, a corporation incorporated in the State of Nevada (referred to as “Marketing Affiliate” or “MA”).\n";
        assert_eq!(
            parties(text),
            [
                (
                    "BIRCH FIRST GLOBAL INVESTMENTS INC.".into(),
                    vec!["Company".to_string()]
                ),
                (
                    "MOUNT KNOWLEDGE HOLDINGS INC.".into(),
                    vec!["Marketing Affiliate".to_string(), "MA".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn a_parties_line_may_name_two_parties_and_a_term_after_a_full_stop() {
        let text = "This Supply Agreement is made by and between:\n\nORWELL PUMPS LTD., with offices at 3 Quay Road, Ipswich. Hereinafter referred to as “Buyer” And DALE CASTINGS LIMITED, with offices at Unit 9, Rotherham. Hereinafter referred to as “Maker”.\n\nWhereas the Buyer needs castings.\n";
        assert_eq!(
            parties(text),
            [
                ("ORWELL PUMPS LTD.".into(), vec!["Buyer".to_string()]),
                ("DALE CASTINGS LIMITED".into(), vec!["Maker".to_string()]),
            ]
        );
    }

    #[test]
    fn a_bracketed_term_without_quotes_that_the_text_uses_is_the_partys() {
        let text = "This Licence is made by and between Quarry Hill Media Ltd, of 4 Lime Street, Leeds (Licensor) and Brightwave Radio Limited, a company registered in Wales (Licensee). Licensee shall pay the fee to Licensor. Both are in England (United Kingdom).\n";
        assert_eq!(
            parties(text),
            [
                ("Quarry Hill Media Ltd".into(), vec!["Licensor".to_string()]),
                (
                    "Brightwave Radio Limited".into(),
                    vec!["Licensee".to_string()]
                ),
            ]
        );
        // A place in brackets the text never uses again is no term.
        let text = "This Agreement is made between Harbour Lights Trust, of Whitby (Yorkshire) and Tern Boats Ltd (\"Tern\").\n";
        assert_eq!(
            parties(text),
            [
                ("Harbour Lights Trust".into(), Vec::<String>::new()),
                ("Tern Boats Ltd".into(), vec!["Tern".to_string()]),
            ]
        );
    }

    #[test]
    fn places_joined_by_and_inside_a_partys_details_are_no_parties() {
        let text = "This Agreement is made between Kite Hill Trading Limited, a company incorporated in England and Wales with company number 0123 (\"Kite Hill\"), and Stour Valley Arts CIC, with offices in Ipswich and Colchester (\"SVA\"), and Wenham Trust, of Bury and Brandon Homes Ltd (\"BBH\").\n";
        assert_eq!(
            parties(text),
            [
                (
                    "Kite Hill Trading Limited".into(),
                    vec!["Kite Hill".to_string()]
                ),
                ("Stour Valley Arts CIC".into(), vec!["SVA".to_string()]),
                ("Wenham Trust".into(), Vec::<String>::new()),
                ("Brandon Homes Ltd".into(), vec!["BBH".to_string()]),
            ]
        );
    }

    #[test]
    fn an_and_in_capitals_inside_a_name_in_capitals_joins_its_words() {
        let text = "This Agreement is entered into by and between NORTHERN GAS AND ELECTRIC COMPANY, a Kentucky corporation (\"Shipper\"), and TENBY PIPELINE LIMITED AND HARBOUR TUGS LIMITED (\"Carriers\").\n";
        assert_eq!(
            parties(text),
            [
                (
                    "NORTHERN GAS AND ELECTRIC COMPANY".into(),
                    vec!["Shipper".to_string()]
                ),
                ("TENBY PIPELINE LIMITED".into(), Vec::<String>::new()),
                ("HARBOUR TUGS LIMITED".into(), vec!["Carriers".to_string()]),
            ]
        );
    }

    #[test]
    fn a_legal_form_in_the_next_paragraph_stays_out_of_the_party() {
        // A PDF signature block can put the form on a line of its own.
        let text = "This Distribution Agreement is made by and between:\n\nCOSTA VERDE DISTRIBUIDORA DE TECNOLOGIAS\n\nLTDA.\n\nand Harbour Supply Inc.\n";
        let found = parties(text);
        assert!(
            found
                .iter()
                .any(|(name, _)| name.starts_with("COSTA VERDE DISTRIBUIDORA")),
            "{found:?}"
        );
    }

    #[test]
    fn a_parties_line_is_cut_only_before_a_name_shaped_as_an_organisations() {
        let text = "This Subcontract is made between:\n\n1. **DALE ADVICE LIMITED**, a company registered with the Registrar for England and Wales (company no. 0773) (the \"Lead\"); and\n\n2. **TOR CROSS CENTRE**, a charity registered in Scotland and Northern Ireland since 2001 (the \"Partner\").\n\nBACKGROUND\n";
        assert_eq!(
            parties(text),
            [
                ("DALE ADVICE LIMITED".into(), vec!["Lead".to_string()]),
                ("TOR CROSS CENTRE".into(), vec!["Partner".to_string()]),
            ]
        );
    }

    #[test]
    fn a_window_after_a_place_never_cuts_a_letter() {
        // "Ambleside " and 109 more ASCII bytes, then a two-byte letter across the 120th byte
        // after the name's start.
        let padding = "x".repeat(109);
        let text = format!(
            "This Agreement is made between Fell Trust, of Kendal and Ambleside {padding}é (\"Fell\").\n"
        );
        let _ = parties(&text);
    }

    #[test]
    fn a_uk_parties_block_one_party_a_line() {
        let text = "# Subcontract\n\nPARTIES\n\n(1) NORTHGATE WORKS LIMITED, a company registered in England (company number 01234567) whose registered office is at 4 Mill Lane, Leeds (the \"Lead Provider\"); and\n\n(2) Hartside Recovery CIO, a charitable incorporated organisation (registered charity number 1181234) (the \"Subcontractor\").\n\nBACKGROUND\n\n(A) The Lead Provider holds a contract.\n";
        assert_eq!(
            parties(text),
            [
                (
                    "NORTHGATE WORKS LIMITED".into(),
                    vec!["Lead Provider".to_string()]
                ),
                (
                    "Hartside Recovery CIO".into(),
                    vec!["Subcontractor".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn three_parties_and_a_person() {
        let text = "This Endorsement Agreement is made between Bizzingo, Inc, a Nevada corporation (\"Company\"), and Joseph Theismann (\"Theismann\").\n";
        assert_eq!(names(text), ["Bizzingo, Inc", "Joseph Theismann"]);
        let text = "This Agreement is dated 1 April 2025 and is made between Wexley Borough Council, Kite Hill Youth Trust and Eastgate Mentoring Network (EMN).\n";
        assert_eq!(
            parties(text),
            [
                ("Wexley Borough Council".into(), vec![]),
                ("Kite Hill Youth Trust".into(), vec![]),
                ("Eastgate Mentoring Network".into(), vec!["EMN".to_string()]),
            ]
        );
    }

    #[test]
    fn between_without_names_is_not_a_parties_clause() {
        assert!(
            names("The relationship between the parties is one of independent contractors.\n")
                .is_empty()
        );
        assert!(names("Disputes between the Members shall be referred to the Board.\n").is_empty());
    }

    #[test]
    fn between_outside_a_sentence_that_makes_an_agreement_is_not_a_parties_clause() {
        assert!(
            names(
                "Demand rose by 40% between 2021 and 2024, and the CAB now sees 90 people a week.\n"
            )
            .is_empty()
        );
        assert!(
            names("Its costs are to be settled between the Contractor and Kite Hill Trust.\n")
                .is_empty()
        );
        assert_eq!(
            names(
                "Funding Agreement\n\nThe grant is offered. This Funding Agreement of 2 May 2025 is between Hollin Fund and Brook Lane Trust.\n"
            ),
            ["Hollin Fund", "Brook Lane Trust"]
        );
    }

    #[test]
    fn a_parties_list_ends_where_its_lines_stop_naming_parties() {
        let text = "Between\n\nOrchard Lane Supplies Pty Ltd (ACN 123 456 789)\n\nAnd\n\nHolt Ridge Medical LLC of 4 Main Street\n\nBackground The Supplier wishes to appoint a distributor.\n\nBusiness Day: a day other than a Saturday.\n";
        assert_eq!(
            names(text),
            ["Orchard Lane Supplies Pty Ltd", "Holt Ridge Medical LLC"]
        );
    }

    #[test]
    fn pronouns_are_terms_of_a_party_never_a_party() {
        let text = "This Franchise Agreement is made between Corvale Kitchens, Inc. (\"we\" or \"us\") and Dana Holt (\"you\").\n";
        assert_eq!(
            parties(text),
            [
                (
                    "Corvale Kitchens, Inc.".to_string(),
                    vec!["we".to_string(), "us".to_string()]
                ),
                ("Dana Holt".to_string(), vec!["you".to_string()])
            ]
        );
    }

    #[test]
    fn words_in_a_partys_place_are_no_party() {
        let text = "This Agreement is made between Company and Ardent Vale Foods, Inc. (the \"Distributor\").\n\nThe company shall supply goods.\n";
        assert_eq!(names(text), ["Ardent Vale Foods, Inc."]);
    }

    #[test]
    fn curly_quotes_at_the_edges_of_windows_are_read_whole() {
        // A parties list closed by a line whose 40th byte falls inside a curly quote.
        let text = "Between\n\nOrrin Vale Holdings, LLC (“Orrin”),\n\nEach shall be referred to as a “Party” and collectively as the “Parties.”\n";
        assert_eq!(names(text), ["Orrin Vale Holdings, LLC"]);
        let long = format!(
            "This Agreement is made between Orrin Vale Holdings, LLC and {}“Kite”.\n",
            "é".repeat(1300)
        );
        let _ = names(&long);
    }

    #[test]
    fn meetings_between_the_parties_are_no_parties_clause() {
        let text = "# Subcontract\n\n3.2 Contract review meetings between the parties and the Council will be held each quarter.\n";
        assert!(names(text).is_empty());
        assert_eq!(
            names("Memorandum of Understanding between Hollin Trust and Brook Lane CIO\n"),
            ["Hollin Trust", "Brook Lane CIO"]
        );
    }

    #[test]
    fn a_defined_term_is_no_partys_name() {
        let text = "This Call-Off Contract is made between the Buyer and the Supplier.\n\n“Buyer” means the person identified in the Order Form; “Supplier” means Orrin Facilities Ltd.\n";
        assert!(names(text).is_empty());
        assert!(
            names("This Call-Off Contract is made between the Buyer and the Supplier.\n")
                .is_empty()
        );
    }

    #[test]
    fn signature_blocks_name_parties() {
        let text = "# Agreement\n\nThe parties agree.\n\nSigned for and on behalf of Fenwick Advice Centre\n\nSigned: ________\n\nACME SUPPLIES LIMITED\n\nBy: ________\n\nName: J. Smith\n";
        assert_eq!(
            names(text),
            ["Fenwick Advice Centre", "ACME SUPPLIES LIMITED"]
        );
    }

    #[test]
    fn parties_named_as_the_subject_of_their_agreeing_are_read() {
        let text = "# Licence Agreement\n\nHollowmere Robotics, a Delaware corporation with offices at 40 Quay Street, Boston, MA 02110 (the \"Licensee\"), and Pell & Varga Ltd., an English company of 9 Tanner Row, York (\"Licensor\"), agree as follows:\n\n1. Licence. Licensor grants a licence.\n";
        assert_eq!(
            parties(text),
            [
                ("Hollowmere Robotics".into(), vec!["Licensee".to_string()]),
                ("Pell & Varga Ltd.".into(), vec!["Licensor".to_string()]),
            ]
        );
        // Not a parties clause: a sentence that does not open with a party.
        let text = "# Minutes\n\nIn the meeting on Monday, Hollowmere Robotics and Pell & Varga Ltd. agree as follows: to meet again.\n";
        assert!(names(text).is_empty(), "{:?}", names(text));
    }

    #[test]
    fn an_address_abbreviation_a_quoted_name_and_an_officer_stay_inside_their_party() {
        let text = "This Agreement is made between “Nordvik Shipping AS”, a company of Norway, represented by its Chief Executive Officer Ola Berg and Chief Financial Officer Kari Dahl, hereinafter referred to as: \"NORDVIK\", and Tallis Freight Ltd., with offices at Av. Libertad, 12, Bl. C, Valencia (Spain) (hereinafter referred to as \"Tallis\" and/or \"Carrier\").\n";
        assert_eq!(
            parties(text),
            [
                ("Nordvik Shipping AS".into(), vec!["NORDVIK".to_string()]),
                (
                    "Tallis Freight Ltd.".into(),
                    vec!["Tallis".to_string(), "Carrier".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn a_label_before_a_name_is_a_term_for_the_party() {
        let text = "# Haulage Agreement\n\nParty A (Consignor): Hexi Garments Co., Ltd.\n\nAddress: 3 River Road, Ningbo\n\nParty B: Lanfeng Freight Ltd.\n\nParty A and Party B agree as follows.\n";
        assert_eq!(
            parties(text),
            [
                (
                    "Hexi Garments Co., Ltd.".into(),
                    vec!["Party A".to_string(), "Consignor".to_string()]
                ),
                ("Lanfeng Freight Ltd.".into(), vec!["Party B".to_string()]),
            ]
        );
    }

    #[test]
    fn a_term_in_single_quotes_may_open_with_the() {
        let text = "This Agreement is made between Kestrel Dyes Ltd of 2 Mill Lane, Leeds (‘the Manufacturer’) and Orwell Retail Limited of 9 Quay Street, Hull (‘the Customer’).\n";
        assert_eq!(
            parties(text),
            [
                ("Kestrel Dyes Ltd".into(), vec!["Manufacturer".to_string()]),
                ("Orwell Retail Limited".into(), vec!["Customer".to_string()]),
            ]
        );
    }
}
