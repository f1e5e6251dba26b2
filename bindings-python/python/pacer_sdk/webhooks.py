"""Webhook signatures and typed events, for Synq and Salync deliveries.

Verification is a pure function of the secret, the raw body and the signature header, compared
in constant time; a missing or bad signature raises ``pacer_sdk.WebhookError`` (a ``PacerError``).
Always pass the raw body as received (bytes), before any JSON parsing.

- Synq (Unified.to): ``X-Unified-Signature`` is the lowercase hex HMAC-SHA256 of the raw body
  keyed with the webhook secret. ``synq_event(secret, body, headers=request.headers)`` verifies
  it and parses the ``{connection_id, event, data}`` envelope into a ``SynqEvent``.
- Salync: the public reference does not describe signatures; pacer assumes
  ``X-Salync-Signature: sha256=<lowercase hex HMAC-SHA256 of the raw body>`` and verifies it
  when a secret is configured. ``SalyncReceiver(secret).receive(headers, body)`` parses events
  (``stock.below_threshold``, ``purchase_order.received``, ``channel.listing_error``) into
  typed payloads and returns None for a redelivery of an event it already handled.

``verify(secret, body, signature, prefix="")`` and ``sign(secret, body, prefix="")`` are the
underlying helpers.
"""

from __future__ import annotations

from typing import Tuple

from . import _native

_m = _native.webhooks

sign = _m.sign
verify = _m.verify
find_header = _m.find_header
synq_event = _m.synq_event
salync_event = _m.salync_event
SynqEvent = _m.SynqEvent
SalyncEvent = _m.SalyncEvent
SalyncReceiver = _m.SalyncReceiver
StockBelowThreshold = _m.StockBelowThreshold
ReceivedLine = _m.ReceivedLine
PurchaseOrderReceived = _m.PurchaseOrderReceived
ChannelListingError = _m.ChannelListingError

#: The header carrying a Synq delivery's signature.
SYNQ_SIGNATURE_HEADER: str = _m.SYNQ_SIGNATURE_HEADER
#: The header carrying a Salync delivery's signature (assumed; see the module docs).
SALYNC_SIGNATURE_HEADER: str = _m.SALYNC_SIGNATURE_HEADER
#: The typed payload classes of Salync events.
RECORD_TYPES: Tuple[str, ...] = tuple(_m.RECORD_TYPES)

__all__ = ["sign", "verify", "find_header", "synq_event", "salync_event", "SynqEvent",
           "SalyncEvent", "SalyncReceiver", *RECORD_TYPES, "SYNQ_SIGNATURE_HEADER",
           "SALYNC_SIGNATURE_HEADER", "RECORD_TYPES"]
