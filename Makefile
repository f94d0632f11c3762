# Gatehouse: one entry point for people and CI. `make run` starts the app, `make test` runs every test.
# Both install what a fresh Debian/Ubuntu machine lacks and are safe to run again.

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Node 22 is found (or installed) inside each recipe: on a bare machine npm only exists after `deps`.
NODE := export PATH="$$(bash scripts/node22.sh):$$PATH";
export WRANGLER_SEND_METRICS := false
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
NPM_PACKAGES := ui server tests/access tests/cloudflare tests/e2e
APP_BIN := $(TARGET_DIR)/debug/gatehouse

.PHONY: help deps ui server-build bindings run app test test-rust test-ui test-server test-access test-cloudflare test-e2e bench-app \
        lint fmt server stack bench clean

help:
	@echo "make run      start Gatehouse (installs what is missing first; on the local Cloudflare without an account)"
	@echo "make test     run every test: Rust, UI, Worker, Access stand-in, local Cloudflare, the real window"
	@echo "make server   run the MCP Worker with the Access stand-in on loopback (prints a JSON line)"
	@echo "make stack    run the local Cloudflare on loopback (prints a JSON line)"
	@echo "make bench    run the benchmarks (make bench-app: start, memory and 5,000 tools in the real window)"
	@echo "make bindings regenerate ui/src/bindings/ipc.ts from the Rust types"
	@echo "make lint / make fmt"

# apt packages, Node 22, and each npm package's node_modules (reinstalled when its lock file changes).
deps:
	bash scripts/install-deps.sh
	$(NODE) for pkg in $(NPM_PACKAGES); do
	  if [ ! -f $$pkg/node_modules/.package-lock.json ] || [ $$pkg/package-lock.json -nt $$pkg/node_modules/.package-lock.json ]; then
	    echo "npm ci in $$pkg"; npm ci --prefix $$pkg --no-audit --no-fund --loglevel=error
	  fi
	done

ui: deps
	$(NODE) npm run build --prefix ui

server-build: deps
	$(NODE) node server/scripts/build-if-needed.mjs

bindings:
	GATEHOUSE_UPDATE_BINDINGS=1 cargo test -q -p gatehouse-ipc --test test_bindings_are_current

# The app embeds the MCP server Worker (server/dist) it deploys.
app: ui server-build
	cargo build --features custom-protocol --bin gatehouse

# Without a configured Cloudflare account this starts the local Cloudflare and points the app at it.
run: app
	bash scripts/run.sh $(APP_BIN)

lint: ui server-build
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --features custom-protocol -- -D warnings
	$(NODE) npm run lint --prefix ui
	$(NODE) npm run typecheck --prefix ui
	$(NODE) npm run lint --prefix server
	$(NODE) npm run typecheck --prefix server
	$(NODE) npm run typecheck --prefix tests/cloudflare

fmt:
	cargo fmt --all

test-rust: ui server-build
	cargo test --workspace --features custom-protocol

test-ui: deps
	$(NODE) npm test --prefix ui

test-server: deps
	$(NODE) npm test --prefix server

test-access: deps
	$(NODE) npm test --prefix tests/access

test-cloudflare: server-build
	$(NODE) npm test --prefix tests/cloudflare

# The real window under Xvfb, a private D-Bus session and a throwaway keyring; screenshots in artifacts/e2e.
test-e2e: app server-build
	cargo build --bin gatehouse-cli
	GATEHOUSE_E2E_CLI=$(TARGET_DIR)/debug/gatehouse-cli bash tests/e2e/run.sh $(APP_BIN)

test: deps lint test-rust test-ui test-server test-access test-cloudflare test-e2e test-bundle lint-workflows
	@echo "make test: all suites passed"

server: deps
	$(NODE) node server/scripts/dev.mjs

stack: deps
	$(NODE) node tests/cloudflare/src/cli.mjs

# Cold start, idle memory and the 5,000-tool list, in the real window (set BENCH_APP to time a release build).
BENCH_APP ?= $(APP_BIN)
bench-app: app server-build
	GATEHOUSE_E2E_COMMAND="npm run bench" bash tests/e2e/run.sh $(BENCH_APP)

bench: server-build
	cargo bench -p gatehouse-mcp --bench tool_call_round_trip
	$(NODE) cargo bench -p gatehouse-provision --bench apply_against_local_cloudflare
	$(NODE) npm run bench --prefix server

clean:
	cargo clean
	rm -rf ui/dist server/dist $(addsuffix /node_modules,$(NPM_PACKAGES)) .tools

# Installers. `make bundle` builds the Linux one: a release build packed as a .deb in
# $(TARGET_DIR)/release/bundle/deb. The Worker (server/dist) is embedded in the binary, so it is built first.
# docs/RELEASING.md has the dmg and msi; tests/bundle/README.md the checks.
.PHONY: bundle test-bundle lint-workflows
bundle: ui server-build
	$(NODE) bash src-tauri/bundle/build.sh deb

# Unpacks the .deb and checks what would be installed; the version is set once, in Cargo.toml.
test-bundle: bundle
	$(NODE) bash tests/bundle/check-versions.sh
	$(NODE) bash tests/bundle/check-deb.sh

# actionlint on .github/workflows, shellcheck on the scripts they run.
lint-workflows: deps
	$(NODE) bash scripts/actionlint.sh
