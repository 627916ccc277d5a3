//! A chainable harness for building fixture sites in temporary folders and checking the output.
#![allow(dead_code)]

use assert_cmd::Command;
use percent_encoding::percent_decode_str;
use scraper::{Html, Selector};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The output file a URL path inside the site names (`lessons/%E6%B6%88/` gives
/// `lessons/消/index.html`), decoded as a server decodes it.
pub fn file_of(path: &str) -> String {
    let decoded = percent_decode_str(path)
        .decode_utf8()
        .unwrap_or_else(|e| panic!("{path} is not UTF-8 once decoded: {e}"));
    if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.into_owned()
    }
}

/// Builds the repository's own sample site into `public` at the fixed clock `NOW`; returns
/// what the build reported (its standard error).
pub fn build_sample_site(public: &Path) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = public.to_str().unwrap();
    let run = Command::cargo_bin("safepress")
        .unwrap()
        .env("SAFEPRESS_LANG", "en")
        .env("SAFEPRESS_MESSAGE_FORMAT", "short")
        .args(["build", "--root", root, "--output", output, "--now", NOW])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(
        run.status.success(),
        "the sample site failed to build:\n{stderr}"
    );
    stderr
}

/// The sample site's category ids, in site.yaml's order.
pub const SAMPLE_CATEGORIES: [&str; 7] = [
    "fire",
    "traffic",
    "hazardous-chemicals",
    "construction",
    "urban-safety",
    "industry-trade",
    "food-drug",
];

/// The page at `rel` in the output folder `public`, parsed.
pub fn read_page(public: &Path, rel: &str) -> Page {
    Page(Html::parse_document(
        &fs::read_to_string(public.join(rel)).unwrap(),
    ))
}

/// The fixed clock most tests build with.
pub const NOW: &str = "2026-11-29T12:00:00+08:00";

/// The outcome of running the binary.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard error (where safepress reports).
    pub stderr: String,
}

/// A copy of a fixture site in a temporary folder.
pub struct SiteTest {
    _dir: TempDir,
    pub root: PathBuf,
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl SiteTest {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            &root,
        );
        SiteTest { _dir: dir, root }
    }

    /// Writes a file relative to the site root.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    /// Reads a source file relative to the site root.
    pub fn read_source(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// Removes a file relative to the site root.
    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.root.join(rel)).unwrap();
        self
    }

    /// Runs `safepress build --root <root> --now NOW` plus `extra` arguments.
    pub fn run(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build", "--root", self.root.to_str().unwrap(), "--now", NOW];
        args.extend_from_slice(extra);
        self.run_raw(&args)
    }

    /// Runs `safepress build --root <root> --now <now>`.
    pub fn run_at(&self, now: &str) -> Run {
        self.run_raw(&["build", "--root", self.root.to_str().unwrap(), "--now", now])
    }

    /// Runs the binary with exactly these arguments.
    pub fn run_raw(&self, args: &[&str]) -> Run {
        let out = Command::cargo_bin("safepress")
            .unwrap()
            .env("SAFEPRESS_LANG", "en")
            .env("SAFEPRESS_MESSAGE_FORMAT", "short")
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Builds and asserts success.
    pub fn build(&self) -> &Self {
        self.build_with(&[])
    }

    /// Builds with extra arguments and asserts success.
    pub fn build_with(&self, extra: &[&str]) -> &Self {
        let run = self.run(extra);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        self
    }

    /// Path of an output file.
    pub fn out(&self, rel: &str) -> PathBuf {
        self.root.join("public").join(rel)
    }

    /// Whether an output file exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.out(rel).is_file()
    }

    /// The text of an output file.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.out(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// An output HTML file, parsed.
    pub fn html(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.read(rel)))
    }

    /// Every output file, relative and sorted.
    pub fn files(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk(
            &self.root.join("public"),
            &self.root.join("public"),
            &mut out,
        );
        out.sort();
        out
    }
}

/// The names of the entries of `dir` that contain `part` (staging folders left beside an
/// output, say).
pub fn entries(dir: &Path, part: &str) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(part))
        .collect()
}

