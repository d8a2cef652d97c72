#!/usr/bin/env python3
"""Text quality of tenderlint's PDF extraction, measured against poppler's pdftotext.

For every PDF under the given paths, run `tenderlint extract FILE` and `pdftotext -enc UTF-8 FILE -`, split both
texts into words, and compare them as multisets (bags of words): precision = shared words / tenderlint's words,
recall = shared words / pdftotext's words, F1 = their harmonic mean. Word order and layout do not count; missing,
extra, split, merged or garbled words do. See bench/README.md for the exact tokenising rules.

Files are scored only if pdftotext finds at least --min-words words in them (a "text-layer file") and tenderlint
reads them (exit 0). A file tenderlint refuses with exit 2 (encrypted, no text layer, broken) is listed as
"error: <first line of stderr>" and left out of the statistics.

Exit status: 0 when the targets hold (median F1 >= --min-median and every text-layer file >= --min-file), 1 when
they do not (or when tenderlint crashed, timed out, or refused a text-layer file, unless --allow-errors), 2 when
the benchmark itself could not run (missing tools, build failure, bad arguments).

Not part of `cargo test` or CI: it needs poppler-utils and the shared corpus next to the repository.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(SCRIPT_DIR)
DEFAULT_PATHS = [os.path.join(REPO_ROOT, "fixtures"), os.path.join(REPO_ROOT, "..", "shared", "corpus")]
DEFAULT_BIN = os.path.join(REPO_ROOT, "target", "release", "tenderlint")

# ---------------------------------------------------------------- tokenising

# A hyphen (ASCII, Unicode hyphen, soft hyphen) ending a line, page or table cell boundary is removed and the two
# halves joined, in both texts: pdftotext keeps "sustain-\nment" while tenderlint may already print "sustainment".
LINE_END_HYPHEN = re.compile(r"(\w)[-\u2010\u00ad][ \t]*[\n\r\f\v]\s*(\w)")
# Hyphens left inside a token are folded away before comparing ("well-known" == "wellknown"), so a compound
# hyphenated at a line end compares equal whether an extractor kept the hyphen or not. See README.
INNER_HYPHENS = str.maketrans("", "", "-\u2010\u00ad")
# Invisible characters some producers put inside words.
INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff")


def is_strippable(ch):
    """Punctuation and layout symbols that may sit at the edges of a word: every Unicode punctuation (P*), every
    symbol except currency (so "£210,000" keeps its £ while "|", "•" and "" bullets go), and control, format and
    private-use characters (Symbol/Wingdings bullets come out as private-use code points)."""
    cat = unicodedata.category(ch)
    return cat[0] == "P" or (cat[0] == "S" and cat != "Sc") or cat in ("Cc", "Cf", "Co", "Cn")


def tokens(text):
    """The words of an extracted text, in order (see module docstring and README for the rules)."""
    text = unicodedata.normalize("NFKC", text)  # ligatures (ﬁ -> fi), full-width forms, NBSP -> space
    text = LINE_END_HYPHEN.sub(r"\1\2", text)
    text = text.translate(INVISIBLE)
    out = []
    for raw in text.split():
        start, end = 0, len(raw)
        while start < end and is_strippable(raw[start]):
            start += 1
        while end > start and is_strippable(raw[end - 1]):
            end -= 1
        word = raw[start:end].translate(INNER_HYPHENS)
        if word:
            out.append(word)
    return out


def compare(ref_words, hyp_words):
    """Multiset precision, recall and F1 of hyp (tenderlint) against ref (pdftotext)."""
    ref, hyp = Counter(ref_words), Counter(hyp_words)
    shared = sum((ref & hyp).values())
    precision = shared / len(hyp_words) if hyp_words else 0.0
    recall = shared / len(ref_words) if ref_words else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return shared, precision, recall, f1, ref - hyp, hyp - ref


# ---------------------------------------------------------------- running the tools


def run(cmd, timeout):
    """(exit code or None on timeout, stdout text, stderr text)."""
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {timeout:g} s"
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return "(no message on stderr)"


def poppler_error(text):
    """pdftotext may print syntax warnings before the line that says why it gave up."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return next((line for line in lines if "rror" in line), lines[-1] if lines else "(no message on stderr)")


def die(message):
    """The benchmark itself cannot run: exit 2, as tenderlint does for a tool error."""
    print(f"pdf-quality: {message}", file=sys.stderr)
    sys.exit(2)


