"""Type stubs of pacer_sdk.salync: Salync's records.

The record classes between the GENERATED markers are written by `cargo run -p pacer-sdk-gen`
from the surface descriptors (the test command checks they match).
"""

from decimal import Decimal
from typing import Any

from . import Record

RECORD_TYPES: tuple[str, ...]

# BEGIN GENERATED records (pacer-sdk-gen; do not edit)
class OptionType(Record):
    """An option type of a product (Size, Colour…); a product has up to three."""

    @property
    def name(self) -> str | None:
        """Name."""
    @property
    def values(self) -> list[str] | None:
        """Values."""

class Variant(Record):
    """A product variant: one combination of option values."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def product_id(self) -> str | None:
        """Product id."""
    @property
    def sku(self) -> str | None:
        """SKU."""
    @property
    def options(self) -> dict[str, str] | None:
        """Option values by option name."""
    @property
    def barcode(self) -> str | None:
        """Barcode."""
    @property
    def cost_price(self) -> Decimal | None:
        """Cost price."""
    @property
    def price(self) -> Decimal | None:
        """Selling price."""
    @property
    def stock_on_hand(self) -> int | None:
        """Stock on hand."""
    @property
    def archived(self) -> bool | None:
        """Whether it is archived."""

class Product(Record):
    """A product."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""
    @property
    def sku(self) -> str | None:
        """SKU."""
    @property
    def description(self) -> str | None:
        """Description."""
    @property
    def barcode(self) -> str | None:
        """Barcode."""
    @property
    def cost_price(self) -> Decimal | None:
        """Cost price (pre-fills purchase-order unit cost)."""
    @property
    def price(self) -> Decimal | None:
        """Selling price."""
    @property
    def supplier_id(self) -> str | None:
        """Supplier id."""
    @property
    def supplier_reference(self) -> str | None:
        """Supplier's product code."""
    @property
    def low_stock_threshold(self) -> int | None:
        """Alert below this stock."""
    @property
    def stock_on_hand(self) -> int | None:
        """Stock on hand (summed over variants when it has them)."""
    @property
    def archived(self) -> bool | None:
        """Whether it is archived."""
    @property
    def option_types(self) -> list[OptionType] | None:
        """Up to three option types."""
    @property
    def variants(self) -> list[Variant] | None:
        """Variants."""
    @property
    def created_at(self) -> str | None:
        """Created at."""
    @property
    def updated_at(self) -> str | None:
        """Updated at."""

class StockLevel(Record):
    """The stock level of a product or variant."""

    @property
    def product_id(self) -> str | None:
        """Product id."""
    @property
    def variant_id(self) -> str | None:
        """Variant id, for variant stock."""
    @property
    def sku(self) -> str | None:
        """SKU."""
    @property
    def stock_on_hand(self) -> int | None:
        """Stock on hand."""
    @property
    def low_stock_threshold(self) -> int | None:
        """Low-stock threshold."""
    @property
    def low_stock(self) -> bool | None:
        """Whether it is below the threshold."""

class StockAdjustment(Record):
    """A stock adjustment (the quantity is positive; the type gives the direction)."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def product_id(self) -> str | None:
        """Product id."""
    @property
    def variant_id(self) -> str | None:
        """Variant id."""
    @property
    def type(self) -> str | None:
        """sale, po_receipt, manual, write_off or transfer."""
    @property
    def quantity(self) -> int | None:
        """Quantity (positive)."""
    @property
    def direction(self) -> str | None:
        """increase or decrease."""
    @property
    def reference(self) -> str | None:
        """Reference (order or invoice number)."""
    @property
    def date(self) -> str | None:
        """Date of the movement."""
    @property
    def created_at(self) -> str | None:
        """Recorded at."""

class Supplier(Record):
    """A supplier."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Company name."""
    @property
    def contact_name(self) -> str | None:
        """Contact name."""
    @property
    def email(self) -> str | None:
        """E-mail (purchase orders are sent there)."""
    @property
    def phone(self) -> str | None:
        """Phone."""
    @property
    def website(self) -> str | None:
        """Website."""
    @property
    def address(self) -> str | None:
        """Address."""
    @property
    def notes(self) -> str | None:
        """Internal notes."""
    @property
    def lead_time_days(self) -> int | None:
        """Lead time in days."""
    @property
    def minimum_order_quantity(self) -> int | None:
        """Minimum order quantity per line."""
    @property
    def minimum_order_value(self) -> Decimal | None:
        """Minimum order value."""
    @property
    def payment_terms(self) -> str | None:
        """Payment terms, e.g. Net 30."""
    @property
    def currency(self) -> str | None:
        """ISO 4217 currency (GBP by default)."""

class PurchaseOrderLine(Record):
    """A line of a purchase order."""

    @property
    def product_id(self) -> str | None:
        """Product id."""
    @property
    def variant_id(self) -> str | None:
        """Variant id."""
    @property
    def quantity(self) -> int | None:
        """Quantity ordered."""
    @property
    def unit_cost(self) -> Decimal | None:
        """Unit cost."""
    @property
    def supplier_reference(self) -> str | None:
        """Supplier's product code."""
    @property
    def received_quantity(self) -> int | None:
        """Quantity received so far."""

class PurchaseOrder(Record):
    """A purchase order (draft → sent → confirmed → in transit → received, or cancelled)."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def number(self) -> str | None:
        """Human number."""
    @property
    def supplier_id(self) -> str | None:
        """Supplier id."""
    @property
    def status(self) -> str | None:
        """Status."""
    @property
    def expected_delivery_date(self) -> str | None:
        """Expected delivery date."""
    @property
    def lines(self) -> list[PurchaseOrderLine] | None:
        """Lines."""
    @property
    def total(self) -> Decimal | None:
        """Total."""
    @property
    def currency(self) -> str | None:
        """ISO 4217 currency."""
    @property
    def notes(self) -> str | None:
        """Notes."""
    @property
    def created_at(self) -> str | None:
        """Created at."""
    @property
    def sent_at(self) -> str | None:
        """Sent at."""
    @property
    def received_at(self) -> str | None:
        """Received at."""

class Channel(Record):
    """A sales channel and its connection status."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""
    @property
    def platform(self) -> str | None:
        """Platform (Shopify, Amazon…)."""
    @property
    def connection_status(self) -> str | None:
        """connected, disconnected or error."""
    @property
    def listing_count(self) -> int | None:
        """Number of listings."""

class Listing(Record):
    """A listing on a channel."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def channel_id(self) -> str | None:
        """Channel id."""
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
    def state(self) -> str | None:
        """active, pending, error or inactive."""
    @property
    def error_message(self) -> str | None:
        """Why it is in error."""
# END GENERATED records
