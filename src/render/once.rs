//! Partials rendered once per language. The banner of urgent announcements and the footer with
//! every hotline are the same on every page of a language, yet each page's `include` used to
//! interpret them again: a sixth of a full build's CPU time. A partial whose output can only
//! depend on the variables every page of a language shares ([`SHARED`]) is rendered once per
//! language, and every page's include copies that output. The output is byte for byte what
//! interpreting the partial on each page gives; themes need not know (docs/THEME.md says which
//! partials qualify).
//!
//! How: [`plan`] picks the partials from what Tera and the templates' text tell; the theme then
//! loads a second Tera instance in which each picked partial's text is a stub printing a
//! variable ([`Partial::var`]) and its real text stays loaded under [`Partial::alias`]. Before
//! a build uses that instance, `Renderer::new` renders each alias once per language; if one
//! fails, the build uses the ordinary instance, and `Renderer::render` uses it for an output
//! without a language or whose own variables hide a shared one.
//!
//! Tera 2 reports as "read" the variables a template sets for the templates it includes
//! (`{% set icon_name = "phone" %}{% include "partials/icon.html" %}`), and keeps its parser
//! private. So the tags that bind a name (`set`, `set_global`, `for`) are found in the text:
//! a mistake there (a tag in a comment) can only keep a partial from qualifying, never let
//! a wrong one in.

use crate::render::deps::{COMPONENTS_DIR, TemplateInfo};
use std::collections::{BTreeMap, BTreeSet};

/// The variables every page of a language shares: the globals of `render::globals`, the UI
/// strings `t`, `language_names`, and the page's language `lang`.
pub const SHARED: &[&str] = &[
    "site",
    "root",
    "links",
    "categories",
    "hotlines",
    "menu",
    "audiences",
    "banner",
    "icons",
    "t",
    "language_names",
    "lang",
];

/// Prefix of the names the plan adds: aliases of partials and the variables of their output.
pub(crate) const PREFIX: &str = "__safepress_once";

/// A partial rendered once per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partial {
    /// Its template name.
    pub name: String,
    /// The name its real text is loaded under.
    pub alias: String,
    /// The variable that carries its output to every page.
    pub var: String,
    /// Variables it reads that it (or what it includes) sets itself. Its output is made with
    /// none of them defined; where one is defined at an include, the stub interprets the
    /// partial there instead of printing that output.
    pub locals: Vec<String>,
}

/// The partials to render once per language, each after those it includes.
///
/// A template qualifies when another template includes or extends it and:
/// - every variable it reads is shared, or set by a tag in it or in what it includes (a
///   "local": where one is defined at the include, the stub interprets the partial instead);
/// - no template that pulls it in binds a shared name it reads (a `set` or a `for` would
///   change what the include sees);
/// - it has no `{% block %}` (it may be a parent), is not a component file, and it and every
///   template pulling it in escape HTML (an include takes its includer's escaping);
/// - neither it nor what it includes names Tera's own variables (`__tera_context`, the loop's
///   `__tera_*`), which Tera does not report as read;
/// - neither its name nor a variable it reads uses the plan's own prefix.
///
/// No template qualifies when any template prints `__tera_context`: it would show the
/// variables that carry the outputs.
pub fn plan(
    sources: &BTreeMap<String, String>,
    info: &BTreeMap<String, TemplateInfo>,
) -> Vec<Partial> {
    if sources.values().any(|text| text.contains("__tera_context")) {
        return Vec::new();
    }
    let tags: BTreeMap<&str, Tags> = sources
        .iter()
        .map(|(name, text)| (name.as_str(), Tags::of(text)))
        .collect();
    let mut picked: Vec<(&str, &TemplateInfo, Vec<String>)> = info
        .iter()
        .filter(|(name, _)| qualifies_by_name(name))
        .filter_map(|(name, own)| {
            let pulled_by: Vec<&str> = info
                .iter()
                .filter(|(_, i)| i.depends_on.contains(name))
                .map(|(n, _)| n.as_str())
                .collect();
            let reads_tera_names = std::iter::once(name)
                .chain(&own.depends_on)
                .any(|n| sources.get(n).is_none_or(|text| text.contains("__tera_")));
            if pulled_by.is_empty()
                || reads_tera_names
                || tags.get(name.as_str()).is_none_or(|t| t.has_block)
                || pulled_by.iter().any(|n| !qualifies_by_name(n))
            {
                return None;
            }
            let set_inside: BTreeSet<&str> = std::iter::once(name.as_str())
                .chain(own.depends_on.iter().map(String::as_str))
                .filter_map(|n| tags.get(n))
                .flat_map(|t| t.bound.iter().map(String::as_str))
                .collect();
            let mut locals = Vec::new();
            for var in &own.variables {
                if var.starts_with(PREFIX) {
                    return None;
                }
                if SHARED.contains(&var.as_str()) {
                    let shadowed = pulled_by
                        .iter()
                        .filter_map(|n| tags.get(n))
                        .any(|t| t.bound.contains(var));
                    if shadowed {
                        return None;
                    }
                } else if set_inside.contains(var.as_str()) {
                    locals.push(var.clone());
                } else {
                    return None;
                }
            }
            Some((name.as_str(), own, locals))
        })
        .collect();
    // What a template includes depends on fewer templates than it does: dependencies first.
    picked.sort_by_key(|(name, own, _)| (own.depends_on.len(), *name));
    picked
        .into_iter()
        .enumerate()
        .map(|(i, (name, _, locals))| Partial {
            name: name.to_string(),
            alias: format!("{PREFIX}/{name}"),
            var: format!("{PREFIX}_{i}"),
            locals,
        })
        .collect()
}

