"""Validation happens before anything is sent: the shared vectors and the request log."""

from __future__ import annotations

import json
import pathlib
from typing import Any, Iterator

import pytest

import pacer_sdk
from conftest import make_client

VECTORS = json.loads(
    (pathlib.Path(__file__).resolve().parents[2] / "tests" / "scenarios" / "validation.json").read_text()
)


@pytest.fixture(scope="module")
def vector_emu() -> Iterator[pacer_sdk.Emulator]:
    """An emulator whose virtual clock reads the vectors' `now` (the 13-month window)."""
    with pacer_sdk.Emulator(VECTORS["provider"], virtual_clock=True, start=VECTORS["now"], jobs=100) as e:
        yield e


def call(client: pacer_sdk.Syncore, case: dict[str, Any]) -> Any:
    """Runs one vector through the public surface: resource attribute, then action."""
    resource_name, action = case["endpoint"].rsplit(".", 1)
    resource = getattr(client, resource_name)
    path, query = case.get("path", {}), case.get("query", {})
    if action in ("create", "update"):
        return getattr(resource, action)(data=case["body"], **path, **query)
    result = getattr(resource, action)(**path, **query)
    return list(result) if action in ("list", "search") else result


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_shared_vector(vector_emu: pacer_sdk.Emulator, case: dict[str, Any]) -> None:
    client = make_client(vector_emu)
    assert client.now().isoformat().replace("+00:00", "Z") == VECTORS["now"]
    before = len(vector_emu.requests())
    with pytest.raises(pacer_sdk.ValidationError) as e:
        call(client, case)
    assert [[f.field, f.rule] for f in e.value.errors] == case["errors"]
    assert e.value.kind == "validation" and e.value.code == "validation_failed"
    assert all(f.message for f in e.value.errors)
    assert len(vector_emu.requests()) == before, "a refused call sends nothing"
    assert all(w.used == 0 for w in client.quota.status()), "and spends no quota"


def test_validation_errors_send_nothing(vector_emu: pacer_sdk.Emulator) -> None:
    client = make_client(vector_emu)
    before = len(vector_emu.requests())
    bad_calls = [
        lambda: client.jobs.search(date_from="2026-10-01"),
        lambda: client.jobs.search(date_from="yesterday", date_to="2026-10-01"),
        lambda: client.sales_orders.list(job_id=-4),
        lambda: client.sales_orders.create(job_id=31987, data={"bill_to": {}}),
        lambda: client.contacts.create(data={"email": "nobody"}),
        lambda: client.purchase_orders.update(31987, 68777, data={"supplier_id": "x"}),
        lambda: client.sales_order_payments.create(31987, 40454, data={"amount_value": "1"}),
    ]
    for bad in bad_calls:
        with pytest.raises(pacer_sdk.ValidationError) as e:
            bad()
        assert e.value.errors
    assert len(vector_emu.requests()) == before
    assert client.pending_writes() == [] and client.writes() == [], "nothing was journaled"


def test_a_valid_call_after_refusals_is_sent(vector_emu: pacer_sdk.Emulator) -> None:
    client = make_client(vector_emu)
    before = len(vector_emu.requests())
    list(client.jobs.search(date_from="2026-11-01", date_to="2026-11-22"))
    assert len(vector_emu.requests()) > before
