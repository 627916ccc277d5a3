//! Elder mode (适老化): every page of the sample site, in both languages, carries the switch in
//! its header with its name in the page's language, the early script that applies a stored
//! choice before the first paint, and the deferred script that makes the switch a button.
//! What the switch does in a browser is tested in tests/browser.rs (`elder.mjs`).

mod common;

use common::Page;

/// The switch's accessible name per page language (`elder_mode` in the theme's strings).
fn expected_name(lang: &str) -> &'static str {
    match lang {
        "zh" => "大字模式",
        "en" => "Larger text",
        other => panic!("the sample site has no language {other}"),
    }
}

#[test]
fn every_sample_page_has_the_elder_switch_in_its_header_in_its_language() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_sample_site(&public);
    assert!(public.join("js/elder.js").is_file(), "the switch's script");

    let pages: Vec<String> = common::files_under(&public)
        .into_iter()
        .filter(|f| f.ends_with(".html") && !f.starts_with("pagefind/"))
        // A poster is a printed sheet of its own, with no site header (tests/poster.rs).
        .filter(|f| !f.ends_with("/poster/index.html"))
        .collect();
    assert!(pages.len() > 100, "{} pages", pages.len());
    let mut langs = std::collections::BTreeSet::new();
    for rel in &pages {
        let page = Page(scraper::Html::parse_document(
            &std::fs::read_to_string(public.join(rel)).unwrap(),
        ));
        let lang = page.attrs("html", "lang").pop().unwrap_or_default();
        langs.insert(lang.clone());
        // A real checkbox named by the label around it: it works without JavaScript.
        let switch = "header.site-header label.elder-switch";
        assert_eq!(page.count(switch), 1, "{rel}: one switch in the header");
        assert_eq!(
            page.attrs(&format!("{switch} > input#elder-switch"), "type"),
            ["checkbox"],
            "{rel}"
        );
        assert_eq!(page.text(switch), expected_name(&lang), "{rel}");
        // The stored choice is applied in <head>, before anything is painted; the button
        // comes from the deferred file, under the site's base path.
        assert_eq!(
            page.count("head > script#elder-init:not([src])"),
            1,
            "{rel}"
        );
        assert!(
            page.text("head > script#elder-init")
                .contains("localStorage.getItem(\"safepress-elder\")"),
            "{rel}"
        );
        assert_eq!(
            page.attrs("head > script[src$='elder.js'][defer]", "src"),
            ["/js/elder.js"],
            "{rel}"
        );
    }
    assert_eq!(
        langs.into_iter().collect::<Vec<_>>(),
        ["en", "zh"],
        "both languages"
    );
}
