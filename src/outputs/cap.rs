//! CAP 1.2 alerts (OASIS Common Alerting Protocol) and their Atom feed: which announcements
//! have an alert, what the theme's `alert.xml` and `cap_feed.xml` templates receive, and how
//! an announcement's urgency and warning level become CAP's urgency, severity and certainty.
//! The registry ([`kinds`](crate::pipeline::kinds)) declares both outputs.
//!
//! One alert per announcement, whatever its languages: each published version is an `<info>`
//! block in its `<language>`, as CAP intends, so a system reading alerts sees one event
//! once. The alert sits beside the page of its first version in the site's language order
//! (`/announcements/<slug>/alert.xml` for the main language).

use crate::model::dates;
use crate::model::frontmatter::{Level, Urgency};
use crate::model::page::PageKind;
use crate::model::site::Site;
use crate::outputs::feeds::{FeedHead, xml_text};
use crate::render::context::View;
use crate::urls::Route;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};

/// CAP's `<urgency>` of an announcement's urgency (which its level has already raised).
pub fn urgency(u: Urgency) -> &'static str {
    match u {
        Urgency::Urgent => "Immediate",
        Urgency::Warning => "Expected",
        Urgency::Info => "Future",
    }
}

/// CAP's `<severity>`: from the warning level when there is one (the four colours are the
/// four CAP severities, as China's national warning system maps them), else from urgency.
pub fn severity(level: Option<Level>, u: Urgency) -> &'static str {
    match (level, u) {
        (Some(Level::Red), _) => "Extreme",
        (Some(Level::Orange), _) | (None, Urgency::Urgent) => "Severe",
        (Some(Level::Yellow), _) | (None, Urgency::Warning) => "Moderate",
        (Some(Level::Blue), _) | (None, Urgency::Info) => "Minor",
    }
}

/// CAP's `<certainty>`: a blue warning says an event may happen, the higher levels and
/// urgent or warning announcements that it is likely; an information notice says nothing
/// about how likely an event is.
pub fn certainty(level: Option<Level>, u: Urgency) -> &'static str {
    match (level, u) {
        (Some(Level::Blue), _) => "Possible",
        (Some(_), _) | (None, Urgency::Urgent | Urgency::Warning) => "Likely",
        (None, Urgency::Info) => "Unknown",
    }
}

/// A moment as CAP writes it: `2026-11-25T08:00:00+08:00`, in the site's time zone, with
/// UTC as `-00:00` (CAP 1.2, 3.3.2, forbids `Z`).
pub fn cap_time(t: Timestamp, tz: &TimeZone) -> String {
    let iso = dates::iso(t, tz);
    match iso.strip_suffix("+00:00") {
        Some(local) => format!("{local}-00:00"),
        None => iso,
    }
}

/// The announcements that carry an alert: the first version of each, in language order.
pub fn alert_pages(site: &Site) -> impl Iterator<Item = usize> + '_ {
    (0..site.pages.len()).filter(move |&i| {
        site.pages[i].kind == PageKind::Announcement && versions(site, i).first() == Some(&i)
    })
}

/// Every published version of announcement `i`, in the site's language order.
pub fn versions(site: &Site, i: usize) -> Vec<usize> {
    let mut group = match site.translations[i].as_slice() {
        [] => vec![i],
        g => g.to_vec(),
    };
    let rank = |j: &usize| site.config.lang_index(&site.pages[*j].lang);
    group.sort_by_key(|j| (rank(j), *j));
    group
}

/// The route of the alert of announcement `i` (any of its versions).
pub fn alert_route(site: &Site, i: usize) -> Route<'_> {
    let first = &site.pages[versions(site, i)[0]];
    Route::Alert {
        lang: &first.lang,
        slug: &first.slug,
    }
}

/// When an alert's announcement was first published and last updated, over its versions.
struct Moments {
    /// The earliest `date`: the original alert's `sent`.
    first: Timestamp,
    /// The latest `updated`, if any: then the alert is an `Update` sent at that moment.
    updated: Option<Timestamp>,
}

impl Moments {
    fn of(site: &Site, versions: &[usize]) -> Moments {
        let pages = versions.iter().map(|&j| &site.pages[j]);
        Moments {
            first: pages
                .clone()
                .filter_map(|p| p.date)
                .min()
                .unwrap_or(site.now),
            updated: pages.filter_map(|p| p.updated).max(),
        }
    }

    /// This message's `sent`.
    fn sent(&self) -> Timestamp {
        self.updated.unwrap_or(self.first)
    }
}

