//! `safepress new`: a lesson, announcement or page file with the required fields filled in
//! and every optional one present as a comment, at the path its title gives.

use super::{Dates, Language, NEW_ANNOUNCEMENT, NEW_LESSON, NEW_PAGE, write_new};
use crate::error::{Diagnostic, Error, Result};
use crate::messages::Text;
use crate::model::config::Config;
use crate::model::frontmatter::{Level, Urgency};
use crate::model::source::{self, CONTENT_DIR};
use crate::model::{dates, page, slug, suggest};
use crate::text;
use crate::urls::Route;
use jiff::Timestamp;
use std::path::{Path, PathBuf};

/// What kind of file to make, with the fields only that kind has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A lesson in a category.
    Lesson {
        /// The category id (`fire`).
        category: String,
    },
    /// An announcement.
    Announcement {
        /// Warning level: `blue`, `yellow`, `orange` or `red`.
        level: Option<String>,
        /// `info`, `warning` or `urgent`.
        urgency: Option<String>,
        /// When it expires, in the front matter's date syntax.
        expires: Option<String>,
        /// A related category id.
        category: Option<String>,
    },
    /// A plain page.
    Page,
}

/// A request for a new content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// What to make.
    pub kind: Kind,
    /// Its title.
    pub title: String,
    /// The name in its address and file name; else made from the title.
    pub slug: Option<String>,
    /// The site language it is written in, for a translation; else the main language.
    pub translation: Option<String>,
}

/// A file `new` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The file, relative to the site root.
    pub path: PathBuf,
    /// The address it will have once built.
    pub url: String,
}

/// A problem with one of the command's options, named as the option.
fn option_problem(option: &str, message: Text, fix: Text) -> Error {
    Error::content(vec![Diagnostic::new(option, 0, 0, message, fix)])
}

/// A category id that the site has, or the problem naming the valid ones.
fn known_category(config: &Config, id: &str) -> Result<()> {
    if config.category(id).is_some() {
        return Ok(());
    }
    let ids: Vec<&str> = config.categories.iter().map(|c| c.id.as_str()).collect();
    Err(option_problem(
        "--category",
        text!(
            "new.unknown_category",
            id = id,
            suggestion = suggest::did_you_mean(id, ids.iter().copied())
        ),
        text!("use_one_of", list = ids.join(", ")),
    ))
}

/// `value` if it is one of `allowed`, else the problem listing them.
fn one_of(option: &str, value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(option_problem(
        option,
        text!(
            "new.not_one_of",
            value = value,
            suggestion = suggest::did_you_mean(value, allowed.iter().copied())
        ),
        text!("use_one_of", list = allowed.join(", ")),
    ))
}

