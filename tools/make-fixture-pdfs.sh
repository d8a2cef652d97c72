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
# Text fidelity. The PDFs must carry the same text as the Markdown, because a parity test expects
# the same findings from each PDF as from its Markdown twin. So:
#   * YAML front matter (e.g. `kind: subcontract`) is stripped before pandoc sees it. It is
#     metadata for the Markdown extractor, not printed text.
#   * The reader is `gfm-emoji-autolink_bare_uris`: the CommonMark + pipe-table dialect that
#     pulldown-cmark parses. `smart` is off, so ASCII quotes, apostrophes, "--" and "..." stay as
#     typed. Pandoc's own markdown reader would curl the quotes and turn "..." into an ellipsis.
#     Bare e-mail addresses and URLs stay plain text. As \url links, LaTeX would break them
#     mid-word at a line end.
#   * Wide tables get explicit column widths (Lua filter, both routes). Otherwise every column
#     keeps its natural width: LaTeX runs off the page and cuts cells, and Writer splits long
#     words in narrow columns ("Holmbridg" + "e").
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
# copy of that reference document. Only the section properties change.
#
# Reproducibility. SOURCE_DATE_EPOCH is fixed (below), and FORCE_SOURCE_DATE=1 is set for pdfTeX.
#   * LaTeX PDFs are byte-reproducible with the same pandoc and TeX Live. The dates come from
#     SOURCE_DATE_EPOCH, and /ID comes from \pdftrailerid, set to the output's name.
#   * LibreOffice 7.4 ignores SOURCE_DATE_EPOCH for PDF export: /CreationDate, the trailer /ID
#     and /DocChecksum change on every run. So those PDFs are NOT byte-reproducible. To avoid
#     needless churn, a new PDF replaces the committed one only if the two differ somewhere
#     else (they are compared with those fields masked). Otherwise the old bytes are kept.
#   * Either way, outputs depend on the producer versions and installed fonts recorded in
#     fixtures/pdf/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FIXTURES="$ROOT/fixtures"
OUT="$FIXTURES/pdf"
SUBDIRS=(bids agreements misc)

# 2025-01-01T00:00:00Z. A constant, not a git date, so re-runs on uncommitted fixtures are stable too.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1735689600}"
export FORCE_SOURCE_DATE=1
export TZ=UTC
export LC_ALL=C.UTF-8

INSTALL_HINT="apt-get install -y pandoc libreoffice-writer-nogui texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended lmodern poppler-utils zip unzip fonts-crosextra-caladea fonts-crosextra-carlito"

missing=()
for tool in pandoc soffice pdflatex kpsewhich pdftotext zip unzip perl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]} == 0)); then
    for sty in lmodern.sty newunicodechar.sty accsupp.sty longtable.sty booktabs.sty glyphtounicode.tex; do
        [[ -n "$(kpsewhich "$sty")" ]] || missing+=("$sty")
    done