/// The `<identifier>` of the alert sent at `sent` (as CAP writes it) for the announcement at
/// `href`: unique per sender (the path is unique in the site, the moment tells an update from
/// its original) and free of the spaces, commas, `<` and `&` CAP forbids.
fn identifier(sender: &str, href: &str, sent: &str) -> String {
    let path = href
        .trim_matches('/')
        .replace(',', "%2C")
        .replace('&', "%26");
    format!("{sender}:{path}:{}", sent.replace(':', ""))
}

/// What `alert.xml` receives: one alert, made only when rendered.
pub struct AlertContext<'a> {
    view: View<'a>,
    versions: Vec<usize>,
}

/// An alert as the template sees it.
#[derive(Serialize)]
struct Alert<'a> {
    identifier: String,
    sender: &'a str,
    sent: String,
    msg_type: &'static str,
    /// `sender,identifier,sent` of the original alert, for an update.
    references: Option<String>,
    infos: Vec<Info<'a>>,
}

/// One `<info>` block: one language version of the announcement.
#[derive(Serialize)]
struct Info<'a> {
    language: &'a str,
    category: &'static str,
    event: Cow<'a, str>,
    urgency: &'static str,
    severity: &'static str,
    certainty: &'static str,
    expires: Option<String>,
    sender_name: Cow<'a, str>,
    headline: Cow<'a, str>,
    description: String,
    web: String,
    contact: Cow<'a, str>,
    area: Cow<'a, str>,
}

/// The alert of announcement `i`.
pub fn alert<'a>(view: &View<'a>, i: usize) -> AlertContext<'a> {
    AlertContext {
        view: *view,
        versions: versions(view.site, i),
    }
}

impl AlertContext<'_> {
    fn value(&self) -> Alert<'_> {
        let site = self.view.site;
        let config = &site.config;
        let tz = &config.timezone;
        let sender = config.cap_sender();
        let moments = Moments::of(site, &self.versions);
        let first = &site.pages[self.versions[0]];
        let (first_sent, sent) = (cap_time(moments.first, tz), cap_time(moments.sent(), tz));
        let original = identifier(sender, &first.url, &first_sent);
        let infos = self
            .versions
            .iter()
            .map(|&j| {
                let p = &site.pages[j];
                let lang = p.lang.as_str();
                let category = p.category.as_ref().and_then(|c| config.category(c));
                let area = match p.region.as_str() {
                    "" => config.cap.area.get(lang),
                    region => region,
                };
                let description = crate::markdown::plain_text(&p.body);
                Info {
                    language: lang,
                    category: config.cap.category(p.category.as_deref()).as_str(),
                    event: xml_text(category.map_or_else(
                        || self.view.text(lang, "cap_event_default"),
                        |c| c.name.get(lang),
                    )),
                    urgency: urgency(p.urgency),
                    severity: severity(p.level, p.urgency),
                    certainty: certainty(p.level, p.urgency),
                    expires: p.expires.map(|e| cap_time(e, tz)),
                    sender_name: xml_text(config.title.get(lang)),
                    headline: xml_text(&p.title),
                    description: match description.is_empty() {
                        true => xml_text(&p.summary).into_owned(),
                        false => xml_text(&description).into_owned(),
                    },
                    web: config.urls.permalink_of_path(&p.path),
                    contact: xml_text(config.cap.contact.get(lang)),
                    area: xml_text(area),
                }
            })
            .collect();
        Alert {
            identifier: identifier(sender, &first.url, &sent),
            sender,
            msg_type: if moments.updated.is_some() {
                "Update"
            } else {
                "Alert"
            },
            references: moments
                .updated
                .map(|_| format!("{sender},{original},{first_sent}")),
            sent,
            infos,
        }
    }
}

impl Serialize for AlertContext<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(s)
    }
}

impl Hash for AlertContext<'_> {
    /// Everything an alert shows comes from its versions' files (their body fingerprints
    /// cover the file and its path), the configuration and the theme's words, which every
    /// key holds; it does not depend on the clock. Its key is made again only when one of its
    /// versions changes.
    fn hash<H: Hasher>(&self, h: &mut H) {
        for &j in &self.versions {
            crate::render::keyed::read(j);
            self.view.site.bodies.fps[j].hash(h);
        }
    }
}

/// One entry of the CAP feed: a current alert.
#[derive(Serialize)]
pub struct CapEntry<'a> {
    title: Cow<'a, str>,
    summary: Cow<'a, str>,
    /// The alert's absolute URL, also the entry's id: an update keeps the entry.
    alert_url: String,
    /// The announcement's page.
    url: String,
    lang: &'a str,
    published: String,
    updated: String,
    #[serde(skip)]
    key: Vec<(u64, bool)>,
}

