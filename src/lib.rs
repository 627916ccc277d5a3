//! safepress: a static site generator for city safety publicity — lessons, announcements and
//! urgent warnings, built into a fast, accessible site.
//!
//! A build is a pipeline of stages over plain values (see DESIGN.md):
//! scan ([`source`]) → parse ([`page`]) → assemble ([`site`]) → plan ([`plan`]) →
//! render ([`render`]) → write ([`output`]), driven by [`build`].
#![deny(missing_docs)]

pub mod build;
pub mod config;
pub mod dates;
pub mod error;
pub mod feeds;
pub mod frontmatter;
pub mod fs;
pub mod graph;
pub mod lifecycle;
pub mod markdown;
pub mod output;
pub mod page;
pub mod plan;
pub mod rebuild;
pub mod render;
pub mod serve;
pub mod site;
pub mod sitemap;
pub mod slug;
pub mod source;
pub mod suggest;
pub mod summary;
pub mod theme;
pub mod watch;

pub use build::{BuildOptions, BuildState, build};
pub use error::{Diagnostic, Error, Result};
pub use rebuild::{Change, RebuildReport, rebuild};
