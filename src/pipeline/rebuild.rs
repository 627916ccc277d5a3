//! Incremental rebuilds: apply changed files to a previous [`BuildState`], re-render only the
//! outputs whose inputs changed, write only changed bytes, delete outputs that no longer
//! exist. A rebuild that fails before writing (a content or template error) changes neither
//! the state nor the output; one that fails while writing (the disk) leaves the next rebuild
//! to start from a full build. Either way its changes are retried with the next call.

use crate::error::{Diagnostic, Result};
use crate::fs;
use crate::model::bodies::Keep;
use crate::model::config;
use crate::model::dates;
use crate::model::lifecycle::NextChange;
use crate::model::page::Page;
use crate::model::source::{self, CONTENT_DIR, SourceFile, SourceKind};
use crate::outputs::poster;
use crate::pipeline::build;
use crate::pipeline::change::Change;
use crate::pipeline::kinds::Render;
use crate::pipeline::plan::{Action, Plan};
use crate::pipeline::state::{BuildState, Stamp};
use crate::pipeline::steps::{self, Model};
use crate::render::theme;
use crate::render::theme::Theme;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct RebuildReport {
    /// What changed.
    pub changes: Vec<Change>,
    /// Outputs rendered (or read, for copies).
    pub rendered: usize,
    /// Files written because their bytes changed.
    pub written: usize,
    /// Files deleted because their output no longer exists.
    pub deleted: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// When the site next changes by itself.
    pub next_change: Option<(String, NextChange)>,
    /// Paths (under the output) that were written or deleted.
    pub paths: Vec<String>,
    /// Problems that do not stop the build, in the posters this rebuild rendered again.
    pub warnings: Vec<Diagnostic>,
}

/// Applies `changes` to `state`, updating the output folder; see the module docs.
pub fn rebuild(state: &mut BuildState, changes: &[Change]) -> Result<RebuildReport> {
    let start = Instant::now();
    let mut all = std::mem::take(&mut state.pending);
    all.extend(changes.iter().cloned());
    // `apply` edits copies of the state's sources and replaces the state only at its very end,
    // so on any error the state is still the last good one.
    apply(state, &all, start).inspect_err(|_| state.pending = all)
}

