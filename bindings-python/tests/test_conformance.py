"""Conformance: the binding at run time against the shared scenario every host runs,
tests/scenarios/surface.json (written by pacer-sdk-gen from the surface descriptors): for every
provider, its client classes' option names and defaults, the resources and their actions, the
field set of every record class; and the error table (each kind's class, each code's class and
the fields every error carries). What is checked is what Python reports, never the JSON itself."""

from __future__ import annotations

import inspect
import json
import keyword
import pathlib
from typing import Any

import pytest

import pacer_sdk
from pacer_sdk import _native

SCENARIO: dict[str, Any] = json.loads(
    (pathlib.Path(__file__).resolve().parents[2] / "tests" / "scenarios" / "surface.json").read_text()
)
PROVIDERS = list(SCENARIO["providers"])
ERRORS: dict[str, Any] = SCENARIO["errors"]


def client_classes(provider: str) -> list[type]:
    """The blocking and the async client class of `provider`, as the package made them."""
    found = [c for c in vars(pacer_sdk).values()
             if isinstance(c, type) and issubclass(c, pacer_sdk.Client) and c.provider == provider]
    assert sorted(c.is_async for c in found) == [False, True], provider
    return found


def required_values(provider: str) -> dict[str, str]:
    """A value for each option the provider requires, and a credential (a client builds
    without a server)."""
    options = SCENARIO["providers"][provider]["options"]
    credential = next(o for o in options if o["type"] == "secret")
    return {o["name"]: "http://127.0.0.1:9" if o["name"] == "base_url" else "x"
            for o in options if o["required"] or o is credential}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_option_names_and_defaults_as_the_client_reports_them(provider: str) -> None:
    options = SCENARIO["providers"][provider]["options"]
    for cls in client_classes(provider):
        params = inspect.signature(cls).parameters
        assert list(params) == [o["name"] for o in options], cls.__name__
        for o in options:
            p = params[o["name"]]
            assert p.kind is inspect.Parameter.KEYWORD_ONLY
            if o["required"]:
                assert p.default is inspect.Parameter.empty, (cls.__name__, o["name"])
            else:
                assert p.default == o["default"], (cls.__name__, o["name"])
        # Given only the required options and a connect timeout, every other option is at its
        # default: in particular the request timeout (the same 30 s on every surface).
        given = {**required_values(provider), "ledger": "memory", "connect_timeout": 5}
        in_effect = cls(**given).options
        assert list(in_effect) == [o["name"] for o in options]
        for o in options:
            if o["name"] not in given:
                assert in_effect[o["name"]] == o["default"], (cls.__name__, o["name"])
            elif o["type"] == "secret":
                assert in_effect[o["name"]] == "<redacted>", "a credential never shows"
        timeout = next(o for o in options if o["name"] == "timeout")
        assert in_effect["timeout"] == timeout["default"] == 30.0
        assert in_effect["connect_timeout"] == 5


@pytest.mark.parametrize("provider", PROVIDERS)
def test_resources_and_their_actions(provider: str) -> None:
    expected = SCENARIO["providers"][provider]["resources"]
    for cls in client_classes(provider):
        client = cls(**required_values(provider), ledger="memory")
        assert list(client.resources) == [r["attr"] for r in expected], cls.__name__
        for r in expected:
            resource = getattr(client, r["attr"])
            assert resource.actions == [a["name"] for a in r["actions"]], r["attr"]
            for a in r["actions"]:
                described = next(line for line in resource.describe().splitlines()
                                 if line.strip().startswith(f".{a['name']}("))
                for p in a["path_params"]:
                    assert f"{p}=<id>" in described, (r["attr"], a["name"], p)


