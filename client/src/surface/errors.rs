//! The error table every binding maps the flat error through (DESIGN §5): one class per kind,
//! with the same names in Python and JavaScript (and the JS wasm package), under one base
//! class; the fields every error carries; durations in seconds.

use pacer_sdk_core::ErrorKind;
use serde::Serialize;

/// The base class of every pacer error.
pub const BASE_CLASS: &str = "PacerError";

/// One kind of error and the class it is raised as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KindDesc {
    /// The kind, as `error.kind` says it.
    pub kind: &'static str,
    /// The class (a subclass of `PacerError`).
    pub class: &'static str,
    /// When it happens.
    pub doc: &'static str,
}

/// Every kind, in the order of `ErrorKind`.
pub const KINDS: &[(ErrorKind, &str, &str)] = &[
    (
        ErrorKind::Validation,
        "ValidationError",
        "Bad input, caught before any request was sent or quota spent; `errors` lists every field error.",
    ),
    (
        ErrorKind::Quota,
        "QuotaError",
        "A quota window is spent, or the wait for it is longer than allowed; see `resets_at`, `retry_after` and `scope`.",
    ),
    (
        ErrorKind::Api,
        "ApiError",
        "The server answered with an error status; `status` and the raw `body` are kept.",
    ),
    (
        ErrorKind::Transport,
        "TransportError",
        "The request could not be delivered, or its outcome is unknown (a write is then journaled).",
    ),
    (
        ErrorKind::Config,
        "ConfigError",
        "The configuration is unusable (a missing credential, a bad URL or option, an unknown endpoint, a misused drive loop).",
    ),
    (
        ErrorKind::Webhook,
        "WebhookError",
        "A webhook delivery failed verification or parsing.",
    ),
];

/// The class an error of `kind` is raised as.
pub fn class_of(kind: ErrorKind) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or(BASE_CLASS, |(_, class, _)| class)
}

/// One field of the flat error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorFieldDesc {
    /// Its name (snake_case; JavaScript uses camelCase).
    pub name: &'static str,
    /// Its type, in the generators' words: `text`, `int`, `seconds`, `instant`, `field_errors`.
    #[serde(rename = "type")]
    pub ty: &'static str,
    /// Whether it may be absent.
    pub optional: bool,
    /// What it holds.
    pub doc: &'static str,
}

/// The fields of every error.
pub const FIELDS: &[ErrorFieldDesc] = &[
    ErrorFieldDesc {
        name: "kind",
        ty: "text",
        optional: false,
        doc: "validation, quota, api, transport, config or webhook.",
    },
    ErrorFieldDesc {
        name: "code",
        ty: "text",
        optional: false,
        doc: "A stable machine-readable code, e.g. validation_failed, quota_exhausted, http_404.",
    },
    ErrorFieldDesc {
        name: "message",
        ty: "text",
        optional: false,
        doc: "A sentence a person can act on (never a credential).",
    },
    ErrorFieldDesc {
        name: "status",
        ty: "int",
        optional: true,
        doc: "The HTTP status, for api errors.",
    },
    ErrorFieldDesc {
        name: "body",
        ty: "text",
        optional: true,
        doc: "The server's raw body, for api errors.",
    },
    ErrorFieldDesc {
        name: "errors",
        ty: "field_errors",
        optional: false,
        doc: "Every field error (field, rule, message), for validation errors.",
    },
    ErrorFieldDesc {
        name: "retry_after",
        ty: "seconds",
        optional: true,
        doc: "How long to wait before trying again, in seconds.",
    },
    ErrorFieldDesc {
        name: "resets_at",
        ty: "instant",
        optional: true,
        doc: "When the spent quota window resets.",
    },
    ErrorFieldDesc {
        name: "scope",
        ty: "text",
        optional: true,
        doc: "The quota window and scope involved.",
    },
];

/// The fields of one field error (an entry of a validation error's `errors`), the same in
/// every binding.
pub const FIELD_ERROR_FIELDS: &[ErrorFieldDesc] = &[
    ErrorFieldDesc {
        name: "field",
        ty: "text",
        optional: false,
        doc: "The path as the API spells it, e.g. `bill_to.country` or `line_items[2].quantity`.",
    },
    ErrorFieldDesc {
        name: "property",
        ty: "text",
        optional: false,
        doc: "The same path as this language spells record attributes: camelCase in JavaScript (`billTo.country`); in Python and WIT the API's spelling, equal to `field`.",
    },
    ErrorFieldDesc {
        name: "rule",
        ty: "text",
        optional: false,
        doc: "Stable rule name, e.g. `required`, `format.email`, `history_window`.",
    },
    ErrorFieldDesc {
        name: "message",
        ty: "text",
        optional: false,
        doc: "A sentence a person can act on.",
    },
];

/// The table as data.
pub fn kinds() -> Vec<KindDesc> {
    KINDS
        .iter()
        .map(|(k, class, doc)| KindDesc {
            kind: k.as_str(),
            class,
            doc,
        })
        .collect()
}

/// One stable error code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodeDesc {
    /// The code, as `error.code` says it.
    pub code: &'static str,
    /// The kind of error that carries it.
    pub kind: &'static str,
    /// What it means.
    pub doc: &'static str,
}

macro_rules! codes {
    ($($code:literal: $kind:ident => $doc:literal,)*) => {
        /// Every stable code pacer raises (a provider's own machine-readable codes, such as
        /// Salync's `product_not_found`, also arrive as api codes).
        pub const CODES: &[CodeDesc] = &[$(CodeDesc { code: $code, kind: stringify!($kind), doc: $doc }),*];
    };
}

