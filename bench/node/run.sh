#!/usr/bin/env bash
# Runs pacer's Node.js benchmarks: builds the addon (release), installs Bottleneck from the npm
# registry, then prints throughput and schedule-efficiency figures side by side (about 5 min).
# PACER_BENCH_SCALE (60) sets how much faster than real time the scaled clock runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/env.sh
source scripts/env.sh
node bindings-node/scripts/build.js
cd bench/node
npm ci --no-audit --no-fund --loglevel=error
node bench.js
