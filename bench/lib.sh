# shellcheck shell=bash
# Code shared by bench/pdf-speed.sh and bench/docx-speed.sh, which both source this file; it is not run on its own.
#
# It holds what the two speed benchmarks do the same way: the common options and their defaults, the release
# build, the cached benchmark corpus, the check that every timed command really works, the hyperfine run, peak
# RSS with GNU time and the facts in the report header. What is specific to one format (PDF: pages, pdfinfo and
# the PASS/FAIL targets; DOCX: the ODT copies, the word-count check, per-file timing and the verdicts) stays in
# that script.
#
# The sourcing script runs under `set -euo pipefail` and, before `source "$script_dir/lib.sh"`, sets
#   script_dir   the absolute path of bench/ (the repository is its parent)
#   bench_name   its short name: the prefix of every message (pdf-speed: ...) and of its temporary directory
# It then defines usage() (its --help text) and, if it has options of its own, bench_extra_option() (see
# bench_parse_args), and calls, in this order: bench_parse_args "$@", bench_need_tools, bench_build and
# bench_corpus; the other functions as it needs them.
#
# Exit status, as the scripts document it: die() exits 2, "the benchmark could not run"; 0 and 1 (targets PASS or
# FAIL) are the scripts' own business.

: "${script_dir:?set script_dir before sourcing lib.sh}" "${bench_name:?set bench_name before sourcing lib.sh}"

repo=$(dirname "$script_dir")
shared="$(dirname "$repo")/shared"
gen="$shared/bench/gen_corpus.py"
default_bin="$repo/target/release/tenderlint"

# Defaults of the common options (usage() shows $runs and $warmup, so they are set before it is called).
corpus="$repo/target/bench-corpus"
bin="$default_bin"
build=1
regen=0
runs=10
warmup=2
mem_runs=3 # GNU time runs per command; the peak RSS reported is the most of them
# The corpus the targets were set on, shared by both scripts; changing these changes what is measured.
gen_n=50
gen_seed=20240601
# Written to <corpus>/.bench-params when the corpus is made: a corpus made with other parameters is not reused.
params="gen_corpus.py --n $gen_n --seed $gen_seed"

# ---------------------------------------------------------------- messages
# Everything but the report goes to stderr, so that stdout holds only the Markdown report.
die() { # die MESSAGE: print it and exit 2 ("the benchmark could not run")
    echo "$bench_name: $*" >&2
    exit 2
}
say() { echo "$bench_name: $*" >&2; } # say MESSAGE: progress, on stderr

