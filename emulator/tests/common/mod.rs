//! Shared helpers: an emulator on a virtual clock and a small blocking HTTP client that sends
//! the key and a registered-looking User-Agent unless told otherwise.

#![allow(dead_code)]

use std::time::Duration;

use pacer_sdk_core::Timestamp;
use pacer_sdk_emulator::{Emulator, EmulatorConfig};
use reqwest::blocking::{Client, RequestBuilder};
use serde_json::Value;

/// The User-Agent the tests present as their registered integration.
pub const UA: &str = "AcmeSync/1.0 (pacer tests)";

/// An instant from RFC 3339.
pub fn ts(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).expect("RFC 3339")
}

/// A virtual-clock emulator with `jobs` jobs and optional spec overrides.
pub fn emulator(jobs: usize, overrides: Option<&str>) -> Emulator {
    Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        jobs,
        spec_overrides: overrides.map(str::to_string),
        ..Default::default()
    })
    .expect("emulator starts")
}

/// A virtual-clock emulator that never refuses for quota (data tests read a lot).
pub fn unmetered(jobs: usize) -> Emulator {
    Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        jobs,
        enforce_quota: false,
        ..Default::default()
    })
    .expect("emulator starts")
}

/// A virtual-clock emulator starting at `start`.
pub fn emulator_at(start: &str, jobs: usize, overrides: Option<&str>) -> Emulator {
    Emulator::start_blocking(EmulatorConfig {
        virtual_clock: true,
        start: Some(ts(start)),
        jobs,
        spec_overrides: overrides.map(str::to_string),
        ..Default::default()
    })
    .expect("emulator starts")
}

/// A response reduced to what tests look at.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Body as text.
    pub text: String,
    /// Body as JSON (`Null` when not JSON).
    pub json: Value,
    /// `Retry-After` header.
    pub retry_after: Option<u64>,
    /// `Location` header.
    pub location: Option<String>,
    /// Every header, names in lower case.
    pub headers: Vec<(String, String)>,
}

impl Answer {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A header parsed as a number.
    pub fn number(&self, name: &str) -> Option<u64> {
        self.header(name).and_then(|v| v.parse().ok())
    }
}

/// Reduces a reqwest response to an [`Answer`].
pub fn answer(resp: reqwest::blocking::Response) -> Result<Answer, reqwest::Error> {
    let status = resp.status().as_u16();
    let headers: Vec<(String, String)> = resp
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let find = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let retry_after = find("retry-after").and_then(|v| v.parse().ok());
    let location = find("location");
    let text = resp.text()?;
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Ok(Answer {
        status,
        text,
        json,
        retry_after,
        location,
        headers,
    })
}

/// A blocking client for providers without Syncore's key and User-Agent rules: a base URL
/// and a fixed set of headers.
#[derive(Clone)]
pub struct Api {
    base: String,
    headers: Vec<(String, String)>,
    client: Client,
}

impl Api {
    /// A client of `base` sending no headers yet.
    pub fn new(base: &str) -> Api {
        Api {
            base: base.trim_end_matches('/').to_string(),
            headers: Vec::new(),
            client: Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
        }
    }

