//! The registry of output kinds: every kind of rendered output (home, lesson, category page N,
//! tag page N, feed, sitemap, 404, …) declared once — which outputs of it a site has
//! ([`all`]), its route and template ([`Render::spec`]), whether the sitemap lists it
//! ([`Render::in_sitemap`]), and the context its template receives ([`Render::context`]).
//! Planning, rendering, the rebuild keys and the sitemap all read these functions; adding a
//! kind of page is a variant, an arm in each, and a template.

use crate::messages::Text;
use crate::model::page::PageKind;
use crate::model::site::Site;
use crate::outputs::cap;
use crate::text;
use crate::urls::{Route, page_count};
use std::hash::Hash;

/// How many lessons per category the lessons index shows before "all lessons in …".
pub const LESSONS_PER_GROUP: usize = 6;
/// How many announcements the home page shows.
pub const HOME_ANNOUNCEMENTS: usize = 5;
/// How many lessons the home page shows.
pub const HOME_LESSONS: usize = 6;
/// How many of a running campaign's newest pages the home page shows.
pub const HOME_CAMPAIGN_ITEMS: usize = 4;
/// How many URLs one sitemap file may list (the sitemap protocol's limit). Files hold at most
/// this many divided by the site's number of languages; a site with more gets a sitemap index
/// and several files.
pub const SITEMAP_URLS: usize = 50_000;

/// One rendered output: its kind and what picks it out among outputs of that kind. `lang` is
/// a position among the site's languages ([`Config::langs`](crate::model::config::Config::langs),
/// 0 for the main one): every listing exists once per language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Render {
    /// The home page.
    Home {
        /// Language position.
        lang: usize,
    },
    /// The lessons index.
    Lessons {
        /// Language position.
        lang: usize,
    },
    /// Page `page` (1-based) of a category.
    Category {
        /// Language position.
        lang: usize,
        /// Category id.
        id: String,
        /// 1-based page number.
        page: usize,
    },
    /// A lesson, announcement or plain page, by page index (it has its own language).
    Page(usize),
    /// Current announcements.
    Announcements {
        /// Language position.
        lang: usize,
    },
    /// Expired announcements.
    Archive {
        /// Language position.
        lang: usize,
    },
    /// The tags index.
    Tags {
        /// Language position.
        lang: usize,
    },
    /// Page `page` of a tag.
    Tag {
        /// Language position.
        lang: usize,
        /// Tag slug.
        slug: String,
        /// 1-based page number.
        page: usize,
    },
    /// Page `page` of an audience.
    Audience {
        /// Language position.
        lang: usize,
        /// Audience slug.
        slug: String,
        /// 1-based page number.
        page: usize,
    },
    /// The search page (sites with search).
    Search {
        /// Language position.
        lang: usize,
    },
    /// The page for addresses that do not exist.
    NotFound {
        /// Language position.
        lang: usize,
    },
    /// The sitemap: every page it lists or, on a site with more than one file may hold, one
    /// part of them.
    Sitemap {
        /// Which part; `None` for the one file of a site that needs no more.
        part: Option<SitemapPart>,
    },
    /// The sitemap index naming every part, at the sitemap's address (sites with more pages
    /// than one sitemap file may list).
    SitemapIndex {
        /// How many parts.
        parts: usize,
    },
    /// `robots.txt`.
    Robots,
    /// The Atom feed of announcements and lessons.
    Feed {
        /// Language position.
        lang: usize,
    },
    /// The Atom feed of current announcements.
    AnnouncementsFeed {
        /// Language position.
        lang: usize,
    },
    /// The CAP alert of an announcement, by the page index of its first version.
    Alert(usize),
    /// The Atom feed of current CAP alerts (one for every language: alerts hold them all).
    CapFeed,
    /// The campaigns index (sites with campaigns).
    Campaigns {
        /// Language position.
        lang: usize,
    },
    /// A campaign's page.
    Campaign {
        /// Language position.
        lang: usize,
        /// Campaign id.
        id: String,
    },
    /// The print poster of a lesson, by page index (it has the lesson's language).
    Poster(usize),
}

/// Which slice of the sitemap's entries, sorted by address, one sitemap file lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitemapPart {
    /// 1-based part number.
    pub n: usize,
    /// How many entries each part lists.
    pub per: usize,
}

