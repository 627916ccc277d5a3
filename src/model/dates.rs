//! Reading dates from front matter and showing them in the site's time zone.
//!
//! Reader-facing dates are written with [`DateWords`], which the pipeline builds from the
//! theme's UI strings for each language (`date_format`, `time_format`, `datetime_format`,
//! `month_1` … `month_12`). This module does not know the theme: a new language is a new
//! strings file, not new code here. Machine-readable dates ([`iso`], [`moment`]) are fixed.

use crate::error::Diagnostic;
use crate::model::config::Config;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use std::collections::BTreeMap;

/// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (read in `tz`) or RFC 3339 with an offset.
pub fn parse(text: &str, tz: &TimeZone) -> Result<Timestamp, String> {
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
        .map_err(|_| format!("`{text}` is not a date"))
}

/// The fix text shown for an unreadable date.
pub const DATE_FIX: &str =
    "write the date as YYYY-MM-DD (e.g. 2026-05-01) or with a time, e.g. 2026-05-01T08:00:00+08:00";

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
/// | key | placeholders | English |
/// |---|---|---|
/// | `date_format` | `{day}`, `{month}` (number), `{month_name}`, `{year}` | `{day} {month_name} {year}` |
/// | `time_format` | `{hour}`, `{minute}` (two digits, 24-hour clock) | `{hour}:{minute}` |
/// | `datetime_format` | `{date}`, `{time}` (the two above) | `{date}, {time}` |
/// | `month_1` … `month_12` | none: the month's name | `January` … `December` |
///
/// A key the strings do not have keeps the English value.
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

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Each format key with the placeholders it may use.
const FORMATS: [(&str, &[&str]); 3] = [
    ("date_format", &["day", "month", "month_name", "year"]),
    ("time_format", &["hour", "minute"]),
    ("datetime_format", &["date", "time"]),
];

impl Default for DateWords {
    /// English: `16 June 2026`, `16 June 2026, 08:00`.
    fn default() -> Self {
        DateWords {
            date: "{day} {month_name} {year}".to_string(),
            time: "{hour}:{minute}".to_string(),
            datetime: "{date}, {time}".to_string(),
            months: ENGLISH_MONTHS.map(str::to_string),
        }
    }
}

/// A date format in the UI strings that uses a placeholder it does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPlaceholder {
    /// The strings key, e.g. `date_format`.
    pub key: &'static str,
    /// The placeholder as written, without braces.
    pub placeholder: String,
    /// The placeholders this key may use.
    pub allowed: &'static [&'static str],
}

impl UnknownPlaceholder {
    /// What is wrong, for a diagnostic.
    pub fn message(&self) -> String {
        format!(
            "`{}` uses `{{{}}}`, which is not a date placeholder",
            self.key, self.placeholder
        )
    }

    /// How to fix it, for a diagnostic.
    pub fn fix(&self) -> String {
        let allowed: Vec<String> = self.allowed.iter().map(|a| format!("{{{a}}}")).collect();
        format!("in `{}` use only {}", self.key, allowed.join(", "))
    }
}

impl DateWords {
    /// Reads the date keys from one language's UI strings; missing keys stay English.
    pub fn from_strings(
        strings: &BTreeMap<String, String>,
    ) -> Result<DateWords, Vec<UnknownPlaceholder>> {
        let mut words = DateWords::default();
        let mut problems = Vec::new();
        for (key, allowed) in FORMATS {
            let Some(text) = strings.get(key) else {
                continue;
            };
            for name in placeholders(text) {
                if !allowed.contains(&name) {
                    problems.push(UnknownPlaceholder {
                        key,
                        placeholder: name.to_string(),
                        allowed,
                    });
                }
            }
            let slot = match key {
                "date_format" => &mut words.date,
                "time_format" => &mut words.time,
                _ => &mut words.datetime,
            };
            *slot = text.clone();
        }
        for (i, name) in words.months.iter_mut().enumerate() {
            if let Some(text) = strings.get(&format!("month_{}", i + 1)) {
                *name = text.clone();
            }
        }
        if problems.is_empty() {
            Ok(words)
        } else {
            Err(problems)
        }
    }
}

/// The [`DateWords`] of each of a site's languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SiteDateWords {
    by_lang: BTreeMap<String, DateWords>,
    fallback: DateWords,
}

