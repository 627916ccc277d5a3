//! `site.yaml`: the site's settings, categories, hotlines and campaigns (checked in
//! `campaign.rs`). Pure [`parse`] plus a thin
//! [`load`]; unknown keys are rejected with a suggestion and a line number.

use crate::error::{Diagnostic, Error, Result};
use crate::messages::Text;
use crate::model::campaign::{self, Campaign, RawCampaign};
use crate::model::cap::CapSettings;
use crate::model::color;
use crate::model::frontmatter::{self, Fields};
pub use crate::model::localized::Localized;
use crate::model::suggest;
use crate::model::yaml_lines;
use crate::text;
use crate::urls::Urls;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The config file's name inside the site root.
pub const FILE_NAME: &str = "site.yaml";

/// A lesson category; its id is the folder name under `content/lessons/`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Folder name and URL segment, e.g. `fire`.
    pub id: String,
    /// Display name.
    pub name: Localized,
    /// One-sentence description.
    #[serde(default)]
    pub description: Localized,
    /// Optional icon name: a theme's `static/icons/<name>.svg` (checked when the theme loads).
    #[serde(default)]
    pub icon: String,
    /// The 1-based line of site.yaml where `icon` is written (the category's line when it is
    /// not found), for messages.
    #[serde(skip)]
    pub icon_line: usize,
    /// Optional accent colour, `#rgb` or `#rrggbb`, at least 4.5:1 against white (checked by
    /// [`parse`]). `color:` with no value (e.g. an unquoted `#…`, which YAML reads as a comment)
    /// is `Some("")`, so it can be reported.
    #[serde(default, deserialize_with = "present")]
    pub color: Option<String>,
}

/// Deserializes a key that is present as `Some`, even when its value is null.
pub(crate) fn present<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d).map(|v| Some(v.unwrap_or_default()))
}

/// An emergency or service phone number shown on every page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Hotline {
    /// Who answers, e.g. "Fire and rescue".
    pub name: Localized,
    /// The number as dialled.
    pub number: String,
    /// When to call it.
    #[serde(default)]
    pub note: Localized,
}

/// Markdown rendering settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Keep raw HTML from content as written (trusted authors only).
    pub allow_html: bool,
    /// Turn straight quotes and `--` into typographic ones.
    pub smart_punctuation: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            allow_html: false,
            smart_punctuation: true,
        }
    }
}

/// `site.yaml` as written, before [`parse`] checks it (public so tests can list its keys).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    title: Localized,
    #[serde(default)]
    description: Localized,
    base_url: Option<String>,
    language: Option<String>,
    #[serde(default)]
    languages: Vec<String>,
    timezone: Option<String>,
    theme: Option<String>,
    paginate: Option<usize>,
    #[serde(default)]
    categories: Vec<Category>,
    #[serde(default)]
    hotlines: Vec<Hotline>,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default = "search_default")]
    search: bool,
    #[serde(default)]
    cap: CapSettings,
    #[serde(default)]
    campaigns: Vec<RawCampaign>,
    #[serde(default = "posters_default")]
    posters: bool,
}

/// Lessons have print posters unless `posters: false` turns them off.
fn posters_default() -> bool {
    true
}

/// Search is on unless `search: false` turns it off.
fn search_default() -> bool {
    true
}

/// The top-level keys `site.yaml` may have, and the one it must have.
pub const FIELDS: Fields = Fields {
    known: &[
        "title",
        "description",
        "base_url",
        "language",
        "languages",
        "timezone",
        "theme",
        "paginate",
        "categories",
        "hotlines",
        "markdown",
        "search",
        "cap",
        "campaigns",
        "posters",
    ],
    required: &["title"],
    what: frontmatter::What::Site,
};

