use super::*;
use std::collections::BTreeSet;

/// The `{name}`s a text fills in.
fn names(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && close > 0 =>
            {
                out.insert(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

fn parsed(lang: Language) -> HashMap<String, String> {
    serde_yaml::from_str(lang.catalogue_text())
        .unwrap_or_else(|e| panic!("messages/{}.yaml: {e}", lang.code()))
}

#[test]
fn both_catalogues_have_the_same_keys_and_names() {
    let zh = parsed(Language::Zh);
    let en = parsed(Language::En);
    let zh_keys: BTreeSet<&String> = zh.keys().collect();
    let en_keys: BTreeSet<&String> = en.keys().collect();
    assert_eq!(
        zh_keys.symmetric_difference(&en_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys in one catalogue only"
    );
    for (key, zh_text) in &zh {
        assert_eq!(
            names(zh_text),
            names(&en[key]),
            "the names `{key}` fills in"
        );
    }
}

/// Every `msg!(…, "key"` and `text!("key"` in the crate's source, with the file it is in.
fn keys_used() -> Vec<(String, String)> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut used = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // `msg!`'s key follows the language, `text!`'s comes first.
        for (call, skip_comma) in [("msg!(", true), ("text!(", false)] {
            for (i, _) in text.match_indices(call) {
                let mut rest = &text[i + call.len()..];
                if skip_comma {
                    let Some(comma) = rest.find(',') else {
                        continue;
                    };
                    rest = &rest[comma + 1..];
                }
                let Some(rest) = rest.trim_start().strip_prefix('"') else {
                    continue;
                };
                let key: String = rest.chars().take_while(|&c| c != '"').collect();
                let is_key = key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._".contains(c));
                if is_key && key != "key" {
                    used.push((entry.path().display().to_string(), key));
                }
            }
        }
    }
    used
}

#[test]
fn every_key_the_code_uses_is_in_the_catalogues() {
    let zh = parsed(Language::Zh);
    let used = keys_used();
    assert!(used.len() > 10, "the scan finds the calls: {used:?}");
    let missing: Vec<_> = used.iter().filter(|(_, k)| !zh.contains_key(k)).collect();
    assert!(
        missing.is_empty(),
        "keys missing from the catalogues: {missing:?}"
    );
}

#[test]
fn fills_names_once_and_leaves_other_braces() {
    let value = "{b}";
    assert_eq!(
        fill("a {a} {b} {c", &[("a", &value), ("b", &1)]),
        "a {b} 1 {c"
    );
    assert_eq!(fill("{}", &[]), "{}");
}

#[test]
fn a_missing_key_shows_as_itself() {
    assert_eq!(text(Language::En, "no.such.key", &[]), "no.such.key");
}