impl SiteDateWords {
    /// Date words for the site's languages, given each language's UI strings (the theme's
    /// `strings(lang)`). An unknown placeholder is reported against `i18n/<lang>.yaml`.
    pub fn new(
        config: &Config,
        strings: impl Fn(&str) -> BTreeMap<String, String>,
    ) -> Result<SiteDateWords, Vec<Diagnostic>> {
        let mut by_lang = BTreeMap::new();
        let mut problems = Vec::new();
        for lang in std::iter::once(&config.language).chain(&config.languages) {
            match DateWords::from_strings(&strings(lang)) {
                Ok(words) => {
                    by_lang.insert(lang.clone(), words);
                }
                Err(bad) => problems.extend(bad.iter().map(|b| {
                    Diagnostic::new(format!("i18n/{lang}.yaml"), 0, 0, b.message(), b.fix())
                })),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let fallback = by_lang.get(&config.language).cloned().unwrap_or_default();
        Ok(SiteDateWords { by_lang, fallback })
    }

    /// The words of `lang`, or of the site's main language when it has none of its own.
    pub fn get(&self, lang: &str) -> &DateWords {
        self.by_lang.get(lang).unwrap_or(&self.fallback)
    }
}

/// The names inside `{…}` in a format.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
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

    /// The date keys of the default theme's `i18n/<lang>.yaml`.
    fn theme_words(lang: &str) -> DateWords {
        let text = match lang {
            "en" => include_str!("../../themes/default/i18n/en.yaml"),
            _ => include_str!("../../themes/default/i18n/zh.yaml"),
        };
        let map = crate::model::config::load_strings(text, std::path::Path::new(lang)).unwrap();
        DateWords::from_strings(&map).unwrap()
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
        assert_eq!(human(day, &tz, &DateWords::default()), "16 June 2026");
        let march = parse("2026-03-04", &tz).unwrap();
        assert_eq!(human(march, &tz, &en), "4 March 2026");
        assert_eq!(iso(march, &tz), "2026-03-04T00:00:00+08:00");
        assert_eq!(iso(morning, &tz), "2026-06-16T08:00:00+08:00");
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
        let de = DateWords::from_strings(&strings(&pairs)).unwrap();
        let evening = parse("2026-03-04 19:05", &tz).unwrap();
        assert_eq!(human(evening, &tz, &de), "4. März 2026 um 19.05 Uhr");
        let day = parse("2026-12-01", &tz).unwrap();
        assert_eq!(human(day, &tz, &de), "1. Dezember 2026");
    }

    #[test]
    fn missing_date_keys_stay_english() {
        let tz = TimeZone::get("UTC").unwrap();
        let words = DateWords::from_strings(&strings(&[("month_6", "Juno")])).unwrap();
        let ts = parse("2026-06-16 08:00", &tz).unwrap();
        assert_eq!(human(ts, &tz, &words), "16 Juno 2026, 08:00");
    }

    #[test]
    fn unknown_placeholder_is_reported_with_the_allowed_ones() {
        let bad = strings(&[("date_format", "{dya} {month_name} {year}")]);
        let err = DateWords::from_strings(&bad).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].key, "date_format");
        assert_eq!(err[0].placeholder, "dya");
        assert!(err[0].fix().contains("{day}"), "{}", err[0].fix());
        let config = crate::model::config::parse(
            "title: T\nlanguages: [zh]\n",
            std::path::Path::new("site.yaml"),
        )
        .unwrap();
        let diags = SiteDateWords::new(&config, |lang| {
            if lang == "zh" {
                bad.clone()
            } else {
                BTreeMap::new()
            }
        })
        .unwrap_err();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].path, std::path::Path::new("i18n/zh.yaml"));
    }

    #[test]
    fn site_words_fall_back_to_the_main_language() {
        let config = crate::model::config::parse(
            "title: T\nlanguage: zh\n",
            std::path::Path::new("site.yaml"),
        )
        .unwrap();
        let words =
            SiteDateWords::new(&config, |_| strings(&[("date_format", "{year}/{month}")])).unwrap();
        assert_eq!(words.get("fr").date, "{year}/{month}");
    }

    #[test]
    fn fill_keeps_unknown_and_unclosed_braces() {
        let f = |n: &str| (n == "a").then(|| "A".to_string());
        assert_eq!(fill("{a}-{b}-{a", f), "A-{b}-{a");
    }
}
