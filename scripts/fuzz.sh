#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 20 s each; `scripts/fuzz.sh 600` for the
# long run), starting from the checked-in seed corpus (fuzz/corpus/<target>). New inputs go to a
# scratch copy, so the tree stays clean; a crash leaves its input in fuzz/artifacts/<target>/
# and fails the run (turn it into a regression test, then add it to the corpus).
# Needs the nightly toolchain (installed here) and cargo-fuzz (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
# A target dir of its own: nightly with sanitizers shares nothing with the main build.
export CARGO_TARGET_DIR=${PACER_FUZZ_TARGET_DIR:-$HOME/.cache/pacer/fuzz-target}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked -q
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
cd fuzz
cargo +nightly fuzz build -O
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in $(cargo +nightly fuzz list); do
  mkdir -p "$scratch/$target"
  cp -r "corpus/$target/." "$scratch/$target/" 2>/dev/null || true
  echo "== fuzz $target for ${seconds}s"
  log="$scratch/$target.log"
  if ! cargo +nightly fuzz run -O "$target" "$scratch/$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz target $target failed; its input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' "$log" || tail -n 3 "$log"
done
echo "fuzzing: every target ran ${seconds}s without a crash"
