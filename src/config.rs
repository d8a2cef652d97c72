//! `tenderlint.toml`: project settings, found like ruff's and typos' (nearest file wins).
//!
//! Discovery: from the current directory upwards, the first `tenderlint.toml` (or
//! `.tenderlint.toml`) found is the configuration; there is no merging of several files, so
//! what applies is always one file, printed by `--show-config`. `--config PATH` names the file,
//! `--isolated` ignores any. Paths and globs in the file are relative to the file's folder.
//!
//! Parsing is strict (unknown keys, wrong types, unknown rule ids, thresholds a rule does not
//! have, bad globs and kinds are [`ConfigError`]s pointing into the file), and the result is a
//! [`Config`] that the run applies in three places: to the rule set ([`Config::apply_to_rules`]:
//! select/ignore, severities, thresholds), to the folder walk (`exclude`), and per file
//! ([`Config::for_file`]: `[[overrides]]` kind and rules, `min-severity`).
//!
//! To add a key: add it to `RawConfig` (kebab-case), check it in [`parse`], apply it where it
//! belongs, print it in [`Config::show`] and document it in README's "Configuration".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::analyse::DocKind;
use crate::diagnostic::{self, Severity};
use crate::limits::Limits;
use crate::rules::RuleSet;
use crate::toml_error::{TomlError, TomlFile};
use crate::wording::did_you_mean;

/// File names searched for, in this order, in each folder.
pub const FILE_NAMES: [&str; 2] = ["tenderlint.toml", ".tenderlint.toml"];

/// A configuration file that cannot be used, pointing at the place in the file.
pub type ConfigError = TomlError;

const CODE: &str = "tenderlint::config";

type S<T> = Spanned<T>;

mod pack;

pub use pack::{PACK_FILE, PackConfig, load_pack_file, parse_pack_file};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    /// A shipped profile the file builds on (`bid-writer`, `small-charity-signing`, `ci-strict`).
    profile: Option<S<String>>,
    /// What the settings are for, in a sentence (profiles show it in `tenderlint rules`).
    description: Option<S<String>>,
    select: Option<Vec<S<String>>>,
    #[serde(default)]
    ignore: Vec<S<String>>,
    #[serde(default)]
    rules_dirs: Vec<S<String>>,
    #[serde(default)]
    exclude: Vec<S<String>>,
    min_severity: Option<S<String>>,
    /// Exit 1 when a document was read but no rule ran on it.
    fail_on_unchecked: Option<bool>,
    /// `[rules.<id>]`: `severity`, and any threshold of the rule (`min-cost-per-participant`).
    #[serde(default)]
    rules: BTreeMap<String, S<BTreeMap<String, S<toml::Value>>>>,
    /// `[[overrides]]` entries, each a table of glob → settings.
    #[serde(default)]
    overrides: Vec<BTreeMap<String, S<RawOverride>>>,
    /// `[limits]`: safety limits by key ([`crate::limits::KEYS`]).
    #[serde(default)]
    limits: BTreeMap<String, S<toml::Value>>,
    /// `[[packs]]`: sets of files read as one.
    #[serde(default)]
    packs: Vec<S<pack::RawPack>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    kind: Option<S<String>>,
    select: Option<Vec<S<String>>>,
    #[serde(default)]
    ignore: Vec<S<String>>,
}

/// Settings for one rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleSettings {
    pub severity: Option<Severity>,
    pub thresholds: BTreeMap<String, f64>,
}

/// Settings for the files matching one glob.
#[derive(Clone, Debug)]
pub struct Override {
    pub glob: String,
    matcher: globset::GlobMatcher,
    pub kind: Option<DocKind>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
}

