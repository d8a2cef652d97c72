#!/usr/bin/env python3
"""The benchmark suite: tenderlint against the tools a user would use instead, in one run.

    python3 bench/suite.py [--runs 5] [--only md,pdf,docx,startup,scale] [--no-build] [--json FILE]
                           [--compare OTHER_BINARY]

Corpus: ../shared/bench/gen_corpus.py --n 1000 --seed 20240601 (1,000 Markdown bids, 24.24 MB;
every 5th as DOCX and PDF; a 301-page tender as MD/DOCX/PDF), generated once into
target/bench-1000/. Peers on the same files: ripgrep with the 32 patterns of
../shared/bench/peers/rg-patterns.txt (the scanning floor), textlint with the equivalent custom
rule (installed with npm into target/bench-peers/), pdftotext on the tender PDF, pandoc -t plain
on the DOCX subset. The scale group checks a 10x corpus (--n 10000 --md-only, generated once
into target/bench-10000/) against the Markdown part of the first. Each group of commands is timed in one hyperfine run, so that ratios hold
on a noisy machine; peak RSS comes from GNU time. Prints a table of wall time, CPU time, peak
RSS and MB/s with tenderlint's ratio to each peer, then each target PASS or FAIL.
Exit 0 when every target holds, 1 when one fails, 2 when the benchmark could not run.

--compare BIN times another tenderlint binary (say, a build of the previous commit) beside this
one in every group, in the same hyperfine run, and prints this build's wall time as a ratio of
the other's: how a change is shown to be within noise.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
CORPUS = os.path.join(ROOT, "target", "bench-1000")
PEERS = os.path.join(ROOT, "target", "bench-peers")
BIN = os.path.join(ROOT, "target", "release", "tenderlint")
GEN = ["--n", "1000", "--seed", "20240601"]
CORPUS_10K = os.path.join(ROOT, "target", "bench-10000")
GEN_10K = ["--n", "10000", "--seed", "20240601", "--md-only"]


def die(message):
    print(f"suite: {message}", file=sys.stderr)
    sys.exit(2)


def need(tool, install):
    if not shutil.which(tool):
        die(f"{tool} not found; install it: {install}")


def size_mb(paths):
    total = 0
    for path in paths:
        if os.path.isdir(path):
            for folder, _, files in os.walk(path):
                total += sum(os.path.getsize(os.path.join(folder, f)) for f in files)
        else:
            total += os.path.getsize(path)
    return total / 1e6


def generate(corpus, gen_args, note):
    """Generate a corpus with ../shared/bench/gen_corpus.py unless it is there already."""
    params = os.path.join(corpus, ".bench-params")
    if os.path.exists(params) and open(params).read().split() == gen_args:
        return
    print(f"suite: generating {os.path.relpath(corpus, ROOT)} ({note})", file=sys.stderr)
    shutil.rmtree(corpus, ignore_errors=True)
    gen = os.path.join(SHARED, "bench", "gen_corpus.py")
    subprocess.run([sys.executable, gen, "--out", corpus, *gen_args], check=True,
                   stdout=subprocess.DEVNULL)
    open(params, "w").write(" ".join(gen_args))


def prepare(args):
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    need("hyperfine", "apt-get install hyperfine")
    need("rg", "apt-get install ripgrep")
    need("pdftotext", "apt-get install poppler-utils")
    need("pandoc", "apt-get install pandoc")
    need("npm", "apt-get install npm")
    params = os.path.join(CORPUS, ".bench-params")
    if not (os.path.exists(params) and open(params).read().split() == GEN):
        need("soffice", "apt-get install libreoffice-writer-nogui")
    generate(CORPUS, GEN, "pandoc and LibreOffice; minutes")
    if "scale" in args.only.split(","):
        generate(CORPUS_10K, GEN_10K, "Markdown only, 228 MB; a minute")
    textlint = os.path.join(PEERS, "node_modules", ".bin", "textlint")
    if not os.path.exists(textlint):
        os.makedirs(PEERS, exist_ok=True)
        print("suite: installing textlint with npm into target/bench-peers", file=sys.stderr)
        subprocess.run(["npm", "install", "--prefix", PEERS, "--no-audit", "--no-fund", "textlint@15"],
                       check=True, stdout=subprocess.DEVNULL)
    return textlint


def peak_rss_mb(command):
    """Peak resident memory of one run, from GNU time."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", command + " >/dev/null 2>&1"],
                         capture_output=True, text=True)
    try:
        return int(out.stderr.strip().splitlines()[-1]) / 1024
    except (ValueError, IndexError):
        return float("nan")


