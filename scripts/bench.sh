#!/usr/bin/env bash
# Runs the benchmarks; each prints its figures and ratios measured side by side in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build --release -q -p pacer-sdk-emulator -p pacer-bench
bin="$CARGO_TARGET_DIR/release"
"$bin/quota"
echo
"$bin/driver"
echo
"$bin/instructions"
echo
"$bin/redis"
echo
"$bin/concurrency"
