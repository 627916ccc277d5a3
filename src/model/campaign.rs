//! Campaigns from `site.yaml` (安全生产月, 119 消防宣传月…): reading and checking the
//! `campaigns:` list, and where a campaign is in its life at the build's clock. Pure functions;
//! `config` calls [`check`] while it parses the file.
//!
//! A campaign runs from `start` (inclusive) to `end` (exclusive). `end` written as a bare date
//! (`2027-02-28`) means "to the end of that day": the campaign ends at midnight that starts the
//! next day in the site's time zone. Written with a time, it ends at that moment.

use crate::error::Diagnostic;
use crate::messages::Text;
use crate::model::color;
use crate::model::dates;
use crate::model::localized::Localized;
use crate::text;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A campaign as written in `site.yaml`, before its dates are read.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCampaign {
    id: String,
    name: Localized,
    #[serde(default)]
    description: Localized,
    start: String,
    end: String,
    #[serde(default, deserialize_with = "crate::model::config::present")]
    color: Option<String>,
    #[serde(default, deserialize_with = "crate::model::config::present")]
    hashtag: Option<String>,
}

/// A checked campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    /// URL segment, e.g. `safety-month-2026`; pages join with `campaigns: [<id>]`.
    pub id: String,
    /// Display name.
    pub name: Localized,
    /// What the campaign is about.
    pub description: Localized,
    /// The first moment it runs.
    pub start: Timestamp,
    /// The first moment it no longer runs.
    pub end: Timestamp,
    /// The end as readers are told it: the last day (midnight) for a bare date, else `end`.
    pub last: Timestamp,
    /// Whether `end` was written as a bare date (shown as a day, not a moment).
    pub end_is_day: bool,
    /// Accent colour, `#rgb` or `#rrggbb`, at least 4.5:1 against white.
    pub color: Option<String>,
    /// A hashtag shown as text, starting with `#`.
    pub hashtag: Option<String>,
}

/// Where a campaign is in its life at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// It has not started.
    Upcoming,
    /// It has started and not ended.
    Running,
    /// It has ended.
    Ended,
}

impl Status {
    /// The lowercase name used in templates and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Upcoming => "upcoming",
            Status::Running => "running",
            Status::Ended => "ended",
        }
    }
}

impl Campaign {
    /// The campaign's status at `now`.
    pub fn status(&self, now: Timestamp) -> Status {
        if now < self.start {
            Status::Upcoming
        } else if now < self.end {
            Status::Running
        } else {
            Status::Ended
        }
    }
}

/// Reads an end: a bare date is the whole day, so the campaign ends at the next midnight.
/// Returns `(end, last, end_is_day)`.
fn parse_end(text: &str, tz: &TimeZone) -> Result<(Timestamp, Timestamp, bool), Text> {
    let last = dates::parse(text, tz)?;
    let trimmed = text.trim();
    // jiff's `Date` parser also accepts a date-time (and drops the time): a bare date has
    // no time part at all.
    let day = trimmed
        .parse::<Date>()
        .ok()
        .filter(|_| !trimmed.contains(['T', 't', ' ', ':']));
    let Some(day) = day else {
        return Ok((last, last, false));
    };
    let next = day
        .tomorrow()
        .map_err(|_| text!("campaign.last_day", text = trimmed))?;
    let end = dates::parse(&next.to_string(), tz)?;
    Ok((end, last, true))
}

/// Where a campaign's keys are written in `site.yaml`, for messages.
struct Lines<'a> {
    text: &'a str,
    /// The 1-based line of the `campaigns:` key.
    list: usize,
}