def page_count(path, timeout):
    code, out, _ = run(["pdfinfo", path], timeout)
    m = re.search(r"^Pages:\s+(\d+)", out, re.M) if code == 0 else None
    return int(m.group(1)) if m else None


def measure(path, args):
    """Everything known about one PDF, as a dict (also the --json record)."""
    path, name = path
    rec = {"file": name, "pages": page_count(path, args.timeout)}

    code, out, err = run(["pdftotext", "-enc", "UTF-8", path, "-"], args.timeout)
    ref = tokens(out) if code == 0 else []
    rec["pdftotext_words"] = len(ref)
    if code != 0:
        rec["pdftotext_error"] = poppler_error(err)
    rec["text_layer"] = len(ref) >= args.min_words

    code, out, err = run([args.bin, "extract", path], args.timeout)
    rec["tenderlint_exit"] = code
    if code == 0:
        hyp = tokens(out)
        rec["tenderlint_words"] = len(hyp)
    else:
        hyp = None
        rec["tenderlint_words"] = None
        if code is None:
            rec["status"] = "timeout"
            rec["error"] = first_line(err)
        elif code == 2:
            rec["status"] = "error"  # a clean refusal: encrypted, no text layer, broken
            rec["error"] = first_line(err)
        else:  # a panic (101), a signal (negative), or an exit code the CLI never documents
            rec["status"] = "crash"
            rec["error"] = f"exit {code}: {first_line(err)}"
        return rec

    if not rec["text_layer"]:
        rec["status"] = "no-text-layer"
        return rec
    shared, p, r, f1, missing, extra = compare(ref, hyp)
    rec.update(status="scored", shared_words=shared, precision=p, recall=r, f1=f1,
               most_missing=dict(missing.most_common(10)), most_extra=dict(extra.most_common(10)))
    return rec


def find_pdfs(paths, explicit):
    """[(path, display name)]: a file found under a directory is named from that directory's own name on
    ("corpus/robustness/x.pdf", "fixtures/pdf/y.pdf"), a file given directly as it was given."""
    seen, found = set(), []
    for root in paths:
        if os.path.isfile(root):
            candidates = [root]
        elif os.path.isdir(root):
            candidates = []
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames.sort()
                candidates += [os.path.join(dirpath, f) for f in sorted(filenames) if f.lower().endswith(".pdf")]
        else:
            if explicit:
                die(f"{root}: no such file or directory")
            print(f"pdf-quality: note: {os.path.normpath(root)} does not exist, skipped", file=sys.stderr)
            continue
        base = os.path.dirname(os.path.normpath(os.path.abspath(root)))
        for c in candidates:
            real = os.path.realpath(c)
            if real not in seen:
                seen.add(real)
                name = os.path.relpath(os.path.abspath(c), base) if c != root else root
                found.append((os.path.abspath(c), name))
    return found


def ensure_binary(args):
    """Build the default binary (cargo is a no-op when it is fresh, so results never come from a stale build)."""
    default = os.path.abspath(args.bin) == os.path.abspath(DEFAULT_BIN)
    if default and not args.no_build:
        if shutil.which("cargo") is None:
            die("cargo not found; install Rust (https://rustup.rs) or pass --bin/--no-build")
        print("pdf-quality: cargo build --release", file=sys.stderr)
        if subprocess.run(["cargo", "build", "--release"], cwd=REPO_ROOT, stdout=sys.stderr).returncode != 0:
            die("cargo build --release failed")
    if not os.path.isfile(args.bin) or not os.access(args.bin, os.X_OK):
        hint = " (drop --no-build to build it)" if default else ""
        die(f"{args.bin}: not an executable file{hint}")


# ---------------------------------------------------------------- report


def fmt_num(x, spec):
    return "-" if x is None else format(x, spec)


