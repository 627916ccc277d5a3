//! Reading dates from front matter and showing them in the site's time zone.
//!
//! Reader-facing dates are written with [`DateWords`], which the pipeline builds from the
//! theme's UI strings for each language (`date_format`, `time_format`, `datetime_format`,
//! `month_1` … `month_12`). This module does not know the theme: a new language is a new
//! strings file, not new code here, and it holds no words of any language itself.
//! Machine-readable dates ([`iso`], [`moment`]) are fixed.

use crate::messages::Text;
use crate::model::config::Config;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use std::collections::BTreeMap;

/// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (read in `tz`) or RFC 3339 with an offset.
pub fn parse(text: &str, tz: &TimeZone) -> Result<Timestamp, Text> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    // DateTime first: jiff's Date parser also accepts a date-time and drops the time.
    let civil = text.parse::<DateTime>().or_else(|e| {
        text.parse::<Date>()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
            .map_err(|_| e)
    });
    civil
        .and_then(|dt| dt.to_zoned_datetime(tz.clone()))
        .map(|z| z.timestamp())
        .map_err(|_| crate::text!("dates.not_a_date", text = text))
}

/// How to write a date that could not be read.
pub fn date_fix() -> Text {
    crate::text!("dates.fix")
}

/// A timestamp in the site's time zone.
pub fn zoned(ts: Timestamp, tz: &TimeZone) -> ZonedDateTime {
    ts.to_zoned_datetime(tz.clone())
}

/// RFC 3339 with the site's offset, for `<time datetime>`, feeds and sitemaps.
pub fn iso(ts: Timestamp, tz: &TimeZone) -> String {
    zoned(ts, tz).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A human date in the words of one language, with the time when it is not midnight.
pub fn human(ts: Timestamp, tz: &TimeZone, words: &DateWords) -> String {
    let z = zoned(ts, tz);
    let month = usize::try_from(z.month()).unwrap_or(1);
    let date = fill(&words.date, |name| match name {
        "day" => Some(z.day().to_string()),
        "month" => Some(month.to_string()),
        "month_name" => words.months.get(month - 1).cloned(),
        "year" => Some(z.year().to_string()),
        _ => None,
    });
    if z.hour() == 0 && z.minute() == 0 {
        return date;
    }
    let time = fill(&words.time, |name| match name {
        "hour" => Some(format!("{:02}", z.hour())),
        "minute" => Some(format!("{:02}", z.minute())),
        _ => None,
    });
    fill(&words.datetime, |name| match name {
        "date" => Some(date.clone()),
        "time" => Some(time.clone()),
        _ => None,
    })
}

/// How one language writes dates and times in words, taken from a theme's UI strings.
///
/// Keys in the strings file (a flat `key: text` map), with the placeholders each may use:
///
/// | key | placeholders | `en` |
/// |---|---|---|
/// | `date_format` | `{day}`, `{month}` (number), `{month_name}`, `{year}` | `{day} {month_name} {year}` |
/// | `time_format` | `{hour}`, `{minute}` (two digits, 24-hour clock) | `{hour}:{minute}` |
/// | `datetime_format` | `{date}`, `{time}` (the two above) | `{date}, {time}` |
/// | `month_1` … `month_12` | none: the month's name | `January` … `December` |
///
/// There are no built-in words: every key is required (the theme check reports a missing one
/// before anything is built, see `render/i18n`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateWords {
    /// `date_format`.
    pub date: String,
    /// `time_format`.
    pub time: String,
    /// `datetime_format`: a date with a time that is not midnight.
    pub datetime: String,
    /// `month_1` … `month_12`.
    pub months: [String; 12],
}

/// Every key [`DateWords`] reads.
pub const KEYS: [&str; 15] = [
    "date_format",
    "time_format",
    "datetime_format",
    "month_1",
    "month_2",
    "month_3",
    "month_4",
    "month_5",
    "month_6",
    "month_7",
    "month_8",
    "month_9",
    "month_10",
    "month_11",
    "month_12",
];

