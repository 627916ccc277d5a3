//! Reading dates from front matter and showing them in the site's time zone.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

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

/// A human date in the page's language, with the time when it is not midnight.
pub fn human(ts: Timestamp, tz: &TimeZone, lang: &str) -> String {
    let z = zoned(ts, tz);
    let midnight = z.hour() == 0 && z.minute() == 0;
    if lang.starts_with("zh") || lang.starts_with("ja") {
        let date = format!("{}年{}月{}日", z.year(), z.month(), z.day());
        if midnight {
            date
        } else {
            format!("{date} {}", z.strftime("%H:%M"))
        }
    } else if midnight {
        z.strftime("%-d %B %Y").to_string()
    } else {
        z.strftime("%-d %B %Y, %H:%M").to_string()
    }
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

    #[test]
    fn human_dates_follow_language() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let ts = parse("2026-03-04", &tz).unwrap();
        assert_eq!(human(ts, &tz, "en"), "4 March 2026");
        assert_eq!(human(ts, &tz, "zh"), "2026年3月4日");
        assert_eq!(iso(ts, &tz), "2026-03-04T00:00:00+08:00");
    }
}
