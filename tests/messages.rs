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
    // A field the lesson does not have.
    t.write(
        "templates/lesson.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ lesson.no_such_field }}</h1>\n{% endblock content %}\n",
    );
    let en = build(&t, "en", false);
    assert!(en.contains(" --> templates/lesson.html:3:"), "{en}");
    assert!(
        en.contains("there is no field `no_such_field` here"),
        "{en}"
    );
    assert!(
        en.contains("3 | <h1>{{ lesson.no_such_field }}</h1>"),
        "the line is quoted:\n{en}"
    );
    insta::assert_snapshot!("template_en_plain", en);
    insta::assert_snapshot!("template_zh_plain", build(&t, "zh", false));
    // A variable the page does not have.
    t.write(
        "templates/lesson.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n{% endblock content %}\n",
    );
    let en = build(&t, "en", false);
    assert!(en.contains(" --> templates/lesson.html:3:8"), "{en}");
    assert!(
        en.contains("the variable `page` is not defined here"),
        "{en}"
    );
    assert!(!en.contains("__safepress"), "no internal names:\n{en}");
    // A filter there is not, found when the templates load.
    t.write(
        "templates/lesson.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ lesson.title | shout }}</h1>\n{{ nope() }}\n{% endblock content %}\n",
    );
    let zh = build(&t, "zh", false);
    assert!(zh.contains("模板出错：没有过滤器 `shout`"), "{zh}");
    assert!(zh.contains(" --> templates/lesson.html:3:"), "{zh}");
    // Every problem found at load, each at its place.
    assert!(zh.contains("模板出错：没有函数 `nope`"), "{zh}");
    assert!(zh.contains(" --> templates/lesson.html:4:"), "{zh}");
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

/// English prose left in a Chinese message: three English words in a row outside `code`
/// (names, values and lists in backticks or after a colon are the reader's own words).
fn english_prose(line: &str) -> Option<String> {
    let mut outside = String::new();
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 0 {
            outside.push_str(part);
            outside.push(' ');
        }
    }
    // A word with a comma after it ends a run: `a, b, c` is a list of names, not prose.
    let words: Vec<&str> = outside.split(' ').collect();
    let is_word = |w: &str| {
        let w = w.trim_matches(|c: char| c.is_ascii_punctuation());
        w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic())
    };
    words
        .windows(3)
        .find(|w| w.iter().all(|word| is_word(word)) && !w[..2].iter().any(|x| x.ends_with(',')))
        .map(|w| w.join(" "))
}

/// `check` in Chinese, one line per problem.
fn check_zh(t: &SiteTest) -> String {
    let out = Command::cargo_bin("safepress")
        .unwrap()
        .args([
            "check",
            "--root",
            t.root.to_str().unwrap(),
            "--now",
            common::NOW,
        ])
        .args(["--lang", "zh", "--message-format", "short"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_problem_is_said_in_chinese_when_asked() {
    // site.yaml's own problems stop the check before the content is read.
    let t = SiteTest::fixture("basic");
    let site = std::fs::read_to_string(t.root.join("site.yaml")).unwrap();
    t.write(
        "site.yaml",
        &site
            .replace("timezone: Asia/Shanghai", "timezone: Asia/Shanghia")
            .replace("paginate: 2", "paginate: 0\ncap:\n  sender: \"a b\"")
            .replace("icon: flame", "icon: flame\n    color: \"#ffcc00\""),
    );
    let config = check_zh(&t);
    // The content's problems, all in one check.
    let t = mistakes();
    for (path, text) in [
        (
            "content/announcements/level.md",
            "---\ntitle: T\ndate: 2026-01-01\nlevel: purple\n---\nBody\n",
        ),
        (
            "content/announcements/urgency.md",
            "---\ntitle: T\ndate: 2026-01-01\nlevel: red\nurgency: info\nexpires: 2025-01-01\n---\nBody\n",
        ),
        (
            "content/announcements/yaml.md",
            "---\ntitle: a: b\ndate: 2026-01-01\n---\nBody\n",
        ),
        ("content/announcements/open.md", "---\ntitle: T\n"),
        (
            "content/announcements/campaign.md",
            "---\ntitle: T\ndate: 2026-01-01\ncampaigns: [month]\n---\nBody\n",
        ),
        (
            "content/lessons/fire/quiz.md",
            "---\ntitle: Q\ndate: 2026-01-01\nquiz:\n  - {question: \"\", options: [a, a], answer: 3}\n---\nBody\n",
        ),
        (
            "content/lessons/fire/slug.md",
            "---\ntitle: S\ndate: 2026-01-01\nslug: \"a/b\"\ntags: [\"!!\"]\n---\nBody\n",
        ),
        (
            "content/lessons/fire/gas.fr.md",
            "---\ntitle: G\ndate: 2026-01-01\n---\nBody\n",
        ),
        ("content/stray.md", "---\ntitle: S\n---\nBody\n"),
        (
            "content/lessons/fire/tags.md",
            "---\ntitle: T\ndate: 2026-01-01\ntags: 消防\n---\nBody\n",
        ),
        (
            "content/lessons/fire/answr.md",
            "---\ntitle: T\ndate: 2026-01-01\nquiz:\n  - {question: Q, options: [a, b], answr: 1}\n---\nBody\n",
        ),
        (
            "content/lessons/fire/weight.md",
            "---\ntitle: T\ndate: 2026-01-01\nweight: high\n---\nBody\n",
        ),
    ] {
        t.write(path, text);
    }
    let content = check_zh(&t);
    let problems: Vec<&str> = config
        .lines()
        .chain(content.lines())
        .filter(|l| l.starts_with("错误"))
        .collect();
    assert!(problems.len() >= 20, "{config}\n{content}");
    for line in &problems {
        assert_eq!(english_prose(line), None, "English in: {line}");
    }
    for expected in [
        "不认识的时区",
        "paginate 至少是 1",
        "不能作 CAP 发布者",
        "对比度只有",
        "不是这个字段可以取的值",
        "低于红色预警",
        "前置字段块一直没有结束",
        "没有 `month` 这个专题活动",
        "第 1 题的 `question` 是空的",
        "网址名里不能有 `/`",
        "没有文字或数字",
        "网站没有 `fr` 这种语言",
        "不在内容文件夹里",
        "不晚于 `date`",
        "`tags` 应该是列表",
        "值后面又出现了冒号",
        "没有 `answr` 这个字段（是不是想写 `answer`？）",
        "`weight` 应该是整数，这里写的是 \"high\"",
    ] {
        assert!(
            problems.iter().any(|l| l.contains(expected)),
            "no problem says “{expected}”:\n{config}\n{content}"
        );
    }
}
