//! Finding a site's source files and saying what each one is. [`classify`] is pure and shared
//! with watch mode, so a file is treated the same whether it is found by a walk or an event.

use crate::error::{Diagnostic, Error, Result};
use crate::text;
use std::path::{Component, Path, PathBuf};
use walkdir::WalkDir;

/// The content folder's name inside the site root.
pub const CONTENT_DIR: &str = "content";
/// The site's static folder, copied to the output root.
pub const STATIC_DIR: &str = "static";
/// The site's template overrides.
pub const TEMPLATES_DIR: &str = "templates";
/// The folder holding themes.
pub const THEMES_DIR: &str = "themes";

/// What a file under `content/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// `lessons/<category>/<slug>.md`.
    Lesson {
        /// The folder name, which must be a category id.
        category: String,
    },
    /// `announcements/<slug>.md`.
    Announcement,
    /// `pages/<slug>.md`.
    Page,
    /// Any other file: copied to the same relative URL.
    Asset,
    /// A Markdown file outside the places content can live.
    Misplaced,
    /// Hidden, temporary or backup files.
    Ignored,
}

/// One file found under `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the site root, e.g. `content/lessons/fire/extinguisher.md`.
    pub path: PathBuf,
    /// Path relative to `content/` with `/` separators, e.g. `lessons/fire/extinguisher.md`.
    pub rel: String,
    /// What it is.
    pub kind: SourceKind,
}

/// Whether a file name is an editor's temporary, swap or backup file.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".orig")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.contains("___jb_")
        || is_tool_markdown(name)
}

/// Whether a `.md` name is a tool's copy rather than anyone's writing: an editor's lock
/// (`.#a.md`, Emacs) or macOS's resource file beside it on a shared drive (`._a.md`).
fn is_tool_markdown(name: &str) -> bool {
    name.starts_with(".#") || name.starts_with("._")
}

/// Whether a file or folder name under `content/` is kept out of the site on purpose: a
/// name starting with `_` or `.` (`_draft.md`, `_notes/`), as in Hugo and Jekyll.
pub fn is_hidden_name(name: &str) -> bool {
    name.starts_with('_') || name.starts_with('.')
}

/// Classifies a path relative to `content/` (with `/` separators).
pub fn classify(rel: &str) -> SourceKind {
    let parts: Vec<&str> = rel.split('/').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || is_temp_name(p) || is_hidden_name(p))
    {
        return SourceKind::Ignored;
    }
    let is_md = rel.ends_with(".md");
    if !is_md {
        return SourceKind::Asset;
    }
    match parts.as_slice() {
        ["lessons", category, _file] => SourceKind::Lesson {
            category: (*category).to_string(),
        },
        ["announcements", _file] => SourceKind::Announcement,
        ["pages", _file] => SourceKind::Page,
        _ => SourceKind::Misplaced,
    }
}

/// The files of `content/`: those the site is made from, and the Markdown files left out
/// because a name in their path starts with `_` or `.`.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Every file that is not ignored, in sorted order.
    pub files: Vec<SourceFile>,
    /// Markdown files left out on purpose (`_draft.md`, `_notes/a.md`, `.old.md`), relative to
    /// the site root, which the build mentions once so nobody wonders where a lesson went.
    pub hidden: Vec<PathBuf>,
}

/// Whether a path under `content/` is a Markdown file left out by a hidden name, rather
/// than an editor's or the system's own file.
fn is_hidden_markdown(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    let Some((name, dirs)) = parts.split_last() else {
        return false;
    };
    name.ends_with(".md")
        && !is_tool_markdown(name)
        && !dirs.iter().any(|d| d.starts_with('.'))
        && parts.iter().any(|p| is_hidden_name(p))
}

