#!/usr/bin/env bash
# A clone that stands on its own (`make test-clone`). The repository's last commit is cloned into an empty
# folder (nothing beside it, so no ../shared) and the README's commands run there as a new user runs them:
# CARGO_TARGET_DIR and every GATEHOUSE_* variable unset.
#   1. `make run`'s start (scripts/run.sh, with a stand-in for the app that records what it is handed, since
#      building the app is `make test-e2e`'s job): the local Cloudflare starts from the clone, and the app gets
#      its API and its token, even with a CLOUDFLARE_API_TOKEN in the shell;
#   2. `make stack`: the local Cloudflare prints its JSON line and accepts its token;
#   3. `make cli`: gatehouse-cli is built at target/debug/gatehouse-cli and plans a setup against that stack.
# Usage: check-fresh-clone.sh BUILD_DIR   (the running build's Rust folder, where `make cli` has just built the CLI)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:?usage: check-fresh-clone.sh BUILD_DIR}"
if [ ! -d "$build" ]; then
  echo "fresh clone: no build folder at $build: run make cli first" >&2
  exit 1
fi
build="$(cd "$build" && pwd -P)"

scratch="$(cd "$(mktemp -d)" && pwd -P)"
stack_pid=""
built_here=()
cleanup() {
  if [ -n "$stack_pid" ]; then kill -TERM -- "-$stack_pid" 2>/dev/null || true; fi
  # Forget the workspace's crates compiled from the clone (see below), so that the next build here compiles them
  # from this checkout again.
  if [ ${#built_here[@]} -gt 0 ]; then
    cargo clean --quiet --manifest-path "$clone/Cargo.toml" "${built_here[@]/#/--package=}" ||
      echo "fresh clone: could not remove the crates built from the clone: cargo clean -p ${built_here[*]}" >&2
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() {
  echo "fresh clone: $*" >&2
  exit 1
}
step() { echo "fresh clone: $* ($((SECONDS - started)) s)"; }
started=$SECONDS

mkdir "$scratch/empty"
clone="$scratch/empty/gatehouse"
git clone --quiet "$root" "$clone"
step "cloned $(git -C "$clone" rev-parse --short HEAD) into an empty folder"

# What a new user's shell does not have.
unset CARGO_TARGET_DIR
while read -r name; do unset "$name"; done < <(compgen -e | grep '^GATEHOUSE_' || true)
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"

# Not what is checked, only what it costs. The npm packages and Node 22 are hard links to this checkout's (the
# same lock files; `npm ci` in a clone would download 1.4 GB): each .package-lock.json is a fresh copy, newer than
# the clone's lock file, so `make deps` keeps them; caches are left out, since a tool writing one would write
# through the link. The clone's `target` is a symlink to BUILD_DIR, where `make cli` has just built the CLI with
# the same command, so the clone's `make cli` reuses every dependency and compiles only the workspace's own crates,
# which are newer in the clone (a minute or two, rather than a cold build). CARGO_TARGET_DIR stays unset, which is
# what is being checked. Cargo names a workspace crate's build by its path inside the workspace, so the clone's
# builds of those crates replace this checkout's, with the clone's paths compiled in (gatehouse-provision embeds
# the clone's server/dist); cleanup removes them again (cargo clean -p), and the next build here recompiles them.
for pkg in ui server tests/access tests/cloudflare tests/e2e tests/conformance; do
  [ -d "$root/$pkg/node_modules" ] || fail "$pkg/node_modules is missing here: run make deps first"
  cp -al "$root/$pkg/node_modules" "$clone/$pkg/node_modules"
  rm -rf "$clone/$pkg/node_modules/.cache"
  cp --remove-destination "$root/$pkg/node_modules/.package-lock.json" "$clone/$pkg/node_modules/.package-lock.json"
done
if [ -d "$root/.tools" ]; then cp -al "$root/.tools" "$clone/.tools"; fi
ln -s "$build" "$clone/target"
cd "$clone"

# 1. make run's start, with CLOUDFLARE_API_TOKEN set: it must still choose the local Cloudflare.
cat >"$scratch/app" <<'EOF'
#!/usr/bin/env bash
# Stands in for the app: records what make run hands it, and whether the local Cloudflare accepts the token.
{
  echo "api=${GATEHOUSE_CLOUDFLARE_API:-}"
  echo "token=${GATEHOUSE_LOCAL_CLOUDFLARE_TOKEN:-}"
  echo "verify=$(curl -sS -H "Authorization: Bearer ${GATEHOUSE_LOCAL_CLOUDFLARE_TOKEN:-}" "${GATEHOUSE_CLOUDFLARE_API:-}/user/tokens/verify")"
} >"$(dirname "$0")/app.log"
EOF
chmod +x "$scratch/app"
CLOUDFLARE_API_TOKEN="a-token-kept-for-wrangler" bash scripts/run.sh "$scratch/app" 2>"$scratch/run.err" ||
  fail "make run's start failed: $(cat "$scratch/run.err")"
grep -qE '^api=http://127\.0\.0\.1:[0-9]+/client/v4$' "$scratch/app.log" ||
  fail "make run did not hand the app the local Cloudflare: $(cat "$scratch/app.log") $(cat "$scratch/run.err")"
grep -q '^verify=.*"status":"active"' "$scratch/app.log" ||
  fail "the local Cloudflare refused make run's token: $(cat "$scratch/app.log")"
step "make run started the local Cloudflare and handed the app its API and token"

# 2. make stack, in its own process group so that it goes with everything it started.
mkfifo "$scratch/stack.out"
setsid make -s stack >"$scratch/stack.out" 2>"$scratch/stack.err" &
stack_pid=$!
exec 3<"$scratch/stack.out"
line=""
while IFS= read -r -t 120 line <&3; do [[ $line == "{"* ]] && break; done
[[ $line == "{"* ]] || fail "make stack printed no JSON line: $(tail -5 "$scratch/stack.err")"
field() { node -e 'process.stdout.write(String(JSON.parse(process.argv[1])[process.argv[2]]))' "$line" "$1"; }
api="$(field api)" token="$(field token)"
curl -sS -H "Authorization: Bearer $token" "$api/user/tokens/verify" | grep -q '"status":"active"' ||
  fail "make stack's API did not accept its token"
step "make stack: the local Cloudflare at $api"

# 3. make cli, then the binary where the README says it is. The path packages it compiles are the workspace's crates.
mapfile -t built_here < <(cargo tree --quiet -p gatehouse-cli -e normal,build --prefix none -f '{p}' |
  sed -n "s|^\([^ ]*\) v[^ ]* ($clone/.*|\1|p" | sort -u)
[ ${#built_here[@]} -gt 0 ] || fail "cargo tree named none of the workspace's crates for gatehouse-cli"
built="$(make -s cli 2>"$scratch/cli.err" | tail -1)" || fail "make cli failed: $(tail -20 "$scratch/cli.err")"
[ "$built" = "built $clone/target/debug/gatehouse-cli" ] || fail "make cli said \"$built\""
[ -x target/debug/gatehouse-cli ] || fail "make cli left no target/debug/gatehouse-cli"
step "make cli built target/debug/gatehouse-cli"
plan="$(CLOUDFLARE_API_TOKEN="$token" GATEHOUSE_CLOUDFLARE_API="$api" GATEHOUSE_CONFIG_DIR="$scratch/settings" \
  target/debug/gatehouse-cli setup plan --name clone-check --allow-email someone@example.com 2>&1)" ||
  fail "gatehouse-cli setup plan against the local Cloudflare failed: $plan"
grep -q 'create *Access for SaaS application' <<<"$plan" || fail "unexpected plan: $plan"
step "gatehouse-cli planned a setup against the clone's local Cloudflare; all passed"
