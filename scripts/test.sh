#!/usr/bin/env bash
# Runs every check and test of the project. CI calls exactly this (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
# shellcheck source=scripts/env.sh
source scripts/env.sh

step() { printf '\n== %s\n' "$*"; }

step "test prerequisites"
# The Redis ledger tests start real redis-server processes (they need the binary, not a
# service); the date matrix moves the clock with libfaketime.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
redis-server --version
faketime --version | head -n 1

step "nothing built or generated is tracked unless a test checks it"
scripts/check-tracked.sh

step "rustfmt"
cargo fmt --all --check

step "clippy (warnings are errors)"
cargo clippy --all-targets -- -D warnings

step "core stays sans-IO"
scripts/check-core-sans-io.sh

step "generated surfaces match the descriptors (stubs, index.d.ts, WIT, conformance scenario)"
cargo run -q -p pacer-sdk-gen -- --check

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

# The Rust suite and the Python and Node quota tests again, with the machine's date moved to a
# DST change, New Year's Eve in New York, a leap day and a year from now.
step "date matrix (libfaketime)"
scripts/test-dates.sh

# Every package built as it is published, installed somewhere fresh, and used once.
step "release check"
scripts/release-check.sh

# Every fuzz target for a short, bounded time from the checked-in seeds (scripts/fuzz.sh 600 for
# a long run); a crash fails the run and leaves its input in fuzz/artifacts/.
step "fuzz targets (20 s each)"
scripts/fuzz.sh 20

printf '\nall tests passed in %ss\n' "$((SECONDS - started))"
