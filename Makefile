# Parallax — see README.md. Every target installs what it needs first.
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test dist setup setup-test lint test-native test-wasm test-e2e eval bench clean

## Build and serve the app on http://127.0.0.1:8080 (example bundle built in).
run: setup
	trunk serve --release --offline --address 127.0.0.1 --port 8080

## Everything CI checks: format, lints (native and wasm), native tests,
## wasm component tests and the end-to-end tests in headless Chromium.
test: setup-test lint dist test-native test-wasm

setup:
	scripts/setup.sh web

setup-test:
	scripts/setup.sh test

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --bins --lib -- -D warnings

## Release build of the web app into dist/ (the e2e tests serve it).
dist: setup
	trunk build --release --offline

test-native:
	cargo test --all-targets

test-wasm:
	cargo test --target wasm32-unknown-unknown --lib

clean:
	cargo clean
	rm -rf dist .tools
