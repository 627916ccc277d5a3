//! End to end: `safepress watch` on a temporary site, driven by real file operations.

mod common;

use common::{Running, SiteTest, wait_for};
use std::fs;
use std::time::Duration;

/// Starts `safepress watch` on `site` (plus `extra` arguments) and waits until it watches.
fn watch(site: &SiteTest, extra: &[&str]) -> Running {
    let root = site.root.to_str().unwrap().to_string();
    let mut args = vec!["watch", "--root", &root];
    args.extend_from_slice(extra);
    let running = Running::start(site.root.parent().unwrap(), &args);
    wait_for("the first build", 30, || {
        running.log().contains("Watching for changes")
    });
    running
}

fn watching() -> (SiteTest, Running) {
    let site = SiteTest::fixture("basic");
    let running = watch(&site, &[]);
    (site, running)
}

fn contains(site: &SiteTest, rel: &str, text: &str) -> bool {
    fs::read_to_string(site.out(rel)).is_ok_and(|s| s.contains(text))
}

#[test]
fn watch_follows_real_file_operations() {
    let (site, mut w) = watching();
    let candles = "content/lessons/fire/candles.md";
    let page = "lessons/fire/candles/index.html";

    // A plain write.
    site.write(
        candles,
        "---\ntitle: Candles\ndate: 2026-07-20\n---\nFirst edit.\n",
    );
    wait_for("a plain write", 10, || contains(&site, page, "First edit."));

    // An editor's atomic save: write a temporary file, rename it over the original.
    let tmp = site.root.join("content/lessons/fire/.candles.md.tmp");
    fs::write(
        &tmp,
        "---\ntitle: Candles\ndate: 2026-07-20\n---\nAtomic save.\n",
    )
    .unwrap();
    fs::rename(&tmp, site.root.join(candles)).unwrap();
    wait_for("an atomic save", 10, || {
        contains(&site, page, "Atomic save.")
    });

    // Delete, then recreate the same file.
    site.remove(candles);
    wait_for("the deleted page to go", 10, || !site.out(page).exists());
    // Read it directly: `contains` is false for a missing file too.
    let listing = fs::read_to_string(site.out("lessons/fire/index.html")).unwrap();
    assert!(!listing.contains("Candles"), "listing updated");
    site.write(
        candles,
        "---\ntitle: Candles again\ndate: 2026-07-20\n---\nBack.\n",
    );
    wait_for("the recreated page", 10, || contains(&site, page, "Back."));
    wait_for("the listing", 10, || {
        contains(&site, "lessons/fire/index.html", "Candles again")
    });

    // A folder with an asset: created, renamed, removed.
    fs::create_dir_all(site.root.join("content/media")).unwrap();
    fs::write(site.root.join("content/media/leaflet.txt"), "leaflet").unwrap();
    wait_for("a new folder's file", 10, || {
        site.exists("media/leaflet.txt")
    });
    fs::rename(
        site.root.join("content/media"),
        site.root.join("content/files"),
    )
    .unwrap();
    wait_for("a renamed folder", 10, || {
        site.exists("files/leaflet.txt") && !site.exists("media/leaflet.txt")
    });
    fs::remove_dir_all(site.root.join("content/files")).unwrap();
    wait_for("a removed folder", 10, || !site.exists("files/leaflet.txt"));

    // A template change re-renders what uses it.
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1>Custom {{ page.title }}</h1>{% endblock content %}");
    wait_for("a template override", 10, || {
        contains(&site, "about/index.html", "Custom About us")
    });

    // site.yaml: a full reload.
    let config = fs::read_to_string(site.root.join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &config.replace("Test City Safety", "Renamed City Safety"),
    );
    wait_for("a site.yaml change", 10, || {
        contains(&site, "index.html", "Renamed City Safety")
    });

    // Editor temp and swap files never trigger anything. First let the site.yaml save settle:
    // on a loaded machine its events may still be arriving.
    let mut before = w.log().matches("Rebuilt").count();
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = w.log().matches("Rebuilt").count();
        if now == before {
            break;
        }
        before = now;
    }
    site.write("content/lessons/fire/.candles.md.swp", "swap");
    site.write("content/lessons/fire/candles.md~", "backup");
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(w.log().matches("Rebuilt").count(), before, "{}", w.log());
    w.assert_alive();
}

#[test]
fn a_burst_of_writes_rebuilds_a_few_times_not_once_per_file() {
    let (site, mut w) = watching();
    let before = w.log().matches("Rebuilt").count();
    for i in 0..200 {
        site.write(
            &format!("content/lessons/traffic/burst-{i:03}.md"),
            &format!("---\ntitle: Burst {i}\ndate: 2026-06-01\n---\nLesson {i}.\n"),
        );
    }
    wait_for("all 200 pages", 30, || {
        (0..200).all(|i| site.exists(&format!("lessons/traffic/burst-{i:03}/index.html")))
    });
    std::thread::sleep(Duration::from_millis(300));
    let rebuilds = w.log().matches("Rebuilt").count() - before;
    assert!(
        (1..=20).contains(&rebuilds),
        "{rebuilds} rebuilds for one burst:\n{}",
        w.log()
    );
    w.assert_alive();
}

