//! Quota policies as data: windows over scopes, compiled into the meters a request must pass.

use std::collections::BTreeMap;

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use super::calendar::{CalendarPeriod, CalendarRule, Zone};
use crate::error::{Error, Result};
use crate::time::parse_duration_ms;

/// What the policy needs to know about a request: its endpoint group and HTTP method.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RequestKind {
    /// Endpoint group, e.g. `crm` or `orders` (Syncore), `api` (Synq, Salync).
    pub group: String,
    /// HTTP method in upper case.
    pub method: String,
}

impl RequestKind {
    /// Builds a kind from a group and a method (upper-cased).
    pub fn new(group: &str, method: &str) -> Self {
        RequestKind {
            group: group.to_string(),
            method: method.to_ascii_uppercase(),
        }
    }

    /// Parses `group.METHOD`, as used in workloads such as `{"orders.GET": 5000}`.
    pub fn parse(text: &str) -> Option<Self> {
        let (group, method) = text.rsplit_once('.')?;
        if group.is_empty() || method.is_empty() {
            return None;
        }
        Some(RequestKind::new(group, method))
    }
}

impl std::fmt::Display for RequestKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.group, self.method)
    }
}

/// Whose budget a window counts: the account (API key or partner) or the egress IP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// Shared by everything that uses one account (API key or partner).
    #[default]
    Account,
    /// Shared by every key that leaves from one egress IP (Synq).
    Ip,
}

/// The concrete scope values of one client: which account and which egress IP it spends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes {
    /// Account label: a fingerprint of the key or a partner name; never the key itself.
    pub account: String,
    /// Egress IP label; clients behind one NAT should use the same value.
    pub ip: String,
}

impl Scopes {
    /// Scopes for one account from the default egress.
    pub fn account(account: impl Into<String>) -> Self {
        Scopes {
            account: account.into(),
            ip: "default".into(),
        }
    }

    fn value(&self, kind: ScopeKind) -> &str {
        match kind {
            ScopeKind::Account => &self.account,
            ScopeKind::Ip => &self.ip,
        }
    }
}

/// How the server reports its own view of the budget (headers), so local state can follow it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSignals {
    /// Header carrying the requests left in `remaining_window` (e.g. `X-RateLimit-Remaining`).
    #[serde(default)]
    pub remaining_header: Option<String>,
    /// The window id that the remaining header describes.
    #[serde(default)]
    pub remaining_window: Option<String>,
    /// Header carrying seconds to wait on a 429 (normally `Retry-After`).
    #[serde(default = "default_retry_after")]
    pub retry_after_header: String,
}

fn default_retry_after() -> String {
    "Retry-After".into()
}

/// The `[quota]` table of a provider spec.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaSpec {
    /// The plan used when configuration names none.
    pub default_plan: String,
    /// Server-reported signals.
    #[serde(default)]
    pub server: ServerSignals,
    /// Named plans (Syncore has one; Salync has `growth` and `pro`).
    pub plans: BTreeMap<String, PlanSpec>,
}

/// One plan: the list of windows every request is checked against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSpec {
    /// Free text shown by `quota status`.
    #[serde(default)]
    pub description: Option<String>,
    /// The windows.
    pub windows: Vec<WindowSpec>,
}

/// One window as written in a spec file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowSpec {
    /// Unique id within the plan, e.g. `orders.GET.daily`.
    pub id: String,
    /// Only requests to this endpoint group count (absent: every group).
    #[serde(default)]
    pub group: Option<String>,
    /// Only requests with this method count (absent: every method).
    #[serde(default)]
    pub method: Option<String>,
    /// Whose budget this is.
    #[serde(default)]
    pub scope: ScopeKind,
    /// `rate` (sliding log) or `calendar` (day or month with a wall-clock reset).
    pub kind: String,
    /// Requests allowed per period.
    pub limit: u64,
    /// `1m`, `30s`… for rate windows; `day` or `month` for calendar windows.
    pub period: String,
    /// Calendar windows: every reading of the reset zone; the window is spent if any reading is.
    #[serde(default)]
    pub zones: Vec<String>,
    /// Calendar windows: local reset time, `00:00` by default.
    #[serde(default)]
    pub reset: Option<String>,
    /// Calendar windows: the slower rate allowed once the period's limit is spent.
    #[serde(default)]
    pub overage: Option<OverageSpec>,
    /// Why the window looks the way it does (shown in docs, ignored by the engine).
    #[serde(default)]
    pub note: Option<String>,
}

/// The slower pace that applies once a calendar window is spent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverageSpec {
    /// Requests allowed per `period` while in overage.
    pub limit: u64,
    /// Length of the overage rate window, e.g. `1m`.
    pub period: String,
}

/// A compiled window.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    /// Unique id within the policy.
    pub id: String,
    /// Group filter.
    pub group: Option<String>,
    /// Method filter.
    pub method: Option<String>,
    /// Whose budget.
    pub scope: ScopeKind,
    /// Requests per period.
    pub limit: u64,
    /// Rate or calendar.
    pub kind: WindowKind,
}

