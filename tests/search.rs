//! Search: every language's pages indexed under `pagefind/`, a search page per language, a
//! search box in every header, sub-path sites, `search: false`, and the index refreshed in
//! watch mode. What a browser does with the index is in `tests/browser.rs` (`search.mjs`);
//! here the index's files are read directly: each is gzip (after pagefind's signature) around
//! CBOR words (`index/`) or a JSON page record (`fragment/`).

mod common;

use common::{Running, SiteTest, wait_for};
use flate2::read::GzDecoder;
use std::fs;
use std::io::Read;
use std::path::Path;

/// The decompressed bytes of a pagefind file, without its `pagefind_dcd` signature.
fn unpack(path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    GzDecoder::new(fs::File::open(path).unwrap())
        .read_to_end(&mut out)
        .unwrap();
    out.strip_prefix(b"pagefind_dcd")
        .unwrap_or_else(|| panic!("{} has no pagefind signature", path.display()))
        .to_vec()
}

/// The unpacked files of one folder of the index (`index`, `fragment`), with their names
/// (which start with the language: `zh_…`).
fn unpacked_named(public: &Path, folder: &str) -> Vec<(String, Vec<u8>)> {
    let dir = public.join("pagefind").join(folder);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                unpack(p),
            )
        })
        .collect()
}

fn unpacked(public: &Path, folder: &str) -> Vec<Vec<u8>> {
    unpacked_named(public, folder)
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

/// Whether the index holds `word` as a word of its own: a CBOR text string of exactly its
/// bytes (a short string's header byte is 0x60 + its length), not merely inside a longer run
/// of unsegmented text.
fn indexed_word(public: &Path, word: &str) -> bool {
    let bytes = word.as_bytes();
    assert!(bytes.len() < 24, "a short word");
    let mut needle = vec![0x60 + bytes.len() as u8];
    needle.extend_from_slice(bytes);
    unpacked(public, "index")
        .iter()
        .any(|chunk| chunk.windows(needle.len()).any(|w| w == needle.as_slice()))
}

/// Every page record of the index: `url`, `content`, `meta` (`title`, `category`)…
fn fragments(public: &Path) -> Vec<serde_json::Value> {
    unpacked(public, "fragment")
        .iter()
        .map(|f| serde_json::from_slice(f).expect("a fragment is JSON"))
        .collect()
}

fn fragment<'a>(all: &'a [serde_json::Value], url: &str) -> &'a serde_json::Value {
    all.iter()
        .find(|f| f["url"] == url)
        .unwrap_or_else(|| panic!("no page {url} in the index: {all:?}"))
}

/// A page record's text, without the zero-width spaces pagefind puts between Chinese words.
fn content(fragment: &serde_json::Value) -> String {
    fragment["content"]
        .as_str()
        .unwrap()
        .replace('\u{200B}', "")
}

