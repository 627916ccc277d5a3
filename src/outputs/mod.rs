//! Special outputs, one module each: what Atom feeds, CAP alerts and the sitemap carry, and
//! whether a lesson's print poster fits its page. Their markup, like `robots.txt`'s, is a theme
//! template.

pub mod cap;
pub mod feeds;
pub mod poster;
pub mod sitemap;