/// The resolved configuration.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it came from; `None` for the defaults.
    pub path: Option<PathBuf>,
    /// The profile the file names, if any (the command line's `--profile` wins).
    pub profile: Option<String>,
    pub description: Option<String>,
    /// The folder globs and paths are relative to.
    pub root: PathBuf,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub rules_dirs: Vec<PathBuf>,
    pub exclude: Vec<String>,
    exclude_set: Option<GlobSet>,
    pub min_severity: Option<Severity>,
    /// Whether a document no rule ran on fails the run (exit 1); `None`: not set (off).
    pub fail_on_unchecked: Option<bool>,
    pub rules: BTreeMap<String, RuleSettings>,
    pub overrides: Vec<Override>,
    /// `[limits]` on top of the defaults (then `--limit` on top of these).
    pub limits: Limits,
    /// `[[packs]]`, their globs relative to `root`.
    pub packs: Vec<PackConfig>,
}

/// What applies to one file.
#[derive(Clone, Debug, Default)]
pub struct FileSettings {
    pub kind: Option<DocKind>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
}

impl FileSettings {
    /// Whether findings of `rule` are reported for this file.
    pub fn reports(&self, rule: &str) -> bool {
        self.select
            .as_ref()
            .is_none_or(|s| s.iter().any(|r| r == rule))
            && !self.ignore.iter().any(|r| r == rule)
    }
}

/// Find the configuration for a run started in `start`: the nearest file upwards.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(current) = dir {
        for name in FILE_NAMES {
            let candidate = current.join(name);
            if candidate.is_file() {
                // Shown in messages: name a file in the start folder as such.
                return Some(if current == start {
                    PathBuf::from(name)
                } else {
                    candidate
                });
            }
        }
        dir = current.parent();
    }
    None
}

/// Read and check a configuration file against the rules it may name.
pub fn load(path: &Path, rules: &RuleSet) -> Result<Config, Box<ConfigError>> {
    let source = std::fs::read_to_string(path).map_err(|e| {
        Box::new(ConfigError::file(
            CODE,
            &path.display().to_string(),
            format!("{}: cannot read the configuration: {e}", path.display()),
            "check the path given to --config, or run with --isolated",
        ))
    })?;
    let root = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut config = parse(&path.display().to_string(), &source, rules)?;
    config.rules_dirs = config.rules_dirs.iter().map(|d| root.join(d)).collect();
    config.path = Some(path.to_path_buf());
    for pack in &mut config.packs {
        pack.root.clone_from(&root);
    }
    config.root = root;
    Ok(config)
}

/// The extra rule folders a configuration file names, resolved against its folder. Read before
/// the full [`load`], so the configuration can name the rules in them.
pub fn rules_dirs(path: &Path) -> Vec<PathBuf> {
    let root = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    // A file that cannot be read or parsed gives no folders here; `load` then reports it with
    // its place in the file.
    let Ok(source) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(table) = toml::from_str::<toml::Table>(&source) else {
        return Vec::new();
    };
    table
        .get("rules-dirs")
        .and_then(toml::Value::as_array)
        .map(|dirs| {
            dirs.iter()
                .filter_map(toml::Value::as_str)
                .map(|d| root.join(d))
                .collect()
        })
        .unwrap_or_default()
}

type Ctx<'a> = TomlFile<'a>;

