//! Chinese first: file names, slugs, tags and heading ids keep their characters on disk and
//! are percent-encoded in every link, the sitemap and the feeds; tags differing only by case
//! or width are one; names that cannot become a URL are errors naming file, line and fix.
//! Checked on the parsed output of real builds of the `cjk` fixture.

mod common;
mod session;

use common::{SiteTest, check_links, file_of};
use session::Session;
use std::path::Path;

const BASE: &str = "https://safety.test/";

fn built() -> SiteTest {
    let site = SiteTest::fixture("cjk");
    site.build();
    site
}

/// Whether `url` is written as RFC 3986 allows: ASCII only, every `%` starting an escape.
fn percent_encoded(url: &str) -> bool {
    let bytes = url.as_bytes();
    url.is_ascii()
        && !url.contains([' ', '"', '<', '>'])
        && bytes.iter().enumerate().all(|(i, &b)| {
            b != b'%'
                || bytes
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
        })
}

#[test]
fn chinese_file_names_tags_and_headings_keep_their_characters_on_disk() {
    let site = built();
    for file in [
        "lessons/fire/灭火器/index.html",
        "lessons/fire/示意图.svg",
        "en/lessons/fire/灭火器/index.html",
        "announcements/台风预警/index.html",
        "关于/index.html",
        "tags/消防/index.html",
        "audience/居民/index.html",
    ] {
        assert!(site.exists(file), "no {file} in {:#?}", site.files());
    }
    let lesson = site.html("lessons/fire/灭火器/index.html");
    assert_eq!(
        lesson.attrs("main h2[id]", "id")[..2],
        ["发生火灾时", "灭火器的种类"]
    );
    let escape = site.html("lessons/fire/escape/index.html");
    assert!(
        escape
            .attrs("main h2[id]", "id")
            .contains(&"abc-步骤".to_string()),
        "a full-width heading folds to half-width: {:?}",
        escape.attrs("main h2[id]", "id")
    );
}

#[test]
fn links_to_chinese_urls_are_percent_encoded_and_resolve() {
    let site = built();
    let public = site.root.join("public");
    let check = check_links(&public, "/");
    assert!(
        check.broken.is_empty(),
        "broken:\n{}",
        check.broken.join("\n")
    );
    assert!(check.checked > 100, "only {} links checked", check.checked);
    for file in site.files().iter().filter(|f| f.ends_with(".html")) {
        let page = site.html(file);
        for url in page
            .attrs("[href]", "href")
            .into_iter()
            .chain(page.attrs("[src]", "src"))
        {
            assert!(
                percent_encoded(&url),
                "{file}: {url} is not percent-encoded"
            );
        }
    }
    // The internal link to a heading resolves to the lesson's URL and the heading's id.
    let escape = site.html("lessons/fire/escape/index.html");
    let body_links = escape.attrs("main .lesson-body a, main article p a", "href");
    assert!(
        body_links.contains(
            &"/lessons/fire/%E7%81%AD%E7%81%AB%E5%99%A8/#%E5%8F%91%E7%94%9F%E7%81%AB%E7%81%BE%E6%97%B6"
                .to_string()
        ),
        "{body_links:?}"
    );
    let lesson = site.html("lessons/fire/灭火器/index.html");
    assert!(
        lesson
            .attrs(".pill", "href")
            .contains(&"/tags/%E6%B6%88%E9%98%B2/".to_string()),
        "{:?}",
        lesson.attrs(".pill", "href")
    );
    assert_eq!(
        lesson.attrs("main img", "src"),
        ["/lessons/fire/%E7%A4%BA%E6%84%8F%E5%9B%BE.svg"]
    );
}

#[test]
fn sitemap_and_feed_urls_are_percent_encoded_and_name_output_files() {
    let site = built();
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("the sitemap is XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for page in [
        "lessons/fire/灭火器/index.html",
        "tags/消防/index.html",
        "关于/index.html",
    ] {
        assert!(
            locs.iter()
                .any(|l| l.strip_prefix(BASE).map(file_of).as_deref() == Some(page)),
            "no <loc> for {page} in {locs:#?}"
        );
    }
    let mut urls: Vec<String> = locs.iter().map(|l| l.to_string()).collect();
    for feed in ["feed.xml", "announcements/feed.xml"] {
        let text = site.read(feed);
        let doc = roxmltree::Document::parse(&text).expect("the feed is XML");
        urls.extend(
            doc.descendants()
                .filter(|n| n.has_tag_name("link"))
                .filter_map(|n| n.attribute("href"))
                .map(str::to_string),
        );
    }
    assert!(urls.len() > 15, "{urls:#?}");
    for url in &urls {
        assert!(percent_encoded(url), "{url} is not percent-encoded");
        let path = url
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
        assert!(site.exists(&file_of(path)), "{url} names no output file");
    }
    assert!(
        urls.contains(&format!(
            "{BASE}announcements/%E5%8F%B0%E9%A3%8E%E9%A2%84%E8%AD%A6/"
        )),
        "{urls:#?}"
    );
}

