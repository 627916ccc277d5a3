//! Atom feeds: which pages they carry and what the theme's `feed.xml` template receives, with
//! text made safe for XML. The registry ([`kinds`](crate::pipeline::kinds)) declares the feeds.

use crate::model::dates;
use crate::model::site::{Site, newest_first};
use crate::render::context::View;
use crate::urls::Route;
use serde::Serialize;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};

/// How many entries the site feed keeps.
const SITE_FEED_ENTRIES: usize = 30;

/// The pages of `lang`'s feed: its current announcements and lessons, newest first. A feed
/// carries only pages written in its language: a reader subscribed to it reads that language.
///
/// Both lists are already newest first in the same order, so the newest entries overall are
/// among the first entries of each.
pub fn site_feed_entries(site: &Site, lang: &str) -> Vec<usize> {
    let lists = site.lists(lang);
    let mut entries: Vec<usize> = own(site, lang, &lists.current)
        .take(SITE_FEED_ENTRIES)
        .chain(own(site, lang, &lists.lessons).take(SITE_FEED_ENTRIES))
        .collect();
    entries.sort_by(|&a, &b| newest_first(&site.pages[a], &site.pages[b]));
    entries.truncate(SITE_FEED_ENTRIES);
    entries
}

/// The current announcements written in `lang`, newest first: its announcements feed.
pub fn announcements_feed_entries(site: &Site, lang: &str) -> Vec<usize> {
    own(site, lang, &site.lists(lang).current).collect()
}

/// The pages of `list` written in `lang`, not fallbacks from another language.
fn own<'a>(site: &'a Site, lang: &'a str, list: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    list.iter()
        .copied()
        .filter(move |&i| site.pages[i].lang == lang)
}

/// Text without the characters XML 1.0 forbids, which would make a feed invalid; the
/// template escapes the rest.
pub fn xml_text(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| {
        ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.contains(forbidden) {
        Cow::Owned(text.chars().filter(|&c| !forbidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// One entry of a feed.
#[derive(Serialize)]
pub struct FeedEntry<'a> {
    title: Cow<'a, str>,
    url: String,
    published: String,
    updated: String,
    summary: Cow<'a, str>,
    category: Option<(&'a str, Cow<'a, str>)>,
    content: Content<'a>,
    /// What every field above is made from, for rebuild keys: the page's body fingerprint
    /// (its file and resolved links) and whether it has expired.
    #[serde(skip)]
    key: (u64, bool),
}

/// An entry's content: its page's body, made when the feed is rendered, not when its rebuild
/// key is (which the body fingerprint stands for).
struct Content<'a> {
    site: &'a Site,
    page: usize,
}

impl Serialize for Content<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&xml_text(&self.site.body_html(self.page, false)))
    }
}

impl Hash for FeedEntry<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.key.hash(h);
    }
}

/// What every Atom feed says of itself (the site's feeds and the CAP feed).
#[derive(Serialize, Hash)]
pub struct FeedHead<'a> {
    /// The feed's language.
    pub lang: &'a str,
    /// Its title.
    pub title: Cow<'a, str>,
    /// Its author: the site's title.
    pub author: Cow<'a, str>,
    /// Its own absolute URL.
    pub self_url: String,
    /// The absolute URL of the page it follows.
    pub alternate_url: String,
    /// The newest change among its entries (RFC 3339).
    pub updated: String,
}

/// What a feed template receives.
#[derive(Serialize, Hash)]
pub struct FeedContext<'a> {
    /// Language, title, author, addresses, last change.
    #[serde(flatten)]
    pub head: FeedHead<'a>,
    /// Its subtitle: the site's description.
    pub subtitle: Cow<'a, str>,
    /// The entries, newest first.
    pub entries: Vec<FeedEntry<'a>>,
}

/// A feed of `entries` (page indices, newest first).
pub fn feed<'a>(
    view: &View<'a>,
    lang: &'a str,
    title: Cow<'a, str>,
    route: Route,
    alternate: Route,
    entries: &[usize],
) -> FeedContext<'a> {
    let site = view.site;
    let urls = &site.config.urls;
    let tz = &site.config.timezone;
    let updated = entries
        .iter()
        .filter_map(|&i| site.pages[i].updated.or(site.pages[i].date))
        .max()
        .map_or_else(
            || "1970-01-01T00:00:00+00:00".to_string(),
            |t| dates::iso(t, tz),
        );
    let entries = entries
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            let published = p
                .date
                .map_or_else(|| updated.clone(), |d| dates::iso(d, tz));
            FeedEntry {
                title: xml_text(&p.title),
                url: urls.permalink_of_path(&p.path),
                updated: p
                    .updated
                    .map_or_else(|| published.clone(), |d| dates::iso(d, tz)),
                published,
                summary: xml_text(&p.summary),
                category: p
                    .category
                    .as_ref()
                    .and_then(|c| site.config.category(c))
                    .map(|c| (c.id.as_str(), xml_text(c.name.get(lang)))),
                content: Content { site, page: i },
                key: (site.bodies.fps[i], site.is_expired(i)),
            }
        })
        .collect();
    FeedContext {
        head: FeedHead {
            lang,
            title: match title {
                Cow::Borrowed(t) => xml_text(t),
                Cow::Owned(t) => Cow::Owned(xml_text(&t).into_owned()),
            },
            author: xml_text(site.config.title.get(lang)),
            self_url: urls.permalink(route),
            alternate_url: urls.permalink(alternate),
            updated,
        },
        subtitle: xml_text(site.config.description.get(lang)),
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_drops_forbidden_characters_only() {
        assert_eq!(xml_text("a\u{1}b\tc\n\u{FFFF}"), "ab\tc\n");
        assert!(matches!(xml_text("火灾 & <b>"), Cow::Borrowed(_)));
    }
}
