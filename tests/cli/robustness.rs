//! Robustness (README, "Robustness"): hostile nesting in every format, every safety limit from
//! the command line and from tenderlint.toml, a panic and a hang each kept to their own file,
//! one error code per cause in every output format, inputs never written, and output that does
//! not depend on the number of threads.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use super::{root, shared, zip};

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenderlint"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .envs(env.iter().copied())
        .output()
        .expect("run tenderlint")
}

fn lint(args: &[&str], env: &[(&str, &str)]) -> (Value, Output) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all, env);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (value, out)
}

/// File name → first error code, or "ok" with the number of findings.
fn outcome(report: &Value) -> BTreeMap<String, String> {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|file| {
            let name = Path::new(file["path"].as_str().expect("path"))
                .file_name()
                .expect("name")
                .to_string_lossy()
                .to_string();
            let what = match file["errors"][0]["code"].as_str() {
                Some(code) => code.to_string(),
                None => format!("ok {}", file["diagnostics"].as_array().map_or(0, Vec::len)),
            };
            (name, what)
        })
        .collect()
}

fn first_error(report: &Value) -> String {
    let error = &report["files"][0]["errors"][0];
    format!("{} {}", error["code"], error["message"])
}

fn docx(document_xml: &[u8]) -> Vec<u8> {
    zip(&[("word/document.xml", document_xml)])
}

fn paragraphs(text: &str, count: usize) -> Vec<u8> {
    let mut xml = String::from(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for i in 0..count {
        xml.push_str(&format!("<w:p><w:r><w:t>{text} {i}</w:t></w:r></w:p>"));
    }
    xml.push_str("</w:body></w:document>");
    xml.into_bytes()
}

/// A PDF of the given object bodies (object 1 is the catalogue), with a correct xref table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(content: &[u8], extra: &str) -> Vec<u8> {
    let mut body = format!("<< {extra} /Length {} >>\nstream\n", content.len()).into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(b"\nendstream");
    body
}

const TEXT: &[u8] = b"BT /F1 12 Tf 72 720 Td (The subcontractor is paid within 30 days) Tj ET";
const FONT: &[u8] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// A one-page PDF whose page dictionary has `extra` and whose content is `content`.
fn one_page(extra: &[u8], content: &[u8]) -> Vec<u8> {
    let mut page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ".to_vec();
    page.extend_from_slice(extra);
    page.extend_from_slice(b" >>");
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page,
        stream(content, ""),
        FONT.to_vec(),
    ])
}

/// A page that draws form /X0, which draws /X1, … to `depth` forms; only the last shows text.
fn nested_forms(depth: usize) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X0 6 0 R >> >> >>".to_vec(),
        stream(b"/X0 Do", ""),
        FONT.to_vec(),
    ];
    for level in 0..depth {
        let last = level + 1 == depth;
        let content = if last {
            TEXT.to_vec()
        } else {
            format!("/X{} Do", level + 1).into_bytes()
        };
        let next = if last {
            String::new()
        } else {
            format!("/XObject << /X{} {} 0 R >>", level + 1, objects.len() + 2)
        };
        let extra = format!(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> {next} >>"
        );
        objects.push(stream(&content, &extra));
    }
    pdf(&objects)
}

/// A one-page PDF whose content stream is `text` drawn after `padding` spaces, Flate-compressed
/// (built with lopdf, which compresses).
fn compressed_page(padding: usize) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = [vec![b' '; padding], TEXT.to_vec()].concat();
    let mut stream = Stream::new(lopdf::Dictionary::new(), content);
    stream.compress().expect("compress");
    let content_id = doc.add_object(stream);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn assert_no_panic_text(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(matches!(out.status.code(), Some(0..=2)), "{:?}", out.status);
}

