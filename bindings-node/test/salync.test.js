'use strict';
// Salync through the Node binding over real HTTP against the emulator: every resource's round
// trip, archive, SKU lookup, page/per_page paging, JSON errors with their codes, the Growth
// plan's 500-a-day budget spent and reset at midnight UTC, `quota_exhausted` carrying the reset
// time, unconfirmed paths overridden, and webhook deliveries received, verified and deduplicated.

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const util = require('node:util');
const { once } = require('node:events');
const { Salync, Emulator, SalyncReceiver, webhooks, ApiError, ConfigError, QuotaError, ValidationError, WebhookError } = require('..');
const { maxInWindow } = require('./helpers.js');

/** A virtual-clock Salync emulator. */
async function salyncEmulator(options = {}) {
  return Emulator.start('salync', { virtualClock: true, ...options });
}

/** A client of `emu` on `plan` with a fresh memory ledger (it shares the emulator's clock). */
function salyncClient(emu, plan = 'growth', options = {}) {
  return new Salync({ apiKey: emu.apiKey, plan, baseUrl: emu.baseUrl, clock: emu.clock, ledger: 'memory', ...options });
}

async function withSalync(options, fn) {
  const emu = await salyncEmulator(options);
  try {
    return await fn(emu);
  } finally {
    await emu.stop();
  }
}

