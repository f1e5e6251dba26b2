//! The Syncore spec covers every endpoint of the v2 start guide (and v1), marks which paths
//! public material confirms, and can be overridden at run time; configuration is checked.

mod support;

use pacer_sdk_core::spec::ProviderSpec;
use pacer_sdk_core::{Api, Args, ClientConfig, ErrorKind, Poll, key_fingerprint};
use support::*;

const START_GUIDE: &[(&str, &str)] = &[
    ("contacts.search", "GET"),
    ("contacts.get", "GET"),
    ("contacts.create", "POST"),
    ("contacts.update", "PUT"),
    ("store_contacts.create", "POST"),
    ("store_contacts.update", "PUT"),
    ("jobs.search", "GET"),
    ("jobs.get", "GET"),
    ("jobs.create", "POST"),
    ("jobs.update", "PUT"),
    ("store_jobs.create", "POST"),
    ("store_jobs.update", "PUT"),
    ("sales_orders.list", "GET"),
    ("sales_orders.get", "GET"),
    ("sales_orders.create", "POST"),
    ("sales_orders.update", "PUT"),
    ("sales_orders.search", "GET"),
    ("sales_order_line_items.list", "GET"),
    ("sales_order_line_items.get", "GET"),
    ("sales_order_line_items.create", "POST"),
    ("sales_order_line_items.update", "PUT"),
    ("sales_order_payments.list", "GET"),
    ("sales_order_payments.create", "POST"),
    ("purchase_orders.list", "GET"),
    ("purchase_orders.get", "GET"),
    ("purchase_orders.create", "POST"),
    ("purchase_orders.update", "PUT"),
    ("purchase_orders.search", "GET"),
    ("purchase_order_line_items.list", "GET"),
    ("purchase_order_line_items.get", "GET"),
    ("purchase_order_line_items.update", "PUT"),
    ("purchase_order_payments.list", "GET"),
    ("purchase_order_payments.create", "POST"),
    ("commission_codes.list", "GET"),
    ("card_types.list", "GET"),
    ("payment_types.list", "GET"),
    ("payment_terms.list", "GET"),
    ("adjustment_types.list", "GET"),
    ("suppliers.list", "GET"),
    ("product_indices.list", "GET"),
    ("client_groups.list", "GET"),
    ("v1_jobs.search", "GET"),
    ("v1_contacts.search", "GET"),
];

#[test]
fn every_endpoint_of_the_start_guide_is_in_the_spec() {
    let spec = ProviderSpec::builtin("syncore").unwrap();
    for (name, method) in START_GUIDE {
        let ep = spec
            .endpoint(name)
            .unwrap_or_else(|_| panic!("missing {name}"));
        assert_eq!(&ep.method, method, "{name}");
        let group = if ep.path.starts_with("/v2/crm") || name.starts_with("v1_contacts") {
            "crm"
        } else {
            "orders"
        };
        assert_eq!(ep.group, group, "{name}: quota group follows the namespace");
        assert!(
            ep.path.starts_with("/v2/orders/")
                || ep.path.starts_with("/v2/crm/")
                || ep.path.starts_with("/v1/")
        );
        if method == &"GET" && !name.ends_with(".get") {
            assert!(ep.envelope.is_some(), "{name} needs its list envelope key");
        }
        if method != &"GET" {
            assert!(ep.body.is_some(), "{name} needs a body schema");
        }
    }
    assert_eq!(spec.endpoints.len(), START_GUIDE.len());
}

#[test]
fn confirmation_follows_the_public_evidence() {
    let spec = ProviderSpec::builtin("syncore").unwrap();
    let confirmed: Vec<&str> = spec
        .endpoints
        .iter()
        .filter(|e| e.confirmed)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(
        confirmed,
        [
            "contacts.get",
            "jobs.search",
            "jobs.get",
            "sales_orders.list",
            "sales_orders.get",
            "sales_orders.search",
            "sales_order_line_items.list",
            "sales_order_line_items.update",
            "purchase_orders.list",
            "purchase_orders.get",
            "purchase_orders.update",
            "purchase_orders.search",
            "payment_terms.list",
            "product_indices.list",
            "client_groups.list",
        ]
    );
    for e in spec.endpoints.iter().filter(|e| e.confirmed) {
        assert!(e.evidence.is_some(), "{} says how it is confirmed", e.name);
    }
    assert!(!spec.endpoint("v1_jobs.search").unwrap().confirmed);
    let jobs = spec.endpoint("jobs.search").unwrap();
    let required: Vec<&str> = jobs
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(required, ["date_from", "date_to"]);
}

