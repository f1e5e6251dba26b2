//! Plain request and response values: what the core hands a transport and gets back.
//! A request never carries the credential; only the transport attaches it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An HTTP request to send, without credentials.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// Method in upper case.
    pub method: String,
    /// Absolute URL including the query string.
    pub url: String,
    /// Headers to send (User-Agent, Accept, Content-Type, provider headers).
    pub headers: Vec<(String, String)>,
    /// JSON body, when there is one.
    pub body: Option<Vec<u8>>,
}

impl Request {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field(
                "body",
                &self
                    .body
                    .as_ref()
                    .map(|b| String::from_utf8_lossy(b).into_owned()),
            )
            .finish()
    }
}

/// An HTTP response as the transport received it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Response headers.
    pub headers: Vec<(String, String)>,
    /// Raw body.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a status and body and no headers (handy in tests and emulators).
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Adds a header (builder style).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// How a transport failed, which decides whether the request may be repeated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransportFailure {
    /// The request provably never reached the server (DNS failure, connection refused, TLS
    /// handshake failure): its quota is refunded and even a write may be retried.
    NotSent(String),
    /// The request may have reached the server (timeout or reset after sending): a read is
    /// retried; a write's outcome is unknown and must be reconciled, never blindly repeated.
    Unknown(String),
    /// The server answered, and its body grew past this many bytes, the most the client reads
    /// (`max_response_bytes`): reading stopped there. Not retried: the next answer would be
    /// as large and cost the same quota again.
    TooLarge(u64),
}
