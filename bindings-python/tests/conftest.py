"""Shared setup: Syncore emulators over real HTTP and clients that share their clock."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

import pytest

import pacer

UA = "AcmeSync/1.0"


def make_client(emu: pacer.Emulator, cls: Any = pacer.Syncore, **kwargs: Any) -> Any:
    """A client of `emu` with a fresh memory ledger unless told otherwise."""
    kwargs.setdefault("ledger", "memory")
    return cls(api_key=emu.api_key, user_agent=UA, base_url=emu.base_url, **kwargs)


def days_before(emu: pacer.Emulator, days: int) -> str:
    """The emulator's current UTC date minus `days`, as YYYY-MM-DD."""
    return (emu.now() - dt.timedelta(days=days)).date().isoformat()


def address(first: str = "Dana", last: str = "Whitfield") -> dict[str, str]:
    """An address in write shape."""
    return {"first_name": first, "last_name": last, "address1": "12 Quay St",
            "city": "Portland", "state": "OR", "zip": "97201", "country": "US"}


def sales_order_body(number: str = "PO-1") -> dict[str, Any]:
    """A valid sales-order create body."""
    return {"customer_order_number": number, "description": "Fleece hoodies, navy",
            "status": "Pending", "bill_to": address(), "ship_to": address()}


@pytest.fixture(scope="module")
def emu() -> Iterator[pacer.Emulator]:
    """A virtual-clock emulator shared by one test module (tests that need a pristine one
    start their own)."""
    with pacer.Emulator("syncore", seed=7, virtual_clock=True, jobs=600) as e:
        yield e


@pytest.fixture
def client(emu: pacer.Emulator) -> pacer.Syncore:
    """A blocking client of the module's emulator."""
    return make_client(emu)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def job_id(emu: pacer.Emulator) -> int:
    """A job of the last 30 days that has sales and purchase orders."""
    c = make_client(emu)
    for job in c.jobs.search(date_from=days_before(emu, 30), date_to=days_before(emu, 0)):
        if job.sales_orders and job.purchase_orders:
            return int(job.id)
    raise AssertionError("no job with orders in the last 30 days")
