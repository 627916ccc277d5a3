//! A site in several languages: every listing exists per language, holds that language's pages
//! plus marked fallbacks, feeds hold only their language, `hreflang` pairs are reciprocal in
//! pages and in the sitemap, links follow the reader's language, and `site.yaml` texts are
//! given per language or refused with the missing language named.

mod common;
mod session;

use common::{Page, SiteTest, files_under};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const ORIGIN: &str = "https://safety.test";

/// The output file an absolute URL of a site published at `base` is written to.
fn file_at(url: &str, base: &str) -> String {
    let path = url.strip_prefix(base).expect("a same-site URL");
    common::file_of(path.trim_start_matches('/'))
}

/// The output file an absolute URL of the fixture site is written to.
fn file_of(url: &str) -> String {
    file_at(url, ORIGIN)
}

/// `hreflang` → href of a page's `<link rel="alternate" hreflang>` elements.
fn alternates(page: &Page) -> BTreeMap<String, String> {
    let sel = scraper::Selector::parse("link[rel=alternate][hreflang]").unwrap();
    page.0
        .select(&sel)
        .map(|e| {
            let attr = |a| e.value().attr(a).unwrap().to_string();
            (attr("hreflang"), attr("href"))
        })
        .collect()
}

fn html_lang(page: &Page) -> String {
    page.attrs("html", "lang").concat()
}

/// Checks that every page of the output `public` (a site published at `base`) with
/// alternates lists itself in its `<html lang>` and that each alternate lists it back; returns
/// how many pairs it checked.
fn reciprocal_pairs(public: &Path, base: &str) -> usize {
    let read = |rel: &str| {
        Page(scraper::Html::parse_document(
            &std::fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")),
        ))
    };
    let mut pairs = 0;
    for rel in files_under(public) {
        if !rel.ends_with(".html") {
            continue;
        }
        let page = read(&rel);
        let alts = alternates(&page);
        if alts.is_empty() {
            continue;
        }
        let lang = html_lang(&page);
        let canonical = page.attrs("link[rel=canonical]", "href").concat();
        assert_eq!(
            alts.get(&lang),
            Some(&canonical),
            "{rel}: the alternates include the page itself, in its <html lang>"
        );
        assert_eq!(
            file_at(&canonical, base),
            rel,
            "{rel}: its canonical URL names it"
        );
        for (other_lang, href) in &alts {
            if *other_lang == lang {
                continue;
            }
            let other = read(&file_at(href, base));
            assert_eq!(&html_lang(&other), other_lang, "{rel} → {href}");
            assert_eq!(
                alternates(&other).get(&lang),
                Some(&canonical),
                "{href} must point back to {rel}"
            );
            pairs += 1;
        }
    }
    pairs
}

#[test]
fn hreflang_pairs_are_reciprocal_on_every_page() {
    let site = SiteTest::fixture("basic");
    site.build();
    let pairs = reciprocal_pairs(&site.root.join("public"), ORIGIN);
    // Listings in both languages and the translated lesson.
    assert!(pairs >= 14, "only {pairs} pairs");
}

#[test]
fn hreflang_pairs_are_reciprocal_with_chinese_names_under_a_sub_path() {
    let site = SiteTest::fixture("cjk");
    let base = "https://x.example/safety/";
    site.build_with(&["--base-url", base]);
    let pairs = reciprocal_pairs(&site.root.join("public"), base);
    assert!(pairs >= 10, "only {pairs} pairs");
}

#[test]
fn hreflang_pairs_are_reciprocal_on_the_sample_site() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_sample_site(&public);
    let pairs = reciprocal_pairs(&public, "https://safety.riverside.example");
    // 36 lessons, announcements and pages and 12 listings, each pair seen from both sides.
    assert!(pairs >= 2 * (36 + 12), "only {pairs} pairs");
}

