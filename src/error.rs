//! Typed errors of the library. Every error names where it happened: a file, and for
//! content a line and column, so the CLI can print `path:line:col: what — fix`.

use crate::messages::{Language, Text};
use crate::text;
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
    pub message: Text,
    /// How to fix it; [`Text::none`] when there is nothing to say.
    pub fix: Text,
}

impl Diagnostic {
    /// A diagnostic at a line (and column) of a file.
    pub fn new(
        path: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: Text,
        fix: Text,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            col,
            message,
            fix,
        }
    }

    /// `path:line:col: what — fix` in `lang`.
    pub fn render(&self, lang: Language) -> String {
        // `./content/a.md` when the site is the current folder: `content/a.md` is the same.
        let path = self.path.strip_prefix(".").unwrap_or(&self.path);
        let mut out = path.display().to_string();
        if self.line > 0 {
            out.push_str(&format!(":{}", self.line));
            if self.col > 0 {
                out.push_str(&format!(":{}", self.col));
            }
        }
        out.push_str(": ");
        out.push_str(&what_and_fix(&self.message, &self.fix, lang));
        out
    }
}

/// `what — fix` in `lang`; just `what` when there is no fix.
fn what_and_fix(message: &Text, fix: &Text, lang: Language) -> String {
    match fix.is_empty() {
        true => message.render(lang),
        false => format!("{} — {}", message.render(lang), fix.render(lang)),
    }
}

/// In English (logs, tests); readers get [`Diagnostic::render`].
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::En))
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

/// A template error (`Error::Template`) as a problem at its place: its `name` is the
/// template's path, with `:line:column` when the template engine knows them.
pub fn template_problem(name: &str, message: &Text, fix: &Text) -> Diagnostic {
    let mut parts = name.rsplitn(3, ':');
    let (col, line, path) = (parts.next(), parts.next(), parts.next());
    let number = |n: Option<&str>| n.and_then(|n| n.parse::<usize>().ok());
    let (path, line, col) = match (path, number(line), number(col)) {
        (Some(path), Some(line), Some(col)) => (path, line, col),
        _ => (name, 0, 0),
    };
    Diagnostic::new(path, line, col, message.clone(), fix.clone())
}

/// What the template engine said, as a message: its commonest error, a variable that is not
/// there, in the catalogue's words, others as the engine put them.
pub fn engine_message(message: impl Into<String>) -> Text {
    let message = message.into();
    // "Variable `x` is not defined. Available variables: a, b" and the same of fields.
    let undefined = |prefix: &str, list: &str| {
        let (name, rest) = message
            .strip_prefix(prefix)?
            .split_once("` is not defined")?;
        let names = rest
            .trim_start_matches('.')
            .trim()
            .strip_prefix(list)?
            .trim();
        Some((name, names))
    };
    // "Unknown filter `x`", and of functions, tests and templates.
    let unknown = |what: &str| {
        let rest = message.strip_prefix("Unknown ")?.strip_prefix(what)?;
        rest.trim().strip_prefix('`')?.strip_suffix('`')
    };
    if let Some((name, list)) = undefined("Variable `", "Available variables:") {
        text!("template.undefined", name = name, list = list)
    } else if let Some((name, list)) = undefined("Field `", "Available fields:") {
        text!("template.undefined_field", name = name, list = list)
    } else if let Some(name) = unknown("filter") {
        text!("template.unknown_filter", name = name)
    } else if let Some(name) = unknown("function") {
        text!("template.unknown_function", name = name)
    } else if let Some(name) = unknown("test") {
        text!("template.unknown_test", name = name)
    } else if let Some(name) = unknown("template") {
        text!("template.unknown_template", name = name)
    } else {
        text!("template.error", message = message)
    }
}

