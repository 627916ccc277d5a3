//! The guides for publicity staff (`docs/guide.en.md`, `docs/guide.zh.md`) document, in their
//! reference part, every key of `site.yaml` and every front-matter field the code accepts,
//! with every value a field with a fixed set of values allows (`level: orange`, the CAP
//! categories).
//!
//! The keys are not copied here: each type's own `Deserialize` is asked for them. A small
//! deserializer ([`Explore`]) walks a type the way serde's derived code asks for input, and
//! notes the `fields` every struct passes to `deserialize_struct` and the `variants` every enum
//! passes to `deserialize_enum`, following nested structs (categories, hotlines, `cap`, quiz
//! questions…) to any depth. A field added to the code without a line in both guides fails
//! here, naming the field and the guide.

use safepress::model::config::{self, RawConfig};
use safepress::model::frontmatter::{AnnouncementMeta, Fields, LessonMeta, PageMeta};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

/// What a type's `Deserialize` asked for.
#[derive(Debug, Default)]
struct Found {
    /// Every key as a path from the top: `title`, `cap.sender`, `quiz.answer`.
    keys: BTreeSet<String>,
    /// Every value an enum allows, with the path of the key it is the value of.
    values: BTreeSet<(String, &'static str)>,
}

impl Found {
    /// The top-level keys only.
    fn top(&self) -> BTreeSet<&str> {
        self.keys
            .iter()
            .filter(|k| !k.contains('.'))
            .map(String::as_str)
            .collect()
    }
}

/// Walks `T`'s `Deserialize` and returns every key and enum value it asks for.
fn explore<'de, T: Deserialize<'de>>() -> Found {
    let found = RefCell::new(Found::default());
    let walker = Explore {
        path: String::new(),
        found: &found,
    };
    if let Err(e) = T::deserialize(walker) {
        panic!("exploring {} failed: {e}", std::any::type_name::<T>());
    }
    found.into_inner()
}

/// Why exploring stopped (only a type asking for something the walker cannot give).
#[derive(Debug)]
struct Stop(String);

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Stop(msg.to_string())
    }
}

/// A deserializer that gives every struct all of its fields, every list one item and every
/// map one entry, each explored in turn under its path, and notes what was asked for.
struct Explore<'a> {
    path: String,
    found: &'a RefCell<Found>,
}

impl<'a> Explore<'a> {
    fn at(&self, key: &str) -> Explore<'a> {
        let path = match self.path.as_str() {
            "" => key.to_string(),
            parent => format!("{parent}.{key}"),
        };
        Explore {
            path,
            found: self.found,
        }
    }

    /// The same path again: a list's items and a map's values are the key's values.
    fn same(&self) -> Explore<'a> {
        Explore {
            path: self.path.clone(),
            found: self.found,
        }
    }
}

/// A `&'static str` as a deserializer reporting [`Stop`].
fn text(s: &'static str) -> de::value::StrDeserializer<'static, Stop> {
    IntoDeserializer::<Stop>::into_deserializer(s)
}

impl<'de> de::Deserializer<'de> for Explore<'_> {
    type Error = Stop;

    /// Texts that may also be maps (`Localized`) read as one text.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_str("x")
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_bool(false)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_i64(1)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_u64(1)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_f64(1.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Stop> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_seq(One {
            item: Some(self.same()),
        })
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_map(Entries {
            keys: &["key"],
            next: 0,
            parent: self,
            nest: false,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        {
            let mut found = self.found.borrow_mut();
            for field in fields {
                found.keys.insert(self.at(field).path);
            }
        }
        visitor.visit_map(Entries {
            keys: fields,
            next: 0,
            parent: self,
            nest: true,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        let Some(first) = variants.first() else {
            return Err(Stop(format!("`{}` is an enum without values", self.path)));
        };
        {
            let mut found = self.found.borrow_mut();
            for v in variants {
                found.values.insert((self.path.clone(), *v));
            }
        }
        visitor.visit_enum(text(first))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i128 u8 u16 u32 u128 f32 char str string bytes byte_buf unit_struct
        tuple tuple_struct identifier
    }
}

/// A list of one item.
struct One<'a> {
    item: Option<Explore<'a>>,
}

impl<'de> SeqAccess<'de> for One<'_> {
    type Error = Stop;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Stop> {
        self.item.take().map(|e| seed.deserialize(e)).transpose()
    }
}

/// The fields of a struct (`nest`: each explored under its own key), or one entry of a map
/// (explored under the map's own path).
struct Entries<'a> {
    keys: &'static [&'static str],
    next: usize,
    parent: Explore<'a>,
    nest: bool,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = Stop;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        match self.keys.get(self.next) {
            Some(key) => seed.deserialize(text(key)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        let key = self.keys.get(self.next).copied().unwrap_or_default();
        self.next += 1;
        let value = if self.nest {
            self.parent.at(key)
        } else {
            self.parent.same()
        };
        seed.deserialize(value)
    }
}

/// The reference part of a guide: from its `## Reference` (or `## 参考`) heading to the end.
fn reference(file: &str, heading: &str) -> Result<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text =
        std::fs::read_to_string(&path).map_err(|e| format!("{file}: cannot read it: {e}"))?;
    let mut lines = text.lines();
    if !lines.by_ref().any(|l| l.trim_end() == heading) {
        return Err(format!(
            "{file}: no `{heading}` line: the reference part starts at it"
        ));
    }
    Ok(lines.collect::<Vec<_>>().join("\n"))
}

