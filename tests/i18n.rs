//! Every word a reader sees is in the page's language: UI strings come from the theme's
//! `i18n/<lang>.yaml` only, dates and counts are written the language's way, and a regional
//! language tag finds its primary language's strings. (Broken strings files are in
//! `errors.rs`; a broken edit during watch mode in `rebuild.rs`.)

mod common;

use common::{Page, SiteTest};
use scraper::{ElementRef, Node};

/// Words of two or more ASCII letters in `text`.
fn ascii_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .map(str::to_string)
        .collect()
}

/// Whether an element's `lang` marks it as another language than `lang`.
fn other_language(e: &ElementRef, lang: &str) -> bool {
    e.value()
        .attr("lang")
        .is_some_and(|l| !l.to_ascii_lowercase().starts_with(lang))
}

/// Everything a reader (or a screen reader) gets of `el` in language `lang`: its text and its
/// `aria-label`, `title`, `alt` and `placeholder` attributes, leaving out elements marked as
/// another language, scripts and styles.
fn readable(el: ElementRef, lang: &str, out: &mut Vec<String>) {
    // `translate="no"`: not words of a language (a web address printed on a poster).
    let untranslated = el.value().attr("translate") == Some("no");
    if other_language(&el, lang) || untranslated || matches!(el.value().name(), "script" | "style")
    {
        return;
    }
    for attr in ["aria-label", "title", "alt", "placeholder"] {
        out.extend(el.value().attr(attr).map(str::to_string));
    }
    if el.value().name() == "noscript" {
        // Parsed as raw text (scripting is on): read it as the HTML a reader without
        // JavaScript gets.
        let inner = scraper::Html::parse_fragment(&el.text().collect::<String>());
        readable(inner.root_element(), lang, out);
        return;
    }
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push(t.to_string()),
            Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(child) {
                    readable(e, lang, out);
                }
            }
            _ => {}
        }
    }
}

