#!/usr/bin/env bash
# Installs the tarballs of scripts/pack.sh into a fresh npm project, as a user would (no build
# step, npm's install scripts enabled), then runs one call against an emulator from CommonJS and
# one from an ES module.  Usage: scripts/install-check.sh DIR_WITH_TARBALLS
set -euo pipefail
dir=$(cd "${1:?usage: scripts/install-check.sh DIR}" && pwd)
app=$(mktemp -d)
trap 'rm -rf "$app"' EXIT
cd "$app"
npm init -y >/dev/null
# Both tarballs, as the registry would serve them: npm installs the per-platform package that
# `pacer-sdk` lists in optionalDependencies and that matches this machine's os/cpu/libc.
npm install --no-audit --no-fund --loglevel=error "$dir"/pacer-sdk-*.tgz
ls node_modules | grep -q '^pacer-sdk-' || { echo "no per-platform package was installed" >&2; exit 1; }
node -e '
  const { Syncore, Salync, Emulator, webhooks } = require("pacer-sdk");
  (async () => {
    const emu = await Emulator.start("syncore", { virtualClock: true, jobs: 50 });
    const c = new Syncore({ apiKey: emu.apiKey, userAgent: "AcmeSync/1.0", baseUrl: emu.baseUrl, clock: emu.clock, ledger: "memory" });
    const groups = await c.clientGroups.list().toArray();
    if (groups.length === 0) throw new Error("no client groups");
    await emu.stop();
    const s = await Emulator.start("salync", { virtualClock: true });
    const sc = new Salync({ apiKey: s.apiKey, plan: "growth", baseUrl: s.baseUrl, clock: s.clock, ledger: "memory" });
    const product = (await sc.products.list().next()).value;
    if ((await sc.products.bySku(product.sku)).id !== product.id) throw new Error("SKU lookup");
    await s.stop();
    if (webhooks.verify("s", "{}", webhooks.sign("s", "{}")) !== true) throw new Error("webhooks");
    console.log(`CommonJS: the installed package works (${groups.length} client groups, Salync SKU ${product.sku})`);
  })().catch((e) => { console.error(e); process.exit(1); });'
node --input-type=module -e '
  import { Syncore, Emulator } from "pacer-sdk";
  const emu = await Emulator.start("syncore", { virtualClock: true, jobs: 50 });
  const c = new Syncore({ apiKey: emu.apiKey, userAgent: "AcmeSync/1.0", baseUrl: emu.baseUrl, clock: emu.clock, ledger: "memory" });
  const types = await c.paymentTypes.list().toArray();
  await emu.stop();
  if (types.length === 0) { console.error("no payment types"); process.exit(1); }
  console.log(`ES module: the installed package works (${types.length} payment types)`);'
