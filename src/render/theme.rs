//! Themes: templates, UI strings and static files, layered so that the site's `templates/`
//! win over the theme folder, which wins over the default theme compiled into the binary.

use crate::error::{Diagnostic, Error, Result};
use crate::fs::FileSource;
use crate::markdown::Labels;
use crate::messages::Text;
use crate::model::config::{self, Config};
use crate::model::dates::SiteDateWords;
use crate::model::source::THEMES_DIR;
pub use crate::render::deps::TemplateInfo;
use crate::render::deps::{self, COMPONENTS_DIR, DepsError};
use crate::render::i18n::{self, Catalog};
use crate::render::icons::{self, Icons};
use crate::render::layers::{self, LayerFile, Origin};
use crate::render::once;
use crate::text;

/// The bytes set aside for one rendered output (most pages of the default theme are
/// 20–30 KB).
const RENDER_CAPACITY: usize = 32 * 1024;

/// A static file of the theme: (path in the output, its bytes, where it came from).
pub type StaticFile = (String, FileSource, String);
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use tera::{Context, Tera};

/// Loaded templates, strings and static files of the active theme.
pub struct Theme {
    tera: Tera,
    /// The partials rendered once per language, and the instance in which they are stubs
    /// (`once.rs`); `None` when none qualifies.
    once: Option<(Vec<once::Partial>, Tera)>,
    /// The UI strings of each site language, every key the templates and the engine read
    /// present (checked at load).
    strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Static files to copy to the output root: built-in, then theme, then site; the origin
    /// is the [`Origin`]'s display.
    pub statics: Vec<StaticFile>,
    /// Where each template came from, for error messages.
    origins: BTreeMap<String, Origin>,
    /// Per template: a hash of it and everything it depends on, and the shared variables it
    /// reads.
    info: BTreeMap<String, TemplateInfo>,
    /// Hash of the UI strings and static files: a change here changes every page.
    pub generation: u64,
    /// The inline markup of each icon the site's categories name (see `icons.rs`).
    pub icons: Icons,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.origins)
            .finish()
    }
}

/// The sitemap index's template, which every theme has (the built-in one if it brings none).
const SITEMAP_INDEX: &str = "templates/sitemap_index.xml";

/// Loads the theme named in the config: the built-in default theme, or a theme folder, then
/// the site's own templates and static files over it.
pub fn load(root: &Path, config: &Config) -> Result<Theme> {
    if config.theme != "default" && !root.join(THEMES_DIR).join(&config.theme).is_dir() {
        return Err(Error::content(vec![Diagnostic::new(
            config::FILE_NAME,
            0,
            0,
            text!("theme.missing", theme = &config.theme),
            text!("theme.missing_fix", theme = &config.theme),
        )]));
    }
    let mut files = Vec::new();
    if config.theme == "default" {
        files.extend(layers::builtin());
    } else {
        // Only sites too big for one sitemap file render this, so a theme's author would not
        // see it missing; it is the protocol's fixed markup, which a theme may still replace.
        files.extend(
            layers::builtin()
                .into_iter()
                .filter(|f| f.origin.path == SITEMAP_INDEX),
        );
    }
    files.extend(layers::theme_folder(root, &config.theme)?);
    files.extend(layers::site(root)?);
    let merged = merge(files)?;
    let mut tera = Tera::default();
    tera.set_escape_fn(crate::render::escape::html);
    tera.add_raw_templates(
        merged
            .templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str())),
    )
    .map_err(|e| load_error(&merged, &e))?;
    let sources: BTreeMap<String, String> = merged
        .templates
        .iter()
        .map(|(k, (t, _))| (k.clone(), t.clone()))
        .collect();
    let origins = merged.origins();
    let info = deps::analyse(&sources, &tera).map_err(|e| deps_error(&origins, e))?;
    let planned = once::plan(&sources, &info);
    let once = if planned.is_empty() {
        None
    } else {
        let mut stubbed = tera.clone();
        // Cannot fail (the same texts loaded, a stub is one expression); if it did, pages
        // would simply interpret every partial.
        stubbed
            .add_raw_templates(once::templates(&planned, &sources))
            .ok()
            .map(|()| (planned, stubbed))
    };
    let strings = i18n::site_strings(&merged.strings, &sources, &tera, &origins, config)?;
    let icons = icons::resolve(config, &merged.statics)?;
    let mut h = DefaultHasher::new();
    strings.hash(&mut h);
    for (path, (_, origin)) in &merged.statics {
        (path, origin).hash(&mut h);
    }
    Ok(Theme {
        tera,
        once,
        strings,
        statics: merged
            .statics
            .into_iter()
            .map(|(path, (action, origin))| (path, action, origin.to_string()))
            .collect(),
        origins,
        info,
        generation: h.finish(),
        icons,
    })
}

