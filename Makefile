# Gatehouse: one entry point for people and CI. `make run` starts the app, `make test` runs every test.
# Both install what a fresh Debian/Ubuntu machine lacks and are safe to run again.

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Node 22 is found (or installed) inside each recipe: on a bare machine npm only exists after `deps`.
NODE := export PATH="$$(bash scripts/node22.sh):$$PATH";
export WRANGLER_SEND_METRICS := false
# Absolute, so that a binary path handed to a script still resolves after the script changes directory
# (tests/e2e runs from its own folder), with or without CARGO_TARGET_DIR.
TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),target))
# A relative CARGO_TARGET_DIR means another folder to a cargo or a script started elsewhere: hand on the absolute one.
ifdef CARGO_TARGET_DIR
export CARGO_TARGET_DIR := $(TARGET_DIR)
endif
NPM_PACKAGES := ui server tests/access tests/cloudflare tests/e2e tests/conformance
APP_BIN := $(TARGET_DIR)/debug/gatehouse
CLI_BIN := $(TARGET_DIR)/debug/gatehouse-cli

.PHONY: help deps ui server-build bindings run app cli test test-rust test-ui test-server test-access test-cloudflare \
        test-e2e test-clone conformance bench-app lint fmt server stack bench clean

help:
	@echo "make run      start Gatehouse (on the local Cloudflare; GATEHOUSE_CLOUDFLARE=real make run for your account)"
	@echo "make test     run every test: Rust, UI, Worker, Access stand-in, local Cloudflare, the real window, the MCP"
	@echo "              conformance suite, a fresh clone"
	@echo "make cli      build gatehouse-cli (and the Worker it embeds); prints where the binary is"
	@echo "make bundle   build the Linux installer (.deb)"
	@echo "make server   run the MCP Worker with the Access stand-in on loopback (prints a JSON line)"
	@echo "make stack    run the local Cloudflare on loopback (prints a JSON line)"
	@echo "make bench    run the benchmarks (make bench-app: start, memory, 5,000 tools, big results, 20 servers in the real window)"
	@echo "make bindings regenerate ui/src/bindings/ipc.ts from the Rust types"
	@echo "make conformance  the official MCP conformance suite's client scenarios (2025-11-25) against gatehouse-cli"
	@echo "make lint / make fmt"
	@echo "One suite:    make test-rust | test-ui | test-server | test-access | test-cloudflare | test-e2e | test-bundle"
	@echo "              | test-clone | lint-workflows"
	@echo "Parts:        make deps (apt, Node 22, npm packages) | ui | server-build (server/dist) | app | clean"

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

# The command line: it embeds the Worker too, so server/dist is built first.
cli: server-build
	cargo build --bin gatehouse-cli
	@echo "built $(CLI_BIN)"

# Starts the local Cloudflare and points the app at it, unless GATEHOUSE_CLOUDFLARE=real or
# GATEHOUSE_CLOUDFLARE_API is set (scripts/run.sh).
run: app
	bash scripts/run.sh $(APP_BIN)

lint: ui server-build
	bash scripts/check-make-help.sh
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
test-e2e: app cli
	GATEHOUSE_E2E_CLI=$(CLI_BIN) bash tests/e2e/run.sh $(APP_BIN)

# The official MCP conformance suite (npm @modelcontextprotocol/conformance) runs each 2025-11-25 client scenario
# against `gatehouse-cli conformance`; tests/conformance/expected-failures.yml lists what may fail, and why.
conformance: deps cli
	$(NODE) node tests/conformance/run.mjs $(CLI_BIN)

# A clone in an empty folder, with no CARGO_TARGET_DIR: the local Cloudflare and `make run`'s start, `make cli`.
# The clone's `target` is a symlink to this build's folder, where `cli` has just built the same thing, so the clone
# compiles only the workspace's own crates (and forgets them afterwards; tests/clone/check-fresh-clone.sh).
test-clone: deps cli
	$(NODE) bash tests/clone/check-fresh-clone.sh $(TARGET_DIR)

test: deps lint test-rust test-ui test-server test-access test-cloudflare test-e2e conformance test-bundle lint-workflows test-clone
	@echo "make test: all suites passed"

server: deps
	$(NODE) node server/scripts/dev.mjs

stack: deps
	$(NODE) node tests/cloudflare/src/cli.mjs

# Cold start, idle memory, the 5,000-tool list, large results and 20 saved servers, in the real window
# (set BENCH_APP to time a release build; docs/perf-log.md has the figures).
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
