//! A deliberately misbehaving HTTP/1.1 server on loopback, for tests of what a hostile or
//! careless server costs a client: pages that repeat, links to other endpoints, bodies of
//! gigabytes or without end, absurd `Retry-After` values. The emulator proper answers like the
//! real APIs; this one answers whatever the test scripts, byte for byte, and counts what it
//! sent so a test can show the client stopped reading early.
//!
//! Plain threads and a hand-written parser on purpose: the point is to send what a correct
//! server library would refuse to produce (an endless chunked body, a `Content-Length` that
//! is never honoured).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the hostile server read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostileRequest {
    /// Upper-case method.
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names in lower case, with their values (credential headers included: a test
    /// may check what was sent; nothing here is logged).
    pub headers: BTreeMap<String, String>,
    /// The request body.
    pub body: Vec<u8>,
}

impl HostileRequest {
    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The value of query parameter `name`, undecoded.
    pub fn query(&self, name: &str) -> Option<&str> {
        let query = self.target.split_once('?')?.1;
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

/// What the hostile server answers.
#[derive(Clone, Debug)]
pub enum HostileReply {
    /// A complete response.
    Full {
        /// Status code.
        status: u16,
        /// Extra headers (Content-Length is added).
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Claims `Content-Length: length` and sends filler until the client hangs up or `length`
    /// bytes are out.
    Huge {
        /// Status code.
        status: u16,
        /// The claimed and (if the client reads on) sent length.
        length: u64,
    },
    /// A chunked body that never ends.
    Endless {
        /// Status code.
        status: u16,
    },
    /// Closes the connection without answering.
    Hangup,
    /// Reads the request, then says nothing for this long (a client's timeout should fire
    /// first), then hangs up.
    Stall(Duration),
}

impl HostileReply {
    /// A JSON answer.
    pub fn json(status: u16, body: &serde_json::Value) -> HostileReply {
        HostileReply::Full {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    /// A JSON answer with extra headers.
    pub fn json_with(
        status: u16,
        headers: &[(&str, &str)],
        body: &serde_json::Value,
    ) -> HostileReply {
        let mut reply = HostileReply::json(status, body);
        if let HostileReply::Full { headers: h, .. } = &mut reply {
            h.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        }
        reply
    }
}

/// The script: called for every request, in arrival order, with its sequence number.
pub type HostileScript = dyn Fn(usize, &HostileRequest) -> HostileReply + Send + Sync;

/// A running hostile server; stops when dropped.
pub struct HostileServer {
    url: String,
    requests: Arc<Mutex<Vec<HostileRequest>>>,
    body_bytes_sent: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl std::fmt::Debug for HostileServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HostileServer({})", self.url)
    }
}

/// The filler a huge or endless body is made of: valid JSON text's first byte, then spaces,
/// so a client that buffers it all sees "just a very long document".
static FILLER: [u8; 64 * 1024] = [b' '; 64 * 1024];

impl HostileServer {
    /// Starts serving `script` on a free loopback port.
    pub fn start(
        script: impl Fn(usize, &HostileRequest) -> HostileReply + Send + Sync + 'static,
    ) -> HostileServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let url = format!("http://{}", listener.local_addr().expect("bound"));
        let server = HostileServer {
            url,
            requests: Arc::default(),
            body_bytes_sent: Arc::default(),
            stop: Arc::default(),
        };
        let script: Arc<HostileScript> = Arc::new(script);
        let (requests, sent, stop) = (
            server.requests.clone(),
            server.body_bytes_sent.clone(),
            server.stop.clone(),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (script, requests, sent, stop) =
                            (script.clone(), requests.clone(), sent.clone(), stop.clone());
                        std::thread::spawn(move || {
                            serve(stream, &*script, &requests, &sent, &stop);
                        });
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        // Polling the listener lets a dropped server's thread end.
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => break,
                }
            }
        });
        server
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<HostileRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Body bytes written to clients so far (huge and endless bodies included).
    pub fn body_bytes_sent(&self) -> u64 {
        self.body_bytes_sent.load(Ordering::Relaxed)
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(
    stream: TcpStream,
    script: &HostileScript,
    requests: &Mutex<Vec<HostileRequest>>,
    sent: &AtomicU64,
    stop: &AtomicBool,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while !stop.load(Ordering::Relaxed) {
        let Some(request) = read_request(&mut reader) else {
            return;
        };
        let n = {
            let mut all = requests.lock().unwrap_or_else(|p| p.into_inner());
            all.push(request.clone());
            all.len() - 1
        };
        if !write_reply(&mut writer, script(n, &request), sent, stop) {
            return;
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<HostileRequest> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_ascii_uppercase();
    let target = parts.next()?.to_string();
    let mut headers = BTreeMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length.min(64 * 1024 * 1024)];
    reader.read_exact(&mut body).ok()?;
    Some(HostileRequest {
        method,
        target,
        headers,
        body,
    })
}

/// Writes `reply`; false when the connection is over.
fn write_reply(
    w: &mut TcpStream,
    reply: HostileReply,
    sent: &AtomicU64,
    stop: &AtomicBool,
) -> bool {
    let head =
        |status: u16, extra: &str| format!("HTTP/1.1 {status} {}\r\n{extra}\r\n", reason(status));
    match reply {
        HostileReply::Full {
            status,
            headers,
            body,
        } => {
            let mut extra = String::new();
            for (k, v) in headers {
                extra.push_str(&format!("{k}: {v}\r\n"));
            }
            extra.push_str(&format!("content-length: {}\r\n", body.len()));
            let ok =
                w.write_all(head(status, &extra).as_bytes()).is_ok() && w.write_all(&body).is_ok();
            sent.fetch_add(body.len() as u64, Ordering::Relaxed);
            ok && w.flush().is_ok()
        }
        HostileReply::Huge { status, length } => {
            let extra = format!("content-type: application/json\r\ncontent-length: {length}\r\n");
            if w.write_all(head(status, &extra).as_bytes()).is_err() {
                return false;
            }
            let mut left = length;
            while left > 0 && !stop.load(Ordering::Relaxed) {
                let n = left.min(FILLER.len() as u64) as usize;
                if w.write_all(&FILLER[..n]).is_err() {
                    return false;
                }
                sent.fetch_add(n as u64, Ordering::Relaxed);
                left -= n as u64;
            }
            w.flush().is_ok()
        }
        HostileReply::Endless { status } => {
            let extra = "content-type: application/json\r\ntransfer-encoding: chunked\r\n";
            if w.write_all(head(status, extra).as_bytes()).is_err() {
                return false;
            }
            let chunk_head = format!("{:x}\r\n", FILLER.len());
            while !stop.load(Ordering::Relaxed) {
                let ok = w.write_all(chunk_head.as_bytes()).is_ok()
                    && w.write_all(&FILLER).is_ok()
                    && w.write_all(b"\r\n").is_ok();
                if !ok {
                    return false;
                }
                sent.fetch_add(FILLER.len() as u64, Ordering::Relaxed);
            }
            false
        }
        HostileReply::Hangup => false,
        HostileReply::Stall(for_how_long) => {
            let until = std::time::Instant::now() + for_how_long;
            while std::time::Instant::now() < until && !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(20));
            }
            false
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        201 => "Created",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Whatever",
    }
}
