//! What publicity staff read when they make the common mistakes: snapshots of the messages
//! in Chinese and English, plain and in colour, and `NO_COLOR` respected.

mod common;

use assert_cmd::Command;
use common::SiteTest;

/// The site with one of each common mistake in its content.
fn mistakes() -> SiteTest {
    let t = SiteTest::fixture("basic");
    // A misspelt field.
    t.write(
        "content/lessons/fire/typo.md",
        "---\ntitle: \"Candles\"\ndate: 2026-03-01\nsumary: \"Never leave them\"\n---\nText.\n",
    );
    // A date that is not one.
    t.write(
        "content/lessons/fire/date.md",
        "---\ntitle: \"Heaters\"\ndate: 2026-13-45\n---\nText.\n",
    );
    // No title.
    t.write(
        "content/lessons/traffic/untitled.md",
        "---\ndate: 2026-03-01\n---\nText.\n",
    );
    // A link to a lesson that is not there, one letter off.
    t.write(
        "content/lessons/traffic/link.md",
        "---\ntitle: \"Cycling\"\ndate: 2026-03-01\n---\nSee [crossing](@/lessons/traffic/crosing.md).\n",
    );
    // A category folder site.yaml does not have.
    t.write(
        "content/lessons/fier/stove.md",
        "---\ntitle: \"Stoves\"\ndate: 2026-03-01\n---\nText.\n",
    );
    t
}

/// Builds `t` with the messages in `lang`, in colour or not, and returns what it printed,
/// with the temporary folder's path replaced by `[ROOT]`.
fn build(t: &SiteTest, lang: &str, color: bool) -> String {
    let mut cmd = Command::cargo_bin("safepress").unwrap();
    cmd.args([
        "build",
        "--root",
        t.root.to_str().unwrap(),
        "--now",
        common::NOW,
    ])
    .args(["--lang", lang])
    .env_remove("SAFEPRESS_MESSAGE_FORMAT")
    .env_remove("NO_COLOR")
    .env_remove("CLICOLOR_FORCE");
    if color {
        cmd.env("CLICOLOR_FORCE", "1");
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).replace(t.root.to_str().unwrap(), "[ROOT]")
}

#[test]
fn common_mistakes_in_english() {
    let t = mistakes();
    insta::assert_snapshot!("mistakes_en_plain", build(&t, "en", false));
    insta::assert_snapshot!("mistakes_en_color", build(&t, "en", true));
}

#[test]
fn common_mistakes_in_chinese() {
    let t = mistakes();
    insta::assert_snapshot!("mistakes_zh_plain", build(&t, "zh", false));
    insta::assert_snapshot!("mistakes_zh_color", build(&t, "zh", true));
}

#[test]
fn a_template_error_names_the_template_line_and_variable() {
    let t = SiteTest::fixture("basic");
    t.write(
        "templates/lesson.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n{{ page.no_such_field }}\n{% endblock content %}\n",
    );
    let en = build(&t, "en", false);
    assert!(en.contains(" --> templates/lesson.html:3:8"), "{en}");
    assert!(en.contains("Variable `page` is not defined"), "{en}");
    assert!(
        en.contains("3 | <h1>{{ page.title }}</h1>"),
        "the line is quoted:\n{en}"
    );
    assert!(!en.contains("__safepress"), "no internal names:\n{en}");
    insta::assert_snapshot!("template_en_plain", en);
    insta::assert_snapshot!("template_zh_plain", build(&t, "zh", false));
}

#[test]
fn a_broken_link_suggests_the_nearest_lesson() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/lessons/traffic/link.md",
        "---\ntitle: \"Cycling\"\ndate: 2026-03-01\n---\nText.\n\nSee [crossing](@/lessons/traffic/crosing.md).\n",
    );
    insta::assert_snapshot!("link_en_plain", build(&t, "en", false));
    insta::assert_snapshot!("link_zh_plain", build(&t, "zh", false));
}

#[test]
fn no_color_wins_over_a_terminal_and_a_forced_colour() {
    let t = mistakes();
    let colored = build(&t, "en", true);
    assert!(
        colored.contains("\u{1b}["),
        "colour when forced:\n{colored}"
    );
    let out = Command::cargo_bin("safepress")
        .unwrap()
        .args(["build", "--root", t.root.to_str().unwrap(), "--lang", "en"])
        .env_remove("SAFEPRESS_MESSAGE_FORMAT")
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains('\u{1b}'),
        "no escape codes under NO_COLOR:\n{stderr}"
    );
    assert!(
        stderr.contains(" --> content/lessons/fire/typo.md:4:1"),
        "{stderr}"
    );
    // Piped, as here, with nothing forced: plain.
    let plain = build(&t, "en", false);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    assert!(
        plain.contains("4 | sumary: \"Never leave them\""),
        "the line is quoted:\n{plain}"
    );
    assert!(
        plain.contains("  | ^^^^^^^"),
        "a caret under the field:\n{plain}"
    );
}
