//! `safepress check`: every problem a build would find, and what it would let through but
//! residents or staff should not meet (see [`lint`]), without writing anything.

pub mod external;
pub mod lint;

use crate::error::{Diagnostic, Error, Result};
use crate::model::page::Page;
use crate::model::source;
use crate::pipeline::state::BuildOptions;
use crate::pipeline::{dry, steps};
use crate::render::theme;
use crate::text;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// What to check and how.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Check drafts too.
    pub drafts: bool,
    /// Check as of this moment (the `--now` syntax); else now.
    pub now: Option<String>,
    /// Ask other sites whether the links to them answer, within these limits.
    pub external: Option<external::Limits>,
}

/// What a check found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every problem, sorted by file and line.
    pub problems: Vec<Diagnostic>,
    /// What a build would warn of but publish all the same (a poster too long for its page).
    pub warnings: Vec<Diagnostic>,
    /// Content files checked.
    pub files: usize,
    /// Addresses on other sites asked (with `external`).
    pub links: usize,
}

/// Checks the site: content problems are the report's; only what stops the check itself (a
/// file that cannot be read, a bug) is an error.
pub fn run(opts: &CheckOptions) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    match check(opts, &mut report) {
        Ok(()) => {}
        Err(Error::Content(list)) => report.problems.extend(list.0),
        Err(e) => return Err(e),
    }
    report.problems.sort();
    report.problems.dedup();
    Ok(report)
}

fn check(opts: &CheckOptions, report: &mut CheckReport) -> Result<()> {
    let build = BuildOptions {
        output: opts.root.join("public"),
        root: opts.root.clone(),
        drafts: opts.drafts,
        now: opts.now.clone(),
        base_url: None,
        force: false,
        portable: false,
        defer_search_index: false,
        progress: Default::default(),
    };
    let (config, _) = steps::load_config(&build)?;
    // Where a build writes by default, a build would refuse to: said now, as a warning (the
    // site may be built elsewhere, with --output).
    match crate::write::check(&build.root, &build.output, false) {
        Ok(()) => {}
        Err(crate::Error::Output { path, message, fix }) => {
            let path = path.strip_prefix(&opts.root).unwrap_or(&path).to_path_buf();
            report
                .warnings
                .push(Diagnostic::new(path, 0, 0, message, fix));
        }
        Err(e) => return Err(e),
    }
    let now = steps::clock(opts.now.as_deref(), &config)?;
    let theme = theme::load(&opts.root, &config)?;
    let scan = source::scan(&opts.root)?;
    let parsed: Vec<_> = scan
        .files
        .par_iter()
        .map(|f| steps::read_and_parse(&opts.root, f, &config))
        .collect();
    let mut pages = Vec::new();
    // Each page's text, read once, for the lints.
    let mut texts: HashMap<PathBuf, String> = HashMap::new();
    for result in parsed {
        match result {
            Ok(Some((page, text))) => {
                texts.insert(page.source.clone(), text);
                pages.push(Arc::new(page));
            }
            Ok(None) => {}
            Err(problems) => report.problems.extend(problems),
        }
    }
    // The model takes pages in path order, as a build reads them (the walk's order differs:
    // `a/b.md` comes before `a-c.md` there).
    pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    report.files = pages.len();
    // A build stops at the first stage with problems: assembly, planning and rendering are
    // only checked when every file parsed.
    let parsed_cleanly = report.problems.is_empty();
    let assets: BTreeMap<String, PathBuf> = scan
        .files
        .iter()
        .filter(|f| f.kind == source::SourceKind::Asset)
        .map(|f| (f.rel.clone(), opts.root.join(&f.path)))
        .collect();
    let files: HashSet<String> = theme
        .statics
        .iter()
        .map(|(path, _, _)| path.clone())
        .chain(assets.keys().cloned())
        .collect();
    let checked = || pages.iter().filter(|p| opts.drafts || !p.draft);
    let spellings = lint::spellings(checked().map(|p| &**p));
    let cx = lint::Context {
        config: &config,
        files: &files,
        now,
        spellings: &spellings,
    };
    let checked: Vec<&Arc<Page>> = checked().collect();
    let linted: Vec<_> = checked
        .par_iter()
        .map(|p| lint::page(&cx, p, texts.get(&p.source).map_or("", String::as_str)))
        .collect();
    let mut links = Vec::new();
    for (problems, found) in linted {
        report.problems.extend(problems);
        links.extend(found);
    }
    if let Some(limits) = opts.external {
        let failures = external::check(&links, limits);
        report.links = links
            .iter()
            .map(|l| external::address(&l.url))
            .collect::<HashSet<_>>()
            .len();
        for link in &links {
            let Some(failure) = failures.get(external::address(&link.url)) else {
                continue;
            };
            let (message, fix) = match failure {
                external::Failure::Status(status) => (
                    text!("check.link_status", url = link.url, status = status),
                    text!("check.link_fix"),
                ),
                external::Failure::Unreachable(why) => (
                    text!("check.link_unreachable", url = link.url, why = why),
                    text!("check.link_fix"),
                ),
                external::Failure::Refused(status) => {
                    // Not known to be broken: said, but the check passes.
                    report.warnings.push(Diagnostic::new(
                        &link.path,
                        link.line,
                        0,
                        text!("check.link_turned_away", url = link.url, status = status),
                        text!("check.link_turned_away_fix"),
                    ));
                    continue;
                }
            };
            report
                .problems
                .push(Diagnostic::new(&link.path, link.line, 0, message, fix));
        }
    }
    if parsed_cleanly {
        let built = dry::render_all(config.clone(), pages, &assets, &theme, now, opts.drafts)?;
        report.warnings.extend(built);
    }
    Ok(())
}
