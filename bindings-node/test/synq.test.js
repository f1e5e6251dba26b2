'use strict';
// Synq through the Node binding over real HTTP against the emulator: limit/offset paging and
// capped lists that say they were cut, the token refresh through an async provider, an order
// create retried after a dropped answer (one order), the order state machine, webhook
// signatures, the 100-a-minute sliding window under concurrent calls, and the 10 MB limit.

const test = require('node:test');
const assert = require('node:assert/strict');
const util = require('node:util');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Synq, Emulator, orderStatus, webhooks, ApiError, ConfigError, ValidationError, WebhookError } = require('..');
const { maxInWindow } = require('./helpers.js');

const HOUR = { hours: 1 };

/** A virtual-clock Synq emulator. */
async function synqEmulator(options = {}) {
  return Emulator.start('synq', { virtualClock: true, ...options });
}

/**
 * A client of `emu` whose async token provider issues tokens valid for `ttl` of the emulator's
 * clock; `asked.count` says how often it was called.
 */
function synqClient(emu, { ttl = HOUR, ...options } = {}) {
  const asked = { count: 0 };
  const client = new Synq({
    tokenProvider: async () => {
      asked.count++;
      // A real provider awaits an identity service; yield to the event loop like one.
      await new Promise((resolve) => setImmediate(resolve));
      return emu.issueToken(ttl);
    },
    tenantId: emu.tenantId,
    orgId: emu.orgId,
    baseUrl: emu.baseUrl, clock: emu.clock,
    ledger: 'memory',
    ...options,
  });
  return { client, asked };
}

async function withSynq(options, fn) {
  const emu = await synqEmulator(options);
  try {
    return await fn(emu);
  } finally {
    await emu.stop();
  }
}

test('Synq: orders page by limit and offset; capped lists say they were cut', async () => {
  await withSynq({ enforceQuota: false }, async (emu) => {
    const { client: c } = synqClient(emu);
    const iterator = c.orders.list();
    const orders = await iterator.toArray();
    assert.equal(new Set(orders.map((o) => o.id)).size, 200, 'every seeded order once');
    assert.equal(iterator.position.truncated, false);
    const queries = (await emu.requests()).filter((r) => r.endpoint === 'orders.list').map((r) => r.query);
    assert.deepEqual(queries, ['limit=100&offset=0', 'limit=100&offset=100', 'limit=100&offset=200'],
      'no total in the answer: a full page is not the end, an empty one is');
    assert.equal(typeof orders[0].total, 'number', 'money is a number');
    assert.ok(orders[0].items.every((i) => typeof i.variantId === 'string'), 'camelCased nested records');

    // A short page that is not the last (the server clamped it) does not end the walk.
    await emu.injectFault('clamp_page', { pageSize: 7, times: 1, pathContains: '/oms/orders' });
    assert.equal((await c.orders.list().toArray()).length, 200);

    // Products and the audit log are capped arrays: the walk says it was cut.
    const products = c.products.list();
    assert.equal((await products.toArray()).length, 100);
    assert.equal(products.position.truncated, true, '150 exist, 100 came back');
    assert.equal(products.position.endReason, 'capped');
    const audit = c.audit.list();
    assert.equal((await audit.toArray()).length, 50);
    assert.equal(audit.position.truncated, true);
    // A short uncapped list is complete.
    const channels = c.channels.list();
    assert.ok((await channels.toArray()).length > 0);
    assert.equal(channels.position.truncated, false);

    // One product and one order, fetched by id.
    const first = (await c.products.list().next()).value;
    assert.equal((await c.products.get(first.id)).title, first.title);
    assert.equal((await c.orders.get(orders[0].id)).id, orders[0].id);
  });
});