/// Every file under `dir` (a build's output folder, say), relative to it, `/`-separated, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, base, out);
        } else {
            out.push(
                path.strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

/// A parsed HTML page with CSS-selector helpers.
pub struct Page(pub Html);

impl Page {
    /// Text of every element matching `css`, whitespace-normalised.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.0
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// Text of the first element matching `css`.
    pub fn text(&self, css: &str) -> String {
        self.texts(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element matches {css}"))
    }

    /// An attribute of every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.0
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    /// How many elements match `css`.
    pub fn count(&self, css: &str) -> usize {
        self.0.select(&Selector::parse(css).unwrap()).count()
    }

    /// The whole serialised document.
    pub fn source(&self) -> String {
        self.0.html()
    }
}

/// Every local `href`/`src` in every HTML output that points at no output file, or whose
/// `#fragment` names no element `id` in the target page. Relative URLs are resolved against
/// the page's folder; URLs with a scheme and `//host` URLs are not checked.
pub fn broken_links(public: &Path) -> Vec<String> {
    check_links(public, "/").broken
}

/// What [`check_links`] found.
#[derive(Debug)]
pub struct LinkCheck {
    /// How many local links (`href`/`src`, fragments included) were checked.
    pub checked: usize,
    /// `page → link` for every broken one, with the reason when it is not a missing file.
    pub broken: Vec<String>,
}

/// Checks every local `href`/`src` of every HTML output of a site published under the base
/// path `prefix` (`/` or e.g. `/safety/`, not percent-encoded): each page is served at
/// `prefix` + its output path, every link is resolved against that URL as a browser would,
/// percent-decoded as a server and a browser decode it, and must stay under `prefix` and name
/// an output file (and an element `id` for a `#fragment` into an HTML page). A link
/// that leaves the prefix (`/lessons/` on a site under `/safety/`) is broken. URLs with a
/// scheme and `//host` URLs are not checked.
pub fn check_links(public: &Path, prefix: &str) -> LinkCheck {
    assert!(
        prefix.starts_with('/') && prefix.ends_with('/'),
        "a base path starts and ends with `/`: {prefix}"
    );
    let mut files = Vec::new();
    walk(public, public, &mut files);
    let mut broken = Vec::new();
    let mut checked = 0;
    let sel = Selector::parse("[href], [src]").unwrap();
    let ids = Selector::parse("[id]").unwrap();
    let mut id_cache: std::collections::HashMap<String, Vec<String>> = Default::default();
    let mut ids_of = |target: &str| -> Vec<String> {
        id_cache
            .entry(target.to_string())
            .or_insert_with(|| {
                let text = fs::read_to_string(public.join(target)).unwrap_or_default();
                Html::parse_document(&text)
                    .select(&ids)
                    .filter_map(|e| e.value().attr("id").map(str::to_string))
                    .collect()
            })
            .clone()
    };
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let doc = Html::parse_document(&fs::read_to_string(public.join(file)).unwrap());
        for el in doc.select(&sel) {
            let Some(url) = el.value().attr("href").or_else(|| el.value().attr("src")) else {
                continue;
            };
            let Some(target) = local_target(prefix, file, url) else {
                continue;
            };
            checked += 1;
            let Some(target) = target else {
                broken.push(format!("{file} → {url} (outside {prefix})"));
                continue;
            };
            if !public.join(&target).is_file() {
                broken.push(format!("{file} → {url}"));
                continue;
            }
            // A browser finds the element whose id is the decoded fragment.
            let fragment = url.split_once('#').map_or("", |(_, f)| f);
            let fragment = percent_decode_str(fragment).decode_utf8_lossy();
            if !fragment.is_empty()
                && target.ends_with(".html")
                && !ids_of(&target).iter().any(|id| *id == fragment)
            {
                broken.push(format!("{file} → {url} (no id `{fragment}`)"));
            }
        }
    }
    LinkCheck { checked, broken }
}

/// The output file (relative to the output root) a link on page `file` points at when the
/// site is served under `prefix`: `None` for URLs with a scheme (`https:`, `mailto:`…) and
/// `//host/…`, `Some(None)` for a link that resolves outside `prefix`.
fn local_target(prefix: &str, file: &str, url: &str) -> Option<Option<String>> {
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if scheme || url.starts_with("//") {
        return None;
    }
    let path = url.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        // Only `#…`/`?…`: the page itself.
        return Some(Some(file.to_string()));
    }
    let page_url = format!("{prefix}{file}");
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        // Relative: against the page's folder (in the URL space, prefix included).
        let mut dir: Vec<&str> = page_url.split('/').filter(|p| !p.is_empty()).collect();
        dir.pop();
        dir
    };
    let segments: Vec<&str> = path.split('/').collect();
    for part in &segments {
        match *part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    // A server decodes each segment of the request to find the file.
    let decoded: Vec<String> = parts
        .iter()
        .map(|p| percent_decode_str(p).decode_utf8_lossy().into_owned())
        .collect();
    let parts = decoded;
    let folder = matches!(segments.last(), Some(&("" | "." | "..")));
    let mut resolved = format!("/{}", parts.join("/"));
    if folder && !resolved.ends_with('/') {
        resolved.push('/');
    }
    let Some(rest) = resolved.strip_prefix(prefix) else {
        return Some(None);
    };
    Some(Some(if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    }))
}

/// A `safepress` process running in the background (watch or serve), killed on drop.
pub struct Running {
    pub child: std::process::Child,
    pub log: PathBuf,
}

impl Running {
    /// Starts the binary with `args`, its standard error going to a log file in `dir`.
    pub fn start(dir: &Path, args: &[&str]) -> Running {
        let log = dir.join(format!("safepress-{}.log", args[0]));
        let file = fs::File::create(&log).unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_safepress"))
            .env("SAFEPRESS_LANG", "en")
            .env("SAFEPRESS_MESSAGE_FORMAT", "short")
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(file)
            .spawn()
            .unwrap();
        Running { child, log }
    }

    /// Everything the process has printed so far.
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Panics unless the process is still running.
    pub fn assert_alive(&mut self) {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!("safepress exited with {status}:\n{}", self.log());
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` every 20 ms until it holds or `secs` seconds pass; says what it waited for.
pub fn wait_for(what: &str, secs: u64, mut check: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("timed out waiting for {what}");
}

/// Runs safepress in `dir` with exactly `args`, with no language from the environment:
/// (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("safepress")
        .unwrap()
        .current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("SAFEPRESS_LANG")
        .env("SAFEPRESS_MESSAGE_FORMAT", "short")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
