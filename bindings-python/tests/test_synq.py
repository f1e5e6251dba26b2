"""Synq through pacer_sdk.Synq over real HTTP against pacer_sdk.Emulator("synq"): limit/offset paging
and the truncation signal of capped lists, the token refresh through the provider callback,
an idempotent order retry after a dropped connection, the order state machine, webhook
verification, and the sliding window (100 a minute) under concurrent threads."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import threading
from typing import Any, Callable, Iterator

import pytest

import pacer_sdk

HOUR = 3600.0


@pytest.fixture(scope="module")
def emu() -> Iterator[pacer_sdk.Emulator]:
    """A virtual-clock Synq emulator without quota enforcement (the window has its own test)."""
    with pacer_sdk.Emulator("synq", virtual_clock=True, enforce_quota=False,
                        webhook_secret="whsec_test_synq") as e:
        yield e


def synq_client(emu: pacer_sdk.Emulator, ttl: float = HOUR, **kwargs: Any) -> tuple[pacer_sdk.Synq, list[str]]:
    """A client whose token provider issues tokens valid `ttl` seconds of the emulator's clock;
    the list records each token handed out."""
    issued: list[str] = []

    def provider() -> str:
        token = emu.issue_token(ttl)
        issued.append(token)
        return token

    kwargs.setdefault("ledger", "memory")
    client = pacer_sdk.Synq(token_provider=provider, tenant_id=emu.tenant_id, org_id=emu.org_id,
                        base_url=emu.base_url, clock=emu.clock, **kwargs)
    return client, issued


def test_orders_page_by_limit_and_offset_and_capped_lists_say_truncated(emu: pacer_sdk.Emulator) -> None:
    c, _ = synq_client(emu)
    since = len(emu.requests())
    orders = c.orders.list()
    ids = {o.id for o in orders}
    assert len(ids) == 200, "every seeded order once"
    assert not orders.truncated and orders.pages == 3
    queries = [r.query for r in emu.requests()[since:] if r.endpoint == "orders.list"]
    assert queries == ["limit=100&offset=0", "limit=100&offset=100", "limit=100&offset=200"]

    # A short page the server clamped does not end the walk.
    emu.inject_fault("clamp_page", page_size=7, path_contains="/oms/orders")
    assert len(c.orders.list().to_list()) == 200

    products = c.products.list()
    got = products.to_list()
    assert len(got) == 100 and all(isinstance(p, pacer_sdk.synq.Product) for p in got)
    assert products.truncated and products.end_reason == "capped", "150 exist, 100 came back"
    audit = c.audit.list()
    assert (len(audit.to_list()), audit.truncated) == (50, True)
    channels = c.channels.list()
    assert channels.to_list() and not channels.truncated, "a short uncapped list is complete"


def test_an_expired_token_is_refreshed_through_the_provider(emu: pacer_sdk.Emulator) -> None:
    c, issued = synq_client(emu)
    since = len(emu.requests())
    c.tenant_settings.get()
    assert len(issued) == 1, "asked once at first use"
    emu.advance(seconds=3599)
    c.tenant_settings.get()
    assert len(issued) == 1, "still valid"
    emu.advance(seconds=2)
    settings = c.tenant_settings.get()
    assert isinstance(settings, pacer_sdk.synq.TenantSettings) and settings.costing_method
    assert len(issued) == 2, "refreshed after the 401"
    assert [r.status for r in emu.requests()[since:]] == [200, 200, 401, 200]
    shown = repr(c) + repr(settings) + repr(emu)
    assert all(t not in shown for t in issued), "no token in any repr"

    # A provider that keeps handing out dead tokens: one refresh, then the 401 surfaces.
    stale, _ = synq_client(emu, ttl=0)
    emu.advance(seconds=1)
    before = len(emu.requests())
    with pytest.raises(pacer_sdk.ApiError) as e:
        stale.tenant_settings.get()
    assert e.value.status == 401 and e.value.body
    assert len(emu.requests()) - before == 2, "no refresh loop"

    # The provider's own failure is a ConfigError naming the exception, never a token.
    def broken() -> str:
        raise RuntimeError("the identity service is down")

    failing = pacer_sdk.Synq(token_provider=broken, tenant_id=emu.tenant_id, org_id=emu.org_id,
                         base_url=emu.base_url, clock=emu.clock, ledger="memory")
    before = len(emu.requests())
    with pytest.raises(pacer_sdk.ConfigError) as c_err:
        failing.channels.list().to_list()
    assert c_err.value.code == "token_provider_failed"
    assert "RuntimeError" in str(c_err.value) and "identity service" in str(c_err.value)
    assert len(emu.requests()) == before, "nothing sent without a token"

    # A static token works too; both at once is refused before anything is sent (a bad option).
    static = pacer_sdk.Synq(token=emu.issue_token(HOUR), tenant_id=emu.tenant_id, org_id=emu.org_id,
                        base_url=emu.base_url, clock=emu.clock, ledger="memory")
    assert static.channels.list().to_list()
    with pytest.raises(pacer_sdk.ConfigError) as v:
        pacer_sdk.Synq(token="t", token_provider=lambda: "t", tenant_id="a", org_id="b",
                   base_url=emu.base_url, clock=emu.clock)
    assert v.value.code == "invalid_option"
    assert (v.value.errors[0].field, v.value.errors[0].rule) == ("token_provider", "exclusive")


def seeded_item(c: pacer_sdk.Synq) -> dict[str, Any]:
    """An order item built from a seeded order's first item."""
    order = next(iter(c.orders.list()))
    assert order.items
    item = order.items[0]
    return {"variant_id": item.variant_id, "location_id": item.location_id, "quantity": 2,
            "unit_price": 12.5}


