//! The steps that full builds and rebuilds share: reading the configuration and the clock,
//! parsing content, assembling the model, producing one output's bytes.

use crate::error::{Diagnostic, Error, Result};
use crate::fs::FileSource;
use crate::model::bodies::Keep;
use crate::model::config::{self, Config};
use crate::model::dates;
use crate::model::page::{self, Page, PageKind};
use crate::model::site::{self, Site};
use crate::model::source::{self, SourceFile, SourceKind};
use crate::outputs::poster;
use crate::pipeline::keys::KeyContext;
use crate::pipeline::plan::{self, Action, Output, Plan};
use crate::pipeline::state::{BuildOptions, BuildReport, LanguageCount};
use crate::render::context::{Strings, View};
use crate::render::summary::Summaries;
use crate::render::theme::StaticFile;
use crate::render::theme::Theme;
use crate::render::{self, Globals, Renderer};
use crate::text;
use crate::write;
use jiff::Timestamp;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// The assembled model of one build.
pub(crate) struct Model {
    pub site: Site,
    pub summaries: Summaries,
    pub plan: Plan,
    /// UI strings per language, as template values.
    pub strings: Strings,
    /// The shared template variables per language, made once for rendering and for output
    /// keys.
    pub globals: Globals,
}

impl Model {
    /// What contexts are built from.
    pub fn view(&self) -> View<'_> {
        View {
            site: &self.site,
            summaries: &self.summaries,
            strings: &self.strings,
            shape: self.plan.shape,
        }
    }

    /// The renderer of this model's outputs with `theme`.
    pub fn renderer<'a>(&'a self, theme: &'a Theme) -> Renderer<'a> {
        Renderer::new(
            theme,
            &self.strings,
            &self.globals,
            &self.site.config.language,
        )
    }

    /// What makes the rebuild keys of this model's outputs.
    pub fn key_context<'a>(&'a self, theme: &'a Theme, config_hash: u64) -> KeyContext<'a> {
        KeyContext::new(self.view(), theme, &self.globals, config_hash)
    }
}

/// Reads `site.yaml` (with the `--base-url` override) and a hash identifying it.
pub(crate) fn load_config(opts: &BuildOptions) -> Result<(Config, u64)> {
    let mut config = config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url);
    }
    let text = std::fs::read(opts.root.join(config::FILE_NAME)).unwrap_or_default();
    let mut h = DefaultHasher::new();
    (text, &opts.base_url, opts.drafts, opts.portable).hash(&mut h);
    Ok((config, h.finish()))
}

/// The bytes of one output; `portable` writes its same-site links relative to it.
pub(crate) fn produce(
    renderer: &Renderer,
    view: &View,
    output: &Output,
    portable: bool,
) -> Result<Vec<u8>> {
    match &output.action {
        Action::Render(r) => {
            let ctx = r.context(view);
            let bytes = renderer.render(r.spec(view.site).template, ctx.lang(), &ctx)?;
            if portable && output.path.ends_with(".html") {
                write::portable::relative_links(&view.site.config.urls, &output.path, &bytes)
            } else {
                Ok(bytes)
            }
        }
        Action::File(source) if output.path.ends_with(".css") => {
            Ok(write::minify::css(&source.read()?))
        }
        Action::File(source) if output.path.ends_with(".js") => {
            Ok(write::minify::js(&source.read()?))
        }
        Action::File(source) => source.read(),
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

/// How a site is assembled.
#[derive(Clone, Copy)]
pub(crate) struct Assembly {
    /// Whether drafts are published.
    pub drafts: bool,
    /// Whether bodies are kept for the next build.
    pub keep: Keep,
}

/// Assembles the site, summarises its pages and plans its outputs.
pub(crate) fn assemble(
    config: Config,
    all: Vec<Arc<Page>>,
    assets: &BTreeMap<String, PathBuf>,
    theme: &Theme,
    now: Timestamp,
    how: Assembly,
    prev: Option<Previous>,
) -> Result<Model> {
    let Assembly { drafts, keep } = how;
    let labels = config
        .langs()
        .map(|lang| Ok((lang.to_string(), theme.labels(lang)?)))
        .collect::<Result<_>>()?;
    let site = site::assemble(config, all, now, drafts, labels, prev.map(|p| p.site), keep)
        .map_err(Error::content)?;
    let words = theme.date_words(&site.config)?;
    let summaries = Summaries::new(&site, &words, prev.map(|p| p.summaries));
    let mut statics: Vec<StaticFile> = theme.statics.clone();
    statics.extend(assets.iter().map(|(rel, path)| {
        (
            rel.clone(),
            FileSource::Copy(path.clone()),
            path.display().to_string(),
        )
    }));
    // Same URLs and list lengths, same static files: the same outputs.
    let prev_plan = prev.and_then(|p| p.plan);
    let plan = match prev_plan.filter(|p| site.lists_reused || p.shape == plan::shape(&site)) {
        Some(plan) => plan.clone(),
        None => plan::plan(&site, statics).map_err(Error::content)?,
    };
    let strings = render::strings(&site, theme);
    let view = View {
        site: &site,
        summaries: &summaries,
        strings: &strings,
        shape: plan.shape,
    };
    let globals = site
        .config
        .langs()
        .map(|lang| (lang.to_string(), render::globals(&view, &theme.icons, lang)))
        .collect();
    Ok(Model {
        site,
        summaries,
        plan,
        strings,
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
                dates::date_fix(),
            )])
        }),
    }
}