/// The templates to load over the ordinary ones: each partial's stub under its name, and its
/// real text under its alias.
pub fn templates(plan: &[Partial], sources: &BTreeMap<String, String>) -> Vec<(String, String)> {
    plan.iter()
        .filter_map(|p| Some((p, sources.get(&p.name)?)))
        .flat_map(|(p, text)| [(p.name.clone(), stub(p)), (p.alias.clone(), text.clone())])
        .collect()
}

/// The text that stands for a partial: its output, or, where one of its locals is defined
/// at the include, the partial itself. No space or newline between tags: nothing is added
/// to what the partial gives.
fn stub(p: &Partial) -> String {
    let print = format!("{{{{ {} | safe }}}}", p.var);
    if p.locals.is_empty() {
        return print;
    }
    let defined: Vec<String> = p.locals.iter().map(|l| format!("{l} is defined")).collect();
    format!(
        "{{% if {} %}}{{% include \"{}\" %}}{{% else %}}{print}{{% endif %}}",
        defined.join(" or "),
        p.alias
    )
}

/// Whether Tera escapes HTML in a template of this name (its default suffixes), and the name
/// is not one of the plan's own or a component file.
fn qualifies_by_name(name: &str) -> bool {
    [".html", ".htm", ".xml"].iter().any(|s| name.ends_with(s))
        && !name.starts_with(PREFIX)
        && !name.starts_with(COMPONENTS_DIR)
}

/// What the text of one template's tags says.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tags {
    /// Names a `set`, `set_global` or `for` tag binds.
    bound: BTreeSet<String>,
    /// Whether it has a `{% block %}`.
    has_block: bool,
}

impl Tags {
    /// Scans every `{% … %}` tag of a template's text.
    fn of(text: &str) -> Tags {
        let mut tags = Tags::default();
        for (start, _) in text.match_indices("{%") {
            let rest = text[start + 2..].trim_start_matches(['-', '+']);
            let body = rest.split("%}").next().unwrap_or(rest);
            let mut words = body
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty());
            match words.next() {
                Some("set" | "set_global") => tags.bound.extend(words.next().map(str::to_string)),
                Some("for") => tags
                    .bound
                    .extend(words.take_while(|w| *w != "in").map(str::to_string)),
                Some("block") => tags.has_block = true,
                _ => {}
            }
        }
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::deps;

    fn plan_of(templates: &[(&str, &str)]) -> Vec<Partial> {
        let (sources, tera) = deps::loaded(templates);
        let info = deps::analyse(&sources, &tera).expect("analysed");
        plan(&sources, &info)
    }

    fn names(plan: &[Partial]) -> Vec<&str> {
        plan.iter().map(|p| p.name.as_str()).collect()
    }

    const BASE: &str =
        "<html>{% include \"foot.html\" %}{% block content %}{% endblock content %}</html>";

