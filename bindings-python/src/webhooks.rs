//! `pacer.webhooks` and the Synq order state machine (`pacer.synq`): conversions of
//! `pacer_sdk::webhooks` (signatures verified in constant time, typed events) and of
//! `pacer_sdk::models::synq::OrderStatus`. No logic of its own: every rule is the core's.

use pacer_sdk::models::synq::OrderStatus;
use pacer_sdk::webhooks::{self as wh, SalyncEventData};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping, PyTuple};
use serde_json::Value;

use crate::convert::{json_to_py, py_repr_of, text_or_bytes};
use crate::errors::to_pyerr;
use crate::records::record_of;

/// The catalogue group of the webhook payload records.
const GROUP: &str = "webhooks";

/// Header (name, value) pairs from a mapping (`request.headers`, a dict) or an iterable of
/// pairs (WSGI-style lists), names and values as text.
fn header_pairs(headers: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let items = match headers.cast::<PyMapping>() {
        Ok(mapping) => mapping.items()?.into_any(),
        Err(_) => match headers.getattr("items") {
            // Mapping-like objects that are not registered as mappings (email.message.Message).
            Ok(items) if items.is_callable() => items.call0()?,
            _ => headers.clone(),
        },
    };
    let mut out = Vec::new();
    for pair in items.try_iter()? {
        let (name, value): (String, String) = pair?.extract()?;
        out.push((name, value));
    }
    Ok(out)
}

/// The signature header value for `body`: `prefix` then the lowercase hex HMAC-SHA256 of the
/// raw body keyed with `secret` (for tests and for sending signed deliveries).
#[pyfunction]
#[pyo3(signature = (secret, body, prefix = ""))]
fn sign(secret: &str, body: &Bound<'_, PyAny>, prefix: &str) -> PyResult<String> {
    Ok(wh::sign(secret, &text_or_bytes(body)?, prefix))
}

/// Checks a signature header (`None` when the header was absent) against the raw body, in
/// constant time; raises `WebhookError` (`signature_missing`, `signature_invalid`).
#[pyfunction]
#[pyo3(signature = (secret, body, signature, prefix = ""))]
fn verify(
    py: Python<'_>,
    secret: &str,
    body: &Bound<'_, PyAny>,
    signature: Option<&str>,
    prefix: &str,
) -> PyResult<()> {
    wh::verify_signature(secret, &text_or_bytes(body)?, signature, prefix)
        .map_err(|e| to_pyerr(py, e))
}

/// The value of header `name` (any case) among `headers` (a mapping or pairs), if present.
#[pyfunction]
fn find_header(headers: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<String>> {
    let pairs = header_pairs(headers)?;
    Ok(
        wh::find_header(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), name)
            .map(str::to_string),
    )
}

/// A Synq (Unified.to) webhook event: the `{connection_id, event, data}` envelope.
#[pyclass(frozen, eq, module = "pacer_sdk.webhooks", name = "SynqEvent")]
#[derive(PartialEq)]
pub struct PySynqEvent {
    inner: wh::SynqEvent,
}

#[pymethods]
impl PySynqEvent {
    /// The Unified connection the event came through.
    #[getter]
    fn connection_id(&self) -> &str {
        &self.inner.connection_id
    }
    /// Event type, e.g. `commerce.order.created`.
    #[getter]
    fn event(&self) -> &str {
        &self.inner.event
    }
    /// Workspace, when given.
    #[getter]
    fn workspace_id(&self) -> Option<&str> {
        self.inner.workspace_id.as_deref()
    }
    /// The normalized source payload as plain data (its shape depends on the event).
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.data)
    }
    /// The source record's id (`data.id`), when present.
    #[getter]
    fn external_id(&self) -> Option<String> {
        self.inner.external_id()
    }
    /// Whether this is an order event (`*.order.created`, `*.order.updated`).
    #[getter]
    fn is_order_event(&self) -> bool {
        self.inner.is_order_event()
    }
    /// The event as plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("connection_id", self.connection_id())?;
        d.set_item("event", self.event())?;
        d.set_item("workspace_id", self.workspace_id())?;
        d.set_item("data", self.data(py)?)?;
        Ok(d)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        py_repr_of!(
            py,
            "SynqEvent",
            event = self.event(),
            connection_id = self.connection_id(),
            external_id = self.external_id(),
        )
    }
}