/// The layers merged: a later layer's file replaces an earlier one's at the same path.
struct Merged {
    templates: BTreeMap<String, (String, Origin)>,
    strings: Catalog,
    statics: BTreeMap<String, (FileSource, Origin)>,
}

impl Merged {
    fn origins(&self) -> BTreeMap<String, Origin> {
        self.templates
            .iter()
            .map(|(k, (_, o))| (k.clone(), o.clone()))
            .collect()
    }
}

fn merge(files: Vec<LayerFile>) -> Result<Merged> {
    let mut merged = Merged {
        templates: BTreeMap::new(),
        strings: Catalog::default(),
        statics: BTreeMap::new(),
    };
    for file in files {
        let origin = &file.origin;
        if let Some(name) = origin.path.strip_prefix("templates/") {
            let text =
                String::from_utf8(file.bytes()?.into_owned()).map_err(|_| not_utf8(origin))?;
            merged
                .templates
                .insert(name.to_string(), (text, origin.clone()));
        } else if let Some(rel) = origin.path.strip_prefix("i18n/") {
            let Some(lang) = rel.strip_suffix(".yaml") else {
                continue;
            };
            let bytes = file.bytes()?;
            let text = std::str::from_utf8(&bytes).map_err(|_| not_utf8(origin))?;
            merged.strings.add(origin, lang, text)?;
        } else if let Some(rel) = origin.path.strip_prefix("static/") {
            merged
                .statics
                .insert(rel.to_string(), (file.action(), origin.clone()));
        }
    }
    Ok(merged)
}

fn deps_error(origins: &BTreeMap<String, Origin>, e: DepsError) -> Error {
    match e {
        DepsError::ComponentOutsideFolder { names, files } => {
            let files: Vec<String> = files
                .iter()
                .map(|f| origins.get(f).map_or_else(|| f.clone(), Origin::to_string))
                .collect();
            let name = files
                .first()
                .cloned()
                .unwrap_or_else(|| "templates".to_string());
            Error::Template {
                name,
                message: text!(
                    "theme.component_outside",
                    names = names.join(", "),
                    dir = COMPONENTS_DIR,
                    files = if files.is_empty() {
                        "?".to_string()
                    } else {
                        files.join(", ")
                    },
                ),
                fix: text!("theme.component_outside_fix", dir = COMPONENTS_DIR),
            }
        }
    }
}

fn not_utf8(origin: &Origin) -> Error {
    Error::content(vec![Diagnostic::new(
        origin.to_string(),
        0,
        0,
        text!("steps.not_utf8"),
        text!("steps.not_utf8_fix"),
    )])
}

/// A load error, with a fix for syntax Tera 2 rejects because it cannot be tracked (or does
/// not exist): macros, `import`, and `include`/`extends` of a name computed at render time.
/// Rejecting these at load, rather than guessing dependencies, is what keeps every
/// template's dependencies known (see `deps.rs`).
fn load_error(merged: &Merged, e: &tera::Error) -> Error {
    let mut error = template_error(&merged.origins(), None, e);
    if let (tera::ErrorKind::SyntaxError(r), Error::Template { fix, .. }) = (e.kind(), &mut error) {
        let text = merged.templates.get(r.filename()).map(|(t, _)| t.as_str());
        if let Some(hint) = text.and_then(|t| syntax_hint(t, r)) {
            *fix = hint;
        }
    }
    error
}

