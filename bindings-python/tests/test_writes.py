"""Writes are never duplicated: dropped answers are reconciled by lookup, not resent."""

from __future__ import annotations

import pathlib

import pytest

import pacer_sdk
from conftest import make_client, sales_order_body


def test_a_dropped_create_is_reconciled_without_a_duplicate(
    emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore, job_id: int
) -> None:
    before = [so.id for so in client.sales_orders.list(job_id=job_id)]
    since = len(emu.requests())
    emu.inject_fault("drop_after_commit", times=1, method="POST", path_contains="/salesorders")
    written = client.sales_orders.create(job_id=job_id, data=sales_order_body("DROP-1"))
    assert written.reconciled and written.id is not None and written.status == 200
    after = client.sales_orders.list(job_id=job_id).to_list()
    new = [so for so in after if so.id not in before]
    assert [so.id for so in new] == [written.id], "exactly one record was created"
    assert new[0].customer_order_number == "DROP-1"
    posts = [r for r in emu.requests()[since:] if r.method == "POST"]
    assert len(posts) == 1 and posts[0].status == 0, "sent once; its answer was dropped"
    entry = next(e for e in client.writes() if e.id == written.journal_id)
    assert entry.state == "reconciled" and entry.result_id == str(written.id)
    assert entry.endpoint == "sales_orders.create" and entry.args["body"]["customer_order_number"] == "DROP-1"
    assert client.pending_writes() == []


def test_a_create_dropped_before_commit_is_sent_again_once(
    emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore, job_id: int
) -> None:
    before = {so.id for so in client.sales_orders.list(job_id=job_id)}
    emu.inject_fault("drop_before_commit", times=1, method="POST", path_contains="/salesorders")
    written = client.sales_orders.create(job_id=job_id, data=sales_order_body("DROP-2"))
    after = {so.id for so in client.sales_orders.list(job_id=job_id)}
    assert after - before == {written.id}
    assert not written.reconciled


def test_an_unsettled_write_stays_pending_until_reconciled(emu: pacer_sdk.Emulator, tmp_path: pathlib.Path,
                                                           job_id: int) -> None:
    ledger = f"sqlite://{tmp_path}/ledger.db"
    client = make_client(emu, ledger=ledger)
    before = {so.id for so in client.sales_orders.list(job_id=job_id)}
    # The answer is lost, and so is every lookup: the outcome cannot be settled now.
    emu.inject_fault("drop_after_commit", times=1, method="POST", path_contains="/salesorders")
    emu.inject_fault("status", times=20, status=503, method="GET", path_contains="/salesorders")
    with pytest.raises(pacer_sdk.PacerError) as e:
        client.sales_orders.create(job_id=job_id, data=sales_order_body("LATER"))
    assert "reconcile_pending" in str(e.value)
    emu.clear_faults()
    # Another process (a new client on the same ledger) sees and settles it.
    other = make_client(emu, ledger=ledger)
    (pending,) = other.pending_writes()
    assert pending.state == "unknown" and pending.endpoint == "sales_orders.create"
    (settled,) = other.reconcile_pending()
    assert settled.state == "reconciled" and settled.id == pending.id
    assert other.pending_writes() == []
    after = {so.id for so in other.sales_orders.list(job_id=job_id)}
    assert len(after - before) == 1 and settled.result_id == str(next(iter(after - before)))


def test_server_refusals_are_api_errors_and_journaled_as_failed(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore,
                                                                 job_id: int) -> None:
    emu.inject_fault("status", times=1, status=409, method="POST")
    with pytest.raises(pacer_sdk.ApiError) as e:
        client.sales_orders.create(job_id=job_id, data=sales_order_body("REFUSED"))
    assert e.value.status == 409
    assert client.writes(["failed"])[-1].note
    with pytest.raises(pacer_sdk.ValidationError):
        client.writes(["bogus"])
