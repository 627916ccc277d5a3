//! The announcement lifecycle against the build's one clock, `now`: scheduled, current,
//! expired; and the next moment at which the site changes by itself.

use crate::model::page::{Page, PageKind};
use jiff::Timestamp;

/// Where an announcement is in its life at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Its date is still in the future: not built.
    Scheduled,
    /// Published and not expired: listed, and in the banner if urgent.
    Current,
    /// Past `expires`: in the archive only.
    Expired,
}

/// The status of a page at `now`; pages other than announcements are always current once dated.
pub fn status(page: &Page, now: Timestamp) -> Status {
    match page.date {
        Some(d) if d > now && page.kind == PageKind::Announcement => Status::Scheduled,
        _ => match page.expires {
            Some(e) if e <= now => Status::Expired,
            _ => Status::Current,
        },
    }
}

/// The next moment the built site goes stale without any file change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextChange {
    /// When to rebuild.
    pub at: Timestamp,
    /// The announcement's title.
    pub title: String,
    /// What happens then: "is published" or "expires".
    pub event: &'static str,
}

/// The earliest future publication or expiry among `pages`.
pub fn next_change<'a>(
    pages: impl IntoIterator<Item = &'a Page>,
    now: Timestamp,
) -> Option<NextChange> {
    let mut best: Option<NextChange> = None;
    for page in pages {
        if page.kind != PageKind::Announcement {
            continue;
        }
        let moments = [(page.date, "is published"), (page.expires, "expires")];
        for (at, event) in moments {
            let Some(at) = at.filter(|&t| t > now) else {
                continue;
            };
            if best.as_ref().is_none_or(|b| at < b.at) {
                best = Some(NextChange {
                    at,
                    title: page.title.clone(),
                    event,
                });
            }
        }
    }
    best
}
