//! What is wrong with a theme's UI strings for a site, as diagnostics naming the file, the key
//! and the fix. Run whenever the theme is loaded (full builds, and rebuilds after a change to
//! the theme or `site.yaml`), before anything is rendered or written.
//!
//! - a site language with no strings file at all;
//! - a key that a template or the engine reads, missing in one of the site's languages;
//! - a key in a file the site can edit that nothing reads: most likely a misspelt key, whose
//!   text would otherwise be silently ignored (an error rather than a warning because an
//!   override that does not take effect looks exactly like a working build). The built-in
//!   theme's own keys are never reported: they go unused only because the site replaced the
//!   templates that read them, and the site cannot edit that file;
//! - a translation without a `{placeholder}` that another language's text of the key has
//!   (the number or name would silently vanish from the page), and a date format with a
//!   placeholder it cannot fill or without one it needs.

use super::{Catalog, ENGINE_KEYS, Entry, placeholders};
use crate::error::Diagnostic;
use crate::messages::Text;
use crate::model::dates;
use crate::model::suggest::did_you_mean;
use crate::text;
use std::collections::{BTreeMap, BTreeSet};

/// Who reads each key: templates by their file, the engine by what for.
pub type Readers = BTreeMap<String, Vec<String>>;

/// The readers of every key: the templates' (from `usage`, named by `template_file`) and the
/// engine's.
pub fn readers(usage: &super::usage::KeyUsage, template_file: impl Fn(&str) -> String) -> Readers {
    let mut readers: Readers = usage
        .iter()
        .map(|(key, users)| {
            (
                key.clone(),
                users.iter().map(|u| template_file(u)).collect(),
            )
        })
        .collect();
    for (keys, what) in ENGINE_KEYS {
        for key in keys {
            readers
                .entry((*key).to_string())
                .or_default()
                .push(format!("safepress, for {what}"));
        }
    }
    readers
}

/// Every problem of `catalog` for a site in `langs` (main language first); `theme_dir` is
/// where the site's strings files go (`themes/default`).
pub fn check(
    catalog: &Catalog,
    readers: &Readers,
    langs: &[&str],
    theme_dir: &str,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let resolved: BTreeMap<&str, BTreeMap<&str, &Entry>> = langs
        .iter()
        .map(|&lang| (lang, catalog.resolve(lang)))
        .collect();
    for &lang in langs {
        let files = catalog.files_for(lang);
        let Some(general) = files.last() else {
            problems.push(no_file(lang, langs, theme_dir));
            continue;
        };
        let file = format!("{theme_dir}/i18n/{}.yaml", general.name);
        let chain_note = if files.len() > 1 || !general.name.eq_ignore_ascii_case(lang) {
            let names: Vec<String> = files.iter().map(|f| format!("{}.yaml", f.name)).collect();
            text!("i18n.chain", lang = lang, files = names.join(" → "))
        } else {
            Text::none()
        };
        let own = &resolved[lang];
        let missing_key = |key: &str, users: Text| {
            let example = langs
                .iter()
                .find_map(|other| resolved[other].get(key))
                .map_or("…", |e| e.text.as_str());
            Diagnostic::new(
                &file,
                0,
                0,
                text!(
                    "i18n.missing_key",
                    key = key,
                    users = users,
                    chain = &chain_note
                ),
                text!(
                    "i18n.missing_key_fix",
                    key = key,
                    example = format!("{example:?}")
                ),
            )
        };
        for (key, users) in readers {
            if !own.contains_key(key.as_str()) {
                problems.push(missing_key(
                    key,
                    text!("i18n.users", list = users.join(", ")),
                ));
            }
        }
        for tag in langs {
            if super::language_name(|k| Some(own.get(k)?.text.as_str()), tag).is_none() {
                let users = text!("i18n.language_name_user", tag = tag);
                problems.push(missing_key(&super::language_name_key(tag), users));
            }
        }
        for file in &files {
            problems.extend(unknown_keys(file, readers));
        }
    }
    problems.extend(placeholder_problems(&resolved, readers));
    problems
}

fn no_file(lang: &str, langs: &[&str], theme_dir: &str) -> Diagnostic {
    let copy_from = langs
        .iter()
        .find(|l| **l != lang)
        .map_or_else(Text::none, |l| text!("i18n.copy_from", lang = *l));
    let primary = super::lookup_chain(lang).pop().unwrap_or_default();
    let serves = if primary.eq_ignore_ascii_case(lang) {
        Text::none()
    } else {
        text!("i18n.serves", primary = &primary, lang = lang)
    };
    Diagnostic::new(
        format!("{theme_dir}/i18n/{lang}.yaml"),
        0,
        0,
        text!("i18n.no_file", lang = lang),
        text!("i18n.no_file_fix", copy_from = copy_from, serves = serves),
    )
}

