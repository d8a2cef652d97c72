//! SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers: one `sarifLog` with one
//! run, validated against the OASIS schema in `tests/cli/formats.rs`.
//!
//! - `tool.driver.rules`: a descriptor for every rule in the [`RuleSet`] (summary, `docs`
//!   as help text and Markdown, default level), then for the ids findings carry without being
//!   rules ([`diagnostic::NOTICES`]), then for any other id seen in the results, so every result's
//!   `ruleId` has a descriptor and `ruleIndex` points at it.
//! - `results`: one per finding, in the order of the [`FileResult`]s and their findings. A
//!   Markdown finding gets a text region (line and column in the file, from the source map);
//!   a PDF, Word or OpenDocument finding has no text region (SARIF regions count the file's own
//!   characters, which a PDF or a zipped XML file does not show), so it gets the file as its
//!   physical location, the page, clause, paragraph or table row as `logicalLocations`, and
//!   the place and the quoted words in its message.
//! - `partialFingerprints["tenderlintFinding/v1"]`: a hash of rule, path, subject and the
//!   quoted words ([`fingerprint`]), never line numbers, so a finding keeps its identity when
//!   text above it moves. Results without a text region also get it as
//!   `primaryLocationLineHash`, the key GitHub matches alerts by, which its upload action cannot
//!   compute without a line.
//! - Unreadable files are `invocations[0].toolExecutionNotifications` at level `error`, and
//!   make `executionSuccessful` false (the run exits 2); read warnings are `warning`
//!   notifications, and so are files read but not checked (no rule ran on them: "not checked:
//!   the kind of document could not be told; …"), whose descriptor id is the reason's code
//!   (`unknown-kind`), so that a viewer never shows such a file as clean.
//!
//! Where a finding is comes from [`super::place`], shared with the `github` and `junit` formats,
//! so all three say it the same way. To add a field,
//! add it to the structs below (they serialise in declaration order, optional fields skipped)
//! and check the schema test still passes.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::place::{TextRegion, one_line, place_and_quote, uri_path};
use crate::diagnostic::{self, FileResult, Located, Severity};
use crate::document::Format;
use crate::rules::{Rule, RuleSet};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The `partialFingerprints` key. Bump the version when what is hashed changes, so consumers
/// do not match old and new fingerprints.
pub const FINGERPRINT_KEY: &str = "tenderlintFinding/v1";

/// GitHub shows at most this many characters of a description.
const DESCRIPTION_LIMIT: usize = 1024;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    artifacts: Vec<Artifact>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notifications: Vec<Descriptor>,
}

/// A `reportingDescriptor`: a rule, or a kind of notification.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: impl Into<String>) -> Text {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    descriptor: DescriptorRef,
    locations: [Location; 1],
}

