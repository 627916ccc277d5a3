//! The command line: clap definitions turned into library options, and the printing of
//! results and errors. `check`, `init`, `new`, completions and the man page are in
//! `scaffold.rs`; what is printed, and how, in `report.rs`.

mod help;
mod report;
mod scaffold;

use clap::{Args, FromArgMatches, Parser, Subcommand};
use report::Printer;
use safepress::live::serve::{self, Live};
use safepress::live::watch::{self, WatchOptions};
use safepress::msg;
use safepress::pipeline::{self, BuildOptions};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
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
    #[arg(long, global = true, env = "SAFEPRESS_LANG", value_parser = ["zh", "en"])]
    lang: Option<String>,
    /// Print only problems and warnings.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print every detail: counts per language, every file left out, every file a rebuild wrote.
    #[arg(long, short, global = true)]
    verbose: bool,
    /// How problems are shown: `human` quotes the line with a caret under the spot; `short`
    /// is one line each, `path:line:column: what — fix` (for editors and scripts).
    #[arg(long, global = true, env = "SAFEPRESS_MESSAGE_FORMAT", default_value = "human", value_parser = ["human", "short"])]
    message_format: String,
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
        .map_err(|e| {
            let ui = help::process_language();
            format!(
                "{} — {}",
                e.render(ui),
                safepress::model::dates::date_fix().render(ui)
            )
        })
}

fn parse_base_url(text: &str) -> Result<String, String> {
    safepress::urls::Urls::parse(text, "")
        .map(|_| text.to_string())
        .map_err(|why| {
            let ui = help::process_language();
            format!(
                "{} — {}",
                why.render(ui),
                safepress::text!("config.base_url_fix").render(ui)
            )
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
            progress: Default::default(),
        }
    }
}

/// What to print and how, for the site at `root`: in `--lang`'s language, else the site's,
/// else the system's.
fn printer(cli: &Cli, root: &Path) -> Printer {
    // A site.yaml with a problem still says its language on its `language:` line: its
    // problems are told in it.
    let site = safepress::model::config::load(root)
        .map(|c| c.language)
        .ok()
        .or_else(|| written_language(root));
    Printer {
        ui: scaffold::ui_language(cli.lang.as_deref(), site.as_deref()),
        color: report::color_wanted(),
        quiet: cli.quiet,
        verbose: cli.verbose,
        short: cli.message_format == "short",
        root: root.to_path_buf(),
    }
}

/// The value of the top-level `language:` line of the site's `site.yaml`, as written.
fn written_language(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(safepress::model::config::FILE_NAME)).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("language:"))
        .map(|v| {
            let v = v.split('#').next().unwrap_or(v).trim();
            v.trim_matches(['"', '\'']).to_string()
        })
        .filter(|v| !v.is_empty())
}

/// The command line of this process, with its help in the language asked for (`--lang`,
/// `SAFEPRESS_LANG`, the system's).
pub fn parse() -> Cli {
    let ui = help::process_language();
    let matches = help::command(ui)
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    match matches {
        Ok(cli) => cli,
        Err(e) => match help::usage_error(&e, ui) {
            Some(said) => {
                eprintln!("{said}");
                std::process::exit(2);
            }
            None => e.exit(),
        },
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let lang = cli.lang.clone();
    match cli.command {
        Command::Build(ref args) => {
            let out = printer(&cli, &args.site.root);
            let Command::Build(args) = cli.command else {
                return ExitCode::from(2);
            };
            let mut opts = args.site.options();
            opts.now = args.now;
            opts.base_url = args.base_url;
            opts.portable = args.portable;
            opts.force = args.force;
            let bar = out.progress(&opts.progress);
            let built = pipeline::build_once(&opts);
            drop(bar);
            match built {
                Ok(report) => {
                    out.report(&report);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    out.error(&e, &opts.output);
                    ExitCode::from(1)
                }
            }
        }
        Command::Watch(ref args) => {
            let out = printer(&cli, &args.site.root);
            let Command::Watch(args) = cli.command else {
                return ExitCode::from(2);
            };
            let (opts, watch) = watch_options(args);
            let stop = AtomicBool::new(false);
            finish(
                &out,
                watch::run(&opts, &watch, &stop, |o| out.outcome(o, &opts.output)),
            )
        }
        Command::Serve(ref args) => {
            let out = printer(&cli, &args.watch.site.root);
            let Command::Serve(args) = cli.command else {
                return ExitCode::from(2);
            };
            serve(args, out)
        }
        Command::Check(ref args) => {
            let out = printer(&cli, &args.root);
            let Command::Check(args) = cli.command else {
                return ExitCode::from(2);
            };
            scaffold::check(args, &out)
        }
        Command::Init(ref args) => {
            let mut out = printer(&cli, &args.dir);
            // The folder holds no site yet: the language asked for it is the site's.
            out.ui = scaffold::ui_language(lang.as_deref(), Some(&args.language));
            let Command::Init(args) = cli.command else {
                return ExitCode::from(2);
            };
            scaffold::init(args, &out)
        }
        Command::New(ref command) => {
            let out = printer(&cli, command.root());
            let Command::New(command) = cli.command else {
                return ExitCode::from(2);
            };
            scaffold::new(command, &out)
        }
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

fn finish(out: &Printer, result: safepress::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out.failure(&e);
            ExitCode::from(1)
        }
    }
}

fn serve(args: ServeArgs, out: Printer) -> ExitCode {
    let (opts, watch) = watch_options(args.watch);
    let ui = out.ui;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "{}{}",
                msg!(ui, "error"),
                msg!(ui, "serve.no_runtime", why = e)
            );
            return ExitCode::from(1);
        }
    };
    let live = Live::new(ui);
    let (listener, addr) = match runtime.block_on(serve::bind(args.interface, args.port)) {
        Ok(bound) => bound,
        Err(e) => {
            eprintln!("{}{}", msg!(ui, "error"), e.render(ui));
            return ExitCode::from(1);
        }
    };
    if args.port != 0 && addr.port() != args.port {
        eprintln!(
            "{}",
            msg!(
                ui,
                "serve.port_taken",
                port = args.port,
                instead = addr.port()
            )
        );
    }
    let url = format!("http://{addr}/");
    eprintln!(
        "{}",
        msg!(
            ui,
            "serve.serving",
            output = opts.output.display(),
            url = url
        )
    );
    if args.open {
        open_browser(&url, ui);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (stop, live, opts, out) = (stop.clone(), live.clone(), opts.clone(), out.clone());
        std::thread::spawn(move || {
            watch::run(&opts, &watch, &stop, |o| {
                out.outcome(o, &opts.output);
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
    finish(&out, served)
}

fn open_browser(url: &str, ui: safepress::messages::Language) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("{}", msg!(ui, "serve.no_browser", url = url));
    }
}
