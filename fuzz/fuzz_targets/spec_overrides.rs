//! Spec overrides from a config file: any text is a spec or a config error, and a spec that
//! passes its checks compiles its quota policy without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pacer_sdk_core::ProviderSpec;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for provider in ["syncore", "synq", "salync"] {
        if let Ok(spec) = ProviderSpec::builtin_with_overrides(provider, text) {
            let _ = spec.policy(None);
        }
    }
});
