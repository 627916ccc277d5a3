//! `--help` in the reader's language. clap's words are the definitions' doc comments, in
//! English; for Chinese each command's and option's text is replaced from `help.zh.yaml`,
//! keyed by the command's path (`safepress new lesson`), that path and the option
//! (`safepress build --now`), or the option alone where every command means one thing by it
//! (`--root`). A test makes sure every command and option has its Chinese, and that no entry
//! is left over.

use super::Cli;
use clap::{Command, CommandFactory};
use safepress::messages::{Language, Text};
use safepress::{msg, text};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The Chinese texts, by key.
static ZH: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    // Part of the program and checked by a test: one that does not parse is a bug, and the
    // help then stays English rather than failing.
    serde_yaml::from_str(include_str!("help.zh.yaml")).unwrap_or_default()
});

/// How a help page is laid out in Chinese: clap's headings ("Usage:", "Options:") are its
/// own, so the template and every heading are given.
const ZH_TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The command line, with its help in `ui`.
pub(super) fn command(ui: Language) -> Command {
    let mut cmd = Cli::command();
    match ui {
        Language::En => cmd,
        Language::Zh => {
            // Built first, so the `help` and `version` options and the `help` command that
            // clap adds are there to translate.
            cmd.build();
            translate(cmd, "safepress", &ZH)
        }
    }
}

/// The key of option `id` of the command at `path` that `words` has, if any.
fn option_key(words: &HashMap<String, String>, path: &str, id: &str) -> Option<String> {
    [format!("{path} --{id}"), format!("--{id}")]
        .into_iter()
        .find(|k| words.contains_key(k))
}

fn translate(mut cmd: Command, path: &str, words: &HashMap<String, String>) -> Command {
    if let Some(about) = words.get(path) {
        cmd = cmd.about(about.clone()).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = option_key(words, path, &id).and_then(|k| words.get(&k).cloned());
        cmd = cmd.mut_arg(&id, |arg| {
            let heading = if arg.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let arg = arg.help_heading(heading);
            match help {
                Some(help) => arg.help(help).long_help(None),
                None => arg,
            }
        });
    }
    // The `help` command's own subcommands only name the others, and show no text.
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|_| !path.ends_with(" help"))
        .collect();
    for name in names {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(&name, |s| translate(s, &sub_path, words));
    }
    cmd.help_template(ZH_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
}

/// A mistake on the command line in `ui`'s words (clap's own are English), with the way to
/// the help; `None` for what clap says best itself (its help and version, which are not
/// mistakes, and rare mistakes).
pub(super) fn usage_error(e: &clap::Error, ui: Language) -> Option<String> {
    use clap::error::{ContextKind as K, ErrorKind};
    let get = |kind| e.get(kind).map(|v| v.to_string()).filter(|v| !v.is_empty());
    let suggestion = get(K::SuggestedArg)
        .or_else(|| get(K::SuggestedSubcommand))
        .or_else(|| get(K::SuggestedValue))
        .map_or_else(Text::none, |s| text!("did_you_mean", word = s));
    let message = match e.kind() {
        ErrorKind::InvalidValue => text!(
            "cli.invalid_value",
            arg = get(K::InvalidArg)?,
            value = get(K::InvalidValue)?,
            list = get(K::ValidValue)?,
            suggestion = suggestion
        ),
        ErrorKind::ValueValidation => {
            // The reason is the value parser's own, already in `ui`.
            let why = std::error::Error::source(e).map(|s| s.to_string())?;
            text!(
                "cli.bad_value",
                arg = get(K::InvalidArg)?,
                value = get(K::InvalidValue)?,
                why = why
            )
        }
        ErrorKind::UnknownArgument => text!(
            "cli.unknown_argument",
            arg = get(K::InvalidArg)?,
            suggestion = suggestion
        ),
        ErrorKind::InvalidSubcommand => text!(
            "cli.unknown_command",
            name = get(K::InvalidSubcommand)?,
            suggestion = suggestion
        ),
        ErrorKind::MissingRequiredArgument => {
            text!("cli.missing", args = get(K::InvalidArg)?)
        }
        ErrorKind::ArgumentConflict => text!(
            "cli.conflict",
            arg = get(K::InvalidArg)?,
            other = get(K::PriorArg)?
        ),
        _ => return None,
    };
    Some(format!(
        "{}{}\n{}",
        msg!(ui, "error"),
        message.render(ui),
        msg!(ui, "cli.more")
    ))
}

