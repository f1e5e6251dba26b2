"""The async client: awaitables and async iterators on the same core."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

import pacer_sdk
from conftest import days_before, make_client, sales_order_body


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_async_search_and_get_match_the_blocking_client(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore) -> None:
    window = {"date_from": days_before(emu, 40), "date_to": days_before(emu, 0)}
    expected = client.jobs.search(**window).to_list()

    async def main() -> tuple[list[pacer_sdk.Job], pacer_sdk.Job]:
        aclient = make_client(emu, pacer_sdk.AsyncSyncore)
        jobs = [job async for job in aclient.jobs.search(**window)]
        one = await aclient.jobs.get(jobs[0].id)
        return jobs, one

    jobs, one = run(main())
    assert jobs == expected and len(jobs) > 10
    assert one == expected[0]


def test_async_writes_and_reconciliation(emu: pacer_sdk.Emulator, job_id: int) -> None:
    async def main() -> tuple[pacer_sdk.Written, list[pacer_sdk.SalesOrder], list[pacer_sdk.JournalEntry]]:
        aclient = make_client(emu, pacer_sdk.AsyncSyncore)
        emu.inject_fault("drop_after_commit", method="POST", path_contains="/salesorders")
        written = await aclient.sales_orders.create(job_id=job_id, data=sales_order_body("ASYNC-1"))
        await aclient.sales_orders.update(job_id, written.id, data=sales_order_body("ASYNC-2"))
        orders = [so async for so in aclient.sales_orders.list(job_id=job_id)]
        return written, orders, await aclient.reconcile_pending()

    written, orders, settled = run(main())
    assert written.reconciled
    assert [so.customer_order_number for so in orders if so.id == written.id] == ["ASYNC-2"]
    assert settled == []


def test_async_errors(emu: pacer_sdk.Emulator) -> None:
    async def main() -> None:
        aclient = make_client(emu, pacer_sdk.AsyncSyncore)
        with pytest.raises(pacer_sdk.ValidationError) as missing:
            aclient.jobs.search(date_from=days_before(emu, 30))  # refused before anything is awaited
        assert [(f.field, f.rule) for f in missing.value.errors] == [("date_to", "required")]
        with pytest.raises(pacer_sdk.ApiError) as e:
            await aclient.jobs.get(999_999_999)
        assert e.value.status == 404
        with pytest.raises(pacer_sdk.ValidationError):
            await aclient.contacts.create(data={"email": "x"})

    run(main())


def test_many_awaits_run_concurrently(emu: pacer_sdk.Emulator, job_id: int) -> None:
    async def main() -> list[Any]:
        aclient = make_client(emu, pacer_sdk.AsyncSyncore)
        reads = [aclient.jobs.get(job_id) for _ in range(20)]
        lists = [aclient.card_types.list().__anext__() for _ in range(5)]
        return list(await asyncio.gather(*reads, *lists))

    results = run(main())
    assert [r.id for r in results[:20]] == [job_id] * 20
    assert all(isinstance(r, pacer_sdk.CardType) for r in results[20:])


def test_cancelling_a_task_stops_its_quota_wait() -> None:
    one_an_hour = """
[quota.plans.standard]
windows = [{ id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 1, period = "1h" }]"""
    # Real time is the point: the wait being cancelled must really be pending (on a virtual
    # clock a quota wait moves the clock and returns at once), so the emulator runs on real
    # time, the task is cancelled by a real 0.3 s timeout, and a real 0.2 s pause afterwards
    # gives a read that cancelling wrongly released the time to reach the emulator.
    with pacer_sdk.Emulator(jobs=30, spec_overrides=one_an_hour) as emu:
        async def main() -> float:
            aclient = make_client(emu, pacer_sdk.AsyncSyncore, spec_overrides=one_an_hour)
            await aclient.card_types.list().__anext__()
            started = time.monotonic()
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(aclient.card_types.list().__anext__(), timeout=0.3)
            took = time.monotonic() - started
            await asyncio.sleep(0.2)  # (not time.sleep, which fails under libfaketime)
            return took

        assert run(main()) < 1.0
        assert len(emu.requests()) == 1, "the cancelled read was never sent"


def test_awaiting_without_a_running_loop_is_an_error(emu: pacer_sdk.Emulator) -> None:
    aclient = make_client(emu, pacer_sdk.AsyncSyncore)
    coro = aclient.jobs.get(1)
    with pytest.raises(RuntimeError):
        coro.send(None)
    coro.close()


def test_async_synq_and_salync() -> None:
    with pacer_sdk.Emulator("synq", virtual_clock=True, enforce_quota=False) as synq_emu, \
            pacer_sdk.Emulator("salync", virtual_clock=True, enforce_quota=False) as salync_emu:
        asked: list[str] = []

        def token() -> str:  # a plain callable, run on pacer's I/O thread
            asked.append(synq_emu.issue_token(3600))
            return asked[-1]

        async def main() -> tuple[int, bool, pacer_sdk.synq.TenantSettings, pacer_sdk.salync.Product, pacer_sdk.salync.Product]:
            synq = pacer_sdk.AsyncSynq(token_provider=token, tenant_id=synq_emu.tenant_id, org_id=synq_emu.org_id,
                                   base_url=synq_emu.base_url, clock=synq_emu.clock, ledger="memory")
            orders = [o async for o in synq.orders.list()]
            products = synq.products.list()
            async for _ in products:
                pass
            synq_emu.advance(hours=2)  # the token expires: refreshed through the provider
            settings = await synq.tenant_settings.get()
            salync = pacer_sdk.AsyncSalync(api_key=salync_emu.api_key, base_url=salync_emu.base_url, clock=salync_emu.clock, ledger="memory")
            first = await salync.products.list().__anext__()
            assert first.sku and first.id
            found = await salync.products.by_sku(first.sku)
            archived = (await salync.products.archive(first.id)).record  # a write: its Written
            return len(orders), products.truncated, settings, found, archived

        count, truncated, settings, found, archived = run(main())
        assert count == 200 and truncated
        assert isinstance(settings, pacer_sdk.synq.TenantSettings) and len(asked) == 2
        assert isinstance(found, pacer_sdk.salync.Product) and archived.archived is True and archived.id == found.id
