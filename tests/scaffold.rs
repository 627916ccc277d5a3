//! `safepress init` and `safepress new`: new sites and files that build at once, in Chinese
//! and English, never replacing anything; completions and the man page.

mod common;

use common::Page;
use safepress::model::frontmatter::{AnnouncementMeta, Fields, LessonMeta, PageMeta};
use std::path::Path;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, args)
}

fn html(path: &Path) -> Page {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Page(scraper::Html::parse_document(&text))
}

/// Asserts the front matter `text` has every field the code knows of `fields`: the required
/// ones written, the others written or present as a comment.
fn assert_fields(text: &str, fields: Fields) {
    for field in fields.known {
        let written = text.contains(&format!("\n{field}:"));
        let commented = text.contains(&format!("\n# {field}:"));
        if fields.required.contains(field) {
            assert!(written, "required {field} in\n{text}");
        } else {
            assert!(written || commented, "{field} in\n{text}");
        }
    }
}

/// Builds the site in `dir` and asserts it built without a warning.
fn build_clean(dir: &Path) {
    let (code, _, stderr) = run(dir, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn init_makes_a_chinese_site_that_builds_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(tmp.path(), &["init", "我的网站"]);
    assert_eq!(code, 0, "{stderr}");
    let site = tmp.path().join("我的网站");
    assert!(stdout.contains("已在 我的网站 创建新网站"), "{stdout}");
    assert!(
        stdout.contains("safepress serve --root 我的网站"),
        "{stdout}"
    );
    assert!(
        stdout.contains("safepress new lesson --root 我的网站 --category fire"),
        "{stdout}"
    );
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("language: zh") && yaml.contains("timezone: Asia/Shanghai"));
    assert_eq!(
        yaml.lines().filter(|l| l.starts_with("  - id: ")).count(),
        7,
        "the seven categories"
    );
    build_clean(&site);
    let lesson = html(&site.join("public/lessons/fire/灭火器怎么用/index.html"));
    assert_eq!(lesson.text("h1"), "家用灭火器怎么用");
    assert_eq!(lesson.attrs("html", "lang"), vec!["zh"]);
    assert!(
        site.join("public/announcements/冬季消防安全检查/index.html")
            .is_file()
    );
    assert!(site.join("public/about/index.html").is_file());
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).unwrap(),
        "/public/\n/.public.staging-*\n",
        "the output, and a killed build's staging folder beside it"
    );
}

#[test]
fn init_makes_an_english_site_that_builds_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(tmp.path(), &["init", "my site", "--language", "en"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Created a new site in my site"), "{stdout}");
    assert!(
        stdout.contains("safepress serve --root 'my site' --open"),
        "{stdout}"
    );
    let site = tmp.path().join("my site");
    build_clean(&site);
    let lesson = html(&site.join("public/lessons/fire/using-an-extinguisher/index.html"));
    assert_eq!(lesson.text("h1"), "Using a fire extinguisher");
    assert_eq!(lesson.attrs("html", "lang"), vec!["en"]);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let (code, _, stderr) = run(tmp.path(), &["init", "."]);
    assert_eq!(code, 1);
    assert!(stderr.contains("文件夹不是空的"), "{stderr}");
    assert!(!tmp.path().join("site.yaml").exists());
    let (_, _, stderr) = run(tmp.path(), &["--lang", "en", "init", "."]);
    assert!(stderr.contains("the folder is not empty"), "{stderr}");
}

/// A new Chinese site in a temporary folder.
fn new_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(tmp.path(), &["init", "site"]);
    assert_eq!(code, 0, "{stderr}");
    let site = tmp.path().join("site");
    (tmp, site)
}

