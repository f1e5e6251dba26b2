//! The admin view under `/_admin/` (JSON, no key): tests in other processes move the clock,
//! inject faults and read what the emulator received and counted. Admin requests are neither
//! authenticated, counted, nor recorded.

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use pacer_sdk_core::Timestamp;
use serde_json::{Value, json};

use crate::faults::Fault;
use crate::reply::{Reply, response};
use crate::server::{ClockKind, Shared, lock};

/// A JSON admin answer.
pub(crate) fn json_reply(status: u16, body: Value) -> Response<Full<Bytes>> {
    response(&Reply::json(status, body))
}

/// The answer to an admin body that is not JSON.
pub(crate) fn bad_json() -> Response<Full<Bytes>> {
    json_reply(400, json!({"message": "body must be JSON"}))
}

fn clock_state(shared: &Shared) -> Value {
    let now = shared.clock.now();
    // How much real time one millisecond of this clock takes (0 on a virtual clock): a client
    // in another process that follows this clock sleeps that much per millisecond it waits.
    let minute = shared.clock.real_delay(now.add_millis(60_000));
    let real_ms_per_ms = (minute.as_secs_f64() * 1000.0 / 60_000.0 * 1e6).round() / 1e6;
    json!({
        "now": now.to_rfc3339(),
        "now_ms": now.as_millis(),
        "virtual": !matches!(shared.clock_kind, ClockKind::System),
        "real_ms_per_ms": real_ms_per_ms,
        "clock": shared.clock.describe(),
    })
}

/// Answers one admin request.
pub(crate) fn handle(
    shared: &Shared,
    method: &str,
    path: &str,
    body: &[u8],
) -> Response<Full<Bytes>> {
    let parsed: Option<Value> = if body.is_empty() {
        Some(json!({}))
    } else {
        serde_json::from_slice(body).ok()
    };
    let route = path.trim_end_matches('/');
    // The provider's own routes first (Synq tokens, Salync webhooks...), as they always were.
    if let Some(r) = shared
        .backend
        .admin_route(shared, method, route, parsed.as_ref())
    {
        return r;
    }
    match (method, route) {
        ("GET", "/_admin/clock") => json_reply(200, clock_state(shared)),
        ("POST", "/_admin/clock") => {
            let Some(v) = parsed else {
                return json_reply(400, json!({"message": "body must be JSON"}));
            };
            let result = if let Some(ms) = v.get("advance_ms").and_then(Value::as_u64) {
                shared.advance(std::time::Duration::from_millis(ms))
            } else if let Some(ms) = v.get("at_least_ms").and_then(Value::as_i64) {
                // Followers waiting in several processes race; the latest target wins and an
                // earlier one is already reached, so it is not an error.
                match shared.set_clock(Timestamp::from_millis(ms)) {
                    Err(crate::error::EmulatorError::ClockBackwards) => Ok(()),
                    other => other,
                }
            } else if let Some(t) = v.get("set").and_then(Value::as_str) {
                match Timestamp::parse_rfc3339(t) {
                    Some(t) => shared.set_clock(t),
                    None => {
                        return json_reply(400, json!({"message": format!("not RFC 3339: {t}")}));
                    }
                }
            } else {
                return json_reply(
                    400,
                    json!({"message": "send {\"advance_ms\": n}, {\"at_least_ms\": n} or {\"set\": \"RFC 3339\"}"}),
                );
            };
            match result {
                Ok(()) => json_reply(200, clock_state(shared)),
                Err(e) => json_reply(409, json!({"message": e.to_string()})),
            }
        }
        ("GET", "/_admin/faults") => {
            let list: Vec<Value> = lock(&shared.faults)
                .list()
                .iter()
                .map(Fault::to_json)
                .collect();
            json_reply(200, Value::Array(list))
        }
        ("POST", "/_admin/faults") => match parsed.as_ref().map(Fault::from_json) {
            Some(Ok(f)) => {
                let echo = f.to_json();
                lock(&shared.faults).push(f);
                json_reply(201, echo)
            }
            Some(Err(e)) => json_reply(400, json!({ "message": e })),
            None => json_reply(400, json!({"message": "body must be JSON"})),
        },
        ("DELETE", "/_admin/faults") => {
            lock(&shared.faults).clear();
            json_reply(200, json!({"cleared": true}))
        }
        ("GET", "/_admin/requests") => {
            let log = lock(&shared.log).clone();
            json_reply(200, serde_json::to_value(log).unwrap_or(Value::Null))
        }
        ("POST", "/_admin/lockstep/join") => {
            if matches!(shared.clock_kind, ClockKind::System) {
                return json_reply(
                    409,
                    json!({"message": "lockstep time needs a virtual clock"}),
                );
            }
            let id = shared.lockstep.join();
            json_reply(
                200,
                json!({"worker": id, "now": shared.clock.now().as_millis()}),
            )
        }
        ("POST", "/_admin/lockstep/leave") => match parsed
            .as_ref()
            .and_then(|v| v.get("worker"))
            .and_then(Value::as_u64)
        {
            Some(id) => {
                shared.lockstep.leave(&shared.clock, id);
                json_reply(200, json!({"left": id}))
            }
            None => json_reply(400, json!({"message": "send {\"worker\": id}"})),
        },
        ("GET", "/_admin/usage") => json_reply(
            200,
            serde_json::to_value(shared.usage()).unwrap_or(Value::Null),
        ),
        ("GET", "/_admin") | ("GET", "/_admin/info") => {
            let mut routes = vec![
                "/_admin/clock",
                "/_admin/faults",
                "/_admin/requests",
                "/_admin/usage",
                "/_admin/lockstep/join",
                "/_admin/lockstep/wait",
                "/_admin/lockstep/leave",
            ];
            let mut info = json!({
                "provider": shared.spec.name,
                "base_url": shared.base_url,
                "clock": clock_state(shared),
            });
            shared.backend.admin_info(shared, &mut routes, &mut info);
            info["routes"] = json!(routes);
            json_reply(200, info)
        }
        _ => json_reply(404, json!({"message": "Resource not found"})),
    }
}

/// `POST /_admin/lockstep/wait {"worker": id, "until": ms}`: answers `{"now": ms}` once the
/// lockstep clock reads `until` (see `lockstep.rs`).
pub(crate) async fn lockstep_wait(shared: &Shared, body: &[u8]) -> Response<Full<Bytes>> {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let (Some(id), Some(until)) = (
        v.get("worker").and_then(Value::as_u64),
        v.get("until").and_then(Value::as_i64),
    ) else {
        return json_reply(
            400,
            json!({"message": "send {\"worker\": id, \"until\": ms}"}),
        );
    };
    if matches!(shared.clock_kind, ClockKind::System) {
        return json_reply(
            409,
            json!({"message": "lockstep time needs a virtual clock"}),
        );
    }
    let now = shared
        .lockstep
        .wait(&shared.clock, id, Timestamp::from_millis(until))
        .await;
    json_reply(200, json!({"now": now.as_millis()}))
}