test('Synq: an expired token is refreshed once through the async provider', async () => {
  await withSynq({}, async (emu) => {
    const { client: c, asked } = synqClient(emu);
    await c.tenantSettings.get();
    assert.equal(asked.count, 1, 'asked once at first use');
    await emu.advance({ seconds: 3599 });
    await c.tenantSettings.get();
    assert.equal(asked.count, 1, 'still valid');
    await emu.advance({ seconds: 2 });
    const settings = await c.tenantSettings.get();
    assert.ok(['WAC', 'FIFO'].includes(settings.costingMethod));
    assert.equal(asked.count, 2, 'refreshed after the 401');
    assert.deepEqual((await emu.requests()).map((r) => r.status), [200, 200, 401, 200]);

    // A provider that keeps handing out dead tokens: one refresh, then the 401 surfaces.
    const { client: stale } = synqClient(emu, { ttl: 0 });
    await emu.advance({ seconds: 1 });
    const before = (await emu.requests()).length;
    const err = await stale.tenantSettings.get().catch((e) => e);
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.status, 401);
    assert.ok(err.body.length > 0);
    assert.equal((await emu.requests()).length - before, 2, 'no refresh loop');

    // The provider's own failure is a ConfigError, and sent nothing.
    const broken = new Synq({
      tokenProvider: async () => {
        throw new Error('the identity service is down');
      },
      tenantId: emu.tenantId,
      orgId: emu.orgId,
      baseUrl: emu.baseUrl, clock: emu.clock,
      ledger: 'memory',
    });
    const sent = (await emu.requests()).length;
    const failed = await broken.channels.list().next().catch((e) => e);
    assert.ok(failed instanceof ConfigError, String(failed));
    assert.equal(failed.code, 'token_provider_failed');
    assert.match(failed.message, /identity service is down/);
    assert.equal((await emu.requests()).length, sent);
    const empty = new Synq({ tokenProvider: () => '', tenantId: emu.tenantId, orgId: emu.orgId, baseUrl: emu.baseUrl, clock: emu.clock, ledger: 'memory' });
    await assert.rejects(empty.channels.list().next(), { code: 'token_provider_failed' });

    // No token shows anywhere.
    const token = emu.issueToken(HOUR);
    const fixed = new Synq({ token, tenantId: emu.tenantId, orgId: emu.orgId, baseUrl: emu.baseUrl, clock: emu.clock, ledger: 'memory' });
    assert.ok((await fixed.channels.list().toArray()).length > 0, 'a static token works');
    for (const shown of [util.inspect(fixed, { showHidden: true, depth: Infinity }), JSON.stringify(fixed), util.inspect(err), JSON.stringify(err), util.inspect(emu)]) {
      assert.ok(!shown.includes(token), shown);
      assert.ok(!shown.includes(emu.apiKey), shown);
    }
  });
});

test('Synq: configuration errors name what is missing, before any request', async () => {
  await withSynq({}, async (emu) => {
    const base = { tenantId: emu.tenantId, orgId: emu.orgId, baseUrl: emu.baseUrl, clock: emu.clock, ledger: 'memory' };
    const attempt = (options) => {
      try {
        return new Synq(options);
      } catch (err) {
        return err;
      }
    };
    const noToken = attempt(base);
    assert.ok(noToken instanceof ConfigError);
    assert.equal(noToken.code, 'missing_api_key');
    const { tenantId, ...noTenant } = base;
    assert.ok(tenantId);
    // The options are Synq's own, from its spec (surface::builder checks them): its
    // configuration headers are required options, named in the error.
    const missing = (options) => {
      const err = attempt(options);
      assert.ok(err instanceof ConfigError, String(err));
      assert.equal(err.code, 'invalid_option');
      return [err.errors[0].property, err.errors[0].rule, err.message];
    };
    const [property, rule, message] = missing({ ...noTenant, token: 't' });
    assert.deepEqual([property, rule], ['tenantId', 'required']);
    assert.match(message, /X-Tenant-ID/);
    const { orgId, ...noOrg } = base;
    assert.ok(orgId);
    assert.match(missing({ ...noOrg, token: 't' })[2], /X-Org-ID/);
    const { baseUrl, ...noBase } = base;
    assert.ok(baseUrl);
    assert.deepEqual(missing({ ...noBase, token: 't' }).slice(0, 2), ['baseUrl', 'required']);
    assert.deepEqual(missing({ ...base, apiKey: 't' }).slice(0, 2), ['apiKey', 'unknown'], 'Synq takes a token');
    assert.deepEqual(missing({ ...base, token: 't', tokenProvider: () => 't' }).slice(0, 2), ['tokenProvider', 'exclusive']);
    assert.throws(() => new Synq({ ...base, tokenProvider: 'not a function' }), TypeError);
    assert.deepEqual(await emu.requests(), []);
  });
});

