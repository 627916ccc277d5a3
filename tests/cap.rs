//! CAP 1.2 alerts, the CAP Atom feed and schema.org JSON-LD, on real output: alerts are
//! validated against the OASIS schema in `tests/cap/CAP-v1.2.xsd` with `xmllint` (Debian's
//! libxml2-utils; CI installs it and sets `SAFEPRESS_BROWSER_TESTS=required`, elsewhere the
//! schema checks say they were skipped when it is missing), and read with an XML parser.

mod common;

use common::{SiteTest, build_sample_site, files_under};
use std::path::{Path, PathBuf};
use std::process::Command;

const CAP: &str = "urn:oasis:names:tc:emergency:cap:1.2";
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The schema's path.
fn xsd() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cap/CAP-v1.2.xsd")
}

/// Validates `files` against the CAP 1.2 schema: `Some(errors)` (empty when all are valid),
/// or `None` after saying the check is skipped because `xmllint` is missing.
fn validate(files: &[PathBuf]) -> Option<String> {
    let required = std::env::var("SAFEPRESS_BROWSER_TESTS").is_ok_and(|v| v == "required");
    let found = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            !required,
            "xmllint is missing, but the schema checks are required"
        );
        eprintln!("skipped: install Debian's libxml2-utils (xmllint) to validate CAP alerts");
        return None;
    }
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(xsd())
        .args(files)
        .output()
        .expect("xmllint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.ends_with(" validates"))
        .collect();
    assert_eq!(out.status.success(), errors.is_empty(), "{stderr}");
    Some(errors.join("\n"))
}

/// Every `alert.xml` under `public`.
fn alerts(public: &Path) -> Vec<PathBuf> {
    files_under(public)
        .into_iter()
        .filter(|f| f.ends_with("/alert.xml"))
        .map(|f| public.join(f))
        .collect()
}

/// An alert's fields: the top-level ones, and each `<info>` block's, by element name.
struct Alert {
    top: Vec<(String, String)>,
    infos: Vec<Vec<(String, String)>>,
}

impl Alert {
    fn read(path: &Path) -> Alert {
        let text = std::fs::read_to_string(path).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().namespace(), Some(CAP));
        let fields = |node: roxmltree::Node| -> Vec<(String, String)> {
            node.descendants()
                .filter(|n| n.is_element() && n.children().all(|c| c.is_text()))
                .map(|n| (n.tag_name().name().into(), n.text().unwrap_or("").into()))
                .collect()
        };
        let (infos, _): (Vec<_>, Vec<_>) = root
            .children()
            .filter(|n| n.is_element())
            .partition(|n| n.tag_name().name() == "info");
        Alert {
            top: root
                .children()
                .filter(|n| n.is_element() && n.tag_name().name() != "info")
                .map(|n| (n.tag_name().name().into(), n.text().unwrap_or("").into()))
                .collect(),
            infos: infos.into_iter().map(fields).collect(),
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        field(&self.top, name)
    }

    fn info(&self, k: usize, name: &str) -> Option<&str> {
        field(&self.infos[k], name)
    }
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The fixture site, built at the tests' clock.
fn fixture() -> SiteTest {
    let site = SiteTest::fixture("cap");
    site.build();
    site
}

#[test]
fn sample_site_alerts_validate_against_the_cap_schema() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    build_sample_site(&public);
    let files = alerts(&public);
    // Every published announcement (Chinese and English versions of one are one alert):
    // the sample site has 9 groups published by the tests' clock, 2 more are scheduled.
    assert_eq!(files.len(), 9, "{files:?}");
    if let Some(errors) = validate(&files) {
        assert!(errors.is_empty(), "{errors}");
    }
    let updated = Alert::read(&public.join("announcements/icy-roads-winter-driving/alert.xml"));
    assert_eq!(updated.get("msgType"), Some("Update"));
    assert_eq!(updated.infos.len(), 2);
}

