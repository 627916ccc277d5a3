//! Page summaries: the card-sized view of a lesson or announcement that list pages, the
//! banner and neighbour links show. Each is converted to a template value once and kept with
//! a fingerprint, so a rebuild reuses the ones whose page did not change and can tell which
//! lists are affected by an edit.

use crate::model::dates::{self, SiteDateWords};
use crate::model::frontmatter::Level;
use crate::model::links::was_at;
use crate::model::page::Page;
use crate::model::site::{Site, Taxon};
use crate::urls::{Route, Urls};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use tera::Value;

/// A category as a card shows it (no counts: they belong to the lists that show them).
#[derive(Debug, Serialize, Hash)]
pub struct CategoryCard<'a> {
    /// Id.
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Icon name: a key of the `icons` template variable, or `""`.
    pub icon: &'a str,
    /// Accent colour (`#rgb`/`#rrggbb`) from site.yaml, if any.
    pub color: Option<&'a str>,
    /// URL of its first page.
    pub url: String,
}

/// A tag or audience link.
#[derive(Debug, Serialize, Hash)]
pub struct Named {
    /// As written; for a tag or audience, as its oldest lesson writes it.
    pub name: String,
    /// Capitalised for display.
    pub label: String,
    /// Its page.
    pub url: String,
    /// Lessons carrying it (0 where not meaningful).
    pub count: usize,
}

impl Named {
    /// A tag or audience called `name`, whose page is at `url`.
    pub fn new(name: String, url: String, count: usize) -> Self {
        Named {
            label: label(&name),
            name,
            url,
            count,
        }
    }
}

/// The template view of a lesson or announcement in a list.
#[derive(Debug, Serialize, Hash)]
struct Summary<'a> {
    title: &'a str,
    url: &'a str,
    lang: &'a str,
    summary: &'a str,
    date: String,
    date_iso: String,
    updated: String,
    updated_iso: String,
    expires: String,
    expires_iso: String,
    reading_time: usize,
    urgency: &'static str,
    /// Warning level (`blue`…`red`) of an announcement, `None` for no level (and lessons).
    level: Option<&'static str>,
    region: &'a str,
    // The last three are the same for many cards: added to the value as shared values
    // ([`Shared`]), in this order.
    #[serde(skip)]
    category: Option<CategoryCard<'a>>,
    #[serde(skip)]
    tags: Vec<Named>,
    #[serde(skip)]
    audience: Vec<Named>,
}

/// The values many cards show alike (a category, a tag or audience link), made once per chunk
/// of pages ([`SUMMARIES_PER_CHUNK`]) and shared by every card of the chunk that shows them: a
/// card's value holds a reference, not a copy. A template value made for each card was a
/// quarter of a full build's memory.
#[derive(Default)]
struct Shared {
    categories: HashMap<(String, String), Value>,
    named: HashMap<(String, String), Value>,
}

impl Shared {
    /// The template value of a card.
    fn card(&mut self, s: &Summary) -> Value {
        let mut map = Value::from_serializable(s).into_map().unwrap_or_default();
        let category = s.category.as_ref().map(|c| {
            self.categories
                .entry((c.id.to_string(), c.url.clone()))
                .or_insert_with(|| Value::from_serializable(c))
                .clone()
        });
        map.insert("category".into(), Value::from(category));
        let tags = self.links(&s.tags);
        map.insert("tags".into(), tags);
        let audience = self.links(&s.audience);
        map.insert("audience".into(), audience);
        Value::from(map)
    }

    fn links(&mut self, named: &[Named]) -> Value {
        let values: Vec<Value> = named
            .iter()
            .map(|n| {
                // `label` follows from `name`, and `count` is 0 on cards.
                self.named
                    .entry((n.name.clone(), n.url.clone()))
                    .or_insert_with(|| Value::from_serializable(n))
                    .clone()
            })
            .collect();
        Value::from(values)
    }
}

/// Capitalises the first letter.
pub fn label(name: &str) -> String {
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The card view of a category, in `lang`.
pub fn category_card<'s>(site: &'s Site, id: &str, lang: &str) -> Option<CategoryCard<'s>> {
    let c = site.config.category(id)?;
    Some(CategoryCard {
        id: &c.id,
        name: c.name.get(lang),
        icon: &c.icon,
        color: c.color.as_deref(),
        url: site.config.urls.href(Route::Category {
            lang,
            id: &c.id,
            page: 1,
        }),
    })
}

/// How a page's tag-like names are shown: each one's spelling in `taxa` (one for all pages
/// that carry it), or the page's own where `taxa` lacks it.
fn shown<'a>(
    names: &'a [String],
    slugs: &'a [String],
    taxa: &'a BTreeMap<String, Taxon>,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    names.iter().zip(slugs).map(|(n, slug)| {
        (
            taxa.get(slug).map_or(n, |t| &t.name).as_str(),
            slug.as_str(),
        )
    })
}

/// Links for tag-like names; `route(slug)` is the page of one.
fn named<'a>(
    names: impl Iterator<Item = (&'a str, &'a str)>,
    route: impl Fn(&'a str) -> Route<'a>,
    urls: &Urls,
) -> Vec<Named> {
    names
        .map(|(name, slug)| Named::new(name.to_string(), urls.href(route(slug)), 0))
        .collect()
}

