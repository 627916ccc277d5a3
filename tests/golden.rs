//! Golden files: chosen outputs of the repository's sample site, built at a fixed moment, must
//! equal the committed files under `tests/golden/expected/` byte for byte (STYLE habit 12, after
//! mdBook's `check_all_main_files`). Fragment assertions elsewhere cannot see a page that renders
//! a block twice or loses one; a whole-file comparison can.
//!
//! Accepting an intended change is one command, then a review of `git diff tests/golden`:
//! `SAFEPRESS_ACCEPT=1 cargo test --test golden`.
//!
//! No normalisation is applied, on purpose: with `--now` fixed the build is deterministic (two
//! builds are byte-identical, checked by hand and by `tests/build.rs`), and neither the build
//! time nor the temporary output path appears in any output. If one ever does, replace it with a
//! placeholder here, in one function, rather than loosening the comparison.

mod common;

use common::files_under;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The outputs under golden control, relative to the output folder. Together they cover every
/// kind of output the build makes; to add one, add its path here and run the accept command.
const GOLDEN: &[&str] = &[
    // Lists in both languages: home (with the urgent banner), lessons index, a category, the
    // tags index, a tag page and a paginated list's second page, an audience page.
    "index.html",
    "en/index.html",
    "lessons/index.html",
    "lessons/fire/index.html",
    "en/lessons/fire/index.html",
    "tags/index.html",
    "tags/家庭/index.html",
    "tags/家庭/page/2/index.html",
    "en/tags/home/page/2/index.html",
    "audience/居民/index.html",
    // A lesson with key points, callouts, TOC, steps and quiz, in Chinese and in English.
    "lessons/fire/extinguisher/index.html",
    "en/lessons/fire/extinguisher/index.html",
    "lessons/fire/extinguisher/poster/index.html",
    "en/lessons/fire/extinguisher/poster/index.html",
    // Announcements: one current and urgent, one expired (it was urgent), the list, the archive.
    "announcements/heating-season-co-warning/index.html",
    "en/announcements/typhoon-warning-september/index.html",
    "announcements/index.html",
    "en/announcements/index.html",
    "announcements/archive/index.html",
    // Campaigns: the index, a running campaign, an ended one with an expired announcement.
    "campaigns/index.html",
    "en/campaigns/winter-fire-prevention-2026/index.html",
    "campaigns/work-safety-month-2026/index.html",
    // A plain page, the not-found pages, the search pages, feeds, sitemap, robots.txt, a theme
    // static file.
    "about/index.html",
    "404.html",
    "en/404.html",
    "search/index.html",
    "en/search/index.html",
    "feed.xml",
    "en/feed.xml",
    "announcements/feed.xml",
    "sitemap.xml",
    "robots.txt",
    "css/style.css",
    // CAP: an alert that is an update, with an info block per language, and the CAP feed.
    "announcements/icy-roads-winter-driving/alert.xml",
    "announcements/cap.xml",
    "css/poster.css",
];

/// The environment variable that turns the test into "rewrite the expected files".
const ACCEPT_VAR: &str = "SAFEPRESS_ACCEPT";

/// How to accept, printed with every failure.
const ACCEPT_HINT: &str = "If the new output is intended, accept it as expected with\n    \
    SAFEPRESS_ACCEPT=1 cargo test --test golden\nthen review `git diff tests/golden` and commit it.";

/// Lines of a changed region shown per side, and characters per line, so a failure stays short.
const MAX_LINES: usize = 12;
const MAX_LINE_CHARS: usize = 300;

/// Files whose diff is shown in full; further mismatching files are only named.
const MAX_DIFFS: usize = 5;

#[test]
fn sample_site_outputs_match_golden_files() {
    check_golden_list();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_sample_site(&public);
    let produced: BTreeSet<String> = files_under(&public).into_iter().collect();
    let expected = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/expected");
    if std::env::var_os(ACCEPT_VAR).is_some_and(|v| !v.is_empty() && v != "0") {
        accept(&public, &produced, &expected);
    } else {
        compare(&public, &produced, &expected);
    }
}

/// `GOLDEN` holds plain relative paths, each once (accept writes to `expected/<entry>`).
fn check_golden_list() {
    let mut seen = BTreeSet::new();
    for rel in GOLDEN {
        assert!(
            !rel.is_empty()
                && !rel.starts_with('/')
                && !rel.contains('\\')
                && rel.split('/').all(|part| !part.is_empty() && part != ".."),
            "GOLDEN entry {rel:?} must be a plain relative path such as `lessons/index.html`"
        );
        assert!(seen.insert(rel), "GOLDEN lists {rel} twice");
    }
}

