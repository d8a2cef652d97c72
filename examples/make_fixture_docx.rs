//! Writes the docx-rs twins of the Markdown fixtures: `fixtures/docx/docx-rs/{group}/{name}.docx`.
//!
//! Run it as `cargo run --example make_fixture_docx` (`tools/make-fixture-docx.sh` runs it after
//! the pandoc and LibreOffice routes). `--out DIR` writes somewhere else, so the script can check
//! that a second run gives the same bytes.
//!
//! pandoc's DOCX is flat: its lists are pandoc's own numbering, and it has no header, footer,
//! comment or tracked change. These twins are the Word structure a reader meets in real
//! agreements and bids, built around the same text, so a reader has to get each of them right to
//! give the same findings as the Markdown:
//!
//! - The text comes from tenderlint's own Markdown extractor (`Document` blocks), so the words are
//!   exactly the ones the rules see in the Markdown twin, with emphasis and links already gone.
//! - Headings are paragraphs in `Heading 1`..`Heading 6` styles, defined here with an outline level
//!   as Word defines them, so a reader that knows headings only from the style sees them.
//! - A real numbered clause list: headings written "4. Charges", paragraphs written "4.2 Open Gate
//!   will ..." and ordered list items are numbered through numbering.xml, and the literal number
//!   is removed from the text. One multilevel list ("%1." / "%1.%2" / ...) carries the headings as
//!   level 0 and the clauses as level 1, so Word renders "4.2" where the Markdown said "4.2". A
//!   number is only moved into numbering when what Word would render is the literal number
//!   ([`Clauses::place`] keeps Word's counters); otherwise the text keeps its literal number. A list
//!   that starts again at 1 gets a new `w:num` with `w:startOverride`, as Word writes a restart.
//!   Nested Markdown lists are level 1 of the same list, so they render as the clause number the
//!   Markdown extractor gives them ("3.1"), not as the Markdown's own "1.". Bulleted items use a
//!   bullet list definition.
//! - Tables are Word tables, one paragraph per cell, so a budget row keeps its partner and its
//!   amounts together. Header rows repeat on each page (`w:tblHeader`).
//! - A header ("Draft for review") and a footer ("Page" and a PAGE field): running text that a
//!   reader may read or skip, but that must not change any finding.
//! - One footnote with neutral text.
//! - One comment whose text would change the findings if it were read as document text
//!   ([`COMMENT`]): readers must keep comments out.
//! - Tracked changes: a `w:ins` that holds real words of the document (if a reader dropped inserted
//!   text, a sentence would lose words; in the youth bid, a finding with them), and a `w:del`
//!   holding a sentence that would add a finding if it were counted. A reader must see the document
//!   as if the changes were accepted. The reader also reports the unaccepted changes as an info
//!   finding (`unaccepted-tracked-changes`); that one is expected.
//!
//! What docx-rs 0.4.22 cannot write, and is patched into the package parts after `Docx::build`
//! and before packing (see [`patch_document`] and [`patch_footnotes`]):
//! - `w:tblHeader`: docx-rs has no row property for it. Header rows are built with
//!   `w:cantSplit` (a real property, and only header rows get it) and the patch adds
//!   `w:tblHeader` next to it.
//! - `w:footnoteRef`: docx-rs writes the footnote's text but not the mark that shows its number at
//!   the foot of the page. The patch puts one at the start of the footnote.
//! - Revision ids: docx-rs numbers `w:ins`/`w:del` from a process-wide counter, so a file's ids
//!   would depend on which fixtures were written before it. The patch renumbers them per file.
//!
//! Determinism: dates are fixed ([`DATE`]), paragraph ids are set per file (docx-rs would otherwise
//! count them across the whole run), and docx-rs's ZIP writer stores fixed entry times. Two runs
//! give the same bytes, and a file is only rewritten when its bytes change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::LazyLock;

use docx_rs::{
    AbstractNumbering, Comment, Delete, Docx, Footer, Footnote, Header, IndentLevel, Insert, Level,
    LevelJc, LevelOverride, LevelText, LineSpacing, NumberFormat, Numbering, NumberingId,
    PageMargin, PageNum, Paragraph, Run, RunFonts, SpecialIndentType, Start, Style, StyleType,
    Table, TableCell, TableRow, VertAlignType, WidthType,
};
use regex::Regex;
use tenderlint::document::{BlockKind, Document, Span};

