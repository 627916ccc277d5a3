//! safepress: a static site generator for city safety publicity — lessons, announcements and
//! urgent warnings, built into a fast, accessible site.
//!
//! A build is a pipeline of stages over plain values (see docs/ARCHITECTURE.md):
//! scan and parse ([`model`], [`markdown`]) → assemble ([`model::site`]) → plan
//! ([`pipeline::plan`]) → render ([`render`], [`outputs`]) → write ([`write`]), driven by
//! [`pipeline`], which also indexes the pages for [`search`]; [`live`] watches and serves.
#![deny(missing_docs)]

pub mod check;
pub mod error;
pub mod fs;
pub mod live;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod outputs;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod text;
pub mod urls;
pub mod write;

pub use error::{Diagnostic, Error, Result};
pub use pipeline::{BuildOptions, BuildState, Change, RebuildReport, build, build_once, rebuild};
