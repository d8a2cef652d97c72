#!/usr/bin/env bash
# Speed and peak memory of tenderlint's DOCX (and ODT) extraction, measured against 'pandoc -t plain'.
#
# Uses the benchmark corpus that bench/pdf-speed.sh uses (generated once, cached, with the same parameters):
# a ~301-page tender (big/big_tender.docx) and 10 bid DOCX files (docx/*.docx). For ODT it converts those DOCX
# files once with LibreOffice into <corpus>/odt/; if that is not possible, or tenderlint cannot read ODT yet, the
# ODT part is skipped with a message and the DOCX part still runs. Times all commands in ONE hyperfine invocation,
# so their ratios hold on a noisy machine, measures peak RSS with GNU time, and prints a Markdown report on
# stdout (progress goes to stderr).
#
# Exit status: 0 all targets PASS, 1 a target FAILs, 2 the benchmark could not run.
# Not part of `cargo test` or CI. See bench/README.md.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_name=docx-speed
# The common options and their defaults, the build, the corpus (the same one as pdf-speed.sh's, made with the same
# parameters) and the timing helpers, shared with pdf-speed.sh.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$script_dir/lib.sh"

odt=1
probe_runs=9
target=5 # tenderlint extract must be at least this many times faster than pandoc
lo_profile=/tmp/lo-profile-bench

