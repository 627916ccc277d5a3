//! The rebuild invariant: after any sequence of edits, an incremental rebuild leaves the output
//! byte-identical to a fresh full build of the edited site. Plus: a rebuild touches only what
//! an edit reaches, and a failed rebuild changes nothing and is retried.

mod common;

use common::{NOW, SiteTest};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use safepress::{BuildOptions, BuildState, Change, build, rebuild};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

struct Session {
    site: SiteTest,
    state: BuildState,
}

impl Session {
    fn new() -> Self {
        Self::with_files(&[])
    }

    /// The fixture with `files` added before the first build.
    fn with_files(files: &[(&str, &str)]) -> Self {
        let site = SiteTest::fixture("basic");
        for (rel, text) in files {
            site.write(rel, text);
        }
        let mut opts = BuildOptions::new(&site.root);
        opts.now = Some(NOW.to_string());
        let state = build(&opts).expect("first build");
        Session { site, state }
    }

    fn write(&mut self, rel: &str, text: &str) -> Vec<String> {
        self.site.write(rel, text);
        self.rebuild(rel)
    }

    fn remove(&mut self, rel: &str) -> Vec<String> {
        self.site.remove(rel);
        self.rebuild(rel)
    }

    fn rebuild(&mut self, rel: &str) -> Vec<String> {
        let change = if rel == "site.yaml" {
            Change::Config
        } else if let Some(c) = rel.strip_prefix("content/") {
            Change::Content(c.to_string())
        } else {
            Change::Theme
        };
        let report = rebuild(&mut self.state, &[change]).expect("rebuild");
        self.assert_matches_full_build(rel);
        report.paths
    }

    /// The invariant: the incrementally maintained output equals a fresh full build.
    fn assert_matches_full_build(&self, after: &str) {
        let fresh = tempfile::tempdir().unwrap();
        let mut opts = self.state.opts.clone();
        opts.output = fresh.path().join("public");
        build(&opts).expect("full build");
        let incremental = tree(&self.state.opts.output);
        let full = tree(&opts.output);
        let a: Vec<&String> = incremental.keys().collect();
        let b: Vec<&String> = full.keys().collect();
        assert_eq!(a, b, "same files after editing {after}");
        for (path, bytes) in &full {
            assert!(
                incremental[path] == *bytes,
                "{path} differs after editing {after}"
            );
        }
    }
}

fn lesson(title: &str, date: &str, tags: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\ntags: [{tags}]\n---\n{body}\n")
}