/// The checked site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title.
    pub title: Localized,
    /// One-sentence description for search engines and feeds.
    pub description: Localized,
    /// Absolute URL the site is published at, without trailing slash (it may have a path,
    /// e.g. `https://www.city.gov.cn/safety`).
    pub base_url: String,
    /// Every path and URL of the site, made from `base_url` and `language`.
    pub urls: Urls,
    /// Main language: a BCP 47 tag in its usual spelling (`zh`, `zh-CN`, `en-GB`).
    pub language: String,
    /// The other languages, in the order written, never the main one.
    pub languages: Vec<String>,
    /// IANA name of the site time zone.
    pub timezone_name: String,
    /// The site time zone: dates without an offset are read in it and shown in it.
    pub timezone: TimeZone,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Lessons per category page.
    pub paginate: usize,
    /// Lesson categories, in display order.
    pub categories: Vec<Category>,
    /// Hotlines, in display order.
    pub hotlines: Vec<Hotline>,
    /// Markdown settings.
    pub markdown: MarkdownConfig,
    /// Whether the site has search: the search pages, the header box and the index (on
    /// unless `search: false`).
    pub search: bool,
    /// The `cap:` block: sender, contact, default area and categories of the CAP alerts.
    pub cap: CapSettings,
    /// Campaigns, in the order written.
    pub campaigns: Vec<Campaign>,
    /// Whether lessons have print posters (`/…/<slug>/poster/`; on unless `posters: false`).
    pub posters: bool,
}

impl Config {
    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The campaign with this id.
    pub fn campaign(&self, id: &str) -> Option<&Campaign> {
        self.campaigns.iter().find(|c| c.id == id)
    }

    /// Publishes the site at another address (the `--base-url` option).
    pub fn set_base_url(&mut self, url: &str) {
        self.urls = Urls::new(url, &self.language);
        self.base_url = self.urls.base_url();
    }

    /// The site's spelling of language `lang`, if the site has it (`zh-cn` gives `zh-CN`).
    pub fn language_tag(&self, lang: &str) -> Option<&str> {
        self.langs().find(|l| l.eq_ignore_ascii_case(lang))
    }

    /// Every site language, the main one first.
    pub fn langs(&self) -> impl Iterator<Item = &str> + Clone {
        std::iter::once(self.language.as_str()).chain(self.languages.iter().map(String::as_str))
    }

    /// The language at `k` among [`Config::langs`]; the main language when out of range.
    pub fn lang_at(&self, k: usize) -> &str {
        self.langs().nth(k).unwrap_or(&self.language)
    }

    /// The `<sender>` of the site's CAP alerts: `cap.sender`, else the host of `base_url`.
    pub fn cap_sender(&self) -> &str {
        self.cap.sender(self.urls.host())
    }

    /// The position of `lang` among [`Config::langs`] (0 for the main language).
    pub fn lang_index(&self, lang: &str) -> Option<usize> {
        self.langs().position(|l| l == lang)
    }
}

/// Reads `site.yaml` from the site root.
pub fn load(root: &Path) -> Result<Config> {
    let path = root.join(FILE_NAME);
    if !path.is_file() {
        return Err(Error::content(vec![Diagnostic::new(
            FILE_NAME,
            0,
            0,
            text!("config.missing", root = root.display()),
            text!("config.missing_fix"),
        )]));
    }
    let text = crate::fs::read_to_string(&path)?;
    parse(&text, Path::new(FILE_NAME)).map_err(Error::content)
}

