//! What each output's template receives: [`Render::context`], by kind, and the values only
//! some kinds carry (content pages, posters, the sitemap's entries). The registry
//! ([`super::kinds`]) says which outputs exist and where; this module says what they show.

use super::kinds::{
    HOME_ANNOUNCEMENTS, HOME_CAMPAIGN_ITEMS, HOME_LESSONS, LESSONS_PER_GROUP, Render, SitemapPart,
    Spec, all,
};
use crate::model::page::PageKind;
use crate::outputs::cap::{self, AlertContext, CapFeedContext};
use crate::outputs::feeds::{self, FeedContext};
use crate::outputs::sitemap::{self, SitemapEntry};
use crate::render::context::{Link, PageContext, PageData, PageId, Text, View};
use crate::render::qr::Qr;
use crate::urls::Route;
use serde::Serialize;
use std::borrow::Cow;
use std::hash::Hash;

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
    /// The sitemap, or one part of it: `entries`.
    Sitemap {
        /// The pages the registry lists in the sitemap (those of its part).
        entries: SitemapEntries<'a>,
    },
    /// The sitemap index: `sitemaps`.
    SitemapIndex {
        /// Every part of the sitemap.
        sitemaps: SitemapFiles<'a>,
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

impl Render {
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
            Render::Sitemap { part } => OutputContext::Sitemap {
                entries: SitemapEntries(*view, *part),
            },
            Render::SitemapIndex { parts } => OutputContext::SitemapIndex {
                sitemaps: SitemapFiles(*view, *parts),
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

/// The sitemap's entries (of one part, or all), made only when rendered. Hashing them for a
/// rebuild key hashes what they are made from ([`hash_addresses`]), far cheaper than making
/// every entry of a big site.
pub struct SitemapEntries<'a>(View<'a>, Option<SitemapPart>);

impl Serialize for SitemapEntries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let listed = listed(&self.0);
        let range = self.1.map_or(0..listed.len(), |p| p.range(listed.len()));
        sitemap_entries(&self.0, &listed[range]).serialize(s)
    }
}

impl Hash for SitemapEntries<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.1.hash(h);
        hash_addresses(&self.0, h);
    }
}

/// Only what sitemap files show: which outputs they list, and where (the plan's shape), and
/// the pages' addresses and dates — a new title must not rewrite a sitemap of every page.
fn hash_addresses<H: std::hash::Hasher>(view: &View, h: &mut H) {
    view.shape.hash(h);
    view.summaries.addresses.hash(h);
}

/// The sitemap index's entries: each part's address. They carry no `lastmod`: parts are
/// slices of the sorted addresses, so a page added anywhere moves every later part's
/// boundary, and the newest date of a part would not tell a crawler that it changed.
pub struct SitemapFiles<'a>(View<'a>, usize);

/// One sitemap file as the sitemap index names it.
#[derive(Serialize)]
struct SitemapFile {
    /// Absolute URL.
    loc: String,
}

impl Serialize for SitemapFiles<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let SitemapFiles(view, parts) = *self;
        let urls = &view.site.config.urls;
        let files: Vec<SitemapFile> = (1..=parts)
            .map(|n| SitemapFile {
                loc: urls.permalink(Route::SitemapPart(n)),
            })
            .collect();
        files.serialize(s)
    }
}

impl Hash for SitemapFiles<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.1.hash(h);
    }
}

/// Every output the registry lists in the sitemap, sorted by address: its path, the output
/// and its content page, if it is one.
fn listed(view: &View) -> Vec<(String, Render, Option<usize>)> {
    let site = view.site;
    let mut listed: Vec<_> = all(site)
        .into_iter()
        .filter(Render::in_sitemap)
        .map(|r| {
            let page = match r {
                Render::Page(i) => Some(i),
                _ => None,
            };
            (site.config.urls.path(r.spec(site).route), r, page)
        })
        .collect();
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    listed
}

