//! The rebuild invariant on edits that reach lists: new titles, which order the pages of a date
//! (the lists are kept when the order is), and sites of more pages than a chunk of kept bodies.

mod common;
mod session;

use session::{Session, lesson};
use std::sync::Arc;

/// An announcement published on `date`, with more front matter in `extra`.
fn announcement(title: &str, date: &str, extra: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\nBody of {title}.\n")
}

/// The day of the lessons of [`alpha_bravo_delta`].
const DAY: &str = "2026-10-10";

/// The fixture with three more fire lessons of one day, Alpha, Bravo and Delta.
fn alpha_bravo_delta() -> Session {
    Session::with_files(&[
        (
            "content/lessons/fire/b.md",
            &lesson("Bravo", DAY, "drill", "B."),
        ),
        (
            "content/lessons/fire/d.md",
            &lesson("Delta", DAY, "drill", "D."),
        ),
        (
            "content/lessons/fire/a.md",
            &lesson("Alpha", DAY, "drill", "A."),
        ),
    ])
}

#[test]
fn a_new_title_reorders_lessons_of_its_date_only_when_it_passes_one() {
    // Lists order a date's lessons by title. A rebuild keeps the lists when the one new title
    // passes no other title of its date, and groups them again when it does (the category
    // page, the neighbours and the tag page show the order).
    let mut s = alpha_bravo_delta();
    let a = "content/lessons/fire/a.md";
    let before = s.state.site.lists.clone();
    // Passes no title of its date: the lists are the previous ones.
    s.write(a, &lesson("Ace", DAY, "drill", "A."));
    assert!(Arc::ptr_eq(&before, &s.state.site.lists));
    // Passes Bravo, then Delta, then comes back past both.
    s.write(a, &lesson("Charlie", DAY, "drill", "A."));
    assert!(!Arc::ptr_eq(&before, &s.state.site.lists));
    s.write(a, &lesson("Echo", DAY, "drill", "A."));
    s.write(a, &lesson("Able", DAY, "drill", "A."));
    // The same title as another lesson of its date: the file path decides.
    s.write(a, &lesson("Bravo", DAY, "drill", "A."));
    s.write(a, &lesson("Alpha", DAY, "drill", "A."));
    // Two new titles in one rebuild, which change the order.
    s.write_all(&[
        (a, &lesson("Zulu", DAY, "drill", "A.")),
        (
            "content/lessons/fire/d.md",
            &lesson("Aardvark", DAY, "drill", "D."),
        ),
    ]);
}