/// Parse a configuration's text. `rules` is the set the ids and thresholds are checked against
/// (the built-in rules plus any `--rules` folders; rules from `rules-dirs` are checked when the
/// run loads them).
pub fn parse(name: &str, source: &str, rules: &RuleSet) -> Result<Config, Box<ConfigError>> {
    let ctx = Ctx {
        code: CODE,
        name,
        source,
    };
    let raw = raw_config(&ctx)?;
    let known = |id: &S<String>| -> Result<String, Box<ConfigError>> {
        let value = id.get_ref();
        if rules.get(value).is_some() || diagnostic::is_notice(value) {
            return Ok(value.clone());
        }
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        Err(ctx.error(
            format!(
                "no rule {value:?}{}",
                did_you_mean(value, ids.iter().copied())
            ),
            Some(id.span()),
            "unknown rule id",
            Some(format!("rules are: {}", ids.join(", "))),
        ))
    };
    let ids = |list: &[S<String>]| -> Result<Vec<String>, Box<ConfigError>> {
        list.iter().map(known).collect()
    };
    if let Some(profile) = &raw.profile
        && !profile_names().contains(&profile.get_ref().as_str())
    {
        return Err(ctx.error(
            format!(
                "no profile {:?}{}",
                profile.get_ref(),
                did_you_mean(profile.get_ref(), profile_names())
            ),
            Some(profile.span()),
            "unknown profile",
            Some(format!("profiles are: {}", profile_names().join(", "))),
        ));
    }
    let mut config = Config {
        limits: limits_of(&ctx, &raw)?,
        profile: raw.profile.as_ref().map(|p| p.get_ref().clone()),
        description: raw
            .description
            .as_ref()
            .map(|d| d.get_ref().trim().to_string()),
        select: raw.select.as_deref().map(ids).transpose()?,
        ignore: ids(&raw.ignore)?,
        rules_dirs: raw
            .rules_dirs
            .iter()
            .map(|d| PathBuf::from(d.get_ref()))
            .collect(),
        exclude: raw.exclude.iter().map(|g| g.get_ref().clone()).collect(),
        fail_on_unchecked: raw.fail_on_unchecked,
        ..Config::default()
    };
    if !raw.exclude.is_empty() {
        let mut builder = GlobSetBuilder::new();
        for glob in &raw.exclude {
            builder.add(glob_of(&ctx, glob)?);
        }
        config.exclude_set = builder.build().ok();
    }
    if let Some(level) = &raw.min_severity {
        config.min_severity = Some(severity_of(&ctx, level)?);
    }
    for (id, settings) in &raw.rules {
        let Some(rule) = rules.get(id) else {
            let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
            return Err(ctx.error(
                format!(
                    "[rules.{id}]: no rule {id:?}{}",
                    did_you_mean(id, ids.iter().copied())
                ),
                Some(settings.span()),
                "unknown rule id",
                Some(format!("rules are: {}", ids.join(", "))),
            ));
        };
        let mut resolved = RuleSettings::default();
        for (key, value) in settings.get_ref() {
            if key == "severity" {
                let level = match value.get_ref() {
                    toml::Value::String(level) => S::new(value.span(), level.clone()),
                    _ => {
                        return Err(ctx.error(
                            format!("[rules.{id}]: severity must be a string"),
                            Some(value.span()),
                            "expected \"error\", \"warning\" or \"info\"",
                            None,
                        ));
                    }
                };
                resolved.severity = Some(severity_of(&ctx, &level)?);
                continue;
            }
            if !rule.thresholds.contains_key(key) {
                let names: Vec<&str> = rule.thresholds.keys().map(String::as_str).collect();
                let help = if names.is_empty() {
                    format!("{id} has no thresholds; only `severity` can be set")
                } else {
                    format!("{id}'s thresholds are: {}", names.join(", "))
                };
                return Err(ctx.error(
                    format!("[rules.{id}]: unknown key {key:?}"),
                    Some(value.span()),
                    "not a threshold of this rule",
                    Some(help),
                ));
            }
            let number = match value.get_ref() {
                toml::Value::Integer(n) => *n as f64,
                toml::Value::Float(f) => *f,
                _ => {
                    return Err(ctx.error(
                        format!("[rules.{id}]: {key} must be a number"),
                        Some(value.span()),
                        "expected a number",
                        None,
                    ));
                }
            };
            resolved.thresholds.insert(key.clone(), number);
        }
        config.rules.insert(id.clone(), resolved);
    }
    for table in &raw.overrides {
        for (glob, settings) in table {
            let raw_override = settings.get_ref();
            let matcher = Glob::new(glob)
                .map_err(|e| {
                    ctx.error(
                        format!("bad glob {glob:?}: {e}"),
                        Some(settings.span()),
                        "this override",
                        None,
                    )
                })?
                .compile_matcher();
            let kind =
                match &raw_override.kind {
                    Some(kind) => Some(kind.get_ref().parse::<DocKind>().map_err(|e| {
                        ctx.error(e, Some(kind.span()), "unknown document kind", None)
                    })?),
                    None => None,
                };
            config.overrides.push(Override {
                glob: glob.clone(),
                matcher,
                kind,
                select: raw_override.select.as_deref().map(ids).transpose()?,
                ignore: ids(&raw_override.ignore)?,
            });
        }
    }
    for raw_pack in &raw.packs {
        let pack = pack::resolve(
            &ctx,
            raw_pack.get_ref(),
            raw_pack.span(),
            Path::new(""),
            None,
        )?;
        if config.packs.iter().any(|p| p.name == pack.name) {
            return Err(ctx.error(
                format!("[[packs]]: two packs are named {:?}", pack.name),
                Some(raw_pack.span()),
                "the second",
                Some("give each pack its own name".into()),
            ));
        }
        config.packs.push(pack);
    }
    Ok(config)
}

