//! Client options, described once with their types and defaults and checked the same way by
//! every surface: a binding turns its language's keyword arguments or options object into a
//! JSON map (snake_case keys, durations in seconds), and [`check`] refuses unknown options,
//! values of the wrong type and missing required ones, naming the option, then gives the
//! configuration they make. A provider's own options (its credential, its configuration
//! headers, its plans, a per-IP label) come from its spec. The native builder
//! (`pacer_sdk::surface::builder`) and both wasm builds apply what [`check`] gives.

use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::api::{ClientConfig, DEFAULT_RATE_MARGIN};
use crate::spec::CredentialKind;
use crate::{Error, FieldError, ProviderSpec, RetryPolicy};

/// The whole-request timeout when none is given (every surface's default).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The connection timeout when none is given.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The type of an option's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OptionType {
    /// Text.
    Text,
    /// Text kept secret (never shown in a repr, an error or a log).
    Secret,
    /// True or false.
    Bool,
    /// A whole number of at least 1.
    Count,
    /// A duration in seconds (a float; bindings also take their language's duration type).
    Seconds,
    /// One of a set of texts.
    Choice {
        /// The allowed values.
        values: Vec<String>,
    },
    /// A clock object, or a clock setting (`system`, `emulator:URL`, `lockstep:URL`).
    Clock,
    /// A function returning a bearer token (a binding's callable).
    TokenProvider,
}

/// One client option.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptionDesc {
    /// Its name (snake_case; JavaScript uses the camelCase form).
    pub name: String,
    /// Its JavaScript name.
    pub js_name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: OptionType,
    /// Its default (`null`: not set, the behaviour `doc` describes).
    pub default: Value,
    /// Whether a client cannot be built without it.
    pub required: bool,
    /// What it does.
    pub doc: String,
}

fn opt(name: &str, ty: OptionType, default: Value, required: bool, doc: &str) -> OptionDesc {
    OptionDesc {
        name: name.to_string(),
        js_name: crate::spelling::to_camel(name),
        ty,
        default,
        required,
        doc: doc.to_string(),
    }
}

