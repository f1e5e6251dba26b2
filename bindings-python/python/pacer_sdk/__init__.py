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

Tests and demos run against ``pacer_sdk.Emulator`` (a local Syncore, Synq or Salync over real
HTTP with a virtual clock). Errors are ``pacer_sdk.PacerError`` subclasses carrying ``kind``,
``code`` and the details that apply. ``pacer_sdk.AsyncSyncore`` is the same client for asyncio.

``pacer_sdk.Synq`` / ``pacer_sdk.AsyncSynq`` (records in ``pacer_sdk.synq``) and ``pacer_sdk.Salync`` /
``pacer_sdk.AsyncSalync`` (records in ``pacer_sdk.salync``) are the other providers; ``pacer_sdk.webhooks``
verifies and parses their webhook deliveries.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Dict, Generic, List, Mapping, Optional, Sequence, Tuple, TypeVar, Union

from . import _native
from ._native import (
    AddressWrite,
    AdjustmentType,
    ApiError,
    AsyncRecords,
    CardType,
    ClientGroup,
    Clock,
    ClientRef,
    CommissionCode,
    ConfigError,
    Contact,
    Emulator,
    EmulatorWindow,
    FieldError,
    Forecast,
    InvoiceDetails,
    Job,
    JournalEntry,
    LineItem,
    PacerError,
    Payment,
    PaymentTerm,
    PaymentType,
    ProductIndex,
    PurchaseOrder,
    PurchaseOrderSummary,
    QuotaExhausted,
    QuotaWindow,
    RecordedRequest,
    Records,
    Ref,
    RepRef,
    SalesOrder,
    SalesOrderSummary,
    Supplier,
    SupplierRef,
    TransportError,
    ValidationError,
    WebhookError,
    Written,
)
from ._native import Address
from . import salync, synq, webhooks

__version__: str = _native.__version__

T = TypeVar("T")

#: Every record class, by the name the provider spec uses.
RECORD_TYPES: Dict[str, type] = {name: getattr(_native, name) for name in _native.RECORD_TYPES}

__all__ = [
    "Syncore",
    "AsyncSyncore",
    "Synq",
    "AsyncSynq",
    "Salync",
    "AsyncSalync",
    "synq",
    "salync",
    "webhooks",
    "Resource",
    "AsyncResource",
    "Quota",
    "Emulator",
    "Clock",
    "Records",
    "AsyncRecords",
    "Written",
    "JournalEntry",
    "QuotaWindow",
    "Forecast",
    "RecordedRequest",
    "EmulatorWindow",
    "FieldError",
    "PacerError",
    "ValidationError",
    "QuotaExhausted",
    "ApiError",
    "TransportError",
    "ConfigError",
    "WebhookError",
    "RECORD_TYPES",
    *_native.RECORD_TYPES,
]

Duration = Union[float, _dt.timedelta]


class _Bound:
    """Binds Python arguments to one endpoint of the spec (shared by both resource kinds)."""

    def __init__(self, native: Any, info: Mapping[str, Any]) -> None:
        self._native = native
        self.name: str = info["name"]
        self.attr: str = info["attr"]
        self._actions: Dict[str, Dict[str, Any]] = dict(info["actions"])

    @property
    def actions(self) -> List[str]:
        """The actions this resource supports, e.g. ``['search', 'get', 'create', 'update']``."""
        return list(self._actions)

    def describe(self) -> str:
        """What each action calls and which parameters it takes (from the provider spec)."""
        lines = [f"{self.attr} ({self.name}):"]
        for action, info in self._actions.items():
            params = [f"{p}=<id>" for p in info["path_params"]]
            for q in info["query_params"]:
                params.append(q["name"] + ("" if q["required"] else "?"))
            if info["method"] in ("POST", "PUT"):
                params.append("data={...}")
            lines.append(f"  .{action}({', '.join(params)})  {info['method']} {info['path']}")
            lines.append(f"      {info['description']}")
        return "\n".join(lines)

    def _split(
        self, action: str, ids: Sequence[Any], params: Mapping[str, Any]
    ) -> Tuple[str, Dict[str, Any], Dict[str, Any]]:
        info = self._actions.get(action)
        # An action the spec lacks still goes to the client, which names the missing endpoint.
        endpoint = info["endpoint"] if info else f"{self.name}.{action}"
        names: List[str] = list(info["path_params"]) if info else []
        if len(ids) > len(names):
            raise TypeError(
                f"{self.attr}.{action}() takes {len(names)} positional id(s)"
                f" ({', '.join(names) or 'none'}), {len(ids)} given"
            )
        path = dict(zip(names, ids))
        query: Dict[str, Any] = {}
        for key, value in params.items():
            if key in names:
                if key in path:
                    raise TypeError(f"{self.attr}.{action}() got multiple values for {key!r}")
                path[key] = value
            else:
                query[key] = value
        return endpoint, path, query

    def _method(self, action: str) -> str:
        info = self._actions.get(action)
        return str(info["method"]) if info else "GET"

    def __getattr__(self, action: str) -> Any:
        # Spec actions without a method of their own (Synq's inventory.adjust,
        # members.invite, integrations.auth_url...) are reachable by name.
        actions = self.__dict__.get("_actions", {})
        if action.startswith("_") or action not in actions:
            raise AttributeError(f"{type(self).__name__} {self.__dict__.get('attr')!r} has no action {action!r}")
        return lambda *ids, **params: self.action(action, *ids, **params)

    def __repr__(self) -> str:
        return f"<pacer.{type(self).__name__} {self.attr}: {', '.join(self._actions)}>"


