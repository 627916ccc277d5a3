//! Lesson posters: what a poster shows (title, every key point and step, the hotlines and the
//! site's name in its language, a QR code), that the QR code decodes back to the lesson's URL,
//! the print link on lessons, `poster: false` and `posters: false`, where posters are not
//! listed (sitemap, search index), and the build warning for a lesson too long for one page.
//! That posters print on one A4 page is checked in Chromium (`tests/browser.rs`).

mod common;

use common::SiteTest;
use resvg::{tiny_skia, usvg};
use std::fs;

/// A fixture site with search off (its index is not what these tests look at).
fn without_search(fixture: &str) -> SiteTest {
    let site = SiteTest::fixture(fixture);
    site.write(
        "site.yaml",
        &format!("{}search: false\n", site.read_source("site.yaml")),
    );
    site
}

/// The inline QR code of an output page, as written in the file.
fn qr_svg(html: &str) -> &str {
    let start = html
        .find("<svg class=\"qr\"")
        .expect("the poster has a QR code");
    let end = html[start..].find("</svg>").expect("the QR code is closed") + start;
    &html[start..end + "</svg>".len()]
}

/// Renders an SVG QR code with resvg and decodes it with rqrr.
fn decode(svg: &str) -> String {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("the SVG parses");
    let size = tree.size();
    // Eight pixels a module, like a phone's camera sees a printed code up close.
    let scale = 8.0;
    let (w, h) = (
        (size.width() * scale) as u32,
        (size.height() * scale) as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h).unwrap();
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let grey = |x: usize, y: usize| {
        let p = pixmap.pixel(x as u32, y as u32).unwrap();
        // Transparent (nothing drawn) counts as the paper's white.
        if p.alpha() == 0 { 255 } else { p.red() }
    };
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, grey);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code is found");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    content
}

#[test]
fn qr_codes_decode_to_the_lessons_percent_encoded_url_in_their_language() {
    let site = without_search("cjk");
    site.build();
    for (poster, url) in [
        (
            "lessons/fire/灭火器/poster/index.html",
            "https://safety.test/lessons/fire/%E7%81%AD%E7%81%AB%E5%99%A8/",
        ),
        (
            "en/lessons/fire/灭火器/poster/index.html",
            "https://safety.test/en/lessons/fire/%E7%81%AD%E7%81%AB%E5%99%A8/",
        ),
    ] {
        let html = site.read(poster);
        assert_eq!(decode(qr_svg(&html)), url, "{poster}");
        // The same address is printed under the code, and is the poster's canonical link.
        let page = site.html(poster);
        assert_eq!(page.text(".poster__url"), url);
        assert_eq!(page.attrs("link[rel=canonical]", "href"), [url]);
    }
}

