"""An integration script as a distributor would write it, using the whole pacer surface.

It exports a month of jobs with their sales and purchase orders (as an accounting sync would),
creates a sales order and a payment, shows the quota and a forecast, and does the same reads
with the async client. It runs against a local emulator, so it needs no key:

    python examples/sync_to_accounting.py

`mypy --strict` checks it against pacer's stubs (scripts/test-python.sh), and the test suite
runs it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal
from typing import Any

import pacer


def address(first: str, last: str) -> dict[str, str]:
    return {"first_name": first, "last_name": last, "address1": "12 Quay St",
            "city": "Portland", "state": "OR", "zip": "97201", "country": "US"}


def export_month(client: pacer.Syncore, date_from: str, date_to: str) -> list[dict[str, Any]]:
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


def lookups(client: pacer.Syncore) -> None:
    """The supporting lists every sync needs first."""
    terms: list[pacer.PaymentTerm] = client.payment_terms.list().to_list()
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


def orders(client: pacer.Syncore, job: pacer.Job) -> None:
    """Reads one job's orders in depth, then writes a sales order and a payment."""
    assert job.id is not None
    for so in client.sales_orders.list(job_id=job.id):
        assert so.id is not None
        lines: list[pacer.LineItem] = client.sales_order_line_items.list(
            job_id=job.id, salesorder_id=so.id).to_list()
        paid = sum((p.amount_value or Decimal(0)
                    for p in client.sales_order_payments.list(job.id, so.id)), Decimal(0))
        one: pacer.SalesOrder = client.sales_orders.get(job.id, so.id)
        print(f"SO {one.number}: {len(lines)} lines, paid {paid}, total {one.total_value}")
        break
    for po in client.purchase_orders.list(job_id=job.id):
        assert po.id is not None
        full: pacer.PurchaseOrder = client.purchase_orders.get(job.id, po.id)
        supplier: pacer.SupplierRef | None = full.supplier
        items = client.purchase_order_line_items.list(job_id=job.id, purchaseorder_id=po.id)
        payments = client.purchase_order_payments.list(job_id=job.id, purchaseorder_id=po.id)
        print(f"PO {full.number} from {supplier.name if supplier else '?'}: "
              f"{len(items.to_list())} lines, {len(payments.to_list())} payments")
        break
    written: pacer.Written = client.sales_orders.create(job_id=job.id, data={
        "description": "Reorder", "bill_to": address("Dana", "Whitfield"),
        "ship_to": pacer.AddressWrite(**address("Dana", "Whitfield")),
    })
    print(f"created sales order {written.id} (reconciled: {written.reconciled}, journal {written.journal_id})")
    payment = client.sales_order_payments.create(job_id=job.id, salesorder_id=written.id, data={
        "amount_value": Decimal("125.50"), "date": dt.date(2026, 11, 20), "payment_type_id": 1,
    })
    print(f"payment {payment.id} at {payment.location}")


def searches(client: pacer.Syncore, date_from: str, date_to: str) -> None:
    """The cross-job searches, CRM and v1."""
    invoiced = [so.id for so in client.sales_orders.search(date_from=date_from, date_to=date_to, status="Invoiced")]
    open_pos = [po.id for po in client.all_purchase_orders.search(date_from=date_from, date_to=date_to)]
    contacts: list[pacer.Contact] = client.contacts.search(created_date_from=date_from).to_list()
    v1 = sum(1 for _ in client.v1_jobs.search(created_date_from=date_from, created_date_to=date_to))
    print(f"{len(invoiced)} invoiced sales orders, {len(open_pos)} purchase orders, "
          f"{len(contacts)} new contacts, {v1} jobs (v1)")
    if contacts and contacts[0].id is not None:
        person = client.contacts.get(contacts[0].id)
        print(f"contact {person.name} <{person.email}> ({person.type})")


def quota(client: pacer.Syncore) -> None:
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


def errors(client: pacer.Syncore) -> None:
    try:
        client.jobs.search(date_from="2026-10-01")
    except pacer.ValidationError as e:
        print("refused before sending:", [(f.field, f.rule) for f in e.errors], e.code, e.kind)
    try:
        client.jobs.get(999_999_999)
    except pacer.ApiError as e:
        print("server said", e.status, (e.body or "")[:40])
    except pacer.PacerError as e:
        print("failed:", e.code, e.message, e.retry_after, e.resets_at, e.scope)


async def async_reads(emu: pacer.Emulator, date_from: str, date_to: str) -> int:
    client = pacer.AsyncSyncore(api_key=emu.api_key, user_agent="AcmeSync/1.0",
                                base_url=emu.base_url, ledger="memory")
    count = 0
    first: pacer.Job | None = None
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


def main() -> None:
    with pacer.Emulator("syncore", seed=7, virtual_clock=True, jobs=600) as emu:
        client = pacer.Syncore(api_key=emu.api_key, user_agent="AcmeSync/1.0",
                               base_url=emu.base_url, ledger="memory", page_size=10)
        today = client.now().date()
        date_from, date_to = (today - dt.timedelta(days=30)).isoformat(), today.isoformat()
        rows = export_month(client, date_from, date_to)
        print(f"exported {len(rows)} jobs; first: {rows[0] if rows else None}")
        lookups(client)
        job = client.jobs.get(rows[0]["job"])
        print(repr(job)[:120], "...")
        orders(client, job)
        searches(client, date_from, date_to)
        errors(client)
        quota(client)
        emu.advance(hours=24)
        print(f"{len(emu.requests())} requests served; now {emu.now()}")
        print("async:", asyncio.run(async_reads(emu, date_from, date_to)))


if __name__ == "__main__":
    main()
