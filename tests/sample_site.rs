//! The sample site shipped in this repository builds, is complete, and has no broken links.

mod common;

use common::broken_links;

#[test]
fn sample_site_builds_completely_without_broken_links() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let stderr = common::build_sample_site(&public);
    assert!(stderr.contains("Built "), "{stderr}");

    let read = |rel: &str| common::read_page(&public, rel);
    for category in common::SAMPLE_CATEGORIES {
        for prefix in ["", "en/"] {
            let page = read(&format!("{prefix}lessons/{category}/index.html"));
            let lessons = page.texts("main .card__title a");
            assert!(lessons.len() >= 3, "{prefix}{category}: {lessons:?}");
            assert_eq!(
                page.count("main .card__fallback"),
                0,
                "{prefix}{category}: every sample lesson exists in both languages"
            );
        }
    }
    let home = read("index.html");
    assert!(
        home.count(".urgent-banner a") >= 1,
        "a live urgent announcement"
    );
    let current = read("announcements/index.html").texts("main .card__title a");
    let archived = read("announcements/archive/index.html").texts("main .card__title a");
    assert!(
        current.len() + archived.len() >= 5,
        "{current:?} {archived:?}"
    );
    assert!(!archived.is_empty());
    assert!(
        stderr.contains("2 scheduled"),
        "a scheduled announcement: {stderr}"
    );
    assert!(public.join("about/index.html").is_file());
    assert!(public.join("hotlines/index.html").is_file());
    let broken = broken_links(&public);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// Gzip size (level 9, as a web server would send it) of `bytes`.
fn gzipped(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

#[test]
fn every_sample_page_is_a_first_visit_of_at_most_20_kb_from_this_host_alone() {
    // The residents' budget: a first visit of any page, everything it loads included, is at
    // most 20 KB gzipped. What a page loads before any interaction: stylesheets, scripts,
    // icons and images.
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_sample_site(&public);
    let loads = scraper::Selector::parse(
        "link[rel~=stylesheet][href], link[rel~=icon][href], script[src], img[src]",
    )
    .unwrap();
    let mut pages = 0;
    let mut heaviest = (0, String::new());
    for rel in common::files_under(&public) {
        if !rel.ends_with(".html") || rel.starts_with("pagefind/") {
            continue;
        }
        pages += 1;
        let html = std::fs::read(public.join(&rel)).unwrap();
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&html));
        let mut total = gzipped(&html);
        let mut files = std::collections::BTreeSet::new();
        for e in doc.select(&loads) {
            let url = e.attr("href").or(e.attr("src")).unwrap();
            assert!(
                url.starts_with('/') && !url.starts_with("//"),
                "{rel} loads {url} from elsewhere"
            );
            files.insert(url.to_string());
        }
        for url in &files {
            let file = public.join(url.trim_start_matches('/'));
            let bytes = std::fs::read(&file).unwrap_or_else(|_| panic!("{rel}: {url} is missing"));
            total += gzipped(&bytes);
        }
        assert!(
            total <= 20 * 1024,
            "{rel}: a first visit is {total} bytes gzipped ({files:?})"
        );
        heaviest = heaviest.max((total, rel));
    }
    assert!(pages > 200, "{pages} pages");
    eprintln!("heaviest first visit: {} bytes, {}", heaviest.0, heaviest.1);
}
