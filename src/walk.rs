//! Which files a run checks: folders expanded into the documents inside them (sorted,
//! honouring `.gitignore`, `.tenderlintignore`, hidden files and the configuration's `exclude`),
//! files named on the command line kept whatever their extension, and `--partition K/N`.

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError, PACK_FILE, PackConfig, absolute, load_pack_file};
use crate::diagnostic::FileResult;
use crate::engine::Input;
use crate::extract::ReadError;
use crate::lint::PackSpec;

/// A file of gitignore-style patterns that folder walks skip, like `.gitignore`.
pub const IGNORE_FILE: &str = ".tenderlintignore";

/// Extensions searched for when walking a folder.
/// `.doc` is included so that a Word 97-2003 file in a folder gets its "save it as .docx" error
/// rather than being passed over in silence.
const EXTENSIONS: &[&str] = &[
    "md", "markdown", "docx", "docm", "odt", "pdf", "doc", "xlsx", "xlsm", "ods", "csv",
];

/// Why the packs of a run cannot be formed.
#[derive(Debug)]
pub enum PackError {
    /// `--pack` names something that is not a folder.
    NotAFolder(String),
    /// A `tenderlint-pack.toml` that cannot be used.
    Settings(Box<ConfigError>),
}

/// What a run checks: files, and packs of files read as one.
#[derive(Debug, Default)]
pub struct Collected {
    /// Every input, sorted by path (a pack by its first file).
    pub inputs: Vec<Input>,
    /// Paths that do not exist, each a result with a not-found error.
    pub missing: Vec<FileResult>,
    /// Folders named on the command line that hold no documents (before `keep`).
    pub empty: Vec<PathBuf>,
    /// Files named on the command line and left out by `--force-exclude`.
    pub excluded: usize,
}

/// Expand folders into the documents inside them (sorted, honouring .gitignore,
/// .tenderlintignore and hidden files); explicit files are kept whatever their extension. Paths
/// that do not exist become results with a not-found error. Packs are formed from the files
/// found: each `packs` folder (`--pack`), each walked folder holding a `tenderlint-pack.toml`,
/// and the configuration's `[[packs]]`. `keep` filters files before packs are formed (the
/// report being written, `--partition`). An unreadable pack file or a `--pack` that is not a
/// folder is an error.
pub fn collect(
    paths: &[PathBuf],
    packs: &[PathBuf],
    config: &Config,
    keep: &dyn Fn(&Path) -> bool,
    force_exclude: bool,
) -> Result<Collected, PackError> {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    let mut empty = Vec::new();
    let mut excluded = 0;
    // Folders that make their documents a pack: `--pack`, then pack files met in a walk.
    let mut pack_dirs: Vec<PathBuf> = Vec::new();
    for dir in packs {
        if !dir.is_dir() {
            return Err(PackError::NotAFolder(format!(
                "--pack {}: {}",
                dir.display(),
                if dir.exists() {
                    "a pack is a folder (or name its files in [[packs]] in tenderlint.toml)"
                } else {
                    "no such folder"
                }
            )));
        }
        pack_dirs.push(dir.clone());
        walk(dir, config, &mut files, &mut Vec::new());
    }
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            walk(path, config, &mut files, &mut pack_dirs);
            if files.len() == before {
                empty.push(path.clone());
            }
        } else if path.exists() {
            // Named files are read whatever the configuration excludes, unless asked
            // (`--force-exclude`: pre-commit and editors name every file they touch).
            if force_exclude && is_excluded(path, config) {
                excluded += 1;
            } else {
                files.push(path.clone());
            }
        } else {
            missing.push(FileResult::failed(path, ReadError::NotFound.into()));
        }
    }
    files.retain(|f| keep(f));
    files.sort();
    files.dedup();
    let mut settings: Vec<PackConfig> = Vec::new();
    for dir in &pack_dirs {
        let file = dir.join(PACK_FILE);
        let mut pack = if file.is_file() {
            load_pack_file(&file).map_err(PackError::Settings)?
        } else {
            let name = absolute(dir).file_name().map_or_else(
                || dir.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            PackConfig::folder(name, dir.clone())
        };
        // Two folders with one name (a/bid, b/bid): the path tells them apart.
        if settings.iter().any(|p| p.name == pack.name) {
            pack.name = dir.display().to_string();
        }
        if !settings.iter().any(|p| absolute(&p.root) == absolute(dir)) {
            settings.push(pack);
        }
    }
    let mut members: Vec<Vec<PathBuf>> = settings.iter().map(|_| Vec::new()).collect();
    let mut configured: Vec<Vec<PathBuf>> = config.packs.iter().map(|_| Vec::new()).collect();
    let mut inputs = Vec::new();
    for file in files {
        // The innermost pack folder holding the file, else a [[packs]] entry.
        let folder = settings
            .iter()
            .enumerate()
            .filter(|(_, p)| p.holds(&file))
            .max_by_key(|(_, p)| absolute(&p.root).components().count())
            .map(|(i, _)| i);
        if let Some(i) = folder {
            members[i].push(file);
        } else if let Some(i) = config.packs.iter().position(|p| p.holds(&file)) {
            configured[i].push(file);
        } else {
            inputs.push(Input::File(file));
        }
    }
    let spec = |pack: &PackConfig, files: Vec<PathBuf>| PackSpec {
        name: pack.name.clone(),
        files,
        kind: pack.kind,
        main: pack.main.clone(),
    };
    for (pack, files) in settings.iter().zip(members) {
        if !files.is_empty() {
            inputs.push(Input::Pack(spec(pack, files)));
        }
    }
    for (pack, files) in config.packs.iter().zip(configured) {
        if !files.is_empty() {
            inputs.push(Input::Pack(spec(pack, files)));
        }
    }
    inputs.sort_by(|a, b| first_path(a).cmp(first_path(b)));
    Ok(Collected {
        empty,
        inputs,
        missing,
        excluded,
    })
}

