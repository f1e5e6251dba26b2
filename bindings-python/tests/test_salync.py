"""Salync through pacer_sdk.Salync over real HTTP against pacer_sdk.Emulator("salync"): every
resource's round trip, archive, SKU lookup, JSON errors with their codes, the Growth plan's
500-a-day budget spent and reset at midnight UTC, QuotaError carrying the reset time, and
webhook deliveries received over HTTP, verified, deduplicated and typed."""

from __future__ import annotations

import datetime as dt
import http.server
import queue
import threading
import time
from decimal import Decimal
from typing import Any, Iterator

import pytest

import pacer_sdk
from conftest import wait_until
from pacer_sdk import salync as s

UTC = dt.timezone.utc


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def client(emu: pacer_sdk.Emulator, plan: str = "growth", **kwargs: Any) -> pacer_sdk.Salync:
    kwargs.setdefault("ledger", "memory")
    return pacer_sdk.Salync(api_key=emu.api_key, plan=plan, base_url=emu.base_url, clock=emu.clock, **kwargs)


@pytest.fixture(scope="module")
def emu() -> Iterator[pacer_sdk.Emulator]:
    with pacer_sdk.Emulator("salync", virtual_clock=True, enforce_quota=False) as e:
        yield e


def test_every_resource_round_trips(emu: pacer_sdk.Emulator) -> None:
    c = client(emu)

    suppliers = c.suppliers.list().to_list()
    assert suppliers and all(isinstance(x, s.Supplier) for x in suppliers)
    supplier_id = suppliers[0].id
    assert c.suppliers.get(supplier_id).name == suppliers[0].name

    products = c.products.list()
    listed = products.to_list()
    assert products.total == len(listed) and products.pages > 1, "every page of 100 followed"

    # Products: create with option types (the variants follow), get, update, by SKU, archive.
    written = c.products.create(data={
        "name": "Linen Tee", "sku": "TEE-PACER", "price": Decimal("24.50"), "cost_price": 9.99,
        "supplier_id": supplier_id, "low_stock_threshold": 4,
        "option_types": [{"name": "Size", "values": ["S", "M"]},
                         {"name": "Colour", "values": ["Red", "Blue"]}]})
    created = written.record
    assert isinstance(created, s.Product) and created.id and written.id == created.id
    assert created.variants is not None and len(created.variants) == 4
    assert created.option_types is not None and created.option_types[0] == s.OptionType(name="Size", values=["S", "M"])
    assert created.price == Decimal("24.5")
    pid = created.id
    assert c.products.get(pid).sku == "TEE-PACER"
    c.products.update(pid, data={"name": "Linen Tee II", "low_stock_threshold": 6})
    found = c.products.by_sku("TEE-PACER")
    assert (found.id, found.name, found.low_stock_threshold) == (pid, "Linen Tee II", 6)
    variant_sku = created.variants[0].sku
    assert variant_sku and c.products.by_sku(variant_sku).id == pid, "a variant's SKU finds its product"

    # Variants of the product: list, get, create, update, archive.
    variants = c.product_variants.list(product_id=pid).to_list()
    assert len(variants) == 4 and isinstance(variants[0].options, dict)
    vid = variants[0].id
    assert c.product_variants.get(pid, vid).sku == variants[0].sku
    added = c.product_variants.create(pid, data={"sku": "TEE-PACER-L-RED", "price": 26,
                                                 "options": {"Size": "L", "Colour": "Red"}}).record
    assert isinstance(added, s.Variant) and added.product_id == pid
    c.product_variants.update(pid, vid, data={"sku": "TEE-PACER-S-RED-2", "price": 22})
    archived_variant = c.product_variants.archive(pid, vid).record  # a write: its Written
    assert isinstance(archived_variant, s.Variant) and archived_variant.archived is True
    assert len(c.product_variants.list(pid).to_list()) == 4, "5 less 1 archived"

    # At most three option types: a fourth is refused locally, before any request.
    before = len(emu.requests())
    with pytest.raises(pacer_sdk.ValidationError) as e:
        c.products.create(data={"name": "X", "sku": "X-1", "option_types": [
            {"name": n, "values": ["1"]} for n in "ABCD"]})
    assert e.value.errors[0].field == "option_types"
    assert len(emu.requests()) == before

    # Stock: levels, then an adjustment moves them.
    simple = c.products.create(data={"name": "Oak Board", "sku": "OAK-PACER", "price": 12.5}).record
    assert isinstance(simple, s.Product) and simple.id
    sid = simple.id

    def level() -> int:
        return sum(x.stock_on_hand or 0 for x in c.stock.list(product_id=sid))

    assert level() == 0
    adj = c.stock_adjustments.create(data={"product_id": sid, "type": "manual", "direction": "increase",
                                           "quantity": 12, "reference": "count 2026-11"}).record
    assert isinstance(adj, s.StockAdjustment) and adj.quantity == 12 and adj.type == "manual"
    assert level() == 12
    history = c.stock_adjustments.list(product_id=sid).to_list()
    assert history[0].id == adj.id
    with pytest.raises(pacer_sdk.ValidationError) as e:
        c.stock_adjustments.create(data={"product_id": sid, "type": "manual", "quantity": 1})
    assert e.value.errors[0].field == "direction"

    # Purchase orders: create, list, get; received into stock by the warehouse.
    po = c.purchase_orders.create(data={"supplier_id": supplier_id, "status": "sent",
                                        "lines": [{"product_id": sid, "quantity": 10, "unit_cost": 2.5}]}).record
    assert isinstance(po, s.PurchaseOrder) and po.status == "sent" and po.id
    assert po.lines and po.lines[0].unit_cost == Decimal("2.5")
    assert any(p.id == po.id for p in c.purchase_orders.list(status="sent"))
    emu.receive_purchase_order(po.id)
    assert c.purchase_orders.get(po.id).status == "received"
    assert level() == 22

    # Channels: connection status, and the listing states of one.
    channels = c.channels.list().to_list()
    channel_id = channels[0].id
    assert c.channels.get(channel_id).connection_status
    listings = c.channel_listings.list(channel_id=channel_id).to_list()
    assert listings and all(isinstance(x, s.Listing) and x.state for x in listings)

    # Archive a product: gone from lists, still found by id.
    archived = c.products.archive(pid).record
    assert isinstance(archived, s.Product) and archived.archived is True
    assert all(p.id != pid for p in c.products.list())
    assert c.products.get(pid).archived is True


