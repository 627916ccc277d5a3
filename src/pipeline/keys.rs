//! Which outputs an edit reaches. Each planned output gets a key: a hash of everything its
//! rendering reads — the typed context the registry builds for it ([`Render::context`], the
//! very value the template is rendered with), its template with everything that template pulls
//! in, and the shared variables that template reads. An output whose key is unchanged since the
//! last build renders to the same bytes, so a rebuild renders only outputs whose key changed.
//!
//! Because the key hashes the context itself, it cannot miss an input the renderer is given;
//! the rebuild invariant test (incremental output byte-identical to a full build) checks the
//! remaining assumptions (fingerprints of summaries and bodies, template closures).

use crate::fs::FileSource;
use crate::pipeline::kinds::Render;
use crate::pipeline::plan::{Action, Output, Plan};
use crate::render::Globals;
use crate::render::context::{View, record_reads};
use crate::render::theme::Theme;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use rustc_hash::FxHasher as KeyHasher;
use std::hash::{Hash, Hasher};

/// Inputs shared by every key of one build.
pub struct KeyContext<'a> {
    view: View<'a>,
    /// Per template and language: its closure hash combined with the shared variables of
    /// that language it reads.
    templates: FxHashMap<(&'a str, &'a str), u64>,
    /// The main language, whose variables outputs without a language get.
    main: &'a str,
    base: u64,
}

impl<'a> KeyContext<'a> {
    /// Prepares key computation; `globals` are the shared template variables of this build and
    /// `config_hash` identifies the site configuration and build options.
    pub fn new(view: View<'a>, theme: &'a Theme, globals: &'a Globals, config_hash: u64) -> Self {
        let templates = theme
            .template_names()
            .flat_map(|name| {
                globals.iter().map(move |(lang, globals)| {
                    let mut h = KeyHasher::default();
                    if let Some(info) = theme.info(name) {
                        info.hash.hash(&mut h);
                        for (var, _, fp) in globals {
                            if info.variables.contains(*var) {
                                (var, fp).hash(&mut h);
                            }
                        }
                    }
                    ((name, lang.as_str()), h.finish())
                })
            })
            .collect();
        let mut h = KeyHasher::default();
        (config_hash, theme.generation).hash(&mut h);
        KeyContext {
            view,
            templates,
            main: &view.site.config.language,
            base: h.finish(),
        }
    }

    /// A hash of everything shared by the keys of this build (configuration, options,
    /// theme, template closures with the shared variables they read): while it stays the
    /// same, a key can only change through the pages its context shows.
    pub fn setup(&self) -> u64 {
        let mut templates: Vec<((&str, &str), u64)> =
            self.templates.iter().map(|(k, v)| (*k, *v)).collect();
        templates.sort_unstable();
        let mut h = KeyHasher::default();
        (self.base, templates).hash(&mut h);
        h.finish()
    }

    /// The key of every output of `plan`, in plan order, with the pages each one read.
    pub fn keys(&self, plan: &Plan) -> (Vec<u64>, ReadTable) {
        let (keys, reads): (Vec<u64>, Vec<Option<Vec<u32>>>) =
            plan.outputs.par_iter().map(|o| self.key(o)).unzip();
        (keys, ReadTable::new(reads.into_iter()))
    }

    /// The keys of `plan` after an edit that changed only the pages marked in `changed`, for a
    /// site whose outputs, lists and setup are those of the previous build, whose key and
    /// reads for output `i` are `previous_key(i)` and `reads.get(i)`: a key whose context read
    /// none of those pages is kept. Also gives the new table of reads, unless every key made
    /// again read the same pages as before (the usual case).
    pub fn keys_since(
        &self,
        plan: &Plan,
        previous_key: impl Fn(usize) -> u64 + Sync,
        reads: &ReadTable,
        changed: &[bool],
    ) -> (Vec<u64>, Option<ReadTable>) {
        let made: Vec<(u64, Option<Option<Vec<u32>>>)> = plan
            .outputs
            .par_iter()
            .enumerate()
            .map(|(i, o)| match reads.get(i) {
                Some(pages) if !pages.iter().any(|&p| changed[p as usize]) => {
                    (previous_key(i), None)
                }
                _ => {
                    let (key, read) = self.key(o);
                    (key, Some(read))
                }
            })
            .collect();
        let same_reads = made.iter().enumerate().all(|(i, (_, read))| match read {
            Some(read) => read.as_deref() == reads.get(i),
            None => true,
        });
        let table = (!same_reads).then(|| {
            ReadTable::new(made.iter().enumerate().map(|(i, (_, read))| match read {
                Some(read) => read.clone(),
                None => reads.get(i).map(<[u32]>::to_vec),
            }))
        });
        (made.into_iter().map(|(key, _)| key).collect(), table)
    }

    /// The key of one output, and the pages it read (`None`: made every time).
    pub fn key(&self, output: &Output) -> (u64, Option<Vec<u32>>) {
        let mut h = KeyHasher::default();
        (self.base, &output.path).hash(&mut h);
        let reads = match &output.action {
            Action::Render(r) => self.render_inputs(r, &mut h),
            Action::File(FileSource::Copy(from)) => {
                // The file's size and modification time stand for its bytes.
                let meta = std::fs::metadata(from).ok();
                (
                    from,
                    meta.as_ref().map(|m| m.len()),
                    meta.and_then(|m| m.modified().ok()),
                )
                    .hash(&mut h);
                None
            }
            Action::File(FileSource::Embedded(bytes)) => {
                bytes.hash(&mut h);
                None
            }
        };
        (h.finish(), reads)
    }

    fn render_inputs(&self, r: &Render, h: &mut KeyHasher) -> Option<Vec<u32>> {
        let spec = r.spec(self.view.site);
        let context = r.context(&self.view);
        let lang = context.lang().unwrap_or(self.main);
        // A template the theme lacks still gets a key: rendering it fails, and adding it
        // later changes the key.
        match self.templates.get(&(spec.template, lang)) {
            Some(key) => key.hash(h),
            None => (spec.template, lang).hash(h),
        }
        if spec.whole_site {
            context.hash(h);
            return None;
        }
        let ((), mut pages) = record_reads(|| context.hash(h));
        pages.sort_unstable();
        pages.dedup();
        Some(pages)
    }
}

/// The pages each output's context showed, by index, for every output of a plan: one flat
/// table rather than a list per output, so that a rebuild scans it without following a
/// pointer per output and keeps it without copying.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReadTable {
    /// Per output: where its pages lie in `pages`, or `None` when its key is made every time.
    spans: Vec<Option<(u32, u32)>>,
    pages: Vec<u32>,
}

impl ReadTable {
    /// The table of `reads`, one entry per output in plan order.
    fn new(reads: impl Iterator<Item = Option<Vec<u32>>>) -> Self {
        let mut table = ReadTable::default();
        for read in reads {
            let span = read.map(|read| {
                let start = table.pages.len() as u32;
                table.pages.extend(read);
                (start, table.pages.len() as u32)
            });
            table.spans.push(span);
        }
        table
    }

    /// How many outputs it covers.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether it covers no output.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The pages output `i` read (`None`: its key is made every time).
    pub fn get(&self, i: usize) -> Option<&[u32]> {
        let (start, end) = self.spans.get(i).copied().flatten()?;
        Some(&self.pages[start as usize..end as usize])
    }
}
