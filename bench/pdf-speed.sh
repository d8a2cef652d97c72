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
repo=$(dirname "$script_dir")
shared="$(dirname "$repo")/shared"
gen="$shared/bench/gen_corpus.py"
default_bin="$repo/target/release/tenderlint"

corpus="$repo/target/bench-corpus"
bin="$default_bin"
build=1
regen=0
runs=10
warmup=2
mem_runs=3
# The corpus the targets were set on; changing these changes what is measured.
gen_n=50
gen_seed=20240601

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

die() {
    echo "pdf-speed: $*" >&2
    exit 2
}
say() { echo "pdf-speed: $*" >&2; }

while (($#)); do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --corpus) (($# >= 2)) || die "--corpus needs a directory"; corpus=$2; shift 2 ;;
        --corpus=*) corpus=${1#*=}; shift ;;
        --bin) (($# >= 2)) || die "--bin needs a path"; bin=$2; shift 2 ;;
        --bin=*) bin=${1#*=}; shift ;;
        --no-build) build=0; shift ;;
        --regen) regen=1; shift ;;
        --runs) (($# >= 2)) || die "--runs needs a number"; runs=$2; shift 2 ;;
        --runs=*) runs=${1#*=}; shift ;;
        --warmup) (($# >= 2)) || die "--warmup needs a number"; warmup=$2; shift 2 ;;
        --warmup=*) warmup=${1#*=}; shift ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$runs'"
[[ $warmup =~ ^[0-9]+$ ]] || die "--warmup must be a non-negative integer, not '$warmup'"

# ---------------------------------------------------------------- tools
need() { # need TOOL PACKAGE
    command -v "$1" >/dev/null 2>&1 || die "$1 not found; install it with: apt-get install -y $2"
}
need python3 python3
need hyperfine hyperfine
need pdftotext poppler-utils
need pdfinfo poppler-utils
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found; install it with: apt-get install -y time"

bin_dir=$(cd "$(dirname "$bin")" 2>/dev/null && pwd) || die "--bin: no such directory: $(dirname "$bin")"
bin="$bin_dir/$(basename "$bin")"
if [[ $bin == "$default_bin" && $build == 1 ]]; then
    # cargo is a no-op when the binary is fresh, and this way the figures never come from a stale build
    command -v cargo >/dev/null 2>&1 || die "cargo not found; install Rust (https://rustup.rs) or pass --bin/--no-build"
    say "cargo build --release"
    (cd "$repo" && cargo build --release >&2) || die "cargo build --release failed"
fi
[[ -f $bin && -x $bin ]] || die "$bin: not an executable file"

# ---------------------------------------------------------------- corpus
params="gen_corpus.py --n $gen_n --seed $gen_seed"
corpus_ready() {
    [[ -f $corpus/.bench-params && $(<"$corpus/.bench-params") == "$params" && -s $corpus/big/big_tender.pdf ]] &&
        compgen -G "$corpus/pdf/*.pdf" >/dev/null
}
if ((regen)) || ! corpus_ready; then
    [[ -f $gen ]] || die "$gen not found (the corpus generator lives in the repository's sibling shared/bench/)"
    need pandoc pandoc
    need soffice libreoffice-writer-nogui
    # Only ever delete a directory this script made (or an empty one), never what --corpus happens to point at.
    if [[ -e $corpus && ! -f $corpus/.bench-params && ! -f $corpus/MANIFEST.tsv ]] &&
        [[ -n $(ls -A "$corpus" 2>/dev/null) ]]; then
        die "$corpus exists and is not a generated corpus; refusing to overwrite it (choose another --corpus)"
    fi
    partial="$corpus.partial"
    rm -rf -- "$partial"
    mkdir -p -- "$(dirname "$corpus")"
    say "generating the corpus in $corpus (python3 $gen --out ... --n $gen_n --seed $gen_seed; LibreOffice can take minutes)"
    start=$SECONDS
    python3 "$gen" --out "$partial" --n "$gen_n" --seed "$gen_seed" >&2 || die "corpus generation failed"
    echo "$params" >"$partial/.bench-params"
    rm -rf -- "$corpus"
    mv -- "$partial" "$corpus"
    say "corpus generated in $((SECONDS - start)) s"
    corpus_ready || die "the generator did not produce big/big_tender.pdf and pdf/*.pdf in $corpus"
else
    say "using the cached corpus in $corpus (--regen to rebuild it)"
fi
corpus=$(cd "$corpus" && pwd)
big="$corpus/big/big_tender.pdf"
small="$corpus/pdf"
small_files=("$small"/*.pdf)

# ---------------------------------------------------------------- sanity: every timed command must really work
# hyperfine -i (needed because 'tenderlint check' exits 1 when it finds problems) would otherwise time a fast
# failure, e.g. "unsupported format", as if it were an extraction.
check_exit() { # check_exit ALLOWED_CODES DESCRIPTION CMD...
    local allowed=$1 what=$2 err code=0
    shift 2
    err=$("$@" 2>&1 >/dev/null) || code=$?
    [[ " $allowed " == *" $code "* ]] ||
        die "'$what' exited $code (expected $allowed), so there is nothing to time: $(head -n 3 <<<"$err")"
}
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
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pdf-speed.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; } # single-quote for hyperfine's shell-words splitting under -N

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
hf_args=(-N -i --warmup "$warmup" --runs "$runs" --style basic --export-json "$tmp/hyperfine.json")
for i in "${!cmds[@]}"; do
    hf_args+=(-n "${names[$i]}" "${cmds[$i]}")
done
say "hyperfine --warmup $warmup --runs $runs (${#cmds[@]} commands)"
hyperfine "${hf_args[@]}" >&2 || die "hyperfine failed"

# ---------------------------------------------------------------- peak memory: GNU time, the most of $mem_runs runs
peak_kib() { # peak_kib CMD...: prints the highest maximum resident set size in KiB
    local best=0 kib i
    for ((i = 0; i < mem_runs; i++)); do
        /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >/dev/null 2>&1 || true # check exits 1; exits were checked above
        kib=$(tail -n 1 "$tmp/rss")
        [[ $kib =~ ^[0-9]+$ ]] || die "GNU time gave no RSS for: $*"
        ((kib > best)) && best=$kib
    done
    echo "$best"
}
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
version() { "$@" 2>&1 | head -n 1 || true; }
cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
[[ -n $cpu ]] || cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages:[[:space:]]*//p'; }
small_pages=0
for f in "${small_files[@]}"; do
    p=$(pages "$f")
    small_pages=$((small_pages + ${p:-0}))
done
export BENCH_DATE BENCH_NPROC BENCH_CPU BENCH_KERNEL BENCH_TL BENCH_PDFTOTEXT BENCH_HYPERFINE BENCH_TIME BENCH_PY
export BENCH_CORPUS BENCH_PARAMS BENCH_BIG_PAGES BENCH_BIG_BYTES BENCH_PRODUCER BENCH_SMALL_N BENCH_SMALL_PAGES
export BENCH_SMALL_BYTES BENCH_RUNS BENCH_WARMUP BENCH_MEM_RUNS BENCH_TMP
BENCH_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
BENCH_NPROC=$(nproc)
BENCH_CPU=${cpu:-unknown}
BENCH_KERNEL=$(uname -srm)
BENCH_TL=$(version "$bin" --version)
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]] && commit+=" + uncommitted changes"
BENCH_TL+=" (repository at $commit)"
BENCH_PDFTOTEXT=$(version pdftotext -v)
BENCH_HYPERFINE=$(version hyperfine --version)
BENCH_TIME="GNU time $(dpkg-query -W -f '${Version}' time 2>/dev/null || /usr/bin/time --version 2>&1 | head -n 1)"
BENCH_PY=$(python3 --version 2>&1)
BENCH_CORPUS=$corpus
BENCH_PARAMS=$params
BENCH_BIG_PAGES=$(pages "$big")
BENCH_BIG_BYTES=$(stat -c %s "$big")
BENCH_PRODUCER=$(pdfinfo "$big" 2>/dev/null | sed -n 's/^Producer:[[:space:]]*//p')
BENCH_SMALL_N=${#small_files[@]}
BENCH_SMALL_PAGES=$small_pages
BENCH_SMALL_BYTES=$(cat "${small_files[@]}" | wc -c)
BENCH_RUNS=$runs
BENCH_WARMUP=$warmup
BENCH_MEM_RUNS=$mem_runs
BENCH_TMP=$tmp

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
