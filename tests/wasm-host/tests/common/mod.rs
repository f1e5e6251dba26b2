//! Shared setup: the compiled component (once per test binary), an HTTP transport that attaches
//! the key and records what the component passed, emulators, and a session wrapper.

#![allow(dead_code)]
// The error is the WIT-generated `error` variant the tests compare as it is; boxing it would only
// hide the shape the component returns.
#![allow(clippy::result_large_err)]

use std::sync::{Arc, Mutex, OnceLock};

use pacer_sdk::ApiKey;
use pacer_sdk::transport::{HttpTransport, Transport, TransportOptions};
use pacer_sdk_core::{ProviderSpec, Request, Response, Timestamp, TransportFailure};
use pacer_sdk_emulator::{Emulator, EmulatorConfig};
use pacer_wasm_host::{
    HostState, HostTransport, Limits, PacerHost, Sdk, SharedStore, Time, api, component_path, types,
};
use serde_json::Value;
use wasmtime::component::{Component, ResourceAny};
use wasmtime::{Config, Engine, Store};

/// The User-Agent every test client sends (Syncore requires a registered one).
pub const UA: &str = "AcmeSync/1.0";

/// The component, compiled once per test binary (compiling it takes seconds in a debug build)
/// and linked twice: with virtual sleeps and with real ones. `None` skips the test when the
/// component was not built, unless `PACER_WASM_REQUIRED` is set, as `scripts/test-wasm.sh`
/// does: there a missing component fails.
pub fn host(virtual_time: bool) -> Option<&'static PacerHost> {
    static HOSTS: OnceLock<Option<[PacerHost; 2]>> = OnceLock::new();
    let hosts = HOSTS.get_or_init(|| {
        let Some(path) = component_path() else {
            assert!(
                std::env::var_os("PACER_WASM_REQUIRED").is_none(),
                "the component is not built: cargo build -p pacer-wasm --target wasm32-wasip2 --release"
            );
            eprintln!("SKIPPED: the pacer component is not built; scripts/test-wasm.sh builds and runs it");
            return None;
        };
        let engine = Engine::new(&Config::new()).unwrap();
        let component = Component::from_file(&engine, &path).expect("the component compiles");
        let link = |virtual_time| {
            PacerHost::from_component(engine.clone(), &component, virtual_time)
                .expect("the component links")
        };
        Some([link(false), link(true)])
    });
    hosts.as_ref().map(|h| &h[usize::from(virtual_time)])
}

/// Everything the component handed the host's transport.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<Request>>>);

impl Log {
    /// Every request so far, in order.
    pub fn all(&self) -> Vec<Request> {
        self.0.lock().unwrap().clone()
    }

    fn push(&self, r: &Request) {
        self.0.lock().unwrap().push(r.clone());
    }
}

/// pacer's own reqwest transport holding one credential, rebuilt when the component asks for
/// other limits (each client's options set them; they rarely change).
struct Http {
    auth: pacer_sdk_core::spec::AuthSpec,
    credential: String,
    built: Option<(Limits, HttpTransport)>,
}

impl Http {
    fn new(provider: &str, credential: String) -> Self {
        Http {
            auth: ProviderSpec::builtin(provider).unwrap().auth,
            credential,
            built: None,
        }
    }

    /// The transport for `limits`, which attaches the credential.
    fn transport(&mut self, limits: Limits) -> Result<&HttpTransport, String> {
        if self.built.as_ref().is_none_or(|(l, _)| *l != limits) {
            let options = TransportOptions {
                timeout: limits.timeout,
                connect_timeout: limits.connect_timeout,
                max_response_bytes: limits.max_response_bytes,
                https_only: false,
                ..TransportOptions::default()
            };
            let http =
                HttpTransport::new(&self.auth, &ApiKey::new(self.credential.as_str()), &options)
                    .map_err(|e| format!("the credential is unusable: {}", e.message))?;
            self.built = Some((limits, http));
        }
        Ok(&self.built.as_ref().expect("built above").1)
    }

    fn send(
        &mut self,
        rt: &tokio::runtime::Runtime,
        request: Request,
        limits: Limits,
    ) -> Result<Response, TransportFailure> {
        let http = self.transport(limits).map_err(TransportFailure::NotSent)?;
        rt.block_on(http.send(request))
    }

