//! The live preview, search, portable builds and the urgent banner in a real browser: headless Chromium (Debian's
//! `chromium`) driven by Playwright (`tests/browser/`). CI installs both and sets
//! `SAFEPRESS_BROWSER_TESTS=required`; elsewhere each test says it was skipped when Chromium or
//! Node.js is missing.

mod common;

use common::{Running, SiteTest, wait_for};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn available(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Chromium and the Playwright scripts, ready to run.
struct Browser {
    chromium: String,
    scripts: PathBuf,
}

impl Browser {
    /// Chromium (`$CHROMIUM` or Debian's) and Node.js with `tests/browser/`'s packages
    /// installed, or `None` after saying the test is skipped. Panics instead when
    /// `SAFEPRESS_BROWSER_TESTS=required`.
    fn find() -> Option<Browser> {
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let required = std::env::var("SAFEPRESS_BROWSER_TESTS").is_ok_and(|v| v == "required");
        if !Path::new(&chromium).exists() || !available("node", "--version") {
            assert!(
                !required,
                "Chromium ({chromium}) or Node.js is missing, but browser tests are required"
            );
            eprintln!("skipped: install Debian's chromium and Node.js to run the browser test");
            return None;
        }
        let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
        let installed = ["playwright-core", "axe-core"]
            .iter()
            .all(|p| scripts.join("node_modules").join(p).is_dir());
        if !installed {
            let npm = Command::new("npm")
                .args(["ci", "--silent", "--no-audit", "--no-fund"])
                .current_dir(&scripts)
                .status()
                .expect("npm runs");
            assert!(npm.success(), "npm ci in tests/browser failed");
        }
        Some(Browser { chromium, scripts })
    }

    /// Runs `tests/browser/<script>` with `args`; panics with its output (and `context`)
    /// unless it exits successfully after printing an `ok` line.
    fn run(&self, script: &str, args: &[&str], context: impl FnOnce() -> String) {
        self.output(script, args, context);
    }

    /// [`Browser::run`], returning what the script printed.
    fn output(&self, script: &str, args: &[&str], context: impl FnOnce() -> String) -> String {
        let out = Command::new("node")
            .arg(self.scripts.join(script))
            .args(args)
            .env("CHROMIUM", &self.chromium)
            .output()
            .expect("node runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stdout.lines().any(|l| l.trim() == "ok"),
            "{script} {args:?}:\n{stdout}\n{stderr}\n{}",
            context()
        );
        stdout.into_owned()
    }
}

impl Browser {
    /// Checks `paths` of the built output `public` with axe-core (WCAG 2.1 A/AA) at 360 px,
    /// and that none scrolls sideways; panics listing every violation.
    fn axe_clean(&self, public: &Path, paths: &[&str]) {
        self.axe(&[], public, paths);
    }

    /// As `axe_clean`, with elder mode switched on (as stored by an earlier visit).
    fn axe_clean_in_elder_mode(&self, public: &Path, paths: &[&str]) {
        self.axe(&["--elder"], public, paths);
    }

    fn axe(&self, options: &[&str], public: &Path, paths: &[&str]) {
        let args: Vec<&str> = options
            .iter()
            .copied()
            .chain([public.to_str().unwrap()])
            .chain(paths.iter().copied())
            .collect();
        self.run("axe.mjs", &args, String::new);
    }
}

/// `safepress serve` on `site`, once it watches, and the address it serves at.
fn serve(site: &SiteTest) -> (Running, String) {
    let root = site.root.to_str().unwrap().to_string();
    let server = Running::start(
        site.root.parent().unwrap(),
        &["serve", "--root", &root, "--port", "0"],
    );
    wait_for("the server", 60, || {
        server.log().contains("Watching for changes")
    });
    let log = server.log();
    let url = log
        .split("at ")
        .find_map(|s| {
            s.split_whitespace()
                .next()
                .filter(|u| u.starts_with("http://"))
        })
        .unwrap_or_else(|| panic!("no address in {log}"))
        .to_string();
    (server, url)
}

#[test]
fn live_reload_and_error_overlay_work_in_chromium() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let site = SiteTest::fixture("basic");
    let root = site.root.to_str().unwrap().to_string();
    let (server, url) = serve(&site);
    browser.run("live_reload.mjs", &[&url, &root], || {
        format!("server log:\n{}", server.log())
    });
}

