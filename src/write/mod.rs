//! The output folder: refusing folders that must not be overwritten, staging full builds
//! beside the output and swapping them in only when everything succeeded; portable builds;
//! stylesheets as published.

pub mod leftovers;
pub mod minify;
pub mod portable;

use crate::error::{Error, Result};
use crate::messages::Text;
use crate::model::source::{CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use crate::text;
use std::collections::HashSet;
use std::fs;
use std::io;
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
    let refuse = |message: Text, fix: Text| {
        Err(Error::Output {
            path: output.to_path_buf(),
            message,
            fix,
        })
    };
    if root.starts_with(&out) {
        return refuse(text!("output.holds_site"), text!("output.holds_site_fix"));
    }
    for dir in [CONTENT_DIR, THEMES_DIR, TEMPLATES_DIR, STATIC_DIR] {
        if out.starts_with(root.join(dir)) {
            return refuse(
                text!("output.inside", dir = dir),
                text!("output.inside_fix"),
            );
        }
    }
    if out.is_file() {
        return refuse(text!("output.is_file"), text!("output.is_file_fix"));
    }
    if out.is_dir() && !force && !out.join(MARKER).exists() {
        let non_empty = fs::read_dir(&out)
            .map_err(|e| Error::io(&out, e))?
            .next()
            .is_some();
        if non_empty {
            return refuse(text!("output.foreign"), text!("output.foreign_fix"));
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
    /// Held while the build runs, so that other builds know the folder is in use.
    _lock: leftovers::Lock,
    /// Staging folders of killed builds, removed when this one began.
    pub removed: Vec<PathBuf>,
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
        let prefix = format!(".{name}.staging-");
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        // Taken before looking for leftovers, so two builds starting together never take
        // each other's folder for one.
        let lock = leftovers::Lock::take(&dir);
        let removed = leftovers::remove(&parent, &prefix);
        crate::fs::create_dir_all(&dir)?;
        let fresh = is_empty_output(&target)?;
        Ok(Staging {
            dir,
            _lock: lock,
            removed,
            target,
            fresh,
            committed: false,
        })
    }

    /// Creates, once each, the folders that the files at the output paths `rels` go in when
    /// every file is staged; otherwise `put` creates the few it needs.
    pub fn prepare<'a>(&self, rels: impl IntoIterator<Item = &'a str>) -> Result<()> {
        use rayon::prelude::*;
        if !self.fresh {
            return Ok(());
        }
        // Every folder with the folders it is in, by depth: the folders of one depth are made
        // in parallel (one per page, tens of thousands on a big site), each depth after the
        // one holding its parents.
        let mut by_depth: Vec<HashSet<&str>> = Vec::new();
        for rel in rels {
            let mut folder = rel;
            while let Some((parent, _)) = folder.rsplit_once('/') {
                let depth = parent.matches('/').count();
                if by_depth.len() <= depth {
                    by_depth.resize_with(depth + 1, HashSet::new);
                }
                if !by_depth[depth].insert(parent) {
                    break;
                }
                folder = parent;
            }
        }
        for folders in by_depth {
            folders.into_par_iter().try_for_each(|folder| {
                let path = self.dir.join(folder);
                match fs::create_dir(&path) {
                    Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(Error::io(&path, e)),
                    _ => Ok(()),
                }
            })?;
        }
        Ok(())
    }

    /// Stages `bytes` for the output path `rel` unless the output already holds exactly them;
    /// returns whether it staged (the file changes).
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<bool> {
        if !self.fresh && crate::fs::holds(&self.target.join(rel), bytes) {
            return Ok(false);
        }
        let staged = self.dir.join(rel);
        match fs::write(&staged, bytes) {
            // The first file of a folder `prepare` did not make.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = staged.parent() {
                    crate::fs::create_dir_all(parent)?;
                }
                fs::write(&staged, bytes).map_err(|e| Error::io(&staged, e))?;
            }
            written => written.map_err(|e| Error::io(&staged, e))?,
        }
        Ok(true)
    }

    /// Moves the staged files into the output and removes every output file not in `keep`.
    pub fn commit(self, changed: &[&str], keep: &HashSet<&str>) -> Result<()> {
        self.commit_with(changed, keep, |from, to| fs::rename(from, to))
    }

    /// [`Staging::commit`], moving files and folders with `rename`.
    fn commit_with(
        mut self,
        changed: &[&str],
        keep: &HashSet<&str>,
        rename: impl Fn(&Path, &Path) -> io::Result<()>,
    ) -> Result<()> {
        crate::fs::create_dir_all(&self.target)?;
        if self.fresh {
            // The marker first: a build killed while moving in leaves a folder that the next
            // build may replace.
            crate::fs::write_if_changed(&self.target.join(MARKER), MARKER_TEXT)?;
            // The output holds nothing to keep or remove: move in what the staging folder
            // holds at its top, a handful of entries whatever the size of the site.
            self.move_top_entries(&rename)?;
        } else {
            // Once one file has moved in, a failure leaves the output part new.
            let mut moved = false;
            let failed = |moved: bool, path: &Path, source: io::Error| match moved {
                true => Error::Partial {
                    path: path.to_path_buf(),
                    source,
                },
                false => Error::io(path, source),
            };
            for rel in changed {
                let to = self.target.join(rel);
                let from = self.dir.join(rel);
                to.parent()
                    .map_or(Ok(()), fs::create_dir_all)
                    .and_then(|()| match to.is_dir() {
                        // A folder now stands where a file goes (or the reverse): the file wins.
                        true => fs::remove_dir_all(&to),
                        false => Ok(()),
                    })
                    .and_then(|()| rename(&from, &to))
                    .map_err(|e| failed(moved, &to, e))?;
                moved = true;
            }
            for (path, rel) in walk_all(&self.target)? {
                if rel != MARKER && !keep.contains(rel.as_str()) {
                    crate::fs::remove_and_prune(&path, &self.target).map_err(|e| match e {
                        Error::Io { path, source } => failed(moved, &path, source),
                        other => other,
                    })?;
                }
            }
            crate::fs::write_if_changed(&self.target.join(MARKER), MARKER_TEXT)?;
        }
        self.committed = true;
        fs::remove_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))
    }

    /// Moves the staging folder's top-level entries into the output with `rename`; if one
    /// cannot be moved, moves back those already moved (the output then holds no file but the
    /// marker, as before), or says that the output holds part of the build.
    fn move_top_entries(&self, rename: &impl Fn(&Path, &Path) -> io::Result<()>) -> Result<()> {
        let entries = fs::read_dir(&self.dir)
            .and_then(|entries| entries.map(|e| e.map(|e| e.file_name())).collect())
            .map_err(|e| Error::io(&self.dir, e));
        let entries: Vec<std::ffi::OsString> = entries?;
        for (done, name) in entries.iter().enumerate() {
            let to = self.target.join(name);
            let moved = match to.is_dir() {
                // Folders with no file in them, left by an earlier build or made by hand.
                true => fs::remove_dir_all(&to),
                false => Ok(()),
            }
            .and_then(|()| rename(&self.dir.join(name), &to));
            if let Err(source) = moved {
                let restored = entries[..done]
                    .iter()
                    .all(|name| rename(&self.target.join(name), &self.dir.join(name)).is_ok());
                return Err(match restored {
                    true => Error::io(&to, source),
                    false => Error::Partial { path: to, source },
                });
            }
        }
        Ok(())
    }
}

