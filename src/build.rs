//! The driver: runs the stages in order, keeps what a later [`rebuild`](crate::rebuild) needs,
//! and reports what it built.

use crate::config::{self, Config};
use crate::dates;
use crate::error::{Diagnostic, Error, Result};
use crate::graph::KeyContext;
use crate::lifecycle::NextChange;
use crate::output::{self, Staging};
use crate::page::{self, Page, PageKind};
use crate::plan::{self, Action, Plan, StaticFile};
use crate::rebuild::Change;
use crate::render::{self, Global, Renderer};
use crate::site::{self, Site};
use crate::source::{self, MISPLACED_FIX, SourceFile, SourceKind};
use crate::summary::Summaries;
use crate::theme::{self, Theme};
use jiff::Timestamp;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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

/// The result of a build: the model and plan it made, its report, and what a rebuild reuses.
#[derive(Debug)]
pub struct BuildState {
    /// How it was built.
    pub opts: BuildOptions,
    /// The site model.
    pub site: Site,
    /// Every output.
    pub plan: Plan,
    /// The theme used.
    pub theme: Theme,
    /// Page summaries.
    pub summaries: Summaries,
    /// The summary of the last full build.
    pub report: BuildReport,
    pub(crate) config_hash: u64,
    /// Every parsed Markdown file (drafts and scheduled ones too), by path under `content/`.
    pub(crate) pages: BTreeMap<String, Arc<Page>>,
    /// Content assets: path under `content/` → path under the root.
    pub(crate) assets: BTreeMap<String, PathBuf>,
    /// Per output, in plan order: the key it was rendered with and a hash of its bytes.
    pub(crate) outputs: Vec<(u64, u64)>,
    /// Changes of a failed rebuild, retried with the next one.
    pub(crate) pending: BTreeSet<Change>,
}

/// The assembled model of one build.
pub(crate) struct Model {
    pub site: Site,
    pub summaries: Summaries,
    pub plan: Plan,
    /// The shared template variables, made once for rendering and for output keys.
    pub globals: Vec<Global>,
}

/// Builds the site at `opts.root` into `opts.output`; on any error the output is untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildState> {
    let start = Instant::now();
    output::check(&opts.root, &opts.output, opts.force)?;
    let (config, config_hash) = load_config(opts)?;
    let now = clock(opts.now.as_deref(), &config)?;
    let theme = theme::load(&opts.root, &config)?;
    let (pages, assets) = scan_and_parse(&opts.root, &config)?;
    let model = assemble(config, &pages, &assets, &theme, now, opts.drafts, None)?;
    let keys = KeyContext::new(
        &model.site,
        &theme,
        &model.summaries,
        &model.globals,
        config_hash,
    )
    .keys(&model.plan);
    let staging = Staging::new(&opts.output)?;
    let renderer = Renderer::new(&model.site, &theme, &model.summaries, &model.globals);
    let produced: Vec<(u64, bool)> = model
        .plan
        .outputs
        .par_iter()
        .map(|o| {
            let bytes = produce(&renderer, &o.action)?;
            Ok((hash_bytes(&bytes), staging.put(&o.path, &bytes)?))
        })
        .collect::<Result<_>>()?;
    let changed: Vec<&str> = model
        .plan
        .outputs
        .iter()
        .zip(&produced)
        .filter(|(_, p)| p.1)
        .map(|(o, _)| o.path.as_str())
        .collect();
    let keep = model.plan.outputs.iter().map(|o| o.path.as_str()).collect();
    staging.commit(&changed, &keep)?;
    let hashes: Vec<u64> = produced.into_iter().map(|p| p.0).collect();
    let outputs = keys.into_iter().zip(hashes).collect();
    let report = report(&model.site, &model.plan, start.elapsed(), &opts.output);
    Ok(BuildState {
        opts: opts.clone(),
        site: model.site,
        plan: model.plan,
        theme,
        summaries: model.summaries,
        report,
        config_hash,
        pages,
        assets,
        outputs,
        pending: BTreeSet::new(),
    })
}

/// Reads `site.yaml` (with the `--base-url` override) and a hash identifying it.
pub(crate) fn load_config(opts: &BuildOptions) -> Result<(Config, u64)> {
    let mut config = config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let text = std::fs::read(opts.root.join(config::FILE_NAME)).unwrap_or_default();
    let mut h = DefaultHasher::new();
    (text, &opts.base_url, opts.drafts).hash(&mut h);
    Ok((config, h.finish()))
}

