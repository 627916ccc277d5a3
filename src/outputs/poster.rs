//! Whether a lesson's print poster fits on one A4 page, told before anyone prints it: a build
//! warns about every lesson whose poster would run onto a second sheet (or whose address is
//! too long for a QR code), naming the file, the line of its `key_points` and the fix.
//!
//! The estimate lays the poster out as the default theme's `css/poster.css` prints it (the
//! sizes in [`Layout`] are that file's print block): each text is set line by line, breaking
//! between words and between CJK characters, with a width per character from the fonts the
//! theme names (Arial or Liberation Sans, and a CJK font whose characters are 1 em wide). The
//! widths err on the wide side, so a poster the estimate passes prints on one page; the browser
//! test (`tests/browser.rs`) prints posters of graded lengths with Chromium to check both that
//! and that the estimate does not warn much too early. A theme that replaces `poster.html`
//! or `poster.css` gets the same estimate, which then only approximates its layout.

use crate::error::Diagnostic;
use crate::model::page::Page;
use crate::model::site::Site;
use crate::render::qr::MAX_URL_BYTES;
use crate::text;
use rayon::prelude::*;

/// Millimetres per typographic point.
const PT: f64 = 25.4 / 72.0;

/// The poster's print layout (`css/poster.css`, `@media print`), in millimetres and points.
struct Layout;

impl Layout {
    /// A4 less the 10 mm page margins.
    const WIDTH: f64 = 210.0 - 20.0;
    const HEIGHT: f64 = 297.0 - 20.0;
    /// Left unused for what the estimate cannot see (rounding, a font a little wider).
    const SLACK: f64 = 3.0;
    const SITE: (f64, f64) = (11.0, 1.3);
    const TITLE: (f64, f64) = (24.0, 1.2);
    /// The title's top margin, the head's padding, border and bottom margin, and a millimetre
    /// for line boxes Chromium rounds up.
    const HEAD_EXTRA: f64 = 1.0 + 2.0 + 1.5 + 4.0 + 1.0;
    const H2: (f64, f64) = (14.0, 1.25);
    const H2_GAP: f64 = 2.0;
    const POINT: (f64, f64) = (13.0, 1.35);
    /// List indent in em; the space between two items; below the key points.
    const INDENT_POINTS: f64 = 1.5;
    const ITEM_GAP: f64 = 1.0;
    const POINTS_AFTER: f64 = 5.0;
    const STEPS_AFTER: f64 = 5.0;
    const PHASE_GAP: f64 = 4.0;
    /// A phase's border and padding: vertical, horizontal.
    const PHASE_BOX: (f64, f64) = (1.5 + 4.0, 6.0);
    const H3: (f64, f64) = (12.0, 1.25);
    const STEP: (f64, f64) = (11.0, 1.35);
    const INDENT_STEPS: f64 = 1.4;
    /// Above the foot: its border and padding (its top margin is `auto`: the room left).
    const FOOT_EXTRA: f64 = 1.5 + 3.0;
    const FOOT_GAP: f64 = 6.0;
    const QR: f64 = 38.0;
    const CAPTION: (f64, f64) = (9.0, 1.3);
    const HOTLINE: (f64, f64) = (10.0, 1.3);
    const NUMBER: f64 = 14.0;
    const HOTLINE_GAP: (f64, f64) = (1.0, 4.0);
}

/// How wide a character is, in em, in the theme's fonts; bold Latin text is about a tenth
/// wider. Generous: a line the estimate fills is never fuller in print.
fn em(c: char, bold: bool) -> f64 {
    let latin = |w: f64| if bold { w * 1.1 } else { w };
    match c {
        _ if is_wide(c) => 1.0,
        ' ' => 0.28,
        'A'..='Z' | 'm' | 'w' | '%' | '@' => latin(0.85),
        'i' | 'j' | 'l' | 'f' | 't' | 'r' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => latin(0.33),
        _ => latin(0.58),
    }
}

/// A character set 1 em wide: CJK ideographs and punctuation, kana, Hangul, full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F000..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// Punctuation a line may not start with (it stays with the character before it).
const CLOSING: &str = "，。、；：？！）」』》〉】〕”’…—～%";
/// Punctuation a line may not end with (it goes with the character after it).
const OPENING: &str = "（「『《〈【〔“‘";

/// How many lines `text` takes in a box `width` mm wide at `size` pt: filled greedily, breaking
/// after spaces and around wide characters, and anywhere in a word longer than a line.
fn lines(text: &str, size: f64, width: f64, bold: bool) -> usize {
    lines_after(0.0, text, size, width, bold)
}