/// `path` made absolute against the current folder (as given when that fails), so that paths
/// given relative and absolute compare equal.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

impl Config {
    /// The `[[packs]]` entry `path` belongs to (the first that holds it).
    pub fn pack_of(&self, path: &Path) -> Option<&PackConfig> {
        self.packs.iter().find(|pack| pack.holds(path))
    }
}

fn raw_config(ctx: &Ctx<'_>) -> Result<RawConfig, Box<ConfigError>> {
    toml::from_str(ctx.source).map_err(|e| {
        let message = e.message().lines().next().unwrap_or("invalid TOML").to_string();
        let help = if message.contains("unknown field") {
            Some(format!(
                "the keys are: select, ignore, rules-dirs, exclude, min-severity, fail-on-unchecked, [rules.<id>], [[overrides]], [[packs]], [limits] (see README, \"Configuration\"); {}",
                "a misspelt key is an error rather than silently ignored"
            ))
        } else {
            None
        };
        ctx.error(message, e.span(), "here", help)
    })
}

fn limits_of(ctx: &Ctx<'_>, raw: &RawConfig) -> Result<Limits, Box<ConfigError>> {
    let mut limits = Limits::default();
    for (key, value) in &raw.limits {
        let number = match value.get_ref() {
            toml::Value::Integer(n) => *n as f64,
            toml::Value::Float(f) => *f,
            _ => f64::NAN,
        };
        limits.set(key, number).map_err(|message| {
            ctx.error(
                format!("[limits]: {message}"),
                Some(value.span()),
                "here",
                Some("see README, \"Robustness\", for each limit and its default".into()),
            )
        })?;
    }
    Ok(limits)
}

/// Only the `[limits]` of a configuration file: read before the rules are loaded, because
/// `regex-size-kb` applies to compiling them. The full parse ([`load`]) reports everything else.
pub fn read_limits(path: &Path) -> Result<Limits, Box<ConfigError>> {
    let name = path.display().to_string();
    let Ok(source) = std::fs::read_to_string(path) else {
        // `load` reports an unreadable file with its cause.
        return Ok(Limits::default());
    };
    let ctx = Ctx {
        code: CODE,
        name: &name,
        source: &source,
    };
    match raw_config(&ctx) {
        Ok(raw) => limits_of(&ctx, &raw),
        // A file that does not parse is reported by `load`, after the rules it may name.
        Err(_) => Ok(Limits::default()),
    }
}

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_profiles.rs"));
}

/// The names of the shipped profiles (`profiles/<name>.toml`).
pub fn profile_names() -> Vec<&'static str> {
    builtin::PROFILES
        .iter()
        .filter_map(|(path, _)| Path::new(path).file_stem().and_then(|s| s.to_str()))
        .collect()
}

/// A shipped profile: settings in the configuration's format, checked against `rules`.
pub fn profile(name: &str, rules: &RuleSet) -> Result<Config, Box<ConfigError>> {
    let Some((path, source)) = builtin::PROFILES
        .iter()
        .find(|(path, _)| Path::new(path).file_stem().is_some_and(|s| s == name))
    else {
        return Err(Box::new(ConfigError::file(
            CODE,
            name,
            format!("no profile {name:?}{}", did_you_mean(name, profile_names())),
            &format!("profiles are: {}", profile_names().join(", ")),
        )));
    };
    let mut config = parse(path, source, rules)?;
    config.profile = Some(name.to_string());
    Ok(config)
}

