//! The search index: the HTML of the site's content pages in, the files of a pagefind bundle
//! out, under `pagefind/` in the output — its script, and one index per language split into
//! chunks, so that a query downloads only the chunks its words fall in. Pagefind reads what a
//! page marks: `data-pagefind-body` (the text to index), `data-pagefind-meta` (title,
//! category) and `<html lang>` (which language's index; Chinese is segmented into words by
//! pagefind's `extended` feature).
//!
//! This module knows nothing of the site model: the pipeline hands it pages (a link and HTML)
//! in plan order, which keeps the index's bytes the same from build to build. A full build
//! feeds an [`Indexer`] while it renders; watch mode calls [`Refresh::run`] after a rebuild,
//! which indexes the pages from the output folder and puts the new index in place of the old.

use crate::error::{Error, Result};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// The folder of the output that holds the index.
pub const BUNDLE_DIR: &str = "pagefind";
/// The bundle's script, which the search page loads, as a path in the output.
pub const BUNDLE_SCRIPT: &str = "pagefind/pagefind.js";
/// The file a browser reads first; it names the current index of each language.
const ENTRY: &str = "pagefind-entry.json";
/// Pages waiting for the index thread: enough to keep rendering and indexing overlapped, few
/// enough not to hold a big site's pages in memory.
const QUEUE: usize = 256;

/// One file of the index: its path in the output (under `pagefind/`) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    /// Path in the output, e.g. `pagefind/pagefind-entry.json`.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A page of the output to index: its HTML file and the link a result leads to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// The page's file in the output, e.g. `lessons/fire/extinguisher/index.html`.
    pub file: String,
    /// Its link, base path included, e.g. `/safety/lessons/fire/extinguisher/`.
    pub url: String,
}

/// A link and the HTML of one page.
type Doc = (String, String);

/// Makes an index from pages given one at a time, on a thread of its own (pagefind indexes
/// pages one after another; the caller renders meanwhile).
pub struct Indexer {
    pages: Option<SyncSender<Doc>>,
    worker: Option<JoinHandle<Result<Vec<IndexFile>>>>,
}

impl Indexer {
    /// Starts an empty index.
    pub fn start() -> Result<Self> {
        let (pages, queue) = sync_channel(QUEUE);
        let worker = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || index(queue))
            .map_err(|e| Error::Search(format!("cannot start its thread: {e}")))?;
        Ok(Indexer {
            pages: Some(pages),
            worker: Some(worker),
        })
    }

    /// Adds the page at `url` with its `html`. Pages are indexed in the order they are added.
    pub fn add(&self, url: String, html: String) {
        if let Some(pages) = &self.pages {
            // A closed queue means the index failed; `finish` reports why.
            let _ = pages.send((url, html));
        }
    }

    /// The files of the index of every page added, sorted by path.
    pub fn finish(mut self) -> Result<Vec<IndexFile>> {
        drop(self.pages.take());
        let worker = self.worker.take().ok_or_else(stopped)?;
        worker.join().map_err(|_| stopped())?
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        // Dropped without `finish` (the build failed): let the thread end on its own.
        self.pages.take();
    }
}

fn stopped() -> Error {
    Error::Search("the indexing thread stopped unexpectedly".into())
}

fn pagefind_error(e: impl std::fmt::Display) -> Error {
    Error::Search(e.to_string())
}

/// Indexes every page that arrives, then returns the bundle's files.
fn index(pages: Receiver<Doc>) -> Result<Vec<IndexFile>> {
    // Pagefind's API is async; this thread has a small runtime of its own, so a build run
    // inside another runtime (the preview server) does not nest them.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Search(format!("cannot start its runtime: {e}")))?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(config)).map_err(pagefind_error)?;
        while let Ok((url, html)) = pages.recv() {
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(pagefind_error)?;
        }
        let files = index.get_files().await.map_err(pagefind_error)?;
        let mut files: Vec<IndexFile> = files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                wanted(&name).then(|| IndexFile {
                    path: format!("{BUNDLE_DIR}/{name}"),
                    bytes: f.contents,
                })
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    })
}

/// Whether a file of pagefind's bundle is one the search page uses: its script and worker,
/// the entry file, the search code per language, and the index chunks. Pagefind's own
/// ready-made interfaces (`pagefind-ui.js` and the like) are left out; the theme has its own.
fn wanted(name: &str) -> bool {
    matches!(name, "pagefind.js" | "pagefind-worker.js" | ENTRY)
        || name.starts_with("wasm.")
        || name.ends_with(".pf_meta")
        || ["index/", "fragment/", "filter/"]
            .iter()
            .any(|dir| name.starts_with(dir))
}

/// Indexes the HTML files `pages` of the output folder `output`, in their order. A file gone
/// meanwhile is left out: a later refresh sees the state that removed it.
pub fn index_files(output: &Path, pages: &[Target]) -> Result<Vec<IndexFile>> {
    let indexer = Indexer::start()?;
    for page in pages {
        let path = output.join(&page.file);
        match std::fs::read_to_string(&path) {
            Ok(html) => indexer.add(page.url.clone(), html),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, e)),
        }
    }
    indexer.finish()
}

