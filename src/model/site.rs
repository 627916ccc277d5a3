//! The read-only model of a whole site after `assemble`: which pages are published at `now`,
//! how they are ordered and grouped (categories, tags, audiences, menu, banner), and every
//! page's body rendered with its internal links resolved.

use crate::error::Diagnostic;
use crate::markdown::{self, Labels};
use crate::model::config::Config;
use crate::model::lifecycle::{self, NextChange, Status};
use crate::model::page::{Page, PageKind};
use crate::model::suggest;
use jiff::Timestamp;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Pages sharing a tag or an audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxon {
    /// The name as first written.
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

/// A whole site, ready to plan and render.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// The build's clock.
    pub now: Timestamp,
    /// Every published page, in source path order.
    pub pages: Vec<Arc<Page>>,
    /// Each page's body HTML, by page index.
    pub html: Vec<Arc<str>>,
    /// Per page: a fingerprint of what its body HTML is made from (its file, its resolved
    /// links; the configuration and the callout words are the same for every page).
    pub body_fps: Vec<u64>,
    /// Each page's internal links resolved to URLs, by page index.
    pub links: Vec<Vec<String>>,
    /// The words callouts and task lists were rendered with, by language.
    pub labels: BTreeMap<String, Labels>,
    /// Lessons of the main language per category id, in category order.
    pub categories: BTreeMap<String, Vec<usize>>,
    /// All main-language lessons, newest first.
    pub lessons: Vec<usize>,
    /// Current announcements, newest first.
    pub current: Vec<usize>,
    /// Expired announcements, newest first.
    pub archived: Vec<usize>,
    /// Current urgent announcements, newest first.
    pub banner: Vec<usize>,
    /// Tags by URL slug.
    pub tags: BTreeMap<String, Taxon>,
    /// Audiences by URL slug.
    pub audiences: BTreeMap<String, Taxon>,
    /// Pages in the navigation, in menu order.
    pub menu: Vec<usize>,
    /// Per page: the pages sharing its translation key, itself included (empty when it has
    /// no translation), for language switches.
    pub translations: Vec<Vec<usize>>,
    /// Each page's previous and next lesson in its category's list.
    pub neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Whether the lists above were taken over unchanged from the previous build.
    pub lists_reused: bool,
    /// When the site next changes by itself.
    pub next_change: Option<NextChange>,
    /// What was left out.
    pub skipped: Skipped,
}

impl Site {
    /// Index of the page at a content-relative path.
    pub fn index(&self, rel: &str) -> Option<usize> {
        self.pages
            .binary_search_by(|p| p.rel.as_str().cmp(rel))
            .ok()
    }

    /// Whether announcement `i` is expired.
    pub fn is_expired(&self, i: usize) -> bool {
        lifecycle::status(&self.pages[i], self.now) == Status::Expired
    }
}

