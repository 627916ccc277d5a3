//! Special outputs, one module each: Atom feeds and the sitemap.

pub mod feeds;
pub mod sitemap;
