//! The routes: the page, its two assets, and the JSON API. Every answer carries the page's
//! security headers; every error is JSON, `{"error": {"code", "message"}}`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Path as RoutePath, Request, State as Shared};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use tokio::sync::SemaphorePermit;

use super::{Profile, QUEUE, State, guard, page};
use crate::config;
use crate::diagnostic::FileResult;
use crate::document::Format;
use crate::engine::{self, Given, Options};
use crate::lint;
use crate::report;
use crate::review::{self, Author, CopyError};

/// How long a request waits for a worker before it is told the server is busy.
const WAIT: Duration = Duration::from_secs(300);
/// How long a request may take to send its body once it has a worker (a stalled upload must
/// not hold a worker for ever).
const UPLOAD: Duration = Duration::from_secs(120);
/// Most files in one request.
const MAX_FILES: usize = 1000;
/// Room in a request body for the multipart framing and the form's small fields.
const FRAMING: u64 = 1 << 20;

pub(super) fn router(state: Arc<State>) -> Router {
    let body =
        usize::try_from(state.limits.file_size.saturating_add(FRAMING)).unwrap_or(usize::MAX);
    Router::new()
        .route("/", get(index))
        .route("/{asset}", get(asset))
        .route("/api/rules", get(rules))
        .route("/api/check", post(check))
        .route("/api/review", post(review_copy))
        .route("/api/report", post(word_report))
        .route("/api/quit", post(quit))
        .fallback(not_found)
        .method_not_allowed_fallback(not_allowed)
        .layer(DefaultBodyLimit::max(body))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guarded))
        .with_state(state)
}

/// The guard before every route ([`guard`]), and the page's headers after it.
async fn guarded(Shared(state): Shared<Arc<State>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let mut response = if !guard::host_allowed(host, state.port) {
        error(
            StatusCode::MISDIRECTED_REQUEST,
            "wrong-host",
            format!(
                "This server answers only to 127.0.0.1:{port} and localhost:{port}.",
                port = state.port
            ),
        )
    } else if request.method() == Method::POST
        && let Some(why) = guard::refuse_post(request.headers(), &state.token, state.port)
    {
        error(StatusCode::FORBIDDEN, "forbidden", why)
    } else {
        next.run(request).await
    };
    for (name, value) in page::HEADERS {
        response
            .headers_mut()
            .insert(name.clone(), HeaderValue::from_static(value));
    }
    response
}

async fn index(Shared(state): Shared<Arc<State>>) -> Response {
    page::index(&state.token)
}

async fn asset(RoutePath(name): RoutePath<String>) -> Response {
    page::file(&name).unwrap_or_else(not_found_response)
}

async fn not_found() -> Response {
    not_found_response()
}

async fn not_allowed() -> Response {
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        "not-allowed",
        "This address does not take that method (the API's documents are sent with POST).",
    )
}

fn not_found_response() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "not-found",
        "There is nothing at this address.",
    )
}

/// A JSON error answer.
fn error(status: StatusCode, code: &'static str, message: impl Into<String>) -> Response {
    #[derive(Serialize)]
    struct Error {
        code: &'static str,
        message: String,
    }
    #[derive(Serialize)]
    struct Body {
        error: Error,
    }
    let body = Body {
        error: Error {
            code,
            message: message.into(),
        },
    };
    json(status, serde_json::to_vec(&body).unwrap_or_default())
}

