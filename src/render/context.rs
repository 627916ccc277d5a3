//! The typed template context: what a template receives, as serializable structs (the contract
//! in docs/THEME.md). The same value is rendered by the theme and hashed into the output's
//! rebuild key, so the key cannot miss anything a template is given.
//!
//! Large values that are already template values (page summaries, bodies) enter the context
//! as wrappers that serialize the full value but hash only a fingerprint of it, which keeps
//! computing every key of a big site cheap.

use crate::model::page::Page;
use crate::model::site::{Site, Taxon};
use crate::render::campaign::{CampaignFeature, CampaignInfo, CampaignSections};
pub use crate::render::keyed::{Card, Href, Label, Text, record_reads};
use crate::render::qr::Qr;
use crate::render::summary::{CategoryCard, Summaries, category_card};
use crate::urls::{Route, page_count};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use tera::Value;

/// One language's UI strings: as the template value `t`, and as a map for the engine's own
/// lookups (a template value is slow to search).
#[derive(Debug, Clone)]
pub struct LangStrings {
    /// `t` in templates.
    pub value: Value,
    /// The same strings by key.
    pub map: rustc_hash::FxHashMap<String, String>,
}

/// UI strings per language.
pub type Strings = BTreeMap<String, LangStrings>;

/// What contexts are built from: the site, its page summaries and the UI strings.
#[derive(Clone, Copy)]
pub struct View<'a> {
    /// The site model.
    pub site: &'a Site,
    /// Every page's summary.
    pub summaries: &'a Summaries,
    /// UI strings per language.
    pub strings: &'a Strings,
    /// The plan's shape: which outputs the site has, and where ([`crate::pipeline::plan::shape`]).
    pub shape: u64,
}

/// A link with its text: breadcrumbs, menu entries.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Link<'a> {
    /// The text.
    pub title: Text<'a>,
    /// Where it goes.
    pub url: Href<'a>,
    /// The language of the page it goes to, when it is a content page (menu entries): it may
    /// differ from the reader's.
    pub lang: Option<&'a str>,
}

/// The page in another language: a translation of a content page, or the same listing.
#[derive(Debug, Serialize, Hash)]
pub struct Alternate<'a> {
    /// Its language.
    pub lang: &'a str,
    /// Its link.
    pub url: Href<'a>,
    /// Its absolute URL.
    pub permalink: Href<'a>,
}

/// One page of a paginated list.
#[derive(Debug, Serialize, Hash)]
pub struct Paginator<'a> {
    current: usize,
    total: usize,
    prev_url: Option<Href<'a>>,
    next_url: Option<Href<'a>>,
    pages: Vec<PageLink<'a>>,
}

#[derive(Debug, Serialize, Hash)]
struct PageLink<'a> {
    number: usize,
    url: Href<'a>,
    /// Whether page numbers are skipped before this one (shown as "…").
    gap_before: bool,
}

/// A tag or audience as its own page and the lists of them show it.
#[derive(Debug, Serialize, Hash)]
pub struct TaxonInfo<'a> {
    /// As first written.
    pub name: &'a str,
    /// Capitalised for display.
    pub label: Label<'a>,
    /// Its first page.
    url: Href<'a>,
    /// Lessons carrying it.
    count: usize,
}

/// A category with its lesson count, as the home page, lessons index and category page show it.
#[derive(Debug, Serialize, Hash)]
pub struct CategoryInfo<'a> {
    #[serde(flatten)]
    card: CategoryCard<'a>,
    description: &'a str,
    count: usize,
}

/// A category of the lessons index with its first lessons.
#[derive(Serialize, Hash)]
pub struct Group<'a> {
    category: Option<CategoryInfo<'a>>,
    lessons: Vec<Card<'a>>,
}

/// A content page's own value (`lesson`, `announcement` or `page` in templates): its summary
/// fields plus body, table of contents, key points, steps, quiz.
pub struct Body<'a> {
    summary: Card<'a>,
    page: &'a Page,
    html: Arc<str>,
    /// The site's fingerprint of the body: file and resolved links.
    body_fp: u64,
    expired: bool,
}

impl Serialize for Body<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.page;
        let mut map = s.serialize_map(None)?;
        if let Some(fields) = self.summary.value.as_map() {
            for (k, v) in fields {
                map.serialize_entry(&k.to_string(), v)?;
            }
        }
        map.serialize_entry("content", &*self.html)?;
        map.serialize_entry("toc", &p.body.toc)?;
        map.serialize_entry("key_points", &p.key_points)?;
        map.serialize_entry("steps", &p.steps)?;
        map.serialize_entry("quiz", &p.quiz)?;
        map.serialize_entry("expired", &self.expired)?;
        map.serialize_entry("word_count", &p.body.count.units())?;
        map.end()
    }
}

