'use strict';
// Writes are never duplicated: a create whose answer is lost is looked up before anything is
// sent again, and writes left unsettled are listed and reconciled later.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { TransportError } = require('..');
const { withEmulator, clientOf, salesOrder } = require('./helpers.js');

const JOB = 30390;

async function ordersNumbered(client, number) {
  return (await client.salesOrders.list(JOB).toArray()).filter((s) => s.customerOrderNumber === number);
}

test('a write committed but never answered is reconciled, not repeated', async () => {
  await withEmulator({ jobs: 400 }, async (emu) => {
    const c = clientOf(emu);
    await emu.injectFault('drop_after_commit', { times: 1, method: 'POST', pathContains: '/salesorders' });
    const written = await c.salesOrders.create(JOB, salesOrder('DROP-1'));
    assert.equal(written.reconciled, true);
    assert.ok(written.id);
    assert.match(written.journalId, /^w-/);
    const posts = (await emu.requests()).filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, 'sent once');
    assert.equal(posts[0].status, 0, 'the connection was dropped after the commit');
    const found = await ordersNumbered(c, 'DROP-1');
    assert.equal(found.length, 1, 'exactly one sales order');
    assert.equal(found[0].id, Number(written.id));
    const [entry] = await c.writes(['reconciled']);
    assert.equal(entry.id, written.journalId);
    assert.equal(entry.endpoint, 'sales_orders.create');
    assert.equal(entry.args.body.customerOrderNumber, 'DROP-1');
    assert.ok(entry.createdAt instanceof Date);
    assert.deepEqual(await c.pendingWrites(), []);
  });
});

test('a write dropped before the commit is proven absent and sent again, once', async () => {
  await withEmulator({ jobs: 400 }, async (emu) => {
    const c = clientOf(emu);
    await emu.injectFault('drop_before_commit', { times: 1, method: 'POST' });
    const written = await c.salesOrders.create(JOB, salesOrder('DROP-2'));
    assert.equal(written.reconciled, false);
    assert.equal((await ordersNumbered(c, 'DROP-2')).length, 1);
    const posts = (await emu.requests()).filter((r) => r.method === 'POST');
    assert.deepEqual(posts.map((r) => r.status), [0, 201]);
  });
});

test('an unsettled write is listed as pending and reconciled later (SQLite journal)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-node-'));
  try {
    await withEmulator({ jobs: 400 }, async (emu) => {
      const ledger = `sqlite://${path.join(dir, 'ledger.db')}`;
      const c = clientOf(emu, { ledger, maxAttempts: 2 });
      await emu.injectFault('drop_after_commit', { times: 1, method: 'POST' });
      // The lookup that would settle it fails too.
      await emu.injectFault('status', { status: 503, times: 50, method: 'GET' });
      const err = await c.salesOrders.create(JOB, salesOrder('DROP-3')).catch((e) => e);
      assert.ok(err instanceof TransportError, String(err));
      assert.equal(err.kind, 'transport');
      assert.match(err.message, /journal entry w-/);
      await emu.clearFaults();

      // Another client on the same journal sees the open write and settles it.
      const later = clientOf(emu, { ledger });
      const pending = await later.pendingWrites();
      assert.equal(pending.length, 1);
      assert.equal(pending[0].state, 'unknown');
      const settled = await later.reconcilePending();
      assert.equal(settled.length, 1);
      assert.equal(settled[0].state, 'reconciled');
      assert.deepEqual(await later.pendingWrites(), []);
      assert.equal((await ordersNumbered(later, 'DROP-3')).length, 1, 'still exactly one');
      assert.equal((await emu.requests()).filter((r) => r.method === 'POST').length, 1);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a server refusal is final and journaled as failed', async () => {
  await withEmulator({ jobs: 400 }, async (emu) => {
    const c = clientOf(emu);
    await assert.rejects(c.salesOrders.create(99_999_999, salesOrder('NOPE')), { kind: 'api', status: 404 });
    const [entry] = await c.writes();
    assert.equal(entry.state, 'failed');
    assert.equal((await emu.requests()).filter((r) => r.method === 'POST').length, 1, 'never repeated');
    await assert.rejects(c.writes(['bogus']), { kind: 'validation' });
  });
});
