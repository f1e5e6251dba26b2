//! The client: a provider's API, its transports, ledger, journal and clock, shared by every
//! call. Calls go through one of the two pumps (`pump.rs`): a client is blocking or async,
//! and `blocking()` / `asynchronous()` give the same client driven the other way.
//! `Syncore`/`AsyncSyncore` and the other providers are typed facades on it.

use std::sync::Arc;
use std::time::Duration;

use pacer_sdk_core::api::{Api, Args, ClientConfig, check_base_url, is_loopback};
use pacer_sdk_core::quota::{Forecast, ForecastOptions, RequestKind, WindowUsage};
use pacer_sdk_core::{Call, Clock, Error, ProviderSpec, Response, Timestamp};

use crate::clock::default_clock;
use crate::events::{Event, EventSink, stderr_logger};
use crate::journal::{JournalEntry, WriteState};
use crate::ledger::shared::{SharedJournal, SharedLedger};
use crate::ledger::{Store, default_ledger_url, open_shared};
use crate::pump::{Mode, pump_async, pump_blocking};
use crate::secret::ApiKey;
use crate::stream::PageStream;
use crate::transport::{
    AuthState, BlockingHttpTransport, Credential, HttpTransport, TokenProvider, Transport,
    TransportOptions,
};

/// A hook called while waiting; returning an error stops the wait (e.g. Python's Ctrl-C).
pub type Interrupt = Arc<dyn Fn() -> Result<(), Error> + Send + Sync>;

pub(crate) struct Inner {
    pub(crate) api: Api,
    /// The async pump's transport.
    pub(crate) transport: Arc<dyn Transport>,
    /// The blocking pump's transport (futures ready at once).
    pub(crate) blocking_transport: Arc<dyn Transport>,
    pub(crate) ledger: SharedLedger,
    pub(crate) journal: SharedJournal,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) events: Option<EventSink>,
    pub(crate) interrupt: Option<Interrupt>,
}

/// A provider-agnostic, quota-aware client. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    mode: Mode,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.inner.api)
            .field("ledger", &self.inner.ledger.name())
            .field("clock", &self.inner.clock.describe())
            .field("mode", &self.mode)
            .finish()
    }
}

impl Client {
    /// Starts configuring a client for `provider` (`syncore`, …).
    pub fn builder(provider: &str) -> ClientBuilder {
        ClientBuilder::new(provider)
    }

    /// This client driven by the blocking pump: each call runs on the caller's thread (HTTP,
    /// ledger, sleeping), with no runtime. Run its futures with [`crate::block_on`].
    pub fn blocking(&self) -> Client {
        Client {
            inner: self.inner.clone(),
            mode: Mode::Blocking,
        }
    }

    /// This client driven by the async pump, on the caller's tokio runtime.
    pub fn asynchronous(&self) -> Client {
        Client {
            inner: self.inner.clone(),
            mode: Mode::Async,
        }
    }

    /// Which pump this client's calls go through.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The provider bound to this client's configuration.
    pub fn api(&self) -> &Api {
        &self.inner.api
    }

    /// The client's clock reading.
    pub fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    /// The clock in use.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// Where quota state lives, e.g. `sqlite:/home/me/.local/share/pacer/ledger.db`.
    pub fn ledger_name(&self) -> &str {
        self.inner.ledger.name()
    }

    pub(crate) fn emit(&self, event: Event) {
        if let Some(sink) = &self.inner.events {
            sink(&event);
        }
    }

    /// Calls any endpoint of the provider. Reads are retried; writes are journaled and, when
    /// their outcome is unknown, reconciled by looking the record up (never blindly repeated).
    pub async fn call(&self, endpoint: &str, args: Args) -> Result<Response, Error> {
        let ep = self.inner.api.spec().endpoint(endpoint)?;
        if ep.method == "GET" {
            let call = self.inner.api.prepare(endpoint, &args, self.now())?;
            self.run(call).await
        } else {
            self.write(endpoint, args).await.map(|w| w.response)
        }
    }

