//! Negation and its scope: which words of a sentence, heading or table row the text says are
//! not so ("no staff will transfer", "TUPE does not apply", "this MoU creates no financial
//! obligation"), so that a rule can read a statement of absence as one.
//!
//! [`find`] returns a [`Negation`] per cue: the cue, its scope (the words negated) and its
//! [`Reading`]. [`negates`] says whether a match lies in a negation read as an absence.
//!
//! - **Cues**: no, not, -n't, never, none, nothing, nobody, neither, nor, cannot, no longer,
//!   without, free of/from; "its/their own costs" (payment by anyone else is denied); and, as a
//!   bare answer after a label, "none", "nil", "not applicable" ("TUPE: none").
//! - **Scope**: from the cue to the end of its clause: a full stop, `;`, `:`, `|`, a dash, a
//!   comma before a conjunction ("…, and", "…, which"), "but", "however", "unless", "except",
//!   "until", a relative pronoun, "and" before a new subject, or 25 words. "that" after a verb of
//!   expecting or saying does not end it ("not anticipated that TUPE will apply"). When the
//!   negated verb is one of existence, application or expectation ("does not apply", "is not
//!   required", "are not expected to"), the clause's subject is negated too. After a preposition,
//!   and for "without" and "free of", only the noun phrase is ("at no cost to parents").
//! - **Not negations**: limits ("no later than", "not less than", "not exceeding"), "not only",
//!   "whether or not", "without prejudice", "without delay", "no." before a number, and a
//!   negated verb of preventing or limiting, which keeps its object ("nothing shall prevent
//!   either party from …", "not limited to", "shall not withhold payment").
//! - **Scope's start**: the clause's start, found backwards (a mark, a comma before a
//!   conjunction, an opener such as "which" or "if"); a cue that is its clause's subject ("no
//!   payment", "nobody") after "and" or "or" starts its own clause. A definite noun phrase after
//!   the negated verb is taken as given, not denied ("we do not want this re-tender to …").
//! - **Readings**: an absence, unless restricted (an exception, condition or limit in or right
//!   after the scope, or an open question: "shall not subcontract without consent", "no data
//!   will be shared, except …", "not yet agreed", "not all staff", "we do not know whether …")
//!   or hypothetical (in a clause opened by "if", "where", "unless", … or in a question).
//!
//! To extend: the word lists below are closed classes of English (conjunctions, verbs of
//! expecting, of preventing), not rule vocabulary; a rule's own words belong in its file.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::text::Unit;
use crate::document::Span;

/// One negation: its cue, the words it negates, and how it reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Negation {
    /// The negating words: "not", "no", "never", "without", "doesn't", "its own costs".
    pub cue: Span,
    /// The words negated: from the cue (or from the clause's start, when the whole clause is
    /// negated: "TUPE does not apply") to the end of the clause.
    pub scope: Span,
    /// Where the cue's clause starts: a match from there that holds the cue is negated too
    /// ("staff will not transfer").
    pub clause_start: usize,
    /// Definite noun phrases in the scope after the negated verb, which the negation takes as
    /// given rather than denies: "this re-tender" in "we do not want this re-tender to break
    /// them", "the staff" in "TUPE does not apply to the staff who deliver it".
    pub presupposed: Vec<Span>,
    pub reading: Reading,
}

/// How a negation reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reading {
    /// It says something is not so: "no staff will transfer".
    Absence,
    /// A restriction rather than an absence: an exception, a condition, a limit or a part
    /// ("shall not subcontract without consent", "not yet agreed", "not all staff").
    Restricted,
    /// Inside a condition or a question ("if no agreement is reached").
    Hypothetical,
}

/// Does `negation` say that the words at `span` are absent? True when it reads as an absence
/// and `span` lies in its scope, or starts in its clause, holds its cue and ends in its scope;
/// never when `span` lies inside a presupposed noun phrase.
pub fn negates(negation: &Negation, span: Span) -> bool {
    negation.reading == Reading::Absence
        && !negation.presupposed.iter().any(|p| p.contains(span))
        && span.end <= negation.scope.end
        && (span.start >= negation.scope.start
            || (span.start >= negation.clause_start
                && span.start <= negation.cue.start
                && span.end >= negation.cue.end))
}

/// Candidate cues, found in one pass over the text; each is then read in its unit.
static CUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:no|not|never|none|nothing|nobody|neither|nor|nil|cannot|without|free\s+(?:of|from)|(?:its|their|our|his|her)\s+own\s+(?:costs?|expenses?))(?-u:\b)|n['’]t(?-u:\b)",
    )
    .expect("static regex")
});

