//! Rendering one planned output to bytes: builds the template context described in
//! docs/THEME.md and runs the theme. Never writes files.

use crate::dates;
use crate::error::Result;
use crate::page::{Page, PageKind};
use crate::plan::{Render, page_url};
use crate::site::{Site, Taxon};
use crate::theme::Theme;
use crate::{feeds, sitemap};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Value};

/// Renders outputs of one site with one theme.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    base: Context,
    strings: BTreeMap<String, Value>,
    summaries: Vec<Value>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    languages: &'a [String],
    timezone: &'a str,
}

#[derive(Serialize)]
struct CategoryRef<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    icon: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct Named {
    name: String,
    label: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    url: String,
}

#[derive(Serialize)]
struct Summary<'a> {
    title: &'a str,
    url: &'a str,
    summary: &'a str,
    date: String,
    date_iso: String,
    updated: String,
    updated_iso: String,
    expires: String,
    expires_iso: String,
    reading_time: usize,
    word_count: usize,
    urgency: &'static str,
    region: &'a str,
    category: Option<CategoryRef<'a>>,
    tags: Vec<Named>,
    audience: Vec<Named>,
}

fn label(name: &str) -> String {
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

impl<'a> Renderer<'a> {
    /// Prepares the contexts shared by every output of `site`.
    pub fn new(site: &'a Site, theme: &'a Theme) -> Self {
        let config = &site.config;
        let mut base = Context::new();
        base.insert(
            "site",
            &SiteInfo {
                title: &config.title,
                description: &config.description,
                base_url: &config.base_url,
                language: &config.language,
                languages: &config.languages,
                timezone: &config.timezone_name,
            },
        );
        base.insert("root", "/");
        let categories: Vec<CategoryRef> = config
            .categories
            .iter()
            .map(|c| category_ref(site, &c.id))
            .collect::<Option<_>>()
            .unwrap_or_default();
        base.insert("categories", &categories);
        base.insert("hotlines", &config.hotlines);
        let menu: Vec<Link> = site
            .menu
            .iter()
            .map(|&i| Link {
                title: site.pages[i].title.clone(),
                url: site.pages[i].url.clone(),
            })
            .collect();
        base.insert("menu", &menu);
        base.insert("audiences", &taxa(&site.audiences, "audience"));
        let summaries: Vec<Value> = site
            .pages
            .iter()
            .map(|p| Value::from_serializable(&summary(site, p)))
            .collect();
        let banner: Vec<&Value> = site.banner.iter().map(|&i| &summaries[i]).collect();
        base.insert("banner", &banner);
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
        let html = |template: &str, ctx: Context| {
            self.theme.render(template, &ctx).map(String::into_bytes)
        };
        let t = |key: &str| self.text(&site.config.language, key);
        match what {
            Render::Home => {
                let mut ctx = self.page_ctx(
                    "home",
                    "/",
                    &site.config.title,
                    &site.config.description,
                    vec![],
                );
                ctx.insert(
                    "latest_announcements",
                    &self.list(site.current.iter().take(5)),
                );
                ctx.insert("newest_lessons", &self.list(site.lessons.iter().take(6)));
                html("index.html", ctx)
            }
            Render::Lessons => {
                let title = t("all_lessons");
                let mut ctx = self.page_ctx(
                    "lessons",
                    "/lessons/",
                    &title,
                    &site.config.description,
                    vec![],
                );
                let groups: Vec<Value> = site
                    .config
                    .categories
                    .iter()
                    .map(|c| {
                        let mut g = BTreeMap::new();
                        g.insert(
                            "category",
                            Value::from_serializable(&category_ref(site, &c.id)),
                        );
                        let lessons = self.list(site.categories.get(&c.id).into_iter().flatten());
                        g.insert("lessons", Value::from_serializable(&lessons));
                        Value::from_serializable(&g)
                    })
                    .collect();
                ctx.insert("groups", &groups);
                html("lessons.html", ctx)
            }
            Render::Category { id, page } => self.category(id, *page),
            Render::Page(i) => self.page(*i),
            Render::Announcements => {
                let title = t("announcements");
                let mut ctx =
                    self.page_ctx("announcements", "/announcements/", &title, &title, vec![]);
                ctx.insert("announcements", &self.list(site.current.iter()));
                ctx.insert("archive_url", "/announcements/archive/");
                html("announcements.html", ctx)
            }
            Render::Archive => {
                let title = t("archive");
                let crumbs = vec![crumb(&t("announcements"), "/announcements/")];
                let mut ctx =
                    self.page_ctx("archive", "/announcements/archive/", &title, &title, crumbs);
                ctx.insert("announcements", &self.list(site.archived.iter()));
                html("archive.html", ctx)
            }
            Render::Tags => {
                let title = t("tags");
                let mut ctx = self.page_ctx("tags", "/tags/", &title, &title, vec![]);
                ctx.insert("tags", &taxa(&site.tags, "tags"));
                html("tags.html", ctx)
            }
            Render::Tag(slug) => self.taxon("tag", "tags", slug, &site.tags),
            Render::Audience(slug) => self.taxon("audience", "audience", slug, &site.audiences),
            Render::NotFound => {
                let title = t("not_found_title");
                let ctx = self.page_ctx("404", "/404.html", &title, &title, vec![]);
                html("404.html", ctx)
            }
            Render::Sitemap => Ok(sitemap::render(site).into_bytes()),
            Render::Robots => Ok(format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
                site.config.base_url
            )
            .into_bytes()),
            Render::Feed => Ok(feeds::site_feed(site).into_bytes()),
            Render::AnnouncementsFeed => Ok(feeds::announcements_feed(site).into_bytes()),
        }
    }

    fn text(&self, lang: &str, key: &str) -> String {
        self.strings
            .get(lang)
            .and_then(|v| v.get_from_path(key))
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| key.replace('_', " "))
    }

    fn list<'i>(&self, pages: impl Iterator<Item = &'i usize>) -> Vec<&Value> {
        pages.map(|&i| &self.summaries[i]).collect()
    }

    /// The context every page gets: globals plus this page's identity.
    fn page_ctx(
        &self,
        kind: &str,
        url: &str,
        title: &str,
        description: &str,
        mut crumbs: Vec<Link>,
    ) -> Context {
        self.ctx_for(&self.site.config.language, kind, url, title, description, {
            if kind != "home" {
                crumbs.push(crumb(title, url));
            }
            crumbs
        })
    }

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
        let mut all = vec![crumb(&self.text(lang, "home"), "/")];
        all.extend(crumbs);
        if kind == "home" {
            all.clear();
        }
        ctx.insert("breadcrumbs", &all);
        ctx.insert("alternates", &Vec::<Alternate>::new());
        ctx
    }

    fn category(&self, id: &str, n: usize) -> Result<Vec<u8>> {
        let site = self.site;
        let lessons = site.categories.get(id).map(Vec::as_slice).unwrap_or(&[]);
        let per = site.config.paginate;
        let total = lessons.len().div_ceil(per).max(1);
        let base = format!("/lessons/{id}/");
        let url = page_url(&base, n);
        let cat = category_ref(site, id);
        let name = cat.as_ref().map_or(id, |c| c.name);
        let description = cat.as_ref().map_or("", |c| c.description);
        let crumbs = vec![crumb(
            &self.text(&site.config.language, "lessons"),
            "/lessons/",
        )];
        let mut ctx = self.page_ctx("category", &url, name, description, crumbs);
        ctx.insert("category", &cat);
        let start = (n - 1) * per;
        ctx.insert("lessons", &self.list(lessons.iter().skip(start).take(per)));
        let pages: Vec<BTreeMap<&str, Value>> = (1..=total)
            .map(|k| {
                BTreeMap::from([
                    ("number", Value::from(k)),
                    ("url", Value::from(page_url(&base, k))),
                ])
            })
            .collect();
        let mut paginator = BTreeMap::new();
        paginator.insert("current", Value::from(n));
        paginator.insert("total", Value::from(total));
        paginator.insert(
            "prev_url",
            (n > 1)
                .then(|| page_url(&base, n - 1))
                .map_or(Value::none(), Value::from),
        );
        paginator.insert(
            "next_url",
            (n < total)
                .then(|| page_url(&base, n + 1))
                .map_or(Value::none(), Value::from),
        );
        paginator.insert("pages", Value::from_serializable(&pages));
        ctx.insert("paginator", &paginator);
        self.theme
            .render("category.html", &ctx)
            .map(String::into_bytes)
    }

    fn taxon(
        &self,
        kind: &str,
        prefix: &str,
        slug: &str,
        map: &BTreeMap<String, Taxon>,
    ) -> Result<Vec<u8>> {
        let site = self.site;
        let taxon = map.get(slug);
        let name = taxon.map_or(slug.to_string(), |t| t.name.clone());
        let url = format!("/{prefix}/{slug}/");
        let list_title = self.text(
            &site.config.language,
            if kind == "tag" { "tags" } else { "audience" },
        );
        let list_url = if kind == "tag" { "/tags/" } else { "/lessons/" };
        let title = if kind == "tag" {
            format!("#{name}")
        } else {
            label(&name)
        };
        let mut ctx = self.page_ctx(
            kind,
            &url,
            &title,
            &title,
            vec![crumb(&list_title, list_url)],
        );
        ctx.insert(
            kind.to_string(),
            &Named {
                label: label(&name),
                name,
                url,
                count: taxon.map_or(0, |t| t.lessons.len()),
            },
        );
        ctx.insert(
            "lessons",
            &self.list(taxon.map(|t| t.lessons.iter()).into_iter().flatten()),
        );
        self.theme
            .render(&format!("{kind}.html"), &ctx)
            .map(String::into_bytes)
    }

    fn page(&self, i: usize) -> Result<Vec<u8>> {
        let site = self.site;
        let p = &site.pages[i];
        let lang = p.lang.as_str();
        let (kind, template, crumbs) = match p.kind {
            PageKind::Lesson => {
                let mut crumbs = vec![crumb(&self.text(lang, "lessons"), "/lessons/")];
                if let Some(c) = p.category.as_ref().and_then(|c| site.config.category(c)) {
                    crumbs.push(crumb(&c.name, &format!("/lessons/{}/", c.id)));
                }
                ("lesson", "lesson.html", crumbs)
            }
            PageKind::Announcement => {
                let mut crumbs = vec![crumb(&self.text(lang, "announcements"), "/announcements/")];
                if site.is_expired(i) {
                    crumbs.push(crumb(
                        &self.text(lang, "archive"),
                        "/announcements/archive/",
                    ));
                }
                ("announcement", "announcement.html", crumbs)
            }
            PageKind::Page => ("page", "page.html", vec![]),
        };
        let mut crumbs = crumbs;
        crumbs.push(crumb(&p.title, &p.url));
        let mut ctx = self.ctx_for(lang, kind, &p.url, &p.title, &p.summary, crumbs);
        let alternates: Vec<Alternate> = site
            .translations
            .get(&p.key)
            .into_iter()
            .flatten()
            .filter(|&&j| j != i)
            .map(|&j| Alternate {
                lang: site.pages[j].lang.clone(),
                url: site.pages[j].url.clone(),
            })
            .collect();
        ctx.insert("alternates", &alternates);
        let mut value: BTreeMap<String, Value> = BTreeMap::new();
        if let Some(map) = self.summaries[i].as_map() {
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
        if p.kind == PageKind::Lesson {
            let siblings = p.category.as_ref().and_then(|c| site.categories.get(c));
            let pos = siblings.and_then(|s| s.iter().position(|&j| j == i));
            let neighbour = |k: Option<usize>| {
                k.and_then(|k| siblings.and_then(|s| s.get(k)))
                    .map(|&j| &self.summaries[j])
            };
            ctx.insert("prev", &neighbour(pos.and_then(|k| k.checked_sub(1))));
            ctx.insert("next", &neighbour(pos.map(|k| k + 1)));
        }
        ctx.insert(kind, &value);
        self.theme.render(template, &ctx).map(String::into_bytes)
    }
}