    /// Pages through a list endpoint.
    pub fn pages(&self, endpoint: &str, args: Args) -> Result<PageStream, Error> {
        let walk = self.inner.api.list(endpoint, &args, self.now())?;
        Ok(PageStream::new(self.clone(), walk))
    }

    /// Pages through a list endpoint from a saved position.
    pub fn pages_from(
        &self,
        endpoint: &str,
        args: Args,
        position: pacer_sdk_core::paging::PagerPosition,
    ) -> Result<PageStream, Error> {
        let walk = self
            .inner
            .api
            .list_from(endpoint, &args, Some(position), self.now())?;
        Ok(PageStream::new(self.clone(), walk))
    }

    /// Every quota window of this client: used, limit, reset, and which one binds (read from
    /// the ledger on this thread).
    pub fn quota_status(&self) -> Result<Vec<WindowUsage>, Error> {
        self.inner
            .ledger
            .usage(&self.inner.api.status_plan(), self.now())
    }

    /// Clears every server block (a 429's `Retry-After`) on this client's windows in the
    /// ledger, for every process sharing it; returns how many were cleared. Blocks are capped
    /// at what the policy can justify, so this is for a block you know to be stale.
    pub fn unblock(&self) -> Result<usize, Error> {
        self.inner.ledger.unblock(&self.inner.api.status_plan())
    }

    /// When would `workload` finish from now, and which window binds? (Nothing is spent.)
    pub fn forecast(
        &self,
        workload: &[(RequestKind, u64)],
        options: ForecastOptions,
    ) -> Result<Forecast, Error> {
        let now = self.now();
        let plans = self.inner.api.forecast_plans(workload)?;
        let state = self.inner.ledger.export(&plans, now)?;
        self.inner.api.forecast(&state, workload, now, options)
    }

    /// Journaled writes in any of `states` (all when empty).
    pub fn writes(&self, states: &[WriteState]) -> Result<Vec<JournalEntry>, Error> {
        self.inner.journal.blocking(|j| j.list(states))
    }

    /// Writes whose outcome is not settled yet (pending or unknown).
    pub fn pending_writes(&self) -> Result<Vec<JournalEntry>, Error> {
        self.writes(&[WriteState::Pending, WriteState::Unknown])
    }

    /// `quota_status` from async code: the ledger is read on a blocking thread, not a runtime
    /// worker.
    pub async fn quota_status_async(&self) -> Result<Vec<WindowUsage>, Error> {
        self.off_runtime(|c| c.quota_status()).await
    }

    /// `forecast` from async code (the ledger is read on a blocking thread).
    pub async fn forecast_async(
        &self,
        workload: Vec<(RequestKind, u64)>,
        options: ForecastOptions,
    ) -> Result<Forecast, Error> {
        self.off_runtime(move |c| c.forecast(&workload, options))
            .await
    }

    /// `writes` from async code (the journal is read on a blocking thread).
    pub async fn writes_async(&self, states: Vec<WriteState>) -> Result<Vec<JournalEntry>, Error> {
        self.off_runtime(move |c| c.writes(&states)).await
    }

