//! Each page's body rendered to HTML, with its internal links resolved. A watch session keeps
//! every body, so that a rebuild renders only the bodies whose page or links changed; a
//! one-shot build makes each body when an output needs it and keeps none, as holding them
//! all was a sixth of its memory (half a gigabyte at 100,000 lessons).

use crate::model::page::Page;
use rayon::prelude::*;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

/// Whether bodies are kept for the next build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Render every body now and keep them all (watch sessions: the next rebuild reuses them).
    All,
    /// Render each when asked and keep none (a one-shot build).
    None,
}

/// Every page's body HTML, or the means to make it.
#[derive(Debug)]
pub struct Bodies {
    /// Per page: a fingerprint of what its body is made from (its file and resolved links;
    /// the configuration and the callout words are the same for every page).
    pub fps: Vec<u64>,
    store: Store,
}

/// How many bodies a kept chunk holds.
const BODIES_PER_CHUNK: usize = 256;

#[derive(Debug)]
enum Store {
    /// Every body, by page index, in chunks of [`BODIES_PER_CHUNK`]: a rebuild shares every chunk none of
    /// whose pages changed or moved, instead of taking each body (thousands of scattered
    /// reference counts) one by one.
    Kept(Vec<Arc<[Arc<str>]>>),
    /// Per page, a body made for one of two outputs that show it (a lesson and its poster)
    /// and not yet taken by the other.
    Made(Vec<Mutex<Option<Arc<str>>>>),
}

/// Fingerprint of what `page`'s body is made from, with its resolved `links`.
fn fingerprint(page: &Page, links: &[String]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    (&page.rel, page.source_hash, links).hash(&mut h);
    h.finish()
}

impl Bodies {
    /// The bodies of `pages` (with their resolved `links`). With [`Keep::All`], every body is
    /// made now by `render(i)`. Where `same(i)` gives the index in the `previous` build of
    /// the same page with the same links, its fingerprint and any body kept are taken over.
    pub fn new(
        pages: &[Arc<Page>],
        links: &[Arc<[String]>],
        keep: Keep,
        render: impl Fn(usize) -> Arc<str> + Sync,
        same: impl Fn(usize) -> Option<usize> + Sync,
        previous: Option<&Bodies>,
    ) -> Bodies {
        let was: Vec<Option<usize>> = match previous {
            Some(_) => (0..pages.len()).into_par_iter().map(&same).collect(),
            None => vec![None; pages.len()],
        };
        let fps = (0..pages.len())
            .into_par_iter()
            .map(|i| match (previous, was[i]) {
                (Some(prev), Some(j)) => prev.fps[j],
                _ => fingerprint(&pages[i], &links[i]),
            })
            .collect();
        let store = match keep {
            Keep::All => {
                let kept = |i: usize| {
                    previous
                        .zip(was[i])
                        .and_then(|(prev, j)| prev.kept(j))
                        .unwrap_or_else(|| render(i))
                };
                let chunk = |c: usize| -> Arc<[Arc<str>]> {
                    let range = c * BODIES_PER_CHUNK..pages.len().min((c + 1) * BODIES_PER_CHUNK);
                    let unmoved = range.clone().all(|i| was[i] == Some(i));
                    match previous.and_then(|prev| prev.chunk(c)) {
                        Some(same) if unmoved && same.len() == range.len() => same.clone(),
                        _ => range.map(kept).collect(),
                    }
                };
                Store::Kept(
                    (0..pages.len().div_ceil(BODIES_PER_CHUNK))
                        .into_par_iter()
                        .map(chunk)
                        .collect(),
                )
            }
            Keep::None => Store::Made(pages.iter().map(|_| Mutex::new(None)).collect()),
        };
        Bodies { fps, store }
    }

    /// Page `i`'s body, kept from a previous build (for reuse), if bodies are kept.
    pub fn kept(&self, i: usize) -> Option<Arc<str>> {
        self.chunk(i / BODIES_PER_CHUNK)?
            .get(i % BODIES_PER_CHUNK)
            .cloned()
    }

    /// Kept chunk `c`, if bodies are kept.
    fn chunk(&self, c: usize) -> Option<&Arc<[Arc<str>]>> {
        match &self.store {
            Store::Kept(kept) => kept.get(c),
            Store::Made(_) => None,
        }
    }

    /// Page `i`'s body, made by `render` if it is not at hand. `shown_twice`: two outputs
    /// show it (a lesson and its poster), so the first to ask leaves a copy that the second
    /// takes.
    pub fn html(&self, i: usize, shown_twice: bool, render: impl FnOnce() -> Arc<str>) -> Arc<str> {
        match &self.store {
            Store::Kept(kept) => kept[i / BODIES_PER_CHUNK][i % BODIES_PER_CHUNK].clone(),
            Store::Made(slots) if shown_twice => {
                // Held while rendering, so the other output waits for this copy rather than
                // rendering the same body at the same time.
                let mut slot = slots[i].lock().unwrap_or_else(PoisonError::into_inner);
                match slot.take() {
                    Some(html) => html,
                    None => {
                        let html = render();
                        *slot = Some(html.clone());
                        html
                    }
                }
            }
            Store::Made(_) => render(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_rebuild_shares_the_chunks_no_page_of_which_changed_or_moved() {
        let (_out, state) = crate::pipeline::fixture_build("basic");
        // More pages than two chunks hold (the same few pages, many times: only their count
        // and `same` matter here).
        let pages: Vec<Arc<Page>> = state.site.pages.iter().cycle().take(600).cloned().collect();
        let links: Vec<Arc<[String]>> = pages.iter().map(|_| Arc::from(Vec::new())).collect();
        let made = AtomicUsize::new(0);
        let render = |i: usize| -> Arc<str> {
            made.fetch_add(1, Ordering::Relaxed);
            format!("body {i}").into()
        };
        let first = Bodies::new(&pages, &links, Keep::All, render, |_| None, None);
        assert_eq!(made.load(Ordering::Relaxed), 600);
        let shared = |a: &Bodies, ca: usize, b: &Bodies, cb: usize| {
            Arc::ptr_eq(a.chunk(ca).unwrap(), b.chunk(cb).unwrap())
        };

        // Page 300 edited: its chunk (the second) is made again, with only its body rendered.
        let same = |i: usize| (i != 300).then_some(i);
        let edited = Bodies::new(&pages, &links, Keep::All, render, same, Some(&first));
        assert_eq!(made.load(Ordering::Relaxed), 601);
        assert!(shared(&first, 0, &edited, 0) && shared(&first, 2, &edited, 2));
        assert!(!shared(&first, 1, &edited, 1));
        assert!(Arc::ptr_eq(
            &first.kept(299).unwrap(),
            &edited.kept(299).unwrap()
        ));

        // A page added first: every page moves, so no chunk is shared, yet no body other than
        // the new one is rendered again.
        let mut added = vec![pages[0].clone()];
        added.extend(pages.iter().cloned());
        let links: Vec<Arc<[String]>> = added.iter().map(|_| Arc::from(Vec::new())).collect();
        let moved = Bodies::new(
            &added,
            &links,
            Keep::All,
            render,
            |i| i.checked_sub(1),
            Some(&edited),
        );
        assert_eq!(made.load(Ordering::Relaxed), 602);
        assert!((0..3).all(|c| !shared(&edited, c, &moved, c)));
        assert!(Arc::ptr_eq(
            &edited.kept(10).unwrap(),
            &moved.kept(11).unwrap()
        ));
        assert_eq!(moved.kept(600).as_deref(), Some("body 599"));
    }
}
