//! Embeds the shipped rule pack (`rules/**/*.toml`) and profiles (`profiles/*.toml`) in the
//! binary, so `tenderlint` runs the same rules wherever it is installed. Generates
//! `$OUT_DIR/builtin_rules.rs` and `$OUT_DIR/builtin_profiles.rs`, each with one
//! `(path, source)` pair per file, sorted by path.

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// Write `$OUT_DIR/<out>` with one `(path, source)` pair per `*.toml` file under `dir`.
fn embed(root: &Path, dir: &str, constant: &str, doc: &str, out: &str) {
    let folder = root.join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut files = Vec::new();
    collect(&folder, &mut files);
    files.sort();
    let mut code = format!(
        "/// {doc}: (path relative to the crate, TOML source).\npub const {constant}: &[(&str, &str)] = &[\n"
    );
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file
            .strip_prefix(root)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    code.push_str("];\n");
    let path = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(out);
    fs::write(path, code).expect("write the embedded files");
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    embed(
        &root,
        "rules",
        "RULES",
        "The shipped rule pack",
        "builtin_rules.rs",
    );
    embed(
        &root,
        "profiles",
        "PROFILES",
        "The shipped profiles",
        "builtin_profiles.rs",
    );
}