/// A fix for a syntax error at `r` in `text`, when it is one of the untrackable forms.
fn syntax_hint(text: &str, r: &tera::ReportError) -> Option<Text> {
    let span = r.span();
    let at = text.get(span.range.clone())?.trim();
    let before = text.get(..span.range.start)?;
    let tag = before.rsplit("{%").next()?.trim_start_matches('-').trim();
    if r.message() == "Unknown tag" && ["import", "macro"].contains(&at) {
        return Some(text!("theme.no_macros_fix"));
    }
    if ["include", "extends"].contains(&tag.split_whitespace().next()?) {
        return Some(text!("theme.computed_include_fix"));
    }
    None
}

/// Tera's message with the names safepress gives its own template variables (the partials
/// rendered once per language) left out of its list of the variables there are.
fn without_internal_names(message: &str) -> String {
    const LIST: &str = "Available variables: ";
    let Some(at) = message.find(LIST) else {
        return message.to_string();
    };
    let (head, list) = message.split_at(at + LIST.len());
    let names: Vec<&str> = list
        .split(", ")
        .filter(|n| !n.starts_with(crate::render::once::PREFIX))
        .collect();
    format!("{head}{}", names.join(", "))
}

fn template_error(
    origins: &BTreeMap<String, Origin>,
    name: Option<&str>,
    e: &tera::Error,
) -> Error {
    let origin = |n: &str| {
        origins
            .get(n)
            .map_or_else(|| n.to_string(), Origin::to_string)
    };
    let (name, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let file = if r.filename().is_empty() {
                name.map_or_else(|| "templates".to_string(), origin)
            } else {
                origin(r.filename())
            };
            let span = r.span();
            (
                format!("{file}:{}:{}", span.start_line, span.start_col + 1),
                without_internal_names(r.message()),
            )
        }
        kind => (
            name.map_or_else(|| "templates".to_string(), origin),
            kind.to_string(),
        ),
    };
    let mut message = message;
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error::Template {
        name,
        message: crate::error::engine_message(message),
        fix: text!("template.fix"),
    }
}

impl Theme {
    /// Renders a template with a context, to bytes; with `once`, the partials of
    /// [`Theme::once`] print the variables the context carries instead of being interpreted.
    pub fn render(&self, name: &str, context: &Context, once: bool) -> Result<Vec<u8>> {
        let tera = match &self.once {
            Some((_, stubbed)) if once => stubbed,
            _ => &self.tera,
        };
        // Room for a whole page of the default theme, so the bytes are not moved as they
        // grow; written as they are, since templates and values are all UTF-8 already.
        let mut out = Vec::with_capacity(RENDER_CAPACITY);
        tera.render_to(name, context, &mut out)
            .map_err(|e| template_error(&self.origins, Some(name), &e))?;
        Ok(out)
    }

    /// The partials rendered once per language (`once.rs`), each after those it includes.
    pub fn once(&self) -> &[once::Partial] {
        self.once.as_ref().map_or(&[], |(p, _)| p.as_slice())
    }

    /// The names of every loaded template.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.info.keys().map(String::as_str)
    }

    /// Dependency information about a template.
    pub fn info(&self, name: &str) -> Option<&TemplateInfo> {
        self.info.get(name)
    }

    /// The UI strings of a site language (`None` for another language).
    pub fn strings(&self, lang: &str) -> Option<&BTreeMap<String, String>> {
        self.strings.get(lang)
    }

    /// One UI string of a site language.
    pub fn text(&self, lang: &str, key: &str) -> Option<&str> {
        self.strings(lang)?.get(key).map(String::as_str)
    }

    /// The words for callouts and task lists in a site language.
    pub fn labels(&self, lang: &str) -> Result<Labels> {
        Labels::from_strings(|key| self.text(lang, key)).map_err(|key| missing(lang, key))
    }

    /// The date words of every site language.
    pub fn date_words(&self, config: &Config) -> Result<SiteDateWords> {
        SiteDateWords::new(config, |lang, key| self.text(lang, key))
            .map_err(|(lang, key)| missing(&lang, &key))
    }
}

