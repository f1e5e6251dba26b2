//! The HTTP transport: the only place the credential is attached to a request.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use pacer_sdk_core::spec::AuthSpec;
use pacer_sdk_core::{Error, Request, Response, TransportFailure};
use std::sync::{Arc, Mutex};

use crate::secret::ApiKey;

/// A boxed future, so transports can be used as trait objects.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends requests built by the core. Implementations add the credential and classify failures
/// into "never reached the server" and "outcome unknown" (which decides whether a write may be
/// repeated). Tests may mock this trait; everything above it is the real code path.
pub trait Transport: Send + Sync {
    /// Sends one request and returns the whole response.
    fn send(&self, request: Request) -> BoxFuture<'_, Result<Response, TransportFailure>>;

    /// Makes sure a credential is at hand before a call reserves quota (asks a token provider
    /// the first time); static keys have nothing to do.
    fn ensure_auth(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }

    /// Replaces an expired credential (token providers); static keys have nothing to do.
    fn refresh_auth(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }
}

/// Produces a fresh bearer token (Synq ID tokens expire after an hour). Called once at first
/// use and again when the server answers 401; it never appears in logs or errors.
pub type TokenProvider = Arc<dyn Fn() -> Result<String, Error> + Send + Sync>;

/// What the transport authenticates with.
#[derive(Clone)]
pub enum Credential {
    /// A static API key.
    Key(ApiKey),
    /// A token provider, asked again when the server rejects the current token.
    Tokens(TokenProvider),
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::Key(_) => f.write_str("Credential::Key(***)"),
            Credential::Tokens(_) => f.write_str("Credential::Tokens(<provider>)"),
        }
    }
}

/// Timeouts and TLS policy of the HTTP transport.
#[derive(Clone, Debug)]
pub struct TransportOptions {
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Connection-establishment timeout (a failure here provably sent nothing).
    pub connect_timeout: Duration,
    /// Refuse any non-HTTPS URL (off only for loopback or the explicit insecure opt-out).
    pub https_only: bool,
    /// The most a response body may hold; reading stops past it (the spec's
    /// `limits.max_response_bytes`, or the client's `max_response_bytes`).
    pub max_response_bytes: u64,
    /// Whether the environment's proxy (`HTTPS_PROXY`, `HTTP_PROXY`) may be used: only for
    /// HTTPS, where a proxy sees a tunnel, never for plain HTTP (the key would cross it in
    /// clear text) or loopback.
    pub use_env_proxy: bool,
}

impl Default for TransportOptions {
    fn default() -> Self {
        TransportOptions {
            timeout: pacer_sdk_core::options::DEFAULT_TIMEOUT,
            connect_timeout: pacer_sdk_core::options::DEFAULT_CONNECT_TIMEOUT,
            https_only: true,
            max_response_bytes: pacer_sdk_core::spec::DEFAULT_MAX_RESPONSE_BYTES,
            use_env_proxy: true,
        }
    }
}

/// The credential and the header that carries it, shared by a client's transports (the
/// blocking pump's and the async pump's), so a token fetched by one is used by both.
pub struct AuthState {
    header: String,
    prefix: String,
    credential: Credential,
    /// The header value in use (a token provider's current token).
    current: Mutex<Option<ApiKey>>,
    /// Serializes token fetches and remembers when the last one finished.
    fetching: Mutex<Option<Instant>>,
}

