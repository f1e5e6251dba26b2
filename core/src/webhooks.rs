//! Webhook signatures and events. Verification is a pure function of the secret, the raw body
//! and the signature header, compared in constant time; a bad signature is a `webhook` error.
//!
//! - Synq (Unified.to deliveries): `X-Unified-Signature` is the lowercase hex HMAC-SHA256 of the
//!   raw body keyed with the webhook secret, with no prefix and no timestamp (from the docs and
//!   the server code). The envelope is `{connection_id, event, data}`.
//! - Salync: the public reference ends before describing signatures. pacer assumes the common
//!   scheme `X-Salync-Signature: sha256=<lowercase hex HMAC-SHA256 of the raw body>` and verifies
//!   it when a secret is configured. Events are `{id, type, created_at, data}` with the types
//!   `stock.below_threshold`, `purchase_order.received` and `channel.listing_error`.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::model;

/// The Synq signature header.
pub const SYNQ_SIGNATURE_HEADER: &str = "X-Unified-Signature";
/// The Salync signature header (assumed; see the module documentation).
pub const SALYNC_SIGNATURE_HEADER: &str = "X-Salync-Signature";

/// HMAC-SHA256 (RFC 2104) of `data` keyed with `key`.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| k.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(data)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// Lowercase hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Compares without revealing, through timing, where two equal-length values first differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The signature header value for `body` (`prefix` then hex), e.g. for tests and emulators.
pub fn sign(secret: &str, body: &[u8], prefix: &str) -> String {
    format!("{prefix}{}", to_hex(&hmac_sha256(secret.as_bytes(), body)))
}

/// Checks `signature` (the header value, `None` when absent) against `body`.
pub fn verify_signature(
    secret: &str,
    body: &[u8],
    signature: Option<&str>,
    prefix: &str,
) -> Result<(), Error> {
    let Some(given) = signature.map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(Error::webhook(
            "signature_missing",
            "the webhook carries no signature header",
        ));
    };
    if secret.is_empty() {
        return Err(Error::config(
            "missing_webhook_secret",
            "a webhook secret is required to verify deliveries",
        ));
    }
    let hex = if prefix.is_empty() {
        given
    } else {
        match given.get(..prefix.len()) {
            Some(p) if p.eq_ignore_ascii_case(prefix) => &given[prefix.len()..],
            _ => {
                return Err(Error::webhook(
                    "signature_invalid",
                    format!("the signature does not start with {prefix:?}"),
                ));
            }
        }
    };
    let expected = hmac_sha256(secret.as_bytes(), body);
    match from_hex(&hex.to_ascii_lowercase()) {
        Some(got) if constant_time_eq(&got, &expected) => Ok(()),
        _ => Err(Error::webhook(
            "signature_invalid",
            "the webhook signature does not match its body",
        )),
    }
}

fn payload_error(e: impl std::fmt::Display) -> Error {
    Error::webhook(
        "payload_invalid",
        format!("the webhook body is not a valid event: {e}"),
    )
}

/// A Synq (Unified.to) webhook event.
#[derive(Clone, Debug, PartialEq)]
pub struct SynqEvent {
    /// The Unified connection the event came through.
    pub connection_id: String,
    /// Event type, e.g. `accounting.order.created`.
    pub event: String,
    /// Workspace, when given.
    pub workspace_id: Option<String>,
    /// The normalized source payload (its shape depends on the event).
    pub data: Value,
}

impl SynqEvent {
    /// The source record's id (`data.id`), when present.
    pub fn external_id(&self) -> Option<String> {
        match self.data.get("id") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }
    }

    /// Whether this is an order event (`*.order.created` or `*.order.updated`).
    pub fn is_order_event(&self) -> bool {
        self.event.contains(".order.")
    }
}

/// Verifies a Synq delivery's `X-Unified-Signature` and parses its envelope.
pub fn synq_event(secret: &str, body: &[u8], signature: Option<&str>) -> Result<SynqEvent, Error> {
    verify_signature(secret, body, signature, "")?;
    let v: Value = serde_json::from_slice(body).map_err(payload_error)?;
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let connection_id = text("connection_id")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| payload_error("connection_id is missing"))?;
    let event = text("event")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| payload_error("event is missing"))?;
    Ok(SynqEvent {
        connection_id,
        event,
        workspace_id: text("workspace_id"),
        data: v.get("data").cloned().unwrap_or(Value::Null),
    })
}

