#!/usr/bin/env python3
"""Mutation sweep: broken copies of every fixture and corpus document, checked by the release
binary. Zero panics, zero hangs, every file accounted for.

    python3 tools/mutation-sweep.py [--variants 8] [--seed 7] [--per-file] [--keep DIR]

For each .md, .docx, .odt, .pdf and .doc under fixtures/ and ../shared/corpus/ it writes
variants to a temporary folder (deterministic for a seed): truncated (to 1 byte, 10%, 50%, 90%),
byte-flipped (1, 16 or 256 random bytes) and chunk-deleted (a random 1% or 10% slice). Then:

- batch (default): one `tenderlint check --format json` over the whole folder with
  `--limit seconds-per-document=10`, under an overall timeout; every variant must appear in
  the output exactly once;
- `--per-file`: one process per variant under `timeout 20` (slower; shows each file's time).

A panic is an `internal-error` code, "panicked" on standard error, or an exit status other
than 0, 1 or 2; a hang is a `seconds-per-document` limit error or a killed process. The script
prints counts per outcome and exits 1 if there was any panic, hang or missing file.
"""

import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "tenderlint")
EXTENSIONS = (".md", ".docx", ".odt", ".pdf", ".doc")


def sources():
    found = []
    for base in (os.path.join(ROOT, "fixtures"), os.path.join(ROOT, "..", "shared", "corpus")):
        for folder, _, files in os.walk(base):
            for name in files:
                if name.lower().endswith(EXTENSIONS):
                    found.append(os.path.join(folder, name))
    return sorted(found)


def mutations(data, rng, count):
    """`count` (label, bytes) variants of `data`, cycling through the kinds of damage."""
    n = len(data)
    kinds = [
        ("truncate-1", lambda: data[:1]),
        ("truncate-10", lambda: data[: n // 10]),
        ("truncate-50", lambda: data[: n // 2]),
        ("truncate-90", lambda: data[: n * 9 // 10]),
        ("flip-1", lambda: flip(data, rng, 1)),
        ("flip-16", lambda: flip(data, rng, 16)),
        ("flip-256", lambda: flip(data, rng, 256)),
        ("delete-1pc", lambda: delete(data, rng, max(1, n // 100))),
        ("delete-10pc", lambda: delete(data, rng, max(1, n // 10))),
    ]
    start = rng.randrange(len(kinds))
    for i in range(count):
        label, make = kinds[(start + i) % len(kinds)]
        yield label, make()


def flip(data, rng, times):
    out = bytearray(data)
    for _ in range(times if out else 0):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8) if rng.random() < 0.5 else rng.randrange(1, 256)
    return bytes(out)


def delete(data, rng, length):
    if len(data) <= length:
        return b""
    at = rng.randrange(len(data) - length)
    return data[:at] + data[at + length :]


def classify(file_report):
    errors = file_report.get("errors") or []
    if not errors:
        return "ok"
    code = errors[0]["code"]
    if code == "limit-exceeded" and "(seconds-per-document)" in errors[0]["message"]:
        return "HANG (deadline)"
    if code == "internal-error":
        return "PANIC (internal-error)"
    return code


def batch(folder, expected):
    started = time.time()
    try:
        run = subprocess.run(
            [BINARY, "check", "--isolated", "--format", "json", "--no-progress",
             "--limit", "seconds-per-document=10", folder],
            capture_output=True, timeout=3600,
        )
    except subprocess.TimeoutExpired:
        return None, "the whole run timed out", time.time() - started
    elapsed = time.time() - started
    problem = None
    if run.returncode not in (0, 1, 2):
        problem = f"exit status {run.returncode}"
    if b"panicked" in run.stderr:
        problem = "panicked on standard error"
    try:
        report = json.loads(run.stdout)
    except ValueError:
        return None, problem or "the output is not JSON", elapsed
    outcomes = {}
    for file_report in report["files"]:
        path = os.path.relpath(file_report["path"], folder)
        if path in outcomes:
            problem = f"{path} reported twice"
        outcomes[path] = classify(file_report)
    missing = sorted(set(expected) - set(outcomes))
    if missing:
        problem = f"{len(missing)} files missing from the output, e.g. {missing[:3]}"
    return outcomes, problem, elapsed


def one(folder, name):
    path = os.path.join(folder, name)
    started = time.time()
    try:
        run = subprocess.run(
            [BINARY, "check", "--isolated", "--format", "json", "--limit",
             "seconds-per-document=10", path],
            capture_output=True, timeout=20,
        )
    except subprocess.TimeoutExpired:
        return name, "HANG (killed after 20 s)", 20.0
    elapsed = time.time() - started
    if run.returncode not in (0, 1, 2) or b"panicked" in run.stderr:
        return name, f"PANIC (exit {run.returncode})", elapsed
    try:
        report = json.loads(run.stdout)
        return name, classify(report["files"][0]), elapsed
    except (ValueError, KeyError, IndexError):
        return name, "MISSING from the output", elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variants", type=int, default=8, help="variants per document (8)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-file", action="store_true", help="one process per variant")
    parser.add_argument("--keep", help="write the variants here and keep them")
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit(f"build the release binary first: cargo build --release ({BINARY})")

    rng = random.Random(args.seed)
    folder = args.keep or tempfile.mkdtemp(prefix="tenderlint-sweep-")
    os.makedirs(folder, exist_ok=True)
    names, kinds = [], collections.Counter()
    originals = sources()
    for index, source in enumerate(originals):
        data = open(source, "rb").read()
        base, ext = os.path.splitext(os.path.basename(source))
        for label, variant in mutations(data, rng, args.variants):
            name = f"{index:03d}-{base[:40]}.{label}{ext}"
            with open(os.path.join(folder, name), "wb") as out:
                out.write(variant)
            names.append(name)
            kinds[label] += 1
    print(f"{len(names)} variants of {len(originals)} documents in {folder}")

    if args.per_file:
        started = time.time()
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(lambda n: one(folder, n), names))
        outcomes = {name: outcome for name, outcome, _ in results}
        slowest = max(results, key=lambda r: r[2])
        problem = None
        elapsed = time.time() - started
        print(f"slowest file: {slowest[0]} {slowest[2]:.2f} s")
    else:
        outcomes, problem, elapsed = batch(folder, names)
        if outcomes is None:
            print(f"FAILED: {problem}; run again with --per-file to find the file")
            sys.exit(1)

    counts = collections.Counter(outcomes.values())
    print(f"checked in {elapsed:.1f} s ({'one process per file' if args.per_file else 'one run'})")
    print("outcome counts:")
    for outcome, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {count:6}  {outcome}")
    bad = {n: o for n, o in outcomes.items() if o.startswith(("PANIC", "HANG", "MISSING"))}
    panics = sum(1 for o in bad.values() if o.startswith("PANIC"))
    hangs = sum(1 for o in bad.values() if o.startswith("HANG"))
    print(f"panics: {panics}, hangs: {hangs}, accounted for: {len(outcomes)}/{len(names)}")
    for name, outcome in sorted(bad.items())[:20]:
        print(f"  {outcome}: {os.path.join(folder, name)}")
    if problem:
        print(f"FAILED: {problem}")
    if not args.keep and not bad and not problem:
        for name in names:
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)
    sys.exit(1 if bad or problem or len(outcomes) != len(names) else 0)


if __name__ == "__main__":
    main()