class Resource(_Bound, Generic[T]):
    """One resource of the provider (jobs, the sales orders of a job, ...), blocking.

    Path ids (``job_id``, ``salesorder_id``...) are given positionally in path order or by
    keyword; every other keyword is a query parameter (``None`` means "not given"). Arguments
    are validated against the spec before anything is sent: a ``ValidationError`` lists every
    problem and costs no quota. ``describe()`` prints what each action takes.
    """

    def list(self, *ids: Any, **params: Any) -> Records:
        """Every record of the list, fetched lazily page by page (e.g. ``sales_orders.list(job_id=...)``)."""
        endpoint, path, query = self._split("list", ids, params)
        return self._native.list(endpoint, path, query)  # type: ignore[no-any-return]

    def search(self, *ids: Any, **params: Any) -> Records:
        """Every record matching a search, fetched lazily page by page (e.g. ``jobs.search(date_from=..., date_to=...)``)."""
        endpoint, path, query = self._split("search", ids, params)
        return self._native.list(endpoint, path, query)  # type: ignore[no-any-return]

    def get(self, *ids: Any, **params: Any) -> T:
        """One record by its id(s), e.g. ``jobs.get(31987)`` or ``purchase_orders.get(job_id, po_id)``."""
        endpoint, path, query = self._split("get", ids, params)
        return self._native.get(endpoint, path, query)  # type: ignore[no-any-return]

    def create(self, *ids: Any, data: Any, **params: Any) -> Written:
        """Creates a record from ``data`` (a mapping or record): validated, journaled, never duplicated.

        When the outcome is unknown (connection lost after sending, timeout, 5xx) pacer looks
        the record up before anything is sent again; ``Written.reconciled`` tells.
        """
        endpoint, path, query = self._split("create", ids, params)
        return self._native.write(endpoint, path, query, data)  # type: ignore[no-any-return]

    def update(self, *ids: Any, data: Any, **params: Any) -> Written:
        """Replaces a record (PUT: send the whole record; a partial body may silently change nothing)."""
        endpoint, path, query = self._split("update", ids, params)
        return self._native.write(endpoint, path, query, data)  # type: ignore[no-any-return]

    def delete(self, *ids: Any, **params: Any) -> Written:
        """Deletes a record (Synq products), journaled like every write."""
        endpoint, path, query = self._split("delete", ids, params)
        return self._native.write(endpoint, path, query, None)  # type: ignore[no-any-return]

    def archive(self, *ids: Any, **params: Any) -> T:
        """Archives a record and returns it as archived (Salync products and variants archive
        rather than delete: gone from lists, still found by id)."""
        endpoint, path, query = self._split("archive", ids, params)
        return self._native.write(endpoint, path, query, None).record  # type: ignore[no-any-return]

    def by_sku(self, sku: str) -> T:
        """Looks a record up by SKU (Salync products; a variant's SKU finds its product)."""
        endpoint, path, query = self._split("by_sku", (sku,), {})
        return self._native.get(endpoint, path, query)  # type: ignore[no-any-return]

    def action(self, action: str, *ids: Any, data: Any = None, **params: Any) -> Any:
        """Calls any action of the resource by its spec name (``inventory.action("adjust", data=...)``,
        also written ``inventory.adjust(data=...)``): a read returns its record, a write its
        ``Written``."""
        endpoint, path, query = self._split(action, ids, params)
        if self._method(action) == "GET":
            return self._native.get(endpoint, path, query)
        return self._native.write(endpoint, path, query, data)


