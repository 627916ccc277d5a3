//! The `safepress` binary: parses the command line and hands over to [`cli::run`].

mod cli;

use std::process::ExitCode;

/// jemalloc rather than the system allocator: a build allocates from every core at once (most
/// of it template values), which glibc's malloc serves with locks and by growing per-thread
/// heaps a page at a time. Only on x86-64 outside MSVC (see Cargo.toml).
#[cfg(all(target_arch = "x86_64", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    cli::run(cli::parse())
}