fn json(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// `GET /api/rules`: the profiles the page offers, the formats it takes, and every rule's
/// documentation.
async fn rules(Shared(state): Shared<Arc<State>>) -> Response {
    #[derive(Serialize)]
    struct ProfileInfo {
        name: Option<String>,
        label: &'static str,
        description: &'static str,
    }
    #[derive(Serialize)]
    struct RuleInfo<'a> {
        id: &'a str,
        severity: String,
        summary: &'a str,
        what: &'a str,
        why: &'a str,
        example: &'a str,
        /// Public sources only: the project's own notes mean nothing to the page's readers.
        sources: Vec<&'a str>,
    }
    #[derive(Serialize)]
    struct Body<'a> {
        profiles: Vec<ProfileInfo>,
        formats: &'static [&'static str],
        reviewable: &'static [&'static str],
        rules: Vec<RuleInfo<'a>>,
    }
    // The page offers the shipped profiles first, in the order people meet them, then the
    // run's own settings (what a request naming no profile gets).
    let order = |p: &&Profile| match p.name.as_deref() {
        Some("bid-writer") => 0,
        Some("small-charity-signing") => 1,
        Some("ci-strict") => 2,
        Some(_) => 3,
        None => 4,
    };
    let mut offered: Vec<&Profile> = state.profiles.iter().collect();
    offered.sort_by_key(order);
    let profiles = offered
        .into_iter()
        .map(|p| {
            let (label, description) = describe(p.name.as_deref());
            ProfileInfo {
                name: p.name.clone(),
                label,
                description,
            }
        })
        .collect();
    // Every rule the configuration knows, from the strictest profile's set when there is one.
    let all = state
        .profiles
        .iter()
        .max_by_key(|p| p.settings.rules.rules.len())
        .map(|p| &p.settings.rules.rules[..])
        .unwrap_or_default();
    let body = Body {
        profiles,
        formats: FORMATS,
        reviewable: REVIEWABLE,
        rules: all
            .iter()
            .map(|rule| RuleInfo {
                id: &rule.id,
                severity: rule.severity.to_string(),
                summary: &rule.summary,
                what: &rule.docs.what,
                why: &rule.docs.why,
                example: &rule.docs.example,
                sources: rule
                    .docs
                    .sources
                    .iter()
                    .map(String::as_str)
                    .filter(|s| !report::docx::is_internal_source(s))
                    .collect(),
            })
            .collect(),
    };
    json(
        StatusCode::OK,
        serde_json::to_vec(&body).unwrap_or_default(),
    )
}

/// The file names the page accepts.
const FORMATS: &[&str] = &[
    ".docx",
    ".docm",
    ".odt",
    ".pdf",
    ".md",
    ".markdown",
    ".txt",
    ".xlsx",
    ".xlsm",
    ".ods",
    ".csv",
];
/// The formats a reviewed copy can be made of.
const REVIEWABLE: &[&str] = &[".docx", ".docm", ".odt", ".pdf"];

/// A profile in the words of the person choosing it.
fn describe(name: Option<&str>) -> (&'static str, &'static str) {
    match name {
        Some("bid-writer") => (
            "I am writing a bid",
            "For a draft bid or proposal before it goes out: partners named but not funded, \
             staff who would transfer (TUPE), targets the money cannot meet, placeholders left \
             in.",
        ),
        Some("small-charity-signing") => (
            "I am about to sign an agreement",
            "For an agreement you are asked to sign (a subcontract, a consortium or \
             partnership agreement, an MoU): how disputes are settled, how it ends, when you \
             are paid, who carries the risk.",
        ),
        Some("ci-strict") => (
            "Strict check (every rule)",
            "Every rule, for bids and agreements alike, with the most important problems \
             counted as must-fix: a last check before a bid goes out or an agreement is signed.",
        ),
        Some(_) => (
            "Another profile",
            "A profile your organisation set up for tenderlint.",
        ),
        None => (
            "Standard check",
            "Every rule at its usual strength, with the settings your organisation keeps for \
             tenderlint, if any.",
        ),
    }
}

/// What a POST sent: files, the profile named and whether the files are one pack.
struct Upload {
    files: Vec<(PathBuf, Vec<u8>)>,
    profile: Option<String>,
    pack: bool,
}

/// Wait for a worker; the permit is held while the request's body is read and checked, so
/// memory follows the workers, not the requests waiting.
async fn turn(state: &State) -> Result<SemaphorePermit<'_>, Response> {
    let busy = || {
        let mut response = error(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "tenderlint is busy with other documents; try again in a minute.",
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
        response
    };
    if state.waiting.fetch_add(1, Ordering::SeqCst) >= QUEUE {
        state.waiting.fetch_sub(1, Ordering::SeqCst);
        return Err(busy());
    }
    let permit = tokio::time::timeout(WAIT, state.workers.acquire()).await;
    state.waiting.fetch_sub(1, Ordering::SeqCst);
    match permit {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(busy()),
    }
}

