//! Which files a run checks: folders expanded into the documents inside them (sorted,
//! honouring `.gitignore`, `.tenderlintignore`, hidden files and the configuration's `exclude`),
//! files named on the command line kept whatever their extension, and `--partition K/N`.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::FileResult;
use crate::extract::ReadError;

/// A file of gitignore-style patterns that folder walks skip, like `.gitignore`.
pub const IGNORE_FILE: &str = ".tenderlintignore";

/// Extensions searched for when walking a folder.
/// `.doc` is included so that a Word 97-2003 file in a folder gets its "save it as .docx" error
/// rather than being passed over in silence.
const EXTENSIONS: &[&str] = &[
    "md", "markdown", "docx", "docm", "odt", "pdf", "doc", "xlsx", "xlsm", "ods", "csv",
];

/// Expand folders into the documents inside them (sorted, honouring .gitignore,
/// .tenderlintignore and hidden files); explicit files are kept whatever their extension. Paths that do not exist become
/// results with a not-found error.
pub fn collect_paths(paths: &[PathBuf], config: &Config) -> (Vec<PathBuf>, Vec<FileResult>) {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = ignore::WalkBuilder::new(path)
                .add_custom_ignore_filename(IGNORE_FILE)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            for entry in walker.flatten() {
                let p = entry.path();
                let wanted = p
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                if wanted && entry.file_type().is_some_and(|t| t.is_file()) && !config.excludes(p) {
                    files.push(p.to_path_buf());
                }
            }
        } else if path.exists() {
            files.push(path.clone());
        } else {
            missing.push(FileResult::failed(path, ReadError::NotFound.into()));
        }
    }
    files.sort();
    files.dedup();
    (files, missing)
}

/// Whether a file is in part `k` of `n`: by a hash of its path, so a file stays in its part
/// when others are added or removed.
pub fn in_partition(path: &Path, k: u32, n: u32) -> bool {
    // FNV-1a: stable across runs, platforms and Rust versions (std's hasher is not).
    let key = path.to_string_lossy().replace('\\', "/");
    let key = key.strip_prefix("./").unwrap_or(&key);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash % u64::from(n) == u64::from(k - 1)
}
