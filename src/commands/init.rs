//! `tenderlint init`: write a commented starter `tenderlint.toml` in the current folder.

use std::path::PathBuf;

use super::{ExitStatus, Failure};
use crate::cli::InitArgs;
use crate::config;

pub(super) fn init(args: InitArgs) -> Result<ExitStatus, Failure> {
    let path = PathBuf::from(config::FILE_NAMES[0]);
    if path.exists() && !args.force {
        return Err(Failure::Usage(format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        )));
    }
    std::fs::write(&path, config::STARTER)?;
    eprintln!(
        "tenderlint: wrote {} (every setting commented out)",
        path.display()
    );
    Ok(ExitStatus::Clean)
}
