//! The one place where a page, listing or file becomes a path in the output and a URL.
//!
//! Everything else asks this module: the plan for output paths, pages and templates for links,
//! feeds and the sitemap for absolute URLs, and portable builds for relative links. A site
//! published under a sub-path (`https://www.city.gov.cn/safety/`) therefore just works, and
//! a new URL format is one edit here.
//!
//! Paths in the output keep their real characters (`lessons/fire/灭火器/`, what a web server
//! finds on disk after decoding a request); links and absolute URLs are percent-encoded
//! (`/lessons/fire/%E7%81%AD%E7%81%AB%E5%99%A8/`), so every browser, crawler and feed reader
//! reads them alike.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::borrow::Cow;

/// What a link's path keeps as it is: RFC 3986 `pchar` (unreserved characters, sub-delims,
/// `:` and `@`) and the `/` between segments. Everything else, each byte of a non-ASCII
/// character's UTF-8 included, is percent-encoded; so is `%` itself, as paths name files.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@')
    .remove(b'/');

/// What a base path from `base_url` keeps: as [`PATH`], and `%`, as it is part of a URL.
const BASE_PATH: &AsciiSet = &PATH.remove(b'%');

/// A path inside the site as it is written in a link: percent-encoded by [`PATH`].
fn encode(path: &str) -> Cow<'_, str> {
    utf8_percent_encode(path, PATH).into()
}

/// Appends `path` percent-encoded as [`encode`] does, without a string of its own.
fn push_encoded(out: &mut String, path: &str) {
    out.extend(utf8_percent_encode(path, PATH));
}

/// The link to the element with id `id` on the same page: `#` and the id, percent-encoded
/// (`#发生火灾时` → `#%E5%8F%91…`); a browser decodes it to find the element.
pub fn fragment(id: &str) -> String {
    format!("#{}", encode(id))
}

/// Where a site is published and how its links are written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Urls {
    /// Scheme and host, e.g. `https://www.city.gov.cn` (no trailing slash).
    origin: String,
    /// The base path, starting and ending with `/`: `/` or `/safety/`.
    root: String,
    /// The main language: its pages have no language prefix.
    main_lang: String,
}

/// A place in a site, made from typed inputs. `lang` is a page language code; the main
/// language has no prefix, others live under `/<lang>/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route<'a> {
    /// `/`.
    Home {
        /// Language.
        lang: &'a str,
    },
    /// `/lessons/`.
    Lessons {
        /// Language.
        lang: &'a str,
    },
    /// `/lessons/<id>/`, and `page/N/` after the first page.
    Category {
        /// Language.
        lang: &'a str,
        /// Category id.
        id: &'a str,
        /// 1-based page number.
        page: usize,
    },
    /// `/lessons/<category>/<slug>/`.
    Lesson {
        /// Language.
        lang: &'a str,
        /// Category id.
        category: &'a str,
        /// Slug.
        slug: &'a str,
    },
    /// `/announcements/`.
    Announcements {
        /// Language.
        lang: &'a str,
    },
    /// `/announcements/archive/`.
    Archive {
        /// Language.
        lang: &'a str,
    },
    /// `/announcements/<slug>/`.
    Announcement {
        /// Language.
        lang: &'a str,
        /// Slug.
        slug: &'a str,
    },
    /// `/<slug>/`: a plain page.
    Page {
        /// Language.
        lang: &'a str,
        /// Slug.
        slug: &'a str,
    },
    /// `/tags/`.
    Tags {
        /// Language.
        lang: &'a str,
    },
    /// `/tags/<slug>/`, and `page/N/` after the first page.
    Tag {
        /// Language.
        lang: &'a str,
        /// Tag slug.
        slug: &'a str,
        /// 1-based page number.
        page: usize,
    },
    /// `/audience/<slug>/`, and `page/N/` after the first page.
    Audience {
        /// Language.
        lang: &'a str,
        /// Audience slug.
        slug: &'a str,
        /// 1-based page number.
        page: usize,
    },
    /// `/search/`: the search page.
    Search {
        /// Language.
        lang: &'a str,
    },
    /// `/feed.xml`.
    Feed {
        /// Language.
        lang: &'a str,
    },
    /// `/announcements/feed.xml`.
    AnnouncementsFeed {
        /// Language.
        lang: &'a str,
    },
    /// `/404.html`.
    NotFound {
        /// Language.
        lang: &'a str,
    },
    /// `/sitemap.xml`: the sitemap, or the sitemap index of a site too big for one file.
    Sitemap,
    /// `/sitemap-<n>.xml`: part `n` (1-based) of a sitemap split in files of at most 50,000 URLs.
    SitemapPart(usize),
    /// `/robots.txt`.
    Robots,
    /// A file by its path in the output (`css/style.css`, `lessons/fire/diagram.png`).
    File(&'a str),
    /// `/announcements/<slug>/alert.xml`: an announcement's CAP alert.
    Alert {
        /// Language of the announcement's page the alert sits beside.
        lang: &'a str,
        /// Slug.
        slug: &'a str,
    },
    /// `/announcements/cap.xml`: the Atom feed of current CAP alerts.
    CapFeed,
    /// `/campaigns/`: every campaign, running, upcoming and ended.
    Campaigns {
        /// Language.
        lang: &'a str,
    },
    /// `/campaigns/<id>/`: one campaign's lessons and announcements.
    Campaign {
        /// Language.
        lang: &'a str,
        /// Campaign id.
        id: &'a str,
    },
    /// `/lessons/<category>/<slug>/poster/`: a lesson's one-page print poster.
    Poster {
        /// Language.
        lang: &'a str,
        /// Category id.
        category: &'a str,
        /// The lesson's slug.
        slug: &'a str,
    },
}

