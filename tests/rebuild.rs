//! The rebuild invariant on scripted edits: after each one, an incremental rebuild leaves the
//! output byte-identical to a fresh full build of the edited site (random sequences are in
//! `rebuild_random.rs`). Plus: a rebuild touches only what an edit reaches, and a failed
//! rebuild changes nothing and is retried.

mod common;
mod session;

use safepress::{Change, rebuild};
use session::{Session, lesson, tree};
use std::fs;

#[test]
fn every_kind_of_edit_matches_a_full_build() {
    let mut s = Session::new();
    let candles = "content/lessons/fire/candles.md";
    // Body edit: only the lesson page (and the feed, which carries bodies) are written.
    let body = "Never leave a flame alone.\n\nBlow them out before sleeping.";
    let written = s.write(
        candles,
        &lesson("Candles and incense", "2026-07-20", "Home", body),
    );
    assert!(
        written.contains(&"lessons/fire/candles/index.html".to_string()),
        "{written:?}"
    );
    for path in &written {
        assert!(
            ["lessons/fire/candles/index.html", "feed.xml"].contains(&path.as_str()),
            "a body edit rewrote {path}"
        );
    }
    // Title edit: lists that show it change too.
    let written = s.write(
        candles,
        &lesson("Candle safety", "2026-07-20", "Home", "Blow them out."),
    );
    for expected in [
        "lessons/fire/candles/index.html",
        "lessons/fire/index.html",
        "index.html",
        "tags/home/index.html",
    ] {
        assert!(
            written.contains(&expected.to_string()),
            "{expected} not in {written:?}"
        );
    }
    // Tag change, new tag and removed tag.
    s.write(
        candles,
        &lesson("Candle safety", "2026-07-20", "night", "Blow them out."),
    );
    // Category change: the file moves folders.
    s.remove(candles);
    s.write(
        "content/lessons/traffic/candles.md",
        &lesson("Candle safety", "2026-07-20", "night", "Moved."),
    );
    // Add and delete.
    s.write(
        "content/lessons/fire/new.md",
        &lesson("New lesson", "2026-11-01", "home, children", "Fresh."),
    );
    s.remove("content/lessons/fire/new.md");
    // Rename (delete + create) of a link target breaks nothing silently: links follow.
    s.write(
        "content/pages/help.md",
        "---\ntitle: Help\nmenu: 3\n---\nSee [hotlines](@/pages/hotlines.md).\n",
    );
    s.write(
        "content/pages/hotlines.md",
        "---\ntitle: \"Hotlines (24h)\"\nmenu: 1\n---\nCall 119.\n",
    );
    // Announcement edits: urgency moves it in and out of the banner on every page.
    s.write(
        "content/announcements/icy-roads.md",
        "---\ntitle: Icy roads\ndate: 2026-11-20\nurgency: urgent\nexpires: 2027-02-28\n---\nSlow.\n",
    );
    // A template override and its removal.
    s.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{% endblock content %}");
    s.remove("templates/page.html");
    // A colocated asset.
    s.write(
        "content/lessons/fire/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    // Config: a new category, a changed hotline.
    let config = fs::read_to_string(s.site.root.join("site.yaml")).unwrap();
    s.write("site.yaml", &config.replace("\"120\"", "\"120 or 999\""));
    s.write(
        "site.yaml",
        &config.replace(
            "hotlines:",
            "  - id: food\n    name: Food safety\nhotlines:",
        ),
    );
}

/// Site templates that pull each other in by every route Tera 2 has: an included partial, a
/// component called by a page template, a file of components (Tera 2's macros), a parent.
const PULLED_IN: [(&str, &str); 6] = [
    (
        "templates/partials/footer.html",
        "<footer>footer one</footer>",
    ),
    (
        "templates/components/badge.html",
        "{% component Badge(text) %}<b>badge one {{ text }}</b>{% endcomponent Badge %}",
    ),
    (
        "templates/components/library.html",
        "{% component Note(text) %}<i>note one {{ text }}</i>{% endcomponent Note %}\
         {% component Tip(text) %}<u>tip one {{ text }}</u>{% endcomponent Tip %}",
    ),
    (
        "templates/layouts/article.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page_title }}</h1>\
         <p>parent one</p>{% block article %}{% endblock article %}{% endblock content %}",
    ),
    (
        "templates/page.html",
        "{% extends \"layouts/article.html\" %}\
         {% block article %}{{ <Note text=\"n\" /> }}{% endblock article %}",
    ),
    (
        "templates/lesson.html",
        "{% extends \"base.html\" %}\
         {% block content %}{{ <Badge text={lesson.title} /> }}{% endblock content %}",
    ),
];

#[test]
fn editing_a_pulled_in_template_reaches_the_pages_using_it() {
    let mut s = Session::new();
    for (rel, text) in PULLED_IN {
        s.write(rel, text);
    }
    let about = "about/index.html";
    let lesson = "lessons/fire/candles/index.html";
    let edits = [
        (
            "templates/partials/footer.html",
            "footer one",
            "footer two",
            about,
        ),
        (
            "templates/components/badge.html",
            "badge one",
            "badge two",
            lesson,
        ),
        (
            "templates/components/library.html",
            "note one",
            "note two",
            about,
        ),
        (
            "templates/layouts/article.html",
            "parent one",
            "parent two",
            about,
        ),
    ];
    for (rel, old, new, page) in edits {
        assert!(s.site.read(page).contains(old), "{page} shows {old}");
        let text = fs::read_to_string(s.site.root.join(rel)).unwrap();
        let written = s.write(rel, &text.replace(old, new));
        let html = s.site.read(page);
        assert!(
            html.contains(new) && !html.contains(old),
            "{page} after editing {rel}"
        );
        assert!(
            written.contains(&page.to_string()),
            "{page} not in {written:?}"
        );
    }
}

#[test]
fn changing_only_the_theme_strings_updates_callout_words() {
    let mut s = Session::new();
    let lesson = "lessons/fire/extinguisher/index.html";
    assert_eq!(
        s.site
            .html(lesson)
            .text("main aside.callout-warning .callout-title"),
        "Warning"
    );
    // `write` also checks that the incremental output equals a fresh full build.
    s.write(
        "themes/default/i18n/en.yaml",
        "callout_warning: \"Danger\"\n",
    );
    let page = s.site.html(lesson);
    assert_eq!(
        page.text("main aside.callout-warning .callout-title"),
        "Danger"
    );
    assert_eq!(
        page.attrs("main aside.callout-warning", "aria-label"),
        ["Danger"]
    );
    s.remove("themes/default/i18n/en.yaml");
    assert_eq!(
        s.site
            .html(lesson)
            .text("main aside.callout-warning .callout-title"),
        "Warning"
    );
}

#[test]
fn moving_the_clock_expires_and_publishes() {
    let mut s = Session::new();
    s.state.opts.now = Some("2027-03-16".to_string());
    let report = rebuild(&mut s.state, &[Change::Clock]).unwrap();
    assert!(
        report
            .paths
            .contains(&"announcements/drill/index.html".to_string())
    );
    s.assert_matches_full_build("the clock");
    assert_eq!(s.site.html("index.html").count(".urgent-banner"), 0);
}

#[test]
fn a_failed_rebuild_keeps_output_and_is_retried() {
    let mut s = Session::new();
    let before = tree(&s.state.opts.output);
    s.site.write(
        "content/lessons/fire/candles.md",
        "---\ntitle: [broken\n---\n",
    );
    let err = rebuild(
        &mut s.state,
        &[Change::Content("lessons/fire/candles.md".into())],
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("content/lessons/fire/candles.md:"),
        "{err}"
    );
    assert_eq!(tree(&s.state.opts.output), before, "output untouched");
    // A change to another file: the broken one is still pending and still reported.
    s.site
        .write("content/pages/about.md", "---\ntitle: About\n---\nUs.\n");
    assert!(rebuild(&mut s.state, &[Change::Content("pages/about.md".into())]).is_err());
    // Fixing it rebuilds both.
    s.site.write(
        "content/lessons/fire/candles.md",
        &lesson("Fixed", "2026-07-20", "Home", "Ok."),
    );
    rebuild(
        &mut s.state,
        &[Change::Content("lessons/fire/candles.md".into())],
    )
    .unwrap();
    s.assert_matches_full_build("the fix");
    assert_eq!(s.site.html("about/index.html").text("main h1"), "About");
}

#[test]
fn changed_date_words_rewrite_reused_summaries() {
    let mut s = Session::new();
    let written = s.write("themes/default/i18n/en.yaml", "month_3: \"Marzo\"\n");
    assert!(
        written.contains(&"lessons/fire/extinguisher/index.html".to_string()),
        "{written:?}"
    );
    let page = s.site.html("lessons/fire/extinguisher/index.html");
    assert_eq!(page.text("main time"), "1 Marzo 2026");
    let cards = s
        .site
        .html("lessons/fire/index.html")
        .texts(".lesson-card time");
    assert!(cards.iter().all(|d| !d.contains("March")), "{cards:?}");
}

#[test]
fn a_broken_template_keeps_output() {
    let mut s = Session::new();
    let before = tree(&s.state.opts.output);
    s.site.write("templates/lesson.html", "{% extends \"base.html\" %}{% block content %}{{ lesson.nope | upper }}{% endblock content %}");
    assert!(rebuild(&mut s.state, &[Change::Theme]).is_err());
    assert_eq!(tree(&s.state.opts.output), before);
}

#[test]
fn deleting_a_folder_removes_its_pages() {
    let mut s = Session::new();
    fs::remove_dir_all(s.site.root.join("content/lessons/traffic")).unwrap();
    let report = rebuild(&mut s.state, &[Change::Content("lessons/traffic".into())]).unwrap();
    assert!(
        report
            .paths
            .contains(&"lessons/traffic/crossing/index.html".to_string())
    );
    assert!(!s.site.exists("lessons/traffic/crossing/index.html"));
    s.assert_matches_full_build("a folder removal");
}

#[test]
fn dropping_a_weight_reorders_neighbours() {
    // Found by the random test: after the weight goes, the category's order changes while
    // nothing else that lists the lessons does.
    let mut s = Session::new();
    s.remove("content/lessons/fire/candles.md");
    let extinguisher = "lessons/fire/extinguisher.md";
    let text = std::fs::read_to_string(s.site.root.join("content").join(extinguisher)).unwrap();
    s.write(
        &format!("content/{extinguisher}"),
        &text.replace("weight: 1", "weight: 0"),
    );
    let plain = text
        .replace("weight: 1\n", "")
        .replace("tags: [equipment, home]\n", "");
    s.write(&format!("content/{extinguisher}"), &plain);
}

#[test]
fn a_category_colour_edit_repaints_its_pages() {
    let mut s = Session::new();
    let config = std::fs::read_to_string(s.site.root.join("site.yaml")).unwrap();
    let coloured = config.replace(
        "    icon: flame\n",
        "    icon: flame\n    color: \"#a63d00\"\n",
    );
    assert_ne!(
        coloured, config,
        "the fixture names the fire category's icon"
    );
    let written = s.write("site.yaml", &coloured);
    assert!(
        written.contains(&"lessons/fire/index.html".to_string()),
        "{written:?}"
    );
    let page = s.site.read("lessons/fire/index.html");
    assert!(
        page.contains("#a63d00"),
        "the colour reaches the category page"
    );
    let recoloured = coloured.replace("#a63d00", "#0b5cab");
    s.write("site.yaml", &recoloured);
    let page = s.site.read("lessons/fire/index.html");
    assert!(page.contains("#0b5cab") && !page.contains("#a63d00"));
}

#[test]
fn a_rebuild_failing_while_writing_is_repaired_by_the_next() {
    let mut s = Session::new();
    // A file stands where the new lesson needs a folder, so writing its page fails after
    // other pages (home, category, tags) may already be rewritten.
    let stray = s.state.opts.output.join("lessons/fire/ladders");
    std::fs::write(&stray, "in the way").unwrap();
    s.site.write(
        "content/lessons/fire/ladders.md",
        &lesson("Ladders", "2026-11-20", "home", "Hold with both hands."),
    );
    let change = [Change::Content("lessons/fire/ladders.md".into())];
    let err = rebuild(&mut s.state, &change).unwrap_err();
    assert!(err.to_string().contains("ladders"), "{err}");
    // The author takes the lesson back and the obstacle is gone: the site must be as before.
    std::fs::remove_file(&stray).unwrap();
    s.site.remove("content/lessons/fire/ladders.md");
    rebuild(&mut s.state, &change).unwrap();
    s.assert_matches_full_build("taking the lesson back");
    assert!(!s.site.read("index.html").contains("Ladders"));
}

#[test]
fn a_new_first_paragraph_updates_every_card_of_the_lesson() {
    // Without a `summary` field the card shows the first paragraph: editing only the text
    // keeps every list as it was, so this takes the rebuild's fastest path.
    let mut s = Session::new();
    let rel = "content/lessons/fire/candles.md";
    let text = std::fs::read_to_string(s.site.root.join(rel)).unwrap();
    assert!(
        !text.contains("summary:"),
        "the fixture lesson has no summary field"
    );
    let edited = text.replace("Never leave a flame alone.", "Blow out every candle.");
    assert_ne!(edited, text);
    let written = s.write(rel, &edited);
    for page in [
        "index.html",
        "lessons/fire/index.html",
        "tags/home/index.html",
    ] {
        assert!(
            written.contains(&page.to_string()),
            "{page} not rewritten: {written:?}"
        );
        assert!(
            s.site.read(page).contains("Blow out every candle."),
            "{page}"
        );
    }
}

#[test]
fn dropping_a_ui_string_in_watch_mode_is_an_error_until_it_is_back() {
    let template = "<meta name=\"share-hint\" content=\"{{ t.share_hint }}\">\n";
    let zh = "share_hint: \"分享本页\"\n";
    let mut s = Session::with_files(&[
        ("templates/partials/head_extra.html", template),
        (
            "themes/default/i18n/en.yaml",
            "share_hint: \"Share this page\"\n",
        ),
        ("themes/default/i18n/zh.yaml", zh),
    ]);
    let zh_lesson = "zh/lessons/fire/extinguisher/index.html";
    assert_eq!(
        s.site
            .html(zh_lesson)
            .attrs("meta[name=share-hint]", "content"),
        ["分享本页"]
    );
    let before = tree(&s.state.opts.output);
    s.site.write("themes/default/i18n/zh.yaml", "# 稍后翻译\n");
    // The preview overlay shows this error's text.
    let err = rebuild(&mut s.state, &[Change::Theme]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "themes/default/i18n/zh.yaml: missing key `share_hint` (used by templates/partials/head_extra.html) — add it, e.g. share_hint: \"Share this page\""
    );
    assert_eq!(tree(&s.state.opts.output), before, "output untouched");
    // Putting it back, reworded, rebuilds as a full build would.
    s.write("themes/default/i18n/zh.yaml", "share_hint: \"转发本页\"\n");
    assert_eq!(
        s.site
            .html(zh_lesson)
            .attrs("meta[name=share-hint]", "content"),
        ["转发本页"]
    );
}

#[test]
fn editing_a_site_icon_repaints_every_page_that_shows_it() {
    let mut s = Session::new();
    let icon = |d: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path fill=\"currentColor\" d=\"{d}\"/></svg>\n"
        )
    };
    let shown = |s: &Session, rel: &str| {
        s.site
            .html(rel)
            .attrs(".category-header__icon svg path", "d")
    };
    // The site's own flame replaces the theme's, on every page that shows it.
    let written = s.write("static/icons/flame.svg", &icon("M1 1h22v22z"));
    for page in [
        "lessons/fire/index.html",
        "index.html",
        "lessons/fire/extinguisher/index.html",
    ] {
        assert!(
            written.contains(&page.to_string()),
            "{page} not in {written:?}"
        );
    }
    assert_eq!(shown(&s, "lessons/fire/index.html"), ["M1 1h22v22z"]);
    s.write("static/icons/flame.svg", &icon("M2 2h20v20z"));
    assert_eq!(shown(&s, "lessons/fire/index.html"), ["M2 2h20v20z"]);
    // A broken icon fails the rebuild and changes nothing.
    let before = tree(&s.state.opts.output);
    s.site.write(
        "static/icons/flame.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"/>",
    );
    assert!(rebuild(&mut s.state, &[Change::Theme]).is_err());
    assert_eq!(tree(&s.state.opts.output), before);
    // Removing the site's icon brings the theme's back.
    s.remove("static/icons/flame.svg");
    let theme_flame = shown(&s, "lessons/fire/index.html");
    assert_eq!(theme_flame.len(), 1);
    assert_ne!(theme_flame, ["M2 2h20v20z"]);
    // A new icon named in site.yaml.
    let config = fs::read_to_string(s.site.root.join("site.yaml")).unwrap();
    s.site.write("static/icons/car.svg", &icon("M3 3h4v4z"));
    s.write(
        "site.yaml",
        &config.replace(
            "    description: Safe on the road.\n",
            "    description: Safe on the road.\n    icon: car\n",
        ),
    );
    assert_eq!(shown(&s, "lessons/traffic/index.html"), ["M3 3h4v4z"]);
    s.write("static/icons/car.svg", &icon("M5 5h4v4z"));
    assert_eq!(shown(&s, "lessons/traffic/index.html"), ["M5 5h4v4z"]);
}