/// Parsed pages and content assets, by path under `content/`.
pub(crate) type Sources = (BTreeMap<String, Arc<Page>>, BTreeMap<String, PathBuf>);

/// Walks `content/` and parses every Markdown file in parallel, collecting all problems; also
/// gives the Markdown files left out by a hidden name (see [`source::Scan`]).
pub(crate) fn scan_and_parse(root: &Path, config: &Config) -> Result<(Sources, Vec<PathBuf>)> {
    let scan = source::scan(root)?;
    Ok((parse_files(root, &scan.files, config)?, scan.hidden))
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
    read_and_parse(root, f, config).map(|read| read.map(|(page, _)| page))
}

/// Reads and parses one content file, giving the page with the text it was read from;
/// assets and ignored files give `None`.
pub(crate) fn read_and_parse(
    root: &Path,
    f: &SourceFile,
    config: &Config,
) -> std::result::Result<Option<(Page, String)>, Vec<Diagnostic>> {
    match &f.kind {
        SourceKind::Lesson { .. } | SourceKind::Announcement | SourceKind::Page => {
            let full = root.join(&f.path);
            let bytes = std::fs::read(&full).map_err(|e| {
                vec![Diagnostic::new(
                    &f.path,
                    0,
                    0,
                    text!("steps.unreadable", why = crate::error::io_reason(&e)),
                    text!("steps.unreadable_fix"),
                )]
            })?;
            let text = String::from_utf8(bytes).map_err(|_| {
                vec![Diagnostic::new(
                    &f.path,
                    0,
                    0,
                    text!("steps.not_utf8"),
                    text!("steps.not_utf8_fix"),
                )]
            })?;
            page::parse(f, &text, config).map(|page| Some((page, text)))
        }
        SourceKind::Misplaced => Err(vec![Diagnostic::new(
            &f.path,
            0,
            0,
            text!("steps.misplaced"),
            text!("steps.misplaced_fix"),
        )]),
        SourceKind::Asset | SourceKind::Ignored => Ok(None),
    }
}

/// The summary of a finished build that began at `start`.
pub(crate) fn report(site: &Site, plan: &Plan, start: Instant, output: &Path) -> BuildReport {
    let warnings = poster::warnings(site);
    let count = |k: PageKind| site.pages.iter().filter(|p| p.kind == k).count();
    let expired = (0..site.pages.len())
        .filter(|&i| site.pages[i].kind == PageKind::Announcement && site.is_expired(i))
        .count();
    BuildReport {
        lessons: count(PageKind::Lesson),
        announcements: count(PageKind::Announcement) - expired,
        archived: expired,
        scheduled: site.skipped.scheduled,
        drafts: site.skipped.drafts,
        pages: count(PageKind::Page),
        tags: site.lists.iter().map(|l| l.tags.len()).sum(),
        files: plan.outputs.len(),
        elapsed: start.elapsed(),
        output: output.to_path_buf(),
        next_change: site
            .next_change
            .clone()
            .map(|n| (dates::moment(n.at, &site.config.timezone), n)),
        warnings,
        languages: site
            .config
            .langs()
            .enumerate()
            .map(|(k, lang)| {
                let mine = || {
                    site.pages
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.lang == lang)
                };
                let of = |kind: PageKind| mine().filter(|(_, p)| p.kind == kind).count();
                let archived = mine()
                    .filter(|&(i, p)| p.kind == PageKind::Announcement && site.is_expired(i))
                    .count();
                LanguageCount {
                    lang: lang.to_string(),
                    lessons: of(PageKind::Lesson),
                    announcements: of(PageKind::Announcement) - archived,
                    archived,
                    pages: of(PageKind::Page),
                    tags: site.lists.get(k).map_or(0, |l| l.tags.len()),
                }
            })
            .collect(),
        hidden: Vec::new(),
        leftovers: Vec::new(),
    }
}
