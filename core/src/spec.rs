//! Providers are data (DESIGN §3): each provider is a TOML spec embedded at build time and
//! overridable at run time (a path the public docs do not confirm can be fixed by configuration).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::quota::{Policy, QuotaSpec};

/// The providers compiled into this build, with their spec text.
pub const BUILTIN: &[(&str, &str)] = &[
    ("syncore", include_str!("../providers/syncore.toml")),
    ("synq", include_str!("../providers/synq.toml")),
    ("salync", include_str!("../providers/salync.toml")),
];

/// How the credential is attached (by the transport only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSpec {
    /// Header name, e.g. `x-api-key` or `Authorization`.
    pub header: String,
    /// Text before the secret, e.g. `Bearer ` (empty for Syncore).
    #[serde(default)]
    pub prefix: String,
    /// What the caller authenticates with: a long-lived API key, or a bearer token that
    /// expires (then a token provider may be given, asked again after a 401).
    #[serde(default)]
    pub credential: CredentialKind,
}

/// What a provider's credential is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// A long-lived API key (option `api_key`).
    #[default]
    ApiKey,
    /// An expiring bearer token (options `token` or `token_provider`).
    Token,
}

/// Whether the caller must supply a User-Agent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserAgentRule {
    /// Refuse to build any request without one.
    #[serde(default)]
    pub required: bool,
    /// Why (shown in the error).
    #[serde(default)]
    pub note: Option<String>,
}

/// Provider-wide limits enforced locally.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Searches may not reach further back than this many calendar months.
    #[serde(default)]
    pub history_months: Option<u32>,
    /// Zone whose calendar date defines "today" for the history window.
    #[serde(default)]
    pub history_zone: Option<String>,
    /// Request bodies larger than this are refused before sending.
    #[serde(default)]
    pub max_body_bytes: Option<u64>,
    /// Response bodies are read up to this many bytes, then refused (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]): a page of the provider's largest size fits many times.
    #[serde(default)]
    pub max_response_bytes: Option<u64>,
}

/// The most a response body may hold when a spec states no limit: 32 MiB, hundreds of times
/// a full page of any provider, and a bound on what a hostile server can make a client hold.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

impl Limits {
    /// The response-size limit in force.
    pub fn response_limit(&self) -> u64 {
        self.max_response_bytes
            .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES)
    }
}

/// A paging style.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingStyle {
    /// `page_count` (page + size, total and next link) or `limit_offset`.
    pub kind: String,
    /// Page-number parameter (page_count).
    #[serde(default)]
    pub page_param: Option<String>,
    /// Offset parameter (limit_offset).
    #[serde(default)]
    pub offset_param: Option<String>,
    /// Page-size parameter.
    pub size_param: String,
    /// Number of the first page.
    #[serde(default = "one")]
    pub first_page: u64,
    /// Largest page size the server accepts.
    pub max_size: u64,
    /// Page size used when the caller names none.
    pub default_size: u64,
    /// Dotted path of the total count in the envelope.
    #[serde(default)]
    pub total_key: Option<String>,
    /// Dotted path of the next-page link in the envelope.
    #[serde(default)]
    pub next_link: Option<String>,
}

fn one() -> u64 {
    1
}

/// Where an error body keeps its message, code and field errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorShape {
    /// Keys tried in order for a human message.
    #[serde(default)]
    pub message_keys: Vec<String>,
    /// Key of a machine-readable code.
    #[serde(default)]
    pub code_key: Option<String>,
    /// Key of a field-errors object (`{field: [messages]}`).
    #[serde(default)]
    pub field_errors_key: Option<String>,
}

/// A query parameter of an endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    /// Name on the wire.
    pub name: String,
    /// Value type: `date`, `datetime`, `date_or_datetime`, `string`, `integer`, `id`, `uuid`,
    /// `email`, `enum`, `boolean`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the server rejects requests without it.
    #[serde(default)]
    pub required: bool,
    /// Allowed values for `enum`.
    #[serde(default)]
    pub values: Vec<String>,
}

