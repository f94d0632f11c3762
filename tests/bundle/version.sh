#!/usr/bin/env bash
# Prints Gatehouse's version: `version` under [workspace.package] in Cargo.toml, the one place it is set.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="$(awk '/^\[workspace\.package\]/{p=1; next} /^\[/{p=0} p && /^version *=/{gsub(/.*= *"|".*/, ""); print; exit}' "$root/Cargo.toml")"
if [ -z "$version" ]; then
  echo "Cargo.toml has no version under [workspace.package]." >&2
  exit 1
fi
echo "$version"
