//! Which UI-string keys the templates look up, found without rendering anything.
//!
//! Templates read UI strings from the variable `t` (`{{ t.read_more }}`, `t["read_more"]`).
//! Tera 2 keeps its parsed templates private and reports only the *top-level* variables a
//! template reads, so, as in `deps.rs`, the keys are found with a probe: a copy of every
//! template in which each `t.key` and `t["key"]` is rewritten to a variable of its own
//! (`__safepress_t_<hex of key>`). Tera then tells which of those a template (with its parents
//! and includes) really reads — a `t.key` in a comment or in plain text is not a read.
//!
//! What the probe cannot see is refused, so that the list of keys is complete: a `t` left
//! after the rewrite is a lookup computed at render time (`t[name]`, `t["a_" ~ x]`) or `t`
//! passed around whole, and a template that binds a variable named `t` would hide the strings
//! behind its own value. Both are errors naming the template.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use tera::Tera;

/// The variable templates read UI strings from.
pub const STRINGS_VAR: &str = "t";

/// Prefix of the probe variables that stand for one key each.
const PROBE: &str = "__safepress_t_";

/// Prefix of the probe variable that stands for any other `t` in a template (one per template,
/// numbered, so that a read names the template it is written in).
const BARE: &str = "__safepress_bare_t_";

/// Each key the templates look up, with the templates that look it up (sorted by name).
pub type KeyUsage = BTreeMap<String, BTreeSet<String>>;

/// A template uses `t` in a way whose keys cannot be known before rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// `t` is read other than as `t.key` or `t["key"]`.
    Computed {
        /// The templates that do it.
        templates: Vec<String>,
    },
    /// A template binds its own `t` (`{% set t = … %}`, `{% for t in … %}`).
    Rebound {
        /// The template.
        template: String,
        /// The 1-based line of the binding.
        line: usize,
    },
    /// The rewritten copy did not load, so the keys are unknown (not expected: it only
    /// renames variables of templates that loaded).
    Probe(String),
}

/// The keys every template in `sources` looks up; `tera` has them all loaded.
pub fn keys_used(sources: &BTreeMap<String, String>, tera: &Tera) -> Result<KeyUsage, UsageError> {
    for (name, text) in sources {
        if let Some(line) = rebinding_line(text) {
            return Err(UsageError::Rebound {
                template: name.clone(),
                line,
            });
        }
    }
    let names: Vec<&str> = sources.keys().map(String::as_str).collect();
    let rewritten: BTreeMap<&str, (String, BTreeSet<String>)> = sources
        .iter()
        .enumerate()
        .map(|(i, (name, text))| {
            // Tera lists no reads inside component definitions: a second, opened copy of
            // each definition makes its body ordinary template code.
            let text = match opened_components(text) {
                Some(opened) => format!("{text}{opened}"),
                None => text.clone(),
            };
            (name.as_str(), rewrite(&text, i))
        })
        .collect();
    let mut probe = Tera::default();
    probe.register_from(tera);
    probe
        .add_raw_templates(rewritten.iter().map(|(n, (t, _))| (*n, t.as_str())))
        .map_err(|e| UsageError::Probe(e.to_string()))?;
    let mut usage = KeyUsage::new();
    let mut computed = BTreeSet::new();
    for (name, (_, candidates)) in &rewritten {
        let vars = probe
            .get_template_variables(name)
            .map_err(|e| UsageError::Probe(e.to_string()))?;
        // Reads come with the parents and includes; a template is named for the keys written
        // in its own text (each of those templates is visited in turn).
        for var in &vars {
            if let Some(key) = var.strip_prefix(PROBE).and_then(decode)
                && candidates.contains(&key)
            {
                usage.entry(key).or_default().insert((*name).to_string());
            }
            if let Some(i) = var.strip_prefix(BARE).and_then(|i| i.parse::<usize>().ok())
                && let Some(culprit) = names.get(i)
            {
                computed.insert((*culprit).to_string());
            }
        }
    }
    if computed.is_empty() {
        Ok(usage)
    } else {
        Err(UsageError::Computed {
            templates: computed.into_iter().collect(),
        })
    }
}

