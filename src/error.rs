//! Typed errors of the library. Every error names where it happened: a file, and for
//! content a line and column, so the CLI can print `path:line:col: what — fix`.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// One problem found in a source file, with the way to fix it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl Diagnostic {
    /// A diagnostic at a line (and column) of a file.
    pub fn new(
        path: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            col,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if !self.fix.is_empty() {
            write!(f, " — {}", self.fix)?;
        }
        Ok(())
    }
}

/// A list of diagnostics, displayed one per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// How to fix a template error.
pub const TEMPLATE_FIX: &str = "fix the template, or delete the site's copy to use the theme's";

/// A template error (`Error::Template`) as a problem at its place: its `name` is the
/// template's path, with `:line:column` when the template engine knows them.
pub fn template_problem(name: &str, message: &str) -> Diagnostic {
    let mut parts = name.rsplitn(3, ':');
    let (col, line, path) = (parts.next(), parts.next(), parts.next());
    let number = |n: Option<&str>| n.and_then(|n| n.parse::<usize>().ok());
    let (path, line, col) = match (path, number(line), number(col)) {
        (Some(path), Some(line), Some(col)) => (path, line, col),
        _ => (name, 0, 0),
    };
    Diagnostic::new(
        path,
        line,
        col,
        format!("template error: {message}"),
        TEMPLATE_FIX,
    )
}

/// Everything that can make a build fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The site's sources have problems; all of them found in this run are listed.
    #[error("{0}")]
    Content(Diagnostics),
    /// A template failed to load or render.
    #[error("{name}: template error: {message} — {TEMPLATE_FIX}")]
    Template {
        /// Where: the template file, with line and column when known.
        name: String,
        /// What the template engine reported.
        message: String,
    },
    /// The search index could not be made (the pages were fine).
    #[error(
        "cannot build the search index: {0} — set `search: false` in site.yaml to build without search, and please report this"
    )]
    Search(String),
    /// A bug in safepress itself, caught so that watch mode keeps running.
    #[error("internal error: {0} — please report this; the next change rebuilds the whole site")]
    Internal(String),
    /// Moving a finished build into the output folder failed part way: the folder holds part
    /// of the new build.
    #[error("{}: {source} — the output folder holds part of this build; fix the cause and build again", path.display())]
    Partial {
        /// The file or folder that could not be moved.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A command refused to write where something already is (a file `new` would replace, a
    /// folder `init` would fill that is not empty).
    #[error("{}: {message} — {fix}", path.display())]
    Refused {
        /// The file or folder.
        path: PathBuf,
        /// What is there.
        message: String,
        /// What to do instead.
        fix: String,
    },
    /// The output directory is unsafe to write to.
    #[error("{}: {message} — {fix}", path.display())]
    Output {
        /// The output directory.
        path: PathBuf,
        /// Why it cannot be used.
        message: String,
        /// What to do instead.
        fix: String,
    },
}

impl Error {
    /// An I/O error that names its path.
    pub fn io(path: &Path, source: io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// Content errors from a list of diagnostics, sorted by file and line.
    pub fn content(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort();
        diagnostics.dedup();
        Error::Content(Diagnostics(diagnostics))
    }

    /// The content diagnostics, if this is a content error.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Content(d) => &d.0,
            _ => &[],
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_errors_are_placed_by_their_name() {
        let d = template_problem(
            "templates/lesson.html:3:8",
            "Variable `page` is not defined",
        );
        assert_eq!(
            (d.path.to_str(), d.line, d.col),
            (Some("templates/lesson.html"), 3, 8)
        );
        let d = template_problem("themes/x/templates/a.html", "bad");
        assert_eq!((d.line, d.col), (0, 0));
        assert_eq!(d.path.to_str(), Some("themes/x/templates/a.html"));
    }
}
