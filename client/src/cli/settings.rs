//! CLI configuration: flags, then environment, then the config file.

use std::path::{Path, PathBuf};

use clap::ArgMatches;
use pacer_core::Error;
use serde::Deserialize;

use crate::client::ClientBuilder;
use crate::ledger::default_ledger_url;
use crate::secret::ApiKey;

/// The `[syncore]` table of `~/.config/pacer/config.toml`.
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
}

/// The config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Syncore settings.
    #[serde(default)]
    pub syncore: ProviderSection,
}

/// Resolved settings for one provider.
#[derive(Debug)]
pub struct Settings {
    /// API key.
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
    toml::from_str(&text)
        .map_err(|e| Error::config("config_file", format!("{}: {e}", path.display())))
}

/// Resolves the settings: flag, else environment variable, else config file.
pub fn resolve(matches: &ArgMatches) -> Result<Settings, Error> {
    let file = load_config(matches)?.syncore;
    let flag = |name: &str| matches.get_one::<String>(name).cloned();
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let api_key = match flag("api_key")
        .or_else(|| env("SYNCORE_API_KEY"))
        .or(file.api_key)
    {
        Some(k) => Some(ApiKey::new(k)),
        None => match file.api_key_file {
            Some(path) => Some(ApiKey::new(read_file(&path, "API key file")?)),
            None => None,
        },
    };
    let overrides_path = flag("spec_overrides")
        .map(PathBuf::from)
        .or_else(|| env("PACER_SPEC_OVERRIDES").map(PathBuf::from))
        .or(file.spec_overrides);
    let spec_overrides = match overrides_path {
        Some(p) => Some(read_file(&p, "spec overrides")?),
        None => None,
    };
    Ok(Settings {
        api_key,
        user_agent: flag("user_agent")
            .or_else(|| env("PACER_USER_AGENT"))
            .or(file.user_agent),
        base_url: flag("base_url")
            .or_else(|| env("PACER_BASE_URL"))
            .or(file.base_url),
        ledger: flag("ledger")
            .or_else(|| env("PACER_LEDGER"))
            .or(file.ledger)
            .unwrap_or_else(default_ledger_url),
        spec_overrides,
        account: flag("account").or(file.account),
    })
}

impl Settings {
    /// A client builder for Syncore from these settings.
    pub fn builder(&self) -> ClientBuilder {
        let mut b = ClientBuilder::new("syncore").ledger(self.ledger.clone());
        if let Some(k) = &self.api_key {
            b = b.api_key(k.clone());
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

/// The global flags every command accepts.
pub fn global_args() -> Vec<clap::Arg> {
    use clap::Arg;
    vec![
        Arg::new("config").long("config").global(true).value_name("FILE").help("Config file (default: ~/.config/pacer/config.toml)"),
        Arg::new("api_key")
            .long("api-key")
            .global(true)
            .value_name("KEY")
            .help("Syncore API key (prefer the SYNCORE_API_KEY environment variable)"),
        Arg::new("user_agent")
            .long("user-agent")
            .global(true)
            .value_name("UA")
            .help("Your integration's registered User-Agent (env PACER_USER_AGENT)"),
        Arg::new("base_url").long("base-url").global(true).value_name("URL").help("API base URL (env PACER_BASE_URL)"),
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
        Arg::new("account").long("account").global(true).value_name("NAME").help("Quota account label (default: a fingerprint of the key)"),
    ]
}
