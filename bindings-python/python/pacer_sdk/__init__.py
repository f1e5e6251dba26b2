"""pacer: a quota-aware, policy-compliant client for Syncore, Synq and Salync.

Every call is paced within every window of the provider's acceptable-use policy (per group and
method, daily with overage, monthly), lists are paged lazily, writes are validated before any
quota is spent and journaled so that an unknown outcome is reconciled instead of duplicated,
and quota state lives in a ledger that several processes can share (SQLite by default).

    import pacer_sdk

    client = pacer_sdk.Syncore(api_key=KEY, user_agent="AcmeSync/1.0",
                               ledger="sqlite:///var/lib/acme/pacer.db")
    for job in client.jobs.search(date_from="2026-10-01", date_to="2026-10-31"):
        print(job.id, job.status, job.client.business_name)
    so = client.sales_orders.create(job_id=31987, data={...})
    for window in client.quota.status():
        print(window.window, window.used, window.limit, window.resets_at)

There is one client class per provider (``Syncore``, ``Synq``, ``Salync``) and one for asyncio
(``AsyncSyncore``...), all made from the provider's spec: its options (``help(Syncore)``), its
resources and their actions. Tests and demos run against ``pacer_sdk.Emulator`` (a local
provider over real HTTP with a virtual clock). Errors are ``pacer_sdk.PacerError`` subclasses
carrying ``kind``, ``code`` and the details that apply. Syncore's records are at the top level,
the other providers' in ``pacer_sdk.synq`` and ``pacer_sdk.salync``; ``pacer_sdk.webhooks``
verifies and parses webhook deliveries.

This module only converts: option checking and defaults, argument binding, resource layout,
record fields and the error table all come from the Rust core (``pacer_sdk::surface``).
"""

from __future__ import annotations

import datetime as _dt
import inspect
import sys
from typing import Any, Dict, List, Mapping, Optional, Sequence

from . import _native
from ._native import *  # noqa: F401,F403 - errors, records and result classes (their __all__)

__version__: str = _native.__version__

#: Syncore's record classes by name (the other providers': ``pacer_sdk.<provider>.RECORD_TYPES``).
RECORD_TYPES: Dict[str, type] = {name: getattr(_native, name) for name in _native.RECORD_TYPES}

# The record groups' modules live in the extension; importing them as ``pacer_sdk.synq`` (and
# pickling their records) finds them here.
for _group in _native.SUBMODULES:
    sys.modules[f"{__name__}.{_group}"] = globals()[_group] = getattr(_native, _group)

#: Deprecated alias of ``QuotaError`` (its name before the error table): use ``QuotaError``.
QuotaExhausted = QuotaError  # noqa: F405

_SURFACE: Dict[str, Any] = _native.describe()


class Resource:
    """One resource of a provider's spec (``client.jobs``), blocking or async as its client is.

    Each action of the spec is a method (``client.jobs.search(...)``, ``client.products.by_sku(...)``):
    path ids are leading positionals in path order or keywords, every other keyword is a query
    parameter (``None`` means "not given"), writes take ``data=``. Arguments are checked before
    anything is sent: a ``ValidationError`` lists every problem and costs no quota. Lists return
    ``Records`` (``AsyncRecords`` on an async client); reads return their record, writes their
    ``Written``, both awaitables on an async client. ``describe()`` shows what each action takes.
    """

    def __init__(self, native: Any, layout: Mapping[str, Any], is_async: bool) -> None:
        self._native = native
        self._async = is_async
        #: The spec's resource name, e.g. ``sales_orders``.
        self.name: str = layout["name"]
        #: The attribute it is reached by (an alias's own, e.g. ``all_sales_orders``).
        self.attr: str = layout["attr"]
        self._actions: Dict[str, Dict[str, Any]] = {a["name"]: a for a in layout["actions"]}

    def __class_getitem__(cls, item: Any) -> type:
        """``Resource[Job]`` in annotations evaluated at run time (the stubs make it generic)."""
        return cls

    @property
    def actions(self) -> List[str]:
        """The actions this resource supports, e.g. ``['search', 'get', 'create', 'update']``."""
        return list(self._actions)

    def describe(self) -> str:
        """What each action calls and which arguments it takes (from the provider spec)."""
        lines = [f"{self.attr} ({self.name}):"]
        for name, a in self._actions.items():
            args = [f"{p}=<id>" for p in a["path_params"]]
            args += [q["name"] + ("" if q["required"] else "?") for q in a["query_params"]]
            args += ["data={...}"] if a["takes_body"] else []
            lines.append(f"  .{name}({', '.join(args)})  {a['method']} {a['path']}")
            lines.append(f"      {a['description']}")
        return "\n".join(lines)

    def action(self, action: str, *ids: Any, data: Any = None, **params: Any) -> Any:
        """Calls any action by its spec name: ``inventory.action("adjust", data=...)`` is
        ``inventory.adjust(data=...)``; an action the spec lacks fails with ``ConfigError``."""
        info = self._actions.get(action)
        endpoint = info["endpoint"] if info else f"{self.name}.{action}"
        # Lists are async iterators at once (their arguments checked now); the rest awaitables.
        if self._async and (info is None or info["kind"] != "list"):
            return self._awaited(endpoint, ids, params, data)
        return self._native.call(endpoint, list(ids), params, data, self._async)

    async def _awaited(self, endpoint: str, ids: Sequence[Any], params: Dict[str, Any], data: Any) -> Any:
        # A coroutine, so that calling without a running event loop fails only when awaited.
        return await self._native.call(endpoint, list(ids), params, data, True)

    def __getattr__(self, action: str) -> Any:
        actions = self.__dict__.get("_actions", {})
        if action.startswith("_") or action not in actions:
            raise AttributeError(f"resource {self.__dict__.get('attr')!r} has no action {action!r}")
        info = actions[action]

        def call(*ids: Any, **params: Any) -> Any:
            return self.action(action, *ids, **params)

        call.__name__ = call.__qualname__ = action
        call.__doc__ = f"{info['description']} ({info['method']} {info['path']}; see describe())"
        return call

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | set(self._actions))

    def __repr__(self) -> str:
        return f"<pacer_sdk.Resource {self.attr}: {', '.join(self._actions)}>"


