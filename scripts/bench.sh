#!/usr/bin/env bash
# Runs the benchmarks; each prints its figures and ratios measured side by side in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo run --release -q -p pacer-bench --bin quota
