//! The HTTP transport: the only place the credential is attached to a request.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use pacer_sdk_core::spec::AuthSpec;
use pacer_sdk_core::{Error, Request, Response, TransportFailure};
use std::sync::{Arc, Mutex};

use reqwest::header::{HeaderName, HeaderValue};

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
}

impl Default for TransportOptions {
    fn default() -> Self {
        TransportOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            https_only: true,
        }
    }
}

/// reqwest with rustls; never follows redirects (a redirect could carry the key elsewhere).
pub struct HttpTransport {
    client: reqwest::Client,
    header: HeaderName,
    prefix: String,
    credential: Credential,
    /// The header value in use (a token provider's current token).
    current: Mutex<Option<HeaderValue>>,
    /// Serializes token fetches and remembers when the last one finished.
    fetching: tokio::sync::Mutex<Option<Instant>>,
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
        let header = HeaderName::from_bytes(auth.header.as_bytes()).map_err(|_| {
            Error::config(
                "invalid_spec",
                format!("invalid auth header name {:?}", auth.header),
            )
        })?;
        if let Credential::Key(key) = &credential
            && key.is_empty()
        {
            return Err(Error::config("missing_api_key", "an API key is required"));
        }
        let client = reqwest::Client::builder()
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
        let transport = HttpTransport {
            client,
            header,
            prefix: auth.prefix.clone(),
            credential,
            current: Mutex::new(None),
            fetching: tokio::sync::Mutex::new(None),
        };
        if let Credential::Key(key) = &transport.credential {
            let value = transport.header_value(key.expose_secret())?;
            *transport.current.lock().unwrap_or_else(|p| p.into_inner()) = Some(value);
        }
        Ok(transport)
    }

    fn header_value(&self, secret: &str) -> Result<HeaderValue, Error> {
        let mut value =
            HeaderValue::from_str(&format!("{}{secret}", self.prefix)).map_err(|_| {
                Error::config(
                    "invalid_api_key",
                    "the credential contains characters not allowed in a header",
                )
            })?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// The header value to send (`ensure_auth` has put it there).
    fn credential_value(&self) -> Result<HeaderValue, Error> {
        self.current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| Error::config("missing_api_key", "no credential"))
    }

    /// Asks the token provider, off the async threads (it may block on an identity service),
    /// unless `stale_before` is set and another task refreshed the token since then.
    async fn fetch_token(&self, stale_before: Option<Instant>) -> Result<(), Error> {
        let Credential::Tokens(provider) = &self.credential else {
            return Ok(());
        };
        let mut fetched_at = self.fetching.lock().await;
        let have = self
            .current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some();
        let fresh = match (stale_before, *fetched_at) {
            (None, _) => have,
            (Some(failed), Some(at)) => have && at > failed,
            (Some(_), None) => false,
        };
        if fresh {
            return Ok(());
        }
        let provider = provider.clone();
        let token = tokio::task::spawn_blocking(move || provider())
            .await
            .map_err(|_| Error::config("token_provider_failed", "the token provider panicked"))?
            .map_err(|e| {
                Error::new(
                    e.kind,
                    "token_provider_failed",
                    format!("the token provider failed: {}", e.message),
                )
            })?;
        let value = self.header_value(token.trim())?;
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Some(value);
        *fetched_at = Some(Instant::now());
        Ok(())
    }
}

/// Whether a reqwest error proves the request never reached the server.
fn classify(e: &reqwest::Error) -> TransportFailure {
    // Strip the URL: it may carry query data; never the key (that is a header).
    let text = e.to_string();
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
            let credential = self
                .credential_value()
                .map_err(|e| TransportFailure::NotSent(e.message.clone()))?;
            let mut builder = self
                .client
                .request(method, &request.url)
                .header(&self.header, credential);
            for (k, v) in &request.headers {
                builder = builder.header(k, v);
            }
            if let Some(body) = request.body {
                builder = builder.body(body);
            }
            let response = builder.send().await.map_err(|e| classify(&e))?;
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
            let body = response
                .bytes()
                .await
                .map_err(|e| TransportFailure::Unknown(e.to_string()))?;
            Ok(Response {
                status,
                headers,
                body: body.to_vec(),
            })
        })
    }

    fn ensure_auth(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(self.fetch_token(None))
    }

    fn refresh_auth(&self) -> BoxFuture<'_, Result<(), Error>> {
        // A 401 seen now: a token fetched after this moment is already the fresh one.
        let failed_at = Instant::now();
        Box::pin(async move {
            if matches!(self.credential, Credential::Tokens(_)) {
                self.fetch_token(Some(failed_at)).await?;
            }
            Ok(())
        })
    }
}