fn glob_of(ctx: &Ctx<'_>, glob: &S<String>) -> Result<Glob, Box<ConfigError>> {
    Glob::new(glob.get_ref()).map_err(|e| {
        ctx.error(
            format!("bad glob {:?}: {e}", glob.get_ref()),
            Some(glob.span()),
            "here",
            Some("globs use *, ** and ?, e.g. \"drafts/**\" or \"**/*.old.md\"".into()),
        )
    })
}

fn severity_of(ctx: &Ctx<'_>, value: &S<String>) -> Result<Severity, Box<ConfigError>> {
    match value.get_ref().as_str() {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        "info" => Ok(Severity::Info),
        other => Err(ctx.error(
            format!("unknown severity {other:?}"),
            Some(value.span()),
            "here",
            Some("severities are: error, warning, info".into()),
        )),
    }
}

impl Config {
    /// These settings on top of a profile's: this file's `select`, severities and thresholds win;
    /// `ignore` lists are joined.
    pub fn over(mut self, profile: Config) -> Config {
        if self.select.is_none() {
            self.select = profile.select;
        }
        let mut ignore = profile.ignore;
        ignore.append(&mut self.ignore);
        self.ignore = ignore;
        if self.min_severity.is_none() {
            self.min_severity = profile.min_severity;
        }
        if self.fail_on_unchecked.is_none() {
            self.fail_on_unchecked = profile.fail_on_unchecked;
        }
        for (id, base) in profile.rules {
            let mine = self.rules.entry(id).or_default();
            if mine.severity.is_none() {
                mine.severity = base.severity;
            }
            for (key, value) in base.thresholds {
                mine.thresholds.entry(key).or_insert(value);
            }
        }
        self.profile = profile.profile;
        if self.description.is_none() {
            self.description = profile.description;
        }
        self
    }

    /// Apply select/ignore, severities and thresholds to the rule set.
    pub fn apply_to_rules(&self, rules: &mut RuleSet) {
        for rule in &mut rules.rules {
            if let Some(settings) = self.rules.get(&rule.id) {
                if let Some(severity) = settings.severity {
                    // The configured severity is the rule's, for every kind and every measure.
                    rule.set_severity(severity);
                }
                for (key, value) in &settings.thresholds {
                    rule.thresholds.insert(key.clone(), *value);
                }
            }
        }
        let selected = |id: &str| {
            self.select
                .as_ref()
                .is_none_or(|s| s.iter().any(|r| r == id))
                && !self.ignore.iter().any(|r| r == id)
        };
        rules.rules.retain(|rule| selected(&rule.id));
    }

    /// Whether ids that are not rules (notices) are reported.
    pub fn reports(&self, id: &str) -> bool {
        self.select
            .as_ref()
            .is_none_or(|s| s.iter().any(|r| r == id))
            && !self.ignore.iter().any(|r| r == id)
    }

    /// Whether a file found by walking a folder is excluded.
    pub fn excludes(&self, path: &Path) -> bool {
        let Some(set) = &self.exclude_set else {
            return false;
        };
        let relative = self.relative(path);
        set.is_match(&relative)
            || relative
                .ancestors()
                .skip(1)
                .any(|dir| !dir.as_os_str().is_empty() && set.is_match(dir))
    }

    fn relative(&self, path: &Path) -> PathBuf {
        let path = absolute(path);
        let root = if self.root.as_os_str().is_empty() {
            absolute(Path::new("."))
        } else {
            absolute(&self.root)
        };
        path.strip_prefix(&root)
            .map_or_else(|_| path.clone(), Path::to_path_buf)
    }

    /// The settings for one file: the last matching override wins for kind and rules.
    pub fn for_file(&self, path: &Path) -> FileSettings {
        let relative = self.relative(path);
        let mut settings = FileSettings::default();
        for o in &self.overrides {
            if o.matcher.is_match(&relative) {
                if o.kind.is_some() {
                    settings.kind = o.kind;
                }
                if o.select.is_some() {
                    settings.select.clone_from(&o.select);
                }
                settings.ignore.extend(o.ignore.iter().cloned());
            }
        }
        settings
    }

