//! The plan: every file the build will produce, with what produces it. Planning renders
//! nothing; it decides paths and finds two sources claiming one URL before anything is written.

use crate::error::Diagnostic;
use crate::model::site::Site;
use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

/// A rendered output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Render {
    /// `/`.
    Home,
    /// `/lessons/`.
    Lessons,
    /// `/lessons/<id>/` and `/lessons/<id>/page/N/` (1-based page).
    Category {
        /// Category id.
        id: String,
        /// 1-based page number.
        page: usize,
    },
    /// A lesson, announcement or plain page, by page index.
    Page(usize),
    /// `/announcements/`.
    Announcements,
    /// `/announcements/archive/`.
    Archive,
    /// `/tags/`.
    Tags,
    /// `/tags/<slug>/` and `/tags/<slug>/page/N/`.
    Tag {
        /// Tag slug.
        slug: String,
        /// 1-based page number.
        page: usize,
    },
    /// `/audience/<slug>/` and `/audience/<slug>/page/N/`.
    Audience {
        /// Audience slug.
        slug: String,
        /// 1-based page number.
        page: usize,
    },
    /// `/404.html`.
    NotFound,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// `/feed.xml`.
    Feed,
    /// `/announcements/feed.xml`.
    AnnouncementsFeed,
}

/// How an output file is produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Rendered from the site model.
    Render(Render),
    /// Copied from a file (absolute path).
    Copy(PathBuf),
    /// Written from bytes compiled into the binary (the built-in theme's static files).
    Embedded(&'static [u8]),
}

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path inside the output folder with `/` separators, e.g. `lessons/fire/index.html`.
    pub path: String,
    /// What produces it.
    pub action: Action,
    /// The file it comes from, for copies (rendered outputs are described from their action).
    pub origin: Option<String>,
}

/// Every output of a build, in a deterministic order.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The outputs (shared: a rebuild that changes no URL reuses the previous plan).
    pub outputs: Arc<Vec<Output>>,
    /// Hash of everything that decides the outputs, apart from static files (see [`shape`]).
    pub shape: u64,
}

/// Hashes what decides the set of rendered outputs: page URLs and list lengths. Two sites
/// with the same shape (and the same static files) have the same plan.
pub fn shape(site: &Site) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    site.config.paginate.hash(&mut h);
    for p in &site.pages {
        p.url.hash(&mut h);
    }
    for (id, list) in &site.categories {
        (id, list.len()).hash(&mut h);
    }
    for map in [&site.tags, &site.audiences] {
        for (slug, t) in map {
            (slug, t.lessons.len()).hash(&mut h);
        }
        0xffu8.hash(&mut h);
    }
    h.finish()
}

/// A static file source: (path in the output, action, origin).
pub type StaticFile = (String, Action, String);

/// The output file path of a root-relative URL: `/a/` → `a/index.html`.
pub fn url_to_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// How many pages a list of `items` needs at `per` a page (an empty list still has one).
pub fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per.max(1)).max(1)
}

/// The URL of page `n` (1-based) of a paginated list at `base`.
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// Plans every output. `statics` are theme then site static files (later ones override earlier
/// ones at the same path), then content assets; a page and a file claiming one path collide.
pub fn plan(site: &Site, statics: Vec<StaticFile>) -> Result<Plan, Vec<Diagnostic>> {
    let mut outputs: Vec<Output> = Vec::with_capacity(statics.len() + site.pages.len() * 2);
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    index.reserve(outputs.capacity());
    for (path, action, origin) in statics {
        // Site static files replace theme ones on purpose: that is how a site overrides a theme.
        let output = Output {
            path: path.clone(),
            action,
            origin: Some(origin),
        };
        match index.get(&path) {
            Some(&i) => outputs[i] = output,
            None => {
                index.insert(path, outputs.len());
                outputs.push(output);
            }
        }
    }
    let mut problems = Vec::new();
    let mut add = |url: &str, r: Render| {
        let path = url_to_path(url);
        let output = Output {
            path: path.clone(),
            action: Action::Render(r),
            origin: None,
        };
        match index.get(&path) {
            Some(&i) => problems.push(collision(site, &path, &outputs[i], &output)),
            None => {
                index.insert(path, outputs.len());
                outputs.push(output);
            }
        }
    };
    add("/", Render::Home);
    add("/lessons/", Render::Lessons);
    let per = site.config.paginate;
    for (id, lessons) in &site.categories {
        let base = format!("/lessons/{id}/");
        for page in 1..=page_count(lessons.len(), per) {
            add(
                &page_url(&base, page),
                Render::Category {
                    id: id.clone(),
                    page,
                },
            );
        }
    }
    add("/announcements/", Render::Announcements);
    add("/announcements/archive/", Render::Archive);
    add("/tags/", Render::Tags);
    for (slug, t) in &site.tags {
        let base = format!("/tags/{slug}/");
        for page in 1..=page_count(t.lessons.len(), per) {
            add(
                &page_url(&base, page),
                Render::Tag {
                    slug: slug.clone(),
                    page,
                },
            );
        }
    }
    for (slug, t) in &site.audiences {
        let base = format!("/audience/{slug}/");
        for page in 1..=page_count(t.lessons.len(), per) {
            add(
                &page_url(&base, page),
                Render::Audience {
                    slug: slug.clone(),
                    page,
                },
            );
        }
    }
    for (i, p) in site.pages.iter().enumerate() {
        add(&p.url, Render::Page(i));
    }
    add("/404.html", Render::NotFound);
    add("/sitemap.xml", Render::Sitemap);
    add("/robots.txt", Render::Robots);
    add("/feed.xml", Render::Feed);
    add("/announcements/feed.xml", Render::AnnouncementsFeed);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Plan {
        outputs: Arc::new(outputs),
        shape: shape(site),
    })
}

/// Who claims an output, in words: a source file or a built-in page.
fn describe(site: &Site, output: &Output) -> String {
    if let Some(origin) = &output.origin {
        return origin.clone();
    }
    let Action::Render(r) = &output.action else {
        return output.path.clone();
    };
    match r {
        Render::Page(i) => site.pages[*i].source.display().to_string(),
        Render::Home => "the home page".into(),
        Render::Lessons => "the lessons index".into(),
        Render::Category { id, .. } => format!("category `{id}` in site.yaml"),
        Render::Tag { slug, .. } => format!("tag `{slug}`"),
        Render::Audience { slug, .. } => format!("audience `{slug}`"),
        Render::Announcements => "the announcements list".into(),
        Render::Archive => "the announcements archive".into(),
        Render::Tags => "the tags index".into(),
        Render::NotFound => "the 404 page".into(),
        Render::Sitemap => "the sitemap".into(),
        Render::Robots => "robots.txt".into(),
        Render::Feed => "the site feed".into(),
        Render::AnnouncementsFeed => "the announcements feed".into(),
    }
}

fn collision(site: &Site, path: &str, a: &Output, b: &Output) -> Diagnostic {
    let (a, b) = (describe(site, a), describe(site, b));
    let file = [&a, &b]
        .into_iter()
        .find(|o| o.starts_with("content") || o.starts_with("static"))
        .unwrap_or(&b)
        .clone();
    Diagnostic::new(
        file,
        0,
        0,
        format!("two sources claim /{path}: {a} and {b}"),
        "rename one of them or give one a different `slug`",
    )
}
