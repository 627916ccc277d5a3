//! The pipeline: full builds, the plan of every output, the rebuild keys, incremental
//! rebuilds, and which pages the search index covers. It owns [`BuildState`]; the stages it drives live in `model`, `markdown`,
//! `render`, `outputs` and `write`.

pub mod build;
pub mod change;
pub mod contexts;
pub mod keys;
pub mod kinds;
pub mod plan;
pub mod rebuild;
pub mod search;
pub mod state;
pub(crate) mod steps;

pub use build::{build, build_once};
pub use change::Change;
pub use rebuild::{RebuildReport, rebuild};
pub use state::{BuildOptions, BuildReport, BuildState};
