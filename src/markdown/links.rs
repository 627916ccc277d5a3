//! Link and image destinations: which are internal links to record, which relative paths to
//! resolve against the page's folder, and which pass through untouched.

use super::{InternalLink, MarkdownOptions};
use pulldown_cmark::{CowStr, LinkType};

/// Records internal links and resolves relative ones; neutralises script URLs.
pub(super) fn link_destination<'a>(
    dest: CowStr<'a>,
    link_type: LinkType,
    opts: &MarkdownOptions,
    line: usize,
    col: usize,
    links: &mut Vec<InternalLink>,
) -> CowStr<'a> {
    // `<name@host>`: the destination is the bare address, the HTML writer adds `mailto:`.
    if link_type == LinkType::Email {
        return dest;
    }
    let (path, suffix) = split_suffix(&dest);
    let anchor = suffix.split_once('#').map(|(_, a)| a.to_string());
    // A file name with a space is written `fire%20drill.md` (or `<fire drill.md>`) in a
    // link: the file is looked up by its name as it is on disk.
    let target = if let Some(rest) = path.strip_prefix("@/") {
        Some(decoded(rest))
    } else if is_relative(path) && path.ends_with(".md") {
        Some(join(&opts.content_dir, &decoded(path)))
    } else {
        None
    };
    if let Some(target) = target {
        links.push(InternalLink {
            target,
            anchor,
            line,
            col,
        });
        // The `@/` prefix marks the link for substitution in `render`.
        return CowStr::from(format!("@/{}", links.len()));
    }
    asset_url(dest, opts)
}

/// A link or image destination that is not an internal link: relative paths are resolved
/// against the page's folder, script URLs neutralised, everything else kept as written.
pub(super) fn asset_url<'a>(dest: CowStr<'a>, opts: &MarkdownOptions) -> CowStr<'a> {
    let lower = dest.trim().to_ascii_lowercase();
    if lower.starts_with("javascript:")
        || lower.starts_with("vbscript:")
        || lower.starts_with("data:text")
    {
        return CowStr::Borrowed("#");
    }
    let (path, suffix) = split_suffix(&dest);
    // `/about/` is relative to the site, which may live under a sub-path; `//host/x` is not.
    // A link copied from the address bar already carries the sub-path: keep it as it is.
    if let Some(rest) = path.strip_prefix('/').filter(|r| !r.starts_with('/')) {
        let root = opts.root.as_str();
        let has_root =
            root != "/" && (path.starts_with(root) || path == root.trim_end_matches('/'));
        if has_root {
            return dest;
        }
        return CowStr::from(format!("{root}{rest}{suffix}"));
    }
    if is_relative(path) {
        let mut url = format!("/{}", join(&opts.asset_base, path));
        // `../traffic/` names a folder: without the slash the server answers with a redirect.
        let folder = matches!(path.rsplit('/').next(), Some("" | "." | ".."));
        if folder && !url.ends_with('/') {
            url.push('/');
        }
        url.push_str(suffix);
        return CowStr::from(url);
    }
    dest
}

/// A path with its `%XX` escapes decoded, or as written when they do not make UTF-8.
pub(crate) fn decoded(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_or_else(|_| path.to_string(), |p| p.into_owned())
}

/// Splits a destination into its path and the rest from the first `?` or `#` on, which is
/// kept as written.
fn split_suffix(dest: &str) -> (&str, &str) {
    dest.split_at(dest.find(['?', '#']).unwrap_or(dest.len()))
}

/// Whether a destination is a relative path: not empty, not root-relative, not only a query or
/// a fragment, not `@/…`, and without a URL scheme.
fn is_relative(dest: &str) -> bool {
    !(dest.is_empty()
        || dest.starts_with('/')
        || dest.starts_with('#')
        || dest.starts_with('?')
        || dest.starts_with('@')
        || has_scheme(dest))
}

/// Whether a URL starts with a scheme, RFC 3986 `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`.
/// A colon after a `/` (`notes/a:b.pdf`) is part of a relative path, not a scheme.
pub(super) fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Joins a relative path onto a folder, resolving `.` and `..` without leaving the root.
pub(crate) fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}
