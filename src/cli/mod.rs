//! The command line: clap definitions turned into library options, and the printing of
//! results and errors. `init`, `new`, completions and the man page are in `scaffold.rs`.

mod scaffold;

use clap::{Args, Parser, Subcommand};
use safepress::Error;
use safepress::live::serve::{self, Live};
use safepress::live::watch::{self, Outcome, WatchOptions};
use safepress::pipeline::{self, BuildOptions, BuildReport};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Build safety publicity sites from Markdown lessons and announcements.
#[derive(Debug, Parser)]
#[command(name = "safepress", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of safepress's own messages [default: the site's language].
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    lang: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Build, then rebuild whenever a source file changes, until Ctrl-C.
    Watch(WatchArgs),
    /// Watch, and serve the site on this computer with live reload.
    Serve(ServeArgs),
    /// Check the site for every problem a build would find, and more, writing nothing.
    Check(scaffold::CheckArgs),
    /// Start a new site in a new or empty folder.
    Init(scaffold::InitArgs),
    /// Add a lesson, an announcement or a page.
    #[command(subcommand)]
    New(scaffold::NewCommand),
    /// Print shell completions: `safepress completions bash > /etc/bash_completion.d/safepress`.
    Completions(scaffold::CompletionsArgs),
    /// Print the manual page: `safepress man > /usr/local/share/man/man1/safepress.1`.
    Man,
}

#[derive(Debug, Args)]
struct SiteArgs {
    /// The site folder, holding site.yaml, content/ and themes/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site [default: <root>/public].
    #[arg(long)]
    output: Option<PathBuf>,
    /// Build drafts too.
    #[arg(long)]
    drafts: bool,
}

#[derive(Debug, Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
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
    /// Write every same-site link relative and ending in index.html, so the site opens from
    /// disk or a USB stick without a web server.
    #[arg(long)]
    portable: bool,
}

#[derive(Debug, Args)]
struct WatchArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Poll for changes instead of using the system's file events (network drives,
    /// containers, WSL).
    #[arg(long)]
    poll: bool,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    watch: WatchArgs,
    /// Port to serve on; the next free one is used if it is taken.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on. The default serves this computer only.
    #[arg(long, default_value = "127.0.0.1")]
    interface: IpAddr,
    /// Open the site in the web browser.
    #[arg(long)]
    open: bool,
}

pub(super) fn parse_now(text: &str) -> Result<String, String> {
    safepress::model::dates::parse(text, &jiff::tz::TimeZone::UTC)
        .map(|_| text.to_string())
        .map_err(|e| format!("{e}: {}", safepress::model::dates::DATE_FIX))
}

fn parse_base_url(text: &str) -> Result<String, String> {
    safepress::urls::Urls::parse(text, "")
        .map(|_| text.to_string())
        .map_err(|why| {
            format!("{why}; e.g. https://safety.example.gov or https://www.city.gov.cn/safety/")
        })
}

impl SiteArgs {
    fn options(self) -> BuildOptions {
        BuildOptions {
            output: self.output.unwrap_or_else(|| self.root.join("public")),
            root: self.root,
            drafts: self.drafts,
            now: None,
            base_url: None,
            force: false,
            portable: false,
            defer_search_index: false,
        }
    }
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => {
            let mut opts = args.site.options();
            opts.now = args.now;
            opts.base_url = args.base_url;
            opts.portable = args.portable;
            opts.force = args.force;
            match pipeline::build_once(&opts) {
                Ok(report) => {
                    print_report(&report);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    print_error(&e, &opts);
                    ExitCode::from(1)
                }
            }
        }
        Command::Watch(args) => {
            let (opts, watch) = watch_options(args);
            let stop = AtomicBool::new(false);
            finish(watch::run(&opts, &watch, &stop, |o| {
                print_outcome(o, &opts)
            }))
        }
        Command::Serve(args) => serve(args),
        Command::Check(args) => scaffold::check(args, cli.lang.as_deref()),
        Command::Init(args) => scaffold::init(args, cli.lang.as_deref()),
        Command::New(command) => scaffold::new(command, cli.lang.as_deref()),
        Command::Completions(args) => scaffold::completions(args),
        Command::Man => scaffold::man(),
    }
}

