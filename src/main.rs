//! The `tenderlint` binary: parse the command line, run, exit with the run's status.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: compiling the rules' patterns and analysing documents allocate and free many small
/// objects, which glibc's allocator serves more slowly (and with more page faults).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tenderlint::engine::quiet_panics();
    tenderlint::run(tenderlint::cli::Cli::parse()).into()
}
