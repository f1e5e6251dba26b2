// Token-based providers (Synq) against the pacer-emulator binary: an async `tokenProvider` is
// asked at first use and again once when the server rejects the token with 401; its failure is
// a typed PacerError; no token reaches an error.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { pacer, startEmulator } = require('./helpers');

const { PacerClient, PacerError, ConfigError } = pacer();
const UA = 'AcmeSync/1.0';
const HOUR = 3600;

/** A Synq emulator whose first token (emu.apiKey) has expired on its virtual clock. */
async function expiredSynq(t) {
  const emu = await startEmulator({ provider: 'synq' });
  t.after(() => emu.stop());
  await emu.clock.sleep(HOUR + 1);
  return emu;
}

/** A fresh token from the emulator's issuer, valid for an hour of its clock. */
async function issue(emu) {
  return (await emu.admin('POST', 'tokens', { ttl_secs: 3600 })).token;
}

/** The runtime's fetch, recording the credential header each request went out with. */
function recordingFetch() {
  const sentWith = [];
  const recorder = (url, init) => {
    sentWith.push(init.headers.Authorization);
    return fetch(url, init);
  };
  return { fetch: recorder, sentWith };
}

function synqOptions(emu, extra) {
  return {
    provider: 'synq',
    userAgent: UA,
    baseUrl: emu.baseUrl,
    tenantId: emu.info.tenant_id,
    orgId: emu.info.org_id,
    now: emu.clock.now,
    sleep: emu.clock.sleep,
    ...extra,
  };
}

test('an expired token is refreshed once through tokenProvider and the call goes again', async (t) => {
  const emu = await expiredSynq(t);
  const expired = emu.apiKey;
  const given = [];
  // The first answer is a cached token that has expired meanwhile; the next is a fresh one.
  const tokenProvider = async () => {
    const token = given.length === 0 ? expired : await issue(emu);
    given.push(token);
    return token;
  };
  const { fetch, sentWith } = recordingFetch();
  const client = new PacerClient(synqOptions(emu, { tokenProvider, fetch }));

  const settings = await client.get('tenant_settings');
  assert.equal(typeof settings, 'object');
  assert.equal(given.length, 2, 'asked at first use, then once after the 401');
  assert.notEqual(given[1], expired);
  assert.deepEqual(sentWith, [`Bearer ${expired}`, `Bearer ${given[1]}`], 'the second request carries the new token');
  const received = (await emu.requests()).map((r) => [r.status, r.authenticated]);
  assert.deepEqual(received, [[401, false], [200, true]]);

  // The new token stays in use.
  await client.get('tenant_settings');
  assert.equal(given.length, 2, 'no refresh while the token is valid');
  assert.equal((await emu.requests()).length, 3);
});

test('concurrent calls share the first token request and the refresh', async (t) => {
  const emu = await expiredSynq(t);
  let asked = 0;
  const tokenProvider = async () => {
    asked += 1;
    return asked === 1 ? emu.apiKey : issue(emu);
  };
  const client = new PacerClient(synqOptions(emu, { tokenProvider }));
  const [a, b] = await Promise.all([client.get('tenant_settings'), client.get('tenant_settings')]);
  assert.deepEqual(a, b);
  assert.equal(asked, 2, 'one first token and one refresh for both calls');
  const statuses = (await emu.requests()).map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 200, 401, 401]);
});

test('a token provider that fails is a typed PacerError, and no token reaches it', async (t) => {
  const emu = await expiredSynq(t);
  const expired = emu.apiKey;

  // Failing at first use: nothing is sent and no quota is spent.
  const down = new PacerClient(synqOptions(emu, {
    tokenProvider: async () => { throw new Error('the identity service is down (503)'); },
  }));
  await assert.rejects(down.get('tenant_settings'), (e) => {
    assert.ok(e instanceof ConfigError && e instanceof PacerError);
    assert.equal(e.name, 'ConfigError');
    assert.equal(e.kind, 'config');
    assert.equal(e.code, 'token_provider_failed');
    assert.match(e.message, /the identity service is down \(503\)/);
    return true;
  });
  assert.equal((await emu.requests()).length, 0, 'nothing was sent');
  assert.ok(down.quotaStatus().every((w) => w.used === 0), 'no quota was spent');

  // Failing on the refresh after a 401: the call ends with the typed error, and a token the
  // provider put in its message is masked.
  let asked = 0;
  const leaky = new PacerClient(synqOptions(emu, {
    tokenProvider: async () => {
      asked += 1;
      if (asked === 1) return expired;
      throw new Error(`cannot renew ${expired}`);
    },
  }));
  await assert.rejects(leaky.get('tenant_settings'), (e) => {
    assert.equal(e.kind, 'config');
    assert.equal(e.code, 'token_provider_failed');
    assert.match(e.message, /cannot renew <redacted>/);
    assert.ok(!JSON.stringify({ ...e, message: e.message }).includes(expired), 'no token in the error');
    return true;
  });
  assert.equal(asked, 2);
  assert.deepEqual((await emu.requests()).map((r) => r.status), [401], 'nothing after the failed refresh');

  // A provider that only has dead tokens: one refresh, then the 401 is the error (no loop).
  const stale = new PacerClient(synqOptions(emu, { tokenProvider: async () => expired }));
  await assert.rejects(stale.get('tenant_settings'), (e) => {
    assert.equal(e.kind, 'api');
    assert.equal(e.status, 401);
    assert.ok(!JSON.stringify({ ...e, message: e.message }).includes(expired));
    return true;
  });
  assert.equal((await emu.requests()).length, 3, 'two requests, no refresh loop');

  // An answer that is not a usable token.
  for (const bad of [undefined, '', 42, 'line\nbreak']) {
    const odd = new PacerClient(synqOptions(emu, { tokenProvider: () => bad }));
    await assert.rejects(odd.get('tenant_settings'), { kind: 'config', code: 'token_provider_failed' });
  }
  assert.equal((await emu.requests()).length, 3, 'none of them sent anything');
});