impl SitemapPart {
    /// The positions of this part's entries among them all.
    pub fn range(self, total: usize) -> std::ops::Range<usize> {
        let start = (self.n - 1).saturating_mul(self.per).min(total);
        start..start.saturating_add(self.per).min(total)
    }
}

/// What the registry declares about one output.
#[derive(Debug, Clone, Copy)]
pub struct Spec<'a> {
    /// Where it lives.
    pub route: Route<'a>,
    /// The theme template it renders with.
    pub template: &'static str,
    /// Its kind as templates see it (`kind`), for HTML pages.
    pub kind: &'static str,
    /// Whether its context reads every page directly rather than through the fingerprinted
    /// wrappers that note which pages a key depends on: its key is then made every time.
    pub whole_site: bool,
}

/// Every rendered output of `site`, in a fixed order.
pub fn all(site: &Site) -> Vec<Render> {
    // Each entry names every language version of its page: fewer entries per file keep a
    // part within the protocol's other limit, 50 MB, however many languages the site has.
    all_with(site, SITEMAP_URLS / site.lists.len().max(1))
}

/// Every rendered output of `site`, with at most `per_sitemap` URLs in a sitemap file.
pub(crate) fn all_with(site: &Site, per_sitemap: usize) -> Vec<Render> {
    let per = site.config.paginate;
    let pages = |n: usize| 1..=page_count(n, per);
    let mut out = Vec::with_capacity(site.pages.len() + 16 * site.lists.len());
    for (lang, lists) in site.lists.iter().enumerate() {
        out.extend([Render::Home { lang }, Render::Lessons { lang }]);
        for (id, lessons) in &lists.categories {
            out.extend(pages(lessons.len()).map(|page| Render::Category {
                lang,
                id: id.clone(),
                page,
            }));
        }
        out.extend([
            Render::Announcements { lang },
            Render::Archive { lang },
            Render::Tags { lang },
        ]);
        for (slug, t) in &lists.tags {
            out.extend(pages(t.lessons.len()).map(|page| Render::Tag {
                lang,
                slug: slug.clone(),
                page,
            }));
        }
        for (slug, t) in &lists.audiences {
            out.extend(pages(t.lessons.len()).map(|page| Render::Audience {
                lang,
                slug: slug.clone(),
                page,
            }));
        }
        out.extend([
            Render::NotFound { lang },
            Render::Feed { lang },
            Render::AnnouncementsFeed { lang },
        ]);
        if !site.config.campaigns.is_empty() {
            out.push(Render::Campaigns { lang });
            out.extend(site.config.campaigns.iter().map(|c| Render::Campaign {
                lang,
                id: c.id.clone(),
            }));
        }
    }
    // A lesson's poster right after it: rendered one after the other, they share one
    // rendering of its body in a one-shot build (`Site::body_html`).
    for i in 0..site.pages.len() {
        out.push(Render::Page(i));
        if site.poster_route(i).is_some() {
            out.push(Render::Poster(i));
        }
    }
    if site.config.search {
        out.extend((0..site.lists.len()).map(|lang| Render::Search { lang }));
    }
    out.extend(sitemaps(
        out.iter().filter(|r| r.in_sitemap()).count(),
        per_sitemap,
    ));
    out.push(Render::Robots);
    out.extend(cap::alert_pages(site).map(Render::Alert));
    out.push(Render::CapFeed);
    out
}

/// The sitemap of `urls` URLs: one file, or an index and parts of at most `per` URLs.
fn sitemaps(urls: usize, per: usize) -> Vec<Render> {
    let per = per.max(1);
    if urls <= per {
        return vec![Render::Sitemap { part: None }];
    }
    let parts = urls.div_ceil(per);
    std::iter::once(Render::SitemapIndex { parts })
        .chain((1..=parts).map(|n| Render::Sitemap {
            part: Some(SitemapPart { n, per }),
        }))
        .collect()
}