/// Every option of a client of `spec`, in the order surfaces list them.
pub fn options(spec: &ProviderSpec) -> Vec<OptionDesc> {
    use OptionType::*;
    let retry = RetryPolicy::default();
    let mut out = Vec::new();
    match spec.auth.credential {
        CredentialKind::ApiKey => out.push(opt(
            "api_key",
            Secret,
            Value::Null,
            true,
            "The API key (sent only by the transport, over HTTPS; never logged).",
        )),
        CredentialKind::Token => {
            out.push(opt(
                "token",
                Secret,
                Value::Null,
                false,
                "A bearer token (give this or `token_provider`).",
            ));
            out.push(opt(
                "token_provider",
                TokenProvider,
                Value::Null,
                false,
                "A function returning a fresh bearer token: asked at first use and again, once per call, after a 401.",
            ));
        }
    }
    out.push(opt(
        "user_agent",
        Text,
        Value::Null,
        spec.user_agent.required,
        if spec.user_agent.required {
            "Your integration's registered User-Agent (the provider's policy requires it)."
        } else {
            "The User-Agent to send."
        },
    ));
    for h in &spec.config_headers {
        out.push(opt(
            &h.config_key,
            Text,
            Value::Null,
            true,
            &format!("Sent as the {} header on every request.", h.header),
        ));
    }
    out.push(opt(
        "base_url",
        Text,
        spec.base_url.clone().map_or(Value::Null, Value::String),
        spec.base_url.is_none(),
        "The API (HTTPS; plain HTTP only on loopback, e.g. an emulator).",
    ));
    if spec.quota.plans.len() > 1 {
        out.push(opt(
            "plan",
            Choice {
                values: spec.quota.plans.keys().cloned().collect(),
            },
            json!(spec.quota.default_plan),
            false,
            "The key's plan, which sets its quota.",
        ));
    }
    out.extend([
        opt(
            "ledger",
            Text,
            Value::Null,
            false,
            "Where quota state and the write journal live: memory, sqlite:///path/ledger.db or redis://host:6379 (default: a SQLite file in ~/.local/share/pacer/ shared by every process of the user).",
        ),
        opt(
            "clock",
            Clock,
            Value::Null,
            false,
            "The clock (real time by default): an emulator's clock, or a setting such as emulator:http://127.0.0.1:PORT.",
        ),
        opt(
            "spec_overrides",
            Text,
            Value::Null,
            false,
            "TOML merged over the provider spec (unconfirmed paths, quota windows).",
        ),
        opt(
            "account",
            Text,
            Value::Null,
            false,
            "The quota account label (default: a fingerprint of the credential).",
        ),
        opt(
            "page_size",
            Count,
            Value::Null,
            false,
            "Records per page (default: the provider's largest).",
        ),
        opt(
            "timeout",
            Seconds,
            json!(DEFAULT_TIMEOUT.as_secs_f64()),
            false,
            "Whole-request timeout, seconds.",
        ),
        opt(
            "connect_timeout",
            Seconds,
            json!(DEFAULT_CONNECT_TIMEOUT.as_secs_f64()),
            false,
            "Connection timeout, seconds.",
        ),
        opt(
            "max_response_bytes",
            Count,
            json!(spec.limits.response_limit()),
            false,
            "The most bytes a response body may hold; a larger answer fails (response_too_large) having read no more.",
        ),
        opt(
            "max_wait",
            Seconds,
            Value::Null,
            false,
            "Longest wait for rate and overage windows, seconds; longer fails at once with the reset time (default: as long as it takes).",
        ),
        opt(
            "wait_for_reset",
            Bool,
            json!(false),
            false,
            "Wait for a spent daily or monthly window to reset instead of failing at once.",
        ),
        opt(
            "rate_margin",
            Seconds,
            json!(DEFAULT_RATE_MARGIN.as_secs_f64()),
            false,
            "Safety margin on rate windows for network delay, seconds.",
        ),
        opt(
            "max_attempts",
            Count,
            json!(retry.max_attempts),
            false,
            "Attempts in total for reads, the first included.",
        ),
        opt(
            "retry_base_delay",
            Seconds,
            json!(retry.base_delay.as_secs_f64()),
            false,
            "First retry backoff, seconds (doubled each retry).",
        ),
        opt(
            "retry_max_delay",
            Seconds,
            json!(retry.max_delay.as_secs_f64()),
            false,
            "Largest retry backoff, seconds.",
        ),
    ]);
    if spec.quota.plans.values().any(|p| {
        p.windows
            .iter()
            .any(|w| w.scope == crate::quota::policy::ScopeKind::Ip)
    }) {
        out.push(opt(
            "egress_ip",
            Text,
            Value::Null,
            false,
            "A label for this host's egress IP: clients behind one address share its per-IP window.",
        ));
    }
    out.push(opt(
        "dangerously_allow_insecure_http",
        Bool,
        json!(false),
        false,
        "Allow plain HTTP to hosts other than loopback: the credential then crosses the network in clear text. Tests only.",
    ));
    out
}

/// An `invalid_option` error naming `option` and the rule it broke (the field error lets a
/// caller point at the option).
pub fn bad(option: &str, rule: &str, why: String) -> Error {
    let mut e = Error::config("invalid_option", why);
    e.errors = vec![FieldError::new(option, rule, e.message.clone())];
    e
}

fn text(name: &str, v: &Value) -> Result<String, Error> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| bad(name, "type", format!("option {name} must be text")))
}

fn seconds(name: &str, v: &Value) -> Result<Duration, Error> {
    match v.as_f64() {
        Some(s) if s.is_finite() && s >= 0.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(bad(
            name,
            "type",
            format!("option {name} is a duration in seconds (a number of at least 0)"),
        )),
    }
}

fn count(name: &str, v: &Value) -> Result<u64, Error> {
    v.as_u64().filter(|n| *n >= 1).ok_or_else(|| {
        bad(
            name,
            "type",
            format!("option {name} is a whole number of at least 1"),
        )
    })
}

fn flag(name: &str, v: &Value) -> Result<bool, Error> {
    v.as_bool()
        .ok_or_else(|| bad(name, "type", format!("option {name} is true or false")))
}

/// What checked options make: the core's configuration, the transport's limits, and the
/// texts a surface opens itself (credential, ledger, clock setting, spec overrides).
#[derive(Clone, Default)]
pub struct Checked {
    /// What `Api::new` takes (retry and wait policies, headers, plan, account…).
    pub config: ClientConfig,
    /// The whole exchange.
    pub timeout: Duration,
    /// Opening the connection.
    pub connect_timeout: Duration,
    /// The most bytes of response body read, when given (default: the spec's).
    pub max_response_bytes: Option<u64>,
    /// The API key or bearer token, when given.
    pub credential: Option<String>,
    /// The ledger setting (`memory`, `sqlite:///…`, `redis://…`), when given.
    pub ledger: Option<String>,
    /// The clock setting (`system`, `emulator:URL`, `lockstep:URL`), when given as text.
    pub clock: Option<String>,
    /// The spec overrides' TOML, when given.
    pub spec_overrides: Option<String>,
}

