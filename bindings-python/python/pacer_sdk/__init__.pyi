"""Type stubs of pacer: the clients, their resources, records, errors and the emulator.

The sections between the GENERATED markers (the error classes, the client classes and the
record classes) are written by `cargo run -p pacer-sdk-gen` from the surface descriptors (the
test command checks they match); the rest is written by hand.
"""

import datetime
from collections.abc import AsyncIterator, Coroutine, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Callable, ClassVar, Generic, Literal, TypeVar, overload

from . import salync as salync, synq as synq, webhooks as webhooks

__version__: str
__all__: list[str]

_T = TypeVar("_T")
_R = TypeVar("_R", bound="Record")
_C = TypeVar("_C", bound="Client[Any]")

RECORD_TYPES: dict[str, type]

# Errors ------------------------------------------------------------------------------------

# BEGIN GENERATED errors (pacer-sdk-gen; do not edit)
class FieldError:
    """One rule broken by one field."""

    def __init__(self, field: str, rule: str, message: str) -> None: ...
    @property
    def field(self) -> str:
        """The path as the API spells it, e.g. `bill_to.country` or `line_items[2].quantity`."""
    @property
    def property(self) -> str:
        """The same path as this language spells record attributes: camelCase in JavaScript (`billTo.country`); in Python and WIT the API's spelling, equal to `field`."""
    @property
    def rule(self) -> str:
        """Stable rule name, e.g. `required`, `format.email`, `history_window`."""
    @property
    def message(self) -> str:
        """A sentence a person can act on."""
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

class PacerError(Exception):
    """Every pacer failure; the fields of the flat error apply where they are not None."""

    kind: str
    """validation, quota, api, transport, config or webhook."""
    code: str
    """A stable machine-readable code, e.g. validation_failed, quota_exhausted, http_404."""
    message: str
    """A sentence a person can act on (never a credential)."""
    status: int | None
    """The HTTP status, for api errors."""
    body: str | None
    """The server's raw body, for api errors."""
    errors: list[FieldError]
    """Every field error (field, rule, message), for validation errors."""
    retry_after: float | None
    """How long to wait before trying again, in seconds."""
    resets_at: datetime.datetime | None
    """When the spent quota window resets."""
    scope: str | None
    """The quota window and scope involved."""

class ValidationError(PacerError):
    """Bad input, caught before any request was sent or quota spent; `errors` lists every field error."""

class QuotaError(PacerError):
    """A quota window is spent, or the wait for it is longer than allowed; see `resets_at`, `retry_after` and `scope`."""

class ApiError(PacerError):
    """The server answered with an error status; `status` and the raw `body` are kept."""

class TransportError(PacerError):
    """The request could not be delivered, or its outcome is unknown (a write is then journaled)."""

class ConfigError(PacerError):
    """The configuration is unusable (a missing credential, a bad URL or option, an unknown endpoint, a misused drive loop)."""

class WebhookError(PacerError):
    """A webhook delivery failed verification or parsing."""
# END GENERATED errors

#: Deprecated alias of ``QuotaError`` (its name before the error table).
QuotaExhausted = QuotaError

# What calls return -------------------------------------------------------------------------

class Records(Iterator[_T]):
    """The records of a list or search, fetched page by page as iteration needs them."""

    def __iter__(self) -> Records[_T]: ...
    def __next__(self) -> _T: ...
    def to_list(self) -> list[_T]: ...
    @property
    def truncated(self) -> bool: ...
    @property
    def end_reason(self) -> str | None: ...
    @property
    def total(self) -> int | None: ...
    @property
    def pages(self) -> int: ...
    @property
    def seen(self) -> int: ...
    @property
    def done(self) -> bool: ...

class AsyncRecords(AsyncIterator[_T]):
    """The records of a list or search as an async iterator."""

    def __aiter__(self) -> AsyncRecords[_T]: ...
    async def __anext__(self) -> _T: ...
    @property
    def truncated(self) -> bool: ...
    @property
    def end_reason(self) -> str | None: ...
    @property
    def total(self) -> int | None: ...
    @property
    def pages(self) -> int: ...
    @property
    def seen(self) -> int: ...
    @property
    def done(self) -> bool: ...

class Written:
    """The outcome of a create or update."""

    @property
    def id(self) -> int | str | None: ...
    @property
    def location(self) -> str | None: ...
    @property
    def reconciled(self) -> bool: ...
    @property
    def journal_id(self) -> str: ...
    @property
    def status(self) -> int: ...
    @property
    def record(self) -> Any: ...
    def json(self) -> Any: ...

