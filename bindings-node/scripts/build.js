#!/usr/bin/env node
'use strict';
/**
 * Builds the addon with cargo and copies it next to index.js as `pacer.<platform>-<arch>.node`.
 * Usage: `node scripts/build.js [--debug]`. Needs the pacer repository (this folder inside the
 * Cargo workspace) and a Rust toolchain. Builds go to $CARGO_TARGET_DIR, by default the
 * project's shared `~/.cache/pacer/target`, so a fresh clone reuses earlier builds.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const here = path.resolve(__dirname, '..');
const addonName = `pacer.${process.platform}-${process.arch}.node`;

/** The Cargo workspace this package lives in, or null outside the repository. */
function workspaceRoot() {
  const root = path.resolve(here, '..');
  const manifest = path.join(root, 'Cargo.toml');
  if (!fs.existsSync(manifest)) return null;
  const text = fs.readFileSync(manifest, 'utf8');
  return /\[workspace\]/.test(text) && text.includes('bindings-node') ? root : null;
}

/** The file name cargo gives a cdylib called `pacer_node` on this platform. */
function libraryName() {
  if (process.platform === 'win32') return 'pacer_node.dll';
  if (process.platform === 'darwin') return 'libpacer_node.dylib';
  return 'libpacer_node.so';
}

/** Builds and copies the addon; returns the path written. */
function build({ debug = false } = {}) {
  const root = workspaceRoot();
  if (!root) {
    throw new Error(
      `pacer: ${addonName} is missing and this folder is not inside the pacer repository, ` +
        'so it cannot be built here.',
    );
  }
  const env = { ...process.env };
  env.CARGO_TARGET_DIR ||= path.join(os.homedir(), '.cache', 'pacer', 'target');
  const args = ['build', '-p', 'pacer-node', ...(debug ? [] : ['--release'])];
  console.error(`pacer: cargo ${args.join(' ')} (target dir ${env.CARGO_TARGET_DIR})`);
  const run = spawnSync('cargo', args, { cwd: root, env, stdio: 'inherit' });
  if (run.error) throw new Error(`pacer: cannot run cargo (${run.error.message}); install Rust`);
  if (run.status !== 0) throw new Error(`pacer: cargo build failed (exit ${run.status})`);
  const built = path.join(env.CARGO_TARGET_DIR, debug ? 'debug' : 'release', libraryName());
  const dest = path.join(here, addonName);
  // Copy to a temporary name and rename, so a running process never loads a half-written file.
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.copyFileSync(built, tmp);
  fs.renameSync(tmp, dest);
  return dest;
}

module.exports = { build, addonName, workspaceRoot };

if (require.main === module) {
  try {
    const dest = build({ debug: process.argv.includes('--debug') });
    console.error(`pacer: wrote ${path.relative(process.cwd(), dest)}`);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
