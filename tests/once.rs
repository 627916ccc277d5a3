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
    // Reads `icon_name` from the page before setting it for the icon: not the same on every
    // page (and no single stand-in value would tell, as it is compared with one word).
    t.write(
        "templates/partials/footer.html",
        "<footer><p id=\"from-page\">{% if icon_name | default(value=\"\") == \"lesson\" %}lesson{% else %}other{% endif %}</p>\
         {% set icon_name = \"phone\" %}{% include \"partials/icon.html\" %}</footer>",
    );
    t.build();
    assert_eq!(t.html("index.html").text("#from-page"), "other");
    assert_eq!(
        t.html("lessons/fire/extinguisher/index.html")
            .text("#from-page"),
        "lesson"
    );
}

#[test]
fn a_loop_variable_named_like_a_shared_one_is_obeyed() {
    // (`set` and `set_global` of a shared name: `render::once`'s unit tests.)
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

#[test]
fn an_output_without_a_language_interprets_the_partials_it_includes() {
    // The sitemap has no `lang` and no `t`: a partial reading them sees them undefined there,
    // as it would without partials rendered once (which are made with both).
    let t = SiteTest::fixture("basic");
    t.write(
        "templates/partials/lang_note.xml",
        "<!-- lang: {{ lang | default(value=\"none\") }} -->",
    );
    t.write(
        "templates/partials/footer.html",
        "<footer>{% include \"partials/lang_note.xml\" %}</footer>",
    );
    let sitemap = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/sitemap.xml"),
    )
    .unwrap();
    t.write(
        "templates/sitemap.xml",
        &sitemap.replace(
            "</urlset>",
            "{% include \"partials/lang_note.xml\" %}</urlset>",
        ),
    );
    t.build();
    assert!(t.read("sitemap.xml").contains("<!-- lang: none -->"));
    assert!(t.read("index.html").contains("<!-- lang: en -->"));
    assert!(t.read("zh/index.html").contains("<!-- lang: zh -->"));
}
