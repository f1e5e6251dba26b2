// A tour of the Synq and Salync surface and the webhook helpers, type-checked with
// `tsc --strict` (scripts/test-node.sh). It runs against in-process emulators on virtual clocks.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  Emulator,
  QuotaError,
  Salync,
  SalyncReceiver,
  Synq,
  WebhookError,
  orderStatus,
  webhooks,
  type SalyncEvent,
  type SalyncProduct,
  type SalyncPurchaseOrder,
  type SynqEvent,
  type SynqOrder,
  type SynqOrderAccepted,
  type SynqOrderStatus,
  type SynqProduct,
  type TokenProvider,
  type WebhookDelivery,
  type Written,
} from 'pacer-sdk';

async function synqTour(): Promise<void> {
  const emu = await Emulator.start('synq', { virtualClock: true, webhookSecret: 'whsec_example' });
  try {
    await synqCalls(emu);
  } finally {
    await emu.stop();
  }
}

/** Every Synq resource, the order state machine and a webhook. */
async function synqCalls(emu: Emulator): Promise<void> {
  // Tokens expire after an hour: the provider is asked at first use and again after a 401.
  const tokenProvider: TokenProvider = async () => emu.issueToken({ hours: 1 });
  const synq = new Synq({ tokenProvider, tenantId: emu.tenantId, orgId: emu.orgId, baseUrl: emu.baseUrl, clock: emu.clock, ledger: 'memory', egressIp: '203.0.113.7' });
  const fixed = new Synq({ token: emu.issueToken(), tenantId: emu.tenantId, orgId: emu.orgId, baseUrl: emu.baseUrl, clock: emu.clock });
  console.log(fixed.info.provider, emu.rootUrl);

  // Orders page by limit/offset; products are a capped array that says when it was cut.
  const orders: SynqOrder[] = await synq.orders.list().toArray();
  const products = synq.products.list();
  const newest: SynqProduct[] = await products.toArray();
  if (products.position.truncated) console.log(`only the newest ${newest.length} products came back`);
  const product = await synq.products.get(newest[0]?.id ?? '');
  const made: Written<SynqProduct> = await synq.products.create({ title: 'Linen Tee', category: 'Shirts' });
  const madeId = made.record?.id ?? '';
  await synq.products.update(madeId, { title: 'Linen Tee II' });
  await synq.productVariants.create(madeId, { sku: 'TEE-1', price: 24.5, currency: 'USD' });
  console.log(product.title, (await synq.orders.get(orders[0]?.id ?? '')).total);

  // Idempotent, asynchronous order creation: the answer is the workflow.
  const item = orders[0]?.items?.[0];
  const accepted: Written<SynqOrderAccepted> = await synq.orders.create({
    paymentProvider: 'stripe',
    paymentReference: 'pi_example',
    items: [{ variantId: item?.variantId ?? '', locationId: item?.locationId ?? '', quantity: 1 }],
  });
  console.log(accepted.record?.workflowId, accepted.record?.runId);

  // The order state machine, checked locally.
  const from: SynqOrderStatus = 'confirmed';
  console.log(orderStatus.next(from), orderStatus.canBecome(from, 'processing'), orderStatus.isTerminal('cancelled'), Synq.orderStatus.values);
  orderStatus.checkTransition('pending_payment', 'payment_authorized');
  if (orders[0]?.id && orderStatus.canBecome(orders[0].status ?? '', 'cancelled')) await emu.transitionOrder(orders[0].id, 'cancelled');

  // Every other resource.
  for await (const c of synq.categories.list()) console.log(c.slug);
  await synq.categories.create({ name: 'Shirts', slug: 'shirts', description: 'Tees and polos' });
  await synq.brands.create({ name: 'Acme', logoUrl: 'https://example.com/logo.png' });
  await synq.attributes.create({ name: 'Fabric', slug: 'fabric', type: 'TEXT' });
  await synq.attributeGroups.create({ name: 'Apparel' });
  await synq.templates.create({ name: 'T-shirt' });
  await synq.media.list({ productId: madeId }).toArray();
  await synq.media.create({ productId: madeId, url: 'https://example.com/tee.jpg', sortOrder: 0 });
  await synq.products.delete(madeId);
  await synq.bulkJobs.list({ type: 'BULK_IMPORT' }).toArray();
  await synq.bulkJobs.create({ jobType: 'BULK_IMPORT', payload: [] });
  await synq.exports.create({ format: 'csv' });
  await synq.inventory.adjust({ variantId: item?.variantId ?? '', locationId: item?.locationId ?? '', quantityDelta: -1, notes: 'damaged' });
  await synq.channels.create({ name: 'Web', currency: 'USD', active: true });
  await synq.integrations.authUrl({ provider: 'shopify' });
  await synq.integrations.callback({ connectionId: 'conn_1', category: 'commerce' });
  const connection = (await synq.connections.list().toArray())[0];
  await synq.members.list().toArray();
  await synq.members.invite({ email: 'kim@example.com', role: 'EDITOR' });
  const settings = await synq.tenantSettings.get();
  await synq.tenantSettings.update({ inventoryAllocationModel: 'HARD', autoPoEnabled: false, defaultLowStockThreshold: 5, costingMethod: 'WAC' });
  const audit = synq.audit.list();
  await audit.toArray();
  console.log(settings.costingMethod, audit.position.truncated, (await synq.quota.status())[0]?.remaining);

  // Webhooks: verify `X-Unified-Signature` over the raw body, then read the envelope.
  const body = JSON.stringify({ connection_id: connection?.unifiedConnectionId, event: 'commerce.order.created', data: { id: 'ext-1' } });
  const signature = webhooks.sign(emu.webhookSecret, body);
  const event: SynqEvent = webhooks.synqEvent(emu.webhookSecret, body, { [webhooks.SYNQ_SIGNATURE_HEADER]: signature });
  console.log(event.connectionId, event.event, event.externalId, event.isOrderEvent, webhooks.verify(emu.webhookSecret, Buffer.from(body), signature));
  try {
    webhooks.synqEvent(emu.webhookSecret, body, null);
  } catch (err) {
    if (err instanceof WebhookError) console.log(err.code);
  }
  console.log(await emu.inboundWebhooks());
}