/// The negations in `units` of `text`, in text order.
pub fn find(text: &str, units: &[Unit]) -> Vec<Negation> {
    let mut out = Vec::new();
    let mut unit = 0;
    let mut tokens: Option<(usize, Vec<Token>)> = None;
    for m in CUES.find_iter(text) {
        while unit < units.len() && units[unit].span.end <= m.start() {
            unit += 1;
        }
        let Some(u) = units.get(unit) else { break };
        if m.start() < u.span.start || m.end() > u.span.end {
            continue;
        }
        if tokens.as_ref().is_none_or(|(at, _)| *at != unit) {
            tokens = Some((unit, tokenise(text, u.span)));
        }
        let Some((_, toks)) = &tokens else { continue };
        let before = out.len();
        if let Some(negation) = read(text, u.span, toks, m.start(), m.end()) {
            // "without" inside another negation's scope is part of a double negative ("shall
            // not subcontract without consent"): a condition, not an absence.
            let inner = out[..before]
                .iter()
                .any(|n: &Negation| n.scope.contains(negation.cue) && n.cue != negation.cue);
            let mut negation = negation;
            if inner && negation.reading == Reading::Absence {
                negation.reading = Reading::Restricted;
            }
            out.push(negation);
        }
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    Word,
    Comma,
    /// A mark that ends a clause: `;`, `:`, `?`, `!`, `|`, a dash, a line break.
    Stop(char),
}

#[derive(Clone, Copy, Debug)]
struct Token {
    span: Span,
    kind: Tok,
}

/// Words (letters and digits, with inner apostrophes), commas and clause-ending marks of the
/// unit at `span`, with spans into `text`.
fn tokenise(text: &str, span: Span) -> Vec<Token> {
    let s = &text[span.range()];
    let mut out = Vec::new();
    let mut word: Option<usize> = None;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let in_word = c.is_alphanumeric()
            || (matches!(c, '\'' | '’')
                && word.is_some()
                && next.is_some_and(char::is_alphanumeric));
        if in_word {
            word.get_or_insert(i);
            continue;
        }
        if let Some(start) = word.take() {
            out.push(Token {
                span: Span::new(span.start + start, span.start + i),
                kind: Tok::Word,
            });
        }
        let prev_space = i == 0 || s[..i].ends_with(char::is_whitespace);
        let kind = match c {
            ',' => Some(Tok::Comma),
            ';' | ':' | '?' | '!' | '|' | '\n' | '\t' | '–' | '—' => Some(Tok::Stop(c)),
            '-' if prev_space && next.is_some_and(char::is_whitespace) => Some(Tok::Stop(c)),
            _ => None,
        };
        if let Some(kind) = kind {
            let at = span.start + i;
            out.push(Token {
                span: Span::new(at, at + c.len_utf8()),
                kind,
            });
        }
    }
    if let Some(start) = word {
        out.push(Token {
            span: Span::new(span.start + start, span.end),
            kind: Tok::Word,
        });
    }
    out
}

/// Longest scope, in words.
const MAX_WORDS: usize = 25;
/// Longest noun phrase negated after a preposition, "without" or "free of".
const MAX_NOUN_WORDS: usize = 6;
/// Longest description of the costs after "its own costs".
const MAX_COST_WORDS: usize = 12;

fn is(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| word.eq_ignore_ascii_case(w))
}

fn starts(word: &str, stems: &[&str]) -> bool {
    stems.iter().any(|stem| {
        word.len() >= stem.len()
            && word.is_char_boundary(stem.len())
            && word[..stem.len()].eq_ignore_ascii_case(stem)
    })
}