#[test]
fn a_bad_save_is_reported_and_a_fix_recovers() {
    let (site, mut w) = watching();
    let candles = "content/lessons/fire/candles.md";
    let page = "lessons/fire/candles/index.html";
    let good = fs::read_to_string(site.out(page)).unwrap();
    // A half-written file: the front matter is not closed yet.
    site.write(candles, "---\ntitle: Candles\ndate: 2026-07-");
    wait_for("the error report", 10, || {
        w.log().contains("content/lessons/fire/candles.md:1:1: the front matter block opened on line 1 is never closed")
    });
    assert!(w.log().contains("Still watching"));
    w.assert_alive();
    assert_eq!(
        fs::read_to_string(site.out(page)).unwrap(),
        good,
        "last good output kept"
    );
    // The rest of the write lands.
    site.write(
        candles,
        "---\ntitle: Candles\ndate: 2026-07-20\n---\nFixed.\n",
    );
    wait_for("the fix", 10, || contains(&site, page, "Fixed."));
    w.assert_alive();
}

#[test]
fn watch_starts_even_when_the_first_build_fails() {
    let site = SiteTest::fixture("basic");
    site.write("content/lessons/fire/candles.md", "no front matter\n");
    let mut w = watch(&site, &[]);
    assert!(w.log().contains("candles.md:1:1"), "{}", w.log());
    site.write(
        "content/lessons/fire/candles.md",
        "---\ntitle: Candles\ndate: 2026-07-20\n---\nNow fine.\n",
    );
    wait_for("a full build after the fix", 10, || {
        contains(&site, "lessons/fire/candles/index.html", "Now fine.")
    });
    w.assert_alive();
}

#[test]
fn watch_expires_an_announcement_on_time_without_any_file_change() {
    let site = SiteTest::fixture("basic");
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(3);
    site.write(
        "content/announcements/flash.md",
        &format!("---\ntitle: Flash flood warning\ndate: 2026-11-28\nurgency: urgent\nexpires: {soon}\n---\nMove to higher ground.\n"),
    );
    let mut w = watch(&site, &[]);
    assert!(
        contains(&site, "index.html", "Flash flood warning"),
        "live at first"
    );
    wait_for("the expiry rebuild", 15, || {
        !contains(&site, "index.html", "Flash flood warning")
            && contains(
                &site,
                "announcements/archive/index.html",
                "Flash flood warning",
            )
    });
    wait_for("the rebuild report", 5, || {
        w.log().contains("Rebuilt after a scheduled change")
    });
    w.assert_alive();
}

#[test]
fn polling_mode_sees_changes_too() {
    let site = SiteTest::fixture("basic");
    let mut w = watch(&site, &["--poll"]);
    site.write(
        "content/lessons/fire/candles.md",
        "---\ntitle: Candles\ndate: 2026-07-20\n---\nPolled.\n",
    );
    wait_for("a polled change", 10, || {
        contains(&site, "lessons/fire/candles/index.html", "Polled.")
    });
    w.assert_alive();
}

#[test]
fn watch_starts_and_ends_a_campaign_on_time_without_any_file_change() {
    let site = SiteTest::fixture("basic");
    let start = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(6);
    let end = start + jiff::SignedDuration::from_secs(4);
    let config = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &format!("{config}campaigns:\n  - id: flash\n    name: Flash campaign\n    start: \"{start}\"\n    end: \"{end}\"\n"),
    );
    let candles = site.read_source("content/lessons/fire/candles.md");
    site.write(
        "content/lessons/fire/candles.md",
        &candles.replacen("---\n", "---\ncampaigns: [flash]\n", 1),
    );
    let feature = |site: &SiteTest| contains(site, "index.html", "class=\"campaign-feature\"");
    let mut w = watch(&site, &[]);
    // The first build saw it upcoming and set its clock for the start.
    assert!(w.log().contains("'Flash campaign' starts"), "{}", w.log());
    wait_for("the start rebuild", 20, || {
        feature(&site) && contains(&site, "campaigns/index.html", "campaign-card--running")
    });
    wait_for("the end rebuild", 20, || {
        !feature(&site) && contains(&site, "campaigns/index.html", "campaign-card--ended")
    });
    assert!(
        contains(&site, "campaigns/flash/index.html", "Candles and incense"),
        "still reachable after it ended"
    );
    assert!(
        w.log().contains("Rebuilt after a scheduled change"),
        "{}",
        w.log()
    );
    w.assert_alive();
}
