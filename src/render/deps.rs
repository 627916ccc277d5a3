//! Template dependencies for rebuild keys: which templates a template pulls in, found by Tera's
//! own parser rather than by scanning text, and the shared variables it (or what it pulls in)
//! reads. This module owns [`TemplateInfo`]; loading templates belongs to `theme.rs`.
//!
//! Tera 2 keeps its parsed templates private: a template's `extends`, `include` and component
//! calls are `pub(crate)` fields. What it does expose is [`Tera::get_template_variables`],
//! which walks a template's parents and includes (transitively) and lists the variables they
//! read. So the dependencies are found with a *probe*: a second Tera instance in which every
//! template gets one extra block reading a variable unique to it. A template's probe variables
//! then name exactly the templates Tera itself would pull in through `extends` and `include`,
//! whatever their syntax, and never a word "include" in text or a comment. The probe is
//! analysed, never rendered.
//!
//! Components are the part Tera 2 cannot tell us per template: they are global by name, and
//! which components a template calls is not exposed. The policy (see [`COMPONENTS_DIR`]) is
//! that every component is defined under `components/`, which is checked at load; every
//! template then depends on all of those files (and what they pull in), and reads every
//! component's `@implicit` arguments. A component edit therefore re-renders every page: safe,
//! and cheap next to a full build.
//!
//! Tera 2 has no `{% import %}`, no macros and no computed `{% include %}` names: all three are
//! syntax errors at load (reported with file and line by `theme.rs`), so nothing untrackable
//! can reach this module.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use tera::Tera;

/// Folder (inside `templates/`) where every `{% component %}` must be defined.
pub const COMPONENTS_DIR: &str = "components/";

/// Name of the block and prefix of the variables the probe adds to every template.
const PROBE: &str = "__safepress_dep";

/// What a rebuild needs to know about one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateInfo {
    /// Hash of the template's text and of every template it depends on: its parents, its
    /// includes (transitively, including their parents) and the component files.
    pub hash: u64,
    /// Templates it depends on, itself excluded, sorted by name.
    pub depends_on: BTreeSet<String>,
    /// Top-level variables it, or anything it depends on, reads.
    pub variables: BTreeSet<String>,
}

/// Why the templates' dependencies could not be worked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DepsError {
    /// A component is defined outside `components/` (or a file there calls one that is).
    ComponentOutsideFolder {
        /// Components that are not defined under `components/`.
        names: Vec<String>,
        /// Templates outside `components/` that define a component.
        files: Vec<String>,
    },
}

/// Dependency information for every template in `sources`; `tera` has them all loaded.
pub fn analyse(
    sources: &BTreeMap<String, String>,
    tera: &Tera,
) -> Result<BTreeMap<String, TemplateInfo>, DepsError> {
    let direct = match probe(sources, tera) {
        Some(direct) => direct,
        // Unexpected (the probe only adds a block to templates that loaded): be safe and make
        // every template depend on every other.
        None => sources
            .keys()
            .map(|n| (n.clone(), sources.keys().cloned().collect()))
            .collect(),
    };
    let (components, implicits) = component_files(sources, tera, &direct)?;
    let own_vars: BTreeMap<&str, BTreeSet<String>> = sources
        .keys()
        .map(|n| {
            let vars = tera
                .get_template_variables(n)
                .map(|v| v.into_iter().map(str::to_string).collect())
                .unwrap_or_default();
            (n.as_str(), vars)
        })
        .collect();
    Ok(sources
        .keys()
        .map(|name| {
            let mut deps = closure(name, &direct);
            deps.extend(components.iter().cloned());
            deps.remove(name);
            let mut h = DefaultHasher::new();
            (name, &sources[name]).hash(&mut h);
            let mut variables = implicits.clone();
            variables.extend(own_vars[name.as_str()].iter().cloned());
            for d in &deps {
                (d, sources.get(d)).hash(&mut h);
                variables.extend(own_vars.get(d.as_str()).into_iter().flatten().cloned());
            }
            let info = TemplateInfo {
                hash: h.finish(),
                depends_on: deps,
                variables,
            };
            (name.clone(), info)
        })
        .collect())
}