/// Verifies a Synq delivery's `X-Unified-Signature` against the raw body and parses its
/// envelope into a `SynqEvent`. `signature` is the header's value (None when absent); or pass
/// `headers=` (a mapping or pairs) to have it found. Raises `WebhookError` on a missing or
/// bad signature or a body that is not an event.
#[pyfunction]
#[pyo3(signature = (secret, body, signature = None, *, headers = None))]
fn synq_event(
    py: Python<'_>,
    secret: &str,
    body: &Bound<'_, PyAny>,
    signature: Option<String>,
    headers: Option<&Bound<'_, PyAny>>,
) -> PyResult<PySynqEvent> {
    let signature = match (signature, headers) {
        (Some(s), _) => Some(s),
        (None, Some(h)) => find_header(h, wh::SYNQ_SIGNATURE_HEADER)?,
        (None, None) => None,
    };
    let body = text_or_bytes(body)?;
    py.detach(|| wh::synq_event(secret, &body, signature.as_deref()))
        .map(|inner| PySynqEvent { inner })
        .map_err(|e| to_pyerr(py, e))
}

/// A Salync webhook event: `id`, `type`, `created_at` and a typed `data`.
#[pyclass(frozen, module = "pacer_sdk.webhooks", name = "SalyncEvent")]
pub struct PySalyncEvent {
    inner: wh::SalyncEvent,
}

#[pymethods]
impl PySalyncEvent {
    /// Event id (deliveries may repeat; deduplicate on it, as `SalyncReceiver` does).
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    /// Event type: `stock.below_threshold`, `purchase_order.received`,
    /// `channel.listing_error`, or one this version does not know.
    #[getter]
    fn r#type(&self) -> &str {
        &self.inner.kind
    }
    /// When it happened (RFC 3339 text as sent), if given.
    #[getter]
    fn created_at(&self) -> Option<&str> {
        self.inner.created_at.as_deref()
    }
    /// The payload: `StockBelowThreshold`, `PurchaseOrderReceived`, `ChannelListingError`,
    /// or plain data for an event type this version does not know.
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        // Each payload is the catalogue's `webhooks` record of its name.
        let record = match &self.inner.data {
            SalyncEventData::StockBelowThreshold(d) => {
                record_of(py, GROUP, "StockBelowThreshold", d)
            }
            SalyncEventData::PurchaseOrderReceived(d) => {
                record_of(py, GROUP, "PurchaseOrderReceived", d)
            }
            SalyncEventData::ChannelListingError(d) => {
                record_of(py, GROUP, "ChannelListingError", d)
            }
            SalyncEventData::Other(v) => return json_to_py(py, v),
            #[allow(unreachable_patterns)]
            _ => return Ok(py.None().into_bound(py)),
        };
        Ok(record?.into_bound(py))
    }
    /// The event as plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", self.id())?;
        d.set_item("type", self.r#type())?;
        d.set_item("created_at", self.created_at())?;
        let data: Value = match &self.inner.data {
            SalyncEventData::StockBelowThreshold(x) => x.to_value(),
            SalyncEventData::PurchaseOrderReceived(x) => x.to_value(),
            SalyncEventData::ChannelListingError(x) => x.to_value(),
            SalyncEventData::Other(v) => v.clone(),
            #[allow(unreachable_patterns)]
            _ => Value::Null,
        };
        d.set_item("data", json_to_py(py, &data)?)?;
        Ok(d)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Self>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        py_repr_of!(
            py,
            "SalyncEvent",
            id = self.id(),
            r#type = self.r#type(),
            data = self.data(py)?,
        )
    }
}

/// Parses a Salync delivery into a `SalyncEvent`, verifying `X-Salync-Signature`
/// (`sha256=<hex HMAC-SHA256 of the raw body>`, pacer's assumption) when `secret` is given.
/// `signature` is that header's value, or pass `headers=`. Raises `WebhookError`.
#[pyfunction]
#[pyo3(signature = (body, signature = None, *, secret = None, headers = None))]
fn salync_event(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    signature: Option<String>,
    secret: Option<&str>,
    headers: Option<&Bound<'_, PyAny>>,
) -> PyResult<PySalyncEvent> {
    let signature = match (signature, headers) {
        (Some(s), _) => Some(s),
        (None, Some(h)) => find_header(h, wh::SALYNC_SIGNATURE_HEADER)?,
        (None, None) => None,
    };
    let body = text_or_bytes(body)?;
    wh::salync_event(secret, &body, signature.as_deref())
        .map(|inner| PySalyncEvent { inner })
        .map_err(|e| to_pyerr(py, e))
}

/// Receives Salync deliveries: verifies the signature when a secret is set, parses the event,
/// and recognizes a redelivery (Salync retries until it gets a 2xx) so each event is handled
/// once. Thread-safe: one receiver can serve a threaded web server.
#[pyclass(frozen, module = "pacer_sdk.webhooks", name = "SalyncReceiver")]
pub struct PySalyncReceiver {
    inner: std::sync::Mutex<wh::SalyncReceiver>,
}

#[pymethods]
impl PySalyncReceiver {
    /// A receiver; with a `secret`, unsigned or badly signed deliveries are refused.
    #[new]
    #[pyo3(signature = (secret = None))]
    fn new(secret: Option<&str>) -> Self {
        PySalyncReceiver {
            inner: std::sync::Mutex::new(wh::SalyncReceiver::new(secret)),
        }
    }

