//! The driver: runs the stages in order and reports what it built.

use crate::config::{self, Config};
use crate::error::{Diagnostic, Error, Result};
use crate::lifecycle::NextChange;
use crate::output::{self, Staging};
use crate::page::{self, Page, PageKind};
use crate::plan::{self, Action, Plan, StaticFile};
use crate::render::Renderer;
use crate::site::{self, Site};
use crate::source::{self, MISPLACED_FIX, SourceFile, SourceKind};
use crate::theme::{self, Theme};
use crate::{dates, fs};
use jiff::Timestamp;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `site.yaml`).
    pub root: PathBuf,
    /// The output folder.
    pub output: PathBuf,
    /// Build drafts too.
    pub drafts: bool,
    /// The build's clock: a date or date-time, read in the site time zone when it has no
    /// offset. `None` is the real time.
    pub now: Option<String>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Replace a non-empty output folder that safepress did not create.
    pub force: bool,
}

impl BuildOptions {
    /// Options for building the site at `root` into `root/public`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            drafts: false,
            now: None,
            base_url: None,
            force: false,
        }
    }
}

/// What a build produced, for the closing summary.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Lessons built (all languages).
    pub lessons: usize,
    /// Current announcements.
    pub announcements: usize,
    /// Expired announcements in the archive.
    pub archived: usize,
    /// Announcements scheduled for later (not built).
    pub scheduled: usize,
    /// Drafts left out.
    pub drafts: usize,
    /// Plain pages.
    pub pages: usize,
    /// Tags.
    pub tags: usize,
    /// Files in the output.
    pub files: usize,
    /// Wall time of the build.
    pub elapsed: Duration,
    /// Where the site was written.
    pub output: PathBuf,
    /// The next moment the site changes by itself, formatted in the site time zone.
    pub next_change: Option<(String, NextChange)>,
}

/// The result of a build: the model and plan it made, and its report.
#[derive(Debug)]
pub struct BuildState {
    /// The site model.
    pub site: Site,
    /// Every output.
    pub plan: Plan,
    /// The theme used.
    pub theme: Theme,
    /// The summary.
    pub report: BuildReport,
}

/// Builds the site at `opts.root` into `opts.output`; on any error the output is untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildState> {
    let start = Instant::now();
    output::check(&opts.root, &opts.output, opts.force)?;
    let mut config = config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let now = clock(opts.now.as_deref(), &config)?;
    let theme = theme::load(&opts.root, &config)?;
    let files = source::scan(&opts.root)?;
    let pages = parse_all(&opts.root, &files, &config)?;
    let pages = pages.into_iter().map(std::sync::Arc::new).collect();
    let site = site::assemble(config, pages, now, opts.drafts, None).map_err(Error::content)?;
    let mut statics: Vec<StaticFile> = theme.statics.clone();
    statics.extend(
        files
            .iter()
            .filter(|f| f.kind == SourceKind::Asset)
            .map(|f| {
                (
                    f.rel.clone(),
                    Action::Copy(opts.root.join(&f.path)),
                    f.path.display().to_string(),
                )
            }),
    );
    let plan = plan::plan(&site, statics).map_err(Error::content)?;
    let staging = Staging::new(&opts.output)?;
    write_all(&site, &theme, &plan, staging.path())?;
    staging.commit()?;
    let report = report(&site, &plan, start.elapsed(), &opts.output);
    Ok(BuildState {
        site,
        plan,
        theme,
        report,
    })
}

/// The build's `now`.
fn clock(now: Option<&str>, config: &Config) -> Result<Timestamp> {
    match now {
        None => Ok(Timestamp::now()),
        Some(text) => dates::parse(text, &config.timezone).map_err(|message| {
            Error::content(vec![Diagnostic::new(
                "--now",
                0,
                0,
                message,
                dates::DATE_FIX,
            )])
        }),
    }
}

/// Reads and parses every Markdown file in parallel, collecting all problems.
fn parse_all(root: &Path, files: &[SourceFile], config: &Config) -> Result<Vec<Page>> {
    let results: Vec<std::result::Result<Option<Page>, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|f| match &f.kind {
            SourceKind::Lesson { .. } | SourceKind::Announcement | SourceKind::Page => {
                let full = root.join(&f.path);
                let bytes = std::fs::read(&full).map_err(|e| {
                    vec![Diagnostic::new(
                        &f.path,
                        0,
                        0,
                        format!("cannot read the file: {e}"),
                        "check its permissions",
                    )]
                })?;
                let text = String::from_utf8(bytes).map_err(|_| {
                    vec![Diagnostic::new(
                        &f.path,
                        0,
                        0,
                        "the file is not UTF-8 text",
                        "save it as UTF-8 in your editor",
                    )]
                })?;
                page::parse(f, &text, config).map(Some)
            }
            SourceKind::Misplaced => Err(vec![Diagnostic::new(
                &f.path,
                1,
                1,
                "this Markdown file is not in a content folder",
                MISPLACED_FIX,
            )]),
            SourceKind::Asset | SourceKind::Ignored => Ok(None),
        })
        .collect();
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => {}
            Err(mut d) => problems.append(&mut d),
        }
    }
    if problems.is_empty() {
        Ok(pages)
    } else {
        Err(Error::content(problems))
    }
}

/// Renders and writes every planned output under `dir`, in parallel.
fn write_all(site: &Site, theme: &Theme, plan: &Plan, dir: &Path) -> Result<()> {
    let summaries = crate::summary::Summaries::new(site, None);
    let renderer = Renderer::new(site, theme, &summaries);
    plan.outputs.par_iter().try_for_each(|o| {
        let target = dir.join(&o.path);
        match &o.action {
            Action::Render(r) => fs::write_if_changed(&target, &renderer.render(r)?),
            Action::Copy(from) => fs::copy_if_changed(from, &target),
            Action::Embedded(bytes) => fs::write_if_changed(&target, bytes),
        }
        .map(|_| ())
    })
}

fn report(site: &Site, plan: &Plan, elapsed: Duration, output: &Path) -> BuildReport {
    let count = |k: PageKind| site.pages.iter().filter(|p| p.kind == k).count();
    BuildReport {
        lessons: count(PageKind::Lesson),
        announcements: site.current.len(),
        archived: site.archived.len(),
        scheduled: site.skipped.scheduled,
        drafts: site.skipped.drafts,
        pages: count(PageKind::Page),
        tags: site.tags.len(),
        files: plan.outputs.len(),
        elapsed,
        output: output.to_path_buf(),
        next_change: site
            .next_change
            .clone()
            .map(|n| (dates::moment(n.at, &site.config.timezone), n)),
    }
}
