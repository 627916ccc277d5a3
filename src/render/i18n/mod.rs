//! UI strings: the theme's `i18n/<lang>.yaml` files, layered like templates (a later layer's
//! key wins), looked up for a BCP 47 language tag, and checked against every key the templates
//! and the engine ask for. Every word a reader sees comes from here; nothing in Rust holds a
//! default, so a missing key is a build error ([`check`]) rather than a silent English word.
//!
//! A tag's strings are looked up key by key in its files from the most specific to the primary
//! language: `zh-Hans-CN` reads `zh-Hans-CN.yaml`, then `zh-Hans.yaml`, then `zh.yaml` (file
//! names compare without case). So `zh.yaml` serves every Chinese site, and an `en-GB.yaml`
//! needs only the keys that differ from `en.yaml`.
//!
//! This module owns the files and the lookup; which keys a template reads is `usage.rs`,
//! what is wrong with a set of files is `check.rs`, and the keys the engine reads are
//! [`ENGINE_KEYS`].

pub mod check;
pub mod usage;

use crate::error::{Diagnostic, Error, Result};
use crate::markdown::Labels;
use crate::messages::Text;
use crate::model::config::Config;
use crate::model::dates;
use crate::model::source::THEMES_DIR;
use crate::render::layers::{Layer, Origin};
use crate::text;
use std::collections::BTreeMap;
use tera::Tera;

/// Keys the page titles and breadcrumbs the engine writes are read from.
pub const PAGE_KEYS: [&str; 10] = [
    "home",
    "lessons",
    "all_lessons",
    "tags",
    "announcements",
    "archive",
    "not_found_title",
    "announcements_feed_title",
    "search_title",
    "campaigns",
];

/// Keys CAP alerts and their feed are worded with, in every language an alert holds: the
/// `<event>` of an announcement without a category, and the CAP feed's title.
pub const CAP_KEYS: [&str; 2] = ["cap_event_default", "cap_feed_title"];

/// Prefix of the keys naming the site's languages, `language_name_<tag>` (`language_name_en:
/// "英文"` in zh.yaml): every site language needs one in every file. Templates get them as
/// `language_names[in][of]`, so a language switch names a language in itself
/// (`language_names[alt.lang][alt.lang]`) and a list says "only in 英文". A tag's name is looked
/// up along its lookup chain (`language_name_zh-cn`, then `language_name_zh`).
pub const LANGUAGE_NAME_PREFIX: &str = "language_name_";

/// Every key the engine reads itself (templates read theirs through `t`), with what for; the
/// names of the site's languages ([`LANGUAGE_NAME_PREFIX`]) come on top.
pub const ENGINE_KEYS: [(&[&str], &str); 4] = [
    (&Labels::KEYS, "callouts and task lists in Markdown"),
    (&dates::KEYS, "dates"),
    (&PAGE_KEYS, "page titles and breadcrumbs"),
    (&CAP_KEYS, "CAP alerts and the CAP feed"),
];

/// The name of language `tag` in one language's strings (`lookup`), along the tag's lookup
/// chain.
pub fn language_name<'a>(lookup: impl Fn(&str) -> Option<&'a str>, tag: &str) -> Option<&'a str> {
    lookup_chain(tag)
        .iter()
        .find_map(|t| lookup(&format!("{LANGUAGE_NAME_PREFIX}{t}")))
}

/// The key a missing name of `tag` is reported as: the primary language's.
pub fn language_name_key(tag: &str) -> String {
    let primary = lookup_chain(tag).pop().unwrap_or_default();
    format!("{LANGUAGE_NAME_PREFIX}{primary}")
}

/// Whether the engine reads `key` (it must be declared in [`ENGINE_KEYS`] to be checked).
pub fn is_engine_key(key: &str) -> bool {
    ENGINE_KEYS.iter().any(|(keys, _)| keys.contains(&key))
}

/// One UI string: its text and where it is written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The text.
    pub text: String,
    /// The file.
    pub origin: Origin,
    /// Its 1-based line in the file (0 if not found).
    pub line: usize,
}

impl Entry {
    /// Whether the site can edit the file (the built-in theme it cannot).
    pub fn editable(&self) -> bool {
        self.origin.layer != Layer::Builtin
    }

