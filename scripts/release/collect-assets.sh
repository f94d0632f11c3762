#!/usr/bin/env bash
# Copies one build job's installers (and, when updates are signed, its update artifacts with their .sig) from the
# bundler's output into OUT_DIR under their release names. The macOS update archive gets the architecture the
# bundler leaves out (both builds write Gatehouse.app.tar.gz). Fails when something expected is missing.
# Usage: collect-assets.sh RUNNER_OS BUNDLE_DIR VERSION signed|unsigned OUT_DIR
set -euo pipefail
if [ $# -ne 5 ]; then
  echo "usage: $0 RUNNER_OS BUNDLE_DIR VERSION signed|unsigned OUT_DIR" >&2
  exit 2
fi
os="$1"
bundle="$2"
v="$3"
updates="$4"
out="$5"
mkdir -p "$out"
failures=0

take() { # take SOURCE NAME [needs-signature]
  if [ ! -f "$1" ]; then
    echo "FAIL: $1 was not built" >&2
    failures=$((failures + 1))
    return
  fi
  cp "$1" "$out/$2"
  echo "ok   $2"
  if [ "${3:-}" = sig ] && [ "$updates" = signed ]; then
    if [ -f "$1.sig" ]; then
      cp "$1.sig" "$out/$2.sig"
      echo "ok   $2.sig"
    else
      echo "FAIL: $1.sig is missing although TAURI_SIGNING_PRIVATE_KEY is set" >&2
      failures=$((failures + 1))
    fi
  fi
}

case "$os" in
  macOS)
    shopt -s nullglob
    dmgs=("$bundle"/dmg/Gatehouse_"${v}"_*.dmg)
    if [ ${#dmgs[@]} -ne 1 ]; then
      echo "FAIL: expected one dmg in $bundle/dmg, found ${#dmgs[@]}" >&2
      exit 1
    fi
    name="$(basename "${dmgs[0]}")"
    arch="${name#Gatehouse_"${v}"_}"
    arch="${arch%.dmg}"
    take "${dmgs[0]}" "$name"
    if [ "$updates" = signed ]; then
      take "$bundle/macos/Gatehouse.app.tar.gz" "Gatehouse_${v}_${arch}.app.tar.gz" sig
    fi
    ;;
  Windows)
    take "$bundle/msi/Gatehouse_${v}_x64_en-US.msi" "Gatehouse_${v}_x64_en-US.msi" sig
    take "$bundle/nsis/Gatehouse_${v}_x64-setup.exe" "Gatehouse_${v}_x64-setup.exe" sig
    ;;
  Linux)
    take "$bundle/deb/Gatehouse_${v}_amd64.deb" "Gatehouse_${v}_amd64.deb"
    take "$bundle/rpm/Gatehouse-${v}-1.x86_64.rpm" "Gatehouse-${v}-1.x86_64.rpm"
    ;;
  *)
    echo "unknown RUNNER_OS $os" >&2
    exit 2
    ;;
esac
exit "$failures"