fn entry_languages(public: &Path) -> Vec<String> {
    let entry = fs::read_to_string(public.join("pagefind/pagefind-entry.json")).unwrap();
    let entry: serde_json::Value = serde_json::from_str(&entry).unwrap();
    let mut langs: Vec<String> = entry["languages"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    langs.sort();
    langs
}

#[test]
fn each_language_gets_its_own_index_of_the_content_pages() {
    let site = SiteTest::fixture("search");
    site.build();
    let public = site.root.join("public");
    assert_eq!(entry_languages(&public), ["en", "zh"]);
    // Chinese is segmented into words (燃气泄漏 is 燃气 and 泄漏); English is stemmed.
    for word in ["灭火器", "燃气", "泄漏", "电动"] {
        assert!(
            indexed_word(&public, word),
            "{word} is not a word of the index"
        );
    }
    assert!(
        indexed_word(&public, "extinguish"),
        "the stem of extinguisher"
    );
    let all = fragments(&public);
    // Content pages only, each with its title, category and text but no page chrome.
    let urls: Vec<&str> = all.iter().filter_map(|f| f["url"].as_str()).collect();
    assert_eq!(all.len(), 8, "{urls:?}");
    let lesson = fragment(&all, "/lessons/fire/extinguisher/");
    assert_eq!(lesson["meta"]["title"], "如何使用灭火器");
    assert_eq!(lesson["meta"]["category"], "火灾防范");
    let text = content(lesson);
    assert!(text.contains("拔掉保险销"), "{text}");
    for chrome in ["江滨市安全课堂", "火警", "发布于", "搜索本站", "火灾防范"] {
        assert!(!text.contains(chrome), "{chrome} indexed: {text}");
    }
    assert_eq!(
        fragment(&all, "/en/lessons/fire/extinguisher/")["meta"]["title"],
        "Using a fire extinguisher"
    );
    assert_eq!(
        fragment(&all, "/announcements/gas-check/")["meta"]["title"],
        "老旧小区燃气管道检查"
    );
    assert_eq!(fragment(&all, "/about/")["meta"]["title"], "关于本站");
    // Each page is in the index of its `<html lang>`: translations under /en/ in English's.
    for (name, bytes) in unpacked_named(&public, "fragment") {
        let page: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let url = page["url"].as_str().unwrap();
        let lang = if url.starts_with("/en/") {
            "en_"
        } else {
            "zh_"
        };
        assert!(name.starts_with(lang), "{url} is in {name}");
    }
    // Only the files the search page uses.
    assert!(site.exists("pagefind/pagefind.js"));
    assert!(!site.exists("pagefind/pagefind-ui.js"));
}

#[test]
fn a_search_page_per_language_and_a_search_box_on_every_page() {
    let site = SiteTest::fixture("search");
    site.build();
    for (page, lang, search) in [
        ("search/index.html", "zh", "/search/"),
        ("en/search/index.html", "en", "/en/search/"),
    ] {
        let html = site.html(page);
        assert_eq!(html.attrs("html", "lang"), [lang], "{page}");
        assert_eq!(html.attrs("form.search-form", "action"), [search]);
        assert_eq!(html.attrs("form.search-form", "method"), ["get"]);
        assert_eq!(html.attrs("#search-q", "name"), ["q"]);
        assert_eq!(html.attrs("label[for=search-q]", "for").len(), 1);
        assert_eq!(
            html.attrs("#search-results", "data-bundle"),
            ["/pagefind/pagefind.js"]
        );
        assert_eq!(html.attrs("#search-status", "aria-live"), ["polite"]);
        assert_eq!(
            html.attrs("script[src$='search.js']", "src"),
            ["/js/search.js"]
        );
        // Without JavaScript: say so, and link to the lessons.
        let noscript = html.source();
        let noscript = &noscript[noscript.find("<noscript>").unwrap()..];
        assert!(noscript.contains("/lessons/"), "{noscript}");
        // The page itself has no header box: its own form is the search box.
        assert_eq!(html.count("header form[role=search]"), 0, "{page}");
    }
    assert!(
        site.read("search/index.html")
            .contains("搜索功能需要浏览器开启 JavaScript")
    );
    assert!(
        site.read("en/search/index.html")
            .contains("Search needs JavaScript")
    );
    // Every other page: a plain form to its language's search page, with a label.
    for (page, action) in [
        ("index.html", "/search/"),
        ("lessons/fire/extinguisher/index.html", "/search/"),
        ("en/lessons/fire/extinguisher/index.html", "/en/search/"),
        ("404.html", "/search/"),
    ] {
        let html = site.html(page);
        let form = "header form[role=search]";
        assert_eq!(html.attrs(form, "action"), [action], "{page}");
        assert_eq!(html.attrs(form, "method"), ["get"], "{page}");
        let input = html.attrs(&format!("{form} input[name=q]"), "id");
        assert_eq!(input.len(), 1, "{page}");
        let label = format!("{form} label[for={}]", input[0]);
        assert!(!html.text(&label).is_empty(), "{page}: no label");
        // A lesson's JSON-LD is data, not a script that runs; elder mode's switch is on every
        // page (tests/elder.rs); nothing else runs here.
        let scripts =
            "script:not([type='application/ld+json']):not(#elder-init):not([src$='/elder.js'])";
        assert_eq!(html.count(scripts), 0, "{page} loads a script");
    }
    // No page points at a file that is not there (the search script, the lessons index).
    assert_eq!(
        common::broken_links(&site.root.join("public")),
        Vec::<String>::new()
    );
}

#[test]
fn a_sub_path_site_searches_under_its_path() {
    let site = SiteTest::fixture("search");
    site.build_with(&["--base-url", "https://www.city.gov.cn/safety/"]);
    let public = site.root.join("public");
    let html = site.html("en/search/index.html");
    assert_eq!(
        html.attrs("#search-results", "data-bundle"),
        ["/safety/pagefind/pagefind.js"]
    );
    assert_eq!(
        html.attrs("script[src$='search.js']", "src"),
        ["/safety/js/search.js"]
    );
    assert_eq!(
        site.html("index.html")
            .attrs("header form[role=search]", "action"),
        ["/safety/search/"]
    );
    // Results link to the pages under the site's path.
    let all = fragments(&public);
    assert!(
        all.iter()
            .all(|f| f["url"].as_str().unwrap().starts_with("/safety/"))
    );
    fragment(&all, "/safety/en/lessons/fire/extinguisher/");
    let check = common::check_links(&public, "/safety/");
    assert_eq!(check.broken, Vec::<String>::new());
}

#[test]
fn search_false_leaves_no_index_page_or_box() {
    let site = SiteTest::fixture("search");
    let yaml = fs::read_to_string(site.root.join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}search: false\n"));
    site.build();
    let files = site.files();
    let search: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("pagefind/") || f.contains("search/"))
        .collect();
    assert_eq!(search, Vec::<&String>::new());
    for page in files.iter().filter(|f| f.ends_with(".html")) {
        let html = site.html(page);
        assert_eq!(html.count("form"), 0, "{page} has a form");
    }
}