def test_errors_carry_the_code_and_message(emu: pacer_sdk.Emulator) -> None:
    c = client(emu)
    with pytest.raises(pacer_sdk.ApiError) as e:
        c.products.get("prod_nope")
    assert e.value.status == 404 and "not_found" in e.value.code and '"error"' in (e.value.body or "")
    c.products.create(data={"name": "Mug", "sku": "MUG-PACER"})
    with pytest.raises(pacer_sdk.ApiError) as dup:
        c.products.create(data={"name": "Mug again", "sku": "mug-pacer"})
    assert (dup.value.status, dup.value.code) == (409, "sku_already_exists") and dup.value.message
    # HTTPS only: the real API cannot be reached over plain HTTP.
    with pytest.raises(pacer_sdk.ConfigError):
        pacer_sdk.Salync(api_key="sk_live_example", base_url="http://api.salync.com/v1", ledger="memory")


def test_growth_spends_500_a_day_and_resets_at_midnight_utc() -> None:
    with pacer_sdk.Emulator("salync", virtual_clock=True, start="2026-11-22T23:00:00Z") as emu:
        c = client(emu, "growth")
        for _ in range(500):
            c.suppliers.list().to_list()
        sent = emu.requests()
        assert len(sent) == 500 and all(r.status == 200 for r in sent), "never a 429"
        times = sorted(r.at_ms for r in sent)
        assert all(times[i + 20] - times[i] >= 60_000 for i in range(len(times) - 20)), "20 a minute"
        assert emu.now() < at("2026-11-23T00:00:00Z"), "done within the day"

        # The 501st fails at once, saying when the budget comes back; nothing is sent.
        started = time.monotonic()
        with pytest.raises(pacer_sdk.QuotaError) as e:
            c.suppliers.list().to_list()
        assert time.monotonic() - started < 5, "no sleeping inside the call"
        err = e.value
        assert (err.kind, err.code) == ("quota", "quota_exhausted")
        assert err.resets_at == at("2026-11-23T00:00:00Z") and err.resets_at.tzinfo is not None
        assert err.retry_after is not None and 0 < err.retry_after <= 3600
        assert len(emu.requests()) == 500
        daily = next(w for w in c.quota.status() if w.window == "key.daily")
        assert (daily.used, daily.limit, daily.resets_at) == (500, 500, at("2026-11-23T00:00:00Z"))

        # After midnight UTC (virtual), the budget is back.
        emu.advance(hours=1)
        assert c.suppliers.list().to_list()
        assert emu.requests()[-1].status == 200


def test_a_quota_spent_elsewhere_is_reported_with_its_reset() -> None:
    tiny = """[quota.plans.growth]
windows = [
  { id = "key.rate", kind = "rate", limit = 20, period = "1m" },
  { id = "key.daily", kind = "calendar", limit = 3, period = "day", zones = ["UTC"] },
]"""
    with pacer_sdk.Emulator("salync", virtual_clock=True, start="2026-11-22T18:30:00Z", spec_overrides=tiny) as emu:
        other = client(emu, spec_overrides=tiny)  # another program with the same key
        for _ in range(3):
            other.suppliers.list().to_list()
        c = client(emu)  # believes the real Growth plan: the server's 429 teaches it
        with pytest.raises(pacer_sdk.QuotaError) as e:
            c.suppliers.list().to_list()
        assert e.value.resets_at == at("2026-11-23T00:00:00Z")
        assert e.value.retry_after == pytest.approx(5 * 3600 + 30 * 60)
        asked = len(emu.requests())
        with pytest.raises(pacer_sdk.QuotaError):
            c.suppliers.get("sup_any")
        assert len(emu.requests()) == asked, "it remembers: the next call does not ask"

        patient = client(emu, wait_for_reset=True)
        assert patient.suppliers.list().to_list(), "waits (virtual time) for midnight UTC"
        assert emu.requests()[-1].status == 200 and emu.now() >= at("2026-11-23T00:00:00Z")


