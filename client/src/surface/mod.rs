//! The surface every binding presents, described once as data: the records of each provider
//! (from the core's `model!` declarations), its resources and actions (from its spec), the
//! client options with their defaults, the error table and the key spelling. The bindings
//! convert to their languages' idioms and decide nothing; the generators (`pacer-sdk-gen`)
//! write the Python stubs, `index.d.ts` and the WIT from [`describe`].

pub mod errors;
pub mod keys;
pub mod layout;
pub mod options;

use pacer_sdk_core::ProviderSpec;
use pacer_sdk_core::models::{GROUPS, records};
use serde_json::{Value, json};

pub use layout::{ActionKind, Layout, bind, layout};
pub use options::{Handles, OptionDesc, builder, options};

/// The providers with a built-in spec.
pub fn providers() -> Vec<&'static str> {
    GROUPS
        .iter()
        .copied()
        .filter(|g| ProviderSpec::builtin(g).is_ok())
        .collect()
}

/// The whole surface as JSON: per provider its layout, options and records, the webhook
/// payload records, and the error table.
pub fn describe() -> Value {
    let mut providers_json = serde_json::Map::new();
    for name in providers() {
        let spec = ProviderSpec::builtin(name).expect("listed above");
        providers_json.insert(
            name.to_string(),
            json!({
                "display_name": spec.display_name,
                "credential": spec.auth.credential,
                "layout": layout(&spec),
                "options": options(&spec),
                "records": records(name),
            }),
        );
    }
    json!({
        "providers": providers_json,
        "webhooks": {"records": records("webhooks")},
        "errors": {
            "base": errors::BASE_CLASS,
            "kinds": errors::kinds(),
            "fields": errors::FIELDS,
            "field_error_fields": errors::FIELD_ERROR_FIELDS,
            "codes": errors::CODES,
        },
    })
}
