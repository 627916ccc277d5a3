//! One content file turned into a [`Page`]: front matter checked, dates read, Markdown parsed,
//! URL decided. [`parse`] is pure: it takes the file's text and does no I/O.

use crate::error::Diagnostic;
use crate::markdown::{self, MarkdownOptions, Parsed};
use crate::messages::Text;
use crate::model::config::{self, Config};
use crate::model::dates;
use crate::model::frontmatter::{
    self, AnnouncementMeta, LessonMeta, Level, PageMeta, QuizItem, Split, Steps, Urgency,
};
use crate::model::quiz;
use crate::model::slug;
use crate::model::source::{SourceFile, SourceKind};
use crate::text;
use crate::urls::Route;
use jiff::Timestamp;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

/// How long a summary made from the first paragraph may be, in CJK characters plus words
/// ([`text::truncate`]): about four lines of a lesson card in either language.
pub const SUMMARY_UNITS: usize = 60;

/// How long a page's description for search engines may be, in CJK characters plus words:
/// a written summary longer than this is cut for `<meta name="description">` only.
pub const DESCRIPTION_UNITS: usize = 60;

/// What kind of content a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKind {
    /// A safety lesson in a category.
    Lesson,
    /// A public announcement.
    Announcement,
    /// A plain page such as "About".
    Page,
}

/// A parsed content file.
#[derive(Debug, Clone)]
pub struct Page {
    /// Lesson, announcement or page.
    pub kind: PageKind,
    /// Path relative to the site root.
    pub source: PathBuf,
    /// Path relative to `content/`: what `@/` links name.
    pub rel: String,
    /// The page's language.
    pub lang: String,
    /// `rel` without the language suffix: translations of one page share it.
    pub key: String,
    /// Last URL segment.
    pub slug: String,
    /// Path inside the site, from [`Urls::path`]: `lessons/fire/extinguisher/`.
    pub path: String,
    /// The link to the page, from [`Urls::href`]: `/lessons/fire/extinguisher/`, or
    /// `/safety/lessons/fire/extinguisher/` for a site published under `/safety/`.
    pub url: String,
    /// Title.
    pub title: String,
    /// Summary: the front matter's as written, else the first paragraph shortened to
    /// [`SUMMARY_UNITS`].
    pub summary: String,
    /// The summary shortened to [`DESCRIPTION_UNITS`], for `<meta name="description">`.
    pub description: String,
    /// Publication time (lessons and announcements).
    pub date: Option<Timestamp>,
    /// Last update (lessons and announcements).
    pub updated: Option<Timestamp>,
    /// Category id: the folder for lessons, the field for announcements.
    pub category: Option<String>,
    /// Tags as written.
    pub tags: Vec<String>,
    /// Audiences as written.
    pub audience: Vec<String>,
    /// URL slugs of `tags`, in the same order.
    pub tag_slugs: Vec<String>,
    /// URL slugs of `audience`, in the same order.
    pub audience_slugs: Vec<String>,
    /// Key messages.
    pub key_points: Vec<String>,
    /// Before/during/after lists.
    pub steps: Steps,
    /// Quiz questions.
    pub quiz: Vec<QuizItem>,
    /// Whether the lesson has a print poster (lessons; `poster: false` in front matter leaves
    /// it out, as does `posters: false` in site.yaml).
    pub poster: bool,
    /// The front matter line a poster warning points at: `key_points`, else `steps`, else 1.
    pub poster_line: usize,
    /// Ordering weight within a category.
    pub weight: Option<i64>,
    /// Navigation position (pages).
    pub menu: Option<i64>,
    /// How pressing (announcements).
    pub urgency: Urgency,
    /// Warning level of an announcement on the four-colour scale.
    pub level: Option<Level>,
    /// End of validity (announcements).
    pub expires: Option<Timestamp>,
    /// Area concerned (announcements).
    pub region: String,
    /// Not published unless drafts are built.
    pub draft: bool,
    /// Ids of the campaigns it belongs to (lessons and announcements), each once.
    pub campaigns: Vec<String>,
    /// The parsed body.
    pub body: Parsed,
    /// File line where the body starts.
    pub body_line: usize,
    /// Hash of the file's text: everything the page renders from, apart from the site.
    pub source_hash: u64,
    /// Hash of what decides where the page is listed, and its order apart from its title
    /// (not its body).
    pub list_hash: u64,
}