/// A key the engine reads that the checked strings lack: the check and
/// [`ENGINE_KEYS`](crate::render::i18n::ENGINE_KEYS) disagree, a bug.
fn missing(lang: &str, key: &str) -> Error {
    Error::Internal(format!(
        "the UI string `{key}` of `{lang}` passed the theme check but is missing"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A theme folder written before sitemap indexes existed still renders one: the built-in
    /// template stands in, and a theme's own replaces it.
    #[test]
    fn a_theme_folder_without_the_sitemap_index_gets_the_built_in_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = manifest.join("themes/default");
        for entry in walkdir::WalkDir::new(&theme) {
            let entry = entry.expect("walk");
            let rel = entry.path().strip_prefix(&theme).expect("inside");
            if entry.file_type().is_file() && rel != Path::new(SITEMAP_INDEX) {
                let to = root.join("themes/civic").join(rel);
                std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
                std::fs::copy(entry.path(), &to).expect("copy");
            }
        }
        let site = std::fs::read_to_string(manifest.join("tests/fixtures/basic/site.yaml"));
        let site = format!("{}\ntheme: civic\n", site.expect("site.yaml"));
        std::fs::write(root.join(config::FILE_NAME), site).expect("write");
        let config = config::load(root).expect("config");
        let sitemap_index = SITEMAP_INDEX.trim_start_matches("templates/");
        let loaded = load(root, &config).expect("theme");
        assert!(loaded.template_names().any(|n| n == sitemap_index));
        let own = root.join("themes/civic").join(SITEMAP_INDEX);
        std::fs::write(&own, "<sitemapindex/>").expect("write");
        let loaded = load(root, &config).expect("theme");
        let origin = loaded.origins.get(sitemap_index).map(Origin::to_string);
        assert_eq!(
            origin.as_deref(),
            Some("themes/civic/templates/sitemap_index.xml")
        );
    }

    /// Dependency information for a set of templates, as `load` computes it.
    fn analyse(templates: &[(&str, &str)]) -> BTreeMap<String, TemplateInfo> {
        let (sources, tera) = deps::loaded(templates);
        deps::analyse(&sources, &tera).expect("dependencies")
    }

    fn deps_of<'a>(info: &'a BTreeMap<String, TemplateInfo>, name: &str) -> Vec<&'a str> {
        info[name].depends_on.iter().map(String::as_str).collect()
    }

    fn vars_of<'a>(info: &'a BTreeMap<String, TemplateInfo>, name: &str) -> Vec<&'a str> {
        info[name].variables.iter().map(String::as_str).collect()
    }

    /// Whether editing `edited` (to `new_text`) changes the hash of `name`.
    fn edit_reaches(templates: &[(&str, &str)], edited: &str, new_text: &str, name: &str) -> bool {
        let before = analyse(templates)[name].hash;
        let changed: Vec<(&str, &str)> = templates
            .iter()
            .map(|&(n, t)| (n, if n == edited { new_text } else { t }))
            .collect();
        analyse(&changed)[name].hash != before
    }

    const SITE: [(&str, &str); 6] = [
        (
            "base.html",
            "<html>{% block content %}{% endblock content %}{% include \"partials/footer.html\" %}</html>",
        ),
        (
            "partials/footer.html",
            "{{ site_title }}{% include \"partials/hotline.html\" %}",
        ),
        ("partials/hotline.html", "{{ hotline }}"),
        (
            "lesson.html",
            "{% extends \"base.html\" %}{% block content %}{{ lesson }}{% endblock content %}",
        ),
        (
            "page.html",
            "{% extends 'base.html' %}{% block content %}{{ page }}{% endblock content %}",
        ),
        // The words alone pull nothing in.
        (
            "tags.html",
            "{# include \"partials/footer.html\" #}extends \"base.html\" include 'page.html' {{ tags }}",
        ),
    ];

    #[test]
    fn extends_pulls_in_the_parent_and_its_includes() {
        let info = analyse(&SITE);
        assert_eq!(
            deps_of(&info, "lesson.html"),
            ["base.html", "partials/footer.html", "partials/hotline.html"]
        );
        assert!(edit_reaches(
            &SITE,
            "base.html",
            "<html>{% block content %}{% endblock content %}</html>",
            "page.html"
        ));
        assert!(edit_reaches(
            &SITE,
            "partials/hotline.html",
            "119",
            "lesson.html"
        ));
        assert!(!edit_reaches(
            &SITE,
            "lesson.html",
            "{% extends \"base.html\" %}",
            "page.html"
        ));
    }

    #[test]
    fn include_and_extends_in_text_or_comments_pull_nothing_in() {
        let info = analyse(&SITE);
        assert!(deps_of(&info, "tags.html").is_empty());
        assert!(!edit_reaches(
            &SITE,
            "partials/footer.html",
            "new footer",
            "tags.html"
        ));
        assert!(!edit_reaches(
            &SITE,
            "base.html",
            "{% block content %}{% endblock content %}",
            "tags.html"
        ));
    }

    #[test]
    fn variables_include_what_parents_and_includes_read() {
        let info = analyse(&SITE);
        assert_eq!(
            vars_of(&info, "lesson.html"),
            ["hotline", "lesson", "site_title"]
        );
        assert_eq!(vars_of(&info, "tags.html"), ["tags"]);
    }

    #[test]
    fn an_included_child_template_pulls_in_its_parent() {
        let templates = [
            (
                "card_base.html",
                "<div>{% block card %}{% endblock card %}{{ card_var }}</div>",
            ),
            (
                "card.html",
                "{% extends \"card_base.html\" %}{% block card %}card{% endblock card %}",
            ),
            ("list.html", "{% include \"card.html\" %}"),
        ];
        let info = analyse(&templates);
        assert_eq!(deps_of(&info, "list.html"), ["card.html", "card_base.html"]);
        assert_eq!(vars_of(&info, "list.html"), ["card_var"]);
        assert!(edit_reaches(
            &templates,
            "card_base.html",
            "{% block card %}{% endblock card %}",
            "list.html"
        ));
    }

    const COMPONENTS: [(&str, &str); 5] = [
        (
            "components/alert.html",
            "{% component Alert(text, @lang) %}<p lang=\"{{ lang }}\">{{ text }}</p>{% include \"partials/icon.html\" %}{% endcomponent Alert %}",
        ),
        (
            "components/library.html",
            "{% component Pill(label) %}<b>{{ label }}</b>{% endcomponent Pill %}{% component Chip(label) %}<i>{{ label }}</i>{% endcomponent Chip %}",
        ),
        ("partials/icon.html", "!"),
        (
            "lesson.html",
            "{{ <Alert text={lesson} /> }}{{ <Pill label=\"x\" /> }}",
        ),
        ("plain.html", "{{ plain }}"),
    ];

    #[test]
    fn templates_depend_on_every_component_file_and_what_it_includes() {
        let info = analyse(&COMPONENTS);
        for name in ["lesson.html", "plain.html"] {
            assert_eq!(
                deps_of(&info, name),
                [
                    "components/alert.html",
                    "components/library.html",
                    "partials/icon.html"
                ],
                "{name}"
            );
        }
        let alert = "{% component Alert(text, @lang) %}<p>{{ text }}!</p>{% endcomponent Alert %}";
        assert!(edit_reaches(
            &COMPONENTS,
            "components/alert.html",
            alert,
            "lesson.html"
        ));
        let library = "{% component Pill(label) %}<u>{{ label }}</u>{% endcomponent Pill %}{% component Chip(label) %}{% endcomponent Chip %}";
        assert!(edit_reaches(
            &COMPONENTS,
            "components/library.html",
            library,
            "lesson.html"
        ));
        assert!(edit_reaches(
            &COMPONENTS,
            "partials/icon.html",
            "?",
            "lesson.html"
        ));
    }

    #[test]
    fn implicit_component_arguments_are_variables_of_the_caller() {
        let info = analyse(&COMPONENTS);
        assert_eq!(vars_of(&info, "lesson.html"), ["lang", "lesson"]);
    }

    #[test]
    fn a_component_outside_the_components_folder_is_rejected() {
        let templates = [
            (
                "partials/alert.html",
                "{% component Alert(text) %}{{ text }}{% endcomponent Alert %}",
            ),
            ("lesson.html", "{{ <Alert text=\"x\" /> }}"),
        ];
        let sources = templates
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut tera = Tera::default();
        tera.add_raw_templates(templates).expect("templates load");
        assert_eq!(
            deps::analyse(&sources, &tera),
            Err(DepsError::ComponentOutsideFolder {
                names: vec!["Alert".to_string()],
                files: vec!["partials/alert.html".to_string()],
            })
        );
    }

    /// Loads a site whose `templates/` holds `files` over the built-in theme.
    fn load_site(files: &[(&str, &str)]) -> Result<Theme> {
        let dir = tempfile::tempdir().expect("temp dir");
        for (rel, text) in files {
            let path = dir.path().join("templates").join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        let config = config::parse(
            "title: Test\nbase_url: \"https://x.test\"\n",
            Path::new("site.yaml"),
        )
        .expect("config");
        load(dir.path(), &config)
    }

    fn load_error_text(files: &[(&str, &str)]) -> String {
        load_site(files).expect_err("the load fails").to_string()
    }

    #[test]
    fn a_computed_include_is_rejected_with_file_line_and_fix() {
        let err = load_error_text(&[("x.html", "ok\n{% include partial_name %}")]);
        assert!(
            err.starts_with("templates/x.html:2:12: template error:"),
            "{err}"
        );
        assert!(err.contains("take a quoted template name"), "{err}");
    }

    #[test]
    fn macros_and_import_are_rejected_with_the_component_fix() {
        for text in [
            "{% import \"m.html\" as m %}",
            "\n{% macro hi() %}{% endmacro %}",
        ] {
            let err = load_error_text(&[("x.html", text)]);
            assert!(err.starts_with("templates/x.html:"), "{err}");
            assert!(err.contains("define a `{% component"), "{err}");
        }
    }

    #[test]
    fn a_site_component_outside_the_folder_names_the_file() {
        let err = load_error_text(&[(
            "partials/alert.html",
            "{% component Alert(text) %}{{ text }}{% endcomponent Alert %}",
        )]);
        assert!(
            err.starts_with("templates/partials/alert.html: component(s) Alert"),
            "{err}"
        );
    }

    #[test]
    fn the_builtin_theme_pulls_in_its_partials() {
        let theme = load_site(&[]).expect("the built-in theme loads");
        let lesson = theme.info("lesson.html").expect("lesson.html");
        for dep in [
            "base.html",
            "partials/category_chip.html",
            "partials/footer.html",
        ] {
            assert!(
                lesson.depends_on.contains(dep),
                "{dep} in {:?}",
                lesson.depends_on
            );
        }
        // Not "everything", as it would be if the probe had failed.
        for other in [
            "tags.html",
            "partials/paginator.html",
            "partials/lesson_card.html",
        ] {
            assert!(!lesson.depends_on.contains(other), "{other}");
        }
        assert_eq!(theme.origins["lesson.html"].layer, layers::Layer::Builtin);
    }
}
