//! Starting a site and adding content to it: `safepress init` and `safepress new`. The files
//! they write come from `scaffold/files/<language>/`, one set per language, and are filled in
//! with today's dates in the site's time zone.

pub mod new;

use crate::error::{Error, Result};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::messages::Language;

/// One file of the scaffold: its text per language.
struct Template {
    zh: &'static str,
    en: &'static str,
}

impl Template {
    fn text(&self, lang: Language) -> &'static str {
        match lang {
            Language::Zh => self.zh,
            Language::En => self.en,
        }
    }
}

macro_rules! template {
    ($name:literal) => {
        Template {
            zh: include_str!(concat!("files/zh/", $name)),
            en: include_str!(concat!("files/en/", $name)),
        }
    };
}

const SITE_YAML: Template = template!("site.yaml");
const LESSON: Template = template!("lesson.md");
const ANNOUNCEMENT: Template = template!("announcement.md");
const ABOUT: Template = template!("about.md");
const NEW_LESSON: Template = template!("new-lesson.md");
const NEW_ANNOUNCEMENT: Template = template!("new-announcement.md");
const NEW_PAGE: Template = template!("new-page.md");

/// Whether `body` (a page's Markdown after its front matter) is still the line `new` put
/// there for the writer to replace, in any language.
pub fn is_placeholder_body(body: &str) -> bool {
    // Cut from the templates once, not for every page checked.
    static BODIES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        [NEW_LESSON, NEW_ANNOUNCEMENT, NEW_PAGE]
            .iter()
            .flat_map(|t| Language::ALL.map(|lang| t.text(lang)))
            .filter_map(|text| crate::model::frontmatter::split(text).ok())
            .map(|split| split.body.trim())
            .collect()
    });
    let body = body.trim();
    !body.is_empty() && BODIES.contains(&body)
}

/// The files `init` writes, by path in the site, in the order written.
fn site_files(lang: Language) -> [(String, &'static str); 5] {
    let lesson = match lang {
        Language::Zh => "content/lessons/fire/灭火器怎么用.md",
        Language::En => "content/lessons/fire/using-an-extinguisher.md",
    };
    let announcement = match lang {
        Language::Zh => "content/announcements/冬季消防安全检查.md",
        Language::En => "content/announcements/winter-fire-safety-checks.md",
    };
    [
        ("site.yaml".into(), SITE_YAML.text(lang)),
        (lesson.into(), LESSON.text(lang)),
        (announcement.into(), ANNOUNCEMENT.text(lang)),
        ("content/pages/about.md".into(), ABOUT.text(lang)),
        (".gitignore".into(), "/public/\n/.public.staging-*\n"),
    ]
}

/// The time zone a new site starts with: China's for a Chinese site, else this computer's
/// (UTC when it has no name).
fn default_timezone(lang: Language) -> String {
    match lang {
        Language::Zh => "Asia/Shanghai".into(),
        Language::En => TimeZone::system()
            .iana_name()
            .filter(|name| TimeZone::get(name).is_ok())
            .unwrap_or("UTC")
            .to_string(),
    }
}

/// Dates a template is filled with, at `now` in the time zone `tz`.
pub(crate) struct Dates {
    /// Today's date.
    today: String,
    /// This moment, to the second, with its offset.
    now: String,
    /// A week from today.
    in_7_days: String,
    /// Thirty days from today.
    in_30_days: String,
}

impl Dates {
    /// The dates of the moment `now` in `tz`.
    pub(crate) fn at(now: Timestamp, tz: &TimeZone) -> Dates {
        let zoned = crate::model::dates::zoned(now, tz);
        let later = |days: i64| {
            zoned
                .date()
                .checked_add(days.days())
                .map_or_else(|_| zoned.date().to_string(), |d| d.to_string())
        };
        Dates {
            today: zoned.date().to_string(),
            now: zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            in_7_days: later(7),
            in_30_days: later(30),
        }
    }

    /// `text` with `{{today}}`, `{{now}}`, `{{in_7_days}}` and `{{in_30_days}}` filled in.
    fn fill(&self, text: &str) -> String {
        text.replace("{{today}}", &self.today)
            .replace("{{now}}", &self.now)
            .replace("{{in_7_days}}", &self.in_7_days)
            .replace("{{in_30_days}}", &self.in_30_days)
    }
}

/// Whether `dir` may receive a new site: missing, or empty apart from a `.git` folder (a
/// repository made first).
fn check_empty(dir: &Path) -> Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        if entry.file_name() != ".git" {
            return Err(Error::Refused {
                path: dir.to_path_buf(),
                message: crate::text!("init.not_empty"),
                fix: crate::text!("init.not_empty_fix"),
            });
        }
    }
    Ok(())
}

/// Makes a new site in `dir` in `lang`: a commented `site.yaml`, an example lesson, an
/// announcement and an about page. Refuses a folder that holds anything.
/// Gives the files written, relative to `dir`.
pub fn init(dir: &Path, lang: Language, now: Timestamp) -> Result<Vec<PathBuf>> {
    check_empty(dir)?;
    let timezone = default_timezone(lang);
    let tz = TimeZone::get(&timezone).unwrap_or(TimeZone::UTC);
    let dates = Dates::at(now, &tz);
    let mut written = Vec::new();
    for (rel, text) in site_files(lang) {
        let text = dates.fill(text).replace("{{timezone}}", &timezone);
        write_new(&dir.join(&rel), &text)?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

/// Writes a file that must not exist yet, making its folders; never replaces a file.
pub(crate) fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        crate::fs::create_dir_all(parent)?;
    }
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Refused {
                path: path.to_path_buf(),
                message: crate::text!("new.exists"),
                fix: crate::text!("new.exists_fix"),
            });
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_the_sites_day() {
        // 20:30 UTC is already the next day in Shanghai.
        let ts: Timestamp = "2026-06-30T20:30:00Z".parse().unwrap();
        let dates = Dates::at(ts, &TimeZone::get("Asia/Shanghai").unwrap());
        assert_eq!(dates.today, "2026-07-01");
        assert_eq!(dates.now, "2026-07-01T04:30:00+08:00");
        assert_eq!(dates.in_7_days, "2026-07-08");
        assert_eq!(dates.in_30_days, "2026-07-31");
    }

    #[test]
    fn refuses_a_folder_with_anything_but_git() {
        let tmp = tempfile::tempdir().unwrap();
        let now = Timestamp::now();
        std::fs::create_dir(tmp.path().join(".git")).unwrap();
        assert!(init(tmp.path(), Language::Zh, now).is_ok());
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("notes.txt"), "keep me").unwrap();
        let err = init(other.path(), Language::En, now).unwrap_err();
        assert!(err.to_string().contains("not empty"), "{err}");
        assert_eq!(
            std::fs::read_dir(other.path()).unwrap().count(),
            1,
            "nothing written"
        );
    }
}