/// Builds the site model from parsed pages; drafts are kept only when `drafts` is set.
///
/// Bodies are rendered with `labels[page.lang]` (every site language has its own: the theme
/// check makes sure). With `prev`, a page whose parsed value is the same (`Arc`), whose
/// links resolve to the same URLs and whose language's labels are the same reuses its
/// rendered body instead of rendering it again.
pub fn assemble(
    config: Config,
    all: Vec<Arc<Page>>,
    now: Timestamp,
    drafts: bool,
    labels: BTreeMap<String, Labels>,
    prev: Option<&Site>,
) -> Result<Site, Vec<Diagnostic>> {
    let mut skipped = Skipped::default();
    let mut hidden = HashMap::new();
    let mut pages = Vec::with_capacity(all.len());
    let mut candidates = Vec::with_capacity(all.len());
    for page in all {
        if page.draft && !drafts {
            skipped.drafts += 1;
            hidden.insert(page.rel.clone(), "a draft");
            continue;
        }
        candidates.push(page);
    }
    let next_change = lifecycle::next_change(candidates.iter().map(|p| &**p), now);
    for page in candidates {
        if lifecycle::status(&page, now) == Status::Scheduled {
            skipped.scheduled += 1;
            hidden.insert(page.rel.clone(), "scheduled for later");
            continue;
        }
        pages.push(page);
    }
    if !pages.is_sorted_by(|a, b| a.rel <= b.rel) {
        pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    }
    let by_rel: FxHashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.as_str(), i))
        .collect();
    let resolved: Vec<Result<Vec<String>, Vec<Diagnostic>>> = pages
        .par_iter()
        .map(|p| resolve_links(p, &pages, &by_rel, &hidden))
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
            format!("no callout words for language `{}`", config.language),
            "give the theme an i18n file for it",
        )]);
    };
    let labels_of = |lang: &str| labels.get(lang).unwrap_or(main_labels);
    let reusable = |i: usize, p: &Arc<Page>, urls: &Vec<String>| -> Option<(Arc<str>, u64)> {
        let prev = prev?;
        // Usually nothing was added or removed and the page sits at the same index.
        let j = match prev.pages.get(i) {
            Some(q) if Arc::ptr_eq(q, p) => i,
            _ => prev.index(&p.rel)?,
        };
        (Arc::ptr_eq(&prev.pages[j], p) && prev.links[j] == *urls)
            .then(|| (prev.html[j].clone(), prev.body_fps[j]))
    };
    let (html, body_fps) = pages
        .par_iter()
        .zip(links.par_iter())
        .enumerate()
        .map(|(i, (p, urls))| {
            reusable(i, p, urls).unwrap_or_else(|| {
                let html = markdown::render(&p.body, urls, allow_html, labels_of(&p.lang));
                let mut h = rustc_hash::FxHasher::default();
                (&p.rel, p.source_hash, urls).hash(&mut h);
                (html.into(), h.finish())
            })
        })
        .unzip();
    // When no page changed where or how it is listed, the lists are the previous ones.
    // Lists depend on the clock only through lifecycle moments; none may lie in between.
    let same_lists =
        prev.filter(|prev| {
            let no_moment_passed =
                prev.next_change.as_ref().is_none_or(|n| n.at > now) && prev.now <= now;
            no_moment_passed
                && prev.pages.len() == pages.len()
                && prev.pages.iter().zip(&pages).all(|(a, b)| {
                    Arc::ptr_eq(a, b) || (a.rel == b.rel && a.list_hash == b.list_hash)
                })
        });
    let mut site = Site {
        now,
        html,
        body_fps,
        categories: BTreeMap::new(),
        lessons: Vec::new(),
        current: Vec::new(),
        archived: Vec::new(),
        banner: Vec::new(),
        tags: BTreeMap::new(),
        audiences: BTreeMap::new(),
        menu: Vec::new(),
        translations: Vec::new(),
        neighbours: Vec::new(),
        lists_reused: same_lists.is_some(),
        next_change,
        skipped,
        pages,
        links,
        labels,
        config,
    };
    match same_lists {
        Some(prev) => {
            site.categories = prev.categories.clone();
            site.lessons = prev.lessons.clone();
            site.current = prev.current.clone();
            site.archived = prev.archived.clone();
            site.banner = prev.banner.clone();
            site.tags = prev.tags.clone();
            site.audiences = prev.audiences.clone();
            site.menu = prev.menu.clone();
            site.translations = prev.translations.clone();
            site.neighbours = prev.neighbours.clone();
        }
        None => group(&mut site),
    }
    Ok(site)
}

/// The order of every dated list: newest first, then by title, then by file.
pub fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    (Reverse(a.date), &a.title, &a.rel).cmp(&(Reverse(b.date), &b.title, &b.rel))
}

/// Orders and groups pages into the site's lists.
fn group(site: &mut Site) {
    let main = site.config.language.clone();
    let pages = &site.pages;
    let newest_first = |a: &usize, b: &usize| newest_first(&pages[*a], &pages[*b]);
    for c in &site.config.categories {
        site.categories.insert(c.id.clone(), Vec::new());
    }
    let translated: rustc_hash::FxHashSet<&str> = pages
        .iter()
        .filter(|p| p.lang != main)
        .map(|p| p.key.as_str())
        .collect();
    let mut groups: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, p) in pages.iter().enumerate() {
        if translated.contains(p.key.as_str()) {
            groups.entry(p.key.as_str()).or_default().push(i);
        }
        if p.lang != main {
            continue;
        }
        match p.kind {
            PageKind::Lesson => site.lessons.push(i),
            PageKind::Announcement => {
                if lifecycle::status(p, site.now) == Status::Expired {
                    site.archived.push(i);
                } else {
                    site.current.push(i);
                }
            }
            PageKind::Page if p.menu.is_some() => site.menu.push(i),
            PageKind::Page => {}
        }
    }
    site.translations = vec![Vec::new(); pages.len()];
    for group in groups.into_values() {
        for &i in &group {
            site.translations[i] = group.clone();
        }
    }
    site.lessons.sort_by(newest_first);
    site.current.sort_by(newest_first);
    site.archived.sort_by(newest_first);
    site.menu
        .sort_by_key(|&i| (pages[i].menu, pages[i].title.clone()));
    site.banner = site
        .current
        .iter()
        .copied()
        .filter(|&i| pages[i].urgency == crate::model::frontmatter::Urgency::Urgent)
        .collect();
    let mut tags = Taxa::default();
    let mut audiences = Taxa::default();
    for &i in &site.lessons {
        let p = &pages[i];
        if let Some(list) = p.category.as_ref().and_then(|c| site.categories.get_mut(c)) {
            list.push(i);
        }
        for (tag, slug) in p.tags.iter().zip(&p.tag_slugs) {
            tags.add(tag, slug, i);
        }
        for (who, slug) in p.audience.iter().zip(&p.audience_slugs) {
            audiences.add(who, slug, i);
        }
    }
    site.tags = tags.into_map();
    site.audiences = audiences.into_map();
    site.neighbours = vec![(None, None); pages.len()];
    for list in site.categories.values_mut() {
        // Weighted lessons first (lowest weight first), then newest first, as in `lessons`.
        list.sort_by_key(|&i| pages[i].weight.unwrap_or(i64::MAX));
        for (pos, &i) in list.iter().enumerate() {
            let prev = pos.checked_sub(1).map(|k| list[k]);
            site.neighbours[i] = (prev, list.get(pos + 1).copied());
        }
    }
}

