//! The registry of output kinds: every kind of rendered output (home, lesson, category page N,
//! tag page N, feed, sitemap, 404, …) declared once — which outputs of it a site has
//! ([`all`]), its route, template and whether the sitemap lists it ([`Render::spec`]), and the
//! context its template receives ([`Render::context`]). Planning, rendering, the rebuild keys
//! and the sitemap all read these three functions; adding a kind of page is a variant, an arm
//! in each, and a template.

use crate::model::page::PageKind;
use crate::model::site::Site;
use crate::outputs::feeds::{self, FeedContext};
use crate::outputs::sitemap::{self, SitemapEntry};
use crate::render::context::{Link, PageContext, PageData, PageId, Text, View};
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

/// One rendered output: its kind and what picks it out among outputs of that kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Render {
    /// The home page.
    Home,
    /// The lessons index.
    Lessons,
    /// Page `page` (1-based) of a category.
    Category {
        /// Category id.
        id: String,
        /// 1-based page number.
        page: usize,
    },
    /// A lesson, announcement or plain page, by page index.
    Page(usize),
    /// Current announcements.
    Announcements,
    /// Expired announcements.
    Archive,
    /// The tags index.
    Tags,
    /// Page `page` of a tag.
    Tag {
        /// Tag slug.
        slug: String,
        /// 1-based page number.
        page: usize,
    },
    /// Page `page` of an audience.
    Audience {
        /// Audience slug.
        slug: String,
        /// 1-based page number.
        page: usize,
    },
    /// The search page of a language (sites with search).
    Search {
        /// Language code.
        lang: String,
    },
    /// The page for addresses that do not exist.
    NotFound,
    /// The sitemap.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// The Atom feed of announcements and lessons.
    Feed,
    /// The Atom feed of current announcements.
    AnnouncementsFeed,
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
}

