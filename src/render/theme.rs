//! Themes: templates, UI strings and static files, layered so that the site's `templates/`
//! win over the theme folder, which wins over the default theme compiled into the binary.

use crate::error::{Diagnostic, Error, Result};
use crate::fs::FileSource;
use crate::markdown::Labels;
use crate::model::config::{self, Config};
use crate::model::source::{self, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use tera::{Context, Tera};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));
}

/// Loaded templates, strings and static files of the active theme.
pub struct Theme {
    tera: Tera,
    strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Static files to copy to the output root: built-in, then theme, then site.
    pub statics: Vec<StaticFile>,
    /// Where each template came from, for error messages.
    origins: BTreeMap<String, String>,
    /// Per template: a hash of it and everything it extends or includes, and the shared
    /// variables it reads.
    info: BTreeMap<String, TemplateInfo>,
    /// Hash of the UI strings and static files: a change here changes every page.
    pub generation: u64,
}

/// What a rebuild needs to know about one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateInfo {
    /// Hash of the template and every template it extends or includes.
    pub hash: u64,
    /// Top-level variables it (or what it extends or includes) reads.
    pub variables: BTreeSet<String>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.origins)
            .finish()
    }
}

/// A static file of the theme: (path in the output, its bytes, where it came from).
pub type StaticFile = (String, FileSource, String);

/// One layer's files: (path inside the layer, bytes, where it came from).
type Layer = Vec<(String, Vec<u8>, String)>;

/// Loads the theme named in the config, layered over the built-in default theme.
pub fn load(root: &Path, config: &Config) -> Result<Theme> {
    let theme_dir = root.join(THEMES_DIR).join(&config.theme);
    if config.theme != "default" && !theme_dir.is_dir() {
        return Err(Error::content(vec![Diagnostic::new(
            config::FILE_NAME,
            0,
            0,
            format!("theme `{}` is not in themes/", config.theme),
            format!("create themes/{}/ or set `theme: default`", config.theme),
        )]));
    }
    let mut layers: Vec<Layer> = Vec::new();
    if config.theme == "default" {
        layers.push(
            builtin::FILES
                .iter()
                .map(|(p, b)| (p.to_string(), b.to_vec(), format!("built-in theme {p}")))
                .collect(),
        );
    }
    layers.push(read_layer(&theme_dir, &format!("themes/{}", config.theme))?);
    let mut site_layer = Vec::new();
    for (path, rel) in source::walk(&root.join(TEMPLATES_DIR))? {
        let full = root.join(TEMPLATES_DIR).join(&path);
        let bytes = std::fs::read(&full).map_err(|e| Error::io(&full, e))?;
        site_layer.push((
            format!("templates/{rel}"),
            bytes,
            format!("templates/{rel}"),
        ));
    }
    layers.push(site_layer);

    let mut templates: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut strings: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut statics: BTreeMap<String, (FileSource, String)> = BTreeMap::new();
    for layer in layers {
        for (path, bytes, origin) in layer {
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8(bytes).map_err(|_| not_utf8(&origin))?;
                templates.insert(name.to_string(), (text, origin));
            } else if let Some(file) = path.strip_prefix("i18n/") {
                let Some(lang) = file.strip_suffix(".yaml") else {
                    continue;
                };
                let text = String::from_utf8(bytes).map_err(|_| not_utf8(&origin))?;
                let map = config::load_strings(&text, Path::new(&origin))?;
                strings.entry(lang.to_string()).or_default().extend(map);
            } else if let Some(rel) = path.strip_prefix("static/") {
                let action = if origin.starts_with("built-in theme ") {
                    embedded(&path)
                } else {
                    Some(FileSource::Copy(PathBuf::from(&origin)))
                };
                if let Some(action) = action {
                    statics.insert(rel.to_string(), (action, origin));
                }
            }
        }
    }
    for (path, rel) in source::walk(&root.join(STATIC_DIR))? {
        let full = root.join(STATIC_DIR).join(&path);
        statics.insert(
            rel.clone(),
            (FileSource::Copy(full), format!("static/{rel}")),
        );
    }
    let mut tera = Tera::default();
    let origins: BTreeMap<String, String> = templates
        .iter()
        .map(|(k, (_, o))| (k.clone(), o.clone()))
        .collect();
    tera.add_raw_templates(
        templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str())),
    )
    .map_err(|e| template_error(&origins, None, &e))?;
    let statics: Vec<StaticFile> = statics
        .into_iter()
        .map(|(path, (action, origin))| (path, action, origin))
        .collect();
    let sources: BTreeMap<&str, &str> = templates
        .iter()
        .map(|(k, (t, _))| (k.as_str(), t.as_str()))
        .collect();
    let info = sources
        .keys()
        .map(|&name| {
            let variables = tera
                .get_template_variables(name)
                .map(|v| v.into_iter().map(str::to_string).collect())
                .unwrap_or_default();
            (
                name.to_string(),
                TemplateInfo {
                    hash: closure_hash(name, &sources),
                    variables,
                },
            )
        })
        .collect();
    let mut h = DefaultHasher::new();
    strings.hash(&mut h);
    for (path, _, origin) in &statics {
        (path, origin).hash(&mut h);
    }
    Ok(Theme {
        tera,
        strings,
        statics,
        origins,
        info,
        generation: h.finish(),
    })
}