/// The fixture folders, in the order the files are written.
const GROUPS: [&str; 3] = ["bids", "agreements", "misc"];

/// Every date in the package: document properties, tracked changes, the comment. The same instant
/// as SOURCE_DATE_EPOCH in tools/make-fixture-docx.sh (2025-01-01T00:00:00Z).
const DATE: &str = "2025-01-01T00:00:00Z";
const AUTHOR: &str = "Reviewer";

/// The comment on every twin. Read as document text it would change the findings: it names a
/// dispute resolution clause and TUPE (clearing `missing-dispute-resolution` and
/// `missing-tupe-disclosure`) and states an impossible target (adding `unrealistic-target`).
const COMMENT: &str = "There is no dispute resolution clause and the partner gets no funding; \
TUPE applies to staff transferring. This draft also says 300% of participants will find work.";
const COMMENT_ID: usize = 1;

/// The footnote on every twin: no organisation, amount, percentage or kind cue, so no finding.
const FOOTNOTE: &str = "This copy was circulated for internal review.";
const HEADER: &str = "Draft for review";

/// A4 with 2.5 cm margins, as the PDF twins; the text block is 9072 twips wide.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
const MARGIN: i32 = 1417;
const TEXT_WIDTH: usize = 9072;

/// Abstract numbering definitions and the bullet list instance. docx-rs always writes its own
/// default definition and instance with id 1 (unused here), so ours start at 2.
const CLAUSE_LIST: usize = 2;
const BULLET_LIST: usize = 3;
const BULLETS: usize = 2;

/// Where the tracked changes, the comment and the footnote go in one fixture. Each text must occur
/// exactly once in the extracted text, inside one heading, paragraph or list item.
struct Extras {
    name: &'static str,
    /// Words of the document that become a tracked insertion.
    inserted: &'static str,
    /// The tracked deletion goes right after this text...
    deleted_after: &'static str,
    /// ...and holds this (with its leading space, so the accepted text is spaced as before).
    deleted: &'static str,
    /// The comment is anchored on the paragraph holding this text.
    commented: &'static str,
    /// The footnote mark follows this text.
    footnote_after: &'static str,
}