impl OutputContext<'_> {
    /// The language whose UI strings (`t`) the template gets, if any.
    pub fn lang(&self) -> Option<&str> {
        match self {
            OutputContext::Page(p) => Some(p.lang),
            OutputContext::Feed(f) => Some(f.lang),
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
    let mut out = Vec::with_capacity(site.pages.len() * 2);
    out.extend([Render::Home, Render::Lessons]);
    for (id, lessons) in &site.categories {
        out.extend(pages(lessons.len()).map(|page| Render::Category {
            id: id.clone(),
            page,
        }));
    }
    out.extend([Render::Announcements, Render::Archive, Render::Tags]);
    for (slug, t) in &site.tags {
        out.extend(pages(t.lessons.len()).map(|page| Render::Tag {
            slug: slug.clone(),
            page,
        }));
    }
    for (slug, t) in &site.audiences {
        out.extend(pages(t.lessons.len()).map(|page| Render::Audience {
            slug: slug.clone(),
            page,
        }));
    }
    out.extend((0..site.pages.len()).map(Render::Page));
    if site.config.search {
        let langs = std::iter::once(&site.config.language).chain(&site.config.languages);
        out.extend(langs.map(|lang| Render::Search { lang: lang.clone() }));
    }
    out.extend([
        Render::NotFound,
        Render::Sitemap,
        Render::Robots,
        Render::Feed,
        Render::AnnouncementsFeed,
    ]);
    out
}

impl Render {
    /// The output's route, template, kind name and sitemap listing.
    pub fn spec<'a>(&'a self, site: &'a Site) -> Spec<'a> {
        let lang = site.config.language.as_str();
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
            Render::Home => html(Route::Home { lang }, "index.html", "home"),
            Render::Lessons => html(Route::Lessons { lang }, "lessons.html", "lessons"),
            Render::Category { id, page } => html(
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
            Render::Announcements => html(
                Route::Announcements { lang },
                "announcements.html",
                "announcements",
            ),
            Render::Archive => html(Route::Archive { lang }, "archive.html", "archive"),
            Render::Tags => html(Route::Tags { lang }, "tags.html", "tags"),
            Render::Tag { slug, page } => html(
                Route::Tag {
                    lang,
                    slug,
                    page: *page,
                },
                "tag.html",
                "tag",
            ),
            Render::Audience { slug, page } => html(
                Route::Audience {
                    lang,
                    slug,
                    page: *page,
                },
                "audience.html",
                "audience",
            ),
            Render::Search { lang } => Spec {
                sitemap: false,
                ..html(Route::Search { lang }, "search.html", "search")
            },
            Render::NotFound => Spec {
                sitemap: false,
                ..html(Route::NotFound, "404.html", "404")
            },
            Render::Sitemap => file(Route::Sitemap, "sitemap.xml"),
            Render::Robots => file(Route::Robots, "robots.txt"),
            Render::Feed => file(Route::Feed { lang }, "feed.xml"),
            Render::AnnouncementsFeed => file(Route::AnnouncementsFeed { lang }, "feed.xml"),
        }
    }

    /// Who claims the output, in words, for collision messages.
    pub fn describe(&self, site: &Site) -> String {
        match self {
            Render::Page(i) => site.pages[*i].source.display().to_string(),
            Render::Home => "the home page".into(),
            Render::Lessons => "the lessons index".into(),
            Render::Category { id, .. } => format!("category `{id}` in site.yaml"),
            Render::Tag { slug, .. } => format!("tag `{slug}`"),
            Render::Audience { slug, .. } => format!("audience `{slug}`"),
            Render::Announcements => "the announcements list".into(),
            Render::Archive => "the announcements archive".into(),
            Render::Tags => "the tags index".into(),
            Render::Search { lang } => format!("the search page in `{lang}`"),
            Render::NotFound => "the 404 page".into(),
            Render::Sitemap => "the sitemap".into(),
            Render::Robots => "robots.txt".into(),
            Render::Feed => "the site feed".into(),
            Render::AnnouncementsFeed => "the announcements feed".into(),
        }
    }

    /// What the output's template receives (besides the shared variables and `t`).
    pub fn context<'a>(&'a self, view: &View<'a>) -> OutputContext<'a> {
        let site = view.site;
        let spec = self.spec(site);
        let lang = view.main_lang();
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
                let ctx = view.page(id, crumb, data);
                OutputContext::Page(ctx)
            };
        let listed = |title: &'a str, data| page(title.into(), title.into(), None, data);
        match self {
            Render::Home => page(
                config.title.as_str().into(),
                config.description.as_str().into(),
                None,
                PageData::Home {
                    latest_announcements: view.cards(site.current.iter().take(HOME_ANNOUNCEMENTS)),
                    newest_lessons: view.cards(site.lessons.iter().take(HOME_LESSONS)),
                },
            ),
            Render::Lessons => page(
                t("all_lessons").into(),
                config.description.as_str().into(),
                None,
                PageData::Lessons {
                    groups: view.groups(LESSONS_PER_GROUP),
                },
            ),
            Render::Category { id, page: n } => {
                let lessons = site.categories.get(id).map_or(&[][..], Vec::as_slice);
                let info = view.category(id);
                let name = config.category(id).map_or(id.as_str(), |c| c.name.as_str());
                let description = config.category(id).map_or("", |c| c.description.as_str());
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
            Render::Tag { slug, page: n } => {
                let route = |page| Route::Tag { lang, slug, page };
                let (tag, lessons, paginator) = view.taxon(site.tags.get(slug), slug, *n, route);
                let title = format!("#{}", tag.name);
                let crumb = Some(view.link(t("tags"), Route::Tags { lang }));
                let data = PageData::Tag {
                    tag,
                    lessons,
                    paginator,
                };
                page(title.clone().into(), title.into(), crumb, data)
            }
            Render::Audience { slug, page: n } => {
                let route = |page| Route::Audience { lang, slug, page };
                let (audience, lessons, paginator) =
                    view.taxon(site.audiences.get(slug), slug, *n, route);
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
            Render::Announcements => listed(
                t("announcements"),
                PageData::Announcements {
                    announcements: view.cards(&site.current),
                    archive_url: view.lazy_href(Route::Archive { lang }),
                },
            ),
            Render::Archive => {
                let title = t("archive");
                page(
                    title.into(),
                    title.into(),
                    Some(view.link(t("announcements"), Route::Announcements { lang })),
                    PageData::Archive {
                        announcements: view.cards(&site.archived),
                    },
                )
            }
            Render::Tags => listed(
                t("tags"),
                PageData::Tags {
                    tags: view.taxa(&site.tags, |slug| Route::Tag {
                        lang,
                        slug,
                        page: 1,
                    }),
                },
            ),
            Render::Search { lang } => OutputContext::Page(search_page(view, lang, spec)),
            Render::NotFound => listed(t("not_found_title"), PageData::Nothing {}),
            Render::Sitemap => OutputContext::Sitemap {
                entries: SitemapEntries(*view),
            },
            Render::Robots => OutputContext::Robots {
                sitemap_url: config.urls.permalink(Route::Sitemap),
            },
            Render::Feed => OutputContext::Feed(feeds::feed(
                view,
                lang,
                config.title.as_str().into(),
                spec.route,
                Route::Home { lang },
                &feeds::site_feed_entries(site),
            )),
            Render::AnnouncementsFeed => OutputContext::Feed(feeds::feed(
                view,
                lang,
                t("announcements_feed_title")
                    .replace("{site}", &config.title)
                    .into(),
                spec.route,
                Route::Announcements { lang },
                &site.current,
            )),
        }
    }
}

/// The context of the search page in `lang`.
fn search_page<'a>(view: &View<'a>, lang: &'a str, spec: Spec<'a>) -> PageContext<'a> {
    let title = view.text(lang, "search_title");
    let id = PageId {
        kind: spec.kind,
        lang,
        route: spec.route,
        title: Text::Plain(title.into()),
        description: Text::Plain(title.into()),
        page: None,
    };
    let data = PageData::Search {
        search_bundle: view.lazy_href(Route::File(crate::search::BUNDLE_SCRIPT)),
    };
    view.page(id, None, data)
}