/// The page's `<html lang>`.
fn page_lang(page: &Page) -> String {
    page.attrs("html", "lang")
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// The readable text of every page of language `lang` (by `<html lang>`), by file.
fn readable_pages(t: &SiteTest, lang: &str) -> Vec<(String, Vec<String>)> {
    t.files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .filter_map(|file| {
            let page = t.html(&file);
            if !page_lang(&page).starts_with(lang) {
                return None;
            }
            let mut texts = Vec::new();
            readable(page.0.root_element(), lang, &mut texts);
            Some((file, texts))
        })
        .collect()
}

/// Whether `text` has a Chinese character.
fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn chinese_pages_hold_no_english_words() {
    let t = SiteTest::fixture("zh_first");
    t.build();
    let pages = readable_pages(&t, "zh");
    for (file, texts) in &pages {
        // The one name Chinese writes in Latin letters here: JavaScript (search needs it).
        let words: Vec<String> = texts
            .iter()
            .flat_map(|t| ascii_words(t))
            .filter(|w| w != "JavaScript")
            .collect();
        assert!(words.is_empty(), "{file}: English words {words:?}");
    }
    // The chrome in all its forms: callouts and task lists, dates with and without a time,
    // pagination, counts, the 404 page and expired announcements.
    for must in [
        "lessons/fire/extinguisher/index.html",
        "lessons/fire/page/2/index.html",
        "tags/家庭/page/2/index.html",
        "announcements/archive/index.html",
        "announcements/drill/index.html",
        "404.html",
        "index.html",
    ] {
        assert!(pages.iter().any(|(f, _)| f == must), "{must} not checked");
    }
    let lesson = t.html("lessons/fire/extinguisher/index.html");
    assert_eq!(
        lesson.texts("main .prose .callout-title"),
        ["说明", "提示", "重要", "警告", "当心"]
    );
    assert_eq!(
        lesson.attrs("main .prose input[type=checkbox]", "aria-label"),
        ["已完成", "未完成"]
    );
    // The only English is the name of the other language, in itself and marked as English.
    assert_eq!(lesson.texts(".lang-switch a[lang=en]"), ["English"]);
}

#[test]
fn english_pages_hold_no_chinese_outside_what_is_marked_chinese() {
    let t = SiteTest::fixture("zh_first");
    t.build();
    let pages = readable_pages(&t, "en");
    for (file, texts) in &pages {
        let han: Vec<&String> = texts.iter().filter(|t| has_han(t)).collect();
        assert!(han.is_empty(), "{file}: Chinese {han:?}");
    }
    for must in [
        "en/lessons/fire/extinguisher/index.html",
        "en/lessons/fire/page/2/index.html",
        "en/announcements/archive/index.html",
        "en/404.html",
        "en/index.html",
    ] {
        assert!(pages.iter().any(|(f, _)| f == must), "{must} not checked");
    }
    let page = t.html("en/lessons/fire/extinguisher/index.html");
    assert_eq!(page.texts("main .prose .callout-title"), ["Warning"]);
    assert_eq!(
        page.attrs("main .prose input[type=checkbox]", "aria-label"),
        ["Done"]
    );
    assert_eq!(page.texts(".lang-switch a[lang=zh]"), ["中文"]);
    // The drill exists only in Chinese: listed, marked as Chinese, and said so in English.
    let archive = t.html("en/announcements/archive/index.html");
    assert_eq!(
        archive.texts(".card__fallback"),
        ["Not available in English"]
    );
    // The Chinese texts are marked; the card and its English note are not.
    assert_eq!(archive.count("main article[lang]"), 0);
    assert_eq!(archive.count("main .card__title a[lang=zh]"), 1);
    assert_eq!(archive.count("main [lang=zh] .card__fallback"), 0);
}

#[test]
fn dates_are_written_the_language_s_way_with_one_machine_date() {
    let t = SiteTest::fixture("zh_first");
    // Written in UTC: shown, and machine-dated, in the site's zone.
    t.write(
        "content/lessons/fire/night.md",
        "---\ntitle: \"夜间用火\"\ndate: 2026-06-16T00:00:00Z\n---\n睡前熄灭明火。\n",
    );
    t.build();
    let cases = [
        (
            "lessons/fire/extinguisher/index.html",
            "2026年6月16日 08:00",
            "2026-06-16T08:00:00+08:00",
        ),
        (
            "en/lessons/fire/extinguisher/index.html",
            "16 June 2026, 08:00",
            "2026-06-16T08:00:00+08:00",
        ),
        (
            "lessons/fire/smoke-alarms/index.html",
            "2026年6月15日",
            "2026-06-15T00:00:00+08:00",
        ),
        (
            "en/lessons/fire/smoke-alarms/index.html",
            "15 June 2026",
            "2026-06-15T00:00:00+08:00",
        ),
        (
            "lessons/fire/night/index.html",
            "2026年6月16日 08:00",
            "2026-06-16T08:00:00+08:00",
        ),
    ];
    for (file, shown, machine) in cases {
        let page = t.html(file);
        assert_eq!(page.text("main .article-header time"), shown, "{file}");
        assert_eq!(
            page.attrs("main .article-header time", "datetime"),
            [machine],
            "{file}"
        );
    }
    // Cards on lists use the same words; announcements too.
    let home = t.html("index.html");
    assert!(
        home.texts(".lesson-card time")
            .contains(&"2026年6月15日".to_string()),
        "{:?}",
        home.texts(".lesson-card time")
    );
    let notice = t.html("announcements/typhoon/index.html");
    assert_eq!(
        notice.texts("main .article-header time, main .meta time"),
        ["2026年9月16日 18:30", "2026年12月20日"]
    );
}

#[test]
fn counts_and_page_numbers_use_the_language_s_words() {
    let t = SiteTest::fixture("zh_first");
    t.build();
    let category = t.html("lessons/fire/page/2/index.html");
    assert_eq!(category.text("main .meta"), "2篇课程 · 第2页，共2页");
    assert_eq!(category.text(".paginator__status"), "第2页，共2页");
    assert_eq!(
        category.attrs(".paginator__list a[aria-current]", "aria-label"),
        ["第2页"]
    );
    // Chinese has one form for every number.
    assert_eq!(t.html("tags/器材/index.html").text("main .meta"), "1篇课程");
    let lesson = t.html("lessons/fire/extinguisher/index.html");
    assert_eq!(
        lesson.texts(".meta .meta__item:last-child"),
        ["阅读约1分钟"]
    );
    assert_eq!(lesson.texts(".quiz__number"), ["第1题"]);
    let en = t.html("en/lessons/fire/page/2/index.html");
    assert_eq!(en.text("main .meta"), "2 lessons · Page 2 of 2");
    assert_eq!(
        en.attrs(".paginator__list a[aria-current]", "aria-label"),
        ["Page 2"]
    );

    // English: one lesson, two lessons.
    let en = SiteTest::fixture("basic");
    en.build();
    assert_eq!(
        en.html("tags/equipment/index.html").text("main .meta"),
        "1 lesson"
    );
    let home = en.html("tags/home/index.html");
    let meta = home.text("main .meta");
    assert!(
        meta.ends_with(" lessons") && !meta.starts_with("1 "),
        "{meta}"
    );
    assert!(
        en.html("lessons/fire/extinguisher/index.html")
            .texts(".meta__item")
            .iter()
            .any(|m| m.ends_with(" min read")),
    );
}

#[test]
fn a_regional_language_tag_reads_its_own_file_then_the_primary_one() {
    let t = SiteTest::fixture("zh_first");
    let yaml = std::fs::read_to_string(t.root.join("site.yaml")).unwrap();
    t.write(
        "site.yaml",
        &yaml
            .replace("language: zh\n", "language: zh-CN\n")
            .replace("{zh: ", "{zh-CN: "),
    );
    // Only the keys that differ: the rest comes from zh.yaml.
    t.write("themes/default/i18n/zh-CN.yaml", "home: \"网站首页\"\n");
    t.build();
    let page = t.html("lessons/fire/extinguisher/index.html");
    assert_eq!(page_lang(&page), "zh-CN");
    assert_eq!(page.texts(".site-nav li:first-child a"), ["网站首页"]);
    assert_eq!(page.text(".skip-link"), "跳到正文");
    assert_eq!(
        page.text("main .article-header time"),
        "2026年6月16日 08:00"
    );
}
