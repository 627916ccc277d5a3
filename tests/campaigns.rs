//! Campaigns: `campaigns:` in site.yaml, `campaigns: [...]` in front matter, the campaigns
//! index and pages per language, the home page's feature of a running campaign at the
//! build's clock, the sitemap, and the errors that name site.yaml or the content file.

mod common;
mod session;

use common::{NOW, Page, SiteTest};
use safepress::{Change, rebuild};
use session::Session;

/// Three campaigns around `NOW` (2026-11-29): one running, one ended, one upcoming. Flow
/// style, one line each, so tests can replace a campaign by its line.
const CAMPAIGNS: &str = "campaigns:
  - {id: winter-fire-2026, name: {en: \"Winter fire prevention\", zh: \"冬季防火\"}, description: {en: \"Fires peak in winter.\", zh: \"冬季火灾多发。\"}, start: 2026-11-01, end: 2027-02-28, color: \"#b3261e\", hashtag: \"#WinterFire\"}
  - {id: safety-month-2026, name: {en: \"Safety Month\", zh: \"安全生产月\"}, start: 2026-06-01, end: 2026-06-30}
  - {id: spring-2027, name: {en: \"Spring checks\", zh: \"春季检查\"}, start: 2027-03-01, end: 2027-03-31}
";

/// Adds `line` to the front matter of the fixture file `rel`.
fn join(site: &SiteTest, rel: &str, line: &str) {
    let text = site.read_source(rel);
    let rest = text.strip_prefix("---\n").expect("front matter");
    site.write(rel, &format!("---\n{line}\n{rest}"));
}

/// The `basic` fixture with [`CAMPAIGNS`] and members: two lessons and an urgent
/// announcement in the winter campaign, a lesson and an expired announcement in the ended one.
fn site() -> SiteTest {
    let site = SiteTest::fixture("basic");
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{config}{CAMPAIGNS}"));
    let winter = "campaigns: [winter-fire-2026]";
    join(&site, "content/lessons/fire/extinguisher.md", winter);
    join(&site, "content/lessons/fire/extinguisher.zh.md", winter);
    join(&site, "content/lessons/fire/candles.md", winter);
    join(&site, "content/announcements/gas-warning.md", winter);
    let month = "campaigns: [safety-month-2026, safety-month-2026]";
    join(&site, "content/lessons/traffic/crossing.md", month);
    join(&site, "content/announcements/typhoon.md", month);
    site
}

/// Titles of the cards in `css`.
fn titles(page: &Page, css: &str) -> Vec<String> {
    page.texts(&format!("{css} .card__title"))
}

#[test]
fn the_index_sorts_campaigns_by_their_status_at_the_clock() {
    let t = site();
    t.build();
    let index = t.html("campaigns/index.html");
    assert_eq!(index.text("h1"), "Campaigns");
    assert_eq!(
        titles(&index, "#campaigns-running + ul"),
        ["Winter fire prevention"]
    );
    assert_eq!(
        titles(&index, "#campaigns-upcoming + ul"),
        ["Spring checks"]
    );
    assert_eq!(titles(&index, "#campaigns-ended + ul"), ["Safety Month"]);
    // Each with its first and last day, the status in words and the hashtag as text.
    let winter = ".campaign-card--running";
    assert_eq!(
        index.attrs(&format!("{winter} .campaign__dates time"), "datetime"),
        ["2026-11-01", "2027-02-28"]
    );
    assert_eq!(
        index.text(&format!("{winter} .campaign__dates")),
        "1 November 2026 to 28 February 2027"
    );
    assert_eq!(index.text(&format!("{winter} .campaign-status")), "Running");
    assert_eq!(
        index.text(&format!("{winter} .campaign__hashtag")),
        "#WinterFire"
    );
    assert_eq!(
        index.attrs(winter, "style"),
        ["--accent: #b3261e"],
        "the colour is the card's accent"
    );
    assert_eq!(
        index.texts(&format!("{winter} .meta__item")),
        ["2 lessons", "1 announcement"]
    );
    assert_eq!(
        index.attrs(&format!("{winter} .card__title a"), "href"),
        ["/campaigns/winter-fire-2026/"]
    );
    // The other language: its own words and links, and the same listing as an alternate.
    let zh = t.html("zh/campaigns/index.html");
    assert_eq!(titles(&zh, "#campaigns-running + ul"), ["冬季防火"]);
    assert_eq!(
        zh.attrs("#campaigns-running + ul .card__title a", "href"),
        ["/zh/campaigns/winter-fire-2026/"]
    );
    assert_eq!(
        index.attrs("link[rel=alternate][hreflang=zh]", "href"),
        ["https://safety.test/zh/campaigns/"]
    );
}

#[test]
fn a_campaign_page_lists_its_lessons_and_announcements_with_the_expired_apart() {
    let t = site();
    t.build();
    let winter = t.html("campaigns/winter-fire-2026/index.html");
    assert_eq!(winter.text("h1"), "Winter fire prevention");
    assert_eq!(
        winter.text(".campaign-header .lead"),
        "Fires peak in winter."
    );
    assert_eq!(
        winter.texts(".breadcrumbs a"),
        ["Home", "Campaigns"],
        "a crumb back to the index"
    );
    assert_eq!(
        titles(&winter, "#campaign-lessons ~ ul"),
        ["Candles and incense", "Using a fire extinguisher"]
    );
    assert_eq!(
        titles(&winter, "#campaign-announcements ~ ul"),
        ["Heating season gas warning"]
    );
    assert_eq!(winter.count("#campaign-expired"), 0);

    let month = t.html("campaigns/safety-month-2026/index.html");
    assert_eq!(month.text(".campaign-status"), "Ended");
    assert_eq!(
        titles(&month, "#campaign-lessons ~ ul"),
        ["Crossing the road"]
    );
    assert_eq!(
        month.text("#campaign-announcements ~ .empty"),
        "This campaign has no current announcements."
    );
    assert_eq!(
        titles(&month, "#campaign-expired ~ ul"),
        ["Typhoon Mara approaching"],
        "an expired announcement is shown under its own heading"
    );
    assert_eq!(month.text("#campaign-expired"), "Expired announcements");

    // In Chinese: the translated lesson in Chinese, the others as marked fallbacks.
    let zh = t.html("zh/campaigns/winter-fire-2026/index.html");
    assert_eq!(zh.text("h1"), "冬季防火");
    let cards = titles(&zh, "#campaign-lessons ~ ul");
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert!(
        cards.contains(&"Candles and incense".to_string())
            && cards.contains(&"使用灭火器".to_string()),
        "{cards:?}"
    );
    assert_eq!(zh.count("#campaign-lessons ~ ul .card__fallback"), 1);
}

#[test]
fn the_home_page_features_a_campaign_only_while_it_runs() {
    let t = site();
    let feature = |now: &str| {
        let run = t.run_at(now);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let home = t.html("index.html");
        let index = t.html("campaigns/index.html");
        let running = titles(&index, "#campaigns-running + ul");
        let upcoming = titles(&index, "#campaigns-upcoming + ul");
        let ended = titles(&index, "#campaigns-ended + ul");
        (home.texts(".campaign-feature h2"), running, upcoming, ended)
    };
    let winter = || vec!["Winter fire prevention".to_string()];
    let (shown, running, upcoming, _) = feature("2026-10-31T23:59:59+08:00");
    assert!(shown.is_empty() && running.is_empty(), "before: {shown:?}");
    assert_eq!(upcoming[0], winter()[0]);

    let (shown, running, _, _) = feature("2026-11-01");
    assert_eq!(
        (shown, running),
        (winter(), winter()),
        "from its first moment"
    );
    // The end date counts whole: to the end of that day in the site's time zone.
    let (shown, _, _, _) = feature("2027-02-28T23:59:59+08:00");
    assert_eq!(shown, winter(), "through its last day");
    let (shown, running, upcoming, ended) = feature("2027-03-01T00:00:00+08:00");
    assert_eq!(shown, ["Spring checks"], "the next campaign instead");
    assert_eq!(running, ["Spring checks"]);
    assert!(upcoming.is_empty());
    assert_eq!(
        ended,
        ["Winter fire prevention", "Safety Month"],
        "latest ended first"
    );
    // Still reachable after it ended, from the index and at its address.
    assert!(t.exists("campaigns/winter-fire-2026/index.html"));
}

#[test]
fn the_feature_shows_dates_description_newest_items_and_a_link() {
    let t = site();
    t.build();
    let home = t.html("index.html");
    assert_eq!(home.count(".campaign-feature"), 1);
    assert_eq!(
        home.text(".campaign-feature .campaign__dates"),
        "1 November 2026 to 28 February 2027"
    );
    assert_eq!(
        home.text(".campaign-feature__description"),
        "Fires peak in winter."
    );
    // Newest first, each with its kind in words and its date.
    assert_eq!(
        home.texts(".campaign-item .campaign-item__link"),
        [
            "Heating season gas warning",
            "Candles and incense",
            "Using a fire extinguisher"
        ]
    );
    assert_eq!(
        home.texts(".campaign-item__kind"),
        ["Announcement", "Lesson", "Lesson"]
    );
    assert_eq!(home.count(".campaign-item time[datetime]"), 3);
    assert_eq!(
        home.attrs(".campaign-feature .more-link a", "href"),
        ["/campaigns/winter-fire-2026/"]
    );
    // The index is linked from every page's footer.
    for page in ["index.html", "lessons/index.html", "zh/index.html"] {
        let footer = t.html(page).attrs(".site-footer__nav a", "href");
        assert!(
            footer.iter().any(|h| h.ends_with("campaigns/")),
            "{page}: {footer:?}"
        );
    }
}

#[test]
fn expired_announcements_are_not_featured_on_the_home_page() {
    let t = site();
    join(
        &t,
        "content/announcements/icy-roads.md",
        "campaigns: [winter-fire-2026]",
    );
    t.run_at("2027-02-28T12:00:00+08:00");
    let home = t.html("index.html");
    let items = home.texts(".campaign-item .campaign-item__link");
    assert!(!items.contains(&"Icy roads".to_string()), "{items:?}");
    let page = t.html("campaigns/winter-fire-2026/index.html");
    assert_eq!(titles(&page, "#campaign-expired ~ ul"), ["Icy roads"]);
}

#[test]
fn campaign_pages_are_in_the_sitemap_with_their_languages() {
    let t = site();
    t.build();
    let text = t.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap is XML");
    let url = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .find(|u| {
            u.children().any(|c| {
                c.has_tag_name("loc")
                    && c.text() == Some("https://safety.test/campaigns/winter-fire-2026/")
            })
        })
        .expect("the campaign page is listed");
    let alternates: Vec<(&str, &str)> = url
        .children()
        .filter(|c| c.has_tag_name("link"))
        .map(|c| {
            (
                c.attribute("hreflang").unwrap(),
                c.attribute("href").unwrap(),
            )
        })
        .collect();
    assert!(alternates.contains(&("zh", "https://safety.test/zh/campaigns/winter-fire-2026/")));
    assert!(alternates.contains(&(
        "x-default",
        "https://safety.test/campaigns/winter-fire-2026/"
    )));
    assert!(text.contains("<loc>https://safety.test/zh/campaigns/</loc>"));
}

#[test]
fn a_site_without_campaigns_has_no_campaign_pages_or_link() {
    let t = SiteTest::fixture("basic");
    t.build();
    assert!(!t.files().iter().any(|f| f.contains("campaigns")));
    let home = t.html("index.html");
    assert_eq!(home.count(".campaign-feature"), 0);
    assert!(!home.source().contains("/campaigns/"));
}

#[test]
fn site_yaml_campaign_errors_name_the_line_and_the_fix() {
    let t = SiteTest::fixture("basic");
    let config = t.read_source("site.yaml");
    let first = config.lines().count() + 2;
    let bad = "campaigns:
  - id: Winter Fire
    name: {en: Winter, zh: 冬季}
    start: 2026-11-01
    end: 2026-10-01
    color: \"#ffcc00\"
  - {id: month, name: {en: Month}, start: 2026-06-01, end: 2026-06-30, hashtag: }
  - {id: month, name: M, start: 2026-06-31, end: 2026-07-01, color: \"#0b5cab\"}
";
    t.write("site.yaml", &format!("{config}{bad}"));
    let run = t.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let at = |line: usize, what: &str| {
        let needle = format!("site.yaml:{line}:");
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(&needle) && l.contains(what)),
            "no `{what}` at line {line}:\n{}",
            run.stderr
        );
    };
    at(first, "campaign id `Winter Fire` cannot be part of a URL");
    at(
        first + 3,
        "campaign `Winter Fire` ends (`2026-10-01`) before it starts (`2026-11-01`)",
    );
    at(first + 4, "contrast of 1.51:1 against white");
    at(first + 5, "campaign `month`: `name` has no `zh` value");
    at(first + 5, "campaign `month` has an empty hashtag");
    at(first + 6, "campaign `month` is listed twice");
    at(first + 6, "`start`: `2026-06-31` is not a date");
    for fix in [
        "use lowercase letters, digits and single dashes",
        "set `end` to the campaign's last day",
        "choose a darker colour",
        "add `zh: …`",
        "put the hashtag in quotes",
    ] {
        assert!(run.stderr.contains(fix), "no fix `{fix}`:\n{}", run.stderr);
    }
}

#[test]
fn an_unknown_campaign_key_is_reported_at_its_line() {
    let t = SiteTest::fixture("basic");
    let config = t.read_source("site.yaml");
    let line = config.lines().count() + 3;
    t.write(
        "site.yaml",
        &format!("{config}campaigns:\n  - id: a\n    colour: \"#b3261e\"\n    name: A\n    start: 2026-01-01\n    end: 2026-01-02\n"),
    );
    let run = t.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("site.yaml:{line}:"))
            && run
                .stderr
                .contains("there is no field `colour` (did you mean `color`?)"),
        "{}",
        run.stderr
    );
}

#[test]
fn joining_an_unknown_campaign_names_the_file_line_and_a_suggestion() {
    let t = site();
    t.write(
        "content/lessons/fire/smoke-alarms.md",
        "---\ntitle: Smoke alarms\ndate: 2026-03-01\ncampaigns:\n  - winter-fire-2026\n  - winter-fires-2026\n---\nTest them.\n",
    );
    t.write(
        "content/announcements/drill.md",
        "---\ntitle: Drill\ndate: 2026-11-01\ncampaigns: [spring]\n---\nSoon.\n",
    );
    let run = t.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(
        "content/lessons/fire/smoke-alarms.md:6:1: `winter-fires-2026` is not a campaign in site.yaml (did you mean `winter-fire-2026`?)"
    ), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/announcements/drill.md:4:1: `spring` is not a campaign in site.yaml"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("use one of: winter-fire-2026, safety-month-2026, spring-2027"),
        "{}",
        run.stderr
    );
}

#[test]
fn rebuilds_across_a_campaign_start_and_end_match_full_builds() {
    let site = site();
    let mut s = Session::from_site(site);
    for now in [
        "2027-02-28T23:00:00+08:00",
        "2027-03-01T00:00:00+08:00",
        "2027-04-01T00:00:00+08:00",
        NOW,
    ] {
        s.state.opts.now = Some(now.to_string());
        rebuild(&mut s.state, &[Change::Clock]).expect("rebuild");
        s.assert_matches_full_build(now);
    }
    // Joining and leaving: the lists, the counts and the home feature follow.
    let rel = "content/lessons/fire/escape-plan.md";
    let text = s.site.read_source(rel);
    let joined = text.replacen("---\n", "---\ncampaigns: [winter-fire-2026]\n", 1);
    s.write(rel, &joined);
    assert_eq!(
        s.site.html("index.html").texts(".campaign-item__link"),
        [
            "Heating season gas warning",
            "Candles and incense",
            "Your home escape plan",
            "Using a fire extinguisher"
        ]
    );
    s.write(rel, &text);
    assert_eq!(s.site.html("index.html").count(".campaign-item"), 3);
    // Editing the campaign in site.yaml: a new name everywhere.
    let config = s.site.read_source("site.yaml");
    s.write(
        "site.yaml",
        &config.replace("Winter fire prevention", "Winter fire safety"),
    );
    assert_eq!(
        s.site.html("index.html").text(".campaign-feature h2"),
        "Winter fire safety"
    );
}

#[test]
fn a_one_day_campaign_shows_its_one_date() {
    // 119 消防日 and 全国防灾减灾日 are single days: "9 November 2026", not "9 November 2026
    // to 9 November 2026".
    let t = SiteTest::fixture("basic");
    let config = t.read_source("site.yaml");
    t.write(
        "site.yaml",
        &format!(
            "{config}campaigns:\n  - {{id: fire-day-2026, name: {{en: \"Fire Day\", zh: \"消防日\"}}, start: 2026-11-09, end: 2026-11-09}}\n"
        ),
    );
    t.build();
    let en = t.html("campaigns/fire-day-2026/index.html");
    assert_eq!(en.text(".campaign__dates"), "On 9 November 2026");
    assert_eq!(
        en.attrs(".campaign__dates time", "datetime"),
        ["2026-11-09"]
    );
    let zh = t.html("zh/campaigns/fire-day-2026/index.html");
    assert_eq!(zh.text(".campaign__dates"), "活动日期：2026年11月9日");
}