class AsyncResource(_Bound, Generic[T]):
    """One resource of the provider, for asyncio: ``await res.get(...)``, ``async for r in res.search(...)``.

    Arguments bind as for ``Resource``; ``list``/``search`` validate at once and return an
    async iterator.
    """

    def list(self, *ids: Any, **params: Any) -> AsyncRecords:
        """Every record of the list, as an async iterator."""
        endpoint, path, query = self._split("list", ids, params)
        return self._native.list_async(endpoint, path, query)  # type: ignore[no-any-return]

    def search(self, *ids: Any, **params: Any) -> AsyncRecords:
        """Every record matching a search, as an async iterator."""
        endpoint, path, query = self._split("search", ids, params)
        return self._native.list_async(endpoint, path, query)  # type: ignore[no-any-return]

    async def get(self, *ids: Any, **params: Any) -> T:
        """One record by its id(s)."""
        endpoint, path, query = self._split("get", ids, params)
        return await self._native.get_async(endpoint, path, query)  # type: ignore[no-any-return]

    async def create(self, *ids: Any, data: Any, **params: Any) -> Written:
        """Creates a record (validated, journaled, never duplicated)."""
        endpoint, path, query = self._split("create", ids, params)
        return await self._native.write_async(endpoint, path, query, data)  # type: ignore[no-any-return]

    async def update(self, *ids: Any, data: Any, **params: Any) -> Written:
        """Replaces a record (send the whole record)."""
        endpoint, path, query = self._split("update", ids, params)
        return await self._native.write_async(endpoint, path, query, data)  # type: ignore[no-any-return]

    async def delete(self, *ids: Any, **params: Any) -> Written:
        """Deletes a record (Synq products)."""
        endpoint, path, query = self._split("delete", ids, params)
        return await self._native.write_async(endpoint, path, query, None)  # type: ignore[no-any-return]

    async def archive(self, *ids: Any, **params: Any) -> T:
        """Archives a record and returns it as archived (Salync products and variants)."""
        endpoint, path, query = self._split("archive", ids, params)
        written = await self._native.write_async(endpoint, path, query, None)
        return written.record  # type: ignore[no-any-return]

    async def by_sku(self, sku: str) -> T:
        """Looks a record up by SKU (Salync products)."""
        endpoint, path, query = self._split("by_sku", (sku,), {})
        return await self._native.get_async(endpoint, path, query)  # type: ignore[no-any-return]

    async def action(self, action: str, *ids: Any, data: Any = None, **params: Any) -> Any:
        """Calls any action of the resource by its spec name (see ``Resource.action``)."""
        endpoint, path, query = self._split(action, ids, params)
        if self._method(action) == "GET":
            return await self._native.get_async(endpoint, path, query)
        return await self._native.write_async(endpoint, path, query, data)


class Quota:
    """The client's quota: every window's state, and forecasts of workloads (nothing is spent)."""

    def __init__(self, native: Any) -> None:
        self._native = native

    def status(self) -> List[QuotaWindow]:
        """Every window: scope, used, limit, remaining, resets_at (aware datetime), binding."""
        return self._native.quota_status()  # type: ignore[no-any-return]

    def plan(self, workload: Mapping[str, int], *, wait_for_reset: bool = False) -> Forecast:
        """When would ``workload`` (e.g. ``{"orders.GET": 5000}``) finish from now, and which window binds?

        With ``wait_for_reset`` the forecast waits for spent calendar windows to reset
        instead of stopping there (as the client does by default).
        """
        return self._native.forecast(dict(workload), wait_for_reset)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return "<pacer_sdk.Quota: status(), plan(workload)>"


