//! What a build leaves behind: its options, its report, and the [`BuildState`] that a later
//! [`rebuild`](super::rebuild::rebuild) updates. This module owns the state's invariant: its
//! `stamps` line up with `plan.outputs`, and `pages`/`assets` are the sources the site was
//! assembled from.

use crate::error::Diagnostic;
use crate::model::lifecycle::NextChange;
use crate::model::page::Page;
use crate::model::site::Site;
use crate::pipeline::change::Change;
use crate::pipeline::keys::ReadTable;
use crate::pipeline::plan::Plan;
use crate::pipeline::progress::Progress;
use crate::render::summary::Summaries;
use crate::render::theme::Theme;

use std::collections::{BTreeMap, BTreeSet};

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

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
    /// Write same-site links relative and ending in `index.html`, so the output works when
    /// opened from disk.
    pub portable: bool,
    /// Leave the search index to a later [`BuildState::search_refresh`] (watch mode, where it
    /// runs in the background): the build keeps the index files already in the output.
    pub defer_search_index: bool,
    /// Where the build counts its progress, for a progress bar.
    pub progress: Progress,
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
            portable: false,
            defer_search_index: false,
            progress: Progress::default(),
        }
    }
}

/// What a build produced in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageCount {
    /// The language tag.
    pub lang: String,
    /// Lessons written in it.
    pub lessons: usize,
    /// Current announcements written in it.
    pub announcements: usize,
    /// Expired announcements written in it, in the archive.
    pub archived: usize,
    /// Plain pages written in it.
    pub pages: usize,
    /// Its tags.
    pub tags: usize,
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
    /// What the build did but should be looked at (a lesson whose poster overflows its
    /// page): the site is built all the same.
    pub warnings: Vec<Diagnostic>,
    /// The counts per site language, the main language first.
    pub languages: Vec<LanguageCount>,
    /// Markdown files left out because a name in their path starts with `_` or `.`.
    pub hidden: Vec<PathBuf>,
    /// Staging folders of killed builds, removed before this one.
    pub leftovers: Vec<PathBuf>,
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
    /// Per output, in plan order: what it was rendered from and what it produced.
    pub(crate) stamps: Vec<Stamp>,
    /// Per output, in plan order: the pages its key was made from (`None`: made every time).
    pub(crate) reads: ReadTable,
    /// What every key of the last build shared (see `KeyContext::setup`).
    pub(crate) key_setup: u64,
    /// Changes of a failed rebuild, retried with the next one.
    pub(crate) pending: BTreeSet<Change>,
    /// A rebuild failed while writing, so `stamps` may not match the files on disk.
    pub(crate) output_unknown: bool,
}

/// What one output was made from and what it came to, to tell next time whether it must be
/// rendered again and whether its file must be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The rebuild key it was rendered with.
    pub key: u64,
    /// A hash of its bytes.
    pub bytes: u64,
}
