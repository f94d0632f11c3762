#!/usr/bin/env bash
# `make help` names every target the Makefile declares (.PHONY), so that "make help lists the rest" stays true.
set -euo pipefail
cd "$(dirname "$0")/.."
help="$(make -s --no-print-directory help)"
missing=()
# make's own database (-p) lists the .PHONY targets on one line; -q runs nothing.
read -ra targets < <(make -pRrq -f Makefile : 2>/dev/null | sed -n 's/^\.PHONY: //p')
for target in "${targets[@]}"; do
  [ "$target" = help ] && continue
  grep -qE "(^|[ |(])(make )?$target([ |:)]|$)" <<<"$help" || missing+=("$target")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "make help does not list: ${missing[*]}" >&2
  exit 1
fi
echo "make help lists every target"
