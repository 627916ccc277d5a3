//! Values of the template context that serialize in full but hash something smaller that
//! determines them, and note which pages a rebuild key was made from (see
//! docs/ARCHITECTURE.md, "The template context").

use crate::render::summary::label;
use crate::urls::{Route, Urls};
use serde::Serialize;
use serde::ser::Serializer;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use tera::Value;

thread_local! {
    /// The pages read by the context being hashed, while [`record_reads`] runs.
    static READS: std::cell::RefCell<Option<Vec<u32>>> = const { std::cell::RefCell::new(None) };
}

/// Notes that the context being hashed shows something of page `i`.
pub(crate) fn read(i: usize) {
    READS.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.push(i as u32);
        }
    });
}

/// Runs `hash` and returns, with its result, the pages whose fingerprints it hashed: every
/// value a context shows of a page is hashed through one of this module's wrappers, which
/// note the page, so a rebuild can tell which keys an edit of some pages may change.
pub fn record_reads<T>(hash: impl FnOnce() -> T) -> (T, Vec<u32>) {
    READS.with(|r| *r.borrow_mut() = Some(Vec::new()));
    let out = hash();
    let reads = READS.with(|r| r.borrow_mut().take()).unwrap_or_default();
    (out, reads)
}

/// A template value identified, in rebuild keys, by a fingerprint of it.
#[derive(Clone, Copy)]
pub struct Card<'a> {
    pub(crate) value: &'a Value,
    pub(crate) fp: u64,
    pub(crate) page: usize,
}

impl Serialize for Card<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl Hash for Card<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        read(self.page);
        self.fp.hash(h);
    }
}

/// A link to a route, written out only when the context is rendered: hashing it for a
/// rebuild key hashes the route (the site's address is part of every key).
#[derive(Debug, Clone, Copy)]
pub struct Href<'a> {
    pub(crate) urls: &'a Urls,
    pub(crate) route: Route<'a>,
    pub(crate) absolute: bool,
    /// For a page's own address: the page and its summary fingerprint, which covers its URL.
    pub(crate) fp: Option<(usize, u64)>,
}

impl Serialize for Href<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.absolute {
            s.serialize_str(&self.urls.permalink(self.route))
        } else {
            s.serialize_str(&self.urls.href(self.route))
        }
    }
}

impl Hash for Href<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self.fp {
            Some((page, fp)) => {
                read(page);
                (fp, self.absolute).hash(h);
            }
            None => (self.route, self.absolute).hash(h),
        }
    }
}

/// Text a template shows: hashed as written, or — when it is a page's own title or summary —
/// by that page's summary fingerprint, which covers it (and spares reading the text).
#[derive(Debug, Clone)]
pub enum Text<'a> {
    /// Any text.
    Plain(Cow<'a, str>),
    /// A field of page `page`, whose summary fingerprint is `fp`.
    Page {
        /// The text.
        text: &'a str,
        /// The page.
        page: usize,
        /// The page's summary fingerprint.
        fp: u64,
    },
}

impl Text<'_> {
    /// The text.
    pub fn as_str(&self) -> &str {
        match self {
            Text::Plain(t) => t,
            Text::Page { text, .. } => text,
        }
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(text: &'a str) -> Self {
        Text::Plain(Cow::Borrowed(text))
    }
}

impl From<String> for Text<'_> {
    fn from(text: String) -> Self {
        Text::Plain(Cow::Owned(text))
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Hash for Text<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self {
            Text::Plain(t) => t.hash(h),
            Text::Page { page, fp, .. } => {
                read(*page);
                fp.hash(h);
            }
        }
    }
}

/// A name shown capitalised, made only when rendered (hashed as the name it comes from).
#[derive(Debug, Clone, Copy, Hash)]
pub struct Label<'a>(pub &'a str);

impl std::fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&label(self.0))
    }
}

impl Serialize for Label<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
