//! `safepress check`: every problem a build finds and the ones it lets through, listed at
//! once with file and line, exit 1, and nothing written.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A new English site (from `init`), in a temporary folder.
fn site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(tmp.path(), &["init", "site", "--language", "en"]);
    assert_eq!(code, 0, "{stderr}");
    let root = tmp.path().join("site");
    (tmp, root)
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, args)
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The problem lines of a check's output.
fn problems(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: ") || l.starts_with("错误："))
        .collect()
}

/// The one problem line that contains `part`.
fn one<'a>(stderr: &'a str, part: &str) -> &'a str {
    let found: Vec<&str> = problems(stderr)
        .into_iter()
        .filter(|l| l.contains(part))
        .collect();
    assert_eq!(found.len(), 1, "one problem with {part:?} in:\n{stderr}");
    found[0]
}

const LESSON: &str =
    "---\ntitle: \"Kitchen fires\"\ndate: 2026-03-01\nkey_points:\n  - \"Cover the pan.\"\n---\n";

#[test]
fn a_new_site_has_no_problems_and_check_writes_nothing() {
    let (_tmp, root) = site();
    let (code, _, stderr) = run(&root, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("No problems in 3 files."), "{stderr}");
    let entries: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !entries.iter().any(|e| e.contains("public")),
        "nothing written: {entries:?}"
    );
    // A page made by `new` and not yet written is not ready to publish.
    let (code, _, stderr) = run(&root, &["new", "page", "Contact"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(&root, &["check"]);
    assert_eq!(code, 1, "{stderr}");
    let body_line = std::fs::read_to_string(root.join("content/pages/contact.md"))
        .unwrap()
        .lines()
        .count();
    assert!(
        one(&stderr, "still the line `safepress new` wrote")
            .starts_with(&format!("error: content/pages/contact.md:{body_line}:")),
        "{stderr}"
    );
}

#[test]
fn finds_each_problem_with_its_line_and_writes_nothing() {
    let (_tmp, root) = site();
    write(
        &root,
        "content/lessons/fire/gauge.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write(
        &root,
        "content/lessons/fire/kitchen.md",
        &format!(
            "{LESSON}Intro.\n\n![The gauge](gauge.svg)\n\n![](gauge.svg)\n\n![Gauge](Gauge.png)\n\n\
             ![Logo](https://cdn.example.com/logo.png)\n\n## Before\n\n#### Too deep\n\n### Fine again\n"
        ),
    );
    write(
        &root,
        "content/lessons/traffic/crossing.md",
        "---\ntitle: \"Crossing\"\ndate: 2026-03-01\n---\nLook both ways.\n",
    );
    write(
        &root,
        "content/announcements/old-storm.md",
        "---\ntitle: \"Storm\"\ndate: 2026-01-01\nurgency: urgent\nexpires: 2026-01-03\n---\nStay in.\n",
    );
    // An expired orange warning is urgent by its level: not a problem.
    write(
        &root,
        "content/announcements/old-typhoon.md",
        "---\ntitle: \"Typhoon\"\ndate: 2026-01-01\nlevel: orange\nexpires: 2026-01-03\n---\nStay in.\n",
    );
    let (code, _, stderr) = run(&root, &["check", "--now", "2026-06-01"]);
    assert_eq!(code, 1, "{stderr}");
    let k = "content/lessons/fire/kitchen.md";
    assert!(one(&stderr, "`gauge.svg` has no description").starts_with(&format!("error: {k}:11:")));
    assert!(one(&stderr, "`Gauge.png` is not there").starts_with(&format!("error: {k}:13:")));
    assert!(
        one(&stderr, "cdn.example.com/logo.png` is on another site")
            .starts_with(&format!("error: {k}:15:"))
    );
    let skip = one(&stderr, "“Too deep” is level 4 right after level 2");
    assert!(
        skip.starts_with(&format!("error: {k}:19:")) && skip.contains("start it with `###`"),
        "{skip}"
    );
    assert!(
        one(&stderr, "no key points").starts_with("error: content/lessons/traffic/crossing.md:2:")
    );
    let expired = one(&stderr, "expired");
    assert!(
        expired.starts_with("error: content/announcements/old-storm.md:5:"),
        "{expired}"
    );
    assert!(!stderr.contains("old-typhoon"), "{stderr}");
    assert_eq!(problems(&stderr).len(), 6, "{stderr}");
    assert!(
        stderr.ends_with("6 problems found; nothing was written.\n"),
        "{stderr}"
    );
    assert!(!root.join("public").exists());
}

#[test]
fn lists_build_errors_with_the_rest_and_in_chinese() {
    let (_tmp, root) = site();
    write(
        &root,
        "content/lessons/fire/typo.md",
        "---\ntitle: \"Typo\"\ndate: 2026-03-01\nsumary: \"x\"\n---\nText.\n",
    );
    write(
        &root,
        "content/lessons/fire/plain.md",
        "---\ntitle: \"Plain\"\ndate: 2026-03-01\n---\nText.\n",
    );
    let (code, _, stderr) = run(&root, &["check"]);
    assert_eq!(code, 1);
    assert!(
        one(&stderr, "unknown lesson field `sumary`").contains("typo.md:4"),
        "{stderr}"
    );
    assert!(
        one(&stderr, "no key points").contains("plain.md:2"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&root, &["--lang", "zh", "check"]);
    assert_eq!(code, 1);
    assert!(
        one(&stderr, "这篇课程没有要点").starts_with("错误：content/lessons/fire/plain.md:2:"),
        "{stderr}"
    );
    assert!(stderr.contains("没有写入任何文件"), "{stderr}");
}

#[test]
fn a_build_warning_is_shown_but_does_not_fail_the_check() {
    let (_tmp, root) = site();
    let point = "  - \"Check every exit, stairway and corridor of the building once a week, and clear anything that blocks it.\"\n";
    write(
        &root,
        "content/lessons/fire/exits.md",
        &format!(
            "---\ntitle: \"Keep exits clear\"\ndate: 2026-03-01\nkey_points:\n{}---\nBody.\n",
            point.repeat(40)
        ),
    );
    let (code, _, stderr) = run(&root, &["check"]);
    assert_eq!(
        code, 0,
        "a build publishes it, so check passes it:\n{stderr}"
    );
    let warning = stderr
        .lines()
        .find(|l| l.starts_with("warning: "))
        .unwrap_or_else(|| panic!("no warning:\n{stderr}"));
    assert!(
        warning.contains("content/lessons/fire/exits.md"),
        "{warning}"
    );
    assert!(stderr.contains("No problems in 4 files."), "{stderr}");
}

#[test]
fn chinese_addresses_are_checked_without_a_crash() {
    let (_tmp, root) = site();
    write(
        &root,
        "content/lessons/fire/中文.md",
        &format!(
            "{LESSON}![灭火器](灭火器.png)\n\n看[说明](说明.md)和[外链](https://例子.cn/页)。\n"
        ),
    );
    let (code, _, stderr) = run(&root, &["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let picture = one(&stderr, "`灭火器.png` is not there");
    assert!(
        picture.starts_with("error: content/lessons/fire/中文.md:7:"),
        "{picture}"
    );
    // Columns count characters: the link starts at the 8th.
    let link = one(&stderr, "points at no file");
    assert!(
        link.starts_with("error: content/lessons/fire/中文.md:9:2:"),
        "{link}"
    );
}

#[test]
fn tags_and_audiences_spelt_differently_are_named() {
    let (_tmp, root) = site();
    let lesson = |tags: &str, audience: &str| {
        format!(
            "---\ntitle: \"Smoke alarms\"\ndate: 2026-03-01\nkey_points:\n  - \"Test it.\"\ntags: {tags}\naudience: {audience}\n---\nText.\n"
        )
    };
    write(
        &root,
        "content/lessons/fire/a.md",
        &lesson("[extinguishers]", "[residents]"),
    );
    write(
        &root,
        "content/lessons/fire/b.md",
        &lesson("[Extinguishers, Alarms]", "[Residents]"),
    );
    let (code, _, stderr) = run(&root, &["check"]);
    assert_eq!(code, 1, "{stderr}");
    let tag = one(&stderr, "`Extinguishers` is written `extinguishers`");
    assert!(
        tag.starts_with("error: content/lessons/fire/b.md:6:"),
        "{tag}"
    );
    assert!(tag.contains("did you mean `extinguishers`?"), "{tag}");
    // The new site's own lesson says `residents`, as a.md does: b.md is the odd one out.
    let audience = one(&stderr, "`Residents` is written `residents`");
    assert!(
        audience.starts_with("error: content/lessons/fire/b.md:7:"),
        "{audience}"
    );
    assert_eq!(problems(&stderr).len(), 2, "{stderr}");
}

#[test]
fn finds_template_errors_without_writing() {
    let (_tmp, root) = site();
    write(
        &root,
        "templates/lesson.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such.thing }}{% endblock content %}",
    );
    let (code, _, stderr) = run(&root, &["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        one(&stderr, "template error").contains("templates/lesson.html"),
        "{stderr}"
    );
    assert!(!root.join("public").exists());
}

/// A web server on this computer for link checks, with what it was asked.
struct Web {
    /// Its address, `http://127.0.0.1:<port>`.
    url: String,
    /// The request lines it received.
    asked: Arc<Mutex<Vec<String>>>,
    /// How many requests it serves now, and the most it served at once.
    in_flight: Arc<Mutex<(usize, usize)>>,
}

/// Starts a [`Web`]: `/ok`, `/a%20b` and `/页面/` answer 200, `/no-head` 405 to HEAD and 200
/// to GET, `/bots` 403 to both, `/wait-…` 200 after 400 ms, `/slow` never answers, anything
/// else 404.
fn server() -> Web {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let web = Web {
        url: format!("http://{addr}"),
        asked: Arc::default(),
        in_flight: Arc::default(),
    };
    let (log, counts) = (web.asked.clone(), web.in_flight.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (log, counts) = (log.clone(), counts.clone());
            std::thread::spawn(move || {
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                reader.read_line(&mut line).unwrap_or_default();
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                        break;
                    }
                }
                log.lock().unwrap().push(line.trim_end().to_string());
                let mut parts = line.split_whitespace();
                let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                let status = match (method, path) {
                    (_, "/slow") => {
                        std::thread::sleep(std::time::Duration::from_secs(30));
                        return;
                    }
                    (_, wait) if wait.starts_with("/wait-") => {
                        {
                            let mut c = counts.lock().unwrap();
                            c.0 += 1;
                            c.1 = c.1.max(c.0);
                        }
                        std::thread::sleep(std::time::Duration::from_millis(400));
                        counts.lock().unwrap().0 -= 1;
                        "200 OK"
                    }
                    (_, "/ok" | "/a%20b" | "/%E9%A1%B5%E9%9D%A2/") => "200 OK",
                    (_, "/bots") => "403 Forbidden",
                    ("HEAD", "/no-head") => "405 Method Not Allowed",
                    ("GET", "/no-head") => "200 OK",
                    _ => "404 Not Found",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    web
}

#[test]
fn external_links_are_checked_only_when_asked() {
    let (_tmp, root) = site();
    let Web {
        url: web, asked, ..
    } = server();
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    write(
        &root,
        "content/lessons/fire/links.md",
        &format!(
            "{LESSON}[ok]({web}/ok) and [again]({web}/ok) and [a part]({web}/ok#part)\n\n[gone]({web}/gone)\n\n[no head]({web}/no-head)\n\n\
             [slow]({web}/slow)\n\n[closed](http://{closed}/)\n\n[own](https://safety.example.gov/lessons/)\n\n\
             [own too](HTTPS://Safety.Example.gov:443/no/such/page/) [spaced](<{web}/a b>) [bots]({web}/bots) [中文]({web}/页面/)\n"
        ),
    );
    let (code, _, stderr) = run(&root, &["check"]);
    assert_eq!(code, 0, "not asked, not checked: {stderr}");
    let started = std::time::Instant::now();
    let (code, _, stderr) = run(&root, &["check", "--external", "--timeout", "2"]);
    assert!(
        started.elapsed().as_secs() < 25,
        "the slow server costs the time limit only"
    );
    assert_eq!(code, 1, "{stderr}");
    let file = "content/lessons/fire/links.md";
    assert!(
        one(&stderr, "/gone answers 404").starts_with(&format!("error: {file}:9:")),
        "{stderr}"
    );
    assert!(
        one(&stderr, "/slow does not answer").starts_with(&format!("error: {file}:13:")),
        "{stderr}"
    );
    assert!(
        one(&stderr, &format!("http://{closed}/ does not answer")).contains(&format!("{file}:15:")),
        "{stderr}"
    );
    assert_eq!(
        problems(&stderr).len(),
        3,
        "/ok, /no-head, /a b, /bots and the site's own address pass:\n{stderr}"
    );
    let turned_away: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("/bots would not show the page"))
        .collect();
    assert_eq!(turned_away.len(), 1, "{stderr}");
    assert!(
        turned_away[0].starts_with(&format!("warning: {file}:19:")),
        "a 403 is said, as a warning: {stderr}"
    );
    let asked = asked.lock().unwrap().clone();
    let ok: Vec<&String> = asked.iter().filter(|l| l.contains(" /ok")).collect();
    assert_eq!(
        ok,
        ["HEAD /ok HTTP/1.1"],
        "each address asked once, with HEAD: {asked:?}"
    );
    assert!(
        asked.contains(&"GET /no-head HTTP/1.1".to_string()),
        "{asked:?}"
    );
    for line in ["HEAD /a%20b HTTP/1.1", "HEAD /%E9%A1%B5%E9%9D%A2/ HTTP/1.1"] {
        assert!(asked.contains(&line.to_string()), "{line} in {asked:?}");
    }
    // In Chinese, the reasons too.
    let (_, _, stderr) = run(
        &root,
        &["check", "--external", "--timeout", "2", "--lang", "zh"],
    );
    assert!(
        stderr.contains(&format!("http://{closed}/ 没有响应：服务器拒绝了连接")),
        "{stderr}"
    );
    assert!(
        stderr.contains("/slow 没有响应：在限定时间内没有回应"),
        "{stderr}"
    );
}

#[test]
fn an_output_folder_a_build_would_refuse_is_said() {
    let (_tmp, root) = site();
    write(&root, "public/notes.txt", "someone's own file");
    // A warning: the site may be built elsewhere with --output.
    let (code, _, stderr) = run(&root, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("warning: public: ") && l.contains("not made by safepress")),
        "{stderr}"
    );
    let (code, _, _) = run(&root, &["build"]);
    assert_eq!(code, 1, "build agrees");
}

#[test]
fn external_links_are_asked_a_few_at_a_time() {
    let (_tmp, root) = site();
    let Web {
        url: web,
        in_flight,
        ..
    } = server();
    let links: String = (1..=6)
        .map(|i| format!("[{i}]({web}/wait-{i})\n\n"))
        .collect();
    write(
        &root,
        "content/lessons/fire/links.md",
        &format!("{LESSON}{links}"),
    );
    let (code, _, stderr) = run(&root, &["check", "--external", "--concurrency", "2"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("6 links"), "{stderr}");
    let (now, most) = *in_flight.lock().unwrap();
    assert_eq!(now, 0);
    assert_eq!(
        most, 2,
        "two at once, as asked: never more, and not one by one"
    );
}
