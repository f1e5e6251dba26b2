//! Errors on their way to JavaScript. N-API errors carry only a message, so the flat error
//! travels as JSON behind a marker, and `index.js` turns it into a `PacerError` with every
//! field (DESIGN §5). Messages come from pacer, which never puts credentials in them.

use napi::Status;
use pacer_sdk_core::Error;
use pacer_sdk_emulator::EmulatorError;
use serde_json::{Value, json};

use crate::keys::path_to_camel;

/// Prefix of a message that holds a flat error as JSON (`index.js` looks for it).
pub const MARKER: &str = "\u{1}pacer-error:";

/// The flat error as the JSON `index.js` reads.
pub fn error_json(err: &Error) -> Value {
    json!({
        "kind": err.kind.as_str(),
        "code": err.code,
        "message": err.message,
        "status": err.status,
        "body": err.body,
        "errors": err.errors.iter().map(|e| json!({
            "field": e.field,
            "property": path_to_camel(&e.field),
            "rule": e.rule,
            "message": e.message,
        })).collect::<Vec<_>>(),
        "retryAfter": err.retry_after.map(|d| d.as_secs_f64()),
        "resetsAt": err.resets_at.map(|t| t.to_rfc3339()),
        "scope": err.scope,
    })
}

/// A pacer error as an N-API error.
pub fn to_js(err: Error) -> napi::Error {
    napi::Error::new(
        Status::GenericFailure,
        format!("{MARKER}{}", error_json(&err)),
    )
}

/// An emulator error as a configuration error with a stable code.
pub fn emulator_to_js(err: EmulatorError) -> napi::Error {
    let code = match &err {
        EmulatorError::Config(_) => "emulator_config",
        EmulatorError::Io(_) => "emulator_io",
        EmulatorError::NotVirtual => "clock_not_virtual",
        EmulatorError::ClockBackwards => "clock_backwards",
        EmulatorError::Unsupported(_) => "emulator_unsupported",
        EmulatorError::Invalid(_) => "emulator_refused",
        _ => "emulator_error",
    };
    to_js(Error::config(code, err.to_string()))
}

/// A bad argument from JavaScript, reported as a validation error on `field`.
pub fn bad_argument(field: &str, message: impl Into<String>) -> napi::Error {
    to_js(Error::invalid_field(field, "type", message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_carried() {
        let mut err = Error::validation(vec![pacer_sdk_core::FieldError::new(
            "bill_to.first_name",
            "required",
            "needed",
        )]);
        err.retry_after = Some(std::time::Duration::from_millis(1500));
        let v = error_json(&err);
        assert_eq!(v["kind"], "validation");
        assert_eq!(v["errors"][0]["property"], "billTo.firstName");
        assert_eq!(v["retryAfter"], 1.5);
        assert!(v["resetsAt"].is_null());
    }
}