test('Salync: every resource round trips (paging, SKU lookup, archive)', async () => {
  await withSalync({ enforceQuota: false }, async (emu) => {
    const c = salyncClient(emu);

    // Suppliers: list, get.
    const suppliers = await c.suppliers.list().toArray();
    assert.ok(suppliers.length > 0);
    const supplierId = suppliers[0].id;
    assert.equal((await c.suppliers.get(supplierId)).name, suppliers[0].name);

    // Products: page/per_page until meta.total.
    const walk = c.products.list();
    const listed = await walk.toArray();
    assert.equal(walk.position.total, listed.length, 'meta.total reached');
    assert.ok(walk.position.pages > 1, 'more than one page of 100');
    const pages = (await emu.requests()).filter((r) => r.endpoint === 'products.list').map((r) => r.query);
    assert.deepEqual(pages, ['page=1&per_page=100', 'page=2&per_page=100']);

    // Create with option types (the variants follow), get, update, by SKU.
    const written = await c.products.create({
      name: 'Linen Tee', sku: 'TEE-NODE', price: 24.5, costPrice: 9.99, supplierId, lowStockThreshold: 4,
      optionTypes: [{ name: 'Size', values: ['S', 'M'] }, { name: 'Colour', values: ['Red', 'Blue'] }],
    });
    const created = written.record;
    const id = created.id;
    assert.equal(written.id, id);
    assert.equal(created.variants.length, 4);
    assert.equal(created.costPrice, 9.99);
    const sent = JSON.parse((await emu.requests()).findLast((r) => r.method === 'POST').body);
    assert.deepEqual(Object.keys(sent).sort(), ['cost_price', 'low_stock_threshold', 'name', 'option_types', 'price', 'sku', 'supplier_id']);
    assert.equal((await c.products.get(id)).sku, 'TEE-NODE');
    await c.products.update(id, { name: 'Linen Tee II', lowStockThreshold: 6 });
    const bySku = await c.products.bySku('TEE-NODE');
    assert.deepEqual([bySku.id, bySku.name, bySku.lowStockThreshold], [id, 'Linen Tee II', 6]);
    assert.equal((await c.products.bySku(created.variants[0].sku)).id, id, 'a variant SKU finds its product');
    await assert.rejects(c.products.bySku('NO-SUCH-SKU'), { kind: 'api', status: 404 });

    // Variants: list, get, create, update, archive.
    const variants = await c.productVariants.list(id).toArray();
    assert.equal(variants.length, 4);
    const vid = variants[0].id;
    assert.equal((await c.productVariants.get(id, vid)).sku, variants[0].sku);
    const added = await c.productVariants.create(id, { sku: 'TEE-NODE-L-RED', options: { Size: 'L', Colour: 'Red' }, price: 26 });
    assert.equal(added.record.productId, id);
    assert.deepEqual(added.record.options, { Colour: 'Red', Size: 'L' }, 'option names are data, kept as sent');
    await c.productVariants.update(id, vid, { sku: 'TEE-NODE-S-RED-2', price: 22 });
    assert.equal((await c.productVariants.get(id, vid)).price, 22);
    const archivedVariant = await c.productVariants.archive(id, vid);
    assert.equal(archivedVariant.record.archived, true);
    assert.equal((await c.productVariants.list(id).toArray()).length, 4, '5 less 1 archived');

    // Up to three option types: a fourth is refused locally, before any request.
    const before = (await emu.requests()).length;
    const four = ['A', 'B', 'C', 'D'].map((name) => ({ name, values: ['1'] }));
    const err = await c.products.create({ name: 'X', sku: 'X-1', optionTypes: four }).catch((e) => e);
    assert.ok(err instanceof ValidationError, String(err));
    assert.equal(err.errors[0].field, 'option_types');
    assert.equal(err.errors[0].property, 'optionTypes');
    assert.equal((await emu.requests()).length, before);

    // Stock: levels, then an adjustment moves them.
    const simple = (await c.products.create({ name: 'Oak Board', sku: 'OAK-NODE', price: 12.5 })).record;
    const level = async () =>
      (await c.stock.list({ productId: simple.id }).toArray()).reduce((n, l) => n + (l.stockOnHand ?? 0), 0);
    assert.equal(await level(), 0);
    const adj = await c.stockAdjustments.create({ productId: simple.id, type: 'manual', direction: 'increase', quantity: 12, reference: 'count 2026-11' });
    assert.equal(adj.record.quantity, 12);
    assert.equal(adj.record.type, 'manual');
    assert.equal(await level(), 12);
    const history = await c.stockAdjustments.list({ productId: simple.id }).toArray();
    assert.equal(history[0].id, adj.record.id);
    await assert.rejects(c.stockAdjustments.create({ productId: simple.id, type: 'manual', quantity: 1 }), (e) => {
      assert.deepEqual([e.kind, e.errors[0].field], ['validation', 'direction']);
      return true;
    });

    // Purchase orders: create, list by status, get; received into stock by the warehouse.
    const po = (await c.purchaseOrders.create({ supplierId, status: 'sent', lines: [{ productId: simple.id, quantity: 10, unitCost: 2.5 }] })).record;
    assert.equal(po.status, 'sent');
    assert.ok((await c.purchaseOrders.list({ status: 'sent' }).toArray()).some((p) => p.id === po.id));
    const received = await emu.receivePurchaseOrder(po.id);
    assert.equal(received.status, 'received');
    assert.equal((await c.purchaseOrders.get(po.id)).status, 'received');
    assert.equal(await level(), 22);

    // Channels: connection status, and the listing states of one.
    const channels = await c.channels.list().toArray();
    assert.ok((await c.channels.get(channels[0].id)).connectionStatus);
    const listings = await c.channelListings.list(channels[0].id).toArray();
    assert.ok(listings.length > 0 && listings.every((l) => l.state));

    // Archive a product: gone from lists, still found by id.
    const archived = await c.products.archive(id);
    assert.equal(archived.record.archived, true);
    assert.ok((await c.products.list().toArray()).every((p) => p.id !== id));
    assert.equal((await c.products.get(id)).archived, true);
    assert.ok((await c.products.list({ archived: true }).toArray()).some((p) => p.id === id));
  });
});

