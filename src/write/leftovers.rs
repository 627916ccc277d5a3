//! Staging folders left by builds that were killed (`kill -9`, a power cut): each staging
//! folder has a lock file beside it, held while its build runs and released by the operating
//! system when the process ends however it ends, so a folder whose lock can be taken is a
//! leftover and is removed.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};

/// The lock held by a running build on its staging folder.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    // Held, never read: dropping the file releases the lock. `None` where the file system
    // has no locks (some network mounts): the build goes on, unprotected from a clean-up by
    // another build into the same output, as before locks existed.
    _file: Option<File>,
}

impl Lock {
    /// Takes the lock of the staging folder `dir` (a file beside it, `<dir>.lock`).
    pub fn take(dir: &Path) -> Lock {
        let path = lock_path(dir);
        let file = File::create(&path)
            .ok()
            .filter(|file| file.try_lock().is_ok());
        Lock { path, _file: file }
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
/// stays. Clean-up never stops a build: a folder that cannot be checked or removed stays.
pub fn remove(parent: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = name.strip_prefix(prefix) else {
            continue;
        };
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let dir = entry.path();
        // A symbolic link is not a staging folder this program made.
        let is_folder = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_folder || is_running(&dir) {
            continue;
        }
        if fs::remove_dir_all(&dir).is_ok() {
            let _ = fs::remove_file(lock_path(&dir));
            removed.push(dir);
        }
    }
    removed
}

/// Whether the build that made the staging folder `dir` may still run: its lock is held, or
/// it cannot be told.
fn is_running(dir: &Path) -> bool {
    // Read-only suffices for a lock, and works on a file another user made.
    match File::open(lock_path(dir)) {
        Ok(file) => match file.try_lock() {
            Ok(()) => false,
            Err(TryLockError::WouldBlock) => true,
            // No locks on this file system: the folder is as old as its build's process id
            // says, which cannot be told here; leave it.
            Err(TryLockError::Error(_)) => true,
        },
        // No lock file: made by a build before locks existed, or by one that finished
        // while this looked. A finished build removes its folder itself.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(_) => true,
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
        let _held = Lock::take(&live);
        // A lock file left by a killed process: nobody holds it.
        fs::write(lock_path(&unlocked_lock), "").unwrap();

        let mut removed = remove(parent, ".public.staging-");
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

    #[cfg(unix)]
    #[test]
    fn a_link_named_like_a_staging_folder_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let precious = tmp.path().join("precious");
        fs::create_dir_all(&precious).unwrap();
        fs::write(precious.join("a.txt"), "keep").unwrap();
        std::os::unix::fs::symlink(&precious, tmp.path().join(".public.staging-7")).unwrap();
        assert!(remove(tmp.path(), ".public.staging-").is_empty());
        assert!(precious.join("a.txt").exists());
    }

    #[test]
    fn a_missing_parent_has_no_leftovers() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(remove(&tmp.path().join("nope"), ".p.staging-").is_empty());
    }
}
