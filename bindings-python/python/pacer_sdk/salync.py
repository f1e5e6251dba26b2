"""Salync's records: what ``pacer_sdk.Salync`` returns.

Immutable, typed, equal by value, with ``to_dict()`` (unknown fields kept), ``from_dict()`` and
``from_json()``; money is ``decimal.Decimal``. Field names follow pacer's documented choice (the
public reference gives none), like the paths.
"""

from __future__ import annotations

from typing import Tuple

from . import _native

_m = _native.salync

OptionType = _m.OptionType
Variant = _m.Variant
Product = _m.Product
StockLevel = _m.StockLevel
StockAdjustment = _m.StockAdjustment
Supplier = _m.Supplier
PurchaseOrderLine = _m.PurchaseOrderLine
PurchaseOrder = _m.PurchaseOrder
Channel = _m.Channel
Listing = _m.Listing

#: Every record class name of this module.
RECORD_TYPES: Tuple[str, ...] = tuple(_m.RECORD_TYPES)

__all__ = [*RECORD_TYPES, "RECORD_TYPES"]
