//! An answer before it becomes HTTP: a status, a JSON or plain-text body and extra headers.
//! Providers differ in their error bodies (Syncore `{"message"}`, Synq plain text or
//! `{"error"}`, Salync `{"error", "message"}`), so the body is either shape.

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use serde_json::{Value, json};

/// A response body.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// `application/json` (boxed: a JSON map is large and replies travel in `Result`s).
    Json(Box<Value>),
    /// `text/plain` (Synq's Go handlers answer most errors so).
    Text(String),
    /// No body (204).
    Empty,
}

/// An answer before it becomes HTTP.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The body.
    pub body: Body,
    /// `Location` header (creates).
    pub location: Option<String>,
    /// Further headers, in order.
    pub headers: Vec<(String, String)>,
}

impl Reply {
    /// `status` with a JSON body.
    pub fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body: Body::Json(Box::new(body)),
            location: None,
            headers: Vec::new(),
        }
    }

    /// 200 with a JSON body.
    pub fn ok(body: Value) -> Reply {
        Reply::json(200, body)
    }

    /// `{"message": ...}` with `status` (Syncore's and the admin view's error shape).
    pub fn message(status: u16, message: &str) -> Reply {
        Reply::json(status, json!({ "message": message }))
    }

    /// `status` with a plain-text body (a trailing newline, as Go's `http.Error` writes).
    pub fn text(status: u16, text: &str) -> Reply {
        Reply {
            status,
            body: Body::Text(format!("{text}\n")),
            location: None,
            headers: Vec::new(),
        }
    }

    /// `status` without a body.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            body: Body::Empty,
            location: None,
            headers: Vec::new(),
        }
    }

    /// The same reply with one more header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The JSON body, if it is JSON.
    pub fn json_body(&self) -> Option<&Value> {
        match &self.body {
            Body::Json(v) => Some(v.as_ref()),
            _ => None,
        }
    }
}

/// Builds the HTTP response of a reply.
pub(crate) fn response(reply: &Reply) -> Response<Full<Bytes>> {
    // A final response cannot be informational; 204 and 304 carry no body.
    let status = if (200..600).contains(&reply.status) {
        reply.status
    } else {
        500
    };
    let (content_type, body) = match &reply.body {
        _ if matches!(status, 204 | 304) => (None, Vec::new()),
        Body::Json(v) => (
            Some("application/json; charset=utf-8"),
            serde_json::to_vec(v.as_ref()).unwrap_or_default(),
        ),
        Body::Text(t) => (Some("text/plain; charset=utf-8"), t.clone().into_bytes()),
        Body::Empty => (None, Vec::new()),
    };
    let mut b = Response::builder().status(status);
    if let Some(ct) = content_type {
        b = b.header("content-type", ct);
    }
    if let Some(l) = &reply.location {
        b = b.header("location", l);
    }
    for (name, value) in &reply.headers {
        b = b.header(name.as_str(), value.as_str());
    }
    b.body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}