/// Each deleted sentence states an impossible target, so it would add an `unrealistic-target`
/// finding if a reader counted it (checked by putting it into a copy of the Markdown). The inserted
/// words are a clause or phrase a reader needs; in the youth bid they hold finding 4.
const EXTRAS: &[Extras] = &[
    Extras {
        name: "youth-employment-bid",
        // Finding 4 (115% of enrolled participants) lives in the inserted words.
        inserted: "115% of enrolled participants",
        deleted_after: "those relationships are the thing they value most.",
        deleted: " We are confident that 250% of participants will secure jobs within a week.",
        commented: "Holmbridge Youth Trust will hold the contract with the Council",
        footnote_after: "they just cannot get through the door of the interview.",
    },
    Extras {
        name: "tenancy-sustainment-bid",
        // The domestic abuse partner's funding, as the narrative states it.
        inserted: "will receive 10% of the contract value",
        deleted_after: "to help households in Northmoor keep their homes.",
        deleted: " We are confident that 250% of the households we support will keep their tenancies.",
        commented: "Each partner has helped shape this method statement",
        footnote_after: "Proposed contract period: 1 July 2025 to 30 June 2028.",
    },
    Extras {
        name: "subcontract-advice-service",
        inserted: "whether or not it has itself been paid by the Council",
        deleted_after: "referral volumes and any changes the Council has asked for.",
        deleted: " The Subcontractor will make sure that 150% of referred clients are debt free within a month.",
        commented: "is dated 24 March 2025.",
        footnote_after: "is dated 24 March 2025.",
    },
    Extras {
        name: "subcontract-with-disputes",
        inserted: "and will not hold back payment because NHS England has paid late",
        deleted_after: "will agree a short improvement plan.",
        deleted: " Open Gate will make sure that 150% of the men it works with keep in touch with their families.",
        commented: "It starts on 1 May 2025 and runs for three years",
        footnote_after: "It starts on 1 May 2025 and runs for three years, to 30 April 2028.",
    },
    Extras {
        name: "consortium-agreement",
        inserted: "whether or not the Council has paid VCAT on time",
        deleted_after: "meets at least every two months.",
        deleted: " Greenacre will make sure that 150% of the older carers it befriends are never lonely again.",
        commented: "is made on 2 June 2025",
        footnote_after: "each a \"Member\" and together the \"Members\".",
    },
    Extras {
        name: "referral-mou",
        inserted: "for 28 days from the date of referral",
        deleted_after: "are good at spotting money problems early but are not debt advisers.",
        deleted: " Rushmere will make sure that 120% of referred tenants clear their arrears within a month.",
        commented: "This memorandum sets out how the two organisations will work together",
        footnote_after: "It is a statement of how we intend to work, not a legally binding contract.",
    },
    Extras {
        name: "partnership-agreement",
        inserted: "within ten working days of receiving each payment from the Trust and",
        deleted_after: "Kingsmead Health NHS Foundation Trust (the \"Trust\").",
        deleted: " The Partners will make sure that 150% of the people they support find paid work within a month.",
        commented: "This agreement is made on 30 July 2025",
        footnote_after: "This agreement is governed by the law of England and Wales.",
    },
    Extras {
        name: "not-a-bid-report",
        inserted: "between them describing 61 partnerships with larger providers",
        // Commentary gets no findings, whatever it says; this sentence also names "our bid", a
        // cue that would make the post read as a bid, whose targets would then be checked.
        deleted_after: "tell us honestly how joint bidding had gone for them over the previous three years.",
        deleted: " Our bid promised that 250% of participants would secure jobs within a week.",
        commented: "Nine respondents had either taken on staff",
        footnote_after: "A fuller write-up goes to our trustees in January.",
    },
    Extras {
        name: "family-support-bid",
        inserted: "with a crèche, and will host the Saturday family sessions",
        deleted_after: "before their needs reach the threshold for social care.",
        deleted: " We are confident that 140% of referred families will be thriving within a month.",
        commented: "Rowanfield Parents' Centre will run two parenting groups a week",
        footnote_after: "Advice CIC and Hollybrook Dads' Network.",
    },
    Extras {
        name: "mou-youth-mentoring",
        inserted: "and never alone in a young person's home",
        deleted_after: "at school or at the Fellside youth centre, and never alone in a young person's home.",
        deleted: " Every young person mentored will gain five GCSEs at grade 9.",
        commented: "This memorandum is made on 2 June 2025 between:",
        footnote_after: "The Hallam Community Foundation has awarded £64,000 for the pilot year.",
    },
    Extras {
        name: "subcontract-payment-and-exit",
        inserted: "a first casework appointment within 10 Working Days of the referral",
        deleted_after: "a monthly data return by the 7th Working Day of the following month.",
        deleted: " The Subcontractor will make sure that 130% of referred clients win their appeals.",
        commented: "is dated 14 July 2025 and is made between",
        footnote_after: "with reasonable skill and care and in line with the Advice Quality Standard.",
    },
    Extras {
        name: "subcontract-staff-transfer",
        inserted: "in the quarterly instalments set out in Schedule 2",
        deleted_after: "in accordance with Schedule 1 and with reasonable skill and care.",
        deleted: " The Subcontractor will make sure that 150% of the families it visits never need social care.",
        commented: "The Lead Provider shall pay the Subcontractor the Contract Price",
        footnote_after: "in the quarterly instalments set out in Schedule 2.",
    },
];

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = root.join("fixtures/docx/docx-rs");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--out", Some(dir)) => out = PathBuf::from(dir),
            _ => {
                eprintln!("usage: make_fixture_docx [--out DIR]");
                return ExitCode::from(2);
            }
        }
    }
    let mut failed = false;
    for group in GROUPS {
        let mut sources: Vec<PathBuf> = match std::fs::read_dir(root.join("fixtures").join(group)) {
            Ok(dir) => dir
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect(),
            Err(e) => {
                eprintln!("make_fixture_docx: fixtures/{group}: {e}");
                return ExitCode::FAILURE;
            }
        };
        sources.sort();
        for source in sources {
            let name = source.file_stem().unwrap_or_default().to_string_lossy();
            let dest = out.join(group).join(format!("{name}.docx"));
            match make(&source, &name).and_then(|bytes| install(&bytes, &dest)) {
                Ok(status) => println!("  {status:<11} {}", shown(&root, &dest)),
                Err(e) => {
                    eprintln!("make_fixture_docx: fixtures/{group}/{name}.md: {e}");
                    failed = true;
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Write `bytes` to `dest` unless it already holds them, so unchanged fixtures keep their mtime.
fn install(bytes: &[u8], dest: &Path) -> Result<&'static str, String> {
    if std::fs::read(dest).is_ok_and(|old| old == bytes) {
        return Ok("unchanged");
    }
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(dest, bytes).map_err(|e| format!("{}: {e}", dest.display()))?;
    Ok("wrote")
}

/// One fixture: Markdown in, DOCX bytes out.
fn make(source: &Path, name: &str) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(source).map_err(|e| e.to_string())?;
    let doc = tenderlint::extract::extract(source, &bytes).map_err(|e| e.to_string())?;
    let extras = EXTRAS
        .iter()
        .find(|x| x.name == name)
        .ok_or_else(|| format!("no entry for {name} in EXTRAS (examples/make_fixture_docx.rs)"))?;
    let marks = place_marks(&doc, extras)?;
    let docx = Writer::new(&doc, marks).write()?;
    let mut xml = docx.build();
    xml.document = patch_document(&xml.document)?;
    xml.footnotes = patch_footnotes(&xml.footnotes)?;
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// Something placed at a text offset inside a paragraph, besides its text. Variant order is the
/// order at one offset: ranges close before others open.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    InsertEnd,
    CommentEnd,
    Footnote,
    Deleted(&'static str),
    CommentStart,
    InsertStart,
}

/// The one place `needle` occurs in the document's text, or an error naming the fixture text to fix.
fn find(doc: &Document, needle: &str, what: &str) -> Result<Span, String> {
    let hits: Vec<usize> = doc.text.match_indices(needle).map(|(i, _)| i).collect();
    match hits.as_slice() {
        [start] => {
            let span = Span::new(*start, start + needle.len());
            let in_text_block = doc.blocks.iter().any(|b| {
                !matches!(b.kind, BlockKind::Table(_))
                    && b.span.start <= span.start
                    && span.end <= b.span.end
            });
            if in_text_block {
                Ok(span)
            } else {
                Err(format!(
                    "{what} text {needle:?} is not inside one paragraph, heading or list item"
                ))
            }
        }
        [] => Err(format!("{what} text {needle:?} is not in the document")),
        _ => Err(format!(
            "{what} text {needle:?} occurs {} times; it must be unique",
            hits.len()
        )),
    }
}

fn place_marks(doc: &Document, x: &Extras) -> Result<Vec<(usize, Mark)>, String> {
    let inserted = find(doc, x.inserted, "inserted")?;
    let deleted = find(doc, x.deleted_after, "deleted_after")?;
    let commented = find(doc, x.commented, "commented")?;
    let footnote = find(doc, x.footnote_after, "footnote_after")?;
    // The comment spans the whole paragraph it is on.
    let block = doc
        .block_at(commented.start)
        .map(|i| doc.blocks[i].span)
        .unwrap_or(commented);
    let mut marks = vec![
        (inserted.start, Mark::InsertStart),
        (inserted.end, Mark::InsertEnd),
        (deleted.end, Mark::Deleted(x.deleted)),
        (block.start, Mark::CommentStart),
        (block.end, Mark::CommentEnd),
        (footnote.end, Mark::Footnote),
    ];
    marks.sort();
    Ok(marks)
}

/// A heading that starts with a clause number: "4. Charges", "4.1 Current provider".
static HEADING_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+\.|\d+(?:\.\d+)+) +\S").expect("regex"));
/// A paragraph that starts with a clause number: "4.2 Open Gate will ...".
static CLAUSE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+(?:\.\d+)+) +\S").expect("regex"));

/// Word's counters for the clause list, to decide when a literal number can become numbering.
struct Clauses {
    /// Each `w:num` made so far: its id and the start of each level (its `w:startOverride`s).
    nums: Vec<(usize, Vec<u32>)>,
    /// The last value of each level in the current list, `None` if the level has not been used
    /// since its parent last moved on.
    counters: Vec<Option<u32>>,
    next_id: usize,
}

const LEVELS: usize = 9;

impl Clauses {
    fn new() -> Self {
        Clauses {
            nums: Vec::new(),
            counters: vec![None; LEVELS],
            next_id: BULLETS + 1,
        }
    }

    /// The list and level to use for a paragraph that must render as `numbers` ([4, 2] for
    /// "4.2"), or `None` if Word would render something else.
    fn place(&mut self, numbers: &[u32]) -> Option<(usize, usize)> {
        let level = numbers.len().checked_sub(1)?;
        if level >= LEVELS {
            return None;
        }
        if let Some((id, starts)) = self.nums.last() {
            // Word: a level counts on from its last value, or starts again (at its start value)
            // once a higher level has moved on; every deeper level starts again after it.
            let mut counters = self.counters.clone();
            counters[level] = Some(counters[level].map_or(starts[level], |n| n + 1));
            for deeper in &mut counters[level + 1..] {
                *deeper = None;
            }
            // A parent level that has not been used renders as its start value in Word but not
            // in every reader, so only lists whose parents were written count.
            let rendered: Option<Vec<u32>> = counters[..=level].iter().copied().collect();
            if rendered.as_deref() == Some(numbers) {
                self.counters = counters;
                return Some((*id, level));
            }
        }
        if level > 0 {
            return None;
        }
        // A list that starts again: a new instance of the same definition, restarted, as Word
        // writes "Restart at 1".
        let id = self.next_id;
        self.next_id += 1;
        let mut starts = vec![1; LEVELS];
        starts[0] = numbers[0];
        self.nums.push((id, starts));
        self.counters = vec![None; LEVELS];
        self.counters[0] = Some(numbers[0]);
        Some((id, 0))
    }
}

struct Writer<'d> {
    doc: &'d Document,
    marks: Vec<(usize, Mark)>,
    clauses: Clauses,
    /// Paragraph ids (`w14:paraId`), counted per file.
    para_id: u32,
}