impl Lines<'_> {
    /// The 1-based lines of the `nth` (from 0) entry whose `id` is `id`: from its `- ` line
    /// to the next one.
    fn entry(&self, id: &str, nth: usize) -> std::ops::Range<usize> {
        let lines: Vec<&str> = self.text.lines().collect();
        let id_line = lines
            .iter()
            .enumerate()
            .skip(self.list)
            .filter(|(_, l)| has_value(l, "id", id))
            .nth(nth)
            .map_or(self.list, |(i, _)| i + 1);
        let starts = |l: &&str| l.trim_start().starts_with("- ");
        let first = (self.list + 1..=id_line)
            .rev()
            .find(|&n| lines.get(n - 1).is_some_and(starts))
            .unwrap_or(id_line);
        let after = (first + 1..=lines.len())
            .find(|&n| {
                let l = lines[n - 1];
                starts(&l) || (!l.starts_with([' ', '\t', '-']) && !l.trim().is_empty())
            })
            .unwrap_or(lines.len() + 1);
        first..after
    }

    /// The 1-based line of `key` within the `nth` entry with id `id` (its first line if not
    /// found).
    fn key(&self, id: &str, nth: usize, key: &str) -> usize {
        let range = self.entry(id, nth);
        let lines: Vec<&str> = self.text.lines().collect();
        range
            .clone()
            .find(|&n| lines.get(n - 1).is_some_and(|l| has_key(l, key)))
            .unwrap_or(range.start)
    }
}

/// Whether `line` holds `key:` as a key (block or flow style).
fn has_key(line: &str, key: &str) -> bool {
    let pattern = format!("{key}:");
    line.match_indices(&pattern).any(|(at, _)| {
        line[..at]
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, ' ' | '{' | ',' | '-' | '\t'))
    })
}

/// Whether `line` gives `key` the value `value` (quoted or not).
fn has_value(line: &str, key: &str, value: &str) -> bool {
    [
        format!("{key}: {value}"),
        format!("{key}: \"{value}\""),
        format!("{key}: '{value}'"),
    ]
    .iter()
    .any(|form| {
        line.match_indices(form.as_str()).any(|(at, _)| {
            let before = line[..at].chars().next_back();
            let after = line[at + form.len()..].chars().next();
            before.is_none_or(|c| matches!(c, ' ' | '{' | ',' | '-' | '\t'))
                && after.is_none_or(|c| matches!(c, ',' | '}' | ' ' | '#'))
        })
    })
}

