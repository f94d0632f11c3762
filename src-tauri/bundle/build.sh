#!/usr/bin/env bash
# Builds Gatehouse's installers with the Tauri CLI pinned in src-tauri/bundle/package.json: a release build of the
# app, then the bundles named as arguments (default: deb). Run through `make bundle`, which builds the UI (ui/dist)
# and the Worker (server/dist, embedded in the binary) first and puts Node 22 on PATH.
# Output: $CARGO_TARGET_DIR (or target/)/release/bundle/<kind>/, listed at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bundles="${1:-deb}"

for built in ui/dist/index.html server/dist/manifest.json; do
  if [ ! -f "$built" ]; then
    echo "$built is missing: build the UI and the Worker first (make ui server-build), or use make bundle." >&2
    exit 1
  fi
done

# The Tauri CLI, from the npm registry (its lock file pins the platform binaries too).
cli_dir=src-tauri/bundle
if [ ! -f "$cli_dir/node_modules/.package-lock.json" ] || [ "$cli_dir/package-lock.json" -nt "$cli_dir/node_modules/.package-lock.json" ]; then
  echo "npm ci in $cli_dir" >&2
  npm ci --prefix "$cli_dir" --no-audit --no-fund --loglevel=error
fi

# --ci: no prompts. The CLI finds tauri.conf.json in the current directory and turns on the custom-protocol feature.
# `-p gatehouse`: the Tauri CLI builds with `--bins`, which with this workspace's default members would also build
# (and link-time optimise) gatehouse-cli and every other binary of the workspace in release, for nothing.
node "$cli_dir/node_modules/@tauri-apps/cli/tauri.js" build --ci --bundles "$bundles" -- -p gatehouse

target_dir="${CARGO_TARGET_DIR:-$root/target}"
for kind in ${bundles//,/ }; do
  ls -l "$target_dir/release/bundle/$kind/"*."$kind"
done
