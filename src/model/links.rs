//! Internal links (`@/lessons/fire/extinguisher.md#section`) resolved to the URLs of the
//! pages they name, with a problem naming the file, line and fix for each that names no
//! published page or heading.

use crate::error::Diagnostic;
use crate::messages::Text;
use crate::model::page::Page;
use crate::model::suggest;
use crate::text;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The index of the page at a content-relative path among `pages`, which are in path order.
pub(crate) fn find(pages: &[Arc<Page>], rel: &str) -> Option<usize> {
    pages.binary_search_by(|p| p.rel.as_str().cmp(rel)).ok()
}

/// Where the page `page`, at index `i` of its build's pages, was among `prev` (the previous
/// build's pages): the index of the very same `Arc`, if it is there. Both are in path order.
pub(crate) fn was_at(prev: &[Arc<Page>], i: usize, page: &Arc<Page>) -> Option<usize> {
    match prev.get(i) {
        Some(q) if Arc::ptr_eq(q, page) => Some(i),
        // Paths are unique: an edited page, not one that moved.
        Some(q) if q.rel == page.rel => None,
        _ => find(prev, &page.rel).filter(|&j| Arc::ptr_eq(&prev[j], page)),
    }
}

/// What internal links can point at.
pub(crate) struct Targets<'a> {
    pages: &'a [Arc<Page>],
    /// Pages by translation key and language, made when a link first needs it: a rebuild
    /// usually resolves the links of one page, which rarely needs it.
    by_key: OnceLock<FxHashMap<(&'a str, &'a str), usize>>,
    hidden: &'a HashMap<String, Text>,
    /// The main language, whose files have no suffix.
    main_lang: &'a String,
}

impl<'a> Targets<'a> {
    /// Targets among `pages` (in path order); `hidden` says why an unpublished file is not.
    pub fn new(
        pages: &'a [Arc<Page>],
        hidden: &'a HashMap<String, Text>,
        main_lang: &'a String,
    ) -> Self {
        Targets {
            pages,
            by_key: OnceLock::new(),
            hidden,
            main_lang,
        }
    }

    /// "Did you mean" for a link to no file: the nearest published page, or unpublished one
    /// (a draft linked in another case is named, and then said to be a draft).
    /// Never the linking page `from` itself; written as the link would be, `@/…`.
    fn near(&self, target: &str, from: &str) -> Text {
        let mut hidden: Vec<&str> = self.hidden.keys().map(String::as_str).collect();
        hidden.sort_unstable();
        let pages = self.pages.iter().map(|p| p.rel.as_str());
        let candidates = pages.chain(hidden).filter(|c| *c != from);
        suggest::closest_path(target, candidates).map_or_else(Text::none, |c| {
            text!("did_you_mean", word = format!("@/{c}"))
        })
    }

    /// The page at a content-relative path.
    fn by_rel(&self, rel: &str) -> Option<usize> {
        find(self.pages, rel)
    }

    /// The page with translation key `key` in language `lang`.
    fn by_key(&self, key: &str, lang: &str) -> Option<usize> {
        self.by_key
            .get_or_init(|| {
                self.pages
                    .iter()
                    .enumerate()
                    .map(|(i, p)| ((p.key.as_str(), p.lang.as_str()), i))
                    .collect()
            })
            .get(&(key, lang))
            .copied()
    }

    /// Resolves one page's internal links to URLs; unknown targets and anchors are problems.
    /// A link to a file that has a version in the linking page's language goes to that
    /// version, so a translation's links stay in its language.
    pub fn resolve(&self, page: &Page) -> Result<Vec<String>, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut urls = Vec::with_capacity(page.body.links.len());
        for link in &page.body.links {
            let line = page.body_line + link.line - 1;
            let mut problem = |message: Text, fix: Text| {
                problems.push(Diagnostic::new(&page.source, line, link.col, message, fix));
            };
            // `@/x.<main language>.md` names the main file, which has no suffix: a translation
            // linking to its original.
            let by_rel = self.by_rel(&link.target);
            let target = by_rel.or_else(|| {
                let (base, suffix) = link.target.strip_suffix(".md")?.rsplit_once('.')?;
                let main = &self.main_lang;
                if !suffix.eq_ignore_ascii_case(main) || base.ends_with('/') {
                    return None;
                }
                self.by_key(&format!("{base}.md"), main)
            });
            let explicit_main = target.is_some() && by_rel.is_none();
            let Some(target) = target else {
                match self.hidden.get(&link.target) {
                    Some(why) => problem(
                        text!("links.unpublished", target = &link.target, why = why),
                        text!("links.unpublished_fix"),
                    ),
                    None => problem(
                        text!(
                            "links.no_file",
                            target = &link.target,
                            suggestion = self.near(&link.target, &page.rel)
                        ),
                        text!("links.no_file_fix"),
                    ),
                }
                continue;
            };
            let written = &self.pages[target];
            // A link written to the main file follows the page's language when it can.
            let target =
                match !explicit_main && written.rel == written.key && written.lang != page.lang {
                    true => self.by_key(&written.key, &page.lang).unwrap_or(target),
                    false => target,
                };
            let target_page = &self.pages[target];
            match &link.anchor {
                Some(a) if !target_page.body.anchors.contains(a) => {
                    let ids: Vec<&str> = target_page
                        .body
                        .anchors
                        .iter()
                        .map(String::as_str)
                        .collect();
                    problem(
                        text!(
                            "links.no_anchor",
                            anchor = a,
                            target = &target_page.rel,
                            suggestion = suggest::did_you_mean(a, ids.iter().copied())
                        ),
                        if ids.is_empty() {
                            text!("links.no_anchor_fix")
                        } else {
                            text!("use_one_of", list = ids.join(", "))
                        },
                    );
                }
                Some(a) => urls.push(format!("{}{}", target_page.url, crate::urls::fragment(a))),
                None => urls.push(target_page.url.clone()),
            }
        }
        if problems.is_empty() {
            Ok(urls)
        } else {
            Err(problems)
        }
    }
}
