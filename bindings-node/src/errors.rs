//! Errors on their way to JavaScript. N-API errors carry only a message, so the flat error
//! travels as JSON behind a marker, and `index.js` raises it as the class the error table
//! (`pacer_sdk::surface::errors`) gives its kind, with every field of the table (DESIGN §5).
//! Messages come from pacer, which never puts credentials in them.

use napi::Status;
use pacer_sdk::surface::errors::CODES;
use pacer_sdk::surface::keys::path_to_camel;
use pacer_sdk_core::Error;
use pacer_sdk_emulator::EmulatorError;
use serde_json::{Value, json};

/// Prefix of a message that holds a flat error as JSON (`index.js` looks for it).
pub const MARKER: &str = "\u{1}pacer-error:";

/// The flat error as the JSON `index.js` reads: the table's fields in JavaScript names,
/// durations in seconds, and each field error's path in both spellings (`field` as the API
/// spells it, `property` as JavaScript does).
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

/// An emulator error as a pacer error with a code of the error table, so the emulator's
/// failures reach JavaScript as the same classes and codes as the client's.
pub fn emulator_error(err: EmulatorError) -> Error {
    let message = err.to_string();
    match err {
        EmulatorError::Config(_) => Error::config("emulator", message),
        EmulatorError::Io(_) => Error::config("emulator_io", message),
        // A clock that cannot move, a feature the plan lacks, a record it does not know: an
        // admin request refused.
        _ => Error::config("emulator_refused", message),
    }
}

/// An emulator error as an N-API error.
pub fn emulator_to_js(err: EmulatorError) -> napi::Error {
    to_js(emulator_error(err))
}

/// A bad argument from JavaScript, reported as a validation error on `field`.
pub fn bad_argument(field: &str, message: impl Into<String>) -> napi::Error {
    to_js(Error::invalid_field(field, "type", message))
}

/// An error of the table's `code` (with that code's kind), so a test can check that every code
/// reaches JavaScript as its kind's class; `None` for a code the table does not list.
pub fn sample(code: &str) -> Option<Error> {
    let desc = CODES.iter().find(|c| c.code == code)?;
    let (kind, _, _) = pacer_sdk::surface::errors::KINDS
        .iter()
        .find(|(k, _, _)| k.as_str() == desc.kind)?;
    Some(Error::new(*kind, code, format!("a sample {code} error")))
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

    #[test]
    fn emulator_errors_take_codes_of_the_table() {
        for err in [
            EmulatorError::Config("x".into()),
            EmulatorError::Io(std::io::Error::other("x")),
            EmulatorError::NotVirtual,
            EmulatorError::ClockBackwards,
            EmulatorError::Unsupported("x".into()),
            EmulatorError::Invalid("x".into()),
        ] {
            let e = emulator_error(err);
            assert!(
                pacer_sdk::surface::errors::is_known(&e.code, e.kind.as_str()),
                "{}",
                e.code
            );
        }
        assert_eq!(sample("quota_exhausted").unwrap().kind.as_str(), "quota");
        assert!(sample("no_such_code").is_none());
    }
}
