//! A body as plain text, for readers that show no HTML: the `<description>` of a CAP alert.
//! Paragraphs and headings are separated by a blank line, list items start with `- ` or
//! their number, table cells are separated by ` | `; raw HTML, link addresses and images'
//! addresses are left out (an image's alternative text stays).

use super::Parsed;
use pulldown_cmark::{Event, Tag, TagEnd};

/// The text of `parsed`, without markup.
pub fn plain_text(parsed: &Parsed) -> String {
    let mut out = String::new();
    // Per open list: the next item's number, or none for a bulleted list.
    let mut lists: Vec<Option<u64>> = Vec::new();
    for event in &parsed.events() {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                out.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::TaskListMarker(done) => out.push_str(if *done { "[x] " } else { "[ ] " }),
            Event::Start(Tag::List(first)) => {
                end_line(&mut out);
                lists.push(*first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                end_line(&mut out);
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                end_line(&mut out);
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                let trimmed = out.trim_end_matches(" | ").len();
                out.truncate(trimmed);
                out.push('\n');
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::BlockQuote(_),
            )
            | Event::Rule => {
                // Inside a list item a paragraph ends the line only: items stay together.
                if lists.is_empty() {
                    end_line(&mut out);
                    out.push('\n');
                } else {
                    end_line(&mut out);
                }
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Ends the current line unless it is already ended (or nothing was written).
fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{MarkdownOptions, parse};

    fn text(md: &str) -> String {
        let opts = MarkdownOptions {
            smart_punctuation: false,
            asset_base: "/".into(),
            content_dir: String::new(),
            root: "/".into(),
        };
        plain_text(&parse(md, &opts))
    }

    #[test]
    fn blocks_are_separated_and_markup_dropped() {
        let md = "# Title\n\nFirst **bold** [link](https://a.gov) <b>x</b>.\n\n- one\n- two\n  1. a\n  2. b\n\nAfter.\n";
        assert_eq!(
            text(md),
            "Title\n\nFirst bold link x.\n\n- one\n- two\n  1. a\n  2. b\n\nAfter."
        );
    }

    #[test]
    fn tables_keep_their_cells() {
        assert_eq!(text("| a | b |\n|---|---|\n| 1 | 2 |\n"), "a | b\n1 | 2");
    }
}
