//! A provider bound to a client configuration: it validates input, builds requests and
//! prepares calls and list walks. Everything a driver needs except the secret and the clock.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use url::{Host, Url};

use crate::call::{Call, CallParts, RetryPolicy, WaitPolicy};
use crate::envelope::{ListPage, decode_list_at};
use crate::error::{Error, FieldError, Result};
use crate::http::{Request, Response};
use crate::paging::{PageRequest, Pager, PagerPosition};
use crate::quota::calendar::{Zone, local_date};
use crate::quota::{
    Forecast, ForecastOptions, LedgerExport, MeterPlan, Policy, RequestKind, Scopes, forecast_from,
};
use crate::spec::{AuthSpec, EndpointSpec, ProviderSpec};
use crate::time::Timestamp;
use crate::validate::{check_body, check_params, check_path, scalar_text};

/// Client configuration shared by every binding (names are the contract).
#[derive(Clone, Debug, Default)]
pub struct ClientConfig {
    /// API base URL; the provider's default when `None`.
    pub base_url: Option<String>,
    /// The integration's registered User-Agent (Syncore requires one).
    pub user_agent: Option<String>,
    /// Quota account label; defaults to a fingerprint of the key (never the key itself).
    pub account: Option<String>,
    /// Egress IP label for per-IP windows (Synq); clients behind one NAT share a value.
    pub egress_ip: Option<String>,
    /// Quota plan (Salync: `growth` or `pro`).
    pub plan: Option<String>,
    /// Values for the provider's configuration headers, by config key (`tenant_id`, `org_id`).
    pub header_values: BTreeMap<String, String>,
    /// Allow plain HTTP to hosts other than loopback. Only for testing against a trusted
    /// network: it sends the credential unencrypted.
    pub dangerously_allow_insecure_http: bool,
    /// Records per page for paged lists (the provider's default when `None`).
    pub page_size: Option<u64>,
    /// Retry policy for idempotent calls.
    pub retry: RetryPolicy,
    /// How long calls may wait for quota.
    pub wait: WaitPolicy,
    /// Safety margin added to rate windows for network delay ([`DEFAULT_RATE_MARGIN`] when `None`).
    pub rate_margin: Option<std::time::Duration>,
    /// Refresh the credential once when the server answers 401 (set with a token provider).
    pub refresh_auth_on_401: bool,
}

/// Requests reserved one rate window apart may arrive closer together when the first is
/// delayed in the network; a quarter second absorbs ordinary latency jitter at a cost of under
/// half a percent of throughput on one-minute windows.
pub const DEFAULT_RATE_MARGIN: std::time::Duration = std::time::Duration::from_millis(250);

/// Path, query and body arguments of one call.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args {
    /// Path parameters by placeholder name (`job_id`…).
    pub path: Map<String, Value>,
    /// Query parameters.
    pub query: Map<String, Value>,
    /// JSON body for writes.
    pub body: Option<Value>,
}

impl Args {
    /// No arguments.
    pub fn new() -> Self {
        Args::default()
    }

    /// Adds a path parameter.
    pub fn path(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.path.insert(name.to_string(), value.into());
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.query.insert(name.to_string(), value.into());
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
}

/// A short, stable label for a credential: `key-` and 12 hex digits of its SHA-256.
/// It names the quota account in ledgers without storing the key.
pub fn key_fingerprint(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("key-{hex}")
}

/// Whether `url`'s host is a loopback address (plain HTTP is allowed there: the emulator).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Checks a base URL: HTTPS, or HTTP on loopback, or HTTP with the explicit opt-out.
pub fn check_base_url(text: &str, allow_insecure: bool) -> Result<Url> {
    let url = Url::parse(text.trim()).map_err(|e| {
        Error::config(
            "invalid_base_url",
            format!("base URL {text:?} is not a URL: {e}"),
        )
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            "invalid_base_url",
            "the base URL must not contain credentials",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            "invalid_base_url",
            "the base URL must not have a query or fragment",
        ));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) || allow_insecure => Ok(url),
        "http" => Err(Error::config(
            "insecure_url",
            format!(
                "refusing plain HTTP to {}: credentials must travel over HTTPS (HTTP is allowed only to loopback addresses, or with dangerously_allow_insecure_http)",
                url.host_str().unwrap_or("?")
            ),
        )),
        other => Err(Error::config(
            "invalid_base_url",
            format!("unsupported URL scheme {other:?}"),
        )),
    }
}

