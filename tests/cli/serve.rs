//! `tenderlint serve`: the real binary on a free port, spoken to over TCP. The API answers as
//! `check --format json` does on every fixture; the guard refuses other hosts and other
//! origins; limits answer 413 and malformed requests 400, in JSON; fifty uploads at once all
//! answer right, with the server's peak memory reported; the page names no address.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{json, root};

/// A running `tenderlint serve --port 0 --no-open`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    _stdout: BufReader<ChildStdout>,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        Server::start_with(extra, &[])
    }

    fn start_with(extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tenderlint"))
            .args(["serve", "--port", "0", "--no-open"])
            .args(extra)
            .envs(env.iter().copied())
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tenderlint serve");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("the address line");
        // "tenderlint is running at http://127.0.0.1:PORT/"
        let port = line
            .trim()
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Server {
            child,
            port,
            _stdout: stdout,
        }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The token the page carries.
    fn token(&self) -> String {
        let page = self.get("/");
        let text = String::from_utf8(page.body).expect("utf-8 page");
        let at = text.find("tenderlint-token").expect("token meta");
        let rest = &text[at..];
        let start = rest.find("content=\"").expect("content") + 9;
        rest[start..start + 64].to_string()
    }

    fn get(&self, path: &str) -> Reply {
        self.send("GET", path, &[("Host", &self.host())], &[])
    }

    /// A POST from the page: its origin and token.
    fn post(&self, path: &str, token: &str, form: &Form) -> Reply {
        let (kind, body) = form.encode();
        self.send(
            "POST",
            path,
            &[
                ("Host", &self.host()),
                ("Origin", &self.origin()),
                ("X-Tenderlint-Token", token),
                ("Content-Type", &kind),
            ],
            &body,
        )
    }

    fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        request(self.port, method, path, headers, body)
    }

    /// Wait up to `limit` for the process to end.
    fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// The server's peak resident memory in KiB (Linux).
    fn peak_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The JSON of a 200 answer (else fail, quoting the answer).
    fn ok(&self, what: &str) -> Value {
        assert_eq!(
            self.status,
            200,
            "{what}: {}",
            String::from_utf8_lossy(&self.body)
        );
        self.json()
    }

    /// A JSON error's code.
    fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

/// One HTTP/1.1 request on its own connection (`Connection: close`), read to the end.
fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(300)))
        .expect("timeout");
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    // A server that refuses a body early may close before it is all sent: read its answer.
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body));
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no answer to {method} {path}: {raw:?}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// A multipart/form-data body.
#[derive(Default)]
struct Form {
    parts: Vec<(String, Option<String>, Vec<u8>)>,
}

impl Form {
    fn file(mut self, name: &str, bytes: Vec<u8>) -> Form {
        self.parts.push(("file".into(), Some(name.into()), bytes));
        self
    }

    fn field(mut self, name: &str, value: &str) -> Form {
        self.parts
            .push((name.into(), None, value.as_bytes().to_vec()));
        self
    }

    fn fixture(self, path: &str) -> Form {
        let bytes = std::fs::read(root().join(path)).expect("fixture");
        self.file(path, bytes)
    }

