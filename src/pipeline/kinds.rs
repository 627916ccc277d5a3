//! The registry of output kinds: every kind of rendered output (home, lesson, category page N,
//! tag page N, feed, sitemap, 404, …) declared once — which outputs of it a site has
//! ([`all`]), its route, template and whether the sitemap lists it ([`Render::spec`]), and the
//! context its template receives ([`Render::context`]). Planning, rendering, the rebuild keys
//! and the sitemap all read these three functions; adding a kind of page is a variant, an arm
//! in each, and a template.

use crate::model::page::PageKind;
use crate::model::site::Site;
use crate::outputs::cap::{self, AlertContext, CapFeedContext};
use crate::outputs::feeds::{self, FeedContext};
use crate::outputs::sitemap::{self, SitemapEntry};
use crate::render::context::{Link, PageContext, PageData, PageId, Text, View};
use crate::render::qr::Qr;
use crate::urls::{Route, page_count};
use serde::Serialize;
use std::borrow::Cow;
use std::hash::Hash;

/// How many lessons per category the lessons index shows before "all lessons in …".
pub const LESSONS_PER_GROUP: usize = 6;
/// How many announcements the home page shows.
pub const HOME_ANNOUNCEMENTS: usize = 5;
/// How many lessons the home page shows.
pub const HOME_LESSONS: usize = 6;
/// How many of a running campaign's newest pages the home page shows.
pub const HOME_CAMPAIGN_ITEMS: usize = 4;

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
    /// The sitemap.
    Sitemap,
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

