#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build, run and test Gatehouse.
# Safe to run again: it only installs what is missing.
set -euo pipefail

APT_PACKAGES=(
  # building the Tauri app
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config libdbus-1-dev
  # running the end-to-end tests headless
  xvfb xauth imagemagick webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools
  xdg-utils desktop-file-utils
  # Node for the bootstrap of Node 22, and the release workflow linter
  nodejs npm
  # checking the installers (dpkg-deb comes with dpkg; rpm, rpm2cpio and cpio unpack the .rpm) and the scripts the
  # release workflow runs
  rpm rpm2cpio cpio shellcheck
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  # nodejs/npm are only needed when no node is on the machine at all
  if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
    missing=("${filtered[@]+"${filtered[@]}"}")
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing apt packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it with rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi
