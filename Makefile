# Parallax — see README.md. Every target installs what it needs first.
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test dist setup setup-test lint test-native test-wasm test-e2e train eval bench clean

## Build and serve the app on http://127.0.0.1:8080 (example bundle built in).
run: setup
	trunk serve --release --offline --no-autoreload --address 127.0.0.1 --port 8080

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

## Release build of the web app into dist/ (the e2e tests serve it); prints
## the gzipped size of each file.
dist: setup
	trunk build --release --offline
	@for f in dist/*; do printf '  %-48s %8s bytes, %8s gzipped\n' "$$f" "$$(wc -c < "$$f")" "$$(gzip -9c "$$f" | wc -c)"; done

## Library, binaries and tests (the benches are compiled by clippy above and
## run by `make bench`, never here).
test-native:
	cargo test --lib --bins --tests

## Yew component tests in headless Chromium (runner and flags:
## .cargo/config.toml, webdriver.json).
test-wasm: setup-test
	CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --lib

## Only the end-to-end tests: the built app in headless Chromium
## (PARALLAX_SCREENSHOTS=dir saves screenshots of the key states).
test-e2e: setup-test dist
	cargo test --test e2e

## Rebuild the NER assets (assets/ner/*.bin.gz) from ../shared: CoNLL-2003
## train (tuned on testa), Brown clusters, gazetteers. ~30 s on 2 cores.
train:
	cargo run --release --bin parallax-train -- train --shared ../shared --out assets/ner

## Measured figures (needs ../shared; stops with a message without it):
## NER (CoNLL-2003 testa/testb F1 per type, seed entity F1, tagging speed),
## entity resolution (seed merges, GUM nominal links, purity), quotes (seed
## recall / speaker accuracy, PolNeAR dev F1 by kind).
eval:
	scripts/eval-ner.sh
	scripts/eval-entities.sh
	scripts/eval-quotes.sh

## Tokenise + tag speed in tokens/s.
bench:
	cargo bench --bench ner

clean:
	cargo clean
	rm -rf dist .tools
