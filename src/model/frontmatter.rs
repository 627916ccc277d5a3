//! Front matter: splitting the `---` block off a Markdown file and reading YAML into typed
//! structs. This module and `config.rs` are the only users of `serde_yaml`, so swapping the
//! YAML crate touches nothing else. Errors point at lines of the original file.

use crate::error::Diagnostic;
use crate::messages::Text;
use crate::model::suggest;
use crate::text;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::path::Path;

/// A Markdown file cut into its front matter and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text between the `---` lines.
    pub yaml: &'a str,
    /// 1-based line of the file where the YAML starts.
    pub yaml_line: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Cuts `text` into front matter and body; the error is a (line, message, fix) triple.
pub fn split(text: &str) -> Result<Split<'_>, (usize, Text, Text)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err((1, text!("fm.no_start"), text!("fm.no_start_fix")));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err((1, text!("fm.not_closed"), text!("fm.not_closed_fix")))
}

/// Which top-level keys a YAML mapping may have, and which it must have.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Every key that is allowed.
    pub known: &'static [&'static str],
    /// Keys that must be present.
    pub required: &'static [&'static str],
    /// What the mapping describes, for messages.
    pub what: What,
}

/// What a mapping of fields describes, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// A lesson's front matter.
    Lesson,
    /// An announcement's front matter.
    Announcement,
    /// A page's front matter.
    Page,
    /// `site.yaml`.
    Site,
}

impl What {
    /// The word for it.
    pub fn text(self) -> Text {
        match self {
            What::Lesson => text!("what.lesson"),
            What::Announcement => text!("what.announcement"),
            What::Page => text!("what.page"),
            What::Site => text!("what.site"),
        }
    }
}

/// Parses a YAML mapping into `T`, checking keys first so every problem gets a line and a fix.
///
/// `first_line` is the file line where `yaml` starts; all reported lines are file lines.
pub fn parse_yaml<T: DeserializeOwned>(
    yaml: &str,
    fields: Fields,
    path: &Path,
    first_line: usize,
) -> Result<T, Vec<Diagnostic>> {
    let value: serde_yaml::Value = match serde_yaml::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            return Err(vec![crate::model::yaml_errors::diagnostic(
                &e, yaml, path, first_line,
            )]);
        }
    };
    let mapping = match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => serde_yaml::Mapping::new(),
        _ => {
            return Err(vec![Diagnostic::new(
                path,
                first_line,
                1,
                text!("fm.not_mapping", what = fields.what.text()),
                text!("fm.not_mapping_fix"),
            )]);
        }
    };
    let mut problems = Vec::new();
    for key in mapping.keys() {
        let Some(key) = key.as_str() else {
            problems.push(Diagnostic::new(
                path,
                first_line,
                1,
                text!("fm.key_not_text", what = fields.what.text()),
                text!("fm.key_not_text_fix"),
            ));
            continue;
        };
        if !fields.known.contains(&key) {
            let line = key_line(yaml, key).map_or(first_line, |l| first_line + l);
            problems.push(Diagnostic::new(
                path,
                line,
                1,
                text!(
                    "fm.unknown_field",
                    what = fields.what.text(),
                    key = key,
                    suggestion = suggest::did_you_mean(key, fields.known.iter().copied())
                ),
                text!("use_one_of", list = fields.known.join(", ")),
            ));
        }
    }
    for key in fields.required {
        if !mapping.contains_key(*key) {
            // The whole file lacks it: no line of it is the place.
            problems.push(Diagnostic::new(
                path,
                0,
                0,
                text!("fm.required", what = fields.what.text(), key = *key),
                text!("fm.required_fix", key = *key),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // The already parsed value gives the typed struct without reading the YAML again; only
    // when that fails is the text re-read, because errors from the text carry a line.
    let value = serde_yaml::Value::Mapping(mapping);
    serde_yaml::from_value(value).or_else(|_| {
        serde_yaml::from_str(yaml).map_err(|e| {
            vec![crate::model::yaml_errors::diagnostic(
                &e, yaml, path, first_line,
            )]
        })
    })
}

/// The 0-based line within `yaml` where top-level `key:` is written.
pub fn key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines().position(|line| {
        let line = line.trim_end();
        let unquoted = line
            .strip_prefix(key)
            .or_else(|| line.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| line.strip_prefix(&format!("'{key}'")));
        unquoted.is_some_and(|rest| rest.trim_start().starts_with(':'))
    })
}

/// Preparation lists of a lesson.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Steps {
    /// What to do before an emergency.
    pub before: Vec<String>,
    /// What to do during it.
    pub during: Vec<String>,
    /// What to do after it.
    pub after: Vec<String>,
}

/// One quiz question of a lesson.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuizItem {
    /// The question.
    pub question: String,
    /// The choices.
    pub options: Vec<String>,
    /// 1-based number of the right choice.
    pub answer: usize,
    /// Why it is right.
    #[serde(default)]
    pub explanation: String,
}