def orders_with_key(c: pacer_sdk.Synq, key: str) -> int:
    return sum(1 for o in c.orders.list() if o.idempotency_key == key)


def test_an_order_create_retried_after_a_dropped_answer_makes_one_order(emu: pacer_sdk.Emulator) -> None:
    c, _ = synq_client(emu)
    item = seeded_item(c)
    since = len(emu.requests())
    emu.inject_fault("drop_after_commit", method="POST", path_contains="/oms/orders")
    written = c.orders.create(data={"payment_provider": "stripe", "payment_reference": "pi_3PqRetry",
                                    "currency": "USD", "items": [item]})
    accepted = written.record
    assert isinstance(accepted, pacer_sdk.synq.OrderAccepted) and accepted.workflow_id
    key = accepted.workflow_id.removeprefix("oms-create-order-")
    assert len(key) == 36, f"a UUID key pacer generated: {key}"
    posts = [r for r in emu.requests()[since:] if r.endpoint == "orders.create"]
    assert [p.status for p in posts][0] == 0 and len(posts) == 2, "sent, dropped, resent"
    assert all(f'"idempotency_key":"{key}"' in (p.body or "").replace(" ", "") for p in posts)
    assert orders_with_key(c, key) == 1, "one order, not two"
    assert c.pending_writes() == []

    # A key the caller chose is kept.
    mine = c.orders.create(data={"idempotency_key": "acme-42", "payment_provider": "stripe",
                                 "payment_reference": "pi_42", "items": [item]})
    assert mine.json() == {"workflow_id": "oms-create-order-acme-42", "run_id": mine.json()["run_id"]}

    # Invalid orders never reach the server.
    before = len(emu.requests())
    with pytest.raises(pacer_sdk.ValidationError) as e:
        c.orders.create(data={"payment_provider": "stripe", "payment_reference": "pi_1",
                              "items": [{"variant_id": "not-a-uuid", "location_id": "x", "quantity": 0}]})
    fields = {f.field for f in e.value.errors}
    assert {"items[0].variant_id", "items[0].quantity"} <= fields, fields
    assert len(emu.requests()) == before


