//! Settings that reach the default theme from outside its templates: date words from the
//! theme's i18n strings, category colours from `site.yaml`.

mod common;

use common::SiteTest;

/// A lesson dated 16 June 2026 at 08:00 in the `fire` category of the `basic` fixture.
const JUNE_LESSON: &str =
    "---\ntitle: \"Summer barbecues\"\ndate: 2026-06-16 08:00\n---\nKeep a bucket of water near.\n";

#[test]
fn theme_month_name_override_shows_on_lesson_pages() {
    let t = SiteTest::fixture("basic");
    t.write("content/lessons/fire/barbecue.md", JUNE_LESSON);
    t.write(
        "themes/default/i18n/en.yaml",
        "month_6: \"Midsummer\"\ndatetime_format: \"{date} at {time}\"\n",
    );
    t.build();
    let page = t.html("lessons/fire/barbecue/index.html");
    assert_eq!(page.text("main time"), "16 Midsummer 2026 at 08:00");
    assert_eq!(
        page.attrs("main time", "datetime")[0],
        "2026-06-16T08:00:00+08:00"
    );
    // The card on the lessons index uses the same words.
    let category = t.html("lessons/index.html");
    assert!(
        category
            .texts(".lesson-card time")
            .contains(&"16 Midsummer 2026 at 08:00".to_string()),
        "{:?}",
        category.texts(".lesson-card time")
    );
    // Chinese pages keep their own format.
    let zh = t.html("zh/lessons/fire/extinguisher/index.html");
    assert_eq!(zh.text("main time"), "2026年3月1日");
}

#[test]
fn default_date_words_are_unchanged() {
    let t = SiteTest::fixture("basic");
    t.write("content/lessons/fire/barbecue.md", JUNE_LESSON);
    t.build();
    let page = t.html("lessons/fire/barbecue/index.html");
    assert_eq!(page.text("main time"), "16 June 2026, 08:00");
    let en = t.html("lessons/fire/extinguisher/index.html");
    assert_eq!(en.text("main time"), "1 March 2026");
}

#[test]
fn unknown_date_placeholder_is_an_error_naming_the_key() {
    let t = SiteTest::fixture("basic");
    t.write(
        "themes/default/i18n/zh.yaml",
        "date_format: \"{year}年{mon}月{day}日\"\n",
    );
    let run = t.run(&[]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("i18n/zh.yaml") && run.stderr.contains("`date_format` uses `{mon}`"),
        "{}",
        run.stderr
    );
}

/// The `basic` fixture with `color` set on the `fire` category only.
fn with_fire_color(color: &str) -> SiteTest {
    let t = SiteTest::fixture("basic");
    let yaml = std::fs::read_to_string(t.root.join("site.yaml")).unwrap();
    let yaml = yaml.replace(
        "icon: flame\n",
        &format!("icon: flame\n    color: \"{color}\"\n"),
    );
    t.write("site.yaml", &yaml);
    t
}

#[test]
fn category_color_reaches_tile_header_cards_and_lesson() {
    let t = with_fire_color("#a63d00");
    t.build();
    let accent = "--accent: #a63d00";
    let home = t.html("index.html");
    assert_eq!(
        home.attrs(".category-tile[data-category=fire]", "style"),
        [accent]
    );
    assert_eq!(
        home.attrs(".category-tile[data-category=traffic]", "style"),
        Vec::<String>::new(),
        "a category without a colour keeps the theme's accent"
    );
    let category = t.html("lessons/fire/index.html");
    assert_eq!(category.attrs("header.category-header", "style"), [accent]);
    let cards = category.attrs(".lesson-card", "style");
    assert!(!cards.is_empty());
    assert!(cards.iter().all(|s| s == accent), "{cards:?}");
    let lesson = t.html("lessons/fire/extinguisher/index.html");
    assert_eq!(lesson.attrs("article.lesson", "style"), [accent]);
    assert_eq!(lesson.attrs("a.chip", "style"), [accent]);
    let groups = t.html("lessons/index.html");
    assert_eq!(
        groups.attrs(".lesson-group[data-category=fire]", "style"),
        [accent]
    );
}

#[test]
fn low_contrast_category_color_fails_the_build_with_its_line() {
    let t = with_fire_color("#ffcc00");
    let run = t.run(&[]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("site.yaml:13: ")
            && run.stderr.contains("contrast of 1.51:1 against white"),
        "{}",
        run.stderr
    );
}
