//! End-to-end builds of the `basic` fixture site, asserting on parsed output.

mod common;

use common::{SiteTest, broken_links};

fn built() -> SiteTest {
    let t = SiteTest::fixture("basic");
    t.build();
    t
}

#[test]
fn every_lesson_page_has_title_body_and_category_link() {
    let t = built();
    for (path, title, category) in [
        (
            "lessons/fire/extinguisher/index.html",
            "Using a fire extinguisher",
            "/lessons/fire/",
        ),
        (
            "lessons/fire/escape-plan/index.html",
            "Your home escape plan",
            "/lessons/fire/",
        ),
        (
            "lessons/fire/candles/index.html",
            "Candles and incense",
            "/lessons/fire/",
        ),
        (
            "lessons/traffic/crossing/index.html",
            "Crossing the road",
            "/lessons/traffic/",
        ),
    ] {
        let page = t.html(path);
        assert_eq!(page.text("main h1"), title, "{path}");
        assert!(!page.text("main .prose").is_empty(), "{path} has a body");
        let crumbs = page.attrs("nav.breadcrumbs a", "href");
        assert!(crumbs.iter().any(|h| h == category), "{path}: {crumbs:?}");
        assert_eq!(
            page.texts("title")[0],
            format!("{title} · Test City Safety")
        );
    }
    let lesson = t.html("lessons/fire/extinguisher/index.html");
    assert!(
        lesson
            .text("main .prose")
            .contains("An extinguisher buys you time")
    );
    assert_eq!(lesson.count("main .prose table"), 1);
    assert_eq!(lesson.attrs("main .prose h2", "id"), ["types"]);
    assert_eq!(
        lesson.text("aside.callout-warning .callout-title"),
        "Warning"
    );
    assert_eq!(
        lesson.attrs("aside.callout-warning", "aria-label"),
        ["Warning"]
    );
    assert!(
        lesson
            .text(".key-points")
            .contains("Aim at the base of the fire.")
    );
    assert!(lesson.text(".quiz").contains("At the base of the fire"));
    assert_eq!(
        lesson.attrs("main time", "datetime")[0],
        "2026-03-01T00:00:00+08:00"
    );
}

#[test]
fn category_pages_list_lessons_in_order_and_paginate() {
    let t = built();
    // paginate: 2 — weighted lesson first, then newest first.
    let first = t.html("lessons/fire/index.html");
    assert_eq!(
        first.texts("main .card__title a"),
        ["Using a fire extinguisher", "Candles and incense"]
    );
    // Page numbers, then "Next".
    assert_eq!(
        first.attrs("nav.paginator a", "href"),
        [
            "/lessons/fire/",
            "/lessons/fire/page/2/",
            "/lessons/fire/page/2/"
        ]
    );
    assert_eq!(
        first.attrs("nav.paginator a[rel=next]", "href"),
        ["/lessons/fire/page/2/"]
    );
    assert_eq!(
        first.attrs("nav.paginator a[aria-current=page]", "href"),
        ["/lessons/fire/"]
    );
    let second = t.html("lessons/fire/page/2/index.html");
    assert_eq!(
        second.texts("main .card__title a"),
        ["Your home escape plan"]
    );
    // "Previous", then page numbers.
    assert_eq!(
        second.attrs("nav.paginator a", "href"),
        ["/lessons/fire/", "/lessons/fire/", "/lessons/fire/page/2/"]
    );
    assert_eq!(
        second.attrs("nav.paginator a[rel=prev]", "href"),
        ["/lessons/fire/"]
    );
    assert_eq!(
        second.attrs("nav.paginator a[aria-current=page]", "href"),
        ["/lessons/fire/page/2/"]
    );
    assert_eq!(
        t.html("lessons/traffic/index.html").count("nav.paginator"),
        0,
        "one page needs no paginator"
    );
    assert!(!t.exists("lessons/fire/page/3/index.html"));
    assert!(!t.exists("lessons/traffic/page/2/index.html"));
    let index = t.html("lessons/index.html");
    let listed = index.texts("main .card__title a");
    assert_eq!(listed.len(), 4, "{listed:?}");
}

