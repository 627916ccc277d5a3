//! Live work: watch mode (file events → changes → rebuilds) and the preview server.

pub mod serve;
pub mod watch;
