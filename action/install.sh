#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): put a tenderlint binary in $TENDERLINT_HOME/bin
# and on the job's PATH.
#
# - VERSION (the `version` input) names a release, e.g. 0.1.0: its archive for this runner is
#   downloaded from the release and checked against the release's SHA256SUMS. A failed
#   download or a checksum that does not match fails the step (and so the job): nothing is run.
# - With no VERSION, the action's own ref decides: a release tag (v0.1.0, or a major tag such
#   as v0) means the version in the action's Cargo.toml, downloaded as above; any other ref (a
#   branch, a commit, a local `uses: ./`) is not released, so tenderlint is built from the
#   action's source with `cargo install`.
# - A binary already in $TENDERLINT_HOME (restored by actions/cache) is used as it is.
#
# Inputs (environment): VERSION, ACTION_PATH, ACTION_REF, ACTION_REPOSITORY, SERVER_URL (the
# GitHub server, for GitHub Enterprise), RUNNER_OS, RUNNER_ARCH, TENDERLINT_HOME. Prints `version=`, `target=` and `mode=` to $GITHUB_OUTPUT
# with RESOLVE_ONLY=1; otherwise installs.
set -euo pipefail

fail() { echo "::error title=tenderlint could not be installed::$*" >&2; exit 1; }

version=${VERSION:-}
version=${version#v}
mode=release
if [ -z "$version" ]; then
  if [[ "${ACTION_REF:-}" =~ ^v[0-9]+(\.[0-9]+(\.[0-9]+)?)?$ ]]; then
    version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ACTION_PATH/Cargo.toml" | head -1)
    [ -n "$version" ] || fail "no version in $ACTION_PATH/Cargo.toml"
  else
    mode=source
    version="source-${ACTION_REF:-local}"
  fi
elif ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([.+-][0-9A-Za-z.-]+)?$ ]]; then
  fail "version \"$VERSION\" is not a release version such as 0.1.0"
fi

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *)
    [ "$mode" = source ] || fail "no release binary for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}; use a branch or commit ref to build from source"
    target=source
    ;;
esac

if [ "${RESOLVE_ONLY:-}" = 1 ]; then
  { echo "version=$version"; echo "target=$target"; echo "mode=$mode"; } >> "$GITHUB_OUTPUT"
  exit 0
fi

exe=""
[ "${RUNNER_OS:-}" = Windows ] && exe=".exe"
bin="$TENDERLINT_HOME/bin"
mkdir -p "$bin"

if [ -x "$bin/tenderlint$exe" ]; then
  echo "tenderlint $version for $target: cached"
elif [ "$mode" = source ]; then
  command -v cargo >/dev/null || fail "this ref of the action is not a release, so it builds tenderlint from source, which needs Rust (cargo) on the runner; or set the version input to a release"
  cargo install --locked --quiet --path "$ACTION_PATH" --root "$TENDERLINT_HOME"
else
  repository=${ACTION_REPOSITORY:-tenderlint/tenderlint}
  base="${SERVER_URL:-https://github.com}/$repository/releases/download/v$version"
  archive="tenderlint-$target.tar.gz"
  [ "$exe" = .exe ] && archive="tenderlint-$target.zip"
  download=$(mktemp -d)
  trap 'rm -rf "$download"' EXIT
  curl --fail --silent --show-error --location --retry 3 -o "$download/$archive" "$base/$archive" \
    || fail "cannot download $base/$archive (is $version a tenderlint release?)"
  curl --fail --silent --show-error --location --retry 3 -o "$download/SHA256SUMS" "$base/SHA256SUMS" \
    || fail "cannot download $base/SHA256SUMS"
  expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$download/SHA256SUMS")
  [ -n "$expected" ] || fail "$archive is not listed in the release's SHA256SUMS"
  if command -v sha256sum >/dev/null; then
    actual=$(sha256sum "$download/$archive" | awk '{ print $1 }')
  else
    actual=$(shasum -a 256 "$download/$archive" | awk '{ print $1 }')
  fi
  [ "$actual" = "$expected" ] || fail "$archive does not match its checksum ($actual, expected $expected)"
  if [ "$exe" = .exe ]; then
    unzip -q "$download/$archive" -d "$download"
  else
    tar xzf "$download/$archive" -C "$download"
  fi
  mv "$download/tenderlint-$target/tenderlint$exe" "$bin/"
fi
"$bin/tenderlint$exe" --version
echo "$bin" >> "$GITHUB_PATH"