class _Hooks(http.server.BaseHTTPRequestHandler):
    """A loopback webhook endpoint: hands each POST (headers, raw body) to the test."""

    deliveries: "queue.Queue[tuple[dict[str, str], bytes]]"

    def do_POST(self) -> None:  # noqa: N802 - the handler's API
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.deliveries.put((dict(self.headers.items()), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_webhooks_are_received_verified_and_typed() -> None:
    secret = "whsec_salync_test"
    deliveries: "queue.Queue[tuple[dict[str, str], bytes]]" = queue.Queue()
    handler = type("Hooks", (_Hooks,), {"deliveries": deliveries})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pacer_sdk.Emulator("salync", virtual_clock=True, plan="pro", enforce_quota=False,
                            webhook_secret=secret) as emu:
            c = client(emu, "pro")
            emu.register_webhook(f"http://127.0.0.1:{server.server_address[1]}/hooks/salync")
            receiver = pacer_sdk.webhooks.SalyncReceiver(secret)
            assert secret not in repr(receiver)

            def next_delivery() -> tuple[dict[str, str], bytes]:
                return deliveries.get(timeout=20)

            # A received purchase order.
            supplier = next(iter(c.suppliers.list())).id
            product = c.products.create(data={"name": "Hook Tee", "sku": "HOOK-1", "price": 10,
                                              "low_stock_threshold": 5}).record
            assert isinstance(product, s.Product) and product.id
            po = c.purchase_orders.create(data={"supplier_id": supplier, "status": "sent",
                                                "lines": [{"product_id": product.id, "quantity": 8}]}).record
            assert isinstance(po, s.PurchaseOrder) and po.id
            emu.receive_purchase_order(po.id)
            headers, body = next_delivery()
            event = receiver.receive(headers, body)
            assert isinstance(event, pacer_sdk.webhooks.SalyncEvent) and event.type == "purchase_order.received"
            data = event.data
            assert isinstance(data, pacer_sdk.webhooks.PurchaseOrderReceived)
            assert data.purchase_order_id == po.id and data.lines and data.lines[0].quantity == 8
            assert event.to_dict()["data"]["purchase_order_id"] == po.id
            assert receiver.receive(headers, body) is None, "a redelivery is recognized"

            # Tampered, wrongly signed or unsigned deliveries are webhook errors.
            sig = pacer_sdk.webhooks.find_header(headers, "x-salync-signature")
            assert sig and sig.startswith("sha256=")
            fresh = pacer_sdk.webhooks.SalyncReceiver(secret)
            tampered = body.replace(b"8", b"9", 1)
            for what, hdrs, b in (("tampered", {"X-Salync-Signature": sig}, tampered),
                                  ("wrong secret", {"X-Salync-Signature": "sha256=00ff"}, body),
                                  ("unsigned", {}, body)):
                with pytest.raises(pacer_sdk.WebhookError) as e:
                    fresh.receive(hdrs, b)
                assert e.value.kind == "webhook", what
            # Without a secret, events are parsed unverified (pairs work as headers too).
            assert pacer_sdk.webhooks.SalyncReceiver().receive([], body) is not None
            assert pacer_sdk.webhooks.salync_event(body, sig, secret=secret) == event

            # Stock falling below the threshold (sold down from 8 to 3).
            c.stock_adjustments.create(data={"product_id": product.id, "type": "sale", "quantity": 5})
            low = receiver.receive(*next_delivery())
            assert low is not None and isinstance(low.data, pacer_sdk.webhooks.StockBelowThreshold)
            assert (low.data.product_id, low.data.stock_on_hand, low.data.threshold) == (product.id, 3, 5)

            # A channel listing error.
            channel = next(iter(c.channels.list())).id
            listing = next(x for x in c.channel_listings.list(channel) if x.state == "active")
            emu.trigger("channel.listing_error", {
                "channel_id": channel, "listing_id": listing.id, "product_id": listing.product_id,
                "sku": listing.sku, "error_code": "missing_attribute",
                "message": "Missing required attribute: brand"})
            failed = receiver.receive(*next_delivery())
            assert failed is not None and isinstance(failed.data, pacer_sdk.webhooks.ChannelListingError)
            assert (failed.data.error_code, failed.data.listing_id) == ("missing_attribute", listing.id)
            now = next(x for x in c.channel_listings.list(channel) if x.id == listing.id)
            assert now.state == "error"
            # Our endpoint has each body before the emulator has our answer: wait for its
            # worker to be done with every delivery, then every one succeeded.
            wait_until(lambda: all(d["finished"] for d in emu.webhook_deliveries()),
                       what="the emulator finishing its deliveries")
            deliveries = emu.webhook_deliveries()
            assert all(d["delivered"] for d in deliveries), deliveries
    finally:
        server.shutdown()
