//! [`CommunicationCloudEnvironment`]: which Microsoft cloud an identifier belongs to.

use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The cloud a Microsoft Teams identifier belongs to.
///
/// The wire form ([`as_str`](Self::as_str)) is lower-case: `public`, `dod` or `gcch`. Parsing
/// is case-insensitive (some peers send `PUBLIC`), and a value this crate does not know is kept
/// as [`Other`](Self::Other) rather than rejected. Equality ignores ASCII case.
///
/// ```
/// use acs_auth::CommunicationCloudEnvironment;
///
/// assert_eq!(CommunicationCloudEnvironment::from("GCCH"), CommunicationCloudEnvironment::Gcch);
/// assert_eq!(CommunicationCloudEnvironment::Dod.as_str(), "dod");
/// assert_eq!(CommunicationCloudEnvironment::from("moon").as_str(), "moon");
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum CommunicationCloudEnvironment {
    /// The public (commercial) cloud: `public`.
    #[default]
    Public,
    /// The US Department of Defense cloud: `dod`.
    Dod,
    /// The US Government Community Cloud High: `gcch`.
    Gcch,
    /// A cloud this version of the crate does not know, as received.
    Other(String),
}

impl CommunicationCloudEnvironment {
    /// The wire value: `public`, `dod`, `gcch`, or the [`Other`](Self::Other) text.
    ///
    /// ```
    /// use acs_auth::CommunicationCloudEnvironment;
    ///
    /// assert_eq!(CommunicationCloudEnvironment::Public.as_str(), "public");
    /// assert_eq!(CommunicationCloudEnvironment::Gcch.as_str(), "gcch");
    /// assert_eq!(CommunicationCloudEnvironment::Other("sovereign".into()).as_str(), "sovereign");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::Public => "public",
            Self::Dod => "dod",
            Self::Gcch => "gcch",
            Self::Other(other) => other,
        }
    }

    /// Whether this is the DoD cloud (also as an [`Other`](Self::Other) spelled `DOD`).
    pub(crate) fn is_dod(&self) -> bool {
        self.as_str().eq_ignore_ascii_case("dod")
    }

    /// Whether this is the GCCH cloud (also as an [`Other`](Self::Other) spelled `GCCH`).
    pub(crate) fn is_gcch(&self) -> bool {
        self.as_str().eq_ignore_ascii_case("gcch")
    }
}

impl From<&str> for CommunicationCloudEnvironment {
    fn from(value: &str) -> Self {
        if value.eq_ignore_ascii_case("public") {
            Self::Public
        } else if value.eq_ignore_ascii_case("dod") {
            Self::Dod
        } else if value.eq_ignore_ascii_case("gcch") {
            Self::Gcch
        } else {
            Self::Other(value.to_owned())
        }
    }
}

impl From<String> for CommunicationCloudEnvironment {
    fn from(value: String) -> Self {
        Self::from(value.as_str())
    }
}

impl FromStr for CommunicationCloudEnvironment {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<Self, Infallible> {
        Ok(Self::from(s))
    }
}

impl fmt::Display for CommunicationCloudEnvironment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for CommunicationCloudEnvironment {
    fn eq(&self, other: &Self) -> bool {
        self.as_str().eq_ignore_ascii_case(other.as_str())
    }
}

impl Eq for CommunicationCloudEnvironment {}

impl Hash for CommunicationCloudEnvironment {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for byte in self.as_str().bytes() {
            state.write_u8(byte.to_ascii_lowercase());
        }
        state.write_u8(0xff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_is_case_insensitive() {
        for (text, cloud) in [
            ("public", CommunicationCloudEnvironment::Public),
            ("PUBLIC", CommunicationCloudEnvironment::Public),
            ("Dod", CommunicationCloudEnvironment::Dod),
            ("gcch", CommunicationCloudEnvironment::Gcch),
        ] {
            let parsed = CommunicationCloudEnvironment::from(text);
            assert_eq!(parsed, cloud);
            assert!(!matches!(parsed, CommunicationCloudEnvironment::Other(_)));
        }
    }

    #[test]
    fn other_values_survive() {
        let cloud: CommunicationCloudEnvironment = "sovereign-x".parse().unwrap_or_default();
        assert_eq!(
            cloud,
            CommunicationCloudEnvironment::Other("sovereign-x".into())
        );
        assert_eq!(cloud.to_string(), "sovereign-x");
    }

    #[test]
    fn equality_ignores_case_for_other() {
        assert_eq!(
            CommunicationCloudEnvironment::Other("PUBLIC".into()),
            CommunicationCloudEnvironment::Public
        );
    }
}
