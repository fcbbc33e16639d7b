//! [`ConnectionString`]: `endpoint=https://<resource>.communication.azure.com/;accesskey=<base64>`.

use std::fmt;
use std::str::FromStr;

use crate::access_key::AccessKey;
use crate::endpoint::Endpoint;
use crate::error::{Error, Result};

/// The environment variables [`ConnectionString::from_env`] reads, in order.
///
/// ```
/// assert_eq!(acs_auth::CONNECTION_STRING_ENV_VARS[0], "ACS_CONNECTION_STRING");
/// assert!(acs_auth::CONNECTION_STRING_ENV_VARS.contains(&"COMMUNICATION_SERVICES_CONNECTION_STRING"));
/// ```
pub const CONNECTION_STRING_ENV_VARS: [&str; 2] = [
    "ACS_CONNECTION_STRING",
    "COMMUNICATION_SERVICES_CONNECTION_STRING",
];

/// A parsed Communication Services connection string: an [`Endpoint`] and an [`AccessKey`].
///
/// The text is a `;`-separated list of `key=value` pairs:
/// - the keys `endpoint` and `accesskey` are required, matched case-insensitively, in any order;
/// - other keys are ignored; empty segments (a trailing `;`) are skipped;
/// - a value runs from the first `=` to the end of its segment, so it may contain `=`
///   (base64 padding); whitespace around keys and values is trimmed;
/// - the endpoint is normalised and validated as described at [`Endpoint`], and the key is
///   strictly base64-validated, both at construction.
///
/// Errors say which part is wrong and never echo the key. `Debug` shows the endpoint only,
/// and there is no `Display`.
///
/// ```
/// use acs_auth::ConnectionString;
///
/// let cs: ConnectionString = "endpoint=https://contoso.communication.azure.com/;\
///     accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
///     .parse()?;
/// assert_eq!(cs.endpoint().to_string(), "https://contoso.communication.azure.com");
/// assert_eq!(
///     format!("{cs:?}"),
///     r#"ConnectionString { endpoint: "https://contoso.communication.azure.com", access_key: "<redacted>" }"#
/// );
///
/// let error = "endpoint=https://contoso.communication.azure.com".parse::<ConnectionString>();
/// assert_eq!(error.unwrap_err().to_string(), "connection string has no `accesskey`");
/// # Ok::<(), acs_auth::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionString {
    endpoint: Endpoint,
    access_key: AccessKey,
}

impl ConnectionString {
    /// A connection string from its two parts.
    ///
    /// ```
    /// use acs_auth::{AccessKey, ConnectionString, Endpoint};
    ///
    /// let endpoint = Endpoint::parse("https://contoso.communication.azure.com")?;
    /// let connection_string = ConnectionString::new(endpoint, AccessKey::new("AAECAwQ=")?);
    /// assert_eq!(connection_string.endpoint().authority(), "contoso.communication.azure.com");
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn new(endpoint: Endpoint, access_key: AccessKey) -> Self {
        Self {
            endpoint,
            access_key,
        }
    }

    /// Parses a connection string (see the type's documentation for the rules).
    ///
    /// # Errors
    ///
    /// - [`Error::EmptyConnectionString`] for an empty or blank string;
    /// - [`Error::MalformedConnectionString`] for a segment without `=` (by position);
    /// - [`Error::MissingConnectionStringKey`] / [`Error::DuplicateConnectionStringKey`] naming
    ///   `endpoint` or `accesskey`;
    /// - [`Error::InvalidEndpoint`] / [`Error::InvalidAccessKey`] when a value is unusable.
    ///
    /// ```
    /// use acs_auth::{AccessKey, ConnectionString, Endpoint};
    ///
    /// let connection_string = ConnectionString::parse("endpoint=https://contoso.communication.azure.com/;accesskey=AAECAwQ=")?;
    /// assert_eq!(connection_string.endpoint().scheme(), "https");
    /// assert!(ConnectionString::parse("endpoint=https://x").is_err());
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn parse(connection_string: &str) -> Result<Self> {
        if connection_string.trim().is_empty() {
            return Err(Error::EmptyConnectionString);
        }
        let mut endpoint = None;
        let mut access_key = None;
        for (index, segment) in connection_string.split(';').enumerate() {
            if segment.trim().is_empty() {
                continue;
            }
            let (key, value) = segment
                .split_once('=')
                .ok_or(Error::MalformedConnectionString { segment: index + 1 })?;
            let key = key.trim();
            let slot = if key.eq_ignore_ascii_case("endpoint") {
                (&mut endpoint, "endpoint")
            } else if key.eq_ignore_ascii_case("accesskey") {
                (&mut access_key, "accesskey")
            } else {
                continue;
            };
            if slot.0.replace(value.trim()).is_some() {
                return Err(Error::DuplicateConnectionStringKey { key: slot.1 });
            }
        }
        let endpoint = endpoint.ok_or(Error::MissingConnectionStringKey { key: "endpoint" })?;
        let access_key =
            access_key.ok_or(Error::MissingConnectionStringKey { key: "accesskey" })?;
        Ok(Self {
            endpoint: Endpoint::parse(endpoint)?,
            access_key: AccessKey::new(access_key)?,
        })
    }

