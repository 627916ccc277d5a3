//! Rendering: a typed context ([`context`]) and a template of the theme ([`theme`]) become the
//! bytes of one output. Also makes the variables every template shares. Never writes files.

pub mod context;
pub mod deps;
pub mod keyed;
pub mod layers;
pub mod summary;
pub mod theme;

use crate::error::Result;
use crate::model::site::Site;
use crate::render::context::{LangStrings, Link, Strings, View};
use crate::render::theme::Theme;
use crate::urls::Route;
use serde::Serialize;
use std::hash::{DefaultHasher, Hash, Hasher};
use tera::{Context, Value};

/// Renders outputs of one site with one theme.
pub struct Renderer<'a> {
    theme: &'a Theme,
    base: Context,
    strings: &'a Strings,
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

/// The links of the site's fixed pages, so templates never spell a URL.
#[derive(Serialize, Hash)]
struct SiteLinks {
    home: String,
    lessons: String,
    announcements: String,
    archive: String,
    tags: String,
    feed: String,
    announcements_feed: String,
}

impl<'a> Renderer<'a> {
    /// Prepares rendering with `theme`; `globals` are the shared template variables.
    pub fn new(theme: &'a Theme, strings: &'a Strings, globals: &[Global]) -> Self {
        let mut base = Context::new();
        for (name, value, _) in globals {
            base.insert_value(*name, value.clone());
        }
        Renderer {
            theme,
            base,
            strings,
        }
    }

    /// Renders `template` with an output's context and the UI strings of `lang`.
    pub fn render(
        &self,
        template: &str,
        lang: Option<&str>,
        ctx: &impl Serialize,
    ) -> Result<Vec<u8>> {
        let mut context = self.base.clone();
        if let Some(t) = lang.and_then(|l| self.strings.get(l)) {
            context.insert_value("t", t.value.clone());
        }
        let own = Context::from_serialize(ctx).map_err(|e| crate::Error::Template {
            name: template.to_string(),
            message: e.to_string(),
        })?;
        context.extend(own);
        self.theme
            .render(template, &context)
            .map(String::into_bytes)
    }
}

/// The UI strings of every site language, as template values.
pub fn strings(site: &Site, theme: &Theme) -> Strings {
    let config = &site.config;
    std::iter::once(&config.language)
        .chain(&config.languages)
        .map(|lang| {
            let map = theme.strings(lang);
            let value = Value::from_serializable(&map);
            (
                lang.clone(),
                LangStrings {
                    value,
                    map: map.into_iter().collect(),
                },
            )
        })
        .collect()
}

/// A template variable every page shares: its name, value and fingerprint.
pub type Global = (&'static str, Value, u64);

fn global<T: Serialize + Hash + ?Sized>(name: &'static str, value: &T) -> Global {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    (name, Value::from_serializable(value), h.finish())
}

/// The template variables every page shares. Rebuild keys fingerprint each one to know which
/// outputs an edit reaches.
pub fn globals(view: &View) -> Vec<Global> {
    let site = view.site;
    let config = &site.config;
    let urls = &config.urls;
    let lang = config.language.as_str();
    let info = SiteInfo {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        language: &config.language,
        languages: &config.languages,
        timezone: &config.timezone_name,
    };
    let links = SiteLinks {
        home: urls.href(Route::Home { lang }),
        lessons: urls.href(Route::Lessons { lang }),
        announcements: urls.href(Route::Announcements { lang }),
        archive: urls.href(Route::Archive { lang }),
        tags: urls.href(Route::Tags { lang }),
        feed: urls.href(Route::Feed { lang }),
        announcements_feed: urls.href(Route::AnnouncementsFeed { lang }),
    };
    let categories: Vec<_> = config
        .categories
        .iter()
        .filter_map(|c| view.category(&c.id))
        .collect();
    let menu: Vec<Link> = site
        .menu
        .iter()
        .map(|&i| view.link(site.pages[i].title.as_str(), site.pages[i].route()))
        .collect();
    let audiences = view.taxa(&site.audiences, |slug| Route::Audience {
        lang,
        slug,
        page: 1,
    });
    let banner = view.cards(&site.banner);
    // The search page of each language, for the header's search box; none without search.
    let search_pages: std::collections::BTreeMap<&str, String> = std::iter::once(lang)
        .chain(config.languages.iter().map(String::as_str))
        .filter(|_| config.search)
        .map(|l| (l, urls.href(Route::Search { lang: l })))
        .collect();
    vec![
        global("site", &info),
        global("root", urls.root()),
        global("links", &links),
        global("categories", &categories),
        global("hotlines", &config.hotlines),
        global("menu", &menu),
        global("audiences", &audiences),
        global("banner", &banner),
        global("search_pages", &search_pages),
    ]
}