    /// The file, for diagnostics.
    pub fn path(&self) -> String {
        self.origin
            .file()
            .map_or_else(|| self.origin.to_string(), |f| f.display().to_string())
    }
}

/// One strings file name (a language tag) with its keys, all layers merged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct StringsFile {
    /// The name as written, without `.yaml` (`zh-CN`).
    pub name: String,
    /// Its keys.
    pub entries: BTreeMap<String, Entry>,
}

/// The strings files of a theme, by lowercased name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Catalog {
    files: BTreeMap<String, StringsFile>,
}

impl Catalog {
    /// Adds the strings file `i18n/<name>.yaml` of one layer (`text` at `origin`): its keys
    /// replace those of earlier layers.
    pub fn add(&mut self, origin: &Origin, name: &str, text: &str) -> Result<()> {
        let map: BTreeMap<String, String> = serde_yaml::from_str::<Option<_>>(text)
            .map_err(|e| {
                let line = e.location().map_or(0, |l| l.line());
                Error::content(vec![Diagnostic::new(
                    origin.to_string(),
                    line,
                    0,
                    text!("i18n.invalid", detail = e.to_string()),
                    text!("i18n.invalid_fix"),
                )])
            })?
            .unwrap_or_default();
        let lines = key_lines(text);
        let file = self
            .files
            .entry(name.to_ascii_lowercase())
            .or_insert_with(|| StringsFile {
                name: name.to_string(),
                entries: BTreeMap::new(),
            });
        for (key, text) in map {
            let line = lines.get(key.as_str()).copied().unwrap_or(0);
            let entry = Entry {
                text,
                origin: origin.clone(),
                line,
            };
            file.entries.insert(key, entry);
        }
        Ok(())
    }

    /// The files `lang` reads, most specific first, among those that exist.
    pub fn files_for(&self, lang: &str) -> Vec<&StringsFile> {
        lookup_chain(lang)
            .iter()
            .filter_map(|name| self.files.get(name))
            .collect()
    }

    /// The strings of `lang`: each key from the first of its files that has it.
    pub fn resolve(&self, lang: &str) -> BTreeMap<&str, &Entry> {
        let mut out = BTreeMap::new();
        for file in self.files_for(lang).into_iter().rev() {
            out.extend(file.entries.iter().map(|(k, e)| (k.as_str(), e)));
        }
        out
    }
}

/// The site languages' UI strings, complete: each language's map, once the check finds every
/// key the templates (`sources`, loaded in `tera`, from files `origins`) and the engine read in
/// each of them, and nothing else wrong.
pub fn site_strings(
    catalog: &Catalog,
    sources: &BTreeMap<String, String>,
    tera: &Tera,
    origins: &BTreeMap<String, Origin>,
    config: &Config,
) -> Result<BTreeMap<String, BTreeMap<String, String>>> {
    let file = |name: &str| {
        origins
            .get(name)
            .map_or_else(|| name.to_string(), Origin::to_string)
    };
    let usage = usage::keys_used(sources, tera).map_err(|e| usage_error(e, &file))?;
    let readers = check::readers(&usage, file);
    let langs: Vec<&str> = config.langs().collect();
    let theme_dir = format!("{THEMES_DIR}/{}", config.theme);
    let problems = check::check(catalog, &readers, &langs, &theme_dir);
    if !problems.is_empty() {
        return Err(Error::content(problems));
    }
    Ok(langs
        .iter()
        .map(|lang| {
            let strings = catalog
                .resolve(lang)
                .into_iter()
                .map(|(k, e)| (k.to_string(), e.text.clone()))
                .collect();
            (lang.to_string(), strings)
        })
        .collect())
}

