#!/usr/bin/env bash
# make-fixture-pdfs.sh: render every Markdown fixture as PDF with two different real producers.
#
#   fixtures/{bids,agreements,misc}/NAME.md
#     -> fixtures/pdf/libreoffice/SUBDIR/NAME.pdf   pandoc -> DOCX -> LibreOffice Writer (soffice --headless)
#     -> fixtures/pdf/latex/SUBDIR/NAME.pdf         pandoc -> LaTeX -> pdfTeX (pdflatex)
#
# Usage (from anywhere):  tools/make-fixture-pdfs.sh
# This script does not run in CI. The PDFs are committed; run it again only when a fixture changes.
#
# Shared code. tools/fixture-lib.sh holds what this script shares with tools/make-fixture-docx.sh
# (environment, front-matter stripping, reader, A4 reference document, the pandoc DOCX command,
# the soffice call, install-if-changed), and tools/pandoc/ the Lua filters both use. The DOCX that
# LibreOffice prints here is the very file that script commits under fixtures/docx/pandoc/.
#
# Text fidelity. The PDFs must carry the same text as the Markdown, because a parity test expects
# the same findings from each PDF as from its Markdown twin. So:
#   * YAML front matter (e.g. `kind: subcontract`) is stripped before pandoc sees it. It is
#     metadata for the Markdown extractor, not printed text.
#   * The reader is `gfm-emoji-autolink_bare_uris`: the CommonMark + pipe-table dialect that
#     pulldown-cmark parses. `smart` is off, so ASCII quotes, apostrophes, "--" and "..." stay as
#     typed. Pandoc's own markdown reader would curl the quotes and turn "..." into an ellipsis.
#     Bare e-mail addresses and URLs stay plain text. As \url links, LaTeX would break them
#     mid-word at a line end.
#   * Wide tables get explicit column widths (tools/pandoc/table-widths.lua, both routes).
#     Otherwise every column keeps its natural width: LaTeX runs off the page and cuts cells, and
#     Writer splits long words in narrow columns ("Holmbridg" + "e").
#   * LaTeX only:
#       - ' and ` become \textquotesingle / \textasciigrave (Lua filter). In pdfTeX's T1 fonts they
#         would otherwise print as curly quotes, and pdftotext would give U+2019 / U+2018.
#       - \pdfgentounicode + glyphtounicode, so pdftotext reads ligatures (fi, ff, ffi ...) as plain
#         letters, not U+FB01 and friends.
#       - Automatic hyphenation is off (\hyphenpenalty=10000). Otherwise pdftotext sees
#         "Northfield" as "North-" + "field", and no extractor can tell that from a real hyphen.
#         Lines still break after hyphens that are in the source (e.g. "ESOL-for-work").
#       - newunicodechar covers a few symbols that the utf8 inputenc lacks (≥ ≤ ≠ ≈ − ✓). ≠ gets
#         an ActualText (accsupp), because it is drawn as two overlaid glyphs. £ € é – — × → and
#         curly quotes already work, and pdftotext gives each back as the same character. One
#         known gap: U+2026 "…" prints as three periods, because T1 fonts have no ellipsis glyph.
#         None of the current fixtures use it. Any other character unknown to pdfLaTeX stops the
#         run with "Unicode character ... not set up for use with LaTeX". Add it here.
#   * After each conversion, the PDF's text (`pdftotext -raw`) is checked against the Markdown's
#     words, table cells and symbols. Every one must be there at least as often as in the source.
#     Extra words are allowed: page numbers, list bullets, repeated table header rows. Order is not
#     checked, because pdftotext reads table columns in its own order. -raw is used because
#     pdftotext's default mode joins "self-" at a line end with "employment" on the next line
#     as "selfemployment". That is the reader's doing, not a difference in the PDF.
#     Any missing or changed word fails the run; the PDF is still written so it can be inspected.
#
# Engines and fonts. pdflatex is the LaTeX engine: every character in the fixtures (£ é –) works
# with inputenc/T1/lmodern, and the extra symbols above are mapped with newunicodechar. It embeds
# Type 1 subsets of Latin Modern, so the files stay small and the text layer is a classic
# simple-font one. LibreOffice embeds TrueType subsets of whatever replaces the fonts in pandoc's
# reference.docx (Cambria for body text, Calibri for headings). Install fonts-crosextra-caladea and
# fonts-crosextra-carlito to get the metric-compatible Caladea/Carlito; without them fontconfig
# falls back to DejaVu and the line breaks change. Paper: A4 with 2.5 cm margins in both routes.
# For the DOCX this needs a reference document: pandoc's default reference.docx sets no page size,
# and Writer would then use the locale's paper (Letter under C.UTF-8). The script builds an A4
# copy of that reference document (make_reference_a4). Only the section properties change.
#
# Reproducibility. SOURCE_DATE_EPOCH is fixed (tools/fixture-lib.sh), and FORCE_SOURCE_DATE=1 is
# set for pdfTeX.
#   * LaTeX PDFs are byte-reproducible with the same pandoc and TeX Live. The dates come from
#     SOURCE_DATE_EPOCH, and /ID comes from \pdftrailerid, set to the output's name.
#   * LibreOffice 7.4 ignores SOURCE_DATE_EPOCH for PDF export: /CreationDate, the trailer /ID
#     and /DocChecksum change on every run. So those PDFs are NOT byte-reproducible. To avoid
#     needless churn, a new PDF replaces the committed one only if the two differ somewhere
#     else (they are compared with those fields masked). Otherwise the old bytes are kept.
#   * Either way, outputs depend on the producer versions and installed fonts recorded in
#     fixtures/pdf/README.md.
set -euo pipefail

