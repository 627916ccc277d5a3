//! Incremental rebuilds: apply changed files to a previous [`BuildState`], re-render only the
//! outputs whose inputs changed, write only changed bytes, delete outputs that no longer
//! exist. A failed rebuild changes neither the state nor the output, and its changes are
//! retried with the next call.

use crate::error::Result;
use crate::fs;
use crate::model::config;
use crate::model::dates;
use crate::model::lifecycle::NextChange;
use crate::model::page::Page;
use crate::model::source::{self, CONTENT_DIR, SourceFile, SourceKind};
use crate::pipeline::build;
use crate::pipeline::change::Change;
use crate::pipeline::plan::Plan;
use crate::pipeline::state::BuildState;
use crate::pipeline::steps::{self, Model};
use crate::render::Renderer;
use crate::render::theme;
use crate::render::theme::Theme;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
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
}

/// Applies `changes` to `state`, updating the output folder; see the module docs.
pub fn rebuild(state: &mut BuildState, changes: &[Change]) -> Result<RebuildReport> {
    let start = Instant::now();
    let mut all = std::mem::take(&mut state.pending);
    all.extend(changes.iter().cloned());
    let mut undo = Undo::default();
    match apply(state, &all, start, &mut undo) {
        Ok(report) => Ok(report),
        Err(e) => {
            undo.revert(state);
            state.pending = all;
            Err(e)
        }
    }
}

/// Edits made to a state's sources during a rebuild, to take back if the rebuild fails.
#[derive(Default)]
struct Undo {
    pages: Vec<(String, Option<Arc<Page>>)>,
    assets: Vec<(String, Option<PathBuf>)>,
}

impl Undo {
    fn set_page(&mut self, state: &mut BuildState, rel: &str, page: Option<Arc<Page>>) {
        let old = match page {
            Some(p) => state.pages.insert(rel.to_string(), p),
            None => state.pages.remove(rel),
        };
        self.pages.push((rel.to_string(), old));
    }

    fn set_asset(&mut self, state: &mut BuildState, rel: &str, path: Option<PathBuf>) {
        let old = match path {
            Some(p) => state.assets.insert(rel.to_string(), p),
            None => state.assets.remove(rel),
        };
        self.assets.push((rel.to_string(), old));
    }

    fn revert(self, state: &mut BuildState) {
        for (rel, old) in self.pages.into_iter().rev() {
            match old {
                Some(p) => state.pages.insert(rel, p),
                None => state.pages.remove(&rel),
            };
        }
        for (rel, old) in self.assets.into_iter().rev() {
            match old {
                Some(p) => state.assets.insert(rel, p),
                None => state.assets.remove(&rel),
            };
        }
    }
}

