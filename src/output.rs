//! The output folder: refusing folders that must not be overwritten, staging full builds
//! beside the output and swapping them in only when everything succeeded.

use crate::error::{Error, Result};
use crate::source::{CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
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

/// A folder beside the output where a full build is written before it replaces the output.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

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
        crate::fs::write_if_changed(&dir.join(MARKER), b"This folder is built by safepress.\n")?;
        Ok(Staging {
            dir,
            target,
            committed: false,
        })
    }

    /// Where to write files.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Replaces the output folder with the staged one.
    pub fn commit(mut self) -> Result<()> {
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .map_or_else(|| "public".into(), |n| n.to_string_lossy()),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            if old.exists() {
                fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
            }
            fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                // Put the previous output back: a failed build must leave it as it was.
                let _ = fs::rename(&old, &self.target);
            }
            return Err(Error::io(&self.target, e));
        }
        self.committed = true;
        if had_old {
            fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