/// Walks `content/` in sorted order and classifies every file.
pub fn scan(root: &Path) -> Result<Scan> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Error::content(vec![Diagnostic::new(
            CONTENT_DIR,
            0,
            0,
            text!("source.no_content", root = root.display()),
            text!("source.no_content_fix"),
        )]));
    }
    let mut scan = Scan::default();
    // Hidden Markdown files are walked too, only to be named in the build's notice; the
    // folders an editor or tool hides (`.git`) are not entered.
    let keep = |name: &str, is_dir: bool| {
        if is_dir {
            !name.starts_with('.') && !is_temp_name(name)
        } else {
            !is_temp_name(name) || (name.ends_with(".md") && !is_tool_markdown(name))
        }
    };
    for (path, rel) in walk_with(&content, keep)? {
        let kind = classify(&rel);
        if kind != SourceKind::Ignored {
            scan.files.push(SourceFile {
                path: Path::new(CONTENT_DIR).join(&path),
                rel,
                kind,
            });
        } else if is_hidden_markdown(&rel) {
            scan.hidden.push(Path::new(CONTENT_DIR).join(&path));
        }
    }
    Ok(scan)
}

/// Files below `dir` in sorted order, as (path relative to `dir`, same with `/` separators);
/// hidden and temporary files are skipped. A missing `dir` has no files.
pub fn walk(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    walk_with(dir, |name, _| !is_temp_name(name))
}

/// Files below `dir` in sorted order, entering only the folders and keeping only the files
/// whose name `keep(name, is_dir)` accepts.
fn walk_with(dir: &Path, keep: impl Fn(&str, bool) -> bool) -> Result<Vec<(PathBuf, String)>> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || keep(&e.file_name().to_string_lossy(), e.file_type().is_dir())
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            let io = e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("file system loop"));
            Error::io(&path, io)
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(path) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let Some(rel) = slash_path(path) else {
            return Err(Error::content(vec![Diagnostic::new(
                entry.path(),
                0,
                0,
                text!("source.not_unicode"),
                text!("source.not_unicode_fix"),
            )]));
        };
        files.push((path.to_path_buf(), rel));
    }
    Ok(files)
}

/// A relative path as a `/`-separated string, refusing `..` and non-Unicode names.
pub fn slash_path(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_content_paths() {
        let table = [
            (
                "lessons/fire/a.md",
                SourceKind::Lesson {
                    category: "fire".into(),
                },
            ),
            ("announcements/drill.md", SourceKind::Announcement),
            ("pages/about.md", SourceKind::Page),
            ("lessons/fire/diagram.png", SourceKind::Asset),
            ("lessons/a.md", SourceKind::Misplaced),
            ("lessons/fire/deep/a.md", SourceKind::Misplaced),
            ("notes.md", SourceKind::Misplaced),
            ("lessons/fire/.a.md.swp", SourceKind::Ignored),
            ("lessons/fire/a.md~", SourceKind::Ignored),
            ("lessons/fire/#a.md#", SourceKind::Ignored),
            ("lessons/fire/a.md___jb_tmp___", SourceKind::Ignored),
            (".git/config", SourceKind::Ignored),
            ("lessons/fire/_draft.md", SourceKind::Ignored),
            ("_notes/lessons/fire/a.md", SourceKind::Ignored),
            ("lessons/_old/a.md", SourceKind::Ignored),
            (
                "lessons/fire/a_b.md",
                SourceKind::Lesson {
                    category: "fire".into(),
                },
            ),
        ];
        for (path, kind) in table {
            assert_eq!(classify(path), kind, "{path}");
        }
    }

    #[test]
    fn names_hidden_markdown_but_not_editor_files() {
        for rel in [
            "lessons/fire/_draft.md",
            "_notes/a.md",
            "lessons/fire/.old.md",
        ] {
            assert!(is_hidden_markdown(rel), "{rel}");
        }
        for rel in [
            "lessons/fire/a.md",
            "lessons/fire/.#a.md",
            "lessons/fire/._a.md",
            "lessons/fire/_a.png",
            ".git/a.md",
            "lessons/fire/.a.md.swp",
        ] {
            assert!(!is_hidden_markdown(rel), "{rel}");
        }
    }
}
