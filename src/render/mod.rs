//! Rendering: a typed context ([`context`]) and a template of the theme ([`theme`]) become the
//! bytes of one output. Also makes the variables every template shares. Never writes files.

pub mod campaign;
pub mod context;
pub mod deps;
pub mod escape;
pub mod i18n;
pub mod icons;
pub mod jsonld;
pub mod keyed;
pub mod layers;
pub mod once;
pub mod qr;
pub mod summary;
pub mod theme;

use crate::error::Result;
use crate::model::site::Site;
use crate::render::context::{LangStrings, Link, Strings, View};
use crate::render::theme::Theme;
use crate::urls::Route;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use tera::{Context, Value};

/// Renders outputs of one site with one theme.
pub struct Renderer<'a> {
    theme: &'a Theme,
    /// Per language: its shared variables and UI strings (`t`), ready to extend.
    base: BTreeMap<&'a str, Context>,
    /// The main language, for outputs that have none (sitemap, robots.txt).
    main: &'a str,
    /// Whether the theme's partials of [`Theme::once`] were rendered once per language into
    /// `base` (`once.rs`), so outputs may print them.
    once: bool,
}

/// The site as templates see it (`site`), in one language.
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
    /// The search page; none when `search: false`.
    search: Option<String>,
    /// The Atom feed of CAP alerts (one for all languages).
    cap_feed: String,
    /// The campaigns index; none when site.yaml has no campaigns.
    campaigns: Option<String>,
}

impl<'a> Renderer<'a> {
    /// Prepares rendering with `theme`; `globals` are the shared template variables of each
    /// language, the main language (`main`) first.
    pub fn new(
        theme: &'a Theme,
        strings: &'a Strings,
        globals: &'a Globals,
        main: &'a str,
    ) -> Self {
        // Every site language named in every site language (`language_names[in][of]`), for
        // language switches and fallback notes. Made of the strings, which every rebuild key
        // already covers.
        let names: BTreeMap<&str, BTreeMap<&str, &str>> = strings
            .iter()
            .map(|(lang, s)| {
                let of = strings
                    .keys()
                    .filter_map(|tag| {
                        let name = i18n::language_name(|k| s.map.get(k).map(String::as_str), tag);
                        Some((tag.as_str(), name?))
                    })
                    .collect();
                (lang.as_str(), of)
            })
            .collect();
        let mut base: BTreeMap<&str, Context> = globals
            .iter()
            .map(|(lang, globals)| {
                let mut base = Context::new();
                for (name, value, _) in globals {
                    base.insert_value(*name, value.clone());
                }
                if let Some(t) = strings.get(lang) {
                    base.insert_value("t", t.value.clone());
                }
                base.insert("language_names", &names);
                (lang.as_str(), base)
            })
            .collect();
        // Every language's outputs, or none: values are added only when all were made.
        let made: Option<Vec<_>> = (!theme.once().is_empty())
            .then(|| {
                base.iter()
                    .map(|(lang, base)| render_once(theme, lang, base))
                    .collect()
            })
            .flatten();
        let once = made.is_some();
        for ((_, base), values) in base.iter_mut().zip(made.into_iter().flatten()) {
            for (var, value) in values {
                base.insert_value(var, value);
            }
        }
        Renderer {
            theme,
            base,
            main,
            once,
        }
    }

    /// Renders `template` with an output's context, in `lang` (its shared variables and UI
    /// strings) or, for an output without a language, with the main language's variables.
    pub fn render(
        &self,
        template: &str,
        lang: Option<&str>,
        ctx: &impl Serialize,
    ) -> Result<Vec<u8>> {
        let mut context = match self.base.get(lang.unwrap_or(self.main)) {
            Some(base) => base.clone(),
            None => Context::new(),
        };
        if lang.is_none() {
            context.remove("t");
        }
        let own = Context::from_serialize(ctx).map_err(|e| crate::Error::Template {
            name: template.to_string(),
            message: crate::error::engine_message(e.to_string()),
            fix: crate::text!("template.fix"),
        })?;
        // The partials' outputs were made with this language's shared variables and `lang`:
        // they stand for an include only in an output of that language whose own variables
        // hide none of those (sitemaps, feeds and alerts have no `lang`).
        let once = self.once
            && lang.is_some_and(|lang| {
                own.get("lang").and_then(Value::as_str) == Some(lang)
                    && once::SHARED
                        .iter()
                        .all(|name| *name == "lang" || !own.contains_key(name))
            });
        context.extend(own);
        self.theme.render(template, &context, once)
    }
}

