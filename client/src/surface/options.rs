//! Client options, described once with their types and defaults and read the same way by every
//! binding: the binding turns its language's keyword arguments or options object into a JSON
//! map (snake_case keys, durations in seconds) plus the two values JSON cannot carry (a token
//! provider and a clock), and [`builder`] checks and applies them. A provider's own options
//! (its credential, its configuration headers, its plans) come from its spec.

use std::sync::Arc;
use std::time::Duration;

use pacer_sdk_core::api::DEFAULT_RATE_MARGIN;
use pacer_sdk_core::spec::CredentialKind;
use pacer_sdk_core::{Error, ProviderSpec, RetryPolicy};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::client::ClientBuilder;
use crate::clock::Clock;
use crate::transport::{TokenProvider, TransportOptions};

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
        js_name: super::keys::to_camel(name),
        ty,
        default,
        required,
        doc: doc.to_string(),
    }
}

/// Every option of a client of `spec`, in the order surfaces list them.
pub fn options(spec: &ProviderSpec) -> Vec<OptionDesc> {
    use OptionType::*;
    let transport = TransportOptions::default();
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
            json!(transport.timeout.as_secs_f64()),
            false,
            "Whole-request timeout, seconds.",
        ),
        opt(
            "connect_timeout",
            Seconds,
            json!(transport.connect_timeout.as_secs_f64()),
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
            .any(|w| w.scope == pacer_sdk_core::quota::policy::ScopeKind::Ip)
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

/// The values JSON cannot carry.
#[derive(Clone, Default)]
pub struct Handles {
    /// A token provider (the binding wraps its language's callable).
    pub token_provider: Option<TokenProvider>,
    /// A clock object (an emulator's); a clock *setting* may come as text in the options.
    pub clock: Option<Arc<dyn Clock>>,
}

fn bad(option: &str, rule: &str, why: String) -> Error {
    let mut e = Error::config("invalid_option", why);
    e.errors = vec![pacer_sdk_core::FieldError::new(
        option,
        rule,
        e.message.clone(),
    )];
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

/// A builder for a client of `provider` from `values` (option name → JSON value; `null` is
/// "not given") and `handles`. Unknown options, values of the wrong type, a missing required
/// option and both a token and a token provider are config errors naming the option, before
/// anything is opened or sent.
pub fn builder(
    provider: &str,
    values: &Map<String, Value>,
    handles: Handles,
) -> Result<ClientBuilder, Error> {
    let base = ProviderSpec::builtin(provider)?;
    let known = options(&base);
    let given: Vec<(&str, &Value)> = values
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    for (name, _) in &given {
        if !known.iter().any(|o| o.name == *name) {
            let names: Vec<&str> = known.iter().map(|o| o.name.as_str()).collect();
            return Err(bad(
                name,
                "unknown",
                format!(
                    "{} has no option {name}; its options are {}",
                    base.display_name,
                    names.join(", ")
                ),
            ));
        }
    }
    if handles.token_provider.is_some() && !known.iter().any(|o| o.name == "token_provider") {
        return Err(bad(
            "token_provider",
            "unknown",
            format!(
                "{} authenticates with an API key, not a token provider",
                base.display_name
            ),
        ));
    }
    let get = |name: &str| given.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    if get("token").is_some() && handles.token_provider.is_some() {
        return Err(bad(
            "token_provider",
            "exclusive",
            "give a token or a token_provider, not both".into(),
        ));
    }
    for o in known.iter().filter(|o| o.required) {
        let present = get(&o.name).is_some_and(|v| v.as_str() != Some(""));
        // The base URL is required only where the spec has none; the credential is checked
        // when the client is built (a test transport may stand in for it).
        if !present && o.ty != OptionType::Secret {
            return Err(bad(
                &o.name,
                "required",
                format!(
                    "{} requires the {} option ({})",
                    base.display_name, o.name, o.doc
                ),
            ));
        }
    }
    let mut b = ClientBuilder::new(provider);
    let mut timeout = TransportOptions::default().timeout;
    let mut connect_timeout = TransportOptions::default().connect_timeout;
    let mut retry = RetryPolicy::default();
    for (name, v) in &given {
        let name = *name;
        b = match name {
            "api_key" | "token" => b.api_key(crate::ApiKey::new(text(name, v)?)),
            "user_agent" => b.user_agent(text(name, v)?),
            "base_url" => b.base_url(text(name, v)?),
            "plan" => b.plan(text(name, v)?),
            "ledger" => b.ledger(text(name, v)?),
            "clock" => b.clock(crate::clock::clock_from_setting(&text(name, v)?)?),
            "spec_overrides" => b.spec_overrides(text(name, v)?),
            "account" => {
                let account = text(name, v)?;
                b.configure(|c| c.account = Some(account))
            }
            "egress_ip" => {
                let ip = text(name, v)?;
                b.configure(|c| c.egress_ip = Some(ip))
            }
            "page_size" => {
                let n = count(name, v)?;
                b.configure(|c| c.page_size = Some(n))
            }
            "max_response_bytes" => b.max_response_bytes(count(name, v)?),
            "timeout" => {
                timeout = seconds(name, v)?;
                b
            }
            "connect_timeout" => {
                connect_timeout = seconds(name, v)?;
                b
            }
            "max_wait" => {
                let d = seconds(name, v)?;
                b.configure(|c| c.wait.max_wait = Some(d))
            }
            "wait_for_reset" => {
                let on = flag(name, v)?;
                b.configure(|c| c.wait.wait_for_reset = on)
            }
            "rate_margin" => {
                let d = seconds(name, v)?;
                b.configure(|c| c.rate_margin = Some(d))
            }
            "max_attempts" => {
                retry.max_attempts = u32::try_from(count(name, v)?).unwrap_or(u32::MAX);
                b
            }
            "retry_base_delay" => {
                retry.base_delay = seconds(name, v)?;
                b
            }
            "retry_max_delay" => {
                retry.max_delay = seconds(name, v)?;
                b
            }
            "dangerously_allow_insecure_http" => {
                let on = flag(name, v)?;
                b.configure(|c| c.dangerously_allow_insecure_http = on)
            }
            header => {
                // The provider's configuration headers (Synq's tenant_id, org_id).
                let value = text(header, v)?;
                b.header_value(header, value)
            }
        };
    }
    b = b
        .timeouts(timeout, connect_timeout)
        .configure(|c| c.retry = retry);
    if let Some(provider) = handles.token_provider {
        b = b.token_provider(provider);
    }
    if let Some(clock) = handles.clock {
        b = b.clock(clock);
    }
    Ok(b)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(provider: &str) -> Vec<String> {
        options(&ProviderSpec::builtin(provider).unwrap())
            .into_iter()
            .map(|o| o.name)
            .collect()
    }

    #[test]
    fn each_provider_has_its_own_options_from_its_spec() {
        assert!(names("syncore").contains(&"api_key".to_string()));
        let synq = names("synq");
        for n in [
            "token",
            "token_provider",
            "tenant_id",
            "org_id",
            "egress_ip",
        ] {
            assert!(synq.contains(&n.to_string()), "synq: {n}");
        }
        assert!(!synq.contains(&"api_key".to_string()));
        assert!(names("salync").contains(&"plan".to_string()));
        let timeout = options(&ProviderSpec::builtin("syncore").unwrap())
            .into_iter()
            .find(|o| o.name == "timeout")
            .unwrap();
        assert_eq!(
            timeout.default,
            json!(30.0),
            "every surface defaults to 30 s"
        );
    }

    #[test]
    fn bad_options_are_config_errors_naming_the_option() {
        let map = |v: Value| v.as_object().unwrap().clone();
        let err = builder(
            "syncore",
            &map(json!({"api_key": "k", "colour": "red"})),
            Handles::default(),
        )
        .err()
        .unwrap();
        assert_eq!(
            (err.code.as_str(), err.errors[0].field.as_str()),
            ("invalid_option", "colour")
        );
        let err = builder(
            "syncore",
            &map(json!({"api_key": "k", "user_agent": "t/1", "timeout": "soon"})),
            Handles::default(),
        )
        .err()
        .unwrap();
        assert_eq!(err.errors[0].field, "timeout");
        let err = builder(
            "synq",
            &map(json!({"token": "t", "base_url": "https://x"})),
            Handles::default(),
        )
        .err()
        .unwrap();
        assert_eq!(
            (err.errors[0].field.as_str(), err.errors[0].rule.as_str()),
            ("tenant_id", "required")
        );
        let provider: TokenProvider = Arc::new(|| Ok("t".into()));
        let err = builder(
            "synq",
            &map(json!({"token": "t", "tenant_id": "a", "org_id": "b", "base_url": "https://x"})),
            Handles {
                token_provider: Some(provider),
                clock: None,
            },
        )
        .err()
        .unwrap();
        assert_eq!(err.errors[0].rule, "exclusive");
        let provider: TokenProvider = Arc::new(|| Ok("t".into()));
        let err = builder(
            "syncore",
            &map(json!({"api_key": "k", "user_agent": "t/1"})),
            Handles {
                token_provider: Some(provider),
                clock: None,
            },
        )
        .err()
        .unwrap();
        assert_eq!(
            (err.errors[0].field.as_str(), err.errors[0].rule.as_str()),
            ("token_provider", "unknown")
        );
    }
}
