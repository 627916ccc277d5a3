//! Atom feeds: `/feed.xml` (current announcements and lessons) and `/announcements/feed.xml`.

use crate::model::dates;
use crate::model::site::Site;
use std::fmt::Write as _;

/// How many entries the site feed keeps.
const SITE_FEED_ENTRIES: usize = 30;

/// Escapes text for XML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than producing an invalid feed.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

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
    entries.sort_by(|&a, &b| crate::model::site::newest_first(&site.pages[a], &site.pages[b]));
    entries.truncate(SITE_FEED_ENTRIES);
    entries
}

/// The site feed: current announcements and lessons, newest first.
pub fn site_feed(site: &Site) -> String {
    feed(
        site,
        "/feed.xml",
        &site.config.title,
        &site_feed_entries(site),
    )
}

/// The announcements feed: every current announcement, newest first.
pub fn announcements_feed(site: &Site) -> String {
    let title = format!("{} — announcements", site.config.title);
    feed(site, "/announcements/feed.xml", &title, &site.current)
}

fn feed(site: &Site, self_url: &str, title: &str, entries: &[usize]) -> String {
    let base = &site.config.base_url;
    let tz = &site.config.timezone;
    let updated = entries
        .iter()
        .filter_map(|&i| site.pages[i].updated.or(site.pages[i].date))
        .max()
        .map_or_else(
            || "1970-01-01T00:00:00+00:00".to_string(),
            |t| dates::iso(t, tz),
        );
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{title}</title>\n<subtitle>{sub}</subtitle>\n\
         <link href=\"{base}{self_url}\" rel=\"self\" type=\"application/atom+xml\"/>\n\
         <link href=\"{base}/\" rel=\"alternate\" type=\"text/html\"/>\n\
         <id>{base}{self_url}</id>\n<updated>{updated}</updated>\n\
         <author><name>{author}</name></author>\n<generator>safepress</generator>\n",
        lang = escape(&site.config.language),
        title = escape(title),
        sub = escape(&site.config.description),
        base = escape(base),
        self_url = escape(self_url),
        author = escape(&site.config.title),
    );
    for &i in entries {
        let p = &site.pages[i];
        let url = format!("{base}{}", p.url);
        let published = p
            .date
            .map(|d| dates::iso(d, tz))
            .unwrap_or_else(|| updated.clone());
        let changed = p
            .updated
            .map(|d| dates::iso(d, tz))
            .unwrap_or_else(|| published.clone());
        let _ = write!(
            x,
            "<entry>\n<title>{title}</title>\n<link href=\"{url}\" rel=\"alternate\" type=\"text/html\"/>\n\
             <id>{url}</id>\n<published>{published}</published>\n<updated>{changed}</updated>\n\
             <summary type=\"text\">{summary}</summary>\n",
            title = escape(&p.title),
            url = escape(&url),
            summary = escape(&p.summary),
        );
        if let Some(c) = p.category.as_ref().and_then(|c| site.config.category(c)) {
            let _ = writeln!(
                x,
                "<category term=\"{}\" label=\"{}\"/>",
                escape(&c.id),
                escape(&c.name)
            );
        }
        let _ = write!(
            x,
            "<content type=\"html\" xml:base=\"{}\">{}</content>\n</entry>\n",
            escape(&url),
            escape(&site.html[i])
        );
    }
    x.push_str("</feed>\n");
    x
}
