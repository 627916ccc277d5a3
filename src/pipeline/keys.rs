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
use crate::render::Global;
use crate::render::context::View;
use crate::render::theme::Theme;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use rustc_hash::FxHasher as KeyHasher;
use std::hash::{Hash, Hasher};

/// Inputs shared by every key of one build.
pub struct KeyContext<'a> {
    view: View<'a>,
    /// Per template: its closure hash combined with the shared variables it reads.
    templates: FxHashMap<&'a str, u64>,
    base: u64,
}

impl<'a> KeyContext<'a> {
    /// Prepares key computation; `globals` are the shared template variables of this build and
    /// `config_hash` identifies the site configuration and build options.
    pub fn new(view: View<'a>, theme: &'a Theme, globals: &[Global], config_hash: u64) -> Self {
        let templates = theme
            .template_names()
            .map(|name| {
                let mut h = KeyHasher::default();
                if let Some(info) = theme.info(name) {
                    info.hash.hash(&mut h);
                    for (var, _, fp) in globals {
                        if info.variables.contains(*var) {
                            (var, fp).hash(&mut h);
                        }
                    }
                }
                (name, h.finish())
            })
            .collect();
        let mut h = KeyHasher::default();
        (config_hash, theme.generation).hash(&mut h);
        KeyContext {
            view,
            templates,
            base: h.finish(),
        }
    }

    /// The key of every output of `plan`, in plan order.
    pub fn keys(&self, plan: &Plan) -> Vec<u64> {
        plan.outputs.par_iter().map(|o| self.key(o)).collect()
    }

    /// The key of one output.
    pub fn key(&self, output: &Output) -> u64 {
        let mut h = KeyHasher::default();
        (self.base, &output.path).hash(&mut h);
        match &output.action {
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
            }
            Action::File(FileSource::Embedded(bytes)) => bytes.hash(&mut h),
        }
        h.finish()
    }

    fn render_inputs(&self, r: &Render, h: &mut KeyHasher) {
        let spec = r.spec(self.view.site);
        // A template the theme lacks still gets a key: rendering it fails, and adding it
        // later changes the key.
        match self.templates.get(spec.template) {
            Some(key) => key.hash(h),
            None => spec.template.hash(h),
        }
        r.context(&self.view).hash(h);
    }
}
