"""Shared setup: Syncore emulators over real HTTP and clients that share their clock, and
dates derived from the emulator's clock (which starts at the real time), so that the suite
passes on any date."""

from __future__ import annotations

import datetime as dt
import subprocess
import threading
import time
import zoneinfo
from typing import Any, Callable, Iterator

import pytest

import pacer_sdk

UA = "AcmeSync/1.0"


def make_client(emu: pacer_sdk.Emulator, cls: Any = pacer_sdk.Syncore, **kwargs: Any) -> Any:
    """A client of `emu` with a fresh memory ledger unless told otherwise."""
    kwargs.setdefault("ledger", "memory")
    return cls(api_key=emu.api_key, user_agent=UA, base_url=emu.base_url, clock=emu.clock, **kwargs)


UTC = dt.timezone.utc
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
#: The zones Syncore's daily windows are read in (00:00 EST, as the policy says, under both
#: readings): the day's budget is back once both have reset.
SYNCORE_DAY_ZONES = ("-05:00", "America/New_York")


def days_before(emu: pacer_sdk.Emulator, days: int) -> str:
    """The calendar date in New York (Syncore's zone for its 13-month window) `days` days
    before the emulator's now, as YYYY-MM-DD."""
    return (emu.now().astimezone(NEW_YORK).date() - dt.timedelta(days=days)).isoformat()


def zone(name: str) -> dt.tzinfo:
    """A zone as a policy names it: `UTC`, a fixed offset such as `-05:00`, or an IANA name."""
    if name == "UTC":
        return UTC
    if name[:1] in "+-" and name[1:3].isdigit():
        sign = -1 if name[0] == "-" else 1
        return dt.timezone(sign * dt.timedelta(hours=int(name[1:3]), minutes=int(name[4:6] or 0)))
    return zoneinfo.ZoneInfo(name)


def next_midnight(now: dt.datetime, zone_name: str) -> dt.datetime:
    """The first local midnight of `zone_name` after `now`, in UTC."""
    z = zone(zone_name)
    tomorrow = now.astimezone(z).date() + dt.timedelta(days=1)
    return dt.datetime.combine(tomorrow, dt.time(0), tzinfo=z).astimezone(UTC)


def day_resets_at(now: dt.datetime, zones: tuple[str, ...] = SYNCORE_DAY_ZONES) -> dt.datetime:
    """When a calendar day spent at `now` is back: a window read in several zones is spent
    while any reading is, so the latest of their next midnights. For Syncore that is 05:00 UTC
    (midnight EST), except between 04:00 and 05:00 UTC while New York keeps summer time, when
    New York's day has just begun and runs until 04:00 UTC the next day."""
    return max(next_midnight(now, z) for z in zones)


def wait_until(condition: Callable[[], bool], timeout: float = 10.0, what: str = "the condition") -> None:
    """Polls `condition` until it holds; fails after `timeout` seconds. (Polls with
    Event.wait, which works under libfaketime, where time.sleep fails with EINVAL.)"""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        pause.wait(0.002)


def run(args: list[str], timeout: float, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """subprocess.run(args, capture_output=True, text=True, timeout=timeout): the child is
    killed and TimeoutExpired raised when it overruns. The timeout is a timer rather than
    subprocess's own, which polls with time.sleep and so fails under libfaketime."""
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs) as proc:
        overran = threading.Event()

        def kill() -> None:
            overran.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            out, err = proc.communicate()
        finally:
            timer.cancel()
    if overran.is_set():
        raise subprocess.TimeoutExpired(args, timeout, out, err)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def address(first: str = "Dana", last: str = "Whitfield") -> dict[str, str]:
    """An address in write shape."""
    return {"first_name": first, "last_name": last, "address1": "12 Quay St",
            "city": "Portland", "state": "OR", "zip": "97201", "country": "US"}


def sales_order_body(number: str = "PO-1") -> dict[str, Any]:
    """A valid sales-order create body."""
    return {"customer_order_number": number, "description": "Fleece hoodies, navy",
            "status": "Pending", "bill_to": address(), "ship_to": address()}


@pytest.fixture(scope="module")
def emu() -> Iterator[pacer_sdk.Emulator]:
    """A virtual-clock emulator shared by one test module (tests that need a pristine one
    start their own)."""
    with pacer_sdk.Emulator("syncore", seed=7, virtual_clock=True, jobs=600) as e:
        yield e


@pytest.fixture
def client(emu: pacer_sdk.Emulator) -> pacer_sdk.Syncore:
    """A blocking client of the module's emulator."""
    return make_client(emu)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def job_id(emu: pacer_sdk.Emulator) -> int:
    """A job of the last 30 days that has sales and purchase orders."""
    c = make_client(emu)
    for job in c.jobs.search(date_from=days_before(emu, 30), date_to=days_before(emu, 0)):
        if job.sales_orders and job.purchase_orders:
            return int(job.id)
    raise AssertionError("no job with orders in the last 30 days")
