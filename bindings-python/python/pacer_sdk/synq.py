"""Synq's records and its order state machine.

Records (``Product``, ``Order``, ...) are what ``pacer_sdk.Synq`` returns: immutable, typed, equal by
value, with ``to_dict()`` (unknown fields kept), ``from_dict()`` and ``from_json()``; money is
``decimal.Decimal`` (exact, whether Synq sent a number or a string).

Order statuses follow a state machine (pending_payment → payment_authorized → confirmed →
processing → ... → completed; cancelled, failed and refunded are terminal). Check a transition
locally before asking for it::

    pacer_sdk.synq.check_transition("confirmed", "completed")   # ValidationError: status/transition
    pacer_sdk.synq.next_statuses("confirmed")                    # ['processing', 'cancelled']
"""

from __future__ import annotations

from typing import Tuple

from . import _native

_m = _native.synq

Product = _m.Product
Variant = _m.Variant
Category = _m.Category
Brand = _m.Brand
Attribute = _m.Attribute
AttributeGroup = _m.AttributeGroup
Template = _m.Template
Media = _m.Media
BulkJob = _m.BulkJob
OrderItem = _m.OrderItem
Order = _m.Order
OrderAccepted = _m.OrderAccepted
InventoryAdjustment = _m.InventoryAdjustment
Channel = _m.Channel
Connection = _m.Connection
Member = _m.Member
TenantSettings = _m.TenantSettings
AuditEntry = _m.AuditEntry

#: Every record class name of this module.
RECORD_TYPES: Tuple[str, ...] = tuple(_m.RECORD_TYPES)
#: Every order status Synq documents, in the order of the lifecycle.
ORDER_STATUSES: Tuple[str, ...] = tuple(_m.ORDER_STATUSES)

next_statuses = _m.next_statuses
can_become = _m.can_become
is_terminal = _m.is_terminal
check_transition = _m.check_transition

__all__ = [*RECORD_TYPES, "RECORD_TYPES", "ORDER_STATUSES", "next_statuses", "can_become",
           "is_terminal", "check_transition"]
