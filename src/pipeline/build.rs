//! Full builds: every stage in order, staged into a folder beside the output and moved in only
//! when everything succeeded.

use crate::error::Result;
use crate::pipeline::state::{BuildOptions, BuildState, Stamp};
use crate::pipeline::steps::{self};
use crate::render::Renderer;
use crate::render::theme::{self};
use crate::write::{self, Staging};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::time::Instant;

/// Builds the site at `opts.root` into `opts.output`; on any error the output is untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildState> {
    let start = Instant::now();
    write::check(&opts.root, &opts.output, opts.force)?;
    let (config, config_hash) = steps::load_config(opts)?;
    let now = steps::clock(opts.now.as_deref(), &config)?;
    let theme = theme::load(&opts.root, &config)?;
    let (pages, assets) = steps::scan_and_parse(&opts.root, &config)?;
    let all = pages.values().cloned().collect();
    let model = steps::assemble(config, all, &assets, &theme, now, opts.drafts, None)?;
    let key_context = model.key_context(&theme, config_hash);
    let key_setup = key_context.setup();
    let (keys, reads) = key_context.keys(&model.plan);
    let staging = Staging::new(&opts.output)?;
    let renderer = Renderer::new(
        &theme,
        &model.strings,
        &model.globals,
        &model.site.config.language,
    );
    let view = model.view();
    let produced: Vec<(u64, bool)> = model
        .plan
        .outputs
        .par_iter()
        .map(|o| {
            let bytes = steps::produce(&renderer, &view, o, opts.portable)?;
            Ok((steps::hash_bytes(&bytes), staging.put(&o.path, &bytes)?))
        })
        .collect::<Result<_>>()?;
    let changed: Vec<&str> = model
        .plan
        .outputs
        .iter()
        .zip(&produced)
        .filter(|(_, p)| p.1)
        .map(|(o, _)| o.path.as_str())
        .collect();
    let keep = model.plan.outputs.iter().map(|o| o.path.as_str()).collect();
    staging.commit(&changed, &keep)?;
    let stamps = keys
        .into_iter()
        .zip(produced)
        .map(|(key, (bytes, _))| Stamp { key, bytes })
        .collect();
    let report = steps::report(&model.site, &model.plan, start.elapsed(), &opts.output);
    Ok(BuildState {
        opts: opts.clone(),
        site: model.site,
        plan: model.plan,
        theme,
        summaries: model.summaries,
        report,
        config_hash,
        pages,
        assets,
        stamps,
        reads,
        key_setup,
        pending: BTreeSet::new(),
        output_unknown: false,
    })
}
