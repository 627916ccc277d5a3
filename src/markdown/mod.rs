//! Markdown to HTML by transforming pulldown-cmark events (never by rewriting HTML text).
//!
//! [`parse`] runs once per file and keeps the table of contents, the anchors and the internal
//! links (with the text, not the events); [`render`] runs after every page's URL is known,
//! makes the same transformed events again, substitutes the resolved internal link URLs and
//! writes the theme's words ([`Labels`]) into callouts and task lists before producing HTML.
//! Nothing here reads the theme itself.

mod labels;
mod links;

pub(crate) use links::{decoded, join};
mod plain;

use crate::model::slug::slugify;
use crate::text::{self, Count};
pub use labels::Labels;
use links::{asset_url, link_destination};
pub use plain::plain_text;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

/// Settings for parsing one Markdown body.
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {
    /// Typographic quotes and dashes.
    pub smart_punctuation: bool,
    /// Root-relative URL of the folder the file sits in (e.g. `/lessons/fire/`), against which
    /// relative image and file links are resolved, since colocated assets are copied there.
    pub asset_base: String,
    /// Path of the file's folder relative to `content/` (e.g. `lessons/fire`), for relative
    /// links to other Markdown files.
    pub content_dir: String,
    /// The site's base path: `/`, or e.g. `/safety/` for a site published under a sub-path.
    /// Root-relative links and images written by authors (`/about/`) get it as a prefix;
    /// `asset_base` already includes it.
    pub root: String,
}

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The anchor id.
    pub id: String,
    /// The link to it from its page: `#` and the id, percent-encoded.
    pub href: String,
    /// The heading as plain text.
    pub title: String,
}

/// A link to another content file, written `@/lessons/fire/extinguisher.md#anchor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Path relative to `content/`, e.g. `lessons/fire/extinguisher.md`.
    pub target: String,
    /// The part after `#`, if any.
    pub anchor: Option<String>,
    /// 1-based line within the body.
    pub line: usize,
    /// 1-based column within that line.
    pub col: usize,
}

/// A parsed Markdown body, ready to render once links are resolved.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The Markdown text and what it was parsed with. The events are made again from it when
    /// the body renders (a second parse of each body, a few percent of a build's time): kept
    /// for every page, with an allocation per piece of text, they were most of a build's
    /// memory.
    source: Box<str>,
    opts: MarkdownOptions,
    /// Headings in order.
    pub toc: Vec<Heading>,
    /// Every id a link may point at (headings and footnotes).
    pub anchors: BTreeSet<String>,
    /// Internal links in document order.
    pub links: Vec<InternalLink>,
    /// The first top-level paragraph as plain text.
    pub first_paragraph: String,
    /// Words and CJK characters of the text, for reading time and word counts.
    pub count: Count,
    /// Whether the body contains raw HTML.
    pub raw_html: bool,
}

