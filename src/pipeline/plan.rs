//! The plan: every file the build will produce, with what produces it. Planning renders
//! nothing; it takes the rendered outputs from the registry ([`kinds`](super::kinds)) and their
//! paths from [`urls`](crate::urls), and finds two sources claiming one path before anything is
//! written.

use crate::error::Diagnostic;
use crate::fs::FileSource;
use crate::model::site::Site;
use crate::pipeline::kinds::{self, Render};
use crate::render::theme::StaticFile;
use crate::search;
use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
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
    let urls = &site.config.urls;
    for r in renders {
        let path = urls.output_file(r.spec(site).route);
        let output = Output {
            path: path.clone(),
            action: Action::Render(r),
            origin: None,
        };
        match index.get(&path) {
            Some(&i) => problems.push(collision(site, &path, &outputs[i], &output)),
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

/// Who claims an output, in words: a source file or a built-in page.
fn describe(site: &Site, output: &Output) -> String {
    match (&output.origin, &output.action) {
        (Some(origin), _) => origin.clone(),
        (None, Action::Render(r)) => r.describe(site),
        (None, Action::File(_)) => output.path.clone(),
    }
}

/// An output inside the folder of the search index, which replaces that folder's files.
fn reserved(site: &Site, output: &Output) -> Option<Diagnostic> {
    let rest = output.path.strip_prefix(search::BUNDLE_DIR)?;
    if !rest.starts_with('/') {
        return None;
    }
    let who = describe(site, output);
    Some(Diagnostic::new(
        who.clone(),
        0,
        0,
        format!(
            "{who} would be written to /{}, but /{}/ holds the search index",
            output.path,
            search::BUNDLE_DIR
        ),
        "move or rename it, or turn search off with `search: false` in site.yaml",
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
                let (a, b) = (describe(site, other), describe(site, output));
                problems.push(Diagnostic::new(
                    b.clone(),
                    0,
                    0,
                    format!(
                        "/{} and /{} differ only by upper and lower case ({a} and {b}); on Windows, macOS and many web servers they are one file",
                        other.path, output.path
                    ),
                    "rename one of them so the names differ by more than case",
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
    let (a, b) = (describe(site, a), describe(site, b));
    let file = [&a, &b]
        .into_iter()
        .find(|o| o.starts_with("content") || o.starts_with("static"))
        .unwrap_or(&b)
        .clone();
    Diagnostic::new(
        file,
        0,
        0,
        format!("two sources claim /{path}: {a} and {b}"),
        "rename one of them or give one a different `slug`",
    )
}
