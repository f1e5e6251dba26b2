//! The driver: pumps the core's calls with a real transport, a ledger and a clock.
//! `Client` is provider-agnostic and async; `Syncore`/`AsyncSyncore` are typed facades on it.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use pacer_sdk_core::api::{Api, Args, ClientConfig, check_base_url, is_loopback};
use pacer_sdk_core::quota::{Forecast, ForecastOptions, RequestKind, WindowUsage};
use pacer_sdk_core::{
    Call, Clock, Error, Poll, ProviderSpec, Response, Timestamp, TransportFailure, WaitCause,
};

use crate::clock::default_clock;
use crate::events::{Event, EventSink, stderr_logger};
use crate::journal::{Journal, JournalEntry, WriteState};
use crate::ledger::{Store, default_ledger_url, open_store};
use crate::secret::ApiKey;
use crate::stream::PageStream;
use crate::transport::{Credential, HttpTransport, TokenProvider, Transport, TransportOptions};

/// A hook called while waiting; returning an error stops the wait (e.g. Python's Ctrl-C).
pub type Interrupt = Arc<dyn Fn() -> Result<(), Error> + Send + Sync>;

/// How often a long wait checks its interrupt hook.
const INTERRUPT_CHECK: Duration = Duration::from_millis(100);

pub(crate) struct Inner {
    pub(crate) api: Api,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) ledger: Mutex<Box<dyn pacer_sdk_core::quota::Ledger>>,
    pub(crate) journal: Mutex<Box<dyn Journal>>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) events: Option<EventSink>,
    pub(crate) interrupt: Option<Interrupt>,
    pub(crate) ledger_name: String,
}

/// A provider-agnostic, quota-aware client. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.inner.api)
            .field("ledger", &self.inner.ledger_name)
            .field("clock", &self.inner.clock.describe())
            .finish()
    }
}

fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Client {
    /// Starts configuring a client for `provider` (`syncore`, …).
    pub fn builder(provider: &str) -> ClientBuilder {
        ClientBuilder::new(provider)
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
        &self.inner.ledger_name
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

    /// Every quota window of this client: used, limit, reset, and which one binds.
    pub fn quota_status(&self) -> Result<Vec<WindowUsage>, Error> {
        let now = self.now();
        let mut ledger = lock(&self.inner.ledger);
        self.inner.api.quota_status(ledger.as_mut(), now)
    }

    /// When would `workload` finish from now, and which window binds? (Nothing is spent.)
    pub fn forecast(
        &self,
        workload: &[(RequestKind, u64)],
        options: ForecastOptions,
    ) -> Result<Forecast, Error> {
        let now = self.now();
        let mut ledger = lock(&self.inner.ledger);
        self.inner
            .api
            .forecast(ledger.as_mut(), workload, now, options)
    }

    /// Journaled writes in any of `states` (all when empty).
    pub fn writes(&self, states: &[WriteState]) -> Result<Vec<JournalEntry>, Error> {
        lock(&self.inner.journal).list(states)
    }

    /// Writes whose outcome is not settled yet (pending or unknown).
    pub fn pending_writes(&self) -> Result<Vec<JournalEntry>, Error> {
        self.writes(&[WriteState::Pending, WriteState::Unknown])
    }

    /// Drives one prepared call to its end.
    pub(crate) async fn run(&self, mut call: Call) -> Result<Response, Error> {
        self.inner.transport.ensure_auth().await?;
        loop {
            let now = self.now();
            let poll = {
                let mut ledger = lock(&self.inner.ledger);
                call.poll(now, ledger.as_mut())
            };
            match poll {
                Poll::Send(request) => {
                    self.emit(Event::Sending {
                        endpoint: call.endpoint().to_string(),
                        method: request.method.clone(),
                        url: request.url.clone(),
                        attempt: call.attempts(),
                    });
                    let sent_at = Instant::now();
                    let outcome = self.inner.transport.send(request).await;
                    let now = self.now();
                    match outcome {
                        Ok(response) => {
                            self.emit(Event::Received {
                                endpoint: call.endpoint().to_string(),
                                status: response.status,
                                elapsed: sent_at.elapsed(),
                            });
                            call.handle(response, now);
                            if call.take_auth_refresh() {
                                self.inner.transport.refresh_auth().await?;
                            }
                        }
                        Err(failure) => {
                            let (message, not_sent) = match &failure {
                                TransportFailure::NotSent(m) => (m.clone(), true),
                                TransportFailure::Unknown(m) => (m.clone(), false),
                            };
                            self.emit(Event::TransportFailed {
                                endpoint: call.endpoint().to_string(),
                                message,
                                not_sent,
                            });
                            call.handle_transport_error(failure, now);
                        }
                    }
                }
                Poll::Wait { until, cause } => {
                    self.emit(Event::Waiting {
                        endpoint: call.endpoint().to_string(),
                        until,
                        cause: describe_cause(&cause),
                    });
                    self.wait_until(until).await?;
                }
                Poll::Done(response) => return Ok(response),
                Poll::Fail(error) => return Err(error),
            }
        }
    }

    /// Sleeps until the clock reads `until`, checking the interrupt hook as it goes.
    pub(crate) async fn wait_until(&self, until: Timestamp) -> Result<(), Error> {
        loop {
            if let Some(check) = &self.inner.interrupt {
                check()?;
            }
            let delay = self.inner.clock.real_delay(until);
            if delay.is_zero() {
                break;
            }
            let step = if self.inner.interrupt.is_some() {
                delay.min(INTERRUPT_CHECK)
            } else {
                delay
            };
            tokio::time::sleep(step).await;
        }
        self.inner.clock.advance_to(until);
        Ok(())
    }

    pub(crate) fn journal(&self) -> MutexGuard<'_, Box<dyn Journal>> {
        lock(&self.inner.journal)
    }
}