/// Parses one Markdown content file.
pub fn parse(file: &SourceFile, text: &str, config: &Config) -> Result<Page, Vec<Diagnostic>> {
    let path = &file.path;
    let split = frontmatter::split(text)
        .map_err(|(line, message, fix)| vec![Diagnostic::new(path, line, 1, message, fix)])?;
    let (stem, lang) = stem_and_lang(file, config)?;
    let dir = file.rel.rsplit_once('/').map_or("", |(d, _)| d);
    let key = if dir.is_empty() {
        format!("{stem}.md")
    } else {
        format!("{dir}/{stem}.md")
    };
    let md = MarkdownOptions {
        smart_punctuation: config.markdown.smart_punctuation,
        asset_base: config.urls.href_of_path(&format!("{dir}/")),
        content_dir: dir.to_string(),
        root: config.urls.root().to_string(),
    };
    let body = markdown::parse(split.body, &md);
    let mut page = Page {
        kind: PageKind::Page,
        source: path.clone(),
        rel: file.rel.clone(),
        key,
        slug: slug::of_file(&stem),
        path: String::new(),
        url: String::new(),
        title: String::new(),
        summary: String::new(),
        description: String::new(),
        date: None,
        updated: None,
        category: None,
        tags: Vec::new(),
        audience: Vec::new(),
        tag_slugs: Vec::new(),
        audience_slugs: Vec::new(),
        key_points: Vec::new(),
        steps: Steps::default(),
        quiz: Vec::new(),
        poster: false,
        poster_line: 1,
        weight: None,
        menu: None,
        urgency: Urgency::Info,
        level: None,
        expires: None,
        region: String::new(),
        draft: false,
        campaigns: Vec::new(),
        body,
        body_line: split.body_line,
        source_hash: {
            let mut h = DefaultHasher::new();
            text.hash(&mut h);
            h.finish()
        },
        list_hash: 0,
        lang,
    };
    let mut fields = FieldReader {
        split: &split,
        file,
        config,
        problems: Vec::new(),
    };
    match &file.kind {
        SourceKind::Lesson { category } => fields.lesson(&mut page, category)?,
        SourceKind::Announcement => fields.announcement(&mut page)?,
        _ => fields.page(&mut page)?,
    }
    if page.summary.is_empty() {
        page.summary = text::truncate(&page.body.first_paragraph, SUMMARY_UNITS).into_owned();
    }
    page.description = text::truncate(&page.summary, DESCRIPTION_UNITS).into_owned();
    page.path = config.urls.path(page.route());
    page.url = config.urls.href_of_path(&page.path);
    page.list_hash = list_hash(&page);
    if fields.problems.is_empty() {
        Ok(page)
    } else {
        Err(fields.problems)
    }
}

impl Page {
    /// Where the page lives in the site.
    pub fn route(&self) -> Route<'_> {
        let (lang, slug) = (self.lang.as_str(), self.slug.as_str());
        match (self.kind, &self.category) {
            (PageKind::Lesson, Some(category)) => Route::Lesson {
                lang,
                category,
                slug,
            },
            (PageKind::Announcement, _) => Route::Announcement { lang, slug },
            _ => Route::Page { lang, slug },
        }
    }

    /// Where the lesson's print poster lives, if it has one (`poster: false` has none).
    pub fn poster_route(&self) -> Option<Route<'_>> {
        match (self.kind, &self.category) {
            (PageKind::Lesson, Some(category)) if self.poster => Some(Route::Poster {
                lang: &self.lang,
                category,
                slug: &self.slug,
            }),
            _ => None,
        }
    }
}

/// Hashes the fields that grouping and ordering read (see `site::group`), apart from the
/// title: a new title can only reorder pages of the same date, so `site::assemble` regroups
/// and compares instead of treating every title edit as a new order.
fn list_hash(p: &Page) -> u64 {
    let mut h = DefaultHasher::new();
    (
        p.kind, &p.lang, &p.key, &p.url, p.date, p.expires, p.urgency, p.level,
    )
        .hash(&mut h);
    (&p.category, &p.tags, &p.audience, p.weight, p.menu, p.draft).hash(&mut h);
    p.campaigns.hash(&mut h);
    // Whether a lesson has a poster decides which outputs the site has.
    p.poster.hash(&mut h);
    h.finish()
}