/// Renders the partials of [`Theme::once`] in `lang`, with the shared variables of `base`
/// and none of a page's, giving the value of each one's variable. `None`, and pages then
/// interpret every partial, if one reads a variable `base` lacks (a shared variable this
/// engine no longer makes) or fails to render without a page's variables.
fn render_once(theme: &Theme, lang: &str, base: &Context) -> Option<Vec<(String, Value)>> {
    let mut context = base.clone();
    context.insert("lang", lang);
    let mut values = Vec::new();
    for partial in theme.once() {
        let info = theme.info(&partial.name)?;
        let reads_only_shared = info
            .variables
            .iter()
            .all(|v| partial.locals.contains(v) || context.contains_key(v));
        if !reads_only_shared {
            return None;
        }
        let output = theme.render(&partial.alias, &context, true).ok()?;
        let value = Value::safe_string(std::str::from_utf8(&output).ok()?);
        // What includes it next (a partial rendered once that includes this one) prints it.
        context.insert_value(partial.var.clone(), value.clone());
        values.push((partial.var.clone(), value));
    }
    Some(values)
}

/// The UI strings of every site language, as template values.
pub fn strings(site: &Site, theme: &Theme) -> Strings {
    let config = &site.config;
    config
        .langs()
        .map(|lang| {
            let map = theme.strings(lang).cloned().unwrap_or_default();
            let value = Value::from_serializable(&map);
            (
                lang.to_string(),
                LangStrings {
                    value,
                    map: map.into_iter().collect(),
                },
            )
        })
        .collect()
}

/// A template variable every page of a language shares: its name, value and fingerprint.
pub type Global = (&'static str, Value, u64);

/// The shared template variables of each language.
pub type Globals = BTreeMap<String, Vec<Global>>;

fn global<T: Serialize + Hash + ?Sized>(name: &'static str, value: &T) -> Global {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    (name, Value::from_serializable(value), h.finish())
}

/// The template variables every page in `lang` shares. Rebuild keys fingerprint each one to
/// know which outputs an edit reaches; `icons` are the theme's, by name.
pub fn globals(view: &View, icons: &icons::Icons, lang: &str) -> Vec<Global> {
    let site = view.site;
    let config = &site.config;
    let urls = &config.urls;
    let lists = site.lists(lang);
    let info = SiteInfo {
        title: config.title.get(lang),
        description: config.description.get(lang),
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
        search: config.search.then(|| urls.href(Route::Search { lang })),
        cap_feed: urls.href(Route::CapFeed),
        campaigns: (!config.campaigns.is_empty()).then(|| urls.href(Route::Campaigns { lang })),
    };
    let categories: Vec<_> = config
        .categories
        .iter()
        .filter_map(|c| view.category(&c.id, lang))
        .collect();
    let menu: Vec<Link> = lists
        .menu
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            Link {
                lang: Some(p.lang.as_str()),
                ..view.link(p.title.as_str(), p.route())
            }
        })
        .collect();
    let audiences = view.taxa(&lists.audiences, |slug| Route::Audience {
        lang,
        slug,
        page: 1,
    });
    let banner = view.cards(&lists.banner);
    let hotlines: Vec<HotlineInfo> = config
        .hotlines
        .iter()
        .map(|h| HotlineInfo {
            name: h.name.get(lang),
            number: &h.number,
            note: h.note.get(lang),
        })
        .collect();
    vec![
        global("site", &info),
        global("root", urls.root()),
        global("links", &links),
        global("categories", &categories),
        global("hotlines", &hotlines),
        global("menu", &menu),
        global("audiences", &audiences),
        global("banner", &banner),
        global("icons", icons),
    ]
}

/// A hotline as templates see it, in one language.
#[derive(Serialize, Hash)]
struct HotlineInfo<'a> {
    name: &'a str,
    number: &'a str,
    note: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in theme's partials that qualify are rendered once in every language of a
    /// real site: a run-time check that fails would only slow builds down, silently.
    #[test]
    fn the_builtin_theme_renders_its_partials_once_for_a_real_site() {
        let (_out, state) = crate::pipeline::fixture_build("basic");
        let strings = strings(&state.site, &state.theme);
        let view = View {
            site: &state.site,
            summaries: &state.summaries,
            strings: &strings,
            shape: state.plan.shape,
        };
        let config = &state.site.config;
        let globals: Globals = config
            .langs()
            .map(|lang| (lang.to_string(), globals(&view, &state.theme.icons, lang)))
            .collect();
        assert!(config.langs().count() > 1);
        // `once::SHARED` names exactly what every page of a language shares: these globals,
        // `t`, `language_names` and `lang`.
        let mut shared: Vec<&str> = globals[&config.language]
            .iter()
            .map(|(name, _, _)| *name)
            .chain(["t", "language_names", "lang"])
            .collect();
        let mut expected = once::SHARED.to_vec();
        shared.sort_unstable();
        expected.sort_unstable();
        assert_eq!(shared, expected);
        let renderer = Renderer::new(&state.theme, &strings, &globals, &config.language);
        assert!(renderer.once);
        let planned: Vec<&str> = state.theme.once().iter().map(|p| p.name.as_str()).collect();
        assert!(planned.contains(&"partials/footer.html"), "{planned:?}");
        for base in renderer.base.values() {
            for partial in state.theme.once() {
                assert!(base.contains_key(&partial.var), "{}", partial.name);
            }
        }
    }
}