#[test]
fn listings_show_every_lesson_in_each_language_and_mark_fallbacks() {
    let site = SiteTest::fixture("basic");
    site.build();
    let en = site.html("lessons/fire/index.html");
    let zh = site.html("zh/lessons/fire/index.html");
    assert_eq!(html_lang(&zh), "zh");
    // The category shows the same number of lessons in both languages (paginate: 2).
    let titles = |p: &Page| p.texts("main .card__title a");
    assert_eq!(titles(&en).len(), titles(&zh).len());
    assert_eq!(en.count("main .card__fallback"), 0, "English is complete");
    // In Chinese, the translated lesson is itself; the others are English, marked. Their
    // English texts carry `lang="en"`; the reader's own words around them (reading time,
    // the note) do not.
    let fallbacks = zh.count("main .card__fallback");
    assert!(fallbacks >= 1);
    assert_eq!(
        zh.count("main article[lang]"),
        0,
        "the card itself is in the reader's language"
    );
    assert_eq!(
        zh.count("main .card__title a[lang=en][hreflang=en]"),
        fallbacks
    );
    assert_eq!(zh.count("main .card__meta time[lang=en]"), fallbacks);
    assert_eq!(
        zh.count("main [lang=en] .card__fallback, main .card__fallback[lang]"),
        0
    );
    assert_eq!(
        zh.count("main [lang=en] .meta__item, main .meta__item[lang]"),
        0
    );
    for note in zh.texts("main .card__fallback") {
        assert_eq!(note, "暂无中文版");
    }
    let all_zh: Vec<String> = (1..=3)
        .filter_map(|n| {
            let rel = match n {
                1 => "zh/lessons/fire/index.html".to_string(),
                n => format!("zh/lessons/fire/page/{n}/index.html"),
            };
            site.exists(&rel).then(|| site.html(&rel))
        })
        .flat_map(|p| p.attrs("main .card__title a", "href"))
        .collect();
    assert!(
        all_zh.contains(&"/zh/lessons/fire/extinguisher/".to_string()),
        "the Chinese listing links the Chinese version: {all_zh:?}"
    );
    assert!(
        all_zh.contains(&"/lessons/fire/candles/".to_string()),
        "a lesson without a Chinese version links the English one: {all_zh:?}"
    );
    // Navigation stays in the reader's language.
    let nav = zh.attrs("header a", "href");
    assert!(nav.contains(&"/zh/lessons/".to_string()), "{nav:?}");
    assert!(!nav.contains(&"/lessons/".to_string()), "{nav:?}");
    // The 404 page exists per language, in that language.
    assert_eq!(html_lang(&site.html("zh/404.html")), "zh");
    assert_eq!(html_lang(&site.html("404.html")), "en");
}

#[test]
fn feeds_hold_only_their_language() {
    let site = SiteTest::fixture("basic");
    // A lesson and an announcement only in Chinese: fallbacks in English lists, never in the
    // English feeds.
    site.write(
        "content/lessons/fire/only-zh.zh.md",
        "---\ntitle: 只有中文\ndate: 2026-11-20\n---\n正文。\n",
    );
    site.write(
        "content/announcements/only-zh.zh.md",
        "---\ntitle: 中文公告\ndate: 2026-11-21\nexpires: 2027-06-01\n---\n正文。\n",
    );
    site.build();
    assert!(
        site.read("lessons/fire/index.html")
            .contains("/zh/lessons/fire/only-zh/"),
        "the English list shows the Chinese-only lesson"
    );
    for (feed, zh) in [
        ("feed.xml", false),
        ("zh/feed.xml", true),
        ("announcements/feed.xml", false),
        ("zh/announcements/feed.xml", true),
    ] {
        let text = site.read(feed);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let links: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .flat_map(|e| e.children().filter(|c| c.has_tag_name("link")))
            .filter_map(|l| l.attribute("href"))
            .collect();
        for link in &links {
            assert_eq!(
                link.starts_with(&format!("{ORIGIN}/zh/")),
                zh,
                "{feed} holds {link}"
            );
        }
        if feed == "zh/feed.xml" {
            assert_eq!(
                links,
                [
                    format!("{ORIGIN}/zh/announcements/only-zh/"),
                    format!("{ORIGIN}/zh/lessons/fire/only-zh/"),
                    format!("{ORIGIN}/zh/lessons/fire/extinguisher/"),
                ],
                "{feed}"
            );
        }
        assert!(
            !links.is_empty() || feed.contains("announcements"),
            "{feed}"
        );
        let root = doc.root_element();
        assert!(
            !zh || root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")) == Some("zh"),
            "{feed} says its language"
        );
    }
}