    fn encode(&self) -> (String, Vec<u8>) {
        let boundary = "tenderlint-test-7d9c41e0";
        let mut body = Vec::new();
        for (name, file, bytes) in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match file {
                Some(file) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\n\
                         Content-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
            }
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

/// `check --format json fixtures/`: each file's entry by path.
fn cli_entries() -> BTreeMap<String, Value> {
    let (report, _) = json(&["fixtures/"]);
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| (f["path"].as_str().expect("path").to_string(), f.clone()))
        .collect()
}

#[test]
fn the_api_answers_as_check_json_does_on_every_fixture() {
    let server = Server::start(&[]);
    let token = server.token();
    let entries = cli_entries();
    let mut packs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut compared = 0;
    for (path, expected) in &entries {
        if let Some(pack) = expected["pack"].as_str() {
            packs
                .entry(pack.to_string())
                .or_default()
                .push(path.clone());
            continue;
        }
        let got = server
            .post("/api/check", &token, &Form::default().fixture(path))
            .ok(path);
        assert_eq!(got["files"].as_array().map(Vec::len), Some(1), "{path}");
        assert_eq!(
            &got["files"][0], expected,
            "{path}: the API differs from check --format json"
        );
        compared += 1;
    }
    assert!(compared >= 60, "only {compared} fixtures compared");
    // A pack: the folder sent with pack=1, its tenderlint-pack.toml with it, as a walk reads it.
    assert!(!packs.is_empty(), "no pack among the fixtures");
    for members in packs.values() {
        let folder = Path::new(&members[0]).parent().expect("a folder");
        let mut form = Form::default().field("pack", "1");
        for entry in std::fs::read_dir(root().join(folder)).expect("pack folder") {
            let name = entry.expect("entry").file_name();
            let path = folder.join(name);
            form = form.fixture(path.to_str().expect("utf-8 path"));
        }
        let got = server.post("/api/check", &token, &form).ok("the pack");
        let files = got["files"].as_array().expect("files");
        assert_eq!(files.len(), members.len(), "{members:?}");
        for file in files {
            let path = file["path"].as_str().expect("path");
            assert_eq!(file, &entries[path], "{path}: pack member differs");
        }
    }
}

#[test]
fn other_hosts_and_other_origins_are_refused() {
    let server = Server::start(&[]);
    let token = server.token();
    let form = Form::default().fixture("fixtures/agreements/subcontract-with-disputes.md");
    let (kind, body) = form.encode();
    // DNS rebinding: a name that is not this server's, for the page and for the API.
    for host in [
        "evil.example",
        &format!("evil.example:{}", server.port),
        "127.0.0.1:1",
    ] {
        let page = server.send("GET", "/", &[("Host", host)], &[]);
        assert_eq!(page.status, 421, "GET / with Host {host}");
        let post = server.send(
            "POST",
            "/api/check",
            &[
                ("Host", host),
                ("X-Tenderlint-Token", &token),
                ("Content-Type", &kind),
            ],
            &body,
        );
        assert_eq!(post.status, 421, "POST with Host {host}");
        assert_eq!(post.code(), "wrong-host");
    }
    let localhost = format!("localhost:{}", server.port);
    assert_eq!(
        server.send("GET", "/", &[("Host", &localhost)], &[]).status,
        200
    );
    // A drive-by POST from another site: no token, or the token from elsewhere, or another Origin.
    let host = server.host();
    let cases: [&[(&str, &str)]; 4] = [
        &[("Origin", "https://evil.example")],
        &[("Origin", &server.origin())],
        &[
            ("Origin", "https://evil.example"),
            ("X-Tenderlint-Token", &token),
        ],
        &[
            ("Sec-Fetch-Site", "cross-site"),
            ("X-Tenderlint-Token", &token),
        ],
    ];
    for extra in cases {
        let mut headers = vec![("Host", host.as_str()), ("Content-Type", kind.as_str())];
        headers.extend_from_slice(extra);
        let reply = server.send("POST", "/api/check", &headers, &body);
        assert_eq!(reply.status, 403, "{extra:?}");
        assert_eq!(reply.code(), "forbidden");
    }
    let wrong = "0".repeat(64);
    let reply = server.post("/api/check", &wrong, &form);
    assert_eq!(reply.status, 403);
    // Quit is a POST like the others.
    let quit = server.send(
        "POST",
        "/api/quit",
        &[("Host", &host), ("Origin", "https://evil.example")],
        &[],
    );
    assert_eq!(quit.status, 403);
    // Only the embedded files: no path reaches the filesystem.
    for path in [
        "/Cargo.toml",
        "/../Cargo.toml",
        "/src/main.rs",
        "/%2e%2e/Cargo.toml",
        "/page/app.js",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.code(), "not-found");
    }
    assert_eq!(server.post("/api/check", &token, &form).status, 200);
}

