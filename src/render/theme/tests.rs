use super::*;

/// A theme folder written before sitemap indexes existed still renders one: the built-in
/// template stands in, and a theme's own replaces it.
#[test]
fn a_theme_folder_without_the_sitemap_index_gets_the_built_in_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let theme = manifest.join("themes/default");
    for entry in walkdir::WalkDir::new(&theme) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(&theme).expect("inside");
        if entry.file_type().is_file() && rel != Path::new(SITEMAP_INDEX) {
            let to = root.join("themes/civic").join(rel);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    let site = std::fs::read_to_string(manifest.join("tests/fixtures/basic/site.yaml"));
    let site = format!("{}\ntheme: civic\n", site.expect("site.yaml"));
    std::fs::write(root.join(config::FILE_NAME), site).expect("write");
    let config = config::load(root).expect("config");
    let sitemap_index = SITEMAP_INDEX.trim_start_matches("templates/");
    let loaded = load(root, &config).expect("theme");
    assert!(loaded.template_names().any(|n| n == sitemap_index));
    let own = root.join("themes/civic").join(SITEMAP_INDEX);
    std::fs::write(&own, "<sitemapindex/>").expect("write");
    let loaded = load(root, &config).expect("theme");
    let origin = loaded.origins.get(sitemap_index).map(Origin::to_string);
    assert_eq!(
        origin.as_deref(),
        Some("themes/civic/templates/sitemap_index.xml")
    );
}

/// Dependency information for a set of templates, as `load` computes it.
fn analyse(templates: &[(&str, &str)]) -> BTreeMap<String, TemplateInfo> {
    let (sources, tera) = deps::loaded(templates);
    deps::analyse(&sources, &tera).expect("dependencies")
}

fn deps_of<'a>(info: &'a BTreeMap<String, TemplateInfo>, name: &str) -> Vec<&'a str> {
    info[name].depends_on.iter().map(String::as_str).collect()
}

fn vars_of<'a>(info: &'a BTreeMap<String, TemplateInfo>, name: &str) -> Vec<&'a str> {
    info[name].variables.iter().map(String::as_str).collect()
}

/// Whether editing `edited` (to `new_text`) changes the hash of `name`.
fn edit_reaches(templates: &[(&str, &str)], edited: &str, new_text: &str, name: &str) -> bool {
    let before = analyse(templates)[name].hash;
    let changed: Vec<(&str, &str)> = templates
        .iter()
        .map(|&(n, t)| (n, if n == edited { new_text } else { t }))
        .collect();
    analyse(&changed)[name].hash != before
}

const SITE: [(&str, &str); 6] = [
    (
        "base.html",
        "<html>{% block content %}{% endblock content %}{% include \"partials/footer.html\" %}</html>",
    ),
    (
        "partials/footer.html",
        "{{ site_title }}{% include \"partials/hotline.html\" %}",
    ),
    ("partials/hotline.html", "{{ hotline }}"),
    (
        "lesson.html",
        "{% extends \"base.html\" %}{% block content %}{{ lesson }}{% endblock content %}",
    ),
    (
        "page.html",
        "{% extends 'base.html' %}{% block content %}{{ page }}{% endblock content %}",
    ),
    // The words alone pull nothing in.
    (
        "tags.html",
        "{# include \"partials/footer.html\" #}extends \"base.html\" include 'page.html' {{ tags }}",
    ),
];

#[test]
fn extends_pulls_in_the_parent_and_its_includes() {
    let info = analyse(&SITE);
    assert_eq!(
        deps_of(&info, "lesson.html"),
        ["base.html", "partials/footer.html", "partials/hotline.html"]
    );
    assert!(edit_reaches(
        &SITE,
        "base.html",
        "<html>{% block content %}{% endblock content %}</html>",
        "page.html"
    ));
    assert!(edit_reaches(
        &SITE,
        "partials/hotline.html",
        "119",
        "lesson.html"
    ));
    assert!(!edit_reaches(
        &SITE,
        "lesson.html",
        "{% extends \"base.html\" %}",
        "page.html"
    ));
}

#[test]
fn include_and_extends_in_text_or_comments_pull_nothing_in() {
    let info = analyse(&SITE);
    assert!(deps_of(&info, "tags.html").is_empty());
    assert!(!edit_reaches(
        &SITE,
        "partials/footer.html",
        "new footer",
        "tags.html"
    ));
    assert!(!edit_reaches(
        &SITE,
        "base.html",
        "{% block content %}{% endblock content %}",
        "tags.html"
    ));
}

#[test]
fn variables_include_what_parents_and_includes_read() {
    let info = analyse(&SITE);
    assert_eq!(
        vars_of(&info, "lesson.html"),
        ["hotline", "lesson", "site_title"]
    );
    assert_eq!(vars_of(&info, "tags.html"), ["tags"]);
}

#[test]
fn an_included_child_template_pulls_in_its_parent() {
    let templates = [
        (
            "card_base.html",
            "<div>{% block card %}{% endblock card %}{{ card_var }}</div>",
        ),
        (
            "card.html",
            "{% extends \"card_base.html\" %}{% block card %}card{% endblock card %}",
        ),
        ("list.html", "{% include \"card.html\" %}"),
    ];
    let info = analyse(&templates);
    assert_eq!(deps_of(&info, "list.html"), ["card.html", "card_base.html"]);
    assert_eq!(vars_of(&info, "list.html"), ["card_var"]);
    assert!(edit_reaches(
        &templates,
        "card_base.html",
        "{% block card %}{% endblock card %}",
        "list.html"
    ));
}