/// The path an input sorts by: a file's own, a pack's first member's.
pub fn first_path(input: &Input) -> &Path {
    match input {
        Input::File(path) => path,
        Input::Pack(spec) => spec.files.first().map_or(Path::new(""), PathBuf::as_path),
    }
}

/// The documents under `dir`, and the folders under it holding a pack file.
fn walk(dir: &Path, config: &Config, files: &mut Vec<PathBuf>, pack_dirs: &mut Vec<PathBuf>) {
    let walker = ignore::WalkBuilder::new(dir)
        .add_custom_ignore_filename(IGNORE_FILE)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker.flatten() {
        let p = entry.path();
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if is_file && p.file_name().is_some_and(|n| n == PACK_FILE) {
            if let Some(parent) = p.parent()
                && !pack_dirs.iter().any(|d| d == parent)
            {
                pack_dirs.push(parent.to_path_buf());
            }
            continue;
        }
        let wanted = p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if wanted && is_file && !config.excludes(p) && !written_by_tenderlint(p) {
            files.push(p.to_path_buf());
        }
    }
}

/// Whether a file named on the command line is one a folder walk would skip: the
/// configuration's `exclude`, or a `.tenderlintignore` in its folder or any folder above.
fn is_excluded(path: &Path, config: &Config) -> bool {
    if config.excludes(path) {
        return true;
    }
    let path = absolute(path);
    path.ancestors().skip(1).any(|dir| {
        let file = dir.join(IGNORE_FILE);
        if !file.is_file() {
            return false;
        }
        let mut builder = ignore::gitignore::GitignoreBuilder::new(dir);
        if builder.add(&file).is_some() {
            return false;
        }
        builder
            .build()
            .is_ok_and(|rules| rules.matched_path_or_any_parents(&path, false).is_ignore())
    })
}

/// Whether a file found in a folder is one tenderlint wrote (a reviewed copy, a Word report),
/// from the mark at its end: such a file is not a document to check again.
fn written_by_tenderlint(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let is_output_kind = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "docx" | "docm" | "odt" | "pdf"
        )
    });
    if !is_output_kind {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let tail = crate::extract::written::TAIL as u64;
    let len = file.metadata().map_or(0, |m| m.len());
    if file
        .seek(SeekFrom::Start(len.saturating_sub(tail)))
        .is_err()
    {
        return false;
    }
    let mut bytes = Vec::with_capacity(crate::extract::written::TAIL);
    file.take(tail).read_to_end(&mut bytes).is_ok() && crate::extract::written::is_marked(&bytes)
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

/// The files changed since the git revision `rev` (committed since, staged, modified or new
/// and not ignored), as canonical paths, for `--diff-base`. An error says why in words: git
/// missing, not in a repository, or no such revision.
pub fn changed_since(rev: &str) -> Result<std::collections::HashSet<PathBuf>, String> {
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = std::process::Command::new("git")
            .args(args)
            .output()
            .map_err(|e| format!("--diff-base needs git, which could not be run: {e}"))?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    };
    let top = git(&["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("--diff-base needs a git repository, and this is not in one ({e})"))?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let commit = format!("{rev}^{{commit}}");
    git(&["rev-parse", "--verify", "--quiet", &commit])
        .map_err(|_| format!("--diff-base {rev}: no such revision in this repository"))?;
    let mut names = git(&["diff", "--name-only", "-z", rev, "--"])?;
    names.push(0);
    names.extend(git(&[
        "ls-files",
        "--others",
        "--exclude-standard",
        "-z",
        "--full-name",
        ":/",
    ])?);
    Ok(names
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .filter_map(|name| {
            let path = top.join(String::from_utf8_lossy(name).as_ref());
            path.canonicalize().ok()
        })
        .collect())
}
