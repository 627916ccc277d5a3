//! QR codes as inline SVG, for posters: a printed poster links to its lesson through one.
//!
//! The SVG is made here rather than by the `qrcode` crate's renderer so that it is small and
//! fit to inline in HTML (no XML declaration, one path): each row's runs of dark modules are
//! strokes one module thick, drawn with relative moves. The quiet zone (4 modules, as ISO/IEC
//! 18004 asks) is part of the white square, so the code scans on any background.

use crate::render::keyed::Href;
use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};
use serde::Serialize;
use serde::ser::Serializer;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

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
            match pen {
                None => {
                    path.push('M');
                    push_number(&mut path, start + QUIET);
                    path.push(' ');
                    push_number(&mut path, y + QUIET);
                    path.push_str(".5");
                }
                Some(at) => {
                    path.push('m');
                    push_number(&mut path, start - at);
                    path.push_str(" 0");
                }
            }
            path.push('h');
            push_number(&mut path, x - start);
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

/// Appends `n` in decimal: `write!` took a third of the time of making a code's SVG.
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// The modules of the QR code of `data` at error correction level M, row by row (`true` is
/// dark), with the code's width; `None` when the data is too long for a code.
///
/// This is `qrcode::QrCode::new` with a faster placement and choice of mask: the crate masks
/// and scores the eight masks of every code module by module through boxed closures, which took
/// 40% of a full build's time with posters on. Here a code is rows of bits: the data bits go to
/// the modules its version's [`Layout`] lists, each mask is an XOR with the layout's masks, and
/// [`penalty`] gives the crate's scores (so the same mask and the same code). Codes of version
/// 12 and up (over 61 modules, from about 250 bytes) are left to the crate.
fn modules(data: &[u8]) -> Option<(usize, Vec<bool>)> {
    let bits = qrcode::bits::encode_auto(data, EcLevel::M).ok()?;
    let version = bits.version();
    let width = usize::try_from(version.width()).ok()?;
    let Some(layout) = layout(version) else {
        let code = qrcode::QrCode::new(data).ok()?;
        let dark = code.to_colors().iter().map(|&c| c == Color::Dark).collect();
        return Some((width, dark));
    };
    let (codewords, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    // The dark data modules: masking inverts them where the mask is dark.
    let data = layout.place(codewords.iter().chain(&ec), width);
    // Masking commutes with swapping rows and columns, so the columns that `penalty` scores
    // too are the data's columns, swapped once, masked by the template's.
    let data_columns = data.transposed();
    let mut best: Option<(u32, Rows)> = None;
    for template in &layout.masks {
        let masked = template.rows.xor(&data);
        let score = penalty(&masked, &template.columns.xor(&data_columns));
        // The first mask with the lowest score wins, as in the crate.
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, masked));
        }
    }
    let (_, code) = best?;
    let mut dark = Vec::with_capacity(width * width);
    for row in &code.rows {
        dark.extend((0..width).map(|x| (row >> x) & 1 == 1));
    }
    Some((width, dark))
}

/// A mask applied to a code with no data, by rows and by columns.
struct Template {
    rows: Rows,
    columns: Rows,
}

/// What every code of one version shares: its masks and where its data goes.
struct Layout {
    /// The eight masks applied to a code with no data: the function patterns and the format
    /// information of each mask, and the mask itself everywhere else.
    masks: [Template; 8],
    /// The data modules in the order the codewords' bits fill them, as (x, y).
    data: Vec<(u8, u8)>,
}

impl Layout {
    /// The dark modules of `codewords` (data, then error correction) placed in a code
    /// `width` modules a side: bits from the most significant down, the rest light.
    fn place<'a>(&self, codewords: impl Iterator<Item = &'a u8>, width: usize) -> Rows {
        let mut rows = vec![0u64; width];
        let bits = codewords.flat_map(|&byte| (0..8).rev().map(move |j| (byte >> j) & 1));
        for (&(x, y), bit) in self.data.iter().zip(bits) {
            rows[usize::from(y)] |= u64::from(bit) << x;
        }
        Rows { rows, width }
    }
}

