#!/usr/bin/env bash
# Builds and tests the Node.js binding (bindings-node): npm install (npm registry only), the
# addon with cargo, `tsc --strict` on the examples, the node --test suite, and `npm pack`
# installed into a fresh folder. Exits non-zero on any failure. (The crate's Rust unit tests,
# rustfmt and clippy run with the rest of the workspace in scripts/test.sh.)
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

step "tsc --strict --noEmit on the examples"
npx --no-install tsc -p examples --strict --noEmit

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
      console.log(`installed package works: ${groups.length} client groups`);
    })().catch((e) => { console.error(e); process.exit(1); });'
  node --input-type=module -e 'import { Syncore } from "pacer"; if (typeof Syncore !== "function") process.exit(1);'
)

printf '\nnode binding: all checks passed in %ss\n' "$((SECONDS - started))"
