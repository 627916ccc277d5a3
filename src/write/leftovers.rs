//! Staging folders left by builds that were killed (`kill -9`, a power cut): each staging
//! folder has a lock file beside it, held while its build runs and released by the operating
//! system when the process ends however it ends, so a folder whose lock can be taken is a
//! leftover and is removed.

use crate::error::{Error, Result};
use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};

/// The lock held by a running build on its staging folder.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    // Held, never read: dropping the file releases the lock.
    _file: File,
}

impl Lock {
    /// Takes the lock of the staging folder `dir` (a file beside it, `<dir>.lock`).
    pub fn take(dir: &Path) -> Result<Lock> {
        let path = lock_path(dir);
        let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        file.lock().map_err(|e| Error::io(&path, e))?;
        Ok(Lock { path, _file: file })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// The lock file of the staging folder `dir`.
fn lock_path(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    dir.with_file_name(name)
}

/// Removes the staging folders of `prefix` (`.public.staging-`) in `parent` whose build is no
/// longer running, with their lock files; gives the folders removed. A folder whose lock is
/// held belongs to a build running now (another `safepress build` into the same output) and
/// stays.
pub fn remove(parent: &Path, prefix: &str) -> Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(parent) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(parent, e)),
    };
    let mut removed = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(parent, e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = name.strip_prefix(prefix) else {
            continue;
        };
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let dir = entry.path();
        if !dir.is_dir() || is_running(&dir)? {
            continue;
        }
        match fs::remove_dir_all(&dir) {
            Ok(()) => removed.push(dir.clone()),
            // Another build cleaning up at the same moment got there first.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&dir, e)),
        }
        let _ = fs::remove_file(lock_path(&dir));
    }
    Ok(removed)
}

/// Whether the build that made the staging folder `dir` still runs: its lock is held.
fn is_running(dir: &Path) -> Result<bool> {
    let path = lock_path(dir);
    let file = match File::options().read(true).write(true).open(&path) {
        Ok(file) => file,
        // No lock file: the folder was made by a build that never had one (safepress before
        // 0.1's leftovers cleanup), or its lock was removed as it finished. Either way no
        // running build of this version owns it.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(&path, e)),
    };
    match file.try_lock() {
        Ok(()) => Ok(false),
        Err(TryLockError::WouldBlock) => Ok(true),
        Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_unlocked_staging_folders_only() {
        let tmp = tempfile::tempdir().unwrap();
        let parent = tmp.path();
        let dead = parent.join(".public.staging-1");
        let live = parent.join(".public.staging-2");
        let other = parent.join(".other.staging-3");
        let unlocked_lock = parent.join(".public.staging-4");
        for d in [&dead, &live, &other, &unlocked_lock] {
            fs::create_dir_all(d.join("lessons")).unwrap();
            fs::write(d.join("lessons/a.html"), "x").unwrap();
        }
        fs::create_dir_all(parent.join(".public.staging-x")).unwrap();
        let _held = Lock::take(&live).unwrap();
        // A lock file left by a killed process: nobody holds it.
        fs::write(lock_path(&unlocked_lock), "").unwrap();

        let mut removed = remove(parent, ".public.staging-").unwrap();
        removed.sort();
        assert_eq!(removed, vec![dead.clone(), unlocked_lock.clone()]);
        assert!(!dead.exists() && !unlocked_lock.exists());
        assert!(!lock_path(&unlocked_lock).exists());
        assert!(
            live.join("lessons/a.html").exists(),
            "a running build's folder stays"
        );
        assert!(other.exists(), "another output's folder stays");
        assert!(
            parent.join(".public.staging-x").exists(),
            "not a staging name"
        );
    }

    #[test]
    fn a_missing_parent_has_no_leftovers() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(
            remove(&tmp.path().join("nope"), ".p.staging-")
                .unwrap()
                .is_empty()
        );
    }
}
