//! The announcement lifecycle against the build's one clock, `now`: scheduled, current,
//! expired; and the next moment at which the site changes by itself (an announcement is
//! published or expires, a campaign starts or ends).

use crate::model::config::Config;
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
    /// The announcement's title, or the campaign's name in the main language.
    pub title: String,
    /// What happens then.
    pub event: Event,
}

/// What happens at a [`NextChange`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A scheduled announcement is published.
    Published,
    /// An announcement expires.
    Expires,
    /// A campaign starts.
    Starts,
    /// A campaign ends.
    Ends,
}

impl Event {
    /// Every event.
    pub const ALL: [Event; 4] = [Event::Published, Event::Expires, Event::Starts, Event::Ends];

    /// Its name, the key of its words in the message catalogues (`next.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Event::Published => "published",
            Event::Expires => "expires",
            Event::Starts => "starts",
            Event::Ends => "ends",
        }
    }
}

/// The earliest future publication or expiry among `pages`, or start or end among the
/// campaigns of `config`.
pub fn next_change<'a>(
    pages: impl IntoIterator<Item = &'a Page>,
    config: &Config,
    now: Timestamp,
) -> Option<NextChange> {
    let mut best: Option<NextChange> = None;
    let mut consider = |at: Option<Timestamp>, title: &str, event: Event| {
        let Some(at) = at.filter(|&t| t > now) else {
            return;
        };
        if best.as_ref().is_none_or(|b| at < b.at) {
            best = Some(NextChange {
                at,
                title: title.to_string(),
                event,
            });
        }
    };
    // Main-language versions first: a translation changing at the same moment (it usually
    // does) never names the change instead of the original.
    let (main, others): (Vec<&Page>, Vec<&Page>) = pages
        .into_iter()
        .filter(|p| p.kind == PageKind::Announcement)
        .partition(|p| p.lang == config.language);
    for page in main.into_iter().chain(others) {
        consider(page.date, &page.title, Event::Published);
        consider(page.expires, &page.title, Event::Expires);
    }
    for c in &config.campaigns {
        let name = c.name.get(&config.language);
        consider(Some(c.start), name, Event::Starts);
        consider(Some(c.end), name, Event::Ends);
    }
    best
}
