//! Watch mode: file-system events become [`Change`] values, bursts are coalesced, and each
//! batch goes through the library's [`rebuild`]. A failed rebuild is reported and watching
//! goes on; the next event (or the fix) retries it. Between events the loop also wakes at the
//! next announcement publication or expiry, so the banner never goes stale.

use crate::error::{Error, Result};
use crate::live::search::{Indexed, SearchWorker};
use crate::model::config;
use crate::model::source::{self, CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use crate::pipeline::{BuildOptions, BuildState, build};
use crate::pipeline::{Change, RebuildReport, rebuild};
use notify::event::{AccessKind, EventKind};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, FileIdMap, RecommendedCache, new_debouncer_opt,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How to watch.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Poll the file system instead of native events (network drives, containers, WSL).
    pub poll: bool,
    /// How long a path must be quiet before its events are delivered.
    pub debounce: Duration,
    /// How often to poll, with `poll`.
    pub poll_interval: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            poll: false,
            debounce: Duration::from_millis(5),
            poll_interval: Duration::from_secs(1),
        }
    }
}

/// What happened after a batch of changes.
#[derive(Debug)]
pub enum Outcome {
    /// The output was brought up to date incrementally.
    Rebuilt(RebuildReport),
    /// A full build succeeded (after an earlier full build had failed).
    Built(crate::pipeline::BuildReport),
    /// The build failed; the output still shows the last good build.
    Failed(Error),
    /// The first build is done and changes are being watched.
    Watching,
    /// The search index caught up with the pages written by the last rebuild.
    Indexed(Indexed),
    /// Refreshing the search index failed; the pages are fine, the index is the previous one.
    IndexFailed(Error),
}

/// The change a path stands for, if any. Pure: used for every event and table-tested.
///
/// `theme` is the active theme's folder name; events in the output folder, other themes,
/// hidden, temporary and backup files are ignored.
pub fn classify_path(root: &Path, output: &Path, theme: &str, path: &Path) -> Option<Change> {
    if path.starts_with(output) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let rel = source::slash_path(rel)?;
    if rel
        .split('/')
        .any(|p| source::is_temp_name(p) || p == "4913")
    {
        // 4913 is the file Vim creates to test whether a folder is writable.
        return None;
    }
    if rel == config::FILE_NAME {
        return Some(Change::Config);
    }
    let (top, rest) = rel.split_once('/').unwrap_or((rel.as_str(), ""));
    match top {
        CONTENT_DIR if !rest.is_empty() => Some(Change::Content(rest.to_string())),
        CONTENT_DIR => Some(Change::Rescan),
        TEMPLATES_DIR | STATIC_DIR => Some(Change::Theme),
        THEMES_DIR
            if rest.is_empty() || rest == theme || rest.starts_with(&format!("{theme}/")) =>
        {
            Some(Change::Theme)
        }
        _ => None,
    }
}

/// The changes one file-system event stands for.
pub fn changes_for(root: &Path, output: &Path, theme: &str, event: &notify::Event) -> Vec<Change> {
    if event.need_rescan() {
        return vec![Change::Rescan];
    }
    match event.kind {
        // Reading a file changes nothing; a file closed after writing is caught by its
        // modify events.
        EventKind::Access(AccessKind::Close(notify::event::AccessMode::Write)) => {}
        EventKind::Access(_) => return Vec::new(),
        _ => {}
    }
    event
        .paths
        .iter()
        .filter_map(|p| classify_path(root, output, theme, p))
        .collect()
}

enum AnyDebouncer {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, FileIdMap>),
}

impl AnyDebouncer {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            AnyDebouncer::Native(d) => d.watch(path, mode),
            AnyDebouncer::Poll(d) => d.watch(path, mode),
        }
    }
}

/// A running file watcher over a site's sources.
pub struct SiteWatcher {
    debouncer: AnyDebouncer,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
    output: PathBuf,
    theme: String,
    watched: BTreeSet<PathBuf>,
}

