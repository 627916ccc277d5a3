//! The read-only model of a whole site after `assemble`: which pages are published at `now`,
//! how they are ordered and grouped (categories, tags, audiences, menu, banner), and every
//! page's body rendered with its internal links resolved.

use crate::error::Diagnostic;
use crate::markdown::{self, Labels};
use crate::model::bodies::{Bodies, Keep};
use crate::model::config::Config;
use crate::model::lifecycle::{self, NextChange, Status};
use crate::model::links::{Targets, was_at};
use crate::model::page::{Page, PageKind};
use crate::text;
use jiff::Timestamp;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Pages sharing a tag or an audience: every spelling that folds to one slug (`Fire`,
/// `fire`, `ＦＩＲＥ`) is one taxon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxon {
    /// The name as the oldest lesson carrying it writes it (earliest date, then first file
    /// path), so it does not depend on the order files are read in.
    pub name: String,
    /// Lessons, in the site's lesson order (newest first).
    pub lessons: Vec<usize>,
}

/// Counts of what was left out of the build, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Drafts not built.
    pub drafts: usize,
    /// Announcements scheduled for later.
    pub scheduled: usize,
}

/// One language's lists. Every lesson, announcement and menu page of the site is in each
/// language's lists once: in that language when it is written in it, otherwise in another
/// (the main language first), so a reader never misses one; such an entry is a *fallback*
/// (its page's `lang` differs). Tags and audiences are words of one language, so only pages
/// written in it carry them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lists {
    /// Lessons per category id, in category order.
    pub categories: BTreeMap<String, Vec<usize>>,
    /// All lessons, newest first.
    pub lessons: Vec<usize>,
    /// Current announcements, newest first.
    pub current: Vec<usize>,
    /// Expired announcements, newest first.
    pub archived: Vec<usize>,
    /// Current urgent announcements, newest first.
    pub banner: Vec<usize>,
    /// Tags by URL slug, from pages written in this language.
    pub tags: BTreeMap<String, Taxon>,
    /// Audiences by URL slug, from pages written in this language.
    pub audiences: BTreeMap<String, Taxon>,
    /// Pages in the navigation, in menu order.
    pub menu: Vec<usize>,
    /// Lessons and announcements (current and expired) of each campaign of `site.yaml`, by
    /// campaign id, newest first.
    pub campaigns: BTreeMap<String, Vec<usize>>,
}

/// A whole site, ready to plan and render.
#[derive(Debug)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// The build's clock.
    pub now: Timestamp,
    /// Every published page, in source path order.
    pub pages: Vec<Arc<Page>>,
    /// Each page's body HTML (see [`Site::body_html`]) and the fingerprint of what it is
    /// made from.
    pub bodies: Bodies,
    /// Each page's internal links resolved to URLs, by page index (shared with the next
    /// build where they cannot have changed).
    pub links: Vec<Arc<[String]>>,
    /// The words callouts and task lists were rendered with, by language.
    pub labels: BTreeMap<String, Labels>,
    /// The main language's words, for a page in a language `labels` lacks.
    main_labels: Labels,
    /// Each language's lists, in the order of [`Config::langs`] (the main language first).
    /// This and the two below are shared with the next build when they stay the same.
    pub lists: Arc<Vec<Lists>>,
    /// Per page: the pages sharing its translation key, itself included (empty when it has
    /// no translation), for language switches.
    pub translations: Arc<Vec<Vec<usize>>>,
    /// Each page's previous and next lesson in its category's list of its language.
    pub neighbours: Arc<Vec<(Option<usize>, Option<usize>)>>,
    /// Whether the lists above were taken over unchanged from the previous build.
    pub lists_reused: bool,
    /// When the site next changes by itself.
    pub next_change: Option<NextChange>,
    /// What was left out.
    pub skipped: Skipped,
}

impl Site {
    /// Page `i`'s body HTML, with its internal links resolved. `shown_twice`: its page and
    /// its poster both show it, so in a one-shot build the first to ask leaves a copy for the
    /// second.
    pub fn body_html(&self, i: usize, shown_twice: bool) -> Arc<str> {
        self.bodies.html(i, shown_twice, || {
            let allow_html = self.config.markdown.allow_html;
            render_body(&self.pages[i], &self.links[i], allow_html, |lang| {
                self.labels.get(lang).unwrap_or(&self.main_labels)
            })
        })
    }

    /// The lists of `lang`; the main language's for a language the site does not have.
    pub fn lists(&self, lang: &str) -> &Lists {
        let k = self.config.lang_index(lang).unwrap_or(0);
        &self.lists[k]
    }