#[test]
fn header_search_finds_chinese_and_english_lessons_in_chromium() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let site = SiteTest::fixture("search");
    let root = site.root.to_str().unwrap().to_string();
    let (server, url) = serve(&site);
    // The preview's first index comes right after the pages.
    wait_for("the search index", 60, || {
        server.log().contains("Search index refreshed")
    });
    browser.run("search.mjs", &["serve", &url, &root], || {
        format!("server log:\n{}", server.log())
    });
}

#[test]
fn a_sub_path_site_searches_in_chromium() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let site = SiteTest::fixture("search");
    site.build_with(&["--base-url", "https://www.city.gov.cn/safety/"]);
    let public = site.root.join("public");
    browser.run(
        "search.mjs",
        &["static", public.to_str().unwrap(), "/safety/"],
        String::new,
    );
}

/// Builds the sample site and runs `check` on its output with the browser (unless skipped).
fn with_sample_site(check: impl FnOnce(&Browser, &Path)) {
    let Some(browser) = Browser::find() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_sample_site(&public);
    check(&browser, &public);
}

#[test]
fn the_sample_site_finds_lessons_in_both_languages_in_chromium() {
    with_sample_site(|browser, public| {
        browser.run(
            "search.mjs",
            &["sample", public.to_str().unwrap(), "/"],
            String::new,
        );
    });
}

#[test]
fn sample_announcements_lessons_and_posters_pass_axe_in_chromium() {
    with_sample_site(|browser, public| {
        browser.axe_clean(
            public,
            &[
                "/",
                "/en/",
                "/announcements/",
                "/en/announcements/",
                "/lessons/fire/extinguisher/",
                "/lessons/fire/extinguisher/poster/",
                "/en/lessons/industry-trade/lockout-tagout/poster/",
            ],
        );
    });
}

#[test]
fn sample_announcements_at_every_warning_level_pass_axe_in_chromium() {
    // Blue, yellow, orange (archived) and red, in both languages, and the archive's cards.
    with_sample_site(|browser, public| {
        browser.axe_clean(
            public,
            &[
                "/announcements/forest-fire-blue-warning/",
                "/announcements/icy-roads-winter-driving/",
                "/announcements/typhoon-warning-september/",
                "/announcements/cold-wave-red-warning/",
                "/en/announcements/forest-fire-blue-warning/",
                "/en/announcements/icy-roads-winter-driving/",
                "/en/announcements/typhoon-warning-september/",
                "/en/announcements/cold-wave-red-warning/",
                "/announcements/archive/",
                "/en/announcements/archive/",
            ],
        );
    });
}

#[test]
fn a_dismissed_banner_item_stays_hidden_across_pages_and_prints_in_chromium() {
    with_sample_site(|browser, public| {
        for (first, other) in [("/", "/announcements/"), ("/en/", "/en/lessons/")] {
            browser.run(
                "banner.mjs",
                &[public.to_str().unwrap(), first, other],
                String::new,
            );
        }
    });
}

#[test]
fn elder_mode_switches_remembers_works_without_javascript_and_every_page_reflows_at_200_percent() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_sample_site(&public);
    browser.run("elder.mjs", &[public.to_str().unwrap()], String::new);
    browser.axe_clean_in_elder_mode(
        &public,
        &[
            "/",
            "/en/",
            "/lessons/fire/extinguisher/",
            "/en/lessons/fire/extinguisher/",
            "/en/announcements/",
            "/hotlines/",
        ],
    );
}

