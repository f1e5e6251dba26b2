//! The API key as a secret value: it cannot be printed, and only the transport reads it.

use std::fmt;

/// An API key or token. `Debug` shows `ApiKey(***)`, there is no `Display`, and the memory is
/// overwritten when the value is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key (surrounding whitespace, such as a newline from a file, is dropped).
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into().trim().to_string())
    }

    /// The key itself, for the transport; never log what this returns.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether the key is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A stable label for quota accounting that does not reveal the key.
    pub fn fingerprint(&self) -> String {
        pacer_sdk_core::key_fingerprint(&self.0)
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl Drop for ApiKey {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        bytes.fill(0);
        std::hint::black_box(&bytes);
    }
}

impl From<&str> for ApiKey {
    fn from(s: &str) -> Self {
        ApiKey::new(s)
    }
}

impl From<String> for ApiKey {
    fn from(s: String) -> Self {
        ApiKey::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let k = ApiKey::new(" 7c9e6679-7425-40de-944b-e07fc1f90ae7\n");
        assert_eq!(format!("{k:?}"), "ApiKey(***)");
        assert_eq!(format!("{:?}", Some(k.clone())), "Some(ApiKey(***))");
        assert_eq!(k.expose_secret(), "7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assert!(!k.fingerprint().contains("7c9e6679"));
    }
}