    async fn off_runtime<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Client) -> Result<R, Error> + Send + 'static,
    ) -> Result<R, Error> {
        let client = self.clone();
        tokio::task::spawn_blocking(move || f(&client))
            .await
            .map_err(|e| Error::config("runtime", format!("a ledger read panicked: {e}")))?
    }

    /// Drives one prepared call to its end through this client's pump.
    pub(crate) async fn run(&self, call: Call) -> Result<Response, Error> {
        match self.mode {
            Mode::Blocking => pump_blocking(self, call),
            Mode::Async => pump_async(self, call).await,
        }
    }

    /// Runs a journal operation the way this client's pump reaches stores.
    pub(crate) async fn journal_do<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn crate::journal::Journal) -> Result<R, Error> + Send + 'static,
    ) -> Result<R, Error> {
        match self.mode {
            Mode::Blocking => self.inner.journal.blocking(f),
            Mode::Async => self.inner.journal.run(f).await,
        }
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    provider: String,
    spec: Option<ProviderSpec>,
    spec_overrides: Option<String>,
    api_key: Option<ApiKey>,
    token_provider: Option<TokenProvider>,
    config: ClientConfig,
    ledger_url: Option<String>,
    store: Option<Store>,
    clock: Option<Arc<dyn Clock>>,
    transport: Option<Arc<dyn Transport>>,
    transport_options: TransportOptions,
    max_response_bytes: Option<u64>,
    events: Option<EventSink>,
    interrupt: Option<Interrupt>,
    serialized_ledger: bool,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("provider", &self.provider)
            .field("api_key", &self.api_key)
            .field("config", &self.config)
            .field("ledger", &self.ledger_url)
            .finish()
    }
}

impl ClientBuilder {
    /// A builder for `provider`.
    pub fn new(provider: &str) -> ClientBuilder {
        ClientBuilder {
            provider: provider.to_string(),
            spec: None,
            spec_overrides: None,
            api_key: None,
            token_provider: None,
            config: ClientConfig::default(),
            ledger_url: None,
            store: None,
            clock: None,
            transport: None,
            transport_options: TransportOptions::default(),
            max_response_bytes: None,
            events: None,
            interrupt: None,
            serialized_ledger: false,
        }
    }

    /// The API key (kept secret; only the transport reads it).
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// A provider of bearer tokens (Synq's expire after an hour): asked at first use and again,
    /// once per request, when the server answers 401.
    pub fn token_provider(mut self, provider: TokenProvider) -> Self {
        self.token_provider = Some(provider);
        self.config.refresh_auth_on_401 = true;
        self
    }

    /// A value for one of the provider's configuration headers (`tenant_id`, `org_id` on Synq).
    pub fn header_value(mut self, config_key: &str, value: impl Into<String>) -> Self {
        self.config
            .header_values
            .insert(config_key.to_string(), value.into());
        self
    }

    /// The quota plan (Salync: `growth` or `pro`).
    pub fn plan(mut self, plan: impl Into<String>) -> Self {
        self.config.plan = Some(plan.into());
        self
    }

