//! CLI configuration: flags, then environment, then the config file.

use std::path::{Path, PathBuf};

use clap::ArgMatches;
use pacer_sdk_core::{Error, ProviderSpec};
use serde::Deserialize;

use pacer_sdk::client::ClientBuilder;
use pacer_sdk::ledger::default_ledger_url;
use pacer_sdk::secret::ApiKey;

/// One provider's table (`[syncore]`, `[synq]`, `[salync]`) of `~/.config/pacer/config.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSection {
    /// API key (prefer `api_key_file` or the environment).
    pub api_key: Option<String>,
    /// A file holding the API key.
    pub api_key_file: Option<PathBuf>,
    /// Registered User-Agent.
    pub user_agent: Option<String>,
    /// Base URL.
    pub base_url: Option<String>,
    /// Ledger URL.
    pub ledger: Option<String>,
    /// Spec overrides file.
    pub spec_overrides: Option<PathBuf>,
    /// Quota account label.
    pub account: Option<String>,
    /// Synq: the tenant every call is scoped to.
    pub tenant_id: Option<String>,
    /// Synq: the organization every call is scoped to.
    pub org_id: Option<String>,
    /// Synq: a shell command that prints a fresh bearer token (run again when one expires).
    pub token_command: Option<String>,
    /// The quota plan (Salync: growth or pro).
    pub plan: Option<String>,
}

/// The config file.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct ConfigFile {
    /// One section per provider (`[syncore]`, `[synq]`, `[salync]`), by the provider's name.
    pub providers: std::collections::BTreeMap<String, ProviderSection>,
}

/// Resolved settings for one provider.
#[derive(Debug)]
pub struct Settings {
    /// The provider (`syncore`, `synq`, `salync`).
    pub provider: String,
    /// API key, or a static bearer token.
    pub api_key: Option<ApiKey>,
    /// User-Agent.
    pub user_agent: Option<String>,
    /// Base URL.
    pub base_url: Option<String>,
    /// Ledger URL.
    pub ledger: String,
    /// Spec overrides TOML text.
    pub spec_overrides: Option<String>,
    /// Quota account label.
    pub account: Option<String>,
    /// Synq tenant id.
    pub tenant_id: Option<String>,
    /// Synq organization id.
    pub org_id: Option<String>,
    /// A command printing a fresh bearer token.
    pub token_command: Option<String>,
    /// Quota plan.
    pub plan: Option<String>,
    /// The clock (`--clock`, `PACER_CLOCK`): real time unless it follows an emulator's.
    pub clock: SettingClock,
}

/// The clock a `--clock`/`PACER_CLOCK` setting names, resolved once (joining a lockstep clock
/// registers a worker, so it must not be repeated).
pub struct SettingClock(pub std::sync::Arc<dyn pacer_sdk::Clock>);

impl std::fmt::Debug for SettingClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.describe())
    }
}

/// The environment variables that configure one provider.
pub struct EnvNames {
    /// The credential: `<PROVIDER>_API_KEY`, or `<PROVIDER>_TOKEN` where the spec's credential
    /// is a bearer token.
    pub key: String,
    /// The base URL: `<PROVIDER>_BASE_URL`.
    pub base_url: String,
}

/// The environment variables of `provider`, from its name and its spec's credential kind (so
/// a new provider needs no entry here).
pub fn env_names(provider: &str) -> EnvNames {
    let prefix = provider.to_ascii_uppercase().replace('-', "_");
    let token = ProviderSpec::builtin(provider)
        .is_ok_and(|s| s.auth.credential == pacer_sdk_core::spec::CredentialKind::Token);
    EnvNames {
        key: format!("{prefix}_{}", if token { "TOKEN" } else { "API_KEY" }),
        base_url: format!("{prefix}_BASE_URL"),
    }
}

/// The default config file: `$XDG_CONFIG_HOME/pacer/config.toml` or `~/.config/pacer/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .map(|d| d.join("pacer/config.toml"))
}

fn read_file(path: &Path, what: &str) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::config(
            "config_file",
            format!("cannot read {what} {}: {e}", path.display()),
        )
    })
}

fn load_config(matches: &ArgMatches) -> Result<ConfigFile, Error> {
    let explicit = matches.get_one::<String>("config").map(PathBuf::from);
    let path = match explicit.clone().or_else(default_config_path) {
        Some(p) if p.exists() => p,
        Some(p) if explicit.is_some() => {
            return Err(Error::config(
                "config_file",
                format!("config file {} does not exist", p.display()),
            ));
        }
        _ => return Ok(ConfigFile::default()),
    };
    let text = read_file(&path, "config file")?;
    parse_config(&path, &text)
}

