#!/usr/bin/env bash
# The GitHub Action's check step (action.yml): run tenderlint on PATHS with ARGS, writing
# annotations (ANNOTATIONS=true) and a SARIF file (SARIF=true, to SARIF_FILE).
#
# PATHS and ARGS hold one path or one argument per line, so a path or an argument with spaces
# ("bid drafts/our bid.docx", "--select=unfunded-partner") reaches tenderlint as one word;
# blank lines and the spaces around a line are dropped. tenderlint's exit status goes to
# $GITHUB_OUTPUT as `status` (0 clean, 1 findings, 2 a file could not be read) and the step
# itself succeeds, so the steps after it decide what fails the job. TENDERLINT names the binary
# (default: tenderlint on PATH).
set -euo pipefail

lines() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [ -n "$line" ] && printf '%s\0' "$line"
  done <<< "$1"
}
paths=()
while IFS= read -r -d '' item; do paths+=("$item"); done < <(lines "${PATHS:-.}")
[ ${#paths[@]} -gt 0 ] || paths=(.)
args=()
while IFS= read -r -d '' item; do args+=("$item"); done < <(lines "${ARGS:-}")

bin=${TENDERLINT:-tenderlint}
status=0
if [ "${SARIF:-false}" = true ]; then
  "$bin" check --format sarif --output "$SARIF_FILE" ${args[@]+"${args[@]}"} -- "${paths[@]}" || status=$?
fi
if [ "${ANNOTATIONS:-true}" = true ]; then
  run=0
  "$bin" check --format github ${args[@]+"${args[@]}"} -- "${paths[@]}" || run=$?
  [ "${SARIF:-false}" = true ] || status=$run
elif [ "${SARIF:-false}" != true ]; then
  "$bin" check ${args[@]+"${args[@]}"} -- "${paths[@]}" || status=$?
fi
echo "status=$status" >> "$GITHUB_OUTPUT"
