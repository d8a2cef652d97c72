#!/usr/bin/env bash
# Speed and peak memory of tenderlint's PDF extraction, measured against poppler's pdftotext.
#
# Generates (once, cached) the benchmark corpus with ../shared/bench/gen_corpus.py: a ~301-page tender made with
# LibreOffice (big/big_tender.pdf) and 10 bid PDFs (pdf/*.pdf). Times all commands in ONE hyperfine invocation,
# so their ratios hold on a noisy machine, measures peak RSS with GNU time, and prints a Markdown report on
# stdout (progress goes to stderr).
#
# Exit status: 0 both targets PASS, 1 a target FAILs, 2 the benchmark could not run.
# Not part of `cargo test` or CI. See bench/README.md.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_name=pdf-speed
# The common options and their defaults, the build, the corpus and the timing helpers, shared with docx-speed.sh.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$script_dir/lib.sh"

usage() {
    cat <<EOF
Usage: bash bench/pdf-speed.sh [OPTIONS]

Speed and peak memory of 'tenderlint extract' and 'tenderlint check' on PDFs, against 'pdftotext'.
Prints a Markdown report: wall time (hyperfine), ratio to pdftotext, peak RSS (GNU time), and PASS/FAIL for
  - speed:  'tenderlint extract big_tender.pdf' no slower than 'pdftotext big_tender.pdf'
            ('tenderlint check', extraction plus analysis and rules, is reported alongside)
  - memory: peak RSS of tenderlint extract and check on big_tender.pdf <= 2 x file size + 50 MB

Options:
  --corpus DIR   benchmark corpus, generated there once if missing
                 (default: <repo>/target/bench-corpus; generation with LibreOffice takes minutes)
  --regen        regenerate the corpus even if it is cached
  --bin PATH     the tenderlint binary (default: <repo>/target/release/tenderlint,
                 built with 'cargo build --release' first unless --no-build)
  --no-build     do not run cargo build; use --bin as it is
  --runs N       hyperfine runs per command (default: $runs)
  --warmup N     hyperfine warm-up runs per command (default: $warmup)
  -h, --help     show this help

Needs: bash, python3, hyperfine, pdftotext and pdfinfo (poppler-utils), GNU time (/usr/bin/time);
to generate the corpus also pandoc and LibreOffice (soffice), and ../shared/bench/gen_corpus.py.
  apt-get install -y hyperfine poppler-utils time pandoc libreoffice-writer-nogui
Exit status: 0 all PASS, 1 a FAIL, 2 the benchmark could not run.
EOF
}

bench_parse_args "$@"

# ---------------------------------------------------------------- tools
bench_need_tools pdftotext poppler-utils pdfinfo poppler-utils
bench_build