/// Words that start a new clause after a comma.
const AFTER_COMMA: &[&str] = &[
    "and",
    "or",
    "but",
    "so",
    "yet",
    "nor",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "when",
    "while",
    "whilst",
    "although",
    "though",
    "because",
    "as",
    "since",
    "unless",
    "except",
    "save",
    "provided",
    "providing",
    "if",
    "whereas",
    "however",
    "including",
    "until",
    "till",
    "other",
    "apart",
    "subject",
];
/// Words that start a new clause wherever they stand.
const CLAUSE_WORDS: &[&str] = &[
    "but", "however", "whereas", "although", "though", "because", "unless", "except", "until",
    "till", "while", "whilst", "which", "who", "whom", "whose", "where", "whereby", "when",
    "whenever", "nor",
];
/// Words that open a clause looking backwards from a cue.
const OPENERS: &[&str] = &[
    "but",
    "however",
    "whereas",
    "although",
    "though",
    "because",
    "unless",
    "except",
    "until",
    "while",
    "whilst",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "whereby",
    "when",
    "whenever",
    "if",
    "whether",
    "that",
    "since",
    "nor",
    "provided",
    "providing",
];
/// A new subject after "and" or "or" starts a new clause.
const SUBJECTS: &[&str] = &[
    "the", "a", "an", "we", "it", "they", "he", "she", "this", "these", "those", "each", "every",
    "all", "our", "their", "its", "there", "you", "i",
];
/// Clauses that state a condition.
const CONDITIONS: &[&str] = &[
    "if",
    "where",
    "whether",
    "unless",
    "when",
    "whenever",
    "wherever",
    "should",
    "provided",
    "providing",
    "assuming",
    "supposing",
];
/// Verbs and adjectives that take a "that" clause, which the negation reaches into.
const COMPLEMENT_TAKERS: &[&str] = &[
    "anticipat",
    "expect",
    "envisag",
    "intend",
    "believ",
    "consider",
    "thought",
    "think",
    "foresee",
    "propos",
    "plan",
    "likely",
    "clear",
    "certain",
    "mean",
    "suggest",
    "appear",
    "seem",
    "agree",
    "confirm",
    "know",
    "assum",
    "requir",
    "necessar",
    "true",
    "case",
    "say",
    "said",
    "state",
    "warrant",
    "represent",
    "accept",
    "acknowledg",
    "ensur",
    "guarantee",
    "envisag",
    "provid",
    "specif",
    "indicat",
    "imply",
    "implies",
];
/// Negated, these deny the subject too: existence, application, need and expectation.
const EXISTENTIAL: &[&str] = &[
    "apply",
    "applies",
    "applicable",
    "arise",
    "arises",
    "exist",
    "exists",
    "occur",
    "occurs",
    "happen",
    "happens",
    "take",
    "takes",
    "required",
    "needed",
    "necessary",
    "relevant",
    "expected",
    "anticipated",
    "envisaged",
    "foreseen",
    "intended",
    "planned",
    "likely",
    "proposed",
    "involved",
    "due",
    "payable",
];
/// Words between a cue and the verb it negates that do not change it.
const LINKS: &[&str] = &[
    "be",
    "been",
    "being",
    "currently",
    "presently",
    "now",
    "considered",
    "thought",
    "deemed",
    "to",
    "at",
    "present",
    "ever",
];
/// Bare answers after a label ("TUPE: not applicable", "Staff transfer | none expected").
const ANSWER_WORDS: &[&str] = &[
    "applicable",
    "required",
    "expected",
    "anticipated",
    "relevant",
    "needed",
    "planned",
    "envisaged",
    "foreseen",
    "necessary",
    "applies",
    "apply",
];
/// Negated, these say something is unknown or unsettled, not absent.
const EPISTEMIC: &[&str] = &[
    "clear",
    "know",
    "knows",
    "known",
    "certain",
    "sure",
    "decided",
    "confirmed",
    "determined",
    "agreed",
    "finalised",
    "finalized",
    "settled",
    "guaranteed",
    "resolved",
];
/// Negated, these keep their object: nothing shall prevent it, it is not limited.
const SAVING: &[&str] = &[
    "prevent", "preclud", "prohibit", "restrict", "limit", "prejudic", "affect", "exclud", "waiv",
    "impair", "derogat", "diminish", "reliev", "releas", "reduc", "withh", "delay", "deny",
    "denie", "overrid", "hinder", "obstruct", "stop",
];
/// Words that do not count as something negated before a saving verb.
const FILLER: &[&str] = &[
    "be",
    "been",
    "being",
    "in",
    "any",
    "way",
    "unreasonably",
    "otherwise",
    "materially",
    "adversely",
    "directly",
    "indirectly",
    "to",
    "so",
    "as",
    "thereby",
    "itself",
    "unduly",
    "seek",
    "seeks",
    "attempt",
    "operate",
    "operates",
    "act",
    "deemed",
    "construed",
    "used",
    "taken",
    "shall",
    "will",
    "may",
    "does",
    "do",
    "be",
];
/// Words after a cue that make it a limit, not a negation ("no later than").
const COMPARATIVES: &[&str] = &[
    "later", "earlier", "sooner", "less", "more", "fewer", "greater", "longer", "shorter",
    "higher", "lower", "lesser",
];
/// Inside a scope, these make a negation a restriction: a condition, an exception, a limit.
const QUALIFIERS: &[&str] = &[
    "without",
    "whether",
    "yet",
    "until",
    "till",
    "before",
    "except",
    "unless",
    "beyond",
    "unreasonably",
    "exceed",
    "exceeds",
    "exceeding",
    "excess",
    "than",
    "prior",
];
/// Prepositions: after one, "no" negates only its noun phrase ("at no cost").
const PREPOSITIONS: &[&str] = &[
    "at", "in", "on", "for", "with", "by", "under", "to", "from", "of", "into", "within",
    "through", "via", "upon",
];
/// Words that end a noun phrase.
const NOUN_ENDS: &[&str] = &[
    "to", "for", "in", "on", "at", "by", "with", "from", "into", "within", "under", "over",
    "during", "through", "towards", "toward", "against", "about", "after", "before", "between",
    "across", "among", "per", "via", "than", "will", "shall", "is", "are", "was", "were", "be",
    "been", "has", "have", "had", "may", "can", "must", "should", "would", "could", "do", "does",
    "did", "and", "or", "who", "which", "that", "where", "when", "unless", "except",
];

