//! The rebuild invariant under random edit sequences: after any sequence of edits, the
//! incremental output is byte-identical to a fresh full build (see `session`).

mod common;
mod session;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use session::{Session, lesson};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// One random edit to the fixture.
#[derive(Debug, Clone)]
enum Edit {
    Body(usize, String),
    Title(usize, String),
    Tags(usize, Vec<String>),
    Audience(usize, Vec<String>),
    Weight(usize, i8),
    Add(String),
    Delete(usize),
    /// Rewrites announcement `i` with its urgency, and an `updated` moment (its CAP alert is
    /// then an Update) when the flag is set.
    Urgency(usize, bool),
    /// Sets (`Some`, an index into [`LEVELS`]) or removes announcement `i`'s warning level:
    /// orange and red put it in the banner of every page.
    Level(usize, Option<usize>),
    /// Writes (`Some`) or deletes (`None`) a lesson's Chinese translation.
    Translation(usize, Option<String>),
    /// Renames lesson `i`'s Chinese translation to be lesson `1 - i`'s, or to a Chinese page
    /// of its own (`true`) that exists only in Chinese.
    TranslationRenamed(usize, bool),
    /// Rewrites the site's lesson card partial with a word in it.
    Partial(String),
    /// Rewrites the component the lesson card calls with a word in it.
    Component(String),
    /// Sets, in `site.yaml`, the site title (0), the fire category's name (1), its colour (2),
    /// the `cap:` block (3), turns posters off or on again (4) or renames the first hotline (5).
    Config(u8, String),
    /// Rewrites campaign `alpha` (0) or `beta` (1) in `site.yaml`: its name, and dates that
    /// make it ended, running, running through its last day, or upcoming at `NOW` (by the
    /// number), with or without a colour.
    Campaign(usize, u8, String),
    /// Sets the campaigns lesson `i` joins (`campaigns:` in its front matter).
    Join(usize, Vec<String>),
    /// Gives lesson `i` a key point (`Some`: what its poster shows) or `poster: false`.
    Poster(usize, Option<String>),
}

/// Every kind of edit, by the name [`Edit::kind`] gives it.
const KINDS: [&str; 16] = [
    "body",
    "title",
    "tags",
    "audience",
    "weight",
    "add",
    "delete",
    "urgency",
    "level",
    "translation",
    "partial",
    "component",
    "config",
    "campaign",
    "join",
    "poster",
];

impl Edit {
    fn kind(&self) -> &'static str {
        match self {
            Edit::Body(..) => "body",
            Edit::Title(..) => "title",
            Edit::Tags(..) => "tags",
            Edit::Audience(..) => "audience",
            Edit::Weight(..) => "weight",
            Edit::Add(..) => "add",
            Edit::Delete(..) => "delete",
            Edit::Urgency(..) => "urgency",
            Edit::Level(..) => "level",
            Edit::Translation(..) | Edit::TranslationRenamed(..) => "translation",
            Edit::Partial(..) => "partial",
            Edit::Component(..) => "component",
            Edit::Config(..) => "config",
            Edit::Campaign(..) => "campaign",
            Edit::Join(..) => "join",
            Edit::Poster(..) => "poster",
        }
    }
}

const LESSONS: [&str; 4] = [
    "content/lessons/fire/extinguisher.md",
    "content/lessons/fire/escape-plan.md",
    "content/lessons/fire/candles.md",
    "content/lessons/traffic/crossing.md",
];

const CARD: &str = "templates/partials/lesson_card.html";
const STAMP: &str = "templates/components/stamp.html";

fn card(word: &str) -> String {
    format!(
        "<article class=\"card\"><a href=\"{{{{ item.url }}}}\">{{{{ item.title }}}}</a> {word} \
         {{{{ <Stamp label={{item.title}} /> }}}}</article>"
    )
}

fn stamp(word: &str) -> String {
    format!("{{% component Stamp(label) %}}<b>{{{{ label }}}} {word}</b>{{% endcomponent Stamp %}}")
}

/// Campaign `i`'s line in `site.yaml`: named `word`, dated by `phase` around `NOW`
/// (2026-11-29T12:00+08:00): ended, running, on its last day, upcoming.
fn campaign_line(i: usize, phase: u8, word: &str) -> String {
    let id = ["alpha", "beta"][i];
    let (start, end) = [
        ("2026-05-01", "2026-05-31"),
        ("2026-11-01", "2027-02-28"),
        ("2026-11-20", "2026-11-29"),
        ("2027-03-01", "2027-03-31"),
    ][usize::from(phase) % 4];
    let color = match word.len() % 3 {
        0 => String::new(),
        n => format!(", color: \"{}\"", ["#b3261e", "#0b5cab"][n - 1]),
    };
    format!("  - {{id: {id}, name: \"{word}\", start: {start}, end: {end}{color}}}")
}

