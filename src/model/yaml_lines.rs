//! Where things are written in YAML text: the items of a sequence and a key inside one item.
//! serde forgets positions, so checks that run on parsed values (a quiz's answer, a
//! category's icon) find their line here, in the text, for block and flow style alike.
//! Only lines are found; a value that cannot be placed falls back to its parent's line.

/// One item of a sequence: the 0-based lines it spans and how its own keys are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// The line where the item starts (its `-`, or its first character in a flow sequence).
    pub line: usize,
    /// The column (0-based, in bytes) where the item's value starts.
    pub col: usize,
    /// The line after the item's last line.
    pub end: usize,
}

/// The 0-based line and the byte column just after `key:` of the top-level `key`.
pub fn top_level_key(yaml: &str, key: &str) -> Option<(usize, usize)> {
    let line = crate::model::frontmatter::key_line(yaml, key)?;
    let text = yaml.lines().nth(line)?;
    Some((line, text.find(':')? + 1))
}

/// The items of the sequence written after the key that ends at (`line`, `col`), the
/// position just after its `:`.
pub fn items(yaml: &str, line: usize, col: usize) -> Vec<Item> {
    let lines: Vec<&str> = yaml.lines().collect();
    let Some(rest) = lines.get(line).and_then(|l| l.get(col..)) else {
        return Vec::new();
    };
    let value = rest.trim_start();
    if value.starts_with('[') {
        let at = col + (rest.len() - value.len());
        return flow_items(&lines, line, at);
    }
    if !value.is_empty() && !value.starts_with('#') {
        return Vec::new(); // A scalar or a flow mapping: not a sequence.
    }
    let key_indent = indent(lines[line]);
    block_items(&lines, line + 1, key_indent)
}

/// The line of `key` inside `item`, and the column just after its `:`; `None` when the item
/// does not write the key.
pub fn item_key(yaml: &str, item: &Item, key: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    for (n, text) in lines.iter().enumerate().take(item.end).skip(item.line) {
        let from = if n == item.line { item.col } else { 0 };
        let Some(text) = text.get(from..) else {
            continue;
        };
        let mut search = 0;
        while let Some(found) = find_key(&text[search..], key) {
            let at = search + found;
            let before = text[..at].trim_end();
            let starts_key = before.is_empty()
                || before.ends_with(['{', ','])
                || (n == item.line && before == "-");
            if starts_key {
                let after = text[at..].find(':').map_or(text.len(), |c| at + c + 1);
                return Some((n, from + after));
            }
            search = at + 1;
        }
    }
    None
}

/// The byte offset of `key` followed by `:` in `text` (quoted or not), if any.
fn find_key(text: &str, key: &str) -> Option<usize> {
    [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .filter_map(|form| {
            text.match_indices(form.as_str())
                .find(|(at, _)| text[at + form.len()..].trim_start().starts_with(':'))
                .map(|(at, _)| at)
        })
        .min()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ") || text.starts_with("-\t")
}

/// Items of a block sequence whose first line is at or after `from`; its dashes may be
/// indented as far as the key (`quiz:` then `- question:` at the same column) or further.
fn block_items(lines: &[&str], from: usize, key_indent: usize) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut dash_indent = None;
    for (n, &line) in lines.iter().enumerate().skip(from) {
        if is_blank(line) {
            continue;
        }
        let at = indent(line);
        let text = &line[at..];
        let level = *dash_indent.get_or_insert(at);
        if at < level || at < key_indent || (at == level && !is_dash(text)) {
            break;
        }
        if at == level {
            let value = at + 1 + (text[1..].len() - text[1..].trim_start().len());
            items.push(Item {
                line: n,
                col: value,
                end: n + 1,
            });
        }
        if let Some(last) = items.last_mut() {
            last.end = n + 1;
        }
    }
    items
}

