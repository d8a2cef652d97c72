//! The GitHub Action's scripts, run as action.yml runs them (bash, the inputs in the
//! environment): `action/check.sh` hands paths and arguments with spaces to tenderlint whole,
//! and `action/install.sh` installs a release only when its checksum matches, from a local
//! server standing in for the GitHub release.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

use super::root;

/// Run one of the Action's scripts with `env`, in `dir`; `GITHUB_OUTPUT` and `GITHUB_PATH`
/// are files in `dir`.
fn script(name: &str, dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new("bash");
    command
        .arg(root().join("action").join(name))
        .current_dir(dir)
        .env("GITHUB_OUTPUT", dir.join("github-output"))
        .env("GITHUB_PATH", dir.join("github-path"))
        .env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run bash")
}

fn outputs(dir: &Path) -> String {
    fs::read_to_string(dir.join("github-output")).unwrap_or_default()
}

#[test]
fn paths_and_arguments_with_spaces_reach_tenderlint_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let drafts = dir.path().join("bid drafts");
    let agreements = dir.path().join("signed agreements");
    let settings = dir.path().join("team settings");
    for folder in [&drafts, &agreements, &settings] {
        fs::create_dir(folder).expect("mkdir");
    }
    fs::copy(
        root().join("fixtures/bids/youth-employment-bid.md"),
        drafts.join("our bid.md"),
    )
    .expect("copy");
    for entry in fs::read_dir(root().join("fixtures/agreements")).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            fs::copy(&path, agreements.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    // An argument with spaces: the configuration's path. It turns one rule off, so its effect
    // shows that tenderlint read it.
    fs::write(
        settings.join("tenderlint.toml"),
        "ignore = [\"missing-tupe-disclosure\"]\n",
    )
    .expect("write");
    let sarif = dir.path().join("out.sarif");
    let bin = env!("CARGO_BIN_EXE_tenderlint");
    let out = script(
        "check.sh",
        dir.path(),
        &[
            ("TENDERLINT", bin),
            // One per line; blank lines and surrounding spaces are dropped.
            ("PATHS", "  bid drafts/our bid.md  \n\nsigned agreements\n"),
            ("ARGS", "--config=team settings/tenderlint.toml\n"),
            ("ANNOTATIONS", "true"),
            ("SARIF", "true"),
            ("SARIF_FILE", sarif.to_str().expect("path")),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "the step succeeds: {stderr}");
    assert!(outputs(dir.path()).contains("status=1\n"), "{stderr}");
    assert!(
        stdout.contains("file=bid drafts/our bid.md,"),
        "annotations name the file with spaces: {stdout}"
    );
    assert!(stdout.contains("file=signed agreements/"), "{stdout}");
    let report = fs::read_to_string(&sarif).expect("SARIF written");
    assert!(report.contains("bid%20drafts/our%20bid.md"), "{report}");
    assert!(report.contains("signed%20agreements/"), "{report}");
    assert!(report.contains("unfunded-partner"));
    assert!(
        !report.contains("\"ruleId\": \"missing-tupe-disclosure\""),
        "the configuration given with spaces in its path was read"
    );

    // A path that does not exist is tenderlint's error (status 2, an annotation), not the
    // step's.
    let out = script(
        "check.sh",
        dir.path(),
        &[("TENDERLINT", bin), ("PATHS", "no such folder")],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(outputs(dir.path()).ends_with("status=2\n"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("::error file=no such folder,"));
}

/// Serve `files` (URL path → body) on 127.0.0.1 until the test ends; 404 for anything else.
fn serve(files: BTreeMap<String, Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("");
            let (status, body) = match files.get(path) {
                Some(body) => ("200 OK", body.clone()),
                None => ("404 Not Found", b"not found".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    address
}

/// A release archive as the release workflow makes it, holding a stand-in binary.
fn archive(dir: &Path, target: &str) -> Vec<u8> {
    let folder = dir.join(format!("tenderlint-{target}"));
    fs::create_dir_all(&folder).expect("mkdir");
    fs::write(
        folder.join("tenderlint"),
        "#!/bin/sh\necho \"tenderlint 9.9.9\"\n",
    )
    .expect("write");
    let status = Command::new("chmod")
        .args(["+x", folder.join("tenderlint").to_str().expect("path")])
        .status()
        .expect("chmod");
    assert!(status.success());
    let name = format!("tenderlint-{target}.tar.gz");
    let status = Command::new("tar")
        .args(["czf", &name, &format!("tenderlint-{target}")])
        .current_dir(dir)
        .status()
        .expect("tar");
    assert!(status.success());
    fs::read(dir.join(name)).expect("archive")
}

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .expect("hash")
        .to_string()
}

#[test]
fn the_action_installs_a_release_only_when_its_checksum_matches() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = "x86_64-unknown-linux-musl";
    let bytes = archive(dir.path(), target);
    let name = format!("tenderlint-{target}.tar.gz");
    let good = format!("{}  {name}\n", sha256(&dir.path().join(&name)));
    let bad = format!("{}  {name}\n", "0".repeat(64));
    let release = "/tenderlint/tenderlint/releases/download";
    let server = serve(BTreeMap::from([
        (format!("{release}/v9.9.9/{name}"), bytes.clone()),
        (format!("{release}/v9.9.9/SHA256SUMS"), good.into_bytes()),
        (format!("{release}/v9.9.8/{name}"), bytes),
        (format!("{release}/v9.9.8/SHA256SUMS"), bad.into_bytes()),
    ]));
    let install = |version: &str, home: &Path| {
        script(
            "install.sh",
            dir.path(),
            &[
                ("VERSION", version),
                ("ACTION_PATH", root().to_str().expect("path")),
                ("ACTION_REF", "main"),
                ("ACTION_REPOSITORY", "tenderlint/tenderlint"),
                ("SERVER_URL", &server),
                ("RUNNER_OS", "Linux"),
                ("RUNNER_ARCH", "X64"),
                ("TENDERLINT_HOME", home.to_str().expect("path")),
            ],
        )
    };

    let home = dir.path().join("home");
    let out = install("9.9.9", &home);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("tenderlint 9.9.9"));
    assert!(home.join("bin/tenderlint").exists());
    let path = fs::read_to_string(dir.path().join("github-path")).expect("GITHUB_PATH");
    assert_eq!(path.trim(), home.join("bin").to_str().expect("path"));
    // Cached: nothing is downloaded (the version below is not on the server).
    let out = install("v9.9.7", &home);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("cached"));

    // A checksum that does not match: the step fails and nothing is installed.
    let other = dir.path().join("other");
    let out = install("9.9.8", &other);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not match its checksum"));
    assert!(!other.join("bin/tenderlint").exists());
    // A version that was never released.
    let out = install("9.9.6", &other);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot download"));
    assert!(!other.join("bin/tenderlint").exists());
}

#[test]
fn the_actions_ref_decides_between_a_release_and_a_build_from_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let version = cargo_version();
    let resolve = |version_input: &str, reference: &str, os: &str, arch: &str| {
        let _ = fs::remove_file(dir.path().join("github-output"));
        let out = script(
            "install.sh",
            dir.path(),
            &[
                ("RESOLVE_ONLY", "1"),
                ("VERSION", version_input),
                ("ACTION_PATH", root().to_str().expect("path")),
                ("ACTION_REF", reference),
                ("RUNNER_OS", os),
                ("RUNNER_ARCH", arch),
            ],
        );
        (out.status.code(), outputs(dir.path()))
    };
    assert_eq!(
        resolve("", &format!("v{version}"), "Linux", "X64"),
        (
            Some(0),
            format!("version={version}\ntarget=x86_64-unknown-linux-musl\nmode=release\n")
        )
    );
    // A major tag is a release too; the version is the action's own.
    assert!(
        resolve("", "v0", "macOS", "ARM64")
            .1
            .contains("target=aarch64-apple-darwin\nmode=release")
    );
    // A pinned version wins over the ref.
    assert!(
        resolve("v1.2.3", "main", "Windows", "X64")
            .1
            .starts_with("version=1.2.3\ntarget=x86_64-pc-windows-msvc\nmode=release")
    );
    // A branch, a commit or a local `uses: ./` is not released: built from source.
    for reference in ["main", "3f2c1e0", ""] {
        assert!(
            resolve("", reference, "Linux", "ARM64")
                .1
                .ends_with("mode=source\n"),
            "{reference}"
        );
    }
    assert_eq!(resolve("latest", "main", "Linux", "X64").0, Some(1));
    assert_eq!(resolve("", "v0.1.0", "Linux", "RISCV64").0, Some(1));
}