/// Parses and checks the text of `site.yaml`; `path` is used in messages.
pub fn parse(text: &str, path: &Path) -> std::result::Result<Config, Vec<Diagnostic>> {
    let raw: RawConfig = frontmatter::parse_yaml(text, FIELDS, path, 1)?;
    let mut problems = Vec::new();
    let at = |key: &str| frontmatter::key_line(text, key).map_or(1, |l| l + 1);

    let timezone_name = raw.timezone.unwrap_or_else(|| "UTC".to_string());
    let timezone = match TimeZone::get(&timezone_name) {
        Ok(tz) => tz,
        Err(_) => {
            problems.push(Diagnostic::new(
                path,
                at("timezone"),
                1,
                text!("config.timezone", name = &timezone_name),
                text!("config.timezone_fix"),
            ));
            TimeZone::UTC
        }
    };
    let base_url = raw
        .base_url
        .unwrap_or_else(|| "http://localhost:1111".to_string());
    if let Err(why) = Urls::parse(&base_url, "") {
        problems.push(Diagnostic::new(
            path,
            at("base_url"),
            1,
            text!("config.base_url", url = &base_url, why = why),
            text!("config.base_url_fix"),
        ));
    }
    let paginate = raw.paginate.unwrap_or(10);
    if paginate == 0 {
        problems.push(Diagnostic::new(
            path,
            at("paginate"),
            1,
            text!("config.paginate"),
            text!("config.paginate_fix"),
        ));
    }
    let language = raw
        .language
        .map_or_else(|| "en".to_string(), |l| canonical_tag(&l));
    let mut languages: Vec<String> = Vec::new();
    for (lang, key) in std::iter::once((&language, "language"))
        .chain(raw.languages.iter().map(|l| (l, "languages")))
    {
        if !is_language_code(lang) {
            problems.push(Diagnostic::new(
                path,
                at(key),
                1,
                text!("config.not_language", tag = lang),
                text!("config.not_language_fix"),
            ));
        } else if key == "languages" {
            let tag = canonical_tag(lang);
            if tag.eq_ignore_ascii_case(&language) {
                continue; // Listing the main language again is harmless.
            }
            if languages.iter().any(|l| l.eq_ignore_ascii_case(&tag)) {
                problems.push(Diagnostic::new(
                    path,
                    at(key),
                    1,
                    text!("config.language_twice", tag = &tag),
                    text!("config.twice_fix"),
                ));
                continue;
            }
            languages.push(tag);
        }
    }
    let langs: Vec<String> = std::iter::once(language.clone())
        .chain(languages.iter().cloned())
        .collect();
    for (key, text) in [("title", &raw.title), ("description", &raw.description)] {
        for (why, fix) in text.problems(&langs) {
            let what = text!("config.field", key = key, why = why);
            problems.push(Diagnostic::new(path, at(key), 1, what, fix));
        }
    }
    for c in &raw.categories {
        let line = id_line(text, &c.id).unwrap_or_else(|| at("categories"));
        for (key, value) in [("name", &c.name), ("description", &c.description)] {
            for (why, fix) in value.problems(&langs) {
                let what = text!("config.category_field", id = &c.id, key = key, why = why);
                // The line is an entry of a list, indented: the whole line is marked.
                problems.push(Diagnostic::new(path, line, 0, what, fix));
            }
        }
    }
    for h in &raw.hotlines {
        let line = number_line(text, &h.number).unwrap_or_else(|| at("hotlines"));
        for (key, value) in [("name", &h.name), ("note", &h.note)] {
            for (why, fix) in value.problems(&langs) {
                let what = text!(
                    "config.hotline_field",
                    number = &h.number,
                    key = key,
                    why = why
                );
                // The line is an entry of a list, indented: the whole line is marked.
                problems.push(Diagnostic::new(path, line, 0, what, fix));
            }
        }
    }
    let ids: Vec<&str> = raw.categories.iter().map(|c| c.id.as_str()).collect();
    problems.extend(raw.cap.problems(path, at("cap"), &langs, &ids));
    check_categories(&raw.categories, path, at("categories"), &mut problems);
    check_colors(&raw.categories, text, path, at("categories"), &mut problems);
    let mut categories = raw.categories;
    set_icon_lines(&mut categories, text, at("categories"));
    let campaigns = campaign::check(
        raw.campaigns,
        text,
        path,
        at("campaigns"),
        &langs,
        &timezone,
    )
    .unwrap_or_else(|mut found| {
        problems.append(&mut found);
        Vec::new()
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    let urls = Urls::new(&base_url, &language);
    Ok(Config {
        title: raw.title,
        description: raw.description,
        base_url: urls.base_url(),
        urls,
        languages,
        language,
        timezone_name,
        timezone,
        theme: raw.theme.unwrap_or_else(|| "default".to_string()),
        paginate,
        categories,
        hotlines: raw.hotlines,
        markdown: raw.markdown,
        search: raw.search,
        cap: raw.cap,
        campaigns,
        posters: raw.posters,
    })
}

fn check_categories(
    categories: &[Category],
    path: &Path,
    line: usize,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen = BTreeMap::new();
    for c in categories {
        let valid = !c.id.is_empty()
            && c.id
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
        if !valid {
            problems.push(Diagnostic::new(
                path,
                line,
                1,
                text!("config.category_id", id = &c.id),
                text!("config.category_id_fix"),
            ));
        }
        if seen.insert(c.id.as_str(), ()).is_some() {
            problems.push(Diagnostic::new(
                path,
                line,
                1,
                text!("config.category_twice", id = &c.id),
                text!("config.twice_fix"),
            ));
        }
    }
}

/// Notes the line of each category's `icon:`, which is checked against the theme later.
fn set_icon_lines(categories: &mut [Category], text: &str, categories_line: usize) {
    let items = yaml_lines::top_level_key(text, "categories")
        .map_or_else(Vec::new, |(line, col)| yaml_lines::items(text, line, col));
    for (k, c) in categories.iter_mut().enumerate() {
        let item = items.get(k);
        let icon = item.and_then(|item| yaml_lines::item_key(text, item, "icon"));
        c.icon_line = icon
            .map(|(line, _)| line)
            .or(item.map(|item| item.line))
            .map_or(categories_line, |line| line + 1);
    }
}

/// Checks each category's `color`, reporting it at the line where it is written.
fn check_colors(
    categories: &[Category],
    text: &str,
    path: &Path,
    categories_line: usize,
    problems: &mut Vec<Diagnostic>,
) {
    let mut lines = color_lines(text, categories_line);
    for c in categories {
        let Some(written) = &c.color else { continue };
        // The first unclaimed `color:` line with this value is this category's.
        let line = lines
            .iter_mut()
            .find(|(_, value)| value.as_deref() == Some(written.as_str()))
            .map_or(categories_line, |(line, value)| {
                *value = None;
                *line
            });
        if let Some((message, fix)) = color::check(&c.id, written) {
            problems.push(Diagnostic::new(path, line, 0, message, fix));
        }
    }
}

/// Every `color:` key from line `from` (1-based) on, with its 1-based line and its value as
/// YAML reads it: unquoted, and empty when it is only a `#` comment.
fn color_lines(text: &str, from: usize) -> Vec<(usize, Option<String>)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let mut rest = line;
        while let Some(at) = rest.find("color:") {
            let before = rest[..at].chars().next_back();
            let after = &rest[at + "color:".len()..];
            rest = after;
            if before.is_some_and(|b| !matches!(b, ' ' | '{' | ',' | '-' | '\t')) {
                continue;
            }
            let value = after.trim_start();
            let value = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
                Some('#') | None => "",
                Some(_) => value
                    .split([',', '}'])
                    .next()
                    .unwrap_or("")
                    .split(" #")
                    .next()
                    .unwrap_or("")
                    .trim(),
            };
            out.push((i + 1, Some(value.to_string())));
        }
    }
    out
}

