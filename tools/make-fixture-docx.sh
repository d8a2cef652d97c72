#!/usr/bin/env bash
# Make the Word and OpenDocument twins of the Markdown fixtures, and check that their text is the
# Markdown's. fixtures/docx/README.md says which producer made what and why.
#
#   fixtures/docx/pandoc/<group>/<name>.docx   pandoc, from the Markdown
#   fixtures/odt/<group>/<name>.odt            LibreOffice, from that pandoc DOCX
#   fixtures/docx/docx-rs/<group>/<name>.docx  examples/make_fixture_docx.rs (docx-rs), from the
#                                              Markdown as tenderlint extracts it, with numbering,
#                                              header, footer, footnote, comment, tracked changes
#
# Run from anywhere: tools/make-fixture-docx.sh. Needs pandoc, LibreOffice (soffice), cargo, zip
# and unzip. Each Markdown fixture in bids/, agreements/ and misc/ gets one file per route.
#
# Why two DOCX producers. pandoc writes what Markdown has and nothing more: styles for headings,
# its own list numbering, plain tables. Real bids and agreements come from Word and carry
# numbering definitions, running headers and footers, footnotes, comments and tracked changes,
# which pandoc never writes. The docx-rs twins add those (see the example's header comment), so a
# reader is tested on both the plain and the structured form of the same text.
#
# Choices in the pandoc route, the same as tools/make-fixture-pdfs.sh's DOCX, so these DOCX are
# the very files its LibreOffice PDFs are printed from. Both scripts take them from
# tools/fixture-lib.sh (pandoc_docx) and tools/pandoc/, so they cannot drift apart:
#   * YAML front matter is stripped. Otherwise pandoc prints `kind: subcontract` as a title block.
#   * The reader is gfm with smart punctuation off. Straight quotes stay straight, and --- stays
#     ---, so the words match the Markdown twin. Emoji shortcodes and bare-URL autolinks are off,
#     because the Markdown extractor (pulldown-cmark) does neither.
#   * A4 reference document (make_reference_a4) and explicit widths for wide tables
#     (tools/pandoc/table-widths.lua).
#
# Checks. Every output is read back and its words compared with the Markdown's, in order:
#   * DOCX: `pandoc --track-changes=accept -t plain`, so the docx-rs twins are read as a reader
#     should see them: insertions kept, deletions and comments left out.
#   * ODT: `pandoc -f odt -t plain`. pandoc 2.17's ODT reader drops the rows inside
#     <table:table-header-rows>, so the check reads a copy with that wrapper removed.
#   Both sides go through the same filters: tables become one paragraph per cell
#   (tools/pandoc/table-cells.lua), footnotes are dropped (tools/pandoc/drop-notes.lua; the
#   Markdown has none; the docx-rs footnote is checked on its own), and one list
#   marker or clause number at the start of each line is dropped. That last one is needed because
#   "4.2 Open Gate will ..." is literal text in the Markdown but numbering in the docx-rs DOCX, and
#   pandoc prints numbering as its own "1.", "2." list markers.
#   For the docx-rs twins the script also checks, from the XML, that there is one w:ins and one
#   w:del, that the deleted text and the comment text are not in the accepted text, that rejecting
#   the changes does change the words (so the insertion holds real words), and that the header,
#   footer, footnote, numbering and repeating table header rows are there.
#   Any mismatch fails the run with the first differing words; the files are still written so they
#   can be inspected.
#
# Reproducibility.
#   * pandoc honours SOURCE_DATE_EPOCH for docProps/core.xml and the ZIP entry times, so its DOCX
#     are byte-reproducible with the same pandoc.
#   * LibreOffice 7.4 writes the conversion time into the ZIP entries and settings.xml, and random
#     list ids into content.xml, so its ODT differ on every run. A new ODT replaces the committed
#     one only if content.xml or styles.xml differ with the list ids masked; otherwise the old
#     bytes are kept.
#   * The docx-rs twins are byte-reproducible (fixed dates and ids); the script runs the example a
#     second time into a scratch folder and fails if any file differs.
#   Files are only rewritten when their content changes, so re-runs leave git clean.
set -euo pipefail

PROG=make-fixture-docx
# ROOT, FIXTURES, FILTERS, SUBDIRS, READER, SOURCE_DATE_EPOCH and the shared functions.
# shellcheck source=fixture-lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/fixture-lib.sh"
DOCX_OUT="$FIXTURES/docx"
ODT_OUT="$FIXTURES/odt"