#[test]
fn fixture_alerts_validate_and_a_broken_one_does_not() {
    let site = fixture();
    let files = alerts(&site.root.join("public"));
    assert_eq!(files.len(), 4, "{files:?}");
    let Some(errors) = validate(&files) else {
        return;
    };
    assert!(errors.is_empty(), "{errors}");
    // The check can fail: a msgType CAP does not have is refused.
    let broken = site.root.join("broken.xml");
    let text = site.read("announcements/storm/alert.xml");
    std::fs::write(&broken, text.replace(">Update<", ">Notice<")).unwrap();
    let errors = validate(&[broken]).unwrap();
    assert!(errors.contains("msgType"), "{errors}");
}

#[test]
fn an_updated_announcement_is_an_update_referencing_the_original() {
    let site = fixture();
    let update = Alert::read(&site.out("announcements/storm/alert.xml"));
    assert_eq!(update.get("msgType"), Some("Update"));
    // The Chinese version's update is the newest change; the original is the earliest date.
    assert_eq!(update.get("sent"), Some("2026-11-21T10:00:00+08:00"));
    assert_eq!(update.get("sender"), Some("safety@binjiang.test"));
    let references = update.get("references").unwrap();

    // The same announcement without `updated` is the original alert the update names.
    let source = "content/announcements/storm.md";
    let text = site.read_source(source);
    site.write(
        source,
        &text.replace("updated: 2026-11-21T10:00:00+08:00\n", ""),
    );
    site.build();
    let original = Alert::read(&site.out("announcements/storm/alert.xml"));
    assert_eq!(original.get("msgType"), Some("Alert"));
    assert_eq!(original.get("references"), None);
    assert_eq!(original.get("sent"), Some("2026-11-20T08:00:00+08:00"));
    let expected = format!(
        "{},{},{}",
        original.get("sender").unwrap(),
        original.get("identifier").unwrap(),
        original.get("sent").unwrap()
    );
    assert_eq!(references, expected);
    assert_ne!(update.get("identifier"), original.get("identifier"));
    for id in [update.get("identifier"), original.get("identifier")] {
        assert!(!id.unwrap().contains([' ', ',', '<', '&']), "{id:?}");
    }
}

