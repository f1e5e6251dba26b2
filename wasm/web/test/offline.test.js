// Tests that need no server: the browser guard, options, and the shared validation vectors
// (every case fails before any request, so the host's fetch is never called).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pacer, repo } = require('./helpers');

const { PacerClient, Ledger } = pacer();

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
        assert.equal(e.name, 'PacerError');
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

test('configuration errors are PacerErrors with kind and code', () => {
  const cases = [
    [{ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' }, 'missing_user_agent'],
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
      assert.ok(e instanceof Error);
      return true;
    });
  }
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
