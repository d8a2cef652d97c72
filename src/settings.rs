//! The settings of one run: the built-in rules, rule folders, `tenderlint.toml` (found or
//! named), a shipped profile, `--limit`, `--select` and `--ignore`, resolved into the rule set
//! and the [`Config`] that the run applies.
//!
//! Order, each over the one before: the built-in rules and `--rules` folders; the
//! configuration's `rules-dirs`; the configuration's limits, then `--limit` (in force while the
//! rules compile, for `regex-size-kb`); the profile (the configuration's `profile`, or
//! `--profile`), then the configuration's own settings; then the command line's select/ignore;
//! finally severities, thresholds and select/ignore are applied to the rules.
//!
//! This reads files (the configuration, rule folders) and the current directory, so front ends
//! call it once per run; the pipeline ([`crate::lint`]) only receives its result.

use std::path::{Path, PathBuf};

use crate::config::{self, Config, ConfigError};
use crate::diagnostic;
use crate::limits::{self, Limits};
use crate::rules::{RuleError, RuleSet};

/// Where a run's settings come from (the command line's flags, or a front end's choices).
#[derive(Clone, Copy, Debug, Default)]
pub struct Sources<'a> {
    /// Folders of extra rule files (`--rules`).
    pub rule_dirs: &'a [PathBuf],
    /// This configuration file instead of the nearest `tenderlint.toml` (`--config`).
    pub config: Option<&'a Path>,
    /// Ignore any configuration file (`--isolated`).
    pub isolated: bool,
    /// A shipped profile instead of the configuration's (`--profile`).
    pub profile: Option<&'a str>,
    /// `KEY=VALUE` safety limits over the configuration's (`--limit`).
    pub limits: &'a [String],
    /// `--select` and `--ignore`, for the commands that take them; every id must exist.
    pub select: Option<(&'a Option<Vec<String>>, &'a [String])>,
}

/// The rules and settings for a run.
#[derive(Debug)]
pub struct Settings {
    /// The rules that run, with the configuration's severities and thresholds.
    pub rules: RuleSet,
    pub config: Config,
    /// Every rule id before select/ignore.
    pub known: Vec<String>,
    /// Rule ids whose settings the configuration changed, for `tenderlint rules`.
    pub changed: Vec<String>,
    /// Rule ids whose settings the profile changed.
    pub profile_changed: Vec<String>,
}

/// Why the settings could not be resolved.
#[derive(Debug)]
pub enum SettingsError {
    /// Rule files that do not load.
    Rules(Vec<RuleError>),
    /// A configuration or profile that does not load.
    Config(Box<ConfigError>),
    /// A flag's value that cannot be used (a bad `--limit`, an unknown `--select` id).
    Usage(String),
}

/// The built-in rules and every rule in `dirs`.
pub fn load_rules(dirs: &[PathBuf]) -> Result<RuleSet, Vec<RuleError>> {
    let mut rules = RuleSet::builtin()?;
    for dir in dirs {
        rules.add_dir(dir)?;
    }
    Ok(rules)
}

/// Resolve the settings of a run started in the current directory.
pub fn resolve(sources: &Sources<'_>) -> Result<Settings, SettingsError> {
    let path = if sources.isolated {
        None
    } else {
        match sources.config {
            Some(path) => Some(path.to_path_buf()),
            None => std::env::current_dir()
                .ok()
                .and_then(|dir| config::discover(&dir)),
        }
    };
    // The limits first: `regex-size-kb` applies while the rules compile.
    let mut limits = match &path {
        Some(path) => config::read_limits(path).map_err(SettingsError::Config)?,
        None => Limits::default(),
    };
    for pair in sources.limits {
        limits.set_pair(pair).map_err(SettingsError::Usage)?;
    }
    let mut settings = limits::within(&limits, || resolve_with(sources, path))?;
    settings.config.limits = limits;
    Ok(settings)
}

fn resolve_with(sources: &Sources<'_>, path: Option<PathBuf>) -> Result<Settings, SettingsError> {
    let mut rules = load_rules(sources.rule_dirs).map_err(SettingsError::Rules)?;
    let mut config = Config::default();
    if let Some(path) = path {
        // Rule packs named by the configuration are loaded first, so it may name their rules.
        for dir in config::rules_dirs(&path) {
            rules.add_dir(&dir).map_err(SettingsError::Rules)?;
        }
        config = config::load(&path, &rules).map_err(SettingsError::Config)?;
    }
    // The file's settings win over its profile's; `--profile` names the profile instead of it.
    let file_changed: Vec<String> = config.rules.keys().cloned().collect();
    let mut profile_changed = Vec::new();
    let profile = sources
        .profile
        .map(str::to_string)
        .or_else(|| config.profile.clone());
    if let Some(name) = profile {
        let profile = config::profile(&name, &rules).map_err(SettingsError::Config)?;
        profile_changed = profile.rules.keys().cloned().collect();
        config = config.over(profile);
    }
    let known: Vec<String> = rules.rules.iter().map(|r| r.id.clone()).collect();
    if let Some((select, ignore)) = sources.select {
        for id in select.iter().flatten().chain(ignore) {
            if !known.contains(id) && !diagnostic::is_notice(id) {
                return Err(SettingsError::Usage(format!(
                    "no rule {id:?}{}; rules are: {}",
                    crate::wording::did_you_mean(id, known.iter().map(String::as_str)),
                    known.join(", ")
                )));
            }
        }
        if select.is_some() {
            config.select.clone_from(select);
        }
        config.ignore.extend(ignore.iter().cloned());
    }
    config.apply_to_rules(&mut rules);
    Ok(Settings {
        rules,
        config,
        known,
        changed: file_changed,
        profile_changed,
    })
}