#[test]
fn every_kind_of_edit_matches_a_full_build() {
    let mut s = Session::new();
    let candles = "content/lessons/fire/candles.md";
    // Body edit: only the lesson page (and the feed, which carries bodies) are written.
    let body = "Never leave a flame alone.\n\nBlow them out before sleeping.";
    let written = s.write(
        candles,
        &lesson("Candles and incense", "2026-07-20", "Home", body),
    );
    assert!(
        written.contains(&"lessons/fire/candles/index.html".to_string()),
        "{written:?}"
    );
    for path in &written {
        assert!(
            ["lessons/fire/candles/index.html", "feed.xml"].contains(&path.as_str()),
            "a body edit rewrote {path}"
        );
    }
    // Title edit: lists that show it change too.
    let written = s.write(
        candles,
        &lesson("Candle safety", "2026-07-20", "Home", "Blow them out."),
    );
    for expected in [
        "lessons/fire/candles/index.html",
        "lessons/fire/index.html",
        "index.html",
        "tags/home/index.html",
    ] {
        assert!(
            written.contains(&expected.to_string()),
            "{expected} not in {written:?}"
        );
    }
    // Tag change, new tag and removed tag.
    s.write(
        candles,
        &lesson("Candle safety", "2026-07-20", "night", "Blow them out."),
    );
    // Category change: the file moves folders.
    s.remove(candles);
    s.write(
        "content/lessons/traffic/candles.md",
        &lesson("Candle safety", "2026-07-20", "night", "Moved."),
    );
    // Add and delete.
    s.write(
        "content/lessons/fire/new.md",
        &lesson("New lesson", "2026-11-01", "home, children", "Fresh."),
    );
    s.remove("content/lessons/fire/new.md");
    // Rename (delete + create) of a link target breaks nothing silently: links follow.
    s.write(
        "content/pages/help.md",
        "---\ntitle: Help\nmenu: 3\n---\nSee [hotlines](@/pages/hotlines.md).\n",
    );
    s.write(
        "content/pages/hotlines.md",
        "---\ntitle: \"Hotlines (24h)\"\nmenu: 1\n---\nCall 119.\n",
    );
    // Announcement edits: urgency moves it in and out of the banner on every page.
    s.write(
        "content/announcements/icy-roads.md",
        "---\ntitle: Icy roads\ndate: 2026-11-20\nurgency: urgent\nexpires: 2027-02-28\n---\nSlow.\n",
    );
    // A template override and its removal.
    s.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{% endblock content %}");
    s.remove("templates/page.html");
    // A colocated asset.
    s.write(
        "content/lessons/fire/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    // Config: a new category, a changed hotline.
    let config = fs::read_to_string(s.site.root.join("site.yaml")).unwrap();
    s.write("site.yaml", &config.replace("\"120\"", "\"120 or 999\""));
    s.write(
        "site.yaml",
        &config.replace(
            "hotlines:",
            "  - id: food\n    name: Food safety\nhotlines:",
        ),
    );
}

/// Site templates that pull each other in by every route Tera 2 has: an included partial, a
/// component called by a page template, a file of components (Tera 2's macros), a parent.
const PULLED_IN: [(&str, &str); 6] = [
    (
        "templates/partials/footer.html",
        "<footer>footer one</footer>",
    ),
    (
        "templates/components/badge.html",
        "{% component Badge(text) %}<b>badge one {{ text }}</b>{% endcomponent Badge %}",
    ),
    (
        "templates/components/library.html",
        "{% component Note(text) %}<i>note one {{ text }}</i>{% endcomponent Note %}\
         {% component Tip(text) %}<u>tip one {{ text }}</u>{% endcomponent Tip %}",
    ),
    (
        "templates/layouts/article.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page_title }}</h1>\
         <p>parent one</p>{% block article %}{% endblock article %}{% endblock content %}",
    ),
    (
        "templates/page.html",
        "{% extends \"layouts/article.html\" %}\
         {% block article %}{{ <Note text=\"n\" /> }}{% endblock article %}",
    ),
    (
        "templates/lesson.html",
        "{% extends \"base.html\" %}\
         {% block content %}{{ <Badge text={lesson.title} /> }}{% endblock content %}",
    ),
];

#[test]
fn editing_a_pulled_in_template_reaches_the_pages_using_it() {
    let mut s = Session::new();
    for (rel, text) in PULLED_IN {
        s.write(rel, text);
    }
    let about = "about/index.html";
    let lesson = "lessons/fire/candles/index.html";
    let edits = [
        (
            "templates/partials/footer.html",
            "footer one",
            "footer two",
            about,
        ),
        (
            "templates/components/badge.html",
            "badge one",
            "badge two",
            lesson,
        ),
        (
            "templates/components/library.html",
            "note one",
            "note two",
            about,
        ),
        (
            "templates/layouts/article.html",
            "parent one",
            "parent two",
            about,
        ),
    ];
    for (rel, old, new, page) in edits {
        assert!(s.site.read(page).contains(old), "{page} shows {old}");
        let text = fs::read_to_string(s.site.root.join(rel)).unwrap();
        let written = s.write(rel, &text.replace(old, new));
        let html = s.site.read(page);
        assert!(
            html.contains(new) && !html.contains(old),
            "{page} after editing {rel}"
        );
        assert!(
            written.contains(&page.to_string()),
            "{page} not in {written:?}"
        );
    }
}

#[test]
fn moving_the_clock_expires_and_publishes() {
    let mut s = Session::new();
    s.state.opts.now = Some("2027-03-16".to_string());
    let report = rebuild(&mut s.state, &[Change::Clock]).unwrap();
    assert!(
        report
            .paths
            .contains(&"announcements/drill/index.html".to_string())
    );
    s.assert_matches_full_build("the clock");
    assert_eq!(s.site.html("index.html").count(".urgent-banner"), 0);
}

#[test]
fn a_failed_rebuild_keeps_output_and_is_retried() {
    let mut s = Session::new();
    let before = tree(&s.state.opts.output);
    s.site.write(
        "content/lessons/fire/candles.md",
        "---\ntitle: [broken\n---\n",
    );
    let err = rebuild(
        &mut s.state,
        &[Change::Content("lessons/fire/candles.md".into())],
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("content/lessons/fire/candles.md:"),
        "{err}"
    );
    assert_eq!(tree(&s.state.opts.output), before, "output untouched");
    // A change to another file: the broken one is still pending and still reported.
    s.site
        .write("content/pages/about.md", "---\ntitle: About\n---\nUs.\n");
    assert!(rebuild(&mut s.state, &[Change::Content("pages/about.md".into())]).is_err());
    // Fixing it rebuilds both.
    s.site.write(
        "content/lessons/fire/candles.md",
        &lesson("Fixed", "2026-07-20", "Home", "Ok."),
    );
    rebuild(
        &mut s.state,
        &[Change::Content("lessons/fire/candles.md".into())],
    )
    .unwrap();
    s.assert_matches_full_build("the fix");
    assert_eq!(s.site.html("about/index.html").text("main h1"), "About");
}

#[test]
fn a_broken_template_keeps_output() {
    let mut s = Session::new();
    let before = tree(&s.state.opts.output);
    s.site.write("templates/lesson.html", "{% extends \"base.html\" %}{% block content %}{{ lesson.nope | upper }}{% endblock content %}");
    assert!(rebuild(&mut s.state, &[Change::Theme]).is_err());
    assert_eq!(tree(&s.state.opts.output), before);
}

#[test]
fn deleting_a_folder_removes_its_pages() {
    let mut s = Session::new();
    fs::remove_dir_all(s.site.root.join("content/lessons/traffic")).unwrap();
    let report = rebuild(&mut s.state, &[Change::Content("lessons/traffic".into())]).unwrap();
    assert!(
        report
            .paths
            .contains(&"lessons/traffic/crossing/index.html".to_string())
    );
    assert!(!s.site.exists("lessons/traffic/crossing/index.html"));
    s.assert_matches_full_build("a folder removal");
}

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
    Urgency(usize),
    /// Writes (`Some`) or deletes (`None`) a lesson's Chinese translation.
    Translation(usize, Option<String>),
    /// Rewrites the site's lesson card partial with a word in it.
    Partial(String),
    /// Rewrites the component the lesson card calls with a word in it.
    Component(String),
    /// Sets the site title (`true`) or the fire category's name in `site.yaml`.
    Config(bool, String),
}

