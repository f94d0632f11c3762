#!/usr/bin/env bash
# Inside the private D-Bus session: a throwaway home, keyring and display, then the tests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
cleanup() {
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# Nothing the app writes (settings, the scheme's .desktop registration) touches the real home.
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
export GATEHOUSE_CONFIG_DIR="$scratch/config"
export GATEHOUSE_KEYCHAIN_SERVICE="dev.gatehouse.e2e"
eval "$(printf 'gatehouse-e2e' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL

display=":$((90 + RANDOM % 400))"
# -fbdir: the screen is also a memory-mapped file, so screenshots and the first-paint benchmark read what reaches it (screen.mjs).
Xvfb "$display" -screen 0 1280x820x24 -fbdir "$scratch" -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY="$display" GATEHOUSE_E2E_FRAMEBUFFER="$scratch/Xvfb_screen0"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

# The app opens the login page with xdg-open: record the URL instead, the test plays the browser.
export GATEHOUSE_E2E_BROWSER_LOG="$scratch/browser.log"
export PATH="$here/fake-bin:$PATH"

cd "$here"
# `npm test` by default; the benchmarks run in the same headless session. A hang (a window that never answers, a
# process that never exits) ends the run with a failure after the time limit instead of holding CI to its own.
limit="${GATEHOUSE_E2E_TIME_LIMIT:-1800}"
status=0
timeout --kill-after=30 "$limit" bash -c "${GATEHOUSE_E2E_COMMAND:-npm test}" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "the end-to-end run did not finish within ${limit} s (GATEHOUSE_E2E_TIME_LIMIT) and was stopped" >&2
fi
exit "$status"
