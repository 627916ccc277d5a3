//! Rendering one planned output to bytes: builds the template context described in
//! docs/THEME.md and runs the theme. Never writes files.

pub mod deps;
pub mod layers;
pub mod summary;
pub mod theme;

use crate::error::Result;
use crate::model::page::PageKind;
use crate::model::site::{Site, Taxon};
use crate::outputs::{feeds, sitemap};
use crate::pipeline::plan::{Render, page_count, page_url};
use crate::render::summary::{Named, Summaries, label};
use crate::render::theme::Theme;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use tera::{Context, Value};

/// How many lessons per category the lessons index shows before "all lessons in …".
pub const LESSONS_PER_GROUP: usize = 6;
/// How many announcements and lessons the home page shows.
pub const HOME_ANNOUNCEMENTS: usize = 5;
/// See [`HOME_ANNOUNCEMENTS`].
pub const HOME_LESSONS: usize = 6;

/// Renders outputs of one site with one theme.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    base: Context,
    strings: BTreeMap<String, Value>,
    summaries: &'a Summaries,
}

#[derive(Serialize, Hash)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    languages: &'a [String],
    timezone: &'a str,
}

/// A category with its lesson count, as the home page, lessons index and category page show it.
#[derive(Serialize, Hash)]
struct CategoryInfo<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    icon: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize, Hash)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    url: String,
}

/// One page of a paginated list.
#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    /// Whether page numbers are skipped before this one (shown as "…").
    gap_before: bool,
}

/// The page numbers a paginator links: the first, the last and two either side of the current.
pub fn page_window(current: usize, total: usize) -> Vec<usize> {
    (1..=total)
        .filter(|&k| k == 1 || k == total || k.abs_diff(current) <= 2)
        .collect()
}

fn category_info<'s>(site: &'s Site, id: &str) -> Option<CategoryInfo<'s>> {
    let c = site.config.category(id)?;
    Some(CategoryInfo {
        id: &c.id,
        name: &c.name,
        description: &c.description,
        icon: &c.icon,
        url: format!("/lessons/{}/", c.id),
        count: site.categories.get(id).map_or(0, Vec::len),
    })
}

fn taxa(map: &BTreeMap<String, Taxon>, prefix: &str) -> Vec<Named> {
    map.iter()
        .map(|(slug, t)| Named {
            name: t.name.clone(),
            label: label(&t.name),
            url: format!("/{prefix}/{slug}/"),
            count: t.lessons.len(),
        })
        .collect()
}

fn crumb(title: &str, url: &str) -> Link {
    Link {
        title: title.to_string(),
        url: url.to_string(),
    }
}