    /// `--show-config`: the resolved settings as TOML a user could paste.
    pub fn show(&self) -> String {
        let mut out = String::new();
        match &self.path {
            Some(path) => out.push_str(&format!("# from {}\n", path.display())),
            None => out.push_str("# no tenderlint.toml found: the defaults\n"),
        }
        let list = |items: &[String]| -> String {
            let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
            format!("[{}]", quoted.join(", "))
        };
        if let Some(profile) = &self.profile {
            out.push_str(&format!("profile = {profile:?}\n"));
        }
        match &self.select {
            Some(select) => out.push_str(&format!("select = {}\n", list(select))),
            None => out.push_str("# select: every rule\n"),
        }
        out.push_str(&format!("ignore = {}\n", list(&self.ignore)));
        let dirs: Vec<String> = self
            .rules_dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        out.push_str(&format!("rules-dirs = {}\n", list(&dirs)));
        out.push_str(&format!("exclude = {}\n", list(&self.exclude)));
        out.push_str(&format!(
            "min-severity = {:?}\n",
            self.min_severity.unwrap_or(Severity::Info).name()
        ));
        out.push_str(&format!(
            "fail-on-unchecked = {}\n",
            self.fail_on_unchecked.unwrap_or(false)
        ));
        for (id, settings) in &self.rules {
            out.push_str(&format!("\n[rules.{id}]\n"));
            if let Some(severity) = settings.severity {
                out.push_str(&format!("severity = {:?}\n", severity.name()));
            }
            for (key, value) in &settings.thresholds {
                out.push_str(&format!("{key} = {value}\n"));
            }
        }
        if self.limits != Limits::default() {
            out.push_str("\n[limits]\n");
            for key in crate::limits::KEYS {
                let value = self.limits.get(key.name).unwrap_or_default();
                let default = Limits::default().get(key.name).unwrap_or_default();
                let note = if value == default { "" } else { "  # changed" };
                out.push_str(&format!(
                    "{} = {}{note}\n",
                    key.name,
                    crate::wording::number(value)
                ));
            }
        }
        for o in &self.overrides {
            let mut fields = Vec::new();
            if let Some(kind) = o.kind {
                fields.push(format!("kind = {:?}", kind.name()));
            }
            if let Some(select) = &o.select {
                fields.push(format!("select = {}", list(select)));
            }
            if !o.ignore.is_empty() {
                fields.push(format!("ignore = {}", list(&o.ignore)));
            }
            out.push_str(&format!(
                "\n[[overrides]]\n{:?} = {{ {} }}\n",
                o.glob,
                fields.join(", ")
            ));
        }
        out
    }
}

/// `tenderlint init`: a commented starter file.
pub const STARTER: &str = r#"# tenderlint.toml: settings for `tenderlint check` in this folder and below.
# The nearest tenderlint.toml upwards from where tenderlint runs is used; `--config FILE` picks
# another, `--isolated` ignores it, `--show-config` prints what applies. See README,
# "Configuration".

# A shipped profile to start from: "bid-writer", "small-charity-signing" or "ci-strict"
# (`tenderlint rules --profile NAME` shows what it changes). Settings below win over it.
# profile = "bid-writer"

# Rules to run (default: all). `tenderlint rules` lists them.
# select = ["unfunded-partner", "missing-tupe-disclosure"]

# Rules never to run.
# ignore = ["unrealistic-target"]

# Findings below this severity are not reported: "info", "warning" or "error".
# min-severity = "warning"

# A document no rule ran on (its kind could not be told) is reported as "not checked", never as
# clean. Make such documents fail the run (exit 1, as findings do); also --fail-on-unchecked.
# fail-on-unchecked = true

# Folders of extra rule files (*.toml), relative to this file.
# rules-dirs = ["house-rules"]

# Files and folders that folder walks skip (globs relative to this file; .gitignore and
# .tenderlintignore are honoured as well).
# exclude = ["archive/**", "**/*-old.md"]

# Per-rule severity and thresholds (`tenderlint explain RULE` shows a rule's thresholds).
# [rules.unrealistic-target]
# severity = "warning"
# min-cost-per-participant = 50