#[test]
fn an_update_and_cap_settings_rewrite_the_alert() {
    let mut s = Session::new();
    let gas = "content/announcements/gas-warning.md";
    let alert = "announcements/gas-warning/alert.xml";
    let text = s.site.read_source(gas);
    let updated = text.replace(
        "urgency: urgent\n",
        "updated: 2026-11-26T09:00:00+08:00\nurgency: urgent\n",
    );
    assert_ne!(updated, text, "the fixture's gas warning is urgent");
    let written = s.write(gas, &updated);
    assert!(written.contains(&alert.to_string()), "{written:?}");
    assert!(s.site.read(alert).contains("<msgType>Update</msgType>"));
    // A translation gives the alert a second <info>, in the alert it shares.
    let zh = "content/announcements/gas-warning.zh.md";
    s.write(
        zh,
        &updated.replace("Heating season gas warning", "燃气警示"),
    );
    assert!(s.site.read(alert).contains("<language>zh</language>"));
    let config = s.site.read_source("site.yaml");
    s.write(
        "site.yaml",
        &format!("{config}cap:\n  sender: \"office.test\"\n  area: \"City\"\n"),
    );
    assert!(s.site.read(alert).contains("<sender>office.test</sender>"));
    s.remove(zh);
    assert!(!s.site.read(alert).contains("<language>zh</language>"));
}

