//! What watch mode tells a rebuild: the kinds of change a site can see.

use crate::messages::Text;
use crate::text;
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

impl Change {
    /// The change in words.
    pub fn text(&self) -> Text {
        match self {
            Change::Config => text!("change.file", path = "site.yaml"),
            Change::Theme => text!("change.theme"),
            Change::Content(rel) => text!("change.file", path = format!("content/{rel}")),
            Change::Rescan => text!("change.rescan"),
            Change::Clock => text!("change.clock"),
        }
    }
}

/// In English, for logs; readers get [`Change::text`] in their language.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.text().fmt(f)
    }
}
