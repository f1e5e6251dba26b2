'use strict';
// Validation happens before anything is sent: the shared vectors every binding runs
// (tests/scenarios/validation.json), with exact (field, rule) pairs and an empty request log.

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { ValidationError } = require('..');
const { withEmulator, clientOf, camelize, dateBefore } = require('./helpers.js');

const vectors = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'scenarios', 'validation.json'), 'utf8'),
);

/** The resource and method a spec endpoint name maps to, e.g. `sales_orders.create`. */
function methodOf(client, endpoint) {
  const [resource, action] = endpoint.split('.');
  const jsName = resource.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
  return client[jsName][action].bind(client[jsName]);
}

/** Calls a vector's endpoint the JavaScript way and returns what it threw. */
async function attempt(client, vector) {
  const ids = Object.values(vector.path ?? {});
  const last = vector.body ?? vector.query;
  const args = last === undefined ? ids : [...ids, camelize(last)];
  try {
    const result = methodOf(client, vector.endpoint)(...args);
    if (typeof result?.next === 'function') await result.next();
    else await result;
  } catch (err) {
    return err;
  }
  return null;
}

test('shared validation vectors: exact field/rule pairs, nothing sent', async () => {
  assert.equal(vectors.provider, 'syncore');
  assert.ok(vectors.cases.length >= 9);
  await withEmulator({ start: vectors.now }, async (emu) => {
    assert.equal(emu.now().toISOString().replace('.000Z', 'Z'), vectors.now);
    const client = clientOf(emu);
    for (const vector of vectors.cases) {
      const err = await attempt(client, vector);
      assert.ok(err instanceof ValidationError, `${vector.name}: ${err}`);
      assert.equal(err.kind, 'validation', vector.name);
      assert.equal(err.code, 'validation_failed', vector.name);
      assert.deepEqual(
        err.errors.map((e) => [e.field, e.rule]),
        vector.errors,
        vector.name,
      );
      for (const e of err.errors) {
        assert.ok(e.message.length > 0);
        assert.equal(e.property, e.field.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()));
      }
    }
    assert.deepEqual(await emu.requests(), [], 'the emulator saw nothing');
    assert.ok((await client.quota.status()).every((w) => w.used === 0), 'no quota spent');
    assert.deepEqual(await client.pendingWrites(), [], 'nothing journaled');
    assert.deepEqual(await client.writes(), [], 'nothing journaled at all');
  });
});

test('validation errors cost no request and no quota (hand-written cases)', async () => {
  await withEmulator({}, async (emu) => {
    const c = clientOf(emu);
    assert.throws(() => c.jobs.search({ dateFrom: dateBefore(emu, 30) }), (err) => {
      assert.deepEqual(err.errors.map((e) => [e.field, e.rule]), [['date_to', 'required']]);
      assert.equal(err.errors[0].property, 'dateTo');
      return true;
    });
    assert.throws(() => c.jobs.search({ dateFrom: '2024-01-01', dateTo: '2024-02-01' }), (err) => err.errors[0].rule === 'history_window');
    await assert.rejects(
      c.salesOrders.create(31987, { billTo: { name: 'Dana Whitfield', country: 'United States' } }),
      (err) => {
        const fields = err.errors.map((e) => e.field);
        for (const f of ['ship_to', 'bill_to.first_name', 'bill_to.last_name', 'bill_to.address1', 'bill_to.city', 'bill_to.country']) {
          assert.ok(fields.includes(f), `${f} in ${fields}`);
        }
        assert.ok(err.errors.some((e) => e.property === 'billTo.firstName'));
        return true;
      },
    );
    await assert.rejects(c.contacts.create({ firstName: 'A', lastName: 'B', email: 'nope' }), { kind: 'validation' });
    assert.ok(c.jobs.search({ dateFrom: dateBefore(emu, 1), dateTo: dateBefore(emu, 0) }), 'a valid search is accepted');
    assert.equal((await emu.requests()).length, 0);
    assert.deepEqual(await c.pendingWrites(), []);
  });
});
