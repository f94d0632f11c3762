#!/usr/bin/env bash
# The README's make commands resolve the same way with and without CI's settings. CI sets an absolute
# CARGO_TARGET_DIR; a new user has none (or a relative one), and a relative build path breaks only for them, once a
# script changes directory (tests/e2e runs from its own folder). `make -n` prints recipes without running them, so
# this takes a second or two and builds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
ci_target="${CARGO_TARGET_DIR:-/var/cache/gatehouse/target}"
commands=(run test cli stack server bundle bench bench-app)
fail() {
  echo "check-paths: $*" >&2
  exit 1
}

for setting in "without CARGO_TARGET_DIR" "with CARGO_TARGET_DIR=$ci_target" "with CARGO_TARGET_DIR=build"; do
  case $setting in
    without*) run=(env -u CARGO_TARGET_DIR) want="$repo/target" ;;
    *=build) run=(env CARGO_TARGET_DIR=build) want="$repo/build" ;;
    *) run=(env "CARGO_TARGET_DIR=$ci_target") want="$ci_target" ;;
  esac
  # From another directory too: the Makefile must not depend on where it is started from. What a recipe's shell
  # sees as CARGO_TARGET_DIR (when set) must be the same absolute folder.
  # shellcheck disable=SC2016 # $(…) is make's, expanded by make.
  paths="$(cd / && "${run[@]}" make -s --no-print-directory -C "$repo" \
    --eval='ci-paths: ; @echo $(TARGET_DIR) $(APP_BIN) $(CLI_BIN) $(BENCH_APP) $${CARGO_TARGET_DIR:-}' ci-paths)"
  for path in $paths; do
    [[ $path == "$want"* ]] || fail "$setting, make hands scripts \"$path\", not a path under $want"
  done
  recipes="$("${run[@]}" make -n --no-print-directory "${commands[@]}")" || fail "$setting, make -n ${commands[*]} failed"
  if relative="$(grep -nE '(^|[[:space:]="])(\./)?(target|build)/' <<<"$recipes")"; then
    fail "$setting, a recipe uses a relative build path: $relative"
  fi
done
echo "check-paths: make ${commands[*]} resolve the same with and without CI's CARGO_TARGET_DIR"
