//! The `safepress` binary: parses the command line and hands over to [`cli::run`].

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run(cli::Cli::parse())
}
