//! Vocabulary as data: phrases, regular expressions and heading patterns from a rule file,
//! compiled once at load and run over a document's text.
//!
//! A [`Matcher`] finds spans: literal `phrases` (case-insensitive, whole words), `patterns`
//! (regular expressions, case-insensitive unless the rule says otherwise) anywhere in the text,
//! `headings` patterns against headings only, and `roles` (an organisation with that role is
//! named). Rule authors write `\b`; the loader rewrites it to an ASCII word boundary, which gives
//! the same matches on English text and keeps the regex engine fast when the text holds "£".
//!
//! Each matcher also says how it reads words the analysis finds negated ([`Negated`], the
//! tables' `negated` key): a match the text says is absent ("no staff will transfer") is not a
//! match (`absent`), is one like any other (`counts`), or is the only kind that is (`only`).
//! Every search here applies it, so the kinds need not.

use std::cell::RefCell;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::analyse::{Analysis, Role, UnitKind};
use crate::document::{Document, Span};

#[derive(Clone, Debug, Default)]
pub struct Matcher {
    /// Phrases and patterns, compiled together into one regex.
    body: Option<Pattern>,
    headings: Option<Pattern>,
    roles: Vec<Role>,
    /// How a match the analysis finds negated is read.
    negated: Negated,
}

/// How a table reads words the analysis finds negated as a statement of absence ("no staff
/// will transfer", "TUPE does not apply"): the `negated` key of a vocabulary table,
/// `[[element]]`, `[[flag]]` and an each-entity rule's `[require]`. Each table has its own
/// default (see the kinds, and `rules/README.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Negated {
    /// A negated match is not a match: the text says the thing is absent.
    #[default]
    Absent,
    /// A negated match counts like any other: the words are the topic, whatever is said of it.
    Counts,
    /// Only negated matches count: the table describes a statement of absence.
    Only,
}

impl Negated {
    /// Does a match at `span` count under this reading?
    pub fn keeps(self, analysis: &Analysis, span: Span) -> bool {
        match self {
            Negated::Counts => true,
            Negated::Absent => !analysis.is_negated(span),
            Negated::Only => analysis.is_negated(span),
        }
    }
}

/// Escape a phrase for a regex, allowing any run of whitespace (and a hyphen for a space) where
/// the phrase has a space, with word boundaries at alphanumeric edges.
pub fn phrase_regex(phrase: &str) -> String {
    let words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
    let mut out = words.join(r"[\s-]+");
    // Curly and straight apostrophes are the same to a reader.
    out = out.replace(['\'', '’'], "['’]");
    // An ASCII boundary next to an ASCII letter or digit (fast); a Unicode one next to any other
    // letter ("café"), where an ASCII boundary could never match.
    let boundary = |c: Option<char>, unicode: &'static str| match c {
        Some(c) if c.is_ascii_alphanumeric() => r"(?-u:\b)",
        Some(c) if c.is_alphanumeric() => unicode,
        _ => "",
    };
    format!(
        "{}{}{}",
        boundary(phrase.chars().next(), r"\b{start}"),
        out,
        boundary(phrase.chars().last(), r"\b{end}")
    )
}

/// Rewrite `\b` and `\B` to their ASCII forms outside character classes (see module docs).
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                // `\b{start}` and friends are left as written.
                Some(b @ ('b' | 'B')) if !in_class && chars.peek() != Some(&'{') => {
                    out.push_str("(?-u:\\");
                    out.push(b);
                    out.push(')');
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A ']' right after '[' or '[^' is a literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Parse one user pattern as [`compile`] would, without compiling it: syntax errors, and
/// whether it can match empty text, for a fraction of the cost. Rule loading validates each
/// pattern this way and compiles a rule's patterns once, together.
pub fn parse(pattern: &str, case_sensitive: bool) -> Result<regex_syntax::hir::Hir, String> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(!case_sensitive)
        .build()
        .parse(&ascii_word_boundaries(pattern))
        .map_err(|e| e.to_string())
}

