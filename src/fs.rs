//! File-system helpers whose errors always name the path involved.

use crate::error::{Error, Result};
use std::fs;
use std::path::Path;

/// Reads a UTF-8 text file.
pub fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// Creates a directory and its parents.
pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| Error::io(path, e))
}

/// Whether the file at `path` holds exactly `bytes` (its size is checked before it is read).
pub fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|existing| existing == bytes)
}

/// Writes `bytes` to `path` unless the file already holds exactly them; returns whether it wrote.
///
/// Leaving unchanged files alone keeps their modification times, so browsers, rsync and
/// watch mode see only real changes.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if holds(path, bytes) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, bytes).map_err(|e| Error::io(path, e))?;
    Ok(true)
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a reader (the preview
/// server, a browser) sees the old file or the new one, never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    create_dir_all(parent)?;
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy());
    let tmp = parent.join(format!(".{name}.safepress-{}.tmp", std::process::id()));
    fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Removes a file and then every folder above it, up to `stop`, that it left empty.
pub fn remove_and_prune(path: &Path, stop: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(path, e)),
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == stop || !d.starts_with(stop) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// Where the bytes of a copied output file come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSource {
    /// A file on disk (absolute path).
    Copy(std::path::PathBuf),
    /// Bytes compiled into the binary (the built-in theme's static files).
    Embedded(&'static [u8]),
}

impl FileSource {
    /// The file's bytes.
    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            FileSource::Copy(from) => fs::read(from).map_err(|e| Error::io(from, e)),
            FileSource::Embedded(bytes) => Ok(bytes.to_vec()),
        }
    }
}