/// Puts `files` in place of the index in `output`: changed chunks first, then the entry file
/// that names them, then the old index's files are removed. A browser reading meanwhile
/// finds either index whole (chunk names are hashes of their bytes).
pub fn install(output: &Path, files: &[IndexFile]) -> Result<()> {
    let (entry, chunks): (Vec<&IndexFile>, Vec<&IndexFile>) =
        files.iter().partition(|f| f.path.ends_with(ENTRY));
    for f in chunks.into_iter().chain(entry) {
        let path = output.join(&f.path);
        let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == f.bytes.len() as u64)
            && std::fs::read(&path).is_ok_and(|old| old == f.bytes);
        if !same {
            crate::fs::write_atomic(&path, &f.bytes)?;
        }
    }
    let keep: HashSet<PathBuf> = files.iter().map(|f| output.join(&f.path)).collect();
    for old in bundle_files(output)? {
        if !keep.contains(&old) {
            crate::fs::remove_and_prune(&old, output)?;
        }
    }
    Ok(())
}

/// Removes the index from `output` (search was turned off).
pub fn remove(output: &Path) -> Result<()> {
    let dir = output.join(BUNDLE_DIR);
    match std::fs::remove_dir_all(&dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&dir, e)),
        _ => Ok(()),
    }
}

/// Every file under `output/pagefind/`.
pub fn bundle_files(output: &Path) -> Result<Vec<PathBuf>> {
    let dir = output.join(BUNDLE_DIR);
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.map_err(|e| Error::io(&dir, std::io::Error::other(e.to_string())))?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// What brings the index in an output folder up to date with its pages: made from a build's
/// state, run after the pages are written (in watch mode on a thread of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refresh {
    /// The output folder.
    pub output: PathBuf,
    /// The pages to index, in plan order; `None` when the site has no search (the index goes).
    pub pages: Option<Vec<Target>>,
}

impl Refresh {
    /// Indexes the pages and installs the index; returns how many pages it indexed. `writing`
    /// is held only while files are replaced, so that no build writes the output meanwhile.
    pub fn run(&self, writing: &Mutex<()>) -> Result<usize> {
        let Some(pages) = &self.pages else {
            let _guard = writing.lock().unwrap_or_else(|p| p.into_inner());
            remove(&self.output)?;
            return Ok(0);
        };
        let files = index_files(&self.output, pages)?;
        let _guard = writing.lock().unwrap_or_else(|p| p.into_inner());
        install(&self.output, &files)?;
        Ok(pages.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: &str, title: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><title>{title}</title></head><body>\
             <nav>menu words</nav><article data-pagefind-body>\
             <h1 data-pagefind-meta=\"title\">{title}</h1><p>{body}</p></article></body></html>"
        )
    }

    fn build(pages: &[(&str, String)]) -> Vec<IndexFile> {
        let indexer = Indexer::start().unwrap();
        for (url, html) in pages {
            indexer.add(url.to_string(), html.clone());
        }
        indexer.finish().unwrap()
    }

    #[test]
    fn an_index_per_language_with_only_the_files_search_uses() {
        let files = build(&[
            ("/a/", page("zh", "灭火器", "如何使用灭火器")),
            ("/en/a/", page("en", "Extinguishers", "Pull the pin.")),
        ]);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.contains(&"pagefind/pagefind.js"), "{paths:?}");
        assert!(paths.contains(&"pagefind/pagefind-entry.json"));
        assert!(paths.iter().all(|p| p.starts_with("pagefind/")));
        assert!(!paths.iter().any(|p| p.contains("-ui.")), "{paths:?}");
        let entry = files.iter().find(|f| f.path.ends_with(ENTRY)).unwrap();
        let entry = String::from_utf8(entry.bytes.clone()).unwrap();
        assert!(
            entry.contains("\"zh\"") && entry.contains("\"en\""),
            "{entry}"
        );
        assert!(paths.iter().any(|p| p.starts_with("pagefind/fragment/")));
    }

    #[test]
    fn the_same_pages_make_the_same_bytes() {
        let pages = [
            ("/a/", page("zh", "燃气泄漏", "燃气泄漏时不要开灯")),
            ("/b/", page("zh", "电动自行车", "电动自行车不要在楼道充电")),
        ];
        assert_eq!(build(&pages), build(&pages));
    }

    #[test]
    fn install_replaces_the_old_index_and_remove_deletes_it() {
        let out = tempfile::tempdir().unwrap();
        let first = build(&[("/a/", page("en", "One", "first words"))]);
        install(out.path(), &first).unwrap();
        let second = build(&[("/b/", page("en", "Two", "other words entirely"))]);
        install(out.path(), &second).unwrap();
        let mut on_disk: Vec<String> = bundle_files(out.path())
            .unwrap()
            .iter()
            .map(|p| {
                p.strip_prefix(out.path())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let expected: Vec<&str> = second.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(on_disk, expected);
        remove(out.path()).unwrap();
        assert!(!out.path().join(BUNDLE_DIR).exists());
        remove(out.path()).unwrap();
    }
}
