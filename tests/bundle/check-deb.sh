#!/usr/bin/env bash
# Checks a Linux installer the way a user receives it: unpacks the .deb (dpkg-deb -x) or the .rpm (rpm2cpio | cpio)
# into a throwaway root, no root rights needed, and looks at what would be installed.
#   - the package's version is Cargo.toml's, and `gatehouse --version` prints it
#   - the menu entry passes the login link to the app (Exec ... %u) and claims the dev.gatehouse.app scheme
#     (MimeType=x-scheme-handler/dev.gatehouse.app;), and desktop-file-validate accepts it
#   - the MCP server Worker (server/dist: manifest.json and its modules) is embedded in the binary
#   - the icons are there
#   - the .deb is within the 12 MB installer goal (its size, the binary's and the installed size are printed)
# Usage: check-deb.sh [PATH.deb|PATH.rpm]   (default: the current version's .deb under $CARGO_TARGET_DIR or target/)
# Needs node on PATH (make test-bundle puts Node 22 there), dpkg-deb (rpm and cpio for an .rpm) and
# desktop-file-validate.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

version="$(bash tests/bundle/version.sh)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
arch="$(dpkg --print-architecture)"
deb="${1:-$target_dir/release/bundle/deb/Gatehouse_${version}_${arch}.deb}"
bin_name="$(node -p "require('./tauri.conf.json').mainBinaryName")"
product="$(node -p "require('./tauri.conf.json').productName")"
scheme="$(node -p "require('./tauri.conf.json').plugins['deep-link'].desktop.schemes[0]")"

kind=deb
tools=(dpkg-deb desktop-file-validate node)
if [[ $deb == *.rpm ]]; then
  kind=rpm
  tools=(rpm rpm2cpio cpio desktop-file-validate node)
fi
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run bash scripts/install-deps.sh (make deps)." >&2; exit 1; }
done
if [ ! -f "$deb" ]; then
  echo "No .$kind at $deb: build it with make bundle." >&2
  exit 1
fi

failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

work="$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-deb.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root"
echo "checking $deb (unpacked in $work/root)"
if [ "$kind" = rpm ]; then
  # rpm2cpio exits 1 on the bundler's rpms although the payload is whole, so its status is not the check: the
  # package digests are, and every unpacked file is compared with the digest the package lists for it.
  rpm -K --nosignature "$deb" >/dev/null || { echo "FAIL $deb: its digests do not match (damaged package)"; exit 1; }
  rpm2cpio "$deb" >"$work/payload.cpio" || true
  (cd "$work/root" && cpio -idm --quiet <"$work/payload.cpio")
  rm "$work/payload.cpio"
  unpacked=0 damaged=0
  while read -r path _size _mtime digest mode _rest; do
    [[ $mode == 0100* ]] || continue
    if [ "$(sha256sum <"$work/root$path" 2>/dev/null | cut -d' ' -f1)" = "$digest" ]; then unpacked=$((unpacked + 1))
    else fail "$path did not unpack intact"; damaged=$((damaged + 1)); fi
  done < <(rpm -qp --dump "$deb")
  if [ "$damaged" -eq 0 ]; then pass "rpm digests, and all $unpacked files unpacked intact"; fi
  pkg_version="$(rpm -qp --qf '%{VERSION}' "$deb")"
  depends="$(rpm -qp --requires "$deb" | tr '\n' ' ')"
  wanted_deps=('libwebkit2gtk-4.1.so.0()(64bit)' dbus-libs)
else
  dpkg-deb -x "$deb" "$work/root"
  pkg_version="$(dpkg-deb -f "$deb" Version)"
  depends="$(dpkg-deb -f "$deb" Depends)"
  wanted_deps=(libwebkit2gtk-4.1-0 libdbus-1-3)
fi

