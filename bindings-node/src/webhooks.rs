//! Webhook signatures and events for JavaScript: thin wrappers over `pacer_sdk::webhooks` (the
//! verification and the header lookup are pacer's, compared in constant time). Events cross as camelCased JSON; a bad
//! delivery is a `webhook` error (`signature_missing`, `signature_invalid`, `payload_invalid`).

use std::sync::Mutex;

use napi::Result;
use napi::bindgen_prelude::{Buffer, Either};
use napi_derive::napi;
use pacer_sdk::surface::keys::{json_keys_to_camel, value_to_camel};
use pacer_sdk::webhooks::{
    SALYNC_SIGNATURE_HEADER, SYNQ_SIGNATURE_HEADER, SalyncEvent, SalyncEventData, SalyncReceiver,
    SynqEvent, find_header, salync_event, sign, synq_event, verify_signature,
};
use serde_json::{Value, json};

use crate::errors::{bad_argument, to_js};

/// The signature header of a Synq delivery (`X-Unified-Signature`).
#[napi]
pub fn synq_signature_header() -> String {
    SYNQ_SIGNATURE_HEADER.to_string()
}

/// The signature header pacer assumes for Salync deliveries (`X-Salync-Signature`).
#[napi]
pub fn salync_signature_header() -> String {
    SALYNC_SIGNATURE_HEADER.to_string()
}

/// The webhook secret, refused when empty (an empty key would verify anything signed with it).
fn secret_arg(secret: &str) -> Result<&str> {
    if secret.is_empty() {
        return Err(bad_argument(
            "secret",
            "the webhook secret is a non-empty string",
        ));
    }
    Ok(secret)
}

/// A delivery's signature: given as the header's value, or found (any case) among the
/// request's headers as `[name, value]` pairs.
fn signature_of(given: Option<Either<String, Vec<Vec<String>>>>, header: &str) -> Option<String> {
    match given? {
        Either::A(value) => Some(value),
        Either::B(pairs) => find_header(pairs_of(&pairs), header).map(str::to_string),
    }
}

/// `[name, value]` pairs as `(name, value)` tuples (malformed entries skipped).
fn pairs_of(headers: &[Vec<String>]) -> impl Iterator<Item = (&str, &str)> {
    headers.iter().filter_map(|h| match h.as_slice() {
        [name, value, ..] => Some((name.as_str(), value.as_str())),
        _ => None,
    })
}

/// The signature header value for `body`: `prefix` then the lowercase hex HMAC-SHA256.
#[napi]
pub fn webhook_sign(secret: String, body: Buffer, prefix: Option<String>) -> Result<String> {
    Ok(sign(
        secret_arg(&secret)?,
        &body,
        prefix.as_deref().unwrap_or(""),
    ))
}

/// Checks a signature (the header value, or the request's headers and `header`, Synq's by
/// default; absent: `signature_missing`) against the raw body.
#[napi]
pub fn webhook_verify(
    secret: String,
    body: Buffer,
    signature: Option<Either<String, Vec<Vec<String>>>>,
    header: Option<String>,
    prefix: Option<String>,
) -> Result<()> {
    let header = header.as_deref().unwrap_or(SYNQ_SIGNATURE_HEADER);
    verify_signature(
        secret_arg(&secret)?,
        &body,
        signature_of(signature, header).as_deref(),
        prefix.as_deref().unwrap_or(""),
    )
    .map_err(to_js)
}

fn synq_json(event: &SynqEvent) -> String {
    json!({
        "connectionId": event.connection_id,
        "event": event.event,
        "workspaceId": event.workspace_id,
        "externalId": event.external_id(),
        "isOrderEvent": event.is_order_event(),
        "data": value_to_camel(event.data.clone()),
    })
    .to_string()
}