#[test]
fn new_files_build_without_edits_and_say_where_they_are() {
    let (_tmp, site) = new_site();
    let (code, stdout, stderr) = run(
        &site,
        &["new", "lesson", "--category", "traffic", "过马路 要看灯"],
    );
    assert_eq!(code, 0, "{stderr}");
    let file = site.join("content/lessons/traffic/过马路-要看灯.md");
    assert!(
        stdout.contains("已创建 content/lessons/traffic/过马路-要看灯.md"),
        "{stdout}"
    );
    assert!(
        stdout.contains("https://safety.example.gov.cn/lessons/traffic/过马路-要看灯/"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"过马路 要看灯\"\ndate: 20"),
        "{text}"
    );
    // Every optional lesson field is there, as a comment.
    assert_fields(&text, LessonMeta::FIELDS);
    let (code, _, stderr) = run(
        &site,
        &[
            "new",
            "announcement",
            "--level",
            "orange",
            "--expires",
            "2099-07-01",
            "--category",
            "urban-safety",
            "台风橙色预警",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(site.join("content/announcements/台风橙色预警.md")).unwrap();
    assert!(text.contains("\nlevel: orange"), "{text}");
    assert!(text.contains("\nexpires: 2099-07-01"), "{text}");
    assert!(text.contains("\ncategory: urban-safety"), "{text}");
    assert!(text.contains("\n# urgency:"), "{text}");
    assert_fields(&text, AnnouncementMeta::FIELDS);
    let (code, _, stderr) = run(&site, &["new", "page", "--slug", "contact", "联系我们"]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(site.join("content/pages/contact.md")).unwrap();
    assert_fields(&text, PageMeta::FIELDS);
    build_clean(&site);
    assert_eq!(
        html(&site.join("public/lessons/traffic/过马路-要看灯/index.html")).text("h1"),
        "过马路 要看灯"
    );
    let warning = html(&site.join("public/announcements/台风橙色预警/index.html"));
    assert_eq!(warning.text("h1"), "台风橙色预警");
    // An orange warning is urgent: the banner on every page names it.
    let home = html(&site.join("public/index.html"));
    assert!(home.source().contains("台风橙色预警"));
    assert_eq!(
        html(&site.join("public/contact/index.html")).text("h1"),
        "联系我们"
    );
}

#[test]
fn new_never_overwrites() {
    let (_tmp, site) = new_site();
    let args = ["new", "lesson", "--category", "fire", "Kitchen fires"];
    assert_eq!(run(&site, &args).0, 0);
    let file = site.join("content/lessons/fire/kitchen-fires.md");
    std::fs::write(&file, "my work").unwrap();
    let (code, _, stderr) = run(&site, &args);
    assert_eq!(code, 1);
    assert!(stderr.contains("文件已经存在"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my work");
}

#[test]
fn new_names_the_valid_choices() {
    let (_tmp, site) = new_site();
    let (code, _, stderr) = run(
        &site,
        &["--lang", "en", "new", "lesson", "--category", "fier", "A"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("unknown category `fier` (did you mean `fire`?)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("use one of: fire, traffic, hazardous-chemicals"),
        "{stderr}"
    );
    let (code, _, stderr) = run(
        &site,
        &["new", "announcement", "--expires", "2001-01-01", "旧闻"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("--expires") && stderr.contains("已经过去了"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&site, &["new", "page", "!!!"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--slug"), "{stderr}");
    let (code, _, stderr) = run(&site, &["new", "page", "--translation", "fr", "About"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("`fr`"), "{stderr}");
    // Nothing was written by any of them.
    let files = common::files_under(&site.join("content"));
    assert_eq!(files.len(), 3, "{files:?}");
    // Outside a site, the message says how to find one.
    let (code, _, stderr) = run(site.parent().unwrap(), &["new", "page", "About"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("site.yaml"), "{stderr}");
}

#[test]
fn new_refuses_what_would_break_the_next_build() {
    let (_tmp, site) = new_site();
    // Another file already has the address, in another case.
    std::fs::write(
        site.join("content/lessons/fire/Fire-Drill.md"),
        "---\ntitle: \"Drill\"\ndate: 2026-03-01\n---\nText.\n",
    )
    .unwrap();
    let (code, _, stderr) = run(
        &site,
        &["new", "lesson", "--category", "fire", "fire drill"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("/lessons/fire/fire-drill/index.html 同时来自两个来源"),
        "{stderr}"
    );
    // A page where the site has a built-in one.
    let (code, _, stderr) = run(&site, &["new", "page", "Lessons"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("课程总目录"), "{stderr}");
    // A name the build would leave out.
    let (code, _, stderr) = run(&site, &["new", "page", "--slug", "_draft", "Draft"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("不会发布"), "{stderr}");
    // A misspelt level is named, with the right one, in the site's language.
    let (code, _, stderr) = run(&site, &["new", "announcement", "--level", "orenge", "台风"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("`orange`"), "{stderr}");
    assert!(stderr.contains("blue, yellow, orange, red"), "{stderr}");
    // A dot would make a translation without any of its checks.
    let (code, _, stderr) = run(&site, &["new", "page", "--slug", "a b.en", "关于"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("点号表示语言"), "{stderr}");
    // A translation needs its original.
    let (code, _, stderr) = run(&site, &["new", "page", "--translation", "zh", "关于"]);
    assert_eq!(code, 1, "the main language is no translation: {stderr}");
    assert!(stderr.contains("`zh` 是网站的主要语言"), "{stderr}");
    assert_eq!(
        common::files_under(&site.join("content")).len(),
        4,
        "nothing written but the hand-made file"
    );
}

#[test]
fn a_very_long_title_gives_a_file_name_the_disk_takes() {
    let (_tmp, site) = new_site();
    let title = "冬季".repeat(60);
    let (code, stdout, stderr) = run(&site, &["new", "lesson", "--category", "fire", &title]);
    assert_eq!(code, 0, "{stderr}");
    let name = stdout
        .lines()
        .find_map(|l| l.strip_prefix("已创建 content/lessons/fire/"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(name.len() <= 83 && name.ends_with(".md"), "{name}");
    build_clean(&site);
}

#[test]
fn new_writes_translations_beside_the_original() {
    let (_tmp, site) = new_site();
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        yaml.replace("# languages: [en]", "languages: [en]"),
    )
    .unwrap();
    let (code, stdout, stderr) = run(
        &site,
        &[
            "new",
            "lesson",
            "--category",
            "fire",
            "--translation",
            "en",
            "--slug",
            "灭火器怎么用",
            "Using an extinguisher",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("/en/lessons/fire/灭火器怎么用/"),
        "{stdout}"
    );
    let text =
        std::fs::read_to_string(site.join("content/lessons/fire/灭火器怎么用.en.md")).unwrap();
    assert!(
        text.contains("# key_points:") && text.contains("Write the lesson here."),
        "the English template:\n{text}"
    );
    build_clean(&site);
    // Without the original's name, or naming none, nothing is written.
    let cases: [(&[&str], &str); 2] = [
        (&[], "--slug"),
        (&["--slug", "厨房"], "content/lessons/fire/厨房.md"),
    ];
    for (slug, expected) in cases {
        let mut args = vec!["new", "lesson", "--category", "fire", "--translation", "en"];
        args.extend_from_slice(slug);
        args.push("Kitchen fires");
        let (code, _, stderr) = run(&site, &args);
        assert_eq!(code, 1, "{args:?}");
        assert!(stderr.contains(expected), "{expected} in {stderr}");
    }
    let en = html(&site.join("public/en/lessons/fire/灭火器怎么用/index.html"));
    assert_eq!(en.text("h1"), "Using an extinguisher");
}

#[test]
fn completions_generate_for_each_shell_and_the_man_page_renders() {
    let tmp = tempfile::tempdir().unwrap();
    for (shell, mark) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef safepress"),
        ("fish", "complete -c safepress"),
    ] {
        let (code, stdout, stderr) = run(tmp.path(), &["completions", shell]);
        assert_eq!(code, 0, "{shell}: {stderr}");
        assert!(stdout.contains(mark), "{shell}:\n{stdout}");
        for word in ["init", "announcement", "--category", "--expires"] {
            assert!(stdout.contains(word), "{shell} completes {word}");
        }
    }
    let (code, stdout, _) = run(tmp.path(), &["completions", "powershell"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    let (code, stdout, stderr) = run(tmp.path(), &["man"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(".ie") || stdout.contains(".TH safepress"),
        "{stdout}"
    );
    for word in ["build", "serve", "init", "completions"] {
        assert!(stdout.contains(word), "the man page names {word}");
    }
}

#[test]
fn new_writes_its_file_while_the_theme_has_a_problem_of_its_own() {
    let (_tmp, site) = new_site();
    std::fs::create_dir_all(site.join("templates/partials")).unwrap();
    std::fs::write(
        site.join("templates/partials/head_extra.html"),
        "<meta name=\"x\" content=\"{{ t.no_such_key }}\">\n",
    )
    .unwrap();
    let (code, _, stderr) = run(&site, &["new", "page", "联系我们"]);
    assert_eq!(code, 0, "the page is not the problem: {stderr}");
    assert!(site.join("content/pages/联系我们.md").is_file());
}

#[test]
fn a_broken_site_yaml_is_told_in_the_language_it_names() {
    let (_tmp, site) = new_site();
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(site.join("site.yaml"), format!("{yaml}timezon: UTC\n")).unwrap();
    let (code, _, stderr) = run(&site, &["build"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("没有 `timezon` 这个字段"), "{stderr}");
}