    /// Takes `credential` for the next requests.
    fn renew(&mut self, credential: String) -> Result<(), String> {
        let limits = self.built.as_ref().map(|(l, _)| *l);
        self.credential = credential;
        self.built = None;
        match limits {
            Some(limits) => self.transport(limits).map(|_| ()),
            None => Ok(()),
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The host's HTTP layer: pacer's own reqwest transport, which attaches the key and applies
/// the limits the component passes with each request.
pub struct KeyedHttp {
    http: Http,
    rt: tokio::runtime::Runtime,
    log: Log,
    /// The limits of every request, in order.
    pub limits: Arc<Mutex<Vec<Limits>>>,
}

impl KeyedHttp {
    /// A Syncore transport that attaches `key` and records every request in `log`.
    pub fn new(key: &str, log: Log) -> Self {
        KeyedHttp {
            http: Http::new("syncore", key.to_string()),
            rt: runtime(),
            log,
            limits: Arc::default(),
        }
    }
}

impl HostTransport for KeyedHttp {
    fn send(&mut self, request: Request, limits: Limits) -> Result<Response, TransportFailure> {
        self.log.push(&request);
        self.limits.lock().unwrap().push(limits);
        self.http.send(&self.rt, request, limits)
    }
}

/// Where a token-based host gets its tokens (an identity service, here the emulator's issuer);
/// an error names the failure, never a token.
pub type TokenSource = Box<dyn FnMut() -> Result<String, String> + Send>;

/// What a [`TokenHttp`] did with its tokens, for the test to check.
#[derive(Clone, Default)]
pub struct TokenUse {
    /// The token each request went out with, in order.
    pub sent_with: Arc<Mutex<Vec<String>>>,
    /// How often the component asked for a fresh one.
    pub refreshes: Arc<Mutex<usize>>,
}

/// The host's HTTP layer for a token-based provider (Synq): it holds the current bearer token
/// and a token source, attaches the token with pacer's own transport (`Authorization: Bearer`
/// per the spec), and takes a new token from the source when the component asks
/// (`transport.refresh-credential`, after a 401). The token never reaches the component.
pub struct TokenHttp {
    http: Http,
    source: TokenSource,
    rt: tokio::runtime::Runtime,
    log: Log,
    used: TokenUse,
}

impl TokenHttp {
    /// Starts with `token` (e.g. one that has expired) and renews from `source`.
    pub fn new(
        provider: &str,
        token: String,
        source: TokenSource,
        log: Log,
        used: TokenUse,
    ) -> Self {
        TokenHttp {
            http: Http::new(provider, token),
            source,
            rt: runtime(),
            log,
            used,
        }
    }
}

impl HostTransport for TokenHttp {
    fn send(&mut self, request: Request, limits: Limits) -> Result<Response, TransportFailure> {
        self.log.push(&request);
        self.used
            .sent_with
            .lock()
            .unwrap()
            .push(self.http.credential.clone());
        self.http.send(&self.rt, request, limits)
    }

    fn refresh_credential(&mut self) -> Result<(), String> {
        *self.used.refreshes.lock().unwrap() += 1;
        let token = (self.source)()?;
        self.http.renew(token)
    }
}

/// A transport that records and never sends.
pub struct Offline(pub Log);

impl HostTransport for Offline {
    fn send(&mut self, request: Request, _limits: Limits) -> Result<Response, TransportFailure> {
        self.0.push(&request);
        Err(TransportFailure::NotSent("offline test host".into()))
    }
}

/// An instant from RFC 3339 text (tests name their times).
pub fn ts(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap()
}

/// An emulator on a virtual clock with a small data set.
pub fn emulator(overrides: Option<&str>) -> Emulator {
    Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        jobs: 400,
        spec_overrides: overrides.map(str::to_string),
        ..Default::default()
    })
    .unwrap()
}

/// A Synq emulator on a virtual clock (shared, so a token source can issue from it).
pub fn synq_emulator() -> Arc<Emulator> {
    Arc::new(
        Emulator::start_blocking(EmulatorConfig {
            provider: "synq".into(),
            virtual_clock: true,
            ..Default::default()
        })
        .unwrap(),
    )
}

/// Client options for `emu` (Synq): its tenant and organization, a token credential.
pub fn synq_options(emu: &Emulator) -> api::ClientOptions {
    api::ClientOptions {
        tenant_id: Some(emu.tenant_id()),
        org_id: Some(emu.org_id()),
        credential: api::CredentialKind::Token,
        ..pacer_wasm_host::default_options()
    }
}

/// An emulator on a virtual clock starting at `start` (RFC 3339), for tests that need a
/// particular time of day.
pub fn emulator_at(start: &str, overrides: Option<&str>) -> Emulator {
    Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        start: Some(ts(start)),
        jobs: 400,
        spec_overrides: overrides.map(str::to_string),
        ..Default::default()
    })
    .unwrap()
}