class _Base:
    """What every client has: its resources (from the provider spec), quota, journal, clock."""

    _provider = ""
    _resource_type: type = Resource

    def _start(self, **options: Any) -> None:
        self._native = _native.NativeClient(self._provider, **options)
        self.quota = Quota(self._native)
        self._resources: Dict[str, Any] = {}
        for info in self._native.resources():
            resource = self._resource_type(self._native, info)
            self._resources[info["attr"]] = resource
            setattr(self, info["attr"], resource)

    @property
    def resources(self) -> Dict[str, Any]:
        """Every resource of the spec by attribute name (aliases included)."""
        return dict(self._resources)

    @property
    def base_url(self) -> str:
        """The base URL in use."""
        return self._native.base_url  # type: ignore[no-any-return]

    @property
    def ledger(self) -> str:
        """Where quota state and the write journal live, e.g. ``sqlite:/path/ledger.db``."""
        return self._native.ledger  # type: ignore[no-any-return]

    def now(self) -> _dt.datetime:
        """The client's clock reading (the ``clock`` it was given; real time by default)."""
        return self._native.now()  # type: ignore[no-any-return]

    def pending_writes(self) -> List[JournalEntry]:
        """Writes whose outcome is not settled yet (pending or unknown), oldest first."""
        return self._native.pending_writes()  # type: ignore[no-any-return]

    def writes(self, states: Optional[Sequence[str]] = None) -> List[JournalEntry]:
        """Journaled writes in any of ``states`` (pending, done, reconciled, unknown, not_applied, failed); all when None."""
        return self._native.writes(list(states) if states is not None else None)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return repr(self._native)


class _Blocking:
    _native: Any

    def reconcile_pending(self, resend: bool = False) -> List[JournalEntry]:
        """Settles writes whose outcome is unknown by looking each record up.

        Found: ``reconciled``. Proven absent: ``not_applied``, or sent again when ``resend``.
        Returns the entries as they now stand.
        """
        return self._native.reconcile_pending(resend)  # type: ignore[no-any-return]


class _Async:
    _native: Any

    async def reconcile_pending(self, resend: bool = False) -> List[JournalEntry]:
        """Settles writes whose outcome is unknown by looking each record up (see ``Syncore``)."""
        return await self._native.reconcile_pending_async(resend)  # type: ignore[no-any-return]


class _Client(_Base):
    """Syncore's options (shared by ``Syncore`` and ``AsyncSyncore``)."""

    def __init__(
        self,
        *,
        api_key: str,
        user_agent: str,
        base_url: Optional[str] = None,
        ledger: Optional[str] = None,
        spec_overrides: Optional[str] = None,
        page_size: Optional[int] = None,
        max_wait: Optional[Duration] = None,
        wait_for_reset: bool = False,
        timeout: Optional[Duration] = None,
        connect_timeout: Optional[Duration] = None,
        account: Optional[str] = None,
        plan: Optional[str] = None,
        clock: Union[Clock, str, None] = None,
    ) -> None:
        self._start(
            api_key=api_key,
            user_agent=user_agent,
            base_url=base_url,
            ledger=ledger,
            spec_overrides=spec_overrides,
            page_size=page_size,
            max_wait=max_wait,
            wait_for_reset=wait_for_reset,
            timeout=timeout,
            connect_timeout=connect_timeout,
            account=account,
            plan=plan,
            clock=clock,
        )