    /// Handles one POST (its headers, a mapping or pairs, and raw body): the event the first
    /// time, None for a redelivery of an event already handled (answer 200 either way);
    /// raises `WebhookError` for a bad delivery (answer 400 or 401 so it is not taken as
    /// success).
    fn receive(
        &self,
        py: Python<'_>,
        headers: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
    ) -> PyResult<Option<PySalyncEvent>> {
        let pairs = header_pairs(headers)?;
        let body = text_or_bytes(body)?;
        let mut receiver = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        receiver
            .receive(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), &body)
            .map(|event| event.map(|inner| PySalyncEvent { inner }))
            .map_err(|e| to_pyerr(py, e))
    }

    fn __repr__(&self) -> String {
        // The receiver's own Debug shows whether it verifies, never the secret.
        format!(
            "<pacer.webhooks.{:?}>",
            self.inner.lock().unwrap_or_else(|p| p.into_inner())
        )
    }
}

fn parse_status(text: &str) -> OrderStatus {
    OrderStatus::from(text)
}

/// The statuses a Synq order in `status` may move to next (empty when it is terminal).
#[pyfunction]
fn next_statuses(status: &str) -> Vec<&'static str> {
    parse_status(status).next_statuses().to_vec()
}

/// Whether a Synq order may go from `current` to `next` in one step.
#[pyfunction]
fn can_become(current: &str, next: &str) -> bool {
    parse_status(current).can_become(&parse_status(next))
}

/// Whether no transition leaves `status` (completed orders may still see returns; cancelled,
/// failed and refunded ones are terminal).
#[pyfunction]
fn is_terminal(status: &str) -> bool {
    parse_status(status).is_terminal()
}

/// Checks a Synq order transition locally; raises `ValidationError` (field `status`, rule
/// `transition`) naming both ends and what is allowed.
#[pyfunction]
fn check_transition(py: Python<'_>, current: &str, next: &str) -> PyResult<()> {
    parse_status(current)
        .check_transition(&parse_status(next))
        .map_err(|e| to_pyerr(py, e))
}

/// The documentation of `pacer_sdk.webhooks`.
const WEBHOOKS_DOC: &str = "Webhook signatures and typed events, for Synq and Salync deliveries.

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

``verify(secret, body, signature, prefix=\"\")`` and ``sign(secret, body, prefix=\"\")`` are the
underlying helpers.";

/// What `pacer_sdk.synq` adds to its records: the order state machine.
const ORDER_STATES_DOC: &str = "Order statuses follow a state machine (pending_payment → payment_authorized → confirmed →
processing → ... → completed; cancelled, failed and refunded are terminal). Check a transition
locally before asking for it::

    pacer_sdk.synq.check_transition(\"confirmed\", \"completed\")   # ValidationError: status/transition
    pacer_sdk.synq.next_statuses(\"confirmed\")                    # ['processing', 'cancelled']";

/// Registers `webhooks` (functions and event classes) and the order state machine in `synq`
/// (submodules the record registration created).
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let webhooks = m.getattr("webhooks")?.cast_into::<PyModule>()?;
    webhooks.setattr("__doc__", WEBHOOKS_DOC)?;
    webhooks.add_function(wrap_pyfunction!(sign, &webhooks)?)?;
    webhooks.add_function(wrap_pyfunction!(verify, &webhooks)?)?;
    webhooks.add_function(wrap_pyfunction!(find_header, &webhooks)?)?;
    webhooks.add_function(wrap_pyfunction!(synq_event, &webhooks)?)?;
    webhooks.add_function(wrap_pyfunction!(salync_event, &webhooks)?)?;
    webhooks.add_class::<PySynqEvent>()?;
    webhooks.add_class::<PySalyncEvent>()?;
    webhooks.add_class::<PySalyncReceiver>()?;
    webhooks.add("SYNQ_SIGNATURE_HEADER", wh::SYNQ_SIGNATURE_HEADER)?;
    webhooks.add("SALYNC_SIGNATURE_HEADER", wh::SALYNC_SIGNATURE_HEADER)?;

    let synq = m.getattr("synq")?.cast_into::<PyModule>()?;
    let records_doc: String = synq.getattr("__doc__")?.extract()?;
    synq.setattr("__doc__", format!("{records_doc}\n\n{ORDER_STATES_DOC}"))?;
    synq.add_function(wrap_pyfunction!(next_statuses, &synq)?)?;
    synq.add_function(wrap_pyfunction!(can_become, &synq)?)?;
    synq.add_function(wrap_pyfunction!(is_terminal, &synq)?)?;
    synq.add_function(wrap_pyfunction!(check_transition, &synq)?)?;
    synq.add("ORDER_STATUSES", PyTuple::new(py, OrderStatus::KNOWN)?)?;
    Ok(())
}