/// The language to say things in before the command line is parsed (its help, its value
/// parsers' errors): this process's `--lang`, else `SAFEPRESS_LANG`, else the system's.
pub(super) fn process_language() -> Language {
    early_language(&std::env::args_os().collect::<Vec<_>>())
}

/// The language of `args` before they are parsed: their `--lang`, else `SAFEPRESS_LANG`,
/// else the system's.
pub(super) fn early_language(args: &[std::ffi::OsString]) -> Language {
    let mut given = None;
    let mut args = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            given = Some(value.to_string());
        } else if arg == "--lang" {
            given = args.next().map(str::to_string);
        }
    }
    let given = given.or_else(|| std::env::var("SAFEPRESS_LANG").ok());
    super::scaffold::ui_language(given.as_deref().filter(|l| !l.is_empty()), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every key the Chinese help of `cmd` (at `path`) looks up and finds, and the commands
    /// and options that find none.
    fn walk(cmd: &Command, path: &str, used: &mut BTreeSet<String>, missing: &mut Vec<String>) {
        match ZH.contains_key(path) {
            true => {
                used.insert(path.to_string());
            }
            false => missing.push(path.to_string()),
        }
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            match option_key(&ZH, path, id) {
                Some(key) => {
                    used.insert(key);
                }
                None => missing.push(format!("{path} --{id}")),
            }
        }
        for sub in cmd.get_subcommands().filter(|_| !path.ends_with(" help")) {
            walk(sub, &format!("{path} {}", sub.get_name()), used, missing);
        }
    }

    #[test]
    fn every_command_and_option_has_its_chinese_and_none_is_left_over() {
        let mut cmd = Cli::command();
        cmd.build();
        let (mut used, mut missing) = (BTreeSet::new(), Vec::new());
        walk(&cmd, "safepress", &mut used, &mut missing);
        assert_eq!(missing, Vec::<String>::new(), "no Chinese help");
        let unused: Vec<&String> = ZH.keys().filter(|k| !used.contains(*k)).collect();
        assert_eq!(
            unused,
            Vec::<&String>::new(),
            "help.zh.yaml entries nothing reads"
        );
    }

    #[test]
    fn the_chinese_help_is_chinese() {
        let mut cmd = command(Language::Zh);
        let help = cmd.render_help().to_string();
        assert!(help.starts_with("用 Markdown 写的课程和公告"), "{help}");
        assert!(help.contains("用法：safepress"), "{help}");
        assert!(help.contains("命令:") && help.contains("选项:"), "{help}");
        assert!(
            !help.contains("Usage") && !help.contains("Print help"),
            "{help}"
        );
        let mut build = command(Language::Zh);
        let build = build
            .find_subcommand_mut("build")
            .map(|b| b.render_help().to_string())
            .unwrap_or_default();
        assert!(build.contains("按这个时刻生成"), "{build}");
        assert!(build.contains("网站文件夹"), "{build}");
        let english = command(Language::En).render_help().to_string();
        assert!(english.contains("Usage: safepress"), "{english}");
    }

    #[test]
    fn command_line_mistakes_are_said_in_chinese() {
        let say = |args: &[&str]| {
            let e = command(Language::Zh)
                .try_get_matches_from(args)
                .expect_err("a mistake");
            let said = usage_error(&e, Language::Zh).unwrap_or_else(|| e.to_string());
            assert!(
                !said.contains("error:") && !said.contains("Usage"),
                "{said}"
            );
            assert!(said.contains("safepress --help"), "{said}");
            said
        };
        let s = say(&["safepress", "biuld"]);
        assert!(
            s.contains("不认识的命令 `biuld`（是不是想写 `build`？）"),
            "{s}"
        );
        let s = say(&["safepress", "build", "--nwo", "x"]);
        assert!(s.contains("这里没有 `--nwo` 这个选项"), "{s}");
        let s = say(&["safepress", "new", "lesson", "--category", "fire"]);
        assert!(s.contains("还缺少"), "{s}");
        let s = say(&["safepress", "init", "x", "--language", "fr"]);
        assert!(s.contains("`fr`") && s.contains("zh, en"), "{s}");
        let s = say(&["safepress", "build", "-q", "-v"]);
        assert!(s.contains("不能和"), "{s}");
    }

    #[test]
    fn the_language_comes_from_the_command_line_first() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            early_language(&args(&["safepress", "--lang", "zh", "build"])),
            Language::Zh
        );
        assert_eq!(
            early_language(&args(&["safepress", "build", "--lang=en"])),
            Language::En
        );
    }
}