impl<'d> Writer<'d> {
    fn new(doc: &'d Document, marks: Vec<(usize, Mark)>) -> Self {
        Writer {
            doc,
            marks,
            clauses: Clauses::new(),
            para_id: 0,
        }
    }

    fn paragraph(&mut self) -> Paragraph {
        self.para_id += 1;
        Paragraph::new().id(format!("{:08X}", self.para_id))
    }

    fn write(mut self) -> Result<Docx, String> {
        let mut docx = base_docx();
        let doc = self.doc;
        for block in &doc.blocks {
            let text = doc.slice(block.span);
            match &block.kind {
                BlockKind::Heading { level } => {
                    let style = format!("Heading{}", (*level).clamp(1, 6));
                    let p = self.paragraph().style(&style);
                    let (p, skip) = self.number_literal(p, text, &HEADING_NUMBER);
                    docx = docx.add_paragraph(self.content(p, block.span, skip)?);
                }
                BlockKind::Paragraph => {
                    let p = self.paragraph().style("Normal");
                    let (p, skip) = self.number_literal(p, text, &CLAUSE_NUMBER);
                    docx = docx.add_paragraph(self.content(p, block.span, skip)?);
                }
                BlockKind::ListItem { label, depth } => {
                    let depth = usize::from(*depth);
                    let p = self.paragraph().style("Normal");
                    let p = self.number_item(p, label, depth, block.clause.as_deref());
                    docx = docx.add_paragraph(self.content(p, block.span, 0)?);
                }
                BlockKind::Table(table) => {
                    let (header_rows, rows) = (table.header_rows, &table.rows);
                    docx = docx.add_table(self.table(header_rows, rows));
                }
            }
        }
        let mut unplaced = self.marks.iter().map(|(_, m)| format!("{m:?}"));
        if let Some(first) = unplaced.next() {
            return Err(format!(
                "could not place {first} (inside a numbered prefix?)"
            ));
        }
        Ok(self.finish(docx))
    }

