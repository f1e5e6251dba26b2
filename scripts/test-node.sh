#!/usr/bin/env bash
# Builds and tests the Node.js binding (bindings-node): npm install (npm registry only), the
# addon with cargo, `tsc --strict` on the examples (which then run against the emulators), the
# node --test suite, and `npm pack` installed into a fresh folder. Exits non-zero on any
# failure. (The crate's Rust unit tests, rustfmt and clippy run with the rest of the workspace
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

step "npm install (typescript, @types/node; the install script is skipped: the addon is built next)"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

step "addon: cargo build --release -p pacer-node"
node scripts/build.js

step "tsc --strict --noEmit on the examples, then the examples run against the emulators"
npx --no-install tsc -p examples --strict --noEmit
# Compiled inside the package so `import 'pacer'` resolves to it (a self-reference); their
# output is long, so only failures show.
examples_out=.examples-build
rm -rf "$examples_out"
npx --no-install tsc -p examples --noEmit false --rootDir . --outDir "$examples_out"
for example in tour.js tour-esm.mjs providers.js; do
  node "$examples_out/examples/$example" >/dev/null || { echo "example $example failed" >&2; exit 1; }
done
rm -rf "$examples_out"

step "node --test"
node --test --test-reporter=spec test/*.test.js

step "npm pack, installed into a fresh folder"
pack_dir=$(mktemp -d)
trap 'rm -rf "$pack_dir"' EXIT
tarball=$(npm pack --silent --pack-destination "$pack_dir")
mkdir "$pack_dir/app"
(
  cd "$pack_dir/app"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error "../$tarball"
  node -e '
    const { Syncore, Emulator } = require("pacer");
    (async () => {
      const emu = await Emulator.start("syncore", { virtualClock: true, jobs: 50 });
      const c = new Syncore({ apiKey: emu.apiKey, userAgent: "AcmeSync/1.0", baseUrl: emu.baseUrl, ledger: "memory" });
      const groups = await c.clientGroups.list().toArray();
      if (groups.length === 0) throw new Error("no client groups");
      await emu.stop();
      const { Salync, webhooks } = require("pacer");
      const s = await Emulator.start("salync", { virtualClock: true });
      const sc = new Salync({ apiKey: s.apiKey, plan: "growth", baseUrl: s.baseUrl, ledger: "memory" });
      const product = (await sc.products.list().next()).value;
      if ((await sc.products.bySku(product.sku)).id !== product.id) throw new Error("SKU lookup");
      await s.stop();
      if (webhooks.verify("s", "{}", webhooks.sign("s", "{}")) !== true) throw new Error("webhooks");
      console.log(`installed package works: ${groups.length} client groups, Salync SKU ${product.sku}`);
    })().catch((e) => { console.error(e); process.exit(1); });'
  node --input-type=module -e 'import { Syncore, Synq, Salync, webhooks } from "pacer"; if (![Syncore, Synq, Salync].every((c) => typeof c === "function") || typeof webhooks.verify !== "function") process.exit(1);'
)

printf '\nnode binding: all checks passed in %ss\n' "$((SECONDS - started))"