/// What a template receives, by kind of output. Built once per output and dropped after
/// rendering or hashing, so the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize, Hash)]
#[serde(untagged)]
pub enum OutputContext<'a> {
    /// An HTML page.
    Page(PageContext<'a>),
    /// An Atom feed.
    Feed(FeedContext<'a>),
    /// The sitemap: `entries`.
    Sitemap {
        /// Every page the registry lists in the sitemap.
        entries: SitemapEntries<'a>,
    },
    /// `robots.txt`: `sitemap_url`.
    Robots {
        /// The sitemap's absolute URL.
        sitemap_url: String,
    },
    /// A CAP alert.
    Alert(AlertContext<'a>),
    /// The Atom feed of CAP alerts.
    CapFeed(CapFeedContext<'a>),
}

impl OutputContext<'_> {
    /// The language whose UI strings (`t`) the template gets, if any.
    pub fn lang(&self) -> Option<&str> {
        match self {
            OutputContext::Page(p) => Some(p.lang),
            OutputContext::Feed(f) => Some(f.head.lang),
            _ => None,
        }
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
    /// Whether the sitemap lists it.
    pub sitemap: bool,
    /// Whether its context reads every page directly rather than through the fingerprinted
    /// wrappers that note which pages a key depends on: its key is then made every time.
    pub whole_site: bool,
}

/// Every rendered output of `site`, in a fixed order.
pub fn all(site: &Site) -> Vec<Render> {
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
    out.extend((0..site.pages.len()).map(Render::Page));
    out.extend(
        (0..site.pages.len())
            .filter(|&i| site.poster_route(i).is_some())
            .map(Render::Poster),
    );
    if site.config.search {
        out.extend((0..site.lists.len()).map(|lang| Render::Search { lang }));
    }
    out.extend([Render::Sitemap, Render::Robots]);
    out.extend(cap::alert_pages(site).map(Render::Alert));
    out.push(Render::CapFeed);
    out
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
            | Render::Sitemap
            | Render::Robots
            | Render::Alert(_)
            | Render::CapFeed
            | Render::Poster(_) => None,
        }
    }

    /// The output's route, template, kind name and sitemap listing.
    pub fn spec<'a>(&'a self, site: &'a Site) -> Spec<'a> {
        let lang = site.config.lang_at(self.lang().unwrap_or(0));
        let html = |route, template, kind| Spec {
            route,
            template,
            kind,
            sitemap: true,
            whole_site: false,
        };
        let file = |route, template| Spec {
            route,
            template,
            kind: "",
            sitemap: false,
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
            Render::Search { .. } => Spec {
                sitemap: false,
                ..html(Route::Search { lang }, "search.html", "search")
            },
            Render::NotFound { .. } => Spec {
                sitemap: false,
                ..html(Route::NotFound { lang }, "404.html", "404")
            },
            Render::Sitemap => file(Route::Sitemap, "sitemap.xml"),
            Render::Robots => file(Route::Robots, "robots.txt"),
            Render::Feed { .. } => file(Route::Feed { lang }, "feed.xml"),
            Render::AnnouncementsFeed { .. } => file(Route::AnnouncementsFeed { lang }, "feed.xml"),
            Render::Alert(i) => file(cap::alert_route(site, *i), "alert.xml"),
            Render::CapFeed => file(Route::CapFeed, "cap_feed.xml"),
            Render::Campaigns { .. } => {
                html(Route::Campaigns { lang }, "campaigns.html", "campaigns")
            }
            Render::Campaign { id, .. } => {
                html(Route::Campaign { lang, id }, "campaign.html", "campaign")
            }
            // A print copy of the lesson: its canonical link names the lesson, which the
            // sitemap lists instead.
            Render::Poster(i) => {
                let p = &site.pages[*i];
                let route = p.poster_route().unwrap_or(p.route());
                Spec {
                    sitemap: false,
                    ..html(route, "poster.html", "poster")
                }
            }
        }
    }

    /// Who claims the output, in words, for collision messages.
    pub fn describe(&self, site: &Site) -> String {
        let what = match self {
            Render::Page(i) => return site.pages[*i].source.display().to_string(),
            Render::Sitemap => return "the sitemap".into(),
            Render::Robots => return "robots.txt".into(),
            Render::Home { .. } => "the home page".into(),
            Render::Lessons { .. } => "the lessons index".into(),
            Render::Category { id, .. } => format!("category `{id}` in site.yaml"),
            Render::Tag { slug, .. } => format!("tag `{slug}`"),
            Render::Audience { slug, .. } => format!("audience `{slug}`"),
            Render::Announcements { .. } => "the announcements list".into(),
            Render::Archive { .. } => "the announcements archive".into(),
            Render::Tags { .. } => "the tags index".into(),
            Render::Search { .. } => "the search page".into(),
            Render::NotFound { .. } => "the 404 page".into(),
            Render::Feed { .. } => "the site feed".into(),
            Render::AnnouncementsFeed { .. } => "the announcements feed".into(),
            Render::Alert(i) => {
                return format!("the CAP alert of {}", site.pages[*i].source.display());
            }
            Render::CapFeed => return "the CAP feed".into(),
            Render::Campaigns { .. } => "the campaigns index".into(),
            Render::Campaign { id, .. } => format!("campaign `{id}` in site.yaml"),
            Render::Poster(i) => {
                return format!("the poster of {}", site.pages[*i].source.display());
            }
        };
        match self.lang() {
            Some(k) if site.lists.len() > 1 => format!("{what} ({})", site.config.lang_at(k)),
            _ => what,
        }
    }

    /// The other languages the same listing exists in, for language switches and
    /// `hreflang`. Tag and audience pages have none: their words belong to one language; nor
    /// has the 404 page, which is never an address of its own.
    fn other_langs<'a>(&self, site: &'a Site) -> Vec<&'a str> {
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

    /// What the output's template receives (besides the shared variables and `t`).
    pub fn context<'a>(&'a self, view: &View<'a>) -> OutputContext<'a> {
        let site = view.site;
        let spec = self.spec(site);
        let lang = site.config.lang_at(self.lang().unwrap_or(0));
        let lists = site.lists(lang);
        let t = |key: &'static str| view.text(lang, key);
        let config = &site.config;
        let page =
            |title: Cow<'a, str>, description: Cow<'a, str>, crumb: Option<Link<'a>>, data| {
                let id = PageId {
                    kind: spec.kind,
                    lang,
                    route: spec.route,
                    title: Text::Plain(title),
                    description: Text::Plain(description),
                    page: None,
                };
                let mut ctx = view.page(id, crumb, data);
                ctx.alternates = self
                    .other_langs(site)
                    .into_iter()
                    .map(|other| view.alternate(other, spec.route.in_lang(other), None))
                    .collect();
                OutputContext::Page(ctx)
            };
        let listed = |title: &'a str, data| page(title.into(), title.into(), None, data);
        match self {
            Render::Home { .. } => page(
                config.title.get(lang).into(),
                config.description.get(lang).into(),
                None,
                PageData::Home {
                    latest_announcements: view.cards(lists.current.iter().take(HOME_ANNOUNCEMENTS)),
                    newest_lessons: view.cards(lists.lessons.iter().take(HOME_LESSONS)),
                    campaigns: view.campaign_features(lang, HOME_CAMPAIGN_ITEMS),
                },
            ),
            Render::Lessons { .. } => page(
                t("all_lessons").into(),
                config.description.get(lang).into(),
                None,
                PageData::Lessons {
                    groups: view.groups(lang, LESSONS_PER_GROUP),
                },
            ),
            Render::Category { id, page: n, .. } => {
                let lessons = lists.categories.get(id).map_or(&[][..], Vec::as_slice);
                let info = view.category(id, lang);
                let name = config
                    .category(id)
                    .map_or(id.as_str(), |c| c.name.get(lang));
                let description = config.category(id).map_or("", |c| c.description.get(lang));
                let (lessons, paginator) =
                    view.paged(lessons, *n, |page| Route::Category { lang, id, page });
                page(
                    name.into(),
                    description.into(),
                    Some(view.link(t("lessons"), Route::Lessons { lang })),
                    PageData::Category {
                        category: info,
                        lessons,
                        paginator,
                    },
                )
            }
            Render::Tag { slug, page: n, .. } => {
                let route = |page| Route::Tag { lang, slug, page };
                let (tag, lessons, paginator) = view.taxon(lists.tags.get(slug), slug, *n, route);
                let title = format!("#{}", tag.name);
                let crumb = Some(view.link(t("tags"), Route::Tags { lang }));
                let data = PageData::Tag {
                    tag,
                    lessons,
                    paginator,
                };
                page(title.clone().into(), title.into(), crumb, data)
            }
            Render::Audience { slug, page: n, .. } => {
                let route = |page| Route::Audience { lang, slug, page };
                let (audience, lessons, paginator) =
                    view.taxon(lists.audiences.get(slug), slug, *n, route);
                let title = audience.label.to_string();
                let crumb = Some(view.link(t("lessons"), Route::Lessons { lang }));
                let data = PageData::Audience {
                    audience,
                    lessons,
                    paginator,
                };
                page(title.clone().into(), title.into(), crumb, data)
            }
            Render::Page(i) => OutputContext::Page(content_page(view, *i, spec.kind)),
            Render::Poster(i) => OutputContext::Page(poster_page(view, *i, spec)),
            Render::Announcements { .. } => listed(
                t("announcements"),
                PageData::Announcements {
                    announcements: view.cards(&lists.current),
                    archive_url: view.lazy_href(Route::Archive { lang }),
                },
            ),
            Render::Archive { .. } => {
                let title = t("archive");
                page(
                    title.into(),
                    title.into(),
                    Some(view.link(t("announcements"), Route::Announcements { lang })),
                    PageData::Archive {
                        announcements: view.cards(&lists.archived),
                    },
                )
            }
            Render::Tags { .. } => listed(
                t("tags"),
                PageData::Tags {
                    tags: view.taxa(&lists.tags, |slug| Route::Tag {
                        lang,
                        slug,
                        page: 1,
                    }),
                },
            ),
            Render::Search { .. } => listed(
                t("search_title"),
                PageData::Search {
                    search_bundle: view.lazy_href(Route::File(crate::search::BUNDLE_SCRIPT)),
                },
            ),
            Render::NotFound { .. } => listed(t("not_found_title"), PageData::Nothing {}),
            Render::Sitemap => OutputContext::Sitemap {
                entries: SitemapEntries(*view),
            },
            Render::Robots => OutputContext::Robots {
                sitemap_url: config.urls.permalink(Route::Sitemap),
            },
            Render::Feed { .. } => OutputContext::Feed(feeds::feed(
                view,
                lang,
                config.title.get(lang).into(),
                spec.route,
                Route::Home { lang },
                &feeds::site_feed_entries(site, lang),
            )),
            Render::AnnouncementsFeed { .. } => OutputContext::Feed(feeds::feed(
                view,
                lang,
                t("announcements_feed_title")
                    .replace("{site}", config.title.get(lang))
                    .into(),
                spec.route,
                Route::Announcements { lang },
                &feeds::announcements_feed_entries(site, lang),
            )),
            Render::Alert(i) => OutputContext::Alert(cap::alert(view, *i)),
            Render::CapFeed => OutputContext::CapFeed(cap::feed(view)),
            Render::Campaigns { .. } => listed(
                t("campaigns"),
                PageData::Campaigns(view.campaign_sections(lang)),
            ),
            Render::Campaign { id, .. } => match config.campaign(id) {
                Some(c) => {
                    let name = c.name.get(lang);
                    let description = Some(c.description.get(lang)).filter(|d| !d.is_empty());
                    let crumb = view.link(t("campaigns"), Route::Campaigns { lang });
                    let data = view.campaign_page(c, lang);
                    page(
                        name.into(),
                        description.unwrap_or(name).into(),
                        Some(crumb),
                        data,
                    )
                }
                None => listed(t("campaigns"), PageData::Nothing {}),
            },
        }
    }
}