impl SiteWatcher {
    /// Starts watching `site.yaml`, `content/`, `templates/`, `static/` and the theme
    /// `theme` of the site at `root` that builds into `output`.
    pub fn new(root: &Path, output: &Path, theme: &str, options: &WatchOptions) -> Result<Self> {
        let (tx, rx) = channel();
        let output = std::path::absolute(output).map_err(|e| Error::io(output, e))?;
        let root = std::path::absolute(root).map_err(|e| Error::io(root, e))?;
        let notify_error = |e: notify_debouncer_full::notify::Error| {
            Error::io(&root, std::io::Error::other(e.to_string()))
        };
        let tick = Some(options.debounce / 2);
        let debouncer = if options.poll {
            // Polling compares contents: notify's poller sees modification times only to the
            // second, and a save in the same second as the last look would be missed.
            let config = notify::Config::default()
                .with_poll_interval(options.poll_interval)
                .with_compare_contents(true);
            AnyDebouncer::Poll(
                new_debouncer_opt::<_, PollWatcher, FileIdMap>(
                    options.debounce,
                    tick,
                    tx,
                    FileIdMap::new(),
                    config,
                )
                .map_err(notify_error)?,
            )
        } else {
            AnyDebouncer::Native(
                new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
                    options.debounce,
                    tick,
                    tx,
                    RecommendedCache::new(),
                    notify::Config::default(),
                )
                .map_err(notify_error)?,
            )
        };
        let mut watcher = SiteWatcher {
            debouncer,
            events: rx,
            theme: theme.to_string(),
            root,
            output,
            watched: BTreeSet::new(),
        };
        watcher.watch_existing()?;
        Ok(watcher)
    }

    /// Adds watches for the site's folders that exist and are not watched yet.
    fn watch_existing(&mut self) -> Result<()> {
        let root = self.root.clone();
        // The root itself, not recursively: site.yaml and the creation of optional folders.
        self.add(&root, RecursiveMode::NonRecursive)?;
        for dir in [
            root.join(CONTENT_DIR),
            root.join(TEMPLATES_DIR),
            root.join(STATIC_DIR),
            root.join(THEMES_DIR).join(&self.theme),
        ] {
            if dir.is_dir() {
                self.add(&dir, RecursiveMode::Recursive)?;
            }
        }
        if root.join(THEMES_DIR).is_dir() {
            self.add(&root.join(THEMES_DIR), RecursiveMode::NonRecursive)?;
        }
        Ok(())
    }

    fn add(&mut self, dir: &Path, mode: RecursiveMode) -> Result<()> {
        if self.watched.contains(dir) {
            return Ok(());
        }
        self.debouncer
            .watch(dir, mode)
            .map_err(|e| Error::io(dir, std::io::Error::other(e.to_string())))?;
        self.watched.insert(dir.to_path_buf());
        Ok(())
    }

    /// Waits up to `timeout` for changes; returns them coalesced (empty on time-out), or
    /// `None` when the watcher has stopped.
    pub fn next_batch(&mut self, timeout: Duration) -> Option<BTreeSet<Change>> {
        let first = match self.events.recv_timeout(timeout) {
            Ok(batch) => batch,
            Err(RecvTimeoutError::Timeout) => return Some(BTreeSet::new()),
            Err(RecvTimeoutError::Disconnected) => return None,
        };
        let mut changes = BTreeSet::new();
        self.collect(first, &mut changes);
        // Everything that arrived meanwhile joins this batch: one rebuild per burst.
        while let Ok(more) = self.events.try_recv() {
            self.collect(more, &mut changes);
        }
        Some(changes)
    }

    fn collect(&mut self, batch: DebounceEventResult, changes: &mut BTreeSet<Change>) {
        match batch {
            Ok(events) => {
                for e in events {
                    changes.extend(changes_for(&self.root, &self.output, &self.theme, &e.event));
                }
            }
            // Lost or failed events: rescan rather than guess.
            Err(_) => {
                changes.insert(Change::Rescan);
            }
        }
        if changes.contains(&Change::Theme)
            || changes.contains(&Change::Rescan)
            || changes.contains(&Change::Config)
        {
            // A folder may have been created (templates/, static/, content/); watch it now.
            let _ = self.watch_existing();
        }
    }
}

/// How long to sleep before the site changes by itself (a year when nothing is due).
pub fn until_next_change(state: &BuildState) -> Duration {
    const NEVER: Duration = Duration::from_secs(365 * 24 * 3600);
    // A fixed clock never moves.
    let Some(next) = state
        .site
        .next_change
        .as_ref()
        .filter(|_| state.opts.now.is_none())
    else {
        return NEVER;
    };
    let wait = next.at.as_millisecond() - jiff::Timestamp::now().as_millisecond();
    // Wake a moment after the change so the clock is surely past it.
    Duration::from_millis(u64::try_from(wait).unwrap_or(0).saturating_add(50))
}

