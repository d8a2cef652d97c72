#!/usr/bin/env bash
# Compare what two tenderlint binaries print, byte for byte, on the same documents: every output
# format of `check`, `extract --blocks --facts` on every file, and the rule listings.
#
#   tools/compare-output.sh BEFORE_BIN AFTER_BIN [PATH...]
#
# PATHs default to fixtures/ and ../shared/corpus/ (when present). Outputs go to
# target/compare/{before,after}/; the script prints `diff -r` of the two and exits 1 when they differ.
set -uo pipefail
cd "$(dirname "$0")/.."
before=$(realpath "$1") after=$(realpath "$2")
shift 2
paths=("$@")
if [ ${#paths[@]} -eq 0 ]; then
  paths=(fixtures)
  [ -d ../shared/corpus ] && paths+=(../shared/corpus)
fi
out=target/compare
rm -rf "$out"
export NO_COLOR=1 COLUMNS=100
for side in before after; do
  bin=$before; [ $side = after ] && bin=$after
  dir=$out/$side
  mkdir -p "$dir"
  for p in "${paths[@]}"; do
    tag=$(echo "$p" | tr '/.' '__')
    for format in human json sarif github junit docx; do
      "$bin" check --isolated --no-color --no-progress --format $format -o "$dir/$tag.$format" "$p" \
        >"$dir/$tag.$format.stdout" 2>"$dir/$tag.$format.stderr"
      echo "exit $?" >>"$dir/$tag.$format.stderr"
    done
    "$bin" check --isolated -j1 --statistics "$p" >"$dir/$tag.statistics" 2>&1
    echo "exit $?" >>"$dir/$tag.statistics"
    # A Word report is a zip: compare what is inside it.
    if [ -s "$dir/$tag.docx" ]; then
      mkdir -p "$dir/$tag.docx.d" && (cd "$dir/$tag.docx.d" && unzip -q -o ../"$tag.docx") && rm "$dir/$tag.docx"
    fi
    if [ "${COMPARE_EXTRACT:-1}" = 1 ]; then
      find "$p" -type f \( -name '*.md' -o -name '*.docx' -o -name '*.docm' -o -name '*.odt' -o -name '*.pdf' -o -name '*.txt' \) \
        | LC_ALL=C sort | while read -r f; do
          echo "=== $f"
          "$bin" extract --blocks --facts "$f" 2>&1
          echo "exit $?"
        done >"$dir/$tag.extract"
    fi
  done
  "$bin" rules --isolated >"$dir/rules.txt" 2>&1
  "$bin" rules --isolated --markdown >"$dir/rules.md" 2>&1
  "$bin" test-rules --coverage >"$dir/test-rules.txt" 2>&1
  for id in $("$bin" rules --isolated | awk 'NR>1 && NF {print $1}'); do
    "$bin" explain --isolated "$id" >>"$dir/explain.txt" 2>&1
  done
done
if diff -r "$out/before" "$out/after" >"$out/diff.txt"; then
  echo "identical: $(find "$out/after" -type f | wc -l) outputs"
else
  echo "DIFFERENT ($(wc -l <"$out/diff.txt") diff lines): $out/diff.txt"
  exit 1
fi
