//! OpenDocument text (.odt, also .ott and .odm): the package's XML to a [`Document`].
//!
//! An ODT is a ZIP whose `content.xml` holds the text (`office:text`) and the automatic styles
//! the text uses, and whose `styles.xml` holds the named styles, the list styles, the outline
//! numbering and the master pages with their headers and footers. Both are read with the
//! streaming `XmlReader` (`xml.rs`), which bounds nesting depth and never expands entities. Nothing here
//! recurses over the document: nesting lives in explicit stacks, so a deeply nested file ends in
//! the reader's depth limit, never in a stack overflow. A password-protected file is refused
//! from its manifest (`manifest:encryption-data`) before anything else is read.
//!
//! The model:
//! - `StyleSheet`: what the text needs from styles. For each paragraph style: its parent, list
//!   style and outline level, so a `text:p` in a "Title", "Subtitle" or "Heading 2" style (or a
//!   style derived from one) is a heading. The list styles: per level a number format ("1", "a",
//!   "A", "i", "I"), prefix, suffix, levels shown and start value, or a bullet character. The
//!   outline style that numbers headings. The body sees the common styles plus content.xml's
//!   automatic styles; headers and footers see the common styles plus styles.xml's.
//! - `Walker`: one pass over a story (the body, a note body, a header) that writes blocks to the
//!   [`Builder`]. Its state is explicit stacks: open lists and list items, with numbering
//!   counters per list (nested lists share their list's counters; `text:continue-numbering` and
//!   `text:continue-list` pick up an earlier list's), the open table (rows are buffered, so a
//!   repeated row or cell is written a bounded number of times), and the block being written as
//!   `Runs` of text, each with the paragraph it came from.
//!
//! What becomes text, in this order:
//! 1. the body (part `content`): headings, paragraphs, list items with the label a reader sees
//!    ("2.1.", "(b)", "•"; a cached `text:number` wins) and tables (header rows from
//!    `table:table-header-rows`; a cell spanning columns is padded with empty cells so cells
//!    follow grid columns; nested tables are flattened into their cell, cells joined with ", "
//!    and rows with "; "). A text box anchored in a paragraph becomes paragraphs of its own after
//!    that paragraph.
//! 2. footnotes and endnotes (part `notes`), in the order they are cited;
//! 3. headers, then footers, of the master pages (parts `header`, `footer`), each distinct text
//!    once.
//!
//! Clause numbers: a numbered item's is its label without trailing punctuation ("3." → "3",
//! "(b)" stays). When a nested decimal level shows only its own number ("1." under "2."), the
//! clause is "2.1", as the Markdown reader numbers nested lists and as a contract cites it. A
//! numbered heading has its outline number; paragraphs, bullets and tables take the clause of the
//! item or numbered heading they sit under.
//!
//! Left out: comments (`office:annotation`), deleted text (kept in `text:tracked-changes`; the
//! inserted text is already in the body, so the text reads as if every change were accepted,
//! and a [`Notice`](crate::document::Notice) says so), tables of contents and other generated indexes (they repeat the
//! headings), note citations, page number fields (the number the page had when saved), image
//! titles and descriptions, hidden sections. White space follows ODF: runs of XML white space
//! are one space, `text:s` gives its count of spaces, `text:tab` a tab, a line break a space.
//!
//! Locations are [`Origin::Paragraph`]: the part and the 1-based number of the paragraph in it,
//! counting every `text:p` and `text:h` in document order (table cells, text boxes and skipped
//! indexes included, deleted text and comments not), so the numbers match what a reader counts.
//!
//! To read another element: add an arm to `Walker::start` (and to `Walker::end` if it opens a
//! `Frame`); an element without an arm is walked through for its text.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use quick_xml::events::{BytesStart, Event};

use super::ReadError;
use super::package::Package;
use super::xml::{XmlReader, attr, local, prefix, reference};
use crate::document::{BlockKind, Builder, Document, Format, Origin, Span};

/// Levels a list style or the outline numbering can define.
const LEVELS: usize = 10;
/// Most copies written of one repeated table row or cell. LibreOffice writes repeat counts in
/// the thousands for the empty trailing cells of a spreadsheet range pasted into a text.
const MAX_REPEAT: u32 = 1000;
/// Most cells kept for one table row.
const MAX_ROW_CELLS: usize = 1000;
/// Cells that repeats may add to a whole document, beyond the first copy of each. A hostile file
/// could otherwise ask for a thousand copies of every row.
const REPEAT_BUDGET: usize = 200_000;
/// Most spaces one `text:s` writes.
const MAX_SPACES: usize = 100;
/// Longest chain of parent styles followed.
const MAX_STYLE_CHAIN: usize = 32;

/// Read an OpenDocument text from its package.
pub fn extract(path: PathBuf, package: &mut Package<'_>) -> Result<Document, ReadError> {
    if is_encrypted(package)? {
        return Err(ReadError::Encrypted {
            format: "OpenDocument file",
        });
    }
    let content = package.read_text("content.xml")?.ok_or_else(|| {
        ReadError::Damaged(
            "the OpenDocument file has no content.xml, the part with its text".into(),
        )
    })?;
    let styles_xml = package.read_text("styles.xml")?.unwrap_or_default();
    let styles = StylePart::read(&styles_xml)?;

    let mut builder = Builder::new(path, Format::Odt);
    builder.source_map_mut().parts.push("content".into());

    // 1. The body.
    let mut body_sheet = styles.common.clone();
    let mut names = Names::default();
    let mut reader = XmlReader::new(&content, "content.xml");
    let mut body = None;
    each_element(&mut reader, &mut names, |name, reader, names| {
        match name {
            "office:automatic-styles" => read_styles(reader, names, &mut body_sheet)?,
            "office:body" => {}
            "office:text" if body.is_none() => {
                let mut walker = Walker::new(&mut builder, &body_sheet, names, 0);
                walker.walk(reader)?;
                body = Some(walker.summary());
            }
            _ => reader.skip()?,
        }
        Ok(())
    })?;
    if reader.depth() != 0 {
        return Err(ReadError::Damaged(
            "content.xml ends before its elements are closed; the file may be truncated".into(),
        ));
    }
    let Some(body) = body else {
        return Err(ReadError::Damaged(
            "content.xml has no text body (office:text); it may be another kind of OpenDocument file"
                .into(),
        ));
    };

    // 2. Footnotes and endnotes.
    if content.contains("note-body") {
        let part = add_part(&mut builder, "notes");
        let mut walker = Walker::new(&mut builder, &body_sheet, &names, part);
        each_note_body(&content, &names, |reader| walker.walk(reader))?;
    }

    // 3. Headers and footers, each distinct text once.
    if !styles_xml.is_empty() {
        write_page_regions(&mut builder, &styles_xml, &styles)?;
    }

    let mut document = builder.finish();
    if body.insertions + body.deletions > 0 {
        let span = change_span(&document, body.first_change);
        document.notices.push(super::tracked_changes_notice(
            body.insertions,
            body.deletions,
            Some(span),
        ));
    }
    if document.text.trim().is_empty() {
        let images = match body.images {
            0 => String::new(),
            1 => " (it has an image; tenderlint does not read text in images)".into(),
            n => format!(" (it has {n} images; tenderlint does not read text in images)"),
        };
        document.warnings.push(format!(
            "the document has no text in its body, notes, headers or footers{images}"
        ));
    }
    Ok(document)
}

/// A document saved with a password keeps its parts encrypted and says so in the manifest.
fn is_encrypted(package: &mut Package<'_>) -> Result<bool, ReadError> {
    let manifest = match package.read_text("META-INF/manifest.xml") {
        Ok(Some(manifest)) => manifest,
        Ok(None) | Err(ReadError::Damaged(_)) => return Ok(false),
        Err(error) => return Err(error),
    };
    let mut reader = XmlReader::new(&manifest, "META-INF/manifest.xml");
    loop {
        match reader.next() {
            Ok(Event::Start(e) | Event::Empty(e)) if local(e.name().0) == "encryption-data" => {
                return Ok(true);
            }
            Ok(Event::Eof) => return Ok(false),
            Ok(_) => {}
            // A damaged manifest is not needed for reading; look for the element by name.
            Err(_) => return Ok(manifest.contains("encryption-data")),
        }
    }
}

fn add_part(builder: &mut Builder, name: &str) -> u16 {
    let parts = &mut builder.source_map_mut().parts;
    parts.push(name.to_string());
    (parts.len() - 1) as u16
}

/// The span a tracked-changes notice points at: the cell or block that holds the first change
/// marker, or the first block.
fn change_span(document: &Document, offset: Option<usize>) -> Span {
    if let Some(offset) = offset
        && let Some(index) = document.block_at(offset)
    {
        let block = &document.blocks[index];
        if let BlockKind::Table(table) = &block.kind
            && let Some(cell) = table
                .rows
                .iter()
                .flat_map(|row| row.cells.iter())
                .find(|cell| cell.start <= offset && offset < cell.end)
        {
            return *cell;
        }
        return block.span;
    }
    document
        .blocks
        .first()
        .map_or(Span::new(0, 0), |block| block.span)
}

// ---------------------------------------------------------------------------------------------
// Namespaces

/// Maps the prefixes a file declares to the usual ones, so `text:p` is found even in a file that
/// calls the text namespace something else. Only the root element's declarations are read (every
/// producer declares them there); a file using the usual prefixes needs no mapping at all.
#[derive(Default)]
struct Names {
    map: HashMap<String, &'static str>,
}

impl Names {
    fn learn(&mut self, root: &BytesStart<'_>) {
        for attribute in root.attributes().with_checks(false).flatten() {
            let key = attribute.key.0;
            let declared = if key == "xmlns" {
                ""
            } else if let Some(declared) = key.strip_prefix("xmlns:") {
                declared
            } else {
                continue;
            };
            if let Some(usual) = usual_prefix(attribute.value.trim())
                && usual != declared
            {
                self.map.insert(declared.to_string(), usual);
            }
        }
    }