#[derive(Serialize)]
struct DescriptorRef {
    id: String,
    index: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Artifact {
    location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    mime_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_language: Option<&'static str>,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    help: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
    /// The full [`crate::document::Location`] (page, paragraph, clause, table, row, section),
    /// for tools that want the numbers rather than the names.
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<serde_json::Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    kind: &'static str,
}

/// The artifact location of a file: a relative reference against `%SRCROOT%`, or an absolute
/// `file:` URI. Characters that are not allowed in a URI are percent-encoded.
fn artifact_location(path: &Path, index: Option<usize>) -> ArtifactLocation {
    let plain = uri_path(path);
    if path.is_absolute() {
        let plain = if plain.starts_with('/') {
            plain
        } else {
            format!("/{plain}")
        };
        ArtifactLocation {
            uri: format!("file://{}", percent_encode(&plain, true)),
            uri_base_id: None,
            index,
        }
    } else {
        ArtifactLocation {
            uri: percent_encode(&plain, false),
            uri_base_id: Some("%SRCROOT%"),
            index,
        }
    }
}

/// Percent-encode everything but unreserved characters, `/` and sub-delimiters. `:` is encoded
/// in relative references (a colon in the first segment would read as a scheme) and kept in
/// absolute ones (`C:`).
fn percent_encode(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || b"-._~/!$&'()*+,;=@".contains(&byte)
            || (keep_colon && byte == b':');
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The stable identity of a finding: FNV-1a (64-bit) over the rule id, the path, the subject
/// and the quoted words with whitespace collapsed and case folded. Line numbers, columns,
/// pages and paragraph numbers are left out on purpose, so adding text above a finding does
/// not make it a new one. `occurrence` (1-based) tells apart identical findings in one file.
pub fn fingerprint(path: &str, found: &Located, occurrence: usize) -> String {
    let snippet = one_line(&found.snippet).to_lowercase();
    let fields = [
        found.finding.rule.as_str(),
        path,
        found.finding.subject.as_deref().unwrap_or(""),
        snippet.as_str(),
    ];
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for field in fields {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        for byte in (field.len() as u64)
            .to_le_bytes()
            .iter()
            .chain(field.as_bytes())
        {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}:{occurrence}")
}

/// SARIF level for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `unfunded-partner` → `UnfundedPartner` (SARIF recommends Pascal-case rule names).
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// Cut to GitHub's description limit.
fn limit(text: String) -> String {
    if text.chars().count() <= DESCRIPTION_LIMIT {
        return text;
    }
    let mut cut: String = text.chars().take(DESCRIPTION_LIMIT - 1).collect();
    cut.push('…');
    cut
}

/// Rule docs are wrapped at ~96 columns in TOML; join each paragraph's lines, keeping list
/// items and table rows on lines of their own.
fn unwrap_paragraphs(text: &str) -> String {
    let mut out = String::new();
    for line in text.trim().lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        let starts_block = trimmed.starts_with("- ")
            || trimmed.starts_with("* ")
            || trimmed.starts_with('|')
            || trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if line.is_empty() {
            out.push_str("\n\n");
        } else if out.is_empty() || out.ends_with('\n') || starts_block {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(line);
        } else {
            out.push(' ');
            out.push_str(trimmed);
        }
    }
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out
}

/// `help.text` and `help.markdown` from a rule's docs: what it checks, why, a compliant
/// example, sources.
fn rule_help(rule: &Rule) -> Help {
    let docs = &rule.docs;
    let what = unwrap_paragraphs(&docs.what);
    let why = unwrap_paragraphs(&docs.why);
    let example = docs.example.trim_matches('\n');
    let mut text = format!("What it checks\n\n{what}\n\nWhy it matters\n\n{why}\n");
    let mut markdown = format!("## What it checks\n\n{what}\n\n## Why it matters\n\n{why}\n");
    if !example.trim().is_empty() {
        let indented: Vec<String> = example.lines().map(|l| format!("    {l}")).collect();
        text.push_str(&format!(
            "\nA compliant example\n\n{}\n",
            indented.join("\n")
        ));
        let mut fence = "```".to_string();
        while example.contains(&fence) {
            fence.push('`');
        }
        markdown.push_str(&format!(
            "\n## A compliant example\n\n{fence}text\n{example}\n{fence}\n"
        ));
    }
    if !docs.sources.is_empty() {
        text.push_str("\nSources\n\n");
        markdown.push_str("\n## Sources\n\n");
        for source in &docs.sources {
            text.push_str(&format!("- {source}\n"));
            markdown.push_str(&format!("- {source}\n"));
        }
    }
    text.push_str(&format!("\nMore: tenderlint explain {}\n", rule.id));
    markdown.push_str(&format!("\nMore: `tenderlint explain {}`\n", rule.id));
    Help { text, markdown }
}

fn rule_descriptor(rule: &Rule) -> Descriptor {
    let applies_to: Vec<&str> = rule.applies_to.iter().map(|k| k.name()).collect();
    let mut properties = serde_json::json!({
        "tags": applies_to,
        "kind": rule.kind_name,
        "applies-to": applies_to,
        "problem.severity": match rule.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "recommendation",
        },
    });
    if !rule.severity_by_kind.is_empty() {
        let by_kind: serde_json::Map<String, serde_json::Value> = rule
            .severity_by_kind
            .iter()
            .map(|(kind, severity)| (kind.name().to_string(), severity.name().into()))
            .collect();
        properties["severity-by-kind"] = by_kind.into();
    }
    let what = unwrap_paragraphs(&rule.docs.what);
    Descriptor {
        id: rule.id.clone(),
        name: Some(pascal_case(&rule.id)),
        short_description: Text::new(limit(rule.summary.clone())),
        full_description: Some(Text::new(limit(if what.is_empty() {
            rule.summary.clone()
        } else {
            what
        }))),
        default_configuration: Some(Configuration {
            level: level(rule.severity),
        }),
        help: Some(rule_help(rule)),
        properties: Some(properties),
    }
}

/// A descriptor for an id that is not a rule: text as given.
fn plain_descriptor(id: &str, severity: Severity, short: &str, full: &str) -> Descriptor {
    Descriptor {
        id: id.to_string(),
        name: Some(pascal_case(id)),
        short_description: Text::new(short),
        full_description: Some(Text::new(full)),
        default_configuration: Some(Configuration {
            level: level(severity),
        }),
        help: Some(Help {
            text: full.to_string(),
            markdown: full.to_string(),
        }),
        properties: Some(serde_json::json!({ "tags": ["tenderlint"] })),
    }
}

/// Rules, then the non-rule ids, then any other id a finding carries, each once.
fn descriptors(results: &[FileResult], rules: &RuleSet) -> Vec<Descriptor> {
    let mut list: Vec<Descriptor> = rules.rules.iter().map(rule_descriptor).collect();
    for notice in &diagnostic::NOTICES {
        if !list.iter().any(|d| d.id == notice.id) {
            list.push(plain_descriptor(
                notice.id,
                notice.severity,
                notice.summary,
                notice.description,
            ));
        }
    }
    for found in results.iter().flat_map(|r| &r.findings) {
        let id = &found.finding.rule;
        if !list.iter().any(|d| &d.id == id) {
            list.push(plain_descriptor(
                id,
                found.finding.severity,
                &format!("tenderlint finding: {id}"),
                "A finding tenderlint reports under this id; each result's message says what \
                 was found and where.",
            ));
        }
    }
    list
}

fn mime_type(format: Format) -> &'static str {
    match format {
        Format::Markdown => "text/markdown",
        Format::Pdf => "application/pdf",
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Format::Odt => "application/vnd.oasis.opendocument.text",
        Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        Format::Csv => "text/csv",
    }
}

