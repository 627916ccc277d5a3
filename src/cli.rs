//! The command line: clap definitions turned into library options, and the printing of
//! results and errors.

use clap::{Parser, Subcommand};
use safepress::Error;
use safepress::build::{self, BuildOptions, BuildReport};
use std::path::PathBuf;
use std::process::ExitCode;

/// Build safety publicity sites from Markdown lessons and announcements.
#[derive(Debug, Parser)]
#[command(name = "safepress", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// The site folder, holding site.yaml, content/ and themes/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site [default: <root>/public].
    #[arg(long)]
    output: Option<PathBuf>,
    /// Build drafts too.
    #[arg(long)]
    drafts: bool,
    /// Build as if it were this moment: YYYY-MM-DD, YYYY-MM-DDTHH:MM, or RFC 3339 with an offset
    /// (without an offset it is read in the site time zone).
    #[arg(long, value_parser = parse_now)]
    now: Option<String>,
    /// Publish at this address instead of site.yaml's base_url.
    #[arg(long, value_parser = parse_base_url)]
    base_url: Option<String>,
    /// Replace a non-empty output folder that safepress did not create.
    #[arg(long)]
    force: bool,
}

fn parse_now(text: &str) -> Result<String, String> {
    safepress::dates::parse(text, &jiff::tz::TimeZone::UTC)
        .map(|_| text.to_string())
        .map_err(|e| format!("{e}: {}", safepress::dates::DATE_FIX))
}

fn parse_base_url(text: &str) -> Result<String, String> {
    if text.starts_with("http://") || text.starts_with("https://") {
        Ok(text.to_string())
    } else {
        Err("expected an absolute http(s) URL, e.g. https://safety.example.gov".into())
    }
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => {
            let opts = BuildOptions {
                output: args.output.unwrap_or_else(|| args.root.join("public")),
                root: args.root,
                drafts: args.drafts,
                now: args.now,
                base_url: args.base_url,
                force: args.force,
            };
            match build::build(&opts) {
                Ok(state) => {
                    print_report(&state.report);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    print_error(&e, &opts);
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn print_report(r: &BuildReport) {
    let mut parts = vec![
        format!("{} lessons", r.lessons),
        format!(
            "{} announcements ({} archived, {} scheduled)",
            r.announcements + r.archived,
            r.archived,
            r.scheduled
        ),
        format!("{} pages", r.pages),
        format!("{} tags", r.tags),
    ];
    if r.drafts > 0 {
        parts.push(format!("{} drafts skipped", r.drafts));
    }
    eprintln!(
        "Built {} → {} files in {} in {} ms",
        parts.join(", "),
        r.files,
        r.output.display(),
        r.elapsed.as_millis()
    );
    if let Some((at, change)) = &r.next_change {
        eprintln!(
            "Next change: rebuild at {at}: '{}' {}",
            change.title, change.event
        );
    }
}

fn print_error(e: &Error, opts: &BuildOptions) {
    match e {
        Error::Content(list) => {
            for d in &list.0 {
                eprintln!("error: {d}");
            }
            let n = list.0.len();
            eprintln!(
                "error: the build stopped with {n} problem{}; {} was not changed",
                if n == 1 { "" } else { "s" },
                opts.output.display()
            );
        }
        other => {
            eprintln!("error: {other}");
            eprintln!(
                "error: the build stopped; {} was not changed",
                opts.output.display()
            );
        }
    }
}