fn check_user_agent(ua: &str) -> Result<()> {
    if ua.trim().is_empty() || ua.len() > 256 || !ua.chars().all(|c| (' '..='~').contains(&c)) {
        return Err(Error::config(
            "invalid_user_agent",
            "the User-Agent must be 1 to 256 printable ASCII characters (no line breaks)",
        ));
    }
    Ok(())
}

/// A provider bound to a configuration.
pub struct Api {
    spec: ProviderSpec,
    policy: Policy,
    base: Url,
    user_agent: Option<String>,
    scopes: Scopes,
    config: ClientConfig,
    history_zone: Zone,
    calls: AtomicU64,
    /// The meters of every request kind of the spec, built once.
    plans: HashMap<RequestKind, Arc<MeterPlan>>,
    /// Per-client part of the jitter seed.
    seed: u64,
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api")
            .field("provider", &self.spec.name)
            .field("base_url", &self.base.as_str())
            .field("user_agent", &self.user_agent)
            .field("account", &self.scopes.account)
            .field("plan", &self.policy.plan)
            .finish()
    }
}

impl Api {
    /// Binds `spec` to `config`. `key_fingerprint` (see [`key_fingerprint`]) names the quota
    /// account when the configuration does not.
    pub fn new(
        spec: ProviderSpec,
        config: ClientConfig,
        key_fingerprint: Option<String>,
    ) -> Result<Api> {
        let base_text = config
            .base_url
            .clone()
            .or_else(|| spec.base_url.clone())
            .ok_or_else(|| {
                Error::config(
                    "missing_base_url",
                    format!(
                        "{} needs a base URL in the configuration",
                        spec.display_name
                    ),
                )
            })?;
        let base = check_base_url(&base_text, config.dangerously_allow_insecure_http)?;
        let user_agent = match config.user_agent.as_deref().map(str::trim) {
            Some(ua) if !ua.is_empty() => {
                check_user_agent(ua)?;
                Some(ua.to_string())
            }
            _ if spec.user_agent.required => {
                return Err(Error::config(
                    "missing_user_agent",
                    format!(
                        "{} requires your integration's registered User-Agent on every request (set user_agent). {}",
                        spec.display_name,
                        spec.user_agent.note.clone().unwrap_or_default()
                    ),
                ));
            }
            _ => None,
        };
        for h in &spec.config_headers {
            if config
                .header_values
                .get(&h.config_key)
                .is_none_or(|v| v.trim().is_empty())
            {
                return Err(Error::config(
                    "missing_config",
                    format!(
                        "{} requires {} (sent as the {} header)",
                        spec.display_name, h.config_key, h.header
                    ),
                ));
            }
        }
        let account = config
            .account
            .clone()
            .or(if spec.account_from_key {
                key_fingerprint
            } else {
                None
            })
            .unwrap_or_else(|| "default".into());
        let scopes = Scopes {
            account,
            ip: config.egress_ip.clone().unwrap_or_else(|| "default".into()),
        };
        let policy = spec
            .policy(config.plan.as_deref())?
            .with_margin(config.rate_margin.unwrap_or(DEFAULT_RATE_MARGIN));
        let history_zone = match &spec.limits.history_zone {
            Some(z) => z
                .parse()
                .map_err(|e: String| Error::config("invalid_spec", e))?,
            None => Zone::utc(),
        };
        let plans = spec
            .endpoints
            .iter()
            .map(Api::kind_of)
            .map(|k| {
                let plan = Arc::new(policy.plan(&k, &scopes));
                (k, plan)
            })
            .collect();
        let seed = Sha256::digest(scopes.account.as_bytes())
            .iter()
            .take(8)
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        Ok(Api {
            spec,
            policy,
            base,
            user_agent,
            scopes,
            config,
            history_zone,
            calls: AtomicU64::new(0),
            plans,
            seed,
        })
    }

