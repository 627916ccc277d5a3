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

/// Tera's text reports (`error: what` then ` --> name:line:col`), each as what, the
/// template's name, its line and column.
fn reports(text: &str) -> Vec<(&str, &str, usize, usize)> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(message) = lines.find_map(|l| l.strip_prefix("error: ")) {
        let place = lines.next().and_then(|l| {
            let at = l.trim().strip_prefix("--> ")?;
            let mut parts = at.rsplitn(3, ':');
            let col = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((parts.next()?, line, col))
        });
        if let Some((name, line, col)) = place {
            found.push((message, name, line, col));
        }
    }
    found
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
        kind => {
            let text = kind.to_string();
            // Tera checks every template at load and joins what it found into one text of
            // reports: each is placed like any other problem.
            let found = reports(&text);
            if found.len() > 1 {
                let fix = text!("template.fix");
                let problems = found.iter().map(|(message, file, line, col)| {
                    let name = format!("{}:{line}:{col}", origin(file));
                    crate::error::template_problem(
                        &name,
                        &crate::error::engine_message(*message),
                        &fix,
                    )
                });
                return Error::content(problems.collect());
            }
            match found.first() {
                Some((message, file, line, col)) => (
                    format!("{}:{line}:{col}", origin(file)),
                    message.to_string(),
                ),
                None => (name.map_or_else(|| "templates".to_string(), origin), text),
            }
        }
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
mod tests;