impl Hash for Body<'_> {
    /// The page's file and resolved links (its body fingerprint) decide everything serialized
    /// above, with the configuration and the theme's words, which are part of every key.
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.summary, self.body_fp, self.expired).hash(h);
    }
}

/// What an HTML page's template receives besides the shared variables and `t`.
#[derive(Serialize, Hash)]
pub struct PageContext<'a> {
    /// The page's language.
    pub lang: &'a str,
    /// The home page of that language.
    pub lang_root: Href<'a>,
    /// The kind of page, from the registry (`home`, `lesson`, `tag`…).
    pub kind: &'static str,
    /// This page's link.
    pub current_url: Href<'a>,
    /// This page's absolute URL.
    pub permalink: Href<'a>,
    /// Its title.
    pub page_title: Text<'a>,
    /// Its description for search engines.
    pub description: Text<'a>,
    /// From the home page to this one.
    pub breadcrumbs: Vec<Link<'a>>,
    /// Translations of this page.
    pub alternates: Vec<Alternate<'a>>,
    /// schema.org JSON-LD of a lesson or announcement, ready for a `<script>` element.
    pub json_ld: Option<crate::render::jsonld::JsonLd<'a>>,
    /// What only this kind of page has.
    #[serde(flatten)]
    pub data: PageData<'a>,
}

/// The variables particular to one kind of page.
#[derive(Serialize, Hash)]
#[serde(untagged)]
pub enum PageData<'a> {
    /// Nothing more (the 404 page).
    Nothing {},
    /// The home page.
    Home {
        /// Newest current announcements.
        latest_announcements: Vec<Card<'a>>,
        /// Newest lessons.
        newest_lessons: Vec<Card<'a>>,
        /// The campaigns running now, with their newest pages.
        campaigns: Vec<CampaignFeature<'a>>,
    },
    /// The lessons index.
    Lessons {
        /// One group per category.
        groups: Vec<Group<'a>>,
    },
    /// A page of a category.
    Category {
        /// The category.
        category: Option<CategoryInfo<'a>>,
        /// This page's lessons.
        lessons: Vec<Card<'a>>,
        /// Links to the other pages.
        paginator: Paginator<'a>,
    },
    /// A page of a tag.
    Tag {
        /// The tag.
        tag: TaxonInfo<'a>,
        /// This page's lessons.
        lessons: Vec<Card<'a>>,
        /// Links to the other pages.
        paginator: Paginator<'a>,
    },
    /// A page of an audience.
    Audience {
        /// The audience.
        audience: TaxonInfo<'a>,
        /// This page's lessons.
        lessons: Vec<Card<'a>>,
        /// Links to the other pages.
        paginator: Paginator<'a>,
    },
    /// Current announcements.
    Announcements {
        /// Newest first.
        announcements: Vec<Card<'a>>,
        /// The archive's link.
        archive_url: Href<'a>,
    },
    /// Expired announcements.
    Archive {
        /// Newest first.
        announcements: Vec<Card<'a>>,
    },
    /// The tags index.
    Tags {
        /// Every tag.
        tags: Vec<TaxonInfo<'a>>,
    },
    /// A lesson.
    Lesson {
        /// The lesson.
        lesson: Body<'a>,
        /// The previous lesson of its category.
        prev: Option<Card<'a>>,
        /// The next lesson of its category.
        next: Option<Card<'a>>,
        /// Its print poster's link; none without a poster.
        poster_url: Option<Href<'a>>,
    },
    /// An announcement.
    Announcement {
        /// The announcement.
        announcement: Body<'a>,
        /// Its CAP alert (shared by its translations).
        alert_url: Href<'a>,
    },
    /// A plain page.
    Page {
        /// The page.
        page: Body<'a>,
    },
    /// The search page of a language.
    Search {
        /// The search bundle's script, which the page's own script loads with a query.
        search_bundle: Href<'a>,
    },
    /// The campaigns index: `running`, `upcoming` and `ended`.
    Campaigns(CampaignSections<'a>),
    /// A campaign's page.
    Campaign {
        /// The campaign.
        campaign: CampaignInfo<'a>,
        /// Its lessons, newest first.
        lessons: Vec<Card<'a>>,
        /// Its current announcements, newest first.
        announcements: Vec<Card<'a>>,
        /// Its expired announcements, newest first.
        expired_announcements: Vec<Card<'a>>,
    },
    /// A lesson's one-page print poster.
    Poster {
        /// The lesson.
        lesson: Body<'a>,
        /// The lesson's link.
        lesson_url: Href<'a>,
        /// The lesson's absolute URL: what the QR code holds, also printed as text.
        lesson_permalink: Href<'a>,
        /// The QR code of `lesson_permalink`, inline SVG (`""` if the URL is too long).
        qr: Qr<'a>,
    },
}

