//! Webhook deliveries: any body and signature parse or fail cleanly, a body signed with the
//! secret always verifies, and one changed byte never does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pacer_sdk_core::webhooks::{salync_event, sign, synq_event, verify_signature};

fuzz_target!(|data: &[u8]| {
    let (sig, body) = data.split_at(data.len().min(72));
    let sig = String::from_utf8_lossy(sig);
    let _ = synq_event("whsec_fuzz", body, Some(&sig));
    let _ = salync_event(Some("whsec_fuzz"), body, Some(&sig));
    let _ = salync_event(None, body, None);
    let good = sign("whsec_fuzz", body, "sha256=");
    assert!(verify_signature("whsec_fuzz", body, Some(&good), "sha256=").is_ok());
    if let Some((first, rest)) = body.split_first() {
        let mut changed = vec![first ^ 1];
        changed.extend_from_slice(rest);
        assert!(verify_signature("whsec_fuzz", &changed, Some(&good), "sha256=").is_err());
    }
});