/// The two shapes of window.
#[derive(Clone, Debug, PartialEq)]
pub enum WindowKind {
    /// At most `limit` requests in any closed interval of `period_ms`.
    Rate {
        /// Window length.
        period_ms: i64,
    },
    /// At most `limit` per calendar period under every reading in `rules`.
    Calendar {
        /// One rule per zone reading (same period and reset time).
        rules: Vec<CalendarRule>,
        /// Pace once spent; `None` means a hard stop until the reset.
        overage: Option<Overage>,
    },
}

/// A compiled overage pace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overage {
    /// Requests per period while in overage.
    pub limit: u64,
    /// Period length in milliseconds.
    pub period_ms: i64,
}

impl Window {
    /// Whether a request of `kind` counts in this window.
    pub fn applies_to(&self, kind: &RequestKind) -> bool {
        self.group.as_deref().is_none_or(|g| g == kind.group)
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(&kind.method))
    }

    /// Whether the window targets specific requests (a group or a method) rather than all.
    pub fn is_specific(&self) -> bool {
        self.group.is_some() || self.method.is_some()
    }

    /// `rate`, `daily` or `monthly`, for status tables.
    pub fn label(&self) -> &'static str {
        match &self.kind {
            WindowKind::Rate { .. } => "rate",
            WindowKind::Calendar { rules, .. } => match rules.first().map(|r| r.period) {
                Some(CalendarPeriod::Month) => "monthly",
                _ => "daily",
            },
        }
    }
}

/// A provider's compiled quota policy for one plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// Provider name, the first part of every ledger key.
    pub provider: String,
    /// Plan name.
    pub plan: String,
    /// Windows in spec order.
    pub windows: Vec<Window>,
    /// Added to every rate and overage period: requests reserved one window apart may arrive
    /// closer together after network delays, and the server counts arrivals.
    pub margin_ms: i64,
    /// Server-reported signals.
    pub server: ServerSignals,
}

/// What one meter of a plan measures.
#[derive(Clone, Debug, PartialEq)]
pub enum MeterRule {
    /// A sliding log; `limit: None` records without checking (an overage log).
    Log {
        /// Entries allowed in any closed interval of `period_ms`.
        limit: Option<u64>,
        /// Window length.
        period_ms: i64,
    },
    /// A calendar counter under one zone reading.
    Count {
        /// Requests per period before overage (or exhaustion).
        limit: u64,
        /// Period boundaries.
        calendar: CalendarRule,
        /// Overage pace and the index of the log meter that measures it.
        overage: Option<(Overage, usize)>,
    },
}

/// One meter: a ledger key plus the rule that guards it.
#[derive(Clone, Debug, PartialEq)]
pub struct Meter {
    /// Ledger key: `provider:scope:window[@zone|#overage]`.
    pub key: String,
    /// The window this meter belongs to.
    pub window: String,
    /// Human-readable scope, e.g. `account key-3f2a…`.
    pub scope: String,
    /// Whether the window targets this request kind specifically (used for 429 corrections).
    pub specific: bool,
    /// What is measured.
    pub rule: MeterRule,
}

/// Every meter one request must pass, all or nothing.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct MeterPlan {
    /// The meters, in policy order.
    pub meters: Vec<Meter>,
}

