//! The plan: every file the build will produce, with what produces it. Planning renders
//! nothing; it takes the rendered outputs from the registry ([`kinds`](super::kinds)) and their
//! paths from [`urls`](crate::urls), and finds two sources claiming one path before anything is
//! written.

use crate::error::Diagnostic;
use crate::fs::FileSource;
use crate::messages::Text;
use crate::model::config;
use crate::model::site::Site;
use crate::pipeline::kinds::{self, Render};
use crate::render::theme::StaticFile;
use crate::search;
use crate::text;
use rustc_hash::{FxHashMap, FxHashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How an output file is produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Rendered from the site model by the registry's declaration.
    Render(Render),
    /// Copied from a file.
    File(FileSource),
}

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path inside the output folder with `/` separators, e.g. `lessons/fire/index.html`.
    pub path: String,
    /// What produces it.
    pub action: Action,
    /// The file it comes from, for copies (rendered outputs are described by the registry).
    pub origin: Option<String>,
}

/// Every output of a build, in a deterministic order.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The outputs (shared: a rebuild that changes no path reuses the previous plan).
    pub outputs: Arc<Vec<Output>>,
    /// Hash of everything that decides the outputs, apart from static files (see [`shape`]).
    pub shape: u64,
}

/// Hashes what decides the set of rendered outputs: the registry's outputs and their paths.
/// Two sites with the same shape (and the same static files) have the same plan.
pub fn shape(site: &Site) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    kinds::all(site).hash(&mut h);
    for p in &site.pages {
        p.path.hash(&mut h);
    }
    h.finish()
}

/// Plans every output. `statics` are theme then site static files (later ones override earlier
/// ones at the same path), then content assets; a page and a file claiming one path collide.
pub fn plan(site: &Site, statics: Vec<StaticFile>) -> Result<Plan, Vec<Diagnostic>> {
    let renders = kinds::all(site);
    let mut outputs: Vec<Output> = Vec::with_capacity(statics.len() + renders.len());
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    index.reserve(outputs.capacity());
    for (path, source, origin) in statics {
        // Site static files replace theme ones on purpose: that is how a site overrides a theme.
        let output = Output {
            path: path.clone(),
            action: Action::File(source),
            origin: Some(origin),
        };
        match index.get(&path) {
            Some(&i) => outputs[i] = output,
            None => {
                index.insert(path, outputs.len());
                outputs.push(output);
            }
        }
    }
    let mut problems = Vec::new();
    // The pages whose outputs collided: a page's poster and alert collide where the page
    // does, and one problem says so.
    let mut colliding: FxHashSet<(&Path, &Path)> = FxHashSet::default();
    let page_of = |output: &Output| match &output.action {
        Action::Render(r) => r.source(site),
        Action::File(_) => None,
    };
    let urls = &site.config.urls;
    for r in renders {
        let path = urls.output_file(r.spec(site).route);
        let output = Output {
            path: path.clone(),
            action: Action::Render(r),
            origin: None,
        };
        match index.get(&path) {
            Some(&i) => {
                let pages = page_of(&outputs[i]).zip(page_of(&output));
                if pages.is_none_or(|pages| colliding.insert(pages)) {
                    problems.push(collision(site, &path, &outputs[i], &output));
                }
            }
            None => {
                index.insert(path, outputs.len());
                outputs.push(output);
            }
        }
    }
    // A file where another output needs a folder (a page with `slug: feed.xml` wants
    // `feed.xml/index.html`) collides as surely as two outputs at one path.
    for output in &outputs {
        let folders = output
            .path
            .match_indices('/')
            .map(|(i, _)| &output.path[..i]);
        for folder in folders {
            if let Some(&i) = index.get(folder) {
                problems.push(collision(site, folder, &outputs[i], output));
            }
        }
    }
    problems.extend(case_collisions(site, &outputs));
    if site.config.search {
        problems.extend(outputs.iter().filter_map(|o| reserved(site, o)));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Plan {
        outputs: Arc::new(outputs),
        shape: shape(site),
    })
}

/// The file to name for a problem with an output: its source file, else site.yaml, which
/// makes the built-in pages.
fn source_of(site: &Site, output: &Output) -> PathBuf {
    match (&output.origin, &output.action) {
        (Some(origin), _) => PathBuf::from(origin),
        (None, Action::Render(r)) => r
            .source(site)
            .map_or_else(|| PathBuf::from(config::FILE_NAME), Path::to_path_buf),
        (None, Action::File(_)) => PathBuf::from(&output.path),
    }
}

/// Who claims an output, in words: a source file or a built-in page.
fn describe(site: &Site, output: &Output) -> Text {
    match (&output.origin, &output.action) {
        (Some(origin), _) => text!("output.file", path = origin),
        (None, Action::Render(r)) => r.describe(site),
        (None, Action::File(_)) => text!("output.file", path = &output.path),
    }
}

/// An output inside the folder of the search index, which replaces that folder's files.
fn reserved(site: &Site, output: &Output) -> Option<Diagnostic> {
    let rest = output.path.strip_prefix(search::BUNDLE_DIR)?;
    if !rest.starts_with('/') {
        return None;
    }
    Some(Diagnostic::new(
        source_of(site, output),
        0,
        0,
        text!(
            "plan.reserved",
            who = describe(site, output),
            path = &output.path,
            dir = search::BUNDLE_DIR
        ),
        text!("plan.reserved_fix"),
    ))
}

/// Outputs whose paths differ only by upper and lower case: one file on the disks of Windows
/// and macOS, and on most web servers' copies of them, so one would silently replace the other.
fn case_collisions(site: &Site, outputs: &[Output]) -> Vec<Diagnostic> {
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    let mut problems = Vec::new();
    for (i, output) in outputs.iter().enumerate() {
        match seen.entry(output.path.to_lowercase()) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let other = &outputs[*e.get()];
                problems.push(Diagnostic::new(
                    source_of(site, output),
                    0,
                    0,
                    text!(
                        "plan.case",
                        a_path = &other.path,
                        b_path = &output.path,
                        a = describe(site, other),
                        b = describe(site, output)
                    ),
                    text!("plan.case_fix"),
                ));
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
            }
        }
    }
    problems
}

fn collision(site: &Site, path: &str, a: &Output, b: &Output) -> Diagnostic {
    let file = [a, b]
        .into_iter()
        .map(|o| source_of(site, o))
        .find(|f| f.starts_with("content") || f.starts_with("static"))
        .unwrap_or_else(|| source_of(site, b));
    Diagnostic::new(
        file,
        0,
        0,
        text!(
            "plan.collision",
            path = path,
            a = describe(site, a),
            b = describe(site, b)
        ),
        text!("plan.collision_fix"),
    )
}
