#!/usr/bin/env bash
# Fails when an installer is larger than the goal: each installer (dmg, msi, nsis exe, deb, rpm) 12 MB or less.
# Usage: check-installer-size.sh FILE...     (GATEHOUSE_MAX_INSTALLER_BYTES overrides the limit)
set -euo pipefail
limit="${GATEHOUSE_MAX_INSTALLER_BYTES:-12000000}"
if [ $# -eq 0 ]; then
  echo "usage: $0 INSTALLER..." >&2
  exit 2
fi

mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1000000 }'; }

too_big=0
for file in "$@"; do
  if [ ! -f "$file" ]; then
    echo "FAIL: $file does not exist" >&2
    too_big=1
    continue
  fi
  size="$(wc -c <"$file" | tr -d ' ')"
  if [ "$size" -le "$limit" ]; then
    echo "ok   $(basename "$file"): $(mb "$size") ($size bytes, limit $(mb "$limit"))"
  else
    echo "FAIL $(basename "$file"): $(mb "$size") ($size bytes) is over the $(mb "$limit") goal" >&2
    too_big=1
  fi
done
exit "$too_big"