fn apply(
    state: &mut BuildState,
    changes: &BTreeSet<Change>,
    start: Instant,
    undo: &mut Undo,
) -> Result<RebuildReport> {
    let opts = state.opts.clone();
    let root = &opts.root;
    if !opts.output.is_dir() {
        // Someone removed the output: only a full build can restore it.
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
    let fresh = if reload || changes.contains(&Change::Rescan) {
        Some(steps::scan_and_parse(root, &config)?)
    } else {
        update_content(root, changes, &config, state, undo)?;
        None
    };
    let assets_changed = fresh
        .as_ref()
        .map_or(!undo.assets.is_empty(), |f| f.1 != state.assets);
    let (pages, assets) = match &fresh {
        Some((p, a)) => (p, a),
        None => (&state.pages, &state.assets),
    };
    let theme = new_theme.as_ref().unwrap_or(&state.theme);
    let now = steps::clock(opts.now.as_deref(), &config)?;
    let prev = (!reload).then_some(steps::Previous {
        site: &state.site,
        summaries: &state.summaries,
        plan: (new_theme.is_none() && !assets_changed).then_some(&state.plan),
    });
    let model = steps::assemble(config, pages, assets, theme, now, opts.drafts, prev)?;
    let keys = model.keys(theme, config_hash);

    // Render everything that may have changed before writing anything, so a template error
    // leaves the output as it was.
    let previous = previous_outputs(state, &model.plan);
    let rendered = render_changed(&model, theme, &keys, &previous, opts.portable)?;
    let written = write_changed(&opts.output, &model.plan, &rendered, &previous)?;
    let stale = stale_outputs(&state.plan, &model.plan);
    for path in &stale {
        fs::remove_and_prune(&opts.output.join(path), &opts.output)?;
    }
    let mut outputs: Vec<(u64, u64)> = keys
        .iter()
        .zip(&previous)
        .map(|(&key, old)| (key, old.map_or(0, |x| x.1)))
        .collect();
    for (i, _, hash) in &rendered {
        outputs[*i].1 = *hash;
    }
    let mut paths: Vec<String> = written
        .iter()
        .cloned()
        .chain(stale.iter().cloned())
        .collect();
    paths.sort();
    let deleted = stale.len();

    let next_change = model
        .site
        .next_change
        .clone()
        .map(|n| (dates::moment(n.at, &model.site.config.timezone), n));
    let report = RebuildReport {
        changes: changes.iter().cloned().collect(),
        rendered: rendered.len(),
        written: written.len(),
        deleted,
        elapsed: start.elapsed(),
        next_change,
        paths,
    };
    if let Some(theme) = new_theme {
        state.theme = theme;
    }
    state.config_hash = config_hash;
    state.site = model.site;
    state.summaries = model.summaries;
    state.plan = model.plan;
    if let Some((pages, assets)) = fresh {
        state.pages = pages;
        state.assets = assets;
    }
    state.outputs = outputs;
    Ok(report)
}

/// An output as rendered by a rebuild: its index in the plan, its bytes and their hash.
type Rendered = (usize, Vec<u8>, u64);

/// For each output of `plan`, the (key, bytes hash) it had in the previous build, if any.
fn previous_outputs(state: &BuildState, plan: &Plan) -> Vec<Option<(u64, u64)>> {
    let (old, new) = (&state.plan.outputs, &plan.outputs);
    // Plans are deterministic: when the paths are the same, entry i is the same output.
    let same_shape = Arc::ptr_eq(old, new)
        || (old.len() == new.len() && old.iter().zip(new.iter()).all(|(a, b)| a.path == b.path));
    if same_shape {
        return state.outputs.iter().copied().map(Some).collect();
    }
    let by_path: HashMap<&str, (u64, u64)> = old
        .iter()
        .map(|o| o.path.as_str())
        .zip(state.outputs.iter().copied())
        .collect();
    new.iter()
        .map(|o| by_path.get(o.path.as_str()).copied())
        .collect()
}

/// Renders, in parallel, the outputs whose key differs from the previous build's.
fn render_changed(
    model: &Model,
    theme: &Theme,
    keys: &[u64],
    previous: &[Option<(u64, u64)>],
    portable: bool,
) -> Result<Vec<Rendered>> {
    let renderer = Renderer::new(theme, &model.strings, &model.globals);
    let view = model.view();
    let outputs = &model.plan.outputs;
    (0..outputs.len())
        .filter(|&i| previous[i].map(|o| o.0) != Some(keys[i]))
        .collect::<Vec<_>>()
        .par_iter()
        .map(|&i| {
            let bytes = steps::produce(&renderer, &view, &outputs[i], portable)?;
            let hash = steps::hash_bytes(&bytes);
            Ok((i, bytes, hash))
        })
        .collect()
}

/// Writes the rendered outputs whose bytes changed (or whose file is missing); returns their
/// paths.
fn write_changed(
    output: &Path,
    plan: &Plan,
    rendered: &[Rendered],
    previous: &[Option<(u64, u64)>],
) -> Result<Vec<String>> {
    rendered
        .par_iter()
        .filter(|(i, _, hash)| {
            let path = output.join(&plan.outputs[*i].path);
            previous[*i].map(|x| x.1) != Some(*hash) || !path.is_file()
        })
        .map(|(i, bytes, _)| {
            let rel = &plan.outputs[*i].path;
            fs::write_atomic(&output.join(rel), bytes).map(|()| rel.clone())
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

/// Re-reads the content files and folders named by `changes` into `state`, noting in `undo`
/// what it replaced. Parsing happens first, so a parse error changes nothing.
fn update_content(
    root: &Path,
    changes: &BTreeSet<Change>,
    config: &config::Config,
    state: &mut BuildState,
    undo: &mut Undo,
) -> Result<()> {
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
        gone.extend(under(
            &mut state.pages.range(prefix.clone()..).map(|(k, _)| k),
        ));
        gone.extend(under(
            &mut state.assets.range(prefix.clone()..).map(|(k, _)| k),
        ));
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
    let (new_pages, new_assets) = steps::parse_files(root, &files, config)?;
    for rel in gone {
        if state.pages.contains_key(&rel) {
            undo.set_page(state, &rel, None);
        }
        if state.assets.contains_key(&rel) {
            undo.set_asset(state, &rel, None);
        }
    }
    for (rel, page) in new_pages {
        undo.set_page(state, &rel, Some(page));
    }
    for (rel, path) in new_assets {
        undo.set_asset(state, &rel, Some(path));
    }
    Ok(())
}

fn rel_path(rel: &str) -> std::path::PathBuf {
    rel.split('/').collect()
}