/// One endpoint of a provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointSpec {
    /// `resource.action`, e.g. `jobs.search`.
    pub name: String,
    /// What it does.
    #[serde(default)]
    pub description: String,
    /// HTTP method.
    pub method: String,
    /// Path template: `{x}` is a setting when `settings` has `x`, otherwise a path parameter.
    pub path: String,
    /// Quota group.
    pub group: String,
    /// Envelope key of list responses.
    #[serde(default)]
    pub envelope: Option<String>,
    /// Other spellings of the envelope key seen in the wild.
    #[serde(default)]
    pub envelope_aliases: Vec<String>,
    /// Paging style name (a key of `[paging]`); absent for single-response lists.
    #[serde(default)]
    pub paging: Option<String>,
    /// Largest list the server returns without paging (the list is cut there: `truncated`).
    #[serde(default)]
    pub list_cap: Option<u64>,
    /// Model name of the records returned.
    #[serde(default)]
    pub returns: Option<String>,
    /// Query parameters.
    #[serde(default)]
    pub params: Vec<ParamSpec>,
    /// Path parameter types other than the default `id`.
    #[serde(default)]
    pub path_params: BTreeMap<String, String>,
    /// Pairs of (from, to) parameters that must be ordered.
    #[serde(default)]
    pub date_ranges: Vec<[String; 2]>,
    /// Whether date parameters must lie within the provider's history window.
    #[serde(default)]
    pub history_window: bool,
    /// Body schema name (a key of `[schemas]`).
    #[serde(default)]
    pub body: Option<String>,
    /// List endpoint that finds a created record when a create's outcome is unknown.
    #[serde(default)]
    pub reconcile_with: Option<String>,
    /// Query of the reconcile lookup: parameter → body field to copy, or `@today` /
    /// `@yesterday` (the provider's calendar date).
    #[serde(default)]
    pub reconcile_query: BTreeMap<String, String>,
    /// Whether public material confirms the method and path.
    pub confirmed: bool,
    /// How strong that confirmation is.
    #[serde(default)]
    pub evidence: Option<String>,
    /// `available`, or `announced` (documented but listed as coming soon).
    #[serde(default = "available")]
    pub availability: String,
    /// Whether the server deduplicates retries of this write by an idempotency key.
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

fn available() -> String {
    "available".into()
}

impl EndpointSpec {
    /// `search`, `get`, `create`… (the part after the last dot).
    pub fn action(&self) -> &str {
        self.name
            .rsplit_once('.')
            .map_or(self.name.as_str(), |(_, a)| a)
    }

    /// `jobs`, `sales_orders`… (the part before the last dot).
    pub fn resource(&self) -> &str {
        self.name
            .rsplit_once('.')
            .map_or(self.name.as_str(), |(r, _)| r)
    }

    /// Whether repeating the request cannot change server state.
    /// PUT replaces the whole record, so repeating the same PUT leaves the same state.
    pub fn is_idempotent(&self) -> bool {
        matches!(
            self.method.as_str(),
            "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE"
        )
    }

    /// Names of the `{placeholders}` of the path, in order.
    pub fn placeholders(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = self.path.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            out.push(&rest[open + 1..open + close]);
            rest = &rest[open + close + 1..];
        }
        out
    }

    /// The type of path parameter `name` (`id` unless the spec says otherwise).
    pub fn path_param_type(&self, name: &str) -> &str {
        self.path_params.get(name).map_or("id", String::as_str)
    }
}