PROG=make-fixture-pdfs
# ROOT, FIXTURES, FILTERS, SUBDIRS, READER, SOURCE_DATE_EPOCH and the shared functions.
# shellcheck source=fixture-lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/fixture-lib.sh"
OUT="$FIXTURES/pdf"
export FORCE_SOURCE_DATE=1

INSTALL_HINT="apt-get install -y pandoc libreoffice-writer-nogui texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended lmodern poppler-utils zip unzip fonts-crosextra-caladea fonts-crosextra-carlito"

need_commands pandoc soffice pdflatex kpsewhich pdftotext zip unzip perl
if ((${#missing[@]} == 0)); then
    for sty in lmodern.sty newunicodechar.sty accsupp.sty longtable.sty booktabs.sty glyphtounicode.tex; do
        [[ -n "$(kpsewhich "$sty")" ]] || missing+=("$sty")
    done
fi
stop_if_missing
for font in Caladea Carlito; do
    if ! fc-list : family 2>/dev/null | grep -qx "$font"; then
        echo "make-fixture-pdfs: warning: font $font not installed; LibreOffice output will use a fallback font" >&2
    fi
done

make_work

# --- A4 reference document for the DOCX route ---------------------------------------------------
make_reference_a4

# --- LaTeX support files -----------------------------------------------------------------------
cat >"$WORK/header.tex" <<'EOF'
% Text layer: map ligature glyphs (fi, fl, ff, ffi, ffl) back to their letters for text extraction.
\input{glyphtounicode}
\pdfgentounicode=1
% No automatic hyphenation, so every word stays whole in the text layer.
\hyphenpenalty=10000
% Symbols that the utf8 inputenc does not know by default. (× and → are known already.)
% ≠ is drawn as two overlaid glyphs, so it carries an ActualText for text extraction.
\usepackage{newunicodechar}
\usepackage{accsupp}
\newunicodechar{≥}{\ensuremath{\geq}}
\newunicodechar{≤}{\ensuremath{\leq}}
\newunicodechar{≠}{\BeginAccSupp{method=hex,unicode,ActualText=2260}\ensuremath{\neq}\EndAccSupp{}}
\newunicodechar{≈}{\ensuremath{\approx}}
\newunicodechar{−}{\textminus}
\newunicodechar{✓}{\ensuremath{\checkmark}}
EOF

cat >"$WORK/ascii-quotes.lua" <<'EOF'
-- Keep ASCII ' and ` as typed. In T1-encoded fonts those characters print as curly quotes.
local raw = { ["'"] = "\\textquotesingle{}", ["`"] = "\\textasciigrave{}" }
function Str(el)
  if not el.text:find("['`]") then return nil end
  local out = {}
  for chunk, q in el.text:gmatch("([^'`]*)(['`]?)") do
    if chunk ~= "" then out[#out + 1] = pandoc.Str(chunk) end
    if q ~= "" then out[#out + 1] = pandoc.RawInline("latex", raw[q]) end
  end
  return out
end
EOF

# The word-list filter (tools/pandoc/table-cells.lua) and the column widths for both routes
# (tools/pandoc/table-widths.lua) are files shared with make-fixture-docx.sh.

# Check that every word of the Markdown's text is also in the PDF's text, as many times.
# The check counts words and ignores order: pdftotext reads table columns in its own order. Extra
# PDF words are allowed (page numbers, repeated table header rows). A line that ends in a
# letter or digit followed by "-" is joined to the next line, so "ESOL-" + "for-work" is one word.
check_text() { # $1 = stripped .md, $2 = .pdf
    local md="$1" pdf="$2"
    pandoc -f "$READER" -t plain --wrap=none --lua-filter "$FILTERS/table-cells.lua" "$md" \
        | tr -s ' \t' '\n\n' | grep -Ev '^$|^[-=+|:*]+$' >"$WORK/md-words.txt"
    pdftotext -raw -enc UTF-8 "$pdf" - \
        | awk '{ if (held != "") { $0 = held $0; held = "" }
                 if ($0 ~ /[[:alnum:]]-$/) { held = $0; next }
                 print }
               END { if (held != "") print held }' \
        | tr -s ' \t\f\r' '\n\n\n\n' | grep -v '^$' >"$WORK/pdf-words.txt"
    awk 'NR == FNR { have[$0]++; next }
         { need[$0]++; if (need[$0] > have[$0]) { printf "    missing or changed: %s\n", $0; bad++ } }
         END { exit bad > 0 }' "$WORK/pdf-words.txt" "$WORK/md-words.txt"
}

# LibreOffice's output differs run to run only in its date, /ID and /DocChecksum. Mask them to compare.
mask_volatile() { # $1 = .pdf, stdout = bytes with volatile fields blanked
    perl -0777 -pe 's/(CreationDate|ModDate)\(D:[^)]*\)/$1()/g;
                    s#/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]#/ID[]#g;
                    s#/DocChecksum\s*/[0-9A-Fa-f]+#/DocChecksum/#g' "$1"
}

same_pdf() { # $1, $2 = .pdf; true if they differ only in volatile fields
    cmp -s <(mask_volatile "$1") <(mask_volatile "$2")
}

install_pdf() { # $1 = new .pdf, $2 = destination; keep the old file if only volatile fields differ
    install_unless_same "$1" "$2" same_pdf
}

failed=0
shopt -s nullglob
for sub in "${SUBDIRS[@]}"; do
    for src in "$FIXTURES/$sub"/*.md; do
        prepare_job "$sub" "$src" # sets name, job; writes $job/$name.md
        echo "${src#"$ROOT"/}"

        # 1. pandoc -> DOCX -> LibreOffice Writer -> PDF
        pandoc_docx "$job/$name.md" "$job/$name.docx"
        soffice_convert pdf "$job/$name.docx" "$job/lo" "$job/soffice.log" "$src"
        if ! check_text "$job/$name.md" "$job/lo/$name.pdf"; then
            echo "  TEXT MISMATCH (libreoffice)" >&2
            failed=1
        fi
        install_pdf "$job/lo/$name.pdf" "$OUT/libreoffice/$sub/$name.pdf"

        # 2. pandoc -> LaTeX -> pdflatex -> PDF
        mkdir -p "$job/tex"
        # pdfTeX derives /ID from the time and the output path, and pandoc's temporary
        # directory has a random name. Base /ID on the fixture's name instead.
        printf '\\pdftrailerid{tenderlint fixtures/pdf/latex/%s/%s.pdf}\n' "$sub" "$name" >"$job/tex/id.tex"
        pandoc -f "$READER" "$job/$name.md" -o "$job/tex/$name.pdf" \
            --pdf-engine=pdflatex \
            --lua-filter "$WORK/ascii-quotes.lua" \
            --lua-filter "$FILTERS/table-widths.lua" \
            --include-in-header "$WORK/header.tex" \
            --include-in-header "$job/tex/id.tex" \
            -V geometry:margin=2.5cm -V papersize=a4
        if ! check_text "$job/$name.md" "$job/tex/$name.pdf"; then
            echo "  TEXT MISMATCH (latex)" >&2
            failed=1
        fi
        install_pdf "$job/tex/$name.pdf" "$OUT/latex/$sub/$name.pdf"
    done
done

if ((failed)); then
    echo "make-fixture-pdfs: some PDFs lost or changed text (see above)" >&2
    exit 1
fi
echo "done: $(find "$OUT" -name '*.pdf' | wc -l) PDFs, $(du -ch $(find "$OUT" -name '*.pdf') | tail -1 | cut -f1) total"