/// The file stem without its language suffix, and the page's language.
fn stem_and_lang(file: &SourceFile, config: &Config) -> Result<(String, String), Vec<Diagnostic>> {
    let name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let split = stem
        .rsplit_once('.')
        .map(|(base, suffix)| (base, suffix, config.language_tag(suffix)));
    let (stem, lang) = match split {
        Some((base, _, Some(tag))) => (base, tag),
        // Any suffix shaped like a language tag (`.fr.md`, `.en-US.md`) is meant as one: never
        // publish it silently as a main-language page with the suffix in its address.
        Some((_, suffix, None)) if config::looks_like_language(suffix) => {
            return Err(vec![Diagnostic::new(
                &file.path,
                0,
                0,
                text!("page.unknown_suffix", suffix = suffix),
                text!("page.unknown_suffix_fix", suffix = suffix),
            )]);
        }
        _ => (stem, config.language.as_str()),
    };
    let slug = slug::of_file(stem);
    if let Some(why) = slug::check(&slug) {
        return Err(vec![Diagnostic::new(
            &file.path,
            0,
            0,
            text!("page.bad_file_name", name = name, why = why),
            text!("page.bad_file_name_fix"),
        )]);
    }
    Ok((stem.to_string(), lang.to_string()))
}

/// Reads typed front matter into a page, collecting every problem with its line.
struct FieldReader<'a> {
    split: &'a Split<'a>,
    file: &'a SourceFile,
    config: &'a Config,
    problems: Vec<Diagnostic>,
}

