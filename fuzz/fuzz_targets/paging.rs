//! A list walk over pages a server makes up (the input, split at 0xFF bytes into bodies):
//! it ends within as many requests as there are pages, never follows a link to another origin
//! or endpoint, and never hands the same record out twice.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use pacer_sdk_core::{Args, ProviderSpec, Response, Timestamp};

mod common;

fuzz_target!(|data: &[u8]| {
    let now = Timestamp::from_millis(1_800_000_000_000);
    for (provider, endpoint) in [
        ("salync", "products.list"),
        ("syncore", "jobs.search"),
        ("synq", "orders.list"),
    ] {
        let spec = ProviderSpec::builtin(provider).expect("built-in specs parse");
        let Some(api) = common::api(&spec) else {
            return;
        };
        let args = Args::new()
            .query("date_from", "2027-01-01")
            .query("date_to", "2027-01-31");
        let Ok(mut walk) = api.list(endpoint, &args, now) else {
            continue;
        };
        let pages: Vec<&[u8]> = data.split(|b| *b == 0xFF).collect();
        let mut seen = HashSet::new();
        let mut requests = 0;
        while let Some(call) = walk.next_call(&api, now) {
            let url = call.request().url.clone();
            assert!(
                url.starts_with("https://api.example.test/"),
                "left the origin: {url}"
            );
            requests += 1;
            assert!(requests <= pages.len() + 1, "more requests than pages");
            let Some(body) = pages.get(requests - 1) else {
                break;
            };
            let response = Response {
                status: 200,
                headers: Vec::new(),
                body: body.to_vec(),
            };
            match walk.consume(&api, &response) {
                Ok(page) => {
                    for item in &page.items {
                        assert!(
                            seen.insert(item.get().to_string()),
                            "a record twice: {}",
                            item.get()
                        );
                    }
                }
                Err(_) => break,
            }
        }
    }
});