/// Tags or audiences being collected: a hash index while grouping, sorted at the end.
#[derive(Default)]
struct Taxa<'a> {
    index: FxHashMap<&'a str, usize>,
    entries: Vec<(&'a str, Taxon)>,
}

impl<'a> Taxa<'a> {
    fn add(&mut self, name: &'a str, slug: &'a str, page: usize) {
        match self.index.get(slug) {
            Some(&k) => self.entries[k].1.lessons.push(page),
            None => {
                self.index.insert(slug, self.entries.len());
                let taxon = Taxon {
                    name: name.to_string(),
                    lessons: vec![page],
                };
                self.entries.push((slug, taxon));
            }
        }
    }

    fn into_map(self) -> BTreeMap<String, Taxon> {
        self.entries
            .into_iter()
            .map(|(slug, t)| (slug.to_string(), t))
            .collect()
    }
}

/// Resolves one page's internal links to URLs; unknown targets and anchors are problems.
fn resolve_links(
    page: &Page,
    pages: &[Arc<Page>],
    by_rel: &FxHashMap<&str, usize>,
    hidden: &HashMap<String, &str>,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut urls = Vec::with_capacity(page.body.links.len());
    for link in &page.body.links {
        let line = page.body_line + link.line - 1;
        let mut problem = |message: String, fix: String| {
            problems.push(Diagnostic::new(&page.source, line, link.col, message, fix));
        };
        let Some(&target) = by_rel.get(link.target.as_str()) else {
            match hidden.get(&link.target) {
                Some(why) => problem(
                    format!(
                        "the link to `@/{}` points at {why}, which is not published",
                        link.target
                    ),
                    "publish the target first, or remove the link".into(),
                ),
                None => problem(
                    format!(
                        "the link to `@/{}` points at no file{}",
                        link.target,
                        suggest::did_you_mean(&link.target, sorted_keys(by_rel))
                    ),
                    "write the path relative to content/, e.g. `@/lessons/fire/extinguisher.md`"
                        .into(),
                ),
            }
            continue;
        };
        let target_page = &pages[target];
        match &link.anchor {
            Some(a) if !target_page.body.anchors.contains(a) => {
                let ids: Vec<&str> = target_page
                    .body
                    .anchors
                    .iter()
                    .map(String::as_str)
                    .collect();
                problem(
                    format!(
                        "`#{a}` is not a heading in {}{}",
                        link.target,
                        suggest::did_you_mean(a, ids.iter().copied())
                    ),
                    if ids.is_empty() {
                        "remove the `#…` part: the target has no headings".into()
                    } else {
                        format!("use one of: {}", ids.join(", "))
                    },
                );
            }
            Some(a) => urls.push(format!("{}#{a}", target_page.url)),
            None => urls.push(target_page.url.clone()),
        }
    }
    if problems.is_empty() {
        Ok(urls)
    } else {
        Err(problems)
    }
}

/// Keys in sorted order, so suggestions do not depend on hash order.
fn sorted_keys<'a>(map: &FxHashMap<&'a str, usize>) -> Vec<&'a str> {
    let mut keys: Vec<&str> = map.keys().copied().collect();
    keys.sort_unstable();
    keys
}
