//! Client options for the native surfaces: the table and its checks are the core's
//! (`pacer_sdk_core::options`, shared with the wasm builds); a binding turns its language's
//! keyword arguments or options object into a JSON map (snake_case keys, durations in seconds)
//! plus the two values JSON cannot carry (a token provider and a clock), and [`builder`]
//! applies them.

use std::sync::Arc;

pub use pacer_sdk_core::options::{OptionDesc, OptionType, options};
use pacer_sdk_core::options::{as_named, bad, check};
use pacer_sdk_core::spec::CredentialKind;
use pacer_sdk_core::{Error, ProviderSpec};
use serde_json::{Map, Value};

use crate::client::ClientBuilder;
use crate::clock::Clock;
use crate::transport::TokenProvider;

/// The values JSON cannot carry.
#[derive(Clone, Default)]
pub struct Handles {
    /// A token provider (the binding wraps its language's callable).
    pub token_provider: Option<TokenProvider>,
    /// A clock object (an emulator's); a clock *setting* may come as text in the options.
    pub clock: Option<Arc<dyn Clock>>,
}

/// A builder for a client of `provider` from `values` (option name → JSON value; `null` is
/// "not given") and `handles`, checked by [`pacer_sdk_core::options::check`]. Unknown options,
/// values of the wrong type, a missing required option and both a token and a token provider
/// are config errors naming the option, before anything is opened or sent.
pub fn builder(
    provider: &str,
    values: &Map<String, Value>,
    handles: Handles,
) -> Result<ClientBuilder, Error> {
    let base = ProviderSpec::builtin(provider)?;
    let takes_provider = base.auth.credential == CredentialKind::Token;
    if handles.token_provider.is_some() && !takes_provider {
        return Err(bad(
            "token_provider",
            "unknown",
            format!(
                "{} authenticates with an API key, not a token provider",
                base.display_name
            ),
        ));
    }
    if handles.token_provider.is_some() && values.get("token").is_some_and(|v| !v.is_null()) {
        return Err(bad(
            "token_provider",
            "exclusive",
            "give a token or a token_provider, not both".into(),
        ));
    }
    let checked = check(&base, values, |_| true, as_named)?;
    let mut b = ClientBuilder::new(provider)
        .config(checked.config)
        .timeouts(checked.timeout, checked.connect_timeout);
    if let Some(key) = checked.credential {
        b = b.api_key(crate::ApiKey::new(key));
    }
    if let Some(ledger) = checked.ledger {
        b = b.ledger(ledger);
    }
    if let Some(setting) = checked.clock {
        b = b.clock(crate::clock::clock_from_setting(&setting)?);
    }
    if let Some(toml) = checked.spec_overrides {
        b = b.spec_overrides(toml);
    }
    if let Some(bytes) = checked.max_response_bytes {
        b = b.max_response_bytes(bytes);
    }
    if let Some(provider) = handles.token_provider {
        b = b.token_provider(provider);
    }
    if let Some(clock) = handles.clock {
        b = b.clock(clock);
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
