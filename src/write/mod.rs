//! The output folder: refusing folders that must not be overwritten, staging full builds
//! beside the output and swapping them in only when everything succeeded; portable builds;
//! stylesheets as published.

pub mod minify;
pub mod portable;

use crate::error::{Error, Result};
use crate::model::source::{CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// A file safepress leaves in every output folder it creates, so it never empties a folder it
/// did not make.
pub const MARKER: &str = ".safepress-output";

/// An absolute, normalised form of a path that may not exist yet.
fn absolute(path: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    // Resolve symlinks in the part that exists, so `public -> .` cannot sneak past the checks.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// Checks that `output` may be replaced by a build of the site at `root`.
pub fn check(root: &Path, output: &Path, force: bool) -> Result<()> {
    let root = absolute(root)?;
    let out = absolute(output)?;
    let refuse = |message: String, fix: &str| {
        Err(Error::Output {
            path: output.to_path_buf(),
            message,
            fix: fix.to_string(),
        })
    };
    if root.starts_with(&out) {
        return refuse(
            "the output folder holds the site itself".into(),
            "choose a folder inside the site, such as `public`",
        );
    }
    for dir in [CONTENT_DIR, THEMES_DIR, TEMPLATES_DIR, STATIC_DIR] {
        if out.starts_with(root.join(dir)) {
            return refuse(
                format!("the output folder is inside the site's `{dir}/` folder"),
                "choose a separate folder, such as `public`",
            );
        }
    }
    if out.is_file() {
        return refuse(
            "the output path is a file".into(),
            "choose a folder name, such as `public`",
        );
    }
    if out.is_dir() && !force && !out.join(MARKER).exists() {
        let non_empty = fs::read_dir(&out)
            .map_err(|e| Error::io(&out, e))?
            .next()
            .is_some();
        if non_empty {
            return refuse(
                "the output folder is not empty and was not made by safepress".into(),
                "choose another folder, empty this one, or pass --force to replace it",
            );
        }
    }
    Ok(())
}

/// A folder beside the output that receives the files of a full build; only when every output
/// has been produced are they moved into the output, so a failed build leaves it untouched.
///
/// Into an output folder that holds files, only the files whose bytes differ are staged, then
/// moved in one by one, and the files that no longer belong there are removed: unchanged files
/// are never touched, so their modification times stay and deploy tools upload only real
/// changes. Into an empty or missing output folder (a first build, a clean build in CI) the
/// staging folder is the whole new output: nothing is compared, and its few top-level entries
/// are moved in at the end instead of every file.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// The output folder holds no file (but perhaps the marker): everything is staged.
    fresh: bool,
    committed: bool,
}

/// The marker's text.
const MARKER_TEXT: &[u8] = b"This folder is built by safepress.\n";

impl Staging {
    /// Creates an empty staging folder next to `target`.
    pub fn new(target: &Path) -> Result<Self> {
        let target = absolute(target)?;
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
        crate::fs::create_dir_all(&parent)?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        crate::fs::create_dir_all(&dir)?;
        let fresh = is_empty_output(&target)?;
        Ok(Staging {
            dir,
            target,
            fresh,
            committed: false,
        })
    }

    /// Creates, once each, the folders that the files at the output paths `rels` go in when
    /// every file is staged; otherwise `put` creates the few it needs.
    pub fn prepare<'a>(&self, rels: impl IntoIterator<Item = &'a str>) -> Result<()> {
        if !self.fresh {
            return Ok(());
        }
        let folders: std::collections::BTreeSet<&str> = rels
            .into_iter()
            .filter_map(|rel| rel.rsplit_once('/').map(|(folder, _)| folder))
            .collect();
        // Sorted, a folder comes before the folders inside it.
        for folder in folders {
            let path = self.dir.join(folder);
            match fs::create_dir(&path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    crate::fs::create_dir_all(&path)?;
                }
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    return Err(Error::io(&path, e));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Stages `bytes` for the output path `rel` unless the output already holds exactly them;
    /// returns whether it staged (the file changes).
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<bool> {
        let staged = self.dir.join(rel);
        if self.fresh {
            match fs::write(&staged, bytes) {
                Ok(()) => return Ok(true),
                // A folder `prepare` was not told of.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&staged, e)),
            }
        } else {
            let current = self.target.join(rel);
            let same = fs::metadata(&current)
                .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
                && fs::read(&current).is_ok_and(|old| old == bytes);
            if same {
                return Ok(false);
            }
        }
        if let Some(parent) = staged.parent() {
            crate::fs::create_dir_all(parent)?;
        }
        fs::write(&staged, bytes).map_err(|e| Error::io(&staged, e))?;
        Ok(true)
    }

    /// Moves the staged files into the output and removes every output file not in `keep`.
    pub fn commit(mut self, changed: &[&str], keep: &HashSet<&str>) -> Result<()> {
        crate::fs::create_dir_all(&self.target)?;
        if self.fresh {
            // The output holds nothing to keep or remove: move in what the staging folder
            // holds at its top, a handful of entries whatever the size of the site.
            self.move_top_entries()?;
        } else {
            for rel in changed {
                let to = self.target.join(rel);
                if let Some(parent) = to.parent() {
                    crate::fs::create_dir_all(parent)?;
                }
                if to.is_dir() {
                    // A folder now stands where a file goes (or the reverse): the file wins.
                    fs::remove_dir_all(&to).map_err(|e| Error::io(&to, e))?;
                }
                let from = self.dir.join(rel);
                fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
            }
            for (path, rel) in walk_all(&self.target)? {
                if rel != MARKER && !keep.contains(rel.as_str()) {
                    crate::fs::remove_and_prune(&path, &self.target)?;
                }
            }
        }
        crate::fs::write_if_changed(&self.target.join(MARKER), MARKER_TEXT)?;
        self.committed = true;
        fs::remove_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))
    }

    /// Moves the staging folder's top-level entries into the output; if one cannot be moved,
    /// moves back those already moved, so that the output is as it was.
    fn move_top_entries(&self) -> Result<()> {
        let entries = fs::read_dir(&self.dir)
            .and_then(|entries| entries.map(|e| e.map(|e| e.file_name())).collect())
            .map_err(|e| Error::io(&self.dir, e));
        let entries: Vec<std::ffi::OsString> = entries?;
        for (done, name) in entries.iter().enumerate() {
            let to = self.target.join(name);
            let moved = if to.is_dir() {
                // Folders with no file in them, left by an earlier build or made by hand.
                fs::remove_dir_all(&to)
            } else {
                Ok(())
            }
            .and_then(|()| fs::rename(self.dir.join(name), &to));
            if let Err(e) = moved {
                for name in &entries[..done] {
                    let _ = fs::rename(self.target.join(name), self.dir.join(name));
                }
                return Err(Error::io(&to, e));
            }
        }
        Ok(())
    }
}

/// Whether the output folder `target` is missing or holds nothing but folders and the marker.
fn is_empty_output(target: &Path) -> Result<bool> {
    if !target.is_dir() {
        return Ok(true);
    }
    Ok(walk_all(target)?.iter().all(|(_, rel)| rel == MARKER))
}

/// Every file under `dir`, hidden ones included, as (path, `/`-separated relative path).
fn walk_all(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| Error::io(dir, std::io::Error::other(e.to_string())))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .ok()
            .and_then(crate::model::source::slash_path)
            .unwrap_or_default();
        files.push((entry.path().to_path_buf(), rel));
    }
    Ok(files)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
