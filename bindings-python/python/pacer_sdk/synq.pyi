"""Type stubs of pacer_sdk.synq: Synq's records and the order state machine.

The record classes between the GENERATED markers are written by `cargo run -p pacer-sdk-gen`
from the surface descriptors (the test command checks they match).
"""

from decimal import Decimal
from typing import Any

from . import Record

RECORD_TYPES: tuple[str, ...]
ORDER_STATUSES: tuple[str, ...]

def next_statuses(status: str) -> list[str]: ...
def can_become(current: str, next: str) -> bool: ...
def is_terminal(status: str) -> bool: ...
def check_transition(current: str, next: str) -> None: ...

# BEGIN GENERATED records (pacer-sdk-gen; do not edit)
class Product(Record):
    """A catalog product (lists return a light projection; `get` returns the full record)."""

    @property
    def id(self) -> str | None:
        """Id (UUID)."""
    @property
    def org_id(self) -> str | None:
        """Organization id."""
    @property
    def tenant_id(self) -> str | None:
        """Tenant id."""
    @property
    def title(self) -> str | None:
        """Title."""
    @property
    def description(self) -> str | None:
        """Description."""
    @property
    def category(self) -> str | None:
        """Category label."""
    @property
    def status(self) -> str | None:
        """Status, e.g. ACTIVE."""
    @property
    def created_at(self) -> str | None:
        """Created at (RFC 3339)."""
    @property
    def updated_at(self) -> str | None:
        """Updated at (RFC 3339)."""

class Variant(Record):
    """A product variant."""

    @property
    def id(self) -> str | None:
        """Id (UUID)."""
    @property
    def product_id(self) -> str | None:
        """Product id."""
    @property
    def sku(self) -> str | None:
        """SKU."""
    @property
    def barcode(self) -> str | None:
        """Barcode."""
    @property
    def price(self) -> Decimal | None:
        """Price (sent as a number, returned as a string; exact either way)."""
    @property
    def currency(self) -> str | None:
        """ISO 4217 currency."""
    @property
    def option_values(self) -> Any | None:
        """Option values."""
    @property
    def cost_price(self) -> Decimal | None:
        """Cost price."""
    @property
    def data_quality_score(self) -> Decimal | None:
        """Data-quality score."""

class Category(Record):
    """A category (a tree through `parent_id`)."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def parent_id(self) -> str | None:
        """Parent id; null at the top."""
    @property
    def name(self) -> str | None:
        """Name."""
    @property
    def slug(self) -> str | None:
        """Unique slug."""
    @property
    def description(self) -> str | None:
        """Description."""
    @property
    def created_at(self) -> str | None:
        """Created at."""
    @property
    def updated_at(self) -> str | None:
        """Updated at."""

class Brand(Record):
    """A brand."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""
    @property
    def description(self) -> str | None:
        """Description."""
    @property
    def logo_url(self) -> str | None:
        """Logo URL."""

class Attribute(Record):
    """A product attribute."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""
    @property
    def slug(self) -> str | None:
        """Slug."""
    @property
    def type(self) -> str | None:
        """TEXT, NUMBER…"""
    @property
    def created_at(self) -> str | None:
        """Created at."""

class AttributeGroup(Record):
    """An attribute group."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""
    @property
    def description(self) -> str | None:
        """Description."""

class Template(Record):
    """A product template (product type)."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""
    @property
    def description(self) -> str | None:
        """Description."""

class Media(Record):
    """A product or variant image."""

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
    def url(self) -> str | None:
        """URL."""
    @property
    def alt_text(self) -> str | None:
        """Alt text."""
    @property
    def sort_order(self) -> int | None:
        """Sort order."""

class BulkJob(Record):
    """A bulk import, update or delete job (poll the list to follow it)."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def job_type(self) -> str | None:
        """BULK_IMPORT, BULK_UPDATE or BULK_DELETE."""
    @property
    def status(self) -> str | None:
        """PENDING, PROCESSING, COMPLETED or FAILED."""
    @property
    def total_items(self) -> int | None:
        """Items in the payload."""
    @property
    def processed_items(self) -> int | None:
        """Items processed so far."""
    @property
    def created_at(self) -> str | None:
        """Created at."""

class OrderItem(Record):
    """One line of an order."""

    @property
    def variant_id(self) -> str | None:
        """Variant id."""
    @property
    def location_id(self) -> str | None:
        """Stock location id."""
    @property
    def quantity(self) -> int | None:
        """Quantity."""
    @property
    def unit_price(self) -> Decimal | None:
        """Unit price."""