#[test]
fn the_saleseorders_spelling_is_a_setting() {
    let api = syncore_api(ClientConfig::default());
    let args = Args::new()
        .path("job_id", 31987)
        .path("salesorder_id", 40454);
    let call = api
        .prepare("sales_order_line_items.list", &args, t0())
        .unwrap();
    assert_eq!(
        call.request().url,
        "https://api.syncore.app/v2/orders/jobs/31987/saleseorders/40454/lineitems"
    );
    let spec = ProviderSpec::builtin_with_overrides(
        "syncore",
        r#"
        [settings]
        salesorder_lineitems_segment = "salesorders"
        [endpoints."contacts.search"]
        path = "/v2/crm/contacts/search"
        confirmed = true
        evidence = "verified against our tenant"
        "#,
    )
    .unwrap();
    let api = Api::new(
        spec,
        ClientConfig {
            user_agent: Some("t/1".into()),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    let call = api
        .prepare("sales_order_line_items.list", &args, t0())
        .unwrap();
    assert_eq!(
        call.request().url,
        "https://api.syncore.app/v2/orders/jobs/31987/salesorders/40454/lineitems"
    );
    let call = api
        .prepare(
            "contacts.search",
            &Args::new().query("email", "dana@harborrowing.example"),
            t0(),
        )
        .unwrap();
    assert_eq!(
        call.request().url,
        "https://api.syncore.app/v2/crm/contacts/search?email=dana%40harborrowing.example&page=1&count=10"
    );
    assert!(api.spec().endpoint("contacts.search").unwrap().confirmed);
}

#[test]
fn bad_overrides_are_config_errors() {
    let err = ProviderSpec::builtin_with_overrides(
        "syncore",
        "[endpoints.\"jobs.search\"]\npaging = \"pages-typo\"",
    )
    .unwrap_err();
    assert_eq!(
        (err.kind, err.code.as_str()),
        (ErrorKind::Config, "invalid_spec")
    );
    assert!(err.message.contains("pages-typo"));
    let err = ProviderSpec::builtin_with_overrides("syncore", "[quota.plans.standard]\nwindows = [{ id = \"x\", kind = \"rate\", limit = 0, period = \"1m\" }]").unwrap_err();
    assert!(
        err.message.contains("limit must be at least 1"),
        "{}",
        err.message
    );
    assert!(ProviderSpec::builtin("nope").is_err());
    // Windows merge by id: a partner with a raised daily allocation overrides that window's
    // limit, and every other window (the monthly cap included) stays. Before, the list was
    // replaced and the daily and monthly caps silently dropped.
    let base = ProviderSpec::builtin("syncore")
        .unwrap()
        .policy(None)
        .unwrap();
    let raised = ProviderSpec::builtin_with_overrides(
        "syncore",
        "[quota.plans.standard]\nwindows = [{ id = \"orders.GET.daily\", limit = 9000 }, { id = \"everything.rate\", kind = \"rate\", limit = 500, period = \"1m\" }]",
    )
    .unwrap();
    let policy = raised.policy(None).unwrap();
    assert_eq!(policy.windows.len(), base.windows.len() + 1);
    let daily = policy
        .windows
        .iter()
        .find(|w| w.id == "orders.GET.daily")
        .unwrap();
    assert_eq!(daily.limit, 9000);
    assert!(policy.windows.iter().any(|w| w.id == "monthly"));
    // A window declared whole replaces the spec's (its overage pace included).
    let redeclared = ProviderSpec::builtin_with_overrides(
        "syncore",
        "[quota.plans.standard]\nwindows = [{ id = \"orders.GET.daily\", group = \"orders\", method = \"GET\", kind = \"calendar\", limit = 600, period = \"day\", zones = [\"UTC\"] }]",
    )
    .unwrap();
    let policy = redeclared.policy(None).unwrap();
    assert_eq!(policy.windows.len(), base.windows.len());
    let daily = policy
        .windows
        .iter()
        .find(|w| w.id == "orders.GET.daily")
        .unwrap();
    assert!(
        matches!(
            &daily.kind,
            pacer_sdk_core::quota::policy::WindowKind::Calendar { overage: None, .. }
        ),
        "{daily:?}"
    );
    // A window is dropped only when asked, by name.
    let fewer = ProviderSpec::builtin_with_overrides(
        "syncore",
        "[quota.plans.standard]\nwindows = [{ id = \"crm.PUT.rate\", remove = true }]",
    )
    .unwrap();
    assert_eq!(
        fewer.policy(None).unwrap().windows.len(),
        base.windows.len() - 1
    );
}

#[test]
fn configuration_rules() {
    let spec = || ProviderSpec::builtin("syncore").unwrap();
    let with = |c: ClientConfig| Api::new(spec(), c, None);
    let err = with(ClientConfig::default()).unwrap_err();
    assert_eq!(err.code, "missing_user_agent");
    assert!(err.message.contains("registered User-Agent"));
    let ua = |url: &str| ClientConfig {
        user_agent: Some("Acme/1".into()),
        base_url: Some(url.into()),
        ..Default::default()
    };
    assert_eq!(
        with(ua("http://api.syncore.app")).unwrap_err().code,
        "insecure_url"
    );
    assert!(with(ua("http://127.0.0.1:8080")).is_ok());
    assert!(with(ua("http://localhost:9")).is_ok());
    assert!(with(ua("http://[::1]:9")).is_ok());
    assert!(
        with(ClientConfig {
            dangerously_allow_insecure_http: true,
            ..ua("http://10.0.0.5")
        })
        .is_ok()
    );
    assert_eq!(
        with(ua("https://user:pw@api.syncore.app"))
            .unwrap_err()
            .code,
        "invalid_base_url"
    );
    assert_eq!(
        with(ua("ftp://api.syncore.app")).unwrap_err().code,
        "invalid_base_url"
    );
    let bad_ua = ClientConfig {
        user_agent: Some("Acme\r\nX-Evil: 1".into()),
        ..Default::default()
    };
    assert_eq!(with(bad_ua).unwrap_err().code, "invalid_user_agent");
    // Synq has no safe default host and needs tenant and org ids.
    let synq = ProviderSpec::builtin("synq").unwrap();
    assert_eq!(
        Api::new(synq.clone(), ClientConfig::default(), None)
            .unwrap_err()
            .code,
        "missing_base_url"
    );
    let c = ClientConfig {
        base_url: Some("https://api.synq.app".into()),
        ..Default::default()
    };
    assert_eq!(Api::new(synq, c, None).unwrap_err().code, "missing_config");
}

#[test]
fn the_account_label_is_a_fingerprint_never_the_key() {
    let fp = key_fingerprint("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    assert!(fp.starts_with("key-") && fp.len() == 16);
    assert!(!fp.contains("7c9e6679"));
    let api = syncore_api(ClientConfig::default());
    assert_eq!(api.scopes().account, key_fingerprint("secret-key"));
    let mut l = ledger();
    let mut call = api
        .prepare("jobs.get", &Args::new().path("job_id", 1), t0())
        .unwrap();
    let Poll::Send(_) = step(&mut call, t0(), &mut l) else {
        panic!()
    };
    for m in &call.plan().meters {
        assert!(!m.key.contains("secret-key"));
    }
    assert!(!format!("{api:?}").contains("secret-key"));
}

/// Every endpoint of every built-in spec maps only to its own path, whatever text a path
/// parameter holds: `.` and `..` are refused, everything else is one encoded segment.
#[test]
fn every_endpoint_maps_only_to_its_own_path() {
    let hostile = [
        "..", ".", "a/b", "../x", "x/..", "%2e%2e", "?q=1", "#f", "é ü", "a;b",
    ];
    let mut checked = 0;
    for provider in ["syncore", "synq", "salync"] {
        let spec = ProviderSpec::builtin(provider).unwrap();
        let mut config = ClientConfig {
            user_agent: Some("t/1".into()),
            ..Default::default()
        };
        for h in &spec.config_headers {
            config
                .header_values
                .insert(h.config_key.clone(), "x".into());
        }
        let base = spec
            .base_url
            .clone()
            .unwrap_or_else(|| "https://api.example.test/v1".into());
        config.base_url = Some(base.clone());
        let api = Api::new(spec.clone(), config, Some("k".into())).unwrap();
        for ep in &spec.endpoints {
            let names: Vec<&str> = ep
                .placeholders()
                .into_iter()
                .filter(|n| !spec.settings.contains_key(*n))
                .collect();
            if names.is_empty() {
                continue;
            }
            let template: Vec<&str> = ep.path.trim_matches('/').split('/').collect();
            for value in hostile {
                let mut args = Args::new();
                for n in &names {
                    args = args.path(n, value);
                }
                if ep.method != "GET" && ep.method != "DELETE" {
                    args = args.body(serde_json::json!({}));
                }
                let url = match api.prepare(&ep.name, &args, t0()) {
                    Ok(call) => call.request().url.clone(),
                    Err(e) => {
                        assert_eq!(e.kind, ErrorKind::Validation, "{}: {e}", ep.name);
                        if value == "." || value == ".." {
                            assert!(
                                e.errors.iter().any(|f| f.rule == "path_segment"),
                                "{} {value}: {e}",
                                ep.name
                            );
                        }
                        continue;
                    }
                };
                assert!(
                    value != "." && value != "..",
                    "{} accepted {value:?}",
                    ep.name
                );
                let path = url
                    .strip_prefix(base.trim_end_matches('/'))
                    .unwrap_or_else(|| panic!("{url} is not under {base}"));
                let path = path.split(['?', '#']).next().unwrap();
                let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
                assert_eq!(segments.len(), template.len(), "{}: {url}", ep.name);
                for (seg, tpl) in segments.iter().zip(&template) {
                    if !tpl.starts_with('{') {
                        assert_eq!(seg, tpl, "{}: {url}", ep.name);
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} URLs were checked");
}
