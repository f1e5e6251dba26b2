#!/usr/bin/env bash
# Packs the npm packages the way napi-rs projects publish them: `pacer-sdk` (JavaScript, types
# and the loader `native.js`, no addon) and, for each addon built here (`napi build --platform`
# writes `pacer-sdk.<platform>.node`), a per-platform package `pacer-sdk-<platform>` (made by
# `napi create-npm-dirs`, with its os/cpu/libc fields) that `pacer-sdk` lists in
# optionalDependencies. npm installs only the one matching the machine; nothing is compiled at
# install time. The optionalDependencies are written into a staged copy, as `napi pre-publish`
# does at release time (it needs every target of napi.targets built, which takes a CI matrix;
# this packs the platforms built on this machine).
# Usage: scripts/pack.sh OUT_DIR   (prints the tarballs written)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(cd "${1:?usage: scripts/pack.sh OUT_DIR}" && pwd)
[ -f native.js ] || { echo "native.js is missing: run npx napi build --platform first" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp package.json README.md index.js index.mjs index.d.ts native.js "$stage/"
npx --no-install napi create-npm-dirs --cwd "$stage" >/dev/null 2>&1
platforms=()
for addon in pacer-sdk.*.node; do
  [ -e "$addon" ] || continue
  platform=${addon#pacer-sdk.}
  platform=${platform%.node}
  [ -d "$stage/npm/$platform" ] || { echo "$addon: $platform is not a target in package.json's napi.targets" >&2; exit 1; }
  cp "$addon" "$stage/npm/$platform/"
  (cd "$stage/npm/$platform" && npm pack --silent --pack-destination "$out")
  platforms+=("$platform")
done
[ ${#platforms[@]} -gt 0 ] || { echo "no addon built (pacer-sdk.*.node): run npx napi build --platform first" >&2; exit 1; }
node -e '
  const fs = require("fs");
  const [file, ...platforms] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  pkg.optionalDependencies = Object.fromEntries(platforms.map((p) => [`${pkg.name}-${p}`, pkg.version]));
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");' "$stage/package.json" "${platforms[@]}"
(cd "$stage" && npm pack --silent --pack-destination "$out")
