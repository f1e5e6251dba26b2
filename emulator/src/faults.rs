//! Fault injection: the failures a client must survive (a write committed but never answered,
//! 5xx, slow answers, silently short pages), applied to the next matching requests.

use std::time::Duration;

use serde_json::{Value, json};

/// What goes wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// Perform the request (commit a write), then close the connection without any response.
    DropAfterCommit,
    /// Close the connection without doing anything.
    DropBeforeCommit,
    /// Answer this status with a small JSON body, without doing anything.
    Status(u16),
    /// Wait this long in real time, then handle the request normally.
    Delay(Duration),
    /// Paged lists return at most this many records per page while reporting the true total
    /// and linking onward (a short page that is not the last).
    ClampPage(u32),
}

/// A fault that applies to the next `times` requests matching its filters (and passing auth).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// What goes wrong.
    pub kind: FaultKind,
    /// How many matching requests it still applies to.
    pub times: u32,
    /// Only requests with this method (any case); `None` matches all.
    pub method: Option<String>,
    /// Only requests whose path contains this text; `None` matches all.
    pub path_contains: Option<String>,
}

impl Fault {
    /// A fault for the next matching request.
    pub fn new(kind: FaultKind) -> Fault {
        Fault {
            kind,
            times: 1,
            method: None,
            path_contains: None,
        }
    }

    /// Applies to the next `n` matching requests.
    pub fn times(mut self, n: u32) -> Fault {
        self.times = n;
        self
    }

    /// Only requests with `method`.
    pub fn method(mut self, method: &str) -> Fault {
        self.method = Some(method.to_string());
        self
    }

    /// Only requests whose path contains `text`.
    pub fn path_contains(mut self, text: &str) -> Fault {
        self.path_contains = Some(text.to_string());
        self
    }

    fn matches(&self, method: &str, path: &str, paged_list: bool) -> bool {
        // A clamp only means something to a paged list; elsewhere it must not be used up.
        if matches!(self.kind, FaultKind::ClampPage(_)) && !paged_list {
            return false;
        }
        self.times > 0
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| path.contains(p))
    }

    /// Reads the admin JSON form: `{"kind": "status", "status": 503, "times": 2, ...}`.
    pub fn from_json(v: &Value) -> Result<Fault, String> {
        let kind_name = v
            .get("kind")
            .and_then(Value::as_str)
            .ok_or("kind is required")?;
        let num = |key: &str| v.get(key).and_then(Value::as_u64);
        let kind = match kind_name {
            "drop_after_commit" => FaultKind::DropAfterCommit,
            "drop_before_commit" => FaultKind::DropBeforeCommit,
            "status" => {
                let s = num("status").ok_or("status faults need \"status\"")?;
                FaultKind::Status(
                    u16::try_from(s)
                        .ok()
                        .filter(|s| (100..600).contains(s))
                        .ok_or("status must be 100..599")?,
                )
            }
            "delay" => FaultKind::Delay(Duration::from_millis(
                num("delay_ms").ok_or("delay faults need \"delay_ms\"")?,
            )),
            "clamp_page" => FaultKind::ClampPage(
                num("page_size")
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| *n > 0)
                    .ok_or("clamp_page faults need a positive \"page_size\"")?,
            ),
            other => return Err(format!("unknown fault kind {other:?}")),
        };
        let text = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        Ok(Fault {
            kind,
            times: num("times").map_or(1, |n| u32::try_from(n).unwrap_or(u32::MAX)),
            method: text("method"),
            path_contains: text("path_contains"),
        })
    }

    /// The admin JSON form.
    pub fn to_json(&self) -> Value {
        let mut v = match &self.kind {
            FaultKind::DropAfterCommit => json!({"kind": "drop_after_commit"}),
            FaultKind::DropBeforeCommit => json!({"kind": "drop_before_commit"}),
            FaultKind::Status(s) => json!({"kind": "status", "status": s}),
            FaultKind::Delay(d) => json!({"kind": "delay", "delay_ms": d.as_millis() as u64}),
            FaultKind::ClampPage(n) => json!({"kind": "clamp_page", "page_size": n}),
        };
        v["times"] = json!(self.times);
        v["method"] = json!(self.method);
        v["path_contains"] = json!(self.path_contains);
        v
    }
}

/// Faults in injection order.
#[derive(Debug, Default)]
pub struct FaultQueue {
    faults: Vec<Fault>,
}

impl FaultQueue {
    /// Adds a fault after the existing ones.
    pub fn push(&mut self, fault: Fault) {
        if fault.times > 0 {
            self.faults.push(fault);
        }
    }

    /// Removes every fault.
    pub fn clear(&mut self) {
        self.faults.clear();
    }

    /// The pending faults.
    pub fn list(&self) -> Vec<Fault> {
        self.faults.clone()
    }

    /// The first fault matching the request, used up once.
    pub fn take(&mut self, method: &str, path: &str, paged_list: bool) -> Option<FaultKind> {
        let i = self
            .faults
            .iter()
            .position(|f| f.matches(method, path, paged_list))?;
        let kind = self.faults[i].kind.clone();
        self.faults[i].times -= 1;
        if self.faults[i].times == 0 {
            self.faults.remove(i);
        }
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_matching_fault_is_used_up() {
        let mut q = FaultQueue::default();
        q.push(Fault::new(FaultKind::Status(503)).method("POST").times(2));
        q.push(Fault::new(FaultKind::DropBeforeCommit));
        q.push(Fault::new(FaultKind::ClampPage(3)));
        assert_eq!(
            q.take("GET", "/v2/orders/jobs/1", false),
            Some(FaultKind::DropBeforeCommit)
        );
        assert_eq!(q.take("GET", "/v2/orders/jobs/1", false), None);
        assert_eq!(q.take("post", "/x", false), Some(FaultKind::Status(503)));
        assert_eq!(q.take("POST", "/x", true), Some(FaultKind::Status(503)));
        assert_eq!(q.take("POST", "/x", true), Some(FaultKind::ClampPage(3)));
        assert!(q.list().is_empty());
    }

    #[test]
    fn json_round_trip() {
        let f = Fault::from_json(&json!({"kind": "delay", "delay_ms": 250, "times": 3,
                                         "path_contains": "/jobs"}))
        .unwrap();
        assert_eq!(f.kind, FaultKind::Delay(Duration::from_millis(250)));
        assert_eq!(Fault::from_json(&f.to_json()).unwrap(), f);
        assert!(Fault::from_json(&json!({"kind": "status"})).is_err());
    }
}