/// Whether `id` can be a URL segment: lowercase letters, digits and single dashes inside.
fn is_url_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks the `campaigns:` list of `site.yaml` (`text`, at `path`) for a site of `langs`
/// whose dates are read in `tz`; `list_line` is the 1-based line of `campaigns:`. Returns the
/// checked campaigns, in the order written, or every problem found.
pub fn check(
    raw: Vec<RawCampaign>,
    text: &str,
    path: &Path,
    list_line: usize,
    langs: &[String],
    tz: &TimeZone,
) -> Result<Vec<Campaign>, Vec<Diagnostic>> {
    let lines = Lines {
        text,
        list: list_line,
    };
    let mut problems = Vec::new();
    // How many entries so far had each id: a repeated id's problems are its own entry's.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for c in raw {
        let id = c.id.as_str();
        let count = seen.entry(c.id.clone()).or_default();
        let nth = *count;
        *count += 1;
        let mut problem = |key: &str, message: Text, fix: Text| {
            let line = lines.key(id, nth, key);
            problems.push(Diagnostic::new(path, line, 0, message, fix));
        };
        if !is_url_id(id) {
            problem(
                "id",
                text!("campaign.bad_id", id = id),
                text!("campaign.bad_id_fix"),
            );
        }
        if nth > 0 {
            problem(
                "id",
                text!("campaign.twice", id = id),
                text!("campaign.twice_fix"),
            );
        }
        for (key, value) in [("name", &c.name), ("description", &c.description)] {
            for (why, fix) in value.problems(langs) {
                problem(
                    key,
                    text!("campaign.field", id = id, key = key, why = why),
                    fix,
                );
            }
        }
        let start = dates::parse(&c.start, tz)
            .map_err(|why| {
                problem(
                    "start",
                    text!("campaign.date", id = id, key = "start", why = why),
                    dates::date_fix(),
                )
            })
            .ok();
        let end = parse_end(&c.end, tz)
            .map_err(|why| {
                problem(
                    "end",
                    text!("campaign.date", id = id, key = "end", why = why),
                    dates::date_fix(),
                )
            })
            .ok();
        if let Some(color) = &c.color
            && let Some((message, fix)) = color::check_as(text!("campaign.name", id = id), color)
        {
            problem("color", message, fix);
        }
        let hashtag = match c.hashtag.as_deref().map(str::trim) {
            Some("") => {
                problem(
                    "hashtag",
                    text!("campaign.empty_hashtag", id = id),
                    text!("campaign.empty_hashtag_fix"),
                );
                None
            }
            Some(tag) if tag.contains(char::is_whitespace) => {
                problem(
                    "hashtag",
                    text!("campaign.hashtag_space", id = id, tag = tag),
                    text!("campaign.hashtag_space_fix"),
                );
                None
            }
            Some(tag) if tag.starts_with('#') => Some(tag.to_string()),
            Some(tag) => Some(format!("#{tag}")),
            None => None,
        };
        let (Some(start), Some((end, last, end_is_day))) = (start, end) else {
            continue;
        };
        if end <= start {
            problem(
                "end",
                text!(
                    "campaign.ends_before",
                    id = id,
                    end = c.end.trim(),
                    start = c.start.trim()
                ),
                text!("campaign.ends_before_fix"),
            );
            continue;
        }
        out.push(Campaign {
            id: c.id,
            name: c.name,
            description: c.description,
            start,
            end,
            last,
            end_is_day,
            color: c.color,
            hashtag,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> TimeZone {
        TimeZone::get("Asia/Shanghai").unwrap()
    }

    #[test]
    fn a_bare_end_date_runs_to_the_end_of_that_day() {
        let (end, last, day) = parse_end("2027-02-28", &tz()).unwrap();
        assert!(day);
        assert_eq!(end.to_string(), "2027-02-28T16:00:00Z");
        assert_eq!(last.to_string(), "2027-02-27T16:00:00Z");
        let (end, last, day) = parse_end("2027-02-28T18:00:00+08:00", &tz()).unwrap();
        assert!(!day);
        assert_eq!((end, last), (last, last));
        assert_eq!(end.to_string(), "2027-02-28T10:00:00Z");
    }

    #[test]
    fn status_follows_the_clock_with_an_exclusive_end() {
        let c = Campaign {
            id: "x".into(),
            name: Localized::Same("X".into()),
            description: Localized::default(),
            start: "2026-06-01T00:00:00Z".parse().unwrap(),
            end: "2026-07-01T00:00:00Z".parse().unwrap(),
            last: "2026-06-30T00:00:00Z".parse().unwrap(),
            end_is_day: true,
            color: None,
            hashtag: None,
        };
        let at = |t: &str| c.status(t.parse().unwrap());
        assert_eq!(at("2026-05-31T23:59:59Z"), Status::Upcoming);
        assert_eq!(at("2026-06-01T00:00:00Z"), Status::Running);
        assert_eq!(at("2026-06-30T23:59:59Z"), Status::Running);
        assert_eq!(at("2026-07-01T00:00:00Z"), Status::Ended);
    }

    #[test]
    fn ids_must_be_url_segments() {
        assert!(is_url_id("safety-month-2026"));
        for bad in ["", "Safety", "a b", "-a", "a-", "a--b", "安全月", "a/b"] {
            assert!(!is_url_id(bad), "{bad}");
        }
    }

    #[test]
    fn keys_are_found_in_their_own_entry() {
        let text = "title: T\ncampaigns:\n  - id: a\n    start: 2026-01-01\n    end: 2026-01-02\n  - {id: b, start: x, end: y}\n  - name: C\n    id: c\n    end: z\nhotlines: []\n";
        let lines = Lines { text, list: 2 };
        assert_eq!(lines.key("a", 0, "end"), 5);
        assert_eq!(lines.key("b", 0, "end"), 6);
        assert_eq!(lines.key("c", 0, "end"), 9);
        assert_eq!(lines.key("c", 0, "color"), 7);
        let twice = "campaigns:\n  - {id: a, end: x}\n  - {id: a, end: y}\n";
        let lines = Lines {
            text: twice,
            list: 1,
        };
        assert_eq!(lines.key("a", 1, "end"), 3);
    }
}
