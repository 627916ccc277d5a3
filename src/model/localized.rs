//! Texts a reader sees in `site.yaml`: one text for every language, or one per language, and
//! which value serves which language tag.

use crate::messages::Text;
use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A text a reader sees: the same in every language (`name: 119`), or one per language
/// (`name: {zh: 火灾防范, en: Fire protection}`). [`parse`] checks that every site language has
/// a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Localized {
    /// The same text in every language.
    Same(String),
    /// A text per language tag, as written in site.yaml.
    PerLanguage(BTreeMap<String, String>),
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Localized;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or one text per language such as `{zh: 火灾防范, en: Fire protection}`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Localized, E> {
                Ok(Localized::Same(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Localized, E> {
                Ok(Localized::Same(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Localized, E> {
                Ok(Localized::Same(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Localized, E> {
                Ok(Localized::Same(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Localized, E> {
                Ok(Localized::Same(String::new()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Localized, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((lang, text)) = map.next_entry::<String, String>()? {
                    out.insert(lang, text);
                }
                Ok(Localized::PerLanguage(out))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl Default for Localized {
    fn default() -> Self {
        Localized::Same(String::new())
    }
}

impl Localized {
    /// The text in `lang` (matched without regard to case); empty if it has none, which a
    /// checked configuration rules out.
    pub fn get(&self, lang: &str) -> &str {
        match self {
            Localized::Same(text) => text,
            Localized::PerLanguage(map) => value_for(map, lang).unwrap_or(""),
        }
    }

    /// The problems of a per-language text in a site of `langs`: a site language without a
    /// value, or a value for a language the site does not have.
    pub(crate) fn problems(&self, langs: &[String]) -> Vec<(Text, Text)> {
        let Localized::PerLanguage(map) = self else {
            return Vec::new();
        };
        let mut out: Vec<(Text, Text)> = langs
            .iter()
            .filter(|l| value_for(map, l).is_none())
            .map(|l| {
                (
                    text!("localized.missing", lang = l),
                    text!("localized.missing_fix", lang = l),
                )
            })
            .collect();
        out.extend(
            map.keys()
                .filter(|k| !langs.iter().any(|l| serves(k, l)))
                .map(|k| {
                    (
                        text!("localized.extra", lang = k),
                        text!("localized.extra_fix", lang = k, list = langs.join(", ")),
                    )
                }),
        );
        out
    }
}

/// Whether a value written for `key` serves language `lang`: the same tag (any case), or its
/// primary language (`zh` serves `zh-CN`), as the theme's UI strings fall back.
fn serves(key: &str, lang: &str) -> bool {
    key.eq_ignore_ascii_case(lang)
        || lang
            .split('-')
            .next()
            .is_some_and(|p| p.eq_ignore_ascii_case(key))
}

/// The value of a per-language map for `lang`: its own tag first, then its primary language.
fn value_for<'a>(map: &'a BTreeMap<String, String>, lang: &str) -> Option<&'a str> {
    let exact = map.iter().find(|(k, _)| k.eq_ignore_ascii_case(lang));
    exact
        .or_else(|| map.iter().find(|(k, _)| serves(k, lang)))
        .map(|(_, text)| text.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn per(pairs: &[(&str, &str)]) -> Localized {
        Localized::PerLanguage(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_value_serves_its_tag_then_the_tags_of_its_language() {
        let name = per(&[("zh", "消防"), ("zh-TW", "消防（繁）"), ("en", "Fire")]);
        assert_eq!(
            name.get("zh-CN"),
            "消防",
            "the primary language serves a region"
        );
        assert_eq!(
            name.get("ZH-tw"),
            "消防（繁）",
            "its own tag first, in any case"
        );
        assert_eq!(name.get("fr"), "");
        assert_eq!(Localized::Same("119".into()).get("fr"), "119");
        let langs = ["zh-CN".to_string(), "en-GB".to_string()];
        assert!(
            name.problems(&langs)
                .iter()
                .any(|(m, _)| m.to_string().contains("`zh-TW`"))
        );
        let missing = per(&[("zh", "消防")]).problems(&langs);
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].0.to_string(), "has no `en-GB` value");
    }
}
