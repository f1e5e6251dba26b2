// A tour of the whole pacer surface, type-checked with `tsc --strict` (scripts/test-node.sh).
// It runs against an in-process emulator on a virtual clock, so quota waits cost no real time.

import {
  ApiError,
  Client,
  ConfigError,
  Emulator,
  KINDS,
  PacerError,
  QuotaError,
  RecordIterator,
  Syncore,
  TransportError,
  ValidationError,
  WebhookError,
  version,
  type Contact,
  type EmulatorOptions,
  type FieldError,
  type Forecast,
  type Job,
  type JournalEntry,
  type LineItem,
  type PagerPosition,
  type Payment,
  type PurchaseOrder,
  type RecordedRequest,
  type SalesOrder,
  type SalesOrderWrite,
  type WindowUsage,
  type Written,
} from 'pacer-sdk';

const address = {
  firstName: 'Dana',
  lastName: 'Whitfield',
  address1: '12 Quay St',
  city: 'Portland',
  country: 'US',
};

/** The date in Syncore's calendar (New York's) `daysBack` days before `now`, as YYYY-MM-DD. */
function syncoreDate(now: Date, daysBack = 0): string {
  const today = now.toLocaleDateString('en-CA', { timeZone: 'America/New_York' }); // YYYY-MM-DD
  return new Date(Date.parse(today) - daysBack * 86_400_000).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
  const options: EmulatorOptions = { seed: 7, virtualClock: true, jobs: 400 };
  const emu = await Emulator.start('syncore', options);
  const same = await Emulator.start({ seed: 8, clockScale: 60, start: new Date('2026-11-22T15:00:00Z') });
  await same.stop();

  const client = new Syncore({
    apiKey: emu.apiKey,
    userAgent: 'AcmeSync/1.0',
    baseUrl: emu.baseUrl, clock: emu.clock,
    ledger: 'memory',
    // Durations in seconds, as in every pacer surface.
    maxWait: 600,
    waitForReset: false,
    timeout: 30,
    connectTimeout: 10,
    rateMargin: 0.25,
    maxAttempts: 5,
    retryBaseDelay: 0.5,
    retryMaxDelay: 30,
    pageSize: 10,
  });
  console.log(version, client.info.baseUrl, client.info.clock, client.resources.length, client.now());
  // Dates from the client's clock (the emulator's here; it starts at the real time).
  const today = syncoreDate(client.now());
  const daysAgo = (days: number): string => syncoreDate(client.now(), days);

  // Jobs: paged search, one record, writes.
  const jobs: RecordIterator<Job> = client.jobs.search({ dateFrom: daysAgo(50), dateTo: today });
  let withOrders: Job | undefined;
  for await (const job of jobs) {
    console.log(job.id, job.client?.businessName, job.status);
    if ((job.salesOrders?.length ?? 0) > 0 && (job.purchaseOrders?.length ?? 0) > 0) {
      withOrders = job;
      break;
    }
  }
  const position: PagerPosition = jobs.position;
  console.log(position.seen, position.total);
  const jobId = withOrders?.id ?? 30390;
  const job: Job = await client.jobs.get(jobId);
  console.log(job.description, job.primaryRep?.name);
  const contacts: Contact[] = await client.contacts.search({ type: 'Client' }).toArray();
  const contact = await client.contacts.get(contacts[0]?.id ?? 1);
  const newContact: Written = await client.contacts.create({
    firstName: 'Lee',
    lastName: 'Park',
    email: 'lee.park@harborrowing.example',
    billingAddress: address,
  });
  await client.contacts.update(Number(newContact.id), { firstName: 'Lee', lastName: 'Park-Ortiz', email: 'lee.park@harborrowing.example' });
  const storeContact = await client.storeContacts.create({ storeId: 3, firstName: 'Kim', lastName: 'Ng', email: 'kim@store.example' });
  await client.storeContacts.update(Number(storeContact.id), { storeId: 3, firstName: 'Kim', lastName: 'Ng', email: 'kim@store.example' });
  const jobBody = { clientId: contact.id ?? 1, description: 'Team jackets', primaryRepEmail: 'ana.silva@acme-promo.example' };
  const created = await client.jobs.create(jobBody);
  await client.jobs.update(Number(created.id), { ...jobBody, description: 'Team jackets (revised)' });
  const storeJob = await client.storeJobs.create({ ...jobBody, storeId: 3 });
  await client.storeJobs.update(Number(storeJob.id), { ...jobBody, storeId: 3 });

  // Sales orders, their lines and payments.
  const orders: SalesOrder[] = await client.salesOrders.list(jobId).toArray();
  const soId = orders[0]?.id ?? 1;
  const order: SalesOrder = await client.salesOrders.get(jobId, soId);
  const body: SalesOrderWrite = { customerOrderNumber: 'PO-1182', billTo: address, shipTo: address };
  const written: Written = await client.salesOrders.create(jobId, body);
  console.log(written.id, written.location, written.reconciled, written.journalId, order.billTo?.country);
  await client.salesOrders.update(jobId, Number(written.id), { ...body, status: 'Open' });
  for await (const so of client.salesOrders.search({ dateFrom: daysAgo(21), dateTo: today })) console.log(so.number);
  for await (const so of client.allSalesOrders.search({ status: 'Open' })) console.log(so.totalValue);
  const lines: LineItem[] = await client.salesOrderLineItems.list(jobId, soId).toArray();
  const line = await client.salesOrderLineItems.get(jobId, soId, lines[0]?.lineId ?? 1);
  const rush = { type: 'Pricing' as const, description: 'Rush fee', quantity: 1, priceValue: 45.5 };
  const added = await client.salesOrderLineItems.create(jobId, soId, rush);
  await client.salesOrderLineItems.update(jobId, soId, Number(added.id), { ...rush, priceValue: 49.99 });
  const paymentType = (await client.paymentTypes.list().toArray())[0]?.id ?? 1;
  const payments: Payment[] = await client.salesOrderPayments.list(jobId, soId).toArray();
  await client.salesOrderPayments.create(jobId, soId, { amountValue: 125.1, date: today, paymentTypeId: paymentType });
  console.log(line.type, payments.length);

  // Purchase orders, their lines and payments.
  const pos: PurchaseOrder[] = await client.purchaseOrders.list(jobId).toArray();
  const poId = pos[0]?.id ?? 1;
  const po = await client.purchaseOrders.get(jobId, poId);
  const supplierId = (await client.suppliers.list().toArray())[0]?.id ?? 1;
  const newPo = await client.purchaseOrders.create(jobId, { supplierId, criticalComments: 'Ship by Friday', shipTo: address });
  await client.purchaseOrders.update(jobId, Number(newPo.id), { supplierId, criticalComments: 'Ship by Thursday', tax1Percentage: 8.25 });
  for await (const p of client.purchaseOrders.search({ dateFrom: daysAgo(21), dateTo: today })) console.log(p.status);
  for await (const p of client.allPurchaseOrders.search({ status: 'Open' })) console.log(p.invoiceDetails?.postingDate);
  for await (const l of client.purchaseOrderLineItems.list(jobId, poId)) {
    await client.purchaseOrderLineItems.get(jobId, poId, l.lineId ?? 1);
    await client.purchaseOrderLineItems.update(jobId, poId, l.lineId ?? 1, { type: 'Pricing', description: 'Adjusted', quantity: 2 });
    break;
  }
  await client.purchaseOrderPayments.list(jobId, poId).toArray();
  await client.purchaseOrderPayments.create(jobId, poId, { amountValue: 99, date: today, paymentTypeId: paymentType });
  console.log(po.supplier?.name);

  // Supporting lists and v1 searches.
  for (const list of [client.commissionCodes, client.cardTypes, client.paymentTerms, client.adjustmentTypes, client.productIndices, client.clientGroups]) {
    for await (const page of list.list().pages()) console.log(list.name, page.length);
  }
  await client.v1Jobs.search({ createdDateFrom: daysAgo(21), createdDateTo: today }).toArray();
  await client.v1Contacts.search({ clientOrProspect: 'client' }).toArray();

  // Quota: status, forecasts.
  const windows: WindowUsage[] = await client.quota.status();
  const binding = windows.find((w) => w.binding);
  const plan: Forecast = await client.quota.plan({ 'orders.GET': 5000 }, { waitForReset: true, horizonDays: 30 });
  console.log(binding?.window, binding?.resetsAt?.toISOString(), plan.finish, plan.bindingWindow, plan.waitSeconds);

  // Writes whose outcome was unknown are reconciled, never duplicated.
  await emu.injectFault('drop_after_commit', { times: 1, method: 'POST', pathContains: '/salesorders' });
  const dropped = await client.salesOrders.create(jobId, { ...body, customerOrderNumber: 'PO-1183' });
  console.log(dropped.reconciled);
  const pending: JournalEntry[] = await client.pendingWrites();
  const settled: JournalEntry[] = await client.reconcilePending({ resend: false });
  const all: JournalEntry[] = await client.writes(['done', 'reconciled']);
  console.log(pending.length, settled.length, all[0]?.createdAt.getTime());

  // Errors are PacerError instances with the flat error's fields (2024 is before the range
  // starts, and outside the 13-month window, on any date from now on).
  try {
    await client.jobs.search({ dateFrom: daysAgo(30), dateTo: '2024-01-01' }).next();
  } catch (err) {
    if (err instanceof ValidationError) {
      const problems: readonly FieldError[] = err.errors;
      console.log(err.code, problems.map((p) => `${p.field}/${p.property}: ${p.rule}`));
    } else if (err instanceof QuotaError) {
      console.log(err.retryAfter, err.resetsAt, err.scope);
    } else if (err instanceof ApiError || err instanceof TransportError || err instanceof ConfigError || err instanceof WebhookError) {
      console.log(err.kind, err.status, err.body);
    } else if (err instanceof PacerError) {
      console.log(KINDS.includes(err.kind), JSON.stringify(err));
    }
  }

  // A generic client reaches the same resources by name.
  const generic = new Client('syncore', { apiKey: emu.apiKey, userAgent: 'AcmeSync/1.0', baseUrl: emu.baseUrl, clock: emu.clock, ledger: 'memory' });
  console.log(generic.resource('clientGroups').actions, generic.toJSON());

  // The emulator: clock, faults, what it received.
  await emu.advance({ hours: 24 });
  await emu.advanceTo(new Date(emu.now().getTime() + 60_000));
  await emu.injectFault('status', { status: 503, times: 2 });
  await emu.injectFault('delay', { delayMs: 10 });
  await emu.injectFault('clamp_page', { pageSize: 3 });
  await emu.clearFaults();
  const seen: RecordedRequest[] = await emu.requests();
  const usage = await emu.usage();
  console.log(seen.length, seen[0]?.at, usage[0]?.used, emu.toJSON());
  await emu.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
