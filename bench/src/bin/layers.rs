//! Profiling aid: one driver layer per run (`layers VARIANT N`), against an out-of-process
//! emulator, so `valgrind --tool=callgrind` can count its instructions per request.

use std::sync::Arc;
use std::time::Duration;

use pacer_sdk::transport::{HttpTransport, Transport, TransportOptions};
use pacer_sdk_core::Request;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let variant = args.get(1).cloned().unwrap_or_else(|| "bare".into());
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let base = std::env::var("EMU_URL").expect("EMU_URL");
    let key = std::env::var("EMU_KEY").expect("EMU_KEY");
    let url = format!("{base}/v2/orders/jobs/30390");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let get = |c: reqwest::Client| {
        rt.block_on(async {
            for _ in 0..n {
                let r = c
                    .get(&url)
                    .header("x-api-key", &key)
                    .header("User-Agent", "b/1")
                    .header("Accept", "application/json")
                    .send()
                    .await
                    .unwrap();
                let v: serde_json::Value =
                    serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
                std::hint::black_box(v);
            }
        })
    };
    match variant.as_str() {
        "bare" => get(reqwest::Client::new()),
        "timeouts" => get(reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .unwrap()),
        "transport" => {
            let auth = pacer_sdk_core::spec::AuthSpec {
                header: "x-api-key".into(),
                prefix: String::new(),
                credential: Default::default(),
            };
            let t: Arc<dyn Transport> = Arc::new(
                HttpTransport::new(
                    &auth,
                    &pacer_sdk::ApiKey::new(key.clone()),
                    &TransportOptions {
                        https_only: false,
                        ..Default::default()
                    },
                )
                .unwrap(),
            );
            let req = Request {
                method: "GET".into(),
                url: url.clone(),
                headers: vec![
                    ("User-Agent".into(), "b/1".into()),
                    ("Accept".into(), "application/json".into()),
                ],
                body: None,
            };
            rt.block_on(async {
                for _ in 0..n {
                    let r = t.send(req.clone()).await.unwrap();
                    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
                    std::hint::black_box(v);
                }
            })
        }
        ledger => {
            let client = pacer_sdk::Syncore::builder()
                .api_key(key.clone())
                .user_agent("b/1")
                .base_url(base.clone())
                .ledger(if ledger == "sqlite" { format!("sqlite:///tmp/layers-{}.db", std::process::id()) } else { "memory".into() })
                .spec_overrides(
                    r#"[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 90, period = "50ms" },
  { id = "orders.GET.daily", group = "orders", method = "GET", kind = "calendar", limit = 1000000000, period = "day", zones = ["-05:00", "America/New_York"], overage = { limit = 30, period = "1m" } },
  { id = "monthly", kind = "calendar", limit = 1000000000, period = "month", zones = ["UTC", "-05:00", "America/New_York"] },
]"#,
                )
                .configure(|c| c.rate_margin = Some(Duration::ZERO))
                .build_async_syncore()
                .unwrap();
            rt.block_on(async {
                for _ in 0..n {
                    std::hint::black_box(client.jobs().get(30_390).await.unwrap());
                }
            })
        }
    }
}