codes! {
    "validation_failed": validation => "Arguments or a body broke the spec's rules; `errors` lists each field and rule.",
    "quota_exhausted": quota => "A calendar window (a day, a month) is spent; `resets_at` says when it resets.",
    "quota_wait_too_long": quota => "The wait for a window would be longer than the caller allows (`max_wait`).",
    "bad_request": api => "The server answered 400.",
    "unauthorized": api => "The server answered 401: the credential was missing or rejected.",
    "forbidden": api => "The server answered 403 (permissions, or an unregistered User-Agent).",
    "not_found": api => "The server answered 404: no such record, or no such route.",
    "method_not_allowed": api => "The server answered 405.",
    "conflict": api => "The server answered 409.",
    "payload_too_large": api => "The server answered 413.",
    "unprocessable": api => "The server answered 422.",
    "rate_limited": api => "The server kept answering 429 after every retry.",
    "server_error": api => "The server answered 5xx (a read after every retry).",
    "decode_failed": api => "The server's answer could not be decoded as the spec says.",
    "unexpected_shape": api => "A list's answer is not the envelope the spec describes (no records array where one must be).",
    "paging_cycle": api => "A list's pages repeat or lead elsewhere (pages, links or records seen before, another endpoint); the walk stops and no record is emitted twice.",
    "connect_failed": transport => "The server could not be reached; nothing was sent.",
    "transport_failed": transport => "A read failed after every retry (the connection broke, a timeout).",
    "write_outcome_unknown": transport => "A write may or may not have been applied; it is journaled and reconciled, never repeated blindly.",
    "ledger_unavailable": transport => "The shared ledger (Redis) is unreachable; calls stop rather than spend an unshared budget.",
    "ledger_failed": transport => "The ledger failed an operation.",
    "emulator_clock_failed": transport => "An emulator followed as a clock did not answer.",
    "output_failed": transport => "The CLI could not write its output (a closed pipe, a full disk).",
    "response_too_large": transport => "An answer's body passed max_response_bytes; reading stopped there and the read is not repeated.",
    "export_busy": config => "Another export is writing the same output file (it holds the file's lock).",
    "export_resume_mismatch": config => "An interrupted export's partial output was shortened, deleted or changed; rerun with --restart.",
    "export_io": transport => "An export could not read or write its files.",
    "missing_api_key": config => "No credential was given.",
    "invalid_api_key": config => "The credential cannot be sent in a header.",
    "missing_user_agent": config => "The provider requires the integration's registered User-Agent.",
    "invalid_user_agent": config => "The User-Agent is not usable (a library default, control characters).",
    "missing_base_url": config => "The provider has no default base URL; give one.",
    "invalid_base_url": config => "The base URL is not a URL pacer can use.",
    "insecure_url": config => "Plain HTTP to a host other than loopback (the credential would travel in clear text).",
    "missing_config": config => "A value the provider requires (such as a Synq tenant) is missing.",
    "invalid_option": config => "A client option is unknown, of the wrong type, missing, or conflicts with another; `errors` names it.",
    "invalid_clock": config => "A clock setting is not one of system, emulator:URL, lockstep:URL.",
    "invalid_ledger": config => "A ledger URL is not memory, sqlite://… or redis://….",
    "ledger_path": config => "The ledger file cannot be created or opened.",
    "invalid_spec": config => "A provider spec or override is not valid.",
    "unknown_provider": config => "No built-in spec has that name.",
    "unknown_endpoint": config => "The provider's spec has no such endpoint.",
    "unknown_plan": config => "The provider has no such quota plan.",
    "unknown_request_kind": config => "A forecast names a kind of request the provider never makes.",
    "wrong_provider": config => "A typed client was given a client of another provider.",
    "no_reconcile": config => "A write cannot be reconciled: its endpoint names no lookup.",
    "not_a_list": config => "A list was asked of an endpoint that does not page.",
    "token_provider_failed": config => "The token provider failed or returned no token.",
    "token_command": config => "The CLI's token command failed.",
    "config_file": config => "The CLI's config file cannot be read or parsed.",
    "transport_setup": config => "The HTTP client could not be built.",
    "blocking_in_async": config => "A blocking client was made inside an async runtime.",
    "drive_loop_misuse": config => "A driver broke the drive-loop contract (an effect not answered, answered twice, or a poll after the end).",
    "already_refunded": config => "A reservation was refunded twice.",
    "encode_failed": config => "A value could not be encoded for the binding.",
    "runtime": config => "The async runtime could not start or a task failed.",
    "interrupted": config => "A wait was interrupted by a signal (Python's Ctrl-C).",
    "emulator": config => "The emulator could not start.",
    "emulator_io": config => "The emulator's I/O failed.",
    "emulator_stopped": config => "The emulator was stopped.",
    "emulator_refused": config => "The emulator refused an admin request (a clock moved backwards, a fault it cannot inject).",
    "host_clock_stalled": config => "A WASI host's clock did not move during a sleep.",
    "host_failed": config => "A WASI host's import failed.",
    "no_fetch": config => "The JS wasm package was given no fetch function.",
    "browser_refused": config => "The JS wasm package refuses to run in a browser (keys must stay server-side) unless told otherwise.",
    "missing_webhook_secret": config => "A webhook helper was given no secret.",
    "signature_missing": webhook => "A webhook delivery carries no signature.",
    "signature_invalid": webhook => "A webhook signature does not match the body.",
    "payload_invalid": webhook => "A webhook body is not the event it claims to be.",
}

/// Whether `code` is a stable code of kind `kind`, or an api code derived from a status
/// (`http_<status>`) or from the provider's own error body.
pub fn is_known(code: &str, kind: &str) -> bool {
    CODES.iter().any(|c| c.code == code && c.kind == kind)
        || (kind == "api"
            && code
                .strip_prefix("http_")
                .is_some_and(|s| s.parse::<u16>().is_ok()))
}