    /// The integration's registered User-Agent (required by Syncore).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.config.user_agent = Some(ua.into());
        self
    }

    /// The base URL (the provider's default when not set; an emulator's URL in tests).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = Some(url.into());
        self
    }

    /// Where quota state and the write journal live: `memory` or `sqlite:///path/ledger.db`.
    pub fn ledger(mut self, url: impl Into<String>) -> Self {
        self.ledger_url = Some(url.into());
        self
    }

    /// A ledger and journal opened by the caller.
    pub fn store(mut self, store: Store) -> Self {
        self.store = Some(store);
        self
    }

    /// The clock (real time when not set). To share an emulator's virtual time, pass its clock
    /// (`emu.clock()`) in the same process, or `clock_from_setting("emulator:URL")` from another.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// A transport other than HTTP (tests mock below this boundary).
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// HTTP timeouts.
    pub fn timeouts(mut self, timeout: Duration, connect_timeout: Duration) -> Self {
        self.transport_options.timeout = timeout;
        self.transport_options.connect_timeout = connect_timeout;
        self
    }

    /// The most bytes a response body may hold (default: the spec's
    /// `limits.max_response_bytes`, else 32 MiB); a larger answer fails with
    /// `response_too_large` naming the endpoint, having read no more than this.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// A replacement provider spec (instead of the built-in one).
    pub fn spec(mut self, spec: ProviderSpec) -> Self {
        self.spec = Some(spec);
        self
    }

    /// TOML merged over the built-in spec (fix an unconfirmed path, raise an allocation).
    pub fn spec_overrides(mut self, toml: impl Into<String>) -> Self {
        self.spec_overrides = Some(toml.into());
        self
    }

    /// The whole core configuration at once.
    pub fn config(mut self, config: ClientConfig) -> Self {
        self.config = config;
        self
    }

    /// Edits the core configuration.
    pub fn configure(mut self, edit: impl FnOnce(&mut ClientConfig)) -> Self {
        edit(&mut self.config);
        self
    }

    /// Receives every driver event.
    pub fn on_event(mut self, sink: EventSink) -> Self {
        self.events = Some(sink);
        self
    }

    /// Called while waiting; an error stops the wait.
    pub fn interrupt(mut self, hook: Interrupt) -> Self {
        self.interrupt = Some(hook);
        self
    }

    /// Benchmark only: reach the ledger as the async driver did before its effects were values
    /// (one lock held across every round trip, blocking a runtime worker), to measure against.
    #[doc(hidden)]
    pub fn bench_serialized_ledger(mut self) -> Self {
        self.serialized_ledger = true;
        self
    }

    /// Builds the client: checks the configuration, opens the ledger, builds the transport.
    pub fn build(self) -> Result<Client, Error> {
        let spec = match (self.spec, &self.spec_overrides) {
            (Some(spec), _) => spec,
            (None, Some(o)) => ProviderSpec::builtin_with_overrides(&self.provider, o)?,
            (None, None) => ProviderSpec::builtin(&self.provider)?,
        };
        let key = self.api_key.filter(|k| !k.is_empty());
        if key.is_none() && self.token_provider.is_none() && self.transport.is_none() {
            let what = match spec.auth.credential {
                pacer_sdk_core::spec::CredentialKind::Token => "a token or a token provider",
                pacer_sdk_core::spec::CredentialKind::ApiKey => "an API key",
            };
            return Err(Error::config(
                "missing_api_key",
                format!("{} needs {what}", spec.display_name),
            ));
        }
        let fingerprint = key.as_ref().map(ApiKey::fingerprint);
        let api = Api::new(spec, self.config, fingerprint)?;
        let (transport, blocking_transport): (Arc<dyn Transport>, Arc<dyn Transport>) =
            match self.transport {
                Some(t) => (t.clone(), t),
                None => {
                    let base = check_base_url(
                        api.base_url().as_str(),
                        api.config().dangerously_allow_insecure_http,
                    )?;
                    let options = TransportOptions {
                        https_only: !(is_loopback(&base)
                            || api.config().dangerously_allow_insecure_http),
                        max_response_bytes: self
                            .max_response_bytes
                            .unwrap_or_else(|| api.spec().limits.response_limit()),
                        use_env_proxy: base.scheme() == "https" && !is_loopback(&base),
                        ..self.transport_options
                    };
                    let credential = match (self.token_provider, key) {
                        (Some(provider), _) => Credential::Tokens(provider),
                        (None, Some(key)) => Credential::Key(key),
                        (None, None) => unreachable!("checked above"),
                    };
                    let auth = AuthState::new(api.auth(), credential)?;
                    (
                        Arc::new(HttpTransport::with_auth(auth.clone(), &options)?),
                        Arc::new(BlockingHttpTransport::with_auth(auth, &options)),
                    )
                }
            };
        let (ledger, journal) = match self.store {
            Some(s) => (
                SharedLedger::exclusive(s.ledger),
                SharedJournal::exclusive(s.journal),
            ),
            None => open_shared(
                &self.ledger_url.unwrap_or_else(default_ledger_url),
                self.serialized_ledger,
            )?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                api,
                transport,
                blocking_transport,
                ledger,
                journal,
                clock: self.clock.unwrap_or_else(default_clock),
                events: self.events.or_else(stderr_logger),
                interrupt: self.interrupt,
            }),
            mode: Mode::Async,
        })
    }
}
