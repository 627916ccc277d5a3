//! Campaigns as templates see them: a campaign's name, dates and status at the build's clock
//! (`CampaignInfo`), the campaigns index's three sections, a campaign page's lists, and the
//! home page's feature of each running campaign. Every value here is hashed as it is
//! serialized (page summaries through [`Card`]), so the status, which changes with the
//! clock, is part of the rebuild key of each page that shows it.

use crate::model::campaign::{Campaign, Status};
use crate::model::dates::{self, DateWords};
use crate::model::page::PageKind;
use crate::render::context::{Card, Href, PageData, View};
use crate::urls::Route;
use jiff::Timestamp;
use serde::Serialize;
use std::cmp::Reverse;

/// A campaign in one language, as lists and its own page show it.
#[derive(Serialize, Hash)]
pub struct CampaignInfo<'a> {
    /// Its id (the URL segment).
    id: &'a str,
    /// Its name.
    name: &'a str,
    /// What it is about.
    description: &'a str,
    /// `upcoming`, `running` or `ended` at the build's clock.
    status: &'static str,
    /// The first day (and time, when not midnight), in words.
    start: String,
    /// The same, for `<time datetime>`.
    start_iso: String,
    /// The last day (or the end's moment, when written with a time), in words.
    end: String,
    /// The same, for `<time datetime>`.
    end_iso: String,
    /// Accent colour from site.yaml, checked for contrast like category colours.
    color: Option<&'a str>,
    /// Hashtag, starting with `#`.
    hashtag: Option<&'a str>,
    /// Its page.
    url: Href<'a>,
    /// How many lessons belong to it in this language's lists.
    lessons: usize,
    /// How many announcements (current and expired) belong to it.
    announcements: usize,
}

/// One of a campaign's pages, with what kind of page it is.
#[derive(Serialize, Hash)]
pub struct CampaignEntry<'a> {
    /// `lesson` or `announcement`.
    kind: &'static str,
    /// Its summary.
    card: Card<'a>,
}

/// A running campaign as the home page features it.
#[derive(Serialize, Hash)]
pub struct CampaignFeature<'a> {
    /// The campaign.
    campaign: CampaignInfo<'a>,
    /// Its newest lessons and current announcements, newest first.
    items: Vec<CampaignEntry<'a>>,
}

/// The campaigns index's sections.
#[derive(Serialize, Hash, Default)]
pub struct CampaignSections<'a> {
    /// Running now, the earliest started first.
    pub running: Vec<CampaignInfo<'a>>,
    /// Not started yet, the soonest first.
    pub upcoming: Vec<CampaignInfo<'a>>,
    /// Ended, the most recently ended first.
    pub ended: Vec<CampaignInfo<'a>>,
}

/// A moment for `<time datetime>`: the day alone when it is midnight.
fn iso(ts: Timestamp, day: bool, tz: &jiff::tz::TimeZone) -> String {
    let z = dates::zoned(ts, tz);
    if day || (z.hour(), z.minute(), z.second()) == (0, 0, 0) {
        z.strftime("%Y-%m-%d").to_string()
    } else {
        dates::iso(ts, tz)
    }
}

impl<'a> View<'a> {
    /// The date words of `lang`, from its UI strings (the theme check makes sure they are all
    /// there).
    fn date_words(&self, lang: &str) -> Option<DateWords> {
        let map = &self.strings.get(lang)?.map;
        DateWords::from_strings(|key| map.get(key).map(String::as_str)).ok()
    }

    /// Campaign `c` in `lang`.
    pub fn campaign_info(&self, c: &'a Campaign, lang: &'a str) -> CampaignInfo<'a> {
        let site = self.site;
        let tz = &site.config.timezone;
        let words = self.date_words(lang);
        let human = |ts: Timestamp, day: bool| match &words {
            Some(w) => dates::human(ts, tz, w),
            None => iso(ts, day, tz),
        };
        let members = site.lists(lang).campaigns.get(&c.id);
        let count = |kind: PageKind| {
            members
                .into_iter()
                .flatten()
                .filter(|&&i| site.pages[i].kind == kind)
                .count()
        };
        CampaignInfo {
            id: &c.id,
            name: c.name.get(lang),
            description: c.description.get(lang),
            status: c.status(site.now).as_str(),
            start: human(c.start, false),
            start_iso: iso(c.start, false, tz),
            end: human(c.last, c.end_is_day),
            end_iso: iso(c.last, c.end_is_day, tz),
            color: c.color.as_deref(),
            hashtag: c.hashtag.as_deref(),
            url: self.lazy_href(Route::Campaign { lang, id: &c.id }),
            lessons: count(PageKind::Lesson),
            announcements: count(PageKind::Announcement),
        }
    }

    /// Every campaign of the site in `lang`, by status.
    pub fn campaign_sections(&self, lang: &'a str) -> CampaignSections<'a> {
        let site = self.site;
        let mut campaigns: Vec<&'a Campaign> = site.config.campaigns.iter().collect();
        campaigns.sort_by_key(|c| (c.start, c.id.as_str()));
        let mut out = CampaignSections::default();
        let mut ended = Vec::new();
        for c in campaigns {
            match c.status(site.now) {
                Status::Running => out.running.push(self.campaign_info(c, lang)),
                Status::Upcoming => out.upcoming.push(self.campaign_info(c, lang)),
                Status::Ended => ended.push(c),
            }
        }
        ended.sort_by_key(|c| (Reverse(c.end), c.id.as_str()));
        out.ended = ended
            .into_iter()
            .map(|c| self.campaign_info(c, lang))
            .collect();
        out
    }

    /// The page of campaign `c` in `lang`: the campaign, its lessons, current and expired
    /// announcements.
    pub fn campaign_page(&self, c: &'a Campaign, lang: &'a str) -> PageData<'a> {
        let site = self.site;
        let members: &'a [usize] = site
            .lists(lang)
            .campaigns
            .get(&c.id)
            .map_or(&[], Vec::as_slice);
        let (mut lessons, mut announcements, mut expired) = (Vec::new(), Vec::new(), Vec::new());
        for &i in members {
            let list = match site.pages[i].kind {
                PageKind::Lesson => &mut lessons,
                _ if site.is_expired(i) => &mut expired,
                _ => &mut announcements,
            };
            list.push(self.card(i));
        }
        PageData::Campaign {
            campaign: self.campaign_info(c, lang),
            lessons,
            announcements,
            expired_announcements: expired,
        }
    }

    /// Each campaign running at the build's clock, in `lang`, with up to `per` of its newest
    /// lessons and current announcements, in the order site.yaml lists them.
    pub fn campaign_features(&self, lang: &'a str, per: usize) -> Vec<CampaignFeature<'a>> {
        let site = self.site;
        let lists = site.lists(lang);
        site.config
            .campaigns
            .iter()
            .filter(|c| c.status(site.now) == Status::Running)
            .map(|c| CampaignFeature {
                campaign: self.campaign_info(c, lang),
                items: lists
                    .campaigns
                    .get(&c.id)
                    .into_iter()
                    .flatten()
                    .filter(|&&i| !site.is_expired(i))
                    .take(per)
                    .map(|&i| CampaignEntry {
                        kind: match site.pages[i].kind {
                            PageKind::Lesson => "lesson",
                            _ => "announcement",
                        },
                        card: self.card(i),
                    })
                    .collect(),
            })
            .collect()
    }
}
