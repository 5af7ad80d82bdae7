#!/usr/bin/env bash
# Installs what `make run` / `make test` need on a fresh machine, skipping
# anything already present at the right version. Usage: scripts/setup.sh [web|test]
#   web  : a C compiler when there is none (Debian gcc), wasm32 target,
#          trunk 0.21.x, wasm-bindgen-cli (version from Cargo.lock),
#          binaryen 132 (wasm-opt, from npm into .tools/)
#   test : all of the above plus Debian chromium and chromium-driver
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-web}"
say() { echo "setup: $*"; }

# The command-line tool's allocator (mimalloc) is C, compiled by cargo.
if ! command -v cc >/dev/null; then
  say "installing a C compiler (Debian gcc) for the command line's allocator"
  if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gcc libc6-dev >/dev/null
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "installing trunk 0.21.x (takes several minutes)"
  cargo install trunk --version '~0.21' --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
[ -f Cargo.lock ] || cargo generate-lockfile
wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb\$"; then
  say "installing wasm-bindgen-cli $wb (takes a few minutes)"
  # not --locked: the registry index lacks one of its pinned dependencies
  cargo install wasm-bindgen-cli --version "$wb"
fi

if ! .tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
  say "installing binaryen 132 (wasm-opt) from npm into .tools/"
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools binaryen@132.0.0
fi

if [ "$what" = test ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian chromium and chromium-driver"
    if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi

# trunk --offline needs every crate in the local registry.
cargo fetch --quiet
say "ok"