#[test]
fn hundred_thousand_deep_nesting_in_every_format_ends_cleanly() {
    const N: usize = 100_000;
    let dir = tempfile::tempdir().expect("tempdir");
    let put = |name: &str, bytes: Vec<u8>| fs::write(dir.path().join(name), bytes).expect("write");
    put(
        "quotes.md",
        format!("{} deep\n", ">".repeat(N)).into_bytes(),
    );
    put("lists.md", format!("{}deep\n", "- ".repeat(N)).into_bytes());
    put(
        "links.md",
        format!("{}x{}\n", "[".repeat(N), "]".repeat(N)).into_bytes(),
    );
    put(
        "emphasis.md",
        format!("{}x{}\n", "*".repeat(N), "*".repeat(N)).into_bytes(),
    );
    put("html.md", format!("{}x\n", "<div>".repeat(N)).into_bytes());
    let tables = format!(
        "<w:document xmlns:w=\"w\"><w:body>{}{}</w:body></w:document>",
        "<w:tbl><w:tr><w:tc>".repeat(N),
        "</w:tc></w:tr></w:tbl>".repeat(N)
    );
    put("tables.docx", docx(tables.as_bytes()));
    let sections = format!(
        "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body><office:text>{}{}</office:text></office:body></office:document-content>",
        "<text:section>".repeat(N),
        "</text:section>".repeat(N)
    );
    put(
        "sections.odt",
        zip(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", sections.as_bytes()),
        ]),
    );
    let arrays = [b"/Deep ".to_vec(), b"[".repeat(N), b"]".repeat(N)].concat();
    put("arrays.pdf", one_page(&arrays, TEXT));
    let dicts = [b"/Deep ".to_vec(), b"<< /A ".repeat(N), b">>".repeat(N)].concat();
    put("dictionaries.pdf", one_page(&dicts, TEXT));
    let content = [b"[".repeat(N), b"]".repeat(N), b" ".to_vec(), TEXT.to_vec()].concat();
    put("content-arrays.pdf", one_page(b"", &content));
    let saves = [b"q ".repeat(N), TEXT.to_vec()].concat();
    put("graphics-states.pdf", one_page(b"", &saves));
    put("forms.pdf", nested_forms(20_000));
    let mut tree = vec![
        b"<< /Type /Catalog /Pages 4 0 R >>".to_vec(),
        FONT.to_vec(),
        stream(TEXT, ""),
    ];
    for level in 0..N {
        let parent = if level == 0 {
            String::new()
        } else {
            format!("/Parent {} 0 R ", level + 3)
        };
        tree.push(
            format!(
                "<< /Type /Pages {parent}/Kids [{} 0 R] /Count 1 >>",
                level + 5
            )
            .into_bytes(),
        );
    }
    tree.push(
        format!("<< /Type /Page /Parent {} 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 2 0 R >> >> >>", N + 3)
            .into_bytes(),
    );
    put("page-tree.pdf", pdf(&tree));

    let started = Instant::now();
    let (report, out) = lint(&[dir.path().to_str().expect("path")], &[]);
    assert_no_panic_text(&out);
    let outcome = outcome(&report);
    assert_eq!(outcome.len(), 13, "every file accounted for: {outcome:?}");
    assert!(
        outcome.values().all(|o| o != "internal-error"),
        "{outcome:?}"
    );
    assert_eq!(outcome["tables.docx"], "limit-exceeded");
    assert_eq!(outcome["sections.odt"], "limit-exceeded");
    for md in [
        "quotes.md",
        "lists.md",
        "links.md",
        "emphasis.md",
        "html.md",
    ] {
        assert!(outcome[md].starts_with("ok"), "{md}: {}", outcome[md]);
    }
    // Depth-limited, not refused: the text outside the deep structure is still read.
    assert!(
        outcome["graphics-states.pdf"].starts_with("ok"),
        "{outcome:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn every_limit_stops_its_document_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = |name: &str| dir.path().join(name).display().to_string();
    let put = |name: &str, bytes: &[u8]| fs::write(dir.path().join(name), bytes).expect("write");
    let big_md: String = (0..40_000)
        .map(|i| format!("Paragraph {i} of a long draft bid.\n\n"))
        .collect();
    put("big.md", big_md.as_bytes());
    // Two MiB of varied text: over a 1 MiB part limit, under every ratio.
    put(
        "big.docx",
        &docx(&paragraphs(
            "The lead partner pays each member in arrears",
            30_000,
        )),
    );
    // Four MiB of one character: a flat bomb, stopped by its ratio at the defaults.
    let flat = [
        b"<w:document><w:body><w:p><w:r><w:t>".to_vec(),
        vec![b'a'; 4 << 20],
        b"</w:t></w:r></w:p></w:body></w:document>".to_vec(),
    ]
    .concat();
    put("flat.docx", &docx(&flat));
    put("forms.pdf", &nested_forms(4));
    // Page content of 4 MiB of spaces: a PDF stream bomb in small.
    put("stream-bomb.pdf", &compressed_page(4 << 20));
    let fixture_docx = "fixtures/docx/pandoc/bids/youth-employment-bid.docx";
    let fixture_pdf = "fixtures/pdf/latex/bids/youth-employment-bid.pdf";
    let fixture_md = "fixtures/bids/youth-employment-bid.md";
    // (limit, file, the limit's key expected in the error, or None when the file must read)
    let cases: [(&str, String, Option<&str>); 18] = [
        (
            "compression-ratio=500",
            path("stream-bomb.pdf"),
            Some("compression-ratio"),
        ),
        (
            "unpacked-size-mb=1",
            path("stream-bomb.pdf"),
            Some("unpacked-size-mb"),
        ),
        (
            "part-size-mb=1",
            path("stream-bomb.pdf"),
            Some("part-size-mb"),
        ),
        ("compression-ratio=100000", path("stream-bomb.pdf"), None),
        ("file-size-mb=1", path("big.md"), Some("file-size-mb")),
        ("file-size-mb=2", path("big.md"), None),
        ("part-size-mb=1", path("big.docx"), Some("part-size-mb")),
        (
            "unpacked-size-mb=1",
            path("big.docx"),
            Some("unpacked-size-mb"),
        ),
        (
            "compression-ratio=500",
            path("flat.docx"),
            Some("compression-ratio"),
        ),
        ("compression-ratio=5000", path("flat.docx"), None),
        ("xml-depth=3", fixture_docx.into(), Some("xml-depth")),
        ("zip-entries=3", fixture_docx.into(), Some("zip-entries")),
        ("pdf-objects=5", fixture_pdf.into(), Some("pdf-objects")),
        ("pdf-depth=2", path("forms.pdf"), Some("no-text")),
        ("pdf-depth=4", path("forms.pdf"), None),
        (
            "seconds-per-document=0.000001",
            fixture_md.into(),
            Some("seconds-per-document"),
        ),
        (
            "seconds-per-document=0.000001",
            fixture_pdf.into(),
            Some("seconds-per-document"),
        ),
        ("seconds-per-document=60", fixture_md.into(), None),
    ];
    for (limit, file, expected) in cases {
        let (report, out) = lint(&["--limit", limit, &file], &[]);
        assert_no_panic_text(&out);
        let error = first_error(&report);
        match expected {
            Some("no-text") => assert!(error.contains("no-text"), "{limit}: {error}"),
            Some(key) => {
                assert!(error.contains("limit-exceeded"), "{limit}: {error}");
                assert!(error.contains(&format!("({key})")), "{limit}: {error}");
                let help = report["files"][0]["errors"][0]["help"]
                    .as_str()
                    .unwrap_or("");
                assert!(help.contains(&format!("--limit {key}=")), "{help}");
            }
            None => assert!(
                report["files"][0]["errors"]
                    .as_array()
                    .is_some_and(Vec::is_empty),
                "{limit} {file}: {error}"
            ),
        }
    }
    // `pages` reads the first pages and says so.
    let (report, _) = lint(
        &[
            "--limit",
            "pages=1",
            "fixtures/pdf/latex/agreements/consortium-agreement.pdf",
        ],
        &[],
    );
    let warnings = report["files"][0]["warnings"].to_string();
    assert!(
        warnings.contains("only the first 1 were read"),
        "{warnings}"
    );
}