/// Each template's direct dependencies (through `extends` and `include`), as Tera resolves
/// them; `None` if the probe instance fails to load.
fn probe(
    sources: &BTreeMap<String, String>,
    tera: &Tera,
) -> Option<BTreeMap<String, BTreeSet<String>>> {
    let names: Vec<&String> = sources.keys().collect();
    let probed: Vec<(&str, String)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            // A block is legal at the end of any template: in a child template it overrides
            // the block every root template gets, so none is "not defined in any parent".
            let tag = format!("{{% block {PROBE} %}}{{{{ {PROBE}_{i} }}}}{{% endblock {PROBE} %}}");
            (n.as_str(), format!("{}{tag}", sources[*n]))
        })
        .collect();
    // The same filters, tests and functions as the real instance, or validation would fail.
    let mut probe = Tera::default();
    probe.register_from(tera);
    probe
        .add_raw_templates(probed.iter().map(|(n, s)| (*n, s.as_str())))
        .ok()?;
    let prefix = format!("{PROBE}_");
    names
        .iter()
        .map(|n| {
            let vars = probe.get_template_variables(n).ok()?;
            let deps = vars
                .into_iter()
                .filter_map(|v| v.strip_prefix(&prefix)?.parse::<usize>().ok())
                .filter_map(|i| names.get(i).map(|d| (*d).clone()))
                .filter(|d| d != *n)
                .collect();
            Some(((*n).clone(), deps))
        })
        .collect()
}

/// Everything `name` pulls in, transitively (an included template's own parents too).
fn closure(name: &str, direct: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    while let Some(n) = todo.pop() {
        if let Some(deps) = direct.get(&n) {
            for d in deps {
                if seen.insert(d.clone()) {
                    todo.push(d.clone());
                }
            }
        }
    }
    seen
}

/// The files every template depends on because it may call a component (the `components/`
/// templates and what they pull in), and the components' `@implicit` argument names, which
/// a call reads from the caller's variables. Checks that those files define every component.
fn component_files(
    sources: &BTreeMap<String, String>,
    tera: &Tera,
    direct: &BTreeMap<String, BTreeSet<String>>,
) -> Result<(BTreeSet<String>, BTreeSet<String>), DepsError> {
    let all: BTreeSet<&str> = tera.get_component_names().collect();
    if all.is_empty() {
        return Ok(Default::default());
    }
    let mut files: BTreeSet<String> = BTreeSet::new();
    for name in sources.keys().filter(|n| n.starts_with(COMPONENTS_DIR)) {
        files.extend(closure(name, direct));
        files.insert(name.clone());
    }
    // Tera lists which components a set of templates defines, not which file defines one:
    // load the component files alone and compare.
    let mut alone = Tera::default();
    let defined: BTreeSet<String> = match alone.add_raw_templates(
        files
            .iter()
            .filter_map(|n| Some((n.as_str(), sources.get(n)?.as_str()))),
    ) {
        Ok(()) => alone.get_component_names().map(str::to_string).collect(),
        Err(_) => BTreeSet::new(),
    };
    let missing: Vec<String> = all
        .iter()
        .filter(|c| !defined.contains(**c))
        .map(|c| c.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(DepsError::ComponentOutsideFolder {
            names: missing,
            files: definers(sources, tera, &files),
        });
    }
    let implicits = all
        .iter()
        .filter_map(|c| tera.get_component_definition(c))
        .flat_map(|info| {
            info.args()
                .iter()
                .filter(|a| a.is_implicit())
                .map(|a| a.name().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    Ok((files, implicits))
}

/// Templates not in `files` that define a component: a second copy of such a template makes
/// Tera report a duplicate component. Only run to explain an error, as it loads once per
/// template.
fn definers(
    sources: &BTreeMap<String, String>,
    tera: &Tera,
    files: &BTreeSet<String>,
) -> Vec<String> {
    sources
        .iter()
        .filter(|(name, _)| !files.contains(*name))
        .filter(|(_, text)| {
            let mut copy = tera.clone();
            copy.add_raw_template(&format!("{PROBE}_copy"), text)
                .is_err()
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// Templates as `analyse` receives them: their sources, and a Tera instance with them loaded.
#[cfg(test)]
pub(crate) fn loaded(templates: &[(&str, &str)]) -> (BTreeMap<String, String>, Tera) {
    let sources = templates
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut tera = Tera::default();
    tera.add_raw_templates(templates.iter().copied())
        .expect("templates load");
    (sources, tera)
}
