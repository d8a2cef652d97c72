//! JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines,
//! CircleCI…). The mapping is ESLint's and Vale's: a linted file is a test suite, a finding a
//! failed test case.
//!
//! ```xml
//! <testsuites name="tenderlint" tests="3" failures="2" errors="0" time="0">
//!   <testsuite name="bids/bid.md" tests="2" failures="2" errors="0" skipped="0" time="0">
//!     <testcase classname="bids/bid.md" name="unfunded-partner: Halden Street Refugee Forum" file="bids/bid.md" line="25" time="0">
//!       <failure message="… (line 25, column 5): &quot;Halden Street Refugee Forum&quot;" type="error">…</failure>
//!     </testcase>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! - Every finding is a `<failure>` (info findings too; `type` is the severity), named after its
//!   rule and subject, so a test's name stays the same when text above it moves; the body gives
//!   the place, the quoted words, the section and the help.
//! - A file with no findings gets one passing test case, `no findings`, so it shows in reports.
//! - A file read but not checked (no rule ran on it) gets a test case `not checked` that is
//!   `<skipped message="not checked: …"/>`, never a passing one; its notices, if any, are
//!   failures as usual.
//! - A file that could not be read gets one test case with an `<error>` whose `type` is the
//!   error code; read warnings go to the suite's `<system-err>`.
//!
//! Text is escaped for XML, and characters XML 1.0 cannot carry at all (control characters) are
//! replaced with U+FFFD. No timestamps: `time` is always 0, so the output is the same every run.

use std::io::Write;

use super::place::{place_and_quote, uri_path};
use crate::diagnostic::{FileResult, Located};

/// Text content: `&`, `<` and `>` escaped, characters XML cannot carry replaced.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(xml_char(c)),
        }
    }
    out
}

/// An attribute value: as text, plus quotes, and whitespace that attribute normalisation would
/// otherwise turn into spaces.
fn attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(xml_char(c)),
        }
    }
    out
}

/// XML 1.0 allows tab, LF, CR and everything from U+0020 except U+FFFE and U+FFFF.
fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
        c => c,
    }
}

/// The test case name: rule and subject (or the first words quoted), never a line number.
fn case_name(found: &Located) -> String {
    let finding = &found.finding;
    let about = finding.subject.clone().unwrap_or_else(|| {
        let words: Vec<&str> = found.snippet.split_whitespace().take(8).collect();
        words.join(" ")
    });
    if about.is_empty() {
        finding.rule.clone()
    } else {
        format!("{}: {about}", finding.rule)
    }
}

/// What a failure's body says: severity, rule and place; the message; the quoted words; the
/// section; the help.
fn failure_body(path: &str, found: &Located) -> String {
    let finding = &found.finding;
    let place = match found.region.clone() {
        Some(region) => format!("{path}:{}:{}", region.start_line, region.start_column),
        None => match found.location.describe() {
            place if place.is_empty() => path.to_string(),
            place => format!("{path} ({place})"),
        },
    };
    let mut body = format!(
        "{}[{}] {place}\n{}\n",
        finding.severity, finding.rule, finding.message
    );
    let quoted = found
        .snippet
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !quoted.is_empty() {
        body.push_str(&format!("Quoted: \"{quoted}\"\n"));
    }
    if let Some(section) = &found.location.section {
        body.push_str(&format!("Section: {section}\n"));
    }
    if !finding.help.is_empty() {
        body.push_str(&format!("Help: {}\n", finding.help));
    }
    body
}

/// Write one `<testsuites>` document.
pub fn write(out: &mut dyn Write, results: &[FileResult]) -> std::io::Result<()> {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for result in results {
        let path = uri_path(&result.path);
        let mut cases = String::new();
        let mut suite_tests = 0;
        for error in &result.errors {
            suite_tests += 1;
            cases.push_str(&format!(
                "    <testcase classname=\"{p}\" name=\"{n}\" file=\"{p}\" time=\"0\">\n      <error message=\"{m}\" type=\"{t}\">{b}</error>\n    </testcase>\n",
                p = attr(&path),
                n = attr(&format!("could not read ({})", error.code)),
                m = attr(&error.message),
                t = attr(error.code),
                b = text(&format!("{}\n{}\n", error.message, error.help)),
            ));
        }
        let mut suite_skipped = 0;
        if let Some(unchecked) = result.unchecked {
            suite_tests += 1;
            suite_skipped += 1;
            cases.push_str(&format!(
                "    <testcase classname=\"{p}\" name=\"not checked\" file=\"{p}\" time=\"0\">\n      <skipped message=\"{m}\"/>\n    </testcase>\n",
                p = attr(&path),
                m = attr(&format!("not checked: {}", unchecked.reason())),
            ));
        }
        for found in &result.findings {
            suite_tests += 1;
            let line = found
                .region
                .clone()
                .map(|region| format!(" line=\"{}\"", region.start_line))
                .unwrap_or_default();
            cases.push_str(&format!(
                "    <testcase classname=\"{p}\" name=\"{n}\" file=\"{p}\"{line} time=\"0\">\n      <failure message=\"{m}\" type=\"{t}\">{b}</failure>\n    </testcase>\n",
                p = attr(&path),
                n = attr(&case_name(found)),
                m = attr(&format!(
                    "{}{}",
                    found.finding.message,
                    place_and_quote(found)
                )),
                t = found.finding.severity,
                b = text(&failure_body(&path, found)),
            ));
        }
        if suite_tests == 0 {
            suite_tests = 1;
            cases.push_str(&format!(
                "    <testcase classname=\"{p}\" name=\"no findings\" file=\"{p}\" time=\"0\"/>\n",
                p = attr(&path)
            ));
        }
        if !result.warnings.is_empty() {
            cases.push_str(&format!(
                "    <system-err>{}</system-err>\n",
                text(&result.warnings.join("\n"))
            ));
        }
        let suite_failures = result.findings.len();
        let suite_errors = result.errors.len();
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{suite_tests}\" failures=\"{suite_failures}\" errors=\"{suite_errors}\" skipped=\"{suite_skipped}\" time=\"0\">\n{cases}  </testsuite>\n",
            attr(&path)
        ));
        tests += suite_tests;
        failures += suite_failures;
        errors += suite_errors;
    }
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tenderlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"0\">\n{suites}</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::{attr, text};

    #[test]
    fn text_and_attributes_are_escaped_for_xml() {
        assert_eq!(text("a < b & c > d \"e\""), "a &lt; b &amp; c &gt; d \"e\"");
        assert_eq!(attr("say \"hi\"\nnow"), "say &quot;hi&quot;&#10;now");
        assert_eq!(text("page\u{c}break\u{0}"), "page\u{FFFD}break\u{FFFD}");
    }
}
