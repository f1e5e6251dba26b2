"""The API key never shows: not in any repr, exception, log line or ledger file."""

from __future__ import annotations

import os
import pathlib
import sys
import textwrap
import traceback

import pytest

import pacer_sdk
from conftest import UA, days_before, run, sales_order_body

KEY = "sk-live-7c9e6679-SECRET-40de-944b"


def every_text(obj: object) -> str:
    """Everything Python shows of an object or exception."""
    parts = [repr(obj), str(obj)]
    if isinstance(obj, BaseException):
        parts += [repr(obj.args), "".join(traceback.format_exception(type(obj), obj, obj.__traceback__))]
        parts += [repr(getattr(obj, k, None)) for k in ("message", "body", "errors", "scope", "code")]
    return "\n".join(parts)


def lost_write(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore, job_id: int) -> None:
    """A create whose answer and every lookup are lost: a TransportError."""
    emu.inject_fault("drop_after_commit", method="POST")
    emu.inject_fault("status", times=10, status=503, method="GET")
    try:
        client.sales_orders.create(job_id=job_id, data=sales_order_body("LOST"))
    finally:
        emu.clear_faults()


def test_the_key_is_absent_everywhere(tmp_path: pathlib.Path) -> None:
    ledger = tmp_path / "ledger.db"
    shown: list[str] = []
    with pacer_sdk.Emulator(virtual_clock=True, api_key=KEY, jobs=60) as emu:
        client = pacer_sdk.Syncore(api_key=KEY, user_agent=UA, base_url=emu.base_url, clock=emu.clock, ledger=f"sqlite://{ledger}")
        aclient = pacer_sdk.AsyncSyncore(api_key=KEY, user_agent=UA, base_url=emu.base_url, clock=emu.clock, ledger="memory")
        shown += [repr(emu), repr(client), repr(aclient), repr(client.quota), repr(client.jobs)]
        records = client.jobs.search(date_from=days_before(emu, 30), date_to=days_before(emu, 1))
        job = next(records)
        shown += [repr(records), repr(job), repr(job.to_dict())]
        shown += [repr(w) for w in client.quota.status()] + [w.scope for w in client.quota.status()]
        shown.append(repr(client.quota.plan({"orders.GET": 10})))
        written = client.sales_orders.create(job_id=job.id, data=sales_order_body())
        shown.append(repr(written))
        shown += [repr(e) + repr(e.args) + e.scope for e in client.writes()]
        shown += [repr(r) for r in emu.requests()]
        failures: list[BaseException] = []
        for bad in (
            lambda: client.jobs.search(date_from=days_before(emu, 30)),  # no date_to
            lambda: client.jobs.get(999_999_999),
            lambda: pacer_sdk.Syncore(api_key="wrong-" + KEY, user_agent=UA, base_url=emu.base_url, clock=emu.clock,
                                  ledger="memory").jobs.get(job.id),
            lambda: lost_write(emu, client, job.id),
            lambda: pacer_sdk.Syncore(api_key=KEY, user_agent=UA, base_url="http://example.com",
                                  ledger="memory"),
            lambda: pacer_sdk.Syncore(api_key=KEY, user_agent="", ledger="memory"),
        ):
            with pytest.raises(pacer_sdk.PacerError) as e:
                bad()
            failures.append(e.value)
        shown += [every_text(f) for f in failures]
        kinds = {type(f) for f in failures}
        assert {pacer_sdk.ValidationError, pacer_sdk.ApiError, pacer_sdk.TransportError, pacer_sdk.ConfigError} <= kinds
    for text in shown:
        assert KEY not in text and "SECRET" not in text, text
    files = [p for p in tmp_path.iterdir()]
    assert files
    for f in files:
        assert KEY.encode() not in f.read_bytes(), f"the key is in {f.name}"


def test_the_key_is_absent_from_the_event_log(tmp_path: pathlib.Path) -> None:
    script = textwrap.dedent(f"""
        import pacer_sdk
        with pacer_sdk.Emulator(virtual_clock=True, api_key={KEY!r}, jobs=30) as emu:
            c = pacer_sdk.Syncore(api_key={KEY!r}, user_agent="t/1", base_url=emu.base_url, clock=emu.clock, ledger="memory")
            print(len(c.card_types.list().to_list()))
            try:
                c.jobs.get(999_999_999)
            except pacer_sdk.ApiError as e:
                print(e)
    """)
    env = {**os.environ, "PACER_LOG": "1"}
    done = run([sys.executable, "-c", script], env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "pacer: Sending" in done.stderr, "the log is on"
    assert KEY not in done.stdout + done.stderr


def test_synq_tokens_and_salync_keys_are_absent_everywhere() -> None:
    token_text = "synq-tok-SECRET-5e1f"
    with pacer_sdk.Emulator("synq", virtual_clock=True, api_key=token_text) as emu:
        shown: list[str] = []
        synq = pacer_sdk.Synq(token=token_text, tenant_id=emu.tenant_id, org_id=emu.org_id,
                          base_url=emu.base_url, clock=emu.clock, ledger="memory")
        refreshed = pacer_sdk.Synq(token_provider=lambda: token_text, tenant_id=emu.tenant_id,
                               org_id=emu.org_id, base_url=emu.base_url, clock=emu.clock, ledger="memory")
        shown += [repr(emu), repr(synq), repr(refreshed), repr(synq.orders), repr(synq.quota.status())]
        shown += [repr(o) for o in synq.orders.list().to_list()[:3]]
        shown += [repr(r) for r in emu.requests()]
        for bad in (
            lambda: pacer_sdk.Synq(token="wrong-" + token_text, tenant_id=emu.tenant_id, org_id=emu.org_id,
                               base_url=emu.base_url, clock=emu.clock, ledger="memory").channels.list().to_list(),
            lambda: synq.orders.create(data={"items": [{"variant_id": "x"}]}),
            lambda: pacer_sdk.Synq(token=token_text, tenant_id="a", org_id="b", base_url="http://example.com"),
            lambda: pacer_sdk.webhooks.synq_event(token_text, b"{}", "00"),
        ):
            with pytest.raises(pacer_sdk.PacerError) as e:
                bad()
            shown.append(every_text(e.value))
    with pacer_sdk.Emulator("salync", virtual_clock=True, api_key=KEY) as emu:
        salync = pacer_sdk.Salync(api_key=KEY, base_url=emu.base_url, clock=emu.clock, ledger="memory")
        shown += [repr(salync), repr(salync.products.list().to_list()[:2]), repr(pacer_sdk.webhooks.SalyncReceiver(KEY))]
        with pytest.raises(pacer_sdk.ApiError) as api:
            pacer_sdk.Salync(api_key="wrong-" + KEY, base_url=emu.base_url, clock=emu.clock, ledger="memory").suppliers.get("sup_x")
        shown.append(every_text(api.value))
    for text in shown:
        assert token_text not in text and KEY not in text and "SECRET" not in text, text