#[test]
fn turning_search_off_removes_the_index_and_on_brings_it_back() {
    let site = SiteTest::fixture("search");
    site.build();
    assert!(site.exists("pagefind/pagefind-entry.json"));
    let yaml = fs::read_to_string(site.root.join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}search: false\n"));
    site.build();
    assert!(!site.out("pagefind").exists());
    assert!(!site.exists("search/index.html"));
    site.write("site.yaml", &yaml);
    site.build();
    assert!(site.exists("pagefind/pagefind-entry.json"));
}

#[test]
fn the_index_is_the_same_from_build_to_build() {
    let site = SiteTest::fixture("search");
    site.build();
    let first = session_tree(&site.root.join("public/pagefind"));
    let entry = site.out("pagefind/pagefind-entry.json");
    let written = fs::metadata(&entry).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build();
    assert_eq!(session_tree(&site.root.join("public/pagefind")), first);
    // Unchanged index files are not rewritten.
    assert_eq!(fs::metadata(&entry).unwrap().modified().unwrap(), written);
}

fn session_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = common::files_under(dir)
        .into_iter()
        .map(|rel| {
            let bytes = fs::read(dir.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_file_where_the_index_goes_is_an_error() {
    let site = SiteTest::fixture("search");
    site.write("static/pagefind/pagefind.js", "var mine = 1;\n");
    let run = site.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("static/pagefind/pagefind.js")
            && run.stderr.contains("holds the search index")
            && run.stderr.contains("search: false"),
        "{}",
        run.stderr
    );
    // Without search the folder is the site's to use.
    let yaml = fs::read_to_string(site.root.join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}search: false\n"));
    site.build();
    assert_eq!(site.read("pagefind/pagefind.js"), "var mine = 1;\n");
}

#[test]
fn a_build_that_defers_the_index_keeps_the_one_in_the_output_until_its_refresh() {
    let site = SiteTest::fixture("search");
    site.build();
    let public = site.root.join("public");
    let before = session_tree(&public.join("pagefind"));
    site.write(
        "content/lessons/fire/kitchen.md",
        "---\ntitle: \"厨房防火\"\ndate: 2026-04-01\n---\n抽油烟机要定期清洗。\n",
    );
    let mut opts = safepress::BuildOptions::new(&site.root);
    opts.now = Some(common::NOW.to_string());
    opts.defer_search_index = true;
    let state = safepress::build(&opts).unwrap();
    assert!(
        site.read("lessons/fire/kitchen/index.html")
            .contains("抽油烟机")
    );
    assert_eq!(session_tree(&public.join("pagefind")), before);
    state
        .search_refresh()
        .run(&std::sync::Mutex::new(()))
        .unwrap();
    assert!(indexed_word(&public, "抽油烟机") || indexed_word(&public, "油烟"));
    assert_ne!(session_tree(&public.join("pagefind")), before);
}

/// How many times watch mode has said the index was refreshed.
fn refreshes(running: &Running) -> usize {
    running.log().matches("Search index refreshed").count()
}

#[test]
fn watch_mode_refreshes_the_index_after_writing_the_pages() {
    let site = SiteTest::fixture("search");
    let root = site.root.to_str().unwrap().to_string();
    let running = Running::start(site.root.parent().unwrap(), &["watch", "--root", &root]);
    // The first build writes the pages; the index follows in the background.
    wait_for("the first index", 60, || refreshes(&running) == 1);
    let log = running.log();
    let watching = log.find("Watching for changes").expect("watching");
    assert!(
        watching < log.find("Search index refreshed").unwrap(),
        "{log}"
    );
    let public = site.root.join("public");
    assert!(indexed_word(&public, "灭火器"));
    assert!(!indexed_word(&public, "保温"));
    site.write(
        "content/lessons/fire/e-bike.md",
        "---\ntitle: \"电动自行车充电安全\"\ndate: 2026-05-01\n---\n充电时不要把保温杯放在电池旁边。\n",
    );
    wait_for("the index to be refreshed", 30, || refreshes(&running) == 2);
    let log = running.log();
    let rebuilt = log.find("Rebuilt after").expect("a rebuild");
    let indexed = log.rfind("Search index refreshed").unwrap();
    assert!(rebuilt < indexed, "the pages come first:\n{log}");
    assert!(indexed_word(&public, "保温"), "{log}");
    let all = fragments(&public);
    let text = content(fragment(&all, "/lessons/fire/e-bike/"));
    assert!(text.contains("保温杯"), "{text}");
    // The refreshed index equals a full build's.
    let fresh = SiteTest::fixture("search");
    fresh.write(
        "content/lessons/fire/e-bike.md",
        &fs::read_to_string(site.root.join("content/lessons/fire/e-bike.md")).unwrap(),
    );
    // Watch mode builds at the real time; so does this build.
    let fresh_root = fresh.root.to_str().unwrap().to_string();
    let run = fresh.run_raw(&["build", "--root", &fresh_root]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        session_tree(&public.join("pagefind")),
        session_tree(&fresh.root.join("public/pagefind"))
    );
}

#[test]
fn watch_mode_without_search_leaves_the_sites_own_pagefind_folder_alone() {
    let site = SiteTest::fixture("search");
    let config = fs::read_to_string(site.root.join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{config}\nsearch: false\n"));
    site.write("static/pagefind/mine.js", "// the site's own file\n");
    let root = site.root.to_str().unwrap().to_string();
    let running = Running::start(site.root.parent().unwrap(), &["watch", "--root", &root]);
    wait_for("the first build", 60, || {
        running.log().contains("Watching for changes")
    });
    // A page and a static file change: neither may touch the site's `pagefind/` folder.
    site.write(
        "content/lessons/fire/e-bike.md",
        "---\ntitle: \"电动自行车\"\ndate: 2026-05-01\n---\n正文。\n",
    );
    wait_for("the rebuild", 30, || {
        running.log().contains("Rebuilt after")
    });
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let mine = site.root.join("public/pagefind/mine.js");
    assert!(mine.is_file(), "{}", running.log());
    assert!(
        !running.log().contains("Search index refreshed"),
        "{}",
        running.log()
    );
}