INSTALL_HINT="apt-get install -y pandoc libreoffice-writer-nogui zip unzip perl (and Rust: rustup)"

need_commands pandoc soffice cargo zip unzip perl
stop_if_missing

make_work

# --- A4 reference document (shared with make-fixture-pdfs.sh) -----------------------------------
make_reference_a4

# For the text check: no footnotes, and tables as one paragraph per cell (row by row).
WORDS_FILTERS=(--lua-filter "$FILTERS/drop-notes.lua" --lua-filter "$FILTERS/table-cells.lua")

# pandoc's plain text (stdin) as one word per line. Indentation and one list marker or clause
# number per line go ("-", "•", "3.", "4.2", "(b)"), and so do table rules and heading underlines.
words() {
    sed -E 's/^[[:space:]]+//; s/^([-*•]|[0-9]+(\.[0-9]+)*[.)]?|[A-Za-z][.)]|\([A-Za-z0-9]+\))[[:space:]]+//' \
        | tr -s ' \t' '\n\n' | grep -Ev '^$|^[-=+|:*]+$' || true
}

md_words() { # $1 = stripped .md
    pandoc -f "$READER" -t plain --wrap=none "${WORDS_FILTERS[@]}" "$1" | words
}

docx_words() { # $1 = .docx, $2 = accept|reject|all
    pandoc -f docx --track-changes="$2" -t plain --wrap=none "${WORDS_FILTERS[@]}" "$1" | words
}

odt_words() { # $1 = .odt
    local copy="$WORK/odt-check"
    rm -rf "$copy" && mkdir -p "$copy/x"
    (cd "$copy/x" && unzip -q "$1" && perl -pi -e 's#</?table:table-header-rows>##g' content.xml && zip -q -X -r ../check.odt .)
    pandoc -f odt -t plain --wrap=none "${WORDS_FILTERS[@]}" "$copy/check.odt" | words
}

# Compare two word lists in order; print the first differences.
same_words() { # $1 = expected (Markdown) words, $2 = words read back, $3 = what
    if ! cmp -s "$1" "$2"; then
        echo "  TEXT MISMATCH ($3): first differences (< Markdown, > file):" >&2
        diff "$1" "$2" | grep '^[<>]' | head -12 | sed 's/^/    /' >&2
        return 1
    fi
}

# The text of every <w:delText> / <w:t> in one part of a .docx, one element per line.
xml_text() { # $1 = .docx, $2 = part, $3 = element (w:t, w:delText)
    unzip -p "$1" "$2" | perl -0777 -ne 'while (m#<'"$3"'(?: [^>]*)?>([^<]*)</'"$3"'>#g) { my $t = $1; $t =~ s/&quot;/"/g; $t =~ s/&apos;/'"'"'/g; $t =~ s/&lt;/</g; $t =~ s/&gt;/>/g; $t =~ s/&amp;/&/g; print "$t\n" }'
}

install_if_changed() { # $1 = new file, $2 = destination
    install_unless_same "$1" "$2" cmp -s
}

# LibreOffice stamps the conversion time on the ZIP entries and in settings.xml, and gives lists
# random ids ("list1029332556"; a list that continues another one names it by that id). The
# document is content.xml and styles.xml with those ids masked; keep the committed file when
# they are the same.
odt_part() { # $1 = .odt, $2 = part
    unzip -p "$1" "$2" | perl -pe 's/((?:xml:id|text:continue-list)=")list[0-9]+"/$1list"/g'
}
same_odt() { # $1, $2 = .odt
    cmp -s <(odt_part "$1" content.xml) <(odt_part "$2" content.xml) \
        && cmp -s <(odt_part "$1" styles.xml) <(odt_part "$2" styles.xml)
}
install_odt() { # $1 = new .odt, $2 = destination
    install_unless_same "$1" "$2" same_odt
}

failed=0
shopt -s nullglob