/// `text` (template number `index`) with every `t.key` and `t["key"]` (or `t['key']`)
/// replaced by the key's probe variable and every other `t` by the template's bare one, and
/// the keys replaced.
fn rewrite(text: &str, index: usize) -> (String, BTreeSet<String>) {
    let mut out = String::with_capacity(text.len());
    let mut keys = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = find_t(rest) {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match lookup(after) {
            Some((key, len)) => {
                out.push_str(PROBE);
                for b in key.bytes() {
                    let _ = write!(out, "{b:02x}");
                }
                keys.insert(key.to_string());
                rest = &after[len..];
            }
            None => {
                let _ = write!(out, "{BARE}{index}");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, keys)
}

/// The byte offset of the next `t` that stands alone as a name (not part of a longer name
/// and not a field, as in `item.t`).
fn find_t(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let name_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    (0..bytes.len()).find(|&i| {
        bytes[i] == b't'
            && (i == 0 || !(name_byte(bytes[i - 1]) || bytes[i - 1] == b'.'))
            && bytes.get(i + 1).is_none_or(|&b| !name_byte(b))
    })
}

/// The key of a lookup written right after `t` (`.key`, `["key"]`, `['key']`) and its length.
fn lookup(after: &str) -> Option<(&str, usize)> {
    if let Some(rest) = after.strip_prefix('.') {
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        return (len > 0).then(|| (&rest[..len], len + 1));
    }
    let rest = after.strip_prefix('[')?;
    let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let inner = &rest[1..];
    let end = inner.find(quote)?;
    let close = inner[end + 1..].strip_prefix(']')?;
    let key = &inner[..end];
    let len = after.len() - close.len();
    (!key.is_empty()).then_some((key, len))
}

/// The key a probe variable stands for.
fn decode(hex: &str) -> Option<String> {
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// `text` with every `{% component … %}` tag made an `{% if %}` and every
/// `{% endcomponent … %}` an `{% endif %}`, so that the bodies are read as template code;
/// `None` if it defines no component.
fn opened_components(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut found = false;
    let mut rest = text;
    while let Some((before, tag, after)) = next_tag(rest) {
        out.push_str(before);
        match tag.split_whitespace().next() {
            Some("component") => {
                found = true;
                out.push_str("{% if __safepress_component %}");
            }
            Some("endcomponent") => out.push_str("{% endif %}"),
            _ => {
                out.push_str("{%");
                out.push_str(tag);
                out.push_str("%}");
            }
        }
        rest = after;
    }
    out.push_str(rest);
    found.then_some(out)
}

/// The text before the next `{% … %}` tag, the tag's inside, and the text after it.
fn next_tag(text: &str) -> Option<(&str, &str, &str)> {
    let open = text.find("{%")?;
    let inside = &text[open + 2..];
    let close = inside.find("%}")?;
    Some((&text[..open], &inside[..close], &inside[close + 2..]))
}

/// The line of a tag that binds `t`: `{% set t = … %}`, `{% set_global t = … %}`,
/// `{% for t in … %}` or `{% for k, t in … %}`.
fn rebinding_line(text: &str) -> Option<usize> {
    let mut rest = text;
    while let Some((_, tag, after)) = next_tag(rest) {
        let tag = tag.trim_matches(|c: char| c == '-' || c.is_whitespace());
        let mut words = tag.split(|c: char| c.is_whitespace() || c == ',' || c == '=');
        let binds = match words.next() {
            Some("set" | "set_global") => words.find(|w| !w.is_empty()) == Some(STRINGS_VAR),
            Some("for") => words.take_while(|w| *w != "in").any(|w| w == STRINGS_VAR),
            _ => false,
        };
        if binds {
            let at = text.len() - after.len() - tag.len();
            return Some(text[..at].matches('\n').count() + 1);
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(templates: &[(&str, &str)]) -> Result<KeyUsage, UsageError> {
        let (sources, tera) = crate::render::deps::loaded(templates);
        keys_used(&sources, &tera)
    }

    fn keys(templates: &[(&str, &str)]) -> Vec<(String, Vec<String>)> {
        usage(templates)
            .expect("keys")
            .into_iter()
            .map(|(k, users)| (k, users.into_iter().collect()))
            .collect()
    }

    fn pair(key: &str, users: &[&str]) -> (String, Vec<String>) {
        (
            key.to_string(),
            users.iter().map(|u| u.to_string()).collect(),
        )
    }

    #[test]
    fn dotted_and_quoted_lookups_are_found_where_written() {
        let found = keys(&[
            (
                "base.html",
                "{{ t.home }}{% block main %}{% endblock main %}",
            ),
            (
                "lesson.html",
                "{% extends \"base.html\" %}{% block main %}{{ t[\"read_more\"] | upper }}{{ t['min_read'] | replace(from=\"{n}\", to=\"3\") }}{% endblock main %}",
            ),
            (
                "card.html",
                "{% if x %}{{ t.home }}{% else %}{{ t.card_title }}{% endif %}",
            ),
        ]);
        assert_eq!(
            found,
            [
                pair("card_title", &["card.html"]),
                pair("home", &["base.html", "card.html"]),
                pair("min_read", &["lesson.html"]),
                pair("read_more", &["lesson.html"]),
            ]
        );
    }

    #[test]
    fn words_in_text_and_comments_are_not_lookups() {
        let found = keys(&[(
            "page.html",
            "Set t.home in the file. {# {{ t.old_key }} #}{{ item.t.inner }}{{ at.home }}{{ t.real }}",
        )]);
        assert_eq!(found, [pair("real", &["page.html"])]);
    }

    #[test]
    fn components_with_strings_passed_in_are_found() {
        let found = keys(&[
            (
                "components/note.html",
                "{% component Note(@t) %}<p>{{ t.note_title }}</p>{% endcomponent Note %}",
            ),
            ("page.html", "{{ <Note /> }}"),
        ]);
        assert_eq!(found, [pair("note_title", &["components/note.html"])]);
    }

    #[test]
    fn a_computed_lookup_is_refused_naming_the_template() {
        for text in [
            "{% for p in [\"a\", \"b\"] %}{{ t[p] }}{% endfor %}",
            "{{ t[\"lang_\" ~ lang] }}",
            "{% set words = t %}{{ words.home }}",
        ] {
            let err = usage(&[("x.html", "{{ t.ok }}"), ("lesson.html", text)]);
            assert_eq!(
                err,
                Err(UsageError::Computed {
                    templates: vec!["lesson.html".to_string()]
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn a_template_binding_its_own_t_is_refused_with_the_line() {
        for text in [
            "a\n{% for t in tags %}{{ t.name }}{% endfor %}",
            "a\n{%- for i, t in tags %}{{ t.name }}{% endfor %}",
            "a\n{% set t = 3 %}",
        ] {
            assert_eq!(
                usage(&[("tags.html", text)]),
                Err(UsageError::Rebound {
                    template: "tags.html".to_string(),
                    line: 2
                }),
                "{text}"
            );
        }
        // Other names that merely contain a `t` are fine.
        assert!(
            usage(&[(
                "ok.html",
                "{% for tag in tags %}{% set ti = 1 %}{% endfor %}"
            )])
            .is_ok()
        );
    }

    #[test]
    fn keys_of_any_text_round_trip() {
        let (text, keys) = rewrite("{{ t[\"a-b 中\"] }} {{ t.x }}", 0);
        assert_eq!(
            keys,
            BTreeSet::from(["a-b 中".to_string(), "x".to_string()])
        );
        assert!(!text.contains('中'), "{text}");
        assert_eq!(
            decode(
                &"a-b 中"
                    .bytes()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            )
            .as_deref(),
            Some("a-b 中")
        );
    }
}