#[test]
fn standard_input_is_read_no_further_than_the_file_size_limit() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tenderlint"))
        .args([
            "check",
            "--format",
            "json",
            "--limit",
            "file-size-mb=1",
            "-",
        ])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // An endless input: tenderlint stops reading at the limit and closes the pipe.
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'a'; 64 << 10];
        while stdin.write_all(&chunk).is_ok() {}
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(first_error(&report).contains("(file-size-mb)"), "{report}");
}

#[test]
fn limits_come_from_tenderlint_toml_and_bad_ones_point_into_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("tenderlint.toml");
    let docx = root().join("fixtures/docx/pandoc/bids/youth-employment-bid.docx");
    fs::write(
        &config,
        "[limits]\nzip-entries = 3\nseconds-per-document = 90\n",
    )
    .expect("write");
    let args = [
        "--config",
        config.to_str().expect("path"),
        docx.to_str().expect("path"),
    ];
    let (report, _) = lint(&args, &[]);
    assert!(first_error(&report).contains("(zip-entries)"), "{report}");
    // The command line wins over the file.
    let mut more = args.to_vec();
    more.extend(["--limit", "zip-entries=100"]);
    let (report, _) = lint(&more, &[]);
    assert!(
        report["files"][0]["errors"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "{report}"
    );
    let shown = run(
        &[
            "check",
            "--config",
            config.to_str().expect("path"),
            "--show-config",
        ],
        &[],
    );
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("zip-entries = 3  # changed"), "{shown}");
    assert!(
        shown.contains("seconds-per-document = 90  # changed"),
        "{shown}"
    );
    fs::write(&config, "[limits]\nzip-entrys = 3\n").expect("write");
    let out = run(
        &[
            "check",
            "--config",
            config.to_str().expect("path"),
            "fixtures/bids",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("tenderlint.toml:2:14") && stderr.contains("no limit"),
        "{stderr}"
    );
    let out = run(&["check", "--limit", "pages=0", "fixtures/bids"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("above 0"));
}

#[test]
fn a_rule_pattern_over_the_regex_size_limit_is_a_clear_rule_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("long-words.toml"),
        r#"kind = "forbid"
summary = "Words of 200 letters"
applies-to = ["bid"]
severity = "warning"
message = "\"{subject}\" is a very long word"
help = "Shorten it."

[match]
patterns = ['[a-z]{200}']

[docs]
what = "Flags words of 200 letters or more."
why = "Nobody can read them."
example = "Short words."

[[examples]]
expect = "flag"
text = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa is long."

[[examples]]
expect = "clear"
text = "Short words only."
"#,
    )
    .expect("write");
    let rules = dir.path().to_str().expect("path");
    let out = run(
        &[
            "check",
            "--rules",
            rules,
            "--limit",
            "regex-size-kb=1",
            "fixtures/bids",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let flat: String = stderr.split_whitespace().collect();
    assert!(
        flat.contains("long-words.toml") && flat.contains("morethan1KiB(theregex-size-kblimit)"),
        "{stderr}"
    );
    let out = run(&["check", "--rules", rules, "fixtures/bids"], &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// The panic and hang are injected by a hook only debug builds have (src/engine.rs), so a
// `cargo test --release` run leaves this test out rather than failing it.
#[cfg(debug_assertions)]
#[test]
fn a_panic_and_a_hang_stay_in_their_own_file_and_the_rest_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["youth-employment-bid.md", "tenancy-sustainment-bid.md"] {
        fs::copy(
            root().join("fixtures/bids").join(name),
            dir.path().join(name),
        )
        .expect("copy");
    }
    let folder = dir.path().to_str().expect("path");
    let (clean, _) = lint(&[folder], &[]);
    let fixture = root().join("fixtures/bids/family-support-bid.md");
    fs::copy(&fixture, dir.path().join("panics.md")).expect("copy");
    fs::copy(&fixture, dir.path().join("hangs.md")).expect("copy");
    fs::write(
        dir.path().join("truncated.docx"),
        &fs::read(root().join("fixtures/docx/pandoc/bids/youth-employment-bid.docx"))
            .expect("read")[..3000],
    )
    .expect("write");
    let started = Instant::now();
    let (report, out) = lint(
        &[folder, "--limit", "seconds-per-document=1"],
        &[
            ("TENDERLINT_TEST_PANIC", "panics.md"),
            ("TENDERLINT_TEST_HANG", "hangs.md"),
        ],
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert_no_panic_text(&out);
    let got = outcome(&report);
    assert_eq!(got["panics.md"], "internal-error");
    assert_eq!(got["hangs.md"], "limit-exceeded");
    assert_eq!(got["truncated.docx"], "corrupt-file");
    let message = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("panics.md")))
        .map(|f| f["errors"][0]["message"].to_string())
        .unwrap_or_default();
    assert!(
        message.contains("injected by TENDERLINT_TEST_PANIC"),
        "{message}"
    );
    // The good files' findings are exactly those of a run without the bad ones.
    let good = |r: &Value| -> Vec<Value> {
        r["files"]
            .as_array()
            .expect("files")
            .iter()
            .filter(|f| f["path"].as_str().is_some_and(|p| p.contains("-bid.md")))
            .cloned()
            .collect()
    };
    assert_eq!(good(&report), good(&clean));
    assert_eq!(good(&clean).len(), 2);
}

#[test]
fn one_error_code_per_cause_in_every_output_format() {
    let Some(corpus) = shared("corpus/robustness/pypdf-sample-files") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let put = |name: &str, bytes: &[u8]| fs::write(dir.path().join(name), bytes).expect("write");
    put("empty.md", b"");
    put("binary.md", &[0, 1, 2, 3, 255, 0, 7]);
    put(
        "legacy.doc",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    );
    put(
        "encrypted.pdf",
        &fs::read(corpus.join("005-libreoffice-writer-password_libreoffice-writer-password.pdf"))
            .expect("corpus"),
    );
    put(
        "scanned.pdf",
        &fs::read(corpus.join("019-grayscale-image_grayscale-image.pdf")).expect("corpus"),
    );
    let docx =
        fs::read(root().join("fixtures/docx/pandoc/bids/youth-employment-bid.docx")).expect("read");
    put("truncated.docx", &docx[..docx.len() / 2]);
    put(
        "bomb.docx",
        &self::docx(
            &[
                b"<w:document><w:body><w:p><w:r><w:t>".to_vec(),
                vec![b'a'; 4 << 20],
            ]
            .concat(),
        ),
    );
    put(
        "latin.md",
        b"# Bid\n\nOur tender response costs \xA3500 a head.\n",
    );
    let folder = dir.path().to_str().expect("path");
    let missing = dir.path().join("missing.md");
    let missing = missing.to_str().expect("path");
    let expected: BTreeMap<&str, &str> = [
        ("binary.md", "unknown-format"),
        ("bomb.docx", "limit-exceeded"),
        ("empty.md", "empty-file"),
        ("encrypted.pdf", "encrypted"),
        ("legacy.doc", "legacy-doc"),
        ("missing.md", "not-found"),
        ("scanned.pdf", "no-text-layer"),
        ("truncated.docx", "corrupt-file"),
    ]
    .into();
    let (json, out) = lint(&[folder, missing], &[]);
    assert_eq!(out.status.code(), Some(2));
    let got = outcome(&json);
    for (name, code) in &expected {
        assert_eq!(got[*name], *code, "{name}");
    }
    assert!(got["latin.md"].starts_with("ok"), "{got:?}");
    let latin = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("latin.md")))
        .expect("latin");
    assert_eq!(latin["diagnostics"][0]["rule"], "invalid-utf8", "{latin}");

    let sarif = run(&["check", "--format", "sarif", folder, missing], &[]);
    let sarif: Value = serde_json::from_slice(&sarif.stdout).expect("sarif");
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"].to_string();
    let human = run(&["check", folder, missing], &[]);
    let human = String::from_utf8_lossy(&human.stderr).to_string();
    let github = run(&["check", "--format", "github", folder, missing], &[]);
    let github = String::from_utf8_lossy(&github.stdout).to_string();
    let junit = run(&["check", "--format", "junit", folder, missing], &[]);
    let junit = String::from_utf8_lossy(&junit.stdout).to_string();
    for (name, code) in &expected {
        assert!(
            notes.contains(&format!("\"id\":\"{code}\"")) && notes.contains(name),
            "SARIF {name} {code}: {notes}"
        );
        assert!(
            human.contains(name) && human.contains(code),
            "human {name} {code}: {human}"
        );
        assert!(
            github.contains(name) && github.contains(code),
            "github {name} {code}: {github}"
        );
        assert!(
            junit.contains(name) && junit.contains(code),
            "junit {name} {code}: {junit}"
        );
    }
    assert!(
        sarif["runs"][0]["results"]
            .to_string()
            .contains("invalid-utf8")
    );
    assert!(!human.contains("panicked"));
}

