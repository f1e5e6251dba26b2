// Tests that need no server: the browser guard, options, the shared validation vectors (every
// case fails before any request, so the host's fetch is never called) and the shared
// conformance scenario (option names and defaults, the error table's classes).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pacer, repo, scenario } = require('./helpers');

const web = pacer();
const { PacerClient, Ledger, PacerError, ConfigError, ValidationError } = web;

/** A fetch that records calls and must not be reached. */
function recordingFetch() {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    throw new Error('this test sends nothing');
  };
  return { fetch, calls };
}

function withGlobal(name, value, body) {
  globalThis[name] = value;
  try {
    return body();
  } finally {
    delete globalThis[name];
  }
}

test('refuses to start in a browser unless dangerouslyAllowBrowser is set', () => {
  const options = { userAgent: 'AcmeSync/1.0', apiKey: 'k-123', baseUrl: 'http://127.0.0.1:9' };
  for (const name of ['window', 'document']) {
    withGlobal(name, {}, () => {
      assert.throws(() => new PacerClient(options), (e) => {
        assert.ok(e instanceof ConfigError && e instanceof PacerError);
        assert.equal(e.name, 'ConfigError');
        assert.equal(e.kind, 'config');
        assert.equal(e.code, 'browser_refused');
        assert.match(e.message, /browser/);
        assert.ok(!e.message.includes('k-123'), 'the key is not in the error');
        return true;
      });
      assert.throws(() => new Ledger().client(options), { code: 'browser_refused' });
      const allowed = new PacerClient({ ...options, dangerouslyAllowBrowser: true });
      assert.equal(allowed.provider, 'syncore');
    });
  }
  assert.equal(new PacerClient(options).provider, 'syncore', 'Node without window is fine');
});