/// A rule's regex. User rules compile theirs at load, so that a pattern too large for the
/// `regex-size-kb` limit is an error pointing into the rule file. The shipped rules are compiled
/// on first use instead: a run on one small file needs only some of their patterns, and compiling
/// all of them was most of start-up (the test suite compiles every one; see
/// [`shipped_patterns`]).
///
/// Clones share the compiled regex, so a pattern is compiled once per run whichever copy of the
/// rule set (and whichever thread) needs it first.
#[derive(Clone)]
pub struct Pattern(Arc<Compiled>);

struct Compiled {
    source: String,
    case_sensitive: bool,
    regex: OnceLock<Regex>,
}

impl Pattern {
    /// The regex, compiling it now if it has not been.
    pub fn regex(&self) -> &Regex {
        let pattern = &self.0;
        pattern.regex.get_or_init(|| {
            // Only shipped patterns are deferred, and the tests compile each of them, so this
            // cannot fail on a released build.
            RegexBuilder::new(&ascii_word_boundaries(&pattern.source))
                .case_insensitive(!pattern.case_sensitive)
                .size_limit(crate::limits::Limits::default().regex_size)
                .build()
                .unwrap_or_else(|e| {
                    panic!(
                        "shipped rule pattern {:?} does not compile: {e}",
                        pattern.source
                    )
                })
        })
    }

    /// The pattern as the rule wrote it (before the `\b` rewrite).
    pub fn source(&self) -> &str {
        &self.0.source
    }

    /// Compile now if compilation was deferred.
    pub fn force(&self) {
        self.regex();
    }

    /// True once compiled.
    pub fn is_compiled(&self) -> bool {
        self.0.regex.get().is_some()
    }
}

impl Deref for Pattern {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.regex()
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.0.source).finish()
    }
}

thread_local! {
    /// Set while the shipped rules load on this thread: their patterns are trusted (the tests
    /// parse and compile every one), so they are neither checked nor compiled at load, only
    /// collected here.
    static SHIPPED: RefCell<Option<Vec<Pattern>>> = const { RefCell::new(None) };
}

/// Run `load` with the shipped rules' treatment: patterns unchecked and compiled on first use.
/// Returns what `load` returns and the patterns it deferred, in the order it made them.
pub fn shipped_patterns<T>(load: impl FnOnce() -> T) -> (T, Vec<Pattern>) {
    let before = SHIPPED.with(|s| s.replace(Some(Vec::new())));
    let out = load();
    let deferred = SHIPPED.with(|s| s.replace(before)).unwrap_or_default();
    (out, deferred)
}

/// True while the shipped rules load: their patterns need no checking (see [`Pattern`]).
pub fn loading_shipped() -> bool {
    SHIPPED.with(|s| s.borrow().is_some())
}

/// Compile one user pattern with the project's settings. Its compiled size is capped by the
/// `regex-size-kb` limit: beyond that a pattern is almost certainly a mistake (or hostile).
/// While the shipped rules load, compilation is deferred to first use.
pub fn compile(pattern: &str, case_sensitive: bool) -> Result<Pattern, regex::Error> {
    let pattern = Pattern(Arc::new(Compiled {
        source: pattern.into(),
        case_sensitive,
        regex: OnceLock::new(),
    }));
    let deferred = SHIPPED.with(|s| {
        s.borrow_mut()
            .as_mut()
            .map(|list| list.push(pattern.clone()))
            .is_some()
    });
    if deferred {
        return Ok(pattern);
    }
    #[cfg(test)]
    if UNICODE_BOUNDARIES.with(std::cell::Cell::get) {
        let regex = RegexBuilder::new(pattern.source())
            .case_insensitive(!case_sensitive)
            .size_limit(usize::MAX >> 1)
            .build()?;
        let _ = pattern.0.regex.set(regex);
        return Ok(pattern);
    }
    let regex = RegexBuilder::new(&ascii_word_boundaries(pattern.source()))
        .case_insensitive(!case_sensitive)
        .size_limit(crate::limits::current().regex_size)
        .build()?;
    let _ = pattern.0.regex.set(regex);
    Ok(pattern)
}