/// Verifies a Synq delivery's `X-Unified-Signature` and parses its `{connection_id, event,
/// data}` envelope, as camelCased JSON.
#[napi]
pub fn synq_webhook_event(
    secret: String,
    body: Buffer,
    signature: Option<Either<String, Vec<Vec<String>>>>,
) -> Result<String> {
    let signature = signature_of(signature, SYNQ_SIGNATURE_HEADER);
    let event = synq_event(secret_arg(&secret)?, &body, signature.as_deref()).map_err(to_js)?;
    Ok(synq_json(&event))
}

fn salync_json(event: &SalyncEvent) -> String {
    let data = match &event.data {
        SalyncEventData::StockBelowThreshold(d) => serde_json::to_value(d),
        SalyncEventData::PurchaseOrderReceived(d) => serde_json::to_value(d),
        SalyncEventData::ChannelListingError(d) => serde_json::to_value(d),
        SalyncEventData::Other(v) => Ok(v.clone()),
    }
    .unwrap_or(Value::Null);
    let known = !matches!(event.data, SalyncEventData::Other(_));
    let text = json!({
        "id": event.id,
        "type": event.kind,
        "created_at": event.created_at,
        "known": known,
        "data": data,
    })
    .to_string();
    let mut out = String::with_capacity(text.len());
    json_keys_to_camel(&text, &mut out);
    out
}

/// Parses a Salync delivery, verifying `X-Salync-Signature` (`sha256=<hex>`) when `secret` is
/// given, as camelCased JSON with the payload typed by the event's type.
#[napi]
pub fn salync_webhook_event(
    secret: Option<String>,
    body: Buffer,
    signature: Option<Either<String, Vec<Vec<String>>>>,
) -> Result<String> {
    let secret = secret.as_deref().map(secret_arg).transpose()?;
    let signature = signature_of(signature, SALYNC_SIGNATURE_HEADER);
    let event = salync_event(secret, &body, signature.as_deref()).map_err(to_js)?;
    Ok(salync_json(&event))
}

/// Receives Salync deliveries: verifies, parses, and recognizes redeliveries by event id.
#[napi]
pub struct NativeSalyncReceiver {
    inner: Mutex<SalyncReceiver>,
    verifies: bool,
}

#[napi]
impl NativeSalyncReceiver {
    /// A receiver; with a secret, unsigned or badly signed deliveries are refused.
    #[napi(constructor)]
    pub fn new(secret: Option<String>) -> Result<Self> {
        let secret = secret.as_deref().map(secret_arg).transpose()?;
        Ok(NativeSalyncReceiver {
            verifies: secret.is_some(),
            inner: Mutex::new(SalyncReceiver::new(secret)),
        })
    }

    /// Whether deliveries are verified (a secret was given).
    #[napi(getter)]
    pub fn verifies(&self) -> bool {
        self.verifies
    }

    /// Handles one POST given its headers as `[name, value]` pairs: the event as JSON the first
    /// time, `null` for a redelivery, a webhook error for a bad delivery.
    #[napi]
    pub fn receive(&self, headers: Vec<Vec<String>>, body: Buffer) -> Result<Option<String>> {
        let mut receiver = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let event = receiver.receive(pairs_of(&headers), &body).map_err(to_js)?;
        Ok(event.as_ref().map(salync_json))
    }
}

/// Every Synq order status, in the order of the documented flow.
#[napi]
pub fn synq_order_statuses() -> Vec<String> {
    pacer_sdk::models::synq::OrderStatus::KNOWN
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// The statuses a Synq order in `status` may move to (none for terminal or unknown ones).
#[napi]
pub fn synq_next_statuses(status: String) -> Vec<String> {
    pacer_sdk::models::synq::OrderStatus::from(status.as_str())
        .next_statuses()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Checks a Synq order transition locally: a validation error on `status` (rule
/// `transition`) naming both statuses and the allowed ones.
#[napi]
pub fn synq_check_transition(from: String, to: String) -> Result<()> {
    use pacer_sdk::models::synq::OrderStatus;
    OrderStatus::from(from.as_str())
        .check_transition(&OrderStatus::from(to.as_str()))
        .map_err(to_js)
}
