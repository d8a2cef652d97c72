# shellcheck shell=bash
# fixture-lib.sh: what tools/make-fixture-pdfs.sh and tools/make-fixture-docx.sh share. Sourced by
# both, never run on its own.
#
# The two scripts must agree on how a Markdown fixture becomes a pandoc DOCX: make-fixture-docx.sh
# commits that DOCX (fixtures/docx/pandoc/), and make-fixture-pdfs.sh prints the same DOCX to PDF
# with LibreOffice (fixtures/pdf/libreoffice/). Both therefore take the environment, the
# front-matter stripping, the reader, the A4 reference document and the pandoc command from here,
# and the Lua filters from tools/pandoc/. Nothing needs to be kept in step by hand.
#
# Before sourcing, set PROG to the script's name without ".sh" (make-fixture-pdfs,
# make-fixture-docx). It starts the error messages and names the temporary directory. The
# functions expect the caller's `set -euo pipefail`: a failing step stops the run.

# FIXTURES and SUBDIRS are only used by the scripts that source this file (hence SC2034).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC2034
FIXTURES="$ROOT/fixtures"
FILTERS="$ROOT/tools/pandoc"
# shellcheck disable=SC2034
SUBDIRS=(bids agreements misc)

# 2025-01-01T00:00:00Z, also the date the docx-rs example writes. A constant, not a git date, so
# re-runs on uncommitted fixtures are stable too. pandoc uses it for docProps/core.xml and the
# ZIP entry times of its DOCX, and pdfTeX for the PDF dates.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1735689600}"
export TZ=UTC
export LC_ALL=C.UTF-8

# The reader: the CommonMark + pipe-table dialect that pulldown-cmark (tenderlint's Markdown
# extractor) parses. `smart` is off, so ASCII quotes, apostrophes, "--" and "..." stay as typed;
# pandoc's own markdown reader would curl the quotes and turn "..." into an ellipsis. Emoji
# shortcodes and bare-URL autolinks are off, because pulldown-cmark does neither: bare e-mail
# addresses and URLs stay plain text.
READER=gfm-emoji-autolink_bare_uris

# --- Tool check ------------------------------------------------------------------------------------
# need_commands adds each command that is not on PATH to `missing`; the caller may add more (the
# PDF script adds TeX files), then stop_if_missing names them all with the caller's INSTALL_HINT.
missing=()
need_commands() { # $@ = commands
    local tool
    for tool; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
}
stop_if_missing() { # uses PROG, INSTALL_HINT
    if ((${#missing[@]})); then
        echo "$PROG: missing: ${missing[*]}" >&2
        echo "install with: $INSTALL_HINT" >&2
        exit 1
    fi
}

# --- Scratch space ---------------------------------------------------------------------------------
make_work() { # sets WORK (removed on exit) and LO_PROFILE, LibreOffice's throwaway profile in it
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/tenderlint-${PROG#make-}.XXXXXX")"
    trap 'rm -rf "$WORK"' EXIT
    LO_PROFILE="file://$WORK/lo-profile"
}

# --- A4 reference document for the pandoc DOCX -----------------------------------------------------
# pandoc's default reference.docx sets no page size, and Writer would then use the locale's paper
# (Letter under C.UTF-8). This builds an A4 copy of that reference document, 2.5 cm margins, as
# $WORK/reference-a4.docx. Only the section properties change.
make_reference_a4() {
    pandoc -o "$WORK/reference-default.docx" --print-default-data-file reference.docx
    mkdir "$WORK/reference"
    (
        cd "$WORK/reference" || exit
        unzip -q ../reference-default.docx
        # 11906 x 16838 twips = 210 x 297 mm; 1417 twips = 2.5 cm.
        perl -pi -e 's#<w:sectPr ?/>#<w:sectPr><w:pgSz w:w="11906" w:h="16838" /><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="709" w:footer="709" w:gutter="0" /></w:sectPr>#' word/document.xml
        grep -q 'w:w="11906"' word/document.xml || { echo "$PROG: could not set A4 in reference.docx" >&2; exit 1; }
        # [Content_Types].xml first, then the entries in the default document's order, one
        # argument each (the entry names have no spaces).
        # shellcheck disable=SC2046
        zip -q -X -D ../reference-a4.docx '[Content_Types].xml' $(unzip -Z1 ../reference-default.docx | grep -v '^\[Content_Types\]\.xml$')
    )
}

# --- One fixture -----------------------------------------------------------------------------------
# YAML front matter (e.g. `kind: subcontract`) is metadata for the Markdown extractor, not text.
# pandoc would print it as a title block, so it is stripped before pandoc sees the file.
strip_front_matter() { # $1 = input .md, stdout = Markdown without a leading YAML block
    awk 'NR == 1 && /^---[ \t]*$/ { fm = 1; next }
         fm { if (/^(---|\.\.\.)[ \t]*$/) fm = 0; next }
         { print }' "$1"
}

# Each fixture gets a scratch folder $WORK/<group>/<name> holding <name>.md, its Markdown without
# front matter, which is what every route reads.
prepare_job() { # $1 = group (bids ...), $2 = source .md; sets name and job
    name="$(basename "$2" .md)"
    job="$WORK/$1/$name"
    mkdir -p "$job"
    strip_front_matter "$2" >"$job/$name.md"
}

# The pandoc DOCX: the file committed under fixtures/docx/pandoc/ and the one LibreOffice prints
# to fixtures/pdf/libreoffice/. A4 (make_reference_a4 first), wide tables with explicit widths.
pandoc_docx() { # $1 = stripped .md, $2 = output .docx
    pandoc -f "$READER" -t docx --reference-doc "$WORK/reference-a4.docx" \
        --lua-filter "$FILTERS/table-widths.lua" "$1" -o "$2"
}

# LibreOffice Writer, headless, with the throwaway profile (make_work). A failed conversion or a
# missing or empty output stops the run with soffice's log.
soffice_convert() { # $1 = format (pdf, odt), $2 = input, $3 = output folder, $4 = log, $5 = source for the message
    local out
    out="$3/$(basename "${2%.*}").$1"
    soffice -env:UserInstallation="$LO_PROFILE" --headless --norestore \
        --convert-to "$1" --outdir "$3" "$2" >"$4" 2>&1 \
        || { cat "$4" >&2; exit 1; }
    [[ -s "$out" ]] || { echo "soffice produced no ${1^^} for $5" >&2; cat "$4" >&2; exit 1; }
}

# Copy a new file over its committed copy only if its content changed, so a re-run leaves git
# clean. What "changed" means is the caller's: plain `cmp -s` for reproducible files, a compare
# with the volatile fields masked for LibreOffice's.
install_unless_same() { # $1 = new file, $2 = destination, $3... = command that is true when $1 and $2 are the same
    local new="$1" dest="$2"
    shift 2
    mkdir -p "$(dirname "$dest")"
    if [[ -f "$dest" ]] && "$@" "$new" "$dest"; then
        echo "  unchanged   ${dest#"$ROOT"/}"
    else
        cp "$new" "$dest"
        echo "  wrote       ${dest#"$ROOT"/}"
    fi
}
