//! serde_yaml's errors as problems in the reader's language. Its commonest words (a value of
//! the wrong kind, an unknown or missing field, an unknown choice) are recognised and said by
//! the catalogue; the rest (YAML syntax) keeps serde's words inside a catalogue sentence.

use crate::error::Diagnostic;
use crate::messages::Text;
use crate::model::suggest;
use crate::text;
use std::path::Path;

/// The problem for `e`, met in the YAML block `yaml` that starts on file line `first_line`.
pub fn diagnostic(e: &serde_yaml::Error, yaml: &str, path: &Path, first_line: usize) -> Diagnostic {
    let (line, col) = e
        .location()
        .map_or((first_line, 0), |l| (first_line + l.line() - 1, l.column()));
    let message = strip_position(&e.to_string());
    // serde places a key written twice at its mapping's start: a top-level one is placed at
    // its second line, the one to remove.
    let second = message
        .strip_prefix("duplicate entry with key ")
        .map(|k| k.trim_matches('"'))
        .and_then(|key| {
            let field = format!("{key}:");
            yaml.lines()
                .enumerate()
                .filter(|(_, l)| l.starts_with(&field))
                .nth(1)
                .map(|(i, _)| first_line + i)
        });
    let (line, col) = second.map_or((line, col), |l| (l, 1));
    let (what, fix) = said(&message);
    Diagnostic::new(path, line, col, what, fix)
}

/// What serde said, and how to fix it, in the catalogue's words where it knows them.
fn said(message: &str) -> (Text, Text) {
    // serde names the field it was reading first: `tags: invalid type: …`, `quiz[0]: …`.
    let (field, rest) = match message.split_once(": ") {
        Some((field, rest)) if !field.contains(' ') => (field, rest),
        _ => ("", message),
    };
    // "`tags`: …" before a sentence of its own, "`tags` must be …" as its subject.
    let (label, subject) = match field {
        "" => (Text::none(), Text::none()),
        field => (
            text!("yaml.field", field = field),
            text!("yaml.subject", field = field),
        ),
    };
    if let Some((found, expected)) = invalid_type(rest) {
        let what = text!(
            "yaml.invalid_type",
            field = &subject,
            found = found,
            expected = expected
        );
        return (what, text!("yaml.type_fix"));
    }
    if let Some((value, names)) = after_names(rest, "unknown variant `") {
        let what = text!(
            "yaml.unknown_variant",
            field = &label,
            value = value,
            list = names.join(", ")
        );
        return (what, text!("yaml.type_fix"));
    }
    if let Some((name, names)) = after_names(rest, "unknown field `") {
        let what = text!(
            "yaml.unknown_field",
            field = &label,
            name = name,
            suggestion = suggest::did_you_mean(name, names.iter().copied())
        );
        return (what, text!("use_one_of", list = names.join(", ")));
    }
    if let Some(name) = rest
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        let what = text!("yaml.missing_field", field = &subject, name = name);
        return (what, text!("yaml.missing_field_fix", name = name));
    }
    syntax(message)
}

/// A YAML syntax error: the commonest in the catalogue's words, others as serde says them.
fn syntax(message: &str) -> (Text, Text) {
    let has = |words: &str| message.contains(words);
    let (what, fix) = if has("mapping values are not allowed") {
        (text!("yaml.colon"), text!("yaml.colon_fix"))
    } else if has("tab character") {
        (text!("yaml.tab"), text!("yaml.tab_fix"))
    } else if let Some(key) = message
        .strip_prefix("duplicate entry with key ")
        .map(|k| k.trim_matches('"'))
    {
        (
            text!("yaml.duplicate", key = key),
            text!("yaml.duplicate_fix", key = key),
        )
    } else if has("found unexpected end of stream") {
        (text!("yaml.unclosed"), text!("yaml.unclosed_fix"))
    } else if has("unknown escape character") {
        (text!("yaml.escape"), text!("yaml.escape_fix"))
    } else if has("found character that cannot start any token") {
        (
            text!("yaml.reserved_start"),
            text!("yaml.reserved_start_fix"),
        )
    } else if has("did not find expected") {
        (text!("yaml.lines_up"), text!("yaml.syntax_fix"))
    } else {
        return (text!("yaml.invalid", message = message), text!("yaml.fix"));
    };
    (text!("yaml.syntax", what = what), fix)
}