const COMPONENTS: [(&str, &str); 5] = [
    (
        "components/alert.html",
        "{% component Alert(text, @lang) %}<p lang=\"{{ lang }}\">{{ text }}</p>{% include \"partials/icon.html\" %}{% endcomponent Alert %}",
    ),
    (
        "components/library.html",
        "{% component Pill(label) %}<b>{{ label }}</b>{% endcomponent Pill %}{% component Chip(label) %}<i>{{ label }}</i>{% endcomponent Chip %}",
    ),
    ("partials/icon.html", "!"),
    (
        "lesson.html",
        "{{ <Alert text={lesson} /> }}{{ <Pill label=\"x\" /> }}",
    ),
    ("plain.html", "{{ plain }}"),
];

#[test]
fn templates_depend_on_every_component_file_and_what_it_includes() {
    let info = analyse(&COMPONENTS);
    for name in ["lesson.html", "plain.html"] {
        assert_eq!(
            deps_of(&info, name),
            [
                "components/alert.html",
                "components/library.html",
                "partials/icon.html"
            ],
            "{name}"
        );
    }
    let alert = "{% component Alert(text, @lang) %}<p>{{ text }}!</p>{% endcomponent Alert %}";
    assert!(edit_reaches(
        &COMPONENTS,
        "components/alert.html",
        alert,
        "lesson.html"
    ));
    let library = "{% component Pill(label) %}<u>{{ label }}</u>{% endcomponent Pill %}{% component Chip(label) %}{% endcomponent Chip %}";
    assert!(edit_reaches(
        &COMPONENTS,
        "components/library.html",
        library,
        "lesson.html"
    ));
    assert!(edit_reaches(
        &COMPONENTS,
        "partials/icon.html",
        "?",
        "lesson.html"
    ));
}

#[test]
fn implicit_component_arguments_are_variables_of_the_caller() {
    let info = analyse(&COMPONENTS);
    assert_eq!(vars_of(&info, "lesson.html"), ["lang", "lesson"]);
}

#[test]
fn a_component_outside_the_components_folder_is_rejected() {
    let templates = [
        (
            "partials/alert.html",
            "{% component Alert(text) %}{{ text }}{% endcomponent Alert %}",
        ),
        ("lesson.html", "{{ <Alert text=\"x\" /> }}"),
    ];
    let sources = templates
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut tera = Tera::default();
    tera.add_raw_templates(templates).expect("templates load");
    assert_eq!(
        deps::analyse(&sources, &tera),
        Err(DepsError::ComponentOutsideFolder {
            names: vec!["Alert".to_string()],
            files: vec!["partials/alert.html".to_string()],
        })
    );
}

/// Loads a site whose `templates/` holds `files` over the built-in theme.
fn load_site(files: &[(&str, &str)]) -> Result<Theme> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, text) in files {
        let path = dir.path().join("templates").join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let config = config::parse(
        "title: Test\nbase_url: \"https://x.test\"\n",
        Path::new("site.yaml"),
    )
    .expect("config");
    load(dir.path(), &config)
}

fn load_error_text(files: &[(&str, &str)]) -> String {
    load_site(files).expect_err("the load fails").to_string()
}

#[test]
fn a_computed_include_is_rejected_with_file_line_and_fix() {
    let err = load_error_text(&[("x.html", "ok\n{% include partial_name %}")]);
    assert!(
        err.starts_with("templates/x.html:2:12: template error:"),
        "{err}"
    );
    assert!(err.contains("take a quoted template name"), "{err}");
}

#[test]
fn macros_and_import_are_rejected_with_the_component_fix() {
    for text in [
        "{% import \"m.html\" as m %}",
        "\n{% macro hi() %}{% endmacro %}",
    ] {
        let err = load_error_text(&[("x.html", text)]);
        assert!(err.starts_with("templates/x.html:"), "{err}");
        assert!(err.contains("define a `{% component"), "{err}");
    }
}

#[test]
fn a_site_component_outside_the_folder_names_the_file() {
    let err = load_error_text(&[(
        "partials/alert.html",
        "{% component Alert(text) %}{{ text }}{% endcomponent Alert %}",
    )]);
    assert!(
        err.starts_with("templates/partials/alert.html: component(s) Alert"),
        "{err}"
    );
}

#[test]
fn the_builtin_theme_pulls_in_its_partials() {
    let theme = load_site(&[]).expect("the built-in theme loads");
    let lesson = theme.info("lesson.html").expect("lesson.html");
    for dep in [
        "base.html",
        "partials/category_chip.html",
        "partials/footer.html",
    ] {
        assert!(
            lesson.depends_on.contains(dep),
            "{dep} in {:?}",
            lesson.depends_on
        );
    }
    // Not "everything", as it would be if the probe had failed.
    for other in [
        "tags.html",
        "partials/paginator.html",
        "partials/lesson_card.html",
    ] {
        assert!(!lesson.depends_on.contains(other), "{other}");
    }
    assert_eq!(theme.origins["lesson.html"].layer, layers::Layer::Builtin);
}