/// The logical location of a finding in a paged or word-processing document: the page (PDF),
/// the part (footnotes, header…), clause, paragraph, table and row, outermost first. The
/// innermost names the location and gives its kind.
fn logical_location(location: &crate::document::Location) -> Option<LogicalLocation> {
    let mut parts: Vec<(&'static str, String)> = Vec::new();
    if let Some(sheet) = &location.sheet {
        parts.push(("sheet", format!("sheet {sheet}")));
        if let Some(address) = &location.address {
            parts.push(("cell", format!("cell {address}")));
        }
    }
    if let Some(page) = location.page {
        parts.push(("page", format!("page {page}")));
    }
    if let Some(part) = &location.part {
        parts.push(("part", part.clone()));
    }
    if let Some(clause) = &location.clause {
        parts.push(("clause", format!("clause {clause}")));
    }
    if let Some(paragraph) = location.paragraph {
        parts.push(("paragraph", format!("paragraph {paragraph}")));
    }
    if let Some(table) = location.table {
        parts.push(("table", format!("table {table}")));
        if let Some(row) = location.row {
            parts.push(("row", format!("row {row}")));
        }
    }
    let (kind, name) = parts.last()?.clone();
    let fully_qualified_name = parts
        .iter()
        .map(|(_, n)| n.as_str())
        .collect::<Vec<_>>()
        .join(" > ");
    Some(LogicalLocation {
        name,
        fully_qualified_name,
        kind,
    })
}

/// The numbers of a [`crate::document::Location`], without the `null`s.
fn location_properties(location: &crate::document::Location) -> Option<serde_json::Value> {
    let serde_json::Value::Object(mut map) = serde_json::to_value(location).ok()? else {
        return None;
    };
    map.retain(|_, v| !v.is_null());
    (!map.is_empty()).then_some(serde_json::Value::Object(map))
}

fn region_of(region: TextRegion) -> Region {
    Region {
        start_line: region.start_line,
        start_column: region.start_column,
        end_line: region.end_line,
        end_column: region.end_column,
        snippet: (!region.source.is_empty()).then(|| Text::new(region.source)),
    }
}

/// A result's location: a text region for Markdown, else the file plus logical locations.
fn finding_location(found: &Located, artifact: &ArtifactLocation) -> (Location, bool) {
    let region = found.region.clone();
    let has_region = region.is_some();
    let logical = if has_region {
        Vec::new()
    } else {
        logical_location(&found.location).into_iter().collect()
    };
    let location = Location {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: artifact.clone(),
            region: region.map(region_of),
        },
        logical_locations: logical,
        message: None,
        properties: location_properties(&found.location),
    };
    (location, has_region)
}