/// Parses the text of config file `path`; an error names the file, line and key, never a value.
pub fn parse_config(path: &Path, text: &str) -> Result<ConfigFile, Error> {
    let config: ConfigFile = toml::from_str(text).map_err(|e| config_error(path, text, &e))?;
    let known: Vec<&str> = pacer_sdk_core::spec::BUILTIN
        .iter()
        .map(|(n, _)| *n)
        .collect();
    if let Some(unknown) = config
        .providers
        .keys()
        .find(|k| !known.contains(&k.as_str()))
    {
        // A section name is the file's structure, not a value: safe to name, unless it is
        // long enough to be a pasted secret.
        let name = if unknown.len() <= 16
            && unknown
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            format!("[{unknown}]")
        } else {
            "a section".into()
        };
        return Err(Error::config(
            "config_file",
            format!(
                "{}: {name} is not a provider; the sections are {}",
                path.display(),
                known
                    .iter()
                    .map(|k| format!("[{k}]"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    Ok(config)
}

/// A config file error that names the file, the line and the key, and never echoes a value:
/// the TOML parser's own message quotes the offending line, and that line may hold the API key.
fn config_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let line_no = e.span().map(|span| {
        // Bytes, not a str slice: a span need not fall on a character boundary.
        let before = &text.as_bytes()[..span.start.min(text.len())];
        before.iter().filter(|b| **b == b'\n').count() + 1
    });
    let line = line_no.and_then(|n| text.lines().nth(n - 1)).unwrap_or("");
    // Only a key the file format knows is named: on a malformed line, what stands before `=`
    // may itself be a value (a pasted key).
    const KNOWN_KEYS: &[&str] = &[
        "api_key",
        "api_key_file",
        "user_agent",
        "base_url",
        "ledger",
        "spec_overrides",
        "account",
        "tenant_id",
        "org_id",
        "token_command",
        "plan",
    ];
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches(['"', '\'']))
        .filter(|k| KNOWN_KEYS.contains(k));
    let mut what = e
        .message()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .to_string();
    // The parser's messages may quote the value ("invalid type: string \"5b6f…\""); keep
    // only its shape.
    if let Some((_, value)) = line.split_once('=') {
        let value = value.trim().trim_matches(['"', '\'']);
        if value.len() >= 2 {
            what = what.replace(value, "…");
        }
    }
    // Anything quoted in the message ("…", '…', `…`) longer than a token is left out: the
    // parser quotes values and unknown keys from the file.
    // serde writes a string value escaped (`"a \"b\" c"`), so a backslash keeps the next
    // character inside the quotes.
    let mut out = String::new();
    let mut chars = what.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '"' | '\'' | '`') {
            let mut quoted = String::new();
            while let Some(d) = chars.next() {
                if d == '\\' && c == '"' {
                    quoted.push(d);
                    if let Some(e) = chars.next() {
                        quoted.push(e);
                    }
                } else if d == c {
                    break;
                } else {
                    quoted.push(d);
                }
            }
            if quoted.chars().count() <= 3 {
                out.push(c);
                out.push_str(&quoted);
                out.push(c);
            } else {
                out.push(c);
                out.push('…');
                out.push(c);
            }
        } else {
            out.push(c);
        }
    }
    // The last net: a long run of letters and digits is never the file format's own word
    // (those are short), so it may be a secret that reached the message some other way.
    let out = redact_long_words(&out);
    let place = match (line_no, key) {
        (Some(n), Some(k)) => format!("line {n}, key {k}"),
        (Some(n), None) => format!("line {n}"),
        _ => "somewhere".into(),
    };
    Error::config(
        "config_file",
        format!(
            "{}: {place}: {out} (values are not shown; quote text values, e.g. api_key = \"…\")",
            path.display()
        ),
    )
}

/// `text` with every run of 16 or more ASCII letters and digits replaced by `…`.
fn redact_long_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    fn flush(word: &mut String, out: &mut String) {
        if word.len() >= 16 {
            out.push('…');
        } else {
            out.push_str(word);
        }
        word.clear();
    }
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Which secrets a command reads: a credential is loaded (a key file read, a token command
/// taken) only by a command that uses it, so a listing never touches a key file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secrets {
    /// The command sends requests: load the credential.
    Send,
    /// The command only reads the ledger: load the key only when its fingerprint names the
    /// quota account (no `--account` given and the provider names accounts by key).
    AccountOnly,
    /// The command uses no credential.
    Skip,
}

/// Resolves one provider's settings: flag, else environment variable, else config file.
pub fn resolve(matches: &ArgMatches, provider: &str, secrets: Secrets) -> Result<Settings, Error> {
    let config = load_config(matches)?;
    let mut config = config;
    let file = config.providers.remove(provider).unwrap_or_default();
    let names = env_names(provider);
    let flag = |name: &str| matches.get_one::<String>(name).cloned();
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let overrides_path = flag("spec_overrides")
        .map(PathBuf::from)
        .or_else(|| env("PACER_SPEC_OVERRIDES").map(PathBuf::from))
        .or(file.spec_overrides);
    let spec_overrides = match overrides_path {
        Some(p) => Some(read_file(&p, "spec overrides")?),
        None => None,
    };
    let account = flag("account").or(file.account);
    let load_secrets = match secrets {
        Secrets::Send => true,
        Secrets::Skip => false,
        Secrets::AccountOnly => {
            account.is_none()
                && match &spec_overrides {
                    Some(o) => ProviderSpec::builtin_with_overrides(provider, o)?,
                    None => ProviderSpec::builtin(provider)?,
                }
                .account_from_key
        }
    };
    let api_key = if !load_secrets {
        None
    } else {
        match flag("api_key").or_else(|| env(&names.key)).or(file.api_key) {
            Some(k) => Some(ApiKey::new(k)),
            None => match file.api_key_file {
                Some(path) => Some(ApiKey::new(read_file(&path, "API key file")?)),
                None => None,
            },
        }
    };
    Ok(Settings {
        provider: provider.to_string(),
        api_key,
        user_agent: flag("user_agent")
            .or_else(|| env("PACER_USER_AGENT"))
            .or(file.user_agent),
        base_url: flag("base_url")
            .or_else(|| env(&names.base_url))
            .or_else(|| env("PACER_BASE_URL"))
            .or(file.base_url),
        ledger: flag("ledger")
            .or_else(|| env("PACER_LEDGER"))
            .or(file.ledger)
            .unwrap_or_else(default_ledger_url),
        spec_overrides,
        account,
        tenant_id: flag("tenant_id")
            .or_else(|| env("SYNQ_TENANT_ID"))
            .or(file.tenant_id)
            .filter(|_| provider == "synq"),
        org_id: flag("org_id")
            .or_else(|| env("SYNQ_ORG_ID"))
            .or(file.org_id)
            .filter(|_| provider == "synq"),
        token_command: env("SYNQ_TOKEN_COMMAND")
            .or(file.token_command)
            .filter(|_| provider == "synq" && load_secrets),
        plan: flag("plan")
            .or_else(|| env(&format!("{}_PLAN", provider.to_ascii_uppercase())))
            .or(file.plan),
        clock: SettingClock(pacer_sdk::clock_from_setting(
            &flag("clock")
                .or_else(|| env("PACER_CLOCK"))
                .unwrap_or_default(),
        )?),
    })
}

impl Settings {
    /// A client builder for the provider from these settings.
    pub fn builder(&self) -> ClientBuilder {
        let mut b = ClientBuilder::new(&self.provider)
            .ledger(self.ledger.clone())
            .clock(self.clock.0.clone());
        if let Some(command) = &self.token_command {
            b = b.token_provider(token_command(command.clone()));
        } else if let Some(k) = &self.api_key {
            b = b.api_key(k.clone());
        }
        if let Some(tenant) = &self.tenant_id {
            b = b.header_value("tenant_id", tenant.clone());
        }
        if let Some(org) = &self.org_id {
            b = b.header_value("org_id", org.clone());
        }
        if let Some(plan) = &self.plan {
            b = b.plan(plan.clone());
        }
        if let Some(ua) = &self.user_agent {
            b = b.user_agent(ua.clone());
        }
        if let Some(url) = &self.base_url {
            b = b.base_url(url.clone());
        }
        if let Some(o) = &self.spec_overrides {
            b = b.spec_overrides(o.clone());
        }
        let account = self.account.clone();
        b.configure(|c| c.account = account)
    }
}

/// The transport of the quota commands: they read the shared ledger and never send.
struct NoRequests;

impl pacer_sdk::transport::Transport for NoRequests {
    fn send(
        &self,
        _request: pacer_sdk_core::Request,
    ) -> pacer_sdk::transport::BoxFuture<
        '_,
        Result<pacer_sdk_core::Response, pacer_sdk_core::TransportFailure>,
    > {
        Box::pin(async {
            Err(pacer_sdk_core::TransportFailure::NotSent(
                "the quota commands read the ledger and send no requests".into(),
            ))
        })
    }
}

impl Settings {
    /// A client for `pacer quota …`: it reads the ledger and sends nothing, so it needs no
    /// credential, base URL, User-Agent or Synq scope (placeholders stand in; its transport
    /// refuses every request), except where the key's fingerprint names the quota account.
    pub fn quota_builder(&self) -> Result<ClientBuilder, Error> {
        let spec = match &self.spec_overrides {
            Some(o) => ProviderSpec::builtin_with_overrides(&self.provider, o)?,
            None => ProviderSpec::builtin(&self.provider)?,
        };
        let have_key = self.api_key.is_some() || self.token_command.is_some();
        if spec.account_from_key && !have_key && self.account.is_none() {
            return Err(Error::config(
                "missing_api_key",
                format!(
                    "{}'s quota account is named by the API key's fingerprint: give the key (it is not sent) or --account",
                    spec.display_name
                ),
            ));
        }
        let mut b = self.builder();
        if !have_key {
            b = b.transport(std::sync::Arc::new(NoRequests));
        }
        if self.base_url.is_none() && spec.base_url.is_none() {
            b = b.base_url("https://quota-only.invalid");
        }
        if self.user_agent.is_none() {
            b = b.user_agent("pacer-quota-status/1");
        }
        for h in &spec.config_headers {
            let given = match h.config_key.as_str() {
                "tenant_id" => self.tenant_id.is_some(),
                "org_id" => self.org_id.is_some(),
                _ => false,
            };
            if !given {
                b = b.header_value(&h.config_key, "-");
            }
        }
        Ok(b)
    }
}

/// A token provider that runs `command` in a shell and reads the token from its output.
fn token_command(command: String) -> pacer_sdk::transport::TokenProvider {
    std::sync::Arc::new(move || {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&command)
            .stderr(std::process::Stdio::inherit())
            .output()
            .map_err(|e| {
                Error::config(
                    "token_command",
                    format!("cannot run the token command: {e}"),
                )
            })?;
        let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() || token.is_empty() {
            return Err(Error::config(
                "token_command",
                format!(
                    "the token command printed no token (exit status {})",
                    out.status
                ),
            ));
        }
        Ok(token)
    })
}