    /// Takes over `prev`'s lists, which are this site's too, sharing them.
    fn reuse_lists(&mut self, prev: &Site) {
        self.lists = prev.lists.clone();
        self.translations = prev.translations.clone();
        self.neighbours = prev.neighbours.clone();
        self.lists_reused = true;
    }

    /// Whether announcement `i` is expired.
    pub fn is_expired(&self, i: usize) -> bool {
        lifecycle::status(&self.pages[i], self.now) == Status::Expired
    }

    /// Where lesson `i`'s print poster lives, if the site has posters (`posters` in
    /// site.yaml) and the lesson one (`poster` in its front matter).
    pub fn poster_route(&self, i: usize) -> Option<crate::urls::Route<'_>> {
        self.config
            .posters
            .then(|| self.pages[i].poster_route())
            .flatten()
    }
}

/// Page `p`'s body HTML with its resolved `links`, in the callout words `labels` gives for
/// its language.
fn render_body<'l>(
    p: &Page,
    links: &[String],
    allow_html: bool,
    labels: impl Fn(&str) -> &'l Labels,
) -> Arc<str> {
    markdown::render(&p.body, links, allow_html, labels(&p.lang)).into()
}

/// Builds the site model from parsed pages, in path order (as the sources keep them); drafts
/// are kept only when `drafts` is set.
///
/// Bodies are rendered with `labels[page.lang]` (every site language has its own: the theme
/// check makes sure). With `prev`, a page whose parsed value is the same (`Arc`), whose
/// links resolve to the same URLs and whose language's labels are the same reuses its
/// rendered body instead of rendering it again. `keep` says whether bodies are rendered now
/// and kept for the next build, or made as outputs ask for them.
pub(crate) fn assemble(
    config: Config,
    all: Vec<Arc<Page>>,
    now: Timestamp,
    drafts: bool,
    labels: BTreeMap<String, Labels>,
    prev: Option<&Site>,
    keep: Keep,
) -> Result<Site, Vec<Diagnostic>> {
    let mut skipped = Skipped::default();
    let mut hidden = HashMap::new();
    let mut pages = Vec::with_capacity(all.len());
    let mut candidates = Vec::with_capacity(all.len());
    for page in all {
        if page.draft && !drafts {
            skipped.drafts += 1;
            hidden.insert(page.rel.clone(), text!("links.draft"));
            continue;
        }
        candidates.push(page);
    }
    let next_change = lifecycle::next_change(candidates.iter().map(|p| &**p), &config, now);
    for page in candidates {
        if lifecycle::status(&page, now) == Status::Scheduled {
            skipped.scheduled += 1;
            hidden.insert(page.rel.clone(), text!("links.scheduled"));
            continue;
        }
        pages.push(page);
    }
    debug_assert!(
        pages.is_sorted_by(|a, b| a.rel < b.rel),
        "pages in path order"
    );
    let targets = Targets::new(&pages, &hidden, &config.language);
    // While every page a link can reach is where it was, with the same headings, the links
    // of an unchanged page resolve as before.
    let same_targets = prev.filter(|prev| {
        prev.pages.len() == pages.len()
            && prev.pages.iter().zip(&pages).all(|(a, b)| {
                Arc::ptr_eq(a, b)
                    || (a.rel == b.rel
                        && a.url == b.url
                        && a.key == b.key
                        && a.lang == b.lang
                        && a.body.anchors == b.body.anchors)
            })
    });
    let resolved: Vec<Result<Arc<[String]>, Vec<Diagnostic>>> = pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| match same_targets {
            Some(prev) if Arc::ptr_eq(&prev.pages[i], p) => Ok(prev.links[i].clone()),
            _ => targets.resolve(p).map(Arc::from),
        })
        .collect();
    let mut links = Vec::with_capacity(pages.len());
    let mut problems = Vec::new();
    for r in resolved {
        match r {
            Ok(urls) => links.push(urls),
            Err(mut d) => problems.append(&mut d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let allow_html = config.markdown.allow_html;
    // Bodies are rendered with the words of the callouts: other words, other bodies.
    let prev = prev.filter(|s| s.config.markdown.allow_html == allow_html && s.labels == labels);
    let Some(main_labels) = labels.get(&config.language) else {
        return Err(vec![Diagnostic::new(
            "site.yaml",
            0,
            0,
            text!("site.no_labels", lang = &config.language),
            text!("site.no_labels_fix"),
        )]);
    };
    let labels_of = |lang: &str| labels.get(lang).unwrap_or(main_labels);
    // The index in the previous build of the same page with the same links, whose body and
    // its fingerprint stay.
    let same_body = |i: usize| -> Option<usize> {
        let prev = prev?;
        let p = &pages[i];
        let j = was_at(&prev.pages, i, p)?;
        let (was, is) = (&prev.links[j], &links[i]);
        (Arc::ptr_eq(was, is) || was == is).then_some(j)
    };
    let render = |i: usize| render_body(&pages[i], &links[i], allow_html, labels_of);
    let bodies = Bodies::new(
        &pages,
        &links,
        keep,
        render,
        same_body,
        prev.map(|s| &s.bodies),
    );
    let main_labels = main_labels.clone();
    // When no page changed where or how it is listed, the lists are the previous ones.
    // Lists depend on the clock only through lifecycle moments; none may lie in between.
    let same_places =
        prev.filter(|prev| {
            let no_moment_passed =
                prev.next_change.as_ref().is_none_or(|n| n.at > now) && prev.now <= now;
            no_moment_passed
                && prev.pages.len() == pages.len()
                && prev.pages.iter().zip(&pages).all(|(a, b)| {
                    Arc::ptr_eq(a, b) || (a.rel == b.rel && a.list_hash == b.list_hash)
                })
        });
    // Titles order pages of the same date (and menu entries of the same rank), so a new
    // title may need the lists grouped again. Usually they would come out as before: for the
    // one title a save changes, that is checked without grouping.
    let same_order = same_places.is_some_and(|prev| {
        let mut retitled = (0..pages.len())
            .filter(|&i| !Arc::ptr_eq(&prev.pages[i], &pages[i]))
            .filter(|&i| prev.pages[i].title != pages[i].title);
        match (retitled.next(), retitled.next()) {
            (None, _) => true,
            (Some(i), None) => keeps_place(&prev.pages[i], &pages, i),
            (Some(_), Some(_)) => false,
        }
    });
    let mut site = Site {
        now,
        bodies,
        main_labels,
        lists: Arc::default(),
        translations: Arc::default(),
        neighbours: Arc::default(),
        lists_reused: false,
        next_change,
        skipped,
        pages,
        links,
        labels,
        config,
    };
    match same_places {
        Some(prev) if same_order => site.reuse_lists(prev),
        _ => {
            group(&mut site);
            // Several new titles that left every order as it was.
            if let Some(prev) = same_places.filter(|prev| {
                prev.lists == site.lists
                    && prev.translations == site.translations
                    && prev.neighbours == site.neighbours
            }) {
                site.reuse_lists(prev);
            }
        }
    }
    Ok(site)
}

/// The order of every dated list: newest first, then by title, then by file.
pub fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    (Reverse(a.date), &a.title, &a.rel).cmp(&(Reverse(b.date), &b.title, &b.rel))
}

/// Whether page `i` of `pages`, whose title alone changed since it was `was` (among what
/// grouping reads), keeps its place in every list: no other page of its date has a title
/// between its old and its new one. Dated lists order by date, then title ([`newest_first`]);
/// the rest keep their order ([`group`]), except the menu, which orders by title too.
fn keeps_place(was: &Page, pages: &[Arc<Page>], i: usize) -> bool {
    let now = &pages[i];
    if now.menu.is_some() {
        return false;
    }
    let (low, high) = if was.title <= now.title {
        (&was.title, &now.title)
    } else {
        (&now.title, &was.title)
    };
    pages
        .iter()
        .enumerate()
        .all(|(j, q)| j == i || q.date != now.date || q.title < *low || q.title > *high)
}

/// Orders and groups pages into each language's lists.
fn group(site: &mut Site) {
    let pages = &site.pages;
    let config = &site.config;
    let newest_first = |a: &usize, b: &usize| newest_first(&pages[*a], &pages[*b]);
    // Pages by translation key, in page order.
    let mut by_key: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut keys: Vec<&str> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let group = by_key.entry(p.key.as_str()).or_default();
        if group.is_empty() {
            keys.push(p.key.as_str());
        }
        group.push(i);
    }
    let mut translations = vec![Vec::new(); pages.len()];
    for group in by_key.values().filter(|g| g.len() > 1) {
        for &i in group {
            translations[i] = group.clone();
        }
    }
    let rank = |lang: &str| config.lang_index(lang).unwrap_or(usize::MAX);
    let mut neighbours = vec![(None, None); pages.len()];
    let mut all_lists = Vec::with_capacity(1 + config.languages.len());
    for lang in config.langs() {
        let mut lists = Lists::default();
        for c in &config.categories {
            lists.categories.insert(c.id.clone(), Vec::new());
        }
        for key in &keys {
            let group = &by_key[key];
            // This language's version, else the main language's, else the first by language.
            let Some(&i) = group
                .iter()
                .find(|&&i| pages[i].lang == lang)
                .or_else(|| group.iter().min_by_key(|&&i| rank(&pages[i].lang)))
            else {
                continue;
            };
            let p = &pages[i];
            match p.kind {
                PageKind::Lesson => lists.lessons.push(i),
                PageKind::Announcement => {
                    if lifecycle::status(p, site.now) == Status::Expired {
                        lists.archived.push(i);
                    } else {
                        lists.current.push(i);
                    }
                }
                PageKind::Page if p.menu.is_some() => lists.menu.push(i),
                PageKind::Page => {}
            }
        }
        lists.lessons.sort_by(newest_first);
        lists.current.sort_by(newest_first);
        lists.archived.sort_by(newest_first);
        lists
            .menu
            .sort_by_key(|&i| (pages[i].menu, pages[i].title.clone()));
        lists.banner = lists
            .current
            .iter()
            .copied()
            .filter(|&i| pages[i].urgency == crate::model::frontmatter::Urgency::Urgent)
            .collect();
        let mut tags = Taxa::default();
        let mut audiences = Taxa::default();
        for &i in &lists.lessons {
            let p = &pages[i];
            if let Some(list) = p
                .category
                .as_ref()
                .and_then(|c| lists.categories.get_mut(c))
            {
                list.push(i);
            }
            if p.lang != lang {
                continue;
            }
            for (tag, slug) in p.tags.iter().zip(&p.tag_slugs) {
                tags.add(tag, slug, i, p);
            }
            for (who, slug) in p.audience.iter().zip(&p.audience_slugs) {
                audiences.add(who, slug, i, p);
            }
        }
        lists.tags = tags.into_map();
        lists.audiences = audiences.into_map();
        lists.campaigns = campaign_members(config, pages, &lists);
        for list in lists.categories.values_mut() {
            // Weighted lessons first (lowest weight first), then newest first, as in `lessons`.
            list.sort_by_key(|&i| pages[i].weight.unwrap_or(i64::MAX));
            for (pos, &i) in list.iter().enumerate() {
                // A page's neighbours are those of its own language's list.
                if pages[i].lang == lang {
                    let prev = pos.checked_sub(1).map(|k| list[k]);
                    neighbours[i] = (prev, list.get(pos + 1).copied());
                }
            }
        }
        all_lists.push(lists);
    }
    site.translations = Arc::new(translations);
    site.neighbours = Arc::new(neighbours);
    site.lists = Arc::new(all_lists);
}