/// [`lines`] for a text whose first line starts `start` em in (after something inline).
fn lines_after(start: f64, text: &str, size: f64, width: f64, bold: bool) -> usize {
    let mut fill = Fill {
        line: width / (size * PT),
        count: 1,
        used: start,
    };
    // The word being read: a run of letters, or a wide character with the punctuation that
    // may not be parted from it (no line starts with `，` or ends with `（`).
    let (mut word, mut glue) = (0.0, false);
    for c in text.trim().chars() {
        if c == ' ' {
            fill.place(word);
            word = 0.0;
            // A space at a line's end hangs past it.
            fill.used += em(c, bold);
        } else if is_wide(c) && !glue && !CLOSING.contains(c) {
            fill.place(word);
            word = em(c, bold);
        } else {
            word += em(c, bold);
        }
        glue = OPENING.contains(c);
    }
    fill.place(word);
    fill.count
}

/// Lines being filled: how many so far, and how much of the last one (in em) is used.
struct Fill {
    line: f64,
    count: usize,
    used: f64,
}

impl Fill {
    /// Places a word (or a wide character) `w` em wide.
    fn place(&mut self, w: f64) {
        if w == 0.0 {
            return;
        }
        if self.used + w > self.line && self.used > 0.0 {
            self.count += 1;
            self.used = 0.0;
        }
        if w > self.line {
            // A word longer than a line breaks anywhere (`overflow-wrap: anywhere`).
            let more = (w / self.line).ceil() as usize - 1;
            self.count += more;
            self.used = w - more as f64 * self.line;
        } else {
            self.used += w;
        }
    }
}

/// The height in mm of `n` lines at `(size, line_height)`.
fn height(n: usize, (size, lh): (f64, f64)) -> f64 {
    n as f64 * size * lh * PT
}

/// A list's height: its items set in `width` mm, with the gap between items.
fn list(items: &[String], font: (f64, f64), width: f64, bold: bool) -> f64 {
    let n: usize = items.iter().map(|s| lines(s, font.0, width, bold)).sum();
    height(n, font) + items.len().saturating_sub(1) as f64 * Layout::ITEM_GAP
}

/// How many millimetres of the page the poster of lesson `page` fills; `hotlines` are the
/// site's hotlines (number, name in the lesson's language), `url` its QR code's URL.
pub fn estimate(page: &Page, hotlines: &[(&str, &str)], url: &str) -> f64 {
    let w = Layout::WIDTH;
    let mut mm = height(1, Layout::SITE) + Layout::HEAD_EXTRA;
    mm += height(lines(&page.title, Layout::TITLE.0, w, true), Layout::TITLE);
    let h2 = height(1, Layout::H2) + Layout::H2_GAP;
    if !page.key_points.is_empty() {
        let indent = Layout::INDENT_POINTS * Layout::POINT.0 * PT;
        mm += h2 + list(&page.key_points, Layout::POINT, w - indent, true);
        mm += Layout::POINTS_AFTER;
    }
    let s = &page.steps;
    let phases: Vec<&Vec<String>> = [&s.before, &s.during, &s.after]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if !phases.is_empty() {
        let n = phases.len() as f64;
        let column = (w - Layout::PHASE_GAP * (n - 1.0)) / n - Layout::PHASE_BOX.1;
        let inner = column - Layout::INDENT_STEPS * Layout::STEP.0 * PT;
        let tallest = phases
            .iter()
            .map(|items| list(items, Layout::STEP, inner, false))
            .fold(0.0, f64::max);
        mm += h2 + Layout::PHASE_BOX.0 + height(1, Layout::H3) + Layout::ITEM_GAP + tallest;
        mm += Layout::STEPS_AFTER;
    }
    mm + Layout::FOOT_EXTRA + foot(hotlines, url)
}

/// The foot's height: the hotlines beside the QR code and its caption, whichever is taller.
fn foot(hotlines: &[(&str, &str)], url: &str) -> f64 {
    // The caption: "scan to read" (a UI string, up to two lines) over the URL.
    let caption = 2 + lines(url, Layout::CAPTION.0, Layout::QR, false);
    let qr = Layout::QR + height(caption, Layout::CAPTION);
    if hotlines.is_empty() {
        return qr;
    }
    let column = (Layout::WIDTH - Layout::QR - Layout::FOOT_GAP - Layout::HOTLINE_GAP.1) / 2.0;
    // A hotline's first line holds its number at a larger size; the name may wrap below.
    let first = Layout::NUMBER * Layout::HOTLINE.1 * PT;
    let item = |&(number, name): &(&str, &str)| {
        // The name follows the number (in em of the name's size) on the first line.
        let number = number.chars().map(|c| em(c, true)).sum::<f64>() * Layout::NUMBER
            / Layout::HOTLINE.0
            + em(' ', false);
        let name = lines_after(number, name, Layout::HOTLINE.0, column, false);
        first + height(name - 1, Layout::HOTLINE)
    };
    let rows: f64 = hotlines
        .chunks(2)
        .map(|pair| pair.iter().map(item).fold(0.0, f64::max))
        .sum();
    let gaps = (hotlines.len().div_ceil(2) - 1) as f64 * Layout::HOTLINE_GAP.0;
    let list = height(1, Layout::H2) + Layout::H2_GAP + rows + gaps;
    qr.max(list)
}