def hyperfine(commands, runs, warmup):
    """Time `commands` (name -> shell command) in one hyperfine run; name -> result."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        argv = ["hyperfine", "--ignore-failure", "--style", "basic", "--runs", str(runs),
                "--warmup", str(warmup), "--export-json", out.name]
        for name, command in commands.items():
            argv += ["--command-name", name, command]
        subprocess.run(argv, check=True, stdout=sys.stderr)
        data = json.load(open(out.name))
    return {r["command"]: r for r in data["results"]}


def check_works(name, command, codes=(0, 1)):
    code = subprocess.run(["sh", "-c", command + " >/dev/null 2>&1"]).returncode
    if code not in codes:
        die(f"{name}: `{command}` exited {code}; nothing to time")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--only", default="md,pdf,docx,startup,scale")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--compare", metavar="BIN",
                        help="also time this tenderlint binary in each group, and print the ratio")
    args = parser.parse_args()
    textlint = prepare(args)
    groups = args.only.split(",")
    tl = f"{BIN} check --isolated --format json"
    md, docx, pdf = (os.path.join(CORPUS, d) for d in ("md", "docx", "pdf"))
    big_pdf = os.path.join(CORPUS, "big", "big_tender.pdf")
    patterns = os.path.join(SHARED, "bench", "peers", "rg-patterns.txt")
    tl_rules = os.path.join(SHARED, "bench", "peers", "textlint")
    plan = {
        "md": (size_mb([md]), {
            "tenderlint -j1": f"{tl} -j1 {md}",
            "tenderlint -j2": f"{tl} -j2 {md}",
            "rg -j1": f"rg -j1 --no-heading -n -o -f {patterns} {md}",
            "rg -j2": f"rg -j2 --no-heading -n -o -f {patterns} {md}",
            "textlint": f"{textlint} --rulesdir {tl_rules}/rules -c {tl_rules}/textlintrc.custom.json -f compact {md}",
        }),
        "pdf": (size_mb([big_pdf]), {
            # As a user runs it (a spare CPU compiles patterns ahead), and on one CPU alone.
            "tenderlint check": f"{tl} {big_pdf}",
            "tenderlint check -j1": f"{tl} -j1 {big_pdf}",
            "tenderlint extract": f"{BIN} extract {big_pdf}",
            "pdftotext": f"pdftotext -enc UTF-8 {big_pdf} -",
        }),
        "docx": (size_mb([docx]), {
            "tenderlint -j1": f"{tl} -j1 {docx}",
            "tenderlint -j2": f"{tl} -j2 {docx}",
            "pandoc -t plain": f"sh -c 'for f in {docx}/*.docx; do pandoc -t plain \"$f\"; done'",
        }),
        "startup": (size_mb([os.path.join(ROOT, "fixtures/bids/family-support-bid.md")]), {
            "tenderlint one small file": f"{tl} {ROOT}/fixtures/bids/family-support-bid.md",
        }),
    }
    md_10k = os.path.join(CORPUS_10K, "md")
    if "scale" in groups:
        # Per command, so that MB/s is each corpus's own.
        plan["scale"] = (None, {
            "tenderlint 1,000 bids": (size_mb([md]), f"{tl} {md}"),
            "tenderlint 10,000 bids": (size_mb([md_10k]), f"{tl} {md_10k}"),
        })
    if args.compare:
        other = os.path.abspath(args.compare)
        if not os.access(other, os.X_OK):
            die(f"--compare {args.compare}: not an executable")
        for group, (megabytes, commands) in plan.items():
            for name, command in list(commands.items()):
                if name.startswith("tenderlint"):
                    if megabytes is None:
                        mb, command = command
                        commands[f"{name} (compare)"] = (mb, command.replace(BIN, other))
                    else:
                        commands[f"{name} (compare)"] = command.replace(BIN, other)
    results = {}
    for group in groups:
        if group not in plan:
            die(f"no group {group!r}; groups: {', '.join(plan)}")
        megabytes, commands = plan[group]
        sizes = {name: megabytes for name in commands}
        if megabytes is None:
            sizes = {name: mb for name, (mb, _) in commands.items()}
            commands = {name: command for name, (_, command) in commands.items()}
        for name, command in commands.items():
            check_works(name, command)
        # textlint takes ~20 s a run, the 10x corpus ~20 s: fewer runs keep the suite short.
        runs = {"md": min(args.runs, 3), "scale": min(args.runs, 2)}.get(group, args.runs)
        timed = hyperfine(commands, runs, 0 if group == "scale" else args.warmup)
        for name, command in commands.items():
            r = timed[name]
            results[(group, name)] = {
                "wall": r["mean"], "stddev": r["stddev"], "cpu": r["user"] + r["system"],
                "rss": peak_rss_mb(command), "mb": sizes[name],
            }

    print("\n| corpus | command | wall (s) | CPU (s) | peak RSS (MB) | MB/s |")
    print("|---|---|---:|---:|---:|---:|")
    for (group, name), r in results.items():
        print(f"| {group} | {name} | {r['wall']:.3f} ± {r['stddev']:.3f} | {r['cpu']:.3f} | "
              f"{r['rss']:.0f} | {r['mb'] / r['wall']:.1f} |")

    def wall(group, name):
        return results.get((group, name), {}).get("wall")

    if args.compare:
        print(f"\n| corpus | command | this build / {os.path.basename(args.compare)} (wall) |")
        print("|---|---|---:|")
        for (group, name), r in results.items():
            other = results.get((group, f"{name} (compare)"))
            if other:
                print(f"| {group} | {name} | {r['wall'] / other['wall']:.3f} |")

    targets = []

    def target(label, value, holds, detail):
        if value is not None:
            targets.append((label, holds, detail))

    md1, rg1, txt = wall("md", "tenderlint -j1"), wall("md", "rg -j1"), wall("md", "textlint")
    if md1 and rg1:
        target("Markdown, 1 thread: within 4x of ripgrep", md1, md1 <= 4 * rg1, f"{md1 / rg1:.1f}x ripgrep's time")
    if md1 and txt:
        target("Markdown: at least 50x faster than textlint", md1, txt / md1 >= 50, f"{txt / md1:.1f}x faster")
    md2 = wall("md", "tenderlint -j2")
    if md1 and md2:
        target("2 threads at least 1.7x faster than 1", md2, md1 / md2 >= 1.7, f"{md1 / md2:.2f}x")
    pc, pt = wall("pdf", "tenderlint check"), wall("pdf", "pdftotext")
    if pc and pt:
        one = wall("pdf", "tenderlint check -j1")
        detail = f"{pc / pt:.2f}x pdftotext's time" + (f" ({one / pt:.2f}x on one CPU)" if one else "")
        target("PDF: check no slower than pdftotext extracting", pc, pc <= pt, detail)
    dx, pd = wall("docx", "tenderlint -j1"), wall("docx", "pandoc -t plain")
    if dx and pd:
        target("DOCX: at least 5x faster than pandoc", dx, pd / dx >= 5, f"{pd / dx:.1f}x faster")
    small, large = (results.get(("scale", n)) for n in ("tenderlint 1,000 bids", "tenderlint 10,000 bids"))
    if small and large:
        per_mb = (large["wall"] / large["mb"]) / (small["wall"] / small["mb"])
        target("Linear: 10x the corpus, at most 1.1x the time per MB", per_mb, per_mb <= 1.1,
               f"{large['mb'] / small['mb']:.1f}x the MB in {large['wall'] / small['wall']:.1f}x the time")
        growth = large["rss"] / small["rss"]
        target("Memory: 10x the corpus, at most 1.25x the peak RSS", growth, growth <= 1.25,
               f"{small['rss']:.0f} -> {large['rss']:.0f} MB")
    st = wall("startup", "tenderlint one small file")
    if st:
        target("Start-up: one small file under 20 ms", st, st < 0.020, f"{st * 1000:.0f} ms")
    print("\n| target | result | measured |")
    print("|---|---|---|")
    for label, holds, detail in targets:
        print(f"| {label} | {'PASS' if holds else 'FAIL'} | {detail} |")
    if args.json:
        json.dump({f"{g}/{n}": r for (g, n), r in results.items()}, open(args.json, "w"), indent=1)
    sys.exit(0 if all(h for _, h, _ in targets) else 1)


if __name__ == "__main__":
    main()