# ---------------------------------------------------------------- corpus
bench_corpus pdf
big="$corpus/big/big_tender.pdf"
small="$corpus/pdf"
small_files=("$small"/*.pdf)

# ---------------------------------------------------------------- sanity: every timed command must really work
# (check_exit in lib.sh: hyperfine -i would otherwise time a fast failure as if it were an extraction)
say "checking that every command works"
check_exit 0 "pdftotext big_tender.pdf" pdftotext -enc UTF-8 "$big" -
check_exit 0 "tenderlint extract big_tender.pdf" "$bin" extract "$big"
check_exit "0 1" "tenderlint check big_tender.pdf" "$bin" check "$big"
for f in "${small_files[@]}"; do
    check_exit 0 "pdftotext $(basename "$f")" pdftotext -enc UTF-8 "$f" -
    check_exit 0 "tenderlint extract $(basename "$f")" "$bin" extract "$f"
done
check_exit "0 1" "tenderlint check pdf/" "$bin" check "$small"

# ---------------------------------------------------------------- timing: one hyperfine invocation
bench_make_tmp

# Loops over the small PDFs run in sh for both tools, so both pay the same process start-ups.
loop_pdftotext='for f in "$1"/*.pdf; do pdftotext -enc UTF-8 "$f" -; done'
loop_extract='for f in "$2"/*.pdf; do "$1" extract "$f"; done'
names=(
    "pdftotext big_tender.pdf"
    "tenderlint extract big_tender.pdf"
    "tenderlint check big_tender.pdf"
    "pdftotext pdf/*.pdf (${#small_files[@]} files, loop)"
    "tenderlint extract pdf/*.pdf (${#small_files[@]} files, loop)"
    "tenderlint check pdf/"
)
cmds=(
    "pdftotext -enc UTF-8 $(q "$big") -"
    "$(q "$bin") extract $(q "$big")"
    "$(q "$bin") check $(q "$big")"
    "sh -c $(q "$loop_pdftotext") sh $(q "$small")"
    "sh -c $(q "$loop_extract") sh $(q "$bin") $(q "$small")"
    "$(q "$bin") check $(q "$small")"
)
run_hyperfine "" # no note for its progress message

# ---------------------------------------------------------------- peak memory: GNU time, the most of $mem_runs runs
say "measuring peak RSS ($mem_runs runs each)"
declare -A rss
rss["pdftotext big_tender.pdf"]=$(peak_kib pdftotext -enc UTF-8 "$big" -)
rss["tenderlint extract big_tender.pdf"]=$(peak_kib "$bin" extract "$big")
rss["tenderlint check big_tender.pdf"]=$(peak_kib "$bin" check "$big")
rss["tenderlint check pdf/"]=$(peak_kib "$bin" check "$small")
for name in "${!rss[@]}"; do
    printf '%s\t%s\n' "$name" "${rss[$name]}"
done >"$tmp/rss.tsv"

# ---------------------------------------------------------------- facts for the report header
bench_common_facts # BENCH_DATE, BENCH_TL, BENCH_CORPUS, BENCH_RUNS, BENCH_TMP, ...
pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages:[[:space:]]*//p'; }
small_pages=0
for f in "${small_files[@]}"; do
    p=$(pages "$f")
    small_pages=$((small_pages + ${p:-0}))
done
export BENCH_PDFTOTEXT BENCH_BIG_PAGES BENCH_BIG_BYTES BENCH_PRODUCER BENCH_SMALL_N BENCH_SMALL_PAGES
export BENCH_SMALL_BYTES
BENCH_PDFTOTEXT=$(version pdftotext -v)
BENCH_BIG_PAGES=$(pages "$big")
BENCH_BIG_BYTES=$(stat -c %s "$big")
BENCH_PRODUCER=$(pdfinfo "$big" 2>/dev/null | sed -n 's/^Producer:[[:space:]]*//p')
BENCH_SMALL_N=${#small_files[@]}
BENCH_SMALL_PAGES=$small_pages
BENCH_SMALL_BYTES=$(cat "${small_files[@]}" | wc -c)

# ---------------------------------------------------------------- report (Markdown on stdout)
python3 - <<'PY'
import json, os, sys

e = os.environ
MB = 1e6  # decimal megabytes throughout: file sizes, RSS and the budget
results = {r["command"]: r for r in json.load(open(os.path.join(e["BENCH_TMP"], "hyperfine.json")))["results"]}
rss = {}
for line in open(os.path.join(e["BENCH_TMP"], "rss.tsv"), encoding="utf-8"):
    name, kib = line.rstrip("\n").split("\t")
    rss[name] = int(kib) * 1024 / MB
names = list(results)
big_base, small_base = names[0], names[3]
# hyperfine -i hides failures; the commands were tried before timing, but check every timed run too.
for i, name in enumerate(names):
    allowed = {0, 1} if "check" in name else {0}
    bad = sorted(set(results[name].get("exit_codes") or []) - allowed)
    if bad:
        print(f"pdf-speed: '{name}' exited {bad} during timing; the figures would be meaningless", file=sys.stderr)
        sys.exit(2)

big_mb = int(e["BENCH_BIG_BYTES"]) / MB
print("# tenderlint PDF extraction: speed and memory\n")
print(f"- date: {e['BENCH_DATE']}")
print(f"- machine: {e['BENCH_NPROC']} CPU(s) (nproc), {e['BENCH_CPU']}, {e['BENCH_KERNEL']}")
print(f"- tools: {e['BENCH_TL']}; {e['BENCH_PDFTOTEXT']}; {e['BENCH_HYPERFINE']}; {e['BENCH_TIME']}; {e['BENCH_PY']}")
print(f"- corpus: {e['BENCH_CORPUS']} ({e['BENCH_PARAMS']})")
print(f"  - big/big_tender.pdf: {e['BENCH_BIG_PAGES']} pages, {big_mb:.2f} MB, producer: {e['BENCH_PRODUCER'] or '?'}")
print(f"  - pdf/*.pdf: {e['BENCH_SMALL_N']} files, {e['BENCH_SMALL_PAGES']} pages, "
      f"{int(e['BENCH_SMALL_BYTES']) / MB:.2f} MB")
print(f"- timing: one hyperfine run of all commands, -N (no shell), --warmup {e['BENCH_WARMUP']} --runs "
      f"{e['BENCH_RUNS']}, output to /dev/null; peak RSS: GNU time %M, the most of {e['BENCH_MEM_RUNS']} runs")
print()
print("| command | mean wall ms ± sd | ratio to pdftotext | peak RSS MB |")
print("|---|---:|---:|---:|")
for i, name in enumerate(names):
    r = results[name]
    base = results[big_base if i < 3 else small_base]["mean"]
    peak = f"{rss[name]:.1f}" if name in rss else "–"
    print(f"| `{name}` | {r['mean'] * 1e3:.1f} ± {(r['stddev'] or 0) * 1e3:.1f} | {r['mean'] / base:.2f}x | {peak} |")
print()
pages = int(e["BENCH_BIG_PAGES"] or 0)
if pages:
    print("Throughput on big_tender.pdf: " + ", ".join(
        f"{n.split(' big_tender')[0]} {pages / results[n]['mean']:.0f} pages/s" for n in names[:3]) + ".\n")

ok = True
extract, check, base = results[names[1]]["mean"], results[names[2]]["mean"], results[big_base]["mean"]
verdict = "PASS" if extract <= base else "FAIL"
ok &= verdict == "PASS"
print(f"- **{verdict}** speed: `tenderlint extract big_tender.pdf` {extract * 1e3:.1f} ms "
      f"{'<=' if extract <= base else '>'} `pdftotext big_tender.pdf` {base * 1e3:.1f} ms ({extract / base:.2f}x)")
# Extraction plus analysis and rules is the target of the performance issue, reported here for the record.
print(f"- info: `tenderlint check big_tender.pdf` (extract + analyse + rules) {check * 1e3:.1f} ms, "
      f"{check / base:.2f}x pdftotext")
budget = 2 * big_mb + 50
worst = max(rss[names[1]], rss[names[2]])
verdict = "PASS" if worst <= budget else "FAIL"
ok &= verdict == "PASS"
print(f"- **{verdict}** memory: peak RSS of tenderlint extract {rss[names[1]]:.1f} MB and check "
      f"{rss[names[2]]:.1f} MB {'<=' if worst <= budget else '>'} budget 2 x {big_mb:.2f} MB + 50 MB = "
      f"{budget:.1f} MB (pdftotext: {rss[big_base]:.1f} MB)")
sys.exit(0 if ok else 1)
PY
