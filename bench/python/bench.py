"""pacer for Python versus requests + json and pydantic v2, measured side by side in one run.

1. Decoding one 10-record page of jobs (as the emulator serves it) into Python objects:
   pacer's typed records (exact Decimal money) vs json.loads (plain dicts) vs pydantic v2
   models of the same shape (Decimal money, unknown fields kept) — decoding alone, decoding
   and reading four fields of every record, and decoding and converting every field.
2. Iterating 10,000 jobs from the emulator over real HTTP, end to end: pacer's lazy iterator
   vs a requests + json loop doing the same page calls (and requests + pydantic).

Quota is not what is measured: the emulator and the client both run with a spec override that
raises every window far above the workload, and the client uses the memory ledger (the
default SQLite ledger is reported too).
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from decimal import Decimal
from typing import Any, Callable, Optional, Union

import pydantic
import requests
from pydantic import BaseModel, ConfigDict, Field

import pacer_sdk

UA = "AcmeBench/1.0"
NO_QUOTA = """
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 100000000, period = "1m" },
]"""
JOBS = 10_000


# pydantic v2 models with the shape of pacer's records ---------------------------------------

class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Ref(_Model):
    id: Optional[int] = None
    name: Optional[str] = None


class ClientRef(_Model):
    id: Optional[int] = None
    business_name: Optional[str] = None
    name: Optional[str] = None
    email: Optional[str] = None


class RepRef(_Model):
    name: Optional[str] = None
    email: Optional[str] = None


class SupplierRef(_Model):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    id: Optional[int] = None
    name: Optional[str] = None
    type: Optional[str] = None
    class_: Optional[str] = Field(default=None, alias="class")
    asi_id: Optional[Union[int, str]] = None


class SalesOrderSummary(_Model):
    id: Optional[int] = None
    number: Optional[int] = None
    status: Optional[str] = None
    total_value: Optional[Decimal] = None


class PurchaseOrderSummary(_Model):
    id: Optional[int] = None
    number: Optional[int] = None
    status: Optional[str] = None
    sub_total_value: Optional[Decimal] = None
    tax_value: Optional[Decimal] = None
    total_value: Optional[Decimal] = None
    supplier: Optional[SupplierRef] = None


class Job(_Model):
    id: Optional[int] = None
    store: Optional[Ref] = None
    job_class: Optional[str] = None
    job_type: Optional[str] = None
    status: Optional[str] = None
    date: Optional[str] = None
    estimated_delivery_date: Optional[str] = None
    completed_date: Optional[str] = None
    description: Optional[str] = None
    priority: Optional[str] = None
    product_index: Optional[Ref] = None
    client: Optional[ClientRef] = None
    client_group: Optional[Ref] = None
    primary_rep: Optional[RepRef] = None
    secondary_rep: Optional[RepRef] = None
    customer_service_rep_name: Optional[str] = None
    commission_split: Any = None
    sales_orders: Optional[list[SalesOrderSummary]] = None
    purchase_orders: Optional[list[PurchaseOrderSummary]] = None
    last_modified_date: Optional[str] = None


class JobPage(_Model):
    jobs: list[Job] = []
    total_results: Optional[int] = None


# Measurement ------------------------------------------------------------------------------

def per_call(fn: Callable[[], Any], seconds: float = 0.6, rounds: int = 5) -> float:
    """Median over `rounds` of the mean time of one call, in seconds."""
    fn()
    n = 1
    while True:
        started = time.perf_counter()
        for _ in range(n):
            fn()
        took = time.perf_counter() - started
        if took > seconds / rounds:
            break
        n *= 2
    results = []
    gc.disable()
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            for _ in range(n):
                fn()
            results.append((time.perf_counter() - started) / n)
    finally:
        gc.enable()
    return statistics.median(results)


def row(label: str, seconds: float, unit: str = "µs", scale: float = 1e6) -> None:
    print(f"  {label:58} {seconds * scale:10.1f} {unit}")


def ratio(label: str, a: float, b: float, target: str = "") -> None:
    print(f"  {label:58} {a / b:10.2f}x {target}")


def decode_bench(page: bytes) -> None:
    print(f"1. Decoding one page of 10 jobs ({len(page):,} bytes of JSON) into Python objects")

    def plain() -> Any:
        return json.loads(page)["jobs"]

    def exact() -> Any:
        return json.loads(page, parse_float=Decimal)["jobs"]

    def typed() -> Any:
        return pacer_sdk.Job.list_from_json(page, envelope="jobs")

    def validated() -> Any:
        return JobPage.model_validate_json(page).jobs

    def read4(records: list[Any], attr: bool) -> Any:
        if attr:
            return [(r.id, r.status, r.client.business_name, r.sales_orders[0].total_value if r.sales_orders else None)
                    for r in records]
        return [(r["id"], r["status"], r["client"]["business_name"],
                 r["sales_orders"][0]["total_value"] if r["sales_orders"] else None) for r in records]

    jobs_json, jobs_pacer, jobs_pyd = plain(), typed(), validated()
    assert [j["id"] for j in jobs_json] == [j.id for j in jobs_pacer] == [j.id for j in jobs_pyd]
    assert read4(jobs_pacer, True) == read4(exact(), False), "same values (money exact)"

    t = {
        "json": per_call(plain),
        "json_dec": per_call(exact),
        "pacer": per_call(typed),
        "pydantic": per_call(validated),
        "json+4": per_call(lambda: read4(plain(), False)),
        "pacer+4": per_call(lambda: read4(typed(), True)),
        "pydantic+4": per_call(lambda: read4(validated(), True)),
        "pacer+all": per_call(lambda: [j.to_dict() for j in typed()]),
        "pydantic+all": per_call(lambda: [j.model_dump() for j in validated()]),
    }
    row("json.loads -> dicts (money as float)", t["json"])
    row("json.loads(parse_float=Decimal) -> dicts (exact money)", t["json_dec"])
    row("pacer_sdk.Job.list_from_json -> Job records (exact money)", t["pacer"])
    row("pydantic JobPage.model_validate_json -> models", t["pydantic"])
    row("json.loads + read id, status, client name, SO total", t["json+4"])
    row("pacer + read the same four fields", t["pacer+4"])
    row("pydantic + read the same four fields", t["pydantic+4"])
    row("pacer + to_dict() of every record (every field converted)", t["pacer+all"])
    row("pydantic + model_dump() of every record", t["pydantic+all"])
    ratio("pacer / json.loads (decode)", t["pacer"], t["json"], "(target <= 1.2)")
    ratio("pacer / pydantic (decode)", t["pacer"], t["pydantic"], "(target < 1)")
    ratio("pacer / json.loads (decode + read four fields)", t["pacer+4"], t["json+4"], "(target <= 1.2)")
    ratio("pacer / pydantic (decode + read four fields)", t["pacer+4"], t["pydantic+4"], "(target < 1)")
    ratio("pacer / json.loads(Decimal) (decode + convert every field)", t["pacer+all"], t["json_dec"])
    ratio("pacer / pydantic (decode + convert every field)", t["pacer+all"], t["pydantic+all"])


def fetch_with_requests(emu: pacer_sdk.Emulator, window: dict[str, str], decode: Callable[[bytes], list[Any]]) -> int:
    """The same page calls a hand-written integration would make."""
    session = requests.Session()
    session.headers.update({"x-api-key": emu.api_key, "User-Agent": UA, "Accept": "application/json"})
    url = emu.base_url + "/v2/orders/jobs"
    seen, page = 0, 1
    while seen < JOBS:
        resp = session.get(url, params={**window, "page": page, "count": 10})
        resp.raise_for_status()
        records = decode(resp.content)
        if not records:
            break
        for _ in records:
            seen += 1
            if seen == JOBS:
                break
        page += 1
    session.close()
    return seen


def fetch_with_pacer(emu: pacer_sdk.Emulator, window: dict[str, str], ledger: str) -> int:
    client = pacer_sdk.Syncore(api_key=emu.api_key, user_agent=UA, base_url=emu.base_url, clock=emu.clock,
                           ledger=ledger, spec_overrides=NO_QUOTA)
    seen = 0
    for _ in client.jobs.search(**window):
        seen += 1
        if seen == JOBS:
            break
    return seen


def best_of(n: int, fn: Callable[[], int]) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        count = fn()
        times.append(time.perf_counter() - started)
        assert count == JOBS, count
    return min(times)


def main() -> None:
    print(f"pacer {pacer_sdk.__version__} · pydantic {pydantic.VERSION} · requests {requests.__version__} · "
          f"Python {sys.version.split()[0]}")
    print("Quota is overridden on both the emulator and the client (100,000,000 order reads a minute),")
    print("so pacing never waits here: what is measured is HTTP, paging and decoding.\n")
    with pacer_sdk.Emulator(virtual_clock=True, jobs=12_500, spec_overrides=NO_QUOTA) as emu:
        today = emu.now().date()
        window = {"date_from": today.replace(year=today.year - 1).isoformat(), "date_to": today.isoformat()}
        session = requests.Session()
        page = session.get(emu.base_url + "/v2/orders/jobs", params={**window, "page": 1, "count": 10},
                           headers={"x-api-key": emu.api_key, "User-Agent": UA}).content
        decode_bench(page)

        print(f"\n2. Iterating {JOBS:,} jobs from the emulator over HTTP ({JOBS // 10:,} pages of 10), best of 3")
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            runs = {
                "requests + json.loads": lambda: fetch_with_requests(emu, window, lambda b: json.loads(b)["jobs"]),
                "requests + pydantic": lambda: fetch_with_requests(
                    emu, window, lambda b: JobPage.model_validate_json(b).jobs),
                "pacer (memory ledger)": lambda: fetch_with_pacer(emu, window, "memory"),
                "pacer (SQLite ledger, the default kind)": lambda: fetch_with_pacer(
                    emu, window, f"sqlite://{tmp}/ledger.db"),
            }
            t = {name: best_of(3, fn) for name, fn in runs.items()}
        for name, seconds in t.items():
            row(f"{name}", seconds, "ms", 1e3)
        ratio("pacer (memory) / requests + json.loads", t["pacer (memory ledger)"], t["requests + json.loads"],
              "(target <= 1.2)")
        ratio("pacer (memory) / requests + pydantic", t["pacer (memory ledger)"], t["requests + pydantic"],
              "(target < 1)")
        ratio("pacer (SQLite) / requests + json.loads", t["pacer (SQLite ledger, the default kind)"],
              t["requests + json.loads"])


if __name__ == "__main__":
    main()