class JournalEntry:
    """One journaled write."""

    @property
    def id(self) -> str: ...
    @property
    def provider(self) -> str: ...
    @property
    def endpoint(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def args(self) -> dict[str, Any]: ...
    @property
    def state(self) -> str: ...
    @property
    def attempts(self) -> int: ...
    @property
    def result_id(self) -> str | None: ...
    @property
    def note(self) -> str | None: ...
    @property
    def created_at(self) -> datetime.datetime: ...
    @property
    def updated_at(self) -> datetime.datetime: ...

class QuotaWindow:
    """The state of one quota window."""

    @property
    def window(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def used(self) -> int: ...
    @property
    def limit(self) -> int: ...
    @property
    def remaining(self) -> int: ...
    @property
    def resets_at(self) -> datetime.datetime | None: ...
    @property
    def overage_limit(self) -> int | None: ...
    @property
    def in_overage(self) -> bool: ...
    @property
    def blocked_until(self) -> datetime.datetime | None: ...
    @property
    def binding(self) -> bool: ...

class Forecast:
    """A workload forecast (nothing is spent)."""

    @property
    def start(self) -> datetime.datetime: ...
    @property
    def finish(self) -> datetime.datetime | None: ...
    @property
    def duration(self) -> datetime.timedelta | None: ...
    @property
    def binding_window(self) -> str | None: ...
    @property
    def wait_seconds(self) -> dict[str, float]: ...
    @property
    def kinds(self) -> list[dict[str, Any]]: ...
    @property
    def blocked(self) -> list[dict[str, Any]]: ...
    def to_dict(self) -> dict[str, Any]: ...

# Clients -----------------------------------------------------------------------------------

class _Sync:
    """Marks a blocking client's resources (stubs only)."""

class _Async:
    """Marks an asyncio client's resources (stubs only)."""

_M = TypeVar("_M", _Sync, _Async)

class Resource(Generic[_T, _M]):
    """One resource of a provider's spec, blocking or async as its client is."""

    name: str
    attr: str
    @property
    def actions(self) -> list[str]: ...
    def describe(self) -> str: ...
    @overload
    def list(self: Resource[_T, _Sync], *ids: Any, **params: Any) -> Records[_T]: ...
    @overload
    def list(self: Resource[_T, _Async], *ids: Any, **params: Any) -> AsyncRecords[_T]: ...
    @overload
    def search(self: Resource[_T, _Sync], *ids: Any, **params: Any) -> Records[_T]: ...
    @overload
    def search(self: Resource[_T, _Async], *ids: Any, **params: Any) -> AsyncRecords[_T]: ...
    @overload
    def get(self: Resource[_T, _Sync], *ids: Any, **params: Any) -> _T: ...
    @overload
    def get(self: Resource[_T, _Async], *ids: Any, **params: Any) -> Coroutine[Any, Any, _T]: ...
    @overload
    def by_sku(self: Resource[_T, _Sync], sku: str) -> _T: ...
    @overload
    def by_sku(self: Resource[_T, _Async], sku: str) -> Coroutine[Any, Any, _T]: ...
    @overload
    def create(self: Resource[_T, _Sync], *ids: Any, data: Any = None, **params: Any) -> Written: ...
    @overload
    def create(self: Resource[_T, _Async], *ids: Any, data: Any = None, **params: Any) -> Coroutine[Any, Any, Written]: ...
    @overload
    def update(self: Resource[_T, _Sync], *ids: Any, data: Any = None, **params: Any) -> Written: ...
    @overload
    def update(self: Resource[_T, _Async], *ids: Any, data: Any = None, **params: Any) -> Coroutine[Any, Any, Written]: ...
    @overload
    def delete(self: Resource[_T, _Sync], *ids: Any, **params: Any) -> Written: ...
    @overload
    def delete(self: Resource[_T, _Async], *ids: Any, **params: Any) -> Coroutine[Any, Any, Written]: ...
    @overload
    def archive(self: Resource[_T, _Sync], *ids: Any, **params: Any) -> Written: ...
    @overload
    def archive(self: Resource[_T, _Async], *ids: Any, **params: Any) -> Coroutine[Any, Any, Written]: ...
    def action(self, action: str, *ids: Any, data: Any = None, **params: Any) -> Any: ...
    def __getattr__(self, action: str) -> Callable[..., Any]: ...

class Quota:
    """The client's quota windows and workload forecasts."""

    def status(self) -> list[QuotaWindow]: ...
    def plan(self, workload: Mapping[str, int], *, wait_for_reset: bool = False) -> Forecast: ...

class Client(Generic[_M]):
    """A client of one provider's API: the base of every client class."""

    provider: ClassVar[str]
    is_async: ClassVar[bool]
    quota: Quota
    resources: dict[str, Resource[Any, _M]]
    def __init__(self, **options: Any) -> None: ...
    @property
    def base_url(self) -> str: ...
    @property
    def ledger(self) -> str: ...
    @property
    def options(self) -> dict[str, Any]: ...
    def now(self) -> datetime.datetime: ...
    def pending_writes(self) -> list[JournalEntry]: ...
    def writes(self, states: Sequence[str] | None = None) -> list[JournalEntry]: ...
    @overload
    def reconcile_pending(self: Client[_Sync], resend: bool = False) -> list[JournalEntry]: ...
    @overload
    def reconcile_pending(self: Client[_Async], resend: bool = False) -> Coroutine[Any, Any, list[JournalEntry]]: ...
    def __enter__(self: _C) -> _C: ...
    def __exit__(self, *exc: object) -> None: ...

# BEGIN GENERATED clients (pacer-sdk-gen; do not edit)
class Syncore(Client[_Sync]):
    """The Syncore API, blocking."""

    def __init__(
        self,
        *,
        api_key: str,
        user_agent: str,
        base_url: str | None = "https://api.syncore.app",
        ledger: str | None = None,
        clock: Clock | str | None = None,
        spec_overrides: str | None = None,
        account: str | None = None,
        page_size: int | None = None,
        timeout: float | datetime.timedelta | None = 30.0,
        connect_timeout: float | datetime.timedelta | None = 10.0,
        max_response_bytes: int | None = 8388608,
        max_wait: float | datetime.timedelta | None = None,
        wait_for_reset: bool | None = False,
        rate_margin: float | datetime.timedelta | None = 0.25,
        max_attempts: int | None = 5,
        retry_base_delay: float | datetime.timedelta | None = 0.5,
        retry_max_delay: float | datetime.timedelta | None = 30.0,
        dangerously_allow_insecure_http: bool | None = False,
    ) -> None: ...
    contacts: Resource[Contact, _Sync]
    store_contacts: Resource[WriteResult, _Sync]
    jobs: Resource[Job, _Sync]
    store_jobs: Resource[WriteResult, _Sync]
    sales_orders: Resource[SalesOrder, _Sync]
    sales_order_line_items: Resource[LineItem, _Sync]
    sales_order_payments: Resource[Payment, _Sync]
    purchase_orders: Resource[PurchaseOrder, _Sync]
    purchase_order_line_items: Resource[LineItem, _Sync]
    purchase_order_payments: Resource[Payment, _Sync]
    commission_codes: Resource[CommissionCode, _Sync]
    card_types: Resource[CardType, _Sync]
    payment_types: Resource[PaymentType, _Sync]
    payment_terms: Resource[PaymentTerm, _Sync]
    adjustment_types: Resource[AdjustmentType, _Sync]
    suppliers: Resource[Supplier, _Sync]
    product_indices: Resource[ProductIndex, _Sync]
    client_groups: Resource[ClientGroup, _Sync]
    v1_jobs: Resource[Job, _Sync]
    v1_contacts: Resource[Contact, _Sync]
    all_sales_orders: Resource[SalesOrder, _Sync]
    all_purchase_orders: Resource[PurchaseOrder, _Sync]

class AsyncSyncore(Client[_Async]):
    """The Syncore API, for asyncio."""

    def __init__(
        self,
        *,
        api_key: str,
        user_agent: str,
        base_url: str | None = "https://api.syncore.app",
        ledger: str | None = None,
        clock: Clock | str | None = None,
        spec_overrides: str | None = None,
        account: str | None = None,
        page_size: int | None = None,
        timeout: float | datetime.timedelta | None = 30.0,
        connect_timeout: float | datetime.timedelta | None = 10.0,
        max_response_bytes: int | None = 8388608,
        max_wait: float | datetime.timedelta | None = None,
        wait_for_reset: bool | None = False,
        rate_margin: float | datetime.timedelta | None = 0.25,
        max_attempts: int | None = 5,
        retry_base_delay: float | datetime.timedelta | None = 0.5,
        retry_max_delay: float | datetime.timedelta | None = 30.0,
        dangerously_allow_insecure_http: bool | None = False,
    ) -> None: ...
    contacts: Resource[Contact, _Async]
    store_contacts: Resource[WriteResult, _Async]
    jobs: Resource[Job, _Async]
    store_jobs: Resource[WriteResult, _Async]
    sales_orders: Resource[SalesOrder, _Async]
    sales_order_line_items: Resource[LineItem, _Async]
    sales_order_payments: Resource[Payment, _Async]
    purchase_orders: Resource[PurchaseOrder, _Async]
    purchase_order_line_items: Resource[LineItem, _Async]
    purchase_order_payments: Resource[Payment, _Async]
    commission_codes: Resource[CommissionCode, _Async]
    card_types: Resource[CardType, _Async]
    payment_types: Resource[PaymentType, _Async]
    payment_terms: Resource[PaymentTerm, _Async]
    adjustment_types: Resource[AdjustmentType, _Async]
    suppliers: Resource[Supplier, _Async]
    product_indices: Resource[ProductIndex, _Async]
    client_groups: Resource[ClientGroup, _Async]
    v1_jobs: Resource[Job, _Async]
    v1_contacts: Resource[Contact, _Async]
    all_sales_orders: Resource[SalesOrder, _Async]
    all_purchase_orders: Resource[PurchaseOrder, _Async]

class Synq(Client[_Sync]):
    """The Synq API, blocking."""

    def __init__(
        self,
        *,
        token: str | None = None,
        token_provider: Callable[[], str] | None = None,
        user_agent: str | None = None,
        tenant_id: str,
        org_id: str,
        base_url: str,
        ledger: str | None = None,
        clock: Clock | str | None = None,
        spec_overrides: str | None = None,
        account: str | None = None,
        page_size: int | None = None,
        timeout: float | datetime.timedelta | None = 30.0,
        connect_timeout: float | datetime.timedelta | None = 10.0,
        max_response_bytes: int | None = 16777216,
        max_wait: float | datetime.timedelta | None = None,
        wait_for_reset: bool | None = False,
        rate_margin: float | datetime.timedelta | None = 0.25,
        max_attempts: int | None = 5,
        retry_base_delay: float | datetime.timedelta | None = 0.5,
        retry_max_delay: float | datetime.timedelta | None = 30.0,
        egress_ip: str | None = None,
        dangerously_allow_insecure_http: bool | None = False,
    ) -> None: ...
    products: Resource[synq.Product, _Sync]
    product_variants: Resource[synq.Variant, _Sync]
    categories: Resource[synq.Category, _Sync]
    brands: Resource[synq.Brand, _Sync]
    attributes: Resource[synq.Attribute, _Sync]
    attribute_groups: Resource[synq.AttributeGroup, _Sync]
    templates: Resource[synq.Template, _Sync]
    media: Resource[synq.Media, _Sync]
    bulk_jobs: Resource[synq.BulkJob, _Sync]
    exports: Resource[dict[str, Any], _Sync]
    orders: Resource[synq.Order, _Sync]
    inventory: Resource[synq.InventoryAdjustment, _Sync]
    channels: Resource[synq.Channel, _Sync]
    integrations: Resource[synq.Connection, _Sync]
    connections: Resource[synq.Connection, _Sync]
    members: Resource[synq.Member, _Sync]
    tenant_settings: Resource[synq.TenantSettings, _Sync]
    audit: Resource[synq.AuditEntry, _Sync]

class AsyncSynq(Client[_Async]):
    """The Synq API, for asyncio."""

    def __init__(
        self,
        *,
        token: str | None = None,
        token_provider: Callable[[], str] | None = None,
        user_agent: str | None = None,
        tenant_id: str,
        org_id: str,
        base_url: str,
        ledger: str | None = None,
        clock: Clock | str | None = None,
        spec_overrides: str | None = None,
        account: str | None = None,
        page_size: int | None = None,
        timeout: float | datetime.timedelta | None = 30.0,
        connect_timeout: float | datetime.timedelta | None = 10.0,
        max_response_bytes: int | None = 16777216,
        max_wait: float | datetime.timedelta | None = None,
        wait_for_reset: bool | None = False,
        rate_margin: float | datetime.timedelta | None = 0.25,
        max_attempts: int | None = 5,
        retry_base_delay: float | datetime.timedelta | None = 0.5,
        retry_max_delay: float | datetime.timedelta | None = 30.0,
        egress_ip: str | None = None,
        dangerously_allow_insecure_http: bool | None = False,
    ) -> None: ...
    products: Resource[synq.Product, _Async]
    product_variants: Resource[synq.Variant, _Async]
    categories: Resource[synq.Category, _Async]
    brands: Resource[synq.Brand, _Async]
    attributes: Resource[synq.Attribute, _Async]
    attribute_groups: Resource[synq.AttributeGroup, _Async]
    templates: Resource[synq.Template, _Async]
    media: Resource[synq.Media, _Async]
    bulk_jobs: Resource[synq.BulkJob, _Async]
    exports: Resource[dict[str, Any], _Async]
    orders: Resource[synq.Order, _Async]
    inventory: Resource[synq.InventoryAdjustment, _Async]
    channels: Resource[synq.Channel, _Async]
    integrations: Resource[synq.Connection, _Async]
    connections: Resource[synq.Connection, _Async]
    members: Resource[synq.Member, _Async]
    tenant_settings: Resource[synq.TenantSettings, _Async]
    audit: Resource[synq.AuditEntry, _Async]

class Salync(Client[_Sync]):
    """The Salync API, blocking."""

    def __init__(
        self,
        *,
        api_key: str,
        user_agent: str | None = None,
        base_url: str | None = "https://api.salync.com/v1",
        plan: Literal["growth", "pro"] | None = "growth",
        ledger: str | None = None,
        clock: Clock | str | None = None,
        spec_overrides: str | None = None,
        account: str | None = None,
        page_size: int | None = None,
        timeout: float | datetime.timedelta | None = 30.0,
        connect_timeout: float | datetime.timedelta | None = 10.0,
        max_response_bytes: int | None = 16777216,
        max_wait: float | datetime.timedelta | None = None,
        wait_for_reset: bool | None = False,
        rate_margin: float | datetime.timedelta | None = 0.25,
        max_attempts: int | None = 5,
        retry_base_delay: float | datetime.timedelta | None = 0.5,
        retry_max_delay: float | datetime.timedelta | None = 30.0,
        dangerously_allow_insecure_http: bool | None = False,
    ) -> None: ...
    products: Resource[salync.Product, _Sync]
    product_variants: Resource[salync.Variant, _Sync]
    stock: Resource[salync.StockLevel, _Sync]
    stock_adjustments: Resource[salync.StockAdjustment, _Sync]
    suppliers: Resource[salync.Supplier, _Sync]
    purchase_orders: Resource[salync.PurchaseOrder, _Sync]
    channels: Resource[salync.Channel, _Sync]
    channel_listings: Resource[salync.Listing, _Sync]

class AsyncSalync(Client[_Async]):
    """The Salync API, for asyncio."""

    def __init__(
        self,
        *,
        api_key: str,
        user_agent: str | None = None,
        base_url: str | None = "https://api.salync.com/v1",
        plan: Literal["growth", "pro"] | None = "growth",
        ledger: str | None = None,
        clock: Clock | str | None = None,
        spec_overrides: str | None = None,
        account: str | None = None,
        page_size: int | None = None,
        timeout: float | datetime.timedelta | None = 30.0,
        connect_timeout: float | datetime.timedelta | None = 10.0,
        max_response_bytes: int | None = 16777216,
        max_wait: float | datetime.timedelta | None = None,
        wait_for_reset: bool | None = False,
        rate_margin: float | datetime.timedelta | None = 0.25,
        max_attempts: int | None = 5,
        retry_base_delay: float | datetime.timedelta | None = 0.5,
        retry_max_delay: float | datetime.timedelta | None = 30.0,
        dangerously_allow_insecure_http: bool | None = False,
    ) -> None: ...
    products: Resource[salync.Product, _Async]
    product_variants: Resource[salync.Variant, _Async]
    stock: Resource[salync.StockLevel, _Async]
    stock_adjustments: Resource[salync.StockAdjustment, _Async]
    suppliers: Resource[salync.Supplier, _Async]
    purchase_orders: Resource[salync.PurchaseOrder, _Async]
    channels: Resource[salync.Channel, _Async]
    channel_listings: Resource[salync.Listing, _Async]
# END GENERATED clients

# Emulator ----------------------------------------------------------------------------------

class RecordedRequest:
    """One request the emulator received."""

    @property
    def at(self) -> datetime.datetime: ...
    @property
    def at_ms(self) -> int: ...
    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def query(self) -> str: ...
    @property
    def endpoint(self) -> str | None: ...
    @property
    def status(self) -> int: ...
    @property
    def user_agent(self) -> str | None: ...
    @property
    def authenticated(self) -> bool: ...
    @property
    def body(self) -> str | None: ...
    @property
    def counted(self) -> bool: ...

class EmulatorWindow:
    """One quota window as the emulator counts it."""

    @property
    def window(self) -> str: ...
    @property
    def used(self) -> int: ...
    @property
    def limit(self) -> int: ...
    @property
    def resets_at(self) -> datetime.datetime | None: ...
    @property
    def in_overage(self) -> bool: ...

class Clock:
    """A clock a client runs on: an emulator's (``emu.clock``) or one a setting names
    (``"system"``, ``"emulator:http://127.0.0.1:PORT"``, ``"lockstep:http://127.0.0.1:PORT"``)."""

    def __init__(self, setting: str) -> None: ...
    def now(self) -> datetime.datetime: ...
    @property
    def description(self) -> str: ...

class Emulator:
    """A local emulator of a provider's API, served over real HTTP on 127.0.0.1."""

    def __init__(
        self,
        provider: str = "syncore",
        *,
        seed: int = 7,
        virtual_clock: bool = False,
        start: datetime.datetime | str | None = None,
        api_key: str | None = None,
        registered_user_agents: Sequence[str] | None = None,
        jobs: int = 3000,
        spec_overrides: str | None = None,
        enforce_quota: bool = True,
        day_zone: str = "America/New_York",
        port: int = 0,
        plan: str = "growth",
        tenant_id: str | None = None,
        org_id: str | None = None,
        webhook_secret: str | None = None,
    ) -> None: ...
    @property
    def base_url(self) -> str: ...
    @property
    def root_url(self) -> str: ...
    @property
    def provider(self) -> str: ...
    @property
    def api_key(self) -> str: ...
    @property
    def tenant_id(self) -> str: ...
    @property
    def org_id(self) -> str: ...
    @property
    def webhook_secret(self) -> str: ...
    def issue_token(self, ttl: _Duration | None = None) -> str: ...
    def register_webhook(self, url: str) -> None: ...
    def trigger(self, event: str, data: Any) -> str: ...
    def webhook_deliveries(self) -> list[dict[str, Any]]: ...
    def inbound_webhooks(self) -> list[Any]: ...
    def receive_purchase_order(self, id: str) -> Any: ...
    def transition_order(self, id: str, status: str) -> Any: ...
    @property
    def running(self) -> bool: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def clock_setting(self) -> str: ...
    def now(self) -> datetime.datetime: ...
    def advance(
        self,
        delta: _Duration | None = None,
        *,
        days: float = 0.0,
        hours: float = 0.0,
        minutes: float = 0.0,
        seconds: float = 0.0,
        milliseconds: float = 0.0,
    ) -> None: ...
    def inject_fault(
        self,
        kind: str,
        times: int = 1,
        *,
        status: int | None = None,
        delay: _Duration | None = None,
        page_size: int | None = None,
        method: str | None = None,
        path_contains: str | None = None,
    ) -> None: ...
    def clear_faults(self) -> None: ...
    def requests(self) -> list[RecordedRequest]: ...
    def usage(self) -> list[EmulatorWindow]: ...
    def stop(self) -> None: ...
    def __enter__(self) -> Emulator: ...
    def __exit__(self, *exc: object) -> Literal[False]: ...
    @classmethod
    def default_api_key(cls, seed: int) -> str: ...

# Records -----------------------------------------------------------------------------------

class Record:
    """A record of a provider's API: immutable, equal by value, unknown fields kept in `extra`."""

    FIELDS: ClassVar[tuple[str, ...]]
    def __init__(self, **fields: Any) -> None: ...
    @property
    def extra(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]: ...
    @classmethod
    def from_dict(cls: type[_R], data: Mapping[str, Any]) -> _R: ...
    @classmethod
    def from_json(cls: type[_R], json: str | bytes) -> _R: ...
    @classmethod
    def list_from_json(cls: type[_R], body: str | bytes, envelope: str | None = None) -> list[_R]: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

# BEGIN GENERATED records (pacer-sdk-gen; do not edit)
class Ref(Record):
    """A reference to another record by id and name (store, product index, client group…)."""

    @property
    def id(self) -> int | None:
        """The referenced record's id."""
    @property
    def name(self) -> str | None:
        """Its display name."""

class ClientRef(Record):
    """The client (a CRM contact) a job or sales order is for."""

    @property
    def id(self) -> int | None:
        """Contact id."""
    @property
    def business_name(self) -> str | None:
        """Company name."""
    @property
    def name(self) -> str | None:
        """Person's name."""
    @property
    def email(self) -> str | None:
        """E-mail address."""

class RepRef(Record):
    """A sales rep; reads expose the name only, writes identify reps by e-mail."""

    @property
    def name(self) -> str | None:
        """Rep's name."""
    @property
    def email(self) -> str | None:
        """Rep's e-mail, when present."""

class SupplierRef(Record):
    """A supplier as embedded in line items and purchase orders."""

    @property
    def id(self) -> int | None:
        """Supplier id."""
    @property
    def name(self) -> str | None:
        """Supplier name."""
    @property
    def type(self) -> str | None:
        """Supplier type (tenant-defined)."""
    @property
    def class_(self) -> str | None:
        """Supplier class (tenant-defined label, e.g. \"In House Production\")."""
    @property
    def asi_id(self) -> int | str | None:
        """ASI number; a number or a string depending on the record."""

class Address(Record):
    """An address as GET responses return it: `name` and a country display name."""

    @property
    def business_name(self) -> str | None:
        """Company name."""
    @property
    def name(self) -> str | None:
        """Person's full name."""
    @property
    def first_name(self) -> str | None:
        """First name (some responses carry it)."""
    @property
    def last_name(self) -> str | None:
        """Last name (some responses carry it)."""
    @property
    def address1(self) -> str | None:
        """Street line 1."""
    @property
    def address2(self) -> str | None:
        """Street line 2."""
    @property
    def city(self) -> str | None:
        """City."""
    @property
    def state(self) -> str | None:
        """State or province."""
    @property
    def zip(self) -> str | None:
        """Postal code."""
    @property
    def country(self) -> str | None:
        """Country display name, e.g. \"United States\"."""
    @property
    def phone(self) -> str | None:
        """Phone."""
    @property
    def email(self) -> str | None:
        """E-mail."""

class AddressWrite(Record):
    """An address as writes (PUT/POST) take it: first and last name, ISO-2 country code."""

    @property
    def first_name(self) -> str | None:
        """First name (required on writes)."""
    @property
    def last_name(self) -> str | None:
        """Last name (required on writes)."""
    @property
    def business_name(self) -> str | None:
        """Company name."""
    @property
    def address1(self) -> str | None:
        """Street line 1."""
    @property
    def address2(self) -> str | None:
        """Street line 2."""
    @property
    def city(self) -> str | None:
        """City."""
    @property
    def state(self) -> str | None:
        """State or province."""
    @property
    def zip(self) -> str | None:
        """Postal code."""
    @property
    def country(self) -> str | None:
        """ISO 3166-1 alpha-2 country code, e.g. \"US\"."""
    @property
    def phone(self) -> str | None:
        """Phone."""
    @property
    def email(self) -> str | None:
        """E-mail."""

class SalesOrderSummary(Record):
    """A sales-order summary embedded in a job."""

    @property
    def id(self) -> int | None:
        """Internal id (not the number)."""
    @property
    def number(self) -> int | None:
        """Sequence within the job (shown as `{job}-{number}`)."""
    @property
    def status(self) -> str | None:
        """Status."""
    @property
    def total_value(self) -> Decimal | None:
        """Total."""

class PurchaseOrderSummary(Record):
    """A purchase-order summary embedded in a job."""

    @property
    def id(self) -> int | None:
        """Internal id."""
    @property
    def number(self) -> int | None:
        """Sequence within the job."""
    @property
    def status(self) -> str | None:
        """Status."""
    @property
    def sub_total_value(self) -> Decimal | None:
        """Subtotal."""
    @property
    def tax_value(self) -> Decimal | None:
        """Tax."""
    @property
    def total_value(self) -> Decimal | None:
        """Total."""
    @property
    def supplier(self) -> SupplierRef | None:
        """Supplier."""

class Job(Record):
    """A job: the container of one customer order (its id is the job number)."""

    @property
    def id(self) -> int | None:
        """Job id, equal to the job number."""
    @property
    def store(self) -> Ref | None:
        """Store (store/program jobs)."""
    @property
    def job_class(self) -> str | None:
        """Job class (e.g. Dropship, Store)."""
    @property
    def job_type(self) -> str | None:
        """Job type (e.g. \"Store Order\")."""
    @property
    def status(self) -> str | None:
        """Status."""
    @property
    def date(self) -> str | None:
        """Created date."""
    @property
    def estimated_delivery_date(self) -> str | None:
        """Estimated delivery date."""
    @property
    def completed_date(self) -> str | None:
        """Completion date."""
    @property
    def description(self) -> str | None:
        """Description."""
    @property
    def priority(self) -> str | None:
        """Priority."""
    @property
    def product_index(self) -> Ref | None:
        """Product index."""
    @property
    def client(self) -> ClientRef | None:
        """Client contact."""
    @property
    def client_group(self) -> Ref | None:
        """Client group."""
    @property
    def primary_rep(self) -> RepRef | None:
        """Primary rep (name only on reads)."""
    @property
    def secondary_rep(self) -> RepRef | None:
        """Secondary rep."""
    @property
    def customer_service_rep_name(self) -> str | None:
        """Customer-service rep's name."""
    @property
    def commission_split(self) -> Any | None:
        """Commission split (shape varies)."""
    @property
    def sales_orders(self) -> list[SalesOrderSummary] | None:
        """Sales-order summaries."""
    @property
    def purchase_orders(self) -> list[PurchaseOrderSummary] | None:
        """Purchase-order summaries."""
    @property
    def last_modified_date(self) -> str | None:
        """Last modification time."""

class LineItem(Record):
    """One line of a sales or purchase order; lines form a tree through `parent_id`."""

    @property
    def line_id(self) -> int | None:
        """Line id."""
    @property
    def parent_id(self) -> int | None:
        """Parent line id; 0 means top level."""
    @property
    def type(self) -> str | None:
        """Line type."""
    @property
    def description(self) -> str | None:
        """Description."""
    @property
    def sku(self) -> str | None:
        """SKU; an empty string (not null) on colour and size lines."""
    @property
    def product_id(self) -> int | None:
        """Internal product id; 0 is a placeholder."""
    @property
    def quantity(self) -> Decimal | None:
        """Quantity."""
    @property
    def price_value(self) -> Decimal | None:
        """Unit price."""
    @property
    def cost_value(self) -> Decimal | None:
        """Unit cost."""
    @property
    def line_total_value(self) -> Decimal | None:
        """Line total."""
    @property
    def taxability(self) -> str | None:
        """Taxability."""
    @property
    def supplier(self) -> SupplierRef | None:
        """Supplier."""
    @property
    def visible(self) -> bool | str | None:
        """Whether the line is shown to the client (a boolean or a string)."""
    @property
    def from_stock(self) -> bool | None:
        """Whether it ships from stock."""

class SalesOrder(Record):
    """A sales order of a job; its line items are embedded."""

    @property
    def id(self) -> int | None:
        """Internal id (not the number)."""
    @property
    def number(self) -> int | None:
        """Sequence within the job."""
    @property
    def job_number(self) -> int | None:
        """The job's number."""
    @property
    def date(self) -> str | None:
        """Date."""
    @property
    def status(self) -> str | None:
        """Status."""
    @property
    def client(self) -> ClientRef | None:
        """Client."""
    @property
    def sold_to(self) -> Address | None:
        """Sold-to address."""
    @property
    def bill_to(self) -> Address | None:
        """Bill-to address."""
    @property
    def ship_to(self) -> Address | None:
        """Ship-to address."""
    @property
    def line_items(self) -> list[LineItem] | None:
        """Lines."""
    @property
    def customer_order_number(self) -> str | None:
        """The client's PO number."""
    @property
    def customer_instructions(self) -> str | None:
        """Client instructions."""
    @property
    def description(self) -> str | None:
        """Description."""
    @property
    def sub_total_value(self) -> Decimal | None:
        """Subtotal."""
    @property
    def tax_value(self) -> Decimal | None:
        """Tax."""
    @property
    def total_value(self) -> Decimal | None:
        """Total."""
    @property
    def invoice_date(self) -> str | None:
        """Invoice date."""
    @property
    def in_hand_date(self) -> str | None:
        """In-hand date."""
    @property
    def last_modified_date(self) -> str | None:
        """Last modification time."""

class InvoiceDetails(Record):
    """Supplier invoice details of a purchase order."""

    @property
    def supplier_invoice_number(self) -> str | None:
        """Supplier's invoice number."""
    @property
    def supplier_invoice_date(self) -> str | None:
        """Supplier's invoice date."""
    @property
    def approval_date(self) -> str | None:
        """Approval date (required to enter Approved)."""
    @property
    def posting_date(self) -> str | None:
        """Posting date (required to enter a Posted status)."""

class PurchaseOrder(Record):
    """A purchase order of a job."""

    @property
    def id(self) -> int | None:
        """Internal id."""
    @property
    def number(self) -> int | None:
        """Sequence within the job (shown as `{job}-{number}`)."""
    @property
    def job_number(self) -> int | None:
        """The job's number."""
    @property
    def date(self) -> str | None:
        """Date."""
    @property
    def status(self) -> str | None:
        """Status."""
    @property
    def last_modified_date(self) -> str | None:
        """Last modification time."""
    @property
    def supplier(self) -> SupplierRef | None:
        """Supplier."""
    @property
    def supplier_address(self) -> Address | None:
        """Supplier's address."""
    @property
    def ship_to(self) -> Address | None:
        """Ship-to address."""
    @property
    def critical_comments(self) -> str | None:
        """Critical comments."""
    @property
    def in_hand_date(self) -> str | None:
        """In-hand date (YYYY-MM-DD)."""
    @property
    def ship_via(self) -> str | None:
        """Ship via."""
    @property
    def fob(self) -> str | None:
        """FOB."""
    @property
    def repeat_order_number(self) -> str | None:
        """Repeat order number."""
    @property
    def shipping_and_instructions(self) -> str | None:
        """Shipping instructions."""
    @property
    def decoration_instructions(self) -> str | None:
        """Decoration instructions."""
    @property
    def csr_instructions_from_so(self) -> str | None:
        """CSR instructions copied from the sales order."""
    @property
    def line_items(self) -> list[LineItem] | None:
        """Lines."""
    @property
    def sub_total_value(self) -> Decimal | None:
        """Subtotal."""
    @property
    def tax_value(self) -> Decimal | None:
        """Tax."""
    @property
    def total_value(self) -> Decimal | None:
        """Total."""
    @property
    def artwork_value(self) -> Decimal | None:
        """Artwork charge."""
    @property
    def freight_value(self) -> Decimal | None:
        """Freight."""
    @property
    def freight_taxable(self) -> bool | None:
        """Whether freight is taxable."""
    @property
    def tax_1_percentage(self) -> Decimal | None:
        """Tax rate 1 in percent."""
    @property
    def invoice_details(self) -> InvoiceDetails | None:
        """Supplier invoice details."""

class Payment(Record):
    """A payment on a sales or purchase order."""

    @property
    def id(self) -> int | None:
        """Payment id."""
    @property
    def date(self) -> str | None:
        """Date."""
    @property
    def amount_value(self) -> Decimal | None:
        """Amount."""
    @property
    def payment_type(self) -> Ref | None:
        """Payment type."""
    @property
    def card_type(self) -> Ref | None:
        """Card type, for card payments."""
    @property
    def adjustment_type(self) -> Ref | None:
        """Adjustment type (bad debt, surcharge…)."""
    @property
    def reference(self) -> str | None:
        """Reference (cheque number, transaction id)."""
    @property
    def notes(self) -> str | None:
        """Notes."""

class Contact(Record):
    """A CRM contact (store/program or dropship; client or prospect)."""

    @property
    def id(self) -> int | None:
        """Contact id."""
    @property
    def business_name(self) -> str | None:
        """Company name."""
    @property
    def first_name(self) -> str | None:
        """First name."""
    @property
    def last_name(self) -> str | None:
        """Last name."""
    @property
    def name(self) -> str | None:
        """Full name."""
    @property
    def email(self) -> str | None:
        """E-mail."""
    @property
    def phone(self) -> str | None:
        """Phone."""
    @property
    def type(self) -> str | None:
        """Client or prospect."""
    @property
    def client_group(self) -> Ref | None:
        """Client group (all contacts of one company share it)."""
    @property
    def store(self) -> Ref | None:
        """Store, for store/program contacts."""
    @property
    def payment_term(self) -> Ref | None:
        """Payment term."""
    @property
    def billing_address(self) -> Address | None:
        """Billing address."""
    @property
    def shipping_address(self) -> Address | None:
        """Shipping address."""
    @property
    def created_date(self) -> str | None:
        """Created date."""

class Supplier(Record):
    """A supplier from the supplier list."""

    @property
    def id(self) -> int | None:
        """Supplier id."""
    @property
    def name(self) -> str | None:
        """Name."""
    @property
    def type(self) -> str | None:
        """Type."""
    @property
    def class_(self) -> str | None:
        """Class (tenant-defined label)."""
    @property
    def asi_id(self) -> int | str | None:
        """ASI number."""
    @property
    def email(self) -> str | None:
        """E-mail."""
    @property
    def phone(self) -> str | None:
        """Phone."""

class ProductIndex(Record):
    """A product index (used when creating jobs)."""

    @property
    def id(self) -> int | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""

class ClientGroup(Record):
    """A client group."""

    @property
    def id(self) -> int | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""

class PaymentTerm(Record):
    """A payment term (used when creating contacts)."""

    @property
    def id(self) -> int | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name, e.g. \"Net 30\"."""
    @property
    def days(self) -> int | None:
        """Days until due."""

class CommissionCode(Record):
    """A commission code (used when creating jobs)."""

    @property
    def id(self) -> int | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""
    @property
    def code(self) -> str | None:
        """Code."""
    @property
    def type(self) -> str | None:
        """Dropship or store."""

class CardType(Record):
    """A credit-card type."""

    @property
    def id(self) -> int | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name, e.g. \"Visa\"."""

class PaymentType(Record):
    """A payment type."""

    @property
    def id(self) -> int | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""

class AdjustmentType(Record):
    """An adjustment type (Bad Debt, Credit Card Surcharge…)."""

    @property
    def id(self) -> int | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""

class WriteResult(Record):
    """What a create or update answers: the record's id and its location URL."""

    @property
    def id(self) -> int | str | None:
        """Id of the created or updated record."""
    @property
    def location(self) -> str | None:
        """Location URL of the record."""
# END GENERATED records
