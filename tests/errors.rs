//! Bad input: every problem is reported as `path:line:col: what — fix`, the exit code is 1
//! (2 for usage errors), nothing panics, and the previous output is left exactly as it was.

mod common;

use common::SiteTest;
use std::fs;

const LESSON: &str = "content/lessons/fire/bad.md";

/// Builds once, breaks the site with `edit`, rebuilds, and checks the failure.
fn fails_with(edit: impl FnOnce(&SiteTest), expected: &[&str]) -> String {
    let t = SiteTest::fixture("basic");
    t.build();
    let before = snapshot(&t);
    edit(&t);
    let run = t.run(&[]);
    assert_eq!(run.code, 1, "exit code; stderr:\n{}", run.stderr);
    for e in expected {
        assert!(run.stderr.contains(e), "expected {e:?} in:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stderr.contains("was not changed"), "{}", run.stderr);
    assert_eq!(snapshot(&t), before, "the previous public/ must be intact");
    run.stderr
}

fn snapshot(t: &SiteTest) -> Vec<(String, Vec<u8>)> {
    t.files()
        .into_iter()
        .map(|f| (f.clone(), fs::read(t.out(&f)).unwrap()))
        .collect()
}

fn lesson(text: &str) -> impl FnOnce(&SiteTest) + '_ {
    move |t| {
        t.write(LESSON, text);
    }
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let err = fails_with(
        lesson("---\ntitle: \"Bad\ndate: 2026-01-01\ntags: [a, b\n---\nBody\n"),
        &["content/lessons/fire/bad.md:", "invalid YAML"],
    );
    let line: usize = err
        .split("bad.md:")
        .nth(1)
        .and_then(|s| s.split(':').next())
        .and_then(|n| n.parse().ok())
        .expect("a line number after the path");
    assert!(
        (2..=5).contains(&line),
        "line {line} should be inside the front matter: {err}"
    );
}

#[test]
fn missing_front_matter_delimiter_is_reported() {
    fails_with(
        lesson("title: No block\ndate: 2026-01-01\n\nBody\n"),
        &[
            "content/lessons/fire/bad.md:1:1: the file does not start with a front matter block — make the first line `---`",
        ],
    );
}

#[test]
fn unclosed_front_matter_is_reported() {
    fails_with(
        lesson("---\ntitle: Open\ndate: 2026-01-01\n\nBody\n"),
        &[
            "content/lessons/fire/bad.md:1:1: the front matter block opened on line 1 is never closed",
        ],
    );
}

#[test]
fn missing_title_is_reported() {
    fails_with(
        lesson("---\ndate: 2026-01-01\n---\nBody\n"),
        &["content/lessons/fire/bad.md: the lesson has no `title` — add a line `title: …`"],
    );
}

#[test]
fn unknown_field_is_reported_with_suggestion() {
    fails_with(
        lesson("---\ntitle: T\ndate: 2026-01-01\nsumary: typo\n---\nBody\n"),
        &[
            "content/lessons/fire/bad.md:4:1: unknown lesson field `sumary` (did you mean `summary`?) — use one of: title, date",
        ],
    );
}

#[test]
fn unknown_category_folder_is_reported() {
    fails_with(
        |t| {
            t.write(
                "content/lessons/fier/x.md",
                "---\ntitle: T\ndate: 2026-01-01\n---\nBody\n",
            );
        },
        &[
            "content/lessons/fier/x.md: `fier` is not a category in site.yaml (did you mean `fire`?) — move the file into the folder of one of the categories under content/lessons/ (fire, traffic)",
        ],
    );
}

#[test]
fn bad_date_is_reported() {
    fails_with(
        lesson("---\ntitle: T\ndate: 2026-02-30\n---\nBody\n"),
        &[
            "content/lessons/fire/bad.md:3:1: `date`: `2026-02-30` is not a date — write the date as YYYY-MM-DD",
        ],
    );
}

#[test]
fn bad_urgency_is_reported() {
    fails_with(
        |t| {
            t.write(
                "content/announcements/bad.md",
                "---\ntitle: T\ndate: 2026-01-01\nurgency: critical\n---\nBody\n",
            );
        },
        &[
            "content/announcements/bad.md:4:",
            "`critical` is not one of the values this field takes (info, warning, urgent)",
        ],
    );
}

#[test]
fn bad_level_is_reported() {
    fails_with(
        |t| {
            t.write(
                "content/announcements/bad.md",
                "---\ntitle: T\ndate: 2026-01-01\nlevel: purple\n---\nBody\n",
            );
        },
        &[
            "content/announcements/bad.md:4:",
            "`purple` is not one of the values this field takes (blue, yellow, orange, red)",
        ],
    );
}

#[test]
fn urgency_below_what_the_level_needs_is_reported() {
    fails_with(
        |t| {
            t.write(
                "content/announcements/bad.md",
                "---\ntitle: T\ndate: 2026-01-01\nlevel: red\nurgency: info\n---\nBody\n",
            );
        },
        &[
            "content/announcements/bad.md:5:",
            "`urgency: info` is lower than a red warning needs (`urgent`)",
            "remove the `urgency` line",
        ],
    );
}

#[test]
fn all_problems_of_a_run_are_reported_together() {
    let err = fails_with(
        |t| {
            t.write(LESSON, "---\ntitle: T\ndate: someday\n---\n");
            t.write("content/lessons/traffic/worse.md", "no front matter\n");
        },
        &["bad.md:3:1:", "worse.md:1:1:", "2 problems"],
    );
    assert_eq!(
        err.lines()
            .filter(|l| l.starts_with("error: content/"))
            .count(),
        2,
        "{err}"
    );
}

#[test]
fn broken_internal_link_names_source_line() {
    fails_with(
        lesson(
            "---\ntitle: T\ndate: 2026-01-01\n---\nIntro.\n\nSee [x](@/lessons/fire/extinguishr.md).\n",
        ),
        &[
            "content/lessons/fire/bad.md:7:5: the link to `@/lessons/fire/extinguishr.md` points at no file (did you mean `@/lessons/fire/extinguisher.md`?)",
        ],
    );
}

#[test]
fn broken_anchor_is_rejected() {
    fails_with(
        lesson("---\ntitle: T\ndate: 2026-01-01\n---\n[x](@/lessons/fire/extinguisher.md#typs)\n"),
        &[
            "content/lessons/fire/bad.md:5:1: `#typs` is not a heading in lessons/fire/extinguisher.md (did you mean `types`?)",
        ],
    );
}

#[test]
fn link_to_a_draft_is_rejected() {
    fails_with(
        lesson("---\ntitle: T\ndate: 2026-01-01\n---\n[x](@/lessons/fire/smoke-alarms.md)\n"),
        &["bad.md:5:1: the link to `@/lessons/fire/smoke-alarms.md` points at a draft"],
    );
}

#[test]
fn url_collision_lists_both_sources() {
    let stderr = fails_with(
        |t| {
            t.write(
                "content/lessons/fire/copy.md",
                "---\ntitle: Copy\ndate: 2026-01-01\nslug: candles\n---\nBody\n",
            );
        },
        &[
            "two sources claim /lessons/fire/candles/index.html",
            "content/lessons/fire/candles.md",
            "content/lessons/fire/copy.md",
        ],
    );
    // Their posters collide too, which the one problem already says.
    assert!(stderr.contains("with 1 problem;"), "{stderr}");
}

#[test]
fn page_claiming_a_builtin_url_collides() {
    fails_with(
        |t| {
            t.write(
                "content/pages/lessons.md",
                "---\ntitle: Lessons\n---\nBody\n",
            );
        },
        &[
            "two sources claim /lessons/index.html",
            "the lessons index",
            "content/pages/lessons.md",
        ],
    );
}

#[test]
fn page_needing_a_folder_where_a_file_goes_collides() {
    fails_with(
        |t| {
            t.write(
                "content/pages/feed.md",
                "---\ntitle: Feed\nslug: feed.xml\n---\nBody\n",
            );
        },
        &[
            "two sources claim /feed.xml",
            "the site feed",
            "content/pages/feed.md",
        ],
    );
}

#[test]
fn bad_site_yaml_is_reported_with_suggestion() {
    fails_with(
        |t| {
            let c = fs::read_to_string(t.root.join("site.yaml")).unwrap();
            t.write("site.yaml", &c.replace("paginate:", "paginat:"));
        },
        &[
            "site.yaml:",
            "unknown site.yaml field `paginat` (did you mean `paginate`?)",
        ],
    );
}

#[test]
fn broken_template_is_reported() {
    fails_with(
        |t| {
            t.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}{{ page.title {% endblock content %}");
        },
        &["templates/page.html"],
    );
}

#[test]
fn misplaced_markdown_is_reported() {
    fails_with(
        |t| {
            t.write("content/notes.md", "---\ntitle: T\n---\n");
        },
        &["content/notes.md: this Markdown file is not in a content folder"],
    );
}

#[test]
fn non_utf8_file_is_reported() {
    let t = SiteTest::fixture("basic");
    t.build();
    fs::write(t.root.join(LESSON), b"---\ntitle: \xff\xfe\n---\n").unwrap();
    let run = t.run(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("bad.md: the file is not UTF-8 text"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_with_two() {
    let t = SiteTest::fixture("basic");
    let run = t.run_at("tomorrow");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--now"), "{}", run.stderr);
    assert_eq!(t.run_raw(&["frobnicate"]).code, 2);
    assert_eq!(t.run_raw(&["--help"]).code, 0);
    assert_eq!(t.run_raw(&["--version"]).code, 0);
}

#[test]
fn missing_site_yaml_is_explained() {
    let t = SiteTest::fixture("basic");
    t.remove("site.yaml");
    let run = t.run(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no site.yaml in"), "{}", run.stderr);
    assert!(run.stderr.contains("pass --root"), "{}", run.stderr);
}

#[test]
fn refuses_dangerous_output_folders() {
    let t = SiteTest::fixture("basic");
    let root = t.root.to_str().unwrap().to_string();
    for (output, why) in [
        (root.clone(), "holds the site itself"),
        (format!("{root}/.."), "holds the site itself"),
        (
            format!("{root}/content"),
            "inside the site's `content/` folder",
        ),
        (
            format!("{root}/content/lessons/out"),
            "inside the site's `content/` folder",
        ),
    ] {
        let run = t.run(&["--output", &output]);
        assert_eq!(run.code, 1, "{output}: {}", run.stderr);
        assert!(run.stderr.contains(why), "{output}: {}", run.stderr);
    }
    assert!(
        t.root
            .join("content/lessons/fire/extinguisher.md")
            .is_file(),
        "content untouched"
    );
    assert!(t.root.join("site.yaml").is_file());
}

#[test]
fn refuses_foreign_non_empty_output_unless_forced() {
    let t = SiteTest::fixture("basic");
    let other = t.root.join("mine");
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("precious.txt"), "keep me").unwrap();
    let run = t.run(&["--output", other.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("not empty and was not made by safepress"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(other.join("precious.txt")).unwrap(),
        "keep me"
    );
    t.build_with(&["--output", other.to_str().unwrap(), "--force"]);
    assert!(other.join("index.html").is_file());
    assert!(!other.join("precious.txt").exists());
    // Once safepress made it, it may replace it without --force.
    t.build_with(&["--output", other.to_str().unwrap()]);
}

#[test]
fn stale_output_files_disappear_on_full_build() {
    let t = SiteTest::fixture("basic");
    t.build();
    assert!(t.exists("lessons/fire/candles/index.html"));
    t.remove("content/lessons/fire/candles.md");
    t.build();
    assert!(!t.exists("lessons/fire/candles/index.html"));
    let leftovers = common::entries(&t.root, "staging");
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A site template override that reads a UI string the built-in theme does not have.
const SHARE_HINT_TEMPLATE: (&str, &str) = (
    "templates/partials/head_extra.html",
    "<meta name=\"share-hint\" content=\"{{ t.share_hint }}\">\n",
);

#[test]
fn a_ui_string_missing_in_one_language_names_the_file_and_the_key() {
    fails_with(
        |t| {
            t.write(SHARE_HINT_TEMPLATE.0, SHARE_HINT_TEMPLATE.1);
            t.write(
                "themes/default/i18n/en.yaml",
                "share_hint: \"Share this page\"\n",
            );
        },
        &[
            "themes/default/i18n/zh.yaml: missing key `share_hint` (used by templates/partials/head_extra.html) — add it, e.g. share_hint: \"Share this page\"",
        ],
    );
}

#[test]
fn a_theme_strings_file_without_a_key_its_templates_read_is_an_error() {
    fails_with(
        |t| {
            // A full copy of the default theme under another name: no built-in layer below it.
            let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
            for entry in walkdir::WalkDir::new(&theme) {
                let entry = entry.unwrap();
                let rel = entry.path().strip_prefix(&theme).unwrap();
                if entry.file_type().is_file() {
                    let text = fs::read_to_string(entry.path()).unwrap();
                    t.write(&format!("themes/civic/{}", rel.display()), &text);
                }
            }
            let en = fs::read_to_string(theme.join("i18n/en.yaml")).unwrap();
            t.write(
                "themes/civic/i18n/en.yaml",
                &en.replace("\nnext: \"Next\"\n", "\n"),
            );
            let c = fs::read_to_string(t.root.join("site.yaml")).unwrap();
            t.write("site.yaml", &format!("{c}theme: civic\n"));
        },
        &[
            "themes/civic/i18n/en.yaml: missing key `next` (used by themes/civic/templates/partials/paginator.html) — add it, e.g. next: \"下一页\"",
        ],
    );
}

#[test]
fn a_site_language_without_a_strings_file_names_the_file_to_create() {
    fails_with(
        |t| {
            let c = fs::read_to_string(t.root.join("site.yaml")).unwrap();
            t.write(
                "site.yaml",
                &c.replace("languages: [zh]", "languages: [zh, fr-CA]"),
            );
        },
        &[
            "themes/default/i18n/fr-CA.yaml: no UI strings for language `fr-CA` of site.yaml — create this file with every key (copy i18n/en.yaml and translate it); a fr.yaml would also serve `fr-CA`",
        ],
    );
}

#[test]
fn a_translation_dropping_a_placeholder_names_the_key() {
    fails_with(
        |t| {
            t.write(
                "themes/default/i18n/zh.yaml",
                "# 只改一处\npage_n_of_m: \"第{n}页\"\n",
            );
        },
        &[
            "themes/default/i18n/zh.yaml:2: `page_n_of_m` in `zh` has no `{m}`, which its `en` text \"Page {n} of {m}\" has",
        ],
    );
}

#[test]
fn an_unknown_ui_string_key_is_reported_with_a_suggestion() {
    fails_with(
        |t| {
            t.write("themes/default/i18n/en.yaml", "nxet: \"Onward\"\n");
        },
        &[
            "themes/default/i18n/en.yaml:1: unknown key `nxet` (did you mean `next`?): no template and nothing in safepress reads it — correct its name, or remove it",
        ],
    );
}

#[test]
fn a_ui_string_looked_up_by_a_computed_key_is_refused() {
    fails_with(
        |t| {
            t.write(
                "templates/partials/head_extra.html",
                "\n<meta name=\"x\" content=\"{{ t[\"lang_\" ~ lang] }}\">\n",
            );
        },
        &[
            "templates/partials/head_extra.html: the template reads UI strings by a key computed at render time",
        ],
    );
}
