//! `safepress check`, `safepress init`, `safepress new`, shell completions and the man page.

use super::Cli;
use clap::{Args, CommandFactory, Subcommand};
use clap_complete::Shell;
use safepress::messages::Language;
use safepress::msg;
use safepress::scaffold::{self, new};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::report::Printer;

#[derive(Debug, Args)]
pub(super) struct InitArgs {
    /// The folder to make the site in; it must be new or empty.
    pub(super) dir: PathBuf,
    /// The site's main language, which its example files are written in.
    #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
    pub(super) language: String,
}

#[derive(Debug, Subcommand)]
pub(super) enum NewCommand {
    /// A lesson in a category: `safepress new lesson --category fire "如何使用灭火器"`.
    Lesson {
        /// The category id, a folder under content/lessons/ (fire, traffic, …).
        #[arg(long)]
        category: String,
        #[command(flatten)]
        common: NewArgs,
    },
    /// An announcement: `safepress new announcement --level orange --expires 2026-07-01 "台风橙色预警"`.
    Announcement {
        /// Warning level: blue, yellow, orange or red.
        #[arg(long)]
        level: Option<String>,
        /// How pressing it is: info, warning or urgent (shown in a banner on every page).
        #[arg(long)]
        urgency: Option<String>,
        /// When it expires: YYYY-MM-DD, YYYY-MM-DDTHH:MM, or RFC 3339 with an offset.
        #[arg(long)]
        expires: Option<String>,
        /// A related lesson category id.
        #[arg(long)]
        category: Option<String>,
        #[command(flatten)]
        common: NewArgs,
    },
    /// A plain page, such as "about" or "contact".
    Page {
        #[command(flatten)]
        common: NewArgs,
    },
}

impl NewCommand {
    /// The site folder the new file goes in.
    pub(super) fn root(&self) -> &Path {
        match self {
            NewCommand::Lesson { common, .. }
            | NewCommand::Announcement { common, .. }
            | NewCommand::Page { common } => &common.root,
        }
    }
}

#[derive(Debug, Args)]
pub(super) struct NewArgs {
    /// The title, in quotes.
    title: String,
    /// The name in the file's name and address [default: made from the title].
    #[arg(long)]
    slug: Option<String>,
    /// Write the translation in this site language (a `<slug>.<lang>.md` file).
    #[arg(long)]
    translation: Option<String>,
    /// The site folder, holding site.yaml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// The site folder, holding site.yaml.
    #[arg(long, default_value = ".")]
    pub(super) root: PathBuf,
    /// Check drafts too.
    #[arg(long)]
    drafts: bool,
    /// Check as if it were this moment (the syntax of `build --now`).
    #[arg(long, value_parser = super::parse_now)]
    now: Option<String>,
    /// Also ask other sites whether the links to them still answer.
    #[arg(long)]
    external: bool,
    /// With --external: the longest wait for one address, in seconds.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    timeout: u64,
    /// With --external: how many addresses are asked at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=64))]
    concurrency: u64,
}

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// The shell.
    #[arg(value_parser = ["bash", "zsh", "fish"])]
    shell: String,
}

/// The language messages are in: `--lang`, else the site's (`site` when known), else the
/// system's (Chinese when `LANG` says so).
pub(super) fn ui_language(lang: Option<&str>, site: Option<&str>) -> Language {
    if let Some(tag) = lang.or(site) {
        return Language::of_tag(tag);
    }
    let system = std::env::var("LC_ALL")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var("LANG").ok())
        .unwrap_or_default();
    Language::of_tag(&system)
}

/// A path as a shell argument: quoted when it holds anything but plain characters.
fn shell_arg(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | ':' | '\\'));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

