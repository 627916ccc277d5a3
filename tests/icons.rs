//! Category icons are inline SVG, never emoji: the default theme's set for the sample site's
//! seven categories, a site's own `static/icons/<name>.svg` over a theme's, and files or names
//! that cannot be used stop the build with the file and line.

mod common;

use common::{Page, SiteTest};

/// Whether `c` is drawn from an emoji font (or is the emoji variation selector).
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F)
}

/// An icon file drawing `d`.
fn icon(d: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path fill=\"currentColor\" d=\"{d}\"/></svg>\n"
    )
}

/// The `d` of every decorative category icon in the elements `css` selects.
fn icon_paths(page: &Page, css: &str) -> Vec<String> {
    let svg = format!("{css} svg.icon--category[aria-hidden=true][focusable=false] path");
    page.attrs(&svg, "d")
}

#[test]
fn every_sample_category_shows_an_inline_svg_icon_and_no_emoji() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_sample_site(&public);
    let read = |rel: &str| common::read_page(&public, rel);
    let categories = common::SAMPLE_CATEGORIES;
    let mut drawn = Vec::new();
    let mut home_cards = 0;
    for prefix in ["", "en/"] {
        let home = read(&format!("{prefix}index.html"));
        let lessons = read(&format!("{prefix}lessons/index.html"));
        for id in categories {
            let tile = icon_paths(&home, &format!(".category-tile[data-category={id}]"));
            assert_eq!(tile.len(), 1, "{prefix} home tile of {id}");
            let page = read(&format!("{prefix}lessons/{id}/index.html"));
            let header = icon_paths(&page, ".category-header__icon");
            assert_eq!(
                header, tile,
                "{prefix}{id}: the header shows the tile's icon"
            );
            let group = icon_paths(&lessons, &format!("#cat-{id} .lesson-group__icon"));
            assert_eq!(group, tile, "{prefix}lessons: group {id}");
            let cards = icon_paths(
                &home,
                &format!(".lesson-card[data-category={id}] .lesson-card__icon"),
            );
            assert!(
                cards.iter().all(|d| *d == tile[0]),
                "{prefix} home cards of {id}"
            );
            home_cards += cards.len();
            // The icon sits next to the category's name, which says what it is.
            let names = page.texts(".category-header h1");
            assert!(!names[0].is_empty(), "{prefix}{id}");
            if prefix.is_empty() {
                drawn.push(tile[0].clone());
            }
        }
        let lesson = read(&format!(
            "{prefix}lessons/construction/work-at-height/index.html"
        ));
        assert_eq!(
            icon_paths(&lesson, ".article-header .chip .chip__icon").len(),
            1,
            "{prefix}: the lesson's category chip"
        );
        for page in [&home, &lessons, &lesson] {
            let chrome = page.texts(".chip, .category-tile__name, .lesson-card__category, .lesson-group__head h2, .pill");
            let emoji: Vec<&String> = chrome.iter().filter(|t| t.chars().any(is_emoji)).collect();
            assert!(emoji.is_empty(), "{prefix}: emoji in {emoji:?}");
        }
    }
    assert!(
        home_cards >= 6,
        "the home pages' lesson cards have icons: {home_cards}"
    );
    drawn.sort();
    drawn.dedup();
    assert_eq!(
        drawn.len(),
        categories.len(),
        "each category has its own icon"
    );
}

#[test]
fn a_site_icon_wins_over_the_theme_folder_which_wins_over_the_default_theme() {
    let t = SiteTest::fixture("basic");
    let config = t.read_source("site.yaml");
    t.write(
        "site.yaml",
        &config.replace(
            "    description: Safe on the road.\n",
            "    description: Safe on the road.\n    icon: bike\n",
        ),
    );
    t.write("static/icons/bike.svg", &icon("M1 1h2v2z"));
    t.write("themes/default/static/icons/flame.svg", &icon("M2 2h3v3z"));
    t.build();
    let fire = t.html("lessons/fire/index.html");
    assert_eq!(icon_paths(&fire, ".category-header__icon"), ["M2 2h3v3z"]);
    let traffic = t.html("lessons/traffic/index.html");
    assert_eq!(
        icon_paths(&traffic, ".category-header__icon"),
        ["M1 1h2v2z"]
    );
    t.write("static/icons/flame.svg", &icon("M4 4h5v5z"));
    t.build();
    let fire = t.html("lessons/fire/index.html");
    assert_eq!(icon_paths(&fire, ".category-header__icon"), ["M4 4h5v5z"]);
    let home = t.html("index.html");
    assert_eq!(
        icon_paths(&home, ".category-tile[data-category=fire]"),
        ["M4 4h5v5z"]
    );
}

/// Builds the `basic` fixture after `edit`; returns the failure's standard error.
fn fails(edit: impl FnOnce(&SiteTest)) -> String {
    let t = SiteTest::fixture("basic");
    edit(&t);
    let run = t.run(&[]);
    assert_eq!(run.code, 1, "exit code; stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn a_hostile_svg_is_rejected_naming_the_file_and_line() {
    let cases = [
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <script>fetch('//evil.example')</script>\n</svg>\n",
            "static/icons/flame.svg:2:3: icon `flame` cannot be used: it has a `<script>`",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><path d=\"M0 0\"/></svg>\n",
            "static/icons/flame.svg:1:1: icon `flame` cannot be used: `onload` is an event handler",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<image xlink:href=\"https://evil.example/x.png\"/>\n</svg>\n",
            "static/icons/flame.svg:2:1: icon `flame` cannot be used: it has a `<image>` element",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><path fill=\"url(https://evil.example/p.svg#g)\" d=\"M0 0\"/></svg>\n",
            "refers to other content",
        ),
    ];
    for (svg, expected) in cases {
        let err = fails(|t| {
            t.write("static/icons/flame.svg", svg);
        });
        assert!(err.contains(expected), "{expected:?} in:\n{err}");
        assert!(err.contains("keep only shapes"), "{err}");
    }
}

#[test]
fn an_unknown_icon_names_the_site_yaml_line_and_the_icons_there_are() {
    let err = fails(|t| {
        let config = t.read_source("site.yaml");
        t.write("site.yaml", &config.replace("icon: flame", "icon: flam"));
    });
    assert!(
        err.contains(
            "site.yaml:12: category `fire`: there is no icon `flam` (did you mean `flame`?)"
        ),
        "{err}"
    );
    assert!(
        err.contains("use one of: city, factory, flame, flask, hard-hat, pill, traffic-light; or add static/icons/flam.svg"),
        "{err}"
    );
}

#[test]
fn an_emoji_icon_is_refused_with_the_names_to_use_instead() {
    let err = fails(|t| {
        let config = t.read_source("site.yaml");
        t.write(
            "site.yaml",
            &config.replace(
                "    icon: flame\n",
                "    color: \"#a63d00\"\n    icon: \"🔥\"\n",
            ),
        );
    });
    assert!(
        err.contains("site.yaml:13: category `fire`: `icon: 🔥` is not an icon name"),
        "{err}"
    );
    assert!(err.contains("empty boxes"), "{err}");
    assert!(err.contains("use one of: city, factory, flame,"), "{err}");
}
