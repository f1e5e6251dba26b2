#!/usr/bin/env bash
# Builds and tests the Node.js binding (bindings-node, npm package `pacer-sdk`): npm ci (npm
# registry only), the addon with @napi-rs/cli (`napi build --platform`, which also writes the
# loader native.js), `tsc --strict` on the examples (which then run against the emulators), the
# node --test suite, and the packages as napi-rs projects publish them (`pacer-sdk` plus the
# per-platform `pacer-sdk-linux-x64-gnu` it lists in optionalDependencies), packed and installed
# into a fresh folder without any build step. Exits non-zero on any failure. (The crate's Rust unit tests, rustfmt and clippy run with the rest of the workspace
# in scripts/test.sh.)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

started=$SECONDS
step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - started))"; }

command -v node >/dev/null || { echo "node is required (18 or later)" >&2; exit 1; }
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' \
  || { echo "node 18 or later is required (found $(node --version))" >&2; exit 1; }

cd bindings-node

step "npm ci (@napi-rs/cli, typescript, @types/node)"
npm ci --no-audit --no-fund --loglevel=error

step "addon: napi build --platform (debug)"
npx --no-install napi build --platform --js native.js --dts native.d.ts

step "tsc --strict --noEmit on index.d.ts (its generated sections included), then the examples"
npx --no-install tsc --strict --noEmit --exactOptionalPropertyTypes --types node index.d.ts
npx --no-install tsc -p examples --strict --noEmit
# The examples run against the emulators, compiled inside the package so `import 'pacer-sdk'`
# resolves to it (a self-reference); their output is long, so only failures show.
examples_out=.examples-build
rm -rf "$examples_out"
npx --no-install tsc -p examples --noEmit false --rootDir . --outDir "$examples_out"
for example in tour.js tour-esm.mjs providers.js; do
  node "$examples_out/examples/$example" >/dev/null || { echo "example $example failed" >&2; exit 1; }
done
rm -rf "$examples_out"

step "node --test"
node --test --test-reporter=spec test/*.test.js

pack_dir=$(mktemp -d)
trap 'rm -rf "$pack_dir"' EXIT
step "npm pack (pacer-sdk and pacer-sdk-linux-x64-gnu), installed into a fresh folder"
scripts/pack.sh "$pack_dir"
scripts/install-check.sh "$pack_dir"

printf '\nnode binding: all checks passed in %ss\n' "$((SECONDS - started))"