/// serde's "invalid type: string \"x\", expected a sequence" as what was written (the value,
/// or the kind of thing when there is no one value) and what was expected, in words.
fn invalid_type(rest: &str) -> Option<(Text, Text)> {
    let (found, expected) = rest
        .strip_prefix("invalid type: ")?
        .split_once(", expected ")?;
    // `string "x"`, `floating point `1.5``: the value is what the writer knows.
    let found = match found.find(['"', '`']) {
        Some(at) => text!("yaml.found_value", value = found[at..].trim_matches('`')),
        None => match found {
            "sequence" => text!("yaml.found_list"),
            "map" => text!("yaml.found_map"),
            "unit value" => text!("yaml.found_nothing"),
            other => text!("yaml.found_value", value = other),
        },
    };
    let number = |e: &str| {
        let digits = e.get(1..).unwrap_or("");
        e.starts_with(['i', 'u'])
            && (digits == "size" || digits.chars().all(|c| c.is_ascii_digit()))
    };
    let expected = match expected {
        "a sequence" => text!("yaml.expected_list"),
        "a boolean" => text!("yaml.expected_boolean"),
        "a string" => text!("yaml.expected_text"),
        "a map" => text!("yaml.expected_map"),
        e if number(e) => text!("yaml.expected_number"),
        "f64" | "f32" | "a float" => text!("yaml.expected_decimal"),
        e if e.starts_with("struct ") => text!("yaml.expected_map"),
        e if e.starts_with("a text, or one text per language") => {
            text!("yaml.expected_localized")
        }
        other => text!("yaml.expected_other", what = other),
    };
    Some((found, expected))
}

/// The name after `prefix` (up to its closing backtick) and the backticked names serde
/// lists after "expected" ("expected one of `a`, `b`", "expected `a` or `b`").
fn after_names<'a>(rest: &'a str, prefix: &str) -> Option<(&'a str, Vec<&'a str>)> {
    let (name, rest) = rest.strip_prefix(prefix)?.split_once('`')?;
    let expected = rest
        .trim_start_matches(',')
        .trim_start()
        .strip_prefix("expected ")?;
    let names: Vec<&str> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty()).then_some((name, names))
}

/// Removes serde_yaml's ` at line N column M` parts, which count from the YAML block, not the file.
fn strip_position(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let digits = tail.trim_start_matches(|c: char| c.is_ascii_digit());
        rest = match digits.strip_prefix(" column ") {
            Some(t) => t.trim_start_matches(|c: char| c.is_ascii_digit()),
            None => digits,
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Language;

    fn both(message: &str) -> (String, String) {
        let (what, _) = said(message);
        (what.render(Language::En), what.render(Language::Zh))
    }

    #[test]
    fn serdes_common_words_are_said_in_each_language() {
        let (en, zh) = both("tags: invalid type: string \"消防\", expected a sequence");
        assert_eq!(
            en,
            "`tags` must be a list, e.g. `[a, b]`; here it is \"消防\""
        );
        assert!(zh.contains("`tags`") && zh.contains("列表"), "{zh}");
        let (en, _) = both("weight: invalid type: string \"high\", expected i64");
        assert!(en.contains("a whole number"), "{en}");
        let (_, zh) = both("quiz[0].answer: invalid type: string \"one\", expected usize");
        assert!(zh.contains("应该是整数，这里写的是 \"one\""), "{zh}");
        let (_, zh) = both("weight: invalid type: floating point `1.5`, expected i64");
        assert!(zh.contains("这里写的是 1.5"), "{zh}");
        let (_, zh) = both("title: invalid type: sequence, expected a string");
        assert!(zh.contains("这里写的是一个列表"), "{zh}");
        let (en, zh) =
            both("quiz[0]: unknown field `answr`, expected one of `question`, `options`, `answer`");
        assert!(en.contains("did you mean `answer`"), "{en}");
        assert!(zh.contains("`quiz[0]`") && zh.contains("`answr`"), "{zh}");
        let (en, _) = both("quiz[0]: missing field `question`");
        assert!(en.contains("`quiz[0]` has no `question`"), "{en}");
        let (en, _) = both("level: unknown variant `purple`, expected one of `blue`, `red`");
        assert!(en.contains("`purple` is not one of the values"), "{en}");
        let (en, zh) = both("mapping values are not allowed in this context");
        assert!(en.starts_with("invalid YAML: "), "{en}");
        assert!(zh.contains("冒号"), "{zh}");
        let (_, zh) = both("duplicate entry with key \"title\"");
        assert!(zh.contains("`title` 写了两次"), "{zh}");
        let (_, zh) = both("found a tab character that violates indentation");
        assert!(zh.contains("Tab"), "{zh}");
        let (en, _) = both("something else entirely");
        assert_eq!(en, "invalid YAML: something else entirely");
    }

    #[test]
    fn a_key_written_twice_is_placed_at_its_second_line() {
        let yaml = "title: A\ndate: 2026-01-01\ntitle: B\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).expect_err("a duplicate");
        let d = diagnostic(&e, yaml, Path::new("x.md"), 2);
        assert_eq!((d.line, d.col), (4, 1), "{d}");
        assert!(
            d.message.to_string().contains("`title` is written twice"),
            "{d}"
        );
    }

    #[test]
    fn positions_of_the_block_are_removed() {
        assert_eq!(
            strip_position("bad thing at line 3 column 7, then at line 4"),
            "bad thing, then"
        );
    }
}