#[test]
fn posters_follow_their_lesson_the_hotlines_and_the_switches() {
    let mut s = Session::new();
    let candles = "content/lessons/fire/candles.md";
    let poster = "lessons/fire/candles/poster/index.html";
    // A key point: the lesson and its poster are written, no other poster.
    let text = lesson("Candles", "2026-07-20", "Home", "Blow them out.");
    let written = s.write(
        candles,
        &text.replacen(
            "---\n",
            "---\nkey_points: [\"Never leave a flame alone.\"]\n",
            1,
        ),
    );
    assert!(written.contains(&poster.to_string()), "{written:?}");
    assert!(
        !written
            .iter()
            .any(|p| p.ends_with("/poster/index.html") && p != poster),
        "{written:?}"
    );
    // A hotline renamed: every poster shows it.
    let yaml = fs::read_to_string(s.site.root.join("site.yaml")).unwrap();
    let written = s.write(
        "site.yaml",
        &yaml.replace("name: Fire and rescue", "name: Fire brigade"),
    );
    assert!(written.contains(&poster.to_string()), "{written:?}");
    // `poster: false`: the poster goes, and the lesson's link to it.
    let written = s.write(candles, &text.replacen("---\n", "---\nposter: false\n", 1));
    assert!(written.contains(&"lessons/fire/candles/index.html".to_string()));
    assert!(!s.site.root.join("public").join(poster).exists());
    // `posters: false` in site.yaml, then on again.
    let yaml = fs::read_to_string(s.site.root.join("site.yaml")).unwrap();
    s.write("site.yaml", &format!("{yaml}posters: false\n"));
    assert!(
        !tree(&s.site.root.join("public"))
            .keys()
            .any(|p| p.contains("/poster/"))
    );
    s.write("site.yaml", &yaml);
    assert!(
        s.site
            .root
            .join("public/lessons/fire/escape-plan/poster/index.html")
            .exists()
    );
}

