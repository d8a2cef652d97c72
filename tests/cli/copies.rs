//! `tenderlint review FILE -o OUT`: reviewed copies of Word, OpenDocument and PDF files, read
//! back with readers other than tenderlint's (zip and quick-xml for the packages, lopdf for the
//! PDF's annotations), and Word comments that accept a finding.

use std::io::Read;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;

use super::{json, root, shared, tenderlint};

/// The DOCX, ODT and PDF fixtures.
fn office_and_pdf_fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root().join("fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("docx" | "odt" | "pdf")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn part(package: &Path, name: &str) -> Option<String> {
    let file = std::fs::File::open(package).expect("open copy");
    let mut archive = zip::ZipArchive::new(file).expect("the copy is a ZIP");
    let mut entry = archive.by_name(name).ok()?;
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("UTF-8 part");
    Some(text)
}

/// Comments by tenderlint in a reviewed copy: Word comments, OpenDocument annotations, PDF
/// highlight and note annotations.
fn comments(copy: &Path) -> usize {
    match copy.extension().and_then(|e| e.to_str()) {
        Some("docx") => {
            let Some(xml) = part(copy, "word/comments.xml") else {
                return 0;
            };
            let mut reader = quick_xml::Reader::from_str(&xml);
            let mut count = 0;
            loop {
                match reader.read_event().expect("comments.xml is well-formed") {
                    Event::Start(e) if e.name().as_ref() == "w:comment" => {
                        let author = e
                            .try_get_attribute("w:author")
                            .ok()
                            .flatten()
                            .map(|a| a.value.to_string());
                        count += usize::from(author.as_deref() == Some("tenderlint"));
                    }
                    Event::Eof => return count,
                    _ => {}
                }
            }
        }
        Some("odt") => {
            let xml = part(copy, "content.xml").expect("content.xml");
            let mut reader = quick_xml::Reader::from_str(&xml);
            let (mut count, mut in_creator) = (0, false);
            loop {
                match reader.read_event().expect("content.xml is well-formed") {
                    Event::Start(e) => in_creator = e.name().as_ref() == "dc:creator",
                    Event::Text(t) if in_creator => {
                        count += usize::from(t.xml10_content() == "tenderlint");
                    }
                    Event::End(_) => in_creator = false,
                    Event::Eof => return count,
                    _ => {}
                }
            }
        }
        _ => {
            let pdf = lopdf::Document::load(copy).expect("lopdf reads the copy");
            let mut count = 0;
            for (_, page) in pdf.get_pages() {
                for annot in pdf.get_page_annotations(page).unwrap_or_default() {
                    let subtype = annot.get(b"Subtype").and_then(|s| s.as_name()).ok();
                    let author = annot
                        .get(b"T")
                        .ok()
                        .and_then(|t| lopdf::decode_text_string(t).ok());
                    if matches!(subtype, Some(b"Highlight" | b"Text"))
                        && author.as_deref() == Some("tenderlint")
                    {
                        count += 1;
                    }
                }
            }
            count
        }
    }
}

fn extracted(path: &Path) -> Vec<u8> {
    let out = tenderlint(&["extract", path.to_str().expect("path")]);
    assert!(out.status.success(), "extract {}", path.display());
    out.stdout
}

