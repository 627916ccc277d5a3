//! The preview server: serves the output folder on loopback, injects a small live-reload
//! script into HTML responses (never into the built files), tells pages over Server-Sent
//! Events to reload after each rebuild, and shows build errors as an overlay in the page.

use crate::error::{Error, Result};
use crate::live::watch::Outcome;
use crate::messages::Language;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::services::ServeDir;

/// Where the server's own endpoints live; no site page can be there.
pub const PREFIX: &str = "/__safepress";

const LIVE_JS: &str = include_str!("live.js");

/// A message to open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The output changed: reload.
    Reload,
    /// The search index changed: pages that searched reload.
    SearchIndex,
    /// The build failed: show this report.
    Error(String),
}

/// What open pages must agree with: which build the output is, and the current error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Current {
    /// Counts the builds that changed the output; a page served at another count is stale.
    generation: u64,
    /// The last build's error, empty when it succeeded.
    error: String,
}

/// The link between the watcher and open pages: the current state, and a channel to them.
#[derive(Debug, Clone)]
pub struct Live {
    tx: broadcast::Sender<Notice>,
    current: Arc<Mutex<Current>>,
    /// The language build errors are shown in.
    ui: Language,
}

impl Default for Live {
    fn default() -> Self {
        Live::new(Language::default())
    }
}

impl Live {
    /// A link that shows build errors in `ui`.
    pub fn new(ui: Language) -> Self {
        Live {
            tx: broadcast::channel(64).0,
            current: Arc::new(Mutex::new(Current::default())),
            ui,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Current> {
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Tells open pages about a build: reload after a change or a fix, show an error.
    pub fn publish(&self, outcome: &Outcome) {
        // Sent under the lock, so a page subscribing meanwhile gets either the old state and
        // this notice, or the new state; never neither.
        let mut current = self.lock();
        let notice = match outcome {
            Outcome::Failed(e) => {
                current.error = e.render(self.ui);
                Notice::Error(current.error.clone())
            }
            Outcome::Watching | Outcome::IndexFailed(_) => return,
            // Only open search pages need the new index; other pages must not reload for it.
            Outcome::Indexed(_) => Notice::SearchIndex,
            Outcome::Rebuilt(r) if r.written + r.deleted == 0 && current.error.is_empty() => {
                return;
            }
            Outcome::Rebuilt(_) | Outcome::Built(_) => {
                current.error.clear();
                current.generation += 1;
                Notice::Reload
            }
        };
        // No open page is not an error.
        let _ = self.tx.send(notice);
    }

    /// The current build error, empty when the last build succeeded.
    pub fn error(&self) -> String {
        self.lock().error.clone()
    }

    /// The build the output now holds, as stamped into each served page.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }
}

/// Binds `interface:port`, or the next free port above it; says which port it got.
pub async fn bind(interface: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr)> {
    let mut last = None;
    for candidate in port..=port.saturating_add(20) {
        match TcpListener::bind((interface, candidate)).await {
            Ok(listener) => {
                let addr = listener
                    .local_addr()
                    .map_err(|e| Error::io(Path::new("socket"), e))?;
                return Ok((listener, addr));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = Some(e),
            Err(e) => return Err(Error::io(Path::new(&format!("{interface}:{candidate}")), e)),
        }
    }
    let e = last.unwrap_or_else(|| std::io::Error::other("no free port"));
    Err(Error::io(Path::new(&format!("{interface}:{port}")), e))
}

/// The preview server's routes over `output`.
pub fn router(output: &Path, live: Live) -> Router {
    let not_found = not_found.with_state(Arc::new(output.to_path_buf()));
    let files = ServeDir::new(output)
        .append_index_html_on_directories(true)
        .not_found_service(not_found);
    Router::new()
        .route(&format!("{PREFIX}/live.js"), get(live_js))
        .route(&format!("{PREFIX}/events"), get(events))
        .route(&format!("{PREFIX}/status"), get(status))
        .fallback_service(files)
        .layer(axum::middleware::from_fn_with_state(live.clone(), inject))
        .with_state(live)
}

/// Serves until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    output: PathBuf,
    live: Live,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    axum::serve(listener, router(&output, live))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| Error::io(&output, e))
}

/// The 404 page of the language the address is in (`/en/…` gets `en/404.html`), else the
/// main language's, with status 404.
async fn not_found(State(output): State<Arc<PathBuf>>, uri: axum::http::Uri) -> Response {
    let first = uri
        .path()
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    // Only a plain folder name: never a path that could leave the output folder.
    let in_lang = (!first.is_empty()
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    .then(|| output.join(first).join("404.html"));
    let mut body = None;
    for file in in_lang.into_iter().chain([output.join("404.html")]) {
        if let Ok(bytes) = tokio::fs::read(&file).await {
            body = Some(bytes);
            break;
        }
    }
    match body {
        Some(bytes) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn live_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
}

async fn status(State(live): State<Live>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        live.error(),
    )
}

/// The events to open pages: first the current state, then each build's notice.
///
/// The state comes first because a page can miss notices: one sent between the page being
/// served and its stream opening (a reload that follows a save, say) would otherwise be lost,
/// leaving a stale page or no error overlay.
async fn events(
    State(live): State<Live>,
) -> Sse<impl tokio_stream::Stream<Item = std::result::Result<Event, Infallible>>> {
    let (receiver, current) = {
        let current = live.lock();
        (live.tx.subscribe(), current.clone())
    };
    let state = Event::default()
        .event("state")
        .data(format!("{}\n{}", current.generation, current.error));
    let notices = BroadcastStream::new(receiver).filter_map(|notice| {
        notice.ok().map(|n| {
            Ok(match n {
                Notice::Reload => Event::default().event("reload").data("reload"),
                Notice::SearchIndex => Event::default().event("search-index").data("search-index"),
                Notice::Error(text) => Event::default().event("build-error").data(text),
            })
        })
    });
    let stream = tokio_stream::once(Ok(state)).chain(notices);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Adds the live-reload script, stamped with the build it serves, to HTML pages and turns
/// off caching for everything.
async fn inject(State(live): State<Live>, request: Request, next: Next) -> Response {
    // Read before the file is, so a build finishing meanwhile makes the page look stale
    // (one extra reload) rather than current.
    let generation = live.generation();
    let (mut parts, body) = next.run(request).await.into_parts();
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let is_html = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || parts.status == StatusCode::NOT_MODIFIED {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, 256 * 1024 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    // The overlay's own words, in the language of the rest of safepress's messages.
    let attr = |text: String| {
        let mut out = Vec::with_capacity(text.len());
        // Writing to a Vec cannot fail.
        let _ = crate::render::escape::html(&text, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    };
    let tag = format!(
        "<script src=\"{PREFIX}/live.js\" data-generation=\"{generation}\" \
         data-label=\"{}\" data-heading=\"{}\" data-hint=\"{}\" defer></script>",
        attr(crate::msg!(live.ui, "serve.overlay_label")),
        attr(crate::msg!(live.ui, "serve.overlay_heading")),
        attr(crate::msg!(live.ui, "serve.overlay_hint")),
    );
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, &tag),
        None => html.push_str(&tag),
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}
