//! The generated tables ([`super::tables_codegen`]) are what their generator writes today.
//!
//! The test runs `python3 tools/gen_pdf_tables.py OUTPUT` into a temporary file and compares it
//! with the committed `src/extract/pdf/tables_codegen.rs`, byte for byte. The script needs
//! fontTools (`pip install fonttools`) and Debian's fonts-urw-base35, and says so with exit
//! status 3 when one is missing. Where they or python3 are missing, the test prints why and
//! passes, except under CI (the `CI` variable set), where it fails: there the committed tables
//! must be checked. Another generated file gets a test like this one here.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

/// The generator's exit status when one of its inputs is not installed.
const MISSING_INPUT: i32 = 3;

#[test]
fn tables_codegen_is_what_its_generator_writes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = root.join("src/extract/pdf/tables_codegen.rs");
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let output = std::env::temp_dir().join(format!(
        "tenderlint-tables-codegen-{}-{nanos}.rs",
        std::process::id()
    ));
    let run = Command::new("python3")
        .arg(root.join("tools/gen_pdf_tables.py"))
        .arg(&output)
        .current_dir(root)
        .output();
    let run = match run {
        Ok(run) => run,
        Err(error) => return cannot_run(&format!("python3 did not start ({error})")),
    };
    let stderr = String::from_utf8_lossy(&run.stderr);
    if run.status.code() == Some(MISSING_INPUT) {
        return cannot_run(stderr.trim());
    }
    assert!(
        run.status.success(),
        "tools/gen_pdf_tables.py failed ({}): {stderr}",
        run.status
    );
    let regenerated = std::fs::read(&output).expect("the generator's output");
    let _ = std::fs::remove_file(&output);
    let committed = std::fs::read(&committed).expect("src/extract/pdf/tables_codegen.rs");
    if regenerated != committed {
        let regenerated = String::from_utf8_lossy(&regenerated);
        let committed = String::from_utf8_lossy(&committed);
        let mut regenerated_lines = regenerated.lines();
        let mut committed_lines = committed.lines();
        let mut line = 1;
        let (was, now) = loop {
            match (committed_lines.next(), regenerated_lines.next()) {
                (Some(a), Some(b)) if a == b => line += 1,
                (a, b) => break (a.unwrap_or("(end of file)"), b.unwrap_or("(end of file)")),
            }
        };
        panic!(
            "src/extract/pdf/tables_codegen.rs is not what `python3 tools/gen_pdf_tables.py` \
             writes; first difference at line {line}:\n  committed:   {was}\n  regenerated: \
             {now}\nChange the script, not the generated file, and run it again."
        );
    }
}

/// The generator cannot run here: say why and pass, or fail under CI.
fn cannot_run(why: &str) {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    assert!(
        !ci,
        "CI must check the generated PDF tables, but cannot: {why}"
    );
    // Straight to standard error, past the test harness's capture, so the skip is seen.
    let _ = writeln!(
        std::io::stderr(),
        "skipped extract::pdf::regenerate: cannot run tools/gen_pdf_tables.py: {why}"
    );
}
