//! Stylesheets and scripts as they are published: comments and layout whitespace removed.
//! The theme's files are written to be read (their comments say why each rule is there);
//! residents download every byte of them on a first visit, within a budget of 20 KB for
//! everything.

/// `css` without comments and with whitespace collapsed; text in quotes is kept as written.
/// Bytes that are not UTF-8 are returned unchanged.
pub fn css(css: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(css) else {
        return css.to_vec();
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    // Whether whitespace was skipped since the last character written.
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = '\0';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '"' | '\'' => {
                push_space(&mut out, &mut space, c);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    match s {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        _ if s == c => break,
                        _ => {}
                    }
                }
            }
            '}' if out.ends_with(';') => {
                out.pop();
                out.push('}');
                space = false;
            }
            c => {
                push_space(&mut out, &mut space, c);
                out.push(c);
            }
        }
    }
    out.into_bytes()
}

/// Writes the whitespace skipped before `next`, unless a delimiter on either side makes it
/// meaningless.
fn push_space(out: &mut String, space: &mut bool, next: char) {
    const TIGHT: &[char] = &['{', '}', ';', ','];
    if std::mem::take(space) && !out.is_empty() && !out.ends_with(TIGHT) && !TIGHT.contains(&next) {
        out.push(' ');
    }
}

/// `js` without its comment lines, blank lines and indentation. Lines are kept, so automatic
/// semicolon insertion sees the same code. A script with a template literal or a line that
/// continues a string (`\` at its end) is returned unchanged, since there the start of a line
/// can be inside a string; so are bytes that are not UTF-8.
pub fn js(js: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(js) else {
        return js.to_vec();
    };
    if text.contains('`') || text.lines().any(|l| l.ends_with('\\')) {
        return js.to_vec();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim) {
        if !line.is_empty() && !line.starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::{css, js};

    fn min(s: &str) -> String {
        String::from_utf8(css(s.as_bytes())).unwrap()
    }

    #[test]
    fn comments_and_layout_whitespace_go() {
        assert_eq!(
            min(
                "/* why */\n.a ,\n.b > c {\n  color: red;\n  margin: 0 auto;\n}\n\n@media (max-width: 20em) {\n  .a { padding: 0 }\n}\n"
            ),
            ".a,.b > c{color: red;margin: 0 auto}@media (max-width: 20em){.a{padding: 0}}"
        );
    }

    #[test]
    fn meaningful_spaces_stay() {
        // Descendant selectors, value lists and calc() need their spaces.
        assert_eq!(
            min(".a .b:hover{width:calc(100% - 2rem);border:1px  solid\t#000}"),
            ".a .b:hover{width:calc(100% - 2rem);border:1px solid #000}"
        );
        // A comment between two words still separates them.
        assert_eq!(min("a/**/b{}"), "a b{}");
    }

    #[test]
    fn quoted_text_is_kept_as_written() {
        assert_eq!(
            min(".q::before{content:\"  /* not a comment */ ;} \\\" \"}"),
            ".q::before{content:\"  /* not a comment */ ;} \\\" \"}"
        );
        assert_eq!(min("a{content:'x  y'}"), "a{content:'x  y'}");
    }

    #[test]
    fn an_unclosed_comment_or_string_does_not_hang_or_panic() {
        assert_eq!(min("a{} /* open"), "a{}");
        assert_eq!(min("a{content:\"open"), "a{content:\"open");
        assert_eq!(css(&[0xff, b' ', b' ']), vec![0xff, b' ', b' ']);
    }

    #[test]
    fn scripts_lose_comment_lines_and_indentation_only() {
        let script = "// why\n(() => {\n  // more why\n  const a = \"// kept\";\n\n  f(a) // trailing kept\n})();\n";
        assert_eq!(
            String::from_utf8(js(script.as_bytes())).unwrap(),
            "(() => {\nconst a = \"// kept\";\nf(a) // trailing kept\n})();\n"
        );
        // Where a line may start inside a string, nothing is touched.
        for untouched in ["const t = `a\n  // b`;\n", "const s = 'a\\\n  // b';\n"] {
            assert_eq!(js(untouched.as_bytes()), untouched.as_bytes());
        }
    }
}