/// The sitemap entries of `listed` outputs, with the address of each of their versions.
fn sitemap_entries<'a>(
    view: &View<'a>,
    listed: &[(String, Render, Option<usize>)],
) -> Vec<SitemapEntry<'a>> {
    let site = view.site;
    let urls = &site.config.urls;
    listed
        .iter()
        .map(|(path, r, page)| {
            let versions: Vec<(&str, String)> = match *page {
                Some(i) => site.translations[i]
                    .iter()
                    .map(|&j| (site.pages[j].lang.as_str(), site.pages[j].path.clone()))
                    .collect(),
                None => {
                    let spec = r.spec(site);
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
            sitemap::entry(view, path, *page, versions)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::kinds::all_with;
    use crate::render::{self, Globals, Renderer};

    /// The `<loc>`s and `<lastmod>`s of a sitemap or sitemap index, and its root's name.
    fn locs(xml: &[u8]) -> (String, Vec<(String, Option<String>)>) {
        let text = std::str::from_utf8(xml).expect("UTF-8");
        let doc = roxmltree::Document::parse(text).expect("well-formed XML");
        let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some(ns));
        let child = |n: roxmltree::Node, name: &str| {
            n.children()
                .find(|c| c.has_tag_name((ns, name)))
                .and_then(|c| c.text())
                .map(str::to_string)
        };
        let entries = root
            .children()
            .filter(roxmltree::Node::is_element)
            .map(|e| (child(e, "loc").expect("loc"), child(e, "lastmod")))
            .collect();
        (root.tag_name().name().to_string(), entries)
    }

    /// A site with more URLs than one sitemap file may list gets a sitemap index at the
    /// sitemap's address, naming parts that list, in order and once each, what the single
    /// sitemap lists.
    #[test]
    fn a_sitemap_too_big_for_one_file_is_split_under_an_index() {
        let (_out, state) = crate::pipeline::fixture_build("basic");
        let site = &state.site;
        let strings = render::strings(site, &state.theme);
        let view = View {
            site,
            summaries: &state.summaries,
            strings: &strings,
            shape: state.plan.shape,
        };
        let globals: Globals = site
            .config
            .langs()
            .map(|l| (l.to_string(), render::globals(&view, &state.theme.icons, l)))
            .collect();
        let renderer = Renderer::new(&state.theme, &strings, &globals, &site.config.language);
        let make = |r: &Render| {
            let ctx = r.context(&view);
            let spec = r.spec(site);
            let bytes = renderer
                .render(spec.template, ctx.lang(), &ctx)
                .expect("renders");
            (site.config.urls.permalink(spec.route), locs(&bytes))
        };
        let sitemaps = |per| -> Vec<_> {
            all_with(site, per)
                .iter()
                .filter(|r| matches!(r, Render::Sitemap { .. } | Render::SitemapIndex { .. }))
                .map(make)
                .collect()
        };
        let single = sitemaps(crate::pipeline::kinds::SITEMAP_URLS);
        let [(url, (root, every))] = &single[..] else {
            panic!("one sitemap file: {single:?}")
        };
        assert_eq!(root, "urlset");
        assert!(url.ends_with("/sitemap.xml"), "{url}");
        let per = 3;
        assert!(
            every.len() > 2 * per,
            "{} URLs: too few to split",
            every.len()
        );
        let split = sitemaps(per);
        let (index_url, (root, index)) = &split[0];
        assert_eq!((index_url, root.as_str()), (url, "sitemapindex"));
        let parts = &split[1..];
        assert_eq!(parts.len(), every.len().div_ceil(per));
        assert_eq!(index.len(), parts.len());
        let mut listed = Vec::new();
        for (n, ((part_url, (root, entries)), (named, lastmod))) in
            parts.iter().zip(index).enumerate()
        {
            assert_eq!(root, "urlset");
            assert!(
                part_url.ends_with(&format!("/sitemap-{}.xml", n + 1)),
                "{part_url}"
            );
            assert_eq!((part_url, lastmod), (named, &None));
            assert!(entries.len() <= per && !entries.is_empty());
            listed.extend(entries.iter().cloned());
        }
        assert_eq!(&listed, every);
    }
}
