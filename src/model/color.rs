//! Category and campaign colours from `site.yaml`: reading `#rgb`/`#rrggbb` and checking that the colour is
//! dark enough for the default theme, which uses it for text and borders on white and as the
//! background of white text. Pure functions; `config` turns their answers into diagnostics.

use crate::messages::Text;

/// The least contrast ratio against white a category colour must reach (WCAG 2.1 AA, normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Reads `#rgb` or `#rrggbb` (either case); anything else is `None`.
pub fn parse_hex(text: &str) -> Option<Rgb> {
    let hex = text.strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize, len: usize| u8::from_str_radix(&hex[i..i + len], 16).ok();
    match hex.len() {
        3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
        6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
        _ => None,
    }
}

impl Rgb {
    /// WCAG 2.1 relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// The WCAG contrast ratio between this colour and white, 1 to 21.
    pub fn contrast_with_white(self) -> f64 {
        self.contrast(Rgb(255, 255, 255))
    }

    /// The WCAG contrast ratio between this colour and `other`, 1 to 21 (order does not matter).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// What is wrong with a category colour as written, if anything: `(message, fix)`.
pub fn check(id: &str, text: &str) -> Option<(Text, Text)> {
    check_as(crate::text!("color.category", id = id), text)
}

/// What is wrong with the colour of `what` (e.g. "campaign `x`") as written, if anything:
/// `(message, fix)`. The theme uses every such colour as category colours are used.
pub fn check_as(what: Text, text: &str) -> Option<(Text, Text)> {
    use crate::text;
    if text.is_empty() {
        return Some((text!("color.empty", what = what), text!("color.empty_fix")));
    }
    let Some(rgb) = parse_hex(text) else {
        return Some((
            text!("color.not_hex", what = what, color = text),
            text!("color.not_hex_fix"),
        ));
    };
    let ratio = rgb.contrast_with_white();
    (ratio < MIN_CONTRAST).then(|| {
        (
            text!(
                "color.low_contrast",
                what = what,
                color = text,
                ratio = format!("{:.2}", (ratio * 100.0).floor() / 100.0),
                min = MIN_CONTRAST.to_string()
            ),
            text!("color.low_contrast_fix"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_hex_are_read() {
        assert_eq!(parse_hex("#a63d00"), Some(Rgb(0xa6, 0x3d, 0x00)));
        assert_eq!(parse_hex("#FFF"), Some(Rgb(255, 255, 255)));
        for bad in ["a63d00", "#a63d0", "#a63d0000", "#ggg", "red", "#", "#+1f"] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((Rgb(0, 0, 0).contrast_with_white() - 21.0).abs() < 1e-9);
        assert!((Rgb(255, 255, 255).contrast_with_white() - 1.0).abs() < 1e-9);
        // #767676 is the classic lightest grey that passes 4.5:1 on white; #777777 fails.
        assert!(parse_hex("#767676").unwrap().contrast_with_white() >= MIN_CONTRAST);
        assert!(parse_hex("#777777").unwrap().contrast_with_white() < MIN_CONTRAST);
    }

    #[test]
    fn contrast_between_two_colours_is_symmetric() {
        let (black, yellow) = (Rgb(0x1b, 0x1f, 0x23), Rgb(0xff, 0xd4, 0x3b));
        assert!((black.contrast(yellow) - yellow.contrast(black)).abs() < 1e-12);
        // Dark text on the theme's yellow: 11.6:1 (docs/THEME.md).
        assert!((black.contrast(yellow) - 11.63).abs() < 0.01);
        assert!((yellow.contrast(yellow) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn theme_accents_pass_and_light_colours_fail() {
        for ok in [
            "#a63d00", "#7a5a00", "#6a3d9a", "#5d4037", "#0b5cab", "#37474f", "#00695c",
        ] {
            assert_eq!(check("c", ok), None, "{ok}");
        }
        let (message, _) = check("c", "#ffcc00").unwrap();
        assert!(message.to_string().contains("contrast of 1.5"), "{message}");
        assert!(message.to_string().contains("4.5:1"), "{message}");
        assert!(check("c", "").is_some());
        assert!(
            check("c", "orange")
                .unwrap()
                .0
                .to_string()
                .contains("not a hex colour")
        );
    }
}