#[test]
fn sample_campaign_pages_and_a_home_page_featuring_one_pass_axe_in_chromium() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_sample_site(&public);
    // At the sample's clock the winter campaign runs: both home pages feature it.
    for home in ["index.html", "en/index.html"] {
        let text = std::fs::read_to_string(public.join(home)).unwrap();
        assert!(text.contains("class=\"campaign-feature\""), "{home}");
    }
    browser.axe_clean(
        &public,
        &[
            "/",
            "/en/",
            "/campaigns/",
            "/en/campaigns/",
            "/campaigns/winter-fire-prevention-2026/",
            "/campaigns/work-safety-month-2026/",
            "/en/campaigns/work-safety-month-2026/",
        ],
    );
}

/// Builds the `basic` fixture with `--portable` and `extra`, then walks the output from disk.
fn portable_build_works_from_disk(extra: &[&str]) {
    portable_walk("basic", extra, None);
}

/// Builds `fixture` with `--portable` and `extra`, then walks the output from disk, along
/// `walk` (JSON steps for `portable.mjs`) or the walk through `basic`.
fn portable_walk(fixture: &str, extra: &[&str], walk: Option<&str>) {
    let Some(browser) = Browser::find() else {
        return;
    };
    let site = SiteTest::fixture(fixture);
    site.build_with(&[&["--portable"], extra].concat());
    let public = site.root.join("public");
    let args: Vec<&str> = [public.to_str().unwrap()].into_iter().chain(walk).collect();
    browser.run("portable.mjs", &args, String::new);
}

#[test]
fn portable_build_opens_from_disk_in_chromium() {
    portable_build_works_from_disk(&[]);
}

#[test]
fn portable_build_with_chinese_file_names_tags_and_headings_opens_from_disk_in_chromium() {
    // Links are percent-encoded; the browser decodes them to the files' real names.
    let walk = r##"[
        [".site-nav a[href$=\"lessons/index.html\"]", "the lessons index"],
        ["main a[href$=\"lessons/fire/index.html\"]", "a category"],
        ["main a[href$=\"lessons/fire/escape/index.html\"]", "a lesson"],
        ["main a[href$=\"#%E5%8F%91%E7%94%9F%E7%81%AB%E7%81%BE%E6%97%B6\"]", "a Chinese heading of another lesson", "发生火灾时"],
        ["main a[href$=\"tags/%E6%B6%88%E9%98%B2/index.html\"]", "a Chinese tag"],
        ["main a[href$=\"lessons/fire/%E7%81%AD%E7%81%AB%E5%99%A8/index.html\"]", "a lesson with a Chinese name"],
        ["header a.site-brand", "home (header)"],
        [".site-nav a[href$=\"%E5%85%B3%E4%BA%8E/index.html\"]", "a page with a Chinese name"]
    ]"##;
    portable_walk("cjk", &[], Some(walk));
}

#[test]
fn portable_build_of_a_sub_path_site_opens_from_disk_in_chromium() {
    portable_build_works_from_disk(&["--base-url", "https://www.city.gov.cn/safety/"]);
}

#[test]
fn sample_quizzes_say_right_or_wrong_and_score_in_chromium_and_work_without_javascript() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_sample_site(&public);
    let zh = r#"{"right": "答对了！", "wrong": "答错了。", "rightMark": "正确答案", "yourChoice": "你的选择",
        "score": "共 2 题，答对 1 题。", "scoreAllRight": "共 2 题，答对 2 题。"}"#;
    let en = r#"{"right": "Correct!", "wrong": "Not quite.", "rightMark": "Right answer", "yourChoice": "Your answer",
        "score": "You got 1 of 2 questions right.", "scoreAllRight": "You got 2 of 2 questions right."}"#;
    // One question: the English score is singular.
    let en_one = r#"{"right": "Correct!", "wrong": "Not quite.", "rightMark": "Right answer", "yourChoice": "Your answer",
        "score": "You got 0 of 1 question right.", "scoreAllRight": "You got 1 of 1 question right."}"#;
    for (path, expected) in [
        ("/lessons/fire/extinguisher/", zh),
        ("/en/lessons/fire/extinguisher/", en),
        ("/en/lessons/traffic/winter-driving/", en_one),
    ] {
        browser.run(
            "quiz.mjs",
            &[public.to_str().unwrap(), path, expected],
            String::new,
        );
    }
}