    /// The provider spec.
    pub fn spec(&self) -> &ProviderSpec {
        &self.spec
    }

    /// The compiled quota policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The quota scopes of this client.
    pub fn scopes(&self) -> &Scopes {
        &self.scopes
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// How the transport must attach the credential.
    pub fn auth(&self) -> &AuthSpec {
        &self.spec.auth
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The provider's calendar date at `now`, for history-window checks.
    pub fn today(&self, now: Timestamp) -> NaiveDate {
        local_date(&self.history_zone, now)
    }

    /// The quota kind of an endpoint.
    pub fn kind_of(ep: &EndpointSpec) -> RequestKind {
        RequestKind::new(&ep.group, &ep.method)
    }

    /// Validates everything about a call without building it; all problems at once.
    pub fn validate(&self, endpoint: &str, args: &Args, now: Timestamp) -> Result<()> {
        let ep = self.spec.endpoint(endpoint)?;
        let mut errors = check_path(&self.spec, ep, &args.path);
        errors.extend(check_params(&self.spec, ep, &args.query, self.today(now)));
        match (&ep.body, &args.body) {
            (Some(schema), Some(body)) => errors.extend(check_body(&self.spec, schema, body)),
            (Some(_), None) => errors.push(FieldError::new(
                "body",
                "required",
                format!("{endpoint} needs a body"),
            )),
            (None, Some(_)) => errors.push(FieldError::new(
                "body",
                "unexpected",
                format!("{endpoint} takes no body"),
            )),
            (None, None) => {}
        }
        if let (Some(max), Some(body)) = (self.spec.limits.max_body_bytes, &args.body) {
            let size = serde_json::to_vec(body)
                .map(|b| b.len() as u64)
                .unwrap_or(0);
            if size > max {
                errors.push(FieldError::new(
                    "body",
                    "max_size",
                    format!(
                        "the body is {size} bytes; {} refuses bodies over {max} bytes",
                        self.spec.display_name
                    ),
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(errors))
        }
    }

    /// Validates and prepares one call. On a paged endpoint this is the first page only;
    /// use [`Api::list`] to walk every page.
    pub fn prepare(&self, endpoint: &str, args: &Args, now: Timestamp) -> Result<Call> {
        self.validate(endpoint, args, now)?;
        let ep = self.spec.endpoint(endpoint)?;
        let mut url = self.endpoint_url(ep, args)?;
        if let Some(style) = ep.paging.as_ref().and_then(|p| self.spec.paging.get(p)) {
            let pager = Pager::new(Some(style), ep.list_cap, self.config.page_size)?;
            if let Some(PageRequest::Query(q)) = pager.next_request() {
                url.query_pairs_mut().extend_pairs(q);
            }
        }
        let body = args
            .body
            .as_ref()
            .map(|b| serde_json::to_vec(b).unwrap_or_default());
        let keyed = ep.idempotency_key.as_ref().is_some_and(|k| {
            args.body
                .as_ref()
                .and_then(|b| b.get(k))
                .is_some_and(|v| !v.is_null())
        });
        Ok(self.call_for(ep, url.to_string(), body, now, keyed))
    }

    /// Validates and starts a walk over every page of a list endpoint.
    pub fn list(&self, endpoint: &str, args: &Args, now: Timestamp) -> Result<ListWalk> {
        self.list_from(endpoint, args, None, now)
    }

    /// Like [`Api::list`], continuing from a saved position.
    pub fn list_from(
        &self,
        endpoint: &str,
        args: &Args,
        position: Option<PagerPosition>,
        now: Timestamp,
    ) -> Result<ListWalk> {
        self.validate(endpoint, args, now)?;
        let ep = self.spec.endpoint(endpoint)?;
        if ep.method != "GET" {
            return Err(Error::config(
                "not_a_list",
                format!("{endpoint} is not a list endpoint"),
            ));
        }
        let style = ep.paging.as_ref().and_then(|p| self.spec.paging.get(p));
        let pager = match position {
            Some(pos) => Pager::resume(style, ep.list_cap, self.config.page_size, pos)?,
            None => Pager::new(style, ep.list_cap, self.config.page_size)?,
        };
        Ok(ListWalk {
            endpoint: ep.name.clone(),
            url: self.endpoint_url(ep, args)?,
            pager,
        })
    }

    /// Resolves a `links.next` value against the base URL; `None` for other origins.
    pub fn accept_link(&self, link: &str) -> Option<String> {
        let resolved = self.base.join(link).ok()?;
        let same = resolved.scheme() == self.base.scheme()
            && resolved.host_str() == self.base.host_str()
            && resolved.port_or_known_default() == self.base.port_or_known_default();
        same.then(|| resolved.to_string())
    }

    /// The request kinds (`group.METHOD`) this provider's endpoints make, sorted.
    pub fn request_kinds(&self) -> Vec<RequestKind> {
        let mut kinds: Vec<RequestKind> = self.spec.endpoints.iter().map(Api::kind_of).collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// The meters of every quota window of this client: the driver reads their state from its
    /// ledger (`ledger.usage(&plan, now)`) for a quota status.
    pub fn status_plan(&self) -> MeterPlan {
        self.policy.full_plan(&self.scopes)
    }

    /// The meters a forecast of `workload` reads (checking that this provider makes each kind
    /// of request): the driver exports them from its ledger (`ledger.export(&plans, now)`) and
    /// hands the export to [`Api::forecast`].
    pub fn forecast_plans(&self, workload: &[(RequestKind, u64)]) -> Result<Vec<MeterPlan>> {
        let known = self.request_kinds();
        if let Some((unknown, _)) = workload.iter().find(|(k, _)| !known.contains(k)) {
            let names: Vec<String> = known.iter().map(ToString::to_string).collect();
            return Err(Error::invalid_field(
                &unknown.to_string(),
                "unknown_request_kind",
                format!(
                    "{} makes no {unknown} requests; known kinds: {}",
                    self.spec.display_name,
                    names.join(", ")
                ),
            ));
        }
        Ok(workload
            .iter()
            .map(|(k, _)| self.policy.plan(k, &self.scopes))
            .collect())
    }

    /// Forecasts a workload from a ledger's exported state (`forecast_plans` says what to
    /// export); nothing is spent.
    pub fn forecast(
        &self,
        state: &LedgerExport,
        workload: &[(RequestKind, u64)],
        now: Timestamp,
        options: ForecastOptions,
    ) -> Result<Forecast> {
        self.forecast_plans(workload)?;
        forecast_from(&self.policy, &self.scopes, state, workload, now, options)
    }

    fn endpoint_url(&self, ep: &EndpointSpec, args: &Args) -> Result<Url> {
        let mut path = String::new();
        let mut rest = ep.path.as_str();
        while let Some(open) = rest.find('{') {
            let close = open + rest[open..].find('}').unwrap_or(rest.len() - open);
            path.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            let value = match self.spec.settings.get(name) {
                Some(v) => v.clone(),
                None => args
                    .path
                    .get(name)
                    .and_then(scalar_text)
                    .unwrap_or_default(),
            };
            // `.` and `..` are unreserved, so encoding leaves them, and URL normalization
            // would then climb out of the endpoint (`--variant-id ..` archiving the product).
            if matches!(value.as_str(), "" | "." | "..") {
                return Err(Error::invalid_field(
                    name,
                    "path_segment",
                    format!(
                        "{}: {name} {value:?} is not a usable path segment (empty, \".\" and \"..\" would change the endpoint)",
                        ep.name
                    ),
                ));
            }
            path.push_str(&percent_encode_segment(&value));
            rest = rest.get(close + 1..).unwrap_or("");
        }
        path.push_str(rest);
        let mut url = self.base.clone();
        let joined = format!("{}{}", self.base.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        let pairs: Vec<(String, String)> = args
            .query
            .iter()
            .filter_map(|(k, v)| scalar_text(v).map(|t| (k.clone(), t)))
            .collect();
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        Ok(url)
    }

    fn call_for(
        &self,
        ep: &EndpointSpec,
        url: String,
        body: Option<Vec<u8>>,
        now: Timestamp,
        idempotency_keyed: bool,
    ) -> Call {
        let mut headers: Vec<(String, String)> = Vec::new();
        if let Some(ua) = &self.user_agent {
            headers.push(("User-Agent".into(), ua.clone()));
        }
        for (k, v) in &self.spec.headers {
            headers.push((k.clone(), v.clone()));
        }
        for h in &self.spec.config_headers {
            if let Some(v) = self.config.header_values.get(&h.config_key) {
                headers.push((h.header.clone(), v.clone()));
            }
        }
        if body.is_some() {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        let n = self.calls.fetch_add(1, Ordering::Relaxed);
        // Jitter only needs different clients and calls to differ, not secrecy.
        let seed = self.seed
            ^ (now.as_millis() as u64).rotate_left(17)
            ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let kind = Api::kind_of(ep);
        Call::from_parts(CallParts {
            endpoint: ep.name.clone(),
            plan: self
                .plans
                .get(&kind)
                .cloned()
                .unwrap_or_else(|| Arc::new(self.policy.plan(&kind, &self.scopes))),
            kind,
            // A create carrying its idempotency key may be repeated: the server deduplicates it.
            idempotent: ep.is_idempotent() || idempotency_keyed,
            request: Request {
                method: ep.method.clone(),
                url,
                headers,
                body,
            },
            retry: self.config.retry,
            wait: self.config.wait,
            signals: self.policy.server.clone(),
            errors: self.spec.errors.clone(),
            seed,
            refresh_auth: self.config.refresh_auth_on_401,
        })
    }
}

fn percent_encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A walk over every page of a list: ask for the next call, drive it, hand back the response.
#[derive(Debug)]
pub struct ListWalk {
    endpoint: String,
    url: Url,
    pager: Pager,
}

impl ListWalk {
    /// The call for the next page, or `None` when the list is complete.
    pub fn next_call(&mut self, api: &Api, now: Timestamp) -> Option<Call> {
        let ep = api.spec.endpoint(&self.endpoint).ok()?;
        let url = match self.pager.next_request()? {
            PageRequest::Link(link) => link,
            PageRequest::Query(q) => {
                let mut url = self.url.clone();
                if !q.is_empty() {
                    url.query_pairs_mut().extend_pairs(q);
                }
                url.to_string()
            }
        };
        Some(api.call_for(ep, url, None, now, false))
    }

    /// Decodes the page a call returned and advances the walk.
    pub fn consume(&mut self, api: &Api, response: &Response) -> Result<ListPage> {
        let ep = api.spec.endpoint(&self.endpoint)?;
        let style = ep.paging.as_ref().and_then(|p| api.spec.paging.get(p));
        let total = style
            .and_then(|s| s.total_key.as_deref())
            .unwrap_or("total_results");
        let next = style
            .and_then(|s| s.next_link.as_deref())
            .unwrap_or("links.next");
        let mut page = decode_list_at(
            &response.body,
            ep.envelope.as_deref(),
            &ep.envelope_aliases,
            total,
            next,
        )?;
        // A next link is followed only on this endpoint: one to another path (another quota
        // group, another resource) would spend the wrong budget on the wrong records.
        let own_path = self.url.path().to_string();
        if let Some(link) = page.links.next.as_deref()
            && let Some(resolved) = api.accept_link(link)
            && Url::parse(&resolved).is_ok_and(|u| u.path() != own_path)
        {
            return Err(Error::new(
                crate::error::ErrorKind::Api,
                "paging_cycle",
                format!(
                    "{}: links.next leads to another endpoint ({resolved}, not {own_path}); refused, not followed",
                    self.endpoint
                ),
            ));
        }
        self.pager
            .consume(&mut page, |link| {
                api.accept_link(link)
                    .filter(|l| Url::parse(l).is_ok_and(|u| u.path() == own_path))
            })
            .map_err(|mut e| {
                e.message = format!("{}: {}", self.endpoint, e.message);
                e
            })?;
        Ok(page)
    }

    /// Where the walk stands (save it to resume).
    pub fn position(&self) -> &PagerPosition {
        self.pager.position()
    }

    /// Whether every page has been read.
    pub fn is_done(&self) -> bool {
        self.pager.is_done()
    }

    /// The endpoint walked.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
}
