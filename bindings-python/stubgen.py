"""Writes (or, with --check, verifies) the record classes in the stubs of python/pacer_sdk/.

The record classes are declared once in Rust (src/models.rs) with their attributes' Python
types, which the built module exposes as ``FIELD_TYPES``; this renders them as stubs between
the ``# <records>`` and ``# </records>`` markers of each module's stub (``__init__.pyi`` for
Syncore's, ``synq.pyi``, ``salync.pyi``, ``webhooks.pyi``), so the stubs cannot drift.
Run it with the venv's Python after installing the wheel:

    python bindings-python/stubgen.py          # rewrite the section
    python bindings-python/stubgen.py --check  # exit 1 when the committed stubs differ
"""

from __future__ import annotations

import keyword
import pathlib
import sys

PACKAGE = pathlib.Path(__file__).parent / "python" / "pacer_sdk"
#: (stub file, module holding the classes) pairs.
MODULES = [("__init__.pyi", ""), ("synq.pyi", "synq"), ("salync.pyi", "salync"), ("webhooks.pyi", "webhooks")]
BEGIN, END = "# <records>\n", "# </records>\n"


def attribute(key: str) -> str:
    """The Python attribute of a JSON key: the key, with `_` after a Python keyword."""
    return key + "_" if keyword.iskeyword(key) else key


def render(module: str) -> str:
    """The stub text of every record class of one module of the installed package."""
    import importlib

    mod = importlib.import_module("pacer_sdk" + ("." + module if module else ""))
    out = [BEGIN]
    for name in mod.RECORD_TYPES:
        cls = getattr(mod, name)
        doc = (cls.__doc__ or "").strip().splitlines()[0]
        out.append(f"class {name}:\n")
        out.append(f'    """{doc}"""\n\n')
        out.append("    FIELDS: ClassVar[tuple[str, ...]]\n")
        out.append("    FIELD_TYPES: ClassVar[dict[str, str]]\n")
        out.append("    def __init__(self, **fields: Any) -> None: ...\n")
        for key, pytype in cls.FIELD_TYPES.items():
            out.append("    @property\n")
            out.append(f"    def {attribute(key)}(self) -> {pytype} | None: ...\n")
        out.append("    @property\n")
        out.append("    def extra(self) -> dict[str, Any]: ...\n")
        out.append("    def to_dict(self) -> dict[str, Any]: ...\n")
        out.append("    @classmethod\n")
        out.append(f"    def from_dict(cls, data: Mapping[str, Any]) -> {name}: ...\n")
        out.append("    @classmethod\n")
        out.append(f"    def from_json(cls, json: str | bytes) -> {name}: ...\n")
        out.append("    @classmethod\n")
        out.append(
            f"    def list_from_json(cls, body: str | bytes, envelope: str | None = None) -> list[{name}]: ...\n"
        )
        out.append("    def __eq__(self, other: object) -> bool: ...\n")
        out.append("    __hash__: ClassVar[None]  # type: ignore[assignment]\n\n")
    out.append(END)
    return "".join(out)


def main() -> int:
    stale = []
    for file, module in MODULES:
        stubs = PACKAGE / file
        text = stubs.read_text()
        start, stop = text.index(BEGIN), text.index(END) + len(END)
        updated = text[:start] + render(module) + text[stop:]
        if updated == text:
            continue
        if "--check" in sys.argv:
            stale.append(str(stubs))
        else:
            stubs.write_text(updated)
    if stale:
        print(f"{', '.join(stale)} out of date: run python bindings-python/stubgen.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