    /// Number a paragraph whose text starts with a literal number `pattern` matches, when Word
    /// would render that number; returns how many bytes of literal number to leave out.
    fn number_literal(&mut self, p: Paragraph, text: &str, pattern: &Regex) -> (Paragraph, usize) {
        let Some(m) = pattern.captures(text).and_then(|c| c.get(1)) else {
            return (p, 0);
        };
        let numbers: Option<Vec<u32>> = m
            .as_str()
            .trim_end_matches('.')
            .split('.')
            .map(|n| n.parse().ok())
            .collect();
        let Some((id, level)) = numbers.and_then(|n| self.clauses.place(&n)) else {
            return (p, 0);
        };
        let skip = text[m.end()..].len() - text[m.end()..].trim_start().len();
        (
            p.numbering(NumberingId::new(id), IndentLevel::new(level)),
            m.end() + skip,
        )
    }

    /// Number a list item: bullets from the bullet list, numbered items as clauses of the
    /// current list when Word renders the same number (the label at the top level, the clause
    /// number "3.1" below it). Otherwise the label stays literal text.
    fn number_item(
        &mut self,
        p: Paragraph,
        label: &str,
        depth: usize,
        clause: Option<&str>,
    ) -> Paragraph {
        let level = depth.min(LEVELS - 1);
        let ordered = label.trim_end_matches('.');
        if !ordered.bytes().all(|b| b.is_ascii_digit()) || ordered.is_empty() {
            return p.numbering(NumberingId::new(BULLETS), IndentLevel::new(level));
        }
        // Level 0 renders "%1.", so the label must be "N."; deeper levels render the clause.
        let wanted = if depth == 0 {
            label.strip_suffix('.')
        } else {
            clause
        };
        let numbers: Option<Vec<u32>> =
            wanted.and_then(|w| w.split('.').map(|n| n.parse().ok()).collect());
        match numbers.filter(|n| n.len() == depth + 1) {
            Some(n) => match self.clauses.place(&n) {
                Some((id, level)) => p.numbering(NumberingId::new(id), IndentLevel::new(level)),
                None => literal_label(p, label),
            },
            None => literal_label(p, label),
        }
    }