/// The pulldown-cmark extensions safepress reads Markdown with.
pub(crate) fn options(smart: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if smart {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Parses a Markdown body: what the site needs to know about it, and how to make its events.
pub fn parse(body: &str, opts: &MarkdownOptions) -> Parsed {
    let mut parsed = transform(body, opts, true).1;
    parsed.source = body.into();
    parsed.opts = opts.clone();
    parsed
}

impl Parsed {
    /// The body's transformed events (made again: see [`Parsed`]).
    fn events(&self) -> Vec<Event<'_>> {
        transform(&self.source, &self.opts, false).0
    }
}

/// The transformed events of a Markdown body, and what the site needs to know about it
/// (without the text and the options; with its words counted only if `count`).
fn transform<'a>(body: &'a str, opts: &MarkdownOptions, count: bool) -> (Vec<Event<'a>>, Parsed) {
    let lines = LineIndex::new(body);
    let mut state = State {
        count,
        ..State::default()
    };
    let mut transformed = Vec::new();
    let mut out = Parsed {
        source: Box::default(),
        opts: MarkdownOptions::default(),
        toc: Vec::new(),
        anchors: BTreeSet::new(),
        links: Vec::new(),
        first_paragraph: String::new(),
        count: Count::default(),
        raw_html: false,
    };
    let events: Vec<_> = Parser::new_ext(body, options(opts.smart_punctuation))
        .into_offset_iter()
        .collect();
    // Footnotes may be defined after a heading whose slug would equal their id, so their ids
    // are taken before any heading gets one.
    for (event, _) in &events {
        if let Event::Start(Tag::FootnoteDefinition(name)) = event {
            state.taken.insert(footnote_id(name));
        }
    }
    for (event, range) in events {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (line, col) = lines.position(range.start);
                let dest_url =
                    link_destination(dest_url, link_type, opts, line, col, &mut out.links);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: asset_url(dest_url, opts),
                title,
                id,
            }),
            Event::Html(_) | Event::InlineHtml(_) => {
                out.raw_html = true;
                event
            }
            // pulldown-cmark writes the label as the id; prefixing it keeps footnote ids apart
            // from heading ids and matches the anchor links name (`#fn-<label>`).
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let id = footnote_id(&name);
                out.anchors.insert(id.clone());
                state.container += 1;
                Event::Start(Tag::FootnoteDefinition(id.into()))
            }
            Event::FootnoteReference(name) => Event::FootnoteReference(footnote_id(&name).into()),
            other => other,
        };
        state.feed(event, &mut out, &mut transformed);
    }
    if count {
        out.count = Count::of(&state.plain);
    }
    (transformed, out)
}

/// Renders parsed Markdown; `link_urls[i]` replaces the destination of `parsed.links[i]`,
/// and callouts and task-list checkboxes are worded with `labels` (the page language's).
pub fn render(parsed: &Parsed, link_urls: &[String], allow_html: bool, labels: &Labels) -> String {
    let mut next = link_urls.iter();
    let events = parsed.events().into_iter().map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if dest_url.starts_with("@/") => Event::Start(Tag::Link {
            link_type,
            dest_url: next
                .next()
                .map_or(CowStr::Borrowed("#"), |u| CowStr::Borrowed(u.as_str())),
            title,
            id,
        }),
        Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(labels.callout_start(kind).into()),
        Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</aside>\n".into()),
        Event::TaskListMarker(done) => Event::InlineHtml(labels.task_marker(done).into()),
        other => other,
    });
    let mut html = String::with_capacity(parsed.count.units() * 8 + 256);
    pulldown_cmark::html::push_html(&mut html, events);
    if parsed.raw_html && !allow_html {
        SANITIZER.clean(&html).to_string()
    } else {
        html
    }
}

/// The HTML id of footnote `label`, which is also the anchor links to it use. Labels match
/// whatever their case (`[^Src]` is `[^src]`), and an id cannot hold spaces, so the label is
/// slugified as a heading would be: `[^My Note]` → `fn-my-note`.
fn footnote_id(label: &str) -> String {
    match slugify(label) {
        s if s.is_empty() => "fn-note".to_string(),
        s => format!("fn-{s}"),
    }
}

/// Reading time in minutes: 200 words and 400 CJK characters a minute, at least one.
pub fn reading_minutes(parsed: &Parsed) -> usize {
    parsed.count.reading_minutes()
}

#[derive(Default)]
struct State<'a> {
    /// Whether the words are counted (the readable text is gathered).
    count: bool,
    container: usize,
    heading: Option<PendingHeading<'a>>,
    summary: SummaryState,
    /// Whether a line break in the first paragraph waits for the text after it.
    line_break: bool,
    /// Every id given out so far (footnote ids are taken up front).
    taken: HashSet<String>,
    /// Per base id, the last numeric suffix tried.
    suffixes: HashMap<String, usize>,
    /// The readable text so far, counted once at the end: a word split over several text
    /// events (`don’t` with smart punctuation, `**un**safe`) is one word.
    plain: String,
}

/// Whether a tag's end is inside a line of text (so it does not separate words).
fn is_inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

#[derive(Default, PartialEq)]
enum SummaryState {
    #[default]
    Waiting,
    Capturing,
    Done,
}

