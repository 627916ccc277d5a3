//! Everything a full build does but write (`safepress check`): the model assembled, every
//! output planned and rendered, the bytes thrown away.

use crate::error::{Diagnostic, Error, Result};
use crate::model::bodies::Keep;
use crate::model::config::Config;
use crate::model::page::Page;
use crate::outputs::poster;
use crate::pipeline::steps::{self, Assembly};
use crate::render::theme::Theme;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Assembles, plans and renders the site from parsed `pages` and `assets` at `now` without
/// writing anything; gives the build's warnings. Every problem of the assembly and plan is an
/// `Error::Content`; rendering reports every output that fails, not only the first.
pub(crate) fn render_all(
    config: Config,
    pages: Vec<Arc<Page>>,
    assets: &BTreeMap<String, PathBuf>,
    theme: &Theme,
    now: jiff::Timestamp,
    drafts: bool,
) -> Result<Vec<Diagnostic>> {
    let how = Assembly {
        drafts,
        keep: Keep::None,
    };
    let model = steps::assemble(config, pages, assets, theme, now, how, None)?;
    let renderer = model.renderer(theme);
    let view = model.view();
    let mut failed: Vec<Error> = model
        .plan
        .outputs
        .par_iter()
        .filter_map(|o| steps::produce(&renderer, &view, o, false).err())
        .collect();
    if !failed.is_empty() {
        // One template error fails every page that uses the template: say it once.
        let mut seen = std::collections::HashSet::new();
        failed.retain(|e| seen.insert(e.to_string()));
        let mut diagnostics = Vec::new();
        for e in failed {
            match e {
                Error::Template { name, message, fix } => {
                    diagnostics.push(crate::error::template_problem(&name, &message, &fix));
                }
                Error::Content(list) => diagnostics.extend(list.0),
                other => return Err(other),
            }
        }
        return Err(Error::content(diagnostics));
    }
    Ok(poster::warnings(&model.site))
}

/// The problems the page `extra` would cause among the pages of the site at `root` (another
/// page or file at its address, in any case): what a build would say once it is written.
/// Nothing when the site has problems of its own that stop a build before it gets that far.
pub(crate) fn problems_with(root: &Path, config: &Config, extra: Page) -> Result<Vec<Diagnostic>> {
    let (Ok(theme), Ok(((pages, assets), _))) = (
        crate::render::theme::load(root, config),
        steps::scan_and_parse(root, config),
    ) else {
        return Ok(Vec::new());
    };
    let source = extra.source.clone();
    let mut all: Vec<Arc<Page>> = pages.into_values().collect();
    all.push(Arc::new(extra));
    // The model takes pages in path order, as a build reads them.
    all.sort_by(|a, b| a.rel.cmp(&b.rel));
    let how = Assembly {
        drafts: true,
        keep: Keep::None,
    };
    let now = jiff::Timestamp::now();
    match steps::assemble(config.clone(), all, &assets, &theme, now, how, None) {
        Ok(_) => Ok(Vec::new()),
        Err(Error::Content(list)) => {
            let name = source.display().to_string();
            Ok(list
                .0
                .into_iter()
                .filter(|d| d.path == source || d.message.mentions(&name))
                .collect())
        }
        Err(e) => Err(e),
    }
}