/// The data modules of a blank code of `width` in the order the crate's `draw_data` fills
/// them, as (x, y). The order is learned from the crate rather than copied from it: for
/// each bit `b` of a module's place in the order, one drawing of codewords whose k-th bit is
/// bit `b` of k marks the modules whose place has that bit.
fn fill_order(blank: &Canvas, width: i16) -> Vec<(u8, u8)> {
    let empty: Vec<(i16, i16)> = (0..width)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .filter(|&(x, y)| blank.get(x, y) == Module::Empty)
        .collect();
    let n = empty.len();
    let mut places = vec![0usize; n];
    for b in 0..usize::BITS - n.leading_zeros() {
        let bytes: Vec<u8> = (0..n.div_ceil(8))
            .map(|k| {
                (0..8).fold(0u8, |byte, j| {
                    byte | (u8::from(((k * 8 + j) >> b) & 1 == 1) << (7 - j))
                })
            })
            .collect();
        let mut canvas = blank.clone();
        canvas.draw_data(&bytes, &[]);
        for (place, &(x, y)) in places.iter_mut().zip(&empty) {
            if canvas.get(x, y) == Module::Unmasked(Color::Dark) {
                *place |= 1 << b;
            }
        }
    }
    let mut order = vec![(0u8, 0u8); n];
    for (&place, &(x, y)) in places.iter().zip(&empty) {
        if let (Some(slot), Ok(x), Ok(y)) = (order.get_mut(place), u8::try_from(x), u8::try_from(y))
        {
            *slot = (x, y);
        }
    }
    order
}

/// The [`Layout`] of codes of `version`; `None` for version 12 and up.
fn layout(version: Version) -> Option<&'static Layout> {
    /// Versions 1 to 11 (17 + 4 × 11 = 61 modules), made once.
    static LAYOUTS: LazyLock<Vec<Layout>> = LazyLock::new(|| {
        (1..=11)
            .map(|v| {
                let version = Version::Normal(v);
                let mut blank = Canvas::new(version, EcLevel::M);
                blank.draw_all_functional_patterns();
                let data = fill_order(&blank, version.width());
                let masks = MASKS.map(|pattern| {
                    let mut masked = blank.clone();
                    masked.apply_mask(pattern);
                    let rows = Rows::of(&masked, version.width(), Module::is_dark);
                    let columns = rows.transposed();
                    Template { rows, columns }
                });
                Layout { masks, data }
            })
            .collect()
    });
    match version {
        Version::Normal(v @ 1..=11) => LAYOUTS.get(usize::try_from(v - 1).ok()?),
        _ => None,
    }
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

/// A code of at most 64 modules a side as bits: bit `x` of `rows[y]` is the module at (x, y).
struct Rows {
    rows: Vec<u64>,
    width: usize,
}

impl Rows {
    /// The modules of `canvas`, `width` (at most 64) a side, for which `dark` holds.
    fn of(canvas: &Canvas, width: i16, dark: impl Fn(Module) -> bool) -> Rows {
        let rows = (0..width)
            .map(|y| {
                (0..width).fold(0u64, |row, x| {
                    row | (u64::from(dark(canvas.get(x, y))) << x)
                })
            })
            .collect();
        Rows {
            rows,
            width: usize::try_from(width).unwrap_or(0),
        }
    }

    /// Each module of `self` inverted where `other`'s is dark.
    fn xor(&self, other: &Rows) -> Rows {
        Rows {
            rows: self
                .rows
                .iter()
                .zip(&other.rows)
                .map(|(a, b)| a ^ b)
                .collect(),
            width: self.width,
        }
    }

    /// The same code with rows and columns swapped.
    fn transposed(&self) -> Rows {
        let rows = (0..self.width)
            .map(|x| {
                self.rows
                    .iter()
                    .enumerate()
                    .fold(0u64, |col, (y, row)| col | (((row >> x) & 1) << y))
            })
            .collect();
        Rows {
            rows,
            width: self.width,
        }
    }

