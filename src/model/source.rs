//! Finding a site's source files and saying what each one is. [`classify`] is pure and shared
//! with watch mode, so a file is treated the same whether it is found by a walk or an event.

use crate::error::{Diagnostic, Error, Result};
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
        || name.starts_with(".#")
}

/// Classifies a path relative to `content/` (with `/` separators).
pub fn classify(rel: &str) -> SourceKind {
    let parts: Vec<&str> = rel.split('/').collect();
    if parts.iter().any(|p| p.is_empty() || is_temp_name(p)) {
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

/// The fix for a Markdown file in the wrong place.
pub const MISPLACED_FIX: &str = "put lessons in content/lessons/<category>/, announcements in content/announcements/ and pages in content/pages/";

/// Walks `content/` in sorted order and classifies every file.
pub fn scan(root: &Path) -> Result<Vec<SourceFile>> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Error::content(vec![Diagnostic::new(
            CONTENT_DIR,
            0,
            0,
            format!("no content folder in {}", root.display()),
            "create content/lessons/<category>/ and write a lesson there",
        )]));
    }
    let mut files = Vec::new();
    for (path, rel) in walk(&content)? {
        let kind = classify(&rel);
        if kind != SourceKind::Ignored {
            files.push(SourceFile {
                path: Path::new(CONTENT_DIR).join(&path),
                rel,
                kind,
            });
        }
    }
    Ok(files)
}

/// Files below `dir` in sorted order, as (path relative to `dir`, same with `/` separators);
/// hidden and temporary files are skipped. A missing `dir` has no files.
pub fn walk(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_temp_name(&e.file_name().to_string_lossy()));
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
                "the file name is not valid Unicode",
                "rename the file using ordinary letters",
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
        ];
        for (path, kind) in table {
            assert_eq!(classify(path), kind, "{path}");
        }
    }
}