/// Each campaign's lessons and announcements among one language's lists, newest first.
fn campaign_members(
    config: &Config,
    pages: &[Arc<Page>],
    lists: &Lists,
) -> BTreeMap<String, Vec<usize>> {
    let mut out: BTreeMap<String, Vec<usize>> = config
        .campaigns
        .iter()
        .map(|c| (c.id.clone(), Vec::new()))
        .collect();
    for &i in lists
        .lessons
        .iter()
        .chain(&lists.current)
        .chain(&lists.archived)
    {
        for id in &pages[i].campaigns {
            if let Some(members) = out.get_mut(id) {
                members.push(i);
            }
        }
    }
    for members in out.values_mut() {
        members.sort_by(|a, b| newest_first(&pages[*a], &pages[*b]));
    }
    out
}

/// Which lesson names a taxon: the oldest (earliest date, then first file path).
type NamedBy<'a> = (Option<Timestamp>, &'a str);

/// Tags or audiences being collected: a hash index while grouping, sorted at the end.
#[derive(Default)]
struct Taxa<'a> {
    index: FxHashMap<&'a str, usize>,
    /// Slug, taxon, and the lesson whose spelling the taxon shows.
    entries: Vec<(&'a str, Taxon, NamedBy<'a>)>,
}

impl<'a> Taxa<'a> {
    /// Adds lesson `page` (`p`) under `slug`, written `name` there.
    fn add(&mut self, name: &'a str, slug: &'a str, page: usize, p: &'a Page) {
        let by = (p.date, p.rel.as_str());
        match self.index.get(slug) {
            Some(&k) => {
                let (_, taxon, named_by) = &mut self.entries[k];
                taxon.lessons.push(page);
                if by < *named_by {
                    taxon.name = name.to_string();
                    *named_by = by;
                }
            }
            None => {
                self.index.insert(slug, self.entries.len());
                let taxon = Taxon {
                    name: name.to_string(),
                    lessons: vec![page],
                };
                self.entries.push((slug, taxon, by));
            }
        }
    }

    fn into_map(self) -> BTreeMap<String, Taxon> {
        self.entries
            .into_iter()
            .map(|(slug, t, _)| (slug.to_string(), t))
            .collect()
    }
}