struct PendingHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    inner: Vec<Event<'a>>,
    text: String,
}

impl<'a> State<'a> {
    fn feed(&mut self, event: Event<'a>, out: &mut Parsed, events: &mut Vec<Event<'a>>) {
        // Breaks and block ends separate words; inline ends (emphasis, links) do not.
        match &event {
            Event::SoftBreak | Event::HardBreak | Event::Rule if self.count => {
                self.plain.push('\n');
            }
            Event::End(end) if self.count && !is_inline(end) => self.plain.push('\n'),
            _ => {}
        }
        match &event {
            Event::Text(t) | Event::Code(t) => {
                if self.count {
                    self.plain.push_str(t);
                }
                if let Some(h) = &mut self.heading {
                    h.text.push_str(t);
                }
                if self.summary == SummaryState::Capturing {
                    // A line break between two lines of Chinese is no space between words.
                    let joined = out.first_paragraph.ends_with(text::is_wide)
                        && t.starts_with(text::is_wide);
                    if self.line_break && !joined {
                        out.first_paragraph.push(' ');
                    }
                    self.line_break = false;
                    out.first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if self.summary == SummaryState::Capturing => {
                self.line_break = true;
            }
            Event::Start(Tag::Paragraph)
                if self.container == 0 && self.summary == SummaryState::Waiting =>
            {
                self.summary = SummaryState::Capturing;
            }
            Event::End(TagEnd::Paragraph) if self.summary == SummaryState::Capturing => {
                self.summary = SummaryState::Done;
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Table(_)) => self.container += 1,
            Event::End(
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Table
                | TagEnd::FootnoteDefinition,
            ) => self.container = self.container.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some(PendingHeading {
                    level,
                    id,
                    classes,
                    attrs,
                    inner: Vec::new(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = self.heading.take() {
                    self.finish_heading(h, out, events);
                }
            }
            event => match &mut self.heading {
                Some(h) => h.inner.push(event),
                None => events.push(event),
            },
        }
    }

    fn finish_heading(
        &mut self,
        h: PendingHeading<'a>,
        out: &mut Parsed,
        events: &mut Vec<Event<'a>>,
    ) {
        let base = match &h.id {
            Some(id) => id.to_string(),
            None => match slugify(&h.text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            },
        };
        let id = self.unique(base);
        out.anchors.insert(id.clone());
        out.toc.push(Heading {
            level: h.level as u8,
            href: crate::urls::fragment(&id),
            id: id.clone(),
            title: h.text.trim().to_string(),
        });
        events.push(Event::Start(Tag::Heading {
            level: h.level,
            id: Some(id.into()),
            classes: h.classes,
            attrs: h.attrs,
        }));
        events.extend(h.inner);
        events.push(Event::End(TagEnd::Heading(h.level)));
    }

    /// `base`, or `base-N` with the smallest N not yet taken.
    fn unique(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.suffixes.entry(base.clone()).or_insert(0);
        loop {
            *n += 1;
            let id = format!("{base}-{n}");
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Raw HTML from content is cleaned with this: our own markup (ids, callouts, task lists,
/// table alignment) survives, scripts and event handlers do not.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "aside",
        "section",
        "input",
        "figure",
        "figcaption",
        "details",
        "summary",
    ])
    .add_generic_attributes([
        "id",
        "class",
        "aria-label",
        "aria-hidden",
        "role",
        "lang",
        "dir",
    ])
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .add_tag_attributes("th", ["style"])
    .add_tag_attributes("td", ["style"])
    .attribute_filter(|_, attr, value| {
        if attr == "style" {
            let allowed = [
                "text-align: left",
                "text-align: center",
                "text-align: right",
            ];
            return allowed.contains(&value).then(|| value.into());
        }
        Some(value.into())
    })
    .link_rel(None);
    b
});

/// Maps byte offsets to 1-based (line, column), the column counted in characters as
/// editors and the messages' carets count it.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line.saturating_sub(1)];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |before| before.chars().count());
        (line, column + 1)
    }
}

#[cfg(test)]
mod tests;
