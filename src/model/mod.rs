//! The site model: `site.yaml`, the source files and what each is, front matter, pages, and
//! the read-only [`Site`](site::Site) assembled from them. Pure values; nothing here renders,
//! writes or watches.

pub mod bodies;
pub mod campaign;
pub mod cap;
pub mod color;
pub mod config;
pub mod dates;
pub mod frontmatter;
pub mod lifecycle;
pub mod links;
pub mod localized;
pub mod page;
pub mod quiz;
pub mod site;
pub mod slug;
pub mod source;
pub mod suggest;
pub mod yaml_errors;
pub mod yaml_lines;
