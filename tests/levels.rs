//! Warning levels (蓝色/黄色/橙色/红色预警) as readers see them: colour, word and icon on the
//! announcement's page, its cards (announcements, home, archive) and the urgent banner, in both
//! languages; orange and red in the banner without an explicit urgency; the banner's dismiss
//! script only where there is a banner, and what a dismissal is remembered by; and the theme's level colours passing WCAG AA.

mod common;

use common::{Page, SiteTest};
use safepress::model::color::{Rgb, parse_hex};
use std::collections::BTreeMap;

const LEVELS: [&str; 4] = ["blue", "yellow", "orange", "red"];

/// The word `level` shows in `lang` (`en` or `zh`).
fn word(lang: &str, level: &str) -> String {
    let zh = match level {
        "blue" => "蓝色",
        "yellow" => "黄色",
        "orange" => "橙色",
        _ => "红色",
    };
    match lang {
        "en" => format!("{}{} warning", level[..1].to_uppercase(), &level[1..]),
        _ => format!("{zh}预警"),
    }
}

/// An announcement at `level` with no `urgency` line, current or (`expired`) in the archive.
fn announcement(title: &str, level: &str, expired: bool) -> String {
    let (date, expires) = match expired {
        true => ("2026-08-0", "2026-09-01"),
        false => ("2026-11-2", "2027-03-01"),
    };
    let day = LEVELS.iter().position(|l| *l == level).unwrap_or(0) + 1;
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}{day}\nlevel: {level}\nexpires: {expires}\n---\nText.\n"
    )
}

/// The `basic` fixture with, per level, a current and an expired announcement in English and
/// Chinese (`level-<l>`, `old-<l>`), built at `NOW`.
fn site_with_levels() -> SiteTest {
    let site = SiteTest::fixture("basic");
    for level in LEVELS {
        for (name, expired) in [
            (format!("level-{level}"), false),
            (format!("old-{level}"), true),
        ] {
            let dir = "content/announcements";
            site.write(
                &format!("{dir}/{name}.md"),
                &announcement(&format!("{name} en"), level, expired),
            );
            site.write(
                &format!("{dir}/{name}.zh.md"),
                &announcement(&format!("{name} 中文"), level, expired),
            );
        }
    }
    site.build();
    site
}

/// The badge of `level` inside `scope` on `page`: its words and whether it has an icon.
fn badges(page: &Page, scope: &str, level: &str) -> Vec<(String, usize)> {
    let css = format!("{scope} .badge.level.level--{level}");
    let icons = page.count(&format!("{css} svg.icon[aria-hidden=\"true\"]"));
    page.texts(&css)
        .into_iter()
        .map(|text| (text, icons))
        .collect()
}

#[test]
fn every_level_shows_its_word_icon_and_class_on_page_cards_and_banner_in_both_languages() {
    let site = site_with_levels();
    // The fixture's main language is English, under `/`; Chinese is under `/zh/`.
    for (prefix, lang) in [("", "en"), ("zh/", "zh")] {
        let lists = [
            format!("{prefix}announcements/index.html"),
            format!("{prefix}index.html"),
        ];
        let archive = site.html(&format!("{prefix}announcements/archive/index.html"));
        let home = site.html(&format!("{prefix}index.html"));
        for level in LEVELS {
            let word = word(lang, level);
            let one = vec![(word.clone(), 1)];
            let page = site.html(&format!("{prefix}announcements/level-{level}/index.html"));
            assert_eq!(
                badges(
                    &page,
                    &format!("article.announcement.level--{level}"),
                    level
                ),
                one,
                "{prefix} page of {level}"
            );
            for list in &lists {
                let card = format!(".announcement-card.announcement-card--level.level--{level}");
                assert_eq!(
                    badges(&site.html(list), &card, level),
                    one,
                    "{list}: card of {level}"
                );
            }
            let card = format!(".announcement-card.level--{level}");
            assert_eq!(
                badges(&archive, &card, level),
                one,
                "{prefix} archive: card of {level}"
            );
            // Orange and red are urgent by their level: in the banner, with their badge.
            let banner = badges(
                &home,
                &format!(".urgent-banner__item.level--{level}"),
                level,
            );
            match level {
                "orange" | "red" => assert_eq!(banner, one, "{prefix} banner: {level}"),
                _ => assert_eq!(banner, vec![], "{prefix} banner: {level}"),
            }
        }
    }
}

#[test]
fn orange_and_red_without_urgency_are_in_the_banner_blue_and_yellow_are_not() {
    let site = site_with_levels();
    for (prefix, lang) in [("", "en"), ("zh/", "中文")] {
        let home = site.html(&format!("{prefix}index.html"));
        // Newest first; the fixture's own urgent gas warning stays, expired ones never show.
        assert_eq!(
            home.texts(".urgent-banner__link"),
            [
                "Heating season gas warning".to_string(),
                format!("level-red {lang}"),
                format!("level-orange {lang}"),
            ],
            "{prefix}index.html"
        );
        let cards = site.html(&format!("{prefix}announcements/index.html"));
        for level in ["blue", "yellow"] {
            assert_eq!(
                cards.count(&format!(".announcement-card--warning.level--{level}")),
                1,
                "{level} is a warning"
            );
        }
    }
}