async fn read_upload(
    state: &State,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Upload, Response> {
    tokio::time::timeout(UPLOAD, read_form(state, form))
        .await
        .unwrap_or_else(|_| {
            Err(error(
                StatusCode::REQUEST_TIMEOUT,
                "timeout",
                "The upload stalled: it was not all sent within two minutes.",
            ))
        })
}

async fn read_form(
    state: &State,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Upload, Response> {
    let mut form = form.map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            "bad-request",
            format!(
                "Send the documents as a form (multipart/form-data): {}.",
                e.body_text()
            ),
        )
    })?;
    let mut upload = Upload {
        files: Vec::new(),
        profile: None,
        pack: false,
    };
    let limit = state.limits.file_size;
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        match field.name().unwrap_or("") {
            "file" => {
                if upload.files.len() == MAX_FILES {
                    return Err(error(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "too-large",
                        format!("At most {MAX_FILES} files can be checked at once."),
                    ));
                }
                let name = file_name(field.file_name().unwrap_or(""), upload.files.len());
                let bytes = field.bytes().await.map_err(multipart_error)?;
                if bytes.len() as u64 > limit {
                    return Err(too_large(&format!(
                        "{} is larger than {} MiB, the most tenderlint reads",
                        name.display(),
                        limit >> 20
                    )));
                }
                upload.files.push((name, bytes.to_vec()));
            }
            "profile" => {
                let text = field.text().await.map_err(multipart_error)?;
                upload.profile = Some(text.trim().to_string()).filter(|t| !t.is_empty());
            }
            "pack" => {
                let text = field.text().await.map_err(multipart_error)?;
                upload.pack = matches!(text.trim(), "1" | "true" | "on" | "yes");
            }
            other => {
                return Err(error(
                    StatusCode::BAD_REQUEST,
                    "bad-request",
                    format!("Unknown form field {other:?}: send `file`, `profile` and `pack`."),
                ));
            }
        }
    }
    if upload.files.is_empty() {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "No file was sent: send each document as a form field named `file`.",
        ));
    }
    Ok(upload)
}

fn too_large(message: &str) -> Response {
    error(StatusCode::PAYLOAD_TOO_LARGE, "too-large", message)
}

fn multipart_error(e: MultipartError) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(&format!("The upload is too large: {}.", e.body_text()));
    }
    error(
        StatusCode::BAD_REQUEST,
        "bad-request",
        format!(
            "The upload is not a readable form (multipart/form-data): {}.",
            e.body_text()
        ),
    )
}

/// A safe name for an uploaded file: its relative path (a folder's files keep theirs), with no
/// root, drive, `.` or `..`; only ever a name in the results, never a place on disk.
fn file_name(given: &str, index: usize) -> PathBuf {
    let parts: Vec<&str> = given
        .split(['/', '\\'])
        .filter(|part| !part.is_empty() && *part != "." && *part != ".." && !part.ends_with(':'))
        .collect();
    if parts.is_empty() {
        return PathBuf::from(format!("document-{}", index + 1));
    }
    PathBuf::from(parts.join("/"))
}

impl State {
    /// The profile a request names (the first when it names none).
    fn profile(&self, name: Option<&str>) -> Result<usize, Response> {
        match name {
            None => Ok(0),
            Some(name) => self
                .profiles
                .iter()
                .position(|p| p.name.as_deref() == Some(name))
                .ok_or_else(|| {
                    let names: Vec<&str> = self
                        .profiles
                        .iter()
                        .filter_map(|p| p.name.as_deref())
                        .collect();
                    error(
                        StatusCode::BAD_REQUEST,
                        "bad-request",
                        format!("No profile {name:?}; profiles are: {}.", names.join(", ")),
                    )
                }),
        }
    }

    fn options(&self, profile: &Profile) -> Options {
        Options {
            lint: lint::Options {
                kind: None,
                config: profile.settings.config.clone(),
                known_rules: profile.settings.known.clone(),
            },
            limits: self.limits,
            threads: Some(1),
        }
    }
}

