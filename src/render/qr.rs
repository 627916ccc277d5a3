//! QR codes as inline SVG, for posters: a printed poster links to its lesson through one.
//!
//! The SVG is made here rather than by the `qrcode` crate's renderer so that it is small and
//! fit to inline in HTML (no XML declaration, one path): each row's runs of dark modules are
//! strokes one module thick, drawn with relative moves. The quiet zone (4 modules, as ISO/IEC
//! 18004 asks) is part of the white square, so the code scans on any background.

use crate::render::keyed::Href;
use qrcode::{Color, QrCode};
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
    let code = QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width / 2);
    for (y, row) in colors.chunks(width).enumerate() {
        // Where the pen is on this row: a row starts with an absolute move.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
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
    fn a_text_too_long_for_a_code_has_none() {
        assert!(svg(&"a".repeat(MAX_URL_BYTES + 1)).is_none());
        assert!(svg(&"a".repeat(100)).is_some());
    }
}
