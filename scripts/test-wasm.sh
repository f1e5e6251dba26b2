#!/usr/bin/env bash
# Builds pacer's WebAssembly builds and runs their tests:
#   - first, that the generated surfaces (the WIT's records, options and errors, the JS
#     package's error table…) match the descriptors, since both builds compile from them;
#   - the WASI Preview 2 component (wasm/component, world in wasm/wit), reported with its size,
#     under the wasmtime host test (tests/wasm-host) against the emulator, including the
#     conformance scenario tests/scenarios/surface.json;
#   - the wasm-bindgen package for JavaScript runtimes (wasm/web), under node --test against
#     the pacer-emulator binary and the same scenario.
# Options: --lint also runs rustfmt and clippy (warnings are errors) on these crates;
#          --bench also runs the release benchmark (tests/wasm-host, bin wasm-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

LINT=0
BENCH=0
for arg in "$@"; do
  case $arg in
    --lint) LINT=1 ;;
    --bench) BENCH=1 ;;
    *) echo "usage: $0 [--lint] [--bench]" >&2; exit 2 ;;
  esac
done

started=$SECONDS
step() { printf '\n== %s (at %ds)\n' "$*" $((SECONDS - started)); }
megabytes() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%d bytes (%.2f MB)", b, b / 1e6 }'; }

step "generated surfaces: cargo run -p pacer-sdk-gen -- --check"
cargo run -q -p pacer-sdk-gen -- --check

step "rustup targets"
rustup target add wasm32-wasip2 wasm32-unknown-unknown

# Modules that are shipped and instantiated per request should be small: no debug info, whole
# program optimized for size. Only these wasm builds use these settings (and their own target
# triples), so host builds are unaffected.
WASM_RELEASE=(--release
  --config 'profile.release.debug=false'
  --config 'profile.release.lto=true'
  --config 'profile.release.opt-level="s"'
  --config 'profile.release.codegen-units=1')
# The component is shipped as built, so it drops its symbol names too; wasm-bindgen reads the
# module's target-features section, which stripping would remove, and drops names itself.

step "component: cargo build -p pacer-wasm --target wasm32-wasip2 (release)"
cargo build -p pacer-wasm --target wasm32-wasip2 "${WASM_RELEASE[@]}" --config 'profile.release.strip=true'
component=$CARGO_TARGET_DIR/wasm32-wasip2/release/pacer_wasm.wasm
echo "component size: $(megabytes "$component")  $component"

step "JS package: cargo build -p pacer-web --target wasm32-unknown-unknown (release) + wasm-bindgen"
cargo build -p pacer-web --target wasm32-unknown-unknown "${WASM_RELEASE[@]}"
# The CLI must equal the wasm-bindgen crate exactly; its lockfile pins crates this registry
# lacks, hence no --locked.
want="wasm-bindgen 0.2.130"
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "$want" ]]; then
  cargo install wasm-bindgen-cli --version 0.2.130
fi
rm -rf wasm/web/pkg
wasm-bindgen --target nodejs --remove-name-section --remove-producers-section --out-dir wasm/web/pkg \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/pacer_web.wasm"
echo "JS package wasm size: $(megabytes wasm/web/pkg/pacer_web_bg.wasm)"

if [[ $LINT == 1 ]]; then
  step "rustfmt and clippy (warnings are errors)"
  cargo fmt --check -p pacer-wasm -p pacer-web -p pacer-wasm-host
  cargo clippy -p pacer-wasm --target wasm32-wasip2 -- -D warnings
  cargo clippy -p pacer-web --target wasm32-unknown-unknown -- -D warnings
  cargo clippy -p pacer-wasm-host --all-targets -- -D warnings
fi

step "wasmtime host test: cargo test -p pacer-wasm-host"
PACER_WASM_REQUIRED=1 PACER_WASM_COMPONENT=$component cargo test -p pacer-wasm-host

step "JS tests: node --test against the pacer-emulator binary"
cargo build -p pacer-sdk-emulator --bin pacer-emulator
PACER_EMULATOR_BIN=$CARGO_TARGET_DIR/debug/pacer-emulator node --test wasm/web/test/

if [[ $BENCH == 1 ]]; then
  step "benchmark (release): component instantiation and quota-decision overhead"
  PACER_WASM_COMPONENT=$component cargo run --release -p pacer-wasm-host --bin wasm-bench
fi

printf '\nwasm builds and tests passed in %ds\n' $((SECONDS - started))
