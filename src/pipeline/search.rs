//! Which outputs the search index covers and under which links: every content page (lessons,
//! announcements, plain pages), in plan order. The indexing itself is [`crate::search`]'s.

use crate::error::Result;
use crate::model::site::Site;
use crate::pipeline::kinds::Render;
use crate::pipeline::plan::{Action, Output, Plan};
use crate::pipeline::state::BuildState;
use crate::search::{self, Refresh, Target};
use std::path::Path;

/// The link search results give for `output`, if the index covers it.
pub(crate) fn indexed_url(site: &Site, output: &Output) -> Option<String> {
    match &output.action {
        Action::Render(Render::Page(i)) if site.config.search => {
            Some(site.config.urls.href(site.pages[*i].route()))
        }
        _ => None,
    }
}

/// The files of the search index now in the output folder `output`, as output paths.
pub(crate) fn index_in(output: &Path) -> Result<Vec<String>> {
    let files = search::bundle_files(output)?;
    Ok(files
        .iter()
        .filter_map(|f| f.strip_prefix(output).ok())
        .filter_map(crate::model::source::slash_path)
        .collect())
}

/// The pages the index of `site` covers, in plan order.
pub fn targets(site: &Site, plan: &Plan) -> Vec<Target> {
    plan.outputs
        .iter()
        .filter_map(|o| {
            indexed_url(site, o).map(|url| Target {
                file: o.path.clone(),
                url,
            })
        })
        .collect()
}

impl BuildState {
    /// What brings the search index in the output up to date with the pages now written
    /// (or removes it, when the site has no search). Rebuilds leave the index alone; watch
    /// mode runs this after each one, off the rebuild's path.
    pub fn search_refresh(&self) -> Refresh {
        Refresh {
            output: self.opts.output.clone(),
            pages: self
                .site
                .config
                .search
                .then(|| targets(&self.site, &self.plan)),
        }
    }
}