impl FieldReader<'_> {
    fn meta<T: serde::de::DeserializeOwned>(
        &self,
        fields: frontmatter::Fields,
    ) -> Result<T, Vec<Diagnostic>> {
        frontmatter::parse_yaml(
            self.split.yaml,
            fields,
            &self.file.path,
            self.split.yaml_line,
        )
    }

    fn line(&self, key: &str) -> usize {
        frontmatter::key_line(self.split.yaml, key).map_or(1, |l| self.split.yaml_line + l)
    }

    fn problem(&mut self, key: &str, message: Text, fix: Text) {
        // The folder a lesson is in is the whole file's problem, on no line of it.
        let line = match key {
            "folder" => 0,
            _ => self.line(key),
        };
        self.problems
            .push(Diagnostic::new(&self.file.path, line, 1, message, fix));
    }

    fn date(&mut self, key: &str, text: &str) -> Option<Timestamp> {
        match dates::parse(text, &self.config.timezone) {
            Ok(ts) => Some(ts),
            Err(message) => {
                let what = text!("page.field_problem", key = key, why = message);
                self.problem(key, what, dates::date_fix());
                None
            }
        }
    }

    fn slug(&mut self, page: &mut Page, slug: Option<String>) {
        if let Some(s) = slug {
            let folded = slug::fold(&s);
            match slug::check(&folded) {
                Some(why) => self.problem(
                    "slug",
                    text!("page.bad_slug", slug = &s, why = why),
                    text!("page.bad_slug_fix"),
                ),
                None => page.slug = folded,
            }
        }
    }

    fn category(&mut self, key: &str, id: &str) -> bool {
        if self.config.category(id).is_some() {
            return true;
        }
        let known: Vec<&str> = self
            .config
            .categories
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        let message = text!(
            "page.unknown_category",
            id = id,
            suggestion = config::suggest_category(self.config, id)
        );
        let fix = if key == "folder" {
            text!("page.unknown_folder_fix", list = known.join(", "), id = id)
        } else {
            text!("use_one_of", list = known.join(", "))
        };
        self.problem(key, message, fix);
        false
    }

    fn lesson(&mut self, page: &mut Page, folder: &str) -> Result<(), Vec<Diagnostic>> {
        let meta: LessonMeta = self.meta(LessonMeta::FIELDS)?;
        page.kind = PageKind::Lesson;
        if self.category("folder", folder) {
            page.category = Some(folder.to_string());
        }
        page.date = self.date("date", &meta.date);
        page.updated = meta
            .updated
            .as_deref()
            .and_then(|u| self.date("updated", u));
        for (line, message, fix) in quiz::check(&meta.quiz, self.split.yaml) {
            let line = self.split.yaml_line + line;
            self.problems
                .push(Diagnostic::new(&self.file.path, line, 1, message, fix));
        }
        self.slug(page, meta.slug);
        page.title = meta.title;
        page.summary = meta.summary.unwrap_or_default();
        page.tags = self.names("tags", meta.tags);
        page.audience = self.names("audience", meta.audience);
        page.tag_slugs = page.tags.iter().map(|t| slug::slugify(t)).collect();
        page.audience_slugs = page.audience.iter().map(|a| slug::slugify(a)).collect();
        page.key_points = meta.key_points;
        page.steps = meta.steps;
        page.quiz = meta.quiz;
        page.poster = meta.poster;
        page.poster_line = ["key_points", "steps"]
            .into_iter()
            .find_map(|key| frontmatter::key_line(self.split.yaml, key))
            .map_or(1, |l| self.split.yaml_line + l);
        page.draft = meta.draft;
        page.weight = meta.weight;
        page.campaigns = self.campaigns(meta.campaigns);
        Ok(())
    }

    fn announcement(&mut self, page: &mut Page) -> Result<(), Vec<Diagnostic>> {
        let meta: AnnouncementMeta = self.meta(AnnouncementMeta::FIELDS)?;
        page.kind = PageKind::Announcement;
        page.date = self.date("date", &meta.date);
        page.expires = meta
            .expires
            .as_deref()
            .and_then(|e| self.date("expires", e));
        page.updated = meta
            .updated
            .as_deref()
            .and_then(|u| self.date("updated", u));
        for (key, moment) in [("expires", page.expires), ("updated", page.updated)] {
            if let (Some(d), Some(m)) = (page.date, moment)
                && m <= d
            {
                self.problem(
                    key,
                    text!("page.not_after_date", key = key),
                    text!("page.not_after_date_fix", key = key),
                );
            }
        }
        if let Some(c) = meta.category
            && self.category("category", &c)
        {
            page.category = Some(c);
        }
        page.title = meta.title;
        page.level = meta.level;
        let implied = meta.level.map(Level::urgency).unwrap_or_default();
        page.urgency = match meta.urgency {
            Some(u) if u < implied => {
                let level = meta.level.map_or_else(Text::none, Level::text);
                self.problem(
                    "urgency",
                    text!(
                        "page.urgency_too_low",
                        urgency = u.as_str(),
                        level = level,
                        implied = implied.as_str()
                    ),
                    text!("page.urgency_too_low_fix"),
                );
                implied
            }
            Some(u) => u,
            None => implied,
        };
        page.region = meta.region.unwrap_or_default();
        page.summary = meta.summary.unwrap_or_default();
        page.draft = meta.draft;
        page.campaigns = self.campaigns(meta.campaigns);
        Ok(())
    }

    fn page(&mut self, page: &mut Page) -> Result<(), Vec<Diagnostic>> {
        let meta: PageMeta = self.meta(PageMeta::FIELDS)?;
        page.kind = PageKind::Page;
        self.slug(page, meta.slug);
        page.title = meta.title;
        page.menu = meta.menu;
        page.summary = meta.summary.unwrap_or_default();
        page.draft = meta.draft;
        Ok(())
    }

    /// Campaign ids: each must be a campaign of `site.yaml`; kept once each, in the order
    /// written.
    fn campaigns(&mut self, ids: Vec<String>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for id in ids {
            let id = id.trim().to_string();
            if self.config.campaign(&id).is_some() {
                if !out.contains(&id) {
                    out.push(id);
                }
                continue;
            }
            let known: Vec<&str> = self
                .config
                .campaigns
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            let message = text!(
                "page.unknown_campaign",
                id = &id,
                suggestion = config::suggest_campaign(self.config, &id)
            );
            let fix = match known.is_empty() {
                true => text!("page.no_campaigns_fix", id = &id),
                false => text!(
                    "page.unknown_campaign_fix",
                    list = known.join(", "),
                    id = &id
                ),
            };
            let line = self.entry_line("campaigns", &id);
            self.problems
                .push(Diagnostic::new(&self.file.path, line, 1, message, fix));
        }
        out
    }

    /// The file line of entry `value` of list `key`: the first line from `key:` on that holds
    /// it (the key's line for a list written on one line).
    fn entry_line(&self, key: &str, value: &str) -> usize {
        let Some(at) = frontmatter::key_line(self.split.yaml, key) else {
            return self.line(key);
        };
        let offset = self
            .split
            .yaml
            .lines()
            .skip(at)
            .take_while(|l| {
                l.starts_with([' ', '\t', '-']) || frontmatter::key_line(l, key).is_some()
            })
            .position(|l| l.contains(value))
            .unwrap_or(0);
        self.split.yaml_line + at + offset
    }

    /// Tag-like names: trimmed, de-duplicated, each must give a URL.
    fn names(&mut self, key: &str, names: Vec<String>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in names {
            let name = name.trim().to_string();
            if slug::slugify(&name).is_empty() {
                self.problem(
                    key,
                    text!("page.name_without_letters", key = key, name = &name),
                    text!("page.name_without_letters_fix"),
                );
            } else if !out.iter().any(|n| slug::slugify(n) == slug::slugify(&name)) {
                out.push(name);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config() -> Config {
        let yaml = "title: T\ntimezone: Asia/Shanghai\nlanguages: [zh]\ncategories:\n  - {id: fire, name: Fire}\n";
        config::parse(yaml, Path::new("site.yaml")).unwrap()
    }

    fn file(rel: &str) -> SourceFile {
        SourceFile {
            path: Path::new("content").join(rel),
            rel: rel.to_string(),
            kind: crate::model::source::classify(rel),
        }
    }

    #[test]
    fn lesson_gets_url_summary_and_dates() {
        let text =
            "---\ntitle: Extinguishers\ndate: 2026-03-01\ntags: [Home, home]\n---\nUse one.\n";
        let p = parse(&file("lessons/fire/extinguisher.md"), text, &config()).unwrap();
        assert_eq!(p.url, "/lessons/fire/extinguisher/");
        assert_eq!(p.summary, "Use one.");
        assert_eq!(p.tags, ["Home"]);
        assert_eq!(p.body_line, 6);
    }

    #[test]
    fn a_long_first_paragraph_is_cut_at_a_sentence_end_for_the_summary() {
        let first = "燃气泄漏可能引发爆炸或火灾。".repeat(4) + &"闻到燃气味时不要开灯".repeat(4);
        let text = format!("---\ntitle: 燃气\ndate: 2026-03-01\n---\n{first}\n\nMore.\n");
        let p = parse(&file("lessons/fire/gas.md"), &text, &config()).unwrap();
        assert_eq!(p.summary, "燃气泄漏可能引发爆炸或火灾。".repeat(4));
        assert_eq!(p.description, p.summary);
    }

    #[test]
    fn a_written_summary_is_kept_whole_and_only_the_description_is_cut() {
        let summary = "Gas can explode. ".repeat(30);
        let text =
            format!("---\ntitle: Gas\ndate: 2026-03-01\nsummary: \"{summary}\"\n---\nBody.\n");
        let p = parse(&file("lessons/fire/gas.md"), &text, &config()).unwrap();
        assert_eq!(p.summary, summary);
        assert_eq!(p.description, "Gas can explode. ".repeat(20).trim_end());
    }

    #[test]
    fn translation_lives_under_its_language() {
        let text = "---\ntitle: 灭火器\ndate: 2026-03-01\n---\n";
        let p = parse(&file("lessons/fire/extinguisher.zh.md"), text, &config()).unwrap();
        assert_eq!(p.url, "/zh/lessons/fire/extinguisher/");
        assert_eq!(p.key, "lessons/fire/extinguisher.md");
        assert_eq!(p.lang, "zh");
    }

    #[test]
    fn problems_are_collected_with_lines() {
        let text = "---\ntitle: X\ndate: 2026-02-30\nslug: ../up\nquiz:\n  - {question: Q, options: [a, b], answer: 3}\n---\n";
        let err = parse(&file("lessons/fire/x.md"), text, &config()).unwrap_err();
        let lines: Vec<usize> = err.iter().map(|d| d.line).collect();
        assert_eq!(lines, [3, 6, 4], "{err:?}");
    }

    #[test]
    fn unknown_category_folder_is_an_error_with_suggestion() {
        let text = "---\ntitle: X\ndate: 2026-01-01\n---\n";
        let err = parse(&file("lessons/fier/x.md"), text, &config()).unwrap_err();
        assert!(
            err[0].message.to_string().contains("did you mean `fire`"),
            "{}",
            err[0]
        );
    }
}