/// The bytes of one output.
pub(crate) fn produce(renderer: &Renderer, action: &Action) -> Result<Vec<u8>> {
    match action {
        Action::Render(r) => renderer.render(r),
        Action::Copy(from) => std::fs::read(from).map_err(|e| Error::io(from, e)),
        Action::Embedded(bytes) => Ok(bytes.to_vec()),
    }
}

/// A hash of output bytes, to skip rewriting identical files.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// What a rebuild may reuse from the previous build.
#[derive(Clone, Copy)]
pub(crate) struct Previous<'a> {
    pub site: &'a Site,
    pub summaries: &'a Summaries,
    /// The previous plan, when the static files are the same.
    pub plan: Option<&'a Plan>,
}

/// Assembles the site, summarises its pages and plans its outputs.
pub(crate) fn assemble(
    config: Config,
    pages: &BTreeMap<String, Arc<Page>>,
    assets: &BTreeMap<String, PathBuf>,
    theme: &Theme,
    now: Timestamp,
    drafts: bool,
    prev: Option<Previous>,
) -> Result<Model> {
    let all = pages.values().cloned().collect();
    let site =
        site::assemble(config, all, now, drafts, prev.map(|p| p.site)).map_err(Error::content)?;
    let summaries = Summaries::new(&site, prev.map(|p| p.summaries));
    let mut statics: Vec<StaticFile> = theme.statics.clone();
    statics.extend(assets.iter().map(|(rel, path)| {
        (
            rel.clone(),
            Action::Copy(path.clone()),
            path.display().to_string(),
        )
    }));
    // Same URLs and list lengths, same static files: the same outputs.
    let prev_plan = prev.and_then(|p| p.plan);
    let plan = match prev_plan.filter(|p| site.lists_reused || p.shape == plan::shape(&site)) {
        Some(plan) => plan.clone(),
        None => plan::plan(&site, statics).map_err(Error::content)?,
    };
    let globals = render::globals(&site, &summaries);
    Ok(Model {
        site,
        summaries,
        plan,
        globals,
    })
}

/// The build's `now`.
pub(crate) fn clock(now: Option<&str>, config: &Config) -> Result<Timestamp> {
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

/// Parsed pages and content assets, by path under `content/`.
pub(crate) type Sources = (BTreeMap<String, Arc<Page>>, BTreeMap<String, PathBuf>);

/// Walks `content/` and parses every Markdown file in parallel, collecting all problems.
pub(crate) fn scan_and_parse(root: &Path, config: &Config) -> Result<Sources> {
    let files = source::scan(root)?;
    parse_files(root, &files, config)
}

/// Parses the Markdown files among `files` and lists the assets, collecting all problems.
pub(crate) fn parse_files(root: &Path, files: &[SourceFile], config: &Config) -> Result<Sources> {
    let results: Vec<std::result::Result<Option<Page>, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|f| parse_one(root, f, config))
        .collect();
    let mut pages = BTreeMap::new();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(Some(p)) => {
                pages.insert(p.rel.clone(), Arc::new(p));
            }
            Ok(None) => {}
            Err(mut d) => problems.append(&mut d),
        }
    }
    if !problems.is_empty() {
        return Err(Error::content(problems));
    }
    let assets = files
        .iter()
        .filter(|f| f.kind == SourceKind::Asset)
        .map(|f| (f.rel.clone(), root.join(&f.path)))
        .collect();
    Ok((pages, assets))
}

/// Reads and parses one content file; assets and ignored files give `None`.
pub(crate) fn parse_one(
    root: &Path,
    f: &SourceFile,
    config: &Config,
) -> std::result::Result<Option<Page>, Vec<Diagnostic>> {
    match &f.kind {
        SourceKind::Lesson { .. } | SourceKind::Announcement | SourceKind::Page => {
            let full = root.join(&f.path);
            let bytes = std::fs::read(&full).map_err(|e| {
                vec![Diagnostic::new(
                    &f.path,
                    0,
                    0,
                    format!("cannot read the file: {e}"),
                    "check that it exists and that you may read it",
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
    }
}

pub(crate) fn report(site: &Site, plan: &Plan, elapsed: Duration, output: &Path) -> BuildReport {
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
