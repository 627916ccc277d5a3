//! safepress: a static site generator for city safety publicity — lessons, announcements and
//! urgent warnings, built into a fast, accessible site.
//!
//! A build is a pipeline of stages over plain values (see DESIGN.md):
//! scan ([`source`]) → parse ([`page`]) → assemble ([`site`]) → plan ([`plan`]) →
//! render ([`render`]) → write ([`output`]), driven by [`build`].
#![deny(missing_docs)]

pub mod config;
pub mod dates;
pub mod error;
pub mod frontmatter;
pub mod fs;
pub mod markdown;
pub mod page;
pub mod slug;
pub mod source;
pub mod suggest;

pub use error::{Diagnostic, Error, Result};
