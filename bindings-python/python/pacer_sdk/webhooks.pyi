"""Type stubs of pacer_sdk.webhooks: signatures and typed Synq and Salync events.

The record classes between the GENERATED markers are written by `cargo run -p pacer-sdk-gen`
from the surface descriptors (the test command checks they match).
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Union

from . import Record

_Body = Union[str, bytes]
_Headers = Union[Mapping[str, str], Iterable[tuple[str, str]]]

SYNQ_SIGNATURE_HEADER: str
SALYNC_SIGNATURE_HEADER: str
RECORD_TYPES: tuple[str, ...]

def sign(secret: str, body: _Body, prefix: str = "") -> str: ...
def verify(secret: str, body: _Body, signature: str | None, prefix: str = "") -> None: ...
def find_header(headers: _Headers, name: str) -> str | None: ...
def synq_event(
    secret: str, body: _Body, signature: str | None = None, *, headers: _Headers | None = None
) -> SynqEvent: ...
def salync_event(
    body: _Body, signature: str | None = None, *, secret: str | None = None, headers: _Headers | None = None
) -> SalyncEvent: ...

class SynqEvent:
    """A Synq (Unified.to) webhook event: the `{connection_id, event, data}` envelope."""

    @property
    def connection_id(self) -> str: ...
    @property
    def event(self) -> str: ...
    @property
    def workspace_id(self) -> str | None: ...
    @property
    def data(self) -> Any: ...
    @property
    def external_id(self) -> str | None: ...
    @property
    def is_order_event(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...

class SalyncEvent:
    """A Salync webhook event: `id`, `type`, `created_at` and a typed `data`."""

    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def created_at(self) -> str | None: ...
    @property
    def data(self) -> StockBelowThreshold | PurchaseOrderReceived | ChannelListingError | Any: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...

class SalyncReceiver:
    """Receives Salync deliveries: verifies, parses, and recognizes redeliveries."""

    def __init__(self, secret: str | None = None) -> None: ...
    def receive(self, headers: _Headers, body: _Body) -> SalyncEvent | None: ...

# BEGIN GENERATED records (pacer-sdk-gen; do not edit)
class StockBelowThreshold(Record):
    """`stock.below_threshold`: stock fell below a product's threshold."""

    @property
    def product_id(self) -> str | None:
        """Product id."""
    @property
    def variant_id(self) -> str | None:
        """Variant id."""
    @property
    def sku(self) -> str | None:
        """SKU."""
    @property
    def stock_on_hand(self) -> int | None:
        """Stock on hand now."""
    @property
    def threshold(self) -> int | None:
        """The threshold."""

class ReceivedLine(Record):
    """One received line of a purchase order."""

    @property
    def product_id(self) -> str | None:
        """Product id."""
    @property
    def variant_id(self) -> str | None:
        """Variant id."""
    @property
    def quantity(self) -> int | None:
        """Quantity received."""

class PurchaseOrderReceived(Record):
    """`purchase_order.received`: a purchase order was received into stock."""

    @property
    def purchase_order_id(self) -> str | None:
        """Purchase order id."""
    @property
    def supplier_id(self) -> str | None:
        """Supplier id."""
    @property
    def received_at(self) -> str | None:
        """When."""
    @property
    def lines(self) -> list[ReceivedLine] | None:
        """Lines received."""

class ChannelListingError(Record):
    """`channel.listing_error`: a channel listing went into error."""

    @property
    def channel_id(self) -> str | None:
        """Channel id."""
    @property
    def listing_id(self) -> str | None:
        """Listing id."""
    @property
    def product_id(self) -> str | None:
        """Product id."""
    @property
    def sku(self) -> str | None:
        """SKU."""
    @property
    def error_code(self) -> str | None:
        """The channel's error code."""
    @property
    def message(self) -> str | None:
        """The channel's message."""
# END GENERATED records
