#!/usr/bin/env bash
# Checks the release's signing secrets before anything is built, so a half-set combination fails the run with the
# name of what is missing instead of shipping an unsigned or half-signed installer. Reads the secrets from the
# environment (unset and empty are the same) and prints what the release will be. Rules:
#   - macOS: all or nothing. A certificate needs its password, and a Developer ID app must be notarized to open
#     without warnings, so APPLE_CERTIFICATE, APPLE_CERTIFICATE_PASSWORD, APPLE_ID, APPLE_PASSWORD and APPLE_TEAM_ID
#     come together (APPLE_SIGNING_IDENTITY is optional). None of them: the app is signed ad hoc.
#   - Windows: WINDOWS_CERTIFICATE and WINDOWS_CERTIFICATE_PASSWORD together, or neither.
#   - Updates: TAURI_SIGNING_PRIVATE_KEY signs the update artifacts and the release gets latest.json; its password
#     alone is a mistake.
# Usage: check-secrets.sh [OUTPUT_FILE]   (appends apple=, windows=, updates= as signed|unsigned, e.g. $GITHUB_OUTPUT)
set -euo pipefail
out="${1:-/dev/null}"
missing=()

set_() { [ -n "${!1:-}" ]; }

apple=(APPLE_CERTIFICATE APPLE_CERTIFICATE_PASSWORD APPLE_ID APPLE_PASSWORD APPLE_TEAM_ID)
apple_set=0
for name in "${apple[@]}" APPLE_SIGNING_IDENTITY; do
  if set_ "$name"; then apple_set=1; fi
done
if [ "$apple_set" -eq 1 ]; then
  for name in "${apple[@]}"; do
    if ! set_ "$name"; then missing+=("$name (macOS signing and notarization need all five Apple secrets)"); fi
  done
fi

if set_ WINDOWS_CERTIFICATE && ! set_ WINDOWS_CERTIFICATE_PASSWORD; then
  missing+=("WINDOWS_CERTIFICATE_PASSWORD (the password of WINDOWS_CERTIFICATE)")
fi
if set_ WINDOWS_CERTIFICATE_PASSWORD && ! set_ WINDOWS_CERTIFICATE; then
  missing+=("WINDOWS_CERTIFICATE (WINDOWS_CERTIFICATE_PASSWORD is set without it)")
fi

if set_ TAURI_SIGNING_PRIVATE_KEY_PASSWORD && ! set_ TAURI_SIGNING_PRIVATE_KEY; then
  missing+=("TAURI_SIGNING_PRIVATE_KEY (TAURI_SIGNING_PRIVATE_KEY_PASSWORD is set without it)")
fi

if [ ${#missing[@]} -gt 0 ]; then
  for m in "${missing[@]}"; do echo "Missing secret: $m" >&2; done
  echo "Set the missing secrets, or remove the partial set, under Settings > Secrets and variables > Actions (docs/RELEASING.md)." >&2
  exit 1
fi

state() { if set_ "$1"; then echo signed; else echo unsigned; fi; }
apple_state="$(state APPLE_CERTIFICATE)"
windows_state="$(state WINDOWS_CERTIFICATE)"
updates_state="$(state TAURI_SIGNING_PRIVATE_KEY)"
case "$apple_state" in
  signed) echo "macOS: signed with the Developer ID certificate, app and dmg notarized and stapled" ;;
  *) echo "macOS: signed ad hoc, not notarized (users confirm the first start)" ;;
esac
case "$windows_state" in
  signed) echo "Windows: app, msi and setup.exe signed with WINDOWS_CERTIFICATE" ;;
  *) echo "Windows: unsigned (SmartScreen warns)" ;;
esac
case "$updates_state" in
  signed) echo "Updates: update artifacts signed, latest.json published (installed apps update to this release)" ;;
  *) echo "Updates: no TAURI_SIGNING_PRIVATE_KEY, so no update artifacts and no latest.json (installed apps do not see this release)" ;;
esac
{
  echo "apple=$apple_state"
  echo "windows=$windows_state"
  echo "updates=$updates_state"
} >>"$out"