/** A seeded order's first line, to build a valid order from. */
async function seededItem(c) {
  const order = (await c.orders.list().next()).value;
  const item = order.items[0];
  return { variantId: item.variantId, locationId: item.locationId, quantity: 2, unitPrice: 12.5 };
}

async function ordersWithKey(c, key) {
  return (await c.orders.list().toArray()).filter((o) => o.idempotencyKey === key);
}

test('Synq: an order create retried after a dropped answer makes one order', async () => {
  await withSynq({ enforceQuota: false }, async (emu) => {
    const { client: c } = synqClient(emu);
    const item = await seededItem(c);
    await emu.injectFault('drop_after_commit', { method: 'POST', pathContains: '/oms/orders' });
    // No key given: pacer generates one, journals it, and resends the same key.
    const written = await c.orders.create({ paymentProvider: 'stripe', paymentReference: 'pi_3PqRetry', currency: 'USD', items: [item] });
    const workflow = written.record.workflowId;
    const key = workflow.replace(/^oms-create-order-/, '');
    assert.equal(key.length, 36, `a UUID key: ${key}`);
    const posts = (await emu.requests()).filter((r) => r.endpoint === 'orders.create');
    assert.equal(posts.length, 2, 'sent, dropped, resent');
    assert.equal(posts[0].status, 0);
    for (const p of posts) assert.equal(JSON.parse(p.body).idempotency_key, key, 'the same key both times');
    assert.equal((await ordersWithKey(c, key)).length, 1, 'one order, not two');
    assert.deepEqual(await c.pendingWrites(), []);

    // A key the caller chose is kept; another logical create gets a fresh one.
    const mine = await c.orders.create({ idempotencyKey: 'acme-42', paymentProvider: 'stripe', paymentReference: 'pi_42', items: [item] });
    assert.equal(mine.record.workflowId, 'oms-create-order-acme-42');
    const other = await c.orders.create({ paymentProvider: 'stripe', paymentReference: 'pi_43', items: [item] });
    assert.notEqual(other.record.workflowId, workflow);

    // Invalid orders never reach the server.
    const before = (await emu.requests()).length;
    const err = await c.orders
      .create({ paymentProvider: 'stripe', paymentReference: 'pi_1', items: [{ variantId: 'not-a-uuid', locationId: 'x', quantity: 0 }] })
      .catch((e) => e);
    assert.ok(err instanceof ValidationError, String(err));
    const fields = err.errors.map((e) => e.field);
    assert.ok(fields.includes('items[0].variant_id'), fields.join());
    assert.ok(fields.includes('items[0].quantity'), fields.join());
    assert.ok(err.errors.some((e) => e.property === 'items[0].variantId'));
    assert.equal((await emu.requests()).length, before);
  });
});