/// `YYYY-MM-DD`, `days` before the emulator's clock.
pub fn date_before(emu: &Emulator, days: i64) -> String {
    emu.now()
        .add_millis(-days * 86_400_000)
        .to_rfc3339()
        .chars()
        .take(10)
        .collect()
}

/// A text parameter.
pub fn text(s: &str) -> types::Scalar {
    types::Scalar::Text(s.into())
}

/// An integer parameter.
pub fn int(i: i64) -> types::Scalar {
    types::Scalar::Integer(i)
}

/// Parameters from pairs.
pub fn params(pairs: &[(&str, types::Scalar)]) -> Vec<(String, types::Scalar)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// The shared conformance scenario (`tests/scenarios/surface.json`, written by pacer-sdk-gen
/// from the descriptors), read once.
pub fn scenario() -> &'static Value {
    static SCENARIO: OnceLock<Value> = OnceLock::new();
    SCENARIO.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios/surface.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    })
}

/// Asserts that `code` of `kind` is in the error table (or is the api code `http_<status>`), and
/// that `kind` has a class there: the rule of `pacer_sdk::surface::errors::is_known`.
pub fn assert_in_table(kind: &str, code: &str) {
    let errors = &scenario()["errors"];
    assert!(
        errors["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["kind"] == kind && k["class"].is_string()),
        "kind {kind} has no class in the error table"
    );
    let listed = errors["codes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["code"] == code && c["kind"] == kind);
    let from_server = kind == "api"
        && code
            .strip_prefix("http_")
            .is_some_and(|s| s.parse::<u16>().is_ok());
    assert!(
        listed || from_server,
        "{kind} error code {code} is not in the error table"
    );
}

/// The fields of any error variant, with its kind's name. Every error a test looks at through
/// here is also held to the error table: `error-info.kind` is its case, its code is listed for
/// that kind.
pub fn info(e: &types::Error) -> (&'static str, &types::ErrorInfo) {
    let (kind, info) = match e {
        types::Error::Validation(i) => ("validation", i),
        types::Error::Quota(i) => ("quota", i),
        types::Error::Api(i) => ("api", i),
        types::Error::Transport(i) => ("transport", i),
        types::Error::Config(i) => ("config", i),
        types::Error::Webhook(i) => ("webhook", i),
    };
    assert_eq!(info.kind, kind, "error-info.kind is the case: {e:?}");
    assert_in_table(kind, &info.code);
    (kind, info)
}

/// One instance with one open client.
pub struct Session {
    /// The instance's store (its host state).
    pub store: Store<HostState>,
    /// The typed bindings of the instance.
    pub sdk: Sdk,
    /// The open `client` resource.
    pub client: ResourceAny,
    /// What the component handed the host's transport.
    pub log: Log,
}

type Outcome<T> = Result<T, types::Error>;

impl Session {
    /// Opens a Syncore client in a fresh instance: `state` decides transport, time and store.
    pub fn open_with(
        host: &PacerHost,
        state: HostState,
        log: Log,
        base_url: &str,
        options: api::ClientOptions,
    ) -> Outcome<Session> {
        Session::open_provider(host, state, log, "syncore", base_url, options)
    }

    /// Opens a client of `provider` in a fresh instance, at `base_url` with [`UA`] (unless
    /// `options` name another).
    pub fn open_provider(
        host: &PacerHost,
        state: HostState,
        log: Log,
        provider: &str,
        base_url: &str,
        options: api::ClientOptions,
    ) -> Outcome<Session> {
        let (mut store, sdk) = host.instantiate(state).expect("instantiates");
        let options = api::ClientOptions {
            base_url: Some(base_url.to_string()),
            user_agent: options.user_agent.clone().or_else(|| Some(UA.to_string())),
            ..options
        };
        let client = sdk
            .pacer_sdk_api()
            .client()
            .call_open(&mut store, provider, &options)
            .expect("no trap")?;
        Ok(Session {
            store,
            sdk,
            client,
            log,
        })
    }

    /// A client of `emu` on its virtual clock, with the key attached by the host.
    pub fn virtual_on(
        host: &PacerHost,
        emu: &Emulator,
        options: api::ClientOptions,
        store: Option<SharedStore>,
    ) -> Session {
        let log = Log::default();
        let state = HostState::new(
            Box::new(KeyedHttp::new(&emu.api_key(), log.clone())),
            Time::Virtual(emu.clock()),
            store,
        );
        Session::open_with(host, state, log, &emu.base_url(), options).expect("opens")
    }

    /// `client.search(resource, [], query)`.
    pub fn search(
        &mut self,
        resource: &str,
        query: &[(String, types::Scalar)],
    ) -> Outcome<Vec<String>> {
        let c = self.client;
        self.sdk
            .pacer_sdk_api()
            .client()
            .call_search(&mut self.store, c, resource, &Vec::new(), &query.to_vec())
            .expect("no trap")
    }

    /// `client.list(resource, path, [])`.
    pub fn list(
        &mut self,
        resource: &str,
        path: &[(String, types::Scalar)],
    ) -> Outcome<Vec<String>> {
        let c = self.client;
        self.sdk
            .pacer_sdk_api()
            .client()
            .call_list(&mut self.store, c, resource, &path.to_vec(), &Vec::new())
            .expect("no trap")
    }

    /// `client.get(resource, path)`.
    pub fn get(&mut self, resource: &str, path: &[(String, types::Scalar)]) -> Outcome<String> {
        let c = self.client;
        self.sdk
            .pacer_sdk_api()
            .client()
            .call_get(&mut self.store, c, resource, &path.to_vec())
            .expect("no trap")
    }

    /// `client.create(resource, path, body)`.
    pub fn create(
        &mut self,
        resource: &str,
        path: &[(String, types::Scalar)],
        body: &str,
    ) -> Outcome<api::Written> {
        let c = self.client;
        self.sdk
            .pacer_sdk_api()
            .client()
            .call_create(
                &mut self.store,
                c,
                resource,
                &path.to_vec(),
                &body.to_string(),
            )
            .expect("no trap")
    }

    /// `client.update(resource, path, body)`.
    pub fn update(
        &mut self,
        resource: &str,
        path: &[(String, types::Scalar)],
        body: &str,
    ) -> Outcome<api::Written> {
        let c = self.client;
        self.sdk
            .pacer_sdk_api()
            .client()
            .call_update(
                &mut self.store,
                c,
                resource,
                &path.to_vec(),
                &body.to_string(),
            )
            .expect("no trap")
    }

    /// `client.call(endpoint, path, query, body)`.
    pub fn call(
        &mut self,
        endpoint: &str,
        path: &[(String, types::Scalar)],
        query: &[(String, types::Scalar)],
        body: Option<&str>,
    ) -> Outcome<types::Response> {
        let c = self.client;
        self.sdk
            .pacer_sdk_api()
            .client()
            .call_call(
                &mut self.store,
                c,
                endpoint,
                &path.to_vec(),
                &query.to_vec(),
                body.map(str::to_string).as_ref(),
            )
            .expect("no trap")
    }

    /// `client.quota-status()`, which must succeed.
    pub fn quota_status(&mut self) -> Vec<api::WindowUsage> {
        let c = self.client;
        self.sdk
            .pacer_sdk_api()
            .client()
            .call_quota_status(&mut self.store, c)
            .expect("no trap")
            .expect("status")
    }

    /// The state of window `id`.
    pub fn window(&mut self, id: &str) -> api::WindowUsage {
        self.quota_status()
            .into_iter()
            .find(|w| w.window == id)
            .expect("window exists")
    }
}