class Quota:
    """The client's quota: every window's state, and forecasts of workloads (nothing is spent)."""

    def __init__(self, native: Any) -> None:
        self._native = native

    def status(self) -> List[Any]:
        """Every window: scope, used, limit, remaining, resets_at (aware datetime), binding."""
        return self._native.quota_status()

    def plan(self, workload: Mapping[str, int], *, wait_for_reset: bool = False) -> Any:
        """When would ``workload`` (e.g. ``{"orders.GET": 5000}``) finish from now, and which
        window binds? With ``wait_for_reset`` spent calendar windows are waited for."""
        return self._native.forecast(dict(workload), wait_for_reset)

    def __repr__(self) -> str:
        return "<pacer_sdk.Quota: status(), plan(workload)>"


class Client:
    """A client of one provider's API: the base of every client class (``Syncore``, ``AsyncSynq``...).

    Its options are the provider's (``help()`` on a client class lists them with their
    defaults); its resources are attributes (``client.jobs``), also in ``client.resources``.
    """

    #: The provider's spec name, e.g. ``syncore``.
    provider: str = ""
    #: Whether reads and writes are awaitables and lists async iterators.
    is_async: bool = False

    def __init__(self, **options: Any) -> None:
        self._native = _native.NativeClient(self.provider, options)
        #: The quota windows and workload forecasts.
        self.quota = Quota(self._native)
        #: Every resource by attribute name (aliases included).
        self.resources: Dict[str, Resource] = {}
        for layout in self._native.layout():
            resource = Resource(self._native, layout, self.is_async)
            self.resources[resource.attr] = resource
            if not hasattr(Client, resource.attr):  # a resource never hides a method
                setattr(self, resource.attr, resource)

    @property
    def base_url(self) -> str:
        """The base URL in use."""
        return self._native.base_url

    @property
    def ledger(self) -> str:
        """Where quota state and the write journal live, e.g. ``sqlite:/path/ledger.db``."""
        return self._native.ledger

    @property
    def options(self) -> Dict[str, Any]:
        """Every option with the value in effect (as given, or its default); credentials redacted."""
        return self._native.options()

    def now(self) -> _dt.datetime:
        """The client's clock reading (the ``clock`` it was given; real time by default)."""
        return self._native.now()

    def pending_writes(self) -> List[Any]:
        """Writes whose outcome is not settled yet (pending or unknown), oldest first."""
        return self._native.pending_writes()

    def writes(self, states: Optional[Sequence[str]] = None) -> List[Any]:
        """Journaled writes in any of ``states`` (pending, done, reconciled, unknown, not_applied, failed); all when None."""
        return self._native.writes(list(states) if states is not None else None)

    def reconcile_pending(self, resend: bool = False) -> Any:
        """Settles writes whose outcome is unknown by looking each record up: found,
        ``reconciled``; proven absent, ``not_applied`` (or sent again when ``resend``).
        Returns the entries as they now stand (an awaitable on an async client)."""
        if self.is_async:
            return self._reconciled(resend)
        return self._native.reconcile_pending(resend)

    async def _reconciled(self, resend: bool) -> Any:
        return await self._native.reconcile_pending(resend, True)

    def __enter__(self) -> Client:
        """``with Syncore(...) as client:`` (the client itself)."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Leaves the ``with`` block (the client holds nothing that needs closing early)."""

    def __repr__(self) -> str:
        native = self.__dict__.get("_native")  # absent when the options were refused
        return repr(native) if native is not None else f"<pacer_sdk.{type(self).__name__} (not built)>"


def _client_class(provider: str, is_async: bool) -> type:
    """The client class of ``provider``, its signature and docs made from the surface."""
    info = _SURFACE["providers"][provider]
    name = ("Async" if is_async else "") + info["display_name"]
    empty = inspect.Parameter.empty
    params = [inspect.Parameter(o["name"], inspect.Parameter.KEYWORD_ONLY,
                                default=empty if o["required"] else o["default"])
              for o in info["options"]]
    namespace = {"__doc__": _native.client_doc(provider, is_async), "__module__": __name__,
                 "__qualname__": name, "provider": provider, "is_async": is_async,
                 "__signature__": inspect.Signature(params)}
    return type(name, (Client,), namespace)


_CLIENTS = [_client_class(p, a) for p in _SURFACE["providers"] for a in (False, True)]
globals().update({c.__name__: c for c in _CLIENTS})

__all__ = [*_native.__all__, *(c.__name__ for c in _CLIENTS), "Client", "Resource", "Quota",
           "RECORD_TYPES", *_native.SUBMODULES]
