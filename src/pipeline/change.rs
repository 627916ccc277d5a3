//! What watch mode tells a rebuild: the kinds of change a site can see.

use std::fmt;

/// Something that changed in a site since the last build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// `site.yaml`: everything is reloaded.
    Config,
    /// A template, theme file or site static file.
    Theme,
    /// A file or folder under `content/`, by its path there (`lessons/fire/a.md`).
    Content(String),
    /// Unknown changes (e.g. the watcher lost events): rescan everything.
    Rescan,
    /// Time passed: announcements may have been published or expired.
    Clock,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Config => f.write_str("site.yaml"),
            Change::Theme => f.write_str("theme"),
            Change::Content(rel) => write!(f, "content/{rel}"),
            Change::Rescan => f.write_str("rescan"),
            Change::Clock => f.write_str("clock"),
        }
    }
}