async function salyncTour(): Promise<void> {
  const emu = await Emulator.start('salync', { virtualClock: true, plan: 'pro', webhookSecret: 'whsec_example' });
  const salync = new Salync({ apiKey: emu.apiKey, plan: 'pro', baseUrl: emu.baseUrl, clock: emu.clock, userAgent: 'AcmeSync/1.0', ledger: 'memory' });

  // A receiver for the Pro plan's webhooks: verified, typed, each event handled once.
  const receiver = new SalyncReceiver({ secret: emu.webhookSecret });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const event: SalyncEvent | null = receiver.receive(req.headers, Buffer.concat(chunks));
        // `known` separates the typed events from types this pacer does not know; then `type`
        // says which payload it is.
        if (event === null) console.log('a redelivery, already handled');
        else if (!event.known) console.log('an event of another type', event.type, event.data);
        else if (event.type === 'stock.below_threshold') console.log(event.data.sku, event.data.stockOnHand);
        else if (event.type === 'purchase_order.received') console.log(event.data.purchaseOrderId, event.data.lines?.length);
        else console.log(event.data.errorCode, event.data.listingId);
        res.writeHead(200).end();
      } catch (err) {
        res.writeHead(err instanceof WebhookError ? 401 : 500).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await salyncCalls(emu, salync, receiver, server.address());
  } finally {
    server.close();
    await emu.stop();
  }
}

/** Every Salync resource, a spent day, and the webhooks the calls cause. */
async function salyncCalls(emu: Emulator, salync: Salync, receiver: SalyncReceiver, address: ReturnType<Server['address']>): Promise<void> {
  if (address && typeof address === 'object') await emu.registerWebhook(`http://127.0.0.1:${address.port}/hooks`);

  const supplier = (await salync.suppliers.list().toArray())[0];
  await salync.suppliers.get(supplier?.id ?? '');
  const created: Written<SalyncProduct> = await salync.products.create({
    name: 'Linen Tee',
    sku: 'TEE-EX',
    price: 24.5,
    optionTypes: [{ name: 'Size', values: ['S', 'M'] }],
  });
  const id = created.record?.id ?? '';
  const mug = await salync.products.bySku('TEE-EX');
  await salync.products.update(id, { lowStockThreshold: 4 });
  for await (const v of salync.productVariants.list(id)) {
    await salync.productVariants.get(id, v.id ?? '');
    await salync.productVariants.update(id, v.id ?? '', { sku: `${v.sku ?? ''}-2` });
    await salync.productVariants.archive(id, v.id ?? '');
  }
  // A product with variants holds its stock per variant.
  const large = await salync.productVariants.create(id, { sku: 'TEE-EX-L', options: { Size: 'L' } });
  const variantId = large.record?.id ?? '';
  await salync.stock.list({ lowStock: true }).toArray();
  await salync.stockAdjustments.create({ productId: id, variantId, type: 'manual', direction: 'increase', quantity: 12 });
  await salync.stockAdjustments.list({ productId: id }).toArray();
  const po: Written<SalyncPurchaseOrder> = await salync.purchaseOrders.create({ supplierId: supplier?.id ?? '', status: 'sent', lines: [{ productId: id, variantId, quantity: 5 }] });
  await salync.purchaseOrders.list({ status: 'sent' }).toArray();
  await salync.purchaseOrders.get(po.record?.id ?? '');
  await emu.receivePurchaseOrder(po.record?.id ?? '');
  const channel = (await salync.channels.list().toArray())[0];
  await salync.channels.get(channel?.id ?? '');
  await salync.channelListings.list(channel?.id ?? '').toArray();
  await emu.trigger('channel.listing_error', { channelId: channel?.id, errorCode: 'missing_attribute' });
  const archived = await salync.products.archive(id);
  console.log(mug.name, archived.record?.archived);

  // A spent day fails at once with its reset time (midnight UTC), unless asked to wait.
  try {
    await salync.products.list({ archived: false, search: 'tee' }).toArray();
  } catch (err) {
    if (err instanceof QuotaError && err.code === 'quota_exhausted') console.log(err.resetsAt?.toISOString(), err.retryAfter);
  }
  const patient = new Salync({ apiKey: emu.apiKey, plan: 'growth', baseUrl: emu.baseUrl, clock: emu.clock, ledger: 'memory', waitForReset: true });
  console.log(patient.info.ledger);

  const deliveries: WebhookDelivery[] = await emu.webhookDeliveries();
  console.log(deliveries.map((d) => `${d.eventType} ${d.delivered}`), receiver.verifies, receiver.toJSON());
  const parsed: SalyncEvent = webhooks.salyncEvent(deliveries[0]?.body ?? '{}', { secret: emu.webhookSecret, signature: webhooks.sign(emu.webhookSecret, deliveries[0]?.body ?? '{}', 'sha256=') });
  console.log(parsed.id, parsed.createdAt, parsed.known, webhooks.SALYNC_SIGNATURE_HEADER);
}

synqTour()
  .then(salyncTour)
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