/// The fixture plus site templates: a lesson card partial that calls a component, and two
/// campaigns, one running and one ended at `NOW`. Their starting words (with a dash) are
/// never generated, so a first edit always changes them.
fn session() -> Session {
    let config = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/basic/site.yaml"
    ))
    .unwrap();
    let config = format!(
        "{config}campaigns:\n{}\n{}\n",
        campaign_line(0, 1, "alpha-start"),
        campaign_line(1, 0, "beta-start")
    );
    Session::with_files(&[
        (CARD, &card("card-start")),
        (STAMP, &stamp("stamp-start")),
        ("site.yaml", &config),
    ])
}

/// Edits of one kind. Lessons 0 and 1 are never deleted, so only they get translations.
fn edits_of(kind: &str) -> BoxedStrategy<Edit> {
    let word = "[a-z]{1,8}";
    let lesson = 0..4usize;
    match kind {
        "body" => (lesson, word).prop_map(|(i, w)| Edit::Body(i, w)).boxed(),
        "title" => (lesson, word).prop_map(|(i, w)| Edit::Title(i, w)).boxed(),
        "tags" => (
            lesson,
            // Spellings of one tag (`home`, `Home`, `ＨＯＭＥ`) whose shown name is the oldest
            // lesson's, and a Chinese one, percent-encoded in links.
            prop::collection::vec("(home|Home|ＨＯＭＥ|children|night|road|消防)", 0..3),
        )
            .prop_map(|(i, t)| Edit::Tags(i, t))
            .boxed(),
        "audience" => (
            lesson,
            prop::collection::vec("(residents|workers|children|elderly)", 0..3),
        )
            .prop_map(|(i, a)| Edit::Audience(i, a))
            .boxed(),
        "weight" => (lesson, -3i8..3)
            .prop_map(|(i, w)| Edit::Weight(i, w))
            .boxed(),
        "add" => word.prop_map(Edit::Add).boxed(),
        // Only lessons no other page links to may disappear.
        "delete" => (2..4usize).prop_map(Edit::Delete).boxed(),
        "urgency" => (0..3usize, any::<bool>())
            .prop_map(|(i, updated)| Edit::Urgency(i, updated))
            .boxed(),
        "level" => (0..3usize, prop::option::weighted(0.8, 0..LEVELS.len()))
            .prop_map(|(i, l)| Edit::Level(i, l))
            .boxed(),
        "translation" => prop_oneof![
            3 => (0..2usize, prop::option::weighted(0.7, word))
                .prop_map(|(i, w)| Edit::Translation(i, w)),
            1 => (0..2usize, any::<bool>()).prop_map(|(i, alone)| Edit::TranslationRenamed(i, alone)),
        ]
        .boxed(),
        "partial" => word.prop_map(Edit::Partial).boxed(),
        "component" => word.prop_map(Edit::Component).boxed(),
        "campaign" => (0..2usize, 0..4u8, word)
            .prop_map(|(i, phase, w)| Edit::Campaign(i, phase, w))
            .boxed(),
        "join" => (
            lesson,
            prop::collection::vec("(alpha|beta)", 0..3),
        )
            .prop_map(|(i, c)| Edit::Join(i, c))
            .boxed(),
        "poster" => (lesson, prop::option::weighted(0.6, word))
            .prop_map(|(i, w)| Edit::Poster(i, w))
            .boxed(),
        _ => (0..6u8, word).prop_map(|(t, w)| Edit::Config(t, w)).boxed(),
    }
}

/// A sequence of one to five edits, the first of kind `first`.
fn sequence(first: &'static str) -> impl Strategy<Value = Vec<Edit>> {
    let first = match first {
        // A first translation edit writes one, so that it changes something.
        "translation" => (0..2usize, "[a-z]{1,8}")
            .prop_map(|(i, w)| Edit::Translation(i, Some(w)))
            .boxed(),
        kind => edits_of(kind),
    };
    let any_edit = proptest::strategy::Union::new(KINDS.map(edits_of));
    (first, prop::collection::vec(any_edit, 0..4)).prop_map(|(first, rest)| {
        let mut edits = vec![first];
        edits.extend(rest);
        edits
    })
}

/// Replaces the first line starting with `prefix` after a line equal to `after` (or from the
/// start, if `after` is empty).
fn set_line(text: &str, after: &str, prefix: &str, line: &str) -> String {
    let mut armed = after.is_empty();
    let mut done = false;
    let mut out: Vec<String> = Vec::new();
    for l in text.lines() {
        if armed && !done && l.starts_with(prefix) {
            out.push(line.to_string());
            done = true;
        } else {
            out.push(l.to_string());
        }
        armed |= l == after;
    }
    out.join("\n") + "\n"
}