fn crumb(title: &str, url: &str) -> Link {
    Link {
        title: title.to_string(),
        url: url.to_string(),
    }
}

fn category_ref<'s>(site: &'s Site, id: &str) -> Option<CategoryRef<'s>> {
    let c = site.config.category(id)?;
    Some(CategoryRef {
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

fn summary<'s>(site: &'s Site, p: &'s Page) -> Summary<'s> {
    let tz = &site.config.timezone;
    let lang = p.lang.as_str();
    let human =
        |t: Option<jiff::Timestamp>| t.map(|t| dates::human(t, tz, lang)).unwrap_or_default();
    let iso = |t: Option<jiff::Timestamp>| t.map(|t| dates::iso(t, tz)).unwrap_or_default();
    let named = |names: &[String], prefix: &str| {
        names
            .iter()
            .map(|n| Named {
                name: n.clone(),
                label: label(n),
                url: format!("/{prefix}/{}/", crate::slug::slugify(n)),
                count: 0,
            })
            .collect()
    };
    Summary {
        title: &p.title,
        url: &p.url,
        summary: &p.summary,
        date: human(p.date),
        date_iso: iso(p.date),
        updated: human(p.updated),
        updated_iso: iso(p.updated),
        expires: human(p.expires),
        expires_iso: iso(p.expires),
        reading_time: crate::markdown::reading_minutes(&p.body),
        word_count: p.body.words,
        urgency: p.urgency.as_str(),
        region: &p.region,
        category: p.category.as_ref().and_then(|c| category_ref(site, c)),
        tags: named(&p.tags, "tags"),
        audience: named(&p.audience, "audience"),
    }
}