/// Whether the output folder `target` is missing or holds no file but the marker (`rm -rf
/// public/*` leaves it), perhaps in folders.
fn is_empty_output(target: &Path) -> Result<bool> {
    if !target.is_dir() {
        return Ok(true);
    }
    let marker = target.join(MARKER);
    for entry in walkdir::WalkDir::new(target).min_depth(1) {
        let entry = entry.map_err(|e| Error::io(target, io::Error::other(e.to_string())))?;
        if !entry.file_type().is_dir() && entry.path() != marker {
            return Ok(false);
        }
    }
    Ok(true)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A fresh staging of three top-level entries into `<tmp>/public`.
    fn staged(tmp: &Path) -> Staging {
        let staging = Staging::new(&tmp.join("public")).unwrap();
        assert!(staging.fresh);
        staging.prepare(["a/x.html", "b/y.html"]).unwrap();
        for rel in ["a/x.html", "b/y.html", "c.txt"] {
            assert!(staging.put(rel, rel.as_bytes()).unwrap());
        }
        staging
    }

    #[test]
    fn prepare_makes_every_folder_and_the_folders_they_are_in() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::new(&tmp.path().join("public")).unwrap();
        let rels = [
            "a/b/c/d/index.html",
            "a/b/x.html",
            "e/f/g.xml",
            "top.html",
            "a/y.html",
        ];
        staging.prepare(rels).unwrap();
        for folder in ["a", "a/b", "a/b/c", "a/b/c/d", "e", "e/f"] {
            assert!(staging.dir.join(folder).is_dir(), "{folder}");
        }
        // Only folders: no file is made.
        assert!(files(&staging.dir).is_empty());
    }

    /// The files under `dir`, relative.
    fn files(dir: &Path) -> Vec<String> {
        let mut files: Vec<String> = walk_all(dir).unwrap().into_iter().map(|f| f.1).collect();
        files.sort();
        files
    }

    /// A rename that fails on its `n`th call and, with `also_back`, on every call after it.
    fn failing(n: usize, also_back: bool) -> impl Fn(&Path, &Path) -> io::Result<()> {
        let calls = Cell::new(0);
        move |from, to| {
            calls.set(calls.get() + 1);
            if calls.get() == n || (also_back && calls.get() > n) {
                Err(io::Error::other("no room"))
            } else {
                fs::rename(from, to)
            }
        }
    }

    #[test]
    fn a_fresh_build_moves_in_its_top_entries() {
        let tmp = tempfile::tempdir().unwrap();
        staged(tmp.path()).commit(&[], &HashSet::new()).unwrap();
        assert_eq!(
            files(&tmp.path().join("public")),
            [MARKER, "a/x.html", "b/y.html", "c.txt"]
        );
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no staging left"
        );
    }

    #[test]
    fn a_fresh_build_that_cannot_move_in_moves_back_what_it_moved() {
        let tmp = tempfile::tempdir().unwrap();
        let e = staged(tmp.path())
            .commit_with(&[], &HashSet::new(), failing(2, false))
            .unwrap_err();
        assert!(matches!(e, Error::Io { .. }), "{e}");
        assert_eq!(files(&tmp.path().join("public")), [MARKER]);
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no staging left"
        );
    }

    #[test]
    fn a_fresh_build_that_cannot_move_back_says_the_output_is_part_new() {
        let tmp = tempfile::tempdir().unwrap();
        let e = staged(tmp.path())
            .commit_with(&[], &HashSet::new(), failing(2, true))
            .unwrap_err();
        assert!(matches!(e, Error::Partial { .. }), "{e}");
        assert!(e.to_string().contains("holds part of this build"), "{e}");
    }

    #[test]
    fn a_build_over_files_that_fails_after_a_move_says_the_output_is_part_new() {
        let tmp = tempfile::tempdir().unwrap();
        staged(tmp.path()).commit(&[], &HashSet::new()).unwrap();
        let staging = Staging::new(&tmp.path().join("public")).unwrap();
        assert!(!staging.fresh);
        for rel in ["a/x.html", "c.txt"] {
            assert!(staging.put(rel, b"new").unwrap());
        }
        let keep = HashSet::from(["a/x.html", "c.txt"]);
        let e = staging
            .commit_with(&["a/x.html", "c.txt"], &keep, failing(2, false))
            .unwrap_err();
        assert!(matches!(e, Error::Partial { .. }), "{e}");
        let staging = Staging::new(&tmp.path().join("public")).unwrap();
        assert!(staging.put("c.txt", b"new").unwrap());
        let e = staging
            .commit_with(&["c.txt"], &keep, failing(1, false))
            .unwrap_err();
        assert!(matches!(e, Error::Io { .. }), "nothing moved yet: {e}");
    }
}