# Package metadata.
if [ "$pkg_version" = "$version" ]; then pass "package version $pkg_version"
else fail "package version is $pkg_version, Cargo.toml says $version"; fi
for dep in "${wanted_deps[@]}"; do
  if [[ $depends == *"$dep"* ]]; then pass "depends on $dep"; else fail "Depends does not name $dep: $depends"; fi
done

# The binary runs and knows its version.
bin="$work/root/usr/bin/$bin_name"
if [ -x "$bin" ]; then
  if ! out="$(timeout 30 "$bin" --version 2>&1)"; then fail "$bin_name --version failed: $out"
  elif [ "$out" = "$bin_name $version" ]; then pass "$bin_name --version prints '$out'"
  else fail "$bin_name --version printed '$out', expected '$bin_name $version'"; fi
else
  fail "/usr/bin/$bin_name is missing or not executable"
fi

# The menu entry: %u hands the link to the app, MimeType claims the scheme.
desktop="$work/root/usr/share/applications/$product.desktop"
if [ -f "$desktop" ]; then
  exec_line="$(grep '^Exec=' "$desktop" || true)"
  if [[ $exec_line =~ ^Exec=$bin_name\ %u$ ]]; then pass "desktop entry: $exec_line"
  else fail "desktop entry Exec should be 'Exec=$bin_name %u', found '$exec_line'"; fi
  if grep -qxF "MimeType=x-scheme-handler/$scheme;" "$desktop"; then pass "desktop entry: MimeType=x-scheme-handler/$scheme;"
  else fail "desktop entry lacks 'MimeType=x-scheme-handler/$scheme;' ($(grep '^MimeType=' "$desktop" || echo 'no MimeType line'))"; fi
  icon_name="$(sed -n 's/^Icon=//p' "$desktop")"
  if [ "$icon_name" = "$bin_name" ]; then pass "desktop entry: Icon=$icon_name"
  else fail "desktop entry Icon is '$icon_name', expected '$bin_name'"; fi
  if validation="$(desktop-file-validate "$desktop" 2>&1)" && [ -z "$validation" ]; then
    pass "desktop-file-validate accepts $product.desktop"
  else
    fail "desktop-file-validate: ${validation:-exited with an error}"
  fi
else
  fail "no desktop entry at /usr/share/applications/$product.desktop"
fi

# Icons, one per size the bundle config lists (hicolor theme).
for size in 32x32 64x64 128x128 256x256 256x256@2 512x512; do
  icon="$work/root/usr/share/icons/hicolor/$size/apps/$bin_name.png"
  if [ -f "$icon" ] && [ "$(head -c 8 "$icon" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; then
    pass "icon $size"
  else
    fail "icon missing or not a PNG: /usr/share/icons/hicolor/$size/apps/$bin_name.png"
  fi
done

# The Worker bundle: each module's sha256 (from the embedded manifest) and the module's bytes are in the binary.
if [ -x "$bin" ]; then
  if embed_report="$(node tests/bundle/check-embedded-worker.mjs "$bin" server/dist 2>&1)"; then
    while IFS= read -r line; do pass "$line"; done <<<"$embed_report"
  else
    while IFS= read -r line; do fail "$line"; done <<<"$embed_report"
  fi
fi

# Sizes. The goal is about what users download: each installer 12 MB or less.
release_bin="$target_dir/release/$bin_name"
echo "sizes:"
echo "  .$kind                      $(wc -c <"$deb") bytes"
[ -f "$release_bin" ] && echo "  release binary            $(wc -c <"$release_bin") bytes ($release_bin)"
echo "  installed binary          $(wc -c <"$bin") bytes"
echo "  installed size            $(du -sb "$work/root" | cut -f1) bytes"
if size_report="$(bash tests/bundle/check-installer-size.sh "$deb" 2>&1)"; then pass "size: ${size_report#ok   }"
else fail "size: ${size_report#FAIL }"; fi

if [ "$failures" -gt 0 ]; then
  echo "check-deb: $failures check(s) of $(basename "$deb") failed" >&2
  exit 1
fi
echo "check-deb: all checks of $(basename "$deb") passed"
