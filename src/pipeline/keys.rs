//! Which outputs an edit reaches. Each planned output gets a key: a hash of everything its
//! rendering reads (page data, the summaries it lists, the shared variables its template uses,
//! the template and what it includes). An output whose key is unchanged since the last build
//! renders to the same bytes, so a rebuild renders only outputs whose key changed.
//!
//! Keys must cover every input of `render.rs`; the rebuild invariant test (incremental output
//! byte-identical to a full build) is what holds this module to that.

use crate::model::site::{Site, Taxon};
use crate::outputs::feeds;
use crate::pipeline::plan::{Action, Output, Plan, Render, page_count};
use crate::render::summary::Summaries;
use crate::render::theme::Theme;
use crate::render::{Global, HOME_ANNOUNCEMENTS, HOME_LESSONS, LESSONS_PER_GROUP, neighbours};
use rayon::prelude::*;
use rustc_hash::FxHasher as KeyHasher;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Inputs shared by every key of one build.
pub struct KeyContext<'a> {
    site: &'a Site,
    summaries: &'a Summaries,
    /// Per template: its closure hash combined with the shared variables it reads.
    templates: HashMap<&'static str, u64>,
    base: u64,
}

/// Every template an output is rendered with.
const TEMPLATES: [&str; 12] = [
    "index.html",
    "lessons.html",
    "category.html",
    "tag.html",
    "audience.html",
    "lesson.html",
    "announcement.html",
    "page.html",
    "announcements.html",
    "archive.html",
    "tags.html",
    "404.html",
];

impl<'a> KeyContext<'a> {
    /// Prepares key computation; `globals` are the shared template variables of this build and
    /// `config_hash` identifies the site configuration.
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        summaries: &'a Summaries,
        globals: &[Global],
        config_hash: u64,
    ) -> Self {
        let templates = TEMPLATES
            .iter()
            .map(|&name| {
                let mut h = KeyHasher::default();
                match theme.info(name) {
                    Some(info) => {
                        info.hash.hash(&mut h);
                        for (var, _, fp) in globals {
                            if info.variables.contains(*var) {
                                (var, fp).hash(&mut h);
                            }
                        }
                    }
                    None => name.hash(&mut h),
                }
                (name, h.finish())
            })
            .collect();
        let mut h = KeyHasher::default();
        (
            config_hash,
            theme.generation,
            site.config.markdown.allow_html,
        )
            .hash(&mut h);
        KeyContext {
            site,
            summaries,
            templates,
            base: h.finish(),
        }
    }

    /// The key of every output of `plan`, in plan order.
    pub fn keys(&self, plan: &Plan) -> Vec<u64> {
        plan.outputs.par_iter().map(|o| self.key(o)).collect()
    }

    /// The key of one output.
    pub fn key(&self, output: &Output) -> u64 {
        let mut h = KeyHasher::default();
        (self.base, &output.path).hash(&mut h);
        match &output.action {
            Action::Render(r) => {
                r.hash(&mut h);
                self.render_inputs(r, &mut h);
            }
            Action::Copy(from) => {
                // The file's size and modification time stand for its bytes.
                let meta = std::fs::metadata(from).ok();
                (
                    from,
                    meta.as_ref().map(|m| m.len()),
                    meta.and_then(|m| m.modified().ok()),
                )
                    .hash(&mut h);
            }
            Action::Embedded(bytes) => bytes.hash(&mut h),
        }
        h.finish()
    }

    fn fps(&self, pages: impl Iterator<Item = usize>, h: &mut KeyHasher) {
        for i in pages {
            self.summaries.fps[i].hash(h);
        }
    }

    /// The template's closure and the shared variables it reads.
    fn template(&self, name: &str, h: &mut KeyHasher) {
        match self.templates.get(name) {
            Some(key) => key.hash(h),
            None => name.hash(h),
        }
    }

    /// A page's full content: its source, resolved links and lifecycle state.
    fn page_content(&self, i: usize, h: &mut KeyHasher) {
        let p = &self.site.pages[i];
        (
            &p.rel,
            p.source_hash,
            &self.site.links[i],
            self.site.is_expired(i),
        )
            .hash(h);
    }

    fn list(&self, lessons: &[usize], n: usize, h: &mut KeyHasher) {
        let per = self.site.config.paginate;
        (lessons.len(), page_count(lessons.len(), per)).hash(h);
        self.fps(lessons.iter().skip((n - 1) * per).take(per).copied(), h);
    }

    fn taxon(&self, map: &BTreeMap<String, Taxon>, slug: &str, n: usize, h: &mut KeyHasher) {
        if let Some(t) = map.get(slug) {
            t.name.hash(h);
            self.list(&t.lessons, n, h);
        }
    }

    fn render_inputs(&self, r: &Render, h: &mut KeyHasher) {
        let site = self.site;
        match r {
            Render::Home => {
                self.template("index.html", h);
                self.fps(site.current.iter().take(HOME_ANNOUNCEMENTS).copied(), h);
                self.fps(site.lessons.iter().take(HOME_LESSONS).copied(), h);
            }
            Render::Lessons => {
                self.template("lessons.html", h);
                for c in &site.config.categories {
                    let lessons = site.categories.get(&c.id).map(Vec::as_slice).unwrap_or(&[]);
                    lessons.len().hash(h);
                    self.fps(lessons.iter().take(LESSONS_PER_GROUP).copied(), h);
                }
            }
            Render::Category { id, page } => {
                self.template("category.html", h);
                self.list(
                    site.categories.get(id).map(Vec::as_slice).unwrap_or(&[]),
                    *page,
                    h,
                );
            }
            Render::Tag { slug, page } => {
                self.template("tag.html", h);
                self.taxon(&site.tags, slug, *page, h);
            }
            Render::Audience { slug, page } => {
                self.template("audience.html", h);
                self.taxon(&site.audiences, slug, *page, h);
            }
            Render::Page(i) => {
                let i = *i;
                let template = match site.pages[i].kind {
                    crate::model::page::PageKind::Lesson => "lesson.html",
                    crate::model::page::PageKind::Announcement => "announcement.html",
                    crate::model::page::PageKind::Page => "page.html",
                };
                self.template(template, h);
                self.page_content(i, h);
                self.summaries.fps[i].hash(h);
                let (prev, next) = neighbours(site, i);
                self.fps(prev.into_iter().chain(next), h);
                for &j in site
                    .translations
                    .get(&site.pages[i].key)
                    .into_iter()
                    .flatten()
                {
                    (&site.pages[j].lang, &site.pages[j].url).hash(h);
                }
            }
            Render::Announcements => {
                self.template("announcements.html", h);
                self.fps(site.current.iter().copied(), h);
            }
            Render::Archive => {
                self.template("archive.html", h);
                self.fps(site.archived.iter().copied(), h);
            }
            Render::Tags => {
                self.template("tags.html", h);
                for (slug, t) in &site.tags {
                    (slug, &t.name, t.lessons.len()).hash(h);
                }
            }
            Render::NotFound => self.template("404.html", h),
            Render::Robots => {}
            Render::Sitemap => {
                for (i, p) in site.pages.iter().enumerate() {
                    (i, &p.url, p.date, p.updated).hash(h);
                }
                for (prefix, map) in [("c", &site.categories)] {
                    for (id, list) in map {
                        (prefix, id, list.len()).hash(h);
                    }
                }
                for map in [&site.tags, &site.audiences] {
                    for (slug, t) in map {
                        (slug, t.lessons.len()).hash(h);
                    }
                }
            }
            Render::Feed => {
                for i in feeds::site_feed_entries(site) {
                    self.page_content(i, h);
                }
            }
            Render::AnnouncementsFeed => {
                for &i in &site.current {
                    self.page_content(i, h);
                }
            }
        }
    }
}
