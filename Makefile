# Parallax — see README.md. Every target installs what it needs first.
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test dist setup setup-test lint test-native test-wasm test-e2e train eval bench fuzz clean

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
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --workspace --target wasm32-unknown-unknown --bins --lib -- -D warnings

## Release build of the web app into dist/ (the e2e tests serve it); prints
## the gzipped size of each file.
dist: setup
	trunk build --release --offline
	@for f in dist/*; do printf '  %-48s %8s bytes, %8s gzipped\n' "$$f" "$$(wc -c < "$$f")" "$$(gzip -9c "$$f" | wc -c)"; done

## Library, binaries and tests (the benches are compiled by clippy above and
## run by `make bench`, never here).
test-native:
	cargo test --lib --bins --tests

## Yew component tests in headless Chromium (the app crate, app/; runner
## and flags: .cargo/config.toml, webdriver.json).
test-wasm: setup-test
	CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p parallax-app --lib

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

## Benchmarks, figures printed (method and results: BENCHMARKS.md); each
## line also runs alone. Tokenise + tag speed; time per MB of pathological
## text at two sizes (linear time); the native pipeline in words/s
## (seed bundle, and BASIL from ../shared); the gzipped size of dist/ (from
## `make dist`; PARALLAX_DIST=dir for another build); peak memory of the CLI
## on a 10 MB bundle, and of the browser on it (when dist/ exists); the app
## in headless Chromium (when dist/ exists);
## spaCy and compromise.js on the same text (installed under /tmp).
bench:
	cargo bench --bench ner
	cargo bench --bench pathological
	cargo bench --bench pipeline
	scripts/bench-instructions.sh
	scripts/bench-sizes.sh
	scripts/bench-memory.sh
	@if [ -f "$${PARALLAX_DIST:-dist}/index.html" ]; then cargo bench --bench browser; \
	else echo "browser: skipped, no $${PARALLAX_DIST:-dist}/index.html (build the app with \`make dist\`)"; fi
	scripts/bench-compare.sh

## Fuzz each target in turn for FUZZ_SECONDS (default 600) with libFuzzer:
## one process at low priority; needs the nightly toolchain (cargo-fuzz is
## installed when missing). Seeds come from the fixtures (fuzz/make-corpus.py);
## a crash stops the run and is saved in fuzz/artifacts/<target>/. No
## sanitizer: the native code has no `unsafe` (the WebAssembly SIMD adds in
## `ner::lanes` are compiled for wasm32 only), and panics, overflow checks, hangs
## and memory blow-ups are caught without one, twice as fast.
## FUZZ_TARGETS="analyze" picks targets.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= ingest_txt ingest_html ingest_json ingest_jsonl ingest_zip analyze report_roundtrip
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
	fuzz/make-corpus.py
	cd fuzz && nice -n 10 cargo +nightly fuzz build -s none
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  case $$t in ingest_html) d=html;; ingest_json*) d=json;; ingest_zip) d=;; *) d=text;; esac; \
	  echo "== $$t: $(FUZZ_SECONDS) s"; \
	  nice -n 10 cargo +nightly fuzz run -s none $$t corpus/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=20 $${d:+-dict=dicts/$$d.dict} || exit 1; \
	done

clean:
	cargo clean
	rm -rf dist .tools