/// `text` without its lines that start with `prefix`.
fn remove_line(text: &str, prefix: &str) -> String {
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with(prefix)).collect();
    kept.join("\n") + "\n"
}

/// Front matter fields of a rewritten lesson besides its title and body.
#[derive(Default)]
struct Fields<'a> {
    tags: &'a [String],
    audience: &'a [String],
    weight: Option<i8>,
    campaigns: &'a [String],
}

/// A lesson file written from its front matter fields.
fn lesson_file(i: usize, title: &str, fields: Fields, body: &str) -> String {
    let weight = fields
        .weight
        .map(|w| format!("weight: {w}\n"))
        .unwrap_or_default();
    format!(
        "---\ntitle: \"{title}\"\ndate: 2026-0{}-10\ntags: [{}]\naudience: [{}]\ncampaigns: [{}]\n{weight}---\n{body}\n\n## Meeting point {{#meeting-point}}\n",
        i + 1,
        fields.tags.join(", "),
        fields.audience.join(", "),
        fields.campaigns.join(", ")
    )
}

/// The new text of lesson `i`, for the edits that rewrite one of the fixture's lessons.
fn lesson_edit(edit: &Edit) -> Option<(usize, String)> {
    let home = ["home".to_string()];
    let tags = |tags| Fields {
        tags,
        ..Fields::default()
    };
    let title = |i: &usize| format!("Lesson {i}");
    Some(match edit {
        Edit::Body(i, w) => (*i, lesson_file(*i, &title(i), tags(&home), w)),
        Edit::Title(i, w) => (*i, lesson_file(*i, w, tags(&home), "Body.")),
        Edit::Tags(i, t) => (*i, lesson_file(*i, &title(i), tags(t), "Body.")),
        Edit::Audience(i, audience) => {
            let fields = Fields {
                audience,
                ..tags(&home)
            };
            (*i, lesson_file(*i, &title(i), fields, "Body."))
        }
        Edit::Weight(i, w) => {
            let fields = Fields {
                weight: Some(*w),
                ..Fields::default()
            };
            (*i, lesson_file(*i, &title(i), fields, "Body."))
        }
        Edit::Join(i, campaigns) => {
            let fields = Fields {
                campaigns,
                ..tags(&home)
            };
            (*i, lesson_file(*i, &title(i), fields, "Body."))
        }
        Edit::Poster(i, w) => {
            let file = lesson_file(*i, &title(i), tags(&home), "Body.");
            let field = match w {
                Some(w) => format!("key_points: [\"{w}\"]\n"),
                None => "poster: false\n".to_string(),
            };
            (*i, file.replacen("---\n", &format!("---\n{field}"), 1))
        }
        _ => return None,
    })
}

/// The fixture's announcements, which urgency and level edits rewrite.
const ANNOUNCEMENTS: [&str; 3] = ["gas-warning", "icy-roads", "typhoon"];

/// Warning levels, lowest first.
const LEVELS: [&str; 4] = ["blue", "yellow", "orange", "red"];

/// What an edit does to the site's files.
enum FileOp {
    Write(String, String),
    Remove(String),
    Rename(String, String),
    Nothing,
}

/// Where a Chinese translation renamed to a page of its own goes.
const ZH_ONLY: &str = "content/lessons/fire/only-zh.zh.md";

