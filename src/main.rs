//! The `tenderlint` binary: parse the command line, run, exit with the run's status.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tenderlint::engine::quiet_panics();
    tenderlint::run(tenderlint::cli::Cli::parse()).into()
}
