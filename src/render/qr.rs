//! QR codes as inline SVG, for posters: a printed poster links to its lesson through one.
//!
//! The SVG is made here rather than by the `qrcode` crate's renderer so that it is small and
//! fit to inline in HTML (no XML declaration, one path): each row's runs of dark modules are
//! strokes one module thick, drawn with relative moves. The quiet zone (4 modules, as ISO/IEC
//! 18004 asks) is part of the white square, so the code scans on any background.

use crate::render::keyed::Href;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};
use serde::Serialize;
use serde::ser::Serializer;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

/// Modules of white around the code.
const QUIET: usize = 4;

/// The longest URL a QR code holds at error correction level M in byte mode (version 40).
pub const MAX_URL_BYTES: usize = 2331;

/// An inline SVG QR code of `text`, or `None` when `text` is too long for one. The SVG is
/// decorative to assistive technology (`aria-hidden`): the page shows the same address as text.
pub fn svg(text: &str) -> Option<String> {
    let (width, colors) = modules(text.as_bytes())?;
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width / 2);
    for (y, row) in colors.chunks(width).enumerate() {
        // Where the pen is on this row: a row starts with an absolute move.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            let _ = match pen {
                None => write!(path, "M{} {}.5", start + QUIET, y + QUIET),
                Some(at) => write!(path, "m{} 0", start - at),
            };
            let _ = write!(path, "h{}", x - start);
            pen = Some(x);
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         aria-hidden=\"true\" focusable=\"false\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path stroke=\"#000\" d=\"{path}\"/></svg>"
    ))
}

/// The modules of the QR code of `data` at error correction level M, row by row (`true` is
/// dark), with the code's width; `None` when the data is too long for a code.
///
/// This is `qrcode::QrCode::new` with a faster choice of mask: the crate scores the eight
/// masks of every code through boxed closures, which took 40% of a full build's time with
/// posters on. [`penalty`] gives the same scores (so the same mask and the same code).
fn modules(data: &[u8]) -> Option<(usize, Vec<bool>)> {
    let bits = qrcode::bits::encode_auto(data, EcLevel::M).ok()?;
    let version = bits.version();
    let (codewords, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec);
    let width = usize::try_from(version.width()).ok()?;
    let mut best: Option<(u32, Vec<bool>)> = None;
    for pattern in MASKS {
        let mut masked = canvas.clone();
        masked.apply_mask(pattern);
        let dark: Vec<bool> = masked
            .into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        let score = penalty(&dark, width);
        // The first mask with the lowest score wins, as in the crate.
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, dark));
        }
    }
    best.map(|(_, dark)| (width, dark))
}

/// The eight masks of a QR code (not Micro QR), in the order of their numbers.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The penalty score of a masked code (ISO/IEC 18004 §7.8.3, as the `qrcode` crate counts it):
/// runs of five or more, 2×2 blocks, finder-like patterns and the dark/light balance.
fn penalty(dark: &[bool], width: usize) -> u32 {
    let at = |x: usize, y: usize| dark[y * width + x];
    let mut score = 0;
    for horizontal in [true, false] {
        for i in 0..width {
            let line: Vec<bool> = (0..width)
                .map(|j| if horizontal { at(j, i) } else { at(i, j) })
                .collect();
            score += runs_score(&line) + finder_score(&line);
        }
    }
    for y in 0..width - 1 {
        for x in 0..width - 1 {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                score += 3;
            }
        }
    }
    // The code's own three finder patterns match three times each way: the crate leaves them out.
    score -= 2 * 360;
    let darks = dark.iter().filter(|&&d| d).count();
    let ratio = darks * 200 / dark.len();
    score + u32::try_from(ratio.abs_diff(100)).unwrap_or(u32::MAX / 2)
}

/// 3 + N points for every run of 5 + N modules of one colour in a line.
fn runs_score(line: &[bool]) -> u32 {
    let mut score = 0;
    let mut run = 0;
    for (j, &c) in line.iter().enumerate() {
        run += 1;
        if line.get(j + 1) != Some(&c) {
            if run >= 5 {
                score += run - 2;
            }
            run = 0;
        }
    }
    score
}

/// 40 points for every `#.###.#` in a line with no dark module in the four before or after it.
fn finder_score(line: &[bool]) -> u32 {
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    let any_dark = |from: usize, to: usize| line[from..to.min(line.len())].iter().any(|&d| d);
    let mut score = 0;
    for j in 0..line.len().saturating_sub(6) {
        if line[j..j + 7] == PATTERN
            && (!any_dark(j.saturating_sub(4), j) || !any_dark(j + 7, j + 11))
        {
            score += 40;
        }
    }
    score
}

/// The QR code of a link's absolute URL in a template context: serialized as the SVG (an
/// empty string when the URL is too long for a code), hashed as the link, which decides it.
#[derive(Debug, Clone, Copy)]
pub struct Qr<'a>(pub Href<'a>);

impl Serialize for Qr<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let url = self.0.urls.permalink(self.0.route);
        s.serialize_str(&svg(&url).unwrap_or_default())
    }
}

impl Hash for Qr<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        "qr".hash(h);
        self.0.hash(h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_one_path_in_a_white_square_with_a_quiet_zone() {
        let svg = svg("https://safety.riverside.example/lessons/fire/extinguisher/").unwrap();
        // 33 modules (version 4 holds 62 bytes at level M) plus 4 on each side.
        assert!(svg.contains("viewBox=\"0 0 41 41\""), "{svg}");
        assert_eq!(svg.matches("<path").count(), 1);
        // The first run is the top-left finder pattern: 7 modules at (4, 4).
        assert!(svg.contains("d=\"M4 4.5h7"), "{svg}");
        assert!(!svg.contains("<?xml"));
    }

    #[test]
    fn the_fast_mask_choice_gives_the_crate_s_code() {
        let mut texts: Vec<String> = (0..300)
            .map(|i| format!("https://safety.example/lessons/fire/generated-{i:05}/poster/"))
            .collect();
        texts.push("https://安全.example/课程/消防/灭火器/".into());
        texts.push("x".repeat(400));
        for text in texts {
            let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
            let theirs: Vec<bool> = code.to_colors().iter().map(|&c| c == Color::Dark).collect();
            assert_eq!(
                modules(text.as_bytes()),
                Some((code.width(), theirs)),
                "{text}"
            );
        }
    }

    #[test]
    fn a_text_too_long_for_a_code_has_none() {
        assert!(svg(&"a".repeat(MAX_URL_BYTES + 1)).is_none());
        assert!(svg(&"a".repeat(100)).is_some());
    }
}
