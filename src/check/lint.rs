//! What `check` looks for beyond what a build refuses: pictures that are missing, on another
//! site or without a description; headings that skip a level; lessons without key points;
//! announcements past their expiry still marked urgent. Also gathers each page's links to
//! other sites for `--external`.

use crate::error::Diagnostic;
use crate::markdown;
use crate::messages::Text;
use crate::model::config::Config;
use crate::model::frontmatter::{self, Urgency};
use crate::model::page::{Page, PageKind};
use crate::text;
use jiff::Timestamp;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// A link to another site, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    /// The file, relative to the site root.
    pub path: std::path::PathBuf,
    /// Its 1-based line.
    pub line: usize,
    /// The address.
    pub url: String,
}

/// What the lints need of the whole site.
pub struct Context<'a> {
    /// The site's settings.
    pub config: &'a Config,
    /// Every file the output will hold that a picture may name (theme and site static files,
    /// content assets), as paths in the output.
    pub files: &'a HashSet<String>,
    /// The moment checked at.
    pub now: Timestamp,
    /// The spelling most pages give each tag and audience ([`spellings`]).
    pub spellings: &'a Spellings,
}

/// The usual spelling of each tag and audience name, by (field, language, folded slug):
/// the one most pages write, the oldest page's on a tie.
pub type Spellings = HashMap<(&'static str, String, String), String>;

/// A page's fields of names readers see grouped by slug: (field, names, their slugs).
fn named_fields(page: &Page) -> [(&'static str, &[String], &[String]); 2] {
    [
        ("tags", &page.tags, &page.tag_slugs),
        ("audience", &page.audience, &page.audience_slugs),
    ]
}

/// The usual spellings of the tags and audiences of `pages`.
pub fn spellings<'a>(pages: impl IntoIterator<Item = &'a Page>) -> Spellings {
    // (field, language, slug) → spelling → (pages, the oldest page's date)
    type Seen = HashMap<String, (usize, Option<Timestamp>)>;
    let mut seen: HashMap<(&'static str, String, String), Seen> = HashMap::new();
    for page in pages {
        for (field, names, slugs) in named_fields(page) {
            for (name, slug) in names.iter().zip(slugs) {
                let key = (field, page.lang.clone(), slug.clone());
                let entry = seen
                    .entry(key)
                    .or_default()
                    .entry(name.clone())
                    .or_default();
                entry.0 += 1;
                entry.1 = match (entry.1, page.date) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
        }
    }
    seen.into_iter()
        .filter_map(|(key, names)| {
            let best = names.into_iter().max_by(|(a, (n, at)), (b, (m, bt))| {
                // More pages first; then the older; then a fixed order.
                n.cmp(m).then_with(|| bt.cmp(at)).then_with(|| b.cmp(a))
            })?;
            Some((key, best.0))
        })
        .collect()
}

/// The problems of one page whose file's text is `text`, and its links to other sites.
pub fn page(cx: &Context, page: &Page, text: &str) -> (Vec<Diagnostic>, Vec<ExternalLink>) {
    let mut problems = Vec::new();
    let mut links = Vec::new();
    let Ok(split) = frontmatter::split(text) else {
        return (problems, links);
    };
    let field_line =
        |key: &str| frontmatter::key_line(split.yaml, key).map_or(1, |l| split.yaml_line + l);
    let mut problem = |line: usize, message: Text, fix: Text| {
        problems.push(Diagnostic::new(&page.source, line, 0, message, fix));
    };
    if page.kind == PageKind::Lesson && page.key_points.is_empty() {
        problem(
            field_line("title"),
            text!("check.no_key_points"),
            text!("check.no_key_points_fix"),
        );
    }
    if crate::scaffold::is_placeholder_body(split.body) {
        problem(
            split.body_line,
            text!("check.placeholder_body"),
            text!("check.placeholder_body_fix"),
        );
    }
    // Only a written `urgency: urgent`: an expired orange or red warning is urgent by its
    // level, which stays true of it in the archive.
    if page.kind == PageKind::Announcement
        && page.urgency == Urgency::Urgent
        && frontmatter::key_line(split.yaml, "urgency").is_some()
        && let Some(expires) = page.expires.filter(|e| *e <= cx.now)
    {
        let when = crate::model::dates::moment(expires, &cx.config.timezone);
        problem(
            field_line("expires"),
            text!("check.expired_urgent", when = when),
            text!("check.expired_urgent_fix"),
        );
    }
    for (field, names, slugs) in named_fields(page) {
        for (name, slug) in names.iter().zip(slugs) {
            let key = (field, page.lang.clone(), slug.clone());
            if let Some(usual) = cx.spellings.get(&key).filter(|usual| *usual != name) {
                problem(
                    field_line(field),
                    text!("check.spelling", name = name, usual = usual),
                    text!("check.spelling_fix", usual = usual),
                );
            }
        }
    }
    let body = split.body;
    let line_at = |offset: usize| split.body_line + body[..offset].matches('\n').count();
    let dir = page.rel.rsplit_once('/').map_or("", |(d, _)| d);
    // The heading level before this one; the page's title is its one level-1 heading.
    let mut level = 1;
    let mut image: Option<(usize, String, String)> = None;
    let mut heading: Option<(usize, usize, String)> = None;
    for (event, range) in Parser::new_ext(body, markdown::options(false)).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level: l, .. }) => {
                heading = Some((range.start, l as usize, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((at, l, text)) = heading.take() {
                    if l > level + 1 {
                        problem(
                            line_at(at),
                            text!(
                                "check.heading_skip",
                                text = text.trim(),
                                level = l,
                                previous = level
                            ),
                            text!("check.heading_skip_fix", hashes = "#".repeat(level + 1)),
                        );
                    }
                    level = l;
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((range.start, dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((at, dest, alt)) = image.take() {
                    let line = line_at(at);
                    if alt.trim().is_empty() {
                        problem(
                            line,
                            text!("check.image_no_alt", dest = dest),
                            text!("check.image_no_alt_fix"),
                        );
                    }
                    match picture(cx, dir, &dest) {
                        Picture::Found | Picture::Inline => {}
                        Picture::Missing(path) => problem(
                            line,
                            text!("check.image_missing", dest = dest, path = path),
                            text!("check.image_missing_fix"),
                        ),
                        Picture::Remote => problem(
                            line,
                            text!("check.image_remote", dest = dest),
                            text!("check.image_remote_fix"),
                        ),
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if is_other_site(cx.config, &dest_url) => {
                links.push(ExternalLink {
                    path: page.source.clone(),
                    line: line_at(range.start),
                    url: dest_url.to_string(),
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = &mut image {
                    alt.push_str(&t);
                } else if let Some((_, _, text)) = &mut heading {
                    text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    (problems, links)
}

/// Where a picture's address leads.
enum Picture {
    /// A file the output will hold.
    Found,
    /// Data in the address itself (`data:`).
    Inline,
    /// On another site.
    Remote,
    /// Nothing, at this path in the output.
    Missing(String),
}

/// The host and the rest (path, query, fragment) of an `http`, `https` or `//host` address.
fn split_url(dest: &str) -> Option<(&str, &str)> {
    let scheme = ["https://", "http://", "//"].iter().find(|s| {
        dest.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    })?;
    let rest = &dest[scheme.len()..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some((&rest[..end], &rest[end..]))
}

/// Whether `host` (as written in an address) is the site's own host: the same name in any
/// case, with or without the default port.
fn is_own_host(config: &Config, host: &str) -> bool {
    let bare = |h: &str| {
        let h = h.rsplit('@').next().unwrap_or(h);
        let h = h
            .strip_suffix(":443")
            .or(h.strip_suffix(":80"))
            .unwrap_or(h);
        h.trim_end_matches('.').to_ascii_lowercase()
    };
    bare(host) == bare(config.urls.host())
}

/// Whether `dest` is an address on another site.
fn is_other_site(config: &Config, dest: &str) -> bool {
    split_url(dest).is_some_and(|(host, _)| !is_own_host(config, host))
}

/// Where the picture `dest`, written in a page in the content folder `dir`, leads.
fn picture(cx: &Context, dir: &str, dest: &str) -> Picture {
    if dest.starts_with("data:") {
        return Picture::Inline;
    }
    let dest = match split_url(dest) {
        // The site's own address written out in full is a path on the site.
        Some((host, rest)) if is_own_host(cx.config, host) => rest,
        Some(_) => return Picture::Remote,
        None => dest,
    };
    let dest = dest.split(['?', '#']).next().unwrap_or(dest);
    let dest = markdown::decoded(dest);
    let path = match dest.strip_prefix('/') {
        Some(abs) => {
            let root = cx.config.urls.root().trim_start_matches('/');
            markdown::join("", abs.strip_prefix(root).unwrap_or(abs))
        }
        None => markdown::join(dir, &dest),
    };
    if cx.files.contains(&path) {
        Picture::Found
    } else {
        Picture::Missing(format!("/{path}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_resolve_like_the_pages_links() {
        assert_eq!(
            markdown::join("lessons/fire", "../traffic/./a.png"),
            "lessons/traffic/a.png"
        );
        assert_eq!(markdown::join("lessons", "../../a.png"), "a.png");
        assert_eq!(markdown::join("", "img/a.png"), "img/a.png");
    }

    #[test]
    fn splits_addresses_of_other_sites() {
        assert_eq!(split_url("https://a.gov/x?y"), Some(("a.gov", "/x?y")));
        assert_eq!(split_url("HTTP://A.gov"), Some(("A.gov", "")));
        assert_eq!(
            split_url("//cdn.example/a.png"),
            Some(("cdn.example", "/a.png"))
        );
        assert_eq!(split_url("/lessons/a.png"), None);
        assert_eq!(split_url("mailto:x@y"), None);
        // Chinese addresses: no cut inside a character.
        assert_eq!(split_url("灭火器.png"), None);
        assert_eq!(split_url("灭"), None);
    }
}