fn usage_error(e: usage::UsageError, file: &dyn Fn(&str) -> String) -> Error {
    let (name, message, fix) = match e {
        usage::UsageError::Computed { templates } => (
            templates.first().map_or_else(String::new, |t| file(t)),
            text!(
                "i18n.computed",
                others = match templates.len() > 1 {
                    true => text!(
                        "i18n.computed_others",
                        list = templates[1..]
                            .iter()
                            .map(|t| file(t))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    false => Text::none(),
                }
            ),
            text!("i18n.computed_fix"),
        ),
        usage::UsageError::Rebound { template, line } => (
            format!("{}:{line}", file(&template)),
            text!("i18n.rebound"),
            text!("i18n.rebound_fix"),
        ),
        usage::UsageError::Probe(message) => (
            "templates".to_string(),
            text!("i18n.probe", detail = message),
            text!("template.fix"),
        ),
    };
    Error::Template { name, message, fix }
}

/// The file names a language tag's strings are looked up in, most specific first, lowercased:
/// `zh-Hans-CN` → `zh-hans-cn`, `zh-hans`, `zh` (RFC 4647 lookup).
pub fn lookup_chain(lang: &str) -> Vec<String> {
    let lang = lang.to_ascii_lowercase();
    let mut chain = vec![lang.clone()];
    let mut rest = lang.as_str();
    while let Some((head, _)) = rest.rsplit_once('-') {
        // A single-letter subtag (`x` of `-x-private`) never stands alone.
        let head = match head.rsplit_once('-') {
            Some((h, last)) if last.len() == 1 => h,
            _ => head,
        };
        chain.push(head.to_string());
        rest = head;
    }
    chain.dedup();
    chain
}

/// The `{name}` placeholders of a text, in order (names of letters, digits and `_`).
pub fn placeholders(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .collect()
}

/// The line of each top-level key of a flat YAML map (`key:`, `"key":`, `'key':`).
fn key_lines(text: &str) -> BTreeMap<&str, usize> {
    let mut lines = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let key = match line.chars().next() {
            Some(q @ ('"' | '\'')) => line[1..].split_once(q).map(|(k, _)| k),
            Some(c) if !c.is_whitespace() && c != '#' => line.split_once(':').map(|(k, _)| k),
            _ => None,
        };
        if let Some(key) = key {
            lines.entry(key.trim_end()).or_insert(i + 1);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::layers;

    /// Loads the built-in theme for a site with `languages` (the first one the main one).
    fn load_langs(languages: &[&str]) -> Result<crate::render::theme::Theme> {
        let root = tempfile::tempdir().expect("a temporary folder");
        let yaml = format!(
            "title: T\nlanguage: {}\nlanguages: [{}]\n",
            languages[0],
            languages[1..].join(", ")
        );
        let config = crate::model::config::parse(&yaml, std::path::Path::new("site.yaml"))
            .expect("a valid config");
        crate::render::theme::load(root.path(), &config)
    }

    #[test]
    fn labels_come_from_each_language_s_own_strings() {
        let theme = load_langs(&["en", "zh"]).expect("the built-in theme loads");
        let zh = theme.labels("zh").expect("zh labels");
        assert_eq!(
            (zh.warning.as_str(), zh.task_done.as_str()),
            ("警告", "已完成")
        );
        assert_eq!(theme.labels("en").expect("en labels").warning, "Warning");
        // Not a site language: no words at all, rather than someone else's.
        assert!(theme.labels("fr").is_err());
        assert!(theme.strings("fr").is_none());
    }

    #[test]
    fn a_site_language_without_strings_fails_to_load() {
        let err = load_langs(&["zh", "en", "fr"])
            .expect_err("no fr strings")
            .to_string();
        assert!(
            err.contains("themes/default/i18n/fr.yaml: no UI strings for language `fr`"),
            "{err}"
        );
        // The other languages must name it too.
        assert!(
            err.contains("themes/default/i18n/zh.yaml: missing key `language_name_fr`"),
            "{err}"
        );
    }

    #[test]
    fn a_regional_tag_uses_its_primary_language_file() {
        let theme = load_langs(&["zh-CN", "en-GB"]).expect("zh.yaml and en.yaml serve them");
        assert_eq!(theme.text("zh-CN", "home"), Some("首页"));
        assert_eq!(theme.text("en-GB", "home"), Some("Home"));
    }

    #[test]
    fn the_builtin_theme_has_exactly_the_keys_it_reads_in_every_language() {
        let mut catalog = Catalog::default();
        let mut templates = Vec::new();
        for file in layers::builtin() {
            let text = String::from_utf8(file.bytes().expect("bytes").into_owned()).expect("utf-8");
            let path = &file.origin.path;
            if let Some(name) = path
                .strip_prefix("i18n/")
                .and_then(|p| p.strip_suffix(".yaml"))
            {
                catalog.add(&file.origin, name, &text).expect("valid yaml");
            } else if let Some(name) = path.strip_prefix("templates/") {
                templates.push((name.to_string(), text));
            }
        }
        let pairs: Vec<(&str, &str)> = templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let (sources, tera) = crate::render::deps::loaded(&pairs);
        let usage = usage::keys_used(&sources, &tera).expect("every key is known");
        let readers = check::readers(&usage, str::to_string);
        let wanted: Vec<&str> = readers.keys().map(String::as_str).collect();
        for lang in ["en", "zh"] {
            let have: Vec<&str> = catalog
                .resolve(lang)
                .into_keys()
                .filter(|k| !k.starts_with(LANGUAGE_NAME_PREFIX))
                .collect();
            assert_eq!(have, wanted, "i18n/{lang}.yaml");
        }
        let problems = check::check(&catalog, &readers, &["zh", "en"], "themes/default");
        assert!(problems.is_empty(), "{problems:#?}");
    }

    fn origin(layer: Layer, path: &str) -> Origin {
        Origin {
            layer,
            path: path.to_string(),
        }
    }

    #[test]
    fn a_tag_reads_its_own_file_then_its_primary_language() {
        assert_eq!(lookup_chain("zh-CN"), ["zh-cn", "zh"]);
        assert_eq!(lookup_chain("zh-Hans-CN"), ["zh-hans-cn", "zh-hans", "zh"]);
        assert_eq!(lookup_chain("en"), ["en"]);
        assert_eq!(lookup_chain("de-x-city"), ["de-x-city", "de"]);
        let mut catalog = Catalog::default();
        let builtin = origin(Layer::Builtin, "i18n/zh.yaml");
        catalog
            .add(&builtin, "zh", "home: \"首页\"\nprint: \"打印\"\n")
            .unwrap();
        let site = origin(Layer::Theme("default".into()), "i18n/zh-CN.yaml");
        catalog
            .add(&site, "zh-CN", "print: \"打印本页\"\n")
            .unwrap();
        let cn = catalog.resolve("zh-cn");
        assert_eq!(cn["home"].text, "首页");
        assert_eq!(cn["print"].text, "打印本页");
        assert_eq!(cn["print"].path(), "themes/default/i18n/zh-CN.yaml");
        assert_eq!(catalog.resolve("zh-TW")["print"].text, "打印");
        assert!(catalog.resolve("en").is_empty());
        let names: Vec<&str> = catalog
            .files_for("zh-CN")
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, ["zh-CN", "zh"]);
    }

    #[test]
    fn a_later_layer_replaces_keys_and_keeps_lines() {
        let mut catalog = Catalog::default();
        let builtin = origin(Layer::Builtin, "i18n/en.yaml");
        catalog
            .add(&builtin, "en", "# c\nhome: \"Home\"\nnext: \"Next\"\n")
            .unwrap();
        let theme = origin(Layer::Theme("default".into()), "i18n/en.yaml");
        catalog
            .add(&theme, "en", "\n\n\"next\": \"Onwards\"\n")
            .unwrap();
        let en = catalog.resolve("en");
        assert_eq!((en["home"].line, en["home"].editable()), (2, false));
        assert_eq!(en["next"].text, "Onwards");
        assert_eq!((en["next"].line, en["next"].editable()), (3, true));
        // An empty file is an empty map, not an error.
        catalog.add(&theme, "fr", "# rien\n").unwrap();
        assert!(catalog.resolve("fr").is_empty());
        assert_eq!(catalog.files_for("fr").len(), 1);
    }

    #[test]
    fn placeholders_are_braced_names() {
        assert_eq!(placeholders("第 {n} 页，共 {m} 页"), ["n", "m"]);
        assert_eq!(placeholders("{ not one } {a-b} {}"), Vec::<&str>::new());
    }
}
