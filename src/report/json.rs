//! JSON output: one document for the whole run, shape documented in README.md ("JSON output").
//!
//! `version` changes only when a field is removed or changes meaning; new fields may be added.

use std::io::Write;

use serde::Serialize;

use super::Summary;
use super::place::uri_path;
use std::sync::Arc;

use crate::diagnostic::{FileError, FileResult, PackFinding, PackInfo};
use crate::document::{Excerpt, Location};

#[derive(Serialize)]
struct File<'a> {
    path: String,
    format: Option<&'static str>,
    kind: Option<&'static str>,
    /// Whether any rule ran on the file: false when it could not be read (see `errors`) or
    /// was read but not checked (see `unchecked`).
    checked: bool,
    /// Why a file that was read was not checked; `null` otherwise.
    unchecked: Option<Unchecked>,
    /// The name of the pack the file was checked in (see `packs`); absent for a file checked
    /// on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pack: Option<&'a str>,
    diagnostics: Vec<Diagnostic<'a>>,
    errors: &'a [FileError],
    warnings: &'a [String],
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    subject: Option<&'a str>,
    help: &'a str,
    location: &'a Location,
    /// Where the words are, said for a reader: "clause 4.1", "page 3 line 12", "table 2, row 4".
    place: String,
    /// The passage around the words, cut to a few sentences; `null` when there is none.
    passage: Option<Passage<'a>>,
    span: Span,
    snippet: &'a str,
}

/// The words of a finding in their passage: `before` + `words` + `after` is a piece of it.
#[derive(Serialize)]
struct Passage<'a> {
    before: String,
    words: &'a str,
    after: String,
}

/// Characters of the passage kept on each side of the words.
const AROUND: usize = 160;

fn passage(excerpt: &Excerpt) -> Option<Passage<'_>> {
    let mark = excerpt.marks.first()?;
    let text: &str = &excerpt.text;
    let words = text.get(mark.offset..mark.offset + mark.len)?;
    let before = &text[..mark.offset];
    let after = &text[mark.offset + mark.len..];
    // At most AROUND characters, from a word boundary when there is one near.
    let start = before
        .char_indices()
        .rev()
        .nth(AROUND)
        .map_or(0, |(i, _)| i);
    let mut head = before[start..].to_string();
    if start > 0 {
        if let Some(space) = head.find(char::is_whitespace) {
            head.replace_range(..space, "");
        }
        head = format!("…{}", head.trim_start());
    }
    let end = after
        .char_indices()
        .nth(AROUND)
        .map_or(after.len(), |(i, _)| i);
    let mut tail = after[..end].to_string();
    if end < after.len() {
        if let Some(space) = tail.rfind(char::is_whitespace) {
            tail.truncate(space);
        }
        tail = format!("{}…", tail.trim_end());
    }
    Some(Passage {
        before: head,
        words,
        after: tail,
    })
}

/// A pack: files checked as one document set.
#[derive(Serialize)]
struct Pack<'a> {
    name: &'a str,
    kind: &'static str,
    /// The document findings about the whole pack point at.
    main: String,
    /// How `main` was chosen.
    main_reason: &'a str,
    files: Vec<String>,
    /// Findings about the pack as a whole (a provision no member holds), also listed under
    /// the main document.
    findings: &'a [PackFinding],
}

fn pack(info: &PackInfo) -> Pack<'_> {
    Pack {
        name: &info.name,
        kind: info.kind.name(),
        main: uri_path(&info.main),
        main_reason: &info.main_reason,
        files: info.files.iter().map(|f| uri_path(f)).collect(),
        findings: &info.findings,
    }
}

/// A file no rule ran on: a stable code (`unknown-kind`, `no-rule-applies`) and the reason
/// every format prints.
#[derive(Serialize)]
struct Unchecked {
    code: &'static str,
    reason: String,
}

/// Byte offset and length in the normalised text (what `tenderlint extract` prints).
#[derive(Serialize)]
struct Span {
    offset: usize,
    length: usize,
}

fn file(result: &FileResult) -> File<'_> {
    File {
        path: uri_path(&result.path),
        format: result.format.map(|f| f.name()),
        kind: result.kind.map(|k| k.name()),
        checked: result.errors.is_empty() && result.unchecked.is_none(),
        pack: result.pack.as_deref().map(|p| p.name.as_str()),
        unchecked: result.unchecked.map(|why| Unchecked {
            code: why.code(),
            reason: why.reason(),
        }),
        diagnostics: result
            .findings
            .iter()
            .map(|found| Diagnostic {
                rule: &found.finding.rule,
                severity: found.finding.severity.name(),
                message: &found.finding.message,
                subject: found.finding.subject.as_deref(),
                help: &found.finding.help,
                location: &found.location,
                place: found.location.place(),
                passage: found.excerpt.as_ref().and_then(passage),
                span: Span {
                    offset: found.finding.span.start,
                    length: found.finding.span.len(),
                },
                snippet: &found.snippet,
            })
            .collect(),
        errors: &result.errors,
        warnings: &result.warnings,
    }
}

pub fn write(out: &mut dyn Write, results: &[FileResult]) -> std::io::Result<()> {
    let mut writer = Writer::default();
    for result in results {
        writer.file(out, result)?;
    }
    writer.finish(out, &Summary::of(results))
}

