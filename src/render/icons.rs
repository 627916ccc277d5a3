//! Category icons: the SVG files `static/icons/<name>.svg` of the theme layers (the site's
//! win over a theme folder's, which win over the default theme's, like every static file),
//! named by `icon:` in site.yaml. Each icon a category uses is checked to be one plain `<svg>`
//! element of shapes — no scripts, event handlers, styles or references to other files — and
//! written again from its parsed elements as decorative inline markup (`aria-hidden`), which
//! templates get as `icons[name]`. Inline SVG shows on every computer; an emoji shows as an
//! empty box where no emoji font is installed.

use crate::error::{Diagnostic, Error, Result};
use crate::fs::FileSource;
use crate::messages::Text;
use crate::model::config::{self, Config};
use crate::render::layers::Origin;
use crate::text;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Where icons live among a layer's static files.
pub const DIR: &str = "icons/";

/// The most bytes an icon's inline markup may have: it is repeated on every card.
pub const MAX_BYTES: usize = 4096;

/// Inline SVG markup of each icon the categories use, by name.
pub type Icons = BTreeMap<String, String>;

/// The elements an icon may have: shapes and groups.
const ELEMENTS: &[&str] = &[
    "svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon",
];

/// The attributes an icon's elements may have: geometry and paint, nothing that loads,
/// runs or styles.
const ATTRIBUTES: &[&str] = &[
    "viewBox",
    "width",
    "height",
    "d",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "points",
    "transform",
    "fill",
    "fill-rule",
    "fill-opacity",
    "clip-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "vector-effect",
];

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The icons the categories of `config` name, from the merged static files (path in the
/// output → file and origin). Every problem is reported: an unknown name at its site.yaml
/// line with the names there are, an unsafe file at its own line.
pub fn resolve(config: &Config, statics: &BTreeMap<String, (FileSource, Origin)>) -> Result<Icons> {
    let mut icons = Icons::new();
    let mut problems = Vec::new();
    for category in &config.categories {
        let name = category.icon.as_str();
        if name.is_empty() || icons.contains_key(name) {
            continue;
        }
        let Some((file, origin)) = statics
            .get(&format!("{DIR}{name}.svg"))
            .filter(|_| is_name(name))
        else {
            problems.push(unknown(name, &category.id, category.icon_line, statics));
            continue;
        };
        let checked = String::from_utf8(file.read()?)
            .map_err(|_| (1, 1, text!("icons.not_utf8")))
            .and_then(|text| inline(&text));
        match checked {
            Ok(markup) => {
                icons.insert(name.to_string(), markup);
            }
            Err((line, col, why)) => problems.push(Diagnostic::new(
                origin.to_string(),
                line,
                col,
                text!("icons.unusable", name = name, why = why),
                text!("icons.unusable_fix"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(icons)
    } else {
        Err(Error::content(problems))
    }
}

/// Whether `name` can name an icon file: lowercase letters, digits and dashes.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn unknown(
    name: &str,
    id: &str,
    line: usize,
    statics: &BTreeMap<String, (FileSource, Origin)>,
) -> Diagnostic {
    let names: Vec<&str> = statics
        .keys()
        .filter_map(|p| p.strip_prefix(DIR)?.strip_suffix(".svg"))
        .filter(|n| is_name(n))
        .collect();
    let message = if is_name(name) {
        text!(
            "icons.unknown",
            id = id,
            name = name,
            suggestion = crate::model::suggest::did_you_mean(name, names.iter().copied())
        )
    } else {
        text!("icons.not_name", id = id, name = name)
    };
    Diagnostic::new(
        config::FILE_NAME,
        line,
        0,
        message,
        text!(
            "icons.unknown_fix",
            list = names.join(", "),
            name = match is_name(name) {
                true => text!("output.file", path = name),
                false => text!("icons.name_placeholder"),
            }
        ),
    )
}

/// A problem in an SVG file: 1-based line and column, and what is wrong.
pub type Problem = (usize, usize, Text);

/// Checks one SVG file and writes it again as decorative inline markup: the root gets
/// `class="icon icon--category"`, `aria-hidden`, `focusable="false"` and a 24×24 size;
/// comments and whitespace go.
pub fn inline(text: &str) -> std::result::Result<String, Problem> {
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        (
            pos.row as usize,
            pos.col as usize,
            text!("icons.not_xml", detail = e.to_string()),
        )
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(problem(&doc, root, text!("icons.not_svg")));
    }
    let mut out = String::new();
    write_element(&doc, root, &mut out)?;
    if out.len() > MAX_BYTES {
        return Err((
            1,
            1,
            text!("icons.too_big", bytes = out.len(), max = MAX_BYTES),
        ));
    }
    Ok(out)
}

fn problem(doc: &roxmltree::Document, node: roxmltree::Node, why: Text) -> Problem {
    let pos = doc.text_pos_at(node.range().start);
    (pos.row as usize, pos.col as usize, why)
}

fn write_element(
    doc: &roxmltree::Document,
    node: roxmltree::Node,
    out: &mut String,
) -> std::result::Result<(), Problem> {
    let name = node.tag_name().name();
    let ns = node.tag_name().namespace();
    if !ELEMENTS.contains(&name) || ns.is_some_and(|ns| ns != SVG_NS) {
        let why = match name {
            "script" => text!("icons.script"),
            "style" => text!("icons.style_element"),
            "use" | "image" | "a" | "foreignObject" => text!("icons.embeds", name = name),
            _ => text!("icons.not_shape", name = name),
        };
        return Err(problem(doc, node, why));
    }
    let is_root = node == doc.root_element();
    out.push('<');
    out.push_str(name);
    let mut view_box = None;
    for attr in node.attributes() {
        let key = attr.name();
        let value = attr.value();
        if key.starts_with("on") {
            return Err(problem(doc, node, text!("icons.handler", key = key)));
        }
        if !ATTRIBUTES.contains(&key) || attr.namespace().is_some() {
            let why = if key.contains("href") {
                text!("icons.href", key = key)
            } else if key == "style" {
                text!("icons.style_attribute")
            } else {
                text!("icons.attribute", key = key)
            };
            return Err(problem(doc, node, why));
        }
        if value.to_ascii_lowercase().contains("url(") {
            return Err(problem(
                doc,
                node,
                text!("icons.url", key = key, value = value),
            ));
        }
        if is_root {
            if key == "viewBox" {
                view_box = Some(value);
            }
            continue; // The root's size and box are written below, the same for every icon.
        }
        let _ = write!(out, " {key}=\"{}\"", escape(value));
    }
    if is_root {
        let _ = write!(
            out,
            " class=\"icon icon--category\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"{}\" width=\"24\" height=\"24\"",
            escape(view_box.unwrap_or("0 0 24 24"))
        );
    }
    let mut children = String::new();
    for child in node.children() {
        if child.is_element() {
            write_element(doc, child, &mut children)?;
        } else if child.is_text() && !child.text().unwrap_or("").trim().is_empty() {
            return Err(problem(doc, node, text!("icons.text", name = name)));
        }
    }
    if children.is_empty() && !is_root {
        out.push_str("/>");
    } else {
        out.push('>');
        out.push_str(&children);
        let _ = write!(out, "</{name}>");
    }
    Ok(())
}

fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_icon_becomes_decorative_inline_markup() {
        let svg = "<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 48 48\" width=\"48\">\n  <g fill=\"currentColor\"><path d=\"M0 0h48v48z\"/></g>\n</svg>\n";
        assert_eq!(
            inline(svg).unwrap(),
            "<svg class=\"icon icon--category\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 48 48\" width=\"24\" height=\"24\"><g fill=\"currentColor\"><path d=\"M0 0h48v48z\"/></g></svg>"
        );
    }

    #[test]
    fn scripts_handlers_styles_and_references_are_refused_at_their_line() {
        let cases = [
            ("<svg><script>alert(1)</script></svg>", "`<script>`"),
            (
                "<svg>\n<path onclick=\"x()\" d=\"M0 0\"/></svg>",
                "event handler",
            ),
            ("<svg onload=\"x()\"/>", "event handler"),
            ("<svg><use href=\"#a\"/></svg>", "`<use>`"),
            (
                "<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><path xlink:href=\"x.svg\" d=\"\"/></svg>",
                "refers to another file",
            ),
            (
                "<svg><path style=\"fill:url(http://x)\" d=\"\"/></svg>",
                "`style`",
            ),
            (
                "<svg><path fill=\"url(https://evil.example/#g)\" d=\"\"/></svg>",
                "refers to other content",
            ),
            ("<svg><foreignObject/></svg>", "embeds other content"),
            ("<html><svg/></html>", "one `<svg>` element"),
            ("<svg><path d=\"\"/>", "not well-formed"),
            (
                "<!DOCTYPE svg [<!ENTITY a \"b\">]><svg>&a;</svg>",
                "not well-formed",
            ),
            ("<svg>hello</svg>", "holds text"),
        ];
        for (svg, expected) in cases {
            let (line, _, why) = inline(svg).expect_err(svg);
            assert!(why.to_string().contains(expected), "{svg}: {why}");
            assert!(line >= 1, "{svg}");
        }
        assert_eq!(
            inline("<svg>\n<path onclick=\"x()\" d=\"M0 0\"/></svg>")
                .unwrap_err()
                .0,
            2
        );
    }

    #[test]
    fn the_default_icons_are_plain_and_small() {
        for file in crate::render::layers::builtin() {
            let Some(name) = file.origin.path.strip_prefix("static/icons/") else {
                continue;
            };
            let text = String::from_utf8(file.bytes().unwrap().into_owned()).unwrap();
            let markup = inline(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert!(markup.len() < 1024, "{name}: {} bytes", markup.len());
            assert!(markup.contains("currentColor"), "{name}");
        }
    }
}