#[test]
fn tags_and_audience_pages_list_their_lessons() {
    let t = built();
    // `home` and `Home` are one tag.
    // Tag pages paginate like categories (paginate: 2).
    let home = t.html("tags/home/index.html");
    let mut titles = home.texts("main .card__title a");
    assert_eq!(titles.len(), 2);
    assert_eq!(
        home.text("main .meta"),
        "3 lessons",
        "the count covers all pages"
    );
    assert_eq!(
        home.attrs("nav.paginator a", "href"),
        ["/tags/home/", "/tags/home/page/2/", "/tags/home/page/2/"]
    );
    let second = t.html("tags/home/page/2/index.html");
    assert_eq!(
        second.attrs("nav.paginator a", "href"),
        ["/tags/home/", "/tags/home/", "/tags/home/page/2/"]
    );
    assert!(!t.exists("tags/home/page/3/index.html"));
    titles.extend(second.texts("main .card__title a"));
    titles.sort();
    assert_eq!(
        titles,
        [
            "Candles and incense",
            "Using a fire extinguisher",
            "Your home escape plan"
        ]
    );
    let children = t.html("tags/children/index.html");
    assert_eq!(children.texts("main .card__title a").len(), 2);
    assert_eq!(children.count("nav.paginator"), 0);
    let tags = t.html("tags/index.html");
    let hrefs = tags.attrs("main a", "href");
    for tag in ["/tags/children/", "/tags/equipment/", "/tags/home/"] {
        assert!(hrefs.iter().any(|h| h == tag), "{tag} in {hrefs:?}");
    }
    let students = t.html("audience/students/index.html");
    assert_eq!(students.texts("main .card__title a"), ["Crossing the road"]);
    let lesson = t.html("lessons/fire/extinguisher/index.html");
    assert_eq!(
        lesson.attrs(".lesson-taxonomy a[href^='/audience/']", "href"),
        ["/audience/residents/", "/audience/workers/"]
    );
}

#[test]
fn lifecycle_hides_scheduled_archives_expired_and_banners_urgent() {
    let t = built();
    assert!(
        !t.exists("announcements/drill/index.html"),
        "scheduled is not built"
    );
    assert!(
        t.exists("announcements/typhoon/index.html"),
        "expired is still reachable"
    );
    let current = t.html("announcements/index.html");
    assert_eq!(
        current.texts("main .card__title a"),
        ["Heating season gas warning", "Icy roads"]
    );
    let archive = t.html("announcements/archive/index.html");
    assert_eq!(
        archive.texts("main .card__title a"),
        ["Typhoon Mara approaching"]
    );
    // Every page but a lesson's print poster: a sheet that hangs in a stairwell for weeks
    // must not carry a warning of today (its lesson, one link away, does).
    let pages = t.files().into_iter().filter(|f| f.ends_with(".html"));
    for file in pages.filter(|f| !f.ends_with("/poster/index.html")) {
        let page = t.html(&file);
        assert_eq!(
            page.texts(".urgent-banner a"),
            ["Heating season gas warning"],
            "banner on {file}"
        );
    }
    let sitemap = t.read("sitemap.xml");
    assert!(!sitemap.contains("/announcements/drill/"));
}

#[test]
fn banner_leaves_after_expiry_and_scheduled_appears_when_due() {
    let t = SiteTest::fixture("basic");
    let run = t.run_at("2027-03-16");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = t.html("index.html");
    assert_eq!(home.count(".urgent-banner"), 0);
    assert!(t.exists("announcements/drill/index.html"));
    let archive = t.html("announcements/archive/index.html");
    let titles = archive.texts("main .card__title a");
    assert!(
        titles.contains(&"Heating season gas warning".to_string()),
        "{titles:?}"
    );
}

