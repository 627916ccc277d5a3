//! Full builds: every stage in order, staged into a folder beside the output and moved in only
//! when everything succeeded — the search index too, made from the pages as they render.

use crate::error::{Error, Result};
use crate::model::bodies::Keep;
use crate::model::page::Page;
use crate::pipeline::progress::{Progress, Stage};
use crate::pipeline::search;
use crate::pipeline::state::{BuildOptions, BuildReport, BuildState, Stamp};
use crate::pipeline::steps::{self, Assembly, Model};
use crate::render::theme::{self, Theme};
use crate::search::{IndexFile, Indexer};
use crate::write::{self, Staging};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// How many outputs are rendered between two hand-overs to the search index.
const INDEXED_PER_CHUNK: usize = 512;

/// Builds the site at `opts.root` into `opts.output` and keeps what a rebuild needs (watch
/// sessions); on any error the output is untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildState> {
    let built = run(opts, Keep::All)?;
    let key_context = built.model.key_context(&built.theme, built.config_hash);
    let key_setup = key_context.setup();
    let (keys, reads) = key_context.keys(&built.model.plan);
    let stamps = keys
        .into_iter()
        .zip(built.produced)
        // Always hashed here (`Keep::All`); were one missing, the next rebuild would only
        // write that file again.
        .map(|(key, (bytes, _))| Stamp {
            key,
            bytes: bytes.unwrap_or_default(),
        })
        .collect();
    let model = built.model;
    let mut report = steps::report(&model.site, &model.plan, built.start, &opts.output);
    report.hidden = built.hidden;
    report.leftovers = built.leftovers;
    Ok(BuildState {
        opts: opts.clone(),
        site: model.site,
        plan: model.plan,
        theme: built.theme,
        summaries: model.summaries,
        report,
        config_hash: built.config_hash,
        pages: built.pages,
        assets: built.assets,
        stamps,
        reads,
        key_setup,
        pending: BTreeSet::new(),
        output_unknown: false,
    })
}

/// Builds the site at `opts.root` into `opts.output` once (the `build` command): the same
/// output as [`build`], keeping nothing for a rebuild, so with less memory and no rebuild
/// keys to work out. On any error the output is untouched. The finished build is freed on a
/// worker thread after it returns, so builds run back to back briefly hold two models.
pub fn build_once(opts: &BuildOptions) -> Result<BuildReport> {
    let mut built = run(opts, Keep::None)?;
    let model = &built.model;
    let mut report = steps::report(&model.site, &model.plan, built.start, &opts.output);
    report.hidden = std::mem::take(&mut built.hidden);
    report.leftovers = std::mem::take(&mut built.leftovers);
    // Freeing the model's hundreds of thousands of allocations took a tenth of a second per
    // 5,000 lessons after the build was done: a worker frees it, and a command that exits
    // first leaves it to the operating system.
    rayon::spawn(move || drop(built));
    Ok(report)
}

/// A finished full build.
struct Built {
    start: Instant,
    /// Markdown files left out by a hidden name.
    hidden: Vec<PathBuf>,
    /// Staging folders of killed builds, removed.
    leftovers: Vec<PathBuf>,
    model: Model,
    theme: Theme,
    config_hash: u64,
    pages: BTreeMap<String, Arc<Page>>,
    assets: BTreeMap<String, PathBuf>,
    /// Per output, in plan order.
    produced: Vec<Produced>,
}

