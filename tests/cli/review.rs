//! The Word review report (`check --format docx`), read back with tenderlint's own DOCX reader
//! (`extract` for the text, `extract --blocks` for the headings) and compared with the JSON
//! report of the same run.

use std::fs;
use std::io::Read;
use std::path::Path;

use serde_json::Value;

use super::{json, root, tenderlint};

/// Run `check --format docx --output OUT ARGS...`; the exit status.
fn review(args: &[&str], out: &Path) -> i32 {
    let mut all = vec![
        "check",
        "--format",
        "docx",
        "--output",
        out.to_str().expect("path"),
    ];
    all.extend_from_slice(args);
    let run = tenderlint(&all);
    assert!(
        run.stdout.is_empty(),
        "the report goes to the file, not standard output"
    );
    run.status.code().unwrap_or(-1)
}

/// The report's text as the DOCX reader sees it, white space collapsed.
fn text_of(path: &Path) -> String {
    let out = tenderlint(&["extract", path.to_str().expect("path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    normal(&String::from_utf8(out.stdout).expect("utf-8"))
}

/// The text of every heading at `level`, in order, from `extract --blocks`.
/// Every heading of the Word file, with its level, in order.
fn outline(path: &Path) -> Vec<(u8, String)> {
    let out = tenderlint(&["extract", "--blocks", path.to_str().expect("path")]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.lines();
    let mut found = Vec::new();
    while let Some(line) = lines.next() {
        // "[heading 2]", or "[heading 2 clause 1]" when the heading starts with a number.
        let Some(rest) = line.split("[heading ").nth(1) else {
            continue;
        };
        let level: String = rest.chars().take_while(char::is_ascii_digit).collect();
        // Levels 1 to 3 are the report's own headings; a bold line the reader takes for a
        // heading ("The words:") is read at a deeper level.
        if let Ok(level @ 1..=3) = level.parse() {
            found.push((level, lines.next().unwrap_or_default().trim().to_string()));
        }
    }
    found
}

fn headings(path: &Path, level: u8) -> Vec<String> {
    let out = tenderlint(&["extract", "--blocks", path.to_str().expect("path")]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    // "[heading 2]", or "[heading 2 clause 1]" when the heading starts with a number.
    let markers = [format!("[heading {level}]"), format!("[heading {level} ")];
    let mut lines = text.lines();
    let mut found = Vec::new();
    while let Some(line) = lines.next() {
        if markers.iter().any(|m| line.contains(m.as_str())) {
            found.push(lines.next().unwrap_or_default().trim().to_string());
        }
    }
    found
}

/// The text of the report's `word/document.xml`, read straight from the package: each
/// paragraph on a line of its own, tags taken out.
fn document_text(path: &Path) -> String {
    let file = fs::File::open(path).expect("open the report");
    let mut package = zip::ZipArchive::new(file).expect("a ZIP package");
    let mut xml = String::new();
    package
        .by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .expect("read");
    let xml = xml.replace("</w:p>", "\n");
    let breaks = regex::Regex::new("<w:br[^>]*>").expect("regex");
    let tags = regex::Regex::new("<[^>]*>").expect("regex");
    tags.replace_all(&breaks.replace_all(&xml, " "), "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The paragraphs of `text` from the line `from` up to (not including) the line `to`.
fn between<'t>(text: &'t str, from: &str, to: &str) -> Vec<&'t str> {
    text.lines()
        .skip_while(|line| *line != from)
        .skip(1)
        .take_while(|line| *line != to)
        .collect()
}

fn normal(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn str_of<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key].as_str().unwrap_or_default()
}

/// (errors, warnings, info) among a file's diagnostics.
fn counts(file: &Value) -> (usize, usize, usize) {
    let diagnostics = file["diagnostics"].as_array().expect("diagnostics");
    let of = |severity: &str| {
        diagnostics
            .iter()
            .filter(|d| d["severity"] == severity)
            .count()
    };
    (of("error"), of("warning"), of("info"))
}

fn title_case(severity: &str) -> String {
    let mut chars = severity.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[test]
fn the_review_lists_every_document_and_every_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("review.docx");
    // Markdown, PDF (page and line), DOCX (clause and paragraph, tracked changes) and ODT.
    let status = review(&["fixtures"], &out);
    let (report, json_status) = json(&["fixtures"]);
    assert_eq!(status, 1, "findings exit 1, as for the other formats");
    assert_eq!(status, json_status);
    let text = text_of(&out);
    let lower = text.to_lowercase();
    let files = report["files"].as_array().expect("files");
    let summary = &report["summary"];

    assert!(text.starts_with("tenderlint review "), "{text}");
    // The documents of unknown kind are not checked (tests/cli/unchecked.rs); what was found
    // counts the others' findings.
    let unchecked = summary["unchecked"].as_u64().expect("count") as usize;
    assert!(unchecked > 0);
    let found: usize = files
        .iter()
        .filter(|f| f["checked"] == true)
        .map(|f| f["diagnostics"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(
        text.contains(&format!(
            "tenderlint was given {} documents (listed in the summary below). {unchecked} \
             documents were not checked (the reasons are below). In the other {} it found \
             {found} problems",
            files.len(),
            files.len() - unchecked,
        )),
        "{text}"
    );
    for key in [
        "Error: must be fixed before you submit the bid or sign the agreement.",
        "Warning: check it;",
        "Info: for your attention;",
    ] {
        assert!(text.contains(key), "severity key {key:?}");
    }

    // The summary table: a header row, a row per file and the totals.
    assert!(text.contains("Document | Kind | Errors | Warnings | Info"));
    for file in files {
        let (errors, warnings, info) = counts(file);
        let kind = if file["checked"] == true {
            str_of(file, "kind")
        } else {
            "not checked: kind not known"
        };
        let row = format!(
            "{} | {kind} | {errors} | {warnings} | {info}",
            str_of(file, "path"),
        );
        assert!(text.contains(&row), "no summary row {row:?}");
    }
    let (bid, _) = json(&["fixtures/bids/youth-employment-bid.md"]);
    let row = format!(
        "fixtures/bids/youth-employment-bid.md | bid | {} | {} | {}",
        bid["summary"]["errors"], bid["summary"]["warnings"], bid["summary"]["info"]
    );
    assert_eq!(
        row,
        "fixtures/bids/youth-employment-bid.md | bid | 4 | 5 | 0"
    );
    assert!(text.contains(&row), "{row}");
    let totals = format!(
        "Total ({} documents) | | {} | {} | {}",
        files.len(),
        summary["errors"],
        summary["warnings"],
        summary["info"]
    );
    assert!(text.contains(&totals), "{totals}");

    // A heading per document (its path when two files share a name), a heading per finding
    // one level down. A pack has a heading 1 of its own, its documents' headings under it.
    // The title, what to fix first, the summary and the documents not checked come before the
    // documents.
    let outline = outline(&out);
    assert_eq!(
        outline[..4],
        [
            (1, "tenderlint review".into()),
            (1, "What to fix first".into()),
            (1, "Summary".into()),
            (1, "Documents not checked".into())
        ]
    );
    let mut outline = outline.into_iter().skip(4);
    let rules = ::tenderlint::rules::RuleSet::builtin().expect("rules");
    let mut clean = 0;
    let mut packs_seen = Vec::new();
    for file in files {
        let level = match file["pack"].as_str() {
            Some(pack) => {
                if !packs_seen.contains(&pack) {
                    packs_seen.push(pack);
                    assert_eq!(outline.next(), Some((1, format!("Pack: {pack}"))));
                }
                2
            }
            None => 1,
        };
        let path = str_of(file, "path");
        let name = Path::new(path).file_name().expect("name").to_string_lossy();
        let (at, heading) = outline.next().expect("a heading per document");
        assert_eq!(at, level, "{heading}");
        assert!(heading == *name || heading == path, "{heading} for {path}");
        let diagnostics = file["diagnostics"].as_array().expect("diagnostics");
        if diagnostics.is_empty() && file["checked"] == true {
            clean += 1;
        }
        // Errors, then warnings, then info; in the document's order within each.
        let mut diagnostics: Vec<&Value> = diagnostics.iter().collect();
        diagnostics.sort_by_key(|d| match str_of(d, "severity") {
            "error" => 0,
            "warning" => 1,
            _ => 2,
        });
        for (i, d) in diagnostics.into_iter().enumerate() {
            let rule = str_of(d, "rule");
            let (at, heading) = outline.next().expect("a heading per finding");
            assert_eq!(at, level + 1, "{heading}");
            let prefix = format!("{}. {}: ", i + 1, title_case(str_of(d, "severity")));
            assert!(heading.starts_with(&prefix), "{heading} for {d}");
            // The quoted words, what was found and what to do.
            let snippet = normal(str_of(d, "snippet"));
            assert!(snippet.chars().count() < 600, "a quote this long is cut");
            assert!(
                text.contains(&format!("“{snippet}”")),
                "no quote of {snippet:?}"
            );
            for key in ["message", "help"] {
                let said = normal(str_of(d, key)).to_lowercase();
                assert!(lower.contains(&said), "{path}: no {key} {said:?}");
            }
            match rules.get(rule) {
                Some(found) => {
                    assert!(heading.ends_with(&found.summary), "{heading}");
                    assert!(text.contains(&format!(
                        "Rule: {rule}. What it checks, an example of good wording and the \
                         public documents it is based on are under “About the rules” at the \
                         end of this report."
                    )));
                }
                None => assert!(text.contains(&format!("Check: {rule}.")), "{rule}"),
            }
        }
    }
    assert!(!packs_seen.is_empty(), "fixtures/packs holds a pack");
    // Then the appendix: a heading for each rule the report cites, in the rules' order.
    assert_eq!(outline.next(), Some((1, "About the rules".into())));
    let cited: Vec<(u8, String)> = rules
        .rules
        .iter()
        .filter(|rule| {
            files.iter().any(|f| {
                f["diagnostics"]
                    .as_array()
                    .is_some_and(|ds| ds.iter().any(|d| d["rule"] == rule.id.as_str()))
            })
        })
        .map(|rule| (2, rule.summary.clone()))
        .collect();
    assert!(!cited.is_empty());
    assert_eq!(
        outline.collect::<Vec<_>>(),
        cited,
        "a heading for each document, finding and cited rule only"
    );
    assert_eq!(
        text.matches("No problems found.").count(),
        clean,
        "one line per clean document"
    );
    assert_eq!(
        text.matches("Not checked: none of tenderlint's checks was applied")
            .count(),
        unchecked,
        "one line per document not checked"
    );

    // Why it matters: the rule's documentation, once per rule in a document.
    for id in [
        "unfunded-partner",
        "missing-tupe-disclosure",
        "missing-dispute-resolution",
        "unrealistic-target",
    ] {
        let why = normal(&rules.get(id).expect("rule").docs.why);
        assert!(
            text.contains(&format!("Why it matters: {why}")),
            "no why for {id}"
        );
    }
    assert!(text.contains("Why it matters: see finding 2 above."));
    assert!(text.contains("Why it matters: A document with tracked changes is still a draft"));

    // Where: lines in Markdown, pages in PDF, clauses and paragraphs in Word.
    assert!(text.contains(
        "Where: Line 25, column 5, in the section “Question 2: Delivery model and partners (25%)”"
    ));
    assert!(text.contains("Where: Page 2, line 34, in the section"));
    assert!(text.contains("Where: Clause 5.1, paragraph 30, in the section"));
    assert!(text.contains("Also here: “re-tender” (line 15, column 460);"));

    // Each document not checked is listed after the summary, with the reason in plain words.
    let xml = document_text(&out);
    let missed = between(&xml, "Documents not checked", "About the rules").join("\n");
    for file in files.iter().filter(|f| f["checked"] == false) {
        // "name.md (folder/name.md): not checked", or the path alone when names are shared.
        let path = str_of(file, "path");
        let listed = [
            format!("{path}): not checked"),
            format!("{path}: not checked"),
        ];
        assert!(
            listed.iter().any(|l| missed.contains(l)),
            "{path} in {missed}"
        );
    }
    assert!(missed.contains("Why: tenderlint could not tell what kind of document this is"));

    // No command line anywhere: the reader of a Word report cannot run one.
    let flag = regex::Regex::new(r"(^|\s)--[a-z]").expect("regex");
    for line in xml.lines() {
        for command in [
            "tenderlint explain",
            "tenderlint check",
            "tenderlint rules",
            "run: ",
        ] {
            assert!(!line.contains(command), "{command:?} in {line}");
        }
        assert!(!flag.is_match(line), "a flag in {line}");
    }

    // About the rules: each cited rule's documentation, and its public sources only.
    let about = xml.split_once("About the rules\n").expect("the appendix").1;
    for rule in &rules.rules {
        if !about.contains(&format!("Rule: {}\n", rule.id)) {
            continue;
        }
        assert!(about.contains(&normal(&rule.docs.why)), "{}", rule.id);
        for source in &rule.docs.sources {
            let public = !source.contains(".md");
            assert_eq!(about.contains(&normal(source)), public, "{source}");
        }
    }
    for internal in ["rules-basis", ".md", "fixtures/", ".toml"] {
        assert!(!about.contains(internal), "{internal} in the appendix");
    }
}

#[test]
fn what_to_fix_first_lists_the_errors_before_everything_else() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("review.docx");
    let bid = "fixtures/bids/youth-employment-bid.md";
    // Named by its absolute path: the report shows it relative to the current directory.
    let absolute = root().join(bid);
    assert_eq!(review(&[absolute.to_str().expect("path")], &out), 1);
    let xml = document_text(&out);
    assert!(
        !xml.contains(root().to_str().expect("path")),
        "no absolute path"
    );
    assert!(text_of(&out).contains(&format!("{bid} | bid | 4 | 5 | 0")));

    // The title, what was found, then the errors: before the summary and the findings.
    let lines: Vec<&str> = xml.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines[0], "tenderlint review");
    assert_eq!(lines[3], "What to fix first");
    let first = between(&xml, "What to fix first", "Summary");
    assert!(
        first
            .contains(&"youth-employment-bid.md (fixtures/bids/youth-employment-bid.md): 4 errors"),
        "{first:?}"
    );
    let (report, _) = json(&[bid]);
    let diagnostics = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let first = normal(&first.join(" "));
    let lower = first.to_lowercase();
    for d in diagnostics {
        let message = normal(str_of(d, "message")).to_lowercase();
        let listed = lower.contains(&format!("what is wrong: {message}"));
        assert_eq!(listed, d["severity"] == "error", "{message}");
        if listed {
            let help = normal(str_of(d, "help")).to_lowercase();
            assert!(lower.contains(&format!("what to do: {help}")), "{help}");
        }
    }
    assert_eq!(first.matches("Where: ").count(), 4);
    assert_eq!(first.matches("Error: ").count(), 4);

    // In the document's section, errors come first, then warnings, as finding 1, 2, ...
    let findings: Vec<(u8, String)> = outline(&out)
        .into_iter()
        .filter(|(level, _)| *level == 2)
        .collect();
    let severities: Vec<&str> = findings
        .iter()
        .filter_map(|(_, h)| h.split_once(". ").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once(':').map(|(severity, _)| severity))
        .take(9)
        .collect();
    assert_eq!(
        severities,
        [
            "Error", "Error", "Error", "Error", "Warning", "Warning", "Warning", "Warning",
            "Warning"
        ]
    );
    for (i, (_, heading)) in findings.iter().take(9).enumerate() {
        assert!(heading.starts_with(&format!("{}. ", i + 1)), "{heading}");
    }

    // With no errors, the first page says so and points to the warnings.
    let out = dir.path().join("warnings.docx");
    assert_eq!(review(&["fixtures/bids/family-support-bid.md"], &out), 1);
    let xml = document_text(&out);
    let first = between(&xml, "What to fix first", "Summary").join(" ");
    assert_eq!(
        first.trim(),
        "No errors were found: nothing in the documents checked must be fixed before you \
         submit the bid or sign the agreement. But there are 3 warnings to check: look at the \
         warnings, set out document by document after the summary, before you submit or sign."
    );
}

#[test]
fn the_review_is_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = dir.path().join("first.docx");
    let second = dir.path().join("second.docx");
    let args = [
        "fixtures/bids",
        "fixtures/agreements",
        "fixtures/docx/docx-rs/bids",
    ];
    assert_eq!(review(&args, &first), 1);
    assert_eq!(review(&args, &second), 1);
    let first = fs::read(first).expect("read");
    assert!(first.starts_with(b"PK"));
    assert_eq!(first, fs::read(second).expect("read"));
}

#[test]
fn an_unreadable_file_is_listed_with_its_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.md");
    fs::write(&empty, b"").expect("write");
    fs::copy(
        root().join("fixtures/bids/tenancy-sustainment-bid.md"),
        dir.path().join("clean-bid.md"),
    )
    .expect("copy");
    let out = dir.path().join("review.docx");
    let folder = dir.path().to_str().expect("path");
    assert_eq!(review(&[folder], &out), 2, "an unreadable file exits 2");
    let (report, _) = json(&[folder]);
    let text = text_of(&out);
    let lower = text.to_lowercase();

    let empty = empty.display().to_string();
    assert!(text.contains("tenderlint was given clean-bid.md and empty.md. 1 document could not be read; in the other 1 it found no problems."), "{text}");
    // The folder is outside the current directory: its files are shown relative to it.
    assert!(text.contains("empty.md | could not be read | – | – | –"));
    assert!(text.contains("empty.md could not be read, so it was not checked."));
    let xml = document_text(&out);
    assert!(!xml.contains(folder), "no absolute path of the machine");
    // No errors, said plainly on the first page, with the document that was not read.
    let first = between(&xml, "What to fix first", "Summary").join("\n");
    assert!(
        first.contains(
            "No errors were found: nothing in the documents checked must be fixed before you \
         submit the bid or sign the agreement. There are no warnings either."
        ),
        "{first}"
    );
    assert!(
        first.contains(
            "1 document could not be read, so this report says nothing about it: see “Documents \
         not checked”, after the summary."
        ),
        "{first}"
    );
    // Listed after the summary with the cause.
    let missed = between(&xml, "Documents not checked", "clean-bid.md");
    assert_eq!(missed[1], "empty.md: could not be read", "{missed:?}");
    let file = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == empty.as_str())
        .expect("the empty file");
    let error = &file["errors"][0];
    assert_eq!(error["code"], "empty-file");
    for (label, key) in [("what went wrong", "message"), ("what to do", "help")] {
        let said = normal(str_of(error, key)).to_lowercase();
        assert!(lower.contains(&format!("{label}: {said}")), "{said}");
    }
    let cause = normal(str_of(error, "message")).to_lowercase();
    assert!(
        missed[2]
            .to_lowercase()
            .starts_with(&format!("the cause: {cause}"))
    );
    // The readable document is in the summary and says it has no problems.
    assert!(text.contains("clean-bid.md | bid | 0 | 0 | 0"));
    assert!(text.contains("No problems found."));
    assert_eq!(
        headings(&out, 1)[1..],
        [
            "What to fix first",
            "Summary",
            "Documents not checked",
            "clean-bid.md",
            "empty.md"
        ]
    );
}

#[test]
fn without_output_the_review_goes_to_a_pipe() {
    // The test's standard output is a pipe, so the bytes are written there.
    let run = tenderlint(&["check", "--format", "docx", "fixtures/bids"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stdout.starts_with(b"PK"), "a ZIP package");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("review.docx");
    review(&["fixtures/bids"], &out);
    assert_eq!(run.stdout, fs::read(out).expect("read"), "the same bytes");
}
