//! Special outputs, one module each: what Atom feeds and the sitemap carry. Their markup, like
//! `robots.txt`'s, is a theme template.

pub mod feeds;
pub mod sitemap;