    /// The same client with `name` set to `value` (replacing an earlier value).
    pub fn with(mut self, name: &str, value: &str) -> Api {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The same client without header `name`.
    pub fn without(mut self, name: &str) -> Api {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    /// Sends raw bytes with extra headers; `Err` is a transport failure.
    pub fn try_raw(
        &self,
        method: &str,
        path: &str,
        body: Option<Vec<u8>>,
        extra: &[(&str, &str)],
    ) -> Result<Answer, reqwest::Error> {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{}", self.base, path)
        };
        let mut r = self
            .client
            .request(method.parse().expect("method"), url)
            .header("accept", "application/json");
        for (n, v) in &self.headers {
            r = r.header(n.as_str(), v.as_str());
        }
        for (n, v) in extra {
            r = r.header(*n, *v);
        }
        if let Some(b) = body {
            r = r.header("content-type", "application/json").body(b);
        }
        answer(r.send()?)
    }

    /// Sends a JSON body (or none); `Err` is a transport failure.
    pub fn try_send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Answer, reqwest::Error> {
        self.try_raw(
            method,
            path,
            body.map(|b| serde_json::to_vec(b).expect("JSON")),
            &[],
        )
    }

    /// Sends a request that must get an answer.
    pub fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Answer {
        self.try_send(method, path, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// GET.
    pub fn get(&self, path: &str) -> Answer {
        self.send("GET", path, None)
    }

    /// POST with a JSON body.
    pub fn post(&self, path: &str, body: &Value) -> Answer {
        self.send("POST", path, Some(body))
    }

    /// PUT with a JSON body.
    pub fn put(&self, path: &str, body: &Value) -> Answer {
        self.send("PUT", path, Some(body))
    }

    /// DELETE.
    pub fn delete(&self, path: &str) -> Answer {
        self.send("DELETE", path, None)
    }
}

/// A Synq client: bearer token plus the tenant and org headers.
pub fn synq_api(emu: &Emulator) -> Api {
    Api::new(&emu.base_url())
        .with("authorization", &format!("Bearer {}", emu.api_key()))
        .with("x-tenant-id", &emu.tenant_id())
        .with("x-org-id", &emu.org_id())
}

/// A Salync client: the key as a bearer token.
pub fn salync_api(emu: &Emulator) -> Api {
    Api::new(&emu.base_url()).with("authorization", &format!("Bearer {}", emu.api_key()))
}

/// A virtual-clock emulator of `provider` with the given changes to the default config.
pub fn start(provider: &str, change: impl FnOnce(&mut EmulatorConfig)) -> Emulator {
    let mut config = EmulatorConfig {
        provider: provider.into(),
        virtual_clock: true,
        ..Default::default()
    };
    change(&mut config);
    Emulator::start_blocking(config).expect("emulator starts")
}

/// Admin POST on the emulator's root.
pub fn admin_post(emu: &Emulator, path: &str, body: &Value) -> Answer {
    Api::new(&emu.root_url()).post(path, body)
}

/// Admin GET on the emulator's root.
pub fn admin_get(emu: &Emulator, path: &str) -> Answer {
    Api::new(&emu.root_url()).get(path)
}

/// A blocking client bound to one emulator.
pub struct Http {
    base: String,
    key: Option<String>,
    ua: Option<String>,
    client: Client,
}

impl Http {
    /// Sends the right key and [`UA`].
    pub fn new(emu: &Emulator) -> Http {
        Http {
            base: emu.base_url(),
            key: Some(emu.api_key()),
            ua: Some(UA.into()),
            client: Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
        }
    }

    /// The same client with another key (`None`: no key header).
    pub fn key(mut self, key: Option<&str>) -> Http {
        self.key = key.map(str::to_string);
        self
    }

    /// The same client with another User-Agent (`None`: no header at all).
    pub fn ua(mut self, ua: Option<&str>) -> Http {
        self.ua = ua.map(str::to_string);
        self
    }

    fn prepare(&self, method: &str, path: &str) -> RequestBuilder {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{}", self.base, path)
        };
        let mut r = self
            .client
            .request(method.parse().expect("method"), url)
            .header("accept", "application/json");
        if let Some(k) = &self.key {
            r = r.header("x-api-key", k);
        }
        if let Some(u) = &self.ua {
            r = r.header("user-agent", u);
        }
        r
    }

    /// Sends a request; `Err` is a transport failure (e.g. a dropped connection).
    pub fn try_send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Answer, reqwest::Error> {
        let mut r = self.prepare(method, path);
        if let Some(b) = body {
            r = r.json(b);
        }
        answer(r.send()?)
    }

    /// Sends a request that must get an answer.
    pub fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Answer {
        self.try_send(method, path, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// GET.
    pub fn get(&self, path: &str) -> Answer {
        self.send("GET", path, None)
    }

    /// POST with a JSON body.
    pub fn post(&self, path: &str, body: &Value) -> Answer {
        self.send("POST", path, Some(body))
    }

    /// PUT with a JSON body.
    pub fn put(&self, path: &str, body: &Value) -> Answer {
        self.send("PUT", path, Some(body))
    }

    /// Follows `links.next` from `path`, returning every record under `key`.
    pub fn walk(&self, path: &str, key: &str) -> (Vec<Value>, usize) {
        let mut out = Vec::new();
        let mut next = Some(path.to_string());
        let mut pages = 0;
        while let Some(url) = next {
            let a = self.get(&url);
            assert_eq!(a.status, 200, "{url}: {}", a.text);
            pages += 1;
            out.extend(a.json[key].as_array().expect("envelope").iter().cloned());
            next = a.json["links"]["next"].as_str().map(str::to_string);
        }
        (out, pages)
    }
}

/// The emulator's local (New York) date `days` before now (after, when negative), as
/// YYYY-MM-DD.
pub fn ny_date(emu: &Emulator, days: i64) -> String {
    let t = emu.now().add_millis(-days * 86_400_000).to_datetime();
    t.with_timezone(&chrono_tz::America::New_York)
        .format("%Y-%m-%d")
        .to_string()
}

/// The New York date `months` calendar months before the emulator's today (the day clamped to
/// the month's length, as the 13-month window does), as YYYY-MM-DD.
pub fn ny_months_back(emu: &Emulator, months: u32) -> String {
    let today = emu
        .now()
        .to_datetime()
        .with_timezone(&chrono_tz::America::New_York)
        .date_naive();
    today
        .checked_sub_months(chrono::Months::new(months))
        .expect("a date")
        .format("%Y-%m-%d")
        .to_string()
}

/// The instant New York's next month begins after `t` (midnight of its first day), where the
/// Syncore emulator's monthly window resets.
pub fn ny_next_month(t: Timestamp) -> Timestamp {
    use chrono::{Datelike, TimeZone};
    let ny = chrono_tz::America::New_York;
    let today = t.to_datetime().with_timezone(&ny).date_naive();
    let first = chrono::NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
        .expect("a first day")
        .checked_add_months(chrono::Months::new(1))
        .expect("a date");
    let midnight = ny
        .from_local_datetime(&first.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .expect("New York midnight exists");
    Timestamp::from_millis(midnight.timestamp_millis())
}

/// A write-shape address.
pub fn address(first: &str, last: &str) -> Value {
    serde_json::json!({
        "first_name": first, "last_name": last, "business_name": "Harbor Rowing Club",
        "address1": "12 Quay St", "city": "Portland", "state": "ME", "zip": "04101", "country": "US",
    })
}