class Order(Record):
    """An order."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def status(self) -> str | None:
        """Status."""
    @property
    def currency(self) -> str | None:
        """ISO 4217 currency."""
    @property
    def subtotal(self) -> Decimal | None:
        """Subtotal."""
    @property
    def discount_total(self) -> Decimal | None:
        """Discounts."""
    @property
    def shipping_total(self) -> Decimal | None:
        """Shipping."""
    @property
    def tax_total(self) -> Decimal | None:
        """Tax."""
    @property
    def total(self) -> Decimal | None:
        """Total."""
    @property
    def payment_status(self) -> str | None:
        """Payment status."""
    @property
    def payment_provider(self) -> str | None:
        """Payment provider (e.g. stripe)."""
    @property
    def payment_reference(self) -> str | None:
        """Payment reference (e.g. pi_…)."""
    @property
    def channel(self) -> str | None:
        """Channel."""
    @property
    def source_platform(self) -> str | None:
        """Source platform."""
    @property
    def idempotency_key(self) -> str | None:
        """The idempotency key it was created with."""
    @property
    def items(self) -> list[OrderItem] | None:
        """Lines."""
    @property
    def tags(self) -> list[str] | None:
        """Tags."""
    @property
    def created_at(self) -> str | None:
        """Created at."""
    @property
    def updated_at(self) -> str | None:
        """Updated at."""

class OrderAccepted(Record):
    """What an order create answers: it runs asynchronously as a workflow."""

    @property
    def workflow_id(self) -> str | None:
        """Workflow id (`oms-create-order-<idempotency key>`)."""
    @property
    def run_id(self) -> str | None:
        """Run id."""

class InventoryAdjustment(Record):
    """An immutable stock-ledger entry."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def variant_id(self) -> str | None:
        """Variant id."""
    @property
    def location_id(self) -> str | None:
        """Location id."""
    @property
    def quantity_delta(self) -> int | None:
        """Signed change in stock."""
    @property
    def transaction_type(self) -> str | None:
        """`adjustment` for API calls."""
    @property
    def notes(self) -> str | None:
        """Notes."""
    @property
    def created_at(self) -> str | None:
        """Created at."""

class Channel(Record):
    """A sales channel."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def name(self) -> str | None:
        """Name."""
    @property
    def currency(self) -> str | None:
        """ISO 4217 currency."""
    @property
    def active(self) -> bool | None:
        """Whether it is active."""
    @property
    def created_at(self) -> str | None:
        """Created at."""

class Connection(Record):
    """A connection to a commerce or accounting platform."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def unified_connection_id(self) -> str | None:
        """Unified.to connection id."""
    @property
    def provider(self) -> str | None:
        """Platform (shopify, woocommerce…)."""
    @property
    def status(self) -> str | None:
        """Status (ACTIVE)."""
    @property
    def created_at(self) -> str | None:
        """Created at."""

class Member(Record):
    """An organization member."""

    @property
    def uid(self) -> str | None:
        """User id."""
    @property
    def email(self) -> str | None:
        """E-mail."""
    @property
    def role(self) -> str | None:
        """Role."""
    @property
    def status(self) -> str | None:
        """active or invited."""

class TenantSettings(Record):
    """Tenant settings (PUT replaces all four settable fields)."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def inventory_allocation_model(self) -> str | None:
        """HARD or SOFT."""
    @property
    def auto_po_enabled(self) -> bool | None:
        """Automatic purchase orders."""
    @property
    def default_low_stock_threshold(self) -> int | None:
        """Default low-stock threshold."""
    @property
    def costing_method(self) -> str | None:
        """WAC or FIFO."""
    @property
    def updated_by(self) -> str | None:
        """Last changed by."""
    @property
    def updated_at(self) -> str | None:
        """Updated at."""

class AuditEntry(Record):
    """An audit-log entry."""

    @property
    def id(self) -> str | None:
        """Id."""
    @property
    def actor_email(self) -> str | None:
        """Who acted (`system` for automation)."""
    @property
    def action(self) -> str | None:
        """PRODUCT_CREATED, ORDER_PLACED…"""
    @property
    def entity_type(self) -> str | None:
        """PRODUCT, ORDER…"""
    @property
    def entity_id(self) -> str | None:
        """The entity's id (may be empty)."""
    @property
    def details(self) -> Any | None:
        """Free-form details."""
    @property
    def ip_address(self) -> str | None:
        """Client IP."""
    @property
    def created_at(self) -> str | None:
        """When."""
# END GENERATED records