class Syncore(_Blocking, _Client):
    """The Syncore API, blocking (each call releases the GIL while it waits or talks HTTP).

    ``Syncore(api_key=..., user_agent="AcmeSync/1.0", base_url=None, ledger=None, ...)``:

    - ``user_agent``: your integration's registered User-Agent (the policy requires it).
    - ``base_url``: the API (default ``https://api.syncore.app``) or an emulator's URL.
    - ``clock``: real time unless given: ``emu.clock`` runs the client on an in-process
      ``pacer_sdk.Emulator``'s virtual time (quota waits move it instead of sleeping);
      ``emu.clock_setting`` (``"emulator:http://127.0.0.1:PORT"``) follows one in another process.
    - ``ledger``: ``"memory"`` or ``"sqlite:///path/ledger.db"`` (default: a SQLite file in
      ``~/.local/share/pacer/`` shared by every process of the user on the host).
    - ``spec_overrides``: TOML merged over the provider spec (unconfirmed paths, quota windows).
    - ``page_size``, ``max_wait`` (longest quota wait, seconds or timedelta; longer raises
      ``QuotaExhausted``), ``wait_for_reset`` (wait for spent calendar windows instead of
      raising), ``timeout``/``connect_timeout``, ``account``, ``plan``.

    Resources (attributes, each a ``pacer_sdk.Resource``; ``client.jobs.describe()`` lists actions):
    contacts, store_contacts, jobs, store_jobs, sales_orders, all_sales_orders,
    sales_order_line_items, sales_order_payments, purchase_orders, all_purchase_orders,
    purchase_order_line_items, purchase_order_payments, commission_codes, card_types,
    payment_types, payment_terms, adjustment_types, suppliers, product_indices, client_groups,
    v1_jobs, v1_contacts. Parent ids are keywords or leading positionals::

        client.jobs.search(date_from="2026-01-01", date_to="2026-01-31", status=None)
        client.jobs.get(31987)
        client.sales_orders.list(job_id=31987)
        client.sales_orders.search(date_from="2026-01-01", date_to="2026-01-31")  # across jobs
        client.sales_order_line_items.list(job_id=31987, salesorder_id=40454)
        client.purchase_orders.get(31987, 68777)
        client.sales_orders.create(job_id=31987, data={...})

    Also: ``client.quota.status()``, ``client.quota.plan({"orders.GET": 5000})``,
    ``client.pending_writes()``, ``client.reconcile_pending()``, ``client.now()``.
    """

    _provider = "syncore"
    _resource_type = Resource

    contacts: Resource[Contact]
    store_contacts: Resource[Contact]
    jobs: Resource[Job]
    store_jobs: Resource[Job]
    sales_orders: Resource[SalesOrder]
    all_sales_orders: Resource[SalesOrder]
    sales_order_line_items: Resource[LineItem]
    sales_order_payments: Resource[Payment]
    purchase_orders: Resource[PurchaseOrder]
    all_purchase_orders: Resource[PurchaseOrder]
    purchase_order_line_items: Resource[LineItem]
    purchase_order_payments: Resource[Payment]
    commission_codes: Resource[CommissionCode]
    card_types: Resource[CardType]
    payment_types: Resource[PaymentType]
    payment_terms: Resource[PaymentTerm]
    adjustment_types: Resource[AdjustmentType]
    suppliers: Resource[Supplier]
    product_indices: Resource[ProductIndex]
    client_groups: Resource[ClientGroup]
    v1_jobs: Resource[Job]
    v1_contacts: Resource[Contact]


class AsyncSyncore(_Async, _Client):
    """The Syncore API for asyncio, on the same core as ``Syncore`` (same arguments).

    Reads and writes are awaitables (``await client.jobs.get(31987)``), lists are async
    iterators (``async for job in client.jobs.search(...)``); ``quota``, ``pending_writes()``
    and ``writes()`` are local and stay plain calls. Cancelling an awaiting task stops its
    request or quota wait.
    """

    _provider = "syncore"
    _resource_type = AsyncResource

    contacts: AsyncResource[Contact]
    store_contacts: AsyncResource[Contact]
    jobs: AsyncResource[Job]
    store_jobs: AsyncResource[Job]
    sales_orders: AsyncResource[SalesOrder]
    all_sales_orders: AsyncResource[SalesOrder]
    sales_order_line_items: AsyncResource[LineItem]
    sales_order_payments: AsyncResource[Payment]
    purchase_orders: AsyncResource[PurchaseOrder]
    all_purchase_orders: AsyncResource[PurchaseOrder]
    purchase_order_line_items: AsyncResource[LineItem]
    purchase_order_payments: AsyncResource[Payment]
    commission_codes: AsyncResource[CommissionCode]
    card_types: AsyncResource[CardType]
    payment_types: AsyncResource[PaymentType]
    payment_terms: AsyncResource[PaymentTerm]
    adjustment_types: AsyncResource[AdjustmentType]
    suppliers: AsyncResource[Supplier]
    product_indices: AsyncResource[ProductIndex]
    client_groups: AsyncResource[ClientGroup]
    v1_jobs: AsyncResource[Job]
    v1_contacts: AsyncResource[Contact]