/// A format key, the placeholders it may use and those it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateFormat {
    /// The strings key.
    pub key: &'static str,
    /// The placeholders it may use.
    pub allowed: &'static [&'static str],
    /// Groups of which it must use at least one placeholder each, so no part of the moment
    /// goes missing.
    pub required: &'static [&'static [&'static str]],
}

/// The format keys. Their placeholders differ between languages on purpose (`{month}` in
/// Chinese, `{month_name}` in English), so they are checked against these lists rather than
/// against each other.
pub const FORMATS: [DateFormat; 3] = [
    DateFormat {
        key: "date_format",
        allowed: &["day", "month", "month_name", "year"],
        required: &[&["day"], &["month", "month_name"], &["year"]],
    },
    DateFormat {
        key: "time_format",
        allowed: &["hour", "minute"],
        required: &[&["hour"], &["minute"]],
    },
    DateFormat {
        key: "datetime_format",
        allowed: &["date", "time"],
        required: &[&["date"], &["time"]],
    },
];

impl DateWords {
    /// Reads the date keys of one language's UI strings; `Err` names a missing key.
    pub fn from_strings<'a>(lookup: impl Fn(&str) -> Option<&'a str>) -> Result<DateWords, String> {
        let get = |key: &str| {
            lookup(key)
                .map(str::to_string)
                .ok_or_else(|| key.to_string())
        };
        let mut months: [String; 12] = Default::default();
        for (i, name) in months.iter_mut().enumerate() {
            *name = get(&format!("month_{}", i + 1))?;
        }
        Ok(DateWords {
            date: get("date_format")?,
            time: get("time_format")?,
            datetime: get("datetime_format")?,
            months,
        })
    }
}

/// The [`DateWords`] of each of a site's languages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteDateWords {
    /// The translation languages'.
    by_lang: BTreeMap<String, DateWords>,
    /// The main language's, also used for a language the site does not have.
    main: DateWords,
}

impl SiteDateWords {
    /// Date words for the site's languages, given a lookup of each language's UI strings;
    /// `Err` names a language and a key it lacks.
    pub fn new<'a>(
        config: &Config,
        lookup: impl Fn(&str, &str) -> Option<&'a str>,
    ) -> Result<SiteDateWords, (String, String)> {
        let words = |lang: &String| {
            DateWords::from_strings(|key| lookup(lang, key)).map_err(|key| (lang.clone(), key))
        };
        let main = words(&config.language)?;
        let mut by_lang = BTreeMap::new();
        for lang in &config.languages {
            by_lang.insert(lang.clone(), words(lang)?);
        }
        Ok(SiteDateWords { by_lang, main })
    }

    /// The words of `lang`, or of the site's main language when it is not a site language.
    pub fn get(&self, lang: &str) -> &DateWords {
        self.by_lang.get(lang).unwrap_or(&self.main)
    }
}