#[test]
fn build_announces_the_next_lifecycle_change() {
    let t = SiteTest::fixture("basic");
    let run = t.run(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "rebuild at 2027-01-10 09:00 +08:00: 'Citywide evacuation drill' is published"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn internal_links_resolve_to_urls_and_anchors() {
    let t = built();
    let lesson = t.html("lessons/fire/extinguisher/index.html");
    let hrefs = lesson.attrs("main .prose a", "href");
    assert!(
        hrefs.contains(&"/lessons/fire/escape-plan/#meeting-point".to_string()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"/hotlines/".to_string()), "{hrefs:?}");
    assert_eq!(
        lesson.attrs("main .prose img", "src"),
        ["/lessons/fire/diagram.svg"]
    );
    assert!(
        t.exists("lessons/fire/diagram.svg"),
        "colocated asset copied"
    );
}

#[test]
fn translations_live_under_their_language_and_link_each_other() {
    let t = built();
    let zh = t.html("zh/lessons/fire/extinguisher/index.html");
    assert_eq!(zh.text("main h1"), "使用灭火器");
    assert_eq!(zh.attrs("html", "lang"), ["zh"]);
    assert_eq!(
        zh.attrs("main time", "datetime")[0],
        "2026-03-01T00:00:00+08:00"
    );
    let en = t.html("lessons/fire/extinguisher/index.html");
    let alternates = en.attrs("link[rel=alternate][hreflang]", "href");
    assert!(
        alternates
            .iter()
            .any(|h| h.ends_with("/zh/lessons/fire/extinguisher/")),
        "{alternates:?}"
    );
    // Translations are not listed twice in the main-language lists.
    assert_eq!(
        t.html("lessons/index.html")
            .texts("main .card__title a")
            .len(),
        4
    );
}

#[test]
fn raw_script_from_content_is_stripped() {
    let t = built();
    let page = t.html("lessons/fire/candles/index.html");
    assert_eq!(page.count("main script"), 0);
    assert_eq!(page.count("main [onclick]"), 0);
    assert_eq!(
        page.texts("main .prose span"),
        ["hi"],
        "the element stays, only its handler goes"
    );
}

#[test]
fn raw_html_is_kept_when_allowed() {
    let t = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(t.root.join("site.yaml")).unwrap();
    t.write(
        "site.yaml",
        &format!("{config}markdown:\n  allow_html: true\n"),
    );
    t.build();
    assert_eq!(
        t.html("lessons/fire/candles/index.html")
            .count("main script"),
        1
    );
}

#[test]
fn drafts_are_built_only_when_asked() {
    let t = built();
    assert!(!t.exists("lessons/fire/smoke-alarms/index.html"));
    t.build_with(&["--drafts"]);
    assert!(t.exists("lessons/fire/smoke-alarms/index.html"));
}

#[test]
fn feeds_and_sitemap_are_valid_xml_with_absolute_links() {
    let t = built();
    let feed = t.read("feed.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed.xml is XML");
    let atom = "http://www.w3.org/2005/Atom";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(atom));
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((atom, "entry")))
        .collect();
    let titles: Vec<&str> = entries
        .iter()
        .filter_map(|e| {
            e.children()
                .find(|c| c.has_tag_name((atom, "title")))
                .and_then(|c| c.text())
        })
        .collect();
    assert_eq!(titles[0], "Heating season gas warning");
    assert!(titles.contains(&"Using a fire extinguisher"));
    assert!(
        !titles.contains(&"Typhoon Mara approaching"),
        "expired not in feed"
    );
    assert!(
        !titles.contains(&"Citywide evacuation drill"),
        "scheduled not in feed"
    );
    for e in &entries {
        let link = e
            .children()
            .find(|c| c.has_tag_name((atom, "link")))
            .unwrap();
        assert!(
            link.attribute("href")
                .unwrap()
                .starts_with("https://safety.test/")
        );
    }
    let ann = t.read("announcements/feed.xml");
    let doc = roxmltree::Document::parse(&ann).expect("announcements feed is XML");
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name((atom, "entry")))
            .count(),
        2
    );

    let sitemap = t.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap is XML");
    let sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((sm, "loc")))
        .filter_map(|n| n.text())
        .collect();
    for url in [
        "https://safety.test/",
        "https://safety.test/lessons/fire/extinguisher/",
        "https://safety.test/lessons/fire/page/2/",
        "https://safety.test/zh/lessons/fire/extinguisher/",
        "https://safety.test/tags/home/",
        "https://safety.test/hotlines/",
    ] {
        assert!(locs.contains(&url), "{url} in sitemap");
    }
    assert!(
        t.read("robots.txt")
            .contains("Sitemap: https://safety.test/sitemap.xml")
    );
}