fn watch_options(args: WatchArgs) -> (BuildOptions, WatchOptions) {
    let watch = WatchOptions {
        poll: args.poll,
        ..WatchOptions::default()
    };
    (args.site.options(), watch)
}

fn finish(result: safepress::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let (opts, watch) = watch_options(args.watch);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return ExitCode::from(1);
        }
    };
    let live = Live::default();
    let (listener, addr) = match runtime.block_on(serve::bind(args.interface, args.port)) {
        Ok(bound) => bound,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    if args.port != 0 && addr.port() != args.port {
        eprintln!(
            "Port {} is taken; using {} instead.",
            args.port,
            addr.port()
        );
    }
    let url = format!("http://{addr}/");
    eprintln!(
        "Serving {} at {url} with live reload (Ctrl-C to stop)",
        opts.output.display()
    );
    if args.open {
        open_browser(&url);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (stop, live, opts) = (stop.clone(), live.clone(), opts.clone());
        std::thread::spawn(move || {
            watch::run(&opts, &watch, &stop, |o| {
                print_outcome(o, &opts);
                live.publish(o);
            })
        })
    };
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let served = runtime.block_on(serve::serve(listener, opts.output.clone(), live, shutdown));
    stop.store(true, Ordering::Relaxed);
    drop(watcher);
    finish(served)
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("Could not open a browser; visit {url}");
    }
}

fn print_report(r: &BuildReport) {
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    if !r.hidden.is_empty() {
        let n = r.hidden.len();
        eprintln!(
            "note: {} left out because a name in {} starts with `_` or `.`: {} — rename {} to publish {}",
            if n == 1 {
                "1 file is".to_string()
            } else {
                format!("{n} files are")
            },
            if n == 1 { "its path" } else { "their paths" },
            some_paths(&r.hidden),
            if n == 1 { "it" } else { "them" },
            if n == 1 { "it" } else { "them" },
        );
    }
    for dir in &r.leftovers {
        eprintln!(
            "note: removed {}, left by a build that was stopped",
            dir.display()
        );
    }
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

/// The first few of `paths`, and how many more.
fn some_paths(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 5;
    let mut text: Vec<String> = paths
        .iter()
        .take(SHOWN)
        .map(|p| p.display().to_string())
        .collect();
    if paths.len() > SHOWN {
        text.push(format!("and {} more", paths.len() - SHOWN));
    }
    text.join(", ")
}

fn print_outcome(outcome: &Outcome, opts: &BuildOptions) {
    match outcome {
        Outcome::Rebuilt(r) => {
            for w in &r.warnings {
                eprintln!("warning: {w}");
            }
            let what: Vec<String> = r.changes.iter().take(3).map(|c| c.to_string()).collect();
            let more = r.changes.len().saturating_sub(3);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            eprintln!(
                "Rebuilt after {}{more}: {} re-rendered, {} written, {} deleted in {} ms",
                what.join(", "),
                r.rendered,
                r.written,
                r.deleted,
                r.elapsed.as_millis()
            );
        }
        Outcome::Built(r) => print_report(r),
        Outcome::Failed(e) => {
            print_error(e, opts);
            eprintln!("Still watching: fix the problem and save.");
        }
        Outcome::Watching => eprintln!("Watching for changes (Ctrl-C to stop)"),
        Outcome::Indexed(i) => eprintln!(
            "Search index refreshed: {} pages in {} ms",
            i.pages,
            i.elapsed.as_millis()
        ),
        Outcome::IndexFailed(e) => {
            eprintln!("warning: {e}");
            eprintln!("warning: search still uses the previous index; the next save retries");
        }
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
        Error::Partial { .. } => {
            eprintln!("error: {e}");
            eprintln!(
                "error: the build stopped; {} holds part of it",
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