/// Every file under `dir`, with its bytes and modification time.
fn snapshot(dir: &Path, out: &mut BTreeMap<String, (Vec<u8>, SystemTime)>) {
    for entry in fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            snapshot(&path, out);
        } else {
            let meta = fs::metadata(&path).expect("metadata");
            let modified = meta.modified().expect("mtime");
            out.insert(
                path.display().to_string(),
                (fs::read(&path).expect("read"), modified),
            );
        }
    }
}

#[test]
fn inputs_are_never_written_whatever_the_output_format() {
    let Some(corpus) = shared("corpus") else {
        return;
    };
    let mut before = BTreeMap::new();
    snapshot(&root().join("fixtures"), &mut before);
    snapshot(&corpus, &mut before);
    let out_dir = tempfile::tempdir().expect("tempdir");
    let corpus_arg = corpus.to_str().expect("path");
    for format in ["human", "json", "sarif", "github", "junit", "docx"] {
        let output = out_dir.path().join(format!("report.{format}"));
        let out = run(
            &[
                "check",
                "--format",
                format,
                "--output",
                output.to_str().expect("path"),
                "fixtures",
                corpus_arg,
            ],
            &[],
        );
        assert_no_panic_text(&out);
    }
    let mut after = BTreeMap::new();
    snapshot(&root().join("fixtures"), &mut after);
    snapshot(&corpus, &mut after);
    assert_eq!(before.len(), after.len(), "no file added or removed");
    for (path, (bytes, modified)) in &before {
        let (now, now_modified) = &after[path];
        assert!(bytes == now, "{path} changed");
        assert_eq!(modified, now_modified, "{path} was written");
    }
}