/// How far a cue reaches.
#[derive(Clone, Copy, PartialEq)]
enum Reach {
    /// To the end of the clause.
    Clause,
    /// Its noun phrase only ("without supervision", "at no cost").
    Noun,
    /// The cue and what says which costs, to a comma or the clause's end ("its own costs in
    /// relation to this MoU"), not the rest of the clause ("at its own cost, run sessions").
    Costs,
}

/// Read the cue at `start..end` of the unit at `unit` (tokens `toks`): its scope and reading,
/// or `None` if it negates nothing.
fn read(text: &str, unit: Span, toks: &[Token], start: usize, end: usize) -> Option<Negation> {
    let word = |k: usize| -> Option<&str> {
        toks.get(k)
            .filter(|t| t.kind == Tok::Word)
            .map(|t| &text[t.span.range()])
    };
    // The cue's first and last tokens.
    let i = toks
        .iter()
        .position(|t| t.kind == Tok::Word && t.span.start <= start && start < t.span.end)?;
    let mut j = toks[i..]
        .iter()
        .position(|t| t.span.end >= end)
        .map(|p| i + p)?;
    // The cue as a word: a contraction is "not"; "free of" is "free", "its own costs" is "own".
    let lower = word(i)?.to_ascii_lowercase();
    let contraction = lower.ends_with("n't") || lower.ends_with("n’t");
    let own = j > i && word(i + 1).is_some_and(|w| is(w, &["own"]));
    let cue = if contraction {
        "not"
    } else if own {
        "own"
    } else {
        lower.as_str()
    };
    let prev = i.checked_sub(1).and_then(word);
    let next = word(j + 1);
    let after = word(j + 2);
    // Not negations at all.
    if cue == "no"
        && (text[toks[i].span.end..].starts_with('.')
            || next.is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit())))
    {
        return None; // "No. 1234", "Company No 0789"
    }
    if cue == "not" && prev.is_some_and(|p| is(p, &["or", "if"])) {
        return None; // "whether or not", "may or may not", "if not"
    }
    if let Some(n) = next {
        let fixed = match cue {
            "not" => {
                is(
                    n,
                    &["only", "just", "merely", "simply", "least", "necessarily"],
                ) || (is(n, &["to"]) && after.is_some_and(|a| is(a, &["mention"])))
            }
            "no" => is(n, &["doubt", "matter"]),
            "nothing" => is(n, &["but"]),
            "none" => is(n, &["other"]),
            "without" => is(
                n,
                &[
                    "prejudice",
                    "limitation",
                    "limiting",
                    "delay",
                    "undue",
                    "derogation",
                    "affecting",
                ],
            ),
            _ => false,
        };
        let limit = is(n, COMPARATIVES) && after.is_some_and(|a| is(a, &["than"]))
            || starts(n, &["exceed"])
            || (is(n, &["to"]) && after.is_some_and(|a| starts(a, &["exceed"])))
            || (is(n, &["in"]) && after.is_some_and(|a| is(a, &["excess"])));
        if fixed || limit {
            return None;
        }
        if cue == "no" && is(n, &["longer"]) {
            j += 1; // "no longer provided"
        }
    }
    // The clause the cue is in. A cue that is its clause's subject ("no payment", "nobody")
    // after "and" or "or" opens a clause of its own.
    let mut first = i;
    let mut steps = 0;
    let own_subject = is(cue, &["no", "none", "nothing", "nobody", "neither"]);
    while first > 0 && steps < 40 {
        let t = toks[first - 1];
        match t.kind {
            Tok::Stop(_) => break,
            Tok::Word if first == i && own_subject && is(&text[t.span.range()], &["and", "or"]) => {
                break;
            }
            Tok::Comma if word(first).is_some_and(|w| is(w, AFTER_COMMA)) => break,
            Tok::Word if is(&text[t.span.range()], OPENERS) => {
                first -= 1;
                break;
            }
            _ => {}
        }
        first -= 1;
        steps += 1;
    }
    // "if that does not settle it": after a word of condition, "that" is the clause's subject,
    // and the condition opens the clause.
    if is(word(first).unwrap_or(""), &["that", "this", "it"])
        && first > 0
        && word(first - 1).is_some_and(|w| is(w, CONDITIONS))
    {
        first -= 1;
    }
    let opener = word(first).unwrap_or("");
    let question = text[unit.range()].trim_end().ends_with('?');
    let hypothetical = question
        || (first < i && is(opener, CONDITIONS))
        || (is(opener, &["in"])
            && word(first + 1).is_some_and(|w| is(w, &["the", "case"]))
            && word(first + 2).is_none_or(|w| is(w, &["event"])));
    // Bare answers after a label: "TUPE: none", "Staff transfer | not applicable".
    let label_mark = first
        .checked_sub(1)
        .map(|k| toks[k].kind)
        .filter(|k| matches!(k, Tok::Stop(':' | '|' | '–' | '—' | '-')));
    let answer_end = toks[j + 1..]
        .iter()
        .position(|t| t.kind != Tok::Word || !is(&text[t.span.range()], ANSWER_WORDS))
        .map_or(toks.len(), |p| j + 1 + p);
    let bare = first == i
        && is(cue, &["none", "nil", "no", "not"])
        && toks.get(answer_end).is_none_or(|t| t.kind != Tok::Word);
    if let (true, Some(_)) = (bare, label_mark) {
        // The label: back to the clause mark before it.
        let mark = first - 1;
        let mut label = mark;
        while label > 0 && !matches!(toks[label - 1].kind, Tok::Stop(_)) {
            label -= 1;
        }
        if label < mark {
            let last = answer_end.saturating_sub(1).max(j);
            return Some(Negation {
                cue: toks[i].span.cover(toks[j].span),
                scope: Span::new(toks[label].span.start, toks[last].span.end),
                clause_start: toks[label].span.start,
                presupposed: Vec::new(),
                reading: if hypothetical {
                    Reading::Hypothetical
                } else {
                    Reading::Absence
                },
            });
        }
    }
    if cue == "nil" {
        return None; // only a bare answer
    }
    let reach = if cue == "own" {
        Reach::Costs
    } else if cue == "without"
        || cue == "free"
        || (cue == "no" && prev.is_some_and(|p| is(p, PREPOSITIONS)))
    {
        Reach::Noun
    } else {
        Reach::Clause
    };
    // The first word after the cue that is not a link ("is not currently expected to apply").
    let head = (j + 1..toks.len())
        .take_while(|&k| toks[k].kind == Tok::Word)
        .map(|k| &text[toks[k].span.range()])
        .find(|w| !is(w, LINKS));
    let partial = cue == "not"
        && next.is_some_and(|n| {
            is(
                n,
                &[
                    "all",
                    "every",
                    "everyone",
                    "everybody",
                    "always",
                    "both",
                    "entirely",
                    "wholly",
                    "fully",
                ],
            )
        });
    let epistemic = matches!(cue, "not" | "never") && head.is_some_and(|h| is(h, EPISTEMIC));
    let existential = matches!(cue, "not" | "never" | "no" | "cannot")
        && (cue != "no" || j > i) // "no longer"
        && head.is_some_and(|h| is(h, EXISTENTIAL));
    // The scope: forward to the end of the clause (or of the noun phrase).
    let mut last = j;
    let mut boundary: Option<usize> = None;
    let mut words = 0;
    let mut content = false;
    let mut restricted = partial || epistemic;
    {
        let mut k = j + 1;
        while k < toks.len() {
            let t = toks[k];
            match t.kind {
                Tok::Stop(_) => {
                    boundary = Some(k);
                    break;
                }
                Tok::Comma => {
                    // A condition's clause ends at its comma: "if no one agrees, the parties
                    // will refer it to mediation" does not deny the mediation.
                    if reach != Reach::Clause
                        || word(k + 1).is_some_and(|w| is(w, AFTER_COMMA))
                        || (first < i && is(opener, CONDITIONS))
                    {
                        boundary = Some(k);
                        break;
                    }
                }
                Tok::Word => {
                    let w = &text[t.span.range()];
                    let ends = is(w, CLAUSE_WORDS)
                        || (is(w, &["that"])
                            && word(k - 1).is_none_or(|p| !starts(p, COMPLEMENT_TAKERS)))
                        || (is(w, &["and", "or"]) && word(k + 1).is_some_and(|n| is(n, SUBJECTS)))
                        || (is(w, &["save"])
                            && word(k + 1).is_some_and(|n| is(n, &["that", "for", "as", "where"])))
                        || (is(w, &["other"]) && word(k + 1).is_some_and(|n| is(n, &["than"])))
                        || (is(w, &["apart"]) && word(k + 1).is_some_and(|n| is(n, &["from"])))
                        || (is(w, &["so", "provided"])
                            && word(k + 1).is_some_and(|n| is(n, &["that"])))
                        || (reach == Reach::Noun && (is(w, NOUN_ENDS) || words >= MAX_NOUN_WORDS))
                        || (reach == Reach::Costs && words >= MAX_COST_WORDS);
                    if ends {
                        boundary = Some(k);
                        break;
                    }
                    if starts(w, SAVING) && !is(w, &["stops"]) || is(w, &["withheld", "delayed"]) {
                        if !content {
                            return None; // "shall not be unreasonably withheld"
                        }
                        break;
                    }
                    if !is(w, FILLER) {
                        content = true;
                    }
                    // "other than" and "apart from" end the scope above and restrict it below;
                    // "other" alone ("to any other member") restricts nothing.
                    if is(w, QUALIFIERS) {
                        restricted = true;
                    }
                    words += 1;
                    last = k;
                    if words >= MAX_WORDS {
                        break;
                    }
                }
            }
            k += 1;
        }
        if last == j && reach != Reach::Costs {
            return None; // "No." as an answer, "not" at the end of a line
        }
    }
    // An exception or condition right after the scope restricts it.
    if let Some(b) = boundary {
        let at = if toks[b].kind == Tok::Comma { b + 1 } else { b };
        if word(at).is_some_and(|w| {
            is(
                w,
                &[
                    "unless", "except", "save", "until", "till", "without", "subject",
                ],
            ) || (is(w, &["other"]) && word(at + 1).is_some_and(|n| is(n, &["than"])))
                || (is(w, &["apart"]) && word(at + 1).is_some_and(|n| is(n, &["from"])))
        }) {
            restricted = true;
        }
    }
    let scope_start = if existential {
        toks[first].span.start
    } else {
        toks[i].span.start
    };
    // A scope that runs to the end of the unit takes its closing full stop.
    let mut scope_end = toks[last].span.end;
    if boundary.is_none() && last + 1 == toks.len() {
        scope_end = unit.end.max(scope_end);
    }
    let presupposed = if reach == Reach::Clause {
        presupposed(text, toks, j, last)
    } else {
        Vec::new()
    };
    Some(Negation {
        cue: toks[i].span.cover(toks[j].span),
        scope: Span::new(scope_start, scope_end),
        clause_start: toks[first].span.start,
        presupposed,
        reading: if hypothetical {
            Reading::Hypothetical
        } else if restricted {
            Reading::Restricted
        } else {
            Reading::Absence
        },
    })
}