test('configuration errors are ConfigErrors with kind and code', () => {
  const cases = [
    [{ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' }, 'invalid_option'],
    [{ userAgent: 'AcmeSync/1.0', baseUrl: 'http://127.0.0.1:9' }, 'missing_api_key'],
    [{ userAgent: 'AcmeSync/1.0', apiKey: 'k', baseUrl: 'http://api.example.com' }, 'insecure_url'],
    [{ userAgent: 'AcmeSync/1.0', apiKey: 'k', provider: 'nope' }, 'unknown_provider'],
    [{ userAgent: 'AcmeSync/1.0', apiKey: 'k', fetch: 'not a function' }, 'invalid_option'],
    [{ userAgent: 'AcmeSync/1.0', tokenProvider: 'not a function' }, 'invalid_option'],
    [{ userAgent: 'AcmeSync/1.0', apiKey: 'k', tokenProvider: async () => 't' }, 'invalid_option'],
  ];
  for (const [options, code] of cases) {
    assert.throws(() => new PacerClient(options), (e) => {
      assert.equal(e.kind, 'config', JSON.stringify(options));
      assert.equal(e.code, code);
      assert.ok(e instanceof ConfigError && e instanceof Error);
      return true;
    });
  }
});

test('options have the names Node gives them, durations in seconds; others are refused by name', () => {
  const base = { userAgent: 'AcmeSync/1.0', apiKey: 'k', baseUrl: 'http://127.0.0.1:9' };
  const refused = [
    // Milliseconds are gone, and an option of another provider is not this one's.
    [{ maxWaitMs: 5000 }, 'maxWaitMs', 'unknown'],
    [{ retry: { maxAttempts: 2 } }, 'retry', 'unknown'],
    [{ headerValues: { tenant_id: 't' } }, 'headerValues', 'unknown'],
    [{ tenantId: 't' }, 'tenantId', 'unknown'],
    [{ maxWait: -1 }, 'maxWait', 'type'],
    [{ rateMargin: 'soon' }, 'rateMargin', 'type'],
    [{ maxAttempts: 0 }, 'maxAttempts', 'type'],
    [{ userAgent: ' ' }, 'userAgent', 'required'],
  ];
  for (const [extra, field, rule] of refused) {
    assert.throws(() => new PacerClient({ ...base, ...extra }), (e) => {
      assert.ok(e instanceof ConfigError, e.name);
      assert.equal(e.code, 'invalid_option', JSON.stringify(extra));
      assert.deepEqual([e.errors[0].field, e.errors[0].rule], [field, rule], e.message);
      assert.equal(e.errors[0].property, field, 'option names are already JavaScript spellings');
      return true;
    });
  }
  const client = new PacerClient({ ...base, maxWait: 1.5, rateMargin: 0.1, retryBaseDelay: 0.25, waitForReset: true });
  const s = client.settings;
  assert.deepEqual([s.maxWait, s.rateMargin, s.retryBaseDelay, s.waitForReset], [1.5, 0.1, 0.25, true]);
});

test('a client of each provider applies the options and defaults of the scenario', () => {
  // Types the package reads itself rather than as data: the credential (apiKey, tokenProvider),
  // and the clock (now and sleep instead); the ledger is the Ledger class.
  const own = new Set(['secret', 'token_provider', 'clock']);
  for (const [provider, p] of Object.entries(scenario().providers)) {
    const options = { provider, fetch: async () => { throw new Error('offline'); } };
    for (const o of p.options) {
      if (o.required && !own.has(o.type)) options[o.js_name] = o.name === 'base_url' ? 'http://127.0.0.1:9' : `test-${o.name}`;
    }
    const settings = new PacerClient(options).settings;
    const expected = {};
    for (const o of p.options) {
      if (own.has(o.type) || o.name === 'ledger') continue;
      expected[o.js_name] = o.js_name in options ? options[o.js_name] : o.default;
    }
    assert.deepEqual(settings, expected, provider);
  }
});

test('errors are the classes of the error table, with its fields', async () => {
  const table = scenario().errors;
  assert.equal(table.base, 'PacerError');
  assert.deepEqual([...web.KINDS], table.kinds.map((k) => k.kind));
  for (const { kind, class: name } of table.kinds) {
    const cls = web[name];
    assert.equal(typeof cls, 'function', name);
    assert.equal(cls.name, name);
    const e = PacerError.from({ kind, code: 'c', message: 'm', retry_after: 1.5, resets_at: '2026-11-23T05:00:00Z' });
    assert.ok(e instanceof cls && e instanceof PacerError && e instanceof Error, name);
    assert.equal(e.name, name);
    assert.equal(e.retryAfter, 1.5);
    assert.ok(e.resetsAt instanceof Date);
    const copy = PacerError.from(JSON.parse(JSON.stringify(e)));
    assert.ok(copy instanceof cls);
    assert.deepEqual(copy.toJSON(), e.toJSON());
  }
  // Every field of the table on what the package throws (a validation error here).
  const client = new PacerClient({ userAgent: 'AcmeSync/1.0', apiKey: 'k', baseUrl: 'http://127.0.0.1:9' });
  await assert.rejects(client.create('contacts', {}, {}), (e) => {
    assert.ok(e instanceof ValidationError, e.name);
    const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
    for (const f of table.fields) assert.ok(camel(f) in e, `${f} on ${e.name}`);
    assert.ok(table.codes.some((c) => c.code === e.code && c.kind === e.kind), e.code);
    assert.ok(Object.isFrozen(e.errors) && e.errors.length > 0);
    return true;
  });
});

test('the shared validation vectors fail before any request', async () => {
  const vectors = JSON.parse(
    fs.readFileSync(path.join(repo, 'tests', 'scenarios', 'validation.json'), 'utf8'),
  );
  const { fetch, calls } = recordingFetch();
  const now = Date.parse(vectors.now);
  const client = new PacerClient({
    provider: vectors.provider,
    userAgent: 'AcmeSync/1.0',
    baseUrl: 'http://127.0.0.1:9',
    fetch,
    now: () => now,
  });
  assert.ok(vectors.cases.length >= 8);
  for (const c of vectors.cases) {
    const [resource, action] = c.endpoint.split('.');
    let pending;
    if (action === 'search') pending = client.search(resource, c.query, c.path);
    else if (action === 'list') pending = client.list(resource, c.path, c.query);
    else if (action === 'get') pending = client.get(resource, c.path);
    else if (action === 'create') pending = client.create(resource, c.path, c.body);
    else if (action === 'update') pending = client.update(resource, c.path, c.body);
    else pending = client.call(c.endpoint, c.path, c.query, c.body);
    await assert.rejects(pending, (e) => {
      assert.equal(e.kind, 'validation', c.name);
      assert.equal(e.code, 'validation_failed', c.name);
      assert.deepEqual(e.errors.map((f) => [f.field, f.rule]), c.errors, c.name);
      for (const f of e.errors) {
        assert.equal(f.property, f.field.replace(/_([a-z0-9])/g, (_, ch) => ch.toUpperCase()), c.name);
      }
      return true;
    });
  }
  assert.equal(calls.length, 0, 'nothing was sent');
  const used = client.quotaStatus().filter((w) => w.used > 0);
  assert.deepEqual(used, [], 'no quota was spent');
});

test('quota plan and endpoints are plain data', () => {
  const client = new PacerClient({ userAgent: 'AcmeSync/1.0', apiKey: 'k', baseUrl: 'http://127.0.0.1:9' });
  const endpoints = client.endpoints();
  const names = endpoints.map((e) => e.name);
  for (const name of ['jobs.search', 'jobs.get', 'sales_orders.list', 'sales_orders.create', 'purchase_orders.update']) {
    assert.ok(names.includes(name), name);
  }
  const search = endpoints.find((e) => e.name === 'jobs.search');
  assert.equal(search.paged, true);
  assert.deepEqual(search.queryParams.slice(0, 2), ['date_from', 'date_to']);
  const plan = client.plan({ 'orders.GET': 200 });
  assert.equal(plan.kinds[0].kind, 'orders.GET');
  assert.equal(plan.kinds[0].scheduled, 200);
  assert.equal(plan.bindingWindow, 'orders.GET.rate', '90 a minute binds 200 reads');
  const minutes = (Date.parse(plan.finish) - Date.parse(plan.start)) / 60000;
  assert.ok(minutes >= 2 && minutes < 3, `${minutes} minutes`);
  assert.throws(() => client.plan({ 'nope.GET': 1 }), { kind: 'validation' });
  const daily = client.quotaStatus().find((w) => w.window === 'orders.GET.daily');
  assert.equal(daily.limit, 20000);
  assert.equal(daily.used, 0);
});