fi
if ((${#missing[@]})); then
    echo "make-fixture-pdfs: missing: ${missing[*]}" >&2
    echo "install with: $INSTALL_HINT" >&2
    exit 1
fi
for font in Caladea Carlito; do
    if ! fc-list : family 2>/dev/null | grep -qx "$font"; then
        echo "make-fixture-pdfs: warning: font $font not installed; LibreOffice output will use a fallback font" >&2
    fi
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tenderlint-fixture-pdfs.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# --- A4 reference document for the DOCX route ---------------------------------------------------
pandoc -o "$WORK/reference-default.docx" --print-default-data-file reference.docx
mkdir "$WORK/reference"
(
    cd "$WORK/reference"
    unzip -q ../reference-default.docx
    # 11906 x 16838 twips = 210 x 297 mm; 1417 twips = 2.5 cm.
    perl -pi -e 's#<w:sectPr ?/>#<w:sectPr><w:pgSz w:w="11906" w:h="16838" /><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="709" w:footer="709" w:gutter="0" /></w:sectPr>#' word/document.xml
    grep -q 'w:w="11906"' word/document.xml || { echo "make-fixture-pdfs: could not set A4 in reference.docx" >&2; exit 1; }
    zip -q -X -D ../reference-a4.docx '[Content_Types].xml' $(unzip -Z1 ../reference-default.docx | grep -v '^\[Content_Types\]\.xml$')
)

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

# Flatten tables into one paragraph per cell (row by row) for the text check's word list.
cat >"$WORK/cells.lua" <<'EOF'
local function add(out, rows)
  for _, row in ipairs(rows) do
    for _, cell in ipairs(row.cells) do
      for _, block in ipairs(cell.contents) do out[#out + 1] = block end
    end
  end
end
function Table(t)
  local out = {}
  add(out, t.head.rows)
  for _, body in ipairs(t.bodies) do add(out, body.head); add(out, body.body) end
  add(out, t.foot.rows)
  return out
end
EOF

# Give wide tables explicit column widths so that cells wrap at word boundaries (both routes).
# The CommonMark reader leaves every column at its natural width. Tables narrower than the line
# keep that. In a wider table, each column gets at least its longest word, and the rest of the
# line is shared in proportion to how much longer its longest cell is. This is the usual
# automatic table layout, counted in characters.
cat >"$WORK/table-widths.lua" <<'EOF'
local LINE = 80 -- characters that fit across the text block, roughly
local function measure(rows, ncols, longest, word)
  for _, row in ipairs(rows) do
    for i, cell in ipairs(row.cells) do
      if i <= ncols then
        local text = pandoc.utils.stringify(cell.contents)
        longest[i] = math.max(longest[i], utf8.len(text) or #text)
        for w in text:gmatch("%S+") do word[i] = math.max(word[i], utf8.len(w) or #w) end
      end
    end
  end
end
function Table(t)
  local n = #t.colspecs
  local longest, word = {}, {}
  for i = 1, n do longest[i], word[i] = 1, 1 end
  measure(t.head.rows, n, longest, word)
  for _, body in ipairs(t.bodies) do measure(body.head, n, longest, word); measure(body.body, n, longest, word) end
  measure(t.foot.rows, n, longest, word)
  local total, minimum, slack = 0, 0, 0
  for i = 1, n do
    total = total + longest[i] + 3
    minimum = minimum + word[i] + 3
    slack = slack + (longest[i] - word[i])
  end
  if total <= LINE then return nil end -- fits: keep natural widths
  local spare = math.max(LINE - minimum, 0)
  local widths, sum = {}, 0
  for i = 1, n do
    local extra = slack > 0 and spare * (longest[i] - word[i]) / slack or 0
    widths[i] = word[i] + 3 + extra
    sum = sum + widths[i]
  end
  for i = 1, n do t.colspecs[i][2] = widths[i] / sum end
  return t
end
EOF

READER=gfm-emoji-autolink_bare_uris

strip_front_matter() { # $1 = input .md, stdout = Markdown without a leading YAML block
    awk 'NR == 1 && /^---[ \t]*$/ { fm = 1; next }
         fm { if (/^(---|\.\.\.)[ \t]*$/) fm = 0; next }
         { print }' "$1"
}

# Check that every word of the Markdown's text is also in the PDF's text, as many times.
# The check counts words and ignores order: pdftotext reads table columns in its own order. Extra
# PDF words are allowed (page numbers, repeated table header rows). A line that ends in a
# letter or digit followed by "-" is joined to the next line, so "ESOL-" + "for-work" is one word.
check_text() { # $1 = stripped .md, $2 = .pdf
    local md="$1" pdf="$2"
    pandoc -f "$READER" -t plain --wrap=none --lua-filter "$WORK/cells.lua" "$md" \
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

install_pdf() { # $1 = new .pdf, $2 = destination; keep the old file if only volatile fields differ
    local new="$1" dest="$2"
    mkdir -p "$(dirname "$dest")"
    if [[ -f "$dest" ]] && cmp -s <(mask_volatile "$new") <(mask_volatile "$dest"); then
        echo "  unchanged   ${dest#"$ROOT"/}"
    else
        cp "$new" "$dest"
        echo "  wrote       ${dest#"$ROOT"/}"
    fi
}

LO_PROFILE="file://$WORK/lo-profile"
failed=0
shopt -s nullglob
for sub in "${SUBDIRS[@]}"; do
    for src in "$FIXTURES/$sub"/*.md; do
        name="$(basename "$src" .md)"
        job="$WORK/$sub/$name"
        mkdir -p "$job"
        strip_front_matter "$src" >"$job/$name.md"
        echo "${src#"$ROOT"/}"

        # 1. pandoc -> DOCX -> LibreOffice Writer -> PDF
        pandoc -f "$READER" -t docx --reference-doc "$WORK/reference-a4.docx" \
            --lua-filter "$WORK/table-widths.lua" "$job/$name.md" -o "$job/$name.docx"
        soffice -env:UserInstallation="$LO_PROFILE" --headless --norestore \
            --convert-to pdf --outdir "$job/lo" "$job/$name.docx" >"$job/soffice.log" 2>&1 \
            || { cat "$job/soffice.log" >&2; exit 1; }
        [[ -s "$job/lo/$name.pdf" ]] || { echo "soffice produced no PDF for $src" >&2; cat "$job/soffice.log" >&2; exit 1; }
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
            --lua-filter "$WORK/table-widths.lua" \
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
