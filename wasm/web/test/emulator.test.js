// Tests against the pacer-emulator binary over real HTTP, with its virtual clock driven by the
// client's `now`/`sleep` (so a minute of quota passes at once).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { pacer, startEmulator, dateBefore } = require('./helpers');

const { PacerClient, Ledger, QuotaError, ApiError } = pacer();
const UA = 'AcmeSync/1.0';

/**
 * Orders reads: 3 a minute; a daily cap of 5 without overage (a stop, not a slower pace).
 * Overrides merge windows by id, so the daily window is dropped and declared anew: merged, it
 * would keep the spec's overage pace.
 */
const SMALL = `
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 3, period = "1m" },
  { id = "orders.GET.daily", remove = true },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 5, period = "day", zones = ["America/New_York"] },
]`;

/**
 * Where the quota tests start the emulator's clock: the daily cap is New York's day, and a
 * minute of rate waiting must not run into its midnight, so they start at noon EDT, explicitly.
 */
const QUOTA_START = '2027-06-15T16:00:00Z';
/** New York's next midnight after QUOTA_START (04:00 UTC in summer time). */
const QUOTA_DAY_RESET = '2027-06-16T04:00:00Z';

function options(emu, extra = {}) {
  return { userAgent: UA, baseUrl: emu.baseUrl, apiKey: emu.apiKey, now: emu.clock.now, sleep: emu.clock.sleep, ...extra };
}

test('pages across a search, walks resumably, reads and writes', async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const client = new PacerClient(options(emu));
  const query = { date_from: dateBefore(emu.clock, 60), date_to: dateBefore(emu.clock, 0) };

  const jobs = await client.search('jobs', query);
  const searches = (await emu.requests()).filter((r) => r.endpoint === 'jobs.search');
  assert.ok(jobs.length > 20, `${jobs.length} jobs`);
  assert.equal(searches.length, Math.ceil(jobs.length / 10), 'one request per page, none after the total');
  assert.ok(searches.length >= 3, 'several pages');
  assert.deepEqual(
    searches.map((r) => new URLSearchParams(r.query).get('page')),
    searches.map((_, i) => String(i + 1)),
    'pages 1, 2, 3… in order',
  );
  assert.ok(searches.every((r) => r.status === 200 && r.user_agent === UA && r.authenticated));
  assert.equal(new Set(jobs.map((j) => j.id)).size, jobs.length, 'no record twice');

  // Page by page, stopping after two pages and resuming from the saved position.
  const walk = client.pages('jobs.search', undefined, query);
  const first = await walk.next();
  const second = await walk.next();
  assert.equal(first.records.length, 10);
  assert.equal(first.totalResults, jobs.length);
  assert.equal(second.position.pages, 2);
  const resumed = client.pages('jobs.search', undefined, query, walk.position);
  const rest = [];
  for (let page = await resumed.next(); page; page = await resumed.next()) rest.push(...page.records);
  assert.equal(rest.length, jobs.length - 20);
  assert.equal(resumed.position.done, true);
  assert.equal(await resumed.next(), null);

  const job = await client.get('jobs', { job_id: jobs[0].id });
  assert.equal(job.id, jobs[0].id);
  const orders = await client.list('sales_orders', { job_id: job.id });
  assert.ok(Array.isArray(orders));

  const address = { first_name: 'Dana', last_name: 'Whitfield', address1: '12 Quay St', city: 'Portland', country: 'US' };
  const written = await client.create('sales_orders', { job_id: job.id }, { bill_to: address, ship_to: address, description: 'From wasm' });
  assert.equal(written.status < 300, true);
  assert.ok(written.id, 'the new id');
  const after = await client.list('sales_orders', { job_id: job.id });
  assert.equal(after.length, orders.length + 1);

  await assert.rejects(client.get('jobs', { job_id: 999999999 }), (e) => {
    assert.equal(e.kind, 'api');
    assert.equal(e.status, 404);
    assert.equal(typeof e.body, 'string');
    return true;
  });
});

