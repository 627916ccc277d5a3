//! The sitemap's entries: what the theme's `sitemap.xml` template receives. Which outputs it
//! lists is declared by the registry ([`kinds`](crate::pipeline::kinds)).

use crate::model::dates;
use crate::model::site::Site;
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
    /// Every language version of the page, itself included, then `x-default`; empty when the
    /// page has no translation.
    pub alternates: Vec<SitemapAlternate<'a>>,
}

/// A language version of a sitemap entry, as `<xhtml:link rel="alternate">` shows it.
#[derive(Serialize, Hash)]
pub struct SitemapAlternate<'a> {
    /// Its `hreflang`: a language tag, or `x-default` for the version for other languages.
    pub hreflang: &'a str,
    /// Its absolute URL.
    pub href: String,
}

/// A moment shown as RFC 3339 in the site's time zone; hashed as the moment, so computing a
/// key formats nothing.
pub struct Iso<'a>(Timestamp, &'a TimeZone);

/// Page `i`'s last change as the sitemap shows it (its update, else its date), where known.
fn lastmod(site: &Site, i: usize) -> Option<Iso<'_>> {
    let p = &site.pages[i];
    p.updated.or(p.date).map(|t| Iso(t, &site.config.timezone))
}

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

/// The sitemap entry of a page at `path`, whose language versions are `versions` (language,
/// path; empty or all of them); content pages carry their last change. `x-default` is the
/// version in the main language, or else in the first site language that has one.
pub fn entry<'a>(
    view: &View<'a>,
    path: &str,
    page: Option<usize>,
    versions: Vec<(&'a str, String)>,
) -> SitemapEntry<'a> {
    let site = view.site;
    let urls = &site.config.urls;
    let lastmod = page.and_then(|i| lastmod(site, i));
    let default = site
        .config
        .langs()
        .find_map(|l| versions.iter().find(|(v, _)| *v == l))
        .map(|(_, path)| urls.permalink_of_path(path));
    let mut alternates: Vec<SitemapAlternate> = versions
        .iter()
        .map(|(lang, path)| SitemapAlternate {
            hreflang: lang,
            href: urls.permalink_of_path(path),
        })
        .collect();
    alternates.extend(default.map(|href| SitemapAlternate {
        hreflang: "x-default",
        href,
    }));
    SitemapEntry {
        loc: urls.permalink_of_path(path),
        lastmod,
        alternates,
    }
}