/// Front matter of a lesson.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonMeta {
    /// Title.
    pub title: String,
    /// Publication date.
    pub date: String,
    /// Last substantial update.
    pub updated: Option<String>,
    /// Summary; else the first paragraph is used.
    pub summary: Option<String>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Who it is for.
    #[serde(default)]
    pub audience: Vec<String>,
    /// Short key messages.
    #[serde(default)]
    pub key_points: Vec<String>,
    /// Before/during/after lists.
    #[serde(default)]
    pub steps: Steps,
    /// Quiz questions.
    #[serde(default)]
    pub quiz: Vec<QuizItem>,
    /// Skipped unless drafts are built.
    #[serde(default)]
    pub draft: bool,
    /// URL slug overriding the file name.
    pub slug: Option<String>,
    /// Ordering within the category: lower first.
    pub weight: Option<i64>,
    /// Ids of the `site.yaml` campaigns it belongs to.
    #[serde(default)]
    pub campaigns: Vec<String>,
    /// Whether the lesson has a print poster (`poster: false` leaves it out).
    #[serde(default = "yes")]
    pub poster: bool,
}

/// A switch that is on unless written `false`.
fn yes() -> bool {
    true
}

impl LessonMeta {
    /// The allowed and required keys.
    pub const FIELDS: Fields = Fields {
        known: &[
            "title",
            "date",
            "updated",
            "summary",
            "tags",
            "audience",
            "key_points",
            "steps",
            "quiz",
            "draft",
            "slug",
            "weight",
            "campaigns",
            "poster",
        ],
        required: &["title", "date"],
        what: What::Lesson,
    };
}

/// How pressing an announcement is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    /// General information.
    #[default]
    Info,
    /// Take care.
    Warning,
    /// Act now: shown in the banner on every page.
    Urgent,
}

impl Urgency {
    /// The lowercase name used in templates and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Info => "info",
            Urgency::Warning => "warning",
            Urgency::Urgent => "urgent",
        }
    }
}

/// A public warning level on the four-colour scale (蓝色/黄色/橙色/红色预警), lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 蓝色预警: may happen; stay informed.
    Blue,
    /// 黄色预警: likely; be prepared.
    Yellow,
    /// 橙色预警: serious; act.
    Orange,
    /// 红色预警: most serious; act now.
    Red,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 4] = [Level::Blue, Level::Yellow, Level::Orange, Level::Red];

    /// The level's name in messages ("orange", "橙色").
    pub fn text(self) -> Text {
        match self {
            Level::Blue => text!("level.blue"),
            Level::Yellow => text!("level.yellow"),
            Level::Orange => text!("level.orange"),
            Level::Red => text!("level.red"),
        }
    }

    /// The lowercase name used in front matter, templates and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Blue => "blue",
            Level::Yellow => "yellow",
            Level::Orange => "orange",
            Level::Red => "red",
        }
    }

    /// The urgency the level asks for at least: orange and red warnings go in the site-wide
    /// banner.
    pub fn urgency(self) -> Urgency {
        match self {
            Level::Blue | Level::Yellow => Urgency::Warning,
            Level::Orange | Level::Red => Urgency::Urgent,
        }
    }
}