test('the key stays in the host fetch when the client is given none', async (t) => {
  const emu = await startEmulator();
  t.after(() => emu.stop());
  const seen = [];
  const hostFetch = (url, init) => {
    seen.push({ url, headers: { ...init.headers }, body: init.body, redirect: init.redirect });
    return fetch(url, { ...init, headers: { ...init.headers, 'x-api-key': emu.apiKey } });
  };
  const client = new PacerClient({ userAgent: UA, baseUrl: emu.baseUrl, fetch: hostFetch, now: emu.clock.now, sleep: emu.clock.sleep });
  const groups = await client.list('client_groups');
  assert.ok(groups.length > 0);
  assert.equal(seen.length, 1);
  const passed = JSON.stringify(seen);
  assert.ok(!passed.toLowerCase().includes('x-api-key'), 'no credential header from the wasm side');
  assert.ok(!passed.includes(emu.apiKey), 'the key is nowhere in what the client passed');
  assert.equal(seen[0].headers['User-Agent'], UA);
  assert.equal(seen[0].redirect, 'manual', 'redirects are never followed');
  const [received] = await emu.requests();
  assert.equal(received.authenticated, true, 'the host attached it');

  // A wrong key from the host: a 401 whose error carries no key.
  const wrong = new PacerClient({ userAgent: UA, baseUrl: emu.baseUrl, apiKey: 'wrong-key-123', now: emu.clock.now, sleep: emu.clock.sleep });
  await assert.rejects(wrong.list('client_groups'), (e) => {
    assert.ok(e instanceof ApiError, e.name);
    assert.equal(e.status, 401);
    assert.ok(!JSON.stringify({ ...e, message: e.message }).includes('wrong-key-123'));
    return true;
  });
});

test('quota: waits on the rate window, then fails with the error when the day is spent', async (t) => {
  const emu = await startEmulator({ overrides: SMALL, start: QUOTA_START });
  t.after(() => emu.stop());
  const client = new PacerClient(options(emu, { specOverrides: SMALL }));
  const started = emu.clock.now();
  for (let i = 0; i < 5; i += 1) await client.list('product_indices');
  const waited = emu.clock.now() - started;
  assert.ok(waited >= 60000 && waited < 70000, `the 4th read waited for the minute (${waited} ms)`);
  await assert.rejects(client.list('product_indices'), (e) => {
    assert.ok(e instanceof QuotaError, e.name);
    assert.equal(e.kind, 'quota');
    assert.equal(e.code, 'quota_exhausted');
    assert.match(e.scope, /orders\.GET\.daily/);
    assert.ok(e.resetsAt instanceof Date);
    assert.equal(e.resetsAt.getTime(), Date.parse(QUOTA_DAY_RESET), e.resetsAt);
    assert.equal(e.retryAfter, (Date.parse(QUOTA_DAY_RESET) - emu.clock.now()) / 1000, 'seconds from now to the reset');
    return true;
  });
  const received = await emu.requests();
  assert.equal(received.length, 5, 'the refused call sent nothing');
  assert.ok(received.every((r) => r.status === 200), 'no 429');
  const daily = client.quotaStatus().find((w) => w.window === 'orders.GET.daily');
  assert.equal(daily.used, 5);
  assert.equal(daily.remaining, 0);
});

test('two clients on one Ledger share one budget', async (t) => {
  const emu = await startEmulator({ overrides: SMALL, start: QUOTA_START });
  t.after(() => emu.stop());
  const ledger = new Ledger();
  const a = ledger.client(options(emu, { specOverrides: SMALL }));
  const b = ledger.client(options(emu, { specOverrides: SMALL }));
  const started = emu.clock.now();
  for (let i = 0; i < 2; i += 1) {
    await a.list('product_indices');
    await b.list('product_indices');
  }
  assert.ok(emu.clock.now() - started >= 60000, 'the fourth read of the pair waited');
  const received = await emu.requests();
  assert.equal(received.length, 4);
  assert.ok(received.every((r) => r.status === 200), 'no 429: one budget');
  assert.equal(b.quotaStatus().find((w) => w.window === 'orders.GET.daily').used, 4);
});
