//! End to end: `safepress serve` over raw HTTP — pages, path escapes, live reload over
//! Server-Sent Events, and the error report the in-page overlay shows.

mod common;

use common::{Running, SiteTest, wait_for};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

struct Server {
    site: SiteTest,
    running: Running,
    port: u16,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(port: u16) -> Server {
    start_fixture("basic", port)
}

/// Serves a copy of `tests/fixtures/<fixture>`.
fn start_fixture(fixture: &str, port: u16) -> Server {
    let site = SiteTest::fixture(fixture);
    let root = site.root.to_str().unwrap().to_string();
    let port_arg = port.to_string();
    let running = Running::start(
        site.root.parent().unwrap(),
        &["serve", "--root", &root, "--port", &port_arg],
    );
    wait_for("the server", 30, || running.log().contains("Serving "));
    let log = running.log();
    let port = log
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {log}"));
    wait_for("the first build", 30, || {
        running.log().contains("Watching for changes")
    });
    Server {
        site,
        running,
        port,
    }
}

/// One HTTP/1.1 GET with the path sent exactly as given; returns (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Reads the event stream until `needle` arrives or `secs` pass; returns what was read.
fn read_events_until(stream: &mut TcpStream, needle: &str, secs: u64) -> String {
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
        if String::from_utf8_lossy(&seen).contains(needle) {
            break;
        }
    }
    String::from_utf8_lossy(&seen).into_owned()
}

fn subscribe(port: u16) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__safepress/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let head = read_events_until(&mut s, "\r\n\r\n", 5);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_lowercase()
            .contains("content-type: text/event-stream"),
        "{head}"
    );
    s
}

#[test]
fn pages_are_served_with_live_reload_and_escapes_refused() {
    let mut srv = start(free_port());
    let (status, body) = get(srv.port, "/lessons/fire/candles/");
    assert_eq!(status, 200);
    assert!(body.contains("Candles and incense"));
    assert!(
        body.contains("/__safepress/live.js"),
        "script injected when served"
    );
    // The overlay's words come with it, in the language of safepress's messages.
    let page = scraper::Html::parse_document(&body);
    let sel = scraper::Selector::parse("script[data-heading]").unwrap();
    let tag = page.select(&sel).next().expect("the overlay's words");
    assert_eq!(
        tag.value().attr("data-heading"),
        Some("The site could not be rebuilt")
    );
    let on_disk = std::fs::read_to_string(srv.site.out("lessons/fire/candles/index.html")).unwrap();
    assert!(
        !on_disk.contains("__safepress"),
        "never written into the site"
    );
    let (status, js) = get(srv.port, "/__safepress/live.js");
    assert_eq!(status, 200);
    assert!(js.contains("EventSource"));
    let (status, css) = get(srv.port, "/css/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("__safepress"));
    let (status, body) = get(srv.port, "/no/such/page/");
    assert_eq!(status, 404);
    let (zh_status, zh_body) = get(srv.port, "/zh/no/such/page/");
    assert_eq!(zh_status, 404);
    assert!(
        zh_body.contains("<html lang=\"zh\""),
        "an address under /zh/ gets the Chinese 404 page"
    );
    assert!(zh_body.contains("/__safepress/live.js"));
    let not_found = common::Page(scraper::Html::parse_document(&body));
    assert_eq!(
        not_found.text("main h1"),
        "Page not found",
        "the site's 404 page"
    );
    for escape in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/lessons/../../site.yaml",
        "/..%2fsite.yaml",
        "/..\\site.yaml",
    ] {
        let (status, body) = get(srv.port, escape);
        assert_ne!(status, 200, "{escape} must not be served");
        assert!(
            !body.contains("Fixture site for safepress tests"),
            "{escape} leaked site.yaml"
        );
    }
    srv.running.assert_alive();
}

#[test]
fn chinese_pages_are_served_at_their_percent_encoded_urls() {
    let srv = start_fixture("cjk", free_port());
    for (path, text) in [
        ("/tags/%E6%B6%88%E9%98%B2/", "消防"),
        ("/lessons/fire/%E7%81%AD%E7%81%AB%E5%99%A8/", "使用灭火器"),
        ("/%E5%85%B3%E4%BA%8E/", "关于我们"),
    ] {
        let (status, body) = get(srv.port, path);
        assert_eq!(status, 200, "{path}");
        assert!(body.contains(text), "{path}");
        assert!(body.contains("/__safepress/live.js"), "{path}");
    }
    let (status, _) = get(srv.port, "/lessons/fire/%E7%81%AD%E7%81%AB/");
    assert_eq!(status, 404);
}