#[test]
fn the_page_names_no_address_and_has_a_strict_policy() {
    let server = Server::start(&[]);
    for path in ["/", "/app.js", "/app.css"] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        let text = String::from_utf8(reply.body.clone()).expect("utf-8");
        assert!(!text.contains("http://"), "{path} names an http:// address");
        assert!(
            !text.contains("https://"),
            "{path} names an https:// address"
        );
        let policy = &reply.headers["content-security-policy"];
        assert!(policy.contains("default-src 'none'"), "{policy}");
        assert!(policy.contains("connect-src 'self'"), "{policy}");
        assert!(!policy.contains("unsafe"), "{policy}");
    }
    // The rules the page explains, and the profiles it offers in words.
    let rules = server.get("/api/rules").json();
    let labels: Vec<&str> = rules["profiles"]
        .as_array()
        .expect("profiles")
        .iter()
        .filter_map(|p| p["label"].as_str())
        .collect();
    assert!(labels.contains(&"I am writing a bid"), "{labels:?}");
    assert!(
        labels.contains(&"I am about to sign an agreement"),
        "{labels:?}"
    );
    assert!(rules["rules"].as_array().expect("rules").len() > 10);
    assert!(
        rules["rules"][0]["why"]
            .as_str()
            .is_some_and(|w| !w.is_empty())
    );
}

#[test]
fn limits_and_malformed_requests_answer_in_json() {
    let mut server = Server::start(&["--limit", "file-size-mb=1"]);
    let token = server.token();
    let big = Form::default().file("big.pdf", vec![b'%'; 3 << 20]);
    let reply = server.post("/api/check", &token, &big);
    assert_eq!(reply.status, 413);
    assert_eq!(reply.code(), "too-large");
    // Just over the file limit, under the body's: the file is refused by name.
    let over = Form::default().file("over.md", vec![b'a'; (1 << 20) + 10]);
    let reply = server.post("/api/check", &token, &over);
    assert_eq!(reply.status, 413);
    assert!(
        reply.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("over.md")
    );
    let host = server.host();
    let origin = server.origin();
    let headers = |kind: &'static str| {
        vec![
            ("Host", host.clone()),
            ("Origin", origin.clone()),
            ("X-Tenderlint-Token", token.clone()),
            ("Content-Type", kind.to_string()),
        ]
    };
    let send = |kind: &'static str, body: &[u8]| {
        let owned = headers(kind);
        let borrowed: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
        server.send("POST", "/api/check", &borrowed, body)
    };
    for (kind, body) in [
        ("text/plain", &b"hello"[..]),
        (
            "multipart/form-data; boundary=xx",
            &b"--xx\r\nContent-Disposition: form-da"[..],
        ),
        ("multipart/form-data", &b"no boundary"[..]),
    ] {
        let reply = send(kind, body);
        assert_eq!(reply.status, 400, "{kind}");
        assert_eq!(reply.code(), "bad-request");
    }
    let empty = server.post(
        "/api/check",
        &token,
        &Form::default().field("profile", "bid-writer"),
    );
    assert_eq!(empty.status, 400);
    let unknown = Form::default()
        .field("profile", "bid-writter")
        .fixture("fixtures/bids/family-support-bid.md");
    let reply = server.post("/api/check", &token, &unknown);
    assert_eq!(reply.status, 400);
    assert!(
        reply.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("bid-writer")
    );
    let reply = server.get("/api/check");
    assert_eq!(reply.status, 405);
    // The server goes on after all that, and Quit stops it.
    let form = Form::default().fixture("fixtures/bids/family-support-bid.md");
    assert_eq!(server.post("/api/check", &token, &form).status, 200);
    let quit = server.post("/api/quit", &token, &Form::default());
    assert_eq!(quit.status, 200);
    let status = server
        .wait_exit(Duration::from_secs(10))
        .expect("the server stops on Quit");
    assert!(status.success(), "{status:?}");
}

#[test]
fn reviewed_copies_and_the_word_report_download() {
    let server = Server::start(&[]);
    let token = server.token();
    let path = "fixtures/docx/pandoc/agreements/subcontract-with-disputes.docx";
    let expected = cli_entries();
    let findings = expected[path]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .len();
    assert!(findings > 0, "{path} has findings");
    let reply = server.post("/api/review", &token, &Form::default().fixture(path));
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert!(
        reply.headers["content-disposition"].contains("subcontract-with-disputes.reviewed.docx")
    );
    assert_eq!(reply.headers["x-tenderlint-comments"], findings.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(reply.body)).expect("a zip");
    let mut comments = String::new();
    archive
        .by_name("word/comments.xml")
        .expect("comments part")
        .read_to_string(&mut comments)
        .expect("comments text");
    assert_eq!(
        comments.matches("w:author=\"tenderlint\"").count(),
        findings
    );
    // Markdown has no comments of its own: a plain refusal.
    let md = server.post(
        "/api/review",
        &token,
        &Form::default().fixture("fixtures/agreements/subcontract-with-disputes.md"),
    );
    assert_eq!(md.status, 422);
    assert_eq!(md.code(), "cannot-review");
    // A file that is not what it says: its error, not a crash.
    let broken = server.post(
        "/api/review",
        &token,
        &Form::default().file("broken.docx", b"PK\x03\x04 not a zip".to_vec()),
    );
    assert_eq!(broken.status, 422);
    assert_eq!(broken.code(), "unreadable");
    let report = server.post(
        "/api/report",
        &token,
        &Form::default()
            .fixture(path)
            .fixture("fixtures/bids/family-support-bid.md"),
    );
    assert_eq!(report.status, 200);
    let archive = zip::ZipArchive::new(std::io::Cursor::new(report.body)).expect("a zip");
    assert!(archive.index_for_name("word/document.xml").is_some());
}