pub(super) fn check(args: CheckArgs, out: &Printer) -> ExitCode {
    let ui = out.ui;
    let opts = safepress::check::CheckOptions {
        root: args.root,
        drafts: args.drafts,
        now: args.now,
        external: args.external.then(|| safepress::check::external::Limits {
            concurrency: usize::try_from(args.concurrency).unwrap_or(8),
            timeout: std::time::Duration::from_secs(args.timeout),
        }),
    };
    let report = match safepress::check::run(&opts) {
        Ok(report) => report,
        Err(e) => {
            out.failure(&e);
            return ExitCode::from(1);
        }
    };
    for warning in &report.warnings {
        out.print(true, warning);
    }
    if !report.problems.is_empty() {
        for problem in &report.problems {
            out.print(false, problem);
        }
        let count = out.count("count.problem", report.problems.len());
        eprintln!("{}", msg!(ui, "check.found", problems = count));
        return ExitCode::from(1);
    }
    if !out.quiet {
        let files = out.count("count.file", report.files);
        match args.external && report.links > 0 {
            true => {
                let links = out.count("count.link", report.links);
                eprintln!(
                    "{}",
                    msg!(ui, "check.clean_links", files = files, links = links)
                );
            }
            false => eprintln!("{}", msg!(ui, "check.clean", files = files)),
        }
    }
    ExitCode::SUCCESS
}

pub(super) fn init(args: InitArgs, out: &Printer) -> ExitCode {
    let site = Language::of_tag(&args.language);
    let ui = out.ui;
    match scaffold::init(&args.dir, site, jiff::Timestamp::now()) {
        Ok(files) => {
            if out.quiet {
                return ExitCode::SUCCESS;
            }
            let dir = shell_arg(&args.dir);
            println!("{}", msg!(ui, "init.created", dir = args.dir.display()));
            for file in files {
                println!("  {}", file.display());
            }
            println!();
            println!("{}", msg!(ui, "init.next"));
            println!("  safepress serve --root {dir} --open");
            println!("      {}", msg!(ui, "init.serve"));
            // The example title goes into the site: in its language.
            println!(
                "  safepress new lesson --root {dir} --category fire \"{}\"",
                msg!(site, "init.title_example")
            );
            println!("      {}", msg!(ui, "init.new"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            out.failure(&e);
            ExitCode::from(1)
        }
    }
}

pub(super) fn new(command: NewCommand, out: &Printer) -> ExitCode {
    let (kind, common) = match command {
        NewCommand::Lesson { category, common } => (new::Kind::Lesson { category }, common),
        NewCommand::Announcement {
            level,
            urgency,
            expires,
            category,
            common,
        } => (
            new::Kind::Announcement {
                level,
                urgency,
                expires,
                category,
            },
            common,
        ),
        NewCommand::Page { common } => (new::Kind::Page, common),
    };
    let request = new::Request {
        kind,
        title: common.title,
        slug: common.slug,
        translation: common.translation,
    };
    let ui = out.ui;
    let created = safepress::model::config::load(&common.root)
        .and_then(|config| new::create(&common.root, &config, &request, jiff::Timestamp::now()));
    match created {
        Ok(created) => {
            if out.quiet {
                return ExitCode::SUCCESS;
            }
            let path = match common.root.as_os_str() == "." {
                true => created.path.clone(),
                false => common.root.join(&created.path),
            };
            println!("{}", msg!(ui, "new.created", path = path.display()));
            let url = percent_encoding::percent_decode_str(&created.url).decode_utf8_lossy();
            println!("{}", msg!(ui, "new.url", url = url));
            println!("{}", msg!(ui, "new.next"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            out.failure(&e);
            ExitCode::from(1)
        }
    }
}

pub(super) fn completions(args: CompletionsArgs) -> ExitCode {
    let shell = match args.shell.as_str() {
        "bash" => Shell::Bash,
        "zsh" => Shell::Zsh,
        _ => Shell::Fish,
    };
    clap_complete::generate(
        shell,
        &mut Cli::command(),
        "safepress",
        &mut std::io::stdout(),
    );
    ExitCode::SUCCESS
}

pub(super) fn man() -> ExitCode {
    let page = clap_mangen::Man::new(Cli::command());
    match page.render(&mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let ui = super::help::process_language();
            eprintln!("{}{e}", msg!(ui, "error"));
            ExitCode::from(1)
        }
    }
}