#[test]
fn a_level_says_its_word_once_and_an_urgent_lower_level_says_both() {
    let site = site_with_levels();
    site.write(
        "content/announcements/level-blue.md",
        "---\ntitle: \"Urgent blue\"\ndate: 2026-11-21\nlevel: blue\nurgency: urgent\n---\nText.\n",
    );
    site.build();
    let red = site.html("announcements/level-red/index.html");
    assert_eq!(
        red.count(".article-header .badge"),
        1,
        "red: level badge only"
    );
    let blue = site.html("announcements/level-blue/index.html");
    assert_eq!(
        blue.texts(".article-header .badge"),
        ["Blue warning", "Urgent"],
        "an urgent blue warning is both"
    );
    assert!(
        site.html("index.html")
            .texts(".urgent-banner__link")
            .contains(&"Urgent blue".into())
    );
}

#[test]
fn the_dismiss_script_loads_only_with_a_banner_and_keys_each_item_by_link_and_dates() {
    let site = SiteTest::fixture("basic");
    site.build();
    let home = site.html("index.html");
    assert_eq!(
        home.attrs("script[src=\"/js/banner.js\"][defer]", "src")
            .len(),
        1,
        "a page with a banner loads the script, deferred"
    );
    assert!(site.exists("js/banner.js"));
    // No button in the HTML: the script adds it, so without JavaScript there is none.
    assert_eq!(home.count(".urgent-banner button"), 0);
    let keys = home.attrs(".urgent-banner__item", "data-dismiss-key");
    assert_eq!(
        keys,
        ["/announcements/gas-warning/ 2026-11-25T08:00:00+08:00"]
    );

    // A new date or a raised level is a new item to dismiss.
    let gas = site.read_source("content/announcements/gas-warning.md");
    site.write(
        "content/announcements/gas-warning.md",
        &gas.replace("2026-11-25T08:00", "2026-11-28T09:30")
            .replace("urgency: urgent", "level: red"),
    );
    site.build();
    assert_eq!(
        site.html("index.html")
            .attrs(".urgent-banner__item", "data-dismiss-key"),
        ["/announcements/gas-warning/ 2026-11-28T09:30:00+08:00 red"]
    );

    // No urgent announcement: no banner and no script.
    site.write(
        "content/announcements/gas-warning.md",
        &gas.replace("urgency: urgent", "urgency: info"),
    );
    site.build();
    let home = site.html("index.html");
    assert_eq!(home.count(".urgent-banner"), 0);
    assert_eq!(home.count("script[src$=\"banner.js\"]"), 0);
}

/// The theme's custom properties (`--name: #hex;`) from `style.css`, later ones winning.
fn css_tokens() -> BTreeMap<String, Rgb> {
    let css = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/static/css/style.css"),
    )
    .unwrap();
    // Comments out first: they hold colons and semicolons of their own.
    let mut plain = String::new();
    let mut rest = css.as_str();
    while let Some((before, after)) = rest.split_once("/*") {
        plain.push_str(before);
        rest = after.split_once("*/").map_or("", |(_, after)| after);
    }
    plain.push_str(rest);
    let mut tokens = BTreeMap::new();
    for declaration in plain.split([';', '{', '}']) {
        let Some((name, value)) = declaration.trim().split_once(':') else {
            continue;
        };
        if let (Some(name), Some(rgb)) = (name.trim().strip_prefix("--"), parse_hex(value.trim())) {
            tokens.insert(name.to_string(), rgb);
        }
    }
    tokens
}

#[test]
fn level_colours_in_the_theme_pass_wcag_aa() {
    let tokens = css_tokens();
    let token = |name: &str| {
        *tokens
            .get(name)
            .unwrap_or_else(|| panic!("style.css has no colour --{name}"))
    };
    let mut failures = Vec::new();
    let mut check = |what: String, a: Rgb, b: Rgb, least: f64| {
        let ratio = a.contrast(b);
        if ratio < least {
            failures.push(format!("{what}: {ratio:.2}:1 < {least}:1"));
        }
    };
    for level in LEVELS {
        let (colour, text, line) = (
            token(&format!("level-{level}")),
            token(&format!("level-{level}-text")),
            token(&format!("level-{level}-line")),
        );
        // The word and the icon are drawn in the text colour on the level's colour.
        check(format!("{level}: text on its colour"), text, colour, 4.5);
        // Borders and card stripes on the page's surfaces (cards, archive cards).
        for surface in ["c-bg", "c-bg-alt"] {
            check(
                format!("{level}: line on --{surface}"),
                line,
                token(surface),
                3.0,
            );
        }
    }
    // In the red banner every badge is outlined in --level-on-banner.
    check(
        "badge outline in the banner".into(),
        token("level-on-banner"),
        token("c-urgent"),
        3.0,
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_sample_site_has_every_level_in_both_languages_and_a_short_banner() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_sample_site(&public);
    let html = |rel: &str| {
        Page(scraper::Html::parse_document(
            &std::fs::read_to_string(public.join(rel)).unwrap(),
        ))
    };
    // The sample's main language is Chinese, under `/`; English is under `/en/`.
    for (prefix, lang) in [("", "zh"), ("en/", "en")] {
        let mut shown: Vec<String> = Vec::new();
        for list in [
            "announcements/index.html",
            "announcements/archive/index.html",
        ] {
            let page = html(&format!("{prefix}{list}"));
            for level in LEVELS {
                shown.extend(page.texts(&format!(".announcement-card .badge.level--{level}")));
            }
        }
        let mut words: Vec<String> = LEVELS.iter().map(|l| word(lang, l)).collect();
        shown.sort();
        words.sort();
        assert_eq!(
            shown, words,
            "{prefix}: one card per level, each with its word"
        );
        // At the sample's clock the banner holds a red warning and the urgent gas notice.
        let home = html(&format!("{prefix}index.html"));
        assert_eq!(home.count(".urgent-banner__item"), 2, "{prefix}index.html");
        assert_eq!(home.count(".urgent-banner__item.level--red"), 1);
    }
}
