//! The sitemap's entries: what the theme's `sitemap.xml` template receives. Which outputs it
//! lists is declared by the registry ([`kinds`](crate::pipeline::kinds)).

use crate::model::dates;
use crate::render::context::View;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Serialize, Serializer};
use std::hash::{Hash, Hasher};

/// One entry of the sitemap.
#[derive(Serialize, Hash)]
pub struct SitemapEntry<'a> {
    /// Absolute URL.
    pub loc: String,
    /// Last change (RFC 3339), where known.
    pub lastmod: Option<Iso<'a>>,
}

/// A moment shown as RFC 3339 in the site's time zone; hashed as the moment, so computing a
/// key formats nothing.
pub struct Iso<'a>(Timestamp, &'a TimeZone);

impl Serialize for Iso<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&dates::iso(self.0, self.1))
    }
}

impl Hash for Iso<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.hash(h);
    }
}

/// The sitemap entry of a page at `path`; content pages carry their last change.
pub fn entry<'a>(view: &View<'a>, path: &str, page: Option<usize>) -> SitemapEntry<'a> {
    let site = view.site;
    let lastmod = page.and_then(|i| {
        let p = &site.pages[i];
        p.updated.or(p.date).map(|t| Iso(t, &site.config.timezone))
    });
    SitemapEntry {
        loc: site.config.urls.permalink_of_path(path),
        lastmod,
    }
}