/// The `###` section of `reference` whose heading contains `marker` (to the next `###` or
/// `##` heading; `####` headings stay inside it).
fn section<'a>(reference: &'a str, marker: &str) -> Option<&'a str> {
    let mut start = None;
    let mut offset = 0;
    for line in reference.split_inclusive('\n') {
        let is_section = line.starts_with("### ") || line.starts_with("## ");
        match start {
            None if line.starts_with("### ") && line.contains(marker) => start = Some(offset),
            Some(s) if is_section => return Some(&reference[s..offset]),
            _ => {}
        }
        offset += line.len();
    }
    start.map(|s| &reference[s..])
}

/// The names in `wanted` (shown as `label`, written as `name`) that `text` does not hold in
/// backticks.
fn missing<'a>(text: &str, wanted: impl IntoIterator<Item = (String, &'a str)>) -> Vec<String> {
    wanted
        .into_iter()
        .filter(|(_, name)| !text.contains(&format!("`{name}`")))
        .map(|(label, _)| label)
        .collect()
}

/// The two guides and the heading their reference part starts at.
const GUIDES: [(&str, &str); 2] = [
    ("docs/guide.en.md", "## Reference"),
    ("docs/guide.zh.md", "## 参考"),
];

/// Checks that the section of each guide's reference whose heading holds `marker` documents
/// every key and enum value of `found` (each key by its last name, in backticks).
fn check_documented(what: &str, marker: &str, found: &Found) {
    let mut problems = Vec::new();
    for (file, heading) in GUIDES {
        let reference = match reference(file, heading) {
            Ok(text) => text,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let Some(text) = section(&reference, marker) else {
            problems.push(format!(
                "{file}: no `###` heading holding {marker} in the reference part (it documents the {what})"
            ));
            continue;
        };
        let keys = found.keys.iter().map(|path| {
            let name = path.rsplit('.').next().unwrap_or(path);
            (format!("`{path}`"), name)
        });
        let values = found
            .values
            .iter()
            .map(|(path, value)| (format!("`{path}: {value}`"), *value));
        let absent = missing(text, keys.chain(values));
        if !absent.is_empty() {
            problems.push(format!(
                "{file}: the reference section under the `###` heading holding {marker}… does not document these {what}: {}",
                absent.join(", ")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "add each to the reference part of the guide, in backticks, with what it means, its values and its default:\n{}",
        problems.join("\n")
    );
}

/// Checks that a hand-kept list of accepted keys is the struct's own list of fields.
fn same_keys(fields: Fields, found: &Found) {
    let known: BTreeSet<&str> = fields.known.iter().copied().collect();
    assert_eq!(
        known,
        found.top(),
        "the `FIELDS` list of the {} differs from its struct's fields",
        fields.what.text()
    );
}

#[test]
fn every_site_yaml_key_is_in_both_guides() {
    let found = explore::<RawConfig>();
    assert!(found.keys.contains("cap.sender"), "{found:?}");
    assert!(found.keys.contains("categories.icon"), "{found:?}");
    check_documented("site.yaml keys", "`site.yaml`", &found);
}

#[test]
fn every_lesson_field_is_in_both_guides() {
    let found = explore::<LessonMeta>();
    assert!(found.keys.contains("quiz.answer"), "{found:?}");
    check_documented("lesson fields", "`content/lessons/", &found);
}

#[test]
fn every_announcement_field_is_in_both_guides() {
    let found = explore::<AnnouncementMeta>();
    assert!(found.values.contains(&("level".to_string(), "orange")));
    check_documented("announcement fields", "`content/announcements/", &found);
}

#[test]
fn every_page_field_is_in_both_guides() {
    check_documented("page fields", "`content/pages/", &explore::<PageMeta>());
}

#[test]
fn the_lists_of_known_keys_are_the_structs_fields() {
    same_keys(config::FIELDS, &explore::<RawConfig>());
    same_keys(LessonMeta::FIELDS, &explore::<LessonMeta>());
    same_keys(AnnouncementMeta::FIELDS, &explore::<AnnouncementMeta>());
    same_keys(PageMeta::FIELDS, &explore::<PageMeta>());
}

#[test]
fn an_undocumented_key_is_reported_by_its_path() {
    let reference = "### Settings (`site.yaml`)\n\n| `title` | … |\n| `sender` | … |\n\n### Lessons\n\n| `icon` | … |\n";
    let text = section(reference, "`site.yaml`").unwrap_or_default();
    assert!(
        !text.contains("Lessons"),
        "the section ends at the next heading"
    );
    let wanted = [
        ("`title`".to_string(), "title"),
        ("`cap.sender`".to_string(), "sender"),
        ("`categories.icon`".to_string(), "icon"),
    ];
    assert_eq!(missing(text, wanted), ["`categories.icon`"]);
    assert_eq!(
        missing("title and `titles`", [("`title`".to_string(), "title")]).len(),
        1
    );
}