#[test]
fn base_url_flag_overrides_config() {
    let t = SiteTest::fixture("basic");
    t.build_with(&["--base-url", "https://staging.example/"]);
    assert!(
        t.read("sitemap.xml")
            .contains("<loc>https://staging.example/lessons/</loc>")
    );
}

#[test]
fn special_pages_exist() {
    let t = built();
    let not_found = t.html("404.html");
    assert_eq!(not_found.count("main h1"), 1);
    let home = t.html("index.html");
    assert_eq!(
        home.attrs("footer a[href^='tel:']", "href"),
        ["tel:119", "tel:120"],
        "hotlines in footer"
    );
    let nav = home.attrs("header nav a", "href");
    assert!(
        nav.contains(&"/hotlines/".to_string()) && nav.contains(&"/about/".to_string()),
        "{nav:?}"
    );
    assert!(t.exists("css/style.css"));
    assert!(t.exists("favicon.svg"));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = built();
    let first: Vec<(String, Vec<u8>)> = a
        .files()
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(a.out(&f)).unwrap()))
        .collect();
    a.build();
    let second: Vec<(String, Vec<u8>)> = a
        .files()
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(a.out(&f)).unwrap()))
        .collect();
    assert_eq!(first.len(), second.len());
    for (x, y) in first.iter().zip(&second) {
        assert_eq!(x, y, "{} differs", x.0);
    }
}

#[test]
fn site_templates_override_theme_templates() {
    let t = SiteTest::fixture("basic");
    t.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Custom lost page</h1>{% endblock content %}",
    );
    t.build();
    assert_eq!(t.html("404.html").text("main h1"), "Custom lost page");
    // Other pages still use the theme.
    assert_eq!(t.html("index.html").count(".urgent-banner"), 1);
}