/// Items of a flow sequence whose `[` is at (`line`, `col`): each starts at the first
/// character after the `[` or a comma at the outer level.
fn flow_items(lines: &[&str], line: usize, col: usize) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut expect_item = false;
    for (n, text) in lines.iter().enumerate().skip(line) {
        let from = if n == line { col } else { 0 };
        let mut prev = ' ';
        let mut chars = text
            .char_indices()
            .skip_while(|&(i, _)| i < from)
            .peekable();
        while let Some((i, c)) = chars.next() {
            if let Some(q) = quote {
                if c == '\\' && q == '"' {
                    chars.next();
                } else if c == q {
                    quote = None;
                }
                prev = c;
                continue;
            }
            if c == '#' && prev.is_whitespace() {
                break; // A comment runs to the end of the line.
            }
            if depth == 1 && expect_item && !c.is_whitespace() && c != ']' && c != ',' {
                items.push(Item {
                    line: n,
                    col: i,
                    end: n + 1,
                });
                expect_item = false;
            }
            match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    expect_item = depth == 1;
                }
                ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return items;
                    }
                }
                ',' if depth == 1 => expect_item = true,
                _ => {}
            }
            if let Some(last) = items.last_mut() {
                last.end = n + 1;
            }
            prev = c;
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item_lines(yaml: &str, key: &str) -> Vec<usize> {
        let (line, col) = top_level_key(yaml, key).expect("key");
        items(yaml, line, col).iter().map(|i| i.line).collect()
    }

    #[test]
    fn block_items_start_at_their_dashes_indented_or_not() {
        let yaml = "title: T\nquiz:\n  - question: A\n    options: [a, b]\n\n  # note\n  - question: B\n    options:\n      - x\n      - y\nweight: 1\n";
        assert_eq!(item_lines(yaml, "quiz"), [2, 6]);
        let flush = "quiz:\n- question: A\n  answer: 1\n- {question: B}\nweight: 1\n";
        assert_eq!(item_lines(flush, "quiz"), [1, 3]);
        let (line, col) = top_level_key(flush, "quiz").unwrap();
        let all = items(flush, line, col);
        assert_eq!(all[0].end, 3);
        assert_eq!(item_key(flush, &all[0], "answer").map(|k| k.0), Some(2));
        assert_eq!(item_key(flush, &all[0], "question").map(|k| k.0), Some(1));
        assert_eq!(item_key(flush, &all[1], "question").map(|k| k.0), Some(3));
        assert_eq!(item_key(flush, &all[1], "answer"), None);
    }

    #[test]
    fn flow_items_are_split_at_outer_commas_only() {
        let yaml = "quiz: [{question: \"a, [b]\", options: [x, y]},\n  {question: 'c''s', answer: 2}, # two\n  {question: d}]\n";
        assert_eq!(item_lines(yaml, "quiz"), [0, 1, 2]);
        let (line, col) = top_level_key(yaml, "quiz").unwrap();
        let all = items(yaml, line, col);
        let (l, c) = item_key(yaml, &all[0], "options").unwrap();
        let options = items(yaml, l, c);
        assert_eq!(options.len(), 2);
        assert_eq!(&yaml[options[1].col..options[1].col + 1], "y");
        assert_eq!(item_key(yaml, &all[1], "answer").map(|k| k.0), Some(1));
    }

    #[test]
    fn nested_block_sequences_end_at_the_next_key() {
        let yaml = "quiz:\n  - question: Q\n    options:\n    - a\n    - b\n    answer: 2\n";
        let (line, col) = top_level_key(yaml, "quiz").unwrap();
        let quiz = items(yaml, line, col);
        let (l, c) = item_key(yaml, &quiz[0], "options").unwrap();
        let options: Vec<usize> = items(yaml, l, c).iter().map(|i| i.line).collect();
        assert_eq!(options, [3, 4]);
        assert_eq!(item_key(yaml, &quiz[0], "answer").map(|k| k.0), Some(5));
    }

    #[test]
    fn a_scalar_value_has_no_items() {
        assert!(item_lines("quiz: none\n", "quiz").is_empty());
        assert!(item_lines("quiz:\ntitle: x\n", "quiz").is_empty());
    }
}
