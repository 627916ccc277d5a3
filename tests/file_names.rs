//! Friendlier file names and leftovers: spaces in names, hidden files, names that differ only
//! by case, and staging folders of killed builds.

mod common;

use common::SiteTest;
use std::process::Command;

const LESSON: &str =
    "---\ntitle: \"Fire drill at home\"\ndate: 2026-03-01\n---\nPractise twice a year.\n";

#[test]
fn a_file_named_with_spaces_builds_with_dashes_in_its_url() {
    let t = SiteTest::fixture("basic");
    t.write("content/lessons/fire/Fire  Drill.md", LESSON);
    t.write(
        "content/lessons/fire/Fire  Drill.zh.md",
        "---\ntitle: \"家庭消防演练\"\ndate: 2026-03-01\n---\n每年练两次。\n",
    );
    t.build();
    let page = t.html("lessons/fire/fire-drill/index.html");
    assert_eq!(page.text("h1"), "Fire drill at home");
    // The translation is found by its file name, spaces and all.
    let zh = t.html("zh/lessons/fire/fire-drill/index.html");
    assert_eq!(zh.text("h1"), "家庭消防演练");
    let listed = ["lessons/fire/index.html", "lessons/fire/page/2/index.html"]
        .iter()
        .filter(|p| t.exists(p))
        .flat_map(|p| t.html(p).attrs("a", "href"))
        .any(|h| h == "/lessons/fire/fire-drill/");
    assert!(listed, "the category lists it at its dashed address");
}

#[test]
fn links_to_a_file_named_with_spaces_find_it() {
    let t = SiteTest::fixture("basic");
    t.write("content/lessons/fire/fire drill.md", LESSON);
    t.write(
        "content/lessons/traffic/links.md",
        "---\ntitle: \"Links\"\ndate: 2026-03-01\n---\n\
         [a](@/lessons/fire/fire%20drill.md) [b](<@/lessons/fire/fire drill.md>) \
         [c](../fire/fire%20drill.md) [d](@/lessons/fire/%E7%83%9F.md)\n",
    );
    let run = t.run(&[]);
    // The last names no file: its escapes are decoded in the message too.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("`@/lessons/fire/烟.md`"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("error:").count(), 2, "{}", run.stderr);
    t.write(
        "content/lessons/traffic/links.md",
        "---\ntitle: \"Links\"\ndate: 2026-03-01\n---\n\
         [a](@/lessons/fire/fire%20drill.md) [b](<@/lessons/fire/fire drill.md>) \
         [c](../fire/fire%20drill.md)\n",
    );
    t.build();
    let hrefs = t
        .html("lessons/traffic/links/index.html")
        .attrs("main a", "href");
    let to_drill = hrefs
        .iter()
        .filter(|h| *h == "/lessons/fire/fire-drill/")
        .count();
    assert_eq!(to_drill, 3, "{hrefs:?}");
}

#[test]
fn files_starting_with_underscore_or_dot_are_left_out_and_named_once() {
    let t = SiteTest::fixture("basic");
    t.write("content/lessons/fire/_unfinished.md", LESSON);
    t.write("content/lessons/fire/.old-version.md", LESSON);
    t.write("content/_notes/ideas.md", "just notes, not front matter");
    // Editors' own files are not worth a mention.
    t.write("content/lessons/fire/.#candles.md", "lock");
    // macOS's resource files beside a lesson on a shared drive.
    t.write("content/lessons/fire/._candles.md", "\u{0}\u{5}\u{16}\u{7}");
    t.write("content/lessons/fire/candles.md.swp", "swap");
    let run = t.run(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notes: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("note:"))
        .collect();
    assert_eq!(
        notes.len(),
        1,
        "one notice for all of them:\n{}",
        run.stderr
    );
    for name in ["_unfinished.md", ".old-version.md", "_notes/ideas.md"] {
        assert!(notes[0].contains(name), "{name} in {}", notes[0]);
    }
    assert!(notes[0].contains("3 files"), "{}", notes[0]);
    assert!(!notes[0].contains("candles"), "{}", notes[0]);
    assert!(!t.out("lessons/fire/_unfinished").exists());
    assert!(!t.out("lessons/fire/unfinished").exists());
    assert!(!t.out("_notes").exists());
    // A site with none has no notice.
    let clean = SiteTest::fixture("basic");
    let run = clean.run(&[]);
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
}

#[test]
fn two_files_whose_urls_differ_only_by_case_are_an_error() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/lessons/fire/Diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let run = t.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("differ only by upper and lower case"))
        .unwrap_or_else(|| panic!("no case error:\n{}", run.stderr));
    assert!(
        line.contains("Diagram.svg") && line.contains("diagram.svg"),
        "{line}"
    );
    assert!(line.contains("rename one"), "{line}");
    assert!(!t.root.join("public").exists(), "nothing written");
    // Different names are fine.
    t.remove("content/lessons/fire/Diagram.svg");
    t.write(
        "content/lessons/fire/Diagram-2.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    t.build();
    assert!(t.exists("lessons/fire/Diagram-2.svg"));
}

#[test]
fn a_killed_builds_staging_folder_is_removed_by_the_next_build() {
    let t = SiteTest::fixture("basic");
    // Enough lessons that a build lasts long enough to be killed in the middle.
    for i in 0..1500 {
        t.write(
            &format!("content/lessons/fire/drill-{i}.md"),
            &format!("---\ntitle: \"Drill {i}\"\ndate: 2026-03-01\n---\nPractise.\n"),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("safepress");
    let mut killed = None;
    for _ in 0..5 {
        let mut child = Command::new(&bin)
            .args([
                "build",
                "--root",
                t.root.to_str().unwrap(),
                "--now",
                common::NOW,
            ])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        let staging = t.root.join(format!(".public.staging-{pid}"));
        let seen = (0..5000).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(1));
            staging.is_dir()
        });
        child.kill().unwrap(); // SIGKILL on Unix: no clean-up runs.
        child.wait().unwrap();
        if seen && staging.is_dir() {
            killed = Some(staging);
            break;
        }
        let _ = std::fs::remove_dir_all(t.root.join("public"));
    }
    let staging = killed.expect("a build was killed while staging");
    let run = t.run(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!staging.exists(), "the leftover is gone");
    assert!(
        common::entries(&t.root, "staging").is_empty(),
        "no staging folder or lock file left: {:?}",
        common::entries(&t.root, "staging")
    );
    assert!(
        run.stderr.contains("left by a build that was stopped"),
        "{}",
        run.stderr
    );
}
