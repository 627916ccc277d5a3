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
const CHUNK: usize = 256;

#[derive(Debug)]
enum Store {
    /// Every body, by page index, in chunks of [`CHUNK`]: a rebuild shares every chunk none of
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
                    let range = c * CHUNK..pages.len().min((c + 1) * CHUNK);
                    let unmoved = range.clone().all(|i| was[i] == Some(i));
                    match previous.and_then(|prev| prev.chunk(c)) {
                        Some(same) if unmoved && same.len() == range.len() => same.clone(),
                        _ => range.map(kept).collect(),
                    }
                };
                Store::Kept(
                    (0..pages.len().div_ceil(CHUNK))
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
        self.chunk(i / CHUNK)?.get(i % CHUNK).cloned()
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
            Store::Kept(kept) => kept[i / CHUNK][i % CHUNK].clone(),
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