test('Synq: order statuses follow the state machine', async () => {
  // Local checks name both ends and what is allowed.
  assert.equal(Synq.orderStatus, orderStatus);
  assert.deepEqual([...orderStatus.next('confirmed')], ['processing', 'cancelled']);
  assert.ok(orderStatus.canBecome('confirmed', 'processing'));
  assert.ok(!orderStatus.canBecome('confirmed', 'completed'), 'no skipping');
  assert.ok(!orderStatus.canBecome('processing', 'confirmed'), 'no going back');
  assert.ok(['cancelled', 'failed', 'refunded'].every(orderStatus.isTerminal));
  assert.ok(!orderStatus.isTerminal('completed'), 'a completed order may still be returned');
  assert.equal(orderStatus.values.length, 15);
  assert.throws(() => orderStatus.checkTransition('confirmed', 'completed'), (err) => {
    assert.ok(err instanceof ValidationError);
    assert.deepEqual(err.errors.map((e) => [e.field, e.rule]), [['status', 'transition']]);
    assert.match(err.message, /processing, cancelled/);
    return true;
  });
  assert.throws(() => orderStatus.checkTransition('cancelled', 'processing'), /terminal/);
  assert.throws(() => orderStatus.checkTransition('pending_payment', 'teleported'), /not an order status/);
  orderStatus.checkTransition('pending_payment', 'payment_authorized');

  // Orders the emulator moves along (every 30 s of its clock) only take allowed steps.
  await withSynq({ enforceQuota: false }, async (emu) => {
    const { client: c } = synqClient(emu, { ttl: { days: 30 } });
    const written = await c.orders.create({ paymentProvider: 'stripe', paymentReference: 'pi_sm', items: [await seededItem(c)] });
    const key = written.record.workflowId.replace(/^oms-create-order-/, '');
    const [order] = await ordersWithKey(c, key);
    let last = order.status;
    assert.equal(last, 'pending_payment');
    const seen = [last];
    for (let i = 0; i < 12; i++) {
      await emu.advance({ seconds: 30 });
      const now = (await c.orders.get(order.id)).status;
      if (now !== last) {
        orderStatus.checkTransition(last, now);
        seen.push(now);
        last = now;
      }
    }
    assert.ok(seen.length >= 3, seen.join(' → '));
    if (orderStatus.canBecome(last, 'cancelled')) {
      await emu.transitionOrder(order.id, 'cancelled');
      const cancelled = (await c.orders.get(order.id)).status;
      assert.equal(cancelled, 'cancelled');
      assert.ok(orderStatus.isTerminal(cancelled));
    }
    await assert.rejects(emu.transitionOrder(order.id, 'pending_payment'), { code: 'emulator_refused' });
  });
});

test('Synq: webhook signatures (valid, tampered body, wrong secret, missing header)', async () => {
  const secret = 'whsec_test_synq';
  await withSynq({ enforceQuota: false, webhookSecret: secret }, async (emu) => {
    const { client: c } = synqClient(emu);
    const connection = (await c.connections.list().next()).value;
    const body = JSON.stringify({
      connection_id: connection.unifiedConnectionId,
      event: 'commerce.order.created',
      data: { id: 'ext-77', total_price: '19.99' },
    });
    assert.equal(emu.webhookSecret, secret);
    const signature = webhooks.sign(secret, body);
    assert.match(signature, /^[0-9a-f]{64}$/);

    const event = webhooks.synqEvent(secret, body, signature);
    assert.equal(event.event, 'commerce.order.created');
    assert.equal(event.connectionId, connection.unifiedConnectionId);
    assert.equal(event.externalId, 'ext-77');
    assert.equal(event.isOrderEvent, true);
    assert.deepEqual(event.data, { id: 'ext-77', totalPrice: '19.99' });
    // The request's headers work as well as the header value, in any case, body as bytes too.
    assert.equal(webhooks.synqEvent(secret, Buffer.from(body), { 'x-unified-signature': signature }).event, event.event);
    assert.equal(webhooks.synqEvent(secret, body, new Headers({ 'X-Unified-Signature': signature })).event, event.event);
    assert.equal(webhooks.verify(secret, body, signature), true);

    const tampered = body.replace('19.99', '0.01');
    const cases = [
      ['tampered body', () => webhooks.synqEvent(secret, tampered, signature), 'signature_invalid'],
      ['wrong secret', () => webhooks.synqEvent(secret, body, webhooks.sign('whsec_other', body)), 'signature_invalid'],
      ['missing header', () => webhooks.synqEvent(secret, body, {}), 'signature_missing'],
      ['no signature', () => webhooks.synqEvent(secret, body, undefined), 'signature_missing'],
      ['not hex', () => webhooks.verify(secret, body, 'zz'), 'signature_invalid'],
      ['signed junk', () => webhooks.synqEvent(secret, '{"event": 3}', webhooks.sign(secret, '{"event": 3}')), 'payload_invalid'],
    ];
    for (const [what, run, code] of cases) {
      assert.throws(run, (err) => {
        assert.ok(err instanceof WebhookError, `${what}: ${err}`);
        assert.equal(err.kind, 'webhook', what);
        assert.equal(err.code, code, what);
        assert.ok(!util.inspect(err).includes(secret) && !JSON.stringify(err).includes(secret), what);
        return true;
      });
    }
    assert.throws(() => webhooks.synqEvent('', body, signature), { kind: 'validation' });

    // The same signature is what Synq's own endpoint accepts (and the tampered one it refuses).
    const post = async (text, sig) =>
      (await fetch(`${emu.baseUrl}/unified/webhook`, { method: 'POST', headers: { 'X-Unified-Signature': sig }, body: text })).status;
    assert.equal(await post(body, signature), 200);
    assert.equal(await post(tampered, signature), 401);
    assert.equal((await emu.inboundWebhooks()).length, 1);
  });
});