/// The context of a lesson, announcement or plain page.
fn content_page<'a>(view: &View<'a>, i: usize, kind: &'static str) -> PageContext<'a> {
    let site = view.site;
    let p = &site.pages[i];
    let lang = p.lang.as_str();
    let main = view.main_lang();
    let t = |key: &'static str| view.text(lang, key);
    // At most two crumbs between home and the page: no list to allocate for them.
    let mut crumbs: [Option<Link<'a>>; 2] = [None, None];
    let data = match p.kind {
        PageKind::Lesson => {
            crumbs[0] = Some(view.link(t("lessons"), Route::Lessons { lang: main }));
            if let Some(c) = p.category.as_ref().and_then(|c| site.config.category(c)) {
                let route = Route::Category {
                    lang: main,
                    id: &c.id,
                    page: 1,
                };
                crumbs[1] = Some(view.link(c.name.as_str(), route));
            }
            let (prev, next) = site.neighbours.get(i).copied().unwrap_or((None, None));
            PageData::Lesson {
                lesson: view.body(i),
                prev: prev.map(|j| view.card(j)),
                next: next.map(|j| view.card(j)),
            }
        }
        PageKind::Announcement => {
            crumbs[0] = Some(view.link(t("announcements"), Route::Announcements { lang: main }));
            if site.is_expired(i) {
                crumbs[1] = Some(view.link(t("archive"), Route::Archive { lang: main }));
            }
            PageData::Announcement {
                announcement: view.body(i),
            }
        }
        PageKind::Page => PageData::Page { page: view.body(i) },
    };
    let id = PageId {
        kind,
        lang,
        route: p.route(),
        title: view.page_text(i, &p.title),
        description: view.page_text(i, &p.summary),
        page: Some(i),
    };
    let mut ctx = view.page(id, crumbs.into_iter().flatten(), data);
    ctx.alternates = view.alternates(i);
    ctx
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
    let mut entries: Vec<(String, Option<usize>)> = all(site)
        .iter()
        .filter_map(|r| {
            let spec = r.spec(site);
            let page = match r {
                Render::Page(i) => Some(*i),
                _ => None,
            };
            spec.sitemap.then(|| (urls.path(spec.route), page))
        })
        .collect();
    entries.sort();
    entries
        .iter()
        .map(|(path, page)| sitemap::entry(view, path, *page))
        .collect()
}
