'use strict';
// How the binding behaves as a Node library: the event loop keeps running while calls wait,
// secrets never show, errors are PacerErrors, and index.d.ts describes the runtime surface.

const test = require('node:test');
const assert = require('node:assert/strict');
const util = require('node:util');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const pacer = require('..');
const { Emulator, PacerError, ApiError, Syncore } = pacer;
const { clientOf, withEmulator, dateBefore } = require('./helpers.js');

const JOB = 30290;

/** Orders reads: 3 per second, in real time, so calls really wait. */
const THREE_A_SECOND = `
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 3, period = "1s" },
]`;

test('the event loop keeps running while calls wait for quota and for the server', async () => {
  // Real time is the point: the event loop must keep turning while calls really wait (a
  // virtual clock ends a quota wait at once, and cannot make the server slow), so the
  // emulator runs on real time and a 5 ms interval timer measures the loop's pauses.
  const emu = await Emulator.start('syncore', { specOverrides: THREE_A_SECOND, jobs: 300 });
  try {
    const c = clientOf(emu, { specOverrides: THREE_A_SECOND });
    let ticks = 0;
    let last = performance.now();
    let worstGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    // Nine reads at 3 a second wait about two seconds for quota; two more wait 300 ms each
    // on a slow server.
    await emu.injectFault('delay', { delayMs: 300, times: 2, pathContains: '/v2/orders/jobs/' });
    const results = await Promise.all(Array.from({ length: 11 }, () => c.jobs.get(JOB)));
    const elapsed = performance.now() - started;
    clearInterval(timer);
    assert.ok(results.every((j) => j.id === JOB));
    assert.ok(elapsed > 2_000, `the calls waited (${elapsed} ms)`);
    assert.ok(ticks > elapsed / 5 / 3, `${ticks} ticks in ${elapsed} ms`);
    assert.ok(worstGap < 150, `the longest pause of the event loop was ${worstGap} ms`);
    const log = (await emu.requests()).filter((r) => r.endpoint === 'jobs.get');
    assert.ok(log.every((r) => r.status === 200));
  } finally {
    await emu.stop();
  }
});

const SECRET = 'f3a9c2d1-5e6b-4c7d-8e9f-0a1b2c3d4e5f';
const WRONG = '11111111-2222-4333-8444-555555555555';

/** Everything a value shows to `inspect` and `JSON.stringify`. */
function shown(value) {
  const parts = [util.inspect(value, { showHidden: true, depth: Infinity, getters: true })];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    // Circular values are not JSON; inspect covers them.
  }
  if (value instanceof Error) parts.push(String(value), value.stack ?? '', value.message);
  if (value && typeof value === 'object') {
    for (const key of [...Object.getOwnPropertyNames(value), ...Object.getOwnPropertySymbols(value)]) {
      const v = value[key];
      parts.push(util.inspect(v, { showHidden: true, depth: 4 }));
      if (v && typeof v === 'object') parts.push(JSON.stringify(v) ?? '');
    }
  }
  return parts.join('\n');
}