/// Every kind of edit, by the name [`Edit::kind`] gives it.
const KINDS: [&str; 12] = [
    "body",
    "title",
    "tags",
    "audience",
    "weight",
    "add",
    "delete",
    "urgency",
    "translation",
    "partial",
    "component",
    "config",
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
            Edit::Translation(..) => "translation",
            Edit::Partial(..) => "partial",
            Edit::Component(..) => "component",
            Edit::Config(..) => "config",
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

/// The fixture plus site templates: a lesson card partial that calls a component. Their
/// starting words (with a dash) are never generated, so a first edit always changes them.
fn session() -> Session {
    Session::with_files(&[(CARD, &card("card-start")), (STAMP, &stamp("stamp-start"))])
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
            prop::collection::vec("(home|children|night|road)", 0..3),
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
        "urgency" => (0..3usize).prop_map(Edit::Urgency).boxed(),
        "translation" => (0..2usize, prop::option::weighted(0.7, word))
            .prop_map(|(i, w)| Edit::Translation(i, w))
            .boxed(),
        "partial" => word.prop_map(Edit::Partial).boxed(),
        "component" => word.prop_map(Edit::Component).boxed(),
        _ => (any::<bool>(), word)
            .prop_map(|(t, w)| Edit::Config(t, w))
            .boxed(),
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

/// Applies an edit; true if the rebuild wrote or deleted at least one output file.
fn apply(s: &mut Session, edit: &Edit) -> bool {
    let simple = |i: usize,
                  title: &str,
                  tags: &[String],
                  audience: &[String],
                  weight: Option<i8>,
                  body: &str| {
        let weight = weight.map(|w| format!("weight: {w}\n")).unwrap_or_default();
        (
            LESSONS[i].to_string(),
            format!(
                "---\ntitle: \"{title}\"\ndate: 2026-0{}-10\ntags: [{}]\naudience: [{}]\n{weight}---\n{body}\n\n## Meeting point {{#meeting-point}}\n",
                i + 1,
                tags.join(", "),
                audience.join(", ")
            ),
        )
    };
    let home = ["home".to_string()];
    let written = match edit {
        Edit::Body(i, w) => {
            let (path, text) = simple(*i, &format!("Lesson {i}"), &home, &[], None, w);
            s.write(&path, &text)
        }
        Edit::Title(i, w) => {
            let (path, text) = simple(*i, w, &home, &[], None, "Body.");
            s.write(&path, &text)
        }
        Edit::Tags(i, tags) => {
            let (path, text) = simple(*i, &format!("Lesson {i}"), tags, &[], None, "Body.");
            s.write(&path, &text)
        }
        Edit::Audience(i, who) => {
            let (path, text) = simple(*i, &format!("Lesson {i}"), &home, who, None, "Body.");
            s.write(&path, &text)
        }
        Edit::Weight(i, w) => {
            let (path, text) = simple(*i, &format!("Lesson {i}"), &[], &[], Some(*w), "Body.");
            s.write(&path, &text)
        }
        Edit::Add(w) => s.write(
            &format!("content/lessons/fire/added-{w}.md"),
            &lesson(w, "2026-10-01", "home", w),
        ),
        Edit::Delete(i) => {
            if !s.site.root.join(LESSONS[*i]).exists() {
                return false;
            }
            s.remove(LESSONS[*i])
        }
        Edit::Urgency(i) => {
            let names = ["gas-warning", "icy-roads", "typhoon"];
            let urgency = ["info", "warning", "urgent"][*i];
            let text = format!(
                "---\ntitle: \"{}\"\ndate: 2026-11-2{i}\nurgency: {urgency}\nexpires: 2027-01-0{}\n---\nText.\n",
                names[*i],
                i + 1
            );
            s.write(&format!("content/announcements/{}.md", names[*i]), &text)
        }
        Edit::Translation(i, word) => {
            let path = LESSONS[*i].replace(".md", ".zh.md");
            match word {
                Some(w) => s.write(
                    &path,
                    &format!("---\ntitle: \"{w}\"\ndate: 2026-03-01\n---\n{w} 正文\n"),
                ),
                None if s.site.root.join(&path).exists() => s.remove(&path),
                None => return false,
            }
        }
        Edit::Partial(w) => s.write(CARD, &card(w)),
        Edit::Component(w) => s.write(STAMP, &stamp(w)),
        Edit::Config(title, w) => {
            let config = fs::read_to_string(s.site.root.join("site.yaml")).unwrap();
            let config = if *title {
                set_line(&config, "", "title:", &format!("title: \"{w}\""))
            } else {
                set_line(
                    &config,
                    "  - id: fire",
                    "    name:",
                    &format!("    name: \"{w}\""),
                )
            };
            s.write("site.yaml", &config)
        }
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