impl std::fmt::Debug for AuthState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuthState({}: ***)", self.header)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl AuthState {
    /// `auth.header: auth.prefix + secret` on every request.
    pub fn new(auth: &AuthSpec, credential: Credential) -> Result<Arc<AuthState>, Error> {
        if reqwest::header::HeaderName::from_bytes(auth.header.as_bytes()).is_err() {
            return Err(Error::config(
                "invalid_spec",
                format!("invalid auth header name {:?}", auth.header),
            ));
        }
        let state = AuthState {
            header: auth.header.clone(),
            prefix: auth.prefix.clone(),
            current: Mutex::new(None),
            fetching: Mutex::new(None),
            credential,
        };
        if let Credential::Key(key) = &state.credential {
            if key.is_empty() {
                return Err(Error::config("missing_api_key", "an API key is required"));
            }
            let value = state.checked(key.expose_secret())?;
            *lock(&state.current) = Some(value);
        }
        Ok(Arc::new(state))
    }

    /// The header value for `secret`, refused when it could inject another header.
    fn checked(&self, secret: &str) -> Result<ApiKey, Error> {
        let value = format!("{}{secret}", self.prefix);
        if reqwest::header::HeaderValue::from_str(&value).is_err() {
            return Err(Error::config(
                "invalid_api_key",
                "the credential contains characters not allowed in a header",
            ));
        }
        Ok(ApiKey::new(value))
    }

    /// The header name and value to send (`ensure` has put the value there).
    fn credential(&self) -> Result<(String, ApiKey), Error> {
        let value = lock(&self.current)
            .clone()
            .ok_or_else(|| Error::config("missing_api_key", "no credential"))?;
        Ok((self.header.clone(), value))
    }

    /// Asks the token provider on this thread (it may block on an identity service), unless
    /// `stale_before` is set and another caller refreshed the token since then.
    pub fn fetch_blocking(&self, stale_before: Option<Instant>) -> Result<(), Error> {
        let Credential::Tokens(provider) = &self.credential else {
            return Ok(());
        };
        let mut fetched_at = lock(&self.fetching);
        let have = lock(&self.current).is_some();
        let fresh = match (stale_before, *fetched_at) {
            (None, _) => have,
            (Some(failed), Some(at)) => have && at > failed,
            (Some(_), None) => false,
        };
        if fresh {
            return Ok(());
        }
        let token = provider().map_err(|e| {
            Error::new(
                e.kind,
                "token_provider_failed",
                format!("the token provider failed: {}", e.message),
            )
        })?;
        let value = self.checked(token.trim())?;
        *lock(&self.current) = Some(value);
        *fetched_at = Some(Instant::now());
        Ok(())
    }

    /// `fetch_blocking` off the async runtime's worker threads.
    async fn fetch(self: &Arc<Self>, stale_before: Option<Instant>) -> Result<(), Error> {
        if !matches!(self.credential, Credential::Tokens(_)) {
            return Ok(());
        }
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.fetch_blocking(stale_before))
            .await
            .map_err(|_| Error::config("token_provider_failed", "the token provider panicked"))?
    }
}

/// reqwest with rustls for the async pump; never follows redirects (a redirect could carry
/// the key elsewhere).
pub struct HttpTransport {
    client: reqwest::Client,
    auth: Arc<AuthState>,
    max_response_bytes: u64,
    timeouts: (Duration, Duration),
}

impl std::fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HttpTransport")
    }
}

impl HttpTransport {
    /// A transport that adds `auth.header: auth.prefix + key` to every request.
    pub fn new(
        auth: &AuthSpec,
        key: &ApiKey,
        options: &TransportOptions,
    ) -> Result<HttpTransport, Error> {
        HttpTransport::with_credential(auth, Credential::Key(key.clone()), options)
    }

    /// A transport authenticating with `credential` (a key or a token provider).
    pub fn with_credential(
        auth: &AuthSpec,
        credential: Credential,
        options: &TransportOptions,
    ) -> Result<HttpTransport, Error> {
        HttpTransport::with_auth(AuthState::new(auth, credential)?, options)
    }

    /// A transport sharing `auth` with the client's other transport.
    pub fn with_auth(
        auth: Arc<AuthState>,
        options: &TransportOptions,
    ) -> Result<HttpTransport, Error> {
        let mut builder = reqwest::Client::builder();
        if !options.use_env_proxy {
            builder = builder.no_proxy();
        }
        let client = builder
            .redirect(reqwest::redirect::Policy::none())
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .https_only(options.https_only)
            .pool_idle_timeout(Duration::from_secs(50))
            .build()
            .map_err(|e| {
                Error::config(
                    "transport_setup",
                    format!("cannot build the HTTP client: {e}"),
                )
            })?;
        Ok(HttpTransport {
            client,
            auth,
            max_response_bytes: options.max_response_bytes,
            timeouts: (options.timeout, options.connect_timeout),
        })
    }
}

