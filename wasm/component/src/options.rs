//! Client options by the descriptors' names (snake_case, durations in seconds) for both wasm
//! builds: the component turns its `client-options` record into this map, the JS package its
//! options object (`wasm/web` includes this file with `#[path]`). The table, its defaults and
//! its checks are the core's (`pacer_sdk_core::options`, which the native builder applies
//! too); what is here is only what differs in wasm: the options the host keeps and the limits
//! its HTTP layer applies. The wasm host's conformance test holds the result to
//! `tests/scenarios/surface.json`.
//!
//! Only pacer-sdk-core is used here, so the file compiles in either crate.

use pacer_sdk_core::api::{ClientConfig, DEFAULT_RATE_MARGIN};
pub use pacer_sdk_core::options::Spell;
use pacer_sdk_core::options::{OptionDesc, OptionType, check, options};
use pacer_sdk_core::{Api, Error, ProviderSpec};
use serde_json::{Map, Value, json};

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

/// Whether a wasm client takes option `o`: the credential, a token provider, the clock and the
/// ledger are the host's (its transport attaches the credential, which never enters the
/// component; its clock is `wasi:clocks` or the caller's; its ledger is opened separately).
fn takes(o: &OptionDesc) -> bool {
    !matches!(
        o.ty,
        OptionType::Secret | OptionType::TokenProvider | OptionType::Clock
    ) && o.name != "ledger"
}

/// Every option name a client of `spec` takes here, in the descriptors' order.
pub fn names(spec: &ProviderSpec) -> Vec<String> {
    options(spec)
        .into_iter()
        .filter(takes)
        .map(|o| o.name)
        .collect()
}

/// Checks `given` (option name → value; `null` and `false`-for-a-flag are "not given": a WIT
/// record's flags have no unset state) against the options of `spec` and applies them, as the
/// native builder does; errors name the option as `spell` writes it. `spec_overrides` is read
/// by the caller (it makes `spec`).
pub fn apply(
    spec: &ProviderSpec,
    given: &Map<String, Value>,
    spell: Spell,
) -> Result<Applied, Error> {
    let given: Map<String, Value> = given
        .iter()
        .filter(|(_, v)| **v != Value::Bool(false))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let checked = check(spec, &given, takes, spell)?;
    Ok(Applied {
        config: checked.config,
        limits: Limits {
            timeout: checked.timeout.as_secs_f64(),
            connect_timeout: checked.connect_timeout.as_secs_f64(),
            max_response_bytes: checked
                .max_response_bytes
                .unwrap_or_else(|| spec.limits.response_limit()),
        },
    })
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
    // The provider's own options (plan, egress IP, configuration headers) after the common ones.
    let own: Vec<String> = names(spec)
        .into_iter()
        .filter(|n| !out.contains_key(n))
        .collect();
    for name in own {
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