/// The files under `expected`, or none if the folder does not exist.
fn expected_files(expected: &Path) -> Vec<String> {
    if expected.is_dir() {
        files_under(expected)
    } else {
        Vec::new()
    }
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Checks the build against the expected files and reports every problem at once.
fn compare(public: &Path, produced: &BTreeSet<String>, expected: &Path) {
    let on_disk = expected_files(expected);
    assert!(
        !on_disk.is_empty(),
        "{} is missing or empty, so the golden test would check nothing.\n{ACCEPT_HINT}",
        expected.display()
    );
    let mut problems = Vec::new();
    for rel in on_disk.iter().filter(|rel| !GOLDEN.contains(&rel.as_str())) {
        if produced.contains(rel) {
            problems.push(format!("{rel}: has an expected file but is not in GOLDEN"));
        } else {
            problems.push(format!(
                "{rel}: expected, but the build does not produce it"
            ));
        }
    }
    let mut diffs = Vec::new();
    for rel in GOLDEN {
        let want_path = expected.join(rel);
        if !produced.contains(*rel) {
            problems.push(format!(
                "{rel}: in GOLDEN{}, but the build no longer produces it \
                 (if that is intended, remove it from GOLDEN in tests/golden.rs)",
                if want_path.is_file() {
                    " and expected/"
                } else {
                    ""
                }
            ));
        } else if !want_path.is_file() {
            problems.push(format!("{rel}: in GOLDEN but has no expected file yet"));
        } else {
            let (want, got) = (read(&want_path), read(&public.join(rel)));
            if want != got {
                diffs.push((*rel, line_diff(&want, &got)));
            }
        }
    }
    report(&problems, &diffs);
}

/// Panics with one message naming every problem and showing the first few diffs.
fn report(problems: &[String], diffs: &[(&str, String)]) {
    if problems.is_empty() && diffs.is_empty() {
        return;
    }
    let mut msg = format!(
        "{} golden file problem(s) under tests/golden/expected/:\n",
        problems.len() + diffs.len()
    );
    for problem in problems {
        msg += &format!("\n* {problem}\n");
    }
    for (rel, diff) in diffs.iter().take(MAX_DIFFS) {
        msg += &format!("\n* {rel}: differs from the expected file\n{diff}");
    }
    if diffs.len() > MAX_DIFFS {
        let rest: Vec<&str> = diffs[MAX_DIFFS..].iter().map(|(rel, _)| *rel).collect();
        msg += &format!("\n* also differ: {}\n", rest.join(", "));
    }
    panic!("{msg}\n{ACCEPT_HINT}");
}

/// A short line diff: the first and last differing lines bound one changed region, shown with
/// line numbers from the expected (`-`) and the produced (`+`) file, a little context before it.
fn line_diff(want: &[u8], got: &[u8]) -> String {
    let (Ok(want), Ok(got)) = (std::str::from_utf8(want), std::str::from_utf8(got)) else {
        return format!(
            "  binary contents differ ({} bytes expected, {} produced)\n",
            want.len(),
            got.len()
        );
    };
    // Split on '\n' only, so a changed line ending or final newline still shows as a difference.
    let (w, g): (Vec<&str>, Vec<&str>) = (want.split('\n').collect(), got.split('\n').collect());
    let prefix = w.iter().zip(&g).take_while(|(a, b)| a == b).count();
    let suffix = w[prefix..]
        .iter()
        .rev()
        .zip(g[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = format!(
        "  first difference at line {} (expected {} lines, produced {})\n",
        prefix + 1,
        w.len(),
        g.len()
    );
    for (i, line) in w
        .iter()
        .enumerate()
        .take(prefix)
        .skip(prefix.saturating_sub(2))
    {
        out += &show(' ', i, line);
    }
    out += &side('-', &w, prefix, w.len() - suffix);
    out += &side('+', &g, prefix, g.len() - suffix);
    out
}

/// Lines `from..to` of one side, at most `MAX_LINES` of them.
fn side(mark: char, lines: &[&str], from: usize, to: usize) -> String {
    let mut out: String = (from..to.min(from + MAX_LINES))
        .map(|i| show(mark, i, lines[i]))
        .collect();
    if to > from + MAX_LINES {
        out += &format!("  {mark}       … {} more line(s)\n", to - from - MAX_LINES);
    }
    out
}

/// One numbered diff line, long lines cut and carriage returns made visible.
fn show(mark: char, index: usize, line: &str) -> String {
    let mut text: String = line.chars().take(MAX_LINE_CHARS).collect();
    if line.chars().count() > MAX_LINE_CHARS {
        text.push('…');
    }
    format!("  {mark}{:>6} | {}\n", index + 1, text.replace('\r', "␍"))
}

/// Rewrites the expected files from the build: writes every `GOLDEN` output, removes expected
/// files no longer in `GOLDEN` or no longer produced, and fails if `GOLDEN` names a file the build
/// does not make (the list itself must then be edited).
fn accept(public: &Path, produced: &BTreeSet<String>, expected: &Path) {
    let mut removed = 0;
    for rel in expected_files(expected) {
        if !GOLDEN.contains(&rel.as_str()) || !produced.contains(&rel) {
            let path = expected.join(&rel);
            fs::remove_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            removed += 1;
        }
    }
    if expected.is_dir() {
        remove_empty_dirs(expected);
    }
    let mut written = 0;
    let mut missing = Vec::new();
    for rel in GOLDEN {
        if !produced.contains(*rel) {
            missing.push(*rel);
            continue;
        }
        let bytes = read(&public.join(rel));
        let target: PathBuf = expected.join(rel);
        if fs::read(&target).ok().as_deref() != Some(bytes.as_slice()) {
            let parent = target.parent().unwrap();
            fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
            fs::write(&target, &bytes).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
            written += 1;
        }
    }
    eprintln!("golden: {written} expected file(s) written, {removed} removed");
    assert!(
        missing.is_empty(),
        "GOLDEN names outputs the build does not produce; remove them from GOLDEN in \
         tests/golden.rs:\n  {}",
        missing.join("\n  ")
    );
}

/// Removes empty folders below `dir` (not `dir` itself), deepest first.
fn remove_empty_dirs(dir: &Path) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            remove_empty_dirs(&path);
            if fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()) {
                fs::remove_dir(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
        }
    }
}