# Settings for files matching a glob: the document kind, and rules to run or skip.
# [[overrides]]
# "agreements/**" = { kind = "subcontract" }
# "drafts/**" = { ignore = ["unfunded-partner"] }

# Safety limits per document (README, "Robustness", lists them all with their defaults);
# also `--limit KEY=VALUE` for one run.
# [limits]
# seconds-per-document = 30
# file-size-mb = 256
"#;

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{STARTER, parse};
    use crate::analyse::DocKind;
    use crate::diagnostic::Severity;
    use crate::rules::RuleSet;

    fn rules() -> RuleSet {
        RuleSet::builtin().expect("builtin rules")
    }

    #[test]
    fn a_full_configuration_is_read() {
        let source = r#"
select = ["unfunded-partner", "unrealistic-target"]
ignore = ["unrealistic-target"]
exclude = ["archive/**"]
min-severity = "warning"
fail-on-unchecked = true
[rules.unrealistic-target]
severity = "error"
min-cost-per-participant = 50
[[overrides]]
"agreements/**" = { kind = "subcontract", ignore = ["unfunded-partner"] }
"#;
        let config = parse("t.toml", source, &rules()).expect("parses");
        assert_eq!(config.min_severity, Some(Severity::Warning));
        assert_eq!(config.fail_on_unchecked, Some(true));
        assert!(config.show().contains("\nfail-on-unchecked = true\n"));
        assert_eq!(
            config.rules["unrealistic-target"].thresholds["min-cost-per-participant"],
            50.0
        );
        let file = config.for_file(Path::new("agreements/sub.docx"));
        assert_eq!(file.kind, Some(DocKind::Subcontract));
        assert!(!file.reports("unfunded-partner"));
        assert!(config.excludes(Path::new("archive/2019/bid.md")));
        assert!(!config.excludes(Path::new("bids/bid.md")));
        let mut set = rules();
        config.apply_to_rules(&mut set);
        let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["unfunded-partner"]);
    }

    #[test]
    fn mistakes_point_into_the_file() {
        for (source, needle) in [
            ("selct = []", "selct"),
            ("select = [\"unfunded-partne\"]", "\"unfunded-partne\""),
            ("[rules.unrealistic-target]\nmin-cost = 5", "5"),
            ("min-severity = \"fatal\"", "\"fatal\""),
            (
                "[[overrides]]\n\"a/**\" = { kind = \"letter\" }",
                "\"letter\"",
            ),
            ("ignore = \"unfunded-partner\"", "\"unfunded-partner\""),
            ("fail-on-unchecked = \"yes\"", "\"yes\""),
        ] {
            let error = parse("t.toml", source, &rules()).expect_err(source);
            let span = error.span.expect("a span");
            let at = &source[span.offset()..span.offset() + span.len()];
            assert!(at.contains(needle), "{source}: points at {at:?}");
        }
    }

    #[test]
    fn the_starter_file_is_valid_and_changes_nothing() {
        let config = parse("tenderlint.toml", STARTER, &rules()).expect("parses");
        assert!(config.select.is_none() && config.ignore.is_empty());
        assert!(config.rules.is_empty() && config.overrides.is_empty());
        assert_eq!(config.fail_on_unchecked, None);
        assert_eq!(config.limits, crate::limits::Limits::default());
        // Its fail-on-unchecked example, uncommented, is valid too.
        let line = "# fail-on-unchecked = true";
        assert!(STARTER.lines().any(|l| l == line), "{STARTER}");
        let config = parse("tenderlint.toml", &line[2..], &rules()).expect("the example parses");
        assert_eq!(config.fail_on_unchecked, Some(true));
        // Its [limits] example, uncommented, is valid too (and shows the defaults).
        let limits: String = STARTER
            .lines()
            .skip_while(|l| *l != "# [limits]")
            .map(|l| format!("{}\n", l.trim_start_matches("# ")))
            .collect();
        let config = parse("tenderlint.toml", &limits, &rules()).expect("the example parses");
        assert_eq!(config.limits, crate::limits::Limits::default());
        assert!(limits.contains("seconds-per-document = 30"), "{limits}");
    }
}
