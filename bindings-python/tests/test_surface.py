"""The public surface: docs on everything, stubs that cover it, a typed example that runs."""

from __future__ import annotations

import ast
import inspect
import os
import pathlib
import pydoc
import subprocess
import sys
import textwrap
from typing import Any

import pytest

import pacer_sdk
from conftest import run

HERE = pathlib.Path(__file__).resolve().parent
BINDING = HERE.parent
STUBS = BINDING / "python" / "pacer_sdk" / "__init__.pyi"
#: The submodules with their own stubs.
SUBMODULES = {"synq": pacer_sdk.synq, "salync": pacer_sdk.salync, "webhooks": pacer_sdk.webhooks}
#: Client class -> the provider whose resources it declares.
CLIENTS = {"Syncore": "syncore", "AsyncSyncore": "syncore", "Synq": "synq", "AsyncSynq": "synq",
           "Salync": "salync", "AsyncSalync": "salync"}
#: The options each provider requires (and a test value for each).
REQUIRED: dict[str, dict[str, str]] = {
    "syncore": {"api_key": "k", "user_agent": "t/1"},
    "synq": {"token": "t", "tenant_id": "a", "org_id": "b", "base_url": "http://127.0.0.1:9"},
    "salync": {"api_key": "k"},
}


def public_classes(module: object = pacer_sdk) -> dict[str, type]:
    names = getattr(module, "__all__")
    return {n: getattr(module, n) for n in names if inspect.isclass(getattr(module, n))}


def public_functions(module: object) -> dict[str, object]:
    names = getattr(module, "__all__")
    return {n: getattr(module, n) for n in names if callable(getattr(module, n))
            and not inspect.isclass(getattr(module, n))}


def public_members(cls: type) -> list[str]:
    return [n for n in dir(cls) if not n.startswith("_") and n not in ("FIELDS", "provider", "is_async")]


def test_every_public_class_and_member_has_a_docstring() -> None:
    missing = []
    everything = dict(public_classes())
    for mod_name, mod in SUBMODULES.items():
        if not (mod.__doc__ or "").strip():
            missing.append(mod_name)
        everything.update({f"{mod_name}.{n}": c for n, c in public_classes(mod).items()})
        missing += [f"{mod_name}.{n}" for n, f in public_functions(mod).items()
                    if not (getattr(f, "__doc__", None) or "").strip()]
    for name, cls in everything.items():
        if not (cls.__doc__ or "").strip():
            missing.append(name)
        if issubclass(cls, BaseException):
            continue
        for member in public_members(cls):
            if not (getattr(getattr(cls, member), "__doc__", None) or "").strip():
                missing.append(f"{name}.{member}")
    assert missing == []


def test_help_on_the_client_is_useful() -> None:
    # Every client's docs come from the descriptors: its options with their defaults and docs,
    # its resources and their actions.
    text = pydoc.render_doc(pacer_sdk.Syncore, renderer=pydoc.plaintext)
    for needle in ("registered User-Agent", "sales_order_line_items", "reconcile_pending",
                   "pending_writes", "quota.plan", "ledger", "spec_overrides", "timeout`` = 30.0",
                   "QuotaError"):
        assert needle in text, needle
    assert "asyncio" in pydoc.render_doc(pacer_sdk.AsyncSyncore, renderer=pydoc.plaintext)
    emulator = pydoc.render_doc(pacer_sdk.Emulator, renderer=pydoc.plaintext)
    for needle in ("virtual_clock", "tenant_id", "plan", "webhook_secret", "issue_token"):
        assert needle in emulator, needle
    synq = pydoc.render_doc(pacer_sdk.Synq, renderer=pydoc.plaintext)
    for needle in ("token_provider", "X-Tenant-ID", "X-Org-ID", "truncated", "base_url`` (required)"):
        assert needle in synq, needle
    assert "check_transition" in pydoc.render_doc(pacer_sdk.synq, renderer=pydoc.plaintext)
    salync = pydoc.render_doc(pacer_sdk.Salync, renderer=pydoc.plaintext)
    for needle in ("growth", "by_sku", "archive", "QuotaError"):
        assert needle in salync, needle
    assert "X-Salync-Signature" in pydoc.render_doc(pacer_sdk.webhooks, renderer=pydoc.plaintext)
    search = pacer_sdk.Syncore(api_key="k", user_agent="t/1", ledger="memory").jobs.search
    assert "GET /v2/orders/jobs" in (search.__doc__ or ""), "an action's docs are its spec's"


def stub_classes(stubs: pathlib.Path = STUBS) -> dict[str, set[str]]:
    """Each class of the stubs with the names it declares, its stub bases' included (a base
    may be the package's, as `Record` is for every module's records)."""
    own: dict[str, set[str]] = {}
    bases: dict[str, list[str]] = {}
    nodes = ast.parse(STUBS.read_text()).body if stubs != STUBS else []
    for node in nodes + ast.parse(stubs.read_text()).body:
        if isinstance(node, ast.ClassDef):
            names = set()
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
            own[node.name] = names
            bases[node.name] = [b.id if isinstance(b, ast.Name) else getattr(b.value, "id", "")
                                for b in node.bases if isinstance(b, (ast.Name, ast.Subscript))]

    def all_names(name: str) -> set[str]:
        out = set(own.get(name, set()))
        for base in bases.get(name, []):
            out |= all_names(base)
        return out

    return {name: all_names(name) for name in own}


