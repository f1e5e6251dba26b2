//! Client options by the descriptors' names (`pacer_sdk::surface::options`: snake_case,
//! durations in seconds), checked and applied as `pacer_sdk::surface::builder` does natively,
//! for both wasm builds: the component turns its `client-options` record into this map, the
//! JS package its options object (`wasm/web` includes this file with `#[path]`). The crates
//! cannot link pacer-sdk (sockets, SQLite, threads), so the rules are restated here from the
//! provider's spec, and the wasm host's conformance test holds them to
//! `tests/scenarios/surface.json`.
//!
//! Only pacer-sdk-core is used here, so the file compiles in either crate.

use std::time::Duration;

use pacer_sdk_core::api::{ClientConfig, DEFAULT_RATE_MARGIN};
use pacer_sdk_core::quota::policy::ScopeKind;
use pacer_sdk_core::{Api, Error, FieldError, ProviderSpec, RetryPolicy, WaitPolicy};
use serde_json::{Map, Value, json};

/// The whole-request timeout when none is given, seconds: the native transport's default
/// (`pacer_sdk::transport::TransportOptions`, not in pacer-sdk-core, hence restated).
pub const DEFAULT_TIMEOUT: f64 = 30.0;
/// The connection timeout when none is given, seconds (as [`DEFAULT_TIMEOUT`]).
pub const DEFAULT_CONNECT_TIMEOUT: f64 = 10.0;

/// What the host's HTTP layer must honour for every request of a client.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// The whole exchange, seconds.
    pub timeout: f64,
    /// Opening the connection, seconds.
    pub connect_timeout: f64,
    /// The most bytes of response body read.
    pub max_response_bytes: u64,
}

/// A checked configuration: the core's, plus the limits the host's transport applies.
pub struct Applied {
    /// What `Api::new` takes.
    pub config: ClientConfig,
    /// What each request carries to the host.
    pub limits: Limits,
}

/// The options every provider's client has (in the descriptors' order).
const COMMON: &[&str] = &[
    "user_agent",
    "base_url",
    "spec_overrides",
    "account",
    "page_size",
    "timeout",
    "connect_timeout",
    "max_response_bytes",
    "max_wait",
    "wait_for_reset",
    "rate_margin",
    "max_attempts",
    "retry_base_delay",
    "retry_max_delay",
    "dangerously_allow_insecure_http",
];

/// The provider's own options, by the same rules as the descriptors: its configuration
/// headers, a plan when it has several, an egress IP when a window is scoped per IP.
fn own_options(spec: &ProviderSpec) -> Vec<String> {
    let mut out: Vec<String> = spec
        .config_headers
        .iter()
        .map(|h| h.config_key.clone())
        .collect();
    if spec.quota.plans.len() > 1 {
        out.push("plan".into());
    }
    if spec
        .quota
        .plans
        .values()
        .any(|p| p.windows.iter().any(|w| w.scope == ScopeKind::Ip))
    {
        out.push("egress_ip".into());
    }
    out
}

/// Every option name a client of `spec` takes here.
pub fn names(spec: &ProviderSpec) -> Vec<String> {
    let mut out: Vec<String> = COMMON.iter().map(|s| s.to_string()).collect();
    out.extend(own_options(spec));
    out
}

/// How a surface spells an option's name in its errors: the component by the descriptors'
/// names, the JS package by their camelCase form, as its caller wrote them.
pub type Spell = fn(&str) -> String;

/// An `invalid_option` error naming `option` and the rule it broke, as the native builder
/// raises it (the field error lets a caller point at the option).
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

fn count(name: &str, v: &Value) -> Result<u64, Error> {
    v.as_u64().filter(|n| *n >= 1).ok_or_else(|| {
        bad(
            name,
            "type",
            format!("option {name} is a whole number of at least 1"),
        )
    })
}

fn seconds(name: &str, v: &Value) -> Result<f64, Error> {
    match v.as_f64() {
        Some(s) if s.is_finite() && s >= 0.0 => Ok(s),
        _ => Err(bad(
            name,
            "type",
            format!("option {name} is a duration in seconds (a number of at least 0)"),
        )),
    }
}

fn flag(name: &str, v: &Value) -> Result<bool, Error> {
    v.as_bool()
        .ok_or_else(|| bad(name, "type", format!("option {name} is true or false")))
}

