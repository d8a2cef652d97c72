#!/usr/bin/env bash
# The PyPI wheel as a user meets it. Builds the wheel with maturin (pyproject.toml, bindings =
# "bin") into target/wheels, installs it in a fresh virtual environment and runs `tenderlint
# check fixtures/` from there (and `--version` installed by pipx and run by uvx) (findings: exit 1, and the same JSON as target/release's binary
# when there is one). Then the pre-commit mirror (packaging/pre-commit) is installed by
# pre-commit itself against that wheel, with no package index, and its hook run on a staged bid
# whose path has spaces: it must fail the commit with the bid's findings, and pass a clean file.
# Needs python3 with venv and pip, and PyPI for maturin, pre-commit, pipx, uv and setuptools
# (tools/wheel-requirements.txt). Usage: bash tools/wheel-check.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "wheel-check: $*" >&2; exit 1; }

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
grep -q "\"tenderlint==$version\"" packaging/pre-commit/pyproject.toml \
  || fail "packaging/pre-commit/pyproject.toml must depend on tenderlint==$version (Cargo.toml's version)"
grep -q "^version = \"$version\"" packaging/pre-commit/pyproject.toml \
  || fail "packaging/pre-commit/pyproject.toml's version must be $version"

python3 -m venv "$work/tools"
if ! "$work/tools/bin/pip" install --quiet --disable-pip-version-check -r tools/wheel-requirements.txt; then
  # Where PyPI cannot be reached the check cannot run; CI must run it.
  [ -z "${CI:-}" ] || fail "cannot install maturin and pre-commit (tools/wheel-requirements.txt)"
  echo "skipped: tools/wheel-check.sh cannot install maturin and pre-commit from PyPI here"
  exit 0
fi
rm -rf target/wheels
"$work/tools/bin/maturin" build --release --locked --out target/wheels
wheels=(target/wheels/tenderlint-"$version"-*.whl)
if [ ${#wheels[@]} -ne 1 ] || [ ! -f "${wheels[0]}" ]; then fail "expected one wheel in target/wheels"; fi
wheel="$root/${wheels[0]}"

# A user's fresh virtual environment: pip install the wheel, run the binary it put on PATH.
python3 -m venv "$work/user"
"$work/user/bin/pip" install --quiet --disable-pip-version-check "$wheel"
[ "$("$work/user/bin/tenderlint" --version)" = "tenderlint $version" ] || fail "wrong --version"
status=0
"$work/user/bin/tenderlint" check --format json fixtures/ > "$work/wheel.json" || status=$?
[ "$status" -eq 1 ] || fail "tenderlint check fixtures/ from the wheel exited $status, expected 1"
if [ -x target/release/tenderlint ]; then
  target/release/tenderlint check --format json fixtures/ > "$work/cargo.json" || true
  cmp -s "$work/wheel.json" "$work/cargo.json" \
    || fail "the wheel's findings differ from target/release/tenderlint's"
fi
# pipx and uvx, as README's Install section tells users to run them.
PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/pipx-bin" "$work/tools/bin/pipx" install --quiet "$wheel" >/dev/null
[ "$("$work/pipx-bin/tenderlint" --version)" = "tenderlint $version" ] || fail "pipx install did not give tenderlint $version"
uvx_version=$(UV_CACHE_DIR="$work/uv-cache" UV_TOOL_DIR="$work/uv-tools" \
  "$work/tools/bin/uv" tool run --quiet --offline --from "$wheel" tenderlint --version)
[ "$uvx_version" = "tenderlint $version" ] || fail "uvx did not run tenderlint $version"
echo "wheel-check: $(basename "$wheel") installs with pip, pipx and uvx and checks fixtures/ (exit 1, $(grep -o '"rule"' "$work/wheel.json" | wc -l) findings)"

# pre-commit, as a user of the mirror runs it: the mirror is a git repository with a tag, the
# hook's environment gets the wheel from target/wheels and nothing from an index.
mkdir -p "$work/links"
"$work/tools/bin/pip" download --quiet --disable-pip-version-check --only-binary :all: \
  --dest "$work/links" "setuptools>=68"
cp -r packaging/pre-commit "$work/mirror"
git -C "$work/mirror" init --quiet
git -C "$work/mirror" add -A
git -C "$work/mirror" -c user.name=ci -c user.email=ci@example.org commit --quiet -m mirror
git -C "$work/mirror" tag "v$version"
mkdir -p "$work/repo/bid drafts"
cp fixtures/bids/youth-employment-bid.md "$work/repo/bid drafts/our bid.md"
printf '# Notes\n\nNothing here is a bid or an agreement.\n' > "$work/repo/notes.md"
git -C "$work/repo" init --quiet
git -C "$work/repo" add -A
export PRE_COMMIT_HOME="$work/pre-commit-home" PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/links ${wheel%/*}"
cd "$work/repo"
status=0
"$work/tools/bin/pre-commit" try-repo "$work/mirror" tenderlint --ref "v$version" \
  --files "bid drafts/our bid.md" > "$work/hook.txt" 2>&1 || status=$?
if [ "$status" -ne 1 ] || ! grep -q "bid drafts/our bid.md" "$work/hook.txt"; then
  cat "$work/hook.txt" >&2
  fail "the hook did not fail the bid with its findings (exit $status)"
fi
"$work/tools/bin/pre-commit" try-repo "$work/mirror" tenderlint --ref "v$version" \
  --files notes.md > "$work/hook.txt" 2>&1 \
  || { cat "$work/hook.txt" >&2; fail "the hook failed a file with no findings"; }
echo "wheel-check: the pre-commit hook installs from the wheel and fails a bid with findings"