impl Browser {
    /// Prints each poster of `paths` (of the built output `public`) to an A4 PDF with
    /// Chromium, as a resident does with Ctrl+P: the page count of each, by path.
    fn poster_pages(&self, public: &Path, paths: &[String]) -> BTreeMap<String, usize> {
        let args: Vec<&str> = [public.to_str().unwrap()]
            .into_iter()
            .chain(paths.iter().map(String::as_str))
            .collect();
        let out = self.output("poster.mjs", &args, String::new);
        out.lines()
            .filter_map(|l| l.strip_prefix("pages "))
            .map(|l| {
                let (path, n) = l.rsplit_once(' ').unwrap();
                (path.to_string(), n.parse().unwrap())
            })
            .collect()
    }
}

/// The posters of a built output, as URL paths (`/en/lessons/fire/x/poster/`).
fn posters_in(public: &Path) -> Vec<String> {
    common::files_under(public)
        .into_iter()
        .filter_map(|f| f.strip_suffix("index.html").map(|p| format!("/{p}")))
        .filter(|p| p.ends_with("/poster/"))
        .collect()
}

#[test]
fn every_sample_poster_prints_on_one_a4_page_in_chromium() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_sample_site(&public);
    let posters = posters_in(&public);
    assert_eq!(posters.len(), 52, "26 lessons in two languages");
    let pages = browser.poster_pages(&public, &posters);
    assert_eq!(pages.len(), posters.len());
    let over: Vec<_> = pages.iter().filter(|(_, n)| **n != 1).collect();
    assert!(over.is_empty(), "posters not on exactly one page: {over:?}");
    for (path, n) in &pages {
        eprintln!("{n} page  {path}");
    }
}

#[test]
fn the_poster_fit_warning_agrees_with_chromium() {
    let Some(browser) = Browser::find() else {
        return;
    };
    // Lessons with ever more key points, in Chinese and in English: the build warns about
    // some, Chromium prints some on two pages.
    let site = SiteTest::fixture("basic");
    site.write(
        "site.yaml",
        &format!("{}search: false\n", site.read_source("site.yaml")),
    );
    let points = [
        (
            "zh",
            "- \"离开房间前关掉电器电源，出门前再检查一遍燃气阀门。\"\n",
        ),
        (
            "en",
            "- \"Switch off heaters and check the gas before leaving.\"\n",
        ),
    ];
    let grades = 18..=34;
    for (lang, point) in points {
        for n in grades.clone() {
            let suffix = if lang == "en" { "" } else { ".zh" };
            site.write(
                &format!("content/lessons/fire/grade-{n}{suffix}.md"),
                &format!(
                    "---\ntitle: \"Grade {n}\"\ndate: 2026-03-01\nkey_points:\n{}---\nBody.\n",
                    format!("  {point}").repeat(n)
                ),
            );
        }
    }
    let run = site.run(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = site.root.join("public");
    let paths: Vec<String> = posters_in(&public)
        .into_iter()
        .filter(|p| p.contains("/grade-"))
        .collect();
    let pages = browser.poster_pages(&public, &paths);
    for (lang, _) in points {
        let prefix = if lang == "en" { "/" } else { "/zh/" };
        let mut fits_warned = 0;
        let (mut one, mut more) = (0, 0);
        for n in grades.clone() {
            let path = format!("{prefix}lessons/fire/grade-{n}/poster/");
            let suffix = if lang == "en" { "" } else { ".zh" };
            let warned = run.stderr.contains(&format!("grade-{n}{suffix}.md:"));
            let printed = pages[&path];
            assert!(
                printed == 1 || warned,
                "{path}: {printed} pages and no warning"
            );
            if printed == 1 {
                one += 1;
                fits_warned += usize::from(warned);
            } else {
                more += 1;
            }
            eprintln!("{lang} {n} key points: {printed} page(s), warned: {warned}");
        }
        assert!(
            one > 0 && more > 0,
            "{lang}: the grades cross the page's end"
        );
        // Errs on the safe side, by at most two key points (one line each).
        assert!(
            fits_warned <= 2,
            "{lang}: {fits_warned} fitting posters warned about"
        );
    }
}