test('secrets never show in inspect, JSON, errors, logs or the ledger file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-node-'));
  const emu = await Emulator.start('syncore', { virtualClock: true, apiKey: SECRET, jobs: 300 });
  try {
    const ledger = `sqlite://${path.join(dir, 'ledger.db')}`;
    const c = new Syncore({ apiKey: SECRET, userAgent: 'AcmeSync/1.0', baseUrl: emu.baseUrl, clock: emu.clock, ledger });
    assert.equal((await c.jobs.get(JOB)).id, JOB, 'the key works');
    for (const value of [c, c.jobs, c.quota, c.jobs.search({ dateFrom: dateBefore(emu, 5), dateTo: dateBefore(emu, 0) }), emu]) {
      assert.ok(!shown(value).includes(SECRET), util.inspect(value));
    }
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(c))).sort(), ['baseUrl', 'clock', 'displayName', 'ledger', 'provider', 'userAgent']);

    // A rejected key: the error says 401 and never repeats the key.
    const wrong = new Syncore({ apiKey: WRONG, userAgent: 'AcmeSync/1.0', baseUrl: emu.baseUrl, clock: emu.clock, ledger: 'memory' });
    const err = await wrong.jobs.get(JOB).catch((e) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 401);
    for (const secret of [WRONG, SECRET]) assert.ok(!shown(err).includes(secret));
    const requests = await emu.requests();
    assert.ok(!JSON.stringify(requests).includes(SECRET), 'the emulator never records the key');

    // The key is not kept anywhere on disk.
    const bytes = fs.readFileSync(path.join(dir, 'ledger.db'));
    assert.ok(!bytes.includes(Buffer.from(SECRET)), 'not in the ledger file');

    // Nor in the driver's event log (PACER_LOG), checked in a child process.
    const script = `
      const { Syncore } = require(${JSON.stringify(path.join(__dirname, '..'))});
      const c = new Syncore({ apiKey: process.env.KEY, userAgent: 'AcmeSync/1.0', baseUrl: process.env.URL, ledger: 'memory' });
      c.jobs.get(${JOB}).then(() => c.jobs.get(99999999)).catch((e) => console.error(String(e), JSON.stringify(e)));`;
    const child = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, PACER_LOG: '1', KEY: SECRET, URL: emu.baseUrl },
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stderr, /Sending/, 'events were logged');
    assert.match(child.stderr, /not_found|Resource not found/);
    assert.ok(!child.stderr.includes(SECRET) && !child.stdout.includes(SECRET));
  } finally {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('errors are PacerError subclasses with every field of the flat error', async () => {
  await withEmulator({ jobs: 300 }, async (emu) => {
    const c = clientOf(emu);
    const err = await c.jobs.get('abc').catch((e) => e);
    assert.ok(err instanceof pacer.ValidationError && err instanceof PacerError && err instanceof Error);
    assert.equal(err.name, 'ValidationError');
    for (const field of ['kind', 'code', 'message', 'status', 'body', 'errors', 'retryAfter', 'resetsAt', 'scope']) {
      assert.ok(field in err, field);
    }
    assert.deepEqual(Object.keys(err.toJSON()).sort(), ['body', 'code', 'errors', 'kind', 'message', 'name', 'resetsAt', 'retryAfter', 'scope', 'status']);
    assert.ok(pacer.KINDS.includes(err.kind));
    assert.match(err.stack, /runtime\.test\.js|index\.js/);
    const config = (() => {
      try {
        return new Syncore({ userAgent: 'AcmeSync/1.0', baseUrl: emu.baseUrl, clock: emu.clock, ledger: 'memory' });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(config instanceof pacer.ConfigError, String(config));
    assert.equal(config.code, 'missing_api_key');
    assert.throws(() => new Syncore({ apiKey: 'k', userAgent: 'A/1', baseUrl: 'http://example.com', ledger: 'memory' }), { kind: 'config' });
    assert.throws(() => new Syncore({ apiKey: 'k', userAgent: 'A/1', ledger: 'postgres://x' }), { code: 'invalid_ledger' });
  });
});

test('the emulator: clock, faults, log, stop', async () => {
  const emu = await Emulator.start({ virtualClock: true, jobs: 300, start: new Date('2026-03-08T06:00:00Z') });
  assert.equal(emu.now().toISOString(), '2026-03-08T06:00:00.000Z');
  await emu.advance({ hours: 1, minutes: 30 });
  assert.equal(emu.now().toISOString(), '2026-03-08T07:30:00.000Z');
  await emu.advanceTo('2026-03-09T00:00:00Z');
  assert.equal(emu.now().toISOString(), '2026-03-09T00:00:00.000Z');
  await assert.rejects(emu.advance(-5), { kind: 'validation' });
  await assert.rejects(emu.injectFault('meteor'), { kind: 'validation' });
  await assert.rejects(emu.injectFault('status', { times: 1 }), /status/);
  await assert.rejects(emu.injectFault('status', { status: 503, wat: 1 }), { kind: 'validation' });
  await assert.rejects(Emulator.start('syncore', { virtualClok: true }), /virtualClok/);
  const c = clientOf(emu);
  await emu.injectFault('status', { status: 503, times: 1, method: 'GET' });
  assert.ok((await c.clientGroups.list().toArray()).length > 0, 'a 503 is retried');
  const log = await emu.requests();
  assert.deepEqual(log.map((r) => r.status), [503, 200]);
  assert.ok(log[0].at instanceof Date);
  const usage = await emu.usage();
  assert.ok(usage.find((w) => w.window === 'crm.GET.daily').used >= 1);
  await emu.stop();
  await emu.stop();
  assert.throws(() => emu.now(), { code: 'emulator_stopped' });
  await assert.rejects(emu.requests(), { code: 'emulator_stopped' });
  const real = await Emulator.start('syncore', { jobs: 100 });
  // The emulator's failures come through the error table: a real clock refuses to move.
  await assert.rejects(real.advance({ hours: 1 }), { name: 'ConfigError', code: 'emulator_refused' });
  await real.stop();
  await assert.rejects(Emulator.start('nope'), { name: 'ConfigError', code: 'emulator' });
  assert.throws(() => new Emulator({}), TypeError);
});

/** The member names a declared class or interface body lists in index.d.ts. */
function declared(dts, header) {
  const found = new RegExp(`${header.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s<{]`).exec(dts);
  assert.ok(found, `index.d.ts declares ${header}`);
  const start = found.index;
  const body = dts.slice(dts.indexOf('{', start) + 1, dts.indexOf('\n}', start));
  const names = new Set();
  for (const m of body.matchAll(/^ {2}(?:static |readonly )*([A-Za-z0-9_]+)\??[(<:]/gm)) names.add(m[1]);
  return names;
}

/** Checks that the class `name` in index.d.ts declares exactly `client`'s resources and actions. */
function resourcesDeclared(dts, name, client) {
  const props = declared(dts, `export declare class ${name} extends Client`);
  const at = dts.indexOf(`export declare class ${name} `);
  const body = dts.slice(at, dts.indexOf('\n}', at));
  const types = Object.fromEntries([...body.matchAll(/^ {2}readonly (\w+): (\w+)/gm)].map((m) => [m[1], m[2]]));
  assert.deepEqual(new Set(client.resources), new Set(Object.keys(types)), `${name} resources`);
  for (const resource of client.resources) {
    assert.ok(props.has(resource), resource);
    const type = types[resource];
    const actions = declared(dts, `export interface ${type}`);
    assert.deepEqual(new Set(client[resource].actions), actions, `${name}.${resource} (${type})`);
  }
}

test('index.d.ts declares every resource, action and method the runtime has', async () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8');
  const synqEmu = await Emulator.start('synq', { virtualClock: true });
  const salyncEmu = await Emulator.start('salync', { virtualClock: true });
  try {
    const synq = new pacer.Synq({ token: synqEmu.apiKey, tenantId: synqEmu.tenantId, orgId: synqEmu.orgId, baseUrl: synqEmu.baseUrl, clock: synqEmu.clock, ledger: 'memory' });
    resourcesDeclared(dts, 'Synq', synq);
    const salync = new pacer.Salync({ apiKey: salyncEmu.apiKey, baseUrl: salyncEmu.baseUrl, clock: salyncEmu.clock, ledger: 'memory' });
    resourcesDeclared(dts, 'Salync', salync);
  } finally {
    await synqEmu.stop();
    await salyncEmu.stop();
  }
  const machine = declared(dts, 'export interface OrderStatusMachine');
  assert.deepEqual(machine, new Set(Object.keys(pacer.orderStatus)), 'orderStatus');
  const hooks = declared(dts, 'export interface Webhooks');
  assert.deepEqual(hooks, new Set(Object.keys(pacer.webhooks)), 'webhooks');
  await withEmulator({ jobs: 100 }, async (emu) => {
    const c = clientOf(emu);
    resourcesDeclared(dts, 'Syncore', c);
    const surfaces = [
      ['export declare class Client', pacer.Client.prototype, Object.getOwnPropertyNames(c).filter((n) => !c.resources.includes(n))],
      ['export declare class Emulator', pacer.Emulator.prototype, ['start']],
      ['export declare class RecordIterator', pacer.RecordIterator.prototype],
      ['export declare class Quota', pacer.Quota.prototype],
      ['export declare class SalyncReceiver', pacer.SalyncReceiver.prototype],
    ];
    for (const [header, proto, statics = []] of surfaces) {
      const runtime = new Set([...Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor'), ...statics]);
      const names = declared(dts, header);
      names.delete('constructor');
      assert.deepEqual(runtime, names, header);
    }
  });
  for (const name of Object.keys(pacer)) {
    assert.match(dts, new RegExp(`export declare (class|const) ${name}\\b`), name);
  }
});

test('ES modules get the same objects', async () => {
  const esm = await import('pacer-sdk');
  assert.equal(esm.Syncore, Syncore);
  assert.equal(esm.PacerError, PacerError);
  assert.equal(esm.Emulator, Emulator);
  assert.equal(esm.default, pacer);
  for (const name of Object.keys(pacer)) assert.equal(esm[name], pacer[name], name);
});