#[test]
fn info_blocks_map_language_category_urgency_severity_certainty_and_area() {
    let site = fixture();
    let storm = Alert::read(&site.out("announcements/storm/alert.xml"));
    let langs: Vec<_> = (0..storm.infos.len())
        .map(|k| storm.info(k, "language").unwrap())
        .collect();
    assert_eq!(langs, ["zh", "en"]);
    for (k, (event, area, web)) in [
        (
            "气象灾害",
            "滨江区、江北区",
            "https://www.binjiang.test/safety/announcements/storm/",
        ),
        (
            "Severe weather",
            "Binjiang and Jiangbei districts",
            "https://www.binjiang.test/safety/en/announcements/storm/",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        // `cap.categories` in site.yaml makes the `weather` category Met; red is Extreme.
        assert_eq!(storm.info(k, "category"), Some("Met"));
        assert_eq!(storm.info(k, "event"), Some(event));
        assert_eq!(storm.info(k, "urgency"), Some("Immediate"));
        assert_eq!(storm.info(k, "severity"), Some("Extreme"));
        assert_eq!(storm.info(k, "certainty"), Some("Likely"));
        assert_eq!(storm.info(k, "areaDesc"), Some(area));
        assert_eq!(storm.info(k, "web"), Some(web));
        assert_eq!(storm.info(k, "expires"), Some("2026-12-31T00:00:00+08:00"));
    }
    assert_eq!(storm.info(0, "contact"), Some("滨江市安全办 12345"));
    assert_eq!(storm.info(1, "headline"), Some("Red rainstorm warning"));
    assert_eq!(
        storm.info(0, "description"),
        Some("今明两天有特大暴雨。\n\n- 不要外出\n- 远离河道")
    );

    // A blue fire warning without a region: the site's area, Fire by default.
    let smoke = Alert::read(&site.out("announcements/smoke/alert.xml"));
    let got: Vec<_> = ["category", "urgency", "severity", "certainty", "areaDesc"]
        .iter()
        .map(|f| smoke.info(0, f).unwrap())
        .collect();
    assert_eq!(got, ["Fire", "Expected", "Minor", "Possible", "滨江市"]);
    assert_eq!(smoke.info(0, "expires"), None);

    // An information notice without a category or a level.
    let drill = Alert::read(&site.out("announcements/drill/alert.xml"));
    let got: Vec<_> = ["category", "event", "urgency", "severity", "certainty"]
        .iter()
        .map(|f| drill.info(0, f).unwrap())
        .collect();
    assert_eq!(got, ["Safety", "安全公告", "Future", "Minor", "Unknown"]);
    assert_eq!(drill.get("msgType"), Some("Alert"));
}

#[test]
fn cap_feed_is_atom_of_current_alerts_only() {
    let site = fixture();
    let text = site.read("announcements/cap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text().map(str::to_string))
    };
    for name in ["title", "id", "updated"] {
        assert!(child(feed, name).is_some(), "feed has no {name}");
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.tag_name().name() == "entry")
        .collect();
    let mut linked = Vec::new();
    for e in &entries {
        for name in ["title", "id", "updated", "published", "summary"] {
            assert!(child(*e, name).is_some(), "entry has no {name}");
        }
        let cap_link = e
            .children()
            .find(|c| c.attribute("type") == Some("application/cap+xml"))
            .and_then(|c| c.attribute("href"))
            .unwrap();
        let path = cap_link
            .strip_prefix("https://www.binjiang.test/safety/")
            .unwrap();
        assert!(site.exists(path), "{cap_link} is not a file of the build");
        linked.push(path.to_string());
    }
    // Newest first; the expired and the scheduled announcement are not there.
    assert_eq!(
        linked,
        [
            "announcements/smoke/alert.xml",
            "announcements/storm/alert.xml",
            "announcements/drill/alert.xml",
        ]
    );
    assert!(
        site.exists("announcements/old/alert.xml"),
        "an archived alert is published"
    );
    assert!(!site.exists("announcements/future/alert.xml"));
    // Once the storm warning expires too, the feed leaves it out.
    let after = SiteTest::fixture("cap");
    let run = after.run_at("2027-01-05T00:00:00+08:00");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let later = after.read("announcements/cap.xml");
    assert!(!later.contains("storm/alert.xml"), "{later}");
    assert!(later.contains("smoke/alert.xml"), "{later}");
}

#[test]
fn announcements_pages_link_the_cap_feed_and_each_announcement_its_alert() {
    let site = fixture();
    for page in ["announcements/index.html", "en/announcements/index.html"] {
        let html = site.html(page);
        let feed = "/safety/announcements/cap.xml";
        let alternate = html.attrs(
            "head link[rel=alternate][type='application/atom+xml']",
            "href",
        );
        assert!(alternate.iter().any(|h| h == feed), "{page}: {alternate:?}");
        assert_eq!(html.count(&format!("main a[href='{feed}']")), 1, "{page}");
    }
    // Both versions of an announcement link the one alert they share.
    for page in [
        "announcements/storm/index.html",
        "en/announcements/storm/index.html",
    ] {
        let html = site.html(page);
        let alert = "/safety/announcements/storm/alert.xml";
        let head = html.attrs("head link[type='application/cap+xml']", "href");
        assert_eq!(head, [alert], "{page}");
        assert_eq!(html.count(&format!("main a[href='{alert}']")), 1, "{page}");
    }
}

/// The JSON-LD of an output page, parsed.
fn json_ld(site: &SiteTest, page: &str) -> serde_json::Value {
    let html = site.html(page);
    let scripts = html.texts("script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1, "{page}: {scripts:?}");
    serde_json::from_str(&scripts[0]).unwrap_or_else(|e| panic!("{page}: {e}\n{}", scripts[0]))
}

#[test]
fn titles_with_markup_ampersands_and_quotes_survive_every_format() {
    let site = fixture();
    let title = "演练 <b>&amp;</b> \"引号\" 'single' </script><script>alert(1)</script>";
    let alert = Alert::read(&site.out("announcements/drill/alert.xml"));
    assert_eq!(alert.info(0, "headline"), Some(title));
    let feed = site.read("announcements/cap.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| {
            n.tag_name().name() == "title" && n.parent().unwrap().tag_name().name() == "entry"
        })
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&title), "{titles:?}");
    let summary = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "summary")
        .filter_map(|n| n.text())
        .collect::<Vec<_>>();
    assert!(summary.contains(&"A & B < C \"quoted\""), "{summary:?}");

    // The title cannot end the JSON-LD script: the page has no inline script of its own
    // making (the banner's script is a file, elder mode's is fixed text), and the JSON gives
    // the title back as written.
    let page = "announcements/drill/index.html";
    let html = site.html(page);
    assert_eq!(
        html.count("script:not([src]):not(#elder-init)"),
        1,
        "{}",
        html.source()
    );
    assert_eq!(json_ld(&site, page)["name"], title);
    let lesson = json_ld(&site, "lessons/fire/alarm/index.html");
    assert_eq!(lesson["name"], "烟雾报警器 </script> & <b>");
}