    /// The paragraph's runs: its text from `span.start + skip` to `span.end`, split where marks
    /// fall, with inserted text in `w:ins`, the deleted sentence in `w:del`, the comment range and
    /// the footnote reference.
    fn content(&mut self, mut p: Paragraph, span: Span, skip: usize) -> Result<Paragraph, String> {
        let start = span.start + skip;
        let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.marks)
            .into_iter()
            .partition(|(at, _)| (start..=span.end).contains(at));
        self.marks = rest;
        let mut at = start;
        let mut inserting = false;
        for (offset, mark) in mine {
            if offset > at {
                p = text_runs(p, &self.doc.text[at..offset], inserting);
                at = offset;
            }
            p = match mark {
                Mark::InsertStart => {
                    inserting = true;
                    p
                }
                Mark::InsertEnd => {
                    inserting = false;
                    p
                }
                Mark::Deleted(text) => p.add_delete(
                    Delete::new()
                        .author(AUTHOR)
                        .date(DATE)
                        .add_run(Run::new().add_delete_text(text)),
                ),
                Mark::CommentStart => p.add_comment_start(
                    Comment::new(COMMENT_ID)
                        .author(AUTHOR)
                        .date(DATE)
                        .add_paragraph(self.paragraph().add_run(Run::new().add_text(COMMENT))),
                ),
                Mark::CommentEnd => p.add_comment_end(COMMENT_ID),
                Mark::Footnote => {
                    let note = Footnote {
                        id: 1,
                        content: vec![
                            self.paragraph()
                                .style("FootnoteText")
                                .add_run(Run::new().add_text(format!(" {FOOTNOTE}"))),
                        ],
                    };
                    p.add_run(Run::new().add_footnote_reference(note))
                }
            };
        }
        if inserting {
            return Err("the inserted text runs past the end of its paragraph".into());
        }
        if at < span.end {
            p = text_runs(p, &self.doc.text[at..span.end], false);
        }
        Ok(p)
    }

    fn table(&mut self, header_rows: usize, rows: &[tenderlint::document::Row]) -> Table {
        let cells: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.cells.iter().map(|&c| self.doc.slice(c)).collect())
            .collect();
        let widths = column_widths(&cells);
        let rows = cells
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let header = r < header_rows;
                let cells = row
                    .iter()
                    .zip(&widths)
                    .map(|(text, &width)| {
                        let run = Run::new().add_text(*text);
                        let run = if header { run.bold() } else { run };
                        TableCell::new()
                            .width(width, WidthType::Dxa)
                            .add_paragraph(self.paragraph().style("Compact").add_run(run))
                    })
                    .collect();
                let row = TableRow::new(cells);
                // The marker patch_document turns into a repeating header row.
                if header { row.cant_split() } else { row }
            })
            .collect();
        Table::new(rows).set_grid(widths)
    }

    /// Numbering definitions, header, footer.
    fn finish(mut self, docx: Docx) -> Docx {
        let mut docx = docx
            .add_abstract_numbering(clause_list())
            .add_abstract_numbering(bullet_list())
            .add_numbering(Numbering::new(BULLETS, BULLET_LIST));
        for (id, starts) in &self.clauses.nums {
            let mut num = Numbering::new(*id, CLAUSE_LIST);
            for (level, &start) in starts.iter().enumerate() {
                num = num.add_override(LevelOverride::new(level).start(start as usize));
            }
            docx = docx.add_numbering(num);
        }
        let header = Header::new().add_paragraph(
            self.paragraph()
                .style("Header")
                .add_run(Run::new().add_text(HEADER)),
        );
        let footer = Footer::new().add_paragraph(
            self.paragraph()
                .style("Footer")
                .add_run(Run::new().add_text("Page "))
                .add_page_num(PageNum::new()),
        );
        docx.header(header).footer(footer)
    }
}