fn describe_cause(cause: &WaitCause) -> String {
    match cause {
        WaitCause::Quota {
            window,
            scope,
            reason,
        } => format!("{reason:?} window {window} ({scope})").to_lowercase(),
        WaitCause::Reset { window, scope } => format!("waiting for {window} ({scope}) to reset"),
        WaitCause::Backoff { attempt } => format!("backing off before attempt {attempt}"),
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
    events: Option<EventSink>,
    interrupt: Option<Interrupt>,
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
            events: None,
            interrupt: None,
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

    /// Builds the client: checks the configuration, opens the ledger, builds the transport.
    pub fn build(self) -> Result<Client, Error> {
        let spec = match (self.spec, &self.spec_overrides) {
            (Some(spec), _) => spec,
            (None, Some(o)) => ProviderSpec::builtin_with_overrides(&self.provider, o)?,
            (None, None) => ProviderSpec::builtin(&self.provider)?,
        };
        let key = self.api_key.filter(|k| !k.is_empty());
        if key.is_none() && self.token_provider.is_none() && self.transport.is_none() {
            let bearer = spec.auth.prefix.trim().eq_ignore_ascii_case("bearer");
            let what = if bearer {
                "a token or a token provider"
            } else {
                "an API key"
            };
            return Err(Error::config(
                "missing_api_key",
                format!("{} needs {what}", spec.display_name),
            ));
        }
        let fingerprint = key.as_ref().map(ApiKey::fingerprint);
        let api = Api::new(spec, self.config, fingerprint)?;
        let transport: Arc<dyn Transport> = match self.transport {
            Some(t) => t,
            None => {
                let base = check_base_url(
                    api.base_url().as_str(),
                    api.config().dangerously_allow_insecure_http,
                )?;
                let options = TransportOptions {
                    https_only: !(is_loopback(&base)
                        || api.config().dangerously_allow_insecure_http),
                    ..self.transport_options
                };
                let credential = match (self.token_provider, key) {
                    (Some(provider), _) => Credential::Tokens(provider),
                    (None, Some(key)) => Credential::Key(key),
                    (None, None) => unreachable!("checked above"),
                };
                Arc::new(HttpTransport::with_credential(
                    api.auth(),
                    credential,
                    &options,
                )?)
            }
        };
        let store = match self.store {
            Some(s) => s,
            None => open_store(&self.ledger_url.unwrap_or_else(default_ledger_url))?,
        };
        let ledger_name = store.ledger.describe();
        let clock = self.clock.unwrap_or_else(default_clock);
        Ok(Client {
            inner: Arc::new(Inner {
                api,
                transport,
                ledger: Mutex::new(store.ledger),
                journal: Mutex::new(store.journal),
                clock,
                events: self.events.or_else(stderr_logger),
                interrupt: self.interrupt,
                ledger_name,
            }),
        })
    }
}