#[test]
fn json_ld_describes_announcements_and_lessons() {
    let site = fixture();
    let storm = json_ld(&site, "announcements/storm/index.html");
    assert_eq!(storm["@context"], "https://schema.org");
    assert_eq!(storm["@type"], "SpecialAnnouncement");
    assert_eq!(storm["name"], "暴雨红色预警");
    assert_eq!(storm["datePosted"], "2026-11-20T08:00:00+08:00");
    assert_eq!(storm["dateModified"], "2026-11-21T10:00:00+08:00");
    assert_eq!(storm["expires"], "2026-12-31T00:00:00+08:00");
    assert_eq!(storm["text"], "今明两天有特大暴雨，请不要外出。");
    assert_eq!(storm["category"], "气象灾害");
    assert_eq!(storm["spatialCoverage"]["name"], "滨江区、江北区");
    assert_eq!(storm["inLanguage"], "zh");
    let canonical = site
        .html("announcements/storm/index.html")
        .attrs("link[rel=canonical]", "href");
    assert_eq!(storm["url"], canonical[0].as_str());
    let en = json_ld(&site, "en/announcements/storm/index.html");
    assert_eq!(
        (&en["inLanguage"], &en["name"]),
        (&"en".into(), &"Red rainstorm warning".into())
    );

    let lesson = json_ld(&site, "lessons/fire/alarm/index.html");
    assert_eq!(lesson["@type"], "LearningResource");
    assert_eq!(lesson["inLanguage"], "zh");
    assert_eq!(lesson["datePublished"], "2026-03-01T00:00:00+08:00");
    assert_eq!(lesson["dateModified"], "2026-09-01T00:00:00+08:00");
    assert_eq!(lesson["about"]["name"], "消防安全");
    assert_eq!(lesson["keywords"], serde_json::json!(["报警器", "家庭"]));
    // Listings carry none.
    let html = site.html("announcements/index.html");
    assert_eq!(html.count("script[type='application/ld+json']"), 0);
}

#[test]
fn cap_settings_and_updates_are_checked_with_lines() {
    let site = SiteTest::fixture("cap");
    let config = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &config
            .replace(
                "sender: \"safety@binjiang.test\"",
                "sender: \"safety office, binjiang\"",
            )
            .replace("weather: Met", "wether: Met"),
    );
    let run = site.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot be a CAP sender"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `weather`"),
        "{}",
        run.stderr
    );

    site.write(
        "site.yaml",
        &config.replace("weather: Met", "weather: Weather"),
    );
    let run = site.run(&[]);
    assert!(run.stderr.contains("site.yaml:17"), "{}", run.stderr);
    assert!(run.stderr.contains("Weather"), "{}", run.stderr);

    site.write("site.yaml", &config);
    let storm = site.read_source("content/announcements/storm.md");
    site.write(
        "content/announcements/storm.md",
        &storm.replace(
            "updated: 2026-11-21T10:00:00",
            "updated: 2026-11-19T10:00:00",
        ),
    );
    let run = site.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("storm.md:4"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`updated` is not after `date`"),
        "{}",
        run.stderr
    );
}
