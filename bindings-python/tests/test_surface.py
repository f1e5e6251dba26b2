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

import pytest

import pacer

HERE = pathlib.Path(__file__).resolve().parent
BINDING = HERE.parent
STUBS = BINDING / "python" / "pacer" / "__init__.pyi"


def public_classes() -> dict[str, type]:
    return {n: getattr(pacer, n) for n in pacer.__all__ if inspect.isclass(getattr(pacer, n))}


def public_members(cls: type) -> list[str]:
    return [n for n in dir(cls) if not n.startswith("_") and n not in ("FIELDS", "FIELD_TYPES")]


def test_every_public_class_and_member_has_a_docstring() -> None:
    missing = []
    for name, cls in public_classes().items():
        if not (cls.__doc__ or "").strip():
            missing.append(name)
        if issubclass(cls, BaseException):
            continue
        for member in public_members(cls):
            if not (getattr(getattr(cls, member), "__doc__", None) or "").strip():
                missing.append(f"{name}.{member}")
    assert missing == []


def test_help_on_the_client_is_useful() -> None:
    text = pydoc.render_doc(pacer.Syncore, renderer=pydoc.plaintext)
    for needle in ("registered User-Agent", "sales_order_line_items", "reconcile_pending",
                   "pending_writes", "quota.plan", "ledger", "spec_overrides"):
        assert needle in text, needle
    assert "asyncio" in pydoc.render_doc(pacer.AsyncSyncore, renderer=pydoc.plaintext)
    assert "virtual_clock" in pydoc.render_doc(pacer.Emulator, renderer=pydoc.plaintext)


def stub_classes() -> dict[str, set[str]]:
    """Each class of the stubs with the names it declares, its stub bases' included."""
    tree = ast.parse(STUBS.read_text())
    own: dict[str, set[str]] = {}
    bases: dict[str, list[str]] = {}
    for node in tree.body:
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


def test_the_stubs_cover_every_class_and_member() -> None:
    stubs = stub_classes()
    missing = []
    for name, cls in public_classes().items():
        if name not in stubs:
            missing.append(name)
            continue
        if issubclass(cls, BaseException):
            continue
        runtime = set(public_members(cls))
        if name in ("Syncore", "AsyncSyncore"):
            runtime |= set(pacer.Syncore.__annotations__)  # resources are set per instance
        missing += [f"{name}.{m}" for m in sorted(runtime - stubs[name])]
    assert missing == []


def test_the_generated_record_stubs_are_current() -> None:
    done = subprocess.run([sys.executable, str(BINDING / "stubgen.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_resources_in_the_stubs_match_the_spec(client: pacer.Syncore) -> None:
    tree = ast.parse(STUBS.read_text())
    for cls_name, resource_type in (("Syncore", "Resource"), ("AsyncSyncore", "AsyncResource")):
        cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls_name)
        typed = {item.target.id: ast.unparse(item.annotation) for item in cls.body
                 if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)}
        assert set(typed) == set(client.resources), cls_name
        for attr, annotation in typed.items():
            record = client.resources[attr]._actions
            returns = {a["returns"] for a in record.values() if a["method"] == "GET"}
            if returns:  # write-only resources (store_jobs, store_contacts) return no records
                assert annotation in {f"{resource_type}[{r}]" for r in returns}, (attr, annotation)


def test_mypy_uses_the_stubs(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("mypy")
    bad = tmp_path / "bad.py"
    bad.write_text(textwrap.dedent("""
        import pacer
        job = pacer.Job(id=1)
        total: int = job.id            # Optional[int] is not int
        job.idd                        # no such attribute
        pacer.Syncore(api_key="k")     # user_agent is required
    """))
    cache = os.environ.get("MYPY_CACHE_DIR", str(tmp_path / ".mypy_cache"))
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", cache, str(bad)],
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stdout
    for needle in ('"int | None"', '"idd"', '"user_agent"'):
        assert needle in done.stdout, done.stdout


def test_generic_names_work_at_run_time() -> None:
    def first(records: pacer.Records[pacer.Job]) -> pacer.Job:
        return next(records)

    assert pacer.Records[pacer.Job] is pacer.Records
    assert pacer.AsyncRecords[pacer.Job] is pacer.AsyncRecords
    assert pacer.Resource[pacer.Job] is not None and callable(first)


def test_the_example_script_runs() -> None:
    done = subprocess.run([sys.executable, str(BINDING / "examples" / "sync_to_accounting.py")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "exported 5 jobs" in done.stdout and "async:" in done.stdout
