//! The live preview in a real browser: headless Chromium (Debian's `chromium`) driven by
//! Playwright (`tests/browser/`). CI installs both and sets `SAFEPRESS_BROWSER_TESTS=required`;
//! elsewhere the test says it was skipped when Chromium or Node.js is missing.

mod common;

use common::{Running, SiteTest, wait_for};
use std::path::Path;
use std::process::Command;

fn available(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn live_reload_and_error_overlay_work_in_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let required = std::env::var("SAFEPRESS_BROWSER_TESTS").is_ok_and(|v| v == "required");
    if !Path::new(&chromium).exists() || !available("node", "--version") {
        assert!(
            !required,
            "Chromium ({chromium}) or Node.js is missing, but browser tests are required"
        );
        eprintln!("skipped: install Debian's chromium and Node.js to run the browser test");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !dir.join("node_modules/playwright-core").is_dir() {
        let npm = Command::new("npm")
            .args(["ci", "--silent", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("npm runs");
        assert!(npm.success(), "npm ci in tests/browser failed");
    }
    let site = SiteTest::fixture("basic");
    let root = site.root.to_str().unwrap().to_string();
    let server = Running::start(
        site.root.parent().unwrap(),
        &["serve", "--root", &root, "--port", "0"],
    );
    wait_for("the server", 30, || {
        server.log().contains("Watching for changes")
    });
    let log = server.log();
    let url = log
        .split("at ")
        .find_map(|s| {
            s.split_whitespace()
                .next()
                .filter(|u| u.starts_with("http://"))
        })
        .unwrap_or_else(|| panic!("no address in {log}"))
        .to_string();
    let out = Command::new("node")
        .arg(dir.join("live_reload.mjs"))
        .args([&url, &root])
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.lines().any(|l| l.trim() == "ok"),
        "{stdout}\n{stderr}\nserver log:\n{}",
        server.log()
    );
}