impl std::fmt::Debug for Checked {
    /// The credential is never shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checked")
            .field("config", &self.config)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field(
                "credential",
                &self.credential.as_ref().map(|_| "<redacted>"),
            )
            .field("ledger", &self.ledger)
            .field("clock", &self.clock)
            .field(
                "spec_overrides",
                &self.spec_overrides.as_ref().map(|_| "<given>"),
            )
            .finish()
    }
}

/// How a surface spells an option's name in its errors (its caller's spelling).
pub type Spell = fn(&str) -> String;

/// The option names as the API spells them (the native surfaces).
pub fn as_named(name: &str) -> String {
    name.to_string()
}

/// Checks `given` (option name → value; `null` is "not given") against the options of `spec`
/// that this surface `takes`, and gives what they make. An option outside them, a value of the
/// wrong type and a missing required option (other than the credential, which the surface
/// checks when it opens its transport) are `invalid_option` errors naming the option as `spell`
/// writes it, before anything is opened or sent.
pub fn check(
    spec: &ProviderSpec,
    given: &Map<String, Value>,
    takes: impl Fn(&OptionDesc) -> bool,
    spell: Spell,
) -> Result<Checked, Error> {
    let known: Vec<OptionDesc> = options(spec).into_iter().filter(|o| takes(o)).collect();
    let given: Vec<(&str, &Value)> = given
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    for (name, _) in &given {
        if !known.iter().any(|o| o.name == *name) {
            let names: Vec<String> = known.iter().map(|o| spell(&o.name)).collect();
            return Err(bad(
                &spell(name),
                "unknown",
                format!(
                    "{} has no option {}; its options are {}",
                    spec.display_name,
                    spell(name),
                    names.join(", ")
                ),
            ));
        }
    }
    let present = |name: &str| {
        given
            .iter()
            .any(|(n, v)| *n == name && v.as_str().is_none_or(|s| !s.trim().is_empty()))
    };
    for o in known
        .iter()
        .filter(|o| o.required && o.ty != OptionType::Secret)
    {
        if !present(&o.name) {
            let name = spell(&o.name);
            return Err(bad(
                &name,
                "required",
                format!(
                    "{} requires the {name} option ({})",
                    spec.display_name, o.doc
                ),
            ));
        }
    }
    let mut out = Checked {
        timeout: DEFAULT_TIMEOUT,
        connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        ..Checked::default()
    };
    let c = &mut out.config;
    for (key, v) in given {
        let spelled = spell(key);
        let name = spelled.as_str();
        match key {
            "api_key" | "token" => out.credential = Some(text(name, v)?),
            "ledger" => out.ledger = Some(text(name, v)?),
            "clock" => out.clock = Some(text(name, v)?),
            "spec_overrides" => out.spec_overrides = Some(text(name, v)?),
            "user_agent" => c.user_agent = Some(text(name, v)?),
            "base_url" => c.base_url = Some(text(name, v)?),
            "plan" => c.plan = Some(text(name, v)?),
            "account" => c.account = Some(text(name, v)?),
            "egress_ip" => c.egress_ip = Some(text(name, v)?),
            "page_size" => c.page_size = Some(count(name, v)?),
            "timeout" => out.timeout = seconds(name, v)?,
            "connect_timeout" => out.connect_timeout = seconds(name, v)?,
            "max_response_bytes" => out.max_response_bytes = Some(count(name, v)?),
            "max_wait" => c.wait.max_wait = Some(seconds(name, v)?),
            "wait_for_reset" => c.wait.wait_for_reset = flag(name, v)?,
            "rate_margin" => c.rate_margin = Some(seconds(name, v)?),
            "max_attempts" => {
                c.retry.max_attempts = u32::try_from(count(name, v)?).unwrap_or(u32::MAX)
            }
            "retry_base_delay" => c.retry.base_delay = seconds(name, v)?,
            "retry_max_delay" => c.retry.max_delay = seconds(name, v)?,
            "dangerously_allow_insecure_http" => c.dangerously_allow_insecure_http = flag(name, v)?,
            "token_provider" => {
                // A callable never arrives as JSON; a surface that takes one passes it aside.
                return Err(bad(
                    name,
                    "type",
                    format!("option {name} is a function returning a token"),
                ));
            }
            header => {
                // The provider's configuration headers (Synq's tenant_id, org_id).
                let value = text(name, v)?;
                c.header_values.insert(header.to_string(), value);
            }
        }
    }
    Ok(out)
}
