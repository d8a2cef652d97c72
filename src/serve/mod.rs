//! `tenderlint serve`: the local app. A web server on the loopback interface only, serving one
//! embedded page and a JSON API, so that people who never open a terminal can drop a document
//! on a page, read what to fix and download it with comments. Nothing is written to disk and
//! nothing leaves the machine: uploads are checked in memory under the same limits as the
//! command line.
//!
//! - [`guard`]: who may ask (the `Host` header, the per-launch token, the `Origin`);
//! - [`api`]: `/api/check`, `/api/review`, `/api/report`, `/api/rules`, `/api/quit`;
//! - [`page`]: the embedded page and its security headers.
//!
//! The HTTP stack is axum on tokio (HTTP/1 only). Documents are checked on tokio's blocking
//! threads, at most one per CPU at a time ([`Setup::workers`]); further requests wait in a
//! bounded queue and are refused with 503 when it is full. A request's body is read only once
//! it has its turn, so memory is bounded by the workers' uploads, not the queue's.

mod api;
mod guard;
mod page;

use std::io::Write;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use tokio::sync::{Notify, Semaphore};

use crate::limits::Limits;
use crate::settings::Settings;

/// A profile the page offers: its name (`None`: the defaults and tenderlint.toml) and the
/// settings it resolves to.
pub struct Profile {
    pub name: Option<String>,
    pub settings: Settings,
}

/// How to serve.
pub struct Setup {
    /// The port on the loopback interface; 0 picks a free one.
    pub port: u16,
    /// Open the page in the default browser once the server listens.
    pub open: bool,
    /// The profiles a request may name; a request naming none gets the first.
    pub profiles: Vec<Profile>,
    /// The limits every document is checked under (and the largest request body).
    pub limits: Limits,
    /// How many documents are checked at once.
    pub workers: usize,
}

/// Requests that may wait for a worker before more are refused with 503.
const QUEUE: usize = 256;

/// What the handlers share.
struct State {
    profiles: Vec<Profile>,
    limits: Limits,
    token: String,
    port: u16,
    workers: Semaphore,
    waiting: AtomicUsize,
    quit: Notify,
}

/// Serve until Ctrl-C or the page's Quit. The address is written to `out` first (tests and
/// scripts read the port from that line).
pub fn run(setup: Setup, out: &mut dyn Write) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(setup.workers.max(1) + 2)
        .enable_io()
        .enable_time()
        .build()?;
    runtime.block_on(serve(setup, out))
}

async fn serve(setup: Setup, out: &mut dyn Write) -> std::io::Result<()> {
    let v4 = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, setup.port)))
        .await
        .map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("cannot listen on 127.0.0.1 port {}: {e}", setup.port),
            )
        })?;
    let port = v4.local_addr()?.port();
    // The same port on ::1 too, when the machine has IPv6 ("localhost" may resolve to it).
    let v6 = tokio::net::TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port)))
        .await
        .ok();
    let state = Arc::new(State {
        profiles: setup.profiles,
        limits: setup.limits,
        token: guard::new_token()?,
        port,
        workers: Semaphore::new(setup.workers.max(1)),
        waiting: AtomicUsize::new(0),
        quit: Notify::new(),
    });
    let app = api::router(Arc::clone(&state));
    let url = format!("http://127.0.0.1:{port}/");
    writeln!(out, "tenderlint is running at {url}")?;
    writeln!(
        out,
        "Your documents stay on this computer. Press Ctrl-C here, or Quit on the page, to stop."
    )?;
    if setup.open && !open_browser(&url) {
        writeln!(out, "Open {url} in your web browser.")?;
    }
    out.flush()?;
    let stop = {
        let state = Arc::clone(&state);
        async move {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                () = terminated() => {}
                () = state.quit.notified() => {}
            }
        }
    };
    let (stopped, mut stopping) = tokio::sync::watch::channel(false);
    let second = v6.map(|listener| {
        let app = app.clone();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopping.wait_for(|stop| *stop).await;
                })
                .await;
        })
    });
    let result = axum::serve(v4, app)
        .with_graceful_shutdown(async move {
            stop.await;
            let _ = stopped.send(true);
        })
        .await;
    if let Some(second) = second {
        let _ = second.await;
    }
    writeln!(out, "tenderlint has stopped.")?;
    result
}

/// SIGTERM (a service manager, `kill`): stop as for Ctrl-C. Never, where there is none.
#[cfg(unix)]
async fn terminated() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            term.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn terminated() {
    std::future::pending().await
}

/// Open `url` in the default browser; false when no opener could be started.
fn open_browser(url: &str) -> bool {
    use std::process::{Command, Stdio};
    let mut command = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        // `start`'s first quoted argument is a window title.
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .is_ok()
}