/// Checks `given` (option name → value; `null` and `false`-for-a-flag are "not given") against
/// the options of `spec` and applies them. An option the provider lacks, a value of the wrong
/// type and a missing required option are `invalid_option` errors naming it (as `spell` writes
/// it), before anything is opened, as natively. `spec_overrides` is read by the caller (it
/// makes `spec`).
pub fn apply(
    spec: &ProviderSpec,
    given: &Map<String, Value>,
    spell: Spell,
) -> Result<Applied, Error> {
    let known = names(spec);
    let given: Vec<(&str, &Value)> = given
        .iter()
        .filter(|(_, v)| !v.is_null() && **v != Value::Bool(false))
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    for (name, _) in &given {
        if !known.iter().any(|k| k == name) {
            let spelled: Vec<String> = known.iter().map(|k| spell(k)).collect();
            return Err(bad(
                &spell(name),
                "unknown",
                format!(
                    "{} has no option {}; its options are {}",
                    spec.display_name,
                    spell(name),
                    spelled.join(", ")
                ),
            ));
        }
    }
    let present = |name: &str| {
        given
            .iter()
            .any(|(n, v)| *n == name && v.as_str().is_none_or(|s| !s.trim().is_empty()))
    };
    let mut required: Vec<(&str, String)> = Vec::new();
    if spec.user_agent.required {
        required.push((
            "user_agent",
            "your integration's registered User-Agent (the provider's policy requires it)".into(),
        ));
    }
    for h in &spec.config_headers {
        required.push((&h.config_key, format!("sent as the {} header", h.header)));
    }
    if spec.base_url.is_none() {
        required.push(("base_url", "the provider has no default base URL".into()));
    }
    for (name, why) in required {
        if !present(name) {
            let name = spell(name);
            return Err(bad(
                &name,
                "required",
                format!("{} requires the {name} option ({why})", spec.display_name),
            ));
        }
    }
    let mut config = ClientConfig {
        retry: RetryPolicy::default(),
        wait: WaitPolicy::default(),
        ..ClientConfig::default()
    };
    let mut limits = Limits {
        timeout: DEFAULT_TIMEOUT,
        connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        max_response_bytes: spec.limits.response_limit(),
    };
    let secs = Duration::from_secs_f64;
    for (key, v) in given {
        let spelled = spell(key);
        let name = spelled.as_str();
        match key {
            "user_agent" => config.user_agent = Some(text(name, v)?),
            "base_url" => config.base_url = Some(text(name, v)?),
            "spec_overrides" => {
                text(name, v)?;
            }
            "account" => config.account = Some(text(name, v)?),
            "egress_ip" => config.egress_ip = Some(text(name, v)?),
            "plan" => config.plan = Some(text(name, v)?),
            "page_size" => config.page_size = Some(count(name, v)?),
            "timeout" => limits.timeout = seconds(name, v)?,
            "connect_timeout" => limits.connect_timeout = seconds(name, v)?,
            "max_response_bytes" => limits.max_response_bytes = count(name, v)?,
            "max_wait" => config.wait.max_wait = Some(secs(seconds(name, v)?)),
            "wait_for_reset" => config.wait.wait_for_reset = flag(name, v)?,
            "rate_margin" => config.rate_margin = Some(secs(seconds(name, v)?)),
            "max_attempts" => {
                config.retry.max_attempts = u32::try_from(count(name, v)?).unwrap_or(u32::MAX)
            }
            "retry_base_delay" => config.retry.base_delay = secs(seconds(name, v)?),
            "retry_max_delay" => config.retry.max_delay = secs(seconds(name, v)?),
            "dangerously_allow_insecure_http" => {
                config.dangerously_allow_insecure_http = flag(name, v)?
            }
            header => {
                // The provider's configuration headers (Synq's tenant_id, org_id).
                let value = text(name, v)?;
                config.header_values.insert(header.to_string(), value);
            }
        }
    }
    Ok(Applied { config, limits })
}

/// The options as a client applies them, by name: what was given (`spec_overrides` as given,
/// since the spec keeps only their effect), and the default of every option that has one (an
/// option whose default is "not set" stays `null`). Options the provider lacks are absent.
pub fn report(api: &Api, limits: &Limits, spec_overrides: Option<&str>) -> Map<String, Value> {
    let spec = api.spec();
    let c = api.config();
    let retry = &c.retry;
    let mut out = Map::new();
    let mut put = |k: &str, v: Value| {
        out.insert(k.to_string(), v);
    };
    put("user_agent", json!(c.user_agent));
    put(
        "base_url",
        json!(c.base_url.clone().or_else(|| spec.base_url.clone())),
    );
    put("spec_overrides", json!(spec_overrides));
    put("account", json!(c.account));
    put("page_size", json!(c.page_size));
    put("timeout", json!(limits.timeout));
    put("connect_timeout", json!(limits.connect_timeout));
    put("max_response_bytes", json!(limits.max_response_bytes));
    put("max_wait", json!(c.wait.max_wait.map(|d| d.as_secs_f64())));
    put("wait_for_reset", json!(c.wait.wait_for_reset));
    put(
        "rate_margin",
        json!(c.rate_margin.unwrap_or(DEFAULT_RATE_MARGIN).as_secs_f64()),
    );
    put("max_attempts", json!(retry.max_attempts));
    put("retry_base_delay", json!(retry.base_delay.as_secs_f64()));
    put("retry_max_delay", json!(retry.max_delay.as_secs_f64()));
    put(
        "dangerously_allow_insecure_http",
        json!(c.dangerously_allow_insecure_http),
    );
    for name in own_options(spec) {
        let value = match name.as_str() {
            "plan" => json!(
                c.plan
                    .clone()
                    .unwrap_or_else(|| spec.quota.default_plan.clone())
            ),
            "egress_ip" => json!(c.egress_ip),
            header => json!(c.header_values.get(header)),
        };
        out.insert(name, value);
    }
    out
}