/// Writes the JSON document (`{"version", "files": [...], "summary"}`) file by file, as results
/// arrive, so that a run need not hold them all: byte for byte what serialising the whole
/// document at once gives (a test checks).
#[derive(Default)]
pub struct Writer {
    files: usize,
    /// The packs met so far, in order.
    packs: Vec<Arc<PackInfo>>,
}

impl Writer {
    /// One more entry of `files` (the document's head before the first).
    pub fn file(&mut self, out: &mut dyn Write, result: &FileResult) -> std::io::Result<()> {
        if self.files == 0 {
            write!(out, "{{\n  \"version\": {VERSION},\n  \"files\": [\n")?;
        } else {
            writeln!(out, ",")?;
        }
        self.files += 1;
        if let Some(info) = &result.pack
            && !self.packs.iter().any(|p| Arc::ptr_eq(p, info))
        {
            self.packs.push(Arc::clone(info));
        }
        write_indented(out, &file(result), "    ")
    }

    /// The end of `files`, the summary and the end of the document.
    pub fn finish(self, out: &mut dyn Write, summary: &Summary) -> std::io::Result<()> {
        if self.files == 0 {
            write!(out, "{{\n  \"version\": {VERSION},\n  \"files\": []")?;
        } else {
            write!(out, "\n  ]")?;
        }
        // Packs only when there are some: a run of single files reads as it always has.
        if !self.packs.is_empty() {
            let packs: Vec<Pack<'_>> = self.packs.iter().map(|p| pack(p)).collect();
            write!(out, ",\n  \"packs\": ")?;
            let text = serde_json::to_string_pretty(&packs).map_err(std::io::Error::other)?;
            write!(out, "{}", text.replace('\n', "\n  "))?;
        }
        write!(out, ",\n  \"summary\": ")?;
        let summary = serde_json::to_string_pretty(summary).map_err(std::io::Error::other)?;
        write!(out, "{}", summary.replace('\n', "\n  "))?;
        writeln!(out, "\n}}")
    }
}

const VERSION: u32 = 1;

/// `value` pretty-printed, every line indented by `indent` (JSON strings hold no raw line
/// breaks, so indenting lines cannot change a value).
fn write_indented(
    out: &mut dyn Write,
    value: &impl Serialize,
    indent: &str,
) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write!(out, "{indent}{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde::Serialize;

    use super::{AROUND, File, Summary, VERSION, file, passage, write};
    use crate::diagnostic::{FileError, FileResult, Unchecked};
    use crate::document::{Excerpt, Mark};

    /// The whole document, serialised at once.
    #[derive(Serialize)]
    struct Output<'a> {
        version: u32,
        files: Vec<File<'a>>,
        summary: Summary,
    }

    fn result(path: &str, errors: usize) -> FileResult {
        FileResult {
            path: PathBuf::from(path),
            format: None,
            kind: None,
            findings: Vec::new(),
            errors: (0..errors)
                .map(|_| FileError {
                    code: "not-found",
                    message: "file not found\n(really)".into(),
                    help: "check the path".into(),
                })
                .collect(),
            warnings: vec!["a \"quoted\" warning".into()],
            unchecked: None,
            pack: None,
            suppressed: Vec::new(),
        }
    }

    #[test]
    fn written_file_by_file_equals_written_at_once() {
        for results in [
            vec![],
            vec![result("a.md", 1)],
            vec![result("a.md", 0), result("b/c.md", 2)],
            vec![FileResult {
                unchecked: Some(Unchecked::UnknownKind),
                ..result("report.md", 0)
            }],
        ] {
            let mut streamed = Vec::new();
            write(&mut streamed, &results).expect("write");
            let whole = Output {
                version: VERSION,
                files: results.iter().map(file).collect(),
                summary: Summary::of(&results),
            };
            let mut expected = serde_json::to_vec_pretty(&whole).expect("serialise");
            expected.push(b'\n');
            assert_eq!(
                String::from_utf8(streamed).expect("utf-8"),
                String::from_utf8(expected).expect("utf-8")
            );
        }
    }

    fn excerpt(text: &str, words: &str) -> Excerpt {
        let offset = text.find(words).expect("words in the text");
        Excerpt {
            name: "x".into(),
            text: text.into(),
            marks: vec![Mark {
                offset,
                len: words.len(),
                label: String::new(),
            }],
            elsewhere: Vec::new(),
            needs_place: false,
        }
    }

    #[test]
    fn a_passage_is_cut_at_words_around_the_marked_ones() {
        let short = excerpt("Payment is due in 60 days.", "60 days");
        let cut = passage(&short).expect("a passage");
        assert_eq!(
            (cut.before.as_str(), cut.words, cut.after.as_str()),
            ("Payment is due in ", "60 days", ".")
        );
        // Long on both sides, with words of several bytes: cut between words, marked with `…`.
        let side = "naïve £word ".repeat(40);
        let text = format!("{side}the marked words{side}");
        let long = excerpt(&text, "the marked words");
        let cut = passage(&long).expect("a passage");
        assert!(cut.before.starts_with('…') && cut.after.ends_with('…'));
        assert!(cut.before.chars().count() <= AROUND + 1, "{}", cut.before);
        assert!(cut.after.chars().count() <= AROUND + 1, "{}", cut.after);
        assert!(
            cut.before.starts_with("…naïve") || cut.before.starts_with("…£word"),
            "{}",
            cut.before
        );
        assert!(
            cut.after.ends_with("naïve…") || cut.after.ends_with("£word…"),
            "{}",
            cut.after
        );
        assert_eq!(cut.words, "the marked words");
    }
}
