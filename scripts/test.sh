#!/usr/bin/env bash
# Runs every check and test of the project. CI calls exactly this (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
# shellcheck source=scripts/env.sh
source scripts/env.sh

step() { printf '\n== %s\n' "$*"; }

step "test prerequisites"
# The Redis ledger tests start real redis-server processes (they need the binary, not a service).
if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
redis-server --version

step "rustfmt"
cargo fmt --all --check

step "clippy (warnings are errors)"
cargo clippy --all-targets -- -D warnings

step "core stays sans-IO"
scripts/check-core-sans-io.sh

step "Rust tests"
cargo test

# The bindings build their own artifacts (wheel, addon, wasm modules) and install their own tools
# (a Python venv with maturin, pytest and mypy; npm packages; rustup targets; wasm-bindgen-cli).
step "Python binding"
scripts/test-python.sh

step "Node binding"
scripts/test-node.sh

step "WebAssembly builds (component and JS package; rustfmt and clippy on the wasm targets)"
scripts/test-wasm.sh --lint

printf '\nall tests passed in %ss\n' "$((SECONDS - started))"