#[test]
fn fifty_uploads_at_once_all_answer_right_with_memory_bounded() {
    let server = Server::start(&[]);
    let token = server.token();
    let entries = cli_entries();
    let chosen: Vec<(String, Value)> = entries
        .into_iter()
        .filter(|(_, e)| e["pack"].is_null())
        .take(50)
        .collect();
    let chosen: Vec<(String, Value)> = chosen.iter().cycle().take(50).cloned().collect();
    let started = Instant::now();
    let port = server.port;
    let origin = server.origin();
    let handles: Vec<_> = chosen
        .into_iter()
        .map(|(path, expected)| {
            let (token, origin) = (token.clone(), origin.clone());
            std::thread::spawn(move || {
                let (kind, body) = Form::default().fixture(&path).encode();
                let host = format!("127.0.0.1:{port}");
                let reply = request(
                    port,
                    "POST",
                    "/api/check",
                    &[
                        ("Host", &host),
                        ("Origin", &origin),
                        ("X-Tenderlint-Token", &token),
                        ("Content-Type", &kind),
                    ],
                    &body,
                );
                assert_eq!(reply.ok(&path)["files"][0], expected, "{path}");
            })
        })
        .collect();
    let failed = handles
        .into_iter()
        .map(std::thread::JoinHandle::join)
        .filter(Result::is_err)
        .count();
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(
        failed, 0,
        "{failed} of 50 concurrent uploads answered wrong"
    );
    match server.peak_kib() {
        Some(peak) => {
            eprintln!(
                "50 concurrent uploads: all right in {seconds:.1} s; server peak memory {} MiB",
                peak / 1024
            );
            assert!(peak < 1024 * 1024, "peak memory {} MiB", peak / 1024);
        }
        None => eprintln!("50 concurrent uploads: all right in {seconds:.1} s (no /proc here)"),
    }
}

/// A document that panics or hangs (faults injected by name in debug builds) is that file's
/// error; the server answers it in time and goes on serving.
#[test]
#[cfg(debug_assertions)]
fn a_panic_or_a_hang_is_one_files_error_and_the_server_goes_on() {
    let server = Server::start_with(
        &["--limit", "seconds-per-document=5"],
        &[
            ("TENDERLINT_TEST_PANIC", "boom.md"),
            ("TENDERLINT_TEST_HANG", "hang.md"),
        ],
    );
    let token = server.token();
    let text = std::fs::read(root().join("fixtures/bids/family-support-bid.md")).expect("fixture");
    let form = Form::default()
        .file("boom.md", text.clone())
        .file("hang.md", text.clone())
        .file("fine.md", text.clone());
    let started = Instant::now();
    let files = server.post("/api/check", &token, &form).ok("faults")["files"].clone();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let code = |i: usize| {
        files[i]["errors"][0]["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(code(0), "internal-error", "{}", files[0]);
    assert_eq!(code(1), "limit-exceeded", "{}", files[1]);
    assert_eq!(files[2]["checked"], true, "{}", files[2]);
    // A copy of a document that panics: its error, in JSON.
    let review = server.post(
        "/api/review",
        &token,
        &Form::default().file("boom.md", text.clone()),
    );
    assert_eq!(review.status, 422);
    assert_eq!(review.code(), "unreadable");
    let again = server.post("/api/check", &token, &Form::default().file("fine.md", text));
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["files"][0]["checked"], true);
}
