//! What several targets share: a client of a built-in provider with every required setting,
//! and a split of text at a character boundary. Each target uses only some of it.
#![allow(dead_code)]

use pacer_sdk_core::{Api, ClientConfig, ProviderSpec};

/// A client of `spec` against a made-up host, with a User-Agent and every configuration
/// header set (`None` when the spec refuses to build one).
pub fn api(spec: &ProviderSpec) -> Option<Api> {
    let mut config = ClientConfig {
        user_agent: Some("fuzz/1".into()),
        base_url: Some("https://api.example.test/v1".into()),
        ..Default::default()
    };
    for h in &spec.config_headers {
        config
            .header_values
            .insert(h.config_key.clone(), "x".into());
    }
    Api::new(spec.clone(), config, Some("k".into())).ok()
}

/// `text` split near its middle; the middle byte may fall inside a multi-byte character, so
/// the split moves back to the boundary before it.
pub fn halves(text: &str) -> (&str, &str) {
    let middle = (0..=text.len() / 2)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    text.split_at(middle)
}