test('Salync: errors carry the code and message; HTTPS only', async () => {
  await withSalync({ enforceQuota: false }, async (emu) => {
    const c = salyncClient(emu);
    const missing = await c.products.get('prod_nope').catch((e) => e);
    assert.ok(missing instanceof ApiError);
    assert.equal(missing.status, 404);
    assert.match(missing.code, /not_found/);
    assert.match(missing.body, /"error"/);
    await c.products.create({ name: 'Mug', sku: 'MUG-NODE' });
    const dup = await c.products.create({ name: 'Mug again', sku: 'mug-node' }).catch((e) => e);
    assert.deepEqual([dup.status, dup.code], [409, 'sku_already_exists']);
    assert.ok(dup.message.length > 0);
    assert.throws(() => new Salync({ apiKey: 'sk_live_example', baseUrl: 'http://api.salync.com/v1', ledger: 'memory' }), ConfigError);
    assert.throws(() => new Salync({ apiKey: 'k', plan: 'platinum', ledger: 'memory' }), { kind: 'config' });
  });
});

test('Salync: Growth spends 500 a day, fails fast with the reset time, resets at midnight UTC', async () => {
  await withSalync({ start: '2026-11-22T23:00:00Z' }, async (emu) => {
    const c = salyncClient(emu, 'growth');
    for (let i = 0; i < 500; i++) await c.suppliers.list().toArray();
    const sent = await emu.requests();
    assert.equal(sent.length, 500);
    assert.ok(sent.every((r) => r.status === 200), 'never a 429');
    assert.ok(maxInWindow(sent.map((r) => r.at.getTime()), 60_000) <= 20, '20 a minute');
    assert.ok(emu.now() < new Date('2026-11-23T00:00:00Z'), 'done within the day');

    // The 501st fails at once, saying when the budget comes back; nothing is sent.
    const started = performance.now();
    const err = await c.suppliers.list().next().catch((e) => e);
    assert.ok(performance.now() - started < 5_000, 'no sleeping inside the call');
    assert.ok(err instanceof QuotaError, String(err));
    assert.equal(err.kind, 'quota');
    assert.equal(err.code, 'quota_exhausted');
    assert.equal(err.resetsAt.toISOString(), '2026-11-23T00:00:00.000Z');
    assert.ok(err.retryAfter > 0 && err.retryAfter <= 3600, `${err.retryAfter}`);
    assert.match(err.scope, /key\.daily/);
    assert.equal((await emu.requests()).length, 500);
    const daily = (await c.quota.status()).find((w) => w.window === 'key.daily');
    assert.deepEqual([daily.used, daily.limit], [500, 500]);
    assert.equal(daily.resetsAt.toISOString(), '2026-11-23T00:00:00.000Z');

    // A caller that asks to wait is held (in virtual time) until midnight UTC: its own ledger
    // starts empty, the server's 429 teaches it, and it waits for the reset.
    const patient = salyncClient(emu, 'growth', { waitForReset: true });
    assert.ok((await patient.suppliers.list().toArray()).length > 0);
    const last = (await emu.requests()).at(-1);
    assert.equal(last.status, 200);
    assert.ok(last.at >= new Date('2026-11-23T00:00:00Z'), last.at.toISOString());

    // After midnight the first client has a fresh day too.
    assert.ok((await c.suppliers.list().toArray()).length > 0);
    const fresh = (await c.quota.status()).find((w) => w.window === 'key.daily');
    assert.equal(fresh.used, 1);
  });
});