impl Render {
    /// The listing's language position; `None` for content pages and language-free files.
    pub fn lang(&self) -> Option<usize> {
        match self {
            Render::Home { lang }
            | Render::Lessons { lang }
            | Render::Category { lang, .. }
            | Render::Announcements { lang }
            | Render::Archive { lang }
            | Render::Tags { lang }
            | Render::Tag { lang, .. }
            | Render::Audience { lang, .. }
            | Render::NotFound { lang }
            | Render::Search { lang }
            | Render::Feed { lang }
            | Render::AnnouncementsFeed { lang }
            | Render::Campaigns { lang }
            | Render::Campaign { lang, .. } => Some(*lang),
            Render::Page(_)
            | Render::Sitemap { .. }
            | Render::SitemapIndex { .. }
            | Render::Robots
            | Render::Alert(_)
            | Render::CapFeed
            | Render::Poster(_) => None,
        }
    }

    /// Whether the sitemap lists the output: every HTML page but the search page, the 404
    /// page and posters (a print copy of its lesson: its canonical link names the lesson).
    pub fn in_sitemap(&self) -> bool {
        match self {
            Render::Home { .. }
            | Render::Lessons { .. }
            | Render::Category { .. }
            | Render::Page(_)
            | Render::Announcements { .. }
            | Render::Archive { .. }
            | Render::Tags { .. }
            | Render::Tag { .. }
            | Render::Audience { .. }
            | Render::Campaigns { .. }
            | Render::Campaign { .. } => true,
            Render::Search { .. }
            | Render::NotFound { .. }
            | Render::Poster(_)
            | Render::Sitemap { .. }
            | Render::SitemapIndex { .. }
            | Render::Robots
            | Render::Feed { .. }
            | Render::AnnouncementsFeed { .. }
            | Render::Alert(_)
            | Render::CapFeed => false,
        }
    }

    /// The output's route, template, kind name and whether its key reads the whole site.
    pub fn spec<'a>(&'a self, site: &'a Site) -> Spec<'a> {
        let lang = site.config.lang_at(self.lang().unwrap_or(0));
        let html = |route, template, kind| Spec {
            route,
            template,
            kind,
            whole_site: false,
        };
        let file = |route, template| Spec {
            route,
            template,
            kind: "",
            whole_site: true,
        };
        match self {
            Render::Home { .. } => html(Route::Home { lang }, "index.html", "home"),
            Render::Lessons { .. } => html(Route::Lessons { lang }, "lessons.html", "lessons"),
            Render::Category { id, page, .. } => html(
                Route::Category {
                    lang,
                    id,
                    page: *page,
                },
                "category.html",
                "category",
            ),
            Render::Page(i) => {
                let p = &site.pages[*i];
                let (template, kind) = match p.kind {
                    PageKind::Lesson => ("lesson.html", "lesson"),
                    PageKind::Announcement => ("announcement.html", "announcement"),
                    PageKind::Page => ("page.html", "page"),
                };
                html(p.route(), template, kind)
            }
            Render::Announcements { .. } => html(
                Route::Announcements { lang },
                "announcements.html",
                "announcements",
            ),
            Render::Archive { .. } => html(Route::Archive { lang }, "archive.html", "archive"),
            Render::Tags { .. } => html(Route::Tags { lang }, "tags.html", "tags"),
            Render::Tag { slug, page, .. } => html(
                Route::Tag {
                    lang,
                    slug,
                    page: *page,
                },
                "tag.html",
                "tag",
            ),
            Render::Audience { slug, page, .. } => html(
                Route::Audience {
                    lang,
                    slug,
                    page: *page,
                },
                "audience.html",
                "audience",
            ),
            Render::Search { .. } => html(Route::Search { lang }, "search.html", "search"),
            Render::NotFound { .. } => html(Route::NotFound { lang }, "404.html", "404"),
            Render::Sitemap { part: None } => file(Route::Sitemap, "sitemap.xml"),
            Render::Sitemap { part: Some(p) } => file(Route::SitemapPart(p.n), "sitemap.xml"),
            Render::SitemapIndex { .. } => file(Route::Sitemap, "sitemap_index.xml"),
            Render::Robots => file(Route::Robots, "robots.txt"),
            Render::Feed { .. } => file(Route::Feed { lang }, "feed.xml"),
            Render::AnnouncementsFeed { .. } => file(Route::AnnouncementsFeed { lang }, "feed.xml"),
            // An alert shows only its announcement's versions, whose reads its key notes.
            Render::Alert(i) => Spec {
                whole_site: false,
                ..file(cap::alert_route(site, *i), "alert.xml")
            },
            Render::CapFeed => file(Route::CapFeed, "cap_feed.xml"),
            Render::Campaigns { .. } => {
                html(Route::Campaigns { lang }, "campaigns.html", "campaigns")
            }
            Render::Campaign { id, .. } => {
                html(Route::Campaign { lang, id }, "campaign.html", "campaign")
            }
            Render::Poster(i) => {
                let p = &site.pages[*i];
                let route = p.poster_route().unwrap_or(p.route());
                html(route, "poster.html", "poster")
            }
        }
    }

