//! Special outputs, one module each: what Atom feeds, CAP alerts and the sitemap carry. Their markup, like
//! `robots.txt`'s, is a theme template.

pub mod cap;
pub mod feeds;
pub mod sitemap;