def print_table(records, out):
    """Scored files first, worst F1 first; then the files left out, with the reason in the score columns."""
    headers = ["file", "pages", "words pdftotext", "words tenderlint", "precision", "recall", "F1"]
    rows, notes = [], []
    for r in records:
        cells = [r["file"], fmt_num(r["pages"], "d"), str(r["pdftotext_words"]), fmt_num(r["tenderlint_words"], "d")]
        if r["status"] == "scored":
            rows.append(cells + [f"{r['precision']:.4f}", f"{r['recall']:.4f}", f"{r['f1']:.4f}"])
            continue
        note = {"no-text-layer": f"not scored: fewer than {ARGS.min_words} words in pdftotext",
                "error": f"error: {r.get('error', '')}",
                "timeout": f"timeout: {r.get('error', '')}",
                "crash": f"crash: {r.get('error', '')}"}[r["status"]]
        if r.get("pdftotext_error"):
            note += f" (pdftotext: {r['pdftotext_error']})"
        notes.append(cells + [note])
    widths = [max([len(h)] + [len(row[i]) for row in rows + (notes if i < 4 else [])])
              for i, h in enumerate(headers)]

    def line(cells):
        parts = [cells[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(cells[1:4], widths[1:4])]
        if len(cells) == 5:  # a note spans the three score columns
            parts.append(cells[4])
        else:
            parts += [c.rjust(w) for c, w in zip(cells[4:], widths[4:])]
        return "  ".join(parts).rstrip()

    print(line(headers), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in rows + notes:
        print(line(row), file=out)


def summarise(records, args):
    scored = [r for r in records if r["status"] == "scored"]
    f1s = [r["f1"] for r in scored]
    failures = [r for r in records if r["status"] in ("crash", "timeout")
                or (r["status"] == "error" and r["text_layer"])]
    summary = {
        "files": len(records),
        "scored": len(scored),
        "not_scored": {s: sum(r["status"] == s for r in records) for s in ("no-text-layer", "error", "timeout", "crash")},
        "f1_mean": statistics.fmean(f1s) if f1s else None,
        "f1_median": statistics.median(f1s) if f1s else None,
        "f1_min": min(f1s) if f1s else None,
        "f1_min_file": min(scored, key=lambda r: r["f1"])["file"] if scored else None,
    }
    ref_total = sum(r["pdftotext_words"] for r in scored)
    hyp_total = sum(r["tenderlint_words"] for r in scored)
    shared_total = sum(r["shared_words"] for r in scored)
    if ref_total and hyp_total:  # all words pooled, so big files weigh more: a second view, not a target
        p, rc = shared_total / hyp_total, shared_total / ref_total
        summary["pooled"] = {"precision": p, "recall": rc, "f1": 2 * p * rc / (p + rc) if p + rc else 0.0}

    problems = []
    if not scored:
        problems.append("no text-layer file was scored")
    else:
        if summary["f1_median"] < args.min_median:
            problems.append(f"median F1 {summary['f1_median']:.4f} < {args.min_median}")
        low = [r for r in scored if r["f1"] < args.min_file]
        if low:
            problems.append(f"{len(low)} text-layer file(s) with F1 < {args.min_file}: "
                            + ", ".join(r["file"] for r in low))
    if failures and not args.allow_errors:
        problems.append(f"{len(failures)} file(s) tenderlint crashed on, timed out on, or refused although "
                        f"pdftotext reads them: " + ", ".join(r["file"] for r in failures))
    summary["thresholds"] = {"min_median": args.min_median, "min_file": args.min_file, "min_words": args.min_words}
    summary["problems"] = problems
    summary["pass"] = not problems
    return summary


def print_report(records, summary, tools, args, out=sys.stdout):
    print(f"tenderlint PDF extraction vs pdftotext: {summary['files']} PDF(s), {summary['scored']} scored "
          f"(text layer: pdftotext finds >= {args.min_words} words)", file=out)
    print(f"{tools['tenderlint']} (repository at {tools['repository']}); {tools['pdftotext']}\n", file=out)
    print_table(records, out)
    print(file=out)
    if summary["scored"]:
        print(f"F1 over {summary['scored']} text-layer file(s): mean {summary['f1_mean']:.4f}, "
              f"median {summary['f1_median']:.4f}, min {summary['f1_min']:.4f} ({summary['f1_min_file']})", file=out)
        if "pooled" in summary:
            pl = summary["pooled"]
            print(f"all words pooled: precision {pl['precision']:.4f}, recall {pl['recall']:.4f}, "
                  f"F1 {pl['f1']:.4f}", file=out)
    ns = {k: v for k, v in summary["not_scored"].items() if v}
    if ns:
        print("not scored: " + ", ".join(f"{v} {k}" for k, v in ns.items()), file=out)

    below = [r for r in records if r["status"] == "scored" and r["f1"] < args.detail_below]
    if below:
        print(f"\nfiles below F1 {args.detail_below}: the words pdftotext has more often than tenderlint (missing) "
              f"and the reverse (extra), xN = by how many", file=out)
        for r in below:
            print(f"\n{r['file']}  F1 {r['f1']:.4f}", file=out)
            print("  most missing: " + (", ".join(f"{w!r} x{n}" for w, n in r["most_missing"].items()) or "-"), file=out)
            print("  most extra:   " + (", ".join(f"{w!r} x{n}" for w, n in r["most_extra"].items()) or "-"), file=out)

    print(file=out)
    targets = f"targets: median F1 >= {args.min_median}, every text-layer file >= {args.min_file}"
    if summary["pass"]:
        print(f"PASS ({targets})", file=out)
    else:
        print(f"FAIL ({targets})", file=out)
        for p in summary["problems"]:
            print(f"  - {p}", file=out)


def tool_versions(args):
    def version(cmd):
        code, out, err = run(cmd, 30)
        return first_line(out or err) if code == 0 else None

    commit = version(["git", "-C", REPO_ROOT, "rev-parse", "--short", "HEAD"])
    code, out, _ = run(["git", "-C", REPO_ROOT, "status", "--porcelain", "--untracked-files=no"], 30)
    if commit and code == 0 and out.strip():
        commit += " + uncommitted changes"
    return {"tenderlint": version([args.bin, "--version"]), "repository": commit,
            "pdftotext": version(["pdftotext", "-v"]), "python": sys.version.split()[0]}


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="pdf-quality.py",
        description="Word-level precision/recall/F1 of `tenderlint extract` against `pdftotext` for every PDF "
                    "under PATHS. Prints a table sorted by F1 (worst first), a summary, and for files below "
                    "--detail-below the words that went missing or appeared. Exit 0: targets met, 1: not met, "
                    "2: the benchmark could not run.",
        epilog="Needs python3 (stdlib only), poppler-utils (pdftotext, pdfinfo) and, unless --bin or --no-build "
               "is given, cargo. Example: python3 bench/pdf-quality.py --bin /tmp/fake-tenderlint fixtures")
    ap.add_argument("paths", nargs="*", metavar="PATH",
                    help="PDF files or directories searched recursively for *.pdf (default: <repo>/fixtures and "
                         "<repo>/../shared/corpus)")
    ap.add_argument("--bin", default=DEFAULT_BIN,
                    help="the tenderlint binary (default: <repo>/target/release/tenderlint, built with "
                         "`cargo build --release` first unless --no-build)")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo build; use --bin as it is")
    ap.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    ap.add_argument("--min-median", type=float, default=0.98, metavar="F1",
                    help="fail if the median F1 of text-layer files is below this (default: 0.98)")
    ap.add_argument("--min-file", type=float, default=0.90, metavar="F1",
                    help="fail if any text-layer file's F1 is below this (default: 0.90)")
    ap.add_argument("--min-words", type=int, default=20, metavar="N",
                    help="a file is a text-layer file (scored) if pdftotext finds at least N words (default: 20)")
    ap.add_argument("--detail-below", type=float, default=0.98, metavar="F1",
                    help="list the 10 most missing and most extra words for files below this F1 (default: 0.98)")
    ap.add_argument("--allow-errors", action="store_true",
                    help="do not fail when tenderlint crashes, times out, or refuses (exit 2) a file that "
                         "pdftotext reads; such files are still listed and left out of the statistics")
    ap.add_argument("--timeout", type=float, default=120, metavar="SECONDS",
                    help="per command and file (default: 120)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="files measured in parallel (default: number of CPUs)")
    args = ap.parse_args(argv)
    args.explicit_paths = bool(args.paths)
    args.paths = args.paths or DEFAULT_PATHS
    args.bin = os.path.abspath(args.bin)
    return args


ARGS = None


def main(argv=None):
    global ARGS
    ARGS = args = parse_args(argv)
    for tool in ("pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            die(f"{tool} not found; install it with: apt-get install -y poppler-utils")
    ensure_binary(args)
    pdfs = find_pdfs(args.paths, args.explicit_paths)
    if not pdfs:
        die("no PDF files found under: " + " ".join(args.paths))
    print(f"pdf-quality: measuring {len(pdfs)} PDF(s) with {args.bin}", file=sys.stderr)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        records = list(pool.map(lambda p: measure(p, args), pdfs))

    order = {"scored": 0, "crash": 1, "timeout": 2, "error": 3, "no-text-layer": 4}
    records.sort(key=lambda r: (order[r["status"]], r.get("f1", 0.0), r["file"]))
    summary = summarise(records, args)
    tools = tool_versions(args)
    if args.json:
        json.dump({"tools": tools, "summary": summary, "files": records}, sys.stdout,
                  indent=2, ensure_ascii=False)
        print()
    else:
        print_report(records, summary, tools, args)
    return 0 if summary["pass"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `| head` closed the pipe: not an error
        sys.stderr.close()
        sys.exit(0)
