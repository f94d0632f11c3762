#!/usr/bin/env bash
# Gatehouse's version lives in one place: `version` under [workspace.package] in Cargo.toml. Every crate inherits
# it, tauri.conf.json leaves it out (so Tauri takes Cargo's), and the npm packages must say the same.
# Usage: check-versions.sh [EXPECTED]   (EXPECTED, e.g. from a release tag v1.2.3, must match too)
# Needs node on PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

version="$(bash tests/bundle/version.sh)"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

if [ $# -gt 0 ]; then
  expected="${1#v}"
  [ "$expected" = "$version" ] || fail "the release tag says $expected but Cargo.toml says $version; bump [workspace.package] version first"
fi

# tauri.conf.json must not carry a version of its own.
if node -e 'process.exit("version" in require("./tauri.conf.json") ? 0 : 1)'; then
  fail "tauri.conf.json has a \"version\"; remove it so the app takes Cargo.toml's"
fi

# Every crate in the workspace inherits the version.
for manifest in Cargo.toml src-tauri/crates/*/Cargo.toml; do
  if ! awk '/^\[package\]/{p=1; next} /^\[/{p=0} p && /^version\.workspace *= *true/{found=1} END{exit !found}' "$manifest"; then
    fail "$manifest: [package] should say version.workspace = true"
  fi
done

# The npm packages (package.json and the root entry of package-lock.json).
for pkg in ui server; do
  got="$(node -p "require('./$pkg/package.json').version")"
  [ "$got" = "$version" ] || fail "$pkg/package.json has version $got, Cargo.toml has $version"
  if [ -f "$pkg/package-lock.json" ]; then
    got="$(node -p "const l = require('./$pkg/package-lock.json'); l.version + ' ' + l.packages[''].version")"
    [ "$got" = "$version $version" ] || fail "$pkg/package-lock.json has version(s) $got; run npm install --prefix $pkg after changing the version"
  fi
done

if [ "$failures" -gt 0 ]; then
  echo "check-versions: $failures problem(s)" >&2
  exit 1
fi
echo "check-versions: everything says $version"