/// Keys of `file` that the site wrote and nothing reads.
fn unknown_keys<'a>(
    file: &'a super::StringsFile,
    readers: &'a Readers,
) -> impl Iterator<Item = Diagnostic> + 'a {
    file.entries
        .iter()
        .filter(|(key, entry)| entry.editable() && !readers.contains_key(key.as_str()))
        // Names of languages are read for whichever languages a site has.
        .filter(|(key, _)| {
            key.strip_prefix(super::LANGUAGE_NAME_PREFIX)
                .is_none_or(|tag| !crate::model::config::looks_like_language(tag))
        })
        .map(|(key, entry)| {
            let guess = did_you_mean(key, readers.keys().map(String::as_str));
            Diagnostic::new(
                entry.path(),
                entry.line,
                0,
                text!("i18n.unknown_key", key = key, suggestion = guess),
                text!("i18n.unknown_key_fix"),
            )
        })
}

/// Placeholders dropped between languages, and date formats that cannot be filled.
fn placeholder_problems(
    resolved: &BTreeMap<&str, BTreeMap<&str, &Entry>>,
    readers: &Readers,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for key in readers.keys().map(String::as_str) {
        let texts: Vec<(&str, &Entry)> = resolved
            .iter()
            .filter_map(|(lang, strings)| Some((*lang, *strings.get(key)?)))
            .collect();
        if let Some(format) = dates::FORMATS.iter().find(|f| f.key == key) {
            for (_, entry) in &texts {
                problems.extend(date_format_problems(format, entry));
            }
            continue;
        }
        for (lang, entry) in &texts {
            let own: BTreeSet<&str> = placeholders(&entry.text).into_iter().collect();
            for (other, other_entry) in &texts {
                for name in placeholders(&other_entry.text) {
                    if own.contains(name) {
                        continue;
                    }
                    problems.push(Diagnostic::new(
                        entry.path(),
                        entry.line,
                        0,
                        text!(
                            "i18n.dropped_placeholder",
                            key = key,
                            lang = *lang,
                            placeholder = format!("{{{name}}}"),
                            other = *other,
                            text = format!("{:?}", other_entry.text)
                        ),
                        text!(
                            "i18n.dropped_placeholder_fix",
                            placeholder = format!("{{{name}}}"),
                            key = key
                        ),
                    ));
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

fn date_format_problems(format: &dates::DateFormat, entry: &Entry) -> Vec<Diagnostic> {
    let key = format.key;
    let used = placeholders(&entry.text);
    let braces = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("{{{n}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut problems: Vec<Diagnostic> = used
        .iter()
        .filter(|name| !format.allowed.contains(name))
        .map(|name| {
            Diagnostic::new(
                entry.path(),
                entry.line,
                0,
                text!(
                    "i18n.not_date_placeholder",
                    key = key,
                    placeholder = format!("{{{name}}}")
                ),
                text!(
                    "i18n.not_date_placeholder_fix",
                    key = key,
                    list = braces(format.allowed)
                ),
            )
        })
        .collect();
    for one_of in format.required {
        if !one_of.iter().any(|n| used.contains(n)) {
            problems.push(Diagnostic::new(
                entry.path(),
                entry.line,
                0,
                text!("i18n.none_of", key = key, list = braces(one_of)),
                text!(
                    "i18n.none_of_fix",
                    key = key,
                    placeholder = braces(&one_of[..1])
                ),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::layers::{Layer, Origin};

    fn catalog(files: &[(&str, Layer, &str)]) -> Catalog {
        let mut catalog = Catalog::default();
        for (name, layer, text) in files {
            let origin = Origin {
                layer: layer.clone(),
                path: format!("i18n/{name}.yaml"),
            };
            catalog.add(&origin, name, text).expect("valid yaml");
        }
        catalog
    }

    fn readers_of(keys: &[(&str, &str)]) -> Readers {
        keys.iter()
            .map(|(k, by)| (k.to_string(), vec![by.to_string()]))
            .collect()
    }

    /// The problems, but for missing names of languages (tested on their own below).
    fn messages(problems: &[Diagnostic]) -> Vec<String> {
        problems
            .iter()
            .map(ToString::to_string)
            .filter(|m| !m.contains("missing key `language_name_"))
            .collect()
    }

    #[test]
    fn every_file_names_every_site_language() {
        let catalog = catalog(&[
            (
                "en",
                Layer::Builtin,
                "language_name_en: English
",
            ),
            (
                "zh",
                THEME(),
                "language_name_zh: 中文
language_name_en: 英文
",
            ),
        ]);
        let problems = check(
            &catalog,
            &Readers::new(),
            &["zh-CN", "en"],
            "themes/default",
        );
        let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
        // `language_name_zh` names `zh-CN` too; en.yaml has no name for it.
        assert_eq!(
            problems,
            [
                "themes/default/i18n/en.yaml: missing key `language_name_zh` (used by safepress, to name `zh-CN` in language switches and lists) — add it, e.g. language_name_zh: \"中文\""
            ]
        );
    }

    const THEME: fn() -> Layer = || Layer::Theme("default".into());

    #[test]
    fn a_missing_key_names_the_file_the_reader_and_an_example() {
        let catalog = catalog(&[
            ("en", Layer::Builtin, "home: Home\nread_more: Read more\n"),
            ("zh", Layer::Builtin, "home: 首页\n"),
        ]);
        let readers = readers_of(&[("home", "x"), ("read_more", "templates/lesson.html")]);
        let problems = check(&catalog, &readers, &["zh", "en"], "themes/default");
        assert_eq!(
            messages(&problems),
            [
                "themes/default/i18n/zh.yaml: missing key `read_more` (used by templates/lesson.html) — add it, e.g. read_more: \"Read more\""
            ]
        );
    }

    #[test]
    fn a_regional_tag_names_the_files_it_reads() {
        let catalog = catalog(&[
            ("zh", Layer::Builtin, "home: 首页\n"),
            ("zh-CN", THEME(), "print: 打印\n"),
        ]);
        let readers = readers_of(&[("home", "x"), ("print", "x"), ("next", "x")]);
        let problems = messages(&check(&catalog, &readers, &["zh-CN"], "themes/default"));
        assert_eq!(
            problems,
            [
                "themes/default/i18n/zh.yaml: missing key `next` (used by x); `zh-CN` reads zh-CN.yaml → zh.yaml — add it, e.g. next: \"…\""
            ]
        );
    }

    #[test]
    fn a_language_without_a_file_names_the_file_to_create() {
        let catalog = catalog(&[("en", Layer::Builtin, "home: Home\n")]);
        let readers = readers_of(&[("home", "x")]);
        let problems = messages(&check(&catalog, &readers, &["en", "fr-CA"], "themes/civic"));
        assert_eq!(
            problems,
            [
                "themes/civic/i18n/fr-CA.yaml: no UI strings for language `fr-CA` of site.yaml — create this file with every key (copy i18n/en.yaml and translate it); a fr.yaml would also serve `fr-CA`"
            ]
        );
    }

    #[test]
    fn unknown_keys_are_reported_in_editable_files_only() {
        let catalog = catalog(&[
            ("en", Layer::Builtin, "home: Home\nquiz: Quiz\n"),
            ("en", THEME(), "\nread_mroe: More\n"),
        ]);
        let readers = readers_of(&[("home", "x"), ("read_more", "y")]);
        let problems = messages(&check(&catalog, &readers, &["en"], "themes/default"));
        assert!(
            problems.contains(&"themes/default/i18n/en.yaml:2: unknown key `read_mroe` (did you mean `read_more`?): no template and nothing in safepress reads it — correct its name, or remove it".to_string()),
            "{problems:#?}"
        );
        assert!(
            !problems.iter().any(|p| p.contains("`quiz`")),
            "{problems:#?}"
        );
    }

    #[test]
    fn a_dropped_placeholder_names_the_key_and_the_language() {
        let catalog = catalog(&[
            ("en", Layer::Builtin, "min_read: \"{n} min read\"\n"),
            ("zh", THEME(), "min_read: \"阅读约几分钟\"\n"),
        ]);
        let readers = readers_of(&[("min_read", "x")]);
        let problems = messages(&check(&catalog, &readers, &["zh", "en"], "themes/default"));
        assert_eq!(
            problems,
            [
                "themes/default/i18n/zh.yaml:1: `min_read` in `zh` has no `{n}`, which its `en` text \"{n} min read\" has — write `{n}` where the value goes; every language's `min_read` needs the same placeholders"
            ]
        );
    }

    #[test]
    fn date_formats_are_checked_on_their_own_terms() {
        // Different placeholders per language are right for dates ({month} vs {month_name}).
        let catalog = catalog(&[
            (
                "en",
                Layer::Builtin,
                "date_format: \"{day} {month_name} {year}\"\ndatetime_format: \"{date}\"\n",
            ),
            ("zh", THEME(), "date_format: \"{year}年{mon}月{day}日\"\n"),
        ]);
        let readers = readers_of(&[("date_format", "x"), ("datetime_format", "x")]);
        let mut problems = messages(&check(&catalog, &readers, &["en"], "themes/default"));
        problems.extend(messages(&check(&catalog, &readers, &["zh", "en"], "t")));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`datetime_format` has none of {time}")),
            "{problems:#?}"
        );
        assert!(problems.iter().any(|p| p.starts_with("themes/default/i18n/zh.yaml:1: `date_format` uses `{mon}`")), "{problems:#?}");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`date_format` has none of {month}, {month_name}")),
            "{problems:#?}"
        );
        assert!(
            !problems.iter().any(|p| p.contains("which its")),
            "{problems:#?}"
        );
    }
}
