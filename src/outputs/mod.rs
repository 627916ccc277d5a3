//! Special outputs, one module each: what Atom feeds carry. Their markup, like the sitemap's
//! and `robots.txt`'s, is a theme template.

pub mod feeds;