impl Policy {
    /// Compiles `spec`'s plan `plan` (or its default) for `provider`.
    pub fn compile(provider: &str, spec: &QuotaSpec, plan: Option<&str>) -> Result<Policy> {
        let plan_name = plan.unwrap_or(&spec.default_plan);
        let plan_spec = spec.plans.get(plan_name).ok_or_else(|| {
            Error::config(
                "unknown_plan",
                format!(
                    "{provider} has no quota plan {plan_name:?}; known plans: {}",
                    spec.plans.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        let mut windows = Vec::with_capacity(plan_spec.windows.len());
        for w in &plan_spec.windows {
            if windows.iter().any(|x: &Window| x.id == w.id) {
                return Err(bad_window(&w.id, "duplicate window id"));
            }
            windows.push(compile_window(w)?);
        }
        if let Some(id) = &spec.server.remaining_window
            && !windows.iter().any(|w| &w.id == id)
        {
            return Err(Error::config(
                "invalid_spec",
                format!("quota.server.remaining_window names unknown window {id:?}"),
            ));
        }
        Ok(Policy {
            provider: provider.to_string(),
            plan: plan_name.to_string(),
            windows,
            margin_ms: 0,
            server: spec.server.clone(),
        })
    }

    /// This policy with `margin` added to every rate and overage period.
    pub fn with_margin(mut self, margin: std::time::Duration) -> Policy {
        self.margin_ms = i64::try_from(margin.as_millis()).unwrap_or(i64::MAX);
        self
    }

    /// The meters a request of `kind` must pass, keyed for `scopes`.
    pub fn plan(&self, kind: &RequestKind, scopes: &Scopes) -> MeterPlan {
        self.plan_where(scopes, |w| w.applies_to(kind))
    }

    /// The meters of every window, for status displays.
    pub fn full_plan(&self, scopes: &Scopes) -> MeterPlan {
        self.plan_where(scopes, |_| true)
    }

    fn plan_where(&self, scopes: &Scopes, include: impl Fn(&Window) -> bool) -> MeterPlan {
        let mut meters = Vec::new();
        // Rate logs added so far (meter index, window): an overage pace over the same requests
        // and the same period reads the rate window's log instead of keeping a second one.
        let mut rate_logs: Vec<(usize, &Window)> = Vec::new();
        for w in self.windows.iter().filter(|w| include(w)) {
            let scope_value = scopes.value(w.scope);
            let base = format!("{}:{}:{}", self.provider, scope_value, w.id);
            let scope = match w.scope {
                ScopeKind::Account => format!("account {scope_value}"),
                ScopeKind::Ip => format!("ip {scope_value}"),
            };
            let specific = w.is_specific();
            match &w.kind {
                WindowKind::Rate { period_ms } => {
                    rate_logs.push((meters.len(), w));
                    meters.push(Meter {
                        key: base,
                        window: w.id.clone(),
                        scope,
                        specific,
                        rule: MeterRule::Log {
                            limit: Some(w.limit),
                            period_ms: *period_ms + self.margin_ms,
                        },
                    })
                }
                WindowKind::Calendar { rules, overage } => {
                    let overage_idx = overage.map(|o| {
                        let o = Overage {
                            period_ms: o.period_ms + self.margin_ms,
                            ..o
                        };
                        let shared = rate_logs.iter().find(|(_, r)| {
                            r.group == w.group
                                && r.method == w.method
                                && r.scope == w.scope
                                && matches!(r.kind, WindowKind::Rate { period_ms } if period_ms + self.margin_ms == o.period_ms)
                        });
                        if let Some((idx, _)) = shared {
                            return (o, *idx);
                        }
                        meters.push(Meter {
                            key: format!("{base}#overage"),
                            window: w.id.clone(),
                            scope: scope.clone(),
                            specific,
                            rule: MeterRule::Log {
                                limit: None,
                                period_ms: o.period_ms,
                            },
                        });
                        (o, meters.len() - 1)
                    });
                    for rule in rules {
                        meters.push(Meter {
                            key: format!("{base}@{}", rule.zone),
                            window: w.id.clone(),
                            scope: scope.clone(),
                            specific,
                            rule: MeterRule::Count {
                                limit: w.limit,
                                calendar: *rule,
                                overage: overage_idx,
                            },
                        });
                    }
                }
            }
        }
        MeterPlan { meters }
    }

    /// The window with `id`.
    pub fn window(&self, id: &str) -> Option<&Window> {
        self.windows.iter().find(|w| w.id == id)
    }
}

fn bad_window(id: &str, why: &str) -> Error {
    Error::config("invalid_spec", format!("quota window {id:?}: {why}"))
}

fn compile_window(w: &WindowSpec) -> Result<Window> {
    if w.limit == 0 {
        return Err(bad_window(&w.id, "limit must be at least 1"));
    }
    let kind = match w.kind.as_str() {
        "rate" => {
            if !w.zones.is_empty() || w.overage.is_some() || w.reset.is_some() {
                return Err(bad_window(
                    &w.id,
                    "zones, reset and overage only apply to calendar windows",
                ));
            }
            let period_ms = parse_duration_ms(&w.period).ok_or_else(|| {
                bad_window(&w.id, "rate period must be a duration like 1m or 30s")
            })?;
            WindowKind::Rate { period_ms }
        }
        "calendar" => {
            let period = match w.period.as_str() {
                "day" => CalendarPeriod::Day,
                "month" => CalendarPeriod::Month,
                _ => return Err(bad_window(&w.id, "calendar period must be day or month")),
            };
            let reset = match &w.reset {
                Some(text) => NaiveTime::parse_from_str(text, "%H:%M")
                    .map_err(|_| bad_window(&w.id, "reset must be HH:MM"))?,
                None => NaiveTime::MIN,
            };
            if w.zones.is_empty() {
                return Err(bad_window(&w.id, "calendar windows need at least one zone"));
            }
            let mut rules = Vec::new();
            for z in &w.zones {
                let zone: Zone = z.parse().map_err(|e: String| bad_window(&w.id, &e))?;
                rules.push(CalendarRule {
                    period,
                    zone,
                    reset,
                });
            }
            let overage = match &w.overage {
                Some(o) if o.limit == 0 => {
                    return Err(bad_window(&w.id, "overage limit must be at least 1"));
                }
                Some(o) => Some(Overage {
                    limit: o.limit,
                    period_ms: parse_duration_ms(&o.period).ok_or_else(|| {
                        bad_window(&w.id, "overage period must be a duration like 1m")
                    })?,
                }),
                None => None,
            };
            WindowKind::Calendar { rules, overage }
        }
        other => {
            return Err(bad_window(
                &w.id,
                &format!("unknown kind {other:?} (rate or calendar)"),
            ));
        }
    };
    Ok(Window {
        id: w.id.clone(),
        group: w.group.clone(),
        method: w.method.as_ref().map(|m| m.to_ascii_uppercase()),
        scope: w.scope,
        limit: w.limit,
        kind,
    })
}