/// Builds the site, then watches it and rebuilds until `stop` is set; `on_outcome` hears
/// about every build, and gets [`Outcome::Watching`] once the first build is done.
///
/// Watching starts before the first build, so nothing saved during it is missed. When a full
/// build fails, every change retries a full build until one succeeds. After a rebuild that
/// changed the output, the search index is refreshed by a [`SearchWorker`], so the reload does
/// not wait for it; [`Outcome::Indexed`] says when it is done.
pub fn run(
    opts: &BuildOptions,
    options: &WatchOptions,
    stop: &AtomicBool,
    mut on_outcome: impl FnMut(&Outcome),
) -> Result<()> {
    let theme = config::load(&opts.root).map_or_else(|_| "default".to_string(), |c| c.theme);
    let mut watcher = SiteWatcher::new(&opts.root, &opts.output, &theme, options)?;
    // Held through every build, and by the search worker while it swaps the index in.
    let writing = Arc::new(Mutex::new(()));
    let mut search = SearchWorker::start(writing.clone());
    // Every build here leaves the search index to the worker, so the preview opens as soon
    // as the pages are written.
    let opts = &BuildOptions {
        defer_search_index: true,
        ..opts.clone()
    };
    // Whether the output holds an index the worker made: only that one is ever removed (with
    // search off, `pagefind/` may hold the site's own static files).
    let mut index_made = false;
    let mut state = match build(opts) {
        Ok(s) => {
            on_outcome(&Outcome::Built(s.report.clone()));
            if s.site.config.search {
                search.request(s.search_refresh());
                index_made = true;
            }
            Some(s)
        }
        Err(e) => {
            on_outcome(&Outcome::Failed(e));
            None
        }
    };
    on_outcome(&Outcome::Watching);
    while !stop.load(Ordering::Relaxed) {
        let wait = state.as_ref().map_or(Duration::MAX, until_next_change);
        // While the index is being refreshed, look often for it to finish.
        let tick = if search.busy() { 20 } else { 500 };
        let batch = watcher.next_batch(wait.min(Duration::from_millis(tick)));
        if let Some(result) = search.finished() {
            on_outcome(&match result {
                Ok(indexed) => Outcome::Indexed(indexed),
                Err(e) => Outcome::IndexFailed(e),
            });
        }
        let Some(mut changes) = batch else {
            break;
        };
        if changes.is_empty() {
            if wait > Duration::from_millis(tick) {
                continue;
            }
            changes.insert(Change::Clock);
        }
        let outcome = {
            let _writing = writing.lock().unwrap_or_else(|p| p.into_inner());
            step(opts, &mut state, &changes)
        };
        if let Some(s) = &state {
            if watcher.theme != s.site.config.theme {
                watcher.theme = s.site.config.theme.clone();
                let _ = watcher.watch_existing();
            }
            // Refresh the index when a page changed (not for a stylesheet or a static file: a
            // refresh reads every page), or remove it once when search was turned off.
            let pages_changed = match &outcome {
                Outcome::Rebuilt(r) => r.paths.iter().any(|p| p.ends_with(".html")),
                Outcome::Built(_) => true,
                _ => false,
            };
            if s.site.config.search && (pages_changed || !index_made) {
                search.request(s.search_refresh());
                index_made = true;
            } else if !s.site.config.search && index_made {
                search.request(s.search_refresh());
                index_made = false;
            }
        }
        on_outcome(&outcome);
    }
    Ok(())
}

