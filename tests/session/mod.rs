//! A site under incremental rebuild, checked after every edit against a fresh full build: the
//! rebuild invariant shared by the scripted and the random rebuild tests.
#![allow(dead_code)]

use crate::common::{NOW, SiteTest};
use safepress::{BuildOptions, BuildState, Change, build, build_once, rebuild};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

pub struct Session {
    pub site: SiteTest,
    pub state: BuildState,
}

impl Session {
    pub fn new() -> Self {
        Self::with_files(&[])
    }

    /// The fixture with `files` added before the first build.
    pub fn with_files(files: &[(&str, &str)]) -> Self {
        let site = SiteTest::fixture("basic");
        for (rel, text) in files {
            site.write(rel, text);
        }
        Self::from_site(site)
    }

    /// A first build of `site` at `NOW`.
    pub fn from_site(site: SiteTest) -> Self {
        let mut opts = BuildOptions::new(&site.root);
        opts.now = Some(NOW.to_string());
        let state = build(&opts).expect("first build");
        Session { site, state }
    }

    pub fn write(&mut self, rel: &str, text: &str) -> Vec<String> {
        self.site.write(rel, text);
        self.rebuild(rel)
    }

    /// Writes every `(rel, text)` content file, then rebuilds once for all of them (a batch
    /// of saves that one debounce window catches).
    pub fn write_all(&mut self, files: &[(&str, &str)]) -> Vec<String> {
        let changes: Vec<Change> = files
            .iter()
            .map(|(rel, text)| {
                self.site.write(rel, text);
                Change::Content(rel.strip_prefix("content/").unwrap().to_string())
            })
            .collect();
        let report = rebuild(&mut self.state, &changes).expect("rebuild");
        let names: Vec<&str> = files.iter().map(|(rel, _)| *rel).collect();
        self.assert_matches_full_build(&names.join(" + "));
        report.paths
    }

    pub fn remove(&mut self, rel: &str) -> Vec<String> {
        self.site.remove(rel);
        self.rebuild(rel)
    }

    /// Renames `from` to `to` (both content files) and rebuilds once for both changes.
    pub fn rename(&mut self, from: &str, to: &str) -> Vec<String> {
        let (a, b) = (self.site.root.join(from), self.site.root.join(to));
        std::fs::rename(&a, &b).unwrap();
        let changes: Vec<Change> = [from, to]
            .iter()
            .map(|rel| Change::Content(rel.strip_prefix("content/").unwrap().to_string()))
            .collect();
        let report = rebuild(&mut self.state, &changes).expect("rebuild");
        self.assert_matches_full_build(&format!("{from} → {to}"));
        report.paths
    }

    pub fn rebuild(&mut self, rel: &str) -> Vec<String> {
        let change = if rel == "site.yaml" {
            Change::Config
        } else if let Some(c) = rel.strip_prefix("content/") {
            Change::Content(c.to_string())
        } else {
            Change::Theme
        };
        let report = rebuild(&mut self.state, &[change]).expect("rebuild");
        self.assert_matches_full_build(rel);
        report.paths
    }

    /// The invariant: the incrementally maintained output, with its search index refreshed
    /// as watch mode does after a rebuild, equals a fresh full build.
    pub fn assert_matches_full_build(&self, after: &str) {
        self.state
            .search_refresh()
            .run(&std::sync::Mutex::new(()))
            .expect("search index refreshed");
        let fresh = tempfile::tempdir().unwrap();
        let mut opts = self.state.opts.clone();
        opts.output = fresh.path().join("public");
        // What the `build` command runs: bodies made on demand, nothing kept.
        build_once(&opts).expect("full build");
        let incremental = tree(&self.state.opts.output);
        let full = tree(&opts.output);
        let a: Vec<&String> = incremental.keys().collect();
        let b: Vec<&String> = full.keys().collect();
        assert_eq!(a, b, "same files after editing {after}");
        for (path, bytes) in &full {
            assert!(
                incremental[path] == *bytes,
                "{path} differs after editing {after}"
            );
        }
    }
}

pub fn lesson(title: &str, date: &str, tags: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\ntags: [{tags}]\n---\n{body}\n")
}