/// Replaces each `{name}` in `format` with `value(name)`; other text is kept as written.
fn fill(format: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(format.len() + 8);
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .split_once('}')
            .and_then(|(name, tail)| Some((value(name)?, tail)))
        {
            Some((text, tail)) => {
                out.push_str(&text);
                rest = tail;
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

/// An operator-facing moment, e.g. `2026-06-01 00:00 +08:00`.
pub fn moment(ts: Timestamp, tz: &TimeZone) -> String {
    zoned(ts, tz).strftime("%Y-%m-%d %H:%M %:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_without_offset_use_site_zone() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let a = parse("2026-05-01", &tz).unwrap();
        assert_eq!(a.to_string(), "2026-04-30T16:00:00Z");
        let b = parse("2026-05-01 08:30", &tz).unwrap();
        assert_eq!(b.to_string(), "2026-05-01T00:30:00Z");
        let c = parse("2026-05-01T08:00:00+00:00", &tz).unwrap();
        assert_eq!(c.to_string(), "2026-05-01T08:00:00Z");
        assert!(parse("2026-13-01", &tz).is_err());
        assert!(parse("yesterday", &tz).is_err());
    }

    fn strings(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn words(map: &BTreeMap<String, String>) -> Result<DateWords, String> {
        DateWords::from_strings(|key| map.get(key).map(String::as_str))
    }

    /// The date keys of the default theme's `i18n/<lang>.yaml`.
    fn theme_words(lang: &str) -> DateWords {
        let text = match lang {
            "en" => include_str!("../../themes/default/i18n/en.yaml"),
            _ => include_str!("../../themes/default/i18n/zh.yaml"),
        };
        words(&serde_yaml::from_str(text).unwrap()).unwrap()
    }

    #[test]
    fn human_dates_follow_the_theme_words() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let day = parse("2026-06-16", &tz).unwrap();
        let morning = parse("2026-06-16 08:00", &tz).unwrap();
        let (en, zh) = (theme_words("en"), theme_words("zh"));
        assert_eq!(human(day, &tz, &en), "16 June 2026");
        assert_eq!(human(morning, &tz, &en), "16 June 2026, 08:00");
        assert_eq!(human(day, &tz, &zh), "2026年6月16日");
        assert_eq!(human(morning, &tz, &zh), "2026年6月16日 08:00");
        let march = parse("2026-03-04", &tz).unwrap();
        assert_eq!(human(march, &tz, &en), "4 March 2026");
        assert_eq!(iso(march, &tz), "2026-03-04T00:00:00+08:00");
        assert_eq!(iso(morning, &tz), "2026-06-16T08:00:00+08:00");
        // Shown in the site's zone whatever the offset it was written with.
        let utc = parse("2026-06-16T00:00:00Z", &tz).unwrap();
        assert_eq!(human(utc, &tz, &zh), "2026年6月16日 08:00");
        assert_eq!(iso(utc, &tz), "2026-06-16T08:00:00+08:00");
    }

    #[test]
    fn a_third_language_needs_only_strings() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let mut pairs = vec![
            ("date_format", "{day}. {month_name} {year}"),
            ("time_format", "{hour}.{minute} Uhr"),
            ("datetime_format", "{date} um {time}"),
        ];
        let months = [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ];
        let keys: Vec<String> = (1..=12).map(|m| format!("month_{m}")).collect();
        pairs.extend(keys.iter().map(String::as_str).zip(months));
        let de = words(&strings(&pairs)).unwrap();
        let evening = parse("2026-03-04 19:05", &tz).unwrap();
        assert_eq!(human(evening, &tz, &de), "4. März 2026 um 19.05 Uhr");
        let day = parse("2026-12-01", &tz).unwrap();
        assert_eq!(human(day, &tz, &de), "1. Dezember 2026");
        assert!(KEYS.iter().all(|k| pairs.iter().any(|(p, _)| p == k)));
    }

    #[test]
    fn a_missing_date_key_is_named_not_filled_in() {
        assert_eq!(
            words(&strings(&[("month_6", "Juno")])),
            Err("month_1".to_string())
        );
        let config = crate::model::config::parse(
            "title: T\nlanguage: zh\nlanguages: [en]\n",
            std::path::Path::new("site.yaml"),
        )
        .unwrap();
        let zh = strings(&[("date_format", "{year}")]);
        let err = SiteDateWords::new(&config, |lang, key| {
            (lang == "zh")
                .then(|| zh.get(key).map(String::as_str))
                .flatten()
        });
        assert_eq!(err, Err(("zh".to_string(), "month_1".to_string())));
    }

    #[test]
    fn fill_keeps_unknown_and_unclosed_braces() {
        let f = |n: &str| (n == "a").then(|| "A".to_string());
        assert_eq!(fill("{a}-{b}-{a", f), "A-{b}-{a");
    }
}