impl<'a> Route<'a> {
    /// The route's language, to read or change; `None` for routes without one.
    fn lang_mut(&mut self) -> Option<&mut &'a str> {
        match self {
            Route::Home { lang }
            | Route::Lessons { lang }
            | Route::Category { lang, .. }
            | Route::Lesson { lang, .. }
            | Route::Announcements { lang }
            | Route::Archive { lang }
            | Route::Announcement { lang, .. }
            | Route::Page { lang, .. }
            | Route::Tags { lang }
            | Route::Tag { lang, .. }
            | Route::Audience { lang, .. }
            | Route::Feed { lang }
            | Route::AnnouncementsFeed { lang }
            | Route::Search { lang }
            | Route::NotFound { lang }
            | Route::Alert { lang, .. }
            | Route::Campaigns { lang }
            | Route::Campaign { lang, .. }
            | Route::Poster { lang, .. } => Some(lang),
            Route::Sitemap
            | Route::SitemapPart(_)
            | Route::Robots
            | Route::File(_)
            | Route::CapFeed => None,
        }
    }

    /// The same place in language `other`; routes without a language stay as they are.
    pub fn in_lang(mut self, other: &'a str) -> Route<'a> {
        if let Some(lang) = self.lang_mut() {
            *lang = other;
        }
        self
    }

    /// The language of the page or listing, if the route is one.
    pub fn lang(&self) -> Option<&'a str> {
        let mut route = *self;
        route.lang_mut().map(|lang| *lang)
    }
}

impl Urls {
    /// The URLs of a site published at `base_url`, an absolute http(s) URL with or without a
    /// path (`https://www.city.gov.cn/safety/`), whose main language is `main_lang`. The
    /// scheme and host are lowercased and repeated slashes in the path collapsed; an address
    /// that cannot be a site's base (no host, a `?query` or `#fragment`) is refused with the
    /// reason.
    pub fn parse(base_url: &str, main_lang: &str) -> Result<Self, crate::messages::Text> {
        use crate::text;
        let base = base_url.trim();
        let (scheme, rest) = base
            .split_once("://")
            .ok_or_else(|| text!("urls.not_absolute"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(text!("urls.not_absolute"));
        }
        if rest.contains(['?', '#']) {
            return Err(text!("urls.query"));
        }
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(text!("urls.no_host"));
        }
        let segments: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        // The base path is part of a URL already: `%` escapes in it stay, other characters
        // are encoded as in every link.
        let root = if segments.is_empty() {
            "/".to_string()
        } else {
            let root = format!("/{}/", segments.join("/"));
            utf8_percent_encode(&root, BASE_PATH).to_string()
        };
        Ok(Urls {
            origin: format!("{scheme}://{}", host.to_ascii_lowercase()),
            root,
            main_lang: main_lang.to_string(),
        })
    }

    /// [`Urls::parse`] for an address already checked; an unusable one gives the default
    /// `http://localhost:1111`.
    pub fn new(base_url: &str, main_lang: &str) -> Self {
        Self::parse(base_url, main_lang).unwrap_or_else(|_| Urls {
            origin: "http://localhost:1111".into(),
            root: "/".into(),
            main_lang: main_lang.to_string(),
        })
    }

    /// The host, with its port if it has one: `www.city.gov.cn`, `localhost:1111`.
    pub fn host(&self) -> &str {
        self.origin
            .split_once("://")
            .map_or(&self.origin, |(_, h)| h)
    }