/// Check an upload on a blocking thread: its results in the order sent.
async fn check_upload(
    state: &Arc<State>,
    upload: Upload,
) -> Result<(usize, Vec<FileResult>), Response> {
    let profile = state.profile(upload.profile.as_deref())?;
    let given = if upload.pack {
        vec![pack(upload.files)?]
    } else {
        upload
            .files
            .into_iter()
            .map(|(path, bytes)| Given::File(path, bytes))
            .collect()
    };
    let shared = Arc::clone(state);
    let results = tokio::task::spawn_blocking(move || {
        let profile = &shared.profiles[profile];
        let options = shared.options(profile);
        let mut results = Vec::new();
        engine::check_given(given, &profile.settings.rules, &options, &mut |result| {
            results.push(result);
        });
        results
    })
    .await
    .map_err(|_| internal())?;
    Ok((profile, results))
}

/// A folder sent as one pack, as a folder walk makes it: its documents (other files are left
/// out), and its `tenderlint-pack.toml` when it has one (name, kind, main, files).
fn pack(files: Vec<(PathBuf, Vec<u8>)>) -> Result<Given, Response> {
    let mut spec = lint::PackSpec {
        name: pack_name(&files),
        files: Vec::new(),
        kind: None,
        main: None,
    };
    let mut settings = None;
    for (path, bytes) in &files {
        if path.file_name().is_some_and(|n| n == config::PACK_FILE) {
            let source = String::from_utf8_lossy(bytes);
            let parsed = config::parse_pack_file(path, &source).map_err(|e| {
                error(
                    StatusCode::BAD_REQUEST,
                    "bad-request",
                    format!("{}: {e}", path.display()),
                )
            })?;
            settings = Some(parsed);
        }
    }
    if let Some(settings) = &settings {
        spec.name.clone_from(&settings.name);
        spec.kind = settings.kind;
        spec.main.clone_from(&settings.main);
    }
    let mut bytes = Vec::new();
    for (path, content) in files {
        let document = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| FOLDER_FORMATS.contains(&e.to_ascii_lowercase().as_str()));
        if document && settings.as_ref().is_none_or(|s| s.holds(&path)) {
            spec.files.push(path);
            bytes.push(content);
        }
    }
    if spec.files.is_empty() {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "The folder holds no documents tenderlint reads (Word, OpenDocument, PDF, \
             Markdown, spreadsheets).",
        ));
    }
    Ok(Given::Pack(spec, bytes))
}

/// The extensions a folder walk takes (a `.doc` gets its "save it as .docx" error).
const FOLDER_FORMATS: &[&str] = &[
    "md", "markdown", "docx", "docm", "odt", "pdf", "doc", "xlsx", "xlsm", "ods", "csv",
];