#[test]
fn a_site_of_many_chunks_of_bodies_follows_edits_additions_and_removals() {
    // Bodies are kept in chunks of a few hundred pages, shared while none of their pages
    // changed or moved: edit one in the middle, then shift every later page by adding and
    // removing one near the start.
    let lessons: Vec<(String, String)> = (0..300)
        .map(|n| {
            (
                format!("content/lessons/traffic/l{n:03}.md"),
                lesson(
                    &format!("Lesson {n}"),
                    "2026-09-01",
                    "road",
                    &format!("Body {n}."),
                ),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = lessons
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let mut s = Session::with_files(&files);
    let edited = s.write(
        "content/lessons/traffic/l150.md",
        &lesson("Lesson 150", "2026-09-01", "road", "A new body."),
    );
    assert!(edited.contains(&"lessons/traffic/l150/index.html".to_string()));
    s.write(
        "content/lessons/traffic/a-first.md",
        &lesson("First", "2026-09-02", "road", "Before every other."),
    );
    s.remove("content/lessons/traffic/a-first.md");
    s.write(
        "content/lessons/traffic/l299.md",
        &lesson("Lesson 299", "2026-09-01", "road", "The last one, edited."),
    );
}

#[test]
fn two_retitles_that_keep_the_order_reuse_the_lists() {
    let mut s = alpha_bravo_delta();
    let before = s.state.site.lists.clone();
    s.write_all(&[
        (
            "content/lessons/fire/a.md",
            &lesson("Ace", DAY, "drill", "A."),
        ),
        (
            "content/lessons/fire/d.md",
            &lesson("Dog", DAY, "drill", "D."),
        ),
    ]);
    assert!(Arc::ptr_eq(&before, &s.state.site.lists));
    assert!(s.state.site.lists_reused);
}

#[test]
fn retitles_of_menu_pages_banner_announcements_and_translations_match_a_full_build() {
    let mut s = Session::new();
    // Menu: same rank, titles decide.
    s.write(
        "content/pages/about.md",
        "---\ntitle: \"About us\"\nmenu: 1\n---\nAbout.\n",
    );
    s.write(
        "content/pages/about.md",
        "---\ntitle: \"Aardvark\"\nmenu: 1\n---\nAbout.\n",
    );
    s.write(
        "content/pages/about.md",
        "---\ntitle: \"Zebra\"\nmenu: 1\n---\nAbout.\n",
    );
    // Banner announcement (urgent, current).
    let gas = "content/announcements/gas-warning.md";
    let extra = "urgency: urgent\nexpires: 2027-03-15\ncategory: fire\nregion: \"All districts\"\n";
    s.write(
        gas,
        &announcement("A new gas warning", "2026-11-25T08:00:00+08:00", extra),
    );
    // A zh-only announcement, a fallback in the English lists, same date as the gas warning.
    s.write(
        "content/announcements/smog.zh.md",
        &announcement(
            "雾霾",
            "2026-11-25T08:00:00+08:00",
            "urgency: urgent\nexpires: 2027-03-15\n",
        ),
    );
    s.write(
        "content/announcements/smog.zh.md",
        &announcement(
            "B 雾霾",
            "2026-11-25T08:00:00+08:00",
            "urgency: urgent\nexpires: 2027-03-15\n",
        ),
    );
    s.write(
        gas,
        &announcement("C gas", "2026-11-25T08:00:00+08:00", extra),
    );
    s.write(
        gas,
        &announcement("A gas", "2026-11-25T08:00:00+08:00", extra),
    );
    // A translation's title, past the English original of its date.
    let zh = "content/lessons/fire/extinguisher.zh.md";
    s.write(
        zh,
        "---\ntitle: \"Zz 使用灭火器\"\ndate: 2026-03-01\ntags: [equipment]\n---\n正文。\n",
    );
    s.write(
        "content/lessons/fire/hose.zh.md",
        "---\ntitle: \"Aa 水带\"\ndate: 2026-03-01\ntags: [equipment]\nweight: 1\n---\n正文。\n",
    );
    s.write(
        zh,
        "---\ntitle: \"A 使用灭火器\"\ndate: 2026-03-01\ntags: [equipment]\n---\n正文。\n",
    );
    s.write(
        zh,
        "---\ntitle: \"使用灭火器\"\ndate: 2026-03-01\ntags: [equipment]\n---\n正文。\n",
    );
}

#[test]
fn a_retitle_with_a_body_edit_elsewhere_in_one_batch_matches_a_full_build() {
    let day = "2026-10-10";
    let mut s = Session::with_files(&[
        (
            "content/lessons/fire/b.md",
            &lesson("Bravo", day, "drill", "B."),
        ),
        (
            "content/lessons/fire/a.md",
            &lesson("Alpha", day, "drill", "A."),
        ),
    ]);
    s.write_all(&[
        (
            "content/lessons/fire/a.md",
            &lesson("Charlie", day, "drill", "A."),
        ),
        (
            "content/lessons/fire/b.md",
            &lesson("Bravo", day, "drill", "New B."),
        ),
    ]);
    // Retitle the category's first weighted lesson.
    s.write(
        "content/lessons/fire/a.md",
        &format!("---\ntitle: \"Zulu\"\ndate: {day}\nweight: 1\n---\nA.\n"),
    );
    s.write(
        "content/lessons/fire/a.md",
        &format!("---\ntitle: \"Able\"\ndate: {day}\nweight: 1\n---\nA.\n"),
    );
}