fn apply(
    state: &mut BuildState,
    changes: &BTreeSet<Change>,
    start: Instant,
) -> Result<RebuildReport> {
    let opts = state.opts.clone();
    let root = &opts.root;
    if !opts.output.is_dir() || state.output_unknown {
        // Someone removed the output, or a rebuild failed half-way through writing it: only a
        // full build, which compares every file with what belongs there, can restore it.
        let rebuilt = build::build(&opts)?;
        let files = rebuilt.plan.outputs.len();
        *state = rebuilt;
        return Ok(RebuildReport {
            changes: changes.iter().cloned().collect(),
            rendered: files,
            written: files,
            deleted: 0,
            elapsed: start.elapsed(),
            next_change: state.report.next_change.clone(),
            paths: Vec::new(),
            warnings: Vec::new(),
        });
    }
    let reload = changes.contains(&Change::Config);
    let (config, config_hash) = if reload {
        steps::load_config(&opts)?
    } else {
        (state.site.config.clone(), state.config_hash)
    };
    let new_theme = if reload || changes.contains(&Change::Theme) {
        Some(theme::load(root, &config)?)
    } else {
        None
    };
    let sources = if reload || changes.contains(&Change::Rescan) {
        Sources::Fresh(steps::scan_and_parse(root, &config)?.0)
    } else {
        Sources::Edited(read_changed(
            root,
            changes,
            &config,
            &state.pages,
            &state.assets,
        )?)
    };
    let (pages, assets) = sources.after(&state.pages, &state.assets);
    let assets_changed = assets != state.assets;
    let theme = new_theme.as_ref().unwrap_or(&state.theme);
    let now = steps::clock(opts.now.as_deref(), &config)?;
    let prev = (!reload).then_some(steps::Previous {
        site: &state.site,
        summaries: &state.summaries,
        plan: (new_theme.is_none() && !assets_changed).then_some(&state.plan),
    });
    let how = steps::Assembly {
        drafts: opts.drafts,
        keep: Keep::All,
    };
    let model = steps::assemble(config, pages, &assets, theme, now, how, prev)?;
    let key_context = model.key_context(theme, config_hash);
    let key_setup = key_context.setup();
    // When the outputs, their lists and everything they share are as before, only the keys
    // whose context showed an edited page can change.
    let same_outputs = Arc::ptr_eq(&state.plan.outputs, &model.plan.outputs)
        && model.site.lists_reused
        && key_setup == state.key_setup
        && state.reads.len() == model.plan.outputs.len()
        && state.site.pages.len() == model.site.pages.len();
    let (keys, reads) = if same_outputs {
        let changed: Vec<bool> = (0..model.site.pages.len())
            .map(|i| {
                model.summaries.fps[i] != state.summaries.fps[i]
                    || model.site.bodies.fps[i] != state.site.bodies.fps[i]
            })
            .collect();
        let previous_key = |i: usize| state.stamps[i].key;
        key_context.keys_since(&model.plan, previous_key, &state.reads, &changed)
    } else {
        let (keys, reads) = key_context.keys(&model.plan);
        (keys, Some(reads))
    };

    // Render everything that may have changed before writing anything, so a template error
    // leaves the output as it was.
    let previous = previous_stamps(&state.plan, &state.stamps, &model.plan);
    let rendered = render_changed(&model, theme, &keys, &previous, opts.portable)?;
    let stale = stale_outputs(&state.plan, &model.plan);
    let written = write_changed(&opts.output, &model.plan, &rendered, &previous)
        .and_then(|written| {
            for path in &stale {
                fs::remove_and_prune(&opts.output.join(path), &opts.output)?;
            }
            Ok(written)
        })
        // Some files may be written or deleted already: the stamps no longer tell what is on
        // disk, so the next rebuild starts from a full build.
        .inspect_err(|_| state.output_unknown = true)?;
    let mut stamps: Vec<Stamp> = keys
        .iter()
        .enumerate()
        .map(|(i, &key)| Stamp {
            key,
            bytes: previous.get(i).map_or(0, |s| s.bytes),
        })
        .collect();
    for r in &rendered {
        stamps[r.index].bytes = r.hash;
    }
    let mut paths: Vec<String> = written.iter().chain(&stale).cloned().collect();
    paths.sort();
    let next_change = model
        .site
        .next_change
        .clone()
        .map(|n| (dates::moment(n.at, &model.site.config.timezone), n));
    let posters: HashSet<usize> = rendered
        .iter()
        .filter_map(|r| match &model.plan.outputs[r.index].action {
            Action::Render(Render::Poster(i)) => Some(*i),
            _ => None,
        })
        .collect();
    let warnings = poster::warnings_of(&model.site, |i| posters.contains(&i));
    let report = RebuildReport {
        changes: changes.iter().cloned().collect(),
        rendered: rendered.len(),
        written: written.len(),
        deleted: stale.len(),
        elapsed: start.elapsed(),
        next_change,
        paths,
        warnings,
    };
    if let Some(theme) = new_theme {
        state.theme = theme;
    }
    state.config_hash = config_hash;
    let old = (
        std::mem::replace(&mut state.site, model.site),
        std::mem::replace(&mut state.summaries, model.summaries),
        std::mem::replace(&mut state.plan, model.plan),
    );
    // Freeing the previous build's model takes milliseconds a reader would wait for.
    rayon::spawn(move || drop(old));
    sources.apply(&mut state.pages);
    state.assets = assets;
    state.stamps = stamps;
    if let Some(reads) = reads {
        state.reads = reads;
    }
    state.key_setup = key_setup;
    Ok(report)
}

/// An output as rendered by a rebuild.
struct Rendered {
    /// Its index in the plan.
    index: usize,
    bytes: Vec<u8>,
    /// A hash of `bytes`.
    hash: u64,
}

