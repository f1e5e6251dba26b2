//! The CLI's config file: any text parses or fails with an error that never echoes a value
//! (the API key in it stands for every secret).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

const KEY: &str = "5b6f0c1d2e3f4a5bDEADBEEF";

fuzz_target!(|data: &[u8]| {
    let Ok(noise) = std::str::from_utf8(data) else {
        return;
    };
    let (before, after) = common::halves(noise);
    let path = std::path::Path::new("/fuzz/config.toml");
    for text in [
        format!("[syncore]\napi_key = {before}{KEY}{after}\n"),
        format!("{before}\n[syncore]\napi_key = \"{KEY}\"\n{after}"),
        format!("[syncore]\n{before}api_key = {KEY}\n{after}"),
    ] {
        if let Err(e) = pacer_sdk_cli::settings::parse_config(path, &text) {
            assert!(!e.message.contains(KEY), "the key leaked: {}", e.message);
            assert!(
                !e.message.contains("DEADBEEF"),
                "part of the key leaked: {}",
                e.message
            );
        }
    }
});
