'use strict';
// Every Syncore resource over real HTTP against the emulator: paging, list/get/create/update
// round trips, camelCase both ways, and server errors kept verbatim.

const test = require('node:test');
const assert = require('node:assert/strict');
const { ApiError, ConfigError, PacerError, RecordIterator, ValidationError } = require('..');
const { withEmulator, clientOf, dateBefore, salesOrder, address, idOf } = require('./helpers.js');

test('paging returns every job once, one request per page of 10', async () => {
  await withEmulator({}, async (emu) => {
    const client = clientOf(emu);
    const jobs = [];
    const iterator = client.jobs.search({ dateFrom: dateBefore(emu, 360), dateTo: dateBefore(emu, 0) });
    assert.ok(iterator instanceof RecordIterator);
    for await (const job of iterator) jobs.push(job);
    const pages = (await emu.requests()).filter((r) => r.endpoint === 'jobs.search');
    assert.ok(jobs.length > 1500, `${jobs.length} jobs`);
    assert.equal(pages.length, Math.ceil(jobs.length / 10), 'one request per page');
    const ids = jobs.map((j) => j.id);
    assert.deepEqual(ids, [...new Set(ids)].sort((a, b) => a - b), 'each job once, in order');
    assert.ok(pages.every((r) => r.status === 200));
    const position = iterator.position;
    assert.equal(position.done, true);
    assert.equal(position.seen, jobs.length);
    assert.equal(position.total, jobs.length);
  });
});

test('a short page that is not the last does not end the list; pages() and break', async () => {
  await withEmulator({}, async (emu) => {
    const client = clientOf(emu);
    const query = { dateFrom: dateBefore(emu, 45), dateTo: dateBefore(emu, 0) };
    const expected = (await client.jobs.search(query).toArray()).length;
    await emu.injectFault('clamp_page', { pageSize: 7, times: 1000, pathContains: '/v2/orders/jobs' });
    const pages = [];
    for await (const page of client.jobs.search(query).pages()) pages.push(page);
    assert.equal(pages.flat().length, expected);
    assert.equal(new Set(pages.flat().map((j) => j.id)).size, expected, 'no duplicates');
    assert.ok(pages.slice(0, -1).every((p) => p.length === 7));
    await emu.clearFaults();
    // Leaving a loop early fetches no further page.
    const before = (await emu.requests()).length;
    for await (const job of client.jobs.search(query)) {
      assert.ok(job.id);
      break;
    }
    assert.equal((await emu.requests()).length, before + 1);
  });
});