/// The stamp each output of a plan had in the previous build, if any.
enum PreviousStamps<'a> {
    /// The previous build's own, in the same order.
    Same(&'a [Stamp]),
    /// Found by path.
    Found(Vec<Option<Stamp>>),
}

impl PreviousStamps<'_> {
    fn get(&self, i: usize) -> Option<Stamp> {
        match self {
            PreviousStamps::Same(stamps) => stamps.get(i).copied(),
            PreviousStamps::Found(stamps) => stamps[i],
        }
    }
}

/// For each output of `plan`, the stamp it had in the previous build (`old`, `stamps`), if any.
fn previous_stamps<'a>(old: &Plan, stamps: &'a [Stamp], plan: &Plan) -> PreviousStamps<'a> {
    let (old, new) = (&old.outputs, &plan.outputs);
    // Plans are deterministic: when the paths are the same, entry i is the same output.
    let same_shape = Arc::ptr_eq(old, new)
        || (old.len() == new.len() && old.iter().zip(new.iter()).all(|(a, b)| a.path == b.path));
    if same_shape {
        return PreviousStamps::Same(stamps);
    }
    let by_path: HashMap<&str, Stamp> = old
        .iter()
        .map(|o| o.path.as_str())
        .zip(stamps.iter().copied())
        .collect();
    PreviousStamps::Found(
        new.iter()
            .map(|o| by_path.get(o.path.as_str()).copied())
            .collect(),
    )
}

/// Renders, in parallel, the outputs whose key differs from the previous build's.
fn render_changed(
    model: &Model,
    theme: &Theme,
    keys: &[u64],
    previous: &PreviousStamps,
    portable: bool,
) -> Result<Vec<Rendered>> {
    let renderer = model.renderer(theme);
    let view = model.view();
    let outputs = &model.plan.outputs;
    (0..outputs.len())
        .filter(|&i| previous.get(i).map(|s| s.key) != Some(keys[i]))
        .collect::<Vec<_>>()
        .par_iter()
        .map(|&i| {
            let bytes = steps::produce(&renderer, &view, &outputs[i], portable)?;
            let hash = steps::hash_bytes(&bytes);
            Ok(Rendered {
                index: i,
                bytes,
                hash,
            })
        })
        .collect()
}

/// Writes the rendered outputs whose bytes changed (or whose file is missing); returns their
/// paths.
fn write_changed(
    output: &Path,
    plan: &Plan,
    rendered: &[Rendered],
    previous: &PreviousStamps,
) -> Result<Vec<String>> {
    rendered
        .par_iter()
        .filter(|r| {
            let path = output.join(&plan.outputs[r.index].path);
            previous.get(r.index).map(|s| s.bytes) != Some(r.hash) || !path.is_file()
        })
        .map(|r| {
            let rel = &plan.outputs[r.index].path;
            fs::write_atomic(&output.join(rel), &r.bytes).map(|()| rel.clone())
        })
        .collect()
}

/// Output paths of the previous plan that the new one no longer has, sorted.
fn stale_outputs(old: &Plan, new: &Plan) -> Vec<String> {
    if Arc::ptr_eq(&old.outputs, &new.outputs) {
        return Vec::new();
    }
    let current: HashSet<&str> = new.outputs.iter().map(|o| o.path.as_str()).collect();
    let mut stale: Vec<String> = old
        .outputs
        .iter()
        .filter(|o| !current.contains(o.path.as_str()))
        .map(|o| o.path.clone())
        .collect();
    stale.sort_unstable();
    stale
}

/// A rebuild's sources, taken into the state only when the rebuild succeeded.
enum Sources {
    /// Everything read again.
    Fresh(steps::Sources),
    /// What changed since the state's sources.
    Edited(Edits),
}

/// The files and folders a rebuild re-read: what was at those paths, and what is there now.
struct Edits {
    gone: Vec<String>,
    pages: BTreeMap<String, Arc<Page>>,
    assets: BTreeMap<String, PathBuf>,
}

