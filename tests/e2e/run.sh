#!/usr/bin/env bash
# Runs the end-to-end tests against the real app window, headless: Xvfb for the display, a private
# D-Bus session (single-instance forwards login links over it), an unlocked throwaway gnome-keyring,
# and tauri-driver + WebKitWebDriver. Usage: tests/e2e/run.sh PATH_TO_APP_BINARY
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
app="$(realpath "${1:?usage: run.sh PATH_TO_APP_BINARY}")"

# tauri-driver 2.1.0 (it has no --version; cargo's own record says what is installed).
if ! cargo install --list | grep -q '^tauri-driver v2.1.0:'; then
  cargo install tauri-driver --version 2.1.0 --locked
fi
node_dir="$(bash "$root/scripts/node22.sh")"
export PATH="$node_dir:$HOME/.cargo/bin:$PATH"
# The tests run from tests/e2e: a CLI path relative to where this was started would not resolve there.
if [ -n "${GATEHOUSE_E2E_CLI:-}" ]; then
  GATEHOUSE_E2E_CLI="$(realpath "$GATEHOUSE_E2E_CLI")"
  export GATEHOUSE_E2E_CLI
fi

export GATEHOUSE_E2E_APP="$app"
export GATEHOUSE_E2E_ROOT="$root"
export GATEHOUSE_E2E_ARTIFACTS="${GATEHOUSE_E2E_ARTIFACTS:-$root/artifacts/e2e}"
mkdir -p "$GATEHOUSE_E2E_ARTIFACTS"
exec dbus-run-session -- bash "$here/session.sh"
