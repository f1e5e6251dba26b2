//! The HTTP transport: the only place the credential is attached to a request.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use pacer_core::spec::AuthSpec;
use pacer_core::{Error, Request, Response, TransportFailure};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::secret::ApiKey;

/// A boxed future, so transports can be used as trait objects.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends requests built by the core. Implementations add the credential and classify failures
/// into "never reached the server" and "outcome unknown" (which decides whether a write may be
/// repeated). Tests may mock this trait; everything above it is the real code path.
pub trait Transport: Send + Sync {
    /// Sends one request and returns the whole response.
    fn send(&self, request: Request) -> BoxFuture<'_, Result<Response, TransportFailure>>;
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
        let name = HeaderName::from_bytes(auth.header.as_bytes()).map_err(|_| {
            Error::config(
                "invalid_spec",
                format!("invalid auth header name {:?}", auth.header),
            )
        })?;
        if key.is_empty() {
            return Err(Error::config("missing_api_key", "an API key is required"));
        }
        let mut value = HeaderValue::from_str(&format!("{}{}", auth.prefix, key.expose_secret()))
            .map_err(|_| {
            Error::config(
                "invalid_api_key",
                "the API key contains characters not allowed in a header",
            )
        })?;
        value.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(name, value);
        let client = reqwest::Client::builder()
            .default_headers(headers)
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
        Ok(HttpTransport { client })
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
            let mut builder = self.client.request(method, &request.url);
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
}