/// Who an HTML page is: its kind, language, route, title and description.
pub struct PageId<'a> {
    /// The kind of page, from the registry.
    pub kind: &'static str,
    /// Its language.
    pub lang: &'a str,
    /// Where it lives.
    pub route: Route<'a>,
    /// Its title.
    pub title: Text<'a>,
    /// Its description for search engines.
    pub description: Text<'a>,
    /// The content page it shows, if it is one: its summary fingerprint then stands for its
    /// address.
    pub page: Option<usize>,
}

/// The page numbers a paginator links: the first, the last and two either side of the current.
pub fn page_window(current: usize, total: usize) -> Vec<usize> {
    let near = current.saturating_sub(2).max(1)..=(current + 2).min(total);
    let mut window: Vec<usize> = std::iter::once(1).chain(near).chain([total]).collect();
    window.dedup();
    window
}

impl<'a> View<'a> {
    /// A UI string of a language. The key must be one of
    /// [`ENGINE_KEYS`](crate::render::i18n::ENGINE_KEYS), which the theme check requires in
    /// every site language; a missing key (a bug) shows as the key.
    pub fn text(&self, lang: &str, key: &'static str) -> &'a str {
        debug_assert!(
            crate::render::i18n::is_engine_key(key),
            "`{key}` is not declared in i18n::ENGINE_KEYS"
        );
        self.strings
            .get(lang)
            .and_then(|s| s.map.get(key))
            .map_or(key, String::as_str)
    }

    /// The link to a route, written out when rendered.
    pub fn lazy_href(&self, route: Route<'a>) -> Href<'a> {
        Href {
            urls: &self.site.config.urls,
            route,
            absolute: false,
            fp: None,
        }
    }

    /// Page `i`'s title, or its summary, as context text.
    pub fn page_text(&self, i: usize, text: &'a str) -> Text<'a> {
        Text::Page {
            text,
            page: i,
            fp: self.summaries.fps[i],
        }
    }

    /// The link (or, `absolute`, the URL) to a route of page `i`'s own (its address, its
    /// poster's), covered in rebuild keys by the page's summary fingerprint.
    pub fn page_href(&self, i: usize, route: Route<'a>, absolute: bool) -> Href<'a> {
        Href {
            absolute,
            fp: Some((i, self.summaries.fps[i])),
            ..self.lazy_href(route)
        }
    }

    /// The absolute URL of a route, written out when rendered.
    pub fn permalink(&self, route: Route<'a>) -> Href<'a> {
        Href {
            absolute: true,
            ..self.lazy_href(route)
        }
    }

    /// Summaries of pages, in order.
    pub fn cards(&self, pages: impl IntoIterator<Item = &'a usize>) -> Vec<Card<'a>> {
        pages.into_iter().map(|&i| self.card(i)).collect()
    }

    /// The summary of page `i`.
    pub fn card(&self, i: usize) -> Card<'a> {
        Card {
            value: &self.summaries.values[i],
            fp: self.summaries.fps[i],
            page: i,
        }
    }

    /// A breadcrumb or menu link.
    pub fn link(&self, title: impl Into<Text<'a>>, route: Route<'a>) -> Link<'a> {
        Link {
            title: title.into(),
            url: self.lazy_href(route),
            lang: None,
        }
    }

    /// The context every HTML page starts from: its identity, breadcrumbs (home, then
    /// `crumbs`, then itself unless it is the home page) and no translations.
    pub fn page(
        &self,
        id: PageId<'a>,
        crumbs: impl IntoIterator<Item = Link<'a>>,
        data: PageData<'a>,
    ) -> PageContext<'a> {
        let PageId {
            kind,
            lang,
            route,
            title,
            description,
            page,
        } = id;
        let fp = page.map(|i| (i, self.summaries.fps[i]));
        let href = |absolute| Href {
            absolute,
            fp,
            ..self.lazy_href(route)
        };
        let home = Route::Home { lang };
        let mut breadcrumbs = Vec::new();
        if !matches!(route, Route::Home { .. }) {
            breadcrumbs.reserve(4);
            breadcrumbs.push(self.link(self.text(lang, "home"), home));
            breadcrumbs.extend(crumbs);
            breadcrumbs.push(Link {
                title: title.clone(),
                url: href(false),
                lang: None,
            });
        }
        PageContext {
            lang,
            lang_root: self.lazy_href(home),
            kind,
            permalink: href(true),
            current_url: href(false),
            page_title: title,
            description,
            breadcrumbs,
            alternates: Vec::new(),
            json_ld: None,
            data,
        }
    }

    /// Page `n` of a lesson list: its lessons and paginator; `route(k)` is page k's route.
    pub fn paged(
        &self,
        lessons: &'a [usize],
        n: usize,
        route: impl Fn(usize) -> Route<'a>,
    ) -> (Vec<Card<'a>>, Paginator<'a>) {
        let per = self.site.config.paginate;
        let total = page_count(lessons.len(), per);
        let cards = self.cards(lessons.iter().skip((n - 1) * per).take(per));
        let mut last = 0;
        let pages = page_window(n, total)
            .into_iter()
            .map(|k| {
                let link = PageLink {
                    number: k,
                    url: self.lazy_href(route(k)),
                    gap_before: k > last + 1,
                };
                last = k;
                link
            })
            .collect();
        let paginator = Paginator {
            current: n,
            total,
            prev_url: (n > 1).then(|| self.lazy_href(route(n - 1))),
            next_url: (n < total).then(|| self.lazy_href(route(n + 1))),
            pages,
        };
        (cards, paginator)
    }

    /// A category in `lang` with its lesson count there.
    pub fn category(&self, id: &str, lang: &'a str) -> Option<CategoryInfo<'a>> {
        let site = self.site;
        let c = site.config.category(id)?;
        Some(CategoryInfo {
            card: category_card(site, id, lang)?,
            description: c.description.get(lang),
            count: site.lists(lang).categories.get(id).map_or(0, Vec::len),
        })
    }

    /// The lessons index's groups in `lang`, with up to `per_group` lessons each.
    pub fn groups(&self, lang: &'a str, per_group: usize) -> Vec<Group<'a>> {
        let site = self.site;
        let lists = site.lists(lang);
        site.config
            .categories
            .iter()
            .map(|c| Group {
                category: self.category(&c.id, lang),
                lessons: self.cards(
                    lists
                        .categories
                        .get(&c.id)
                        .into_iter()
                        .flatten()
                        .take(per_group),
                ),
            })
            .collect()
    }

    /// A tag or audience with its lesson count, linking to its first page.
    pub fn named(
        &self,
        taxon: Option<&'a Taxon>,
        slug: &'a str,
        route: Route<'a>,
    ) -> TaxonInfo<'a> {
        let name = taxon.map_or(slug, |t| t.name.as_str());
        TaxonInfo {
            name,
            label: Label(name),
            url: self.lazy_href(route),
            count: taxon.map_or(0, |t| t.lessons.len()),
        }
    }

    /// Page `n` of a tag or audience: its link card, lessons and paginator; `route(k)` is
    /// page k's route.
    pub fn taxon(
        &self,
        taxon: Option<&'a Taxon>,
        slug: &'a str,
        n: usize,
        route: impl Fn(usize) -> Route<'a>,
    ) -> (TaxonInfo<'a>, Vec<Card<'a>>, Paginator<'a>) {
        let named = self.named(taxon, slug, route(1));
        let list = taxon.map_or(&[][..], |t| t.lessons.as_slice());
        let (lessons, paginator) = self.paged(list, n, route);
        (named, lessons, paginator)
    }

    /// Every tag or audience of `map`, with `route` giving each one's first page.
    pub fn taxa(
        &self,
        map: &'a BTreeMap<String, Taxon>,
        route: impl Fn(&'a str) -> Route<'a>,
    ) -> Vec<TaxonInfo<'a>> {
        map.iter()
            .map(|(slug, t)| self.named(Some(t), slug, route(slug)))
            .collect()
    }

    /// Page `i`'s own value.
    pub fn body(&self, i: usize) -> Body<'a> {
        let site = self.site;
        Body {
            summary: self.card(i),
            page: &site.pages[i],
            html: site.body_html(i, site.poster_route(i).is_some()),
            body_fp: site.bodies.fps[i],
            expired: site.is_expired(i),
        }
    }

    /// The version in `lang` at `route`; `page` is the content page it is, whose summary
    /// fingerprint then stands for its address.
    pub fn alternate(&self, lang: &'a str, route: Route<'a>, page: Option<usize>) -> Alternate<'a> {
        let fp = page.map(|j| (j, self.summaries.fps[j]));
        Alternate {
            lang,
            url: Href {
                fp,
                ..self.lazy_href(route)
            },
            permalink: Href {
                fp,
                ..self.permalink(route)
            },
        }
    }

    /// Translations of page `i`, itself excluded.
    pub fn alternates(&self, i: usize) -> Vec<Alternate<'a>> {
        let site = self.site;
        site.translations[i]
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| {
                let p = &site.pages[j];
                self.alternate(&p.lang, p.route(), Some(j))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paginator_window_keeps_ends_and_neighbours() {
        assert_eq!(page_window(1, 3), [1, 2, 3]);
        assert_eq!(page_window(10, 150), [1, 8, 9, 10, 11, 12, 150]);
        assert_eq!(page_window(1, 1), [1]);
    }
}