def stub_functions(stubs: pathlib.Path) -> set[str]:
    """The module-level functions and annotated names of a stub file."""
    tree = ast.parse(stubs.read_text())
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    names |= {n.target.id for n in tree.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
    return names


def offline_clients() -> dict[str, Any]:
    """A client of every class, built without a server (building sends nothing)."""
    return {name: getattr(pacer_sdk, name)(ledger="memory", **REQUIRED[provider])
            for name, provider in CLIENTS.items()}


def test_the_stubs_cover_every_class_and_member() -> None:
    missing = []
    modules: list[tuple[str, object, pathlib.Path]] = [("", pacer_sdk, STUBS)]
    modules += [(f"{n}.", m, STUBS.with_name(f"{n}.pyi")) for n, m in SUBMODULES.items()]
    clients = offline_clients()
    for prefix, module, path in modules:
        stubs = stub_classes(path)
        for name, cls in public_classes(module).items():
            if name not in stubs:
                missing.append(prefix + name)
                continue
            if issubclass(cls, BaseException):
                continue
            runtime = set(public_members(cls))
            if name in clients:
                runtime |= set(clients[name].resources)  # resources are set per instance
            missing += [f"{prefix}{name}.{m}" for m in sorted(runtime - stubs[name])]
        if module is not pacer_sdk:
            functions = stub_functions(path)
            missing += [prefix + n for n in public_functions(module) if n not in functions]
    assert missing == []


def test_resources_in_the_stubs_match_the_layout() -> None:
    tree = ast.parse(STUBS.read_text())
    for cls_name, client in offline_clients().items():
        mode = "_Async" if client.is_async else "_Sync"
        prefix = "" if client.provider == "syncore" else client.provider + "."
        cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls_name)
        typed = {item.target.id: ast.unparse(item.annotation) for item in cls.body
                 if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)}
        assert set(typed) == set(client.resources), cls_name
        for layout in client._native.layout():
            model = layout["model"]
            record = f"{prefix}{model}" if model else "dict[str, Any]"
            assert typed[layout["attr"]] == f"Resource[{record}, {mode}]", (cls_name, layout["attr"])


def test_one_resource_class_serves_blocking_and_async_clients() -> None:
    clients = offline_clients()
    assert type(clients["Syncore"].jobs) is type(clients["AsyncSyncore"].jobs) is pacer_sdk.Resource
    assert isinstance(clients["AsyncSalync"], pacer_sdk.Client) and clients["AsyncSalync"].is_async
    assert clients["Syncore"].jobs.actions == clients["AsyncSyncore"].jobs.actions


def test_mypy_uses_the_stubs(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("mypy")
    bad = tmp_path / "bad.py"
    bad.write_text(textwrap.dedent("""
        import pacer_sdk
        job = pacer_sdk.Job(id=1)
        total: int = job.id            # Optional[int] is not int
        job.idd                        # no such attribute
        pacer_sdk.Syncore(api_key="k")     # user_agent is required
        pacer_sdk.Synq(token="t", tenant_id="a", org_id="b")   # base_url is required
        n: int = pacer_sdk.synq.Order().total   # Decimal | None is not int
    """))
    cache = os.environ.get("MYPY_CACHE_DIR", str(tmp_path / ".mypy_cache"))
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", cache, str(bad)],
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stdout
    for needle in ('"int | None"', '"idd"', '"user_agent"', '"base_url"', '"Decimal | None"'):
        assert needle in done.stdout, done.stdout


def test_generic_names_work_at_run_time() -> None:
    def first(records: pacer_sdk.Records[pacer_sdk.Job]) -> pacer_sdk.Job:
        return next(records)

    assert pacer_sdk.Records[pacer_sdk.Job] is pacer_sdk.Records
    assert pacer_sdk.AsyncRecords[pacer_sdk.Job] is pacer_sdk.AsyncRecords
    assert pacer_sdk.Resource[pacer_sdk.Job] is not None and callable(first)


def test_the_example_script_runs() -> None:
    done = run([sys.executable, str(BINDING / "examples" / "sync_to_accounting.py")], timeout=120)
    assert done.returncode == 0, done.stderr
    assert "exported 5 jobs" in done.stdout and "async:" in done.stdout
    for needle in ("synq: 200 orders", "truncated by the server", "order accepted", "tampered delivery refused",
                   "salync:", "archived", "webhook stock.below_threshold", "async synq and salync"):
        assert needle in done.stdout, needle


def test_every_public_class_lives_in_the_package_it_is_imported_from() -> None:
    # Pickling (a multiprocessing worker returning an error) imports the class by its module.
    import pickle

    for name, cls in public_classes(pacer_sdk).items():
        assert cls.__module__.split(".")[0] == "pacer_sdk", f"{name} claims module {cls.__module__}"
    client = pacer_sdk.Syncore(api_key="k", user_agent="t/1", base_url="http://127.0.0.1:9", ledger="memory")
    with pytest.raises(pacer_sdk.ValidationError) as err:
        client.jobs.search(date_from="yesterday")  # refused locally: nothing is sent
    again = pickle.loads(pickle.dumps(err.value))
    assert type(again) is pacer_sdk.ValidationError and str(again) == str(err.value)
