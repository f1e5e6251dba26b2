//! Any body, decoded as every list envelope of every provider and as every record of its
//! catalogue: errors are fine, panics and unbounded work are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pacer_sdk_core::ProviderSpec;
use pacer_sdk_core::envelope::decode_list_at;
use pacer_sdk_core::models::{normalize, record_names};

fuzz_target!(|body: &[u8]| {
    for provider in ["syncore", "synq", "salync"] {
        let spec = ProviderSpec::builtin(provider).expect("built-in specs parse");
        let mut shapes: Vec<(Option<&str>, &[String])> = spec
            .endpoints
            .iter()
            .map(|e| (e.envelope.as_deref(), e.envelope_aliases.as_slice()))
            .collect();
        shapes.dedup();
        for (envelope, aliases) in shapes {
            if let Ok(page) = decode_list_at(body, envelope, aliases, "total_results", "links.next")
            {
                for item in &page.items {
                    let _ = normalize(provider, "Any", item.get().as_bytes());
                }
                let _ = page.values("fuzz");
            }
        }
        for name in record_names(provider) {
            let _ = normalize(provider, name, body);
        }
    }
    for name in record_names("webhooks") {
        let _ = normalize("webhooks", name, body);
    }
});