    /// Reads and parses the connection string from the first non-blank variable of
    /// [`CONNECTION_STRING_ENV_VARS`] (`ACS_CONNECTION_STRING`, then
    /// `COMMUNICATION_SERVICES_CONNECTION_STRING`).
    ///
    /// # Errors
    ///
    /// [`Error::ConnectionStringNotInEnvironment`] when neither is set, otherwise as for
    /// [`parse`](Self::parse).
    ///
    /// ```
    /// use acs_auth::{AccessKey, ConnectionString, Endpoint};
    ///
    /// // `ACS_CONNECTION_STRING`, then `COMMUNICATION_SERVICES_CONNECTION_STRING`
    /// match ConnectionString::from_env() {
    ///     Ok(connection_string) => println!("using {}", connection_string.endpoint()),
    ///     Err(acs_auth::Error::ConnectionStringNotInEnvironment) => println!("not set"),
    ///     Err(error) => println!("unusable: {error}"),
    /// }
    /// ```
    pub fn from_env() -> Result<Self> {
        Self::from_env_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), with the environment given as a lookup function (for
    /// tests, or configuration sources other than the process environment).
    ///
    /// ```
    /// use acs_auth::ConnectionString;
    ///
    /// let cs = ConnectionString::from_env_lookup(|name| {
    ///     (name == "COMMUNICATION_SERVICES_CONNECTION_STRING")
    ///         .then(|| "endpoint=http://127.0.0.1:8443;accesskey=AAECAwQ=".to_owned())
    /// })?;
    /// assert_eq!(cs.endpoint().authority(), "127.0.0.1:8443");
    /// # Ok::<(), acs_auth::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`from_env`](Self::from_env).
    pub fn from_env_lookup(mut lookup: impl FnMut(&str) -> Option<String>) -> Result<Self> {
        CONNECTION_STRING_ENV_VARS
            .iter()
            .filter_map(|name| lookup(name))
            .find(|value| !value.trim().is_empty())
            .ok_or(Error::ConnectionStringNotInEnvironment)
            .and_then(|value| Self::parse(&value))
    }

    /// The resource endpoint.
    ///
    /// ```
    /// use acs_auth::{AccessKey, ConnectionString, Endpoint};
    ///
    /// let connection_string = ConnectionString::parse("endpoint=https://contoso.communication.azure.com/;accesskey=AAECAwQ=")?;
    /// assert_eq!(connection_string.endpoint().to_string(), "https://contoso.communication.azure.com");
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The access key.
    ///
    /// ```
    /// use acs_auth::{AccessKey, ConnectionString, Endpoint};
    ///
    /// let connection_string = ConnectionString::parse("endpoint=https://contoso.communication.azure.com/;accesskey=AAECAwQ=")?;
    /// assert_eq!(connection_string.access_key().secret().expose_secret(), "AAECAwQ=");
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn access_key(&self) -> &AccessKey {
        &self.access_key
    }

    /// Splits the connection string into its endpoint and access key.
    ///
    /// ```
    /// use acs_auth::{AccessKey, ConnectionString, Endpoint};
    ///
    /// let (endpoint, key) = ConnectionString::parse("endpoint=https://contoso.communication.azure.com/;accesskey=AAECAwQ=")?.into_parts();
    /// assert_eq!(endpoint.authority(), "contoso.communication.azure.com");
    /// assert_eq!(key, AccessKey::new("AAECAwQ=")?);
    /// Ok::<(), acs_auth::Error>(())
    /// ```
    pub fn into_parts(self) -> (Endpoint, AccessKey) {
        (self.endpoint, self.access_key)
    }
}

impl fmt::Debug for ConnectionString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionString")
            .field("endpoint", &self.endpoint.to_string())
            .field("access_key", &"<redacted>")
            .finish()
    }
}

impl FromStr for ConnectionString {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    #[test]
    fn env_lookup_prefers_the_first_variable() -> Result<()> {
        let cs = ConnectionString::from_env_lookup(|name| match name {
            "ACS_CONNECTION_STRING" => {
                Some(format!("endpoint=https://first.example;accesskey={KEY}"))
            }
            _ => Some(format!("endpoint=https://second.example;accesskey={KEY}")),
        })?;
        assert_eq!(cs.endpoint().authority(), "first.example");
        Ok(())
    }

    #[test]
    fn env_lookup_skips_blank_values() -> Result<()> {
        let cs = ConnectionString::from_env_lookup(|name| match name {
            "ACS_CONNECTION_STRING" => Some("  ".to_owned()),
            _ => Some(format!("endpoint=https://second.example;accesskey={KEY}")),
        })?;
        assert_eq!(cs.endpoint().authority(), "second.example");
        Ok(())
    }

    #[test]
    fn env_lookup_without_variables() {
        let error = ConnectionString::from_env_lookup(|_| None).err();
        assert!(matches!(
            error,
            Some(Error::ConnectionStringNotInEnvironment)
        ));
    }

    #[test]
    fn into_parts_round_trips() -> Result<()> {
        let cs = ConnectionString::parse(&format!("endpoint=https://a.example;accesskey={KEY}"))?;
        let (endpoint, key) = cs.clone().into_parts();
        assert_eq!(ConnectionString::new(endpoint, key), cs);
        Ok(())
    }
}