#[test]
fn sitemap_lists_every_version_with_reciprocal_hreflang_and_x_default() {
    let site = SiteTest::fixture("basic");
    site.build();
    let text = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let xhtml = "http://www.w3.org/1999/xhtml";
    let mut versions: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url
            .children()
            .find(|c| c.has_tag_name("loc"))
            .and_then(|l| l.text())
            .unwrap()
            .to_string();
        assert!(
            site.exists(&file_of(&loc)),
            "{loc} is in the sitemap but not in the output"
        );
        let alts: BTreeMap<String, String> = url
            .children()
            .filter(|c| c.has_tag_name((xhtml, "link")))
            .map(|l| {
                assert_eq!(l.attribute("rel"), Some("alternate"));
                let lang = l.attribute("hreflang").unwrap().to_string();
                (lang, l.attribute("href").unwrap().to_string())
            })
            .collect();
        versions.insert(loc, alts);
    }
    let home = &versions[&format!("{ORIGIN}/")];
    assert_eq!(home.get("zh"), Some(&format!("{ORIGIN}/zh/")));
    assert_eq!(home.get("x-default"), Some(&format!("{ORIGIN}/")));
    let lesson = &versions[&format!("{ORIGIN}/zh/lessons/fire/extinguisher/")];
    assert_eq!(
        lesson.get("en"),
        Some(&format!("{ORIGIN}/lessons/fire/extinguisher/"))
    );
    let mut with_alternates = 0;
    for (loc, alts) in &versions {
        if alts.is_empty() {
            continue;
        }
        with_alternates += 1;
        assert!(alts.values().any(|h| h == loc), "{loc} lists itself");
        assert!(alts.contains_key("x-default"), "{loc} has x-default");
        for (lang, href) in alts.iter().filter(|(l, _)| *l != "x-default") {
            let back = versions
                .get(href)
                .unwrap_or_else(|| panic!("{href} ({lang}) of {loc} is not in the sitemap"));
            assert_eq!(back, alts, "{href} lists the same versions as {loc}");
        }
    }
    assert!(with_alternates >= 14, "{with_alternates}");
    // Tag pages are words of one language: no alternates.
    let tags: BTreeSet<&String> = versions
        .iter()
        .filter(|(loc, alts)| {
            loc.contains("/tags/") && !loc.ends_with("/tags/") && !alts.is_empty()
        })
        .map(|(loc, _)| loc)
        .collect();
    assert!(tags.is_empty(), "{tags:?}");
}

#[test]
fn links_follow_the_readers_language() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/lessons/fire/smoke-alarms.zh.md",
        "---\ntitle: 烟雾报警器\ndate: 2026-05-01\n---\n见[灭火器](@/lessons/fire/extinguisher.md)和[蜡烛](@/lessons/fire/candles.md)，\
         或读[英文原文](@/lessons/fire/extinguisher.en.md#types)。\n",
    );
    site.write(
        "content/lessons/traffic/crossing.md",
        "---\ntitle: Crossing\ndate: 2026-05-02\n---\nSee [the Chinese version](@/lessons/fire/extinguisher.zh.md) and [the lesson](@/lessons/fire/extinguisher.md).\n",
    );
    site.build();
    let zh = site.html("zh/lessons/fire/smoke-alarms/index.html");
    let links = zh.attrs("main .prose a, main article a", "href");
    assert!(
        links.contains(&"/zh/lessons/fire/extinguisher/".to_string()),
        "a link to a lesson with a Chinese version goes to it: {links:?}"
    );
    assert!(
        links.contains(&"/lessons/fire/candles/".to_string()),
        "a link to a lesson without one goes to the English: {links:?}"
    );
    assert!(
        links.contains(&"/lessons/fire/extinguisher/#types".to_string()),
        "`@/x.en.md` names the main (English) file itself: {links:?}"
    );
    let en = site.html("lessons/traffic/crossing/index.html");
    let links = en.attrs("main a", "href");
    assert!(
        links.contains(&"/zh/lessons/fire/extinguisher/".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"/lessons/fire/extinguisher/".to_string()),
        "{links:?}"
    );
}

#[test]
fn a_missing_or_unknown_language_value_in_site_yaml_is_refused() {
    let site = SiteTest::fixture("basic");
    let config = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &config
            .replace(
                "title: \"Test City Safety\"",
                "title: {en: \"Test City Safety\"}",
            )
            .replace(
                "    name: Traffic safety",
                "    name: {en: Traffic safety, zh: 交通安全, fr: Sécurité routière}",
            ),
    );
    let run = site.run(&[]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("site.yaml:1:1: `title` has no `zh` value — add `zh: …`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "category `traffic`: `name` has a value for `fr`, which is not a site language — remove the `fr` value, or add `fr` to `languages`"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.root.join("public").exists(), "nothing was written");
}

#[test]
fn per_language_site_texts_reach_each_language() {
    let site = SiteTest::fixture("basic");
    let config = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &config
            .replace(
                "title: \"Test City Safety\"",
                "title: {en: \"Test City Safety\", zh: 测试市安全}",
            )
            .replace(
                "    name: Fire protection",
                "    name: {en: Fire protection, zh: 消防安全}",
            )
            .replace(
                "  - name: Fire and rescue",
                "  - name: {en: Fire and rescue, zh: 消防救援}",
            ),
    );
    site.build();
    let zh = site.html("zh/index.html");
    assert!(
        zh.text("title").contains("测试市安全"),
        "{}",
        zh.text("title")
    );
    assert!(zh.source().contains("消防安全"));
    assert!(zh.source().contains("消防救援"));
    let en = site.html("index.html");
    assert!(en.text("title").contains("Test City Safety"));
    assert!(!en.source().contains("消防安全"));
    let zh_feed = site.read("zh/feed.xml");
    assert!(zh_feed.contains("<title>测试市安全</title>"), "{zh_feed}");
}