#[test]
fn a_rebuild_warns_about_a_poster_it_rendered_that_does_not_fit() {
    // Staff edit in watch mode: the warning a full build gives must come with the rebuild.
    let mut s = Session::new();
    let candles = "content/lessons/fire/candles.md";
    let points =
        "  - \"Switch off heaters and check the gas before leaving the house.\"\n".repeat(40);
    let text = lesson("Candles", "2026-07-20", "Home", "Blow them out.");
    s.site.write(
        candles,
        &text.replacen("---\n", &format!("---\nkey_points:\n{points}"), 1),
    );
    let change = Change::Content("lessons/fire/candles.md".into());
    let report = rebuild(&mut s.state, &[change]).expect("rebuild");
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("candles.md:") && warnings[0].contains("does not fit on one A4 page"),
        "{warnings:?}"
    );
    // Another lesson's edit does not repeat it: only posters rendered again are checked.
    let other = "content/lessons/fire/extinguisher.md";
    let text = s.site.read_source(other);
    s.site.write(other, &format!("{text}\nOne more line.\n"));
    let report = rebuild(
        &mut s.state,
        &[Change::Content("lessons/fire/extinguisher.md".into())],
    )
    .expect("rebuild");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn renaming_a_heading_breaks_the_links_of_unchanged_pages_to_it() {
    let mut s = Session::new();
    let plan = "content/lessons/fire/escape-plan.md";
    let text = s.site.read_source(plan);
    // An unchanged page (extinguisher.md) links to `#meeting-point`: its links, reused while
    // their targets stay, must be checked again when the target's headings change.
    let renamed = text.replace("{#meeting-point}", "{#gathering}");
    assert_ne!(renamed, text, "the fixture has the heading");
    s.site.write(plan, &renamed);
    let err = rebuild(
        &mut s.state,
        &[Change::Content("lessons/fire/escape-plan.md".into())],
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("content/lessons/fire/extinguisher.md:") && err.contains("#meeting-point"),
        "{err}"
    );
    // Renaming it back: the unchanged page's link works again, and its lesson links there.
    s.write(plan, &text);
    assert!(
        s.site
            .read("lessons/fire/extinguisher/index.html")
            .contains("/lessons/fire/escape-plan/#meeting-point")
    );
}

#[test]
fn a_new_update_date_moves_the_sitemap_s_lastmod() {
    let mut s = Session::new();
    let candles = "content/lessons/fire/candles.md";
    let text = s.site.read_source(candles);
    let updated = text.replacen("---\n", "---\nupdated: 2026-11-27T08:00:00+08:00\n", 1);
    let written = s.write(candles, &updated);
    assert!(written.contains(&"sitemap.xml".to_string()), "{written:?}");
    assert!(
        s.site
            .read("sitemap.xml")
            .contains("2026-11-27T08:00:00+08:00")
    );
    // A title edit shows in no sitemap: it is not written again.
    let written = s.write(candles, &updated.replace("title: ", "title: New "));
    assert!(!written.contains(&"sitemap.xml".to_string()), "{written:?}");
}