/// Everything that can make a build fail. `Display` is English; readers get
/// [`Error::render`] in their language.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.render(Language::En))]
pub enum Error {
    /// Reading or writing a file failed.
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The site's sources have problems; all of them found in this run are listed.
    Content(Diagnostics),
    /// A template failed to load or render.
    Template {
        /// Where: the template file, with line and column when known.
        name: String,
        /// What is wrong (the engine's own words are English whatever the language).
        message: Text,
        /// How to fix it.
        fix: Text,
    },
    /// The search index could not be made (the pages were fine); the detail is for a bug
    /// report.
    Search(String),
    /// A bug in safepress itself, caught so that watch mode keeps running.
    Internal(String),
    /// Moving a finished build into the output folder failed part way: the folder holds part
    /// of the new build.
    Partial {
        /// The file or folder that could not be moved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A command refused to write where something already is (a file `new` would replace, a
    /// folder `init` would fill that is not empty), or to use a value it was given.
    Refused {
        /// The file or folder.
        path: PathBuf,
        /// What is there.
        message: Text,
        /// What to do instead.
        fix: Text,
    },
    /// The output directory is unsafe to write to.
    Output {
        /// The output directory.
        path: PathBuf,
        /// Why it cannot be used.
        message: Text,
        /// What to do instead.
        fix: Text,
    },
}

/// What an I/O error means, in the catalogue's words where it has them (the operating
/// system's text is English whatever the reader's language).
pub fn io_reason(e: &io::Error) -> Text {
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => text!("io.not_found"),
        K::PermissionDenied => text!("io.permission_denied"),
        K::AlreadyExists => text!("io.already_exists"),
        K::ReadOnlyFilesystem => text!("io.read_only"),
        K::StorageFull => text!("io.storage_full"),
        K::AddrInUse => text!("io.addr_in_use"),
        K::IsADirectory => text!("io.is_a_directory"),
        K::NotADirectory => text!("io.not_a_directory"),
        K::DirectoryNotEmpty => text!("io.directory_not_empty"),
        K::InvalidData => text!("io.invalid_data"),
        _ => text!("io.other", detail = e.to_string()),
    }
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

    /// The error in `lang`: one line, or one line per problem for content errors.
    pub fn render(&self, lang: Language) -> String {
        let line = |path: &Path, message: Text, fix: Text| {
            Diagnostic::new(path, 0, 0, message, fix).render(lang)
        };
        match self {
            Error::Io { path, source } => line(path, io_reason(source), Text::none()),
            Error::Content(list) => {
                let lines: Vec<String> = list.0.iter().map(|d| d.render(lang)).collect();
                lines.join("\n")
            }
            Error::Template { name, message, fix } => {
                template_problem(name, message, fix).render(lang)
            }
            Error::Search(detail) => what_and_fix(
                &text!("error.search", detail = detail),
                &text!("error.search_fix"),
                lang,
            ),
            Error::Internal(detail) => what_and_fix(
                &text!("error.internal", detail = detail),
                &text!("error.internal_fix"),
                lang,
            ),
            Error::Partial { path, source } => {
                line(path, io_reason(source), text!("error.partial_fix"))
            }
            Error::Refused { path, message, fix } | Error::Output { path, message, fix } => {
                line(path, message.clone(), fix.clone())
            }
        }
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
        let fix = text!("template.fix");
        let d = template_problem(
            "templates/lesson.html:3:8",
            &engine_message("Variable `page` is not defined. Available variables: a, b"),
            &fix,
        );
        assert_eq!(
            (d.path.to_str(), d.line, d.col),
            (Some("templates/lesson.html"), 3, 8)
        );
        assert_eq!(
            d.message.to_string(),
            "template error: the variable `page` is not defined here; the variables there are: a, b"
        );
        let d = template_problem("themes/x/templates/a.html", &engine_message("bad"), &fix);
        assert_eq!(d.message.to_string(), "template error: bad");
        assert_eq!((d.line, d.col), (0, 0));
        assert_eq!(d.path.to_str(), Some("themes/x/templates/a.html"));
    }
}