    #[test]
    fn a_partial_of_shared_variables_is_planned_with_an_alias_and_a_variable() {
        let plan = plan_of(&[
            ("base.html", BASE),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block content %}{{ kind }}{% endblock content %}",
            ),
            ("foot.html", "<p>{{ site.title }} {{ t.note }}</p>"),
        ]);
        assert_eq!(
            plan,
            vec![Partial {
                name: "foot.html".into(),
                alias: "__safepress_once/foot.html".into(),
                var: "__safepress_once_0".into(),
                locals: vec![],
            }]
        );
    }

    #[test]
    fn a_partial_reading_a_page_variable_is_not_planned() {
        let plan = plan_of(&[
            ("base.html", BASE),
            ("foot.html", "<p>{{ site.title }} {{ current_url }}</p>"),
        ]);
        assert!(plan.is_empty(), "{plan:?}");
    }

    #[test]
    fn names_the_partial_sets_before_including_are_its_locals_and_it_comes_after_its_includes() {
        let plan = plan_of(&[
            ("base.html", BASE),
            (
                "foot.html",
                "{% for line in hotlines %}{% set icon_name = \"phone\" %}{% include \"icon.html\" %}{% include \"note.html\" %}{% endfor %}",
            ),
            ("icon.html", "<svg>{{ icon_name }}</svg>"),
            ("note.html", "{{ t.note }}"),
        ]);
        assert_eq!(names(&plan), ["note.html", "foot.html"]);
        assert_eq!(plan[1].locals, ["icon_name"]);
        assert_eq!(plan[1].var, "__safepress_once_1");
    }

    #[test]
    fn a_partial_whose_includer_binds_a_shared_name_it_reads_is_not_planned() {
        for binding in [
            "{% set banner = [] %}",
            "{%- set_global banner = [] -%}",
            "{% for x, banner in links %}{% endfor %}",
        ] {
            let plan = plan_of(&[
                ("base.html", BASE),
                (
                    "page.html",
                    &format!(
                        "{{% extends \"base.html\" %}}{{% block content %}}{binding}{{% endblock content %}}"
                    ),
                ),
                ("foot.html", "{{ banner | length }}"),
            ]);
            assert!(plan.is_empty(), "{binding}: {plan:?}");
        }
    }

    #[test]
    fn parents_components_and_unescaped_templates_are_not_planned() {
        // A template with a block (a parent), one pulled in by a text template, one only a
        // component file pulls in.
        let plan = plan_of(&[
            (
                "base.html",
                "{% include \"parent.html\" %}{% block content %}{% endblock content %}",
            ),
            (
                "parent.html",
                "{{ site.title }}{% block x %}{% endblock x %}",
            ),
            ("robots.txt", "{% include \"plain.html\" %}"),
            ("plain.html", "{{ site.title }}"),
            (
                "components/card.html",
                "{% component Card() %}{% include \"inner.html\" %}{% endcomponent Card %}",
            ),
            ("inner.html", "{{ site.title }}"),
        ]);
        assert!(plan.is_empty(), "{plan:?}");
    }

    #[test]
    fn the_builtin_theme_renders_its_banner_and_footer_once() {
        let sources: BTreeMap<String, String> = crate::render::layers::builtin()
            .into_iter()
            .filter_map(|f| {
                let name = f.origin.path.strip_prefix("templates/")?.to_string();
                Some((name, String::from_utf8(f.bytes().ok()?.into_owned()).ok()?))
            })
            .collect();
        let templates: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let plan = plan_of(&templates);
        let planned = names(&plan);
        for name in ["partials/banner.html", "partials/footer.html"] {
            assert!(planned.contains(&name), "{name} in {planned:?}");
        }
        for name in [
            "partials/header.html",
            "partials/icon.html",
            "partials/emergency_panel.html",
        ] {
            assert!(!planned.contains(&name), "{name} in {planned:?}");
        }
    }

    #[test]
    fn partials_naming_teras_own_variables_are_not_planned() {
        let plan = plan_of(&[
            ("base.html", BASE),
            ("foot.html", "{% include \"inner.html\" %}"),
            (
                "inner.html",
                "{{ site.title }}{{ __tera_loop_index | default(value=0) }}",
            ),
        ]);
        assert!(plan.is_empty(), "{plan:?}");
        let plan = plan_of(&[
            ("base.html", BASE),
            ("foot.html", "{{ site.title }}"),
            ("debug.html", "{{ __tera_context }}"),
        ]);
        assert!(plan.is_empty(), "{plan:?}");
    }

    #[test]
    fn a_stub_prints_the_output_or_includes_the_partial_where_a_local_is_defined() {
        let mut p = Partial {
            name: "foot.html".into(),
            alias: "__safepress_once/foot.html".into(),
            var: "__safepress_once_0".into(),
            locals: vec![],
        };
        assert_eq!(stub(&p), "{{ __safepress_once_0 | safe }}");
        p.locals = vec!["icon_name".into(), "item".into()];
        assert_eq!(
            stub(&p),
            "{% if icon_name is defined or item is defined %}{% include \"__safepress_once/foot.html\" %}\
             {% else %}{{ __safepress_once_0 | safe }}{% endif %}"
        );
    }

    #[test]
    fn tags_finds_bindings_and_blocks() {
        let tags = Tags::of(
            "{% set a = 1 %}{%- set_global b = 2 -%}{% for k, v in m %}{% endfor %}{{ set_x }}{% block c %}{% endblock c %}",
        );
        assert_eq!(
            tags.bound.iter().map(String::as_str).collect::<Vec<_>>(),
            ["a", "b", "k", "v"]
        );
        assert!(tags.has_block);
        assert_eq!(Tags::of("{% if set %}{% endif %}"), Tags::default());
    }
}
