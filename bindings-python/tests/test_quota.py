"""Quota: exhaustion with its reset time, the overage pace, status, forecasts, server 429s."""

from __future__ import annotations

import datetime as dt

import pytest

import pacer_sdk
from conftest import day_resets_at, days_before, make_client

UTC = dt.timezone.utc


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


DAILY_HARD_STOP = """
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 90, period = "1m" },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 3, period = "day", zones = ["-05:00", "America/New_York"] },
]"""


def test_exhaustion_raises_with_the_reset_time_after_advancing() -> None:
    with pacer_sdk.Emulator(virtual_clock=True, start="2026-01-14T12:00:00Z", jobs=50,
                        spec_overrides=DAILY_HARD_STOP) as emu:
        client = make_client(emu, spec_overrides=DAILY_HARD_STOP)
        emu.advance(hours=24)
        assert client.now() == at("2026-01-15T12:00:00Z"), "the client runs on the emulator's clock"
        for _ in range(3):
            client.product_indices.list().to_list()
        sent = len(emu.requests())
        with pytest.raises(pacer_sdk.QuotaError) as e:
            client.product_indices.list().to_list()
        err = e.value
        assert (err.kind, err.code) == ("quota", "quota_exhausted")
        assert err.resets_at == at("2026-01-16T05:00:00Z"), "midnight EST of the next day"
        assert err.resets_at.tzinfo is not None
        assert err.retry_after == pytest.approx(17 * 3600)
        assert err.scope is not None and err.scope.startswith("orders.GET.daily")
        assert "2026-01-16T05:00:00Z" in str(err)
        assert len(emu.requests()) == sent, "the refused call sent nothing"
        daily = next(w for w in client.quota.status() if w.window == "orders.GET.daily")
        assert (daily.used, daily.limit, daily.remaining) == (3, 3, 0)
        assert daily.resets_at == at("2026-01-16T05:00:00Z")
        emu.advance(hours=17)
        assert client.product_indices.list().to_list()
        assert all(r.status == 200 for r in emu.requests())


@pytest.mark.parametrize(("start", "resets_at"), [
    ("2027-01-20T10:00:00Z", "2027-01-21T05:00:00Z"),  # winter: New York is at -05:00 too
    ("2027-07-20T10:00:00Z", "2027-07-21T05:00:00Z"),  # summer: the -05:00 reading resets last
    ("2027-07-20T04:30:00Z", "2027-07-21T04:00:00Z"),  # summer, 00:30 EDT: New York's day has just begun
    ("2027-03-14T06:58:00Z", "2027-03-15T05:00:00Z"),  # the day New York moves to summer time
    ("2027-11-07T04:30:00Z", "2027-11-08T05:00:00Z"),  # the day it moves back (00:30 EDT)
])
def test_a_day_read_in_two_zones_is_back_when_both_have_reset(start: str, resets_at: str) -> None:
    with pacer_sdk.Emulator(virtual_clock=True, start=start, jobs=50, spec_overrides=DAILY_HARD_STOP) as emu:
        client = make_client(emu, spec_overrides=DAILY_HARD_STOP)
        for _ in range(3):
            client.card_types.list().to_list()
        with pytest.raises(pacer_sdk.QuotaError) as e:
            client.card_types.list().to_list()
        assert e.value.resets_at == at(resets_at) == day_resets_at(emu.now()), "the conftest helper agrees"
        assert e.value.retry_after == (at(resets_at) - at(start)).total_seconds()
        emu.advance(at(resets_at) - at(start) - dt.timedelta(seconds=1))
        with pytest.raises(pacer_sdk.QuotaError):
            client.card_types.list().to_list()
        emu.advance(seconds=1)
        assert client.card_types.list().to_list(), "back at the reset"


MONTHLY = """
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 90, period = "1m" },
  { id = "monthly", kind = "calendar", limit = 4, period = "month", zones = ["UTC", "-05:00", "America/New_York"] },
]"""


def test_the_monthly_cap_stops_until_the_month_resets() -> None:
    with pacer_sdk.Emulator(virtual_clock=True, start="2026-01-31T20:00:00Z", jobs=50,
                        spec_overrides=MONTHLY) as emu:
        client = make_client(emu, spec_overrides=MONTHLY)
        for _ in range(4):
            client.card_types.list().to_list()
        with pytest.raises(pacer_sdk.QuotaError) as e:
            client.card_types.list().to_list()
        assert e.value.resets_at == at("2026-02-01T05:00:00Z")
        assert "monthly" in (e.value.scope or "")
        emu.advance(hours=9)
        assert client.card_types.list().to_list()


OVERAGE = """
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 90, period = "1m" },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 5, period = "day", zones = ["-05:00", "America/New_York"], overage = { limit = 3, period = "1m" } },
]"""