class _SynqClient(_Base):
    """Synq's options (shared by ``Synq`` and ``AsyncSynq``)."""

    _provider = "synq"

    def __init__(
        self,
        *,
        tenant_id: str,
        org_id: str,
        base_url: str,
        token: Optional[str] = None,
        token_provider: Optional[Callable[[], str]] = None,
        user_agent: Optional[str] = None,
        ledger: Optional[str] = None,
        spec_overrides: Optional[str] = None,
        page_size: Optional[int] = None,
        max_wait: Optional[Duration] = None,
        wait_for_reset: bool = False,
        timeout: Optional[Duration] = None,
        connect_timeout: Optional[Duration] = None,
        lockstep: bool = False,
        clock: Union[Clock, str, None] = None,
    ) -> None:
        self._start(
            api_key=token,
            token_provider=token_provider,
            header_values=[("tenant_id", tenant_id), ("org_id", org_id)],
            user_agent=user_agent,
            base_url=base_url,
            ledger=ledger,
            spec_overrides=spec_overrides,
            page_size=page_size,
            max_wait=max_wait,
            wait_for_reset=wait_for_reset,
            timeout=timeout,
            connect_timeout=connect_timeout,
            lockstep=lockstep,
            clock=clock,
        )


class Synq(_Blocking, _SynqClient):
    """The Synq API (catalog, orders, inventory, channels), blocking.

    ``Synq(tenant_id=..., org_id=..., base_url=..., token=... or token_provider=..., ...)``:

    - ``base_url``: required (public documents name three hosts; none is a safe default), or
      an emulator's URL (give it the emulator's ``clock`` to share its virtual time).
    - ``token``: a bearer token; or ``token_provider``: a callable returning one, asked at first
      use and again (once per request) when the server answers 401 (tokens expire after an
      hour). The token never appears in a repr, an error or a log.
    - ``tenant_id``, ``org_id``: sent as ``X-Tenant-ID`` and ``X-Org-ID`` on every request.
    - ``ledger``: ``"memory"`` or ``"sqlite:///path/ledger.db"``; the quota is a sliding 100
      requests a minute per egress IP, so every process on the host should share one ledger.
    - ``lockstep``: join the emulator's lockstep virtual clock (tests running concurrent
      workers in virtual time). Other options as for ``pacer_sdk.Syncore``.

    Resources: products (``list`` says ``truncated`` past 100), product_variants(product_id),
    categories, brands, attributes, attribute_groups, templates, media, bulk_jobs, exports,
    orders (``limit``/``offset`` paging; ``create`` sends an idempotency key pacer generates
    and reuses on retry, so a retried create makes one order), inventory (``adjust``),
    channels, integrations (``auth_url``, ``callback``), connections, members (``invite``),
    tenant_settings (``get()``, ``update(data=...)``), audit (``truncated`` past 50)::

        synq.orders.list()                       # every order, 100 a page
        synq.orders.create(data={"payment_provider": "stripe", "items": [...]})
        synq.inventory.action("adjust", data={...})
        pacer_sdk.synq.check_transition(order.status, "processing")   # the order state machine

    Bodies over 10 MB are refused locally with a ``ValidationError``.
    """

    _resource_type = Resource

    products: Resource[synq.Product]
    product_variants: Resource[synq.Variant]
    categories: Resource[synq.Category]
    brands: Resource[synq.Brand]
    attributes: Resource[synq.Attribute]
    attribute_groups: Resource[synq.AttributeGroup]
    templates: Resource[synq.Template]
    media: Resource[synq.Media]
    bulk_jobs: Resource[synq.BulkJob]
    exports: Resource[Dict[str, Any]]
    orders: Resource[synq.Order]
    inventory: Resource[synq.InventoryAdjustment]
    channels: Resource[synq.Channel]
    integrations: Resource[Dict[str, Any]]
    connections: Resource[synq.Connection]
    members: Resource[synq.Member]
    tenant_settings: Resource[synq.TenantSettings]
    audit: Resource[synq.AuditEntry]