/// Text as runs; a line break inside a block (a hard break in the Markdown) is a `w:br`.
fn text_runs(mut p: Paragraph, text: &str, inserted: bool) -> Paragraph {
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        if !line.is_empty() {
            run = run.add_text(line);
        }
    }
    if inserted {
        p = p.add_insert(Insert::new(run).author(AUTHOR).date(DATE));
    } else {
        p = p.add_run(run);
    }
    p
}

/// A list item whose number Word would not render as the Markdown does keeps its label as text.
fn literal_label(p: Paragraph, label: &str) -> Paragraph {
    eprintln!("  note: list label {label:?} kept as literal text");
    p.add_run(Run::new().add_text(format!("{label} ")))
}

/// Column widths in twips across the text block: each column gets at least its longest word and
/// the rest is shared by how much longer its longest cell is (as tools/make-fixture-pdfs.sh does
/// for the pandoc route).
fn column_widths(rows: &[Vec<&str>]) -> Vec<usize> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut longest = vec![1usize; columns];
    let mut word = vec![1usize; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            longest[i] = longest[i].max(cell.chars().count());
            for w in cell.split_whitespace() {
                word[i] = word[i].max(w.chars().count());
            }
        }
    }
    let minimum: usize = word.iter().map(|w| w + 3).sum();
    let slack: usize = longest.iter().zip(&word).map(|(l, w)| l - w).sum();
    let spare = 80usize.saturating_sub(minimum) as f64;
    let chars: Vec<f64> = (0..columns)
        .map(|i| {
            let extra = if slack > 0 {
                spare * (longest[i] - word[i]) as f64 / slack as f64
            } else {
                0.0
            };
            (word[i] + 3) as f64 + extra
        })
        .collect();
    let total: f64 = chars.iter().sum();
    chars
        .iter()
        .map(|c| (c / total * TEXT_WIDTH as f64).floor() as usize)
        .collect()
}

