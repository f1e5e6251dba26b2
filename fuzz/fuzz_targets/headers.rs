//! One call driven through the core against made-up answers (status, Retry-After,
//! X-RateLimit-Remaining and a body from the input): it ends within a bounded number of steps,
//! and no server block lasts past what the policy can justify (about a month).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pacer_sdk_core::call::LedgerUpdate;
use pacer_sdk_core::quota::{Correction, Ledger, MemoryLedger};
use pacer_sdk_core::{Args, Poll, ProviderSpec, Response, Timestamp};

mod common;

fuzz_target!(|data: &[u8]| {
    let _ = pacer_sdk_core::call::parse_retry_after(
        &String::from_utf8_lossy(data),
        Timestamp::from_millis(0),
    );
    let mut now = Timestamp::from_millis(1_800_000_000_000);
    let start = now;
    for provider in ["synq", "salync"] {
        let spec = ProviderSpec::builtin(provider).expect("built-in specs parse");
        let retry_header = spec.quota.server.retry_after_header.clone();
        let remaining = spec.quota.server.remaining_header.clone();
        let Some(api) = common::api(&spec) else {
            return;
        };
        let Some(ep) = spec
            .endpoints
            .iter()
            .find(|e| e.method == "GET" && e.placeholders().len() == 1)
        else {
            continue;
        };
        let args = Args::new().path(ep.placeholders()[0], "1");
        let Ok(mut call) = api.prepare(&ep.name, &args, now) else {
            continue;
        };
        let mut ledger = MemoryLedger::new();
        let mut answers = data.chunks(24);
        for _ in 0..200 {
            match call.poll(now) {
                Poll::Reserve { plan, at } => call.reserved(ledger.reserve(&plan, at)),
                Poll::Record(update) => {
                    if let LedgerUpdate::Correct {
                        correction: Correction::Blocked { until, .. },
                        ..
                    } = &update
                    {
                        assert!(
                            until.since(now).as_secs() <= 32 * 86_400,
                            "a block until {until}"
                        );
                    }
                    call.recorded(update.apply_in_memory(&mut ledger));
                }
                Poll::RefreshAuth => call.auth_refreshed(Ok(())),
                Poll::Send(_) => {
                    let chunk = answers.next().unwrap_or(b"\x00");
                    let status = 100 + u16::from(chunk[0]) * 2;
                    let text = String::from_utf8_lossy(&chunk[1..]).into_owned();
                    let (a, b) = common::halves(&text);
                    let mut headers = vec![(retry_header.clone(), a.to_string())];
                    if let Some(h) = &remaining {
                        headers.push((h.clone(), b.to_string()));
                    }
                    call.handle(
                        Response {
                            status,
                            headers,
                            body: chunk.to_vec(),
                        },
                        now,
                    );
                }
                Poll::Wait { until, .. } => {
                    assert!(until >= now);
                    now = until;
                }
                Poll::Done(_) | Poll::Fail(_) => break,
            }
        }
        assert!(
            now.since(start).as_secs() <= 400 * 86_400,
            "waited until {now}"
        );
    }
});