/// Determiners that mark a noun phrase as already known to the reader.
const DEFINITE: &[&str] = &[
    "the", "this", "that", "these", "those", "its", "their", "our", "your", "his", "her", "my",
];

/// The definite noun phrases among tokens `j + 2 ..= last` (a word or more after the cue `j`,
/// so "not the Council's staff" is still denied): a negation denies what is said of a thing
/// the text has already introduced, not that the thing exists. A phrase runs from its
/// determiner to a word that ends a noun phrase, a comma or mark, or six words.
fn presupposed(text: &str, toks: &[Token], j: usize, last: usize) -> Vec<Span> {
    let word = |k: usize| (toks[k].kind == Tok::Word).then(|| &text[toks[k].span.range()]);
    let mut out = Vec::new();
    let mut k = j + 2;
    while k <= last {
        if !word(k).is_some_and(|w| is(w, DEFINITE)) {
            k += 1;
            continue;
        }
        let mut end = k;
        while end < last
            && end - k < MAX_NOUN_WORDS
            && word(end + 1).is_some_and(|w| !is(w, NOUN_ENDS))
        {
            end += 1;
        }
        if end > k {
            out.push(toks[k].span.cover(toks[end].span));
        }
        k = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Reading, find, negates};
    use crate::analyse::text::{Unit, UnitKind, sentences};
    use crate::document::Span;

    /// The negations of `text`, read as one paragraph.
    fn negations(text: &str) -> Vec<super::Negation> {
        let units: Vec<Unit> = sentences(text)
            .into_iter()
            .map(|span| Unit {
                span,
                block: 0,
                kind: UnitKind::Sentence,
            })
            .collect();
        find(text, &units)
    }

    /// Are `words` (their first occurrence in `text`) said to be absent?
    fn absent(text: &str, words: &str) -> bool {
        let start = text.find(words).expect("the words are in the text");
        let span = Span::new(start, start + words.len());
        negations(text).iter().any(|n| negates(n, span))
    }

    /// How each negation of `text` reads, with its cue.
    fn readings(text: &str) -> Vec<(&str, Reading)> {
        negations(text)
            .iter()
            .map(|n| (&text[n.cue.range()], n.reading))
            .collect()
    }

    #[test]
    fn a_prohibition_negates_what_follows_not_its_subject() {
        let text = "The Contractor shall not subcontract any part of the Services.";
        assert!(absent(text, "subcontract any part of the Services"));
        assert!(!absent(text, "The Contractor"));
        assert_eq!(readings(text), [("not", Reading::Absence)]);
    }

    #[test]
    fn a_prohibition_with_a_condition_is_a_restriction() {
        let text = "The Contractor shall not subcontract without the prior written consent of the Authority.";
        assert!(!absent(text, "subcontract"));
        assert_eq!(readings(text)[0], ("not", Reading::Restricted));
        let text = "No personal data will be shared, except where the law requires it.";
        assert!(!absent(text, "personal data"));
        let text = "The partnership budget has not yet been agreed.";
        assert!(!absent(text, "been agreed"));
        let text = "Not all staff will transfer to the new provider.";
        assert!(!absent(text, "staff will transfer"));
        let text = "We do not know whether any grant will be paid to the partners.";
        assert!(!absent(text, "grant will be paid"));
        let text = "No decision has been taken on whether the caseworkers move across.";
        assert!(!absent(text, "caseworkers move across"));
    }

    #[test]
    fn no_before_a_subject_negates_the_clause() {
        let text = "No member of staff is expected to transfer under TUPE.";
        assert!(absent(text, "staff is expected to transfer"));
        assert!(absent(text, "TUPE"));
        let text = "There will be no transfer of employees.";
        assert!(absent(text, "transfer of employees"));
        let text = "None of the current caseworkers will move across to the Partner.";
        assert!(absent(text, "caseworkers will move across"));
    }

    #[test]
    fn a_negated_expectation_negates_the_clause_it_governs() {
        let text = "It is not anticipated that TUPE will apply.";
        assert!(absent(text, "TUPE will apply"));
        let text = "We do not expect that any employees will transfer to us.";
        assert!(absent(text, "employees will transfer"));
        let text = "Staff are not expected to transfer.";
        assert!(absent(text, "Staff"));
    }

    #[test]
    fn a_negated_existence_or_application_takes_in_its_subject() {
        let text = "TUPE does not apply to this contract.";
        assert!(absent(text, "TUPE"));
        let text = "A data sharing agreement is not required.";
        assert!(absent(text, "data sharing agreement"));
        let text = "The Regulations will not apply; the service is new.";
        assert!(absent(text, "The Regulations"));
        assert!(!absent(text, "the service is new"));
    }

    #[test]
    fn a_match_that_holds_the_cue_is_negated_its_subject_alone_is_not() {
        let text = "Staff will not transfer.";
        assert!(absent(text, "Staff will not transfer"));
        assert!(!absent(text, "Staff"));
        let text = "The Lead will not pay the Partner; the Council will pay it £5,000.";
        assert!(!absent(text, "the Council will pay it £5,000"));
    }

    #[test]
    fn limits_are_not_negations() {
        for text in [
            "Information will be given no later than 30 days before the transfer.",
            "The Partner will deliver not less than 60% of the outcomes.",
            "The fee shall not exceed £5,000 in any year.",
            "Each session will last no more than two hours.",
            "Notice of not fewer than 90 days must be given.",
        ] {
            assert_eq!(readings(text), [], "{text}");
        }
    }

    #[test]
    fn fixed_phrases_that_negate_nothing() {
        for text in [
            "This is without prejudice to any other rights of the Lead.",
            "The Lead will pay without delay.",
            "Services include but are not limited to advice and advocacy.",
            "The Lead will pay the Partner whether or not it has been paid.",
            "We will not only fund the partners but also train their staff.",
            "Registered charity no. 1123456 and Company No 0789 are the parties.",
            "Nothing in this clause shall prevent either party from seeking an injunction.",
        ] {
            for words in [
                "prejudice",
                "delay",
                "advice",
                "been paid",
                "fund",
                "1123456",
                "injunction",
            ] {
                if let Some(start) = text.find(words) {
                    let span = Span::new(start, start + words.len());
                    assert!(
                        !negations(text).iter().any(|n| negates(n, span)),
                        "{words:?} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn neither_and_nor_negate_their_clause() {
        let text = "Neither party shall be liable for indirect losses.";
        assert!(absent(text, "party shall be liable for indirect losses"));
        let text = "The Lead will not charge a fee, nor will it retain any part of the grant.";
        assert!(absent(text, "retain any part of the grant"));
    }

    #[test]
    fn a_negated_subject_after_and_starts_its_own_clause() {
        let text = "The Council funds the venue and no fee passes between the partners.";
        assert!(absent(text, "fee passes between the partners"));
        assert!(!absent(text, "Council funds the venue and no fee"));
    }

    #[test]
    fn the_scope_ends_with_the_clause() {
        let text = "There will be no management fee, and the Lead will pay each partner £10,000.";
        assert!(absent(text, "management fee"));
        assert!(!absent(text, "£10,000"));
        let text = "The Lead will not charge families who attend the children's groups.";
        assert!(absent(text, "charge families"));
        assert!(!absent(text, "children's groups"));
        let text = "No staff will transfer but the Partner will recruit two new workers.";
        assert!(!absent(text, "recruit two new workers"));
        let text = "The Partner will not be paid for travel. It will receive £8,000 a year.";
        assert!(!absent(text, "£8,000"));
    }

    #[test]
    fn a_negated_noun_after_a_preposition_is_only_that_noun() {
        let text = "Sessions are free of charge to families in children's centres.";
        assert!(absent(text, "charge"));
        assert!(!absent(text, "children's centres"));
        let text = "Sessions run at no cost to parents of young children.";
        assert!(absent(text, "cost"));
        assert!(!absent(text, "young children"));
        let text = "Volunteers will work with children without supervision from staff.";
        assert!(absent(text, "supervision"));
        assert!(!absent(text, "children"));
    }

    #[test]
    fn conditions_and_questions_state_no_absence() {
        let text =
            "If no agreement is reached within 20 days, the dispute will be referred to mediation.";
        assert!(!absent(text, "agreement"));
        assert!(!absent(text, "mediation"));
        assert_eq!(readings(text), [("no", Reading::Hypothetical)]);
        // "that" after the condition is the clause's subject, not its opener; the condition's
        // clause ends at its comma.
        let text = "If that does not settle it within a further 14 days, the parties will try \
                    mediation.";
        assert_eq!(readings(text), [("not", Reading::Hypothetical)]);
        let scope = negations(text)[0].scope;
        assert_eq!(
            &text[scope.range()],
            "not settle it within a further 14 days"
        );
        let text =
            "Where the Partner does not deliver the sessions, the Lead may withhold payment.";
        assert!(!absent(text, "deliver the sessions"));
        let text = "Will any staff not transfer?";
        assert!(!absent(text, "transfer"));
    }

    #[test]
    fn statements_that_no_money_passes() {
        let text = "This MoU creates no financial obligation on either party.";
        assert!(absent(text, "financial obligation"));
        let text = "No money changes hands under this agreement.";
        assert!(absent(text, "money changes hands"));
        let text = "No payment will be made by either organisation to the other.";
        assert!(absent(text, "payment will be made by either organisation"));
        let text = "This memorandum does not commit either party to any expenditure.";
        assert!(absent(text, "either party to any expenditure"));
        let text = "Nothing in this MoU obliges either partner to provide funding.";
        assert!(absent(text, "either partner to provide funding"));
        let text = "No fee is payable by one member to any other member of the network.";
        assert!(absent(
            text,
            "fee is payable by one member to any other member"
        ));
        let text = "No fee is payable, other than the room hire of £40 a session.";
        assert!(!absent(text, "fee is payable"));
    }

    #[test]
    fn bearing_its_own_costs_denies_payment_by_anyone_else() {
        let text = "Each party will bear its own costs.";
        assert!(absent(text, "party will bear its own costs"));
        assert!(!absent(text, "Each party will bear"));
        let text = "The Partner will, at its own cost, run sessions for children.";
        assert!(!absent(text, "children"));
        let text = "The Parties shall each meet their own expenses in relation to this MoU.";
        assert!(absent(
            text,
            "Parties shall each meet their own expenses in relation to this MoU."
        ));
    }

    #[test]
    fn contractions_and_no_longer() {
        let text = "The service is no longer delivered by the Council.";
        assert!(absent(text, "delivered by the Council"));
        let text = "TUPE doesn’t apply, since nobody is employed on the service.";
        assert!(absent(text, "TUPE"));
        assert!(absent(text, "is employed on the service"));
        let text = "The contract won't be re-tendered.";
        assert!(absent(text, "re-tendered"));
    }

    #[test]
    fn a_bare_negative_answer_negates_its_label() {
        let text = "Staff transferring under TUPE: none.";
        assert!(absent(text, "Staff transferring under TUPE"));
        let text = "TUPE | Not applicable";
        assert!(absent(text, "TUPE"));
        let text = "Staff transfer: none expected";
        assert!(absent(text, "Staff transfer"));
    }

    #[test]
    fn a_definite_noun_phrase_after_the_negated_verb_is_taken_as_given() {
        let text = "We do not want this re-tender to break them.";
        assert!(!absent(text, "re-tender"));
        assert!(absent(text, "want this re-tender"));
        let text = "TUPE does not apply to the caseworkers who run the drop-in.";
        assert!(absent(text, "TUPE"));
        assert!(!absent(text, "caseworkers"));
        let text = "There will be no charge to the families of young carers.";
        assert!(absent(text, "charge"));
        assert!(!absent(text, "families"));
        let text = "There will be no transfer of the existing staff.";
        assert!(absent(text, "transfer of the existing staff"));
        let text = "It is not the Council's staff who will transfer.";
        assert!(absent(text, "Council's staff"));
    }

    #[test]
    fn a_negated_heading() {
        let text = "No Partnership";
        assert!(absent(text, "Partnership"));
    }

    #[test]
    fn saving_verbs_keep_their_object() {
        let text = "The change will not affect the staff who deliver the service.";
        assert!(!absent(text, "staff"));
        let text = "Consent shall not be unreasonably withheld.";
        assert!(!absent(text, "Consent"));
        let text = "The Lead shall not withhold payments pending the outcome of a dispute.";
        assert!(!absent(text, "payments"));
    }
}
