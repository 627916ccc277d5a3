//! Live work: watch mode (file events → changes → rebuilds, then the search index refreshed
//! in the background) and the preview server.

pub mod search;
pub mod serve;
pub mod watch;