usage() {
    cat <<EOF
Usage: bash bench/docx-speed.sh [OPTIONS]

Speed and peak memory of 'tenderlint extract' and 'tenderlint check' on DOCX and ODT files, against
'pandoc -t plain'. Prints a Markdown report: wall time (hyperfine), speed-up over pandoc, MB/s of input, peak RSS
(GNU time), and PASS/FAIL for
  - speed: 'tenderlint extract' at least ${target}x faster than 'pandoc -f docx -t plain' on big_tender.docx, and on
           a loop over docx/*.docx (10 files; one process per file for both tools)
           (the same two for ODT when it is measured; 'tenderlint check' is reported alongside)

Options:
  --corpus DIR   benchmark corpus, generated there once if missing; shared with bench/pdf-speed.sh
                 (default: <repo>/target/bench-corpus; generation with LibreOffice takes minutes)
  --regen        regenerate the corpus (and the ODT copies) even if they are cached
  --no-odt       skip the ODT part
  --bin PATH     the tenderlint binary (default: <repo>/target/release/tenderlint,
                 built with 'cargo build --release' first unless --no-build)
  --no-build     do not run cargo build; use --bin as it is
  --runs N       hyperfine runs per command (default: $runs)
  --warmup N     hyperfine warm-up runs per command (default: $warmup)
  -h, --help     show this help

Needs: bash, python3, hyperfine, pandoc, GNU time (/usr/bin/time); for the ODT part and to generate the corpus
also LibreOffice (soffice), and ../shared/bench/gen_corpus.py to generate the corpus.
  apt-get install -y hyperfine pandoc time libreoffice-writer-nogui
Exit status: 0 all PASS, 1 a FAIL, 2 the benchmark could not run.
EOF
}

bench_extra_option() { # the option of this script alone, for bench_parse_args
    case "$1" in
        --no-odt) odt=0 ;;
        *) return 1 ;;
    esac
}
bench_parse_args "$@"

# ---------------------------------------------------------------- tools
bench_need_tools pandoc pandoc
bench_build

# ---------------------------------------------------------------- corpus (the same one as bench/pdf-speed.sh)
bench_corpus docx # regenerating it removes the ODT copies in $corpus/odt too
big="$corpus/big/big_tender.docx"
small="$corpus/docx"
small_files=("$small"/*.docx)

# ---------------------------------------------------------------- ODT copies: converted once, cached in <corpus>/odt
# odt/big/big_tender.odt and odt/bids/*.odt (the bids in their own folder, so 'tenderlint check odt/bids' does not
# read the big file too). odt/.made-from holds the SHA-256 of the DOCX files they were made from: when the corpus
# changes they are made again. Problems here skip the ODT part (odt_skip says why); they never fail the script.
odt_skip=""
odt_dir="$corpus/odt"
odt_big="$odt_dir/big/big_tender.odt"
odt_small="$odt_dir/bids"
odt_sources() { (cd "$corpus" && sha256sum big/big_tender.docx docx/*.docx); }
odt_ready() {
    local f
    [[ -f $odt_dir/.made-from && $(<"$odt_dir/.made-from") == "$(odt_sources)" && -s $odt_big ]] || return 1
    for f in "${small_files[@]}"; do
        f=$(basename "$f")
        [[ -s $odt_small/${f%.docx}.odt ]] || return 1
    done
}
if ((!odt)); then
    odt_skip="skipped with --no-odt"
elif ((regen)) || ! odt_ready; then
    if ! command -v soffice >/dev/null 2>&1; then
        odt_skip="soffice not found, so there are no ODT files to time (apt-get install -y libreoffice-writer-nogui)"
    else
        say "converting the corpus DOCX files to ODT once, into $odt_dir (soffice --headless --convert-to odt)"
        partial="$odt_dir.partial"
        rm -rf -- "$partial"
        mkdir -p -- "$partial/big" "$partial/bids"
        lo=(soffice "-env:UserInstallation=file://$lo_profile" --headless --convert-to odt)
        command -v timeout >/dev/null 2>&1 && lo=(timeout 900 "${lo[@]}")
        start=$SECONDS
        if "${lo[@]}" --outdir "$partial/bids" "${small_files[@]}" >&2 &&
            "${lo[@]}" --outdir "$partial/big" "$big" >&2; then
            odt_sources >"$partial/.made-from"
            rm -rf -- "$odt_dir"
            mv -- "$partial" "$odt_dir"
            say "ODT files made in $((SECONDS - start)) s"
            # soffice exits 0 without converting when, e.g., another instance holds the profile
            odt_ready || odt_skip="soffice did not write every ODT file into $odt_dir"
        else
            odt_skip="soffice --convert-to odt failed (see the messages above)"
        fi
        [[ -z $odt_skip ]] || rm -rf -- "$partial" "$odt_dir"
    fi
else
    say "using the cached ODT files in $odt_dir"
fi

# ---------------------------------------------------------------- sanity: every timed command must really work
# try_exit and check_exit (lib.sh) make sure no timed command fails: hyperfine -i would otherwise time a fast
# failure, e.g. "unsupported format", as if it were an extraction. An extraction must also print about as many
# words as pandoc does: printing nothing quickly is not fast extraction.
words() { { "$@" 2>/dev/null || true; } | wc -w; }
try_words() { # try_words LABEL FILE PANDOC_FORMAT: tenderlint must print at least half of pandoc's words
    local label=$1 file=$2 from=$3 p t
    p=$(words pandoc -f "$from" -t plain "$file")
    t=$(words "$bin" extract "$file")
    ((p > 0)) || { fail_msg="'pandoc -f $from -t plain $label' printed no words"; return 1; }
    ((2 * t >= p)) && return 0
    fail_msg="'tenderlint extract $label' printed $t words where pandoc printed $p; that is not a full extraction"
    return 1
}
say "checking that every command works"
check_exit 0 "pandoc -f docx -t plain big_tender.docx" pandoc -f docx -t plain "$big"
check_exit 0 "tenderlint extract big_tender.docx" "$bin" extract "$big"
check_exit "0 1" "tenderlint check big_tender.docx" "$bin" check "$big"
try_words big_tender.docx "$big" docx || die "$fail_msg"
for f in "${small_files[@]}"; do
    check_exit 0 "pandoc -f docx -t plain $(basename "$f")" pandoc -f docx -t plain "$f"
    check_exit 0 "tenderlint extract $(basename "$f")" "$bin" extract "$f"
    try_words "$(basename "$f")" "$f" docx || die "$fail_msg"
done
check_exit "0 1" "tenderlint check docx/" "$bin" check "$small"

odt_files=()
if [[ -z $odt_skip ]]; then
    odt_files=("$odt_small"/*.odt)
    odt_ok() {
        local f
        try_exit 0 "pandoc -f odt -t plain big_tender.odt" pandoc -f odt -t plain "$odt_big" || return 1
        try_exit 0 "tenderlint extract big_tender.odt" "$bin" extract "$odt_big" || return 1
        try_exit "0 1" "tenderlint check big_tender.odt" "$bin" check "$odt_big" || return 1
        try_words big_tender.odt "$odt_big" odt || return 1
        for f in "${odt_files[@]}"; do
            try_exit 0 "pandoc -f odt -t plain $(basename "$f")" pandoc -f odt -t plain "$f" || return 1
            try_exit 0 "tenderlint extract $(basename "$f")" "$bin" extract "$f" || return 1
            try_words "$(basename "$f")" "$f" odt || return 1
        done
        try_exit "0 1" "tenderlint check odt/bids/" "$bin" check "$odt_small" || return 1
    }
    odt_ok || odt_skip=$fail_msg
fi
if [[ -n $odt_skip ]]; then
    say "SKIPPING THE ODT PART: $odt_skip"
    odt_files=()
fi

# ---------------------------------------------------------------- timing: one hyperfine invocation
bench_make_tmp
size() { cat "$@" | wc -c; }

names=() cmds=()
# cmds.tsv: name, group (the baseline is the first row of its group), role, input bytes, allowed exit codes
: >"$tmp/cmds.tsv"
add() { # add NAME GROUP ROLE BYTES ALLOWED CMD
    names+=("$1")
    cmds+=("$6")
    printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$tmp/cmds.tsv"
}
add_group() { # add_group FORMAT BIG SMALL_DIR SMALL_LABEL N
    local fmt=$1 bigf=$2 dir=$3 label=$4 n=$5 big_bytes small_bytes loop_pandoc loop_extract
    # Loops over the small files run in sh for both tools, so both pay the same process start-ups.
    loop_pandoc="for f in \"\$1\"/*.$fmt; do pandoc -f $fmt -t plain \"\$f\"; done"
    loop_extract="for f in \"\$2\"/*.$fmt; do \"\$1\" extract \"\$f\"; done"
    big_bytes=$(size "$bigf")
    small_bytes=$(size "$dir"/*."$fmt")
    add "pandoc big_tender.$fmt" "big $fmt" pandoc "$big_bytes" 0 \
        "pandoc -f $fmt -t plain $(q "$bigf")"
    add "tenderlint extract big_tender.$fmt" "big $fmt" extract "$big_bytes" 0 \
        "$(q "$bin") extract $(q "$bigf")"
    add "tenderlint check big_tender.$fmt" "big $fmt" check "$big_bytes" "0 1" \
        "$(q "$bin") check $(q "$bigf")"
    add "pandoc $label*.$fmt ($n files, loop)" "small $fmt" pandoc "$small_bytes" 0 \
        "sh -c $(q "$loop_pandoc") sh $(q "$dir")"
    add "tenderlint extract $label*.$fmt ($n files, loop)" "small $fmt" extract "$small_bytes" 0 \
        "sh -c $(q "$loop_extract") sh $(q "$bin") $(q "$dir")"
    add "tenderlint check $label" "small $fmt" check "$small_bytes" "0 1" \
        "$(q "$bin") check $(q "$dir")"
}
add_group docx "$big" "$small" docx/ "${#small_files[@]}"
[[ -n $odt_skip ]] || add_group odt "$odt_big" "$odt_small" odt/bids/ "${#odt_files[@]}"

load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown) # other work skews the figures; report it
run_hyperfine "; load average $load"

# ---------------------------------------------------------------- peak memory: GNU time, the most of $mem_runs runs
say "measuring peak RSS ($mem_runs runs each)"
{
    printf '%s\t%s\n' "pandoc big_tender.docx" "$(peak_kib pandoc -f docx -t plain "$big")"
    printf '%s\t%s\n' "tenderlint extract big_tender.docx" "$(peak_kib "$bin" extract "$big")"
    printf '%s\t%s\n' "tenderlint check big_tender.docx" "$(peak_kib "$bin" check "$big")"
    printf '%s\t%s\n' "tenderlint check docx/" "$(peak_kib "$bin" check "$small")"
    if [[ -z $odt_skip ]]; then
        printf '%s\t%s\n' "pandoc big_tender.odt" "$(peak_kib pandoc -f odt -t plain "$odt_big")"
        printf '%s\t%s\n' "tenderlint extract big_tender.odt" "$(peak_kib "$bin" extract "$odt_big")"
        printf '%s\t%s\n' "tenderlint check big_tender.odt" "$(peak_kib "$bin" check "$odt_big")"
        printf '%s\t%s\n' "tenderlint check odt/bids/" "$(peak_kib "$bin" check "$odt_small")"
    fi
} >"$tmp/rss.tsv"

# ---------------------------------------------------------------- per file: which small file is slowest to read?
# Not a target: the median of $probe_runs runs of each tool on each small file, to spot a file one tool reads
# much more slowly than the others (the loops above only show the sum).
say "timing each small file ($probe_runs runs each)"
python3 - "$tmp/perfile.tsv" "$probe_runs" "$bin" "${small_files[@]}" "${odt_files[@]}" <<'PY'
import os, statistics, subprocess, sys, time

out, runs, tl, files = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
def median_s(cmd):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)
with open(out, "w", encoding="utf-8") as f:
    for path in files:
        fmt = path.rsplit(".", 1)[1]
        p = median_s(["pandoc", "-f", fmt, "-t", "plain", path])
        t = median_s([tl, "extract", path])
        f.write(f"{os.path.basename(path)}\t{fmt}\t{os.path.getsize(path)}\t{p}\t{t}\n")
PY

# ---------------------------------------------------------------- facts for the report header
bench_common_facts # BENCH_DATE, BENCH_TL, BENCH_CORPUS, BENCH_RUNS, BENCH_TMP, ...
export BENCH_LOAD BENCH_PANDOC BENCH_SOFFICE BENCH_BIG_PAGES BENCH_PROBE_RUNS BENCH_TARGET BENCH_ODT_SKIP
BENCH_LOAD=$load
BENCH_PANDOC=$(version pandoc --version)
BENCH_SOFFICE=""
[[ -z $odt_skip ]] && BENCH_SOFFICE="; ODT made with $(version soffice --version | sed 's/ [0-9a-f]\{40\}$//')"
# The same tender as big_tender.pdf, so its page count (if pdfinfo and the PDF are there) is the DOCX's too.
BENCH_BIG_PAGES=$(pdfinfo "$corpus/big/big_tender.pdf" 2>/dev/null | sed -n 's/^Pages:[[:space:]]*//p' || true)
BENCH_PROBE_RUNS=$probe_runs
BENCH_TARGET=$target
BENCH_ODT_SKIP=$odt_skip

# ---------------------------------------------------------------- report (Markdown on stdout)
python3 - <<'PY'
import json, os, statistics, sys

e = os.environ
MB = 1e6  # decimal megabytes throughout: file sizes, throughput and RSS
tmp, target = e["BENCH_TMP"], float(e["BENCH_TARGET"])
results = {r["command"]: r for r in json.load(open(os.path.join(tmp, "hyperfine.json")))["results"]}
meta = []  # (name, group, role, bytes, allowed exit codes)
for line in open(os.path.join(tmp, "cmds.tsv"), encoding="utf-8"):
    name, group, role, nbytes, allowed = line.rstrip("\n").split("\t")
    meta.append((name, group, role, int(nbytes), {int(c) for c in allowed.split()}))
rss = {}
for line in open(os.path.join(tmp, "rss.tsv"), encoding="utf-8"):
    name, kib = line.rstrip("\n").split("\t")
    rss[name] = int(kib) * 1024 / MB
perfile = []
for line in open(os.path.join(tmp, "perfile.tsv"), encoding="utf-8"):
    name, fmt, nbytes, p, t = line.rstrip("\n").split("\t")
    perfile.append((name, fmt, int(nbytes), float(p), float(t)))

# hyperfine -i hides failures; the commands were tried before timing, but check every timed run too.
for name, _, _, _, allowed in meta:
    bad = sorted(set(results[name].get("exit_codes") or []) - allowed)
    if bad:
        print(f"docx-speed: '{name}' exited {bad} during timing; the figures would be meaningless", file=sys.stderr)
        sys.exit(2)

groups = {}
for name, group, role, nbytes, _ in meta:
    groups.setdefault(group, {})[role] = (name, nbytes)
def base_of(group):
    return results[groups[group]["pandoc"][0]]["mean"]

bytes_of = {name: nbytes for name, _, _, nbytes, _ in meta}
big_docx = bytes_of["pandoc big_tender.docx"]
small_docx = groups["small docx"]["pandoc"]
print("# tenderlint DOCX and ODT extraction: speed against pandoc\n")
print(f"- date: {e['BENCH_DATE']}")
print(f"- machine: {e['BENCH_NPROC']} CPU(s) (nproc), {e['BENCH_CPU']}, {e['BENCH_KERNEL']}; load average "
      f"{e['BENCH_LOAD']} when timing started")
print(f"- tools: {e['BENCH_TL']}; {e['BENCH_PANDOC']}; {e['BENCH_HYPERFINE']}; {e['BENCH_TIME']}; "
      f"{e['BENCH_PY']}{e['BENCH_SOFFICE']}")
print(f"- corpus: {e['BENCH_CORPUS']} ({e['BENCH_PARAMS']})")
pages = f"{e['BENCH_BIG_PAGES']} pages as PDF, " if e["BENCH_BIG_PAGES"] else ""
print(f"  - big/big_tender.docx: {pages}{big_docx / MB:.3f} MB")
n_docx = sum(1 for p in perfile if p[1] == "docx")
print(f"  - docx/*.docx: {n_docx} files, {small_docx[1] / MB:.3f} MB")
if "big odt" in groups:
    n_odt = sum(1 for p in perfile if p[1] == "odt")
    print(f"  - odt/big/big_tender.odt: {bytes_of['pandoc big_tender.odt'] / MB:.3f} MB; odt/bids/*.odt: {n_odt} "
          f"files, {groups['small odt']['pandoc'][1] / MB:.3f} MB (LibreOffice's conversions of the DOCX files)")
else:
    print("  - ODT: skipped (why: see the end of the report)")
print(f"- timing: one hyperfine run of all commands, -N (no shell), --warmup {e['BENCH_WARMUP']} --runs "
      f"{e['BENCH_RUNS']}, output to /dev/null; peak RSS: GNU time %M, the most of {e['BENCH_MEM_RUNS']} runs; "
      f"MB = 10^6 bytes, MB/s = input file bytes / mean wall time")
print()
print("| command | mean wall ms ± sd | pandoc ÷ this | input MB/s | peak RSS MB |")
print("|---|---:|---:|---:|---:|")
for name, group, role, nbytes, _ in meta:
    r = results[name]
    speedup = "1.0x (baseline)" if role == "pandoc" else f"{base_of(group) / r['mean']:.1f}x"
    peak = f"{rss[name]:.1f}" if name in rss else "–"
    print(f"| `{name}` | {r['mean'] * 1e3:.1f} ± {(r['stddev'] or 0) * 1e3:.1f} | {speedup} | "
          f"{nbytes / MB / r['mean']:.2f} | {peak} |")
print()

# Per file: the loops only show sums, so name the slowest file and the smallest speed-up.
for fmt in ("docx", "odt"):
    rows = [p for p in perfile if p[1] == fmt]
    if not rows:
        continue
    tl = [p[4] for p in rows]
    slow = max(rows, key=lambda p: p[4])
    worst = min(rows, key=lambda p: p[3] / p[4])
    med = statistics.median(tl)
    line = (f"Per {fmt} file (median of {e['BENCH_PROBE_RUNS']} runs each, process start-up included): tenderlint "
            f"extract {min(tl) * 1e3:.1f}–{max(tl) * 1e3:.1f} ms, pandoc {min(p[3] for p in rows) * 1e3:.0f}–"
            f"{max(p[3] for p in rows) * 1e3:.0f} ms; slowest for tenderlint `{slow[0]}` {slow[4] * 1e3:.1f} ms; "
            f"smallest speed-up {worst[3] / worst[4]:.1f}x (`{worst[0]}`).")
    odd = [p for p in rows if p[4] > 3 * med]
    if odd:
        line += " **Much slower than the rest** (over 3x the median " + f"{med * 1e3:.1f} ms): " + ", ".join(
            f"`{p[0]}` {p[4] * 1e3:.1f} ms" for p in odd) + "."
    print(line + "\n")

def faster(ratio):
    return f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"

ok = True
def verdict(group, what):
    global ok
    g = groups[group]
    base, ext = results[g["pandoc"][0]]["mean"], results[g["extract"][0]]["mean"]
    good = base / ext >= target
    ok &= good
    print(f"- **{'PASS' if good else 'FAIL'}** speed, {what}: `{g['extract'][0]}` {ext * 1e3:.1f} ms vs "
          f"`{g['pandoc'][0]}` {base * 1e3:.1f} ms: tenderlint is {faster(base / ext)} "
          f"(target: at least {target:g}x faster)")
def info(group):
    g = groups[group]
    base, chk = results[g["pandoc"][0]]["mean"], results[g["check"][0]]["mean"]
    print(f"- info: `{g['check'][0]}` (extract + analyse + rules) {chk * 1e3:.1f} ms, {faster(base / chk)} than "
          f"pandoc's extraction alone")
verdict("big docx", "big DOCX")
verdict("small docx", "DOCX loop")
info("big docx")
info("small docx")
if "big odt" in groups:
    verdict("big odt", "big ODT")
    verdict("small odt", "ODT loop")
    info("big odt")
    info("small odt")
else:
    print(f"- **SKIP** ODT: {e['BENCH_ODT_SKIP']}")
sys.exit(0 if ok else 1)
PY
