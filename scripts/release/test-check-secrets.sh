#!/usr/bin/env bash
# The secret combinations check-secrets.sh accepts and refuses (run by make lint-workflows).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
failures=0

# run EXPECT(ok|fail) EXPECTED_TEXT VAR=value...
run() {
  local expect="$1" text="$2"
  shift 2
  local out status=0
  out="$(env -i PATH="$PATH" "$@" bash "$here/check-secrets.sh" 2>&1)" || status=$?
  if { [ "$expect" = ok ] && [ "$status" -ne 0 ]; } || { [ "$expect" = fail ] && [ "$status" -eq 0 ]; } || [[ $out != *"$text"* ]]; then
    echo "FAIL with $*: expected $expect and '$text', got status $status: $out" >&2
    failures=$((failures + 1))
  else
    echo "ok   ${*:-no secrets}: $expect"
  fi
}

all_apple=(APPLE_CERTIFICATE=c APPLE_CERTIFICATE_PASSWORD=p APPLE_ID=a APPLE_PASSWORD=x APPLE_TEAM_ID=t)
run ok "macOS: signed ad hoc"
run ok "notarized and stapled" "${all_apple[@]}"
run fail "Missing secret: APPLE_CERTIFICATE " APPLE_ID=a APPLE_PASSWORD=x APPLE_TEAM_ID=t
run fail "Missing secret: APPLE_CERTIFICATE_PASSWORD" APPLE_CERTIFICATE=c APPLE_ID=a APPLE_PASSWORD=x APPLE_TEAM_ID=t
run fail "Missing secret: APPLE_TEAM_ID" APPLE_CERTIFICATE=c APPLE_CERTIFICATE_PASSWORD=p APPLE_ID=a APPLE_PASSWORD=x
run fail "Missing secret: APPLE_ID" APPLE_CERTIFICATE=c APPLE_CERTIFICATE_PASSWORD=p
run fail "Missing secret: APPLE_CERTIFICATE " APPLE_SIGNING_IDENTITY=me
run fail "Missing secret: WINDOWS_CERTIFICATE_PASSWORD" WINDOWS_CERTIFICATE=w
run fail "Missing secret: WINDOWS_CERTIFICATE " WINDOWS_CERTIFICATE_PASSWORD=w
run ok "Windows: app, msi and setup.exe signed" WINDOWS_CERTIFICATE=w WINDOWS_CERTIFICATE_PASSWORD=p
run ok "update artifacts signed" TAURI_SIGNING_PRIVATE_KEY=k
run fail "Missing secret: TAURI_SIGNING_PRIVATE_KEY " TAURI_SIGNING_PRIVATE_KEY_PASSWORD=p
exit "$failures"