/// The version every install path names: Cargo.toml's.
fn cargo_version() -> String {
    let cargo = fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("version")
        .to_string()
}

#[test]
fn the_readme_and_the_pre_commit_mirror_name_the_current_release() {
    let version = cargo_version();
    let readme = fs::read_to_string(root().join("README.md")).expect("README");
    let mirror = fs::read_to_string(root().join("packaging/pre-commit/pyproject.toml"))
        .expect("mirror pyproject");
    let hooks = fs::read_to_string(root().join("packaging/pre-commit/.pre-commit-hooks.yaml"))
        .expect("mirror hooks");
    let wheel = fs::read_to_string(root().join("pyproject.toml")).expect("pyproject");
    assert!(readme.contains(&format!(
        "repo: https://github.com/tenderlint/tenderlint-pre-commit\n    rev: v{version}\n"
    )));
    assert!(readme.contains(&format!("uses: tenderlint/tenderlint@v{version}\n")));
    assert!(readme.contains(&format!("pipx install tenderlint=={version}")));
    assert!(mirror.contains(&format!("version = \"{version}\"")));
    assert!(mirror.contains(&format!("dependencies = [\"tenderlint=={version}\"]")));
    assert!(hooks.contains("language: python") && hooks.contains("--force-exclude"));
    assert!(wheel.contains("bindings = \"bin\"") && wheel.contains("dynamic = [\"version\"]"));
}
