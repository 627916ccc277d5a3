//! `/sitemap.xml`: every HTML page of the site, with its last change where known.

use crate::model::dates;
use crate::model::site::Site;
use crate::outputs::feeds::escape;
use crate::pipeline::plan::{page_count, page_url};
use std::fmt::Write as _;

/// Renders the sitemap of a site.
pub fn render(site: &Site) -> String {
    let base = &site.config.base_url;
    let tz = &site.config.timezone;
    let mut entries: Vec<(String, Option<String>)> = vec![
        ("/".into(), None),
        ("/lessons/".into(), None),
        ("/announcements/".into(), None),
        ("/announcements/archive/".into(), None),
        ("/tags/".into(), None),
    ];
    for (id, lessons) in &site.categories {
        let pages = page_count(lessons.len(), site.config.paginate);
        for n in 1..=pages {
            entries.push((page_url(&format!("/lessons/{id}/"), n), None));
        }
    }
    for (prefix, map) in [("tags", &site.tags), ("audience", &site.audiences)] {
        for (slug, t) in map {
            for n in 1..=page_count(t.lessons.len(), site.config.paginate) {
                entries.push((page_url(&format!("/{prefix}/{slug}/"), n), None));
            }
        }
    }
    for p in &site.pages {
        let last = p.updated.or(p.date).map(|t| dates::iso(t, tz));
        entries.push((p.url.clone(), last));
    }
    entries.sort();
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, last) in entries {
        let _ = write!(x, "<url><loc>{}</loc>", escape(&format!("{base}{url}")));
        if let Some(last) = last {
            let _ = write!(x, "<lastmod>{last}</lastmod>");
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}