def test_order_transitions_are_validated_locally(emu: pacer_sdk.Emulator) -> None:
    s = pacer_sdk.synq
    assert s.can_become("confirmed", "processing")
    assert s.next_statuses("confirmed") == ["processing", "cancelled"]
    assert s.is_terminal("cancelled") and not s.is_terminal("processing")
    assert s.ORDER_STATUSES[0] == "pending_payment" and "completed" in s.ORDER_STATUSES
    with pytest.raises(pacer_sdk.ValidationError) as e:
        s.check_transition("confirmed", "completed")
    assert (e.value.errors[0].field, e.value.errors[0].rule) == ("status", "transition")
    assert "processing, cancelled" in str(e.value)
    for bad in (("cancelled", "processing"), ("completed", "pending_payment"), ("completed", "teleported")):
        with pytest.raises(pacer_sdk.ValidationError):
            s.check_transition(*bad)

    # Orders the emulator moves along (every 30 s of its clock) only take allowed steps.
    c, _ = synq_client(emu, ttl=30 * 86_400)
    written = c.orders.create(data={"payment_provider": "stripe", "payment_reference": "pi_sm",
                                    "items": [seeded_item(c)]})
    key = written.json()["workflow_id"].removeprefix("oms-create-order-")
    order = next(o for o in c.orders.list() if o.idempotency_key == key)
    assert order.status == "pending_payment"
    seen = [order.status]
    for _ in range(12):
        emu.advance(seconds=30)
        now = c.orders.get(order.id).status
        if now != seen[-1]:
            s.check_transition(seen[-1], now)
            seen.append(now)
    assert len(seen) >= 3, seen
    if s.can_become(seen[-1], "cancelled"):
        emu.transition_order(order.id, "cancelled")
        assert c.orders.get(order.id).status == "cancelled"