/// Whether a reqwest error proves the request never reached the server.
fn classify(
    e: &reqwest::Error,
    (timeout, connect_timeout): (Duration, Duration),
) -> TransportFailure {
    // Strip the URL: it may carry query data; never the key (that is a header).
    let text = if e.is_timeout() && e.is_connect() {
        format!(
            "timed out connecting after {} s (connect_timeout)",
            connect_timeout.as_secs_f64()
        )
    } else if e.is_timeout() {
        format!(
            "timed out after {} s waiting for or reading the answer (timeout)",
            timeout.as_secs_f64()
        )
    } else {
        e.to_string()
    };
    if e.is_connect() || e.is_builder() {
        TransportFailure::NotSent(text)
    } else {
        TransportFailure::Unknown(text)
    }
}

impl Transport for HttpTransport {
    fn send(&self, request: Request) -> BoxFuture<'_, Result<Response, TransportFailure>> {
        Box::pin(async move {
            let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|_| {
                TransportFailure::NotSent(format!("invalid method {}", request.method))
            })?;
            let (name, secret) = self
                .auth
                .credential()
                .map_err(|e| TransportFailure::NotSent(e.message.clone()))?;
            let mut value = reqwest::header::HeaderValue::from_str(secret.expose_secret())
                .map_err(|_| TransportFailure::NotSent("unusable credential".into()))?;
            value.set_sensitive(true);
            let mut builder = self
                .client
                .request(method, &request.url)
                .header(name.as_str(), value);
            for (k, v) in &request.headers {
                builder = builder.header(k, v);
            }
            if let Some(body) = request.body {
                builder = builder.body(body);
            }
            let response = builder
                .send()
                .await
                .map_err(|e| classify(&e, self.timeouts))?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .filter_map(|(k, v)| {
                    v.to_str()
                        .ok()
                        .map(|v| (k.as_str().to_string(), v.to_string()))
                })
                .collect();
            let limit = self.max_response_bytes;
            if response.content_length().is_some_and(|n| n > limit) {
                return Err(TransportFailure::TooLarge(limit));
            }
            // Chunk by chunk, so an endless or lying body stops at the limit, not at the
            // timeout or out of memory.
            let mut response = response;
            let mut body = Vec::new();
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| classify(&e, self.timeouts))?
            {
                if (body.len() + chunk.len()) as u64 > limit {
                    return Err(TransportFailure::TooLarge(limit));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Response {
                status,
                headers,
                body,
            })
        })
    }

    fn ensure_auth(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(self.auth.fetch(None))
    }

    fn refresh_auth(&self) -> BoxFuture<'_, Result<(), Error>> {
        // A 401 seen now: a token fetched after this moment is already the fresh one.
        let failed_at = Instant::now();
        Box::pin(self.auth.fetch(Some(failed_at)))
    }
}

/// A synchronous HTTP transport (ureq with rustls) for the blocking pump: the request is made
/// on the caller's thread, with no runtime and no hand-off between threads. Same policy as
/// [`HttpTransport`]: no redirects, the same timeouts, HTTPS only unless allowed, and the
/// credential added here and nowhere else. Its futures are ready when returned.
pub struct BlockingHttpTransport {
    agent: ureq::Agent,
    auth: Arc<AuthState>,
    max_response_bytes: u64,
}

impl std::fmt::Debug for BlockingHttpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlockingHttpTransport")
    }
}

