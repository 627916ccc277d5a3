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

/// Writes `bytes` to `path` unless the file already holds exactly them; returns whether it wrote.
///
/// Leaving unchanged files alone keeps their modification times, so browsers, rsync and
/// watch mode see only real changes.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if let Ok(meta) = fs::metadata(path) {
        if meta.is_file() && meta.len() == bytes.len() as u64 {
            if let Ok(existing) = fs::read(path) {
                if existing == bytes {
                    return Ok(false);
                }
            }
        }
    }
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, bytes).map_err(|e| Error::io(path, e))?;
    Ok(true)
}

/// Copies `from` to `to` unless `to` already has the same bytes; returns whether it wrote.
pub fn copy_if_changed(from: &Path, to: &Path) -> Result<bool> {
    let bytes = fs::read(from).map_err(|e| Error::io(from, e))?;
    write_if_changed(to, &bytes)
}