def test_webhook_signatures_are_verified(emu: pacer_sdk.Emulator) -> None:
    c, _ = synq_client(emu)
    connection = next(iter(c.connections.list()))
    body = ('{"connection_id": "%s", "event": "commerce.order.created",'
            ' "data": {"id": "ext-77", "total": "19.99"}}' % connection.unified_connection_id).encode()
    secret = emu.webhook_secret
    signature = pacer_sdk.webhooks.sign(secret, body)

    event = pacer_sdk.webhooks.synq_event(secret, body, signature)
    assert isinstance(event, pacer_sdk.webhooks.SynqEvent)
    assert (event.event, event.connection_id) == ("commerce.order.created", connection.unified_connection_id)
    assert event.external_id == "ext-77" and event.is_order_event
    assert event.data == {"id": "ext-77", "total": "19.99"}
    pacer_sdk.webhooks.verify(secret, body, signature)
    # The header found in a request's headers, in any case.
    same = pacer_sdk.webhooks.synq_event(secret, body, headers={"x-unified-signature": signature})
    assert same == event

    tampered = body.replace(b"19.99", b"0.01")
    cases: dict[str, Callable[[], object]] = {
        "tampered body": lambda: pacer_sdk.webhooks.synq_event(secret, tampered, signature),
        "wrong secret": lambda: pacer_sdk.webhooks.synq_event(secret, body, pacer_sdk.webhooks.sign("whsec_other", body)),
        "missing header": lambda: pacer_sdk.webhooks.synq_event(secret, body, headers={"Content-Type": "application/json"}),
        "no signature": lambda: pacer_sdk.webhooks.synq_event(secret, body),
        "not hex": lambda: pacer_sdk.webhooks.verify(secret, body, "zz"),
        "not an event": lambda: pacer_sdk.webhooks.synq_event(secret, b'{"event": 3}',
                                                          pacer_sdk.webhooks.sign(secret, b'{"event": 3}')),
    }
    for what, call in cases.items():
        with pytest.raises(pacer_sdk.WebhookError) as e:
            call()
        assert isinstance(e.value, pacer_sdk.PacerError) and e.value.kind == "webhook", what
        assert secret not in str(e.value) and secret not in repr(e.value.args), what
    with pytest.raises(pacer_sdk.WebhookError) as missing:
        pacer_sdk.webhooks.synq_event(secret, body, None)
    assert missing.value.code == "signature_missing"

    # The signature pacer checks is the one Synq's own endpoint accepts, and the tampered
    # body is what it refuses: both through real HTTP.
    import urllib.error
    import urllib.request

    def post(data: bytes, sig: str) -> int:
        req = urllib.request.Request(f"{emu.base_url}/unified/webhook", data=data, method="POST",
                                     headers={"X-Unified-Signature": sig, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return int(r.status)
        except urllib.error.HTTPError as err:
            return int(err.code)

    assert post(body, signature) == 200
    assert post(tampered, signature) == 401


def max_in_window(times: list[int], window_ms: int) -> int:
    """The most `times` (ms) inside any interval of `window_ms`."""
    times = sorted(times)
    best, j = 0, 0
    for i, t in enumerate(times):
        while times[j] <= t - window_ms:
            j += 1
        best = max(best, i - j + 1)
    return best


def test_concurrent_threads_never_exceed_the_sliding_window(tmp_path: pathlib.Path) -> None:
    # Quota enforced; each thread's client joins the emulator's lockstep virtual clock (time
    # moves only when every worker waits) and all share one SQLite ledger, as processes would.
    with pacer_sdk.Emulator("synq", virtual_clock=True) as emu:
        token = emu.issue_token(dt.timedelta(days=1))
        ledger = f"sqlite://{tmp_path}/synq.db"
        errors: list[BaseException] = []
        ready = threading.Barrier(4)

        def worker() -> None:
            try:
                c = pacer_sdk.Synq(token=token, tenant_id=emu.tenant_id, org_id=emu.org_id,
                               base_url=emu.base_url, ledger=ledger, clock=f"lockstep:{emu.root_url}")
                ready.wait()
                for _ in range(40):
                    c.tenant_settings.get()
                del c  # leaves the lockstep clock, so the others are not held back
            except BaseException as e:  # noqa: BLE001 - surfaced below
                errors.append(e)

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert errors == []
        log = emu.requests()
        assert len(log) == 160
        assert [r.status for r in log if r.status != 200] == [], "never a 429"
        times = [r.at_ms for r in log]
        assert max_in_window(times, 60_000) == 100, "the window is used, never exceeded"
        assert max(times) - min(times) >= 60_000, "160 calls need more than one minute"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_forked_child_uses_synq_with_its_token_provider(emu: pacer_sdk.Emulator) -> None:
    from test_fork import run_in_child

    # Tokens come from the parent's emulator (a child's copy of it would issue tokens the
    # serving parent does not know), as they would from a real identity service.
    token = emu.issue_token(dt.timedelta(days=1))
    asked: list[int] = []

    def provider() -> str:
        asked.append(os.getpid())
        return token

    parent = pacer_sdk.Synq(token_provider=provider, tenant_id=emu.tenant_id, org_id=emu.org_id,
                        base_url=emu.base_url, clock=emu.clock, ledger="memory")
    assert parent.channels.list().to_list()

    def child() -> bool:
        # The inherited client is rebuilt in the child and asks its provider again.
        assert parent.channels.list().to_list()
        assert asked[-1] == os.getpid(), "the child asked for its own token"
        fresh = pacer_sdk.Synq(token_provider=provider, tenant_id=emu.tenant_id, org_id=emu.org_id,
                           base_url=emu.base_url, clock=emu.clock, ledger="memory")
        return bool(fresh.tenant_settings.get().id)

    assert run_in_child(child) == 0
    assert parent.channels.list().to_list(), "the parent is unaffected"
    assert asked == [os.getpid()], "the parent asked once"


def test_bodies_over_10_mb_are_refused_before_sending_and_text_errors_keep_their_body(emu: pacer_sdk.Emulator) -> None:
    c, _ = synq_client(emu)
    before = len(emu.requests())
    with pytest.raises(pacer_sdk.ValidationError) as e:
        c.products.create(data={"title": "Big", "description": "x" * 10_000_001})
    assert "10000000" in str(e.value)
    assert len(emu.requests()) == before, "nothing sent"
    with pytest.raises(pacer_sdk.ApiError) as api:
        c.products.get("5d0c8d8e-1111-4222-8333-444455556666")
    assert api.value.status == 404 and "not found" in (api.value.body or "")