    /// Who claims the output, in words, for collision messages.
    pub fn describe(&self, site: &Site) -> Text {
        let source = |i: &usize| site.pages[*i].source.display().to_string();
        let what = match self {
            Render::Page(i) => return text!("output.file", path = source(i)),
            Render::Sitemap { part: None } | Render::SitemapIndex { .. } => {
                return text!("output.sitemap");
            }
            Render::Sitemap { part: Some(p) } => return text!("output.sitemap_part", n = p.n),
            Render::Robots => return text!("output.file", path = "robots.txt"),
            Render::Home { .. } => text!("output.home"),
            Render::Lessons { .. } => text!("output.lessons"),
            Render::Category { id, .. } => text!("output.category", id = id),
            Render::Tag { slug, .. } => text!("output.tag", slug = slug),
            Render::Audience { slug, .. } => text!("output.audience", slug = slug),
            Render::Announcements { .. } => text!("output.announcements"),
            Render::Archive { .. } => text!("output.archive"),
            Render::Tags { .. } => text!("output.tags"),
            Render::Search { .. } => text!("output.search"),
            Render::NotFound { .. } => text!("output.not_found"),
            Render::Feed { .. } => text!("output.feed"),
            Render::AnnouncementsFeed { .. } => text!("output.announcements_feed"),
            Render::Alert(i) => return text!("output.alert", path = source(i)),
            Render::CapFeed => return text!("output.cap_feed"),
            Render::Campaigns { .. } => text!("output.campaigns"),
            Render::Campaign { id, .. } => text!("output.campaign", id = id),
            Render::Poster(i) => return text!("output.poster", path = source(i)),
        };
        match self.lang() {
            Some(k) if site.lists.len() > 1 => {
                text!(
                    "output.in_language",
                    what = what,
                    lang = site.config.lang_at(k)
                )
            }
            _ => what,
        }
    }

    /// The source file the output is made from, if it is one page's.
    pub fn source<'a>(&self, site: &'a Site) -> Option<&'a std::path::Path> {
        match self {
            Render::Page(i) | Render::Alert(i) | Render::Poster(i) => {
                Some(site.pages[*i].source.as_path())
            }
            _ => None,
        }
    }

    /// The other languages the same listing exists in, for language switches and
    /// `hreflang`. Tag and audience pages have none: their words belong to one language; nor
    /// has the 404 page, which is never an address of its own.
    pub(crate) fn other_langs<'a>(&self, site: &'a Site) -> Vec<&'a str> {
        match (self, self.lang()) {
            (Render::Tag { .. } | Render::Audience { .. } | Render::NotFound { .. }, _)
            | (_, None) => Vec::new(),
            (_, Some(k)) => site
                .config
                .langs()
                .enumerate()
                .filter(|&(j, _)| j != k)
                .map(|(_, l)| l)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One file up to the limit; past it, an index and parts of at most the limit that
    /// together hold every entry once.
    #[test]
    fn sitemaps_split_past_the_limit_and_not_at_it() {
        assert_eq!(sitemaps(0, 3), [Render::Sitemap { part: None }]);
        assert_eq!(sitemaps(3, 3), [Render::Sitemap { part: None }]);
        let part = |n| Render::Sitemap {
            part: Some(SitemapPart { n, per: 3 }),
        };
        assert_eq!(
            sitemaps(4, 3),
            [Render::SitemapIndex { parts: 2 }, part(1), part(2)]
        );
        for total in [4_usize, 6, 7] {
            let ranges: Vec<_> = (1..=total.div_ceil(3))
                .map(|n| SitemapPart { n, per: 3 }.range(total))
                .collect();
            assert!(ranges.iter().all(|r| !r.is_empty() && r.len() <= 3));
            let covered: Vec<usize> = ranges.into_iter().flatten().collect();
            assert_eq!(covered, (0..total).collect::<Vec<_>>());
        }
    }
}