#[test]
fn site_static_files_are_copied_and_override_theme_ones() {
    let t = SiteTest::fixture("basic");
    t.write(
        "static/favicon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    t.write("static/docs/leaflet.txt", "leaflet");
    t.build();
    assert_eq!(
        t.read("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    assert_eq!(t.read("docs/leaflet.txt"), "leaflet");
}

#[test]
fn no_local_link_or_fragment_is_broken() {
    let t = built();
    let broken = broken_links(&t.root.join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn a_full_build_keeps_unchanged_files_as_they_were() {
    let t = built();
    let mtime = |rel: &str| std::fs::metadata(t.out(rel)).unwrap().modified().unwrap();
    let before = (
        mtime("lessons/traffic/crossing/index.html"),
        mtime("css/style.css"),
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    t.write(
        "content/lessons/fire/candles.md",
        "---\ntitle: Candles and incense\ndate: 2026-07-20\ntags: [Home]\n---\nNever leave a flame alone.\n\nChanged.\n",
    );
    t.build();
    assert_eq!(
        (
            mtime("lessons/traffic/crossing/index.html"),
            mtime("css/style.css")
        ),
        before,
        "unchanged outputs are not rewritten, so deploy tools see only real changes"
    );
    assert!(
        t.read("lessons/fire/candles/index.html")
            .contains("Changed.")
    );
    assert!(mtime("lessons/fire/candles/index.html") > before.0);
}

#[test]
fn no_page_renders_its_paginator_twice() {
    let t = SiteTest::fixture("basic");
    // Two more fire lessons for home owners: every kind of list gets a second page.
    for (slug, date) in [("ladders", "2026-06-01"), ("balconies", "2026-06-02")] {
        t.write(
            &format!("content/lessons/fire/{slug}.md"),
            &format!(
                "---\ntitle: {slug}\ndate: {date}\ntags: [home]\naudience: [residents]\n---\nBody.\n"
            ),
        );
    }
    t.build();
    for first in [
        "lessons/fire/index.html",
        "tags/home/index.html",
        "audience/residents/index.html",
    ] {
        assert_eq!(t.html(first).count("nav.paginator"), 1, "{first}");
    }
    let pages: Vec<String> = t
        .files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 20, "{pages:?}");
    for file in &pages {
        let n = t.html(file).count("nav.paginator");
        assert!(n <= 1, "{file} has {n} paginators");
    }
}

#[test]
fn feeds_stay_valid_xml_with_control_characters_in_site_texts() {
    let site = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    let config = config
        .replace(
            "description: \"Fixture site for safepress tests\"",
            "description: \"Fixture \\x02 site\"",
        )
        .replace("name: Fire protection", "name: \"Fire \\x03 protection\"");
    assert!(config.contains("\\x02") && config.contains("\\x03"));
    site.write("site.yaml", &config);
    site.write(
        "content/lessons/fire/bell.md",
        "---\ntitle: \"Bell \\x01 test\"\ndate: 2026-11-01\n---\nRing \u{FFFF}it.\n",
    );
    site.build();
    for feed in ["feed.xml", "announcements/feed.xml"] {
        let text = site.read(feed);
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{feed} is not well-formed XML: {e}"));
        let subtitle = doc
            .descendants()
            .find(|n| n.has_tag_name("subtitle"))
            .and_then(|n| n.text());
        assert_eq!(subtitle, Some("Fixture  site"), "{feed}");
    }
    let feed = site.read("feed.xml");
    assert!(feed.contains("Bell  test") && feed.contains("label=\"Fire  protection\""));
}

#[test]
fn a_first_build_fills_the_output_folder_it_finds_in_place() {
    use std::os::unix::fs::MetadataExt;
    let t = SiteTest::fixture("basic");
    let public = t.root.join("public");
    // What `rm -rf public/*` leaves of an earlier build: its hidden marker, and here also a
    // folder with no file in it.
    std::fs::create_dir_all(public.join("lessons/fire/gone")).unwrap();
    std::fs::write(public.join(".safepress-output"), "").unwrap();
    let inode = std::fs::metadata(&public).unwrap().ino();
    t.build();
    assert_eq!(
        std::fs::metadata(&public).unwrap().ino(),
        inode,
        "the output folder stays the same folder (a server may hold it open)"
    );
    assert!(!public.join("lessons/fire/gone").exists());
    assert!(common::entries(&t.root, "staging").is_empty());
    // The same bytes as a build over an output that holds files, which stages only changes.
    let over = SiteTest::fixture("basic");
    let stale = over.root.join("public/lessons/fire/old-lesson/index.html");
    std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
    std::fs::write(&stale, "stale").unwrap();
    std::fs::write(over.root.join("public/.safepress-output"), "").unwrap();
    over.build();
    assert!(!stale.exists());
    assert_eq!(t.files(), over.files());
    for file in t.files() {
        assert_eq!(
            std::fs::read(t.out(&file)).unwrap(),
            std::fs::read(over.out(&file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn a_first_build_that_fails_while_rendering_leaves_no_output() {
    let t = SiteTest::fixture("basic");
    // Parses, but fails when a lesson renders: an undefined variable.
    t.write(
        "templates/lesson.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_thing.at_all }}{% endblock content %}",
    );
    let run = t.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("templates/lesson.html"),
        "{}",
        run.stderr
    );
    let left = common::entries(&t.root, "public");
    assert!(left.is_empty(), "no output and no staging folder: {left:?}");
}