/// The global flags every command accepts.
pub fn global_args() -> Vec<clap::Arg> {
    use clap::Arg;
    vec![
        Arg::new("config").long("config").global(true).value_name("FILE").help("Config file (default: ~/.config/pacer/config.toml)"),
        Arg::new("api_key")
            .long("api-key")
            .global(true)
            .value_name("KEY")
            .help("API key or bearer token (prefer SYNCORE_API_KEY, SYNQ_TOKEN or SALYNC_API_KEY)"),
        Arg::new("user_agent")
            .long("user-agent")
            .global(true)
            .value_name("UA")
            .help("Your integration's registered User-Agent (env PACER_USER_AGENT)"),
        Arg::new("base_url").long("base-url").global(true).value_name("URL").help("API base URL (env SYNCORE_BASE_URL, SYNQ_BASE_URL, SALYNC_BASE_URL or PACER_BASE_URL)"),
        Arg::new("ledger")
            .long("ledger")
            .global(true)
            .value_name("URL")
            .help("Quota ledger: memory or sqlite:///path/ledger.db (env PACER_LEDGER; default in ~/.local/share/pacer)"),
        Arg::new("spec_overrides")
            .long("spec-overrides")
            .global(true)
            .value_name("FILE")
            .help("TOML merged over the provider spec (env PACER_SPEC_OVERRIDES)"),
        Arg::new("tenant_id").long("tenant-id").global(true).value_name("ID").help("Synq tenant (env SYNQ_TENANT_ID)"),
        Arg::new("org_id").long("org-id").global(true).value_name("ID").help("Synq organization (env SYNQ_ORG_ID)"),
        Arg::new("plan").long("plan").global(true).value_name("PLAN").help("Quota plan, e.g. Salync growth or pro (env SALYNC_PLAN)"),
        Arg::new("account").long("account").global(true).value_name("NAME").help("Quota account label (default: a fingerprint of the key)"),
        Arg::new("csv_formulas")
            .long("csv-formulas")
            .global(true)
            .action(clap::ArgAction::SetTrue)
            .help("Write CSV cells starting with = + - @ as received (by default they get a leading ' so a spreadsheet does not run them)"),
        Arg::new("clock")
            .long("clock")
            .global(true)
            .value_name("CLOCK")
            .help("system (default), or emulator:http://127.0.0.1:PORT to follow a local emulator's (virtual) clock, or lockstep:URL (env PACER_CLOCK)"),
    ]
}
