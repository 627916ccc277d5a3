//! The pipeline: full builds, the plan of every output, the rebuild keys, incremental
//! rebuilds, and which pages the search index covers. It owns [`BuildState`]; the stages it drives live in `model`, `markdown`,
//! `render`, `outputs` and `write`.

pub mod build;
pub mod change;
pub mod contexts;
pub(crate) mod dry;
pub mod keys;
pub mod kinds;
pub mod plan;
pub mod progress;
pub mod rebuild;
pub mod search;
pub mod state;
pub(crate) mod steps;

pub use build::{build, build_once};
pub use change::Change;
pub use rebuild::{RebuildReport, rebuild};
pub use state::{BuildOptions, BuildReport, BuildState, LanguageCount};

/// A full build of a test fixture (`tests/fixtures/<name>`) into a temporary folder, kept
/// for as long as the folder is.
#[cfg(test)]
pub(crate) fn fixture_build(name: &str) -> (tempfile::TempDir, BuildState) {
    let out = tempfile::tempdir().expect("temp dir");
    let opts = BuildOptions {
        root: std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
        output: out.path().join("public"),
        drafts: false,
        now: Some("2024-06-01T00:00:00+08:00".into()),
        base_url: None,
        force: false,
        portable: false,
        defer_search_index: false,
        progress: Default::default(),
    };
    let state = build(&opts).expect("build");
    (out, state)
}