/// Hashes a template with everything it extends or includes, found by the names quoted after
/// `extends` and `include`. A name that is not a loaded template is hashed as written, so
/// adding that template later still changes the hash.
fn closure_hash(name: &str, sources: &BTreeMap<&str, &str>) -> u64 {
    let mut seen = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    let mut h = DefaultHasher::new();
    while let Some(n) = todo.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        n.hash(&mut h);
        let Some(text) = sources.get(n.as_str()) else {
            continue;
        };
        text.hash(&mut h);
        todo.extend(referenced_templates(text));
    }
    h.finish()
}

/// Template names quoted after `extends` or `include` in a template's text.
fn referenced_templates(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for keyword in ["extends", "include"] {
        let mut rest = text;
        while let Some(i) = rest.find(keyword) {
            rest = &rest[i + keyword.len()..];
            let after = rest.trim_start();
            let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(end) = after[1..].find(quote) {
                names.push(after[1..1 + end].to_string());
            }
        }
    }
    names
}

fn embedded(path: &str) -> Option<FileSource> {
    builtin::FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, bytes)| FileSource::Embedded(bytes))
}

fn read_layer(dir: &Path, label: &str) -> Result<Layer> {
    let mut files = Vec::new();
    for (path, rel) in source::walk(dir)? {
        let full = dir.join(&path);
        let bytes = std::fs::read(&full).map_err(|e| Error::io(&full, e))?;
        let origin = if rel.starts_with("static/") {
            full.display().to_string()
        } else {
            format!("{label}/{rel}")
        };
        files.push((rel, bytes, origin));
    }
    Ok(files)
}

fn not_utf8(origin: &str) -> Error {
    Error::content(vec![Diagnostic::new(
        origin,
        0,
        0,
        "the file is not UTF-8 text",
        "save it as UTF-8",
    )])
}

fn template_error(
    origins: &BTreeMap<String, String>,
    name: Option<&str>,
    e: &tera::Error,
) -> Error {
    let origin = |n: &str| origins.get(n).cloned().unwrap_or_else(|| n.to_string());
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
                r.message().to_string(),
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
    Error::Template { name, message }
}

impl Theme {
    /// Renders a template with a context.
    pub fn render(&self, name: &str, context: &Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&self.origins, Some(name), &e))
    }

    /// The names of every loaded template.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.info.keys().map(String::as_str)
    }

    /// Dependency information about a template.
    pub fn info(&self, name: &str) -> Option<&TemplateInfo> {
        self.info.get(name)
    }

    /// The words for callouts and task lists in a language, from the same strings as
    /// [`Theme::strings`] (so with the same fallback to English).
    pub fn labels(&self, lang: &str) -> Labels {
        let strings = self.strings(lang);
        Labels::from_strings(|key| strings.get(key).map(String::as_str))
    }

    /// The UI strings for a language, falling back to English for missing keys.
    pub fn strings(&self, lang: &str) -> BTreeMap<String, String> {
        let mut out = self.strings.get("en").cloned().unwrap_or_default();
        if let Some(own) = self.strings.get(lang) {
            out.extend(own.clone());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_language_strings_with_english_fallback() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let yaml = "title: T\nlanguage: en\nlanguages: [zh, fr]\ntimezone: Asia/Shanghai\n";
        let config = config::parse(yaml, Path::new("site.yaml")).expect("a valid config");
        let theme = load(root.path(), &config).expect("the built-in theme loads");
        assert_eq!(theme.labels("zh").warning, "警告");
        assert_eq!(theme.labels("zh").task_done, "已完成");
        // No i18n/fr.yaml: the English strings, as for every other UI string.
        assert_eq!(theme.labels("fr"), theme.labels("en"));
        assert_eq!(
            theme.labels("fr").caution,
            theme.strings("fr")["callout_caution"]
        );
    }

    #[test]
    fn closure_follows_extends_and_includes() {
        let sources = BTreeMap::from([
            (
                "base.html",
                "<html>{% include \"partials/footer.html\" %}</html>",
            ),
            ("partials/footer.html", "footer"),
            ("lesson.html", "{% extends \"base.html\" %}lesson"),
            ("page.html", "{% extends 'base.html' %}page"),
            ("tags.html", "tags"),
        ]);
        let before: Vec<u64> = ["lesson.html", "page.html", "tags.html"]
            .iter()
            .map(|n| closure_hash(n, &sources))
            .collect();
        let mut changed = sources.clone();
        changed.insert("partials/footer.html", "new footer");
        let after: Vec<u64> = ["lesson.html", "page.html", "tags.html"]
            .iter()
            .map(|n| closure_hash(n, &changed))
            .collect();
        assert_ne!(before[0], after[0]);
        assert_ne!(before[1], after[1]);
        assert_eq!(before[2], after[2], "tags.html does not use the footer");
    }
}