/// A fingerprint of the tag and audience names page `p` shows, which other pages of its
/// language decide.
fn shown_fp(site: &Site, p: &Page) -> u64 {
    let mut h = DefaultHasher::new();
    let lists = site.lists(&p.lang);
    for (name, _) in shown(&p.tags, &p.tag_slugs, &lists.tags) {
        name.hash(&mut h);
    }
    for (name, _) in shown(&p.audience, &p.audience_slugs, &lists.audiences) {
        name.hash(&mut h);
    }
    h.finish()
}

fn summary<'s>(site: &'s Site, p: &'s Page, words: &SiteDateWords) -> Summary<'s> {
    let tz = &site.config.timezone;
    let urls = &site.config.urls;
    let lang = p.lang.as_str();
    let words = words.get(lang);
    let human =
        |t: Option<jiff::Timestamp>| t.map(|t| dates::human(t, tz, words)).unwrap_or_default();
    let iso = |t: Option<jiff::Timestamp>| t.map(|t| dates::iso(t, tz)).unwrap_or_default();
    Summary {
        title: &p.title,
        url: &p.url,
        lang,
        summary: &p.summary,
        date: human(p.date),
        date_iso: iso(p.date),
        updated: human(p.updated),
        updated_iso: iso(p.updated),
        expires: human(p.expires),
        expires_iso: iso(p.expires),
        reading_time: crate::markdown::reading_minutes(&p.body),
        urgency: p.urgency.as_str(),
        level: p.level.map(Level::as_str),
        region: &p.region,
        category: p
            .category
            .as_ref()
            .and_then(|c| category_card(site, c, lang)),
        tags: named(
            shown(&p.tags, &p.tag_slugs, &site.lists(lang).tags),
            |slug| Route::Tag {
                lang,
                slug,
                page: 1,
            },
            urls,
        ),
        audience: named(
            shown(&p.audience, &p.audience_slugs, &site.lists(lang).audiences),
            |slug| Route::Audience {
                lang,
                slug,
                page: 1,
            },
            urls,
        ),
    }
}

/// Every page's summary value and fingerprint, by page index.
#[derive(Debug, Clone)]
pub struct Summaries {
    /// Template values.
    pub values: Vec<Value>,
    /// Fingerprints of the values.
    pub fps: Vec<u64>,
    /// The page each entry was made from, to recognise unchanged pages next time.
    pages: Vec<Arc<Page>>,
    /// Per page, the fingerprint of its tag and audience names as shown ([`shown_fp`]): an
    /// unchanged page shows other names when another page changed a taxon's spelling.
    shown: Vec<u64>,
    /// Per page, a fingerprint of its address and dates: what the sitemap shows of it.
    pub addresses: Vec<u64>,
    /// The date words the values were written with.
    words: SiteDateWords,
}

impl Summaries {
    /// Summarises every page of `site`, reusing entries of `prev` whose page is the same `Arc`.
    ///
    /// `prev` must come from a site with the same configuration (dates and category names
    /// depend on it); a configuration change starts from scratch. Entries are not reused when
    /// `words` (the theme's date formats) differ from those `prev` was made with.
    pub fn new(site: &Site, words: &SiteDateWords, prev: Option<&Summaries>) -> Self {
        let prev = prev.filter(|p| p.words == *words);
        let prev_index = |i: usize, page: &Arc<Page>| was_at(&prev?.pages, i, page);
        // One page's entry: its value, fingerprint, shown names and address.
        let entry = |i: usize, shared: &mut Shared| -> (Value, u64, u64, u64) {
            let page = &site.pages[i];
            let j = prev_index(i, page);
            // The same page with the same lists (so the same tag and audience names) is shown
            // as before.
            let shown = match (prev, j) {
                (Some(prev), Some(j)) if site.lists_reused => prev.shown[j],
                _ => shown_fp(site, page),
            };
            let (value, fp) = match (prev, j) {
                (Some(prev), Some(j)) if prev.shown[j] == shown => {
                    (prev.values[j].clone(), prev.fps[j])
                }
                _ => {
                    let s = summary(site, page, words);
                    let mut h = DefaultHasher::new();
                    s.hash(&mut h);
                    (shared.card(&s), h.finish())
                }
            };
            let address = match (prev, j) {
                (Some(prev), Some(j)) => prev.addresses[j],
                _ => {
                    let mut h = DefaultHasher::new();
                    (&page.path, page.date, page.updated).hash(&mut h);
                    h.finish()
                }
            };
            (value, fp, shown, address)
        };
        // In parallel, a chunk of pages at a time, each chunk sharing its own common values.
        let chunks: Vec<Vec<(Value, u64, u64, u64)>> =
            (0..site.pages.len().div_ceil(SUMMARIES_PER_CHUNK))
                .into_par_iter()
                .map(|c| {
                    let mut shared = Shared::default();
                    (c * SUMMARIES_PER_CHUNK..site.pages.len().min((c + 1) * SUMMARIES_PER_CHUNK))
                        .map(|i| entry(i, &mut shared))
                        .collect()
                })
                .collect();
        let mut out = Summaries {
            values: Vec::with_capacity(site.pages.len()),
            fps: Vec::with_capacity(site.pages.len()),
            pages: site.pages.clone(),
            shown: Vec::with_capacity(site.pages.len()),
            addresses: Vec::with_capacity(site.pages.len()),
            words: words.clone(),
        };
        for (value, fp, shown, address) in chunks.into_iter().flatten() {
            out.values.push(value);
            out.fps.push(fp);
            out.shown.push(shown);
            out.addresses.push(address);
        }
        out
    }
}

/// How many pages' summaries are made together, sharing the values many show alike.
const SUMMARIES_PER_CHUNK: usize = 1024;