#[test]
fn sample_posters_show_the_lesson_hotlines_and_site_in_their_language() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let log = common::build_sample_site(&public);
    // A warning is a line of its own; "warning:" may also be in an announcement's title.
    assert!(
        !log.lines().any(|l| l.starts_with("warning:")),
        "no sample poster overflows:\n{log}"
    );
    let read = |rel: &str| {
        let text = fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        common::Page(scraper::Html::parse_document(&text))
    };
    let source = |rel: &str| fs::read_to_string(format!("{}/{rel}", env!("CARGO_MANIFEST_DIR")));
    let site_yaml: serde_yaml::Value = serde_yaml::from_str(&source("site.yaml").unwrap()).unwrap();
    for (lang, prefix, md) in [
        ("zh", "", "content/lessons/fire/extinguisher.md"),
        ("en", "en/", "content/lessons/fire/extinguisher.en.md"),
    ] {
        let text = source(md).unwrap();
        let front: serde_yaml::Value =
            serde_yaml::from_str(text.split("---").nth(1).unwrap()).unwrap();
        let poster = read(&format!(
            "{prefix}lessons/fire/extinguisher/poster/index.html"
        ));
        assert_eq!(poster.attrs("html", "lang"), [lang]);
        assert_eq!(poster.text("h1"), front["title"].as_str().unwrap());
        let texts = |v: &serde_yaml::Value| -> Vec<String> {
            v.as_sequence()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(
            poster.texts(".poster__points li"),
            texts(&front["key_points"])
        );
        let steps: Vec<String> = ["before", "during", "after"]
            .iter()
            .flat_map(|phase| texts(&front["steps"][phase]))
            .collect();
        assert_eq!(poster.texts(".poster__phase li"), steps);
        assert_eq!(poster.count(".poster__phase h3"), 3);
        let site_name = site_yaml["title"][lang].as_str().unwrap();
        assert!(poster.text(".poster__site").starts_with(site_name));
        let hotlines: Vec<String> = site_yaml["hotlines"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|h| {
                format!(
                    "{} {}",
                    h["number"].as_str().unwrap(),
                    h["name"][lang].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(poster.texts(".poster__hotlines li"), hotlines);
        assert_eq!(poster.count("figure.poster__qr svg.qr path"), 1);
        // Print CSS of its own; nothing of the site's layout; not for the search index.
        assert_eq!(
            poster.attrs("link[rel=stylesheet]", "href"),
            ["/css/poster.css"]
        );
        assert_eq!(poster.count("[data-pagefind-body]"), 0);
        // The lesson links to it.
        let lesson = read(&format!("{prefix}lessons/fire/extinguisher/index.html"));
        assert_eq!(
            lesson.attrs(".poster-link a", "href"),
            [format!("/{prefix}lessons/fire/extinguisher/poster/")]
        );
        assert_eq!(
            poster.attrs(".poster-bar a", "href"),
            [format!("/{prefix}lessons/fire/extinguisher/")]
        );
    }
    // Only posters load the print stylesheet.
    let home = fs::read_to_string(public.join("index.html")).unwrap();
    assert!(!home.contains("poster.css"));
    // Every lesson in each language has one; the sitemap lists none.
    let lessons = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/lessons");
    let expected: Vec<String> = common::files_under(&lessons)
        .iter()
        .filter_map(|f| f.strip_suffix(".md"))
        .map(|f| match f.strip_suffix(".en") {
            Some(f) => format!("en/lessons/{f}/poster/index.html"),
            None => format!("lessons/{f}/poster/index.html"),
        })
        .collect();
    let mut posters: Vec<String> = common::files_under(&public)
        .into_iter()
        .filter(|f| f.ends_with("/poster/index.html"))
        .collect();
    let mut expected = expected;
    expected.sort();
    posters.sort();
    assert_eq!(
        posters, expected,
        "one poster per sample lesson and language"
    );
    let sitemap = fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("/poster/"),
        "posters are not in the sitemap"
    );
}

const LESSON: &str =
    "---\ntitle: \"Keep exits clear\"\ndate: 2026-03-01\nkey_points:\n  - \"Exits stay clear.\"\n";

#[test]
fn poster_false_in_a_lesson_leaves_its_poster_and_link_out() {
    let site = without_search("basic");
    site.write(
        "content/lessons/fire/exits.md",
        &format!("{LESSON}poster: false\n---\nBody.\n"),
    );
    site.build();
    assert!(site.exists("lessons/fire/exits/index.html"));
    assert!(!site.exists("lessons/fire/exits/poster/index.html"));
    assert_eq!(
        site.html("lessons/fire/exits/index.html")
            .count(".poster-link"),
        0
    );
    // Other lessons keep theirs.
    assert!(site.exists("lessons/fire/candles/poster/index.html"));
    assert_eq!(
        site.html("lessons/fire/candles/index.html")
            .count(".poster-link a"),
        1
    );
}

#[test]
fn posters_false_in_site_yaml_turns_every_poster_off() {
    let site = without_search("basic");
    site.write(
        "site.yaml",
        &format!("{}posters: false\n", site.read_source("site.yaml")),
    );
    site.build();
    let files = site.files();
    assert!(files.iter().any(|f| f == "lessons/fire/candles/index.html"));
    // (The theme's css/poster.css is copied like every static file, as js/search.js is.)
    assert!(!files.iter().any(|f| f.contains("/poster/")), "{files:?}");
    assert_eq!(
        site.html("lessons/fire/candles/index.html")
            .count(".poster-link"),
        0
    );
}

#[test]
fn a_lesson_too_long_for_one_poster_page_is_a_warning_naming_file_and_line() {
    let site = without_search("basic");
    let point = "  - \"Check every exit, stairway and corridor of the building once a week, and clear anything that blocks it.\"\n";
    site.write(
        "content/lessons/fire/exits.md",
        &format!(
            "---\ntitle: \"Keep exits clear\"\ndate: 2026-03-01\nkey_points:\n{}---\nBody.\n",
            point.repeat(40)
        ),
    );
    let run = site.run(&[]);
    assert_eq!(
        run.code, 0,
        "a warning does not fail the build:\n{}",
        run.stderr
    );
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    let file = std::path::Path::new("content/lessons/fire/exits.md");
    assert!(
        warnings[0].contains(&format!("{}:4:", file.display())),
        "names the file and the line of key_points: {}",
        warnings[0]
    );
    assert!(warnings[0].contains("one A4 page") && warnings[0].contains("poster: false"));
    // The poster is still written: the author decides.
    assert!(site.exists("lessons/fire/exits/poster/index.html"));
    // The other lessons fit and are not named.
    assert!(!run.stderr.contains("candles"));
}

#[test]
fn poster_warnings_come_in_the_order_of_the_files() {
    let site = without_search("basic");
    let point = "  - \"Check every exit, stairway and corridor of the building once a week, and clear anything that blocks it.\"\n";
    // Written out of order; the warnings follow the files' paths.
    for name in ["d-exits", "a-exits", "e-exits", "c-exits", "b-exits"] {
        site.write(
            &format!("content/lessons/fire/{name}.md"),
            &format!(
                "---\ntitle: \"Keep exits clear ({name})\"\ndate: 2026-03-01\nkey_points:\n{}---\nBody.\n",
                point.repeat(40)
            ),
        );
    }
    let run = site.run(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let named: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .filter_map(|l| {
            let sorted = ["a-exits", "b-exits", "c-exits", "d-exits", "e-exits"];
            sorted.into_iter().find(|n| l.contains(&format!("{n}.md:")))
        })
        .collect();
    assert_eq!(
        named,
        ["a-exits", "b-exits", "c-exits", "d-exits", "e-exits"],
        "{}",
        run.stderr
    );
}