/// The file operation of an edit, given the site as it is now.
fn file_op(root: &Path, edit: &Edit) -> FileOp {
    if let Some((i, text)) = lesson_edit(edit) {
        return FileOp::Write(LESSONS[i].to_string(), text);
    }
    let remove = |path: String| {
        if root.join(&path).exists() {
            FileOp::Remove(path)
        } else {
            FileOp::Nothing
        }
    };
    match edit {
        Edit::Add(w) => FileOp::Write(
            format!("content/lessons/fire/added-{w}.md"),
            lesson(w, "2026-10-01", "home", w),
        ),
        Edit::Delete(i) => remove(LESSONS[*i].to_string()),
        Edit::Urgency(i, updated) => {
            let name = ANNOUNCEMENTS[*i];
            let urgency = ["info", "warning", "urgent"][*i];
            let updated = match updated {
                true => format!("updated: 2026-11-2{i}T12:00:00+08:00\n"),
                false => String::new(),
            };
            FileOp::Write(
                format!("content/announcements/{name}.md"),
                // The warning joins a campaign: its card follows the campaign's lists.
                format!(
                    "---\ntitle: \"{name}\"\ndate: 2026-11-2{i}\n{updated}urgency: {urgency}\nexpires: 2027-01-0{}\ncampaigns: [{}]\n---\nText.\n",
                    i + 1,
                    ["", "alpha", "beta"][*i]
                ),
            )
        }
        Edit::Level(i, level) => {
            let name = ANNOUNCEMENTS[*i];
            let level = level
                .map(|l| format!("level: {}\n", LEVELS[l]))
                .unwrap_or_default();
            FileOp::Write(
                format!("content/announcements/{name}.md"),
                format!(
                    "---\ntitle: \"{name}\"\ndate: 2026-11-2{i}\n{level}expires: 2027-01-0{}\n---\nText.\n",
                    i + 1
                ),
            )
        }
        Edit::Translation(i, Some(w)) => FileOp::Write(
            LESSONS[*i].replace(".md", ".zh.md"),
            format!("---\ntitle: \"{w}\"\ndate: 2026-03-01\n---\n{w} 正文\n"),
        ),
        Edit::Translation(i, None) => remove(LESSONS[*i].replace(".md", ".zh.md")),
        Edit::TranslationRenamed(i, alone) => {
            let from = LESSONS[*i].replace(".md", ".zh.md");
            let to = match alone {
                true => ZH_ONLY.to_string(),
                false => LESSONS[1 - *i].replace(".md", ".zh.md"),
            };
            match root.join(&from).exists() && !root.join(&to).exists() {
                true => FileOp::Rename(from, to),
                false => FileOp::Nothing,
            }
        }
        Edit::Campaign(i, phase, w) => {
            let config = fs::read_to_string(root.join("site.yaml")).unwrap();
            let prefix = format!("  - {{id: {},", ["alpha", "beta"][*i]);
            let line = campaign_line(*i, *phase, w);
            FileOp::Write(
                "site.yaml".to_string(),
                set_line(&config, "", &prefix, &line),
            )
        }
        Edit::Partial(w) => FileOp::Write(CARD.to_string(), card(w)),
        Edit::Component(w) => FileOp::Write(STAMP.to_string(), stamp(w)),
        Edit::Config(what, w) => {
            let config = fs::read_to_string(root.join("site.yaml")).unwrap();
            let config = match what {
                0 => set_line(&config, "", "title:", &format!("title: \"{w}\"")),
                1 => {
                    let name = format!("    name: \"{w}\"");
                    set_line(&config, "  - id: fire", "    name:", &name)
                }
                3 => {
                    // The CAP sender and default area every alert shows.
                    let config = config.split("\ncap:\n").next().unwrap_or_default();
                    format!("{config}\ncap:\n  sender: \"{w}.test\"\n  area: \"{w}\"\n")
                }
                4 if config.contains("posters: false") => remove_line(&config, "posters:"),
                4 => format!("{config}posters: false\n"),
                5 => set_line(
                    &config,
                    "hotlines:",
                    "  - name:",
                    &format!("  - name: \"{w}\""),
                ),
                _ => {
                    // Colours dark enough for text on white, picked by the word.
                    let colours = ["#a63d00", "#0b5cab", "#37474f", "#00695c"];
                    let colour = colours[w.len() % colours.len()];
                    let line = format!("    icon: flame\n    color: \"{colour}\"");
                    let config = remove_line(&config, "    color:");
                    set_line(&config, "  - id: fire", "    icon:", &line)
                }
            };
            FileOp::Write("site.yaml".to_string(), config)
        }
        _ => FileOp::Nothing,
    }
}

/// Applies an edit; true if the rebuild wrote or deleted at least one output file.
fn apply(s: &mut Session, edit: &Edit) -> bool {
    let written = match file_op(&s.site.root, edit) {
        FileOp::Write(path, text) => s.write(&path, &text),
        FileOp::Remove(path) => s.remove(&path),
        FileOp::Rename(from, to) => s.rename(&from, &to),
        FileOp::Nothing => return false,
    };
    !written.is_empty()
}

/// Random edit sequences, two starting with each kind of edit (so every kind is tried from
/// the fixture), each followed by any edits. Counts, per kind, the edits that changed at
/// least one output file, so the test cannot pass by editing nothing.
#[test]
fn random_edit_sequences_match_full_builds() {
    let changed: std::cell::RefCell<BTreeMap<&str, usize>> = Default::default();
    for kind in KINDS {
        let mut runner = TestRunner::new(ProptestConfig {
            cases: 2,
            source_file: Some(file!()),
            ..ProptestConfig::default()
        });
        let result = runner.run(&sequence(kind), |edits| {
            let mut s = session();
            for edit in &edits {
                if apply(&mut s, edit) {
                    *changed.borrow_mut().entry(edit.kind()).or_default() += 1;
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
    let changed = changed.into_inner();
    for kind in KINDS {
        assert!(
            changed.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} edit changed the output: {changed:?}"
        );
    }
}