#[test]
fn tags_differing_by_case_or_width_are_one_tag_named_by_the_oldest_lesson() {
    let site = built();
    // `Fire`/`fire` and `ＡＢＣ`/`abc` are one tag each; the older lesson (灭火器, March)
    // wrote `Fire` and `ＡＢＣ`, the newer one (escape, April), listed first, `fire` and `abc`.
    let mut tags: Vec<String> = site
        .files()
        .into_iter()
        .filter_map(|f| f.strip_prefix("tags/").map(str::to_string))
        .filter(|f| f != "index.html")
        .collect();
    tags.sort();
    assert_eq!(
        tags,
        ["abc/index.html", "fire/index.html", "消防/index.html"]
    );
    let index = site.html("tags/index.html");
    assert_eq!(
        index.texts("main a.pill"),
        ["ＡＢＣ 2", "Fire 2", "消防 2"],
        "each tag once, counting both lessons"
    );
    assert!(
        site.html("tags/fire/index.html")
            .text("h1")
            .contains("Fire")
    );
    // Every lesson shows the tag's one name, whatever it wrote.
    let escape = site.html("lessons/fire/escape/index.html");
    let pills = escape.texts(".lesson-taxonomy .pill");
    assert!(pills.contains(&"Fire".to_string()), "{pills:?}");
    assert!(pills.contains(&"ＡＢＣ".to_string()), "{pills:?}");
}

#[test]
fn the_spelling_of_a_tag_does_not_depend_on_file_names_or_list_order() {
    // Same date: the first file path names it, whichever lesson is newer in the lists.
    for (first, second, expected) in [("Gas", "GAS", "Gas"), ("ＧＡＳ", "gas", "ＧＡＳ")] {
        let site = SiteTest::fixture("cjk");
        for (name, tag, title) in [("b-first.md", first, "甲"), ("c-second.md", second, "乙")] {
            site.write(
                &format!("content/lessons/fire/{name}"),
                &format!(
                    "---\ntitle: {title}\ndate: 2026-01-01\ntags: [{tag}]\naudience: [{tag}]\n---\n正文。\n"
                ),
            );
        }
        site.build();
        assert_eq!(
            site.html("tags/gas/index.html").text("h1"),
            format!("“{expected}”相关课程"),
            "{first} and {second}"
        );
        // Audiences are free text too: one page, the same spelling.
        let audience = site.html("audience/gas/index.html");
        assert!(
            audience.text("h1").contains(expected),
            "{}",
            audience.text("h1")
        );
        assert_eq!(audience.count("main .lesson-card"), 2);
    }
}

#[test]
fn reading_time_of_chinese_english_and_mixed_lessons() {
    let site = SiteTest::fixture("cjk");
    // 15 CJK characters and 2 words per sentence: 19 character-times of 400 a minute.
    let mixed = "火灾发生时拨打119报警，不要乘坐elevator逃生。".repeat(85);
    for (name, body) in [
        ("chinese", "灭火器。".repeat(1201)),
        ("english", "Leave now. ".repeat(501)),
        ("mixed", mixed),
    ] {
        site.write(
            &format!("content/lessons/fire/{name}.md"),
            &format!("---\ntitle: {name}\ndate: 2026-01-01\n---\n{body}\n"),
        );
    }
    site.build();
    for (name, minutes) in [("chinese", 10), ("english", 6), ("mixed", 5)] {
        let page = site.html(&format!("lessons/fire/{name}/index.html"));
        let expected = format!("阅读约{minutes}分钟");
        assert!(
            page.texts(".meta__item").contains(&expected),
            "{name}: {:?}",
            page.texts(".meta__item")
        );
    }
}