test('every resource round trips (camelCase in, snake_case on the wire)', async () => {
  await withEmulator({}, async (emu) => {
    const c = clientOf(emu);
    let job;
    for await (const j of c.jobs.search({ dateFrom: dateBefore(emu, 60), dateTo: dateBefore(emu, 0) })) {
      if (j.salesOrders?.length && j.purchaseOrders?.length) {
        job = j;
        break;
      }
    }
    assert.ok(job, 'a job with orders');
    assert.equal(typeof job.client.businessName, 'string');
    const jobId = job.id;
    assert.equal((await c.jobs.get(jobId)).id, jobId);
    assert.equal((await c.jobs.get(String(jobId))).id, jobId, 'ids may be text');

    // Sales orders, their lines and payments.
    const sos = await c.salesOrders.list(jobId).toArray();
    assert.ok(sos.length > 0);
    const soId = sos[0].id;
    assert.equal((await c.salesOrders.get(jobId, soId)).id, soId);
    const created = await c.salesOrders.create(jobId, salesOrder('RT-1'));
    assert.deepEqual(Object.keys(created).sort(), ['id', 'journalId', 'location', 'reconciled', 'record']);
    assert.equal(created.reconciled, false);
    assert.match(created.location, new RegExp(`/salesorders/${created.id}$`));
    const fetched = await c.salesOrders.get(jobId, idOf(created));
    assert.equal(fetched.customerOrderNumber, 'RT-1');
    assert.equal(fetched.billTo.country, 'United States', 'read shape');
    const sent = (await emu.requests()).findLast((r) => r.method === 'POST');
    const body = JSON.parse(sent.body);
    assert.equal(body.customer_order_number, 'RT-1', 'snake_case on the wire');
    assert.equal(body.bill_to.first_name, 'Dana');
    await c.salesOrders.update(jobId, idOf(created), { ...salesOrder('RT-1b'), status: 'Open' });
    assert.equal((await c.salesOrders.get(jobId, idOf(created))).customerOrderNumber, 'RT-1b');

    const lines = await c.salesOrderLineItems.list(jobId, soId).toArray();
    assert.ok(lines.length > 0);
    const lineId = lines[0].lineId;
    assert.equal((await c.salesOrderLineItems.get(jobId, soId, lineId)).lineId, lineId);
    const line = { type: 'Pricing', description: 'Rush fee', quantity: 1, priceValue: 45.5, costValue: 0 };
    const added = await c.salesOrderLineItems.create(jobId, soId, line);
    await c.salesOrderLineItems.update(jobId, soId, idOf(added), { ...line, priceValue: 49.99 });
    assert.equal((await c.salesOrderLineItems.get(jobId, soId, idOf(added))).priceValue, 49.99);

    const paymentType = (await c.paymentTypes.list().toArray())[0].id;
    const before = (await c.salesOrderPayments.list(jobId, soId).toArray()).length;
    await c.salesOrderPayments.create(jobId, soId, { amountValue: 125.1, date: dateBefore(emu, 0), paymentTypeId: paymentType });
    assert.equal((await c.salesOrderPayments.list(jobId, soId).toArray()).length, before + 1);

    // Purchase orders, their lines and payments.
    const pos = await c.purchaseOrders.list(jobId).toArray();
    const poId = pos[0].id;
    assert.equal((await c.purchaseOrders.get(jobId, poId)).id, poId);
    const supplierId = (await c.suppliers.list().toArray())[0].id;
    const poBody = { supplierId, criticalComments: 'Ship by Friday', inHandDate: dateBefore(emu, -10), shipTo: { ...address }, tax1Percentage: 8.25 };
    const newPo = idOf(await c.purchaseOrders.create(jobId, poBody));
    const poSent = JSON.parse((await emu.requests()).findLast((r) => r.method === 'POST').body);
    assert.equal(poSent.tax_1_percentage, 8.25, 'an irregular key goes back as the API spells it');
    await c.purchaseOrders.update(jobId, newPo, { ...poBody, criticalComments: 'Ship by Thursday' });
    const po = await c.purchaseOrders.get(jobId, newPo);
    assert.equal(po.criticalComments, 'Ship by Thursday');
    assert.equal(po.tax1Percentage, 8.25);
    const poLines = await c.purchaseOrderLineItems.list(jobId, poId).toArray();
    if (poLines.length > 0) {
      const lid = poLines[0].lineId;
      assert.equal((await c.purchaseOrderLineItems.get(jobId, poId, lid)).lineId, lid);
      await c.purchaseOrderLineItems.update(jobId, poId, lid, { type: 'Pricing', description: 'Adjusted', quantity: 2, costValue: 3.5 });
      assert.equal((await c.purchaseOrderLineItems.get(jobId, poId, lid)).description, 'Adjusted');
    }
    const n = (await c.purchaseOrderPayments.list(jobId, poId).toArray()).length;
    await c.purchaseOrderPayments.create(jobId, poId, { amountValue: 99, date: dateBefore(emu, 0), paymentTypeId: paymentType });
    assert.equal((await c.purchaseOrderPayments.list(jobId, poId).toArray()).length, n + 1);

    // Cross-job searches, under both names.
    const recent = { dateFrom: dateBefore(emu, 20), dateTo: dateBefore(emu, 0) };
    const soHits = await c.salesOrders.search(recent).toArray();
    assert.ok(soHits.length > 0);
    assert.deepEqual((await c.allSalesOrders.search(recent).toArray()).map((s) => s.id), soHits.map((s) => s.id));
    assert.ok((await c.purchaseOrders.search(recent).toArray()).length > 0);
    assert.ok((await c.allPurchaseOrders.search(recent).toArray()).length > 0);

    // Contacts and jobs: create and update, dropship and store.
    const contact = (await c.contacts.search().next()).value;
    assert.equal((await c.contacts.get(contact.id)).id, contact.id);
    const person = { firstName: 'Lee', lastName: 'Park', email: 'lee.park@harborrowing.example', type: 'Client' };
    const cid = idOf(await c.contacts.create(person));
    await c.contacts.update(cid, { ...person, lastName: 'Park-Ortiz' });
    assert.equal((await c.contacts.get(cid)).lastName, 'Park-Ortiz');
    const storeContact = { storeId: 3, firstName: 'Kim', lastName: 'Ng', email: 'kim@store.example' };
    const sid = idOf(await c.storeContacts.create(storeContact));
    await c.storeContacts.update(sid, storeContact);
    const jobBody = { clientId: contact.id, description: 'Team jackets', primaryRepEmail: 'ana.silva@acme-promo.example' };
    const jid = idOf(await c.jobs.create(jobBody));
    await c.jobs.update(jid, { ...jobBody, description: 'Team jackets (revised)' });
    assert.equal((await c.jobs.get(jid)).description, 'Team jackets (revised)');
    const sj = idOf(await c.storeJobs.create({ ...jobBody, storeId: 3, description: 'Store order 1182' }));
    await c.storeJobs.update(sj, { ...jobBody, storeId: 3, description: 'Store order 1182' });

    // Supporting lists and v1.
    for (const list of ['commissionCodes', 'cardTypes', 'paymentTypes', 'paymentTerms', 'adjustmentTypes', 'suppliers', 'productIndices', 'clientGroups']) {
      const records = await c[list].list().toArray();
      assert.ok(records.length > 0, list);
      assert.equal(typeof records[0].id, 'number', list);
    }
    const v1 = await c.v1Jobs.search({ createdDateFrom: dateBefore(emu, 10), createdDateTo: dateBefore(emu, 0) }).toArray();
    assert.ok(v1.length > 0);
    assert.ok((await c.v1Contacts.search().toArray()).length > 0);
    assert.ok((await emu.requests()).every((r) => r.status !== 429));
  });
});