#[test]
fn output_is_the_same_on_one_thread_and_on_many() {
    let Some(corpus) = shared("corpus") else {
        return;
    };
    let corpus = corpus.to_str().expect("path");
    let json = |threads| {
        run(
            &[
                "check",
                "--format",
                "json",
                "--threads",
                threads,
                "fixtures",
                corpus,
            ],
            &[],
        )
        .stdout
    };
    let one = json("1");
    let four = json("4");
    assert!(!one.is_empty());
    assert!(one == four, "1 thread and 4 threads differ");
    assert!(four == json("4"), "two runs differ");
    let sarif = |threads| {
        run(
            &[
                "check",
                "--format",
                "sarif",
                "--threads",
                threads,
                "fixtures",
            ],
            &[],
        )
        .stdout
    };
    assert!(sarif("1") == sarif("3"), "SARIF differs by thread count");
}

#[test]
fn every_input_the_fuzzers_ever_crashed_on_now_reads_cleanly() {
    let dir = root().join("fuzz/regressions");
    let mut replayed = 0;
    for target in fs::read_dir(&dir).expect("fuzz/regressions").flatten() {
        let name = target.file_name().to_string_lossy().to_string();
        for input in fs::read_dir(target.path()).expect("target dir").flatten() {
            let bytes = fs::read(input.path()).expect("read");
            let label = format!("{name}/{}", input.file_name().to_string_lossy());
            let target = name.clone();
            // The same code as the fuzz target, with no panic guard, on a worker-sized stack.
            let replay = std::thread::Builder::new()
                .stack_size(64 << 20)
                .spawn(move || tenderlint::fuzzing::run(&target, &bytes))
                .expect("spawn")
                .join();
            assert!(
                matches!(replay, Ok(true)),
                "{label} panicked or has no target"
            );
            replayed += 1;
        }
    }
    assert!(
        replayed >= 1,
        "no regression inputs found in {}",
        dir.display()
    );
}
