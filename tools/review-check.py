#!/usr/bin/env python3
"""Check `tenderlint review` on Word, OpenDocument and PDF files, as issue 20 asks.

For each file: the input's bytes are unchanged; the copy has one tenderlint comment or
annotation per finding `check --format json` gives; the copy's text (as tenderlint extracts it,
and for PDFs as poppler's pdftotext reads it) is the original's; `check` on the copy gives the
same findings; and the copy opens in another program (LibreOffice headless for DOCX and ODT,
converted to PDF; poppler's pdftotext and pdftoppm for PDF, since LibreOffice here cannot open
PDFs).

Comments are counted with the standard library's zip and XML readers (DOCX: `w:comment` by
author tenderlint in the comments part; ODT: `office:annotation` by creator tenderlint), and
PDF annotations by parsing the objects of the appended update.

    tools/review-check.py target/release/tenderlint FILE_OR_FOLDER... [--render OUTDIR] [-v]

With --render, the first reviewed DOCX and the first reviewed PDF are drawn to PNG in OUTDIR
(DOCX through LibreOffice to PDF, then pdftoppm) for a person to look at.
Exit 0 when every file passes.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
EXTENSIONS = (".docx", ".docm", ".odt", ".pdf")


def run(args, **kw):
    return subprocess.run(args, capture_output=True, **kw)


def findings(binary, path):
    out = run([binary, "check", "--isolated", "--format", "json", path])
    data = json.loads(out.stdout or b"{}")
    files = data.get("files", [])
    if not files:
        return None
    return [(d["rule"], d["span"]["offset"], d["span"]["length"]) for d in files[0]["diagnostics"]]


def text(binary, path):
    return run([binary, "extract", path]).stdout


def comments(path, original=None):
    lower = path.lower()
    if lower.endswith((".docx", ".docm")):
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.lower().endswith("comments.xml") and "/" in n]
            names = [n for n in names if re.search(r"(^|/)comments\.xml$", n)]
            count = 0
            for name in names:
                root = ET.fromstring(z.read(name))
                count += sum(1 for c in root.iter(W + "comment") if c.get(W + "author") == "tenderlint")
            return count
    if lower.endswith(".odt"):
        with zipfile.ZipFile(path) as z:
            root = ET.fromstring(z.read("content.xml"))
        count = 0
        for a in root.iter(OFFICE + "annotation"):
            creator = a.find(DC + "creator")
            if creator is not None and creator.text == "tenderlint":
                count += 1
        return count
    data = open(path, "rb").read()
    if b"%written by tenderlint" not in data[-4096:]:
        return 0
    update = data[os.path.getsize(original):] if original else data
    # Every object of the update, and the annotations among them.
    objects = re.findall(rb"\n(\d+) (\d+) obj\n(.*?)\nendobj", update, re.S)
    return sum(
        1 for _, _, body in objects
        if re.search(rb"/Subtype /(Highlight|Text)\b", body) and b"/Type /Annot" in body
    )


def soffice(workdir):
    """soffice with a profile of its own, so that another LibreOffice running does not take the
    conversion (and fail it)."""
    profile = "file://" + os.path.abspath(os.path.join(workdir, "lo-profile"))
    return ["soffice", f"-env:UserInstallation={profile}", "--headless"]


def opens(copies, workdir):
    """Which copies another program opens without error."""
    bad = {}
    office = [c for c in copies if c.lower().endswith((".docx", ".docm", ".odt"))]
    pdfs = [c for c in copies if c.lower().endswith(".pdf")]
    if office:
        if not shutil.which("soffice"):
            for c in office:
                bad[c] = "soffice not installed"
        else:
            out = os.path.join(workdir, "lo")
            os.makedirs(out, exist_ok=True)
            # One call per file: a file LibreOffice cannot load is named, not hidden in a batch.
            for c in office:
                target = os.path.join(out, os.path.splitext(os.path.basename(c))[0] + ".pdf")
                if os.path.exists(target):
                    os.remove(target)
                r = run(soffice(workdir) + ["--convert-to", "pdf", "--outdir", out, c], timeout=300)
                if not os.path.exists(target) or os.path.getsize(target) == 0:
                    bad[c] = "LibreOffice could not convert it: " + (r.stderr or r.stdout).decode(errors="replace")[-300:]
    for c in pdfs:
        if not shutil.which("pdftotext"):
            bad[c] = "pdftotext not installed"
            continue
        r = run(["pdftotext", c, "-"])
        if r.returncode != 0:
            bad[c] = "pdftotext failed: " + r.stderr.decode(errors="replace")[-300:]
    return bad


def render(copy, outdir, name, workdir):
    os.makedirs(outdir, exist_ok=True)
    pdf = copy
    if not copy.lower().endswith(".pdf"):
        options = 'pdf:writer_pdf_Export:{"ExportNotesInMargin":{"type":"boolean","value":"true"}}'
        run(soffice(workdir) + ["--convert-to", options, "--outdir", outdir, copy], timeout=300)
        pdf = os.path.join(outdir, os.path.splitext(os.path.basename(copy))[0] + ".pdf")
    run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", pdf, os.path.join(outdir, name)])


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    render_dir = None
    if "--render" in args:
        i = args.index("--render")
        render_dir = args[i + 1]
        del args[i:i + 2]
    binary, targets = args[0], args[1:]
    files = []
    for t in targets:
        if os.path.isdir(t):
            for root, _, names in os.walk(t):
                files += [os.path.join(root, n) for n in names if n.lower().endswith(EXTENSIONS)]
        else:
            files.append(t)
    files.sort()
    work = tempfile.mkdtemp(prefix="review-check-")
    failures = []
    copies = {}
    skipped = 0
    total_comments = 0
    for n, path in enumerate(files):
        before = hashlib.sha256(open(path, "rb").read()).hexdigest()
        copy = os.path.join(work, f"{n}{os.path.splitext(path)[1].lower()}")
        r = run([binary, "review", "--isolated", path, "-o", copy])
        after = hashlib.sha256(open(path, "rb").read()).hexdigest()
        problems = []
        if before != after:
            problems.append("the input changed")
        if r.returncode not in (0, 1):
            message = r.stderr.decode(errors="replace").strip().splitlines()
            if os.path.exists(copy):
                problems.append(f"exit {r.returncode} but a copy was written")
            # A file tenderlint cannot read is reported, not reviewed: that is not a failure here.
            skipped += 1
            if verbose:
                print(f"skip {path}: {message[-1] if message else r.returncode}")
            if problems:
                failures.append((path, problems))
            continue
        expected = findings(binary, path)
        got = comments(copy, path)
        total_comments += got
        if expected is None or got != len(expected):
            problems.append(f"{got} comments for {None if expected is None else len(expected)} findings")
        if text(binary, copy) != text(binary, path):
            problems.append("tenderlint extracts different text from the copy")
        if path.lower().endswith(".pdf") and shutil.which("pdftotext"):
            if run(["pdftotext", copy, "-"]).stdout != run(["pdftotext", path, "-"]).stdout:
                problems.append("pdftotext reads different text from the copy")
        if findings(binary, copy) != expected:
            problems.append("check gives different findings on the copy")
        copies[copy] = path
        if problems:
            failures.append((path, problems))
        elif verbose:
            print(f"ok   {path}: {got} comments")
    for copy, why in opens(list(copies), work).items():
        failures.append((copies[copy], [why]))
    if render_dir:
        for ext, name in ((".docx", "reviewed-docx"), (".pdf", "reviewed-pdf")):
            first = next((c for c in copies if c.endswith(ext) and comments(c, copies[c]) > 0), None)
            if first:
                render(first, render_dir, name, work)
                print(f"rendered {copies[first]} to {render_dir}/{name}-*.png")
    for path, problems in failures:
        print(f"FAIL {path}: {'; '.join(problems)}")
    print(
        f"{len(copies)} reviewed ({total_comments} comments), {skipped} not readable, "
        f"{len(failures)} failed"
    )
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