test('Synq: concurrent calls on one ledger never exceed the 100-a-minute sliding window', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-node-synq-'));
  // Thirty times real time: a minute of the window passes in two real seconds, so the pacing
  // is real (timers, concurrent waits), not a virtual clock stepping. The clock magnifies
  // network and scheduling delay thirty times too, so the margin pacer keeps for it (250 ms
  // of real time by default) is scaled alike: 6 s of this clock is 200 ms of real time.
  const emu = await Emulator.start('synq', { clockScale: 30 });
  try {
    const ledger = `sqlite://${path.join(dir, 'synq.db')}`;
    const token = emu.issueToken({ days: 1 });
    const options = { token, tenantId: emu.tenantId, orgId: emu.orgId, baseUrl: emu.baseUrl, clock: emu.clock, ledger, rateMargin: 6 };
    const a = new Synq(options);
    const b = new Synq(options);
    assert.match(a.info.clock, /scaled/);
    const calls = [
      ...Array.from({ length: 180 }, () => a.tenantSettings.get()),
      ...Array.from({ length: 70 }, () => b.channels.list().toArray()),
    ];
    const results = await Promise.all(calls);
    assert.equal(results.length, 250);
    const log = await emu.requests();
    assert.equal(log.length, 250);
    assert.deepEqual(log.filter((r) => r.status !== 200).map((r) => r.status), [], 'never a 429');
    const times = log.map((r) => r.at.getTime());
    const most = maxInWindow(times, 60_000);
    assert.ok(most <= 100, `${most} requests within one minute`);
    assert.ok(most >= 90, `the window is used (${most})`);
    const span = Math.max(...times) - Math.min(...times);
    assert.ok(span >= 120_000, `250 calls need two more minutes: ${span} ms`);
    const window = (await a.quota.status()).find((w) => w.window === 'ip.rate');
    assert.equal(window.limit, 100);
  } finally {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Synq: bodies over 10 MB are refused locally; plain-text errors keep status and body', async () => {
  await withSynq({ enforceQuota: false }, async (emu) => {
    const { client: c } = synqClient(emu);
    const err = await c.products.create({ title: 'Big', description: 'x'.repeat(10_000_001) }).catch((e) => e);
    assert.ok(err instanceof ValidationError, String(err));
    assert.match(err.message, /10000000/);
    assert.deepEqual(await emu.requests(), [], 'nothing sent');
    assert.ok((await c.quota.status()).every((w) => w.used === 0), 'no quota spent');
    const missing = await c.products.get('5d0c8d8e-1111-4222-8333-444455556666').catch((e) => e);
    assert.ok(missing instanceof ApiError);
    assert.equal(missing.status, 404);
    assert.match(missing.body, /not found/);

    // Writes round trip: a product created, replaced, given a variant, and deleted.
    const created = await c.products.create({ title: 'Linen Tee', description: 'Soft', category: 'Shirts' });
    const id = created.record.id;
    assert.equal((await c.products.get(id)).title, 'Linen Tee');
    await c.products.update(id, { title: 'Linen Tee II' });
    assert.equal((await c.products.get(id)).title, 'Linen Tee II');
    const variant = await c.productVariants.create(id, { sku: 'TEE-NODE-1', price: 24.5, currency: 'USD' });
    assert.equal(variant.record.productId, id);
    assert.equal(variant.record.price, 24.5);
    await c.products.delete(id);
    await assert.rejects(c.products.get(id), { status: 404 });
  });
});