impl<'a> Renderer<'a> {
    /// Prepares the contexts shared by every output of `site`.
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        summaries: &'a Summaries,
        globals: &[Global],
    ) -> Self {
        let config = &site.config;
        let mut base = Context::new();
        for (name, value, _) in globals {
            base.insert_value(*name, value.clone());
        }
        let mut strings = BTreeMap::new();
        for lang in std::iter::once(&config.language).chain(&config.languages) {
            strings.insert(lang.clone(), Value::from_serializable(&theme.strings(lang)));
        }
        Renderer {
            site,
            theme,
            base,
            strings,
            summaries,
        }
    }

    /// Renders one output to bytes.
    pub fn render(&self, what: &Render) -> Result<Vec<u8>> {
        let site = self.site;
        let t = |key: &str| self.text(&site.config.language, key);
        let (template, ctx) = match what {
            Render::Home => {
                let config = &site.config;
                let mut ctx =
                    self.page_ctx("home", "/", &config.title, &config.description, vec![]);
                let current = site.current.iter().take(HOME_ANNOUNCEMENTS);
                ctx.insert("latest_announcements", &self.list(current));
                ctx.insert(
                    "newest_lessons",
                    &self.list(site.lessons.iter().take(HOME_LESSONS)),
                );
                ("index.html", ctx)
            }
            Render::Lessons => {
                let title = t("all_lessons");
                let description = &site.config.description;
                let mut ctx = self.page_ctx("lessons", "/lessons/", &title, description, vec![]);
                let groups: Vec<BTreeMap<&str, Value>> = site
                    .config
                    .categories
                    .iter()
                    .map(|c| {
                        let lessons = site.categories.get(&c.id).into_iter().flatten();
                        BTreeMap::from([
                            (
                                "category",
                                Value::from_serializable(&category_info(site, &c.id)),
                            ),
                            (
                                "lessons",
                                Value::from_serializable(
                                    &self.list(lessons.take(LESSONS_PER_GROUP)),
                                ),
                            ),
                        ])
                    })
                    .collect();
                ctx.insert("groups", &groups);
                ("lessons.html", ctx)
            }
            Render::Category { id, page } => {
                let lessons = site.categories.get(id).map(Vec::as_slice).unwrap_or(&[]);
                let info = category_info(site, id);
                let name = info.as_ref().map_or(id.as_str(), |c| c.name);
                let description = info.as_ref().map_or("", |c| c.description);
                let crumbs = vec![crumb(&t("lessons"), "/lessons/")];
                let base = format!("/lessons/{id}/");
                let mut ctx =
                    self.paged_ctx("category", &base, *page, lessons, name, description, crumbs);
                ctx.insert("category", &info);
                ("category.html", ctx)
            }
            Render::Tag { slug, page } => self.taxon("tag", slug, *page, &site.tags),
            Render::Audience { slug, page } => self.taxon("audience", slug, *page, &site.audiences),
            Render::Page(i) => return self.page(*i),
            Render::Announcements => {
                let title = t("announcements");
                let mut ctx =
                    self.page_ctx("announcements", "/announcements/", &title, &title, vec![]);
                ctx.insert("announcements", &self.list(site.current.iter()));
                ctx.insert("archive_url", "/announcements/archive/");
                ("announcements.html", ctx)
            }
            Render::Archive => {
                let title = t("archive");
                let crumbs = vec![crumb(&t("announcements"), "/announcements/")];
                let url = "/announcements/archive/";
                let mut ctx = self.page_ctx("archive", url, &title, &title, crumbs);
                ctx.insert("announcements", &self.list(site.archived.iter()));
                ("archive.html", ctx)
            }
            Render::Tags => {
                let title = t("tags");
                let mut ctx = self.page_ctx("tags", "/tags/", &title, &title, vec![]);
                ctx.insert("tags", &taxa(&site.tags, "tags"));
                ("tags.html", ctx)
            }
            Render::NotFound => {
                let title = t("not_found_title");
                (
                    "404.html",
                    self.page_ctx("404", "/404.html", &title, &title, vec![]),
                )
            }
            Render::Sitemap => return Ok(sitemap::render(site).into_bytes()),
            Render::Robots => return Ok(robots(site).into_bytes()),
            Render::Feed => return Ok(feeds::site_feed(site).into_bytes()),
            Render::AnnouncementsFeed => return Ok(feeds::announcements_feed(site).into_bytes()),
        };
        self.theme.render(template, &ctx).map(String::into_bytes)
    }

    fn text(&self, lang: &str, key: &str) -> String {
        self.strings
            .get(lang)
            .and_then(|v| v.get_from_path(key))
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| key.replace('_', " "))
    }

    fn list<'i>(&self, pages: impl Iterator<Item = &'i usize>) -> Vec<&Value> {
        pages.map(|&i| &self.summaries.values[i]).collect()
    }

    /// The context of a main-language page that is not a content page.
    fn page_ctx(
        &self,
        kind: &str,
        url: &str,
        title: &str,
        description: &str,
        mut crumbs: Vec<Link>,
    ) -> Context {
        if kind != "home" {
            crumbs.push(crumb(title, url));
        }
        self.ctx_for(
            &self.site.config.language,
            kind,
            url,
            title,
            description,
            crumbs,
        )
    }

    /// The context every page gets: globals plus this page's identity.
    fn ctx_for(
        &self,
        lang: &str,
        kind: &str,
        url: &str,
        title: &str,
        description: &str,
        crumbs: Vec<Link>,
    ) -> Context {
        let mut ctx = self.base.clone();
        ctx.insert("lang", lang);
        // Listing pages exist in the main language only, so every language links to them.
        ctx.insert("lang_root", "/");
        if let Some(t) = self.strings.get(lang) {
            ctx.insert_value("t", t.clone());
        }
        ctx.insert("kind", kind);
        ctx.insert("current_url", url);
        ctx.insert("permalink", &format!("{}{url}", self.site.config.base_url));
        ctx.insert("page_title", title);
        ctx.insert("description", description);
        let mut all = Vec::new();
        if kind != "home" {
            all.push(crumb(&self.text(lang, "home"), "/"));
            all.extend(crumbs);
        }
        ctx.insert("breadcrumbs", &all);
        ctx.insert("alternates", &Vec::<Alternate>::new());
        ctx
    }

    /// The context of page `n` of a paginated lesson list at `base`.
    #[allow(clippy::too_many_arguments)]
    fn paged_ctx(
        &self,
        kind: &str,
        base: &str,
        n: usize,
        lessons: &[usize],
        title: &str,
        description: &str,
        crumbs: Vec<Link>,
    ) -> Context {
        let per = self.site.config.paginate;
        let total = page_count(lessons.len(), per);
        let url = page_url(base, n);
        let mut ctx = self.page_ctx(kind, &url, title, description, crumbs);
        ctx.insert(
            "lessons",
            &self.list(lessons.iter().skip((n - 1) * per).take(per)),
        );
        let paginator = Paginator {
            current: n,
            total,
            prev_url: (n > 1).then(|| page_url(base, n - 1)),
            next_url: (n < total).then(|| page_url(base, n + 1)),
            pages: {
                let window = page_window(n, total);
                let mut last = 0;
                window
                    .into_iter()
                    .map(|k| {
                        let link = PageLink {
                            number: k,
                            url: page_url(base, k),
                            gap_before: k > last + 1,
                        };
                        last = k;
                        link
                    })
                    .collect()
            },
        };
        ctx.insert("paginator", &paginator);
        ctx
    }

    fn taxon(
        &self,
        kind: &'static str,
        slug: &str,
        n: usize,
        map: &BTreeMap<String, Taxon>,
    ) -> (&'static str, Context) {
        let lang = &self.site.config.language;
        let prefix = if kind == "tag" { "tags" } else { "audience" };
        let taxon = map.get(slug);
        let name = taxon.map_or(slug.to_string(), |t| t.name.clone());
        let lessons = taxon.map(|t| t.lessons.as_slice()).unwrap_or(&[]);
        let title = if kind == "tag" {
            format!("#{name}")
        } else {
            label(&name)
        };
        let (parent, parent_url) = if kind == "tag" {
            (self.text(lang, "tags"), "/tags/")
        } else {
            (self.text(lang, "lessons"), "/lessons/")
        };
        let base = format!("/{prefix}/{slug}/");
        let mut ctx = self.paged_ctx(
            kind,
            &base,
            n,
            lessons,
            &title,
            &title,
            vec![crumb(&parent, parent_url)],
        );
        let info = Named {
            label: label(&name),
            name,
            url: base,
            count: lessons.len(),
        };
        ctx.insert(kind, &info);
        (
            if kind == "tag" {
                "tag.html"
            } else {
                "audience.html"
            },
            ctx,
        )
    }

    fn page(&self, i: usize) -> Result<Vec<u8>> {
        let site = self.site;
        let p = &site.pages[i];
        let lang = p.lang.as_str();
        let mut crumbs = Vec::new();
        let (kind, template) = match p.kind {
            PageKind::Lesson => {
                crumbs.push(crumb(&self.text(lang, "lessons"), "/lessons/"));
                if let Some(c) = p.category.as_ref().and_then(|c| site.config.category(c)) {
                    crumbs.push(crumb(&c.name, &format!("/lessons/{}/", c.id)));
                }
                ("lesson", "lesson.html")
            }
            PageKind::Announcement => {
                crumbs.push(crumb(&self.text(lang, "announcements"), "/announcements/"));
                if site.is_expired(i) {
                    crumbs.push(crumb(
                        &self.text(lang, "archive"),
                        "/announcements/archive/",
                    ));
                }
                ("announcement", "announcement.html")
            }
            PageKind::Page => ("page", "page.html"),
        };
        crumbs.push(crumb(&p.title, &p.url));
        let mut ctx = self.ctx_for(lang, kind, &p.url, &p.title, &p.summary, crumbs);
        ctx.insert("alternates", &alternates(site, i));
        let mut value: BTreeMap<String, Value> = BTreeMap::new();
        if let Some(map) = self.summaries.values[i].as_map() {
            for (k, v) in map {
                value.insert(k.to_string(), v.clone());
            }
        }
        value.insert("content".into(), Value::from(&*site.html[i]));
        value.insert("toc".into(), Value::from_serializable(&p.body.toc));
        value.insert("key_points".into(), Value::from_serializable(&p.key_points));
        value.insert("steps".into(), Value::from_serializable(&p.steps));
        value.insert("quiz".into(), Value::from_serializable(&p.quiz));
        value.insert("expired".into(), Value::from(site.is_expired(i)));
        value.insert("word_count".into(), Value::from(p.body.words));
        if p.kind == PageKind::Lesson {
            let (prev, next) = neighbours(site, i);
            ctx.insert("prev", &prev.map(|j| &self.summaries.values[j]));
            ctx.insert("next", &next.map(|j| &self.summaries.values[j]));
        }
        ctx.insert(kind, &value);
        self.theme.render(template, &ctx).map(String::into_bytes)
    }
}

