//! `tenderlint serve`: resolve the settings of every profile the page offers, then run the
//! local app until Ctrl-C or the page's Quit.

use super::{ExitStatus, Failure, resolve};
use crate::cli::{ConfigArgs, ServeArgs};
use crate::config;
use crate::serve::{self, Profile, Setup};

pub(super) fn serve(args: ServeArgs) -> Result<ExitStatus, Failure> {
    // The run's own settings first (tenderlint.toml, `--profile`): what a request naming no
    // profile gets. Then every shipped profile, over the same configuration.
    let first = resolve(&args.rules, &args.settings, None)?;
    let mut profiles = vec![Profile {
        name: args.settings.profile.clone(),
        settings: first,
    }];
    for name in config::profile_names() {
        if args.settings.profile.as_deref() == Some(name) {
            continue;
        }
        let settings = ConfigArgs {
            profile: Some(name.to_string()),
            config: args.settings.config.clone(),
            isolated: args.settings.isolated,
            limits: args.settings.limits.clone(),
        };
        profiles.push(Profile {
            name: Some(name.to_string()),
            settings: resolve(&args.rules, &settings, None)?,
        });
    }
    let limits = profiles[0].settings.config.limits;
    let workers = args
        .threads
        .map(usize::from)
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1);
    let setup = Setup {
        port: args.port,
        open: !args.no_open,
        profiles,
        limits,
        workers,
    };
    serve::run(setup, &mut std::io::stdout())?;
    Ok(ExitStatus::Clean)
}
