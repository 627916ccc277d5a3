//! The `cap:` block of `site.yaml`: who sends the site's CAP 1.2 alerts, how they can be
//! contacted, the area they concern by default, and which CAP category each site category
//! is. Pure values and checks; the alerts themselves are made in `outputs/cap.rs`.

use crate::error::Diagnostic;
use crate::messages::Text;
use crate::model::config::Localized;
use crate::model::suggest;
use crate::text;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A CAP 1.2 `<category>` (OASIS CAP 1.2, section 3.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum CapCategory {
    /// Geophysical (landslide).
    Geo,
    /// Meteorological (flood, storm).
    Met,
    /// General emergency and public safety.
    Safety,
    /// Law enforcement, military, homeland and local/private security.
    Security,
    /// Rescue and recovery.
    Rescue,
    /// Fire suppression and rescue.
    Fire,
    /// Medical and public health.
    Health,
    /// Pollution and other environmental.
    Env,
    /// Public and private transportation.
    Transport,
    /// Utility, telecommunication, other non-transport infrastructure.
    Infra,
    /// Chemical, biological, radiological, nuclear or high-yield explosive threat or attack.
    #[serde(rename = "CBRNE")]
    Cbrne,
    /// Other events.
    Other,
}

impl CapCategory {
    /// The value as CAP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            CapCategory::Geo => "Geo",
            CapCategory::Met => "Met",
            CapCategory::Safety => "Safety",
            CapCategory::Security => "Security",
            CapCategory::Rescue => "Rescue",
            CapCategory::Fire => "Fire",
            CapCategory::Health => "Health",
            CapCategory::Env => "Env",
            CapCategory::Transport => "Transport",
            CapCategory::Infra => "Infra",
            CapCategory::Cbrne => "CBRNE",
            CapCategory::Other => "Other",
        }
    }

    /// The CAP category of an announcement in site category `id` (none: no category), when
    /// `site.yaml` does not say: the seven default categories have their nearest CAP
    /// category; anything else is general public safety, which is what a safety office's
    /// announcements are.
    pub fn default_for(id: Option<&str>) -> CapCategory {
        match id {
            Some("fire") => CapCategory::Fire,
            Some("traffic") => CapCategory::Transport,
            Some("hazardous-chemicals") => CapCategory::Cbrne,
            Some("food-drug") => CapCategory::Health,
            Some("urban-safety") => CapCategory::Infra,
            _ => CapCategory::Safety,
        }
    }
}

/// The `cap:` block as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CapSettings {
    /// CAP `<sender>`; by default the host of `base_url` (see [`CapSettings::sender`]).
    pub sender: Option<String>,
    /// CAP `<contact>`, per language; empty leaves it out.
    pub contact: Localized,
    /// CAP `<areaDesc>` of announcements without a `region`, per language; empty leaves
    /// `<area>` out.
    pub area: Localized,
    /// CAP category per site category id, overriding [`CapCategory::default_for`].
    pub categories: BTreeMap<String, CapCategory>,
}

impl CapSettings {
    /// The sender of the site's alerts: `sender:` as written, else `host` (the host of
    /// `base_url`, with its port if it has one).
    pub fn sender<'a>(&'a self, host: &'a str) -> &'a str {
        self.sender.as_deref().unwrap_or(host)
    }

    /// The CAP category of an announcement in site category `id`.
    pub fn category(&self, id: Option<&str>) -> CapCategory {
        id.and_then(|id| self.categories.get(id).copied())
            .unwrap_or_else(|| CapCategory::default_for(id))
    }

    /// Problems of the block: a sender CAP forbids, a category that is not the site's, a
    /// text missing a site language. `line` is the block's line; `langs` the site languages;
    /// `ids` its category ids.
    pub(crate) fn problems(
        &self,
        path: &Path,
        line: usize,
        langs: &[String],
        ids: &[&str],
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut problem =
            |message: Text, fix: Text| out.push(Diagnostic::new(path, line, 1, message, fix));
        if let Some(sender) = &self.sender {
            // CAP 1.2, 3.2.1: no spaces, commas or restricted characters (< and &).
            if sender.is_empty()
                || sender.contains(|c: char| c.is_whitespace() || ",<&".contains(c))
            {
                problem(
                    text!("cap.sender", sender = sender),
                    text!("cap.sender_fix"),
                );
            }
        }
        for (key, text) in [("contact", &self.contact), ("area", &self.area)] {
            for (why, fix) in text.problems(langs) {
                problem(text!("cap.field", key = key, why = why), fix);
            }
        }
        for id in self.categories.keys() {
            if !ids.contains(&id.as_str()) {
                problem(
                    text!(
                        "cap.category",
                        id = id,
                        suggestion = suggest::did_you_mean(id, ids.iter().copied())
                    ),
                    text!("use_one_of", list = ids.join(", ")),
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_yaml_overrides_the_default_category() {
        let mut cap = CapSettings::default();
        assert_eq!(cap.category(Some("fire")), CapCategory::Fire);
        assert_eq!(cap.category(Some("weather")), CapCategory::Safety);
        assert_eq!(cap.category(None), CapCategory::Safety);
        cap.categories.insert("weather".into(), CapCategory::Met);
        cap.categories.insert("fire".into(), CapCategory::Rescue);
        assert_eq!(cap.category(Some("weather")), CapCategory::Met);
        assert_eq!(cap.category(Some("fire")), CapCategory::Rescue);
    }

    #[test]
    fn a_sender_cap_forbids_and_an_unknown_category_are_reported() {
        let cap = CapSettings {
            sender: Some("city safety, office".into()),
            categories: BTreeMap::from([("fier".to_string(), CapCategory::Fire)]),
            ..CapSettings::default()
        };
        let problems = cap.problems(Path::new("site.yaml"), 3, &["en".into()], &["fire"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0]
                .message
                .to_string()
                .contains("cannot be a CAP sender")
        );
        assert!(
            problems[1]
                .message
                .to_string()
                .contains("did you mean `fire`")
        );
        assert_eq!(cap.sender("a.gov"), "city safety, office");
        assert_eq!(CapSettings::default().sender("a.gov"), "a.gov");
    }
}
