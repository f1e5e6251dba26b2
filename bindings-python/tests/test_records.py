"""Records: typed attributes, exact money, unknown fields kept, equality, repr, pickling."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal

import pytest

import pacer_sdk
from conftest import days_before

# Decoded offline: its dates are data, not searches.
JOB = {
    "id": 31987,
    "status": "WIP",
    "date": "2026-10-02",
    "client": {"id": 1276, "business_name": "Pinecrest University", "name": "Avery Wexler"},
    "sales_orders": [{"id": 40454, "number": 1, "status": "Open", "total_value": 12345678901234.57}],
    "commission_split": {"primary_rep": 100},
    "brand_new_field": {"nested": [1, 2]},
}


def test_attributes_are_typed_and_nested() -> None:
    job = pacer_sdk.Job.from_json(json.dumps(JOB))
    assert job.id == 31987 and isinstance(job.id, int)
    assert job.status == "WIP"
    assert isinstance(job.client, pacer_sdk.ClientRef)
    assert job.client.business_name == "Pinecrest University"
    assert job.client.email is None
    assert job.store is None
    (summary,) = job.sales_orders
    assert isinstance(summary, pacer_sdk.SalesOrderSummary)
    assert job.commission_split == {"primary_rep": 100}


def test_money_is_exact_decimal_from_the_literal() -> None:
    text = '{"line_id": 1, "price_value": 0.1, "cost_value": 12345678901234567.89, "quantity": "19.990"}'
    line = pacer_sdk.LineItem.from_json(text)
    assert line.price_value == Decimal("0.1")
    assert isinstance(line.price_value, Decimal)
    assert line.cost_value == Decimal("12345678901234567.89")
    assert str(line.quantity) == "19.990"
    summary = pacer_sdk.Job.from_json(json.dumps(JOB)).sales_orders[0]  # type: ignore[index]
    assert summary.total_value == Decimal("12345678901234.57")


def test_unknown_fields_are_kept_in_to_dict() -> None:
    job = pacer_sdk.Job.from_json(json.dumps(JOB))
    d = job.to_dict()
    assert d["brand_new_field"] == {"nested": [1, 2]}
    assert job.extra == {"brand_new_field": {"nested": [1, 2]}}
    assert d["client"] == {"id": 1276, "business_name": "Pinecrest University", "name": "Avery Wexler"}
    assert d["sales_orders"][0]["total_value"] == Decimal("12345678901234.57")
    assert list(d)[:3] == ["id", "status", "date"]


def test_mistyped_values_and_unknown_enum_values_are_kept() -> None:
    job = pacer_sdk.Job.from_json('{"id": "not-a-number", "status": "On Hold"}')
    assert job.id is None
    assert job.extra == {"id": "not-a-number"}
    assert job.status == "On Hold"
    assert job.to_dict() == {"status": "On Hold", "id": "not-a-number"}


def test_loose_ids_and_booleans_and_keyword_attributes() -> None:
    s = pacer_sdk.SupplierRef.from_json('{"id": 311, "type": "Vendor", "class": "In House", "asi_id": "A-12"}')
    assert (s.type, s.class_, s.asi_id) == ("Vendor", "In House", "A-12")
    assert s.to_dict() == {"id": 311, "type": "Vendor", "class": "In House", "asi_id": "A-12"}
    line = pacer_sdk.LineItem.from_json('{"visible": "False", "from_stock": true}')
    assert line.visible == "False" and line.from_stock is True


def test_equality_repr_and_round_trips() -> None:
    a = pacer_sdk.Job.from_json(json.dumps(JOB))
    b = pacer_sdk.Job.from_dict(a.to_dict())
    assert a == b
    assert a != pacer_sdk.Job.from_json('{"id": 1}')
    assert a != "not a job"
    assert pacer_sdk.Job(**a.to_dict()) == a
    assert pickle.loads(pickle.dumps(a)) == a
    text = repr(a)
    assert text.startswith("Job(id=31987, status='WIP', date='2026-10-02', client=ClientRef(id=1276")
    assert "Decimal('12345678901234.57')" in text
    assert "extra={'brand_new_field'" in text
    with pytest.raises(TypeError):
        hash(a)


def test_records_are_read_only() -> None:
    job = pacer_sdk.Job(id=1)
    with pytest.raises(AttributeError):
        job.id = 2  # type: ignore[misc]


def test_a_page_decodes_from_its_envelope() -> None:
    page = json.dumps({"jobs": [JOB, {"id": 2}], "total_results": 2})
    jobs = pacer_sdk.Job.list_from_json(page, envelope="jobs")
    assert [j.id for j in jobs] == [31987, 2]
    assert pacer_sdk.Job.list_from_json(json.dumps([{"id": 5}]))[0].id == 5


def test_bad_json_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        pacer_sdk.Job.from_json("{not json")


def test_every_record_class_is_exported_with_its_fields() -> None:
    for name, cls in pacer_sdk.RECORD_TYPES.items():
        assert getattr(pacer_sdk, name) is cls
        assert cls.__module__ == "pacer_sdk"
        for key in cls.FIELDS:
            attr = key + "_" if key == "class" else key
            assert hasattr(cls, attr), f"{name}.{attr}"


def test_fields_read_one_by_one_equal_the_full_decoding(emu: pacer_sdk.Emulator) -> None:
    """Records from the server decode each attribute on demand; every attribute must equal
    what decoding the whole record gives."""
    client = pacer_sdk.Syncore(api_key=emu.api_key, user_agent="t/1", base_url=emu.base_url, clock=emu.clock, ledger="memory")
    jobs = client.jobs.search(date_from=days_before(emu, 60), date_to=days_before(emu, 2)).to_list()[:30]
    orders = client.sales_orders.search(date_from=days_before(emu, 30), date_to=days_before(emu, 2)).to_list()[:10]
    assert jobs and orders
    for record in [*jobs, *orders]:
        full = type(record).from_dict(record.to_dict())
        for key in type(record).FIELDS:
            attr = key + "_" if key == "class" else key
            assert getattr(record, attr) == getattr(full, attr), (type(record).__name__, attr)
        assert record == full and hash(repr(record)) == hash(repr(full))
