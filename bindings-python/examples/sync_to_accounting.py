"""An integration script as a distributor would write it, using the whole pacer surface.

It exports a month of jobs with their sales and purchase orders (as an accounting sync would),
creates a sales order and a payment, shows the quota and a forecast, and does the same reads
with the async client. Then it syncs Synq orders (tokens from a provider, paging, truncated
lists, an idempotent order, the state machine, a signed webhook) and Salync stock (SKU lookup,
archive, purchase orders, the daily quota, a webhook receiver). It runs against local
emulators, so it needs no key:

    python examples/sync_to_accounting.py

`mypy --strict` checks it against pacer's stubs (scripts/test-python.sh), and the test suite
runs it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import zoneinfo
from decimal import Decimal
from typing import Any

import pacer_sdk


def address(first: str, last: str) -> dict[str, str]:
    return {"first_name": first, "last_name": last, "address1": "12 Quay St",
            "city": "Portland", "state": "OR", "zip": "97201", "country": "US"}


def export_month(client: pacer_sdk.Syncore, date_from: str, date_to: str) -> list[dict[str, Any]]:
    """Jobs with their sales and purchase orders, as rows for an accounting system."""
    rows: list[dict[str, Any]] = []
    for job in client.jobs.search(date_from=date_from, date_to=date_to, status=None):
        assert job.id is not None
        customer = job.client.business_name if job.client else None
        sales_total = Decimal(0)
        for so in client.sales_orders.list(job_id=job.id):
            sales_total += so.total_value or Decimal(0)
        costs = Decimal(0)
        for po in client.purchase_orders.list(job_id=job.id):
            costs += po.total_value or Decimal(0)
        rows.append({"job": job.id, "status": job.status, "customer": customer,
                     "sales": sales_total, "costs": costs})
        if len(rows) == 5:
            break
    return rows


def lookups(client: pacer_sdk.Syncore) -> None:
    """The supporting lists every sync needs first."""
    terms: list[pacer_sdk.PaymentTerm] = client.payment_terms.list().to_list()
    kinds = [p.name for p in client.payment_types.list()]
    suppliers = [(s.id, s.name, s.class_) for s in client.suppliers.list()]
    groups = [g.name for g in client.client_groups.list()]
    indices = [i.name for i in client.product_indices.list()]
    codes = [(c.code, c.type) for c in client.commission_codes.list()]
    cards = [c.name for c in client.card_types.list()]
    adjustments = [a.name for a in client.adjustment_types.list()]
    print(f"{len(terms)} terms, {len(kinds)} payment types, {len(suppliers)} suppliers, "
          f"{len(groups)} client groups, {len(indices)} product indices, {len(codes)} codes, "
          f"{len(cards)} card types, {len(adjustments)} adjustment types")


#: Syncore's calendar (its dates, the 13-month search window) is New York's.
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def today(client: pacer_sdk.Syncore) -> dt.date:
    """Today in Syncore's calendar, on the client's clock (the emulator's, here)."""
    return client.now().astimezone(NEW_YORK).date()


def orders(client: pacer_sdk.Syncore, job: pacer_sdk.Job) -> None:
    """Reads one job's orders in depth, then writes a sales order and a payment."""
    assert job.id is not None
    for so in client.sales_orders.list(job_id=job.id):
        assert so.id is not None
        lines: list[pacer_sdk.LineItem] = client.sales_order_line_items.list(
            job_id=job.id, salesorder_id=so.id).to_list()
        paid = sum((p.amount_value or Decimal(0)
                    for p in client.sales_order_payments.list(job.id, so.id)), Decimal(0))
        one: pacer_sdk.SalesOrder = client.sales_orders.get(job.id, so.id)
        print(f"SO {one.number}: {len(lines)} lines, paid {paid}, total {one.total_value}")
        break
    for po in client.purchase_orders.list(job_id=job.id):
        assert po.id is not None
        full: pacer_sdk.PurchaseOrder = client.purchase_orders.get(job.id, po.id)
        supplier: pacer_sdk.SupplierRef | None = full.supplier
        items = client.purchase_order_line_items.list(job_id=job.id, purchaseorder_id=po.id)
        payments = client.purchase_order_payments.list(job_id=job.id, purchaseorder_id=po.id)
        print(f"PO {full.number} from {supplier.name if supplier else '?'}: "
              f"{len(items.to_list())} lines, {len(payments.to_list())} payments")
        break
    written: pacer_sdk.Written = client.sales_orders.create(job_id=job.id, data={
        "description": "Reorder", "bill_to": address("Dana", "Whitfield"),
        "ship_to": pacer_sdk.AddressWrite(**address("Dana", "Whitfield")),
    })
    print(f"created sales order {written.id} (reconciled: {written.reconciled}, journal {written.journal_id})")
    payment = client.sales_order_payments.create(job_id=job.id, salesorder_id=written.id, data={
        "amount_value": Decimal("125.50"), "date": today(client), "payment_type_id": 1,
    })
    print(f"payment {payment.id} at {payment.location}")


def searches(client: pacer_sdk.Syncore, date_from: str, date_to: str) -> None:
    """The cross-job searches, CRM and v1."""
    invoiced = [so.id for so in client.sales_orders.search(date_from=date_from, date_to=date_to, status="Invoiced")]
    open_pos = [po.id for po in client.all_purchase_orders.search(date_from=date_from, date_to=date_to)]
    contacts: list[pacer_sdk.Contact] = client.contacts.search(created_date_from=date_from).to_list()
    v1 = sum(1 for _ in client.v1_jobs.search(created_date_from=date_from, created_date_to=date_to))
    print(f"{len(invoiced)} invoiced sales orders, {len(open_pos)} purchase orders, "
          f"{len(contacts)} new contacts, {v1} jobs (v1)")
    if contacts and contacts[0].id is not None:
        person = client.contacts.get(contacts[0].id)
        print(f"contact {person.name} <{person.email}> ({person.type})")


def quota(client: pacer_sdk.Syncore) -> None:
    for window in client.quota.status():
        if window.used:
            resets = window.resets_at.isoformat() if window.resets_at else "-"
            print(f"{window.window:20} {window.used:>6}/{window.limit:<6} resets {resets}"
                  f"{' (binding)' if window.binding else ''}")
    forecast = client.quota.plan({"orders.GET": 5000, "crm.GET": 100})
    print(f"5,000 order reads would finish at {forecast.finish} ({forecast.duration}); "
          f"binding: {forecast.binding_window}")
    print(f"{len(client.pending_writes())} writes pending; {len(client.writes(['done']))} done; "
          f"{len(client.reconcile_pending())} reconciled now")


def errors(client: pacer_sdk.Syncore, date_from: str) -> None:
    try:
        client.jobs.search(date_from=date_from)  # date_to is missing
    except pacer_sdk.ValidationError as e:
        print("refused before sending:", [(f.field, f.rule) for f in e.errors], e.code, e.kind)
    try:
        client.jobs.get(999_999_999)
    except pacer_sdk.ApiError as e:
        print("server said", e.status, (e.body or "")[:40])
    except pacer_sdk.PacerError as e:
        print("failed:", e.code, e.message, e.retry_after, e.resets_at, e.scope)


async def async_reads(emu: pacer_sdk.Emulator, date_from: str, date_to: str) -> int:
    client = pacer_sdk.AsyncSyncore(api_key=emu.api_key, user_agent="AcmeSync/1.0",
                                base_url=emu.base_url, clock=emu.clock, ledger="memory")
    count = 0
    first: pacer_sdk.Job | None = None
    async for job in client.jobs.search(date_from=date_from, date_to=date_to):
        count += 1
        first = first or job
    if first is not None and first.id is not None:
        again = await client.jobs.get(first.id)
        assert again == first
        written = await client.sales_orders.create(first.id, data={
            "bill_to": address("Lee", "Park"), "ship_to": address("Lee", "Park")})
        assert written.id is not None
    settled = await client.reconcile_pending()
    return count + len(settled)


def synq_sync() -> None:
    """Synq: orders into accounting, inventory and catalog checks, a webhook."""
    with pacer_sdk.Emulator("synq", virtual_clock=True, webhook_secret="whsec_example") as emu:
        def token() -> str:
            return emu.issue_token(dt.timedelta(hours=1))  # a real script asks its identity service

        synq = pacer_sdk.Synq(token_provider=token, tenant_id=emu.tenant_id, org_id=emu.org_id,
                          base_url=emu.base_url, clock=emu.clock, ledger="memory")
        orders: list[pacer_sdk.synq.Order] = synq.orders.list().to_list()
        totals = sum((o.total or Decimal(0) for o in orders), Decimal(0))
        products = synq.products.list()
        titles = [p.title for p in products]
        print(f"synq: {len(orders)} orders worth {totals}; {len(titles)} products"
              f"{' (truncated by the server)' if products.truncated else ''}")
        first = orders[0]
        assert first.id is not None and first.items
        again: pacer_sdk.synq.Order = synq.orders.get(first.id)
        status = again.status or "pending_payment"
        print(f"order {again.id} is {status}; next: {pacer_sdk.synq.next_statuses(status)}")
        try:
            pacer_sdk.synq.check_transition(status, "teleported")
        except pacer_sdk.ValidationError as e:
            print("transition refused locally:", e.errors[0].rule)
        item = first.items[0]
        written = synq.orders.create(data={
            "payment_provider": "stripe", "payment_reference": "pi_example",
            "items": [{"variant_id": item.variant_id, "location_id": item.location_id, "quantity": 1}]})
        accepted = written.record
        assert isinstance(accepted, pacer_sdk.synq.OrderAccepted)
        print(f"order accepted: workflow {accepted.workflow_id}")
        settings: pacer_sdk.synq.TenantSettings = synq.tenant_settings.get()
        audit = synq.audit.list()
        entries = [e.action for e in audit]
        print(f"costing {settings.costing_method}; {len(entries)} audit entries (truncated: {audit.truncated})")
        channels = [c.name for c in synq.channels.list()]
        members = [m.email for m in synq.members.list()]
        print(f"{len(channels)} channels, {len(members)} members, quota: "
              f"{[(w.window, w.used) for w in synq.quota.status()]}")

        body = b'{"connection_id": "conn_1", "event": "commerce.order.created", "data": {"id": "ext-1"}}'
        headers = {pacer_sdk.webhooks.SYNQ_SIGNATURE_HEADER: pacer_sdk.webhooks.sign(emu.webhook_secret, body)}
        event: pacer_sdk.webhooks.SynqEvent = pacer_sdk.webhooks.synq_event(emu.webhook_secret, body, headers=headers)
        print(f"webhook {event.event} for {event.external_id} (order event: {event.is_order_event})")
        try:
            pacer_sdk.webhooks.verify(emu.webhook_secret, body + b" ", headers[pacer_sdk.webhooks.SYNQ_SIGNATURE_HEADER])
        except pacer_sdk.WebhookError as e:
            print("tampered delivery refused:", e.code)


def salync_sync() -> None:
    """Salync: stock levels and purchase orders into accounting, a webhook receiver."""
    with pacer_sdk.Emulator("salync", virtual_clock=True, plan="pro", webhook_secret="whsec_example") as emu:
        salync = pacer_sdk.Salync(api_key=emu.api_key, plan="pro", base_url=emu.base_url, clock=emu.clock, ledger="memory")
        products: list[pacer_sdk.salync.Product] = salync.products.list().to_list()
        sku = products[0].sku
        assert sku is not None
        found: pacer_sdk.salync.Product = salync.products.by_sku(sku)
        assert found.id is not None
        variants = [v.options for v in salync.product_variants.list(found.id)]
        levels: list[pacer_sdk.salync.StockLevel] = salync.stock.list(product_id=found.id).to_list()
        low = [lvl.sku for lvl in salync.stock.list() if lvl.low_stock]
        print(f"salync: {len(products)} products; {sku}: {len(variants)} variants, "
              f"{sum(lvl.stock_on_hand or 0 for lvl in levels)} on hand; {len(low)} low")
        supplier: pacer_sdk.salync.Supplier = next(iter(salync.suppliers.list()))
        assert supplier.id is not None
        po = salync.purchase_orders.create(data={
            "supplier_id": supplier.id, "status": "sent",
            "lines": [{"product_id": found.id, "quantity": 12, "unit_cost": Decimal("3.20")}]})
        order = po.record
        assert isinstance(order, pacer_sdk.salync.PurchaseOrder)
        print(f"PO {order.number} to {supplier.name}: {order.total} {order.currency}")
        adjustment = salync.stock_adjustments.create(data={
            "product_id": found.id, "type": "manual", "direction": "increase", "quantity": 1})
        print(f"adjustment {adjustment.id}; history: {len(salync.stock_adjustments.list(product_id=found.id).to_list())}")
        archived = salync.products.archive(found.id).record  # a write: the Written's record
        assert isinstance(archived, pacer_sdk.salync.Product)
        print(f"archived {archived.sku}: {archived.archived}")
        channel: pacer_sdk.salync.Channel = next(iter(salync.channels.list()))
        assert channel.id is not None
        states = [(lst.sku, lst.state) for lst in salync.channel_listings.list(channel.id)]
        print(f"channel {channel.name} ({channel.connection_status}): {len(states)} listings")
        daily = next(w for w in salync.quota.status() if w.window == "key.daily")
        print(f"daily quota {daily.used}/{daily.limit}, resets {daily.resets_at}")

        body = b'{"id": "evt_1", "type": "stock.below_threshold", "data": {"sku": "MUG", "stock_on_hand": 2, "threshold": 5}}'
        receiver = pacer_sdk.webhooks.SalyncReceiver(emu.webhook_secret)
        signature = pacer_sdk.webhooks.sign(emu.webhook_secret, body, "sha256=")
        received = receiver.receive({pacer_sdk.webhooks.SALYNC_SIGNATURE_HEADER: signature}, body)
        if received is not None and isinstance(received.data, pacer_sdk.webhooks.StockBelowThreshold):
            print(f"webhook {received.type}: {received.data.sku} at {received.data.stock_on_hand}")
        assert receiver.receive([(pacer_sdk.webhooks.SALYNC_SIGNATURE_HEADER, signature)], body) is None


async def async_providers() -> int:
    """The async Synq and Salync clients."""
    with pacer_sdk.Emulator("synq", virtual_clock=True) as synq_emu, \
            pacer_sdk.Emulator("salync", virtual_clock=True) as salync_emu:
        synq = pacer_sdk.AsyncSynq(token=synq_emu.api_key, tenant_id=synq_emu.tenant_id,
                               org_id=synq_emu.org_id, base_url=synq_emu.base_url, clock=synq_emu.clock, ledger="memory")
        salync = pacer_sdk.AsyncSalync(api_key=salync_emu.api_key, base_url=salync_emu.base_url, clock=salync_emu.clock, ledger="memory")
        count = 0
        async for order in synq.orders.list():
            count += 1 if order.id else 0
        settings = await synq.tenant_settings.get()
        async for product in salync.products.list():
            if product.sku:
                same = await salync.products.by_sku(product.sku)
                count += 1 if same.id == product.id else 0
                break
        return count + (1 if settings.id else 0)


def main() -> None:
    with pacer_sdk.Emulator("syncore", seed=7, virtual_clock=True, jobs=600) as emu:
        client = pacer_sdk.Syncore(api_key=emu.api_key, user_agent="AcmeSync/1.0",
                               base_url=emu.base_url, clock=emu.clock, ledger="memory", page_size=10)
        end = today(client)
        date_from, date_to = (end - dt.timedelta(days=30)).isoformat(), end.isoformat()
        rows = export_month(client, date_from, date_to)
        print(f"exported {len(rows)} jobs; first: {rows[0] if rows else None}")
        lookups(client)
        job = client.jobs.get(rows[0]["job"])
        print(repr(job)[:120], "...")
        orders(client, job)
        searches(client, date_from, date_to)
        errors(client, date_from)
        quota(client)
        emu.advance(hours=24)
        print(f"{len(emu.requests())} requests served; now {emu.now()}")
        print("async:", asyncio.run(async_reads(emu, date_from, date_to)))
    synq_sync()
    salync_sync()
    print("async synq and salync:", asyncio.run(async_providers()))


if __name__ == "__main__":
    main()