/// The context of a lesson, announcement or plain page.
fn content_page<'a>(view: &View<'a>, i: usize, kind: &'static str) -> PageContext<'a> {
    let site = view.site;
    let p = &site.pages[i];
    let lang = p.lang.as_str();
    let t = |key: &'static str| view.text(lang, key);
    // At most two crumbs between home and the page: no list to allocate for them.
    let mut crumbs: [Option<Link<'a>>; 2] = [None, None];
    let data = match p.kind {
        PageKind::Lesson => {
            crumbs[0] = Some(view.link(t("lessons"), Route::Lessons { lang }));
            if let Some(c) = p.category.as_ref().and_then(|c| site.config.category(c)) {
                let route = Route::Category {
                    lang,
                    id: &c.id,
                    page: 1,
                };
                crumbs[1] = Some(view.link(c.name.get(lang), route));
            }
            let (prev, next) = site.neighbours.get(i).copied().unwrap_or((None, None));
            PageData::Lesson {
                lesson: view.body(i),
                prev: prev.map(|j| view.card(j)),
                next: next.map(|j| view.card(j)),
                poster_url: site.poster_route(i).map(|r| view.page_href(i, r, false)),
            }
        }
        PageKind::Announcement => {
            crumbs[0] = Some(view.link(t("announcements"), Route::Announcements { lang }));
            if site.is_expired(i) {
                crumbs[1] = Some(view.link(t("archive"), Route::Archive { lang }));
            }
            PageData::Announcement {
                announcement: view.body(i),
                alert_url: view.lazy_href(cap::alert_route(site, i)),
            }
        }
        PageKind::Page => PageData::Page { page: view.body(i) },
    };
    let id = PageId {
        kind,
        lang,
        route: p.route(),
        title: view.page_text(i, &p.title),
        description: view.page_text(i, &p.description),
        page: Some(i),
    };
    let mut ctx = view.page(id, crumbs.into_iter().flatten(), data);
    ctx.alternates = view.alternates(i);
    ctx.json_ld = crate::render::jsonld::of(view, i);
    ctx
}

/// The context of lesson `i`'s poster: the lesson, its links and its QR code; the lesson's
/// breadcrumb before it, no translations (a print copy is not an address of its own).
fn poster_page<'a>(view: &View<'a>, i: usize, spec: Spec<'a>) -> PageContext<'a> {
    let p = &view.site.pages[i];
    let lang = p.lang.as_str();
    let lesson_url = view.page_href(i, p.route(), false);
    let lesson_permalink = view.page_href(i, p.route(), true);
    let id = PageId {
        kind: spec.kind,
        lang,
        route: spec.route,
        title: view.page_text(i, &p.title),
        description: view.page_text(i, &p.description),
        page: Some(i),
    };
    let crumb = Link {
        title: view.page_text(i, &p.title),
        url: lesson_url,
        lang: None,
    };
    let data = PageData::Poster {
        lesson: view.body(i),
        lesson_url,
        lesson_permalink,
        qr: Qr(lesson_permalink),
    };
    view.page(id, [crumb], data)
}

/// Every output the registry lists in the sitemap, sorted by address.
/// The sitemap's entries, made only when rendered. Hashing them for a rebuild key hashes what
/// they are made from — the registry's outputs and every page's address and dates — far
/// cheaper than making every entry of a big site.
pub struct SitemapEntries<'a>(View<'a>);

