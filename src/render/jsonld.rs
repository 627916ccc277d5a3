//! schema.org JSON-LD for content pages, so search engines show them for what they are: a
//! `SpecialAnnouncement` for an announcement, a `LearningResource` for a lesson. Templates
//! get it as `json_ld`, text ready to print inside `<script type="application/ld+json">`.

use crate::model::dates;
use crate::model::page::{Page, PageKind};
use crate::render::context::View;
use crate::render::keyed;
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::hash::{Hash, Hasher};

/// The JSON-LD of content page `page`, made only when rendered.
#[derive(Clone, Copy)]
pub struct JsonLd<'a> {
    view: View<'a>,
    page: usize,
}

/// The JSON-LD of page `i`, if its kind has a schema.org type here (plain pages have none).
pub fn of<'a>(view: &View<'a>, i: usize) -> Option<JsonLd<'a>> {
    matches!(
        view.site.pages[i].kind,
        PageKind::Lesson | PageKind::Announcement
    )
    .then_some(JsonLd {
        view: *view,
        page: i,
    })
}

impl Serialize for JsonLd<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&script_text(&self.value()))
    }
}

impl Hash for JsonLd<'_> {
    /// Everything it shows comes from the page's file (its body fingerprint) and its address
    /// (its summary fingerprint), with the configuration, which every key holds.
    fn hash<H: Hasher>(&self, h: &mut H) {
        keyed::read(self.page);
        (
            self.view.summaries.fps[self.page],
            self.view.site.bodies.fps[self.page],
        )
            .hash(h);
    }
}

impl JsonLd<'_> {
    fn value(&self) -> Value {
        let site = self.view.site;
        let config = &site.config;
        let p: &Page = &site.pages[self.page];
        let lang = p.lang.as_str();
        let iso = |t| dates::iso(t, &config.timezone);
        let category = p
            .category
            .as_ref()
            .and_then(|c| config.category(c))
            .map(|c| c.name.get(lang));
        let mut v = Map::new();
        v.insert("@context".into(), json!("https://schema.org"));
        let (kind, posted, modified) = match p.kind {
            PageKind::Announcement => ("SpecialAnnouncement", "datePosted", "dateModified"),
            _ => ("LearningResource", "datePublished", "dateModified"),
        };
        v.insert("@type".into(), json!(kind));
        v.insert("name".into(), json!(p.title));
        v.insert("url".into(), json!(config.urls.permalink_of_path(&p.path)));
        v.insert("inLanguage".into(), json!(lang));
        if let Some(d) = p.date {
            v.insert(posted.into(), json!(iso(d)));
        }
        if let Some(u) = p.updated {
            v.insert(modified.into(), json!(iso(u)));
        }
        v.insert(
            "publisher".into(),
            json!({"@type": "Organization", "name": config.title.get(lang), "url": config.urls.permalink_of_path("")}),
        );
        if p.kind == PageKind::Announcement {
            v.insert("text".into(), json!(p.summary));
            if let Some(e) = p.expires {
                v.insert("expires".into(), json!(iso(e)));
            }
            if let Some(name) = category {
                v.insert("category".into(), json!(name));
            }
            if !p.region.is_empty() {
                v.insert(
                    "spatialCoverage".into(),
                    json!({"@type": "Place", "name": p.region}),
                );
            }
        } else {
            v.insert("description".into(), json!(p.summary));
            v.insert("learningResourceType".into(), json!("lesson"));
            v.insert(
                "timeRequired".into(),
                json!(format!("PT{}M", p.body.count.reading_minutes())),
            );
            if let Some(name) = category {
                v.insert("about".into(), json!({"@type": "Thing", "name": name}));
            }
            if !p.tags.is_empty() {
                v.insert("keywords".into(), json!(p.tags));
            }
            if !p.audience.is_empty() {
                let audience: Vec<Value> = p
                    .audience
                    .iter()
                    .map(|a| json!({"@type": "Audience", "audienceType": a}))
                    .collect();
                v.insert("audience".into(), Value::Array(audience));
            }
        }
        Value::Object(v)
    }
}

/// JSON text that cannot end or comment its `<script>` element: `<`, `>` and `&` (and the
/// line separators old JavaScript parsers choke on) are written as `\u` escapes, which JSON
/// reads back as the same characters. They only occur inside strings.
pub fn script_text(value: &Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len() + 16);
    // Copied in runs between the characters to escape: a character at a time was 1% of a build.
    let mut from = 0;
    for (i, c) in json.match_indices(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        out.push_str(&json[from..i]);
        out.push_str(match c {
            "<" => "\\u003c",
            ">" => "\\u003e",
            "&" => "\\u0026",
            "\u{2028}" => "\\u2028",
            "\u{2029}" => "\\u2029",
            other => unreachable!("{other:?} is not among the characters searched for"),
        });
        from = i + c.len();
    }
    out.push_str(&json[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_script_and_reads_back_the_same() {
        let value =
            json!({"name": "</script><script>alert(1)</script> & <!-- \u{2028} \u{2029} 火灾"});
        let text = script_text(&value);
        assert!(
            !text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{text}"
        );
        assert!(text.contains("\\u003c/script\\u003e") && text.contains("\\u2028 \\u2029 火灾"));
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
    }
}
