//! The benchmark corpus (`benches/gen_site.py`, used by `benches/compare.py`): it builds
//! without an error or a warning, every generated lesson, announcement and translation is in
//! the output under its title, its internal links lead to pages that exist (and a broken one
//! stops the build), and generating it twice gives byte-identical trees.

use percent_encoding::percent_decode_str;
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-29T12:00:00+08:00";
const LESSONS: usize = 60;

fn generate(dir: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/gen_site.py");
    let run = Command::new("python3")
        .arg(&script)
        .arg(dir)
        .arg(LESSONS.to_string())
        .arg("--no-search")
        .output()
        .expect("python3 runs benches/gen_site.py (install python3)");
    assert!(
        run.status.success(),
        "gen_site.py failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn build(site: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_safepress"))
        .args(["build", "--now", NOW, "--root"])
        .arg(site)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap()
}

/// Every file under `dir`, by its path relative to `dir`, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// A front-matter field's value, unquoted (the generator writes plain or "quoted" scalars).
fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let front = text.split("---\n").nth(1)?;
    front
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(": "))
        .map(|v| v.trim_matches('"'))
}

/// A generated file: `<stem>-<5 digits>.md` or `.en.md`.
fn generated(name: &str) -> Option<(&str, bool)> {
    let (stem, en) = match name.strip_suffix(".en.md") {
        Some(stem) => (stem, true),
        None => (name.strip_suffix(".md")?, false),
    };
    let digits = stem.rsplit('-').next()?;
    (digits.len() == 5 && digits.bytes().all(|b| b.is_ascii_digit())).then_some((stem, en))
}

/// The output file a site-relative link names (`/lessons/%E6%B6%88/x/#a` gives
/// `lessons/消/x/index.html`).
fn file_of(href: &str) -> String {
    let path = href.split('#').next().unwrap().trim_start_matches('/');
    let decoded = percent_decode_str(path).decode_utf8().unwrap();
    if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.into_owned()
    }
}

#[test]
fn the_bench_corpus_is_deterministic_builds_cleanly_and_is_all_published() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, again, out) = (
        tmp.path().join("site"),
        tmp.path().join("again"),
        tmp.path().join("public"),
    );
    generate(&site);
    generate(&again);
    let (first, second) = (tree(&site), tree(&again));
    assert!(
        first.len() > 100,
        "the corpus has only {} files",
        first.len()
    );
    for (path, bytes) in &first {
        assert!(
            second.get(path) == Some(bytes),
            "{} differs between two runs of gen_site.py",
            path.display()
        );
    }
    assert_eq!(first.len(), second.len(), "two runs made different files");

    let run = build(&site, &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "the corpus failed to build:\n{stderr}"
    );
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert!(
        warnings.is_empty(),
        "the corpus built with warnings:\n{stderr}"
    );

    // Every generated page (but drafts and the scheduled announcement) is in the output with
    // its title, and its links to other pages of the site lead to files that exist.
    let h1 = Selector::parse("main h1").unwrap();
    let links = Selector::parse("main a[href^='/']").unwrap();
    let mut seen = BTreeMap::<(&str, bool), usize>::new();
    let mut internal = 0;
    for (path, bytes) in &first {
        let parts: Vec<&str> = path.iter().map(|p| p.to_str().unwrap()).collect();
        let Some((stem, en)) = generated(parts[parts.len() - 1]) else {
            continue;
        };
        let text = std::str::from_utf8(bytes).unwrap();
        let date = field(text, "date").unwrap();
        if field(text, "draft") == Some("true") || date[..10] > NOW[..10] {
            continue;
        }
        let slug = field(text, "slug").unwrap_or(stem);
        let lang = if en { "en/" } else { "" };
        let (kind, page) = match parts.as_slice() {
            ["content", "lessons", category, _] => (
                "lesson",
                format!("{lang}lessons/{category}/{slug}/index.html"),
            ),
            ["content", "announcements", _] => (
                "announcement",
                format!("{lang}announcements/{slug}/index.html"),
            ),
            _ => panic!("unexpected generated file {}", path.display()),
        };
        let html = fs::read_to_string(out.join(&page))
            .unwrap_or_else(|e| panic!("{} is not published at {page}: {e}", path.display()));
        let doc = Html::parse_document(&html);
        let heading: String = doc.select(&h1).next().unwrap().text().collect();
        assert_eq!(
            heading.trim(),
            field(text, "title").unwrap(),
            "{page} has the wrong title"
        );
        for a in doc.select(&links) {
            let href = a.value().attr("href").unwrap();
            if text.contains("](@/") && href.contains("/lessons/") {
                internal += 1;
            }
            assert!(
                out.join(file_of(href)).is_file(),
                "{page} links {href}, which is not in the output"
            );
        }
        *seen.entry((kind, en)).or_default() += 1;
    }
    assert_eq!(seen[&("lesson", false)], LESSONS, "{seen:?}");
    assert_eq!(seen[&("lesson", true)], LESSONS / 2, "{seen:?}");
    assert!(seen[&("announcement", false)] >= 3, "{seen:?}");
    assert!(seen[&("announcement", true)] >= 2, "{seen:?}");
    assert!(internal > LESSONS, "only {internal} internal links checked");

    // The build checks every internal link, so the corpus's all resolve: a broken one stops it.
    let lesson = site.join("content/lessons/fire/e-bike-fire-00000.md");
    let text = fs::read_to_string(&lesson).unwrap();
    fs::write(
        &lesson,
        format!("{text}\n[gone](@/lessons/fire/no-such-lesson.md)\n"),
    )
    .unwrap();
    let run = build(&site, &tmp.path().join("broken"));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "a broken link built:\n{stderr}");
    assert!(
        stderr.contains("e-bike-fire-00000.md") && stderr.contains("no-such-lesson"),
        "the error does not name the file and the link:\n{stderr}"
    );
}
