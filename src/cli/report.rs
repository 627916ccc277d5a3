//! What the commands print: problems as a snippet of their file with a caret under the spot,
//! in colour on a terminal and plain when piped or under `NO_COLOR`; the summary of a build;
//! watch mode's outcomes; the progress bar. Every word comes from the message catalogue.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use safepress::Error;
use safepress::error::Diagnostic;
use safepress::live::watch::Outcome;
use safepress::messages::Language;
use safepress::msg;
use safepress::pipeline::progress::Progress;
use safepress::pipeline::{BuildReport, LanguageCount};
use std::io::IsTerminal;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How much to print, in which language, with or without colour.
#[derive(Debug, Clone)]
pub(super) struct Printer {
    /// The language of every message.
    pub ui: Language,
    /// ANSI colours in problems.
    pub color: bool,
    /// Only problems and warnings.
    pub quiet: bool,
    /// Every detail: each language's counts, every file left out.
    pub verbose: bool,
    /// Problems one line each (`--message-format short`).
    pub short: bool,
    /// The site folder, which the paths of problems are relative to.
    pub root: PathBuf,
}

/// Whether standard error gets colours: never under `NO_COLOR` or `TERM=dumb`, always under
/// `CLICOLOR_FORCE`, else when it is a terminal (<https://no-color.org>).
pub(super) fn color_wanted() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    if set("NO_COLOR") || std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return false;
    }
    set("CLICOLOR_FORCE") || std::io::stderr().is_terminal()
}

/// The line `line` (1-based) of `text`, and the byte range in it to mark: from the 1-based
/// character column `col` to the end of the word there, or the line's text when `col` is 0.
fn marked_line(text: &str, line: usize, col: usize) -> Option<(&str, Range<usize>)> {
    let source = text.lines().nth(line.checked_sub(1)?)?;
    let start = if col > 0 {
        source
            .char_indices()
            .nth(col - 1)
            .map_or(source.trim_end().len(), |(i, _)| i)
    } else {
        source.len() - source.trim_start().len()
    };
    let rest = &source[start..];
    let end = if col > 0 {
        let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
        start + word.max(rest.chars().next().map_or(0, char::len_utf8))
    } else {
        start + rest.trim_end().len()
    };
    Some((source, start..end.max(start)))
}

impl Printer {
    fn renderer(&self) -> Renderer {
        if self.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
    }

