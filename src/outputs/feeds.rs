//! Atom feeds: which pages they carry, and text made safe for XML. The feeds themselves are
//! the theme's `feed.xml` template, fed by the registry ([`kinds`](crate::pipeline::kinds)).

use crate::model::site::{Site, newest_first};
use std::borrow::Cow;

/// How many entries the site feed keeps.
const SITE_FEED_ENTRIES: usize = 30;

/// The pages of the site feed: current announcements and lessons, newest first.
///
/// Both lists are already newest first in the same order, so the newest entries overall are
/// among the first entries of each.
pub fn site_feed_entries(site: &Site) -> Vec<usize> {
    let mut entries: Vec<usize> = site
        .current
        .iter()
        .take(SITE_FEED_ENTRIES)
        .chain(site.lessons.iter().take(SITE_FEED_ENTRIES))
        .copied()
        .collect();
    entries.sort_by(|&a, &b| newest_first(&site.pages[a], &site.pages[b]));
    entries.truncate(SITE_FEED_ENTRIES);
    entries
}

/// Text without the characters XML 1.0 forbids, which would make a feed invalid; the
/// template escapes the rest.
pub fn xml_text(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r');
    if text.contains(forbidden) {
        Cow::Owned(text.chars().filter(|&c| !forbidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_drops_forbidden_characters_only() {
        assert_eq!(xml_text("a\u{1}b\tc\n"), "ab\tc\n");
        assert!(matches!(xml_text("火灾 & <b>"), Cow::Borrowed(_)));
    }
}