/// Front matter of an announcement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnouncementMeta {
    /// Title.
    pub title: String,
    /// Publication time; in the future means scheduled.
    pub date: String,
    /// When it was last changed in a way readers must see again (its CAP alert becomes an
    /// `Update`).
    pub updated: Option<String>,
    /// How pressing it is; when absent, what `level` implies, else `info`.
    pub urgency: Option<Urgency>,
    /// Warning level on the four-colour scale.
    pub level: Option<Level>,
    /// After this moment it is archived.
    pub expires: Option<String>,
    /// Related category id.
    pub category: Option<String>,
    /// Area concerned.
    pub region: Option<String>,
    /// Summary; else the first paragraph is used.
    pub summary: Option<String>,
    /// Skipped unless drafts are built.
    #[serde(default)]
    pub draft: bool,
    /// Ids of the `site.yaml` campaigns it belongs to.
    #[serde(default)]
    pub campaigns: Vec<String>,
}

impl AnnouncementMeta {
    /// The allowed and required keys.
    pub const FIELDS: Fields = Fields {
        known: &[
            "title",
            "date",
            "updated",
            "urgency",
            "level",
            "expires",
            "category",
            "region",
            "summary",
            "draft",
            "campaigns",
        ],
        required: &["title", "date"],
        what: What::Announcement,
    };
}

/// Front matter of a plain page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// Title.
    pub title: String,
    /// URL slug overriding the file name.
    pub slug: Option<String>,
    /// Position in the main navigation; absent means not in it.
    pub menu: Option<i64>,
    /// Summary; else the first paragraph is used.
    pub summary: Option<String>,
    /// Skipped unless drafts are built.
    #[serde(default)]
    pub draft: bool,
}

impl PageMeta {
    /// The allowed and required keys.
    pub const FIELDS: Fields = Fields {
        known: &["title", "slug", "menu", "summary", "draft"],
        required: &["title"],
        what: What::Page,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!((s.yaml_line, s.body_line), (2, 4));
        let crlf = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!(crlf.yaml, "title: A\r\n");
        assert_eq!(crlf.body, "Body");
    }

    #[test]
    fn missing_or_unclosed_block_is_reported_on_line_one() {
        assert_eq!(split("title: A\n").unwrap_err().0, 1);
        assert!(
            split("---\ntitle: A\n")
                .unwrap_err()
                .1
                .to_string()
                .contains("never closed")
        );
    }

    #[test]
    fn unknown_key_names_its_line_and_a_suggestion() {
        let yaml = "title: A\ndate: 2026-01-01\ntagz: [a]\n";
        let err =
            parse_yaml::<LessonMeta>(yaml, LessonMeta::FIELDS, Path::new("x.md"), 2).unwrap_err();
        assert_eq!(err[0].line, 4);
        assert!(
            err[0].message.to_string().contains("did you mean `tags`"),
            "{}",
            err[0]
        );
    }

    #[test]
    fn yaml_errors_are_placed_on_file_lines() {
        let yaml = "title: A\ndate: 2026-01-01\nsummary: [unclosed\n";
        let err =
            parse_yaml::<LessonMeta>(yaml, LessonMeta::FIELDS, Path::new("x.md"), 2).unwrap_err();
        assert!(err[0].line >= 4, "{}", err[0]);
        assert!(
            !err[0].message.to_string().contains(" at line "),
            "{}",
            err[0]
        );
    }

    #[test]
    fn plain_scalars_read_as_text() {
        let meta: LessonMeta = parse_yaml(
            "title: 2026\ndate: 2026-01-01\n",
            LessonMeta::FIELDS,
            Path::new("x.md"),
            2,
        )
        .unwrap();
        assert_eq!(meta.title, "2026");
        assert_eq!(meta.date, "2026-01-01");
    }
}