/// A validation rule for one field of a body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    /// `string`, `email`, `iso2`, `date`, `datetime`, `integer`, `id`, `uuid`,
    /// `nonneg_integer`, `quantity`, `money`, `number`, `boolean`, `enum`, `object`, `array`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether it must be present and not null.
    #[serde(default)]
    pub required: bool,
    /// Allowed values (`enum`); compared ignoring case, spaces and punctuation.
    #[serde(default)]
    pub values: Vec<String>,
    /// Nested schema (`object`).
    #[serde(default)]
    pub schema: Option<String>,
    /// Schema of each element (`array` of objects).
    #[serde(default)]
    pub items: Option<String>,
    /// Longest allowed string.
    #[serde(default)]
    pub max_len: Option<usize>,
    /// Most elements allowed in an `array`.
    #[serde(default)]
    pub max_items: Option<usize>,
}

/// "`require` must be present when `when` is one of `is_in`".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionalRule {
    /// Dotted path of the field that becomes required.
    pub require: String,
    /// Field whose value triggers the rule.
    pub when: String,
    /// Values that trigger it.
    pub is_in: Vec<String>,
}

/// A body schema.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Why the schema looks the way it does.
    #[serde(default)]
    pub note: Option<String>,
    /// Known fields; others pass through untouched.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldRule>,
    /// Cross-field rules.
    #[serde(default)]
    pub rules: Vec<ConditionalRule>,
}

/// Headers whose values come from client configuration (Synq's tenant and org ids).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigHeader {
    /// Header name.
    pub header: String,
    /// Configuration key that supplies it.
    pub config_key: String,
}

/// A provider's whole spec.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSpec {
    /// Short name, e.g. `syncore`.
    pub name: String,
    /// Name for people.
    pub display_name: String,
    /// Where the official docs live.
    #[serde(default)]
    pub docs: Option<String>,
    /// Default base URL; `None` means configuration must give one.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Whether the quota account defaults to a fingerprint of the key.
    #[serde(default)]
    pub account_from_key: bool,
    /// Credential header.
    pub auth: AuthSpec,
    /// User-Agent rule.
    #[serde(default)]
    pub user_agent: UserAgentRule,
    /// Headers sent on every request.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Headers filled from configuration on every request.
    #[serde(default)]
    pub config_headers: Vec<ConfigHeader>,
    /// Values substituted into path templates.
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
    /// Local limits.
    #[serde(default)]
    pub limits: Limits,
    /// Paging styles by name.
    #[serde(default)]
    pub paging: BTreeMap<String, PagingStyle>,
    /// Error body shape.
    #[serde(default)]
    pub errors: ErrorShape,
    /// Quota policy.
    pub quota: QuotaSpec,
    /// Endpoints.
    #[serde(default)]
    pub endpoints: Vec<EndpointSpec>,
    /// Body schemas.
    #[serde(default)]
    pub schemas: BTreeMap<String, Schema>,
}

