'use strict';
// Quota against the emulator: a spent window and its reset on the virtual clock, the overage
// pace, forecasts, and concurrent calls on one client and one ledger that never exceed a
// window (checked in the emulator's request log, never trusting the client's own view).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Emulator, QuotaError } = require('..');
const { withEmulator, clientOf, maxInWindow, dayResetsAt } = require('./helpers.js');

const JOB = 30290;

/** Orders reads: 5 a day and no overage, so the sixth read finds the day spent. */
const FIVE_A_DAY = `
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 90, period = "1m" },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 5, period = "day", zones = ["-05:00", "America/New_York"] },
]`;

/** Orders reads: 10 a day at up to 90 a minute, then 3 a minute. */
const SMALL_DAY_WITH_OVERAGE = `
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 90, period = "1m" },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 10, period = "day", zones = ["-05:00", "America/New_York"], overage = { limit = 3, period = "1m" } },
]`;

/** Orders reads: 8 per second, in real time. */
const EIGHT_A_SECOND = `
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 8, period = "1s" },
]`;

async function jobGets(emu) {
  return (await emu.requests()).filter((r) => r.endpoint === 'jobs.get');
}

test('a spent day fails fast with its reset time, then resets at 00:00 EST', async () => {
  await withEmulator({ specOverrides: FIVE_A_DAY, jobs: 300 }, async (emu) => {
    // The virtual clock starts at the real time (whole seconds) and stands still: the day is
    // spent at `now`, and comes back at the next 00:00 EST under both readings of the zone.
    const now = emu.now();
    const resetsAt = dayResetsAt(now);
    const c = clientOf(emu, { specOverrides: FIVE_A_DAY });
    for (let i = 0; i < 5; i++) assert.equal((await c.jobs.get(JOB)).id, JOB);
    const err = await c.jobs.get(JOB).catch((e) => e);
    assert.ok(err instanceof QuotaError, String(err));
    assert.equal(err.kind, 'quota');
    assert.equal(err.code, 'quota_exhausted');
    assert.equal(err.resetsAt.toISOString(), resetsAt.toISOString());
    assert.equal(err.retryAfter, (resetsAt.getTime() - now.getTime()) / 1000);
    assert.match(err.scope, /orders\.GET\.daily/);
    assert.match(err.message, /Nothing was sent/);
    assert.equal((await jobGets(emu)).length, 5, 'the sixth read was never sent');
    const daily = (await c.quota.status()).find((w) => w.window === 'orders.GET.daily');
    assert.equal(daily.used, 5);
    assert.equal(daily.remaining, 0);
    assert.equal(daily.resetsAt.getTime(), err.resetsAt.getTime());

    await emu.advance({ hours: 24 });
    assert.equal((await c.jobs.get(JOB)).id, JOB, 'a new day');
    const log = await jobGets(emu);
    assert.equal(log.length, 6);
    assert.ok(log.every((r) => r.status === 200), 'not a single 429');
  });
});

test('waitForReset waits (in virtual time) for the day to reset', async () => {
  await withEmulator({ specOverrides: FIVE_A_DAY, jobs: 300 }, async (emu) => {
    const resetsAt = dayResetsAt(emu.now());
    const c = clientOf(emu, { specOverrides: FIVE_A_DAY, waitForReset: true });
    const started = performance.now();
    for (let i = 0; i < 7; i++) await c.jobs.get(JOB);
    assert.ok(performance.now() - started < 5_000, 'virtual waits cost no real time');
    const log = await jobGets(emu);
    assert.equal(log.length, 7);
    assert.ok(log.every((r) => r.status === 200));
    assert.ok(log[4].at < resetsAt, `fifth at ${log[4].at.toISOString()}, within the day`);
    assert.ok(log[5].at >= resetsAt, `sixth at ${log[5].at.toISOString()}, not before ${resetsAt.toISOString()}`);
    assert.ok(c.now() >= resetsAt, 'the client shares the clock');
  });
});