/// Whether `code` is shaped like a BCP 47 language tag: a 2–3 letter language, then subtags
/// of 2–8 letters or digits (`zh`, `zh-Hans`, `zh-CN`, `en-GB`, `es-419`).
fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let head = parts.next().unwrap_or("");
    (2..=3).contains(&head.len())
        && head.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A language tag in its usual spelling: language lowercase, script titlecase, region
/// uppercase (`ZH-hans-cn` gives `zh-Hans-CN`).
fn canonical_tag(tag: &str) -> String {
    tag.split('-')
        .enumerate()
        .map(|(i, part)| match (i, part.len()) {
            (0, _) => part.to_ascii_lowercase(),
            (_, 2) => part.to_ascii_uppercase(),
            (_, 4) if part.chars().all(|c| c.is_ascii_alphabetic()) => {
                let mut s = part.to_ascii_lowercase();
                s[..1].make_ascii_uppercase();
                s
            }
            _ => part.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The 1-based line of a category's `id: <id>`.
fn id_line(text: &str, id: &str) -> Option<usize> {
    value_line(text, "id", id)
}

/// The 1-based line of a hotline's `number: <number>`.
fn number_line(text: &str, number: &str) -> Option<usize> {
    value_line(text, "number", number)
}

/// The 1-based line where `key` is given `value` (quoted or not, block or flow style).
fn value_line(text: &str, key: &str, value: &str) -> Option<usize> {
    let forms = [
        format!("{key}: {value}"),
        format!("{key}: \"{value}\""),
        format!("{key}: '{value}'"),
    ];
    text.lines()
        .position(|line| {
            forms.iter().any(|f| {
                line.match_indices(f.as_str()).any(|(at, _)| {
                    let after = line[at + f.len()..].chars().next();
                    after.is_none_or(|c| matches!(c, ',' | '}' | ' ' | '#'))
                })
            })
        })
        .map(|i| i + 1)
}

/// Whether a file name could be a language suffix (`zh` in `gas.zh.md`).
pub fn looks_like_language(code: &str) -> bool {
    is_language_code(code)
}

/// A "did you mean" for a campaign id.
pub fn suggest_campaign(config: &Config, id: &str) -> Text {
    suggest::did_you_mean(id, config.campaigns.iter().map(|c| c.id.as_str()))
}

/// A "did you mean" for a category id.
pub fn suggest_category(config: &Config, id: &str) -> Text {
    suggest::did_you_mean(id, config.categories.iter().map(|c| c.id.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_missing_keys() {
        let c = parse("title: Safety\n", Path::new("site.yaml")).unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.paginate, 10);
        assert_eq!(c.timezone_name, "UTC");
        assert!(c.markdown.smart_punctuation);
    }

    #[test]
    fn unknown_key_gets_line_and_suggestion() {
        let err = parse("title: S\ntimezon: UTC\n", Path::new("site.yaml")).unwrap_err();
        assert_eq!(err[0].line, 2);
        assert!(
            err[0]
                .message
                .to_string()
                .contains("did you mean `timezone`")
        );
    }

    #[test]
    fn category_colors_are_checked_at_their_line() {
        let text = "title: S\n\
                    categories:\n\
                    \x20 - {id: fire, name: F, color: \"#a63d00\"}\n\
                    \x20 - id: flood\n\
                    \x20   name: Flood\n\
                    \x20   color: \"#05A\"\n\
                    \x20 - {id: gas, name: G, color: \"orange\"}\n\
                    \x20 - id: sun\n\
                    \x20   name: Sun\n\
                    \x20   color: \"#ffcc00\"\n\
                    \x20 - id: night\n\
                    \x20   name: Night\n\
                    \x20   color: #0b5cab\n\
                    \x20 - {id: plain, name: P}\n";
        let err = parse(text, Path::new("site.yaml")).unwrap_err();
        let found: Vec<(usize, String)> = err
            .iter()
            .map(|d| (d.line, d.message.to_string()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, 7);
        assert!(
            found[0]
                .1
                .to_string()
                .contains("`orange` is not a hex colour"),
            "{found:?}"
        );
        assert_eq!(found[1].0, 10);
        assert!(
            found[1]
                .1
                .to_string()
                .contains("contrast of 1.51:1 against white"),
            "{found:?}"
        );
        assert!(err[1].fix.to_string().contains("darker"));
        assert_eq!(found[2].0, 13);
        assert!(found[2].1.to_string().contains("empty color"), "{found:?}");
        assert!(err[2].fix.to_string().contains("quotes"));
        let ok = "title: S\ncategories:\n  - {id: fire, name: F, color: \"#a63d00\"}\n  - {id: p, name: P}\n";
        let config = parse(ok, Path::new("site.yaml")).unwrap();
        assert_eq!(config.categories[0].color.as_deref(), Some("#a63d00"));
        assert_eq!(config.categories[1].color, None);
    }

    #[test]
    fn bad_timezone_and_category_are_reported_together() {
        let text = "title: S\ntimezone: Mars/Base\ncategories:\n  - {id: Fire!, name: F}\n";
        let err = parse(text, Path::new("site.yaml")).unwrap_err();
        assert_eq!(err.len(), 2);
        assert_eq!(err[0].line, 2);
    }
}