test('records keep unknown fields, camelCased', async () => {
  await withEmulator({}, async (emu) => {
    const c = clientOf(emu);
    const so = await c.salesOrders.create(30390, { ...salesOrder('X-1'), custom_tracking_code: 'ZX-9', giftNote: 'thanks' });
    const back = await c.salesOrders.get(30390, idOf(so));
    assert.equal(back.customTrackingCode, 'ZX-9');
    assert.equal(back.giftNote, 'thanks');
    const sent = JSON.parse((await emu.requests()).findLast((r) => r.method === 'POST').body);
    assert.equal(sent.custom_tracking_code, 'ZX-9');
    assert.equal(sent.gift_note, 'thanks');
    // Every key of a record, nested ones included, is camelCased.
    const job = await c.jobs.get(30390);
    assert.ok(Object.keys(job).every((k) => !k.includes('_')), Object.keys(job).join());
  });
});

test('server errors keep status and body; wrong key 401, generic User-Agent 403', async () => {
  await withEmulator({}, async (emu) => {
    const c = clientOf(emu);
    await assert.rejects(c.jobs.get(99_999_999), (err) => {
      assert.ok(err instanceof ApiError && err instanceof PacerError && err instanceof Error);
      assert.equal(err.kind, 'api');
      assert.equal(err.code, 'not_found');
      assert.equal(err.status, 404);
      assert.match(err.body, /not found/i);
      return true;
    });
    const wrongKey = clientOf(emu, { apiKey: '00000000-0000-0000-0000-000000000000' });
    await assert.rejects(wrongKey.clientGroups.list().next(), { status: 401, kind: 'api' });
    const generic = clientOf(emu, { userAgent: 'curl/8.4.0' });
    await assert.rejects(generic.clientGroups.list().next(), { status: 403, code: 'forbidden' });
  });
});

test('argument shapes are checked before anything is sent', async () => {
  await withEmulator({}, async (emu) => {
    const c = clientOf(emu);
    assert.throws(() => c.jobs.search(dateBefore(emu, 30)), { code: 'validation_failed' });
    await assert.rejects(c.salesOrders.create(30390), { kind: 'validation', code: 'validation_failed' });
    // Ids bind by position (pacer_sdk::surface::bind): one too many names the parameter.
    await assert.rejects(c.jobs.get(1, 2, 3), (err) => {
      assert.ok(err instanceof ValidationError, String(err));
      assert.deepEqual(err.errors.map((e) => [e.field, e.rule]), [['job_id', 'too_many_ids']]);
      return true;
    });
    assert.throws(() => c.clientGroups.list(1, 2), { kind: 'validation' });
    // An id also given by name is refused; one given by name alone binds.
    await assert.rejects(c.jobs.get(1, { jobId: 2 }), (err) => err.errors[0].rule === 'given_twice');
    assert.throws(() => clientOf(emu, { apiKye: 'x' }), (err) => {
      assert.ok(err instanceof ConfigError, String(err));
      assert.equal(err.code, 'invalid_option');
      assert.deepEqual([err.errors[0].property, err.errors[0].rule], ['apiKye', 'unknown']);
      return true;
    });
    assert.throws(() => c.resource('nope'), TypeError);
    assert.equal(c.resource('salesOrders'), c.salesOrders);
    assert.deepEqual([...c.allSalesOrders.actions], ['search']);
    assert.deepEqual((await emu.requests()).length, 0);
  });
});