def test_every_error_kind_is_raised_as_its_class() -> None:
    base = getattr(pacer_sdk, ERRORS["base"])
    assert base.__name__ == ERRORS["base"] and issubclass(base, Exception)
    for k in ERRORS["kinds"]:
        cls = getattr(pacer_sdk, k["class"])
        assert cls.__name__ == k["class"] and issubclass(cls, base) and cls is not base
        assert cls.__module__ == "pacer_sdk" and (cls.__doc__ or "").strip()
        err = _native._error(k["kind"], "some_code", "a message")
        assert type(err) is cls, k


@pytest.mark.parametrize("code", ERRORS["codes"], ids=[c["code"] for c in ERRORS["codes"]])
def test_every_code_is_raised_as_its_kinds_class_with_every_field(code: dict[str, str]) -> None:
    cls = getattr(pacer_sdk, next(k["class"] for k in ERRORS["kinds"] if k["kind"] == code["kind"]))
    err = _native._error(code["kind"], code["code"], "what happened")
    assert isinstance(err, cls) and isinstance(err, pacer_sdk.PacerError)
    assert (err.kind, err.code, err.message) == (code["kind"], code["code"], "what happened")
    for field in ERRORS["fields"]:
        assert hasattr(err, field), field
    assert err.errors == [] and err.status is None and err.retry_after is None


def test_the_emulators_errors_are_codes_of_the_table() -> None:
    codes = {(c["code"], c["kind"]) for c in ERRORS["codes"]}
    with pacer_sdk.Emulator("syncore", jobs=5) as emu:  # real time: it cannot be moved
        with pytest.raises(pacer_sdk.PacerError) as e:
            emu.advance(seconds=1)
        assert (e.value.code, e.value.kind) in codes
    with pytest.raises(pacer_sdk.PacerError) as stopped:
        emu.advance(seconds=1)
    assert (stopped.value.code, stopped.value.kind) in codes
    with pytest.raises(pacer_sdk.PacerError) as bad:
        pacer_sdk.Emulator("no-such-provider")
    assert (bad.value.code, bad.value.kind) in codes


def record_groups() -> list[tuple[str, list[dict[str, Any]]]]:
    groups = [(p, SCENARIO["providers"][p]["records"]) for p in PROVIDERS]
    return [*groups, ("webhooks", SCENARIO["webhook_records"])]


@pytest.mark.parametrize(("group", "records"), record_groups(), ids=[g for g, _ in record_groups()])
def test_every_record_class_has_the_field_set_of_its_model(group: str, records: list[dict[str, Any]]) -> None:
    # A group's records live in the module of its name; the first provider's at the top level.
    module = getattr(pacer_sdk, group, pacer_sdk)
    assert list(module.RECORD_TYPES) == [r["name"] for r in records]
    for r in records:
        cls = getattr(module, r["name"])
        assert issubclass(cls, pacer_sdk.Record) and cls.__name__ == r["name"]
        assert list(cls.FIELDS) == r["fields"], r["name"]
        empty = cls()
        for key in r["fields"]:
            attr = key + "_" if keyword.iskeyword(key) else key  # `class_`
            assert isinstance(inspect.getattr_static(cls, attr), property), (r["name"], attr)
            assert getattr(empty, attr) is None
        full = cls.from_dict({key: None for key in r["fields"]})
        assert full.to_dict() == {key: None for key in r["fields"]}, "nulls are kept as sent"


def test_field_errors_carry_the_fields_of_the_table() -> None:
    provider = PROVIDERS[0]
    cls = next(c for c in client_classes(provider) if not c.is_async)
    with pytest.raises(pacer_sdk.PacerError) as caught:
        cls(**required_values(provider), ledger="memory", timeout=-1)
    [fe] = caught.value.errors
    assert isinstance(fe, pacer_sdk.FieldError)
    assert [name for name in ERRORS["field_error_fields"] if hasattr(fe, name)] == ERRORS["field_error_fields"]
    # Python spells attributes as the API does, so the property path is the field path.
    assert (fe.field, fe.property) == ("timeout", "timeout")
    nested = pacer_sdk.FieldError("bill_to.first_name", "required", "needed")
    assert nested.property == nested.field == "bill_to.first_name"
