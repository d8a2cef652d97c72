//! Packs in the settings: `[[packs]]` tables in `tenderlint.toml`, and a folder's own
//! `tenderlint-pack.toml`. Both say which files are read as one document set, what kind they
//! are and which is the main document; the walk ([`crate::walk`]) gathers the files.

use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};
use serde::Deserialize;

use super::{CODE, ConfigError, Ctx, S, absolute, glob_of};
use crate::document::DocKind;

/// The file that makes a folder a pack.
pub const PACK_FILE: &str = "tenderlint-pack.toml";

/// `[[packs]]` in `tenderlint.toml`, or a whole `tenderlint-pack.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawPack {
    name: Option<S<String>>,
    #[serde(default)]
    files: Vec<S<String>>,
    kind: Option<S<String>>,
    main: Option<S<String>>,
}

/// A pack the settings define.
#[derive(Clone, Debug, Default)]
pub struct PackConfig {
    /// The pack's name in output (a pack file's folder name when it gives none).
    pub name: String,
    /// The folder `files` and `main` are relative to.
    pub root: PathBuf,
    /// Globs of the member files; empty: every document under `root`.
    pub files: Vec<String>,
    set: Option<GlobSet>,
    pub kind: Option<DocKind>,
    /// The main document, as written (relative to `root`; matched against the end of a
    /// member's path).
    pub main: Option<PathBuf>,
}

impl PackConfig {
    /// A pack of every document under `root`, with no settings of its own.
    pub fn folder(name: String, root: PathBuf) -> PackConfig {
        PackConfig {
            name,
            root,
            ..PackConfig::default()
        }
    }

    /// Whether `path` is one of the pack's files.
    pub fn holds(&self, path: &Path) -> bool {
        let path = absolute(path);
        // A configuration in the current folder has an empty root.
        let root = if self.root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &self.root
        };
        let Ok(relative) = path.strip_prefix(absolute(root)) else {
            return false;
        };
        match &self.set {
            Some(set) => set.is_match(relative),
            None => true,
        }
    }
}

/// Check one pack table. `root` is the folder its globs are relative to; `default_name` names
/// a pack that gives no name (`None`: the name is required).
pub(super) fn resolve(
    ctx: &Ctx<'_>,
    raw: &RawPack,
    span: std::ops::Range<usize>,
    root: &Path,
    default_name: Option<&str>,
) -> Result<PackConfig, Box<ConfigError>> {
    let name = match (&raw.name, default_name) {
        (Some(name), _) => name.get_ref().trim().to_string(),
        (None, Some(name)) => name.to_string(),
        (None, None) => {
            return Err(ctx.error(
                "[[packs]]: a pack needs a `name`".to_string(),
                Some(span),
                "this pack",
                Some("e.g. name = \"harbour-bid\", files = [\"bids/harbour/**\"]".into()),
            ));
        }
    };
    if default_name.is_none() && raw.files.is_empty() {
        return Err(ctx.error(
            format!("[[packs]] {name:?}: a pack needs `files`"),
            Some(span),
            "this pack",
            Some(
                "globs relative to tenderlint.toml's folder, e.g. files = [\"bids/harbour/**\"]"
                    .into(),
            ),
        ));
    }
    let set = if raw.files.is_empty() {
        None
    } else {
        let mut builder = GlobSetBuilder::new();
        for glob in &raw.files {
            builder.add(glob_of(ctx, glob)?);
        }
        builder.build().ok()
    };
    let kind = match &raw.kind {
        Some(kind) => Some(
            kind.get_ref()
                .parse::<DocKind>()
                .map_err(|e| ctx.error(e, Some(kind.span()), "unknown document kind", None))?,
        ),
        None => None,
    };
    Ok(PackConfig {
        name,
        root: root.to_path_buf(),
        files: raw.files.iter().map(|g| g.get_ref().clone()).collect(),
        set,
        kind,
        main: raw.main.as_ref().map(|m| PathBuf::from(m.get_ref())),
    })
}

/// Read a folder's `tenderlint-pack.toml` (every key optional: `name`, `files`, `kind`,
/// `main`).
pub fn load_pack_file(path: &Path) -> Result<PackConfig, Box<ConfigError>> {
    let name = path.display().to_string();
    let source = std::fs::read_to_string(path).map_err(|e| {
        Box::new(ConfigError::file(
            CODE,
            &name,
            format!("{name}: cannot read the pack's settings: {e}"),
            "check the file's permissions, or remove it",
        ))
    })?;
    parse_pack_file(path, &source)
}

/// A `tenderlint-pack.toml` already read: `path` names it (and its folder is the pack's root).
pub fn parse_pack_file(path: &Path, source: &str) -> Result<PackConfig, Box<ConfigError>> {
    let name = path.display().to_string();
    let ctx = Ctx {
        code: CODE,
        name: &name,
        source,
    };
    let raw: RawPack = toml::from_str(source).map_err(|e| {
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .to_string();
        let help = message
            .contains("unknown field")
            .then(|| "a pack's keys are: name, files, kind, main (see README, \"Packs\")".into());
        ctx.error(message, e.span(), "here", help)
    })?;
    let root = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let folder = std::path::absolute(&root)
        .ok()
        .and_then(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "pack".into());
    resolve(&ctx, &raw, 0..source.len(), &root, Some(&folder))
}