class AsyncSynq(_Async, _SynqClient):
    """The Synq API for asyncio, on the same core as ``Synq`` (same arguments).

    Reads and writes are awaitables, lists async iterators; the token provider is still a
    plain callable (it runs on pacer's I/O thread).
    """

    _resource_type = AsyncResource

    products: AsyncResource[synq.Product]
    product_variants: AsyncResource[synq.Variant]
    categories: AsyncResource[synq.Category]
    brands: AsyncResource[synq.Brand]
    attributes: AsyncResource[synq.Attribute]
    attribute_groups: AsyncResource[synq.AttributeGroup]
    templates: AsyncResource[synq.Template]
    media: AsyncResource[synq.Media]
    bulk_jobs: AsyncResource[synq.BulkJob]
    exports: AsyncResource[Dict[str, Any]]
    orders: AsyncResource[synq.Order]
    inventory: AsyncResource[synq.InventoryAdjustment]
    channels: AsyncResource[synq.Channel]
    integrations: AsyncResource[Dict[str, Any]]
    connections: AsyncResource[synq.Connection]
    members: AsyncResource[synq.Member]
    tenant_settings: AsyncResource[synq.TenantSettings]
    audit: AsyncResource[synq.AuditEntry]


class _SalyncClient(_Base):
    """Salync's options (shared by ``Salync`` and ``AsyncSalync``)."""

    _provider = "salync"

    def __init__(
        self,
        *,
        api_key: str,
        plan: str = "growth",
        user_agent: Optional[str] = None,
        base_url: Optional[str] = None,
        ledger: Optional[str] = None,
        spec_overrides: Optional[str] = None,
        page_size: Optional[int] = None,
        max_wait: Optional[Duration] = None,
        wait_for_reset: bool = False,
        timeout: Optional[Duration] = None,
        connect_timeout: Optional[Duration] = None,
        clock: Union[Clock, str, None] = None,
    ) -> None:
        self._start(
            api_key=api_key,
            plan=plan,
            clock=clock,
            user_agent=user_agent,
            base_url=base_url,
            ledger=ledger,
            spec_overrides=spec_overrides,
            page_size=page_size,
            max_wait=max_wait,
            wait_for_reset=wait_for_reset,
            timeout=timeout,
            connect_timeout=connect_timeout,
        )


class Salync(_Blocking, _SalyncClient):
    """The Salync API (products, stock, suppliers, purchase orders, channels), blocking.

    ``Salync(api_key=..., plan="growth" | "pro", user_agent=None, base_url=None, ledger=None, ...)``:

    - ``plan``: the key's plan sets its quota: Growth 500 requests a day and 20 a minute, Pro
      10,000 and 200. The day resets at midnight UTC; once it is spent, calls raise
      ``QuotaExhausted`` at once with ``resets_at`` (never sleeping for hours inside a call)
      unless ``wait_for_reset=True``.
    - ``base_url``: ``https://api.salync.com/v1`` by default (HTTPS only except loopback), or an
      emulator's URL. Salync publishes no paths or paging: pacer's choices are marked
      unconfirmed in its spec and ``spec_overrides`` can move them without a release.
    - Other options as for ``pacer_sdk.Syncore``.

    Resources: products (``list``, ``get``, ``by_sku``, ``create``, ``update``, ``archive``; at
    most three option types), product_variants(product_id) (the same without ``by_sku``),
    stock (levels), stock_adjustments (``list``, ``create``), suppliers, purchase_orders
    (``list``, ``get``, ``create``), channels (connection status), channel_listings(channel_id)::

        salync.products.by_sku("MUG-11OZ")
        salync.products.archive(product.id)
        salync.stock.list(product_id=product.id)
        salync.channel_listings.list(channel_id=channel.id)

    Webhooks (Pro plan): ``pacer_sdk.webhooks.SalyncReceiver``.
    """

    products: Resource[salync.Product]
    product_variants: Resource[salync.Variant]
    stock: Resource[salync.StockLevel]
    stock_adjustments: Resource[salync.StockAdjustment]
    suppliers: Resource[salync.Supplier]
    purchase_orders: Resource[salync.PurchaseOrder]
    channels: Resource[salync.Channel]
    channel_listings: Resource[salync.Listing]


class AsyncSalync(_Async, _SalyncClient):
    """The Salync API for asyncio, on the same core as ``Salync`` (same arguments)."""

    _resource_type = AsyncResource

    products: AsyncResource[salync.Product]
    product_variants: AsyncResource[salync.Variant]
    stock: AsyncResource[salync.StockLevel]
    stock_adjustments: AsyncResource[salync.StockAdjustment]
    suppliers: AsyncResource[salync.Supplier]
    purchase_orders: AsyncResource[salync.PurchaseOrder]
    channels: AsyncResource[salync.Channel]
    channel_listings: AsyncResource[salync.Listing]
