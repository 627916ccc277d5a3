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