/// The previous and next lesson in page `i`'s category list.
pub fn neighbours(site: &Site, i: usize) -> (Option<usize>, Option<usize>) {
    site.neighbours.get(i).copied().unwrap_or((None, None))
}

/// Translations of page `i` as (language, URL), excluding itself.
fn alternates(site: &Site, i: usize) -> Vec<Alternate> {
    site.translations
        .get(&site.pages[i].key)
        .into_iter()
        .flatten()
        .filter(|&&j| j != i)
        .map(|&j| Alternate {
            lang: site.pages[j].lang.clone(),
            url: site.pages[j].url.clone(),
        })
        .collect()
}

fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        site.config.base_url
    )
}

/// A template variable every page shares: its name, value and fingerprint.
pub type Global = (&'static str, Value, u64);

fn global<T: Serialize + Hash + ?Sized>(name: &'static str, value: &T) -> Global {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    (name, Value::from_serializable(value), h.finish())
}

/// The template variables every page shares. Watch mode fingerprints each one to know which
/// outputs an edit reaches.
pub fn globals(site: &Site, summaries: &Summaries) -> Vec<Global> {
    let config = &site.config;
    let info = SiteInfo {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        language: &config.language,
        languages: &config.languages,
        timezone: &config.timezone_name,
    };
    let categories: Vec<CategoryInfo> = config
        .categories
        .iter()
        .filter_map(|c| category_info(site, &c.id))
        .collect();
    let menu: Vec<Link> = site
        .menu
        .iter()
        .map(|&i| crumb(&site.pages[i].title, &site.pages[i].url))
        .collect();
    let banner: Vec<&Value> = site.banner.iter().map(|&i| &summaries.values[i]).collect();
    let banner_fps: Vec<u64> = site.banner.iter().map(|&i| summaries.fps[i]).collect();
    let mut banner_global = global("banner", &banner_fps);
    banner_global.1 = Value::from_serializable(&banner);
    vec![
        global("site", &info),
        global("root", "/"),
        global("categories", &categories),
        global("hotlines", &config.hotlines),
        global("menu", &menu),
        global("audiences", &taxa(&site.audiences, "audience")),
        banner_global,
    ]
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