    /// The element name with its usual prefix.
    fn qname<'n>(&self, raw: &'n str) -> Cow<'n, str> {
        if self.map.is_empty() {
            return Cow::Borrowed(raw);
        }
        let (declared, name) = raw.split_once(':').unwrap_or(("", raw));
        match self.map.get(declared) {
            Some(usual) => Cow::Owned(format!("{usual}:{name}")),
            None => Cow::Borrowed(raw),
        }
    }
}

fn usual_prefix(uri: &str) -> Option<&'static str> {
    const ODF: &str = "urn:oasis:names:tc:opendocument:xmlns:";
    if let Some(rest) = uri.strip_prefix(ODF) {
        let name = rest.split(':').next().unwrap_or("");
        return Some(match name {
            "office" => "office",
            "style" => "style",
            "text" => "text",
            "table" => "table",
            "drawing" => "draw",
            "svg-compatible" => "svg",
            "xsl-fo-compatible" => "fo",
            "datastyle" => "number",
            "meta" => "meta",
            "presentation" => "presentation",
            "chart" => "chart",
            "dr3d" => "dr3d",
            "form" => "form",
            "script" => "script",
            "manifest" => "manifest",
            _ => return None,
        });
    }
    match uri {
        "http://purl.org/dc/elements/1.1/" => Some("dc"),
        "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" => Some("loext"),
        "http://www.w3.org/1999/xlink" => Some("xlink"),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Styles

/// What the text needs from the styles.
#[derive(Clone, Debug, Default)]
struct StyleSheet {
    paragraph: HashMap<String, ParagraphStyle>,
    lists: HashMap<String, ListStyle>,
    /// `text:outline-style`: how headings are numbered.
    outline: Option<ListStyle>,
}

#[derive(Clone, Debug, Default)]
struct ParagraphStyle {
    display: Option<String>,
    parent: Option<String>,
    list_style: Option<String>,
    outline_level: Option<u8>,
}

/// A list style: what each level shows.
#[derive(Clone, Debug, Default)]
struct ListStyle {
    levels: [Option<Level>; LEVELS],
}

#[derive(Clone, Debug)]
enum Level {
    Number(NumberLevel),
    Bullet(String),
}

#[derive(Clone, Debug)]
struct NumberLevel {
    /// `style:num-format`: "1", "a", "A", "i", "I", or "" for no number.
    format: String,
    prefix: String,
    suffix: String,
    /// `text:display-levels`: how many levels the label shows ("1.2" shows 2).
    display: usize,
    start: u64,
    /// `style:num-letter-sync`: letters after "z" go "aa", "bb" rather than "aa", "ab".
    letter_sync: bool,
    /// LibreOffice's `loext:num-list-format`, the whole label with `%1%`-style placeholders.
    template: Option<String>,
}

impl Level {
    fn start(&self) -> u64 {
        match self {
            Level::Number(number) => number.start,
            Level::Bullet(_) => 1,
        }
    }
}

impl NumberLevel {
    fn read(e: &BytesStart<'_>) -> Self {
        NumberLevel {
            format: attr(e, "num-format").unwrap_or_default(),
            prefix: attr(e, "num-prefix").unwrap_or_default(),
            suffix: attr(e, "num-suffix").unwrap_or_default(),
            display: attr(e, "display-levels")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(1),
            start: attr(e, "start-value")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(1),
            letter_sync: attr(e, "num-letter-sync").as_deref() == Some("true"),
            template: attr(e, "num-list-format").filter(|t| t.contains('%')),
        }
    }

    /// The label for `level` (1-based) given the counters of its list.
    fn label(&self, counters: &[Option<u64>; LEVELS], level: usize, style: &ListStyle) -> String {
        if self.format.is_empty() {
            return format!("{}{}", self.prefix, self.suffix).trim().to_string();
        }
        let value = |k: usize| -> String {
            let shown = style.levels[k - 1].as_ref();
            let count = counters[k - 1].unwrap_or_else(|| shown.map_or(1, Level::start));
            match shown {
                Some(Level::Number(number)) => {
                    format_number(count, &number.format, number.letter_sync)
                }
                _ => count.to_string(),
            }
        };
        if let Some(template) = &self.template {
            let mut label = String::new();
            let mut rest = template.as_str();
            while let Some(at) = rest.find('%') {
                label.push_str(&rest[..at]);
                let after = &rest[at + 1..];
                let digits =
                    after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                match after[digits..].strip_prefix('%') {
                    Some(tail) if digits > 0 => {
                        let k: usize = after[..digits].parse().unwrap_or(0);
                        if (1..=level).contains(&k) {
                            label.push_str(&value(k));
                        }
                        rest = tail;
                    }
                    _ => {
                        label.push('%');
                        rest = after;
                    }
                }
            }
            label.push_str(rest);
            return label.trim().to_string();
        }
        let shown = self.display.clamp(1, level);
        let numbers: Vec<String> = (level + 1 - shown..=level)
            .map(value)
            .filter(|n| !n.is_empty())
            .collect();
        format!("{}{}{}", self.prefix, numbers.join("."), self.suffix)
            .trim()
            .to_string()
    }

    /// True when the label is a plain decimal number of this level alone ("1." rather than
    /// "2.1"), so a nested item's clause number is its parent's plus this one, as a reader cites
    /// it ("clause 2.1").
    fn own_decimal(&self, level: usize) -> bool {
        if self.format != "1" {
            return false;
        }
        match &self.template {
            Some(template) => {
                template.matches('%').count() == 2 && template.contains(&format!("%{level}%"))
            }
            None => self.display <= 1,
        }
    }
}

/// A number in a list format: "1", "a"/"A" (a…z, then aa…), "i"/"I" (roman).
fn format_number(n: u64, format: &str, letter_sync: bool) -> String {
    match format {
        "" => String::new(),
        "a" | "A" => {
            let upper = format == "A";
            let letter = |i: u64| {
                let c = char::from(b'a' + (i % 26) as u8);
                if upper { c.to_ascii_uppercase() } else { c }
            };
            if n == 0 {
                return "0".into();
            }
            if letter_sync {
                let times = ((n - 1) / 26 + 1).min(20) as usize;
                return std::iter::repeat_n(letter(n - 1), times).collect();
            }
            // Bijective base 26: z is followed by aa, ab, …
            let mut n = n;
            let mut letters = Vec::new();
            while n > 0 {
                n -= 1;
                letters.push(letter(n));
                n /= 26;
            }
            letters.iter().rev().collect()
        }
        "i" | "I" if (1..4000).contains(&n) => {
            const ROMAN: [(u64, &str); 13] = [
                (1000, "m"),
                (900, "cm"),
                (500, "d"),
                (400, "cd"),
                (100, "c"),
                (90, "xc"),
                (50, "l"),
                (40, "xl"),
                (10, "x"),
                (9, "ix"),
                (5, "v"),
                (4, "iv"),
                (1, "i"),
            ];
            let mut n = n;
            let mut roman = String::new();
            for (value, digits) in ROMAN {
                while n >= value {
                    roman.push_str(digits);
                    n -= value;
                }
            }
            if format == "I" {
                roman.to_ascii_uppercase()
            } else {
                roman
            }
        }
        _ => n.to_string(),
    }
}

/// The clause number a label shows, without trailing punctuation: "3." → "3", "9.2" stays,
/// "(b)" stays, "3)" → "3". `None` for a label with no letter or digit.
fn clause_of(label: &str) -> Option<String> {
    let mut clause = label.trim().trim_end_matches(['.', ':']).trim_end();
    if !clause.contains('(') {
        clause = clause.trim_end_matches(')').trim_end_matches('.');
    }
    clause
        .chars()
        .any(char::is_alphanumeric)
        .then(|| clause.to_string())
}

impl StyleSheet {
    fn add_style(&mut self, e: &BytesStart<'_>) {
        if attr(e, "family").as_deref() != Some("paragraph") {
            return;
        }
        let Some(name) = attr(e, "name") else { return };
        let style = ParagraphStyle {
            display: attr(e, "display-name"),
            parent: attr(e, "parent-style-name").filter(|p| !p.is_empty()),
            list_style: attr(e, "list-style-name").filter(|l| !l.is_empty()),
            outline_level: attr(e, "default-outline-level")
                .and_then(|l| l.trim().parse::<u8>().ok())
                .filter(|&l| l > 0),
        };
        self.paragraph.insert(name, style);
    }

    fn merged(&self, other: &StyleSheet) -> StyleSheet {
        let mut merged = self.clone();
        merged
            .paragraph
            .extend(other.paragraph.iter().map(|(k, v)| (k.clone(), v.clone())));
        merged
            .lists
            .extend(other.lists.iter().map(|(k, v)| (k.clone(), v.clone())));
        if other.outline.is_some() {
            merged.outline.clone_from(&other.outline);
        }
        merged
    }

    /// A paragraph style and its ancestors, nearest first.
    fn chain<'s>(
        &'s self,
        name: Option<&'s str>,
    ) -> impl Iterator<Item = (&'s str, Option<&'s ParagraphStyle>)> {
        let mut next = name;
        std::iter::from_fn(move || {
            let name = next?;
            let style = self.paragraph.get(name);
            next = style.and_then(|s| s.parent.as_deref());
            Some((name, style))
        })
        .take(MAX_STYLE_CHAIN)
    }

    /// The heading level a paragraph style gives, and whether it is an outline level (numbered
    /// by the outline style) rather than Title or Subtitle.
    fn heading(&self, name: Option<&str>) -> Option<(u8, bool)> {
        for (name, style) in self.chain(name) {
            if let Some(level) = style.and_then(|s| s.outline_level) {
                return Some((level, true));
            }
            let shown = style
                .and_then(|s| s.display.as_deref())
                .map_or_else(|| name.replace("_20_", " "), str::to_string);
            let shown = shown.trim().to_ascii_lowercase();
            match shown.as_str() {
                "title" => return Some((1, false)),
                "subtitle" => return Some((2, false)),
                _ => {}
            }
            if let Some(level) = shown
                .strip_prefix("heading ")
                .and_then(|n| n.trim().parse::<u8>().ok())
                .filter(|&n| n > 0)
            {
                return Some((level, true));
            }
        }
        None
    }

    /// The list style a paragraph style names (its own or an ancestor's).
    fn list_style_of<'s>(&'s self, name: Option<&'s str>) -> Option<&'s str> {
        self.chain(name)
            .find_map(|(_, style)| style.and_then(|s| s.list_style.as_deref()))
    }
}