/// Related places (more trigger sentences) as `relatedLocations`, each with its label.
fn related_locations(found: &Located, artifact: &ArtifactLocation) -> Vec<Location> {
    found
        .finding
        .related
        .iter()
        .zip(&found.related)
        .enumerate()
        .map(|(i, ((span, label), place))| {
            // Borrow the location logic by viewing the related place as a finding of its own.
            let mut related = found.clone();
            related.finding.span = *span;
            related.finding.related.clear();
            related.location = place.location.clone();
            related.snippet.clone_from(&place.snippet);
            related.region.clone_from(&place.region);
            related.related.clear();
            let (mut place, has_region) = finding_location(&related, artifact);
            place.id = Some(i + 1);
            place.message = Some(Text::new(if has_region {
                label.clone()
            } else {
                format!("{label}{}", place_and_quote(&related))
            }));
            place
        })
        .collect()
}

/// Write the whole run as one SARIF log.
pub fn write(out: &mut dyn Write, results: &[FileResult], rules: &RuleSet) -> std::io::Result<()> {
    let rules = descriptors(results, rules);
    let rule_index: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();

    let mut artifacts = Vec::new();
    let mut sarif_results = Vec::new();
    let mut notifications = Vec::new();
    let mut notification_kinds: Vec<Descriptor> = Vec::new();
    let mut notification_index = |id: &str, short: &str, full: &str| -> usize {
        if let Some(i) = notification_kinds.iter().position(|d| d.id == id) {
            return i;
        }
        notification_kinds.push(Descriptor {
            id: id.to_string(),
            name: None,
            short_description: Text::new(short),
            full_description: (!full.is_empty()).then(|| Text::new(full)),
            default_configuration: None,
            help: None,
            properties: None,
        });
        notification_kinds.len() - 1
    };

    for (index, result) in results.iter().enumerate() {
        let path = uri_path(&result.path);
        artifacts.push(Artifact {
            location: artifact_location(&result.path, None),
            mime_type: result.format.map(mime_type),
            source_language: (result.format == Some(Format::Markdown)).then_some("markdown"),
        });
        let artifact = artifact_location(&result.path, Some(index));
        let file_location = || Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact.clone(),
                region: None,
            },
            logical_locations: Vec::new(),
            message: None,
            properties: None,
        };
        for error in &result.errors {
            let i = notification_index(
                error.code,
                &format!("A file tenderlint could not read ({})", error.code),
                &error.help,
            );
            notifications.push(Notification {
                level: "error",
                message: Text::new(format!("{path}: {} ({})", error.message, error.help)),
                descriptor: DescriptorRef {
                    id: error.code.to_string(),
                    index: i,
                },
                locations: [file_location()],
            });
        }
        for warning in &result.warnings {
            let i = notification_index(
                "read-warning",
                "A problem that did not stop tenderlint reading a file",
                "",
            );
            notifications.push(Notification {
                level: "warning",
                message: Text::new(format!("{path}: {warning}")),
                descriptor: DescriptorRef {
                    id: "read-warning".into(),
                    index: i,
                },
                locations: [file_location()],
            });
        }
        if let Some(unchecked) = result.unchecked {
            let i = notification_index(
                unchecked.code(),
                &format!(
                    "A document tenderlint read but did not check: no rule ran on it ({})",
                    unchecked.code()
                ),
                "Having no results says nothing about this document. Say what kind of document \
                 it is (--kind, front matter, or an override's kind in tenderlint.toml), or turn \
                 on the rules for its kind.",
            );
            notifications.push(Notification {
                level: "warning",
                message: Text::new(format!("{path}: not checked: {}", unchecked.reason())),
                descriptor: DescriptorRef {
                    id: unchecked.code().to_string(),
                    index: i,
                },
                locations: [file_location()],
            });
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for found in &result.findings {
            let finding = &found.finding;
            let (location, has_region) = finding_location(found, &artifact);
            let message = if has_region {
                finding.message.clone()
            } else {
                format!("{}{}", finding.message, place_and_quote(found))
            };
            let base = fingerprint(&path, found, 0);
            let occurrence = seen.entry(base).or_insert(0);
            *occurrence += 1;
            let mut fingerprints = BTreeMap::new();
            fingerprints.insert(FINGERPRINT_KEY, fingerprint(&path, found, *occurrence));
            if !has_region {
                // GitHub matches alerts across runs by `primaryLocationLineHash`, which its
                // upload action computes from the file's lines, and skips for results without
                // a line. Without a value here every upload would open new alerts for PDF and
                // Word findings.
                fingerprints.insert(
                    "primaryLocationLineHash",
                    fingerprint(&path, found, *occurrence),
                );
            }
            sarif_results.push(SarifResult {
                rule_id: &finding.rule,
                rule_index: rule_index.get(finding.rule.as_str()).copied().unwrap_or(0),
                level: level(finding.severity),
                message: Text::new(message),
                locations: [location],
                related_locations: related_locations(found, &artifact),
                partial_fingerprints: fingerprints,
                properties: ResultProperties {
                    subject: finding.subject.as_deref(),
                    help: &finding.help,
                },
            });
        }
    }

    let execution_successful = results.iter().all(|r| r.errors.is_empty());
    let homepage = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty());
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "tenderlint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: homepage,
                    rules,
                    notifications: notification_kinds,
                },
            },
            invocations: [Invocation {
                execution_successful,
                tool_execution_notifications: notifications,
            }],
            artifacts,
            results: sarif_results,
            column_kind: "unicodeCodePoints",
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{pascal_case, percent_encode, unwrap_paragraphs, uri_path};

    #[test]
    fn paths_become_forward_slash_references() {
        assert_eq!(
            uri_path(Path::new("./fixtures/bids/a.md")),
            "fixtures/bids/a.md"
        );
        assert_eq!(uri_path(Path::new("/tmp/x/a.md")), "/tmp/x/a.md");
        assert_eq!(
            percent_encode("my bids/50%.md", false),
            "my%20bids/50%25.md"
        );
        assert_eq!(percent_encode("a:b/c.md", false), "a%3Ab/c.md");
        assert_eq!(percent_encode("/C:/b.md", true), "/C:/b.md");
        assert_eq!(percent_encode("café.md", false), "caf%C3%A9.md");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("unfunded-partner"), "UnfundedPartner");
        assert_eq!(pascal_case("a"), "A");
    }

    #[test]
    fn wrapped_docs_are_joined_but_lists_kept() {
        let text = "One two\nthree.\n\n- first\n- second\nstill second\n| a | b |\n| c | d |\n";
        assert_eq!(
            unwrap_paragraphs(text),
            "One two three.\n\n- first\n- second still second\n| a | b |\n| c | d |"
        );
    }
}
