//! One file per subcommand: each takes its parsed arguments, does the work and returns how the
//! run ended. [`run`] dispatches a parsed command line and prints what failed.
//!
//! To add a subcommand: its arguments in `cli.rs`, a module here with a function from those
//! arguments to `Result<ExitStatus, Failure>`, and an arm in [`run`].

mod check;
mod explain;
mod extract;
mod init;
mod review;
mod rules;
#[cfg(feature = "serve")]
mod serve;
mod test_rules;

use crate::cli::{Cli, Command, ConfigArgs};
use crate::config::ConfigError;
use crate::rules::RuleError;
use crate::settings::{self, Settings, SettingsError, Sources};

/// How a run ended. 0: nothing at warning level or above; 1: findings; 2: a file, rule or
/// argument could not be used. A closed output pipe is not an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    Clean = 0,
    Findings = 1,
    Error = 2,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status as u8)
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> ExitStatus {
    let result = match cli.command {
        Command::Check(args) => check::check(args),
        Command::Rules(args) => rules::rules(args),
        Command::Explain(args) => explain::explain(args),
        Command::Extract(args) => extract::extract(args),
        Command::Review(args) => review::review(args),
        Command::TestRules(args) => test_rules::test_rules(args),
        Command::Init(args) => init::init(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::serve(args),
    };
    match result {
        Ok(status) => status,
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Clean,
        Err(Failure::Io(e)) => {
            eprintln!("tenderlint: {e}");
            ExitStatus::Error
        }
        Err(Failure::Rules(errors)) => {
            for error in errors {
                eprintln!("{:?}", miette::Report::new(error));
            }
            ExitStatus::Error
        }
        Err(Failure::Config(error)) => {
            eprintln!("{:?}", miette::Report::new(*error));
            ExitStatus::Error
        }
        Err(Failure::Usage(message)) => {
            eprintln!("tenderlint: {message}");
            ExitStatus::Error
        }
    }
}

/// Why a command could not do its work.
enum Failure {
    Io(std::io::Error),
    Rules(Vec<RuleError>),
    Config(Box<ConfigError>),
    Usage(String),
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Io(error)
    }
}

impl From<SettingsError> for Failure {
    fn from(error: SettingsError) -> Self {
        match error {
            SettingsError::Rules(errors) => Failure::Rules(errors),
            SettingsError::Config(error) => Failure::Config(error),
            SettingsError::Usage(message) => Failure::Usage(message),
        }
    }
}

/// The settings of a run from the shared flags, the rule folders and, for the commands that
/// take them, `--select` and `--ignore`.
fn resolve(
    rule_dirs: &[std::path::PathBuf],
    args: &ConfigArgs,
    select: Option<(&Option<Vec<String>>, &[String])>,
) -> Result<Settings, Failure> {
    let sources = Sources {
        rule_dirs,
        config: args.config.as_deref(),
        isolated: args.isolated,
        profile: args.profile.as_deref(),
        limits: &args.limits,
        select,
    };
    let settings = settings::resolve(&sources)?;
    warn(&settings.rules);
    Ok(settings)
}

/// Show, on standard error, what the user's rule files should fix but that does not stop them
/// loading (a rule with no `[docs]`).
fn warn(rules: &crate::rules::RuleSet) {
    for warning in &rules.warnings {
        eprintln!("{:?}", miette::Report::new(warning.clone()));
    }
}