# --- 1 and 2: pandoc DOCX, then LibreOffice ODT from it -----------------------------------------
for sub in "${SUBDIRS[@]}"; do
    for src in "$FIXTURES/$sub"/*.md; do
        prepare_job "$sub" "$src" # sets name, job; writes $job/$name.md
        md_words "$job/$name.md" >"$job/md-words.txt"
        echo "${src#"$ROOT"/}"

        pandoc_docx "$job/$name.md" "$job/$name.docx"
        docx_words "$job/$name.docx" accept >"$job/docx-words.txt"
        same_words "$job/md-words.txt" "$job/docx-words.txt" "pandoc docx" || failed=1
        install_if_changed "$job/$name.docx" "$DOCX_OUT/pandoc/$sub/$name.docx"

        # Convert the committed DOCX (the same bytes unless pandoc changed it just now).
        soffice_convert odt "$DOCX_OUT/pandoc/$sub/$name.docx" "$job/lo" "$job/soffice.log" "$src"
        odt_words "$job/lo/$name.odt" >"$job/odt-words.txt"
        same_words "$job/md-words.txt" "$job/odt-words.txt" "libreoffice odt" || failed=1
        install_odt "$job/lo/$name.odt" "$ODT_OUT/$sub/$name.odt"
    done
done

# --- 3: docx-rs twins ------------------------------------------------------------------------------
echo "examples/make_fixture_docx.rs"
(cd "$ROOT" && cargo run --quiet --example make_fixture_docx)
# A second run into scratch space must give the same bytes.
(cd "$ROOT" && cargo run --quiet --example make_fixture_docx -- --out "$WORK/rerun") >/dev/null
for sub in "${SUBDIRS[@]}"; do
    for src in "$FIXTURES/$sub"/*.md; do
        name="$(basename "$src" .md)"
        job="$WORK/$sub/$name"
        docx="$DOCX_OUT/docx-rs/$sub/$name.docx"
        what="docx-rs $sub/$name"
        if ! cmp -s "$docx" "$WORK/rerun/$sub/$name.docx"; then
            echo "  NOT REPRODUCIBLE ($what): a second run wrote different bytes" >&2
            failed=1
        fi

        docx_words "$docx" accept >"$job/rs-accept.txt"
        same_words "$job/md-words.txt" "$job/rs-accept.txt" "$what, changes accepted" || failed=1
        docx_words "$docx" reject >"$job/rs-reject.txt"
        if cmp -s "$job/md-words.txt" "$job/rs-reject.txt"; then
            echo "  CHECK FAILED ($what): rejecting the tracked changes leaves the words as they were; the insertion holds no words" >&2
            failed=1
        fi
        accepted="$(tr '\n' ' ' <"$job/rs-accept.txt")"
        deleted="$(xml_text "$docx" word/document.xml w:delText | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')"
        comment="$(xml_text "$docx" word/comments.xml w:t | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')"
        note="$(xml_text "$docx" word/footnotes.xml w:t | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')"
        for part in "deleted text:$deleted" "comment:$comment"; do
            label="${part%%:*}" text="${part#*:}"
            if [[ -z "$text" ]]; then
                echo "  CHECK FAILED ($what): no $label found" >&2
                failed=1
            elif [[ "$accepted" == *"$text"* ]]; then
                echo "  CHECK FAILED ($what): the $label is in the accepted text: $text" >&2
                failed=1
            fi
        done
        document="$(unzip -p "$docx" word/document.xml)"
        count() { grep -o "$1" <<<"$document" | wc -l; }
        problems=()
        (($(count '<w:ins ') == 1)) || problems+=("w:ins count $(count '<w:ins ')")
        (($(count '<w:del ') == 1)) || problems+=("w:del count $(count '<w:del ')")
        (($(count '<w:numPr>') > 0)) || problems+=("no numbered paragraphs")
        (($(count '<w:footnoteReference ') == 1)) || problems+=("footnote references: $(count '<w:footnoteReference ')")
        (($(count '<w:commentRangeStart ') == 1)) || problems+=("comment ranges: $(count '<w:commentRangeStart ')")
        [[ "$(count '<w:tbl>')" == 0 || "$(count '<w:tblHeader />')" -gt 0 ]] || problems+=("tables without header rows")
        [[ -n "$note" ]] || problems+=("empty footnote")
        [[ -n "$(xml_text "$docx" word/header1.xml w:t)" ]] || problems+=("no header text")
        [[ -n "$(xml_text "$docx" word/footer1.xml w:t)" ]] || problems+=("no footer text")
        if ((${#problems[@]})); then
            echo "  CHECK FAILED ($what): ${problems[*]}" >&2
            failed=1
        fi
    done
done

if ((failed)); then
    echo "make-fixture-docx: some files lost or changed text, or lack their Word structure (see above)" >&2
    exit 1
fi
count_files() { find "$1" -name "*.$2" | wc -l; }
echo "done: $(count_files "$DOCX_OUT/pandoc" docx) pandoc DOCX, $(count_files "$DOCX_OUT/docx-rs" docx) docx-rs DOCX, $(count_files "$ODT_OUT" odt) ODT"