/// (rule, span offset, span length) of each finding `check` gives a file.
fn spans(path: &Path) -> Vec<(String, u64, u64)> {
    let (report, _) = json(&["--isolated", path.to_str().expect("path")]);
    report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_string(),
                d["span"]["offset"].as_u64().unwrap_or(0),
                d["span"]["length"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// Review `file` into `dir`; the input's bytes must not change.
fn review(file: &Path, dir: &Path) -> (PathBuf, std::process::Output) {
    let before = std::fs::read(file).expect("read input");
    let name = file.file_name().expect("name");
    let copy = dir.join(name);
    let out = tenderlint(&[
        "review",
        "--isolated",
        file.to_str().expect("path"),
        "-o",
        copy.to_str().expect("path"),
    ]);
    assert_eq!(
        std::fs::read(file).expect("read input"),
        before,
        "{} changed",
        file.display()
    );
    (copy, out)
}

/// The copy has one comment per finding, the same text and the same findings.
fn check_copy(file: &Path, dir: &Path) -> Result<usize, String> {
    let (copy, out) = review(file, dir);
    if !matches!(out.status.code(), Some(0 | 1)) {
        return Err(format!(
            "review failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let expected = spans(file);
    let got = comments(&copy);
    if got != expected.len() {
        return Err(format!("{got} comments for {} findings", expected.len()));
    }
    if extracted(&copy) != extracted(file) {
        return Err("the copy's text differs".into());
    }
    if spans(&copy) != expected {
        return Err("check gives the copy other findings".into());
    }
    Ok(got)
}

#[test]
fn every_office_and_pdf_fixture_gets_a_comment_per_finding_and_keeps_its_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut failures = Vec::new();
    let mut total = 0;
    let files = office_and_pdf_fixtures();
    assert!(files.len() >= 40, "{} fixtures", files.len());
    for file in &files {
        match check_copy(file, dir.path()) {
            Ok(n) => total += n,
            Err(why) => failures.push(format!("{}: {why}", file.display())),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(total > 100, "only {total} comments in all");
}

#[test]
fn every_corpus_word_and_pdf_file_is_reviewed_or_refused_cleanly() {
    let Some(corpus) = shared("corpus") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files = Vec::new();
    let mut stack = vec![corpus];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("corpus").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("docx" | "docm" | "odt" | "pdf")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut failures = Vec::new();
    let mut reviewed = 0;
    for file in &files {
        let (copy, out) = review(file, dir.path());
        match out.status.code() {
            Some(0 | 1) => {
                reviewed += 1;
                let expected = spans(file).len();
                let got = comments(&copy);
                if got != expected {
                    failures.push(format!(
                        "{}: {got} comments for {expected} findings",
                        file.display()
                    ));
                }
            }
            // A file tenderlint cannot read: its error, and no copy.
            Some(2) if !copy.exists() => {}
            other => failures.push(format!(
                "{}: exit {other:?}: {}",
                file.display(),
                String::from_utf8_lossy(&out.stderr)
            )),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(reviewed > 50, "only {reviewed} of {} reviewed", files.len());
}

#[test]
fn review_refuses_markdown_spreadsheets_and_its_own_input_as_output() {
    let out = tenderlint(&["review", "fixtures/bids/family-support-bid.md"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already points at lines"), "{stderr}");

    let out = tenderlint(&["review", "fixtures/sheets/harbour-budget.xlsx"]);
    assert_eq!(out.status.code(), Some(2));

    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("a.docx");
    std::fs::copy(
        root().join("fixtures/docx/docx-rs/agreements/consortium-agreement.docx"),
        &input,
    )
    .expect("copy");
    let before = std::fs::read(&input).expect("read");
    let path = input.to_str().expect("path");
    let out = tenderlint(&["review", path, "-o", path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must be a new file"));
    assert_eq!(std::fs::read(&input).expect("read"), before);

    // Without -o, the copy goes beside the file.
    let out = tenderlint(&["review", path]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(dir.path().join("a.reviewed.docx").exists());
}

#[test]
fn folder_walks_skip_the_copies_tenderlint_wrote() {
    let dir = tempfile::tempdir().expect("tempdir");
    for fixture in [
        "fixtures/docx/docx-rs/agreements/consortium-agreement.docx",
        "fixtures/pdf/libreoffice/agreements/subcontract-with-disputes.pdf",
        "fixtures/odt/agreements/referral-mou.odt",
    ] {
        let input = dir
            .path()
            .join(Path::new(fixture).file_name().expect("name"));
        std::fs::copy(root().join(fixture), &input).expect("copy");
        let out = tenderlint(&["review", input.to_str().expect("path")]);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    }
    // A Word report written into the folder is tenderlint's too.
    let report = dir.path().join("report.docx");
    let out = tenderlint(&[
        "check",
        "--isolated",
        "--format",
        "docx",
        "-o",
        report.to_str().expect("path"),
        dir.path().to_str().expect("path"),
    ]);
    assert!(report.exists(), "{out:?}");
    let (report, _) = json(&["--isolated", dir.path().to_str().expect("path")]);
    let mut paths: Vec<String> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap_or("");
            Path::new(path)
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "consortium-agreement.docx",
            "referral-mou.odt",
            "subcontract-with-disputes.pdf"
        ]
    );
    // Named on the command line, a copy is checked like any file.
    let copy = dir.path().join("consortium-agreement.reviewed.docx");
    let (report, _) = json(&["--isolated", copy.to_str().expect("path")]);
    assert_eq!(report["files"].as_array().map(Vec::len), Some(1));
}

/// A reviewed copy with a reviewer's reply to tenderlint's comment on `rule`, made as Word
/// makes one: the reply in comments.xml, and commentsExtended.xml naming its parent.
fn with_reply(copy: &Path, rule: &str, reply: &str, out: &Path) {
    let file = std::fs::File::open(copy).expect("open");
    let mut archive = zip::ZipArchive::new(file).expect("zip");
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        parts.push((entry.name().expect("name").into_owned(), data));
    }
    let get = |parts: &[(String, Vec<u8>)], name: &str| {
        parts
            .iter()
            .position(|(n, _)| n == name)
            .expect("part present")
    };
    let i = get(&parts, "word/comments.xml");
    let mut xml = String::from_utf8(parts[i].1.clone()).expect("utf-8");
    // Word gives each comment's paragraphs an id when it saves; the reply names its parent's.
    let ours = xml
        .match_indices("<w:comment ")
        .map(|(at, _)| at)
        .find(|&at| {
            xml[at..]
                .split("</w:comment>")
                .next()
                .unwrap_or("")
                .contains(rule)
        })
        .expect("tenderlint's comment on the rule");
    let end = ours + xml[ours..].find("</w:comment>").expect("end");
    let last_p = ours + xml[ours..end].rfind("<w:p>").expect("paragraph");
    xml.replace_range(last_p..last_p + 5, r#"<w:p w14:paraId="1A2B3C4D">"#);
    let reply = format!(
        r#"<w:comment w:id="9000" w:author="Sam Reviewer" w:date="2026-12-07T10:00:00Z" w:initials="SR"><w:p w14:paraId="5E6F7A8B"><w:r><w:t>{reply}</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    xml = xml.replace("</w:comments>", &reply);
    xml = xml.replacen(
        "<w:comments ",
        r#"<w:comments xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
        1,
    );
    parts[i].1 = xml.into_bytes();
    let extended = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/><w15:commentEx w15:paraId="5E6F7A8B" w15:paraIdParent="1A2B3C4D" w15:done="0"/></w15:commentsEx>"#;
    match parts
        .iter()
        .position(|(n, _)| n == "word/commentsExtended.xml")
    {
        Some(j) => parts[j].1 = extended.as_bytes().to_vec(),
        None => {
            parts.push((
                "word/commentsExtended.xml".into(),
                extended.as_bytes().to_vec(),
            ));
            let r = get(&parts, "word/_rels/document.xml.rels");
            let rels = String::from_utf8(parts[r].1.clone()).expect("utf-8").replace(
                "</Relationships>",
                r#"<Relationship Id="rIdExt" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>"#,
            );
            parts[r].1 = rels.into_bytes();
        }
    }
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    std::fs::write(out, super::zip(&refs)).expect("write");
}

#[test]
fn a_word_reply_accepting_a_finding_suppresses_it_and_shows_in_statistics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = root().join("fixtures/docx/docx-rs/agreements/consortium-agreement.docx");
    let (copy, _) = review(&original, dir.path());
    let rules = |path: &Path| -> Vec<String> { spans(path).into_iter().map(|s| s.0).collect() };
    assert!(rules(&copy).contains(&"unfunded-partner".to_string()));

    let accepted = dir.path().join("accepted.docx");
    with_reply(
        &copy,
        "unfunded-partner",
        "tenderlint: accept unfunded-partner — the council pays Greenacre directly",
        &accepted,
    );
    let found = rules(&accepted);
    assert!(
        !found.contains(&"unfunded-partner".to_string()),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|r| r.ends_with("-suppression")),
        "{found:?}"
    );
    let out = tenderlint(&[
        "check",
        "--isolated",
        "--statistics",
        accepted.to_str().expect("path"),
    ]);
    let stats = String::from_utf8_lossy(&out.stdout);
    assert!(
        stats
            .lines()
            .any(|l| l.contains("accepted") && l.contains("unfunded-partner")),
        "{stats}"
    );

    // A misspelt rule is reported, and the finding stays.
    let misspelt = dir.path().join("misspelt.docx");
    with_reply(
        &copy,
        "unfunded-partner",
        "tenderlint: accept unfunded-partnr — typo",
        &misspelt,
    );
    let found = rules(&misspelt);
    assert!(found.contains(&"unfunded-partner".to_string()), "{found:?}");
    assert!(
        found.contains(&"invalid-suppression".to_string()),
        "{found:?}"
    );

    // Accepting a rule that finds nothing where the comment is: unused.
    let unused = dir.path().join("unused.docx");
    with_reply(
        &copy,
        "unfunded-partner",
        "tenderlint: accept pay-when-paid — not here",
        &unused,
    );
    let found = rules(&unused);
    assert!(
        found.contains(&"unused-suppression".to_string()),
        "{found:?}"
    );

    // An ordinary comment is not a directive.
    let chat = dir.path().join("chat.docx");
    with_reply(&copy, "unfunded-partner", "Agreed, will fix", &chat);
    assert_eq!(rules(&chat), rules(&copy));
}