# ---------------------------------------------------------------- options
# bench_parse_args "$@": parses the options both scripts take (-h/--help, --corpus, --regen, --bin, --no-build,
# --runs, --warmup; the ones with a value also as --opt=VALUE) into the variables above, then validates --runs and
# --warmup. Any other argument is offered to bench_extra_option ARG, if the script defines it: it returns 0 when
# ARG is one of the script's own options (flags without a value, such as docx-speed.sh's --no-odt) and 1
# otherwise. An argument nobody knows, or a bad value, exits 2.
bench_parse_args() {
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
            *)
                if declare -F bench_extra_option >/dev/null && bench_extra_option "$1"; then
                    shift
                else
                    die "unknown argument: $1 (see --help)"
                fi
                ;;
        esac
    done
    [[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$runs'"
    [[ $warmup =~ ^[0-9]+$ ]] || die "--warmup must be a non-negative integer, not '$warmup'"
}

# ---------------------------------------------------------------- tools
need() { # need TOOL PACKAGE: exit 2, naming the Debian package to install, unless TOOL is on the PATH
    command -v "$1" >/dev/null 2>&1 || die "$1 not found; install it with: apt-get install -y $2"
}
# bench_need_tools [TOOL PACKAGE]...: checks the tools every run needs (python3 for the report, hyperfine, the
# given TOOL/PACKAGE pairs, GNU time), up front, so that a missing one stops the script before any timing.
bench_need_tools() {
    need python3 python3
    need hyperfine hyperfine
    while (($# >= 2)); do
        need "$1" "$2"
        shift 2
    done
    # bash's own `time` keyword cannot report memory; /usr/bin/time -f %M can.
    [[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found; install it with: apt-get install -y time"
}

# ---------------------------------------------------------------- the binary
# bench_build: makes $bin absolute (the timed commands run from other directories) and, when it is the default
# target/release/tenderlint and --no-build was not given, runs 'cargo build --release' first.
bench_build() {
    local bin_dir
    bin_dir=$(cd "$(dirname "$bin")" 2>/dev/null && pwd) || die "--bin: no such directory: $(dirname "$bin")"
    bin="$bin_dir/$(basename "$bin")"
    if [[ $bin == "$default_bin" && $build == 1 ]]; then
        # cargo is a no-op when the binary is fresh, and this way the figures never come from a stale build
        command -v cargo >/dev/null 2>&1 ||
            die "cargo not found; install Rust (https://rustup.rs) or pass --bin/--no-build"
        say "cargo build --release"
        (cd "$repo" && cargo build --release >&2) || die "cargo build --release failed"
    fi
    [[ -f $bin && -x $bin ]] || die "$bin: not an executable file"
}

# ---------------------------------------------------------------- corpus
# corpus_ready EXT: the corpus in $corpus was made with $params and holds big/big_tender.EXT and EXT/*.EXT.
corpus_ready() {
    local ext=$1
    [[ -f $corpus/.bench-params && $(<"$corpus/.bench-params") == "$params" && -s $corpus/big/big_tender.$ext ]] &&
        compgen -G "$corpus/$ext/*.$ext" >/dev/null
}
# bench_corpus EXT: makes sure the corpus in $corpus is ready for EXT (pdf, docx), generating it with
# ../shared/bench/gen_corpus.py (pandoc and LibreOffice; minutes) when it is missing, was made with other
# parameters, or --regen was given; then makes $corpus absolute. Generation writes into <corpus>.partial and
# moves it into place only when it has finished, so an interrupted run never leaves a half-made corpus that
# would later pass for a cached one.
bench_corpus() {
    local ext=$1 partial start
    if ((regen)) || ! corpus_ready "$ext"; then
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
        say "generating the corpus in $corpus (python3 $gen --out ... --n $gen_n --seed $gen_seed;" \
            "LibreOffice can take minutes)"
        start=$SECONDS
        python3 "$gen" --out "$partial" --n "$gen_n" --seed "$gen_seed" >&2 || die "corpus generation failed"
        echo "$params" >"$partial/.bench-params"
        rm -rf -- "$corpus" # whatever a script derived from the old corpus in it (docx-speed.sh's odt/) goes too
        mv -- "$partial" "$corpus"
        say "corpus generated in $((SECONDS - start)) s"
        corpus_ready "$ext" || die "the generator did not produce big/big_tender.$ext and $ext/*.$ext in $corpus"
    else
        say "using the cached corpus in $corpus (--regen to rebuild it)"
    fi
    corpus=$(cd "$corpus" && pwd)
}

# ---------------------------------------------------------------- sanity: every timed command must really work
# hyperfine must run with -i (ignore failures), because 'tenderlint check' exits 1 whenever it finds problems in a
# tender, which is its normal outcome. Without a check beforehand hyperfine would then just as happily time a fast
# failure, e.g. "unsupported format", as if it were an extraction, and the figures would look excellent. So every
# command is run once first and its exit code compared with the codes it may have.
fail_msg=""
try_exit() { # try_exit ALLOWED_CODES DESCRIPTION CMD...: returns 1 and sets fail_msg when the exit code is wrong
    local allowed=$1 what=$2 err code=0
    shift 2
    err=$("$@" 2>&1 >/dev/null) || code=$?
    [[ " $allowed " == *" $code "* ]] && return 0
    fail_msg="'$what' exited $code (expected $allowed), so there is nothing to time: $(head -n 3 <<<"$err")"
    return 1
}
check_exit() { try_exit "$@" || die "$fail_msg"; } # check_exit ALLOWED_CODES DESCRIPTION CMD...: exits 2 if wrong

# ---------------------------------------------------------------- timing
# bench_make_tmp: sets $tmp to a new temporary directory (hyperfine's JSON, the RSS figures, ...), removed on exit.
bench_make_tmp() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/$bench_name.XXXXXX")
    trap 'rm -rf -- "$tmp"' EXIT
}
# q STRING: STRING single-quoted. hyperfine -N runs a command without a shell, splitting its command string into
# words the way a shell would, so paths and sh -c scripts must be quoted to arrive as one argument each.
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
# run_hyperfine [NOTE]: times the commands in the arrays cmds (hyperfine -N command strings) and names (their
# names in the report) in ONE hyperfine invocation, so that their ratios hold on a noisy machine, and exports the
# results to $tmp/hyperfine.json; NOTE is appended to the progress message. Its table goes to stderr.
# shellcheck disable=SC2154 # cmds and names are the sourcing script's
run_hyperfine() {
    local i hf_args
    hf_args=(-N -i --warmup "$warmup" --runs "$runs" --style basic --export-json "$tmp/hyperfine.json")
    for i in "${!cmds[@]}"; do
        hf_args+=(-n "${names[$i]}" "${cmds[$i]}")
    done
    say "hyperfine --warmup $warmup --runs $runs (${#cmds[@]} commands${1-})"
    hyperfine "${hf_args[@]}" >&2 || die "hyperfine failed"
}

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

# ---------------------------------------------------------------- facts for the report header
# version CMD...: the first line CMD prints, on stdout or stderr; never fails, since a missing version only makes
# the header poorer.
version() { "$@" 2>&1 | head -n 1 || true; }
# bench_common_facts: sets and exports the BENCH_* variables both reports print (date, machine, tenderlint with
# the repository's commit, hyperfine, GNU time, Python, corpus, runs, $tmp) for the Python report that follows.
bench_common_facts() {
    local cpu commit
    cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
    [[ -n $cpu ]] || cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
    export BENCH_DATE BENCH_NPROC BENCH_CPU BENCH_KERNEL BENCH_TL BENCH_HYPERFINE BENCH_TIME BENCH_PY BENCH_CORPUS
    export BENCH_PARAMS BENCH_RUNS BENCH_WARMUP BENCH_MEM_RUNS BENCH_TMP
    BENCH_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
    BENCH_NPROC=$(nproc)
    BENCH_CPU=${cpu:-unknown}
    BENCH_KERNEL=$(uname -srm)
    BENCH_TL=$(version "$bin" --version)
    commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
    # figures from a binary built with local edits must say so
    [[ -n $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]] && commit+=" + uncommitted changes"
    BENCH_TL+=" (repository at $commit)"
    BENCH_HYPERFINE=$(version hyperfine --version)
    BENCH_TIME="GNU time $(dpkg-query -W -f '${Version}' time 2>/dev/null || /usr/bin/time --version 2>&1 | head -n 1)"
    BENCH_PY=$(python3 --version 2>&1)
    BENCH_CORPUS=$corpus
    BENCH_PARAMS=$params
    BENCH_RUNS=$runs
    BENCH_WARMUP=$warmup
    BENCH_MEM_RUNS=$mem_runs
    BENCH_TMP=$tmp
}