/// The warnings of `site`'s posters: every lesson whose poster does not fit on one A4 page,
/// and every one whose address is too long for a QR code, in page order.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    warnings_of(site, |_| true)
}

/// [`warnings`] for the lessons (by page index) that `which` picks: a rebuild warns about
/// the posters it rendered again.
pub fn warnings_of(site: &Site, which: impl Fn(usize) -> bool + Sync) -> Vec<Diagnostic> {
    // In parallel: estimating every poster of a large site is tens of milliseconds of layout.
    site.pages
        .par_iter()
        .enumerate()
        .filter(|&(i, _)| which(i) && site.poster_route(i).is_some())
        .flat_map_iter(|(_, page)| warnings_of_page(site, page))
        .collect()
}

/// The warnings of one lesson's poster.
fn warnings_of_page(site: &Site, page: &Page) -> Vec<Diagnostic> {
    let config = &site.config;
    let mut out = Vec::new();
    let lang = page.lang.as_str();
    let url = config.urls.permalink(page.route());
    let hotlines: Vec<(&str, &str)> = config
        .hotlines
        .iter()
        .map(|h| (h.number.as_str(), h.name.get(lang)))
        .collect();
    let used = estimate(page, &hotlines, &url);
    let room = Layout::HEIGHT - Layout::SLACK;
    if used > room {
        out.push(Diagnostic::new(
            &page.source,
            page.poster_line,
            1,
            text!(
                "poster.too_long",
                percent = format!("{:.0}", used / room * 100.0)
            ),
            text!("poster.too_long_fix"),
        ));
    }
    if url.len() > MAX_URL_BYTES {
        out.push(Diagnostic::new(
            &page.source,
            1,
            1,
            text!("poster.long_url", bytes = url.len()),
            text!("poster.long_url_fix"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A box as wide as `n` CJK characters at 10 pt, plus a hair.
    fn box_of(n: f64) -> f64 {
        n * 10.0 * PT + 0.01
    }

    #[test]
    fn cjk_text_breaks_between_characters_but_not_before_closing_punctuation() {
        assert_eq!(lines(&"火".repeat(20), 10.0, box_of(20.0), false), 1);
        assert_eq!(lines(&"火".repeat(21), 10.0, box_of(20.0), false), 2);
        // `。` may not start a line: it takes the character before it along.
        let text = format!("{}。", "火".repeat(20));
        assert_eq!(lines(&text, 10.0, box_of(20.5), false), 2);
        assert_eq!(lines(&text, 10.0, box_of(21.0), false), 1);
    }

    #[test]
    fn latin_text_breaks_between_words_and_a_long_address_anywhere() {
        // Ten words of 0.58 em × 4 letters plus a space: 2.6 em each.
        let words = ["abcd"; 10].join(" ");
        assert_eq!(lines(&words, 10.0, box_of(26.0), false), 1);
        assert_eq!(lines(&words, 10.0, box_of(13.0), false), 2);
        let url = "h".repeat(100);
        assert_eq!(lines(&url, 10.0, box_of(29.0), false), 2);
    }

    /// A lesson with `points` key points of 25 Chinese characters each, parsed.
    fn lesson(points: usize) -> Page {
        let yaml = "title: T\ncategories:\n  - {id: fire, name: Fire}\n";
        let config = crate::model::config::parse(yaml, std::path::Path::new("site.yaml")).unwrap();
        let rel = "lessons/fire/x.md";
        let file = crate::model::source::SourceFile {
            path: std::path::Path::new("content").join(rel),
            rel: rel.to_string(),
            kind: crate::model::source::classify(rel),
        };
        let point = "  - \"拔出保险销，瞄准火焰根部，压下压把，左右扫射。\"\n";
        let text = format!(
            "---\ntitle: 灭火器\ndate: 2026-03-01\nkey_points:\n{}---\nBody.\n",
            point.repeat(points)
        );
        crate::model::page::parse(&file, &text, &config).unwrap()
    }

    #[test]
    fn more_key_points_fill_more_of_the_page() {
        let url = "https://a.gov/lessons/fire/x/";
        let hotlines = [("119", "火警")];
        let short = estimate(&lesson(3), &hotlines, url);
        let long = estimate(&lesson(30), &hotlines, url);
        assert!(short < Layout::HEIGHT - Layout::SLACK, "{short}");
        assert!(long > Layout::HEIGHT, "{long}");
        // One line of key points more, at 13 pt and 1.35 line height, plus the gap.
        let one_more = estimate(&lesson(4), &hotlines, url) - short;
        assert!(
            (one_more - (13.0 * 1.35 * PT + 1.0)).abs() < 0.01,
            "{one_more}"
        );
        assert_eq!(lesson(3).poster_line, 4, "the line of `key_points`");
    }
}
