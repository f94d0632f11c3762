#!/usr/bin/env bash
# Prints, sorted, the exact file names a release of VERSION carries; the publish job compares the release with it.
# Usage: expected-assets.sh VERSION signed|unsigned   (signed: the update artifacts, their .sig and latest.json too)
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 VERSION signed|unsigned" >&2
  exit 2
fi
v="$1"
updates="$2"
{
  echo "Gatehouse_${v}_aarch64.dmg"
  echo "Gatehouse_${v}_x64.dmg"
  echo "Gatehouse_${v}_x64_en-US.msi"
  echo "Gatehouse_${v}_x64-setup.exe"
  echo "Gatehouse_${v}_amd64.deb"
  echo "Gatehouse-${v}-1.x86_64.rpm"
  echo "SHA256SUMS"
  if [ "$updates" = signed ]; then
    echo "Gatehouse_${v}_aarch64.app.tar.gz"
    echo "Gatehouse_${v}_aarch64.app.tar.gz.sig"
    echo "Gatehouse_${v}_x64.app.tar.gz"
    echo "Gatehouse_${v}_x64.app.tar.gz.sig"
    echo "Gatehouse_${v}_x64_en-US.msi.sig"
    echo "Gatehouse_${v}_x64-setup.exe.sig"
    echo "latest.json"
  fi
} | LC_ALL=C sort
