#!/usr/bin/env bash
# Fuzz tenderlint's readers and loaders with cargo fuzz (libFuzzer, nightly Rust).
#
#   tools/fuzz.sh [SECONDS] [TARGET...]     # default: 1200 s (20 min) each, all seven targets
#
# Targets (fuzz/fuzz_targets/): markdown, docx, odt, sheet, pack, pdf, rules, config. Seeds are written to
# fuzz/corpus/TARGET from fixtures/ and ../shared/corpus/ (the corpus dir is not committed;
# libFuzzer grows it as it runs). A crash, timeout or out-of-memory input is saved and the
# run goes on; afterwards each is copied to fuzz/regressions/TARGET/ (delete any that turn out
# not to be a problem, as a timeout from a machine under load can be), which `cargo test` replays (tests/cli/robustness.rs). Needs
# `cargo install cargo-fuzz` and a nightly toolchain (`rustup toolchain install nightly`).
# Not part of CI: it runs for as long as you give it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-1200}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(markdown docx odt sheet pack pdf rules config)
shared=../shared/corpus

seed() {
  python3 - "$1" "$shared" <<'PY'
import os, sys, zipfile, glob, hashlib
target, shared = sys.argv[1], sys.argv[2]
out = f"fuzz/corpus/{target}"
os.makedirs(out, exist_ok=True)
def put(data):
    if data:
        open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb").write(data)
def files(*patterns):
    for p in patterns:
        yield from sorted(glob.glob(p, recursive=True))
def xml_parts(path, names):
    try:
        with zipfile.ZipFile(path) as z:
            have = {n.lower(): n for n in z.namelist()}
            return b"\0\0".join(z.read(have[n]) if n in have else b"" for n in names)
    except Exception:
        return b""
if target == "markdown":
    for f in files("fixtures/**/*.md", f"{shared}/**/*.md"):
        put(open(f, "rb").read()[:65536])
elif target == "docx":
    for f in files("fixtures/**/*.docx", f"{shared}/**/*.docx"):
        if os.path.getsize(f) < 200_000:
            put(open(f, "rb").read())
        put(xml_parts(f, ["word/document.xml", "word/styles.xml", "word/numbering.xml",
                          "word/footnotes.xml", "word/header1.xml"]))
elif target == "odt":
    for f in files("fixtures/**/*.odt", f"{shared}/**/*.odt"):
        put(open(f, "rb").read())
        put(xml_parts(f, ["content.xml", "styles.xml"]))
elif target == "sheet":
    for f in files("fixtures/**/*.xlsx", "fixtures/**/*.ods", f"{shared}/**/*.xlsx", f"{shared}/**/*.ods"):
        if os.path.getsize(f) < 200_000:
            put(open(f, "rb").read())
        put(xml_parts(f, ["xl/worksheets/sheet1.xml", "xl/sharedstrings.xml"]))
    for f in files("fixtures/**/*.csv"):
        put(open(f, "rb").read())
elif target == "pack":
    # A bid and its workbook, an agreement and its schedule: members joined by \0\0\0.
    mds = list(files("fixtures/**/*.md"))[:12]
    books = list(files("fixtures/**/*.xlsx", "fixtures/**/*.csv"))
    for i, f in enumerate(mds):
        parts = [open(f, "rb").read()[:32768], open(mds[(i + 1) % len(mds)], "rb").read()[:32768]]
        if books:
            parts.append(open(books[i % len(books)], "rb").read())
        put(b"\0\0\0".join(parts))
elif target == "pdf":
    for f in files("fixtures/**/*.pdf", f"{shared}/**/*.pdf"):
        if os.path.getsize(f) < 100_000:
            put(open(f, "rb").read())
elif target == "rules":
    for f in files("rules/**/*.toml", "tests/**/*.toml"):
        put(open(f, "rb").read())
elif target == "config":
    for f in files("profiles/*.toml", "tests/**/tenderlint.toml", "tests/**/.tenderlint.toml"):
        put(open(f, "rb").read())
    put(b'select = ["missing-tupe"]\nmin-severity = "warning"\n[rules.bid-candy]\nseverity = "info"\n[[overrides]]\nfiles = ["bids/**"]\nkind = "bid"\n')
print(f"{target}: {len(os.listdir(out))} seeds")
PY
}

# Build every target once (release, ASan, debug assertions), then run the binaries directly:
# `cargo fuzz run` rebuilds everything without sanitizers to replay each failing input.
(cd fuzz && cargo +nightly fuzz build -O) >fuzz/artifacts-build.log 2>&1 || {
  echo "cargo fuzz build failed; see fuzz/artifacts-build.log"; exit 1; }
bin=fuzz/target/x86_64-unknown-linux-gnu/release
status=0
for target in "${targets[@]}"; do
  seed "$target"
  mkdir -p "fuzz/artifacts/$target" "fuzz/regressions/$target"
  log="fuzz/artifacts/$target.log"
  started="fuzz/artifacts/$target.started"
  touch "$started"
  echo "fuzzing $target for ${seconds}s (log: $log)"
  # -timeout: an input taking over 10 s is a hang; -rss_limit_mb: over 2 GB is a memory bug.
  # Fork mode with -ignore_*: a crash is saved and the run goes on for the full time.
  if ! nice -n "${FUZZ_NICE:-0}" "$bin/$target" "fuzz/corpus/$target" \
      -artifact_prefix="fuzz/artifacts/$target/" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
      >"$log" 2>&1; then
    status=1
  fi
  # Only what this run found (earlier runs' artifacts stay where they are).
  found=0
  while IFS= read -r problem; do
    found=$((found + 1))
    cp "$problem" "fuzz/regressions/$target/"
  done < <(find "fuzz/artifacts/$target" -type f -newer "$started" \
             \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \))
  [ "$found" -gt 0 ] && status=1
  # The last status line: total executions, coverage, corpus size, problems so far.
  echo "  $target: $(grep -E '^#[0-9]+' "$log" | tail -1) | problem inputs: $found"
done
exit $status
