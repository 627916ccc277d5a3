//! The plan: every file the build will produce, with what produces it. Planning renders
//! nothing; it decides paths and finds two sources claiming one URL before anything is written.

use crate::error::Diagnostic;
use crate::site::Site;
use std::collections::BTreeMap;
use std::path::PathBuf;

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
    /// Who claims it, for collision messages: a source file or a built-in page.
    pub origin: String,
}

/// Every output of a build, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The outputs.
    pub outputs: Vec<Output>,
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
    let mut rendered: Vec<(String, Render, String)> = Vec::new();
    let mut add = |url: String, r: Render, origin: &str| {
        rendered.push((url_to_path(&url), r, origin.to_string()))
    };
    add("/".into(), Render::Home, "the home page");
    add("/lessons/".into(), Render::Lessons, "the lessons index");
    for (id, lessons) in &site.categories {
        let base = format!("/lessons/{id}/");
        let pages = page_count(lessons.len(), site.config.paginate);
        for n in 1..=pages {
            add(
                page_url(&base, n),
                Render::Category {
                    id: id.clone(),
                    page: n,
                },
                &format!("category `{id}` in site.yaml"),
            );
        }
    }
    add(
        "/announcements/".into(),
        Render::Announcements,
        "the announcements list",
    );
    add(
        "/announcements/archive/".into(),
        Render::Archive,
        "the announcements archive",
    );
    add("/tags/".into(), Render::Tags, "the tags index");
    let per = site.config.paginate;
    for (slug, t) in &site.tags {
        for page in 1..=page_count(t.lessons.len(), per) {
            let url = page_url(&format!("/tags/{slug}/"), page);
            let slug = slug.clone();
            add(
                url,
                Render::Tag { slug, page },
                &format!("tag `{}`", t.name),
            );
        }
    }
    for (slug, t) in &site.audiences {
        for page in 1..=page_count(t.lessons.len(), per) {
            let url = page_url(&format!("/audience/{slug}/"), page);
            let slug = slug.clone();
            add(
                url,
                Render::Audience { slug, page },
                &format!("audience `{}`", t.name),
            );
        }
    }
    for (i, p) in site.pages.iter().enumerate() {
        add(
            p.url.clone(),
            Render::Page(i),
            &p.source.display().to_string(),
        );
    }
    add("/404.html".into(), Render::NotFound, "the 404 page");
    add("/sitemap.xml".into(), Render::Sitemap, "the sitemap");
    add("/robots.txt".into(), Render::Robots, "robots.txt");
    add("/feed.xml".into(), Render::Feed, "the site feed");
    add(
        "/announcements/feed.xml".into(),
        Render::AnnouncementsFeed,
        "the announcements feed",
    );

    let mut claims: BTreeMap<String, Output> = BTreeMap::new();
    for (path, action, origin) in statics {
        // Site static files replace theme ones on purpose: that is how a site overrides a theme.
        claims.insert(
            path.clone(),
            Output {
                path,
                action,
                origin,
            },
        );
    }
    let mut problems = Vec::new();
    for (path, r, origin) in rendered {
        let output = Output {
            path: path.clone(),
            action: Action::Render(r),
            origin,
        };
        if let Some(existing) = claims.get(&path) {
            problems.push(collision(&path, existing, &output));
            continue;
        }
        claims.insert(path, output);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Plan {
        outputs: claims.into_values().collect(),
    })
}

fn collision(path: &str, a: &Output, b: &Output) -> Diagnostic {
    let file = [a, b]
        .into_iter()
        .find(|o| o.origin.starts_with("content") || o.origin.starts_with("static"))
        .map_or_else(|| b.origin.clone(), |o| o.origin.clone());
    Diagnostic::new(
        file,
        0,
        0,
        format!("two sources claim /{path}: {} and {}", a.origin, b.origin),
        "rename one of them or give one a different `slug`",
    )
}