/// The document shell: A4 page, fixed dates, and the styles the body uses.
fn base_docx() -> Docx {
    let margin = PageMargin {
        top: MARGIN,
        left: MARGIN,
        bottom: MARGIN,
        right: MARGIN,
        header: 709,
        footer: 709,
        gutter: 0,
    };
    let mut docx = Docx::new()
        .created_at(DATE)
        .updated_at(DATE)
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(margin)
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri"),
        )
        .default_size(22)
        // docx-rs always writes a bare "Normal" style of its own, so paragraph spacing goes in
        // the document defaults.
        .default_line_spacing(LineSpacing::new().after(120))
        .add_style(
            Style::new("Compact", StyleType::Paragraph)
                .name("Compact")
                .based_on("Normal")
                .line_spacing(LineSpacing::new().before(20).after(20)),
        );
    // Heading n: Word's built-in name ("heading 1") and outline level n-1.
    for (level, size) in [(1, 32), (2, 28), (3, 26), (4, 24), (5, 22), (6, 22)] {
        docx = docx.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("Normal")
                .outline_lvl(level - 1)
                .line_spacing(LineSpacing::new().before(240).after(120))
                .size(size)
                .bold(),
        );
    }
    let mut superscript = Style::new("FootnoteReference", StyleType::Character)
        .name("footnote reference")
        .ui_priority(99);
    superscript.run_property = superscript
        .run_property
        .vert_align(VertAlignType::SuperScript);
    docx.add_style(superscript)
        .add_style(
            Style::new("FootnoteText", StyleType::Paragraph)
                .name("footnote text")
                .based_on("Normal")
                .size(20),
        )
        .add_style(
            Style::new("Header", StyleType::Paragraph)
                .name("header")
                .based_on("Normal"),
        )
        .add_style(
            Style::new("Footer", StyleType::Paragraph)
                .name("footer")
                .based_on("Normal"),
        )
}

/// The multilevel clause list: "1.", "1.1", "1.1.1", ... (as contracts number clauses).
fn clause_list() -> AbstractNumbering {
    let mut list = AbstractNumbering::new(CLAUSE_LIST);
    for level in 0..LEVELS {
        let mut text = String::new();
        for k in 1..=level + 1 {
            if k > 1 {
                text.push('.');
            }
            let _ = write!(text, "%{k}");
        }
        if level == 0 {
            text.push('.');
        }
        let hanging = if level == 0 { 567 } else { 851 };
        list = list.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new("decimal"),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(
                Some(567 + 851 * level as i32),
                Some(SpecialIndentType::Hanging(hanging)),
                None,
                None,
            ),
        );
    }
    list
}

fn bullet_list() -> AbstractNumbering {
    let mut list = AbstractNumbering::new(BULLET_LIST);
    for level in 0..LEVELS {
        let bullet = ["•", "◦", "▪"][level % 3];
        list = list.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new("bullet"),
                LevelText::new(bullet),
                LevelJc::new("left"),
            )
            .indent(
                Some(567 + 567 * level as i32),
                Some(SpecialIndentType::Hanging(283)),
                None,
                None,
            ),
        );
    }
    list
}

/// Repeating header rows, and revision ids counted per file. docx-rs writes every element
/// attribute in a fixed form, so plain text replacement is exact here; each patch checks that it
/// matched.
fn patch_document(xml: &[u8]) -> Result<Vec<u8>, String> {
    let xml = String::from_utf8(xml.to_vec()).map_err(|e| e.to_string())?;
    let xml = xml.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />");
    // w:ins / w:del ids: 100, 101, ... in document order (the comment has id 1).
    let revision = Regex::new(r#"<w:(ins|del) w:id="\d+""#).expect("regex");
    let mut next = 100;
    let xml = revision.replace_all(&xml, |c: &regex::Captures<'_>| {
        next += 1;
        format!(r#"<w:{} w:id="{}""#, &c[1], next - 1)
    });
    if next != 102 {
        return Err(format!(
            "expected one w:ins and one w:del in document.xml, found {}",
            next - 100
        ));
    }
    Ok(xml.into_owned().into_bytes())
}

/// The footnote's number at the foot of the page: a `w:footnoteRef` run opening its paragraph.
fn patch_footnotes(xml: &[u8]) -> Result<Vec<u8>, String> {
    let xml = String::from_utf8(xml.to_vec()).map_err(|e| e.to_string())?;
    let open = r#"<w:footnote w:id="1">"#;
    let at = xml.find(open).ok_or("footnotes.xml has no footnote 1")?;
    let end_ppr = xml[at..]
        .find("</w:pPr>")
        .map(|i| at + i + "</w:pPr>".len())
        .ok_or("footnote 1 has no paragraph properties")?;
    let mut out = xml[..end_ppr].to_string();
    out.push_str(
        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:footnoteRef /></w:r>"#,
    );
    out.push_str(&xml[end_ppr..]);
    Ok(out.into_bytes())
}
