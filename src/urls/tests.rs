//! Tests of routes, links and output files.

use super::*;

#[test]
fn routes_become_paths_links_and_files() {
    let u = Urls::new("https://www.city.gov.cn/safety/", "zh");
    let lesson = Route::Lesson {
        lang: "zh",
        category: "fire",
        slug: "灭火器",
    };
    assert_eq!(u.path(lesson), "lessons/fire/灭火器/");
    assert_eq!(
        u.href(lesson),
        "/safety/lessons/fire/%E7%81%AD%E7%81%AB%E5%99%A8/"
    );
    assert_eq!(
        u.permalink(lesson),
        "https://www.city.gov.cn/safety/lessons/fire/%E7%81%AD%E7%81%AB%E5%99%A8/"
    );
    assert_eq!(u.output_file(lesson), "lessons/fire/灭火器/index.html");
    let en_tag = Route::Tag {
        lang: "en",
        slug: "home",
        page: 2,
    };
    assert_eq!(u.href(en_tag), "/safety/en/tags/home/page/2/");
    assert_eq!(u.href(Route::Search { lang: "en" }), "/safety/en/search/");
    assert_eq!(u.href(Route::Search { lang: "zh" }), "/safety/search/");
    assert_eq!(u.output_file(Route::Home { lang: "zh" }), "index.html");
    assert_eq!(u.href(Route::Sitemap), "/safety/sitemap.xml");
    let poster = Route::Poster {
        lang: "en",
        category: "fire",
        slug: "灭火器",
    };
    assert_eq!(
        u.permalink(poster),
        "https://www.city.gov.cn/safety/en/lessons/fire/%E7%81%AD%E7%81%AB%E5%99%A8/poster/"
    );
    assert_eq!(u.base_url(), "https://www.city.gov.cn/safety");
}

#[test]
fn every_route_has_its_path() {
    let u = Urls::new("https://a.gov/", "zh");
    let (lang, slug) = ("zh-CN", "s");
    for (route, path) in [
        (Route::Home { lang }, "zh-cn/"),
        (Route::Home { lang: "zh" }, ""),
        (Route::Lessons { lang }, "zh-cn/lessons/"),
        (
            Route::Category {
                lang,
                id: "fire",
                page: 1,
            },
            "zh-cn/lessons/fire/",
        ),
        (
            Route::Category {
                lang,
                id: "fire",
                page: 3,
            },
            "zh-cn/lessons/fire/page/3/",
        ),
        (
            Route::Lesson {
                lang,
                category: "fire",
                slug,
            },
            "zh-cn/lessons/fire/s/",
        ),
        (Route::Announcements { lang }, "zh-cn/announcements/"),
        (Route::Archive { lang }, "zh-cn/announcements/archive/"),
        (Route::Announcement { lang, slug }, "zh-cn/announcements/s/"),
        (Route::Page { lang, slug }, "zh-cn/s/"),
        (Route::Tags { lang }, "zh-cn/tags/"),
        (
            Route::Tag {
                lang,
                slug,
                page: 1,
            },
            "zh-cn/tags/s/",
        ),
        (
            Route::Tag {
                lang,
                slug,
                page: 2,
            },
            "zh-cn/tags/s/page/2/",
        ),
        (
            Route::Audience {
                lang,
                slug,
                page: 1,
            },
            "zh-cn/audience/s/",
        ),
        (
            Route::Audience {
                lang,
                slug,
                page: 12,
            },
            "zh-cn/audience/s/page/12/",
        ),
        (Route::Search { lang }, "zh-cn/search/"),
        (Route::Feed { lang }, "zh-cn/feed.xml"),
        (
            Route::AnnouncementsFeed { lang },
            "zh-cn/announcements/feed.xml",
        ),
        (Route::NotFound { lang }, "zh-cn/404.html"),
        (Route::Sitemap, "sitemap.xml"),
        (Route::SitemapPart(7), "sitemap-7.xml"),
        (Route::Robots, "robots.txt"),
        (Route::File("/css/style.css"), "css/style.css"),
        (
            Route::Alert { lang, slug },
            "zh-cn/announcements/s/alert.xml",
        ),
        (Route::CapFeed, "announcements/cap.xml"),
        (Route::Campaigns { lang }, "zh-cn/campaigns/"),
        (Route::Campaign { lang, id: "c" }, "zh-cn/campaigns/c/"),
        (
            Route::Poster {
                lang,
                category: "fire",
                slug,
            },
            "zh-cn/lessons/fire/s/poster/",
        ),
    ] {
        assert_eq!(u.path(route), path, "{route:?}");
    }
}

