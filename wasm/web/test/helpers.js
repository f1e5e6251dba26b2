// Test helpers: the built package, the emulator binary, its admin API and a virtual clock.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const repo = path.resolve(__dirname, '..', '..', '..');

/** The package (its `index.js`: the wasm-bindgen build in wasm/web/pkg, made by scripts/test-wasm.sh, and the error classes). */
function pacer() {
  const built = path.join(__dirname, '..', 'pkg', 'pacer_web.js');
  if (!fs.existsSync(built)) {
    throw new Error(`${built} is missing: build it with scripts/test-wasm.sh`);
  }
  return require(path.join(__dirname, '..'));
}

/** The shared conformance scenario (tests/scenarios/surface.json, written by pacer-sdk-gen). */
function scenario() {
  return JSON.parse(fs.readFileSync(path.join(repo, 'tests', 'scenarios', 'surface.json'), 'utf8'));
}

/** The pacer-emulator binary: $PACER_EMULATOR_BIN, else the debug build in the target dir. */
function emulatorBinary() {
  if (process.env.PACER_EMULATOR_BIN) return process.env.PACER_EMULATOR_BIN;
  const targets = [
    process.env.CARGO_TARGET_DIR,
    path.join(os.homedir(), '.cache', 'pacer', 'target'),
    path.join(repo, 'target'),
  ].filter(Boolean);
  for (const dir of targets) {
    const bin = path.join(dir, 'debug', 'pacer-emulator');
    if (fs.existsSync(bin)) return bin;
  }
  throw new Error('pacer-emulator is not built: run cargo build -p pacer-sdk-emulator (or set PACER_EMULATOR_BIN)');
}

/**
 * Starts an emulator with a virtual clock. `provider` is `syncore` unless given; `overrides` is
 * spec-override TOML for the emulator (and the client). Resolves to {baseUrl, apiKey, info,
 * admin, clock, requests, stop}; `info` is the emulator's handshake line (Synq: `tenant_id`,
 * `org_id`), and for Synq `apiKey` is its first token, valid for an hour of its clock.
 */
async function startEmulator({ overrides, start, provider } = {}) {
  const args = ['--virtual-clock', '--jobs', '400'];
  if (provider) args.push('--provider', provider);
  if (start) args.push('--start', start);
  if (overrides) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-web-')), 'overrides.toml');
    fs.writeFileSync(file, overrides);
    args.push('--spec-overrides', file);
  }
  const child = spawn(emulatorBinary(), args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout });
    rl.once('line', (l) => { rl.close(); resolve(l); });
    child.once('exit', (code) => reject(new Error(`pacer-emulator exited with ${code}`)));
    child.once('error', reject);
  });
  const info = JSON.parse(line);
  const baseUrl = info.base_url.replace(/\/$/, '');
  const adminUrl = (info.admin_url || info.base_url).replace(/\/$/, '');
  async function admin(method, route, body) {
    const res = await fetch(`${adminUrl}/_admin/${route}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`admin ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
  // The client reads this mirror of the emulator's virtual clock (milliseconds, as Date.now);
  // sleeping (seconds, as every duration the package takes) moves both.
  let now = Date.parse((await admin('GET', 'clock')).now);
  const clock = {
    now: () => now,
    sleep: async (seconds) => {
      now += Math.round(seconds * 1000);
      await admin('POST', 'clock', { set: new Date(now).toISOString() });
    },
  };
  return {
    baseUrl,
    apiKey: info.api_key,
    info,
    admin,
    clock,
    requests: () => admin('GET', 'requests'),
    stop: () => child.kill(),
  };
}

/**
 * The calendar date in New York (Syncore's zone for its 13-month search window) `days` days
 * before the virtual clock's now, as YYYY-MM-DD. (The emulator's clock starts at the real time,
 * so dates come from it, never from literals.)
 */
function dateBefore(clock, days) {
  const today = new Date(clock.now()).toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
  return new Date(Date.parse(today) - days * 86400000).toISOString().slice(0, 10);
}

module.exports = { pacer, scenario, startEmulator, dateBefore, repo };
