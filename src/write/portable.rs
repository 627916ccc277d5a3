//! Portable builds: every same-site link of an HTML page rewritten relative to the page and
//! ending in `index.html`, so the site works opened from disk or a USB stick (offline kiosks,
//! copies for schools). Links are found by an HTML rewriter, attribute by attribute, and made
//! by [`Urls::relative`]; absolute URLs (canonical, feeds, other sites) stay as they are.

use crate::error::{Error, Result};
use crate::urls::Urls;
use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, element, rewrite_str};

/// The attributes that hold one link.
const LINK_ATTRIBUTES: [&str; 4] = ["href", "src", "action", "poster"];

/// The error type of the rewriter's handlers.
type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// Rewrites the same-site links of the HTML page written at `path` (inside the output).
pub fn relative_links(urls: &Urls, path: &str, html: &[u8]) -> Result<Vec<u8>> {
    let text = std::str::from_utf8(html)
        .map_err(|_| Error::Internal(format!("{path}: rendered HTML is not UTF-8")))?;
    let fix = |el: &mut Element| -> std::result::Result<(), HandlerError> {
        for attr in LINK_ATTRIBUTES {
            if let Some(link) = el.get_attribute(attr)
                && let Some(relative) = urls.relative(path, link.trim())
            {
                el.set_attribute(attr, &relative)?;
            }
        }
        // `srcset` is a list of "link width-or-density" candidates.
        if let Some(set) = el.get_attribute("srcset") {
            let candidates: Vec<String> = set
                .split(',')
                .map(|candidate| {
                    let candidate = candidate.trim();
                    let cut = candidate.find(' ').unwrap_or(candidate.len());
                    let (link, descriptor) = candidate.split_at(cut);
                    match urls.relative(path, link) {
                        Some(relative) => format!("{relative}{descriptor}"),
                        None => candidate.to_string(),
                    }
                })
                .collect();
            el.set_attribute("srcset", &candidates.join(", "))?;
        }
        Ok(())
    };
    let selector = "[href], [src], [action], [poster], [srcset]";
    let settings =
        RewriteStrSettings::new().append_element_content_handler(element!(selector, fix));
    rewrite_str(text, settings)
        .map(String::into_bytes)
        .map_err(|e| Error::Internal(format!("{path}: cannot rewrite links: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_site_links_become_relative() {
        let urls = Urls::new("https://a.gov/safety/", "en");
        let html = r##"<link rel="canonical" href="https://a.gov/safety/lessons/"><link rel="stylesheet" href="/safety/css/style.css"><a href="/safety/lessons/fire/#top">x</a><img src="/safety/lessons/fire/d.png" alt=""><a href="mailto:a@b.c">m</a><a href="#main">s</a><a href="/safety">r</a><img srcset="/safety/a.png 1x, /safety/b.png 2x" src="x.png" alt=""><video poster="/safety/p.png"></video>"##;
        let out = relative_links(&urls, "lessons/index.html", html.as_bytes()).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains(r#"href="https://a.gov/safety/lessons/""#),
            "{out}"
        );
        assert!(out.contains(r#"href="../css/style.css""#), "{out}");
        assert!(
            out.contains(r#"href="../lessons/fire/index.html#top""#),
            "{out}"
        );
        assert!(out.contains(r#"src="../lessons/fire/d.png""#), "{out}");
        assert!(out.contains(r#"href="mailto:a@b.c""#), "{out}");
        assert!(out.contains(r##"href="#main""##), "{out}");
        assert!(out.contains(r#"href="../index.html""#), "{out}");
        assert!(
            out.contains(r#"srcset="../a.png 1x, ../b.png 2x""#),
            "{out}"
        );
        assert!(out.contains(r#"poster="../p.png""#), "{out}");
    }
}