#[cfg(test)]
thread_local! {
    /// Tests only: compile on this thread as written, Unicode `\b` and all, to show that the
    /// ASCII rewrite changes no finding.
    pub static UNICODE_BOUNDARIES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Compile many alternatives into one regex.
pub fn compile_any(
    alternatives: &[String],
    case_sensitive: bool,
) -> Result<Option<Pattern>, regex::Error> {
    if alternatives.is_empty() {
        return Ok(None);
    }
    let joined = alternatives
        .iter()
        .map(|a| format!("(?:{a})"))
        .collect::<Vec<_>>()
        .join("|");
    compile(&joined, case_sensitive).map(Some)
}

impl Matcher {
    /// Build from parts whose syntax was checked one by one (so syntax errors point at the
    /// pattern that caused them); this is where they are compiled, once, together.
    pub fn new(
        phrases: &[String],
        patterns: &[String],
        headings: &[String],
        roles: Vec<Role>,
        case_sensitive: bool,
    ) -> Result<Matcher, regex::Error> {
        let mut body: Vec<String> = phrases.iter().map(|p| phrase_regex(p)).collect();
        body.extend(patterns.iter().cloned());
        Ok(Matcher {
            body: compile_any(&body, case_sensitive)?,
            headings: compile_any(headings, case_sensitive)?,
            roles,
            negated: Negated::default(),
        })
    }

    /// The same vocabulary, reading negated matches as `negated` says.
    #[must_use]
    pub fn reading(mut self, negated: Negated) -> Matcher {
        self.negated = negated;
        self
    }

    /// How this matcher reads negated matches.
    pub fn negated(&self) -> Negated {
        self.negated
    }

    pub fn is_empty(&self) -> bool {
        self.body.is_none() && self.headings.is_none() && self.roles.is_empty()
    }

    /// Every match in the document, in text order: body matches, heading matches (the whole
    /// heading), and first mentions of organisations with one of the roles; those the table's
    /// [`Negated`] reading does not keep are left out.
    pub fn find_all(&self, doc: &Document, analysis: &Analysis) -> Vec<Span> {
        let mut spans = Vec::new();
        if let Some(body) = &self.body {
            spans.extend(self.kept(body, doc, analysis, Span::new(0, doc.text.len())));
        }
        if let Some(headings) = &self.headings {
            for unit in analysis
                .units
                .iter()
                .filter(|u| u.kind == UnitKind::Heading)
            {
                if headings.is_match(doc.slice(unit.span)) {
                    spans.push(unit.span);
                }
            }
        }
        for org in &analysis.organisations {
            for &role in &self.roles {
                if let Some(span) = org.first_as(role) {
                    spans.push(span);
                }
            }
        }
        spans.retain(|&span| self.negated.keeps(analysis, span));
        spans.sort();
        spans.dedup();
        spans
    }

    /// Whether [`Matcher::find_all`] would find anything, stopping at the first match.
    pub fn is_found(&self, doc: &Document, analysis: &Analysis) -> bool {
        let keeps = |span: Span| self.negated.keeps(analysis, span);
        self.body.as_ref().is_some_and(|body| {
            self.kept(body, doc, analysis, Span::new(0, doc.text.len()))
                .next()
                .is_some()
        }) || self.headings.as_ref().is_some_and(|headings| {
            analysis
                .units
                .iter()
                .filter(|u| u.kind == UnitKind::Heading)
                .any(|unit| headings.is_match(doc.slice(unit.span)) && keeps(unit.span))
        }) || analysis.organisations.iter().any(|org| {
            self.roles
                .iter()
                .any(|&role| org.first_as(role).is_some_and(keeps))
        })
    }

    /// True when the body vocabulary matches inside `span` (a sentence or row), on a match the
    /// table's [`Negated`] reading keeps.
    pub fn matches_in(&self, doc: &Document, analysis: &Analysis, span: Span) -> bool {
        let Some(body) = &self.body else {
            return false;
        };
        if self.negated == Negated::Counts {
            return body.is_match(doc.slice(span));
        }
        self.kept(body, doc, analysis, span).next().is_some()
    }

    /// Every body (phrase and pattern) match inside `span`, as spans of the document, that the
    /// table's [`Negated`] reading keeps.
    pub fn body_spans(&self, doc: &Document, analysis: &Analysis, span: Span) -> Vec<Span> {
        self.body.as_ref().map_or_else(Vec::new, |body| {
            self.kept(body, doc, analysis, span).collect()
        })
    }

    /// The non-empty matches of `body` inside `span` that the table's [`Negated`] reading
    /// keeps, as spans of the document. A match it does not keep is searched again from just
    /// after its start: the leftmost match can begin outside a negation's scope ("funding for
    /// the pilot; no money changes hands") and hide a shorter one that lies inside it.
    fn kept<'a>(
        &'a self,
        body: &'a Pattern,
        doc: &'a Document,
        analysis: &'a Analysis,
        span: Span,
    ) -> impl Iterator<Item = Span> + 'a {
        let text = doc.slice(span);
        let mut at = 0;
        std::iter::from_fn(move || {
            while at <= text.len() {
                let m = body.find_at(text, at)?;
                let found = Span::from(m.range()).shift(span.start);
                if !m.is_empty() && self.negated.keeps(analysis, found) {
                    at = m.end();
                    return Some(found);
                }
                // The next character after the match's start.
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
            None
        })
    }

    /// True when a heading pattern matches `title`, the text of the heading (or title-like
    /// line) at `at`, and the table's [`Negated`] reading keeps it there.
    pub fn heading_matches(&self, analysis: &Analysis, title: &str, at: Span) -> bool {
        self.headings.as_ref().is_some_and(|h| h.is_match(title))
            && self.negated.keeps(analysis, at)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{Matcher, Negated, ascii_word_boundaries, compile, phrase_regex};
    use crate::analyse::{self, DocKind};
    use crate::extract::markdown;

    /// The words `pattern` matches in `text` under each reading of negated matches.
    fn kept(pattern: &str, text: &str, negated: Negated) -> Vec<String> {
        let doc = markdown::extract(PathBuf::from("t.md"), text.to_string(), Vec::new());
        let analysis = analyse::analyse(&doc, Some(DocKind::Mou));
        Matcher::new(&[], &[pattern.to_string()], &[], Vec::new(), false)
            .unwrap()
            .reading(negated)
            .find_all(&doc, &analysis)
            .into_iter()
            .map(|span| doc.slice(span).to_string())
            .collect()
    }

    #[test]
    fn each_reading_keeps_its_own_matches() {
        let text = "Volunteers will run the cafe. Volunteers will not be paid.";
        let pattern = r"\bvolunteers\b[^.]*\b(?:run|paid)\b";
        assert_eq!(
            kept(pattern, text, Negated::Counts),
            ["Volunteers will run", "Volunteers will not be paid"]
        );
        assert_eq!(
            kept(pattern, text, Negated::Absent),
            ["Volunteers will run"]
        );
        assert_eq!(
            kept(pattern, text, Negated::Only),
            ["Volunteers will not be paid"]
        );
    }

    #[test]
    fn a_match_the_reading_drops_is_searched_again_from_inside() {
        // The leftmost match starts at "grant", outside the negation; the one inside it counts.
        let text = "The grant covers the pilot, but no payment passes between the partners.";
        let pattern = r"\b(?:grant|payment)\b[^.;]{0,60}\bbetween\s+the\s+partners\b";
        assert_eq!(
            kept(pattern, text, Negated::Only),
            ["payment passes between the partners"]
        );
    }

    #[test]
    fn phrases_match_whole_words_across_spacing_and_apostrophes() {
        let re = compile(&phrase_regex("Transfer of Undertakings"), false).unwrap();
        assert!(re.is_match("the transfer  of\nundertakings regulations"));
        assert!(!re.is_match("transfer of undertakingsx"));
        let re = compile(&phrase_regex("employee's information"), false).unwrap();
        assert!(re.is_match("employee’s information"));
        let re = compile(&phrase_regex("£0"), false).unwrap();
        assert!(re.is_match("paid £0 a year"));
        let re = compile(&phrase_regex("Café"), false).unwrap();
        assert!(re.is_match("the community café opens"));
        assert!(!re.is_match("cafés"));
    }

    #[test]
    fn word_boundaries_become_ascii_outside_classes() {
        assert_eq!(ascii_word_boundaries(r"\bTUPE\b"), r"(?-u:\b)TUPE(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"[\b]x\B"), r"[\b]x(?-u:\B)");
        assert_eq!(ascii_word_boundaries(r"a\\b"), r"a\\b");
        let re = compile(r"\bTUPE\b", false).unwrap();
        assert!(re.is_match("£5 for tupe costs"));
    }
}