#[test]
fn an_edit_sends_reload_and_an_error_shows_until_fixed() {
    let mut srv = start(free_port());
    let mut events = subscribe(srv.port);
    srv.site.write(
        "content/lessons/fire/candles.md",
        "---\ntitle: Candles\ndate: 2026-07-20\n---\nLive edit.\n",
    );
    let seen = read_events_until(&mut events, "event: reload", 10);
    assert!(seen.contains("event: reload"), "{seen}");
    let (_, page) = get(srv.port, "/lessons/fire/candles/");
    assert!(page.contains("Live edit."));

    srv.site.write(
        "content/lessons/fire/candles.md",
        "---\ntitle: Candles\ndate: 2026-02-30\n---\nBad date.\n",
    );
    let seen = read_events_until(&mut events, "event: build-error", 10);
    assert!(seen.contains("event: build-error"), "{seen}");
    assert!(
        seen.contains("content/lessons/fire/candles.md:3:1: `date`: `2026-02-30` is not a date"),
        "{seen}"
    );
    let (status, report) = get(srv.port, "/__safepress/status");
    assert_eq!(status, 200);
    assert!(
        report.contains("candles.md:3:1"),
        "the overlay's text for freshly loaded pages: {report}"
    );
    let (_, page) = get(srv.port, "/lessons/fire/candles/");
    assert!(
        page.contains("Live edit."),
        "the last good build is still served"
    );

    srv.site.write(
        "content/lessons/fire/candles.md",
        "---\ntitle: Candles\ndate: 2026-07-20\n---\nFixed.\n",
    );
    let seen = read_events_until(&mut events, "event: reload", 10);
    assert!(seen.contains("event: reload"), "{seen}");
    let (_, report) = get(srv.port, "/__safepress/status");
    assert!(report.is_empty(), "the overlay goes away: {report}");
    srv.running.assert_alive();
}

/// The generation a served page is stamped with, from its live-reload script tag.
fn page_generation(page: &str) -> String {
    let doc = scraper::Html::parse_document(page);
    let sel = scraper::Selector::parse("script[data-generation]").unwrap();
    let script = doc
        .select(&sel)
        .next()
        .expect("live.js tag with a generation");
    script.value().attr("data-generation").unwrap().to_string()
}

/// The first event of a fresh stream: its name and its data lines joined as a browser does.
fn first_event(port: u16) -> (String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__safepress/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    // The body is chunked; one event arrives in one chunk, so the chunk's lines are the event's.
    let seen = read_events_until(&mut s, "\n\n\r\n", 5);
    let (_, body) = seen.split_once("\r\n\r\n").unwrap_or_default();
    let block = body.split("\n\n").next().unwrap_or_default();
    let lines: Vec<&str> = block.lines().skip(1).collect(); // the chunk's size
    let name = lines
        .iter()
        .find_map(|l| l.strip_prefix("event: "))
        .unwrap_or_default()
        .to_string();
    let data: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("data:"))
        .map(|d| d.strip_prefix(' ').unwrap_or(d))
        .collect();
    (name, data.join("\n"))
}

#[test]
fn a_stream_opened_late_still_learns_of_a_rebuild_or_an_error() {
    let mut srv = start(free_port());
    let (_, page) = get(srv.port, "/lessons/fire/candles/");
    let served = page_generation(&page);
    let (name, data) = first_event(srv.port);
    assert_eq!(name, "state");
    assert_eq!(
        data,
        format!("{served}\n"),
        "nothing changed: the page is current, no error"
    );

    // A rebuild between serving the page and opening its stream: the page learns it is stale.
    srv.site.write(
        "content/lessons/fire/candles.md",
        "---\ntitle: Candles\ndate: 2026-07-20\n---\nLive edit.\n",
    );
    wait_for("the rebuild", 10, || {
        srv.running.log().contains("Rebuilt after")
    });
    let (_, data) = first_event(srv.port);
    let (generation, error) = data
        .split_once('\n')
        .expect("a generation and an error line");
    assert_ne!(
        generation, served,
        "the page served before the rebuild is stale"
    );
    assert!(error.is_empty(), "{error}");
    let (_, page) = get(srv.port, "/lessons/fire/candles/");
    assert_eq!(
        page_generation(&page),
        generation,
        "a page served now is current"
    );

    // A failed build between serving and opening: the stream starts with the error.
    srv.site.write(
        "content/lessons/fire/candles.md",
        "---\ntitle: Candles\ndate: 2026-02-30\n---\nBad date.\n",
    );
    // The error of the finished file: a watcher may also see it half written (`fs::write`
    // truncates first), which fails with another error, then rebuilds.
    wait_for("the failed build", 10, || {
        srv.running.log().contains("candles.md:3:1")
    });
    let (_, data) = first_event(srv.port);
    let (same, error) = data.split_once('\n').expect("a generation and an error");
    assert_eq!(
        same, generation,
        "a failed build leaves the output as it was"
    );
    assert!(error.contains("candles.md:3:1"), "{error}");
    srv.running.assert_alive();
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let srv = start(port);
    assert_ne!(srv.port, port);
    assert!(
        srv.running
            .log()
            .contains(&format!("Port {port} is taken; using {}", srv.port)),
        "{}",
        srv.running.log()
    );
    assert_eq!(get(srv.port, "/").0, 200);
}

#[test]
fn pages_stay_whole_while_rebuilding() {
    let mut srv = start(free_port());
    let port = srv.port;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut bad = Vec::new();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for path in ["/", "/lessons/fire/", "/lessons/fire/candles/"] {
                    let (status, body) = get(port, path);
                    n += 1;
                    if status != 200 || !body.contains("</html>") {
                        bad.push(format!("{path}: {status}"));
                    }
                }
            }
            (n, bad)
        })
    };
    for i in 0..20 {
        srv.site.write(
            "content/lessons/fire/candles.md",
            &format!("---\ntitle: Candles {i}\ndate: 2026-07-20\n---\nEdit {i}.\n"),
        );
        std::thread::sleep(Duration::from_millis(60));
    }
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (n, bad) = reader.join().unwrap();
    assert!(n > 20, "{n} requests");
    assert!(bad.is_empty(), "{bad:?}");
    srv.running.assert_alive();
}
