//! The shared validation vectors in tests/scenarios/ (which every binding also runs) hold for
//! the core: each case fails validation with exactly the listed (field, rule) pairs.

use pacer_sdk_core::api::{Api, Args, ClientConfig};
use pacer_sdk_core::{ProviderSpec, Timestamp};
use serde_json::Value;

#[test]
fn validation_vectors() {
    let path = format!(
        "{}/../tests/scenarios/validation.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let now = Timestamp::parse_rfc3339(doc["now"].as_str().unwrap()).unwrap();
    let api = Api::new(
        ProviderSpec::builtin(doc["provider"].as_str().unwrap()).unwrap(),
        ClientConfig {
            user_agent: Some("vectors/1".into()),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 9);
    for case in cases {
        let obj = |k: &str| {
            case.get(k)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let args = Args {
            path: obj("path"),
            query: obj("query"),
            body: case.get("body").cloned(),
        };
        let err = api
            .validate(case["endpoint"].as_str().unwrap(), &args, now)
            .expect_err(case["name"].as_str().unwrap());
        let got: Vec<(String, String)> = err
            .errors
            .iter()
            .map(|e| (e.field.clone(), e.rule.clone()))
            .collect();
        let want: Vec<(String, String)> = case["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_string(),
                    p[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(got, want, "{}", case["name"]);
    }
}