#[test]
fn respelling_a_tag_in_the_oldest_lesson_renames_it_on_every_page_in_a_rebuild() {
    // `home` is first written by extinguisher.md (March); candles.md (July) writes `Home`.
    let mut s = Session::new();
    let candles = "lessons/fire/candles/index.html";
    let pills = |s: &Session| s.site.html(candles).texts(".lesson-taxonomy .pill");
    assert!(pills(&s).contains(&"home".to_string()), "{:?}", pills(&s));
    let rel = "content/lessons/fire/extinguisher.md";
    let text = std::fs::read_to_string(s.site.root.join(rel)).unwrap();
    let edited = text.replace("tags: [equipment, home]", "tags: [equipment, ＨＯＭＥ]");
    assert_ne!(edited, text);
    // The session checks the output against a full build after the rebuild.
    let written = s.write(rel, &edited);
    assert!(written.contains(&candles.to_string()), "{written:?}");
    assert!(
        pills(&s).contains(&"ＨＯＭＥ".to_string()),
        "{:?}",
        pills(&s)
    );
}

#[test]
fn a_chinese_lesson_summary_and_description_end_at_a_sentence_or_clause() {
    let site = built();
    // The first paragraph (103 characters) is cut at its last sentence end within 60.
    let first = "灭火器只适合扑灭刚起的小火，火势变大时要立即撤离。使用前先确认身后有逃生通道，再拔掉保险销，对准火焰根部，用力压下把手，左右扫射。";
    let lesson = site.html("lessons/fire/灭火器/index.html");
    assert_eq!(lesson.attrs("meta[name=description]", "content"), [first]);
    let card = site.html("lessons/fire/index.html");
    assert!(
        card.texts(".lesson-card p").contains(&first.to_string()),
        "{:?}",
        card.texts(".lesson-card p")
    );
    // A written summary of 74 characters is shown whole, and cut for search engines at the
    // end of a clause, with `…`.
    let written = "每个家庭都应该有一份逃生计划，画出每个房间的两条出路，约定屋外的集合地点，每年至少和全家人演练两次，让老人和孩子也熟悉路线，夜间起火时才能摸黑找到出口并迅速离开";
    assert!(
        card.texts(".lesson-card p").contains(&written.to_string()),
        "{:?}",
        card.texts(".lesson-card p")
    );
    let escape = site.html("lessons/fire/escape/index.html");
    assert_eq!(
        escape.attrs("meta[name=description]", "content"),
        [
            "每个家庭都应该有一份逃生计划，画出每个房间的两条出路，约定屋外的集合地点，每年至少和全家人演练两次，让老人和孩子也熟悉路线…"
        ]
    );
    let feed = site.read("feed.xml");
    let doc = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let feed_summaries: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("summary"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        feed_summaries.iter().any(|s| s.ends_with("左右扫射。")),
        "{feed_summaries:?}"
    );
}

/// Builds the fixture with `file` written as `text`; the build must fail naming `where_`
/// (`path:line`) and say `expected`.
fn fails_naming(file: &str, text: &str, where_: &str, expected: &[&str]) {
    let site = SiteTest::fixture("cjk");
    site.write(file, text);
    let run = site.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let at = Path::new("content").join(where_);
    assert!(
        run.stderr.contains(&at.to_string_lossy().to_string()),
        "expected {} in:\n{}",
        at.display(),
        run.stderr
    );
    for e in expected {
        assert!(run.stderr.contains(e), "expected {e:?} in:\n{}", run.stderr);
    }
    assert!(!site.exists("index.html"), "nothing is written");
}

#[test]
fn a_tag_of_punctuation_only_is_an_error_naming_file_line_and_fix() {
    fails_naming(
        "content/lessons/fire/标点.md",
        "---\ntitle: 标点\ndate: 2026-01-01\ntags: [消防, \"！？\"]\n---\n正文。\n",
        "lessons/fire/标点.md:4:1",
        &[
            "`tags` entry `！？` has no letters or digits",
            "such as `消防`",
        ],
    );
}

#[test]
fn a_slug_or_file_name_of_punctuation_only_is_an_error_naming_file_line_and_fix() {
    fails_naming(
        "content/lessons/fire/ok.md",
        "---\ntitle: 标点\ndate: 2026-01-01\nslug: \"——\"\n---\n正文。\n",
        "lessons/fire/ok.md:4:1",
        &[
            "slug `——` cannot be used: a slug needs at least one letter or digit",
            "`slug: 燃气泄漏`",
        ],
    );
    fails_naming(
        "content/lessons/fire/！！.md",
        "---\ntitle: 标点\ndate: 2026-01-01\n---\n正文。\n",
        "lessons/fire/！！.md: ",
        &[
            "the file name `！！.md` cannot become a URL",
            "`燃气泄漏.md`",
        ],
    );
    // Full-width `／` folds to `/`, which would make a folder.
    fails_naming(
        "content/lessons/fire/甲／乙.md",
        "---\ntitle: 斜线\ndate: 2026-01-01\n---\n正文。\n",
        "lessons/fire/甲／乙.md: ",
        &["cannot contain `/`"],
    );
}