impl Sources {
    /// Every page and the assets after the change, leaving the current ones as they are
    /// (the page map is large: it is edited only once the rebuild succeeded).
    fn after(
        &self,
        pages: &BTreeMap<String, Arc<Page>>,
        assets: &BTreeMap<String, PathBuf>,
    ) -> (Vec<Arc<Page>>, BTreeMap<String, PathBuf>) {
        match self {
            Sources::Fresh((pages, assets)) => (pages.values().cloned().collect(), assets.clone()),
            Sources::Edited(e) => {
                // Usually a file or two: searched, not hashed for every page.
                let mut gone: Vec<&str> = e.gone.iter().map(String::as_str).collect();
                gone.sort_unstable();
                let is_gone = |rel: &str| gone.binary_search(&rel).is_ok();
                // Both are in path order: merge them, so the site needs no sort.
                let mut kept = pages.iter().filter(|(rel, _)| !is_gone(rel)).peekable();
                let mut new = e.pages.iter().peekable();
                let mut all: Vec<Arc<Page>> = Vec::with_capacity(pages.len() + e.pages.len());
                loop {
                    let next = match (kept.peek(), new.peek()) {
                        (Some(a), Some(b)) if a.0 <= b.0 => kept.next(),
                        (_, Some(_)) => new.next(),
                        (Some(_), None) => kept.next(),
                        (None, None) => break,
                    };
                    all.extend(next.map(|(_, p)| p.clone()));
                }
                let mut assets = assets.clone();
                assets.retain(|rel, _| !is_gone(rel));
                assets.extend(e.assets.iter().map(|(k, v)| (k.clone(), v.clone())));
                (all, assets)
            }
        }
    }

    /// Takes the change into the state's page map.
    fn apply(self, pages: &mut BTreeMap<String, Arc<Page>>) {
        match self {
            Sources::Fresh((fresh, _)) => *pages = fresh,
            Sources::Edited(e) => {
                for rel in &e.gone {
                    pages.remove(rel);
                }
                pages.extend(e.pages);
            }
        }
    }
}

/// Re-reads the content files and folders named by `changes`; nothing of the state changes.
fn read_changed(
    root: &Path,
    changes: &BTreeSet<Change>,
    config: &config::Config,
    pages: &BTreeMap<String, Arc<Page>>,
    assets: &BTreeMap<String, PathBuf>,
) -> Result<Edits> {
    let mut files = Vec::new();
    let mut gone: Vec<String> = Vec::new();
    for change in changes {
        let Change::Content(rel) = change else {
            continue;
        };
        // Whatever was at or under this path goes; what is there now comes back below.
        let prefix = format!("{rel}/");
        let under = |map_keys: &mut dyn Iterator<Item = &String>| -> Vec<String> {
            map_keys
                .take_while(|k| k.starts_with(&prefix))
                .cloned()
                .collect()
        };
        gone.extend(under(&mut pages.range(prefix.clone()..).map(|(k, _)| k)));
        gone.extend(under(&mut assets.range(prefix.clone()..).map(|(k, _)| k)));
        gone.push(rel.clone());
        let full = root.join(CONTENT_DIR).join(rel);
        if full.is_dir() {
            for (_, sub) in source::walk(&full)? {
                let rel = format!("{rel}/{sub}");
                files.push(SourceFile {
                    path: Path::new(CONTENT_DIR).join(rel_path(&rel)),
                    kind: source::classify(&rel),
                    rel,
                });
            }
        } else if full.is_file() {
            files.push(SourceFile {
                path: Path::new(CONTENT_DIR).join(rel_path(rel)),
                kind: source::classify(rel),
                rel: rel.clone(),
            });
        }
    }
    files.retain(|f| f.kind != SourceKind::Ignored);
    let (pages, assets) = steps::parse_files(root, &files, config)?;
    Ok(Edits {
        gone,
        pages,
        assets,
    })
}

fn rel_path(rel: &str) -> std::path::PathBuf {
    rel.split('/').collect()
}