/// What `cap_feed.xml` receives.
#[derive(Serialize)]
pub struct CapFeedContext<'a> {
    /// The main language, the site's title, the announcements page, the newest `sent`.
    #[serde(flatten)]
    pub head: FeedHead<'a>,
    /// Current alerts, newest first.
    pub entries: Vec<CapEntry<'a>>,
}

impl Hash for CapFeedContext<'_> {
    /// The entries' versions and whether each has expired (the clock decides what is
    /// current), with the feed's own words.
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.head.hash(h);
        for e in &self.entries {
            e.key.hash(h);
        }
    }
}

/// The CAP feed: every alert with a version that has not expired (scheduled announcements
/// are not published, so have none), newest `sent` first.
pub fn feed<'a>(view: &View<'a>) -> CapFeedContext<'a> {
    let site = view.site;
    let config = &site.config;
    let tz = &config.timezone;
    let urls = &config.urls;
    let lang = config.language.as_str();
    // Every announcement that has not expired is current in its own language's list (every
    // page's language is a site language, and no two versions share a key and a language, as
    // they would share a URL): the alerts with such a version, each once (by its first
    // version).
    let mut current: Vec<usize> = site
        .lists
        .iter()
        .flat_map(|lists| &lists.current)
        .map(|&i| versions(site, i)[0])
        .collect();
    current.sort_unstable();
    current.dedup();
    let mut entries: Vec<(Timestamp, CapEntry)> = current
        .into_iter()
        .map(|i| {
            let versions = versions(site, i);
            let moments = Moments::of(site, &versions);
            let p = &site.pages[i];
            let entry = CapEntry {
                title: xml_text(&p.title),
                summary: xml_text(&p.summary),
                alert_url: urls.permalink(alert_route(site, i)),
                url: urls.permalink_of_path(&p.path),
                lang: &p.lang,
                published: dates::iso(moments.first, tz),
                updated: dates::iso(moments.sent(), tz),
                key: versions
                    .iter()
                    .map(|&j| (site.bodies.fps[j], site.is_expired(j)))
                    .collect(),
            };
            (moments.sent(), entry)
        })
        .collect();
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.url.cmp(&b.1.url)));
    let updated = entries.first().map_or_else(
        || "1970-01-01T00:00:00+00:00".into(),
        |e| e.1.updated.clone(),
    );
    let title = view
        .text(lang, "cap_feed_title")
        .replace("{site}", config.title.get(lang));
    CapFeedContext {
        head: FeedHead {
            lang,
            title: xml_text(&title).into_owned().into(),
            author: xml_text(config.title.get(lang)),
            self_url: urls.permalink(Route::CapFeed),
            alternate_url: urls.permalink(Route::Announcements { lang }),
            updated,
        },
        entries: entries.into_iter().map(|(_, e)| e).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_urgencies_map_to_cap_values() {
        use Level::*;
        use Urgency::*;
        let table = [
            (Some(Red), Urgent, "Immediate", "Extreme", "Likely"),
            (Some(Orange), Urgent, "Immediate", "Severe", "Likely"),
            (Some(Yellow), Warning, "Expected", "Moderate", "Likely"),
            (Some(Yellow), Urgent, "Immediate", "Moderate", "Likely"),
            (Some(Blue), Warning, "Expected", "Minor", "Possible"),
            (None, Urgent, "Immediate", "Severe", "Likely"),
            (None, Warning, "Expected", "Moderate", "Likely"),
            (None, Info, "Future", "Minor", "Unknown"),
        ];
        for (level, u, cap_urgency, cap_severity, cap_certainty) in table {
            let got = (urgency(u), severity(level, u), certainty(level, u));
            assert_eq!(
                got,
                (cap_urgency, cap_severity, cap_certainty),
                "{level:?} {u:?}"
            );
        }
    }

    #[test]
    fn cap_times_carry_an_offset_and_never_z() {
        let t: Timestamp = "2026-11-25T00:00:00Z".parse().unwrap();
        assert_eq!(cap_time(t, &TimeZone::UTC), "2026-11-25T00:00:00-00:00");
        let shanghai = TimeZone::get("Asia/Shanghai").unwrap();
        assert_eq!(cap_time(t, &shanghai), "2026-11-25T08:00:00+08:00");
    }

    #[test]
    fn identifiers_have_no_spaces_commas_or_restricted_characters() {
        let id = identifier(
            "a.gov",
            "/safety/announcements/x,y&z/",
            "2026-11-25T08:00:00+08:00",
        );
        assert_eq!(
            id,
            "a.gov:safety/announcements/x%2Cy%26z:2026-11-25T080000+0800"
        );
        assert!(!id.contains([' ', ',', '<', '&']));
    }
}
