"""Every resource of the spec over real HTTP: paging, reads, creates and updates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import pytest

import pacer_sdk
from conftest import address, days_before, make_client, sales_order_body


def pages_of(emu: pacer_sdk.Emulator, endpoint: str, since: int) -> list[int]:
    return [int(parse_qs(r.query)["page"][0]) for r in emu.requests()[since:] if r.endpoint == endpoint]


def test_lists_are_lazy_and_page_across_pages(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore) -> None:
    since = len(emu.requests())
    records = client.jobs.search(date_from=days_before(emu, 60), date_to=days_before(emu, 0))
    assert pages_of(emu, "jobs.search", since) == [], "nothing is fetched before iteration"
    first = next(records)
    assert isinstance(first, pacer_sdk.Job)
    assert pages_of(emu, "jobs.search", since) == [1]
    rest = list(records)
    ids = [first.id] + [j.id for j in rest]
    assert len(ids) == len(set(ids)) > 30
    pages = pages_of(emu, "jobs.search", since)
    assert pages == list(range(1, len(pages) + 1))
    assert len(pages) == -(-len(ids) // 10), "10 records a page, one request per page"
    with pytest.raises(StopIteration):
        next(records)


def test_short_pages_do_not_end_a_list(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore) -> None:
    search = {"date_from": days_before(emu, 45), "date_to": days_before(emu, 0)}
    full = [j.id for j in client.jobs.search(**search)]
    # The server now sends 7 records a page while still reporting the true total.
    emu.inject_fault("clamp_page", times=1000, page_size=7, path_contains="/v2/orders/jobs")
    try:
        clamped = [j.id for j in client.jobs.search(**search)]
    finally:
        emu.clear_faults()
    assert clamped == full


def test_page_size_is_configurable(emu: pacer_sdk.Emulator) -> None:
    c = make_client(emu, page_size=5)
    since = len(emu.requests())
    jobs = c.jobs.search(date_from=days_before(emu, 20), date_to=days_before(emu, 0)).to_list()
    counts = [parse_qs(r.query)["count"][0] for r in emu.requests()[since:]]
    assert set(counts) == {"5"} and len(counts) >= len(jobs) // 5


def test_job_reads(client: pacer_sdk.Syncore, job_id: int) -> None:
    job = client.jobs.get(job_id)
    assert job.id == job_id
    assert client.jobs.get(job_id=job_id) == job
    assert job.client is not None and job.client.business_name
    assert all(isinstance(s.total_value, Decimal) for s in job.sales_orders or [])


def test_sales_orders_line_items_and_payments(client: pacer_sdk.Syncore, job_id: int) -> None:
    orders = client.sales_orders.list(job_id=job_id).to_list()
    assert orders and all(o.job_number == job_id for o in orders)
    so = orders[0]
    assert client.sales_orders.get(job_id, so.id) == so
    lines = client.sales_order_line_items.list(job_id=job_id, salesorder_id=so.id).to_list()
    assert lines and all(isinstance(li, pacer_sdk.LineItem) for li in lines)
    assert [li.line_id for li in lines] == [li.line_id for li in so.line_items or []]
    one = client.sales_order_line_items.get(job_id, so.id, lines[0].line_id)
    assert one.line_id == lines[0].line_id and one.description == lines[0].description
    payments = client.sales_order_payments.list(job_id=job_id, salesorder_id=so.id).to_list()
    assert all(isinstance(p.amount_value, Decimal) for p in payments)


def test_purchase_orders_line_items_and_payments(client: pacer_sdk.Syncore, job_id: int) -> None:
    orders = client.purchase_orders.list(job_id=job_id).to_list()
    assert orders
    po = client.purchase_orders.get(job_id, orders[0].id)
    assert po.id == orders[0].id and po.supplier is not None
    lines = client.purchase_order_line_items.list(job_id=job_id, purchaseorder_id=po.id).to_list()
    assert lines
    line = client.purchase_order_line_items.get(job_id, po.id, lines[0].line_id)
    assert line == lines[0]
    client.purchase_order_payments.list(job_id=job_id, purchaseorder_id=po.id).to_list()


def test_cross_job_searches(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore) -> None:
    window = {"date_from": days_before(emu, 20), "date_to": days_before(emu, 0)}
    sos = client.sales_orders.search(**window, status="Open").to_list()
    assert sos and {s.status for s in sos} == {"Open"}
    assert [s.id for s in client.all_sales_orders.search(**window, status="Open")] == [s.id for s in sos]
    pos = client.all_purchase_orders.search(**window).to_list()
    assert pos and [p.id for p in client.purchase_orders.search(**window)] == [p.id for p in pos]


def test_crm_and_v1_searches(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore) -> None:
    contacts = client.contacts.search(created_date_from=days_before(emu, 300)).to_list()
    assert contacts and all(isinstance(c, pacer_sdk.Contact) for c in contacts)
    assert client.contacts.get(contacts[0].id) == contacts[0]
    v1_contacts = client.v1_contacts.search(created_date_from=days_before(emu, 300)).to_list()
    assert {c.id for c in v1_contacts} == {c.id for c in contacts}
    v1_jobs = client.v1_jobs.search(created_date_from=days_before(emu, 10), created_date_to=days_before(emu, 0))
    v2_jobs = client.jobs.search(date_from=days_before(emu, 10), date_to=days_before(emu, 0))
    assert [j.id for j in v1_jobs] == [j.id for j in v2_jobs]


LOOKUPS = {
    "commission_codes": pacer_sdk.CommissionCode, "card_types": pacer_sdk.CardType,
    "payment_types": pacer_sdk.PaymentType, "payment_terms": pacer_sdk.PaymentTerm,
    "adjustment_types": pacer_sdk.AdjustmentType, "suppliers": pacer_sdk.Supplier,
    "product_indices": pacer_sdk.ProductIndex, "client_groups": pacer_sdk.ClientGroup,
}


@pytest.mark.parametrize("name", sorted(LOOKUPS))
def test_supporting_lists(client: pacer_sdk.Syncore, name: str) -> None:
    records = getattr(client, name).list().to_list()
    assert records and all(type(r) is LOOKUPS[name] for r in records)
    assert all(r.id is not None and r.name for r in records)


def test_every_spec_resource_is_an_attribute(client: pacer_sdk.Syncore) -> None:
    resources = client.resources
    assert set(resources) >= {"contacts", "store_contacts", "jobs", "store_jobs", "sales_orders",
                              "sales_order_line_items", "sales_order_payments", "purchase_orders",
                              "purchase_order_line_items", "purchase_order_payments", "v1_jobs",
                              "v1_contacts", "all_sales_orders", "all_purchase_orders", *LOOKUPS}
    for attr, resource in resources.items():
        assert getattr(client, attr) is resource
        assert resource.actions and attr in repr(resource)
    assert client.jobs.actions == ["search", "get", "create", "update"]
    assert ".search(date_from, date_to, status?, client_group_id?)" in client.jobs.describe()


def test_contact_create_get_update(client: pacer_sdk.Syncore) -> None:
    body: dict[str, Any] = {"first_name": "Lee", "last_name": "Park", "email": "lee.park@example.com",
                            "billing_address": address("Lee", "Park")}
    written = client.contacts.create(data=body)
    assert isinstance(written.id, int) and not written.reconciled and written.status == 201
    got = client.contacts.get(written.id)
    assert (got.first_name, got.email, got.name) == ("Lee", "lee.park@example.com", "Lee Park")
    assert "contact_kind" in got.extra, "fields the model lacks are kept"
    updated = client.contacts.update(written.id, data={**body, "phone": "555-0100"})
    assert updated.id == written.id and updated.status == 200
    assert client.contacts.get(written.id).phone == "555-0100"
    store = client.store_contacts.create(data={**body, "store_id": 3, "email": "lee2@example.com"})
    client.store_contacts.update(store.id, data={**body, "store_id": 3, "email": "lee3@example.com"})
    assert client.contacts.get(store.id).email == "lee3@example.com"


def test_job_create_and_update(client: pacer_sdk.Syncore, job_id: int) -> None:
    existing = client.jobs.get(job_id)
    assert existing.client is not None
    body = {"client_id": existing.client.id, "description": "Trade show kits",
            "primary_rep_email": "rep@example.com", "customer_po": "CPO-7"}
    written = client.jobs.create(data=body)
    job = client.jobs.get(written.id)
    assert job.description == "Trade show kits" and job.status == "Pending"
    client.jobs.update(written.id, data={**body, "status": "WIP"})
    assert client.jobs.get(written.id).status == "WIP"
    store_job = client.store_jobs.create(data={**body, "store_id": 3})
    client.store_jobs.update(store_job.id, data={**body, "store_id": 3, "description": "Store kits"})
    assert client.jobs.get(store_job.id).description == "Store kits"


def test_sales_order_tree_create_update(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore, job_id: int) -> None:
    written = client.sales_orders.create(job_id=job_id, data=sales_order_body("RT-1"))
    so = client.sales_orders.get(job_id, written.id)
    assert so.customer_order_number == "RT-1" and so.bill_to is not None
    assert so.bill_to.city == "Portland"
    client.sales_orders.update(job_id, written.id, data={**sales_order_body("RT-2"), "status": "Open"})
    assert client.sales_orders.get(job_id, written.id).customer_order_number == "RT-2"
    line = {"type": "Pricing", "description": "Hoodie", "quantity": 24, "price_value": Decimal("19.99")}
    added = client.sales_order_line_items.create(job_id=job_id, salesorder_id=written.id, data=line)
    got = client.sales_order_line_items.get(job_id, written.id, added.id)
    assert got.price_value == Decimal("19.99") and got.quantity == 24 and got.type == "Pricing"
    client.sales_order_line_items.update(job_id, written.id, added.id, data={**line, "quantity": 48})
    assert client.sales_order_line_items.get(job_id, written.id, added.id).quantity == 48
    payment = {"amount_value": Decimal("100.25"), "date": days_before(emu, 2), "payment_type_id": 1}
    paid = client.sales_order_payments.create(job_id=job_id, salesorder_id=written.id, data=payment)
    payments = client.sales_order_payments.list(job_id=job_id, salesorder_id=written.id).to_list()
    assert [(p.id, p.amount_value) for p in payments] == [(paid.id, Decimal("100.25"))]


def test_purchase_order_create_update(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore, job_id: int) -> None:
    supplier = client.suppliers.list().to_list()[0]
    body = {"supplier_id": supplier.id, "ship_to": address(), "ship_via": "UPS Ground",
            "freight_value": Decimal("12.5")}
    written = client.purchase_orders.create(job_id=job_id, data=body)
    po = client.purchase_orders.get(job_id, written.id)
    assert po.ship_via == "UPS Ground" and po.freight_value == Decimal("12.5")
    client.purchase_orders.update(job_id, written.id, data={**body, "ship_via": "FedEx"})
    assert client.purchase_orders.get(job_id, written.id).ship_via == "FedEx"
    existing = client.purchase_orders.list(job_id=job_id).to_list()[0]
    line = client.purchase_order_line_items.list(job_id=job_id, purchaseorder_id=existing.id).to_list()[0]
    replaced = {"type": "Pricing", "description": "Reprinted", "quantity": 10}
    client.purchase_order_line_items.update(job_id, existing.id, line.line_id, data=replaced)
    assert client.purchase_order_line_items.get(job_id, existing.id, line.line_id).description == "Reprinted"
    paid = client.purchase_order_payments.create(
        job_id=job_id, purchaseorder_id=written.id,
        data={"amount_value": 50, "date": days_before(emu, 1), "payment_type_id": 2})
    assert [p.id for p in client.purchase_order_payments.list(job_id, written.id)] == [paid.id]


def test_records_and_decimals_are_accepted_as_bodies(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore, job_id: int) -> None:
    ship = pacer_sdk.AddressWrite(**address("Sam", "Lowe"))
    written = client.sales_orders.create(job_id, data={**sales_order_body("REC"), "ship_to": ship})
    so = client.sales_orders.get(job_id, written.id)
    assert so.ship_to is not None and so.ship_to.city == "Portland"
    with pytest.raises(ValueError, match="more digits"):
        client.sales_order_payments.create(job_id, written.id, data={
            "amount_value": Decimal("12345678901234567.89"), "date": days_before(emu, 2), "payment_type_id": 1})


def test_argument_binding_errors(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore) -> None:
    before = len(emu.requests())
    with pytest.raises(pacer_sdk.ValidationError) as e:
        client.jobs.get(1, 2)
    assert (e.value.errors[0].field, e.value.errors[0].rule) == ("job_id", "too_many_ids")
    with pytest.raises(pacer_sdk.ValidationError) as e:
        client.jobs.get(1, job_id=2)
    assert (e.value.errors[0].field, e.value.errors[0].rule) == ("job_id", "given_twice")
    assert len(emu.requests()) == before, "bound before anything is sent"
    with pytest.raises(AttributeError, match="no action 'search'"):
        client.store_jobs.search(date_from=days_before(emu, 30), date_to=days_before(emu, 29))
    with pytest.raises(pacer_sdk.ConfigError) as c:
        client.store_jobs.action("search", date_from=days_before(emu, 30))
    assert c.value.code in ("unknown_endpoint", "invalid_spec")


def test_api_errors_keep_status_and_body(client: pacer_sdk.Syncore) -> None:
    with pytest.raises(pacer_sdk.ApiError) as e:
        client.jobs.get(999_999_999)
    assert e.value.status == 404 and e.value.kind == "api" and e.value.code == "not_found"
    assert e.value.body is not None and "not found" in e.value.body.lower()
    assert isinstance(e.value, pacer_sdk.PacerError)