/// Every stage of a full build, with bodies kept as `keep` says.
fn run(opts: &BuildOptions, keep: Keep) -> Result<Built> {
    let start = Instant::now();
    let progress = &opts.progress;
    progress.start(Stage::Reading, 0);
    write::check(&opts.root, &opts.output, opts.force)?;
    let (config, config_hash) = steps::load_config(opts)?;
    let now = steps::clock(opts.now.as_deref(), &config)?;
    let theme = theme::load(&opts.root, &config)?;
    let ((pages, assets), hidden) = steps::scan_and_parse(&opts.root, &config)?;
    let all = pages.values().cloned().collect();
    let how = Assembly {
        drafts: opts.drafts,
        keep,
    };
    let model = steps::assemble(config, all, &assets, &theme, now, how, None)?;
    let mut staging = Staging::new(&opts.output)?;
    let leftovers = std::mem::take(&mut staging.removed);
    staging.prepare(model.plan.outputs.iter().map(|o| o.path.as_str()))?;
    let index_now = model.site.config.search && !opts.defer_search_index;
    progress.start(Stage::Rendering, model.plan.outputs.len());
    let how = Production {
        progress,
        portable: opts.portable,
        index: index_now,
        // Only a watch session compares the next build's bytes with these.
        hash: keep == Keep::All,
    };
    let (produced, index) = produce_all(&model, &theme, &staging, how)?;
    let outputs = &model.plan.outputs;
    let mut changed: Vec<&str> = outputs
        .iter()
        .zip(&produced)
        .filter(|(_, p)| p.1)
        .map(|(o, _)| o.path.as_str())
        .collect();
    let mut kept: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    for file in &index {
        if staging.put(&file.path, &file.bytes)? {
            changed.push(&file.path);
        }
        kept.insert(&file.path);
    }
    // An index left for later stays until its refresh replaces it.
    let deferred = if model.site.config.search && opts.defer_search_index {
        search::index_in(&opts.output)?
    } else {
        Vec::new()
    };
    kept.extend(deferred.iter().map(String::as_str));
    progress.start(Stage::Writing, 0);
    staging.commit(&changed, &kept)?;
    Ok(Built {
        start,
        hidden,
        leftovers,
        model,
        theme,
        config_hash,
        pages,
        assets,
        produced,
    })
}

/// An output's bytes hash (when asked for) and whether it differs from the output folder
/// (then it is staged).
type Produced = (Option<u64>, bool);

/// How outputs are produced.
#[derive(Clone, Copy)]
struct Production<'a> {
    /// Counts each output produced.
    progress: &'a Progress,
    /// Links written relative (`--portable`).
    portable: bool,
    /// The search index is made now, from the pages as they render.
    index: bool,
    /// Each output's bytes are hashed.
    hash: bool,
}
/// A page for the search index: its link and its HTML.
type ToIndex = Option<(String, Vec<u8>)>;

/// Every output's bytes hash and whether it differs from the output folder (then it is staged),
/// in plan order; with `index`, the search index of the pages too.
fn produce_all(
    model: &Model,
    theme: &Theme,
    staging: &Staging,
    how: Production,
) -> Result<(Vec<Produced>, Vec<IndexFile>)> {
    let Production {
        progress,
        portable,
        index,
        hash,
    } = how;
    let renderer = model.renderer(theme);
    let view = model.view();
    let site = &model.site;
    let indexer = index.then(Indexer::start).transpose()?;
    let outputs = &model.plan.outputs;
    // With search, outputs are produced a chunk at a time so that the index thread gets the
    // pages in plan order (which fixes the index's bytes) while the next chunk renders.
    let chunk = if indexer.is_some() {
        INDEXED_PER_CHUNK
    } else {
        outputs.len().max(1)
    };
    let mut produced = Vec::with_capacity(outputs.len());
    for outputs in outputs.chunks(chunk) {
        // With each output, the link and bytes of a page to index.
        let done: Vec<(Produced, ToIndex)> = outputs
            .par_iter()
            .map(|o| {
                let bytes = steps::produce(&renderer, &view, o, portable)?;
                progress.step();
                let hash = hash.then(|| steps::hash_bytes(&bytes));
                let staged = staging.put(&o.path, &bytes)?;
                let page = indexer.as_ref().and_then(|_| search::indexed_url(site, o));
                Ok(((hash, staged), page.map(|url| (url, bytes))))
            })
            .collect::<Result<_>>()?;
        for (output, page) in done {
            if let (Some(indexer), Some((url, bytes))) = (&indexer, page) {
                let html = String::from_utf8(bytes)
                    .map_err(|_| Error::Internal(format!("the page {url} is not UTF-8")))?;
                indexer.add(url, html);
            }
            produced.push(output);
        }
    }
    if indexer.is_some() {
        progress.start(Stage::Indexing, 0);
    }
    let index = indexer.map(Indexer::finish).transpose()?;
    Ok((produced, index.unwrap_or_default()))
}