    /// The low `n` bits set.
    fn low(n: usize) -> u64 {
        if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
    }
}

/// The penalty score of a masked code (ISO/IEC 18004 §7.8.3, as the `qrcode` crate counts it):
/// runs of five or more, 2×2 blocks, finder-like patterns and the dark/light balance;
/// `columns` is the same code with rows and columns swapped.
fn penalty(code: &Rows, columns: &Rows) -> u32 {
    let width = code.width;
    let mut score = 0;
    for &line in code.rows.iter().chain(&columns.rows) {
        score += runs_score(line, width) + finder_score(line, width);
    }
    // Where a module equals its right neighbour, in each row; a 2×2 block is two such
    // places on top of each other whose rows also agree.
    let pairs = Rows::low(width - 1);
    let same_right = |row: u64| !(row ^ (row >> 1)) & pairs;
    for rows in code.rows.windows(2) {
        let (top, bottom) = (rows[0], rows[1]);
        let blocks = same_right(top) & same_right(bottom) & !(top ^ bottom);
        score += 3 * blocks.count_ones();
    }
    // The code's own three finder patterns match three times each way: the crate leaves them out.
    score -= 2 * 360;
    let darks: u32 = code.rows.iter().map(|r| r.count_ones()).sum();
    let total = u32::try_from(width * width).unwrap_or(u32::MAX);
    let ratio = darks * 200 / total;
    score + ratio.abs_diff(100)
}

/// 3 + N points for every run of 5 + N modules of one colour in a line of `width` modules.
fn runs_score(line: u64, width: usize) -> u32 {
    // Bit j: module j equals module j + 1. A run of L modules is L - 1 such bits in a row.
    let same = !(line ^ (line >> 1)) & Rows::low(width - 1);
    // Bit j: modules j to j + 4 are one colour. A run of L ≥ 5 modules sets L - 4 such bits
    // in a row, and two runs' bits are never adjacent: so the runs are where a set bit has
    // no set bit below it, and the score L - 2 of each is its bits plus 2.
    let long = same & (same >> 1) & (same >> 2) & (same >> 3);
    let runs = long & !(long << 1);
    long.count_ones() + 2 * runs.count_ones()
}

