//! Partials rendered once per language (`src/render/once.rs`): the banner and the footer are
//! rendered once per language and copied into every page. These builds give a theme the
//! patterns that would make a copy wrong, and check that every page still shows what
//! interpreting the partial on that page gives. That the default theme's pages are unchanged
//! byte for byte is `tests/golden.rs`'s job.

mod common;

use common::SiteTest;

/// A minimal layout: `before` runs in the layout before its partials are included.
fn layout(before: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{{{{ lang }}}}\"><head><meta charset=\"utf-8\"><title>{{{{ page_title }}}}</title>{{% block head %}}{{% endblock head %}}</head>\
         <body>{before}{{% include \"partials/banner.html\" %}}<main>{{% block content %}}{{% endblock content %}}</main>\
         {{% include \"partials/footer.html\" %}}</body></html>"
    )
}

#[test]
fn the_default_theme_shows_its_banner_and_footer_on_every_page_in_its_language() {
    let t = SiteTest::fixture("basic");
    t.build();
    for (page, heading, urgent) in [
        ("index.html", "Emergency numbers", "Urgent"),
        (
            "lessons/fire/extinguisher/index.html",
            "Emergency numbers",
            "Urgent",
        ),
        ("zh/index.html", "应急电话", "紧急"),
        (
            "zh/lessons/fire/extinguisher/index.html",
            "应急电话",
            "紧急",
        ),
    ] {
        let html = t.html(page);
        assert_eq!(html.text("#hotlines-heading"), heading, "{page}");
        assert_eq!(html.text(".urgent-banner__heading"), urgent, "{page}");
        assert!(
            html.text(".site-footer__hotlines").contains("119"),
            "{page}"
        );
    }
}

#[test]
fn a_partial_that_reads_a_name_before_setting_it_shows_each_page_its_own_value() {
    let t = SiteTest::fixture("basic");
    t.write("templates/base.html", &layout("{% set icon_name = kind %}"));
    // Reads `icon_name` from the page, then sets it for the icon: not the same on every page.
    t.write(
        "templates/partials/footer.html",
        "<footer><p id=\"from-page\">{{ icon_name | default(value=\"none\") }}</p>\
         {% set icon_name = \"phone\" %}{% include \"partials/icon.html\" %}</footer>",
    );
    t.build();
    assert_eq!(t.html("index.html").text("#from-page"), "home");
    assert_eq!(
        t.html("lessons/fire/extinguisher/index.html")
            .text("#from-page"),
        "lesson"
    );
}

#[test]
fn a_layout_that_rebinds_a_shared_name_before_the_include_is_obeyed() {
    for rebinding in ["{% set banner = [] %}", "{% set_global banner = [] %}"] {
        let t = SiteTest::fixture("basic");
        t.write("templates/base.html", &layout(rebinding));
        t.build();
        assert_eq!(
            t.html("index.html").count(".urgent-banner"),
            0,
            "{rebinding}"
        );
    }
    // A loop variable named like a shared one.
    let t = SiteTest::fixture("basic");
    t.write(
        "templates/base.html",
        &layout("").replace(
            "{% include \"partials/footer.html\" %}",
            "{% for hotlines in [[]] %}{% include \"partials/footer.html\" %}{% endfor %}",
        ),
    );
    t.build();
    assert_eq!(t.html("index.html").count(".site-footer__hotlines"), 0);
    assert_eq!(t.html("index.html").count(".site-footer"), 1);
}