/// One rebuild (or, after a failed full build, a full build) for a batch of changes.
fn step(
    opts: &BuildOptions,
    state: &mut Option<BuildState>,
    changes: &BTreeSet<Change>,
) -> Outcome {
    match state.as_mut() {
        Some(s) => {
            let changes: Vec<Change> = changes.iter().cloned().collect();
            // A bug must not end a preview session: report it and start over.
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rebuild(s, &changes)));
            match result {
                Ok(Ok(report)) => Outcome::Rebuilt(report),
                Ok(Err(e)) => Outcome::Failed(e),
                Err(panic) => {
                    *state = None;
                    let message = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a rebuild failed unexpectedly".into());
                    Outcome::Failed(Error::Internal(message))
                }
            }
        }
        None => match build(opts) {
            Ok(s) => {
                let report = s.report.clone();
                *state = Some(s);
                Outcome::Built(report)
            }
            Err(e) => Outcome::Failed(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        let mut e = notify::Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        e
    }

    fn classify(e: &notify::Event) -> Vec<Change> {
        changes_for(Path::new("/site"), Path::new("/site/public"), "default", e)
    }

    fn content(rel: &str) -> Change {
        Change::Content(rel.to_string())
    }

    #[test]
    fn events_classify_to_changes() {
        let modify = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let create = EventKind::Create(CreateKind::File);
        let remove = EventKind::Remove(RemoveKind::File);
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let table: Vec<(notify::Event, Vec<Change>)> = vec![
            (
                event(modify, &["/site/content/lessons/fire/a.md"]),
                vec![content("lessons/fire/a.md")],
            ),
            (
                event(create, &["/site/content/lessons/fire/b.md"]),
                vec![content("lessons/fire/b.md")],
            ),
            (
                event(remove, &["/site/content/lessons/fire/a.md"]),
                vec![content("lessons/fire/a.md")],
            ),
            (event(modify, &["/site/site.yaml"]), vec![Change::Config]),
            (
                event(modify, &["/site/templates/lesson.html"]),
                vec![Change::Theme],
            ),
            (
                event(modify, &["/site/static/logo.svg"]),
                vec![Change::Theme],
            ),
            (
                event(modify, &["/site/themes/default/static/css/style.css"]),
                vec![Change::Theme],
            ),
            (
                event(modify, &["/site/themes/other/templates/base.html"]),
                vec![],
            ),
            (event(modify, &["/site/public/index.html"]), vec![]),
            (event(modify, &["/site/README.md"]), vec![]),
            (event(modify, &["/elsewhere/content/a.md"]), vec![]),
            // Atomic save: write a temp file, then rename it over the target.
            (
                event(create, &["/site/content/lessons/fire/.a.md.tmp"]),
                vec![],
            ),
            (
                event(
                    rename,
                    &[
                        "/site/content/lessons/fire/.a.md.tmp",
                        "/site/content/lessons/fire/a.md",
                    ],
                ),
                vec![content("lessons/fire/a.md")],
            ),
            // Editors' swap, backup and lock files.
            (
                event(modify, &["/site/content/lessons/fire/.a.md.swp"]),
                vec![],
            ),
            (event(create, &["/site/content/lessons/fire/a.md~"]), vec![]),
            (
                event(create, &["/site/content/lessons/fire/#a.md#"]),
                vec![],
            ),
            (
                event(create, &["/site/content/lessons/fire/.#a.md"]),
                vec![],
            ),
            (event(create, &["/site/content/lessons/fire/4913"]), vec![]),
            (
                event(create, &["/site/content/lessons/fire/a.md___jb_tmp___"]),
                vec![],
            ),
            (
                event(
                    rename,
                    &[
                        "/site/content/lessons/fire/a.md___jb_old___",
                        "/site/content/lessons/fire/a.md",
                    ],
                ),
                vec![content("lessons/fire/a.md")],
            ),
            // A folder renamed: both sides change.
            (
                event(
                    rename,
                    &["/site/content/lessons/fire", "/site/content/lessons/fires"],
                ),
                vec![content("lessons/fire"), content("lessons/fires")],
            ),
            // Reads are not changes; a file closed after writing is.
            (
                event(
                    EventKind::Access(AccessKind::Read),
                    &["/site/content/lessons/fire/a.md"],
                ),
                vec![],
            ),
            (
                event(
                    EventKind::Access(AccessKind::Close(notify::event::AccessMode::Write)),
                    &["/site/content/lessons/fire/a.md"],
                ),
                vec![content("lessons/fire/a.md")],
            ),
            (event(modify, &["/site/content"]), vec![Change::Rescan]),
        ];
        for (e, expected) in table {
            assert_eq!(classify(&e), expected, "{e:?}");
        }
        let rescan = event(modify, &["/site/content/a.md"]).set_flag(notify::event::Flag::Rescan);
        assert_eq!(classify(&rescan), vec![Change::Rescan]);
    }
}
