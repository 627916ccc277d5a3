//! `check --external`: whether links to other sites still answer. Each address is asked once
//! (`HEAD`, then `GET` where a server refuses `HEAD`), a few at a time, each within a time
//! limit, so a dead server slows the check by the limit and no more.

use super::lint::ExternalLink;
use crate::messages::Text;
use crate::text;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// How external links are checked.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests at once.
    pub concurrency: usize,
    /// Longest wait for one address, connection and answer together.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            concurrency: 8,
            timeout: Duration::from_secs(10),
        }
    }
}

/// Why an address does not answer as a link should.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server answered with this error status (4xx, 5xx).
    Status(u16),
    /// The server would not show the page to a program (401, 403 even to `GET`): many sites
    /// turn away whatever is not a browser, so the link may well work.
    Refused(u16),
    /// No answer: the reason (no such host, refused, timed out…).
    Unreachable(Text),
}

/// The addresses among `links` that fail, each with why; every address is asked once.
pub fn check(links: &[ExternalLink], limits: Limits) -> BTreeMap<String, Failure> {
    let mut urls: Vec<&str> = links.iter().map(|l| address(&l.url)).collect();
    urls.sort_unstable();
    urls.dedup();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "safepress/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let next = Mutex::new(urls.into_iter());
    let failures = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..limits.concurrency.max(1) {
            scope.spawn(|| {
                loop {
                    let url = match next.lock() {
                        Ok(mut urls) => urls.next(),
                        Err(_) => None,
                    };
                    let Some(url) = url else { break };
                    if let Some(failure) = ask(&agent, url)
                        && let Ok(mut failures) = failures.lock()
                    {
                        failures.insert(url.to_string(), failure);
                    }
                }
            });
        }
    });
    failures.into_inner().unwrap_or_default()
}

/// The part of a link's URL that is asked for: without its `#fragment`, which never leaves
/// the browser (so `page#a` and `page#b` are asked once). Failures are keyed by it.
pub fn address(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// What a browser escapes in an address it sends: besides every non-ASCII character, the
/// ASCII ones a URL cannot hold as they are (`%` stays: an address's own escapes are kept).
const WIRE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// `url` as a browser sends it: a host name in another script as its ASCII (punycode) form,
/// the path and query escaped.
fn on_the_wire(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let host_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    let (scheme, authority, rest) = (&url[..start], &url[start..host_end], &url[host_end..]);
    let (user, host_port) = match authority.rsplit_once('@') {
        Some((user, host)) => (&authority[..=user.len()], host),
        None => ("", authority),
    };
    let (host, port) = match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => {
            (host, &host_port[host.len()..])
        }
        _ => (host_port, ""),
    };
    let host = match host.is_ascii() {
        true => host.to_string(),
        false => idna::domain_to_ascii(host).unwrap_or_else(|_| host.to_string()),
    };
    let rest = percent_encoding::utf8_percent_encode(rest, WIRE);
    format!("{scheme}{user}{host}{port}{rest}")
}

/// What is wrong with `url`, if anything.
fn ask(agent: &ureq::Agent, url: &str) -> Option<Failure> {
    // `<https://host/a b>` and `https://host/页面/` are links Markdown allows; on the wire,
    // as a browser sends them, a space is `%20` and other characters their UTF-8 escapes.
    let url = on_the_wire(url);
    let url = url.as_str();
    let status = match agent.head(url).call() {
        // Some servers refuse or mishandle HEAD: ask for the page itself before blaming the
        // link.
        Ok(r) if matches!(r.status().as_u16(), 403 | 405 | 501) => agent.get(url).call(),
        other => other,
    };
    match status {
        // Too many requests: the server did not say whether the page is there.
        Ok(r) if r.status().as_u16() == 429 => None,
        Ok(r) if matches!(r.status().as_u16(), 401 | 403) => {
            Some(Failure::Refused(r.status().as_u16()))
        }
        Ok(r) if r.status().as_u16() >= 400 => Some(Failure::Status(r.status().as_u16())),
        Ok(_) => None,
        Err(e) => Some(Failure::Unreachable(reason(&e))),
    }
}

/// Why a request got no answer, in the catalogue's words where it has them.
fn reason(e: &ureq::Error) -> Text {
    match e {
        ureq::Error::Timeout(_) => text!("check.link_timeout"),
        ureq::Error::HostNotFound => text!("check.link_no_host"),
        ureq::Error::ConnectionFailed => text!("check.link_refused"),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            text!("check.link_refused")
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            text!("check.link_timeout")
        }
        // The system's resolver says so only in words.
        ureq::Error::Io(io) if io.to_string().contains("failed to lookup address") => {
            text!("check.link_no_host")
        }
        ureq::Error::Io(io) if io.to_string().contains("certificate") => {
            text!("check.link_certificate")
        }
        ureq::Error::TooManyRedirects => text!("check.link_redirects"),
        ureq::Error::BadUri(_) => text!("check.link_bad_address"),
        other => text!("check.link_other", detail = other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_sent_as_a_browser_sends_them() {
        assert_eq!(
            on_the_wire("https://例子.测试:8443/页面/?q=a b#x"),
            "https://xn--fsqu00a.xn--0zwm56d:8443/%E9%A1%B5%E9%9D%A2/?q=a%20b#x"
        );
        assert_eq!(
            on_the_wire("http://u@a.gov/a%20b?q=a%2Fb|c"),
            "http://u@a.gov/a%20b?q=a%2Fb%7Cc"
        );
        assert_eq!(on_the_wire("https://a.gov"), "https://a.gov");
    }
}