    /// The base path, `/` or e.g. `/safety/`.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The base URL without a trailing slash, e.g. `https://www.city.gov.cn/safety` (what
    /// templates get as `site.base_url`).
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin, self.root.trim_end_matches('/'))
    }

    /// The route's path inside the site, without the base path or a leading slash:
    /// `lessons/fire/extinguisher/`, `feed.xml`, or `` for the home page.
    pub fn path(&self, route: Route) -> String {
        // Pieces pushed rather than `write!`: every link of every page is made here.
        let mut out = String::with_capacity(48);
        let prefixed = |l: &&str| !l.is_empty() && !l.eq_ignore_ascii_case(&self.main_lang);
        if let Some(lang) = route.lang().filter(prefixed) {
            // The prefix is the language tag lowercased: `zh-CN` lives under `zh-cn/`.
            out.push_str(&lang.to_ascii_lowercase());
            out.push('/');
        }
        let mut push = |pieces: &[&str]| pieces.iter().for_each(|p| out.push_str(p));
        match route {
            Route::Home { .. } => {}
            Route::Lessons { .. } => push(&["lessons/"]),
            Route::Category { id, page, .. } => push(&["lessons/", id, "/", &page_suffix(page)]),
            Route::Lesson { category, slug, .. } => push(&["lessons/", category, "/", slug, "/"]),
            Route::Announcements { .. } => push(&["announcements/"]),
            Route::Archive { .. } => push(&["announcements/archive/"]),
            Route::Announcement { slug, .. } => push(&["announcements/", slug, "/"]),
            Route::Page { slug, .. } => push(&[slug, "/"]),
            Route::Tags { .. } => push(&["tags/"]),
            Route::Tag { slug, page, .. } => push(&["tags/", slug, "/", &page_suffix(page)]),
            Route::Audience { slug, page, .. } => {
                push(&["audience/", slug, "/", &page_suffix(page)]);
            }
            Route::Search { .. } => push(&["search/"]),
            Route::Feed { .. } => push(&["feed.xml"]),
            Route::AnnouncementsFeed { .. } => push(&["announcements/feed.xml"]),
            Route::NotFound { .. } => push(&["404.html"]),
            Route::Sitemap => push(&["sitemap.xml"]),
            Route::SitemapPart(n) => push(&["sitemap-", &n.to_string(), ".xml"]),
            Route::Robots => push(&["robots.txt"]),
            Route::File(path) => push(&[path.trim_start_matches('/')]),
            Route::Alert { slug, .. } => push(&["announcements/", slug, "/alert.xml"]),
            Route::CapFeed => push(&["announcements/cap.xml"]),
            Route::Campaigns { .. } => push(&["campaigns/"]),
            Route::Campaign { id, .. } => push(&["campaigns/", id, "/"]),
            Route::Poster { category, slug, .. } => {
                push(&["lessons/", category, "/", slug, "/poster/"]);
            }
        }
        out
    }

    /// The link to a route from any page of the site: the base path plus its path,
    /// percent-encoded.
    pub fn href(&self, route: Route) -> String {
        self.href_of_path(&self.path(route))
    }

    /// The link to a path inside the site (as [`Urls::path`] gives it), percent-encoded.
    pub fn href_of_path(&self, path: &str) -> String {
        let mut out = String::with_capacity(self.root.len() + path.len() + 16);
        out.push_str(&self.root);
        push_encoded(&mut out, path);
        out
    }

    /// The absolute URL of a route, percent-encoded, for feeds, sitemaps and canonical links.
    pub fn permalink(&self, route: Route) -> String {
        self.permalink_of_path(&self.path(route))
    }

    /// The absolute URL of a path inside the site, percent-encoded.
    pub fn permalink_of_path(&self, path: &str) -> String {
        let mut out = String::with_capacity(self.origin.len() + self.root.len() + path.len() + 16);
        out.push_str(&self.origin);
        out.push_str(&self.root);
        push_encoded(&mut out, path);
        out
    }

    /// Where a route is written inside the output folder (`lessons/fire/index.html`).
    pub fn output_file(&self, route: Route) -> String {
        file_of_path(&self.path(route))
    }

    /// A same-site link written as a path relative to the output file `from` (both inside
    /// the output folder), ending in `index.html` where it names a folder, so the site works
    /// when opened from disk. `None` when `href` is not a link into this site.
    pub fn relative(&self, from: &str, href: &str) -> Option<String> {
        if href.starts_with("//") {
            return None;
        }
        // The base path without its slash (`/safety`) is the home page too.
        let bare = self.root.strip_suffix('/').filter(|b| !b.is_empty());
        let rest = match (href.strip_prefix(&self.root), bare) {
            (Some(rest), _) => rest,
            (None, Some(bare)) => href
                .strip_prefix(bare)
                .filter(|rest| rest.is_empty() || rest.starts_with(['?', '#']))?,
            (None, None) => return None,
        };
        let cut = rest.find(['?', '#']).unwrap_or(rest.len());
        let (path, suffix) = rest.split_at(cut);
        let target = file_of_path(path);
        let depth = from.matches('/').count();
        let mut out = "../".repeat(depth);
        out.push_str(&target);
        out.push_str(suffix);
        Some(out)
    }
}

/// The output file of a path inside the site: a folder (`a/`, or `` for home) gets its
/// `index.html`.
pub fn file_of_path(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

fn page_suffix(page: usize) -> String {
    if page <= 1 {
        String::new()
    } else {
        format!("page/{page}/")
    }
}

/// How many pages a list of `items` needs at `per` a page (an empty list still has one).
pub fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per.max(1)).max(1)
}

#[cfg(test)]
mod tests;
