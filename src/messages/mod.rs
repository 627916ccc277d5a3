//! The words safepress says to the people who run it: one catalogue per language
//! (`messages/en.yaml`, `messages/zh.yaml`), looked up by key with [`msg!`](crate::msg), so
//! that every message exists in every language and no text is scattered through the code.
//!
//! A text names what it fills in as `{name}`; both catalogues have the same keys, and each
//! key the same names, which a test checks, with every key the code uses.

mod text;

pub use text::{Arg, Text, ToArg};

use std::collections::HashMap;
use std::sync::LazyLock;

/// The languages messages (and the files `init` and `new` write) come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Language {
    /// Simplified Chinese.
    #[default]
    Zh,
    /// English.
    En,
}

impl Language {
    /// Every language.
    pub const ALL: [Language; 2] = [Language::Zh, Language::En];

    /// The BCP 47 code (`zh`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Zh => "zh",
            Language::En => "en",
        }
    }

    /// The language for a language tag (`zh-CN` → Chinese); English for any other.
    pub fn of_tag(tag: &str) -> Language {
        let primary = tag.split(['-', '_']).next().unwrap_or(tag);
        if primary.eq_ignore_ascii_case("zh") {
            Language::Zh
        } else {
            Language::En
        }
    }

    /// The catalogue's source text.
    pub fn catalogue_text(self) -> &'static str {
        match self {
            Language::Zh => include_str!("zh.yaml"),
            Language::En => include_str!("en.yaml"),
        }
    }
}

/// A catalogue: key → text.
type Catalogue = HashMap<String, String>;

fn load(lang: Language) -> Catalogue {
    // The catalogues are part of the program and checked by tests: one that does not parse
    // is a bug in safepress, and every key then shows as itself rather than failing a build.
    serde_yaml::from_str(lang.catalogue_text()).unwrap_or_default()
}

static ZH: LazyLock<Catalogue> = LazyLock::new(|| load(Language::Zh));
static EN: LazyLock<Catalogue> = LazyLock::new(|| load(Language::En));

/// The text of `key` in `lang` with `{name}` replaced by each argument's value; the key itself
/// when the catalogue lacks it (a test makes sure none does).
pub fn text(lang: Language, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    match template(lang, key) {
        Some(template) => fill(template, args),
        None => key.to_string(),
    }
}

/// The catalogue's text of `key` in `lang`, unfilled.
fn template(lang: Language, key: &str) -> Option<&'static str> {
    let catalogue = match lang {
        Language::Zh => &*ZH,
        Language::En => &*EN,
    };
    catalogue.get(key).map(String::as_str)
}

/// Whether the catalogue of `lang` has `key` (for keys the code makes at run time, which the
/// test of `msg!` calls cannot see).
pub fn has(lang: Language, key: &str) -> bool {
    match lang {
        Language::Zh => ZH.contains_key(key),
        Language::En => EN.contains_key(key),
    }
}

/// `template` with each `{name}` replaced by its argument's value, in one pass (a value that
/// holds `{…}` is not filled again).
fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (close, value))
        });
        match arg {
            Some((close, value)) => {
                out.push_str(&value.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A message from the catalogue: `msg!(lang, "key", name = value, …)`.
#[macro_export]
macro_rules! msg {
    ($lang:expr, $key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::text($lang, $key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    };
}

#[cfg(test)]
mod tests;