#[test]
fn language_tags_follow_bcp_47() {
    let site = SiteTest::fixture("basic");
    let config = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &config
            .replace("language: en", "language: en-gb")
            .replace("languages: [zh]", "languages: [zh-cn]")
            .replace(
                "    name: Fire protection",
                "    name: {en: Fire protection, zh: 消防}",
            ),
    );
    site.remove("content/lessons/fire/extinguisher.zh.md");
    site.write(
        "content/lessons/fire/extinguisher.zh-CN.md",
        "---\ntitle: 灭火器\ndate: 2026-05-01\n---\n正文。\n",
    );
    site.build();
    let zh = site.html("zh-cn/lessons/fire/extinguisher/index.html");
    assert_eq!(html_lang(&zh), "zh-CN", "the tag in its usual spelling");
    assert_eq!(html_lang(&site.html("index.html")), "en-GB");
    assert_eq!(html_lang(&site.html("zh-cn/index.html")), "zh-CN");
    let alts = alternates(&zh);
    assert_eq!(
        alts.get("en-GB").map(String::as_str),
        Some("https://safety.test/lessons/fire/extinguisher/")
    );
    assert!(
        site.read("zh-cn/lessons/fire/index.html").contains("消防"),
        "`zh` serves `zh-CN` in site.yaml as in the UI strings"
    );
    // A suffix shaped like a tag the site does not have is refused, not published as a page.
    site.write(
        "content/lessons/fire/escape-plan.en-US.md",
        "---\ntitle: Escape\ndate: 2026-05-01\n---\nText.\n",
    );
    let run = site.run(&[]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains(
            "escape-plan.en-US.md: `.en-US.md` marks a translation, but `en-US` is not a site language"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_menu_page_in_another_language_is_marked_in_the_menu() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/pages/contact.zh.md",
        "---\ntitle: 联系我们\nmenu: 5\n---\n电话。\n",
    );
    site.build();
    let en = site.html("index.html");
    let marked = en.attrs(
        "header nav:not(.lang-switch) a[lang=zh][hreflang=zh]",
        "href",
    );
    assert_eq!(marked, ["/zh/contact/"]);
    assert_eq!(en.attrs("footer a[lang=zh]", "href"), ["/zh/contact/"]);
    let zh = site.html("zh/index.html");
    assert_eq!(
        zh.count("header nav:not(.lang-switch) a[href='/zh/contact/']:not([lang])"),
        1,
        "in Chinese it is the reader's language"
    );
    // The fixture's English-only pages are marked in the Chinese menu.
    assert_eq!(
        zh.attrs("header nav:not(.lang-switch) a[lang=en]", "href"),
        ["/hotlines/", "/about/"]
    );
}

#[test]
fn a_translation_renamed_away_leaves_a_page_in_one_language_listed_in_both() {
    let mut s = session::Session::new();
    s.rename(
        "content/lessons/fire/extinguisher.zh.md",
        "content/lessons/fire/only-zh.zh.md",
    );
    let public = s.state.opts.output.clone();
    let read = |rel: &str| {
        Page(scraper::Html::parse_document(
            &std::fs::read_to_string(public.join(rel)).unwrap(),
        ))
    };
    assert!(public.join("zh/lessons/fire/only-zh/index.html").is_file());
    assert!(
        !public
            .join("zh/lessons/fire/extinguisher/index.html")
            .exists()
    );
    // In English lists the Chinese-only lesson is a marked fallback.
    let hrefs: Vec<String> = [
        "lessons/fire/index.html",
        "lessons/fire/page/2/index.html",
        "lessons/fire/page/3/index.html",
    ]
    .iter()
    .filter(|rel| public.join(rel).is_file())
    .flat_map(|rel| read(rel).attrs("main .card__title a", "href"))
    .collect();
    assert!(
        hrefs.contains(&"/zh/lessons/fire/only-zh/".to_string()),
        "{hrefs:?}"
    );
}