/// Makes the file `request` asks for in the site at `root`, as of `now`; never replaces a
/// file. The text is checked as a build would check it before
/// anything is written.
pub fn create(root: &Path, config: &Config, request: &Request, now: Timestamp) -> Result<Created> {
    let title = request.title.trim();
    if title.is_empty() {
        return Err(option_problem(
            "<TITLE>",
            text!("new.empty_title"),
            text!("new.empty_title_fix"),
        ));
    }
    let lang = match &request.translation {
        None => config.language.as_str(),
        Some(tag) => config.language_tag(tag).ok_or_else(|| {
            let langs: Vec<&str> = config.langs().collect();
            option_problem(
                "--translation",
                text!("new.unknown_language", tag = tag),
                text!("new.unknown_language_fix", list = langs.join(", ")),
            )
        })?,
    };
    let slug = match &request.slug {
        Some(s) => {
            let folded = slug::of_file(s);
            // A dot in a file name marks a language (`about.en.md`): a translation is asked
            // for with --translation, which checks its original.
            if folded.contains('.') {
                return Err(option_problem(
                    "--slug",
                    text!("new.dotted_slug", slug = s),
                    text!("new.dotted_slug_fix"),
                ));
            }
            if let Some(why) = slug::check(&folded) {
                return Err(option_problem(
                    "--slug",
                    text!("new.bad_slug", slug = s, why = why),
                    text!("new.bad_slug_fix"),
                ));
            }
            folded
        }
        None => {
            let made = slug::slugify(title);
            if slug::check(&made).is_some() {
                return Err(option_problem(
                    "<TITLE>",
                    text!("new.no_slug", title = title),
                    text!("new.no_slug_fix"),
                ));
            }
            made
        }
    };
    if source::is_hidden_name(&slug) {
        return Err(option_problem(
            "--slug",
            text!("new.hidden_slug", slug = slug),
            text!("new.hidden_slug_fix"),
        ));
    }
    let slug = shorten(&slug, MAX_SLUG_BYTES);
    let dates = Dates::at(now, &config.timezone);
    let language = Language::of_tag(lang);
    let (dir, template) = match &request.kind {
        Kind::Lesson { category } => {
            known_category(config, category)?;
            (format!("lessons/{category}"), NEW_LESSON.text(language))
        }
        Kind::Announcement { .. } => ("announcements".into(), NEW_ANNOUNCEMENT.text(language)),
        Kind::Page => ("pages".into(), NEW_PAGE.text(language)),
    };
    let mut text = dates
        .fill(template)
        .replace("{{title}}", &yaml_string(title));
    if let Kind::Announcement {
        level,
        urgency,
        expires,
        category,
    } = &request.kind
    {
        if let Some(level) = level {
            let names: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
            one_of("--level", level, &names)?;
            text = set(&text, "level", level);
        }
        if let Some(urgency) = urgency {
            let names = [Urgency::Info, Urgency::Warning, Urgency::Urgent].map(Urgency::as_str);
            one_of("--urgency", urgency, &names)?;
            text = set(&text, "urgency", urgency);
        }
        if let Some(expires) = expires {
            let at = dates::parse(expires, &config.timezone)
                .map_err(|why| option_problem("--expires", why, dates::date_fix()))?;
            if at <= now {
                return Err(option_problem(
                    "--expires",
                    text!("new.expired", expires = expires),
                    text!("new.expired_fix"),
                ));
            }
            text = set(&text, "expires", expires);
        }
        if let Some(category) = category {
            known_category(config, category)?;
            text = set(&text, "category", category);
        }
    }
    let suffix = if lang == config.language {
        String::new()
    } else {
        format!(".{lang}")
    };
    if request.translation.is_some() {
        // A translation is the original's file name with the language added: it must name
        // an original that is there.
        let original = format!("{dir}/{slug}.md");
        if lang == config.language {
            return Err(option_problem(
                "--translation",
                text!("new.translation_of_main", lang = lang),
                text!("new.translation_of_main_fix"),
            ));
        }
        if request.slug.is_none() {
            return Err(option_problem(
                "--translation",
                text!("new.translation_needs", lang = lang, main = config.language),
                text!("new.translation_needs_fix"),
            ));
        }
        if !root.join(CONTENT_DIR).join(&original).is_file() {
            return Err(option_problem(
                "--slug",
                text!(
                    "new.no_original",
                    path = format!("{CONTENT_DIR}/{original}")
                ),
                text!("new.no_original_fix"),
            ));
        }
    }
    let rel = format!("{dir}/{slug}{suffix}.md");
    let path = Path::new(CONTENT_DIR).join(&rel);
    let file = source::SourceFile {
        path: path.clone(),
        kind: source::classify(&rel),
        rel,
    };
    // What a build would say of it, said now, before a file exists to fix: of the file, and
    // of the file among the others (an address another page or file has, in any case).
    let parsed = page::parse(&file, &text, config).map_err(Error::content)?;
    if root.join(&path).exists() {
        // Said before the site is read: the file itself is the clash.
        return Err(Error::Refused {
            path: root.join(&path),
            message: text!("new.exists"),
            fix: text!("new.exists_fix"),
        });
    }
    let slug = parsed.slug.clone();
    let clashes = crate::pipeline::dry::problems_with(root, config, parsed)?;
    if !clashes.is_empty() {
        return Err(Error::content(clashes));
    }
    write_new(&root.join(&path), &text)?;
    let route = match &request.kind {
        Kind::Lesson { category } => Route::Lesson {
            lang,
            category,
            slug: &slug,
        },
        Kind::Announcement { .. } => Route::Announcement { lang, slug: &slug },
        Kind::Page => Route::Page { lang, slug: &slug },
    };
    Ok(Created {
        path,
        url: config.urls.permalink(route),
    })
}

/// The longest file name `new` makes from a title, in bytes, before `.md` (file systems allow
/// 255; a long Chinese title is three bytes a character).
const MAX_SLUG_BYTES: usize = 80;

/// `slug` cut to at most `max` bytes at a character boundary, without a dash at the end.
fn shorten(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let mut end = max;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    slug[..end].trim_end_matches('-').to_string()
}

/// `text` as a YAML double-quoted string (JSON's quoting is valid YAML).
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// `text` with the commented-out field `key` (`# key: example  # note`) written as
/// `key: value`, keeping its note.
fn set(text: &str, key: &str, value: &str) -> String {
    let commented = format!("# {key}:");
    let mut out = String::with_capacity(text.len() + value.len());
    let mut done = false;
    for line in text.split_inclusive('\n') {
        if !done && line.starts_with(&commented) {
            done = true;
            let rest = &line[commented.len()..];
            let note = rest.find("  #").map(|i| rest[i..].trim_end());
            out.push_str(key);
            out.push_str(": ");
            out.push_str(value);
            if let Some(note) = note {
                out.push_str(note);
            }
            out.push('\n');
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_uncomments_one_field_and_keeps_its_note() {
        let text = "---\n# level: yellow   # blue, yellow\n# expires: x\n---\n";
        assert_eq!(
            set(text, "level", "red"),
            "---\nlevel: red  # blue, yellow\n# expires: x\n---\n"
        );
        assert_eq!(
            set(text, "expires", "2026-07-01"),
            "---\n# level: yellow   # blue, yellow\nexpires: 2026-07-01\n---\n"
        );
    }

    #[test]
    fn long_slugs_are_cut_between_characters() {
        assert_eq!(shorten("灭火器", 7), "灭火");
        assert_eq!(shorten("fire-drill", 5), "fire");
        assert_eq!(shorten("abc", 80), "abc");
    }

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert_eq!(
            yaml_string("A \"quoted\": title #1"),
            "\"A \\\"quoted\\\": title #1\""
        );
    }
}