def test_after_the_daily_limit_requests_continue_at_the_overage_pace() -> None:
    with pacer_sdk.Emulator(virtual_clock=True, start="2026-03-10T14:00:00Z", jobs=50,
                        spec_overrides=OVERAGE) as emu:
        client = make_client(emu, spec_overrides=OVERAGE)
        for _ in range(14):
            client.suppliers.list().to_list()
        times = [r.at_ms for r in emu.requests()]
        assert len(times) == 14 and all(r.status == 200 for r in emu.requests()), "no 429"
        assert times[4] - times[0] < 5_000, "the daily allowance goes at the full rate"
        for j in range(5, 14):
            in_last_minute = [t for t in times[: j + 1] if t > times[j] - 60_000]
            assert len(in_last_minute) <= 3, f"request {j}: {len(in_last_minute)} in a minute"
        assert times[13] - times[4] >= 2 * 60_000, "nine overage requests take at least two minutes"
        daily = next(w for w in client.quota.status() if w.window == "orders.GET.daily")
        assert daily.in_overage and daily.overage_limit == 3
        assert next(w for w in emu.usage() if w.window == "orders.GET.daily").in_overage


def test_status_lists_every_window_with_aware_times(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore) -> None:
    client.jobs.get(next(iter(client.jobs.search(date_from=days_before(emu, 30), date_to=days_before(emu, 2)))).id)
    windows = client.quota.status()
    names = {w.window for w in windows}
    assert {"orders.GET.rate", "orders.GET.daily", "crm.GET.daily", "monthly"} <= names
    orders = next(w for w in windows if w.window == "orders.GET.daily")
    assert orders.used >= 2 and orders.limit == 20000 and orders.remaining == 20000 - orders.used
    assert orders.kind == "daily" and orders.scope
    assert orders.resets_at is not None and orders.resets_at.utcoffset() == dt.timedelta(0)
    assert orders.resets_at == day_resets_at(emu.now()), "the next 00:00 EST (under both readings)"
    assert sum(w.binding for w in windows) == 1
    assert "QuotaWindow(window=" in repr(orders)


def test_plan_forecasts_a_workload_without_spending(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore) -> None:
    before = [(w.window, w.used) for w in client.quota.status()]
    forecast = client.quota.plan({"orders.GET": 5000})
    assert forecast.binding_window == "orders.GET.rate"
    assert forecast.duration is not None
    assert dt.timedelta(minutes=54) < forecast.duration < dt.timedelta(minutes=58), "90 a minute"
    assert forecast.finish == forecast.start + forecast.duration
    assert forecast.kinds[0]["kind"] == "orders.GET" and forecast.kinds[0]["scheduled"] == 5000
    assert set(forecast.to_dict()) >= {"start", "finish", "binding_window", "kinds", "blocked"}
    assert [(w.window, w.used) for w in client.quota.status()] == before
    with pytest.raises(pacer_sdk.ValidationError) as e:
        client.quota.plan({"nonsense": 1})
    assert e.value.errors[0].field == "nonsense"


def test_max_wait_turns_a_long_wait_into_an_error() -> None:
    tight = """
[quota.plans.standard]
windows = [{ id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 2, period = "1h" }]"""
    with pacer_sdk.Emulator(virtual_clock=True, jobs=50, spec_overrides=tight) as emu:
        client = make_client(emu, spec_overrides=tight, max_wait=dt.timedelta(minutes=5))
        client.card_types.list().to_list()
        client.card_types.list().to_list()
        with pytest.raises(pacer_sdk.QuotaError) as e:
            client.card_types.list().to_list()
        assert e.value.code == "quota_wait_too_long"
        assert e.value.retry_after is not None and e.value.retry_after > 3000


@pytest.mark.parametrize("start", [
    "2027-01-15T15:00:00Z",  # mid-morning in New York: the minute's Retry-After ends inside the day
    # Three seconds before 00:00 EST the minute's Retry-After reaches past the daily reset; it
    # is still a wait, not the day spent (the core once read it as QuotaError).
    "2027-01-15T04:59:57Z",
])
def test_the_servers_429_wins(start: str) -> None:
    server_only = """
[quota.plans.standard]
windows = [{ id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 3, period = "1m" }]"""
    with pacer_sdk.Emulator(virtual_clock=True, start=start, jobs=50, spec_overrides=server_only) as emu:
        started = emu.now()
        client = make_client(emu)  # the client believes the real policy (90 a minute)
        for _ in range(5):
            assert client.payment_types.list().to_list()
        statuses = [r.status for r in emu.requests()]
        assert 429 in statuses and statuses.count(200) == 5
        assert emu.now() >= started + dt.timedelta(minutes=1), "the client waited for Retry-After"