impl BlockingHttpTransport {
    /// A transport sharing `auth` with the client's async transport.
    pub fn with_auth(auth: Arc<AuthState>, options: &TransportOptions) -> BlockingHttpTransport {
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .max_redirects_will_error(false)
            .http_status_as_error(false)
            .https_only(options.https_only)
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(options.connect_timeout))
            .allow_non_standard_methods(true)
            // Send no User-Agent of ureq's own: the core sets the integration's where needed.
            .user_agent(ureq::config::AutoHeaderValue::None)
            .max_idle_age(Duration::from_secs(50))
            .proxy(if options.use_env_proxy {
                ureq::Proxy::try_from_env()
            } else {
                None
            })
            .build();
        BlockingHttpTransport {
            agent: ureq::Agent::with_parts(
                config,
                ureq::unversioned::transport::DefaultConnector::new(),
                CachingResolver::default(),
            ),
            auth,
            max_response_bytes: options.max_response_bytes,
        }
    }

    fn send_now(&self, request: Request) -> Result<Response, TransportFailure> {
        let (name, secret) = self
            .auth
            .credential()
            .map_err(|e| TransportFailure::NotSent(e.message.clone()))?;
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(request.url.as_str())
            .header(name.as_str(), secret.expose_secret());
        for (k, v) in &request.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let http_request = builder
            .body(request.body.unwrap_or_default())
            .map_err(|e| TransportFailure::NotSent(format!("cannot build the request: {e}")))?;
        let mut response = self
            .agent
            .run(http_request)
            .map_err(|e| classify_ureq(&e))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(k, v)| {
                v.to_str()
                    .ok()
                    .map(|v| (k.as_str().to_string(), v.to_string()))
            })
            .collect();
        let limit = self.max_response_bytes;
        let body = response
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => TransportFailure::TooLarge(limit),
                e => TransportFailure::Unknown(e.to_string()),
            })?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// Host lookups for the blocking transport without a thread per request: ureq's default
/// resolver spawns one for every lookup once a timeout is set, and it looks up before it picks
/// a pooled connection. IP literals (the emulator's 127.0.0.1) need no lookup; names are looked
/// up with the default resolver (bounded by the timeouts) and kept for a little while.
#[derive(Debug, Default)]
struct CachingResolver {
    inner: ureq::unversioned::resolver::DefaultResolver,
    cache: Mutex<
        std::collections::HashMap<
            String,
            (Instant, ureq::unversioned::resolver::ResolvedSocketAddrs),
        >,
    >,
}

/// How long a looked-up address is reused.
const RESOLVED_FOR: Duration = Duration::from_secs(30);

impl ureq::unversioned::resolver::Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or_default().trim_matches(['[', ']']);
        let port = uri.port_u16().unwrap_or(match uri.scheme_str() {
            Some("http") => 80,
            _ => 443,
        });
        if let Ok(ip) = host.parse::<std::net::IpAddr>() {
            let mut out = self.empty();
            out.push(std::net::SocketAddr::new(ip, port));
            return Ok(out);
        }
        let key = format!("{host}:{port}");
        if let Some((at, addrs)) = lock(&self.cache).get(&key)
            && at.elapsed() < RESOLVED_FOR
        {
            return Ok(addrs.clone());
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        lock(&self.cache).insert(key, (Instant::now(), addrs.clone()));
        Ok(addrs)
    }
}

/// Whether a ureq error proves the request never reached the server.
fn classify_ureq(e: &ureq::Error) -> TransportFailure {
    use ureq::Error as E;
    use ureq::Timeout as T;
    let text = match e {
        E::Timeout(T::Resolve | T::Connect) => {
            format!("timed out connecting ({e}; connect_timeout)")
        }
        E::Timeout(_) => format!("timed out waiting for or reading the answer ({e}; timeout)"),
        _ => e.to_string(),
    };
    match e {
        E::HostNotFound
        | E::ConnectionFailed
        | E::BadUri(_)
        | E::Http(_)
        | E::RequireHttpsOnly(_)
        | E::InvalidProxyUrl
        | E::ConnectProxyFailed(_)
        | E::TlsRequired
        | E::Timeout(T::Resolve | T::Connect) => TransportFailure::NotSent(text),
        // Anything else may have happened after the request left (a TLS error included): the
        // outcome is unknown, so a write is reconciled rather than sent again.
        _ => TransportFailure::Unknown(text),
    }
}

impl Transport for BlockingHttpTransport {
    fn send(&self, request: Request) -> BoxFuture<'_, Result<Response, TransportFailure>> {
        Box::pin(std::future::ready(self.send_now(request)))
    }

    fn ensure_auth(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(std::future::ready(self.auth.fetch_blocking(None)))
    }

    fn refresh_auth(&self) -> BoxFuture<'_, Result<(), Error>> {
        let failed_at = Instant::now();
        Box::pin(std::future::ready(
            self.auth.fetch_blocking(Some(failed_at)),
        ))
    }
}