impl ProviderSpec {
    /// The built-in spec of `name`.
    pub fn builtin(name: &str) -> Result<ProviderSpec> {
        let text = BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .ok_or_else(|| {
                Error::config(
                    "unknown_provider",
                    format!(
                        "unknown provider {name:?}; built in: {}",
                        BUILTIN
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        ProviderSpec::from_toml(text)
    }

    /// The built-in spec of `name` with `overrides` (TOML) merged over it.
    ///
    /// Tables merge key by key; other values replace. Endpoints are patched by name:
    /// `[endpoints."contacts.search"] path = "/v2/crm/contacts/search"`.
    pub fn builtin_with_overrides(name: &str, overrides: &str) -> Result<ProviderSpec> {
        let base = BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
        let base = base.ok_or_else(|| {
            Error::config("unknown_provider", format!("unknown provider {name:?}"))
        })?;
        ProviderSpec::from_toml_with_overrides(base, overrides)
    }

    /// Parses and checks a spec.
    pub fn from_toml(text: &str) -> Result<ProviderSpec> {
        let spec: ProviderSpec = toml::from_str(text)
            .map_err(|e| Error::config("invalid_spec", format!("provider spec: {e}")))?;
        spec.check()?;
        Ok(spec)
    }

    /// Parses `base`, merges `overrides` over it, and checks the result.
    pub fn from_toml_with_overrides(base: &str, overrides: &str) -> Result<ProviderSpec> {
        let parse = |t: &str, what: &str| {
            t.parse::<toml::Table>()
                .map_err(|e| Error::config("invalid_spec", format!("{what}: {e}")))
        };
        let mut base = parse(base, "provider spec")?;
        let overrides = parse(overrides, "spec overrides")?;
        merge_overrides(&mut base, overrides)?;
        let spec: ProviderSpec = toml::Value::Table(base).try_into().map_err(|e| {
            Error::config(
                "invalid_spec",
                format!("provider spec after overrides: {e}"),
            )
        })?;
        spec.check()?;
        Ok(spec)
    }

    /// The endpoint called `name`.
    pub fn endpoint(&self, name: &str) -> Result<&EndpointSpec> {
        self.endpoints
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| {
                Error::config(
                    "unknown_endpoint",
                    format!("{} has no endpoint {name:?}", self.display_name),
                )
            })
    }

    /// The quota policy for `plan` (or the default plan).
    pub fn policy(&self, plan: Option<&str>) -> Result<Policy> {
        Policy::compile(&self.name, &self.quota, plan)
    }

    /// Checks cross references: paging styles, schemas, reconcile targets, quota windows.
    fn check(&self) -> Result<()> {
        let bad = |msg: String| {
            Err(Error::config(
                "invalid_spec",
                format!("{}: {msg}", self.name),
            ))
        };
        let mut names = std::collections::BTreeSet::new();
        for e in &self.endpoints {
            if !names.insert(e.name.as_str()) {
                return bad(format!("endpoint {:?} is defined twice", e.name));
            }
            if !e.name.contains('.') {
                return bad(format!(
                    "endpoint {:?} must be named resource.action",
                    e.name
                ));
            }
            if !matches!(
                e.method.as_str(),
                "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
            ) {
                return bad(format!(
                    "endpoint {:?}: unsupported method {}",
                    e.name, e.method
                ));
            }
            if !e.path.starts_with('/') {
                return bad(format!("endpoint {:?}: path must start with /", e.name));
            }
            if let Some(p) = &e.paging
                && !self.paging.contains_key(p)
            {
                return bad(format!("endpoint {:?}: unknown paging style {p:?}", e.name));
            }
            if let Some(s) = &e.body
                && !self.schemas.contains_key(s)
            {
                return bad(format!("endpoint {:?}: unknown body schema {s:?}", e.name));
            }
            for [from, to] in &e.date_ranges {
                for p in [from, to] {
                    if !e.params.iter().any(|x| &x.name == p) {
                        return bad(format!(
                            "endpoint {:?}: date range names unknown parameter {p:?}",
                            e.name
                        ));
                    }
                }
            }
        }
        for e in &self.endpoints {
            if let Some(lookup) = e
                .reconcile_with
                .as_ref()
                .and_then(|r| self.endpoints.iter().find(|x| &x.name == r))
            {
                for param in e.reconcile_query.keys() {
                    if !lookup.params.iter().any(|p| &p.name == param) {
                        return bad(format!(
                            "endpoint {:?}: reconcile_query names {param:?}, which {} does not take",
                            e.name, lookup.name
                        ));
                    }
                }
            }
            if let Some(r) = &e.reconcile_with
                && !names.contains(r.as_str())
            {
                return bad(format!(
                    "endpoint {:?}: reconcile_with names unknown endpoint {r:?}",
                    e.name
                ));
            }
        }
        for (name, schema) in &self.schemas {
            for (field, rule) in &schema.fields {
                for nested in rule.schema.iter().chain(rule.items.iter()) {
                    if !self.schemas.contains_key(nested) {
                        return bad(format!(
                            "schema {name}.{field} names unknown schema {nested:?}"
                        ));
                    }
                }
            }
        }
        for style in self.paging.values() {
            if style.max_size == 0 || style.default_size == 0 || style.default_size > style.max_size
            {
                return bad("paging sizes must satisfy 0 < default_size <= max_size".into());
            }
        }
        for plan in self.quota.plans.keys() {
            Policy::compile(&self.name, &self.quota, Some(plan))?;
        }
        Ok(())
    }
}

fn merge_overrides(base: &mut toml::Table, overrides: toml::Table) -> Result<()> {
    for (key, value) in overrides {
        if key == "endpoints"
            && let toml::Value::Table(patches) = value
        {
            let list = base.get_mut("endpoints").and_then(|v| v.as_array_mut());
            let Some(list) = list else {
                return Err(Error::config(
                    "invalid_spec",
                    "spec overrides: the base spec has no endpoints",
                ));
            };
            for (name, patch) in patches {
                let toml::Value::Table(patch) = patch else {
                    return Err(Error::config(
                        "invalid_spec",
                        format!("spec overrides: endpoints.{name} must be a table"),
                    ));
                };
                let target = list
                    .iter_mut()
                    .filter_map(|e| e.as_table_mut())
                    .find(|e| e.get("name").and_then(|n| n.as_str()) == Some(name.as_str()));
                match target {
                    Some(t) => merge_tables(t, patch),
                    None => {
                        let mut new = patch;
                        new.insert("name".into(), toml::Value::String(name));
                        list.push(toml::Value::Table(new));
                    }
                }
            }
            continue;
        }
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge_tables(b, o),
            (_, v) => {
                base.insert(key, v);
            }
        }
    }
    Ok(())
}

fn merge_tables(base: &mut toml::Table, patch: toml::Table) {
    for (k, v) in patch {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(p)) => merge_tables(b, p),
            (Some(toml::Value::Array(b)), toml::Value::Array(p))
                if keyed(b).is_some() && keyed(&p) == keyed(b) =>
            {
                merge_keyed(b, p)
            }
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// The key (`id` or `name`) every element of a list of tables carries, if there is one: such
/// lists (quota windows) merge element by element, so overriding one window's limit does not
/// silently drop the others (the daily and monthly caps).
fn keyed(list: &[toml::Value]) -> Option<&'static str> {
    ["id", "name"].into_iter().find(|key| {
        !list.is_empty()
            && list.iter().all(|v| {
                v.as_table()
                    .and_then(|t| t.get(*key))
                    .is_some_and(|k| k.is_str())
            })
    })
}

/// Merges `patch` into `base` by key: a matching element is replaced when the patch declares it
/// whole (names its `kind`), else merged; `remove = true` drops it; a new key is appended.
fn merge_keyed(base: &mut Vec<toml::Value>, patch: Vec<toml::Value>) {
    let key = keyed(base).expect("checked by the caller");
    for item in patch {
        let toml::Value::Table(mut item) = item else {
            continue;
        };
        let id = item.get(key).and_then(|v| v.as_str()).map(str::to_string);
        let remove = item.remove("remove").and_then(|v| v.as_bool()) == Some(true);
        let position = base.iter().position(|b| {
            b.as_table()
                .and_then(|t| t.get(key))
                .and_then(|v| v.as_str())
                == id.as_deref()
        });
        match (position, remove) {
            (Some(i), true) => {
                base.remove(i);
            }
            // A whole declaration (it names its `kind`) replaces that window; a partial one
            // (`{ id = "…", limit = 9000 }`) changes only what it names.
            (Some(i), false) if item.contains_key("kind") => base[i] = toml::Value::Table(item),
            (Some(i), false) => {
                if let Some(t) = base[i].as_table_mut() {
                    merge_tables(t, item);
                }
            }
            (None, true) => {}
            (None, false) => base.push(toml::Value::Table(item)),
        }
    }
}
