#!/usr/bin/env bash
# `make run`: starts Gatehouse on the local Cloudflare. It first starts the local Cloudflare on loopback and
# points the app at it, so the whole journey can be walked without an account. Only an explicit choice
# starts the app alone: GATEHOUSE_CLOUDFLARE=real (your account, with the API token saved in the app or
# pasted in Setup) or GATEHOUSE_CLOUDFLARE_API (another API). CLOUDFLARE_API_TOKEN does not count: the app
# never reads it (gatehouse-cli does), and a token kept in the shell for wrangler should not switch the
# demo to a real account. Local deployments, settings and keychain entries are kept apart from real ones
# and survive restarts (state in $XDG_DATA_HOME/gatehouse-local).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
app="${1:?usage: run.sh PATH_TO_APP_BINARY}"

if [ -n "${GATEHOUSE_CLOUDFLARE_API:-}" ] || [ "${GATEHOUSE_CLOUDFLARE:-}" = "real" ]; then
  exec "$app"
fi

local_dir="${XDG_DATA_HOME:-$HOME/.local/share}/gatehouse-local"
mkdir -p "$local_dir"
chmod 700 "$local_dir"
# A fixed token: it only opens the stand-in on this computer, and the wizard shows it to paste.
token="local-cloudflare-demo-token"
printf '{"token":"%s","account_name":"Local demo account"}\n' "$token" >"$local_dir/config.json"

node_dir="$(bash "$root/scripts/node22.sh")"
export PATH="$node_dir:$PATH"
coproc STACK { exec node "$root/tests/cloudflare/src/cli.mjs" --state "$local_dir/state.json" --config "$local_dir/config.json" 2>>"$local_dir/stack.log"; }
# shellcheck disable=SC2153 # coproc STACK sets STACK_PID.
stack_pid=$STACK_PID
trap 'kill "$stack_pid" 2>/dev/null || true' EXIT
if ! read -r -t 60 line <&"${STACK[0]}"; then
  echo "The local Cloudflare did not start; see $local_dir/stack.log" >&2
  exit 1
fi
api="$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).api)' "$line")"
echo "Local Cloudflare at $api (API token: $token). Log: $local_dir/stack.log" >&2
echo "For your Cloudflare account instead: GATEHOUSE_CLOUDFLARE=real make run" >&2

GATEHOUSE_CLOUDFLARE_API="$api" \
GATEHOUSE_LOCAL_CLOUDFLARE_TOKEN="$token" \
GATEHOUSE_CONFIG_DIR="$local_dir/config" \
GATEHOUSE_KEYCHAIN_SERVICE="dev.gatehouse.local" \
  "$app"