/// A pack's name: the innermost folder its files share, else "documents".
fn pack_name(files: &[(PathBuf, Vec<u8>)]) -> String {
    let mut shared: Option<PathBuf> = None;
    for (path, _) in files {
        let parent = path.parent().map(PathBuf::from).unwrap_or_default();
        shared = Some(match shared {
            None => parent,
            Some(common) => common
                .components()
                .zip(parent.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    shared
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "documents".to_string())
}

fn internal() -> Response {
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "tenderlint failed inside (please report it); the server goes on.",
    )
}

/// Wait for a worker, read the upload and check it: the profile used and the results.
async fn checked(
    state: &Arc<State>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(usize, Vec<FileResult>), Response> {
    let _turn = turn(state).await?;
    let upload = read_upload(state, form).await?;
    check_upload(state, upload).await
}

/// `POST /api/check`: what `tenderlint check --format json` prints for the files sent.
async fn check(
    Shared(state): Shared<Arc<State>>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, Response> {
    let (_, results) = checked(&state, form).await?;
    let mut body = Vec::new();
    report::json::write(&mut body, &results).map_err(|_| internal())?;
    Ok(json(StatusCode::OK, body))
}

/// `POST /api/report`: the Word report for the files sent.
async fn word_report(
    Shared(state): Shared<Arc<State>>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, Response> {
    let (profile, results) = checked(&state, form).await?;
    let mut body = Vec::new();
    report::docx::write(&mut body, &results, &state.profiles[profile].settings.rules)
        .map_err(|_| internal())?;
    Ok(download(body, DOCX, "tenderlint-report.docx"))
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// `POST /api/review`: the file sent, with a comment on the words of each finding.
async fn review_copy(
    Shared(state): Shared<Arc<State>>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, Response> {
    let _turn = turn(&state).await?;
    let upload = read_upload(&state, form).await?;
    let profile = state.profile(upload.profile.as_deref())?;
    let mut files = upload.files;
    if files.len() != 1 {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Send one file to review at a time.",
        ));
    }
    let (path, bytes) = files.pop().ok_or_else(internal)?;
    let shared = Arc::clone(&state);
    let name = path.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let profile = &shared.profiles[profile];
        let options = shared.options(profile);
        review::check_and_copy(
            &path,
            &bytes,
            &profile.settings.rules,
            &options,
            &Author::now(),
        )
    })
    .await;
    let (result, copy) = outcome.map_err(|_| internal())?;
    let display = name.display();
    Ok(match copy {
        Ok(copy) => {
            let content_type = match result.format {
                Some(Format::Pdf) => "application/pdf",
                Some(Format::Odt) => "application/vnd.oasis.opendocument.text",
                _ => DOCX,
            };
            let mut response = download(copy, content_type, &reviewed_name(&name));
            response.headers_mut().insert(
                "x-tenderlint-comments",
                HeaderValue::from(result.findings.len()),
            );
            response
        }
        Err(CopyError::Unread) => {
            let why = result
                .errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_else(|| "it could not be read".into());
            error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unreadable",
                format!("{display} could not be read: {why}"),
            )
        }
        Err(CopyError::Internal) => internal(),
        Err(error @ (CopyError::NoComments(_) | CopyError::Failed(_))) => self::error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "cannot-review",
            format!("{display}: no copy with comments can be made: {error}"),
        ),
    })
}

/// `NAME.reviewed.EXT`, from the file's own name.
fn reviewed_name(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .map_or_else(|| "document".into(), |s| s.to_string_lossy().into_owned());
    match path.extension() {
        Some(ext) => format!("{stem}.reviewed.{}", ext.to_string_lossy()),
        None => format!("{stem}.reviewed"),
    }
}

/// A file to save: its type and its name (RFC 6266, with the UTF-8 form for other names).
fn download(body: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let plain: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}");
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `POST /api/quit`: stop the server, after this answer.
async fn quit(Shared(state): Shared<Arc<State>>) -> Response {
    state.quit.notify_one();
    json(StatusCode::OK, br#"{"ok": true}"#.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_names_are_only_names() {
        assert_eq!(file_name("a.docx", 0), PathBuf::from("a.docx"));
        assert_eq!(file_name("pack/b.pdf", 0), PathBuf::from("pack/b.pdf"));
        assert_eq!(
            file_name("../../etc/passwd", 0),
            PathBuf::from("etc/passwd")
        );
        assert_eq!(file_name("/abs/x.md", 0), PathBuf::from("abs/x.md"));
        assert_eq!(
            file_name("C:\\Users\\me\\bid.docx", 0),
            PathBuf::from("Users/me/bid.docx")
        );
        assert_eq!(file_name("", 2), PathBuf::from("document-3"));
        assert_eq!(file_name("./..", 0), PathBuf::from("document-1"));
    }

    #[test]
    fn a_pack_is_named_after_its_folder() {
        let files = |names: &[&str]| -> Vec<(PathBuf, Vec<u8>)> {
            names
                .iter()
                .map(|n| (PathBuf::from(n), Vec::new()))
                .collect()
        };
        assert_eq!(pack_name(&files(&["bid/a.md", "bid/b.docx"])), "bid");
        assert_eq!(
            pack_name(&files(&["up/bid/a.md", "up/bid/x/b.docx"])),
            "bid"
        );
        assert_eq!(
            pack_name(&files(&["bid/a.md", "other/b.docx"])),
            "documents"
        );
        assert_eq!(pack_name(&files(&["a.md"])), "documents");
    }

    #[test]
    fn reviewed_copies_keep_the_name_and_the_extension() {
        assert_eq!(
            reviewed_name(std::path::Path::new("pack/Bid v2.docx")),
            "Bid v2.reviewed.docx"
        );
        let response = download(Vec::new(), DOCX, "Offre révisée.docx");
        let value = response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap();
        assert!(value.contains("filename=\"Offre r_vis_e.docx\""), "{value}");
        assert!(
            value.contains("filename*=UTF-8''Offre%20r%C3%A9vis%C3%A9e.docx"),
            "{value}"
        );
    }
}