/// Walk a part's elements below the root: the root's namespace declarations go to `names`,
/// and `visit` gets each element's usual name. `visit` reads or skips the element's content;
/// returning without doing either descends into it.
fn each_element(
    reader: &mut XmlReader<'_>,
    names: &mut Names,
    mut visit: impl FnMut(&str, &mut XmlReader<'_>, &Names) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    loop {
        match reader.next()? {
            Event::Start(e) if reader.depth() == 1 => names.learn(&e),
            Event::Start(e) => {
                let name = names.qname(e.name().0).into_owned();
                visit(&name, reader, names)?;
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// styles.xml: the common styles, its own automatic styles, and its namespace prefixes.
struct StylePart {
    common: StyleSheet,
    /// Common plus styles.xml's automatic styles, for headers and footers.
    pages: StyleSheet,
    names: Names,
}

impl StylePart {
    fn read(xml: &str) -> Result<Self, ReadError> {
        let mut common = StyleSheet::default();
        let mut automatic = StyleSheet::default();
        let mut names = Names::default();
        let mut reader = XmlReader::new(xml, "styles.xml");
        each_element(&mut reader, &mut names, |name, reader, names| {
            match name {
                "office:styles" => read_styles(reader, names, &mut common)?,
                "office:automatic-styles" => read_styles(reader, names, &mut automatic)?,
                _ => reader.skip()?,
            }
            Ok(())
        })?;
        let pages = common.merged(&automatic);
        Ok(StylePart {
            common,
            pages,
            names,
        })
    }
}

/// Read the styles in the container element whose start was just read.
fn read_styles(
    reader: &mut XmlReader<'_>,
    names: &Names,
    sheet: &mut StyleSheet,
) -> Result<(), ReadError> {
    let base = reader.depth();
    loop {
        match reader.next()? {
            Event::Start(e) => match names.qname(e.name().0).as_ref() {
                "style:style" => {
                    sheet.add_style(&e);
                    reader.skip()?;
                }
                "text:list-style" => {
                    let style = read_list_style(reader, names)?;
                    if let Some(name) = attr(&e, "name") {
                        sheet.lists.insert(name, style);
                    }
                }
                "text:outline-style" => {
                    let style = read_list_style(reader, names)?;
                    // Some producers wrap numbered headings in a list that names this style.
                    if let Some(name) = attr(&e, "name") {
                        sheet.lists.insert(name, style.clone());
                    }
                    sheet.outline = Some(style);
                }
                _ => reader.skip()?,
            },
            Event::Empty(e) if names.qname(e.name().0) == "style:style" => sheet.add_style(&e),
            Event::End(_) if reader.depth() < base => return Ok(()),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Read the levels of the list or outline style whose start was just read.
fn read_list_style(reader: &mut XmlReader<'_>, names: &Names) -> Result<ListStyle, ReadError> {
    let base = reader.depth();
    let mut style = ListStyle::default();
    loop {
        let event = reader.next()?;
        let e = match &event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::End(_) if reader.depth() < base => return Ok(style),
            Event::Eof => return Ok(style),
            _ => continue,
        };
        let level = attr(e, "level")
            .and_then(|l| l.trim().parse::<usize>().ok())
            .filter(|l| (1..=LEVELS).contains(l));
        let shown = match names.qname(e.name().0).as_ref() {
            "text:list-level-style-number" | "text:outline-level-style" => {
                Some(Level::Number(NumberLevel::read(e)))
            }
            "text:list-level-style-bullet" => {
                let bullet = attr(e, "bullet-char").unwrap_or_default();
                // Symbol-font bullets are private-use characters that mean nothing as text.
                let private = |c: char| ('\u{E000}'..='\u{F8FF}').contains(&c);
                let bullet = if bullet.trim().is_empty() || bullet.chars().any(private) {
                    "•".to_string()
                } else {
                    bullet.trim().to_string()
                };
                Some(Level::Bullet(bullet))
            }
            "text:list-level-style-image" => Some(Level::Bullet("•".into())),
            _ => None,
        };
        if let (Some(level), Some(shown)) = (level, shown) {
            style.levels[level - 1] = Some(shown);
        }
        if matches!(event, Event::Start(_)) {
            reader.skip()?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Notes, headers and footers

/// Call `walk` for each note body in content.xml, in document order.
fn each_note_body(
    xml: &str,
    names: &Names,
    mut walk: impl FnMut(&mut XmlReader<'_>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let mut reader = XmlReader::new(xml, "content.xml");
    loop {
        match reader.next()? {
            Event::Start(e) => {
                let name = names.qname(e.name().0);
                match name.as_ref() {
                    "text:note-body" => walk(&mut reader)?,
                    "office:automatic-styles"
                    | "office:font-face-decls"
                    | "office:scripts"
                    | "office:annotation"
                    | "text:tracked-changes"
                    | "text:note-citation" => reader.skip()?,
                    other if is_index(other) || is_hidden(other, &e) => reader.skip()?,
                    _ => {}
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Call `walk` for each header and footer of the master pages, with `true` for footers.
fn each_page_region(
    xml: &str,
    names: &Names,
    mut walk: impl FnMut(&mut XmlReader<'_>, bool) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let mut reader = XmlReader::new(xml, "styles.xml");
    loop {
        match reader.next()? {
            Event::Start(e) => {
                if reader.depth() == 1 {
                    continue;
                }
                let name = names.qname(e.name().0);
                let footer = match (prefix(&name), local(&name)) {
                    ("office", "master-styles") | ("style", "master-page") => continue,
                    ("style" | "loext", "header" | "header-left" | "header-first") => false,
                    ("style" | "loext", "footer" | "footer-left" | "footer-first") => true,
                    _ => {
                        reader.skip()?;
                        continue;
                    }
                };
                if attr(&e, "display").as_deref() == Some("false") {
                    reader.skip()?;
                } else {
                    walk(&mut reader, footer)?;
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Write the headers, then the footers, of the master pages: each distinct text once (the same
/// footer on every page style is one footer to a reader).
fn write_page_regions(
    builder: &mut Builder,
    xml: &str,
    styles: &StylePart,
) -> Result<(), ReadError> {
    // First pass: the text of each region, written to a scratch document.
    let mut texts: Vec<(bool, String)> = Vec::new();
    each_page_region(xml, &styles.names, |reader, footer| {
        let mut scratch = Builder::new(PathBuf::new(), Format::Odt);
        Walker::new(&mut scratch, &styles.pages, &styles.names, 0).walk(reader)?;
        texts.push((footer, scratch.finish().text));
        Ok(())
    })?;
    let mut seen = HashSet::new();
    let keep: Vec<bool> = texts
        .iter()
        .map(|(footer, text)| !text.trim().is_empty() && seen.insert((*footer, text.clone())))
        .collect();
    for footer in [false, true] {
        if !texts
            .iter()
            .zip(&keep)
            .any(|((f, _), &k)| k && *f == footer)
        {
            continue;
        }
        let part = add_part(builder, if footer { "footer" } else { "header" });
        let mut paragraph = 0;
        let mut index = 0;
        each_page_region(xml, &styles.names, |reader, is_footer| {
            let wanted = keep.get(index).copied().unwrap_or(false) && is_footer == footer;
            index += 1;
            if !wanted {
                return reader.skip();
            }
            let mut walker = Walker::new(builder, &styles.pages, &styles.names, part);
            walker.paragraph = paragraph;
            walker.walk(reader)?;
            paragraph = walker.paragraph;
            Ok(())
        })?;
    }
    Ok(())
}

/// Generated indexes: their text repeats headings and captions.
fn is_index(name: &str) -> bool {
    matches!(
        name,
        "text:table-of-content"
            | "text:illustration-index"
            | "text:table-index"
            | "text:object-index"
            | "text:user-index"
            | "text:alphabetical-index"
            | "text:bibliography"
    )
}

/// A hidden section.
fn is_hidden(name: &str, e: &BytesStart<'_>) -> bool {
    name == "text:section" && attr(e, "display").as_deref() == Some("none")
}

// ---------------------------------------------------------------------------------------------
// Text runs

/// The text of a paragraph or cell being written, as runs with the paragraph each came from.
/// White space is normalised as ODF says: runs of spaces, tabs and newlines in the XML are one
/// space, and none is kept at the start.
#[derive(Clone, Debug, Default)]
struct Runs {
    runs: Vec<(String, Origin)>,
    /// A separator to write before the next text, if more text comes (" " between paragraphs of
    /// a cell, ", " between cells and "; " between rows of a flattened table).
    pending: Option<&'static str>,
    /// The last character written was white space from the XML, so more of it is dropped.
    /// Spaces from `text:s` and tabs do not count: a space after them is kept.
    collapsed: bool,
}

impl Runs {
    fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    fn separate(&mut self, separator: &'static str) {
        if self.runs.is_empty() {
            return;
        }
        let rank = |s: &str| [" ", ", ", "; "].iter().position(|x| *x == s).unwrap_or(0);
        if self.pending.is_none_or(|p| rank(p) < rank(separator)) {
            self.pending = Some(separator);
        }
    }

    /// Append text from `origin`. With `collapse`, white space runs become one space; without,
    /// each space is kept (`text:s`).
    fn add(&mut self, text: &str, origin: Origin, collapse: bool) {
        let mut out = String::new();
        for c in text.chars() {
            let white = if collapse {
                matches!(c, ' ' | '\t' | '\n' | '\r')
            } else {
                matches!(c, ' ' | '\t')
            };
            if white {
                let at_start = self.runs.is_empty() && out.is_empty();
                if self.pending.is_none() && !at_start && !(collapse && self.collapsed) {
                    out.push(if collapse { ' ' } else { c });
                    self.collapsed = collapse;
                }
                continue;
            }
            if let Some(separator) = self.pending.take() {
                out.truncate(out.trim_end_matches([' ', '\t']).len());
                if out.is_empty()
                    && let Some((last, _)) = self.runs.last_mut()
                {
                    last.truncate(last.trim_end_matches([' ', '\t']).len());
                }
                out.push_str(separator);
            }
            out.push(c);
            self.collapsed = false;
        }
        if out.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some((last, last_origin)) if *last_origin == origin => last.push_str(&out),
            _ => self.runs.push((out, origin)),
        }
    }

    fn write(&self, builder: &mut Builder) {
        for (text, origin) in &self.runs {
            builder.push(text, *origin, 0, false);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The walker

/// What to do when an element ends.
#[derive(Debug)]
enum Frame {
    /// Nothing: the element's text (if any) flows into what is open.
    Other,
    /// A `text:p` or `text:h`; `top` when it is a block of its own. `saved` is the origin to go
    /// back to (a paragraph in a text box inside another).
    Paragraph {
        top: bool,
        saved: Origin,
    },
    List,
    Item,
    /// A table written as a table block.
    Table,
    /// A table inside a cell of that table, flattened into the cell.
    NestedTable,
    HeaderRows,
    Row,
    Cell,
    /// A drawing shape whose text is held back until the paragraph it is anchored in ends.
    Shape,
    /// A cached list or heading number (`text:number`).
    Number,
}

/// What `start` wants done with an element.
enum Action {
    Enter(Frame),
    /// Leave the element out.
    Skip,
    /// Leave it out but count its paragraphs (generated indexes), so numbers stay as a reader
    /// counts them.
    SkipCounting,
    /// Count the changes in `text:tracked-changes` and leave its (deleted) text out.
    CountChanges,
}

/// The paragraph-like block being written.
struct OpenBlock {
    runs: Runs,
    kind: OpenKind,
    clause: Option<String>,
    /// A heading's cached number (`text:number`).
    number: Option<String>,
    /// A tracked-change marker was seen in it.
    change: bool,
}

enum OpenKind {
    Paragraph,
    Heading(u8),
    Item { label: String, depth: u8 },
}

/// A `text:list`.
struct OpenList {
    /// The list style in effect (this list's, or the enclosing list's).
    style: Option<String>,
    /// 1-based nesting level.
    level: usize,
    /// Index of its numbering counters in [`Walker::counters`] (shared by nested lists).
    counters: usize,
    top: bool,
}

/// A `text:list-item` or `text:list-header`.
struct OpenItem {
    /// True until the item's first paragraph, which is numbered and becomes the list item block.
    pending: bool,
    /// A list header: its paragraphs are not numbered.
    header: bool,
    start_value: Option<u64>,
    /// A cached label (`text:number`).
    number: Option<String>,
    /// The clause number of this item, or of the nearest numbered item around it.
    clause: Option<String>,
}

/// The table being written as a block.
struct OpenTable {
    clause: Option<String>,
    /// Grid columns declared by `table:table-column`.
    columns: usize,
    /// Depth of open `table:table-header-rows`.
    header: u32,
    /// Depth of tables open inside the current cell.
    nested: u32,
    row: Option<RowBuffer>,
    cell: Option<CellBuffer>,
}

struct RowBuffer {
    /// Each cell's text and whether it holds a tracked-change marker.
    cells: Vec<(Runs, bool)>,
    repeat: u32,
    header: bool,
    /// Covered cells still expected after a cell spanning columns (already padded for).
    covered: u32,
}

struct CellBuffer {
    runs: Runs,
    change: bool,
    repeat: u32,
    span: u32,
}

/// What the body pass learned besides the text.
struct Summary {
    insertions: u32,
    deletions: u32,
    /// A text offset inside the first block or cell that holds a tracked-change marker.
    first_change: Option<usize>,
    images: u32,
}

/// Writes one story (body, note bodies, a header) to the builder.
struct Walker<'w> {
    builder: &'w mut Builder,
    styles: &'w StyleSheet,
    names: &'w Names,
    part: u16,
    /// Paragraphs counted so far in this part.
    paragraph: u32,
    /// Where the text being read comes from.
    origin: Origin,
    /// Open `text:p` / `text:h` elements: text outside paragraphs is layout white space.
    in_paragraph: u32,
    block: Option<OpenBlock>,
    /// Depth of drawing shapes inside `block` whose paragraphs are held back in `deferred`.
    capture: u32,
    deferred: Vec<Runs>,
    table: Option<OpenTable>,
    lists: Vec<OpenList>,
    items: Vec<OpenItem>,
    /// Numbering counters of each list (a list continued by another shares them).
    counters: Vec<[Option<u64>; LEVELS]>,
    /// Counters by the `xml:id` of the list that started them, for `text:continue-list`.
    list_ids: HashMap<String, usize>,
    /// The counters of the last top-level list, for `text:continue-numbering`.
    last_list: Option<usize>,
    /// Heading numbering counters.
    outline: [Option<u64>; LEVELS],
    /// The open headings' levels and clause numbers: a paragraph under "1.1 Definitions" is in
    /// clause 1.1.
    headings: Vec<(u8, Option<String>)>,
    /// The text of a `text:number` being read.
    number: Option<String>,
    repeat_budget: usize,
    insertions: u32,
    deletions: u32,
    first_change: Option<usize>,
    images: u32,
}

impl<'w> Walker<'w> {
    fn new(builder: &'w mut Builder, styles: &'w StyleSheet, names: &'w Names, part: u16) -> Self {
        Walker {
            builder,
            styles,
            names,
            part,
            paragraph: 0,
            origin: Origin::Paragraph { part, paragraph: 0 },
            in_paragraph: 0,
            block: None,
            capture: 0,
            deferred: Vec::new(),
            table: None,
            lists: Vec::new(),
            items: Vec::new(),
            counters: Vec::new(),
            list_ids: HashMap::new(),
            last_list: None,
            outline: [None; LEVELS],
            headings: Vec::new(),
            number: None,
            repeat_budget: REPEAT_BUDGET,
            insertions: 0,
            deletions: 0,
            first_change: None,
            images: 0,
        }
    }

    fn summary(&self) -> Summary {
        Summary {
            insertions: self.insertions,
            deletions: self.deletions,
            first_change: self.first_change,
            images: self.images,
        }
    }

    /// Walk the children of the element whose start was just read, up to its end.
    fn walk(&mut self, reader: &mut XmlReader<'_>) -> Result<(), ReadError> {
        let base = reader.depth();
        let mut frames: Vec<Frame> = Vec::new();
        loop {
            match reader.next()? {
                Event::Start(e) => {
                    let in_item = matches!(frames.last(), Some(Frame::Item));
                    let name = self.names.qname(e.name().0);
                    match self.start(&name, &e, in_item) {
                        Action::Enter(frame) => frames.push(frame),
                        Action::Skip => reader.skip()?,
                        Action::SkipCounting => self.skip_counting(reader)?,
                        Action::CountChanges => self.count_changes(reader)?,
                    }
                }
                Event::Empty(e) => {
                    let in_item = matches!(frames.last(), Some(Frame::Item));
                    let name = self.names.qname(e.name().0);
                    if let Action::Enter(frame) = self.start(&name, &e, in_item) {
                        self.end(frame);
                    }
                }
                Event::End(_) => {
                    if reader.depth() < base {
                        break;
                    }
                    if let Some(frame) = frames.pop() {
                        self.end(frame);
                    }
                }
                Event::Text(text) => self.text(&text.xml10_content()),
                Event::CData(text) => self.text(&text.xml10_content()),
                Event::GeneralRef(r) => {
                    if let Some(c) = reference(&r) {
                        self.text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        // Close whatever a truncated story left open.
        while let Some(frame) = frames.pop() {
            self.end(frame);
        }
        Ok(())
    }

    fn start(&mut self, name: &str, e: &BytesStart<'_>, in_item: bool) -> Action {
        match name {
            "text:p" => Action::Enter(self.paragraph_start(e, false)),
            "text:h" => Action::Enter(self.paragraph_start(e, true)),
            "text:s" => {
                let count = attr(e, "c")
                    .and_then(|c| c.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(MAX_SPACES);
                self.add(&" ".repeat(count), false);
                Action::Enter(Frame::Other)
            }
            "text:tab" => {
                self.add("\t", false);
                Action::Enter(Frame::Other)
            }
            "text:line-break" => {
                self.add(" ", true);
                Action::Enter(Frame::Other)
            }
            "text:change-start" | "text:change" => {
                self.change_marker();
                Action::Enter(Frame::Other)
            }
            "text:list" => Action::Enter(self.list_start(e, in_item)),
            "text:list-item" | "text:list-header" => {
                self.items.push(OpenItem {
                    pending: true,
                    header: name == "text:list-header",
                    start_value: attr(e, "start-value").and_then(|v| v.trim().parse().ok()),
                    number: None,
                    clause: self.items.last().and_then(|item| item.clause.clone()),
                });
                Action::Enter(Frame::Item)
            }
            "text:number" if self.capture == 0 => {
                self.number = Some(String::new());
                Action::Enter(Frame::Number)
            }
            "table:table" => self.table_start(),
            "table:table-column"
            | "table:table-header-rows"
            | "table:table-row"
            | "table:table-cell"
            | "table:covered-table-cell" => self.table_part(name, e),
            "text:tracked-changes" => Action::CountChanges,
            "office:annotation"
            | "text:note-citation"
            | "text:note-body"
            | "text:number"
            | "text:sequence-decls"
            | "text:variable-decls"
            | "text:user-field-decls"
            | "text:dde-connection-decls"
            | "office:forms"
            | "office:event-listeners"
            | "office:binary-data"
            | "text:ruby-text"
            | "svg:title"
            | "svg:desc"
            // The page number a field showed when the file was saved, not text of the document.
            | "text:page-number"
            | "text:page-count"
            | "text:page-continuation" => Action::Skip,
            "draw:image" => {
                self.images += 1;
                Action::Skip
            }
            "draw:object" | "draw:object-ole" | "draw:applet" | "draw:plugin" => Action::Skip,
            _ if is_index(name) || is_hidden(name, e) => Action::SkipCounting,
            _ if name.starts_with("draw:") => {
                if self.capture > 0 || (self.block.is_some() && self.table.is_none()) {
                    self.capture += 1;
                    Action::Enter(Frame::Shape)
                } else {
                    Action::Enter(Frame::Other)
                }
            }
            _ => Action::Enter(Frame::Other),
        }
    }

    fn end(&mut self, frame: Frame) {
        match frame {
            Frame::Other => {}
            Frame::Paragraph { top, saved } => {
                self.in_paragraph = self.in_paragraph.saturating_sub(1);
                if top {
                    self.write_block();
                }
                self.origin = saved;
            }
            Frame::List => {
                if let Some(list) = self.lists.pop()
                    && list.top
                {
                    self.last_list = Some(list.counters);
                }
            }
            Frame::Item => {
                self.items.pop();
            }
            Frame::Table => self.table_end(),
            Frame::NestedTable => {
                if let Some(table) = &mut self.table {
                    table.nested = table.nested.saturating_sub(1);
                }
            }
            Frame::HeaderRows => {
                if let Some(table) = &mut self.table {
                    table.header = table.header.saturating_sub(1);
                }
            }
            Frame::Row => self.row_end(),
            Frame::Cell => self.cell_end(),
            Frame::Shape => self.capture = self.capture.saturating_sub(1),
            Frame::Number => {
                let number = self.number.take().filter(|n| !n.trim().is_empty());
                if let Some(block) = &mut self.block
                    && self.in_paragraph > 0
                {
                    block.number = number;
                } else if let Some(item) = self.items.last_mut() {
                    item.number = number;
                }
            }
        }
    }

    // --- text ---------------------------------------------------------------------------------

    fn text(&mut self, text: &str) {
        if let Some(number) = &mut self.number {
            number.push_str(text);
            return;
        }
        self.add(text, true);
    }

    fn add(&mut self, text: &str, collapse: bool) {
        if self.in_paragraph == 0 {
            return;
        }
        let origin = self.origin;
        if let Some(runs) = self.sink() {
            runs.add(text, origin, collapse);
        }
    }

    /// Where text goes now: a held-back text box paragraph, the open cell, or the open block.
    fn sink(&mut self) -> Option<&mut Runs> {
        if self.capture > 0 {
            return self.deferred.last_mut();
        }
        if let Some(table) = &mut self.table {
            return table.cell.as_mut().map(|cell| &mut cell.runs);
        }
        self.block.as_mut().map(|block| &mut block.runs)
    }

    fn change_marker(&mut self) {
        if self.first_change.is_some() || self.capture > 0 {
            return;
        }
        if let Some(table) = &mut self.table {
            if let Some(cell) = &mut table.cell {
                cell.change = true;
            }
        } else if let Some(block) = &mut self.block {
            block.change = true;
        }
    }

    // --- paragraphs ---------------------------------------------------------------------------

    fn paragraph_start(&mut self, e: &BytesStart<'_>, heading: bool) -> Frame {
        self.paragraph += 1;
        let saved = self.origin;
        self.origin = Origin::Paragraph {
            part: self.part,
            paragraph: self.paragraph,
        };
        self.in_paragraph += 1;
        if self.capture > 0 {
            if self.deferred.last().is_none_or(|runs| !runs.is_empty()) {
                self.deferred.push(Runs::default());
            }
            return Frame::Paragraph { top: false, saved };
        }
        if let Some(table) = &mut self.table {
            if let Some(cell) = &mut table.cell {
                cell.runs.separate(" ");
            }
            return Frame::Paragraph { top: false, saved };
        }
        if let Some(block) = &mut self.block {
            block.runs.separate(" ");
            return Frame::Paragraph { top: false, saved };
        }
        self.open_block(e, heading);
        Frame::Paragraph { top: true, saved }
    }

    /// Decide what the paragraph starting now is: a heading, the first paragraph of a list item
    /// (numbered now), or a paragraph inside the clause around it.
    fn open_block(&mut self, e: &BytesStart<'_>, is_h: bool) {
        let style = attr(e, "style-name");
        let heading = if is_h {
            let level = attr(e, "outline-level")
                .and_then(|l| l.trim().parse::<u8>().ok())
                .filter(|&l| l > 0)
                .or_else(|| self.styles.heading(style.as_deref()).map(|(l, _)| l))
                .unwrap_or(1);
            Some((level, true))
        } else {
            self.styles.heading(style.as_deref())
        };
        let heading = heading.map(|(level, outline)| (level.min(LEVELS as u8), outline));
        let pending = self.items.last().is_some_and(|item| item.pending);
        let (kind, clause) = if pending {
            let (label, clause) = self.number_item(style.as_deref());
            let clause = clause.or_else(|| self.heading_clause());
            let depth = self
                .lists
                .last()
                .map_or(0, |list| list.level.saturating_sub(1)) as u8;
            match heading {
                Some((level, _)) => (OpenKind::Heading(level), clause),
                None if label.is_empty() => (OpenKind::Paragraph, clause),
                None => (OpenKind::Item { label, depth }, clause),
            }
        } else {
            let inherited = self.context_clause();
            match heading {
                Some((level, true)) if self.items.is_empty() => {
                    (OpenKind::Heading(level), self.number_heading(e, level))
                }
                Some((level, _)) => (OpenKind::Heading(level), inherited),
                None => (OpenKind::Paragraph, inherited),
            }
        };
        self.block = Some(OpenBlock {
            runs: Runs::default(),
            kind,
            clause,
            number: None,
            change: false,
        });
    }

    /// The clause number around what is read now: the innermost numbered list item's, or the
    /// innermost numbered heading's.
    fn context_clause(&self) -> Option<String> {
        self.items
            .last()
            .and_then(|item| item.clause.clone())
            .or_else(|| self.heading_clause())
    }

    fn heading_clause(&self) -> Option<String> {
        self.headings
            .iter()
            .rev()
            .find_map(|(_, clause)| clause.clone())
    }

    /// Number the innermost list item: its label and clause number.
    fn number_item(&mut self, paragraph_style: Option<&str>) -> (String, Option<String>) {
        let Some(item) = self.items.last_mut() else {
            return (String::new(), None);
        };
        item.pending = false;
        let inherited = item.clause.clone();
        if item.header {
            return (String::new(), inherited);
        }
        let start_value = item.start_value;
        let cached = item.number.take();
        let Some(list) = self.lists.last() else {
            return ("•".into(), inherited);
        };
        let level = list.level.clamp(1, LEVELS);
        let styles = self.styles;
        let style = list
            .style
            .as_deref()
            .or_else(|| styles.list_style_of(paragraph_style))
            .and_then(|name| styles.lists.get(name));
        let shown = style.and_then(|s| s.levels[level - 1].as_ref());
        let counters = &mut self.counters[list.counters];
        let first = shown.map_or(1, Level::start);
        let value = start_value
            .unwrap_or_else(|| counters[level - 1].map_or(first, |c| c.saturating_add(1)));
        counters[level - 1] = Some(value);
        for deeper in &mut counters[level..] {
            *deeper = None;
        }
        let counters = *counters;
        let (label, own_decimal) = match (cached, shown, style) {
            (Some(cached), _, _) => (
                cached.trim().to_string(),
                matches!(shown, Some(Level::Number(n)) if n.own_decimal(level)),
            ),
            (None, Some(Level::Number(number)), Some(style)) => (
                number.label(&counters, level, style),
                number.own_decimal(level),
            ),
            (None, Some(Level::Bullet(bullet)), _) => return (bullet.clone(), inherited),
            _ => return ("•".into(), inherited),
        };
        let own = clause_of(&label);
        let clause = match (own, &inherited) {
            (Some(own), Some(parent))
                if own_decimal
                    && own.chars().all(|c| c.is_ascii_digit())
                    && parent.chars().all(|c| c.is_ascii_digit() || c == '.') =>
            {
                Some(format!("{parent}.{own}"))
            }
            (Some(own), _) => Some(own),
            (None, _) => inherited,
        };
        if let Some(item) = self.items.last_mut() {
            item.clause.clone_from(&clause);
        }
        (label, clause)
    }

    /// Advance the outline numbering for a heading and return its clause number, if the
    /// outline style numbers that level.
    fn number_heading(&mut self, e: &BytesStart<'_>, level: u8) -> Option<String> {
        if attr(e, "is-list-header").as_deref() == Some("true") {
            return None;
        }
        let level = usize::from(level).clamp(1, LEVELS);
        let outline = self.styles.outline.as_ref();
        let shown = outline.and_then(|o| o.levels[level - 1].as_ref());
        let first = shown.map_or(1, Level::start);
        let value = if attr(e, "restart-numbering").as_deref() == Some("true") {
            attr(e, "start-value")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(first)
        } else {
            self.outline[level - 1].map_or(first, |c| c.saturating_add(1))
        };
        self.outline[level - 1] = Some(value);
        for deeper in &mut self.outline[level..] {
            *deeper = None;
        }
        match (shown, outline) {
            (Some(Level::Number(number)), Some(outline)) => {
                clause_of(&number.label(&self.outline, level, outline))
            }
            _ => None,
        }
    }

    /// Write the open block, then any text box paragraphs held back while it was open.
    fn write_block(&mut self) {
        let Some(block) = self.block.take() else {
            return;
        };
        let clause = match (&block.kind, &block.number) {
            (OpenKind::Heading(_), Some(number)) => clause_of(number).or(block.clause),
            _ => block.clause,
        };
        let kind = match block.kind {
            OpenKind::Paragraph => BlockKind::Paragraph,
            OpenKind::Heading(level) => {
                while self.headings.last().is_some_and(|&(l, _)| l >= level) {
                    self.headings.pop();
                }
                self.headings.push((level, clause.clone()));
                BlockKind::Heading { level }
            }
            OpenKind::Item { label, depth } => BlockKind::ListItem { label, depth },
        };
        let before = self.builder.offset();
        self.builder.begin_block();
        block.runs.write(self.builder);
        self.builder.end_block(kind, clause.clone());
        let after = self.builder.offset();
        if block.change && self.first_change.is_none() && after > before {
            self.first_change = Some(after - 1);
        }
        for runs in std::mem::take(&mut self.deferred) {
            self.builder.begin_block();
            runs.write(self.builder);
            self.builder.end_block(BlockKind::Paragraph, clause.clone());
        }
    }

    // --- lists --------------------------------------------------------------------------------

    fn list_start(&mut self, e: &BytesStart<'_>, in_item: bool) -> Frame {
        let own_style = attr(e, "style-name").filter(|s| !s.is_empty());
        let parent = if in_item { self.lists.last() } else { None };
        let parent = parent.map(|p| (p.level, p.counters, p.style.clone()));
        let top = parent.is_none();
        let (level, counters, style) = match parent {
            Some((parent_level, parent_counters, parent_style)) => (
                parent_level + 1,
                parent_counters,
                own_style.or(parent_style),
            ),
            None => {
                let continued = attr(e, "continue-list")
                    .and_then(|id| self.list_ids.get(&id).copied())
                    .or_else(|| {
                        (attr(e, "continue-numbering").as_deref() == Some("true"))
                            .then_some(self.last_list)
                            .flatten()
                    });
                let counters = continued.unwrap_or_else(|| {
                    self.counters.push([None; LEVELS]);
                    self.counters.len() - 1
                });
                (1, counters, own_style)
            }
        };
        if let Some(id) = attr(e, "id") {
            self.list_ids.insert(id, counters);
        }
        self.lists.push(OpenList {
            style,
            level,
            counters,
            top,
        });
        Frame::List
    }

    // --- tables -------------------------------------------------------------------------------

    fn table_start(&mut self) -> Action {
        if self.capture > 0 {
            return Action::Enter(Frame::Other);
        }
        if let Some(table) = &mut self.table {
            let Some(cell) = &mut table.cell else {
                return Action::Skip;
            };
            cell.runs.separate(" ");
            table.nested += 1;
            return Action::Enter(Frame::NestedTable);
        }
        if self.block.is_some() {
            return Action::Enter(Frame::Other);
        }
        let clause = self.context_clause();
        self.builder.begin_table(clause.clone());
        self.table = Some(OpenTable {
            clause,
            columns: 0,
            header: 0,
            nested: 0,
            row: None,
            cell: None,
        });
        Action::Enter(Frame::Table)
    }

    fn table_part(&mut self, name: &str, e: &BytesStart<'_>) -> Action {
        let covered = name == "table:covered-table-cell";
        let Some(table) = self.table.as_mut().filter(|_| self.capture == 0) else {
            return if covered {
                Action::Skip
            } else {
                Action::Enter(Frame::Other)
            };
        };
        if table.nested > 0 {
            // A flattened table: rows are "; "-separated and cells ", "-separated in the cell.
            let Some(cell) = &mut table.cell else {
                return Action::Skip;
            };
            match name {
                "table:table-row" => cell.runs.separate("; "),
                "table:table-cell" => cell.runs.separate(", "),
                "table:covered-table-cell" => return Action::Skip,
                _ => {}
            }
            return Action::Enter(Frame::Other);
        }
        let count = |attribute: &str| -> u32 {
            attr(e, attribute)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|&n| n > 0)
                .unwrap_or(1)
        };
        match name {
            "table:table-column" => {
                let repeat = count("number-columns-repeated").min(MAX_REPEAT) as usize;
                table.columns = (table.columns + repeat).min(MAX_ROW_CELLS);
                Action::Enter(Frame::Other)
            }
            "table:table-header-rows" => {
                table.header += 1;
                Action::Enter(Frame::HeaderRows)
            }
            "table:table-row" => {
                if table.row.is_some() {
                    self.row_end();
                }
                let Some(table) = &mut self.table else {
                    return Action::Skip;
                };
                table.row = Some(RowBuffer {
                    cells: Vec::new(),
                    repeat: count("number-rows-repeated"),
                    header: table.header > 0,
                    covered: 0,
                });
                Action::Enter(Frame::Row)
            }
            "table:table-cell" => {
                if table.row.is_none() || table.cell.is_some() {
                    return Action::Skip;
                }
                table.cell = Some(CellBuffer {
                    runs: Runs::default(),
                    change: false,
                    repeat: count("number-columns-repeated"),
                    span: count("number-columns-spanned"),
                });
                Action::Enter(Frame::Cell)
            }
            _ => {
                // A covered cell: hidden by a cell spanning it. Columns spanned from the left
                // were padded already; one covered from above is an empty cell here.
                let repeat = count("number-columns-repeated");
                let columns = table.columns;
                if let Some(row) = &mut table.row {
                    for _ in 0..repeat.min(MAX_REPEAT) {
                        if row.covered > 0 {
                            row.covered -= 1;
                        } else if row.cells.len() < MAX_ROW_CELLS.max(columns) {
                            row.cells.push((Runs::default(), false));
                        }
                    }
                }
                Action::Skip
            }
        }
    }

    fn cell_end(&mut self) {
        let Some(table) = &mut self.table else { return };
        let Some(cell) = table.cell.take() else {
            return;
        };
        let Some(row) = &mut table.row else { return };
        let room = MAX_ROW_CELLS.saturating_sub(row.cells.len());
        let repeat = cell.repeat.min(MAX_REPEAT) as usize;
        let copies = if cell.runs.is_empty() {
            // Empty repeats only up to the declared grid: trailing empty cells add nothing.
            repeat.min(table.columns.saturating_sub(row.cells.len()).max(1))
        } else {
            repeat.min(1 + self.repeat_budget)
        }
        .min(room);
        if !cell.runs.is_empty() {
            self.repeat_budget = self.repeat_budget.saturating_sub(copies.saturating_sub(1));
        }
        for copy in 0..copies {
            row.cells
                .push((cell.runs.clone(), cell.change && copy == 0));
        }
        let span = cell.span.saturating_sub(1);
        let padding = (span as usize).min(MAX_ROW_CELLS.saturating_sub(row.cells.len()));
        row.cells
            .extend(std::iter::repeat_with(|| (Runs::default(), false)).take(padding));
        row.covered = span;
    }

    fn row_end(&mut self) {
        if self.table.as_ref().is_some_and(|t| t.cell.is_some()) {
            self.cell_end();
        }
        let Some(table) = &mut self.table else { return };
        let Some(mut row) = table.row.take() else {
            return;
        };
        while row.cells.len() > table.columns.max(1)
            && row.cells.last().is_some_and(|(runs, _)| runs.is_empty())
        {
            row.cells.pop();
        }
        if row.cells.is_empty() {
            return;
        }
        let empty = row.cells.iter().all(|(runs, _)| runs.is_empty());
        let copies = if empty {
            1
        } else {
            let affordable = self.repeat_budget / row.cells.len();
            (row.repeat.min(MAX_REPEAT) as usize).min(1 + affordable)
        };
        self.repeat_budget = self
            .repeat_budget
            .saturating_sub((copies - 1) * row.cells.len());
        for copy in 0..copies {
            self.builder.begin_row();
            for (runs, change) in &row.cells {
                self.builder.begin_cell();
                runs.write(self.builder);
                self.builder.end_cell();
                if *change && copy == 0 && self.first_change.is_none() && !runs.is_empty() {
                    self.first_change = Some(self.builder.offset().saturating_sub(1));
                }
            }
            self.builder.end_row(row.header);
        }
    }

    fn table_end(&mut self) {
        if self.table.as_ref().is_some_and(|t| t.row.is_some()) {
            self.row_end();
        }
        if let Some(table) = self.table.take() {
            self.builder.end_table(table.clause);
        }
    }

    // --- skipped content ----------------------------------------------------------------------

    /// Skip the element whose start was just read, counting the paragraphs in it.
    fn skip_counting(&mut self, reader: &mut XmlReader<'_>) -> Result<(), ReadError> {
        let base = reader.depth();
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e) => {
                    if matches!(self.names.qname(e.name().0).as_ref(), "text:p" | "text:h") {
                        self.paragraph += 1;
                    }
                }
                Event::End(_) if reader.depth() < base => return Ok(()),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// Count the insertions and deletions in `text:tracked-changes` and skip it: it holds the
    /// deleted text, which a reader of the accepted document does not see.
    fn count_changes(&mut self, reader: &mut XmlReader<'_>) -> Result<(), ReadError> {
        let base = reader.depth();
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e) => match self.names.qname(e.name().0).as_ref() {
                    "text:insertion" => self.insertions += 1,
                    "text:deletion" => self.deletions += 1,
                    _ => {}
                },
                Event::End(_) if reader.depth() < base => return Ok(()),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::extract;
    use crate::document::{BlockKind, Document};
    use crate::extract::ReadError;
    use crate::extract::package::Package;

    const NS: &str = concat!(
        r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
        r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
        r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
        r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#,
        r#"xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" "#,
        r#"xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" "#,
        r#"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#,
        r#"xmlns:dc="http://purl.org/dc/elements/1.1/""#
    );

    fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
        crate::extract::package::zip_of(parts)
    }

    fn content(automatic: &str, body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.3"><office:automatic-styles>{automatic}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        )
    }

    fn styles(common: &str, master: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}><office:styles>{common}</office:styles><office:automatic-styles/><office:master-styles>{master}</office:master-styles></office:document-styles>"#
        )
    }

    fn read(parts: &[(&str, &str)]) -> Result<Document, ReadError> {
        let mut all = vec![("mimetype", "application/vnd.oasis.opendocument.text")];
        all.extend_from_slice(parts);
        let bytes = zip(&all);
        let mut package = Package::open(&bytes)?;
        extract(PathBuf::from("test.odt"), &mut package)
    }

    /// A document with this body, these common styles and master pages.
    fn odt_with(common: &str, master: &str, body: &str) -> Document {
        read(&[
            ("content.xml", &content("", body)),
            ("styles.xml", &styles(common, master)),
        ])
        .expect("reads")
    }

    fn odt(body: &str) -> Document {
        odt_with("", "", body)
    }

    /// Each block as (kind, clause, text).
    fn blocks(doc: &Document) -> Vec<(String, Option<String>, String)> {
        doc.blocks
            .iter()
            .map(|b| {
                let kind = match &b.kind {
                    BlockKind::Heading { level } => format!("h{level}"),
                    BlockKind::Paragraph => "p".into(),
                    BlockKind::ListItem { label, depth } => format!("item {label} {depth}"),
                    BlockKind::Table(_) => "table".into(),
                };
                (kind, b.clause.clone(), doc.slice(b.span).to_string())
            })
            .collect()
    }

    fn number_level(level: u8, format: &str, prefix: &str, suffix: &str, shown: u8) -> String {
        format!(
            r#"<text:list-level-style-number text:level="{level}" style:num-format="{format}" style:num-prefix="{prefix}" style:num-suffix="{suffix}" text:display-levels="{shown}"/>"#
        )
    }

    fn items(texts: &[&str]) -> String {
        texts
            .iter()
            .map(|t| format!("<text:list-item>{t}</text:list-item>"))
            .collect()
    }

    fn p(text: &str) -> String {
        format!("<text:p>{text}</text:p>")
    }

    #[test]
    fn headings_open_sections_from_outline_levels_and_styles() {
        let common = concat!(
            r#"<style:style style:name="Heading" style:family="paragraph"/>"#,
            r#"<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading"/>"#,
            r#"<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"/>"#,
        );
        let body = concat!(
            r#"<text:p text:style-name="Title">Partnership Agreement</text:p>"#,
            r#"<text:h text:outline-level="1">Parties</text:h>"#,
            r#"<text:p>Fernlea Trust and Oakham CIC.</text:p>"#,
            r#"<text:p text:style-name="Heading_20_2">Disputes</text:p>"#,
            r#"<text:h text:outline-level="3">Mediation</text:h>"#,
            r#"<text:p>CEDR.</text:p>"#,
        );
        let doc = odt_with(common, "", body);
        let kinds: Vec<_> = blocks(&doc).into_iter().map(|(k, _, _)| k).collect();
        assert_eq!(kinds, ["h1", "h1", "p", "h2", "h3", "p"]);
        let location = doc.locate(doc.blocks[5].span);
        assert_eq!(
            location.section.as_deref(),
            Some("Parties > Disputes > Mediation")
        );
        assert_eq!(location.paragraph, Some(6));
        assert_eq!(location.part, None);
    }

    #[test]
    fn automatic_styles_inherit_heading_styles_from_styles_xml() {
        let common = r#"<style:style style:name="Subtitle" style:family="paragraph"/>"#;
        let automatic = r#"<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Subtitle"/>"#;
        let doc = read(&[
            (
                "content.xml",
                &content(
                    automatic,
                    r#"<text:p text:style-name="P1">For the Council</text:p>"#,
                ),
            ),
            ("styles.xml", &styles(common, "")),
        ])
        .expect("reads");
        assert!(matches!(
            doc.blocks[0].kind,
            BlockKind::Heading { level: 2 }
        ));
    }

    #[test]
    fn numbered_lists_get_labels_and_clause_numbers() {
        let list_style = format!(
            r#"<text:list-style style:name="L1">{}{}{}</text:list-style>"#,
            number_level(1, "1", "", ".", 1),
            number_level(2, "1", "", ".", 2),
            number_level(3, "a", "(", ")", 1),
        );
        let inner = format!(
            "<text:list>{}</text:list>",
            items(&[&p("Fees"), &p("Invoices")])
        );
        let deepest = format!(
            "<text:list>{}</text:list>",
            items(&[&p("monthly"), &p("in arrears")])
        );
        let second = format!(
            "<text:list>{}</text:list>",
            items(&[&format!("{}{deepest}", p("Timing"))])
        );
        let body = format!(
            r#"<text:list text:style-name="L1">{}</text:list><text:p>Between.</text:p><text:list text:style-name="L1" text:continue-numbering="true">{}</text:list>"#,
            items(&[
                &format!("{}{inner}", p("Payment")),
                &format!("{}{second}{}", p("Term"), p("A second paragraph.")),
            ]),
            items(&[&p("Disputes")]),
        );
        let doc = odt_with(&list_style, "", &body);
        let got: Vec<_> = blocks(&doc)
            .into_iter()
            .map(|(k, c, t)| format!("{k} | {} | {t}", c.unwrap_or_default()))
            .collect();
        assert_eq!(
            got,
            [
                "item 1. 0 | 1 | Payment",
                "item 1.1. 1 | 1.1 | Fees",
                "item 1.2. 1 | 1.2 | Invoices",
                "item 2. 0 | 2 | Term",
                "item 2.1. 1 | 2.1 | Timing",
                "item (a) 2 | (a) | monthly",
                "item (b) 2 | (b) | in arrears",
                "p | 2 | A second paragraph.",
                "p |  | Between.",
                "item 3. 0 | 3 | Disputes",
            ]
        );
    }

    #[test]
    fn nested_numbers_that_show_one_level_join_like_markdown() {
        // pandoc's Word numbering, converted by LibreOffice: each level shows only its own
        // number ("1."), and a reader cites the nested item as 2.1.
        let list_style = format!(
            r#"<text:list-style style:name="L1">{}{}</text:list-style>"#,
            number_level(1, "1", "", ".", 1),
            number_level(2, "1", "", ".", 1),
        );
        let inner = format!("<text:list>{}</text:list>", items(&[&p("Start date")]));
        let body = format!(
            r#"<text:list text:style-name="L1">{}</text:list>"#,
            items(&[&p("Scope"), &format!("{}{inner}", p("Term"))])
        );
        let doc = odt_with(&list_style, "", &body);
        let got = blocks(&doc);
        assert_eq!(got[2].0, "item 1. 1");
        assert_eq!(got[2].1.as_deref(), Some("2.1"));
    }

    #[test]
    fn list_styles_come_from_paragraph_styles_start_values_and_cached_numbers() {
        let common = format!(
            r#"<text:list-style style:name="Roman">{}</text:list-style><style:style style:name="Numbered" style:family="paragraph" style:list-style-name="Roman"/>"#,
            number_level(1, "I", "", ".", 1),
        );
        let body = concat!(
            r#"<text:list><text:list-item text:start-value="4"><text:p text:style-name="Numbered">Four</text:p></text:list-item>"#,
            r#"<text:list-item><text:p text:style-name="Numbered">Five</text:p></text:list-item>"#,
            r#"<text:list-item><text:number>9.</text:number><text:p text:style-name="Numbered">Cached</text:p></text:list-item>"#,
            r#"<text:list-header><text:p>Unnumbered</text:p></text:list-header></text:list>"#,
        );
        let doc = odt_with(&common, "", body);
        let got: Vec<_> = blocks(&doc).into_iter().map(|(k, c, _)| (k, c)).collect();
        assert_eq!(
            got,
            [
                ("item IV. 0".to_string(), Some("IV".to_string())),
                ("item V. 0".to_string(), Some("V".to_string())),
                ("item 9. 0".to_string(), Some("9".to_string())),
                ("p".to_string(), None),
            ]
        );
    }

    #[test]
    fn continue_list_picks_up_the_named_list() {
        let list_style = format!(
            r#"<text:list-style style:name="L1">{}</text:list-style>"#,
            number_level(1, "1", "", ")", 1),
        );
        let body = format!(
            r#"<text:list xml:id="first" text:style-name="L1">{}</text:list><text:list text:style-name="L1">{}</text:list><text:list text:style-name="L1" text:continue-list="first">{}</text:list>"#,
            items(&[&p("a"), &p("b")]),
            items(&[&p("new")]),
            items(&[&p("c")]),
        );
        let doc = odt_with(&list_style, "", &body);
        let labels: Vec<_> = blocks(&doc).into_iter().map(|(k, _, _)| k).collect();
        assert_eq!(labels, ["item 1) 0", "item 2) 0", "item 1) 0", "item 3) 0"]);
        assert_eq!(doc.blocks[3].clause.as_deref(), Some("3"));
    }

    #[test]
    fn bullets_show_their_character_and_keep_the_clause_around_them() {
        let list_style = format!(
            r#"<text:list-style style:name="L1">{}<text:list-level-style-bullet text:level="2" text:bullet-char="–"/></text:list-style><text:list-style style:name="B"><text:list-level-style-bullet text:level="1" text:bullet-char=""/></text:list-style>"#,
            number_level(1, "1", "", ".", 1),
        );
        let inner = format!("<text:list>{}</text:list>", items(&[&p("within 30 days")]));
        let body = format!(
            r#"<text:list text:style-name="L1">{}</text:list><text:list text:style-name="B">{}</text:list>"#,
            items(&[&format!("{}{inner}", p("Paid monthly"))]),
            items(&[&p("symbol font bullet")]),
        );
        let doc = odt_with(&list_style, "", &body);
        let got = blocks(&doc);
        assert_eq!(got[1].0, "item – 1");
        assert_eq!(got[1].1.as_deref(), Some("1"));
        assert_eq!(got[2].0, "item • 0");
        assert_eq!(got[2].1, None);
    }

    #[test]
    fn headings_are_numbered_from_the_outline_style() {
        let common = format!(
            r#"<text:outline-style style:name="Outline">{}{}</text:outline-style>"#,
            number_level(1, "1", "", ".", 1)
                .replace("list-level-style-number", "outline-level-style"),
            number_level(2, "1", "", "", 2)
                .replace("list-level-style-number", "outline-level-style"),
        );
        let body = concat!(
            r#"<text:h text:outline-level="1">Payment</text:h><text:h text:outline-level="2">Invoices</text:h>"#,
            r#"<text:p>Within 30 days.</text:p><text:h text:outline-level="1">Disputes</text:h>"#,
        );
        let doc = odt_with(&common, "", body);
        let got: Vec<_> = blocks(&doc).into_iter().map(|(_, c, _)| c).collect();
        assert_eq!(
            got,
            [
                Some("1".to_string()),
                Some("1.1".to_string()),
                Some("1.1".to_string()),
                Some("2".to_string())
            ]
        );
        assert_eq!(doc.sections[1].title, "1.1 Invoices");
    }

    #[test]
    fn inline_markup_spaces_links_and_fields_read_as_text() {
        let body = concat!(
            "<text:p>\n  <text:span>Fernlea</text:span>   Deaf<text:s text:c=\"2\"/>Trust",
            r#"<text:tab/>pays<text:line-break/><text:a xlink:href="https://example.org">Oakham</text:a>"#,
            r#"<text:soft-page-break/> <text:bookmark text:name="x"/>CIC on <text:date>1 May 2025</text:date>"#,
            r#" &amp; page <text:page-number>3</text:page-number>.</text:p>"#,
        );
        let doc = odt(body);
        assert_eq!(
            doc.text,
            "Fernlea Deaf  Trust\tpays Oakham CIC on 1 May 2025 & page ."
        );
    }

    #[test]
    fn tables_keep_header_rows_spans_and_flatten_nested_tables() {
        let body = concat!(
            r#"<table:table><table:table-column table:number-columns-repeated="3"/>"#,
            r#"<table:table-header-rows><table:table-row><table:table-cell><text:p>Partner</text:p></table:table-cell>"#,
            r#"<table:table-cell table:number-columns-spanned="2"><text:p>Funding</text:p></table:table-cell>"#,
            r#"<table:covered-table-cell/></table:table-row></table:table-header-rows>"#,
            r#"<table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>Fernlea</text:p></table:table-cell>"#,
            r#"<table:table-cell><text:p>£12,000</text:p></table:table-cell><table:table-cell><text:p>Year 1</text:p><text:p>only</text:p></table:table-cell></table:table-row>"#,
            r#"<table:table-row><table:covered-table-cell/><table:table-cell><table:table>"#,
            r#"<table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row>"#,
            r#"<table:table-row><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row>"#,
            r#"</table:table></table:table-cell><table:table-cell table:number-columns-repeated="5000"/></table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000000"/></table:table-row>"#,
            r#"</table:table><text:p>After.</text:p>"#,
        );
        let doc = odt(body);
        let BlockKind::Table(table) = &doc.blocks[0].kind else {
            panic!("not a table: {:?}", doc.blocks)
        };
        assert_eq!(table.header_rows, 1);
        assert_eq!(table.rows.len(), 4, "{}", doc.text);
        assert_eq!(
            doc.text,
            "Partner | Funding | \nFernlea | £12,000 | Year 1 only\n | a, b; c | \n |  |\n\nAfter."
        );
        assert_eq!(doc.slice(table.rows[1].cells[2]), "Year 1 only");
        assert_eq!(doc.slice(table.rows[2].cells[1]), "a, b; c");
        let location = doc.locate(table.rows[1].cells[1]);
        assert_eq!((location.row, location.cell), (Some(2), Some(2)));
        // Paragraphs in cells count: "After." is the tenth paragraph.
        assert_eq!(doc.locate(doc.blocks[1].span).paragraph, Some(10));
    }

    #[test]
    fn text_boxes_become_paragraphs_after_their_anchor() {
        let body = concat!(
            r#"<text:p>Before <draw:frame><svg:title>Logo</svg:title><draw:text-box><text:p>Boxed text</text:p></draw:text-box></draw:frame>after.</text:p>"#,
            r#"<text:p>Next.</text:p>"#,
        );
        let doc = odt(body);
        assert_eq!(doc.text, "Before after.\n\nBoxed text\n\nNext.");
        assert_eq!(doc.locate(doc.blocks[1].span).paragraph, Some(2));
        assert_eq!(doc.locate(doc.blocks[2].span).paragraph, Some(3));
    }

    #[test]
    fn notes_come_after_the_body_and_headers_and_footers_last() {
        let master = concat!(
            r#"<style:master-page style:name="Standard"><style:header><text:p>Draft v2</text:p></style:header>"#,
            r#"<style:header-left><text:p>Draft v2</text:p></style:header-left>"#,
            r#"<style:footer><text:p>Page <text:page-number>4</text:page-number> · Confidential</text:p></style:footer></style:master-page>"#,
            r#"<style:master-page style:name="First"><style:footer><text:p>Page <text:page-number>1</text:page-number> · Confidential</text:p></style:footer>"#,
            r#"<style:header style:display="false"><text:p>Hidden</text:p></style:header></style:master-page>"#,
        );
        let body = concat!(
            r#"<text:p>The fee<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>"#,
            r#"<text:note-body><text:p>Excluding VAT.</text:p></text:note-body></text:note> is £5,000.</text:p>"#,
            r#"<text:p>End.</text:p>"#,
        );
        let doc = odt_with("", master, body);
        assert_eq!(
            doc.text,
            "The fee is £5,000.\n\nEnd.\n\nExcluding VAT.\n\nDraft v2\n\nPage · Confidential"
        );
        let parts: Vec<_> = doc
            .blocks
            .iter()
            .map(|b| {
                let location = doc.locate(b.span);
                (location.part, location.paragraph)
            })
            .collect();
        assert_eq!(
            parts,
            [
                (None, Some(1)),
                (None, Some(2)),
                (Some("notes".to_string()), Some(1)),
                (Some("header".to_string()), Some(1)),
                (Some("footer".to_string()), Some(1)),
            ]
        );
    }

    #[test]
    fn comments_and_generated_indexes_are_left_out() {
        let body = concat!(
            r#"<text:table-of-content><text:index-body><text:p>Payment ..... 3</text:p></text:index-body></text:table-of-content>"#,
            r#"<text:p>The fee <office:annotation><dc:creator>Ann</dc:creator><text:p>Check with Oakham CIC</text:p></office:annotation>is fixed<office:annotation-end/>.</text:p>"#,
        );
        let doc = odt(body);
        assert_eq!(doc.text, "The fee is fixed.");
        // The contents line still counts as a paragraph a reader sees.
        assert_eq!(doc.locate(doc.blocks[0].span).paragraph, Some(2));
    }

    #[test]
    fn tracked_changes_read_as_accepted_with_a_notice() {
        let body = concat!(
            r#"<text:tracked-changes text:track-changes="true">"#,
            r#"<text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>R</dc:creator></office:change-info>"#,
            r#"<text:p>Oakham CIC receives £4,000.</text:p></text:deletion></text:changed-region>"#,
            r#"<text:changed-region text:id="c2"><text:insertion><office:change-info><dc:creator>R</dc:creator></office:change-info></text:insertion></text:changed-region>"#,
            r#"<text:changed-region text:id="c3"><text:format-change><office:change-info/></text:format-change></text:changed-region>"#,
            r#"</text:tracked-changes>"#,
            r#"<text:p>Budget.</text:p>"#,
            r#"<text:p>Fernlea receives<text:change text:change-id="c1"/> <text:change-start text:change-id="c2"/>£6,000<text:change-end text:change-id="c2"/>.</text:p>"#,
        );
        let doc = odt(body);
        assert_eq!(doc.text, "Budget.\n\nFernlea receives £6,000.");
        assert!(!doc.text.contains("Oakham"));
        assert_eq!(doc.notices.len(), 1);
        let notice = &doc.notices[0];
        assert_eq!(notice.code, "unaccepted-tracked-changes");
        assert!(
            notice
                .message
                .contains("2 unaccepted tracked changes (1 insertion, 1 deletion)"),
            "{}",
            notice.message
        );
        assert_eq!(doc.slice(notice.span), "Fernlea receives £6,000.");
        // Paragraphs in the deleted text do not count.
        assert_eq!(doc.locate(notice.span).paragraph, Some(2));
    }

    #[test]
    fn a_password_protected_file_is_encrypted() {
        let manifest = r#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="AES"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>"#;
        let result = read(&[
            ("META-INF/manifest.xml", manifest),
            ("content.xml", "\u{1}\u{2} not xml"),
        ]);
        assert!(
            matches!(
                result,
                Err(ReadError::Encrypted {
                    format: "OpenDocument file"
                })
            ),
            "{result:?}"
        );
    }

    #[test]
    fn broken_or_missing_content_is_damaged() {
        let truncated = content("", "<text:p>Fee</text:p>");
        let truncated = &truncated[..truncated.len() - 30];
        let result = read(&[("content.xml", truncated)]);
        assert!(matches!(result, Err(ReadError::Damaged(_))), "{result:?}");
        let malformed = content("", "<text:p>Fee</text:p").replace("</text:p", "</text:p <");
        let result = read(&[("content.xml", &malformed)]);
        assert!(matches!(result, Err(ReadError::Damaged(_))), "{result:?}");
        let result = read(&[("styles.xml", &styles("", ""))]);
        assert!(matches!(result, Err(ReadError::Damaged(_))), "{result:?}");
    }

    #[test]
    fn entities_from_a_doctype_are_not_expanded() {
        let xml = content("", "<text:p>&x;&a; fee &#163;5</text:p>").replacen(
            "<office:document-content",
            "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\"><!ENTITY a \"aaaa\">]><office:document-content",
            1,
        );
        let doc = read(&[("content.xml", &xml)]).expect("reads");
        assert_eq!(doc.text, "fee £5");
    }

    #[test]
    fn deep_nesting_is_a_limit_error_not_a_crash() {
        let deep = "<text:list><text:list-item>".repeat(400)
            + "<text:p>x</text:p>"
            + &"</text:list-item></text:list>".repeat(400);
        let result = read(&[("content.xml", &content("", &deep))]);
        assert!(
            matches!(result, Err(ReadError::LimitExceeded { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn other_namespace_prefixes_are_understood() {
        let xml = r#"<o:document-content xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:t="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><o:body><o:text><t:h t:outline-level="2">Fees</t:h><t:p>£5</t:p></o:text></o:body></o:document-content>"#;
        let doc = read(&[("content.xml", xml)]).expect("reads");
        assert!(matches!(
            doc.blocks[0].kind,
            BlockKind::Heading { level: 2 }
        ));
        assert_eq!(doc.text, "Fees\n\n£5");
    }

    #[test]
    fn an_empty_document_reads_with_a_warning() {
        let doc = odt(r#"<text:p/><text:p><draw:frame><draw:image/></draw:frame></text:p>"#);
        assert!(doc.text.is_empty());
        assert!(doc.warnings[0].contains("no text"), "{:?}", doc.warnings);
        assert!(doc.warnings[0].contains("an image"), "{:?}", doc.warnings);
    }
}