model! {
    /// `stock.below_threshold`: stock fell below a product's threshold.
    pub struct StockBelowThreshold {
        /// Product id.
        product_id: String,
        /// Variant id.
        variant_id: String,
        /// SKU.
        sku: String,
        /// Stock on hand now.
        stock_on_hand: i64,
        /// The threshold.
        threshold: i64,
    }
}

model! {
    /// One received line of a purchase order.
    pub struct ReceivedLine {
        /// Product id.
        product_id: String,
        /// Variant id.
        variant_id: String,
        /// Quantity received.
        quantity: i64,
    }
}

model! {
    /// `purchase_order.received`: a purchase order was received into stock.
    pub struct PurchaseOrderReceived {
        /// Purchase order id.
        purchase_order_id: String,
        /// Supplier id.
        supplier_id: String,
        /// When.
        received_at: String,
        /// Lines received.
        lines: Vec<ReceivedLine>,
    }
}

model! {
    /// `channel.listing_error`: a channel listing went into error.
    pub struct ChannelListingError {
        /// Channel id.
        channel_id: String,
        /// Listing id.
        listing_id: String,
        /// Product id.
        product_id: String,
        /// SKU.
        sku: String,
        /// The channel's error code.
        error_code: String,
        /// The channel's message.
        message: String,
    }
}

/// The payload of a Salync event, typed by its `type`.
#[derive(Clone, Debug, PartialEq)]
pub enum SalyncEventData {
    /// `stock.below_threshold`.
    StockBelowThreshold(StockBelowThreshold),
    /// `purchase_order.received`.
    PurchaseOrderReceived(PurchaseOrderReceived),
    /// `channel.listing_error`.
    ChannelListingError(ChannelListingError),
    /// A type this version of pacer does not know, kept as sent.
    Other(Value),
}

/// A Salync webhook event.
#[derive(Clone, Debug, PartialEq)]
pub struct SalyncEvent {
    /// Event id (deliveries may repeat; deduplicate on it).
    pub id: String,
    /// Event type.
    pub kind: String,
    /// When it happened.
    pub created_at: Option<String>,
    /// Typed payload.
    pub data: SalyncEventData,
}

/// Parses a Salync delivery, verifying `X-Salync-Signature` when `secret` is given.
pub fn salync_event(
    secret: Option<&str>,
    body: &[u8],
    signature: Option<&str>,
) -> Result<SalyncEvent, Error> {
    if let Some(secret) = secret {
        verify_signature(secret, body, signature, "sha256=")?;
    }
    let v: Value = serde_json::from_slice(body).map_err(payload_error)?;
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let id = text("id").ok_or_else(|| payload_error("id is missing"))?;
    let kind = text("type").ok_or_else(|| payload_error("type is missing"))?;
    let raw = v.get("data").cloned().unwrap_or(Value::Null);
    let typed = |v: Value| serde_json::to_vec(&v).map_err(payload_error);
    let data = match kind.as_str() {
        "stock.below_threshold" => SalyncEventData::StockBelowThreshold(
            crate::models::decode(&typed(raw)?).map_err(payload_error)?,
        ),
        "purchase_order.received" => SalyncEventData::PurchaseOrderReceived(
            crate::models::decode(&typed(raw)?).map_err(payload_error)?,
        ),
        "channel.listing_error" => SalyncEventData::ChannelListingError(
            crate::models::decode(&typed(raw)?).map_err(payload_error)?,
        ),
        _ => SalyncEventData::Other(raw),
    };
    Ok(SalyncEvent {
        id,
        kind,
        created_at: text("created_at"),
        data,
    })
}

/// The value of header `name` (any case) among `headers`.
pub fn find_header<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    name: &str,
) -> Option<&'a str> {
    headers
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// How many event ids a receiver remembers to recognize a redelivery.
const REMEMBERED_EVENTS: usize = 10_000;

