//! A site published under a sub-path (`base_url: https://www.city.gov.cn/safety/`): every
//! link, asset, feed entry, sitemap entry, canonical link and the 404 page must stay under
//! `/safety/`, checked on the parsed output of a real build.

mod common;

use common::{SiteTest, check_links};
use std::fs;

const BASE: &str = "https://www.city.gov.cn/safety/";

fn sub_path_site() -> SiteTest {
    let site = SiteTest::fixture("basic");
    site.build_with(&["--base-url", BASE]);
    site
}

#[test]
fn every_link_of_a_sub_path_site_stays_under_the_prefix_and_resolves() {
    let site = sub_path_site();
    let check = check_links(&site.root.join("public"), "/safety/");
    assert!(
        check.broken.is_empty(),
        "broken links:\n{}",
        check.broken.join("\n")
    );
    // Every page has a header, navigation, footer and stylesheet: hundreds of links in all.
    assert!(check.checked > 300, "only {} links checked", check.checked);
}

#[test]
fn home_page_of_a_sub_path_site_links_its_stylesheet_and_canonical_under_the_prefix() {
    let site = sub_path_site();
    let home = site.html("index.html");
    assert_eq!(
        home.attrs("link[rel=stylesheet]", "href"),
        ["/safety/css/style.css"]
    );
    assert_eq!(home.attrs("link[rel=canonical]", "href"), [BASE]);
    assert_eq!(home.attrs("a.site-brand", "href"), ["/safety/"]);
}

#[test]
fn sitemap_feeds_and_robots_of_a_sub_path_site_use_the_full_base() {
    let site = sub_path_site();
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.len() > 20, "sitemap has only {locs:?}");
    assert!(locs.contains(&BASE), "no home page in {locs:?}");
    for loc in &locs {
        assert!(loc.starts_with(BASE), "sitemap <loc> {loc}");
    }

    for feed in ["feed.xml", "announcements/feed.xml"] {
        let text = site.read(feed);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let entries: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .collect();
        assert!(entries.len() >= 2, "{feed}: {} entries", entries.len());
        for entry in entries {
            let links: Vec<&str> = entry
                .children()
                .filter(|n| n.has_tag_name("link"))
                .filter_map(|n| n.attribute("href"))
                .collect();
            assert!(!links.is_empty(), "{feed}: an entry without a link");
            for link in links {
                assert!(link.starts_with(BASE), "{feed}: entry link {link}");
            }
        }
        let self_link = doc
            .descendants()
            .find(|n| n.has_tag_name("link") && n.attribute("rel") == Some("self"))
            .and_then(|n| n.attribute("href"));
        assert_eq!(self_link, Some(format!("{BASE}{feed}").as_str()));
    }

    let robots = site.read("robots.txt");
    let sitemaps: Vec<&str> = robots
        .lines()
        .filter_map(|l| l.strip_prefix("Sitemap:"))
        .map(str::trim)
        .collect();
    assert_eq!(sitemaps, [format!("{BASE}sitemap.xml")]);
}

#[test]
fn not_found_page_of_a_sub_path_site_links_home_and_stylesheet_under_the_prefix() {
    let site = sub_path_site();
    let page = site.html("404.html");
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href"),
        ["/safety/css/style.css"]
    );
    assert_eq!(page.attrs("a.site-brand", "href"), ["/safety/"]);
    // The 404 page is served at any depth, so none of its links may be relative.
    let links = [page.attrs("[href]", "href"), page.attrs("[src]", "src")].concat();
    assert!(links.len() > 10, "{links:?}");
    for link in &links {
        assert!(
            link.starts_with("/safety/")
                || link.starts_with('#')
                || ["https:", "mailto:", "tel:"]
                    .iter()
                    .any(|s| link.starts_with(s)),
            "404.html links {link}"
        );
    }
}

#[test]
fn author_links_and_relative_images_in_a_lesson_come_out_under_the_prefix() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/lessons/fire/kitchen.md",
        "---\ntitle: Kitchen fires\ndate: 2026-06-01\n---\nRead [about](/about/) first.\n\n![Lid on the pan](lid.svg)\n",
    )
    .write(
        "content/lessons/fire/lid.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build_with(&["--base-url", BASE]);
    let page = site.html("lessons/fire/kitchen/index.html");
    let about: Vec<String> = page
        .attrs("main a", "href")
        .into_iter()
        .filter(|h| h.contains("about"))
        .collect();
    assert_eq!(about, ["/safety/about/"]);
    let images = page.attrs("main img", "src");
    assert_eq!(images, ["/safety/lessons/fire/lid.svg"]);
    assert!(site.exists("lessons/fire/lid.svg"));
    let check = check_links(&site.root.join("public"), "/safety/");
    assert!(check.broken.is_empty(), "{}", check.broken.join("\n"));
}

#[test]
fn a_link_that_leaves_the_prefix_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path();
    fs::create_dir_all(public.join("lessons")).unwrap();
    fs::write(public.join("lessons/index.html"), "<h1 id=top>x</h1>").unwrap();
    fs::write(
        public.join("index.html"),
        r##"<a href="/safety/lessons/#top">ok</a><a href="lessons/">ok</a>
        <a href="/lessons/">escapes</a><a href="../lessons/">escapes</a>
        <a href="/safety/lessons/#nowhere">no id</a><a href="https://a.gov/">skipped</a>"##,
    )
    .unwrap();
    let check = check_links(public, "/safety/");
    assert_eq!(check.checked, 5);
    assert_eq!(
        check.broken,
        [
            "index.html → /lessons/ (outside /safety/)",
            "index.html → ../lessons/ (outside /safety/)",
            "index.html → /safety/lessons/#nowhere (no id `nowhere`)",
        ]
    );
    // Served at the root, `..` stops at the root and `/safety/…` names no file.
    let at_root = check_links(public, "/");
    assert_eq!(
        at_root.broken,
        [
            "index.html → /safety/lessons/#top",
            "index.html → /safety/lessons/#nowhere",
        ]
    );
}