test('once the day is spent, reads continue at the overage pace', async () => {
  // About four minutes of overage must fit in one day: an explicit start, far from midnight.
  await withEmulator({ specOverrides: SMALL_DAY_WITH_OVERAGE, jobs: 300, start: '2026-03-10T14:00:00Z' }, async (emu) => {
    const c = clientOf(emu, { specOverrides: SMALL_DAY_WITH_OVERAGE });
    for (let i = 0; i < 22; i++) await c.jobs.get(JOB);
    const log = await jobGets(emu);
    assert.equal(log.length, 22);
    assert.ok(log.every((r) => r.status === 200), 'not a single 429');
    const times = log.map((r) => r.at.getTime());
    assert.ok(times[9] - times[0] < 60_000, 'the first ten at the full rate');
    const overage = times.slice(10);
    assert.ok(maxInWindow(overage, 60_000) <= 3, 'never more than 3 a minute in overage');
    const minutes = (overage[overage.length - 1] - overage[0]) / 60_000;
    assert.ok(minutes >= 3 && minutes <= 4.5, `12 overage reads took ${minutes} minutes`);
    const daily = (await c.quota.status()).find((w) => w.window === 'orders.GET.daily');
    assert.equal(daily.inOverage, true);
    assert.equal(daily.overageLimit, 3);
    const usage = (await emu.usage()).find((w) => w.window === 'orders.GET.daily');
    assert.equal(usage.inOverage, true);
  });
});

test('quota.plan forecasts a workload and names the binding window', async () => {
  await withEmulator({ jobs: 300 }, async (emu) => {
    const c = clientOf(emu);
    const f = await c.quota.plan({ 'orders.GET': 5000 });
    assert.equal(f.bindingWindow, 'orders.GET.rate');
    assert.ok(f.start instanceof Date && f.finish instanceof Date);
    // 90 a minute: the 5,000th read goes out after about 55 minutes.
    assert.ok(f.durationSeconds > 55 * 60 && f.durationSeconds < 56 * 60, `${f.durationSeconds}`);
    assert.deepEqual(f.kinds.map((k) => [k.kind, k.requested, k.scheduled]), [['orders.GET', 5000, 5000]]);
    assert.ok(f.waitSeconds['orders.GET.rate'] > 0);
    const both = await c.quota.plan({ 'orders.GET': 100, 'crm.POST': 100 });
    assert.equal(both.kinds.length, 2);
    await assert.rejects(c.quota.plan({ orders: 5 }), { kind: 'validation' });
    await assert.rejects(c.quota.plan({ 'orders.GET': 1.5 }), { kind: 'validation' });
    assert.equal((await emu.requests()).length, 0, 'a forecast sends nothing');
  });
});

test('many concurrent calls on one client and one ledger never exceed a window (real time)', async () => {
  // Real time is the point: 32 calls wait concurrently and the server judges them by arrival.
  // On a virtual clock each waiter moves the clock itself, so calls held up behind a jump could
  // arrive together; real pacing, with its margin for real latency, is what is under test.
  const emu = await Emulator.start('syncore', { specOverrides: EIGHT_A_SECOND, jobs: 300 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-node-'));
  try {
    const ledger = `sqlite://${path.join(dir, 'ledger.db')}`;
    const c = clientOf(emu, { specOverrides: EIGHT_A_SECOND, ledger });
    const other = clientOf(emu, { specOverrides: EIGHT_A_SECOND, ledger });
    assert.notEqual(c.info.clock, 'virtual');
    const calls = [
      ...Array.from({ length: 24 }, () => c.jobs.get(JOB)),
      ...Array.from({ length: 8 }, () => other.jobs.get(JOB)),
    ];
    const jobs = await Promise.all(calls);
    assert.ok(jobs.every((j) => j.id === JOB));
    const log = await jobGets(emu);
    assert.equal(log.length, 32);
    assert.ok(log.every((r) => r.status === 200), 'not a single 429');
    const most = maxInWindow(log.map((r) => r.at.getTime()), 1_000);
    assert.ok(most <= 8, `${most} requests within one second`);
    assert.ok(most >= 6, `the window is used (${most})`);
  } finally {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