/// Receives Salync deliveries: verifies the signature when a secret is set, parses the event,
/// and recognizes a redelivered event (Salync retries until it gets a 2xx) so it is handled once.
#[derive(Clone, Default)]
pub struct SalyncReceiver {
    secret: Option<String>,
    seen: std::collections::VecDeque<String>,
}

impl std::fmt::Debug for SalyncReceiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SalyncReceiver")
            .field("verifies", &self.secret.is_some())
            .field("remembered", &self.seen.len())
            .finish()
    }
}

impl SalyncReceiver {
    /// A receiver; with a secret, unsigned or badly signed deliveries are refused.
    pub fn new(secret: Option<&str>) -> Self {
        SalyncReceiver {
            secret: secret.map(str::to_string),
            seen: Default::default(),
        }
    }

    /// Handles one POST: `Ok(Some(event))` the first time, `Ok(None)` for a redelivery of an
    /// event already handled (answer 200 either way), a webhook error for a bad delivery
    /// (answer 400 or 401 so it is not mistaken for success).
    pub fn receive<'a>(
        &mut self,
        headers: impl IntoIterator<Item = (&'a str, &'a str)>,
        body: &[u8],
    ) -> Result<Option<SalyncEvent>, Error> {
        let signature = find_header(headers, SALYNC_SIGNATURE_HEADER);
        let event = salync_event(self.secret.as_deref(), body, signature)?;
        if self.seen.contains(&event.id) {
            return Ok(None);
        }
        if self.seen.len() == REMEMBERED_EVENTS {
            self.seen.pop_front();
        }
        self.seen.push_back(event.id.clone());
        Ok(Some(event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            to_hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // A key longer than a block is hashed first (RFC 4231 case 6).
        let key = [0xaau8; 131];
        let mac = hmac_sha256(
            &key,
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            to_hex(&mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn synq_deliveries() {
        let body = br#"{"connection_id":"conn_1","event":"accounting.order.created","data":{"id":"so_9"}}"#;
        let sig = sign("whsec", body, "");
        let e = synq_event("whsec", body, Some(&sig)).unwrap();
        assert_eq!(
            (
                e.connection_id.as_str(),
                e.event.as_str(),
                e.external_id().as_deref()
            ),
            ("conn_1", "accounting.order.created", Some("so_9"))
        );
        assert!(e.is_order_event());
        assert_eq!(
            synq_event("whsec", body, Some(&sig.to_uppercase()))
                .unwrap()
                .event,
            "accounting.order.created"
        );
        let mut tampered = body.to_vec();
        tampered[20] ^= 1;
        assert_eq!(
            synq_event("whsec", &tampered, Some(&sig)).unwrap_err().code,
            "signature_invalid"
        );
        assert_eq!(
            synq_event("other", body, Some(&sig)).unwrap_err().code,
            "signature_invalid"
        );
        assert_eq!(
            synq_event("whsec", body, None).unwrap_err().code,
            "signature_missing"
        );
        let no_conn = br#"{"event":"x","data":{}}"#;
        assert_eq!(
            synq_event("whsec", no_conn, Some(&sign("whsec", no_conn, "")))
                .unwrap_err()
                .code,
            "payload_invalid"
        );
    }

    #[test]
    fn salync_deliveries() {
        let body = br#"{"id":"evt_1","type":"stock.below_threshold","created_at":"2026-11-22T10:00:00Z","data":{"product_id":"prd_1","sku":"MUG-RED","stock_on_hand":3,"threshold":5}}"#;
        let sig = sign("s3cret", body, "sha256=");
        let e = salync_event(Some("s3cret"), body, Some(&sig)).unwrap();
        match &e.data {
            SalyncEventData::StockBelowThreshold(d) => {
                assert_eq!((d.stock_on_hand, d.threshold), (Some(3), Some(5)))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            salync_event(Some("s3cret"), body, Some(&sig[7..]))
                .unwrap_err()
                .code,
            "signature_invalid"
        );
        assert!(
            salync_event(None, body, None).is_ok(),
            "no secret configured: parse only"
        );
        let other = br#"{"id":"evt_2","type":"product.updated","data":{"id":"prd_1"}}"#;
        assert!(matches!(
            salync_event(None, other, None).unwrap().data,
            SalyncEventData::Other(_)
        ));
    }
}