    /// A problem as the reader sees it: the message, the file with its line (and the line
    /// itself, a caret under the spot, when the file can be read), and the fix.
    pub fn diagnostic(&self, warning: bool, d: &Diagnostic) -> String {
        if self.short {
            let prefix = match warning {
                true => msg!(self.ui, "warning"),
                false => msg!(self.ui, "error"),
            };
            return format!("{prefix}{}", d.render(self.ui));
        }
        let (name, level) = match warning {
            true => (msg!(self.ui, "warning_name"), Level::WARNING),
            false => (msg!(self.ui, "error_name"), Level::ERROR),
        };
        let fix_name = msg!(self.ui, "fix_name");
        let path = d.path.strip_prefix(".").unwrap_or(&d.path);
        // A problem with a command-line option or argument (`--category`, `<TITLE>`, as the
        // usage names them) is in no file: the option is named before the message instead.
        let option = path
            .to_str()
            .filter(|p| p.starts_with("--") || (p.starts_with('<') && p.ends_with('>')))
            .filter(|_| d.line == 0);
        let path = path.display().to_string();
        let text = (d.line > 0)
            .then(|| std::fs::read_to_string(self.root.join(&d.path)).ok())
            .flatten();
        let message = match option {
            Some(option) => format!("{option}: {}", d.message.render(self.ui)),
            None => d.message.render(self.ui),
        };
        let fix = d.fix.render(self.ui);
        let title = level.with_name(Some(name.as_str())).primary_title(&message);
        let group = match text.as_deref().and_then(|t| marked_line(t, d.line, d.col)) {
            _ if option.is_some() => Group::with_title(title),
            Some((source, span)) => title.element(
                Snippet::source(source)
                    .line_start(d.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            ),
            None if d.line > 0 => {
                let origin = Origin::path(path.as_str()).line(d.line);
                let origin = match d.col {
                    0 => origin,
                    col => origin.char_column(col),
                };
                title.element(origin)
            }
            None => title.element(Origin::path(path.as_str())),
        };
        let group: Group = match d.fix.is_empty() {
            true => group,
            false => group.element(Level::HELP.with_name(Some(fix_name.as_str())).message(&fix)),
        };
        self.renderer().render(&[group]).to_string()
    }

    /// Prints what stopped a command that builds nothing (`new`, `init`, `check` before it
    /// could begin, watch mode's end): each problem as [`Printer::print`] shows it.
    pub fn failure(&self, e: &Error) {
        match e {
            Error::Content(list) => {
                for d in &list.0 {
                    self.print(false, d);
                }
            }
            Error::Template { name, message, fix } => {
                self.print(
                    false,
                    &safepress::error::template_problem(name, message, fix),
                );
            }
            other => eprintln!("{}{}", msg!(self.ui, "error"), other.render(self.ui)),
        }
    }

    /// Prints a problem (or warning) on standard error.
    pub fn print(&self, warning: bool, d: &Diagnostic) {
        match self.short {
            true => eprintln!("{}", self.diagnostic(warning, d)),
            // A blank line between quoted snippets, as compilers do.
            false => eprintln!("{}\n", self.diagnostic(warning, d)),
        }
    }

    /// Prints problems, then the line saying the build stopped.
    pub fn error(&self, e: &Error, output: &Path) {
        self.failure(e);
        let output = output.display();
        let outcome = match e {
            Error::Content(list) => msg!(
                self.ui,
                "build.stopped",
                problems = self.count("count.problem", list.0.len()),
                output = output
            ),
            Error::Partial { .. } => msg!(self.ui, "build.partial", output = output),
            _ => msg!(self.ui, "build.unchanged", output = output),
        };
        eprintln!("{outcome}");
    }

    /// `n` things, with the catalogue's word for one (`<key>_one`) or several (`<key>`).
    pub fn count(&self, key: &str, n: usize) -> String {
        let one = format!("{key}_one");
        let text = match n == 1 {
            true => safepress::messages::text(self.ui, &one, &[("n", &n)]),
            false => String::new(),
        };
        if text.is_empty() || text == one {
            safepress::messages::text(self.ui, key, &[("n", &n)])
        } else {
            text
        }
    }

    /// The counts of one language, or of all together.
    fn counts(&self, c: &LanguageCount, scheduled: usize, drafts: usize) -> String {
        let mut announcements = self.count("count.announcement", c.announcements + c.archived);
        let mut notes = Vec::new();
        if c.archived > 0 {
            notes.push(self.count("count.archived", c.archived));
        }
        if scheduled > 0 {
            notes.push(self.count("count.scheduled", scheduled));
        }
        if !notes.is_empty() {
            announcements = msg!(
                self.ui,
                "count.with_notes",
                what = announcements,
                notes = notes.join(msg!(self.ui, "list_separator").as_str())
            );
        }
        let mut parts = vec![
            self.count("count.lesson", c.lessons),
            announcements,
            self.count("count.page", c.pages),
            self.count("count.tag", c.tags),
        ];
        if drafts > 0 {
            parts.push(self.count("count.draft", drafts));
        }
        parts.join(msg!(self.ui, "list_separator").as_str())
    }

    /// The summary of a full build: its warnings and notes, what it built (per language
    /// when the site has several), and when it next changes by itself.
    pub fn report(&self, r: &BuildReport) {
        for w in &r.warnings {
            self.print(true, w);
        }
        if self.quiet {
            return;
        }
        if !r.hidden.is_empty() {
            let shown = match self.verbose {
                true => r.hidden.len(),
                false => 5,
            };
            eprintln!(
                "{}",
                msg!(
                    self.ui,
                    "build.hidden",
                    files = self.count("count.file", r.hidden.len()),
                    list = self.some_paths(&r.hidden, shown)
                )
            );
        }
        for dir in &r.leftovers {
            eprintln!("{}", msg!(self.ui, "build.leftover", dir = dir.display()));
        }
        let total = LanguageCount {
            lang: String::new(),
            lessons: r.lessons,
            announcements: r.announcements,
            archived: r.archived,
            pages: r.pages,
            tags: r.tags,
        };
        let warnings = match r.warnings.len() {
            0 => String::new(),
            n => msg!(
                self.ui,
                "build.with_warnings",
                warnings = self.count("count.warning", n)
            ),
        };
        eprintln!(
            "{}",
            msg!(
                self.ui,
                "build.built",
                counts = self.counts(&total, r.scheduled, r.drafts),
                files = self.count("count.file", r.files),
                output = r.output.display(),
                ms = r.elapsed.as_millis(),
                warnings = warnings
            )
        );
        if r.languages.len() > 1 || self.verbose {
            for c in &r.languages {
                eprintln!("  {}: {}", c.lang, self.counts(c, 0, 0));
            }
        }
        if let Some((at, change)) = &r.next_change {
            let key = format!("next.{}", change.event.name());
            let event = safepress::messages::text(self.ui, &key, &[("title", &change.title)]);
            eprintln!("{}", msg!(self.ui, "next.change", at = at, event = event));
        }
    }

    /// The first `shown` of `paths`, and how many more.
    fn some_paths(&self, paths: &[PathBuf], shown: usize) -> String {
        let mut text: Vec<String> = paths
            .iter()
            .take(shown)
            .map(|p| p.display().to_string())
            .collect();
        if paths.len() > shown {
            text.push(msg!(self.ui, "and_more", n = paths.len() - shown));
        }
        text.join(msg!(self.ui, "list_separator").as_str())
    }

    /// What watch mode says of one outcome.
    pub fn outcome(&self, outcome: &Outcome, output: &Path) {
        match outcome {
            Outcome::Rebuilt(r) => {
                for w in &r.warnings {
                    self.print(true, w);
                }
                if self.quiet {
                    return;
                }
                let what: Vec<String> = r
                    .changes
                    .iter()
                    .take(3)
                    .map(|c| c.text().render(self.ui))
                    .collect();
                let mut what = what.join(msg!(self.ui, "list_separator").as_str());
                if r.changes.len() > 3 {
                    what.push_str(&msg!(self.ui, "list_separator"));
                    what.push_str(&msg!(self.ui, "and_more", n = r.changes.len() - 3));
                }
                eprintln!(
                    "{}",
                    msg!(
                        self.ui,
                        "watch.rebuilt",
                        what = what,
                        rendered = r.rendered,
                        written = r.written,
                        deleted = r.deleted,
                        ms = r.elapsed.as_millis()
                    )
                );
                if self.verbose {
                    for path in &r.paths {
                        eprintln!("  {path}");
                    }
                }
            }
            Outcome::Built(r) => self.report(r),
            Outcome::Failed(e) => {
                self.error(e, output);
                eprintln!("{}", msg!(self.ui, "watch.still"));
            }
            Outcome::Watching if !self.quiet => eprintln!("{}", msg!(self.ui, "watch.watching")),
            Outcome::Indexed(i) if !self.quiet => eprintln!(
                "{}",
                msg!(
                    self.ui,
                    "watch.indexed",
                    pages = i.pages,
                    ms = i.elapsed.as_millis()
                )
            ),
            Outcome::IndexFailed(e) => {
                eprintln!("{}{}", msg!(self.ui, "warning"), e.render(self.ui));
                eprintln!(
                    "{}{}",
                    msg!(self.ui, "warning"),
                    msg!(self.ui, "watch.index_failed")
                );
            }
            Outcome::Watching | Outcome::Indexed(_) => {}
        }
    }

    /// Shows a progress bar for `progress` on a terminal once a build has taken a second,
    /// until the returned guard is dropped; nothing when quiet or when standard error is not
    /// a terminal.
    pub fn progress(&self, progress: &Progress) -> ProgressBar {
        let done = Arc::new(AtomicBool::new(false));
        if self.quiet || !std::io::stderr().is_terminal() {
            return ProgressBar { done, thread: None };
        }
        let (progress, flag, ui) = (progress.clone(), done.clone(), self.ui);
        let thread = std::thread::spawn(move || draw(&progress, &flag, ui));
        ProgressBar {
            done,
            thread: Some(thread),
        }
    }
}

/// A progress bar on screen; dropping it removes it.
pub(super) struct ProgressBar {
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for ProgressBar {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Draws the bar until `done`: after a second, so quick builds never flash one.
fn draw(progress: &Progress, done: &AtomicBool, ui: Language) {
    let tick = Duration::from_millis(100);
    for _ in 0..10 {
        if done.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(tick);
    }
    let counted = indicatif::ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
    // Stages that are not counted (reading, indexing, writing) spin rather than show a bar
    // that looks finished.
    let uncounted = indicatif::ProgressStyle::with_template("{msg:>10} {spinner}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    let bar = indicatif::ProgressBar::hidden();
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    let mut shown = None;
    while !done.load(Ordering::Relaxed) {
        if let Some((stage, at, total)) = progress.get() {
            // Style, words and length change together, when the stage does, so no frame
            // shows one stage's words with another's numbers.
            if shown != Some((stage, total)) {
                shown = Some((stage, total));
                let key = format!("stage.{}", stage.name());
                bar.set_style(match total {
                    0 => uncounted.clone(),
                    _ => counted.clone(),
                });
                bar.set_length(total as u64);
                bar.set_message(safepress::messages::text(ui, &key, &[]));
            }
            bar.set_position(at as u64);
            bar.tick();
        }
        std::thread::sleep(tick);
    }
    bar.finish_and_clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_is_named_before_its_problem_and_a_file_keeps_its_place() {
        let out = Printer {
            ui: Language::En,
            color: false,
            quiet: false,
            verbose: false,
            short: false,
            root: PathBuf::from("/nonexistent"),
        };
        let problem = |path: &str| {
            let d = Diagnostic::new(
                path,
                0,
                0,
                safepress::text!("new.empty_title"),
                safepress::messages::Text::none(),
            );
            out.diagnostic(false, &d)
        };
        let option = problem("<TITLE>");
        assert!(
            option.starts_with("error: <TITLE>: the title is empty"),
            "{option}"
        );
        assert!(!option.contains("-->"), "{option}");
        let file = problem("CNAME");
        assert!(file.contains("--> CNAME"), "{file}");
    }

    /// The count keys `Printer::count` is called with.
    const COUNTS: [&str; 10] = [
        "count.problem",
        "count.lesson",
        "count.announcement",
        "count.archived",
        "count.scheduled",
        "count.page",
        "count.tag",
        "count.draft",
        "count.file",
        "count.warning",
    ];

    #[test]
    fn every_key_made_at_run_time_is_in_both_catalogues() {
        use safepress::messages::has;
        use safepress::model::lifecycle::Event;
        use safepress::pipeline::progress::Stage;
        let source = concat!(include_str!("report.rs"), include_str!("scaffold.rs"));
        let mut keys: Vec<String> = COUNTS.iter().map(|k| k.to_string()).collect();
        keys.push("count.link".into());
        keys.extend(Stage::ALL.map(|s| format!("stage.{}", s.name())));
        keys.extend(Event::ALL.map(|e| format!("next.{}", e.name())));
        for lang in Language::ALL {
            for key in &keys {
                assert!(has(lang, key), "{key} in the {} catalogue", lang.code());
            }
        }
        // Every count key the code asks for is in the list above.
        for (i, _) in source.match_indices("count(\"count.") {
            let key: String = source[i + 7..].chars().take_while(|&c| c != '"').collect();
            assert!(keys.contains(&key), "{key} is checked");
        }
    }

    #[test]
    fn marks_the_word_at_a_column_or_the_whole_line() {
        let text = "---\nsumary: \"x\"\n  tags: [火灾, b]\n";
        assert_eq!(marked_line(text, 2, 1), Some(("sumary: \"x\"", 0..7)));
        assert_eq!(marked_line(text, 2, 0), Some(("sumary: \"x\"", 0..11)));
        // Columns count characters, not bytes.
        let (line, span) = marked_line(text, 3, 10).unwrap();
        assert_eq!(&line[span], "火灾,");
        assert_eq!(marked_line(text, 9, 1), None);
        assert_eq!(marked_line(text, 0, 1), None);
        // A column past the end marks the line's end.
        assert_eq!(marked_line("ab", 1, 9), Some(("ab", 2..2)));
    }
}