/// 40 points for every `#.###.#` in a line with no dark module in the four before or after it.
fn finder_score(line: u64, width: usize) -> u32 {
    // Bit j: the pattern starts at module j.
    let mut starts = line
        & !(line >> 1)
        & (line >> 2)
        & (line >> 3)
        & (line >> 4)
        & !(line >> 5)
        & (line >> 6)
        & Rows::low(width.saturating_sub(6));
    let mut score = 0;
    while starts != 0 {
        let j = starts.trailing_zeros() as usize;
        starts &= starts - 1;
        let before = (line & Rows::low(j)) >> j.saturating_sub(4);
        let after = line
            .checked_shr(u32::try_from(j + 7).unwrap_or(u32::MAX))
            .unwrap_or(0)
            & 0xf
            & Rows::low(width - (j + 7));
        if before == 0 || after == 0 {
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

    /// Seeded pseudo-random numbers (xorshift64).
    fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    #[test]
    fn the_fast_mask_choice_gives_the_crate_s_code() {
        let mut texts: Vec<String> = (0..300)
            .map(|i| format!("https://safety.example/lessons/fire/generated-{i:05}/poster/"))
            .collect();
        texts.push("https://安全.example/课程/消防/灭火器/".into());
        // Seeded random texts of every length up to 300 bytes, from three alphabets (the
        // crate encodes digits, upper-case letters and other bytes differently).
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..500 {
            let len = usize::try_from(next() % 300).unwrap() + 1;
            let alphabet: &[u8] = match next() % 3 {
                0 => b"0123456789",
                1 => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 $%*+-./:",
                _ => b"abcdefghijklmnopqrstuvwxyz/-_.%E5%AE%89:?#&=",
            };
            texts.push(
                (0..len)
                    .map(|_| {
                        char::from(alphabet[usize::try_from(next()).unwrap() % alphabet.len()])
                    })
                    .collect(),
            );
        }
        // Every size of code up to 61 modules and past it (the crate's own path).
        texts.extend((1..300).step_by(3).map(|n| {
            (0..n)
                .map(|i| char::from(b'!' + u8::try_from((i * 7 + n) % 90).unwrap()))
                .collect()
        }));
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

    /// The crate's penalty of a masked canvas, transcribed module by module from its
    /// `compute_*_penalty_score` functions (on modules, not bits): the oracle for [`penalty`].
    fn crate_penalty(c: &Canvas, w: i16) -> u32 {
        let at = |i: i16, j: i16, rows: bool| if rows { c.get(j, i) } else { c.get(i, j) };
        let mut total = 0;
        for rows in [true, false] {
            for i in 0..w {
                // Runs of five or more of one colour.
                let mut run = 1;
                for j in 1..=w {
                    if j < w && at(i, j, rows) == at(i, j - 1, rows) {
                        run += 1;
                    } else {
                        if run >= 5 {
                            total += run - 2;
                        }
                        run = 1;
                    }
                }
                // `#.###.#` with four light modules on either side.
                let dark = |k: i16| (0..w).contains(&k) && at(i, k, rows).is_dark();
                let pattern = [true, false, true, true, true, false, true];
                for j in 0..w - 6 {
                    if (j..j + 7).map(dark).eq(pattern)
                        && (!((j - 4)..j).any(dark) || !((j + 7)..(j + 11)).any(dark))
                    {
                        total += 40;
                    }
                }
            }
        }
        for i in 0..w - 1 {
            for j in 0..w - 1 {
                let m = c.get(i, j);
                if m == c.get(i + 1, j) && m == c.get(i, j + 1) && m == c.get(i + 1, j + 1) {
                    total += 3;
                }
            }
        }
        let darks = (0..w)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| c.get(x, y).is_dark())
            .count();
        let ratio = darks * 200 / usize::try_from(w * w).unwrap();
        // The crate leaves out the code's own three finder patterns, which match three times
        // each way.
        total - 2 * 360 + u32::try_from(ratio.abs_diff(100)).unwrap()
    }

    /// Every version's placement, every mask and every mask's score, on random codewords:
    /// the end-to-end test sees only the mask that wins, and some never win there.
    #[test]
    fn placement_masks_and_scores_agree_with_the_crate_for_every_mask() {
        let mut next = xorshift(0x1234_5678_9abc_def1);
        for v in 1..=11 {
            let version = Version::Normal(v);
            let w = version.width();
            let width = usize::try_from(w).unwrap();
            let layout = layout(version).unwrap();
            let mut blank = Canvas::new(version, EcLevel::M);
            blank.draw_all_functional_patterns();
            let n = layout.data.len() / 8;
            for trial in 0..10 {
                let bytes: Vec<u8> = (0..n).map(|_| next().to_le_bytes()[0]).collect();
                let (data, ec) = bytes.split_at(usize::try_from(next()).unwrap() % (n + 1));
                let mut canvas = blank.clone();
                canvas.draw_data(data, ec);
                let ours = layout.place(data.iter().chain(ec), width);
                let theirs = Rows::of(&canvas, w, |m| m == Module::Unmasked(Color::Dark));
                assert_eq!(ours.rows, theirs.rows, "version {v}, trial {trial}");
                let columns = ours.transposed();
                for (k, (pattern, mask)) in MASKS.iter().zip(&layout.masks).enumerate() {
                    let mut masked = canvas.clone();
                    masked.apply_mask(*pattern);
                    let code = mask.rows.xor(&ours);
                    assert_eq!(code.rows, Rows::of(&masked, w, Module::is_dark).rows);
                    assert_eq!(
                        penalty(&code, &mask.columns.xor(&columns)),
                        crate_penalty(&masked, w),
                        "version {v}, mask {k}, trial {trial}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_text_too_long_for_a_code_has_none() {
        assert!(svg(&"a".repeat(MAX_URL_BYTES + 1)).is_none());
        assert!(svg(&"a".repeat(100)).is_some());
    }
}