test('Salync: a day spent elsewhere is a QuotaExhausted error with its reset time', async () => {
  const threeADay = `[quota.plans.growth]
windows = [
  { id = "key.rate", kind = "rate", limit = 20, period = "1m" },
  { id = "key.daily", kind = "calendar", limit = 3, period = "day", zones = ["UTC"] },
]`;
  await withSalync({ start: '2026-11-22T18:30:00Z', specOverrides: threeADay }, async (emu) => {
    // Another program with the same key spends the day.
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${emu.baseUrl}/suppliers`, { headers: { Authorization: `Bearer ${emu.apiKey}` } });
      assert.equal(r.status, 200);
    }
    const c = salyncClient(emu);
    const err = await c.suppliers.list().next().catch((e) => e);
    assert.ok(err instanceof QuotaError, String(err));
    assert.equal(err.code, 'quota_exhausted');
    assert.equal(err.resetsAt.toISOString(), '2026-11-23T00:00:00.000Z');
    assert.equal(err.retryAfter, 5 * 3600 + 30 * 60);
    // It remembers: the next call does not even ask the server.
    const asked = (await emu.requests()).length;
    await assert.rejects(c.suppliers.get('sup_any'), { code: 'quota_exhausted' });
    assert.equal((await emu.requests()).length, asked);
  });
});

test('Salync: unconfirmed paths can be overridden from configuration', async () => {
  const moved = '[endpoints."products.by_sku"]\npath = "/products/lookup/{sku}"\n';
  await withSalync({ enforceQuota: false, specOverrides: moved }, async (emu) => {
    const builtIn = salyncClient(emu);
    const sku = (await builtIn.products.list().next()).value.sku;
    await assert.rejects(builtIn.products.bySku(sku), { status: 404 });
    const overridden = salyncClient(emu, 'growth', { specOverrides: moved });
    assert.equal((await overridden.products.bySku(sku)).sku, sku);
    assert.match((await emu.requests()).at(-1).path, /^\/v1\/products\/lookup\//);
  });
});

/** A loopback HTTP receiver: every POST (headers, raw body) is queued and answered 200. */
async function hookServer() {
  const queue = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200).end();
      const delivery = { headers: req.headers, body: Buffer.concat(chunks) };
      const waiter = waiters.shift();
      if (waiter) waiter(delivery);
      else queue.push(delivery);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks/salync`,
    next() {
      if (queue.length > 0) return Promise.resolve(queue.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no delivery within 20 s')), 20_000);
        waiters.push((d) => {
          clearTimeout(timer);
          resolve(d);
        });
      });
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

test('Salync: webhooks are received, verified, typed and deduplicated', async () => {
  const secret = 'whsec_salync_test';
  const hooks = await hookServer();
  const emu = await salyncEmulator({ plan: 'pro', enforceQuota: false, webhookSecret: secret });
  try {
    const c = salyncClient(emu, 'pro');
    await emu.registerWebhook(hooks.url);
    const receiver = new SalyncReceiver({ secret });
    assert.equal(receiver.verifies, true);
    for (const shown of [util.inspect(receiver, { showHidden: true }), JSON.stringify(receiver), util.inspect(emu)]) {
      assert.ok(!shown.includes(secret), shown);
    }

    // A received purchase order.
    const supplierId = (await c.suppliers.list().next()).value.id;
    const product = (await c.products.create({ name: 'Hook Tee', sku: 'HOOK-NODE', price: 10, lowStockThreshold: 5 })).record;
    const po = (await c.purchaseOrders.create({ supplierId, status: 'sent', lines: [{ productId: product.id, quantity: 8 }] })).record;
    await emu.receivePurchaseOrder(po.id);
    const delivery = await hooks.next();
    const event = receiver.receive(delivery.headers, delivery.body);
    assert.equal(event.type, 'purchase_order.received');
    assert.equal(event.known, true);
    assert.equal(event.data.purchaseOrderId, po.id);
    assert.equal(event.data.lines[0].quantity, 8);
    assert.match(event.id, /^evt_/);
    // The same delivery again (a retry) is recognized.
    assert.equal(receiver.receive(delivery.headers, delivery.body), null);

    // Tampered, wrongly signed or unsigned deliveries are webhook errors.
    const signature = delivery.headers['x-salync-signature'];
    assert.match(signature, /^sha256=[0-9a-f]{64}$/);
    const tampered = Buffer.from(delivery.body.toString().replace('"quantity":8', '"quantity":9'));
    assert.notDeepEqual(tampered, delivery.body);
    const fresh = new SalyncReceiver({ secret });
    for (const [what, headers, body, code] of [
      ['tampered', { 'X-Salync-Signature': signature }, tampered, 'signature_invalid'],
      ['wrong secret', { 'X-Salync-Signature': webhooks.sign('whsec_other', delivery.body, 'sha256=') }, delivery.body, 'signature_invalid'],
      ['no prefix', { 'X-Salync-Signature': signature.slice('sha256='.length) }, delivery.body, 'signature_invalid'],
      ['unsigned', {}, delivery.body, 'signature_missing'],
    ]) {
      assert.throws(() => fresh.receive(headers, body), (err) => {
        assert.ok(err instanceof WebhookError, `${what}: ${err}`);
        assert.equal(err.code, code, what);
        assert.ok(!String(err).includes(secret));
        return true;
      });
    }
    // Without a secret, events are parsed unverified; the one-shot parser verifies when asked.
    assert.equal(new SalyncReceiver().receive([], delivery.body).type, 'purchase_order.received');
    assert.equal(webhooks.salyncEvent(delivery.body, { secret, headers: delivery.headers }).id, event.id);
    assert.throws(() => webhooks.salyncEvent(tampered, { secret, signature }), { code: 'signature_invalid' });
    assert.equal(webhooks.verify(secret, delivery.body, signature, { prefix: 'sha256=' }), true);

    // Stock falling below the threshold (sold down from 8 to 3).
    await c.stockAdjustments.create({ productId: product.id, type: 'sale', quantity: 5 });
    const low = await hooks.next();
    const lowEvent = receiver.receive(low.headers, low.body);
    assert.equal(lowEvent.type, 'stock.below_threshold');
    assert.deepEqual([lowEvent.data.productId, lowEvent.data.stockOnHand, lowEvent.data.threshold], [product.id, 3, 5]);

    // A channel listing error.
    const channel = (await c.channels.list().next()).value.id;
    const listing = (await c.channelListings.list(channel).toArray()).find((l) => l.state === 'active');
    await emu.trigger('channel.listing_error', {
      channelId: channel, listingId: listing.id, productId: listing.productId, sku: listing.sku,
      errorCode: 'missing_attribute', message: 'Missing required attribute: brand',
    });
    const failed = await hooks.next();
    const failedEvent = receiver.receive(failed.headers, failed.body);
    assert.equal(failedEvent.type, 'channel.listing_error');
    assert.equal(failedEvent.data.errorCode, 'missing_attribute');
    assert.equal(failedEvent.data.listingId, listing.id);
    const now = (await c.channelListings.list(channel).toArray()).find((l) => l.id === listing.id);
    assert.equal(now.state, 'error');

    // Every delivery succeeded on its first attempt. Our endpoint had each body before the
    // emulator had our answer, so first wait for its worker to be done with all three.
    let deliveries = await emu.webhookDeliveries();
    for (const deadline = performance.now() + 10_000; !deliveries.every((d) => d.finished);) {
      assert.ok(performance.now() < deadline, `deliveries still open: ${JSON.stringify(deliveries)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      deliveries = await emu.webhookDeliveries();
    }
    assert.deepEqual(deliveries.map((d) => d.eventType), ['purchase_order.received', 'stock.below_threshold', 'channel.listing_error']);
    assert.ok(deliveries.every((d) => d.delivered && d.attempts === 1 && d.emittedAt instanceof Date));
  } finally {
    await emu.stop();
    await hooks.close();
  }
});

test('Salync: webhooks belong to the Pro plan', async () => {
  await withSalync({ plan: 'growth' }, async (emu) => {
    await assert.rejects(emu.registerWebhook('http://127.0.0.1:9/hooks'), { name: 'ConfigError', code: 'emulator_refused' });
  });
});