#[test]
fn links_are_percent_encoded_as_rfc_3986_path_segments() {
    let u = Urls::new("https://a.gov/", "zh");
    let tag = Route::Tag {
        lang: "zh",
        slug: "消防",
        page: 2,
    };
    assert_eq!(u.href(tag), "/tags/%E6%B6%88%E9%98%B2/page/2/");
    // Sub-delims, `:` and `@` stay; spaces, `%`, `?`, `#` and quotes are encoded.
    let file = Route::File("docs/a+b (1);x=y:z@w~_.-!$&'*,/100% sure?#\"<>.pdf");
    assert_eq!(
        u.href(file),
        "/docs/a+b%20(1);x=y:z@w~_.-!$&'*,/100%25%20sure%3F%23%22%3C%3E.pdf"
    );
    assert_eq!(
        u.output_file(file),
        "docs/a+b (1);x=y:z@w~_.-!$&'*,/100% sure?#\"<>.pdf"
    );
    // A base path is a URL already: its escapes stay, its other characters are encoded.
    let u = Urls::new("https://a.gov/%E5%AE%89全/", "zh");
    assert_eq!(u.root(), "/%E5%AE%89%E5%85%A8/");
    assert_eq!(u.base_url(), "https://a.gov/%E5%AE%89%E5%85%A8");
    assert_eq!(
        u.relative("tags/消防/index.html", &u.href(tag)).as_deref(),
        Some("../../tags/%E6%B6%88%E9%98%B2/page/2/index.html")
    );
}

#[test]
fn base_urls_with_and_without_paths() {
    for (base, root, origin) in [
        ("https://a.gov", "/", "https://a.gov"),
        ("https://a.gov/", "/", "https://a.gov"),
        ("https://a.gov/x/y", "/x/y/", "https://a.gov"),
        ("http://localhost:1111", "/", "http://localhost:1111"),
    ] {
        let u = Urls::new(base, "en");
        assert_eq!(u.root(), root, "{base}");
        assert_eq!(
            u.permalink(Route::Robots),
            format!("{origin}{root}robots.txt")
        );
    }
}

#[test]
fn odd_base_urls_are_normalised_or_refused() {
    let u = Urls::parse("HTTPS://A.gov//x//y", "en").unwrap();
    assert_eq!(u.base_url(), "https://a.gov/x/y");
    let u = Urls::parse("http://localhost:8080", "en").unwrap();
    assert_eq!(u.base_url(), "http://localhost:8080");
    for bad in [
        "https://a.gov/safety/?x=1",
        "https://a.gov#top",
        "ftp://a.gov/",
        "a.gov/safety",
        "https:///safety/",
    ] {
        assert!(Urls::parse(bad, "en").is_err(), "{bad} is accepted");
    }
}

#[test]
fn relative_links_for_portable_builds() {
    let u = Urls::new("https://a.gov/safety/", "en");
    let from = "lessons/fire/extinguisher/index.html";
    assert_eq!(
        u.relative(from, "/safety/").as_deref(),
        Some("../../../index.html")
    );
    assert_eq!(
        u.relative(from, "/safety/tags/home/#top").as_deref(),
        Some("../../../tags/home/index.html#top")
    );
    assert_eq!(
        u.relative("index.html", "/safety/css/style.css").as_deref(),
        Some("css/style.css")
    );
    assert_eq!(u.relative(from, "/other/"), None);
    assert_eq!(u.relative(from, "https://a.gov/safety/"), None);
    assert_eq!(u.relative(from, "#types"), None);
}