impl Serialize for SitemapEntries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        sitemap_entries(&self.0).serialize(s)
    }
}

impl Hash for SitemapEntries<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        // Only what the entries show: a new title must not rewrite a sitemap of every page.
        let site = self.0.site;
        all(site).hash(h);
        for p in &site.pages {
            (&p.path, p.date, p.updated).hash(h);
        }
    }
}

fn sitemap_entries<'a>(view: &View<'a>) -> Vec<SitemapEntry<'a>> {
    let site = view.site;
    let urls = &site.config.urls;
    let outputs = all(site);
    // Each listed output's path, page and the (language, path) of every version of it.
    type Listed<'s> = (String, Option<usize>, Vec<(&'s str, String)>);
    let mut entries: Vec<Listed> = outputs
        .iter()
        .filter_map(|r| {
            let spec = r.spec(site);
            if !spec.sitemap {
                return None;
            }
            let page = match r {
                Render::Page(i) => Some(*i),
                _ => None,
            };
            let versions: Vec<(&str, String)> = match page {
                Some(i) => site.translations[i]
                    .iter()
                    .map(|&j| (site.pages[j].lang.as_str(), site.pages[j].path.clone()))
                    .collect(),
                None => {
                    let others = r.other_langs(site);
                    let lang = site.config.lang_at(r.lang().unwrap_or(0));
                    match others.is_empty() {
                        true => Vec::new(),
                        false => std::iter::once(lang)
                            .chain(others)
                            .map(|l| (l, urls.path(spec.route.in_lang(l))))
                            .collect(),
                    }
                }
            };
            Some((urls.path(spec.route), page, versions))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
        .into_iter()
        .map(|(path, page, versions)| sitemap::entry(view, &path, page, versions))
        .collect()
}
